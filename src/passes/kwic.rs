//! Key words in context over a whole corpus (`slant kwic`): every match of one pattern, written
//! as a lexicon entry is (`claim*`, `according to`, `=US`, `re:…`), found exactly as `score`
//! finds it (tokens, boilerplate, longest match), with a seeded sample of its lines per outlet
//! to read before the entry goes into a lexicon: does "claimed" attribute, or is it "claimed
//! six lives"?

use crate::corpus::{ArticleRef, Corpus};
use crate::error::UsageError;
use crate::lexicon::{parse_lexicon, Lexicon, LexiconSet};
use crate::pipeline::{Analyzed, Engine, Worker};
use crate::validate::sample::rank_of;
use anyhow::Result;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// Characters of context on each side of a match.
pub(crate) const WIDTH: usize = 60;

/// The one-entry lexicon of `pattern`, or the lexicon parser's message for it.
pub(crate) fn pattern_lexicon(pattern: &str) -> Result<Lexicon> {
    let mut csv = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut csv);
        w.write_record(["pattern", "category", "weight", "negate", "note"])?;
        w.write_record([pattern, "match", "1", "no", "slant kwic"])?;
        w.flush()?;
    }
    parse_lexicon(std::path::Path::new("kwic.csv"), &csv).map_err(|errors| {
        let why: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        UsageError(format!(
            "the pattern `{pattern}` is not a lexicon entry: {} (docs/lexicons.md gives the syntax: word, prefix*, a phrase, =CaseSensitive, re:regex)",
            why.join("; ")
        ))
        .into()
    })
}

/// A match and its context, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub rank: u64,
    pub outlet: String,
    pub article_id: String,
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub left: String,
    pub matched: String,
    pub right: String,
    pub in_quote: bool,
    pub negated: bool,
}

impl Ord for Line {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.rank, &self.article_id, self.start).cmp(&(o.rank, &o.article_id, o.start))
    }
}

impl PartialOrd for Line {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// What the corpus holds of the pattern.
#[derive(Debug, Default)]
pub(crate) struct Kwic {
    pub articles: u64,
    /// Articles `score` skips (too large, unreadable, binary, a duplicate id), not searched.
    pub skipped: u64,
    pub articles_with: u64,
    /// outlet → (matches, the sampled lines by lowest rank, a max-heap).
    pub outlets: BTreeMap<String, (u64, BinaryHeap<Line>)>,
    /// The matched words in their matching form → matches.
    pub forms: HashMap<String, u64>,
}

impl Kwic {
    fn merge(mut self, o: Kwic, per_outlet: usize) -> Kwic {
        self.articles += o.articles;
        self.skipped += o.skipped;
        self.articles_with += o.articles_with;
        for (outlet, (n, lines)) in o.outlets {
            let e = self.outlets.entry(outlet).or_default();
            e.0 += n;
            for l in lines {
                keep(&mut e.1, l, per_outlet);
            }
        }
        for (f, n) in o.forms {
            *self.forms.entry(f).or_default() += n;
        }
        self
    }

    pub(crate) fn matches(&self) -> u64 {
        self.outlets.values().map(|o| o.0).sum()
    }

