//! `slant merge`: shards merged equal one run, byte for byte.

use crate::common::{read_csv, seed_texts, slant};
use std::fs;
use tempfile::TempDir;

/// Three shards merged are byte for byte the reports of one run, bad records and a repeated id
/// included.
#[test]
fn shards_merged_equal_one_run() {
    let texts = seed_texts();
    let mut jsonl = String::new();
    for i in 0..90 {
        let rec = serde_json::json!({
            "id": format!("a{i:03}"),
            "outlet": format!("outlet-{}", i % 4),
            "story": format!("s{}", i % 3),
            // Dates over half a year, one that cannot be read and one missing (--by-period).
            "date": match i {
                13 => "03/04/2024".to_owned(),
                17 => String::new(),
                _ => format!("2024-0{}-{:02}", 1 + i % 6, 1 + i % 28),
            },
            "text": texts[i % texts.len()],
        });
        jsonl.push_str(&rec.to_string());
        jsonl.push('\n');
        if i == 40 {
            jsonl.push_str("not json\n");
            jsonl.push_str("{\"id\": \"a007\", \"outlet\": \"x\", \"text\": \"repeat\"}\n");
        }
    }
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("c.jsonl");
    fs::write(&corpus, jsonl).unwrap();
    let score = |out: &str, shard: Option<&str>| {
        let mut c = slant();
        c.arg("score")
            .arg(&corpus)
            .args([
                "--by-story",
                "--by-period",
                "week",
                "--xlsx",
                "--parquet",
                "--quiet",
                "--out",
            ])
            .arg(dir.path().join(out));
        if let Some(s) = shard {
            c.args(["--shard", s]);
        }
        c.assert().success();
    };
    score("single", None);
    for k in 1..=3 {
        score(&format!("s{k}"), Some(&format!("{k}/3")));
    }
    // A missing shard is refused.
    let o = slant()
        .arg("merge")
        .arg(dir.path().join("s1"))
        .arg(dir.path().join("s2"))
        .arg("--out")
        .arg(dir.path().join("m"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("shards missing: 3/3"));
    slant()
        .arg("merge")
        .args([
            dir.path().join("s3"),
            dir.path().join("s1"),
            dir.path().join("s2"),
        ])
        .arg("--out")
        .arg(dir.path().join("merged"))
        .arg("--quiet")
        .assert()
        .success();
    let shard_rows: usize = (1..=3)
        .map(|k| read_csv(&dir.path().join(format!("s{k}/articles.csv"))).len())
        .sum();
    assert_eq!(shard_rows, 90);
    // Every report of the run: its rows, tables, run.json, workbook and Parquet files (the
    // registry of output files); keyness.csv is not made under --shard.
    for f in slant::report::files::FILES.iter().filter(|f| {
        use slant::report::files::{Kind, When};
        matches!(
            f.kind,
            Kind::Rows | Kind::Table | Kind::Json | Kind::Workbook | Kind::Columnar
        ) && !matches!(f.when, When::Shard | When::Keyness)
    }) {
        let f = f.name;
        let a = fs::read(dir.path().join("single").join(f)).unwrap();
        let b = fs::read(dir.path().join("merged").join(f)).unwrap();
        assert!(a == b, "{f} differs between one run and the merged shards");
    }
    // The page's driving articles, with their hits kept as the run (or the merge) wrote them.
    let drivers = |run: &str| -> String {
        let page = fs::read_to_string(dir.path().join(run).join("index.html")).unwrap();
        let start = page
            .find("<h2>The articles behind the figures</h2>")
            .unwrap();
        let end = start + page[start + 4..].find("<h2>").unwrap() + 4;
        page[start..end].to_owned()
    };
    // Every mean of the outlet table carries its interval and q (a tooltip where the table
    // has no column for them), as outlets.csv has them.
    let page = fs::read_to_string(dir.path().join("single/index.html")).unwrap();
    let outlets = read_csv(&dir.path().join("single/outlets.csv"));
    let first = &outlets[0];
    let tip = format!(
        "<td data-v=\"{}\" title=\"95% CI {} to {} · q ",
        first["tone.author"], first["tone.author.ci_low"], first["tone.author.ci_high"]
    );
    assert!(page.contains(&tip), "{tip}");
    let single = drivers("single");
    assert!(single.contains("Their hits in context"), "{single}");
    assert!(single.matches("class=\"driver\"").count() >= 4, "{single}");
    assert!(single.contains("<div class=\"hit\"><mark>"), "{single}");
    // The seeds repeat: more articles share an end than are listed, and the shards' counts of
    // them add up to the run's.
    assert!(single.contains(" articles at "), "{single}");
    assert_eq!(single, drivers("merged"));
    // The whole page: its article lists and hits in context too, kept by the merge as it copied
    // the shards' rows.
    let merged = fs::read_to_string(dir.path().join("merged/index.html")).unwrap();
    assert!(page.contains("<h2>Hits in context</h2>"));
    assert!(
        page == merged,
        "index.html differs between one run and the merged shards"
    );
}

/// The long-line warnings of shards merge into the warning of one run: the same count and the
/// same first article ids, so run.json is byte for byte the same.
#[test]
fn long_line_warnings_of_shards_merge_like_one_run() {
    let texts = seed_texts();
    let mut jsonl = String::new();
    for i in 0..20 {
        let text = texts[i % texts.len()].lines().collect::<Vec<_>>().join(" ");
        let rec = serde_json::json!({"id": format!("f{i:02}"), "outlet": "X", "text": text});
        jsonl.push_str(&rec.to_string());
        jsonl.push('\n');
    }
    let dir = TempDir::new().unwrap();
    let c = dir.path().join("c.jsonl");
    fs::write(&c, jsonl).unwrap();
    let score = |out: &str, shard: Option<&str>| {
        let mut cmd = slant();
        cmd.arg("score")
            .arg(&c)
            .args(["--quiet", "--out"])
            .arg(dir.path().join(out));
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        cmd.assert().success();
    };
    score("single", None);
    for k in 1..=3 {
        score(&format!("s{k}"), Some(&format!("{k}/3")));
    }
    slant()
        .arg("merge")
        .args((1..=3).map(|k| dir.path().join(format!("s{k}"))))
        .arg("--out")
        .arg(dir.path().join("merged"))
        .arg("--quiet")
        .assert()
        .success();
    let single = fs::read_to_string(dir.path().join("single/run.json")).unwrap();
    assert!(
        single.contains("in 4 articles (f02, f07, f12 and 1 more): the line was kept"),
        "{single}"
    );
    let merged = fs::read_to_string(dir.path().join("merged/run.json")).unwrap();
    assert_eq!(single, merged);
}

/// Shards scored with different report options are not one run: merge refuses them and names
/// the option, rather than writing reports of the one kind with files of the other.
#[test]
fn shards_with_different_report_options_are_refused() {
    let dir = TempDir::new().unwrap();
    let corpus = crate::common::root().join("seeds");
    for (k, extra) in [(1, None), (2, Some("--parquet"))] {
        let mut c = slant();
        c.arg("score")
            .arg(&corpus)
            .args(["--quiet", "--shard", &format!("{k}/2"), "--out"])
            .arg(dir.path().join(format!("s{k}")));
        c.args(extra);
        c.assert().success();
    }
    let o = slant()
        .arg("merge")
        .arg(dir.path().join("s1"))
        .arg(dir.path().join("s2"))
        .arg("--out")
        .arg(dir.path().join("m"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--char-offsets, ") && err.contains("--parquet differ"),
        "{err}"
    );
    assert!(!dir.path().join("m").exists());
}

/// Scores `corpus` as shard `k` into `dir/out`.
fn score_shard(corpus: &std::path::Path, k: &str, out: &std::path::Path) {
    slant()
        .arg("score")
        .arg(corpus)
        .args(["--quiet", "--shard", k, "--out"])
        .arg(out)
        .assert()
        .success();
}

/// `slant merge` of the folders `shards` into `out`: the exit code and stderr.
fn merge(shards: &[std::path::PathBuf], out: &std::path::Path) -> (Option<i32>, String) {
    let o = slant()
        .arg("merge")
        .args(shards)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A copy of the seeds at `dir/corpus`.
fn seeds_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir(&corpus).unwrap();
    for e in fs::read_dir(crate::common::root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    corpus
}

/// Shard 1/2 scored, then `change` made to the corpus, then shard 2/2: merge refuses them
/// (exit 2), writes nothing, and says what differs (`names`). A change at the same size was
/// not seen when the corpus identity hashed only names and sizes (issue 26).
fn refused_after(corpus: &std::path::Path, change: impl FnOnce(), names: &str) {
    let dir = corpus.parent().unwrap();
    let (s1, s2, out) = (dir.join("s1"), dir.join("s2"), dir.join("merged"));
    score_shard(corpus, "1/2", &s1);
    change();
    score_shard(corpus, "2/2", &s2);
    let (code, err) = merge(&[s1, s2], &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("the corpus changed between their runs"),
        "{err}"
    );
    assert!(err.contains(names), "{err}");
    assert!(!out.exists(), "a refused merge writes nothing");
}

/// Replaces the first `from` in the file at `path` by `to`, of the same length.
fn edit_in_place(path: &std::path::Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let before = fs::read(path).unwrap();
    let text = String::from_utf8(before.clone()).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
    assert_eq!(fs::read(path).unwrap().len(), before.len());
}

#[test]
fn a_manifest_changed_at_the_same_size_between_shards_is_refused() {
    let dir = TempDir::new().unwrap();
    let corpus = seeds_copy(dir.path());
    // Two outlets swapped between rows: the manifest keeps its size.
    let manifest = corpus.join("manifest.csv");
    refused_after(
        &corpus,
        || {
            let text = fs::read_to_string(&manifest).unwrap();
            let swapped = text
                .replace(",unidentified-000,", ",@@,")
                .replace(",unidentified-004,", ",unidentified-000,")
                .replace(",@@,", ",unidentified-004,");
            assert_ne!(swapped, text);
            fs::write(&manifest, swapped).unwrap();
        },
        "manifest.csv differs",
    );
}

#[test]
fn an_article_edited_at_the_same_size_between_shards_is_refused() {
    let dir = TempDir::new().unwrap();
    let corpus = seeds_copy(dir.path());
    // 000 is shard 1's (tests/guard_rails.rs pins it): shard 2 never scores it, and sees the
    // edit only because it reads every file of the folder for the corpus identity.
    let article = corpus.join("000_b99c8621696b3fd8.txt");
    refused_after(
        &corpus,
        || edit_in_place(&article, " said ", " sand "),
        "an article in the folder",
    );
}

#[test]
fn a_jsonl_record_edited_at_the_same_size_between_shards_is_refused() {
    let dir = TempDir::new().unwrap();
    let texts = seed_texts();
    let corpus = dir.path().join("c.jsonl");
    crate::common::write_jsonl(
        &corpus,
        (0..800).map(|i| {
            serde_json::json!({
                "id": format!("r{i:04}"),
                "outlet": format!("outlet-{}", i % 3),
                "text": texts[i % texts.len()],
            })
        }),
    );
    let len = fs::metadata(&corpus).unwrap().len();
    assert!(
        len > 2 << 20,
        "{len} bytes: more than the first and last MiB"
    );
    // A record in the middle: neither in the first nor in the last MiB.
    let text = fs::read_to_string(&corpus).unwrap();
    let at = text.find("\"id\":\"r0400\"").unwrap();
    assert!(at as u64 > 1 << 20 && (at as u64) < len - (1 << 20));
    let edited = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen(" said ", " sand ", 1)
    );
    assert_eq!(edited.len(), text.len());
    refused_after(
        &corpus,
        || fs::write(&corpus, &edited).unwrap(),
        "c.jsonl differs",
    );
}

/// A shard.json of the format before content identities (its `corpus` one string) is refused
/// by its format number, not by a parse error.
#[test]
fn a_shard_of_an_older_format_is_refused_by_its_number() {
    let dir = TempDir::new().unwrap();
    let seeds = crate::common::root().join("seeds");
    let (s1, s2) = (dir.path().join("s1"), dir.path().join("s2"));
    score_shard(&seeds, "1/2", &s1);
    score_shard(&seeds, "2/2", &s2);
    let path = s1.join("shard.json");
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v["format"] = serde_json::json!(3);
    v["corpus"] =
        serde_json::json!("5cd79c34fcaf4bc8c293a913b1d05da6be14dd738d77e15c0034f66afce4e835");
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = dir.path().join("merged");
    let (code, err) = merge(&[s1, s2], &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("shard format 3, written by another version of slant (this one reads 5); score that shard again"),
        "{err}"
    );
    assert!(!out.exists());
}

/// Standard input is hashed as it is read, as a record file is: shards fed different data on
/// `-` are refused, shards fed the same data merge into one run's reports.
#[test]
fn shards_fed_different_data_on_standard_input_are_refused() {
    let dir = TempDir::new().unwrap();
    let texts = seed_texts();
    let records = |edit: bool| -> Vec<u8> {
        let mut out = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let t = if edit && i == 0 {
                t.replacen(" said ", " sand ", 1)
            } else {
                t.clone()
            };
            let r = serde_json::json!({"id": format!("a{i}"), "outlet": "o", "text": t});
            out.extend(serde_json::to_vec(&r).unwrap());
            out.push(b'\n');
        }
        out
    };
    let shard = |k: &str, out: &str, input: Vec<u8>| {
        slant()
            .args(["score", "-", "--quiet", "--shard", k, "--out"])
            .arg(dir.path().join(out))
            .write_stdin(input)
            .assert()
            .success();
    };
    shard("1/2", "s1", records(false));
    shard("2/2", "s2", records(false));
    shard("2/2", "s2-edited", records(true));
    let (code, err) = merge(
        &[dir.path().join("s1"), dir.path().join("s2")],
        &dir.path().join("m"),
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = merge(
        &[dir.path().join("s1"), dir.path().join("s2-edited")],
        &dir.path().join("m2"),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("what standard input held differs"), "{err}");
}
