//! Sharded runs: `slant score --shard K/N` writes, beside its reports, `shard.json` — the
//! mergeable state of its articles — and `slant merge` combines N shard folders into reports
//! equal to one run over the whole corpus.
//!
//! What makes the merge exact: the aggregates are integer sums (`aggregate`), and every report row
//! carries its article's position in the input, so rows are interleaved back into input order.
//!
//! What makes it safe: a shard.json names everything that decides the result — options,
//! lexicons, the corpus as the shard read it (`corpus::identity`), the SHA-256 of its own row
//! files — and carries a digest of all of it. merge refuses shards that disagree, or whose files were
//! changed after their run, instead of merging them into plausible wrong reports.

use crate::aggregate::{Aggregates, GroupSums, LinkCount, Sums};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Input positions of the rows of a shard's articles.csv and skipped.csv, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Positions {
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
    /// Articles with broken characters and with unbalanced quote marks (older builds: none).
    #[serde(default)]
    broken: u64,
    #[serde(default)]
    unbalanced: u64,
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
            broken: g.broken,
            unbalanced: g.unbalanced,
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
            broken: self.broken,
            unbalanced: self.unbalanced,
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
pub(crate) struct AggregatesJson {
    min_tokens: usize,
    outlets: Vec<(String, GroupJson)>,
    stories: Vec<(String, String, GroupJson)>,
    /// (outlet, speaker, party, quotations), as `Aggregates::quoted`.
    quoted: Vec<(String, String, String, u64)>,
    drivers: crate::aggregate::drivers::DriversJson,
    /// `--by-period` (older builds: none).
    #[serde(default)]
    periods: Vec<(String, String, GroupJson)>,
    #[serde(default)]
    dates: crate::aggregate::DateLog,
}

impl AggregatesJson {
    pub(crate) fn from(a: &Aggregates) -> AggregatesJson {
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
            quoted: a
                .quoted
                .iter()
                .flat_map(|(o, speakers)| {
                    speakers.iter().flat_map(move |(s, parties)| {
                        parties
                            .iter()
                            .map(move |(p, &n)| (o.clone(), s.clone(), p.clone(), n))
                    })
                })
                .collect(),
            periods: a
                .periods
                .iter()
                .map(|((p, o), g)| (p.clone(), o.clone(), GroupJson::from(g)))
                .collect(),
            dates: a.dates.clone(),
            drivers: (&a.drivers).into(),
        }
    }

    pub(crate) fn into_aggregates(self) -> Result<Aggregates, String> {
        let mut a = Aggregates::new(self.min_tokens);
        for (k, g) in self.outlets {
            a.outlets.insert(k, g.into_group()?);
        }
        let mut stories = BTreeMap::new();
        for (s, o, g) in self.stories {
            stories.insert((s, o), g.into_group()?);
        }
        a.stories = stories;
        for (p, o, g) in self.periods {
            a.periods.insert((p, o), g.into_group()?);
        }
        a.dates = self.dates;
        a.drivers = self.drivers.into();
        for (o, s, p, n) in self.quoted {
            *a.quoted
                .entry(o)
                .or_default()
                .entry(s)
                .or_default()
                .entry(p)
                .or_default() += n;
        }
        Ok(a)
    }
}

/// shard.json: what `slant merge` needs of a shard beyond its report files.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ShardState {
    pub format: u32,
    pub shard: (u64, u64),
    /// name and SHA-256 of every lexicon file: shards of one run use the same lexicons.
    pub lexicons: Vec<(String, String)>,
    pub meta_columns: Vec<String>,
    /// The options that change a report: merge refuses shards whose options differ.
    pub options: crate::aggregate::options::RunOptions,
    pub inputs: Vec<String>,
    pub manifest: Option<String>,
    pub lexicons_dir: String,
    pub counts: crate::aggregate::Counts,
    /// The lexicons' and the corpus's warnings (the same in every shard).
    pub warnings: Vec<String>,
    /// The shard's boilerplate long lines, summed over shards into the run's warnings.
    #[serde(default)]
    pub boilerplate_long_lines: crate::text::boilerplate::LongLineLog,
    /// The shard's linked headlines and embedded items removed per outlet, summed over shards
    /// into the run's warnings.
    #[serde(default)]
    pub boilerplate_removed: crate::text::boilerplate::RemovedLog,
    pub positions: Positions,
    pub aggregates: AggregatesJson,
    /// Rows left out of this shard's skipped.csv, by reason (`report::MAX_SKIPPED_PER_REASON`).
    pub skipped_left_out: Vec<(String, u64)>,
    /// The corpus as this shard read it, one part per input (`corpus::identity`): every shard
    /// of one run read the same.
    pub corpus: Vec<crate::corpus::identity::Part>,
    /// SHA-256 of each row file this shard wrote (articles.csv, hits.csv, quotes.csv,
    /// skipped.csv), checked by merge before it reads them.
    pub rows: Vec<(String, String)>,
    /// SHA-256 of this state as JSON with `digest` empty: a shard.json edited after its run is
    /// refused.
    pub digest: String,
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl ShardState {
    /// The digest of everything but the digest.
    pub(crate) fn compute_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut unsigned = self.clone();
        unsigned.digest = String::new();
        let json = serde_json::to_vec(&unsigned).unwrap_or_default();
        hex(&Sha256::digest(&json))
    }

    pub(crate) fn sign(mut self) -> ShardState {
        self.digest = self.compute_digest();
        self
    }
}

/// SHA-256 of each row file in `dir` (those that exist), by name.
pub(crate) fn row_digests(
    dir: &std::path::Path,
    names: impl Iterator<Item = &'static str>,
) -> std::io::Result<Vec<(String, String)>> {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    for name in names {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        let mut f = crate::files::open_regular(&path)
            .map_err(|e| std::io::Error::other(format!("cannot read {}: {e}", path.display())))?;
        let mut h = Sha256::new();
        std::io::copy(&mut f, &mut h)?;
        out.push((name.to_owned(), hex(&h.finalize())));
    }
    Ok(out)
}

/// The version of shard.json this build writes and reads. 5: the options are one object,
/// `options` (`aggregate::options::RunOptions`), where 4 had a field each; 4: the corpus
/// identity is one part per input, of the corpus's content (`corpus::identity`), where 3 had
/// one hash of file names and sizes.
pub(crate) const SHARD_FORMAT: u32 = 5;

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
        a.add_quoted(
            "RT",
            &[("Ushakov".into(), Some(0)), ("Ushakov".into(), None)],
            |c| {
                if c.is_some() {
                    "russia"
                } else {
                    ""
                }
            },
        );
        a.drivers = crate::aggregate::drivers::Drivers::new(["tone"]);
        assert!(a.drivers.add("RT", "a1", &[Some(-1234)]));
        let json = serde_json::to_string(&AggregatesJson::from(&a)).unwrap();
        let back: AggregatesJson = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_aggregates().unwrap(), a);
    }
}
