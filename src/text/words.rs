//! Word spans by Unicode's word boundary rules (UAX #29), fast for the text news is mostly made of.
//!
//! The general path is unicode-segmentation's. Most news text is ASCII plus a handful of
//! typographic characters (curly quotes and apostrophes, dashes, ellipses, guillemets), for which
//! the rules reduce to a few lines: letters, digits and `_` run together; a run goes on across
//! one `:` `.` `'` `’` `‘` between two letters, or one `,` `;` `.` `'` `’` `‘` between two digits
//! (rules WB5–WB13b). Text made only of those characters takes that path — the property test
//! below checks that both paths give the same spans — and anything else the general one.

use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_` (ExtendNumLet): joins a run but is neither letter nor digit.
    Under,
    /// `:` (MidLetter).
    MidLetter,
    /// `.`, `'`, `’`, `‘` (MidNumLet and Single_Quote).
    MidNumLet,
    /// `,` `;` (MidNum).
    MidNum,
    Other,
}

/// The class of a character of the fast path, or `None` when the text needs the general path.
fn class(c: char) -> Option<Class> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        '_' => Class::Under,
        ':' => Class::MidLetter,
        '.' | '\'' | '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        ',' | ';' => Class::MidNum,
        // ASCII controls other than tab/newline/CR are Other too, but rare enough to leave to
        // the general path.
        ' ' | '\t' | '\n' | '\r' | '!'..='/' | '<'..='@' | '['..='^' | '`' | '{'..='~' => {
            Class::Other
        }
        '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' | '\u{2026}' | '\u{00AB}'
        | '\u{00BB}' | '\u{00A9}' | '\u{00B0}' | '\u{2022}' => Class::Other,
        _ => return None,
    })
}

fn joins(prev: Class, mid: Class, next: Class) -> bool {
    match (prev, next) {
        (Class::Letter, Class::Letter) => matches!(mid, Class::MidLetter | Class::MidNumLet),
        (Class::Digit, Class::Digit) => matches!(mid, Class::MidNum | Class::MidNumLet),
        _ => false,
    }
}

/// Appends to `out` (cleared first) the byte spans of the UAX #29 word segments of `text` that
/// contain a letter or digit. Lines are independent (a line break always ends a word), so the fast
/// path runs over the text until it meets a character it does not know; that character's line
/// is then taken by the general path, and the fast path goes on after it. Returns whether the
/// fast path took the whole text — which then has no control character but tab, CR and LF, the
/// only ones the fast path knows.
pub(crate) fn word_spans(text: &str, out: &mut Vec<(usize, usize)>) -> bool {
    out.clear();
    let mut fast = true;
    let mut from = 0;
    while from < text.len() {
        let Some(bad) = fast_spans(&text[from..], from, out) else {
            break;
        };
        fast = false;
        let bad = from + bad;
        let bytes = text.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[from..bad]).map_or(from, |p| from + p + 1);
        let end = memchr::memchr(b'\n', &bytes[bad..]).map_or(text.len(), |p| bad + p + 1);
        // The fast path's spans from this line go; no span of an earlier line reaches into it.
        while out.last().is_some_and(|&(s, _)| s >= start) {
            out.pop();
        }
        for (off, seg) in text[start..end].split_word_bound_indices() {
            if seg.chars().any(char::is_alphanumeric) {
                out.push((start + off, start + off + seg.len()));
            }
        }
        from = end;
    }
    fast
}

/// The classes of the ASCII characters, looked up rather than matched for every byte.
const ASCII: [Option<Class>; 128] = {
    let mut t = [None; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = class_const(b as u8 as char);
        b += 1;
    }
    t
};

/// `class` for the table above (a const fn cannot call `class`, which matches on ranges the same
/// way; the test `ascii_table_agrees` keeps the two equal).
const fn class_const(c: char) -> Option<Class> {
    match c {
        'a'..='z' | 'A'..='Z' => Some(Class::Letter),
        '0'..='9' => Some(Class::Digit),
        '_' => Some(Class::Under),
        ':' => Some(Class::MidLetter),
        '.' | '\'' => Some(Class::MidNumLet),
        ',' | ';' => Some(Class::MidNum),
        ' ' | '\t' | '\n' | '\r' | '!'..='/' | '<'..='@' | '['..='^' | '`' | '{'..='~' => {
            Some(Class::Other)
        }
        _ => None,
    }
}

/// The character at byte `i` of `text` and its class (`None`: not a fast-path character).
fn char_at(text: &str, i: usize) -> (Option<Class>, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (ASCII[b as usize], 1);
    }
    match text[i..].chars().next() {
        Some(c) => (class(c), c.len_utf8()),
        None => (None, 1),
    }
}

/// Per byte: 1 an ASCII letter, 2 a digit, 4 `_`; 0 anything else. A word's run of these is taken
/// in one tight loop.
const WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => 1,
            b'0'..=b'9' => 2,
            b'_' => 4,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The fast path over `text` (any number of lines) starting at byte `base` of the article;
