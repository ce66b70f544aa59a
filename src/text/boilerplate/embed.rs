//! Embedded items: an embedded post (a tweet, an Instagram post) or a captioned photo, which an
//! export turns into text run into the copy, found by the end it always has — a post's
//! signature (`— RTÉ News (@rtenews) March 8, 2017`), a tweet's closing links
//! (`https://t.co/… pic.twitter.com/…`), a caption's bracketed credit (`[Reuters]`):
//!
//! ```text
//! … to those affected. President Higgins expresses his sympathies https://t.co/0ViIBtJuFZ pic.twitter.com/qUpJ7VZU1I — RTÉ News (@rtenews) March 8, 2017 Speaking at …
//! ```
//!
//! The item's text is what comes before its end, back to the start of its sentence: from the
//! end match, back over the links right before it, then word by word to the last sentence end
//! (a word ending in `.`, `?` or `!`, not an abbreviation) or the line's start, at most
//! `EMBED_MAX_WORDS` words (a tweet is at most 280 characters). The word right before the end
//! may end a sentence: that is the item's own last sentence. When no sentence start is found
//! within the bound, only the end match and its links go (the text cannot be told from copy).
//!
//! Known failures: an item's text of several sentences loses only its last one (`Fire in
//! Dublin. Three dead pic.twitter.com/…`: `Fire in Dublin.` stays); an abbreviation ends the
//! search early (`Mr.`).

use super::copy::{is_link, stop, words_before};

/// The most words of an item's text read back from its end.
pub(crate) const EMBED_MAX_WORDS: usize = 60;

/// How the start of an embedded item was found: explain says it beside the removed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At the start of the sentence before its end.
    Sentence,
    /// At the start of the line.
    Line,
    /// Not told: only its end and the links before it.
    EndOnly,
}

impl Start {
    pub fn describe(self) -> &'static str {
        match self {
            Start::Sentence => "its text taken back to its sentence's start",
            Start::Line => "its text taken back to the line's start",
            Start::EndOnly => "start not told: only the end and its links removed",
        }
    }
}

/// Where the embedded item whose end was matched at `at` of `line` starts, and how that was
/// found (see the module comment).
pub(crate) fn start(line: &str, at: usize) -> (usize, Start) {
    let links = links_before(line, at);
    // The start of the word after the one read: where the item starts if that one ends a
    // sentence.
    let mut after = links;
    for (i, w) in words_before(line, links).enumerate() {
        if i == EMBED_MAX_WORDS {
            return (links, Start::EndOnly);
        }
        // The word right before the end may close the item's own last sentence.
        if i > 0 && stop(w.of(line)).is_some() {
            return (after, Start::Sentence);
        }
        after = w.start;
    }
    (after, Start::Line)
}

/// The start of the links right before `at` (`at` itself where there are none).
fn links_before(line: &str, at: usize) -> usize {
    let mut start = at;
    for w in words_before(line, at) {
        if !is_link(w.of(line)) {
            break;
        }
        start = w.start;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(line: &'a str, end_match: &str) -> (&'a str, Start) {
        let at = line.find(end_match).unwrap();
        let (s, how) = start(line, at);
        (&line[s..at + end_match.len()], how)
    }

    #[test]
    fn a_tweet_goes_back_to_its_sentence_start() {
        // Gold dev article na2106 (RTE), the em dash lost to `"?` in the export.
        let line = "He expressed sympathies to those-affected. President Higgins expresses his sympathies to those affected by the fire tragedy in Clondalkin https://t.co/0ViIBtJuFZ pic.twitter.com/qUpJ7VZU1I \"?RT? News (@rtenews) March 8, 2017 Speaking at a reception, he said more.";
        assert_eq!(
            item(line, "\"?RT? News (@rtenews) March 8, 2017"),
            (
                "President Higgins expresses his sympathies to those affected by the fire tragedy in Clondalkin https://t.co/0ViIBtJuFZ pic.twitter.com/qUpJ7VZU1I \"?RT? News (@rtenews) March 8, 2017",
                Start::Sentence
            )
        );
        // A tweet whose text ends with its own question mark.
        let q = "Copy. Is this the end? pic.twitter.com/x — Name (@name) May 1, 2017 More.";
        assert_eq!(
            item(q, "— Name (@name) May 1, 2017"),
            (
                "Is this the end? pic.twitter.com/x — Name (@name) May 1, 2017",
                Start::Sentence
            )
        );
        let own = "A tweet on its own line pic.twitter.com/x";
        assert_eq!(item(own, "pic.twitter.com/x").1, Start::Line);
    }

    #[test]
    fn without_a_sentence_start_in_reach_only_the_end_goes() {
        let long = format!(
            "{} https://t.co/a pic.twitter.com/b",
            vec!["word"; EMBED_MAX_WORDS + 1].join(" ")
        );
        assert_eq!(
            item(&long, "pic.twitter.com/b"),
            ("https://t.co/a pic.twitter.com/b", Start::EndOnly)
        );
    }
}
