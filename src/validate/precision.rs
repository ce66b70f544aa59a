//! Precision of each lexicon category, entry and category × outlet from one coder's verdicts,
//! with Wilson 95% intervals, and what each entry costs its category: the category's precision
//! without the entry's hits, and the gain over its precision now.

use super::agreement::wilson;
use super::coded::{Coding, Verdict};
use std::collections::BTreeMap;

/// Coded hits and how many of them were correct (unsure verdicts left out).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Count {
    pub coded: u64,
    pub correct: u64,
}

impl Count {
    pub(crate) fn precision(&self) -> Option<f64> {
        (self.coded > 0).then(|| self.correct as f64 / self.coded as f64)
    }
    pub(crate) fn interval(&self) -> Option<(f64, f64)> {
        wilson(self.correct, self.coded)
    }
}

/// `(lexicon, category)`.
pub(crate) type Category = (String, String);

/// An entry's cost to its category.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cost {
    /// The category's precision without the entry's hits (None when the entry is all of it).
    pub without: Option<f64>,
    /// `without` − the category's precision now: how much removing the entry would raise it.
    pub gain: Option<f64>,
}

/// Precision at every level.
#[derive(Debug, Default)]
pub(crate) struct Precision {
    pub categories: BTreeMap<Category, Count>,
    pub entries: BTreeMap<(Category, String), Count>,
    pub outlets: BTreeMap<(Category, String), Count>,
    /// (category, outlet) → the category's hits in that outlet in the whole run.
    pub strata: BTreeMap<(Category, String), u64>,
    pub unsure: u64,
}

impl Precision {
    pub(crate) fn of(coding: &Coding) -> Precision {
        let mut p = Precision::default();
        for r in &coding.rows {
            let correct = match r.verdict {
                Verdict::Correct => 1,
                Verdict::Wrong => 0,
                Verdict::Unsure => {
                    p.unsure += 1;
                    continue;
                }
            };
            let cat = (r.lexicon.clone(), r.category.clone());
            if let Some(n) = r.stratum_hits {
                p.strata.insert((cat.clone(), r.outlet.clone()), n);
            }
            for c in [
                p.categories.entry(cat.clone()).or_default(),
                p.entries
                    .entry((cat.clone(), r.pattern.clone()))
                    .or_default(),
                p.outlets.entry((cat, r.outlet.clone())).or_default(),
            ] {
                c.coded += 1;
                c.correct += correct;
            }
        }
        p
    }

    /// A category's precision over the whole run rather than over the sample: each outlet's
    /// precision weighted by the category's hits in that outlet (the sample gives every outlet
    /// the same number of hits). None without `stratum_hits` for every coded outlet.
    pub(crate) fn weighted(&self, cat: &Category) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for ((c, outlet), n) in &self.outlets {
            if c != cat || n.coded == 0 {
                continue;
            }
            let w = *self.strata.get(&(c.clone(), outlet.clone()))? as f64;
            num += w * n.precision()?;
            den += w;
        }
        (den > 0.0).then(|| num / den)
    }

    /// What an entry costs its category.
    pub(crate) fn cost(&self, cat: &Category, entry: &Count) -> Cost {
        let all = self.categories.get(cat).copied().unwrap_or_default();
        let rest = Count {
            coded: all.coded - entry.coded.min(all.coded),
            correct: all.correct - entry.correct.min(all.correct),
        };
        let without = rest.precision();
        Cost {
            without,
            gain: without.zip(all.precision()).map(|(w, a)| w - a),
        }
    }

    /// The entries whose removal would raise their category's precision, the largest gain
    /// first (ties: more wrong hits first, then by name).
    pub(crate) fn costly(&self) -> Vec<(&Category, &str, Count, Cost)> {
        let mut v: Vec<_> = self
            .entries
            .iter()
            .map(|((cat, pattern), c)| (cat, pattern.as_str(), *c, self.cost(cat, c)))
            .filter(|(_, _, _, cost)| cost.gain.is_some_and(|g| g > 1e-12))
            .collect();
        v.sort_by(|a, b| {
            let gain = |x: &Cost| x.gain.unwrap_or(0.0);
            gain(&b.3)
                .partial_cmp(&gain(&a.3))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then((b.2.coded - b.2.correct).cmp(&(a.2.coded - a.2.correct)))
                .then(a.0.cmp(b.0))
                .then(a.1.cmp(b.1))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::coded::Row;

    fn row(pattern: &str, outlet: &str, v: Verdict) -> Row {
        Row {
            line: 0,
            sample_id: format!("{pattern}{outlet}{v:?}"),
            article_id: "a".into(),
            start: 0,
            end: 0,
            lexicon: "attribution".into(),
            category: "distancing".into(),
            pattern: pattern.into(),
            outlet: outlet.into(),
            stratum_hits: Some(if outlet == "a" { 100 } else { 300 }),
            verdict: v,
        }
    }

    #[test]
    fn precision_and_cost_by_hand() {
        use Verdict::*;
        // claimed: 3 of 4 right; claim*: 1 of 4; alleged: 2 of 2; one unsure.
        let mut rows = Vec::new();
        for (p, o, v) in [
            ("claimed", "a", Correct),
            ("claimed", "a", Correct),
            ("claimed", "b", Correct),
            ("claimed", "b", Wrong),
            ("claim*", "a", Wrong),
            ("claim*", "b", Wrong),
            ("claim*", "b", Wrong),
            ("claim*", "a", Correct),
            ("alleged", "a", Correct),
            ("alleged", "b", Correct),
            ("alleged", "b", Unsure),
        ] {
            let mut r = row(p, o, v);
            r.sample_id = format!("{}", rows.len());
            rows.push(r);
        }
        let p = Precision::of(&Coding {
            coded: crate::validate::coded::Coded::Hits,
            path: "x".into(),
            rows,
            uncoded: 0,
        });
        let cat = ("attribution".to_owned(), "distancing".to_owned());
        assert_eq!(
            p.categories[&cat],
            Count {
                coded: 10,
                correct: 6
            }
        );
        assert_eq!(p.unsure, 1);
        assert_eq!(p.outlets[&(cat.clone(), "a".to_owned())].correct, 4);
        let costly = p.costly();
        // Without claim*: 5 of 6; with: 6 of 10.
        assert_eq!(costly.len(), 1, "{costly:?}");
        assert_eq!(costly[0].1, "claim*");
        assert!((costly[0].3.without.unwrap() - 5.0 / 6.0).abs() < 1e-12);
        assert!((costly[0].3.gain.unwrap() - (5.0 / 6.0 - 0.6)).abs() < 1e-12);
        // Outlet a: 4 of 5 right, b: 2 of 5; b has three times a's hits in the run.
        assert!((p.weighted(&cat).unwrap() - (100.0 * 0.8 + 300.0 * 0.4) / 400.0).abs() < 1e-12);
    }
}
