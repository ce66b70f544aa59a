//! Reports: the CSV files and run.json of a run, written so that a failed run never leaves a
//! half-written or mixed report.
//!
//! Every file is written into a new folder beside `--out`, swapped in for the old one in one step
//! only when the whole run has succeeded (`outdir`). Text cells that a spreadsheet would run as a formula are
//! neutralized with a leading `'`. Column names and order are the Contract of DESIGN.md.

pub mod charts;
pub mod outdir;
pub mod page;

use crate::aggregate::compare::Table;
use crate::corpus::ArticleRef;
use crate::lexicon::{LexiconSet, ACTORS};
use crate::report::outdir::OutDir;
use crate::score::metrics::{fmt_value, write_fixed, Format, Metric};
use crate::score::Scored;
use anyhow::{Context, Result};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub const HITS_HEADER: &[&str] = &[
    "article_id",
    "outlet",
    "sentence",
    "start",
    "end",
    "lexicon",
    "category",
    "pattern",
    "matched",
    "weight",
    "negated",
    "in_quote",
    "actor",
    "context",
];
/// quotes.csv: one row per quotation (docs/metrics.md, "Quotations").
pub const QUOTES_HEADER: &[&str] = &[
    "article_id",
    "outlet",
    "start",
    "end",
    "words",
    "kind",
    "speaker",
    "speaker_resolved",
    "actor",
    "cue",
    "cue_category",
];

/// reports/README.txt, written with every run: what each file holds and how to read its columns.
pub const REPORTS_README: &str = include_str!("reports_readme.txt");

pub const SKIPPED_HEADER: &[&str] = &["article_id", "outlet", "source", "reason"];

/// articles.csv: these columns, then the corpus's (title, date, …), then `ARTICLE_FLAGS`, then
/// the metrics.
pub const ARTICLE_KEYS: &[&str] = &["article_id", "outlet"];
pub const ARTICLE_FLAGS: &[&str] = &[
    "encoding",
    "encoding_repaired",
    "empty",
    "short",
    "quotes_unbalanced",
];

/// The pseudo-lexicon under which scare quotes appear in hits.csv, so each is explained too.
pub const SCARE_QUOTE_LEXICON: &str = "scare_quotes";

/// A text cell, made safe for spreadsheets: one starting with `=`, `+`, `-`, `@`, tab or CR gets
/// a leading `'`, which Excel, LibreOffice and Google Sheets show but do not evaluate.
/// A plain number ("-1.25") is left alone: a spreadsheet reads it as the number it is.
pub fn safe(s: &str) -> Cow<'_, str> {
    let number = s.starts_with(['-', '+'])
        && s.len() > 1
        && s[1..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s[1..].starts_with(|c: char| c.is_ascii_digit());
    // A cell that starts with `'` gets one more, so that `unsafe_cell` can tell a neutralized
    // `=x` (`'=x`) from a cell that was `'=x` (`''=x`): every cell reads back as it was.
    if !number && s.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Every cell of a record through `safe`.
fn safe_record(cells: &[String]) -> Vec<Cow<'_, str>> {
    cells.iter().map(|c| safe(c)).collect()
}

/// Undoes `safe`: the text of a cell as it was before neutralization.
pub fn unsafe_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => s,
    }
}

/// The columns of articles.csv, each with where its name comes from; an error naming both
/// sources when two would have the same name (the page and `explain` would show the wrong
/// value), or when a name a spreadsheet would run as a formula comes from a lexicon file or the
/// corpus.
pub fn check_columns(
    meta_columns: &[String],
    metrics: &[Metric],
    set: &LexiconSet,
) -> Result<(), crate::error::UsageError> {
    use crate::score::metrics::Kind;
    let own = "a column slant always writes".to_owned();
    // Which of two clashing columns is named first: slant's own, then the corpus's, then the
    // metrics in column order.
    let mut cols: Vec<(String, String)> = ARTICLE_KEYS
        .iter()
        .chain(ARTICLE_FLAGS)
        .map(|c| (c.to_string(), own.clone()))
        .collect();
    cols.extend(meta_columns.iter().map(|c| {
        (
            c.clone(),
            format!("the column `{c}` of the manifest or the corpus's records"),
        )
    }));
    for m in metrics {
        let from = match m.kind {
            Kind::Hits(li, ci)
            | Kind::Per1k(li, ci)
            | Kind::Author(li, ci)
            | Kind::Share(Some((li, ci))) => {
                let lex = &set.lexicons[li];
                format!(
                    "the category `{}` of the lexicon `{}` ({})",
                    lex.categories[ci],
                    lex.name,
                    lex.path.display()
                )
            }
            _ => "a metric slant always writes".to_owned(),
        };
        cols.push((m.name.clone(), from));
    }
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (name, from) in &cols {
        if safe(name) != name.as_str() {
            return Err(crate::error::UsageError(format!(
                "articles.csv would have a column `{name}`, from {from}: a name starting with =, +, -, @ or ' would be run as a formula by a spreadsheet; rename it"
            )));
        }
        if let Some(first) = seen.insert(name, from) {
            return Err(crate::error::UsageError(format!(
                "articles.csv would have two columns named `{name}`: {first}, and {from}; rename one of them"
            )));
        }
    }
    Ok(())
}

