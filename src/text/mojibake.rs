//! Double-encoded UTF-8 ("mojibake"): UTF-8 text that some step of an export read as
//! Windows-1252 (or Latin-1) and wrote out as UTF-8 again, so that `é` (bytes C3 A9) became
//! `Ã©`, `’` (E2 80 99) became `â€™` and `£` became `Â£`. The file is valid UTF-8, so decoding
//! cannot see it; the words are wrong all the same (`Ã©` splits "José" in two, `â€™` hides a
//! possessive and a quotation mark).
//!
//! `repair` finds such sequences — a character that would be a UTF-8 lead byte in Windows-1252
//! (`Â`…`ô`) followed by the characters of the continuation bytes it announces, which together
//! decode to one plausible character — and decodes them where the evidence is clear (below),
//! leaving every other character as it is. The repaired text is what slant analyses;
//! `SpanMap` takes each offset in it back to the text as decoded, so hits.csv's `start`/`end`
//! still slice the article as written (DESIGN's contract).
//!
//! Evidence. A sequence is *certain* when legitimate text never has it: a continuation that is
//! a Latin-1 symbol or C1 control (`Ã©`, `Â£`, `Ã\u{AD}`), `â€` (three bytes of General
//! Punctuation: `’ “ ” – — …`), or a four-byte emoji. It is *weak* when a real word could end
//! that way: a capital accented letter before punctuation (`Ã“` is `Ó` — or a Portuguese
//! `IRMÃ` before a closing quote). The text is repaired when it has two sequences of which at
//! least one is certain, or one certain sequence and no correctly encoded non-ASCII letter (a
//! text that spells `é` right and shows one `Ã©` may be quoting mojibake). Otherwise nothing is
//! changed, and the certain sequences are counted as broken (`Repair::unrepaired`). A
//! Portuguese `Ã` before a letter is never a candidate: a letter is no continuation byte.

/// Windows-1252's characters for the bytes 0x80–0x9F (0 where it has none: Latin-1's C1
/// control is read there, as browsers and encoding_rs do).
const CP1252_80: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// The continuation byte (0x80–0xBF) that `c` is when one was read as Windows-1252 or Latin-1,
/// and whether it is a Latin-1 character (a C1 control or a symbol of 0xA0–0xBF) rather than
/// Windows-1252's punctuation.
fn continuation(c: char) -> Option<(u8, bool)> {
    let u = c as u32;
    if (0x80..=0xBF).contains(&u) {
        return Some((u as u8, true));
    }
    if !(0x0152..=0x2122).contains(&u) {
        return None;
    }
    CP1252_80
        .iter()
        .position(|&x| x != 0 && u32::from(x) == u)
        .map(|i| (0x80 + i as u8, false))
}

/// The number of continuation bytes that `c` announces as a lead byte read as Latin-1.
fn lead(c: char) -> Option<usize> {
    match c as u32 {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// Is `c` a character that news text holds — so that a sequence decoding to it is likely what
/// the text meant? Letters of Latin, Greek, Cyrillic, Hebrew and Arabic script, combining
/// accents, ligatures (`ﬁ`), punctuation, currency and other common symbols, CJK, emoji; not controls, IPA or
/// unassigned planes, which legitimate letters followed by punctuation decode to.
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x24F
        | 0x300..=0x36F
        | 0x370..=0x52F
        | 0x590..=0x6FF
        | 0x1E00..=0x1EFF
        | 0x2000..=0x206F
        | 0x2070..=0x20CF
        | 0x2100..=0x23FF
        | 0x2460..=0x27BF
        | 0x3000..=0x30FF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3
        | 0xFB00..=0xFB4F
        | 0xFE00..=0xFE0F
        | 0xFEFF
        | 0xFF00..=0xFFEF
        | 0xFFFD
        | 0x1F000..=0x1FAFF)
}

/// A double-encoded sequence: bytes `start..end` of the text stand for `ch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    start: usize,
    end: usize,
    ch: char,
    certain: bool,
}

