//! The per-article stages, run in parallel: read → decode → analyse → match → link → score.
//!
//! Articles go through in chunks: a chunk is scored on every core (rayon), then its results are
//! handed, in input order, to the caller, which writes them and folds them into the aggregates.
//! Output order therefore never depends on the thread count, and memory holds one chunk.

use crate::config::{Shard, DEFAULT_MAX_ARTICLE_MB};
use crate::corpus::identity::Seen;
use crate::corpus::{parse_json, ArticleRef, Item, Source};
use crate::files::too_large;
use crate::lexicon::LexiconSet;
use crate::link::Linker;
use crate::matcher::{Hit, Matcher};
use crate::report::writer::Rows;
use crate::score::metrics::{metrics, Metric};
use crate::score::{ArticleScore, Scored};
use crate::text::boilerplate::Boilerplate;
use crate::text::decode::{control_share, decode_owned};
use crate::text::mojibake::{prepare, SpanMap};
use crate::text::offsets::CharCursor;
use crate::text::Doc;
use rayon::prelude::*;
use std::sync::Mutex;

/// Articles scored between two hand-overs to the writer.
const CHUNK: usize = 256;

/// Articles in which more than this share of characters are control characters are binary data.
const MAX_CONTROL_SHARE: f64 = 0.1;

/// Texts up to this size are analysed before their control characters are counted.
const SHORT_TEXT: usize = 64 << 10;

/// Why `text` is skipped as binary content, if it is.
fn binary(text: &str) -> Option<String> {
    let control = control_share(text);
    (control > MAX_CONTROL_SHARE).then(|| {
        format!(
            "binary content: {:.0}% of the characters are control characters; not a text article",
            control * 100.0
        )
    })
}

/// Everything built once per run from the lexicons.
pub struct Engine {
    pub set: LexiconSet,
    /// Larger articles are skipped with a reason, never truncated (`--max-article-mb`).
    pub max_article_bytes: usize,
    /// The numeric columns of articles.csv, computed for each article on the worker.
    pub metrics: Vec<Metric>,
    pub matcher: Matcher,
    pub linker: Linker,
    pub boilerplate: Boilerplate,
}

/// The rerun cache as the workers see it (`rerun`): whether to make each article's key and
/// payload for the next run, and the last run's cache when it can be used.
#[derive(Default)]
pub struct Rerun {
    /// Compute each article's cache key and payload for the next run (`rerun-cache.bin`).
    pub write: bool,
    /// The last run's cache: articles an edit cannot change are taken from it.
    pub reader: Option<crate::rerun::file::Reader>,
}

impl Engine {
    pub fn new(set: LexiconSet) -> Engine {
        let metrics = metrics(&set);
        Engine {
            max_article_bytes: DEFAULT_MAX_ARTICLE_MB << 20,
            metrics,
            matcher: Matcher::new(&set),
            linker: Linker::new(&set),
            boilerplate: Boilerplate::new(&set.boilerplate_rules()),
            set,
        }
    }
}

/// A scored article as the workers hand it to the writer: its data, its rows (rendered on the
/// worker by `with_rows`), and what the rerun cache keeps of it.
#[derive(Debug, Clone)]
pub struct Done {
    pub scored: Scored,
    pub rows: Rows,
    /// The checksum of `rows.hits` (`cache::checksum`), for the rerun cache's index.
    pub hits_sum: Option<u64>,
    /// The article's key and payload for the next run's cache (when one is written).
    pub cache: Option<(crate::rerun::policy::Key, Vec<u8>)>,
    /// Taken from the last run's cache, not scored again.
    pub reused: bool,
    /// Its entry in the last run's cache did not match its checksums, so it was scored again.
    pub cache_damaged: bool,
}

impl Done {
    fn new(scored: Scored) -> Done {
        Done {
            scored,
            rows: Rows::default(),
            hits_sum: None,
            cache: None,
            reused: false,
            cache_damaged: false,
        }
    }
}

/// Where an article of the stream came from: its position in the input (which orders the report
/// rows), the input it is from, and for a shard, what the worker saw of its file if it is a
/// folder article (for the corpus identity, `corpus::identity`).
#[derive(Debug, Clone)]
pub struct Place {
    pub pos: u64,
    pub input: usize,
    pub seen: Option<Seen>,
}

