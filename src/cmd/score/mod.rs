//! The `score` command: lexicons → corpus → pipeline → run → reports.
//!
//! Lexicons, the manifest and every option are read and checked before any article is, and
//! before the report folder is created, so a bad edit or a refused option fails in a second
//! with every problem listed (exit 2), leaves no folder behind, and the reports of the last good
//! run stay as they were.

mod cache;
mod progress;
mod rows;

use crate::cli::ScoreArgs;
use crate::corpus::{self, ArticleRef};
use crate::error::UsageError;
use crate::lexicon;
use crate::pipeline::{self, Engine, Outcome};
use crate::report::writer::ReportWriter;
use crate::run::conclude::Settings;
use crate::run::{Added, Columns, End, Run};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::time::Instant;

pub fn run(args: &ScoreArgs) -> Result<()> {
    let args = &args.normalized();
    let started = Instant::now();
    usage(args)?;
    pipeline::start_workers(args.jobs)?;
    let set = lexicon::load(&args.lexicons)?;
    // Read now, so that a wrong folder stops the run before any article is scored.
    let validated = crate::validate::flags::of_dir(args.validated.as_deref())?;
    crate::cmd::init::note_built_in(&set, args.quiet);
    // A shard's corpus identity is made as the run reads the corpus, of the bytes it reads
    // (`corpus::identity`); one run alone needs none, and reads nothing more for it.
    let open = if args.shard.is_some() {
        corpus::open_identified
    } else {
        corpus::open
    };
    let mut corpus = open(
        &args.inputs,
        args.manifest.as_deref(),
        &args.fields.fields(),
    )?;
    let mut identity = corpus.identity();
    corpus.max_record_bytes = args.max_article_mb.saturating_mul(1 << 20);
    let input_warnings: Vec<String> = set
        .warnings
        .iter()
        .chain(&corpus.warnings)
        .cloned()
        .collect();
    for w in input_warnings.iter().filter(|_| !args.quiet) {
        eprintln!("slant: warning: {}", crate::term::for_stderr(w));
    }
    let metrics = crate::score::metrics::metrics(&set);
    crate::report::articles::check_columns(&corpus.meta_columns, &metrics, &set)?;
    let options = args.run_options();
    let cols = Columns::of(&options, &corpus.meta_columns)?;
    // The report folder is checked, created and locked only once the lexicons, the corpus and
    // the options are known to be usable: a run that fails on them leaves no folder behind.
    let out_dir = crate::report::outdir::OutDir::open(
        &args.out,
        &crate::report::outdir::Inputs {
            paths: args
                .inputs
                .iter()
                .map(PathBuf::as_path)
                .chain(args.manifest.as_deref())
                .chain(args.validated.as_deref())
                .collect(),
            lexicons: Some(&args.lexicons),
        },
    )?;
    let mut engine = Engine::new(set);
    engine.max_article_bytes = args.max_article_mb.saturating_mul(1 << 20);
    let (rerun, cache_header) = cache::last(args, &engine);
    let writer = ReportWriter::for_run(out_dir, &corpus.meta_columns, &engine.metrics, &options)?;
    // The rerun cache is written beside the reports, into the same new folder.
    let mut cache_writer = cache::writer(cache_header.as_ref(), &writer)?;
    let mut run = Run::new(writer, &options, cols, &engine.metrics);
    let set = &engine.set;
    let actors = set.role(set.roles.actors).map(|(_, l)| l);
    let mut progress = progress::Progress::new(args.quiet, corpus.len_hint(), started);
    let (mut reused, mut damaged) = (0u64, 0u64);
    let write_failed = || {
        format!(
            "cannot write the reports in {}; free space there or give another --out (the previous reports are unchanged)",
            args.out.display()
        )
    };
    pipeline::run(
        &engine,
        &rerun,
        corpus.items(),
        !args.no_hits,
        args.shard,
        rows::renderer(args, &engine, rerun.write),
        |a: ArticleRef, place: pipeline::Place, outcome| -> Result<()> {
            // Every item, this shard's or another's, in input order.
            if let Some(id) = &mut identity {
                id.article(place.input, &a.origin, place.seen.as_ref());
            }
            match &outcome {
                Outcome::Elsewhere => return Ok(()),
                Outcome::Scored(d) => progress.tick(d.scored.input_bytes as u64),
                Outcome::Skipped(_) => progress.tick(0),
            }
            let added = run.add(&a, place.pos, outcome, actors, &engine.boilerplate)?;
            let Some(Added {
                done: d,
                hits: (hits_at, hits_len),
            }) = added
            else {
                return Ok(());
            };
            reused += u64::from(d.reused);
            damaged += u64::from(d.cache_damaged);
            if let (Some(c), Some((key, payload))) = (&mut cache_writer, &d.cache) {
                // Without hits.csv the span is empty; its checksum is that of nothing.
                let sum = d
                    .hits_sum
                    .unwrap_or_else(|| crate::rerun::file::checksum(&[]));
                c.add(key, payload, hits_at, hits_len, sum)?;
            }
            Ok(())
        },
    )
    .with_context(write_failed)?;
    if let Some(c) = cache_writer {
        c.finish(run.writer.hits_len()).with_context(write_failed)?;
    }
    progress.finish();
    // keyness.csv: two more passes over the corpus, through the same analyzer.
    let keyness = if args.keyness {
        let open = || {
            corpus::open(
                &args.inputs,
                args.manifest.as_deref(),
                &args.fields.fields(),
            )
        };
        let (first, second) = (open()?, open()?);
        Some(crate::passes::keyness::keyness(&engine, first, second))
    } else {
        None
    };
    let counts = run.counts;
    run.finish(End {
        settings: &Settings {
            validated,
            ..Settings::of(args)
        },
        set,
        metrics: &engine.metrics,
        input_warnings,
        keyness,
        corpus: identity.take().map(|id| id.finish()).unwrap_or_default(),
    })
    .with_context(write_failed)?;
    if !args.quiet {
        progress::summary(
            args,
            started,
            &counts,
            rerun.reader.is_some(),
            reused,
            damaged,
        );
    }
    Ok(())
}

/// The usage errors that need neither the lexicons nor the corpus.
fn usage(args: &ScoreArgs) -> Result<()> {
    if args.jobs == Some(0) {
        return Err(UsageError("--jobs must be at least 1".into()).into());
    }
    if args.keyness && args.shard.is_some() {
        return Err(UsageError(
            "--keyness needs the whole corpus in one run (a shard's counts cannot be merged into one run's exactly): score it without --shard, with --no-hits for speed".into(),
        )
        .into());
    }
    if args.keyness && args.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Err(UsageError(
            "--keyness reads the corpus twice more, which standard input cannot be: give the corpus as a file".into(),
        )
        .into());
    }
    Ok(())
}
