//! Lexicons: the editable word lists that everything slant counts comes from.
//!
//! This module reads and validates them — slant's CSV format (`parse`), LIWC `.dic`/`.dicx`
//! (`liwc`), quanteda YAML (`yaml`) — and loads a folder of them (`load_dir`). It knows nothing of
//! articles; `matcher` compiles what is loaded here into automata.

pub(crate) mod builtin;
mod liwc;
mod parse;
pub(crate) mod roles;
mod yaml;

pub use liwc::{parse_dic, parse_dicx};
pub(crate) use parse::pattern_key;
pub use parse::{parse_lexicon, parse_pattern, COLUMNS};
pub use roles::{Cat, Roles, ACTORS, BOILERPLATE};
pub use yaml::parse_yaml;

use regex::Regex;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// One element of a word pattern: a word, or a word prefix (`alleg*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elem {
    /// The matching form (folded, lowercased unless the pattern is case-sensitive).
    pub text: String,
    pub prefix: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// One word or a phrase of several, each element exact or a prefix.
    Words {
        elems: Vec<Elem>,
        case_sensitive: bool,
    },
    /// `re:REGEX`, matched against each sentence's text.
    Regex(Regex),
}

/// The category that makes an entry an exception (docs/lexicons.md, "Exceptions"): what it
/// matches counts for no category, and no other entry of its lexicon matches those words.
pub const EXCEPTION: &str = "-";

/// `Entry::category` of an exception: it names no report column.
pub const EXCEPTION_CATEGORY: usize = usize::MAX;

/// One row of a lexicon.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The pattern as written in the file.
    pub pattern: String,
    pub category: usize,
    pub weight: f64,
    /// Whether a negator before a match flips this entry's sign.
    pub negate: bool,
    pub note: String,
    /// The line of the file the entry is on (1-based), for messages.
    pub line: u64,
    pub compiled: Pattern,
}

impl Entry {
    /// Is this entry an exception (category `-`)?
    pub fn is_exception(&self) -> bool {
        self.category == EXCEPTION_CATEGORY
    }
}

/// How overlapping entries of one lexicon compete for the same words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MatchMode {
    /// slant's CSV lexicons: the longest entry at a position wins (most words, then exact over
    /// prefix, then the longer prefix) and its words are not matched again.
    #[default]
    Longest,
    /// LIWC `.dic`/`.dicx`: a word takes the categories of one entry, found as liwc-python finds
    /// it — the shortest matching wildcard first, then the exact word. Multi-word entries match
    /// as phrases before single words.
    Liwc,
    /// quanteda YAML dictionaries: every category (key) is matched on its own, longest match
    /// inside the category, so a word counts once in each category that has a pattern for it.
    PerCategory,
}

/// A lexicon file, loaded.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    pub path: PathBuf,
    /// Categories in the order they first appear: the order of their report columns.
    pub categories: Vec<String>,
    pub entries: Vec<Entry>,
    /// SHA-256 of the file's bytes, hex: run.json records which lexicons made a report.
    pub sha256: String,
    pub mode: MatchMode,
    /// Problems that did not stop loading (a LIWC entry skipped), as `file:line: message`.
    pub warnings: Vec<String>,
}

impl Lexicon {
    /// This lexicon's entries as boilerplate rules (its categories `line`, `block`, `span`,
    /// `runin`, `embed`).
    pub fn boilerplate_rules(&self) -> Vec<crate::text::boilerplate::Rule> {
        use crate::text::boilerplate::{Rule, Scope};
        let file = self
            .path
            .file_name()
            .map_or_else(|| self.name.clone(), |f| f.to_string_lossy().into_owned());
        self.entries
            .iter()
            .map(|e| {
                let category = self.category_name(e);
                Rule {
                    pattern: e.pattern.clone(),
                    regex: match &e.compiled {
                        Pattern::Regex(re) => Some(re.clone()),
                        Pattern::Words { .. } => None,
                    },
                    scope: match category {
                        "block" => Scope::Block,
                        "span" => Scope::Span,
                        "runin" => Scope::Runin,
                        "embed" => Scope::Embed,
                        _ => Scope::Line,
                    },
                    label: format!("`{}` ({file}:{}, {category})", e.pattern, e.line),
                    line: e.line,
                }
            })
            .collect()
    }

