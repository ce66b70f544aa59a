//! The outlet comparisons of `slant score`: statistics against SciPy, actors and who gets
//! "claimed", terms, short articles, `--by-story`, `--by-period`.

use crate::common::{
    article_100, assert_cell, corpus, metric_row, read_csv, score_with_stats_lexicons, seed_texts,
    slant, stats_lexicons,
};
use std::fs;
use tempfile::TempDir;

/// Outlet statistics against SciPy 1.17 on a fixture whose per-article values are known:
/// scipy.stats.t.ppf, ttest_ind(equal_var=False), chi2.ppf for the Garwood interval.
#[test]
fn outlet_statistics_match_scipy() {
    let a = [(3, 1, 2, 1), (2, 2, 3, 0), (5, 1, 1, 2), (1, 0, 2, 2)];
    let b = [(0, 3, 2, 3), (1, 4, 1, 1), (2, 2, 4, 0)];
    let c = [(1, 1, 1, 1), (0, 2, 3, 3)];
    let mut files = Vec::new();
    let mut manifest = String::from("file,outlet\n");
    for (outlet, arts) in [("A", &a[..]), ("B", &b[..]), ("C", &c[..])] {
        for (i, &(g, bd, s, cl)) in arts.iter().enumerate() {
            let name = format!("{outlet}{i}.txt");
            manifest.push_str(&format!("{name},{outlet}\n"));
            files.push((name, article_100(g, bd, s, cl)));
        }
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let (out, o) = score_with_stats_lexicons(&files, Some(&manifest));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = read_csv(&out.path().join("outlet_metrics.csv"));

    let tone = metric_row(&rows, "A", "tone");
    assert_eq!(tone["articles"], "4");
    assert_cell(tone, "mean", 1.75);
    assert_cell(tone, "sd", 1.707825127659933);
    assert_cell(tone, "ci_low", -0.967530883796015);
    assert_cell(tone, "ci_high", 4.467530883796015);
    assert_cell(tone, "diff_vs_rest", 3.35);
    assert_cell(tone, "p_value", 0.021228455913956265);

    // Shares are tested on the values as printed in articles.csv (0.3333, not 1/3).
    let share = metric_row(&rows, "A", "attribution.distancing.share");
    assert_cell(share, "mean", 0.375);
    assert_cell(share, "sd", 0.28465053428136516);
    // Student's interval runs from −0.078; a share's is clipped at 0.
    assert_cell(share, "ci_low", 0.0);
    assert_cell(share, "p_value", 0.8088831413878899);

    // Pooled rate: 5 "claimed" in 400 tokens, with the exact Poisson interval.
    let rate = metric_row(&rows, "A", "attribution.distancing.per_1k");
    assert_cell(rate, "pooled_rate", 12.5);
    assert_cell(rate, "pooled_low", 4.058715975296051);
    assert_cell(rate, "pooled_high", 29.170830198306675);

    // Counts are described, not tested; q-values are Benjamini–Hochberg over every p of the run.
    assert_eq!(metric_row(&rows, "A", "tokens")["p_value"], "");
    // C has two articles, fewer than MIN_ARTICLES: described, with an interval, but not tested.
    let c_tone = metric_row(&rows, "C", "tone");
    assert_eq!(c_tone["articles"], "2");
    assert!(!c_tone["ci_low"].is_empty());
    assert_eq!(
        (c_tone["p_value"].as_str(), c_tone["q_value"].as_str()),
        ("", "")
    );
    let ps: Vec<(usize, f64)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r["p_value"].is_empty())
        .map(|(i, r)| (i, r["p_value"].parse().unwrap()))
        .collect();
    let m = ps.len() as f64;
    for &(i, p) in &ps {
        // q = min over p' >= p of p' · m / rank(p').
        let mut sorted: Vec<f64> = ps.iter().map(|x| x.1).collect();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let q = (0..sorted.len())
            .filter(|&k| sorted[k] >= p)
            .map(|k| sorted[k] * m / (k + 1) as f64)
            .fold(1.0f64, f64::min);
        let got: f64 = rows[i]["q_value"].parse().unwrap();
        // p is printed with 6 decimals; the recomputation magnifies its rounding by up to m.
        assert!(
            (got - q).abs() <= 5e-7 * m + 1e-6,
            "row {i}: q {got} != {q}"
        );
    }

    // The wide table carries the same figures.
    let wide = read_csv(&out.path().join("outlets.csv"));
    let a_row = wide.iter().find(|r| r["outlet"] == "A").unwrap();
    assert_eq!(
        (a_row["articles"].as_str(), a_row["tokens"].as_str()),
        ("4", "400")
    );
    assert_eq!(a_row["tone"], tone["mean"]);
    assert_eq!(a_row["tone.p"], tone["p_value"]);
    assert_eq!(
        a_row["attribution.distancing.per_1k.pooled"],
        rate["pooled_rate"]
    );
}

