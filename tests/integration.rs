//! Integration tests: the `slant` binary on the seeds and on small fixtures made in each test.

use assert_cmd::Command;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn slant() -> Command {
    let mut c = Command::cargo_bin("slant").unwrap();
    c.current_dir(root());
    c
}

/// A CSV file as rows of header → value.
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Scores the seeds into a fresh folder and returns it.
fn score_seeds(extra: &[&str]) -> TempDir {
    let out = TempDir::new().unwrap();
    slant()
        .args(["score", "seeds", "--quiet", "--out"])
        .arg(out.path())
        .args(extra)
        .assert()
        .success();
    out
}

fn hits_of<'a>(
    hits: &'a [HashMap<String, String>],
    article: &str,
) -> Vec<&'a HashMap<String, String>> {
    hits.iter()
        .filter(|h| h["article_id"].starts_with(article))
        .collect()
}

#[test]
fn seeds_score_with_the_contract_columns() {
    let out = score_seeds(&[]);
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.len(), 5);
    let outlets: Vec<&str> = articles.iter().map(|a| a["outlet"].as_str()).collect();
    assert_eq!(
        outlets,
        [
            "unidentified-000",
            "Washington Examiner",
            "RT",
            "The Moscow Times",
            "unidentified-004"
        ]
    );
    for col in [
        "tokens",
        "sentences",
        "quote_share",
        "tone",
        "tone.author",
        "hedging.share",
        "attribution.distancing.share",
        "scare_quotes",
        "tone.negative.per_1k",
        "attribution.distancing.author",
    ] {
        assert!(articles[0].contains_key(col), "articles.csv lacks {col}");
    }
    let header = fs::read_to_string(out.path().join("articles.csv")).unwrap();
    assert!(header.starts_with("article_id,outlet,title,date,url,story,"));
    let hits = fs::read_to_string(out.path().join("hits.csv")).unwrap();
    assert!(hits.starts_with("article_id,outlet,sentence,start,end,lexicon,category,pattern,matched,weight,negated,in_quote,actor,context\n"));
    let skipped = read_csv(&out.path().join("skipped.csv"));
    assert!(skipped.is_empty());
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(run["counts"]["scored"], 5);
    let tone = run["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "tone")
        .unwrap();
    assert_eq!(tone["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn seed_hits_that_the_issue_names() {
    let out = score_seeds(&[]);
    let hits = read_csv(&out.path().join("hits.csv"));

    // 003: "Pyongyang's alleged transfers" is distancing attribution.
    let h003 = hits_of(&hits, "003_");
    assert!(h003.iter().any(|h| h["lexicon"] == "attribution"
        && h["category"] == "distancing"
        && h["matched"] == "alleged"
        && h["context"].contains("Pyongyang's alleged transfers")));
    // 000: "accused" is accusing, said by the Americans.
    let h000 = hits_of(&hits, "000_");
    let accused = h000
        .iter()
        .find(|h| h["matched"] == "accused" && h["lexicon"] == "attribution")
        .expect("accused in 000");
    assert_eq!(
        (accused["category"].as_str(), accused["actor"].as_str()),
        ("accusing", "us")
    );
    // 001: "blackmail" inside Putin's quoted letter is in_quote.
    let h001 = hits_of(&hits, "001_");
    let blackmail = h001
        .iter()
        .find(|h| h["matched"] == "blackmail")
        .expect("blackmail in 001");
    assert_eq!(
        (
            blackmail["lexicon"].as_str(),
            blackmail["in_quote"].as_str()
        ),
        ("tone", "true")
    );
    // 002: RT's “illegal” is a scare quote.
    let h002 = hits_of(&hits, "002_");
    assert!(h002
        .iter()
        .any(|h| h["lexicon"] == "scare_quotes" && h["matched"] == "illegal"));
    // 003: nothing is counted from the donation appeal that closes the article.
    let text = fs::read_to_string(root().join("seeds/003_7b7ba6ff9923e79e.txt")).unwrap();
    let appeal = text.find("A Message from The Moscow Times").unwrap();
    assert!(h003
        .iter()
        .all(|h| h["start"].parse::<usize>().unwrap() < appeal));
    // 001's sign-off line is left out, and counted.
    assert!(h001.iter().all(|h| !h["context"].contains("CLICK HERE")));
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles[1]["boilerplate_lines"], "1");
}

#[test]
fn speakers_of_said_come_out_right_in_the_seeds() {
    let out = score_seeds(&[]);
    let hits = read_csv(&out.path().join("hits.csv"));
    let actor_of = |article: &str, context: &str, matched: &str| {
        hits_of(&hits, article)
            .into_iter()
            .find(|h| {
                h["context"].contains(context)
                    && h["matched"] == matched
                    && h["lexicon"] == "attribution"
            })
            .map(|h| h["actor"].clone())
            .unwrap_or_else(|| panic!("no `{matched}` in `{context}`"))
    };
    // X said
    assert_eq!(
        actor_of("000_", "Kremlin aide Yuri Ushakov said", "said"),
        "russia"
    );
    // said X (after a quotation)
    assert_eq!(actor_of("001_", "said Sabrina Singh", "said"), "us");
    // according to X
    assert_eq!(
        actor_of("004_", "According to Russia’s Interfax", "According to"),
        "russia"
    );
    // a possessive is not the speaker: "Yury Ushakov, Putin’s aide …, said"
    assert_eq!(
        actor_of("001_", "Yury Ushakov, Putin’s aide", "said"),
        "russia"
    );
    assert_eq!(
        actor_of("003_", "the Korean Central News Agency said", "said"),
        "north_korea"
    );
    assert_eq!(actor_of("000_", "The White House said", "said"), "us");
}

#[test]
fn hit_offsets_slice_the_original_bytes() {
    let out = score_seeds(&[]);
    let hits = read_csv(&out.path().join("hits.csv"));
    assert!(hits.len() > 100);
    let mut texts = HashMap::new();
    for h in &hits {
        let text = texts.entry(h["article_id"].clone()).or_insert_with(|| {
            fs::read(
                root()
                    .join("seeds")
                    .join(format!("{}.txt", h["article_id"])),
            )
            .unwrap()
        });
        let (s, e): (usize, usize) = (h["start"].parse().unwrap(), h["end"].parse().unwrap());
        assert_eq!(std::str::from_utf8(&text[s..e]).unwrap(), h["matched"]);
    }
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    // A corpus of 300 articles: the seeds many times over, across outlets.
    let corpus = TempDir::new().unwrap();
    let mut manifest = String::from("file,outlet\n");
    let seeds: Vec<_> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    for i in 0..300 {
        let dir = corpus.path().join(format!("d{}", i % 7));
        fs::create_dir_all(&dir).unwrap();
        let name = format!("d{}/a{i:03}.txt", i % 7);
        fs::copy(&seeds[i % seeds.len()], corpus.path().join(&name)).unwrap();
        manifest.push_str(&format!("{name},outlet-{}\n", i % 11));
    }
    fs::write(corpus.path().join("manifest.csv"), manifest).unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let out = TempDir::new().unwrap();
        slant()
            .args(["score", "--quiet", "--jobs", jobs, "--out"])
            .arg(out.path())
            .arg(corpus.path())
            .assert()
            .success();
        let files: Vec<Vec<u8>> = [
            "articles.csv",
            "hits.csv",
            "outlets.csv",
            "skipped.csv",
            "run.json",
        ]
        .iter()
        .map(|f| fs::read(out.path().join(f)).unwrap())
        .collect();
        outputs.push(files);
    }
    assert_eq!(read_csv(&corpus.path().join("manifest.csv")).len(), 300);
    assert!(outputs[0] == outputs[1] && outputs[1] == outputs[2]);
}

