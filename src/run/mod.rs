//! A run: the state the articles of a corpus fold into as they come (`Run::add`), and its end
//! (`Run::finish`: warnings, tables, page, run.json, a shard's state). `slant score` folds
//! articles into it; `slant merge` folds shards' states into it; both end in the same
//! `finish`, so that merged shards give the reports of one run by construction.

pub(crate) mod conclude;
pub(crate) mod groups;

use crate::aggregate::options::RunOptions;
use crate::aggregate::shard::{Positions, ShardState};
use crate::aggregate::{Aggregates, Counts};
use crate::corpus::ArticleRef;
use crate::error::UsageError;
use crate::lexicon::{Lexicon, LexiconSet};
use crate::pipeline::{Done, Duplicates, Outcome, DUPLICATE};
use crate::report::files;
use crate::report::page::kept::{Kept, Noted};
use crate::report::writer::ReportWriter;
use crate::score::metrics::Metric;
use crate::text::boilerplate::{Boilerplate, LongLineLog, RemovedLog};
use anyhow::Result;
use conclude::{conclude, Conclusion, Settings};

/// Where the columns a run reads of each article are among the corpus's metadata columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub meta: Vec<String>,
    story: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    /// `--group-by`'s columns (`None`: the outlet itself) and their names.
    group: Vec<(Option<usize>, String)>,
}

impl Columns {
    /// The columns `options` need, or a usage error naming what the corpus lacks: checked
    /// before the report folder is created, so that a refused run leaves nothing behind.
    pub(crate) fn of(options: &RunOptions, meta: &[String]) -> Result<Columns> {
        let at = |name: &str| meta.iter().position(|c| c == name);
        let date = at("date");
        let group = groups::group_columns(&options.group_by, meta, options.keyness)?;
        if options.by_period.is_some() && date.is_none() {
            return Err(UsageError(
                "--by-period needs each article's date: give a `date` column in the manifest (or a `date` field in the records), ISO 8601 (2024-06-18) at best".into(),
            )
            .into());
        }
        Ok(Columns {
            meta: meta.to_vec(),
            story: at("story"),
            date,
            title: at("title"),
            group,
        })
    }

    fn value<'a>(&self, a: &'a ArticleRef, col: Option<usize>) -> Option<&'a str> {
        col.and_then(|i| a.meta.get(i)).map(String::as_str)
    }
}

/// A scored article as `Run::add` gives it back: for the rerun cache, its data and where its
/// rows of hits.csv are (offset and length).
pub(crate) struct Added {
    pub done: Box<Done>,
    pub hits: (u64, u64),
}

/// The state a run folds its articles into, with the writer of its row files.
pub(crate) struct Run {
    pub writer: ReportWriter,
    pub agg: Aggregates,
    pub counts: Counts,
    /// Where each article of a shard is in the input, for merge.
    pub positions: Positions,
    pub long_lines: LongLineLog,
    pub removed: RemovedLog,
    /// The rows the page shows, kept as they are written.
    pub kept: Kept,
    ids: Duplicates,
    cols: Columns,
    options: RunOptions,
}

impl Run {
    pub(crate) fn new(
        writer: ReportWriter,
        options: &RunOptions,
        cols: Columns,
        metrics: &[Metric],
    ) -> Run {
        let mut agg = Aggregates::new(options.min_tokens);
        agg.drivers =
            crate::aggregate::drivers::Drivers::new(metrics.iter().map(|m| m.name.as_str()));
        let (articles, hits) = writer.headers();
        let names: Vec<String> = metrics.iter().map(|m| m.name.clone()).collect();
        let kept = Kept::new(
            articles.to_vec(),
            hits.map(<[String]>::to_vec),
            &names,
            &agg.drivers,
        );
        Run {
            writer,
            agg,
            counts: Counts::default(),
            positions: Positions::default(),
            long_lines: LongLineLog::default(),
            removed: RemovedLog::default(),
            kept,
            ids: Duplicates::default(),
            cols,
            options: options.clone(),
        }
    }

