//! `slant check --corpus`: what every lexicon entry actually matches in a corpus.
//!
//! Each article is analysed and matched exactly as `score` does (so longest-match and
//! boilerplate apply), and the matched terms are counted per entry: `claim*` → claimed 412,
//! claims 120, claimant 3. Entries that match nothing are listed, and so are the most frequent
//! content words that no entry matches — candidates for an entry, or proof that none is missing —
//! and the most frequent named speakers of quotations that map to no party of actors.csv.

use crate::corpus;
use crate::lexicon::{LexiconSet, Pattern};
use crate::pipeline::{Analyzed, Engine, Worker};
use crate::score::term_text;
use anyhow::Result;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Function words and words frequent in any news text: never what a lexicon is missing.
fn is_stopword(w: &str) -> bool {
    use crate::text::function_words::{CHECK_EXTRA, FUNCTION_WORDS};
    FUNCTION_WORDS.contains(&w) || CHECK_EXTRA.contains(&w)
}

#[derive(Default)]
struct Counts {
    articles: u64,
    /// Articles `score` skips (too large, unreadable, binary, a duplicate id), not counted.
    skipped: u64,
    tokens: u64,
    /// (lexicon, entry) → term → hits.
    entries: HashMap<(usize, usize), HashMap<String, u64>>,
    /// Words no hit of any lexicon covers → occurrences.
    unmatched: HashMap<String, u64>,
    /// Named speakers of quotations that map to no actor → quotations.
    unlisted_speakers: HashMap<String, u64>,
}

impl Counts {
    fn merge(mut self, o: Counts) -> Counts {
        self.articles += o.articles;
        self.skipped += o.skipped;
        self.tokens += o.tokens;
        for (k, terms) in o.entries {
            let e = self.entries.entry(k).or_default();
            for (t, n) in terms {
                *e.entry(t).or_default() += n;
            }
        }
        for (w, n) in o.unmatched {
            *self.unmatched.entry(w).or_default() += n;
        }
        for (w, n) in o.unlisted_speakers {
            *self.unlisted_speakers.entry(w).or_default() += n;
        }
        self
    }
}

/// What one article's matches count: the article as `score` analyses it (`pipeline::each_article`).
fn count_article(engine: &Engine, w: &mut Worker, analyzed: &Analyzed) -> Counts {
    let mut c = Counts::default();
    let text = analyzed.text();
    let (doc, hits) = w.matches(engine, text);
    let mut covered = vec![false; doc.tokens.len()];
    for h in hits.iter() {
        *c.entries
            .entry((h.lexicon, h.entry))
            .or_default()
            .entry(term_text(text, doc, h))
            .or_default() += 1;
        for t in h.tok_start..h.tok_end {
            covered[t as usize] = true;
        }
    }
    for (i, &cov) in covered.iter().enumerate() {
        let w = doc.tokens.lower(i);
        if !cov && !is_stopword(w) && w.chars().any(char::is_alphabetic) {
            *c.unmatched.entry(w.to_owned()).or_default() += 1;
        }
    }
    // Speakers as `score` finds them: without the exceptions' matches, which count nothing.
    hits.retain(|h| !engine.set.lexicons[h.lexicon].entries[h.entry].is_exception());
    let mut speakers = Vec::new();
    engine.linker.link(text, doc, hits, &mut speakers);
    let mut quotations = Vec::new();
    crate::quotations::find(text, doc, hits, &speakers, &engine.linker, &mut quotations);
    for row in crate::quotations::rows(text, doc, hits, &quotations, &engine.set) {
        if let Some(name) = row.unlisted_speaker() {
            *c.unlisted_speakers.entry(name.to_owned()).or_default() += 1;
        }
    }
    c.articles = 1;
    c.tokens = doc.tokens.len() as u64;
    c
}

/// Sorted by count, then alphabetically, so the listing is the same on every run.
fn by_count(m: &HashMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = m.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// The `top` most frequent of `m` as "word 12, other 7".
fn top_list(m: &HashMap<String, u64>, top: usize) -> String {
    by_count(m)
        .into_iter()
        .take(top)
        .map(|(w, n)| format!("{w} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints, for every lexicon, what each entry matches in the corpus at `input`.
pub(super) fn report(
    out: &mut impl Write,
    set: &LexiconSet,
    input: &Path,
    manifest: Option<&Path>,
    fields: &corpus::Fields,
    top: usize,
    max_article_mb: usize,
) -> Result<()> {
    let corpus = corpus::open(&[input.to_path_buf()], manifest, fields)?;
    let mut engine = Engine::new(set.clone());
    engine.max_article_bytes = max_article_mb.saturating_mul(1 << 20);
    // An exception's matches are shown like any entry's, so a user sees what it keeps out.
    engine.matcher.keep_exceptions = true;
    let (mut counts, skipped) = crate::pipeline::fold_articles(
        &engine,
        corpus,
        |w, _, analyzed| count_article(&engine, w, analyzed),
        Counts::merge,
    );
    counts.skipped = skipped;
    writeln!(out)?;
    writeln!(
        out,
        "corpus {}: {} articles, {} tokens{}",
        input.display(),
        counts.articles,
        counts.tokens,
        crate::cmd::skipped_note(counts.skipped)
    )?;
    for (li, lex) in set.lexicons.iter().enumerate() {
        let matched = (0..lex.entries.len())
            .filter(|&e| counts.entries.contains_key(&(li, e)))
            .count();
        writeln!(out)?;
        writeln!(
            out,
            "{} ({} entries, {} match in the corpus)",
            lex.path.display(),
            lex.entries.len(),
            matched
        )?;
        let mut none = Vec::new();
        for (ei, e) in lex.entries.iter().enumerate() {
            let category = lex.category_name(e);
            let Some(terms) = counts.entries.get(&(li, ei)) else {
                none.push(format!("`{}` (line {})", e.pattern, e.line));
                continue;
            };
            let total: u64 = terms.values().sum();
            let expands = match &e.compiled {
                Pattern::Regex(_) => true,
                Pattern::Words { elems, .. } => elems.iter().any(|el| el.prefix) || terms.len() > 1,
            };
            if expands {
                let list: Vec<String> = by_count(terms)
                    .into_iter()
                    .take(top)
                    .map(|(t, n)| format!("{t} {n}"))
                    .collect();
                let more = terms.len().saturating_sub(top);
                let more = if more > 0 {
                    format!(", … {more} more")
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "  line {:<4} {} ({category}) {total} → {}{more}",
                    e.line,
                    e.pattern,
                    list.join(", ")
                )?;
            } else {
                writeln!(
                    out,
                    "  line {:<4} {} ({category}) {total}",
                    e.line, e.pattern
                )?;
            }
        }
        if !none.is_empty() {
            writeln!(
                out,
                "  no match: {} entries: {}",
                none.len(),
                none.join(", ")
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "most frequent words no entry matches (function words left out): {}",
        top_list(&counts.unmatched, top)
    )?;
    writeln!(
        out,
        "(the words that set each outlet apart, with the entry that counts each or none: slant score {} --keyness, then keyness.csv)",
        input.display()
    )?;
    if set.roles.actors.is_some() {
        let speakers = top_list(&counts.unlisted_speakers, top);
        writeln!(out)?;
        writeln!(
            out,
            "speakers of quotations with no party in actors.csv (add the ones that speak for a \
             party), by quotations: {}",
            if speakers.is_empty() {
                "none"
            } else {
                &speakers
            }
        )?;
    }
    Ok(())
}
