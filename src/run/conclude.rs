//! The end of a run: from the aggregates to the tables, charts, page and run.json, and into the
//! report folder. `slant score` and `slant merge` both end here, so that merged shards give the
//! reports of one run by construction; neither command imports the other.

use crate::aggregate::compare;
use crate::aggregate::options::RunOptions;
use crate::aggregate::{Aggregates, Counts};
use crate::cli::LEXICON_FORMAT;
use crate::lexicon::LexiconSet;
use crate::report::files;
use crate::report::page::kept::Kept;
use crate::report::run_json::{self, RunJson};
use crate::report::writer::ReportWriter;
use anyhow::Result;

/// What shapes the reports beyond the aggregates: the options and inputs run.json records.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub inputs: Vec<String>,
    pub manifest: Option<String>,
    pub lexicons_dir: String,
    pub shard: Option<(u64, u64)>,
    pub options: RunOptions,
    /// `--validated DIR`: the folder, and what its by_outlet files flag.
    pub validated: Option<(String, Vec<crate::validate::flags::Flag>)>,
    /// No warnings on stderr.
    pub quiet: bool,
}

impl Settings {
    /// The settings of `slant score`.
    pub(crate) fn of(args: &crate::cli::ScoreArgs) -> Settings {
        Settings {
            inputs: args
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            manifest: args.manifest.as_ref().map(|p| p.display().to_string()),
            lexicons_dir: args.lexicons.display().to_string(),
            shard: args.shard.map(|s| (s.k, s.n)),
            options: args.run_options(),
            validated: None,
            quiet: args.quiet,
        }
    }
}

/// The report tables and run.json, from the aggregates: what a run and a merge of shards both
/// end with. Prints the term warnings unless `--quiet`.
pub(crate) fn conclude(
    settings: &Settings,
    set: &LexiconSet,
    metrics: &[crate::score::metrics::Metric],
    agg: &Aggregates,
    counts: &Counts,
    input_warnings: &[String],
    keyness: Option<&crate::aggregate::table::Table>,
) -> Conclusion {
    let stats = compare::outlet_stats(agg, metrics);
    let inputs = compare::Inputs {
        agg,
        set,
        metrics,
        stats: &stats,
        top_terms: settings.options.top_terms,
        keyness,
    };
    // Every table the registry lists, made by the function it names.
    let mut table_warnings = Vec::new();
    let tables: Vec<(&'static str, crate::aggregate::table::Table)> = files::tables(
        settings.options.by_story,
        settings.options.by_period.is_some(),
        settings.options.keyness,
    )
    .map(|(name, make)| (name, make(&inputs, &mut table_warnings)))
    .collect();
    let mut tables = tables;
    if let Some((_, flags)) = &settings.validated {
        let attribution: Vec<String> = set
            .role(set.roles.attribution)
            .map(|(_, l)| l.categories.clone())
            .unwrap_or_default();
        if let Some((_, outlets)) = tables.iter_mut().find(|(n, _)| *n == files::OUTLETS) {
            table_warnings.extend(crate::validate::flags::mark(outlets, flags, &attribution));
        }
    }
    // Outlets whose text is broken, or whose quote marks do not pair, far more often than
    // usual: from the aggregates, so that a merge of shards warns as one run does.
    let text_warnings = crate::aggregate::warnings::text_warnings(agg);
    if !settings.quiet {
        for w in text_warnings.iter().chain(&table_warnings) {
            eprintln!("slant: warning: {}", crate::term::for_stderr(w));
        }
    }
    let warnings: Vec<&String> = input_warnings
        .iter()
        .chain(&text_warnings)
        .chain(&table_warnings)
        .collect();
    let asymmetry = tables
        .iter()
        .find(|(n, _)| *n == files::ACTOR_ASYMMETRY)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let periods = tables
        .iter()
        .find(|(n, _)| *n == files::PERIODS)
        .map(|(_, t)| t);
    let charts = crate::report::charts::charts(&stats, metrics, &asymmetry, periods);
    Conclusion {
        tables,
        run_json: run_json(settings, set, counts, agg, &warnings),
        charts,
        unlisted_speakers: agg.top_unlisted_speakers(crate::report::page::MAX_SPEAKERS),
        quoted: agg.top_quoted(crate::report::page::SPEAKERS_SHOWN),
        drivers: agg.drivers.shown(metrics),
        kept: Kept::default(),
    }
}

