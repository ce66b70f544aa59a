//! quanteda's YAML dictionaries: a mapping from category (key) to a list of patterns, keys
//! possibly nested (`economy: {positive: [...], negative: [...]}`, flattened to
//! `economy.positive`). Patterns are quanteda globs with a trailing `*`; a value with spaces is a
//! phrase. Every category is matched on its own (`MatchMode::PerCategory`), as quanteda's
//! `tokens_lookup` counts a token once for each key that has a pattern for it.

use super::{parse_pattern, Entry, Lexicon, LexiconError, MatchMode};
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

/// The line where `needle` first occurs in `text`, for messages (YAML nodes carry no position).
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i as u64 + 1)
}

fn walk(
    node: &Yaml,
    prefix: &str,
    out: &mut Vec<(String, Vec<String>)>,
    problems: &mut Vec<String>,
) {
    match node {
        Yaml::Hash(map) => {
            for (k, v) in map {
                let key = match k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                };
                let name = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                walk(v, &name, out, problems);
            }
        }
        Yaml::Array(items) => {
            let mut words = Vec::new();
            for item in items {
                match item {
                    Yaml::String(s) => words.push(s.clone()),
                    Yaml::Integer(i) => words.push(i.to_string()),
                    Yaml::Hash(_) | Yaml::Array(_) => walk(item, prefix, out, problems),
                    other => problems.push(format!("`{prefix}`: {other:?} is not a pattern")),
                }
            }
            out.push((prefix.to_owned(), words));
        }
        Yaml::String(s) => out.push((prefix.to_owned(), vec![s.clone()])),
        Yaml::Null => out.push((prefix.to_owned(), Vec::new())),
        other => problems.push(format!(
            "`{prefix}`: {other:?} is neither a list of patterns nor a mapping"
        )),
    }
}

/// Parses a quanteda YAML dictionary.
pub fn parse_yaml(path: &Path, bytes: &[u8]) -> Result<Lexicon, Vec<LexiconError>> {
    let err = |line: u64, message: String| LexiconError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let docs = YamlLoader::load_from_str(&text).map_err(|e| {
        vec![err(
            e.marker().line() as u64,
            format!("not valid YAML: {}", e.info()),
        )]
    })?;
    let Some(root @ Yaml::Hash(_)) = docs.first() else {
        return Err(vec![err(
            1,
            "a quanteda dictionary is a mapping of category names to lists of patterns".into(),
        )]);
    };
    let mut cats = Vec::new();
    let mut problems = Vec::new();
    walk(root, "", &mut cats, &mut problems);
    let mut errors: Vec<LexiconError> = problems.into_iter().map(|p| err(0, p)).collect();
    let mut lex = Lexicon::empty(path, MatchMode::PerCategory);
    for (category, words) in cats {
        let c = lex.category_or_add(&category);
        if words.is_empty() {
            lex.warnings.push(format!(
                "{}: category `{category}` is empty",
                path.display()
            ));
        }
        for w in words {
            let line = line_of(&text, &w);
            match parse_pattern(&w) {
                Ok(compiled)
                    if !lex
                        .entries
                        .iter()
                        .any(|e| e.category == c && e.pattern == w) =>
                {
                    lex.entries.push(Entry {
                        pattern: w,
                        category: c,
                        weight: 1.0,
                        negate: false,
                        note: String::new(),
                        line,
                        compiled,
                    })
                }
                Ok(_) => lex.warnings.push(format!(
                    "{}:{line}: `{w}` repeats in `{category}`",
                    path.display()
                )),
                Err(msg) => errors.push(err(line, format!("`{w}` in `{category}`: {msg}"))),
            }
        }
    }
    lex.finish(errors, "the dictionary has no pattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_flatten_and_patterns_load() {
        let y = "# a quanteda dictionary\neconomy:\n  positive:\n    - growth\n    - prosper*\n  negative: [recession, unemploy*]\nwar:\n  - full-scale invasion\n  - war\n";
        let lex = parse_yaml(Path::new("d.yml"), y.as_bytes()).unwrap();
        assert_eq!(
            lex.categories,
            ["economy.positive", "economy.negative", "war"]
        );
        assert_eq!(lex.entries.len(), 6);
        assert_eq!(lex.entries[1].line, 5);
    }

    #[test]
    fn bad_yaml_and_bad_patterns_are_errors_with_lines() {
        let errs = parse_yaml(Path::new("d.yml"), b"a:\n  - x\n b: [").unwrap_err();
        assert!(errs[0].to_string().starts_with("d.yml:"), "{errs:?}");
        let errs = parse_yaml(Path::new("d.yml"), b"a:\n  - ok\n  - al*eg\n").unwrap_err();
        assert_eq!(errs[0].line, 3);
    }
}
