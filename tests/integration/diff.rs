//! `slant diff`: what a lexicon edit changed between two report folders.

use crate::common::{read_csv, root, slant};
use std::fs;
use tempfile::TempDir;

#[test]
fn diff_after_adding_one_entry() {
    let work = TempDir::new().unwrap();
    let lex = work.path().join("lexicons");
    fs::create_dir(&lex).unwrap();
    for f in [
        "tone.csv",
        "attribution.csv",
        "actors.csv",
        "boilerplate.csv",
    ] {
        fs::copy(root().join("lexicons").join(f), lex.join(f)).unwrap();
    }
    let score = |out: &str| {
        slant()
            .args(["score", "seeds", "--quiet", "--lexicons"])
            .arg(&lex)
            .arg("--out")
            .arg(work.path().join(out))
            .assert()
            .success();
    };
    score("old");
    // "cosmodrome" appears once, in RT's article (002).
    let mut tone = fs::read_to_string(lex.join("tone.csv")).unwrap();
    tone.push_str("cosmodrome,negative,1,yes,test entry\n");
    fs::write(lex.join("tone.csv"), tone).unwrap();
    score("new");
    let o = slant()
        .arg("diff")
        .arg(work.path().join("old"))
        .arg(work.path().join("new"))
        .arg("--csv")
        .arg(work.path().join("diff.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("lexicon files changed: tone"), "{s}");
    assert!(s.contains("added    tone: `cosmodrome` (negative)"), "{s}");
    assert!(s.contains("+1  tone.negative `cosmodrome`: 0 → 1"), "{s}");
    assert!(s.contains("articles changed: 1 of 5"), "{s}");
    assert!(
        s.contains("002_18a16e2883d59481 (RT: tone.negative +1)"),
        "{s}"
    );
    let diff = read_csv(&work.path().join("diff.csv"));
    // The largest change first; only RT's figures moved.
    assert_eq!(
        (diff[0]["outlet"].as_str(), diff[0]["metric"].as_str()),
        ("RT", "tone.negative.per_1k")
    );
    let changed: Vec<_> = diff
        .iter()
        .filter(|r| !r["change"].is_empty() && r["change"] != "0.0000")
        .collect();
    assert!(changed.iter().all(|r| r["outlet"] == "RT"));
    let tone_row = changed.iter().find(|r| r["metric"] == "tone").unwrap();
    // One more negative word in 378 tokens: tone falls by 100/378 = 0.26455…, the difference of
    // the printed means −0.7937 and −1.0582.
    assert_eq!(tone_row["change"], "-0.2645");
}

/// The findings that crossed q = 0.05 come first, each kind of metric is ranked apart, a change
/// of column order is named, and no line shows a change that is not one.
#[test]
fn diff_puts_changed_findings_first_and_names_column_moves() {
    let work = TempDir::new().unwrap();
    // Outlet A's articles end with a word no lexicon has yet, thirty times.
    let corpus = crate::common::zorble_corpus(work.path(), false);
    let lex = work.path().join("lexicons");
    fs::create_dir(&lex).unwrap();
    for f in ["tone.csv", "attribution.csv", "actors.csv"] {
        fs::copy(root().join("lexicons").join(f), lex.join(f)).unwrap();
    }
    let score = |out: &str| {
        slant()
            .arg("score")
            .arg(&corpus)
            .args(["--quiet", "--lexicons"])
            .arg(&lex)
            .arg("--out")
            .arg(work.path().join(out))
            .assert()
            .success();
    };
    score("old");
    // A new negative word, and `hailed` moved to endorsing above the first distancing entry.
    let mut tone = fs::read_to_string(lex.join("tone.csv")).unwrap();
    tone.push_str("zorble,negative,1,no,test entry\n");
    fs::write(lex.join("tone.csv"), tone).unwrap();
    let attribution = fs::read_to_string(lex.join("attribution.csv")).unwrap();
    assert!(attribution.contains("\nhailed,neutral,"));
    fs::write(
        lex.join("attribution.csv"),
        attribution.replace("\nhailed,neutral,", "\nhailed,endorsing,"),
    )
    .unwrap();
    score("new");
    let o = slant()
        .arg("diff")
        .arg(work.path().join("old"))
        .arg(work.path().join("new"))
        .arg("--csv")
        .arg(work.path().join("diff.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("articles.csv column order changed: "), "{s}");
    assert!(
        s.contains("findings that changed (outlet vs the rest, q crossed 0.05)"),
        "{s}"
    );
    assert!(
        s.contains("A tone.negative.per_1k: became significant"),
        "{s}"
    );
    // Every change line shows a change.
    for l in s
        .lines()
        .filter(|l| l.contains(" → ") && l.starts_with("  "))
    {
        let first = l.split_whitespace().next().unwrap_or_default();
        assert!(first != "0.0000" && first != "-0.0000", "{l}");
    }
    let diff = read_csv(&work.path().join("diff.csv"));
    assert_eq!(
        diff[0]["significance"], "became significant",
        "{:?}",
        diff[0]
    );
    // After the findings, the changes by kind: shares before rates before indices before counts.
    let kinds: Vec<&str> = diff
        .iter()
        .filter(|r| {
            r["significance"].is_empty() && !r["change"].is_empty() && r["change"] != "0.0000"
        })
        .map(|r| r["kind"].as_str())
        .collect();
    let order = |k: &str| {
        ["share", "rate", "index", "count"]
            .iter()
            .position(|x| *x == k)
    };
    assert!(
        kinds.windows(2).all(|w| order(w[0]) <= order(w[1])),
        "{kinds:?}"
    );
}
