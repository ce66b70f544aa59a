//! articles.csv: one row per scored article, rendered on the worker that scored it.

use super::cells::{bool_cell, push_field, safe};
use crate::corpus::ArticleRef;
use crate::score::metrics::{write_fixed, Format};
use crate::score::Scored;

/// articles.csv: these columns, then the corpus's (title, date, …), then `ARTICLE_FLAGS`, then
/// the metrics.
pub const ARTICLE_KEYS: &[&str] = &["article_id", "outlet"];

pub const ARTICLE_FLAGS: &[&str] = &[
    "encoding",
    "encoding_repaired",
    "empty",
    "short",
    "quotes_unbalanced",
];

/// An article's row of articles.csv, rendered on the worker that scored it; `formats` are the
/// metric columns' formats, in order.
pub fn render_article(a: &ArticleRef, s: &Scored, formats: &[Format], short: bool) -> Vec<u8> {
    // Put together byte by byte as `push_field` does for hits.csv: a `csv::Writer` per article
    // zeroed an 8 KB buffer for one row (2% of a run).
    let mut row = Vec::with_capacity(256 + s.values.len() * 8);
    push_field(&mut row, &safe(&a.id));
    row.push(b',');
    push_field(&mut row, &safe(&a.outlet));
    for m in &a.meta {
        row.push(b',');
        push_field(&mut row, &safe(m));
    }
    for cell in [
        s.encoding,
        bool_cell(s.repaired),
        bool_cell(s.score.tokens == 0),
        bool_cell(short),
        bool_cell(s.score.quotes_unbalanced),
    ] {
        row.push(b',');
        row.extend_from_slice(cell.as_bytes());
    }
    // The metric cells are numbers, which never need quoting.
    let mut cell = String::new();
    for (v, format) in s.values.iter().zip(formats) {
        cell.clear();
        write_fixed(&mut cell, *v, *format);
        row.push(b',');
        row.extend_from_slice(cell.as_bytes());
    }
    row.push(b'\n');
    row
}
