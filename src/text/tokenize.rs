//! Words by Unicode rules (UAX #29), with the byte span of each in the text as written.
//!
//! On top of UAX #29: a hyphenated compound ("so-called", "long-standing") is one token, as a
//! reader and `wc -w` count it, so a pattern `so-called` matches it whole; a possessive `'s` is
//! split off ("Russia’s" matches `russia`) and remembered, because the actor linker must know that
//! "Putin’s aide said" is said by the aide, not by Putin. Punctuation is not a token.

use super::fold::{fold_into, is_apostrophe};
use super::words::word_spans;

/// A word of the article. Offsets are `u32` to keep the token array small and cache-friendly; an
/// article of 4 GiB is refused before it gets here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the article text (the word as written, possessive `'s` included).
    pub start: u32,
    pub end: u32,
    /// Span of the lowercased matching form in `Tokens::lower`.
    pub lower: (u32, u32),
    /// Span of the case-kept matching form in `Tokens::cased`.
    pub cased: (u32, u32),
    /// The word ended in a possessive `'s`, which is not part of its matching form.
    pub possessive: bool,
    /// Index of the sentence the token belongs to (set by the sentence splitter).
    pub sentence: u32,
    /// The token is inside a direct quotation.
    pub in_quote: bool,
}

/// The tokens of one article and the buffers holding their matching forms. Reused from article to
/// article by a worker, so tokenizing allocates nothing once the buffers have grown.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    pub list: Vec<Token>,
    pub lower: String,
    pub cased: String,
    /// Scratch: the word spans before compounds are joined.
    spans: Vec<(usize, usize)>,
}

impl Tokens {
    pub fn clear(&mut self) {
        self.list.clear();
        self.lower.clear();
        self.cased.clear();
    }

    /// The lowercased matching form of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        let (s, e) = self.list[i].lower;
        &self.lower[s as usize..e as usize]
    }

    /// The case-kept matching form of token `i`.
    pub fn cased(&self, i: usize) -> &str {
        let (s, e) = self.list[i].cased;
        &self.cased[s as usize..e as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn push(&mut self, text: &str, start: usize, end: usize) {
        let word = &text[start..end];
        let (stem, possessive) = split_possessive(word);
        let l0 = self.lower.len() as u32;
        fold_into(stem, true, &mut self.lower);
        let c0 = self.cased.len() as u32;
        fold_into(stem, false, &mut self.cased);
        self.list.push(Token {
            start: start as u32,
            end: end as u32,
            lower: (l0, self.lower.len() as u32),
            cased: (c0, self.cased.len() as u32),
            possessive,
            sentence: 0,
            in_quote: false,
        });
    }
}

fn is_hyphen(seg: &str) -> bool {
    matches!(seg, "-" | "\u{2010}" | "\u{2011}")
}

/// "Russia’s" → ("Russia", true). A bare "'s" or "s" is left alone.
fn split_possessive(word: &str) -> (&str, bool) {
    let Some(body) = word.strip_suffix(['s', 'S']) else {
        return (word, false);
    };
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
pub fn tokenize(text: &str, excluded: &[(usize, usize)], out: &mut Tokens) {
    out.clear();
    let mut spans = std::mem::take(&mut out.spans);
    word_spans(text, &mut spans);
    let mut ex = excluded.iter().peekable();
    let mut k = 0;
    while k < spans.len() {
        let (s, mut e) = spans[k];
        k += 1;
        // A compound: words joined by single hyphens ("so-called", "long-standing").
        while k < spans.len() && is_hyphen(&text[e..spans[k].0]) {
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
pub fn words_of(text: &str, lower: bool) -> Vec<String> {
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
