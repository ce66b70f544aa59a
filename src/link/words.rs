//! The word lists the speaker rules consult, and their classes as one table (`WordClasses`).

use super::antecedents;
use rustc_hash::FxHashMap;

/// Words between a subject and its verb: auxiliaries and adverbs ("has also said").
#[rustfmt::skip]
pub(super) const SKIP: &[&str] = &[
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
pub(super) const CHAIN: &[&str] = &[
    "went", "on", "go", "goes", "going", "continued", "continues", "declined", "declines",
    "refused", "refuses", "wanted", "wants", "quoted", "is", "was", "were", "are", "been",
    "appeared", "seemed", "tried", "sought", "moved", "rushed", "hastened", "used",
];

/// Nouns that name a speaker by role ("the spokesman", "officials", "police").
#[rustfmt::skip]
pub(super) const ROLES: &[&str] = &[
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

/// Nouns that name a person by what they do rather than by an office ("Donald Trump's campaign
/// manager says", "said one Republican strategist", "voters said": PolNeAR train has them as
/// sources). They are roles that speak for no party: "a University of Washington professor" or
/// "a GOP consultant" is no voice of the US. The plurals are groups, for `they`.
#[rustfmt::skip]
pub(super) const PEOPLE: &[&str] = &[
    "manager", "managers", "strategist", "strategists", "consultant", "consultants", "pollster",
    "pollsters", "economist", "economists", "professor", "professors", "researcher",
    "researchers", "scientist", "scientists", "historian", "historians", "activist", "activists",
    "organizer", "organizers", "voter", "voters", "supporter", "supporters", "protester",
    "protesters", "employee", "employees", "staffer", "staffers", "editor", "editors",
    "columnist", "columnists", "reporter", "reporters", "correspondent", "moderator", "author",
    "donor", "donors", "delegate", "delegates", "surrogate", "surrogates", "operative",
    "operatives", "insider", "insiders", "founder", "owner", "attendee", "attendees",
];

/// Role nouns that name no office of a party: a mention qualifying them through other words
/// ("a US recycling firm") does not make their speaker the party's.
#[rustfmt::skip]
pub(super) const PRIVATE: &[&str] = &[
    "company", "firm", "group", "bank", "website", "newspaper", "channel", "broadcaster", "outlet",
    "daily", "organization", "organisation", "media", "report", "reports", "statement", "people",
    "residents", "witnesses", "critics", "observers", "analyst", "analysts", "expert", "experts",
    "sources", "source", "lawyer", "lawyers", "attorney", "campaign", "team", "board", "union",
    "operator",
];

/// Nouns that end the name of a body that speaks for no party, though a role word or a party's
/// name begins it ("China Foreign Affairs University", "the State Museum").
#[rustfmt::skip]
pub(super) const NOT_OFFICES: &[&str] = &[
    "university", "college", "institute", "school", "academy", "center", "centre", "foundation",
    "hospital", "museum", "club", "corp", "inc", "ltd", "studies", "program", "programme",
];

/// Adjectives that stand in a speaker's role ("the deputy foreign minister").
#[rustfmt::skip]
pub(super) const MODIFIERS: &[&str] = &[
    "deputy", "senior", "former", "top", "prime", "vice", "national", "security", "public",
    "federal", "local", "interior", "justice", "health", "presidential", "press", "news",
    "state-run", "state-owned", "official", "first", "acting", "assistant", "associate",
    "executive", "regional", "provincial", "municipal", "central", "supreme", "chief",
    "intelligence", "finance", "trade", "economy", "economic", "education", "energy", "environment",
    "home", "affairs", "international", "western", "opposition", "ruling", "defense", "defence",
    "foreign", "military",
    // "OMB communications director John Czwartacki", "White House communications director":
    // a title's word, as `press` is.
    "communications",
];

/// Words that join the parts of a speaker's name or title ("Minister of the Interior").
pub(super) const JOINERS: &[&str] = &[
    "of", "the", "for", "and", "de", "van", "von", "al", "bin", "la",
];

/// Capitalized words that end a speaker's name going left: a sentence starts with them.
#[rustfmt::skip]
pub(super) const STOPS: &[&str] = &[
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
    // Sentence adverbs and openers that name no one ("Indeed, …", "Perhaps …", "Additional
    // reporting by …"): PolNeAR train had them as speakers ("he" resolved to "More").
    "indeed", "perhaps", "initially", "together", "why", "nobody", "everyone", "someone",
    "having", "additional", "thus", "therefore", "overall", "otherwise", "besides", "moreover",
    "furthermore", "nonetheless", "nevertheless", "regardless", "ironically", "interestingly",
    "importantly", "surprisingly", "unfortunately", "fortunately", "luckily", "obviously",
    "certainly", "admittedly", "arguably",
];

/// Attribution words that never have a speaker of their own: the author doubts or labels.
#[rustfmt::skip]
pub(super) const ADVERBS_AND_ADJECTIVES: &[&str] = &[
    "allegedly", "reportedly", "supposedly", "purportedly", "apparently", "so-called", "purported",
    "self-proclaimed", "self-styled", "ostensibly", "seemingly",
];

/// Word classes, one bit each, of the word lists above.
pub(super) const ROLES_C: u32 = 1 << 0;
pub(super) const MODIFIERS_C: u32 = 1 << 1;
pub(super) const STOPS_C: u32 = 1 << 2;
pub(super) const JOINERS_C: u32 = 1 << 3;
pub(super) const SKIP_C: u32 = 1 << 4;
pub(super) const CHAIN_C: u32 = 1 << 5;
pub(super) const PRIVATE_C: u32 = 1 << 6;
pub(super) const NOT_OFFICES_C: u32 = 1 << 7;
pub(super) const ADVERBS_AND_ADJECTIVES_C: u32 = 1 << 8;
pub(super) const PRONOUNS_C: u32 = 1 << 9;
pub(super) const MALE_C: u32 = 1 << 10;
pub(super) const FEMALE_C: u32 = 1 << 11;
pub(super) const GROUP_C: u32 = 1 << 12;
pub(super) const EPITHETS_C: u32 = 1 << 13;
pub(super) const FUNCTION_C: u32 = 1 << 14;
pub(super) const TIME_C: u32 = 1 << 15;
pub(super) const PEOPLE_C: u32 = 1 << 16;
/// `Finder::flags`: the token begins with a capital; its flags are known.
pub(super) const CAP: u32 = 1 << 30;
pub(super) const KNOWN: u32 = 1 << 31;

/// The word lists as one table: a word's classes in one lookup, not a scan of each list (the
/// lists are consulted a dozen times for each attribution word).
pub(super) struct WordClasses(FxHashMap<&'static str, u32>);

impl WordClasses {
    pub(super) fn new() -> WordClasses {
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
            (WEEKDAYS, TIME_C),
            (MONTHS, TIME_C),
            (PARTS_OF_DAY, TIME_C),
            (TIME_UNITS, TIME_C),
            (TIME_ENDS, TIME_C),
        ] {
            for &w in list {
                *map.entry(w).or_default() |= class;
            }
        }
        for &w in PEOPLE {
            let plural = if w.ends_with('s') { GROUP_C } else { 0 };
            *map.entry(w).or_default() |= PEOPLE_C | ROLES_C | PRIVATE_C | NOT_OFFICES_C | plural;
        }
        WordClasses(map)
    }

    pub(super) fn is(&self, word: &str, class: u32) -> bool {
        self.of(word) & class != 0
    }

    /// A hyphenated word no list holds takes the role or modifier class of its last part
    /// ("vice-foreign minister", "ex-president").
    pub(super) fn of(&self, word: &str) -> u32 {
        match self.0.get(word) {
            Some(&c) => c,
            None => word.rsplit_once('-').map_or(0, |(_, last)| {
                self.0.get(last).copied().unwrap_or(0) & (ROLES_C | MODIFIERS_C)
            }),
        }
    }
}

/// The pronouns that stand for a speaker ("he said", "his claims").
pub(super) const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "his", "her", "their", "its", "our",
];

pub(super) fn is_pronoun(word: &str) -> bool {
    PRONOUNS.contains(&word)
}

/// Words that open a common noun phrase ("the nominee", "another delegate", "those advisers").
pub(super) fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "another"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
    )
}

