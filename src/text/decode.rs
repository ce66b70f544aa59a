//! Bytes to text. An article is decoded once, here, and every byte offset that slant reports
//! (hits.csv `start`/`end`) refers to the text this module returns — UTF-8, without a BOM — so a
//! user can slice the article as written.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// An article's text as UTF-8, with what decoding had to do to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    /// The name of the encoding the bytes were read as.
    pub encoding: &'static str,
    /// Invalid byte sequences were replaced by U+FFFD; the article is flagged, never dropped.
    pub repaired: bool,
}

/// Every encoding `Decoded::encoding` can name.
pub(crate) const ENCODINGS: &[&str] = &["utf-8", "utf-16le", "utf-16be", "windows-1252"];

/// The text of bytes that `decode_owned` would take as they are (valid UTF-8, no BOM, not
/// UTF-16): None when decoding would change them.
pub(crate) fn plain_utf8(bytes: &[u8]) -> Option<&str> {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || utf16_without_bom(bytes).is_some()
    {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// Decodes an owned buffer: valid UTF-8 without a BOM, the common case, becomes the text without
/// a copy.
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || utf16_without_bom(&bytes).is_some()
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            encoding: "utf-8",
            repaired: false,
        },
        Err(e) => decode_utf8(e.as_bytes()),
    }
}

/// UTF-16 without a BOM, recognised by its zero bytes: in text that is mostly ASCII, every other
/// byte is zero (the odd ones in little-endian, the even ones in big-endian). Looks at the first
/// 4 KiB.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, &'static str)> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Text without a zero byte is not UTF-16 (most articles: one fast scan).
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 >= pairs * 3 && even * 20 < pairs {
        Some((UTF_16LE, "utf-16le"))
    } else if even * 10 >= pairs * 3 && odd * 20 < pairs {
        Some((UTF_16BE, "utf-16be"))
    } else {
        None
    }
}

/// Does `bytes` hold a multi-byte UTF-8 sequence? Text with stray high bytes but none of these is
/// not broken UTF-8 but another encoding — in news scraped from the web, Windows-1252.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| (0xC2..=0xF4).contains(&w[0]) && (0x80..=0xBF).contains(&w[1]))
}

/// Decodes UTF-8 (a BOM dropped) or UTF-16 announced by its BOM; invalid UTF-8 is repaired.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest);
    }
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "utf-16le"),
        (&b"\xFE\xFF"[..], UTF_16BE, "utf-16be"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            return Decoded {
                text: text.into_owned(),
                encoding: name,
                repaired: had_errors,
            };
        }
    }
    if let Some((enc, name)) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: name,
            repaired: had_errors,
        };
    }
    decode_utf8(bytes)
}

/// UTF-8; or, when it is not valid UTF-8 and has no UTF-8 sequence at all, Windows-1252; or UTF-8
/// with the invalid bytes replaced. The two last are flagged as repaired.
fn decode_utf8(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_owned(),
            encoding: "utf-8",
            repaired: false,
        },
        Err(_) if !has_utf8_sequence(bytes) => Decoded {
            text: WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            encoding: "windows-1252",
            repaired: true,
        },
        Err(_) => Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: "utf-8",
            repaired: true,
        },
    }
}

