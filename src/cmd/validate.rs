//! The `validate` command: precision of the lexicons from a hand-coded sample (sample.csv with
//! verdicts), the entries that cost the most, how the outlets' figures would move without
//! them, and agreement between coders (docs/validation.md).

use crate::cli::ValidateArgs;
use crate::report::cells::safe;
use crate::report::guard::{self, Existing, Guard};
use crate::score::metrics::{fmt_value, Format};
use crate::validate::agreement::{cohen_kappa, krippendorff_alpha};
use crate::validate::by_outlet::{self, CategoryTest};
use crate::validate::coded::{self, Coded, Coding, HitId, Verdict};
use crate::validate::impact::{moves, Entry, Move};
use crate::validate::precision::{Count, Precision};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const PRECISION: &str = "precision.csv";
pub const MOVES: &str = "moves.csv";
pub const AGREEMENT: &str = "agreement.csv";
pub const BY_OUTLET: &str = "by_outlet.csv";
/// The prefix of the files of a coded quotation sample (`quotes_precision.csv`, …), so that
/// hits and quotations can be validated into one folder.
pub const QUOTES_PREFIX: &str = "quotes_";

pub const PRECISION_HEADER: &[&str] = &[
    "level",
    "lexicon",
    "category",
    "pattern",
    "outlet",
    "coded",
    "correct",
    "precision",
    "ci_low",
    "ci_high",
    "precision_weighted",
    "category_precision_without",
    "gain",
];
pub const MOVES_HEADER: &[&str] = &[
    "lexicon",
    "category",
    "pattern",
    "outlet",
    "metric",
    "articles",
    "mean",
    "mean_without",
    "change",
];
pub const BY_OUTLET_HEADER: &[&str] = &[
    "lexicon",
    "category",
    "outlet",
    "coded",
    "correct",
    "precision",
    "rest_coded",
    "rest_correct",
    "rest_precision",
    "p_value",
    "category_p",
    "category_q",
    "differs",
];
pub const AGREEMENT_HEADER: &[&str] = &[
    "level",
    "lexicon",
    "category",
    "units",
    "agreement",
    "kappa",
    "alpha",
];

fn num(v: Option<f64>) -> String {
    fmt_value(v, Format::Fixed)
}

fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(
            r.iter()
                .map(|c| safe(c))
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_ref()),
        )?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

fn count_cells(c: &Count) -> Vec<String> {
    let ci = c.interval();
    vec![
        c.coded.to_string(),
        c.correct.to_string(),
        num(c.precision()),
        num(ci.map(|x| x.0)),
        num(ci.map(|x| x.1)),
    ]
}

fn precision_rows(p: &Precision) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for ((l, c), n) in &p.categories {
        let mut r = vec![
            "category".into(),
            l.clone(),
            c.clone(),
            String::new(),
            String::new(),
        ];
        r.extend(count_cells(n));
        r.extend([
            num(p.weighted(&(l.clone(), c.clone()))),
            String::new(),
            String::new(),
        ]);
        rows.push(r);
    }
    for (((l, c), pattern), n) in &p.entries {
        let mut r = vec![
            "entry".into(),
            l.clone(),
            c.clone(),
            pattern.clone(),
            String::new(),
        ];
        r.extend(count_cells(n));
        let cost = p.cost(&(l.clone(), c.clone()), n);
        r.extend([String::new(), num(cost.without), num(cost.gain)]);
        rows.push(r);
    }
    for (((l, c), outlet), n) in &p.outlets {
        let mut r = vec![
            "outlet".into(),
            l.clone(),
            c.clone(),
            String::new(),
            outlet.clone(),
        ];
        r.extend(count_cells(n));
        r.extend([String::new(), String::new(), String::new()]);
        rows.push(r);
    }
    rows
}

/// by_outlet.csv: every tested category × outlet, with the category's p, q and verdict.
fn by_outlet_rows(tests: &[CategoryTest]) -> Vec<Vec<String>> {
    let p = |v: f64| format!("{v:.6}");
    let mut rows = Vec::new();
    for t in tests {
        for o in &t.outlets {
            rows.push(vec![
                t.category.0.clone(),
                t.category.1.clone(),
                o.outlet.clone(),
                o.count.coded.to_string(),
                o.count.correct.to_string(),
                num(o.count.precision()),
                o.rest.coded.to_string(),
                o.rest.correct.to_string(),
                num(o.rest.precision()),
                p(o.p),
                p(t.p),
                p(t.q),
                t.differs().to_string(),
            ]);
        }
    }
    rows
}

