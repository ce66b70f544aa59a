//! Every file a report folder may hold, in one list: the writer names its files from it, `--out`
//! accepts a folder only if it holds nothing else (`outdir`), a shard's row files are the `Rows`
//! entries, and the tests check that a run writes exactly these files and that each is described
//! in reports/README.txt and docs/metrics.md. A table's line names the function that makes it
//! (`run::conclude` makes every table listed here), so adding a table is one line here and the
//! function; see docs/architecture.md for the other kinds.

use super::quotes;
use crate::aggregate::compare::{self, MakeTable};
use crate::corpus::ArticleRef;
use crate::lexicon::LexiconSet;
use crate::score::Scored;

/// What a file is, which decides who writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Rows per article, rendered on the workers and copied by the writer in input order; a
    /// shard's own rows, interleaved back by merge.
    Rows,
    /// A table made from the aggregates at the end of the run by the function in
    /// `OutputFile::table` (`run::conclude`).
    Table,
    /// A JSON record of the run.
    Json,
    /// A chart (SVG) or the page.
    Figure,
    /// The CSV tables again, as the sheets of one workbook (`report::xlsx`).
    Workbook,
    /// A per-article CSV again, as typed Parquet columns (`report::columnar`).
    Columnar,
    /// The fixed text that explains the folder.
    Text,
    /// Not a report: what the next run reuses.
    Cache,
}

/// When a run writes a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// Not under `--no-hits`.
    WithHits,
    /// Under `--by-story`.
    ByStory,
    /// Under `--by-period`.
    ByPeriod,
    /// Under `--keyness`.
    Keyness,
    /// Under `--shard K/N`.
    Shard,
    /// Unless `--no-cache`.
    Cached,
    /// Under `--xlsx`.
    Xlsx,
    /// Under `--parquet`.
    Parquet,
    /// Under `--parquet`, not under `--no-hits`.
    ParquetHits,
}

#[derive(Debug, Clone, Copy)]
pub struct OutputFile {
    pub name: &'static str,
    pub kind: Kind,
    pub when: When,
    /// What makes a `Kind::Table` file.
    pub table: Option<MakeTable>,
    /// What makes a per-article file of the plain kind (`detail_files`).
    pub detail: Option<Detail>,
}

/// A per-article row file that needs nothing but the scored article: its header and what
/// renders an article's rows (on the worker; the writer copies them in input order, merge
/// interleaves a shard's rows by `article_id`, which is every such file's first column).
/// articles.csv (its columns depend on the run), hits.csv (optional, indexed by the rerun
/// cache) and skipped.csv (capped per reason) are written by hand instead.
#[derive(Debug, Clone, Copy)]
pub struct Detail {
    pub header: &'static [&'static str],
    pub render: RenderRows,
}

/// Renders an article's rows of a per-article file.
pub type RenderRows = fn(&ArticleRef, &Scored, &LexiconSet) -> Vec<u8>;

pub const ARTICLES: &str = "articles.csv";
pub const HITS: &str = "hits.csv";
pub const QUOTES: &str = "quotes.csv";
pub const SKIPPED: &str = "skipped.csv";
pub const OUTLETS: &str = "outlets.csv";
pub const OUTLET_METRICS: &str = "outlet_metrics.csv";
pub const ACTORS: &str = "actors.csv";
pub const ACTOR_ASYMMETRY: &str = "actor_asymmetry.csv";
pub const TERMS: &str = "terms.csv";
pub const STORIES: &str = "stories.csv";
pub const STORIES_POOLED: &str = "stories_pooled.csv";
pub const PERIODS: &str = "periods.csv";
pub const KEYNESS: &str = "keyness.csv";
pub const RUN_JSON: &str = "run.json";
pub const SHARD_JSON: &str = "shard.json";
pub const README: &str = "README.txt";
pub const PAGE: &str = "index.html";
pub const XLSX: &str = "reports.xlsx";
pub const ARTICLES_PARQUET: &str = "articles.parquet";
pub const HITS_PARQUET: &str = "hits.parquet";
pub const QUOTES_PARQUET: &str = "quotes.parquet";
/// The rerun cache names its own file; listed here so that `--out` accepts it.
pub const RERUN_CACHE: &str = crate::rerun::file::FILE;

const fn file(name: &'static str, kind: Kind, when: When) -> OutputFile {
    OutputFile {
        name,
        kind,
        when,
        table: None,
        detail: None,
    }
}

const fn table(name: &'static str, when: When, make: MakeTable) -> OutputFile {
    OutputFile {
        name,
        kind: Kind::Table,
        when,
        table: Some(make),
        detail: None,
    }
}

const fn detail(
    name: &'static str,
    header: &'static [&'static str],
    render: RenderRows,
) -> OutputFile {
    OutputFile {
        name,
        kind: Kind::Rows,
        when: When::Always,
        table: None,
        detail: Some(Detail { header, render }),
    }
}