/// A corpus folder with the given files and manifest.
fn corpus(files: &[(&str, &[u8])], manifest: Option<&str>) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    if let Some(m) = manifest {
        fs::write(dir.path().join("manifest.csv"), m).unwrap();
    }
    dir
}

fn lexicons(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn score_into(corpus: &Path, lex: Option<&Path>) -> (TempDir, std::process::Output) {
    let out = TempDir::new().unwrap();
    let mut c = slant();
    c.arg("score").arg(corpus).arg("--out").arg(out.path());
    if let Some(l) = lex {
        c.arg("--lexicons").arg(l);
    }
    let output = c.output().unwrap();
    (out, output)
}

#[test]
fn negation_and_longest_match_on_a_fixture() {
    let c = corpus(
        &[(
            "a.txt",
            "It was not a good deal. It was a good deal according to Moscow.".as_bytes(),
        )],
        Some("file,outlet\na.txt,x\n"),
    );
    let lex = lexicons(&[
        (
            "tone.csv",
            "pattern,category,negate\ngood,positive,yes\ndeal,negative,no\n",
        ),
        (
            "attribution.csv",
            "pattern,category\naccording,neutral\naccording to,neutral\nto,distancing\n",
        ),
    ]);
    let (out, o) = score_into(c.path(), Some(lex.path()));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hits = read_csv(&out.path().join("hits.csv"));
    let goods: Vec<(&str, &str)> = hits
        .iter()
        .filter(|h| h["matched"] == "good")
        .map(|h| (h["negated"].as_str(), h["weight"].as_str()))
        .collect();
    assert_eq!(goods, [("true", "-1"), ("false", "1")]);
    let attribution: Vec<&str> = hits
        .iter()
        .filter(|h| h["lexicon"] == "attribution")
        .map(|h| h["pattern"].as_str())
        .collect();
    assert_eq!(attribution, ["according to"]);
    let a = &read_csv(&out.path().join("articles.csv"))[0];
    // positive = -1 + 1 = 0, negative = 2 deals; 14 tokens: tone = (0 - 2) / 14 * 100.
    assert_eq!(a["tokens"], "14");
    assert_eq!(a["tone"], "-14.2857");
    assert_eq!(a["tone.positive"], "0");
}

#[test]
fn every_lexicon_error_is_reported_with_its_line_before_any_article_is_read() {
    let lex = lexicons(&[
        ("tone.csv", "# comment\npattern,category,weight\ngood,positive,1\nbad,negative,heavy\nwor*se,negative,1\n"),
        ("hedging.csv", "pattern,category\nmay,hedge\nre:(open,hedge\nmay,hedge\n"),
        ("framing.csv", "pattern,kategory\nwar,war\n"),
    ]);
    let (out, o) = score_into(&root().join("seeds"), Some(lex.path()));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for needle in [
        "tone.csv:4: weight `heavy` is not a number",
        "tone.csv:5: `*` may only end a word",
        "hedging.csv:3: invalid regular expression",
        "hedging.csv:4: `may` in `hedge` repeats line 2",
        "framing.csv:1: unknown column `kategory`",
    ] {
        assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    }
    assert!(!out.path().join("articles.csv").exists());
}

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
fn formulas_are_neutralized_in_reports() {
    let c = corpus(
        &[("a.txt", b"Moscow said the deal was good.")],
        Some("file,outlet,title\na.txt,=HYPERLINK(\"http://x\"),+SUM(A1)\n"),
    );
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = &read_csv(&out.path().join("articles.csv"))[0];
    assert_eq!(a["outlet"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(a["title"], "'+SUM(A1)");
}

#[test]
fn manifest_problems_name_the_line() {
    let c = corpus(
        &[("a.txt", b"text")],
        Some("file,outlet\na.txt,x\n../../etc/passwd,y\nmissing.txt,z\n"),
    );
    let (out, o) = score_into(c.path(), None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("manifest.csv:3: `../../etc/passwd` is outside the corpus folder"),
        "{err}"
    );
    assert!(
        err.contains("manifest.csv:4: `missing.txt`: no such file"),
        "{err}"
    );
    assert!(!out.path().join("articles.csv").exists());
}

#[test]
fn files_without_a_manifest_row_are_unknown_with_a_warning() {
    let c = corpus(
        &[("a.txt", b"Kim said so."), ("sub/b.txt", b"Putin said so.")],
        Some("file,outlet\na.txt,x\n"),
    );
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no manifest row"));
    let a = read_csv(&out.path().join("articles.csv"));
    let got: Vec<(&str, &str)> = a
        .iter()
        .map(|r| (r["article_id"].as_str(), r["outlet"].as_str()))
        .collect();
    assert_eq!(got, [("a", "x"), ("sub/b", "unknown")]);
}

#[test]
fn encodings_are_decoded_flagged_and_nothing_is_lost() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Moscow said the deal was good.".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let c = corpus(
        &[
            ("bom.txt", b"\xEF\xBB\xBFMoscow said it."),
            ("bad.txt", b"Moscow said caf\xE9 was good."),
            ("empty.txt", b""),
            ("u16.txt", &utf16),
        ],
        None,
    );
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success());
    let a = read_csv(&out.path().join("articles.csv"));
    let row = |id: &str| a.iter().find(|r| r["article_id"] == id).unwrap();
    assert_eq!(row("bad")["encoding_repaired"], "true");
    assert_eq!(row("bom")["encoding_repaired"], "false");
    assert_eq!(row("empty")["empty"], "true");
    assert_eq!(row("empty")["tone"], "");
    assert_eq!(row("u16")["encoding"], "utf-16le");
    assert_eq!(row("u16")["tokens"], "6");
    // Offsets of the BOM file are into the text without its BOM.
    let hits = read_csv(&out.path().join("hits.csv"));
    let said = hits
        .iter()
        .find(|h| h["article_id"] == "bom" && h["matched"] == "said")
        .unwrap();
    assert_eq!(said["start"], "7");
}

