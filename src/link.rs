//! Speakers and actors: who says each attribution word, and which party each hit is about, so a
//! report can say who gets "claimed" and who gets "said".
//!
//! Actor mentions are the hits of the `actors` lexicon; a mention's actor is its category.
//!
//! * An attribution hit (lexicon `attribution`) gets a **speaker**: a span of the text, found
//!   whether or not it names a listed party (`find_speaker`):
//!   1. after the word when its pattern ends in `to`/`by`/`from` ("according to Russia’s
//!      Interfax news agency"), or when it follows a quotation with nothing between ("“…,” said
//!      Sabrina Singh, deputy Pentagon spokeswoman");
//!   2. otherwise the subject before it: the words between a quotation and the verb ("“…,”
//!      Kremlin aide Yuri Ushakov said"), or the noun phrase right before the verb, past
//!      auxiliaries and adverbs ("Russia’s foreign ministry has dismissed"), past an appositive
//!      between commas ("Yuri Ushakov, Putin’s aide, said" is Ushakov's), or the possessor of an
//!      attribution noun ("a US general’s allegations");
//!   3. a verb coordinated with an earlier one ("called … and said"), or chained to one ("said in
//!      a statement"), has the earlier one's speaker;
//!   4. a pronoun ("he added", "his claims") or a definite role noun ("the spokesman said", "the
//!      nominee responded") resolves to the last speaker before it whose gender and number fit
//!      (`antecedents`);
//!   5. with none of these, a common noun phrase after a determiner ("a spokesman said", "said a
//!      longtime adviser"), a name before brackets, an inverted verb after a comma (", said
//!      Michael Kofman, an expert").
//!
//!   The hit's **actor** is the party its speaker maps to through actors.csv — a mention inside
//!   the speaker's words, else inside its appositive ("Vladimir Korolyov, Commander-in-Chief of
//!   the Russian Navy") — or none: never merely the nearest other mention. A mention that only
//!   qualifies something else ("a US recycling firm") does not count. Objects and topics of the
//!   verb ("accused Beijing") are never its speaker.
//! * Any other hit (tone, hedging, framing, …) is linked to the nearest mention in its sentence,
//!   counting words between them; a tie goes to the mention before.
//!
//! These are word rules, not a parser: docs/metrics.md lists their known failures.

mod antecedents;

use crate::lexicon::{LexiconSet, Pattern};
use crate::matcher::Hit;
use crate::text::Doc;
use antecedents::{Antecedents, Candidate};
use rustc_hash::FxHashMap;

/// The speaker of an attribution word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker as written: tokens `tok_start..tok_end` ("Kremlin aide Yuri Ushakov", "he").
    pub tok_start: u32,
    pub tok_end: u32,
    /// The named speaker a pronoun or a definite role noun stands for: tokens.
    pub resolved: Option<(u32, u32)>,
    pub actor: Option<usize>,
}

impl Speaker {
    /// The named speaker's tokens: the resolved one, else the speaker itself.
    pub fn named(&self) -> (u32, u32) {
        self.resolved.unwrap_or((self.tok_start, self.tok_end))
    }
}

#[derive(Clone, Copy)]
struct Mention {
    tok_start: u32,
    tok_end: u32,
    sentence: u32,
    in_quote: bool,
    actor: usize,
}

/// Roles of the lexicons of a run in linking, worked out once per run.
pub struct Linker {
    actors: Option<usize>,
    /// Per entry of the actors lexicon: its category, the actor it names.
    actor_of_entry: Vec<usize>,
    attribution: Option<usize>,
    /// Per attribution entry: does its pattern end in a word that introduces the speaker after it?
    speaker_after: Vec<bool>,
    classes: WordClasses,
}

/// Per-article state of the speaker finder, in text order.
#[derive(Default)]
struct Memory {
    /// The last speakers, with their gender and number: what a pronoun may stand for.
    antecedents: Antecedents,
    /// The last attribution with a speaker: its sentence, last token and speaker.
    last: Option<(u32, u32, Speaker)>,
    /// Surnames seen so far with their party: a speaker first named with a party ("Chinese
    /// foreign ministry spokeswoman Hua Chunying") keeps it when named again ("Hua said").
    surnames: Vec<(u32, usize)>,
}

impl Memory {
    /// `word` is a token's word id (`Token::word`): the same written word has the same id
    /// throughout an article.
    fn known(&mut self, word: u32, actor: usize) {
        match self.surnames.iter_mut().find(|(n, _)| *n == word) {
            Some(slot) => slot.1 = actor,
            None => self.surnames.push((word, actor)),
        }
    }

    fn party_of(&self, word: u32) -> Option<usize> {
        self.surnames
            .iter()
            .find(|(n, _)| *n == word)
            .map(|&(_, a)| a)
    }
}