/// The sequence starting with the lead character at byte `at` of `text`, if it is one.
fn candidate_at(text: &str, at: usize) -> Option<Candidate> {
    let mut chars = text[at..].char_indices();
    let (_, first) = chars.next()?;
    let n = lead(first)?;
    let mut bytes = [first as u32 as u8, 0, 0, 0];
    let mut latin1 = false;
    let mut end = at + first.len_utf8();
    for k in 1..=n {
        let next = chars
            .next()
            .and_then(|(i, c)| Some((i, c, continuation(c)?)));
        let Some((i, c, (b, is_latin1))) = next else {
            // `â€` and then no continuation: `”` (E2 80 9D), whose last byte Windows-1252 has
            // no character for and the export dropped.
            let dropped = k == 2 && bytes[..2] == [0xE2, 0x80];
            return dropped.then_some(Candidate {
                start: at,
                end,
                ch: '\u{201D}',
                certain: true,
            });
        };
        bytes[k] = b;
        latin1 |= is_latin1;
        end = at + i + c.len_utf8();
    }
    let ch = std::str::from_utf8(&bytes[..=n]).ok()?.chars().next()?;
    if !plausible(ch) {
        return None;
    }
    // `â€` (General Punctuation) and four-byte sequences have no legitimate reading.
    let certain = latin1 || n == 3 || bytes[..2] == [0xE2, 0x80];
    Some(Candidate {
        start: at,
        end,
        ch,
        certain,
    })
}

/// Every candidate sequence of `text`, in order, not overlapping. The lead characters
/// U+00C2–U+00F4 are the UTF-8 bytes `C3 82`–`C3 B4`: text without them (most news) is passed
/// over by one `memchr` scan.
fn candidates(text: &str) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memchr(0xC3, &bytes[from..]).map(|p| from + p) {
        from = p + 1;
        if !bytes.get(p + 1).is_some_and(|b| (0x82..=0xB4).contains(b)) {
            continue;
        }
        if let Some(c) = candidate_at(text, p) {
            from = c.end;
            out.push(c);
        }
    }
    out
}

/// Does `text` hold a non-ASCII letter outside the candidate sequences: a sign that its accents
/// are encoded right?
fn has_letter_outside(text: &str, found: &[Candidate]) -> bool {
    let mut at = 0;
    for c in found
        .iter()
        .map(|c| (c.start, c.end))
        .chain([(text.len(), text.len())])
    {
        if text[at..c.0]
            .chars()
            .any(|ch| !ch.is_ascii() && ch.is_alphabetic())
        {
            return true;
        }
        at = c.1;
    }
    false
}

/// Whether the candidates are clear evidence of double encoding (see the module comment). A
/// text already repaired once needs two certain sequences more: what one pass leaves is mostly
/// right, and a lone sequence there is as likely a legitimate one.
fn clear(text: &str, found: &[Candidate], first_pass: bool) -> bool {
    let certain = found.iter().filter(|c| c.certain).count();
    match certain {
        0 => false,
        1 if !first_pass => false,
        1 if found.len() == 1 => !has_letter_outside(text, found),
        _ => true,
    }
}

/// One repaired sequence: bytes `to.0..to.1` of the repaired text were `from.0..from.1` of the
/// text before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    from: (u32, u32),
    to: (u32, u32),
}

/// Where each offset of a repaired text was in the text before: the repairs of one pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pass {
    edits: Vec<Edit>,
}

impl Pass {
    /// The offset in the text before of offset `at` of the repaired text. `at` is a character
    /// boundary, so never inside a repaired character: it is before or after each edit.
    fn back(&self, at: usize) -> usize {
        let at = at as u32;
        let k = self.edits.partition_point(|e| e.to.1 <= at);
        let (before, after) = match k.checked_sub(1).map(|k| self.edits[k]) {
            Some(e) => (e.from.1, e.to.1),
            None => (0, 0),
        };
        (before + (at - after)) as usize
    }
}

/// Offsets of a repaired text back to the text as decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanMap {
    /// In the order they were made: a text encoded twice over is repaired twice.
    passes: Vec<Pass>,
}

impl SpanMap {
    /// The offset in the text as decoded of byte offset `at` (a character boundary) of the
    /// repaired text.
    pub fn original(&self, at: usize) -> usize {
        self.passes.iter().rev().fold(at, |at, p| p.back(at))
    }
}

