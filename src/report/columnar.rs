//! hits.parquet, articles.parquet and quotes.parquet (`--parquet`): the per-article reports as
//! typed, compressed columns for pandas, R (arrow), duckdb and Spark. hits.csv is about ten
//! times its input and passes a spreadsheet's rows at ~28 MB of news; as Parquet the same rows
//! are a fraction of the input (docs/opening-reports.md gives the figures and the command).
//!
//! Each file is made from its CSV just written to the staging folder, so it holds exactly what
//! the CSV holds, for one run and for merged shards alike; a run that fails writes neither.
//! Types come from the column's name, not from its cells, so a column has the same type in
//! every run: offsets and counts are INT64, weights and metrics DOUBLE, flags BOOLEAN, and every
//! other column (ids, names, metadata) a dictionary-encoded UTF-8 STRING. Every column is
//! nullable: an empty CSV cell is a null (no actor, a metric with no value, a blank title).
//! Text cells are their text again, without the `'` that neutralizes formulas in the CSV.
//!
//! Rows are buffered one row group at a time (a million rows; text as indices into the row
//! group's distinct values, so the repeated `context` sentence is held once), which bounds the
//! memory whatever the corpus's size.

use super::cells::unsafe_cell;
use anyhow::{bail, Context, Result};
use parquet::basic::{Compression, Encoding, LogicalType, Repetition, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type as Schema};
use rustc_hash::FxHashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// The Parquet file made from each per-article CSV.
pub(crate) const FILES: &[(&str, &str)] = &[
    (super::files::ARTICLES, super::files::ARTICLES_PARQUET),
    (super::files::HITS, super::files::HITS_PARQUET),
    (super::files::QUOTES, super::files::QUOTES_PARQUET),
];

/// Rows per row group: Parquet's usual size; the dictionaries of text columns are per row
/// group, so fewer, larger groups compress the repeated names and sentences better.
const ROW_GROUP: usize = 1 << 20;

/// A column's Parquet type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Text,
    Int,
    Float,
    Bool,
}

/// Offsets and counts of hits.csv and quotes.csv, and articles.csv's count of broken characters.
const INT_COLUMNS: &[&str] = &[
    "sentence",
    "start",
    "end",
    "char_start",
    "char_end",
    "words",
    "broken_chars",
];
const FLOAT_COLUMNS: &[&str] = &["weight"];
/// hits.csv's and articles.csv's flags.
const BOOL_COLUMNS: &[&str] = &[
    "negated",
    "in_quote",
    "encoding_repaired",
    "empty",
    "short",
    "quotes_unbalanced",
];

/// What decides the columns' types of articles.csv beyond the fixed lists: the corpus's
/// metadata columns (always text, whatever their names) and the metric columns, each with
/// whether it is a count (an integer) or a score.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub meta: Vec<String>,
    pub metrics: Vec<(String, bool)>,
}

impl Columns {
    /// The type of column `name` of a per-article file.
    pub(crate) fn type_of(&self, name: &str) -> Type {
        if self.meta.iter().any(|m| m == name) {
            return Type::Text;
        }
        if let Some((_, count)) = self.metrics.iter().find(|(m, _)| m == name) {
            return if *count { Type::Int } else { Type::Float };
        }
        if INT_COLUMNS.contains(&name) {
            Type::Int
        } else if FLOAT_COLUMNS.contains(&name) {
            Type::Float
        } else if BOOL_COLUMNS.contains(&name) {
            Type::Bool
        } else {
            Type::Text
        }
    }
}

/// Writes the Parquet file of each per-article CSV in `dir` (those the run wrote).
pub(crate) fn write(dir: &Path, columns: &Columns) -> Result<()> {
    for (csv_name, name) in FILES {
        let csv_path = dir.join(csv_name);
        if csv_path.exists() {
            convert(&csv_path, &dir.join(name), columns)
                .with_context(|| format!("cannot write {name} from {csv_name}"))?;
        }
    }
    Ok(())
}

