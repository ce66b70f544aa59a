//! The error that means "the command was used wrongly": bad arguments, a `--out` that is an
//! input, lexicons or shards that do not fit together. `main` maps it to exit code 2; every other
//! error is a failed run (exit 1). It lives here, not in a command, so that any stage can say it
//! without importing the command that runs it.

/// Bad usage: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
