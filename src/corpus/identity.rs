//! A shard's corpus identity: the corpus as the shard read it, so that `slant merge` can refuse
//! shards scored while the corpus changed (docs/sharding.md).
//!
//! It is a SHA-256 of content, taken where the run reads it, so that it is of the bytes actually
//! scored and no byte is read twice:
//!
//! - a record file (JSONL, CSV, gzip or not): every byte as stored, hashed under the reader as
//!   the run streams it (`Tally`), and what the run left unread (after a read error, bytes after
//!   the gzip data) once the run is over;
//! - a folder: every article's path and bytes, hashed by the worker that reads the file — other
//!   shards' files too, read for the hash alone, since an edit to one of them after this shard
//!   ran would otherwise go unseen — and handed over in input order (`Identity::article`); the
//!   names of all its files, and the size of those no run reads (not `*.txt`, not the
//!   manifest: a change inside them changes no report); the manifest's bytes as parsed;
//! - standard input: every byte, hashed as the run reads it, as a record file's (every shard
//!   reads all of it); what it holds after the run stops reading (there is nothing unless a
//!   read failed) is read to its end for the hash, as a file's rest is.
//!
//! One identity per input (a `Part`), so that merge can say which input differs.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};

/// What a part of the identity covers; merge's message says it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Covers {
    /// A record file, or a single article file: its bytes.
    Bytes,
    /// A folder's files: their names, and the size of those that are not read.
    FolderFiles,
    /// A folder's articles: their bytes.
    FolderArticles,
    /// A manifest: its bytes.
    Manifest,
}

/// The identity of one input, or of one side of a folder (its files, its articles, its manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The input as given (a path, `-`), or the manifest's path.
    pub input: String,
    pub covers: Covers,
    /// SHA-256 of what it covers, in hex.
    pub sha256: String,
}

impl Part {
    /// What merge says when two shards disagree on this part.
    pub fn differs(&self) -> String {
        let input = &self.input;
        match self.covers {
            Covers::Bytes if input == "-" => "what standard input held differs".to_owned(),
            Covers::Bytes => format!("{input} differs"),
            Covers::FolderFiles => {
                format!("the folder {input} has files added, removed, renamed or resized")
            }
            Covers::FolderArticles => format!("an article in the folder {input} differs"),
            Covers::Manifest => format!("the manifest {input} differs"),
        }
    }
}

/// What merge says when two shards' corpus identities differ: each part that does, or, when
/// they cover different inputs, the inputs. A folder whose files differ is named once, not
/// again for its articles.
pub(crate) fn differences(a: &[Part], b: &[Part]) -> Vec<String> {
    let files = |s: &[Part], input: &str| {
        s.iter()
            .find(|p| p.input == input && p.covers == Covers::FolderFiles)
            .cloned()
    };
    let mut out = Vec::new();
    let one_side = a
        .iter()
        .filter(|p| !b.contains(p))
        .chain(b.iter().filter(|p| !a.contains(p)));
    for p in one_side {
        if p.covers == Covers::FolderArticles && files(a, &p.input) != files(b, &p.input) {
            continue;
        }
        let said = p.differs();
        if !out.contains(&said) {
            out.push(said);
        }
    }
    out
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds `bytes` to `h` with their length first, so that no two sequences of fields hash alike.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// What the run saw of a folder article's file: the SHA-256 of its bytes, or why it was not read.
/// Made the same way whichever shard the article is in (`files::digest_regular` for another
/// shard's, the bytes read for scoring for its own), so that every shard sees the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    Bytes([u8; 32]),
    NotRead(String),
}

impl Seen {
    /// From the outcome of reading the file (`files::read_regular`), or of hashing it
    /// (`files::digest_regular`).
    pub fn of(read: Result<[u8; 32], &crate::files::NotRead>) -> Seen {
        match read {
            Ok(d) => Seen::Bytes(d),
            Err(crate::files::NotRead::TooLarge(n)) => {
                Seen::NotRead(format!("larger than the limit: {n} bytes"))
            }
            Err(crate::files::NotRead::Other(why)) => Seen::NotRead(why.clone()),
        }
    }

    /// The SHA-256 of `bytes`, as `Seen` keeps it.
    pub fn digest(bytes: &[u8]) -> [u8; 32] {
        Sha256::digest(bytes).into()
    }
}

