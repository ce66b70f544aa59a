//! Speakers that stand elsewhere than right before their verb: after it ("said Michael
//! Kofman, an expert"), before an appositive set off by commas, brackets or dashes, the one an
//! agency quotes as saying, and what a relative pronoun stands for. `Finder::subject` and
//! `Finder::before` ask these.

use super::finder::{Finder, Subject};
use super::words::*;

impl Finder<'_> {
    /// "Clinton, 35, the daughter of former President Bill Clinton and …, said": a name that opens
    /// the clause, before an appositive of several parts between commas (`j..=k` the last part),
    /// at most 30 words back.
    pub(super) fn name_before_commas(&self, mut j: u32, k: u32, first: u32) -> Option<Subject> {
        while j > first && k - j < 30 {
            let end = j - 1;
            let start = self.part_start(end, first);
            if let Some((s, e)) = self.phrase_ending(end, start) {
                let opens = start == first
                    || self.gap(start - 1).contains(':')
                    || (start..s).all(|i| self.has(i, STOPS_C) || self.has(i, JOINERS_C));
                if opens && self.has_name(s, e) {
                    return Some((s, e, Some((e, k + 1))));
                }
            }
            if start == first || !self.gap(start - 1).contains(',') {
                return None;
            }
            j = start;
        }
        None
    }

    /// "Interfax quoted Kremlin spokesman Dmitry Peskov as saying", "They cited Jim Mattis, now
    /// defence secretary, as once saying": the one quoted is the speaker of the word in -ing
    /// at token `a`, not the one who quotes (the sentence's subject).
    pub(super) fn quoted_as(&self, a: u32, first: u32) -> Option<Subject> {
        if !self.lower(a).ends_with("ing") {
            return None;
        }
        let mut k = a;
        while k > first && self.has(k - 1, SKIP_C) && self.joined(k - 1) {
            k -= 1;
        }
        if k < first + 3 || self.lower(k - 1) != "as" || !self.joined(k - 1) {
            return None;
        }
        let mut end = k - 2;
        let mut appositive = None;
        if self.gap(end).contains(',') {
            // An appositive between commas: the name before it.
            let j = self.part_start(end, first);
            if j == first || !self.gap(j - 1).contains(',') || end + 1 - j > 8 {
                return None;
            }
            appositive = Some((j, end + 1));
            end = j - 1;
        } else if !self.joined(end) {
            return None;
        }
        let (s, e) = self.phrase_ending(end, first)?;
        let mut v = s.checked_sub(1)?;
        if v > first && is_determiner(self.lower(v)) && self.joined(v) {
            v -= 1;
        }
        let quoting = matches!(
            self.lower(v),
            "quoted" | "quotes" | "quoting" | "cited" | "cites" | "citing" | "paraphrased"
        );
        (quoting && self.joined(v) && !is_pronoun(self.lower(s))).then_some((s, e, appositive))
    }

    /// "Sen. John Cornyn (R-Texas) told": the name before brackets that end at token `k`.
    pub(super) fn name_before_brackets(&self, k: u32, first: u32) -> Option<Subject> {
        if !self.gap(k).trim_end().ends_with(')') {
            return None;
        }
        let open = (first.max(k.saturating_sub(5))..=k)
            .rev()
            .find(|&j| j > first && self.gap(j - 1).contains('('))?;
        self.phrase_ending(open - 1, first)
            .filter(|&(s, e)| self.has_name(s, e))
            .map(|(s, e)| (s, e, None))
    }

    /// "Jason Sims — a teacher from Mount Pleasant — says": the name before an appositive
    /// between dashes that end at token `k`, at most 20 words back.
    pub(super) fn name_before_dashes(&self, k: u32, first: u32) -> Option<Subject> {
        let dash = |i: u32| {
            let gap = self.gap(i);
            gap.contains(['\u{2013}', '\u{2014}']) || gap.contains("--") || gap == " - "
        };
        if !dash(k) {
            return None;
        }
        let open = (first.max(k.saturating_sub(20))..k)
            .rev()
            .find(|&j| dash(j))?;
        let (s, e) = self.phrase_ending(open, first)?;
        // "A former Republican presidential candidate -- John McCain, who lost … -- said": after
        // a description, the name between the dashes speaks.
        let described = s > first && is_determiner(self.lower(s - 1));
        let inside = self
            .phrase_starting(open + 1, k + 1)
            .filter(|&(x, y)| x == open + 1 && self.is_name_word(x) && self.has_name(x, y));
        match inside {
            Some((x, y)) if described => Some((x, y, Some((s, e)))),
            _ => self
                .has_name(s, e)
                .then_some((s, e, Some((open + 1, k + 1)))),
        }
    }

    /// "Any “cleareyed” interpretation of Mr. Kerry's actions, said Michael Kofman, an expert
    /// …": a speech verb (tokens `a..b`) after a comma, with a name after it that ends the
    /// clause, is inverted. "…, said the Trump administration's attitude …" is no name that ends
    /// a clause: a verb's object after an appositive.
    pub(super) fn inverted(&self, a: u32, b: u32, first: u32, limit: u32) -> Option<Subject> {
        let verb = matches!(
            self.lower(a),
            "said"
                | "says"
                | "added"
                | "adds"
                | "wrote"
                | "writes"
                | "explained"
                | "noted"
                | "argued"
                | "insisted"
                | "replied"
                | "responded"
                | "continued"
                | "recalled"
        );
        if a <= first || !verb || !self.gap(a - 1).contains(',') {
            return None;
        }
        let (s, e) = self.phrase_after(b, limit)?;
        let ends = |e: u32| e >= limit || self.gap(e - 1).contains([',', '.', ';', '(']);
        if !ends(e) {
            return None;
        }
        if self.has_name(s, e) {
            return Some((s, e, self.appositive_after(e, limit)));
        }
        // "…, said the bureau's director, James B. Comey, on Monday": a role, then the name
        // between commas, which speaks; the role tells for whom.
        let (x, y) = self.phrase_starting(e, limit).filter(|_| e < limit)?;
        (x == e && self.gap(e - 1).contains(',') && self.has_name(x, y) && ends(y)).then_some((
            x,
            y,
            Some((s, e)),
        ))
    }

    /// The noun phrase that the relative pronoun at token `k` stands for: the one just before
    /// it ("Kremlin officials who", "the resolution, which"), never a pronoun.
    pub(super) fn relative_antecedent(&self, k: u32, first: u32) -> Option<(u32, u32)> {
        if k <= first {
            return None;
        }
        if self.gap(k - 1).contains(',') {
            return self.phrase_ending(k - 1, first);
        }
        self.phrase_ending(k - 1, first)
            .or_else(|| self.determined_phrase_ending(k - 1, first))
            .filter(|&(s, _)| !is_pronoun(self.lower(s)))
    }
}
