//! Actor linking: which party each hit is about, so a report can say who gets "claimed" and who
//! gets "said".
//!
//! Actor mentions are the hits of the `actors` lexicon; a mention's actor is its category. Every
//! other hit is linked to one mention in its own sentence, or to none:
//!
//! * An attribution hit (lexicon `attribution`) is linked to its speaker, found among the mentions
//!   in the same voice (author or quotation) as the verb:
//!   1. after it, within 4 words, when the verb comes after a quotation ("“…,” said Sabrina Singh,
//!      deputy Pentagon spokeswoman") or the pattern ends in `to`/`by`/`from` ("according to
//!      Russia’s Interfax news agency");
//!   2. when the verb is coordinated with an earlier one in its sentence ("Pyongyang called Putin
//!      … and said"), the earlier verb's speaker;
//!   3. when a pronoun or a definite generic noun is its subject ("he added", "what it called",
//!      "the spokesman added"), the speaker of the last attribution before it in the article, or,
//!      when there is none, the first mention of the sentence;
//!   4. when a generic noun is its subject ("officials said", "state media reported"), the party
//!      named right before that noun ("Pentagon officials said"), or none;
//!   5. otherwise the nearest mention before it that is not a possessive ("Yuri Ushakov, Putin’s
//!      aide, said" is said by Ushakov: "Putin’s" only qualifies the aide);
//!   6. otherwise the nearest mention after it ("It was denied, Kirby noted").
//! * Any other hit (tone, hedging, framing, …) is linked to the nearest mention in its sentence,
//!   counting words between them; a tie goes to the mention before.
//!
//! These are word-distance rules, not a parser: docs/metrics.md lists their known failures.

use crate::lexicon::{LexiconSet, Pattern, ACTORS};
use crate::matcher::Hit;
use crate::text::Doc;

/// How far after an inverted or "according to" attribution the speaker may be named.
const SPEAKER_AFTER: u32 = 4;

#[derive(Clone, Copy)]
struct Mention {
    tok_start: u32,
    tok_end: u32,
    sentence: u32,
    in_quote: bool,
    possessive: bool,
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
}

impl Linker {
    pub fn new(set: &LexiconSet) -> Linker {
        let attribution = set.get("attribution");
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
        let actors = set.get(ACTORS);
        Linker {
            actors: actors.map(|(i, _)| i),
            actor_of_entry: actors
                .map(|(_, l)| l.entries.iter().map(|e| e.category).collect())
                .unwrap_or_default(),
            attribution: attribution.map(|(i, _)| i),
            speaker_after,
        }
    }

