//! `slant sample --quotes N`: quotations of a finished run (quotes.csv) drawn to code by hand —
//! is the kind right, is the speaker the one who spoke, is the party the speaker's? — N from
//! each outlet, so that `slant validate` can say how right each is per outlet, and whether an
//! outlet's house style makes them fail there (a misattributed quotation moves an outlet's
//! figures as much as a wrong word does).
//!
//! As for hits, which quotations are drawn depends only on the seed and each quotation's
//! identity (article and offsets). quotes.csv holds offsets, not text, so the drawn articles are
//! read again from the run's corpus (run.json's inputs) to show each quotation in its text.

use super::sample::rank_of;
use crate::report::cells::{safe, unsafe_cell};
use anyhow::{bail, Result};
use std::collections::{BTreeMap, BinaryHeap};
use std::path::Path;

/// The sample file of quotations: the quotation in its text, what slant says of it, and a
/// verdict for each of its kind, its speaker and its party.
pub(crate) const QUOTE_SAMPLE_HEADER: &[&str] = &[
    "sample_id",
    "outlet",
    "article_id",
    "start",
    "end",
    "left",
    "quote",
    "right",
    "kind",
    "speaker",
    "speaker_resolved",
    "actor",
    "cue",
    "cue_category",
    "kind_verdict",
    "speaker_verdict",
    "actor_verdict",
    "note",
];

/// Characters of the text shown on each side of a quotation (as hits.csv's context windows).
const SIDE: usize = 200;

/// A row of quotes.csv, its cells as written (un-neutralized).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Quote {
    pub article_id: String,
    pub outlet: String,
    pub start: u64,
    pub end: u64,
    pub kind: String,
    pub speaker: String,
    pub speaker_resolved: String,
    pub actor: String,
    pub cue: String,
    pub cue_category: String,
}

/// A drawn quotation, with its text when the article could be read.
#[derive(Debug, Clone)]
pub(crate) struct DrawnQuote {
    pub quote: Quote,
    pub left: String,
    pub text: String,
    pub right: String,
}

/// Reads quotes.csv at `path` one row at a time.
pub(crate) fn each_quote(path: &Path, mut f: impl FnMut(Quote)) -> Result<()> {
    let name = path.display().to_string();
    let mut rdr = crate::report::read::reader(path)?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| crate::report::read::csv_error(&name, e))?
        .iter()
        .map(String::from)
        .collect();
    let col = |c: &str| {
        header.iter().position(|h| h == c).ok_or_else(|| {
            anyhow::anyhow!("{name}: no column `{c}`; give the --out folder of `slant score`")
        })
    };
    let cols: Vec<usize> = [
        "article_id",
        "outlet",
        "start",
        "end",
        "kind",
        "speaker",
        "speaker_resolved",
        "actor",
        "cue",
        "cue_category",
    ]
    .iter()
    .map(|c| col(c))
    .collect::<Result<_>>()?;
    let mut rec = csv::StringRecord::new();
    while rdr
        .read_record(&mut rec)
        .map_err(|e| crate::report::read::csv_error(&name, e))?
    {
        let cell = |i: usize| unsafe_cell(rec.get(cols[i]).unwrap_or_default()).to_owned();
        let offset = |i: usize| -> Result<u64> {
            let c = rec.get(cols[i]).unwrap_or_default();
            c.parse().map_err(|_| {
                anyhow::anyhow!(
                    "{name} line {}: `{c}` is not an offset; is this slant's quotes.csv?",
                    rec.position().map_or(0, |p| p.line())
                )
            })
        };
        let q = Quote {
            article_id: cell(0),
            outlet: cell(1),
            start: offset(2)?,
            end: offset(3)?,
            kind: cell(4),
            speaker: cell(5),
            speaker_resolved: cell(6),
            actor: cell(7),
            cue: cell(8),
            cue_category: cell(9),
        };
        f(q);
    }
    Ok(())
}

/// Draws `per_outlet` quotations of each outlet from quotes.csv at `path` (all of an outlet's
/// where it has fewer), lowest seeded rank first; in outlet order, within an outlet by rank.
pub(crate) fn draw(path: &Path, per_outlet: usize, seed: u64) -> Result<Vec<Quote>> {
    let mut best: BTreeMap<String, BinaryHeap<(u64, Quote)>> = BTreeMap::new();
    each_quote(path, |q| {
        let rank = rank_of(
            seed,
            &[
                q.article_id.as_bytes(),
                &q.start.to_le_bytes(),
                &q.end.to_le_bytes(),
            ],
        );
        let heap = best.entry(q.outlet.clone()).or_default();
        heap.push((rank, q));
        if heap.len() > per_outlet {
            heap.pop();
        }
    })?;
    if best.is_empty() {
        bail!("{} has no quotations; nothing to sample", path.display());
    }
    Ok(best
        .into_values()
        .flat_map(|h| h.into_sorted_vec().into_iter().map(|(_, q)| q))
        .collect())
}

/// The quotation at `start..end` of `text` with up to `SIDE` characters each side, cut at a
/// line break (a paragraph is the quotation's context); None when the offsets do not fit the
/// text (the corpus changed since the run).
pub(crate) fn place(text: &str, start: u64, end: u64) -> Option<(String, String, String)> {
    let (s, e) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    let quote = text.get(s..e)?;
    let before = &text[..s];
    let left: String = {
        let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
        let n = line.chars().count();
        line.chars().skip(n.saturating_sub(SIDE)).collect()
    };
    let after = &text[e..];
    let line = after.find('\n').map_or(after, |i| &after[..i]);
    let right: String = line.chars().take(SIDE).collect();
    Some((left, quote.to_owned(), right))
}

/// The sample file's rows, numbered `q0001`, … in order.
pub(crate) fn render(drawn: &[DrawnQuote]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(QUOTE_SAMPLE_HEADER)?;
    let width = drawn.len().to_string().len().max(4);
    for (i, d) in drawn.iter().enumerate() {
        let q = &d.quote;
        let id = format!("q{:0width$}", i + 1);
        let cells = [
            id.as_str(),
            &q.outlet,
            &q.article_id,
            &q.start.to_string(),
            &q.end.to_string(),
            &d.left,
            &d.text,
            &d.right,
            &q.kind,
            &q.speaker,
            &q.speaker_resolved,
            &q.actor,
            &q.cue,
            &q.cue_category,
            "",
            "",
            "",
            "",
        ];
        w.write_record(
            cells
                .iter()
                .map(|c| safe(c))
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_ref()),
        )?;
    }
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot render the quotation sample: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_is_shown_in_its_paragraph() {
        let text = "First paragraph.\nHe said \"we will win\" on Monday.\nNext.";
        let s = text.find('"').unwrap() as u64;
        let e = s + "\"we will win\"".len() as u64;
        let (l, q, r) = place(text, s, e).unwrap();
        assert_eq!(
            (l.as_str(), q.as_str(), r.as_str()),
            ("He said ", "\"we will win\"", " on Monday.")
        );
        assert!(place(text, 3, 1000).is_none(), "offsets past the text");
    }
}
