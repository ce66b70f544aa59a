//! Reading one lexicon CSV file: the header, every row, every pattern — and every problem, each
//! as `file:line: message` with what to do about it.

use super::{
    Elem, Entry, Lexicon, LexiconError, Pattern, BOILERPLATE, EXCEPTION, EXCEPTION_CATEGORY,
};
use crate::text::tokenize::words_of;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;

/// The columns a lexicon may have.
pub const COLUMNS: &[&str] = &["pattern", "category", "weight", "negate", "case", "note"];

/// The categories of `boilerplate.csv`: what a match removes.
pub(super) const BOILERPLATE_CATEGORIES: &[&str] = &["line", "block", "span", "runin", "embed"];

/// The longest pattern a lexicon entry may have, in bytes.
pub(super) const MAX_PATTERN_BYTES: usize = 1000;
/// The most entries one lexicon file may have.
pub(super) const MAX_ENTRIES: usize = 1_000_000;
/// The compiled size a `re:` pattern may reach (regex crate's size limit).
pub(super) const MAX_REGEX_BYTES: usize = 1 << 20;

/// A regular expression of a lexicon, compiled within the size limit.
fn compile_regex(re: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(re)
        .size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => format!(
                "regular expression `{re}` is too large (over {} KiB compiled); split it into several entries",
                MAX_REGEX_BYTES >> 10
            ),
            e => format!("invalid regular expression `{re}`: {}", one_line(&e)),
        })
}

/// Parses a pattern as written in a lexicon file. `Err` is a message for the user.
pub fn parse_pattern(raw: &str) -> Result<Pattern, String> {
    if raw.len() > MAX_PATTERN_BYTES {
        return Err(format!(
            "pattern of {} bytes is longer than the limit of {MAX_PATTERN_BYTES}",
            raw.len()
        ));
    }
    if let Some(re) = raw.strip_prefix("re:") {
        return compile_regex(re).map(Pattern::Regex);
    }
    let (case_sensitive, body) = match raw.strip_prefix('=') {
        Some(b) => (true, b),
        None => (false, raw),
    };
    let mut elems = Vec::new();
    for piece in body.split_whitespace() {
        let (word, prefix) = match piece.strip_suffix('*') {
            Some(w) => (w, true),
            None => (piece, false),
        };
        if word.contains('*') {
            return Err(format!(
                "`*` may only end a word (`{piece}`); write the prefix followed by one `*`, or use re:REGEX"
            ));
        }
        let words = words_of(word, !case_sensitive);
        if words.is_empty() {
            return Err(format!(
                "`{piece}` has no letter or digit, so no word of an article can match it; use re:REGEX for punctuation"
            ));
        }
        let last = words.len() - 1;
        elems.extend(words.into_iter().enumerate().map(|(i, text)| Elem {
            text,
            prefix: prefix && i == last,
        }));
    }
    if elems.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(Pattern::Words {
        elems,
        case_sensitive,
    })
}

/// A boilerplate pattern is about lines, not words: plain text matches a line that starts with it
/// (case-insensitive), `re:` is searched in the line; a `span` entry removes only what it matches,
/// and the plain text of `runin` and `embed` entries is found anywhere in a line (the code checks
/// where a marker stands).
fn parse_boilerplate_pattern(raw: &str, category: &str) -> Result<Pattern, String> {
    let re = match raw.strip_prefix("re:") {
        Some(re) => re.to_owned(),
        None if matches!(category, "span" | "runin" | "embed") => {
            format!("(?i){}", regex::escape(raw))
        }
        None => format!("(?i)^\\s*{}", regex::escape(raw)),
    };
    compile_regex(&re).map(Pattern::Regex)
}

/// The error of a comment line a spreadsheet saved quoted (or split into quoted cells).
const QUOTED_COMMENT: &str = "a line starting with `# ` in quotes: a comment line that a spreadsheet saved quoted or split into cells; a comment line must start with # unquoted: join its cells back into one line, or delete it (docs/lexicons.md: editing in a spreadsheet)";

