//! The `score` command: lexicons → corpus → pipeline → run → reports.
//!
//! Lexicons, the manifest and every option are read and checked before any article is, and
//! before the report folder is created, so a bad edit or a refused option fails in a second
//! with every problem listed (exit 2), leaves no folder behind, and the reports of the last good
//! run stay as they were.

mod progress;

use crate::cli::ScoreArgs;
use crate::corpus::{self, ArticleRef};
use crate::error::UsageError;
use crate::lexicon;
use crate::pipeline::{self, Engine, Outcome};
use crate::report::files;
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
    if !args.quiet {
        for w in set.warnings.iter().chain(&corpus.warnings) {
            eprintln!("slant: warning: {}", crate::term::for_stderr(w));
        }
    }
    let input_warnings: Vec<String> = set
        .warnings
        .iter()
        .chain(&corpus.warnings)
        .cloned()
        .collect();
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
    let (rerun, cache_header) = last_cache(args, &engine);
    let mut writer = ReportWriter::create(
        out_dir,
        &corpus.meta_columns,
        &engine.metrics,
        (!args.no_hits)
            .then(|| crate::report::hits::hits_header(args.char_offsets))
            .as_deref(),
        args.excel,
    )?;
    if args.xlsx {
        writer.with_workbook(&corpus.meta_columns);
    }
    if args.parquet {
        writer.with_parquet(&corpus.meta_columns, &engine.metrics);
    }
    // The rerun cache is written beside the reports, into the same new folder.
    let mut cache_writer = match &cache_header {
        Some(header) => Some(crate::rerun::file::Writer::create(
            &writer.folder().join(crate::rerun::file::FILE),
            header,
        )?),
        None => None,
    };
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
        renderer(args, &engine, rerun.write),
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
        Some(crate::validate::keyness::keyness(&engine, first, second))
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
        summary(
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

/// The last run's rerun cache when it can be used (`rerun`), and the header of the one this
/// run writes (none with `--no-cache`).
fn last_cache(
    args: &ScoreArgs,
    engine: &Engine,
) -> (pipeline::Rerun, Option<crate::rerun::policy::Header>) {
    let header = (!args.no_cache).then(|| {
        crate::rerun::policy::Header::new(
            &engine.set,
            !args.no_hits,
            args.char_offsets,
            args.max_article_mb,
        )
    });
    let mut rerun = pipeline::Rerun::default();
    if let Some(header) = &header {
        rerun.write = true;
        match crate::rerun::file::Reader::open(&args.out, &args.out.join(files::HITS), header) {
            Ok(reader) => rerun.reader = reader,
            Err(why) if !args.quiet => {
                eprintln!(
                    "slant: note: scoring every article again: {}",
                    crate::term::for_stderr(&why)
                );
            }
            Err(_) => {}
        }
    }
    (rerun, header)
}

/// The hook that makes each article's rows on the worker that scored it.
fn renderer<'a>(
    args: &'a ScoreArgs,
    engine: &'a Engine,
    write_cache: bool,
) -> impl Fn(&ArticleRef, &mut pipeline::Done) + Sync + 'a {
    let formats: Vec<crate::score::metrics::Format> = engine
        .metrics
        .iter()
        .map(crate::score::metrics::Metric::format)
        .collect();
    let mut hit_cells = crate::report::hits::HitCells::new(&engine.set);
    hit_cells.char_offsets = args.char_offsets;
    let keep_hits = !args.no_hits;
    move |a: &ArticleRef, d: &mut pipeline::Done| {
        let s = &d.scored;
        let short = s.score.tokens < args.min_tokens;
        d.rows.article = crate::report::articles::render_article(a, s, &formats, short);
        if keep_hits && d.rows.hits.is_none() {
            let rows = crate::report::hits::render_hits_with(a, s, &hit_cells);
            if write_cache {
                d.hits_sum = Some(crate::rerun::file::checksum(&rows));
            }
            d.rows.hits = Some(rows);
        }
        d.rows.render_details(a, s, &engine.set);
    }
}

/// The run's last lines on stderr: what was reused from the cache, what was scored.
fn summary(
    args: &ScoreArgs,
    started: Instant,
    counts: &crate::aggregate::Counts,
    had_cache: bool,
    reused: u64,
    damaged: u64,
) {
    if damaged > 0 {
        eprintln!(
            "slant: note: {damaged} article{} scored again: {} results in {} or {} rows of hits.csv did not match their checksums (changed or damaged since the last run)",
            if damaged == 1 { " was" } else { "s were" },
            if damaged == 1 { "its" } else { "their" },
            crate::rerun::file::FILE,
            if damaged == 1 { "its" } else { "their" },
        );
    }
    let from_cache = if had_cache {
        format!("; {reused} reused from the last run, which the lexicon edit cannot change")
    } else {
        String::new()
    };
    eprintln!(
        "slant: scored {} articles ({} skipped, {} with repaired encoding{from_cache}) in {:.2}s; reports in {}",
        counts.scored,
        counts.skipped,
        counts.repaired,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
}
