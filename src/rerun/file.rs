//! The file rerun-cache.bin: writing it as articles are scored, reading it back with every part
//! checked against its checksum before it is used.

use super::payload::decode;
use super::policy::{folds_into_ascii, Header, Key};
use crate::score::Scored;
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The cache's file name in the report folder.
pub(crate) const FILE: &str = "rerun-cache.bin";

pub(super) const MAGIC: &[u8; 8] = b"SLANTRC1";

/// Where one article's results are: its payload in the cache file, its rows in hits.csv, and
/// the checksums of both.
#[derive(Debug, Clone, Copy)]
pub(super) struct Loc {
    at: u64,
    len: u32,
    hits_at: u64,
    hits_len: u64,
    sum: u64,
    hits_sum: u64,
}

pub(super) const INDEX_ENTRY: usize = 16 + 8 + 4 + 8 + 8 + 8 + 8;

/// Count, index offset, hits.csv size, header checksum, index checksum, magic.
pub(super) const FOOTER: usize = 6 * 8;

/// A 64-bit checksum (it finds damage, not forgery: not a cryptographic hash). Each 8-byte word
/// goes through a bijection of the running state (xor, multiplication by an odd constant,
/// rotation), so a change within any one word always changes the sum; wider changes go unseen
/// with odds of about one in 2^64.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut h = (bytes.len() as u64 ^ 0x51a7_c0de).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = step(h, u64::from_le_bytes(b));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(b));
    }
    h ^ (h >> 32)
}

/// An article taken from the last run's cache: its data, its payload (the next cache keeps it
/// as it is) and, when hits are reported, its rows of the last hits.csv with their checksum.
pub struct Reused {
    pub scored: Scored,
    pub payload: Vec<u8>,
    pub hits: Option<(Vec<u8>, u64)>,
}

/// Why a cached article was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// Not in the cache, or the edit may change it: scored as usual.
    Rescore,
    /// Its payload or its rows of hits.csv do not match their checksums: scored again, and the
    /// run says how many.
    Damaged,
}

/// The cache of the last run, opened for reuse.
pub struct Reader {
    file: File,
    hits: Option<File>,
    index: FxHashMap<Key, Loc>,
    /// Finds the triggers of the edited entries in an article's text.
    triggers: Option<AhoCorasick>,
    /// The length of the last hits.csv: no reused article's rows may reach past it.
    hits_size: u64,
    /// The cache file's length, measured once at open: no payload may reach past it.
    size: u64,
}

/// The longest header a cache may have: the lexicons' fingerprints, far less than this even
/// for a lexicon of a million entries.
const MAX_HEADER: u64 = 1 << 30;

/// `len` bytes of `file` from where it is, with the memory for them asked for, not assumed.
fn read_vec(file: &mut File, len: u64) -> Result<Vec<u8>, String> {
    let len = usize::try_from(len).map_err(|_| "too large for this machine".to_owned())?;
    let mut v = Vec::new();
    v.try_reserve_exact(len)
        .map_err(|_| format!("too large to read ({len} bytes; not enough memory)"))?;
    v.resize(len, 0);
    file.read_exact(&mut v)
        .map_err(|_| "truncated".to_owned())?;
    Ok(v)
}

/// The index's entries by key (`raw`: whole entries, checked against their checksum).
fn parse_index(raw: &[u8]) -> FxHashMap<Key, Loc> {
    let mut index = FxHashMap::default();
    index.reserve(raw.len() / INDEX_ENTRY);
    for e in raw.chunks_exact(INDEX_ENTRY) {
        let mut k = [0u8; 16];
        k.copy_from_slice(&e[..16]);
        let u = |a: usize, b: usize| {
            let mut w = [0u8; 8];
            w[..b - a].copy_from_slice(&e[a..b]);
            u64::from_le_bytes(w)
        };
        let loc = Loc {
            at: u(16, 24),
            len: u(24, 28) as u32,
            hits_at: u(28, 36),
            hits_len: u(36, 44),
            sum: u(44, 52),
            hits_sum: u(52, 60),
        };
        index.insert(k, loc);
    }
    index
}

