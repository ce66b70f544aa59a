//! hits.csv: one row per matched word (and per scare quote), rendered on the worker; the largest
//! report, so its rows are put together byte by byte.

use super::cells::{bool_cell, push_field, safe};
use super::context;
use super::page::kept::DRIVER_HITS_SHOWN;
use crate::corpus::ArticleRef;
use crate::lexicon::LexiconSet;
use crate::score::metrics::{fmt_value, Format};
use crate::score::Scored;

pub(crate) const HITS_HEADER: &[&str] = &[
    "article_id",
    "outlet",
    "sentence",
    "start",
    "end",
    "lexicon",
    "category",
    "pattern",
    "matched",
    "weight",
    "negated",
    "in_quote",
    "actor",
    "context",
];

/// The columns `--char-offsets` adds at the end of hits.csv. Not there by default: hits.csv's
/// columns are a fixed list that scripts rely on (DESIGN's contract).
pub(crate) const CHAR_OFFSET_COLUMNS: &[&str] = &["char_start", "char_end"];

/// hits.csv's header, with `--char-offsets` or without.
pub(crate) fn hits_header(char_offsets: bool) -> Vec<&'static str> {
    let mut h = HITS_HEADER.to_vec();
    if char_offsets {
        h.extend_from_slice(CHAR_OFFSET_COLUMNS);
    }
    h
}

/// The pseudo-lexicon under which scare quotes appear in hits.csv, so each is explained too.
pub(crate) const SCARE_QUOTE_LEXICON: &str = "scare_quotes";

/// One row of hits.csv, borrowed from a hit or a scare quote.
struct HitRow<'a> {
    sentence: u32,
    start: u32,
    end: u32,
    /// `,lexicon,category,pattern`, rendered (`HitCells`).
    entry: &'a [u8],
    /// `,weight`, rendered.
    weight: &'a [u8],
    negated: bool,
    in_quote: bool,
    /// `,actor`, rendered (`,` for none).
    actor: &'a [u8],
    /// Of a lexicon the page's driving articles are shown with (`HitCells::followed`).
    followed: bool,
}

/// Where an article's rows of the followed lexicons are in its rows of hits.csv, noted as they
/// are rendered: how many, and the byte spans of the first `DRIVER_HITS_SHOWN`, so that the
/// page can show a driving article's hits without reading hits.csv back or parsing the rest.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Followed {
    pub(crate) rows: usize,
    pub(crate) first: Vec<(usize, usize)>,
}

/// The cells of hits.csv that depend only on the lexicon entry or the actor, rendered once per run
/// rather than once per hit.
pub(crate) struct HitCells {
    /// Per lexicon, per entry: `,lexicon,category,pattern`, `,weight` and `,-weight` (negated).
    entries: Vec<Vec<[Vec<u8>; 3]>>,
    /// Per actor (a category of `actors`): `,actor`.
    actors: Vec<Vec<u8>>,
    /// A scare quote's `,lexicon,category,pattern` and `,weight`.
    scare: [Vec<u8>; 2],
    /// `--char-offsets`: rows end with `char_start,char_end`.
    pub char_offsets: bool,
    /// Per lexicon: are its rows noted (`Followed`)? None of them until `follow`.
    followed: Vec<bool>,
}

impl HitCells {
    pub(crate) fn new(set: &LexiconSet) -> HitCells {
        let cells = |texts: &[&str]| {
            let mut out = Vec::new();
            for t in texts {
                out.push(b',');
                push_field(&mut out, &safe(t));
            }
            out
        };
        let weight = |w: f64| cells(&[&fmt_value(Some(w), Format::Hits)]);
        HitCells {
            entries: set
                .lexicons
                .iter()
                .map(|lex| {
                    lex.entries
                        .iter()
                        .map(|e| {
                            let names = [lex.name.as_str(), lex.category_name(e), &e.pattern];
                            [cells(&names), weight(e.weight), weight(-e.weight)]
                        })
                        .collect()
                })
                .collect(),
            actors: set
                .role(set.roles.actors)
                .map(|(_, l)| l.categories.iter().map(|c| cells(&[c])).collect())
                .unwrap_or_default(),
            followed: vec![false; set.lexicons.len()],
            scare: [
                cells(&[
                    SCARE_QUOTE_LEXICON,
                    "scare_quote",
                    "short unattributed quotation",
                ]),
                weight(1.0),
            ],
            char_offsets: false,
        }
    }

    /// Notes the rows of the lexicons named `lexicons` (`Drivers::lexicons`) as they are rendered.
    pub(crate) fn follow(&mut self, set: &LexiconSet, lexicons: &[String]) {
        for (f, l) in self.followed.iter_mut().zip(&set.lexicons) {
            *f = lexicons.contains(&l.name);
        }
    }
}

/// An article's rows of hits.csv.
pub(crate) fn render_hits(a: &ArticleRef, s: &Scored, set: &LexiconSet) -> Vec<u8> {
    render_hits_with(a, s, &HitCells::new(set)).0
}