    /// Sets `actor` on every hit of `hits` (sorted by position) that can be linked.
    pub fn link(&self, text: &str, doc: &Doc, hits: &mut [Hit], scratch: &mut Vec<usize>) {
        let Some(actors) = self.actors else { return };
        scratch.clear();
        scratch.extend((0..hits.len()).filter(|&i| hits[i].lexicon == actors));
        if scratch.is_empty() {
            return;
        }
        let toks = &doc.tokens.list;
        let mention = |h: &Hit, actor| Mention {
            tok_start: h.tok_start,
            tok_end: h.tok_end,
            sentence: h.sentence,
            in_quote: h.in_quote,
            possessive: h.tok_end > 0 && toks[h.tok_end as usize - 1].possessive,
            actor,
        };
        // Sorted by position, as the hits are.
        let mentions: Vec<Mention> = scratch
            .iter()
            .map(|&i| mention(&hits[i], self.actor_of_entry[hits[i].entry]))
            .collect();
        // The sentence and actor of the last attribution linked to a speaker.
        let mut last_speaker: Option<(u32, usize)> = None;
        for h in hits.iter_mut() {
            if h.lexicon == actors {
                h.actor = Some(self.actor_of_entry[h.entry]);
                continue;
            }
            let lo = mentions.partition_point(|m| m.sentence < h.sentence);
            let hi = mentions.partition_point(|m| m.sentence <= h.sentence);
            let same = &mentions[lo..hi];
            // An attribution is linked even in a sentence that names no party: "He stated …"
            // takes the last speaker.
            if Some(h.lexicon) == self.attribution {
                let after_first =
                    inverted(text, doc, h) || self.speaker_after.get(h.entry) == Some(&true);
                let before = h
                    .tok_start
                    .checked_sub(1)
                    .map(|p| doc.tokens.lower(p as usize));
                let coordinated = matches!(before, Some("and" | "but" | "or"))
                    && last_speaker.is_some_and(|(s, _)| s == h.sentence);
                let anaphoric = before.is_some_and(is_pronoun)
                    || (h.tok_start..h.tok_end).any(|t| is_pronoun(doc.tokens.lower(t as usize)));
                // (Not when the noun ends a named party, as in "the Korean Central News Agency".)
                let generic = before.is_some_and(|w| GENERIC_SPEAKERS.contains(&w))
                    && !same.iter().any(|m| m.tok_end == h.tok_start);
                // "the spokesman added": a definite description of the last speaker.
                let definite = generic
                    && h.tok_start >= 2
                    && matches!(
                        doc.tokens.lower(h.tok_start as usize - 2),
                        "the" | "this" | "that"
                    );
                let anaphoric = anaphoric || (definite && last_speaker.is_some());
                h.actor = match (after_first, coordinated, anaphoric, last_speaker) {
                    (true, ..) if speaker_after(same, h).is_some() => {
                        speaker_after(same, h).map(|m| m.actor)
                    }
                    (_, true, _, Some((_, a))) | (_, _, true, Some((_, a))) => Some(a),
                    // A pronoun with no speaker before it: the sentence's first party, its
                    // likely subject ("The Russian leader published …, in which he expressed").
                    (_, _, true, None) => same
                        .iter()
                        .find(|m| m.in_quote == h.in_quote)
                        .map(|m| m.actor),
                    // "officials said": the speaker is unnamed, unless a party qualifies the noun
                    // ("Pentagon officials said", "U.S. officials warned").
                    _ if generic => same
                        .iter()
                        .find(|m| {
                            m.in_quote == h.in_quote
                                && m.tok_end + 1 == h.tok_start
                                && qualifies(text, doc, m.tok_end as usize)
                        })
                        .map(|m| m.actor),
                    _ => speaker(same, h).map(|m| m.actor),
                };
                if let Some(a) = h.actor {
                    last_speaker = Some((h.sentence, a));
                }
            } else {
                h.actor = nearest(same, h).map(|m| m.actor);
            }
        }
    }
}

/// Is the attribution right after a quotation, as in "“…,” said Kirby"?
fn inverted(text: &str, doc: &Doc, h: &Hit) -> bool {
    let Some(prev) = (h.tok_start as usize)
        .checked_sub(1)
        .and_then(|p| doc.tokens.list.get(p))
    else {
        return false;
    };
    let gap = &text[prev.end as usize..h.start as usize];
    (prev.in_quote && !h.in_quote) || gap.contains(['\u{201D}', '"', '»'])
}

/// The speaker named right after the verb: "“…,” said Kirby", "according to Interfax".
fn speaker_after<'m>(same: &'m [Mention], h: &Hit) -> Option<&'m Mention> {
    same.iter()
        .filter(|m| m.in_quote == h.in_quote && m.tok_start >= h.tok_end)
        .find(|m| m.tok_start - h.tok_end <= SPEAKER_AFTER)
}

/// The subject before the verb, or failing that the first mention after it, in the same voice.
fn speaker<'m>(same: &'m [Mention], h: &Hit) -> Option<&'m Mention> {
    let voice = |m: &&Mention| m.in_quote == h.in_quote;
    same.iter()
        .filter(voice)
        .rfind(|m| m.tok_end <= h.tok_start && !m.possessive)
        .or_else(|| same.iter().filter(voice).find(|m| m.tok_start >= h.tok_end))
}

/// Does the mention ending before token `noun` qualify it, with nothing but a space (or the
/// full stop of an abbreviation) between ("Pentagon officials", "U.S. officials", not "on
/// Ukraine, officials")?
fn qualifies(text: &str, doc: &Doc, noun: usize) -> bool {
    let toks = &doc.tokens.list;
    match (
        noun.checked_sub(1).and_then(|p| toks.get(p)),
        toks.get(noun),
    ) {
        (Some(prev), Some(n)) => text[prev.end as usize..n.start as usize]
            .chars()
            .all(|c| c.is_whitespace() || c == '.'),
        _ => false,
    }
}

