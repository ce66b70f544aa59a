//! Per-outlet aggregates, folded one article at a time, as sums that any split of the corpus
//! (threads, shards, machines) merges to exactly the same result.
//!
//! Exactness is why the sums are integers: every per-article value is taken as printed in
//! articles.csv (4 decimals) as a fixed-point integer (`metrics::to_fixed`), so sums, sums of squares and
//! everything computed from them are the same whatever the order of addition — and a reader who
//! recomputes a mean from articles.csv gets the figure slant printed. Groups are kept in sorted
//! maps: output order is by name, whatever order articles arrive in.

pub(crate) mod compare;
pub(crate) mod drivers;
pub(crate) mod options;
pub(crate) mod period;
pub(crate) mod shard;
pub(crate) mod stats;
pub(crate) mod table;
pub(crate) mod warnings;

use crate::score::ArticleScore;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

pub(crate) use crate::score::metrics::SCALE;

/// Count, sum and sum of squares of a metric's fixed-point values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub n: u64,
    pub sum: i128,
    pub sumsq: i128,
}

impl Sums {
    pub fn add(&mut self, q: i64) {
        self.n += 1;
        self.sum += q as i128;
        self.sumsq += (q as i128) * (q as i128);
    }

    pub fn merge(&mut self, o: &Sums) {
        self.n += o.n;
        self.sum += o.sum;
        self.sumsq += o.sumsq;
    }

    /// These sums without `o`'s (the rest of the corpus from the whole and one outlet).
    pub fn minus(&self, o: &Sums) -> Sums {
        Sums {
            n: self.n - o.n,
            sum: self.sum - o.sum,
            sumsq: self.sumsq - o.sumsq,
        }
    }

    /// The sum of the values.
    pub fn total(&self) -> f64 {
        self.sum as f64 / SCALE as f64
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64 / SCALE as f64)
    }

    /// The sample variance (n − 1 in the denominator), computed exactly in integers where it
    /// fits: (n·Σq² − (Σq)²) / (n(n − 1)).
    pub fn var(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as i128;
        let scale2 = (SCALE as f64) * (SCALE as f64);
        let exact = n.checked_mul(self.sumsq).and_then(|a| {
            self.sum
                .checked_mul(self.sum)
                .and_then(|b| a.checked_sub(b))
        });
        let num = match exact {
            Some(v) => v as f64,
            None => {
                let m = self.sum as f64 / self.n as f64;
                (self.sumsq as f64 - m * self.sum as f64) * self.n as f64
            }
        };
        Some((num / (self.n as f64 * (self.n - 1) as f64) / scale2).max(0.0))
    }

    pub fn sd(&self) -> Option<f64> {
        self.var().map(f64::sqrt)
    }
}

/// Hit counts of one (actor, lexicon, category): all, and in the author's voice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkCount {
    pub hits: u64,
    pub author: u64,
}

/// Everything summed over the articles of one group (an outlet, or an outlet within a story).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupSums {
    /// Articles scored, short ones included.
    pub articles: u64,
    /// Articles under the minimum length: scored, but left out of every sum below.
    pub short: u64,
    /// Articles with broken characters (articles.csv `broken_chars` above 0) and articles with
    /// a quote mark that could not be paired (`quotes_unbalanced`), short ones included: the
    /// run warns of an outlet with many (`warnings`).
    pub broken: u64,
    pub unbalanced: u64,
    /// Per metric (in `metrics::metrics` order).
    pub metrics: Vec<Sums>,
    /// (actor, lexicon, category) → hits linked to the actor.
    pub links: BTreeMap<(usize, usize, usize), LinkCount>,
    /// actor → mentions.
    pub mentions: BTreeMap<usize, u64>,
    /// (lexicon, category) → term → hits. (The inner map's order is irrelevant: terms.csv sorts.)
    pub terms: BTreeMap<(usize, usize), FxHashMap<String, u64>>,
}

