//! Matching: every lexicon entry against an analysed article, in one pass over its tokens.
//!
//! Built once per run from the loaded lexicons into one index for all of them: each word form is
//! looked up once (FxHash map from the form to what it begins in each lexicon: a single-word
//! entry, a phrase), and its prefixes are found by one anchored aho-corasick search over the
//! prefix patterns of every lexicon — so the cost per token does not grow with the number of
//! lexicons or entries. Regex entries run on each sentence's text.
//!
//! Inside one lexicon the longest match at a position wins (in tokens; then the more exact; then
//! the longer prefix) and its words are not matched again; lexicons match independently. LIWC
//! dictionaries rank the shortest wildcard first (`MatchMode::Liwc`), and a `PerCategory`
//! lexicon is one unit per category.

use crate::lexicon::{pattern_key, Elem, Lexicon, LexiconSet, MatchMode, Pattern};
use crate::text::Doc;
use regex::Regex;
use rustc_hash::FxHashMap;
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

/// One unit of matching: a lexicon, or one category of a `PerCategory` lexicon. Inside a unit
/// matches compete (longest wins); units match independently.
struct Unit {
    lexicon: usize,
    liwc: bool,
    groups: Vec<Group>,
    phrases: Vec<Phrase>,
    regexes: Vec<(Regex, usize)>,
    /// The regexes' whole-article screen (`lexicon::screen`): most articles need no search per
    /// sentence.
    screen: Option<Regex>,
}

/// What a word form starts in one unit.
#[derive(Clone, Copy)]
enum Role {
    /// The whole of a single-word pattern.
    Exact { unit: u32, group: u32 },
    /// The first word of a phrase.
    PhraseFirst { unit: u32, phrase: u32 },
    /// The first word of phrases indexed by their first two words (`Index::pairs`): with large
    /// lexicons a common word ("the") begins hundreds of phrases, and trying each would be slow.
    PairFirst,
}

/// Prefix patterns of every unit in one byte trie: all prefixes of a word are found in one walk
/// over its bytes, however many lexicons and prefixes there are.
struct Prefixes {
    /// Node 0 is the root. Children sorted by byte.
    nodes: Vec<TrieNode>,
    /// The root's children as a table by byte (0: none), the one lookup every token makes.
    root: Box<[u32; 256]>,
    /// Per pattern: unit, group, and whether it begins a phrase (then `group` is the phrase).
    targets: Vec<(u32, u32, bool)>,
}

#[derive(Default)]
struct TrieNode {
    children: Vec<(u8, u32)>,
    /// Patterns that end at this node.
    ends: Vec<u32>,
}

impl Prefixes {
    fn build(prefixes: Vec<(String, u32, u32, bool)>) -> Option<Prefixes> {
        if prefixes.is_empty() {
            return None;
        }
        let mut nodes = vec![TrieNode::default()];
        let mut targets = Vec::with_capacity(prefixes.len());
        for (text, u, g, ph) in prefixes {
            let mut at = 0usize;
            for &b in text.as_bytes() {
                at = match nodes[at].children.binary_search_by_key(&b, |c| c.0) {
                    Ok(k) => nodes[at].children[k].1 as usize,
                    Err(k) => {
                        let id = nodes.len() as u32;
                        nodes[at].children.insert(k, (b, id));
                        nodes.push(TrieNode::default());
                        id as usize
                    }
                };
            }
            nodes[at].ends.push(targets.len() as u32);
            targets.push((u, g, ph));
        }
        let mut root = Box::new([0u32; 256]);
        for &(b, id) in &nodes[0].children {
            root[b as usize] = id;
        }
        Some(Prefixes {
            nodes,
            root,
            targets,
        })
    }

    fn child(&self, at: usize, b: u8) -> Option<usize> {
        if at == 0 {
            return match self.root[b as usize] {
                0 => None,
                id => Some(id as usize),
            };
        }
        let children = &self.nodes[at].children;
        // Most nodes have a few children: a scan beats a binary search there.
        if children.len() <= 8 {
            children.iter().find(|c| c.0 == b).map(|c| c.1 as usize)
        } else {
            children
                .binary_search_by_key(&b, |c| c.0)
                .ok()
                .map(|k| children[k].1 as usize)
        }
    }

