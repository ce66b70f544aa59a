//! quotes.csv: one row per quotation with its kind, speaker, party and cue.

use super::cells::{push_field, safe};
use crate::corpus::ArticleRef;
use crate::lexicon::LexiconSet;
use crate::score::Scored;

/// quotes.csv: one row per quotation (docs/metrics.md, "Quotations").
pub(crate) const QUOTES_HEADER: &[&str] = &[
    "article_id",
    "outlet",
    "start",
    "end",
    "words",
    "kind",
    "speaker",
    "speaker_resolved",
    "actor",
    "cue",
    "cue_category",
    "char_start",
    "char_end",
];

/// An article's rows of quotes.csv.
pub(crate) fn render_quotes(a: &ArticleRef, s: &Scored, set: &LexiconSet) -> Vec<u8> {
    let actors = set.role(set.roles.actors).map(|(_, l)| l);
    let attribution = set.role(set.roles.attribution).map(|(_, l)| l);
    fn name(lex: Option<&crate::lexicon::Lexicon>, c: Option<usize>) -> &str {
        lex.zip(c)
            .and_then(|(l, c)| l.categories.get(c))
            .map_or("", String::as_str)
    }
    let mut out = Vec::with_capacity(s.quotes().len() * 128);
    let mut article = Vec::new();
    push_field(&mut article, &safe(&a.id));
    article.push(b',');
    push_field(&mut article, &safe(&a.outlet));
    for q in s.quotes() {
        out.extend_from_slice(&article);
        for n in [q.start, q.end, q.words] {
            out.push(b',');
            crate::score::metrics::push_uint_bytes(&mut out, u64::from(n));
        }
        out.push(b',');
        out.extend_from_slice(q.kind.name().as_bytes());
        for text in [
            q.speaker.as_str(),
            &q.speaker_resolved,
            name(actors, q.actor),
            &q.cue,
            name(attribution, q.cue_category),
        ] {
            out.push(b',');
            push_field(&mut out, &safe(text));
        }
        for n in [q.char_start, q.char_end] {
            out.push(b',');
            crate::score::metrics::push_uint_bytes(&mut out, u64::from(n));
        }
        out.push(b'\n');
    }
    out
}
