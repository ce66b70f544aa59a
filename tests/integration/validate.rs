//! `slant sample` and `slant validate`: the validation loop on a corpus of the seeds under
//! several outlets.

use crate::common::{read_csv, seed_texts, slant, write_jsonl};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use tempfile::TempDir;

/// The seeds as 40 JSONL records over 4 outlets (`a00`…`a39`, outlet i % 4, seed i % 5), in
/// `dir/c.jsonl`.
fn seeds_corpus(dir: &TempDir) -> std::path::PathBuf {
    let texts = seed_texts();
    let corpus = dir.path().join("c.jsonl");
    write_jsonl(
        &corpus,
        (0..40).map(|i| {
            serde_json::json!({
                "id": format!("a{i:02}"),
                "outlet": format!("outlet-{}", i % 4),
                "text": texts[i % texts.len()],
            })
        }),
    );
    corpus
}

/// The seeds, 40 articles over 4 outlets, scored into `dir/reports`.
fn scored(dir: &TempDir) {
    let corpus = seeds_corpus(dir);
    slant()
        .arg("score")
        .arg(&corpus)
        .args(["--quiet", "--out"])
        .arg(dir.path().join("reports"))
        .assert()
        .success();
}

fn sample(dir: &TempDir, name: &str, seed: &str) -> std::process::Output {
    slant()
        .args([
            "sample",
            "--per-category",
            "12",
            "--seed",
            seed,
            "--reports",
        ])
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(dir.path().join(name))
        .output()
        .unwrap()
}

/// The sample is stratified by category, spread evenly over the outlets, fixed by its seed, and
/// shows each hit in its sentence.
#[test]
fn a_sample_is_stratified_seeded_and_shows_each_hit_in_its_sentence() {
    let dir = TempDir::new().unwrap();
    scored(&dir);
    assert!(sample(&dir, "a.csv", "7").status.success());
    assert!(sample(&dir, "b.csv", "7").status.success());
    assert!(sample(&dir, "c.csv", "8").status.success());
    let bytes = |n: &str| fs::read(dir.path().join(n)).unwrap();
    assert_eq!(
        bytes("a.csv"),
        bytes("b.csv"),
        "the same seed, the same sample"
    );
    assert_ne!(
        bytes("a.csv"),
        bytes("c.csv"),
        "another seed, another sample"
    );
    let rows = read_csv(&dir.path().join("a.csv"));
    let hits = read_csv(&dir.path().join("reports/hits.csv"));
    // Per category: 12 hits, or all of them; per outlet within it, counts within one of each
    // other where every outlet has enough.
    let mut per: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
    for r in &rows {
        *per.entry((r["lexicon"].clone(), r["category"].clone()))
            .or_default()
            .entry(r["outlet"].clone())
            .or_default() += 1;
    }
    for ((l, c), outlets) in &per {
        let total: usize = outlets.values().sum();
        let available = hits
            .iter()
            .filter(|h| h["lexicon"] == *l && h["category"] == *c)
            .count();
        assert_eq!(total, available.min(12), "{l}.{c}");
        if available >= 48 {
            assert_eq!(outlets.len(), 4, "{l}.{c}");
            assert!(outlets.values().all(|n| *n == 3), "{l}.{c}: {outlets:?}");
        }
    }
    // Every drawn row is a hit of the run, split around its match in its sentence.
    let key = |h: &HashMap<String, String>| {
        (
            h["article_id"].clone(),
            h["start"].clone(),
            h["lexicon"].clone(),
            h["category"].clone(),
        )
    };
    let by_key: HashMap<_, _> = hits.iter().map(|h| (key(h), h)).collect();
    let mut located = 0;
    for r in &rows {
        let h = by_key.get(&key(r)).expect("a hit of hits.csv");
        assert_eq!(r["matched"], h["matched"]);
        assert_eq!(r["verdict"], "");
        if !r["left"].is_empty() || !r["right"].is_empty() {
            assert_eq!(
                format!("{}{}{}", r["left"], r["hit"], r["right"]),
                h["context"]
            );
            located += 1;
        }
        assert_eq!(r["hit"], h["matched"]);
    }
    assert!(
        located * 10 >= rows.len() * 9,
        "{located} of {}",
        rows.len()
    );
    // An existing file, perhaps with coding in it, is never written over.
    fs::write(dir.path().join("a.csv"), "coded work").unwrap();
    let o = sample(&dir, "a.csv", "7");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("may hold your coding"));
    assert_eq!(bytes("a.csv"), b"coded work");
}

