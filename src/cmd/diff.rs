//! The `diff` command: what changed between two report folders, typically before and after a
//! lexicon edit.
//!
//! Reads only the reports (outlet_metrics.csv, articles.csv, hits.csv, run.json), so it works on
//! any two runs, however long ago they were made. Writes diff.csv (outlet × metric: old, new,
//! change and q values; the outlets whose difference from the rest crossed q = 0.05 first —
//! the findings that did not survive, or appeared — then the changes within each kind of
//! metric, largest first: a share, a rate and a count are not on one scale) and prints a
//! summary: the lexicon entries added, removed or changed (from the two run.json files), the
//! entries whose hit counts changed most (from hits.csv), a change of articles.csv's column
//! order, the outlet figures and the articles that moved most. A change below the fourth
//! decimal of the printed means is no change.

use crate::cli::DiffArgs;
use crate::report::files;
use crate::report::guard::{self, Existing, Guard};
use crate::report::read::Csv;
use crate::report::run_json::RunJson;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

/// An article's outlet and its hits per `lexicon.category` column.
type ArticleHits = (String, Vec<(String, f64)>);

/// diff.csv's columns.
pub const DIFF_HEADER: &[&str] = &[
    "outlet",
    "metric",
    "kind",
    "old",
    "new",
    "change",
    "old_q",
    "new_q",
    "significance",
];

/// One row of diff.csv.
struct DiffRow<'a> {
    key: &'a (String, String),
    kind: Kind,
    old: Option<f64>,
    new: Option<f64>,
    /// new − old, as printed (None when either is missing); 0 when the printed means are equal.
    change: Option<f64>,
    old_q: Option<f64>,
    new_q: Option<f64>,
}

impl DiffRow<'_> {
    /// Did the outlet's difference from the rest cross q = 0.05 either way?
    fn crossed(&self) -> Option<&'static str> {
        let sig = |q: Option<f64>| q.is_some_and(|q| q < 0.05);
        match (sig(self.old_q), sig(self.new_q)) {
            (false, true) => Some("became significant"),
            (true, false) => Some("no longer significant"),
            _ => None,
        }
    }

    fn changed(&self) -> bool {
        self.change.is_some_and(|c| c != 0.0)
    }
}

/// The kinds of metric, compared only among themselves: a change of 0.05 in a share and of 5 in
/// a count are not on one scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Share,
    Rate,
    Index,
    Count,
}

impl Kind {
    fn of(metric: &str) -> Kind {
        if metric.ends_with(".share") || metric == "quote_share" {
            Kind::Share
        } else if metric.ends_with(".per_1k") {
            Kind::Rate
        } else if matches!(metric, "tone" | "tone.author" | "tone.logit") {
            Kind::Index
        } else {
            Kind::Count
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Share => "share",
            Kind::Rate => "rate",
            Kind::Index => "index",
            Kind::Count => "count",
        }
    }
}

/// A lexicon entry as run.json records it.
type EntryKey = (String, String, String); // lexicon, pattern, category

fn entries(run: &RunJson) -> BTreeMap<EntryKey, (f64, bool)> {
    run.lexicons
        .iter()
        .flat_map(|lex| {
            lex.entry_list.iter().map(|e| {
                (
                    (lex.name.clone(), e.pattern.clone(), e.category.clone()),
                    (e.weight, e.negate),
                )
            })
        })
        .collect()
}

fn parse(v: &str) -> Option<f64> {
    v.parse().ok()
}

fn fmt(v: Option<f64>) -> String {
    crate::score::metrics::fmt_value(v, crate::score::metrics::Format::Fixed)
}

/// (outlet, metric) → (mean, q value), from outlet_metrics.csv.
type Means = BTreeMap<(String, String), (Option<f64>, Option<f64>)>;

fn outlet_means(dir: &Path) -> Result<Means> {
    let path = dir.join(files::OUTLET_METRICS);
    let csv = Csv::read(&path)?;
    let (o, m, v, q) = (
        csv.col("outlet", &path)?,
        csv.col("metric", &path)?,
        csv.col("mean", &path)?,
        csv.col("q_value", &path)?,
    );
    Ok(csv
        .rows
        .iter()
        .map(|r| ((r[o].clone(), r[m].clone()), (parse(&r[v]), parse(&r[q]))))
        .collect())
}

/// articles.csv's columns, from its header.
fn article_columns(dir: &Path) -> Result<Vec<String>> {
    let path = dir.join(files::ARTICLES);
    let mut rdr = crate::report::read::reader(&path)?;
    let header = rdr
        .headers()
        .map_err(|e| crate::report::read::csv_error(&path.display().to_string(), e))?;
    Ok(header.iter().map(String::from).collect())
}

