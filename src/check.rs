//! The `check` command: validate a lexicon folder and point out entries that add nothing.
//!
//! Errors (what stops `score`) come from the loader, every one as `file:line: message`. On top,
//! warnings for entries that are redundant inside one lexicon: a word or a longer prefix already
//! covered by a prefix of the same category (`claimed` beside `claim*`), which count nothing the
//! other entry does not.

use crate::cli::CheckArgs;
use crate::lexicon::{self, Lexicon, LexiconSet, Pattern};
use anyhow::Result;

/// A case-insensitive single-word pattern: its word and whether it is a prefix.
fn single(p: &Pattern) -> Option<(&String, bool)> {
    match p {
        Pattern::Words {
            elems,
            case_sensitive,
        } if elems.len() == 1 && !case_sensitive => Some((&elems[0].text, elems[0].prefix)),
        _ => None,
    }
}

/// Warnings about redundant entries, each as `file:line: message`.
pub fn redundant_entries(lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for e in &lex.entries {
        let Some((word, _)) = single(&e.compiled) else {
            continue;
        };
        for p in &lex.entries {
            if std::ptr::eq(e, p) || p.category != e.category {
                continue;
            }
            let Some((prefix, true)) = single(&p.compiled) else {
                continue;
            };
            if word.starts_with(prefix.as_str()) && word != prefix {
                out.push(format!(
                    "{}:{}: `{}` is already counted by `{}` (line {}) in the same category; delete one of them",
                    lex.path.display(),
                    e.line,
                    e.pattern,
                    p.pattern,
                    p.line
                ));
                break;
            }
        }
    }
    out
}

fn summary(set: &LexiconSet) -> Vec<String> {
    set.files()
        .map(|l| {
            let cats: Vec<String> = l
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "{c} {}",
                        l.entries.iter().filter(|e| e.category == i).count()
                    )
                })
                .collect();
            format!(
                "{}: {} entries ({})",
                l.path.display(),
                l.entries.len(),
                cats.join(", ")
            )
        })
        .collect()
}

/// Runs `slant check`; returns the exit code (0 clean, 1 warnings), or the load errors (2).
pub fn run(args: &CheckArgs) -> Result<u8> {
    let set = lexicon::load_dir(&args.dir)?;
    for line in summary(&set) {
        println!("{line}");
    }
    let mut warnings = set.warnings.clone();
    for lex in set.files() {
        warnings.extend(redundant_entries(lex));
    }
    for w in &warnings {
        println!("warning: {w}");
    }
    if warnings.is_empty() {
        println!("lexicons are valid");
        Ok(0)
    } else {
        println!("{} warning(s)", warnings.len());
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use std::path::Path;

    #[test]
    fn word_covered_by_prefix_of_same_category_is_reported() {
        let lex = parse_lexicon(
            Path::new("a.csv"),
            b"pattern,category\nclaim*,distancing\nclaimed,distancing\nclaimant,neutral\nclaims about,distancing\n",
        )
        .unwrap();
        let w = redundant_entries(&lex);
        assert_eq!(w.len(), 1);
        assert!(w[0].starts_with("a.csv:3: `claimed` is already counted by `claim*` (line 2)"));
    }
}
