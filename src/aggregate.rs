//! Per-outlet aggregates, folded one article at a time.
//!
//! The state is sums (articles, per-metric sum of values and count of defined values), so any
//! split of the corpus — threads, shards, machines — merges to the same result. Outlets are kept
//! in a sorted map: output order is by outlet name, whatever order articles arrive in.

use crate::lexicon::LexiconSet;
use crate::metrics::{fmt_value, Format, Metric};
use crate::score::ArticleScore;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletSums {
    pub articles: u64,
    /// Per metric: sum of the defined per-article values, and how many were defined.
    pub sum: Vec<f64>,
    pub defined: Vec<u64>,
}

impl OutletSums {
    pub fn merge(&mut self, other: &OutletSums) {
        self.articles += other.articles;
        self.sum.resize(other.sum.len().max(self.sum.len()), 0.0);
        self.defined.resize(self.sum.len(), 0);
        for (i, v) in other.sum.iter().enumerate() {
            self.sum[i] += v;
            self.defined[i] += other.defined[i];
        }
    }

    pub fn mean(&self, metric: usize) -> Option<f64> {
        let n = *self.defined.get(metric)?;
        (n > 0).then(|| self.sum[metric] / n as f64)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    pub outlets: BTreeMap<String, OutletSums>,
}

impl Aggregates {
    pub fn add(
        &mut self,
        outlet: &str,
        score: &ArticleScore,
        metrics: &[Metric],
        set: &LexiconSet,
    ) {
        let o = self
            .outlets
            .entry(outlet.to_owned())
            .or_insert_with(|| OutletSums {
                articles: 0,
                sum: vec![0.0; metrics.len()],
                defined: vec![0; metrics.len()],
            });
        o.articles += 1;
        for (i, m) in metrics.iter().enumerate() {
            if let Some(v) = m.value(score, set) {
                o.sum[i] += v;
                o.defined[i] += 1;
            }
        }
    }

    /// outlets.csv: one row per outlet, the mean of every metric over its articles.
    pub fn outlet_rows(&self, metrics: &[Metric]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec!["outlet".to_owned(), "articles".to_owned()];
        header.extend(metrics.iter().map(|m| m.name.clone()));
        let rows = self
            .outlets
            .iter()
            .map(|(name, o)| {
                let mut row = vec![name.clone(), o.articles.to_string()];
                row.extend((0..metrics.len()).map(|i| fmt_value(o.mean(i), Format::Fixed)));
                row
            })
            .collect();
        (header, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_halves_equal_the_whole() {
        let mut a = OutletSums {
            articles: 2,
            sum: vec![3.0, 1.0],
            defined: vec![2, 1],
        };
        let b = OutletSums {
            articles: 1,
            sum: vec![1.0, 0.0],
            defined: vec![1, 0],
        };
        a.merge(&b);
        assert_eq!(a.articles, 3);
        assert_eq!(a.mean(0), Some(4.0 / 3.0));
        assert_eq!(a.mean(1), Some(1.0));
        assert_eq!(OutletSums::default().mean(0), None);
    }
}
