//! Matching: every lexicon entry against an analysed article, in one pass over its tokens per
//! lexicon.
//!
//! Built once per run from the loaded lexicons. Exact words go through a hash map, prefixes
//! through one anchored aho-corasick automaton per lexicon (leftmost-longest, so the longest prefix
//! wins), phrases through an index on their first word; regex entries run on each sentence's text.
//! Inside one lexicon the longest match at a position wins (in tokens; then the more exact; then
//! the longer prefix) and its words are not matched again; lexicons match independently.

use crate::lexicon::{pattern_key, Elem, Lexicon, LexiconSet, MatchMode, Pattern};
use crate::text::Doc;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use regex::Regex;
use std::collections::HashMap;

/// Words that flip a following `negate=yes` entry. Fixed (documented in docs/lexicons.md); any
/// token ending in `n't` is a negator too.
pub const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing", "nowhere",
    "cannot", "hardly", "barely", "scarcely", "lack", "lacks", "lacked", "lacking",
];

/// How many words before a match a negator may stand.
pub const NEGATION_WINDOW: usize = 3;

pub fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}

/// One match of one lexicon entry in an article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index of the lexicon in `LexiconSet::lexicons`.
    pub lexicon: usize,
    /// Index of the entry in its lexicon.
    pub entry: usize,
    /// Tokens `tok_start..tok_end` (for a regex match: the tokens starting inside it).
    pub tok_start: u32,
    pub tok_end: u32,
    /// Byte span in the article text.
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub negated: bool,
    pub in_quote: bool,
    /// The actor the hit is linked to: a category index of the `actors` lexicon.
    pub actor: Option<usize>,
}

/// A distinct pattern of a lexicon and the entries (one per category) that share it.
type Group = Vec<usize>;

struct Phrase {
    elems: Vec<Elem>,
    case_sensitive: bool,
    group: usize,
}

/// A single-token automaton of prefixes, with the group of each of its patterns.
struct Prefixes {
    ac: AhoCorasick,
    groups: Vec<usize>,
}

impl Prefixes {
    /// `shortest`: the shortest matching prefix wins (LIWC); otherwise the longest.
    fn build(prefixes: Vec<(String, usize)>, shortest: bool) -> Option<Prefixes> {
        if prefixes.is_empty() {
            return None;
        }
        let kind = if shortest {
            MatchKind::Standard
        } else {
            MatchKind::LeftmostLongest
        };
        let ac = AhoCorasick::builder()
            .match_kind(kind)
            .start_kind(StartKind::Anchored)
            .build(prefixes.iter().map(|(p, _)| p))
            .ok()?;
        Some(Prefixes {
            ac,
            groups: prefixes.into_iter().map(|(_, g)| g).collect(),
        })
    }

    /// The group of the winning prefix of `word`, with the prefix's length.
    fn longest(&self, word: &str) -> Option<(usize, usize)> {
        let m = self.ac.find(Input::new(word).anchored(Anchored::Yes))?;
        Some((self.groups[m.pattern().as_usize()], m.end()))
    }
}

#[derive(Default)]
struct Compiled {
    /// The lexicon these entries are of.
    lexicon: usize,
    liwc: bool,
    groups: Vec<Group>,
    words: HashMap<Box<str>, usize>,
    words_cs: HashMap<Box<str>, usize>,
    prefixes: Option<Prefixes>,
    prefixes_cs: Option<Prefixes>,
    phrases: Vec<Phrase>,
    /// Phrases by their first element, when it is an exact word (lowercase / cased).
    phrase_first: HashMap<Box<str>, Vec<usize>>,
    phrase_first_cs: HashMap<Box<str>, Vec<usize>>,
    /// Phrases whose first element is a prefix: tried at every position.
    phrase_prefix_first: Vec<usize>,
    regexes: Vec<(Regex, usize)>,
}

/// The candidate match at a position: the longest wins.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    tokens: usize,
    exact_elems: usize,
    prefix_len: usize,
}

