//! Attribution markers: `in a statement`, `in an interview`, `on condition of anonymity`, `in his
//! view`. A marker qualifies a report verb ("told AFP in an interview", "In a statement, the
//! ministry said …") more often than it reports by itself, so where the verb is there, counting
//! both makes one attribution two: on PolNeAR's train split, 73 of the 82 markers that shared a
//! sentence with another attribution hit were no cue of their own. A marker alone in its sentence
//! ("In an interview, the minister called it …") stays a hit.
//!
//! The lexicon says which entries are markers by their wording (`roles::is_marker`): a user who
//! adds `in a tweet` gets the same rule without a code change. Adjacent verb and marker are one
//! entry of the lexicon (`said in a statement`) and one hit already; this covers the words between.

use super::Hit;
use crate::lexicon::{roles, LexiconSet};

/// The attribution lexicon's markers, when the set has that lexicon and it has any.
pub(super) struct Markers {
    lexicon: usize,
    /// Per entry of the lexicon: a marker?
    marker: Vec<bool>,
}

impl Markers {
    pub(super) fn of(set: &LexiconSet) -> Option<Markers> {
        let lexicon = set.roles.attribution?;
        let marker: Vec<bool> = set.lexicons[lexicon]
            .entries
            .iter()
            .map(|e| !e.is_exception() && roles::is_marker(&e.compiled))
            .collect();
        marker
            .contains(&true)
            .then_some(Markers { lexicon, marker })
    }

    /// The attribution lexicon's index in the set.
    pub(super) fn lexicon(&self) -> usize {
        self.lexicon
    }

    fn is_marker(&self, h: &Hit) -> bool {
        h.lexicon == self.lexicon && self.marker[h.entry]
    }

    /// Drops from `hits` (sorted by position) each marker whose sentence holds another hit of the
    /// lexicon that is neither a marker nor an exception (`exception`: per entry of the lexicon,
    /// as kept by `check --corpus`).
    pub(super) fn fold(&self, hits: &mut Vec<Hit>, exception: &[bool]) {
        if !hits.iter().any(|h| self.is_marker(h)) {
            return;
        }
        // Sentences only grow along hits sorted by position.
        let voiced: Vec<u32> = hits
            .iter()
            .filter(|h| h.lexicon == self.lexicon && !self.marker[h.entry] && !exception[h.entry])
            .map(|h| h.sentence)
            .collect();
        hits.retain(|h| !(self.is_marker(h) && voiced.binary_search(&h.sentence).is_ok()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::Matcher;
    use crate::lexicon::{parse_lexicon, LexiconSet};
    use crate::text::boilerplate::Boilerplate;
    use crate::text::Doc;
    use std::path::Path;

    const LEXICON: &str = "pattern,category\nsaid,neutral\ntold,neutral\nclaimed,distancing\n\
        in a statement,neutral\nin an interview,neutral\nin a*,neutral\nin*,neutral\n\
        claimed the title,-\nsaid in a statement,neutral\n";

    /// The matched text of each hit of `LEXICON` saved as `file` in `text`.
    fn matched(file: &str, text: &str, keep_exceptions: bool) -> Vec<String> {
        let lex = parse_lexicon(Path::new(file), LEXICON.as_bytes()).unwrap();
        let set = LexiconSet::new(vec![lex], None);
        let mut m = Matcher::new(&set);
        m.keep_exceptions = keep_exceptions;
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let mut out = Vec::new();
        m.find(text, &doc, &mut out);
        out.iter()
            .map(|h| text[h.start as usize..h.end as usize].to_owned())
            .collect()
    }

    #[test]
    fn a_marker_beside_a_report_verb_is_one_attribution_with_it() {
        let m = |t| matched("attribution.csv", t, false);
        // Words between the verb and its marker, and the marker first.
        assert_eq!(m("He told AFP in an interview that it was over."), ["told"]);
        assert_eq!(
            m("In a statement, the ministry claimed a win."),
            ["claimed"]
        );
        // Adjacent: one entry of the lexicon, as before.
        assert_eq!(
            m("She said in a statement it was over."),
            ["said in a statement"]
        );
    }

    #[test]
    fn a_marker_alone_in_its_sentence_stays_a_hit() {
        let m = |t| matched("attribution.csv", t, false);
        assert_eq!(
            m("In an interview, the minister called it a disgrace. He said more."),
            ["In an interview", "said"]
        );
        // An exception's words are no report verb, even where check --corpus keeps it.
        let t = "In an interview, she claimed the title again.";
        assert_eq!(m(t), ["In an interview"]);
        assert_eq!(
            matched("attribution.csv", t, true),
            ["In an interview", "claimed the title"]
        );
    }

    #[test]
    fn only_the_attribution_lexicon_has_markers_and_only_phrases_of_in_or_on_are_markers() {
        // Another lexicon: counted as it matches.
        assert_eq!(
            matched("other.csv", "He told AFP in an interview.", false),
            ["told", "in an interview"]
        );
        // A prefix first word (`in*`) or a single word is no marker.
        let p = |s| crate::lexicon::roles::is_marker(&crate::lexicon::parse_pattern(s).unwrap());
        assert!(p("in a statement") && p("on condition of anonymity") && p("in a*"));
        assert!(!p("in") && !p("in* a statement") && !p("said in a statement"));
        assert!(!p("re:in a statement") && !p("according to"));
    }
}
