//! How the outlets' figures would move without an entry: every metric of articles.csv whose
//! formula uses the entry's category (`L.C`, `L.C.per_1k`, `L.C.author`, and `tone`,
//! `tone.author`, `tone.logit`, `hedging.share`, `attribution.*.share` where the category is
//! theirs), recomputed per article from the report's counts with the entry's hits (from
//! hits.csv, signed weights) taken out, then averaged per outlet as outlet_metrics.csv averages:
//! over the articles that are not short, each value rounded to the 4 decimals it is printed with.
//! The mean "with" is therefore outlet_metrics.csv's mean, which the tests check.

use crate::report::cells::unsafe_cell;
use crate::report::read::Csv;
use crate::score::metrics::{to_fixed, SCALE};
use crate::score::ratio;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// An entry: `(lexicon, category, pattern)`.
pub(crate) type Entry = (String, String, String);

/// One outlet × metric under one entry's removal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Move {
    pub entry: Entry,
    pub outlet: String,
    pub metric: String,
    pub articles: u64,
    pub mean: Option<f64>,
    pub without: Option<f64>,
}

/// An article's counts: every `L.C` and `L.C.author` of the lexicons concerned.
struct Article {
    outlet: String,
    tokens: f64,
    author_tokens: f64,
    counts: HashMap<String, (f64, f64)>,
}

/// The metrics a change in `lexicon.category` moves, given the categories of every lexicon.
pub(crate) fn moved_metrics(lexicon: &str, category: &str, cats: &[String]) -> Vec<String> {
    let lc = format!("{lexicon}.{category}");
    let mut m = vec![lc.clone(), format!("{lc}.per_1k"), format!("{lc}.author")];
    match (lexicon, category) {
        ("tone", "positive" | "negative") => {
            m.extend(["tone", "tone.author", "tone.logit"].map(String::from))
        }
        ("hedging", "hedge" | "booster") => m.push("hedging.share".into()),
        ("attribution", _) => m.extend(cats.iter().map(|c| format!("attribution.{c}.share"))),
        _ => {}
    }
    m
}

/// A metric of an article from its counts, by the formulas of docs/metrics.md (the same as
/// `score::ArticleScore`'s).
fn value(metric: &str, a: &Article, cats: &BTreeMap<String, Vec<String>>) -> Option<f64> {
    let count = |lc: &str| a.counts.get(lc).copied();
    match metric {
        "tone" => {
            let (p, n) = (count("tone.positive")?, count("tone.negative")?);
            ratio(p.0 - n.0, a.tokens).map(|v| v * 100.0)
        }
        "tone.author" => {
            let (p, n) = (count("tone.positive")?, count("tone.negative")?);
            ratio(p.1 - n.1, a.author_tokens).map(|v| v * 100.0)
        }
        "tone.logit" => {
            let (p, n) = (count("tone.positive")?, count("tone.negative")?);
            Some((p.0.max(0.0) + 0.5).ln() - (n.0.max(0.0) + 0.5).ln())
        }
        "hedging.share" => {
            let (h, b) = (count("hedging.hedge")?.0, count("hedging.booster")?.0);
            ratio(h, h + b)
        }
        _ => {
            if let Some(lc) = metric.strip_suffix(".per_1k") {
                return ratio(count(lc)?.0, a.tokens).map(|v| v * 1000.0);
            }
            if let Some(lc) = metric.strip_suffix(".author") {
                return Some(count(lc)?.1);
            }
            if let Some(c) = metric
                .strip_prefix("attribution.")
                .and_then(|m| m.strip_suffix(".share"))
            {
                let total: f64 = cats
                    .get("attribution")?
                    .iter()
                    .filter_map(|c| count(&format!("attribution.{c}")))
                    .map(|v| v.0)
                    .sum();
                return ratio(count(&format!("attribution.{c}"))?.0, total);
            }
            Some(count(metric)?.0)
        }
    }
}