impl Compiled {
    /// Compiles the entries `entries` (indices into `lex.entries`) of lexicon number `lexicon`.
    fn new(lexicon: usize, lex: &Lexicon, entries: impl Iterator<Item = usize>) -> Compiled {
        let mut c = Compiled {
            lexicon,
            liwc: lex.mode == MatchMode::Liwc,
            ..Compiled::default()
        };
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut prefixes = Vec::new();
        let mut prefixes_cs = Vec::new();
        for i in entries {
            let e = &lex.entries[i];
            let key = pattern_key(&e.compiled);
            if let Some(&g) = by_key.get(&key) {
                c.groups[g].push(i);
                continue;
            }
            let g = c.groups.len();
            c.groups.push(vec![i]);
            by_key.insert(key, g);
            match &e.compiled {
                Pattern::Regex(re) => c.regexes.push((re.clone(), g)),
                Pattern::Words {
                    elems,
                    case_sensitive,
                } if elems.len() == 1 => {
                    let el = &elems[0];
                    match (el.prefix, case_sensitive) {
                        (false, false) => {
                            c.words.insert(el.text.as_str().into(), g);
                        }
                        (false, true) => {
                            c.words_cs.insert(el.text.as_str().into(), g);
                        }
                        (true, false) => prefixes.push((el.text.clone(), g)),
                        (true, true) => prefixes_cs.push((el.text.clone(), g)),
                    }
                }
                Pattern::Words {
                    elems,
                    case_sensitive,
                } => {
                    let p = c.phrases.len();
                    let first = &elems[0];
                    if first.prefix {
                        c.phrase_prefix_first.push(p);
                    } else if *case_sensitive {
                        c.phrase_first_cs
                            .entry(first.text.as_str().into())
                            .or_default()
                            .push(p);
                    } else {
                        c.phrase_first
                            .entry(first.text.as_str().into())
                            .or_default()
                            .push(p);
                    }
                    c.phrases.push(Phrase {
                        elems: elems.clone(),
                        case_sensitive: *case_sensitive,
                        group: g,
                    });
                }
            }
        }
        c.prefixes = Prefixes::build(prefixes, c.liwc);
        c.prefixes_cs = Prefixes::build(prefixes_cs, c.liwc);
        c
    }

    /// The best match starting at token `i`, which may not run past token `limit`.
    fn best_at(&self, doc: &Doc, i: usize, limit: usize) -> Option<(Rank, usize)> {
        let toks = &doc.tokens;
        let lower = toks.lower(i);
        let cased = toks.cased(i);
        let mut best: Option<(Rank, usize)> = None;
        let mut consider = |rank: Rank, g: usize| {
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, g));
            }
        };
        let single = |exact: usize, prefix_len: usize| Rank {
            tokens: 1,
            exact_elems: exact,
            prefix_len,
        };
        let prefix = self
            .prefixes_cs
            .as_ref()
            .and_then(|p| p.longest(cased))
            .into_iter()
            .chain(self.prefixes.as_ref().and_then(|p| p.longest(lower)));
        if self.liwc {
            // liwc-python: the shortest wildcard that matches, before any exact word.
            let shortest = prefix.min_by_key(|&(_, len)| len);
            match shortest {
                Some((g, len)) => consider(single(0, len), g),
                None => {
                    if let Some(&g) = self.words.get(lower) {
                        consider(single(1, 0), g);
                    }
                }
            }
        } else {
            if let Some(&g) = self.words_cs.get(cased) {
                consider(single(2, 0), g);
            }
            if let Some(&g) = self.words.get(lower) {
                consider(single(1, 0), g);
            }
            for (g, len) in prefix {
                consider(single(0, len), g);
            }
        }
        let candidates = self
            .phrase_first
            .get(lower)
            .into_iter()
            .chain(self.phrase_first_cs.get(cased))
            .flatten()
            .chain(self.phrase_prefix_first.iter());
        for &p in candidates {
            let ph = &self.phrases[p];
            if i + ph.elems.len() > limit {
                continue;
            }
            let all = ph.elems.iter().enumerate().all(|(k, el)| {
                let t = if ph.case_sensitive {
                    toks.cased(i + k)
                } else {
                    toks.lower(i + k)
                };
                if el.prefix {
                    t.starts_with(el.text.as_str())
                } else {
                    t == el.text
                }
            });
            if all {
                let rank = Rank {
                    tokens: ph.elems.len(),
                    exact_elems: ph.elems.iter().filter(|e| !e.prefix).count(),
                    prefix_len: 0,
                };
                consider(rank, ph.group);
            }
        }
        best
    }
}