/// The share of characters that are control characters other than line and tab breaks: binary
/// data, not an article, when it is high.
pub(crate) fn control_share(text: &str) -> f64 {
    // Byte by byte, not char by char: a character is counted at its first byte, and a control
    // character is one byte (C0, DEL) or `C2 80`–`C2 9F` (C1).
    let bytes = text.as_bytes();
    let (mut n, mut control) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() && n < 65_536 {
        // Eight bytes at a time when none can be or begin a control character (no byte below
        // 0x20, none 0x7F, none 0xC2): then the characters are the bytes that do not continue
        // one (`10xxxxxx`), curly quotes and accents included.
        if i + 8 <= bytes.len() && n + 8 <= 65_536 {
            let w = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
            const ONES: u64 = 0x0101_0101_0101_0101;
            const HIGH: u64 = 0x8080_8080_8080_8080;
            let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
            let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
            let suspect = below_space | zero_byte(w ^ (ONES * 0x7F)) | zero_byte(w ^ (ONES * 0xC2));
            if suspect == 0 {
                // One bit per continuation byte, summed by a multiplication (no popcount in
                // the baseline x86-64 instruction set).
                let continuation = (w & HIGH & !(w << 1)) >> 7;
                n += 8 - (continuation.wrapping_mul(ONES) >> 56) as usize;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b & 0xC0 != 0x80 {
            n += 1;
            let c0 = b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C);
            let c1 = b == 0xC2 && bytes.get(i + 1).is_some_and(|c| (0x80..=0x9F).contains(c));
            if c0 || c1 || b == 0x7F {
                control += 1;
            }
        }
        i += 1;
    }
    if n == 0 {
        0.0
    } else {
        control as f64 / n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `control_share` as its doc defines it, one character at a time.
    fn by_chars(t: &str) -> f64 {
        let n = t.chars().take(65_536).count();
        let c = t
            .chars()
            .take(65_536)
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
            .count();
        if n == 0 {
            0.0
        } else {
            c as f64 / n as f64
        }
    }

    proptest::proptest! {
        /// Eight bytes at a time or one: the same share, on text mixing ASCII, controls (C0, DEL,
        /// C1) and characters of two, three and four bytes (`Â` is `C2 80`'s lead byte with a
        /// printable second byte).
        #[test]
        fn control_share_by_words_equals_by_chars(t in "(?s)[a-z \n\t\u{1}\u{7f}\u{85}\u{9f}Â é€“”😀]{0,300}") {
            proptest::prop_assert_eq!(control_share(&t), by_chars(&t));
        }
    }

    #[test]
    fn control_share_counts_characters() {
        let long = "é\u{1}".repeat(40_000);
        for t in [
            "",
            "plain\ntext\t",
            "a\u{0}b\u{7F}c\u{85}d\u{9F}é€😀",
            &long,
        ] {
            assert_eq!(control_share(t), by_chars(t), "{t:?}");
        }
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode(b"\xEF\xBB\xBFRussia said");
        assert_eq!(d.text, "Russia said");
        assert!(!d.repaired);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        for u in "Kim’s visit".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le);
        assert_eq!(d.text, "Kim’s visit");
        assert_eq!(d.encoding, "utf-16le");

        let mut be = vec![0xFE, 0xFF];
        for u in "Pyongyang".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).text, "Pyongyang");
    }

    #[test]
    fn owned_and_borrowed_decoding_agree() {
        for bytes in [
            &b"plain"[..],
            b"\xEF\xBB\xBFbom",
            b"\xFF\xFEa\x00",
            b"bad \xE9",
        ] {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes));
        }
    }

    #[test]
    fn invalid_utf8_is_repaired_and_flagged() {
        // A stray byte in text that is otherwise UTF-8 ("é" encoded right once).
        let d = decode(
            "café \u{e9}"
                .as_bytes()
                .iter()
                .copied()
                .chain(*b" \xE9 closed")
                .collect::<Vec<_>>()
                .as_slice(),
        );
        assert!(d.repaired);
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.ends_with("\u{FFFD} closed"));
    }

    #[test]
    fn windows_1252_is_recognised() {
        let d = decode(b"\x93Illegal,\x94 he said \x96 caf\xE9.");
        assert_eq!((d.encoding, d.repaired), ("windows-1252", true));
        assert_eq!(d.text, "“Illegal,” he said – café.");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Moscow said so."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le).text, "Moscow said so.");
        assert_eq!(decode_owned(le).encoding, "utf-16le");
        let be: Vec<u8> = "Kyiv said no."
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).encoding, "utf-16be");
    }

    #[test]
    fn binary_content_is_measured() {
        assert!(control_share(&String::from_utf8(vec![0u8; 100]).unwrap()) > 0.9);
        assert_eq!(control_share("plain text\r\n\tand more"), 0.0);
    }
}
