//! Record corpora: JSONL (`.jsonl`, `.ndjson`), CSV (`.csv`), either gzip-compressed (`.gz`), and
//! JSONL on standard input (`-`). One article a record: `id`, `outlet`, `text` and the metadata
//! columns, in any order. Records stream: a JSONL line is handed over as bytes and parsed by the
//! worker that scores it; a CSV record (which may span lines inside quotes) is parsed here.

use super::identity::Tally;
use super::{ArticleRef, Fields, Shape, Source, UNKNOWN_OUTLET};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

enum Format {
    Jsonl,
    /// With the column index of id, outlet, text and of each metadata column (by name).
    Csv {
        id: usize,
        outlet: Option<usize>,
        text: usize,
        meta: Vec<(String, usize)>,
        /// Lines end in CRLF (the header's does): a record after the first starts one line
        /// further than the csv crate says (`files::csv_line`).
        crlf: bool,
    },
}

/// An opened JSONL or CSV input.
pub struct RecordInput {
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
    /// JSONL on standard input.
    pub fn stdin(meta_columns: &mut Vec<String>, fields: &Fields) -> Result<RecordInput, String> {
        RecordInput::from_reader(
            "stdin".into(),
            false,
            Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
            meta_columns,
            fields,
        )
    }

    /// Opens a JSONL or CSV file (gzip or not); for CSV reads the header now, adding its
    /// metadata columns to `meta_columns`. With `tally`, the file's bytes are hashed as they
    /// are read (`RecordInput::tally`).
    pub fn open(
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
    pub fn from_reader(
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
        let header: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(first.as_slice())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|h| h.iter().map(|c| c.trim().to_ascii_lowercase()).collect())
            .unwrap_or_default();
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
            format: Format::Csv {
                id,
                outlet,
                text,
                meta,
                crlf,
            },
            reader: r,
            fields: fields.clone(),
            warnings,
            tally: None,
        })
    }

    /// The records as sources, in file order. A JSONL line longer than `max_record_bytes` is
    /// skipped as it is read, never held whole.
    pub fn into_sources(
        self,
        meta_columns: Vec<String>,
        max_record_bytes: usize,
    ) -> Box<dyn Iterator<Item = Source> + Send> {
        let name = self.name;
        match self.format {
            Format::Jsonl => {
                let shape = Arc::new(Shape {
                    meta_columns,
                    fields: self.fields,
                });
                let mut reader = self.reader;
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
            Format::Csv {
                id,
                outlet,
                text,
                meta,
                crlf,
            } => {
                // The header was read apart: the reader's line 1 is the file's line 2.
                let line_of = move |pos: Option<&csv::Position>| {
                    pos.map_or(0, |p| p.line() + 1 + u64::from(crlf && p.byte() > 0))
                };
                let quotes = Arc::new(AtomicU64::new(0));
                let mut rdr = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(QuoteCount {
                        inner: self.reader,
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
                                    (Some(why), Source::Text(a, _) | Source::Bad(a, _)) => {
                                        Source::Bad(a, why)
                                    }
                                    (Some(why), _) => unreadable(&name, start, &why),
                                    (None, source) => source,
                                });
                            }
                        }
                        Ok(true) => {
                            let line = line_of(rec.position());
                            let source = csv_source(
                                &name,
                                line,
                                &rec,
                                id,
                                outlet,
                                text,
                                &meta,
                                &meta_columns,
                            );
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
                            queue.push_back(unreadable(
                                &name,
                                line,
                                &format!("not valid CSV: {e}"),
                            ));
                        }
                    }
                }))
            }
        }
    }
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

