//! A whole-text screen for regex entries (`re:`), which are matched line by line (boilerplate)
//! or sentence by sentence (the other lexicons). A regex search costs hundreds of instructions
//! to start, more than the bytes of a short sentence cost to read; one search over the whole
//! article usually shows that no line or sentence needs one.

use regex::Regex;

/// One regex that matches a text wherever any of `res` matches one of its lines or sentences
/// (and maybe more), or None if a pattern cannot be rewritten (then every regex must be tried on
/// every piece).
///
/// Each pattern has its assertions (`^`, `$`, `\b`, …) replaced by the empty pattern: taking out
/// an assertion only widens what a pattern matches, and a pattern without assertions that matches
/// a piece of a text matches the text. So where the screen does not match an article, no regex
/// matches any of its pieces.
///
/// Each pattern also loses the classes and repetitions that start or end it (`^\s*` of a line
/// rule, `[A-Z][A-Z .,'-]+` before a dateline's `(Reuters)`): a text with a match of `a·b·c` has
/// one of `b`, so the screen still matches wherever the pattern does, and a screen that starts
/// with a literal is searched for that literal (alone, ten times faster on news text).
///
/// And a long bounded repetition (`[^()\n—–"]{0,60}?` of the tweet signature) repeats without
/// bound: a text with a match of `x{0,60}` has one of `x*`, and 60 copies of a Unicode class
/// made the screen alone 25 M instructions (about 8 ms) to compile on every run.
pub(crate) fn screen<'a>(res: impl IntoIterator<Item = &'a Regex>) -> Option<Regex> {
    let parts = res
        .into_iter()
        .map(|re| without_assertions(re).map(|p| format!("(?:{p})")))
        .collect::<Option<Vec<String>>>()?;
    if parts.is_empty() {
        return None;
    }
    Regex::new(&parts.join("|")).ok()
}

