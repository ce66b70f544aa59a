//! Finding: one pass over an article's tokens for all units at once, then each unit's regexes on
//! the sentences a whole-article screen allows.

use super::index::{LostPattern, Role, Unit};
use super::negation::{is_negator, NEGATION_WINDOW};
use super::{Hit, Matcher};
use crate::text::lost::{spells, WordAt};
use crate::text::Doc;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// The rank of a candidate match at a position: the highest wins.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    tokens: usize,
    exact_elems: usize,
    prefix_len: usize,
}

/// What a word is a candidate for wherever it stands (`Matcher::lookup_word`).
#[derive(Clone, Copy)]
enum Cand {
    /// A single-word entry (exact or prefix) of `unit`, with its rank.
    Word { unit: u32, group: u32, rank: Rank },
    /// A phrase of `unit` that may begin here: checked against the next tokens.
    Phrase { unit: u32, phrase: u32 },
    /// Phrases indexed by their first two words.
    Pair,
}

/// `Scratch::memo` of a word not looked up yet.
const UNKNOWN: (u32, u32) = (u32::MAX, 0);

/// Per-article scratch of `Matcher::find`, reused by a worker.
#[derive(Default)]
pub struct Scratch {
    /// Per word id of the worker's `Tokens`: its candidates, a range of `cands`.
    memo: Vec<(u32, u32)>,
    cands: Vec<Cand>,
    /// Per word id: 0 not known yet, 1 not a negator, 2 a negator.
    negators: Vec<u8>,
    /// The `Tokens::generation` the word ids of `memo` and `negators` belong to.
    memo_generation: u64,
    /// Per unit: the token where its scan may resume (after its last match).
    next_free: Vec<usize>,
    /// Per unit: the best candidate at the current token.
    best: Vec<Option<(Rank, usize)>>,
    touched: Vec<usize>,
    /// The key of a two-word lookup in `Index::pairs`.
    pair: String,
    /// Per two word ids (first word's id in the high half): their `Index::pair_lists` entry, or
    /// `NO_PAIR`. Words like "the" and "of" begin phrases, so a third of news tokens need this.
    pair_memo: FxHashMap<u64, u32>,
    /// Per word id: 0 not known yet, 1 the second word of no pair key, 2 of some.
    seconds: Vec<u8>,
    /// Per unit: the lost-letter match that is its best candidate at the current token.
    lost_pick: Vec<Option<LostPick>>,
    /// The lost-letter matches at the current token, before one per unit is picked.
    lost_found: Vec<(u32, Rank, u32, LostPick)>,
}

/// Where a lost-letter match ends: its end token and its byte span, which takes in the U+FFFD
/// runs at the edges of its words.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LostPick {
    end: u32,
    start: u32,
    stop: u32,
}

/// Whether token `k`'s word passes `test`, decided once per word of the worker's vocabulary:
/// `memo` holds per word id 0 (not known yet), 1 (no) or 2 (yes).
fn per_word(memo: &mut Vec<u8>, doc: &Doc, k: usize, test: impl FnOnce(&str) -> bool) -> bool {
    let w = doc.tokens.list[k].word as usize;
    if memo.len() <= w {
        memo.resize(doc.tokens.words.len().max(w + 1), 0);
    }
    if memo[w] == 0 {
        memo[w] = 1 + u8::from(test(doc.tokens.lower(k)));
    }
    memo[w] == 2
}

/// `Scratch::pair_memo` of two words that begin no phrase together.
const NO_PAIR: u32 = u32::MAX;

/// `Scratch::pair_memo` is forgotten past this many pairs, to bound a worker's memory; it is
/// rebuilt as the text goes on. The number is what a table of 262,144 buckets holds at its 7/8
/// load: 4.5 MB (16 bytes and a control byte a bucket), never grown past.
const MAX_PAIRS: usize = 7 << 15;

impl Scratch {
    /// Forgets what was remembered per word id when `doc`'s tokens name another vocabulary.
    fn same_vocabulary(&mut self, doc: &Doc) {
        if self.memo_generation != doc.tokens.generation {
            self.memo.clear();
            self.cands.clear();
            self.negators.clear();
            self.pair_memo.clear();
            self.seconds.clear();
            self.memo_generation = doc.tokens.generation;
        }
    }

    /// Is token `k` a negator? Decided once per word.
    fn negator(&mut self, doc: &Doc, k: usize) -> bool {
        self.same_vocabulary(doc);
        per_word(&mut self.negators, doc, k, is_negator)
    }
}

