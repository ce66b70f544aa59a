//! Sharded runs: `slant score --shard K/N` writes, beside its reports, `shard.json` — the
//! mergeable state of its articles — and `slant merge` combines N shard folders into reports
//! equal to one run over the whole corpus.
//!
//! What makes the merge exact: the aggregates are integer sums (`aggregate`), and every report row
//! carries its article's position in the input, so rows are interleaved back into input order.

use crate::aggregate::{Aggregates, GroupSums, LinkCount, Sums};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Input positions of the rows of a shard's articles.csv and skipped.csv, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    pub articles: Vec<u64>,
    pub skipped: Vec<u64>,
}

/// A metric's sums, with the 128-bit sums as decimal strings (JSON numbers lose precision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SumsJson(u64, String, String);

/// A category's terms: (lexicon, category, [(term, hits)]).
type TermsJson = (usize, usize, Vec<(String, u64)>);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct GroupJson {
    articles: u64,
    short: u64,
    metrics: Vec<SumsJson>,
    /// (actor, lexicon, category, hits, author hits)
    links: Vec<(usize, usize, usize, u64, u64)>,
    mentions: Vec<(usize, u64)>,
    /// (lexicon, category, [(term, hits)]) with terms sorted.
    terms: Vec<TermsJson>,
}

impl GroupJson {
    fn from(g: &GroupSums) -> GroupJson {
        GroupJson {
            articles: g.articles,
            short: g.short,
            metrics: g
                .metrics
                .iter()
                .map(|s| SumsJson(s.n, s.sum.to_string(), s.sumsq.to_string()))
                .collect(),
            links: g
                .links
                .iter()
                .map(|(&(a, l, c), n)| (a, l, c, n.hits, n.author))
                .collect(),
            mentions: g.mentions.iter().map(|(&a, &n)| (a, n)).collect(),
            terms: g
                .terms
                .iter()
                .map(|(&(l, c), t)| {
                    let mut v: Vec<(String, u64)> =
                        t.iter().map(|(k, n)| (k.clone(), *n)).collect();
                    v.sort();
                    (l, c, v)
                })
                .collect(),
        }
    }

    fn into_group(self) -> Result<GroupSums, String> {
        let mut g = GroupSums {
            articles: self.articles,
            short: self.short,
            ..GroupSums::default()
        };
        for SumsJson(n, sum, sumsq) in self.metrics {
            let parse = |s: &str| s.parse::<i128>().map_err(|e| format!("bad sum `{s}`: {e}"));
            g.metrics.push(Sums {
                n,
                sum: parse(&sum)?,
                sumsq: parse(&sumsq)?,
            });
        }
        for (a, l, c, hits, author) in self.links {
            g.links.insert((a, l, c), LinkCount { hits, author });
        }
        g.mentions = self.mentions.into_iter().collect();
        for (l, c, terms) in self.terms {
            g.terms.insert((l, c), terms.into_iter().collect());
        }
        Ok(g)
    }
}

/// The aggregates in a form JSON can hold (map keys that are tuples become lists).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AggregatesJson {
    min_tokens: usize,
    outlets: Vec<(String, GroupJson)>,
    stories: Vec<(String, String, GroupJson)>,
}

impl AggregatesJson {
    pub fn from(a: &Aggregates) -> AggregatesJson {
        AggregatesJson {
            min_tokens: a.min_tokens,
            outlets: a
                .outlets
                .iter()
                .map(|(k, g)| (k.clone(), GroupJson::from(g)))
                .collect(),
            stories: a
                .stories
                .iter()
                .map(|((s, o), g)| (s.clone(), o.clone(), GroupJson::from(g)))
                .collect(),
        }
    }

    pub fn into_aggregates(self) -> Result<Aggregates, String> {
        let mut a = Aggregates::new(self.min_tokens);
        for (k, g) in self.outlets {
            a.outlets.insert(k, g.into_group()?);
        }
        let mut stories = BTreeMap::new();
        for (s, o, g) in self.stories {
            stories.insert((s, o), g.into_group()?);
        }
        a.stories = stories;
        Ok(a)
    }
}

/// shard.json: what `slant merge` needs of a shard beyond its report files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardState {
    pub format: u32,
    pub shard: (u64, u64),
    /// name and SHA-256 of every lexicon file: shards of one run use the same lexicons.
    pub lexicons: Vec<(String, String)>,
    pub meta_columns: Vec<String>,
    pub min_tokens: usize,
    pub by_story: bool,
    pub top_terms: usize,
    pub no_hits: bool,
    pub inputs: Vec<String>,
    pub counts: crate::run::Counts,
    pub warnings: Vec<String>,
    pub positions: Positions,
    pub aggregates: AggregatesJson,
}

/// The version of shard.json this build writes and reads.
pub const SHARD_FORMAT: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregates_survive_json() {
        let mut g = GroupSums {
            articles: 3,
            short: 1,
            ..GroupSums::default()
        };
        g.metrics.push(Sums {
            n: 2,
            sum: -123_456_789_012_345_678_901,
            sumsq: 5,
        });
        g.links.insert((1, 2, 3), LinkCount { hits: 4, author: 2 });
        g.mentions.insert(1, 9);
        g.terms
            .entry((0, 1))
            .or_default()
            .insert("claimed".into(), 3);
        let mut a = Aggregates::new(50);
        a.outlets.insert("RT".into(), g.clone());
        a.stories.insert(("s".into(), "RT".into()), g);
        let json = serde_json::to_string(&AggregatesJson::from(&a)).unwrap();
        let back: AggregatesJson = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_aggregates().unwrap(), a);
    }
}
