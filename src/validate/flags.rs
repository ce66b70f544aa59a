//! What a validation says of a run's outlet comparison (`slant score --validated DIR`): the
//! categories whose precision differs by outlet (by_outlet.csv, quotes_by_outlet.csv of
//! `slant validate`), the outlets where it differs, and so the metrics of outlets.csv whose
//! outlet differences may be the lexicon's error rather than the outlets' language.

use crate::aggregate::table::Cell;
use crate::report::cells::unsafe_cell;
use crate::report::read::Csv;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// A category whose precision differs by outlet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flag {
    pub lexicon: String,
    pub category: String,
    /// The category's Benjamini–Hochberg q-value.
    pub q: f64,
    /// The outlets whose own precision differs from the rest's (Fisher p × the category's
    /// outlets below 0.05), with their precision and the rest's.
    pub outlets: Vec<(String, String, String)>,
}

impl Flag {
    /// "attribution.neutral (0.2000 in TASS, 0.9000 elsewhere; q 0.001000)".
    pub(crate) fn describe(&self) -> String {
        let at: Vec<String> = self
            .outlets
            .iter()
            .map(|(o, p, rest)| format!("{p} in {o}, {rest} elsewhere"))
            .collect();
        format!(
            "{}.{} ({}; q {:.6})",
            self.lexicon,
            self.category,
            if at.is_empty() {
                "no single outlet stands out".to_owned()
            } else {
                at.join("; ")
            },
            self.q
        )
    }

    /// The outlets.csv metrics whose value uses this category (for quotations: the kind
    /// decides scare quotes; speakers and parties feed actors.csv, not outlets.csv).
    pub(crate) fn metrics(&self, attribution: &[String]) -> Vec<String> {
        if self.lexicon == super::coded::QUOTES {
            return match self.category.as_str() {
                "kind" => vec!["scare_quotes".to_owned()],
                _ => Vec::new(),
            };
        }
        super::impact::moved_metrics(&self.lexicon, &self.category, attribution)
    }
}

/// `--validated DIR`: the folder as given and the categories its by_outlet files flag.
pub(crate) fn of_dir(dir: Option<&Path>) -> Result<Option<(String, Vec<Flag>)>> {
    dir.map(|d| Ok((d.display().to_string(), read(d)?)))
        .transpose()
}

/// The flags of the validation folder `dir`: every category with `differs` true in its
/// by_outlet.csv and quotes_by_outlet.csv (either may be absent, not both).
pub(crate) fn read(dir: &Path) -> Result<Vec<Flag>> {
    let files: Vec<std::path::PathBuf> = ["by_outlet.csv", "quotes_by_outlet.csv"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.exists())
        .collect();
    if files.is_empty() {
        return Err(crate::error::UsageError(format!(
            "--validated {}: no by_outlet.csv there; give the --out folder of `slant validate` (run validate on a coded sample first)",
            dir.display()
        ))
        .into());
    }
    let mut flags = Vec::new();
    for path in files {
        flags.extend(read_file(&path).with_context(|| format!("--validated {}", dir.display()))?);
    }
    Ok(flags)
}

fn read_file(path: &Path) -> Result<Vec<Flag>> {
    let csv = Csv::read(path)?;
    let [lex, cat, outlet, precision, rest, p, q, differs] = [
        "lexicon",
        "category",
        "outlet",
        "precision",
        "rest_precision",
        "p_value",
        "category_q",
        "differs",
    ]
    .map(|c| csv.col(c, path));
    let (lex, cat, outlet, precision, rest, p, q, differs) =
        (lex?, cat?, outlet?, precision?, rest?, p?, q?, differs?);
    let mut by_cat: BTreeMap<(String, String), Vec<&Vec<String>>> = BTreeMap::new();
    for r in csv
        .rows
        .iter()
        .filter(|r| r.get(differs).is_some_and(|d| d == "true"))
    {
        by_cat
            .entry((
                unsafe_cell(&r[lex]).to_owned(),
                unsafe_cell(&r[cat]).to_owned(),
            ))
            .or_default()
            .push(r);
    }
    let number = |s: &str| s.parse::<f64>().unwrap_or(1.0);
    Ok(by_cat
        .into_iter()
        .map(|((lexicon, category), rows)| {
            let k = rows.len() as f64;
            Flag {
                lexicon,
                category,
                q: rows.first().map_or(1.0, |r| number(&r[q])),
                outlets: rows
                    .iter()
                    .filter(|r| number(&r[p]) * k < super::by_outlet::ALPHA)
                    .map(|r| {
                        let cell = |i: usize| unsafe_cell(&r[i]).to_owned();
                        (cell(outlet), cell(precision), cell(rest))
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Marks outlets.csv (`table`): for each metric a flag touches, a column
/// `METRIC.precision_differs` after the table's columns, `true` in the rows of the outlets
/// where the precision differs and `false` in the others. Returns a warning per flag.
pub(crate) fn mark(
    table: &mut crate::aggregate::table::Table,
    flags: &[Flag],
    attribution: &[String],
) -> Vec<String> {
    let outlet = table.col("outlet");
    let mut warnings = Vec::new();
    let mut marked: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for f in flags {
        let metrics: Vec<String> = f
            .metrics(attribution)
            .into_iter()
            .filter(|m| table.col(m).is_some())
            .collect();
        for m in &metrics {
            marked
                .entry(m.clone())
                .or_default()
                .extend(f.outlets.iter().map(|(o, _, _)| o.as_str()));
        }
        warnings.push(format!(
            "the lexicon's precision in {} differs by outlet (slant validate): outlet differences in {} may be its error, not the outlets' language",
            f.describe(),
            if metrics.is_empty() {
                "actors.csv and actor_asymmetry.csv".to_owned()
            } else {
                metrics.join(", ")
            }
        ));
    }
    for (metric, outlets) in marked {
        table.header.push(format!("{metric}.precision_differs"));
        for r in &mut table.rows {
            let name = outlet.and_then(|i| r.get(i)).and_then(Cell::str);
            let hit = name.is_some_and(|n| outlets.contains(&n));
            r.push(Cell::Flag(hit));
        }
    }
    warnings
}
