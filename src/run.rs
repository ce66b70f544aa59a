//! The `score` command: lexicons → corpus → pipeline → aggregates → reports.
//!
//! Lexicons and the manifest are read and checked before any article is, so a bad edit fails in
//! a second with every problem listed (exit 2), and the reports of the last good run stay as
//! they were.

use crate::aggregate::Aggregates;
use crate::cli::{ScoreArgs, LEXICON_FORMAT};
use crate::corpus::{self, ArticleRef};
use crate::lexicon::{self, LexiconSet};
use crate::metrics::metrics;
use crate::pipeline::{self, Engine, Outcome};
use crate::report::ReportWriter;
use anyhow::Result;
use serde_json::json;
use std::collections::HashSet;
use std::time::Instant;

/// Bad usage: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What one run counted, for run.json and the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub articles_in: u64,
    pub scored: u64,
    pub skipped: u64,
    pub hits: u64,
    pub tokens: u64,
    pub repaired: u64,
}

pub fn score(args: &ScoreArgs) -> Result<()> {
    let started = Instant::now();
    if let Some(n) = args.jobs {
        if n == 0 {
            return Err(UsageError("--jobs must be at least 1".into()).into());
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let set = lexicon::load_dir(&args.lexicons)?;
    let corpus = corpus::open(&args.inputs, args.manifest.as_deref())?;
    if !args.quiet {
        for w in set.warnings.iter().chain(&corpus.warnings) {
            eprintln!("slant: warning: {w}");
        }
    }
    let engine = Engine::new(set);
    let metrics = metrics(&engine.set);
    let mut writer = ReportWriter::create(
        &args.out,
        &corpus.meta_columns,
        &engine.set,
        metrics.clone(),
        !args.no_hits,
    )?;
    let mut agg = Aggregates::default();
    let mut counts = Counts::default();
    let mut seen: HashSet<String> = HashSet::new();
    let set = &engine.set;
    pipeline::run(
        &engine,
        &corpus.articles,
        !args.no_hits,
        |a: &ArticleRef, outcome| -> Result<()> {
            counts.articles_in += 1;
            if !seen.insert(a.id.clone()) {
                counts.skipped += 1;
                return writer.skipped(
                    a,
                    "duplicate article_id: another input has an article with this id",
                );
            }
            match outcome {
                Outcome::Scored(s) => {
                    counts.scored += 1;
                    counts.hits += s.hits.len() as u64;
                    counts.tokens += s.score.tokens as u64;
                    counts.repaired += u64::from(s.repaired);
                    agg.add(&a.outlet, &s.score, &metrics, set);
                    writer.scored(a, &s, set)
                }
                Outcome::Skipped(reason) => {
                    counts.skipped += 1;
                    writer.skipped(a, &reason)
                }
            }
        },
    )?;
    let warnings: Vec<&String> = set.warnings.iter().chain(&corpus.warnings).collect();
    let run_json = run_json(args, set, &counts, &warnings);
    writer.commit(agg.outlet_rows(&metrics), &run_json)?;
    if !args.quiet {
        eprintln!(
            "slant: scored {} articles ({} skipped, {} with repaired encoding) in {:.2}s; reports in {}",
            counts.scored,
            counts.skipped,
            counts.repaired,
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
    }
    Ok(())
}

/// run.json: which tool, options and lexicon files made these reports. Nothing that changes from
/// run to run (time, thread count) is in it, so it too is the same for the same input.
fn run_json(
    args: &ScoreArgs,
    set: &LexiconSet,
    counts: &Counts,
    warnings: &[&String],
) -> serde_json::Value {
    let lexicons: Vec<_> = set
        .files()
        .map(|l| {
            json!({
                "name": l.name,
                "file": l.path.display().to_string(),
                "sha256": l.sha256,
                "entries": l.entries.len(),
                "categories": l.categories,
            })
        })
        .collect();
    json!({
        "tool": "slant",
        "version": env!("CARGO_PKG_VERSION"),
        "lexicon_format": LEXICON_FORMAT,
        "command": "score",
        "inputs": args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "manifest": args.manifest.as_ref().map(|p| p.display().to_string()),
        "lexicons_dir": args.lexicons.display().to_string(),
        "options": { "no_hits": args.no_hits },
        "lexicons": lexicons,
        "counts": {
            "articles_in": counts.articles_in,
            "scored": counts.scored,
            "skipped": counts.skipped,
            "hits": counts.hits,
            "tokens": counts.tokens,
            "encoding_repaired": counts.repaired,
        },
        "warnings": warnings,
    })
}
