//! Boilerplate: sign-offs, "CLICK HERE TO READ MORE", linked headlines, embedded posts, photo
//! credits and donation appeals are not the outlet's reporting and must not be scored as if they
//! were.
//!
//! The entries of `lexicons/boilerplate.csv` are matched against each line. Category `line`
//! removes the line, `block` removes the line and everything after it (an appeal that runs to the
//! end of the article, as in seed 003), `span` removes only the matched text (a credit such as
//! "(RT)" at the end of a paragraph that is otherwise reporting). Two categories find the extent
//! of text an export ran into the copy: `runin` removes a marker (`READ MORE:`) and the linked
//! headline after it, up to where the copy visibly starts again (`runin`), and `embed` removes
//! the end of an embedded post or caption (a tweet's signature, a bracketed photo credit) and
//! its text back to its sentence's start (`embed`). Both end a sentence where they cut.
//!
//! Boilerplate never deletes reporting. Real copy often arrives flattened, a whole article on one
//! line, and a `line` rule that matches such a line would remove the article. So a line of more
//! than `LONG_LINE_WORDS` words is never removed whole: a `line` rule that matches it leaves out
//! only the text it matched, and a `block` rule leaves out from its match to the end of the
//! article only when that is short (an appeal at the end of flattened copy), otherwise only its
//! match. Each such case is noted (`LongLine`), and the run warns about them per rule
//! (`LongLineLog`). `runin` and `embed` removals are bounded in words and never take a line
//! whole unless it is theirs; the run counts them per outlet (`RemovedLog`).
//!
//! Every removal is kept with the rule that made it and how its extent was found (`Removal`),
//! for `slant explain`.

mod copy;
pub(crate) mod embed;
mod log;
pub(crate) mod runin;

pub use log::{LongLineLog, RemovedLog};

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use regex::Regex;

/// A line with more words than this (runs of non-whitespace) is not removed whole by a `line`
/// or `block` rule. A boilerplate line is one link, prompt, credit or caption: the examples of
/// the default `line` and `block` rules (tests/data/lexicon_examples/boilerplate.csv) have 1–16
/// words, and the
/// longest line a default rule removes in the seeds has 54 (seed 004's "Read:" link with a
/// sentence of reporting run into it). A news paragraph of several sentences, or a whole article
/// flattened to one line (hundreds of words), is longer.
pub const LONG_LINE_WORDS: usize = 60;

/// On a long line, a `block` rule leaves out from its match to the end of the article only if
/// that is at most this many words and less than half of the article's words: a donation appeal
/// (seed 003's is 161 words) at the end of flattened copy, not the reporting after a match early
/// in it.
pub const BLOCK_TAIL_WORDS: usize = 300;

/// What a rule removes: the line, the line and everything after it, only its match, a marker
/// and the headline after it, or an embedded item's end and its text before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Line,
    Block,
    Span,
    Runin,
    Embed,
}

/// How a removal's extent was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A `line` rule: the line.
    Line,
    /// A `block` rule: the line and everything after it.
    Block,
    /// A `span` rule: its match.
    Span,
    /// A `line` or `block` rule on a long line: only its match.
    MatchOnly,
    /// A `block` rule on a long line: from its match to the (short) end of the article.
    Tail,
    /// A `runin` rule: the marker and the headline after it, ended so.
    Runin(runin::End),
    /// An `embed` rule: the item's end and its text before it, started so.
    Embed(embed::Start),
}

impl How {
    /// How explain describes it.
    pub fn describe(self) -> &'static str {
        match self {
            How::Line => "the line",
            How::Block => "the line and everything after it",
            How::Span => "the matched text",
            How::MatchOnly => {
                "only the matched text: a line of more than 60 words is never removed whole"
            }
            How::Tail => "from the match to the end of the article",
            How::Runin(end) => end.describe(),
            How::Embed(start) => start.describe(),
        }
    }
}

/// One removal: a byte span of the text, the rule that made it (its entry's index in the
/// boilerplate lexicon) and how its extent was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    pub start: usize,
    pub end: usize,
    pub rule: u32,
    pub how: How,
}

