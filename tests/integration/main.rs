//! The `slant` binary end to end, on the seeds and on small fixtures made in each test: one test
//! binary, one module per command (score, merge, check, explain, diff, init, help, sample and validate) and per
//! concern (statistics, lexicons, reliability, messages, context, cleanup). `cargo test --test integration merge::`
//! runs one module.

#[path = "../common/mod.rs"]
mod common;

mod check;
mod cleanup;
mod context;
mod diff;
mod explain;
mod guard;
mod help;
mod init;
mod lexicons;
mod merge;
mod messages;
mod passes;
mod readers;
mod reliability;
mod score;
mod statistics;
mod validate;