/// The summary's lines on precision by outlet: each category that differs, named with its
/// outlet, or that none does.
fn by_outlet_summary(tests: &[CategoryTest], prefix: &str) -> String {
    let mut s = String::new();
    if tests.is_empty() {
        return s;
    }
    let differ: Vec<&CategoryTest> = tests.iter().filter(|t| t.differs()).collect();
    if differ.is_empty() {
        let _ = writeln!(
            s,
            "precision by outlet: no category differs ({} tested, every q ≥ {})",
            tests.len(),
            by_outlet::ALPHA
        );
        return s;
    }
    let _ = writeln!(s, "precision differs by outlet ({prefix}{BY_OUTLET}):");
    for t in differ {
        let Some(o) = t.most_different() else {
            continue;
        };
        let _ = writeln!(
            s,
            "  {}.{}: {} in {} ({} of {}), {} elsewhere ({} of {}); q {:.6} — outlet differences in this category may be artifacts",
            t.category.0,
            t.category.1,
            num(o.count.precision()),
            o.outlet,
            o.count.correct,
            o.count.coded,
            num(o.rest.precision()),
            o.rest.correct,
            o.rest.coded,
            t.q
        );
    }
    s
}

/// A category: `(lexicon, category)`.
type Cat<'a> = (&'a str, &'a str);
/// A unit's label from each coder (None: not coded, or unsure).
type Labels = Vec<Option<bool>>;

/// Agreement over every unit and per category: (lexicon, category) → units' labels by coder.
fn agreement_rows(codings: &[Coding]) -> Vec<Vec<String>> {
    // The hit → (category, one label per coder who was sure). Keyed by the hit, not the
    // sample_id: samples drawn with other seeds number other hits alike.
    let mut units: BTreeMap<HitId, (Cat, Labels)> = BTreeMap::new();
    for (k, c) in codings.iter().enumerate() {
        for r in &c.rows {
            let u = units.entry(r.hit()).or_insert_with(|| {
                (
                    (r.lexicon.as_str(), r.category.as_str()),
                    vec![None; codings.len()],
                )
            });
            u.1[k] = match r.verdict {
                Verdict::Correct => Some(true),
                Verdict::Wrong => Some(false),
                Verdict::Unsure => None,
            };
        }
    }
    let mut groups: BTreeMap<Option<Cat>, Vec<&Labels>> = BTreeMap::new();
    for (cat, labels) in units.values() {
        groups.entry(None).or_default().push(labels);
        groups.entry(Some(*cat)).or_default().push(labels);
    }
    groups
        .into_iter()
        .map(|(cat, labels)| {
            let pairable: Vec<Vec<bool>> = labels
                .iter()
                .map(|l| l.iter().flatten().copied().collect::<Vec<bool>>())
                .filter(|l| l.len() >= 2)
                .collect();
            let pairs: Vec<(bool, bool)> = labels
                .iter()
                .filter_map(|l| Some((l.first().copied().flatten()?, l.get(1).copied().flatten()?)))
                .collect();
            let agree = pairable
                .iter()
                .filter(|l| l.iter().all(|v| *v == l[0]))
                .count();
            let kappa = if codings.len() == 2 {
                cohen_kappa(&pairs)
            } else {
                None
            };
            let (level, l, c) = match cat {
                None => ("all", "", ""),
                Some((l, c)) => ("category", l, c),
            };
            vec![
                level.into(),
                l.into(),
                c.into(),
                pairable.len().to_string(),
                num((!pairable.is_empty()).then(|| agree as f64 / pairable.len() as f64)),
                num(kappa),
                num(krippendorff_alpha(&pairable)),
            ]
        })
        .collect()
}

/// The files validate writes (for quotations, each with `QUOTES_PREFIX`), with their headers.
const OWN: [(&str, &[&str]); 4] = [
    (PRECISION, PRECISION_HEADER),
    (MOVES, MOVES_HEADER),
    (AGREEMENT, AGREEMENT_HEADER),
    (BY_OUTLET, BY_OUTLET_HEADER),
];

