//! The report writer: the files of a run in progress, in the staging folder `outdir` gives, and
//! the switch to them when the run succeeds. skipped.csv is capped per reason.

use super::articles::{ARTICLE_FLAGS, ARTICLE_KEYS};
use super::cells::{render, safe, safe_record, unsafe_cell};
use crate::aggregate::table::Table;
use crate::corpus::ArticleRef;
use crate::report::files;
use crate::report::outdir::OutDir;
use crate::score::metrics::Metric;
use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// reports/README.txt, written with every run: what each file holds and how to read its columns.
pub(crate) const REPORTS_README: &str = include_str!("reports_readme.txt");

pub(crate) const SKIPPED_HEADER: &[&str] = &["article_id", "outlet", "source", "reason"];

type CsvOut = csv::Writer<BufWriter<File>>;

/// The report files of a run in progress.
pub(crate) struct ReportWriter {
    /// The locked report folder; taken by `commit` to switch the new reports in.
    dir: Option<OutDir>,
    /// Where this run's files are written (`OutDir::staging`).
    tmp: PathBuf,
    /// articles.csv takes rows the workers already rendered (`render_article`), so it is plain
    /// bytes too.
    articles: BufWriter<File>,
    /// hits.csv takes rows the workers already rendered (`render_hits`), so it is plain bytes.
    hits: Option<BufWriter<File>>,
    /// The plain per-article files (quotes.csv, …: `files::detail_files`), from rows the
    /// workers rendered.
    details: Vec<BufWriter<File>>,
    skipped: CsvOut,
    skip_cap: SkipCap,
    /// `--excel`: every CSV starts with a UTF-8 BOM.
    excel: bool,
    /// The length of hits.csv so far: where the next article's rows start.
    hits_len: u64,
    /// `--xlsx`: the corpus's metadata columns (text in the workbook), and that it is wanted.
    workbook: Option<Vec<String>>,
    /// `--parquet`: what types the Parquet files' columns, and that they are wanted.
    columnar: Option<super::columnar::Columns>,
    /// The columns of articles.csv and of hits.csv (none under `--no-hits`).
    headers: (Vec<String>, Option<Vec<String>>),
}

/// An article's rows of articles.csv, hits.csv (when hits are reported) and the plain
/// per-article files, rendered on a worker: the writer only copies them.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub article: Vec<u8>,
    pub hits: Option<Vec<u8>>,
    /// Where in `hits` the rows of the followed lexicons are, when the worker rendered them
    /// (`None` for rows the rerun cache gave back as they were written).
    pub(crate) followed: Option<super::hits::Followed>,
    /// One entry per `files::detail_files()`, in its order.
    pub details: Vec<Vec<u8>>,
}

