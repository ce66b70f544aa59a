//! reports.xlsx (`--xlsx`): every CSV report of the run as a sheet of one workbook, for the
//! researchers who open reports in a spreadsheet. A CSV leaves types to the program that opens
//! it, and spreadsheets guess wrong: LibreOffice shows UTF-8 as mojibake unless told, an
//! `article_id` of `0007` becomes 7, a title "1/2" a date, and in a locale with a decimal comma
//! every metric stays text. Here each cell has its type: numbers as numbers, `true`/`false` as
//! booleans, ids, names and every metadata column as text, blanks empty, never a formula.
//!
//! The workbook is made from the CSV files just written to the staging folder, so it holds
//! exactly what they hold; sheets are written row by row in constant memory. A report becomes a
//! sheet only while it fits in one (1,048,575 rows below the header: hits.csv passes that at
//! about 28 MB of news); otherwise its sheet says where its rows are.

use super::cells::unsafe_cell;
use super::files;
use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use std::path::Path;

/// Rows a sheet holds below its header.
pub(crate) const MAX_ROWS: u64 = 1_048_575;

/// Characters (UTF-16 units) a cell holds.
const MAX_CELL: usize = 32_767;

/// Columns that are text whatever their values look like: identities and names (an id `0007`
/// or a story `12` is not a number), and the corpus's metadata columns, added by the caller.
const TEXT_COLUMNS: &[&str] = &[
    "article_id",
    "outlet",
    "story",
    "lexicon",
    "category",
    "pattern",
    "matched",
    "actor",
    "context",
    "metric",
    "term",
    "speaker",
    "speaker_resolved",
    "cue",
    "cue_category",
    "source",
    "reason",
    "kind",
];

/// What a column's cells are written as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Type {
    Text,
    Number,
    Boolean,
}

/// A CSV cell that is a plain decimal number as slant writes them (`-12`, `0.2500`): nothing a
/// spreadsheet would read otherwise, no exponent, no `inf`.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// What a first pass over a CSV report finds: its header, each column's type and width, and
/// its number of rows.
struct Survey {
    header: Vec<String>,
    types: Vec<Type>,
    width: Vec<usize>,
    rows: u64,
}

/// A report CSV, streamed (`report::read` holds a whole file, and hits.csv may be gigabytes).
fn open(path: &Path) -> Result<csv::Reader<crate::files::Stream>> {
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(crate::files::open_stream(path)?))
}

/// A column's type from all its cells: a number or boolean column only if every non-empty cell
/// is one, and at least one cell is not empty. Past `max_rows` the report gets no sheet, so its
/// rows are only counted.
fn column_types(path: &Path, text: &[String], max_rows: u64) -> Result<Survey> {
    let mut rdr = open(path)?;
    let header: Vec<String> = rdr.headers()?.iter().map(str::to_owned).collect();
    let n = header.len();
    let (mut number, mut boolean, mut any) = (vec![true; n], vec![true; n], vec![false; n]);
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    let mut rows = 0u64;
    for rec in rdr.records() {
        let rec = rec?;
        rows += 1;
        if rows > max_rows {
            continue;
        }
        for (i, cell) in rec.iter().enumerate().take(n) {
            if cell.is_empty() {
                continue;
            }
            any[i] = true;
            number[i] &= is_number(cell);
            boolean[i] &= cell == "true" || cell == "false";
            if rows <= 1000 {
                width[i] = width[i].max(cell.chars().count());
            }
        }
    }
    let types = (0..n)
        .map(|i| {
            let forced = TEXT_COLUMNS.contains(&header[i].as_str()) || text.contains(&header[i]);
            match (forced, any[i], number[i], boolean[i]) {
                (false, true, true, _) => Type::Number,
                (false, true, _, true) => Type::Boolean,
                _ => Type::Text,
            }
        })
        .collect();
    Ok(Survey {
        header,
        types,
        width,
        rows,
    })
}

/// `text` cut to what a cell holds, saying so.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CELL {
        return text.into();
    }
    let note = " … [cut: a spreadsheet cell holds 32,767 characters; the CSV has it whole]";
    let budget = MAX_CELL - note.len();
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > budget
        })
        .map_or(text.len(), |(i, _)| i);
    if end == text.len() {
        return text.into();
    }
    format!("{}{note}", &text[..end]).into()
}

fn sheet(
    ws: &mut Worksheet,
    path: &Path,
    name: &str,
    text_columns: &[String],
    bold: &Format,
    max_rows: u64,
) -> Result<()> {
    ws.set_name(name)?;
    let Survey {
        header,
        types,
        width,
        rows,
    } = column_types(path, text_columns, max_rows)?;
    for (c, w) in width.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if rows > max_rows {
        ws.write_string(
            1,
            0,
            format!(
                "{name}.csv has {rows} rows, more than a sheet holds ({max_rows}): read it with pandas, R or duckdb (docs/opening-reports.md)"
            ),
        )?;
        return Ok(());
    }
    let mut rdr = open(path)?;
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec?;
        let row = r as u32 + 1;
        for (c, cell) in rec.iter().enumerate().take(header.len()) {
            if cell.is_empty() {
                continue;
            }
            let col = c as u16;
            match types[c] {
                Type::Number => {
                    // `is_number` held for every cell of the column.
                    let v: f64 = cell.parse().unwrap_or_default();
                    ws.write_number(row, col, v)?;
                }
                Type::Boolean => {
                    ws.write_boolean(row, col, cell == "true")?;
                }
                // A string cell is never run as a formula: the CSV's neutralizing `'` is taken
                // off again.
                Type::Text => {
                    ws.write_string(row, col, fit(unsafe_cell(cell)))?;
                }
            }
        }
    }
    Ok(())
}