pub fn run(args: &ValidateArgs) -> Result<()> {
    let names: Vec<(String, &[&str])> = OWN
        .iter()
        .flat_map(|(n, h)| [(n.to_string(), *h), (format!("{QUOTES_PREFIX}{n}"), *h)])
        .collect();
    let own: Vec<(&str, Existing)> = names
        .iter()
        .map(|(n, h)| (n.as_str(), Existing::Header(h)))
        .collect();
    Guard::new("validate")
        .inputs(&args.coded)
        .input(&args.reports)
        .folder(&args.out, "--out", &own)?;
    let mut codings: Vec<Coding> = args
        .coded
        .iter()
        .map(|p| coded::read(p))
        .collect::<Result<_>>()?;
    let kind = codings[0].coded;
    if let Some(other) = codings.iter().find(|c| c.coded != kind) {
        return Err(crate::error::UsageError(format!(
            "{} and {} code different things (hits, quotations): validate one kind at a time",
            codings[0].path, other.path
        ))
        .into());
    }
    let report = args.reports.join(match kind {
        Coded::Hits => crate::report::files::HITS,
        Coded::Quotes => crate::report::files::QUOTES,
    });
    let left_out = if report.is_file() {
        tie_to_run(&mut codings, &report)?
    } else {
        eprintln!(
            "slant: warning: {} is not there, so the coded rows cannot be checked against the run (and moves.csv is not written); give the run's report folder with --reports DIR",
            report.display()
        );
        0
    };
    same_sample(&codings)?;
    let first = &codings[0];
    if first.rows.is_empty() {
        return Err(crate::error::UsageError(format!(
            "{} has no verdict yet ({} rows with an empty verdict): fill in the verdict column first",
            first.path, first.uncoded
        ))
        .into());
    }
    let p = Precision::of(first);
    // Entries that cost precision, and how outlets would move without them, are the lexicons'
    // questions: a quotation's kind or speaker is no entry to take out.
    let costly = match kind {
        Coded::Hits => p.costly(),
        Coded::Quotes => Vec::new(),
    };
    let entries: Vec<Entry> = costly
        .iter()
        .take(args.top)
        .map(|(cat, pattern, _, _)| (cat.0.clone(), cat.1.clone(), (*pattern).to_owned()))
        .collect();
    let moved = if report.is_file() && kind == Coded::Hits {
        moves(&args.reports, &entries)
            .with_context(|| format!("cannot compute the moves from {}", args.reports.display()))?
    } else {
        Vec::new()
    };
    let agreement = (codings.len() >= 2).then(|| agreement_rows(&codings));
    let by_outlet = by_outlet::test(&p);
    let prefix = match kind {
        Coded::Hits => "",
        Coded::Quotes => QUOTES_PREFIX,
    };
    let written = write_files(
        &args.out,
        prefix,
        &p,
        &moved,
        agreement.as_deref(),
        &by_outlet,
    )?;
    print!(
        "{}",
        summary(
            args,
            &codings,
            left_out,
            &p,
            &costly,
            &moved,
            agreement.as_deref()
        ) + &by_outlet_summary(&by_outlet, prefix)
            + &format!("written: {}\n", written.join(", "))
    );
    Ok(())
}

/// Leaves out of every coding the rows whose hit (or quotation) is not in the run's hits.csv
/// (quotes.csv) at `report` — a sample of another run, or rows pasted in from elsewhere — and
/// says which; refuses a coding none of whose rows is in the run. Returns how many rows the
/// first coding lost.
fn tie_to_run(codings: &mut [Coding], report: &std::path::Path) -> Result<usize> {
    let found = in_run(codings, report)?;
    let what = match codings.first().map(|c| c.coded) {
        Some(Coded::Quotes) => "quotations",
        _ => "hits",
    };
    let mut first_lost = 0;
    for (k, c) in codings.iter_mut().enumerate() {
        let (kept, lost): (Vec<_>, Vec<_>) = c.rows.drain(..).partition(|r| found(r));
        c.rows = kept;
        if k == 0 {
            first_lost = lost.len();
        }
        if lost.is_empty() {
            continue;
        }
        if c.rows.is_empty() {
            return Err(crate::error::UsageError(format!(
                "none of the {} coded rows of {} is in {} (no row there has their article, offsets and entry): the sample was drawn from another run; give that run's folder with --reports DIR",
                lost.len(),
                c.path,
                report.display()
            ))
            .into());
        }
        let shown: Vec<String> = lost
            .iter()
            .take(3)
            .map(|r| format!("line {} ({})", r.line, r.hit()))
            .collect();
        eprintln!(
            "slant: warning: {}: {} coded rows are not {what} of the run in {} and are left out: {}{}; was the sample drawn from another run? Give that run's folder with --reports DIR",
            c.path,
            lost.len(),
            report.display(),
            shown.join(", "),
            if lost.len() > 3 { ", …" } else { "" }
        );
    }
    Ok(first_lost)
}

