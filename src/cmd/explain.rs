//! The `explain` command: one article's hits in context, for a terminal.
//!
//! Each sentence with a hit is printed with its hits marked `[like this]` (in colour on a
//! terminal), followed by one line per hit: lexicon.category, the pattern that matched, its
//! weight, negation, voice and actor — everything needed to disagree with a word.
//!
//! The hits come from scoring the article again (from a corpus, with the current lexicons), or
//! with `--reports DIR` from a finished run's hits.csv and articles.csv, exactly as reported.
//!
//! Scored again, the article's boilerplate removals are listed first — the text left out, the
//! entry that removed it and how its extent was found — since a linked headline or post cut too
//! short or too long changes what is counted. The reports do not keep them.

use crate::cli::ExplainArgs;
use crate::corpus;
use crate::error::UsageError;
use crate::lexicon;
use crate::pipeline::{Engine, Outcome, Rerun, Worker};
use crate::report::cells::unsafe_cell;
use crate::report::context::Placer;
use crate::report::hits::{render_hits, HITS_HEADER};
use crate::report::read::{read_rows, row_of, Row};
use crate::score::metrics::metrics;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The figures shown above the sentences.
const SUMMARY: &[&str] = &[
    "tokens",
    "sentences",
    "quote_share",
    "boilerplate_lines",
    "tone",
    "tone.author",
    "hedging.share",
    "attribution.distancing.share",
    "scare_quotes",
];

/// One hit, as hits.csv has it.
struct HitInfo {
    lexicon: String,
    category: String,
    pattern: String,
    matched: String,
    weight: String,
    negated: bool,
    in_quote: bool,
    actor: String,
}

/// A sentence with hits: its text and each hit's span in it.
struct SentenceView {
    number: usize,
    text: String,
    marks: Vec<(usize, usize, HitInfo)>,
}

/// Everything `explain` prints about an article.
struct View {
    id: String,
    outlet: String,
    summary: Vec<(String, String)>,
    repaired: bool,
    /// The boilerplate removals, when the article was scored again (the reports lack them).
    removed: Option<Vec<RemovedView>>,
    /// articles.csv `broken_chars`.
    broken_chars: u64,
    sentences: Vec<SentenceView>,
}

/// One boilerplate removal as explain shows it.
struct RemovedView {
    start: usize,
    end: usize,
    /// The text removed, shortened to `REMOVED_SHOWN` characters.
    text: String,
    /// The entry: pattern, file:line, category.
    entry: String,
    how: &'static str,
}

/// At most this many characters of a removed span are shown (a donation appeal runs to
/// hundreds of words).
const REMOVED_SHOWN: usize = 160;

pub fn run(args: &ExplainArgs) -> Result<()> {
    let view = match &args.reports {
        Some(dir) => from_reports(args, dir)?,
        None => from_corpus(args)?,
    };
    let stdout = std::io::stdout();
    let color = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    render(
        &mut out,
        &view,
        args,
        color,
        crate::term::stdout_is_terminal(),
    )?;
    out.flush()?;
    Ok(())
}

/// `--lexicon` and `--category` name a lexicon and a category the run has (`known`: each
/// lexicon's name and categories, from `source`), or the run stops with what there is: a typo
/// would otherwise print an article with no hits.
pub(crate) fn check_filter(
    lexicon: Option<&str>,
    category: Option<&str>,
    known: &[(String, Vec<String>)],
    source: &str,
) -> Result<()> {
    let scare = (
        crate::report::hits::SCARE_QUOTE_LEXICON.to_owned(),
        vec!["scare_quote".to_owned()],
    );
    let known: Vec<&(String, Vec<String>)> = known.iter().chain([&scare]).collect();
    let lexicons: Vec<&str> = known.iter().map(|(n, _)| n.as_str()).collect();
    let mut categories: Vec<&str> = match lexicon {
        Some(l) => {
            let Some((_, cats)) = known.iter().find(|(n, _)| n == l) else {
                return Err(UsageError(format!(
                    "--lexicon {l}: no such lexicon in {source}{}; the lexicons are {}",
                    crate::error::did_you_mean(l, &lexicons),
                    lexicons.join(", ")
                ))
                .into());
            };
            cats.iter().map(String::as_str).collect()
        }
        None => known
            .iter()
            .flat_map(|(_, c)| c.iter().map(String::as_str))
            .collect(),
    };
    categories.sort_unstable();
    categories.dedup();
    if let Some(c) = category {
        if !categories.contains(&c) {
            return Err(UsageError(format!(
                "--category {c}: no such category{}{}; the categories are {}",
                lexicon
                    .map(|l| format!(" in lexicon {l}"))
                    .unwrap_or_default(),
                crate::error::did_you_mean(c, &categories),
                categories.join(", ")
            ))
            .into());
        }
    }
    Ok(())
}

