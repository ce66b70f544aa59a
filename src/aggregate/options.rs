//! The options that change a report, defined once.
//!
//! `score` makes them from its arguments (`cli::ScoreArgs::run_options`), run.json records them
//! (`report::run_json::Options` flattens this struct into its `options`), a shard writes them
//! to shard.json, and merge refuses shards whose options are not equal — one derived equality,
//! so that a field added here is carried and compared everywhere without another line.
//! What a run reads (its inputs, manifest and lexicons) is recorded beside them, not here:
//! those are the run's material, compared by merge on their content.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunOptions {
    /// `--no-hits`: no hits.csv.
    pub no_hits: bool,
    /// `--char-offsets` (implied by `--parquet`).
    pub char_offsets: bool,
    /// `--id-column`, `--outlet-column`, `--text-column`: which fields of a record corpus were
    /// read as id, outlet and text.
    pub fields: crate::corpus::Fields,
    /// `--min-tokens`.
    pub min_tokens: usize,
    /// `--by-story`.
    pub by_story: bool,
    /// `--group-by`: the columns (lower case) that group the articles instead of their
    /// outlets; absent from run.json without it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<String>,
    /// `--by-period`.
    pub by_period: Option<crate::aggregate::period::Period>,
    /// `--keyness` (refused with `--shard`, so false in every shard).
    pub keyness: bool,
    /// `--top-terms`.
    pub top_terms: usize,
    /// `--max-article-mb`.
    pub max_article_mb: usize,
    /// `--excel`.
    pub excel: bool,
    /// `--xlsx`.
    pub xlsx: bool,
    /// `--parquet`.
    pub parquet: bool,
}

impl Default for RunOptions {
    /// The defaults of `slant score`, so that a run.json or shard.json of an older build,
    /// which lacks a field, reads as a run that did not give the option.
    fn default() -> RunOptions {
        RunOptions {
            no_hits: false,
            char_offsets: false,
            fields: crate::corpus::Fields::default(),
            min_tokens: crate::config::DEFAULT_MIN_TOKENS,
            by_story: false,
            group_by: Vec::new(),
            by_period: None,
            keyness: false,
            top_terms: crate::config::DEFAULT_TOP_TERMS,
            max_article_mb: crate::config::DEFAULT_MAX_ARTICLE_MB,
            excel: false,
            xlsx: false,
            parquet: false,
        }
    }
}

impl RunOptions {
    /// The options in which `self` and `other` differ, each named as the command line gives
    /// it (`--min-tokens`), for merge's message. Computed from the serialized form, so a new
    /// field is named without code here.
    pub fn differences(&self, other: &RunOptions) -> Vec<String> {
        let (Ok(a), Ok(b)) = (serde_json::to_value(self), serde_json::to_value(other)) else {
            return vec!["options".to_owned()];
        };
        let empty = serde_json::Map::new();
        let (a, b) = (
            a.as_object().unwrap_or(&empty),
            b.as_object().unwrap_or(&empty),
        );
        let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        keys.into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .map(|k| flag(k))
            .collect()
    }
}

/// The command-line name of the option stored under `key`.
fn flag(key: &str) -> String {
    match key {
        "fields" => "--id-column, --outlet-column, --text-column".to_owned(),
        _ => format!("--{}", key.replace('_', "-")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    /// A value of the same JSON shape as `v` but different, where one can be made blindly:
    /// for a `null` (an option not given) the candidates are tried until one deserializes.
    fn changed(v: &Value) -> Vec<Value> {
        match v {
            Value::Bool(b) => vec![Value::Bool(!b)],
            Value::Number(n) => vec![Value::from(n.as_u64().unwrap_or(0) + 1)],
            Value::String(s) => vec![Value::String(format!("{s}x"))],
            Value::Array(_) => vec![serde_json::json!(["x"])],
            Value::Object(m) => m
                .iter()
                .flat_map(|(k, inner)| {
                    changed(inner).into_iter().map(move |c| {
                        let mut m = m.clone();
                        m.insert(k.clone(), c);
                        Value::Object(m)
                    })
                })
                .collect(),
            Value::Null => ["week", "month", "x"]
                .iter()
                .map(|s| Value::from(*s))
                .chain([Value::from(1), Value::Bool(true), serde_json::json!(["x"])])
                .collect(),
        }
    }

    /// For every field of `RunOptions`, its name and the default options with that field alone
    /// changed: made from the serialized form, so a field added to the struct is in the list
    /// with no change here.
    pub(crate) fn each_field_changed() -> Vec<(String, RunOptions)> {
        let base = RunOptions::default();
        let json = serde_json::to_value(&base).unwrap();
        let fields = json.as_object().unwrap();
        // group_by is skipped when empty: add it, as a run without it reads.
        let mut keys: Vec<String> = fields.keys().cloned().collect();
        keys.push("group_by".into());
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .map(|key| {
                let value = fields.get(&key).cloned().unwrap_or(Value::Array(vec![]));
                let other = changed(&value).into_iter().find_map(|c| {
                    let mut m = fields.clone();
                    m.insert(key.clone(), c);
                    serde_json::from_value::<RunOptions>(Value::Object(m))
                        .ok()
                        .filter(|o| *o != base)
                });
                let other =
                    other.unwrap_or_else(|| panic!("no other value for {key} could be made"));
                (key, other)
            })
            .collect()
    }

    /// Every field changed alone makes the options unequal and is named by `differences`.
    #[test]
    fn every_field_changed_alone_is_a_difference() {
        let fields = each_field_changed();
        assert!(fields.len() >= 13, "{}", fields.len());
        for (key, other) in fields {
            assert_eq!(
                RunOptions::default().differences(&other),
                vec![flag(&key)],
                "{key}"
            );
        }
    }

    #[test]
    fn a_field_missing_from_older_json_takes_the_default() {
        let o: RunOptions = serde_json::from_str(r#"{"no_hits": true}"#).unwrap();
        assert!(o.no_hits);
        assert_eq!(o.min_tokens, RunOptions::default().min_tokens);
        assert_eq!(o.fields, crate::corpus::Fields::default());
    }
}