impl GroupSums {
    pub fn merge(&mut self, o: &GroupSums) {
        self.articles += o.articles;
        self.short += o.short;
        self.broken += o.broken;
        self.unbalanced += o.unbalanced;
        if self.metrics.len() < o.metrics.len() {
            self.metrics.resize(o.metrics.len(), Sums::default());
        }
        for (a, b) in self.metrics.iter_mut().zip(&o.metrics) {
            a.merge(b);
        }
        for (k, v) in &o.links {
            let e = self.links.entry(*k).or_default();
            e.hits += v.hits;
            e.author += v.author;
        }
        for (k, v) in &o.mentions {
            *self.mentions.entry(*k).or_default() += v;
        }
        for (k, terms) in &o.terms {
            let mine = self.terms.entry(*k).or_default();
            for (t, n) in terms {
                *mine.entry(t.clone()).or_default() += n;
            }
        }
    }

    /// Articles in the statistics.
    pub fn counted(&self) -> u64 {
        self.articles - self.short
    }

    fn add(&mut self, values: &[Option<i64>], score: &ArticleScore, with_details: bool) {
        if self.metrics.len() < values.len() {
            self.metrics.resize(values.len(), Sums::default());
        }
        for (s, v) in self.metrics.iter_mut().zip(values) {
            if let Some(q) = *v {
                s.add(q);
            }
        }
        if !with_details {
            return;
        }
        for l in &score.links {
            let e = self
                .links
                .entry((l.actor, l.lexicon, l.category))
                .or_default();
            e.hits += l.hits;
            e.author += l.author;
        }
        for &a in &score.mentions {
            *self.mentions.entry(a).or_default() += 1;
        }
        for (lexicon, category, t) in score.terms.iter() {
            let terms = self.terms.entry((lexicon, category)).or_default();
            match terms.get_mut(t) {
                Some(n) => *n += 1,
                None => {
                    terms.insert(t.to_owned(), 1);
                }
            }
        }
    }
}

/// The articles `--by-period` could not place in a period: how many had no date, how many a
/// date slant cannot read, and the first of those in input order (so that shards merge into the
/// list of one run).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DateLog {
    pub undated: u64,
    pub unread: u64,
    /// (input position, article id, the date as written), the first `DateLog::KEEP`.
    pub first: Vec<(u64, String, String)>,
}

impl DateLog {
    pub const KEEP: usize = 5;

    pub fn unread_date(&mut self, pos: u64, id: &str, date: &str) {
        self.unread += 1;
        self.first.push((pos, id.to_owned(), date.to_owned()));
        self.first.sort();
        self.first.truncate(Self::KEEP);
    }

    pub fn merge(&mut self, o: &DateLog) {
        self.undated += o.undated;
        self.unread += o.unread;
        self.first.extend(o.first.iter().cloned());
        self.first.sort();
        self.first.truncate(Self::KEEP);
    }
}

/// An outlet and its most quoted speakers: (speaker, party or "", quotations).
pub(crate) type Quoted = (String, Vec<(String, String, u64)>);

/// The aggregates of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregates {
    /// Articles with fewer tokens are scored but left out of the statistics.
    pub min_tokens: usize,
    pub outlets: BTreeMap<String, GroupSums>,
    /// (story, outlet) → metric sums; filled only when comparing by story.
    pub stories: BTreeMap<(String, String), GroupSums>,
    /// (period, outlet) → metric sums; filled only under `--by-period`.
    pub periods: BTreeMap<(String, String), GroupSums>,
    /// The dates `--by-period` could not place.
    pub dates: DateLog,
    /// outlet → named speaker of its quotations → party (an actor category, "" for none) →
    /// quotations: who each outlet quotes, and the speakers without a party (what to add to
    /// actors.csv). One entry per distinct speaker: a corpus's speakers, not its articles.
    pub quoted: BTreeMap<String, BTreeMap<String, BTreeMap<String, u64>>>,
    /// Per outlet and headline metric, the articles with the lowest and highest values.
    pub drivers: drivers::Drivers,
}

impl Aggregates {
    pub fn new(min_tokens: usize) -> Aggregates {
        Aggregates {
            min_tokens,
            ..Aggregates::default()
        }
    }

