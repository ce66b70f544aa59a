//! Boilerplate: sign-offs, "CLICK HERE TO READ MORE", "Read:" links, photo credits and donation
//! appeals are not the outlet's reporting and must not be scored as if they were.
//!
//! The entries of `lexicons/boilerplate.csv` are matched against each line. Category `line`
//! removes the line, `block` removes the line and everything after it (an appeal that runs to the
//! end of the article, as in seed 003), `span` removes only the matched text (a credit such as
//! "(RT)" at the end of a paragraph that is otherwise reporting).
//!
//! Boilerplate never deletes reporting. Real copy often arrives flattened, a whole article on one
//! line, and a `line` rule that matches such a line would remove the article. So a line of more
//! than `LONG_LINE_WORDS` words is never removed whole: a `line` rule that matches it leaves out
//! only the text it matched, and a `block` rule leaves out from its match to the end of the
//! article only when that is short (an appeal at the end of flattened copy), otherwise only its
//! match. Each such case is noted (`LongLine`), and the run warns about them per rule
//! (`LongLineLog`).

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use regex::Regex;
use serde::{Deserialize, Serialize};

/// A line with more words than this (runs of non-whitespace) is not removed whole by a `line`
/// or `block` rule. A boilerplate line is one link, prompt, credit or caption: the examples of
/// the default rules (tests/data/lexicon_examples/boilerplate.csv) have 1–16 words, and the
/// longest line a default rule removes in the seeds has 54 (seed 004's "Read:" link with a
/// sentence of reporting run into it). A news paragraph of several sentences, or a whole article
/// flattened to one line (hundreds of words), is longer.
pub const LONG_LINE_WORDS: usize = 60;

/// On a long line, a `block` rule leaves out from its match to the end of the article only if
/// that is at most this many words and less than half of the article's words: a donation appeal
/// (seed 003's is 161 words) at the end of flattened copy, not the reporting after a match early
/// in it.
pub const BLOCK_TAIL_WORDS: usize = 300;

/// How many article ids a long-line warning names.
const WARN_EXAMPLES: usize = 3;

/// What a rule removes: the line, the line and everything after it, or only its match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Line,
    Block,
    Span,
}

/// One rule as the boilerplate lexicon gives it (`LexiconSet::boilerplate_rules`): rules, not a
/// lexicon, so that text analysis does not depend on how lexicons are read.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The pattern as written: plain text a line starts with, or `re:…`.
    pub pattern: String,
    /// The compiled regex of a `re:` or non-ASCII pattern.
    pub regex: Option<Regex>,
    pub scope: Scope,
    /// How warnings name it: pattern, file:line, category.
    pub label: String,
    /// Its line in the lexicon file.
    pub line: u64,
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
    /// Each regex rule with its scope and rule number (its entry's index in the lexicon).
    rules: Vec<(Regex, Scope, u32)>,
    /// Line starts, `block` ones first so that they win over a `line` one, with their scope and
    /// rule number.
    starts: Option<(AhoCorasick, Vec<(Scope, u32)>)>,
    /// The bytes a line start can begin with (both cases): most lines begin with none of them
    /// and skip the automaton.
    first_bytes: [u64; 4],
    /// Every rule with its assertions (`^`, `$`, `\b`) taken out, as one alternation: it matches
    /// an article wherever a rule matches one of its lines (and maybe more), so only the lines
    /// its matches touch need the rules tried — usually none, or one or two; a search per line
    /// and rule costs far more than the bytes it reads. (One regex per rule, or a `RegexSet`
    /// that names the rules, were measured 2–3× the cost of the rules line by line: each reads
    /// the whole article again.)
    prefilter: Option<Regex>,
    /// Per rule number: how warnings name it (pattern, file:line, category) and its file line.
    labels: Vec<(String, u64)>,
}

/// A `line` or `block` rule that matched a line of more than `LONG_LINE_WORDS` words, and what
/// it left out there instead of the whole line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongLine {
    /// The rule's number (its entry's index in the boilerplate lexicon).
    pub rule: u32,
    /// A `block` rule left out from its match to the end of the article; otherwise only the
    /// matched text was left out and the rest of the line kept.
    pub to_end: bool,
}

