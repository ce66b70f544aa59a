//! `slant init DIR`: the default lexicons, built into slant, written out to be edited.

use crate::lexicon::builtin::FILES;
use crate::report::guard::{Batch, Guard};
use anyhow::Result;
use std::path::{Path, PathBuf};

pub fn run(dir: &Path) -> Result<()> {
    let written = write(dir)?;
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

/// Writes the built-in lexicons into `dir` (created if need be), all or none: refused, writing
/// nothing, when any of the files is there already (an edited lexicon is never overwritten), or
/// when `dir` holds files of anyone else's; each file goes to a temporary name first, and only
/// when all are complete are they linked into place, so that a full disk leaves no truncated
/// lexicon that `check` would call valid.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>> {
    let taken: Vec<String> = FILES
        .iter()
        .map(|(n, _)| dir.join(n))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(crate::error::UsageError(format!(
            "{} already exist; slant init never overwrites a lexicon (give an empty or new folder, or move them away)",
            taken.join(", ")
        ))
        .into());
    }
    Guard::new("init").folder(dir, "DIR", &[])?;
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    let mut batch = Batch::default();
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        batch.stage(&path, text.as_bytes()).map_err(|e| {
            anyhow::anyhow!(
                "cannot write {}: {e} (nothing was written into {})",
                path.display(),
                dir.display()
            )
        })?;
        written.push(path);
    }
    batch.create().map_err(|e| {
        anyhow::anyhow!(
            "cannot write the lexicons into {}: {e} (nothing was written)",
            dir.display()
        )
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_them_out_and_never_overwrites() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = tmp.path().join("my-lexicons");
        let written = write(&dir).unwrap();
        assert_eq!(written.len(), FILES.len());
        assert_eq!(
            std::fs::read_to_string(dir.join("tone.csv")).unwrap(),
            FILES.iter().find(|(n, _)| *n == "tone.csv").unwrap().1
        );
        std::fs::write(dir.join("tone.csv"), "pattern,category\nedited,positive\n").unwrap();
        let e = write(&dir).unwrap_err().to_string();
        assert!(e.contains("never overwrites"), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.join("tone.csv")).unwrap(),
            "pattern,category\nedited,positive\n"
        );
    }
}