fn from_corpus(args: &ExplainArgs) -> Result<View> {
    let set = lexicon::load(&args.lexicons)?;
    crate::cmd::init::note_built_in(&set, false);
    let known: Vec<(String, Vec<String>)> = set
        .lexicons
        .iter()
        .map(|l| (l.name.clone(), l.categories.clone()))
        .collect();
    check_filter(
        args.lexicon.as_deref(),
        args.category.as_deref(),
        &known,
        &args.lexicons.display().to_string(),
    )?;
    let corpus = corpus::open(
        &args.inputs,
        args.manifest.as_deref(),
        &args.fields.fields(),
    )?;
    let mut some = Vec::new();
    let mut found = None;
    for item in corpus.items() {
        let id = item.source.identify();
        if id.as_deref() == Some(args.article_id.as_str()) {
            found = Some(item.source);
            break;
        }
        if some.len() < 5 {
            some.extend(id);
        }
    }
    let Some(source) = found else {
        let inputs: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(UsageError(format!(
            "no article `{}` in {}; ids are paths without .txt, or the records' `id`, e.g. {}",
            args.article_id,
            inputs.join(", "),
            some.join(", ")
        ))
        .into());
    };
    let engine = Engine::new(set);
    let (article, s) =
        match Worker::default().resolve(&engine, &Rerun::default(), source, None, true) {
            (a, Outcome::Scored(d)) => (a, d.scored),
            (a, Outcome::Skipped(reason)) => anyhow::bail!("{}: {reason}", a.origin),
            (a, Outcome::Elsewhere) => anyhow::bail!("{}: not scored", a.origin),
        };
    let set = &engine.set;
    let all = metrics(set);
    let summary = SUMMARY
        .iter()
        .filter_map(|&name| all.iter().find(|m| m.name == name))
        .map(|m| (m.name.clone(), m.cell(&s.score, set)))
        .collect();
    let sentences = rendered_sentences(&article, &s, set)?;
    Ok(View {
        id: article.id.clone(),
        outlet: article.outlet.clone(),
        summary,
        repaired: s.repaired,
        removed: Some(removed_views(&s, &engine.boilerplate)),
        broken_chars: s.broken_chars as u64,
        sentences,
    })
}

/// At most this many characters of an entry's pattern are shown beside a removal: a regex of
/// a post's signature runs to 200; its file and line are shown in full.
const PATTERN_SHOWN: usize = 60;

/// A boilerplate entry's label (`` `PATTERN` (file:line, category) ``) with a long pattern cut.
fn short_label(label: &str) -> String {
    let Some(at) = label.rfind(" (") else {
        return label.to_owned();
    };
    let (pattern, place) = label.split_at(at);
    if pattern.chars().count() <= PATTERN_SHOWN {
        return label.to_owned();
    }
    let cut: String = pattern.chars().take(PATTERN_SHOWN - 2).collect();
    format!("{cut}…`{place}")
}

