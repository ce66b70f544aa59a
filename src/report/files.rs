//! Every file a report folder may hold, in one list: the writer names its files from it, `--out`
//! accepts a folder only if it holds nothing else (`outdir`), a shard's row files are the `Rows`
//! entries, and the tests check that a run writes exactly these files and that each is described
//! in reports/README.txt and docs/metrics.md. Adding an output file is one line here and the
//! module that renders it.

/// What a file is, which decides who writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Rows per article, rendered on the workers and copied by the writer in input order; a
    /// shard's own rows, interleaved back by merge.
    Rows,
    /// A table made from the aggregates at the end of the run (`cmd::conclude`).
    Table,
    /// A JSON record of the run.
    Json,
    /// A chart (SVG) or the page.
    Figure,
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
    /// Under `--shard K/N`.
    Shard,
    /// Unless `--no-cache`.
    Cached,
}

#[derive(Debug, Clone, Copy)]
pub struct OutputFile {
    pub name: &'static str,
    pub kind: Kind,
    pub when: When,
}

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
pub const RUN_JSON: &str = "run.json";
pub const SHARD_JSON: &str = "shard.json";
pub const README: &str = "README.txt";
pub const PAGE: &str = "index.html";
/// The rerun cache names its own file; listed here so that `--out` accepts it.
pub const RERUN_CACHE: &str = crate::rerun::file::FILE;

const fn file(name: &'static str, kind: Kind, when: When) -> OutputFile {
    OutputFile { name, kind, when }
}

/// The files, in the order the reports README describes them.
pub const FILES: &[OutputFile] = &[
    file(ARTICLES, Kind::Rows, When::Always),
    file(HITS, Kind::Rows, When::WithHits),
    file(QUOTES, Kind::Rows, When::Always),
    file(SKIPPED, Kind::Rows, When::Always),
    file(OUTLETS, Kind::Table, When::Always),
    file(OUTLET_METRICS, Kind::Table, When::Always),
    file(ACTORS, Kind::Table, When::Always),
    file(ACTOR_ASYMMETRY, Kind::Table, When::Always),
    file(TERMS, Kind::Table, When::Always),
    file(STORIES, Kind::Table, When::ByStory),
    file(STORIES_POOLED, Kind::Table, When::ByStory),
    file(RUN_JSON, Kind::Json, When::Always),
    file(SHARD_JSON, Kind::Json, When::Shard),
    file(README, Kind::Text, When::Always),
    file(PAGE, Kind::Figure, When::Always),
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
    file(RERUN_CACHE, Kind::Cache, When::Cached),
];

/// May a report folder hold a file of this name?
pub fn is_output(name: &str) -> bool {
    FILES.iter().any(|f| f.name == name)
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
    }
}