/// What `repair` found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Repair {
    /// The repaired text and where its offsets were, when anything was repaired.
    pub repaired: Option<(String, SpanMap)>,
    /// Certain sequences left as they are because the evidence was not clear.
    pub unrepaired: usize,
}

/// Passes over a text encoded more than twice (`ÃƒÂ©` is `é` encoded three times); each needs
/// clear evidence of its own.
const MAX_PASSES: usize = 3;

/// Finds double-encoded sequences in `text` and repairs them when the evidence is clear.
pub(crate) fn repair(text: &str) -> Repair {
    let mut map = SpanMap::default();
    let mut current: Option<String> = None;
    let mut unrepaired = 0;
    for pass in 0..MAX_PASSES {
        let now = current.as_deref().unwrap_or(text);
        let found = candidates(now);
        if found.is_empty() {
            break;
        }
        if !clear(now, &found, pass == 0) {
            unrepaired = found.iter().filter(|c| c.certain).count();
            break;
        }
        let (next, pass) = apply(now, &found);
        map.passes.push(pass);
        current = Some(next);
    }
    Repair {
        repaired: current.map(|t| (t, map)),
        unrepaired,
    }
}

/// An article's text as slant analyses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prepared {
    /// The text to analyse: repaired, or the text as decoded.
    pub text: String,
    /// When it was repaired: the text as decoded, and where each offset of `text` was in it.
    pub original: Option<(String, SpanMap)>,
    /// Certain sequences left as they are (`Repair::unrepaired`).
    pub unrepaired: usize,
}

impl Prepared {
    /// The offset in the text as decoded of offset `at` of `text`.
    pub fn original_offset(&self, at: usize) -> usize {
        self.original
            .as_ref()
            .map_or(at, |(_, map)| map.original(at))
    }

    /// The text as decoded.
    pub fn original_text(&self) -> &str {
        self.original.as_ref().map_or(&self.text, |(t, _)| t)
    }
}

/// The decoded `text`, repaired where `repair` finds clear evidence (no copy when it does not).
pub(crate) fn prepare(text: String) -> Prepared {
    let Repair {
        repaired,
        unrepaired,
    } = repair(&text);
    match repaired {
        Some((fixed, map)) => Prepared {
            text: fixed,
            original: Some((text, map)),
            unrepaired,
        },
        None => Prepared {
            text,
            original: None,
            unrepaired,
        },
    }
}