/// What became of one input article.
#[derive(Debug, Clone)]
pub enum Outcome {
    Scored(Box<Done>),
    Skipped(String),
    /// The article belongs to another shard.
    Elsewhere,
}

/// Per-worker buffers, reused from article to article.
#[derive(Default)]
pub struct Worker {
    /// The worker's own copy of the boilerplate rules (own regex caches; see `Boilerplate`).
    boilerplate: Option<Boilerplate>,
    doc: Doc,
    hits: Vec<Hit>,
    matching: crate::matcher::Scratch,
    speakers: Vec<Option<crate::link::Speaker>>,
    linking: crate::link::LinkScratch,
    quotations: Vec<crate::quotations::Quotation>,
    /// Non-ASCII characters seen, and whether they may fold to ASCII (`cache::Reader::reuse`).
    fold_memo: rustc_hash::FxHashMap<char, bool>,
}

/// An article's text as every pass reads it (`score`, `--keyness`, `kwic`, `check --corpus`):
/// decoded, repaired where it was double-encoded, its tokens, sentences, quotations and
/// boilerplate in the worker's `doc` (`Worker::analyze`).
pub struct Analyzed {
    /// The name of the encoding the bytes were read as.
    pub encoding: &'static str,
    /// Invalid bytes were replaced, or double-encoded text repaired.
    pub repaired: bool,
    /// The article's size as read.
    pub input_bytes: usize,
    /// The text analysed (`prepared.text`) and, when repaired, the text as written.
    pub prepared: crate::text::mojibake::Prepared,
}

impl Analyzed {
    /// The text the worker's `doc` was analysed from.
    pub fn text(&self) -> &str {
        &self.prepared.text
    }
}

impl Worker {
    /// An article's bytes → its analysed text, or why `score` skips it: the size cap before
    /// and after decoding, decoding, repair, the binary-content check and the text analysis,
    /// the same for every pass over a corpus. Takes the bytes (no copy for valid UTF-8).
    pub fn analyze(&mut self, engine: &Engine, bytes: Vec<u8>) -> Result<Analyzed, String> {
        let input_bytes = bytes.len();
        let limit = engine.max_article_bytes.min(u32::MAX as usize);
        if bytes.len() > limit {
            return Err(too_large(bytes.len(), limit));
        }
        let decoded = decode_owned(bytes);
        if decoded.text.len() > limit {
            return Err(too_large(decoded.text.len(), limit));
        }
        let prepared = prepare(decoded.text);
        let text = prepared.text.as_str();
        // Binary content is skipped. A short text is analysed first: if the fast word path took
        // it whole, it has no control character to count (most news; counting cost 3% of a
        // run), and binary content of up to 64 KB is analysed in vain. A longer one is counted
        // first, so that megabytes of binary are never tokenized.
        let short = text.len() <= SHORT_TEXT;
        if !short {
            if let Some(reason) = binary(text) {
                return Err(reason);
            }
        }
        let boilerplate = self
            .boilerplate
            .get_or_insert_with(|| engine.boilerplate.clone());
        self.doc.analyze(text, boilerplate);
        if short && !self.doc.tokens.fast_path {
            if let Some(reason) = binary(text) {
                return Err(reason);
            }
        }
        Ok(Analyzed {
            encoding: decoded.encoding,
            repaired: decoded.repaired || prepared.original.is_some(),
            input_bytes,
            prepared,
        })
    }

    /// The article `analyze` read last: its document.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The lexicons' hits in the article `analyze` read last (`text` is its `Analyzed::text`),
    /// as `score` finds them, with its document.
    pub fn matches(&mut self, engine: &Engine, text: &str) -> (&Doc, &mut Vec<Hit>) {
        engine
            .matcher
            .find_with(text, &self.doc, &mut self.hits, &mut self.matching);
        (&self.doc, &mut self.hits)
    }

