//! Helpers shared by the integration test files.
#![allow(dead_code)] // each test file uses part of the helpers

use assert_cmd::Command;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `slant` binary, run from the repository's root.
pub fn slant() -> Command {
    let mut c = Command::cargo_bin("slant").unwrap();
    c.current_dir(root());
    c
}

/// The texts of the five seed articles, in file order.
pub fn seed_texts() -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect()
}

/// A CSV file as rows of header → value.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Scores the seeds into a fresh folder and returns it.
pub fn score_seeds(extra: &[&str]) -> TempDir {
    let out = TempDir::new().unwrap();
    slant()
        .args(["score", "seeds", "--quiet", "--out"])
        .arg(out.path())
        .args(extra)
        .assert()
        .success();
    out
}

pub fn hits_of<'a>(
    hits: &'a [HashMap<String, String>],
    article: &str,
) -> Vec<&'a HashMap<String, String>> {
    hits.iter()
        .filter(|h| h["article_id"].starts_with(article))
        .collect()
}

/// A corpus folder with the given files and manifest.
pub fn corpus(files: &[(&str, &[u8])], manifest: Option<&str>) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    if let Some(m) = manifest {
        fs::write(dir.path().join("manifest.csv"), m).unwrap();
    }
    dir
}

pub fn lexicons(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

pub fn score_into(corpus: &Path, lex: Option<&Path>) -> (TempDir, std::process::Output) {
    let out = TempDir::new().unwrap();
    let mut c = slant();
    c.arg("score").arg(corpus).arg("--out").arg(out.path());
    if let Some(l) = lex {
        c.arg("--lexicons").arg(l);
    }
    let output = c.output().unwrap();
    (out, output)
}

/// An article of exactly 100 tokens with `good`, `bad`, `said` and `claimed` the given number of
/// times, the rest filler.
pub fn article_100(good: usize, bad: usize, said: usize, claimed: usize) -> String {
    let mut words = Vec::new();
    for (w, n) in [
        ("good", good),
        ("bad", bad),
        ("said", said),
        ("claimed", claimed),
    ] {
        words.extend(std::iter::repeat_n(w, n));
    }
    words.resize(100, "word");
    format!("{}.", words.join(" "))
}

pub fn stats_lexicons() -> TempDir {
    lexicons(&[
        (
            "tone.csv",
            "pattern,category,negate\ngood,positive,yes\nbad,negative,yes\n",
        ),
        (
            "attribution.csv",
            "pattern,category\nsaid,neutral\nclaimed,distancing\n",
        ),
        (
            "actors.csv",
            "pattern,category\nMoscow,russia\nKyiv,ukraine\n",
        ),
    ])
}

/// Scores a corpus made of `files` (and `manifest`) with `stats_lexicons`.
pub fn score_with_stats_lexicons(
    files: &[(&str, &[u8])],
    manifest: Option<&str>,
) -> (TempDir, std::process::Output) {
    let c = corpus(files, manifest);
    let lex = stats_lexicons();
    score_into(c.path(), Some(lex.path()))
}

pub fn metric_row<'a>(
    rows: &'a [HashMap<String, String>],
    outlet: &str,
    metric: &str,
) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["outlet"] == outlet && r["metric"] == metric)
        .unwrap_or_else(|| panic!("no row {outlet} {metric}"))
}

pub fn assert_cell(row: &HashMap<String, String>, col: &str, want: f64) {
    let got: f64 = row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]));
    let decimals = if col.ends_with("value") { 1e-6 } else { 1e-4 };
    assert!(
        (got - want).abs() <= decimals * 0.51 + 1e-12,
        "{col}: {got} != {want}"
    );
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Every input article is in articles.csv or skipped.csv, and run.json's counts add up.
pub fn assert_nothing_lost(out: &Path, inputs: usize) {
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let c = &run["counts"];
    let (n_in, scored, skipped) = (
        c["articles_in"].as_u64().unwrap(),
        c["scored"].as_u64().unwrap(),
        c["skipped"].as_u64().unwrap(),
    );
    assert_eq!(n_in as usize, inputs, "articles_in");
    assert_eq!(n_in, scored + skipped, "articles_in = scored + skipped");
    assert_eq!(read_csv(&out.join("articles.csv")).len() as u64, scored);
    assert_eq!(read_csv(&out.join("skipped.csv")).len() as u64, skipped);
}

/// Writes `records` as a JSONL corpus at `path` (one JSON object a line).
pub fn write_jsonl(path: &Path, records: impl IntoIterator<Item = serde_json::Value>) {
    let mut jsonl = String::new();
    for rec in records {
        jsonl.push_str(&rec.to_string());
        jsonl.push('\n');
    }
    fs::write(path, jsonl).unwrap();
}

/// Twenty articles, `a00`…`a19`, of the seeds: outlet A's (even ids) with a word no lexicon
/// has, "Zorble.", thirty times — before the seed text when `zorble_first`, else after it —
/// and outlet B's without. Written at `dir/c.jsonl`.
pub fn zorble_corpus(dir: &Path, zorble_first: bool) -> PathBuf {
    let texts = seed_texts();
    let corpus = dir.join("c.jsonl");
    write_jsonl(
        &corpus,
        (0..20).map(|i| {
            let extra = if i % 2 == 0 {
                " Zorble.".repeat(30)
            } else {
                String::new()
            };
            let seed = &texts[(i / 2) % texts.len()];
            serde_json::json!({
                "id": format!("a{i:02}"),
                "outlet": if i % 2 == 0 { "A" } else { "B" },
                "text": if zorble_first { format!("{extra}\n\n{seed}") } else { format!("{seed}{extra}") },
            })
        }),
    );
    corpus
}

/// A small tmpfs mounted for a test, unmounted when dropped: a full disk on demand. None where
/// this process may not mount (then the test says so and does not run).
pub struct Tmpfs(pub TempDir);

impl Tmpfs {
    pub fn mount(size: &str) -> Option<Tmpfs> {
        let dir = TempDir::new().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Tmpfs(dir))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Fills what is left of the file system with a file named `fill`.
    pub fn fill(&self) {
        use std::io::Write;
        let mut f = fs::File::create(self.path().join("fill")).unwrap();
        let block = vec![b'x'; 4096];
        while f.write_all(&block).is_ok() {}
    }

    /// Frees what `fill` took.
    pub fn unfill(&self) {
        fs::remove_file(self.path().join("fill")).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// The names in `dir` that are temporary files or folders slant left.
pub fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("slant-tmp") || n.contains("slant-new") || n.contains("slant-old"))
        .collect()
}