    /// Folds in one scored article; `values` are its metric values as printed in articles.csv.
    /// Whether the article is now among those that drive an outlet's figures (`drivers`).
    pub fn add(
        &mut self,
        outlet: &str,
        id: &str,
        story: Option<&str>,
        values: &[Option<i64>],
        score: &ArticleScore,
    ) -> bool {
        let short = score.tokens < self.min_tokens;
        // Looked up before an entry is made: a corpus has few outlets and many articles.
        if !self.outlets.contains_key(outlet) {
            self.outlets.insert(outlet.to_owned(), GroupSums::default());
        }
        let Some(group) = self.outlets.get_mut(outlet) else {
            return false;
        };
        group.articles += 1;
        if short {
            group.short += 1;
            return false;
        }
        group.add(values, score, true);
        let driving = self.drivers.add(outlet, id, values);
        if let Some(story) = story.filter(|s| !s.is_empty()) {
            let g = self
                .stories
                .entry((story.to_owned(), outlet.to_owned()))
                .or_default();
            g.articles += 1;
            g.add(values, score, false);
        }
        driving
    }

    /// Counts an article of `outlet` (folded in with `add` already) that has broken characters
    /// or unbalanced quote marks.
    pub fn add_text_flags(&mut self, outlet: &str, broken: bool, unbalanced: bool) {
        if let Some(g) = self.outlets.get_mut(outlet) {
            g.broken += u64::from(broken);
            g.unbalanced += u64::from(unbalanced);
        }
    }

    /// Folds a counted article into its period (`add` decides whether it is counted: an
    /// article too short for the statistics is in no period either).
    pub fn add_period(
        &mut self,
        period: &str,
        outlet: &str,
        values: &[Option<i64>],
        score: &ArticleScore,
    ) {
        if score.tokens < self.min_tokens {
            return;
        }
        let g = self
            .periods
            .entry((period.to_owned(), outlet.to_owned()))
            .or_default();
        g.articles += 1;
        g.add(values, score, false);
    }

    pub fn merge(&mut self, o: &Aggregates) {
        for (k, v) in &o.outlets {
            self.outlets.entry(k.clone()).or_default().merge(v);
        }
        for (k, v) in &o.stories {
            self.stories.entry(k.clone()).or_default().merge(v);
        }
        for (k, v) in &o.periods {
            self.periods.entry(k.clone()).or_default().merge(v);
        }
        self.dates.merge(&o.dates);
        self.drivers.merge(&o.drivers);
        for (outlet, speakers) in &o.quoted {
            let mine = self.quoted.entry(outlet.clone()).or_default();
            for (speaker, parties) in speakers {
                let mine = mine.entry(speaker.clone()).or_default();
                for (party, n) in parties {
                    *mine.entry(party.clone()).or_default() += n;
                }
            }
        }
    }

    /// Counts the named speakers of an outlet's article's quotations with their party (the
    /// name `party` gives an actor category). Looks up before it allocates: most speakers of a
    /// corpus are quoted again and again.
    pub fn add_quoted<'a>(
        &mut self,
        outlet: &str,
        speakers: &[(String, Option<usize>)],
        party: impl Fn(Option<usize>) -> &'a str,
    ) {
        if speakers.is_empty() {
            return;
        }
        if !self.quoted.contains_key(outlet) {
            self.quoted.insert(outlet.to_owned(), BTreeMap::new());
        }
        let Some(by_speaker) = self.quoted.get_mut(outlet) else {
            return;
        };
        for (name, actor) in speakers {
            if !by_speaker.contains_key(name) {
                by_speaker.insert(name.clone(), BTreeMap::new());
            }
            let Some(by_party) = by_speaker.get_mut(name) else {
                continue;
            };
            let party = party(*actor);
            match by_party.get_mut(party) {
                Some(n) => *n += 1,
                None => {
                    by_party.insert(party.to_owned(), 1);
                }
            }
        }
    }

    /// Per outlet (in name order), its most quoted speakers with their party, most quotations
    /// first (ties by speaker, then party), at most `top` of them.
    pub fn top_quoted(&self, top: usize) -> Vec<Quoted> {
        self.quoted
            .iter()
            .map(|(outlet, speakers)| {
                let mut list: Vec<(&String, &String, u64)> = speakers
                    .iter()
                    .flat_map(|(s, parties)| parties.iter().map(move |(p, &n)| (s, p, n)))
                    .collect();
                // Stable: the (speaker, party) order of the maps breaks ties.
                list.sort_by_key(|&(_, _, n)| std::cmp::Reverse(n));
                let list = list
                    .into_iter()
                    .take(top)
                    .map(|(s, p, n)| (s.clone(), p.clone(), n))
                    .collect();
                (outlet.clone(), list)
            })
            .collect()
    }

    /// The named speakers with no actor, most quotations first (ties by name), at most `top`.
    pub fn top_unlisted_speakers(&self, top: usize) -> Vec<(String, u64)> {
        let mut unlisted: BTreeMap<&String, u64> = BTreeMap::new();
        for speakers in self.quoted.values() {
            for (name, parties) in speakers {
                if !crate::quotations::names_someone(name) {
                    continue;
                }
                if let Some(&n) = parties.get("") {
                    *unlisted.entry(name).or_default() += n;
                }
            }
        }
        let mut list: Vec<(&String, u64)> = unlisted.into_iter().collect();
        // Stable: the name order of the map breaks ties.
        list.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        list.into_iter()
            .take(top)
            .map(|(k, n)| (k.clone(), n))
            .collect()
    }

    /// All outlets together.
    pub fn total(&self) -> GroupSums {
        let mut t = GroupSums::default();
        for g in self.outlets.values() {
            t.merge(g);
        }
        t
    }
}

