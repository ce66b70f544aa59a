//! Reading report CSVs back (explain, the page), with neutralized cells restored.

use anyhow::{Context, Result};
use std::path::Path;

/// A report row: column → cell.
pub type Row = std::collections::HashMap<String, String>;

/// Reads a report CSV file into rows.
pub fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let rdr =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    rows_of(rdr, &path.display().to_string())
}

/// Reads CSV rows from any reader; `name` names it in errors.
pub fn rows_of<R: std::io::Read>(mut rdr: csv::Reader<R>, name: &str) -> Result<Vec<Row>> {
    let header: Vec<String> = rdr.headers()?.iter().map(String::from).collect();
    let mut rows = Vec::new();
    for r in rdr.records() {
        let r = r.with_context(|| format!("{name}: not valid CSV"))?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect(),
        );
    }
    Ok(rows)
}