/// The files, in the order the reports README describes them.
pub const FILES: &[OutputFile] = &[
    file(ARTICLES, Kind::Rows, When::Always),
    file(HITS, Kind::Rows, When::WithHits),
    detail(QUOTES, quotes::QUOTES_HEADER, quotes::render_quotes),
    file(SKIPPED, Kind::Rows, When::Always),
    table(OUTLETS, When::Always, compare::outlets_table),
    table(OUTLET_METRICS, When::Always, compare::outlet_metrics_table),
    table(ACTORS, When::Always, compare::actors_table),
    table(
        ACTOR_ASYMMETRY,
        When::Always,
        compare::actor_asymmetry_table,
    ),
    table(TERMS, When::Always, compare::terms_table),
    table(STORIES, When::ByStory, compare::stories_table),
    table(STORIES_POOLED, When::ByStory, compare::stories_pooled_table),
    table(PERIODS, When::ByPeriod, compare::periods_table),
    table(KEYNESS, When::Keyness, compare::keyness_table),
    file(RUN_JSON, Kind::Json, When::Always),
    file(SHARD_JSON, Kind::Json, When::Shard),
    file(README, Kind::Text, When::Always),
    file(PAGE, Kind::Figure, When::Always),
    file(XLSX, Kind::Workbook, When::Xlsx),
    file(ARTICLES_PARQUET, Kind::Columnar, When::Parquet),
    file(HITS_PARQUET, Kind::Columnar, When::ParquetHits),
    file(QUOTES_PARQUET, Kind::Columnar, When::Parquet),
    file("chart_tone.svg", Kind::Figure, When::Always),
    file("chart_tone.author.svg", Kind::Figure, When::Always),
    file("chart_hedging.share.svg", Kind::Figure, When::Always),
    file(
        "chart_attribution.distancing.share.svg",
        Kind::Figure,
        When::Always,
    ),
    file("chart_scare_quotes.svg", Kind::Figure, When::Always),
    file("chart_actor_asymmetry.svg", Kind::Figure, When::Always),
    file("chart_periods_tone.svg", Kind::Figure, When::ByPeriod),
    file(
        "chart_periods_tone.author.svg",
        Kind::Figure,
        When::ByPeriod,
    ),
    file(
        "chart_periods_hedging.share.svg",
        Kind::Figure,
        When::ByPeriod,
    ),
    file(
        "chart_periods_attribution.distancing.share.svg",
        Kind::Figure,
        When::ByPeriod,
    ),
    file(
        "chart_periods_scare_quotes.svg",
        Kind::Figure,
        When::ByPeriod,
    ),
    file(RERUN_CACHE, Kind::Cache, When::Cached),
];

/// May a report folder hold a file of this name?
pub fn is_output(name: &str) -> bool {
    FILES.iter().any(|f| f.name == name)
}

/// The tables a run makes, in the registry's order, with what makes each: `by_story`,
/// `by_period` and `keyness` say whether `--by-story`, `--by-period` and `--keyness` were given.
pub fn tables(
    by_story: bool,
    by_period: bool,
    keyness: bool,
) -> impl Iterator<Item = (&'static str, MakeTable)> {
    FILES.iter().filter_map(move |f| {
        let make = f.table?;
        match f.when {
            When::ByStory if !by_story => None,
            When::ByPeriod if !by_period => None,
            When::Keyness if !keyness => None,
            _ => Some((f.name, make)),
        }
    })
}

/// The per-article files that are rendered from the scored article alone, in the registry's
/// order: `Rows::details` and the writer's files follow it.
pub fn detail_files() -> impl Iterator<Item = (&'static str, Detail)> {
    FILES.iter().filter_map(|f| Some((f.name, f.detail?)))
}

/// The per-article row files, whose rows a shard keeps in input order: merge interleaves them.
pub fn row_files() -> impl Iterator<Item = &'static str> {
    FILES
        .iter()
        .filter(|f| f.kind == Kind::Rows)
        .map(|f| f.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_described_in_the_reports_readme_and_the_docs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let metrics = std::fs::read_to_string(root.join("docs/metrics.md")).unwrap();
        for f in FILES {
            // The README describes everything but itself.
            assert!(
                f.name == README || super::super::writer::REPORTS_README.contains(f.name),
                "{} is not in src/report/reports_readme.txt",
                f.name
            );
            assert!(
                metrics.contains(f.name),
                "{} is not in docs/metrics.md",
                f.name
            );
        }
    }

    #[test]
    fn names_are_unique_and_rows_are_the_per_article_files() {
        let mut names: Vec<&str> = FILES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FILES.len());
        assert_eq!(
            row_files().collect::<Vec<_>>(),
            [ARTICLES, HITS, QUOTES, SKIPPED]
        );
        // A table, and only a table, says what makes it.
        for f in FILES {
            assert_eq!(f.kind == Kind::Table, f.table.is_some(), "{}", f.name);
            assert!(f.detail.is_none() || f.kind == Kind::Rows, "{}", f.name);
        }
        assert_eq!(detail_files().map(|d| d.0).collect::<Vec<_>>(), [QUOTES]);
        let names = |by_story| {
            tables(by_story, false, false)
                .map(|t| t.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(false),
            [OUTLETS, OUTLET_METRICS, ACTORS, ACTOR_ASYMMETRY, TERMS]
        );
        assert_eq!(names(true).len(), 7);
        assert_eq!(
            tables(false, true, false).last().map(|t| t.0),
            Some(PERIODS)
        );
        assert_eq!(
            tables(false, false, true).last().map(|t| t.0),
            Some(KEYNESS)
        );
    }
}
