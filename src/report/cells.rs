//! Cells: how a value becomes a CSV cell — quoted as the csv crate quotes, neutralized so that a
//! spreadsheet never runs it as a formula, and read back exactly (`unsafe_cell`).

use anyhow::Result;
use std::borrow::Cow;

/// A text cell, made safe for spreadsheets: one starting with `=`, `+`, `-`, `@`, tab or CR gets
/// a leading `'`, which Excel, LibreOffice and Google Sheets show but do not evaluate.
/// A plain number ("-1.25") is left alone: a spreadsheet reads it as the number it is.
pub fn safe(s: &str) -> Cow<'_, str> {
    let number = s.starts_with(['-', '+'])
        && s.len() > 1
        && s[1..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s[1..].starts_with(|c: char| c.is_ascii_digit());
    // A cell that starts with `'` gets one more, so that `unsafe_cell` can tell a neutralized
    // `=x` (`'=x`) from a cell that was `'=x` (`''=x`): every cell reads back as it was.
    if !number && s.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Every cell of a record through `safe`.
pub(super) fn safe_record(cells: &[String]) -> Vec<Cow<'_, str>> {
    cells.iter().map(|c| safe(c)).collect()
}

/// Undoes `safe`: the text of a cell as it was before neutralization.
pub fn unsafe_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => s,
    }
}

pub(super) fn bool_cell(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// CSV bytes written by `f` (rows of hits.csv, its header), quoted as every report is.
pub(super) fn render(
    f: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    f(&mut w)?;
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot render a CSV row: {e}"))
}

/// Appends `field` as the CSV writer writes it (`QuoteStyle::Necessary`): in double quotes, with
/// quotes doubled, when it holds a comma, a quote, CR or LF; as it is otherwise. hits.csv is the
/// largest report — ten times the corpus — so its rows are put together here, byte by byte,
/// rather than through `csv::Writer`.
pub(super) fn push_field(out: &mut Vec<u8>, field: &str) {
    let b = field.as_bytes();
    if !b.iter().any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
        out.extend_from_slice(b);
        return;
    }
    out.push(b'"');
    for part in b.split_inclusive(|&c| c == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_the_csv_writer_quotes_them() {
        for field in [
            "",
            "plain",
            "a,b",
            "say \"no\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "'=x",
            "Россия, “да”",
            " ",
            "\"\"",
            "a\"\"b,",
        ] {
            let want = render(|w| w.write_record([field, "y"])).unwrap();
            let mut got = Vec::new();
            push_field(&mut got, field);
            got.extend_from_slice(b",y\n");
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{field:?}"
            );
        }
    }

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("+1"), "+1");
        assert_eq!(safe("+1+1"), "'+1+1");
        assert_eq!(safe("-x"), "'-x");
        assert_eq!(safe("-1.2500"), "-1.2500");
        assert_eq!(safe("-1+1"), "'-1+1");
        assert_eq!(safe("-"), "'-");
        assert_eq!(safe("@SUM"), "'@SUM");
        assert_eq!(safe("\tx"), "'\tx");
        assert_eq!(safe("Reuters"), "Reuters");
    }
}

#[cfg(test)]
mod neutralization_tests {
    use super::{safe, unsafe_cell};
    use proptest::prelude::*;

    proptest! {
        /// Every cell reads back as it was, and two different cells never print the same.
        #[test]
        fn neutralization_is_reversible(a in "['=+@\\-\t\r]{0,3}[ -~]{0,6}", b in "['=+@\\-]{0,3}[ -~]{0,6}") {
            let cell = safe(&a);
            prop_assert_eq!(unsafe_cell(&cell), a.as_str());
            if a != b {
                prop_assert_ne!(safe(&a), safe(&b));
            }
        }
    }
}
