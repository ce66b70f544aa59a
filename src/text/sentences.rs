//! Sentence boundaries, decided in the gaps between tokens.
//!
//! A line break always ends a sentence (news paragraphs, headlines and captions are lines). Inside
//! a line a sentence ends at `.`, `!`, `?` or `…` followed by space, when the next word starts
//! with a capital or a digit — unless the full stop belongs to an abbreviation that is almost
//! never sentence-final in news: a title before a name ("Mr. Kim"), a dotted initialism ("U.S.
//! officials"), a single initial ("John F. Kennedy"), or a month before a day ("Jan. 15").
//! Decimals ("1.5") are single tokens and never reach this code.

use super::tokenize::Tokens;

/// A sentence: its byte span in the text (closing punctuation and quote marks included) and its
/// tokens `first_token..end_token`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: u32,
    pub end: u32,
    pub first_token: u32,
    pub end_token: u32,
}

pub(crate) const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "gov", "sen", "rep", "pres", "amb", "rev", "st", "jr", "sr", "vs",
];
/// Abbreviations that stand before a number: months ("Jan. 15") and "No. 5".
pub(crate) const BEFORE_NUMBER: &[&str] = &[
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | '»' | ')' | ']' | '}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{201E}' | '«' | '(' | '[' | '{'
    )
}

#[cfg(test)] // the tests' entry point; articles go through `Doc::analyze`
/// Splits the tokens into sentences, writing each token's sentence index and appending the
/// sentences to `out` (cleared first).
pub(crate) fn split_sentences(text: &str, tokens: &mut Tokens, out: &mut Vec<Sentence>) {
    split_sentences_at(text, tokens, &[], out);
}

/// `split_sentences`, with a sentence ending wherever one of `breaks` (sorted byte offsets)
/// lies between two tokens: where text was removed that the copy had run on into (a linked
/// headline without its full stop), the words before and after it are not one sentence.
pub(crate) fn split_sentences_at(
    text: &str,
    tokens: &mut Tokens,
    breaks: &[usize],
    out: &mut Vec<Sentence>,
) {
    out.clear();
    let n = tokens.len();
    if n == 0 {
        return;
    }
    let mut first = 0usize;
    let mut next_break = 0;
    for i in 0..n {
        let ends_here = i + 1 == n
            || is_boundary(text, tokens, i)
            || break_after(tokens, i, breaks, &mut next_break);
        tokens.list[i].sentence = out.len() as u32;
        if ends_here {
            let floor = out.last().map_or(0, |s: &Sentence| s.end as usize);
            let ceiling = tokens
                .list
                .get(i + 1)
                .map_or(text.len(), |t| t.start as usize);
            out.push(make_sentence(text, tokens, first, i + 1, floor, ceiling));
            first = i + 1;
        }
    }
}

/// Does a break lie between token `i` and the next? `next` is the first break not yet passed
/// (tokens are visited in order).
fn break_after(tokens: &Tokens, i: usize, breaks: &[usize], next: &mut usize) -> bool {
    if *next >= breaks.len() {
        return false;
    }
    let here = tokens.list[i].start as usize;
    while breaks.get(*next).is_some_and(|&b| b <= here) {
        *next += 1;
    }
    let following = tokens.list[i + 1].start as usize;
    breaks.get(*next).is_some_and(|&b| b < following)
}

/// A sentence's span: from its first token back over the marks glued to it (an opening quote, a
/// bracket, a leading `=` or `—`), but not into the previous sentence; to its last token and the
/// punctuation glued after it, but not into the next sentence's first word (`ceiling`).
fn make_sentence(
    text: &str,
    tokens: &Tokens,
    first: usize,
    end: usize,
    floor: usize,
    ceiling: usize,
) -> Sentence {
    let mut start = tokens.list[first].start as usize;
    while let Some(c) = text[floor.min(start)..start]
        .chars()
        .next_back()
        .filter(|c| !c.is_whitespace())
    {
        start -= c.len_utf8();
    }
    let last_end = tokens.list[end - 1].end as usize;
    let tail = text[last_end..ceiling]
        .find(|c: char| c.is_whitespace())
        .unwrap_or(ceiling - last_end);
    Sentence {
        start: start as u32,
        end: (last_end + tail) as u32,
        first_token: first as u32,
        end_token: end as u32,
    }
}

