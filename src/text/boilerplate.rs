//! Boilerplate: sign-offs, "CLICK HERE TO READ MORE", "Read:" links, photo credits and donation
//! appeals are not the outlet's reporting and must not be scored as if they were.
//!
//! The entries of `lexicons/boilerplate.csv` are matched against each line. Category `line`
//! removes the line, `block` removes the line and everything after it (an appeal that runs to the
//! end of the article, as in seed 003), `span` removes only the matched text (a credit such as
//! "(RT)" at the end of a paragraph that is otherwise reporting).

use crate::lexicon::{Lexicon, Pattern};
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Line,
    Block,
    Span,
}

/// The compiled boilerplate lexicon (empty when there is none).
///
/// A clone has its own regex caches: each worker clones the run's `Boilerplate`, so threads never
/// wait on a shared cache. (A `RegexSet` of all rules would be one search per line, but rules
/// with Unicode `\b` send a set to the slow PikeVM: measured 3× slower.)
///
/// Plain-text `line` and `block` entries (a line that starts with the text) are one anchored
/// automaton, checked once per line; `re:` and `span` entries are regexes.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    rules: Vec<(Regex, Scope)>,
    /// Line starts, `block` ones first so that they win over a `line` one.
    starts: Option<(AhoCorasick, Vec<Scope>)>,
    /// The bytes a line start can begin with (both cases): most lines begin with none of them
    /// and skip the automaton.
    first_bytes: [u64; 4],
    /// Every rule with its assertions (`^`, `$`, `\b`) taken out, as one alternation: it matches
    /// an article wherever a rule matches one of its lines (and maybe more). One search over the
    /// whole article tells whether any rule needs trying line by line — usually none; a search
    /// per line and rule costs far more than the bytes it reads.
    prefilter: Option<Regex>,
}

impl Boilerplate {
    pub fn new(lexicon: Option<&Lexicon>) -> Boilerplate {
        let mut rules = Vec::new();
        let mut starts: Vec<(&str, Scope)> = Vec::new();
        if let Some(lex) = lexicon {
            for e in &lex.entries {
                let scope = match lex.categories[e.category].as_str() {
                    "block" => Scope::Block,
                    "span" => Scope::Span,
                    _ => Scope::Line,
                };
                let plain = !e.pattern.starts_with("re:") && e.pattern.is_ascii();
                if plain && scope != Scope::Span {
                    starts.push((e.pattern.as_str(), scope));
                } else if let Pattern::Regex(re) = &e.compiled {
                    rules.push((re.clone(), scope));
                }
            }
        }
        starts.sort_by_key(|&(_, scope)| scope != Scope::Block);
        let mut first_bytes = [0u64; 4];
        for (text, _) in &starts {
            if let Some(&b) = text.as_bytes().first() {
                for b in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                    first_bytes[b as usize / 64] |= 1 << (b % 64);
                }
            }
        }
        let starts = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Anchored)
            .match_kind(MatchKind::LeftmostFirst)
            .build(starts.iter().map(|s| s.0))
            .ok()
            .filter(|_| !starts.is_empty())
            .map(|ac| (ac, starts.iter().map(|s| s.1).collect()));
        let prefilter = rules
            .iter()
            .map(|(re, _)| without_assertions(re).map(|p| format!("(?:{p})")))
            .collect::<Option<Vec<String>>>()
            .and_then(|ps| Regex::new(&ps.join("|")).ok());
        Boilerplate {
            rules,
            starts,
            first_bytes,
            prefilter,
        }
    }

    /// Appends the byte ranges to leave out of `text` to `out` (cleared first; sorted, disjoint)
    /// and returns how many lines were touched.
    pub fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) -> usize {
        out.clear();
        if self.rules.is_empty() && self.starts.is_none() {
            return 0;
        }
        let rules: &[(Regex, Scope)] = match &self.prefilter {
            Some(p) if !p.is_match(text) => &[],
            _ => &self.rules,
        };
        if rules.is_empty() && self.starts.is_none() {
            return 0;
        }
        let mut lines = 0;
        let mut pos = 0;
        let bytes = text.as_bytes();
        while pos < text.len() {
            // A lone CR (old Mac files) ends a line as LF does; CRLF is one line end (the CR ends
            // the line, the LF is an empty line after it, as `split_inclusive` made it before).
            let base = pos;
            pos = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(text.len(), |k| pos + k + 1);
            let line = &text[base..pos];
            let body = line.trim_end_matches(['\n', '\r']);
            let mut touched = false;
            let mut whole = self.starts.as_ref().and_then(|(ac, scopes)| {
                let trimmed = body.trim_start();
                let first = *trimmed.as_bytes().first()?;
                if self.first_bytes[first as usize / 64] & (1 << (first % 64)) == 0 {
                    return None;
                }
                let start = Input::new(trimmed).anchored(Anchored::Yes);
                ac.find(start).map(|m| scopes[m.pattern().as_usize()])
            });
            for &(ref re, scope) in rules {
                match scope {
                    Scope::Span => {
                        for m in re.find_iter(body) {
                            if !m.is_empty() {
                                out.push((base + m.start(), base + m.end()));
                                touched = true;
                            }
                        }
                    }
                    _ if re.is_match(body) => {
                        whole =
                            Some(
                                whole.map_or(scope, |s| if s == Scope::Block { s } else { scope }),
                            );
                    }
                    _ => {}
                }
            }
            match whole {
                Some(Scope::Block) => {
                    out.push((base, text.len()));
                    lines += 1 + text[pos..]
                        .split(['\n', '\r'])
                        .filter(|l| !l.trim().is_empty())
                        .count();
                    break;
                }
                Some(_) => {
                    out.push((base, pos));
                    touched = true;
                }
                None => {}
            }
            if touched {
                lines += 1;
            }
        }
        normalize(out);
        lines
    }
}