    /// Scores one article, taking its bytes (no copy for valid UTF-8).
    pub fn score_owned(&mut self, engine: &Engine, bytes: Vec<u8>, keep_hits: bool) -> Outcome {
        let analyzed = match self.analyze(engine, bytes) {
            Ok(a) => a,
            Err(reason) => return Outcome::Skipped(reason),
        };
        let prepared = analyzed.prepared;
        let text = prepared.text.as_str();
        let score = self.score_text(engine, text);
        let values = engine
            .metrics
            .iter()
            .map(|m| m.fixed(&score, &engine.set))
            .collect();
        let mut scored = Scored::new(
            analyzed.encoding,
            analyzed.repaired,
            score,
            values,
            self.hits.len(),
            analyzed.input_bytes,
        );
        scored.broken_chars = self.doc.lost.replacement_chars + prepared.unrepaired;
        scored
            .boilerplate_long_lines
            .clone_from(&self.doc.boilerplate_long_lines);
        scored.removed = self.doc.removed();
        scored.set_quotes(crate::quotations::rows(
            text,
            &self.doc,
            &self.hits,
            &self.quotations,
            &engine.set,
        ));
        if keep_hits {
            scored.sentences = self
                .doc
                .sentences
                .iter()
                .map(|s| (s.start, s.end))
                .collect();
            scored.hits = self.hits.clone();
            scored.removals.clone_from(&self.doc.removals);
        }
        match prepared.original {
            Some((original, map)) => as_written(&mut scored, original, &map, keep_hits),
            None if keep_hits => scored.text = prepared.text,
            None => {}
        }
        Outcome::Scored(Box::new(Done::new(scored)))
    }

    /// Matches, links and finds the quotations of the text `self.doc` was analysed from, into
    /// the worker's buffers, and scores it.
    fn score_text(&mut self, engine: &Engine, text: &str) -> ArticleScore {
        engine
            .matcher
            .find_with(text, &self.doc, &mut self.hits, &mut self.matching);
        engine.linker.link_with(
            text,
            &self.doc,
            &mut self.hits,
            &mut self.speakers,
            &mut self.linking,
        );
        crate::quotations::find(
            text,
            &self.doc,
            &self.hits,
            &self.speakers,
            &engine.linker,
            &mut self.quotations,
        );
        ArticleScore::compute(&engine.set, text, &self.doc, &self.hits, &self.quotations)
    }

    /// Scores one article, or takes it from the last run's cache when the lexicon edit since
    /// cannot have changed it; with a cache being written, adds the article's key and payload.
    fn score_article(
        &mut self,
        engine: &Engine,
        rerun: &Rerun,
        a: &ArticleRef,
        bytes: Vec<u8>,
        keep_hits: bool,
    ) -> Outcome {
        if !rerun.write || bytes.len() > engine.max_article_bytes {
            return self.score_owned(engine, bytes, keep_hits);
        }
        let key = crate::rerun::policy::key(a, &bytes);
        let mut damaged = false;
        if let Some(cache) = &rerun.reader {
            if let Some(text) = crate::text::decode::plain_utf8(&bytes) {
                match cache.reuse(&key, text, bytes.len(), &mut self.fold_memo) {
                    Ok(r) => {
                        let mut d = Done::new(r.scored);
                        if let Some((rows, sum)) = r.hits {
                            d.rows.hits = Some(rows);
                            d.hits_sum = Some(sum);
                        }
                        d.cache = Some((key, r.payload));
                        d.reused = true;
                        return Outcome::Scored(Box::new(d));
                    }
                    Err(miss) => damaged = miss == crate::rerun::file::Miss::Damaged,
                }
            }
        }
        let mut outcome = self.score_owned(engine, bytes, keep_hits);
        // An article with boilerplate long lines is not cached: scored again, it is warned
        // about in every run.
        if let Outcome::Scored(d) = &mut outcome {
            d.cache_damaged = damaged;
            if d.scored.boilerplate_long_lines.is_empty() {
                d.cache = Some((key, crate::rerun::payload::encode(&d.scored)));
            }
        }
        outcome
    }

    /// Reads, parses and scores one item of the corpus stream: its identity and what became of
    /// it. An article of another shard is only identified.
    pub fn resolve(
        &mut self,
        engine: &Engine,
        rerun: &Rerun,
        source: Source,
        shard: Option<Shard>,
        keep_hits: bool,
    ) -> (ArticleRef, Outcome) {
        let (a, outcome, _) = self.resolve_seen(engine, rerun, source, shard, keep_hits);
        (a, outcome)
    }

