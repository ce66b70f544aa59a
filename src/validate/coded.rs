//! A coded sample.csv read back: each row's hit, entry and verdict. Coders work in spreadsheets,
//! so what a spreadsheet writes is read: a byte order mark, CRLF line ends, `;` or a tab as the
//! separator (Excel in a locale with a decimal comma; "Unicode text"), UTF-16 (what "Unicode
//! text" is), `yes`/`no`, `1`/`0`, `TRUE`/`FALSE`. A verdict that is none of these stops the run
//! with its file and line, never counted as anything.
//!
//! A row is tied to its hit by the hit itself — article, byte offsets, lexicon, category and
//! entry (`HitId`) — not by its `sample_id`: two samples drawn with different seeds number
//! different hits `s0001`, and only the hit says whether two coders coded the same thing.

use crate::error::UsageError;
use crate::report::cells::unsafe_cell;
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a verdict says about a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
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
pub(crate) struct UnknownVerdict;

/// A verdict cell: None when it is empty (not coded yet).
pub(crate) fn parse_verdict(cell: &str) -> std::result::Result<Option<Verdict>, UnknownVerdict> {
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

/// A hit of a run, as sample.csv and hits.csv both name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct HitId {
    pub article_id: String,
    pub start: u64,
    pub end: u64,
    pub lexicon: String,
    pub category: String,
    pub pattern: String,
}

impl std::fmt::Display for HitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{} `{}` in {} at bytes {}-{}",
            self.lexicon, self.category, self.pattern, self.article_id, self.start, self.end
        )
    }
}

/// A coded hit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The line of the coded file the row is on.
    pub line: u64,
    pub sample_id: String,
    pub article_id: String,
    pub start: u64,
    pub end: u64,
    pub lexicon: String,
    pub category: String,
    pub pattern: String,
    pub outlet: String,
    /// The hits of the row's category in its outlet in the whole run (sample.csv's
    /// `stratum_hits`), when the file has the column.
    pub stratum_hits: Option<u64>,
    pub verdict: Verdict,
}

/// What a coded file codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Coded {
    /// Hits (sample.csv of `slant sample`).
    #[default]
    Hits,
    /// Quotations (`slant sample --quotes`): each quotation is three rows, one per field coded,
    /// as lexicon `quotes`, category `kind`, `speaker` or `actor`, and as pattern what slant
    /// said of it (the kind; the kind again for the speaker; the party, or `none`).
    Quotes,
}

/// The lexicon name the rows of a coded quotation carry.
pub(crate) const QUOTES: &str = "quotes";

/// One coder's file.
#[derive(Debug, Clone)]
pub(crate) struct Coding {
    pub coded: Coded,
    pub path: String,
    /// The rows with a verdict, in file order.
    pub rows: Vec<Row>,
    /// Rows with an empty verdict.
    pub uncoded: usize,
}

/// The most of a coded file slant reads: a sample of a million hits is far less.
const MAX_CODED: u64 = 1 << 30;

impl Row {
    /// The hit this row codes.
    pub(crate) fn hit(&self) -> HitId {
        HitId {
            article_id: self.article_id.clone(),
            start: self.start,
            end: self.end,
            lexicon: self.lexicon.clone(),
            category: self.category.clone(),
            pattern: self.pattern.clone(),
        }
    }
}

/// A coded file's text as UTF-8: read through `files::read_regular` (a regular file, capped),
/// UTF-16 decoded.
fn text_of(path: &Path, name: &str) -> Result<Vec<u8>> {
    let bytes = crate::files::read_regular(path, MAX_CODED)
        .map_err(|e| anyhow::anyhow!(crate::files::describe(path, &e, MAX_CODED)))?;
    if let Some(text) = crate::files::utf16_as_utf8(&bytes) {
        return Ok(text.into_bytes());
    }
    if let Some(enc) = crate::files::foreign_encoding(&bytes) {
        return Err(UsageError(format!(
            "{name} is {enc} text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
        ))
        .into());
    }
    Ok(bytes)
}

/// The separator of a coded file, from its header line: `;` (a spreadsheet in a locale with a
/// decimal comma), a tab (a spreadsheet's "Unicode text"), or `,`.
fn delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    if first_line.contains(&b',') {
        b','
    } else if first_line.contains(&b'\t') {
        b'\t'
    } else if first_line.contains(&b';') {
        b';'
    } else {
        b','
    }
}

/// The columns of a coded file that slant reads.
struct Columns {
    id: usize,
    article: usize,
    start: usize,
    end: usize,
    lexicon: usize,
    category: usize,
    pattern: usize,
    verdict: usize,
    outlet: Option<usize>,
    stratum: Option<usize>,
}

