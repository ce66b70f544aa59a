//! Words by Unicode rules (UAX #29), with the byte span of each in the text as written.
//!
//! On top of UAX #29: a hyphenated compound ("so-called", "long-standing") is one token, as a
//! reader and `wc -w` count it, so a pattern `so-called` matches it whole; a possessive `'s` is
//! split off ("Russia’s" matches `russia`) and remembered, because the actor linker must know that
//! "Putin’s aide said" is said by the aide, not by Putin. Punctuation is not a token.

use super::fold::{fold_into, is_apostrophe};
use super::intern::Interner;
use super::words::word_spans;

/// A word of the article. Offsets are `u32` to keep the token array small and cache-friendly; an
/// article of 4 GiB is refused before it gets here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the article text (the word as written, possessive `'s` included).
    pub start: u32,
    pub end: u32,
    /// The word's matching forms, an index into `Tokens::words`: the same word (as written, but
    /// for a possessive `'s`) is the same id in every article a worker tokenizes, until
    /// `Tokens::generation` changes.
    pub word: u32,
    /// The word ended in a possessive `'s`, which is not part of its matching form.
    pub possessive: bool,
    /// Index of the sentence the token belongs to (set by the sentence splitter).
    pub sentence: u32,
    /// The token is inside a direct quotation.
    pub in_quote: bool,
}

/// The matching forms of a word: spans in `Tokens::lower` and `Tokens::cased`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forms {
    pub lower: (u32, u32),
    pub cased: (u32, u32),
}

/// The vocabulary a worker has seen is forgotten past this many words or bytes of forms, so its
/// memory stays bounded — about 6 MB a worker with the matcher's memo, however many cores — while
/// news text, which repeats its words, keeps most of its tokens in it.
const MAX_WORDS: usize = 1 << 16;
const MAX_FORM_BYTES: usize = 2 << 20;

/// The tokens of one article, and the words a worker has seen with their matching forms. Folding a
/// word (NFKC, look-alikes, case) happens once per distinct word, not once per token; a worker
/// reuses its `Tokens` from article to article, so tokenizing allocates nothing once the buffers
/// have grown.
#[derive(Debug)]
pub struct Tokens {
    pub list: Vec<Token>,
    /// Matching forms of every word seen, lowercased and case-kept, back to back.
    pub lower: String,
    pub cased: String,
    /// Per word id, its forms.
    pub words: Vec<Forms>,
    /// The word as written (possessive `'s` split off) → its id.
    vocab: Interner,
    /// Names this vocabulary: new for every `Tokens`, clone and forgetting (`next_generation`),
    /// so that what a matcher remembers per word id is never applied to another vocabulary.
    pub generation: u64,
    /// Scratch: the word spans before compounds are joined.
    spans: Vec<(usize, usize)>,
    /// Every word of the last text was found by the fast path (`words::word_spans`): the text
    /// has no control character but tab, CR and LF.
    pub fast_path: bool,
}

/// A process-wide source of unique vocabulary names: an id, not shared state.
fn next_generation() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for Tokens {
    fn default() -> Tokens {
        Tokens {
            list: Vec::new(),
            lower: String::new(),
            cased: String::new(),
            words: Vec::new(),
            vocab: Interner::default(),
            generation: next_generation(),
            spans: Vec::new(),
            fast_path: false,
        }
    }
}

impl Clone for Tokens {
    fn clone(&self) -> Tokens {
        Tokens {
            list: self.list.clone(),
            lower: self.lower.clone(),
            cased: self.cased.clone(),
            words: self.words.clone(),
            vocab: self.vocab.clone(),
            generation: next_generation(),
            spans: Vec::new(),
            fast_path: self.fast_path,
        }
    }
}

impl Tokens {
    /// Empties the token list (the vocabulary stays, unless it has grown past its bounds).
    pub fn clear(&mut self) {
        self.list.clear();
        let form_bytes = self.lower.len() + self.cased.len() + self.vocab.key_bytes();
        if self.words.len() >= MAX_WORDS || form_bytes >= MAX_FORM_BYTES {
            self.forget_vocabulary();
        }
    }