/// A JSONL input, its first record checked now as a CSV header is: without `id` or `text` no
/// record could be scored (an error, as for a CSV), without `outlet` none can be compared (a
/// warning). Its other scalar fields become metadata columns of articles.csv, as a CSV's extra
/// columns do. The lines read for the check are read again by the records.
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
    let mut warnings = Vec::new();
    if let Some((line, bytes)) = first {
        if let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice(&bytes) {
            let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            for (role, needed) in [("id", &fields.id), ("text", &fields.text)] {
                if !obj.contains_key(needed) {
                    return Err(format!(
                        "{name}:{line}: the record has no `{needed}` field (its fields: {}); every JSONL record needs `{}` and `{}`, and `{}` to compare outlets{}",
                        keys.join(", "),
                        fields.id,
                        fields.text,
                        fields.outlet,
                        field_hint(role, needed, &keys)
                    ));
                }
            }
            if !obj.contains_key(&fields.outlet) {
                warnings.push(format!(
                    "{name}:{line}: the record has no `{}` field; articles without one get outlet `{UNKNOWN_OUTLET}`, so outlets cannot be compared{}",
                    fields.outlet,
                    field_hint("outlet", &fields.outlet, &keys)
                ));
            }
            for (k, v) in &obj {
                if !fields.reserved(k) && scalar(v).is_some() && !meta_columns.contains(k) {
                    meta_columns.push(k.clone());
                }
            }
        }
    }
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
    let usual = USUAL_NAMES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or(&[][..], |(_, names)| *names);
    let found = usual.iter().find_map(|u| {
        have.iter()
            .find(|h| h.eq_ignore_ascii_case(u) && **h != wanted)
    });
    match found {
        Some(h) => format!("; if `{h}` holds it, give {flag} {h}"),
        None => format!(
            "; give {flag} NAME for the field that holds it, or rename the field in the file"
        ),
    }
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
fn scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses a JSONL record into its identity and text, or the reason it cannot be scored.
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
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Err((a, format!("invalid JSON: {e}"))),
    };
    let serde_json::Value::Object(mut obj) = value else {
        return Err((a, "the record is not a JSON object".into()));
    };
    if let Some(o) = obj
        .get(&f.outlet)
        .and_then(scalar)
        .filter(|o| !o.is_empty())
    {
        a.outlet = o;
    }
    for (i, c) in meta_columns.iter().enumerate() {
        if let Some(v) = obj.get(c).and_then(scalar) {
            a.meta[i] = v;
        }
    }
    // A number id is kept only if it is an integer JSON can hold exactly: a larger one (or a
    // fraction) is read as the nearest double, and two ids would become one.
    if let Some(serde_json::Value::Number(n)) = obj.get(&f.id) {
        if n.as_u64().is_none() && n.as_i64().is_none() {
            return Err((
                a,
                format!("`{}` {n} is a number that cannot be kept exactly (not an integer, or over 2^64); write it as a string, \"{}\": \"…\"", f.id, f.id),
            ));
        }
    }
    match obj.get(&f.id).and_then(scalar).filter(|i| !i.is_empty()) {
        Some(id) => a.id = id,
        None => return Err((a, format!("the record has no `{}`", f.id))),
    }
    // Taken out of the record, not copied: the text is most of its bytes.
    match obj.remove(&f.text) {
        Some(serde_json::Value::String(t)) => Ok((a, t.into_bytes())),
        Some(_) => Err((a, format!("`{}` is not a string", f.text))),
        None => Err((a, format!("the record has no `{}`", f.text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_records_parse_or_say_why_not() {
        let cols = Shape {
            meta_columns: ["title", "date"].iter().map(|s| s.to_string()).collect(),
            fields: Fields::default(),
        };
        let (a, text) = parse_json(
            "c.jsonl:3",
            br#"{"id": 7, "outlet": "RT", "text": "Hi.", "date": "2024-06-18", "x": 1}"#,
            &cols,
        )
        .unwrap();
        assert_eq!(
            (a.id.as_str(), a.outlet.as_str(), text.as_slice()),
            ("7", "RT", &b"Hi."[..])
        );
        assert_eq!(a.meta, ["", "2024-06-18"]);
        let (a, why) =
            parse_json("c.jsonl:4", br#"{"id": "x", "outlet": "RT"}"#, &cols).unwrap_err();
        assert_eq!(
            (a.id.as_str(), why.as_str()),
            ("x", "the record has no `text`")
        );
        let (_, why) = parse_json("c.jsonl:5", b"{not json", &cols).unwrap_err();
        assert!(why.starts_with("invalid JSON"));
        let (_, why) = parse_json("c.jsonl:6", br#"{"text": "t"}"#, &cols).unwrap_err();
        assert_eq!(why, "the record has no `id`");
        // Other names for the three fields: the default names are then neither read nor kept.
        let media_cloud = Shape {
            meta_columns: vec!["title".into()],
            fields: Fields {
                id: "stories_id".into(),
                outlet: "media_name".into(),
                text: "body".into(),
            },
        };
        let (a, text) = parse_json(
            "mc.jsonl:1",
            br#"{"stories_id": 12, "media_name": "nytimes.com", "body": "Hi.", "id": "x", "title": "T"}"#,
            &media_cloud,
        )
        .unwrap();
        assert_eq!(
            (
                a.id.as_str(),
                a.outlet.as_str(),
                text.as_slice(),
                a.meta[0].as_str()
            ),
            ("12", "nytimes.com", &b"Hi."[..], "T")
        );
        let (_, why) = parse_json(
            "mc.jsonl:2",
            br#"{"stories_id": 1, "text": "t"}"#,
            &media_cloud,
        )
        .unwrap_err();
        assert_eq!(why, "the record has no `body`");
    }

    #[test]
    fn a_missing_field_names_the_flag_and_the_likely_field() {
        let hint = field_hint("text", "text", &["id", "outlet", "Body", "title"]);
        assert_eq!(hint, "; if `Body` holds it, give --text-column Body");
        let hint = field_hint("outlet", "outlet", &["id", "text"]);
        assert!(hint.contains("give --outlet-column NAME"), "{hint}");
        // The field asked for is never suggested for itself.
        let hint = field_hint("text", "body", &["body2", "body"]);
        assert!(hint.contains("--text-column NAME"), "{hint}");
    }

    fn read_all(bytes: &[u8], csv: bool) -> Vec<Source> {
        let mut cols = vec!["title".to_string()];
        let r: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
        match RecordInput::from_reader("x".into(), csv, r, &mut cols, &Fields::default()) {
            Ok(input) => input.into_sources(cols, 64).collect(),
            Err(_) => Vec::new(),
        }
    }

    proptest::proptest! {
        /// Any bytes as a JSONL or CSV corpus: sources or skips, never a panic; every JSON record
        /// parses to an article or a reason.
        #[test]
        fn record_reading_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400), csv in proptest::bool::ANY) {
            for s in read_all(&bytes, csv) {
                if let Source::Json { origin, bytes, shape } = s {
                    let _ = parse_json(&origin, &bytes, &shape);
                }
            }
        }

        #[test]
        fn jsonl_like_text_never_panics(text in "(\\{(\"(id|outlet|text|title)\": ?(\"[^\"\\\\]{0,10}\"|[0-9]{1,3}|null|\\[\\]|\\{\\}),? ?){0,4}\\}?\r?\n){0,5}") {
            for s in read_all(text.as_bytes(), false) {
                if let Source::Json { origin, bytes, shape } = s {
                    let _ = parse_json(&origin, &bytes, &shape);
                }
            }
        }
    }
}
