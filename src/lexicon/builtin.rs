//! The default lexicons, built into the binary, so that slant works outside its repository: a
//! run whose lexicon folder is the default `lexicons` and does not exist uses these (and says
//! so), and `slant init DIR` writes them out to be edited (`cmd::init`).
//!
//! They are compiled in from `src/lexicon/defaults/`, a copy of the repository's `lexicons/`
//! (CI checks the two are the same, byte for byte), not from `lexicons/` itself: cargo rebuilds
//! a crate when a file it includes changes, so including the folder a user edits made every
//! edit cost a rebuild (a minute on two cores) and, the binary being new, the rerun cache's
//! reuse (docs/performance.md, "The edit loop").

use super::{parse_lexicon, LexiconErrors, LexiconSet, Roles};
use std::path::{Path, PathBuf};

/// The default lexicon folder's name (`--lexicons`' default).
pub(crate) const DEFAULT_DIR: &str = "lexicons";

/// The files of the default lexicon folder, by name.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("README.md", include_str!("defaults/README.md")),
    ("actors.csv", include_str!("defaults/actors.csv")),
    ("attribution.csv", include_str!("defaults/attribution.csv")),
    ("boilerplate.csv", include_str!("defaults/boilerplate.csv")),
    ("framing.csv", include_str!("defaults/framing.csv")),
    ("hedging.csv", include_str!("defaults/hedging.csv")),
    ("tone.csv", include_str!("defaults/tone.csv")),
];

/// Where the built-in lexicons say they come from, in run.json and messages.
pub(crate) const ORIGIN: &str = "(built in)";

/// Is `dir` the default lexicon folder, absent here: a run should use the built-in lexicons?
pub(crate) fn stands_in_for(dir: &Path) -> bool {
    dir == Path::new(DEFAULT_DIR) && !dir.exists()
}

/// The built-in lexicons, loaded as `load_dir` loads a folder.
pub(crate) fn load() -> Result<LexiconSet, LexiconErrors> {
    let mut set = LexiconSet::default();
    let mut errors = Vec::new();
    for (name, text) in FILES.iter().filter(|(n, _)| n.ends_with(".csv")) {
        let path = PathBuf::from(ORIGIN).join(name);
        match parse_lexicon(&path, text.as_bytes()) {
            Ok(mut lex) => {
                lex.sha256 = super::hex_sha256(text.as_bytes());
                set.warnings.append(&mut lex.warnings);
                if lex.name == super::BOILERPLATE {
                    set.boilerplate = Some(lex);
                } else {
                    set.lexicons.push(lex);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(LexiconErrors(errors));
    }
    set.lexicons
        .sort_by(|a, b| super::column_rank(&a.name).cmp(&super::column_rank(&b.name)));
    set.roles = Roles::of(&set.lexicons);
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_lexicons_are_the_files_of_lexicons_and_load_as_they_do() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_DIR);
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let built: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            on_disk, built,
            "every file of lexicons/ is built in, in name order"
        );
        let (a, b) = (load().unwrap(), super::super::load_dir(&dir).unwrap());
        let names = |s: &LexiconSet| -> Vec<(String, String, usize)> {
            s.files()
                .map(|l| (l.name.clone(), l.sha256.clone(), l.entries.len()))
                .collect()
        };
        assert_eq!(names(&a), names(&b));
        assert_eq!(a.roles, b.roles);
    }

    /// No cell of a default lexicon is one a spreadsheet would run as a formula (`=US` became
    /// `#NAME?` when saved): case-sensitive entries use the `case` column.
    #[test]
    fn the_default_lexicons_survive_a_spreadsheet() {
        for (name, text) in FILES.iter().filter(|(n, _)| n.ends_with(".csv")) {
            let mut rdr = csv::ReaderBuilder::new()
                .comment(Some(b'#'))
                .flexible(true)
                .has_headers(false)
                .from_reader(text.as_bytes());
            for r in rdr.records() {
                let r = r.unwrap();
                for c in r.iter() {
                    let formula =
                        c.starts_with(['=', '+', '@']) || (c.starts_with('-') && c != "-");
                    assert!(
                        !formula,
                        "{name}: cell `{c}` would be a formula in a spreadsheet"
                    );
                }
            }
        }
    }
}
