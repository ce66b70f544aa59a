//! `slant sample`: hits of a finished run drawn for coding by hand, stratified by lexicon
//! category and, within a category, spread evenly over the outlets, so that every category gets
//! a precision and no outlet's usage dominates it.
//!
//! Which hits are drawn depends only on the seed and each hit's identity (article, offsets,
//! entry), never on the order of hits.csv or the thread count: the same seed draws the same
//! sample from the same reports, and a hit keeps its rank when other hits come or go. Two passes
//! over hits.csv hold only the candidates (at most N per category and outlet) and the hits of
//! their sentences, whatever the size of the corpus.

use crate::report::cells::unsafe_cell;
use crate::report::context::{after_cut, locate};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::path::Path;

/// sample.csv: the hit, where it is, and the two columns a coder fills in.
pub(crate) const SAMPLE_HEADER: &[&str] = &[
    "sample_id",
    "lexicon",
    "category",
    "pattern",
    "matched",
    "left",
    "hit",
    "right",
    "in_quote",
    "actor",
    "outlet",
    "article_id",
    "sentence",
    "start",
    "end",
    "stratum_hits",
    "verdict",
    "note",
];

/// What to draw.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Hits per category, the outlets taking turns.
    pub per_category: usize,
    /// Instead: hits per category and outlet, each outlet's own N.
    pub per_outlet: Option<usize>,
    pub seed: u64,
    pub lexicon: Option<String>,
    pub category: Option<String>,
}

/// One hit of hits.csv, with the cells sample.csv shows (text as written, un-neutralized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub article_id: String,
    pub outlet: String,
    pub sentence: u64,
    pub start: u64,
    pub end: u64,
    pub lexicon: String,
    pub category: String,
    pub pattern: String,
    pub matched: String,
    pub in_quote: String,
    pub actor: String,
    pub context: String,
}

/// A hit with its rank: the lowest ranks of a stratum are drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ranked {
    rank: u64,
    hit: Hit,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Ties (equal 64-bit ranks) broken by identity, so the order is total and fixed.
        self.rank
            .cmp(&other.rank)
            .then_with(|| self.hit.article_id.cmp(&other.hit.article_id))
            .then_with(|| self.hit.start.cmp(&other.hit.start))
            .then_with(|| self.hit.pattern.cmp(&other.hit.pattern))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A hit's rank under `seed`, from its identity (`rank_of`).
pub(crate) fn rank(seed: u64, h: &Hit) -> u64 {
    rank_of(
        seed,
        &[
            h.article_id.as_bytes(),
            &h.start.to_le_bytes(),
            &h.end.to_le_bytes(),
            h.lexicon.as_bytes(),
            h.category.as_bytes(),
            h.pattern.as_bytes(),
        ],
    )
}

/// A seeded rank of an identity given as byte strings: FNV-1a over them, then the splitmix64
/// finalizer so that neighbouring identities get unrelated ranks. Fixed here (std's hasher may
/// change between Rust releases), so a seed draws the same sample with every build.
pub(crate) fn rank_of(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut x: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for part in parts {
        for b in part.iter().chain([&0xff]) {
            x ^= u64::from(*b);
            x = x.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    x = x.wrapping_add(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hits of one category and outlet: how many there are, and the `per_category` of lowest
/// rank (a max-heap, so the worst is dropped when a better one comes).
#[derive(Default)]
struct Stratum {
    hits: u64,
    best: BinaryHeap<Ranked>,
}

/// A drawn hit, located in its sentence.
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    pub hit: Hit,
    pub stratum_hits: u64,
    /// The sentence split around the hit, when the hit could be found in it.
    pub left: String,
    pub middle: String,
    pub right: String,
}

/// Reads hits.csv's rows one at a time.
pub(crate) fn each_hit(path: &Path, mut f: impl FnMut(Hit) -> Result<()>) -> Result<()> {
    let name = path.display().to_string();
    let mut rdr = crate::report::read::reader(path)?;
    let header = rdr
        .headers()
        .map_err(|e| crate::report::read::csv_error(&name, e))?
        .clone();
    let col = |name: &str| {
        header.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no column `{name}`; give the --out folder of `slant score` (with hits)",
                path.display()
            )
        })
    };
    let cols: Vec<usize> = [
        "article_id",
        "outlet",
        "sentence",
        "start",
        "end",
        "lexicon",
        "category",
        "pattern",
        "matched",
        "in_quote",
        "actor",
        "context",
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
        let number = |i: usize| -> Result<u64> {
            let c = rec.get(cols[i]).unwrap_or_default();
            c.parse().with_context(|| {
                format!(
                    "{} line {}: `{c}` is not an offset; is this a slant hits.csv?",
                    path.display(),
                    rec.position().map_or(0, |p| p.line())
                )
            })
        };
        f(Hit {
            article_id: cell(0),
            outlet: cell(1),
            sentence: number(2)?,
            start: number(3)?,
            end: number(4)?,
            lexicon: cell(5),
            category: cell(6),
            pattern: cell(7),
            matched: cell(8),
            in_quote: cell(9),
            actor: cell(10),
            context: cell(11),
        })?;
    }
    Ok(())
}