    /// `resolve`, and for a shard what it saw of a folder article's file: the SHA-256 of its
    /// bytes (hashed where they are read for scoring; read for the hash alone when the article
    /// is another shard's), or why it was not read. Every shard sees every file the same way,
    /// so that their corpus identities agree unless the corpus changed between their runs.
    fn resolve_seen(
        &mut self,
        engine: &Engine,
        rerun: &Rerun,
        source: Source,
        shard: Option<Shard>,
        keep_hits: bool,
    ) -> (ArticleRef, Outcome, Option<Seen>) {
        let owned = |key: &str| shard.is_none_or(|s| s.owns(key));
        // Only a shard has a corpus identity: an unsharded run hashes nothing.
        let identify = shard.is_some();
        let cap = engine.max_article_bytes as u64;
        match source {
            Source::File(a, path) => {
                if !owned(&a.id) {
                    // Read for the hash alone: an edit to this file after its shard ran
                    // would otherwise go unseen.
                    let seen = identify.then(|| {
                        Seen::of(crate::files::digest_regular(&path, cap).as_ref().copied())
                    });
                    return (a, Outcome::Elsewhere, seen);
                }
                let read = crate::files::read_regular(&path, cap);
                let seen =
                    identify.then(|| Seen::of(read.as_ref().map(|bytes| Seen::digest(bytes))));
                let outcome = match read {
                    Ok(bytes) => self.score_article(engine, rerun, &a, bytes, keep_hits),
                    Err(crate::files::NotRead::TooLarge(n)) => Outcome::Skipped(too_large(
                        usize::try_from(n).unwrap_or(usize::MAX),
                        engine.max_article_bytes,
                    )),
                    Err(crate::files::NotRead::Other(why)) => {
                        Outcome::Skipped(format!("cannot read {}: {why}", path.display()))
                    }
                };
                (a, outcome, seen)
            }
            // Records are hashed as their file is read (`corpus::identity::Tally`).
            Source::Text(a, bytes) => {
                if !owned(&a.id) {
                    return (a, Outcome::Elsewhere, None);
                }
                let outcome = self.score_article(engine, rerun, &a, bytes, keep_hits);
                (a, outcome, None)
            }
            Source::Json {
                origin,
                bytes,
                shape,
            } => match parse_json(&origin, &bytes, &shape) {
                Ok((a, text)) if owned(&a.id) => {
                    let outcome = self.score_article(engine, rerun, &a, text, keep_hits);
                    (a, outcome, None)
                }
                Ok((a, _)) => (a, Outcome::Elsewhere, None),
                Err((a, reason)) => skip(a, reason, owned),
            },
            Source::Bad(a, reason) => skip(a, reason, owned),
        }
    }
}

/// An article scored in its repaired text (`text::mojibake`), with its offsets put back into
/// the text as decoded, which its rows then slice: hits.csv's `start`/`end` (and quotes.csv's)
/// keep DESIGN's contract, `text[start..end]` is the matched text as written, and `matched` and
/// `context` show it so. What was read in the repaired text (terms, speakers) stays repaired.
fn as_written(scored: &mut Scored, original: String, map: &SpanMap, keep_hits: bool) {
    let at = |o: u32| map.original(o as usize) as u32;
    for h in &mut scored.hits {
        (h.start, h.end) = (at(h.start), at(h.end));
    }
    for s in &mut scored.sentences {
        *s = (at(s.0), at(s.1));
    }
    for q in &mut scored.score.scare_quotes {
        (q.start, q.end) = (at(q.start), at(q.end));
    }
    let mut chars = CharCursor::new(&original);
    for (start, end, char_start, char_end) in scored.quote_offsets_mut() {
        (*start, *end) = (at(*start), at(*end));
        *char_start = chars.of(*start as usize) as u32;
        *char_end = chars.of(*end as usize) as u32;
    }
    if keep_hits {
        scored.text = original;
    }
}

/// Makes the article's rows here, on the worker, with the command's `render` hook, so that the
/// writer thread only copies bytes; then frees what the writer does not need.
fn with_rows(
    a: &ArticleRef,
    mut outcome: Outcome,
    render: &(impl Fn(&ArticleRef, &mut Done) + Sync),
) -> Outcome {
    if let Outcome::Scored(d) = &mut outcome {
        render(a, d);
        // The writer needs only the rendered rows: free the text (and the quotations' strings)
        // here, before the hand-over; freed on the writer thread they cost malloc's arena locks.
        d.scored.free_rows_data();
    }
    outcome
}