impl Rows {
    /// Renders the article's rows of every plain per-article file.
    pub fn render_details(
        &mut self,
        a: &ArticleRef,
        s: &crate::score::Scored,
        set: &crate::lexicon::LexiconSet,
    ) {
        self.details = files::detail_files()
            .map(|(_, d)| (d.render)(a, s, set))
            .collect();
    }
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
    /// A writer into `dir`'s new folder (see `OutDir::open`); hits.csv is written when its
    /// header is given (`hits::hits_header`).
    pub(crate) fn create(
        dir: OutDir,
        meta_columns: &[String],
        metrics: &[Metric],
        hits_header: Option<&[&str]>,
        excel: bool,
    ) -> Result<ReportWriter> {
        let tmp = dir.staging().to_path_buf();
        let mut w = ReportWriter {
            articles: create_file(&tmp, files::ARTICLES, excel, 1 << 16)?,
            hits: if hits_header.is_some() {
                Some(create_file(&tmp, files::HITS, excel, 1 << 20)?)
            } else {
                None
            },
            details: files::detail_files()
                .map(|(name, _)| create_file(&tmp, name, excel, 1 << 16))
                .collect::<Result<_>>()?,
            skipped: create(&tmp, files::SKIPPED, excel)?,
            skip_cap: SkipCap::default(),
            excel,
            dir: Some(dir),
            tmp,
            hits_len: 0,
            workbook: None,
            columnar: None,
            headers: (Vec::new(), None),
        };
        let mut header: Vec<String> = ARTICLE_KEYS.iter().map(|c| c.to_string()).collect();
        header.extend(meta_columns.iter().cloned());
        header.extend(ARTICLE_FLAGS.iter().map(|c| c.to_string()));
        header.extend(metrics.iter().map(|m| m.name.clone()));
        w.headers = (
            header.clone(),
            hits_header.map(|h| h.iter().map(|c| c.to_string()).collect()),
        );
        // `check_columns` refuses names a spreadsheet would run; neutralized all the same.
        w.articles.write_all(&render(|w| {
            w.write_record(safe_record(&header).iter().map(|c| c.as_ref()))
        })?)?;
        if let (Some(h), Some(header)) = (&mut w.hits, hits_header) {
            use std::io::Seek;
            h.write_all(&render(|w| w.write_record(header))?)?;
            w.hits_len = h.stream_position()?;
        }
        for (out, (_, d)) in w.details.iter_mut().zip(files::detail_files()) {
            out.write_all(&render(|w| w.write_record(d.header))?)?;
        }
        w.skipped.write_record(SKIPPED_HEADER)?;
        Ok(w)
    }

    /// The writer of a run with `options`: hits.csv unless `--no-hits`, the Excel dialect,
    /// the workbook and the Parquet files as asked (the same for `score` and `merge`).
    pub(crate) fn for_run(
        dir: OutDir,
        meta_columns: &[String],
        metrics: &[Metric],
        options: &crate::aggregate::options::RunOptions,
    ) -> Result<ReportWriter> {
        let hits = (!options.no_hits).then(|| super::hits::hits_header(options.char_offsets));
        let mut w =
            ReportWriter::create(dir, meta_columns, metrics, hits.as_deref(), options.excel)?;
        if options.xlsx {
            w.with_workbook(meta_columns);
        }
        if options.parquet {
            w.with_parquet(meta_columns, metrics);
        }
        Ok(w)
    }

    /// The columns of articles.csv and of hits.csv (`None` under `--no-hits`), as written.
    pub(crate) fn headers(&self) -> (&[String], Option<&[String]>) {
        (&self.headers.0, self.headers.1.as_deref())
    }

    /// Also write reports.xlsx, with `text_columns` (the metadata columns) as text.
    pub(crate) fn with_workbook(&mut self, text_columns: &[String]) {
        self.workbook = Some(text_columns.to_vec());
    }

    /// Also write the Parquet files, with `meta_columns` as text and `metrics` typed by their
    /// format.
    pub(crate) fn with_parquet(&mut self, meta_columns: &[String], metrics: &[Metric]) {
        use crate::score::metrics::Format;
        self.columnar = Some(super::columnar::Columns {
            meta: meta_columns.to_vec(),
            metrics: metrics
                .iter()
                .map(|m| (m.name.clone(), m.format() == Format::Count))
                .collect(),
        });
    }

    /// The folder this run's files are written into (the rerun cache goes there too).
    pub(crate) fn folder(&self) -> &Path {
        &self.tmp
    }

    /// The length of hits.csv so far.
    pub(crate) fn hits_len(&self) -> u64 {
        self.hits_len
    }

    /// Writes an article's rows; returns where its rows of hits.csv are (offset, length), which
    /// the rerun cache's index keeps.
    pub(crate) fn scored(&mut self, rows: &Rows) -> Result<(u64, u64)> {
        self.articles.write_all(&rows.article)?;
        let hits_at = self.hits_len;
        if let (Some(w), Some(hits)) = (&mut self.hits, &rows.hits) {
            w.write_all(hits)?;
            self.hits_len += hits.len() as u64;
        }
        for (out, rows) in self.details.iter_mut().zip(&rows.details) {
            out.write_all(rows)?;
        }
        Ok((hits_at, self.hits_len - hits_at))
    }

