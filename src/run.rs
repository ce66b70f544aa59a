//! The `score` command: lexicons → corpus → pipeline → aggregates → reports.
//!
//! Lexicons and the manifest are read and checked before any article is, so a bad edit fails in
//! a second with every problem listed (exit 2), and the reports of the last good run stay as
//! they were.

use crate::aggregate::Aggregates;
use crate::cli::{ScoreArgs, LEXICON_FORMAT};
use crate::compare;
use crate::corpus::{self, ArticleRef};
use crate::lexicon::{self, LexiconSet};
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
    let metrics = &engine.metrics;
    let mut writer = ReportWriter::create(
        &args.out,
        &corpus.meta_columns,
        &engine.set,
        metrics,
        !args.no_hits,
    )?;
    let story_col = corpus.meta_columns.iter().position(|c| c == "story");
    if args.by_story && story_col.is_none() {
        return Err(UsageError("--by-story needs a `story` column in the manifest".into()).into());
    }
    let mut agg = Aggregates::new(args.min_tokens);
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
                    let story = story_col
                        .filter(|_| args.by_story)
                        .and_then(|i| a.meta.get(i))
                        .map(String::as_str);
                    agg.add(&a.outlet, story, &s.values, &s.score);
                    writer.scored(a, &s, set, s.score.tokens < args.min_tokens)
                }
                Outcome::Skipped(reason) => {
                    counts.skipped += 1;
                    writer.skipped(a, &reason)
                }
            }
        },
    )?;
    let stats = compare::outlet_stats(&agg, metrics);
    let (terms, term_warnings) = compare::terms(&agg, set, args.top_terms);
    let mut tables = vec![
        ("outlets.csv", compare::outlets_wide(&agg, &stats, metrics)),
        (
            "outlet_metrics.csv",
            compare::outlet_metrics(&stats, metrics),
        ),
        ("actors.csv", compare::actors(&agg, set)),
        ("actor_asymmetry.csv", compare::actor_asymmetry(&agg, set)),
        ("terms.csv", terms),
    ];
    if args.by_story {
        let (detail, pooled) = compare::stories(&agg, metrics);
        tables.push(("stories.csv", detail));
        tables.push(("stories_pooled.csv", pooled));
    }
    if !args.quiet {
        for w in &term_warnings {
            eprintln!("slant: warning: {w}");
        }
    }
    let warnings: Vec<&String> = set
        .warnings
        .iter()
        .chain(&corpus.warnings)
        .chain(&term_warnings)
        .collect();
    let short: u64 = agg.outlets.values().map(|g| g.short).sum();
    let run_json = run_json(args, set, &counts, short, &warnings);
    let tables: Vec<(&str, &compare::Table)> = tables.iter().map(|(n, t)| (*n, t)).collect();
    writer.commit(&tables, &run_json)?;
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
    short: u64,
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
                // Every entry, so that `slant diff` can say which ones an edit added, removed or
                // changed.
                "entry_list": l.entries.iter().map(|e| json!({
                    "pattern": e.pattern,
                    "category": l.categories[e.category],
                    "weight": e.weight,
                    "negate": e.negate,
                })).collect::<Vec<_>>(),
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
        "options": {
            "no_hits": args.no_hits,
            "min_tokens": args.min_tokens,
            "by_story": args.by_story,
            "top_terms": args.top_terms,
        },
        "lexicons": lexicons,
        "counts": {
            "articles_in": counts.articles_in,
            "scored": counts.scored,
            "skipped": counts.skipped,
            "hits": counts.hits,
            "tokens": counts.tokens,
            "encoding_repaired": counts.repaired,
            "short": short,
        },
        "warnings": warnings,
    })
}
