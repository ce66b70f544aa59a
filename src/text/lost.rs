//! Letters lost to U+FFFD. An export that decoded bytes in the wrong encoding replaces what it
//! could not read with U+FFFD: `Gardaí` arrives as `Garda�`, `Micheál` as `Miche�l`. Word rules
//! (UAX #29) cut such a word at the U+FFFD (`Miche`, `l`), and no entry matches its parts.
//!
//! Here the tokens that U+FFFD runs glue together, with the runs before, between and after
//! them, are found again as one *lost-letter word* (`Miche�l`, `Garda�`), with its matching
//! forms, for the matcher (`matcher::find`, where an entry with a non-ASCII letter may match
//! it) and for the count of broken characters. Tokens stay as they are, so that text without
//! U+FFFD (almost all) is analysed exactly as before, and the work here is done only for text
//! that has one: the fast word path knows no U+FFFD, so text it took whole is passed over.

use super::tokenize::Tokens;

const REPLACEMENT: char = '\u{FFFD}';
const REPLACEMENT_BYTES: &[u8] = "\u{FFFD}".as_bytes();

/// A run of more U+FFFD than this is not one lost letter (a letter of the scripts lexicons
/// spell takes at most three bytes in UTF-8, each of which may have become a U+FFFD).
pub(crate) const MAX_RUN: usize = 3;

/// A word with letters lost to U+FFFD: tokens `first..end`, bytes `start..stop` (the runs of
/// U+FFFD before and after its tokens included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LostWord {
    pub first: u32,
    pub end: u32,
    pub start: u32,
    pub stop: u32,
    /// Spans of its forms in `LostWords::lower` and `LostWords::cased`.
    lower: (u32, u32),
    cased: (u32, u32),
}

/// What word a token begins (`LostWords::at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordAt<'a> {
    /// A lost-letter word.
    Lost(&'a LostWord),
    /// The token is a word of its own.
    Token,
    /// The token is inside a lost-letter word: no word begins there.
    Inside,
}

/// The lost-letter words of an article, in token order, and its count of U+FFFD.
#[derive(Debug, Clone, Default)]
pub struct LostWords {
    pub list: Vec<LostWord>,
    lower: String,
    cased: String,
    /// U+FFFD characters in the text (boilerplate included).
    pub replacement_chars: usize,
}

/// The number of U+FFFD characters in a row ending at byte `at` of `text`.
fn run_before(text: &[u8], mut at: usize) -> usize {
    let mut n = 0;
    while at >= 3 && &text[at - 3..at] == REPLACEMENT_BYTES {
        n += 1;
        at -= 3;
    }
    n
}

/// The number of U+FFFD characters in a row starting at byte `at` of `text`.
fn run_after(text: &[u8], mut at: usize) -> usize {
    let mut n = 0;
    while text.get(at..at + 3) == Some(REPLACEMENT_BYTES) {
        n += 1;
        at += 3;
    }
    n
}

/// A run that can stand for one letter: 0 for none or a longer one.
fn letter_run(n: usize) -> usize {
    if n <= MAX_RUN {
        n
    } else {
        0
    }
}

impl LostWords {
    /// Finds the lost-letter words of `text`, analysed into `tokens` (sentences split). Text
    /// the fast word path took whole has no U+FFFD, and is passed over.
    pub fn find(&mut self, text: &str, tokens: &Tokens) {
        self.list.clear();
        self.lower.clear();
        self.cased.clear();
        self.replacement_chars = 0;
        if tokens.fast_path {
            return;
        }
        let bytes = text.as_bytes();
        self.replacement_chars = memchr::memmem::find_iter(bytes, REPLACEMENT_BYTES).count();
        if self.replacement_chars == 0 {
            return;
        }
        let toks = &tokens.list;
        // Bytes up to here belong to a word found already: a run is glued to one word only.
        let mut taken = 0usize;
        let mut k = 0;
        while k < toks.len() {
            let first = k;
            let start = toks[k].start as usize;
            let lead = letter_run(run_before(bytes, start));
            let lead = if start - 3 * lead >= taken { lead } else { 0 };
            let mut trail;
            loop {
                trail = letter_run(run_after(bytes, toks[k].end as usize));
                let glued = toks.get(k + 1).is_some_and(|next| {
                    trail > 0
                        && next.start as usize == toks[k].end as usize + 3 * trail
                        && next.sentence == toks[k].sentence
                });
                if !glued {
                    break;
                }
                k += 1;
            }
            k += 1;
            if lead == 0 && trail == 0 && k == first + 1 {
                continue;
            }
            let stop = toks[k - 1].end as usize + 3 * trail;
            taken = stop;
            self.push(text, tokens, first..k, start - 3 * lead, stop);
        }
    }

