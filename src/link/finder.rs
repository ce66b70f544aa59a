//! The speaker rules: the words of a sentence read around an attribution word (`Finder`).

use super::antecedents::{self, Candidate};
use super::words::*;
use super::{Memory, Mention, Speaker};
use crate::matcher::Hit;
use crate::text::Doc;

/// A speaker's tokens `start..end` and, when it has one, its appositive's tokens.
pub(super) type Subject = (u32, u32, Option<(u32, u32)>);

pub(super) struct Finder<'a> {
    pub(super) classes: &'a WordClasses,
    /// Per word id: `KNOWN` | its classes, 0 until asked (`LinkScratch`).
    pub(super) word_classes: &'a [std::cell::Cell<u32>],
    pub(super) text: &'a str,
    pub(super) doc: &'a Doc,
    pub(super) mentions: &'a [Mention],
}

impl Finder<'_> {
    pub(super) fn lower(&self, i: u32) -> &str {
        self.doc.tokens.lower(i as usize)
    }

    pub(super) fn word(&self, i: u32) -> u32 {
        self.doc.tokens.list[i as usize].word
    }

    pub(super) fn is_cap(&self, i: u32) -> bool {
        self.flags(i) & CAP != 0
    }

    /// Token `i`'s word classes (looked up once per word a worker sees: the speaker rules ask of
    /// the same few words again and again) and whether it begins with a capital.
    pub(super) fn flags(&self, i: u32) -> u32 {
        let t = self.doc.tokens.list[i as usize];
        let cell = &self.word_classes[t.word as usize];
        let mut classes = cell.get();
        if classes == 0 {
            classes = KNOWN | self.classes.of(self.lower(i));
            cell.set(classes);
        }
        // A token inside a word whose letter was lost to U+FFFD (the `l` of `Miche�l`) is
        // capitalized as the word is.
        let start = if self.doc.lost.is_empty() {
            t.start
        } else {
            self.doc.tokens.list[self.doc.lost.first_token(i as usize)].start
        };
        let cap = self.text.as_bytes().get(start as usize).is_some_and(|b| {
            if b.is_ascii() {
                b.is_ascii_uppercase()
            } else {
                self.text[start as usize..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            }
        });
        classes | if cap { CAP } else { 0 }
    }

    /// Is token `i` in the word class `class`?
    pub(super) fn has(&self, i: u32, class: u32) -> bool {
        self.flags(i) & class != 0
    }

    /// The text between tokens `i` and `i + 1`.
    pub(super) fn gap(&self, i: u32) -> &str {
        let toks = &self.doc.tokens.list;
        &self.text[toks[i as usize].end as usize..toks[i as usize + 1].start as usize]
    }

    /// Nothing but spaces (or an abbreviation's full stop, or a lost space's hyphen) between
    /// tokens `i` and `i + 1`: both are in one noun phrase. A character lost to U+FFFD
    /// (`Garda� said`, `Miche�l`) was a letter or an apostrophe more often than anything that
    /// parts a phrase.
    pub(super) fn joined(&self, i: u32) -> bool {
        let gap = self.gap(i);
        // A lone hyphen is a space that flattened copy lost ("He-said", `glued` in tokenize).
        gap == "-"
            || gap
                .chars()
                .all(|c| c.is_whitespace() || c == '.' || c == '\u{FFFD}')
    }

    /// Token `i` follows token `i - 1` in one phrase, and `i - 1` is no further left than `first`.
    pub(super) fn linked(&self, i: u32, first: u32) -> bool {
        i > first && self.joined(i - 1)
    }

    /// Where the part of the clause that holds token `j` starts, going left no further than
    /// `first`: the token after the last `,`, `;` or `:` before it.
    pub(super) fn part_start(&self, mut j: u32, first: u32) -> u32 {
        while j > first && !self.gap(j - 1).contains([',', ';', ':']) {
            j -= 1;
        }
        j
    }

    pub(super) fn is_role(&self, i: u32) -> bool {
        self.has(i, ROLES_C)
    }

    /// May token `i` be part of a speaker's name or title?
    pub(super) fn namelike(&self, i: u32) -> bool {
        let f = self.flags(i);
        (f & CAP != 0
            && f & (STOPS_C | PRONOUNS_C) == 0
            && (f & FUNCTION_C == 0 || !self.capitalized_function_word(i)))
            || f & (ROLES_C | MODIFIERS_C) != 0
    }

    /// A function word capitalized to open a sentence ("More …", "You …", "These …"), which
    /// names no one; not a joiner of names (`of`, `the`), nor one written in capitals (`US`),
    /// nor `one`, which stands for a speaker ("One said").
    pub(super) fn capitalized_function_word(&self, i: u32) -> bool {
        let f = self.flags(i);
        if f & CAP == 0 || f & FUNCTION_C == 0 || f & JOINERS_C != 0 {
            return false;
        }
        let t = self.doc.tokens.list[i as usize];
        let word = &self.text[t.start as usize..t.end as usize];
        // "Will Doyle": a first name that is a function word too.
        word.bytes().any(|b| b.is_ascii_lowercase())
            && !word.eq_ignore_ascii_case("one")
            && !word.eq_ignore_ascii_case("will")
    }

    /// A word of a person's or body's name: capitalized, no role, no sentence opener; or a joiner
    /// inside a name ("bin", "de").
    pub(super) fn is_name_word(&self, i: u32) -> bool {
        let f = self.flags(i);
        (f & CAP != 0
            && f & (ROLES_C | STOPS_C | PRONOUNS_C) == 0
            && (f & FUNCTION_C == 0 || !self.capitalized_function_word(i)))
            || matches!(
                self.lower(i),
                "de" | "van" | "von" | "al" | "bin" | "la" | "del" | "da"
            )
    }

    /// A name of its own: a capitalized word that is no role noun ("Kirby", not "Police") and
    /// no pronoun (a sentence's "He" is capitalized, and names nobody).
    pub(super) fn has_name(&self, s: u32, e: u32) -> bool {
        (s..e).any(|i| {
            let f = self.flags(i);
            f & CAP != 0 && f & (ROLES_C | MODIFIERS_C | JOINERS_C | PRONOUNS_C) == 0
        })
    }

    /// After a name, its appositive: the words to the next comma or the sentence's end
    /// ("Sabrina Singh, deputy Pentagon spokeswoman").
    pub(super) fn appositive_after(&self, end: u32, limit: u32) -> Option<(u32, u32)> {
        if end >= limit || !self.gap(end - 1).contains(',') || !self.describes(end) {
            return None;
        }
        let mut e = end;
        while e < limit && e - end < 12 {
            e += 1;
            if e < limit
                && self
                    .gap(e - 1)
                    .contains([',', ';', '(', ')', '"', '\u{201C}'])
            {
                break;
            }
        }
        Some((end, e))
    }

    /// May the words from token `i` to the next comma describe a name before them? Not when they
    /// open a clause ("Hua, when asked whether …, said").
    pub(super) fn describes(&self, i: u32) -> bool {
        let w = self.lower(i);
        matches!(w, "a" | "an")
            || !(self.classes.is(w, STOPS_C)
                || is_pronoun(w)
                || matches!(w, "who" | "which" | "whose" | "asked")
                || self.opens_a_participle_clause(i))
    }

    /// "Al Cardenas, referring to Trump": a lowercase participle in -ing after a name opens a
    /// clause of its own, whose object is no description of the speaker. Not the adjectives in
    /// -ing that stand in a title ("Smith, acting secretary of …").
    fn opens_a_participle_clause(&self, i: u32) -> bool {
        let w = self.lower(i);
        !self.is_cap(i)
            && w.len() > 5
            && w.ends_with("ing")
            && !matches!(
                w,
                "acting"
                    | "outgoing"
                    | "incoming"
                    | "managing"
                    | "presiding"
                    | "reigning"
                    | "founding"
                    | "leading"
                    | "visiting"
                    | "sitting"
                    | "governing"
                    | "ruling"
                    | "longstanding"
                    | "long-standing"
                    | "serving"
                    | "retiring"
                    | "remaining"
            )
    }

    /// The party of the speaker at tokens `s..e` (or of its appositive): a mention inside it that
    /// names the speaker rather than qualifying something else.
    pub(super) fn actor_in(&self, s: u32, e: u32, in_quote: bool) -> Option<usize> {
        self.actor_within(s, e, in_quote, false)
    }

    /// As `actor_in`; in an appositive (`loose`), which describes the speaker, a mention may
    /// qualify a role through any few lower-case words ("White House budget chief").
    pub(super) fn actor_within(
        &self,
        s: u32,
        e: u32,
        in_quote: bool,
        loose: bool,
    ) -> Option<usize> {
        let lo = self.mentions.partition_point(|m| m.tok_end <= s);
        let hi = lo + self.mentions[lo..].partition_point(|m| m.tok_start < e);
        self.mentions[lo..hi]
            .iter()
            .filter(|m| m.tok_end <= e && m.tok_start >= s && m.in_quote == in_quote)
            // In an appositive, a mention that ends another capitalized name ("brand director
            // of Pabst's Tsingtao US") names a firm's branch, not a party's office.
            .filter(|m| {
                !loose
                    || m.tok_start <= s
                    || !self.joined(m.tok_start - 1)
                    || !self.is_name_word(m.tok_start - 1)
            })
            .rfind(|m| {
                // "a US recycling firm", "the China Sports Insider website": the mention
                // qualifies a noun that is no role. "Russia’s foreign ministry" is one.
                let mut next = m.tok_end;
                while next < e
                    && !self.is_role(next)
                    && (self.has(next, MODIFIERS_C)
                        || (loose && next < m.tok_end + 3 && !self.is_cap(next)))
                {
                    next += 1;
                }
                if next == m.tok_end || !loose {
                    next >= e || self.heads_a_role(next, e)
                } else {
                    // Past other words, only an office of the state counts: "White House
                    // budget chief" speaks for the US, "a US recycling firm" does not.
                    next < e && self.heads_a_role(next, e) && !self.has(next, PRIVATE_C)
                }
            })
            .map(|m| m.actor)
    }

    /// Does the role noun at token `i` stand for an office (before token `e`)? "Foreign
    /// Minister Vladimir Titov" does; "Foreign Affairs University" names a body of no party.
    pub(super) fn heads_a_role(&self, mut i: u32, e: u32) -> bool {
        if i >= e || !self.is_role(i) {
            return false;
        }
        loop {
            if self.has(i, NOT_OFFICES_C) {
                return false;
            }
            if i + 1 >= e
                || !self.joined(i)
                || !(self.is_role(i + 1)
                    || self.has(i + 1, MODIFIERS_C)
                    || (self.is_cap(i) && self.is_cap(i + 1)))
            {
                return true;
            }
            i += 1;
        }
    }

    /// The speaker of the attribution hit `h`.
    pub(super) fn speaker(&self, h: &Hit, after: bool, memory: &mut Memory) -> Option<Speaker> {
        let sentence = self.doc.sentences[h.sentence as usize];
        let (first, limit) = (sentence.first_token, sentence.end_token);
        let (a, b) = (h.tok_start, h.tok_end);
        if self.modifies_a_noun(a, b, first) {
            return None;
        }
        // A verb coordinated with an earlier one ("called … and said") or a participle after a
        // comma ("…, adding that", "…, calling it") has the speaker of the attribution just
        // before in its sentence; failing that, the sentence's subject.
        let coordinated = self.coordinated(a, first) || self.participle_after_comma(a, first);
        let mut found = if coordinated && !after {
            None
        } else {
            self.subject(h, after, first, limit)
        };
        if found.is_none() {
            // Chained ("said in a statement … adding") or coordinated: the last speaker.
            if let Some((sent, end, last)) = memory.last {
                if sent == h.sentence && end <= a && (coordinated || a - end <= 4) {
                    memory.last = Some((h.sentence, b, last));
                    return Some(last);
                }
            }
            if coordinated {
                found = self.sentence_subject(first, a, limit);
            }
        }
        let (s, e, appositive) = found?;
        // "Kremlin officials who said": the relative pronoun is the speaker as written (as
        // PolNeAR annotates it); the noun phrase before it is whom it stands for, and the rules
        // below take that phrase's party and remember it.
        let written =
            (e == s + 1 && matches!(self.lower(s), "who" | "which" | "that")).then_some((s, e));
        let (s, e) = match written {
            Some(_) => self.relative_antecedent(s, first)?,
            None => (s, e),
        };
        let single = e == s + 1;
        let pronoun = single && is_pronoun(self.lower(s));
        // "the spokesman added", "the nominee responded": a bare role noun or epithet after
        // "the" is the last speaker.
        let definite = !pronoun
            && !self.has_name(s, e)
            && s > first
            && match self.lower(s - 1) {
                "the" => true,
                // "said that officials said": a conjunction before a plural, no demonstrative.
                "this" | "that" => {
                    let last = self.lower(e - 1);
                    !last.ends_with('s') || last.ends_with("ss")
                }
                _ => false,
            }
            && e - s <= 2
            && (s..e).all(|i| self.namelike(i) || self.has(i, EPITHETS_C))
            // "the moderator said", "the reporter wrote": a person named by what they do is
            // most often someone new, not the last speaker.
            && !self.has(e - 1, PEOPLE_C);
        let speaker = if pronoun || definite {
            self.resolve(s, e, pronoun, first, h.in_quote, memory)
        } else {
            let actor = self
                .coordinated_actor(s, e, h.in_quote)
                .or_else(|| memory.party_of(self.word(e - 1)))
                .or_else(|| {
                    appositive.and_then(|(x, y)| self.actor_within(x, y, h.in_quote, true))
                });
            Speaker {
                tok_start: s,
                tok_end: e,
                resolved: None,
                actor,
            }
        };
        if speaker.resolved.is_none() && !pronoun {
            self.remember(speaker, appositive, memory);
        }
        let speaker = match written {
            Some((x, y)) => Speaker {
                tok_start: x,
                tok_end: y,
                resolved: speaker.resolved.or(Some((s, e))),
                actor: speaker.actor,
            },
            None => speaker,
        };
        memory.last = Some((h.sentence, b, speaker));
        Some(speaker)
    }

    /// The party of the speaker at tokens `s..e`, which may join several with `and` ("Former
    /// U.N. Ambassador John Bolton and Breitbart News editor Sebastian Gorka said"): one
    /// speaker's party is not the other's, so the last one's party counts only where the others
    /// name none or the same.
    pub(super) fn coordinated_actor(&self, s: u32, e: u32, in_quote: bool) -> Option<usize> {
        let and = (s + 1..e.saturating_sub(1))
            .rev()
            .find(|&i| self.lower(i) == "and" && self.is_name_word(i - 1));
        let Some(c) = and else {
            return self.actor_in(s, e, in_quote);
        };
        let last = self.actor_in(c + 1, e, in_quote)?;
        match self.actor_in(s, c, in_quote) {
            Some(other) if other != last => None,
            _ => Some(last),
        }
    }

    /// The speaker a pronoun or a definite role noun at tokens `s..e` stands for: the last
    /// speaker of fitting gender and number (`antecedents`).
    pub(super) fn resolve(
        &self,
        s: u32,
        e: u32,
        pronoun: bool,
        first: u32,
        in_quote: bool,
        memory: &mut Memory,
    ) -> Speaker {
        let need = if pronoun {
            antecedents::need_of_pronoun(self.lower(s))
        } else {
            self.gender_of_word(e - 1)
        };
        if let Some(named) = memory.antecedents.resolve(need) {
            return Speaker {
                tok_start: s,
                tok_end: e,
                resolved: Some(named.named()),
                actor: named.actor,
            };
        }
        // No named speaker yet: "The Russian leader published a letter … in which he … added"
        // — the pronoun is the sentence's subject.
        let subject = self
            .phrase_starting(first, s)
            .filter(|&(x, y)| pronoun && y < s && self.actor_in(x, y, in_quote).is_some());
        if let Some((x, y)) = subject {
            // The subject is a speaker now, for the pronouns and role nouns after it.
            let gender = match need {
                antecedents::MALE | antecedents::FEMALE => need,
                _ => self.gender(x, y, None, memory),
            };
            memory.antecedents.push(Candidate {
                speaker: Speaker {
                    tok_start: x,
                    tok_end: y,
                    resolved: None,
                    actor: self.actor_in(x, y, in_quote),
                },
                gender,
                named: self.has_name(x, y),
                word: self.word(y - 1),
            });
        }
        Speaker {
            tok_start: s,
            tok_end: e,
            resolved: subject,
            actor: match subject {
                Some((x, y)) => self.actor_in(x, y, in_quote),
                None if !pronoun => self.actor_in(s, e, in_quote),
                None => None,
            },
        }
    }

    /// The gender or number a word gives its speaker: a title, a gendered role noun, a first
    /// name, a plural role or body (`antecedents`); `ANY` for none.
    pub(super) fn gender_of_word(&self, i: u32) -> u8 {
        let f = self.flags(i);
        // A first name or title counts capitalized ("Bill", not "the bill"); a role noun in
        // any case ("spokeswoman").
        let f = if f & (CAP | ROLES_C | EPITHETS_C) == 0 {
            f & !(MALE_C | FEMALE_C)
        } else {
            f
        };
        if f & GROUP_C != 0 {
            antecedents::GROUP
        } else if f & MALE_C != 0 {
            antecedents::MALE
        } else if f & FEMALE_C != 0 {
            antecedents::FEMALE
        } else {
            antecedents::ANY
        }
    }

    /// Keeps a speaker that is not a pronoun for the pronouns after it: with its name, its party
    /// for the surname said alone later, and its gender or number (`gender`).
    pub(super) fn remember(
        &self,
        speaker: Speaker,
        appositive: Option<(u32, u32)>,
        memory: &mut Memory,
    ) {
        let (s, e) = (speaker.tok_start, speaker.tok_end);
        let named = self.has_name(s, e);
        let gender = self.gender(s, e, appositive, memory);
        if !named && gender != antecedents::GROUP {
            return;
        }
        if named {
            if let Some(actor) = speaker.actor {
                for i in s..e {
                    if self.is_name_word(i) && !self.has(i, MODIFIERS_C) {
                        memory.known(self.word(i), actor);
                    }
                }
            }
        }
        // "US President Donald Trump's administration said …, what he called": a named
        // possessor inside a body's name is a speaker a later `he` or `she` may stand for.
        let possessor = (s..e - 1).find(|&i| self.doc.tokens.list[i as usize].possessive);
        if let Some(p) =
            possessor.filter(|&p| gender == antecedents::GROUP && self.has_name(s, p + 1))
        {
            memory.antecedents.push(Candidate {
                speaker: Speaker {
                    tok_start: s,
                    tok_end: p + 1,
                    resolved: None,
                    actor: self.actor_in(s, p + 1, false),
                },
                gender: self.gender(s, p + 1, None, memory),
                named: true,
                word: self.word(p),
            });
        }
        memory.antecedents.push(Candidate {
            speaker,
            gender,
            named,
            word: self.word(e - 1),
        });
    }

    /// The gender or number of the speaker at tokens `s..e`: a group by its last word; else male
    /// or female by a title, role noun or first name in it (the nearest its end first) or its
    /// appositive; else what its last word was found with before.
    pub(super) fn gender(
        &self,
        s: u32,
        e: u32,
        appositive: Option<(u32, u32)>,
        memory: &Memory,
    ) -> u8 {
        if self.gender_of_word(e - 1) == antecedents::GROUP {
            return antecedents::GROUP;
        }
        let (x, y) = appositive.unwrap_or((e, e));
        (s..e)
            .rev()
            .chain(x..y)
            .map(|i| self.gender_of_word(i))
            .find(|&g| g == antecedents::MALE || g == antecedents::FEMALE)
            .unwrap_or_else(|| memory.antecedents.gender(self.word(e - 1)))
    }

    /// Is the attribution word at tokens `a..b` an adjective or adverb that doubts a thing
    /// rather than a verb with a subject ("Pyongyang’s alleged transfers", "the so-called
    /// referendum", "reportedly")? The possessor of such a word is what is doubted, not a speaker.
    pub(super) fn modifies_a_noun(&self, a: u32, b: u32, first: u32) -> bool {
        if b != a + 1 {
            return false;
        }
        let w = self.lower(a);
        if self.classes.is(w, ADVERBS_AND_ADJECTIVES_C) {
            return true;
        }
        if !matches!(
            w,
            "alleged" | "reported" | "supposed" | "claimed" | "disputed"
        ) || a <= first
        {
            return false;
        }
        let before = a - 1;
        self.doc.tokens.list[before as usize].possessive
            || matches!(
                self.lower(before),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "this"
                    | "these"
                    | "those"
                    | "that"
                    | "of"
                    | "for"
                    | "over"
                    | "about"
                    | "on"
                    | "in"
                    | "with"
            )
    }

    /// Is the word at token `a` a participle after a comma ("…, adding that") or a noun?
    pub(super) fn participle_after_comma(&self, a: u32, first: u32) -> bool {
        a > first
            && self.lower(a).ends_with("ing")
            && (self.gap(a - 1).contains(',')
                // "issued a statement Tuesday saying", "his remarks calling": a participle after
                // a noun has the clause's subject; "was saying", "to saying" have their own.
                || (self.joined(a - 1)
                    && self.flags(a - 1) & (SKIP_C | CHAIN_C | FUNCTION_C) == 0
                    && !self.opens_an_absolute(a - 1, first)))
    }

    /// "both men issued a statement – Ryan saying he was “very encouraged” and Trump calling it
    /// a “great meeting”": a name that ends at token `k` and opens its part of the sentence
    /// (after a dash, a comma or `and`) is the subject of the participle after it.
    fn opens_an_absolute(&self, k: u32, first: u32) -> bool {
        let Some((s, e)) = self.phrase_ending(k, first) else {
            return false;
        };
        s > first
            && self.has_name(s, e)
            && (self.gap(s - 1).contains([',', ';', '\u{2013}', '\u{2014}'])
                || (s > first + 1 && self.lower(s - 1) == "and" && self.gap(s - 2).contains(',')))
    }

    /// The subject that opens the sentence of tokens `first..`, before token `a`: a pronoun or
    /// a noun phrase with its appositive ("Sen. James Lankford, R-Oklahoma, dismissed …").
    pub(super) fn sentence_subject(&self, first: u32, a: u32, limit: u32) -> Option<Subject> {
        let toks = &self.doc.tokens.list;
        let mut k = first;
        // A quotation that opens the sentence is no subject ("“Should there be …?” a reporter
        // can be heard asking").
        while k < a && toks[k as usize].in_quote {
            k += 1;
        }
        let opener = k;
        while k < a && self.has(k, STOPS_C) && self.is_cap(k) {
            k += 1;
        }
        if k < a && is_pronoun(self.lower(k)) {
            return Some((k, k + 1, None));
        }
        let found = self.phrase_starting(k, a);
        // "By the end of the day, Mr. Trump …", "But a few days later, Trump …": an opening
        // phrase of a preposition or of common nouns is no subject; the one after its comma is.
        // "Hours later, Trump …": an opener with nothing namelike after it is introductory too.
        let introductory = k > opener && (self.has(opener, FUNCTION_C) || found.is_none())
            || found.is_some_and(|(s, _)| !self.namelike(s));
        if introductory {
            if let Some(c) = (k..a.min(k + 10)).find(|&c| self.gap(c).contains(',')) {
                let next = c + 1;
                if next < a && is_pronoun(self.lower(next)) {
                    return Some((next, next + 1, None));
                }
                if let Some((s, e)) = self
                    .phrase_starting(next, a)
                    .filter(|&(s, _)| self.namelike(s))
                {
                    return Some((s, e, self.appositive_after(e, limit.min(a))));
                }
            }
        }
        let (s, e) = found?;
        Some((s, e, self.appositive_after(e, limit.min(a))))
    }

    /// Is the verb at token `a` coordinated with an earlier one ("… and said", "… but went on
    /// to say"), or a participle after a subordinator ("before claiming", "while adding", "by
    /// saying", "erred in saying"), whose subject is the clause's?
    pub(super) fn coordinated(&self, a: u32, first: u32) -> bool {
        let k = self.verb_group_start(a, first);
        if k <= first {
            return false;
        }
        let before = self.lower(k - 1);
        matches!(before, "and" | "but")
            || (self.lower(a).ends_with("ing")
                && k == a
                && matches!(
                    before,
                    "before" | "while" | "after" | "by" | "without" | "when" | "in" | "upon"
                ))
    }

    /// Where the verb group of the verb at token `a` starts, going left no further than
    /// `first`: past auxiliaries and adverbs ("has also said") and a chain through "to" or "as"
    /// ("he went on to say", "Titov declined to say", "he was quoted as saying"), none of them
    /// set off by punctuation.
    pub(super) fn verb_group_start(&self, a: u32, first: u32) -> u32 {
        // Auxiliaries and adverbs, and the time phrases between them ("The State Department
        // less than two weeks ago said", "Trump on Friday described").
        let skip = |mut k: u32| loop {
            while k > first && self.has(k - 1, SKIP_C) && self.joined(k - 1) {
                k -= 1;
            }
            match self.time_phrase_ending(k, first) {
                // "the groups who wrote to her on Thursday say": an object or a possessive
                // before the time phrase is no subject of the verb after it.
                Some(t) if t < k && !(t > first && is_object_form(self.lower(t - 1))) => k = t,
                _ => return k,
            }
        };
        let k = skip(a);
        if k > first + 1 && matches!(self.lower(k - 1), "to" | "as") && self.joined(k - 1) {
            let mut c = k - 1;
            while c > first && self.has(c - 1, CHAIN_C) && self.joined(c - 1) {
                c -= 1;
            }
            if c < k - 1 {
                return skip(c);
            }
        }
        k
    }

    /// The speaker's tokens and its appositive, by the rules in the module doc.
    pub(super) fn subject(&self, h: &Hit, after: bool, first: u32, limit: u32) -> Option<Subject> {
        let (a, b) = (h.tok_start, h.tok_end);
        let after_name = |from: u32| {
            self.phrase_after(from, limit)
                .map(|(s, e)| (s, e, self.appositive_after(e, limit)))
        };
        if after {
            return after_name(b);
        }
        // "what it called": the pronoun inside the pattern is the speaker. In "as he puts it",
        // "calls it", "branded it" the pronoun is the object.
        let own = self.lower(a) == "what";
        if let Some(p) = (a..b).find(|&i| own && i > a && is_pronoun(self.lower(i))) {
            return Some((p, p + 1, None));
        }
        if let Some(found) = self.quoted_as(a, first) {
            return Some(found);
        }
        if let Some(found) = self.inverted(a, b, first, limit) {
            return Some(found);
        }
        // Right after a quotation: "“…,” said X" or "“…,” X said".
        let toks = &self.doc.tokens.list;
        // (Quotations do not overlap and are in text order: their ends are sorted too.)
        let quotes = &self.doc.quotes;
        let closed = quotes.partition_point(|&(_, e)| e <= h.start as usize);
        let quote_end = closed.checked_sub(1).map(|k| quotes[k].1);
        if let Some(qe) = quote_end {
            let span = &toks[first as usize..a as usize];
            let between = (span.len() - span.partition_point(|t| (t.start as usize) < qe)) as u32;
            let sentence_start = toks[first as usize].start as usize;
            if qe > sentence_start && between <= 12 && !h.in_quote {
                if between == 0 {
                    if let Some(found) = after_name(b) {
                        return Some(found);
                    }
                } else {
                    let from = a - between;
                    return self.before(a, from);
                }
            }
        }
        if a == first {
            // "Said Dorothy Poynter, who grew up with Ali: “…”": the verb opens its sentence.
            return after_name(b);
        }
        self.before(a, first)
    }

    /// The subject before the verb at token `a`, going left no further than `first`.
    pub(super) fn before(&self, a: u32, first: u32) -> Option<Subject> {
        let k = self.verb_group_start(a, first);
        if k <= first {
            return None;
        }
        let k = k - 1;
        if matches!(self.lower(k), "and" | "but" | "or") {
            return None;
        }
        let relative = match self.lower(k) {
            "which" | "who" => self.linked(k, first) || self.gap(k - 1).contains(','),
            "that" => self.linked(k, first),
            _ => false,
        };
        if relative {
            // "protest from the US, which called it …", "officials who said", "a sign that
            // read": a relative pronoun right before the verb is its subject (a conjunction
            // `that` is followed by a clause's subject, not its verb). It is the speaker as
            // written; `speaker` resolves it to the noun phrase before it.
            return self.relative_antecedent(k, first).map(|_| (k, k + 1, None));
        }
        if self.gap(k).contains(',') {
            // "Yuri Ushakov, Putin’s aide for foreign affairs, said": the name before the
            // appositive speaks; the appositive tells for whom.
            let mut j = k;
            while j > first && !self.gap(j - 1).contains(',') {
                j -= 1;
            }
            if j > first && k + 1 - j <= 5 && (j..=k).all(|i| self.is_name_word(i)) {
                // "the leader of the House minority Democrats, Nancy Pelosi, described", "a
                // senior Iranian adviser to the Ayatollah, Ali Akbar Velayati, dismissed": the
                // name between the commas speaks; the description before it tells for whom.
                let mut d = self.part_start(j - 1, first);
                while d + 1 < j && self.has(d, STOPS_C) && self.is_cap(d) {
                    d += 1;
                }
                let w = self.lower(d);
                // "Google's chief human resources executive, Laszlo Bock, told": a description
                // that ends in a lowercase role noun, whatever its first word.
                let described = !self.is_cap(j - 1) && self.has(j - 1, ROLES_C | MODIFIERS_C);
                if !self.is_cap(d) || is_determiner(w) || w == "one" || described {
                    return Some((j, k + 1, Some((d, j))));
                }
            }
            if j > first {
                if let Some((s, e)) = self.phrase_ending(j - 1, first) {
                    if self.has_name(s, e) {
                        let appositive = self.describes(j).then_some((j, k + 1));
                        return Some((s, e, appositive));
                    }
                }
            }
            return self.name_before_commas(j, k, first);
        }
        if !self.joined(k) {
            return self
                .name_before_brackets(k, first)
                .or_else(|| self.name_before_dashes(k, first));
        }
        // A common noun phrase is the subject of a finite verb only: not of a participle ("his
        // remarks calling"), nor of a phrase that opens with a preposition ("in an interview").
        let verb = self.lower(a);
        let finite = !verb.ends_with("ing") && !self.has(a, FUNCTION_C);
        if let Some((s, e)) = self.phrase_ending(k, first) {
            // "a source for his claim": a possessive is the hit's own, no object to extend.
            let whole = match is_pronoun(self.lower(s)) {
                true => None,
                false => self.with_head(s, e, first),
            };
            let (s, e) = whole.unwrap_or((s, e));
            return Some((s, e, None));
        }
        if !finite {
            return None;
        }
        self.common_phrase_ending(k, first)
            .or_else(|| {
                let (s, e) = self.determined_phrase_ending(k, first)?;
                self.with_head(s, e, first)
            })
            .map(|(s, e)| (s, e, None))
    }
}
