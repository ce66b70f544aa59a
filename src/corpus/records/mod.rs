//! Record corpora: JSONL (`.jsonl`, `.ndjson`), CSV (`.csv`), either gzip-compressed (`.gz`), and
//! JSONL on standard input (`-`). One article a record: `id`, `outlet`, `text` and the metadata
//! columns, in any order. Records stream: a JSONL line is handed over as bytes and parsed by the
//! worker that scores it; a CSV record (which may span lines inside quotes) is parsed here.

use super::identity::Tally;
use super::{ArticleRef, Fields, Shape, Source, UNKNOWN_OUTLET};
use flate2::read::MultiGzDecoder;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

enum Format {
    Jsonl,
    Csv(CsvColumns),
}

/// The column index of a CSV corpus's id, outlet, text and of each metadata column (by name).
struct CsvColumns {
    id: usize,
    outlet: Option<usize>,
    text: usize,
    meta: Vec<(String, usize)>,
    /// Lines end in CRLF (the header's does): a record after the first starts one line further
    /// than the csv crate says (`files::csv_line`).
    crlf: bool,
}

/// An opened JSONL or CSV input.
pub(super) struct RecordInput {
    name: String,
    format: Format,
    reader: Box<dyn BufRead + Send>,
    fields: Fields,
    /// What the run should know about this input, found when it was opened (a CSV without an
    /// `outlet` column).
    pub warnings: Vec<String>,
    /// The SHA-256 of the file's bytes as they are read, for a shard's corpus identity.
    pub tally: Option<Tally>,
}

/// The file at `path` as a buffered reader of its records (gunzipped for `.gz`); with `tally`,
/// every byte of the file as stored passes through its hash on the way in.
fn reader(path: &Path, tally: bool) -> Result<(Box<dyn BufRead + Send>, Option<Tally>), String> {
    let file = crate::files::open_regular(path)
        .map_err(|e| format!("{}: cannot open: {e}", path.display()))?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    fn buffered(gz: bool, r: impl Read + Send + 'static) -> Box<dyn BufRead + Send> {
        if gz {
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(BufReader::new(r)),
            ))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, r))
        }
    }
    Ok(if tally {
        let t = Tally::new(file);
        (buffered(gz, t.reader()), Some(t))
    } else {
        (buffered(gz, file), None)
    })
}

impl RecordInput {
    /// JSONL on standard input; with `tally`, every byte passes through its hash on the way in.
    pub(super) fn stdin(
        meta_columns: &mut Vec<String>,
        fields: &Fields,
        tally: bool,
    ) -> Result<RecordInput, String> {
        let (reader, tally): (Box<dyn BufRead + Send>, _) = if tally {
            let t = Tally::new(std::io::stdin());
            (
                Box::new(BufReader::with_capacity(1 << 16, t.reader())),
                Some(t),
            )
        } else {
            (
                Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
                None,
            )
        };
        let mut input =
            RecordInput::from_reader("stdin".into(), false, reader, meta_columns, fields)?;
        input.tally = tally;
        Ok(input)
    }

    /// Opens a JSONL or CSV file (gzip or not); for CSV reads the header now, adding its
    /// metadata columns to `meta_columns`. With `tally`, the file's bytes are hashed as they
    /// are read (`RecordInput::tally`).
    pub(super) fn open(
        path: &Path,
        meta_columns: &mut Vec<String>,
        fields: &Fields,
        tally: bool,
    ) -> Result<RecordInput, String> {
        let name = path.display().to_string();
        let lower = name.to_ascii_lowercase();
        let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
        let known = [".jsonl", ".ndjson", ".csv"]
            .iter()
            .any(|e| stem.ends_with(e));
        if !known {
            return Err(format!(
                "{name}: not a corpus slant can read; give a folder of .txt files, a .jsonl/.ndjson or .csv file (optionally .gz), or - for JSONL on standard input"
            ));
        }
        let (r, tally) = reader(path, tally)?;
        let mut input = RecordInput::from_reader(
            name.clone(),
            stem.ends_with(".csv"),
            r,
            meta_columns,
            fields,
        )?;
        input.tally = tally;
        Ok(input)
    }