    /// Adds the word of tokens `range`, bytes `start..stop`: its forms are the tokens' forms
    /// with the U+FFFD runs between, before and after them.
    fn push(
        &mut self,
        text: &str,
        tokens: &Tokens,
        range: std::ops::Range<usize>,
        start: usize,
        stop: usize,
    ) {
        let (l0, c0) = (self.lower.len() as u32, self.cased.len() as u32);
        let bytes = text.as_bytes();
        let mut at = start;
        for k in range.clone() {
            let t = tokens.list[k];
            for _ in 0..(t.start as usize - at) / 3 {
                self.lower.push(REPLACEMENT);
                self.cased.push(REPLACEMENT);
            }
            self.lower.push_str(tokens.lower(k));
            self.cased.push_str(tokens.cased(k));
            at = t.end as usize;
        }
        for _ in 0..run_after(bytes, at).min((stop - at) / 3) {
            self.lower.push(REPLACEMENT);
            self.cased.push(REPLACEMENT);
        }
        self.list.push(LostWord {
            first: range.start as u32,
            end: range.end as u32,
            start: start as u32,
            stop: stop as u32,
            lower: (l0, self.lower.len() as u32),
            cased: (c0, self.cased.len() as u32),
        });
    }

    /// The matching form of word `w`, lowercased or as cased.
    pub fn form(&self, w: &LostWord, lower: bool) -> &str {
        let ((s, e), text) = if lower {
            (w.lower, &self.lower)
        } else {
            (w.cased, &self.cased)
        };
        &text[s as usize..e as usize]
    }

