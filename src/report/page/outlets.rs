//! The page's outlet table: the columns people read first, with names for people, each mean's
//! interval and q in its tooltip, and n/a where an outlet has too few articles to be tested.

use super::{anchor, esc, thousands, GLOSSARY};
use crate::aggregate::stats::MIN_ARTICLES;
use crate::aggregate::table::{Cell, Table};
use crate::report::run_json::RunJson;
use std::fmt::Write;

/// The outlet table and its notes.
pub fn table(h: &mut String, run: &RunJson, outlets: &Table, list_articles: bool) {
    if !run.options.run.group_by.is_empty() {
        let _ = writeln!(
        h,
        "<p class=\"warn\">Grouped by {} (<code>--group-by</code>): every table and chart below compares these groups of articles where it says \"outlet\"; articles.csv keeps each article's outlet.</p>",
        esc(&run.options.run.group_by.join(" / "))
    );
    }
    h.push_str("<h2>Outlets</h2>\n<p>Means of the per-article values (hover a mean for its 95% interval and q). q: Welch's t-test of the outlet's articles against the articles of all other outlets pooled, Benjamini–Hochberg-adjusted over every test of the run (outlet_metrics.csv has each difference with its interval). Click a column to sort.</p>\n");
    // An outlet of one article has no interval and no test: say so rather than leave a blank
    // that reads as "not significant".
    let (outlet_col, articles_col, short_col) = (
        outlets.col("outlet"),
        outlets.col("articles"),
        outlets.col("short_articles"),
    );
    // A whole-number cell of an outlet's row (0 when absent).
    let n = |r: &[Cell], col: Option<usize>| -> i64 {
        col.and_then(|i| r.get(i))
            .and_then(Cell::num)
            .map_or(0, |v| v as i64)
    };
    let short_of = |r: &[Cell]| n(r, short_col);
    // An outlet's articles in the statistics, when too few to be tested.
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
    if !single.is_empty() {
        let _ = writeln!(
        h,
        "<p class=\"warn\">{} of {} outlets have fewer than {MIN_ARTICLES} articles in the statistics ({}): they are compared with no other outlet (no q; n/a below), and an outlet of one article has no interval either — its figure is one article's score.</p>",
        single.len(),
        outlets.rows.len(),
        esc(&single.join(", "))
    );
    }
    // The columns people read first, with names for people; the CSV names are in each header's
    // tooltip. A 95% interval is one cell; numbers sort by their value (`data-v`).
    let wanted: &[(&str, &str)] = &[
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
    let col = |name: &str| outlets.col(name);
    let cols: Vec<(usize, &str, &str)> = wanted
        .iter()
        .filter_map(|(w, label)| Some((col(w)?, *w, *label)))
        .collect();
    let ci_high = col("tone.ci_high");
    // `--validated`: a metric whose category's precision differs by outlet (slant validate).
    let suspect = |name: &str| col(&format!("{name}.precision_differs"));
    if cols.iter().any(|&(_, name, _)| suspect(name).is_some()) {
        let _ = writeln!(
        h,
        "<p class=\"warn\">Checked against a coded sample ({}): in a category behind the columns marked ⚠ the lexicon's precision differs by outlet, and a ⚠ beside a value marks an outlet where it does — that outlet's difference may be the lexicon's error, not its language (the run's warnings say which category and outlet).</p>",
        esc(run.options.validated.as_deref().unwrap_or("--validated"))
    );
    }
    h.push_str("<div class=\"wide\"><table class=\"sortable\" id=\"outlets\"><thead><tr>");
    for &(_, name, label) in &cols {
        let mark = if suspect(name).is_some() { " ⚠" } else { "" };
        let _ = write!(h, "<th title=\"{}\">{}{mark}</th>", esc(name), esc(label));
    }
    h.push_str("</tr></thead><tbody>\n");
    for r in &outlets.rows {
        // Each cell as outlets.csv prints it.
        let printed = Table::texts(r);
        h.push_str("<tr>");
        for (k, &(c, name, _)) in cols.iter().enumerate() {
            let v = printed[c].as_str();
            // The article list is by outlet: a group of --group-by has no section to link to.
            if k == 0 && list_articles && run.options.run.group_by.is_empty() {
                let _ = write!(h, "<td><a href=\"#{}\">{}</a></td>", anchor("o", v), esc(v));
            } else if k == 0 {
                let _ = write!(h, "<td>{}</td>", esc(v));
            } else if name == "tone.ci_low" {
                let hi = ci_high.map_or("", |i| printed[i].as_str());
                let text = if !v.is_empty() {
                    format!("{v} to {hi}")
                } else if let Some(n @ 0..=1) = thin(r) {
                    if n == 1 {
                        "n/a (1 article)"
                    } else {
                        "n/a (no article)"
                    }
                    .to_owned()
                } else {
                    "—".to_owned()
                };
                let _ = write!(h, "<td data-v=\"{}\">{}</td>", esc(v), esc(&text));
            } else if name.ends_with(".q") && r[c].num() == Some(0.0) {
                // Six decimals print a q below 0.0000005 as 0, which no q-value is.
                let _ = write!(h, "<td data-v=\"{}\">&lt; 0.000001</td>", esc(v));
            } else if name.ends_with(".q") && v.is_empty() && thin(r).is_some() {
                let _ = write!(
                h,
                "<td data-v=\"\" title=\"not tested: fewer than {MIN_ARTICLES} articles\">n/a</td>"
            );
            } else if name == "articles" && short_of(r) > 0 {
                // The means are over the articles in the statistics: say how many of the
                // outlet's articles those are.
                let counted = n(r, Some(c)) - short_of(r);
                let _ = write!(
                h,
                "<td data-v=\"{counted}\" title=\"{} left out of the statistics: shorter than --min-tokens (articles.csv `excluded`)\">{} of {}</td>",
                short_of(r),
                thousands(&counted.to_string()),
                thousands(v)
            );
            } else if matches!(name, "articles" | "tokens") {
                let _ = write!(h, "<td data-v=\"{}\">{}</td>", esc(v), thousands(v));
            } else {
                let flagged = suspect(name).is_some_and(|i| r[i] == Cell::Flag(true));
                mean_cell(h, outlets, (r, &printed), (name, v), flagged);
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
    h.push_str(GLOSSARY);
}

/// A mean without its own interval column: its interval and q in the tooltip, so every headline
/// figure can be judged from the table; ⚠ where `flagged` (`--validated`).
fn mean_cell(
    h: &mut String,
    outlets: &Table,
    (r, printed): (&[Cell], &[String]),
    (name, v): (&str, &str),
    flagged: bool,
) {
    let col = |c: &str| outlets.col(c);
    let tip = match (
        col(&format!("{name}.ci_low")),
        col(&format!("{name}.ci_high")),
        col(&format!("{name}.q")),
    ) {
        (Some(lo), Some(hi), q) if !printed[lo].is_empty() => format!(
            " title=\"95% CI {} to {}{}\"",
            esc(&printed[lo]),
            esc(&printed[hi]),
            q.map_or(String::new(), |q| match r[q].num() {
                Some(0.0) => " · q &lt; 0.000001".to_owned(),
                _ => format!(" · q {}", esc(&printed[q])),
            })
        ),
        _ => String::new(),
    };
    let mark = if flagged {
        " <span title=\"the lexicon's precision in a category of this metric differs in this outlet (slant validate)\">⚠</span>"
    } else {
        ""
    };
    let _ = write!(h, "<td data-v=\"{}\"{tip}>{}{mark}</td>", esc(v), esc(v));
}