impl Reader {
    /// Opens the cache in the report folder `out`, if the last run left one that `now` can use;
    /// `hits` is that folder's hits.csv, which the cache points into. `Ok(None)`: there is none;
    /// `Err`: there is one and why it cannot be used.
    pub fn open(out: &Path, hits: &Path, now: &Header) -> Result<Option<Reader>, String> {
        let path = out.join(FILE);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        // A FIFO planted under the cache's name would block the run on open: regular files only.
        let mut file = crate::files::open_regular(&path)
            .map_err(|e| format!("{} cannot be used: {e}", path.display()))?;
        let broken = |what: &str| format!("{} is {what}", path.display());
        let mut magic = [0u8; 8];
        file.read_exact(&mut magic)
            .map_err(|_| broken("truncated"))?;
        if &magic != MAGIC {
            return Err(broken("not a slant cache"));
        }
        let size = file.metadata().map_err(|e| e.to_string())?.len();
        let header_len = read_u64(&mut file).map_err(|_| broken("truncated"))?;
        // The lengths come from the file: checked against its size and a cap before any memory
        // is taken for them (a sparse file can claim 64 GiB at no cost).
        if header_len > size || header_len > MAX_HEADER {
            return Err(broken("damaged"));
        }
        let json = read_vec(&mut file, header_len).map_err(|e| broken(&e))?;
        if size < FOOTER as u64 {
            return Err(broken("truncated"));
        }
        let mut footer = [0u8; FOOTER];
        read_exact_at(&file, &mut footer, size - FOOTER as u64).map_err(|_| broken("truncated"))?;
        let word =
            |i: usize| u64::from_le_bytes(footer[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        let (count, index_at, hits_size, header_sum, index_sum) =
            (word(0), word(1), word(2), word(3), word(4));
        if &footer[40..] != MAGIC
            || index_at.checked_add(count.saturating_mul(INDEX_ENTRY as u64))
                != Some(size - FOOTER as u64)
        {
            return Err(broken("damaged (the run that wrote it did not finish)"));
        }
        if checksum(&json) != header_sum {
            return Err(broken("damaged (its header does not match its checksum)"));
        }
        let old: Header = serde_json::from_slice(&json).map_err(|_| broken("damaged"))?;
        let triggers = now.changed_triggers(&old)?;
        let hits = if now.keep_hits {
            let f = crate::files::open_regular(hits)
                .map_err(|e| format!("the last run's hits.csv cannot be read: {e}"))?;
            if f.metadata().map(|m| m.len()).ok() != Some(hits_size) {
                return Err("the last run's hits.csv was changed".into());
            }
            Some(f)
        } else {
            None
        };
        file.seek(SeekFrom::Start(index_at))
            .map_err(|e| e.to_string())?;
        // `count` fits the file (checked with the footer above), so this is at most its size,
        // and a sparse file's size is no measure: capped (70 million articles).
        let index_len = count.saturating_mul(INDEX_ENTRY as u64);
        if index_len > crate::files::MAX_WHOLE {
            return Err(broken("damaged"));
        }
        let raw = read_vec(&mut file, index_len).map_err(|e| broken(&e))?;
        if checksum(&raw) != index_sum {
            return Err(broken("damaged (its index does not match its checksum)"));
        }
        let index = parse_index(&raw);
        let triggers = if triggers.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&triggers)
                    .map_err(|e| format!("cannot search the edited entries: {e}"))?,
            )
        };
        Ok(Some(Reader {
            file,
            hits,
            index,
            triggers,
            hits_size,
            size,
        }))
    }

    /// The cached results of an article, when it is in the cache and the edit cannot change it;
    /// `text` is the article as read (only plain UTF-8 articles are reused). `memo` remembers,
    /// per worker, which non-ASCII characters fold to ASCII letters or digits. Its rows of the
    /// last hits.csv are read here and checked, with its payload, against their checksums.
    pub fn reuse(
        &self,
        key: &Key,
        text: &str,
        input_bytes: usize,
        memo: &mut FxHashMap<char, bool>,
    ) -> Result<Reused, Miss> {
        let loc = *self.index.get(key).ok_or(Miss::Rescore)?;
        if self.triggers.as_ref().is_some_and(|ac| ac.is_match(text)) {
            return Err(Miss::Rescore);
        }
        if folds_into_ascii(text, memo) {
            return Err(Miss::Rescore);
        }
        let payload =
            read_at(&self.file, self.size, loc.at, loc.len as u64).map_err(|_| Miss::Damaged)?;
        if checksum(&payload) != loc.sum {
            return Err(Miss::Damaged);
        }
        let scored = decode(&payload, input_bytes).ok_or(Miss::Damaged)?;
        // After an edit, a repaired text is scored again: an entry's trigger is looked for in
        // the text as read, and a repair can make letters it does not hold (`ï¬\u{81}rm` is
        // `ﬁrm`, which folds to `firm`). A letter lost to U+FFFD needs nothing: a lost-letter
        // match spells every ASCII letter of its entry, so the text holds its trigger.
        if self.triggers.is_some() && scored.repaired {
            return Err(Miss::Rescore);
        }
        let mut reused = Reused {
            scored,
            payload,
            hits: None,
        };
        if let Some(hits) = &self.hits {
            if loc.hits_at.checked_add(loc.hits_len).ok_or(Miss::Damaged)? > self.hits_size {
                return Err(Miss::Damaged);
            }
            let rows = read_at(hits, self.hits_size, loc.hits_at, loc.hits_len)
                .map_err(|_| Miss::Damaged)?;
            if checksum(&rows) != loc.hits_sum {
                return Err(Miss::Damaged);
            }
            reused.hits = Some((rows, loc.hits_sum));
        }
        Ok(reused)
    }
}

