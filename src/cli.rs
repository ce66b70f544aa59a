//! The command line: flags and their help. Parsing only; `main` decides what runs.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The version of the lexicon file format this build reads (docs/lexicons.md).
pub const LEXICON_FORMAT: u32 = 1;

const EXAMPLES: &str = "\
Examples:
  slant score                              score seeds/ with lexicons/ into reports/
  slant score corpus/ --out out/ --jobs 8  score a folder of .txt files
  slant check                              validate lexicons/ after an edit
  slant explain 003_7b7ba6ff9923e79e       every hit of one article, in context
  slant diff reports-before reports        what a lexicon edit changed
  slant help lexicons                      the lexicon format (also: metrics, sharding)";

#[derive(Debug, Parser)]
#[command(
    name = "slant",
    version = concat!(env!("CARGO_PKG_VERSION"), " (lexicon format 1)"),
    about = "Score news articles for tone, hedging and attribution style with editable lexicons",
    long_about = "slant scores every article of a corpus with editable CSV lexicons (tone, hedging, \
attribution, framing, actors), links the words to the actors they are about, and writes CSV \
reports that compare outlets. Same input, same bytes out, whatever the thread count.",
    after_help = EXAMPLES,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score a corpus and write the reports.
    #[command(after_help = "\
Examples:
  slant score                                  seeds/ → reports/ with lexicons/
  slant score news/ --manifest news/outlets.csv --out news-reports/
  slant score news/ --no-hits --quiet --jobs 4

Exit codes: 0 success (warnings on stderr), 1 the run failed (nothing replaced in --out),
2 bad usage, lexicons or manifest (reported before any article is read).")]
    Score(ScoreArgs),
    /// Validate a lexicon folder: every error with its file and line.
    #[command(after_help = "\
Examples:
  slant check                 check lexicons/
  slant check my-lexicons/
  slant check --corpus seeds/ what each entry matches in the seeds (claim* → claimed 1, claiming 1)

Exit codes: 0 clean, 1 warnings only, 2 errors.")]
    Check(CheckArgs),
    /// Show the hits of one article in context.
    #[command(after_help = "\
Examples:
  slant explain 002_18a16e2883d59481
  slant explain 001_4e4bbfb06c6ea73e --lexicon attribution
  slant explain story/a1 news/ --lexicons my-lexicons/ --category distancing
  slant explain 002_18a16e2883d59481 --reports reports/     as reported by the last run")]
    Explain(ExplainArgs),
    /// What changed between two report folders, e.g. before and after a lexicon edit.
    #[command(after_help = "\
Examples:
  cp -r reports reports-before            keep the last run
  $EDITOR lexicons/attribution.csv        edit
  slant score && slant diff reports-before reports

Writes diff.csv (outlet × metric: old, new, change, q values; the findings whose q crossed 0.05
first, then each kind of metric — shares, rates, indices, counts — largest change first) and
prints the lexicon entries added, removed or changed, the entries whose hits changed most, a
change of articles.csv's column order, the outlet figures and the articles that moved.")]
    Diff(DiffArgs),
    /// Combine the shard folders of `slant score --shard K/N` into the reports of one run.
    #[command(after_help = "\
Examples:
  for k in 1 2 3 4; do slant score corpus.jsonl.gz --shard $k/4 --out shards/$k & done; wait
  slant merge shards/1 shards/2 shards/3 shards/4 --out reports/

The merged reports are the ones a single run over the whole corpus writes: same rows, same order,
same statistics. Shards scored with other options or lexicons, or while the corpus changed (a file
added or removed, or its content edited), are refused with exit 2, naming what differs, and
nothing is written. docs/sharding.md shows Slurm, Kubernetes and GNU parallel set-ups.")]
    Merge(MergeArgs),
    /// Draw hits of a run to code by hand: the first step of validating the lexicons.
    #[command(after_help = "\
Examples:
  slant sample                                 30 hits per category from reports/ → sample.csv
  slant sample --per-category 50 --seed 7 --out coder-a.csv
  slant sample --lexicon attribution --out attribution-sample.csv

Hits are stratified by lexicon category and spread evenly over the outlets; the same seed draws
the same sample. Fill in `verdict` (1 = the hit means what its category says, 0 = it does not,
? = cannot tell) in a spreadsheet, then run `slant validate`. An existing file is never written
over. docs/validation.md describes the whole loop.")]
    Sample(SampleArgs),
    /// Precision of the lexicons from coded samples; agreement between coders.
    #[command(after_help = "\
