//! Direct quotations: the byte spans of text inside “…”, "…", «…» and ‘…’ — found in real copy,
//! not only in clean text.
//!
//! Real news arrives flattened (a whole article on one line), with straight `"` only, with `"`
//! standing for an apostrophe (`doesn"t`), and with `"?` or `"�` where a curly mark and the
//! character after it were lost in an encoding accident (`choice,"?Sen. Warren said` is `choice,”
//! Sen. Warren said`; `determine "?at least` is an em dash). Toggling on every `"` turns one
//! stray mark into a flip of inside and outside for the rest of the article. So:
//!
//! 1. Each mark's role is decided from its neighbours (`role_of`): after a space and before a
//!    word it opens, after a word or punctuation and before a space it closes, between two
//!    letters it is an apostrophe, `"?` after a space is a dash. Curly marks are read the same
//!    way, their shape deciding only where the context does not.
//! 2. Marks are paired within a paragraph (a line). An opening mark while a quotation is open
//!    after a sentence end is the continued-paragraph convention (a quotation that runs over
//!    paragraphs reopens each one; flattened copy lost the breaks): the quotation goes on. A
//!    quotation left open at a paragraph's end goes on too when the next paragraph opens with a
//!    mark; otherwise it is closed locally, at the end of its first sentence, and the article is
//!    flagged unbalanced. A closing mark with nothing open is ignored (and flagged).
//! 3. Single marks (‘…’ and straight `'`) quote only inside one sentence outside a double
//!    quotation: they are mostly apostrophes.

#[cfg(test)] // the tests' entry point; articles go through `Doc::analyze`
/// Finds quotation spans in `text`, appending `(start, end)` byte ranges of their contents (the
/// marks themselves excluded) to `out`, in text order. Returns whether some mark could not be
/// paired (the quotation boundaries of the text are a guess there).
pub(crate) fn find_quotes(text: &str, out: &mut Vec<(usize, usize)>) -> bool {
    find_quotes_with(text, out, &mut Marks::default())
}

/// The buffers `find_quotes` works in, kept by a worker from article to article.
#[derive(Debug, Default, Clone)]
pub(crate) struct Marks {
    doubles: Vec<Mark>,
    singles: Vec<(usize, usize)>,
}

#[cfg(test)] // the tests' entry point; articles go through `Doc::analyze`
/// `find_quotes` in the buffers of `scratch`.
pub(crate) fn find_quotes_with(
    text: &str,
    out: &mut Vec<(usize, usize)>,
    scratch: &mut Marks,
) -> bool {
    find_quotes_outside(text, &[], out, scratch)
}

/// `find_quotes_with`, where the marks inside the sorted, disjoint byte ranges `excluded` (text
/// left out as boilerplate) are no marks: a quote mark of a removed headline or post would
/// otherwise pair with one of the copy.
pub(crate) fn find_quotes_outside(
    text: &str,
    excluded: &[(usize, usize)],
    out: &mut Vec<(usize, usize)>,
    scratch: &mut Marks,
) -> bool {
    let bytes = text.as_bytes();
    let mut unbalanced = false;
    let Marks {
        doubles: marks,
        singles,
    } = scratch;
    let mut candidates = Candidates::default();
    let mut pos = 0;
    // Only a paragraph (a line; a lone CR, as in old Mac files, ends one as LF does) with a byte
    // that can begin a mark can hold a quotation: jump from one such paragraph to the next
    // instead of visiting every line (articles have dozens, most without a mark).
    while let Some(c) = candidates.next(bytes, pos) {
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[pos..c]).map_or(pos, |k| pos + k + 1);
        let end = memchr::memchr2(b'\n', b'\r', &bytes[c..]).map_or(text.len(), |k| c + k);
        let first = out.len();
        unbalanced |= find_in_paragraph(text, start, end, excluded, marks, out);
        find_single(text, start, end, excluded, first, singles, out);
        pos = end;
    }
    unbalanced
}

/// The bytes that can begin a quote mark: `"`, `'`, the lead byte of “ ” „ ‘ ’ (0xE2) and of
/// « » (0xC2). memchr looks for at most three bytes at once, so 0xC2 (rare in English copy) is
/// looked for apart, and where it was found is kept.
#[derive(Default)]
struct Candidates {
    /// The next 0xC2 at or after the position it was looked for from, if any.
    c2: Option<Option<usize>>,
}

