//! The `check` command: validate a lexicon folder and point out entries that do not do what
//! they seem to.
//!
//! Errors (what stops `score`) come from the loader, every one as `file:line: message`. On top,
//! warnings: entries that are redundant inside one lexicon (a word or a longer prefix already
//! covered by a prefix of the same category: `claimed` beside `claim*`), and patterns with
//! characters the tokenizer never puts in a word (`claim!`, `Russia's`), which match something
//! other than what is written. With `--corpus`, `corpus` shows what every entry matches there.

mod corpus;

use crate::cli::CheckArgs;
use crate::lexicon::{self, Lexicon, LexiconSet, MatchMode, Pattern};
use anyhow::Result;
use std::collections::HashMap;
use std::io::Write;

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

/// Warnings about exceptions that take nothing: an exception with the very pattern of a
/// counting entry shares its matches with it (one match, two entries), so the entry still
/// counts; an exception must be longer than what it excepts (`claimed the title`).
pub fn idle_exceptions(lex: &Lexicon) -> Vec<String> {
    type Words<'a> = (Vec<(&'a str, bool)>, bool);
    fn words(p: &Pattern) -> Option<Words<'_>> {
        match p {
            Pattern::Words {
                elems,
                case_sensitive,
            } => Some((
                elems
                    .iter()
                    .map(|e| (e.text.as_str(), e.prefix))
                    .collect::<Vec<_>>(),
                *case_sensitive,
            )),
            Pattern::Regex(_) => None,
        }
    }
    // The first counting entry of each pattern, found by hashing: a lexicon of a million entries
    // is checked in one pass, not one pass per exception.
    let mut counting: HashMap<Words<'_>, &crate::lexicon::Entry> = HashMap::new();
    for p in lex.entries.iter().filter(|p| !p.is_exception()) {
        if let Some(w) = words(&p.compiled) {
            counting.entry(w).or_insert(p);
        }
    }
    let mut out = Vec::new();
    for e in lex.entries.iter().filter(|e| e.is_exception()) {
        let Some(mine) = words(&e.compiled) else {
            continue;
        };
        if let Some(p) = counting.get(&mine) {
            out.push(format!(
                "{}:{}: the exception `{}` has the pattern of `{}` (line {}), so it shares its matches and takes nothing; give it the words around (`{} the title`) or delete the entry",
                lex.path.display(),
                e.line,
                e.pattern,
                p.pattern,
                p.line,
                p.pattern
            ));
        }
    }
    out
}

/// Warnings about redundant entries, each as `file:line: message`: a word or prefix that a
/// shorter prefix of the same category already counts.
pub fn redundant_entries(lex: &Lexicon) -> Vec<String> {
    if lex.mode == MatchMode::Liwc {
        return liwc_shadowed(lex);
    }
    let prefixes = prefix_index(lex);
    let mut out = Vec::new();
    for e in &lex.entries {
        let Some((word, _)) = single(&e.compiled) else {
            continue;
        };
        // The first prefix entry (in file order) of the same category that is a proper prefix
        // of the word: each of the word's own prefixes is looked up, instead of every entry
        // tried against every other.
        let first = proper_prefixes(word)
            .filter_map(|pre| prefixes.get(pre))
            .flat_map(|list| list.iter().copied())
            .filter(|&i| lex.entries[i].category == e.category)
            .min();
        if let Some(i) = first {
            let p = &lex.entries[i];
            out.push(format!(
                "{}:{}: `{}` is already counted by `{}` (line {}) in the same category; delete one of them",
                lex.path.display(),
                e.line,
                e.pattern,
                p.pattern,
                p.line
            ));
        }
    }
    out
}

/// Prefix entries (`word*`, one word, case-insensitive) by their prefix: entry indices in file
/// order.
fn prefix_index(lex: &Lexicon) -> HashMap<&str, Vec<usize>> {
    let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in lex.entries.iter().enumerate() {
        if let Some((prefix, true)) = single(&p.compiled) {
            map.entry(prefix.as_str()).or_default().push(i);
        }
    }
    map
}

