//! slant: scores news articles for tone, hedging and attribution style with editable lexicons.
//!
//! The pipeline, one stage a module, data flowing one way:
//! `corpus` (articles and their metadata; `files` reads only regular files, with a cap) →
//! `text` (decode, boilerplate, quotes, tokens, sentences) → `matcher` (lexicon hits) → `link`
//! (speakers and actors) → `quotations` (quotations and their speakers) → `score` (per-article
//! counts and indices: `score::Scored`, data only) → `aggregate` (per-outlet sums) → `report`
//! (the rows and files; `outdir` locks the report folder and swaps the new one in whole).
//! `lexicon` loads what the matcher compiles; `pipeline` drives the stages in parallel and hands
//! each article's data and rendered rows (`pipeline::Done`) to the command; `cache` is the
//! rerun cache, which the `score` command (`run`) feeds with where the writer put each article.
//! `error::UsageError` is exit code 2; `term` makes corpus text safe to print on a terminal.

pub mod aggregate;
pub mod cache;
pub mod charts;
pub mod check;
pub mod cli;
pub mod compare;
pub mod conclude;
pub mod corpus;
pub mod diff;
pub mod error;
pub mod explain;
pub mod files;
pub mod help;
pub mod html;
pub mod lexicon;
pub mod link;
pub mod matcher;
pub mod metrics;
pub mod outdir;
pub mod pipeline;
pub mod quotations;
pub mod report;
pub mod run;
pub mod score;
pub mod shard;
pub mod stats;
pub mod term;
pub mod text;