    /// Forgets every word seen: ids start again, under a new generation.
    pub fn forget_vocabulary(&mut self) {
        self.list.clear();
        self.lower.clear();
        self.cased.clear();
        self.words.clear();
        self.vocab.clear();
        self.generation = next_generation();
    }

    /// The lowercased matching form of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        let (s, e) = self.words[self.list[i].word as usize].lower;
        &self.lower[s as usize..e as usize]
    }

    /// The case-kept matching form of token `i`.
    pub fn cased(&self, i: usize) -> &str {
        let (s, e) = self.words[self.list[i].word as usize].cased;
        &self.cased[s as usize..e as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The id of `stem`, folded and added when it is new.
    fn word_id(&mut self, stem: &str) -> u32 {
        let (id, new) = self.vocab.intern(stem.as_bytes());
        if !new {
            return id;
        }
        let l0 = self.lower.len() as u32;
        fold_into(stem, true, &mut self.lower);
        let c0 = self.cased.len() as u32;
        fold_into(stem, false, &mut self.cased);
        // Ids are given in order, so the new id is the index of its forms.
        self.words.push(Forms {
            lower: (l0, self.lower.len() as u32),
            cased: (c0, self.cased.len() as u32),
        });
        id
    }

    fn push(&mut self, text: &str, start: usize, end: usize) {
        let word = &text[start..end];
        let (stem, possessive) = split_possessive(word);
        let word = self.word_id(stem);
        self.list.push(Token {
            start: start as u32,
            end: end as u32,
            word,
            possessive,
            sentence: 0,
            in_quote: false,
        });
    }
}

/// Is the gap between two words one hyphen (`-`, U+2010, U+2011)? Compared as bytes: the gap is
/// looked at between every two words.
fn is_hyphen(gap: &[u8]) -> bool {
    matches!(gap, b"-" | b"\xE2\x80\x90" | b"\xE2\x80\x91")
}

/// Speech verbs that flattened copy glues to the next or previous word with a hyphen where a
/// dash or a space was (`…,"-Farhadi said-in a statement`, `said-Hultqvist`, `He-said`).
const GLUED_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "adding",
    "saying",
    "wrote",
    "stated",
    "declared",
    "explained",
    "described",
    "insisted",
    "claimed",
    "warned",
    "replied",
    "noted",
];

/// Lower-case words a glued speech verb runs into on its right (`said-in a statement`,
/// `described-as`) or on its left (`and-declared`). Pronouns are left out: a "he-said-she-said"
/// dispute is a compound.
const GLUED_TO: &[&str] = &[
    "in", "on", "at", "as", "that", "to", "the", "a", "an", "after", "before", "during", "while",
    "when", "adding", "via", "from", "with", "by", "and", "but", "then", "of",
];

/// Are the hyphenated parts `left` and `right` a speech verb glued to its neighbour rather than
/// a compound? The verb is written in lower case; its neighbour is a capitalized word (a name,
/// a sentence's "He") or a function word. Asked only where a hyphen joins two words.
fn glued(left: &str, right: &str) -> bool {
    let verb = |w: &str| GLUED_VERBS.contains(&w);
    let other = |w: &str| w.starts_with(|c: char| c.is_uppercase()) || GLUED_TO.contains(&w);
    (verb(left) && other(right)) || (verb(right) && other(left))
}

/// "Russia’s" → ("Russia", true). A bare "'s" or "s" is left alone.
fn split_possessive(word: &str) -> (&str, bool) {
    // A byte test first: most words do not end in `s`, and an ASCII byte is a whole character.
    if !matches!(word.as_bytes().last(), Some(b's' | b'S')) {
        return (word, false);
    }
    let body = &word[..word.len() - 1];
    match body.chars().next_back() {
        Some(c) if is_apostrophe(c) => {
            let stem = &body[..body.len() - c.len_utf8()];
            if stem.chars().any(char::is_alphanumeric) {
                (stem, true)
            } else {
                (word, false)
            }
        }
        _ => (word, false),
    }
}