/// A record that cannot be scored goes to the skipped.csv of the shard its id (or, without one,
/// its place in the input) falls in, so that exactly one shard reports it.
fn skip(
    a: ArticleRef,
    reason: String,
    owned: impl Fn(&str) -> bool,
) -> (ArticleRef, Outcome, Option<Seen>) {
    let key = if a.id.is_empty() {
        a.origin.clone()
    } else {
        a.id.clone()
    };
    if owned(&key) {
        (a, Outcome::Skipped(reason), None)
    } else {
        (a, Outcome::Elsewhere, None)
    }
}

/// Scores the corpus stream in parallel and hands each article's identity, place (input position;
/// for a shard, what was seen of a folder article's file) and outcome to `sink`, in input order.
/// Stops at the first error `sink` returns. `render` turns a scored article into its report
/// rows, on the worker (the pipeline knows no report format).
pub fn run<E: Send>(
    engine: &Engine,
    rerun: &Rerun,
    items: impl Iterator<Item = Item> + Send,
    keep_hits: bool,
    shard: Option<Shard>,
    render: impl Fn(&ArticleRef, &mut Done) + Sync,
    mut sink: impl FnMut(ArticleRef, Place, Outcome) -> Result<(), E> + Send,
) -> Result<(), E> {
    let workers = Workers::new();
    in_order(
        items,
        |chunk| {
            map_chunk(&workers, chunk, |w, item: Item| {
                let (a, o, seen) = w.resolve_seen(engine, rerun, item.source, shard, keep_hits);
                let o = with_rows(&a, o, &render);
                let place = Place {
                    pos: item.pos,
                    input: item.input,
                    seen,
                };
                (a, place, o)
            })
        },
        |(a, place, o)| sink(a, place, o),
    )
}

/// A pass over a corpus other than scoring (`--keyness`, `kwic`, `check --corpus`): every
/// article `score` would score — read, capped, decoded, repaired, checked for binary content
/// and analysed by the same `Worker::analyze`, duplicate ids skipped as `score` skips them —
/// goes to `pass` on a worker, and what `pass` makes of it to `sink` in input order; an article
/// `score` skips goes to `sink` as `Err(reason)`, and never to `pass`. So a pass reads exactly
/// the articles `score` scores, with the same `engine.max_article_bytes`, and may fold what it
/// finds into totals of its own on the worker.
pub fn each_article<T: Send, E: Send>(
    engine: &Engine,
    mut corpus: crate::corpus::Corpus,
    pass: impl Fn(&mut Worker, &ArticleRef, &Analyzed) -> T + Sync,
    mut sink: impl FnMut(ArticleRef, Result<T, String>) -> Result<(), E> + Send,
) -> Result<(), E> {
    corpus.max_record_bytes = engine.max_article_bytes;
    let workers = Workers::new();
    // Chunks are taken one after another, so the ids are seen in input order.
    let mut ids = Duplicates::default();
    in_order(
        corpus.items(),
        |chunk| {
            let mut loaded = map_chunk(&workers, chunk, |_, item: Item| {
                item.source.load(engine.max_article_bytes)
            });
            for r in &mut loaded {
                let a = match r {
                    Ok((a, _)) | Err((a, _)) => &*a,
                };
                if ids.repeated(&a.id) {
                    let a = a.clone();
                    *r = Err((a, DUPLICATE.to_owned()));
                }
            }
            map_chunk(&workers, loaded, |w, r| match r {
                Ok((a, bytes)) => {
                    let made = w.analyze(engine, bytes).map(|an| pass(w, &a, &an));
                    (a, made)
                }
                Err((a, why)) => (a, Err(why)),
            })
        },
        |(a, made)| sink(a, made),
    )
}

/// A pass that folds every article into a total (`each_article`): `one` makes an article's part
/// on its worker, `merge` adds it to that worker's total, and the workers' totals are merged at
/// the end. Also gives how many articles were skipped, as `score` skips them.
pub fn fold_articles<T: Default + Send>(
    engine: &Engine,
    corpus: crate::corpus::Corpus,
    one: impl Fn(&mut Worker, &ArticleRef, &Analyzed) -> T + Sync,
    merge: impl Fn(T, T) -> T + Sync,
) -> (T, u64) {
    let found: PerThread<T> = PerThread::new();
    let mut skipped = 0;
    let done: Result<(), std::convert::Infallible> = each_article(
        engine,
        corpus,
        |w, a, analyzed| {
            let part = one(w, a, analyzed);
            found.with(|t| *t = merge(std::mem::take(t), part));
        },
        |_, made| {
            skipped += u64::from(made.is_err());
            Ok(())
        },
    );
    let Ok(()) = done;
    let total = found.into_inner().fold(T::default(), &merge);
    (total, skipped)
}