/// A report row: column → cell.
pub type Row = std::collections::HashMap<String, String>;

/// Reads a report CSV file into rows.
pub fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let rdr =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    rows_of(rdr, &path.display().to_string())
}

/// Reads CSV rows from any reader; `name` names it in errors.
pub fn rows_of<R: std::io::Read>(mut rdr: csv::Reader<R>, name: &str) -> Result<Vec<Row>> {
    let header: Vec<String> = rdr.headers()?.iter().map(String::from).collect();
    let mut rows = Vec::new();
    for r in rdr.records() {
        let r = r.with_context(|| format!("{name}: not valid CSV"))?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect(),
        );
    }
    Ok(rows)
}

fn bool_cell(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

type CsvOut = csv::Writer<BufWriter<File>>;

/// The report files of a run in progress.
pub struct ReportWriter {
    /// The locked report folder; taken by `commit` to switch the new reports in.
    dir: Option<OutDir>,
    /// Where this run's files are written (`OutDir::staging`).
    tmp: PathBuf,
    /// articles.csv takes rows the workers already rendered (`render_article`), so it is plain
    /// bytes too.
    articles: BufWriter<File>,
    /// hits.csv takes rows the workers already rendered (`render_hits`), so it is plain bytes.
    hits: Option<BufWriter<File>>,
    /// quotes.csv, from rows the workers rendered (`render_quotes`).
    quotes: BufWriter<File>,
    skipped: CsvOut,
    skip_cap: SkipCap,
    /// `--excel`: every CSV starts with a UTF-8 BOM.
    excel: bool,
    /// The length of hits.csv so far: where the next article's rows start.
    hits_len: u64,
}

/// An article's rows of articles.csv, hits.csv (when hits are reported) and quotes.csv, rendered
/// on a worker: the writer only copies them.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub article: Vec<u8>,
    pub hits: Option<Vec<u8>>,
    pub quotes: Vec<u8>,
}

/// A UTF-8 byte order mark: Excel reads a CSV without one as the system's legacy encoding.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A new report file, starting with a BOM under `--excel`.
fn create_file(dir: &Path, name: &str, excel: bool, capacity: usize) -> Result<BufWriter<File>> {
    let path = dir.join(name);
    let f = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::with_capacity(capacity, f);
    if excel {
        w.write_all(BOM)?;
    }
    Ok(w)
}

fn create(dir: &Path, name: &str, excel: bool) -> Result<CsvOut> {
    Ok(csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(create_file(dir, name, excel, 1 << 16)?))
}

impl ReportWriter {
    /// A writer into `dir`'s new folder (see `OutDir::open`).
    pub fn create(
        dir: OutDir,
        meta_columns: &[String],
        metrics: &[Metric],
        with_hits: bool,
        excel: bool,
    ) -> Result<ReportWriter> {
        let tmp = dir.staging().to_path_buf();
        let mut w = ReportWriter {
            articles: create_file(&tmp, "articles.csv", excel, 1 << 16)?,
            hits: if with_hits {
                Some(create_file(&tmp, "hits.csv", excel, 1 << 20)?)
            } else {
                None
            },
            quotes: create_file(&tmp, "quotes.csv", excel, 1 << 16)?,
            skipped: create(&tmp, "skipped.csv", excel)?,
            skip_cap: SkipCap::default(),
            excel,
            dir: Some(dir),
            tmp,
            hits_len: 0,
        };
        let mut header: Vec<String> = ARTICLE_KEYS.iter().map(|c| c.to_string()).collect();
        header.extend(meta_columns.iter().cloned());
        header.extend(ARTICLE_FLAGS.iter().map(|c| c.to_string()));
        header.extend(metrics.iter().map(|m| m.name.clone()));
        // `check_columns` refuses names a spreadsheet would run; neutralized all the same.
        w.articles.write_all(&render(|w| {
            w.write_record(safe_record(&header).iter().map(|c| c.as_ref()))
        })?)?;
        if let Some(h) = &mut w.hits {
            use std::io::Seek;
            h.write_all(&render(|w| w.write_record(HITS_HEADER))?)?;
            w.hits_len = h.stream_position()?;
        }
        w.quotes
            .write_all(&render(|w| w.write_record(QUOTES_HEADER))?)?;
        w.skipped.write_record(SKIPPED_HEADER)?;
        Ok(w)
    }