/// Every lexicon of a run, compiled.
pub struct Matcher {
    /// One unit per lexicon, or per category of a `PerCategory` lexicon.
    units: Vec<Compiled>,
    /// Per lexicon, per entry: does negation apply?
    negate: Vec<Vec<bool>>,
}

impl Matcher {
    pub fn new(set: &LexiconSet) -> Matcher {
        let mut units = Vec::new();
        for (li, lex) in set.lexicons.iter().enumerate() {
            if lex.mode == MatchMode::PerCategory {
                for c in 0..lex.categories.len() {
                    let entries = (0..lex.entries.len()).filter(|&i| lex.entries[i].category == c);
                    units.push(Compiled::new(li, lex, entries));
                }
            } else {
                units.push(Compiled::new(li, lex, 0..lex.entries.len()));
            }
        }
        Matcher {
            units,
            negate: set
                .lexicons
                .iter()
                .map(|l| l.entries.iter().map(|e| e.negate).collect())
                .collect(),
        }
    }

    /// Appends every hit of every lexicon in `doc` to `out` (cleared first), sorted by position.
    pub fn find(&self, text: &str, doc: &Doc, out: &mut Vec<Hit>) {
        out.clear();
        for unit in &self.units {
            self.find_words(unit.lexicon, unit, doc, out);
            self.find_regexes(unit.lexicon, unit, text, doc, out);
        }
        out.sort_by_key(|h| (h.start, h.end, h.lexicon, h.entry));
    }

    fn find_words(&self, li: usize, lex: &Compiled, doc: &Doc, out: &mut Vec<Hit>) {
        if lex.groups.len() == lex.regexes.len() {
            return;
        }
        for s in &doc.sentences {
            let (first, limit) = (s.first_token as usize, s.end_token as usize);
            let mut i = first;
            while i < limit {
                let Some((rank, g)) = lex.best_at(doc, i, limit) else {
                    i += 1;
                    continue;
                };
                let end = i + rank.tokens;
                for &entry in &lex.groups[g] {
                    out.push(self.hit(li, entry, doc, i, end, first));
                }
                i = end;
            }
        }
    }

    fn find_regexes(&self, li: usize, lex: &Compiled, text: &str, doc: &Doc, out: &mut Vec<Hit>) {
        if lex.regexes.is_empty() {
            return;
        }
        let toks = &doc.tokens.list;
        for s in &doc.sentences {
            let base = s.start as usize;
            let sentence = &text[base..s.end as usize];
            for (re, g) in &lex.regexes {
                for m in re.find_iter(sentence) {
                    if m.is_empty() {
                        continue;
                    }
                    let (start, end) = (base + m.start(), base + m.end());
                    let range = &toks[s.first_token as usize..s.end_token as usize];
                    let a = s.first_token as usize
                        + range.partition_point(|t| (t.start as usize) < start);
                    let b = s.first_token as usize
                        + range.partition_point(|t| (t.start as usize) < end);
                    for &entry in &lex.groups[*g] {
                        let mut h = self.hit(li, entry, doc, a, b, s.first_token as usize);
                        h.start = start as u32;
                        h.end = end as u32;
                        h.in_quote = doc.in_quote_at(start);
                        out.push(h);
                    }
                }
            }
        }
    }

