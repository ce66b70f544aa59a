//! The report folder (`--out`): which folders may be one, one run at a time in it, and the one
//! step that replaces its reports.
//!
//! A run never writes into `--out` itself. It locks the folder, writes every file into a new
//! folder beside it (`.NAME.slant-new-…`, on the same file system) and, when all are complete,
//! swaps the two in one atomic step (Linux's `renameat2(RENAME_EXCHANGE)`), then removes the old
//! one. A reader, a killed run or a failed disk therefore sees the old reports or the new ones,
//! never a mix. Where the file system cannot exchange (or off Linux), the old folder is renamed
//! aside and the new one into place: for a moment there is no folder, but never a mixed one.
//!
//! Because the whole folder is replaced, it may hold only what slant writes there, and it must not
//! be, hold or sit inside any input (a corpus folder would read the reports as articles next run;
//! the lexicon folder would lose its lexicons): such a `--out` is refused before anything is
//! read (exit 2).

use crate::error::UsageError;
use crate::report::files;
use crate::report::guard::absolute;
use anyhow::{Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// The prefix of the folders a run writes beside `--out`; `.NAME.slant-new-PID-NANOS`.
const STAGING: &str = "slant-new-";
/// Where the fallback switch puts the old reports for a moment: `.NAME.slant-old-PID-NANOS`.
const OLD: &str = "slant-old-";

/// A locked report folder and the new folder its next reports are written into.
#[derive(Debug)]
pub struct OutDir {
    /// `--out` (a symlink to a folder replaced by its target, so that the link stays a link).
    path: PathBuf,
    /// The open, locked `--out`: no other run writes here while this one lives.
    _lock: File,
    /// The new folder beside `path`; removed unless switched in.
    staging: PathBuf,
    switched: bool,
}

/// The paths a run reads: none of them may be, hold or be inside `--out`.
#[derive(Debug, Default)]
pub struct Inputs<'a> {
    /// Corpus folders and files, manifests, shard folders.
    pub paths: Vec<&'a Path>,
    /// The lexicon folder.
    pub lexicons: Option<&'a Path>,
}

impl OutDir {
    /// Checks `out` against the inputs and its contents, creates and locks it, removes what killed
    /// runs left beside it, and makes the new folder to write into.
    pub fn open(out: &Path, inputs: &Inputs) -> Result<OutDir> {
        let path = resolve(out);
        refuse_inputs(&path, out, inputs)?;
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => refuse_foreign_files(&path, out)?,
            Ok(_) => {
                return Err(anyhow::anyhow!(
                    "cannot create the report folder {}: a file of that name is in the way; give another --out",
                    out.display()
                ))
            }
            Err(_) => std::fs::create_dir_all(&path).with_context(|| {
                format!("cannot create the report folder {}", out.display())
            })?,
        }
        let lock = lock(&path, out)?;
        let (parent, name) = parent_and_name(&path)?;
        remove_abandoned(&parent, &name);
        let staging = make_staging(&parent, &name).with_context(|| {
            format!(
                "cannot write beside the report folder {} (slant writes the new reports into a folder next to it and swaps the two); give an --out in a folder you can write to",
                out.display()
            )
        })?;
        Ok(OutDir {
            path,
            _lock: lock,
            staging,
            switched: false,
        })
    }

    /// The folder this run's files are written into.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The report folder as it is now (the previous run's reports, read by the rerun cache).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the new reports in place of the old ones in one step and removes the old ones.
    /// On an error, `--out` still holds the previous reports, complete.
    pub fn switch(mut self) -> Result<()> {
        // The new folder is locked before it becomes `--out`, so that no other run can start in
        // it before this one has removed the old folder.
        let _new_lock = lock(&self.staging, &self.staging)?;
        match exchange(&self.staging, &self.path) {
            Ok(()) => {
                self.switched = true;
                // `staging` now names the old reports.
                std::fs::remove_dir_all(&self.staging).ok();
                Ok(())
            }
            Err(e) if exchange_unsupported(&e) => self.switch_by_renames(),
            Err(e) => Err(e).with_context(|| {
                format!(
                    "cannot put the new reports in place in {} (the previous reports are unchanged)",
                    self.path.display()
                )
            }),
        }
    }

    /// The switch where the file system cannot exchange two folders: the old folder aside, the new
    /// one in its place; if that fails, the old one back.
    fn switch_by_renames(&mut self) -> Result<()> {
        let (parent, name) = parent_and_name(&self.path)?;
        let old = parent.join(unique_name(&name, OLD));
        std::fs::rename(&self.path, &old).with_context(|| {
            format!(
                "cannot put the new reports in place in {} (the previous reports are unchanged)",
                self.path.display()
            )
        })?;
        if let Err(e) = std::fs::rename(&self.staging, &self.path) {
            return match std::fs::rename(&old, &self.path) {
                Ok(()) => Err(e).with_context(|| {
                    format!(
                        "cannot put the new reports in place in {} (the previous reports are unchanged)",
                        self.path.display()
                    )
                }),
                Err(_) => Err(e).with_context(|| {
                    format!(
                        "cannot put the new reports in place in {}; the previous reports are in {}",
                        self.path.display(),
                        old.display()
                    )
                }),
            };
        }
        self.switched = true;
        std::fs::remove_dir_all(&old).ok();
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.switched {
            std::fs::remove_dir_all(&self.staging).ok();
        }
    }
}

