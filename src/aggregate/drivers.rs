//! The articles that drive a figure: per outlet and headline metric, the few articles with the
//! lowest and the highest values, kept as the articles are folded in (bounded whatever the
//! corpus's size) so that the report page can name them without reading articles.csv again.
//!
//! Like the sums, they merge exactly: the lowest three of a corpus are the lowest three of the
//! lowest three of its shards, with ties broken by article id.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The metrics whose driving articles the page shows, by articles.csv column name.
pub(crate) const DRIVEN: &[&str] = &["tone", "attribution.distancing.share"];

/// Articles kept per outlet, metric and end.
pub(crate) const DRIVING: usize = 3;

/// An article's fixed-point value (as printed in articles.csv) and its id.
pub(crate) type Entry = (i64, String);

/// The lowest entries, lowest first, and the highest, highest first; at most `DRIVING` each.
/// Ties: the lower id first among the lowest, the higher id first among the highest (the order
/// of the page, which sorts the pairs (value, id) one way and the other).
///
/// `low_ties` and `high_ties` count the articles at the lowest and at the highest value: where
/// more articles share an end than are kept (60 articles at a distancing share of 0), the ones
/// kept are the first by id, no more extreme than the others, and the page says so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ends {
    pub lowest: Vec<Entry>,
    pub highest: Vec<Entry>,
    pub low_ties: u64,
    pub high_ties: u64,
}

impl Ends {
    /// Folds in an article. Whether it went into either end.
    fn add(&mut self, q: i64, id: &str) -> bool {
        self.low_ties = ties(self.lowest.first(), self.low_ties, q, 1, false);
        self.high_ties = ties(self.highest.first(), self.high_ties, q, 1, true);
        self.offer(q, id)
    }

    /// Puts an article into the ends it belongs to, its ties already counted.
    fn offer(&mut self, q: i64, id: &str) -> bool {
        let low = keep(&mut self.lowest, q, id, false);
        keep(&mut self.highest, q, id, true) | low
    }

    fn merge(&mut self, o: &Ends) {
        if let Some(e) = o.lowest.first() {
            self.low_ties = ties(self.lowest.first(), self.low_ties, e.0, o.low_ties, false);
        }
        if let Some(e) = o.highest.first() {
            self.high_ties = ties(self.highest.first(), self.high_ties, e.0, o.high_ties, true);
        }
        for (q, id) in o.lowest.iter().chain(&o.highest) {
            let _ = self.offer(*q, id);
        }
    }
}

/// The articles at an end once `n` articles at value `q` join the `count` at `end` (the end's
/// first entry, if any).
fn ties(end: Option<&Entry>, count: u64, q: i64, n: u64, highest: bool) -> u64 {
    match end {
        Some(e) if e.0 == q => count + n,
        Some(e) if (q > e.0) == highest => n,
        Some(_) => count,
        None => n,
    }
}

/// Puts (q, id) in its place in `list` (ordered by (value, id), from the top if `highest`; at
/// most `DRIVING` long) if it belongs there, allocating only then. An entry already there is not
/// added again (a merge offers a shard's article once from each end). Whether it went in.
fn keep(list: &mut Vec<Entry>, q: i64, id: &str, highest: bool) -> bool {
    use std::cmp::Ordering;
    let place = |e: &Entry| {
        let o = (e.0, e.1.as_str()).cmp(&(q, id));
        if highest {
            o.reverse()
        } else {
            o
        }
    };
    if list.iter().any(|e| place(e) == Ordering::Equal) {
        return false;
    }
    let at = list
        .iter()
        .position(|e| place(e) == Ordering::Greater)
        .unwrap_or(list.len());
    if at >= DRIVING {
        return false;
    }
    list.insert(at, (q, id.to_owned()));
    list.truncate(DRIVING);
    true
}

/// An article as the page names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// Its value as articles.csv prints it.
    pub value: String,
    pub id: String,
    /// Its title and date as the corpus gives them ("Title, 2024-06-18"), or empty.
    pub about: String,
}

/// Articles for the page, in the order of their end.
pub(crate) type Shown = Vec<Named>;

