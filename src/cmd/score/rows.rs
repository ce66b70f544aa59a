//! The rows of each scored article, made on the worker that scored it (the pipeline knows no
//! report format): articles.csv's row, hits.csv's rows (with their checksum for the rerun
//! cache), and the per-article files'.

use crate::cli::ScoreArgs;
use crate::corpus::ArticleRef;
use crate::pipeline::{self, Engine};

/// The hook that makes each article's rows on the worker that scored it.
pub(super) fn renderer<'a>(
    args: &'a ScoreArgs,
    engine: &'a Engine,
    write_cache: bool,
) -> impl Fn(&ArticleRef, &mut pipeline::Done) + Sync + 'a {
    let formats: Vec<crate::score::metrics::Format> = engine
        .metrics
        .iter()
        .map(crate::score::metrics::Metric::format)
        .collect();
    let mut hit_cells = crate::report::hits::HitCells::new(&engine.set);
    hit_cells.char_offsets = args.char_offsets;
    // The rows of the lexicons the page shows a driving article's hits of are noted as they
    // are rendered (`Kept`).
    let names: Vec<String> = engine.metrics.iter().map(|m| m.name.clone()).collect();
    let drivers = crate::aggregate::drivers::Drivers::new(names.iter().map(String::as_str));
    hit_cells.follow(&engine.set, &drivers.lexicons(&names));
    let keep_hits = !args.no_hits;
    move |a: &ArticleRef, d: &mut pipeline::Done| {
        let s = &d.scored;
        let short = s.score.tokens < args.min_tokens;
        d.rows.article = crate::report::articles::render_article(a, s, &formats, short);
        if keep_hits && d.rows.hits.is_none() {
            let (rows, followed) = crate::report::hits::render_hits_with(a, s, &hit_cells);
            if write_cache {
                d.hits_sum = Some(crate::rerun::file::checksum(&rows));
            }
            d.rows.hits = Some(rows);
            d.rows.followed = Some(followed);
        }
        d.rows.render_details(a, s, &engine.set);
    }
}