/// What changed in the columns of articles.csv: added, removed, and the columns that moved
/// (those off the longest run of columns that kept their relative order).
fn column_changes(old: &[String], new: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let added: Vec<&str> = new
        .iter()
        .filter(|c| !old.contains(c))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = old
        .iter()
        .filter(|c| !new.contains(c))
        .map(String::as_str)
        .collect();
    if !added.is_empty() {
        out.push(format!("columns added: {}", added.join(", ")));
    }
    if !removed.is_empty() {
        out.push(format!("columns removed: {}", removed.join(", ")));
    }
    // Old positions of the common columns, in new order; the longest increasing subsequence is
    // what stayed in order, the rest moved.
    let common: Vec<(&String, usize)> = new
        .iter()
        .filter_map(|c| old.iter().position(|o| o == c).map(|i| (c, i)))
        .collect();
    let n = common.len();
    let (mut len, mut prev) = (vec![1usize; n], vec![usize::MAX; n]);
    for i in 0..n {
        for j in 0..i {
            if common[j].1 < common[i].1 && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut keep = vec![false; n];
    let mut at = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        keep[i] = true;
        at = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    let moved: Vec<String> = common
        .iter()
        .zip(&keep)
        .filter(|(_, k)| !**k)
        .map(|((c, _), _)| {
            let now = new.iter().position(|x| x == *c).unwrap_or(0);
            let after = now
                .checked_sub(1)
                .map(|p| new[p].as_str())
                .unwrap_or("the start");
            format!("{c} (now after {after})")
        })
        .collect();
    if !moved.is_empty() {
        out.push(format!(
            "column order changed: {} (scripts that read columns by position must follow)",
            moved.join(", ")
        ));
    }
    out
}

/// (lexicon, pattern, category) → hits, from hits.csv (absent under --no-hits).
fn hit_counts(dir: &Path) -> Result<Option<HashMap<EntryKey, u64>>> {
    let path = dir.join(files::HITS);
    if !path.exists() {
        return Ok(None);
    }
    let csv = Csv::read(&path)?;
    let (l, p, c) = (
        csv.col("lexicon", &path)?,
        csv.col("pattern", &path)?,
        csv.col("category", &path)?,
    );
    let mut out: HashMap<EntryKey, u64> = HashMap::new();
    for r in &csv.rows {
        *out.entry((r[l].clone(), r[p].clone(), r[c].clone()))
            .or_default() += 1;
    }
    Ok(Some(out))
}

/// article_id → (outlet, hits per `lexicon.category` column), from articles.csv.
fn article_hits(dir: &Path, run: &RunJson) -> Result<BTreeMap<String, ArticleHits>> {
    let path = dir.join(files::ARTICLES);
    let csv = Csv::read(&path)?;
    let (id, outlet) = (csv.col("article_id", &path)?, csv.col("outlet", &path)?);
    let mut cols = Vec::new();
    for lex in &run.lexicons {
        for c in &lex.categories {
            let col = format!("{}.{c}", lex.name);
            if let Some(i) = csv.header.iter().position(|h| *h == col) {
                cols.push((col, i));
            }
        }
    }
    Ok(csv
        .rows
        .iter()
        .map(|r| {
            let hits = cols
                .iter()
                .map(|(n, i)| (n.clone(), parse(&r[*i]).unwrap_or(0.0)))
                .collect();
            (r[id].clone(), (r[outlet].clone(), hits))
        })
        .collect())
}

pub fn run(args: &DiffArgs) -> Result<()> {
    let (old_dir, new_dir) = (&args.old, &args.new);
    Guard::new("diff").input(old_dir).input(new_dir).file(
        &args.csv,
        "--csv",
        Existing::Header(DIFF_HEADER),
    )?;
    let (old_run, new_run) = (RunJson::read(old_dir)?, RunJson::read(new_dir)?);
    let (old_means, new_means) = (outlet_means(old_dir)?, outlet_means(new_dir)?);
    let rows = diff_rows(&old_means, &new_means);
    write_csv(&args.csv, &rows)?;
    let columns = column_changes(&article_columns(old_dir)?, &article_columns(new_dir)?);

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    lexicon_changes(&mut out, &old_run, &new_run)?;
    hit_changes(&mut out, old_dir, new_dir, args.top)?;
    // Columns of articles.csv.
    for c in &columns {
        writeln!(out, "articles.csv {c}")?;
    }
    outlet_changes(&mut out, &rows, (&old_means, &new_means), args)?;
    article_changes(&mut out, (old_dir, &old_run), (new_dir, &new_run), args.top)?;
    out.flush()?;
    Ok(())
}

/// diff.csv's rows: every outlet × metric, the findings that crossed q = 0.05 first, then the
/// changes by kind of metric, largest first, then what did not change.
fn diff_rows<'a>(old_means: &'a Means, new_means: &'a Means) -> Vec<DiffRow<'a>> {
    let keys: BTreeSet<&(String, String)> = old_means.keys().chain(new_means.keys()).collect();
    let mut rows: Vec<DiffRow<'a>> = keys
        .into_iter()
        .map(|k| {
            let (o, oq) = old_means.get(k).copied().unwrap_or_default();
            let (n, nq) = new_means.get(k).copied().unwrap_or_default();
            // The change of the printed means: a difference below the fourth decimal is none.
            let change = o.zip(n).map(|(o, n)| {
                let printed = |v: f64| crate::score::metrics::to_fixed(Some(v)).unwrap_or(0);
                (printed(n) - printed(o)) as f64 / crate::score::metrics::SCALE as f64
            });
            DiffRow {
                key: k,
                kind: Kind::of(&k.1),
                old: o,
                new: n,
                change,
                old_q: oq,
                new_q: nq,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let size = |r: &DiffRow| r.change.map_or(-1.0, f64::abs);
        b.crossed()
            .is_some()
            .cmp(&a.crossed().is_some())
            .then(b.changed().cmp(&a.changed()))
            .then(a.kind.cmp(&b.kind))
            .then(
                size(b)
                    .partial_cmp(&size(a))
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(a.key.cmp(b.key))
    });
    rows
}

/// The `q` of a test as diff.csv and the summary print it.
fn qfmt(q: Option<f64>) -> String {
    q.map(|q| format!("{q:.6}")).unwrap_or_default()
}

/// Writes diff.csv (through the guard: never over an input or a file slant did not write).
fn write_csv(path: &Path, rows: &[DiffRow]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(DIFF_HEADER)?;
    for r in rows {
        w.write_record([
            crate::report::cells::safe(&r.key.0).as_ref(),
            r.key.1.as_str(),
            r.kind.name(),
            &fmt(r.old),
            &fmt(r.new),
            &fmt(r.change),
            &qfmt(r.old_q),
            &qfmt(r.new_q),
            r.crossed().unwrap_or(""),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    guard::write_replacing(path, &bytes).with_context(|| {
        format!(
            "cannot write {} (an earlier diff.csv there is unchanged)",
            path.display()
        )
    })?;
    Ok(())
}

/// The lexicon files and entries the new run's lexicons changed, from run.json's fingerprints.
fn lexicon_changes(out: &mut impl Write, old_run: &RunJson, new_run: &RunJson) -> Result<()> {
    let (old_e, new_e) = (entries(old_run), entries(new_run));
    let mut lines = Vec::new();
    for (k, v) in &new_e {
        match old_e.get(k) {
            None => {
                // A pattern that moved between categories shows as removed + added; say moved.
                let moved = old_e
                    .keys()
                    .find(|o| o.0 == k.0 && o.1 == k.1 && !new_e.contains_key(*o));
                match moved {
                    Some(o) => {
                        lines.push(format!("  moved    {}: `{}` {} → {}", k.0, k.1, o.2, k.2))
                    }
                    None => lines.push(format!("  added    {}: `{}` ({})", k.0, k.1, k.2)),
                }
            }
            Some(o) if o != v => lines.push(format!(
                "  changed  {}: `{}` ({}): weight {} → {}, negate {} → {}",
                k.0, k.1, k.2, o.0, v.0, o.1, v.1
            )),
            _ => {}
        }
    }
    for k in old_e.keys().filter(|k| !new_e.contains_key(*k)) {
        let moved = new_e
            .keys()
            .any(|n| n.0 == k.0 && n.1 == k.1 && !old_e.contains_key(n));
        if !moved {
            lines.push(format!("  removed  {}: `{}` ({})", k.0, k.1, k.2));
        }
    }
    let changed_files: Vec<String> = {
        let sha = |run: &RunJson| -> BTreeMap<String, String> {
            run.lexicons
                .iter()
                .map(|l| (l.name.clone(), l.sha256.clone()))
                .collect()
        };
        let (a, b) = (sha(old_run), sha(new_run));
        a.keys()
            .chain(b.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .cloned()
            .collect()
    };
    writeln!(
        out,
        "lexicon files changed: {}",
        if changed_files.is_empty() {
            "none".to_owned()
        } else {
            changed_files.join(", ")
        }
    )?;
    if !lines.is_empty() {
        writeln!(out, "entries:")?;
        for l in &lines {
            writeln!(out, "{l}")?;
        }
    }

    Ok(())
}

/// The entries whose hits moved most, from the two hits.csv (when both runs wrote one).
fn hit_changes(out: &mut impl Write, old_dir: &Path, new_dir: &Path, top: usize) -> Result<()> {
    if let (Some(a), Some(b)) = (hit_counts(old_dir)?, hit_counts(new_dir)?) {
        let mut moved: Vec<(i64, &EntryKey, u64, u64)> = a
            .keys()
            .chain(b.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|k| {
                let (o, n) = (
                    a.get(k).copied().unwrap_or(0),
                    b.get(k).copied().unwrap_or(0),
                );
                (n as i64 - o as i64, k, o, n)
            })
            .filter(|x| x.0 != 0)
            .collect();
        moved.sort_by(|x, y| y.0.abs().cmp(&x.0.abs()).then(x.1.cmp(y.1)));
        if !moved.is_empty() {
            writeln!(out, "hits by entry (old → new):")?;
            for (d, k, o, n) in moved.iter().take(top) {
                writeln!(out, "  {:+6}  {}.{} `{}`: {o} → {n}", d, k.0, k.2, k.1)?;
            }
        }
    }

    Ok(())
}

/// The outlet figures: first the findings that changed, then each kind of metric apart, then
/// the metrics only one side has.
fn outlet_changes(
    out: &mut impl Write,
    rows: &[DiffRow],
    (old_means, new_means): (&Means, &Means),
    args: &DiffArgs,
) -> Result<()> {
    let crossed: Vec<&DiffRow> = rows.iter().filter(|r| r.crossed().is_some()).collect();
    if !crossed.is_empty() {
        writeln!(
            out,
            "findings that changed (outlet vs the rest, q crossed 0.05): {}",
            crossed.len()
        )?;
        for r in crossed.iter().take(args.top) {
            writeln!(
                out,
                "  {} {}: {} (q {} → {}; mean {} → {})",
                r.key.0,
                r.key.1,
                r.crossed().unwrap_or_default(),
                qfmt(r.old_q),
                qfmt(r.new_q),
                fmt(r.old),
                fmt(r.new)
            )?;
        }
    }
    let changed: Vec<&DiffRow> = rows.iter().filter(|r| r.changed()).collect();
    writeln!(
        out,
        "outlet × metric means changed: {} of {} (all in {})",
        changed.len(),
        rows.len(),
        args.csv.display()
    )?;
    for kind in [Kind::Share, Kind::Rate, Kind::Index, Kind::Count] {
        let of_kind: Vec<&&DiffRow> = changed.iter().filter(|r| r.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        writeln!(out, "  {}s ({}):", kind.name(), of_kind.len())?;
        for r in of_kind.iter().take(args.top) {
            writeln!(
                out,
                "  {:>10}  {} {}: {} → {}",
                fmt(r.change),
                r.key.0,
                r.key.1,
                fmt(r.old),
                fmt(r.new)
            )?;
        }
    }
    let only = |which: &str, f: &dyn Fn(&DiffRow) -> bool| -> Vec<String> {
        let mut m: Vec<String> = rows
            .iter()
            .filter(|r| f(r))
            .map(|r| r.key.1.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if m.len() > args.top {
            m.truncate(args.top);
            m.push("…".into());
        }
        if m.is_empty() {
            Vec::new()
        } else {
            vec![format!("metrics {which}: {}", m.join(", "))]
        }
    };
    let newly = only("only in the new reports", &|r| {
        !old_means.contains_key(r.key) && new_means.contains_key(r.key)
    });
    let gone = only("only in the old reports", &|r| {
        old_means.contains_key(r.key) && !new_means.contains_key(r.key)
    });
    for l in newly.iter().chain(&gone) {
        writeln!(out, "{l}")?;
    }

    Ok(())
}

/// The articles whose hits moved, most first.
fn article_changes(
    out: &mut impl Write,
    (old_dir, old_run): (&Path, &RunJson),
    (new_dir, new_run): (&Path, &RunJson),
    top: usize,
) -> Result<()> {
    let (a, b) = (
        article_hits(old_dir, old_run)?,
        article_hits(new_dir, new_run)?,
    );
    let mut arts: Vec<(f64, &String, String)> = Vec::new();
    for (id, (outlet, new_hits)) in &b {
        let old_hits: HashMap<&str, f64> = a
            .get(id)
            .map(|(_, h)| h.iter().map(|(n, v)| (n.as_str(), *v)).collect())
            .unwrap_or_default();
        let mut total = 0.0;
        let mut parts = Vec::new();
        for (col, v) in new_hits {
            let d = v - old_hits.get(col.as_str()).copied().unwrap_or(0.0);
            if d != 0.0 {
                total += d.abs();
                parts.push(format!("{col} {d:+}"));
            }
        }
        if total > 0.0 {
            arts.push((total, id, format!("{outlet}: {}", parts.join(", "))));
        }
    }
    arts.sort_by(|x, y| {
        y.0.partial_cmp(&x.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.1.cmp(y.1))
    });
    writeln!(out, "articles changed: {} of {}", arts.len(), b.len())?;
    for (_, id, what) in arts.iter().take(top) {
        writeln!(out, "  {id} ({what})")?;
    }
    Ok(())
}