    /// Calls `f(unit, group or phrase, is phrase, prefix length)` for every prefix pattern that
    /// `word` starts with, shortest first.
    fn each(&self, word: &str, mut f: impl FnMut(u32, u32, bool, usize)) {
        let mut at = 0usize;
        for (i, &b) in word.as_bytes().iter().enumerate() {
            match self.child(at, b) {
                Some(next) => at = next,
                None => return,
            }
            for &t in &self.nodes[at].ends {
                let (u, g, ph) = self.targets[t as usize];
                f(u, g, ph, i + 1);
            }
        }
    }
}

/// The rank of a candidate match at a position: the highest wins.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    tokens: usize,
    exact_elems: usize,
    prefix_len: usize,
}

/// Per-word lookups of every unit at once: one hash lookup per form and one automaton search,
/// however many lexicons and entries there are.
#[derive(Default)]
struct Index {
    lower: FxHashMap<Box<str>, Vec<Role>>,
    cased: FxHashMap<Box<str>, Vec<Role>>,
    /// Some case-sensitive key has no capital letter.
    cased_lowercase: bool,
    /// Case-insensitive phrases whose first two words are exact, by `first \u{1} second`: an
    /// index into `pair_lists`.
    pairs: FxHashMap<Box<str>, u32>,
    /// Per pair of first words: its phrases, as (unit, phrase).
    pair_lists: Vec<Vec<(u32, u32)>>,
    prefixes: Option<Prefixes>,
    prefixes_cs: Option<Prefixes>,
}

/// Every lexicon of a run, compiled.
pub struct Matcher {
    units: Vec<Unit>,
    index: Index,
    /// Per lexicon, per entry: does negation apply?
    negate: Vec<Vec<bool>>,
    /// Per lexicon, per entry: is it an exception (category `-`), whose matches take their words
    /// from the other entries and are then dropped?
    exception: Vec<Vec<bool>>,
    /// Keep the hits of exceptions (for `check --corpus`, which shows what each entry catches).
    pub keep_exceptions: bool,
}

/// What a word is a candidate for wherever it stands (`Matcher::lookup_word`).
#[derive(Clone, Copy)]
enum Cand {
    /// A single-word entry (exact or prefix) of `unit`, with its rank.
    Word { unit: u32, group: u32, rank: Rank },
    /// A phrase of `unit` that may begin here: checked against the next tokens.
    Phrase { unit: u32, phrase: u32 },
    /// Phrases indexed by their first two words.
    Pair,
}

/// `Scratch::memo` of a word not looked up yet.
const UNKNOWN: (u32, u32) = (u32::MAX, 0);

/// Per-article scratch of `Matcher::find`, reused by a worker.
#[derive(Default)]
pub struct Scratch {
    /// Per word id of the worker's `Tokens`: its candidates, a range of `cands`.
    memo: Vec<(u32, u32)>,
    cands: Vec<Cand>,
    /// Per word id: 0 not known yet, 1 not a negator, 2 a negator.
    negators: Vec<u8>,
    /// The `Tokens::generation` the word ids of `memo` and `negators` belong to.
    memo_generation: u64,
    /// Per unit: the token where its scan may resume (after its last match).
    next_free: Vec<usize>,
    /// Per unit: the best candidate at the current token.
    best: Vec<Option<(Rank, usize)>>,
    touched: Vec<usize>,
    /// The key of a two-word lookup in `Index::pairs`.
    pair: String,
    /// Per two word ids (first word's id in the high half): their `Index::pair_lists` entry, or
    /// `NO_PAIR`. Words like "the" and "of" begin phrases, so a third of news tokens need this.
    pair_memo: FxHashMap<u64, u32>,
}

/// `Scratch::pair_memo` of two words that begin no phrase together.
const NO_PAIR: u32 = u32::MAX;

/// `Scratch::pair_memo` is forgotten past this many pairs, to bound a worker's memory; it is
/// rebuilt as the text goes on. The number is what a table of 262,144 buckets holds at its 7/8
/// load: 4.5 MB (16 bytes and a control byte a bucket), never grown past.
const MAX_PAIRS: usize = 7 << 15;

impl Scratch {
    /// Forgets what was remembered per word id when `doc`'s tokens name another vocabulary.
    fn same_vocabulary(&mut self, doc: &Doc) {
        if self.memo_generation != doc.tokens.generation {
            self.memo.clear();
            self.cands.clear();
            self.negators.clear();
            self.pair_memo.clear();
            self.memo_generation = doc.tokens.generation;
        }
    }