    /// A JSONL or (with `csv`) CSV input read from `r`; for CSV reads the header now.
    pub(super) fn from_reader(
        name: String,
        csv: bool,
        r: Box<dyn BufRead + Send>,
        meta_columns: &mut Vec<String>,
        fields: &Fields,
    ) -> Result<RecordInput, String> {
        if !csv {
            return jsonl_input(name, r, meta_columns, fields);
        }
        let mut warnings = Vec::new();
        let mut r = r;
        // The header is the first CSV record; read it with the csv crate from a copy of the
        // first line(s), then go on with the same reader.
        let mut first = Vec::new();
        r.read_until(b'\n', &mut first)
            .map_err(|e| format!("{name}: cannot read: {e}"))?;
        let crlf = first.ends_with(b"\r\n");
        let first = first
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&first)
            .to_vec();
        let written: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(first.as_slice())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|h| h.iter().map(|c| c.trim().to_owned()).collect())
            .unwrap_or_default();
        let header: Vec<String> = written.iter().map(|c| c.to_ascii_lowercase()).collect();
        let col = |n: &str| header.iter().position(|h| h == n);
        if let [only] = header.as_slice() {
            for (sep, what) in [(';', "semicolon"), ('\t', "tab")] {
                if only.contains(sep) {
                    return Err(format!(
                        "{name}:1: the header `{only}` looks {what}-separated; slant reads comma-separated CSV (a spreadsheet's \"Save as CSV\" with `,` as the field delimiter writes it)"
                    ));
                }
            }
        }
        let repeated =
            super::repeated_columns(&written.iter().map(String::as_str).collect::<Vec<_>>());
        if !repeated.is_empty() {
            let lines: Vec<String> = repeated.iter().map(|m| format!("{name}:1: {m}")).collect();
            return Err(lines.join("\n"));
        }
        let lower = fields.lowercase();
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        let (Some(id), Some(text)) = (col(&lower.id), col(&lower.text)) else {
            let missing = if col(&lower.id).is_none() {
                ("id", &lower.id)
            } else {
                ("text", &lower.text)
            };
            return Err(format!(
                "{name}:1: a CSV corpus needs the columns {}, {} and {} (any order; title, date, url, story and others optional); the header has {}{}",
                lower.id,
                lower.outlet,
                lower.text,
                header.join(","),
                field_hint(missing.0, missing.1, &names)
            ));
        };
        let outlet = col(&lower.outlet);
        if outlet.is_none() {
            warnings.push(format!(
                "{name}: no `{}` column; every article gets outlet `{UNKNOWN_OUTLET}`, so outlets cannot be compared{}",
                lower.outlet,
                field_hint("outlet", &lower.outlet, &names)
            ));
        }
        let mut meta = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() || lower.reserved(h) {
                continue;
            }
            if !meta_columns.contains(h) {
                meta_columns.push(h.clone());
            }
            meta.push((h.clone(), i));
        }
        Ok(RecordInput {
            name,
            format: Format::Csv(CsvColumns {
                id,
                outlet,
                text,
                meta,
                crlf,
            }),
            reader: r,
            fields: fields.clone(),
            warnings,
            tally: None,
        })
    }

    /// The records as sources, in file order. A JSONL line longer than `max_record_bytes` is
    /// skipped as it is read, never held whole.
    pub(super) fn into_sources(
        self,
        meta_columns: Vec<String>,
        max_record_bytes: usize,
    ) -> Box<dyn Iterator<Item = Source> + Send> {
        match self.format {
            Format::Jsonl => {
                let shape = Arc::new(Shape {
                    meta_columns,
                    fields: self.fields,
                });
                jsonl_sources(self.name, self.reader, shape, max_record_bytes)
            }
            Format::Csv(cols) => csv_sources(self.name, self.reader, cols, meta_columns),
        }
    }
}

