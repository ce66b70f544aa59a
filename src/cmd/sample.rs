//! The `sample` command: a stratified sample of a run's hits, as sample.csv to code by hand
//! (docs/validation.md).

use crate::cli::SampleArgs;
use crate::error::UsageError;
use crate::report::guard::{self, Existing, Guard};
use crate::validate::sample::{draw, render, Options};
use anyhow::{Context, Result};

pub fn run(args: &SampleArgs) -> Result<()> {
    if args.per_category == 0 || args.per_outlet == Some(0) {
        return Err(UsageError("--per-category and --per-outlet must be at least 1".into()).into());
    }
    let dir = &args.reports;
    if let Some(n) = args.quotes {
        return quotes(args, n);
    }
    let hits = dir.join(crate::report::files::HITS);
    if !hits.exists() {
        return Err(UsageError(format!(
            "{} has no hits.csv: give the --out folder of a `slant score` run without --no-hits (--reports DIR)",
            dir.display()
        ))
        .into());
    }
    if let Ok(run) = crate::report::run_json::RunJson::read(dir) {
        let known: Vec<(String, Vec<String>)> = run
            .lexicons
            .iter()
            .map(|l| (l.name.clone(), l.categories.clone()))
            .collect();
        crate::cmd::explain::check_filter(
            args.lexicon.as_deref(),
            args.category.as_deref(),
            &known,
            &dir.join("run.json").display().to_string(),
        )?;
    }
    // A sample.csv may hold hours of coding: never written over.
    Guard::new("sample")
        .input(dir)
        .file(&args.out, "--out", Existing::Kept)?;
    let drawn = draw(
        &hits,
        &Options {
            per_category: args.per_category,
            per_outlet: args.per_outlet,
            seed: args.seed,
            lexicon: args.lexicon.clone(),
            category: args.category.clone(),
        },
    )?;
    let bytes = render(&drawn)?;
    guard::write_new(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let categories: std::collections::BTreeSet<(&str, &str)> = drawn
        .iter()
        .map(|d| (d.hit.lexicon.as_str(), d.hit.category.as_str()))
        .collect();
    // The strata that had fewer hits than asked for: categories, or categories × outlets.
    let n = args.per_outlet.unwrap_or(args.per_category);
    let mut strata: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for d in &drawn {
        let h = &d.hit;
        let key = match args.per_outlet {
            Some(_) => format!("{}.{} in {}", h.lexicon, h.category, h.outlet),
            None => format!("{}.{}", h.lexicon, h.category),
        };
        *strata.entry(key).or_default() += 1;
    }
    let short: Vec<&String> = strata
        .iter()
        .filter(|(_, k)| **k < n)
        .map(|(s, _)| s)
        .collect();
    eprintln!(
        "slant: {} hits of {} categories in {} (seed {}); fill in `verdict` (1 = the hit means what its category says, 0 = it does not, ? = cannot tell), then `slant validate {}`",
        drawn.len(),
        categories.len(),
        args.out.display(),
        args.seed,
        args.out.display()
    );
    if !short.is_empty() {
        eprintln!(
            "slant: fewer than {n} hits to draw from in {}: all of them are in the sample",
            short
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

/// `sample --quotes N`: N quotations of each outlet, each shown in its paragraph.
fn quotes(args: &SampleArgs, n: usize) -> Result<()> {
    use crate::validate::quote_sample::{self, DrawnQuote};
    if n == 0 {
        return Err(UsageError("--quotes must be at least 1".into()).into());
    }
    let dir = &args.reports;
    let path = dir.join(crate::report::files::QUOTES);
    if !path.is_file() {
        return Err(UsageError(format!(
            "{} has no quotes.csv: give the --out folder of a `slant score` run (--reports DIR)",
            dir.display()
        ))
        .into());
    }
    Guard::new("sample")
        .input(dir)
        .file(&args.out, "--out", Existing::Kept)?;
    let run = crate::report::run_json::RunJson::read(dir)?;
    let drawn = quote_sample::draw(&path, n, args.seed)?;
    let texts = article_texts(&run, drawn.iter().map(|q| q.article_id.as_str()))?;
    let mut unplaced = 0;
    let drawn: Vec<DrawnQuote> = drawn
        .into_iter()
        .map(|q| {
            let (left, text, right) = texts
                .get(&q.article_id)
                .and_then(|t| quote_sample::place(t, q.start, q.end))
                .unwrap_or_else(|| {
                    unplaced += 1;
                    Default::default()
                });
            DrawnQuote {
                quote: q,
                left,
                text,
                right,
            }
        })
        .collect();
    let bytes = quote_sample::render(&drawn)?;
    guard::write_new(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let outlets: std::collections::BTreeSet<&str> =
        drawn.iter().map(|d| d.quote.outlet.as_str()).collect();
    eprintln!(
        "slant: {} quotations of {} outlets in {} (seed {}); fill in `kind_verdict`, `speaker_verdict` and `actor_verdict` (1 = right, 0 = wrong, ? = cannot tell), then `slant validate {}`",
        drawn.len(),
        outlets.len(),
        args.out.display(),
        args.seed,
        args.out.display()
    );
    if unplaced > 0 {
        eprintln!(
            "slant: warning: {unplaced} quotations could not be shown in their text: their articles were not found in the run's corpus ({}), or have changed since the run; score again, or code them from the article",
            run.inputs.join(", ")
        );
    }
    Ok(())
}

/// The texts of the articles `ids` (as decoded for scoring, so that quotes.csv's offsets slice
/// them), read from the corpus the run `run` scored.
fn article_texts<'a>(
    run: &crate::report::run_json::RunJson,
    ids: impl Iterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>> {
    let wanted: std::collections::HashSet<&str> = ids.collect();
    let inputs: Vec<std::path::PathBuf> = run.inputs.iter().map(Into::into).collect();
    let manifest = run.manifest.as_ref().map(std::path::PathBuf::from);
    let corpus = crate::corpus::open(&inputs, manifest.as_deref(), &run.options.run.fields)?;
    let cap = run.options.run.max_article_mb.saturating_mul(1 << 20);
    let mut texts = std::collections::HashMap::new();
    for item in corpus.items() {
        let Some(id) = item.source.identify() else {
            continue;
        };
        if !wanted.contains(id.as_str()) || texts.contains_key(&id) {
            continue;
        }
        if let Ok((_, bytes)) = item.source.load(cap) {
            texts.insert(id, crate::text::decode::decode(&bytes).text);
        }
        if texts.len() == wanted.len() {
            break;
        }
    }
    Ok(texts)
}
