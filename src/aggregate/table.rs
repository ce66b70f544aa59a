//! A report table as the statistics make it: a header and rows of typed cells. A number stays a
//! number until a file or the page is written (`Cell`'s `Display`); the charts and the page read
//! it with `Cell::num`, never by parsing text back.

use crate::score::metrics::{fmt_value, Format};
use std::fmt;

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A name, a label, a term: written as it is (made spreadsheet-safe by the writer).
    Text(String),
    /// A count of things.
    Count(u64),
    /// A statistic — mean, rate, share, interval bound, difference — printed in `Format`
    /// (`metrics::fmt_value`): empty when there is none or it is not finite.
    Value(Option<f64>, Format),
    /// A p- or q-value: six decimals, since four would print most findings as 0.0000; empty
    /// when there is none.
    P(Option<f64>),
    /// A figure with a fixed number of decimals (keyness.csv's, Rust's `{:.N}`).
    Decimals(f64, usize),
    /// `true` or `false`.
    Flag(bool),
}

impl Cell {
    /// A statistic in four decimals (`Format::Fixed`), the common case.
    pub fn fixed(v: Option<f64>) -> Cell {
        Cell::Value(v, Format::Fixed)
    }

    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The number the cell shows, as it shows it (rounded to its printed decimals), so that a
    /// chart plots the figure the CSV file holds; `None` for text and an empty cell.
    pub fn num(&self) -> Option<f64> {
        match self {
            Cell::Count(n) => Some(*n as f64),
            Cell::Value(Some(v), f) => match crate::score::metrics::to_fixed(Some(*v)) {
                Some(q) => Some(match f {
                    Format::Count => (q as f64 / crate::aggregate::SCALE as f64).round(),
                    _ => q as f64 / crate::aggregate::SCALE as f64,
                }),
                // Beyond the fixed-point range, and rounding in decimal exactly as `{:.N}`
                // prints: the formatter's own, so ask it.
                None => self.to_string().parse().ok(),
            },
            Cell::P(Some(_)) | Cell::Decimals(..) => self.to_string().parse().ok(),
            _ => None,
        }
    }

    /// The text of a text cell; `None` for a number.
    pub fn str(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is the text `s`.
    pub fn is(&self, s: &str) -> bool {
        self.str() == Some(s)
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Text(s) => f.write_str(s),
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Value(v, format) => f.write_str(&fmt_value(*v, *format)),
            Cell::P(Some(v)) if v.is_finite() => write!(f, "{v:.6}"),
            Cell::P(_) => Ok(()),
            Cell::Decimals(v, places) => write!(f, "{v:.places$}"),
            Cell::Flag(b) => write!(f, "{b}"),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

/// A report table: header and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn with_header(cols: &[&str]) -> Table {
        Table {
            header: cols.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The index of column `name`, if the table has it.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|c| c == name)
    }

    /// A row as the text a file holds, cell by cell.
    pub fn texts(row: &[Cell]) -> Vec<String> {
        row.iter().map(Cell::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_prints_as_the_report_files_always_have() {
        assert_eq!(Cell::fixed(Some(0.12345)).to_string(), "0.1235");
        assert_eq!(Cell::fixed(Some(-0.00001)).to_string(), "0.0000");
        assert_eq!(Cell::fixed(None).to_string(), "");
        assert_eq!(Cell::fixed(Some(f64::NAN)).to_string(), "");
        assert_eq!(Cell::Value(Some(12.0), Format::Count).to_string(), "12");
        assert_eq!(Cell::P(Some(0.0000004)).to_string(), "0.000000");
        assert_eq!(Cell::P(Some(f64::INFINITY)).to_string(), "");
        assert_eq!(Cell::Decimals(2.0 / 3.0, 4).to_string(), "0.6667");
        assert_eq!(Cell::Count(7).to_string(), "7");
        assert_eq!(Cell::Flag(true).to_string(), "true");
    }

    #[test]
    fn a_cell_s_number_is_the_number_it_prints() {
        for v in [0.12345, -1.00005, 2.0 / 3.0, 1e-9, 123456.78915, -0.00004] {
            for cell in [
                Cell::fixed(Some(v)),
                Cell::P(Some(v)),
                Cell::Decimals(v, 4),
                Cell::Value(Some(v), Format::Hits),
            ] {
                let printed: Option<f64> = cell.to_string().parse().ok();
                assert_eq!(cell.num(), printed, "{cell:?}");
            }
        }
        assert_eq!(Cell::text("0.5").num(), None);
        assert_eq!(Cell::fixed(None).num(), None);
        assert_eq!(Cell::Count(3).num(), Some(3.0));
    }
}