impl Matcher {
    /// Appends every hit of every lexicon in `doc` to `out` (cleared first), sorted by position.
    pub fn find(&self, text: &str, doc: &Doc, out: &mut Vec<Hit>) {
        self.find_with(text, doc, out, &mut Scratch::default());
    }

    /// `find` with a caller's scratch buffers, so that matching allocates nothing per article.
    pub fn find_with(&self, text: &str, doc: &Doc, out: &mut Vec<Hit>, scratch: &mut Scratch) {
        out.clear();
        // Text without a lost-letter word (nearly all) takes the loop without the lookups.
        if doc.lost.is_empty() || self.index.lost.patterns.is_empty() {
            self.find_words::<false>(doc, out, scratch);
        } else {
            self.find_words::<true>(doc, out, scratch);
        }
        let words = out.len();
        for unit in &self.units {
            if !unit.regexes.is_empty() {
                self.find_regexes(unit.lexicon, unit, text, doc, out, scratch);
            }
        }
        if out.len() == words {
            sort_hits(out);
        } else {
            // Regex hits come after all the words' hits, sentence by sentence: an insertion sort
            // would move each past every later word hit, the square of a long article's hits
            // (a 1.7 MB article of 50,000 "R-Calif." took 22 s). A merge of the sorted runs gives
            // the same order: no two hits share a key.
            out.sort_by_key(hit_key);
        }
        if let Some(m) = &self.markers {
            m.fold(out, &self.exception[m.lexicon()]);
        }
    }

    /// One pass over the tokens for all units: at each token, the candidates of every unit whose
    /// last match has ended; the best one per unit is taken and that unit skips its words. With
    /// `LOST`, matches of lost-letter words are looked for too (`lost_candidates`).
    fn find_words<const LOST: bool>(&self, doc: &Doc, out: &mut Vec<Hit>, sc: &mut Scratch) {
        let n = self.units.len();
        sc.next_free.clear();
        sc.next_free.resize(n, 0);
        sc.best.clear();
        sc.best.resize(n, None);
        if LOST {
            sc.lost_pick.clear();
            sc.lost_pick.resize(n, None);
        }
        for s in &doc.sentences {
            let (first, limit) = (s.first_token as usize, s.end_token as usize);
            for i in first..limit {
                self.candidates(doc, i, limit, sc);
                if LOST {
                    self.lost_candidates(doc, i, limit, sc);
                }
                for k in 0..sc.touched.len() {
                    let u = sc.touched[k];
                    let Some((rank, g)) = sc.best[u].take() else {
                        continue;
                    };
                    let unit = &self.units[u];
                    let pick = if LOST { sc.lost_pick[u].take() } else { None };
                    let end = pick.map_or(i + rank.tokens, |p| p.end as usize);
                    for &entry in &unit.groups[g] {
                        if self.keep_exceptions || !self.exception[unit.lexicon][entry] {
                            let mut h = self.hit(unit.lexicon, entry, doc, i, end, first, sc);
                            if let Some(p) = pick {
                                (h.start, h.end) = (p.start, p.stop);
                            }
                            out.push(h);
                        }
                    }
                    sc.next_free[u] = end;
                }
                sc.touched.clear();
            }
        }
    }

    /// Matches at token `i` of the entries with a non-ASCII letter whose letter may have been
    /// lost to U+FFFD in a word from `i` on (docs/lexicons.md, "Letters lost to U+FFFD"). A
    /// unit takes one where it has no candidate of its own, where the lost-letter match is
    /// longer (in words), or where its candidate is an exact word that the lost-letter word
    /// only begins with (`Garda` in `Garda�`, where `Gardaí` spells the whole word); and only
    /// one of its patterns matches at the best rank: two (`Müller`, `Möller` for `M�ller`)
    /// leave the word to neither.
    fn lost_candidates(&self, doc: &Doc, i: usize, limit: usize, sc: &mut Scratch) {
        let lost = &doc.lost;
        let here = lost.at(i);
        let near = lost
            .next_start(i)
            .is_some_and(|s| s < i + self.index.lost.max_words);
        if here == WordAt::Inside || !near {
            return;
        }
        let (lower, cased) = match here {
            WordAt::Lost(w) => (lost.form(w, true), lost.form(w, false)),
            _ => (doc.tokens.lower(i), doc.tokens.cased(i)),
        };
        let heads = [lower.chars().next(), cased.chars().next()];
        sc.lost_found.clear();
        for (k, head) in heads.iter().enumerate() {
            if k == 1 && heads[0] == heads[1] {
                break;
            }
            let Some(list) = head.and_then(|c| self.index.lost.by_first.get(&c)) else {
                continue;
            };
            for &p in list {
                let pat = &self.index.lost.patterns[p as usize];
                if sc.next_free[pat.unit as usize] > i {
                    continue;
                }
                if let Some(pick) = lost_match(pat, doc, i, limit) {
                    let rank = Rank {
                        tokens: pat.elems.len(),
                        exact_elems: pat.elems.iter().filter(|e| !e.prefix).count(),
                        prefix_len: 0,
                    };
                    sc.lost_found.push((pat.unit, rank, pat.group, pick));
                }
            }
        }
        self.pick_lost(matches!(here, WordAt::Lost(_)), sc);
    }