impl Boilerplate {
    /// The rules in lexicon order (a rule's number is its index).
    pub fn new(given: &[Rule]) -> Boilerplate {
        let mut rules = Vec::new();
        let mut starts: Vec<(&str, Scope, u32)> = Vec::new();
        let mut labels = Vec::new();
        for (i, r) in given.iter().enumerate() {
            let id = i as u32;
            labels.push((r.label.clone(), r.line));
            let plain = !r.pattern.starts_with("re:") && r.pattern.is_ascii();
            if plain && r.scope != Scope::Span {
                starts.push((r.pattern.as_str(), r.scope, id));
            } else if let Some(re) = &r.regex {
                rules.push((re.clone(), r.scope, id));
            }
        }
        starts.sort_by_key(|&(_, scope, _)| scope != Scope::Block);
        let mut first_bytes = [0u64; 4];
        for (text, _, _) in &starts {
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
            .map(|ac| (ac, starts.iter().map(|s| (s.1, s.2)).collect()));
        let prefilter = crate::text::screen::screen(rules.iter().map(|(re, _, _)| re));
        Boilerplate {
            rules,
            starts,
            first_bytes,
            prefilter,
            labels,
        }
    }

    /// How warnings name rule number `rule`, and its line in the file.
    fn label(&self, rule: u32) -> (&str, u64) {
        self.labels
            .get(rule as usize)
            .map_or(("`?`", 0), |(l, line)| (l.as_str(), *line))
    }

    /// Appends the byte ranges to leave out of `text` to `out` (cleared first; sorted, disjoint)
    /// and returns how many lines were touched.
    pub fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) -> usize {
        self.find_noting(text, out, &mut Vec::new())
    }

    /// `find`, and the rules that matched a long line (`LongLine`, once per rule and outcome) in
    /// `long` (cleared first).
    pub fn find_noting(
        &self,
        text: &str,
        out: &mut Vec<(usize, usize)>,
        long: &mut Vec<LongLine>,
    ) -> usize {
        out.clear();
        long.clear();
        if self.rules.is_empty() && self.starts.is_none() {
            return 0;
        }
        // Where a rule matches a line at some span, the alternation of the rules without their
        // assertions matches the article there, or one of its matches overlaps that span (its
        // search went on after a match that did): only the lines the screen's matches touch can
        // match a rule. An empty match touches the line it is in.
        let screened: Option<Vec<(usize, usize)>> = self.prefilter.as_ref().map(|p| {
            p.find_iter(text)
                .map(|m| (m.start(), m.end().max(m.start() + 1)))
                .collect()
        });
        if screened.as_ref().is_some_and(Vec::is_empty) && self.starts.is_none() {
            return 0;
        }
        let mut next_screened = 0;
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
            let rules: &[(Regex, Scope, u32)] = match &screened {
                None => &self.rules,
                Some(spans) => {
                    while spans
                        .get(next_screened)
                        .is_some_and(|&(_, end)| end <= base)
                    {
                        next_screened += 1;
                    }
                    match spans.get(next_screened) {
                        Some(&(start, _)) if start < pos => &self.rules,
                        _ => &[],
                    }
                }
            };
            let mut touched = false;
            let mut whole = self.starts.as_ref().and_then(|(ac, scopes)| {
                let trimmed = body.trim_start();
                let first = *trimmed.as_bytes().first()?;
                if self.first_bytes[first as usize / 64] & (1 << (first % 64)) == 0 {
                    return None;
                }
                let start = Input::new(trimmed).anchored(Anchored::Yes);
                ac.find(start).map(|m| scopes[m.pattern().as_usize()].0)
            });
            for &(ref re, scope, _) in rules {
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
            // A long line is never removed whole (see the module comment).
            let long_line =
                whole.is_some() && body.split_whitespace().nth(LONG_LINE_WORDS).is_some();
            let tail = if long_line {
                let (cut, tail) = self.on_long_line(text, base, body, rules, out, long);
                touched |= cut;
                tail
            } else {
                None
            };
            let block_from = match whole {
                _ if long_line => tail,
                Some(Scope::Block) => Some(base),
                Some(_) => {
                    out.push((base, pos));
                    touched = true;
                    None
                }
                None => None,
            };
            if let Some(start) = block_from {
                out.push((start, text.len()));
                lines += 1 + text[pos..]
                    .split(['\n', '\r'])
                    .filter(|l| !l.trim().is_empty())
                    .count();
                break;
            }
            if touched {
                lines += 1;
            }
        }
        normalize(out);
        lines
    }