/// The prefixes of `word` shorter than it, ending on character boundaries.
fn proper_prefixes(word: &str) -> impl Iterator<Item = &str> {
    (1..word.len())
        .filter(|&i| word.is_char_boundary(i))
        .map(|i| &word[..i])
}

/// In a LIWC dictionary the shortest matching wildcard takes a word first, whatever its
/// category: an entry that a shorter wildcard covers never matches.
fn liwc_shadowed(lex: &Lexicon) -> Vec<String> {
    let prefixes = prefix_index(lex);
    let mut out = Vec::new();
    let mut warned = std::collections::HashSet::new();
    for e in &lex.entries {
        let Some((word, _)) = single(&e.compiled) else {
            continue;
        };
        // The first wildcard in file order that covers the word: a shorter one, or one as long
        // written otherwise (`abc` and `abc*`).
        let shorter = proper_prefixes(word)
            .filter_map(|pre| prefixes.get(pre))
            .filter_map(|list| list.first().copied());
        let same = prefixes.get(word.as_str()).and_then(|list| {
            list.iter()
                .copied()
                .find(|&i| lex.entries[i].pattern != e.pattern)
        });
        if let Some(i) = shorter.chain(same).min() {
            let p = &lex.entries[i];
            if warned.insert(e.line) {
                out.push(format!(
                    "{}:{}: `{}` never matches: `{}` (line {}) is a shorter wildcard and LIWC matching takes it first",
                    lex.path.display(),
                    e.line,
                    e.pattern,
                    p.pattern,
                    p.line
                ));
            }
        }
    }
    out
}

/// Categories without a single entry (possible in `.dic` and YAML dictionaries): their columns
/// would always be zero.
pub fn empty_categories(lex: &Lexicon) -> Vec<String> {
    (0..lex.categories.len())
        .filter(|&c| !lex.entries.iter().any(|e| e.category == c))
        .map(|c| {
            format!(
                "{}: category `{}` has no entry; its columns will always be 0",
                lex.path.display(),
                lex.categories[c]
            )
        })
        .collect()
}

/// Categories that look like a typo of another: few entries, at most two edits from a category
/// with more ("endorsng" beside "endorsing"). Each category is its own report column, so a typo
/// splits a category in two without any error.
pub fn lookalike_categories(lex: &Lexicon) -> Vec<String> {
    let sizes: Vec<usize> = (0..lex.categories.len())
        .map(|c| lex.entries.iter().filter(|e| e.category == c).count())
        .collect();
    let mut out = Vec::new();
    for (c, name) in lex.categories.iter().enumerate() {
        // A short name is near many others by chance ("us", "uk"): only names of 5 or more.
        if name.chars().count() < 5 || sizes[c] > 3 {
            continue;
        }
        let near = lex
            .categories
            .iter()
            .enumerate()
            .filter(|&(o, other)| {
                o != c && sizes[o] > sizes[c] && crate::error::edit_distance(name, other) <= 2
            })
            .max_by_key(|&(o, _)| sizes[o]);
        if let Some((o, other)) = near {
            out.push(format!(
                "{}: category `{name}` ({} entries) is close to `{other}` ({} entries): a typo? It is a column of its own",
                lex.path.display(),
                sizes[c],
                sizes[o]
            ));
        }
    }
    out
}

