//! LIWC dictionaries: the `.dic` format that LIWC, quanteda and liwc-python read, and LIWC-22's
//! `.dicx` (CSV) form.
//!
//! A `.dic` file has a category block between two `%` lines (`1<TAB>posemo`), then one entry a
//! line: a pattern and the ids of its categories (`abandon*<TAB>125<TAB>127`). Patterns may end in
//! `*`; a multi-word pattern is a phrase. Tabs separate the fields; a file without tabs is split
//! on spaces, the trailing category ids being the fields. LIWC2007's conditional entries
//! (`like<TAB>(02 134)125/464<TAB>253`: the category depends on the word before) are skipped with
//! a warning naming the line, and the entry keeps its plain categories. Entries are matched as
//! liwc-python matches them (`MatchMode::Liwc`), which the test suite checks.

use super::{parse_pattern, Entry, Lexicon, LexiconError, MatchMode};
use std::collections::HashMap;
use std::path::Path;

/// Adds `pattern` in `categories` as entries, or a warning when the pattern cannot be matched.
fn push_entries(lex: &mut Lexicon, pattern: &str, categories: &[usize], line: u64) {
    match parse_pattern(pattern) {
        Ok(compiled) => {
            for &category in categories {
                lex.entries.push(Entry {
                    pattern: pattern.to_owned(),
                    category,
                    weight: 1.0,
                    negate: false,
                    note: String::new(),
                    line,
                    compiled: compiled.clone(),
                });
            }
        }
        Err(msg) => lex.warnings.push(format!(
            "{}:{line}: `{pattern}` skipped: {msg}",
            lex.path.display()
        )),
    }
}

/// Is `part` a LIWC2007 conditional category, as `(02 134)125/464`?
fn is_conditional(part: &str) -> bool {
    part.starts_with('(') && part.contains(')')
}

/// Parses a LIWC `.dic` file.
pub fn parse_dic(path: &Path, bytes: &[u8]) -> Result<Lexicon, Vec<LexiconError>> {
    let err = |line: u64, message: String| LexiconError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let mut lex = Lexicon::empty(path, MatchMode::Liwc);
    let mut errors = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut section = 0; // 0 before the first %, 1 in the category block, 2 in the entries
                         // Pattern → the line it was first seen on: a repeated pattern replaces the earlier one, as in
                         // liwc-python, with a warning.
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = raw.trim();
        if line == "%" {
            section += 1;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        match section {
            0 => {
                errors.push(err(line_no, "a .dic file starts with a `%` line, then its categories (`1<TAB>name`), then `%` again".into()));
                break;
            }
            1 => {
                let mut parts = line.splitn(2, char::is_whitespace);
                let (Some(id), Some(name)) = (parts.next(), parts.next().map(str::trim)) else {
                    errors.push(err(
                        line_no,
                        format!("category line `{line}` needs an id and a name, as `1<TAB>posemo`"),
                    ));
                    continue;
                };
                if ids.contains_key(id) {
                    errors.push(err(line_no, format!("category id {id} is declared twice")));
                    continue;
                }
                let index = lex.category_or_add(name);
                ids.insert(id.to_owned(), index);
            }
            _ => {
                let parts: Vec<&str> = if line.contains('\t') {
                    line.split('\t')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect()
                } else {
                    line.split_whitespace().collect()
                };
                // The pattern is everything before the first category field.
                let first_cat = if line.contains('\t') {
                    1
                } else {
                    parts
                        .iter()
                        .position(|p| ids.contains_key(*p) || p.starts_with('('))
                        .unwrap_or(parts.len())
                        .max(1)
                };
                let pattern = parts[..first_cat].join(" ");
                let mut cats = Vec::new();
                let mut k = first_cat;
                while k < parts.len() {
                    let p = parts[k];
                    if p.starts_with('(') {
                        // A conditional field may have been split on its inner space.
                        let mut cond = p.to_owned();
                        while !cond.contains(')') && k + 1 < parts.len() {
                            k += 1;
                            cond.push(' ');
                            cond.push_str(parts[k]);
                        }
                        if is_conditional(&cond) {
                            lex.warnings.push(format!(
                                "{}:{line_no}: `{pattern}`: conditional category `{cond}` skipped (LIWC2007 rule on the word before); the entry keeps its other categories",
                                path.display()
                            ));
                        } else {
                            errors.push(err(line_no, format!("`{cond}` is not a category id")));
                        }
                    } else {
                        match ids.get(p) {
                            Some(&c) => cats.push(c),
                            None => errors.push(err(line_no, format!("`{pattern}` has category id {p}, which the % block does not declare"))),
                        }
                    }
                    k += 1;
                }
                if let Some(first) = seen.insert(pattern.to_lowercase(), line_no) {
                    lex.warnings.push(format!(
                        "{}:{line_no}: `{pattern}` repeats line {first}; this line replaces it, as in liwc-python",
                        path.display()
                    ));
                    let key = pattern.to_lowercase();
                    lex.entries.retain(|e| e.pattern.to_lowercase() != key);
                }
                push_entries(&mut lex, &pattern, &cats, line_no);
            }
        }
    }
    if section < 2 && errors.is_empty() {
        errors.push(err(0, "no entries: a .dic file has a `%` line, its categories, another `%` line, then its entries".into()));
    }
    lex.finish(errors, "the dictionary has no entry slant can match")
}