impl Candidates {
    fn next(&mut self, bytes: &[u8], pos: usize) -> Option<usize> {
        let tail = bytes.get(pos..)?;
        if self.c2.is_none_or(|c2| c2.is_some_and(|at| at < pos)) {
            self.c2 = Some(memchr::memchr(0xC2, tail).map(|k| pos + k));
        }
        let other = memchr::memchr3(b'"', b'\'', 0xE2, tail).map(|k| pos + k);
        match (other, self.c2.flatten()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// What a mark does, decided from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Spaces on both sides (or no telling): it closes an open quotation, else opens one.
    Either,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Byte span of the mark (a garbled character after it included).
    at: usize,
    end: usize,
    role: Role,
    /// A straight `"` (else a curly mark or a guillemet): a quotation opened with one kind is
    /// closed with the same kind, so the other kind nests inside it.
    straight: bool,
}

/// The characters an encoding accident leaves after a lost curly mark: `?` or U+FFFD.
fn is_garble(c: char) -> bool {
    c == '?' || c == '\u{FFFD}'
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2012}')
}

fn is_opening_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '/') || is_dash(c)
}

/// The role of a double mark `c` at `at` (a straight `"` or a curly one), with `prev` the
/// character before it as seen by the pairing (a space after a garbled mark), or `None` when it
/// is no quote mark (an apostrophe, a dash). Also returns where the mark ends: a garbled
/// character that stood for a space after it belongs to it.
fn role_of(text: &str, at: usize, c: char, prev: char) -> Option<(Role, usize)> {
    let after = at + c.len_utf8();
    let mut rest = text[after..].chars();
    let next = rest.next();
    let next2 = rest.next();
    let glyph = match c {
        '\u{201C}' | '\u{201E}' | '«' => Some(Role::Open),
        '\u{201D}' | '»' => Some(Role::Close),
        _ => None,
    };
    if let Some(g) = next.filter(|&n| is_garble(n) && c == '"') {
        let end = after + g.len_utf8();
        let then = next2.unwrap_or(' ');
        if g == '?' {
            return if prev.is_whitespace() || is_dash(prev) {
                // ` "?at least` : an em dash.
                None
            } else if prev.is_alphanumeric() && then.is_whitespace() {
                // `done it"? And`: a real question mark after a closing mark.
                Some((Role::Close, after))
            } else if matches!(prev, 's' | 'S') && then.is_alphanumeric() {
                // `DeVos"?nomination`, `teachers"?unions`: a possessive apostrophe and a space.
                None
            } else {
                Some((Role::Close, end))
            };
        }
        return if prev.is_whitespace() {
            Some((Role::Open, end))
        } else if prev.is_alphanumeric() && then.is_alphanumeric() {
            None
        } else {
            Some((Role::Close, end))
        };
    }
    let n = next.unwrap_or(' ');
    let p_space = prev.is_whitespace() || is_opening_punct(prev);
    let n_space = n.is_whitespace();
    let role = if prev.is_alphanumeric() && n.is_alphanumeric() {
        // `doesn"t`, `I"ve`: an apostrophe — unless the shape says otherwise.
        return glyph.map(|g| (g, after));
    } else if p_space && n_space {
        Role::Either
    } else if p_space {
        Role::Open
    } else if n_space || matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}') {
        Role::Close
    } else if matches!(prev, '.' | ',' | '!' | '?' | ';') {
        // `most."Guthrie`: a closing mark glued to the next sentence.
        Role::Close
    } else if prev == ':' {
        Role::Open
    } else if prev.is_alphanumeric() {
        Role::Close
    } else if n.is_alphanumeric() {
        Role::Open
    } else {
        Role::Either
    };
    // Guillemets are never used backwards; curly marks are trusted where the context is silent.
    let role = match (c, role, glyph) {
        ('«' | '»', _, Some(g)) => g,
        (_, Role::Either, Some(g)) => g,
        _ => role,
    };
    Some((role, after))
}

/// Is byte `at` inside one of the sorted, disjoint ranges `excluded`?
fn excluded_at(excluded: &[(usize, usize)], at: usize) -> bool {
    let i = excluded.partition_point(|&(_, e)| e <= at);
    excluded.get(i).is_some_and(|&(s, _)| s <= at)
}