/// What one run counted, for run.json and the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Counts {
    pub articles_in: u64,
    pub scored: u64,
    pub skipped: u64,
    /// Lexicon matches: the rows of hits.csv but the scare quotes.
    pub hits: u64,
    /// Quotations of kind scare: hits.csv has a row for each too (lexicon `scare_quotes`).
    #[serde(default)]
    pub scare_quotes: u64,
    pub tokens: u64,
    pub repaired: u64,
}

impl Counts {
    pub(crate) fn add(&mut self, o: &Counts) {
        self.articles_in += o.articles_in;
        self.scored += o.scored;
        self.skipped += o.skipped;
        self.hits += o.hits;
        self.scare_quotes += o.scare_quotes;
        self.tokens += o.tokens;
        self.repaired += o.repaired;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Speakers without a party: named ones, summed over outlets; not a role noun with no name.
    #[test]
    fn unlisted_speakers_are_names() {
        let mut a = Aggregates::new(50);
        let party = |c: Option<usize>| if c.is_some() { "russia" } else { "" };
        let sp = |n: &str, c: Option<usize>| (n.to_owned(), c);
        a.add_quoted(
            "RT",
            &[
                sp("Kirby", None),
                sp("spokesman", None),
                sp("Peskov", Some(0)),
            ],
            party,
        );
        a.add_quoted("TASS", &[sp("Kirby", None), sp("Merkel", None)], party);
        assert_eq!(
            a.top_unlisted_speakers(5),
            [("Kirby".to_owned(), 2), ("Merkel".to_owned(), 1)]
        );
        let rt = &a.top_quoted(8)[0];
        assert_eq!(rt.0, "RT");
        assert_eq!(rt.1.len(), 3);
    }

    #[test]
    fn sums_give_exact_mean_and_variance() {
        // Values 0.1, 0.2, 0.15: mean 0.15, variance 0.0025 (by hand).
        let mut s = Sums::default();
        for q in [1000, 2000, 1500] {
            s.add(q);
        }
        assert_eq!(s.mean(), Some(0.15));
        assert!((s.var().unwrap() - 0.0025).abs() < 1e-15);
        assert_eq!(Sums::default().mean(), None);
    }

    #[test]
    fn merged_halves_equal_the_whole() {
        let values = [3, -7, 12_000, 5, 99_999, -1];
        let mut whole = Sums::default();
        values.iter().for_each(|&q| whole.add(q));
        let (mut a, mut b) = (Sums::default(), Sums::default());
        values[..2].iter().for_each(|&q| a.add(q));
        values[2..].iter().for_each(|&q| b.add(q));
        a.merge(&b);
        assert_eq!(a, whole);
        assert_eq!(whole.minus(&b).mean(), Some(-4.0 / 2.0 / SCALE as f64));
    }
}