#[test]
fn actors_and_asymmetry_show_who_gets_claimed() {
    let mut text = String::new();
    for _ in 0..3 {
        text.push_str("Moscow claimed the talks went well.\n");
    }
    for _ in 0..9 {
        text.push_str("Moscow said the talks went well.\n");
    }
    for _ in 0..2 {
        text.push_str("Kyiv said the talks went badly.\n");
    }
    let (out, o) = score_with_stats_lexicons(
        &[("a.txt", text.as_bytes())],
        Some("file,outlet\na.txt,X\n"),
    );
    assert!(o.status.success());
    let asym = read_csv(&out.path().join("actor_asymmetry.csv"));
    let ru = asym.iter().find(|r| r["actor"] == "russia").unwrap();
    assert_eq!(
        (
            ru["mentions"].as_str(),
            ru["neutral"].as_str(),
            ru["distancing"].as_str()
        ),
        ("12", "9", "3")
    );
    // ln(3.5 / 9.5) ± 1.96 · √(1/3.5 + 1/9.5), by hand.
    assert_cell(ru, "distancing_vs_neutral", -0.998_528_830_111_127);
    assert_cell(
        ru,
        "ci_low",
        -0.998_528_830_111_127 - 1.959_963_984_540_054 * (1.0f64 / 3.5 + 1.0 / 9.5).sqrt(),
    );
    let ua = asym.iter().find(|r| r["actor"] == "ukraine").unwrap();
    assert_eq!(
        (ua["neutral"].as_str(), ua["distancing"].as_str()),
        ("2", "0")
    );
    let actors = read_csv(&out.path().join("actors.csv"));
    let claimed = actors
        .iter()
        .find(|r| r["actor"] == "russia" && r["category"] == "distancing")
        .unwrap();
    assert_eq!(
        (claimed["hits"].as_str(), claimed["lexicon"].as_str()),
        ("3", "attribution")
    );
}

#[test]
fn terms_show_what_drives_a_category_and_warn_when_one_term_dominates() {
    let text = format!(
        "{}\n{}",
        "Moscow said it. ".repeat(20),
        "They claimed it. ".repeat(2)
    );
    let (out, o) = score_with_stats_lexicons(
        &[("a.txt", text.as_bytes())],
        Some("file,outlet\na.txt,X\n"),
    );
    assert!(o.status.success());
    let terms = read_csv(&out.path().join("terms.csv"));
    let said = terms.iter().find(|r| r["term"] == "said").unwrap();
    assert_eq!(
        (
            said["rank"].as_str(),
            said["hits"].as_str(),
            said["share"].as_str()
        ),
        ("1", "20", "1.0000")
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("outlet X: `said` carries 100% of attribution.neutral (20 of 20 hits)"),
        "{err}"
    );
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    assert!(run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("carries 100%")));
}

#[test]
fn short_articles_are_scored_but_left_out_of_outlet_statistics() {
    let (out, o) = score_with_stats_lexicons(
        &[
            ("long.txt", article_100(2, 0, 0, 0).as_bytes()),
            ("short.txt", b"It was good and bad."),
        ],
        Some("file,outlet\nlong.txt,X\nshort.txt,X\n"),
    );
    assert!(o.status.success());
    let arts = read_csv(&out.path().join("articles.csv"));
    let short = arts.iter().find(|r| r["article_id"] == "short").unwrap();
    assert_eq!(
        (short["short"].as_str(), short["tone"].as_str()),
        ("true", "0.0000")
    );
    let wide = read_csv(&out.path().join("outlets.csv"));
    assert_eq!(
        (
            wide[0]["articles"].as_str(),
            wide[0]["short_articles"].as_str()
        ),
        ("2", "1")
    );
    // Only the long article's tone (2 per 100 tokens) is in the mean.
    assert_eq!(wide[0]["tone"], "2.0000");
}