    /// One article of the stream, in input order (another shard's is left alone): a duplicate id or a
    /// skipped article goes to skipped.csv; a scored one to the row files and the aggregates,
    /// and is given back with where its rows of hits.csv are.
    pub(crate) fn add(
        &mut self,
        a: &ArticleRef,
        pos: u64,
        outcome: Outcome,
        actors: Option<&Lexicon>,
        boilerplate: &Boilerplate,
    ) -> Result<Option<Added>> {
        if matches!(outcome, Outcome::Elsewhere) {
            return Ok(None);
        }
        self.counts.articles_in += 1;
        // A repeated id is skipped as such, whatever became of the article.
        if self.ids.repeated(&a.id) {
            return self.skip(a, pos, DUPLICATE).map(|_| None);
        }
        let d = match outcome {
            Outcome::Scored(d) => d,
            Outcome::Skipped(reason) => return self.skip(a, pos, &reason).map(|_| None),
            Outcome::Elsewhere => return Ok(None),
        };
        let s = &d.scored;
        self.counts.scored += 1;
        self.counts.hits += s.hit_count as u64;
        self.counts.scare_quotes += s.scare_quote_count() as u64;
        self.counts.tokens += s.score.tokens as u64;
        self.counts.repaired += u64::from(s.repaired);
        self.long_lines
            .add(boilerplate, &s.boilerplate_long_lines, pos, &a.id);
        self.removed.add(&a.outlet, s.removed, pos, &a.id);
        let cols = &self.cols;
        let story = cols.value(a, cols.story).filter(|_| self.options.by_story);
        // The group the statistics put the article in: its outlet, or its values of the
        // --group-by columns.
        let group = groups::group_of(a, &cols.group);
        let agg = &mut self.agg;
        let driving = agg.add(&group, &a.id, story, &s.values, &s.score);
        if driving {
            let meta = |c: Option<usize>| cols.value(a, c).unwrap_or("");
            agg.drivers
                .describe(&a.id, meta(cols.title), meta(cols.date));
        }
        agg.add_text_flags(&group, s.broken_chars > 0, s.score.quotes_unbalanced);
        if let (Some(period), Some(_)) = (self.options.by_period, cols.date) {
            let date = cols.value(a, cols.date).unwrap_or("");
            if date.trim().is_empty() {
                agg.dates.undated += 1;
            } else {
                match crate::aggregate::period::parse_date(date) {
                    Ok(day) => agg.add_period(&period.key(day), &group, &s.values, &s.score),
                    Err(_) => agg.dates.unread_date(pos, &a.id, date),
                }
            }
        }
        agg.add_quoted(&group, s.speakers(), |c| {
            c.and_then(|c| actors.and_then(|l| l.categories.get(c)))
                .map_or("", String::as_str)
        });
        self.positions.articles.push(pos);
        let span = self.writer.scored(&d.rows)?;
        let hits = d.rows.hits.as_deref().unwrap_or_default();
        let hit_rows = s.hit_count + s.scare_quote_count();
        let rows = (d.rows.article.as_slice(), hits);
        // A driving article's first hits of the followed lexicons, where its worker noted them.
        let kept = &self.kept;
        let driving = driving
            .then(|| {
                let header = kept.hits_header()?;
                let followed = d.rows.followed.as_ref();
                Some(Noted::of(hits, hit_rows, followed, header, &kept.lexicons))
            })
            .flatten();
        self.kept
            .add(&a.id, rows, hit_rows, driving, &self.agg.drivers);
        Ok(Some(Added {
            done: d,
            hits: span,
        }))
    }

    fn skip(&mut self, a: &ArticleRef, pos: u64, reason: &str) -> Result<()> {
        self.counts.skipped += 1;
        if self.writer.skipped(a, reason)? {
            self.positions.skipped.push(pos);
        }
        Ok(())
    }

    /// The end of a run, or of a merge of shards: the warnings, the tables, charts, page and
    /// run.json, and for a shard its state; then the reports go into place.
    pub(crate) fn finish(mut self, end: End) -> Result<()> {
        let settings = end.settings;
        // Of the merged stories when shards are merged, so not kept in a shard's warnings.
        let story = (self.options.by_story && self.agg.stories.is_empty()).then(|| {
            "--by-story: no article has a story; give one in the manifest's (or the records') `story` column".to_owned()
        });
        let mut boilerplate = self.long_lines.warnings();
        boilerplate.extend(self.removed.warnings());
        let late: Vec<String> = story.into_iter().chain(boilerplate).collect();
        if !settings.quiet {
            for w in &late {
                eprintln!("slant: warning: {}", crate::term::for_stderr(w));
            }
        }
        let run_warnings: Vec<String> = end.input_warnings.iter().chain(&late).cloned().collect();
        let conclusion = conclude(
            settings,
            end.set,
            end.metrics,
            &self.agg,
            &self.counts,
            &run_warnings,
            end.keyness.as_ref(),
        );
        let shard_json = match settings.shard {
            Some(shard) => {
                let state =
                    self.shard_state(shard, settings, end.set, end.input_warnings, end.corpus)?;
                Some((files::SHARD_JSON, serde_json::to_value(&state)?))
            }
            None => None,
        };
        self.kept.drivers.keep_only(&self.agg.drivers);
        let conclusion = Conclusion {
            kept: std::mem::take(&mut self.kept),
            ..conclusion
        };
        conclude::finish(self.writer, conclusion, shard_json)
    }

    /// What a shard writes to shard.json: everything merge needs to finish the run as one.
    fn shard_state(
        &mut self,
        shard: (u64, u64),
        settings: &Settings,
        set: &LexiconSet,
        warnings: Vec<String>,
        corpus: Vec<crate::corpus::identity::Part>,
    ) -> Result<ShardState> {
        let rows = self.writer.flush_rows()?;
        Ok(ShardState {
            format: crate::aggregate::shard::SHARD_FORMAT,
            shard,
            lexicons: set
                .files()
                .map(|l| (l.name.clone(), l.sha256.clone()))
                .collect(),
            meta_columns: self.cols.meta.clone(),
            options: self.options.clone(),
            inputs: settings.inputs.clone(),
            manifest: settings.manifest.clone(),
            lexicons_dir: settings.lexicons_dir.clone(),
            counts: self.counts,
            warnings,
            boilerplate_long_lines: self.long_lines.clone(),
            boilerplate_removed: self.removed.clone(),
            positions: std::mem::take(&mut self.positions),
            aggregates: crate::aggregate::shard::AggregatesJson::from(&self.agg),
            skipped_left_out: self.writer.skipped_left_out(),
            corpus,
            rows: crate::aggregate::shard::row_digests(&rows, files::row_files())?,
            digest: String::new(),
        }
        .sign())
    }
}

/// What a run ends with beyond its state.
pub(crate) struct End<'a> {
    pub settings: &'a Settings,
    pub set: &'a LexiconSet,
    pub metrics: &'a [Metric],
    /// The lexicons' and the corpus's warnings (a shard keeps these for merge).
    pub input_warnings: Vec<String>,
    /// keyness.csv, made by its own passes over the corpus.
    pub keyness: Option<crate::aggregate::table::Table>,
    /// A shard's corpus identity (`corpus::identity`).
    pub corpus: Vec<crate::corpus::identity::Part>,
}