/// Whether a coded row is in the run.
type InRun = Box<dyn Fn(&coded::Row) -> bool>;

/// Which coded rows are in the run: for hits, a row of hits.csv with the row's article,
/// offsets, lexicon, category and entry; for quotations, a row of quotes.csv with its article
/// and offsets. Reads the report once, keeping only what the codings name.
fn in_run(codings: &[Coding], report: &std::path::Path) -> Result<InRun> {
    if codings.first().map(|c| c.coded) == Some(Coded::Quotes) {
        type Span = (String, u64, u64);
        let wanted: std::collections::HashSet<Span> = codings
            .iter()
            .flat_map(|c| {
                c.rows
                    .iter()
                    .map(|r| (r.article_id.clone(), r.start, r.end))
            })
            .collect();
        let mut found = std::collections::HashSet::new();
        crate::validate::quote_sample::each_quote(report, |q| {
            let span = (q.article_id, q.start, q.end);
            if wanted.contains(&span) {
                found.insert(span);
            }
        })?;
        return Ok(Box::new(move |r: &coded::Row| {
            found.contains(&(r.article_id.clone(), r.start, r.end))
        }));
    }
    let mut wanted: std::collections::HashSet<HitId> = codings
        .iter()
        .flat_map(|c| c.rows.iter().map(|r| r.hit()))
        .collect();
    let mut found = std::collections::HashSet::new();
    crate::validate::sample::each_hit(report, |h| {
        let id = HitId {
            article_id: h.article_id,
            start: h.start,
            end: h.end,
            lexicon: h.lexicon,
            category: h.category,
            pattern: h.pattern,
        };
        if let Some(id) = wanted.take(&id) {
            found.insert(id);
        }
        Ok(())
    })?;
    Ok(Box::new(move |r: &coded::Row| found.contains(&r.hit())))
}

/// Coders must have coded one sample: agreement is over the hits they share, and two samples
/// drawn with different seeds share few. Refuses coders who share no hit; names any difference.
fn same_sample(codings: &[Coding]) -> Result<()> {
    let Some((first, rest)) = codings.split_first() else {
        return Ok(());
    };
    let theirs: std::collections::HashSet<HitId> = first.rows.iter().map(|r| r.hit()).collect();
    for c in rest {
        let shared = c.rows.iter().filter(|r| theirs.contains(&r.hit())).count();
        if shared == 0 && !c.rows.is_empty() && !first.rows.is_empty() {
            return Err(crate::error::UsageError(format!(
                "{} and {} share no coded hit: they code different samples (drawn with another --seed, or from another run), so there is nothing to agree on; give the coders the same sample.csv",
                first.path, c.path
            ))
            .into());
        }
        if shared < c.rows.len() || shared < first.rows.len() {
            eprintln!(
                "slant: warning: {} and {} code different samples: they share {shared} coded hits ({} has {}, {} has {}); agreement is over the shared hits only. Were they drawn with different --seed values?",
                first.path,
                c.path,
                first.path,
                first.rows.len(),
                c.path,
                c.rows.len()
            );
        }
    }
    Ok(())
}

/// precision.csv, moves.csv, agreement.csv and by_outlet.csv (each name after `prefix`),
/// written together: each to a temporary name first, then all renamed into place; a file of an
/// earlier run that this one does not make is removed (it would be read as this run's). Returns
/// the paths written.
fn write_files(
    out: &std::path::Path,
    prefix: &str,
    p: &Precision,
    moved: &[Move],
    agreement: Option<&[Vec<String>]>,
    by_outlet: &[CategoryTest],
) -> Result<Vec<String>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut files = vec![(PRECISION, csv_bytes(PRECISION_HEADER, &precision_rows(p))?)];
    if !moved.is_empty() {
        files.push((MOVES, csv_bytes(MOVES_HEADER, &move_rows(moved))?));
    }
    if let Some(rows) = agreement {
        files.push((AGREEMENT, csv_bytes(AGREEMENT_HEADER, rows)?));
    }
    files.push((
        BY_OUTLET,
        csv_bytes(BY_OUTLET_HEADER, &by_outlet_rows(by_outlet))?,
    ));
    let path = |name: &str| out.join(format!("{prefix}{name}"));
    let mut batch = guard::Batch::default();
    for (name, bytes) in &files {
        batch.stage(&path(name), bytes).with_context(|| {
            format!(
                "cannot write {} (the files there are unchanged)",
                path(name).display()
            )
        })?;
    }
    batch
        .replace()
        .with_context(|| format!("cannot write into {}", out.display()))?;
    for name in [MOVES, AGREEMENT] {
        if !files.iter().any(|(n, _)| *n == name) && path(name).is_file() {
            std::fs::remove_file(path(name))
                .with_context(|| format!("cannot remove {}", path(name).display()))?;
        }
    }
    Ok(files
        .iter()
        .map(|(n, _)| path(n).display().to_string())
        .collect())
}