Examples:
  slant validate sample.csv                    precision per category and entry
  slant validate coder-a.csv coder-b.csv       the same, with Cohen's kappa and Krippendorff's alpha

Writes precision.csv (category, entry and category × outlet precision with Wilson 95% intervals,
what each entry costs its category), moves.csv (how every outlet's figures would move without the
costliest entries, from the run in --reports) and, with two or more files, agreement.csv. The
first file is the one precision is measured on.")]
    Validate(ValidateArgs),
    /// A pattern's matches in context across a corpus, to vet an entry before adding it.
    #[command(after_help = "\
Examples:
  slant kwic 'claim*'                           in seeds/, 10 lines per outlet
  slant kwic 'according to' news/ --per-outlet 25 --seed 3
  slant kwic 're:claim(ed|s)' corpus.jsonl --csv claimed.csv

PATTERN is written as a lexicon entry is (docs/lexicons.md): a word, a prefix (claim*), a phrase,
=CaseSensitive, or re:regex; it is matched as score matches (tokens, boilerplate removed). The
lines shown are a sample drawn by the seed from every match of each outlet; the forms list counts
every match.")]
    Kwic(KwicArgs),
    /// Write the default lexicons (built into slant) into a folder, to edit them.
    #[command(after_help = "\
Examples:
  slant init my-lexicons/                 write the default lexicons there
  $EDITOR my-lexicons/attribution.csv     edit
  slant score news/ --lexicons my-lexicons/

A run without --lexicons, where there is no lexicons/ folder, uses the same lexicons built in.
slant init never overwrites a file: it refuses if any of the lexicon files is in DIR already.")]
    Init {
        /// The folder to write them into (created if need be).
        #[arg(value_name = "DIR", default_value = "lexicons")]
        dir: PathBuf,
    },
    /// Help on a command, or a reference topic: lexicons, metrics, sharding, validation, reliability.
    #[command(after_help = "\
Examples:
  slant help               commands and topics
  slant help lexicons      the lexicon format
  slant help metrics       every report column
  slant help score         the score command")]
    Help {
        /// A command or a topic.
        #[arg(value_name = "TOPIC")]
        topic: Option<String>,
    },
}

