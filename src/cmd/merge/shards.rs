//! The shard folders merge reads: each shard.json read, whole and its own (`check_own`), and all
//! of them the N parts of one run (`one_run`), before anything is written.

use crate::aggregate::shard::{row_digests, ShardState, SHARD_FORMAT};
use crate::config::MAX_SHARDS;
use crate::error::UsageError;
use crate::report::files;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// Every shard folder's state, checked.
pub(super) fn read(dirs: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, ShardState)>> {
    if dirs.is_empty() {
        return Err(UsageError("give the shard folders to merge".into()).into());
    }
    let mut states = Vec::new();
    for dir in dirs {
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
    one_run(&states)?;
    Ok(states)
}

/// A shard state that is whole and says what it is: K/N possible, its digest its own, its counts
/// those of its rows, its row files as written.
fn check_own(dir: &Path, path: &Path, s: &ShardState) -> anyhow::Result<()> {
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

/// The states are the N parts of one run: the same material and options, the same corpus, each
/// part once, none missing.
fn one_run(states: &[(PathBuf, ShardState)]) -> anyhow::Result<()> {
    // The shards must be the N parts of one run.
    let first = &states[0].1;
    let n = first.shard.1;
    for (dir, s) in states {
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
    for (_, s) in states {
        if std::mem::replace(&mut seen[s.shard.0 as usize], true) {
            return Err(UsageError(format!("shard {}/{n} is given twice", s.shard.0)).into());
        }
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
