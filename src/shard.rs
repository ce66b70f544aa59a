//! Sharded runs: `slant score --shard K/N` writes, beside its reports, `shard.json` — the
//! mergeable state of its articles — and `slant merge` combines N shard folders into reports
//! equal to one run over the whole corpus.
//!
//! What makes the merge exact: the aggregates are integer sums (`aggregate`), and every report row
//! carries its article's position in the input, so rows are interleaved back into input order.
//!
//! What makes it safe: a shard.json names everything that decides the result — options,
//! lexicons, the corpus as the shard saw it (`corpus_identity`), the SHA-256 of its own row files
//! — and carries a digest of all of it. merge refuses shards that disagree, or whose files were
//! changed after their run, instead of merging them into plausible wrong reports.

use crate::aggregate::{Aggregates, GroupSums, LinkCount, Sums};
use crate::pipeline::MAX_SHARDS;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Input positions of the rows of a shard's articles.csv and skipped.csv, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    pub articles: Vec<u64>,
    pub skipped: Vec<u64>,
}

/// A metric's sums, with the 128-bit sums as decimal strings (JSON numbers lose precision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SumsJson(u64, String, String);

/// A category's terms: (lexicon, category, [(term, hits)]).
type TermsJson = (usize, usize, Vec<(String, u64)>);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct GroupJson {
    articles: u64,
    short: u64,
    metrics: Vec<SumsJson>,
    /// (actor, lexicon, category, hits, author hits)
    links: Vec<(usize, usize, usize, u64, u64)>,
    mentions: Vec<(usize, u64)>,
    /// (lexicon, category, [(term, hits)]) with terms sorted.
    terms: Vec<TermsJson>,
}

impl GroupJson {
    fn from(g: &GroupSums) -> GroupJson {
        GroupJson {
            articles: g.articles,
            short: g.short,
            metrics: g
                .metrics
                .iter()
                .map(|s| SumsJson(s.n, s.sum.to_string(), s.sumsq.to_string()))
                .collect(),
            links: g
                .links
                .iter()
                .map(|(&(a, l, c), n)| (a, l, c, n.hits, n.author))
                .collect(),
            mentions: g.mentions.iter().map(|(&a, &n)| (a, n)).collect(),
            terms: g
                .terms
                .iter()
                .map(|(&(l, c), t)| {
                    let mut v: Vec<(String, u64)> =
                        t.iter().map(|(k, n)| (k.clone(), *n)).collect();
                    v.sort();
                    (l, c, v)
                })
                .collect(),
        }
    }

    fn into_group(self) -> Result<GroupSums, String> {
        let mut g = GroupSums {
            articles: self.articles,
            short: self.short,
            ..GroupSums::default()
        };
        for SumsJson(n, sum, sumsq) in self.metrics {
            let parse = |s: &str| s.parse::<i128>().map_err(|e| format!("bad sum `{s}`: {e}"));
            g.metrics.push(Sums {
                n,
                sum: parse(&sum)?,
                sumsq: parse(&sumsq)?,
            });
        }
        for (a, l, c, hits, author) in self.links {
            g.links.insert((a, l, c), LinkCount { hits, author });
        }
        g.mentions = self.mentions.into_iter().collect();
        for (l, c, terms) in self.terms {
            g.terms.insert((l, c), terms.into_iter().collect());
        }
        Ok(g)
    }
}

/// The aggregates in a form JSON can hold (map keys that are tuples become lists).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AggregatesJson {
    min_tokens: usize,
    outlets: Vec<(String, GroupJson)>,
    stories: Vec<(String, String, GroupJson)>,
    #[serde(default)]
    unlisted_speakers: Vec<(String, u64)>,
}

impl AggregatesJson {
    pub fn from(a: &Aggregates) -> AggregatesJson {
        AggregatesJson {
            min_tokens: a.min_tokens,
            outlets: a
                .outlets
                .iter()
                .map(|(k, g)| (k.clone(), GroupJson::from(g)))
                .collect(),
            stories: a
                .stories
                .iter()
                .map(|((s, o), g)| (s.clone(), o.clone(), GroupJson::from(g)))
                .collect(),
            unlisted_speakers: a
                .unlisted_speakers
                .iter()
                .map(|(k, &n)| (k.clone(), n))
                .collect(),
        }
    }

