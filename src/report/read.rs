//! Reading report CSVs back — the one reader of explain, diff and the page: as a header and rows
//! of cells (`Csv`), or as rows of column → cell (`read_rows`). Cells stay as written;
//! `cells::unsafe_cell` restores a neutralized one.

use anyhow::{Context, Result};
use std::path::Path;

/// A csv reader over a report file, opened by the one reader of slant's own files.
pub fn reader(path: &Path) -> Result<csv::Reader<crate::files::Stream>> {
    Ok(csv::Reader::from_reader(crate::files::open_stream(path)?))
}

/// What to say of a CSV error in `name`: its line, and for text that is not UTF-8, that slant
/// writes UTF-8 (the csv crate's own words are "invalid utf-8: invalid UTF-8 in field 3").
pub fn csv_error(name: &str, e: csv::Error) -> anyhow::Error {
    let line = e.position().map_or(0, |p| p.line());
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => anyhow::anyhow!(
            "{name} line {line}: not UTF-8 text, as slant writes it; was it saved again in another encoding? Save it as UTF-8 (CSV UTF-8 in a spreadsheet), or give the file slant wrote"
        ),
        csv::ErrorKind::Io(_) => anyhow::Error::new(e),
        _ => anyhow::Error::new(e).context(format!("{name}: not valid CSV")),
    }
}

/// A report row: column → cell.
pub type Row = std::collections::HashMap<String, String>;

/// A CSV file as its header and rows.
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Reads a report CSV file (through `files::open_stream`: a regular file, UTF-8, capped).
    pub fn read(path: &Path) -> Result<Csv> {
        Csv::from_reader(reader(path)?, &path.display().to_string())
    }

    /// Reads CSV from any reader; `name` names it in errors.
    pub fn from_reader<R: std::io::Read>(mut rdr: csv::Reader<R>, name: &str) -> Result<Csv> {
        let header = rdr
            .headers()
            .with_context(|| format!("{name}: no header row"))?
            .iter()
            .map(String::from)
            .collect();
        let mut rows = Vec::new();
        for r in rdr.records() {
            rows.push(
                r.map_err(|e| csv_error(name, e))?
                    .iter()
                    .map(String::from)
                    .collect(),
            );
        }
        Ok(Csv { header, rows })
    }

    /// The index of column `name`, or an error that says `path` is not what slant wrote.
    pub fn col(&self, name: &str, path: &Path) -> Result<usize> {
        self.header.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no column `{name}`; is this a slant report folder?",
                path.display()
            )
        })
    }

    /// The rows as column → cell.
    pub fn into_rows(self) -> Vec<Row> {
        let header = self.header;
        self.rows
            .into_iter()
            .map(|r| header.iter().cloned().zip(r).collect())
            .collect()
    }
}

/// Reads a report CSV file into rows of column → cell.
pub fn read_rows(path: &Path) -> Result<Vec<Row>> {
    Ok(Csv::read(path)?.into_rows())
}

/// Reads CSV rows from any reader; `name` names it in errors.
pub fn rows_of<R: std::io::Read>(rdr: csv::Reader<R>, name: &str) -> Result<Vec<Row>> {
    Ok(Csv::from_reader(rdr, name)?.into_rows())
}

/// The rows of `path` (a report CSV with a header) in the byte spans `spans` (offset, length:
/// whole rows, as the writer noted where it wrote them), one list of rows per span. Reads only
/// the header and those bytes: the spans of a few articles in a file of any size.
pub fn rows_at(path: &Path, spans: &[(u64, u64)]) -> Result<Vec<Vec<Row>>> {
    use std::io::{Read, Seek, SeekFrom};
    let header: Vec<String> = reader(path)?
        .headers()
        .with_context(|| format!("{}: no header row", path.display()))?
        .iter()
        .map(String::from)
        .collect();
    let mut file = crate::files::open_regular(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::with_capacity(spans.len());
    for &(at, len) in spans {
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(at))?;
        (&mut file).take(len).read_to_end(&mut bytes)?;
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let mut rows = Vec::new();
        for r in rdr.into_records() {
            let r = r.with_context(|| format!("{}: not valid CSV at byte {at}", path.display()))?;
            rows.push(
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(String::from))
                    .collect(),
            );
        }
        out.push(rows);
    }
    Ok(out)
}

/// Where a sentence of hits.csv's `context` starts, from the hits in it: hits.csv gives article
/// offsets, not sentence offsets, so this is the first place in `context` where each hit's
/// matched text is at its distance from the first hit. Returns that place and the first hit's
/// article offset (a hit at `start` is at `base + (start - first)` in `context`); None when the
/// hits do not fit the sentence.
pub fn sentence_base(context: &str, marks: &[(u64, String)]) -> Option<(usize, u64)> {
    let first = marks.iter().map(|m| m.0).min()?;
    let fits = |base: usize| {
        marks.iter().all(|(s, matched)| {
            usize::try_from(s - first)
                .ok()
                .and_then(|d| context.get(base + d..))
                .is_some_and(|t| t.starts_with(matched.as_str()))
        })
    };
    (0..=context.len())
        .find(|&b| context.is_char_boundary(b) && fits(b))
        .map(|b| (b, first))
}
