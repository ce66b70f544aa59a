//! What a pronoun or a definite role noun stands for: the last *speaker* whose gender and number
//! fit it, not merely the last name. "“…,” Hiddleston said. Swift was seen … “…,” he said" is
//! Hiddleston's once Swift is known to be a woman.
//!
//! A speaker's gender is known from a title (`Mr`, `Mrs`, `Ms`, `Sir`, …), a gendered role noun
//! (`spokeswoman`, `congressman`), a first name of the short lists below, or a pronoun that
//! already stood for that name ("he said" resolved to Hiddleston makes a later Hiddleston male);
//! a speaker is a group when its last word is a plural role or a body (`officials`, `ministry`,
//! `campaign`). Where nothing tells, a speaker fits any pronoun, as before these rules.

use super::Speaker;

/// Genders and numbers of a speaker, and what a pronoun needs of its antecedent.
pub(super) const UNKNOWN: u8 = 0;
pub(super) const MALE: u8 = 1;
pub(super) const FEMALE: u8 = 2;
/// A plural speaker or a body ("officials", "the ministry"): what `they` stands for.
pub(super) const GROUP: u8 = 3;
/// Needs only: `it`/`its` (a body or an unknown speaker, never a man or a woman), and any
/// speaker with a name (`we`, `I`, a role noun that tells nothing).
pub(super) const IT: u8 = 4;
pub(super) const ANY: u8 = 5;

/// What the pronoun `word` (lower case) needs of its antecedent.
pub(super) fn need_of_pronoun(word: &str) -> u8 {
    match word {
        "he" | "his" | "him" => MALE,
        "she" | "her" | "hers" => FEMALE,
        "they" | "their" | "them" => GROUP,
        "it" | "its" => IT,
        _ => ANY,
    }
}

/// Words that make their speaker male: titles, gendered role nouns, first names (common in
/// English-language news, and those of the politicians it quotes most).
#[rustfmt::skip]
pub(super) const MALE_WORDS: &[&str] = &[
    "mr", "sir", "lord", "king", "prince", "father", "brother", "spokesman", "chairman",
    "congressman", "businessman", "councilman", "assemblyman", "husband", "son", "actor",
    "john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul",
    "andrew", "joshua", "kenneth", "kevin", "brian", "george", "edward", "ronald", "timothy",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen",
    "larry", "justin", "scott", "brandon", "benjamin", "samuel", "frank", "gregory", "raymond",
    "patrick", "jack", "dennis", "jerry", "tyler", "peter", "mike", "bill", "ben", "ted", "jeb",
    "marco", "bernie", "barack", "mitt", "mitch", "newt", "rudy", "reince", "corey", "roger",
    "steve", "joe", "tim", "jeff", "chris", "rick", "rand", "lindsey", "bobby", "tom", "jim",
    "bob", "dick", "harry", "jimmy", "al", "vladimir", "sergei", "sergey", "dmitry", "dmitri",
    "yuri", "yury", "boris", "emmanuel", "francois", "nicolas", "recep", "bashar",
    "hassan", "mohammad", "mohammed", "muhammad", "ali", "ahmed", "abdullah", "narendra",
    "shinzo", "enda", "micheal", "leo", "gerry", "pope", "antonio", "jens",
    "petro", "volodymyr", "rex", "jared", "sean", "reza", "javad",
];

#[rustfmt::skip]
pub(super) const FEMALE_WORDS: &[&str] = &[
    "mrs", "ms", "miss", "madam", "madame", "lady", "dame", "queen", "princess", "mother",
    "sister", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "councilwoman",
    "assemblywoman", "wife", "daughter", "actress", "mary", "patricia", "jennifer", "linda",
    "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "nancy", "lisa", "betty",
    "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle", "dorothy", "carol",
    "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia",
    "kathleen", "amy", "angela", "anna", "helen", "catherine", "christine", "emma", "julia",
    "hillary", "melania", "ivanka", "chelsea", "kellyanne", "carly", "huma", "debbie",
    "hope", "katrina", "theresa", "nicola", "arlene", "ursula", "federica", "maria", "julie",
    "heather", "jane", "ann", "anne", "kate", "claire",
    "rachel", "nikki", "condoleezza", "madeleine", "samantha", "loretta", "sheila", "joni",
    "elise", "tulsi", "kamala", "valerie", "sally", "janet", "gina", "kirsten", "dianne",
];

/// Last words that make their speaker a group: plural roles and bodies.
#[rustfmt::skip]
pub(super) const GROUP_WORDS: &[&str] = &[
    "officials", "aides", "ministers", "leaders", "spokespeople", "sources", "analysts", "experts",
    "authorities", "police", "democrats", "republicans", "lawmakers", "prosecutors", "lawyers",
    "investigators", "residents", "witnesses", "people", "critics", "observers", "diplomats",
    "advisers", "officers", "forces", "members", "ministry", "government", "agency", "department",
    "office", "embassy", "army", "military", "navy", "council", "committee", "court", "company",
    "firm", "group", "organization", "organisation", "party", "administration", "cabinet",
    "parliament", "campaign", "team", "union", "service", "newspaper", "channel", "broadcaster",
    "outlet", "website", "kremlin", "pentagon", "regime", "authority", "board", "bank",
    "commission", "media", "network", "voters", "supporters", "activists", "protesters",
    "organizers", "organisers", "senators", "congress", "senate", "house", "staff",
];