/// A JSONL file's records, one a line.
fn jsonl_sources(
    name: String,
    mut reader: Box<dyn BufRead + Send>,
    shape: Arc<Shape>,
    max_record_bytes: usize,
) -> Box<dyn Iterator<Item = Source> + Send> {
    let mut line = 0u64;
    let mut done = false;
    Box::new(std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let mut buf = Vec::new();
        line += 1;
        let cap = max_record_bytes.saturating_add(1) as u64;
        match (&mut reader).take(cap).read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(n) if n as u64 == cap && buf.last() != Some(&b'\n') => {
                // Too long: skip the rest of the line without keeping it.
                let mut rest = 0usize;
                while let Ok(chunk) = reader.fill_buf() {
                    if chunk.is_empty() {
                        break;
                    }
                    let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
                        Some(p) => (p + 1, true),
                        None => (chunk.len(), false),
                    };
                    reader.consume(take);
                    rest += take;
                    if end {
                        break;
                    }
                }
                let why = crate::files::too_large(n + rest, max_record_bytes);
                return Some(unreadable(&name, line, &why));
            }
            Ok(_) => {
                // A byte order mark before the first record (Windows editors
                // write one) is not part of it.
                if line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                    buf.pop();
                }
                return Some(Source::Json {
                    origin: format!("{name}:{line}"),
                    bytes: buf,
                    shape: shape.clone(),
                });
            }
            Err(e) => {
                done = true;
                return Some(unreadable(&name, line, &e.to_string()));
            }
        }
    }))
}

/// A CSV file's records, after its header.
fn csv_sources(
    name: String,
    reader: Box<dyn BufRead + Send>,
    cols: CsvColumns,
    meta_columns: Vec<String>,
) -> Box<dyn Iterator<Item = Source> + Send> {
    let CsvColumns {
        id,
        outlet,
        text,
        meta,
        crlf,
    } = cols;
    // The header was read apart: the reader's line 1 is the file's line 2.
    let line_of = move |pos: Option<&csv::Position>| {
        pos.map_or(0, |p| p.line() + 1 + u64::from(crlf && p.byte() > 0))
    };
    let quotes = Arc::new(AtomicU64::new(0));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(QuoteCount {
            inner: reader,
            quotes: quotes.clone(),
        });
    // Line numbers: the header was line 1.
    let mut done = false;
    // Each record is handed on only once the next is read: the last one may turn out
    // to hold an opening quote never closed (see `swallowed`).
    let mut held: Option<(Source, u64)> = None;
    let mut queue: std::collections::VecDeque<Source> = Default::default();
    Box::new(std::iter::from_fn(move || loop {
        if let Some(s) = queue.pop_front() {
            return Some(s);
        }
        if done {
            return None;
        }
        let mut rec = csv::ByteRecord::new();
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => {
                done = true;
                if let Some((source, start)) = held.take() {
                    let end = rdr.position().line() + 1;
                    let odd = quotes.load(Ordering::Relaxed) % 2 == 1;
                    queue.push_back(match (swallowed(odd, start, end), source) {
                        (Some(why), Source::Text(a, _) | Source::Bad(a, _)) => Source::Bad(a, why),
                        (Some(why), _) => unreadable(&name, start, &why),
                        (None, source) => source,
                    });
                }
            }
            Ok(true) => {
                let line = line_of(rec.position());
                let source = csv_source(&name, line, &rec, id, outlet, text, &meta, &meta_columns);
                if let Some((prev, _)) = held.replace((source, line)) {
                    queue.push_back(prev);
                }
            }
            Err(e) => {
                let line = line_of(e.position());
                // A broken quote swallows the rest; the csv crate cannot resync.
                done = !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                );
                if let Some((prev, _)) = held.take() {
                    queue.push_back(prev);
                }
                queue.push_back(unreadable(&name, line, &format!("not valid CSV: {e}")));
            }
        }
    }))
}