/// Does a sentence end between token `i` and token `i + 1`?
fn is_boundary(text: &str, tokens: &Tokens, i: usize) -> bool {
    let here = tokens.list[i];
    let next = tokens.list[i + 1];
    // Most gaps are a space: without a line end or a stop (`…` starts with 0xE2) there is no
    // boundary, whatever else the gap holds.
    let gap_bytes = &text.as_bytes()[here.end as usize..next.start as usize];
    if !gap_bytes
        .iter()
        .any(|b| matches!(b, b'\n' | b'\r' | b'.' | b'!' | b'?' | 0xE2))
    {
        return false;
    }
    let gap = &text[here.end as usize..next.start as usize];
    if gap.contains(['\n', '\r']) {
        return true;
    }
    let Some(stop) = gap.rfind(['.', '!', '?', '…']) else {
        return false;
    };
    let stop_char = gap[stop..].chars().next().unwrap_or('.');
    // `."?Next` in flattened copy: a `?` glued after a straight mark is what is left of a lost
    // curly mark and space (text/quotes.rs), not a stop; the stop is before it.
    let (stop, stop_char) =
        if stop_char == '?' && stop == gap.len() - 1 && gap[..stop].ends_with('"') {
            match gap[..stop].rfind(['.', '!', '?', '…']) {
                Some(s) => (s, gap[s..].chars().next().unwrap_or('.')),
                None => return false,
            }
        } else {
            (stop, stop_char)
        };
    let after = &gap[stop + stop_char.len_utf8()..];
    // After the stop: a space, or a closing mark glued to the next sentence (`most."Guthrie`,
    // `grizzlies."?DeVos`), with marks around.
    let glued = after.starts_with(['"', '\u{201D}']);
    if !(after.chars().any(char::is_whitespace) || glued)
        || !after
            .chars()
            .all(|c| c.is_whitespace() || is_closing(c) || is_opening(c) || c == '?')
    {
        return false;
    }
    let next_text = &text[next.start as usize..];
    if !next_text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    {
        return false;
    }
    // Only a full stop glued to the word can belong to an abbreviation.
    if stop_char == '.' && stop == 0 {
        let word = tokens.lower(i);
        let next_is_number = next_text.starts_with(|c: char| c.is_ascii_digit());
        if TITLES.contains(&word)
            || word.contains('.')
            || word.chars().count() == 1
            || (next_is_number && BEFORE_NUMBER.contains(&word))
        {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tokenize::tokenize;
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut t = Tokens::default();
        tokenize(text, &[], &mut t);
        let mut s = Vec::new();
        split_sentences(text, &mut t, &mut s);
        s.iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect()
    }

    #[test]
    fn abbreviations_dates_and_decimals_stay_whole() {
        assert_eq!(
            sentences(
                "U.S. officials met Mr. Kim on Jan. 15 in Seoul. Growth was 1.5 percent. It rose."
            ),
            [
                "U.S. officials met Mr. Kim on Jan. 15 in Seoul.",
                "Growth was 1.5 percent.",
                "It rose."
            ]
        );
    }

    #[test]
    fn quotes_and_line_breaks() {
        assert_eq!(
            sentences("“We are ready.” He left.\nHeadline without stop\n“Next,” she said. Then"),
            [
                "“We are ready.”",
                "He left.",
                "Headline without stop",
                "“Next,” she said.",
                "Then"
            ]
        );
    }

    #[test]
    fn flattened_copy_with_garbled_marks() {
        assert_eq!(
            sentences("against \"potential grizzlies.\"?DeVos drew fire. It was \"hard.\"Guthrie said so. A \"fair\"? No."),
            [
                "against \"potential grizzlies.\"?",
                "DeVos drew fire.",
                "It was \"hard.\"",
                "Guthrie said so.",
                "A \"fair\"?",
                "No."
            ]
        );
    }

    #[test]
    fn lowercase_after_stop_does_not_split() {
        assert_eq!(
            sentences("the U.S. economic pressure"),
            ["the U.S. economic pressure"]
        );
    }

    #[test]
    fn a_break_ends_a_sentence_that_punctuation_does_not() {
        // A linked headline without its full stop, removed, between two sentences of copy.
        let text = "He said it. READ MORE: Budget talks stall Security has been tight.";
        let removed = (12, text.find(" Security").unwrap());
        let mut t = Tokens::default();
        tokenize(text, &[removed], &mut t);
        let mut s = Vec::new();
        split_sentences_at(text, &mut t, &[removed.0], &mut s);
        let got: Vec<&str> = s
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(got, ["He said it.", "Security has been tight."]);
        // Without the break, the copy after the headline would run on from the text before it.
        split_sentences(text, &mut t, &mut s);
        assert_eq!(s.len(), 1);
    }
}
