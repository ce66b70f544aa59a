//! What the page shows of the row files, kept as a run writes the rows rather than read back from
//! the files: for a run small enough to list its articles, every row of articles.csv and (up to
//! `MAX_HITS`) of hits.csv; for a run of any size, the hits of the articles behind the figures.
//!
//! `slant score` hands over each article's rows as its worker rendered them, `slant merge` the
//! shards' rows as it copies them: the page shows the cells the files hold, whichever command
//! wrote them, and reads no file.

use super::{MAX_ARTICLES, MAX_HITS};
use crate::aggregate::drivers::{ByDriving, Drivers};
use crate::report::read::Row;
use csv::StringRecord;

/// Hits shown per driving article below the driver tables.
pub const DRIVER_HITS_SHOWN: usize = 40;

/// A driving article's hits as the page shows them: how many it has, how many are of the
/// metrics' lexicons, and the first `DRIVER_HITS_SHOWN` of those: an article of a million hits
/// takes the memory of forty.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DriverHits {
    pub all: usize,
    pub of_lexicons: usize,
    pub shown: Vec<Row>,
}

/// Rows of a CSV file as written (no header), and how many.
#[derive(Debug, Default)]
struct Rows {
    bytes: Vec<u8>,
    count: usize,
}

/// The rows the page shows, kept as they are written.
#[derive(Debug, Default)]
pub struct Kept {
    article_header: Vec<String>,
    /// hits.csv's header; `None` under `--no-hits`.
    hits_header: Option<Vec<String>>,
    /// The lexicons whose hits the followed metrics are made of ("tone" of `tone`).
    lexicons: Vec<String>,
    /// Every article's row as written, until there are more than `MAX_ARTICLES`: bytes, not
    /// parsed rows, so that the first thousands of a large run cost little.
    articles: Option<Rows>,
    /// Every row of hits.csv, while the articles are kept and there are at most `MAX_HITS`.
    hits: Option<Rows>,
    /// The driving articles' hits (and some that left the ends since, dropped now and then).
    pub drivers: ByDriving<DriverHits>,
}

impl Kept {
    /// `metrics`: the run's metric names, of which `drivers` follows some.
    pub fn new(
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
        let hits = hits_header.is_some().then(Rows::default);
        Kept {
            article_header,
            hits_header,
            lexicons,
            articles: Some(Rows::default()),
            hits,
            drivers: ByDriving::default(),
        }
    }

    /// Whether the run writes hits.csv.
    pub fn has_hits(&self) -> bool {
        self.hits_header.is_some()
    }

    /// Whether the rows of an article (`driving` or not) would be kept: a large merge need not
    /// collect the rows of articles the page will not show.
    pub fn wants(&self, driving: bool) -> bool {
        self.articles.is_some() || (driving && self.hits_header.is_some())
    }

    /// Every article's row of articles.csv, when the run was small enough to keep them all.
    pub fn articles(&self) -> Option<Vec<Row>> {
        let rows = self.articles.as_ref()?;
        Some(parse(&self.article_header, &rows.bytes))
    }

    /// Every row of hits.csv, when the run kept them all.
    pub fn hits(&self) -> Option<Vec<Row>> {
        let (header, rows) = (self.hits_header.as_ref()?, self.hits.as_ref()?);
        Some(parse(header, &rows.bytes))
    }

    /// One article's rows as written (CSV bytes, no header): its row of articles.csv and its
    /// `hit_rows` rows of hits.csv; `driving`: whether it is among the driving articles now.
    pub fn add(
        &mut self,
        id: &str,
        (article, hits): (&[u8], &[u8]),
        hit_rows: usize,
        driving: bool,
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
        let Some(header) = self.hits_header.as_ref().filter(|_| driving) else {
            return;
        };
        let lexicon = header.iter().position(|c| c == "lexicon");
        let mut d = DriverHits::default();
        for h in records(hits) {
            d.all += 1;
            let of = lexicon.and_then(|c| h.get(c));
            if of.is_some_and(|l| self.lexicons.iter().any(|x| x == l)) {
                d.of_lexicons += 1;
                if d.shown.len() < DRIVER_HITS_SHOWN {
                    d.shown.push(crate::report::read::row_of(header, &h));
                }
            }
        }
        self.drivers.note(id, d, drivers);
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
