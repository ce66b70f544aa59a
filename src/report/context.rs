//! hits.csv's `context`: the rule, in one place, by which the writer cuts a hit's sentence and
//! every reader (`slant sample`, `slant explain`, the page) finds the hit in what was written.
//!
//! A hit's context is its whole sentence when the sentence is at most `WHOLE_MAX` characters;
//! in a longer one it is the match with at most `SIDE` characters of the sentence on each side,
//! with `CUT` where the sentence was cut. Every row of hits.csv carries its context, so whole
//! sentences made hits.csv grow with the square of a sentence (a 132 KB sentence of 20,000 hits:
//! a 2.6 GB hits.csv); bounded windows keep it linear in the input. Characters are counted, not
//! bytes, so that a window is as long to read in any script.
//!
//! Reading back: hits.csv gives a hit's offsets in the article, not in its context. A context
//! cut at its start has the match right after `CUT` and `SIDE` characters (`after_cut`); any
//! other starts where its sentence starts, so the hit is found from the offsets of its
//! sentence's other hits (`sentence_base`).

/// The longest sentence, in characters, that is a hit's whole context. Every seed sentence is
/// shorter (the longest has 457), as are the sentences of news text but for lists, tables and
/// text whose punctuation was lost.
pub(crate) const WHOLE_MAX: usize = 600;

/// Characters of a longer sentence kept on each side of the match.
pub(crate) const SIDE: usize = 200;

/// Marks where the sentence was cut, at the start and/or end of the context.
pub(crate) const CUT: char = '…';

/// A sentence as the writer cuts it: its text and whether it is longer than `WHOLE_MAX`
/// characters, decided once for all the sentence's hits.
pub(crate) struct Sentence<'a> {
    text: &'a str,
    long: bool,
}

/// A hit's context: a part of its sentence (bytes `from..from + text.len()` of it), and whether
/// the sentence goes on before and after it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Window<'a> {
    pub from: usize,
    pub text: &'a str,
    pub cut_start: bool,
    pub cut_end: bool,
}

impl Window<'_> {
    /// The context as hits.csv gives it: the text with `CUT` where it was cut.
    pub(crate) fn push_to(&self, out: &mut String) {
        if self.cut_start {
            out.push(CUT);
        }
        out.push_str(self.text);
        if self.cut_end {
            out.push(CUT);
        }
    }
}

impl<'a> Sentence<'a> {
    pub(crate) fn new(text: &'a str) -> Sentence<'a> {
        // Bytes bound characters: most sentences are decided without counting.
        let long = text.len() > WHOLE_MAX && text.chars().nth(WHOLE_MAX).is_some();
        Sentence { text, long }
    }

    /// The context of a match at bytes `start..end` of the sentence (clamped to it).
    pub(crate) fn window(&self, start: usize, end: usize) -> Window<'a> {
        let text = self.text;
        if !self.long {
            return Window {
                from: 0,
                text,
                cut_start: false,
                cut_end: false,
            };
        }
        let start = floor_boundary(text, start);
        let end = floor_boundary(text, end.max(start));
        // Walks at most SIDE characters each way: a window costs the same in any sentence.
        let from = text[..start]
            .char_indices()
            .rev()
            .take(SIDE)
            .last()
            .map_or(start, |(i, _)| i);
        let to = text[end..]
            .char_indices()
            .nth(SIDE)
            .map_or(text.len(), |(i, _)| end + i);
        Window {
            from,
            text: &text[from..to],
            cut_start: from > 0,
            cut_end: to < text.len(),
        }
    }
}

/// About how many bytes a context takes, for a sentence of `sentence` bytes and a match of
/// `matched`: what the writer reserves room for. Exact for a sentence of at most `WHOLE_MAX`
/// bytes (whole) and for a window of ASCII text.
pub(crate) fn size_hint(sentence: usize, matched: usize) -> usize {
    if sentence <= WHOLE_MAX {
        sentence
    } else {
        sentence.min(2 * SIDE + matched + 2 * CUT.len_utf8())
    }
}

