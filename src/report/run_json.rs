//! run.json: which tool, options, inputs and lexicon files made a report folder, and what the run
//! counted. Written by every run (and merge), read back by `slant diff` and the page — one typed
//! struct for all three, so a field is named once.
//!
//! Nothing that changes from run to run (time, thread count) is in it, so it too is the same for
//! the same input. Keys are written sorted (through `serde_json::Value`), as before this struct
//! existed. Reading is lenient: a field missing from an older run.json takes its default.

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct RunJson {
    pub tool: String,
    pub version: String,
    pub lexicon_format: u32,
    pub command: String,
    pub inputs: Vec<String>,
    pub manifest: Option<String>,
    pub lexicons_dir: String,
    pub options: Options,
    pub lexicons: Vec<LexiconRecord>,
    pub counts: Counts,
    pub warnings: Vec<String>,
}

/// The options that change a report: the run's `RunOptions`, with the shard it was and the
/// coded samples it was marked with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Options {
    /// `K/N`, or none.
    pub shard: Option<String>,
    #[serde(flatten)]
    pub run: crate::aggregate::options::RunOptions,
    /// `--validated DIR`; absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validated: Option<String>,
}

/// A lexicon file as loaded, with every entry, so that `slant diff` can say which ones an edit
/// added, removed or changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct LexiconRecord {
    pub name: String,
    pub file: String,
    pub sha256: String,
    pub entries: usize,
    pub categories: Vec<String>,
    pub entry_list: Vec<EntryRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct EntryRecord {
    pub pattern: String,
    pub category: String,
    pub weight: f64,
    pub negate: bool,
}

impl Default for EntryRecord {
    fn default() -> EntryRecord {
        EntryRecord {
            pattern: String::new(),
            category: String::new(),
            weight: 1.0,
            negate: false,
        }
    }
}

/// What the run counted (`aggregate::Counts`, and the articles too short for the indices).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Counts {
    pub articles_in: u64,
    pub scored: u64,
    pub skipped: u64,
    /// Lexicon matches; hits.csv has these rows and one per scare quote.
    pub hits: u64,
    pub scare_quotes: u64,
    pub tokens: u64,
    pub encoding_repaired: u64,
    /// Articles with broken characters (articles.csv `broken_chars` above 0).
    pub with_broken_chars: u64,
    /// Articles with a quote mark that could not be paired.
    pub quotes_unbalanced: u64,
    pub short: u64,
}

impl RunJson {
    #[cfg(test)] // the run writes run.json with its other JSON files (`ReportWriter::commit`)
    /// The file's text: pretty JSON with sorted keys.
    pub(crate) fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(&serde_json::to_value(self)?)
    }

    /// The run.json of the report folder `dir`.
    pub(crate) fn read(dir: &Path) -> anyhow::Result<RunJson> {
        use anyhow::Context;
        let path = dir.join(super::files::RUN_JSON);
        let text = crate::files::read_own(&path, crate::files::MAX_WHOLE)?;
        serde_json::from_slice(&text).with_context(|| {
            format!(
                "{}: not a run.json slant can read ({}); run slant score again",
                path.display(),
                "a field has the wrong type, or the file is not JSON"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_run_json_reads_back_and_writes_the_same_bytes() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        let run = RunJson::read(&dir).unwrap();
        assert_eq!(run.tool, "slant");
        assert!(run.counts.scored > 0 && !run.lexicons.is_empty());
        let text = std::fs::read_to_string(dir.join("run.json")).unwrap();
        assert_eq!(run.to_json().unwrap(), text.trim_end());
    }

    #[test]
    fn an_older_run_json_reads_with_defaults() {
        let run: RunJson = serde_json::from_str(
            r#"{"lexicons":[{"name":"tone","entry_list":[{"pattern":"x"}]}]}"#,
        )
        .unwrap();
        assert_eq!(run.lexicons[0].entry_list[0].weight, 1.0);
        assert_eq!(run.counts.scored, 0);
    }
}