/// One column's cells of the row group being gathered; `defined` holds one entry per row
/// (false: null), the value vectors only the non-null cells.
enum Cells {
    /// Indices into `distinct`, which `seen` finds by text.
    Text {
        seen: FxHashMap<Box<[u8]>, u32>,
        distinct: Vec<ByteArray>,
        values: Vec<u32>,
    },
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

struct Column {
    name: String,
    cells: Cells,
    defined: Vec<i16>,
}

impl Column {
    fn new(name: &str, ty: Type) -> Column {
        let cells = match ty {
            Type::Text => Cells::Text {
                seen: FxHashMap::default(),
                distinct: Vec::new(),
                values: Vec::new(),
            },
            Type::Int => Cells::Int(Vec::new()),
            Type::Float => Cells::Float(Vec::new()),
            Type::Bool => Cells::Bool(Vec::new()),
        };
        Column {
            name: name.to_owned(),
            cells,
            defined: Vec::new(),
        }
    }

    fn schema(&self) -> Result<Schema> {
        use parquet::basic::Type as Physical;
        let (physical, logical) = match self.cells {
            Cells::Text { .. } => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Cells::Int(_) => (Physical::INT64, None),
            Cells::Float(_) => (Physical::DOUBLE, None),
            Cells::Bool(_) => (Physical::BOOLEAN, None),
        };
        Ok(Schema::primitive_type_builder(&self.name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()?)
    }

    /// Adds a cell of the CSV; an empty cell is a null.
    fn push(&mut self, cell: &[u8]) -> std::result::Result<(), String> {
        if cell.is_empty() {
            self.defined.push(0);
            return Ok(());
        }
        let text = std::str::from_utf8(cell).map_err(|_| "is not UTF-8".to_owned())?;
        let bad = |what: &str| format!("`{text}` is not {what}");
        match &mut self.cells {
            Cells::Text {
                seen,
                distinct,
                values,
            } => {
                let text = unsafe_cell(text).as_bytes();
                let id = match seen.get(text) {
                    Some(id) => *id,
                    None => {
                        let id = distinct.len() as u32;
                        distinct.push(ByteArray::from(text.to_vec()));
                        seen.insert(text.into(), id);
                        id
                    }
                };
                values.push(id);
            }
            Cells::Int(v) => v.push(text.parse().map_err(|_| bad("an integer"))?),
            Cells::Float(v) => v.push(text.parse().map_err(|_| bad("a number"))?),
            Cells::Bool(v) => v.push(match text {
                "true" => true,
                "false" => false,
                _ => return Err(bad("true or false")),
            }),
        }
        self.defined.push(1);
        Ok(())
    }

    /// Writes the gathered cells as this column's chunk of a row group, and forgets them.
    fn write(&mut self, out: &mut parquet::file::writer::SerializedColumnWriter<'_>) -> Result<()> {
        let defined = Some(self.defined.as_slice());
        match &mut self.cells {
            Cells::Text {
                seen,
                distinct,
                values,
            } => {
                // Cloning a ByteArray shares its bytes.
                let cells: Vec<ByteArray> = values
                    .iter()
                    .map(|&i| distinct[i as usize].clone())
                    .collect();
                out.typed::<ByteArrayType>()
                    .write_batch(&cells, defined, None)?;
                seen.clear();
                distinct.clear();
                values.clear();
            }
            Cells::Int(v) => {
                out.typed::<Int64Type>().write_batch(v, defined, None)?;
                v.clear();
            }
            Cells::Float(v) => {
                out.typed::<DoubleType>().write_batch(v, defined, None)?;
                v.clear();
            }
            Cells::Bool(v) => {
                out.typed::<BoolType>().write_batch(v, defined, None)?;
                v.clear();
            }
        }
        self.defined.clear();
        Ok(())
    }
}

/// How each column is encoded: text and scores with a dictionary (the few outlets, lexicon
/// entries and names of millions of rows), offsets and counts as deltas (they grow along an
/// article), every page compressed with zstd.
fn properties(columns: &[Column]) -> Result<WriterProperties> {
    let mut p = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(6)?))
        .set_max_row_group_row_count(Some(ROW_GROUP))
        // The distinct sentences of a row group are often more than the default 1 MB.
        .set_dictionary_page_size_limit(8 << 20);
    for c in columns {
        let path = ColumnPath::new(vec![c.name.clone()]);
        p = match c.cells {
            Cells::Int(_) => p
                .set_column_dictionary_enabled(path.clone(), false)
                .set_column_encoding(path, Encoding::DELTA_BINARY_PACKED),
            Cells::Bool(_) => p.set_column_dictionary_enabled(path, false),
            Cells::Text { .. } | Cells::Float(_) => p,
        };
    }
    Ok(p.build())
}