    /// A lexicon without entries yet, named after its file (`tone.csv` is `tone`).
    pub fn empty(path: &Path, mode: MatchMode) -> Lexicon {
        Lexicon {
            name: path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("lexicon")
                .to_owned(),
            path: path.to_path_buf(),
            categories: Vec::new(),
            entries: Vec::new(),
            sha256: String::new(),
            mode,
            warnings: Vec::new(),
        }
    }

    /// The category of `e` as written: its column's name, or `-` for an exception.
    pub fn category_name(&self, e: &Entry) -> &str {
        self.categories
            .get(e.category)
            .map_or(EXCEPTION, String::as_str)
    }

    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|c| c == name)
    }

    /// The index of category `name`, added at the end when it is new (categories keep the order
    /// in which they first appear).
    pub fn category_or_add(&mut self, name: &str) -> usize {
        match self.category_index(name) {
            Some(i) => i,
            None => {
                self.categories.push(name.to_owned());
                self.categories.len() - 1
            }
        }
    }

    /// The end of every parser: the lexicon, or every error found (a file that gave no entry is
    /// one, with `empty` saying so).
    pub(crate) fn finish(
        self,
        mut errors: Vec<LexiconError>,
        empty: &str,
    ) -> Result<Lexicon, Vec<LexiconError>> {
        if errors.is_empty() && self.entries.is_empty() {
            errors.push(LexiconError {
                path: self.path.clone(),
                line: 0,
                message: empty.to_owned(),
            });
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// A problem in a lexicon file, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub path: PathBuf,
    /// 0 when the problem concerns the whole file.
    pub line: u64,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

/// Every problem found while loading lexicons, reported together.
#[derive(Debug, Clone, thiserror::Error)]
pub struct LexiconErrors(pub Vec<LexiconError>);

impl fmt::Display for LexiconErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} error{} in the lexicons; fix them and run again:",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, e) in self.0.iter().enumerate() {
            if i + 1 < n {
                writeln!(f, "  {e}")?;
            } else {
                write!(f, "  {e}")?;
            }
        }
        Ok(())
    }
}

/// The lexicons of a run.
#[derive(Debug, Clone, Default)]
pub struct LexiconSet {
    /// The counting lexicons (actors among them), in report column order.
    pub lexicons: Vec<Lexicon>,
    /// `boilerplate.csv`, whose matches remove lines instead of being counted.
    pub boilerplate: Option<Lexicon>,
    /// Files in the folder that were not loaded, with why.
    pub warnings: Vec<String>,
    /// Where the lexicons and categories with a role are (`roles::Roles::of(&lexicons)`).
    pub roles: Roles,
    /// The lexicons built into slant stood in for a missing `lexicons` folder (`load`).
    pub built_in: bool,
}

impl LexiconSet {
    /// A set of these counting lexicons (in report column order) and boilerplate, its roles
    /// resolved.
    pub fn new(lexicons: Vec<Lexicon>, boilerplate: Option<Lexicon>) -> LexiconSet {
        LexiconSet {
            roles: Roles::of(&lexicons),
            lexicons,
            boilerplate,
            warnings: Vec::new(),
            built_in: false,
        }
    }

    /// The lexicon of a role, with its index.
    pub fn role(&self, index: Option<usize>) -> Option<(usize, &Lexicon)> {
        index.map(|i| (i, &self.lexicons[i]))
    }

    /// The boilerplate lexicon's rules (none without one).
    pub fn boilerplate_rules(&self) -> Vec<crate::text::boilerplate::Rule> {
        self.boilerplate
            .as_ref()
            .map(Lexicon::boilerplate_rules)
            .unwrap_or_default()
    }

    /// Every loaded file, counting lexicons and boilerplate.
    pub fn files(&self) -> impl Iterator<Item = &Lexicon> {
        self.lexicons.iter().chain(self.boilerplate.iter())
    }
}