    /// The folder this run's files are written into (the rerun cache goes there too).
    pub fn folder(&self) -> &Path {
        &self.tmp
    }

    /// The length of hits.csv so far.
    pub fn hits_len(&self) -> u64 {
        self.hits_len
    }

    /// Writes an article's rows; returns where its rows of hits.csv are (offset, length), which
    /// the rerun cache's index keeps.
    pub fn scored(&mut self, rows: &Rows) -> Result<(u64, u64)> {
        self.articles.write_all(&rows.article)?;
        let hits_at = self.hits_len;
        if let (Some(w), Some(hits)) = (&mut self.hits, &rows.hits) {
            w.write_all(hits)?;
            self.hits_len += hits.len() as u64;
        }
        self.quotes.write_all(&rows.quotes)?;
        Ok((hits_at, self.hits_len - hits_at))
    }

    /// A row of another articles.csv with the same columns, copied as it is (`slant merge`).
    pub fn article_record(&mut self, r: &csv::ByteRecord) -> Result<()> {
        self.articles
            .write_all(&render(|w| w.write_byte_record(r))?)?;
        Ok(())
    }

    /// A row of another quotes.csv, copied as it is.
    pub fn quote_record(&mut self, r: &csv::ByteRecord) -> Result<()> {
        self.quotes
            .write_all(&render(|w| w.write_byte_record(r))?)?;
        Ok(())
    }

    /// A row of another hits.csv, copied as it is.
    pub fn hit_record(&mut self, r: &csv::ByteRecord) -> Result<()> {
        if let Some(w) = &mut self.hits {
            w.write_all(&render(|w| w.write_byte_record(r))?)?;
        }
        Ok(())
    }

    /// A row of another skipped.csv, copied as it is, within the same cap per reason as
    /// `skipped` (a merge lists the rows one run would). Whether it was written.
    pub fn skipped_record(&mut self, r: &csv::ByteRecord) -> Result<bool> {
        let reason = String::from_utf8_lossy(r.get(3).unwrap_or_default());
        if !self.skip_cap.admit(unsafe_cell(&reason)) {
            return Ok(false);
        }
        self.skipped.write_byte_record(r)?;
        Ok(true)
    }

    /// A row of skipped.csv, unless `MAX_SKIPPED_PER_REASON` rows already give its reason (then
    /// it is counted in a summary row). Whether it was written.
    pub fn skipped(&mut self, a: &ArticleRef, reason: &str) -> Result<bool> {
        if !self.skip_cap.admit(reason) {
            return Ok(false);
        }
        let source = &a.origin;
        self.skipped.write_record(
            [safe(&a.id), safe(&a.outlet), safe(source), safe(reason)]
                .iter()
                .map(|c| c.as_ref()),
        )?;
        Ok(true)
    }

    /// Rows another writer (a shard) left out of its skipped.csv, by reason.
    pub fn skipped_beyond_cap(&mut self, left_out: &[(String, u64)]) {
        for (reason, n) in left_out {
            *self.skip_cap.beyond.entry(reason.clone()).or_default() += n;
        }
    }

    /// The rows left out of skipped.csv so far, by reason (for shard.json).
    pub fn skipped_left_out(&self) -> Vec<(String, u64)> {
        self.skip_cap
            .beyond
            .iter()
            .map(|(r, n)| (r.clone(), *n))
            .collect()
    }