/// What the aggregates of a run (or of merged shards) make: the tables, run.json, the charts.
pub(crate) struct Conclusion {
    pub tables: Vec<(&'static str, crate::aggregate::table::Table)>,
    pub run_json: RunJson,
    pub charts: Vec<(String, String)>,
    /// The most frequent named speakers of quotations with no actor, for the page.
    pub unlisted_speakers: Vec<(String, u64)>,
    /// Per outlet, its most quoted speakers with their party, for the page.
    pub quoted: Vec<crate::aggregate::Quoted>,
    /// The articles behind the headline figures, for the page.
    pub drivers: Vec<crate::aggregate::drivers::Driven>,
    /// The rows of articles.csv and hits.csv the page shows: kept by the run that wrote them.
    pub kept: Kept,
}

/// Writes the tables, the charts, index.html (built from the rows just written) and the JSON
/// files, and moves the reports into place.
pub(crate) fn finish(
    mut writer: ReportWriter,
    c: Conclusion,
    extra_json: Option<(&str, serde_json::Value)>,
) -> Result<()> {
    writer.flush_rows()?;
    let driver_hits = c.kept.driver_hits();
    let outlets = c
        .tables
        .iter()
        .find(|(n, _)| *n == files::OUTLETS)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let page = crate::report::page::page(&crate::report::page::Seen {
        run: &c.run_json,
        outlets: &outlets,
        charts: &c.charts,
        unlisted: &c.unlisted_speakers,
        quoted: &c.quoted,
        drivers: &c.drivers,
        kept: &c.kept,
        driver_hits: &driver_hits,
        tables: &c.tables,
    })?;
    let tables: Vec<(&str, &crate::aggregate::table::Table)> =
        c.tables.iter().map(|(n, t)| (*n, t)).collect();
    let run = serde_json::to_value(&c.run_json)?;
    let mut jsons: Vec<(&str, &serde_json::Value)> = vec![(files::RUN_JSON, &run)];
    if let Some((name, v)) = &extra_json {
        jsons.push((name, v));
    }
    let mut texts: Vec<(&str, &str)> = c
        .charts
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    texts.push((files::PAGE, &page));
    writer.commit(&tables, &jsons, &texts)
}

/// run.json: which tool, options and lexicon files made these reports.
fn run_json(
    settings: &Settings,
    set: &LexiconSet,
    counts: &Counts,
    agg: &Aggregates,
    warnings: &[&String],
) -> RunJson {
    let sum = |f: fn(&crate::aggregate::GroupSums) -> u64| agg.outlets.values().map(f).sum();
    let lexicons = set
        .files()
        .map(|l| run_json::LexiconRecord {
            name: l.name.clone(),
            file: l.path.display().to_string(),
            sha256: l.sha256.clone(),
            entries: l.entries.len(),
            categories: l.categories.clone(),
            entry_list: l
                .entries
                .iter()
                .map(|e| run_json::EntryRecord {
                    pattern: e.pattern.clone(),
                    category: l.category_name(e).to_owned(),
                    weight: e.weight,
                    negate: e.negate,
                })
                .collect(),
        })
        .collect();
    RunJson {
        tool: "slant".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        lexicon_format: LEXICON_FORMAT,
        command: "score".to_owned(),
        inputs: settings.inputs.clone(),
        manifest: settings.manifest.clone(),
        lexicons_dir: settings.lexicons_dir.clone(),
        options: run_json::Options {
            shard: settings.shard.map(|(k, n)| format!("{k}/{n}")),
            run: settings.options.clone(),
            validated: settings.validated.as_ref().map(|(d, _)| d.clone()),
        },
        lexicons,
        counts: run_json::Counts {
            articles_in: counts.articles_in,
            scored: counts.scored,
            skipped: counts.skipped,
            hits: counts.hits,
            scare_quotes: counts.scare_quotes,
            tokens: counts.tokens,
            encoding_repaired: counts.repaired,
            with_broken_chars: sum(|g| g.broken),
            quotes_unbalanced: sum(|g| g.unbalanced),
            short: sum(|g| g.short),
        },
        warnings: warnings.iter().map(|w| (*w).clone()).collect(),
    }
}