/// Is this first cell of a line a comment's start, `#` then a space or nothing? (A pattern may
/// start with `#` when quoted, `"#tag"`, but not with `# `.)
fn is_quoted_comment(cell: &str) -> bool {
    cell.strip_prefix('#')
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

fn one_line(e: &regex::Error) -> String {
    e.to_string()
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn parse_weight(s: &str) -> Result<f64, String> {
    if s.is_empty() {
        return Ok(1.0);
    }
    match s.parse::<f64>() {
        Ok(w) if w.is_finite() => Ok(w),
        _ => Err(format!(
            "weight `{s}` is not a number; write e.g. 1, 2 or 0.5"
        )),
    }
}

/// The `case` column: `yes` matches the pattern as written (as a leading `=` does), so that a
/// case-sensitive entry needs no `=`, which a spreadsheet would run as a formula.
fn parse_case(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "" | "no" | "false" | "n" => Ok(false),
        "yes" | "true" | "y" => Ok(true),
        _ => Err(format!("case `{s}` must be yes (match as written) or no")),
    }
}

/// The error values spreadsheets write into a cell whose formula failed: a lexicon saved from a
/// spreadsheet that ran `=US` as a formula has `#NAME?` (Excel, LibreOffice) or `Err:508`
/// (LibreOffice) where the entry was.
fn formula_error(cell: &str) -> bool {
    const ERRORS: &[&str] = &[
        "#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#ERROR!", "#SPILL!",
        "#CALC!",
    ];
    ERRORS.contains(&cell)
        || cell
            .strip_prefix("Err:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_negate(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "" | "no" | "false" | "n" => Ok(false),
        "yes" | "true" | "y" => Ok(true),
        _ => Err(format!("negate `{s}` must be yes or no")),
    }
}

/// A key that is equal for two rows that match exactly the same words.
pub(crate) fn pattern_key(p: &Pattern) -> String {
    match p {
        Pattern::Regex(r) => format!("re:{}", r.as_str()),
        Pattern::Words {
            elems,
            case_sensitive,
        } => {
            let mut k = String::from(if *case_sensitive { "=" } else { "" });
            for e in elems {
                k.push_str(&e.text);
                k.push_str(if e.prefix { "* " } else { " " });
            }
            k
        }
    }
}

/// Parses a lexicon file's bytes. On failure returns every problem in the file.
pub fn parse_lexicon(path: &Path, bytes: &[u8]) -> Result<Lexicon, Vec<LexiconError>> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("lexicon")
        .to_owned();
    let err = |line: u64, message: String| LexiconError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);

    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![err(1, format!("cannot read the header row: {e}"))]),
    };
    // The header is the first line that is neither blank nor a comment.
    let header_line = bytes
        .split(|&b| b == b'\n')
        .position(|l| !l.starts_with(b"#") && !l.iter().all(u8::is_ascii_whitespace))
        .map_or(1, |i| i as u64 + 1);
    let col = match columns(&header) {
        Ok(col) => col,
        Err(messages) => return Err(messages.into_iter().map(|m| err(header_line, m)).collect()),
    };
    let mut errors: Vec<LexiconError> = formula_lines(bytes)
        .into_iter()
        .map(|(line, m)| err(line, m))
        .collect();

    let boilerplate = name == BOILERPLATE;
    let mut lex = Lexicon::empty(path, super::MatchMode::Longest);
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for record in rdr.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = crate::files::csv_line(e.position(), bytes, true);
                errors.push(err(line, format!("not valid CSV: {e}")));
                continue;
            }
        };
        let line = crate::files::csv_line(record.position(), bytes, true);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if lex.entries.len() >= MAX_ENTRIES {
            errors.push(err(
                line,
                format!("more than {MAX_ENTRIES} entries in one lexicon; split the file into several lexicons"),
            ));
            break;
        }
        let e = match entry_of(&record, header.len(), &col, boilerplate) {
            Ok(e) => e,
            Err(messages) => {
                errors.extend(messages.into_iter().map(|m| err(line, m)));
                continue;
            }
        };
        let key = (pattern_key(&e.compiled), e.category.clone());
        if let Some(first) = seen.get(&key) {
            errors.push(err(
                line,
                format!(
                    "`{}` in `{}` repeats line {first}; delete one of them",
                    e.pattern, e.category
                ),
            ));
            continue;
        }
        seen.insert(key, line);
        let category = if e.category == EXCEPTION && !boilerplate {
            // A regex is matched apart from the words, so it could take no words from others.
            if matches!(e.compiled, Pattern::Regex(_)) {
                errors.push(err(
                    line,
                    format!(
                        "`{}`: an exception (category `-`) must be a word or phrase, not re:",
                        e.pattern
                    ),
                ));
                continue;
            }
            EXCEPTION_CATEGORY
        } else {
            lex.category_or_add(&e.category)
        };
        lex.entries.push(Entry {
            pattern: e.pattern,
            category,
            weight: e.weight,
            negate: e.negate,
            note: e.note,
            line,
            compiled: e.compiled,
        });
    }
    lex.finish(errors, "the lexicon has no entries")
}