impl Columns {
    fn of(header: &[String], name: &str) -> Result<Columns> {
        let col = |c: &str| -> Result<usize> {
            header.iter().position(|h| h == c).ok_or_else(|| {
                UsageError(format!(
                    "{name} has no `{c}` column: give the sample.csv that `slant sample` wrote, with its columns kept (add a verdict to each row)"
                ))
                .into()
            })
        };
        Ok(Columns {
            id: col("sample_id")?,
            article: col("article_id")?,
            start: col("start")?,
            end: col("end")?,
            lexicon: col("lexicon")?,
            category: col("category")?,
            pattern: col("pattern")?,
            verdict: col("verdict")?,
            outlet: header.iter().position(|h| h == "outlet"),
            stratum: header.iter().position(|h| h == "stratum_hits"),
        })
    }
}

/// Reads a coded sample.csv.
pub(crate) fn read(path: &Path) -> Result<Coding> {
    let name = path.display().to_string();
    let bytes = text_of(path, &name)?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter(&bytes))
        .flexible(true)
        .from_reader(bytes.as_slice());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| crate::report::read::csv_error(&name, e))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if header.iter().any(|h| h == "kind_verdict") {
        return read_quotes(rdr, &header, &bytes, name);
    }
    let cols = Columns::of(&header, &name)?;
    let mut rows = Vec::new();
    let mut uncoded = 0;
    let mut seen_ids = HashSet::new();
    let mut seen_hits: HashMap<HitId, u64> = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::report::read::csv_error(&name, e))?;
        let line = crate::files::csv_line(rec.position(), &bytes, false);
        let cell = |i: usize| unsafe_cell(rec.get(i).unwrap_or_default().trim()).to_owned();
        let sample_id = cell(cols.id);
        if sample_id.is_empty() && rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !seen_ids.insert(sample_id.clone()) {
            return Err(UsageError(format!(
                "{name} line {line}: sample_id {sample_id} is there twice; keep one row per sampled hit"
            ))
            .into());
        }
        let offset = |i: usize, what: &str| -> Result<u64> {
            let c = cell(i);
            c.parse().map_err(|_| {
                UsageError(format!(
                    "{name} line {line}: `{c}` in `{what}` is not a byte offset; keep the columns `slant sample` wrote as they are"
                ))
                .into()
            })
        };
        let raw = rec.get(cols.verdict).unwrap_or_default();
        let v = parse_verdict(raw).map_err(|UnknownVerdict| {
            UsageError(format!(
                "{name} line {line}: verdict `{}` is not one slant reads; write 1, yes or correct when the hit means what its category says, 0, no or wrong when it does not, ? when you cannot tell, or leave it empty",
                raw.trim()
            ))
        })?;
        let row = Row {
            line,
            sample_id,
            article_id: cell(cols.article),
            start: offset(cols.start, "start")?,
            end: offset(cols.end, "end")?,
            lexicon: cell(cols.lexicon),
            category: cell(cols.category),
            pattern: cell(cols.pattern),
            outlet: cols.outlet.map(cell).unwrap_or_default(),
            stratum_hits: cols.stratum.and_then(|i| cell(i).parse().ok()),
            verdict: v.unwrap_or(Verdict::Unsure),
        };
        if let Some(first) = seen_hits.insert(row.hit(), line) {
            return Err(UsageError(format!(
                "{name} line {line}: the same hit as line {first} ({}); keep one row per sampled hit",
                row.hit()
            ))
            .into());
        }
        match v {
            Some(_) => rows.push(row),
            None => uncoded += 1,
        }
    }
    Ok(Coding {
        coded: Coded::Hits,
        path: name,
        rows,
        uncoded,
    })
}

