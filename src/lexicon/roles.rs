//! The lexicons and categories the code treats specially, resolved once when a set is loaded:
//! every stage takes their indices from `LexiconSet::roles` instead of looking names up.
//!
//! | role | what slant does with it |
//! |---|---|
//! | `actors` | its hits are mentions of parties; its categories are the parties |
//! | `attribution` | its hits get a speaker (`link`) and are the cues of quotations; `distancing` and `neutral` make actor_asymmetry.csv; its markers (`is_marker`) are not counted beside another of its hits in their sentence (`matcher::markers`) |
//! | `tone`: `positive`, `negative` | tone, tone.author, tone.logit |
//! | `hedging`: `hedge`, `booster` | hedging.share |
//! | `boilerplate` | text to leave out, not counted (`LexiconSet::boilerplate`): lines, blocks, spans, linked headlines (`runin`), embedded posts and captions (`embed`) |
//!
//! Every other lexicon and category is counted and reported as it is. docs/lexicons.md says the
//! same for users.

use super::{Lexicon, Pattern};

/// The first words of an attribution marker: a prepositional phrase that qualifies a report verb
/// (`in a statement`, `on condition of anonymity`) rather than being one.
pub(crate) const MARKER_FIRST_WORDS: &[&str] = &["in", "on"];

/// Is an attribution entry with this pattern a marker: a phrase whose first word, written whole,
/// is one of `MARKER_FIRST_WORDS`?
pub(crate) fn is_marker(pattern: &Pattern) -> bool {
    match pattern {
        Pattern::Words { elems, .. } => {
            elems.len() > 1
                && !elems[0].prefix
                && MARKER_FIRST_WORDS.contains(&elems[0].text.as_str())
        }
        Pattern::Regex(_) => false,
    }
}

pub const ACTORS: &str = "actors";
pub(crate) const ATTRIBUTION: &str = "attribution";
pub(crate) const TONE: &str = "tone";
pub(crate) const HEDGING: &str = "hedging";
pub const BOILERPLATE: &str = "boilerplate";

/// A category of a lexicon of the set: indices into `LexiconSet::lexicons` and its categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cat {
    pub lexicon: usize,
    pub category: usize,
}

/// Where each role is in a set; `None` where the set has no such lexicon or category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    pub actors: Option<usize>,
    pub attribution: Option<usize>,
    pub distancing: Option<Cat>,
    pub neutral: Option<Cat>,
    pub positive: Option<Cat>,
    pub negative: Option<Cat>,
    pub hedge: Option<Cat>,
    pub booster: Option<Cat>,
}

impl Roles {
    /// The roles of `lexicons` (the counting lexicons of a set, in their order).
    pub fn of(lexicons: &[Lexicon]) -> Roles {
        let index = |name: &str| lexicons.iter().position(|l| l.name == name);
        let cat = |name: &str, category: &str| {
            let lexicon = index(name)?;
            let category = lexicons[lexicon].category_index(category)?;
            Some(Cat { lexicon, category })
        };
        Roles {
            actors: index(ACTORS),
            attribution: index(ATTRIBUTION),
            distancing: cat(ATTRIBUTION, "distancing"),
            neutral: cat(ATTRIBUTION, "neutral"),
            positive: cat(TONE, "positive"),
            negative: cat(TONE, "negative"),
            hedge: cat(HEDGING, "hedge"),
            booster: cat(HEDGING, "booster"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_lexicons_have_every_role_and_a_set_without_one_has_none() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let set = super::super::load_dir(&dir).unwrap();
        let r = set.roles;
        let name = |c: Option<Cat>| {
            let c = c.unwrap();
            let l = &set.lexicons[c.lexicon];
            format!("{}.{}", l.name, l.categories[c.category])
        };
        assert_eq!(set.lexicons[r.actors.unwrap()].name, ACTORS);
        assert_eq!(set.lexicons[r.attribution.unwrap()].name, ATTRIBUTION);
        assert_eq!(name(r.distancing), "attribution.distancing");
        assert_eq!(name(r.neutral), "attribution.neutral");
        assert_eq!(name(r.positive), "tone.positive");
        assert_eq!(name(r.negative), "tone.negative");
        assert_eq!(name(r.hedge), "hedging.hedge");
        assert_eq!(name(r.booster), "hedging.booster");
        let only_tone = Roles::of(&set.lexicons[r.positive.unwrap().lexicon..][..1]);
        assert_eq!(
            (
                only_tone.actors,
                only_tone.hedge,
                only_tone.positive.map(|c| c.lexicon)
            ),
            (None, None, Some(0))
        );
    }
}