/// Counts the `"` bytes read through it. In valid CSV they come in pairs (a quoted field opens
/// and closes; a quote inside one is doubled), so an odd count at the end means a quote that was
/// never closed.
struct QuoteCount<R> {
    inner: R,
    quotes: Arc<AtomicU64>,
}

impl<R: Read> Read for QuoteCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let q = memchr::memchr_iter(b'"', &buf[..n]).count() as u64;
        self.quotes.fetch_add(q, Ordering::Relaxed);
        Ok(n)
    }
}

/// A JSONL input, its first record checked now as a CSV header is (`check_first_record`):
/// without `id` or `text`, with one of them or `outlet` of a type slant cannot read, or with a
/// field it reads named twice, no record is likely to be scored right (an error, as for a
/// CSV); without `outlet` none can be compared (a warning). Its other scalar fields become
/// metadata columns of articles.csv, as a CSV's extra columns do. The lines read for the check
/// are read again by the records.
fn jsonl_input(
    name: String,
    mut r: Box<dyn BufRead + Send>,
    meta_columns: &mut Vec<String>,
    fields: &Fields,
) -> Result<RecordInput, String> {
    // At most 1 MiB of a line and 64 blank lines are looked at: a record past that is left to
    // the per-record checks.
    let mut read = Vec::new();
    let mut first = None;
    for line in 1..=64u64 {
        let at = read.len();
        let n = (&mut r)
            .take(1 << 20)
            .read_until(b'\n', &mut read)
            .map_err(|e| format!("{name}: cannot read: {e}"))?;
        let bytes = &read[at..];
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if n == 0 || !bytes.ends_with(b"\n") && n == 1 << 20 {
            break;
        }
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            first = Some((line, bytes.to_vec()));
            break;
        }
    }
    let warnings = match first {
        Some((line, bytes)) => {
            check_first_record(&format!("{name}:{line}"), &bytes, meta_columns, fields)?
        }
        None => Vec::new(),
    };
    Ok(RecordInput {
        name,
        format: Format::Jsonl,
        reader: Box::new(std::io::Cursor::new(read).chain(r)),
        fields: fields.clone(),
        warnings,
        tally: None,
    })
}

/// Names exports give the id, outlet and text of an article (Media Cloud, LexisNexis, Factiva,
/// news-please, scrapers), in the order they are suggested.
const USUAL_NAMES: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "stories_id",
            "article_id",
            "doc_id",
            "docid",
            "guid",
            "uid",
            "an",
            "url",
        ],
    ),
    (
        "outlet",
        &[
            "media_name",
            "source",
            "source_name",
            "publication",
            "publisher",
            "media",
            "sn",
            "site",
            "domain",
        ],
    ),
    (
        "text",
        &[
            "body",
            "content",
            "full_text",
            "fulltext",
            "maintext",
            "article",
            "story_text",
            "bodytext",
            "lp",
        ],
    ),
];

/// What to do when the field for `role` (id, outlet or text), looked for as `wanted`, is not
/// among `have`: the flag that names it, with a field of the usual names if there is one.
fn field_hint(role: &str, wanted: &str, have: &[&str]) -> String {
    let flag = format!("--{role}-column");
    match likely_field(role, wanted, have) {
        Some(h) => format!("; if `{h}` holds it, give {flag} {h}"),
        None => format!(
            "; give {flag} NAME for the field that holds it, or rename the field in the file"
        ),
    }
}

/// The first of `have` that exports use for `role` (id, outlet or text), other than `wanted`.
fn likely_field<'a>(role: &str, wanted: &str, have: &[&'a str]) -> Option<&'a str> {
    let usual = USUAL_NAMES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or(&[][..], |(_, names)| *names);
    usual.iter().find_map(|u| {
        have.iter()
            .find(|h| h.eq_ignore_ascii_case(u) && **h != wanted)
            .copied()
    })
}