/// Writes reports.xlsx into `dir` from the CSV reports there, in the registry's order.
/// `text_columns` are the corpus's metadata columns, always text.
pub(crate) fn write(dir: &Path, text_columns: &[String]) -> Result<()> {
    without_panics(|| write_with(dir, text_columns, MAX_ROWS))
        .with_context(|| format!("cannot write {} (--xlsx)", files::XLSX))
}

/// Runs `f`, turning a panic into an error carrying the panic's message. rust_xlsxwriter
/// (0.102) unwraps or `expect`s every write to its temporary sheet files (worksheet.rs,
/// packager.rs), so a full disk panics inside it instead of returning an error. The panic hook
/// is swapped for one that keeps the message while `f` runs: the workbook is written alone at
/// the end of a run, when no other thread of slant's is working.
fn without_panics(f: impl FnOnce() -> Result<()>) -> Result<()> {
    use std::sync::{Arc, Mutex};
    let message = Arc::new(Mutex::new(String::new()));
    let kept = Arc::clone(&message);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = match info.payload().downcast_ref::<String>() {
            Some(s) => s.clone(),
            None => info
                .payload()
                .downcast_ref::<&str>()
                .map_or_else(String::new, |s| (*s).to_owned()),
        };
        if let Ok(mut m) = kept.lock() {
            *m = text;
        }
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|_| {
        let why = message.lock().map(|m| m.clone()).unwrap_or_default();
        Err(anyhow::anyhow!(
            "the workbook writer stopped on a file of its own ({why})"
        ))
    })
}

fn write_with(dir: &Path, text_columns: &[String], max_rows: u64) -> Result<()> {
    let mut wb = Workbook::new();
    // The same reports give the same bytes: no creation time from the clock (the zip entries
    // carry a fixed time already).
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    wb.set_tempdir(dir)?;
    let bold = Format::new().set_bold();
    for f in files::FILES {
        let Some(name) = f.name.strip_suffix(".csv") else {
            continue;
        };
        let path = dir.join(f.name);
        if !path.exists() {
            continue;
        }
        let ws = wb.add_worksheet_with_constant_memory()?;
        sheet(ws, &path, name, text_columns, &bold, max_rows)
            .with_context(|| format!("cannot put {} into {}", f.name, files::XLSX))?;
    }
    wb.save(dir.join(files::XLSX))
        .with_context(|| format!("cannot write {}", files::XLSX))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_what_slant_writes_and_nothing_a_spreadsheet_reads_otherwise() {
        for yes in ["0", "-12", "0.2500", "1000000"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in [
            "", "-", "1e5", "inf", "NaN", "1/2", "0x10", ".5", "5.", "+1", "1,5", " 1",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }

    #[test]
    fn cells_are_typed_and_a_report_too_long_for_a_sheet_says_where_its_rows_are() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(
            dir.path().join("articles.csv"),
            "article_id,outlet,title,tone,short,date\n0007,RT,1/2,-0.2500,false,2024-06-18\n0008,RT,'=SUM(A1),,true,\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("hits.csv"),
            "article_id,start\n0007,1\n0007,2\n0008,3\n",
        )
        .unwrap();
        write_with(dir.path(), &["title".into(), "date".into()], 2).unwrap();
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(files::XLSX)).unwrap();
        assert_eq!(wb.sheet_names(), ["articles", "hits"]);
        let a = wb.worksheet_range("articles").unwrap();
        let row = |r: u32| -> Vec<Data> {
            (0..6)
                .map(|c| a.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                .collect()
        };
        assert_eq!(
            row(1),
            [
                Data::String("0007".into()),
                Data::String("RT".into()),
                Data::String("1/2".into()),
                Data::Float(-0.25),
                Data::Bool(false),
                Data::String("2024-06-18".into()),
            ]
        );
        // The CSV's neutralized formula is its text again, in a string cell; blanks are empty.
        assert_eq!(row(2)[2], Data::String("=SUM(A1)".into()));
        assert_eq!(row(2)[3], Data::Empty);
        let h = wb.worksheet_range("hits").unwrap();
        let note = h.get_value((1, 0)).unwrap().to_string();
        assert!(
            note.starts_with("hits.csv has 3 rows, more than a sheet holds (2)"),
            "{note}"
        );
    }

    #[test]
    fn long_cells_are_cut_with_a_note_within_the_limit() {
        let long = "é".repeat(40_000);
        let cut = fit(&long);
        assert!(cut.encode_utf16().count() <= MAX_CELL);
        assert!(cut.ends_with("the CSV has it whole]"));
        assert_eq!(fit("short"), "short");
    }
}