/// `score`'s options. `--parquet` implies `--char-offsets` (`normalized`): hits.parquet has
/// no fixed contract to keep, so it always has both kinds of offsets.
#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    /// Corpus folders (every *.txt below each is an article) or single .txt files.
    #[arg(value_name = "INPUT", default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    /// The folder of lexicon files.
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    /// Where the reports go: a folder of slant's own, replaced whole in one step when the run
    /// succeeds (one run at a time; see docs/reliability.md).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// A manifest (file,outlet,title,date,url,story) to use instead of each folder's manifest.csv.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Worker threads (default: one per core). The reports are the same whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Do not write hits.csv, the one report whose size grows with every match.
    #[arg(long)]
    pub no_hits: bool,
    /// Articles with fewer tokens are scored and flagged `short`, but left out of the outlet
    /// statistics.
    #[arg(long, value_name = "N", default_value_t = crate::config::DEFAULT_MIN_TOKENS)]
    pub min_tokens: usize,
    /// Also compare outlets within each story of the manifest's `story` column (stories.csv,
    /// stories_pooled.csv).
    #[arg(long)]
    pub by_story: bool,
    /// Also follow every outlet over time, by ISO week or calendar month of the manifest's (or
    /// the records') `date` column (periods.csv).
    #[arg(long, value_name = "PERIOD")]
    pub by_period: Option<crate::aggregate::period::Period>,
    /// Compare groups of articles by this manifest column or record field instead of outlets
    /// (ownership, country, leaning, section, author): every outlet report is computed for
    /// these groups. Give it twice for two levels (`--group-by country --group-by ownership`:
    /// groups such as "us / private"; `outlet` as the second gives each outlet within its
    /// group). articles.csv keeps each article's outlet.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Vec<String>,
    /// Also write keyness.csv: the words and two-word phrases that set each outlet apart
    /// (G², log ratio), each with the lexicon entry that counts it, if any. Reads the corpus
    /// twice more; not with --shard.
    #[arg(long)]
    pub keyness: bool,
    /// How many terms per outlet and category terms.csv lists.
    #[arg(long, value_name = "N", default_value_t = crate::config::DEFAULT_TOP_TERMS)]
    pub top_terms: usize,
    /// Write every CSV with a UTF-8 byte order mark, so that Excel reads its text right.
    #[arg(long)]
    pub excel: bool,
    /// Add char_start,char_end to hits.csv: the span in characters (code points), as Python's
    /// text[a:b] and R's substr count, beside the byte offsets start,end. quotes.csv always has
    /// them.
    #[arg(long)]
    pub char_offsets: bool,
    /// Also write reports.xlsx: every CSV report as a sheet, with typed cells (numbers,
    /// booleans, ids and names as text), for spreadsheets.
    #[arg(long)]
    pub xlsx: bool,
    /// Also write articles.parquet, hits.parquet and quotes.parquet: the per-article reports
    /// with typed, compressed columns for pandas, R and duckdb (hits.parquet is a few percent
    /// of hits.csv). Turns on --char-offsets.
    #[arg(long)]
    pub parquet: bool,
    /// The --out folder of `slant validate` on a sample of this run: outlets.csv and the page
    /// mark the metrics whose categories' precision differs by outlet (by_outlet.csv).
    #[arg(long, value_name = "DIR")]
    pub validated: Option<PathBuf>,
    /// Articles larger than this many MiB are skipped with a reason (never truncated).
    #[arg(long, value_name = "MB", default_value_t = crate::config::DEFAULT_MAX_ARTICLE_MB)]
    pub max_article_mb: usize,
    /// Score only shard K of N (1 ≤ K ≤ N): the articles whose id hashes there. Writes
    /// shard.json for `slant merge`.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<crate::config::Shard>,
    /// Score every article again and write no rerun cache. By default a run keeps
    /// rerun-cache.bin in --out, and the next run there rescores only the articles that a
    /// lexicon edit can change.
    #[arg(long)]
    pub no_cache: bool,
    /// No warnings or summary on stderr; errors are still printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl ScoreArgs {
    /// The options as the run uses them: `--parquet` turns on `--char-offsets`.
    pub fn normalized(&self) -> ScoreArgs {
        let mut a = self.clone();
        a.char_offsets |= a.parquet;
        // Column names are compared without case (a manifest's header is read in lower case);
        // run.json and shard.json record them so, and merge compares them so.
        for c in &mut a.group_by {
            *c = c.to_ascii_lowercase();
        }
        a
    }

    /// The options of this run that change a report (call on `normalized()` arguments).
    pub fn run_options(&self) -> crate::aggregate::options::RunOptions {
        crate::aggregate::options::RunOptions {
            no_hits: self.no_hits,
            char_offsets: self.char_offsets,
            fields: self.fields.fields(),
            min_tokens: self.min_tokens,
            by_story: self.by_story,
            group_by: self.group_by.clone(),
            by_period: self.by_period,
            keyness: self.keyness,
            top_terms: self.top_terms,
            max_article_mb: self.max_article_mb,
            excel: self.excel,
            xlsx: self.xlsx,
            parquet: self.parquet,
        }
    }
}

/// Which fields of a JSONL or CSV corpus hold an article's id, outlet and text.
#[derive(Debug, Clone, Args)]
pub struct FieldArgs {
    /// The field (JSONL) or column (CSV) that holds an article's id, e.g. stories_id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_column: String,
    /// The field or column that holds the outlet, e.g. media_name or source.
    #[arg(long, value_name = "NAME", default_value = "outlet")]
    pub outlet_column: String,
    /// The field or column that holds the text, e.g. body.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_column: String,
}

impl FieldArgs {
    pub fn fields(&self) -> crate::corpus::Fields {
        crate::corpus::Fields {
            id: self.id_column.clone(),
            outlet: self.outlet_column.clone(),
            text: self.text_column.clone(),
        }
    }
}