/// The reason to skip the last record of a CSV corpus whose quotes do not pair up, when it runs
/// over several lines to the end of the file: an opening quote never closed makes the csv reader
/// take every line after it as one cell, so the records there would vanish into that article's
/// text. (A stray `5"` in a one-line last record is left alone.)
fn swallowed(odd_quotes: bool, start: u64, end: u64) -> Option<String> {
    (odd_quotes && end > start + 1).then(|| {
        format!(
            "an opening quote in this record is never closed, so it runs to the end of the file and takes in lines {}-{} as its text; close the quote (the records on those lines are not read)",
            start + 1,
            end
        )
    })
}

fn unreadable(name: &str, line: u64, reason: &str) -> Source {
    Source::Bad(
        ArticleRef {
            origin: format!("{name}:{line}"),
            outlet: UNKNOWN_OUTLET.into(),
            ..ArticleRef::default()
        },
        reason.to_owned(),
    )
}

#[allow(clippy::too_many_arguments)]
fn csv_source(
    name: &str,
    line: u64,
    rec: &csv::ByteRecord,
    id: usize,
    outlet: Option<usize>,
    text: usize,
    meta: &[(String, usize)],
    meta_columns: &[String],
) -> Source {
    let cell = |i: usize| {
        rec.get(i)
            .map(|c| String::from_utf8_lossy(c).trim().to_owned())
    };
    let mut a = ArticleRef {
        id: cell(id).unwrap_or_default(),
        outlet: outlet
            .and_then(cell)
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| UNKNOWN_OUTLET.into()),
        meta: meta_columns
            .iter()
            .map(|c| {
                meta.iter()
                    .find(|(n, _)| n == c)
                    .and_then(|&(_, i)| cell(i))
                    .unwrap_or_default()
            })
            .collect(),
        origin: format!("{name}:{line}"),
    };
    if a.id.is_empty() {
        a.id = String::new();
        return Source::Bad(a, "the record has no `id`".into());
    }
    match rec.get(text) {
        Some(t) => Source::Text(a, t.to_vec()),
        None => Source::Bad(a, "the record has no `text` cell".into()),
    }
}

/// A JSON value as a metadata cell: strings as they are, numbers and booleans printed.
/// A cell of the record as text, trimmed as CSV cells and manifest cells are.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// "an object", "null", …: what a JSON value is, for a message.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The three fields a record needs, and the types slant reads each as.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Id,
    Outlet,
    Text,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Outlet => "outlet",
            Role::Text => "text",
        }
    }

    fn field(self, f: &Fields) -> &str {
        match self {
            Role::Id => &f.id,
            Role::Outlet => &f.outlet,
            Role::Text => &f.text,
        }
    }

    /// What slant reads the field as.
    fn wants(self) -> &'static str {
        match self {
            Role::Id => "a string or a whole number",
            Role::Outlet => "a string (or a number)",
            Role::Text => "a string",
        }
    }

    /// Whether a value of this type can be read; `null` is a missing field, said by the caller.
    fn accepts(self, v: &Value) -> bool {
        match v {
            Value::String(_) => true,
            Value::Number(_) => self != Role::Text,
            _ => false,
        }
    }
}

/// A number JSON cannot hold exactly as an id: a fraction, or an integer over 2^64 (read as the
/// nearest double, so two such ids could become one).
fn inexact(v: &Value) -> bool {
    matches!(v, Value::Number(n) if n.as_u64().is_none() && n.as_i64().is_none())
}

/// Why a record's value for `role` cannot be read (`None` when it can, or when it is `null`,
/// which is read as a missing field).
fn wrong_type(role: Role, f: &Fields, v: &Value) -> Option<String> {
    (!v.is_null() && !role.accepts(v)).then(|| {
        format!(
            "`{}` is {}; slant reads {}",
            role.field(f),
            kind(v),
            role.wants()
        )
    })
}

