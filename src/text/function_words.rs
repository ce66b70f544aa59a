//! English function words: never what a lexicon lacks, nor what sets an outlet apart. `check
//! --corpus` leaves them out of its unmatched words (adding the news words `CHECK_EXTRA`), and
//! keyness out of its terms (adding the possessive forms `KEYNESS_EXTRA`).

pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "more", "most", "my", "no", "not", "now",
    "of", "on", "one", "only", "or", "other", "our", "out", "over", "she", "since", "so", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "under", "up", "us", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "will", "with", "would", "you", "your",
];

/// Words frequent in any news text, left out of `check --corpus`'s unmatched words too (keyness
/// keeps them: "said" can set an outlet apart).
pub(crate) const CHECK_EXTRA: &[&str] = &["said", "last", "new", "two", "year", "years"];

/// The possessive's pieces, which the tokenizer may leave as words.
pub(crate) const KEYNESS_EXTRA: &[&str] = &["'s", "s"];
