//! What the page shows of the row files, kept as a run writes the rows rather than read back from
//! the files: for a run small enough to list its articles, every row of articles.csv and (up to
//! `MAX_HITS`) of hits.csv; for a run of any size, the first hits of the followed lexicons of
//! each article behind the figures, as bytes (`Noted`), parsed at the end for the final driving
//! articles only (`driver_hits`). The worker that renders an article's rows notes where those
//! rows are (`report::hits::Followed`), so an article entering the ends costs a copy of at most
//! `DRIVER_HITS_SHOWN` rows: parsing every article's hits as it entered the ends had cost a
//! fifth of a run with hits on a corpus of many outlets, where most articles enter them once.
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

/// A driving article's hits as noted when it entered the ends: how many rows it has in hits.csv,
/// how many of the followed lexicons, and the first `DRIVER_HITS_SHOWN` of those as written.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Noted {
    pub(crate) all: usize,
    pub(crate) of_lexicons: usize,
    pub(crate) rows: Vec<u8>,
}

impl Noted {
    /// From an article's rows of hits.csv and where its worker noted the followed lexicons'
    /// rows; `None` (rows the rerun cache gave back) finds them by reading the rows' lexicon.
    pub(crate) fn of(
        hits: &[u8],
        all: usize,
        followed: Option<&crate::report::hits::Followed>,
        header: &[String],
        lexicons: &[String],
    ) -> Noted {
        if let Some(f) = followed {
            let mut rows = Vec::new();
            for &(a, b) in &f.first {
                rows.extend_from_slice(&hits[a..b]);
            }
            return Noted {
                all,
                of_lexicons: f.rows,
                rows,
            };
        }
        let mut noted = Noted {
            all,
            ..Noted::default()
        };
        let lexicon = header.iter().position(|c| c == "lexicon");
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(hits)
            .into_byte_records()
            .filter_map(Result::ok)
        {
            noted.add_record(&r, lexicon, lexicons, &mut w);
        }
        noted.rows = w.into_inner().unwrap_or_default();
        noted
    }

    /// Counts one row of hits.csv of the article (`lexicon`: the column of its lexicon), and
    /// keeps it in `w` while fewer than `DRIVER_HITS_SHOWN` of the followed lexicons are kept.
    pub(crate) fn add_record(
        &mut self,
        r: &csv::ByteRecord,
        lexicon: Option<usize>,
        lexicons: &[String],
        w: &mut csv::Writer<Vec<u8>>,
    ) {
        let followed = lexicon
            .and_then(|c| r.get(c))
            .is_some_and(|l| lexicons.iter().any(|x| x.as_bytes() == l));
        if followed {
            if self.of_lexicons < DRIVER_HITS_SHOWN {
                // A Vec takes every byte: writing cannot fail.
                let _ = w.write_byte_record(r);
            }
            self.of_lexicons += 1;
        }
    }
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
    pub(crate) lexicons: Vec<String>,
    /// Every article's row as written, until there are more than `MAX_ARTICLES`: bytes, not
    /// parsed rows, so that the first thousands of a large run cost little.
    articles: Option<WrittenRows>,
    /// Every row of hits.csv, while the articles are kept and there are at most `MAX_HITS`.
    hits: Option<WrittenRows>,
    /// The driving articles' hits as noted, and some that left the ends since, dropped now
    /// and then.
    pub drivers: ByDriving<Noted>,
}

impl Kept {
    /// `metrics`: the run's metric names, of which `drivers` follows some.
    pub(crate) fn new(
        article_header: Vec<String>,
        hits_header: Option<Vec<String>>,
        metrics: &[String],
        drivers: &Drivers,
    ) -> Kept {
        let lexicons = drivers.lexicons(metrics);
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

    /// hits.csv's header, when the run writes it.
    pub(crate) fn hits_header(&self) -> Option<&[String]> {
        self.hits_header.as_deref()
    }

    /// One article's rows as written (CSV bytes, no header): its row of articles.csv and its
    /// `hit_rows` rows of hits.csv; `driving`: its hits as noted, when it is among the driving
    /// articles now.
    pub(crate) fn add(
        &mut self,
        id: &str,
        (article, hits): (&[u8], &[u8]),
        hit_rows: usize,
        driving: Option<Noted>,
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
        if let Some(noted) = driving.filter(|_| self.hits_header.is_some()) {
            self.drivers.note(id, noted, drivers);
        }
    }

    /// The hits of the driving articles, from the rows noted for them.
    pub(crate) fn driver_hits(&self) -> BTreeMap<String, DriverHits> {
        let Some(header) = &self.hits_header else {
            return BTreeMap::new();
        };
        self.drivers
            .0
            .iter()
            .map(|(id, noted)| {
                let hits = DriverHits {
                    all: noted.all,
                    of_lexicons: noted.of_lexicons,
                    shown: parse(header, &noted.rows),
                };
                (id.clone(), hits)
            })
            .collect()
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