/// "the field `id` is there twice": a record that names a field slant reads more than once.
/// A JSON reader keeps one copy without a word (serde_json's `Value` the last), so such a
/// record is refused rather than read by position.
fn named_again(field: &str, n: usize) -> String {
    format!(
        "the field `{field}` is there {}; slant would not know which to read",
        super::times(n)
    )
}

/// The fields of a JSONL record that slant reads, as a worker parses it: the id, outlet and
/// text (by the run's names) and the metadata columns, each `None` when the record has no such
/// field. Every other field is skipped without being built (`IgnoredAny`), and no key is
/// copied: the keys are only compared with these names. A field read that comes again is
/// noted in `twice`, not read: which copy counts is what the record does not say.
struct ReadFields {
    id: Option<Value>,
    outlet: Option<Value>,
    text: Option<Value>,
    meta: Vec<Option<Value>>,
    twice: Option<String>,
}

/// A record parsed: the fields read, or not a JSON object.
enum Parsed {
    Object(ReadFields),
    NotObject,
}

/// Which of the fields read a key names (a name may be two of them: `--outlet-column title`).
struct Slot {
    id: bool,
    outlet: bool,
    text: bool,
    meta: Option<usize>,
}

/// Parses a record's key into its `Slot`, comparing it where it lies (no copy).
struct KeySeed<'a>(&'a Shape);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Slot;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Slot;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<Slot, E> {
        let f = &self.0.fields;
        Ok(Slot {
            id: k == f.id,
            outlet: k == f.outlet,
            text: k == f.text,
            meta: self.0.meta_columns.iter().position(|c| c == k),
        })
    }
}

/// Parses a whole record against a `Shape`.
struct RecordSeed<'a>(&'a Shape);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Parsed;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Parsed, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Parsed;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let shape = self.0;
        let mut r = ReadFields {
            id: None,
            outlet: None,
            text: None,
            meta: vec![None; shape.meta_columns.len()],
            twice: None,
        };
        while let Some(slot) = map.next_key_seed(KeySeed(shape))? {
            let ReadFields {
                id,
                outlet,
                text,
                meta,
                twice,
            } = &mut r;
            // The text last: it takes the value, the others (rarely any) a copy.
            let targets = [
                slot.meta.and_then(|i| meta.get_mut(i)),
                slot.id.then_some(id),
                slot.outlet.then_some(outlet),
                slot.text.then_some(text),
            ];
            let n = targets.iter().flatten().count();
            if n == 0 {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if targets.iter().flatten().any(|t| t.is_some()) {
                if twice.is_none() {
                    let f = &shape.fields;
                    let name = match &slot {
                        Slot { id: true, .. } => f.id.clone(),
                        Slot { outlet: true, .. } => f.outlet.clone(),
                        Slot { text: true, .. } => f.text.clone(),
                        Slot { meta: Some(i), .. } => {
                            shape.meta_columns.get(*i).cloned().unwrap_or_default()
                        }
                        _ => String::new(),
                    };
                    *twice = Some(name);
                }
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let mut v = Some(map.next_value::<Value>()?);
            for (i, t) in targets.into_iter().flatten().enumerate() {
                *t = if i + 1 == n { v.take() } else { v.clone() };
            }
        }
        Ok(Parsed::Object(r))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Parsed::NotObject)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::NotObject)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::NotObject)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::NotObject)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::NotObject)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::NotObject)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Parsed, E> {
        Ok(Parsed::NotObject)
    }
}