/// Tokenizes `text` into `out` (cleared first), leaving out words that start inside one of the
/// sorted, non-overlapping `excluded` byte ranges (boilerplate).
pub(crate) fn tokenize(text: &str, excluded: &[(usize, usize)], out: &mut Tokens) {
    out.clear();
    let mut spans = std::mem::take(&mut out.spans);
    out.fast_path = word_spans(text, &mut spans);
    let mut ex = excluded.iter().peekable();
    let mut k = 0;
    while k < spans.len() {
        let (s, mut e) = spans[k];
        k += 1;
        // A compound: words joined by single hyphens ("so-called", "long-standing"), but for a
        // speech verb that flattened copy glued to its neighbour with a dash (`glued`).
        let mut part = s;
        while k < spans.len()
            && is_hyphen(&text.as_bytes()[e..spans[k].0])
            && !glued(&text[part..e], &text[spans[k].0..spans[k].1])
        {
            part = spans[k].0;
            e = spans[k].1;
            k += 1;
        }
        while ex.next_if(|&&(_, xe)| xe <= s).is_some() {}
        if ex.peek().is_some_and(|&&(xs, _)| xs <= s) {
            continue;
        }
        out.push(text, s, e);
    }
    out.spans = spans;
}

/// The matching forms of the words of a pattern or phrase, tokenized as article text is.
pub(crate) fn words_of(text: &str, lower: bool) -> Vec<String> {
    let mut toks = Tokens::default();
    tokenize(text, &[], &mut toks);
    (0..toks.len())
        .map(|i| {
            if lower {
                toks.lower(i).to_owned()
            } else {
                toks.cased(i).to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        words_of(text, true)
    }

    #[test]
    fn possessive_is_split_and_flagged() {
        let mut t = Tokens::default();
        tokenize("Russia’s war", &[], &mut t);
        assert_eq!(t.lower(0), "russia");
        assert!(t.list[0].possessive);
        // The span still covers the word as written.
        assert_eq!(t.list[0].end - t.list[0].start, "Russia’s".len() as u32);
    }

    #[test]
    fn hyphenated_compound_is_one_token() {
        assert_eq!(
            words("a so-called deal, long-standing ties"),
            ["a", "so-called", "deal", "long-standing", "ties"]
        );
        // A speech verb glued by a hyphen to a name or a function word is no compound.
        assert_eq!(
            words("tonight,\"-Farhadi said-in a statement. He-said and-declared said-Hultqvist"),
            [
                "tonight",
                "farhadi",
                "said",
                "in",
                "a",
                "statement",
                "he",
                "said",
                "and",
                "declared",
                "said",
                "hultqvist"
            ]
        );
        // A compound of a speech verb stays one: a "he-said-she-said" row, a well-said word.
        assert_eq!(
            words("a he-said-she-said row, well-said"),
            ["a", "he-said-she-said", "row", "well-said"]
        );
        // A spaced dash is punctuation, not a compound.
        assert_eq!(words("Ukraine -- where"), ["ukraine", "where"]);
    }

    #[test]
    fn abbreviations_numbers_and_contractions() {
        assert_eq!(
            words("U.S. officials paid 1.5 million"),
            ["u.s", "officials", "paid", "1.5", "million"]
        );
        assert_eq!(words("We don’t know"), ["we", "don't", "know"]);
    }

    #[test]
    fn excluded_ranges_drop_their_words() {
        let text = "keep this\nCLICK HERE\nand this";
        let mut t = Tokens::default();
        tokenize(text, &[(10, 21)], &mut t);
        let w: Vec<_> = (0..t.len()).map(|i| t.lower(i)).collect();
        assert_eq!(w, ["keep", "this", "and", "this"]);
    }
}