fn parse_shard(s: &str) -> Result<crate::config::Shard, String> {
    let bad = || format!("`{s}`: write K/N with 1 ≤ K ≤ N, e.g. 2/8");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u64, u64) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    if n > crate::config::MAX_SHARDS {
        return Err(format!(
            "`{s}`: at most {} shards",
            crate::config::MAX_SHARDS
        ));
    }
    Ok(crate::config::Shard { k, n })
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The lexicon folder to check.
    #[arg(value_name = "LEXICON_DIR", default_value = "lexicons")]
    pub dir: PathBuf,
    /// Also show what every entry matches in this corpus (a folder of .txt files): each prefix
    /// and phrase expanded with counts, entries that match nothing, frequent words no entry
    /// matches.
    #[arg(long, value_name = "INPUT")]
    pub corpus: Option<PathBuf>,
    /// The corpus's manifest, when it is not INPUT/manifest.csv.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// How many expansions per entry and unmatched words to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Articles larger than this many MiB are skipped, as `slant score --max-article-mb` skips
    /// them.
    #[arg(long, value_name = "MB", default_value_t = crate::config::DEFAULT_MAX_ARTICLE_MB)]
    pub max_article_mb: usize,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The article's id: its path in the corpus folder without `.txt`.
    #[arg(value_name = "ARTICLE_ID")]
    pub article_id: String,
    /// The corpus the article is in.
    #[arg(value_name = "INPUT", default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Read the hits from a finished run's report folder (its hits.csv and articles.csv)
    /// instead of scoring the article again.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["inputs", "lexicons", "manifest"])]
    pub reports: Option<std::path::PathBuf>,
    /// Show only the hits of this lexicon.
    #[arg(long, value_name = "LEXICON")]
    pub lexicon: Option<String>,
    /// Show only the hits of this category.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// The report folder of the run whose hits are drawn (its hits.csv).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// Hits drawn per lexicon category (all of them where a category has fewer).
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub per_category: usize,
    /// Instead of --per-category: N hits of each category from each outlet, so that precision
    /// can be compared between outlets (`slant validate` tests it).
    #[arg(long, value_name = "N", conflicts_with = "per_category")]
    pub per_outlet: Option<usize>,
    /// Instead of hits: N quotations (quotes.csv) from each outlet, to code their kind, speaker
    /// and party; their text is read from the run's corpus (run.json's inputs).
    #[arg(long, value_name = "N", conflicts_with_all = ["per_category", "per_outlet", "lexicon", "category"])]
    pub quotes: Option<usize>,
    /// The seed: the same seed draws the same hits from the same reports.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Draw only hits of this lexicon.
    #[arg(long, value_name = "LEXICON")]
    pub lexicon: Option<String>,
    /// Draw only hits of this category.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// The file to write (never written over).
    #[arg(long, value_name = "FILE", default_value = "sample.csv")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Coded samples: sample.csv files with verdicts, one per coder; precision is measured on
    /// the first.
    #[arg(value_name = "CODED", required = true)]
    pub coded: Vec<PathBuf>,
    /// The report folder of the run the sample was drawn from (for moves.csv).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// The folder to write precision.csv, moves.csv and agreement.csv into.
    #[arg(long, value_name = "DIR", default_value = "validation")]
    pub out: PathBuf,
    /// How many of the costliest entries moves.csv and the summary show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The pattern, as a lexicon entry: word, prefix*, a phrase, =CaseSensitive, re:regex.
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// The corpus: folders, record files (JSONL, CSV, .gz) or - for JSONL on stdin.
    #[arg(value_name = "INPUT", default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    /// The lexicon folder whose boilerplate rules apply (as in score).
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Lines shown per outlet (all of them where an outlet has fewer matches).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub per_outlet: usize,
    /// The seed that draws the lines: the same seed, the same lines.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Also write the lines as CSV to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Articles larger than this many MiB are skipped, as `slant score --max-article-mb` skips
    /// them.
    #[arg(long, value_name = "MB", default_value_t = crate::config::DEFAULT_MAX_ARTICLE_MB)]
    pub max_article_mb: usize,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The --out folders of the N shard runs, in any order.
    #[arg(value_name = "SHARD_REPORTS", required = true)]
    pub shards: Vec<PathBuf>,
    /// Where the merged reports go.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// The lexicon folder the shards were scored with (checked by SHA-256).
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    /// The --out folder of `slant validate` on a sample of this run (as `score --validated`).
    #[arg(long, value_name = "DIR")]
    pub validated: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The reports before the change.
    #[arg(value_name = "OLD_REPORTS")]
    pub old: PathBuf,
    /// The reports after the change.
    #[arg(value_name = "NEW_REPORTS")]
    pub new: PathBuf,
    /// Where to write the outlet × metric table.
    #[arg(long, value_name = "FILE", default_value = "diff.csv")]
    pub csv: PathBuf,
    /// How many lines of each list the summary shows.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
