//! The rerun cache: a run leaves beside its reports what it computed for each article, so that the
//! next run over the same corpus after a lexicon edit rescores only the articles the edit can
//! change and takes every other one as it was (issue 4, "fast reruns").
//!
//! Why reusing is exact. Matching is decided token by token from the candidates at each position
//! (`matcher`): an entry that is a candidate nowhere in an article changes nothing in it, not its
//! hits, nor the longest-match competition, nor the actor links and scores built from them. An
//! entry can be a candidate only where a token's matching form equals (or, for a prefix, starts
//! with) its first word, so an article whose text does not contain the first word's longest run of
//! ASCII letters and digits — compared ASCII-case-insensitively — cannot be changed by it. Folding
//! can turn a few non-ASCII characters into ASCII letters (NFKC's `ﬁ`, a Cyrillic `а` in a Latin
//! word); an article with any such character is rescored. So is every article when an edit
//! touches what has no such run: a regex entry, the boilerplate lexicon, a category list, a
//! lexicon file added or removed, an option, the slant binary itself.
//!
//! The file (`rerun-cache.bin`): a magic, the JSON header (what the run was made with), one record
//! per scored article (its payload: the numbers the reports are made of), then an index of every
//! record (key → where its payload and its rows of hits.csv are) and a footer. Rows of hits.csv
//! are not copied into the cache: the index points into the hits.csv of the same report folder,
//! which the next run reads before it replaces it.
//!
//! Nothing in it is trusted blindly: the header and the index carry checksums in the footer, and
//! each index entry the checksums of its payload and of its rows of hits.csv. A part that does not
//! match is not used — the whole cache if the header or index is damaged, else the article, which
//! is scored again — and the run says so (issue 13: single-bit flips gave wrong reports).
//!
//! `policy` decides what an edit can change, `file` writes and reads rerun-cache.bin, `payload`
//! encodes an article's numbers.

pub(crate) mod file;
pub(crate) mod payload;
pub(crate) mod policy;

#[cfg(test)]
mod tests {
    use super::payload::*;
    use super::policy::*;
    use crate::lexicon::parse_pattern;
    use crate::score::{ArticleScore, Link, Scored, Terms};
    use rustc_hash::FxHashMap;

    #[test]
    fn triggers_are_the_longest_ascii_run_of_any_word() {
        let t = |p: &str| trigger(&parse_pattern(p).unwrap());
        assert_eq!(t("claim*").as_deref(), Some("claim"));
        assert_eq!(t("it is possible").as_deref(), Some("possible"));
        assert_eq!(t("=U.S.").as_deref(), Some("s"));
        assert_eq!(t("don't").as_deref(), Some("don"));
        assert_eq!(t("re:(?i)deadl\\w+"), None);
    }

    #[test]
    fn only_letters_that_fold_to_ascii_make_an_article_risky() {
        let mut memo = FxHashMap::default();
        for plain in ["Russia’s “claims” – ©", "naïve café", "plain ASCII text"] {
            assert!(!folds_into_ascii(plain, &mut memo), "{plain}");
        }
        // Fullwidth, a ligature, a Cyrillic look-alike, a superscript digit.
        for risky in ["ｃｌａｉｍ", "ﬁght", "Сosmodrome", "km²"] {
            assert!(folds_into_ascii(risky, &mut memo), "{risky}");
        }
    }

    #[test]
    fn payloads_round_trip() {
        let score = ArticleScore {
            tokens: 1234,
            links: vec![Link {
                actor: 2,
                lexicon: 1,
                category: 3,
                hits: 7,
                author: 5,
            }],
            mentions: vec![0, 2, 2],
            terms: {
                let mut t = Terms::default();
                t.push(0, 1, |s| s.push_str("claimed"));
                t.push(2, 0, |s| s.push_str("according to"));
                t
            },
            ..ArticleScore::default()
        };
        let values = vec![
            Some(0),
            None,
            Some(-1),
            Some(i64::MAX),
            Some(i64::MIN),
            Some(12_345),
        ];
        let mut s = Scored::new("windows-1252", true, score, values, 42, 99);
        s.broken_chars = 131;
        let bytes = encode(&s);
        let back = decode(&bytes, 99).unwrap();
        assert_eq!(back.encoding, s.encoding);
        assert_eq!(back.repaired, s.repaired);
        assert_eq!(back.broken_chars, 131);
        assert_eq!(back.values, s.values);
        assert_eq!(back.score, s.score);
        assert_eq!(back.hit_count, 42);
        // Damage is noticed, never read as other numbers.
        assert!(decode(&bytes[..bytes.len() - 1], 99).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 99).is_none());
    }
}
