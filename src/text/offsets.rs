//! Character offsets beside byte offsets. hits.csv and quotes.csv give byte offsets into the
//! article's text (what Rust, Go and C slice by); Python's `text[a:b]` and R's `substr` count
//! Unicode code points instead, and a byte offset is wrong there once any non-ASCII character
//! comes before it. `CharCursor` turns byte offsets into code-point offsets for a text's spans,
//! counting only the bytes between one offset and the next, since spans come nearly in order.

/// Code-point offsets of byte offsets into one text.
pub(crate) struct CharCursor<'a> {
    text: &'a str,
    /// An ASCII text's code points are its bytes: nothing to count.
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    pub(crate) fn new(text: &'a str) -> CharCursor<'a> {
        CharCursor {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The number of code points before byte offset `byte` (clamped to the text's length).
    /// `byte` is a character boundary, as every offset of a span of the text is.
    pub(crate) fn of(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        if byte >= self.byte {
            self.chars += self.starts(self.byte, byte);
        } else {
            self.chars -= self.starts(byte, self.byte);
        }
        self.byte = byte;
        self.chars
    }
}

impl CharCursor<'_> {
    /// How many characters begin in bytes `a..b`: std's count of a `str`'s characters (a word
    /// at a time; byte by byte it was 2.5% of a run, for quotes.csv's offsets alone), or, should
    /// an offset not be a character boundary, every byte but UTF-8's continuation bytes.
    fn starts(&self, a: usize, b: usize) -> usize {
        match self.text.get(a..b) {
            Some(s) => s.chars().count(),
            None => self.text.as_bytes()[a..b]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "Russia’s “friendly” visit — Сosmodrome 🚀 ok";
        let mut c = CharCursor::new(text);
        let at = text.find("visit").unwrap();
        assert_eq!(c.of(at), text[..at].chars().count());
        assert_eq!(c.of(0), 0);
        assert_eq!(c.of(text.len()), text.chars().count());
        assert_eq!(c.of(text.len() + 5), text.chars().count());
    }

    proptest! {
        /// Any order of character boundaries gives what counting from the start gives.
        #[test]
        fn matches_counting_from_the_start(text in "\\PC{0,40}", picks in prop::collection::vec(0usize..64, 0..12)) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut c = CharCursor::new(&text);
            for p in picks {
                let b = bounds[p % bounds.len()];
                prop_assert_eq!(c.of(b), text[..b].chars().count());
            }
        }
    }
}
