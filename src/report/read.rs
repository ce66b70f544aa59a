//! Reading report CSVs back — the one reader of explain, diff and the page: as a header and rows
//! of cells (`Csv`), or as rows of column → cell (`read_rows`). Cells stay as written;
//! `cells::unsafe_cell` restores a neutralized one.

use anyhow::{Context, Result};
use std::path::Path;

/// A csv reader over a report file, opened by the one reader of slant's own files.
pub(crate) fn reader(path: &Path) -> Result<csv::Reader<crate::files::Stream>> {
    Ok(csv::Reader::from_reader(crate::files::open_stream(path)?))
}

/// What to say of a CSV error in `name`: its line, and for text that is not UTF-8, that slant
/// writes UTF-8 (the csv crate's own words are "invalid utf-8: invalid UTF-8 in field 3").
pub(crate) fn csv_error(name: &str, e: csv::Error) -> anyhow::Error {
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
pub(crate) type Row = std::collections::HashMap<String, String>;

/// A CSV file as its header and rows.
pub(crate) struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Reads a report CSV file (through `files::open_stream`: a regular file, UTF-8, capped).
    pub(crate) fn read(path: &Path) -> Result<Csv> {
        Csv::from_reader(reader(path)?, &path.display().to_string())
    }

    /// Reads CSV from any reader; `name` names it in errors.
    pub(crate) fn from_reader<R: std::io::Read>(
        mut rdr: csv::Reader<R>,
        name: &str,
    ) -> Result<Csv> {
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
    pub(crate) fn col(&self, name: &str, path: &Path) -> Result<usize> {
        self.header.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no column `{name}`; is this a slant report folder?",
                path.display()
            )
        })
    }

    /// The rows as column → cell.
    pub(crate) fn into_rows(self) -> Vec<Row> {
        let header = self.header;
        self.rows
            .into_iter()
            .map(|r| header.iter().cloned().zip(r).collect())
            .collect()
    }
}

/// Reads a report CSV file into rows of column → cell.
pub(crate) fn read_rows(path: &Path) -> Result<Vec<Row>> {
    Ok(Csv::read(path)?.into_rows())
}

/// A record as column → cell.
pub(crate) fn row_of(header: &[String], record: &csv::StringRecord) -> Row {
    header
        .iter()
        .cloned()
        .zip(record.iter().map(String::from))
        .collect()
}
