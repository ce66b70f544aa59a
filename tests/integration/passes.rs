//! Every pass over a corpus reads the articles `score` scores (issue 29): `--keyness`, `kwic`
//! and `check --corpus` skip what `score` skips — a duplicate id, an article over
//! `--max-article-mb`, binary content, a record that does not parse — and count the rest alike.

use crate::common::{read_csv, root, seed_texts, slant, write_jsonl};
use serde_json::json;
use std::path::Path;
use tempfile::TempDir;

/// The seeds as records of outlets A and B, then: a second record with the id `s0` whose text is
/// "Quorblat" many times (counted, it would be outlet A's key term), one over 1 MiB, one of
/// binary content, and a line that is no JSON. With `duplicate` false, the second record has an
/// id of its own.
fn corpus(dir: &Path, duplicate: bool) -> std::path::PathBuf {
    let path = dir.join("c.jsonl");
    let mut records: Vec<serde_json::Value> = seed_texts()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let outlet = ["A", "B"][i % 2];
            json!({"id": format!("s{i}"), "outlet": outlet, "text": t})
        })
        .collect();
    let quorblat = format!("{} The minister said so.", "Quorblat rises. ".repeat(40));
    let id = if duplicate { "s0" } else { "s9" };
    records.push(json!({"id": id, "outlet": "A", "text": quorblat}));
    let big = "The minister said the plan was good. ".repeat(30_000);
    records.push(json!({"id": "big", "outlet": "B", "text": big}));
    let binary: String = (0..400).map(|i| char::from((i % 8) as u8 + 1)).collect();
    records.push(json!({"id": "bin", "outlet": "B", "text": format!("said {binary}")}));
    write_jsonl(&path, records);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"id\": \"broken\", \"outlet\": \"A\", \"text\": \n");
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout_of(args: &[&str]) -> String {
    let out = slant().args(args).output().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The number before `word` in `text` ("12 articles" → 12).
fn number_before(text: &str, word: &str) -> u64 {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("no `{word}` in {text}"));
    let digits: String = text[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

/// `slant score CORPUS --keyness --max-article-mb 1` into `out`, which must succeed.
fn score_with_keyness(corpus: &str, out: &Path) {
    let run = slant()
        .args([
            "score",
            corpus,
            "--keyness",
            "--max-article-mb",
            "1",
            "--quiet",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn keyness_kwic_and_check_read_the_articles_score_scores() {
    let dir = TempDir::new().unwrap();
    let corpus = corpus(dir.path(), true);
    let c = corpus.to_str().unwrap();
    let out = dir.path().join("r");
    let cap = ["--max-article-mb", "1"];
    score_with_keyness(c, &out);
    let articles = read_csv(&out.join("articles.csv"));
    let skipped = read_csv(&out.join("skipped.csv"));
    let reasons: Vec<&str> = skipped.iter().map(|r| r["reason"].as_str()).collect();
    assert_eq!(articles.len(), 5, "{reasons:?}");
    assert_eq!(skipped.len(), 4, "{reasons:?}");
    for why in [
        "duplicate article_id",
        "larger than the limit",
        "binary content",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(why)),
            "{why}: {reasons:?}"
        );
    }
    let tokens: u64 = articles
        .iter()
        .map(|r| r["tokens"].parse::<u64>().unwrap())
        .sum();

    // keyness.csv: the duplicate's word would be A's key term; score left the article out.
    let keyness = read_csv(&out.join("keyness.csv"));
    assert!(!keyness.is_empty());
    assert!(!keyness.iter().any(|r| r["term"].contains("quorblat")));

    let lex = root().join("lexicons");
    let lex = lex.to_str().unwrap();
    let check = stdout_of(&[&["check", lex, "--corpus", c][..], &cap].concat());
    let line = check.lines().find(|l| l.starts_with("corpus ")).unwrap();
    assert_eq!(number_before(line, " articles"), 5, "{line}");
    assert_eq!(number_before(line, " tokens"), tokens, "{line}");
    assert_eq!(number_before(line, " more skipped"), 4, "{line}");

    let kwic = stdout_of(&[&["kwic", "quorblat", c][..], &cap].concat());
    let line = kwic.lines().next().unwrap();
    assert_eq!(number_before(line, " matches"), 0, "{line}");
    assert_eq!(number_before(line, " articles"), 5, "{line}");
    assert_eq!(number_before(line, " more skipped"), 4, "{line}");
}

/// The same corpus with the second record's id its own: every pass reads it, so the test
/// above tells the duplicate apart.
#[test]
fn an_article_with_an_id_of_its_own_is_read_by_every_pass() {
    let dir = TempDir::new().unwrap();
    let corpus = corpus(dir.path(), false);
    let c = corpus.to_str().unwrap();
    let out = dir.path().join("r");
    score_with_keyness(c, &out);
    assert_eq!(read_csv(&out.join("articles.csv")).len(), 6);
    let keyness = read_csv(&out.join("keyness.csv"));
    assert!(keyness
        .iter()
        .any(|r| r["outlet"] == "A" && r["term"] == "quorblat" && r["count"] == "40"));
    let kwic = stdout_of(&["kwic", "quorblat", c, "--max-article-mb", "1"]);
    let line = kwic.lines().next().unwrap();
    assert_eq!(number_before(line, " matches"), 40, "{line}");
    assert_eq!(number_before(line, " more skipped"), 3, "{line}");
}
