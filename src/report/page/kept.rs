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

/// The rows the page shows, kept as they are written.
#[derive(Debug, Default)]
pub struct Kept {
    article_header: Vec<String>,
    /// hits.csv's header; `None` under `--no-hits`.
    hits_header: Option<Vec<String>>,
    /// The lexicons whose hits the followed metrics are made of ("tone" of `tone`).
    lexicons: Vec<String>,
    /// Every article's row, until there are more than `MAX_ARTICLES`.
    pub articles: Option<Vec<Row>>,
    /// Every row of hits.csv, while the articles are listed and there are at most `MAX_HITS`.
    pub hits: Option<Vec<Row>>,
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
        let listing = hits_header.is_some();
        Kept {
            article_header,
            hits_header,
            lexicons,
            articles: Some(Vec::new()),
            hits: listing.then(Vec::new),
            drivers: ByDriving::default(),
        }
    }

    /// Whether the run writes hits.csv.
    pub fn has_hits(&self) -> bool {
        self.hits_header.is_some()
    }

    /// Whether the rows of an article (`driving` or not) are of use to the page: parsing them
    /// costs, so a large run keeps only the driving articles'.
    pub fn wants(&self, driving: bool) -> bool {
        self.articles.is_some() || (driving && self.hits_header.is_some())
    }

    /// One article's rows as written: its row of articles.csv and its rows of hits.csv.
    pub fn add<'r>(
        &mut self,
        id: &str,
        article: &StringRecord,
        hits: impl IntoIterator<Item = &'r StringRecord>,
        driving: bool,
        drivers: &Drivers,
    ) {
        if let Some(list) = &mut self.articles {
            if list.len() < MAX_ARTICLES {
                list.push(row_of(&self.article_header, article));
            } else {
                self.articles = None;
                self.hits = None;
            }
        }
        let Some(header) = &self.hits_header else {
            return;
        };
        let lexicon = header.iter().position(|c| c == "lexicon");
        let mut d = driving.then(DriverHits::default);
        for h in hits {
            if let Some(list) = &mut self.hits {
                if list.len() < MAX_HITS as usize {
                    list.push(row_of(header, h));
                } else {
                    self.hits = None;
                }
            }
            if let Some(d) = &mut d {
                d.all += 1;
                let of = lexicon.and_then(|c| h.get(c));
                if of.is_some_and(|l| self.lexicons.iter().any(|x| x == l)) {
                    d.of_lexicons += 1;
                    if d.shown.len() < DRIVER_HITS_SHOWN {
                        d.shown.push(row_of(header, h));
                    }
                }
            }
        }
        if let Some(d) = d {
            self.drivers.note(id, d, drivers);
        }
    }

    /// One article's rows as a worker rendered them (CSV bytes, no header). Only what is still
    /// kept is parsed: past `MAX_HITS` hits, the hits of the driving articles alone.
    pub fn add_rendered(
        &mut self,
        id: &str,
        article: &[u8],
        hits: &[u8],
        driving: bool,
        drivers: &Drivers,
    ) {
        let records = |bytes: &[u8]| -> Vec<StringRecord> {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes)
                .into_records()
                .filter_map(Result::ok)
                .collect()
        };
        let article = match &self.articles {
            Some(_) => records(article).into_iter().next().unwrap_or_default(),
            None => StringRecord::new(),
        };
        let hits = match self.hits.is_some() || driving {
            true => records(hits),
            false => Vec::new(),
        };
        self.add(id, &article, &hits, driving, drivers);
    }
}

fn row_of(header: &[String], record: &StringRecord) -> Row {
    crate::report::read::row_of(header, record)
}