/// `len` bytes of `f` (of `size` bytes, measured at open) from `at`. The length comes from the
/// cache's index: it is checked against the size before anything is allocated, so a damaged
/// index cannot ask for terabytes; a file that shrank since fails the read.
pub(super) fn read_at(f: &File, size: u64, at: u64, len: u64) -> std::io::Result<Vec<u8>> {
    if at.checked_add(len).is_none_or(|end| end > size) {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let mut buf = vec![0u8; len as usize];
    read_exact_at(f, &mut buf, at)?;
    Ok(buf)
}

#[cfg(unix)]
pub(super) fn read_exact_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    f.read_exact_at(buf, at)
}

#[cfg(windows)]
pub(super) fn read_exact_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    let mut done = 0;
    while done < buf.len() {
        let n = f.seek_read(&mut buf[done..], at + done as u64)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

pub(super) fn read_u64(r: &mut impl Read) -> std::io::Result<u64> {
    let mut w = [0u8; 8];
    r.read_exact(&mut w)?;
    Ok(u64::from_le_bytes(w))
}

/// The cache being written by a run, in its temporary report folder.
pub(crate) struct Writer {
    out: BufWriter<File>,
    at: u64,
    /// The index goes to a file of its own while the run lasts (memory stays flat however many
    /// articles), and is appended to the cache at the end.
    index: BufWriter<File>,
    index_path: std::path::PathBuf,
    count: u64,
    header_sum: u64,
}

impl Writer {
    pub(crate) fn create(path: &Path, header: &Header) -> std::io::Result<Writer> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        let json = serde_json::to_vec(header)?;
        out.write_all(MAGIC)?;
        out.write_all(&(json.len() as u64).to_le_bytes())?;
        out.write_all(&json)?;
        let index_path = path.with_extension("index");
        Ok(Writer {
            header_sum: checksum(&json),
            out,
            at: (MAGIC.len() + 8 + json.len()) as u64,
            index: BufWriter::with_capacity(1 << 16, File::create(&index_path)?),
            index_path,
            count: 0,
        })
    }

    /// One scored article: its payload, and where its rows are in the new hits.csv and their
    /// checksum.
    pub(crate) fn add(
        &mut self,
        key: &Key,
        payload: &[u8],
        hits_at: u64,
        hits_len: u64,
        hits_sum: u64,
    ) -> std::io::Result<()> {
        self.out.write_all(payload)?;
        let mut entry = [0u8; INDEX_ENTRY];
        entry[..16].copy_from_slice(key);
        entry[16..24].copy_from_slice(&self.at.to_le_bytes());
        entry[24..28].copy_from_slice(&(payload.len() as u32).to_le_bytes());
        entry[28..36].copy_from_slice(&hits_at.to_le_bytes());
        entry[36..44].copy_from_slice(&hits_len.to_le_bytes());
        entry[44..52].copy_from_slice(&checksum(payload).to_le_bytes());
        entry[52..60].copy_from_slice(&hits_sum.to_le_bytes());
        self.index.write_all(&entry)?;
        self.at += payload.len() as u64;
        self.count += 1;
        Ok(())
    }

    /// Writes the index and the footer; `hits_size` is the length of the new hits.csv.
    pub(crate) fn finish(mut self, hits_size: u64) -> std::io::Result<()> {
        self.index.flush()?;
        let index = std::fs::read(&self.index_path)?;
        self.out.write_all(&index)?;
        std::fs::remove_file(&self.index_path)?;
        self.out.write_all(&self.count.to_le_bytes())?;
        self.out.write_all(&self.at.to_le_bytes())?;
        self.out.write_all(&hits_size.to_le_bytes())?;
        self.out.write_all(&self.header_sum.to_le_bytes())?;
        self.out.write_all(&checksum(&index).to_le_bytes())?;
        self.out.write_all(MAGIC)?;
        self.out.flush()
    }
}
