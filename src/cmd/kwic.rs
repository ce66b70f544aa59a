//! The `kwic` command: one pattern's matches in context across a corpus, a seeded sample per
//! outlet, to vet an entry before it goes into a lexicon (docs/validation.md).

use crate::cli::KwicArgs;
use crate::corpus;
use crate::lexicon::{self, LexiconSet};
use crate::passes::kwic::{pattern_lexicon, search};
use crate::report::cells::safe;
use crate::report::guard::{self, Existing, Guard};
use crate::term::printable;
use anyhow::{Context, Result};
use std::io::Write;

pub const KWIC_HEADER: &[&str] = &[
    "outlet",
    "article_id",
    "sentence",
    "start",
    "end",
    "left",
    "match",
    "right",
    "in_quote",
    "negated",
];

pub fn run(args: &KwicArgs) -> Result<()> {
    if let Some(path) = &args.csv {
        let guard = Guard::new("kwic")
            .inputs(&args.inputs)
            .inputs(&args.manifest)
            .lexicons(&args.lexicons);
        guard.file(path, "--csv", Existing::Header(KWIC_HEADER))?;
    }
    crate::pipeline::start_workers(None)?;
    let lex = pattern_lexicon(&args.pattern)?;
    // The boilerplate rules of the lexicons a run would use, so that the lines are the ones
    // `score` would match.
    let loaded = lexicon::load(&args.lexicons)?;
    let set = LexiconSet::new(vec![lex], loaded.boilerplate);
    let corpus = corpus::open(
        &args.inputs,
        args.manifest.as_deref(),
        &args.fields.fields(),
    )?;
    let k = search(set, corpus, args.max_article_mb, args.per_outlet, args.seed);

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let inputs: Vec<String> = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut forms: Vec<(&String, &u64)> = k.forms.iter().collect();
    forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    writeln!(
        out,
        "`{}` in {}: {} matches in {} of {} articles{}",
        args.pattern,
        inputs.join(", "),
        k.matches(),
        k.articles_with,
        k.articles,
        crate::cmd::skipped_note(k.skipped)
    )?;
    if !forms.is_empty() {
        let list: Vec<String> = forms
            .iter()
            .take(15)
            .map(|(f, n)| format!("{} {n}", printable(f)))
            .collect();
        writeln!(
            out,
            "forms: {}{}",
            list.join(", "),
            if forms.len() > 15 { ", …" } else { "" }
        )?;
    }
    let lines = k.lines();
    for (outlet, n, sampled) in &lines {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({} of {n} matches, seed {})",
            printable(outlet),
            sampled.len(),
            args.seed
        )?;
        for l in sampled {
            writeln!(
                out,
                "  {:<24} {:>60}[{}]{}",
                printable(&l.article_id),
                printable(&l.left),
                printable(&l.matched),
                printable(&l.right)
            )?;
        }
    }
    out.flush()?;
    if let Some(path) = &args.csv {
        write_csv(path, &lines)?;
    }
    Ok(())
}

/// The sampled lines as CSV (`--csv`), written whole over the file the guard allowed.
fn write_csv(
    path: &std::path::Path,
    lines: &[(&str, u64, Vec<&crate::passes::kwic::Line>)],
) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(KWIC_HEADER)?;
    for (_, _, sampled) in lines {
        for l in sampled {
            let cells = [
                safe(&l.outlet).into_owned(),
                safe(&l.article_id).into_owned(),
                l.sentence.to_string(),
                l.start.to_string(),
                l.end.to_string(),
                safe(&l.left).into_owned(),
                safe(&l.matched).into_owned(),
                safe(&l.right).into_owned(),
                l.in_quote.to_string(),
                l.negated.to_string(),
            ];
            w.write_record(&cells)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    guard::write_replacing(path, &bytes).with_context(|| {
        format!(
            "cannot write {} (a file there is unchanged)",
            path.display()
        )
    })
}
