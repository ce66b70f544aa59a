//! The `explain` command: one article's hits in context, for a terminal.
//!
//! Each sentence with a hit is printed with its hits marked `[like this]` (in colour on a
//! terminal), followed by one line per hit: lexicon.category, the pattern that matched, its
//! weight, negation, voice and actor — everything needed to disagree with a word.

use crate::cli::ExplainArgs;
use crate::corpus;
use crate::lexicon::{self, ACTORS};
use crate::metrics::{fmt_value, metrics, Format};
use crate::pipeline::{Engine, Outcome, Scored, Worker};
use crate::report::SCARE_QUOTE_LEXICON;
use crate::run::UsageError;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

/// A marked span of a sentence and the line that explains it.
struct Mark {
    start: usize,
    end: usize,
    line: String,
}

pub fn run(args: &ExplainArgs) -> Result<()> {
    let set = lexicon::load_dir(&args.lexicons)?;
    let corpus = corpus::open(&args.inputs, args.manifest.as_deref())?;
    let article = corpus
        .articles
        .iter()
        .find(|a| a.id == args.article_id)
        .ok_or_else(|| {
            let some: Vec<&str> = corpus
                .articles
                .iter()
                .take(5)
                .map(|a| a.id.as_str())
                .collect();
            UsageError(format!(
                "no article `{}` in {}; ids are paths without .txt, e.g. {}",
                args.article_id,
                args.inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                some.join(", ")
            ))
        })?;
    let engine = Engine::new(set);
    let bytes = std::fs::read(&article.path)
        .with_context(|| format!("cannot read {}", article.path.display()))?;
    let scored = match Worker::default().score_bytes(&engine, &bytes, true) {
        Outcome::Scored(s) => s,
        Outcome::Skipped(reason) => anyhow::bail!("{}: {reason}", article.path.display()),
    };
    let stdout = std::io::stdout();
    let style = Style {
        on: stdout.is_terminal(),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_header(
        &mut out,
        &engine,
        &article.id,
        &article.outlet,
        &scored,
        &style,
    )?;
    write_sentences(&mut out, &engine, args, &scored, &style)?;
    out.flush()?;
    Ok(())
}

fn write_header(
    out: &mut impl Write,
    engine: &Engine,
    id: &str,
    outlet: &str,
    s: &Scored,
    style: &Style,
) -> Result<()> {
    writeln!(out, "{} {id}  outlet {outlet}", style.paint("1", "article"))?;
    let wanted = [
        "tokens",
        "sentences",
        "quote_share",
        "boilerplate_lines",
        "tone",
        "tone.author",
        "hedging.share",
        "attribution.distancing.share",
        "scare_quotes",
    ];
    let parts: Vec<String> = metrics(&engine.set)
        .iter()
        .filter(|m| wanted.contains(&m.name.as_str()))
        .map(|m| {
            let v = m.cell(&s.score, &engine.set);
            format!("{} {}", m.name, if v.is_empty() { "-" } else { &v })
        })
        .collect();
    writeln!(out, "{}", parts.join("  "))?;
    if s.repaired {
        writeln!(
            out,
            "note: invalid bytes in the file were replaced (encoding repaired)"
        )?;
    }
    writeln!(out)?;
    Ok(())
}

fn write_sentences(
    out: &mut impl Write,
    engine: &Engine,
    args: &ExplainArgs,
    s: &Scored,
    style: &Style,
) -> Result<()> {
    let set = &engine.set;
    let actors = set
        .get(ACTORS)
        .map(|(_, l)| l.categories.as_slice())
        .unwrap_or_default();
    let keep = |lexicon: &str, category: &str| {
        args.lexicon.as_deref().is_none_or(|l| l == lexicon)
            && args.category.as_deref().is_none_or(|c| c == category)
    };
    let mut by_sentence: Vec<Vec<Mark>> = (0..s.sentences.len()).map(|_| Vec::new()).collect();
    for h in &s.hits {
        let lex = &set.lexicons[h.lexicon];
        let e = &lex.entries[h.entry];
        let category = &lex.categories[e.category];
        if !keep(&lex.name, category) {
            continue;
        }
        let mut line = format!(
            "{}  {:?}  pattern {}  weight {}",
            style.paint("36", &format!("{}.{category}", lex.name)),
            &s.text[h.start as usize..h.end as usize],
            e.pattern,
            fmt_value(Some(crate::score::hit_value(set, h)), Format::Hits)
        );
        if h.negated {
            line.push_str("  negated");
        }
        if h.in_quote {
            line.push_str("  in quotation");
        }
        if let Some(a) = h.actor.and_then(|a| actors.get(a)) {
            line.push_str(&format!("  actor {a}"));
        }
        if let Some(v) = by_sentence.get_mut(h.sentence as usize) {
            v.push(Mark {
                start: h.start as usize,
                end: h.end as usize,
                line,
            });
        }
    }
    for q in &s.score.scare_quotes {
        if !keep(SCARE_QUOTE_LEXICON, "scare_quote") {
            continue;
        }
        let line = format!(
            "{}  {:?}  a quotation of at most 3 words that no attribution introduces",
            style.paint("36", "scare_quote"),
            &s.text[q.start as usize..q.end as usize]
        );
        if let Some(v) = by_sentence.get_mut(q.sentence as usize) {
            v.push(Mark {
                start: q.start as usize,
                end: q.end as usize,
                line,
            });
        }
    }
    for (i, marks) in by_sentence.iter_mut().enumerate() {
        if marks.is_empty() {
            continue;
        }
        marks.sort_by_key(|m| (m.start, m.end));
        let (ss, se) = s.sentences[i];
        let (ss, se) = (ss as usize, se as usize);
        let mut shown = String::new();
        let mut pos = ss;
        for m in marks.iter() {
            if m.start < pos || m.end > se {
                continue;
            }
            shown.push_str(&s.text[pos..m.start]);
            shown.push_str(&style.paint("1;33", &format!("[{}]", &s.text[m.start..m.end])));
            pos = m.end;
        }
        shown.push_str(&s.text[pos..se]);
        writeln!(out, "{} {shown}", style.paint("2", &format!("[{}]", i + 1)))?;
        for m in marks.iter() {
            writeln!(out, "    {}", m.line)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
