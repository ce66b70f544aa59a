//! The per-article metrics: the numeric columns of articles.csv, their names (a Contract other
//! tools rely on), how each is computed from an `ArticleScore`, and how it is printed.
//!
//! One list serves articles.csv and the outlet aggregates, so a column and its outlet summary can
//! never disagree about what they mean. Categories become columns with no code change: a new
//! category in a lexicon file is a new `LEXICON.CATEGORY` column.

use crate::lexicon::LexiconSet;
use crate::score::ArticleScore;

/// How a metric is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Tokens,
    Sentences,
    AuthorTokens,
    QuoteShare,
    BoilerplateLines,
    ScareQuotes,
    Tone,
    ToneAuthor,
    ToneLogit,
    HedgingShare,
    /// Share of a category among all hits of its lexicon; `None` when the lexicon or category is
    /// missing from this run (the column is kept, empty, because the Contract names it).
    Share(Option<(usize, usize)>),
    Hits(usize, usize),
    Per1k(usize, usize),
    Author(usize, usize),
}

/// How a metric is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A count of things: an integer.
    Count,
    /// A weighted hit sum: an integer when integral, else four decimals.
    Hits,
    /// A rate, share or index: four decimals.
    Fixed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    pub name: String,
    pub kind: Kind,
}

impl Metric {
    pub fn format(&self) -> Format {
        match self.kind {
            Kind::Tokens
            | Kind::Sentences
            | Kind::AuthorTokens
            | Kind::BoilerplateLines
            | Kind::ScareQuotes => Format::Count,
            Kind::Hits(..) | Kind::Author(..) => Format::Hits,
            _ => Format::Fixed,
        }
    }

    /// Is the metric compared between outlets with a test? Scores and rates are; raw counts,
    /// which grow with article length, are described but not tested.
    /// Is the metric a share: each article's value between 0 and 1?
    pub fn is_share(&self) -> bool {
        matches!(
            self.kind,
            Kind::QuoteShare | Kind::HedgingShare | Kind::Share(_)
        )
    }

    pub fn tested(&self) -> bool {
        matches!(
            self.kind,
            Kind::QuoteShare
                | Kind::ScareQuotes
                | Kind::Tone
                | Kind::ToneAuthor
                | Kind::ToneLogit
                | Kind::HedgingShare
                | Kind::Share(_)
                | Kind::Per1k(..)
        )
    }

    pub fn value(&self, s: &ArticleScore, set: &LexiconSet) -> Option<f64> {
        match self.kind {
            Kind::Tokens => Some(s.tokens as f64),
            Kind::Sentences => Some(s.sentences as f64),
            Kind::AuthorTokens => Some(s.author_tokens as f64),
            Kind::QuoteShare => s.quote_share(),
            Kind::BoilerplateLines => Some(s.boilerplate_lines as f64),
            Kind::ScareQuotes => Some(s.scare_quotes.len() as f64),
            Kind::Tone => s.tone(set, false),
            Kind::ToneAuthor => s.tone(set, true),
            Kind::ToneLogit => s.tone_logit(set),
            Kind::HedgingShare => s.hedging_share(set),
            Kind::Share(None) => None,
            Kind::Share(Some((l, c))) => s.share(l, c),
            Kind::Hits(l, c) => Some(s.counts[l][c].all),
            Kind::Per1k(l, c) => s.per_1k(s.counts[l][c]),
            Kind::Author(l, c) => Some(s.counts[l][c].author),
        }
    }

    /// The value as it is printed and aggregated: fixed point, 4 decimals.
    pub fn fixed(&self, s: &ArticleScore, set: &LexiconSet) -> Option<i64> {
        to_fixed(self.value(s, set))
    }

    /// The printed value: fixed precision, plain decimals, empty when it cannot be computed.
    pub fn cell(&self, s: &ArticleScore, set: &LexiconSet) -> String {
        fmt_value(self.value(s, set), self.format())
    }
}

/// Fixed-point scale of a printed value: 4 decimals.
pub(crate) const SCALE: i64 = 10_000;

/// A value as a fixed-point integer (value × 10⁴, rounded half away from zero), as printed. None
/// for NaN, infinities and values too large for it.
pub(crate) fn to_fixed(v: Option<f64>) -> Option<i64> {
    let x = (v? * SCALE as f64).round();
    (x.is_finite() && x.abs() < 9.0e18).then_some(x as i64)
}

/// Appends a fixed-point value to `out` in the given format: never NaN, inf, `-0` or scientific
/// notation; nothing for `None`.
pub(crate) fn write_fixed(out: &mut String, q: Option<i64>, format: Format) {
    // By hand rather than with `write!`: articles.csv prints every metric of every article.
    let Some(q) = q else { return };
    let (int, frac) = (q / SCALE, (q % SCALE).unsigned_abs());
    match format {
        Format::Count => {
            // Counts are whole; a stray fraction rounds half away from zero.
            push_int(out, (q + q.signum() * (SCALE / 2)) / SCALE);
        }
        Format::Hits if frac == 0 => push_int(out, int),
        _ => {
            if q < 0 && int == 0 {
                out.push('-');
            }
            push_int(out, int);
            out.push('.');
            let digits = [frac / 1000, frac / 100 % 10, frac / 10 % 10, frac % 10];
            out.extend(digits.map(|d| char::from(b'0' + d as u8)));
        }
    }
}

