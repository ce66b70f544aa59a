//! What reporting looks like word by word, for the rules that find where inserted text (a linked
//! headline, an embedded post) ends and the copy resumes: words as runs of non-spaces with their
//! byte spans, and whether a word ends a sentence.
//!
//! Words here are not the tokenizer's: punctuation stays glued to its word, because whether a
//! word ends with `.`, `,` or nothing is the evidence these rules read.

use crate::text::sentences::{BEFORE_NUMBER, TITLES};

/// A run of non-whitespace in a line, as a byte span of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word {
    pub start: usize,
    pub end: usize,
}

impl Word {
    pub(super) fn of<'a>(&self, line: &'a str) -> &'a str {
        &line[self.start..self.end]
    }
}

/// The words of `line[from..]`, in order.
pub(super) fn words_after(line: &str, from: usize) -> impl Iterator<Item = Word> + '_ {
    let rest = line.get(from..).unwrap_or_default();
    rest.split_whitespace().map(move |w| {
        // `split_whitespace` gives sub-slices of `rest`: their offsets are pointer differences.
        let start = from + (w.as_ptr() as usize - rest.as_ptr() as usize);
        Word {
            start,
            end: start + w.len(),
        }
    })
}

/// The words of `line[..to]`, last first.
pub(super) fn words_before(line: &str, to: usize) -> impl Iterator<Item = Word> + '_ {
    let head = line.get(..to).unwrap_or_default();
    head.split_whitespace().rev().map(move |w| {
        let start = w.as_ptr() as usize - head.as_ptr() as usize;
        Word {
            start,
            end: start + w.len(),
        }
    })
}

/// Marks that open a quotation or a bracket before a word.
const OPENING: &[char] = &['"', '\'', '\u{2018}', '\u{201C}', '\u{201E}', '«', '(', '['];
/// Marks that close a quotation or a bracket after a word.
const CLOSING: &[char] = &['"', '\'', '\u{2019}', '\u{201D}', '»', ')', ']'];

/// The word without the quote marks and brackets around it (`'accident'` → `accident`).
pub(super) fn bare(w: &str) -> &str {
    w.trim_start_matches(OPENING).trim_end_matches(CLOSING)
}

/// The word's letters and digits from its first to its last (`"However,` → `However`).
pub(super) fn core(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Does the word end in a letter or digit (quote marks and brackets aside)? Only after such a
/// word can inserted text end unseen: after `,`, `:` or `-` the text goes on.
pub(super) fn ends_open(w: &str) -> bool {
    bare(w)
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '%')
}

/// Does the word start with a capital letter (after an opening mark)?
pub(super) fn capitalized(w: &str) -> bool {
    w.trim_start_matches(OPENING)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// How a word ends a sentence, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// `?` or `!`: a headline may end so ("Who are the Rohingya?").
    Mark,
    /// `.` or `…`, not after an abbreviation: the end of a sentence of copy.
    FullStop,
}

/// Does `w` end a sentence (`win.`, `said."`, `Rohingya?`), and how? A full stop after an
/// abbreviation that is almost never sentence-final (`Mr.`, `U.S.`, `F.`, `Jan.`) is none.
pub(super) fn stop(w: &str) -> Option<Stop> {
    let t = w.trim_end_matches(CLOSING);
    let last = t.chars().next_back()?;
    match last {
        '?' | '!' => Some(Stop::Mark),
        '.' | '\u{2026}' if !abbreviation(t) => Some(Stop::FullStop),
        _ => None,
    }
}

/// `t` (a word ending in `.`) is an abbreviation: a title, a month before a day, a single
/// letter, a dotted initialism.
fn abbreviation(t: &str) -> bool {
    let body = t.trim_end_matches('.').trim_start_matches(OPENING);
    if body.contains('.') || body.chars().count() == 1 {
        return true;
    }
    let lower = body.to_lowercase();
    TITLES.contains(&lower.as_str()) || BEFORE_NUMBER.contains(&lower.as_str())
}

/// Is `w` one of `list` (lower-case words), case aside?
pub(super) fn one_of(w: &str, list: &[&str]) -> bool {
    let c = core(w);
    list.iter().any(|x| x.eq_ignore_ascii_case(c))
}

/// Is `w` a link (`https://t.co/…`, `pic.twitter.com/…`, `www.…`)?
pub(super) fn is_link(w: &str) -> bool {
    let w = w.trim_start_matches(OPENING);
    ["http://", "https://", "pic.twitter.com/", "t.co/", "www."]
        .iter()
        .any(|p| w.len() > p.len() && w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_offsets_both_ways() {
        let line = "  One two,  'three' ";
        let fwd: Vec<&str> = words_after(line, 0).map(|w| w.of(line)).collect();
        assert_eq!(fwd, ["One", "two,", "'three'"]);
        let back: Vec<&str> = words_before(line, 10).map(|w| w.of(line)).collect();
        assert_eq!(back, ["two,", "One"]);
        let from: Vec<&str> = words_after(line, 6).map(|w| w.of(line)).collect();
        assert_eq!(from, ["two,", "'three'"]);
    }

    #[test]
    fn stops_and_abbreviations() {
        assert_eq!(stop("accident'."), Some(Stop::FullStop));
        assert_eq!(stop("politician\"."), Some(Stop::FullStop));
        assert_eq!(stop("said.\""), Some(Stop::FullStop));
        assert_eq!(stop("Rohingya?"), Some(Stop::Mark));
        for w in ["Mr.", "U.S.", "F.", "Jan.", "budget", "forces,"] {
            assert_eq!(stop(w), None, "{w}");
        }
        assert!(ends_open("'accident'") && ends_open("$54bn") && ends_open("100%"));
        assert!(!ends_open("Kashmir:") && !ends_open("Bannon,-") && !ends_open("-"));
        assert!(capitalized("\"It") && !capitalized("'seeks") && !capitalized("$54bn"));
        assert!(is_link("pic.twitter.com/abc") && is_link("https://t.co/x") && !is_link("http://"));
    }
}
