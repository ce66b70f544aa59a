//! Direct quotations: the byte spans of text inside “…”, "…", «…» and ‘…’.
//!
//! A quotation never crosses a paragraph: news copy opens a new paragraph with a new quote mark
//! when a quotation goes on, and a stray mark must not turn the rest of an article into a quote.
//! So an unbalanced quote closes at the end of its line. ‘ and ’ count as quote marks only where
//! they stand at a word's edge; inside a word ’ is an apostrophe ("Russia’s").

/// Finds quotation spans in `text`, appending `(start, end)` byte ranges of their contents (the
/// marks themselves excluded) to `out`, in text order.
pub fn find_quotes(text: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        // A lone CR (old Mac files) ends a line as LF does.
        let start = pos;
        pos = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(text.len(), |k| pos + k + 1);
        find_in_line(&text[start..pos], start, out);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Curly,
    Straight,
    Guillemet,
    Single,
}

fn find_in_line(line: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let bytes = line.as_bytes();
    let mut open: Option<(Mark, usize)> = None;
    let mut i = 0;
    // Only `"` and the lead bytes of “ ” „ ‘ ’ (0xE2) and « » (0xC2) can start a quote mark: skip
    // everything else without decoding it.
    while let Some(off) = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..]) {
        let at = i + off;
        let Some(c) = line[at..].chars().next() else {
            break;
        };
        let after = at + c.len_utf8();
        i = after;
        let prev = || line[..at].chars().next_back();
        let next = || line[after..].chars().next();
        match (c, open) {
            ('\u{201C}' | '\u{201E}', None) => open = Some((Mark::Curly, after)),
            ('\u{201D}', Some((Mark::Curly, s))) => {
                out.push((base + s, base + at));
                open = None;
            }
            ('"', None) => open = Some((Mark::Straight, after)),
            ('"', Some((Mark::Straight, s))) => {
                out.push((base + s, base + at));
                open = None;
            }
            ('«', None) => open = Some((Mark::Guillemet, after)),
            ('»', Some((Mark::Guillemet, s))) => {
                out.push((base + s, base + at));
                open = None;
            }
            ('\u{2018}', None) if !prev().is_some_and(char::is_alphanumeric) => {
                open = Some((Mark::Single, after))
            }
            ('\u{2019}', Some((Mark::Single, s))) if !next().is_some_and(char::is_alphanumeric) => {
                out.push((base + s, base + at));
                open = None;
            }
            _ => {}
        }
    }
    if let Some((_, s)) = open {
        let end = line.trim_end_matches(['\n', '\r']).len();
        if end > s {
            out.push((base + s, base + end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        find_quotes(text, &mut spans);
        spans.iter().map(|&(s, e)| &text[s..e]).collect()
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
    }

    #[test]
    fn unbalanced_quote_closes_at_end_of_paragraph() {
        assert_eq!(
            quoted("He said “we will win\nThe next line is not quoted."),
            vec!["we will win"]
        );
    }

    #[test]
    fn curly_quote_keeps_straight_marks_inside() {
        assert_eq!(quoted("“a \"b\" c” d"), vec!["a \"b\" c"]);
    }
}