/// A rule's pattern with each assertion replaced by the empty pattern (`Boilerplate::prefilter`).
/// Taking out an assertion only widens what a pattern matches, and a search over the whole article
/// finds any match inside one of its lines, so where it does not match an article the rule
/// matches none of its lines. None if the pattern cannot be rewritten (then every rule is tried on
/// every line).
fn without_assertions(re: &Regex) -> Option<String> {
    use regex_syntax::ast::{parse::Parser, print::Printer, Ast};
    fn strip(ast: &mut Ast) {
        match ast {
            Ast::Assertion(a) => *ast = Ast::empty(a.span),
            Ast::Repetition(r) => strip(&mut r.ast),
            Ast::Group(g) => strip(&mut g.ast),
            Ast::Alternation(a) => a.asts.iter_mut().for_each(strip),
            Ast::Concat(c) => c.asts.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut ast = Parser::new().parse(re.as_str()).ok()?;
    strip(&mut ast);
    let mut pattern = String::new();
    Printer::new().print(&ast, &mut pattern).ok()?;
    Some(pattern)
}

/// Sorts the ranges and merges overlapping ones.
fn normalize(ranges: &mut Vec<(usize, usize)>) {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges.iter() {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    *ranges = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_lexicon;
    use std::path::Path;

    fn rules(csv: &str) -> Boilerplate {
        let lex = parse_lexicon(Path::new("boilerplate.csv"), csv.as_bytes()).unwrap();
        Boilerplate::new(Some(&lex))
    }

    #[test]
    fn line_block_and_span() {
        let b = rules(
            "pattern,category\nCLICK HERE TO READ MORE,line\nA Message from The Moscow Times,block\nre:\\(RT\\)\\s*$,span\n",
        );
        let text = "One.\nclick here to read more from X\nTwo (RT)\nA Message from The Moscow Times:\nDear readers,\nGive.\n";
        let mut out = Vec::new();
        let lines = b.find(text, &mut out);
        let cut: Vec<_> = out.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            cut,
            [
                "click here to read more from X\n",
                "(RT)",
                "A Message from The Moscow Times:\nDear readers,\nGive.\n"
            ]
        );
        assert_eq!(lines, 5);
    }
}