/// An article's removals of the kinds the run counts per outlet (`RemovedLog`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    /// Linked headlines (`runin` rules).
    pub runins: u32,
    /// Embedded posts and captions (`embed` rules).
    pub embeds: u32,
}

impl Removed {
    /// The count of each kind in `removals`, overlapping removals of a kind counted once (a
    /// tweet's signature and its links are two entries' matches of one tweet).
    pub fn of(removals: &[Removal]) -> Removed {
        let spans = |runin: bool| -> u32 {
            let mut v: Vec<(usize, usize)> = removals
                .iter()
                .filter(|r| match r.how {
                    How::Runin(_) => runin,
                    How::Embed(_) => !runin,
                    _ => false,
                })
                .map(|r| (r.start, r.end))
                .collect();
            normalize(&mut v);
            v.len() as u32
        };
        Removed {
            runins: spans(true),
            embeds: spans(false),
        }
    }
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
/// automaton, checked once per line; `re:`, `span`, `runin` and `embed` entries are regexes.
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

/// Where `find_all` puts what it removes: the ranges to leave out and each removal with its rule.
struct Sink<'a> {
    ranges: &'a mut Vec<(usize, usize)>,
    removals: &'a mut Vec<Removal>,
}

impl Sink<'_> {
    fn cut(&mut self, start: usize, end: usize, rule: u32, how: How) {
        self.ranges.push((start, end));
        self.removals.push(Removal {
            start,
            end,
            rule,
            how,
        });
    }
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
            if plain && matches!(r.scope, Scope::Line | Scope::Block) {
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
    pub fn label(&self, rule: u32) -> (&str, u64) {
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
        self.find_all(text, out, long, &mut Vec::new())
    }

    /// `find_noting`, and every removal with its rule in `removals` (cleared first; in the order
    /// found, which is by line; they may overlap).
    pub fn find_all(
        &self,
        text: &str,
        out: &mut Vec<(usize, usize)>,
        long: &mut Vec<LongLine>,
        removals: &mut Vec<Removal>,
    ) -> usize {
        out.clear();
        long.clear();
        removals.clear();
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
        let mut sink = Sink {
            ranges: out,
            removals,
        };
        let mut next_screened = 0;
        let mut lines = 0;
        let mut pos = 0;
        let bytes = text.as_bytes();
        while pos < text.len() {
            // A lone CR (old Mac files) ends a line as LF does; CRLF is one line end (the CR ends
            // the line, the LF is an empty line after it, as `split_inclusive` made it before).
            let base = pos;
            pos = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(text.len(), |k| pos + k + 1);
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
            let line = Line {
                text,
                base,
                end: pos,
            };
            match self.line(line, rules, &mut sink, long) {
                Outcome::Untouched => {}
                Outcome::Touched => lines += 1,
                Outcome::ToEnd(start, rule, how) => {
                    sink.cut(start, text.len(), rule, how);
                    lines += 1 + text[pos..]
                        .split(['\n', '\r'])
                        .filter(|l| !l.trim().is_empty())
                        .count();
                    break;
                }
            }
        }
        normalize(out);
        lines
    }

    /// Applies the rules to one line: what they removed went to `sink`; says whether the line
    /// was touched, or where the block to leave out to the article's end starts.
    fn line(
        &self,
        line: Line,
        rules: &[(Regex, Scope, u32)],
        sink: &mut Sink,
        long: &mut Vec<LongLine>,
    ) -> Outcome {
        let body = line.body();
        let base = line.base;
        let mut touched = false;
        let mut whole = self.line_start(body);
        for &(ref re, scope, id) in rules {
            match scope {
                Scope::Span => {
                    for m in re.find_iter(body).filter(|m| !m.is_empty()) {
                        sink.cut(base + m.start(), base + m.end(), id, How::Span);
                        touched = true;
                    }
                }
                Scope::Runin => touched |= runins(re, line, id, sink),
                Scope::Embed => touched |= embeds(re, line, id, sink),
                // A `block` rule wins over a `line` rule.
                _ if whole.is_none_or(|(s, _)| s != Scope::Block) && re.is_match(body) => {
                    whole = Some((scope, id));
                }
                _ => {}
            }
        }
        // A long line is never removed whole (see the module comment).
        if whole.is_some() && body.split_whitespace().nth(LONG_LINE_WORDS).is_some() {
            let (cut, tail) = self.on_long_line(line, rules, sink, long);
            return match tail {
                Some((start, rule)) => Outcome::ToEnd(start, rule, How::Tail),
                None if cut || touched => Outcome::Touched,
                None => Outcome::Untouched,
            };
        }
        match whole {
            Some((Scope::Block, rule)) => Outcome::ToEnd(base, rule, How::Block),
            Some((_, rule)) => {
                sink.cut(base, line.end, rule, How::Line);
                Outcome::Touched
            }
            None if touched => Outcome::Touched,
            None => Outcome::Untouched,
        }
    }

    /// The plain `line` or `block` rule the line starts with, if any.
    fn line_start(&self, body: &str) -> Option<(Scope, u32)> {
        let (ac, scopes) = self.starts.as_ref()?;
        let trimmed = body.trim_start();
        let first = *trimmed.as_bytes().first()?;
        if self.first_bytes[first as usize / 64] & (1 << (first % 64)) == 0 {
            return None;
        }
        let start = Input::new(trimmed).anchored(Anchored::Yes);
        ac.find(start)
            .and_then(|m| scopes.get(m.pattern().as_usize()).copied())
    }

    /// The `line` and `block` rules that match the long line `line`: a `line` rule's matches,
    /// and a `block` rule's where the rest of the article after them is long, go to `sink`; a
    /// `block` match after which it is short gives the start of the tail to leave out (the
    /// earliest such) and its rule. Notes in `long` each rule that matched before the tail.
    /// Returns whether a non-empty span went to `sink`, and the tail.
    fn on_long_line(
        &self,
        line: Line,
        rules: &[(Regex, Scope, u32)],
        sink: &mut Sink,
        long: &mut Vec<LongLine>,
    ) -> (bool, Option<(usize, u32)>) {
        let (text, base, body) = (line.text, line.base, line.body());
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
            if matches!(scope, Scope::Line | Scope::Block) {
                for m in re.find_iter(body) {
                    matches.push((base + m.start(), base + m.end(), scope, id));
                }
            }
        }
        let mut article_words = None;
        let mut cut = false;
        let mut tail: Option<(usize, u32)> = None;
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
                if tail.is_none_or(|(t, _)| start < t) {
                    tail = Some((start, rule));
                }
            } else if end > start {
                sink.cut(start, end, rule, How::MatchOnly);
                cut = true;
            }
            noted.push((start, LongLine { rule, to_end }));
        }
        // A rule that matched only inside the tail changed nothing.
        for (start, note) in noted {
            if tail.is_none_or(|(t, _)| start <= t) && !long.contains(&note) {
                long.push(note);
            }
        }
        (cut, tail)
    }
}

