//! What matching looks words up in, built once per run for all lexicons: the units (a lexicon, or
//! one category of a `PerCategory` lexicon), their phrases and regexes, a hash map from each word
//! form to what it begins in every unit, and a byte trie of the prefix patterns.

use crate::lexicon::Elem;
use crate::text::lost::may_be_lost;
use regex::Regex;
use rustc_hash::FxHashMap;

/// A distinct pattern of a lexicon and the entries (one per category) that share it.
pub(super) type Group = Vec<usize>;

pub(super) struct Phrase {
    pub(super) elems: Vec<Elem>,
    pub(super) case_sensitive: bool,
    pub(super) group: usize,
}

/// One unit of matching: a lexicon, or one category of a `PerCategory` lexicon. Inside a unit
/// matches compete (longest wins); units match independently.
pub(super) struct Unit {
    pub(super) lexicon: usize,
    pub(super) liwc: bool,
    pub(super) groups: Vec<Group>,
    pub(super) phrases: Vec<Phrase>,
    pub(super) regexes: Vec<(Regex, usize)>,
    /// The regexes' whole-article screen (`lexicon::screen`): most articles need no search per
    /// sentence.
    pub(super) screen: Option<Regex>,
}

/// An entry with a non-ASCII letter in its words, which may match a word whose letter was lost
/// to U+FFFD (`text::lost`).
pub(super) struct LostPattern {
    pub(super) unit: u32,
    /// Its group in the unit (a phrase's group too).
    pub(super) group: u32,
    pub(super) elems: Vec<Elem>,
    pub(super) case_sensitive: bool,
}

/// The entries that may match a lost-letter word, looked up only in text that has U+FFFD.
#[derive(Default)]
pub(super) struct LostIndex {
    pub(super) patterns: Vec<LostPattern>,
    /// The first character of a pattern's first word → its patterns; a pattern whose first word
    /// begins with a non-ASCII letter is under U+FFFD too (that letter may be the lost one).
    pub(super) by_first: FxHashMap<char, Vec<u32>>,
    /// The most words a pattern has: a lost-letter word farther than this from a token is out
    /// of reach of any pattern starting there.
    pub(super) max_words: usize,
}

impl LostIndex {
    /// Adds the pattern `elems` of `unit`, `group`, if a word of it has a non-ASCII letter.
    pub(super) fn add(&mut self, unit: u32, group: u32, elems: &[Elem], case_sensitive: bool) {
        let lost_letter = |t: &str| {
            let mut chars = t.chars().peekable();
            std::iter::from_fn(|| Some((chars.next()?, chars.peek().copied())))
                .any(|(c, next)| may_be_lost(c, next))
        };
        if !elems.iter().any(|e| lost_letter(&e.text)) {
            return;
        }
        let Some(text) = elems.first().map(|e| e.text.as_str()) else {
            return;
        };
        let mut chars = text.chars();
        let Some(first) = chars.next() else {
            return;
        };
        let id = self.patterns.len() as u32;
        self.by_first.entry(first).or_default().push(id);
        if may_be_lost(first, chars.next()) {
            self.by_first.entry('\u{FFFD}').or_default().push(id);
        }
        self.max_words = self.max_words.max(elems.len());
        self.patterns.push(LostPattern {
            unit,
            group,
            elems: elems.to_vec(),
            case_sensitive,
        });
    }
}

/// What a word form starts in one unit.
#[derive(Clone, Copy)]
pub(super) enum Role {
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
pub(super) struct Prefixes {
    /// Node 0 is the root. Children sorted by byte.
    pub(super) nodes: Vec<TrieNode>,
    /// The root's children as a table by byte (0: none), the one lookup every token makes.
    pub(super) root: Box<[u32; 256]>,
    /// Per pattern: unit, group, and whether it begins a phrase (then `group` is the phrase).
    pub(super) targets: Vec<(u32, u32, bool)>,
}

#[derive(Default)]
pub(super) struct TrieNode {
    pub(super) children: Vec<(u8, u32)>,
    /// Patterns that end at this node.
    pub(super) ends: Vec<u32>,
}

impl Prefixes {
    pub(super) fn build(prefixes: Vec<(String, u32, u32, bool)>) -> Option<Prefixes> {
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

    pub(super) fn child(&self, at: usize, b: u8) -> Option<usize> {
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
    pub(super) fn each(&self, word: &str, mut f: impl FnMut(u32, u32, bool, usize)) {
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

/// Per-word lookups of every unit at once: one hash lookup per form and one walk of the prefix trie,
/// however many lexicons and entries there are.
#[derive(Default)]
pub(super) struct Index {
    pub(super) lower: FxHashMap<Box<str>, Vec<Role>>,
    pub(super) cased: FxHashMap<Box<str>, Vec<Role>>,
    /// Some case-sensitive key has no capital letter.
    pub(super) cased_lowercase: bool,
    /// Case-insensitive phrases whose first two words are exact, by `first \u{1} second`: an
    /// index into `pair_lists`.
    pub(super) pairs: FxHashMap<Box<str>, u32>,
    /// The second words of `pairs`' keys: after "the", most words are none, and a token whose
    /// next word is none needs no lookup of the two.
    pub(super) pair_seconds: rustc_hash::FxHashSet<Box<str>>,
    /// Per pair of first words: its phrases, as (unit, phrase).
    pub(super) pair_lists: Vec<Vec<(u32, u32)>>,
    pub(super) prefixes: Option<Prefixes>,
    pub(super) prefixes_cs: Option<Prefixes>,
    pub(super) lost: LostIndex,
}