/// Nouns that stand for an unnamed speaker right before an attribution verb.
const GENERIC_SPEAKERS: &[&str] = &[
    "official",
    "officials",
    "media",
    "sources",
    "source",
    "diplomats",
    "diplomat",
    "analysts",
    "experts",
    "observers",
    "reports",
    "critics",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "agency",
    "ministry",
    "government",
    "authorities",
    "people",
];

fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "they" | "it" | "we")
}

fn nearest<'m>(same: &'m [Mention], h: &Hit) -> Option<&'m Mention> {
    same.iter()
        .map(|m| {
            let d = if m.tok_end <= h.tok_start {
                h.tok_start - m.tok_end
            } else {
                m.tok_start.saturating_sub(h.tok_end)
            };
            // Before wins a tie: it sorts first, and min_by_key keeps the first minimum.
            (d, m)
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use crate::matcher::Matcher;
    use crate::text::boilerplate::Boilerplate;
    use std::path::Path;

    /// (matched text, actor) of each non-actor hit.
    fn links(text: &str) -> Vec<(String, String)> {
        let actors = parse_lexicon(
            Path::new("actors.csv"),
            b"pattern,category\nU.S.,us\nPutin,russia\nUshakov,russia\nKirby,us\nSinghx,us\nSabrina Singh,us\nPentagon,us\nInterfax,russia\nMoscow,russia\nPyongyang,north_korea\n",
        )
        .unwrap();
        let attribution = parse_lexicon(
            Path::new("attribution.csv"),
            b"pattern,category\nsaid,neutral\nadded,neutral\ncalled,neutral\naccording to,neutral\ndenied,accusing\n",
        )
        .unwrap();
        let tone = parse_lexicon(
            Path::new("tone.csv"),
            b"pattern,category\nhostile,negative\n",
        )
        .unwrap();
        let set = LexiconSet {
            lexicons: vec![tone, attribution, actors],
            ..LexiconSet::default()
        };
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let mut hits = Vec::new();
        Matcher::new(&set).find(text, &doc, &mut hits);
        Linker::new(&set).link(text, &doc, &mut hits, &mut Vec::new());
        let actor_names = &set.lexicons[2].categories;
        hits.iter()
            .filter(|h| h.lexicon != 2)
            .map(|h| {
                (
                    text[h.start as usize..h.end as usize].to_owned(),
                    h.actor.map_or("-".to_owned(), |a| actor_names[a].clone()),
                )
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn speaker_before_the_verb_skipping_possessives() {
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
            links("Kirby spoke; according to Interfax, the visit is set."),
            pairs(&[("according to", "russia")])
        );
    }

    #[test]
    fn coordinated_verbs_and_pronouns_keep_the_speaker() {
        assert_eq!(
            links("Pyongyang called Putin a friend and said it would welcome him."),
            pairs(&[("called", "north_korea"), ("said", "north_korea")])
        );
        assert_eq!(
            links("Ushakov said the talks went well. The visit was long, the spokesman added."),
            pairs(&[("said", "russia"), ("added", "russia")])
        );
        assert_eq!(
            links("Ushakov said the talks went well. The visit was long, he added."),
            pairs(&[("said", "russia"), ("added", "russia")])
        );
        assert_eq!(
            links("Ushakov said the talks went well. Kirby met Pyongyang officials, he said."),
            pairs(&[("said", "russia"), ("said", "russia")])
        );
    }

    #[test]
    fn unnamed_speakers_are_not_the_nearest_party() {
        assert_eq!(
            links("Missiles were used by Moscow in attacks, officials said."),
            pairs(&[("said", "-")])
        );
        assert_eq!(
            links("Missiles hit Moscow, officials said."),
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
    }

    #[test]
    fn speaker_after_when_none_before() {
        assert_eq!(
            links("Both Pyongyang and Moscow have denied the claims."),
            pairs(&[("denied", "russia")])
        );
        assert_eq!(
            links("It was denied, Kirby noted."),
            pairs(&[("denied", "us")])
        );
        assert_eq!(links("Nothing was denied."), pairs(&[("denied", "-")]));
    }
}