/// The order in which the default lexicons' columns appear; other lexicons follow by name, and
/// `actors` comes last, since its columns are mention counts rather than scores.
const COLUMN_ORDER: &[&str] = &[roles::TONE, roles::HEDGING, roles::ATTRIBUTION, "framing"];

pub(crate) fn column_rank(name: &str) -> (usize, &str) {
    match COLUMN_ORDER.iter().position(|&n| n == name) {
        Some(i) => (i, name),
        None if name == ACTORS => (COLUMN_ORDER.len() + 1, name),
        None => (COLUMN_ORDER.len(), name),
    }
}

/// The lexicons of a run: the folder `dir`, or, when `dir` is the default `lexicons` and there
/// is no such folder here, the lexicons built into slant (`builtin`; `LexiconSet::built_in`).
pub fn load(dir: &Path) -> Result<LexiconSet, LexiconErrors> {
    if builtin::stands_in_for(dir) {
        let mut set = builtin::load()?;
        set.built_in = true;
        return Ok(set);
    }
    load_dir(dir)
}

/// Loads every `*.csv` lexicon in `dir`. All problems of all files are collected and returned
/// together, so a user fixes them in one pass.
pub fn load_dir(dir: &Path) -> Result<LexiconSet, LexiconErrors> {
    let whole = |message: String| {
        LexiconErrors(vec![LexiconError {
            path: dir.to_path_buf(),
            line: 0,
            message,
        }])
    };
    let read = std::fs::read_dir(dir).map_err(|e| {
        whole(format!(
            "cannot read the lexicon folder: {e} (give one with --lexicons DIR)"
        ))
    })?;
    let mut paths: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Folders are not lexicons; anything else with a lexicon's extension is read, so that a
        // FIFO or device named tone.csv is an error rather than a lexicon silently left out.
        .filter(|p| !p.is_dir())
        .collect();
    paths.sort();

    let mut set = LexiconSet::default();
    let mut errors = Vec::new();
    for path in paths {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        type Parser = fn(&Path, &[u8]) -> Result<Lexicon, Vec<LexiconError>>;
        let parser: Parser = match ext.as_deref() {
            Some("csv") => parse_lexicon,
            Some("dic") => parse_dic,
            Some("dicx") => parse_dicx,
            Some("yml" | "yaml") => parse_yaml,
            _ => continue,
        };
        // Regular files only (a FIFO named tone.csv would block the run), of at most 1 GiB.
        let bytes = match crate::files::read_regular(&path, 1 << 30) {
            Ok(b) => b,
            Err(e) => {
                let message = match e {
                    crate::files::NotRead::TooLarge(n) => {
                        format!("cannot read: {n} bytes, over the limit of 1 GiB for a lexicon")
                    }
                    crate::files::NotRead::Other(e) => format!("cannot read: {e}"),
                };
                errors.push(LexiconError {
                    path: path.clone(),
                    line: 0,
                    message,
                });
                continue;
            }
        };
        match parser(&path, &bytes) {
            Ok(mut lex) => {
                lex.sha256 = hex_sha256(&bytes);
                set.warnings.append(&mut lex.warnings);
                if set.files().any(|l| l.name == lex.name) {
                    errors.push(LexiconError {
                        path: path.clone(),
                        line: 0,
                        message: format!(
                            "another file in the folder is also named `{}`; a lexicon name must be unique (rename one)",
                            lex.name
                        ),
                    });
                } else if lex.name == BOILERPLATE {
                    set.boilerplate = Some(lex);
                } else {
                    set.lexicons.push(lex);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(LexiconErrors(errors));
    }
    if set.lexicons.is_empty() {
        return Err(whole(
            "no lexicon (*.csv) in this folder; the defaults are in lexicons/ of the slant repository"
                .into(),
        ));
    }
    set.lexicons
        .sort_by(|a, b| column_rank(&a.name).cmp(&column_rank(&b.name)));
    set.roles = Roles::of(&set.lexicons);
    Ok(set)
}

pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
