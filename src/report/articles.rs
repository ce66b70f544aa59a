//! articles.csv: one row per scored article, rendered on the worker that scored it, and the
//! check that its column names are usable.

use super::cells::{bool_cell, push_field, safe};
use crate::corpus::ArticleRef;
use crate::lexicon::LexiconSet;
use crate::score::metrics::Metric;
use crate::score::metrics::{write_fixed, Format};
use crate::score::Scored;

/// articles.csv: these columns, then the corpus's (title, date, …), then `ARTICLE_FLAGS`, then
/// the metrics.
pub(crate) const ARTICLE_KEYS: &[&str] = &["article_id", "outlet"];

pub(crate) const ARTICLE_FLAGS: &[&str] = &[
    "encoding",
    "encoding_repaired",
    "broken_chars",
    "empty",
    "short",
    "excluded",
    "quotes_unbalanced",
];

/// articles.csv's `excluded`: why an article is left out of the outlet statistics (`empty`: no
/// word left after cleanup; `short`: fewer tokens than `--min-tokens`), or empty when it is in.
pub(crate) fn excluded(tokens: usize, short: bool) -> &'static str {
    match (short, tokens) {
        (false, _) => "",
        (true, 0) => "empty",
        (true, _) => "short",
    }
}

/// An article's row of articles.csv, rendered on the worker that scored it; `formats` are the
/// metric columns' formats, in order.
pub(crate) fn render_article(
    a: &ArticleRef,
    s: &Scored,
    formats: &[Format],
    short: bool,
) -> Vec<u8> {
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
        &s.broken_chars.to_string(),
        bool_cell(s.score.tokens == 0),
        bool_cell(short),
        excluded(s.score.tokens, short),
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

/// The columns of articles.csv, each with where its name comes from; an error naming both
/// sources when two would have the same name (the page and `explain` would show the wrong
/// value), or when a name a spreadsheet would run as a formula comes from a lexicon file or the
/// corpus.
pub(crate) fn check_columns(
    meta_columns: &[String],
    metrics: &[Metric],
    set: &LexiconSet,
) -> Result<(), crate::error::UsageError> {
    use crate::score::metrics::Kind;
    let own = "a column slant always writes".to_owned();
    // Which of two clashing columns is named first: slant's own, then the corpus's, then the
    // metrics in column order.
    let mut cols: Vec<(String, String)> = ARTICLE_KEYS
        .iter()
        .chain(ARTICLE_FLAGS)
        .map(|c| (c.to_string(), own.clone()))
        .collect();
    cols.extend(meta_columns.iter().map(|c| {
        (
            c.clone(),
            format!("the column `{c}` of the manifest or the corpus's records"),
        )
    }));
    for m in metrics {
        let from = match m.kind {
            Kind::Hits(li, ci)
            | Kind::Per1k(li, ci)
            | Kind::Author(li, ci)
            | Kind::Share(Some((li, ci))) => {
                let lex = &set.lexicons[li];
                format!(
                    "the category `{}` of the lexicon `{}` ({})",
                    lex.categories[ci],
                    lex.name,
                    lex.path.display()
                )
            }
            _ => "a metric slant always writes".to_owned(),
        };
        cols.push((m.name.clone(), from));
    }
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (name, from) in &cols {
        if safe(name) != name.as_str() {
            return Err(crate::error::UsageError(format!(
                "articles.csv would have a column `{name}`, from {from}: a name starting with =, +, -, @ or ' would be run as a formula by a spreadsheet; rename it"
            )));
        }
        if let Some(first) = seen.insert(name, from) {
            return Err(crate::error::UsageError(format!(
                "articles.csv would have two columns named `{name}`: {first}, and {from}; rename one of them"
            )));
        }
    }
    Ok(())
}
