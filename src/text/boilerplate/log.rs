//! What the run says about boilerplate, summed over articles: the long lines a `line` or
//! `block` rule matched (`LongLineLog`), and per outlet the linked headlines and embedded items
//! removed (`RemovedLog`). Both are sums with the first few article ids by input position, so the
//! logs of shards merge into exactly the log of one run (shard.json keeps them).

use super::{Boilerplate, LongLine, Removed, BLOCK_TAIL_WORDS, LONG_LINE_WORDS};
use serde::{Deserialize, Serialize};

/// How many article ids a warning names.
const WARN_EXAMPLES: usize = 3;

/// Adds `(pos, id)` to `first`, which keeps the `WARN_EXAMPLES` lowest positions, sorted.
fn note_first(first: &mut Vec<(u64, String)>, pos: u64, id: &str) {
    if first.len() < WARN_EXAMPLES || first.last().is_some_and(|l| l.0 > pos) {
        first.push((pos, id.to_owned()));
        first.sort();
        first.truncate(WARN_EXAMPLES);
    }
}

/// Adds the ids of another log's `other` to `first`.
fn merge_first(first: &mut Vec<(u64, String)>, other: &[(u64, String)]) {
    first.extend(other.iter().cloned());
    first.sort();
    first.truncate(WARN_EXAMPLES);
}

/// The ids of `first` as a warning lists them: `a, b, c and 4 more` of `articles`.
fn examples(first: &[(u64, String)], articles: u64) -> String {
    let mut ids: Vec<&str> = first.iter().map(|f| f.1.as_str()).collect();
    if ids.is_empty() {
        ids.push("?");
    }
    let more = articles.saturating_sub(first.len() as u64);
    if more > 0 {
        format!("{} and {more} more", ids.join(", "))
    } else {
        ids.join(", ")
    }
}

/// The run's long lines (`LongLine`) per rule and outcome: how many articles, and the first few
/// by input position. Sums, so the logs of shards merge into the log of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongLineLog {
    /// Sorted by the rule's line in the file, then outcome.
    rules: Vec<LongLineCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct LongLineCount {
    line: u64,
    to_end: bool,
    label: String,
    articles: u64,
    /// (input position, article id) of the first `WARN_EXAMPLES` articles.
    first: Vec<(u64, String)>,
}

impl LongLineLog {
    /// Adds the long lines of the article `id` at input position `pos`.
    pub fn add(&mut self, b: &Boilerplate, long: &[LongLine], pos: u64, id: &str) {
        for n in long {
            let (label, line) = b.label(n.rule);
            let c = self.entry(line, n.to_end, label);
            c.articles += 1;
            note_first(&mut c.first, pos, id);
        }
    }

    /// Adds another log (of another shard of the same run).
    pub fn merge(&mut self, other: &LongLineLog) {
        for o in &other.rules {
            let c = self.entry(o.line, o.to_end, &o.label);
            c.articles += o.articles;
            merge_first(&mut c.first, &o.first);
        }
    }

    fn entry(&mut self, line: u64, to_end: bool, label: &str) -> &mut LongLineCount {
        let i = match self
            .rules
            .binary_search_by(|c| (c.line, c.to_end).cmp(&(line, to_end)))
        {
            Ok(i) => i,
            Err(i) => {
                self.rules.insert(
                    i,
                    LongLineCount {
                        line,
                        to_end,
                        label: label.to_owned(),
                        articles: 0,
                        first: Vec::new(),
                    },
                );
                i
            }
        };
        &mut self.rules[i]
    }

    /// One warning per rule and outcome.
    pub fn warnings(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|c| {
                let what = if c.to_end {
                    format!("left out from the match to the end of the article (at most {BLOCK_TAIL_WORDS} words, less than half of it), not the whole line")
                } else {
                    "the line was kept and only the matched text left out; if such a line is boilerplate, write a `span` rule for it".to_owned()
                };
                format!(
                    "boilerplate {} matched a line of more than {LONG_LINE_WORDS} words (a flattened article?) in {} article{} ({}): {what}",
                    c.label,
                    c.articles,
                    if c.articles == 1 { "" } else { "s" },
                    examples(&c.first, c.articles),
                )
            })
            .collect()
    }
}

/// Per outlet, the articles scored and those that had linked headlines (`runin` entries) or
/// embedded items (`embed` entries) removed: removals that guess an extent, and that differ by
/// outlet, so the run says where they happened. Sums, as `LongLineLog`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLog {
    /// Sorted by outlet.
    outlets: Vec<OutletRemoved>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct OutletRemoved {
    outlet: String,
    /// Articles of the outlet scored.
    articles: u64,
    runins: KindCount,
    embeds: KindCount,
}