/// Appends an integer in decimal.
fn push_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    push_uint(out, v.unsigned_abs());
}

/// Appends an unsigned integer in decimal.
pub(crate) fn push_uint(out: &mut String, v: u64) {
    let mut buf = [0u8; 20];
    let digits = decimal(v, &mut buf);
    out.extend(digits.iter().map(|&b| char::from(b)));
}

/// Appends an unsigned integer in decimal to a row of bytes.
pub(crate) fn push_uint_bytes(out: &mut Vec<u8>, v: u64) {
    let mut buf = [0u8; 20];
    out.extend_from_slice(decimal(v, &mut buf));
}

/// The decimal digits of `v`, written at the end of `buf`.
fn decimal(v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut u = v;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    &buf[i..]
}

/// Prints a value: never NaN, inf, `-0` or scientific notation.
pub(crate) fn fmt_value(v: Option<f64>, format: Format) -> String {
    let Some(v) = v.filter(|v| v.is_finite()) else {
        return String::new();
    };
    let mut s = String::new();
    match to_fixed(Some(v)) {
        Some(q) => write_fixed(&mut s, Some(q), format),
        // Beyond the fixed-point range (above 9 × 10¹⁴): plain decimals all the same.
        None => s = format!("{v:.4}"),
    }
    s
}

/// The metrics of a run, in articles.csv column order.
pub(crate) fn metrics(set: &LexiconSet) -> Vec<Metric> {
    let m = |name: &str, kind| Metric {
        name: name.to_owned(),
        kind,
    };
    let mut out = vec![
        m("tokens", Kind::Tokens),
        m("sentences", Kind::Sentences),
        m("author_tokens", Kind::AuthorTokens),
        m("quote_share", Kind::QuoteShare),
        m("boilerplate_lines", Kind::BoilerplateLines),
        m("scare_quotes", Kind::ScareQuotes),
        m("tone", Kind::Tone),
        m("tone.author", Kind::ToneAuthor),
        m("tone.logit", Kind::ToneLogit),
        m("hedging.share", Kind::HedgingShare),
    ];
    match set.role(set.roles.attribution) {
        Some((li, lex)) => {
            for (ci, c) in lex.categories.iter().enumerate() {
                out.push(m(
                    &format!("attribution.{c}.share"),
                    Kind::Share(Some((li, ci))),
                ));
            }
            if set.roles.distancing.is_none() {
                out.push(m("attribution.distancing.share", Kind::Share(None)));
            }
        }
        None => out.push(m("attribution.distancing.share", Kind::Share(None))),
    }
    for (li, lex) in set.lexicons.iter().enumerate() {
        for (ci, c) in lex.categories.iter().enumerate() {
            let base = format!("{}.{c}", lex.name);
            out.push(m(&base, Kind::Hits(li, ci)));
            out.push(m(&format!("{base}.per_1k"), Kind::Per1k(li, ci)));
            out.push(m(&format!("{base}.author"), Kind::Author(li, ci)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `write_fixed` as it was written with `write!`, to check the hand-written digits against.
    fn with_fmt(q: i64, format: Format) -> String {
        let (int, frac) = (q / SCALE, (q % SCALE).abs());
        match format {
            Format::Count => format!("{}", (q + q.signum() * (SCALE / 2)) / SCALE),
            Format::Hits if frac == 0 => format!("{int}"),
            _ => {
                let sign = if q < 0 && int == 0 { "-" } else { "" };
                format!("{sign}{int}.{frac:04}")
            }
        }
    }

    #[test]
    fn fixed_digits_equal_formatted_ones() {
        let mut values: Vec<i64> = (-25_000..25_000).collect();
        values.extend([
            i64::MAX - 5_000,
            i64::MIN + 5_000,
            9_000_000_000_000_000_000,
            123_456_789_012,
        ]);
        for q in values {
            for format in [Format::Count, Format::Hits, Format::Fixed] {
                let mut s = String::new();
                write_fixed(&mut s, Some(q), format);
                assert_eq!(s, with_fmt(q, format), "{q} {format:?}");
            }
        }
    }

    #[test]
    fn values_print_plainly() {
        assert_eq!(fmt_value(Some(0.000_012_3), Format::Fixed), "0.0000");
        assert_eq!(fmt_value(Some(-0.000_01), Format::Fixed), "0.0000");
        assert_eq!(fmt_value(Some(-1.25), Format::Fixed), "-1.2500");
        assert_eq!(
            fmt_value(Some(1e20), Format::Fixed),
            "100000000000000000000.0000"
        );
        assert_eq!(fmt_value(Some(f64::NAN), Format::Fixed), "");
        assert_eq!(fmt_value(None, Format::Count), "");
        assert_eq!(fmt_value(Some(3.0), Format::Hits), "3");
        assert_eq!(fmt_value(Some(2.5), Format::Hits), "2.5000");
        assert_eq!(fmt_value(Some(-0.0), Format::Hits), "0");
        assert_eq!(fmt_value(Some(-0.25), Format::Fixed), "-0.2500");
        assert_eq!(fmt_value(Some(-3.0), Format::Hits), "-3");
        assert_eq!(fmt_value(Some(378.0), Format::Count), "378");
        assert_eq!(fmt_value(Some(0.300_300_3), Format::Fixed), "0.3003");
    }
}