/// `text` with every candidate replaced by its character.
fn apply(text: &str, found: &[Candidate]) -> (String, Pass) {
    let mut out = String::with_capacity(text.len());
    let mut edits = Vec::with_capacity(found.len());
    let mut at = 0;
    for c in found {
        out.push_str(&text[at..c.start]);
        let to = out.len() as u32;
        out.push(c.ch);
        edits.push(Edit {
            from: (c.start as u32, c.end as u32),
            to: (to, out.len() as u32),
        });
        at = c.end;
    }
    out.push_str(&text[at..]);
    (out, Pass { edits })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` double-encoded: its UTF-8 bytes read as Windows-1252 (Latin-1 where it has no
    /// character), written as UTF-8.
    fn mojibake(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                0x80..=0x9F if CP1252_80[b as usize - 0x80] != 0 => {
                    char::from_u32(u32::from(CP1252_80[b as usize - 0x80])).unwrap()
                }
                _ => b as char,
            })
            .collect()
    }

    fn repaired(s: &str) -> Option<String> {
        repair(s).repaired.map(|(t, _)| t)
    }

    #[test]
    fn double_encoded_text_is_repaired() {
        for s in [
            "José Müller’s “report” — Gardaí said, café, Straße, Ölpreis, £50 and €20 ©",
            "Ó Briain and Éire: ÀÉÍÓÚ àéíóú ñ ç ø å ł ő ž",
            "Привет, мир — Ελλάδα",
            "emoji 😀, the ﬁrm and the end…",
        ] {
            let broken = mojibake(s);
            assert_ne!(broken, s);
            assert_eq!(repaired(&broken).as_deref(), Some(s), "{broken}");
        }
    }

    #[test]
    fn the_closing_quote_whose_last_byte_was_dropped_is_repaired() {
        // ” is E2 80 9D; Windows-1252 has no character for 9D, and many exports drop it.
        let broken = "â€œIllegal,â€ he said. It isnâ€™t.";
        assert_eq!(
            repaired(broken).as_deref(),
            Some("“Illegal,” he said. It isn’t.")
        );
    }

    #[test]
    fn text_encoded_three_times_is_repaired_in_passes() {
        let broken = mojibake(&mojibake("José and Zoë"));
        assert_eq!(repaired(&broken).as_deref(), Some("José and Zoë"));
    }

    #[test]
    fn legitimate_text_is_left_alone() {
        for s in [
            // Portuguese: Ã before a letter is no continuation.
            "SÃO PAULO — A IRMÃ disse: “NÃO” e AMANHÃ… ÃO",
            // A capital accented letter before punctuation: weak alone.
            "“IRMÃ”, she wrote, and “CAFÉ”.",
            // An accented letter before an ellipsis and a closing quote decodes to CJK: weak.
            "“Café…” she said.",
            "plain ASCII text, nothing to see",
            "Gardaí, Taoiseach Micheál Martin, Fianna Fáil, naïve façade",
            "",
        ] {
            let r = repair(s);
            assert_eq!(r.repaired, None, "{s}");
            assert_eq!(r.unrepaired, 0, "{s}");
        }
    }

    #[test]
    fn one_certain_sequence_beside_correct_accents_is_counted_not_repaired() {
        // Text that spells é right and shows `Ã©` once may be quoting mojibake.
        let r = repair("The café page showed Ã© for é.");
        assert_eq!((r.repaired, r.unrepaired), (None, 1));
        // Without correct accents, one sequence is enough.
        assert_eq!(repaired("It cost Â£50.").as_deref(), Some("It cost £50."));
        // A weak sequence is repaired beside a certain one.
        assert_eq!(
            repaired("Ã“ Briain said itâ€™s").as_deref(),
            Some("Ó Briain said it’s")
        );
    }

    #[test]
    fn offsets_map_back_to_the_text_as_decoded() {
        let broken = mojibake("Zoë’s “café” costs £5; ÃO stays");
        let Repair {
            repaired: Some((fixed, map)),
            ..
        } = repair(&broken)
        else {
            panic!("not repaired")
        };
        assert_eq!(fixed, "Zoë’s “café” costs £5; ÃO stays");
        for word in ["Zoë’s", "café", "costs", "£5", "ÃO", "stays"] {
            let s = fixed.find(word).unwrap();
            let (a, b) = (map.original(s), map.original(s + word.len()));
            assert_eq!(&broken[a..b], mojibake(word), "{word}");
        }
        assert_eq!(map.original(0), 0);
        assert_eq!(map.original(fixed.len()), broken.len());
    }

    proptest::proptest! {
        /// Any text, double-encoded: repaired back to itself whenever it was changed, with
        /// every character boundary mapped onto one of the broken text's, in order.
        #[test]
        fn any_text_double_encoded_comes_back(s in "[a-zA-Z ,.]{0,8}[éüñ’“”—€£😀][a-zé ’”.]{0,8}[ßçø–…®][a-z ]{0,5}") {
            let broken = mojibake(&s);
            let r = repair(&broken);
            let (fixed, map) = r.repaired.unwrap();
            proptest::prop_assert_eq!(&fixed, &s);
            let mut last = 0;
            for (i, _) in fixed.char_indices().chain([(fixed.len(), ' ')]) {
                let o = map.original(i);
                proptest::prop_assert!(o >= last && broken.is_char_boundary(o));
                last = o;
            }
            proptest::prop_assert_eq!(last, broken.len());
        }

        /// Any text at all: no panic, and a repair maps offsets inside the text.
        #[test]
        fn repair_never_panics(s in "(?s)[a-zA-Z \\u{80}-\\u{ff}’“”€™œ‚„…–—˜😀\u{FFFD}]{0,40}") {
            let r = repair(&s);
            if let Some((fixed, map)) = r.repaired {
                proptest::prop_assert!(map.original(fixed.len()) <= s.len());
            }
        }
    }
}
