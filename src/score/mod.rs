//! Scores of one article: counts, per-category hits, and the indices built from them.
//!
//! Everything here is computed from one article alone, so articles can be scored in any order on
//! any thread. The formulas are in docs/metrics.md; the column names in `report`.

pub(crate) mod metrics;

use crate::lexicon::{Cat, LexiconSet};
use crate::matcher::Hit;
use crate::quotations::{Kind, Quotation};
use crate::text::Doc;

/// A short quotation that no attribution word introduces (RT’s “illegal”): the author quoting a
/// word to distance from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScareQuote {
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
}

/// Hits of one category: the weighted sum (a negated hit counts −weight) overall and in the
/// author's voice.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CategoryCount {
    pub all: f64,
    pub author: f64,
}

/// Hits of one category linked to one actor in an article: who the words are about
/// (docs/metrics.md, "Actor links").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub actor: usize,
    pub lexicon: usize,
    pub category: usize,
    pub hits: u64,
    /// Of them, in the author's voice.
    pub author: u64,
}

/// The matched terms of an article, one per hit of a counting lexicon other than actors: the
/// hit's words in their matching form, for terms.csv. Kept in one buffer, not a string per hit:
/// an article has hundreds of hits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// The terms, back to back.
    pub text: String,
    /// Per term: lexicon, category, and where it ends in `text` (it starts where the one before
    /// it ends).
    pub list: Vec<(u32, u32, u32)>,
}

impl Terms {
    pub fn push(&mut self, lexicon: usize, category: usize, term: impl FnOnce(&mut String)) {
        term(&mut self.text);
        self.list
            .push((lexicon as u32, category as u32, self.text.len() as u32));
    }

    /// (lexicon, category, term) of every hit.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        let mut start = 0usize;
        self.list.iter().map(move |&(l, c, end)| {
            let t = &self.text[start..end as usize];
            start = end as usize;
            (l as usize, c as usize, t)
        })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A scored article: what its reports are made of. Data only — the rows rendered from it and
/// what the rerun cache keeps of it travel beside it (`pipeline::Done`).
#[derive(Debug, Clone)]
pub struct Scored {
    pub encoding: &'static str,
    /// Decoding had to repair the text: invalid bytes, Windows-1252, double-encoded UTF-8.
    pub repaired: bool,
    /// U+FFFD characters in the text and double-encoded sequences left unrepaired
    /// (articles.csv `broken_chars`).
    pub broken_chars: usize,
    pub score: ArticleScore,
    /// Every metric's value as printed (fixed point, `metrics::SCALE`), in `Engine::metrics`
    /// order: articles.csv and the aggregates take the same numbers.
    pub values: Vec<Option<i64>>,
    /// The decoded text, sentence spans and hits: kept only when hits are reported.
    pub text: String,
    /// The boilerplate removals, with their rules: kept with the text, for explain.
    pub removals: Vec<crate::text::boilerplate::Removal>,
    pub sentences: Vec<(u32, u32)>,
    pub hits: Vec<Hit>,
    /// The article's quotations, with their speakers and cues (`set_quotes`, which also sets
    /// `speakers` and `scare_quote_count`, so the three always agree).
    quotes: Vec<crate::quotations::QuoteRow>,
    /// The named speakers of its quotations with their actor (a category of the actors lexicon),
    /// one per direct or partial quotation: the run counts who each outlet quotes, and the
    /// speakers without a party, from them. Kept when `quotes` is freed (`free_rows_data`).
    speakers: Vec<(String, Option<usize>)>,
    /// How many hits the article has (kept when `hits` is not).
    pub hit_count: usize,
    /// How many of its quotations are scare quotes (kept when `quotes` is not); each is a row
    /// of hits.csv too.
    scare_quote_count: usize,
    /// The article's size as read, for the progress bar.
    pub input_bytes: usize,
    /// Boilerplate rules that matched a long line of the article (the run warns about them).
    pub boilerplate_long_lines: Vec<crate::text::boilerplate::LongLine>,
    /// Its linked headlines and embedded items removed (the run counts them per outlet).
    pub removed: crate::text::boilerplate::Removed,
}

impl Scored {
    /// Its quotations, and with them the speakers the run counts and the number of scare
    /// quotes: set together, so that a `Scored` is complete when it leaves the analyzer.
    pub fn set_quotes(&mut self, quotes: Vec<crate::quotations::QuoteRow>) {
        self.scare_quote_count = quotes
            .iter()
            .filter(|q| q.kind == crate::quotations::Kind::Scare)
            .count();
        // A scare quote has no speaker: these are the direct and partial quotations'.
        self.speakers = quotes
            .iter()
            .filter(|q| !q.speaker_resolved.is_empty())
            .map(|q| (q.speaker_resolved.clone(), q.actor))
            .collect();
        self.quotes = quotes;
    }