    /// Flushes the row files and returns the folder they are in (to build the page from them).
    /// The first call ends skipped.csv with its summary rows.
    pub fn flush_rows(&mut self) -> Result<PathBuf> {
        if !self.skip_cap.summarized {
            self.skip_cap.summarized = true;
            for (reason, n) in &self.skip_cap.beyond {
                let summary = format!(
                    "{n} more skipped for this reason, not listed (skipped.csv lists the first {MAX_SKIPPED_PER_REASON} of each reason; run.json counts them all): {reason}"
                );
                self.skipped
                    .write_record(["", "", "", safe(&summary).as_ref()])?;
            }
        }
        self.articles.flush()?;
        self.quotes.flush()?;
        self.skipped.flush()?;
        if let Some(h) = &mut self.hits {
            h.flush()?;
        }
        Ok(self.tmp.clone())
    }

    /// Writes the tables, texts and JSON files (run.json, shard.json), then switches the new
    /// folder in for `--out` in one step (`OutDir::switch`): the reports of this run, and no file
    /// of an earlier one, are what `--out` holds afterwards.
    pub fn commit(
        mut self,
        tables: &[(&str, &Table)],
        jsons: &[(&str, &serde_json::Value)],
        texts: &[(&str, &str)],
    ) -> Result<()> {
        self.flush_rows()?;
        for (name, table) in tables {
            let mut o = create(&self.tmp, name, self.excel)?;
            o.write_record(safe_record(&table.header).iter().map(|c| c.as_ref()))?;
            for r in &table.rows {
                o.write_record(safe_record(r).iter().map(|c| c.as_ref()))?;
            }
            o.flush()?;
        }
        std::fs::write(self.tmp.join("README.txt"), REPORTS_README)?;
        for (name, text) in texts {
            std::fs::write(self.tmp.join(name), text)?;
        }
        for (name, value) in jsons {
            let json = serde_json::to_string_pretty(value)?;
            let mut f = File::create(self.tmp.join(name))?;
            f.write_all(json.as_bytes())?;
            f.write_all(b"\n")?;
        }
        match self.dir.take() {
            Some(dir) => dir.switch(),
            None => Ok(()),
        }
    }
}

/// skipped.csv lists at most this many rows with one reason; the rest are counted in one summary
/// row per reason at its end. A 29 KB gzip of `{}` lines (each a record with no text) would
/// otherwise write 579 MB of identical rows.
pub const MAX_SKIPPED_PER_REASON: u64 = 10_000;

/// How many rows of skipped.csv gave each reason, and how many were left out.
#[derive(Debug, Default)]
struct SkipCap {
    seen: std::collections::HashMap<String, u64>,
    beyond: std::collections::BTreeMap<String, u64>,
    summarized: bool,
}

impl SkipCap {
    /// Counts a row with `reason`; false when it is beyond the cap.
    fn admit(&mut self, reason: &str) -> bool {
        let n = match self.seen.get_mut(reason) {
            Some(n) => n,
            None => self.seen.entry(reason.to_owned()).or_default(),
        };
        *n += 1;
        if *n <= MAX_SKIPPED_PER_REASON {
            return true;
        }
        *self.beyond.entry(reason.to_owned()).or_default() += 1;
        false
    }
}

/// One row of hits.csv, borrowed from a hit or a scare quote.
struct HitRow<'a> {
    sentence: u32,
    start: u32,
    end: u32,
    /// `,lexicon,category,pattern`, rendered (`HitCells`).
    entry: &'a [u8],
    /// `,weight`, rendered.
    weight: &'a [u8],
    negated: bool,
    in_quote: bool,
    /// `,actor`, rendered (`,` for none).
    actor: &'a [u8],
}

/// The cells of hits.csv that depend only on the lexicon entry or the actor, rendered once per run
/// rather than once per hit.
pub struct HitCells {
    /// Per lexicon, per entry: `,lexicon,category,pattern`, `,weight` and `,-weight` (negated).
    entries: Vec<Vec<[Vec<u8>; 3]>>,
    /// Per actor (a category of `actors`): `,actor`.
    actors: Vec<Vec<u8>>,
    /// A scare quote's `,lexicon,category,pattern` and `,weight`.
    scare: [Vec<u8>; 2],
}

impl HitCells {
    pub fn new(set: &LexiconSet) -> HitCells {
        let cells = |texts: &[&str]| {
            let mut out = Vec::new();
            for t in texts {
                out.push(b',');
                push_field(&mut out, &safe(t));
            }
            out
        };
        let weight = |w: f64| cells(&[&fmt_value(Some(w), Format::Hits)]);
        HitCells {
            entries: set
                .lexicons
                .iter()
                .map(|lex| {
                    lex.entries
                        .iter()
                        .map(|e| {
                            let names = [lex.name.as_str(), lex.category_name(e), &e.pattern];
                            [cells(&names), weight(e.weight), weight(-e.weight)]
                        })
                        .collect()
                })
                .collect(),
            actors: set
                .get(ACTORS)
                .map(|(_, l)| l.categories.iter().map(|c| cells(&[c])).collect())
                .unwrap_or_default(),
            scare: [
                cells(&[
                    SCARE_QUOTE_LEXICON,
                    "scare_quote",
                    "short unattributed quotation",
                ]),
                weight(1.0),
            ],
        }
    }
}

