//! The rerun cache: a run leaves beside its reports what it computed for each article, so that the
//! next run over the same corpus after a lexicon edit rescores only the articles the edit can
//! change and takes every other one as it was (issue 4, "fast reruns").
//!
//! Why reusing is exact. Matching is decided token by token from the candidates at each position
//! (`matcher`): an entry that is a candidate nowhere in an article changes nothing in it, not its
//! hits, nor the longest-match competition, nor the actor links and scores built from them. An
//! entry can be a candidate only where a token's matching form equals (or, for a prefix, starts
//! with) its first word, so an article whose text does not contain the first word's longest run of
//! ASCII letters and digits — compared ASCII-case-insensitively — cannot be changed by it. Folding
//! can turn a few non-ASCII characters into ASCII letters (NFKC's `ﬁ`, a Cyrillic `а` in a Latin
//! word); an article with any such character is rescored. So is every article when an edit
//! touches what has no such run: a regex entry, the boilerplate lexicon, a category list, a
//! lexicon file added or removed, an option, the slant binary itself.
//!
//! The file (`rerun-cache.bin`): a magic, the JSON header (what the run was made with), one record
//! per scored article (its payload: the numbers the reports are made of), then an index of every
//! record (key → where its payload and its rows of hits.csv are) and a footer. Rows of hits.csv
//! are not copied into the cache: the index points into the hits.csv of the same report folder,
//! which the next run reads before it replaces it.
//!
//! Nothing in it is trusted blindly: the header and the index carry checksums in the footer, and
//! each index entry the checksums of its payload and of its rows of hits.csv. A part that does not
//! match is not used — the whole cache if the header or index is damaged, else the article, which
//! is scored again — and the run says so (issue 13: single-bit flips gave wrong reports).

use crate::corpus::ArticleRef;
use crate::lexicon::{LexiconSet, Pattern};
use crate::quotations::{Kind, QuoteRow};
use crate::score::{ArticleScore, Link, Scored, Terms};
use crate::text::decode::ENCODINGS;
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The cache's file name in the report folder.
pub const FILE: &str = "rerun-cache.bin";
const MAGIC: &[u8; 8] = b"SLANTRC1";
/// Bumped whenever the payload or header layout changes.
const FORMAT: u32 = 4;

/// An article's identity and content: SHA-256 of its id, outlet and bytes as read, truncated to
/// 128 bits. An edited article, or one moved to another outlet, is a new key.
pub type Key = [u8; 16];