/// Warnings for word patterns with characters that no token contains: they are silently
/// dropped, so the entry matches something else than it says.
pub fn ignored_characters(lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for e in &lex.entries {
        let Pattern::Words { case_sensitive, .. } = &e.compiled else {
            continue;
        };
        let body = if *case_sensitive {
            &e.pattern[1..]
        } else {
            e.pattern.as_str()
        };
        // In a phrase, an apostrophe is natural spelling ("Workers' Party", "People's Republic")
        // and the text is tokenized the same way, so it matches as meant.
        let phrase = body.split_whitespace().count() > 1;
        for piece in body.split_whitespace() {
            let word = piece.strip_suffix('*').unwrap_or(piece);
            let mut toks = crate::text::tokenize::Tokens::default();
            crate::text::tokenize::tokenize(word, &[], &mut toks);
            let mut dropped = String::new();
            let mut pos = 0;
            for t in &toks.list {
                dropped.push_str(&word[pos..t.start as usize]);
                pos = t.end as usize;
            }
            // A final full stop belongs to an abbreviation ("U.S."): the token is `u.s`.
            dropped.push_str(word[pos..].strip_suffix('.').unwrap_or(&word[pos..]));
            let possessive = toks.list.iter().any(|t| t.possessive);
            if phrase && (possessive || dropped.chars().all(crate::text::fold::is_apostrophe)) {
                continue;
            }
            let at = format!("{}:{}", lex.path.display(), e.line);
            if possessive {
                out.push(format!(
                    "{at}: `{piece}`: a possessive 's is split off words, so this matches `{}`; write it without 's",
                    toks.lower(0)
                ));
            } else if !dropped.is_empty() {
                let words: Vec<&str> = (0..toks.len()).map(|i| toks.lower(i)).collect();
                out.push(format!(
                    "{at}: `{piece}`: `{dropped}` is not part of any word and is ignored, so this matches `{}`; use re:REGEX to match punctuation",
                    words.join(" ")
                ));
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
    if args.corpus.is_some() {
        crate::pipeline::start_workers(None)?;
    }
    let set = lexicon::load(&args.dir)?;
    crate::cmd::init::note_built_in(&set, false);
    // Lexicon and category names become report columns: a clash or a formula-like name is an
    // error here as in `score`.
    let standard: Vec<String> = crate::corpus::STANDARD_META
        .iter()
        .map(|c| c.to_string())
        .collect();
    crate::report::articles::check_columns(&standard, &crate::score::metrics::metrics(&set), &set)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in summary(&set) {
        writeln!(out, "{line}")?;
    }
    let mut warnings = set.warnings.clone();
    for lex in set.files() {
        warnings.extend(redundant_entries(lex));
        warnings.extend(idle_exceptions(lex));
        warnings.extend(empty_categories(lex));
        warnings.extend(lookalike_categories(lex));
        if lex.name != crate::lexicon::BOILERPLATE {
            warnings.extend(ignored_characters(lex));
        }
    }
    for w in &warnings {
        writeln!(out, "warning: {w}")?;
    }
    if let Some(input) = &args.corpus {
        corpus::report(
            &mut out,
            &set,
            input,
            args.manifest.as_deref(),
            &args.fields.fields(),
            args.top,
            args.max_article_mb,
        )?;
    }
    let code = if warnings.is_empty() {
        writeln!(out, "lexicons are valid")?;
        0
    } else {
        writeln!(out, "{} warning(s)", warnings.len())?;
        1
    };
    out.flush()?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use std::path::Path;

    /// The checks as first written, every entry against every other: the indexed ones must
    /// say exactly the same.
    fn naive_redundant(lex: &Lexicon) -> Vec<String> {
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
                    out.push(format!("{}:{}", e.line, p.line));
                    break;
                }
            }
        }
        out
    }

    fn naive_liwc(lex: &Lexicon) -> Vec<String> {
        let mut out = Vec::new();
        for e in &lex.entries {
            let Some((word, _)) = single(&e.compiled) else {
                continue;
            };
            let shadow = lex.entries.iter().find(|p| {
                matches!(single(&p.compiled), Some((prefix, true)) if word.starts_with(prefix.as_str()) && (word.len() > prefix.len() || p.pattern != e.pattern))
            });
            if let Some(p) = shadow {
                if p.pattern != e.pattern {
                    out.push(format!("{}:{}", e.line, p.line));
                }
            }
        }
        out.dedup();
        out
    }

    /// `file:LINE: … (line OTHER)` → `LINE:OTHER`.
    fn lines_of(warnings: &[String]) -> Vec<String> {
        warnings
            .iter()
            .map(|w| {
                let line = w.split(':').nth(1).unwrap_or_default();
                let other = w
                    .split("(line ")
                    .nth(1)
                    .and_then(|r| r.split(')').next())
                    .unwrap_or_default();
                format!("{line}:{other}")
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn indexed_checks_equal_the_pairwise_ones(
            entries in proptest::collection::vec(("[abé]{1,4}", proptest::bool::ANY, 0..2usize), 1..40)
        ) {
            let mut csv = String::from("pattern,category\n");
            let mut dic = String::from("%\n1\ta\n2\tb\n%\n");
            let mut seen = std::collections::HashSet::new();
            for (w, prefix, cat) in &entries {
                // A repeated pattern is a load error; keep each once so that most cases load.
                if !seen.insert((w.clone(), *prefix)) {
                    continue;
                }
                let star = if *prefix { "*" } else { "" };
                csv.push_str(&format!("{w}{star},{}\n", ["a", "b"][*cat]));
                dic.push_str(&format!("{w}{star}\t{}\n", cat + 1));
            }
            if let Ok(lex) = parse_lexicon(Path::new("a.csv"), csv.as_bytes()) {
                proptest::prop_assert_eq!(lines_of(&redundant_entries(&lex)), naive_redundant(&lex));
            }
            if let Ok(lex) = crate::lexicon::parse_dic(Path::new("a.dic"), dic.as_bytes()) {
                proptest::prop_assert_eq!(lines_of(&redundant_entries(&lex)), naive_liwc(&lex));
            }
        }
    }

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

    #[test]
    fn liwc_entries_behind_a_shorter_wildcard_and_empty_categories() {
        let lex = crate::lexicon::parse_dic(
            Path::new("x.dic"),
            b"%\n1\ta\n2\tb\n3\tc\n%\nfriend*\t1\nfriendly\t2\nfriendl*\t2\nhappy\t1\n",
        )
        .unwrap();
        let w = redundant_entries(&lex);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert!(w[0].starts_with("x.dic:7: `friendly` never matches: `friend*` (line 6)"));
        assert!(w[1].starts_with("x.dic:8: `friendl*` never matches"));
        assert_eq!(
            empty_categories(&lex),
            ["x.dic: category `c` has no entry; its columns will always be 0"]
        );
    }

    #[test]
    fn characters_no_word_contains_are_reported() {
        let lex = parse_lexicon(
            Path::new("a.csv"),
            "pattern,category\nclaim!,x\nRussia’s,x\nU.S.,x\nso-called,x\nappear* to,x\n=US,x\nWorkers' Party,x\n".as_bytes(),
        )
        .unwrap();
        let w = ignored_characters(&lex);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert!(w[0].starts_with("a.csv:2: `claim!`: `!` is not part of any word and is ignored, so this matches `claim`"));
        assert!(w[1].starts_with(
            "a.csv:3: `Russia’s`: a possessive 's is split off words, so this matches `russia`"
        ));
    }

    #[test]
    fn a_category_that_looks_like_a_typo_of_another_is_reported() {
        let lex = parse_lexicon(
            Path::new("attribution.csv"),
            b"pattern,category\nsaid,neutral\nclaimed,endorsing\nconfirmed,endorsing\nnoted,endorsing\nstated,endorsng\nus,us\nuk,uk\n",
        )
        .unwrap();
        let w = lookalike_categories(&lex);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("`endorsng` (1 entries) is close to `endorsing` (3 entries)"));
    }

    #[test]
    fn an_exception_with_the_pattern_of_an_entry_is_reported() {
        let lex = parse_lexicon(
            Path::new("a.csv"),
            b"pattern,category\nclaimed,distancing\nclaimed,-\nclaimed the title,-\n",
        )
        .unwrap();
        let w = idle_exceptions(&lex);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0]
            .starts_with("a.csv:3: the exception `claimed` has the pattern of `claimed` (line 2)"));
    }
}
