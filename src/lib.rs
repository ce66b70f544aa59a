//! slant: scores news articles for tone, hedging and attribution style with editable lexicons.
//!
//! The pipeline, one stage a module, data flowing one way:
//! `corpus` (articles and their metadata) → `text` (decode, boilerplate, quotes, tokens,
//! sentences) → `matcher` (lexicon hits) → `link` (hits to actors) → `score` (per-article
//! counts and indices) → `aggregate` (per-outlet sums) → `report` (CSV files, run.json).
//! `lexicon` loads what the matcher compiles; `pipeline` drives the stages in parallel.

pub mod aggregate;
pub mod cache;
pub mod charts;
pub mod check;
pub mod cli;
pub mod compare;
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