/// `at` clamped to the text and moved back to a character boundary.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the match `matched` is in `context` (a byte offset) when the context was cut at its
/// start: right after `CUT` and `SIDE` characters. None when the context does not start with
/// `CUT`, or has not `matched` there (a sentence of at most `WHOLE_MAX` characters that starts
/// with `…` as written).
pub(crate) fn after_cut(context: &str, matched: &str) -> Option<usize> {
    let rest = context.strip_prefix(CUT)?;
    let at = rest.char_indices().nth(SIDE).map_or(rest.len(), |(i, _)| i);
    rest[at..]
        .starts_with(matched)
        .then_some(CUT.len_utf8() + at)
}

/// Where a sentence starts in a context that starts where its sentence starts, from its
/// sentence's hits (`marks`: article offset and matched text): the first place in `context`
/// where each hit's matched text is at its distance from the first hit. Returns that place and
/// the first hit's article offset (a hit at `start` is at `base + (start - first)` in `context`);
/// None when the hits do not fit the sentence. In a context cut at its end, hits beyond the cut
/// are not in it and are left out.
pub(crate) fn sentence_base(context: &str, marks: &[(u64, String)]) -> Option<(usize, u64)> {
    let first = marks.iter().map(|m| m.0).min()?;
    let window_end = match context.strip_suffix(CUT) {
        Some(kept) => kept.len(),
        None => usize::MAX,
    };
    // Only hits that can be in the context are tried, so that a long sentence's many hits cost
    // one pass, not one per place. A hit beyond an uncut context never fits it.
    let mut near: Vec<(usize, &str)> = Vec::new();
    for (s, matched) in marks {
        match usize::try_from(s - first) {
            Ok(d) if d <= context.len() => near.push((d, matched.as_str())),
            _ if window_end == usize::MAX => return None,
            _ => {}
        }
    }
    let fits = |base: usize| {
        near.iter().all(|&(d, matched)| {
            context
                .get(base + d..)
                .is_some_and(|t| t.starts_with(matched))
                || base + d + matched.len() > window_end
        })
    };
    (0..=context.len())
        .find(|&b| context.is_char_boundary(b) && fits(b))
        .map(|b| (b, first))
}

/// Places hits in one context: where each is (a byte offset into `context`), its sentence's
/// hits being `marks` (article offset, matched text). The one way every reader places a hit.
pub(crate) struct Placer<'a> {
    context: &'a str,
    marks: &'a [(u64, String)],
    /// Worked out from `marks` only for a context that starts where its sentence starts: a
    /// window cut at its start places its hit alone, at no cost per hit of its sentence.
    base: std::cell::OnceCell<Option<(usize, u64)>>,
}

impl<'a> Placer<'a> {
    pub(crate) fn new(context: &'a str, marks: &'a [(u64, String)]) -> Placer<'a> {
        Placer {
            context,
            marks,
            base: std::cell::OnceCell::new(),
        }
    }

    /// Where the hit at article offset `start` with text `matched` is.
    pub(crate) fn place(&self, start: u64, matched: &str) -> Option<usize> {
        if let Some(at) = after_cut(self.context, matched) {
            return Some(at);
        }
        let (base, first) = (*self
            .base
            .get_or_init(|| sentence_base(self.context, self.marks)))?;
        let at = base.checked_add(usize::try_from(start.checked_sub(first)?).ok()?)?;
        self.context
            .get(at..)
            .is_some_and(|t| t.starts_with(matched))
            .then_some(at)
    }
}