    /// Each outlet's sampled lines, in article and position order.
    pub(crate) fn lines(&self) -> Vec<(&str, u64, Vec<&Line>)> {
        self.outlets
            .iter()
            .map(|(o, (n, heap))| {
                let mut v: Vec<&Line> = heap.iter().collect();
                v.sort_by(|a, b| (&a.article_id, a.start).cmp(&(&b.article_id, b.start)));
                (o.as_str(), *n, v)
            })
            .collect()
    }
}

fn keep(heap: &mut BinaryHeap<Line>, l: Line, n: usize) {
    if heap.len() < n {
        heap.push(l);
    } else if heap.peek().is_some_and(|worst| l < *worst) {
        heap.pop();
        heap.push(l);
    }
}

/// Text on one line: runs of whitespace (line breaks too) as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Up to `WIDTH` characters before `start` and after `end`, on one line.
fn context(text: &str, start: usize, end: usize) -> (String, String) {
    let before = &text[..start];
    let from = before
        .char_indices()
        .rev()
        .nth(WIDTH - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let to = after
        .char_indices()
        .nth(WIDTH)
        .map_or(after.len(), |(i, _)| i);
    let mut left = one_line(&before[from..]);
    if before[from..].ends_with(char::is_whitespace) {
        left.push(' ');
    }
    let mut right = one_line(&after[..to]);
    if after.starts_with(char::is_whitespace) {
        right.insert(0, ' ');
    }
    (left, right)
}

/// Every match of the one-lexicon `set` in the articles of `corpus` that `score` scores
/// (`pipeline::each_article`), with `per_outlet` lines per outlet drawn by `seed`: which lines
/// are drawn depends on the seed and each match's identity only, not on the thread count.
pub(crate) fn search(
    set: LexiconSet,
    corpus: Corpus,
    max_article_mb: usize,
    per_outlet: usize,
    seed: u64,
) -> Kwic {
    let mut engine = Engine::new(set);
    engine.max_article_bytes = max_article_mb.saturating_mul(1 << 20);
    let (mut k, skipped) = crate::pipeline::fold_articles(
        &engine,
        corpus,
        |w, a, analyzed| article_lines(&engine, w, a, analyzed, per_outlet, seed),
        |a: Kwic, b| a.merge(b, per_outlet),
    );
    k.skipped = skipped;
    k
}

/// One article's matches and their lines.
fn article_lines(
    engine: &Engine,
    w: &mut Worker,
    a: &ArticleRef,
    analyzed: &Analyzed,
    per_outlet: usize,
    seed: u64,
) -> Kwic {
    let mut k = Kwic::default();
    // Analysed as `score` does (repaired); shown, with offsets, as written.
    let text = analyzed.text();
    let prepared = &analyzed.prepared;
    let (doc, hits) = w.matches(engine, text);
    let written = prepared.original_text();
    k.articles = 1;
    k.articles_with = u64::from(!hits.is_empty());
    let e = k.outlets.entry(a.outlet.clone()).or_default();
    for h in hits.iter() {
        e.0 += 1;
        *k.forms
            .entry(crate::score::term_text(text, doc, h))
            .or_default() += 1;
        let s = prepared.original_offset(h.start as usize);
        let t = prepared.original_offset(h.end as usize);
        let (left, right) = context(written, s, t);
        let line = Line {
            rank: rank_of(seed, &[a.id.as_bytes(), &h.start.to_le_bytes()]),
            outlet: a.outlet.clone(),
            article_id: a.id.clone(),
            start: s as u32,
            end: t as u32,
            sentence: h.sentence,
            left,
            matched: one_line(&written[s..t]),
            right,
            in_quote: h.in_quote,
            negated: h.negated,
        };
        keep(&mut e.1, line, per_outlet);
    }
    if e.0 == 0 {
        k.outlets.clear();
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_one_line_of_width_characters_each_side() {
        let text = "The flood\nclaimed six lives, officials said.";
        let s = text.find("claimed").unwrap();
        let (l, r) = context(text, s, s + 7);
        assert_eq!(l, "The flood ");
        assert_eq!(r, " six lives, officials said.");
        let long = format!("{}X{}", "é".repeat(100), "ü".repeat(100));
        let s = long.find('X').unwrap();
        let (l, r) = context(&long, s, s + 1);
        assert_eq!((l.chars().count(), r.chars().count()), (WIDTH, WIDTH));
    }

    #[test]
    fn a_pattern_is_parsed_as_a_lexicon_entry_or_explained() {
        assert!(pattern_lexicon("claim*").is_ok());
        assert!(pattern_lexicon("according to").is_ok());
        assert!(pattern_lexicon("re:claim(ed|s)").is_ok());
        let err = pattern_lexicon("re:(").unwrap_err().to_string();
        assert!(err.contains("is not a lexicon entry"), "{err}");
    }
}