/// Each column of the header row by its index, or what is wrong with the header.
fn columns(header: &csv::StringRecord) -> Result<HashMap<&'static str, usize>, Vec<String>> {
    // A comment line above the header that a spreadsheet saved quoted is read as the header:
    // say what happened to it, not that its text is an unknown column.
    if header.get(0).is_some_and(is_quoted_comment) {
        return Err(vec![QUOTED_COMMENT.into()]);
    }
    let mut errors = Vec::new();
    let mut col: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.to_ascii_lowercase();
        match COLUMNS.iter().find(|&&c| c == h) {
            Some(c) if col.contains_key(c) => errors.push(format!("column `{c}` appears twice")),
            Some(c) => {
                col.insert(c, i);
            }
            None => errors.push(format!(
                "unknown column `{h}`; the columns are {} (pattern and category required)",
                COLUMNS.join(", ")
            )),
        }
    }
    for required in ["pattern", "category"] {
        if !col.contains_key(required) {
            errors.push(format!("the header row has no `{required}` column; the first row must name the columns, e.g. pattern,category,weight,negate,note"));
        }
    }
    if errors.is_empty() {
        Ok(col)
    } else {
        Err(errors)
    }
}

/// The lines that start with a spreadsheet's formula error (`#NAME?`), with their numbers:
/// unquoted at a line's start, the csv reader takes such a line for a comment and the entry
/// would be lost in silence, so they are found in the bytes first.
fn formula_lines(bytes: &[u8]) -> Vec<(u64, String)> {
    let mut found = Vec::new();
    for (i, l) in bytes.split(|&b| b == b'\n').enumerate() {
        let l = String::from_utf8_lossy(l);
        let first = l
            .trim_end_matches('\r')
            .split(',')
            .next()
            .unwrap_or("")
            .trim();
        if first.starts_with('#') && formula_error(first) {
            found.push((
                i as u64 + 1,
                format!("the line starts with `{first}`, a spreadsheet's formula error: the spreadsheet ran an entry such as `=US` as a formula and lost it; write it `US` with `yes` in a `case` column, or restore the line from the original (docs/lexicons.md: editing in a spreadsheet)"),
            ));
        }
    }
    found
}

/// An entry as its row gives it, before it is placed in the lexicon.
struct Row {
    pattern: String,
    category: String,
    compiled: Pattern,
    weight: f64,
    negate: bool,
    note: String,
}