/// Parses a LIWC-22 `.dicx` file: a CSV whose first column holds the terms and every other
/// column is a category, a non-empty cell (`X`) marking a term's membership.
pub fn parse_dicx(path: &Path, bytes: &[u8]) -> Result<Lexicon, Vec<LexiconError>> {
    let err = |line: u64, message: String| LexiconError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(String::from).collect(),
        Err(e) => return Err(vec![err(1, format!("cannot read the header row: {e}"))]),
    };
    if header.len() < 2 {
        return Err(vec![err(
            1,
            "a .dicx header names the term column, then one column per category".into(),
        )]);
    }
    let mut lex = Lexicon::empty(path, MatchMode::Liwc);
    lex.categories = header[1..].to_vec();
    let mut errors = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(err(
                    crate::files::csv_line(e.position(), bytes, false),
                    format!("not valid CSV: {e}"),
                ));
                continue;
            }
        };
        let line = crate::files::csv_line(rec.position(), bytes, false);
        let Some(term) = rec.get(0).filter(|t| !t.is_empty()) else {
            continue;
        };
        let cats: Vec<usize> = (1..rec.len())
            .filter(|&i| rec.get(i).is_some_and(|c| !c.is_empty()))
            .map(|i| i - 1)
            .filter(|&c| c < lex.categories.len())
            .collect();
        if cats.is_empty() {
            lex.warnings.push(format!(
                "{}:{line}: `{term}` is in no category; skipped",
                path.display()
            ));
            continue;
        }
        push_entries(&mut lex, term, &cats, line);
    }
    lex.finish(errors, "the dictionary has no entry slant can match")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dic_with_categories_wildcards_phrases_and_a_conditional_entry() {
        let dic = "%\n1\tposemo\n2\tnegemo\n3\tsocial\n4\tempty\n%\nhappy\t1\nfriend*\t1\t3\nkind of\t1\nlike\t(02 134)1/2\t3\nhate 2\n:)\t1\n";
        let lex = parse_dic(Path::new("x.dic"), dic.as_bytes()).unwrap();
        assert_eq!(lex.categories, ["posemo", "negemo", "social", "empty"]);
        let got: Vec<(&str, &str)> = lex
            .entries
            .iter()
            .map(|e| (e.pattern.as_str(), lex.categories[e.category].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("happy", "posemo"),
                ("friend*", "posemo"),
                ("friend*", "social"),
                ("kind of", "posemo"),
                ("like", "social"),
                ("hate", "negemo"),
            ]
        );
        assert_eq!(lex.warnings.len(), 2, "{:#?}", lex.warnings);
        assert!(lex.warnings[0]
            .starts_with("x.dic:10: `like`: conditional category `(02 134)1/2` skipped"));
        assert!(lex.warnings[1].starts_with("x.dic:12: `:)` skipped"));
    }

    #[test]
    fn dic_errors_name_the_line() {
        let errs = parse_dic(Path::new("x.dic"), b"%\n1\tposemo\n%\nhappy\t9\n").unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "x.dic:4: `happy` has category id 9, which the % block does not declare"
        );
        let errs = parse_dic(Path::new("x.dic"), b"happy\t1\n").unwrap_err();
        assert!(errs[0]
            .to_string()
            .starts_with("x.dic:1: a .dic file starts with a `%` line"));
    }

    #[test]
    fn dicx_marks_membership_with_a_cell() {
        let dicx = "DicTerm,posemo,social\nhappy,X,\nfriend*,X,X\nalone,,\n";
        let lex = parse_dicx(Path::new("x.dicx"), dicx.as_bytes()).unwrap();
        assert_eq!(lex.categories, ["posemo", "social"]);
        assert_eq!(lex.entries.len(), 3);
        assert_eq!(lex.warnings.len(), 1);
    }
}