/// A value of each worker thread's own (and one for a caller outside the pool): a worker's
/// buffers, or the totals a pass keeps, summed at the end. Taking one locks no mutex another
/// thread waits on, and needs no hand-over to the calling thread.
pub struct PerThread<T>(Vec<Slot<T>>);

/// A value on cache lines of its own: side by side in a Vec, the buffer lengths one thread
/// writes on every push would share a line with the next thread's, and the cores would pass that
/// line back and forth (false sharing).
#[repr(align(128))]
struct Slot<T>(Mutex<T>);

impl<T: Default> PerThread<T> {
    pub fn new() -> PerThread<T> {
        PerThread(
            (0..=rayon::current_num_threads())
                .map(|_| Slot(Mutex::new(T::default())))
                .collect(),
        )
    }

    /// `f` on the calling thread's value.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let last = self.0.len() - 1;
        let i = rayon::current_thread_index().unwrap_or(last).min(last);
        f(&mut self.0[i].0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Every thread's value.
    pub fn into_inner(self) -> impl Iterator<Item = T> {
        self.0
            .into_iter()
            .map(|s| s.0.into_inner().unwrap_or_else(|e| e.into_inner()))
    }
}

impl<T: Default> Default for PerThread<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The reason an article whose id an earlier article has is skipped.
pub const DUPLICATE: &str = "duplicate article_id: an earlier article has this id";

/// The ids seen so far, to skip an article whose id an earlier one has. Keeps a 128-bit digest
/// of each id, not the id: 16 bytes an article, however long the ids.
#[derive(Default)]
pub struct Duplicates(std::collections::HashSet<(u64, u64)>);

impl Duplicates {
    /// Whether an earlier article had this id (an empty id is never a duplicate).
    pub fn repeated(&mut self, id: &str) -> bool {
        use std::hash::{Hash, Hasher};
        let mut a = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut a);
        let mut b = std::collections::hash_map::DefaultHasher::new();
        (id, 0x5eed_u32).hash(&mut b);
        !self.0.insert((a.finish(), b.finish())) && !id.is_empty()
    }
}

/// One worker per pool thread for a whole run, so buffers and regex caches stay warm from chunk
/// to chunk (rayon's map_init would make new ones for every split of every chunk).
type Workers = PerThread<Worker>;

/// `work` on every element of `chunk` in parallel, each with the worker of its thread; the
/// results in the chunk's order.
fn map_chunk<X: Send, T: Send>(
    workers: &Workers,
    chunk: Vec<X>,
    work: impl Fn(&mut Worker, X) -> T + Sync,
) -> Vec<T> {
    chunk
        .into_par_iter()
        .map(|x| workers.with(|w| work(w, x)))
        .collect()
}