/// Writes `csv_path`'s rows as the Parquet file `out`.
fn convert(csv_path: &Path, out: &Path, types: &Columns) -> Result<()> {
    let mut rdr = super::read::reader(csv_path)?;
    let header = rdr.headers()?.clone();
    let mut columns: Vec<Column> = header
        .iter()
        .map(|name| Column::new(name, types.type_of(unsafe_cell(name))))
        .collect();
    let schema = Schema::group_type_builder("schema")
        .with_fields(
            columns
                .iter()
                .map(|c| c.schema().map(Arc::new))
                .collect::<Result<_>>()?,
        )
        .build()?;
    let file = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut writer = SerializedFileWriter::new(
        std::io::BufWriter::with_capacity(1 << 20, file),
        Arc::new(schema),
        Arc::new(properties(&columns)?),
    )?;
    let mut rows = 0usize;
    let mut record = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut record)? {
        if record.len() != columns.len() {
            bail!(
                "line {} has {} cells where the header has {}",
                record.position().map_or(0, |p| p.line()),
                record.len(),
                columns.len()
            );
        }
        for (c, cell) in columns.iter_mut().zip(record.iter()) {
            c.push(cell).map_err(|e| {
                anyhow::anyhow!(
                    "line {}, column {}: {e}",
                    record.position().map_or(0, |p| p.line()),
                    c.name
                )
            })?;
        }
        rows += 1;
        if rows == ROW_GROUP {
            row_group(&mut writer, &mut columns)?;
            rows = 0;
        }
    }
    if rows > 0 {
        row_group(&mut writer, &mut columns)?;
    }
    writer.close()?.file_metadata();
    Ok(())
}

fn row_group<W: std::io::Write + Send>(
    writer: &mut SerializedFileWriter<W>,
    columns: &mut [Column],
) -> Result<()> {
    let mut group = writer.next_row_group()?;
    for c in columns.iter_mut() {
        let Some(mut out) = group.next_column()? else {
            bail!("the Parquet schema has fewer columns than the CSV");
        };
        c.write(&mut out)?;
        out.close()?;
    }
    group.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_by_name_and_metadata_is_always_text() {
        let c = Columns {
            meta: vec!["start".into(), "year".into()],
            metrics: vec![("tokens".into(), true), ("tone".into(), false)],
        };
        assert_eq!(
            c.type_of("start"),
            Type::Text,
            "a corpus column named start"
        );
        assert_eq!(c.type_of("end"), Type::Int);
        assert_eq!(c.type_of("tokens"), Type::Int);
        assert_eq!(c.type_of("tone"), Type::Float);
        assert_eq!(c.type_of("weight"), Type::Float);
        assert_eq!(c.type_of("in_quote"), Type::Bool);
        assert_eq!(c.type_of("context"), Type::Text);
    }

    #[test]
    fn a_cell_that_is_not_its_columns_type_is_an_error_not_a_null() {
        let mut int = Column::new("start", Type::Int);
        assert!(int.push(b"12").is_ok());
        assert!(int.push(b"").is_ok());
        assert_eq!(int.push(b"1.5").unwrap_err(), "`1.5` is not an integer");
        let mut flag = Column::new("negated", Type::Bool);
        assert!(flag.push(b"yes").is_err());
        assert_eq!(int.defined, [1, 0]);
        // Text is held once per distinct value, its neutralizing `'` taken off.
        let mut text = Column::new("title", Type::Text);
        for cell in [&b"'=x"[..], b"a", b"'=x"] {
            text.push(cell).unwrap();
        }
        let Cells::Text {
            distinct, values, ..
        } = &text.cells
        else {
            panic!("a text column")
        };
        assert_eq!(values, &[0, 1, 0]);
        assert_eq!(distinct[0].data(), b"=x");
    }
}