    /// The article's quotations (empty once `free_rows_data` has run).
    pub fn quotes(&self) -> &[crate::quotations::QuoteRow] {
        &self.quotes
    }

    /// The quotations, to move their offsets into the text as written (`pipeline`): their
    /// kinds and speakers stay as `set_quotes` counted them.
    pub fn quote_offsets_mut(
        &mut self,
    ) -> impl Iterator<Item = (&mut u32, &mut u32, &mut u32, &mut u32)> {
        self.quotes
            .iter_mut()
            .map(|q| (&mut q.start, &mut q.end, &mut q.char_start, &mut q.char_end))
    }

    /// The named speakers of its direct and partial quotations, with their actor.
    pub fn speakers(&self) -> &[(String, Option<usize>)] {
        &self.speakers
    }

    /// How many of its quotations are scare quotes.
    pub fn scare_quote_count(&self) -> usize {
        self.scare_quote_count
    }

    /// Frees what only the rows needed (the text, its spans, hits and quotations) once they are
    /// rendered; the counts, speakers and values stay.
    pub fn free_rows_data(&mut self) {
        self.text = String::new();
        self.removals = Vec::new();
        self.sentences = Vec::new();
        self.hits = Vec::new();
        self.quotes = Vec::new();
    }

    /// A scored article with its numbers, before anything is kept for or rendered into reports.
    pub fn new(
        encoding: &'static str,
        repaired: bool,
        score: ArticleScore,
        values: Vec<Option<i64>>,
        hit_count: usize,
        input_bytes: usize,
    ) -> Scored {
        Scored {
            encoding,
            repaired,
            broken_chars: 0,
            score,
            values,
            text: String::new(),
            removals: Vec::new(),
            sentences: Vec::new(),
            hits: Vec::new(),
            quotes: Vec::new(),
            speakers: Vec::new(),
            hit_count,
            scare_quote_count: 0,
            input_bytes,
            boilerplate_long_lines: Vec::new(),
            removed: crate::text::boilerplate::Removed::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleScore {
    pub tokens: usize,
    pub sentences: usize,
    pub author_tokens: usize,
    pub boilerplate_lines: usize,
    /// Per lexicon, per category.
    pub counts: Vec<Vec<CategoryCount>>,
    pub scare_quotes: Vec<ScareQuote>,
    /// Some quote mark could not be paired (`text::quotes`): quote-based figures are less sure.
    pub quotes_unbalanced: bool,
    /// Hits of counting lexicons linked to an actor (actor mentions excluded).
    pub links: Vec<Link>,
    /// The actor of each actor mention.
    pub mentions: Vec<usize>,
    /// The matched term of every hit of a counting lexicon other than actors.
    pub terms: Terms,
}

/// The signed weight a hit contributes to its category.
pub(crate) fn hit_value(set: &LexiconSet, h: &Hit) -> f64 {
    let w = set.lexicons[h.lexicon].entries[h.entry].weight;
    if h.negated {
        -w
    } else {
        w
    }
}

impl ArticleScore {
    pub fn compute(
        set: &LexiconSet,
        text: &str,
        doc: &Doc,
        hits: &[Hit],
        quotations: &[Quotation],
    ) -> ArticleScore {
        let actors = set.roles.actors;
        let mut counts: Vec<Vec<CategoryCount>> = set
            .lexicons
            .iter()
            .map(|l| vec![CategoryCount::default(); l.categories.len()])
            .collect();
        // Links are counted per article here, on the worker, so that the aggregates take one
        // update per actor and category rather than one per hit.
        let mut link_counts: rustc_hash::FxHashMap<(usize, usize, usize), (u64, u64)> =
            rustc_hash::FxHashMap::default();
        let mut mentions = Vec::new();
        let mut terms = Terms::default();
        for h in hits {
            let cat = set.lexicons[h.lexicon].entries[h.entry].category;
            let v = hit_value(set, h);
            let c = &mut counts[h.lexicon][cat];
            c.all += v;
            if !h.in_quote {
                c.author += v;
            }
            if Some(h.lexicon) == actors {
                mentions.push(cat);
                continue;
            }
            if let Some(actor) = h.actor {
                let c = link_counts.entry((actor, h.lexicon, cat)).or_default();
                c.0 += 1;
                c.1 += u64::from(!h.in_quote);
            }
            terms.push(h.lexicon, cat, |out| push_term_text(text, doc, h, out));
        }
        let mut links: Vec<Link> = link_counts
            .into_iter()
            .map(|((actor, lexicon, category), (hits, author))| Link {
                actor,
                lexicon,
                category,
                hits,
                author,
            })
            .collect();
        links.sort_unstable();
        // Terms are not: sorting strings costs more here than the hash updates it would save.
        ArticleScore {
            tokens: doc.tokens.len(),
            sentences: doc.sentences.len(),
            author_tokens: doc.author_tokens(),
            boilerplate_lines: doc.boilerplate_lines,
            counts,
            scare_quotes: quotations
                .iter()
                .filter(|q| q.kind == Kind::Scare)
                .map(|q| ScareQuote {
                    start: q.start,
                    end: q.end,
                    sentence: q.sentence,
                })
                .collect(),
            quotes_unbalanced: doc.quotes_unbalanced,
            links,
            mentions,
            terms,
        }
    }

    /// The count of a category of a role (`LexiconSet::roles`), if the run has it.
    pub fn count(&self, c: Option<Cat>) -> Option<CategoryCount> {
        let c = c?;
        self.counts.get(c.lexicon)?.get(c.category).copied()
    }

    /// Share of tokens inside quotations.
    pub fn quote_share(&self) -> Option<f64> {
        ratio(
            (self.tokens - self.author_tokens) as f64,
            self.tokens as f64,
        )
    }

    /// Young & Soroka tone: (positive − negative) / tokens × 100, negation applied. With
    /// `author`, only the author's voice: both counts and tokens outside quotations.
    pub fn tone(&self, set: &LexiconSet, author: bool) -> Option<f64> {
        let pos = self.count(set.roles.positive)?;
        let neg = self.count(set.roles.negative)?;
        if author {
            ratio(pos.author - neg.author, self.author_tokens as f64).map(|v| v * 100.0)
        } else {
            ratio(pos.all - neg.all, self.tokens as f64).map(|v| v * 100.0)
        }
    }

    /// Lowe et al.'s length-robust logit tone: ln(positive + ½) − ln(negative + ½), with the
    /// counts taken at zero where negation made them negative.
    pub fn tone_logit(&self, set: &LexiconSet) -> Option<f64> {
        let pos = self.count(set.roles.positive)?.all.max(0.0);
        let neg = self.count(set.roles.negative)?.all.max(0.0);
        Some((pos + 0.5).ln() - (neg + 0.5).ln())
    }

    /// hedge / (hedge + booster).
    pub fn hedging_share(&self, set: &LexiconSet) -> Option<f64> {
        let hedge = self.count(set.roles.hedge)?.all;
        let booster = self.count(set.roles.booster)?.all;
        ratio(hedge, hedge + booster)
    }

    /// A category's share of all hits of its lexicon (attribution shares).
    pub fn share(&self, lexicon: usize, category: usize) -> Option<f64> {
        let row = self.counts.get(lexicon)?;
        let total: f64 = row.iter().map(|c| c.all).sum();
        ratio(row.get(category)?.all, total)
    }

    /// Hits per 1,000 tokens.
    pub fn per_1k(&self, c: CategoryCount) -> Option<f64> {
        ratio(c.all, self.tokens as f64).map(|v| v * 1000.0)
    }
}

/// The words of a hit in their matching form ("alleged", "according to"); a regex match
/// lowercased as written.
pub(crate) fn term_text(text: &str, doc: &Doc, h: &Hit) -> String {
    let mut t = String::new();
    push_term_text(text, doc, h, &mut t);
    t
}

/// `term_text`, appended to `out`.
pub(crate) fn push_term_text(text: &str, doc: &Doc, h: &Hit, out: &mut String) {
    let (a, b) = (h.tok_start as usize, h.tok_end as usize);
    let whole_tokens =
        b > a && doc.tokens.list[a].start == h.start && doc.tokens.list[b - 1].end == h.end;
    // A match of a word with a letter lost to U+FFFD is its text as written (`miche�l martin`,
    // not its tokens `miche l martin`): terms.csv shows that the count came from broken text.
    let lost = !doc.lost.is_empty() && text[h.start as usize..h.end as usize].contains('\u{FFFD}');
    if !whole_tokens || lost {
        out.push_str(&text[h.start as usize..h.end as usize].to_lowercase());
        return;
    }
    for i in a..b {
        if i > a {
            out.push(' ');
        }
        out.push_str(doc.tokens.lower(i));
    }
}

/// a / b, or nothing when b is zero (never NaN or inf in a report).
pub(crate) fn ratio(a: f64, b: f64) -> Option<f64> {
    let v = a / b;
    (b != 0.0 && v.is_finite()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use crate::matcher::Matcher;
    use crate::text::boilerplate::Boilerplate;
    use std::path::Path;

    fn score(text: &str) -> (LexiconSet, ArticleScore) {
        let lex = |name: &str, csv: &str| parse_lexicon(Path::new(name), csv.as_bytes()).unwrap();
        let set = LexiconSet::new(
            vec![
                lex(
                    "tone.csv",
                    "pattern,category,negate\ngood,positive,yes\nillegal,negative,yes\n",
                ),
                lex(
                    "hedging.csv",
                    "pattern,category\nmay,hedge\nclearly,booster\n",
                ),
                lex(
                    "attribution.csv",
                    "pattern,category\nsaid,neutral\ncalled,neutral\nclaimed,distancing\n",
                ),
            ],
            None,
        );
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let mut hits = Vec::new();
        Matcher::new(&set).find(text, &doc, &mut hits);
        let linker = crate::link::Linker::new(&set);
        let mut speakers = Vec::new();
        linker.link(text, &doc, &mut hits, &mut speakers);
        let mut quotations = Vec::new();
        crate::quotations::find(text, &doc, &hits, &speakers, &linker, &mut quotations);
        let s = ArticleScore::compute(&set, text, &doc, &hits, &quotations);
        (set, s)
    }

    #[test]
    fn indices_follow_their_formulas() {
        // 15 tokens, 3 in the quotation; positive 1 (quoted), negative 1 (author).
        let (set, s) =
            score("They said it was “a good deal”. It may be illegal, clearly, he claimed today.");
        assert_eq!((s.tokens, s.author_tokens), (15, 12));
        assert_eq!(s.tone(&set, false), Some(0.0));
        assert_eq!(s.tone(&set, true), Some(-1.0 / 12.0 * 100.0));
        assert_eq!(s.hedging_share(&set), Some(0.5));
        assert_eq!(s.tone_logit(&set), Some(0.0));
        let d = set.roles.distancing.unwrap();
        assert_eq!(s.share(d.lexicon, d.category), Some(0.5));
        assert_eq!(s.quote_share(), Some(3.0 / 15.0));
    }

    #[test]
    fn short_quotation_without_attribution_is_a_scare_quote() {
        let (_, s) = score("The gift of the car was “illegal” last year.");
        assert_eq!(s.scare_quotes.len(), 1);
        // Called so by a named source: a partial quotation, not the author's distance.
        let (_, s) = score("Washington called the gift of the car “illegal” last year.");
        assert!(s.scare_quotes.is_empty());
        // A quoted term naming the thing after it.
        let (_, s) = score("The “supply-side reform” measures had an impact.");
        assert!(s.scare_quotes.is_empty());
        // A source's word: its sentence has a cue (a partial quotation).
        let (_, s) = score("The State Department said it was “very certain” of it.");
        assert!(s.scare_quotes.is_empty());
        let (_, s) = score("“Illegal,” he said.");
        assert!(s.scare_quotes.is_empty());
        // Longer than three words: a quotation, not a scare quote.
        let (_, s) = score("It was “a deal of the century” for them.");
        assert!(s.scare_quotes.is_empty());
    }

    #[test]
    fn ratio_is_empty_where_it_cannot_be_computed() {
        assert_eq!(ratio(1.0, 0.0), None);
        assert_eq!(ratio(0.0, 0.0), None);
        assert_eq!(ratio(1.0, 4.0), Some(0.25));
    }
}
