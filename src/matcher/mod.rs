//! Matching: every lexicon entry against an analysed article, in one pass over its tokens.
//!
//! Built once per run from the loaded lexicons into one index for all of them (`compile`,
//! `index`): each word form is looked up once (an FxHash map from the form to what it begins in
//! each lexicon: a single-word entry, a phrase), and its prefixes are found by one walk of a byte
//! trie of the prefix patterns of every lexicon — so the cost per token does not grow with the
//! number of lexicons or entries. Regex entries run on the sentences of an article that a
//! whole-article screen allows (`find`). `negation` flips `negate=yes` entries after a negator.
//!
//! Inside one lexicon the longest match at a position wins (in tokens; then the more exact; then
//! the longer prefix) and its words are not matched again; lexicons match independently. LIWC
//! dictionaries rank the shortest wildcard first (`MatchMode::Liwc`), and a `PerCategory`
//! lexicon is one unit per category. An attribution marker (`in a statement`) that shares its
//! sentence with a report verb is one attribution with it, not a second (`markers`).

mod compile;
mod find;
mod index;
mod markers;
mod negation;

pub use find::Scratch;
pub use negation::{is_negator, NEGATION_WINDOW, NEGATORS};

use index::{Index, Unit};

/// One match of one lexicon entry in an article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index of the lexicon in `LexiconSet::lexicons`.
    pub lexicon: usize,
    /// Index of the entry in its lexicon.
    pub entry: usize,
    /// Tokens `tok_start..tok_end` (for a regex match: the tokens starting inside it).
    pub tok_start: u32,
    pub tok_end: u32,
    /// Byte span in the article text.
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub negated: bool,
    pub in_quote: bool,
    /// The actor the hit is linked to: a category index of the `actors` lexicon.
    pub actor: Option<usize>,
}

