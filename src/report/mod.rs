//! Reports: the files of a run, written so that a failed run never leaves a half-written or
//! mixed report.
//!
//! Every file is written into a new folder beside `--out` (`writer`), swapped in for the old one
//! in one step only when the whole run has succeeded (`outdir`). One module per row file —
//! `articles`, `hits`, `quotes` (skipped.csv is the writer's) — renders an article's rows on the
//! worker that scored it; `cells` is how a value becomes a cell (text a spreadsheet would run as a
//! formula is neutralized with a leading `'`, reversibly), `context` is the rule for hits.csv's
//! `context` (the sentence, or a window of a long one) and how readers find a hit in it, `read`
//! reads reports back. The tables
//! (outlets.csv, …) come from `aggregate::compare`, the charts from `charts`, report.html from
//! `page`, reports.xlsx (`--xlsx`) from `xlsx`, the Parquet files (`--parquet`) from `columnar`.
//! Column names and order are the Contract of DESIGN.md. `guard` says where any command may
//! write (never an input, a lexicon or a file slant did not write) and writes files whole.

pub(crate) mod articles;
pub mod cells;
pub(crate) mod charts;
pub(crate) mod columnar;
pub(crate) mod context;
pub mod files;
pub(crate) mod guard;
pub(crate) mod hits;
pub mod outdir;
pub(crate) mod page;
pub(crate) mod quotes;
pub(crate) mod read;
pub(crate) mod run_json;
pub(crate) mod writer;
pub(crate) mod xlsx;
