//! What the page shows of the row files, kept as a run writes the rows rather than read back from
//! the files: for a run small enough to list its articles, every row of articles.csv and (up to
//! `MAX_HITS`) of hits.csv; for a run of any size, where in hits.csv the hits of the articles
//! behind the figures are (byte spans), read back at the end for the final driving articles
//! only (`driver_hits`): parsing every article's hits as it entered the ends cost a fifth of a
//! run with hits on a corpus of many outlets, where most articles enter them once.
//!
//! `slant score` hands over each article's rows as its worker rendered them, `slant merge` the
//! shards' rows as it copies them: the page shows the cells the files hold, whichever command
//! wrote them.

use super::{MAX_ARTICLES, MAX_HITS};
use crate::aggregate::drivers::{ByDriving, Drivers};
use crate::report::read::Row;
use anyhow::Result;
use csv::StringRecord;
use std::collections::BTreeMap;
use std::path::Path;

/// Hits shown per driving article below the driver tables.
pub(crate) const DRIVER_HITS_SHOWN: usize = 40;

/// A driving article's hits as the page shows them: how many it has, how many are of the
/// metrics' lexicons, and the first `DRIVER_HITS_SHOWN` of those: an article of a million hits
/// takes the memory of forty.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct DriverHits {
    pub all: usize,
    pub of_lexicons: usize,
    pub shown: Vec<Row>,
}

/// Rows of a CSV file as written (no header), and how many (not `report::writer::Rows`, an
/// article's rows of every file).
#[derive(Debug, Default)]
struct WrittenRows {
    bytes: Vec<u8>,
    count: usize,
}

/// The rows the page shows, kept as they are written.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    article_header: Vec<String>,
    /// hits.csv's header; `None` under `--no-hits`.
    hits_header: Option<Vec<String>>,
    /// The lexicons whose hits the followed metrics are made of ("tone" of `tone`).
    lexicons: Vec<String>,
    /// Every article's row as written, until there are more than `MAX_ARTICLES`: bytes, not
    /// parsed rows, so that the first thousands of a large run cost little.
    articles: Option<WrittenRows>,
    /// Every row of hits.csv, while the articles are kept and there are at most `MAX_HITS`.
    hits: Option<WrittenRows>,
    /// Where in hits.csv the driving articles' hits are (offset, length), and some that left
    /// the ends since, dropped now and then.
    pub drivers: ByDriving<(u64, u64)>,
}

impl Kept {
    /// `metrics`: the run's metric names, of which `drivers` follows some.
    pub(crate) fn new(
        article_header: Vec<String>,
        hits_header: Option<Vec<String>>,
        metrics: &[String],
        drivers: &Drivers,
    ) -> Kept {
        let mut lexicons: Vec<String> = drivers
            .metrics
            .iter()
            .filter_map(|&m| metrics.get(m))
            .map(|n| n.split('.').next().unwrap_or(n).to_owned())
            .collect();
        lexicons.dedup();
        let hits = hits_header.is_some().then(WrittenRows::default);
        Kept {
            article_header,
            hits_header,
            lexicons,
            articles: Some(WrittenRows::default()),
            hits,
            drivers: ByDriving::default(),
        }
    }

    /// Whether the run writes hits.csv.
    pub(crate) fn has_hits(&self) -> bool {
        self.hits_header.is_some()
    }

    /// Whether every article's rows are still kept (the run is small enough to list them).
    pub(crate) fn lists(&self) -> bool {
        self.articles.is_some()
    }

    /// Every article's row of articles.csv, when the run was small enough to keep them all.
    pub(crate) fn articles(&self) -> Option<Vec<Row>> {
        let rows = self.articles.as_ref()?;
        Some(parse(&self.article_header, &rows.bytes))
    }

    /// Every row of hits.csv, when the run kept them all.
    pub(crate) fn hits(&self) -> Option<Vec<Row>> {
        let (header, rows) = (self.hits_header.as_ref()?, self.hits.as_ref()?);
        Some(parse(header, &rows.bytes))
    }

    /// One article's rows as written (CSV bytes, no header): its row of articles.csv and its
    /// `hit_rows` rows of hits.csv; `driving`: where its rows are in hits.csv, when it is among
    /// the driving articles now.
    pub(crate) fn add(
        &mut self,
        id: &str,
        (article, hits): (&[u8], &[u8]),
        hit_rows: usize,
        driving: Option<(u64, u64)>,
        drivers: &Drivers,
    ) {
        if let Some(list) = &mut self.articles {
            if list.count < MAX_ARTICLES {
                list.bytes.extend_from_slice(article);
                list.count += 1;
            } else {
                self.articles = None;
                self.hits = None;
            }
        }
        if let Some(list) = &mut self.hits {
            if list.count + hit_rows <= MAX_HITS as usize {
                list.bytes.extend_from_slice(hits);
                list.count += hit_rows;
            } else {
                self.hits = None;
            }
        }
        if let Some(span) = driving.filter(|_| self.hits_header.is_some()) {
            self.drivers.note(id, span, drivers);
        }
    }

    /// The hits of the driving articles, read from the spans of `hits_path` (hits.csv) noted
    /// for them: only those bytes, a buffer at a time.
    pub(crate) fn driver_hits(&self, hits_path: &Path) -> Result<BTreeMap<String, DriverHits>> {
        let spans = &self.drivers.0;
        if spans.is_empty() || self.hits_header.is_none() {
            return Ok(BTreeMap::new());
        }
        let at: Vec<(u64, u64)> = spans.values().copied().collect();
        let mut found: Vec<DriverHits> = spans.keys().map(|_| DriverHits::default()).collect();
        crate::report::read::each_record_at(hits_path, &at, |i, header, record| {
            let Some(d) = found.get_mut(i) else {
                return;
            };
            d.all += 1;
            let lexicon = header
                .iter()
                .position(|c| c == "lexicon")
                .and_then(|c| record.get(c));
            if lexicon.is_some_and(|l| self.lexicons.iter().any(|x| x == l)) {
                d.of_lexicons += 1;
                if d.shown.len() < DRIVER_HITS_SHOWN {
                    d.shown.push(crate::report::read::row_of(header, record));
                }
            }
        })?;
        Ok(spans.keys().cloned().zip(found).collect())
    }
}

/// CSV rows with no header.
fn records(bytes: &[u8]) -> impl Iterator<Item = StringRecord> + '_ {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .into_records()
        .filter_map(Result::ok)
}

fn parse(header: &[String], bytes: &[u8]) -> Vec<Row> {
    records(bytes)
        .map(|r| crate::report::read::row_of(header, &r))
        .collect()
}
