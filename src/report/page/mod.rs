//! reports/index.html: one self-contained page (no network, works from disk) with the run's
//! summary, the charts, the outlet table sortable by any column, each outlet's articles and each
//! article's hits in their sentences.
//!
//! Built from the run's typed tables and the rows of articles.csv and hits.csv kept as they were
//! written (`kept`), so the page shows exactly what the CSVs say; of the files, only the driving
//! articles' spans of hits.csv are read back (`Kept::driver_hits`).
//! Articles are listed for up to `MAX_ARTICLES` articles, and their hits in context for up
//! to `MAX_HITS` hits; beyond that the page points to the CSVs.
//!
//! The markup is in `templates/` (minijinja, `render`): the code here decides what the page
//! shows, as plain values, and the templates say how, escaping every value as they write it.

use crate::aggregate::stats::MIN_ARTICLES;
use crate::aggregate::table::{Cell, Table};
use crate::report::cells::unsafe_cell;
use crate::report::files;
use crate::report::read::Row;
use crate::report::run_json::RunJson;
use kept::{DriverHits, Kept};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

pub(crate) mod kept;

mod drivers;
mod lists;
mod outlets;
mod render;

/// Above this many articles the page lists outlets and charts only.
pub(crate) const MAX_ARTICLES: usize = 2000;

/// Above this many hits the page shows no hits in context: every row would have to be kept and
/// the page would run to tens of megabytes (1,500 generated articles: 222,000 hits, a 32 MB
/// page, most of the run's time). `slant explain ID --reports DIR` shows any article's.
pub(crate) const MAX_HITS: u64 = 20_000;

/// The page lists at most this many speakers without a party.
pub(crate) const MAX_SPEAKERS: usize = 20;

/// Speakers shown per outlet.
pub(crate) const SPEAKERS_SHOWN: usize = 8;

/// Key terms shown per outlet on the page (keyness.csv has up to 30).
const KEY_TERMS: usize = 12;

/// The categories whose terms the page shows (terms.csv has every category).
const TERM_CATEGORIES: &[(&str, &str, &str)] = &[
    ("tone", "negative", "negative tone"),
    ("tone", "positive", "positive tone"),
    ("attribution", "distancing", "distancing attribution"),
];

/// A count with its noun, singular for one ("1 scare quote", "2,480 articles").
fn count(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(&n.to_string()),
        if n == 1 { one } else { many }
    )
}

/// A whole number with thousands separators (`12,345`); anything else as it is.
fn thousands(v: &str) -> String {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return v.to_owned();
    }
    let mut out = String::new();
    for (i, c) in v.chars().enumerate() {
        if i > 0 && (v.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An id for an anchor: the text's bytes in hex, so any article id is safe.
fn anchor(prefix: &str, s: &str) -> String {
    let mut a = String::from(prefix);
    for b in s.bytes() {
        let _ = write!(a, "{b:02x}");
    }
    a
}

/// A text cell of a table (a number has no text).
fn text(c: &Cell) -> &str {
    c.str().unwrap_or("")
}

/// Report rows by the (un-neutralized) value of one column, in the rows' order within a group.
fn group_by<'a>(rows: &'a [Row], column: &str) -> BTreeMap<&'a str, Vec<&'a Row>> {
    let mut groups: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        groups.entry(unsafe_cell(&r[column])).or_default().push(r);
    }
    groups
}

/// What the page is made of: the run's figures and what the run kept as it went. Of the rows
/// whose number grows with the corpus the run keeps every article's only for a run small enough
/// to list them, and otherwise only the driving articles' hits (`kept`).
pub(crate) struct Seen<'a> {
    pub run: &'a RunJson,
    pub outlets: &'a Table,
    pub charts: &'a [(String, String)],
    /// The most frequent named speakers with no party.
    pub unlisted: &'a [(String, u64)],
    pub quoted: &'a [crate::aggregate::Quoted],
    pub drivers: &'a [crate::aggregate::drivers::Driven],
    /// The rows of articles.csv and hits.csv the page lists, kept as they were written.
    pub kept: &'a Kept,
    /// The driving articles' hits, read back from the spans of hits.csv the run noted
    /// (`Kept::driver_hits`).
    pub driver_hits: &'a BTreeMap<String, DriverHits>,
    pub tables: &'a [(&'a str, Table)],
}