/// `--out` as the folder to replace: a symlink is followed (the link is the user's; the folder it
/// points to holds the reports).
fn resolve(out: &Path) -> PathBuf {
    match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf())
        }
        _ => out.to_path_buf(),
    }
}

fn refuse_inputs(path: &Path, out: &Path, inputs: &Inputs) -> Result<()> {
    let o = absolute(path);
    if o.parent().is_none() {
        return Err(UsageError(format!(
            "--out {} is the root of the file system; give a folder of its own for the reports",
            out.display()
        ))
        .into());
    }
    let named = inputs
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| (*p, "an input"))
        .chain(inputs.lexicons.map(|p| (p, "the lexicon folder")));
    for (input, what) in named {
        let i = absolute(input);
        let why = if i == o {
            format!("is {what}")
        } else if i.starts_with(&o) {
            format!("holds {what}, {}", input.display())
        } else if o.starts_with(&i) {
            format!("is inside {what}, {}", input.display())
        } else {
            continue;
        };
        return Err(UsageError(format!(
            "--out {} {why}: slant replaces that folder with its reports; give a folder of its own for the reports",
            out.display()
        ))
        .into());
    }
    Ok(())
}

/// Is `name` something slant writes in `--out` (a report, or a temporary folder of an older
/// version)?
fn is_ours(name: &str) -> bool {
    crate::report::files::is_output(name) || name.starts_with(".slant-tmp-")
}

