//! Compiling: the loaded lexicons into one `Index` and the units that match independently.

use super::index::{Index, Phrase, Prefixes, Role, Unit};
use super::Matcher;
use crate::lexicon::{pattern_key, Lexicon, LexiconSet, MatchMode, Pattern};
use std::collections::HashMap;

impl Matcher {
    pub fn new(set: &LexiconSet) -> Matcher {
        let mut units = Vec::new();
        let mut index = Index::default();
        let mut prefixes = Vec::new();
        let mut prefixes_cs = Vec::new();
        for (li, lex) in set.lexicons.iter().enumerate() {
            let subsets: Vec<Vec<usize>> = if lex.mode == MatchMode::PerCategory {
                (0..lex.categories.len())
                    .map(|c| {
                        (0..lex.entries.len())
                            .filter(|&i| lex.entries[i].category == c)
                            .collect()
                    })
                    .collect()
            } else {
                vec![(0..lex.entries.len()).collect()]
            };
            for entries in subsets {
                let u = units.len() as u32;
                let unit = compile_unit(
                    li,
                    lex,
                    &entries,
                    u,
                    &mut index,
                    &mut prefixes,
                    &mut prefixes_cs,
                );
                units.push(unit);
            }
        }
        index.cased_lowercase = index
            .cased
            .keys()
            .any(|k| !k.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80));
        index.prefixes = Prefixes::build(prefixes);
        index.prefixes_cs = Prefixes::build(prefixes_cs);
        Matcher {
            units,
            index,
            negate: set
                .lexicons
                .iter()
                .map(|l| l.entries.iter().map(|e| e.negate).collect())
                .collect(),
            exception: set
                .lexicons
                .iter()
                .map(|l| l.entries.iter().map(|e| e.is_exception()).collect())
                .collect(),
            keep_exceptions: false,
            markers: super::markers::Markers::of(set),
        }
    }
}

/// Compiles the entries `entries` of lexicon `li` as unit `u`, registering its words and prefixes
/// in the shared index.
fn compile_unit(
    li: usize,
    lex: &Lexicon,
    entries: &[usize],
    u: u32,
    index: &mut Index,
    prefixes: &mut Vec<(String, u32, u32, bool)>,
    prefixes_cs: &mut Vec<(String, u32, u32, bool)>,
) -> Unit {
    let mut unit = Unit {
        lexicon: li,
        liwc: lex.mode == MatchMode::Liwc,
        groups: Vec::new(),
        phrases: Vec::new(),
        regexes: Vec::new(),
        screen: None,
    };
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for &i in entries {
        let e = &lex.entries[i];
        let key = pattern_key(&e.compiled);
        if let Some(&g) = by_key.get(&key) {
            unit.groups[g].push(i);
            continue;
        }
        let g = unit.groups.len();
        unit.groups.push(vec![i]);
        by_key.insert(key, g);
        let Pattern::Words {
            elems,
            case_sensitive,
        } = &e.compiled
        else {
            if let Pattern::Regex(re) = &e.compiled {
                unit.regexes.push((re.clone(), g));
            }
            continue;
        };
        index.lost.add(u, g as u32, elems, *case_sensitive);
        let (map, pre) = if *case_sensitive {
            (&mut index.cased, &mut *prefixes_cs)
        } else {
            (&mut index.lower, &mut *prefixes)
        };
        let first = &elems[0];
        if elems.len() == 1 {
            if first.prefix {
                pre.push((first.text.clone(), u, g as u32, false));
            } else {
                map.entry(first.text.as_str().into())
                    .or_default()
                    .push(Role::Exact {
                        unit: u,
                        group: g as u32,
                    });
            }
            continue;
        }
        let p = unit.phrases.len() as u32;
        if first.prefix {
            pre.push((first.text.clone(), u, p, true));
        } else if !case_sensitive && !elems[1].prefix {
            let roles = map.entry(first.text.as_str().into()).or_default();
            if !roles.iter().any(|r| matches!(r, Role::PairFirst)) {
                roles.push(Role::PairFirst);
            }
            index.pair_seconds.insert(elems[1].text.as_str().into());
            let key = format!("{}\u{1}{}", first.text, elems[1].text);
            let next = index.pair_lists.len() as u32;
            let list = *index.pairs.entry(key.into()).or_insert(next);
            if list == next {
                index.pair_lists.push(Vec::new());
            }
            index.pair_lists[list as usize].push((u, p));
        } else {
            map.entry(first.text.as_str().into())
                .or_default()
                .push(Role::PhraseFirst { unit: u, phrase: p });
        }
        unit.phrases.push(Phrase {
            elems: elems.clone(),
            case_sensitive: *case_sensitive,
            group: g,
        });
    }
    unit.screen = crate::text::screen::screen(unit.regexes.iter().map(|(re, _)| re));
    unit
}