/// Precision, costly entries, moves and agreement from two coders' files.
#[test]
fn validate_measures_precision_moves_and_agreement() {
    let dir = TempDir::new().unwrap();
    scored(&dir);
    assert!(sample(&dir, "s.csv", "1").status.success());
    let text = fs::read_to_string(dir.path().join("s.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    // Coder A: `said` is wrong, everything else right. Coder B agrees but for every 5th row.
    let code = |name: &str, flip: bool| {
        let mut w = csv::Writer::from_path(dir.path().join(name)).unwrap();
        w.write_record(&header).unwrap();
        for (i, r) in records.iter().enumerate() {
            let mut cells: Vec<String> = r.iter().map(String::from).collect();
            let mut right = cells[col("pattern")] != "said";
            if flip && i % 5 == 0 {
                right = !right;
            }
            cells[col("verdict")] = if right { "yes" } else { "no" }.into();
            w.write_record(&cells).unwrap();
        }
    };
    code("a.csv", false);
    code("b.csv", true);
    let said = records
        .iter()
        .filter(|r| &r[col("pattern")] == "said")
        .count();
    assert!(said > 0, "the sample has `said`");
    let out = dir.path().join("val");
    let o = slant()
        .arg("validate")
        .arg(dir.path().join("a.csv"))
        .arg(dir.path().join("b.csv"))
        .arg("--reports")
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("attribution.neutral `said`"), "{stdout}");
    let precision = read_csv(&out.join("precision.csv"));
    let neutral = precision
        .iter()
        .find(|r| r["level"] == "category" && r["category"] == "neutral")
        .unwrap();
    let coded: usize = neutral["coded"].parse().unwrap();
    let correct: usize = neutral["correct"].parse().unwrap();
    assert_eq!(coded - correct, said);
    // The whole run's precision, each outlet weighted by its hits: here all outlets have the
    // same seeds, so the weights are equal and it is the sample's.
    assert_eq!(neutral["precision_weighted"], neutral["precision"]);
    let entry = precision
        .iter()
        .find(|r| r["level"] == "entry" && r["pattern"] == "said")
        .unwrap();
    assert_eq!(entry["precision"], "0.0000");
    assert_eq!(entry["category_precision_without"], "1.0000");
    // The mean "with" is outlet_metrics.csv's mean; without `said`, the neutral counts drop.
    let outlet_metrics = read_csv(&dir.path().join("reports/outlet_metrics.csv"));
    let means: HashMap<(String, String), String> = outlet_metrics
        .iter()
        .map(|r| {
            (
                (r["outlet"].clone(), r["metric"].clone()),
                r["mean"].clone(),
            )
        })
        .collect();
    let moves = read_csv(&out.join("moves.csv"));
    assert!(moves
        .iter()
        .any(|m| m["metric"] == "attribution.distancing.share"));
    for m in moves.iter().filter(|m| m["pattern"] == "said") {
        assert_eq!(
            Some(&m["mean"]),
            means.get(&(m["outlet"].clone(), m["metric"].clone())),
            "{m:?}"
        );
        if m["metric"] == "attribution.neutral" {
            let (a, b): (f64, f64) = (
                m["mean"].parse().unwrap(),
                m["mean_without"].parse().unwrap(),
            );
            assert!(b < a, "{m:?}");
        }
    }
    let agreement = read_csv(&out.join("agreement.csv"));
    assert_eq!(agreement[0]["level"], "all");
    let units: usize = agreement[0]["units"].parse().unwrap();
    assert_eq!(units, records.len());
    let agree: f64 = agreement[0]["agreement"].parse().unwrap();
    assert!((agree - 0.8).abs() < 0.01, "{agree}");
    // One coder: no agreement.csv left from before.
    slant()
        .arg("validate")
        .arg(dir.path().join("a.csv"))
        .arg("--reports")
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(!out.join("agreement.csv").exists());
    // A verdict slant cannot read names its line.
    let bad = text.replacen(",,\n", ",perhaps,\n", 1);
    fs::write(dir.path().join("bad.csv"), bad).unwrap();
    let o = slant()
        .arg("validate")
        .arg(dir.path().join("bad.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 2: verdict `perhaps`"));
}

/// docs/validation.md's worked example is what the command prints on the committed seed reports.
#[test]
fn the_worked_example_of_the_docs() {
    let out = TempDir::new().unwrap();
    let o = slant()
        .args(["validate", "docs/examples/attribution-coded.csv", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let doc = fs::read_to_string(crate::common::root().join("docs/validation.md")).unwrap();
    let block = doc
        .split("$ slant validate docs/examples/attribution-coded.csv\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let without_written = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("written:"))
            .map(String::from)
            .collect()
    };
    assert_eq!(without_written(&stdout), without_written(block));
}

/// `slant kwic`: every match counted, a seeded sample of lines per outlet, each line the text
/// around its match.
#[test]
fn kwic_shows_a_seeded_sample_of_every_outlets_matches_in_context() {
    // Every match is counted: in the seeds, as many as the run's hits of the entry `said`.
    let o = slant().args(["kwic", "said"]).output().unwrap();
    let said = read_csv(&crate::common::root().join("reports/hits.csv"))
        .iter()
        .filter(|h| h["pattern"] == "said")
        .count();
    assert!(said > 0);
    let first = String::from_utf8_lossy(&o.stdout);
    assert!(
        first.starts_with(&format!(
            "`said` in seeds: {said} matches in 5 of 5 articles"
        )),
        "{first}"
    );
    let texts = seed_texts();
    let dir = TempDir::new().unwrap();
    let corpus = seeds_corpus(&dir);
    let kwic = |seed: &str, csv: &str| {
        let o = slant()
            .args(["kwic", "said", "--per-outlet", "3", "--seed", seed, "--csv"])
            .arg(dir.path().join(csv))
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let (a, b, c) = (kwic("1", "a.csv"), kwic("1", "b.csv"), kwic("2", "c.csv"));
    assert_eq!(a, b);
    assert_ne!(a, c, "another seed, other lines");
    assert!(
        a.contains(&format!("{} matches in 40 of 40 articles", said * 8)),
        "{a}"
    );
    let rows = read_csv(&dir.path().join("a.csv"));
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for r in &rows {
        *per.entry(r["outlet"].clone()).or_default() += 1;
        assert_eq!(r["match"].to_lowercase(), "said");
        let i: usize = r["article_id"][1..].parse().unwrap();
        let text = &texts[i % texts.len()];
        let (s, e): (usize, usize) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
        assert_eq!(&text[s..e], r["match"]);
        // The context is the text around the match, whitespace on one line.
        assert!(one_line(&text[..s]).ends_with(r["left"].trim()), "{r:?}");
        assert!(one_line(&text[e..]).starts_with(r["right"].trim()), "{r:?}");
    }
    assert_eq!(per.len(), 4);
    assert!(per.values().all(|n| *n == 3), "{per:?}");
    // A pattern that is no entry is a usage error with the lexicon parser's reason.
    let o = slant().args(["kwic", "re:("]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a lexicon entry"));
}

/// docs/validation.md's `slant kwic` example is what the command prints on the seeds.
#[test]
fn the_kwic_example_of_the_docs() {
    let o = slant().args(["kwic", "claim*"]).output().unwrap();
    assert!(o.status.success());
    let doc = fs::read_to_string(crate::common::root().join("docs/validation.md")).unwrap();
    let block = doc
        .split("$ slant kwic 'claim*'\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), block);
}

/// Writes `sample` (a sample.csv) coded into `out`: each row's verdict from `verdict`, given
/// the row as column → cell; `edit` may change a row first.
fn code_file(
    sample: &std::path::Path,
    out: &std::path::Path,
    edit: impl Fn(usize, &mut HashMap<String, String>),
    verdict: impl Fn(&HashMap<String, String>) -> bool,
) -> usize {
    let mut rdr = csv::Reader::from_path(sample).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut w = csv::Writer::from_path(out).unwrap();
    w.write_record(&header).unwrap();
    let mut n = 0;
    for (i, r) in rdr.records().enumerate() {
        let mut row: HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(r.unwrap().iter().map(String::from))
            .collect();
        edit(i, &mut row);
        let v = if verdict(&row) { "1" } else { "0" };
        row.insert("verdict".into(), v.into());
        w.write_record(header.iter().map(|h| row[h].as_str()))
            .unwrap();
        n += 1;
    }
    n
}

/// The identity of a sample row's hit.
fn hit_of(r: &HashMap<String, String>) -> (String, String, String, String, String, String) {
    let c = |k: &str| r[k].clone();
    (
        c("article_id"),
        c("start"),
        c("end"),
        c("lexicon"),
        c("category"),
        c("pattern"),
    )
}

/// Issue 26: two coders given samples drawn with different seeds. `s0001` of one sample is
/// another hit than `s0001` of the other, so agreement pairs rows by the hit itself: it is over
/// the hits both coded, and the difference is said. (Before, rows were paired by sample_id
/// and two coders who agree on every hit they share got an agreement below 1.)
#[test]
fn coders_of_different_samples_agree_only_on_the_hits_they_share() {
    let dir = TempDir::new().unwrap();
    scored(&dir);
    assert!(sample(&dir, "s1.csv", "1").status.success());
    assert!(sample(&dir, "s2.csv", "2").status.success());
    // Both coders judge a hit by the same rule, so they agree on every hit they share.
    let rule = |r: &HashMap<String, String>| r["start"].parse::<u64>().unwrap() % 3 != 0;
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    code_file(&dir.path().join("s1.csv"), &a, |_, _| {}, rule);
    code_file(&dir.path().join("s2.csv"), &b, |_, _| {}, rule);
    let hits = |p: &std::path::Path| -> std::collections::HashSet<_> {
        read_csv(p).iter().map(hit_of).collect()
    };
    let shared = hits(&a).intersection(&hits(&b)).count();
    assert!(shared > 0 && shared < hits(&a).len(), "{shared}");
    let out = dir.path().join("val");
    let o = slant()
        .arg("validate")
        .arg(&a)
        .arg(&b)
        .arg("--reports")
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("code different samples")
            && err.contains(&format!("share {shared} coded hits")),
        "{err}"
    );
    let all = read_csv(&out.join("agreement.csv"))
        .into_iter()
        .find(|r| r["level"] == "all")
        .unwrap();
    assert_eq!(all["units"], shared.to_string());
    assert_eq!(all["agreement"], "1.0000");
}

/// Issue 26: coded rows whose hit is not in the run (another run's sample, a row pasted in) are
/// left out and named, not counted; a coding none of whose hits is in the run is refused.
#[test]
fn coded_rows_that_are_not_hits_of_the_run_are_left_out_and_named() {
    let dir = TempDir::new().unwrap();
    scored(&dir);
    assert!(sample(&dir, "s.csv", "1").status.success());
    let coded = dir.path().join("coded.csv");
    let rows = code_file(
        &dir.path().join("s.csv"),
        &coded,
        |i, r| {
            if i < 2 {
                r.insert("article_id".into(), "not-in-the-run".into());
            }
        },
        |_| true,
    );
    let validate = |file: &std::path::Path| {
        slant()
            .arg("validate")
            .arg(file)
            .arg("--reports")
            .arg(dir.path().join("reports"))
            .arg("--out")
            .arg(dir.path().join("val"))
            .output()
            .unwrap()
    };
    let o = validate(&coded);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("2 coded rows are not hits of the run")
            && err.contains("line 2 (")
            && err.contains("not-in-the-run"),
        "{err}"
    );
    assert!(
        out.contains(&format!("{} hits coded", rows - 2))
            && out.contains("2 not in the run (left out)"),
        "{out}"
    );
    let coded_total: usize = read_csv(&dir.path().join("val/precision.csv"))
        .iter()
        .filter(|r| r["level"] == "category")
        .map(|r| r["coded"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(coded_total, rows - 2);

    let other = dir.path().join("other.csv");
    code_file(
        &dir.path().join("s.csv"),
        &other,
        |i, r| {
            r.insert("article_id".into(), format!("elsewhere-{i}"));
        },
        |_| true,
    );
    let o = validate(&other);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("drawn from another run"));
}

/// Issue 27: a category whose hits are right in one outlet's style and wrong in another's
/// (here `attribution.neutral`, wrong in outlet-0 only) is flagged and named; a category right
/// everywhere is not. `sample --per-outlet N` draws N hits of each category from each outlet.
#[test]
fn validate_flags_a_category_whose_precision_differs_by_outlet() {
    let dir = TempDir::new().unwrap();
    scored(&dir);
    let o = slant()
        .args(["sample", "--per-outlet", "8", "--seed", "3", "--reports"])
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(dir.path().join("s.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let drawn = read_csv(&dir.path().join("s.csv"));
    let mut per: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &drawn {
        *per.entry((r["category"].clone(), r["outlet"].clone()))
            .or_default() += 1;
    }
    assert_eq!(per[&("neutral".to_owned(), "outlet-0".to_owned())], 8);
    assert!(per.values().all(|n| *n <= 8), "{per:?}");
    let coded = dir.path().join("coded.csv");
    code_file(
        &dir.path().join("s.csv"),
        &coded,
        |_, _| {},
        |r| !(r["category"] == "neutral" && r["outlet"] == "outlet-0"),
    );
    let o = slant()
        .arg("validate")
        .arg(&coded)
        .arg("--reports")
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(dir.path().join("val"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains(
            "attribution.neutral: 0.0000 in outlet-0 (0 of 8), 1.0000 elsewhere (24 of 24)"
        ) && out.contains("may be artifacts"),
        "{out}"
    );
    let rows = read_csv(&dir.path().join("val/by_outlet.csv"));
    let differs = |cat: &str| {
        rows.iter()
            .filter(|r| r["category"] == cat)
            .map(|r| r["differs"].as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(differs("neutral"), ["true"; 4]);
    assert!(differs("negative").iter().all(|d| *d == "false") && !differs("negative").is_empty());

    // The run scored again with the validation: outlets.csv and the page mark the metrics of
    // attribution.neutral in outlet-0, run.json and the warnings say why; a merge of shards
    // given the same validation marks the same.
    let score = |extra: &[&str], out: &str| {
        let o = slant()
            .arg("score")
            .arg(dir.path().join("c.jsonl"))
            .args(["--validated"])
            .arg(dir.path().join("val"))
            .args(extra)
            .arg("--out")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let err = score(&[], "checked");
    assert!(
        err.contains(
            "the lexicon's precision in attribution.neutral (0.0000 in outlet-0, 1.0000 elsewhere"
        ) && err.contains("attribution.neutral.share"),
        "{err}"
    );
    let outlets = read_csv(&dir.path().join("checked/outlets.csv"));
    for r in &outlets {
        let want = if r["outlet"] == "outlet-0" {
            "true"
        } else {
            "false"
        };
        assert_eq!(
            r["attribution.neutral.share.precision_differs"], want,
            "{r:?}"
        );
        assert_eq!(r["attribution.distancing.share.precision_differs"], want);
        assert!(
            !r.contains_key("tone.precision_differs"),
            "tone is not touched"
        );
    }
    let page = fs::read_to_string(dir.path().join("checked/index.html")).unwrap();
    assert!(page.contains("Checked against a coded sample") && page.contains("Distancing share ⚠"));
    let run: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("checked/run.json")).unwrap()).unwrap();
    assert!(run["options"]["validated"]
        .as_str()
        .unwrap()
        .ends_with("val"));
    for k in ["1/2", "2/2"] {
        let o = slant()
            .arg("score")
            .arg(dir.path().join("c.jsonl"))
            .args(["--quiet", "--shard", k, "--out"])
            .arg(dir.path().join(format!("shard{}", &k[..1])))
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    let o = slant()
        .arg("merge")
        .arg(dir.path().join("shard1"))
        .arg(dir.path().join("shard2"))
        .arg("--validated")
        .arg(dir.path().join("val"))
        .arg("--out")
        .arg(dir.path().join("merged"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        fs::read(dir.path().join("merged/outlets.csv")).unwrap(),
        fs::read(dir.path().join("checked/outlets.csv")).unwrap()
    );
}

/// Issue 27: quotations drawn per outlet (`sample --quotes N`), each shown in its text, coded
/// for kind, speaker and party; `validate` gives their precision per outlet and flags a field
/// wrong in one outlet only (here the speakers of outlet-0).
#[test]
fn quotations_are_sampled_per_outlet_and_validated() {
    let dir = TempDir::new().unwrap();
    scored(&dir);
    let sample = dir.path().join("q.csv");
    let o = slant()
        .current_dir(dir.path())
        .args([
            "sample",
            "--quotes",
            "6",
            "--seed",
            "2",
            "--reports",
            "reports",
            "--out",
        ])
        .arg(&sample)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let drawn = read_csv(&sample);
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for r in &drawn {
        *per.entry(r["outlet"].clone()).or_default() += 1;
        // The quotation as the article has it: its offsets slice the text the run scored.
        assert!(!r["quote"].is_empty(), "{r:?}");
        assert_eq!(
            r["quote"].len(),
            r["end"].parse::<usize>().unwrap() - r["start"].parse::<usize>().unwrap()
        );
    }
    assert_eq!(
        per.values().copied().collect::<Vec<_>>(),
        [6, 6, 6, 6],
        "{per:?}"
    );
    // The coder: kinds right everywhere, speakers wrong in outlet-0 only, parties left open.
    let coded = dir.path().join("coded.csv");
    let mut rdr = csv::Reader::from_path(&sample).unwrap();
    let header = rdr.headers().unwrap().clone();
    let at = |c: &str| header.iter().position(|h| h == c).unwrap();
    let mut w = csv::Writer::from_path(&coded).unwrap();
    w.write_record(&header).unwrap();
    for r in rdr.records() {
        let mut cells: Vec<String> = r.unwrap().iter().map(String::from).collect();
        cells[at("kind_verdict")] = "1".into();
        cells[at("speaker_verdict")] = if cells[at("outlet")] == "outlet-0" {
            "0"
        } else {
            "1"
        }
        .into();
        w.write_record(&cells).unwrap();
    }
    drop(w);
    let o = slant()
        .arg("validate")
        .arg(&coded)
        .arg("--reports")
        .arg(dir.path().join("reports"))
        .arg("--out")
        .arg(dir.path().join("val"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("48 verdicts on quotations"), "{out}");
    assert!(
        out.contains("quotes.speaker: 0.0000 in outlet-0 (0 of 6), 1.0000 elsewhere (18 of 18)"),
        "{out}"
    );
    let precision = read_csv(&dir.path().join("val/quotes_precision.csv"));
    let kind = precision
        .iter()
        .find(|r| r["level"] == "category" && r["category"] == "kind")
        .unwrap();
    assert_eq!(
        (kind["coded"].as_str(), kind["precision"].as_str()),
        ("24", "1.0000")
    );
    assert!(
        !dir.path().join("val/precision.csv").exists(),
        "hit files are not written for quotations"
    );
}