/// A line of an article: `text[base..end]`, its line end included.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    base: usize,
    end: usize,
}

impl<'a> Line<'a> {
    /// The line without its line end.
    fn body(&self) -> &'a str {
        self.text[self.base..self.end].trim_end_matches(['\n', '\r'])
    }
}

/// What the rules did to a line.
enum Outcome {
    Untouched,
    Touched,
    /// Everything from this offset to the article's end goes, by this rule, so.
    ToEnd(usize, u32, How),
}

/// The run-ins of `line` whose marker `re` matches where inserted text can start: the marker and
/// the headline after it go to `sink` (`runin::end`). A headline that runs to the end of a line
/// it starts goes with its line end, as a `line` rule takes a line. Returns whether any did.
fn runins(re: &Regex, line: Line, rule: u32, sink: &mut Sink) -> bool {
    let body = line.body();
    let mut touched = false;
    for m in re.find_iter(body) {
        if m.is_empty() || !runin::marker_stands_alone(body, m.start()) {
            continue;
        }
        let (end, how) = runin::end(body, m.end());
        let (start, end) = if how == runin::End::Line && body[..m.start()].trim().is_empty() {
            (line.base, line.end)
        } else {
            (line.base + m.start(), line.base + end)
        };
        sink.cut(start, end, rule, How::Runin(how));
        touched = true;
    }
    touched
}

