//! What a run is configured with beyond its options: the shard it scores, and its limits.

/// The default of `--max-article-mb`: far above any news article, low enough that one worker's
/// buffers for it (tokens, forms: about 5× the text) stay well within memory.
pub const DEFAULT_MAX_ARTICLE_MB: usize = 16;

/// `--min-tokens`: shorter articles are scored but left out of the statistics.
pub const DEFAULT_MIN_TOKENS: usize = 50;

/// `--top-terms`: terms per outlet and category in terms.csv.
pub const DEFAULT_TOP_TERMS: usize = 20;

/// The most shards a run may be split into: merge keeps a flag per shard, and more shards than
/// this are more than any cluster runs.
pub const MAX_SHARDS: u64 = 1 << 20;

/// `--shard K/N`: this run scores the articles whose id hashes to shard K of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub k: u64,
    pub n: u64,
}

impl Shard {
    /// FNV-1a (64-bit) of the id, modulo N: stable across machines, builds and versions, which a
    /// split of one corpus over many machines needs.
    pub fn of(key: &str, n: u64) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in key.as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h % n + 1
    }

    pub fn owns(&self, key: &str) -> bool {
        Shard::of(key, self.n) == self.k
    }
}
