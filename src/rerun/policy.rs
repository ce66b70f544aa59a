//! What an edit can change: the key of an article, the header a run is made with (lexicons,
//! options, binary), and the words (`trigger`) whose absence from an article proves an edited entry
//! cannot change it.

use crate::corpus::ArticleRef;
use crate::lexicon::{LexiconSet, Pattern};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// An article's identity and content: SHA-256 of its id, outlet and bytes as read, truncated to
/// 128 bits. An edited article, or one moved to another outlet, is a new key.
/// Bumped whenever the payload or header layout changes.
pub(super) const FORMAT: u32 = 6;

pub(crate) type Key = [u8; 16];

pub(crate) fn key(a: &ArticleRef, bytes: &[u8]) -> Key {
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
    pub(super) keep_hits: bool,
    /// `--char-offsets`: the cached rows of hits.csv have the two columns or not.
    char_offsets: bool,
    max_article_mb: usize,
    lexicons: Vec<LexiconPrint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct LexiconPrint {
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
    pub fn new(
        set: &LexiconSet,
        keep_hits: bool,
        char_offsets: bool,
        max_article_mb: usize,
    ) -> Header {
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
            char_offsets,
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
    pub(super) fn changed_triggers(&self, old: &Header) -> Result<Vec<String>, String> {
        if (old.format, &old.version) != (self.format, &self.version) || old.exe != self.exe {
            return Err("slant itself changed since the last run".into());
        }
        if old.keep_hits != self.keep_hits {
            return Err("the last run was made with a different --no-hits".into());
        }
        if old.char_offsets != self.char_offsets {
            return Err("the last run was made with a different --char-offsets".into());
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
pub(super) fn trigger(p: &Pattern) -> Option<String> {
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

/// Does the text hold a non-ASCII character whose matching form has an ASCII letter or digit
/// (or is empty)? Such an article could match a word the raw text does not contain.
pub(super) fn folds_into_ascii(text: &str, memo: &mut FxHashMap<char, bool>) -> bool {
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
