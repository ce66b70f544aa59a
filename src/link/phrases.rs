//! Where a speaker's noun phrase begins and ends: names and titles, common noun phrases after a
//! determiner, a head with its prepositional object, and the time phrases that stand between a
//! subject and its verb. The speaker rules (`finder`) ask these of the words around an
//! attribution word.

use super::finder::Finder;
use super::words::*;

/// Word classes that are no part of a noun phrase: function words, auxiliaries and adverbs,
/// sentence openers, pronouns, chaining verbs.
const NOT_IN_A_NOUN_PHRASE: u32 = FUNCTION_C | SKIP_C | STOPS_C | PRONOUNS_C | CHAIN_C;

impl Finder<'_> {
    /// The noun phrase that ends at token `k`, going left no further than `first`.
    pub(super) fn phrase_ending(&self, k: u32, first: u32) -> Option<(u32, u32)> {
        let w = self.lower(k);
        if is_pronoun(w) {
            return Some((k, k + 1));
        }
        if !self.namelike(k) {
            return None;
        }
        let mut s = k;
        while s > first && self.joined(s - 1) {
            let j = s - 1;
            let wj = self.lower(j);
            // A possessive qualifies the phrase ("Russia’s foreign ministry"), a joiner links
            // its parts; anything else ends it.
            if self.namelike(j)
                || (self.classes.is(wj, JOINERS_C) && j > first && self.namelike(j - 1))
            {
                s = j;
            } else {
                break;
            }
        }
        // "the" or "of" never begins a speaker.
        while s < k && self.has(s, JOINERS_C) {
            s += 1;
        }
        Some((s, k + 1))
    }

    /// The noun phrase that starts at token `k`, going right no further than `limit`.
    pub(super) fn phrase_starting(&self, mut k: u32, limit: u32) -> Option<(u32, u32)> {
        let from = k;
        while k < limit && matches!(self.lower(k), "the" | "a" | "an") {
            k += 1;
        }
        // "Both Bolton and Gorka said", "Some Democrats": the opener before the names.
        if k + 1 < limit
            && self.capitalized_function_word(k)
            && self.joined(k)
            && self.namelike(k + 1)
        {
            k += 1;
        }
        if k >= limit {
            return None;
        }
        if !self.namelike(k) {
            // "said a longtime adviser to Trump", "said his best friend": a common noun phrase
            // after a determiner.
            if k == from && matches!(self.lower(k), "his" | "her" | "their" | "one" | "another") {
                k += 1;
            }
            return (k > from)
                .then(|| self.common_phrase_starting(k, limit))
                .flatten();
        }
        let mut e = k + 1;
        while e < limit && self.joined(e - 1) {
            let w = self.lower(e);
            if self.namelike(e)
                || (self.classes.is(w, JOINERS_C)
                    && e + 1 < limit
                    && self.joined(e)
                    && self.namelike(e + 1))
            {
                e += 1;
            } else {
                break;
            }
            // A possessive ends a name it qualifies only with what follows ("Russia’s Interfax").
        }
        Some((k, e))
    }

    /// The speaker after a speech verb or `according to`: a noun phrase (`phrase_starting`),
    /// or a name with the lowercase words that describe it written before it without a comma
    /// (`described_name`): "said pollster Frank Luntz.", "said Ohio State University professor
    /// Paul Beck.", "according to campaign spokesman Jason Miller,".
    pub(super) fn phrase_after(&self, from: u32, limit: u32) -> Option<(u32, u32)> {
        match self.phrase_starting(from, limit) {
            Some((s, e))
                if s == from && self.is_name_word(s) && e < limit && self.joined(e - 1) =>
            {
                Some((s, self.described_name(e, limit).unwrap_or(e)))
            }
            Some(found) => Some(found),
            None => self.described_name(from, limit).map(|e| (from, e)),
        }
    }

    /// From token `from`: one to three lowercase words that describe a person (a profession, an
    /// affiliation: "pollster", "election lawyer", "retired neurosurgeon") and the capitalized
    /// name after them, which ends the clause; the name's end. News writes such a description
    /// before a name without a comma, most often after an inverted verb; the name ending the
    /// clause keeps out a verb's object ("said voters want Trump to win").
    fn described_name(&self, from: u32, limit: u32) -> Option<u32> {
        let mut k = from;
        while k + 1 < limit && k < from + 3 && self.describes_a_person(k) && self.joined(k) {
            k += 1;
        }
        if k == from || k >= limit || !self.is_cap(k) || !self.is_name_word(k) {
            return None;
        }
        let mut e = k + 1;
        while e < limit && self.joined(e - 1) && self.is_cap(e) && self.is_name_word(e) {
            e += 1;
        }
        let ends = e >= limit || self.gap(e - 1).contains([',', '.', ';', '(']);
        ends.then_some(e)
    }

    /// A lowercase word that may describe a person before the name: a noun or an adjective
    /// (`plain_word`), or a participle in -ed ("retired", "embattled").
    fn describes_a_person(&self, i: u32) -> bool {
        if self.is_cap(i) {
            return false;
        }
        let w = self.lower(i);
        self.plain_word(i)
            || (w.ends_with("ed")
                && w.chars().all(char::is_alphabetic)
                && self.flags(i) & NOT_IN_A_NOUN_PHRASE == 0)
    }

    /// The words of a common noun phrase from token `k` (after its determiner) to a function
    /// word or punctuation, at most four, going right no further than `limit`.
    pub(super) fn common_phrase_starting(&self, k: u32, limit: u32) -> Option<(u32, u32)> {
        let mut e = k;
        // "said a retired general", "said one unaligned Florida Republican strategist": right
        // after the determiner, a word in -ed is an adjective before the head, not a verb.
        // "said a 2008 Clinton veteran": so is a year.
        let year = |i: u32| {
            let w = self.lower(i);
            w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
        };
        if k + 1 < limit
            && (self.describes_a_person(k) || year(k))
            && self.joined(k)
            && self.plain_word(k + 1)
        {
            e += 1;
        }
        while e < limit && e < k + 4 && self.plain_word(e) {
            e += 1;
            if e < limit && !self.joined(e - 1) {
                break;
            }
        }
        (e > k).then_some((k, e))
    }

    /// The noun phrase of a determiner and common nouns that ends at token `k` ("the nominee
    /// responded", "the cautious candidate said", "a spokesman said"), going left no further
    /// than `first`: at most three words after `the`, `a`, `an`, `this`, `that`, `another`,
    /// `his`, `her`, `their`, `its`, `our`, none a function word.
    pub(super) fn common_phrase_ending(&self, k: u32, first: u32) -> Option<(u32, u32)> {
        let (s, e) = self.determined_phrase_ending(k, first)?;
        // "Trump at the time said", "by the end of the day": the object of a preposition is
        // no subject.
        let object = s - 1 > first
            && self.joined(s - 2)
            && self.has(s - 2, FUNCTION_C)
            && !matches!(self.lower(s - 2), "and" | "but" | "that" | "when" | "while");
        (!object).then_some((s, e))
    }

    /// As `common_phrase_ending`, whatever stands before the determiner.
    pub(super) fn determined_phrase_ending(&self, k: u32, first: u32) -> Option<(u32, u32)> {
        if !self.plain_word(k) || self.is_cap(k) {
            return None;
        }
        let mut s = k;
        while s > first && k - s < 3 && self.joined(s - 1) {
            if is_determiner(self.lower(s - 1)) {
                return Some((s, k + 1));
            }
            if !self.plain_word(s - 1) {
                return None;
            }
            s -= 1;
        }
        None
    }

    /// A subject that ends in a prepositional phrase: "a spokesman for the buyer", "one of
    /// those advisers", "the director of the FBI", "John Smith of the Heritage Foundation".
    /// Given the object (tokens `s..e`, without its determiner), the whole phrase from its
    /// head: a role noun or an epithet before `for`, `to`, `at`, `with`, `from` or `of`, or a
    /// quantifier or a name before `of`. The head speaks; the object tells for whom, so the
    /// party is still found in it ("a spokesman for the Kremlin").
    pub(super) fn with_head(&self, s: u32, e: u32, first: u32) -> Option<(u32, u32)> {
        let mut p = s.checked_sub(1)?;
        if p > first && is_determiner(self.lower(p)) && self.joined(p) {
            p -= 1;
        }
        let of = match self.lower(p) {
            "of" => true,
            "for" | "to" | "at" | "with" | "from" => false,
            _ => return None,
        };
        if p <= first || !self.joined(p) || !self.joined(p - 1) {
            return None;
        }
        let mut h = p - 1;
        // "a source familiar with the ad", "people close to the campaign": an
        // adjective between the head and its preposition.
        if matches!(self.lower(h), "familiar" | "close") && h > first && self.joined(h - 1) {
            h -= 1;
        }
        let w = self.lower(h);
        let people = ROLES_C | EPITHETS_C | MALE_C | FEMALE_C | GROUP_C;
        if of && QUANTIFIERS.contains(&w) {
            // "one of those advisers", not "one of the central claims": a quantifier speaks only
            // for people or bodies, a role noun or a name.
            let counts_people = self.has(e - 1, people) || self.is_name_word(e - 1);
            return counts_people.then_some((h, e));
        }
        let role = self.has(h, people) && !self.has(h, FUNCTION_C);
        if !(role || (of && self.is_name_word(h))) {
            return None;
        }
        let start = self
            .phrase_ending(h, first)
            .or_else(|| self.determined_phrase_ending(h, first))
            .map_or(h, |(x, _)| x);
        Some((start, e))
    }

    /// A word that may be part of a common noun phrase: letters, no function word, auxiliary,
    /// sentence opener, adverb in -ly or past tense in -ed.
    pub(super) fn plain_word(&self, i: u32) -> bool {
        let w = self.lower(i);
        self.flags(i) & NOT_IN_A_NOUN_PHRASE == 0
            // An adverb in -ly is no noun; these nouns in -ly are ("the family said").
            && (!w.ends_with("ly")
                || matches!(w, "family" | "ally" | "rally" | "assembly" | "bully" | "monopoly"))
            // A past tense is the verb before a noun hit ("The president denied allegations").
            && !(w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
            && (w.chars().all(|c| c.is_alphabetic() || c == '-') || is_age(w))
    }

    /// Where a time phrase that ends just before token `k` starts, going left no further than
    /// `first`: "on Friday", "Friday night", "last week", "earlier this month", "two weeks
    /// ago", "on March 3", "in 2012". None when there is none.
    pub(super) fn time_phrase_ending(&self, k: u32, first: u32) -> Option<u32> {
        let linked = |i: u32| self.linked(i, first);
        if k <= first {
            return None;
        }
        let j = k - 1;
        // Most words before a verb are no time word: a flag and a byte tell first.
        let start = self.doc.tokens.list[j as usize].start as usize;
        let digit = self
            .text
            .as_bytes()
            .get(start)
            .is_some_and(u8::is_ascii_digit);
        if !(self.has(j, TIME_C) || digit) || !linked(k) {
            return None;
        }
        let w = self.lower(j);
        let mut s = if w == "ago" {
            // "two weeks ago", "less than a month ago", "years ago"
            let unit = j - 1;
            if !linked(j) || !is_time_unit(self.lower(unit)) {
                return None;
            }
            let mut s = unit;
            if linked(s) && is_count(self.lower(s - 1)) {
                s -= 1;
                if s >= first + 2
                    && linked(s)
                    && linked(s - 1)
                    && matches!(self.lower(s - 1), "than")
                    && matches!(self.lower(s - 2), "less" | "more")
                {
                    s -= 2;
                }
            }
            s
        } else if is_weekday(w) || is_month(w) {
            j
        } else if is_part_of_day(w) && linked(j) && is_weekday(self.lower(j - 1)) {
            // "Friday night"
            j - 1
        } else if (is_time_unit(w) || is_part_of_day(w) || is_weekday(w))
            && linked(j)
            && matches!(self.lower(j - 1), "last" | "this" | "next")
        {
            // "last week", "this morning"; "earlier this month"
            let mut s = j - 1;
            if linked(s) && matches!(self.lower(s - 1), "earlier" | "later") {
                s -= 1;
            }
            s
        } else if w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()) && linked(j) {
            // "on March 3"
            if !is_month(self.lower(j - 1)) {
                return None;
            }
            j - 1
        } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && linked(j) {
            // "in 2012"
            return (self.lower(j - 1) == "in").then_some(j - 1);
        } else {
            return self.period_ending(j, first);
        };
        // "on Friday", "in March", "late Tuesday", "on March 3"
        if linked(s) && matches!(self.lower(s - 1), "on" | "in" | "late" | "early") {
            s -= 1;
            if linked(s) && self.lower(s - 1) == "on" {
                s -= 1;
            }
        }
        Some(s)
    }

    /// "at the time", "in the past", "over the past two weeks", "in recent years": where such a
    /// phrase that ends at token `j` starts.
    fn period_ending(&self, j: u32, first: u32) -> Option<u32> {
        let linked = |i: u32| self.linked(i, first);
        let word = |i: u32| self.lower(i);
        // `the` and a preposition before token `s`: where they start.
        let the_after = |s: u32, prepositions: &[&str]| {
            (s >= first + 2
                && linked(s)
                && linked(s - 1)
                && word(s - 1) == "the"
                && prepositions.contains(&word(s - 2)))
            .then(|| s - 2)
        };
        let w = word(j);
        if w == "time" {
            return the_after(j, &["at"]);
        }
        let mut s = j;
        if is_time_unit(w) {
            if linked(s) && is_count(word(s - 1)) {
                s -= 1;
            }
            if linked(s) && word(s - 1) == "recent" {
                return (s >= first + 2 && linked(s - 1) && word(s - 2) == "in").then(|| s - 2);
            }
            if !(linked(s) && word(s - 1) == "past") {
                return None;
            }
            s -= 1;
        } else if w != "past" {
            return None;
        }
        the_after(s, &["in", "over", "during"])
    }
}
