//! `slant merge`: N shard folders (`slant score --shard K/N`) into the reports of one run over
//! the whole corpus. The shard state and why the merge is exact and safe: `aggregate::shard`.
//! The shards are read and checked (`shards`) before anything is written; their sums fold into
//! one `run::Run`, their rows are interleaved back into input order (`rows`), and the run ends
//! as one run of `score` ends (`Run::finish`).

mod rows;
mod shards;

use crate::error::UsageError;
use crate::run::conclude::Settings;
use crate::run::{Columns, End, Run};
use anyhow::Context;

/// `slant merge`: reads N shard folders and writes the reports one run over the whole corpus
/// would have written.
pub fn run(args: &crate::cli::MergeArgs) -> anyhow::Result<()> {
    let validated = crate::validate::flags::of_dir(args.validated.as_deref())?;
    let states = shards::read(&args.shards)?;
    let first = &states[0].1;
    let n = first.shard.1;
    let set = crate::lexicon::load(&args.lexicons)?;
    crate::cmd::init::note_built_in(&set, args.quiet);
    let fingerprint: Vec<(String, String)> = set
        .files()
        .map(|l| (l.name.clone(), l.sha256.clone()))
        .collect();
    if fingerprint != first.lexicons {
        return Err(UsageError(format!(
            "the lexicons in {} are not the ones the shards were scored with (compare the SHA-256s in a shard's run.json); give the same folder with --lexicons",
            args.lexicons.display()
        ))
        .into());
    }
    let metrics = crate::score::metrics::metrics(&set);
    let options = &first.options;
    let cols = Columns::of(options, &first.meta_columns)?;
    // Checked, created and locked only once the shards are known to fit together.
    let out_dir = crate::report::outdir::OutDir::open(
        &args.out,
        &crate::report::outdir::Inputs {
            paths: args
                .shards
                .iter()
                .map(|p| p.as_path())
                .chain(args.validated.as_deref())
                .collect(),
            lexicons: Some(&args.lexicons),
        },
    )?;
    let write_failed = || {
        format!(
            "cannot write the merged reports in {}; free space there or give another --out (the previous reports are unchanged)",
            args.out.display()
        )
    };
    let writer = crate::report::writer::ReportWriter::for_run(
        out_dir,
        &first.meta_columns,
        &metrics,
        options,
    )
    .with_context(write_failed)?;

    // The sums: added, in any order, to what one run would have summed.
    let mut run = Run::new(writer, options, cols, &metrics);
    for (_, s) in &states {
        let a = s
            .aggregates
            .clone()
            .into_aggregates()
            .map_err(anyhow::Error::msg)?;
        run.agg.merge(&a);
        run.counts.add(&s.counts);
        run.long_lines.merge(&s.boilerplate_long_lines);
        run.removed.merge(&s.boilerplate_removed);
    }
    rows::interleave(&states, options.no_hits, &mut run, &write_failed)?;

    let counts = run.counts;
    run.finish(End {
        settings: &Settings {
            validated,
            inputs: first.inputs.clone(),
            manifest: first.manifest.clone(),
            lexicons_dir: first.lexicons_dir.clone(),
            shard: None,
            options: options.clone(),
            quiet: args.quiet,
        },
        set: &set,
        metrics: &metrics,
        input_warnings: first.warnings.clone(),
        keyness: None,
        corpus: Vec::new(),
    })
    .with_context(write_failed)?;
    if !args.quiet {
        eprintln!(
            "slant: merged {n} shards: {} articles scored, {} skipped; reports in {}",
            counts.scored,
            counts.skipped,
            args.out.display()
        );
    }
    Ok(())
}
