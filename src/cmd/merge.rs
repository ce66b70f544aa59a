//! `slant merge`: N shard folders (`slant score --shard K/N`) into the reports of one run over
//! the whole corpus. The shard state and why the merge is exact and safe: `aggregate::shard`.

use crate::aggregate::shard::{row_digests, ShardState, SHARD_FORMAT};
use crate::aggregate::Aggregates;
use crate::config::MAX_SHARDS;
use crate::report::files;

/// A shard state that is whole and says what it is: K/N possible, its digest its own, its counts
/// those of its rows, its row files as written.
fn check_own(dir: &std::path::Path, path: &std::path::Path, s: &ShardState) -> anyhow::Result<()> {
    use crate::error::UsageError;
    let (k, n) = s.shard;
    if k == 0 || n == 0 || k > n || n > MAX_SHARDS {
        return Err(UsageError(format!(
            "{}: shard {k}/{n} is not a possible shard (1 ≤ K ≤ N ≤ {MAX_SHARDS})",
            path.display()
        ))
        .into());
    }
    if s.digest != s.compute_digest() {
        return Err(UsageError(format!(
            "{}: changed after its run (its digest does not match its content); score that shard again",
            path.display()
        ))
        .into());
    }
    let left_out: u64 = s.skipped_left_out.iter().map(|(_, n)| n).sum();
    if s.positions.articles.len() as u64 != s.counts.scored
        || s.positions.skipped.len() as u64 + left_out != s.counts.skipped
        || s.counts.scored + s.counts.skipped != s.counts.articles_in
    {
        return Err(UsageError(format!(
            "{}: its counts do not add up to its rows; score that shard again",
            path.display()
        ))
        .into());
    }
    let now = row_digests(dir, files::row_files())
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", dir.display()))?;
    if now != s.rows {
        let changed: Vec<&str> = files::row_files()
            .filter(|f| now.iter().find(|(n, _)| n == f) != s.rows.iter().find(|(n, _)| n == f))
            .collect();
        return Err(UsageError(format!(
            "{}: {} changed since the shard's run (SHA-256 differs from shard.json's); score that shard again",
            dir.display(),
            changed.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// What two shards of one run must share but `s` does not share with `first`: the shard
/// count, the lexicons, the inputs and their columns, and every option (one comparison of
/// `RunOptions`, so that an option added there is compared here without another line).
fn not_the_same_run(first: &ShardState, s: &ShardState) -> Vec<String> {
    let material = [
        ("shard count", s.shard.1 != first.shard.1),
        ("lexicons", s.lexicons != first.lexicons),
        ("inputs", s.inputs != first.inputs),
        ("--manifest", s.manifest != first.manifest),
        ("columns", s.meta_columns != first.meta_columns),
    ];
    let mut what: Vec<String> = material
        .iter()
        .filter(|d| d.1)
        .map(|d| d.0.to_owned())
        .collect();
    if s.options != first.options {
        what.extend(first.options.differences(&s.options));
    }
    what
}

/// `slant merge`: reads N shard folders and writes the reports one run over the whole corpus
/// would have written.
pub fn run(args: &crate::cli::MergeArgs) -> anyhow::Result<()> {
    use crate::error::UsageError;
    use anyhow::Context;

    if args.shards.is_empty() {
        return Err(UsageError("give the shard folders to merge".into()).into());
    }
    let validated = crate::validate::flags::of_dir(args.validated.as_deref())?;
    let mut states = Vec::new();
    for dir in &args.shards {
        let path = dir.join(files::SHARD_JSON);
        let text = crate::files::read_own(&path, crate::files::MAX_WHOLE).with_context(|| {
            format!(
                "is {} the --out of `slant score --shard K/N`?",
                dir.display()
            )
        })?;
        // The format first: another format's fields may not parse as this one's (format 3's
        // corpus identity was one string), and its number says more than a parse error would.
        let format = serde_json::from_slice::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("format").and_then(serde_json::Value::as_u64));
        if let Some(format) = format.filter(|&f| f != u64::from(SHARD_FORMAT)) {
            return Err(UsageError(format!(
                "{}: shard format {format}, written by another version of slant (this one reads {SHARD_FORMAT}); score that shard again with this slant",
                path.display(),
            ))
            .into());
        }
        let state: ShardState = serde_json::from_slice(&text)
            .with_context(|| format!("{}: not a shard state", path.display()))?;
        check_own(dir, &path, &state)?;
        states.push((dir.clone(), state));
    }
    // The shards must be the N parts of one run.
    let first = &states[0].1;
    let n = first.shard.1;
    for (dir, s) in &states {
        let what = not_the_same_run(first, s);
        if !what.is_empty() {
            return Err(UsageError(format!(
                "{} is not a shard of the same run as {}: their {} differ; score every shard with the same corpus, lexicons and options",
                dir.display(),
                states[0].0.display(),
                what.join(", ")
            ))
            .into());
        }
        // Same inputs, other content: the corpus was changed between the shards' runs.
        if s.corpus != first.corpus {
            let mut changed = crate::corpus::identity::differences(&first.corpus, &s.corpus);
            if changed.is_empty() {
                changed.push("its parts come in another order".into());
            }
            return Err(UsageError(format!(
                "{} is not a shard of the same run as {}: the corpus changed between their runs ({}); score every shard again, and leave the corpus as it is until all have run",
                dir.display(),
                states[0].0.display(),
                changed.join(", ")
            ))
            .into());
        }
    }
    if n > states.len() as u64 {
        let given: std::collections::BTreeSet<u64> =
            states.iter().map(|(_, s)| s.shard.0).collect();
        let missing: Vec<String> = (1..=n)
            .filter(|k| !given.contains(k))
            .take(10)
            .map(|k| format!("{k}/{n}"))
            .collect();
        let more = n - given.len() as u64;
        return Err(UsageError(format!(
            "shards missing: {}{}; merge needs all {n}",
            missing.join(", "),
            if more > 10 {
                format!(" and {} more", more - 10)
            } else {
                String::new()
            }
        ))
        .into());
    }
    let mut seen = vec![false; n as usize + 1];
    for (_, s) in &states {
        if std::mem::replace(&mut seen[s.shard.0 as usize], true) {
            return Err(UsageError(format!("shard {}/{n} is given twice", s.shard.0)).into());
        }
    }
    let set = crate::lexicon::load(&args.lexicons)?;
    crate::cmd::init::note_built_in(&set, args.quiet);
    let fingerprint: Vec<(String, String)> = set
        .files()
        .map(|l| (l.name.clone(), l.sha256.clone()))
        .collect();
    if fingerprint != first.lexicons {
        return Err(UsageError(format!(
            "the lexicons in {} are not the ones the shards were scored with (compare the SHA-256s in a shard's run.json); give the same folder with --lexicons",
            args.lexicons.display()
        ))
        .into());
    }
    let metrics = crate::score::metrics::metrics(&set);

    // Aggregates and counts: sums.
    let mut agg = Aggregates::new(first.options.min_tokens);
    let mut counts = crate::aggregate::Counts::default();
    for (_, s) in &states {
        let a = s
            .aggregates
            .clone()
            .into_aggregates()
            .map_err(anyhow::Error::msg)?;
        agg.merge(&a);
        counts.add(&s.counts);
    }

    // Rows: interleaved back into input order.
    // Checked, created and locked only once the shards are known to fit together.
    let out_dir = crate::report::outdir::OutDir::open(
        &args.out,
        &crate::report::outdir::Inputs {
            paths: args
                .shards
                .iter()
                .map(|p| p.as_path())
                .chain(args.validated.as_deref())
                .collect(),
            lexicons: Some(&args.lexicons),
        },
    )?;
    let write_failed = || {
        format!(
            "cannot write the merged reports in {}; free space there or give another --out (the previous reports are unchanged)",
            args.out.display()
        )
    };
    let mut writer = crate::report::writer::ReportWriter::create(
        out_dir,
        &first.meta_columns,
        &metrics,
        (!first.options.no_hits)
            .then(|| crate::report::hits::hits_header(first.options.char_offsets))
            .as_deref(),
        first.options.excel,
    )
    .with_context(write_failed)?;
    if first.options.xlsx {
        writer.with_workbook(&first.meta_columns);
    }
    if first.options.parquet {
        writer.with_parquet(&first.meta_columns, &metrics);
    }
    let open = |dir: &std::path::Path, name: &str| crate::report::read::reader(&dir.join(name));
    let mut articles = Vec::new();
    let mut hits = Vec::new();
    let mut details = Vec::new();
    let mut skipped = Vec::new();
    for (dir, _) in &states {
        articles.push(open(dir, files::ARTICLES)?.into_byte_records());
        details.push(
            files::detail_files()
                .map(|(name, _)| Ok(open(dir, name)?.into_byte_records().peekable()))
                .collect::<anyhow::Result<Vec<_>>>()?,
        );
        skipped.push(open(dir, files::SKIPPED)?.into_byte_records());
        if !first.options.no_hits {
            hits.push(open(dir, files::HITS)?.into_byte_records().peekable());
        }
    }
    for (_, s) in &states {
        writer.skipped_beyond_cap(&s.skipped_left_out);
    }
    let mut order: Vec<(u64, usize, bool)> = Vec::new();
    for (i, (_, s)) in states.iter().enumerate() {
        order.extend(s.positions.articles.iter().map(|&p| (p, i, true)));
        order.extend(s.positions.skipped.iter().map(|&p| (p, i, false)));
    }
    order.sort_unstable();
    // Where the driving articles' hits land in the merged hits.csv, for the page.
    let driving: std::collections::HashSet<&str> = agg.drivers.ids().collect();
    let mut driver_hits = std::collections::BTreeMap::new();
    for (_, i, scored) in order {
        let shard = &states[i].0;
        if !scored {
            let rec = skipped[i].next().with_context(|| {
                format!(
                    "{}: skipped.csv has fewer rows than shard.json lists",
                    shard.display()
                )
            })??;
            writer.skipped_record(&rec).with_context(write_failed)?;
            continue;
        }
        let rec = articles[i].next().with_context(|| {
            format!(
                "{}: articles.csv has fewer rows than shard.json lists",
                shard.display()
            )
        })??;
        writer.article_record(&rec).with_context(write_failed)?;
        let id = rec.get(0).unwrap_or_default().to_vec();
        // Each per-article file's rows of this article follow in the shard's copy.
        for (k, rows) in details[i].iter_mut().enumerate() {
            while rows
                .peek()
                .is_some_and(|r| r.as_ref().is_ok_and(|r| r.get(0) == Some(id.as_slice())))
            {
                if let Some(r) = rows.next() {
                    writer.detail_record(k, &r?).with_context(write_failed)?;
                }
            }
        }
        let hits_at = writer.hits_len();
        if let Some(h) = hits.get_mut(i) {
            while h
                .peek()
                .is_some_and(|r| r.as_ref().is_ok_and(|r| r.get(0) == Some(id.as_slice())))
            {
                if let Some(r) = h.next() {
                    writer.hit_record(&r?).with_context(write_failed)?;
                }
            }
            let id = crate::report::cells::unsafe_cell(std::str::from_utf8(&id).unwrap_or(""));
            if driving.contains(id) {
                driver_hits.insert(id.to_owned(), (hits_at, writer.hits_len() - hits_at));
            }
        }
    }

    // Tables and run.json, as the single run computes them.
    let settings = crate::cmd::conclude::Settings {
        validated,
        inputs: first.inputs.clone(),
        manifest: first.manifest.clone(),
        lexicons_dir: first.lexicons_dir.clone(),
        shard: None,
        options: first.options.clone(),
        quiet: args.quiet,
    };
    let mut long_lines = crate::text::boilerplate::LongLineLog::default();
    let mut removed = crate::text::boilerplate::RemovedLog::default();
    for (_, s) in &states {
        long_lines.merge(&s.boilerplate_long_lines);
        removed.merge(&s.boilerplate_removed);
    }
    let mut warnings = first.warnings.clone();
    warnings.extend(long_lines.warnings());
    warnings.extend(removed.warnings());
    let conclusion = crate::cmd::conclude::Conclusion {
        driver_hits,
        ..crate::cmd::conclude::conclude(&settings, &set, &metrics, &agg, &counts, &warnings, None)
    };
    crate::cmd::conclude::finish(writer, conclusion, None).with_context(write_failed)?;
    if !args.quiet {
        eprintln!(
            "slant: merged {n} shards: {} articles scored, {} skipped; reports in {}",
            counts.scored,
            counts.skipped,
            args.out.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Merge refuses two shards whose options differ in any one field of `RunOptions`, and
    /// names it: the fields come from the struct's serialized form, so a field added to
    /// `RunOptions` is covered by this test, and compared by merge, with no other change.
    #[test]
    fn shards_that_differ_in_any_option_are_not_one_run() {
        let first = ShardState::default();
        assert!(not_the_same_run(&first, &first.clone()).is_empty());
        for (key, options) in crate::aggregate::options::tests::each_field_changed() {
            let other = ShardState {
                options,
                ..first.clone()
            };
            let what = not_the_same_run(&first, &other);
            assert_eq!(what.len(), 1, "{key}: {what:?}");
            assert!(what[0].starts_with("--"), "{key}: {what:?}");
        }
        let other = ShardState {
            inputs: vec!["elsewhere".into()],
            ..first.clone()
        };
        assert_eq!(not_the_same_run(&first, &other), vec!["inputs"]);
    }
}
