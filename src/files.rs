//! Reading an input file without trusting what the path names: only regular files are read, and
//! never more than a cap, counted as the bytes arrive.
//!
//! A FIFO named `a.txt` would block a run forever on open or read; a symlink to `/dev/zero`
//! would be read until memory runs out; a file that grows while it is read would pass a size
//! check made before. So: the path's metadata must say "regular file" before it is opened, the
//! opened file must say so again (it may have been swapped in between), it is opened without
//! blocking, and reading stops one byte past the cap.
//!
//! And writing a file a user asked for (`write_new`, `write_replacing`): whole or not at all.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The reason an article over the size limit is skipped.
pub fn too_large(len: usize, limit: usize) -> String {
    format!(
        "article of {:.1} MB is larger than the limit of {} MB; raise --max-article-mb or split it",
        len as f64 / (1 << 20) as f64,
        limit >> 20
    )
}

/// Why a file was not read, without the path: callers say "cannot read PATH: …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// Larger than the cap (its size, or the cap + 1 when it grew while read).
    TooLarge(u64),
    Other(String),
}

/// Opens `path` for reading if it is a regular file (following symlinks), without blocking.
pub fn open_regular(path: &Path) -> Result<File, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let f = open_nonblocking(path).map_err(|e| e.to_string())?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok(f)
}

/// The whole of a regular file of at most `cap` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, NotRead> {
    let f = open_regular(path).map_err(NotRead::Other)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size > cap {
        return Err(NotRead::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    f.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| NotRead::Other(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(NotRead::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

fn not_regular(meta: &std::fs::Metadata) -> String {
    let what = kind(meta);
    format!("not a regular file ({what}); slant reads only regular files")
}

#[cfg(unix)]
fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mkfifo(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn a_fifo_and_a_device_are_refused_at_once() {
        let t = tempfile::TempDir::new().unwrap();
        let fifo = t.path().join("a.txt");
        mkfifo(&fifo);
        let e = read_regular(&fifo, 100).unwrap_err();
        assert_eq!(
            e,
            NotRead::Other("not a regular file (a FIFO); slant reads only regular files".into())
        );
        let zero = t.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(
            matches!(read_regular(&zero, 100), Err(NotRead::Other(m)) if m.contains("a device"))
        );
    }

    #[test]
    fn the_cap_is_kept() {
        let t = tempfile::TempDir::new().unwrap();
        let p = t.path().join("a.txt");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_regular(&p, 10).unwrap(), b"0123456789");
        assert_eq!(read_regular(&p, 9), Err(NotRead::TooLarge(10)));
    }
}
/// The line a CSV record read from `bytes` starts on (`comments`: the reader skips lines
/// starting with `#`). The csv crate places a record where it began to look for it: after a CRLF
/// break (what Excel and Python write) at that break's `\n`, after a comment line at the
/// comment — a line or more before the record. Line breaks and comment lines are stepped over
/// from there.
pub fn csv_line(pos: Option<&csv::Position>, bytes: &[u8], comments: bool) -> u64 {
    let Some(p) = pos else { return 0 };
    let (mut at, mut line) = (usize::try_from(p.byte()).unwrap_or(usize::MAX), p.line());
    loop {
        match bytes.get(at) {
            Some(b'\n') => {
                line += 1;
                at += 1;
            }
            Some(b'\r') => at += 1,
            Some(b'#') if comments => {
                at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
            }
            _ => return line,
        }
    }
}
/// Writes `bytes` to `path`, which must not exist: through a temporary file beside it, linked
/// into place only when complete, so that an interrupted run leaves no half file and a file
/// that appeared meanwhile (a coder's work) is never written over.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temporary(path);
    std::fs::write(&tmp, bytes)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked
}

/// Writes `bytes` to `path` through a temporary file renamed over it: readers see the old file
/// or the new one, never part of one.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temporary(path);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn temporary(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}