/// Parses a JSONL record into its identity and text, or the reason it cannot be scored.
///
/// Only the fields slant reads are built; a record that names one of them twice, or gives the
/// id, outlet or text as something slant cannot read as them (an object, an array, a boolean;
/// a number for the text), is skipped with a reason naming the field and its type — never read
/// by position, never turned into `unknown` or "no `id`". `null` is read as a missing field:
/// an outlet `null` is `unknown`, as a record without one; an id or text `null` is skipped.
/// A metadata column (named by the first record's scalar fields) that is an object or array
/// here is written as its JSON text, compact: its cell says what the record holds.
pub fn parse_json(
    origin: &str,
    bytes: &[u8],
    shape: &Shape,
) -> Result<(ArticleRef, Vec<u8>), (ArticleRef, String)> {
    let (meta_columns, f) = (&shape.meta_columns, &shape.fields);
    let mut a = ArticleRef {
        outlet: UNKNOWN_OUTLET.into(),
        meta: vec![String::new(); meta_columns.len()],
        origin: origin.to_owned(),
        ..ArticleRef::default()
    };
    // JSON is UTF-8 throughout: a record with bytes that are not is invalid JSON, as it always
    // was, even where they lie in a field slant does not read (whose bytes the parser skips
    // unchecked). Checked once here, the parser then reads a `str`; a record that fails is
    // parsed as before for the parser's own message, with its line and column.
    let Ok(json) = std::str::from_utf8(bytes) else {
        let why = serde_json::from_slice::<Value>(bytes)
            .err()
            .map_or_else(|| "not UTF-8".to_owned(), |e| e.to_string());
        return Err((a, format!("invalid JSON: {why}")));
    };
    let mut de = serde_json::Deserializer::from_str(json);
    let parsed = match RecordSeed(shape)
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p))
    {
        Ok(p) => p,
        Err(e) => return Err((a, format!("invalid JSON: {e}"))),
    };
    let Parsed::Object(r) = parsed else {
        return Err((a, "the record is not a JSON object".into()));
    };
    // What can be said of the article is filled in first, so that skipped.csv shows it: not a
    // field named twice, nor a value slant cannot read as it.
    let sure = |role: Role, v: &Option<Value>| {
        v.as_ref()
            .filter(|v| role.accepts(v) && r.twice.as_deref() != Some(role.field(f)))
            .filter(|v| role != Role::Id || !inexact(v))
            .and_then(scalar)
            .filter(|s| !s.is_empty())
    };
    if let Some(o) = sure(Role::Outlet, &r.outlet) {
        a.outlet = o;
    }
    if let Some(i) = sure(Role::Id, &r.id) {
        a.id = i;
    }
    for (cell, v) in a.meta.iter_mut().zip(&r.meta) {
        match v {
            Some(v @ (Value::Object(_) | Value::Array(_))) => *cell = v.to_string(),
            Some(v) => *cell = scalar(v).unwrap_or_default(),
            None => {}
        }
    }
    if let Some(field) = &r.twice {
        return Err((a, named_again(field, 2)));
    }
    for (role, v) in [(Role::Id, &r.id), (Role::Outlet, &r.outlet)] {
        if let Some(why) = v.as_ref().and_then(|v| wrong_type(role, f, v)) {
            return Err((a, why));
        }
    }
    if let Some(n) = r.id.as_ref().filter(|v| inexact(v)) {
        return Err((
            a,
            format!("`{}` {n} is a number that cannot be kept exactly (not an integer, or over 2^64); write it as a string, \"{}\": \"…\"", f.id, f.id),
        ));
    }
    if a.id.is_empty() {
        let why = match &r.id {
            Some(Value::Null) => format!("`{}` is null; slant reads {}", f.id, Role::Id.wants()),
            _ => format!("the record has no `{}`", f.id),
        };
        return Err((a, why));
    }
    match r.text {
        Some(Value::String(t)) => Ok((a, t.into_bytes())),
        Some(v) => {
            let why = wrong_type(Role::Text, f, &v)
                .unwrap_or_else(|| format!("`{}` is null; slant reads a string", f.text));
            Err((a, why))
        }
        None => Err((a, format!("the record has no `{}`", f.text))),
    }
}