/// Heads of a speaker that counts its members: "one of the advisers", "most of those
/// surveyed", "two of his aides".
#[rustfmt::skip]
pub(super) const QUANTIFIERS: &[&str] = &[
    "one", "some", "many", "most", "several", "none", "each", "all", "few", "both", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
    "thousands", "half", "majority", "minority",
];

/// Pronouns that are never a subject: "to her", "his".
pub(super) fn is_object_form(w: &str) -> bool {
    matches!(
        w,
        "her" | "him" | "them" | "me" | "us" | "his" | "its" | "their" | "our" | "my"
    )
}

/// Words of time phrases (`Finder::time_phrase_ending`), each list a class of its own for the
/// rules and all of them, with `ago`, `time` and `past`, the one flag `TIME_C` tested before any
/// string comparison, since most words before a verb are none of them.
pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Not "may" (the modal) nor "mar", "jun" and the like, which name no month before a verb.
#[rustfmt::skip]
pub(super) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
];

pub(super) const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];

#[rustfmt::skip]
pub(super) const TIME_UNITS: &[&str] = &[
    "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "weekend", "month",
    "months", "year", "years", "decade", "decades", "summer", "spring", "fall", "autumn", "winter",
];

/// The words that end a time phrase and are in none of the lists above.
pub(super) const TIME_ENDS: &[&str] = &["ago", "time", "past"];

pub(super) fn is_weekday(w: &str) -> bool {
    WEEKDAYS.contains(&w)
}

pub(super) fn is_month(w: &str) -> bool {
    MONTHS.contains(&w)
}

pub(super) fn is_part_of_day(w: &str) -> bool {
    PARTS_OF_DAY.contains(&w)
}

pub(super) fn is_time_unit(w: &str) -> bool {
    TIME_UNITS.contains(&w)
}

/// A count before a time unit: "two weeks ago", "a month ago", "several years ago".
pub(super) fn is_count(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit())
        || matches!(
            w,
            "a" | "an"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "few"
                | "several"
                | "many"
                | "some"
        )
}

/// "46-year-old": an age that names a person ("said the 46-year-old").
pub(super) fn is_age(word: &str) -> bool {
    word.strip_suffix("-year-old")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