/// The article's boilerplate removals in text order, each with its entry.
fn removed_views(
    s: &crate::score::Scored,
    boilerplate: &crate::text::boilerplate::Boilerplate,
) -> Vec<RemovedView> {
    let mut removals = s.removals.clone();
    removals.sort_by_key(|r| (r.start, r.end));
    removals
        .iter()
        .map(|r| {
            let text = s.text.get(r.start..r.end).unwrap_or_default().trim();
            let mut shown: String = text.chars().take(REMOVED_SHOWN).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            RemovedView {
                start: r.start,
                end: r.end,
                text: shown,
                entry: short_label(boilerplate.label(r.rule).0),
                how: r.how.describe(),
            }
        })
        .collect()
}

/// The article's hits.csv rows, exactly as a run writes them, read back as `--reports` reads
/// them: both ways show the same thing by construction.
fn rendered_sentences(
    article: &corpus::ArticleRef,
    s: &crate::score::Scored,
    set: &lexicon::LexiconSet,
) -> Result<Vec<SentenceView>> {
    let mut bytes = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut bytes);
        w.write_record(HITS_HEADER)?;
        w.flush()?;
    }
    bytes.extend(render_hits(article, s, set));
    let rows = article_rows(
        csv::Reader::from_reader(bytes.as_slice()),
        &article.id,
        "hits",
    )?;
    sentences_of(rows.into_iter().flatten())
}

fn from_reports(args: &ExplainArgs, dir: &Path) -> Result<View> {
    let id = args.article_id.as_str();
    if let Ok(run) = crate::report::run_json::RunJson::read(dir) {
        let known: Vec<(String, Vec<String>)> = run
            .lexicons
            .iter()
            .map(|l| (l.name.clone(), l.categories.clone()))
            .collect();
        check_filter(
            args.lexicon.as_deref(),
            args.category.as_deref(),
            &known,
            &dir.join("run.json").display().to_string(),
        )?;
    }
    let articles = read_rows(&dir.join("articles.csv"))?;
    let not_reports = |file: &str| -> anyhow::Error {
        UsageError(format!(
            "{} lacks the columns of a slant report; give the --out folder of `slant score`",
            dir.join(file).display()
        ))
        .into()
    };
    if !articles
        .iter()
        .all(|r| r.contains_key("article_id") && r.contains_key("outlet"))
    {
        return Err(not_reports("articles.csv"));
    }
    let Some(row) = articles
        .iter()
        .find(|r| unsafe_cell(&r["article_id"]) == id)
    else {
        return Err(UsageError(format!(
            "no article `{id}` in {}",
            dir.join("articles.csv").display()
        ))
        .into());
    };
    let hits_path = dir.join("hits.csv");
    if !hits_path.exists() {
        return Err(UsageError(format!(
            "{} has no hits.csv (scored with --no-hits?); explain from the corpus instead",
            dir.display()
        ))
        .into());
    }
    let rdr = crate::report::read::reader(&hits_path)?;
    let Some(rows) = article_rows(rdr, id, &hits_path.display().to_string())? else {
        return Err(not_reports("hits.csv"));
    };
    let sentences = sentences_of(rows)?;
    let summary = SUMMARY
        .iter()
        .filter_map(|&c| row.get(c).map(|v| (c.to_owned(), v.clone())))
        .collect();
    Ok(View {
        id: id.to_owned(),
        outlet: unsafe_cell(&row["outlet"]).to_owned(),
        summary,
        repaired: row.get("encoding_repaired").is_some_and(|v| v == "true"),
        removed: None,
        broken_chars: row
            .get("broken_chars")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        sentences,
    })
}

/// The rows of hits.csv (`rdr`, `name` in errors) of article `id`, read one at a time: the
/// article's hits are grouped as they come, never all held as rows (a million of them took
/// gigabytes). None when the header lacks a column of hits.csv.
fn article_rows<'a, R: std::io::Read + 'a>(
    mut rdr: csv::Reader<R>,
    id: &'a str,
    name: &str,
) -> Result<Option<impl Iterator<Item = Result<Row>> + 'a>> {
    let header: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{name}: no header row"))?
        .iter()
        .map(String::from)
        .collect();
    if !HITS_HEADER.iter().all(|c| header.iter().any(|h| h == c)) {
        return Ok(None);
    }
    let ids = header.iter().position(|h| h == "article_id").unwrap_or(0);
    let name = name.to_owned();
    Ok(Some(rdr.into_records().filter_map(move |r| match r {
        Ok(rec) => {
            (unsafe_cell(rec.get(ids).unwrap_or_default()) == id).then(|| Ok(row_of(&header, &rec)))
        }
        Err(e) => Some(Err(
            anyhow::Error::new(e).context(format!("{name}: not valid CSV")),
        )),
    })))
}