/// Every field of a record, in order and with any repeats (a `Value` keeps one copy of each):
/// the first record is checked as a CSV header is, and a field it names twice must be seen.
struct Entries;

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<(String, Value)>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON record")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(e) = map.next_entry::<String, Value>()? {
            out.push(e);
        }
        Ok(out)
    }
}

impl<'de> DeserializeSeed<'de> for Entries {
    type Value = Vec<(String, Value)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

/// A short view of a value for a message: its JSON text, cut at about 60 characters.
fn preview(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// Checks the first record of a JSONL input, as a CSV header is checked: a field slant reads
/// named twice, an id or text missing or of a type slant cannot read, an outlet of such a type
/// stop the run (no record of the file is likely to be better); an outlet missing is a warning.
/// Gives the warnings, and adds the record's other scalar fields to `meta_columns`. A record
/// that is no JSON object is left to the per-record checks.
fn check_first_record(
    at: &str,
    bytes: &[u8],
    meta_columns: &mut Vec<String>,
    fields: &Fields,
) -> Result<Vec<String>, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let entries = Entries
        .deserialize(&mut de)
        .and_then(|e| de.end().map(|()| e));
    let Ok(entries) = entries else {
        return Ok(Vec::new());
    };
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    // In byte order, as messages and metadata columns have always been (a `Value`'s map).
    let mut unique: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if keys[..i].contains(k) {
            continue;
        }
        unique.push(k);
        let copies: Vec<&Value> = entries
            .iter()
            .filter(|(o, _)| o == k)
            .map(|(_, v)| v)
            .collect();
        // A field slant does not read (an exporter's repeated `authors` list) may repeat.
        let read = [&fields.id, &fields.outlet, &fields.text].contains(&&k.to_string())
            || meta_columns.iter().any(|c| c == k)
            || !fields.reserved(k) && copies.iter().any(|v| scalar(v).is_some());
        if read && copies.len() > 1 {
            errors.push(format!(
                "{at}: {}; rename or delete one",
                named_again(k, copies.len())
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    unique.sort_unstable();
    let get = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let needs = format!(
        "every JSONL record needs `{}` and `{}`, and `{}` to compare outlets",
        fields.id, fields.text, fields.outlet
    );
    for role in [Role::Id, Role::Text, Role::Outlet] {
        let field = role.field(fields);
        let hint = field_hint(role.name(), field, &unique);
        match get(field) {
            None | Some(Value::Null) if role != Role::Outlet => {
                let what = match get(field) {
                    None => format!("the record has no `{field}` field"),
                    Some(_) => format!("the record's `{field}` is null"),
                };
                return Err(format!(
                    "{at}: {what} (its fields: {}); {needs}{hint}",
                    unique.join(", ")
                ));
            }
            Some(v) if !v.is_null() && !role.accepts(v) => {
                let flag = format!("--{}-column", role.name());
                let todo = match likely_field(role.name(), field, &unique) {
                    Some(h) => format!("if `{h}` holds it, give {flag} {h}"),
                    None => format!(
                        "write it so in the file, or give {flag} NAME for the field that holds it"
                    ),
                };
                return Err(format!(
                    "{at}: `{field}` is {} (`{}`); slant reads {} there; {todo}",
                    kind(v),
                    preview(v),
                    role.wants()
                ));
            }
            _ => {}
        }
    }
    let mut warnings = Vec::new();
    if get(&fields.outlet).is_none_or(Value::is_null) {
        let what = match get(&fields.outlet) {
            None => format!("has no `{}` field", fields.outlet),
            Some(_) => format!("gives `{}` as null", fields.outlet),
        };
        warnings.push(format!(
            "{at}: the record {what}; articles without one get outlet `{UNKNOWN_OUTLET}`, so outlets cannot be compared{}",
            field_hint("outlet", &fields.outlet, &unique)
        ));
    }
    for k in unique {
        let kept = get(k).and_then(scalar).is_some();
        if kept && !fields.reserved(k) && !meta_columns.iter().any(|c| c == k) {
            meta_columns.push(k.to_owned());
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests;
