//! Which group an article's figures go to: its outlet, or with `--group-by` its values of one
//! or two columns of the manifest or the records.

use crate::corpus::ArticleRef;
use crate::error::UsageError;
use anyhow::Result;

/// The columns of `--group-by`, by their index among the corpus's metadata columns; a usage
/// error naming the columns there are when one is not among them.
pub(crate) fn group_columns(
    names: &[String],
    meta_columns: &[String],
    keyness: bool,
) -> Result<Vec<(Option<usize>, String)>> {
    if names.len() > 2 {
        return Err(UsageError(
            "--group-by takes at most two columns (a grouping and one level below it)".into(),
        )
        .into());
    }
    if !names.is_empty() && keyness {
        return Err(UsageError(
            "--keyness compares outlets only, not the groups of --group-by: run it without --group-by".into(),
        )
        .into());
    }
    names
        .iter()
        .map(|name| {
            // `outlet` is the article's outlet, a second level below another grouping
            // ("--group-by country --group-by outlet").
            if name.eq_ignore_ascii_case("outlet") {
                return Ok((None, name.clone()));
            }
            let found = meta_columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name));
            found.map(|i| (Some(i), name.clone())).ok_or_else(|| {
                let there = if meta_columns.is_empty() {
                    "none".to_owned()
                } else {
                    meta_columns.join(", ")
                };
                UsageError(format!(
                    "--group-by {name}: the corpus has no such column; its manifest columns (or record fields) beside file/id, outlet and text are: {there} (and `outlet` itself, as a second level)"
                ))
                .into()
            })
        })
        .collect()
}

/// The group an article's figures go to: its outlet, or with `--group-by` its values of those
/// columns joined by " / " (an empty value is `(no COLUMN)`, so no article is lost from the
/// statistics).
pub(crate) fn group_of<'a>(
    a: &'a ArticleRef,
    cols: &[(Option<usize>, String)],
) -> std::borrow::Cow<'a, str> {
    if cols.is_empty() {
        return std::borrow::Cow::Borrowed(&a.outlet);
    }
    let parts: Vec<String> = cols
        .iter()
        .map(|(i, name)| {
            let value = match i {
                None => a.outlet.as_str(),
                Some(i) => a.meta.get(*i).map_or("", |v| v.trim()),
            };
            if value.is_empty() {
                format!("(no {name})")
            } else {
                value.to_owned()
            }
        })
        .collect();
    std::borrow::Cow::Owned(parts.join(" / "))
}
