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
    // The page's driving articles, with their hits read from the spans the run (or the merge)
    // noted in its hits.csv.
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