/// Draws the sample from the hits.csv at `hits_path`, in the order sample.csv lists it: by
/// lexicon and category, and within one in rank order (outlets interleaved, so a coder does not
/// read one outlet's hits in a row).
pub(crate) fn draw(hits_path: &Path, opts: &Options) -> Result<Vec<Drawn>> {
    let n = opts.per_outlet.unwrap_or(opts.per_category);
    let mut strata: BTreeMap<(String, String), BTreeMap<String, Stratum>> = BTreeMap::new();
    each_hit(hits_path, |h| {
        if opts.lexicon.as_ref().is_some_and(|l| *l != h.lexicon)
            || opts.category.as_ref().is_some_and(|c| *c != h.category)
        {
            return Ok(());
        }
        let s = strata
            .entry((h.lexicon.clone(), h.category.clone()))
            .or_default()
            .entry(h.outlet.clone())
            .or_default();
        s.hits += 1;
        let r = Ranked {
            rank: rank(opts.seed, &h),
            hit: h,
        };
        if s.best.len() < n {
            s.best.push(r);
        } else if s.best.peek().is_some_and(|worst| r < *worst) {
            s.best.pop();
            s.best.push(r);
        }
        Ok(())
    })?;
    if strata.is_empty() {
        bail!(
            "{} has no hits{}; nothing to sample",
            hits_path.display(),
            match (&opts.lexicon, &opts.category) {
                (None, None) => String::new(),
                _ => " of that lexicon and category".to_owned(),
            }
        );
    }
    // Each category: the outlets take turns, lowest rank first, until N are drawn or every
    // outlet's hits are.
    let mut picked: Vec<(Ranked, u64)> = Vec::new();
    // Per outlet, each outlet's N are drawn whole (each stratum kept at most N); per category,
    // the outlets take turns until the category has N.
    let cap = if opts.per_outlet.is_some() {
        usize::MAX
    } else {
        n
    };
    for outlets in strata.into_values() {
        let mut queues: Vec<(Vec<Ranked>, u64)> = outlets
            .into_values()
            .map(|s| (s.best.into_sorted_vec(), s.hits))
            .collect();
        let mut category: Vec<(Ranked, u64)> = Vec::new();
        let mut turn = 0;
        while category.len() < cap && queues.iter().any(|(q, _)| turn < q.len()) {
            for (q, hits) in &queues {
                if category.len() < cap {
                    if let Some(r) = q.get(turn) {
                        category.push((r.clone(), *hits));
                    }
                }
            }
            turn += 1;
        }
        queues.clear();
        category.sort_by(|a, b| a.0.cmp(&b.0));
        picked.extend(category);
    }
    let marks = sentence_marks(hits_path, &picked)?;
    Ok(picked
        .into_iter()
        .map(|(r, stratum_hits)| {
            let h = r.hit;
            let key = (h.article_id.clone(), h.sentence);
            let (left, middle, right) = split(&h, marks.get(&key).map_or(&[][..], Vec::as_slice));
            Drawn {
                hit: h,
                stratum_hits,
                left,
                middle,
                right,
            }
        })
        .collect())
}