    pub fn into_aggregates(self) -> Result<Aggregates, String> {
        let mut a = Aggregates::new(self.min_tokens);
        for (k, g) in self.outlets {
            a.outlets.insert(k, g.into_group()?);
        }
        let mut stories = BTreeMap::new();
        for (s, o, g) in self.stories {
            stories.insert((s, o), g.into_group()?);
        }
        a.stories = stories;
        a.unlisted_speakers = self.unlisted_speakers.into_iter().collect();
        Ok(a)
    }
}

/// shard.json: what `slant merge` needs of a shard beyond its report files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardState {
    pub format: u32,
    pub shard: (u64, u64),
    /// name and SHA-256 of every lexicon file: shards of one run use the same lexicons.
    pub lexicons: Vec<(String, String)>,
    pub meta_columns: Vec<String>,
    pub min_tokens: usize,
    pub by_story: bool,
    pub top_terms: usize,
    pub no_hits: bool,
    pub max_article_mb: usize,
    pub excel: bool,
    pub inputs: Vec<String>,
    pub manifest: Option<String>,
    pub lexicons_dir: String,
    pub counts: crate::conclude::Counts,
    /// The lexicons' and the corpus's warnings (the same in every shard).
    pub warnings: Vec<String>,
    /// The shard's boilerplate long lines, summed over shards into the run's warnings.
    #[serde(default)]
    pub boilerplate_long_lines: crate::text::boilerplate::LongLineLog,
    pub positions: Positions,
    pub aggregates: AggregatesJson,
    /// Rows left out of this shard's skipped.csv, by reason (`report::MAX_SKIPPED_PER_REASON`).
    pub skipped_left_out: Vec<(String, u64)>,
    /// What the corpus looked like to this shard (`corpus_identity`): every shard of one run saw
    /// the same.
    pub corpus: String,
    /// SHA-256 of each row file this shard wrote (articles.csv, hits.csv, quotes.csv,
    /// skipped.csv), checked by merge before it reads them.
    pub rows: Vec<(String, String)>,
    /// SHA-256 of this state as JSON with `digest` empty: a shard.json edited after its run is
    /// refused.
    pub digest: String,
}

/// The row files of a report folder that merge reads.
pub const ROW_FILES: [&str; 4] = ["articles.csv", "hits.csv", "quotes.csv", "skipped.csv"];

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl ShardState {
    /// The digest of everything but the digest.
    pub fn compute_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut unsigned = self.clone();
        unsigned.digest = String::new();
        let json = serde_json::to_vec(&unsigned).unwrap_or_default();
        hex(&Sha256::digest(&json))
    }

    pub fn sign(mut self) -> ShardState {
        self.digest = self.compute_digest();
        self
    }
}

/// SHA-256 of each row file in `dir` (those that exist), by name.
pub fn row_digests(dir: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    for name in ROW_FILES {
        let path = dir.join(name);
        let Ok(mut f) = std::fs::File::open(&path) else {
            continue;
        };
        let mut h = Sha256::new();
        std::io::copy(&mut f, &mut h)?;
        out.push((name.to_owned(), hex(&h.finalize())));
    }
    Ok(out)
}