    /// The `line` and `block` rules that match `body`, a long line of `text` at `base`: a
    /// `line` rule's matches, and a `block` rule's where the rest of the article after them is
    /// long, go to `out`; a `block` match after which it is short gives the start of the tail to
    /// leave out (the earliest such). Notes in `long` each rule that matched before the tail.
    /// Returns whether a non-empty span went to `out`, and the tail's start.
    fn on_long_line(
        &self,
        text: &str,
        base: usize,
        body: &str,
        rules: &[(Regex, Scope, u32)],
        out: &mut Vec<(usize, usize)>,
        long: &mut Vec<LongLine>,
    ) -> (bool, Option<usize>) {
        let mut matches: Vec<(usize, usize, Scope, u32)> = Vec::new();
        if let Some((ac, ids)) = &self.starts {
            let trimmed = body.trim_start();
            let lead = base + body.len() - trimmed.len();
            if let Some(m) = ac.find(Input::new(trimmed).anchored(Anchored::Yes)) {
                if let Some(&(scope, id)) = ids.get(m.pattern().as_usize()) {
                    matches.push((lead + m.start(), lead + m.end(), scope, id));
                }
            }
        }
        for &(ref re, scope, id) in rules {
            if scope != Scope::Span {
                for m in re.find_iter(body) {
                    matches.push((base + m.start(), base + m.end(), scope, id));
                }
            }
        }
        let mut article_words = None;
        let mut cut = false;
        let mut tail: Option<usize> = None;
        let mut noted: Vec<(usize, LongLine)> = Vec::with_capacity(matches.len());
        for (start, end, scope, rule) in matches {
            let to_end = scope == Scope::Block && {
                let after = text[start..]
                    .split_whitespace()
                    .take(BLOCK_TAIL_WORDS + 1)
                    .count();
                let all = *article_words.get_or_insert_with(|| text.split_whitespace().count());
                after <= BLOCK_TAIL_WORDS && 2 * after < all
            };
            if to_end {
                tail = Some(tail.map_or(start, |t| t.min(start)));
            } else if end > start {
                out.push((start, end));
                cut = true;
            }
            noted.push((start, LongLine { rule, to_end }));
        }
        // A rule that matched only inside the tail changed nothing.
        for (start, note) in noted {
            if tail.is_none_or(|t| start <= t) && !long.contains(&note) {
                long.push(note);
            }
        }
        (cut, tail)
    }
}

/// The run's long lines (`LongLine`) per rule and outcome: how many articles, and the first few
/// by input position. Sums, so the logs of shards merge into the log of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongLineLog {
    /// Sorted by the rule's line in the file, then outcome.
    rules: Vec<LongLineCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct LongLineCount {
    line: u64,
    to_end: bool,
    label: String,
    articles: u64,
    /// (input position, article id) of the first `WARN_EXAMPLES` articles.
    first: Vec<(u64, String)>,
}

impl LongLineLog {
    /// Adds the long lines of the article `id` at input position `pos`.
    pub fn add(&mut self, b: &Boilerplate, long: &[LongLine], pos: u64, id: &str) {
        for n in long {
            let (label, line) = b.label(n.rule);
            let c = self.entry(line, n.to_end, label);
            c.articles += 1;
            if c.first.len() < WARN_EXAMPLES || c.first.last().is_some_and(|l| l.0 > pos) {
                c.first.push((pos, id.to_owned()));
                c.first.sort();
                c.first.truncate(WARN_EXAMPLES);
            }
        }
    }

    /// Adds another log (of another shard of the same run).
    pub fn merge(&mut self, other: &LongLineLog) {
        for o in &other.rules {
            let c = self.entry(o.line, o.to_end, &o.label);
            c.articles += o.articles;
            c.first.extend(o.first.iter().cloned());
            c.first.sort();
            c.first.truncate(WARN_EXAMPLES);
        }
    }

    fn entry(&mut self, line: u64, to_end: bool, label: &str) -> &mut LongLineCount {
        let i = match self
            .rules
            .binary_search_by(|c| (c.line, c.to_end).cmp(&(line, to_end)))
        {
            Ok(i) => i,
            Err(i) => {
                self.rules.insert(
                    i,
                    LongLineCount {
                        line,
                        to_end,
                        label: label.to_owned(),
                        articles: 0,
                        first: Vec::new(),
                    },
                );
                i
            }
        };
        &mut self.rules[i]
    }

