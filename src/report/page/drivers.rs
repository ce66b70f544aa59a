//! The articles behind each outlet's figures: for each outlet and headline metric, the articles
//! with the lowest and the highest values (of those in the statistics: not short), kept by the
//! run as it went (`aggregate::drivers`), so that a corpus of any size has them; with their hits
//! in context (read back from the spans of hits.csv the run noted) when the page does not list
//! every article's (templates/drivers.html).

use super::kept::{DriverHits, DRIVER_HITS_SHOWN};
use super::lists::{hit_lines, HitLine};
use super::{anchor, count, thousands};
use crate::aggregate::drivers::{Driven, Named};
use serde::Serialize;
use std::collections::BTreeMap;

/// How the page names the metrics whose driving articles it shows.
const DRIVEN_LABELS: &[(&str, &str)] = &[
    ("tone", "Tone"),
    ("attribution.distancing.share", "Distancing share"),
];

/// Where the page links a driving article to: its hits listed with every article's, its own
/// hits under the driver tables, or nowhere (the page names `slant explain`).
#[derive(Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Target {
    Listed,
    Own,
    None,
}

/// What templates/drivers.html shows.
#[derive(Serialize)]
pub(super) struct Drivers<'a> {
    target: Target,
    tables: Vec<Metric<'a>>,
    own: Option<Own<'a>>,
}

#[derive(Serialize)]
struct Metric<'a> {
    label: &'a str,
    name: &'a str,
    rows: Vec<OutletRow<'a>>,
}

#[derive(Serialize)]
struct OutletRow<'a> {
    outlet: &'a str,
    lowest: End<'a>,
    highest: End<'a>,
}

/// The articles at one end; `tied` (with the value they share) where more share it than are
/// listed: those listed are the first by id, no more extreme than the rest.
#[derive(Serialize)]
struct End<'a> {
    tied: Option<String>,
    value: &'a str,
    names: Vec<Name<'a>>,
}

#[derive(Serialize)]
struct Name<'a> {
    id: &'a str,
    href: Option<String>,
    value: &'a str,
    about: &'a str,
}

#[derive(Serialize)]
struct Own<'a> {
    lexicons: String,
    articles: Vec<OwnArticle<'a>>,
}

#[derive(Serialize)]
struct OwnArticle<'a> {
    anchor: String,
    id: &'a str,
    about: &'a str,
    outlet: &'a str,
    /// Why it is named ("lowest tone (-4.9700)").
    why: String,
    shown: usize,
    of_lexicons: usize,
    all: String,
    hits: Vec<HitLine<'a>>,
    /// Its hits of the lexicons beyond those shown.
    more: Option<usize>,
}

/// The driver tables, and the named articles' hits when `target` is `Own`; `None` when no
/// outlet has a driving article. `lexicons`: those the metrics are made of (`Kept::lexicons`).
pub(super) fn drivers<'a>(
    drivers: &'a [Driven],
    target: Target,
    rows: &'a BTreeMap<String, DriverHits>,
    lexicons: &[String],
) -> Option<Drivers<'a>> {
    if drivers.iter().all(|(_, outlets)| outlets.is_empty()) {
        return None;
    }
    let href = |a: &str| match target {
        Target::Listed => Some(anchor("a", a)),
        Target::Own => Some(anchor("d", a)),
        Target::None => None,
    };
    let end = |list: &'a [Named], tied: u64| End {
        tied: (tied > list.len() as u64 && !list.is_empty()).then(|| thousands(&tied.to_string())),
        value: list.first().map_or("", |n| n.value.as_str()),
        names: list
            .iter()
            .map(|n| Name {
                id: &n.id,
                href: href(&n.id),
                value: &n.value,
                about: &n.about,
            })
            .collect(),
    };
    // The articles in the order the tables name them, each once, with its outlet and why.
    let mut named: Vec<(&Named, &str, Vec<String>)> = Vec::new();
    let mut tables = Vec::new();
    for (name, outlets) in drivers {
        if outlets.is_empty() {
            continue;
        }
        let label = DRIVEN_LABELS
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name.as_str(), |(_, l)| l);
        for ends in outlets {
            let low = ends.lowest.iter().map(|e| ("lowest", e));
            for (end, article) in low.chain(ends.highest.iter().map(|e| ("highest", e))) {
                let what = format!("{} ({})", label.to_lowercase(), article.value);
                match named.iter_mut().find(|(n, _, _)| n.id == article.id) {
                    // An outlet of few articles has one at both ends.
                    Some((_, _, whys)) if whys.last() == Some(&format!("lowest {what}")) => {
                        if let Some(last) = whys.last_mut() {
                            *last = format!("lowest and highest {what}");
                        }
                    }
                    Some((_, _, whys)) => whys.push(format!("{end} {what}")),
                    None => named.push((article, &ends.outlet, vec![format!("{end} {what}")])),
                }
            }
        }
        tables.push(Metric {
            label,
            name,
            rows: outlets
                .iter()
                .map(|e| OutletRow {
                    outlet: &e.outlet,
                    lowest: end(&e.lowest, e.low_ties),
                    highest: end(&e.highest, e.high_ties),
                })
                .collect(),
        });
    }
    let own = (target == Target::Own).then(|| Own {
        lexicons: lexicons.join(" and "),
        articles: named
            .into_iter()
            .map(|(article, outlet, whys)| {
                let a = article.id.as_str();
                let hits = rows.get(a);
                let (all, of_lexicons) = hits.map_or((0, 0), |h| (h.all, h.of_lexicons));
                let shown = hits.map_or(&[][..], |h| h.shown.as_slice());
                OwnArticle {
                    anchor: anchor("d", a),
                    id: a,
                    about: &article.about,
                    outlet,
                    why: whys.join(", "),
                    shown: shown.len(),
                    of_lexicons,
                    all: count(all as u64, "hit", "hits"),
                    hits: hit_lines(shown.iter()),
                    more: (of_lexicons > DRIVER_HITS_SHOWN)
                        .then(|| of_lexicons - DRIVER_HITS_SHOWN),
                }
            })
            .collect(),
    });
    Some(Drivers {
        target,
        tables,
        own,
    })
}
