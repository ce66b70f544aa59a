//! Keyness (`score --keyness`, keyness.csv): the words and two-word phrases that set each outlet
//! apart from the rest of the corpus, as quanteda's `textstat_keyness` finds them — the
//! likelihood-ratio G² of the outlet × rest 2×2 table, with the log ratio and the counts — each
//! marked with the lexicon entry that already counts it, so that the others are candidates for
//! the lexicons.
//!
//! Memory is bounded whatever the corpus's size, and the result depends on neither the order of
//! the articles nor the thread count, in two passes over the corpus (text only, no matching):
//! 1. every term's corpus count into a count-min sketch (`SKETCH_DEPTH` × `SKETCH_WIDTH` 32-bit
//!    counters, 16 MB), whose sums are the same in any order;
//! 2. exact counts per outlet of the terms whose sketch count is at least `min_count` =
//!    max(`MIN_COUNT`, term occurrences / `CANDIDATES`): at most `CANDIDATES` terms reach it
//!    (plus the few the sketch overestimates), so this table holds at most about `CANDIDATES` ×
//!    (8 bytes × outlets + the term).
//!
//! A rarer term is never key: below `min_count` occurrences in the whole corpus (5 on a small
//! corpus, 1 in 200,000 term occurrences on a large one) it is left out, which keyness.csv's
//! `min_count` column says.

use crate::aggregate::table::{Cell, Table};
use crate::corpus::Corpus;
use crate::lexicon::LexiconSet;
use crate::pipeline::{each_article, Engine, PerThread};
use crate::text::Doc;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU32, Ordering};

pub(crate) const SKETCH_DEPTH: usize = 4;
pub(crate) const SKETCH_WIDTH: usize = 1 << 20;
pub(crate) const CANDIDATES: u64 = 200_000;
pub(crate) const MIN_COUNT: u64 = 5;
/// Terms per outlet in keyness.csv.
pub(crate) const TOP: usize = 30;

fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic)
}

/// The terms of an article: its words (not function words) and its two-word phrases within a
/// sentence (not two function words), lowercased as the lexicons match them.
fn each_term(doc: &Doc, stop: &FxHashSet<&str>, mut f: impl FnMut(&str)) {
    let toks = &doc.tokens;
    let mut phrase = String::new();
    for i in 0..toks.len() {
        let w = toks.lower(i);
        if !is_word(w) {
            continue;
        }
        let is_stop = stop.contains(w);
        if !is_stop {
            f(w);
        }
        if i + 1 < toks.len() && toks.list[i].sentence == toks.list[i + 1].sentence {
            let next = toks.lower(i + 1);
            if is_word(next) && !(is_stop && stop.contains(next)) {
                phrase.clear();
                phrase.push_str(w);
                phrase.push(' ');
                phrase.push_str(next);
                f(&phrase);
            }
        }
    }
}

/// The sketch's cells of a term, one per row: one 64-bit hash (FxHash, fixed across builds and
/// runs) split into two halves for double hashing, h₁ + i·h₂.
fn cells(term: &str) -> [usize; SKETCH_DEPTH] {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    term.hash(&mut hasher);
    let h = hasher.finish();
    let (h1, h2) = (h as u32 as usize, ((h >> 32) as usize) | 1);
    let mut out = [0; SKETCH_DEPTH];
    for (row, cell) in out.iter_mut().enumerate() {
        *cell = row * SKETCH_WIDTH + (h1.wrapping_add(row.wrapping_mul(h2)) & (SKETCH_WIDTH - 1));
    }
    out
}

/// One outlet's terms, for the table.
struct Row {
    term: String,
    count: u64,
    rest: u64,
    g2: f64,
    log_ratio: f64,
}