/// CSV bytes written by `f` (rows of hits.csv, its header), quoted as every report is.
fn render(f: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    f(&mut w)?;
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot render a CSV row: {e}"))
}

/// An article's row of articles.csv, rendered on the worker that scored it; `formats` are the
/// metric columns' formats, in order.
pub fn render_article(a: &ArticleRef, s: &Scored, formats: &[Format], short: bool) -> Vec<u8> {
    // Put together byte by byte as `push_field` does for hits.csv: a `csv::Writer` per article
    // zeroed an 8 KB buffer for one row (2% of a run).
    let mut row = Vec::with_capacity(256 + s.values.len() * 8);
    push_field(&mut row, &safe(&a.id));
    row.push(b',');
    push_field(&mut row, &safe(&a.outlet));
    for m in &a.meta {
        row.push(b',');
        push_field(&mut row, &safe(m));
    }
    for cell in [
        s.encoding,
        bool_cell(s.repaired),
        bool_cell(s.score.tokens == 0),
        bool_cell(short),
        bool_cell(s.score.quotes_unbalanced),
    ] {
        row.push(b',');
        row.extend_from_slice(cell.as_bytes());
    }
    // The metric cells are numbers, which never need quoting.
    let mut cell = String::new();
    for (v, format) in s.values.iter().zip(formats) {
        cell.clear();
        write_fixed(&mut cell, *v, *format);
        row.push(b',');
        row.extend_from_slice(cell.as_bytes());
    }
    row.push(b'\n');
    row
}

/// An article's rows of quotes.csv.
pub fn render_quotes(a: &ArticleRef, s: &Scored, set: &LexiconSet) -> Vec<u8> {
    let actors = set.get(crate::lexicon::ACTORS).map(|(_, l)| l);
    let attribution = set.get("attribution").map(|(_, l)| l);
    fn name(lex: Option<&crate::lexicon::Lexicon>, c: Option<usize>) -> &str {
        lex.zip(c)
            .and_then(|(l, c)| l.categories.get(c))
            .map_or("", String::as_str)
    }
    let mut out = Vec::with_capacity(s.quotes.len() * 128);
    let mut article = Vec::new();
    push_field(&mut article, &safe(&a.id));
    article.push(b',');
    push_field(&mut article, &safe(&a.outlet));
    for q in &s.quotes {
        out.extend_from_slice(&article);
        for n in [q.start, q.end, q.words] {
            out.push(b',');
            crate::score::metrics::push_uint_bytes(&mut out, u64::from(n));
        }
        out.push(b',');
        out.extend_from_slice(q.kind.name().as_bytes());
        for text in [
            q.speaker.as_str(),
            &q.speaker_resolved,
            name(actors, q.actor),
            &q.cue,
            name(attribution, q.cue_category),
        ] {
            out.push(b',');
            push_field(&mut out, &safe(text));
        }
        out.push(b'\n');
    }
    out
}

/// An article's rows of hits.csv.
pub fn render_hits(a: &ArticleRef, s: &Scored, set: &LexiconSet) -> Vec<u8> {
    render_hits_with(a, s, &HitCells::new(set))
}

/// An article's rows of hits.csv, rendered on the worker that scored it with the run's `cells`.
pub fn render_hits_with(a: &ArticleRef, s: &Scored, cells: &HitCells) -> Vec<u8> {
    // Rows are about 130 bytes and their sentence: room for all of them at once.
    let context: usize = s.hits.iter().map(|h| sentence_len(s, h.sentence)).sum();
    let mut out = Vec::with_capacity(context + (s.hits.len() + s.score.scare_quotes.len()) * 160);
    write_hits(&mut out, a, s, cells);
    out
}

fn sentence_len(s: &Scored, sentence: u32) -> usize {
    s.sentences
        .get(sentence as usize)
        .map_or(0, |&(b, e)| (e - b) as usize)
}