impl Linker {
    pub fn new(set: &LexiconSet) -> Linker {
        let attribution = set.role(set.roles.attribution);
        let speaker_after = attribution
            .map(|(_, lex)| {
                lex.entries
                    .iter()
                    .map(|e| match &e.compiled {
                        Pattern::Words { elems, .. } => elems
                            .last()
                            .is_some_and(|l| matches!(l.text.as_str(), "to" | "by" | "from")),
                        Pattern::Regex(_) => false,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let actors = set.role(set.roles.actors);
        Linker {
            actors: actors.map(|(i, _)| i),
            actor_of_entry: actors
                .map(|(_, l)| l.entries.iter().map(|e| e.category).collect())
                .unwrap_or_default(),
            attribution: attribution.map(|(i, _)| i),
            speaker_after,
            classes: WordClasses::new(),
        }
    }

    /// The index of the attribution lexicon, if the run has one.
    pub fn attribution(&self) -> Option<usize> {
        self.attribution
    }

    /// `link_with` with a scratch of its own (one article: nothing to remember).
    pub fn link(
        &self,
        text: &str,
        doc: &Doc,
        hits: &mut [Hit],
        speakers: &mut Vec<Option<Speaker>>,
    ) {
        self.link_with(text, doc, hits, speakers, &mut LinkScratch::default());
    }

    /// Sets `actor` on every hit of `hits` (sorted by position) that can be linked, and the
    /// speaker of every attribution hit in `speakers` (one slot per hit). `scratch` is the
    /// worker's: what it learns of each word is kept from article to article.
    pub fn link_with(
        &self,
        text: &str,
        doc: &Doc,
        hits: &mut [Hit],
        speakers: &mut Vec<Option<Speaker>>,
        scratch: &mut LinkScratch,
    ) {
        speakers.clear();
        speakers.resize(hits.len(), None);
        let mut mentions = std::mem::take(&mut scratch.mentions);
        mentions.clear();
        if let Some(actors) = self.actors {
            mentions.extend(
                hits.iter()
                    .filter(|h| h.lexicon == actors)
                    .map(|h| Mention {
                        tok_start: h.tok_start,
                        tok_end: h.tok_end,
                        sentence: h.sentence,
                        in_quote: h.in_quote,
                        actor: self.actor_of_entry[h.entry],
                    }),
            );
        }
        if scratch.generation != doc.tokens.generation {
            scratch.classes.clear();
            scratch.generation = doc.tokens.generation;
        }
        if scratch.classes.len() < doc.tokens.words.len() {
            scratch
                .classes
                .resize(doc.tokens.words.len(), std::cell::Cell::new(0));
        }
        let finder = Finder {
            classes: &self.classes,
            word_classes: &scratch.classes,
            text,
            doc,
            mentions: &mentions,
        };
        let mut memory = Memory {
            surnames: std::mem::take(&mut scratch.surnames),
            antecedents: std::mem::take(&mut scratch.antecedents),
            ..Memory::default()
        };
        memory.surnames.clear();
        memory.antecedents.clear();
        let mut sentence = SentenceMentions::default();
        for (i, h) in hits.iter_mut().enumerate() {
            if Some(h.lexicon) == self.actors {
                h.actor = Some(self.actor_of_entry[h.entry]);
            } else if Some(h.lexicon) == self.attribution {
                let after = self.speaker_after.get(h.entry) == Some(&true);
                let speaker = finder.speaker(h, after, &mut memory);
                h.actor = speaker.and_then(|s| s.actor);
                speakers[i] = speaker;
            } else {
                h.actor = sentence.nearest(&mentions, h).map(|m| m.actor);
            }
        }
        scratch.mentions = mentions;
        scratch.surnames = memory.surnames;
        scratch.antecedents = memory.antecedents;
    }
}

/// Words between a subject and its verb: auxiliaries and adverbs ("has also said").
#[rustfmt::skip]
const SKIP: &[&str] = &[
    "has", "have", "had", "was", "were", "is", "are", "also", "further", "later", "then", "again",
    "previously", "repeatedly", "once", "would", "will", "had", "recently", "earlier", "already",
    "reportedly", "publicly", "quickly", "strongly", "flatly", "firmly", "did", "does", "do", "not",
    "never", "still", "even", "just", "only", "subsequently", "separately", "initially", "both",
    "all", "himself", "herself", "itself", "themselves",
    // Adverbs of manner and frequency that stand between a speaker and a speech verb in news
    // ("Gorka similarly warned", "She regularly tells", "Cruz gingerly said"; PolNeAR train).
    // A list, not every word in -ly: "the family said", "an ally said" have nouns there.
    "often", "usually", "always", "sometimes", "regularly", "frequently", "routinely",
    "similarly", "likewise", "however", "now", "since", "memorably", "famously", "infamously",
    "increasingly", "privately", "openly", "angrily", "bluntly", "sharply", "loudly", "proudly",
    "simply", "directly", "explicitly", "specifically", "personally", "officially", "formally",
    "jokingly", "bitterly", "pointedly", "tearfully", "sarcastically", "emphatically",
    "immediately", "finally", "eventually", "ultimately", "quietly", "forcefully",
    "categorically", "confidently", "defiantly", "falsely", "wrongly", "rightly", "correctly",
    "mistakenly", "calmly", "derisively", "dismissively", "tersely", "curtly", "candidly",
    "frankly", "gingerly", "cautiously", "carefully", "casually", "notably",
    "essentially", "basically", "effectively", "apparently", "seemingly", "clearly",
];

/// Verbs that chain to a speech verb through "to" or "as" ("went on to say", "was quoted as
/// saying"): the subject is before them.
#[rustfmt::skip]
const CHAIN: &[&str] = &[
    "went", "on", "go", "goes", "going", "continued", "continues", "declined", "declines",
    "refused", "refuses", "wanted", "wants", "quoted", "is", "was", "were", "are", "been",
    "appeared", "seemed", "tried", "sought", "moved", "rushed", "hastened", "used",
];

/// Nouns that name a speaker by role ("the spokesman", "officials", "police").
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials", "minister",
    "candidate", "nominee",
    "ministers", "ministry", "president", "aide", "aides", "secretary", "ambassador", "envoy",
    "leader", "leaders", "chief", "director", "head", "police", "sources", "source", "analyst",
    "analysts", "expert", "experts", "agency", "government", "media", "authorities", "lawmaker",
    "lawmakers", "senator", "governor", "prosecutor", "prosecutors", "lawyer", "lawyers",
    "attorney", "commander", "general", "diplomat", "diplomats", "adviser", "advisers", "advisor",
    "officer", "officers", "investigators", "residents", "witnesses", "people", "critics",
    "observers", "report", "reports", "statement", "department", "office", "embassy", "army",
    "military", "forces", "navy", "council", "committee", "court", "judge", "company", "firm",
    "group", "organization", "organisation", "party", "administration", "chancellor", "premier",
    "foreign", "defense", "defence", "state", "cabinet", "parliament", "congressman",
    "congresswoman", "representative", "mayor", "member", "members", "democrats", "republicans",
    "campaign", "team", "union", "operator", "service", "ministry's", "newspaper", "channel",
    "broadcaster", "outlet", "website", "daily", "kremlin", "pentagon", "regime", "authority",
    "board", "bank", "commission", "commissioner",
    "commander-in-chief", "admiral", "colonel", "captain", "chairman", "chairwoman", "chair",
];

/// Role nouns that name no office of a party: a mention qualifying them through other words
/// ("a US recycling firm") does not make their speaker the party's.
#[rustfmt::skip]
const PRIVATE: &[&str] = &[
    "company", "firm", "group", "bank", "website", "newspaper", "channel", "broadcaster", "outlet",
    "daily", "organization", "organisation", "media", "report", "reports", "statement", "people",
    "residents", "witnesses", "critics", "observers", "analyst", "analysts", "expert", "experts",
    "sources", "source", "lawyer", "lawyers", "attorney", "campaign", "team", "board", "union",
    "operator",
];

/// Nouns that end the name of a body that speaks for no party, though a role word or a party's
/// name begins it ("China Foreign Affairs University", "the State Museum").
#[rustfmt::skip]
const NOT_OFFICES: &[&str] = &[
    "university", "college", "institute", "school", "academy", "center", "centre", "foundation",
    "hospital", "museum", "club", "corp", "inc", "ltd", "studies", "program", "programme",
];

/// Adjectives that stand in a speaker's role ("the deputy foreign minister").
#[rustfmt::skip]
const MODIFIERS: &[&str] = &[
    "deputy", "senior", "former", "top", "prime", "vice", "national", "security", "public",
    "federal", "local", "interior", "justice", "health", "presidential", "press", "news",
    "state-run", "state-owned", "official", "first", "acting", "assistant", "associate",
    "executive", "regional", "provincial", "municipal", "central", "supreme", "chief",
    "intelligence", "finance", "trade", "economy", "economic", "education", "energy", "environment",
    "home", "affairs", "international", "western", "opposition", "ruling", "defense", "defence",
    "foreign", "military",
];

/// Words that join the parts of a speaker's name or title ("Minister of the Interior").
const JOINERS: &[&str] = &[
    "of", "the", "for", "and", "de", "van", "von", "al", "bin", "la",
];

/// Capitalized words that end a speaker's name going left: a sentence starts with them.
#[rustfmt::skip]
const STOPS: &[&str] = &[
    "on", "in", "at", "but", "and", "when", "after", "before", "while", "as", "if", "then",
    "meanwhile", "however", "also", "so", "yet", "last", "this", "that", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "earlier", "later", "today",
    "yesterday", "tonight", "speaking", "asked", "separately", "still", "now", "here", "there",
    "instead", "though", "although", "because", "since", "with", "without", "from", "by", "during",
    "under", "over", "to", "for", "a", "an",
    // "Hours later, Trump …", "It's become …": time spans and contractions that open a
    // sentence, capitalized there, name no one.
    "hours", "days", "weeks", "months", "years", "minutes", "moments", "it's", "that's",
    "there's", "here's", "he's", "she's", "they're", "we're", "i'm", "what's",
];

/// Attribution words that never have a speaker of their own: the author doubts or labels.
#[rustfmt::skip]
const ADVERBS_AND_ADJECTIVES: &[&str] = &[
    "allegedly", "reportedly", "supposedly", "purportedly", "apparently", "so-called", "purported",
    "self-proclaimed", "self-styled", "ostensibly", "seemingly",
];

/// Word classes, one bit each, of the word lists above.
const ROLES_C: u32 = 1 << 0;
const MODIFIERS_C: u32 = 1 << 1;
const STOPS_C: u32 = 1 << 2;
const JOINERS_C: u32 = 1 << 3;
const SKIP_C: u32 = 1 << 4;
const CHAIN_C: u32 = 1 << 5;
const PRIVATE_C: u32 = 1 << 6;
const NOT_OFFICES_C: u32 = 1 << 7;
const ADVERBS_AND_ADJECTIVES_C: u32 = 1 << 8;
const PRONOUNS_C: u32 = 1 << 9;
const MALE_C: u32 = 1 << 10;
const FEMALE_C: u32 = 1 << 11;
const GROUP_C: u32 = 1 << 12;
const EPITHETS_C: u32 = 1 << 13;
const FUNCTION_C: u32 = 1 << 14;
/// `Finder::flags`: the token begins with a capital; its flags are known.
const CAP: u32 = 1 << 30;
const KNOWN: u32 = 1 << 31;

/// The word lists as one table: a word's classes in one lookup, not a scan of each list (the
/// lists are consulted a dozen times for each attribution word).
struct WordClasses(FxHashMap<&'static str, u32>);

impl WordClasses {
    fn new() -> WordClasses {
        let mut map: FxHashMap<&'static str, u32> = FxHashMap::default();
        for (list, class) in [
            (ROLES, ROLES_C),
            (MODIFIERS, MODIFIERS_C),
            (STOPS, STOPS_C),
            (JOINERS, JOINERS_C),
            (SKIP, SKIP_C),
            (CHAIN, CHAIN_C),
            (PRIVATE, PRIVATE_C),
            (NOT_OFFICES, NOT_OFFICES_C),
            (ADVERBS_AND_ADJECTIVES, ADVERBS_AND_ADJECTIVES_C),
            (PRONOUNS, PRONOUNS_C),
            (antecedents::MALE_WORDS, MALE_C),
            (antecedents::FEMALE_WORDS, FEMALE_C),
            (antecedents::GROUP_WORDS, GROUP_C),
            (antecedents::EPITHETS, EPITHETS_C),
            (crate::text::function_words::FUNCTION_WORDS, FUNCTION_C),
        ] {
            for &w in list {
                *map.entry(w).or_default() |= class;
            }
        }
        WordClasses(map)
    }

    fn is(&self, word: &str, class: u32) -> bool {
        self.of(word) & class != 0
    }

    /// A hyphenated word no list holds takes the role or modifier class of its last part
    /// ("vice-foreign minister", "ex-president").
    fn of(&self, word: &str) -> u32 {
        match self.0.get(word) {
            Some(&c) => c,
            None => word.rsplit_once('-').map_or(0, |(_, last)| {
                self.0.get(last).copied().unwrap_or(0) & (ROLES_C | MODIFIERS_C)
            }),
        }
    }
}

/// The pronouns that stand for a speaker ("he said", "his claims").
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "his", "her", "their", "its", "our",
];

fn is_pronoun(word: &str) -> bool {
    PRONOUNS.contains(&word)
}

/// "46-year-old": an age that names a person ("said the 46-year-old").
fn is_age(word: &str) -> bool {
    word.strip_suffix("-year-old")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A speaker's tokens `start..end` and, when it has one, its appositive's tokens.
type Subject = (u32, u32, Option<(u32, u32)>);

/// What a worker's linker remembers from article to article: each word's classes, by the word
/// id of the worker's `Tokens` (`generation` names the vocabulary the ids belong to). The speaker
/// rules ask of the same few words in every article; a hash lookup per word and article was
/// 1.2% of a run. Also the buffers of an article's mentions and surnames, kept so that an
/// article allocates none.
#[derive(Default)]
pub struct LinkScratch {
    /// Per word id: `KNOWN` | its classes, 0 until asked.
    classes: Vec<std::cell::Cell<u32>>,
    generation: u64,
    mentions: Vec<Mention>,
    surnames: Vec<(u32, usize)>,
    antecedents: Antecedents,
}

struct Finder<'a> {
    classes: &'a WordClasses,
    /// Per word id: `KNOWN` | its classes, 0 until asked (`LinkScratch`).
    word_classes: &'a [std::cell::Cell<u32>],
    text: &'a str,
    doc: &'a Doc,
    mentions: &'a [Mention],
}

impl Finder<'_> {
    fn lower(&self, i: u32) -> &str {
        self.doc.tokens.lower(i as usize)
    }

    fn word(&self, i: u32) -> u32 {
        self.doc.tokens.list[i as usize].word
    }

    fn is_cap(&self, i: u32) -> bool {
        self.flags(i) & CAP != 0
    }

    /// Token `i`'s word classes (looked up once per word a worker sees: the speaker rules ask of
    /// the same few words again and again) and whether it begins with a capital.
    fn flags(&self, i: u32) -> u32 {
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
    fn has(&self, i: u32, class: u32) -> bool {
        self.flags(i) & class != 0
    }

    /// The text between tokens `i` and `i + 1`.
    fn gap(&self, i: u32) -> &str {
        let toks = &self.doc.tokens.list;
        &self.text[toks[i as usize].end as usize..toks[i as usize + 1].start as usize]
    }

    /// Nothing but spaces (or an abbreviation's full stop, or a lost space's hyphen) between
    /// tokens `i` and `i + 1`: both are in one noun phrase. A character lost to U+FFFD
    /// (`Garda� said`, `Miche�l`) was a letter or an apostrophe more often than anything that
    /// parts a phrase.
    fn joined(&self, i: u32) -> bool {
        let gap = self.gap(i);
        // A lone hyphen is a space that flattened copy lost ("He-said", `glued` in tokenize).
        gap == "-"
            || gap
                .chars()
                .all(|c| c.is_whitespace() || c == '.' || c == '\u{FFFD}')
    }

    fn is_role(&self, i: u32) -> bool {
        self.has(i, ROLES_C)
    }

    /// May token `i` be part of a speaker's name or title?
    fn namelike(&self, i: u32) -> bool {
        let f = self.flags(i);
        (f & CAP != 0 && f & (STOPS_C | PRONOUNS_C) == 0) || f & (ROLES_C | MODIFIERS_C) != 0
    }

    /// A word of a person's or body's name: capitalized, no role, no sentence opener; or a joiner
    /// inside a name ("bin", "de").
    fn is_name_word(&self, i: u32) -> bool {
        let f = self.flags(i);
        (f & CAP != 0 && f & (ROLES_C | STOPS_C | PRONOUNS_C) == 0)
            || matches!(
                self.lower(i),
                "de" | "van" | "von" | "al" | "bin" | "la" | "del" | "da"
            )
    }

    /// A name of its own: a capitalized word that is no role noun ("Kirby", not "Police") and
    /// no pronoun (a sentence's "He" is capitalized, and names nobody).
    fn has_name(&self, s: u32, e: u32) -> bool {
        (s..e).any(|i| {
            let f = self.flags(i);
            f & CAP != 0 && f & (ROLES_C | MODIFIERS_C | JOINERS_C | PRONOUNS_C) == 0
        })
    }

    /// The noun phrase that ends at token `k`, going left no further than `first`.
    fn phrase_ending(&self, k: u32, first: u32) -> Option<(u32, u32)> {
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
    fn phrase_starting(&self, mut k: u32, limit: u32) -> Option<(u32, u32)> {
        let from = k;
        while k < limit && matches!(self.lower(k), "the" | "a" | "an") {
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

    /// The words of a common noun phrase from token `k` (after its determiner) to a function
    /// word or punctuation, at most four, going right no further than `limit`.
    fn common_phrase_starting(&self, k: u32, limit: u32) -> Option<(u32, u32)> {
        let mut e = k;
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
    fn common_phrase_ending(&self, k: u32, first: u32) -> Option<(u32, u32)> {
        if !self.plain_word(k) || self.is_cap(k) {
            return None;
        }
        let mut s = k;
        while s > first && k - s < 3 && self.joined(s - 1) {
            if matches!(
                self.lower(s - 1),
                "the"
                    | "a"
                    | "an"
                    | "this"
                    | "that"
                    | "another"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "our"
            ) {
                // "Trump at the time said", "by the end of the day": the object of a
                // preposition is no subject.
                let object = s - 1 > first
                    && self.joined(s - 2)
                    && self.has(s - 2, FUNCTION_C)
                    && !matches!(self.lower(s - 2), "and" | "but" | "that" | "when" | "while");
                return (!object).then_some((s, k + 1));
            }
            if !self.plain_word(s - 1) {
                return None;
            }
            s -= 1;
        }
        None
    }

    /// A word that may be part of a common noun phrase: letters, no function word, auxiliary,
    /// sentence opener, adverb in -ly or past tense in -ed.
    fn plain_word(&self, i: u32) -> bool {
        let w = self.lower(i);
        self.flags(i) & (FUNCTION_C | SKIP_C | STOPS_C | PRONOUNS_C | CHAIN_C) == 0
            // An adverb in -ly is no noun; these nouns in -ly are ("the family said").
            && (!w.ends_with("ly")
                || matches!(w, "family" | "ally" | "rally" | "assembly" | "bully" | "monopoly"))
            // A past tense is the verb before a noun hit ("The president denied allegations").
            && !(w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
            && (w.chars().all(|c| c.is_alphabetic() || c == '-') || is_age(w))
    }

    /// After a name, its appositive: the words to the next comma or the sentence's end
    /// ("Sabrina Singh, deputy Pentagon spokeswoman").
    fn appositive_after(&self, end: u32, limit: u32) -> Option<(u32, u32)> {
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
    fn describes(&self, i: u32) -> bool {
        let w = self.lower(i);
        matches!(w, "a" | "an")
            || !(self.classes.is(w, STOPS_C)
                || is_pronoun(w)
                || matches!(w, "who" | "which" | "whose" | "asked"))
    }

    /// The party of the speaker at tokens `s..e` (or of its appositive): a mention inside it that
    /// names the speaker rather than qualifying something else.
    fn actor_in(&self, s: u32, e: u32, in_quote: bool) -> Option<usize> {
        self.actor_within(s, e, in_quote, false)
    }

    /// As `actor_in`; in an appositive (`loose`), which describes the speaker, a mention may
    /// qualify a role through any few lower-case words ("White House budget chief").
    fn actor_within(&self, s: u32, e: u32, in_quote: bool, loose: bool) -> Option<usize> {
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
    fn heads_a_role(&self, mut i: u32, e: u32) -> bool {
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
    fn speaker(&self, h: &Hit, after: bool, memory: &mut Memory) -> Option<Speaker> {
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
        let single = e == s + 1;
        let pronoun = single && is_pronoun(self.lower(s));
        // "the spokesman added", "the nominee responded": a bare role noun or epithet after
        // "the" is the last speaker.
        let definite = !pronoun
            && !self.has_name(s, e)
            && s > first
            && matches!(self.lower(s - 1), "the" | "this" | "that")
            && e - s <= 2
            && (s..e).all(|i| self.namelike(i) || self.has(i, EPITHETS_C));
        let speaker = if pronoun || definite {
            self.resolve(s, e, pronoun, first, h.in_quote, memory)
        } else {
            let actor = self
                .actor_in(s, e, h.in_quote)
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
        memory.last = Some((h.sentence, b, speaker));
        Some(speaker)
    }

    /// The speaker a pronoun or a definite role noun at tokens `s..e` stands for: the last
    /// speaker of fitting gender and number (`antecedents`).
    fn resolve(
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
    fn gender_of_word(&self, i: u32) -> u8 {
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
    fn remember(&self, speaker: Speaker, appositive: Option<(u32, u32)>, memory: &mut Memory) {
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
    fn gender(&self, s: u32, e: u32, appositive: Option<(u32, u32)>, memory: &Memory) -> u8 {
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
    fn modifies_a_noun(&self, a: u32, b: u32, first: u32) -> bool {
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
    fn participle_after_comma(&self, a: u32, first: u32) -> bool {
        a > first
            && self.lower(a).ends_with("ing")
            && (self.gap(a - 1).contains(',')
                // "issued a statement Tuesday saying", "his remarks calling": a participle after
                // a noun has the clause's subject; "was saying", "to saying" have their own.
                || (self.joined(a - 1)
                    && self.flags(a - 1) & (SKIP_C | CHAIN_C | FUNCTION_C) == 0))
    }

    /// The subject that opens the sentence of tokens `first..`, before token `a`: a pronoun or
    /// a noun phrase with its appositive ("Sen. James Lankford, R-Oklahoma, dismissed …").
    fn sentence_subject(&self, first: u32, a: u32, limit: u32) -> Option<Subject> {
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
    /// saying"), whose subject is the clause's?
    fn coordinated(&self, a: u32, first: u32) -> bool {
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
                    "before" | "while" | "after" | "by" | "without" | "when"
                ))
    }

    /// Where the verb group of the verb at token `a` starts, going left no further than
    /// `first`: past auxiliaries and adverbs ("has also said") and a chain through "to" or "as"
    /// ("he went on to say", "Titov declined to say", "he was quoted as saying"), none of them
    /// set off by punctuation.
    fn verb_group_start(&self, a: u32, first: u32) -> u32 {
        let skip = |mut k: u32| {
            while k > first && self.has(k - 1, SKIP_C) && self.joined(k - 1) {
                k -= 1;
            }
            k
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
    fn subject(&self, h: &Hit, after: bool, first: u32, limit: u32) -> Option<Subject> {
        let (a, b) = (h.tok_start, h.tok_end);
        let after_name = |from: u32| {
            self.phrase_starting(from, limit)
                .map(|(s, e)| (s, e, self.appositive_after(e, limit)))
        };
        if after {
            return after_name(b);
        }
        // "what it called": the pronoun inside the pattern is the speaker.
        if let Some(p) = (a..b).find(|&i| i > a && is_pronoun(self.lower(i))) {
            return Some((p, p + 1, None));
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

    /// "Clinton, 35, the daughter of former President Bill Clinton and …, said": a name that opens
    /// the clause, before an appositive of several parts between commas (`j..=k` the last part),
    /// at most 30 words back.
    fn name_before_commas(&self, mut j: u32, k: u32, first: u32) -> Option<Subject> {
        while j > first && k - j < 30 {
            let end = j - 1;
            let mut start = end;
            while start > first && !self.gap(start - 1).contains([',', ';', ':']) {
                start -= 1;
            }
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

    /// "Sen. John Cornyn (R-Texas) told": the name before brackets that end at token `k`.
    fn name_before_brackets(&self, k: u32, first: u32) -> Option<Subject> {
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

    /// "Any “cleareyed” interpretation of Mr. Kerry's actions, said Michael Kofman, an expert
    /// …": a speech verb (tokens `a..b`) after a comma, with a name after it that ends the
    /// clause, is inverted. "…, said the Trump administration's attitude …" is no name that ends
    /// a clause: a verb's object after an appositive.
    fn inverted(&self, a: u32, b: u32, first: u32, limit: u32) -> Option<Subject> {
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
        let (s, e) = self.phrase_starting(b, limit)?;
        let ends = e >= limit || self.gap(e - 1).contains([',', '.', ';', '(']);
        (self.has_name(s, e) && ends).then(|| (s, e, self.appositive_after(e, limit)))
    }

    /// The subject before the verb at token `a`, going left no further than `first`.
    fn before(&self, a: u32, first: u32) -> Option<Subject> {
        let k = self.verb_group_start(a, first);
        if k <= first {
            return None;
        }
        let k = k - 1;
        if matches!(self.lower(k), "and" | "but" | "or") {
            return None;
        }
        if matches!(self.lower(k), "which" | "who") && k > first && self.gap(k - 1).contains(',') {
            // "protest from the US, which called it …": the relative pronoun's antecedent.
            return self.phrase_ending(k - 1, first).map(|(s, e)| (s, e, None));
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
                let mut d = j - 1;
                while d > first && !self.gap(d - 1).contains([',', ';', ':']) {
                    d -= 1;
                }
                while d + 1 < j && self.has(d, STOPS_C) && self.is_cap(d) {
                    d += 1;
                }
                let w = self.lower(d);
                if !self.is_cap(d)
                    || matches!(w, "a" | "an" | "the" | "his" | "her" | "its" | "their")
                {
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
            return self.name_before_brackets(k, first);
        }
        // A common noun phrase is the subject of a finite verb only: not of a participle ("his
        // remarks calling"), nor of a phrase that opens with a preposition ("in an interview").
        let verb = self.lower(a);
        let finite = !verb.ends_with("ing") && !self.has(a, FUNCTION_C);
        self.phrase_ending(k, first)
            .or_else(|| {
                finite
                    .then(|| self.common_phrase_ending(k, first))
                    .flatten()
            })
            .map(|(s, e)| (s, e, None))
    }
}

/// The mentions of the sentence of the hit being linked, `mentions[lo..hi]`: hits come in text
/// order, so both bounds only move forward.
#[derive(Default)]
struct SentenceMentions {
    lo: usize,
    hi: usize,
    /// Whether `mentions[lo..hi]` are `in_order`, worked out once per sentence.
    ordered: Option<bool>,
}

impl SentenceMentions {
    /// The mention of `h`'s sentence nearest to it (`nearest`).
    fn nearest<'m>(&mut self, mentions: &'m [Mention], h: &Hit) -> Option<&'m Mention> {
        let was = (self.lo, self.hi);
        while self.lo < mentions.len() && mentions[self.lo].sentence < h.sentence {
            self.lo += 1;
        }
        self.hi = self.hi.max(self.lo);
        while self.hi < mentions.len() && mentions[self.hi].sentence <= h.sentence {
            self.hi += 1;
        }
        let same = &mentions[self.lo..self.hi];
        if self.ordered.is_none() || was != (self.lo, self.hi) {
            self.ordered = Some(in_order(same));
        }
        if self.ordered == Some(true) {
            nearest_in_order(same, h)
        } else {
            nearest(same, h)
        }
    }
}

/// Words between a mention and a hit: 0 when they overlap.
fn distance(m: &Mention, h: &Hit) -> u32 {
    if m.tok_end <= h.tok_start {
        h.tok_start - m.tok_end
    } else {
        m.tok_start.saturating_sub(h.tok_end)
    }
}

/// The mention of `same` (a sentence's, in text order) nearest to `h`; of two as near, the one
/// before.
fn nearest<'m>(same: &'m [Mention], h: &Hit) -> Option<&'m Mention> {
    // Before wins a tie: it sorts first, and min_by_key keeps the first minimum.
    same.iter().min_by_key(|m| distance(m, h))
}

/// Whether mentions come in order of their first and of their last tokens, as those of one
/// lexicon do but for nested regex matches: then `nearest_in_order` gives what `nearest` does.
fn in_order(same: &[Mention]) -> bool {
    same.windows(2)
        .all(|w| w[0].tok_start <= w[1].tok_start && w[0].tok_end <= w[1].tok_end)
}

/// `nearest` for mentions `in_order`, without a pass over them all: a hit in a sentence of a
/// million mentions would make linking the square of it. Those ending before the hit are a
/// prefix, nearest at its last end (the first mention with that end, as `nearest` keeps the
/// first minimum); the rest are nearest at their first.
fn nearest_in_order<'m>(same: &'m [Mention], h: &Hit) -> Option<&'m Mention> {
    let split = same.partition_point(|m| m.tok_end <= h.tok_start);
    let before = split.checked_sub(1).map(|last| {
        let end = same[last].tok_end;
        &same[same[..split].partition_point(|m| m.tok_end < end)]
    });
    match (before, same.get(split)) {
        (Some(b), Some(a)) if distance(a, h) < distance(b, h) => Some(a),
        (Some(b), _) => Some(b),
        (None, a) => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use crate::matcher::Matcher;
    use crate::text::boilerplate::Boilerplate;
    use std::path::Path;

    struct Linked {
        /// (matched text, actor, speaker as written, resolved speaker) of each non-actor hit.
        hits: Vec<(String, String, String, String)>,
    }

    fn run(text: &str) -> Linked {
        let actors = parse_lexicon(
            Path::new("actors.csv"),
            b"pattern,category\nU.S.,us\n=US,us\nPutin,russia\nUshakov,russia\nKirby,us\nSabrina Singh,us\nPentagon,us\nInterfax,russia\nMoscow,russia\nRussia,russia\nRussian Navy,russia\nKremlin,russia\nPyongyang,north_korea\nBeijing,china\nIranian,iran\nHua Chunying,china\nWhite House,us\nChinese,china\nGermany,germany\nFrench,france\n",
        )
        .unwrap();
        let attribution = parse_lexicon(
            Path::new("attribution.csv"),
            b"pattern,category\nsaid,neutral\ntelling,neutral\nadded,neutral\ncalled,neutral\naccording to,neutral\ndenied,accusing\naccused,accusing\ndismissed,accusing\nallegations,distancing\nnoted,endorsing\nin a statement,neutral\ntold,neutral\nadding,neutral\ncalling,neutral\nsay,neutral\nalleged,distancing\nresponded,neutral\n",
        )
        .unwrap();
        let tone = parse_lexicon(
            Path::new("tone.csv"),
            b"pattern,category\nhostile,negative\n",
        )
        .unwrap();
        let set = LexiconSet::new(vec![tone, attribution, actors], None);
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let mut hits = Vec::new();
        Matcher::new(&set).find(text, &doc, &mut hits);
        let mut speakers = Vec::new();
        Linker::new(&set).link(text, &doc, &mut hits, &mut speakers);
        let actor_names = &set.lexicons[2].categories;
        let words = |(s, e): (u32, u32)| {
            let toks = &doc.tokens.list;
            text[toks[s as usize].start as usize..toks[e as usize - 1].end as usize].to_owned()
        };
        Linked {
            hits: hits
                .iter()
                .zip(&speakers)
                .filter(|(h, _)| h.lexicon != 2)
                .map(|(h, sp)| {
                    (
                        text[h.start as usize..h.end as usize].to_owned(),
                        h.actor.map_or("-".to_owned(), |a| actor_names[a].clone()),
                        sp.map_or("-".to_owned(), |s| words((s.tok_start, s.tok_end))),
                        sp.and_then(|s| s.resolved).map_or("-".to_owned(), words),
                    )
                })
                .collect(),
        }
    }

    /// (matched, actor) pairs.
    fn links(text: &str) -> Vec<(String, String)> {
        run(text).hits.into_iter().map(|h| (h.0, h.1)).collect()
    }

    /// (matched, speaker, resolved) triples.
    fn speakers(text: &str) -> Vec<(String, String, String)> {
        run(text)
            .hits
            .into_iter()
            .map(|h| (h.0, h.2, h.3))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn triples(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        v.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect()
    }

    /// A speaker whose name lost a letter to U+FFFD speaks for its party as the name spelled
    /// right does (issue 27: `Garda�` in 69 RTE texts), with the default lexicons.
    #[test]
    fn a_name_with_a_letter_lost_to_u_fffd_speaks_for_its_party() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let set = crate::lexicon::load_dir(&root.join("lexicons")).unwrap();
        let text = "Garda\u{FFFD} said the road was closed. Miche\u{FFFD}l Martin said it was over. The T\u{FFFD}naiste told reporters so.";
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::new(&set.boilerplate_rules()));
        let mut hits = Vec::new();
        Matcher::new(&set).find(text, &doc, &mut hits);
        let mut speakers = Vec::new();
        Linker::new(&set).link(text, &doc, &mut hits, &mut speakers);
        let attribution = set.roles.attribution;
        let actors = set.role(set.roles.actors).unwrap().1;
        let linked: Vec<(&str, &str)> = hits
            .iter()
            .filter(|h| Some(h.lexicon) == attribution)
            .map(|h| {
                let actor = h.actor.map_or("-", |a| actors.categories[a].as_str());
                (&text[h.start as usize..h.end as usize], actor)
            })
            .collect();
        assert_eq!(
            linked,
            [
                ("said", "ireland"),
                ("said", "ireland"),
                ("told", "ireland")
            ]
        );
    }

    #[test]
    fn speaker_before_the_verb_past_an_appositive() {
        assert_eq!(
            speakers("Yuri Ushakov, Putin’s aide for foreign affairs, said both would sign."),
            triples(&[("said", "Yuri Ushakov", "-")])
        );
        assert_eq!(
            links("Yuri Ushakov, Putin’s aide for foreign affairs, said both would sign."),
            pairs(&[("said", "russia")])
        );
        assert_eq!(
            links("Kirby, speaking of Putin’s trip, said it was hostile."),
            pairs(&[("said", "us"), ("hostile", "russia")])
        );
    }

    #[test]
    fn speaker_after_an_inverted_quote_or_according_to() {
        assert_eq!(
            links("“We will watch Putin,” said Sabrina Singh, deputy Pentagon spokeswoman."),
            pairs(&[("said", "us")])
        );
        assert_eq!(
            speakers("“A friendly state visit,” Kremlin aide Yuri Ushakov said."),
            triples(&[("said", "Kremlin aide Yuri Ushakov", "-")])
        );
        assert_eq!(
            links("Kirby spoke; according to Interfax, the visit is set."),
            pairs(&[("according to", "russia")])
        );
    }

    #[test]
    fn the_appositive_tells_the_party_of_an_unlisted_speaker() {
        assert_eq!(
            links(
                "Vladimir Korolyov, Commander-in-Chief of the Russian Navy, said the ships sailed."
            ),
            pairs(&[("said", "russia")])
        );
        // A party's office before a title and name: "Russian Navy Commander-in-Chief Admiral …".
        assert_eq!(
            links("Russian Navy Commander-in-Chief Admiral Vladimir Korolyov said so."),
            pairs(&[("said", "russia")])
        );
        // Nor one that ends the name of a firm.
        assert_eq!(
            links("Kammy Chahal, brand director of Pabst's Tsingtao US, told the media."),
            pairs(&[("told", "-")])
        );
        // Nor one that begins the name of a university.
        assert_eq!(
            links("Li Haidong, a professor at the Beijing Foreign Affairs University, said so."),
            pairs(&[("said", "-")])
        );
        // A mention that qualifies a firm is not the speaker's party.
        assert_eq!(
            links("Tom Szaky, chief executive of a US recycling firm, said prices fell."),
            pairs(&[("said", "-")])
        );
    }

    #[test]
    fn objects_and_topics_are_not_speakers() {
        assert_eq!(
            links("Russia’s foreign ministry has dismissed a US general’s allegations."),
            pairs(&[("dismissed", "russia"), ("allegations", "us")])
        );
        assert_eq!(
            links("The minister accused Beijing of lying."),
            pairs(&[("accused", "-")])
        );
        // An unlisted speaker is a speaker: the nearest party does not win.
        assert_eq!(
            speakers("Merkel told Putin that Moscow must act."),
            triples(&[("told", "Merkel", "-")])
        );
        assert_eq!(
            links("Merkel told Putin that Moscow must act."),
            pairs(&[("told", "-")])
        );
    }

    #[test]
    fn coordinated_chained_and_pronoun_speakers() {
        assert_eq!(
            links("Pyongyang called Putin a friend and said it would welcome him."),
            pairs(&[("called", "north_korea"), ("said", "north_korea")])
        );
        assert_eq!(
            links("The Kremlin said in a statement that talks went well."),
            pairs(&[("said", "russia"), ("in a statement", "russia")])
        );
        assert_eq!(
            speakers("Ushakov said the talks went well. The visit was long, the spokesman added."),
            triples(&[("said", "Ushakov", "-"), ("added", "spokesman", "Ushakov")])
        );
        assert_eq!(
            links("Ushakov said the talks went well. Kirby met Pyongyang officials, he said."),
            pairs(&[("said", "russia"), ("said", "russia")])
        );
        assert_eq!(
            speakers("Ushakov said the talks went well. She said it was long."),
            triples(&[("said", "Ushakov", "-"), ("said", "She", "Ushakov")])
        );
        // PolNeAR train (issue 27): an adverb between speaker and verb; a verb chained after
        // "but" and a participle after a subordinator have the clause's subject; an age names
        // a person; "Hours later," opens a sentence and names no one.
        assert_eq!(
            speakers("Ushakov similarly said it was long."),
            triples(&[("said", "Ushakov", "-")])
        );
        assert_eq!(
            speakers("Kirby joked about it but went on to say it was long."),
            triples(&[("say", "Kirby", "-")])
        );
        assert_eq!(
            speakers("Kirby said it was long before calling it a success."),
            triples(&[("said", "Kirby", "-"), ("calling", "Kirby", "-")])
        );
        assert_eq!(
            speakers("\"It was long,\" said the 46-year-old."),
            triples(&[("said", "46-year-old", "-")])
        );
        assert_eq!(
            speakers("Hours later, Kirby met the envoy, telling him it was long."),
            triples(&[("telling", "Kirby", "-")])
        );
        // "the family said": a noun in -ly is no adverb to skip.
        assert_eq!(
            speakers("The family said it was long."),
            triples(&[("said", "family", "-")])
        );
        // A pronoun with no name before it stays unresolved, and the next one does not stand
        // for it: a sentence's capitalized "He" is no name.
        assert_eq!(
            speakers("He said that it was long.\n\nHe added that it went well."),
            triples(&[("said", "He", "-"), ("added", "He", "-")])
        );
    }

    #[test]
    fn unnamed_speakers_are_not_the_nearest_party() {
        assert_eq!(
            links("Missiles were used by Moscow in attacks, officials said."),
            pairs(&[("said", "-")])
        );
        assert_eq!(links("U.S. officials said so."), pairs(&[("said", "us")]));
        assert_eq!(
            links("Pentagon officials said Moscow agreed."),
            pairs(&[("said", "us")])
        );
        assert_eq!(
            links("The Interfax agency said so."),
            pairs(&[("said", "russia")])
        );
        assert_eq!(links("Nothing was denied."), pairs(&[("denied", "-")]));
    }

    #[test]
    fn a_name_between_commas_speaks_after_its_description() {
        assert_eq!(
            speakers("But a senior Iranian adviser to the leader, Ali Velayati, dismissed it."),
            triples(&[("dismissed", "Ali Velayati", "-")])
        );
        assert_eq!(
            links("But a senior Iranian adviser to the leader, Ali Velayati, dismissed it."),
            pairs(&[("dismissed", "iran")])
        );
        // A clause between commas describes nobody: "Hua, when asked whether …, said".
        assert_eq!(
            links(
                "Hua Chunying said no. Hua, when asked whether the White House would act, said no."
            ),
            pairs(&[("said", "china"), ("said", "china")])
        );
    }

    #[test]
    fn participles_and_verb_chains_keep_the_subject() {
        assert_eq!(
            speakers("Kirby told reporters on Monday at the Pentagon, adding that it was over."),
            triples(&[("told", "Kirby", "-"), ("adding", "Kirby", "-")])
        );
        assert_eq!(
            links("Putin denied the reports of talks with Pyongyang, calling them lies."),
            pairs(&[("denied", "russia"), ("calling", "russia")])
        );
        assert_eq!(
            speakers("Ushakov spoke first. Then he went on to say that it was over."),
            triples(&[("say", "he", "-")])
        );
    }

    #[test]
    fn a_doubting_adjective_has_no_speaker() {
        assert_eq!(
            speakers("Washington condemned Pyongyang's alleged transfers of arms."),
            triples(&[("alleged", "-", "-")])
        );
    }

    #[test]
    fn a_surname_keeps_the_party_it_was_first_named_with() {
        assert_eq!(
            links("Chinese spokeswoman Hua Chunying said it was false. Later, Hua said it again."),
            pairs(&[("said", "china"), ("said", "china")])
        );
    }

    #[test]
    fn a_verb_glued_by_a_dash_is_still_the_cue() {
        assert_eq!(
            speakers("\"We will act tonight,\"-Farhadi said-in a statement."),
            triples(&[("said", "Farhadi", "-"), ("in a statement", "Farhadi", "-")])
        );
        assert_eq!(
            speakers("Kirby said no. He-said talks failed."),
            triples(&[("said", "Kirby", "-"), ("said", "He", "Kirby")])
        );
    }

    #[test]
    fn pronouns_stand_for_the_last_speaker_of_their_gender_and_number() {
        // "he" skips a woman named between: the last *speaker* that fits.
        assert_eq!(
            speakers("\"I loved it,\" Hiddleston said. \"We met,\" Ms Swift said. \"It was fun,\" he said."),
            triples(&[
                ("said", "Hiddleston", "-"),
                ("said", "Ms Swift", "-"),
                ("said", "he", "Hiddleston")
            ])
        );
        // A first name tells; a "he" that stood for a name tells for later.
        assert_eq!(
            speakers(
                "Ushakov said no. He added that it failed. Hillary Clinton said yes. He said no."
            ),
            triples(&[
                ("said", "Ushakov", "-"),
                ("added", "He", "Ushakov"),
                ("said", "Hillary Clinton", "-"),
                ("said", "He", "Ushakov")
            ])
        );
        // "they" stands for a group, not the last person.
        assert_eq!(
            speakers("Pentagon officials said no. Kirby said yes. They added that it failed."),
            triples(&[
                ("said", "Pentagon officials", "-"),
                ("said", "Kirby", "-"),
                ("added", "They", "Pentagon officials")
            ])
        );
        // Nothing tells Kirby's gender: as before, the last name.
        assert_eq!(
            speakers("Putin said no. Kirby said yes. She said it failed."),
            triples(&[
                ("said", "Putin", "-"),
                ("said", "Kirby", "-"),
                ("said", "She", "Kirby")
            ])
        );
    }

    #[test]
    fn the_party_from_an_appositive_of_a_candidacy() {
        assert_eq!(
            links("Gabriel, Germany's Foreign Minister, said the plan failed."),
            pairs(&[("said", "germany")])
        );
        assert_eq!(
            links("Melenchon, the far-left French presidential candidate, said it was over."),
            pairs(&[("said", "france")])
        );
    }

    #[test]
    fn the_party_from_a_nationality_before_a_role() {
        assert_eq!(
            links("Chinese vice-foreign minister Zhang Yesui said the visit went well."),
            pairs(&[("said", "china")])
        );
        assert_eq!(
            links("The Iranian foreign ministry spokesman said the claims were false."),
            pairs(&[("said", "iran")])
        );
        assert_eq!(
            links("US Secretary of State Rex Tillerson said the talks were useful."),
            pairs(&[("said", "us")])
        );
    }

    #[test]
    fn role_nouns_brackets_and_inverted_verbs_as_speakers() {
        assert_eq!(
            speakers(
                "Ushakov said no. \"It is done,\" the nominee responded. \"No,\" a spokesman said."
            ),
            triples(&[
                ("said", "Ushakov", "-"),
                ("responded", "nominee", "Ushakov"),
                ("said", "spokesman", "-")
            ])
        );
        // A noun that is no epithet is a speaker of its own, resolved to nobody.
        assert_eq!(
            speakers("Ushakov said no. \"We are happy,\" the announcer said."),
            triples(&[("said", "Ushakov", "-"), ("said", "announcer", "-")])
        );
        // The object of a preposition is no subject; a past tense is no noun.
        assert_eq!(
            speakers("Trump at the time said it. The president denied allegations of talks."),
            triples(&[
                ("said", "-", "-"),
                ("denied", "president", "-"),
                ("allegations", "president", "-")
            ])
        );
        assert_eq!(
            speakers("Sen. John Cornyn (R-Texas) told reporters so. Said Dorothy Poynter: \"We were proud.\""),
            triples(&[("told", "Sen. John Cornyn", "-"), ("Said", "Dorothy Poynter", "-")])
        );
        // Inverted after a comma; a participle after a noun; a name before a long appositive.
        assert_eq!(
            speakers("Any \"clear\" reading, said Michael Kofman, an expert, is this."),
            triples(&[("said", "Michael Kofman", "-")])
        );
        assert_eq!(
            speakers("Li Haidong, a professor at a university, said the Trump administration's view is old."),
            triples(&[("said", "Li Haidong", "-")])
        );
        assert_eq!(
            speakers("The Kremlin issued a statement Tuesday adding it was over."),
            triples(&[("adding", "Kremlin", "-")])
        );
        // An opening phrase of a preposition or common nouns is no subject; a quotation neither.
        assert_eq!(
            speakers("By the end of the day, Kirby met them, adding it was over."),
            triples(&[("adding", "Kirby", "-")])
        );
        assert_eq!(
            speakers("Clinton, 35, the daughter of Bill Clinton, said on Twitter it was so."),
            triples(&[("said", "Clinton", "-")])
        );
        assert_eq!(
            speakers("\"It is old,\" said a longtime adviser to Trump."),
            triples(&[("said", "longtime adviser", "-")])
        );
    }

    proptest::proptest! {
        /// Mentions in order (as one lexicon's are, nested or touching), any hit: the binary
        /// search finds the mention the scan finds.
        #[test]
        fn nearest_in_order_is_nearest(
            spans in proptest::collection::vec((0u32..4, 1u32..4), 0..40),
            hit in (0u32..120, 0u32..4),
        ) {
            let mut mentions = Vec::new();
            let (mut start, mut end) = (0, 0);
            for (i, (step, len)) in spans.into_iter().enumerate() {
                start += step;
                end = (start + len).max(end);
                mentions.push(Mention {
                    tok_start: start,
                    tok_end: end,
                    sentence: 0,
                    in_quote: false,
                    actor: i,
                });
            }
            proptest::prop_assert!(in_order(&mentions));
            let h = Hit {
                lexicon: 0,
                entry: 0,
                tok_start: hit.0,
                tok_end: hit.0 + hit.1,
                start: 0,
                end: 0,
                sentence: 0,
                negated: false,
                in_quote: false,
                actor: None,
            };
            let scan = nearest(&mentions, &h).map(|m| m.actor);
            proptest::prop_assert_eq!(nearest_in_order(&mentions, &h).map(|m| m.actor), scan);
        }
    }
}
