//! Corpus input: which articles a run scores, with their outlet and metadata, as a stream.
//!
//! Inputs are folders of `.txt` files (`folder`), JSONL and CSV files, their gzip forms, and `-`
//! for JSONL on standard input (`records`). Opening the inputs reads only what must be known
//! before the first report row is written — folder listings, manifests, CSV headers — and every
//! problem there stops the run (exit 2). Articles are then pulled one chunk at a time
//! (`Corpus::items`), so memory holds the articles in flight, not the corpus. A record that cannot
//! be read (invalid JSON, no `text`) becomes an item that goes to skipped.csv with its line.

mod folder;
pub(crate) mod identity;
mod records;

use std::fmt;
use std::path::{Path, PathBuf};

/// Metadata columns every articles.csv has, after `article_id,outlet`.
pub const STANDARD_META: &[&str] = &["title", "date", "url", "story"];

/// The outlet of an article that no manifest row or record names.
pub const UNKNOWN_OUTLET: &str = "unknown";

/// The names of the fields (JSONL) or columns (CSV) of a record corpus that hold an article's
/// id, outlet and text: `id`, `outlet` and `text` unless `--id-column`, `--outlet-column` and
/// `--text-column` name others (Media Cloud's `stories_id` and `media_name`, a LexisNexis or
/// Factiva export's `Source` and `Body`). CSV column names are compared in lower case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fields {
    pub id: String,
    pub outlet: String,
    pub text: String,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".into(),
            outlet: "outlet".into(),
            text: "text".into(),
        }
    }
}

impl Fields {
    /// Is `name` one of the three, or one of their usual names (then it is no metadata column:
    /// articles.csv has `article_id` and `outlet` already, and never the text)?
    pub fn reserved(&self, name: &str) -> bool {
        [&self.id, &self.outlet, &self.text]
            .iter()
            .any(|f| f.as_str() == name)
            || ["id", "outlet", "text"].contains(&name)
    }

    /// The names in lower case, as a CSV header is compared: ASCII letters only, as the header
    /// is lowered (`--text-column Ärtikel` finds the column `Ärtikel`).
    pub fn lowercase(&self) -> Fields {
        Fields {
            id: self.id.to_ascii_lowercase(),
            outlet: self.outlet.to_ascii_lowercase(),
            text: self.text.to_ascii_lowercase(),
        }
    }
}

/// How a run reads the records of a JSONL input: its metadata columns and which fields are the
/// id, outlet and text.
#[derive(Debug, Default)]
pub struct Shape {
    pub meta_columns: Vec<String>,
    pub fields: Fields,
}

/// The columns a header row names more than once, each as a message for `FILE:1: …`. Names
/// are compared in lower case, as headers are read (`outlet` and `Outlet` are one column); an
/// empty name is no column (a spreadsheet's trailing commas). Whichever copy the reader took,
/// the other's values would be lost without a word, so the header is refused instead.
pub(crate) fn repeated_columns(header: &[&str]) -> Vec<String> {
    let lower: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    for (i, name) in lower.iter().enumerate() {
        if name.is_empty() || lower[..i].contains(name) {
            continue;
        }
        let at: Vec<usize> = (i..lower.len()).filter(|&j| lower[j] == *name).collect();
        if at.len() < 2 {
            continue;
        }
        let numbers: Vec<String> = at.iter().map(|j| (j + 1).to_string()).collect();
        let Some((last, rest)) = numbers.split_last() else {
            continue;
        };
        let written: Vec<String> = at.iter().map(|&j| format!("`{}`", header[j])).collect();
        out.push(format!(
            "the column `{name}` is there {} (columns {} and {last}: {}); slant would not know which to read; rename or delete one",
            times(at.len()),
            rest.join(", "),
            written.join(", ")
        ));
    }
    out
}

/// "twice", "3 times".
pub(crate) fn times(n: usize) -> String {
    if n == 2 {
        "twice".into()
    } else {
        format!("{n} times")
    }
}

/// An article's identity: what articles.csv and skipped.csv say about where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleRef {
    /// A folder article: its path relative to the folder, without `.txt`, `/`-separated. A record:
    /// its `id`.
    pub id: String,
    pub outlet: String,
    /// Values of `Corpus::meta_columns`, in that order.
    pub meta: Vec<String>,
    /// The file, or `file:line` of a record: skipped.csv's `source`.
    pub origin: String,
}

/// One article of the stream, not yet read or parsed.
#[derive(Debug, Clone)]
pub enum Source {
    /// A folder article: the text is in a file.
    File(ArticleRef, PathBuf),
    /// A CSV record, parsed: the text is here.
    Text(ArticleRef, Vec<u8>),
    /// A JSONL record, parsed by the worker that scores it (`parse_json`), with the run's
    /// metadata columns.
    Json {
        origin: String,
        bytes: Vec<u8>,
        shape: std::sync::Arc<Shape>,
    },
    /// A record that could not be read.
    Bad(ArticleRef, String),
}

