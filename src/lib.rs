//! slant: scores news articles for tone, hedging and attribution style with editable lexicons.
//!
//! The pipeline, one stage a module, data flowing one way:
//!
//! * `corpus` — inputs and manifests → articles and where their bytes are (`files` reads only
//!   regular files, with a cap);
//! * `text` — decode, boilerplate, quotation spans, tokens, sentences → a `text::Doc`;
//! * `matcher` — the lexicons (`lexicon` loads them) matched → hits;
//! * `link` — each attribution's speaker and every hit's actor;
//! * `quotations` — each quotation's kind, cue, speaker and party;
//! * `score` — per-article counts, indices and metric values (`score::Scored`, data only);
//! * `aggregate` — per-outlet integer sums, statistics, comparison tables, the shard state;
//! * `run` — the state a run folds its articles (or a merge its shards) into, and its end:
//!   warnings, tables, charts, page, run.json and a shard's state (`run::conclude`);
//! * `report` — rows and files, charts, the page; `report::outdir` locks the report folder and
//!   swaps the new one in whole.
//!
//! * `passes` — other passes over a corpus through the same analyzer: `kwic`, `keyness`;
//! * `validate` — after a run: a sample of its hits to code by hand, and the lexicons' precision,
//!   costliest entries and coders' agreement from the coding.
//!
//! `pipeline` drives the per-article stages in parallel, in input order whatever the thread count,
//! and runs the other passes over a corpus (keyness, kwic, check --corpus) on the same analyzer;
//! `rerun` is the rerun cache. `cmd` holds one module per command (score, merge, check, explain,
//! diff, init, help, sample, validate), each wiring stages and nothing more; `cli` is the options, `config` the
//! shard and the limits; `error` holds `UsageError`, exit code 2; `oom` makes running out of memory an exit 1 with a message; `term` makes corpus text safe
//! to print on a terminal. docs/architecture.md says where to add a lexicon role, an output file
//! or a command.

// What the crate does not export is `pub(crate)`, so that `pub` shows the interface main.rs and
// the tests use (docs/architecture.md); clippy's -D warnings holds new code to it.
#![warn(unreachable_pub)]

pub(crate) mod aggregate;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod corpus;
pub mod error;
pub(crate) mod files;
pub mod lexicon;
pub(crate) mod link;
pub mod matcher;
pub mod oom;
pub(crate) mod passes;
pub mod pipeline;
pub(crate) mod quotations;
pub mod report;
pub(crate) mod rerun;
pub(crate) mod run;
pub(crate) mod score;
pub mod term;
pub mod text;
pub(crate) mod validate;