    /// The word that token `k` begins.
    pub fn at(&self, k: usize) -> WordAt<'_> {
        let i = self.list.partition_point(|w| (w.end as usize) <= k);
        match self.list.get(i) {
            Some(w) if w.first as usize == k => WordAt::Lost(w),
            Some(w) if (w.first as usize) < k => WordAt::Inside,
            _ => WordAt::Token,
        }
    }

    /// The first token of the lost-letter word that token `k` is in, or `k`.
    pub fn first_token(&self, k: usize) -> usize {
        match self
            .list
            .get(self.list.partition_point(|w| (w.end as usize) <= k))
        {
            Some(w) if (w.first as usize) <= k => w.first as usize,
            _ => k,
        }
    }

    /// The first token at or after `k` that begins a lost-letter word.
    pub fn next_start(&self, k: usize) -> Option<usize> {
        let i = self.list.partition_point(|w| (w.first as usize) < k);
        self.list.get(i).map(|w| w.first as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Is `c` a combining accent, which lowercasing leaves after an ASCII letter where Unicode has
/// no precomposed lowercase (`İ` is `i` and U+0307)?
fn combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Can a letter of a pattern that starts with `c` (followed by `next`) have been lost to
/// U+FFFD: a non-ASCII letter, or an ASCII one with combining accents after it?
pub(crate) fn may_be_lost(c: char, next: Option<char>) -> bool {
    (!c.is_ascii() && c.is_alphabetic()) || next.is_some_and(combining)
}

/// Does the word form `word` (with U+FFFD runs) spell `pattern` (an entry's form): each run
/// standing for one or more letters of the pattern in a row that may be lost (`may_be_lost`;
/// `Işık` exported in Windows-1254 and read as UTF-8 is `I��k`), no more U+FFFD than they have
/// bytes (one per byte lost at most) and no fewer than letters, and every other character equal?
/// With `prefix`, the word need only begin with the pattern. At least one run must stand for a
/// letter: a word spelled without one is the normal matcher's.
pub(crate) fn spells(word: &str, pattern: &str, prefix: bool) -> bool {
    spells_from(word, pattern, prefix, false)
}

/// `spells` from here on, `lost`: a run stood for a letter before.
fn spells_from(word: &str, pattern: &str, prefix: bool, lost: bool) -> bool {
    let (mut w, mut p) = (word, pattern);
    loop {
        let Some(pc) = p.chars().next() else {
            return lost && (prefix || w.is_empty());
        };
        match w.chars().next() {
            Some(REPLACEMENT) => break,
            Some(wc) if wc == pc => {
                w = &w[wc.len_utf8()..];
                p = &p[pc.len_utf8()..];
            }
            _ => return false,
        }
    }
    let run = w.chars().take_while(|&c| c == REPLACEMENT).count();
    let after = &w[run * REPLACEMENT.len_utf8()..];
    // The run stands for the next k letters, for the k that lets the rest be spelled.
    let (mut bytes, mut k) = (0, 0);
    while let Some(len) = lost_letter_len(p) {
        p = &p[len..];
        bytes += len;
        k += 1;
        if k > run {
            return false;
        }
        if run <= bytes && spells_from(after, p, prefix, true) {
            return true;
        }
    }
    false
}

/// The length in bytes of the letter `pattern` begins with, with its combining accents, if it
/// is one that may be lost.
fn lost_letter_len(pattern: &str) -> Option<usize> {
    let mut chars = pattern.chars();
    let c = chars.next()?;
    let next = chars.next();
    may_be_lost(c, next).then(|| {
        c.len_utf8()
            + pattern[c.len_utf8()..]
                .chars()
                .take_while(|&m| combining(m))
                .map(char::len_utf8)
                .sum::<usize>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::boilerplate::Boilerplate;
    use crate::text::Doc;

    fn words(text: &str) -> Vec<(String, String)> {
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        doc.lost
            .list
            .iter()
            .map(|w| {
                (
                    text[w.start as usize..w.stop as usize].to_owned(),
                    doc.lost.form(w, true).to_owned(),
                )
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn runs_of_u_fffd_glue_tokens_into_words() {
        assert_eq!(
            words("Garda� said Miche�l Martin of Fianna F��il met �ireann's T�naiste."),
            pairs(&[
                ("Garda�", "garda�"),
                ("Miche�l", "miche�l"),
                ("F��il", "f��il"),
                ("�ireann's", "�ireann"),
                ("T�naiste", "t�naiste"),
            ])
        );
        // A lone U+FFFD, a run too long for a letter, and text without U+FFFD: no word.
        assert!(words("a � b, x����y, plain text").is_empty());
        assert!(words("Gardaí said").is_empty());
    }

    #[test]
    fn a_run_glues_the_words_it_touches_and_no_more() {
        assert_eq!(
            words("end�\nStart and x�y�z"),
            pairs(&[("end�", "end�"), ("x�y�z", "x�y�z")])
        );
    }

    #[test]
    fn counts_every_u_fffd() {
        let mut doc = Doc::default();
        doc.analyze("a � b����c Garda�", &Boilerplate::default());
        assert_eq!(doc.lost.replacement_chars, 6);
        doc.analyze("plain “text”", &Boilerplate::default());
        assert_eq!(doc.lost.replacement_chars, 0);
    }

    #[test]
    fn a_run_spells_one_non_ascii_letter() {
        assert!(spells("garda�", "gardaí", false));
        assert!(spells("miche�l", "micheál", false));
        assert!(spells("miche��l", "micheál", false));
        // No more U+FFFD than the letter has bytes; an ASCII letter is never lost.
        assert!(!spells("miche���l", "micheál", false));
        assert!(!spells("garda�", "gardai", false));
        assert!(!spells("garda�", "garda", false));
        // A run is one letter or several in a row, never an ASCII one, never none.
        assert!(!spells("m�l", "mícél", false));
        assert!(spells("m�c�l", "mícél", false));
        assert!(spells("i��k", "işık", false));
        assert!(!spells("i�k", "işık", false));
        assert!(spells("a�íb", "aéíb", false));
        // Letters not lost must be equal; a prefix pattern needs only the word's start.
        assert!(spells("t�naistes", "tánaiste", true));
        assert!(!spells("t�naistes", "tánaiste", false));
        // Without a lost letter it is no lost-letter match.
        assert!(!spells("gardaí", "gardaí", false));
        // Punctuation is no letter: `’` lost in `Putin�s` spells no `putin’s`.
        assert!(!spells("putin�s", "putin’s", false));
        // A letter whose lowercase takes a combining accent (`İ`: `i` and U+0307) is one letter.
        assert!(spells("�brahim", "i\u{307}brahim", false));
        assert!(!spells("�brahim", "ibrahim", false));
    }
}
