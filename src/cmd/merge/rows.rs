//! The merged row files: each shard's rows of articles.csv, skipped.csv, hits.csv and the
//! per-article files, interleaved back into input order by the positions shard.json lists.

use crate::aggregate::shard::ShardState;
use crate::report::files;
use crate::report::page::kept::Noted;
use crate::run::Run;
use anyhow::Context;
use std::path::PathBuf;

/// Writes every shard's rows into `run`'s writer in input order, and keeps those the page
/// shows (`Kept`).
pub(super) fn interleave(
    states: &[(PathBuf, ShardState)],
    no_hits: bool,
    run: &mut Run,
    write_failed: &dyn Fn() -> String,
) -> anyhow::Result<()> {
    let open = |dir: &std::path::Path, name: &str| crate::report::read::reader(&dir.join(name));
    let mut articles = Vec::new();
    let mut hits = Vec::new();
    let mut details = Vec::new();
    let mut skipped = Vec::new();
    for (dir, _) in states {
        articles.push(open(dir, files::ARTICLES)?.into_byte_records());
        details.push(
            files::detail_files()
                .map(|(name, _)| Ok(open(dir, name)?.into_byte_records().peekable()))
                .collect::<anyhow::Result<Vec<_>>>()?,
        );
        skipped.push(open(dir, files::SKIPPED)?.into_byte_records());
        if !no_hits {
            hits.push(open(dir, files::HITS)?.into_byte_records().peekable());
        }
    }
    for (_, s) in states {
        run.writer.skipped_beyond_cap(&s.skipped_left_out);
    }
    let mut order: Vec<(u64, usize, bool)> = Vec::new();
    for (i, (_, s)) in states.iter().enumerate() {
        order.extend(s.positions.articles.iter().map(|&p| (p, i, true)));
        order.extend(s.positions.skipped.iter().map(|&p| (p, i, false)));
    }
    order.sort_unstable();
    // The driving articles, whose hits the page shows (the run's aggregates are read while its
    // writer writes: two fields, borrowed apart).
    let driving: std::collections::HashSet<&str> = run.agg.drivers.ids().collect();
    // Their hits of the followed lexicons are noted as they are copied (`Noted`).
    let lexicons = run.kept.lexicons.clone();
    let lexicon_col = run
        .kept
        .hits_header()
        .and_then(|h| h.iter().position(|c| c == "lexicon"));
    for (_, i, scored) in order {
        let shard = &states[i].0;
        if !scored {
            let rec = skipped[i].next().with_context(|| {
                format!(
                    "{}: skipped.csv has fewer rows than shard.json lists",
                    shard.display()
                )
            })??;
            run.writer.skipped_record(&rec).with_context(write_failed)?;
            continue;
        }
        let rec = articles[i].next().with_context(|| {
            format!(
                "{}: articles.csv has fewer rows than shard.json lists",
                shard.display()
            )
        })??;
        run.writer.article_record(&rec).with_context(write_failed)?;
        let id = rec.get(0).unwrap_or_default().to_vec();
        let id_text = crate::report::cells::unsafe_cell(std::str::from_utf8(&id).unwrap_or(""));
        let is_driving = driving.contains(id_text);
        // The rows the page lists, as they are copied (`Kept`), while the run is small enough.
        let lists = run.kept.lists();
        let mut kept_hits = Vec::new();
        let mut noted =
            is_driving.then(|| (Noted::default(), csv::Writer::from_writer(Vec::new())));
        // Each per-article file's rows of this article follow in the shard's copy.
        for (k, rows) in details[i].iter_mut().enumerate() {
            while rows
                .peek()
                .is_some_and(|r| r.as_ref().is_ok_and(|r| r.get(0) == Some(id.as_slice())))
            {
                if let Some(r) = rows.next() {
                    run.writer
                        .detail_record(k, &r?)
                        .with_context(write_failed)?;
                }
            }
        }
        if let Some(h) = hits.get_mut(i) {
            while h
                .peek()
                .is_some_and(|r| r.as_ref().is_ok_and(|r| r.get(0) == Some(id.as_slice())))
            {
                if let Some(r) = h.next() {
                    let r = r?;
                    run.writer.hit_record(&r).with_context(write_failed)?;
                    if let Some((n, w)) = &mut noted {
                        n.all += 1;
                        n.add_record(&r, lexicon_col, &lexicons, w);
                    }
                    if lists {
                        kept_hits.push(r);
                    }
                }
            }
        }
        if lists || is_driving {
            let (article, hit_rows) = match lists {
                true => (rendered(&[rec])?, rendered(&kept_hits)?),
                false => (Vec::new(), Vec::new()),
            };
            let drivers = &run.agg.drivers;
            let rows = (article.as_slice(), hit_rows.as_slice());
            let driving = match noted {
                Some((mut n, w)) => {
                    n.rows = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
                    Some(n)
                }
                None => None,
            };
            run.kept
                .add(id_text, rows, kept_hits.len(), driving, drivers);
        }
    }
    Ok(())
}

/// Rows as the writer writes them.
fn rendered(records: &[csv::ByteRecord]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in records {
        w.write_byte_record(r)?;
    }
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot render a CSV row: {e}"))
}