/// returns the offset in `text` of the first character it does not know (with `out` partly
/// filled), or None when it took the whole of `text`.
fn fast_spans(text: &str, base: usize, out: &mut Vec<(usize, usize)>) -> Option<usize> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // The run being built: its start, whether it has a letter or digit.
    let mut run: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < n {
        let f = WORD[bytes[i] as usize];
        if f != 0 {
            // Letters, digits and `_` run together (WB5, WB8–WB10, WB13a/b): most of a text.
            let mut flags = f;
            let mut j = i + 1;
            while j < n {
                let g = WORD[bytes[j] as usize];
                if g == 0 {
                    break;
                }
                flags |= g;
                j += 1;
            }
            let alnum = flags & 3 != 0;
            run = Some(match run {
                Some((s, a)) => (s, a || alnum),
                None => (i, alnum),
            });
            i = j;
            continue;
        }
        let (k, len) = char_at(text, i);
        let Some(k) = k else { return Some(i) };
        if let Some((s, a)) = run {
            // One mid character between two letters or two digits joins them (WB6/7, WB11/12);
            // the run's last character is the ASCII byte before this one.
            let mid = matches!(k, Class::MidLetter | Class::MidNumLet | Class::MidNum);
            let joined = mid && i + len < n && {
                match char_at(text, i + len).0 {
                    None => return Some(i + len),
                    Some(next) => joins(byte_class(bytes[i - 1]), k, next),
                }
            };
            if !joined {
                if a {
                    out.push((base + s, base + i));
                }
                run = None;
            }
        }
        i += len;
    }
    if let Some((s, true)) = run {
        out.push((base + s, base + n));
    }
    None
}

/// The class of an ASCII letter, digit or `_`.
fn byte_class(b: u8) -> Class {
    match WORD[b as usize] {
        1 => Class::Letter,
        2 => Class::Digit,
        _ => Class::Under,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .filter(|(_, s)| s.chars().any(char::is_alphanumeric))
            .map(|(o, s)| (o, o + s.len()))
            .collect()
    }

    #[test]
    fn news_text_takes_the_fast_path() {
        let text =
            "Russia’s “special” war: U.S. officials paid $1,000.50 on Jan. 15 – don't_go a:b.";
        let mut out = Vec::new();
        assert_eq!(fast_spans(text, 0, &mut out), None);
        assert_eq!(out, general(text));
        let words: Vec<&str> = out.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            words,
            [
                "Russia’s",
                "special",
                "war",
                "U.S",
                "officials",
                "paid",
                "1,000.50",
                "on",
                "Jan",
                "15",
                "don't_go",
                "a:b"
            ]
        );
    }

    #[test]
    fn other_text_takes_the_general_path() {
        let mut out = Vec::new();
        assert_eq!(fast_spans("Сosmodrome", 0, &mut out), Some(0));
        word_spans("Сosmodrome café\nplain line", &mut out);
        assert_eq!(out, [(0, 11), (12, 17), (18, 23), (24, 28)]);
    }

    #[test]
    fn ascii_table_agrees() {
        for b in 0u8..128 {
            assert!(ASCII[b as usize] == class(b as char), "byte {b}");
        }
    }

    /// `word_spans`'s promise that text the fast path took whole has no control character but
    /// tab, CR and LF (the worker counts control characters only otherwise).
    #[test]
    fn the_fast_path_knows_no_other_control_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                assert!(class(c).is_none(), "{c:?}");
            }
        }
        let mut out = Vec::new();
        assert!(word_spans("Plain “news” text.\r\n\tSaid.", &mut out));
        for c in ['\u{0}', '\u{C}', '\u{7F}', '\u{85}'] {
            assert!(!word_spans(&format!("a line\nb{c}c"), &mut out), "{c:?}");
        }
    }

    proptest::proptest! {
        /// Both paths give the same spans on text from the fast path's alphabet.
        #[test]
        fn fast_path_equals_uax29(text in "[a-cA-C0-2_:.',; \\n\"!?()\\-’‘“”–—…«»©°•]{0,60}") {
            let mut out = Vec::new();
            proptest::prop_assert_eq!(fast_spans(&text, 0, &mut Vec::new()), None);
            word_spans(&text, &mut out);
            proptest::prop_assert_eq!(out, general(&text));
        }

        /// Lines the fast path does not know (a Cyrillic С, an é, a ™) go to the general path,
        /// wherever they fall; the spans are UAX #29's for the whole text.
        #[test]
        fn mixed_lines_equal_uax29(text in "[a-cA-C0-2:.', \n’“—Сé™]{0,80}") {
            let mut out = Vec::new();
            word_spans(&text, &mut out);
            proptest::prop_assert_eq!(out, general(&text));
        }
    }
}
