//! Reading an input file without trusting what the path names: only regular files are read, and
//! never more than a cap, counted as the bytes arrive.
//!
//! A FIFO named `a.txt` would block a run forever on open or read; a symlink to `/dev/zero`
//! would be read until memory runs out; a file that grows while it is read would pass a size
//! check made before. So: the path's metadata must say "regular file" before it is opened, the
//! opened file must say so again (it may have been swapped in between), it is opened without
//! blocking, and reading stops one byte past the cap.
//!
//! Every file slant reads comes through here: articles and manifests (`read_regular`), its own
//! reports, run.json, shard.json and coded samples (`read_own`, `open_stream`), which also
//! refuse UTF-16 by name and cap what one line may hold. (Writing is `report::guard`'s.)

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The reason an article over the size limit is skipped.
pub(crate) fn too_large(len: usize, limit: usize) -> String {
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
pub(crate) fn open_regular(path: &Path) -> Result<File, String> {
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
pub(crate) fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, NotRead> {
    let f = open_regular(path).map_err(NotRead::Other)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size > cap {
        return Err(NotRead::TooLarge(size));
    }
    // The size comes from the file system and may be a sparse file's: memory for it is asked
    // for, not assumed, so that a file larger than memory is a message, not an abort.
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|_| NotRead::Other(out_of_memory(size)))?;
    f.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| NotRead::Other(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(NotRead::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The SHA-256 of a regular file of at most `cap` bytes, streamed: what `read_regular` would
/// give, hashed, with the same refusals but for want of memory (it holds none of the file). A
/// shard hashes the articles of other shards with it (`corpus::identity`).
pub(crate) fn digest_regular(path: &Path, cap: u64) -> Result<[u8; 32], NotRead> {
    use sha2::{Digest, Sha256};
    let f = open_regular(path).map_err(NotRead::Other)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size > cap {
        return Err(NotRead::TooLarge(size));
    }
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f.take(cap.saturating_add(1)), &mut h)
        .map_err(|e| NotRead::Other(e.to_string()))?;
    if n > cap {
        return Err(NotRead::TooLarge(n));
    }
    Ok(h.finalize().into())
}

/// Why a file could not be read whole for want of memory.
pub(crate) fn out_of_memory(size: u64) -> String {
    format!(
        "not enough memory to read its {:.1} MB; free memory or give slant a machine with more",
        size as f64 / (1 << 20) as f64
    )
}

/// The most slant reads whole of one of its own files or a coded sample (a report table,
/// run.json, shard.json): far above what any run writes, far below what would exhaust memory
/// unnoticed.
pub(crate) const MAX_WHOLE: u64 = 4 << 30;

/// The most slant streams of one file (hits.csv of a very large run): a sparse or endless
/// file stops here instead of being read for hours.
pub(crate) const MAX_STREAMED: u64 = 1 << 40;

/// The longest line of a streamed report: the csv reader holds a record whole, and a file of
/// zeros (a sparse file) is one endless line. A hits.csv row is bounded by the article size
/// limit (its `context` is a window), so this is far above any slant wrote.
pub(crate) const MAX_LINE: u64 = 1 << 28;

/// The encoding of a file that starts with `start`, when it plainly is not UTF-8: a UTF-16 or
/// UTF-32 byte order mark, or the zero bytes that UTF-16 puts beside every ASCII letter. (What
/// a spreadsheet saves as "Unicode text" is UTF-16.)
pub(crate) fn foreign_encoding(start: &[u8]) -> Option<&'static str> {
    match start {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32LE"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32BE"),
        [0xFF, 0xFE, ..] => Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => Some("UTF-16BE"),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("UTF-16LE (without a byte order mark)"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("UTF-16BE (without a byte order mark)"),
        _ => None,
    }
}

/// `bytes` as UTF-8 when they are UTF-16 (with or without a byte order mark): a coded sample
/// saved by a spreadsheet as "Unicode text" is read as the same sample. None for any other
/// encoding (UTF-8 bytes are read as they are).
pub(crate) fn utf16_as_utf8(bytes: &[u8]) -> Option<String> {
    let enc = foreign_encoding(bytes)?;
    let (codec, body) = if enc.starts_with("UTF-16LE") {
        (
            encoding_rs::UTF_16LE,
            bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes),
        )
    } else if enc.starts_with("UTF-16BE") {
        (
            encoding_rs::UTF_16BE,
            bytes.strip_prefix(&[0xFE, 0xFF]).unwrap_or(bytes),
        )
    } else {
        return None;
    };
    Some(codec.decode_without_bom_handling(body).0.into_owned())
}

/// What to say of a file in an encoding slant does not read: its name, and what to do.
fn encoding_refused(path: &Path, enc: &str) -> String {
    format!(
        "cannot read {}: it is {enc} text, not the UTF-8 that slant writes; was it saved again by another program? Save it as UTF-8 (CSV UTF-8 in a spreadsheet), or give the file slant wrote",
        path.display()
    )
}

/// A file slant reads whole (a report table, run.json, shard.json): a regular file of at most
/// `cap` bytes, in UTF-8 (a UTF-16 file is refused by name). Errors name the path.
pub(crate) fn read_own(path: &Path, cap: u64) -> anyhow::Result<Vec<u8>> {
    let bytes = read_regular(path, cap).map_err(|e| anyhow::anyhow!(describe(path, &e, cap)))?;
    if let Some(enc) = foreign_encoding(&bytes) {
        anyhow::bail!(encoding_refused(path, enc));
    }
    Ok(bytes)
}

/// "cannot read PATH: …" for a file that was not read.
pub(crate) fn describe(path: &Path, e: &NotRead, cap: u64) -> String {
    match e {
        NotRead::TooLarge(n) => format!(
            "cannot read {}: {:.1} MB, over the limit of {:.0} MB for this file; is it the file slant wrote?",
            path.display(),
            *n as f64 / (1 << 20) as f64,
            cap as f64 / (1 << 20) as f64
        ),
        NotRead::Other(m) => format!("cannot read {}: {m}", path.display()),
    }
}

/// A report read as a stream (hits.csv may be gigabytes): a regular file, in UTF-8, at most
/// `MAX_STREAMED` bytes and `MAX_LINE` bytes a line, counted as the bytes arrive. Past either
/// limit the read fails with a message naming the file.
pub(crate) struct Stream {
    file: std::io::BufReader<File>,
    path: std::path::PathBuf,
    read: u64,
    line: u64,
    cap: u64,
    max_line: u64,
}

/// Opens a report for streaming (`Stream`).
pub(crate) fn open_stream(path: &Path) -> anyhow::Result<Stream> {
    open_stream_capped(path, MAX_STREAMED, MAX_LINE)
}

fn open_stream_capped(path: &Path, cap: u64, max_line: u64) -> anyhow::Result<Stream> {
    use std::io::{Seek, SeekFrom};
    let mut f =
        open_regular(path).map_err(|e| anyhow::anyhow!(describe(path, &NotRead::Other(e), cap)))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size > cap {
        anyhow::bail!(describe(path, &NotRead::TooLarge(size), cap));
    }
    let mut start = [0u8; 4];
    let n = read_up_to(&mut f, &mut start)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if let Some(enc) = foreign_encoding(&start[..n]) {
        anyhow::bail!(encoding_refused(path, enc));
    }
    f.seek(SeekFrom::Start(0))
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    Ok(Stream {
        file: std::io::BufReader::with_capacity(1 << 16, f),
        path: path.to_path_buf(),
        read: 0,
        line: 0,
        cap,
        max_line,
    })
}

/// Reads into `buf` until it is full or the file ends.
fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read += n as u64;
        if self.read > self.cap {
            return Err(self.invalid(format!(
                "it grew past the limit of {} GB while read",
                self.cap >> 30
            )));
        }
        self.line = match memchr::memrchr(b'\n', &buf[..n]) {
            Some(at) => (n - at - 1) as u64,
            None => self.line + n as u64,
        };
        if self.line > self.max_line {
            return Err(self.invalid(format!(
                "a line of it is over {} MB long, which no report of slant's is; is it damaged, or not the file slant wrote?",
                self.max_line >> 20
            )));
        }
        Ok(n)
    }
}

impl Stream {
    fn invalid(&self, why: String) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("cannot read {}: {why}", self.path.display()),
        )
    }
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
        // Hashed without reading it into memory: the same bytes, the same refusals.
        use sha2::Digest;
        let want: [u8; 32] = sha2::Sha256::digest(b"0123456789").into();
        assert_eq!(digest_regular(&p, 10), Ok(want));
        assert_eq!(digest_regular(&p, 9), Err(NotRead::TooLarge(10)));
        let fifo = t.path().join("f.txt");
        mkfifo(&fifo);
        assert!(matches!(digest_regular(&fifo, 10), Err(NotRead::Other(m)) if m.contains("FIFO")));
    }
}
/// The line a CSV record read from `bytes` starts on (`comments`: the reader skips lines
/// starting with `#`). The csv crate places a record where it began to look for it: after a CRLF
/// break (what Excel and Python write) at that break's `\n`, after a comment line at the
/// comment — a line or more before the record. Line breaks and comment lines are stepped over
/// from there.
pub(crate) fn csv_line(pos: Option<&csv::Position>, bytes: &[u8], comments: bool) -> u64 {
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
