//! The per-article stages, run in parallel: read → decode → analyse → match → link → score.
//!
//! Articles go through in chunks: a chunk is scored on every core (rayon), then its results are
//! handed, in input order, to the caller, which writes them and folds them into the aggregates.
//! Output order therefore never depends on the thread count, and memory holds one chunk.

use crate::corpus::ArticleRef;
use crate::lexicon::LexiconSet;
use crate::link::Linker;
use crate::matcher::{Hit, Matcher};
use crate::metrics::{metrics, Metric};
use crate::score::ArticleScore;
use crate::text::boilerplate::Boilerplate;
use crate::text::decode::decode_owned;
use crate::text::Doc;
use rayon::prelude::*;

/// Articles scored between two hand-overs to the writer.
const CHUNK: usize = 256;

/// Offsets are kept as u32; a larger article is skipped with this reason.
const MAX_ARTICLE_BYTES: usize = u32::MAX as usize;

/// Everything built once per run from the lexicons.
pub struct Engine {
    pub set: LexiconSet,
    /// The numeric columns of articles.csv, computed for each article on the worker.
    pub metrics: Vec<Metric>,
    pub matcher: Matcher,
    pub linker: Linker,
    pub boilerplate: Boilerplate,
}

impl Engine {
    pub fn new(set: LexiconSet) -> Engine {
        Engine {
            metrics: metrics(&set),
            matcher: Matcher::new(&set),
            linker: Linker::new(&set),
            boilerplate: Boilerplate::new(set.boilerplate.as_ref()),
            set,
        }
    }
}

/// A scored article, with what the reports need of it.
#[derive(Debug, Clone)]
pub struct Scored {
    pub encoding: &'static str,
    pub repaired: bool,
    pub score: ArticleScore,
    /// Every metric's value as printed (fixed point, `metrics::SCALE`), in `Engine::metrics`
    /// order: articles.csv and the aggregates take the same numbers.
    pub values: Vec<Option<i64>>,
    /// The decoded text, sentence spans and hits: kept only when hits are reported.
    pub text: String,
    pub sentences: Vec<(u32, u32)>,
    pub hits: Vec<Hit>,
}

/// What became of one input article.
#[derive(Debug, Clone)]
pub enum Outcome {
    Scored(Box<Scored>),
    Skipped(String),
}

/// Per-worker buffers, reused from article to article.
#[derive(Default)]
pub struct Worker {
    doc: Doc,
    hits: Vec<Hit>,
    scratch: Vec<usize>,
}

impl Worker {
    /// Scores one article already in memory.
    pub fn score_bytes(&mut self, engine: &Engine, bytes: &[u8], keep_hits: bool) -> Outcome {
        self.score_owned(engine, bytes.to_vec(), keep_hits)
    }

    /// Scores one article, taking its bytes (no copy for valid UTF-8).
    pub fn score_owned(&mut self, engine: &Engine, bytes: Vec<u8>, keep_hits: bool) -> Outcome {
        if bytes.len() > MAX_ARTICLE_BYTES {
            return Outcome::Skipped(format!(
                "article of {} bytes is larger than the 4 GiB slant can address; split it",
                bytes.len()
            ));
        }
        let decoded = decode_owned(bytes);
        let text = decoded.text;
        if text.len() > MAX_ARTICLE_BYTES {
            return Outcome::Skipped("article is larger than 4 GiB once decoded; split it".into());
        }
        self.doc.analyze(&text, &engine.boilerplate);
        engine.matcher.find(&text, &self.doc, &mut self.hits);
        engine
            .linker
            .link(&text, &self.doc, &mut self.hits, &mut self.scratch);
        let score = ArticleScore::compute(&engine.set, &text, &self.doc, &self.hits);
        let values = engine
            .metrics
            .iter()
            .map(|m| m.fixed(&score, &engine.set))
            .collect();
        let (text, sentences, hits) = if keep_hits {
            let sentences = self
                .doc
                .sentences
                .iter()
                .map(|s| (s.start, s.end))
                .collect();
            (text, sentences, self.hits.clone())
        } else {
            (String::new(), Vec::new(), Vec::new())
        };
        Outcome::Scored(Box::new(Scored {
            encoding: decoded.encoding,
            repaired: decoded.repaired,
            score,
            values,
            text,
            sentences,
            hits,
        }))
    }

    fn score_file(&mut self, engine: &Engine, article: &ArticleRef, keep_hits: bool) -> Outcome {
        match std::fs::read(&article.path) {
            Ok(bytes) => self.score_owned(engine, bytes, keep_hits),
            Err(e) => Outcome::Skipped(format!("cannot read {}: {e}", article.path.display())),
        }
    }
}

/// Scores `articles` in parallel and hands each outcome to `sink`, in input order. Stops at the
/// first error `sink` returns.
///
/// While the workers score a chunk, the calling thread hands the previous chunk to `sink`, so
/// writing reports overlaps with scoring instead of holding the workers up.
pub fn run<E: Send>(
    engine: &Engine,
    articles: &[ArticleRef],
    keep_hits: bool,
    mut sink: impl FnMut(&ArticleRef, Outcome) -> Result<(), E> + Send,
) -> Result<(), E> {
    let score = |chunk: &[ArticleRef]| -> Vec<Outcome> {
        chunk
            .par_iter()
            .map_init(Worker::default, |w, a| w.score_file(engine, a, keep_hits))
            .collect()
    };
    let mut pending: Option<(&[ArticleRef], Vec<Outcome>)> = None;
    for chunk in articles.chunks(CHUNK) {
        let (written, scored) = rayon::join(
            || match pending.take() {
                Some((done, outcomes)) => {
                    done.iter().zip(outcomes).try_for_each(|(a, o)| sink(a, o))
                }
                None => Ok(()),
            },
            || score(chunk),
        );
        written?;
        pending = Some((chunk, scored));
    }
    if let Some((done, outcomes)) = pending {
        for (a, o) in done.iter().zip(outcomes) {
            sink(a, o)?;
        }
    }
    Ok(())
}