    /// One warning per rule and outcome.
    pub fn warnings(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|c| {
                let mut ids: Vec<&str> = c.first.iter().map(|f| f.1.as_str()).collect();
                let more = c.articles.saturating_sub(ids.len() as u64);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                if ids.is_empty() {
                    ids.push("?");
                }
                let what = if c.to_end {
                    format!("left out from the match to the end of the article (at most {BLOCK_TAIL_WORDS} words, less than half of it), not the whole line")
                } else {
                    "the line was kept and only the matched text left out; if such a line is boilerplate, write a `span` rule for it".to_owned()
                };
                format!(
                    "boilerplate {} matched a line of more than {LONG_LINE_WORDS} words (a flattened article?) in {} article{} ({}{more}): {what}",
                    c.label,
                    c.articles,
                    if c.articles == 1 { "" } else { "s" },
                    ids.join(", "),
                )
            })
            .collect()
    }
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
        Boilerplate::new(&lex.boilerplate_rules())
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

    proptest::proptest! {
        /// The screen only spares work: the default rules leave out the same text, count the
        /// same lines and note the same long lines with it as without it.
        #[test]
        fn the_screen_changes_nothing_but_the_work(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "(RT)", "©", " PHOTO REUTERS", "Advertisement", "MOSCOW (Reuters) - ", "\n",
                "\r\n", "\n\n", " ", "  ", "we need your help", "Getty Images", "Said it.",
                "Read also: x", "(Photo by A)", "picture: ", "A", "WORD ", "-", "Support our journalism",
            ]), 0..40),
        ) {
            let text: String = pieces.concat();
            let screened = default_rules();
            assert!(screened.prefilter.is_some());
            let unscreened = Boilerplate { prefilter: None, ..screened.clone() };
            proptest::prop_assert_eq!(cut(&screened, &text), cut(&unscreened, &text));
        }
    }

    /// The default rules, lexicons/boilerplate.csv.
    fn default_rules() -> Boilerplate {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/boilerplate.csv");
        let lex = parse_lexicon(&path, &std::fs::read(&path).unwrap()).unwrap();
        Boilerplate::new(&lex.boilerplate_rules())
    }

    /// What `b` leaves out of `text`, the lines it counts and its long-line notes as
    /// (pattern, to_end).
    fn cut(b: &Boilerplate, text: &str) -> (Vec<String>, usize, Vec<(String, bool)>) {
        let (mut out, mut long) = (Vec::new(), Vec::new());
        let lines = b.find_noting(text, &mut out, &mut long);
        let cut = out.iter().map(|&(s, e)| text[s..e].to_owned()).collect();
        let notes = long
            .iter()
            .map(|n| {
                let label = b.label(n.rule).0;
                (label[1..label.rfind('`').unwrap()].to_owned(), n.to_end)
            })
            .collect();
        (cut, lines, notes)
    }

    /// Reporting as it arrives flattened: paragraphs run together on one line (118 words).
    const REPORTING: &str = "Russian President Vladimir Putin is to make a historic visit to North Korea, with the two sides likely to sign a strategic partnership treaty. The Russian head of state is to arrive in Pyongyang on Tuesday on a friendly state visit, Kremlin aide Yuri Ushakov said. He will be heading a sizeable delegation, including Russia's foreign, defense, health, transport, and space ministers. Putin last visited North Korea more than 20 years ago, meeting with North Korean leader Kim Jong Un's father Kim Jong Il. The trip also comes nine months after the Russian chief executive hosted Kim on a rare foreign trip in the Russian Far East. Military, economic, and other cooperation between North Korea and Russia have sharply increased since Kim's visit.";

    #[test]
    fn a_one_line_article_with_sign_up_for_keeps_its_reporting() {
        let b = default_rules();
        // The prompt in the middle of the line: a plain rule matches only at a line's start.
        let middle = format!("{REPORTING} Sign up for our newsletter. {REPORTING}");
        assert_eq!(cut(&b, &middle), (vec![], 0, vec![]));
        // The prompt opening the line, as the copy that lost a whole article: only the matched
        // text is left out, and the rule is noted.
        let start = format!("Sign up for our free morning newsletter. {REPORTING}");
        assert_eq!(
            cut(&b, &start),
            (
                vec!["Sign up for".to_owned()],
                1,
                vec![("Sign up for".to_owned(), false)]
            )
        );
    }

    #[test]
    fn a_line_rule_keeps_a_flattened_seed_whole_but_its_match() {
        // Seed 002 flattened to one line: `re:©` matched it and removed the whole article.
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/002_18a16e2883d59481.txt");
        let seed = std::fs::read_to_string(path).unwrap();
        let flat = seed.lines().collect::<Vec<_>>().join(" ");
        let (cut, lines, notes) = cut(&default_rules(), &flat);
        assert_eq!(cut, ["©", "(RT)"]);
        assert_eq!(lines, 1);
        assert_eq!(notes, [("re:©".to_owned(), false)]);
        // As lines, the caption line goes whole, as before.
        let (cut, _, notes) = super::tests::cut(&default_rules(), &seed);
        assert!(cut[0].starts_with("Details of the trip") && cut[0].ends_with("RIA Novosti\n"));
        assert!(notes.is_empty());
    }

    #[test]
    fn a_line_of_sixty_words_is_short_and_of_sixty_one_long() {
        let b = rules("pattern,category\nSign up for,line\n");
        let words = |n: usize| {
            let mut w = vec!["Sign", "up", "for"];
            w.resize(n, "news");
            w.join(" ")
        };
        let short = format!("Reporting.\n{}\nMore reporting.", words(LONG_LINE_WORDS));
        let (cut_short, _, notes) = cut(&b, &short);
        assert_eq!(cut_short, [format!("{}\n", words(LONG_LINE_WORDS))]);
        assert!(notes.is_empty());
        let long = format!(
            "Reporting.\n{}\nMore reporting.",
            words(LONG_LINE_WORDS + 1)
        );
        assert_eq!(cut(&b, &long).0, ["Sign up for"]);
    }

    #[test]
    fn a_block_rule_on_a_long_line_takes_only_a_short_tail() {
        let b = rules(
            "pattern,category\nre:(?i)support independent journalism,block\nA Message from The Moscow Times,block\n",
        );
        let appeal = "Support independent journalism: we are facing unprecedented challenges, and to continue our work we need your help. Your support, no matter how small, makes a world of difference. Thank you for standing with us.";
        // An appeal at the end of a one-line article: left out from the match to the end.
        let end = format!("{REPORTING} {REPORTING} {appeal}");
        let (c, lines, notes) = cut(&b, &end);
        assert_eq!(c, [appeal]);
        assert_eq!(lines, 1);
        assert_eq!(
            notes,
            [("re:(?i)support independent journalism".to_owned(), true)]
        );
        // The words early in a one-line article: the reporting after them is kept.
        let early = format!(
            "Groups that support independent journalism in Russia said so. {REPORTING} {REPORTING}"
        );
        let (c, _, notes) = cut(&b, &early);
        assert_eq!(c, ["support independent journalism"]);
        assert_eq!(
            notes,
            [("re:(?i)support independent journalism".to_owned(), false)]
        );
        // Nor does a tail of more than half the article go, however short.
        let half = format!("{REPORTING} {appeal} {REPORTING}");
        assert_eq!(cut(&b, &half).0, ["Support independent journalism"]);
        // Seed 003's appeal flattened onto one long line of its own, after reporting lines.
        let flat_appeal = format!("A Message from The Moscow Times: Dear readers, {appeal}");
        let article = format!(
            "{REPORTING}\n{REPORTING}\n{REPORTING}\n{flat_appeal} {appeal}\nRemind me later.\n"
        );
        let (c, lines, notes) = cut(&b, &article);
        assert_eq!(c, [format!("{flat_appeal} {appeal}\nRemind me later.\n")]);
        assert_eq!(lines, 2);
        assert_eq!(
            notes,
            [("A Message from The Moscow Times".to_owned(), true)]
        );
    }

    #[test]
    fn long_line_warnings_sum_per_rule_and_merge_like_one_run() {
        let b = default_rules();
        let mut notes = Vec::new();
        let mut ranges = Vec::new();
        b.find_noting(
            &format!("Sign up for it. {REPORTING}"),
            &mut ranges,
            &mut notes,
        );
        assert_eq!(notes.len(), 1);
        let mut one = LongLineLog::default();
        let (mut odd, mut even) = (LongLineLog::default(), LongLineLog::default());
        for pos in 0..6u64 {
            let id = format!("a{pos}");
            one.add(&b, &notes, pos, &id);
            let half = if pos % 2 == 1 { &mut odd } else { &mut even };
            half.add(&b, &notes, pos, &id);
        }
        let mut merged = odd.clone();
        merged.merge(&even);
        assert_eq!(merged, one);
        let w = one.warnings();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("boilerplate `Sign up for` (boilerplate.csv:")
                && w[0].contains(", line) matched a line of more than 60 words")
                && w[0].contains("in 6 articles (a0, a1, a2 and 3 more): the line was kept"),
            "{}",
            w[0]
        );
    }
}