/// The pooled within-story difference against a hand computation (SciPy for the normal p-value):
/// story s1: A tones 2, 4 vs B 0, 0, 2; story s2: A 1 vs B −1, −3.
#[test]
fn by_story_compares_like_with_like() {
    let spec = [
        ("s1", "A", 2),
        ("s1", "A", 4),
        ("s1", "B", 0),
        ("s1", "B", 0),
        ("s1", "B", 2),
        ("s2", "A", 1),
        ("s2", "B", -1),
        ("s2", "B", -3),
    ];
    let mut manifest = String::from("file,outlet,story\n");
    let mut files = Vec::new();
    for (i, (story, outlet, tone)) in spec.iter().enumerate() {
        let (g, b) = if *tone >= 0 {
            (*tone as usize, 0)
        } else {
            (0, (-tone) as usize)
        };
        files.push((format!("a{i}.txt"), article_100(g, b, 0, 0)));
        manifest.push_str(&format!("a{i}.txt,{outlet},{story}\n"));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let c = corpus(&files, Some(&manifest));
    let lex = stats_lexicons();
    let out = TempDir::new().unwrap();
    let o = slant()
        .arg("score")
        .arg(c.path())
        .arg("--by-story")
        .arg("--lexicons")
        .arg(lex.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let detail = read_csv(&out.path().join("stories.csv"));
    let s1 = detail
        .iter()
        .find(|r| r["story"] == "s1" && r["outlet"] == "A" && r["metric"] == "tone")
        .unwrap();
    assert_eq!(
        (
            s1["mean"].as_str(),
            s1["rest_mean"].as_str(),
            s1["diff_vs_rest"].as_str()
        ),
        ("3.0000", "0.6667", "2.3333")
    );
    let pooled = read_csv(&out.path().join("stories_pooled.csv"));
    let a = pooled
        .iter()
        .find(|r| r["outlet"] == "A" && r["metric"] == "tone")
        .unwrap();
    assert_eq!(a["stories"], "2");
    assert_cell(a, "diff", 2.5714285714285716);
    // Student's t with Σ (n_o + n_r − 2) = 4 degrees of freedom (SciPy: scipy.stats.t on the
    // stratified difference); the normal test before gave p = 0.0073 and an interval from 0.69.
    assert_cell(a, "ci_low", -0.08927999615092252);
    assert_cell(a, "ci_high", 5.232137139008065);
    assert_cell(a, "p_value", 0.05504060895249944);
    // Without --by-story the story files are not written (and an old one is removed).
    let o = slant()
        .arg("score")
        .arg(c.path())
        .arg("--lexicons")
        .arg(lex.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!out.path().join("stories.csv").exists());
}

#[test]
fn by_story_without_stories_says_so() {
    let c = corpus(
        &[("a.txt", article_100(2, 0, 1, 0).as_bytes())],
        Some("file,outlet\na.txt,X\n"),
    );
    let out = TempDir::new().unwrap();
    let o = slant()
        .arg("score")
        .arg(c.path())
        .arg("--by-story")
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--by-story: no article has a story"));
    assert!(read_csv(&out.path().join("stories.csv")).is_empty());
}

/// `--by-period month`: each outlet's mean in each month is the mean of its articles of that
/// month in articles.csv; dates in other forms land in their month, an ambiguous one in none,
/// with a warning naming it.
#[test]
fn periods_follow_each_outlet_month_by_month() {
    let texts = seed_texts();
    let dir = TempDir::new().unwrap();
    let mut jsonl = String::new();
    let mut months = std::collections::HashMap::new();
    for i in 0..30 {
        let (date, month) = match i {
            7 => ("03/04/2024".to_owned(), None),
            8 => ("February 3, 2024".to_owned(), Some("2024-02")),
            9 => ("2024-03-09T23:59:00+02:00".to_owned(), Some("2024-03")),
            _ => {
                let m = 1 + i % 3;
                (
                    format!("2024-{m:02}-{:02}", 1 + i),
                    Some(["2024-01", "2024-02", "2024-03"][m - 1]),
                )
            }
        };
        months.insert(format!("a{i:02}"), month);
        let rec = serde_json::json!({
            "id": format!("a{i:02}"),
            "outlet": if i % 2 == 0 { "A" } else { "B" },
            "date": date,
            "text": texts[i % texts.len()],
        });
        jsonl.push_str(&rec.to_string());
        jsonl.push('\n');
    }
    let corpus = dir.path().join("c.jsonl");
    fs::write(&corpus, jsonl).unwrap();
    let out = dir.path().join("r");
    slant()
        .arg("score")
        .arg(&corpus)
        .args(["--quiet", "--by-period", "month", "--out"])
        .arg(&out)
        .assert()
        .success();
    let articles = read_csv(&out.join("articles.csv"));
    let periods = read_csv(&out.join("periods.csv"));
    let mut checked = 0;
    for p in periods.iter().filter(|p| p["metric"] == "tone") {
        let tones: Vec<f64> = articles
            .iter()
            .filter(|a| {
                a["outlet"] == p["outlet"]
                    && a["short"] == "false"
                    && months[&a["article_id"]] == Some(p["period"].as_str())
            })
            .map(|a| a["tone"].parse().unwrap())
            .collect();
        assert_eq!(p["articles"], tones.len().to_string(), "{p:?}");
        let mean = tones.iter().sum::<f64>() / tones.len() as f64;
        assert!(
            (p["mean"].parse::<f64>().unwrap() - mean).abs() < 1e-4,
            "{p:?} {mean}"
        );
        checked += 1;
    }
    assert_eq!(checked, 6, "2 outlets × 3 months");
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let warnings = run["warnings"].to_string();
    assert!(
        warnings.contains("1 article with a date slant cannot read is in no period")
            && warnings.contains("a07"),
        "{warnings}"
    );
    // Weeks are ISO 8601 weeks.
    slant()
        .arg("score")
        .arg(&corpus)
        .args(["--quiet", "--no-cache", "--by-period", "week", "--out"])
        .arg(&out)
        .assert()
        .success();
    let weeks: std::collections::BTreeSet<String> = read_csv(&out.join("periods.csv"))
        .iter()
        .map(|p| p["period"].clone())
        .collect();
    // 2024-02-03 was the Saturday of ISO week 5; 2024-03-09 of week 10.
    assert!(
        weeks.contains("2024-W05") && weeks.contains("2024-W10"),
        "{weeks:?}"
    ); // A chart per headline metric, a panel per outlet with its articles, on the page too.
    let svg = fs::read_to_string(out.join("chart_periods_tone.svg")).unwrap();
    assert!(
        svg.contains("2024-W01") && svg.contains("\nA (") && svg.contains("\nB ("),
        "{svg}"
    );
    // Two panels are narrower than the title: the chart keeps the title's width.
    assert!(svg.starts_with("<svg width=\"640\""), "{svg}");
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("by period"));
}

/// `--keyness`: the word an outlet uses and the others do not is its first key term, with the
/// counts, G² and the lexicon entry (none) that counts it; a word the lexicons count is marked
/// with its entry. The same bytes whatever the thread count; refused with --shard.
#[test]
fn keyness_finds_the_words_that_set_an_outlet_apart() {
    let dir = TempDir::new().unwrap();
    let corpus = crate::common::zorble_corpus(dir.path(), true);
    let run = |jobs: &str, out: &str| {
        slant()
            .arg("score")
            .arg(&corpus)
            .args([
                "--quiet",
                "--no-cache",
                "--keyness",
                "--jobs",
                jobs,
                "--out",
            ])
            .arg(dir.path().join(out))
            .assert()
            .success();
        fs::read(dir.path().join(out).join("keyness.csv")).unwrap()
    };
    assert_eq!(run("1", "r1"), run("3", "r3"));
    let rows = read_csv(&dir.path().join("r1/keyness.csv"));
    let a: Vec<_> = rows.iter().filter(|r| r["outlet"] == "A").collect();
    assert_eq!(a[0]["term"], "zorble", "{a:?}");
    assert_eq!(
        (a[0]["count"].as_str(), a[0]["count_rest"].as_str()),
        ("300", "0")
    );
    assert_eq!(a[0]["lexicon_entry"], "");
    assert!(a[0]["g2"].parse::<f64>().unwrap() > 100.0);
    assert_eq!(a[0]["p_value"], "0.000000");
    // On the page too, a term no entry counts in bold.
    let page = fs::read_to_string(dir.path().join("r1/index.html")).unwrap();
    assert!(page.contains("What sets each outlet apart") && page.contains("<b>zorble</b>"));
    // B's key terms are over-represented in B, and none is zorble.
    for r in rows.iter().filter(|r| r["outlet"] == "B") {
        assert!(!r["term"].contains("zorble"));
        assert!(r["per_10k"].parse::<f64>().unwrap() > r["per_10k_rest"].parse::<f64>().unwrap());
    }
    // A term a lexicon counts says which entry.
    assert!(
        rows.iter()
            .any(|r| r["lexicon_entry"].starts_with("attribution.")
                || r["lexicon_entry"].starts_with("tone.")
                || r["lexicon_entry"].starts_with("actors.")),
        "{rows:?}"
    );
    let o = slant()
        .arg("score")
        .arg(&corpus)
        .args(["--keyness", "--shard", "1/2", "--out"])
        .arg(dir.path().join("s"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--keyness needs the whole corpus"));
}

/// Issue 28: articles shorter than `--min-tokens` (and empty ones) leave the statistics with a
/// warning naming their outlets, are marked in articles.csv (`excluded`) and on the page, and
/// the page's article count of the outlet says how many entered its means.
#[test]
fn articles_left_out_of_the_statistics_are_warned_of_and_marked() {
    let long = article_100(3, 1, 1, 0);
    let short = "good bad said word word word.".to_owned();
    let files: Vec<(String, String)> = vec![
        ("w0.txt".into(), long.clone()),
        ("w1.txt".into(), short.clone()),
        ("w2.txt".into(), short.clone()),
        ("w3.txt".into(), "\n".into()),
        ("c0.txt".into(), long.clone()),
        ("c1.txt".into(), long.clone()),
        ("c2.txt".into(), long),
    ];
    let manifest = "file,outlet,title\nw0.txt,The Watchdog,Long one\nw1.txt,The Watchdog,Brief\nw2.txt,The Watchdog,Brief too\nw3.txt,The Watchdog,Blank\nc0.txt,City Wire,A\nc1.txt,City Wire,B\nc2.txt,City Wire,C\n";
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let (out, o) = score_with_stats_lexicons(&files, Some(manifest));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("3 of 7 articles are left out of the outlet statistics as shorter than 50 tokens (--min-tokens): `The Watchdog` 3 of 4;"),
        "{stderr}"
    );
    let articles = read_csv(&out.path().join("articles.csv"));
    let excluded: Vec<(&str, &str)> = articles
        .iter()
        .map(|r| (r["article_id"].as_str(), r["excluded"].as_str()))
        .filter(|(_, e)| !e.is_empty())
        .collect();
    assert_eq!(excluded.len(), 3, "{excluded:?}");
    assert_eq!(excluded.iter().filter(|(_, e)| *e == "empty").count(), 1);
    assert_eq!(excluded.iter().filter(|(_, e)| *e == "short").count(), 2);
    // outlets.csv and the page agree: 4 scored, 1 in the means.
    let outlets = read_csv(&out.path().join("outlets.csv"));
    let w = outlets
        .iter()
        .find(|r| r["outlet"] == "The Watchdog")
        .unwrap();
    assert_eq!(
        (w["articles"].as_str(), w["short_articles"].as_str()),
        ("4", "3")
    );
    let page = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(page.contains(">1 of 4</td>"), "{page}");
    assert!(page.contains("<td>no: short</td>") && page.contains("<td>no: empty</td>"));
    assert!(page.contains("<td>Brief too</td>"));
    // The articles behind the figures are named by title too, at any corpus size.
    assert!(
        page.contains("(0.0000) <span class=\"about\">A</span>")
            || page.contains("<span class=\"about\">Long one</span>"),
        "{page}"
    );
    assert!(page.contains(" “Long one” · The Watchdog"), "{page}");
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    assert!(run["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("3 of 7 articles are left out"));
}

/// `--group-by COLUMN` (issue 28): every outlet report is computed for the column's groups, the
/// same bytes as a run whose manifest puts that column in the outlet column; articles.csv keeps
/// each article's outlet; two levels join their values; an empty value is a group of its own;
/// an unknown column is a usage error naming the columns there are.
#[test]
fn group_by_gives_the_figures_of_a_manifest_with_that_grouping_as_outlet() {
    let spec: &[(&str, &str, &str, usize, usize)] = &[
        ("A", "state", "s1", 3, 1),
        ("A", "state", "s2", 2, 0),
        ("A", "state", "s1", 4, 2),
        ("B", "state", "s2", 1, 1),
        ("B", "state", "s1", 0, 3),
        ("C", "private", "s1", 1, 0),
        ("C", "private", "s2", 2, 2),
        ("D", "private", "s1", 0, 1),
        ("D", "private", "s2", 3, 0),
        ("D", "private", "s1", 1, 1),
        ("E", "", "s2", 2, 1),
    ];
    let mut files = Vec::new();
    let mut grouped = String::from("file,outlet,ownership,story\n");
    let mut as_outlet = String::from("file,outlet,ownership,story\n");
    for (i, &(outlet, owner, story, g, b)) in spec.iter().enumerate() {
        let name = format!("a{i:02}.txt");
        files.push((name.clone(), article_100(g, b, 2, i % 3)));
        grouped.push_str(&format!("{name},{outlet},{owner},{story}\n"));
        let group = if owner.is_empty() {
            "(no ownership)"
        } else {
            owner
        };
        as_outlet.push_str(&format!("{name},{group},{owner},{story}\n"));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let lex = stats_lexicons();
    let (grouped, as_outlet) = (
        corpus(&files, Some(&grouped)),
        corpus(&files, Some(&as_outlet)),
    );
    let run = |c: &TempDir, extra: &[&str]| {
        let out = TempDir::new().unwrap();
        let o = slant()
            .arg("score")
            .arg(c.path())
            .args(["--by-story", "--no-cache", "--lexicons"])
            .arg(lex.path())
            .args(extra)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        (out, o)
    };
    let (by_group, o) = run(&grouped, &["--group-by", "Ownership"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (by_outlet, o) = run(&as_outlet, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "outlets.csv",
        "outlet_metrics.csv",
        "actors.csv",
        "actor_asymmetry.csv",
        "terms.csv",
        "stories.csv",
        "stories_pooled.csv",
    ] {
        assert_eq!(
            fs::read_to_string(by_group.path().join(f)).unwrap(),
            fs::read_to_string(by_outlet.path().join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(groups(&by_group), ["(no ownership)", "private", "state"]);
    // articles.csv keeps the outlets; run.json and the page say what was grouped.
    let articles = read_csv(&by_group.path().join("articles.csv"));
    assert_eq!(articles[0]["outlet"], "A");
    let run_json = fs::read_to_string(by_group.path().join("run.json")).unwrap();
    assert!(
        run_json.contains("\"group_by\": [\n      \"ownership\""),
        "{run_json}"
    );
    let page = fs::read_to_string(by_group.path().join("index.html")).unwrap();
    assert!(page.contains("Grouped by ownership"));
    // Merged shards give the same groups.
    let (s1, o) = run(&grouped, &["--group-by", "ownership", "--shard", "1/2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (s2, o) = run(&grouped, &["--group-by", "ownership", "--shard", "2/2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let merged = TempDir::new().unwrap();
    let o = slant()
        .arg("merge")
        .arg(s1.path())
        .arg(s2.path())
        .arg("--lexicons")
        .arg(lex.path())
        .arg("--out")
        .arg(merged.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["outlets.csv", "outlet_metrics.csv", "stories_pooled.csv"] {
        assert_eq!(
            fs::read_to_string(merged.path().join(f)).unwrap(),
            fs::read_to_string(by_group.path().join(f)).unwrap(),
            "merged {f}"
        );
    }
    // A shard grouped otherwise is not a shard of the same run.
    let (s3, o) = run(&grouped, &["--shard", "2/2"]);
    assert!(o.status.success());
    let o = slant()
        .arg("merge")
        .arg(s1.path())
        .arg(s3.path())
        .arg("--lexicons")
        .arg(lex.path())
        .arg("--out")
        .arg(TempDir::new().unwrap().path().join("m"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--group-by"));
    // Two levels.
    let (two, o) = run(
        &grouped,
        &["--group-by", "ownership", "--group-by", "story"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        groups(&two),
        [
            "(no ownership) / s2",
            "private / s1",
            "private / s2",
            "state / s1",
            "state / s2"
        ]
    );
    // `outlet` as the second level: each outlet within its group.
    let (within, o) = run(
        &grouped,
        &["--group-by", "ownership", "--group-by", "outlet"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        groups(&within),
        [
            "(no ownership) / E",
            "private / C",
            "private / D",
            "state / A",
            "state / B"
        ]
    );
    // A column the corpus does not have.
    let (_, o) = run(&grouped, &["--group-by", "leaning"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--group-by leaning: the corpus has no such column")
            && err.contains("story, ownership"),
        "{err}"
    );
}

/// The outlet column of a run's outlets.csv: the groups under `--group-by`.
fn groups(out: &TempDir) -> Vec<String> {
    read_csv(&out.path().join("outlets.csv"))
        .into_iter()
        .map(|r| r["outlet"].clone())
        .collect()
}