/// What templates/page.html shows, section by section in the page's order.
#[derive(Serialize)]
struct Page<'a> {
    title_outlets: String,
    summary: Summary,
    version: &'a str,
    /// The number of the run's warnings.
    warnings: usize,
    /// Each lexicon file: name, entries, SHA-256.
    lexicons: Vec<(&'a str, usize, &'a str)>,
    min_articles: u64,
    o: outlets::Outlets,
    charts: Vec<String>,
    terms: Option<Terms<'a>>,
    keyness: Option<Vec<KeyTerms<'a>>>,
    quoted: &'a [crate::aggregate::Quoted],
    /// `--by-story`: the rows with q < 0.05 (an empty list says "None").
    stories: Option<Vec<[String; 7]>>,
    drivers: Option<drivers::Drivers<'a>>,
    unlisted: &'a [(String, u64)],
    /// Every article and its hits, for a run small enough to list them.
    articles: Option<lists::Articles<'a>>,
    /// The number of articles scored, said where they are too many to list.
    scored: String,
    run: ThisRun<'a>,
}

#[derive(Serialize)]
struct Summary {
    articles: String,
    skipped: String,
    tokens: String,
    hits: String,
    scare_quotes: String,
}

/// The run's warnings, inputs, options: what a reader of the page needs to reproduce it.
#[derive(Serialize)]
struct ThisRun<'a> {
    warnings: &'a [String],
    inputs: String,
    manifest: Option<&'a str>,
    lexicons_dir: &'a str,
    options: String,
}

/// The page, from what the run saw and the rows it kept as it wrote them.
pub(crate) fn page(seen: &Seen) -> anyhow::Result<String> {
    let Seen {
        run,
        outlets,
        charts,
        unlisted,
        quoted,
        drivers,
        kept,
        driver_hits,
        tables,
    } = *seen;
    let table = |name: &str| tables.iter().find(|(n, _)| *n == name).map(|(_, t)| t);
    // Only a run small enough to list its articles kept them.
    let articles = kept.articles();
    let list_articles = articles.is_some();
    let articles = articles.unwrap_or_default();
    // The rows of hits.csv: the lexicon matches and a row per scare quote.
    let hit_count = run.counts.hits + run.counts.scare_quotes;
    let hits = kept.hits().filter(|_| list_articles);
    let list_hits = hits.is_some();
    let hits = hits.unwrap_or_default();
    // The articles behind each outlet's figures, whatever the corpus's size, come after the
    // sections on words, sources and stories; their hits, read back from their spans of
    // hits.csv whatever its size, are shown below the driver tables, where a reader looks for
    // them, even when the page lists every article's hits further down.
    let target = if !driver_hits.is_empty() {
        drivers::Target::Own
    } else if list_articles {
        drivers::Target::Listed
    } else {
        drivers::Target::None
    };
    let too_many_hits = !list_hits && hit_count > MAX_HITS && kept.has_hits();
    let counts = &run.counts;
    let page = Page {
        title_outlets: count(outlets.rows.len() as u64, "outlet", "outlets"),
        summary: Summary {
            articles: count(counts.scored, "article", "articles"),
            skipped: thousands(&counts.skipped.to_string()),
            tokens: count(counts.tokens, "token", "tokens"),
            hits: count(counts.hits, "hit", "hits"),
            scare_quotes: count(counts.scare_quotes, "scare quote", "scare quotes"),
        },
        version: &run.version,
        warnings: run.warnings.len(),
        lexicons: run
            .lexicons
            .iter()
            .map(|l| (l.name.as_str(), l.entries, l.sha256.as_str()))
            .collect(),
        min_articles: MIN_ARTICLES,
        o: outlets::table(run, outlets, list_articles),
        charts: charts.iter().map(|(_, svg)| accessible(svg)).collect(),
        terms: table(files::TERMS).and_then(terms),
        keyness: table(files::KEYNESS).and_then(keyness),
        quoted,
        stories: table(files::STORIES_POOLED).and_then(stories),
        drivers: drivers::drivers(drivers, target, driver_hits, &kept.lexicons),
        unlisted,
        articles: list_articles
            .then(|| lists::articles(&articles, &hits, too_many_hits.then_some(hit_count))),
        scored: thousands(&counts.scored.to_string()),
        run: ThisRun {
            warnings: &run.warnings,
            inputs: run.inputs.join(", "),
            manifest: run.manifest.as_deref(),
            lexicons_dir: &run.lexicons_dir,
            options: serde_json::to_string(&run.options).unwrap_or_default(),
        },
    };
    render::page(&page)
}

