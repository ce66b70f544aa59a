//! `slant check`: lexicon problems, and with `--corpus`, what each entry catches.

use crate::common::{lexicons, root, score_seeds, slant};
use std::fs;

#[test]
fn check_reports_errors_and_redundant_entries() {
    let lex = lexicons(&[(
        "attribution.csv",
        "pattern,category\nclaim*,distancing\nclaimed,distancing\n",
    )]);
    let o = slant().arg("check").arg(lex.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("attribution.csv:3: `claimed` is already counted by `claim*` (line 2)"));

    let bad = lexicons(&[("tone.csv", "pattern,category\n,positive\n")]);
    let o = slant().arg("check").arg(bad.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tone.csv:2: empty pattern"));

    slant()
        .args(["check", "lexicons"])
        .assert()
        .code(predicates::ord::lt(2));
}

#[test]
fn check_with_a_corpus_expands_every_entry() {
    let boilerplate = fs::read_to_string(root().join("lexicons/boilerplate.csv")).unwrap();
    let lex = lexicons(&[
        (
            "attribution.csv",
            "pattern,category\nsaid,neutral\nclaim*,distancing\naccording to,neutral\nsmirked,neutral\nclaim!,distancing\n",
        ),
        ("boilerplate.csv", &boilerplate),
    ]);
    let o = slant()
        .arg("check")
        .arg(lex.path())
        .args(["--corpus", "seeds", "--top", "3"])
        .output()
        .unwrap();
    // claim! is a warning (its ! is ignored), so the exit code is 1.
    assert_eq!(o.status.code(), Some(1));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("`claim!`: `!` is not part of any word and is ignored, so this matches `claim`"),
        "{s}"
    );
    assert!(s.contains("corpus seeds: 5 articles, 2382 tokens"), "{s}");
    assert!(
        s.contains("claim* (distancing) 2 → claimed 1, claiming 1"),
        "{s}"
    );
    assert!(s.contains("according to (neutral) 3"), "{s}");
    assert!(
        s.contains("no match: 2 entries: `smirked` (line 5), `claim!` (line 6)"),
        "{s}"
    );
    assert!(s.contains("most frequent words no entry matches (function words left out): north 54, korea 47, russia 38"), "{s}");
    assert!(s.contains("--keyness, then keyness.csv"), "{s}");
}

/// Item 8 of issue 12: named speakers that map to no party are listed, so a user knows what to
/// add to actors.csv — by `check --corpus` and on the report page, from the same quotations.
#[test]
fn speakers_without_a_party_are_listed_by_check_and_on_the_page() {
    let gold = root().join("tests/data/gold/articles.jsonl");
    let o = slant()
        .args(["check", "--corpus"])
        .arg(&gold)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    let line = s
        .lines()
        .find(|l| l.starts_with("speakers of quotations with no party in actors.csv"))
        .unwrap_or_else(|| panic!("{s}"));
    // France's interior minister of 2017 is in no default list; Putin is.
    assert!(line.contains("Le Roux 3"), "{line}");
    assert!(!line.contains("Putin"), "{line}");
    let out = tempfile::tempdir().unwrap();
    slant()
        .args(["score", "--quiet", "--out"])
        .arg(out.path())
        .arg(&gold)
        .assert()
        .success();
    let page = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(page.contains("<h2>Speakers without a party</h2>"));
    assert!(
        page.contains("<tr><td>Le Roux</td><td>3</td></tr>"),
        "{page}"
    );
    // Counted while scoring and carried in shard.json: shards merged show the same list.
    for k in 1..=2 {
        slant()
            .args(["score", "--quiet", "--shard", &format!("{k}/2"), "--out"])
            .arg(out.path().join(format!("s{k}")))
            .arg(&gold)
            .assert()
            .success();
    }
    slant()
        .arg("merge")
        .arg(out.path().join("s1"))
        .arg(out.path().join("s2"))
        .arg("--quiet")
        .arg("--out")
        .arg(out.path().join("merged"))
        .assert()
        .success();
    let merged = fs::read_to_string(out.path().join("merged/index.html")).unwrap();
    let section = |p: &str| {
        p[p.find("Speakers without a party").unwrap()..]
            .split("</table>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(section(&merged), section(&page));
    // The seeds' speakers are all listed parties: no such section.
    let seeds = score_seeds(&[]);
    let page = fs::read_to_string(seeds.path().join("index.html")).unwrap();
    assert!(!page.contains("Speakers without a party"));
}
