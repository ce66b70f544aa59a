//! Bytes to text. An article is decoded once, here, and every byte offset that slant reports
//! (hits.csv `start`/`end`) refers to the text this module returns — UTF-8, without a BOM — so a
//! user can slice the article as written.

use encoding_rs::{UTF_16BE, UTF_16LE};

/// An article's text as UTF-8, with what decoding had to do to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The name of the encoding the bytes were read as.
    pub encoding: &'static str,
    /// Invalid byte sequences were replaced by U+FFFD; the article is flagged, never dropped.
    pub repaired: bool,
}

/// Decodes an owned buffer: valid UTF-8 without a BOM, the common case, becomes the text without
/// a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
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

/// Decodes UTF-8 (a BOM dropped) or UTF-16 announced by its BOM; invalid UTF-8 is repaired.
pub fn decode(bytes: &[u8]) -> Decoded {
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
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_owned(),
            encoding: "utf-8",
            repaired: false,
        },
        Err(_) => Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: "utf-8",
            repaired: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let d = decode(b"caf\xE9 closed");
        assert!(d.repaired);
        assert_eq!(d.text, "caf\u{FFFD} closed");
    }
}
