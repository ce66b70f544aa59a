//! An article's payload: the numbers its report rows and aggregates are made of, encoded and
//! decoded byte for byte.

use crate::quotations::{Kind, QuoteRow};
use crate::score::{ArticleScore, Link, Scored, Terms};
use crate::text::decode::ENCODINGS;

/// An article's payload: everything the reports take from a `Scored` but the rows of hits.csv.
pub(crate) fn encode(s: &Scored) -> Vec<u8> {
    let mut b = Vec::with_capacity(256 + 16 * s.score.terms.len());
    let enc = ENCODINGS.iter().position(|&e| e == s.encoding).unwrap_or(0);
    b.push(enc as u8);
    b.push(u8::from(s.repaired));
    put(&mut b, s.broken_chars as u64);
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
    put(&mut b, s.quotes().len() as u64);
    let option = |o: Option<usize>| o.map_or(0, |x| x as u64 + 1);
    for q in s.quotes() {
        for x in [q.start, q.end, q.char_start, q.char_end, q.words].map(u64::from) {
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
    // The run counts these per outlet for its warnings, reused articles too.
    put(&mut b, u64::from(s.removed.runins));
    put(&mut b, u64::from(s.removed.embeds));
    b
}

/// Quotation kinds in the order a payload numbers them.
pub(super) const KINDS: [Kind; 4] = [Kind::Direct, Kind::Partial, Kind::Scare, Kind::Other];

/// The inverse of `encode`; None for a damaged payload (the article is then rescored).
pub(super) fn decode(b: &[u8], input_bytes: usize) -> Option<Scored> {
    let mut r = Cursor { b, at: 0 };
    let encoding = *ENCODINGS.get(r.byte()? as usize)?;
    let repaired = r.byte()? != 0;
    let broken_chars = r.usize()?;
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
            let (start, end) = (r.u32()?, r.u32()?);
            let (char_start, char_end, words) = (r.u32()?, r.u32()?, r.u32()?);
            let kind = *KINDS.get(r.byte()? as usize)?;
            let mut text = || -> Option<String> {
                let len = r.usize()?;
                Some(std::str::from_utf8(r.take(len)?).ok()?.to_owned())
            };
            let (speaker, speaker_resolved, cue) = (text()?, text()?, text()?);
            Some(QuoteRow {
                start,
                end,
                char_start,
                char_end,
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
    let removed = crate::text::boilerplate::Removed {
        runins: r.u32()?,
        embeds: r.u32()?,
    };
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
    s.broken_chars = broken_chars;
    s.set_quotes(quotes);
    s.removed = removed;
    Some(s)
}

/// LEB128: seven bits a byte, low first.
pub(super) fn put(b: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        b.push(x as u8 | 0x80);
        x >>= 7;
    }
    b.push(x as u8);
}

pub(super) struct Cursor<'a> {
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