/// A sentence of a run: article id and number.
type Sentence = (String, u64);

/// Hits of a sentence: article offset and matched text.
type Marks = Vec<(u64, String)>;

/// Second pass: the hits of the drawn hits' sentences (article offset, matched text), to place
/// a hit in a context that starts where its sentence starts (`report::context`). A context cut
/// at its start places its hit alone, and only hits up to a context's length past its own can
/// be in it: a sentence of a million hits keeps a few.
fn sentence_marks(hits_path: &Path, picked: &[(Ranked, u64)]) -> Result<HashMap<Sentence, Marks>> {
    let mut reach: HashMap<Sentence, u64> = HashMap::new();
    for (r, _) in picked {
        let h = &r.hit;
        if after_cut(&h.context, &h.matched).is_none() {
            let to = h.start.saturating_add(h.context.len() as u64);
            let at = reach.entry((h.article_id.clone(), h.sentence)).or_default();
            *at = (*at).max(to);
        }
    }
    let mut marks: HashMap<Sentence, Marks> = HashMap::new();
    each_hit(hits_path, |h| {
        let key = (h.article_id, h.sentence);
        if reach.get(&key).is_some_and(|&to| h.start <= to) {
            marks.entry(key).or_default().push((h.start, h.matched));
        }
        Ok(())
    })?;
    Ok(marks)
}

/// A drawn hit's context split into the text before the hit, the hit, and the text after it;
/// the matched text alone when the hit cannot be placed in its context.
fn split(h: &Hit, marks: &[(u64, String)]) -> (String, String, String) {
    let at = locate(&h.context, h.start, &h.matched, marks);
    let parts = at.and_then(|at| {
        let end = at + h.matched.len();
        Some((
            h.context.get(..at)?,
            h.context.get(at..end)?,
            h.context.get(end..)?,
        ))
    });
    match parts {
        Some((l, m, r)) => (l.to_owned(), m.to_owned(), r.to_owned()),
        None => (String::new(), h.matched.clone(), String::new()),
    }
}

/// sample.csv's rows, numbered `s0001`, … in order.
pub(crate) fn render(drawn: &[Drawn]) -> Result<Vec<u8>> {
    use crate::report::cells::safe;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SAMPLE_HEADER)?;
    let width = drawn.len().to_string().len().max(4);
    for (i, d) in drawn.iter().enumerate() {
        let h = &d.hit;
        let id = format!("s{:0width$}", i + 1);
        let cells = [
            id.as_str(),
            &h.lexicon,
            &h.category,
            &h.pattern,
            &h.matched,
            &d.left,
            &d.middle,
            &d.right,
            &h.in_quote,
            &h.actor,
            &h.outlet,
            &h.article_id,
            &h.sentence.to_string(),
            &h.start.to_string(),
            &h.end.to_string(),
            &d.stratum_hits.to_string(),
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
        .map_err(|e| anyhow::anyhow!("cannot render sample.csv: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(article: &str, start: u64) -> Hit {
        Hit {
            article_id: article.into(),
            outlet: "o".into(),
            sentence: 0,
            start,
            end: start + 3,
            lexicon: "tone".into(),
            category: "negative".into(),
            pattern: "bad".into(),
            matched: "bad".into(),
            in_quote: "false".into(),
            actor: String::new(),
            context: String::new(),
        }
    }

    #[test]
    fn ranks_depend_on_the_seed_and_the_hit_only() {
        let (a, b) = (hit("a1", 10), hit("a1", 11));
        assert_ne!(rank(1, &a), rank(1, &b));
        assert_ne!(rank(1, &a), rank(2, &a));
        // Pinned: a seed draws the same sample with every build.
        assert_eq!(rank(1, &hit("a1", 10)), 8_614_461_014_462_728_305);
        let ranks: Vec<u64> = (0..1000).map(|i| rank(7, &hit("x", i))).collect();
        let below_half = ranks.iter().filter(|r| **r < u64::MAX / 2).count();
        assert!((400..600).contains(&below_half), "{below_half}");
    }
}