/// moves.csv's rows.
fn move_rows(moved: &[Move]) -> Vec<Vec<String>> {
    moved
        .iter()
        .map(|m| {
            vec![
                m.entry.0.clone(),
                m.entry.1.clone(),
                m.entry.2.clone(),
                m.outlet.clone(),
                m.metric.clone(),
                m.articles.to_string(),
                num(m.mean),
                num(m.without),
                num(m.mean.zip(m.without).map(|(a, b)| b - a)),
            ]
        })
        .collect()
}

type Costly<'a> = [(
    &'a (String, String),
    &'a str,
    Count,
    crate::validate::precision::Cost,
)];

fn summary(
    args: &ValidateArgs,
    codings: &[Coding],
    left_out: usize,
    p: &Precision,
    costly: &Costly,
    moved: &[Move],
    agreement: Option<&[Vec<String>]>,
) -> String {
    let first = &codings[0];
    let coded: u64 = p.categories.values().map(|c| c.coded).sum();
    let mut s = String::new();
    let what = match first.coded {
        Coded::Hits => "hits",
        Coded::Quotes => "verdicts on quotations (kind, speaker, party)",
    };
    let _ = writeln!(
        s,
        "precision, from {}: {coded} {what} coded, {} unsure, {} not coded yet{}",
        first.path,
        p.unsure,
        first.uncoded,
        if left_out > 0 {
            format!(", {left_out} not in the run (left out)")
        } else {
            String::new()
        }
    );
    for ((l, c), n) in &p.categories {
        let ci = n.interval().unwrap_or((0.0, 0.0));
        let _ = writeln!(
            s,
            "  {:<32} {}  [{}, {}]  {} of {}{}",
            format!("{l}.{c}"),
            num(n.precision()),
            num(Some(ci.0)),
            num(Some(ci.1)),
            n.correct,
            n.coded,
            p.weighted(&(l.clone(), c.clone()))
                .map(|w| format!("; whole run {}", num(Some(w))))
                .unwrap_or_default()
        );
    }
    if first.coded == Coded::Quotes {
        // No entries: a quotation's kind or speaker is no lexicon entry.
    } else if costly.is_empty() {
        let _ = writeln!(s, "no entry lowers its category's precision");
    } else {
        let _ = writeln!(s, "entries that cost the most precision:");
    }
    for (cat, pattern, n, cost) in costly.iter().take(args.top) {
        let _ = writeln!(
            s,
            "  {}.{} `{}`: {} of {} right; the category without it {} ({:+.4})",
            cat.0,
            cat.1,
            pattern,
            n.correct,
            n.coded,
            num(cost.without),
            cost.gain.unwrap_or(0.0)
        );
        let biggest = moved
            .iter()
            .filter(|m| m.entry.0 == cat.0 && m.entry.1 == cat.1 && m.entry.2 == *pattern)
            .filter_map(|m| Some((m, (m.without? - m.mean?).abs())))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((m, _)) = biggest {
            let _ = writeln!(
                s,
                "      largest move: {} {} {} → {}",
                m.outlet,
                m.metric,
                num(m.mean),
                num(m.without)
            );
        }
    }
    if let Some(rows) = agreement {
        if let Some(all) = rows.first() {
            let _ = writeln!(
                s,
                "agreement of {} coders on {} hits: {} agree, kappa {}, alpha {}",
                codings.len(),
                all[3],
                all[4],
                if all[5].is_empty() { "—" } else { &all[5] },
                if all[6].is_empty() { "—" } else { &all[6] }
            );
        }
    }
    s
}