#[test]
fn no_hits_leaves_no_stale_hits_file() {
    let out = score_seeds(&[]);
    assert!(out.path().join("hits.csv").exists());
    slant()
        .args(["score", "seeds", "--quiet", "--no-hits", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert!(!out.path().join("hits.csv").exists());
    assert!(out.path().join("articles.csv").exists());
}

#[test]
fn explain_shows_hits_in_context() {
    let o = slant()
        .args([
            "explain",
            "002_18a16e2883d59481",
            "--category",
            "scare_quote",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("outlet RT"));
    assert!(s.contains("[illegal]"), "{s}");
    assert!(!s.contains("\x1b["), "no colour when piped");
    let o = slant().args(["explain", "nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article `nope`"));
}

/// Every entry of the default counting lexicons has an example sentence in
/// tests/data/lexicon_examples/, and matches it (as itself, not swallowed by a longer entry).
#[test]
fn every_default_lexicon_entry_matches_its_example_sentence() {
    use slant::lexicon::{parse_lexicon, LexiconSet};
    use slant::matcher::Matcher;
    use slant::text::{boilerplate::Boilerplate, Doc};

    for name in ["tone", "hedging", "attribution", "framing", "actors"] {
        let path = root().join("lexicons").join(format!("{name}.csv"));
        let lex = parse_lexicon(&path, &fs::read(&path).unwrap()).unwrap();
        let set = LexiconSet {
            lexicons: vec![lex],
            ..LexiconSet::default()
        };
        let matcher = Matcher::new(&set);
        let examples = read_csv(
            &root()
                .join("tests/data/lexicon_examples")
                .join(format!("{name}.csv")),
        );
        let by_pattern: HashMap<&str, &str> = examples
            .iter()
            .map(|r| (r["pattern"].as_str(), r["example"].as_str()))
            .collect();
        let mut doc = Doc::default();
        let mut hits = Vec::new();
        let mut failures = Vec::new();
        for e in &set.lexicons[0].entries {
            let Some(example) = by_pattern.get(e.pattern.as_str()) else {
                failures.push(format!("{name}: `{}` has no example sentence", e.pattern));
                continue;
            };
            doc.analyze(example, &Boilerplate::default());
            matcher.find(example, &doc, &mut hits);
            if !hits
                .iter()
                .any(|h| set.lexicons[0].entries[h.entry].pattern == e.pattern)
            {
                failures.push(format!(
                    "{name}: `{}` does not match its example {example:?}",
                    e.pattern
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Any bytes as an article, scored with the default lexicons: a score or a skip, never a
    /// panic, and every hit's span inside the decoded text.
    #[test]
    fn scoring_any_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                      text in "(?s)(\\PC|[\"“”‘’'\\-\\.\\n ]){0,300}") {
        use slant::pipeline::{Engine, Outcome, Worker};
        use std::sync::OnceLock;
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        let engine = ENGINE.get_or_init(|| Engine::new(slant::lexicon::load_dir(&root().join("lexicons")).unwrap()));
        let mut w = Worker::default();
        for input in [bytes.as_slice(), text.as_bytes()] {
            if let Outcome::Scored(s) = w.score_bytes(engine, input, true) {
                for h in &s.hits {
                    proptest::prop_assert!(h.start <= h.end && (h.end as usize) <= s.text.len());
                    proptest::prop_assert!(s.text.is_char_boundary(h.start as usize) && s.text.is_char_boundary(h.end as usize));
                }
            }
        }
    }
}

/// Every boilerplate entry removes text from its example line in
/// tests/data/lexicon_examples/boilerplate.csv.
#[test]
fn every_boilerplate_entry_matches_its_example_line() {
    use slant::lexicon::{parse_lexicon, Lexicon};
    use slant::text::boilerplate::Boilerplate;

    let path = root().join("lexicons/boilerplate.csv");
    let lex = parse_lexicon(&path, &fs::read(&path).unwrap()).unwrap();
    let examples = read_csv(&root().join("tests/data/lexicon_examples/boilerplate.csv"));
    let mut failures = Vec::new();
    for e in &lex.entries {
        let Some(row) = examples.iter().find(|r| r["pattern"] == e.pattern) else {
            failures.push(format!("`{}` has no example line", e.pattern));
            continue;
        };
        // The entry alone, so that no other entry can take the line.
        let one = Lexicon { entries: vec![e.clone()], ..lex.clone() };
        let text = format!("Reporting before.\n{}\nReporting after.", row["example"]);
        let mut cut = Vec::new();
        Boilerplate::new(Some(&one)).find(&text, &mut cut);
        if cut.is_empty() {
            failures.push(format!("`{}` does not match {:?}", e.pattern, row["example"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