/// The double marks of `text[start..end]` outside `excluded` with their roles.
fn double_marks(
    text: &str,
    start: usize,
    end: usize,
    excluded: &[(usize, usize)],
    marks: &mut Vec<Mark>,
) {
    marks.clear();
    let bytes = &text.as_bytes()[..end];
    let mut i = start;
    // Where the last mark (with its garbled character) ended: the next mark sees a space there.
    let mut last_end = usize::MAX;
    // Only `"` and the lead bytes of “ ” „ (0xE2) and « » (0xC2) can start a double mark: skip
    // everything else without decoding it.
    while let Some(off) = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..]) {
        let at = i + off;
        let Some(c) = text[at..end].chars().next() else {
            break;
        };
        i = at + c.len_utf8();
        if !matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '«' | '»')
            || excluded_at(excluded, at)
        {
            continue;
        }
        let prev = if at == start || at == last_end {
            ' '
        } else {
            text[start..at].chars().next_back().unwrap_or(' ')
        };
        if let Some((role, mark_end)) = role_of(&text[..end], at, c, prev) {
            marks.push(Mark {
                at,
                end: mark_end,
                role,
                straight: c == '"',
            });
            last_end = mark_end;
            i = mark_end;
        }
    }
}

/// Pairs the double marks of one paragraph `text[start..end]`, appending the quotations to
/// `out`. Returns whether a mark could not be paired.
fn find_in_paragraph(
    text: &str,
    start: usize,
    end: usize,
    excluded: &[(usize, usize)],
    marks: &mut Vec<Mark>,
    out: &mut Vec<(usize, usize)>,
) -> bool {
    double_marks(text, start, end, excluded, marks);
    let mut unbalanced = false;
    let mut open: Option<Mark> = None;
    let last_of = |straight: bool| marks.iter().rposition(|m| m.straight == straight);
    let last = [last_of(false), last_of(true)];
    for (k, &m) in marks.iter().enumerate() {
        if let Some(o) = open {
            // A mark of the other kind nests inside the quotation, as long as one of its own
            // kind follows to close it (messy copy also opens with “ and closes with ").
            if m.straight != o.straight && last[usize::from(o.straight)].is_some_and(|l| l > k) {
                continue;
            }
        }
        match (open, m.role) {
            (None, Role::Open | Role::Either) => open = Some(m),
            (None, Role::Close) => unbalanced = true,
            (Some(o), Role::Close | Role::Either) => {
                push(out, o.end, m.at);
                open = None;
            }
            (Some(o), Role::Open) => {
                if ends_sentence(&text[o.end..m.at]) {
                    // A quotation that runs on: the next paragraph reopened it.
                    continue;
                }
                // The quotation lost its closing mark: it ends with its first sentence, and at
                // the latest before this mark.
                unbalanced = true;
                push(out, o.end, first_sentence_end(text, o.end, m.at));
                open = Some(m);
            }
        }
    }
    if let Some(o) = open {
        if opens_with_quote(text, end) {
            // The convention: a quotation that goes on in the next paragraph is not closed.
            push(out, o.end, end);
        } else {
            unbalanced = true;
            push(out, o.end, first_sentence_end(text, o.end, end));
        }
    }
    unbalanced
}

fn push(out: &mut Vec<(usize, usize)>, s: usize, e: usize) {
    if e > s {
        out.push((s, e));
    }
}

/// Does `gap` (the text between two marks) end with the end of a sentence?
fn ends_sentence(gap: &str) -> bool {
    gap.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'))
        && gap.ends_with(char::is_whitespace)
}

/// The end of the first sentence that starts at `from`, no further than `limit`: after a `.`,
/// `!` or `?` followed by a space and a capital (the sentence splitter's rule, without its
/// abbreviations: this only bounds a quotation whose closing mark is lost).
fn first_sentence_end(text: &str, from: usize, limit: usize) -> usize {
    let s = &text[from..limit];
    for (i, c) in s.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let rest = &s[i + 1..];
            let after = rest.trim_start();
            if after.len() < rest.len() && after.starts_with(|c: char| c.is_uppercase()) {
                return from + i + 1;
            }
        }
    }
    limit
}

/// Does the paragraph after the line ending at `end` open with a double quote mark?
fn opens_with_quote(text: &str, end: usize) -> bool {
    text[end..]
        .trim_start()
        .starts_with(['"', '\u{201C}', '\u{201E}', '«'])
}