/// An outlet's driving articles of one metric, for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletEnds {
    pub outlet: String,
    pub lowest: Shown,
    pub highest: Shown,
    /// Articles at the lowest and at the highest value (`Ends`).
    pub low_ties: u64,
    pub high_ties: u64,
}

/// A metric's name and, per outlet, its lowest and highest articles.
pub(crate) type Driven = (String, Vec<OutletEnds>);

/// The driving articles of a run: the metrics followed (indices into an article's values) and
/// (metric's place in `metrics`, outlet) → its ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drivers {
    pub metrics: Vec<usize>,
    pub ends: BTreeMap<(usize, String), Ends>,
    /// Article id → its title and date ("Title, 2024-06-18"), for the articles in the ends (and
    /// some that left them, dropped now and then): the page names them so, at any corpus size.
    pub described: BTreeMap<String, String>,
}

/// `Drivers` as shard.json holds them (JSON map keys cannot be pairs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriversJson {
    metrics: Vec<usize>,
    ends: Vec<(usize, String, Ends)>,
    /// Older builds: none.
    #[serde(default)]
    described: Vec<(String, String)>,
}

impl From<&Drivers> for DriversJson {
    fn from(d: &Drivers) -> DriversJson {
        DriversJson {
            metrics: d.metrics.clone(),
            ends: d
                .ends
                .iter()
                .map(|((k, o), e)| (*k, o.clone(), e.clone()))
                .collect(),
            described: {
                let mut kept = d.described.clone();
                d.retain_driving(&mut kept);
                kept.into_iter().collect()
            },
        }
    }
}

impl From<DriversJson> for Drivers {
    fn from(d: DriversJson) -> Drivers {
        Drivers {
            metrics: d.metrics,
            ends: d.ends.into_iter().map(|(k, o, e)| ((k, o), e)).collect(),
            described: d.described.into_iter().collect(),
        }
    }
}

impl Drivers {
    /// Follows the metrics named in `DRIVEN` that `names` (a run's metric columns) has.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Drivers {
        let names: Vec<&str> = names.into_iter().collect();
        Drivers {
            metrics: DRIVEN
                .iter()
                .filter_map(|d| names.iter().position(|n| n == d))
                .collect(),
            ends: BTreeMap::new(),
            described: BTreeMap::new(),
        }
    }

    /// The lexicons whose hits the followed metrics are made of ("tone" of `tone`, "attribution"
    /// of `attribution.distancing.share`); `metrics`: the run's metric names.
    pub(crate) fn lexicons(&self, metrics: &[String]) -> Vec<String> {
        let mut lexicons: Vec<String> = self
            .metrics
            .iter()
            .filter_map(|&m| metrics.get(m))
            .map(|n| n.split('.').next().unwrap_or(n).to_owned())
            .collect();
        lexicons.dedup();
        lexicons
    }

    /// Notes the title and date of an article that went into the ends (`add` said so); forgets
    /// those of articles that left them when there are many.
    pub fn describe(&mut self, id: &str, title: &str, date: &str) {
        let label = match (title.trim(), date.trim()) {
            ("", "") => return,
            (t, "") => t.to_owned(),
            ("", d) => d.to_owned(),
            (t, d) => format!("{t}, {d}"),
        };
        self.described.insert(id.to_owned(), label);
        if self.overgrown(self.described.len()) {
            let mut described = std::mem::take(&mut self.described);
            self.retain_driving(&mut described);
            self.described = described;
        }
    }

    /// Does a map of `len` articles noted as they went into the ends hold so many that those
    /// which left them again should go (`retain_driving`)? Twice the ends' places and some:
    /// bounded whatever order the articles come in, and pruned seldom.
    fn overgrown(&self, len: usize) -> bool {
        len > 2 * (self.ends.len() * 2 * DRIVING) + 64
    }

    /// Keeps in `map` (by article id) only the articles in the ends now.
    fn retain_driving<V>(&self, map: &mut BTreeMap<String, V>) {
        let ids: std::collections::HashSet<&str> = self.ids().collect();
        map.retain(|id, _| ids.contains(id.as_str()));
    }

    /// Folds in an article in the statistics: `values` as in articles.csv. Whether it is now
    /// among the driving articles (it may leave them again).
    pub fn add(&mut self, outlet: &str, id: &str, values: &[Option<i64>]) -> bool {
        let mut entered = false;
        for (k, &m) in self.metrics.iter().enumerate() {
            let Some(Some(q)) = values.get(m) else {
                continue;
            };
            entered |= match self.ends.get_mut(&(k, outlet.to_owned())) {
                Some(e) => e.add(*q, id),
                None => {
                    let mut e = Ends::default();
                    let _ = e.add(*q, id);
                    self.ends.insert((k, outlet.to_owned()), e);
                    true
                }
            };
        }
        entered
    }

    /// The ids of the driving articles (an article at both ends, or for both metrics, more
    /// than once).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ends
            .values()
            .flat_map(|e| e.lowest.iter().chain(&e.highest))
            .map(|(_, id)| id.as_str())
    }

    /// For the page: per followed metric (its name), per outlet the lowest and the highest
    /// (value as articles.csv prints it, article id).
    pub fn shown(&self, metrics: &[crate::score::metrics::Metric]) -> Vec<Driven> {
        self.metrics
            .iter()
            .enumerate()
            .filter_map(|(k, &m)| {
                let metric = metrics.get(m)?;
                let shown = |list: &[Entry]| -> Shown {
                    list.iter()
                        .map(|(q, id)| {
                            let mut v = String::new();
                            crate::score::metrics::write_fixed(&mut v, Some(*q), metric.format());
                            Named {
                                value: v,
                                id: id.clone(),
                                about: self.described.get(id).cloned().unwrap_or_default(),
                            }
                        })
                        .collect()
                };
                let outlets = self
                    .ends
                    .range((k, String::new())..(k + 1, String::new()))
                    .map(|((_, o), e)| OutletEnds {
                        outlet: o.clone(),
                        lowest: shown(&e.lowest),
                        highest: shown(&e.highest),
                        low_ties: e.low_ties,
                        high_ties: e.high_ties,
                    })
                    .collect();
                Some((metric.name.clone(), outlets))
            })
            .collect()
    }

    pub fn merge(&mut self, o: &Drivers) {
        if self.metrics.is_empty() {
            self.metrics.clone_from(&o.metrics);
        }
        for (key, e) in &o.ends {
            self.ends.entry(key.clone()).or_default().merge(e);
        }
        let mut described = std::mem::take(&mut self.described);
        described.extend(o.described.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.retain_driving(&mut described);
        self.described = described;
    }
}