/// An article's rows of hits.csv, rendered on the worker that scored it with the run's `cells`,
/// and where the rows of the followed lexicons are.
pub(crate) fn render_hits_with(
    a: &ArticleRef,
    s: &Scored,
    cells: &HitCells,
) -> (Vec<u8>, Followed) {
    // Rows are about 130 bytes and their context: room for all of them at once.
    let context: usize = s
        .hits
        .iter()
        .map(|h| context::size_hint(sentence_len(s, h.sentence), (h.end - h.start) as usize))
        .sum();
    let mut out = Vec::with_capacity(context + (s.hits.len() + s.score.scare_quotes.len()) * 160);
    let followed = write_hits(&mut out, a, s, cells);
    (out, followed)
}

fn sentence_len(s: &Scored, sentence: u32) -> usize {
    s.sentences
        .get(sentence as usize)
        .map_or(0, |&(b, e)| (e - b) as usize)
}

/// The `context` cell of each row (`context::Sentence::window`), rendered once for the rows
/// that share it: all of a sentence's rows, or in a long sentence those of one match.
struct Contexts<'a> {
    s: &'a Scored,
    sentence: Option<(u32, u32, context::Sentence<'a>)>,
    /// The rendered cell and the sentence and window it is of.
    cell: Vec<u8>,
    cell_of: Option<(u32, usize, usize)>,
    scratch: String,
}

impl<'a> Contexts<'a> {
    fn new(s: &'a Scored) -> Contexts<'a> {
        Contexts {
            s,
            sentence: None,
            cell: Vec::new(),
            cell_of: None,
            scratch: String::new(),
        }
    }

    fn cell(&mut self, sentence: u32, start: u32, end: u32) -> &[u8] {
        if self
            .sentence
            .as_ref()
            .is_none_or(|(n, _, _)| *n != sentence)
        {
            let (b, e) = self
                .s
                .sentences
                .get(sentence as usize)
                .map_or((0, 0), |&(b, e)| (b, e));
            let text = self.s.text.get(b as usize..e as usize).unwrap_or("");
            self.sentence = Some((sentence, b, context::Sentence::new(text)));
        }
        let Some((_, base, text)) = &self.sentence else {
            return &[];
        };
        let w = text.window(
            start.saturating_sub(*base) as usize,
            end.saturating_sub(*base) as usize,
        );
        let of = (sentence, w.from, w.from + w.text.len());
        if self.cell_of != Some(of) {
            self.scratch.clear();
            w.push_to(&mut self.scratch);
            self.cell.clear();
            push_field(&mut self.cell, &safe(&self.scratch));
            self.cell_of = Some(of);
        }
        &self.cell
    }
}

fn write_hits(out: &mut Vec<u8>, a: &ArticleRef, s: &Scored, cells: &HitCells) -> Followed {
    let hits = s.hits.iter().map(|h| {
        let [entry, weight, negated] = &cells.entries[h.lexicon][h.entry];
        HitRow {
            sentence: h.sentence,
            start: h.start,
            end: h.end,
            entry,
            weight: if h.negated { negated } else { weight },
            negated: h.negated,
            in_quote: h.in_quote,
            actor: h
                .actor
                .and_then(|i| cells.actors.get(i))
                .map_or(b",", Vec::as_slice),
            followed: cells.followed[h.lexicon],
        }
    });
    let scare = s.score.scare_quotes.iter().map(|q| HitRow {
        sentence: q.sentence,
        start: q.start,
        end: q.end,
        entry: &cells.scare[0],
        weight: &cells.scare[1],
        negated: false,
        in_quote: true,
        actor: b",",
        followed: false,
    });
    let mut rows: Vec<HitRow> = hits.chain(scare).collect();
    // Stable: at one position, lexicon hits keep their order and come before a scare quote.
    rows.sort_by_key(|r| r.start);
    // The article's cells and each sentence's context are the same for many rows: made once.
    let mut article = Vec::new();
    push_field(&mut article, &safe(&a.id));
    article.push(b',');
    push_field(&mut article, &safe(&a.outlet));
    let mut contexts = Contexts::new(s);
    let mut chars = crate::text::offsets::CharCursor::new(&s.text);
    let mut followed = Followed::default();
    for r in rows {
        let row_start = out.len();
        out.extend_from_slice(&article);
        for n in [r.sentence + 1, r.start, r.end] {
            out.push(b',');
            crate::score::metrics::push_uint_bytes(out, u64::from(n));
        }
        out.extend_from_slice(r.entry);
        out.push(b',');
        push_field(out, &safe(&s.text[r.start as usize..r.end as usize]));
        out.extend_from_slice(r.weight);
        for flag in [r.negated, r.in_quote] {
            out.push(b',');
            out.extend_from_slice(bool_cell(flag).as_bytes());
        }
        out.extend_from_slice(r.actor);
        out.push(b',');
        out.extend_from_slice(contexts.cell(r.sentence, r.start, r.end));
        if cells.char_offsets {
            for n in [r.start, r.end] {
                out.push(b',');
                crate::score::metrics::push_uint_bytes(out, chars.of(n as usize) as u64);
            }
        }
        out.push(b'\n');
        if r.followed {
            followed.rows += 1;
            if followed.first.len() < DRIVER_HITS_SHOWN {
                followed.first.push((row_start, out.len()));
            }
        }
    }
    followed
}