/// The articles with removals of one kind, the removals, the first few articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct KindCount {
    articles: u64,
    spans: u64,
    /// (input position, article id) of the first `WARN_EXAMPLES` articles.
    first: Vec<(u64, String)>,
}

impl KindCount {
    fn add(&mut self, spans: u32, pos: u64, id: &str) {
        if spans > 0 {
            self.articles += 1;
            self.spans += u64::from(spans);
            note_first(&mut self.first, pos, id);
        }
    }

    fn merge(&mut self, other: &KindCount) {
        self.articles += other.articles;
        self.spans += other.spans;
        merge_first(&mut self.first, &other.first);
    }

    /// The warning for `outlet` of `articles` articles, if any had removals of this kind.
    fn warning(&self, outlet: &str, articles: u64, what: &str, entries: &str) -> Option<String> {
        (self.articles > 0).then(|| {
            format!(
                "{outlet}: {} of {articles} article{} had {what} removed ({} in all, by boilerplate.csv's `{entries}` entries; e.g. {}; `slant explain ID` lists them)",
                self.articles,
                if articles == 1 { "" } else { "s" },
                self.spans,
                examples(&self.first, self.articles),
            )
        })
    }
}

impl RemovedLog {
    /// Adds a scored article of `outlet` at input position `pos` with its removals.
    pub fn add(&mut self, outlet: &str, removed: Removed, pos: u64, id: &str) {
        let o = self.outlet(outlet);
        o.articles += 1;
        o.runins.add(removed.runins, pos, id);
        o.embeds.add(removed.embeds, pos, id);
    }

    /// Adds another log (of another shard of the same run).
    pub fn merge(&mut self, other: &RemovedLog) {
        for theirs in &other.outlets {
            let o = self.outlet(&theirs.outlet);
            o.articles += theirs.articles;
            o.runins.merge(&theirs.runins);
            o.embeds.merge(&theirs.embeds);
        }
    }

    fn outlet(&mut self, outlet: &str) -> &mut OutletRemoved {
        let i = match self
            .outlets
            .binary_search_by(|o| o.outlet.as_str().cmp(outlet))
        {
            Ok(i) => i,
            Err(i) => {
                let new = OutletRemoved {
                    outlet: outlet.to_owned(),
                    ..OutletRemoved::default()
                };
                self.outlets.insert(i, new);
                i
            }
        };
        &mut self.outlets[i]
    }

    /// One warning per outlet and kind that had removals, by outlet.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for o in &self.outlets {
            let (name, n) = (o.outlet.as_str(), o.articles);
            out.extend(o.runins.warning(name, n, "linked headlines", "runin"));
            out.extend(
                o.embeds
                    .warning(name, n, "embedded posts or captions", "embed"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_counts_sum_per_outlet_and_merge_like_one_run() {
        let articles = [
            (
                "A",
                Removed {
                    runins: 2,
                    embeds: 0,
                },
            ),
            ("B", Removed::default()),
            ("A", Removed::default()),
            (
                "A",
                Removed {
                    runins: 1,
                    embeds: 1,
                },
            ),
            (
                "B",
                Removed {
                    runins: 0,
                    embeds: 3,
                },
            ),
            (
                "A",
                Removed {
                    runins: 1,
                    embeds: 0,
                },
            ),
            (
                "A",
                Removed {
                    runins: 1,
                    embeds: 0,
                },
            ),
        ];
        let mut one = RemovedLog::default();
        let (mut odd, mut even) = (RemovedLog::default(), RemovedLog::default());
        for (pos, &(outlet, removed)) in articles.iter().enumerate() {
            let id = format!("a{pos}");
            one.add(outlet, removed, pos as u64, &id);
            let half = if pos % 2 == 1 { &mut odd } else { &mut even };
            half.add(outlet, removed, pos as u64, &id);
        }
        let mut merged = odd.clone();
        merged.merge(&even);
        assert_eq!(merged, one);
        assert_eq!(
            one.warnings(),
            [
                "A: 4 of 5 articles had linked headlines removed (5 in all, by boilerplate.csv's `runin` entries; e.g. a0, a3, a5 and 1 more; `slant explain ID` lists them)",
                "A: 1 of 5 articles had embedded posts or captions removed (1 in all, by boilerplate.csv's `embed` entries; e.g. a3; `slant explain ID` lists them)",
                "B: 1 of 2 articles had embedded posts or captions removed (3 in all, by boilerplate.csv's `embed` entries; e.g. a4; `slant explain ID` lists them)",
            ]
        );
    }
}