/// The moves of each of `entries` in the report folder `dir` (its run.json, articles.csv and
/// hits.csv), outlets in name order, metrics in the order `moved_metrics` gives.
pub(crate) fn moves(dir: &Path, entries: &[Entry]) -> Result<Vec<Move>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let run = crate::report::run_json::RunJson::read(dir)?;
    let cats: BTreeMap<String, Vec<String>> = run
        .lexicons
        .iter()
        .map(|l| (l.name.clone(), l.categories.clone()))
        .collect();
    // The lexicons whose counts are read: the entries' own, and those their metrics combine.
    let mut lexicons: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    lexicons.sort_unstable();
    lexicons.dedup();
    let path = dir.join(crate::report::files::ARTICLES);
    let csv = Csv::read(&path)?;
    let col = |c: &str| csv.col(c, &path);
    let (id_c, outlet_c, short_c, tokens_c, author_c) = (
        col("article_id")?,
        col("outlet")?,
        col("short")?,
        col("tokens")?,
        col("author_tokens")?,
    );
    let mut count_cols = Vec::new();
    for l in &lexicons {
        for c in cats.get(*l).into_iter().flatten() {
            let lc = format!("{l}.{c}");
            count_cols.push((lc.clone(), col(&lc)?, col(&format!("{lc}.author"))?));
        }
    }
    let num = |s: &str| s.parse::<f64>().unwrap_or(0.0);
    let mut articles: Vec<(String, Article)> = Vec::new();
    for r in &csv.rows {
        if r.get(short_c).map(String::as_str) != Some("false") {
            continue;
        }
        let a = Article {
            outlet: unsafe_cell(&r[outlet_c]).to_owned(),
            tokens: num(&r[tokens_c]),
            author_tokens: num(&r[author_c]),
            counts: count_cols
                .iter()
                .map(|(lc, all, author)| (lc.clone(), (num(&r[*all]), num(&r[*author]))))
                .collect(),
        };
        articles.push((unsafe_cell(&r[id_c]).to_owned(), a));
    }
    // Each entry's signed weight per article, overall and in the author's voice.
    let index: HashMap<&Entry, usize> = entries.iter().enumerate().map(|(i, e)| (e, i)).collect();
    let mut removed: Vec<HashMap<String, (f64, f64)>> = vec![HashMap::new(); entries.len()];
    let hits_path = dir.join(crate::report::files::HITS);
    let mut rdr = crate::report::read::reader(&hits_path).with_context(|| {
        format!(
            "cannot read {} (scored with --no-hits?): the moves need each hit",
            hits_path.display()
        )
    })?;
    let header = rdr.headers()?.clone();
    let hcol = |c: &str| {
        header
            .iter()
            .position(|h| h == c)
            .with_context(|| format!("{}: no column `{c}`", hits_path.display()))
    };
    let (h_id, h_lex, h_cat, h_pat, h_w, h_q) = (
        hcol("article_id")?,
        hcol("lexicon")?,
        hcol("category")?,
        hcol("pattern")?,
        hcol("weight")?,
        hcol("in_quote")?,
    );
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec)? {
        let cell = |i: usize| unsafe_cell(rec.get(i).unwrap_or_default()).to_owned();
        let entry = (cell(h_lex), cell(h_cat), cell(h_pat));
        let Some(&i) = index.get(&entry) else {
            continue;
        };
        let w = num(rec.get(h_w).unwrap_or_default());
        let author = if rec.get(h_q) == Some("false") {
            w
        } else {
            0.0
        };
        let v = removed[i].entry(cell(h_id)).or_default();
        v.0 += w;
        v.1 += author;
    }
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let metrics = moved_metrics(
            &e.0,
            &e.1,
            cats.get("attribution").map_or(&[][..], |v| v.as_slice()),
        );
        let lc = format!("{}.{}", e.0, e.1);
        // outlet → metric → (n, Σ with, n without, Σ without), in fixed point.
        let mut sums: BTreeMap<&str, Vec<(u64, i64, u64, i64)>> = BTreeMap::new();
        for (id, a) in &articles {
            let s = sums
                .entry(a.outlet.as_str())
                .or_insert_with(|| vec![(0, 0, 0, 0); metrics.len()]);
            let mut less = Article {
                outlet: String::new(),
                tokens: a.tokens,
                author_tokens: a.author_tokens,
                counts: a.counts.clone(),
            };
            if let (Some(d), Some(c)) = (removed[i].get(id), less.counts.get_mut(&lc)) {
                c.0 -= d.0;
                c.1 -= d.1;
            }
            for (m, acc) in metrics.iter().zip(s.iter_mut()) {
                if let Some(v) = to_fixed(value(m, a, &cats)) {
                    acc.0 += 1;
                    acc.1 += v;
                }
                if let Some(v) = to_fixed(value(m, &less, &cats)) {
                    acc.2 += 1;
                    acc.3 += v;
                }
            }
        }
        for (outlet, s) in sums {
            for (m, (n, sum, n2, sum2)) in metrics.iter().zip(s) {
                let mean = |n: u64, s: i64| (n > 0).then(|| s as f64 / SCALE as f64 / n as f64);
                out.push(Move {
                    entry: e.clone(),
                    outlet: outlet.to_owned(),
                    metric: m.clone(),
                    articles: n,
                    mean: mean(n, sum),
                    without: mean(n2, sum2),
                });
            }
        }
    }
    Ok(out)
}
