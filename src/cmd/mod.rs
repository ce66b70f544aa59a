//! The commands: each wires the stages for one subcommand, and does nothing else.
//!
//! `score` reads a corpus and writes reports (`--shard K/N` also the shard state), `merge`
//! combines shard folders into the reports of one run, and both end in `run::Run::finish`; `check`
//! validates lexicons (and with `--corpus`, how they fare on a corpus), `explain` shows each
//! matched word of one article, `diff` compares two report folders, `init` writes out the
//! built-in lexicons, `help` prints the docs; `sample` draws hits of a run to code by hand and
//! `validate` measures the lexicons' precision from the coding; `kwic` shows a pattern's matches
//! in context across a corpus.

pub mod check;
pub mod diff;
pub mod explain;
pub mod help;
pub mod init;
pub mod kwic;
pub mod merge;
pub mod sample;
pub mod score;
pub mod validate;

/// What a pass over a corpus (`check --corpus`, `kwic`) says of the articles it skipped: the
/// ones `score` skips too, for the reasons skipped.csv gives.
pub(crate) fn skipped_note(skipped: u64) -> String {
    if skipped == 0 {
        return String::new();
    }
    format!(" ({skipped} more skipped, as `slant score` skips them: skipped.csv says why)")
}
