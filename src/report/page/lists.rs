//! The page's lists that grow with the corpus: every article by outlet, and hits in their
//! sentences (templates/articles.html, templates/hits.html).

use super::{anchor, group_by};
use crate::report::cells::unsafe_cell;
use crate::report::read::Row;
use serde::Serialize;

/// One hit of hits.csv as the page shows it; `sentence` and `context` only where its context
/// differs from the hit's before it.
#[derive(Serialize)]
pub(super) struct HitLine<'a> {
    sentence: Option<&'a str>,
    context: &'a str,
    matched: &'a str,
    lexicon: &'a str,
    category: &'a str,
    pattern: &'a str,
    weight: &'a str,
    negated: bool,
    in_quote: bool,
    actor: &'a str,
}

/// An article's hits (rows of hits.csv, in order), each context once before its hits: a
/// sentence once, a long sentence once per window (`report::context`).
pub(super) fn hit_lines<'a>(hits: impl Iterator<Item = &'a Row>) -> Vec<HitLine<'a>> {
    let mut last = None;
    hits.map(|x| {
        let cell = |c: &str| x.get(c).map_or("", String::as_str);
        let here = (cell("sentence"), cell("context"));
        let new = last != Some(here);
        last = Some(here);
        HitLine {
            sentence: new.then_some(here.0),
            context: unsafe_cell(here.1),
            matched: unsafe_cell(cell("matched")),
            lexicon: cell("lexicon"),
            category: cell("category"),
            pattern: unsafe_cell(cell("pattern")),
            weight: cell("weight"),
            negated: cell("negated") == "true",
            in_quote: cell("in_quote") == "true",
            actor: cell("actor"),
        }
    })
    .collect()
}

/// What templates/articles.html shows.
#[derive(Serialize)]
pub(super) struct Articles<'a> {
    outlets: Vec<Outlet<'a>>,
    /// The number of hits, when there are too many to show.
    too_many_hits: Option<u64>,
    hits: Vec<Hits<'a>>,
}

#[derive(Serialize)]
struct Outlet<'a> {
    anchor: String,
    name: &'a str,
    articles: Vec<Article<'a>>,
}

#[derive(Serialize)]
struct Article<'a> {
    anchor: String,
    id: &'a str,
    title: &'a str,
    date: &'a str,
    /// In the statistics: "yes", or "no: " and why not.
    counted: String,
    tokens: &'a str,
    tone: &'a str,
    tone_author: &'a str,
    distancing: &'a str,
}

#[derive(Serialize)]
struct Hits<'a> {
    anchor: String,
    id: &'a str,
    outlet: &'a str,
    hits: Vec<HitLine<'a>>,
}

/// Every article by outlet, and each article's hits sentence by sentence.
pub(super) fn articles<'a>(
    articles: &'a [Row],
    hits: &'a [Row],
    too_many_hits: Option<u64>,
) -> Articles<'a> {
    let cell = |a: &'a Row, k: &str| a.get(k).map_or("", String::as_str);
    let outlets = group_by(articles, "outlet")
        .into_iter()
        .map(|(outlet, list)| Outlet {
            anchor: anchor("o", outlet),
            name: outlet,
            articles: list
                .into_iter()
                .map(|a| {
                    let id = unsafe_cell(cell(a, "article_id"));
                    let field = |k: &str| unsafe_cell(cell(a, k));
                    Article {
                        anchor: anchor("a", id),
                        id,
                        title: field("title"),
                        date: field("date"),
                        counted: match field("excluded") {
                            "" => "yes".to_owned(),
                            why => format!("no: {why}"),
                        },
                        tokens: cell(a, "tokens"),
                        tone: cell(a, "tone"),
                        tone_author: cell(a, "tone.author"),
                        distancing: cell(a, "attribution.distancing.share"),
                    }
                })
                .collect(),
        })
        .collect();
    let by_article = group_by(hits, "article_id");
    let hits = articles
        .iter()
        .map(|a| {
            let id = unsafe_cell(cell(a, "article_id"));
            Hits {
                anchor: anchor("a", id),
                id,
                outlet: unsafe_cell(cell(a, "outlet")),
                hits: hit_lines(by_article.get(id).into_iter().flatten().copied()),
            }
        })
        .collect();
    Articles {
        outlets,
        too_many_hits,
        hits,
    }
}