/// Hits.csv rows of one article, grouped by context — a sentence, or a window of a long one
/// (`report::context`) — with each hit placed in its context.
fn sentences_of(hits: impl Iterator<Item = Result<Row>>) -> Result<Vec<SentenceView>> {
    // Group by sentence and context, keeping the order of hits.csv (by position).
    let mut sentences: Vec<SentenceView> = Vec::new();
    // Per view, the article offsets of its hits, and per sentence all its hits (article offset,
    // matched text): a context that starts where its sentence starts is placed from them.
    let mut starts: Vec<Vec<u64>> = Vec::new();
    let mut marks: Vec<(usize, Vec<(u64, String)>)> = Vec::new();
    for h in hits {
        let h = h?;
        let number: usize = h["sentence"].parse().unwrap_or(0);
        let text = unsafe_cell(&h["context"]);
        if sentences
            .last()
            .is_none_or(|v| v.number != number || v.text != text)
        {
            sentences.push(SentenceView {
                number,
                text: text.to_owned(),
                marks: Vec::new(),
            });
            starts.push(Vec::new());
        }
        let start: u64 = h["start"].parse().unwrap_or(0);
        let end: u64 = h["end"].parse().unwrap_or(start);
        let info = hit_info(&h);
        if marks.last().is_none_or(|(n, _)| *n != number) {
            marks.push((number, Vec::new()));
        }
        if let Some((_, m)) = marks.last_mut() {
            m.push((start, info.matched.clone()));
        }
        if let (Some(v), Some(s)) = (sentences.last_mut(), starts.last_mut()) {
            let len = usize::try_from(end.saturating_sub(start)).unwrap_or(0);
            v.marks.push((0, len, info));
            s.push(start);
        }
    }
    // hits.csv has article offsets, not offsets in the context: find where each hit is.
    let mut sentence = marks.iter().peekable();
    for (v, starts) in sentences.iter_mut().zip(starts) {
        while sentence.next_if(|(n, _)| *n != v.number).is_some() {}
        let all = sentence.peek().map_or(&[][..], |(_, m)| m.as_slice());
        let placer = Placer::new(&v.text, all);
        for (m, start) in v.marks.iter_mut().zip(starts) {
            let (s, e) = match placer.place(start, &m.2.matched) {
                Some(at) => (at, at.saturating_add(m.1)),
                None => (usize::MAX, usize::MAX),
            };
            m.0 = s;
            m.1 = e;
        }
    }
    Ok(sentences)
}

/// A hits.csv row's cells that explain prints.
fn hit_info(h: &Row) -> HitInfo {
    HitInfo {
        lexicon: h["lexicon"].clone(),
        category: h["category"].clone(),
        pattern: unsafe_cell(&h["pattern"]).to_owned(),
        matched: unsafe_cell(&h["matched"]).to_owned(),
        weight: h["weight"].clone(),
        negated: h["negated"] == "true",
        in_quote: h["in_quote"] == "true",
        actor: h["actor"].clone(),
    }
}

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