/// Every lexicon of a run, compiled.
pub struct Matcher {
    units: Vec<Unit>,
    index: Index,
    /// Per lexicon, per entry: does negation apply?
    negate: Vec<Vec<bool>>,
    /// Per lexicon, per entry: is it an exception (category `-`), whose matches take their words
    /// from the other entries and are then dropped?
    exception: Vec<Vec<bool>>,
    /// Keep the hits of exceptions (for `check --corpus`, which shows what each entry catches).
    pub keep_exceptions: bool,
    /// The attribution lexicon's markers, dropped beside another of its hits (`markers`).
    markers: Option<markers::Markers>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse_lexicon, LexiconSet};
    use crate::text::boilerplate::Boilerplate;
    use crate::text::Doc;
    use std::path::Path;

    /// What a worker remembers per word (its vocabulary, the candidates and negators of each word
    /// id) never changes a hit: articles matched one after another with one `Doc` and one
    /// `Scratch`, across a forgotten vocabulary and with a second `Doc` sharing the scratch, give
    /// the hits of a fresh lookup.
    #[test]
    fn remembered_words_give_the_hits_of_a_fresh_lookup() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let set = crate::lexicon::load_dir(&root.join("lexicons")).unwrap();
        let m = Matcher::new(&set);
        let b = Boilerplate::new(&set.boilerplate_rules());
        let mut names: Vec<_> = std::fs::read_dir(root.join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        let texts: Vec<String> = names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let (mut doc, mut other) = (Doc::default(), Doc::default());
        let mut sc = Scratch::default();
        let mut shared = Vec::new();
        for (i, t) in texts.iter().cycle().take(15).enumerate() {
            if i == 8 {
                doc.tokens.forget_vocabulary();
            }
            let d = if i % 4 == 3 { &mut other } else { &mut doc };
            d.analyze(t, &b);
            m.find_with(t, d, &mut shared, &mut sc);
            let mut fresh_doc = Doc::default();
            fresh_doc.analyze(t, &b);
            let mut fresh = Vec::new();
            m.find(t, &fresh_doc, &mut fresh);
            assert!(!fresh.is_empty());
            assert_eq!(shared, fresh, "article {i}");
        }
    }

    fn hits(csv: &str, text: &str) -> Vec<(String, String, bool)> {
        let lex = parse_lexicon(Path::new("t.csv"), csv.as_bytes()).unwrap();
        let set = LexiconSet::new(vec![lex], None);
        let m = Matcher::new(&set);
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let mut out = Vec::new();
        m.find(text, &doc, &mut out);
        out.iter()
            .map(|h| {
                let e = &set.lexicons[0].entries[h.entry];
                (
                    text[h.start as usize..h.end as usize].to_owned(),
                    e.pattern.clone(),
                    h.negated,
                )
            })
            .collect()
    }

    fn matched(csv: &str, text: &str) -> Vec<String> {
        hits(csv, text).into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn longest_match_wins_and_words_are_not_counted_again() {
        let csv = "pattern,category\naccording,a\naccording to,b\nto,c\nmilitary operation,d\nspecial military operation,d\n";
        assert_eq!(
            hits(csv, "according to a special military operation")
                .iter()
                .map(|h| h.1.as_str())
                .collect::<Vec<_>>(),
            ["according to", "special military operation"]
        );
    }

    #[test]
    fn an_exception_takes_its_words_and_counts_nothing() {
        let csv = "pattern,category\nclaimed,distancing\nclaimed the title,-\n=May,-\nmay,hedge\n";
        assert_eq!(
            matched(
                csv,
                "He claimed the title in May. She claimed it may rain. May it rain."
            ),
            ["claimed", "may"]
        );
        let lex = parse_lexicon(Path::new("t.csv"), csv.as_bytes()).unwrap();
        // An exception makes no column.
        assert_eq!(lex.categories, ["distancing", "hedge"]);
        assert_eq!(lex.category_name(&lex.entries[1]), "-");
        // A regex could take no words from the other entries.
        let errs = parse_lexicon(Path::new("t.csv"), b"pattern,category\nre:x+,-\n").unwrap_err();
        assert!(errs[0].message.contains("exception"), "{:?}", errs[0]);
    }

    #[test]
    fn exact_word_beats_prefix_and_longest_prefix_wins() {
        let csv = "pattern,category\nclaim*,distancing\nclaimant,neutral\ncla*,x\n";
        let h = hits(csv, "The claimant claimed and clapped.");
        let pats: Vec<_> = h.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(pats, ["claimant", "claim*", "cla*"]);
    }

    #[test]
    fn case_sensitive_pattern() {
        let csv = "pattern,category\n=US,us\n";
        assert_eq!(matched(csv, "The US told us."), ["US"]);
    }

    #[test]
    fn phrase_with_prefix_elements_and_possessive() {
        let csv = "pattern,category\nappear* to,hedge\nrussia,ru\n";
        assert_eq!(
            matched(csv, "It appears to be Russia’s move."),
            ["appears to", "Russia’s"]
        );
    }

    #[test]
    fn phrase_does_not_cross_a_sentence() {
        let csv = "pattern,category\nsaid today,x\n";
        assert!(matched(csv, "He said. Today it rained.").is_empty());
    }

    #[test]
    fn negation_within_three_words_in_the_same_sentence() {
        let csv = "pattern,category,negate\ngood,positive,yes\nbad,negative,no\n";
        let h = hits(csv, "It is not a very good deal. Not bad. No. Good.");
        assert_eq!(
            h.iter().map(|h| (h.0.as_str(), h.2)).collect::<Vec<_>>(),
            [("good", true), ("bad", false), ("Good", false)]
        );
        let h = hits(csv, "It is not a good deal, and it wasn’t good either.");
        assert_eq!(h.iter().map(|h| h.2).collect::<Vec<_>>(), [true, true]);
        // Four words away is out of reach.
        let h = hits(csv, "Not that it was a good deal.");
        assert_eq!(h.iter().map(|h| h.2).collect::<Vec<_>>(), [false]);
    }

    /// Regex hits, found after the words' hits, take their place among them by position.
    #[test]
    fn regex_hits_are_sorted_among_word_hits() {
        let csv = "pattern,category\nsaid,a\nre:R-[A-Z][a-z]+,b\n";
        assert_eq!(
            matched(
                csv,
                "Hunter, R-Calif., said no. Smith, R-Tex., said yes, R-Ohio said."
            ),
            ["R-Calif", "said", "R-Tex", "said", "R-Ohio", "said"]
        );
    }

    /// A word whose letter was lost to U+FFFD matches the entry that spells the letter: a word
    /// (`Gardaí` over `Garda`, which spells only the word's start), a phrase (`Micheál Martin`,
    /// `Fianna Fáil` from its second word), case-sensitive entries too, and the match spans the
    /// U+FFFD.
    #[test]
    fn a_letter_lost_to_u_fffd_matches_the_entry_that_spells_it() {
        let csv = "pattern,category\nGarda,police\nGardaí,police\nMicheál Martin,leader\nFianna Fáil,party\nTánaiste,leader\n=Dáil,parliament\nsaid,said\n";
        assert_eq!(
            hits(
                csv,
                "Garda\u{FFFD} said Miche\u{FFFD}l Martin of Fianna F\u{FFFD}il told the D\u{FFFD}il and the T\u{FFFD}\u{FFFD}naiste."
            )
            .iter()
            .map(|h| (h.0.as_str(), h.1.as_str()))
            .collect::<Vec<_>>(),
            [
                ("Garda\u{FFFD}", "Gardaí"),
                ("said", "said"),
                ("Miche\u{FFFD}l Martin", "Micheál Martin"),
                ("Fianna F\u{FFFD}il", "Fianna Fáil"),
                ("D\u{FFFD}il", "=Dáil"),
                ("T\u{FFFD}\u{FFFD}naiste", "Tánaiste"),
            ]
        );
        // The same text spelled right matches as it always did.
        assert_eq!(
            matched(
                csv,
                "Gardaí said Micheál Martin of Fianna Fáil told the Dáil."
            ),
            ["Gardaí", "said", "Micheál Martin", "Fianna Fáil", "Dáil"]
        );
    }

    /// Where another entry could match the word, or the letter is not one an entry spells, the
    /// U+FFFD reading is not taken: a prefix that covers the word keeps it, an exact word keeps a
    /// word with no accented entry, a lost letter two entries could spell goes to neither, an
    /// ASCII letter is never lost, and a lone U+FFFD is no word.
    #[test]
    fn a_lost_letter_takes_no_word_another_entry_could_match() {
        let csv = "pattern,category\ngard*,police\nGardaí,police\n";
        assert_eq!(matched(csv, "Garda\u{FFFD} said."), ["Garda"]);
        let csv = "pattern,category\nPutin,ru\nGarda,police\n";
        assert_eq!(
            matched(csv, "Putin\u{FFFD}s aide and Garda\u{FFFD} said."),
            ["Putin", "Garda"]
        );
        let csv = "pattern,category\nMüller,a\nMöller,a\nZoë,b\n";
        assert!(matched(csv, "M\u{FFFD}ller and Zo\u{FFFD}e met \u{FFFD} here.").is_empty());
        // Different lexicons match independently.
        let csv = "pattern,category\nnaïve,a\n";
        assert_eq!(matched(csv, "a na\u{FFFD}ve view"), ["na\u{FFFD}ve"]);
    }

    #[test]
    fn regex_entry_matches_sentence_text() {
        let csv = "pattern,category\nre:(?i)so[- ]called,x\n";
        assert_eq!(
            matched(csv, "The so called deal. A so-called one."),
            ["so called", "so-called"]
        );
    }
}