/// A chart as the page shows it: an inline SVG a screen reader announces by its title, not by
/// its hundreds of labels.
fn accessible(svg: &str) -> String {
    let body = svg.trim_start_matches(|c| c != '<');
    let title = body
        .split_once("<text")
        .and_then(|(_, t)| t.split_once('>'))
        .and_then(|(_, t)| t.split_once("</text>"))
        .map_or("chart", |(t, _)| t)
        .replace('"', "&quot;");
    match body.strip_prefix("<svg ") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{title}\" {rest}"),
        None => body.to_owned(),
    }
}

/// The terms behind each outlet's scores: the first three of a few categories (terms.csv).
#[derive(Serialize)]
struct Terms<'a> {
    labels: Vec<&'static str>,
    rows: Vec<TermRow<'a>>,
}

#[derive(Serialize)]
struct TermRow<'a> {
    outlet: &'a str,
    /// Per category of `TERM_CATEGORIES`, its terms and their hits as terms.csv prints them.
    cells: Vec<Vec<(&'a str, String)>>,
}

fn terms(t: &Table) -> Option<Terms<'_>> {
    let col = |name: &str| t.col(name);
    let (o, l, c, term, hits) = (
        col("outlet")?,
        col("lexicon")?,
        col("category")?,
        col("term")?,
        col("hits")?,
    );
    // (outlet, category index) → terms in terms.csv's order (by hits).
    let mut cells: BTreeMap<(&str, usize), Vec<(&str, String)>> = BTreeMap::new();
    for r in &t.rows {
        let Some(k) = TERM_CATEGORIES
            .iter()
            .position(|(lx, cat, _)| r[l].is(lx) && r[c].is(cat))
        else {
            continue;
        };
        let v = cells.entry((text(&r[o]), k)).or_default();
        if v.len() < 3 {
            v.push((text(&r[term]), r[hits].to_string()));
        }
    }
    if cells.is_empty() {
        return None;
    }
    let mut outlets: Vec<&str> = cells.keys().map(|k| k.0).collect();
    outlets.dedup();
    let rows = outlets
        .into_iter()
        .map(|outlet| TermRow {
            outlet,
            cells: (0..TERM_CATEGORIES.len())
                .map(|k| cells.remove(&(outlet, k)).unwrap_or_default())
                .collect(),
        })
        .collect();
    Some(Terms {
        labels: TERM_CATEGORIES.iter().map(|(_, _, label)| *label).collect(),
        rows,
    })
}

/// An outlet's key terms (keyness.csv); `entry` is the lexicon entry that counts a term, empty
/// for a candidate.
#[derive(Serialize)]
struct KeyTerms<'a> {
    outlet: &'a str,
    terms: Vec<KeyTerm<'a>>,
}

#[derive(Serialize)]
struct KeyTerm<'a> {
    term: &'a str,
    entry: &'a str,
    g2: String,
}

fn keyness(k: &Table) -> Option<Vec<KeyTerms<'_>>> {
    let col = |name: &str| k.col(name);
    let (o, t, g, e) = (
        col("outlet")?,
        col("term")?,
        col("g2")?,
        col("lexicon_entry")?,
    );
    let mut by_outlet: BTreeMap<&str, Vec<&Vec<Cell>>> = BTreeMap::new();
    for r in &k.rows {
        by_outlet.entry(text(&r[o])).or_default().push(r);
    }
    Some(
        by_outlet
            .into_iter()
            .map(|(outlet, rows)| KeyTerms {
                outlet,
                terms: rows
                    .iter()
                    .take(KEY_TERMS)
                    .map(|r| KeyTerm {
                        term: text(&r[t]),
                        entry: text(&r[e]),
                        g2: r[g].to_string(),
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// `--by-story`: the outlets that differ from the rest within the stories they share, q < 0.05
/// (stories_pooled.csv): outlet, metric, stories, difference, its interval and q as printed.
fn stories(t: &Table) -> Option<Vec<[String; 7]>> {
    let col = |name: &str| t.col(name);
    let cols = [
        col("outlet")?,
        col("metric")?,
        col("stories")?,
        col("diff")?,
        col("ci_low")?,
        col("ci_high")?,
        col("q_value")?,
    ];
    Some(
        t.rows
            .iter()
            .filter(|r| r[cols[6]].num().is_some_and(|q| q < 0.05))
            .map(|r| cols.map(|c| r[c].to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests;