    /// A row of another articles.csv with the same columns, copied as it is (`slant merge`).
    pub(crate) fn article_record(&mut self, r: &csv::ByteRecord) -> Result<()> {
        self.articles
            .write_all(&render(|w| w.write_byte_record(r))?)?;
        Ok(())
    }

    /// A row of another copy of the `k`th plain per-article file, copied as it is.
    pub(crate) fn detail_record(&mut self, k: usize, r: &csv::ByteRecord) -> Result<()> {
        if let Some(out) = self.details.get_mut(k) {
            out.write_all(&render(|w| w.write_byte_record(r))?)?;
        }
        Ok(())
    }

    /// A row of another hits.csv, copied as it is.
    pub(crate) fn hit_record(&mut self, r: &csv::ByteRecord) -> Result<()> {
        if let Some(w) = &mut self.hits {
            let row = render(|w| w.write_byte_record(r))?;
            w.write_all(&row)?;
            self.hits_len += row.len() as u64;
        }
        Ok(())
    }

    /// A row of another skipped.csv, copied as it is, within the same cap per reason as
    /// `skipped` (a merge lists the rows one run would). Whether it was written.
    pub(crate) fn skipped_record(&mut self, r: &csv::ByteRecord) -> Result<bool> {
        let reason = String::from_utf8_lossy(r.get(3).unwrap_or_default());
        if !self.skip_cap.admit(unsafe_cell(&reason)) {
            return Ok(false);
        }
        self.skipped.write_byte_record(r)?;
        Ok(true)
    }

    /// A row of skipped.csv, unless `MAX_SKIPPED_PER_REASON` rows already give its reason (then
    /// it is counted in a summary row). Whether it was written.
    pub(crate) fn skipped(&mut self, a: &ArticleRef, reason: &str) -> Result<bool> {
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
    pub(crate) fn skipped_beyond_cap(&mut self, left_out: &[(String, u64)]) {
        for (reason, n) in left_out {
            *self.skip_cap.beyond.entry(reason.clone()).or_default() += n;
        }
    }

    /// The rows left out of skipped.csv so far, by reason (for shard.json).
    pub(crate) fn skipped_left_out(&self) -> Vec<(String, u64)> {
        self.skip_cap
            .beyond
            .iter()
            .map(|(r, n)| (r.clone(), *n))
            .collect()
    }

    /// Flushes the row files and returns the folder they are in (to build the page from them).
    /// The first call ends skipped.csv with its summary rows.
    pub(crate) fn flush_rows(&mut self) -> Result<PathBuf> {
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
        for out in &mut self.details {
            out.flush()?;
        }
        self.skipped.flush()?;
        if let Some(h) = &mut self.hits {
            h.flush()?;
        }
        Ok(self.tmp.clone())
    }

    /// Writes the tables, texts and JSON files (run.json, shard.json), then switches the new
    /// folder in for `--out` in one step (`OutDir::switch`): the reports of this run, and no file
    /// of an earlier one, are what `--out` holds afterwards.
    pub(crate) fn commit(
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
                // Numbers are formatted here, as the file is written.
                let cells = Table::texts(r);
                o.write_record(safe_record(&cells).iter().map(|c| c.as_ref()))?;
            }
            o.flush()?;
        }
        std::fs::write(self.tmp.join(files::README), REPORTS_README)?;
        for (name, text) in texts {
            std::fs::write(self.tmp.join(name), text)?;
        }
        for (name, value) in jsons {
            let json = serde_json::to_string_pretty(value)?;
            let mut f = File::create(self.tmp.join(name))?;
            f.write_all(json.as_bytes())?;
            f.write_all(b"\n")?;
        }
        if let Some(text_columns) = &self.workbook {
            super::xlsx::write(&self.tmp, text_columns)?;
        }
        if let Some(columns) = &self.columnar {
            super::columnar::write(&self.tmp, columns)?;
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
pub(crate) const MAX_SKIPPED_PER_REASON: u64 = 10_000;

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