/// The entry of one row of a lexicon with `columns` of `header_len` columns, or every problem
/// with it.
fn entry_of(
    record: &csv::StringRecord,
    header_len: usize,
    col: &HashMap<&'static str, usize>,
    boilerplate: bool,
) -> Result<Row, Vec<String>> {
    let one = |m: String| Err(vec![m]);
    if record.len() > header_len {
        return one(format!(
            "{} cells but the header has {header_len}; quote a cell that contains a comma",
            record.len(),
        ));
    }
    if let Some(bad) = record.iter().find(|c| formula_error(c)) {
        return one(format!("a cell is `{bad}`, a spreadsheet's formula error: the spreadsheet ran an entry such as `=US` as a formula and lost it; write it `US` with `yes` in a `case` column, or restore the line from the original (docs/lexicons.md: editing in a spreadsheet)"));
    }
    // A pattern may start with `#` when quoted (`"#tag"`), but not with `# `: that is a
    // comment line.
    if record.get(0).is_some_and(is_quoted_comment) {
        return one(QUOTED_COMMENT.into());
    }
    let cell = |c: &str| col.get(c).and_then(|&i| record.get(i)).unwrap_or("");
    let (pattern, category) = (cell("pattern"), cell("category"));
    let cased = match parse_case(cell("case")) {
        Ok(true) if boilerplate => {
            return one("`case` applies to counting lexicons, not boilerplate".into())
        }
        Ok(c) => c && !pattern.is_empty() && !pattern.starts_with('='),
        Err(m) => return one(m),
    };
    // `case` yes is the leading `=`: the entry is the same entry, as reports and the rerun
    // cache see it, whichever way it was written.
    let pattern = if cased {
        format!("={pattern}")
    } else {
        pattern.to_owned()
    };
    if pattern.is_empty() {
        return one("empty pattern".into());
    }
    if category.is_empty() {
        return one(format!("`{pattern}` has no category"));
    }
    if boilerplate && !BOILERPLATE_CATEGORIES.contains(&category) {
        return one(format!(
            "boilerplate category `{category}` must be one of {}",
            BOILERPLATE_CATEGORIES.join(", ")
        ));
    }
    let compiled = if boilerplate {
        parse_boilerplate_pattern(&pattern, category)
    } else {
        parse_pattern(&pattern)
    };
    match (
        compiled,
        parse_weight(cell("weight")),
        parse_negate(cell("negate")),
    ) {
        (Ok(compiled), Ok(weight), Ok(negate)) => Ok(Row {
            pattern,
            category: category.to_owned(),
            compiled,
            weight,
            negate,
            note: cell("note").to_owned(),
        }),
        (c, w, n) => Err([c.err(), w.err(), n.err()].into_iter().flatten().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_spreadsheet_does_to_a_lexicon_is_an_error_or_the_same_entry() {
        let errors = |csv: &str| {
            parse_lexicon(Path::new("actors.csv"), csv.as_bytes())
                .map(|_| Vec::new())
                .unwrap_or_else(|e| e.into_iter().map(|e| (e.line, e.message)).collect())
        };
        // `=US` run as a formula and saved: `#NAME?` (Excel, LibreOffice), `Err:508`.
        let e = errors("pattern,category\nPutin,russia\n#NAME?,us\nErr:508,us\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].0, e[1].0), (3, 4));
        assert!(
            e[0].1.contains("`#NAME?`, a spreadsheet's formula error"),
            "{e:?}"
        );
        // A comment line saved with its cells quoted.
        let e =
            errors("pattern,category\n\"# parties, by country\",\" after 2020\"\nPutin,russia\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0]
            .1
            .contains("a comment line that a spreadsheet saved quoted"));
        // The same above the header, where the quoted comment would be read as the header
        // (issue 28: "unknown column `# actors.csv — the parties…`").
        let e = errors(
            "\"# actors.csv \u{2014} the parties, countries\",,,,\npattern,category\nPutin,russia\n",
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, 1);
        assert!(e[0]
            .1
            .contains("a comment line that a spreadsheet saved quoted"));
        // An unquoted comment is still a comment, and lines after one keep their numbers.
        assert!(errors("# parties, by country\npattern,category\nPutin,russia\n").is_empty());
        assert_eq!(
            errors("pattern,category\r\nPutin,russia\r\n# c\r\n\r\nbad\r\n")[0].0,
            5
        );
        // A quoted `#tag` is a pattern.
        assert!(errors("pattern,category\n\"#tag\",russia\n").is_empty());
        // `case` yes is the leading `=`: the same entry.
        let a = parse_lexicon(
            Path::new("actors.csv"),
            b"pattern,category,case\nUS,us,yes\nPutin,russia,\n",
        )
        .unwrap();
        let b = parse_lexicon(
            Path::new("actors.csv"),
            b"pattern,category\n=US,us\nPutin,russia\n",
        )
        .unwrap();
        let key = |l: &Lexicon| -> Vec<(String, String)> {
            l.entries
                .iter()
                .map(|e| (e.pattern.clone(), pattern_key(&e.compiled)))
                .collect()
        };
        assert_eq!(key(&a), key(&b));
        assert!(errors("pattern,category,case\nUS,us,maybe\n")[0]
            .1
            .contains("case `maybe`"));
    }

    fn parse(text: &str) -> Result<Lexicon, Vec<String>> {
        parse_lexicon(Path::new("lex/test.csv"), text.as_bytes())
            .map_err(|es| es.iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn all_pattern_forms_parse() {
        let lex = parse(
            "# a comment\npattern,category,weight,negate,note\nclaimed,distancing,,,\nalleg*,distancing,2,yes,\nappear* to,hedge,,,\n=US,us,,,\nre:\\bso called\\b,distancing,,,\n",
        )
        .unwrap();
        assert_eq!(lex.categories, ["distancing", "hedge", "us"]);
        assert_eq!(lex.entries.len(), 5);
        assert_eq!(lex.entries[1].weight, 2.0);
        assert!(lex.entries[1].negate);
        // Line numbers count the comment line.
        assert_eq!(lex.entries[0].line, 3);
        match &lex.entries[2].compiled {
            Pattern::Words { elems, .. } => {
                assert_eq!(
                    elems[0],
                    Elem {
                        text: "appear".into(),
                        prefix: true
                    }
                );
                assert_eq!(
                    elems[1],
                    Elem {
                        text: "to".into(),
                        prefix: false
                    }
                );
            }
            _ => panic!("phrase expected"),
        }
        match &lex.entries[3].compiled {
            Pattern::Words {
                elems,
                case_sensitive,
            } => {
                assert!(case_sensitive);
                assert_eq!(elems[0].text, "US");
            }
            _ => panic!("word expected"),
        }
    }

    #[test]
    fn every_error_is_reported_with_its_line() {
        let errs = parse(
            "pattern,category,weight,negate\nok,a,,\nbad,a,heavy,\nal*eg,a,,\nre:(unclosed,a,,\nok,a,,\n,a,,\nx,a,1,maybe\n",
        )
        .unwrap_err();
        assert_eq!(errs.len(), 6, "{errs:#?}");
        assert!(errs[0].starts_with("lex/test.csv:3: weight `heavy`"));
        assert!(errs[1].starts_with("lex/test.csv:4: `*` may only end a word"));
        assert!(errs[2].starts_with("lex/test.csv:5: invalid regular expression"));
        assert!(errs[3].starts_with("lex/test.csv:6: `ok` in `a` repeats line 2"));
        assert!(errs[4].starts_with("lex/test.csv:7: empty pattern"));
        assert!(errs[5].starts_with("lex/test.csv:8: negate `maybe`"));
    }

    #[test]
    fn header_problems() {
        let errs = parse("word,category,wieght\nx,a,1\n").unwrap_err();
        assert!(errs.iter().any(|e| e.contains("unknown column `wieght`")));
        assert!(errs.iter().any(|e| e.contains("no `pattern` column")));
    }

    #[test]
    fn same_pattern_in_two_categories_is_allowed() {
        let lex = parse("pattern,category\nwar,conflict\nwar,violence\n").unwrap();
        assert_eq!(lex.entries.len(), 2);
    }

    #[test]
    fn limits_are_errors_with_lines() {
        let long = "x".repeat(MAX_PATTERN_BYTES + 1);
        // Short to write, huge to compile: a thousand Unicode word classes.
        let errs = parse(&format!("pattern,category\n{long},a\nre:\\w{{1000}},a\n")).unwrap_err();
        assert!(
            errs[0].starts_with("lex/test.csv:2: pattern of 1001 bytes is longer than the limit"),
            "{errs:?}"
        );
        assert!(
            errs[1].starts_with("lex/test.csv:3: regular expression `\\w{1000}` is too large"),
            "{errs:?}"
        );
    }

    #[test]
    fn punctuation_only_pattern_is_refused() {
        let errs = parse("pattern,category\n--,a\n").unwrap_err();
        assert!(errs[0].contains("no letter or digit"));
    }

    proptest::proptest! {
        /// Any bytes as a lexicon file: an error list or a lexicon, never a panic.
        #[test]
        fn parsing_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = parse_lexicon(Path::new("x.csv"), &bytes);
        }

        #[test]
        fn parsing_lexicon_like_text_never_panics(text in "pattern,category(,weight|,negate)?\n([a-z*= ]{0,12},[a-z]{0,5}(,[0-9a-z.]{0,3})?\n){0,8}") {
            let _ = parse_lexicon(Path::new("x.csv"), text.as_bytes());
        }
    }
}