/// Where one hit is in its context (`Placer::place`).
pub(crate) fn locate(
    context: &str,
    start: u64,
    matched: &str,
    marks: &[(u64, String)],
) -> Option<usize> {
    Placer::new(context, marks).place(start, matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(sentence: &str, start: usize, end: usize) -> String {
        let mut out = String::new();
        Sentence::new(sentence).window(start, end).push_to(&mut out);
        out
    }

    #[test]
    fn a_sentence_of_at_most_whole_max_characters_is_the_whole_context() {
        let s = "Russia said Moscow claimed Putin. ".repeat(17);
        assert!(s.len() <= WHOLE_MAX);
        assert_eq!(context(&s, 7, 11), s);
        // Multibyte: 600 characters of 1,200 bytes are still one sentence whole.
        let s = "é".repeat(WHOLE_MAX);
        assert_eq!(context(&s, 2, 4), s);
        let s = "é".repeat(WHOLE_MAX + 1);
        assert_ne!(context(&s, 2, 4), s);
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_match() {
        let s = format!("{}claimed{}", "a".repeat(500), "b".repeat(500));
        let got = context(&s, 500, 507);
        assert_eq!(
            got,
            format!("…{}claimed{}…", "a".repeat(SIDE), "b".repeat(SIDE))
        );
        // Near the start: cut at the end only.
        let got = context(&s, 0, 3);
        assert_eq!(got, format!("{}…", &s[..3 + SIDE]));
        let got = context(&s, 150, 153);
        assert_eq!(got, format!("{}…", &s[..153 + SIDE]));
        // Near the end: cut at the start only.
        let n = s.len();
        assert_eq!(context(&s, n - 3, n), format!("…{}", &s[n - 3 - SIDE..]));
        // Exactly SIDE characters before: nothing cut there.
        assert_eq!(
            context(&s, SIDE, SIDE + 1),
            format!("{}…", &s[..2 * SIDE + 1])
        );
        assert_eq!(context(&s, SIDE + 1, SIDE + 2).chars().next(), Some(CUT));
    }

    #[test]
    fn characters_are_counted_not_bytes() {
        // Two-, three- and four-byte characters on either side.
        let left = "é".repeat(300) + &"—".repeat(300);
        let right = "🚀".repeat(300) + &"ж".repeat(300);
        let s = format!("{left}Putin{right}");
        let at = left.len();
        let got = context(&s, at, at + 5);
        assert_eq!(
            got,
            format!("…{}Putin{}…", "—".repeat(SIDE), "🚀".repeat(SIDE))
        );
        assert_eq!(got.chars().count(), 2 * SIDE + 5 + 2);
        // An offset inside a character is moved back to its start, never a panic.
        let got = context(&s, at + 1, at + 6);
        assert!(got.starts_with(CUT), "{got}");
        assert!(context(&s, s.len() + 10, s.len() + 20).ends_with(&"ж".repeat(SIDE)));
    }

    #[test]
    fn a_match_longer_than_the_window_is_whole() {
        let matched = "x".repeat(3 * WHOLE_MAX);
        let s = format!("{}{matched}{}", "a".repeat(300), "b".repeat(300));
        let got = context(&s, 300, 300 + matched.len());
        assert_eq!(
            got,
            format!("…{}{matched}{}…", "a".repeat(SIDE), "b".repeat(SIDE))
        );
        // The whole sentence, when the match and both sides cover it.
        let s = format!("aa{matched}bb");
        assert_eq!(context(&s, 2, 2 + matched.len()), s);
    }

    #[test]
    fn readers_find_the_match_where_the_writer_put_it() {
        let unit = "Russia said Moscow claimed Putin ";
        let s = unit.repeat(100);
        let marks: Vec<(u64, String)> = (0..100)
            .flat_map(|i| {
                let at = (i * unit.len()) as u64;
                [(at, "Russia".to_owned()), (at + 12, "Moscow".to_owned())]
            })
            .collect();
        for &(start, ref matched) in &marks {
            let (a, b) = (start as usize, start as usize + matched.len());
            let ctx = context(&s, a, b);
            let at = locate(&ctx, start, matched, &marks).unwrap();
            let left: String = ctx[..at].chars().rev().take_while(|&c| c != CUT).collect();
            let want: String = s[..a].chars().rev().take(SIDE).collect();
            assert_eq!(left, want, "hit at {start}");
            assert_eq!(&ctx[at..at + matched.len()], matched);
        }
        // A short sentence that starts with `…` as written: placed from its hits.
        let s = format!("…{}", "and so it went, Moscow claimed. ".repeat(10));
        let m = s.find("Moscow").unwrap();
        let at = (s.find("claimed").unwrap() - m) as u64 + 100;
        let marks = vec![(100, "Moscow".to_owned()), (at, "claimed".to_owned())];
        assert_eq!(locate(&s, 100, "Moscow", &marks), Some(m));
        assert_eq!(sentence_base(&s, &marks), Some((m, 100)));
    }
}