pub fn key(a: &ArticleRef, bytes: &[u8]) -> Key {
    let mut h = Sha256::new();
    for part in [a.id.as_bytes(), a.outlet.as_bytes()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update(bytes);
    let digest = h.finalize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    k
}

/// What a cache was made with. Everything but the entries must be equal for it to be used; the
/// entries are compared one by one to find what an edit changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    format: u32,
    version: String,
    /// Size and modification time (ns) of the slant executable: a rebuilt binary may score
    /// differently, so its cache is not used.
    exe: (u64, u128),
    keep_hits: bool,
    max_article_mb: usize,
    lexicons: Vec<LexiconPrint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LexiconPrint {
    name: String,
    sha256: String,
    mode: String,
    categories: Vec<String>,
    boilerplate: bool,
    /// Per entry: what defines its matching (pattern, category, weight, negation) and its
    /// trigger (see the module comment); no trigger means it can match anywhere.
    entries: Vec<(String, Option<String>)>,
}

impl Header {
    pub fn new(set: &LexiconSet, keep_hits: bool, max_article_mb: usize) -> Header {
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let t = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                (m.len(), t)
            })
            .unwrap_or((0, 0));
        let boilerplate = set.boilerplate.as_ref().map(|l| l.name.as_str());
        Header {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            exe,
            keep_hits,
            max_article_mb,
            lexicons: set
                .files()
                .map(|l| LexiconPrint {
                    name: l.name.clone(),
                    sha256: l.sha256.clone(),
                    mode: format!("{:?}", l.mode),
                    categories: l.categories.clone(),
                    boilerplate: Some(l.name.as_str()) == boilerplate,
                    entries: l
                        .entries
                        .iter()
                        .map(|e| {
                            let sig = format!(
                                "{}\u{1}{}\u{1}{:?}\u{1}{}",
                                e.pattern,
                                l.category_name(e),
                                e.weight,
                                e.negate
                            );
                            (sig, trigger(&e.compiled))
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The triggers of every entry an edit from `old` to `self` added, removed or changed, or why
    /// no article of the old cache can be reused.
    fn changed_triggers(&self, old: &Header) -> Result<Vec<String>, String> {
        if (old.format, &old.version) != (self.format, &self.version) || old.exe != self.exe {
            return Err("slant itself changed since the last run".into());
        }
        if old.keep_hits != self.keep_hits {
            return Err("the last run was made with a different --no-hits".into());
        }
        if old.max_article_mb != self.max_article_mb {
            return Err("the last run was made with a different --max-article-mb".into());
        }
        let names = |h: &Header| {
            h.lexicons
                .iter()
                .map(|l| l.name.clone())
                .collect::<Vec<_>>()
        };
        if names(old) != names(self) {
            return Err("lexicon files were added or removed".into());
        }
        let mut triggers = Vec::new();
        for (o, n) in old.lexicons.iter().zip(&self.lexicons) {
            if o.sha256 == n.sha256 {
                continue;
            }
            if o.boilerplate {
                return Err(format!("the {} lexicon changed", o.name));
            }
            if (&o.mode, &o.categories) != (&n.mode, &n.categories) {
                return Err(format!("the categories of the {} lexicon changed", o.name));
            }
            // Entries in one list and not (as often) in the other, by their matching signature.
            let mut count: FxHashMap<&str, i64> = FxHashMap::default();
            for (sig, _) in &o.entries {
                *count.entry(sig).or_default() += 1;
            }
            for (sig, _) in &n.entries {
                *count.entry(sig).or_default() -= 1;
            }
            for (sig, trig) in o.entries.iter().chain(&n.entries) {
                if count[sig.as_str()] == 0 {
                    continue;
                }
                match trig {
                    Some(t) => triggers.push(t.clone()),
                    None => {
                        return Err(format!(
                            "a changed entry of the {} lexicon can match anywhere ({})",
                            o.name,
                            sig.split('\u{1}').next().unwrap_or_default()
                        ))
                    }
                }
            }
        }
        triggers.sort();
        triggers.dedup();
        Ok(triggers)
    }
}

/// The longest run of ASCII letters and digits in the words of a word pattern: every word must
/// match for the entry to be a candidate, so any article it can match in contains that run. None
/// for a regex, or a pattern without such a run.
fn trigger(p: &Pattern) -> Option<String> {
    let Pattern::Words { elems, .. } = p else {
        return None;
    };
    elems
        .iter()
        .flat_map(|e| e.text.split(|c: char| !c.is_ascii_alphanumeric()))
        .max_by_key(|run| run.len())
        .filter(|run| !run.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Where one article's results are: its payload in the cache file, its rows in hits.csv, and
/// the checksums of both.
#[derive(Debug, Clone, Copy)]
struct Loc {
    at: u64,
    len: u32,
    hits_at: u64,
    hits_len: u64,
    sum: u64,
    hits_sum: u64,
}

const INDEX_ENTRY: usize = 16 + 8 + 4 + 8 + 8 + 8 + 8;
/// Count, index offset, hits.csv size, header checksum, index checksum, magic.
const FOOTER: usize = 6 * 8;

/// A 64-bit checksum (it finds damage, not forgery: not a cryptographic hash). Each 8-byte word
/// goes through a bijection of the running state (xor, multiplication by an odd constant,
/// rotation), so a change within any one word always changes the sum; wider changes go unseen
/// with odds of about one in 2^64.
pub fn checksum(bytes: &[u8]) -> u64 {
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

impl Reader {
    /// Opens the cache in the report folder `out`, if the last run left one that `now` can use.
    /// `Ok(None)`: there is none; `Err`: there is one and why it cannot be used.
    pub fn open(out: &Path, now: &Header) -> Result<Option<Reader>, String> {
        let path = out.join(FILE);
        let Ok(mut file) = File::open(&path) else {
            return Ok(None);
        };
        let broken = |what: &str| format!("{} is {what}", path.display());
        let mut magic = [0u8; 8];
        file.read_exact(&mut magic)
            .map_err(|_| broken("truncated"))?;
        if &magic != MAGIC {
            return Err(broken("not a slant cache"));
        }
        let size = file.metadata().map_err(|e| e.to_string())?.len();
        let header_len = read_u64(&mut file).map_err(|_| broken("truncated"))?;
        if header_len > size {
            return Err(broken("damaged"));
        }
        let mut json = vec![0u8; header_len as usize];
        file.read_exact(&mut json)
            .map_err(|_| broken("truncated"))?;
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
            let f = File::open(out.join("hits.csv"))
                .map_err(|_| "the last run's hits.csv is gone".to_owned())?;
            if f.metadata().map(|m| m.len()).ok() != Some(hits_size) {
                return Err("the last run's hits.csv was changed".into());
            }
            Some(f)
        } else {
            None
        };
        file.seek(SeekFrom::Start(index_at))
            .map_err(|e| e.to_string())?;
        let mut raw = vec![0u8; (count as usize).saturating_mul(INDEX_ENTRY)];
        file.read_exact(&mut raw).map_err(|_| broken("truncated"))?;
        if checksum(&raw) != index_sum {
            return Err(broken("damaged (its index does not match its checksum)"));
        }
        let mut index = FxHashMap::default();
        index.reserve(count as usize);
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

/// Does the text hold a non-ASCII character whose matching form has an ASCII letter or digit
/// (or is empty)? Such an article could match a word the raw text does not contain.
fn folds_into_ascii(text: &str, memo: &mut FxHashMap<char, bool>) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time: news text is mostly ASCII.
        if i + 8 <= bytes.len() {
            let w = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0x80; 8]));
            if w & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            return true;
        };
        i += c.len_utf8();
        let risky = *memo
            .entry(c)
            .or_insert_with(|| crate::text::fold::may_fold_to_ascii(c));
        if risky {
            return true;
        }
    }
    false
}

/// `len` bytes of `f` (of `size` bytes, measured at open) from `at`. The length comes from the
/// cache's index: it is checked against the size before anything is allocated, so a damaged
/// index cannot ask for terabytes; a file that shrank since fails the read.
fn read_at(f: &File, size: u64, at: u64, len: u64) -> std::io::Result<Vec<u8>> {
    if at.checked_add(len).is_none_or(|end| end > size) {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let mut buf = vec![0u8; len as usize];
    read_exact_at(f, &mut buf, at)?;
    Ok(buf)
}

#[cfg(unix)]
fn read_exact_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    f.read_exact_at(buf, at)
}

#[cfg(windows)]
fn read_exact_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
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

fn read_u64(r: &mut impl Read) -> std::io::Result<u64> {
    let mut w = [0u8; 8];
    r.read_exact(&mut w)?;
    Ok(u64::from_le_bytes(w))
}

/// The cache being written by a run, in its temporary report folder.
pub struct Writer {
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
    pub fn create(path: &Path, header: &Header) -> std::io::Result<Writer> {
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
    pub fn add(
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
    pub fn finish(mut self, hits_size: u64) -> std::io::Result<()> {
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

/// An article's payload: everything the reports take from a `Scored` but the rows of hits.csv.
pub fn encode(s: &Scored) -> Vec<u8> {
    let mut b = Vec::with_capacity(256 + 16 * s.score.terms.len());
    let enc = ENCODINGS.iter().position(|&e| e == s.encoding).unwrap_or(0);
    b.push(enc as u8);
    b.push(u8::from(s.repaired));
    put(&mut b, s.score.tokens as u64);
    put(&mut b, s.hit_count as u64);
    put(&mut b, s.values.len() as u64);
    for v in &s.values {
        // An empty cell is 0; a value is 1 and its zigzag code (small either side of zero).
        match v {
            None => b.push(0),
            Some(q) => {
                b.push(1);
                put(&mut b, ((q << 1) ^ (q >> 63)) as u64);
            }
        }
    }
    put(&mut b, s.score.links.len() as u64);
    for l in &s.score.links {
        for x in [
            l.actor as u64,
            l.lexicon as u64,
            l.category as u64,
            l.hits,
            l.author,
        ] {
            put(&mut b, x);
        }
    }
    put(&mut b, s.score.mentions.len() as u64);
    for &m in &s.score.mentions {
        put(&mut b, m as u64);
    }
    let terms = &s.score.terms;
    put(&mut b, terms.text.len() as u64);
    b.extend_from_slice(terms.text.as_bytes());
    put(&mut b, terms.list.len() as u64);
    for &(lexicon, category, end) in &terms.list {
        for x in [lexicon, category, end] {
            put(&mut b, x as u64);
        }
    }
    b.push(u8::from(s.score.quotes_unbalanced));
    put(&mut b, s.quotes.len() as u64);
    let option = |o: Option<usize>| o.map_or(0, |x| x as u64 + 1);
    for q in &s.quotes {
        for x in [q.start as u64, q.end as u64, q.words as u64] {
            put(&mut b, x);
        }
        b.push(KINDS.iter().position(|&k| k == q.kind).unwrap_or(0) as u8);
        for t in [&q.speaker, &q.speaker_resolved, &q.cue] {
            put(&mut b, t.len() as u64);
            b.extend_from_slice(t.as_bytes());
        }
        put(&mut b, option(q.actor));
        put(&mut b, option(q.cue_category));
    }
    b
}

/// Quotation kinds in the order a payload numbers them.
const KINDS: [Kind; 4] = [Kind::Direct, Kind::Partial, Kind::Scare, Kind::Other];

/// The inverse of `encode`; None for a damaged payload (the article is then rescored).
fn decode(b: &[u8], input_bytes: usize) -> Option<Scored> {
    let mut r = Cursor { b, at: 0 };
    let encoding = *ENCODINGS.get(r.byte()? as usize)?;
    let repaired = r.byte()? != 0;
    let tokens = r.usize()?;
    let hit_count = r.usize()?;
    let values = (0..r.count()?)
        .map(|_| match r.byte()? {
            0 => Some(None),
            1 => r.get().map(|z| Some(((z >> 1) as i64) ^ -((z & 1) as i64))),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let links = (0..r.count()?)
        .map(|_| {
            Some(Link {
                actor: r.usize()?,
                lexicon: r.usize()?,
                category: r.usize()?,
                hits: r.get()?,
                author: r.get()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let mentions = (0..r.count()?)
        .map(|_| r.usize())
        .collect::<Option<Vec<_>>>()?;
    let len = r.usize()?;
    let text = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
    let list = (0..r.count()?)
        .map(|_| {
            let t = (r.u32()?, r.u32()?, r.u32()?);
            Some(t)
        })
        .collect::<Option<Vec<_>>>()?;
    // Every term must end after the one before it, on a character boundary of the text.
    let mut start = 0;
    for &(_, _, end) in &list {
        let end = end as usize;
        if end < start || !text.is_char_boundary(end) {
            return None;
        }
        start = end;
    }
    let terms = Terms { text, list };
    let quotes_unbalanced = r.byte()? != 0;
    let option = |x: u64| x.checked_sub(1).and_then(|x| usize::try_from(x).ok());
    let quotes = (0..r.count()?)
        .map(|_| {
            let (start, end, words) = (r.u32()?, r.u32()?, r.u32()?);
            let kind = *KINDS.get(r.byte()? as usize)?;
            let mut text = || -> Option<String> {
                let len = r.usize()?;
                Some(std::str::from_utf8(r.take(len)?).ok()?.to_owned())
            };
            let (speaker, speaker_resolved, cue) = (text()?, text()?, text()?);
            Some(QuoteRow {
                start,
                end,
                words,
                kind,
                speaker,
                speaker_resolved,
                actor: option(r.get()?),
                cue,
                cue_category: option(r.get()?),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    if r.at != b.len() {
        return None;
    }
    let score = ArticleScore {
        tokens,
        links,
        mentions,
        terms,
        quotes_unbalanced,
        ..ArticleScore::default()
    };
    let mut s = Scored::new(encoding, repaired, score, values, hit_count, input_bytes);
    s.quotes = quotes;
    Some(s)
}

/// LEB128: seven bits a byte, low first.
fn put(b: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        b.push(x as u8 | 0x80);
        x >>= 7;
    }
    b.push(x as u8);
}

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Option<u8> {
        let x = *self.b.get(self.at)?;
        self.at += 1;
        Some(x)
    }

    fn get(&mut self) -> Option<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            x |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(x);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.get()?).ok()
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.get()?).ok()
    }

    /// A length prefix, checked against the bytes left so a damaged one cannot ask for gigabytes.
    fn count(&mut self) -> Option<usize> {
        self.usize().filter(|&n| n <= self.b.len() - self.at)
    }

    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_pattern;

    #[test]
    fn triggers_are_the_longest_ascii_run_of_any_word() {
        let t = |p: &str| trigger(&parse_pattern(p).unwrap());
        assert_eq!(t("claim*").as_deref(), Some("claim"));
        assert_eq!(t("it is possible").as_deref(), Some("possible"));
        assert_eq!(t("=U.S.").as_deref(), Some("s"));
        assert_eq!(t("don't").as_deref(), Some("don"));
        assert_eq!(t("re:(?i)deadl\\w+"), None);
    }

    #[test]
    fn only_letters_that_fold_to_ascii_make_an_article_risky() {
        let mut memo = FxHashMap::default();
        for plain in ["Russia’s “claims” – ©", "naïve café", "plain ASCII text"] {
            assert!(!folds_into_ascii(plain, &mut memo), "{plain}");
        }
        // Fullwidth, a ligature, a Cyrillic look-alike, a superscript digit.
        for risky in ["ｃｌａｉｍ", "ﬁght", "Сosmodrome", "km²"] {
            assert!(folds_into_ascii(risky, &mut memo), "{risky}");
        }
    }

    #[test]
    fn payloads_round_trip() {
        let score = ArticleScore {
            tokens: 1234,
            links: vec![Link {
                actor: 2,
                lexicon: 1,
                category: 3,
                hits: 7,
                author: 5,
            }],
            mentions: vec![0, 2, 2],
            terms: {
                let mut t = Terms::default();
                t.push(0, 1, |s| s.push_str("claimed"));
                t.push(2, 0, |s| s.push_str("according to"));
                t
            },
            ..ArticleScore::default()
        };
        let values = vec![
            Some(0),
            None,
            Some(-1),
            Some(i64::MAX),
            Some(i64::MIN),
            Some(12_345),
        ];
        let s = Scored::new("windows-1252", true, score, values, 42, 99);
        let bytes = encode(&s);
        let back = decode(&bytes, 99).unwrap();
        assert_eq!(back.encoding, s.encoding);
        assert_eq!(back.repaired, s.repaired);
        assert_eq!(back.values, s.values);
        assert_eq!(back.score, s.score);
        assert_eq!(back.hit_count, 42);
        // Damage is noticed, never read as other numbers.
        assert!(decode(&bytes[..bytes.len() - 1], 99).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 99).is_none());
    }
}
