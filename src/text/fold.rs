//! The matching form of a word: what a lexicon pattern is compared with.
//!
//! Folding happens per word, never on the whole text, so that every token keeps its byte span in
//! the text as written. Steps: Unicode NFKC; curly apostrophes to `'`; in a word that mixes Latin
//! with Cyrillic or Greek letters, the look-alikes to their Latin twins (seed 004 spells
//! "Сosmodrome" with a Cyrillic С, which would otherwise never match `cosmodrome`); and, for the
//! case-insensitive form, lowercase.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Is `c` one of the characters that news text uses as an apostrophe?
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}'
    )
}

/// Appends the folded form of `word` to `out`, lowercased when `lower` is true.
pub(crate) fn fold_into(word: &str, lower: bool, out: &mut String) {
    // ASCII needs no NFKC and no look-alike folding: the common case stays cheap.
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if lower {
            out[start..].make_ascii_lowercase();
        }
        return;
    }
    let mixed = mixes_latin_with_lookalikes(word);
    // Most non-ASCII words ("Russia’s") are already in NFKC: skip the decomposition.
    if is_nfkc_quick(word.chars()) == IsNormalized::Yes {
        for c in word.chars() {
            push_folded(c, lower, mixed, out);
        }
        return;
    }
    for c in word.nfkc() {
        push_folded(c, lower, mixed, out);
    }
}

fn push_folded(c: char, lower: bool, mixed: bool, out: &mut String) {
    if c.is_ascii() {
        out.push(if lower { c.to_ascii_lowercase() } else { c });
        return;
    }
    let c = if is_apostrophe(c) { '\'' } else { c };
    let c = if mixed { latin_twin(c).unwrap_or(c) } else { c };
    if lower {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

#[cfg(test)] // words and patterns are folded into a buffer the caller keeps
/// For the tests: the folded form as a new string.
pub(crate) fn fold(word: &str, lower: bool) -> String {
    let mut s = String::with_capacity(word.len());
    fold_into(word, lower, &mut s);
    s
}

/// Can `c`, in some word, fold to something with an ASCII letter or digit, or to nothing (NFKC's
/// `ﬁ` and fullwidth letters, a Cyrillic look-alike in a Latin word)? Then a word's matching form
/// may contain letters its text does not (the rerun cache rescores such articles).
pub(crate) fn may_fold_to_ascii(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let mut s = String::new();
    fold_into(c.encode_utf8(&mut [0u8; 4]), true, &mut s);
    latin_twin(c).is_some() || s.is_empty() || s.bytes().any(|b| b.is_ascii_alphanumeric())
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}')
}

fn mixes_latin_with_lookalikes(word: &str) -> bool {
    // Greek and Cyrillic start at U+0370: a word without such a letter cannot mix.
    if !word.chars().any(|c| ('\u{0370}'..='\u{052F}').contains(&c)) {
        return false;
    }
    let mut latin = false;
    let mut lookalike = false;
    for c in word.chars() {
        if is_latin_letter(c) {
            latin = true;
        } else if latin_twin(c).is_some() {
            lookalike = true;
        }
    }
    latin && lookalike
}

/// The Latin letter that a Cyrillic or Greek letter is drawn like (Unicode's confusables, the
/// letters that occur in mixed-script spoofing and OCR errors).
fn latin_twin(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ү' => 'Y',
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        // Greek
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'ο' => 'o',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_lookalike_in_latin_word_is_folded() {
        assert_eq!(fold("Сosmodrome", true), "cosmodrome");
        assert_eq!(fold("Сosmodrome", false), "Cosmodrome");
    }

    #[test]
    fn all_cyrillic_word_is_left_alone() {
        assert_eq!(fold("Москва", true), "москва");
    }

    #[test]
    fn apostrophes_and_compatibility_forms_fold() {
        assert_eq!(fold("don’t", true), "don't");
        // NFKC: the ligature "ﬁ" and fullwidth letters become plain letters.
        assert_eq!(fold("ﬁrm", true), "firm");
        assert_eq!(fold("ＵＳ", false), "US");
    }
}