/// Single-quoted spans (‘…’, '…') of the paragraph `text[start..end]` that lie outside the
/// double quotations found from index `first` of `out`, inserted in order. A single mark opens
/// at a word's start, closes at a word's end, and the two must be in one sentence: most single
/// marks are apostrophes (`Paris' Orly`, `the 90s'`).
fn find_single(
    text: &str,
    start: usize,
    end: usize,
    excluded: &[(usize, usize)],
    first: usize,
    found: &mut Vec<(usize, usize)>,
    out: &mut Vec<(usize, usize)>,
) {
    found.clear();
    let bytes = &text.as_bytes()[..end];
    let mut open: Option<usize> = None;
    let mut i = start;
    // Only `'` and the lead byte of ‘ ’ (0xE2) can be a single mark: jump from one to the next
    // without decoding what lies between (this runs on every line of every article).
    while let Some(off) = memchr::memchr2(b'\'', 0xE2, &bytes[i..]) {
        let at = i + off;
        let Some(c) = text[at..end].chars().next() else {
            break;
        };
        i = at + c.len_utf8();
        if !matches!(c, '\'' | '\u{2018}' | '\u{2019}') || excluded_at(excluded, at) {
            continue;
        }
        let prev = text[start..at].chars().next_back().unwrap_or(' ');
        let next = text[i..end].chars().next().unwrap_or(' ');
        if prev.is_alphanumeric() && next.is_alphanumeric() {
            continue;
        }
        // A single quotation does not cross a sentence end.
        if open.is_some_and(|s| crosses_sentence_end(text, s, at, end)) {
            open = None;
        }
        let opens = !prev.is_alphanumeric() && next.is_alphanumeric() && c != '\u{2019}';
        let closes = !next.is_alphanumeric() && c != '\u{2018}';
        match open {
            Some(s) if closes && !inside(out, first, s) => {
                found.push((s, at));
                open = None;
            }
            None if opens => open = Some(i),
            Some(_) if opens => open = Some(i),
            _ => {}
        }
    }
    if found.is_empty() {
        return;
    }
    out.extend(found.iter().copied().filter(|&(s, e)| e > s));
    out[first..].sort_unstable();
}

/// Is there a sentence end — `.`, `!` or `?` before a space, not the line's last character —
/// in `text[from..to]`, for a single quotation opened at `from` in the line ending at `end`?
fn crosses_sentence_end(text: &str, from: usize, to: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    (from..to).any(|p| {
        matches!(bytes[p], b'.' | b'!' | b'?')
            && p > from
            && p + 1 < end
            && text[p + 1..end]
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
    })
}