    /// Takes, per unit, the lost-letter match of `sc.lost_found` that `lost_candidates`
    /// describes; `glued`: the token is part of a lost-letter word.
    fn pick_lost(&self, glued: bool, sc: &mut Scratch) {
        // Grouped by unit, best rank first; in found order among equals.
        sc.lost_found.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.partial_cmp(&a.1).unwrap_or(Ordering::Equal))
        });
        let mut k = 0;
        while k < sc.lost_found.len() {
            let (u, rank, group, pick) = sc.lost_found[k];
            let mut j = k + 1;
            let mut ambiguous = false;
            while j < sc.lost_found.len() && sc.lost_found[j].0 == u {
                let (_, r, g, _) = sc.lost_found[j];
                ambiguous |= r == rank && g != group;
                j += 1;
            }
            k = j;
            let u = u as usize;
            let take = match sc.best[u] {
                None => true,
                Some((r, _)) => {
                    rank.tokens > r.tokens || (glued && r.tokens == 1 && r.prefix_len == 0)
                }
            };
            if ambiguous || !take {
                continue;
            }
            if sc.best[u].is_none() {
                sc.touched.push(u);
            }
            sc.best[u] = Some((rank, group as usize));
            sc.lost_pick[u] = Some(pick);
        }
    }

    /// Fills `sc.best` with each free unit's best candidate at token `i` (phrases may not run past
    /// `limit`) and lists the units in `sc.touched`. Inlined into both loops of `find_words`:
    /// called, it cost 1.7% more instructions per run, every token paying for the call.
    #[inline(always)]
    fn candidates(&self, doc: &Doc, i: usize, limit: usize, sc: &mut Scratch) {
        let (a, b) = self.word_candidates(doc, i, sc);
        let consider = |sc: &mut Scratch, u: usize, rank: Rank, g: usize| {
            if sc.next_free[u] > i {
                return;
            }
            match sc.best[u] {
                None => {
                    sc.best[u] = Some((rank, g));
                    sc.touched.push(u);
                }
                Some((r, _)) if rank > r => sc.best[u] = Some((rank, g)),
                _ => {}
            }
        };
        for k in a..b {
            match sc.cands[k] {
                Cand::Word { unit, group, rank } => {
                    consider(sc, unit as usize, rank, group as usize)
                }
                Cand::Phrase { unit, phrase } => {
                    if let Some(rank) = self.phrase_at(unit, phrase, doc, i, limit) {
                        let group = self.units[unit as usize].phrases[phrase as usize].group;
                        consider(sc, unit as usize, rank, group);
                    }
                }
                Cand::Pair if i + 1 < limit => {
                    let list = self.pair_list(doc, i, sc);
                    if list == NO_PAIR {
                        continue;
                    }
                    for &(unit, phrase) in &self.index.pair_lists[list as usize] {
                        if let Some(rank) = self.phrase_at(unit, phrase, doc, i, limit) {
                            let group = self.units[unit as usize].phrases[phrase as usize].group;
                            consider(sc, unit as usize, rank, group);
                        }
                    }
                }
                Cand::Pair => {}
            }
        }
    }

    /// The phrases indexed by tokens `i` and `i + 1` (an index into `Index::pair_lists`, or
    /// `NO_PAIR`): looked up once per two word ids, then remembered.
    fn pair_list(&self, doc: &Doc, i: usize, sc: &mut Scratch) -> u32 {
        let toks = &doc.tokens;
        // Most words after "the" or "a" begin no pair with it: one look at the second word's id
        // spares the hash of the two (about 10 M instructions of 1,100 M per 5 MB of news).
        let seconds = &self.index.pair_seconds;
        if !per_word(&mut sc.seconds, doc, i + 1, |w| seconds.contains(w)) {
            return NO_PAIR;
        }
        let key = (toks.list[i].word as u64) << 32 | toks.list[i + 1].word as u64;
        if let Some(&list) = sc.pair_memo.get(&key) {
            return list;
        }
        sc.pair.clear();
        sc.pair.push_str(toks.lower(i));
        sc.pair.push('\u{1}');
        sc.pair.push_str(toks.lower(i + 1));
        let list = self
            .index
            .pairs
            .get(sc.pair.as_str())
            .copied()
            .unwrap_or(NO_PAIR);
        if sc.pair_memo.len() >= MAX_PAIRS {
            sc.pair_memo.clear();
        }
        sc.pair_memo.insert(key, list);
        list
    }

    /// The candidates token `i`'s word brings wherever it stands, as a range of `sc.cands`: looked
    /// up once per distinct word a worker meets (`Tokens` gives each its id), then remembered.
    fn word_candidates(&self, doc: &Doc, i: usize, sc: &mut Scratch) -> (usize, usize) {
        let toks = &doc.tokens;
        sc.same_vocabulary(doc);
        let w = toks.list[i].word as usize;
        if sc.memo.len() <= w {
            sc.memo.resize(toks.words.len().max(w + 1), UNKNOWN);
        }
        if sc.memo[w] == UNKNOWN {
            let start = sc.cands.len();
            self.lookup_word(toks.lower(i), toks.cased(i), &mut sc.cands);
            sc.memo[w] = (start as u32, sc.cands.len() as u32);
        }
        let (a, b) = sc.memo[w];
        (a as usize, b as usize)
    }

    /// Appends what a word with these matching forms is a candidate for: its exact entries and
    /// the phrases it may begin (lowercased, then case-kept), then the prefixes it starts with
    /// (shortest first). The order is the order candidates are considered in, so ties between
    /// equal ranks fall the same way every time.
    fn lookup_word(&self, lower: &str, cased: &str, out: &mut Vec<Cand>) {
        // Case-sensitive entries are looked up only for words with a capital, unless some
        // case-sensitive entry is itself all lowercase.
        let cased_roles = if !self.index.cased.is_empty()
            && (self.index.cased_lowercase
                || cased.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80))
        {
            self.index.cased.get(cased)
        } else {
            None
        };
        let roles = self
            .index
            .lower
            .get(lower)
            .into_iter()
            .map(|r| (r, false))
            .chain(cased_roles.into_iter().map(|r| (r, true)));
        for (list, cs) in roles {
            for role in list {
                out.push(match *role {
                    Role::Exact { unit, group } => {
                        let liwc = self.units[unit as usize].liwc;
                        let exact = if cs { 2 } else { 1 };
                        // LIWC: any matching wildcard goes before an exact word.
                        let rank = Rank {
                            tokens: 1,
                            exact_elems: if liwc { 0 } else { exact },
                            prefix_len: 0,
                        };
                        Cand::Word { unit, group, rank }
                    }
                    Role::PhraseFirst { unit, phrase } => Cand::Phrase { unit, phrase },
                    Role::PairFirst => Cand::Pair,
                });
            }
        }
        for (p, word) in [
            (&self.index.prefixes, lower),
            (&self.index.prefixes_cs, cased),
        ] {
            let Some(p) = p else { continue };
            p.each(word, |unit, g, is_phrase, len| {
                if is_phrase {
                    out.push(Cand::Phrase { unit, phrase: g });
                    return;
                }
                let rank = if self.units[unit as usize].liwc {
                    // The shortest wildcard wins, before any exact word.
                    Rank {
                        tokens: 1,
                        exact_elems: 1,
                        prefix_len: usize::MAX - len,
                    }
                } else {
                    Rank {
                        tokens: 1,
                        exact_elems: 0,
                        prefix_len: len,
                    }
                };
                out.push(Cand::Word {
                    unit,
                    group: g,
                    rank,
                });
            });
        }
    }

    /// The rank of phrase `phrase` of `unit` if it matches at token `i`.
    fn phrase_at(&self, unit: u32, phrase: u32, doc: &Doc, i: usize, limit: usize) -> Option<Rank> {
        let ph = &self.units[unit as usize].phrases[phrase as usize];
        if i + ph.elems.len() > limit {
            return None;
        }
        let toks = &doc.tokens;
        let all = ph.elems.iter().enumerate().all(|(k, el)| {
            let t = if ph.case_sensitive {
                toks.cased(i + k)
            } else {
                toks.lower(i + k)
            };
            if el.prefix {
                t.starts_with(el.text.as_str())
            } else {
                t == el.text
            }
        });
        all.then(|| Rank {
            tokens: ph.elems.len(),
            exact_elems: ph.elems.iter().filter(|e| !e.prefix).count(),
            prefix_len: 0,
        })
    }

    fn find_regexes(
        &self,
        li: usize,
        lex: &Unit,
        text: &str,
        doc: &Doc,
        out: &mut Vec<Hit>,
        sc: &mut Scratch,
    ) {
        if lex.regexes.is_empty() || lex.screen.as_ref().is_some_and(|s| !s.is_match(text)) {
            return;
        }
        let toks = &doc.tokens.list;
        for s in &doc.sentences {
            let base = s.start as usize;
            let sentence = &text[base..s.end as usize];
            for (re, g) in &lex.regexes {
                for m in re.find_iter(sentence) {
                    if m.is_empty() {
                        continue;
                    }
                    let (start, end) = (base + m.start(), base + m.end());
                    let range = &toks[s.first_token as usize..s.end_token as usize];
                    let a = s.first_token as usize
                        + range.partition_point(|t| (t.start as usize) < start);
                    let b = s.first_token as usize
                        + range.partition_point(|t| (t.start as usize) < end);
                    for &entry in &lex.groups[*g] {
                        let mut h = self.hit(li, entry, doc, a, b, s.first_token as usize, sc);
                        h.start = start as u32;
                        h.end = end as u32;
                        h.in_quote = doc.in_quote_at(start);
                        out.push(h);
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        li: usize,
        entry: usize,
        doc: &Doc,
        a: usize,
        b: usize,
        first: usize,
        sc: &mut Scratch,
    ) -> Hit {
        let toks = &doc.tokens;
        let negated = self.negate[li][entry]
            && (a.saturating_sub(NEGATION_WINDOW).max(first)..a).any(|k| sc.negator(doc, k));
        let (start, end, sentence, in_quote) = match (
            toks.list.get(a),
            b.checked_sub(1).and_then(|l| toks.list.get(l)),
        ) {
            (Some(t), Some(u)) if b > a => (t.start, u.end, t.sentence, t.in_quote),
            (Some(t), _) => (t.start, t.start, t.sentence, t.in_quote),
            _ => (0, 0, 0, false),
        };
        Hit {
            lexicon: li,
            entry,
            tok_start: a as u32,
            tok_end: b as u32,
            start,
            end,
            sentence,
            negated,
            in_quote,
            actor: None,
        }
    }
}

/// Where pattern `pat` matches the words from token `i` on (not past `limit`), one of them at
/// least a lost-letter word that spells its element: the end token and the byte span.
fn lost_match(pat: &LostPattern, doc: &Doc, i: usize, limit: usize) -> Option<LostPick> {
    let (toks, lost) = (&doc.tokens, &doc.lost);
    let mut k = i;
    let mut spelled = false;
    let mut span: Option<(u32, u32)> = None;
    for el in &pat.elems {
        if k >= limit {
            return None;
        }
        let (start, stop) = match lost.at(k) {
            WordAt::Inside => return None,
            WordAt::Lost(w) => {
                let form = lost.form(w, !pat.case_sensitive);
                if w.end as usize > limit || !spells(form, &el.text, el.prefix) {
                    return None;
                }
                spelled = true;
                k = w.end as usize;
                (w.start, w.stop)
            }
            WordAt::Token => {
                let t = if pat.case_sensitive {
                    toks.cased(k)
                } else {
                    toks.lower(k)
                };
                let same = if el.prefix {
                    t.starts_with(el.text.as_str())
                } else {
                    t == el.text
                };
                if !same {
                    return None;
                }
                k += 1;
                (toks.list[k - 1].start, toks.list[k - 1].end)
            }
        };
        span = Some(span.map_or((start, stop), |(s, _)| (s, stop)));
    }
    let (start, stop) = span?;
    spelled.then_some(LostPick {
        end: k as u32,
        start,
        stop,
    })
}

/// The order of hits: by position, then lexicon and entry.
fn hit_key(h: &Hit) -> (u32, u32, usize, usize) {
    (h.start, h.end, h.lexicon, h.entry)
}

/// Sorts hits by (start, end, lexicon, entry) (`hit_key`). They come nearly sorted — in token order, out of
/// order only among the hits of one token — so an insertion sort is linear here. No two hits
/// share a key (one per entry and span), so the order is the one order.
fn sort_hits(hits: &mut [Hit]) {
    let key = hit_key;
    for i in 1..hits.len() {
        let mut j = i;
        while j > 0 && key(&hits[j - 1]) > key(&hits[j]) {
            hits.swap(j - 1, j);
            j -= 1;
        }
    }
}