/// What the corpus looks like without reading it all: for a folder, every file under it (its
/// path inside the folder and its size, the manifest among them); for a record file, its size
/// and the SHA-256 of its first and last MiB; for `--manifest`, its SHA-256. Files added,
/// removed, renamed or resized between shard runs, or an edited manifest, make the shards
/// disagree. (An edit inside a record file that keeps its size and spares both ends is not seen:
/// hashing every byte would cost each shard a full read of the corpus.)
pub fn corpus_identity(
    inputs: &[std::path::PathBuf],
    manifest: Option<&std::path::Path>,
) -> String {
    use sha2::{Digest, Sha256};
    use std::io::{Read, Seek, SeekFrom};
    let mut h = Sha256::new();
    let field = |h: &mut Sha256, b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let Ok(t) = e.file_type() else { continue };
            let p = e.path();
            if t.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap_or(&p);
                let len = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(u64::MAX);
                out.push((rel.to_string_lossy().into_owned(), len));
            }
        }
    }
    const END: u64 = 1 << 20;
    for input in inputs {
        if input.as_os_str() == "-" {
            field(&mut h, b"stdin");
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, input, &mut files);
            files.sort();
            field(&mut h, b"folder");
            for (name, len) in files {
                field(&mut h, name.as_bytes());
                field(&mut h, &len.to_le_bytes());
            }
        } else {
            field(&mut h, b"file");
            let Ok(mut f) = std::fs::File::open(input) else {
                field(&mut h, b"unreadable");
                continue;
            };
            let len = f.metadata().map(|m| m.len()).unwrap_or(0);
            field(&mut h, &len.to_le_bytes());
            let mut buf = Vec::new();
            let _ = (&mut f).take(END).read_to_end(&mut buf);
            if len > END && f.seek(SeekFrom::Start(len - END)).is_ok() {
                let _ = f.take(END).read_to_end(&mut buf);
            }
            field(&mut h, &Sha256::digest(&buf));
        }
    }
    if let Some(m) = manifest {
        field(&mut h, b"manifest");
        field(
            &mut h,
            &std::fs::read(m)
                .map(|b| Sha256::digest(&b).to_vec())
                .unwrap_or_default(),
        );
    }
    hex(&h.finalize())
}

/// The version of shard.json this build writes and reads.
pub const SHARD_FORMAT: u32 = 2;