struct TallyState {
    file: Box<dyn Read + Send>,
    hash: Sha256,
}

/// The SHA-256 of a file's bytes as the run reads them: the record reader reads the file through
/// `Tally::reader`, which hashes what passes. Shared with the `Identity`, which hashes what the
/// run left unread once it is over.
#[derive(Clone)]
pub(crate) struct Tally(Arc<Mutex<TallyState>>);

/// The file, read through its tally.
pub(crate) struct Tallied(Tally);

impl Tally {
    pub(crate) fn new(file: impl Read + Send + 'static) -> Tally {
        Tally(Arc::new(Mutex::new(TallyState {
            file: Box::new(file),
            hash: Sha256::new(),
        })))
    }

    pub(crate) fn reader(&self) -> Tallied {
        Tallied(self.clone())
    }

    /// The SHA-256 of every byte of the file: what was read, then the rest. A file that cannot
    /// be read to its end says where it stopped.
    fn finish(&self) -> String {
        let mut s = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let TallyState { file, hash } = &mut *s;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hash.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    hash.update(b"\0unreadable: ");
                    hash.update(e.to_string().as_bytes());
                    break;
                }
            }
        }
        hex(&hash.clone().finalize())
    }
}

impl Read for Tallied {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // The lock is the reader's alone while the run reads: it costs an uncontended atomic
        // per buffer filled (64 KiB, or 8 KiB under gzip).
        let mut s = (self.0).0.lock().unwrap_or_else(PoisonError::into_inner);
        let n = s.file.read(buf)?;
        s.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// How the identity of one input is made.
enum Making {
    /// Known when the input was opened (a folder's files, its manifest).
    Known,
    /// A record file: its tally.
    Record(Tally),
    /// A folder's articles, or a single article file: the hash of every article handed over so
    /// far, in input order.
    Articles(Sha256),
}

/// A shard's corpus identity as it is made during the run: one `Part` per input (two or three
/// for a folder), finished by `finish` once the run has read the whole corpus.
pub struct Identity {
    parts: Vec<(Part, Making)>,
    /// For each input of the corpus (by index), the part its articles are hashed into, if it
    /// is a folder or an article file (`article`).
    articles: Vec<Option<usize>>,
}

impl Identity {
    pub(super) fn new() -> Identity {
        Identity {
            parts: Vec::new(),
            articles: Vec::new(),
        }
    }

    fn push(&mut self, input: &str, covers: Covers, making: Making) -> usize {
        let part = Part {
            input: input.to_owned(),
            covers,
            sha256: String::new(),
        };
        self.parts.push((part, making));
        self.parts.len() - 1
    }

    /// Input number `index` hands its articles to part `part`.
    fn articles_of(&mut self, index: usize, part: usize) {
        if self.articles.len() <= index {
            self.articles.resize(index + 1, None);
        }
        self.articles[index] = Some(part);
    }

    /// Standard input, read through `tally`: every shard reads all of it, so its bytes are
    /// hashed as they arrive, as a record file's are.
    pub(super) fn stdin(&mut self, tally: Tally) {
        self.push("-", Covers::Bytes, Making::Record(tally));
    }

    /// A record file, read through `tally`.
    pub(super) fn record(&mut self, input: &str, tally: Tally) {
        self.push(input, Covers::Bytes, Making::Record(tally));
    }

    /// A single article file given as input number `index`.
    pub(super) fn article_file(&mut self, index: usize, input: &str) {
        let at = self.push(input, Covers::Bytes, Making::Articles(Sha256::new()));
        self.articles_of(index, at);
    }

