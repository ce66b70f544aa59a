//! Cleanup of real exports (issue 27): linked headlines run into flattened copy and embedded
//! posts are left out, listed by explain and counted per outlet in the run's warnings, the same
//! through shards and merge.

use crate::common::{read_csv, slant};
use std::fs;
use tempfile::TempDir;

/// A flattened Al Jazeera-like article (one line): the linked headline run into the
/// copy, an opinion headline whose quoted word would be a scare quote, and an embedded tweet.
const AJ: &str = "Thousands of people marched in the northern suburbs of Paris on Saturday to protest against police violence, a week after a young black man was seriously injured during an identity check. The demonstrators carried banners and chanted against the four officers involved, who have been suspended. READ MORE: Paris police say rape of black man an 'accident' \"Nobody is above the law, not even a policeman.\" The words of the victim's mother were repeated by the crowd as it reached the town hall. France's interior minister, Bruno Le Roux, said the officers would face justice if the investigation found wrongdoing. \"The police must be exemplary,\" he said in a statement. OPINION: Why Hollande is 'shocked' by police violence Riots have broken out on several nights since the arrest, and dozens of people have been detained. On Twitter, the family's lawyer thanked the marchers. Thank you to everyone who marched today for Theo pic.twitter.com/AbC123xYz \u{2014} Eric Dupond (@edupond) February 12, 2017 The investigation continues, prosecutors said.";

/// Articles without anything to remove, of the same outlet and of another.
const PLAIN: &str = "Protesters gathered outside parliament in the capital on Sunday, demanding the resignation of the prime minister. Police said the march was peaceful and that no arrests were made.";

/// A JSONL corpus of `(id, outlet, text)` records in `dir`.
fn jsonl(dir: &TempDir, records: &[(String, &str, &str)]) -> std::path::PathBuf {
    let path = dir.path().join("c.jsonl");
    let mut s = String::new();
    for (id, outlet, text) in records {
        let rec = serde_json::json!({"id": id, "outlet": outlet, "text": text});
        s.push_str(&rec.to_string());
        s.push('\n');
    }
    fs::write(&path, s).unwrap();
    path
}

#[test]
fn linked_headlines_and_a_tweet_run_into_flattened_copy_are_left_out() {
    let dir = TempDir::new().unwrap();
    let c = jsonl(
        &dir,
        &[
            ("aj1".into(), "Al Jazeera", AJ),
            ("aj2".into(), "Al Jazeera", PLAIN),
            ("bbc1".into(), "BBC", PLAIN),
        ],
    );
    let out = dir.path().join("out");
    let o = slant()
        .arg("score")
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // No quotation goes to `Paris police`, the headline's subject; the headlines' quoted words
    // are no quotation at all, so no scare quote.
    let quotes = read_csv(&out.join("quotes.csv"));
    let at = |word: &str| (AJ.find(word).unwrap()).to_string();
    for q in &quotes {
        assert!(
            !q["speaker"].contains("Paris police") && !q["speaker_resolved"].contains("Paris"),
            "{q:?}"
        );
        assert!(
            q["start"] != at("accident") && q["start"] != at("shocked"),
            "{q:?}"
        );
    }
    assert!(quotes.iter().all(|q| q["kind"] != "scare"), "{quotes:?}");
    let nobody = quotes.iter().find(|q| q["start"] == at("Nobody")).unwrap();
    assert_eq!(nobody["actor"], "", "{nobody:?}");
    // Nothing of the headlines or the tweet is scored; the copy around them is.
    let hits = read_csv(&out.join("hits.csv"));
    let removed = [
        "READ MORE: Paris police say rape of black man an 'accident'",
        "OPINION: Why Hollande is 'shocked' by police violence",
        "Thank you to everyone who marched today for Theo pic.twitter.com/AbC123xYz \u{2014} Eric Dupond (@edupond) February 12, 2017",
    ];
    for h in &hits {
        let start: usize = h["start"].parse().unwrap();
        for r in removed {
            let s = AJ.find(r).unwrap();
            assert!(!(s..s + r.len()).contains(&start), "{h:?} in {r:?}");
        }
    }
    assert!(
        hits.iter().any(|h| h["matched"] == "Riots"),
        "the copy after OPINION is scored"
    );

    // The warning counts them per outlet, of the outlet's articles; run.json keeps it.
    let err = String::from_utf8_lossy(&o.stderr);
    let headlines = "Al Jazeera: 1 of 2 articles had linked headlines removed (2 in all, by boilerplate.csv's `runin` entries; e.g. aj1;";
    let posts = "Al Jazeera: 1 of 2 articles had embedded posts or captions removed (1 in all, by boilerplate.csv's `embed` entries; e.g. aj1;";
    for w in [headlines, posts] {
        assert!(err.contains(w), "{err}");
    }
    assert!(!err.contains("BBC:"), "{err}");
    let run = fs::read_to_string(out.join("run.json")).unwrap();
    assert!(run.contains(headlines) && run.contains(posts), "{run}");

    // explain lists each removed span with its entry and how its end was found.
    let o = slant().args(["explain", "aj1"]).arg(&c).output().unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("removed 4 spans left out as boilerplate:"),
        "{s}"
    );
    for r in removed {
        assert!(s.contains(&format!("{r:?}")), "{r} not in {s}");
    }
    assert!(
        s.contains("`READ MORE:` (boilerplate.csv:")
            && s.contains("runin): ends before a capitalized word after a lower-case one"),
        "{s}"
    );
    assert!(
        s.contains("embed): its text taken back to its sentence's start"),
        "{s}"
    );
}

/// The per-outlet removal warnings of shards merge into those of one run: the same counts and
/// first article ids, so run.json is byte for byte the same.
#[test]
fn removal_warnings_of_shards_merge_like_one_run() {
    let dir = TempDir::new().unwrap();
    let records: Vec<(String, &str, &str)> = (0..12)
        .map(|i| {
            let outlet = if i % 3 == 2 { "BBC" } else { "Al Jazeera" };
            let text = if i % 2 == 0 { AJ } else { PLAIN };
            (format!("a{i:02}"), outlet, text)
        })
        .collect();
    let c = jsonl(&dir, &records);
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
    // Al Jazeera has a00, a01, a03, a04, a06, a07, a09, a10; the even ones have the headlines.
    assert!(
        single.contains("Al Jazeera: 4 of 8 articles had linked headlines removed (8 in all, by boilerplate.csv's `runin` entries; e.g. a00, a04, a06 and 1 more;"),
        "{single}"
    );
    assert!(
        single.contains("BBC: 2 of 4 articles had embedded posts or captions removed (2 in all,"),
        "{single}"
    );
    let merged = fs::read_to_string(dir.path().join("merged/run.json")).unwrap();
    assert_eq!(single, merged);
}