/// Appends `field` as the CSV writer writes it (`QuoteStyle::Necessary`): in double quotes, with
/// quotes doubled, when it holds a comma, a quote, CR or LF; as it is otherwise. hits.csv is the
/// largest report — ten times the corpus — so its rows are put together here, byte by byte,
/// rather than through `csv::Writer`.
fn push_field(out: &mut Vec<u8>, field: &str) {
    let b = field.as_bytes();
    if !b.iter().any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
        out.extend_from_slice(b);
        return;
    }
    out.push(b'"');
    for part in b.split_inclusive(|&c| c == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

fn write_hits(out: &mut Vec<u8>, a: &ArticleRef, s: &Scored, cells: &HitCells) {
    let hits = s.hits.iter().map(|h| {
        let [entry, weight, negated] = &cells.entries[h.lexicon][h.entry];
        HitRow {
            sentence: h.sentence,
            start: h.start,
            end: h.end,
            entry,
            weight: if h.negated { negated } else { weight },
            negated: h.negated,
            in_quote: h.in_quote,
            actor: h
                .actor
                .and_then(|i| cells.actors.get(i))
                .map_or(b",", Vec::as_slice),
        }
    });
    let scare = s.score.scare_quotes.iter().map(|q| HitRow {
        sentence: q.sentence,
        start: q.start,
        end: q.end,
        entry: &cells.scare[0],
        weight: &cells.scare[1],
        negated: false,
        in_quote: true,
        actor: b",",
    });
    let mut rows: Vec<HitRow> = hits.chain(scare).collect();
    // Stable: at one position, lexicon hits keep their order and come before a scare quote.
    rows.sort_by_key(|r| r.start);
    // The article's cells and each sentence's context are the same for many rows: made once.
    let mut article = Vec::new();
    push_field(&mut article, &safe(&a.id));
    article.push(b',');
    push_field(&mut article, &safe(&a.outlet));
    let mut context = Vec::new();
    let mut context_of = None;
    for r in rows {
        out.extend_from_slice(&article);
        for n in [r.sentence + 1, r.start, r.end] {
            out.push(b',');
            crate::score::metrics::push_uint_bytes(out, u64::from(n));
        }
        out.extend_from_slice(r.entry);
        out.push(b',');
        push_field(out, &safe(&s.text[r.start as usize..r.end as usize]));
        out.extend_from_slice(r.weight);
        for flag in [r.negated, r.in_quote] {
            out.push(b',');
            out.extend_from_slice(bool_cell(flag).as_bytes());
        }
        out.extend_from_slice(r.actor);
        out.push(b',');
        if context_of != Some(r.sentence) {
            context.clear();
            let text = s
                .sentences
                .get(r.sentence as usize)
                .map_or("", |&(b, e)| &s.text[b as usize..e as usize]);
            push_field(&mut context, &safe(text));
            context_of = Some(r.sentence);
        }
        out.extend_from_slice(&context);
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_the_csv_writer_quotes_them() {
        for field in [
            "",
            "plain",
            "a,b",
            "say \"no\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "'=x",
            "Россия, “да”",
            " ",
            "\"\"",
            "a\"\"b,",
        ] {
            let want = render(|w| w.write_record([field, "y"])).unwrap();
            let mut got = Vec::new();
            push_field(&mut got, field);
            got.extend_from_slice(b",y\n");
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{field:?}"
            );
        }
    }

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("+1"), "+1");
        assert_eq!(safe("+1+1"), "'+1+1");
        assert_eq!(safe("-x"), "'-x");
        assert_eq!(safe("-1.2500"), "-1.2500");
        assert_eq!(safe("-1+1"), "'-1+1");
        assert_eq!(safe("-"), "'-");
        assert_eq!(safe("@SUM"), "'@SUM");
        assert_eq!(safe("\tx"), "'\tx");
        assert_eq!(safe("Reuters"), "Reuters");
    }
}

#[cfg(test)]
mod neutralization_tests {
    use super::{safe, unsafe_cell};
    use proptest::prelude::*;

    proptest! {
        /// Every cell reads back as it was, and two different cells never print the same.
        #[test]
        fn neutralization_is_reversible(a in "['=+@\\-\t\r]{0,3}[ -~]{0,6}", b in "['=+@\\-]{0,3}[ -~]{0,6}") {
            let cell = safe(&a);
            prop_assert_eq!(unsafe_cell(&cell), a.as_str());
            if a != b {
                prop_assert_ne!(safe(&a), safe(&b));
            }
        }
    }
}
