//! `slant explain`: an article's hits in context, from the text or from a report folder.

use crate::common::{score_seeds, slant};

#[test]
fn explain_shows_hits_in_context() {
    let o = slant()
        .args([
            "explain",
            "003_7b7ba6ff9923e79e",
            "--category",
            "distancing",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("outlet The Moscow Times"));
    assert!(s.contains("over Pyongyang's [alleged] transfers"), "{s}");
    assert!(!s.contains("\x1b["), "no colour when piped");
    let o = slant().args(["explain", "nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article `nope`"));
}

#[test]
fn explain_from_reports_shows_what_the_run_reported() {
    let out = score_seeds(&[]);
    for id in [
        "001_4e4bbfb06c6ea73e",
        "002_18a16e2883d59481",
        "004_a3135e83d7076409",
    ] {
        let fresh = slant().args(["explain", id]).output().unwrap();
        let reported = slant()
            .args(["explain", id, "--reports"])
            .arg(out.path())
            .output()
            .unwrap();
        assert!(
            reported.status.success(),
            "{}",
            String::from_utf8_lossy(&reported.stderr)
        );
        // Scored again, the article's removed boilerplate is listed; the reports do not keep
        // it, and say so. Everything else is the same.
        let (fresh, reported) = (
            String::from_utf8_lossy(&fresh.stdout),
            String::from_utf8_lossy(&reported.stdout),
        );
        assert!(
            fresh.contains("left out as boilerplate:\n  bytes "),
            "{fresh}"
        );
        assert!(
            reported.contains("removed: the reports do not keep the boilerplate removed"),
            "{reported}"
        );
        assert_eq!(without_removed(&fresh), without_removed(&reported));
    }
    let filtered = slant()
        .args([
            "explain",
            "003_7b7ba6ff9923e79e",
            "--lexicon",
            "attribution",
            "--category",
            "distancing",
            "--reports",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&filtered.stdout);
    assert!(s.contains("over Pyongyang's [alleged] transfers"), "{s}");
    assert!(
        s.contains("attribution.distancing  \"alleged\"  pattern alleged  weight 1\n"),
        "{s}"
    );
    assert!(!s.contains("attribution.neutral"));
}

/// explain's output without its lines about removed boilerplate: from the line that starts
/// with `removed` to the blank line after it.
fn without_removed(s: &str) -> String {
    let mut inside = false;
    s.lines()
        .filter(|l| {
            inside = (inside || l.starts_with("removed")) && !l.is_empty();
            !inside
        })
        .collect::<Vec<_>>()
        .join("\n")
}