    fn hit(&self, li: usize, entry: usize, doc: &Doc, a: usize, b: usize, first: usize) -> Hit {
        let toks = &doc.tokens;
        let negated = self.negate[li][entry]
            && (a.saturating_sub(NEGATION_WINDOW).max(first)..a).any(|k| is_negator(toks.lower(k)));
        let (start, end, sentence, in_quote) = match (
            toks.list.get(a),
            b.checked_sub(1).and_then(|l| toks.list.get(l)),
        ) {
            (Some(t), Some(u)) if b > a => (t.start, u.end, t.sentence, t.in_quote),
            (Some(t), _) => (t.start, t.start, t.sentence, t.in_quote),
            _ => (0, 0, 0, false),
        };
        Hit {
            lexicon: li,
            entry,
            tok_start: a as u32,
            tok_end: b as u32,
            start,
            end,
            sentence,
            negated,
            in_quote,
            actor: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse_lexicon, LexiconSet};
    use crate::text::boilerplate::Boilerplate;
    use std::path::Path;

    fn hits(csv: &str, text: &str) -> Vec<(String, String, bool)> {
        let lex = parse_lexicon(Path::new("t.csv"), csv.as_bytes()).unwrap();
        let set = LexiconSet {
            lexicons: vec![lex],
            ..LexiconSet::default()
        };
        let m = Matcher::new(&set);
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let mut out = Vec::new();
        m.find(text, &doc, &mut out);
        out.iter()
            .map(|h| {
                let e = &set.lexicons[0].entries[h.entry];
                (
                    text[h.start as usize..h.end as usize].to_owned(),
                    e.pattern.clone(),
                    h.negated,
                )
            })
            .collect()
    }

    fn matched(csv: &str, text: &str) -> Vec<String> {
        hits(csv, text).into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn longest_match_wins_and_words_are_not_counted_again() {
        let csv = "pattern,category\naccording,a\naccording to,b\nto,c\nmilitary operation,d\nspecial military operation,d\n";
        assert_eq!(
            hits(csv, "according to a special military operation")
                .iter()
                .map(|h| h.1.as_str())
                .collect::<Vec<_>>(),
            ["according to", "special military operation"]
        );
    }

    #[test]
    fn exact_word_beats_prefix_and_longest_prefix_wins() {
        let csv = "pattern,category\nclaim*,distancing\nclaimant,neutral\ncla*,x\n";
        let h = hits(csv, "The claimant claimed and clapped.");
        let pats: Vec<_> = h.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(pats, ["claimant", "claim*", "cla*"]);
    }

    #[test]
    fn case_sensitive_pattern() {
        let csv = "pattern,category\n=US,us\n";
        assert_eq!(matched(csv, "The US told us."), ["US"]);
    }

    #[test]
    fn phrase_with_prefix_elements_and_possessive() {
        let csv = "pattern,category\nappear* to,hedge\nrussia,ru\n";
        assert_eq!(
            matched(csv, "It appears to be Russia’s move."),
            ["appears to", "Russia’s"]
        );
    }

    #[test]
    fn phrase_does_not_cross_a_sentence() {
        let csv = "pattern,category\nsaid today,x\n";
        assert!(matched(csv, "He said. Today it rained.").is_empty());
    }

    #[test]
    fn negation_within_three_words_in_the_same_sentence() {
        let csv = "pattern,category,negate\ngood,positive,yes\nbad,negative,no\n";
        let h = hits(csv, "It is not a very good deal. Not bad. No. Good.");
        assert_eq!(
            h.iter().map(|h| (h.0.as_str(), h.2)).collect::<Vec<_>>(),
            [("good", true), ("bad", false), ("Good", false)]
        );
        let h = hits(csv, "It is not a good deal, and it wasn’t good either.");
        assert_eq!(h.iter().map(|h| h.2).collect::<Vec<_>>(), [true, true]);
        // Four words away is out of reach.
        let h = hits(csv, "Not that it was a good deal.");
        assert_eq!(h.iter().map(|h| h.2).collect::<Vec<_>>(), [false]);
    }

    #[test]
    fn regex_entry_matches_sentence_text() {
        let csv = "pattern,category\nre:(?i)so[- ]called,x\n";
        assert_eq!(
            matched(csv, "The so called deal. A so-called one."),
            ["so called", "so-called"]
        );
    }
}