    /// Is token `k` a negator? Decided once per word.
    fn negator(&mut self, doc: &Doc, k: usize) -> bool {
        self.same_vocabulary(doc);
        let w = doc.tokens.list[k].word as usize;
        if self.negators.len() <= w {
            self.negators.resize(doc.tokens.words.len().max(w + 1), 0);
        }
        if self.negators[w] == 0 {
            self.negators[w] = 1 + u8::from(is_negator(doc.tokens.lower(k)));
        }
        self.negators[w] == 2
    }
}

impl Matcher {
    pub fn new(set: &LexiconSet) -> Matcher {
        let mut units = Vec::new();
        let mut index = Index::default();
        let mut prefixes = Vec::new();
        let mut prefixes_cs = Vec::new();
        for (li, lex) in set.lexicons.iter().enumerate() {
            let subsets: Vec<Vec<usize>> = if lex.mode == MatchMode::PerCategory {
                (0..lex.categories.len())
                    .map(|c| {
                        (0..lex.entries.len())
                            .filter(|&i| lex.entries[i].category == c)
                            .collect()
                    })
                    .collect()
            } else {
                vec![(0..lex.entries.len()).collect()]
            };
            for entries in subsets {
                let u = units.len() as u32;
                let unit = compile_unit(
                    li,
                    lex,
                    &entries,
                    u,
                    &mut index,
                    &mut prefixes,
                    &mut prefixes_cs,
                );
                units.push(unit);
            }
        }
        index.cased_lowercase = index
            .cased
            .keys()
            .any(|k| !k.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80));
        index.prefixes = Prefixes::build(prefixes);
        index.prefixes_cs = Prefixes::build(prefixes_cs);
        Matcher {
            units,
            index,
            negate: set
                .lexicons
                .iter()
                .map(|l| l.entries.iter().map(|e| e.negate).collect())
                .collect(),
            exception: set
                .lexicons
                .iter()
                .map(|l| l.entries.iter().map(|e| e.is_exception()).collect())
                .collect(),
            keep_exceptions: false,
        }
    }

    /// Appends every hit of every lexicon in `doc` to `out` (cleared first), sorted by position.
    pub fn find(&self, text: &str, doc: &Doc, out: &mut Vec<Hit>) {
        self.find_with(text, doc, out, &mut Scratch::default());
    }

    /// `find` with a caller's scratch buffers, so that matching allocates nothing per article.
    pub fn find_with(&self, text: &str, doc: &Doc, out: &mut Vec<Hit>, scratch: &mut Scratch) {
        out.clear();
        self.find_words(doc, out, scratch);
        for unit in &self.units {
            if !unit.regexes.is_empty() {
                self.find_regexes(unit.lexicon, unit, text, doc, out, scratch);
            }
        }
        sort_hits(out);
    }

    /// One pass over the tokens for all units: at each token, the candidates of every unit whose
    /// last match has ended; the best one per unit is taken and that unit skips its words.
    fn find_words(&self, doc: &Doc, out: &mut Vec<Hit>, sc: &mut Scratch) {
        let n = self.units.len();
        sc.next_free.clear();
        sc.next_free.resize(n, 0);
        sc.best.clear();
        sc.best.resize(n, None);
        for s in &doc.sentences {
            let (first, limit) = (s.first_token as usize, s.end_token as usize);
            for i in first..limit {
                self.candidates(doc, i, limit, sc);
                for k in 0..sc.touched.len() {
                    let u = sc.touched[k];
                    let Some((rank, g)) = sc.best[u].take() else {
                        continue;
                    };
                    let unit = &self.units[u];
                    let end = i + rank.tokens;
                    for &entry in &unit.groups[g] {
                        if self.keep_exceptions || !self.exception[unit.lexicon][entry] {
                            out.push(self.hit(unit.lexicon, entry, doc, i, end, first, sc));
                        }
                    }
                    sc.next_free[u] = end;
                }
                sc.touched.clear();
            }
        }
    }

    /// Fills `sc.best` with each free unit's best candidate at token `i` (phrases may not run past
    /// `limit`) and lists the units in `sc.touched`.
    fn candidates(&self, doc: &Doc, i: usize, limit: usize, sc: &mut Scratch) {
        let (a, b) = self.word_candidates(doc, i, sc);
        let consider = |sc: &mut Scratch, u: usize, rank: Rank, g: usize| {
            if sc.next_free[u] > i {
                return;
            }
            match sc.best[u] {
                None => {
                    sc.best[u] = Some((rank, g));
                    sc.touched.push(u);
                }
                Some((r, _)) if rank > r => sc.best[u] = Some((rank, g)),
                _ => {}
            }
        };
        for k in a..b {
            match sc.cands[k] {
                Cand::Word { unit, group, rank } => {
                    consider(sc, unit as usize, rank, group as usize)
                }
                Cand::Phrase { unit, phrase } => {
                    if let Some(rank) = self.phrase_at(unit, phrase, doc, i, limit) {
                        let group = self.units[unit as usize].phrases[phrase as usize].group;
                        consider(sc, unit as usize, rank, group);
                    }
                }
                Cand::Pair if i + 1 < limit => {
                    let list = self.pair_list(doc, i, sc);
                    if list == NO_PAIR {
                        continue;
                    }
                    for &(unit, phrase) in &self.index.pair_lists[list as usize] {
                        if let Some(rank) = self.phrase_at(unit, phrase, doc, i, limit) {
                            let group = self.units[unit as usize].phrases[phrase as usize].group;
                            consider(sc, unit as usize, rank, group);
                        }
                    }
                }
                Cand::Pair => {}
            }
        }
    }

    /// The phrases indexed by tokens `i` and `i + 1` (an index into `Index::pair_lists`, or
    /// `NO_PAIR`): looked up once per two word ids, then remembered.
    fn pair_list(&self, doc: &Doc, i: usize, sc: &mut Scratch) -> u32 {
        let toks = &doc.tokens;
        let key = (toks.list[i].word as u64) << 32 | toks.list[i + 1].word as u64;
        if let Some(&list) = sc.pair_memo.get(&key) {
            return list;
        }
        sc.pair.clear();
        sc.pair.push_str(toks.lower(i));
        sc.pair.push('\u{1}');
        sc.pair.push_str(toks.lower(i + 1));
        let list = self
            .index
            .pairs
            .get(sc.pair.as_str())
            .copied()
            .unwrap_or(NO_PAIR);
        if sc.pair_memo.len() >= MAX_PAIRS {
            sc.pair_memo.clear();
        }
        sc.pair_memo.insert(key, list);
        list
    }

    /// The candidates token `i`'s word brings wherever it stands, as a range of `sc.cands`: looked
    /// up once per distinct word a worker meets (`Tokens` gives each its id), then remembered.
    fn word_candidates(&self, doc: &Doc, i: usize, sc: &mut Scratch) -> (usize, usize) {
        let toks = &doc.tokens;
        sc.same_vocabulary(doc);
        let w = toks.list[i].word as usize;
        if sc.memo.len() <= w {
            sc.memo.resize(toks.words.len().max(w + 1), UNKNOWN);
        }
        if sc.memo[w] == UNKNOWN {
            let start = sc.cands.len();
            self.lookup_word(toks.lower(i), toks.cased(i), &mut sc.cands);
            sc.memo[w] = (start as u32, sc.cands.len() as u32);
        }
        let (a, b) = sc.memo[w];
        (a as usize, b as usize)
    }

    /// Appends what a word with these matching forms is a candidate for: its exact entries and
    /// the phrases it may begin (lowercased, then case-kept), then the prefixes it starts with
    /// (shortest first). The order is the order candidates are considered in, so ties between
    /// equal ranks fall the same way every time.
    fn lookup_word(&self, lower: &str, cased: &str, out: &mut Vec<Cand>) {
        // Case-sensitive entries are looked up only for words with a capital, unless some
        // case-sensitive entry is itself all lowercase.
        let cased_roles = if !self.index.cased.is_empty()
            && (self.index.cased_lowercase
                || cased.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80))
        {
            self.index.cased.get(cased)
        } else {
            None
        };
        let roles = self
            .index
            .lower
            .get(lower)
            .into_iter()
            .map(|r| (r, false))
            .chain(cased_roles.into_iter().map(|r| (r, true)));
        for (list, cs) in roles {
            for role in list {
                out.push(match *role {
                    Role::Exact { unit, group } => {
                        let liwc = self.units[unit as usize].liwc;
                        let exact = if cs { 2 } else { 1 };
                        // LIWC: any matching wildcard goes before an exact word.
                        let rank = Rank {
                            tokens: 1,
                            exact_elems: if liwc { 0 } else { exact },
                            prefix_len: 0,
                        };
                        Cand::Word { unit, group, rank }
                    }
                    Role::PhraseFirst { unit, phrase } => Cand::Phrase { unit, phrase },
                    Role::PairFirst => Cand::Pair,
                });
            }
        }
        for (p, word) in [
            (&self.index.prefixes, lower),
            (&self.index.prefixes_cs, cased),
        ] {
            let Some(p) = p else { continue };
            p.each(word, |unit, g, is_phrase, len| {
                if is_phrase {
                    out.push(Cand::Phrase { unit, phrase: g });
                    return;
                }
                let rank = if self.units[unit as usize].liwc {
                    // The shortest wildcard wins, before any exact word.
                    Rank {
                        tokens: 1,
                        exact_elems: 1,
                        prefix_len: usize::MAX - len,
                    }
                } else {
                    Rank {
                        tokens: 1,
                        exact_elems: 0,
                        prefix_len: len,
                    }
                };
                out.push(Cand::Word {
                    unit,
                    group: g,
                    rank,
                });
            });
        }
    }

    /// The rank of phrase `phrase` of `unit` if it matches at token `i`.
    fn phrase_at(&self, unit: u32, phrase: u32, doc: &Doc, i: usize, limit: usize) -> Option<Rank> {
        let ph = &self.units[unit as usize].phrases[phrase as usize];
        if i + ph.elems.len() > limit {
            return None;
        }
        let toks = &doc.tokens;
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
        all.then(|| Rank {
            tokens: ph.elems.len(),
            exact_elems: ph.elems.iter().filter(|e| !e.prefix).count(),
            prefix_len: 0,
        })
    }

    fn find_regexes(
        &self,
        li: usize,
        lex: &Unit,
        text: &str,
        doc: &Doc,
        out: &mut Vec<Hit>,
        sc: &mut Scratch,
    ) {
        if lex.regexes.is_empty() || lex.screen.as_ref().is_some_and(|s| !s.is_match(text)) {
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
                        let mut h = self.hit(li, entry, doc, a, b, s.first_token as usize, sc);
                        h.start = start as u32;
                        h.end = end as u32;
                        h.in_quote = doc.in_quote_at(start);
                        out.push(h);
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        li: usize,
        entry: usize,
        doc: &Doc,
        a: usize,
        b: usize,
        first: usize,
        sc: &mut Scratch,
    ) -> Hit {
        let toks = &doc.tokens;
        let negated = self.negate[li][entry]
            && (a.saturating_sub(NEGATION_WINDOW).max(first)..a).any(|k| sc.negator(doc, k));
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

/// Sorts hits by (start, end, lexicon, entry). They come nearly sorted — in token order, out of
/// order only among the hits of one token — so an insertion sort is linear here. No two hits
/// share a key (one per entry and span), so the order is the one order.
fn sort_hits(hits: &mut [Hit]) {
    let key = |h: &Hit| (h.start, h.end, h.lexicon, h.entry);
    for i in 1..hits.len() {
        let mut j = i;
        while j > 0 && key(&hits[j - 1]) > key(&hits[j]) {
            hits.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Compiles the entries `entries` of lexicon `li` as unit `u`, registering its words and prefixes
/// in the shared index.
fn compile_unit(
    li: usize,
    lex: &Lexicon,
    entries: &[usize],
    u: u32,
    index: &mut Index,
    prefixes: &mut Vec<(String, u32, u32, bool)>,
    prefixes_cs: &mut Vec<(String, u32, u32, bool)>,
) -> Unit {
    let mut unit = Unit {
        lexicon: li,
        liwc: lex.mode == MatchMode::Liwc,
        groups: Vec::new(),
        phrases: Vec::new(),
        regexes: Vec::new(),
        screen: None,
    };
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for &i in entries {
        let e = &lex.entries[i];
        let key = pattern_key(&e.compiled);
        if let Some(&g) = by_key.get(&key) {
            unit.groups[g].push(i);
            continue;
        }
        let g = unit.groups.len();
        unit.groups.push(vec![i]);
        by_key.insert(key, g);
        let Pattern::Words {
            elems,
            case_sensitive,
        } = &e.compiled
        else {
            if let Pattern::Regex(re) = &e.compiled {
                unit.regexes.push((re.clone(), g));
            }
            continue;
        };
        let (map, pre) = if *case_sensitive {
            (&mut index.cased, &mut *prefixes_cs)
        } else {
            (&mut index.lower, &mut *prefixes)
        };
        let first = &elems[0];
        if elems.len() == 1 {
            if first.prefix {
                pre.push((first.text.clone(), u, g as u32, false));
            } else {
                map.entry(first.text.as_str().into())
                    .or_default()
                    .push(Role::Exact {
                        unit: u,
                        group: g as u32,
                    });
            }
            continue;
        }
        let p = unit.phrases.len() as u32;
        if first.prefix {
            pre.push((first.text.clone(), u, p, true));
        } else if !case_sensitive && !elems[1].prefix {
            let roles = map.entry(first.text.as_str().into()).or_default();
            if !roles.iter().any(|r| matches!(r, Role::PairFirst)) {
                roles.push(Role::PairFirst);
            }
            let key = format!("{}\u{1}{}", first.text, elems[1].text);
            let next = index.pair_lists.len() as u32;
            let list = *index.pairs.entry(key.into()).or_insert(next);
            if list == next {
                index.pair_lists.push(Vec::new());
            }
            index.pair_lists[list as usize].push((u, p));
        } else {
            map.entry(first.text.as_str().into())
                .or_default()
                .push(Role::PhraseFirst { unit: u, phrase: p });
        }
        unit.phrases.push(Phrase {
            elems: elems.clone(),
            case_sensitive: *case_sensitive,
            group: g,
        });
    }
    unit.screen = crate::text::screen::screen(unit.regexes.iter().map(|(re, _)| re));
    unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse_lexicon, LexiconSet};
    use crate::text::boilerplate::Boilerplate;
    use std::path::Path;

    /// What a worker remembers per word (its vocabulary, the candidates and negators of each word
    /// id) never changes a hit: articles matched one after another with one `Doc` and one
    /// `Scratch`, across a forgotten vocabulary and with a second `Doc` sharing the scratch, give
    /// the hits of a fresh lookup.
    #[test]
    fn remembered_words_give_the_hits_of_a_fresh_lookup() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let set = crate::lexicon::load_dir(&root.join("lexicons")).unwrap();
        let m = Matcher::new(&set);
        let b = Boilerplate::new(&set.boilerplate_rules());
        let mut names: Vec<_> = std::fs::read_dir(root.join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        let texts: Vec<String> = names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let (mut doc, mut other) = (Doc::default(), Doc::default());
        let mut sc = Scratch::default();
        let mut shared = Vec::new();
        for (i, t) in texts.iter().cycle().take(15).enumerate() {
            if i == 8 {
                doc.tokens.forget_vocabulary();
            }
            let d = if i % 4 == 3 { &mut other } else { &mut doc };
            d.analyze(t, &b);
            m.find_with(t, d, &mut shared, &mut sc);
            let mut fresh_doc = Doc::default();
            fresh_doc.analyze(t, &b);
            let mut fresh = Vec::new();
            m.find(t, &fresh_doc, &mut fresh);
            assert!(!fresh.is_empty());
            assert_eq!(shared, fresh, "article {i}");
        }
    }

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
    fn an_exception_takes_its_words_and_counts_nothing() {
        let csv = "pattern,category\nclaimed,distancing\nclaimed the title,-\n=May,-\nmay,hedge\n";
        assert_eq!(
            matched(
                csv,
                "He claimed the title in May. She claimed it may rain. May it rain."
            ),
            ["claimed", "may"]
        );
        let lex = parse_lexicon(Path::new("t.csv"), csv.as_bytes()).unwrap();
        // An exception makes no column.
        assert_eq!(lex.categories, ["distancing", "hedge"]);
        assert_eq!(lex.category_name(&lex.entries[1]), "-");
        // A regex could take no words from the other entries.
        let errs = parse_lexicon(Path::new("t.csv"), b"pattern,category\nre:x+,-\n").unwrap_err();
        assert!(errs[0].message.contains("exception"), "{:?}", errs[0]);
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