/// A source with its position in the input, which orders the report rows.
#[derive(Debug, Clone)]
pub struct Item {
    pub pos: u64,
    /// Which of the inputs it is from (their index, as given).
    pub input: usize,
    pub source: Source,
}

/// One input of a run.
enum Input {
    Folder(Vec<folder::FolderArticle>),
    Records(records::RecordInput),
}

/// What a run will score.
#[derive(Default)]
pub struct Corpus {
    pub meta_columns: Vec<String>,
    pub warnings: Vec<String>,
    /// A JSONL record longer than this is skipped without being held in memory whole.
    pub max_record_bytes: usize,
    inputs: Vec<Input>,
    /// The corpus identity being made (`open_identified`).
    identity: Option<identity::Identity>,
}

/// A problem with the corpus or its manifest that stops the run before any article is scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CorpusError(pub Vec<String>);

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.join("\n"))
    }
}

/// Opens the inputs. `manifest` overrides each folder's own `manifest.csv`.
/// `fields` names the id, outlet and text of record corpora.
pub fn open(
    inputs: &[PathBuf],
    manifest: Option<&Path>,
    fields: &Fields,
) -> Result<Corpus, CorpusError> {
    open_as(inputs, manifest, fields, false)
}

/// Opens the inputs as `open` does, for a shard: the corpus identity (`identity`) is made as the
/// run reads the corpus. `Corpus::identity` gives it; the run hands it each folder article.
pub fn open_identified(
    inputs: &[PathBuf],
    manifest: Option<&Path>,
    fields: &Fields,
) -> Result<Corpus, CorpusError> {
    open_as(inputs, manifest, fields, true)
}

fn open_as(
    inputs: &[PathBuf],
    manifest: Option<&Path>,
    fields: &Fields,
    identify: bool,
) -> Result<Corpus, CorpusError> {
    let mut corpus = Corpus {
        meta_columns: STANDARD_META.iter().map(|s| s.to_string()).collect(),
        // The default of `--max-article-mb`: a command that reads a corpus without the option
        // holds no record larger than `score` would score.
        max_record_bytes: crate::config::DEFAULT_MAX_ARTICLE_MB << 20,
        identity: identify.then(identity::Identity::new),
        ..Corpus::default()
    };
    let mut errors = Vec::new();
    for input in inputs {
        let shown = input.display().to_string();
        if input.as_os_str() == "-" {
            let identify = corpus.identity.is_some();
            match records::RecordInput::stdin(&mut corpus.meta_columns, fields, identify) {
                Ok(mut r) => {
                    corpus.warnings.append(&mut r.warnings);
                    if let (Some(id), Some(t)) = (&mut corpus.identity, r.tally.clone()) {
                        id.stdin(t);
                    }
                    corpus.inputs.push(Input::Records(r));
                }
                Err(e) => errors.push(e),
            }
        } else if input.is_dir() {
            match folder::open_folder(
                input,
                manifest,
                &mut corpus.meta_columns,
                &mut corpus.warnings,
                corpus.identity.as_mut().map(|id| (id, corpus.inputs.len())),
            ) {
                Ok(files) => corpus.inputs.push(Input::Folder(files)),
                Err(mut e) => errors.append(&mut e),
            }
        } else if input.is_file() && input.extension().is_some_and(|e| e == "txt") {
            let id = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            corpus.warnings.push(format!(
                "{}: a single file has no manifest; outlet `{UNKNOWN_OUTLET}`",
                input.display()
            ));
            let article = ArticleRef {
                id,
                outlet: UNKNOWN_OUTLET.into(),
                meta: Vec::new(),
                origin: input.display().to_string(),
            };
            corpus
                .inputs
                .push(Input::Folder(vec![(article, Ok(input.clone()))]));
            if let Some(id) = &mut corpus.identity {
                id.article_file(corpus.inputs.len() - 1, &shown);
            }
        } else if input.is_file() {
            match records::RecordInput::open(input, &mut corpus.meta_columns, fields, identify) {
                Ok(mut r) => {
                    corpus.warnings.append(&mut r.warnings);
                    // Opened with `identify`, a record file always has its tally.
                    if let (Some(id), Some(tally)) = (&mut corpus.identity, r.tally.take()) {
                        id.record(&shown, tally);
                    }
                    corpus.inputs.push(Input::Records(r));
                }
                Err(e) => errors.push(e),
            }
        } else if input.exists() {
            // A FIFO, device or socket: never opened (a FIFO would block the run).
            errors.push(format!(
                "{}: not a regular file or folder; give a file or folder of articles",
                input.display()
            ));
        } else {
            errors.push(format!("{}: no such file or folder", input.display()));
        }
    }
    if !errors.is_empty() {
        return Err(CorpusError(errors));
    }
    Ok(corpus)
}

