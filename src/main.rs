//! The `slant` binary: parse the command line, run the command, map errors to exit codes.

use clap::Parser;
use slant::cli::{Cli, Command};
use slant::corpus::CorpusError;
use slant::lexicon::LexiconErrors;
use std::process::ExitCode;

/// The system allocator, noting a failed allocation so that running out of memory is an exit 1
/// with a message (`slant::oom`).
#[global_allocator]
static ALLOCATOR: slant::oom::Checked = slant::oom::Checked;

fn main() -> ExitCode {
    slant::oom::install();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => slant::cmd::score::run(&args).map(|()| 0),
        Command::Check(args) => slant::cmd::check::run(&args),
        Command::Explain(args) => slant::cmd::explain::run(&args).map(|()| 0),
        Command::Diff(args) => slant::cmd::diff::run(&args).map(|()| 0),
        Command::Merge(args) => slant::cmd::merge::run(&args).map(|()| 0),
        Command::Sample(args) => slant::cmd::sample::run(&args).map(|()| 0),
        Command::Validate(args) => slant::cmd::validate::run(&args).map(|()| 0),
        Command::Kwic(args) => slant::cmd::kwic::run(&args).map(|()| 0),
        Command::Init { dir } => slant::cmd::init::run(&dir).map(|()| 0),
        Command::Help { topic } => slant::cmd::help::run(topic.as_deref()).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("slant: {}", slant::term::for_stderr(&format!("{err:#}")));
            let usage = err.downcast_ref::<LexiconErrors>().is_some()
                || err.downcast_ref::<CorpusError>().is_some()
                || err.downcast_ref::<slant::error::UsageError>().is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// A closed stdout (`slant explain … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
