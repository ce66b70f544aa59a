//! Passes over a corpus beside scoring, each reading exactly the articles `score` scores through
//! the same analyzer (`pipeline::each_article`): `kwic`, one pattern's matches in context, and
//! `keyness`, the terms that set each outlet apart (two passes after scoring under `--keyness`).

pub(crate) mod keyness;
pub(crate) mod kwic;
