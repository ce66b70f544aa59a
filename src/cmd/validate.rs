//! The `validate` command: precision of the lexicons from a hand-coded sample (sample.csv with
//! verdicts), the entries that cost the most, how the outlets' figures would move without
//! them, and agreement between coders (docs/validation.md).

use crate::cli::ValidateArgs;
use crate::report::cells::safe;
use crate::score::metrics::{fmt_value, Format};
use crate::validate::agreement::{cohen_kappa, krippendorff_alpha};
use crate::validate::coded::{self, Coding, Verdict};
use crate::validate::impact::{moves, Entry, Move};
use crate::validate::precision::{Count, Precision};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const PRECISION: &str = "precision.csv";
pub const MOVES: &str = "moves.csv";
pub const AGREEMENT: &str = "agreement.csv";

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

/// A category: `(lexicon, category)`.
type Cat<'a> = (&'a str, &'a str);
/// A unit's label from each coder (None: not coded, or unsure).
type Labels = Vec<Option<bool>>;

/// Agreement over every unit and per category: (lexicon, category) → units' labels by coder.
fn agreement_rows(codings: &[Coding]) -> Vec<Vec<String>> {
    // sample_id → (category, one label per coder who was sure).
    let mut units: BTreeMap<&str, (Cat, Labels)> = BTreeMap::new();
    for (k, c) in codings.iter().enumerate() {
        for r in &c.rows {
            let u = units.entry(r.sample_id.as_str()).or_insert_with(|| {
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

pub fn run(args: &ValidateArgs) -> Result<()> {
    let codings: Vec<Coding> = args
        .coded
        .iter()
        .map(|p| coded::read(p))
        .collect::<Result<_>>()?;
    let first = &codings[0];
    if first.rows.is_empty() {
        return Err(crate::error::UsageError(format!(
            "{} has no verdict yet ({} rows with an empty verdict): fill in the verdict column first",
            first.path, first.uncoded
        ))
        .into());
    }
    let p = Precision::of(first);
    let costly = p.costly();
    let entries: Vec<Entry> = costly
        .iter()
        .take(args.top)
        .map(|(cat, pattern, _, _)| (cat.0.clone(), cat.1.clone(), (*pattern).to_owned()))
        .collect();
    let moved = if args.reports.join(crate::report::files::HITS).exists() {
        moves(&args.reports, &entries)
            .with_context(|| format!("cannot compute the moves from {}", args.reports.display()))?
    } else {
        eprintln!(
            "slant: warning: {} has no hits.csv, so moves.csv is not written; give the run's report folder with --reports DIR",
            args.reports.display()
        );
        Vec::new()
    };

    let out = &args.out;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let write = |name: &str, bytes: Vec<u8>| -> Result<()> {
        let path = out.join(name);
        crate::files::write_replacing(&path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))
    };
    write(
        PRECISION,
        csv_bytes(
            &[
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
            ],
            &precision_rows(&p),
        )?,
    )?;
    let move_rows: Vec<Vec<String>> = moved
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
        .collect();
    let stale = |name: &str| {
        let path = out.join(name);
        if path.exists() {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))
        } else {
            Ok(())
        }
    };
    if moved.is_empty() {
        stale(MOVES)?;
    } else {
        write(
            MOVES,
            csv_bytes(
                &[
                    "lexicon",
                    "category",
                    "pattern",
                    "outlet",
                    "metric",
                    "articles",
                    "mean",
                    "mean_without",
                    "change",
                ],
                &move_rows,
            )?,
        )?;
    }
    let agreement = (codings.len() >= 2).then(|| agreement_rows(&codings));
    match &agreement {
        Some(rows) => write(
            AGREEMENT,
            csv_bytes(
                &[
                    "level",
                    "lexicon",
                    "category",
                    "units",
                    "agreement",
                    "kappa",
                    "alpha",
                ],
                rows,
            )?,
        )?,
        // A file of an earlier run with more coders would be read as this run's.
        None => stale(AGREEMENT)?,
    }
    print!(
        "{}",
        summary(args, &codings, &p, &costly, &moved, agreement.as_deref())
    );
    Ok(())
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
    p: &Precision,
    costly: &Costly,
    moved: &[Move],
    agreement: Option<&[Vec<String>]>,
) -> String {
    let first = &codings[0];
    let coded: u64 = p.categories.values().map(|c| c.coded).sum();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "precision, from {}: {coded} hits coded, {} unsure, {} not coded yet",
        first.path, p.unsure, first.uncoded
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
    if costly.is_empty() {
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
    let _ = writeln!(
        s,
        "written: {}",
        [PRECISION, MOVES, AGREEMENT]
            .iter()
            .filter(|f| args.out.join(f).exists())
            .map(|f| args.out.join(f).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    s
}