/// The embedded items of `line` whose end `re` matches: the end and the item's text before it go
/// to `sink` (`embed::start`). Returns whether any did.
fn embeds(re: &Regex, line: Line, rule: u32, sink: &mut Sink) -> bool {
    let body = line.body();
    let mut touched = false;
    for m in re.find_iter(body).filter(|m| !m.is_empty()) {
        let (start, how) = embed::start(body, m.start());
        sink.cut(
            line.base + start,
            line.base + m.end(),
            rule,
            How::Embed(how),
        );
        touched = true;
    }
    touched
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
                "READ MORE: ", "Related: a", "The ", "Security ", "said. ", "'accident' ",
                "pic.twitter.com/x", "https://t.co/y ", " \u{2014} A B (@ab) March 8, 2017", "[Reuters]",
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

    /// What `b` removes from `text`, each removal as (text, how), in the order found.
    fn removals(b: &Boilerplate, text: &str) -> Vec<(String, How)> {
        let (mut out, mut long, mut removals) = (Vec::new(), Vec::new(), Vec::new());
        b.find_all(text, &mut out, &mut long, &mut removals);
        removals
            .iter()
            .map(|r| (text[r.start..r.end].to_owned(), r.how))
            .collect()
    }

    #[test]
    fn a_linked_headline_run_into_flattened_copy_goes_and_the_copy_stays() {
        let b = default_rules();
        let text = format!(
            "{REPORTING} READ MORE: Paris police say rape of black man an 'accident' Interior Minister Bruno Le Roux said the officers would face justice. {REPORTING}"
        );
        let (cut, lines, notes) = cut(&b, &text);
        assert_eq!(
            cut,
            ["READ MORE: Paris police say rape of black man an 'accident'"]
        );
        // One line touched, and no long-line note: a run-in never takes a line whole.
        assert_eq!((lines, notes), (1, vec![]));
        assert_eq!(removals(&b, &text)[0].1, How::Runin(runin::End::Capital));
        // A marker inside a sentence is none.
        let inside = format!("{REPORTING} The sign read: Paris police say it was an accident.");
        assert!(cut_of(&b, &inside).is_empty());
    }

    fn cut_of(b: &Boilerplate, text: &str) -> Vec<String> {
        cut(b, text).0
    }

    #[test]
    fn a_linked_headline_on_its_own_line_goes_with_its_line_as_a_line_rule_took_it() {
        let b = default_rules();
        let text = "Reporting.\nPeruse too: Putin planned to visit Kim in North Korea on June 18-19\nMore reporting.";
        let (cut, lines, _) = cut(&b, text);
        assert_eq!(
            cut,
            ["Peruse too: Putin planned to visit Kim in North Korea on June 18-19\n"]
        );
        assert_eq!(lines, 1);
        // Seed 004's link with a sentence of reporting run into it: the sentence stays.
        let seed = "Read: Korea’s North and Russia’s: an engagement that displeases the United States He urged Washington to act.\n";
        assert_eq!(
            cut_of(&b, seed),
            ["Read: Korea’s North and Russia’s: an engagement that displeases the United States"]
        );
    }

    #[test]
    fn an_embedded_tweet_goes_back_to_its_sentence_and_counts_once() {
        let b = default_rules();
        let tweet = "Thank you to everyone who marched today https://t.co/0ViIBtJuFZ pic.twitter.com/AbC123xYz \u{2014} Eric Dupond (@edupond) February 12, 2017";
        let text = format!("{REPORTING} {tweet} The investigation continues. {REPORTING}");
        assert_eq!(cut_of(&b, &text), [tweet]);
        // Three entries matched it (the signature, the closing links, the picture link): one
        // embedded post.
        let mut out = Vec::new();
        let mut removals = Vec::new();
        b.find_all(&text, &mut out, &mut Vec::new(), &mut removals);
        assert_eq!(removals.len(), 3);
        assert_eq!(
            Removed::of(&removals),
            Removed {
                runins: 0,
                embeds: 1
            }
        );
    }
}