/// Runs `run_chunk` on the items, `CHUNK` at a time, one chunk after another, and hands the
/// results to `sink` in input order; stops at the first error `sink` returns.
///
/// Memory holds two chunks whatever the corpus size. While the workers take a chunk, the
/// calling thread hands the previous one to `sink` and reads the next, so writing and reading
/// overlap with the work.
fn in_order<T: Send, E: Send>(
    items: impl Iterator<Item = Item> + Send,
    mut run_chunk: impl FnMut(Vec<Item>) -> Vec<T> + Send,
    mut sink: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<(), E> {
    let mut items = items;
    let next_chunk =
        |items: &mut dyn Iterator<Item = Item>| -> Vec<Item> { items.take(CHUNK).collect() };
    let mut chunk = next_chunk(&mut items);
    let mut pending: Vec<T> = Vec::new();
    while !chunk.is_empty() {
        let (read, done) = rayon::join(
            || -> Result<Vec<Item>, E> {
                for t in pending.drain(..) {
                    sink(t)?;
                }
                Ok(next_chunk(&mut items))
            },
            || run_chunk(chunk),
        );
        chunk = read?;
        pending = done;
    }
    for t in pending {
        sink(t)?;
    }
    Ok(())
}

/// The stack of a worker thread (std's default, set so that `stacks_exceed_address_limit`
/// counts what the threads take).
const WORKER_STACK: usize = 2 << 20;

/// Starts the worker threads every parallel step runs on: `jobs`, or one per core. A pool that
/// cannot start (too many threads for the memory or process limit) is an error now, not a panic
/// at the first parallel step (rayon panics when its global pool cannot start). Where an
/// address-space limit (`ulimit -v`) cannot hold the threads' stacks, it is an error before any
/// thread starts: at the limit's edge a thread could start and then fail inside std, which
/// panics instead of reporting it.
pub fn start_workers(jobs: Option<usize>) -> anyhow::Result<()> {
    let n = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let advice = if jobs.is_some() {
        "give a smaller --jobs"
    } else {
        "free memory, or give --jobs 1"
    };
    if let Some(why) = stacks_exceed_address_limit(n) {
        anyhow::bail!("cannot start {n} worker threads ({why}); {advice}");
    }
    if let Err(e) = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .stack_size(WORKER_STACK)
        .build_global()
    {
        anyhow::bail!("cannot start {n} worker threads ({e}); {advice}");
    }
    Ok(())
}

/// Why `n` worker stacks (each with its guard and signal stack) would not fit in half the
/// process's address-space limit, if there is one; the other half is the run's own memory.
#[cfg(unix)]
fn stacks_exceed_address_limit(n: usize) -> Option<String> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut lim) } != 0
        || lim.rlim_cur == libc::RLIM_INFINITY
    {
        return None;
    }
    let need = n as u64 * (WORKER_STACK as u64 + (128 << 10));
    (need > lim.rlim_cur / 2).then(|| {
        format!(
            "their stacks need {} MB of address space and the limit (ulimit -v) is {} MB",
            need >> 20,
            lim.rlim_cur >> 20
        )
    })
}

#[cfg(not(unix))]
fn stacks_exceed_address_limit(_: usize) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Engine::new(crate::lexicon::load_dir(&root.join("lexicons")).unwrap())
    }

    fn scored(engine: &Engine, bytes: &[u8]) -> Scored {
        match Worker::default().score_owned(engine, bytes.to_vec(), true) {
            Outcome::Scored(d) => d.scored,
            _ => panic!("not scored"),
        }
    }

    /// A double-encoded article is scored in its repaired text (`Kremlin’s` is a possessive,
    /// `“…”` a quotation) and reported in the text as written: every hit's and quotation's
    /// offsets slice the file to what it matched, and the sentences hold their hits.
    #[test]
    fn a_repaired_article_is_reported_in_the_text_as_written() {
        let engine = engine();
        let written = "JosÃ© said the Kremlinâ€™s claim was â€œillegal,â€ and officials in ZÃ¼rich denied it.";
        let s = scored(&engine, written.as_bytes());
        assert!(s.repaired);
        assert_eq!(s.broken_chars, 0);
        assert_eq!(s.text, written);
        let matched: Vec<&str> = s
            .hits
            .iter()
            .map(|h| &written[h.start as usize..h.end as usize])
            .collect();
        for word in ["said", "Kremlinâ€™s", "claim", "illegal", "denied"] {
            assert!(matched.contains(&word), "{word} in {matched:?}");
        }
        for h in &s.hits {
            let (a, b) = s.sentences[h.sentence as usize];
            assert!(a <= h.start && h.end <= b);
        }
        let q = &s.quotes()[0];
        assert_eq!(&written[q.start as usize..q.end as usize], "illegal,");
        let chars: Vec<char> = written.chars().collect();
        let quoted: String = chars[q.char_start as usize..q.char_end as usize]
            .iter()
            .collect();
        assert_eq!(quoted, "illegal,");
    }

    /// U+FFFD and unrepaired sequences are counted; text without either is untouched.
    #[test]
    fn broken_characters_are_counted() {
        let engine = engine();
        let s = scored(
            &engine,
            "Garda\u{FFFD} said the caf\u{E9} showed Ã© once.".as_bytes(),
        );
        assert_eq!((s.repaired, s.broken_chars), (false, 2));
        let s = scored(&engine, b"Caf\xC3\xA9 owners said \xE9 was good.");
        assert_eq!((s.repaired, s.broken_chars), (true, 1));
        let plain = "Moscow said the “deal” was good.";
        let s = scored(&engine, plain.as_bytes());
        assert_eq!(
            (s.repaired, s.broken_chars, s.text.as_str()),
            (false, 0, plain)
        );
    }
}
