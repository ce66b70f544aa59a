//! Word ids: the same bytes get the same id, looked up once per token.
//!
//! A general hash map costs about 170 instructions a token here (hashing the key, probing, a call
//! to `memcmp` to compare it): more than finding the word in the text. News words are short, so
//! this table reads a key of up to 16 bytes as two overlapping 64-bit words — which, with the
//! length, say exactly what the bytes are — hashes those with one multiplication and compares
//! them as two integers. Longer keys are compared in the key arena.

/// A key of up to 16 bytes as two words: bytes equal if and only if length and words are equal.
/// Longer keys keep their first and last 8 bytes here, and are compared in full after those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed {
    a: u64,
    b: u64,
    len: u32,
}

fn read8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

fn read4(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w) as u64
}

/// Packs `key`. Every byte lands in `a` or `b` (overlapping reads for lengths that are not 4, 8
/// or 16), so two keys of the same length pack alike only if their bytes are the same, for
/// lengths up to 16.
fn pack(key: &[u8]) -> Packed {
    let n = key.len();
    let (a, b) = if n >= 8 {
        (read8(key, 0), read8(key, n - 8))
    } else if n >= 4 {
        (read4(key, 0), read4(key, n - 4))
    } else if n > 0 {
        (
            key[0] as u64 | (key[n / 2] as u64) << 8 | (key[n - 1] as u64) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    Packed {
        a,
        b,
        len: n as u32,
    }
}

/// A 32-bit hash of `key`, packed as `p` (a folded multiply, as in wyhash). The middle of a key
/// longer than 16 bytes is folded in eight bytes at a time, so that text made of long words
/// sharing their ends cannot pile them into one probe chain.
fn hash(p: &Packed, key: &[u8]) -> u32 {
    let mut h = mix(p.a, p.b ^ p.len as u64);
    if key.len() > 16 {
        h = mix_middle(h, key);
    }
    (h ^ (h >> 32)) as u32
}

fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ 0x2d35_8dcc_aa6c_78a5) as u128 * (b ^ 0x8bb8_4b93_962e_acc9) as u128;
    (x as u64) ^ ((x >> 64) as u64)
}

/// Folds bytes 8..len-8 of a long key into `h` (out of line: news words are short).
#[cold]
#[inline(never)]
fn mix_middle(mut h: u64, key: &[u8]) -> u64 {
    for chunk in key[8..key.len() - 8].chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(w));
    }
    h
}

/// Interned keys → ids `0, 1, 2, …` in the order first seen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    /// Open addressing, linear probing: (hash, id + 1), 0 for an empty slot. At most half full.
    slots: Vec<(u32, u32)>,
    /// Per id, its packed key and where its bytes are in `bytes`.
    keys: Vec<(Packed, u32)>,
    bytes: Vec<u8>,
}

impl Interner {
    /// Bytes held for keys.
    pub(crate) fn key_bytes(&self) -> usize {
        self.bytes.len()
    }

    pub(crate) fn clear(&mut self) {
        self.slots.fill((0, 0));
        self.keys.clear();
        self.bytes.clear();
    }

    /// The id of `key`, and whether it is new (ids are given in order: a new key's id is the
    /// number of keys before it).
    #[inline]
    pub(crate) fn intern(&mut self, key: &[u8]) -> (u32, bool) {
        let p = pack(key);
        let h = hash(&p, key);
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = h as usize & mask;
        // An empty table has no slot to look at: the key is new.
        while let Some(&(sh, slot)) = self.slots.get(i) {
            if slot == 0 {
                break;
            }
            if sh == h {
                let (q, at) = self.keys[slot as usize - 1];
                if q == p && (p.len <= 16 || &self.bytes[at as usize..][..key.len()] == key) {
                    return (slot - 1, false);
                }
            }
            i = (i + 1) & mask;
        }
        (self.insert(key, p, h), true)
    }

    /// Adds a key that is not in the table.
    #[cold]
    fn insert(&mut self, key: &[u8], p: Packed, h: u32) -> u32 {
        if (self.keys.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        let id = self.keys.len() as u32;
        self.slots[i] = (h, id + 1);
        self.keys.push((p, self.bytes.len() as u32));
        self.bytes.extend_from_slice(key);
        id
    }

    /// Doubles the table (from 64 slots: a lexicon's patterns are tokenized with a table each)
    /// and puts every key back, by the hash its slot kept.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = size - 1;
        for (h, slot) in old.into_iter().filter(|&(_, slot)| slot != 0) {
            let mut i = h as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (h, slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_same_id_in_order_first_seen() {
        let mut t = Interner::default();
        assert_eq!(t.intern(b"said"), (0, true));
        assert_eq!(t.intern(b"claimed"), (1, true));
        assert_eq!(t.intern(b"said"), (0, false));
        assert_eq!(t.intern(b"Said"), (2, true));
        assert_eq!(t.keys.len(), 3);
        t.clear();
        assert_eq!(t.intern(b"claimed"), (0, true));
    }

    #[test]
    fn packing_tells_every_short_key_apart() {
        // Keys that differ in one byte at any position, for every length up to 16.
        for n in 0..=16usize {
            let base: Vec<u8> = (0..n as u8).map(|i| b'a' + i).collect();
            for at in 0..n {
                let mut other = base.clone();
                other[at] = b'Z';
                assert_ne!(pack(&base), pack(&other), "length {n}, byte {at}");
            }
        }
    }

    #[test]
    fn long_keys_sharing_their_ends_hash_apart() {
        let keys: Vec<String> = (0..1000)
            .map(|i| format!("abcdefgh{i:06}stuvwxyz"))
            .collect();
        let hashes: std::collections::HashSet<u32> = keys
            .iter()
            .map(|k| hash(&pack(k.as_bytes()), k.as_bytes()))
            .collect();
        assert!(hashes.len() > 990, "{} distinct hashes", hashes.len());
    }

    proptest::proptest! {
        /// Against a HashMap: ids agree on any sequence of keys, long ones and ones sharing
        /// their first and last 8 bytes included, across table growth.
        #[test]
        fn agrees_with_a_hash_map(keys in proptest::collection::vec("(abcdefgh)?[a-c’]{0,5}(stuvwxyz)?", 0..3000)) {
            let mut t = Interner::default();
            let mut m = std::collections::HashMap::new();
            for k in &keys {
                let seen = m.contains_key(k);
                let next = m.len() as u32;
                let want = *m.entry(k.clone()).or_insert(next);
                proptest::prop_assert_eq!(t.intern(k.as_bytes()), (want, !seen));
            }
            proptest::prop_assert_eq!(t.keys.len(), m.len());
        }
    }
}
