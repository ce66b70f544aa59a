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
//!      (`antecedents`); a person named by an occupation ("the moderator said") does not, being
//!      most often someone new; a relative pronoun ("officials who said") is the speaker as
//!      written and resolves to the noun phrase before it;
//!   5. with none of these, a common noun phrase after a determiner ("a spokesman said", "said a
//!      longtime adviser"), a name before brackets or an appositive between dashes, an inverted
//!      verb after a comma (", said Michael Kofman, an expert"; `word_order`).
//!
//!   The hit's **actor** is the party its speaker maps to through actors.csv — a mention inside
//!   the speaker's words, else inside its appositive ("Vladimir Korolyov, Commander-in-Chief of
//!   the Russian Navy") — or none: never merely the nearest other mention. A mention that only
//!   qualifies something else ("a US recycling firm", "a GOP strategist") does not count, nor
//!   does a party of only some of the speakers joined by `and`. Objects and topics of the verb
//!   ("accused Beijing") are never its speaker.
//! * Any other hit (tone, hedging, framing, …) is linked to the nearest mention in its sentence,
//!   counting words between them; a tie goes to the mention before.
//!
//! These are word rules, not a parser: docs/metrics.md lists their known failures.

mod antecedents;
mod finder;
mod phrases;
mod word_order;
mod words;

use crate::lexicon::{LexiconSet, Pattern};
use crate::matcher::Hit;
use crate::text::Doc;
use antecedents::Antecedents;
use finder::Finder;
use words::WordClasses;

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

    /// The party of the last actor mention in the author's voice within tokens `s..e`: of a
    /// name written as a quotation's source with no verb ("Clinton: "…"", `quotations`).
    pub fn party_within(&self, hits: &[Hit], s: u32, e: u32) -> Option<usize> {
        let actors = self.actors?;
        hits.iter()
            .rfind(|h| h.lexicon == actors && !h.in_quote && s <= h.tok_start && h.tok_end <= e)
            .map(|h| self.actor_of_entry[h.entry])
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
mod tests;