/// The removed spans: each with its bytes, entry, how its extent was found, and its text. From
/// the reports, where they are not kept, a note says where to see them if there are any.
fn render_removed(
    out: &mut impl Write,
    view: &View,
    color: bool,
    p: &impl Fn(&str) -> String,
) -> Result<()> {
    let Some(removed) = &view.removed else {
        let lines = view
            .summary
            .iter()
            .find(|(k, _)| k == "boilerplate_lines")
            .map(|(_, v)| v.as_str());
        if lines.is_some_and(|v| !v.is_empty() && v != "0") {
            writeln!(
                out,
                "removed: the reports do not keep the boilerplate removed; explain from the corpus (without --reports) to list it"
            )?;
        }
        return Ok(());
    };
    if removed.is_empty() {
        return Ok(());
    }
    let n = removed.len();
    writeln!(
        out,
        "{} {n} span{} left out as boilerplate:",
        paint(color, "1", "removed"),
        if n == 1 { "" } else { "s" }
    )?;
    for r in removed {
        writeln!(
            out,
            "  bytes {}-{}  {}: {}",
            r.start,
            r.end,
            paint(color, "36", &p(&r.entry)),
            r.how,
        )?;
        writeln!(out, "    {:?}", p(&r.text))?;
    }
    Ok(())
}

/// What decoding did to the article's text, and its broken characters, if anything.
fn text_notes(view: &View, out: &mut impl Write) -> std::io::Result<()> {
    if view.repaired {
        writeln!(
            out,
            "note: the encoding was repaired (invalid bytes replaced, Windows-1252 read, or double-encoded UTF-8 such as `Ã©` decoded); the offsets and matched text are as written"
        )?;
    }
    if view.broken_chars > 0 {
        writeln!(
            out,
            "note: {} broken characters (U+FFFD, or double-encoded UTF-8 left as it was): a word with a lost letter is matched only by an entry that spells the letter",
            view.broken_chars
        )?;
    }
    Ok(())
}

/// `terminal`: the corpus's text (id, outlet, sentences, patterns, actors) is shown through
/// `term::printable`, so that escape sequences in it are not obeyed.
fn render(
    out: &mut impl Write,
    view: &View,
    args: &ExplainArgs,
    color: bool,
    terminal: bool,
) -> Result<()> {
    let p = |s: &str| -> String {
        if terminal {
            crate::term::printable(s).into_owned()
        } else {
            s.to_owned()
        }
    };
    writeln!(
        out,
        "{} {}  outlet {}",
        paint(color, "1", "article"),
        p(&view.id),
        p(&view.outlet)
    )?;
    let parts: Vec<String> = view
        .summary
        .iter()
        .map(|(k, v)| format!("{k} {}", if v.is_empty() { "-" } else { v }))
        .collect();
    writeln!(out, "{}", parts.join("  "))?;
    render_removed(out, view, color, &p)?;
    text_notes(view, out)?;
    writeln!(out)?;
    let keep = |h: &HitInfo| {
        args.lexicon.as_deref().is_none_or(|l| l == h.lexicon)
            && args.category.as_deref().is_none_or(|c| c == h.category)
    };
    for v in &view.sentences {
        let mut marks: Vec<&(usize, usize, HitInfo)> =
            v.marks.iter().filter(|m| keep(&m.2)).collect();
        if marks.is_empty() {
            continue;
        }
        marks.sort_by_key(|m| (m.0, m.1));
        let mut shown = String::new();
        let mut pos = 0;
        for &&(s, e, _) in &marks {
            if s < pos
                || e > v.text.len()
                || !v.text.is_char_boundary(s)
                || !v.text.is_char_boundary(e)
            {
                continue;
            }
            shown.push_str(&p(&v.text[pos..s]));
            shown.push_str(&paint(color, "1;33", &format!("[{}]", p(&v.text[s..e]))));
            pos = e;
        }
        shown.push_str(&p(&v.text[pos..]));
        writeln!(
            out,
            "{} {shown}",
            paint(color, "2", &format!("[{}]", v.number))
        )?;
        for (_, _, h) in marks {
            let mut line = format!(
                "{}  {:?}  pattern {}  weight {}",
                paint(color, "36", &format!("{}.{}", h.lexicon, h.category)),
                h.matched,
                p(&h.pattern),
                h.weight
            );
            if h.negated {
                line.push_str("  negated");
            }
            if h.in_quote {
                line.push_str("  in quotation");
            }
            if !h.actor.is_empty() {
                line.push_str(&format!("  actor {}", p(&h.actor)));
            }
            writeln!(out, "    {line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