/// A coded quotation sample: each row's quotation and its three verdicts, as rows of the
/// fields coded (`Coded::Quotes`). A row with no verdict at all is not coded yet.
fn read_quotes(
    mut rdr: csv::Reader<&[u8]>,
    header: &[String],
    bytes: &[u8],
    name: String,
) -> Result<Coding> {
    let col = |c: &str| -> Result<usize> {
        header.iter().position(|h| h == c).ok_or_else(|| {
            UsageError(format!(
                "{name} has no `{c}` column: give the file that `slant sample --quotes` wrote, with its columns kept"
            ))
            .into()
        })
    };
    let [id, outlet, article, start, end, kind, actor] = [
        "sample_id",
        "outlet",
        "article_id",
        "start",
        "end",
        "kind",
        "actor",
    ]
    .map(col);
    let (id, outlet, article, start, end, kind, actor) =
        (id?, outlet?, article?, start?, end?, kind?, actor?);
    let verdicts = [
        ("kind", col("kind_verdict")?),
        ("speaker", col("speaker_verdict")?),
        ("actor", col("actor_verdict")?),
    ];
    let (mut rows, mut uncoded, mut seen) = (Vec::new(), 0, HashSet::new());
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::report::read::csv_error(&name, e))?;
        let line = crate::files::csv_line(rec.position(), bytes, false);
        let cell = |i: usize| unsafe_cell(rec.get(i).unwrap_or_default().trim()).to_owned();
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let sample_id = cell(id);
        if !seen.insert(sample_id.clone()) {
            return Err(UsageError(format!(
                "{name} line {line}: sample_id {sample_id} is there twice; keep one row per sampled quotation"
            ))
            .into());
        }
        let offset = |i: usize| -> Result<u64> {
            cell(i).parse().map_err(|_| {
                UsageError(format!(
                    "{name} line {line}: `{}` is not a byte offset; keep the columns `slant sample --quotes` wrote as they are",
                    cell(i)
                ))
                .into()
            })
        };
        let (s, e) = (offset(start)?, offset(end)?);
        let mut any = false;
        for (field, v) in verdicts {
            let raw = rec.get(v).unwrap_or_default();
            let verdict = parse_verdict(raw).map_err(|UnknownVerdict| {
                UsageError(format!(
                    "{name} line {line}: {field}_verdict `{}` is not one slant reads; write 1 when slant's {field} is right, 0 when it is wrong, ? when you cannot tell, or leave it empty",
                    raw.trim()
                ))
            })?;
            let Some(verdict) = verdict else { continue };
            any = true;
            let pattern = match field {
                "actor" if cell(actor).is_empty() => "none".to_owned(),
                "actor" => cell(actor),
                _ => cell(kind),
            };
            rows.push(Row {
                line,
                sample_id: format!("{sample_id}.{field}"),
                article_id: cell(article),
                start: s,
                end: e,
                lexicon: QUOTES.into(),
                category: field.into(),
                pattern,
                outlet: cell(outlet),
                stratum_hits: None,
                verdict,
            });
        }
        if !any {
            uncoded += 1;
        }
    }
    Ok(Coding {
        coded: Coded::Quotes,
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

    const HEAD: &str = "sample_id,lexicon,category,pattern,outlet,article_id,start,end,verdict";

    #[test]
    fn a_semicolon_file_with_crlf_and_a_bom_reads_like_a_comma_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let comma = dir.path().join("a.csv");
        let semi = dir.path().join("b.csv");
        let rows = "s1,tone,negative,bad,o,a1,0,3,1\ns2,tone,negative,bad,o,a1,9,12,\ns3,tone,negative,worse,p,a2,4,9,no\n";
        std::fs::write(&comma, format!("{HEAD}\n{rows}")).unwrap();
        std::fs::write(
            &semi,
            format!("\u{feff}{HEAD}\n{rows}")
                .replace(',', ";")
                .replace('\n', "\r\n")
                .replace("no", "NO"),
        )
        .unwrap();
        let (a, b) = (read(&comma).unwrap(), read(&semi).unwrap());
        assert_eq!(a.rows, b.rows);
        assert_eq!((a.rows.len(), a.uncoded), (2, 1));
        assert_eq!(a.rows[1].verdict, Verdict::Wrong);
        assert_eq!((a.rows[1].line, b.rows[1].line), (4, 4));
        std::fs::write(
            &comma,
            format!(
                "{HEAD}\ns1,tone,negative,bad,o,a1,0,3,1\ns2,tone,negative,bad,o,a1,9,12,perhaps\n"
            ),
        )
        .unwrap();
        let err = read(&comma).unwrap_err().to_string();
        assert!(err.contains("a.csv line 3: verdict `perhaps`"), "{err}");
    }

    #[test]
    fn a_sheet_saved_as_unicode_text_reads_like_the_csv() {
        let dir = tempfile::TempDir::new().unwrap();
        let (csv, txt) = (dir.path().join("a.csv"), dir.path().join("a.txt"));
        let text = format!("{HEAD}\ns1,tone,negative,bad,o,a1,0,3,yes\n");
        std::fs::write(&csv, &text).unwrap();
        // UTF-16LE with a byte order mark, tab-separated: a spreadsheet's "Unicode text".
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.replace(',', "\t").encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        std::fs::write(&txt, utf16).unwrap();
        assert_eq!(read(&csv).unwrap().rows, read(&txt).unwrap().rows);
    }

    #[test]
    fn the_same_hit_twice_is_refused_whatever_its_sample_id() {
        let dir = tempfile::TempDir::new().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(
            &p,
            format!("{HEAD}\ns1,tone,negative,bad,o,a1,0,3,1\ns2,tone,negative,bad,o,a1,0,3,0\n"),
        )
        .unwrap();
        let err = read(&p).unwrap_err().to_string();
        assert!(err.contains("line 3: the same hit as line 2"), "{err}");
    }
}
