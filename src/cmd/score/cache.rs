//! The rerun cache as `score` uses it (`rerun`): the last run's, when it can be used, and the
//! one this run writes beside its reports.

use crate::cli::ScoreArgs;
use crate::pipeline::{self, Engine};
use crate::report::files;
use crate::report::writer::ReportWriter;
use anyhow::Result;

/// The last run's rerun cache when it can be used (`rerun`), and the header of the one this
/// run writes (none with `--no-cache`).
pub(super) fn last(
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

/// The cache this run writes, into the same new folder as the reports (none with `--no-cache`).
pub(super) fn writer(
    header: Option<&crate::rerun::policy::Header>,
    reports: &ReportWriter,
) -> Result<Option<crate::rerun::file::Writer>> {
    header
        .map(|h| {
            crate::rerun::file::Writer::create(&reports.folder().join(crate::rerun::file::FILE), h)
        })
        .transpose()
        .map_err(Into::into)
}
