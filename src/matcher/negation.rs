//! Negation: a `negate=yes` entry counts the other way after a negator within a few words ("not
//! illegal"). The words are fixed and documented in docs/lexicons.md.

/// Words that flip a following `negate=yes` entry. Fixed (documented in docs/lexicons.md); any
/// token ending in `n't` is a negator too.
pub const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing", "nowhere",
    "cannot", "hardly", "barely", "scarcely", "lack", "lacks", "lacked", "lacking",
];

/// How many words before a match a negator may stand.
pub const NEGATION_WINDOW: usize = 3;

pub fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}
