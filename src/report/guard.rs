//! Where a command may write, and how: one check for every file and folder any command writes
//! (`kwic --csv`, `diff --csv`, `sample --out`, `validate --out`, `init DIR`; `score` and `merge`
//! replace a whole report folder through `outdir`, which shares the path rules here), and the
//! writes themselves, whole or not at all.
//!
//! A command names what it reads (`Guard::input`) and the lexicon folder it knows of; a path to
//! write is refused (exit 2, before anything is read or written) when it is
//! - an input of the same command, inside an input folder, or a folder that holds an input;
//! - inside a lexicon folder: the command's `--lexicons`, `lexicons/` here, or any folder that
//!   holds a lexicon file (every `.csv` there would be read as a lexicon by the next run);
//! - inside a report folder of `score` (the next run replaces that folder whole, or refuses it
//!   for holding a file it did not write);
//! - a file slant did not write: an existing file is replaced only when its first line is the
//!   header that this command writes there; a folder is written into only when it holds nothing
//!   but this command's files; a FIFO, device or symbolic link never.
//!
//! Every file is written to a temporary name beside its place (`.NAME.slant-tmp-…`) and renamed
//! (or linked, for a file that must be new) into place only when complete: a full disk or a
//! kill leaves the old file whole, and no half file.

use crate::error::UsageError;
use std::path::{Component, Path, PathBuf};

/// What a command reads, which nothing it writes may touch.
#[derive(Debug, Default)]
pub(crate) struct Guard<'a> {
    /// The command, as the user types it (`kwic`), for messages.
    command: &'a str,
    /// Files and folders it reads: corpus inputs, manifests, report folders, coded samples.
    inputs: Vec<&'a Path>,
    /// Lexicon folders it knows of (its `--lexicons`), beside `lexicons/` here.
    lexicons: Vec<&'a Path>,
}

/// What may be done with a file already at the path to write.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Existing<'a> {
    /// Nothing: the file is never written over (sample.csv may hold hours of coding).
    Kept,
    /// Replaced when slant wrote it: its first line is this CSV header.
    Header(&'a [&'a str]),
}

/// The marks of a folder that `slant score` or `merge` wrote (report::files' names; kept here
/// as plain names so that the guard needs no report list).
const RUN_MARKS: &[&str] = &["run.json", "shard.json"];

/// The name every temporary file of the guard carries: `.NAME.slant-tmp-PID-NANOS`.
const TMP: &str = ".slant-tmp-";

