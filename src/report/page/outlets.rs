//! The page's outlet table: the columns people read first, with names for people, each mean's
//! interval and q in its tooltip, and n/a where an outlet has too few articles to be tested
//! (templates/outlets.html).

use super::{anchor, thousands};
use crate::aggregate::stats::MIN_ARTICLES;
use crate::aggregate::table::{Cell, Table};
use crate::report::run_json::RunJson;
use serde::Serialize;

/// What templates/outlets.html shows.
#[derive(Serialize)]
pub(super) struct Outlets {
    /// `--group-by`'s columns, joined; empty when the rows are outlets.
    group_by: String,
    /// The outlets too thin to be tested, joined, and how many.
    thin: String,
    thin_count: usize,
    outlets: usize,
    /// `--validated`'s files, when a column is marked.
    validated: Option<String>,
    header: Vec<Header>,
    rows: Vec<Vec<Td>>,
}

#[derive(Serialize)]
struct Header {
    name: &'static str,
    label: &'static str,
    suspect: bool,
}

/// A cell: its sort value (`data-v`), tooltip, text, the anchor its text links to, and the
/// `--validated` mark.
#[derive(Serialize, Default)]
struct Td {
    v: Option<String>,
    title: Option<String>,
    text: String,
    link: Option<String>,
    flagged: bool,
}

/// The columns people read first, with names for people; the CSV names are in each header's
/// tooltip.
const WANTED: &[(&str, &str)] = &[
    ("outlet", "Outlet"),
    ("articles", "Articles"),
    ("tokens", "Words"),
    ("tone", "Tone"),
    ("tone.ci_low", "Tone 95% CI"),
    ("tone.q", "Tone q"),
    ("tone.author", "Tone, author's voice"),
    ("hedging.share", "Hedging share"),
    ("attribution.distancing.share", "Distancing share"),
    ("attribution.distancing.share.q", "Distancing q"),
    ("scare_quotes", "Scare quotes per article"),
];

/// The outlet table and its notes.
pub(super) fn table(run: &RunJson, outlets: &Table, list_articles: bool) -> Outlets {
    let col = |name: &str| outlets.col(name);
    let (outlet_col, articles_col, short_col) =
        (col("outlet"), col("articles"), col("short_articles"));
    // A whole-number cell of an outlet's row (0 when absent).
    let n = |r: &[Cell], col: Option<usize>| -> i64 {
        col.and_then(|i| r.get(i))
            .and_then(Cell::num)
            .map_or(0, |v| v as i64)
    };
    let short_of = |r: &[Cell]| n(r, short_col);
    // An outlet's articles in the statistics, when too few to be tested. An outlet of one
    // article has no interval and no test: the table says so rather than leave a blank that
    // reads as "not significant".
    let thin = |r: &[Cell]| -> Option<i64> {
        let counted = n(r, articles_col) - short_of(r);
        (counted < MIN_ARTICLES as i64).then_some(counted)
    };
    let single: Vec<&str> = outlets
        .rows
        .iter()
        .filter(|r| thin(r).is_some())
        .filter_map(|r| outlet_col.and_then(|i| r.get(i)).and_then(Cell::str))
        .collect();
    let cols: Vec<(usize, &'static str, &'static str)> = WANTED
        .iter()
        .filter_map(|&(w, label)| Some((col(w)?, w, label)))
        .collect();
    let ci_high = col("tone.ci_high");
    // `--validated`: a metric whose category's precision differs by outlet (slant validate).
    let suspect = |name: &str| col(&format!("{name}.precision_differs"));
    let marked = cols.iter().any(|&(_, name, _)| suspect(name).is_some());
    let grouped = !run.options.run.group_by.is_empty();
    let rows = outlets
        .rows
        .iter()
        .map(|r| {
            // Each cell as outlets.csv prints it.
            let printed = Table::texts(r);
            cols.iter()
                .enumerate()
                .map(|(k, &(c, name, _))| {
                    let v = printed[c].as_str();
                    let sort = |text: String| Td {
                        v: Some(v.to_owned()),
                        text,
                        ..Td::default()
                    };
                    if k == 0 {
                        // The article list is by outlet: a group of --group-by has no section
                        // to link to.
                        return Td {
                            text: v.to_owned(),
                            link: (list_articles && !grouped).then(|| anchor("o", v)),
                            ..Td::default()
                        };
                    }
                    if name == "tone.ci_low" {
                        let hi = ci_high.map_or("", |i| printed[i].as_str());
                        return sort(if !v.is_empty() {
                            format!("{v} to {hi}")
                        } else {
                            match thin(r) {
                                Some(1) => "n/a (1 article)".to_owned(),
                                Some(0) => "n/a (no article)".to_owned(),
                                _ => "—".to_owned(),
                            }
                        });
                    }
                    if name.ends_with(".q") && r[c].num() == Some(0.0) {
                        // Six decimals print a q below 0.0000005 as 0, which no q-value is.
                        return sort("< 0.000001".to_owned());
                    }
                    if name.ends_with(".q") && v.is_empty() && thin(r).is_some() {
                        return Td {
                            v: Some(String::new()),
                            title: Some(format!("not tested: fewer than {MIN_ARTICLES} articles")),
                            text: "n/a".to_owned(),
                            ..Td::default()
                        };
                    }
                    if name == "articles" && short_of(r) > 0 {
                        // The means are over the articles in the statistics: say how many of
                        // the outlet's articles those are.
                        let counted = n(r, Some(c)) - short_of(r);
                        return Td {
                            v: Some(counted.to_string()),
                            title: Some(format!(
                                "{} left out of the statistics: shorter than --min-tokens (articles.csv `excluded`)",
                                short_of(r)
                            )),
                            text: format!(
                                "{} of {}",
                                thousands(&counted.to_string()),
                                thousands(v)
                            ),
                            ..Td::default()
                        };
                    }
                    if matches!(name, "articles" | "tokens") {
                        return sort(thousands(v));
                    }
                    Td {
                        title: mean_tooltip(outlets, (r, &printed), name),
                        flagged: suspect(name).is_some_and(|i| r[i] == Cell::Flag(true)),
                        ..sort(v.to_owned())
                    }
                })
                .collect()
        })
        .collect();
    Outlets {
        group_by: run.options.run.group_by.join(" / "),
        thin: single.join(", "),
        thin_count: single.len(),
        outlets: outlets.rows.len(),
        validated: marked.then(|| {
            run.options
                .validated
                .clone()
                .unwrap_or_else(|| "--validated".to_owned())
        }),
        header: cols
            .iter()
            .map(|&(_, name, label)| Header {
                name,
                label,
                suspect: suspect(name).is_some(),
            })
            .collect(),
        rows,
    }
}

/// A mean without its own interval column: its interval and q in the tooltip, so every headline
/// figure can be judged from the table.
fn mean_tooltip(outlets: &Table, (r, printed): (&[Cell], &[String]), name: &str) -> Option<String> {
    let col = |c: &str| outlets.col(c);
    match (
        col(&format!("{name}.ci_low")),
        col(&format!("{name}.ci_high")),
        col(&format!("{name}.q")),
    ) {
        (Some(lo), Some(hi), q) if !printed[lo].is_empty() => Some(format!(
            "95% CI {} to {}{}",
            printed[lo],
            printed[hi],
            q.map_or(String::new(), |q| match r[q].num() {
                Some(0.0) => " · q < 0.000001".to_owned(),
                _ => format!(" · q {}", printed[q]),
            })
        )),
        _ => None,
    }
}
