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