/// Is `pos` inside one of the quotations `out[first..]`?
fn inside(out: &[(usize, usize)], first: usize, pos: usize) -> bool {
    out[first..].iter().any(|&(s, e)| s <= pos && pos <= e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        find_quotes(text, &mut spans);
        spans.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    fn unbalanced(text: &str) -> bool {
        find_quotes(text, &mut Vec::new())
    }

    #[test]
    fn curly_and_straight_quotes() {
        assert_eq!(
            quoted("It called it “illegal” and said \"no deal\" today."),
            vec!["illegal", "no deal"]
        );
    }

    #[test]
    fn apostrophe_is_not_a_quote() {
        assert_eq!(quoted("Russia’s war and Kim’s visit"), Vec::<&str>::new());
        assert_eq!(quoted("a ‘hermit’ state’s ties"), vec!["hermit"]);
        assert_eq!(
            quoted("Paris' Orly airport and the soldiers' rifles"),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted("It was a 'hard Brexit', he said of the 1990s' deal."),
            vec!["hard Brexit"]
        );
    }

    #[test]
    fn straight_mark_between_letters_is_an_apostrophe() {
        let text = "He said \"it doesn\"t matter\" and \"I\"ve left\" today.";
        assert_eq!(quoted(text), vec!["it doesn\"t matter", "I\"ve left"]);
        assert!(!unbalanced(text));
    }

    #[test]
    fn garbled_marks_of_flattened_copy() {
        // `"?` after punctuation is a closing mark and a lost space; after a space, a dash;
        // after a possessive s, an apostrophe.
        let text = "The vote on DeVos\"?nomination came. \"It is hard to imagine a worse choice,\"?Sen. Elizabeth Warren said. The court could determine \"?at least for now \"?the fate of \"potential grizzlies.\"?DeVos\"?foes agreed.";
        assert_eq!(
            quoted(text),
            vec![
                "It is hard to imagine a worse choice,",
                "potential grizzlies."
            ]
        );
        assert!(!unbalanced(text));
        // A closing mark, its lost space, and an opening mark at once.
        assert_eq!(
            quoted("\"We won.\"?\"We will win again,\" he said."),
            vec!["We won.", "We will win again,"]
        );
    }

    #[test]
    fn a_verb_after_a_closing_mark_is_outside() {
        let text = "\"We are moving forward,\" he added. \"Next year,\" she said.";
        assert_eq!(quoted(text), vec!["We are moving forward,", "Next year,"]);
    }

    #[test]
    fn continued_paragraphs_in_flattened_copy() {
        // The first quotation's paragraph ended without a closing mark and the next reopened:
        // one quotation.
        let text = "\"We will fight. We will win. \"And we will prevail,\" he said. Then he left.";
        assert_eq!(
            quoted(text),
            vec!["We will fight. We will win. \"And we will prevail,"]
        );
        assert!(!unbalanced(text));
        // The same on separate lines: the open quotation runs to its paragraph's end.
        assert_eq!(
            quoted("\"We will fight.\n\"And we will prevail,\" he said."),
            vec!["We will fight.", "And we will prevail,"]
        );
    }

    #[test]
    fn a_lost_closing_mark_is_recovered_locally() {
        // One unpaired mark in a one-line article must not flip the rest of it.
        let text = "He said \"we will win. Officials disagreed. Later it rained and \"more\" fell.";
        assert_eq!(quoted(text), vec!["we will win.", "more"]);
        assert!(unbalanced(text));
        let text = "Critics called it \"a sham and said so. Nobody \"cared\" after.";
        assert_eq!(quoted(text), vec!["a sham and said so.", "cared"]);
    }

    #[test]
    fn unbalanced_quote_closes_at_end_of_paragraph() {
        assert_eq!(
            quoted("He said “we will win\nThe next line is not quoted."),
            vec!["we will win"]
        );
        assert!(unbalanced(
            "He said “we will win\nThe next line is not quoted."
        ));
    }

    #[test]
    fn curly_quote_keeps_straight_marks_inside() {
        assert_eq!(quoted("“a \"b\" c” d"), vec!["a \"b\" c"]);
    }

    /// Every line visited, as before paragraphs without a mark were jumped over.
    fn every_line(text: &str, out: &mut Vec<(usize, usize)>) -> bool {
        let bytes = text.as_bytes();
        let (mut unbalanced, mut pos) = (false, 0);
        let (mut marks, mut singles) = (Vec::new(), Vec::new());
        while pos < text.len() {
            let start = pos;
            pos = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(text.len(), |k| pos + k + 1);
            let end = start + text[start..pos].trim_end_matches(['\n', '\r']).len();
            let first = out.len();
            unbalanced |= find_in_paragraph(text, start, end, &[], &mut marks, out);
            find_single(text, start, end, &[], first, &mut singles, out);
        }
        unbalanced
    }

    proptest::proptest! {
        #[test]
        fn jumping_to_paragraphs_with_marks_finds_what_every_line_finds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "\"", "“", "”", "„", "«", "»", "‘", "’", "'", "—", "é", "\"?", "?", "\n", "\r",
                "\r\n", "\n\n", " ", ". ", ", ", "He said", "word", "Kim", "s",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let (ua, ub) = (find_quotes(&text, &mut a), every_line(&text, &mut b));
            proptest::prop_assert_eq!(a, b);
            proptest::prop_assert_eq!(ua, ub);
        }
    }

    #[test]
    fn marks_in_removed_text_pair_with_nothing() {
        // A tweet left out as boilerplate holds an opening mark: it must not pair with the
        // copy's mark after it and turn the copy between them into a quotation.
        let text = "Copy. \"So proud pic.twitter.com/x Then the copy said it was \"fine\" today.";
        let tweet = (6, text.find(" Then").unwrap());
        let mut spans = Vec::new();
        find_quotes_outside(text, &[tweet], &mut spans, &mut Marks::default());
        let got: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(got, ["fine"]);
    }
}
