//! A coded sample.csv read back: each row's entry and verdict. Coders work in spreadsheets, so
//! what a spreadsheet writes is read: a byte order mark, CRLF line ends, `;` as the separator
//! (Excel in a locale with a decimal comma), `yes`/`no`, `1`/`0`, `TRUE`/`FALSE`. A verdict that
//! is none of these stops the run with its file and line, never counted as anything.

use crate::error::UsageError;
use crate::report::cells::unsafe_cell;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::path::Path;

/// What a verdict says about a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The word means what its category says, here.
    Correct,
    Wrong,
    /// The coder could not tell: left out of precision and agreement, counted.
    Unsure,
}

/// The verdicts slant reads, lower-cased.
const CORRECT: &[&str] = &["1", "y", "yes", "true", "correct", "right", "ok"];
const WRONG: &[&str] = &["0", "n", "no", "false", "wrong", "incorrect", "x"];
const UNSURE: &[&str] = &["?", "unsure", "skip"];

/// A verdict cell that is none of the words slant reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownVerdict;

/// A verdict cell: None when it is empty (not coded yet).
pub fn parse_verdict(cell: &str) -> std::result::Result<Option<Verdict>, UnknownVerdict> {
    let v = cell.trim().to_lowercase();
    if v.is_empty() {
        Ok(None)
    } else if CORRECT.contains(&v.as_str()) {
        Ok(Some(Verdict::Correct))
    } else if WRONG.contains(&v.as_str()) {
        Ok(Some(Verdict::Wrong))
    } else if UNSURE.contains(&v.as_str()) {
        Ok(Some(Verdict::Unsure))
    } else {
        Err(UnknownVerdict)
    }
}

/// A coded hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub sample_id: String,
    pub lexicon: String,
    pub category: String,
    pub pattern: String,
    pub outlet: String,
    /// The hits of the row's category in its outlet in the whole run (sample.csv's
    /// `stratum_hits`), when the file has the column.
    pub stratum_hits: Option<u64>,
    pub verdict: Verdict,
}

/// One coder's file.
#[derive(Debug, Clone)]
pub struct Coding {
    pub path: String,
    /// The rows with a verdict, in file order.
    pub rows: Vec<Row>,
    /// Rows with an empty verdict.
    pub uncoded: usize,
}

/// Reads a coded sample.csv.
pub fn read(path: &Path) -> Result<Coding> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let header: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{name}: no header row"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |c: &str| -> Result<usize> {
        header.iter().position(|h| h == c).ok_or_else(|| {
            UsageError(format!(
                "{name} has no `{c}` column: give the sample.csv that `slant sample` wrote, with its columns kept (add a verdict to each row)"
            ))
            .into()
        })
    };
    let (id, lexicon, category, pattern, verdict) = (
        col("sample_id")?,
        col("lexicon")?,
        col("category")?,
        col("pattern")?,
        col("verdict")?,
    );
    let outlet = header.iter().position(|h| h == "outlet");
    let stratum = header.iter().position(|h| h == "stratum_hits");
    let mut rows = Vec::new();
    let mut uncoded = 0;
    let mut seen = HashSet::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{name}: not valid CSV"))?;
        let line = rec.position().map_or(0, |p| p.line());
        let cell = |i: usize| unsafe_cell(rec.get(i).unwrap_or_default().trim()).to_owned();
        let sample_id = cell(id);
        if sample_id.is_empty() && rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !seen.insert(sample_id.clone()) {
            return Err(UsageError(format!(
                "{name} line {line}: sample_id {sample_id} is there twice; keep one row per sampled hit"
            ))
            .into());
        }
        let raw = rec.get(verdict).unwrap_or_default();
        let v = parse_verdict(raw).map_err(|UnknownVerdict| {
            UsageError(format!(
                "{name} line {line}: verdict `{}` is not one slant reads; write 1, yes or correct when the hit means what its category says, 0, no or wrong when it does not, ? when you cannot tell, or leave it empty",
                raw.trim()
            ))
        })?;
        let Some(v) = v else {
            uncoded += 1;
            continue;
        };
        rows.push(Row {
            sample_id,
            lexicon: cell(lexicon),
            category: cell(category),
            pattern: cell(pattern),
            outlet: outlet.map(cell).unwrap_or_default(),
            stratum_hits: stratum.and_then(|i| cell(i).parse().ok()),
            verdict: v,
        });
    }
    Ok(Coding {
        path: name,
        rows,
        uncoded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_as_spreadsheets_write_them() {
        for c in ["1", "yes", " Y ", "TRUE", "correct"] {
            assert_eq!(parse_verdict(c), Ok(Some(Verdict::Correct)), "{c}");
        }
        for c in ["0", "No", "FALSE", "wrong", "x"] {
            assert_eq!(parse_verdict(c), Ok(Some(Verdict::Wrong)), "{c}");
        }
        assert_eq!(parse_verdict("?"), Ok(Some(Verdict::Unsure)));
        assert_eq!(parse_verdict("  "), Ok(None));
        assert_eq!(parse_verdict("maybe"), Err(UnknownVerdict));
    }

    #[test]
    fn a_semicolon_file_with_crlf_and_a_bom_reads_like_a_comma_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let comma = dir.path().join("a.csv");
        let semi = dir.path().join("b.csv");
        std::fs::write(
            &comma,
            "sample_id,lexicon,category,pattern,outlet,verdict\ns1,tone,negative,bad,o,1\ns2,tone,negative,bad,o,\ns3,tone,negative,worse,p,no\n",
        )
        .unwrap();
        std::fs::write(
            &semi,
            "\u{feff}sample_id;lexicon;category;pattern;outlet;verdict\r\ns1;tone;negative;bad;o;1\r\ns2;tone;negative;bad;o;\r\ns3;tone;negative;worse;p;NO\r\n",
        )
        .unwrap();
        let (a, b) = (read(&comma).unwrap(), read(&semi).unwrap());
        assert_eq!(a.rows, b.rows);
        assert_eq!((a.rows.len(), a.uncoded), (2, 1));
        assert_eq!(a.rows[1].verdict, Verdict::Wrong);
        std::fs::write(
            &comma,
            "sample_id,lexicon,category,pattern,verdict\ns1,tone,negative,bad,1\ns2,tone,negative,bad,perhaps\n",
        )
        .unwrap();
        let err = read(&comma).unwrap_err().to_string();
        assert!(err.contains("a.csv line 3: verdict `perhaps`"), "{err}");
    }
}