/// G² of the 2×2 table [[a, b], [c − a, d − b]] (outlet and rest × term and other terms).
pub(crate) fn g2(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = c + d;
    let cells = [
        (a, c * (a + b) / n),
        (b, d * (a + b) / n),
        (c - a, c * (n - a - b) / n),
        (d - b, d * (n - a - b) / n),
    ];
    2.0 * cells
        .iter()
        .filter(|(o, e)| *o > 0.0 && *e > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum::<f64>()
}

/// keyness.csv from two passes over the same corpus (opened twice), reading exactly the
/// articles `score` scores with `engine`'s caps (`pipeline::each_article`).
pub(crate) fn keyness(engine: &Engine, first: Corpus, second: Corpus) -> Table {
    // Function words: never key on their own, nor as a phrase of two of them.
    let stop: FxHashSet<&str> = crate::text::function_words::FUNCTION_WORDS
        .iter()
        .chain(crate::text::function_words::KEYNESS_EXTRA)
        .copied()
        .collect();
    let (sketch, totals) = sketch_pass(engine, first, &stop);
    let all: u64 = totals.values().sum();
    let min_count = MIN_COUNT.max(all / CANDIDATES);
    let counts = count_pass(engine, second, &stop, (&sketch, min_count), &totals);
    table(&engine.set, &totals, &counts, min_count)
}

/// Per outlet, each candidate term's count.
type Counts = FxHashMap<String, Vec<u64>>;

/// Pass 1: the sketch, and every outlet's term total. A worker adds its article's terms to the
/// sketch as it goes; the sums are the same in any order.
fn sketch_pass(
    engine: &Engine,
    corpus: Corpus,
    stop: &FxHashSet<&str>,
) -> (Vec<AtomicU32>, BTreeMap<String, u64>) {
    let sketch: Vec<AtomicU32> = (0..SKETCH_DEPTH * SKETCH_WIDTH)
        .map(|_| AtomicU32::new(0))
        .collect();
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    let pass1: Result<(), Infallible> = each_article(
        engine,
        corpus,
        |w, _, _| {
            let mut n = 0u64;
            each_term(w.doc(), stop, |t| {
                n += 1;
                for c in cells(t) {
                    sketch[c].fetch_add(1, Ordering::Relaxed);
                }
            });
            n
        },
        |a, made| {
            if let Ok(n) = made {
                *totals.entry(a.outlet).or_default() += n;
            }
            Ok(())
        },
    );
    let Ok(()) = pass1;
    (sketch, totals)
}

/// Pass 2: exact counts per outlet of the terms whose sketch count reaches `min_count`, each
/// thread into its own table.
fn count_pass(
    engine: &Engine,
    corpus: Corpus,
    stop: &FxHashSet<&str>,
    (sketch, min_count): (&[AtomicU32], u64),
    totals: &BTreeMap<String, u64>,
) -> Counts {
    let estimate = |t: &str| {
        cells(t)
            .iter()
            .map(|&c| u64::from(sketch[c].load(Ordering::Relaxed)))
            .min()
            .unwrap_or(0)
    };
    let outlets: Vec<&String> = totals.keys().collect();
    let index: FxHashMap<&str, usize> = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i))
        .collect();
    let found: PerThread<Counts> = PerThread::new();
    let pass2: Result<(), Infallible> = each_article(
        engine,
        corpus,
        |w, a, _| {
            let Some(&o) = index.get(a.outlet.as_str()) else {
                return;
            };
            found.with(|m| {
                each_term(w.doc(), stop, |t| {
                    if estimate(t) < min_count {
                        return;
                    }
                    match m.get_mut(t) {
                        Some(v) => v[o] += 1,
                        None => {
                            let mut v = vec![0; outlets.len()];
                            v[o] = 1;
                            m.insert(t.to_owned(), v);
                        }
                    }
                })
            });
        },
        |_, _| Ok(()),
    );
    let Ok(()) = pass2;
    found
        .into_inner()
        .reduce(|mut a, b| {
            for (t, v) in b {
                match a.get_mut(&t) {
                    Some(w) => w.iter_mut().zip(v).for_each(|(x, y)| *x += y),
                    None => {
                        a.insert(t, v);
                    }
                }
            }
            a
        })
        .unwrap_or_default()
}

