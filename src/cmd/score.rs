//! The `score` command: lexicons → corpus → pipeline → aggregates → reports.
//!
//! Lexicons and the manifest are read and checked before any article is, so a bad edit fails in
//! a second with every problem listed (exit 2), and the reports of the last good run stay as
//! they were.

use crate::aggregate::Aggregates;
use crate::aggregate::Counts;
use crate::cli::ScoreArgs;
use crate::cmd::conclude::{conclude, finish, Settings};
use crate::corpus::{self, ArticleRef};
use crate::error::UsageError;
use crate::lexicon;
use crate::pipeline::{self, Engine, Outcome};
use crate::report::files;
use crate::report::writer::ReportWriter;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::time::Instant;

pub fn run(args: &ScoreArgs) -> Result<()> {
    let args = &args.normalized();
    let started = Instant::now();
    if args.jobs == Some(0) {
        return Err(UsageError("--jobs must be at least 1".into()).into());
    }
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
    let corpus_warnings = corpus.warnings.clone();
    let meta_columns = corpus.meta_columns.clone();
    if !args.quiet {
        for w in set.warnings.iter().chain(&corpus_warnings) {
            eprintln!("slant: warning: {}", crate::term::for_stderr(w));
        }
    }
    crate::report::articles::check_columns(
        &meta_columns,
        &crate::score::metrics::metrics(&set),
        &set,
    )?;
    // The report folder is checked, created and locked only once the lexicons and the corpus
    // are known to be usable: a run that fails on them leaves no empty folder behind.
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
    let cache_header = (!args.no_cache).then(|| {
        crate::rerun::policy::Header::new(
            &engine.set,
            !args.no_hits,
            args.char_offsets,
            args.max_article_mb,
        )
    });
    let mut rerun = pipeline::Rerun::default();
    if let Some(header) = &cache_header {
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
    let metrics = &engine.metrics;
    let mut writer = ReportWriter::create(
        out_dir,
        &corpus.meta_columns,
        metrics,
        (!args.no_hits)
            .then(|| crate::report::hits::hits_header(args.char_offsets))
            .as_deref(),
        args.excel,
    )?;
    if args.xlsx {
        writer.with_workbook(&corpus.meta_columns);
    }
    if args.parquet {
        writer.with_parquet(&corpus.meta_columns, metrics);
    }
    // The rerun cache is written beside the reports, into the same new folder.
    let mut cache_writer = match &cache_header {
        Some(header) => Some(crate::rerun::file::Writer::create(
            &writer.folder().join(crate::rerun::file::FILE),
            header,
        )?),
        None => None,
    };
    let story_col = meta_columns.iter().position(|c| c == "story");
    let date_col = meta_columns.iter().position(|c| c == "date");
    let title_col = meta_columns.iter().position(|c| c == "title");
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
    let group_cols = group_columns(&args.group_by, &meta_columns, args.keyness)?;
    if args.by_period.is_some() && date_col.is_none() {
        return Err(UsageError(
            "--by-period needs each article's date: give a `date` column in the manifest (or a `date` field in the records), ISO 8601 (2024-06-18) at best".into(),
        )
        .into());
    }
    let mut agg = Aggregates::new(args.min_tokens);
    agg.drivers =
        crate::aggregate::drivers::Drivers::new(engine.metrics.iter().map(|m| m.name.as_str()));
    let mut counts = Counts::default();
    let mut ids = pipeline::Duplicates::default();
    let mut positions = crate::aggregate::shard::Positions::default();
    let set = &engine.set;
    let actors = set.role(set.roles.actors).map(|(_, l)| l);
    let shard = args.shard;
    let progress = progress_bar(args, corpus.len_hint());
    let mut bytes_done = 0u64;
    let mut reused = 0u64;
    let mut damaged = 0u64;
    let mut long_lines = crate::text::boilerplate::LongLineLog::default();
    let mut removed = crate::text::boilerplate::RemovedLog::default();
    // Where in hits.csv the hits of each driving article are, for the page.
    let mut driver_hits = crate::aggregate::drivers::HitSpans::default();
    let write_failed = || {
        format!(
            "cannot write the reports in {}; free space there or give another --out (the previous reports are unchanged)",
            args.out.display()
        )
    };
    // Each article's rows, made on the worker that scored it.
    let formats: Vec<crate::score::metrics::Format> = engine
        .metrics
        .iter()
        .map(crate::score::metrics::Metric::format)
        .collect();
    let mut hit_cells = crate::report::hits::HitCells::new(&engine.set);
    hit_cells.char_offsets = args.char_offsets;
    let keep_hits = !args.no_hits;
    let render = |a: &ArticleRef, d: &mut pipeline::Done| {
        let s = &d.scored;
        let short = s.score.tokens < args.min_tokens;
        d.rows.article = crate::report::articles::render_article(a, s, &formats, short);
        if keep_hits && d.rows.hits.is_none() {
            let rows = crate::report::hits::render_hits_with(a, s, &hit_cells);
            if rerun.write {
                d.hits_sum = Some(crate::rerun::file::checksum(&rows));
            }
            d.rows.hits = Some(rows);
        }
        d.rows.render_details(a, s, &engine.set);
    };
    pipeline::run(
        &engine,
        &rerun,
        corpus.items(),
        keep_hits,
        shard,
        render,
        |a: ArticleRef, place: pipeline::Place, outcome| -> Result<()> {
            // Every item, this shard's or another's, in input order.
            if let Some(id) = &mut identity {
                id.article(place.input, &a.origin, place.seen.as_ref());
            }
            if matches!(outcome, Outcome::Elsewhere) {
                return Ok(());
            }
            let pos = place.pos;
            counts.articles_in += 1;
            if let Some(pb) = &progress {
                if let Outcome::Scored(d) = &outcome {
                    bytes_done += d.scored.input_bytes as u64;
                }
                pb.inc(1);
                if counts.articles_in % 64 == 0 {
                    let mb = bytes_done as f64 / 1e6;
                    let rate = mb / started.elapsed().as_secs_f64().max(1e-3);
                    pb.set_message(format!("{mb:.1} MB at {rate:.0} MB/s"));
                    if pb.is_hidden() && started.elapsed() > SHOW_PROGRESS_AFTER {
                        pb.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
                        pb.enable_steady_tick(std::time::Duration::from_millis(250));
                    }
                }
            }
            if ids.repeated(&a.id) {
                counts.skipped += 1;
                if writer.skipped(&a, pipeline::DUPLICATE)? {
                    positions.skipped.push(pos);
                }
                return Ok(());
            }
            match outcome {
                Outcome::Scored(d) => {
                    let s = &d.scored;
                    counts.scored += 1;
                    counts.hits += s.hit_count as u64;
                    counts.scare_quotes += s.scare_quote_count as u64;
                    counts.tokens += s.score.tokens as u64;
                    counts.repaired += u64::from(s.repaired);
                    reused += u64::from(d.reused);
                    damaged += u64::from(d.cache_damaged);
                    long_lines.add(&engine.boilerplate, &s.boilerplate_long_lines, pos, &a.id);
                    removed.add(&a.outlet, s.removed, pos, &a.id);
                    let story = story_col
                        .filter(|_| args.by_story)
                        .and_then(|i| a.meta.get(i))
                        .map(String::as_str);
                    // The group the statistics put the article in: its outlet, or its values of
                    // the --group-by columns.
                    let group = group_of(&a, &group_cols);
                    let driving = agg.add(&group, &a.id, story, &s.values, &s.score);
                    if driving {
                        let meta =
                            |c: Option<usize>| c.and_then(|i| a.meta.get(i)).map_or("", |v| v);
                        agg.drivers.describe(&a.id, meta(title_col), meta(date_col));
                    }
                    agg.add_text_flags(&group, s.broken_chars > 0, s.score.quotes_unbalanced);
                    if let (Some(period), Some(i)) = (args.by_period, date_col) {
                        let date = a.meta.get(i).map_or("", String::as_str);
                        if date.trim().is_empty() {
                            agg.dates.undated += 1;
                        } else {
                            match crate::aggregate::period::parse_date(date) {
                                Ok(d) => {
                                    agg.add_period(&period.key(d), &group, &s.values, &s.score)
                                }
                                Err(_) => agg.dates.unread_date(pos, &a.id, date),
                            }
                        }
                    }
                    agg.add_quoted(&group, &s.speakers, |c| {
                        c.and_then(|c| actors.and_then(|l| l.categories.get(c)))
                            .map_or("", String::as_str)
                    });
                    positions.articles.push(pos);
                    let (hits_at, hits_len) = writer.scored(&d.rows)?;
                    if driving && keep_hits {
                        driver_hits.note(&a.id, (hits_at, hits_len), &agg.drivers);
                    }
                    if let (Some(c), Some((key, payload))) = (&mut cache_writer, &d.cache) {
                        // Without hits.csv the span is empty; its checksum is that of nothing.
                        let sum = d
                            .hits_sum
                            .unwrap_or_else(|| crate::rerun::file::checksum(&[]));
                        c.add(key, payload, hits_at, hits_len, sum)?;
                    }
                    Ok(())
                }
                Outcome::Skipped(reason) => {
                    counts.skipped += 1;
                    if writer.skipped(&a, &reason)? {
                        positions.skipped.push(pos);
                    }
                    Ok(())
                }
                Outcome::Elsewhere => Ok(()),
            }
        },
    )
    .with_context(write_failed)?;
    if let Some(c) = cache_writer {
        c.finish(writer.hits_len()).with_context(write_failed)?;
    }
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    let mut corpus_warnings = corpus_warnings;
    if args.by_story && agg.stories.is_empty() {
        let w = "--by-story: no article has a story; give one in the manifest's (or the records') `story` column".to_owned();
        if !args.quiet {
            eprintln!("slant: warning: {}", crate::term::for_stderr(&w));
        }
        corpus_warnings.push(w);
    }
    let input_warnings: Vec<String> = set
        .warnings
        .iter()
        .chain(&corpus_warnings)
        .cloned()
        .collect();
    let mut boilerplate_warnings = long_lines.warnings();
    boilerplate_warnings.extend(removed.warnings());
    if !args.quiet {
        for w in &boilerplate_warnings {
            eprintln!("slant: warning: {}", crate::term::for_stderr(w));
        }
    }
    let run_warnings: Vec<String> = input_warnings
        .iter()
        .chain(&boilerplate_warnings)
        .cloned()
        .collect();
    // keyness.csv: two more passes over the corpus, text only (`validate::keyness`).
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
    let conclusion = conclude(
        &Settings {
            validated,
            ..Settings::of(args)
        },
        set,
        metrics,
        &agg,
        &counts,
        &run_warnings,
        keyness.as_ref(),
    );
    let mut shard_json = None;
    if let Some(s) = args.shard {
        let state = crate::aggregate::shard::ShardState {
            format: crate::aggregate::shard::SHARD_FORMAT,
            shard: (s.k, s.n),
            lexicons: set
                .files()
                .map(|l| (l.name.clone(), l.sha256.clone()))
                .collect(),
            meta_columns: meta_columns.clone(),
            options: args.run_options(),
            inputs: args
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            counts,
            manifest: args.manifest.as_ref().map(|p| p.display().to_string()),
            lexicons_dir: args.lexicons.display().to_string(),
            warnings: input_warnings,
            boilerplate_long_lines: long_lines,
            boilerplate_removed: removed,
            positions,
            aggregates: crate::aggregate::shard::AggregatesJson::from(&agg),
            skipped_left_out: writer.skipped_left_out(),
            corpus: identity.take().map(|id| id.finish()).unwrap_or_default(),
            rows: crate::aggregate::shard::row_digests(&writer.flush_rows()?, files::row_files())
                .with_context(write_failed)?,
            digest: String::new(),
        }
        .sign();
        shard_json = Some((files::SHARD_JSON, serde_json::to_value(&state)?));
    }
    driver_hits.keep_only(&agg.drivers);
    let conclusion = crate::cmd::conclude::Conclusion {
        driver_hits: driver_hits.0,
        ..conclusion
    };
    finish(writer, conclusion, shard_json).with_context(write_failed)?;
    if damaged > 0 && !args.quiet {
        eprintln!(
            "slant: note: {damaged} article{} scored again: {} results in {} or {} rows of hits.csv did not match their checksums (changed or damaged since the last run)",
            if damaged == 1 { " was" } else { "s were" },
            if damaged == 1 { "its" } else { "their" },
            crate::rerun::file::FILE,
            if damaged == 1 { "its" } else { "their" },
        );
    }
    if !args.quiet {
        let from_cache = if rerun.reader.is_some() {
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
    Ok(())
}

/// A run shorter than this shows no progress bar.
const SHOW_PROGRESS_AFTER: std::time::Duration = std::time::Duration::from_millis(500);

/// A progress bar on stderr for a run that takes more than a moment, when stderr is a terminal
/// and not `--quiet`: articles (of how many, when known), MB read, rate and time left.
fn progress_bar(args: &ScoreArgs, len: Option<u64>) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if args.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let (pb, template) = match len {
        Some(n) => (
            indicatif::ProgressBar::new(n),
            "{bar:30} {pos}/{len} articles, {msg}, {eta} left",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{spinner} {pos} articles, {msg}, {elapsed}",
        ),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        pb.set_style(style);
    }
    // Hidden at first: `show_progress` draws it once the run has lasted a moment.
    pb.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    Some(pb)
}

/// The columns of `--group-by`, by their index among the corpus's metadata columns; a usage
/// error naming the columns there are when one is not among them.
fn group_columns(
    names: &[String],
    meta_columns: &[String],
    keyness: bool,
) -> Result<Vec<(Option<usize>, String)>> {
    if names.len() > 2 {
        return Err(UsageError(
            "--group-by takes at most two columns (a grouping and one level below it)".into(),
        )
        .into());
    }
    if !names.is_empty() && keyness {
        return Err(UsageError(
            "--keyness compares outlets only, not the groups of --group-by: run it without --group-by".into(),
        )
        .into());
    }
    names
        .iter()
        .map(|name| {
            // `outlet` is the article's outlet, a second level below another grouping
            // ("--group-by country --group-by outlet").
            if name.eq_ignore_ascii_case("outlet") {
                return Ok((None, name.clone()));
            }
            let found = meta_columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name));
            found.map(|i| (Some(i), name.clone())).ok_or_else(|| {
                let there = if meta_columns.is_empty() {
                    "none".to_owned()
                } else {
                    meta_columns.join(", ")
                };
                UsageError(format!(
                    "--group-by {name}: the corpus has no such column; its manifest columns (or record fields) beside file/id, outlet and text are: {there} (and `outlet` itself, as a second level)"
                ))
                .into()
            })
        })
        .collect()
}

/// The group an article's figures go to: its outlet, or with `--group-by` its values of those
/// columns joined by " / " (an empty value is `(no COLUMN)`, so no article is lost from the
/// statistics).
fn group_of<'a>(a: &'a ArticleRef, cols: &[(Option<usize>, String)]) -> std::borrow::Cow<'a, str> {
    if cols.is_empty() {
        return std::borrow::Cow::Borrowed(&a.outlet);
    }
    let parts: Vec<String> = cols
        .iter()
        .map(|(i, name)| {
            let value = match i {
                None => a.outlet.as_str(),
                Some(i) => a.meta.get(*i).map_or("", |v| v.trim()),
            };
            if value.is_empty() {
                format!("(no {name})")
            } else {
                value.to_owned()
            }
        })
        .collect();
    std::borrow::Cow::Owned(parts.join(" / "))
}
