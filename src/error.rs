//! The error that means "the command was used wrongly": bad arguments, a `--out` that is an
//! input, lexicons or shards that do not fit together. `main` maps it to exit code 2; every other
//! error is a failed run (exit 1). It lives here, not in a command, so that any stage can say it
//! without importing the command that runs it. `did_you_mean` helps a message name what the
//! user probably meant.

/// Bad usage: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// " (did you mean `attribution`?)" when one of `names` is at most two edits from `typed`.
pub fn did_you_mean(typed: &str, names: &[&str]) -> String {
    names
        .iter()
        .map(|n| (edit_distance(typed, n), n))
        .filter(|&(d, _)| d <= 2)
        .min()
        .map(|(_, n)| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default()
}

/// Levenshtein distance, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