/// keyness.csv's rows: each outlet's most over-represented terms by G².
fn table(
    set: &LexiconSet,
    totals: &BTreeMap<String, u64>,
    counts: &Counts,
    min_count: u64,
) -> Table {
    let outlets: Vec<&String> = totals.keys().collect();
    let all: u64 = totals.values().sum();
    let counter = Counter::new(set);
    let mut table = Table {
        header: [
            "outlet",
            "term",
            "words",
            "count",
            "count_rest",
            "per_10k",
            "per_10k_rest",
            "g2",
            "p_value",
            "log_ratio",
            "lexicon_entry",
            "min_count",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect(),
        rows: Vec::new(),
    };
    let chi2 = statrs::distribution::ChiSquared::new(1.0).ok();
    for (o, outlet) in outlets.iter().enumerate() {
        let c = totals[*outlet] as f64;
        let d = (all - totals[*outlet]) as f64;
        if c == 0.0 || d == 0.0 {
            continue;
        }
        let mut rows: Vec<Row> = counts
            .iter()
            .filter_map(|(t, v)| {
                let a = v[o];
                let b: u64 = v.iter().sum::<u64>() - a;
                // Over-represented in the outlet only: what sets it apart.
                if a < MIN_COUNT || (a as f64 / c) <= (b as f64 / d) {
                    return None;
                }
                Some(Row {
                    term: t.clone(),
                    count: a,
                    rest: b,
                    g2: g2(a as f64, b as f64, c, d),
                    log_ratio: (((a as f64 + 0.5) / c) / ((b as f64 + 0.5) / d)).log2(),
                })
            })
            .collect();
        rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.term.cmp(&y.term)));
        for r in rows.into_iter().take(TOP) {
            use statrs::distribution::ContinuousCDF;
            let p = chi2.as_ref().map(|d| 1.0 - d.cdf(r.g2));
            table.rows.push(vec![
                Cell::text(outlet.as_str()),
                Cell::text(r.term.as_str()),
                Cell::Count(r.term.matches(' ').count() as u64 + 1),
                Cell::Count(r.count),
                Cell::Count(r.rest),
                Cell::Decimals(r.count as f64 / c * 1e4, 4),
                Cell::Decimals(r.rest as f64 / d * 1e4, 4),
                Cell::Decimals(r.g2, 4),
                Cell::P(p),
                Cell::Decimals(r.log_ratio, 4),
                Cell::text(counter.entry(&r.term)),
                Cell::Count(min_count),
            ]);
        }
    }
    table
}

/// Which lexicon entry already counts a term: the lexicons matched on the term alone, an entry
/// whose match covers every word of it.
struct Counter {
    engine: Engine,
}

impl Counter {
    fn new(set: &LexiconSet) -> Counter {
        Counter {
            engine: Engine::new(LexiconSet::new(set.lexicons.clone(), None)),
        }
    }

    fn entry(&self, term: &str) -> String {
        let mut doc = Doc::default();
        let empty = crate::text::boilerplate::Boilerplate::default();
        doc.analyze(term, &empty);
        let mut hits = Vec::new();
        let mut scratch = crate::matcher::Scratch::default();
        self.engine
            .matcher
            .find_with(term, &doc, &mut hits, &mut scratch);
        let words = doc.tokens.len() as u32;
        hits.iter()
            .find(|h| h.tok_start == 0 && h.tok_end == words)
            .or_else(|| hits.first())
            .map(|h| {
                let lex = &self.engine.set.lexicons[h.lexicon];
                let e = &lex.entries[h.entry];
                format!("{}.{} `{}`", lex.name, lex.category_name(e), e.pattern)
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// scipy.stats.chi2_contingency([[a, b], [c − a, d − b]], correction=False,
    /// lambda_="log-likelihood") (SciPy 1.17).
    #[test]
    fn g2_matches_scipy() {
        for (a, b, c, d, want) in [
            (30.0, 2.0, 1000.0, 3000.0, 70.01950949866975),
            (5.0, 50.0, 2000.0, 8000.0, 4.921370947397191),
            (12.0, 0.0, 500.0, 700.0, 21.181179737025637),
        ] {
            assert!((g2(a, b, c, d) - want).abs() < 1e-9, "{a} {b} {c} {d}");
        }
    }
}