impl Source {
    /// The identity of the article (parsing a JSON record for it), without reading a file.
    pub fn identify(&self) -> Option<String> {
        match self {
            Source::File(a, _) | Source::Text(a, _) => Some(a.id.clone()),
            Source::Json {
                origin,
                bytes,
                shape,
            } => parse_json(origin, bytes, shape).ok().map(|(a, _)| a.id),
            Source::Bad(..) => None,
        }
    }

    /// Reads the article, a file of at most `max_bytes`: its identity and bytes, or why it
    /// cannot be read.
    pub fn load(self, max_bytes: usize) -> Result<(ArticleRef, Vec<u8>), (ArticleRef, String)> {
        match self {
            Source::File(a, path) => match crate::files::read_regular(&path, max_bytes as u64) {
                Ok(b) => Ok((a, b)),
                Err(crate::files::NotRead::TooLarge(n)) => {
                    let why = crate::files::too_large(
                        usize::try_from(n).unwrap_or(usize::MAX),
                        max_bytes,
                    );
                    Err((a, why))
                }
                Err(crate::files::NotRead::Other(e)) => {
                    let why = format!("cannot read {}: {e}", path.display());
                    Err((a, why))
                }
            },
            Source::Text(a, b) => Ok((a, b)),
            Source::Json {
                origin,
                bytes,
                shape,
            } => parse_json(&origin, &bytes, &shape),
            Source::Bad(a, why) => Err((a, why)),
        }
    }
}

impl Corpus {
    /// How many articles the inputs hold, when that is known before reading them (folders).
    pub fn len_hint(&self) -> Option<u64> {
        self.inputs
            .iter()
            .map(|i| match i {
                Input::Folder(files) => Some(files.len() as u64),
                Input::Records(_) => None,
            })
            .sum()
    }

    /// The corpus identity being made, for a corpus opened with `open_identified` (once): the
    /// run hands it each item of a folder as it goes (`Identity::article`) and finishes it
    /// once the items are all read.
    pub fn identity(&mut self) -> Option<identity::Identity> {
        self.identity.take()
    }

    /// The articles of every input, in input order, numbered from 0. Each is read when the
    /// iterator reaches it.
    pub fn items(self) -> impl Iterator<Item = Item> + Send {
        let width = self.meta_columns.len();
        let meta_columns = self.meta_columns;
        let max = self.max_record_bytes;
        self.inputs
            .into_iter()
            .enumerate()
            .flat_map(
                move |(i, input)| -> Box<dyn Iterator<Item = (usize, Source)> + Send> {
                    match input {
                        Input::Folder(files) => {
                            Box::new(files.into_iter().map(move |(mut a, p)| {
                                a.meta.resize(width, String::new());
                                match p {
                                    Ok(p) => (i, Source::File(a, p)),
                                    Err(why) => (i, Source::Bad(a, why)),
                                }
                            }))
                        }
                        Input::Records(r) => Box::new(
                            r.into_sources(meta_columns.clone(), max)
                                .map(move |s| (i, s)),
                        ),
                    }
                },
            )
            .zip(0u64..)
            .map(|((input, source), pos)| Item { pos, input, source })
    }
}

pub use records::parse_json;

/// Reads a JSONL (or, with `csv`, CSV) corpus held in memory: the sources its records give, or the
/// error opening it. For property tests and fuzzing of the record readers.
pub fn records_from_bytes(
    bytes: &[u8],
    csv: bool,
    max_record_bytes: usize,
) -> Result<Vec<Source>, String> {
    let mut cols: Vec<String> = STANDARD_META.iter().map(|s| s.to_string()).collect();
    let r: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let input =
        records::RecordInput::from_reader("input".into(), csv, r, &mut cols, &Fields::default())?;
    Ok(input.into_sources(cols, max_record_bytes).collect())
}

/// Parses a manifest held in memory against a folder holding `files`: how many rows it gives,
/// or its errors. For property tests and fuzzing of the manifest reader.
pub fn manifest_from_bytes(bytes: &[u8], files: &[String]) -> Result<usize, Vec<String>> {
    folder::parse_manifest(
        Path::new("manifest.csv"),
        bytes,
        Path::new("."),
        files,
        &mut Vec::new(),
    )
    .map(|rows| rows.len())
}

#[cfg(test)]
mod field_tests {
    use super::Fields;

    #[test]
    fn a_field_name_is_lowered_as_a_csv_header_is() {
        let f = Fields {
            id: "ID".into(),
            outlet: "Quelle".into(),
            text: "Ärtikel".into(),
        };
        let l = f.lowercase();
        assert_eq!((l.id.as_str(), l.outlet.as_str()), ("id", "quelle"));
        assert_eq!(l.text, "Ärtikel".to_ascii_lowercase());
    }
}