/// A non-empty `--out` must hold only slant's files, among them the run.json or shard.json of
/// the run that wrote them: anything else would be lost when the folder is replaced.
fn refuse_foreign_files(path: &Path, out: &Path) -> Result<()> {
    let entries = std::fs::read_dir(path)
        .with_context(|| format!("cannot read the report folder {}", out.display()))?;
    let mut names = Vec::new();
    for e in entries {
        let e = e.with_context(|| format!("cannot read the report folder {}", out.display()))?;
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    let foreign: Vec<&String> = names.iter().filter(|n| !is_ours(n)).collect();
    if !foreign.is_empty() {
        let shown: Vec<String> = foreign.iter().take(3).map(|n| format!("`{n}`")).collect();
        let more = if foreign.len() > 3 {
            format!(" and {} more", foreign.len() - 3)
        } else {
            String::new()
        };
        return Err(UsageError(format!(
            "--out {} holds {}{more}, which slant did not write; slant replaces the whole folder with its reports, so give a new or empty folder, or one that holds only slant's reports",
            out.display(),
            shown.join(", ")
        ))
        .into());
    }
    let reports = names.iter().any(|n| !n.starts_with(".slant-tmp-"));
    if reports
        && !names
            .iter()
            .any(|n| n == files::RUN_JSON || n == files::SHARD_JSON)
    {
        return Err(UsageError(format!(
            "--out {} holds files named like slant's reports but no run.json or shard.json, so slant did not write them; give a new or empty folder",
            out.display()
        ))
        .into());
    }
    Ok(())
}

/// Opens `dir` and takes its exclusive lock, making sure the locked folder is still the one at
/// `dir` (a run that finished meanwhile may have swapped a new one in).
fn lock(dir: &Path, shown: &Path) -> Result<File> {
    for _ in 0..10 {
        let f = File::open(dir)
            .with_context(|| format!("cannot open the report folder {}", shown.display()))?;
        match try_lock(&f) {
            Ok(true) => {}
            Ok(false) => {
                return Err(anyhow::anyhow!(
                "another slant run is writing to {}; wait for it to finish or give another --out",
                shown.display()
            ))
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot lock the report folder {}", shown.display()))
            }
        }
        if same_file(&f, dir) {
            return Ok(f);
        }
    }
    Err(anyhow::anyhow!(
        "cannot lock the report folder {}: other runs keep replacing it; wait for them to finish or give another --out",
        shown.display()
    ))
}

/// An exclusive lock on an open folder, not waiting: false if another process holds it. (std's
/// `File::try_lock` would need Rust 1.89; the crate builds with 1.85.) The lock goes with the
/// file descriptor, so a killed run's lock goes with it.
#[cfg(unix)]
fn try_lock(f: &File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this File owns and keeps open.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.kind() == std::io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Off Unix, runs are not locked against each other (docs/reliability.md).
#[cfg(not(unix))]
fn try_lock(_: &File) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(unix)]
fn same_file(f: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

fn parent_and_name(path: &Path) -> Result<(PathBuf, String)> {
    let abs = absolute(path);
    match (abs.parent(), abs.file_name()) {
        (Some(p), Some(n)) => Ok((p.to_path_buf(), n.to_string_lossy().into_owned())),
        _ => Err(anyhow::anyhow!(
            "--out {} has no parent folder to write the new reports in; give a folder of its own",
            path.display()
        )),
    }
}

/// `.NAME.slant-new-PID-NANOS`: the process id alone is not unique (two containers both run as
/// process 1).
fn unique_name(name: &str, kind: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(".{name}.{kind}{}-{nanos:x}", std::process::id())
}

fn make_staging(parent: &Path, name: &str) -> std::io::Result<PathBuf> {
    loop {
        let p = parent.join(unique_name(name, STAGING));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the folders that killed runs left beside `--out`. Only the holder of `--out`'s lock
/// makes them, so while this run holds it every one of them is abandoned.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.{STAGING}"), format!(".{name}.{OLD}")];
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            std::fs::remove_dir_all(e.path()).ok();
        }
    }
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The errors of a file system or kernel that cannot exchange (EINVAL, ENOSYS, ENOTSUP).
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if let Some(code) = e.raw_os_error() {
        return matches!(code, libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP);
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switch_replaces_the_whole_folder_and_leaves_nothing_beside_it() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("reports");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("run.json"), "old").unwrap();
        std::fs::write(out.join("hits.csv"), "old").unwrap();
        let dir = OutDir::open(&out, &Inputs::default()).unwrap();
        std::fs::write(dir.staging().join("run.json"), "new").unwrap();
        dir.switch().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("run.json")).unwrap(),
            "new"
        );
        assert!(
            !out.join("hits.csv").exists(),
            "no stale file of the old run"
        );
        let beside: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "only the report folder is left");
    }

    #[test]
    fn a_run_that_does_not_switch_leaves_the_old_reports() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("reports");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("run.json"), "old").unwrap();
        {
            let dir = OutDir::open(&out, &Inputs::default()).unwrap();
            std::fs::write(dir.staging().join("run.json"), "new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("run.json")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_second_run_in_the_same_folder_is_refused_while_the_first_holds_it() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("reports");
        let first = OutDir::open(&out, &Inputs::default()).unwrap();
        let err = OutDir::open(&out, &Inputs::default()).unwrap_err();
        assert!(err.to_string().contains("another slant run"), "{err}");
        first.switch().unwrap();
        OutDir::open(&out, &Inputs::default()).unwrap();
    }

    #[test]
    fn the_fallback_switch_by_renames_gives_the_same_folder() {
        let root = tempfile::TempDir::new().unwrap();
        let out = root.path().join("reports");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("run.json"), "old").unwrap();
        let mut dir = OutDir::open(&out, &Inputs::default()).unwrap();
        std::fs::write(dir.staging().join("run.json"), "new").unwrap();
        dir.switch_by_renames().unwrap();
        drop(dir);
        assert_eq!(
            std::fs::read_to_string(out.join("run.json")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