/// Something of each driving article (the page keeps its hits), noted as the articles go in;
/// those that left the ends again are dropped now and then, so it stays bounded whatever order
/// the articles come in.
#[derive(Debug, Clone)]
pub(crate) struct ByDriving<T>(pub BTreeMap<String, T>);

impl<T> Default for ByDriving<T> {
    fn default() -> Self {
        ByDriving(BTreeMap::new())
    }
}

impl<T> ByDriving<T> {
    pub(crate) fn note(&mut self, id: &str, value: T, drivers: &Drivers) {
        self.0.insert(id.to_owned(), value);
        if drivers.overgrown(self.0.len()) {
            self.keep_only(drivers);
        }
    }

    /// Drops the articles that are no longer driving ones.
    pub(crate) fn keep_only(&mut self, drivers: &Drivers) {
        drivers.retain_driving(&mut self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the page showed when it read articles.csv: all values sorted one way and the
    /// other, ties by id, the first three.
    fn by_sorting(values: &[(i64, &str)]) -> Ends {
        let mut v: Vec<Entry> = values.iter().map(|&(q, id)| (q, id.to_owned())).collect();
        v.sort();
        let lowest = v.iter().take(DRIVING).cloned().collect();
        let highest = v.iter().rev().take(DRIVING).cloned().collect();
        Ends {
            lowest,
            highest,
            ..Ends::default()
        }
    }

    #[test]
    fn kept_as_they_come_they_are_the_ends_of_the_sorted_values_and_merge_alike() {
        let values = [
            (5, "e"),
            (-3, "b"),
            (5, "a"),
            (0, "c"),
            (-3, "a"),
            (9, "z"),
            (-3, "c"),
            (7, "d"),
        ];
        let names = ["tokens", "tone", "attribution.distancing.share"];
        let mut one = Drivers::new(names);
        assert_eq!(one.metrics, vec![1, 2]);
        let (mut a, mut b) = (Drivers::new(names), Drivers::new(names));
        let mut entered = Vec::new();
        for (i, &(q, id)) in values.iter().enumerate() {
            let row = [Some(100), Some(q), None];
            if one.add("RT", id, &row) {
                entered.push(id);
            }
            let _ = (if i % 3 == 0 { &mut a } else { &mut b }).add("RT", id, &row);
        }
        // Each went in while fewer than six were kept, or beyond the ends so far.
        assert_eq!(entered, ["e", "b", "a", "c", "a", "z", "c", "d"]);
        let mut ids: Vec<&str> = one.ids().collect();
        ids.sort_unstable();
        assert_eq!(ids, ["a", "b", "c", "d", "e", "z"]);
        let mut want = by_sorting(&values);
        // Three articles at the lowest value (-3), one at the highest (9).
        (want.low_ties, want.high_ties) = (3, 1);
        assert_eq!(one.ends[&(0, "RT".to_owned())], want);
        assert_eq!(want.lowest[0], (-3, "a".to_owned()));
        assert_eq!(want.highest[1], (7, "d".to_owned()));
        // No value of the second metric: no ends for it.
        assert!(!one.ends.contains_key(&(1, "RT".to_owned())));
        let mut merged = Drivers::default();
        merged.merge(&b);
        merged.merge(&a);
        assert_eq!(merged, one);
        // An outlet with fewer articles than both ends hold: each merged once per end.
        let mut small = Drivers::new(names);
        let _ = small.add("TASS", "x", &[None, Some(1), None]);
        let mut twice = Drivers::default();
        twice.merge(&small);
        twice.merge(&Drivers::default());
        assert_eq!(twice.ends[&(0, "TASS".to_owned())].lowest.len(), 1);
    }

    /// Articles in rising order each go in at the top: the spans noted stay bounded, and in
    /// the end are those of the driving articles.
    #[test]
    fn hit_spans_stay_bounded_whatever_the_order() {
        let mut d = Drivers::new(["tone"]);
        let mut spans = ByDriving::default();
        let mut most = 0;
        for i in 0..10_000i64 {
            let id = format!("a{i:05}");
            if d.add("RT", &id, &[Some(i)]) {
                spans.note(&id, (i as u64 * 10, 10), &d);
            }
            most = most.max(spans.0.len());
        }
        assert!(most <= 2 * 2 * DRIVING + 64 + 1, "{most}");
        spans.keep_only(&d);
        let kept: Vec<&str> = spans.0.keys().map(String::as_str).collect();
        assert_eq!(
            kept,
            ["a00000", "a00001", "a00002", "a09997", "a09998", "a09999"]
        );
        assert_eq!(spans.0["a09999"], (99_990, 10));
    }

    /// Titles and dates are kept for the driving articles only, bounded as the articles come,
    /// and a merge of two halves names the same articles as one run.
    #[test]
    fn driving_articles_are_described_by_title_and_date() {
        let mut one = Drivers::new(["tone"]);
        let (mut a, mut b) = (Drivers::new(["tone"]), Drivers::new(["tone"]));
        let mut most = 0;
        for i in 0..2_000i64 {
            let id = format!("a{i:05}");
            let (title, date) = (
                format!("Title {i}"),
                if i % 2 == 0 { "2024-06-18" } else { "" },
            );
            for d in [&mut one, if i % 2 == 0 { &mut a } else { &mut b }] {
                if d.add("RT", &id, &[Some(i)]) {
                    d.describe(&id, &title, date);
                }
            }
            most = most.max(one.described.len());
        }
        assert!(most <= 2 * 2 * DRIVING + 64 + 1, "{most}");
        a.merge(&b);
        let json = |d: &Drivers| serde_json::to_string(&DriversJson::from(d)).unwrap();
        assert_eq!(json(&a), json(&one));
        let shown = one.shown(&[crate::score::metrics::Metric {
            name: "tone".into(),
            kind: crate::score::metrics::Kind::Tone,
        }]);
        let low = &shown[0].1[0].lowest;
        assert_eq!(low[0].id, "a00000");
        assert_eq!(low[0].about, "Title 0, 2024-06-18");
        assert_eq!(low[1].about, "Title 1");
    }
}