/// A pattern with each assertion replaced by the empty pattern.
fn without_assertions(re: &Regex) -> Option<String> {
    use regex_syntax::ast::{parse::Parser, print::Printer, Ast, RepetitionKind, RepetitionRange};
    fn strip(ast: &mut Ast) {
        match ast {
            Ast::Assertion(a) => *ast = Ast::empty(a.span),
            Ast::Repetition(r) => {
                if let RepetitionKind::Range(RepetitionRange::Bounded(m, n)) = r.op.kind {
                    if n > 4 {
                        r.op.kind = RepetitionKind::Range(RepetitionRange::AtLeast(m));
                    }
                }
                strip(&mut r.ast)
            }
            Ast::Group(g) => strip(&mut g.ast),
            Ast::Alternation(a) => a.asts.iter_mut().for_each(strip),
            Ast::Concat(c) => c.asts.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut ast = Parser::new().parse(re.as_str()).ok()?;
    strip(&mut ast);
    trim_ends(&mut ast);
    let mut pattern = String::new();
    Printer::new().print(&ast, &mut pattern).ok()?;
    Some(pattern)
}

/// Takes out the classes and repetitions before the first and after the last literal or group
/// of a concatenation (of each branch of an alternation); a concatenation of nothing else, and
/// flags anywhere, are kept.
fn trim_ends(ast: &mut regex_syntax::ast::Ast) {
    use regex_syntax::ast::{Ast, RepetitionKind, RepetitionRange};
    let loose = |a: &Ast| {
        matches!(
            a,
            Ast::Repetition(_)
                | Ast::ClassBracketed(_)
                | Ast::ClassPerl(_)
                | Ast::ClassUnicode(_)
                | Ast::Dot(_)
                | Ast::Empty(_)
        )
    };
    let firm = |a: &Ast| !loose(a) && !matches!(a, Ast::Flags(_));
    // A repetition of at least one: a text with a match of `(x)+` has one of `x`, which may
    // begin with a literal to search for (`^(?:[^\n]{1,400}?\(\d{2}…\)\s*)+`, DW's teasers).
    let at_least_one = |a: &Ast| match a {
        Ast::Repetition(r) => {
            let min = match &r.op.kind {
                RepetitionKind::ZeroOrOne | RepetitionKind::ZeroOrMore => 0,
                RepetitionKind::OneOrMore => 1,
                RepetitionKind::Range(
                    RepetitionRange::Exactly(m)
                    | RepetitionRange::AtLeast(m)
                    | RepetitionRange::Bounded(m, _),
                ) => *m,
            };
            match &*r.ast {
                Ast::Group(g) if min >= 1 => Some((*g.ast).clone()),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(inner) = at_least_one(ast) {
        *ast = inner;
        return trim_ends(ast);
    }
    match ast {
        Ast::Alternation(a) => a.asts.iter_mut().for_each(trim_ends),
        Ast::Concat(c) if !c.asts.iter().any(firm) => {
            if let Some(inner) = c.asts.iter().find_map(at_least_one) {
                *ast = inner;
                trim_ends(ast);
            }
        }
        Ast::Concat(c) => {
            let first = c.asts.iter().position(firm);
            let last = c.asts.iter().rposition(firm);
            if let (Some(first), Some(last)) = (first, last) {
                let mut i = 0;
                c.asts.retain(|a| {
                    let keep = !loose(a) || (first..=last).contains(&i);
                    i += 1;
                    keep
                });
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn re(p: &str) -> Regex {
        Regex::new(p).unwrap()
    }

    #[test]
    fn assertions_are_taken_out() {
        let s = screen([&re(r"^\s*advertisement\s*$"), &re(r"\b[RD]-[A-Z]\w*\b")]).unwrap();
        assert!(s.is_match("x advertisement y"));
        assert!(s.is_match("CD-ROM"));
        assert!(!s.is_match("nothing here"));
        assert!(screen(std::iter::empty()).is_none());
    }

    #[test]
    fn classes_and_repetitions_at_the_ends_are_taken_out() {
        let dateline = re(r"^[A-Z][A-Z .,'-]+\((Reuters|AP)\)\s*[-–—]+\s*");
        assert_eq!(without_assertions(&dateline).unwrap(), r"\((Reuters|AP)\)");
        // A repetition of at least one group stands for one of its matches.
        let teasers = re(r"^(?:[^\n]{1,300}?\(\d{2}\.\d{2}\.\d{4}\)\s*)+");
        assert_eq!(
            without_assertions(&teasers).unwrap(),
            r"\(\d{2}\.\d{2}\.\d{4}\)"
        );
        // Not one that may match nothing: then the group is trimmed as any repetition is.
        let optional = re(r"^(?:ab)*$");
        assert_eq!(without_assertions(&optional).unwrap(), r"(?:ab)*");
        let ad = re(r"(?i)^\s*advertisement\s*$");
        assert_eq!(without_assertions(&ad).unwrap(), "(?i)advertisement");
        // Nothing but classes: kept whole.
        assert_eq!(without_assertions(&re(r"\d+\s*")).unwrap(), r"\d+\s*");
        assert_eq!(without_assertions(&re(r"\d+x|\sy")).unwrap(), "x|y");
    }

    #[test]
    fn long_bounded_repetitions_repeat_without_bound() {
        let tweet = re(r"—[^()\n]{0,60}?\(@\w{1,15}\) \d{4}");
        assert_eq!(
            without_assertions(&tweet).unwrap(),
            r"—[^()\n]{0,}?\(@\w{1,}\) "
        );
        // Short ones stay: they cost little and keep the screen tight.
        assert_eq!(without_assertions(&re(r"a\d{1,2}b")).unwrap(), r"a\d{1,2}b");
    }

    proptest! {
        /// Wherever a regex matches a sentence of a text, the screen matches the text.
        #[test]
        fn a_piece_that_matches_means_the_text_matches(
            text in "[a-zA-Z .\n-]{0,60}",
            cut in 0usize..60,
            len in 0usize..60,
        ) {
            let regexes = [
                re(r"\b[RD]-[A-Z][a-z]*\b"),
                re(r"(?m)^ab$"),
                re(r"\Bc\b"),
                re(r"^[A-Z][a-z .-]+(?i)x\s*[-.]+\s*$"),
                re(r"a[b-z ]{0,6}?c\.{2,9}"),
            ];
            let s = screen(&regexes).unwrap();
            let a = cut.min(text.len());
            let b = (a + len).min(text.len());
            let piece = &text[a..b];
            if regexes.iter().any(|r| r.is_match(piece)) {
                prop_assert!(s.is_match(&text));
            }
        }
    }
}