/// A shard state that is whole and says what it is: K/N possible, its digest its own, its counts
/// those of its rows, its row files as written.
fn check_own(dir: &std::path::Path, path: &std::path::Path, s: &ShardState) -> anyhow::Result<()> {
    use crate::error::UsageError;
    let (k, n) = s.shard;
    if k == 0 || n == 0 || k > n || n > MAX_SHARDS {
        return Err(UsageError(format!(
            "{}: shard {k}/{n} is not a possible shard (1 ≤ K ≤ N ≤ {MAX_SHARDS})",
            path.display()
        ))
        .into());
    }
    if s.digest != s.compute_digest() {
        return Err(UsageError(format!(
            "{}: changed after its run (its digest does not match its content); score that shard again",
            path.display()
        ))
        .into());
    }
    let left_out: u64 = s.skipped_left_out.iter().map(|(_, n)| n).sum();
    if s.positions.articles.len() as u64 != s.counts.scored
        || s.positions.skipped.len() as u64 + left_out != s.counts.skipped
        || s.counts.scored + s.counts.skipped != s.counts.articles_in
    {
        return Err(UsageError(format!(
            "{}: its counts do not add up to its rows; score that shard again",
            path.display()
        ))
        .into());
    }
    let now =
        row_digests(dir).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", dir.display()))?;
    if now != s.rows {
        let changed: Vec<&str> = ROW_FILES
            .iter()
            .filter(|f| now.iter().find(|(n, _)| n == *f) != s.rows.iter().find(|(n, _)| n == *f))
            .copied()
            .collect();
        return Err(UsageError(format!(
            "{}: {} changed since the shard's run (SHA-256 differs from shard.json's); score that shard again",
            dir.display(),
            changed.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// `slant merge`: reads N shard folders and writes the reports one run over the whole corpus
/// would have written.
pub fn merge(args: &crate::cli::MergeArgs) -> anyhow::Result<()> {
    use crate::error::UsageError;
    use anyhow::Context;

    if args.shards.is_empty() {
        return Err(UsageError("give the shard folders to merge".into()).into());
    }
    let mut states = Vec::new();
    for dir in &args.shards {
        let path = dir.join("shard.json");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {} (is {} the --out of `slant score --shard K/N`?)",
                path.display(),
                dir.display()
            )
        })?;
        let state: ShardState = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a shard state", path.display()))?;
        if state.format != SHARD_FORMAT {
            return Err(UsageError(format!(
                "{}: shard format {} (this slant reads {SHARD_FORMAT})",
                path.display(),
                state.format
            ))
            .into());
        }
        check_own(dir, &path, &state)?;
        states.push((dir.clone(), state));
    }
    // The shards must be the N parts of one run.
    let first = &states[0].1;
    let n = first.shard.1;
    for (dir, s) in &states {
        let differs = [
            ("shard count", s.shard.1 != n),
            ("lexicons", s.lexicons != first.lexicons),
            (
                "corpus (its files or their sizes, or the manifest)",
                s.corpus != first.corpus,
            ),
            ("inputs", s.inputs != first.inputs),
            ("--manifest", s.manifest != first.manifest),
            ("columns", s.meta_columns != first.meta_columns),
            ("--min-tokens", s.min_tokens != first.min_tokens),
            ("--by-story", s.by_story != first.by_story),
            ("--top-terms", s.top_terms != first.top_terms),
            ("--no-hits", s.no_hits != first.no_hits),
            ("--max-article-mb", s.max_article_mb != first.max_article_mb),
            ("--excel", s.excel != first.excel),
        ];
        let what: Vec<&str> = differs.iter().filter(|d| d.1).map(|d| d.0).collect();
        if !what.is_empty() {
            return Err(UsageError(format!(
                "{} is not a shard of the same run as {}: their {} differ; score every shard with the same corpus, lexicons and options",
                dir.display(),
                states[0].0.display(),
                what.join(", ")
            ))
            .into());
        }
    }
    if n > states.len() as u64 {
        let given: std::collections::BTreeSet<u64> =
            states.iter().map(|(_, s)| s.shard.0).collect();
        let missing: Vec<String> = (1..=n)
            .filter(|k| !given.contains(k))
            .take(10)
            .map(|k| format!("{k}/{n}"))
            .collect();
        let more = n - given.len() as u64;
        return Err(UsageError(format!(
            "shards missing: {}{}; merge needs all {n}",
            missing.join(", "),
            if more > 10 {
                format!(" and {} more", more - 10)
            } else {
                String::new()
            }
        ))
        .into());
    }
    let mut seen = vec![false; n as usize + 1];
    for (_, s) in &states {
        if std::mem::replace(&mut seen[s.shard.0 as usize], true) {
            return Err(UsageError(format!("shard {}/{n} is given twice", s.shard.0)).into());
        }
    }
    let set = crate::lexicon::load_dir(&args.lexicons)?;
    let fingerprint: Vec<(String, String)> = set
        .files()
        .map(|l| (l.name.clone(), l.sha256.clone()))
        .collect();
    if fingerprint != first.lexicons {
        return Err(UsageError(format!(
            "the lexicons in {} are not the ones the shards were scored with (compare the SHA-256s in a shard's run.json); give the same folder with --lexicons",
            args.lexicons.display()
        ))
        .into());
    }
    let metrics = crate::metrics::metrics(&set);

    // Aggregates and counts: sums.
    let mut agg = Aggregates::new(first.min_tokens);
    let mut counts = crate::conclude::Counts::default();
    for (_, s) in &states {
        let a = s
            .aggregates
            .clone()
            .into_aggregates()
            .map_err(anyhow::Error::msg)?;
        agg.merge(&a);
        counts.add(&s.counts);
    }

    // Rows: interleaved back into input order.
    // Checked, created and locked only once the shards are known to fit together.
    let out_dir = crate::outdir::OutDir::open(
        &args.out,
        &crate::outdir::Inputs {
            paths: args.shards.iter().map(|p| p.as_path()).collect(),
            lexicons: Some(&args.lexicons),
        },
    )?;
    let mut writer = crate::report::ReportWriter::create(
        out_dir,
        &first.meta_columns,
        &metrics,
        !first.no_hits,
        first.excel,
    )?;
    let open = |dir: &std::path::Path, name: &str| -> anyhow::Result<csv::Reader<std::fs::File>> {
        let p = dir.join(name);
        csv::Reader::from_path(&p).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut articles = Vec::new();
    let mut hits = Vec::new();
    let mut quotes = Vec::new();
    let mut skipped = Vec::new();
    for (dir, _) in &states {
        articles.push(open(dir, "articles.csv")?.into_byte_records());
        quotes.push(open(dir, "quotes.csv")?.into_byte_records().peekable());
        skipped.push(open(dir, "skipped.csv")?.into_byte_records());
        if !first.no_hits {
            hits.push(open(dir, "hits.csv")?.into_byte_records().peekable());
        }
    }
    for (_, s) in &states {
        writer.skipped_beyond_cap(&s.skipped_left_out);
    }
    let mut order: Vec<(u64, usize, bool)> = Vec::new();
    for (i, (_, s)) in states.iter().enumerate() {
        order.extend(s.positions.articles.iter().map(|&p| (p, i, true)));
        order.extend(s.positions.skipped.iter().map(|&p| (p, i, false)));
    }
    order.sort_unstable();
    for (_, i, scored) in order {
        let shard = &states[i].0;
        if !scored {
            let rec = skipped[i].next().with_context(|| {
                format!(
                    "{}: skipped.csv has fewer rows than shard.json lists",
                    shard.display()
                )
            })??;
            writer.skipped_record(&rec)?;
            continue;
        }
        let rec = articles[i].next().with_context(|| {
            format!(
                "{}: articles.csv has fewer rows than shard.json lists",
                shard.display()
            )
        })??;
        writer.article_record(&rec)?;
        let id = rec.get(0).unwrap_or_default().to_vec();
        let q = &mut quotes[i];
        while q
            .peek()
            .is_some_and(|r| r.as_ref().is_ok_and(|r| r.get(0) == Some(id.as_slice())))
        {
            if let Some(r) = q.next() {
                writer.quote_record(&r?)?;
            }
        }
        if let Some(h) = hits.get_mut(i) {
            while h
                .peek()
                .is_some_and(|r| r.as_ref().is_ok_and(|r| r.get(0) == Some(id.as_slice())))
            {
                if let Some(r) = h.next() {
                    writer.hit_record(&r?)?;
                }
            }
        }
    }

    // Tables and run.json, as the single run computes them.
    let settings = crate::conclude::Settings {
        inputs: first.inputs.clone(),
        manifest: first.manifest.clone(),
        lexicons_dir: first.lexicons_dir.clone(),
        shard: None,
        no_hits: first.no_hits,
        min_tokens: first.min_tokens,
        by_story: first.by_story,
        top_terms: first.top_terms,
        max_article_mb: first.max_article_mb,
        excel: first.excel,
        quiet: args.quiet,
    };
    let mut long_lines = crate::text::boilerplate::LongLineLog::default();
    for (_, s) in &states {
        long_lines.merge(&s.boilerplate_long_lines);
    }
    let mut warnings = first.warnings.clone();
    warnings.extend(long_lines.warnings());
    let conclusion = crate::conclude::conclude(&settings, &set, &metrics, &agg, &counts, &warnings);
    crate::conclude::finish(writer, conclusion, None)?;
    if !args.quiet {
        eprintln!(
            "slant: merged {n} shards: {} articles scored, {} skipped; reports in {}",
            counts.scored,
            counts.skipped,
            args.out.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregates_survive_json() {
        let mut g = GroupSums {
            articles: 3,
            short: 1,
            ..GroupSums::default()
        };
        g.metrics.push(Sums {
            n: 2,
            sum: -123_456_789_012_345_678_901,
            sumsq: 5,
        });
        g.links.insert((1, 2, 3), LinkCount { hits: 4, author: 2 });
        g.mentions.insert(1, 9);
        g.terms
            .entry((0, 1))
            .or_default()
            .insert("claimed".into(), 3);
        let mut a = Aggregates::new(50);
        a.outlets.insert("RT".into(), g.clone());
        a.stories.insert(("s".into(), "RT".into()), g);
        let json = serde_json::to_string(&AggregatesJson::from(&a)).unwrap();
        let back: AggregatesJson = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_aggregates().unwrap(), a);
    }
}