impl<'a> Guard<'a> {
    pub(crate) fn new(command: &'a str) -> Guard<'a> {
        Guard {
            command,
            ..Guard::default()
        }
    }

    /// A file or folder the command reads.
    pub(crate) fn input(mut self, path: &'a Path) -> Guard<'a> {
        if path.as_os_str() != "-" {
            self.inputs.push(path);
        }
        self
    }

    /// Files and folders the command reads.
    pub(crate) fn inputs(mut self, paths: impl IntoIterator<Item = &'a PathBuf>) -> Guard<'a> {
        for p in paths {
            self = self.input(p);
        }
        self
    }

    /// A lexicon folder the command knows of.
    pub(crate) fn lexicons(mut self, dir: &'a Path) -> Guard<'a> {
        self.lexicons.push(dir);
        self
    }

    /// Checks a file to write, given with `flag` (`--csv`), before anything is read or written.
    pub(crate) fn file(
        &self,
        path: &Path,
        flag: &str,
        existing: Existing,
    ) -> Result<(), UsageError> {
        let refuse = |why: String| {
            UsageError(format!(
                "{flag} {}: {why}; slant {} writes over no input, lexicon or file of yours: give another {flag}",
                path.display(),
                self.command
            ))
        };
        let kind = std::fs::symlink_metadata(path).ok();
        if let Some(m) = &kind {
            if let Some(why) = not_a_plain_file(m) {
                return Err(refuse(why));
            }
        }
        let abs = absolute(path);
        if let Some(why) = self.touches_input(path, &abs, false) {
            return Err(refuse(why));
        }
        if let Some(why) = self.in_lexicons(&abs) {
            return Err(refuse(why));
        }
        if let Some(parent) = abs.parent() {
            if let Some(why) = folder_of_others(parent) {
                return Err(refuse(format!(
                    "it would go into {}, {why}",
                    parent.display()
                )));
            }
        }
        if kind.is_some() {
            match existing {
                Existing::Kept => {
                    return Err(UsageError(format!(
                        "{} exists (it may hold your coding); slant {} never writes over it: give another {flag}, or move it away first",
                        path.display(),
                        self.command
                    )))
                }
                Existing::Header(header) => {
                    if !written_by_slant(path, header) {
                        return Err(refuse(format!(
                            "the file there was not written by slant {} (its first line is not the header {} writes)",
                            self.command, self.command
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks a folder to write into, given with `flag`: it may hold only `own` (each file name
    /// with its header), written by an earlier run of the same command.
    pub(crate) fn folder(
        &self,
        path: &Path,
        flag: &str,
        own: &[(&str, Existing)],
    ) -> Result<(), UsageError> {
        let refuse = |why: String| {
            UsageError(format!(
                "{flag} {}: {why}; slant {} writes over no input, lexicon or file of yours: give a new or empty folder",
                path.display(),
                self.command
            ))
        };
        if let Ok(m) = std::fs::symlink_metadata(path) {
            let is_dir = m.is_dir() || (m.file_type().is_symlink() && path.is_dir());
            if !is_dir {
                return Err(refuse("it is not a folder".into()));
            }
        }
        let abs = absolute(path);
        if let Some(why) = self.touches_input(path, &abs, true) {
            return Err(refuse(why));
        }
        if let Some(why) = self.in_lexicons(&abs) {
            return Err(refuse(why));
        }
        if let Some(why) = folder_of_others(&abs) {
            return Err(refuse(format!("it is {why}")));
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            return Ok(());
        };
        let mut foreign = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.contains(TMP) {
                continue;
            }
            match own.iter().find(|(n, _)| *n == name) {
                None => foreign.push(name),
                Some((_, existing)) => {
                    self.file(&e.path(), flag, *existing)?;
                }
            }
        }
        foreign.sort();
        if !foreign.is_empty() {
            let shown: Vec<String> = foreign.iter().take(3).map(|n| format!("`{n}`")).collect();
            let more = match foreign.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            return Err(refuse(format!(
                "it holds {}{more}, which slant {} did not write",
                shown.join(", "),
                self.command
            )));
        }
        Ok(())
    }

    /// Why `path` (absolute: `abs`) is, holds (a folder: `folder`) or sits inside an input.
    fn touches_input(&self, path: &Path, abs: &Path, folder: bool) -> Option<String> {
        for input in &self.inputs {
            let i = absolute(input);
            let why = if i == *abs || same_file(path, input) {
                "it is an input of this command".to_owned()
            } else if abs.starts_with(&i) {
                format!("it is inside {}, an input of this command", input.display())
            } else if folder && i.starts_with(abs) {
                format!("it holds {}, an input of this command", input.display())
            } else {
                continue;
            };
            return Some(why);
        }
        None
    }

    /// Why `abs` is or sits inside a lexicon folder: one the command reads (`--lexicons`), or
    /// `lexicons/` here when it holds lexicons (`init lexicons` into an empty one is fine).
    fn in_lexicons(&self, abs: &Path) -> Option<String> {
        let here = Path::new(crate::lexicon::builtin::DEFAULT_DIR);
        let here = (lexicon_in(here).is_some()).then_some(here);
        for dir in self.lexicons.iter().copied().chain(here) {
            if abs.starts_with(absolute(dir)) {
                return Some(format!(
                    "it is in the lexicon folder {}, whose every .csv a run reads as a lexicon",
                    dir.display()
                ));
            }
        }
        None
    }
}

/// Why a file system entry at a path to write is no plain file slant may replace.
fn not_a_plain_file(m: &std::fs::Metadata) -> Option<String> {
    let t = m.file_type();
    if t.is_symlink() {
        Some(
            "it is a symbolic link (slant would replace the link, not write where it points)"
                .into(),
        )
    } else if t.is_dir() {
        Some("it is a folder, not a file".into())
    } else if !t.is_file() {
        Some("it is not a regular file (a FIFO or a device)".into())
    } else {
        None
    }
}

/// Why a folder belongs to someone else's files: it holds lexicons, or a run's reports.
fn folder_of_others(dir: &Path) -> Option<String> {
    if let Some(lexicon) = lexicon_in(dir) {
        return Some(format!(
            "a folder of lexicons (it holds {lexicon}), whose every .csv a run would read as a lexicon"
        ));
    }
    RUN_MARKS.iter().find(|m| dir.join(m).is_file()).map(|m| {
        format!(
            "a report folder of slant (it holds {m}), which the next run into it replaces whole"
        )
    })
}

/// The name of a lexicon file in `dir`, if it holds one: a `.dic`, `.dicx`, `.yml` or `.yaml`
/// file, or a `.csv` whose header has `pattern` and `category` and only a lexicon's columns
/// (what `lexicon::load_dir` would read). Only the first 10,000 entries are looked at: a folder that large is a corpus.
fn lexicon_in(dir: &Path) -> Option<String> {
    let entries = std::fs::read_dir(dir).ok()?;
    for e in entries.flatten().take(10_000) {
        let name = e.file_name().to_string_lossy().into_owned();
        let ext = name.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase());
        let lexicon = match ext.as_deref() {
            Some("dic" | "dicx" | "yml" | "yaml") => true,
            Some("csv") => has_lexicon_header(&e.path()),
            _ => false,
        };
        if lexicon {
            return Some(name);
        }
    }
    None
}

fn has_lexicon_header(path: &Path) -> bool {
    let Some(text) = first_bytes(path, 64 << 10) else {
        return false;
    };
    let text = String::from_utf8_lossy(&text);
    let Some(header) = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    let cells: Vec<String> = header
        .split([',', ';'])
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    // Only a lexicon's own columns: sample.csv and hits.csv have `pattern` and `category` too.
    let known = crate::lexicon::COLUMNS;
    cells.iter().all(|c| known.contains(&c.as_str()))
        && cells.iter().any(|c| c == "pattern")
        && cells.iter().any(|c| c == "category")
}

/// The first `n` bytes of a regular file (never blocking on a FIFO).
fn first_bytes(path: &Path, n: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let f = crate::files::open_regular(path).ok()?;
    let mut out = Vec::new();
    f.take(n).read_to_end(&mut out).ok()?;
    Some(out)
}

/// Whether the file at `path` starts with the CSV header slant writes there.
fn written_by_slant(path: &Path, header: &[&str]) -> bool {
    let want = header.join(",");
    let Some(start) = first_bytes(path, want.len() as u64 + 8) else {
        return false;
    };
    let start = start.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&start);
    let line = start.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line == want.as_bytes()
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// An absolute, `..`-free form of `p` for comparing paths: the longest existing ancestor
/// canonicalized (symlinks resolved), the rest appended.
pub(crate) fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut rest = Vec::new();
    let mut cur = joined.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(cur) {
            let mut r = c;
            for part in rest.iter().rev() {
                r.push(part);
            }
            return lexically_normal(&r);
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                cur = parent;
            }
            _ => return lexically_normal(&joined),
        }
    }
}

/// `a/./b/../c` → `a/c`.
pub(crate) fn lexically_normal(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Files written together: each to a temporary name beside its place first, then all put in
/// place. A failure while writing (a full disk) leaves every old file as it was and removes the
/// temporary ones.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Batch {
    /// Writes `bytes` to a temporary file beside `dest`.
    pub(crate) fn stage(&mut self, dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = write_temporary(dest, bytes)?;
        self.staged.push((tmp, dest.to_path_buf()));
        Ok(())
    }

    /// Renames every staged file over its place: readers see each old file or its new one.
    pub(crate) fn replace(mut self) -> std::io::Result<()> {
        for (tmp, dest) in std::mem::take(&mut self.staged) {
            if let Err(e) = std::fs::rename(&tmp, &dest) {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
        Ok(())
    }

    /// Links every staged file into its place, which must be free; if one cannot be, those
    /// already linked are removed again, so that nothing or everything is written.
    pub(crate) fn create(mut self) -> std::io::Result<()> {
        let staged = std::mem::take(&mut self.staged);
        let mut linked: Vec<&PathBuf> = Vec::new();
        let mut result = Ok(());
        for (tmp, dest) in &staged {
            match std::fs::hard_link(tmp, dest) {
                Ok(()) => linked.push(dest),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_err() {
            for dest in linked {
                let _ = std::fs::remove_file(dest);
            }
        }
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        result
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Writes `bytes` to `path`, which must not exist, whole or not at all (a file that appeared
/// meanwhile, a coder's work, is never written over).
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut b = Batch::default();
    b.stage(path, bytes)?;
    b.create()
}

/// Writes `bytes` over `path`, whole or not at all: readers see the old file or the new one.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut b = Batch::default();
    b.stage(path, bytes)?;
    b.replace()
}

/// A new temporary file beside `dest` holding `bytes`; on a failure it is removed. Made with
/// `create_new`, so that nothing already there (a FIFO planted under the name) is opened.
fn write_temporary(dest: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let name = dest
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    for attempt in 0u32.. {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let tmp = dest.with_file_name(format!(
            ".{name}{TMP}{}-{nanos:x}{attempt}",
            std::process::id()
        ));
        let mut f = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => continue,
            Err(e) => return Err(e),
        };
        let written = f.write_all(bytes).and_then(|()| f.flush());
        if let Err(e) = written {
            drop(f);
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        return Ok(tmp);
    }
    Err(std::io::Error::other("no free temporary name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_compared_without_dots() {
        assert_eq!(
            lexically_normal(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
        let here = std::env::current_dir().unwrap();
        let here = std::fs::canonicalize(here).unwrap();
        assert_eq!(absolute(Path::new("x/../y/z")), here.join("y/z"));
    }

    #[test]
    fn a_batch_that_cannot_link_every_file_leaves_none() {
        let t = tempfile::TempDir::new().unwrap();
        let (a, b) = (t.path().join("a.csv"), t.path().join("b.csv"));
        std::fs::write(&b, "mine").unwrap();
        let mut batch = Batch::default();
        batch.stage(&a, b"new a").unwrap();
        batch.stage(&b, b"new b").unwrap();
        assert!(batch.create().is_err());
        assert!(!a.exists(), "a.csv was linked, then removed again");
        assert_eq!(std::fs::read(&b).unwrap(), b"mine");
        let left: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
    }

    #[test]
    fn only_a_file_with_the_header_slant_writes_is_its_own() {
        let t = tempfile::TempDir::new().unwrap();
        let p = t.path().join("k.csv");
        std::fs::write(&p, "a,b\r\n1,2\n").unwrap();
        assert!(written_by_slant(&p, &["a", "b"]));
        assert!(!written_by_slant(&p, &["a", "b", "c"]));
        std::fs::write(&p, "pattern,category\n").unwrap();
        assert!(!written_by_slant(&p, &["a", "b"]));
        assert_eq!(lexicon_in(t.path()).as_deref(), Some("k.csv"));
    }
}
