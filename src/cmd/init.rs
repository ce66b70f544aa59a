//! `slant init DIR`: the default lexicons, built into slant, written out to be edited.

use anyhow::Result;
use std::path::Path;

pub fn run(dir: &Path) -> Result<()> {
    let written = crate::lexicon::builtin::init(dir)?;
    eprintln!(
        "slant: wrote {} files into {}; edit them, then run `slant check {}` and `slant score INPUT --lexicons {}`",
        written.len(),
        crate::term::for_stderr(&dir.display().to_string()),
        crate::term::for_stderr(&dir.display().to_string()),
        crate::term::for_stderr(&dir.display().to_string()),
    );
    Ok(())
}

/// Says, unless `quiet`, that the lexicons built into slant stand in for a missing folder.
pub fn note_built_in(set: &crate::lexicon::LexiconSet, quiet: bool) {
    if set.built_in && !quiet {
        eprintln!(
            "slant: note: no lexicons/ folder here: using the default lexicons built into slant (`slant init DIR` writes them out to edit)"
        );
    }
}
