//! What a run says on stderr as it goes and at its end. The progress bar of a long run: on stderr when it is a terminal and not `--quiet`, drawn
//! only once the run has lasted a moment, with articles (of how many, when known), MB read,
//! rate and time left.

use std::time::{Duration, Instant};

/// A run shorter than this shows no progress bar.
const SHOW_AFTER: Duration = Duration::from_millis(500);

pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    articles: u64,
    bytes: u64,
}

impl Progress {
    pub(super) fn new(quiet: bool, len: Option<u64>, started: Instant) -> Progress {
        use std::io::IsTerminal;
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
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
            // Hidden at first: drawn once the run has lasted a moment.
            pb.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            pb
        });
        Progress {
            bar,
            started,
            articles: 0,
            bytes: 0,
        }
    }

    /// One more article of the run, of `bytes` bytes read.
    pub(super) fn tick(&mut self, bytes: u64) {
        let Some(pb) = &self.bar else {
            return;
        };
        self.articles += 1;
        self.bytes += bytes;
        pb.inc(1);
        if self.articles % 64 == 0 {
            let mb = self.bytes as f64 / 1e6;
            let rate = mb / self.started.elapsed().as_secs_f64().max(1e-3);
            pb.set_message(format!("{mb:.1} MB at {rate:.0} MB/s"));
            if pb.is_hidden() && self.started.elapsed() > SHOW_AFTER {
                pb.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
                pb.enable_steady_tick(Duration::from_millis(250));
            }
        }
    }

    pub(super) fn finish(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}

/// The run's last lines on stderr: what was reused from the cache, what was scored.
pub(super) fn summary(
    args: &crate::cli::ScoreArgs,
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
