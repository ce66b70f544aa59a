//! The `diff` command: what changed between two report folders, typically before and after a
//! lexicon edit.
//!
//! Reads only the reports (outlet_metrics.csv, articles.csv, hits.csv, run.json), so it works on
//! any two runs, however long ago they were made. Writes diff.csv (outlet × metric: old, new,
//! change, largest change first) and prints a summary: the lexicon entries added, removed or
//! changed (from the two run.json files), the entries whose hit counts changed most (from
//! hits.csv), the outlet figures and the articles that moved most.

use crate::cli::DiffArgs;
use crate::report::files;
use crate::report::read::Csv;
use crate::report::run_json::RunJson;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

/// An article's outlet and its hits per `lexicon.category` column.
type ArticleHits = (String, Vec<(String, f64)>);

/// One row of diff.csv: (outlet, metric), old, new, change.
type DiffRow<'a> = (&'a (String, String), Option<f64>, Option<f64>, Option<f64>);

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

/// (outlet, metric) → mean, from outlet_metrics.csv.
fn outlet_means(dir: &Path) -> Result<BTreeMap<(String, String), Option<f64>>> {
    let path = dir.join(files::OUTLET_METRICS);
    let csv = Csv::read(&path)?;
    let (o, m, v) = (
        csv.col("outlet", &path)?,
        csv.col("metric", &path)?,
        csv.col("mean", &path)?,
    );
    Ok(csv
        .rows
        .iter()
        .map(|r| ((r[o].clone(), r[m].clone()), parse(&r[v])))
        .collect())
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
    let (old_run, new_run) = (RunJson::read(old_dir)?, RunJson::read(new_dir)?);
    let (old_means, new_means) = (outlet_means(old_dir)?, outlet_means(new_dir)?);

    // diff.csv: every outlet × metric, the largest change first.
    let keys: BTreeSet<&(String, String)> = old_means.keys().chain(new_means.keys()).collect();
    let mut rows: Vec<DiffRow> = keys
        .into_iter()
        .map(|k| {
            let (o, n) = (
                old_means.get(k).copied().flatten(),
                new_means.get(k).copied().flatten(),
            );
            (k, o, n, o.zip(n).map(|(o, n)| n - o))
        })
        .collect();
    rows.sort_by(|a, b| {
        let size = |c: Option<f64>| c.map_or(-1.0, f64::abs);
        size(b.3)
            .partial_cmp(&size(a.3))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(b.0))
    });
    let mut w = csv::Writer::from_path(&args.csv)
        .with_context(|| format!("cannot write {}", args.csv.display()))?;
    w.write_record(["outlet", "metric", "old", "new", "change"])?;
    for (k, o, n, c) in &rows {
        w.write_record([
            crate::report::cells::safe(&k.0).as_ref(),
            k.1.as_str(),
            &fmt(*o),
            &fmt(*n),
            &fmt(*c),
        ])?;
    }
    w.flush()?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());

    // Lexicon entries, from the fingerprints in run.json.
    let (old_e, new_e) = (entries(&old_run), entries(&new_run));
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
        let (a, b) = (sha(&old_run), sha(&new_run));
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

    // Hits per entry, from hits.csv.
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
            for (d, k, o, n) in moved.iter().take(args.top) {
                writeln!(out, "  {:+6}  {}.{} `{}`: {o} → {n}", d, k.0, k.2, k.1)?;
            }
        }
    }

    // Outlet figures.
    let changed: Vec<_> = rows
        .iter()
        .filter(|r| r.3.is_some_and(|c| c != 0.0))
        .collect();
    writeln!(
        out,
        "outlet × metric means changed: {} of {} (all in {})",
        changed.len(),
        rows.len(),
        args.csv.display()
    )?;
    for (k, o, n, c) in changed.iter().take(args.top) {
        writeln!(
            out,
            "  {:>10}  {} {}: {} → {}",
            fmt(*c),
            k.0,
            k.1,
            fmt(*o),
            fmt(*n)
        )?;
    }

    // Articles, by how many hits moved.
    let (a, b) = (
        article_hits(old_dir, &old_run)?,
        article_hits(new_dir, &new_run)?,
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
    for (_, id, what) in arts.iter().take(args.top) {
        writeln!(out, "  {id} ({what})")?;
    }
    out.flush()?;
    Ok(())
}