    /// A folder, input number `index`: the names of its files (`unread`, with their sizes: the
    /// files that are not articles), the manifest it read with the SHA-256 of its bytes, and its
    /// articles to come.
    pub(super) fn folder(
        &mut self,
        index: usize,
        input: &str,
        articles: &[String],
        unread: &[(String, u64)],
        manifest: Option<(String, [u8; 32])>,
    ) {
        let mut h = Sha256::new();
        for a in articles {
            field(&mut h, b"article");
            field(&mut h, a.as_bytes());
        }
        for (name, size) in unread {
            field(&mut h, b"not read");
            field(&mut h, name.as_bytes());
            field(&mut h, &size.to_le_bytes());
        }
        let at = self.push(input, Covers::FolderFiles, Making::Known);
        self.parts[at].0.sha256 = hex(&h.finalize());
        // `--manifest` serves every folder: it is one part, however many folders read it.
        if let Some((path, digest)) = manifest {
            let known = self
                .parts
                .iter()
                .any(|(p, _)| p.covers == Covers::Manifest && p.input == path);
            if !known {
                let at = self.push(&path, Covers::Manifest, Making::Known);
                self.parts[at].0.sha256 = hex(&digest);
            }
        }
        let at = self.push(
            input,
            Covers::FolderArticles,
            Making::Articles(Sha256::new()),
        );
        self.articles_of(index, at);
    }

    /// An item of input `input` as the run handed it on, in input order: for a folder (or an
    /// article file), its origin and what the worker saw of its file (`None`: not read, as a
    /// symbolic link out of the folder). Items of record inputs are hashed by their tally.
    pub fn article(&mut self, input: usize, origin: &str, seen: Option<&Seen>) {
        let Some(Some(at)) = self.articles.get(input) else {
            return;
        };
        let Some((_, Making::Articles(h))) = self.parts.get_mut(*at) else {
            return;
        };
        field(h, origin.as_bytes());
        match seen {
            Some(Seen::Bytes(d)) => {
                field(h, b"bytes");
                field(h, d);
            }
            Some(Seen::NotRead(why)) => {
                field(h, b"not read");
                field(h, why.as_bytes());
            }
            None => field(h, b"not listed"),
        }
    }

    /// The parts, once the run has read the corpus (record files are read to their end here if
    /// the run stopped short of it).
    pub fn finish(self) -> Vec<Part> {
        self.parts
            .into_iter()
            .map(|(mut part, making)| {
                match making {
                    Making::Known => {}
                    Making::Record(tally) => part.sha256 = tally.finish(),
                    Making::Articles(h) => part.sha256 = hex(&h.finalize()),
                }
                part
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(input: &str, covers: Covers, sha256: &str) -> Part {
        Part {
            input: input.into(),
            covers,
            sha256: sha256.into(),
        }
    }

    #[test]
    fn differences_name_the_inputs_that_differ() {
        let a = vec![
            part("seeds", Covers::FolderFiles, "1"),
            part("seeds/manifest.csv", Covers::Manifest, "2"),
            part("seeds", Covers::FolderArticles, "3"),
            part("c.jsonl", Covers::Bytes, "4"),
        ];
        assert!(differences(&a, &a).is_empty());
        let mut b = a.clone();
        b[1].sha256 = "x".into();
        b[3].sha256 = "y".into();
        assert_eq!(
            differences(&a, &b),
            ["the manifest seeds/manifest.csv differs", "c.jsonl differs"]
        );
        // A file added changes the articles too: the folder is named once.
        let mut c = a.clone();
        c[0].sha256 = "x".into();
        c[2].sha256 = "y".into();
        assert_eq!(
            differences(&a, &c),
            ["the folder seeds has files added, removed, renamed or resized"]
        );
        let mut d = a.clone();
        d[2].sha256 = "y".into();
        assert_eq!(
            differences(&a, &d),
            ["an article in the folder seeds differs"]
        );
        // A manifest that one shard read and the other did not find.
        let e: Vec<Part> = a
            .iter()
            .filter(|p| p.covers != Covers::Manifest)
            .cloned()
            .collect();
        assert_eq!(
            differences(&a, &e),
            ["the manifest seeds/manifest.csv differs"]
        );
    }

    #[test]
    fn a_tally_hashes_every_byte_of_the_file_read_or_not() {
        let t = tempfile::TempDir::new().unwrap();
        let p = t.path().join("c.jsonl");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, &bytes).unwrap();
        let want = hex(&Sha256::digest(&bytes));
        // Read whole, read in part, not read at all: the same.
        for read in [usize::MAX, 1000, 0] {
            let tally = Tally::new(std::fs::File::open(&p).unwrap());
            let mut r = tally.reader().take(read as u64);
            std::io::copy(&mut r, &mut std::io::sink()).unwrap();
            drop(r);
            assert_eq!(tally.finish(), want, "{read}");
        }
    }
}