/// Epithets that stand for a person already named ("the businessman replied" after Trump), and
/// what a named speaker wrote ("the letter said" after Putin's letter): after `the`, `this` or
/// `that` they resolve as a role noun does.
#[rustfmt::skip]
pub(super) const EPITHETS: &[&str] = &[
    "candidate", "nominee", "businessman", "businesswoman", "billionaire", "mogul", "frontrunner",
    "front-runner", "contender", "challenger", "incumbent", "politician", "actor", "actress",
    "singer", "star", "veteran", "congressman", "congresswoman", "republican", "democrat",
    "hopeful", "tycoon", "letter", "memo", "email", "e-mail", "tweet", "post", "message", "note",
    "release", "filing", "ad", "advertisement", "video", "speech", "transcript", "document",
];

/// At most this many speakers are remembered: a pronoun reaches no further back.
const RECENT: usize = 8;

/// A speaker a pronoun may stand for, with its gender or number and whether it has a name.
#[derive(Clone, Copy)]
pub(super) struct Candidate {
    pub speaker: Speaker,
    pub gender: u8,
    pub named: bool,
    /// The word id of its last word, by which a later mention of the same name is known.
    pub word: u32,
}

/// The last speakers of an article, oldest first, and the genders their names were found with.
#[derive(Default)]
pub(super) struct Antecedents {
    recent: Vec<Candidate>,
    /// Word id of a name's last word → its gender, learnt from a title, a first name or a
    /// pronoun that stood for it.
    genders: Vec<(u32, u8)>,
}

impl Antecedents {
    pub(super) fn clear(&mut self) {
        self.recent.clear();
        self.genders.clear();
    }

    pub(super) fn gender(&self, word: u32) -> u8 {
        self.genders
            .iter()
            .find(|(w, _)| *w == word)
            .map_or(UNKNOWN, |&(_, g)| g)
    }

    fn learn(&mut self, word: u32, gender: u8) {
        match self.genders.iter_mut().find(|(w, _)| *w == word) {
            Some(slot) => slot.1 = gender,
            None => self.genders.push((word, gender)),
        }
    }

    /// Remembers a speaker (the newest); the same name said again moves to the end.
    pub(super) fn push(&mut self, c: Candidate) {
        if c.gender == MALE || c.gender == FEMALE {
            self.learn(c.word, c.gender);
        }
        self.recent.retain(|o| o.word != c.word);
        if self.recent.len() == RECENT {
            self.recent.remove(0);
        }
        self.recent.push(c);
    }

    /// The speaker a pronoun or role noun with `need` stands for: the newest whose gender and
    /// number fit (an unknown one fits `he`, `she` and `it`; `they` wants a group, or an unknown
    /// newest speaker as before these rules). It becomes the newest, and a `he` or `she` teaches
    /// its name's gender.
    pub(super) fn resolve(&mut self, need: u8) -> Option<Speaker> {
        let fits = |c: &Candidate| match need {
            MALE | FEMALE => c.named && (c.gender == need || c.gender == UNKNOWN),
            GROUP => c.gender == GROUP,
            IT => c.named && (c.gender == GROUP || c.gender == UNKNOWN),
            _ => c.named,
        };
        let at = self.recent.iter().rposition(fits).or_else(|| {
            // "they" after a speaker nothing tells of: as before, the last name.
            let last = self.recent.iter().rposition(|c| c.named)?;
            (need == GROUP && self.recent[last].gender == UNKNOWN).then_some(last)
        })?;
        let mut c = self.recent.remove(at);
        if c.gender == UNKNOWN && (need == MALE || need == FEMALE) {
            c.gender = need;
            self.learn(c.word, need);
        }
        let speaker = c.speaker;
        self.recent.push(c);
        Some(speaker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(word: u32, gender: u8) -> Candidate {
        Candidate {
            speaker: Speaker {
                tok_start: word,
                tok_end: word + 1,
                resolved: None,
                actor: None,
            },
            gender,
            named: true,
            word,
        }
    }

    #[test]
    fn a_pronoun_skips_speakers_of_the_other_gender() {
        let mut a = Antecedents::default();
        a.push(candidate(1, UNKNOWN));
        a.push(candidate(2, FEMALE));
        assert_eq!(a.resolve(MALE).map(|s| s.tok_start), Some(1));
        // Learnt: 1 is male now, and the newest.
        assert_eq!(a.gender(1), MALE);
        assert_eq!(a.resolve(FEMALE).map(|s| s.tok_start), Some(2));
        assert_eq!(a.resolve(ANY).map(|s| s.tok_start), Some(2));
        // No group: "they" stays unresolved when the last speaker is known to be one person.
        assert_eq!(a.resolve(GROUP), None);
        a.push(candidate(3, UNKNOWN));
        assert_eq!(a.resolve(GROUP).map(|s| s.tok_start), Some(3));
    }
}
