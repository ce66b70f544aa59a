//! Integration tests: the `slant` binary on the seeds and on small fixtures made in each test.

mod common;

use common::{root, seed_texts, slant};
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

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
    // 002: RT's “illegal” is the US's word ("the US, which called … “illegal”"), a partial
    // quotation with its speaker, not a scare quote.
    let h002 = hits_of(&hits, "002_");
    assert!(!h002.iter().any(|h| h["lexicon"] == "scare_quotes"));
    let quotes = read_csv(&out.path().join("quotes.csv"));
    let text002 = fs::read_to_string(root().join("seeds/002_18a16e2883d59481.txt")).unwrap();
    let illegal = quotes
        .iter()
        .find(|q| {
            q["article_id"] == "002_18a16e2883d59481"
                && text002[q["start"].parse::<usize>().unwrap()..].starts_with("illegal”")
        })
        .expect("“illegal” in quotes.csv");
    assert_eq!(
        (
            illegal["kind"].as_str(),
            illegal["speaker"].as_str(),
            illegal["actor"].as_str(),
            illegal["cue"].as_str()
        ),
        ("partial", "US", "us", "called")
    );
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
        // The same lexicon without its exceptions (category `-`): what would count without them.
        let mut plain = lex.clone();
        plain.entries.retain(|e| !e.is_exception());
        let set = LexiconSet::new(vec![lex], None);
        let plain_set = LexiconSet::new(vec![plain], None);
        let matcher = Matcher::new(&set);
        // Keeps the hits of exceptions, as `check --corpus` does, so that they can be seen.
        let mut keeping = Matcher::new(&set);
        keeping.keep_exceptions = true;
        let plain_matcher = Matcher::new(&plain_set);
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
            if !e.is_exception() {
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
                continue;
            }
            // An exception's example is a sentence where it takes words that another entry
            // would count without it, and where nothing is counted on those words with it.
            keeping.find(example, &doc, &mut hits);
            let Some(span) = hits
                .iter()
                .find(|h| set.lexicons[0].entries[h.entry].pattern == e.pattern)
                .map(|h| (h.start, h.end))
            else {
                failures.push(format!(
                    "{name}: exception `{}` does not match its example {example:?}",
                    e.pattern
                ));
                continue;
            };
            let overlaps = |h: &slant::matcher::Hit| h.start < span.1 && span.0 < h.end;
            plain_matcher.find(example, &doc, &mut hits);
            if !hits.iter().any(overlaps) {
                failures.push(format!(
                    "{name}: exception `{}` takes no words another entry counts in its example {example:?}",
                    e.pattern
                ));
            }
            matcher.find(example, &doc, &mut hits);
            if let Some(h) = hits.iter().find(|h| overlaps(h)) {
                failures.push(format!(
                    "{name}: `{}` is still counted inside exception `{}` in {example:?}",
                    set.lexicons[0].entries[h.entry].pattern, e.pattern
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

proptest::proptest! {
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
            if let Outcome::Scored(d) = w.score_owned(engine, input.to_vec(), true) {
                let s = &d.scored;
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
        let one = Lexicon {
            entries: vec![e.clone()],
            ..lex.clone()
        };
        let text = format!("Reporting before.\n{}\nReporting after.", row["example"]);
        let mut cut = Vec::new();
        Boilerplate::new(&one.boilerplate_rules()).find(&text, &mut cut);
        if cut.is_empty() {
            failures.push(format!(
                "`{}` does not match {:?}",
                e.pattern, row["example"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An article of exactly 100 tokens with `good`, `bad`, `said` and `claimed` the given number of
/// times, the rest filler.
fn article_100(good: usize, bad: usize, said: usize, claimed: usize) -> String {
    let mut words = Vec::new();
    for (w, n) in [
        ("good", good),
        ("bad", bad),
        ("said", said),
        ("claimed", claimed),
    ] {
        words.extend(std::iter::repeat_n(w, n));
    }
    words.resize(100, "word");
    format!("{}.", words.join(" "))
}

fn stats_lexicons() -> TempDir {
    lexicons(&[
        (
            "tone.csv",
            "pattern,category,negate\ngood,positive,yes\nbad,negative,yes\n",
        ),
        (
            "attribution.csv",
            "pattern,category\nsaid,neutral\nclaimed,distancing\n",
        ),
        (
            "actors.csv",
            "pattern,category\nMoscow,russia\nKyiv,ukraine\n",
        ),
    ])
}

/// Scores a corpus made of `files` (and `manifest`) with `stats_lexicons`.
fn score_with_stats_lexicons(
    files: &[(&str, &[u8])],
    manifest: Option<&str>,
) -> (TempDir, std::process::Output) {
    let c = corpus(files, manifest);
    let lex = stats_lexicons();
    score_into(c.path(), Some(lex.path()))
}

fn metric_row<'a>(
    rows: &'a [HashMap<String, String>],
    outlet: &str,
    metric: &str,
) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["outlet"] == outlet && r["metric"] == metric)
        .unwrap_or_else(|| panic!("no row {outlet} {metric}"))
}

fn assert_cell(row: &HashMap<String, String>, col: &str, want: f64) {
    let got: f64 = row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]));
    let decimals = if col.ends_with("value") { 1e-6 } else { 1e-4 };
    assert!(
        (got - want).abs() <= decimals * 0.51 + 1e-12,
        "{col}: {got} != {want}"
    );
}

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
    assert_cell(share, "ci_low", -0.07794252056038198);
    assert_cell(share, "p_value", 0.8088831413878899);

    // Pooled rate: 5 "claimed" in 400 tokens, with the exact Poisson interval.
    let rate = metric_row(&rows, "A", "attribution.distancing.per_1k");
    assert_cell(rate, "pooled_rate", 12.5);
    assert_cell(rate, "pooled_low", 4.058715975296051);
    assert_cell(rate, "pooled_high", 29.170830198306675);

    // Counts are described, not tested; q-values are Benjamini–Hochberg over every p of the run.
    assert_eq!(metric_row(&rows, "A", "tokens")["p_value"], "");
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
    assert_cell(a, "ci_low", 0.6931659844787543);
    assert_cell(a, "ci_high", 4.449691158378389);
    assert_cell(a, "p_value", 0.007290358091535629);
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
    assert!(s.contains("corpus seeds: 5 articles, 2340 tokens"), "{s}");
    assert!(
        s.contains("claim* (distancing) 2 → claimed 1, claiming 1"),
        "{s}"
    );
    assert!(s.contains("according to (neutral) 3"), "{s}");
    assert!(
        s.contains("no match: 2 entries: `smirked` (line 5), `claim!` (line 6)"),
        "{s}"
    );
    assert!(s.contains("most frequent words no entry matches (function words left out): north 53, korea 47, russia 38"), "{s}");
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
        assert_eq!(
            String::from_utf8_lossy(&fresh.stdout),
            String::from_utf8_lossy(&reported.stdout)
        );
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

/// A LIWC `.dic` counts what liwc-python counts. tests/data/liwc/expected.csv is liwc-python's
/// output on the same dictionary and texts (scripts/liwc_parity.py writes it; CI checks it
/// against liwc-python itself). The dictionary has nested wildcards (`friend*`, `friendl*`), an
/// exact word beside a wildcard (`happy`, `happ*`), and words in several categories.
#[test]
fn liwc_dic_counts_equal_liwc_python() {
    use slant::lexicon::{parse_dic, LexiconSet};
    use slant::matcher::Matcher;
    use slant::text::{boilerplate::Boilerplate, Doc};

    let dir = root().join("tests/data/liwc");
    let path = dir.join("parity.dic");
    let lex = parse_dic(&path, &fs::read(&path).unwrap()).unwrap();
    let set = LexiconSet::new(vec![lex], None);
    let matcher = Matcher::new(&set);
    let lex = &set.lexicons[0];
    let mut doc = Doc::default();
    let mut hits = Vec::new();
    let mut got = String::from("text,category,count\n");
    let mut names: Vec<_> = fs::read_dir(dir.join("texts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let text = fs::read_to_string(&p).unwrap();
        doc.analyze(&text, &Boilerplate::default());
        matcher.find(&text, &doc, &mut hits);
        for (c, name) in lex.categories.iter().enumerate() {
            let n = hits
                .iter()
                .filter(|h| lex.entries[h.entry].category == c)
                .count();
            got.push_str(&format!(
                "{},{name},{n}\n",
                p.file_stem().unwrap().to_string_lossy()
            ));
        }
    }
    assert_eq!(got, fs::read_to_string(dir.join("expected.csv")).unwrap());
}

#[test]
fn liwc_and_quanteda_dictionaries_load_beside_csv_lexicons() {
    let lex = lexicons(&[
        ("attribution.csv", "pattern,category\nsaid,neutral\n"),
        (
            "liwc.dic",
            "%\n1\tposemo\n2\tsocial\n%\nfriend*\t1\t2\nlike\t(02 134)1/2\t2\n",
        ),
        (
            "news.yml",
            "conflict:\n  - war\n  - sanction*\ndiplomacy:\n  - talks\n  - visit*\n",
        ),
    ]);
    let c = corpus(
        &[(
            "a.txt",
            b"Friends said the war and the sanctions would end the visit, like the talks.",
        )],
        None,
    );
    let (out, o) = score_into(c.path(), Some(lex.path()));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("liwc.dic:6: `like`: conditional category `(02 134)1/2` skipped"),
        "{err}"
    );
    let a = &read_csv(&out.path().join("articles.csv"))[0];
    assert_eq!(a["liwc.posemo"], "1");
    assert_eq!(a["liwc.social"], "2");
    assert_eq!(a["news.conflict"], "2");
    assert_eq!(a["news.diplomacy"], "2");
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    let names: Vec<&str> = run["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["attribution", "liwc", "news"]);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// JSONL, CSV (columns in any order, text over several lines), their gzip forms and JSONL on
/// stdin all score the same articles; bad records go to skipped.csv with their line.
#[test]
fn record_corpora_jsonl_csv_gzip_and_stdin() {
    let texts = seed_texts();
    let mut jsonl = String::new();
    for (i, t) in texts.iter().take(3).enumerate() {
        jsonl.push_str(&serde_json::json!({"id": format!("r{i}"), "outlet": format!("o{i}"), "text": t, "date": "2024-06-18"}).to_string());
        jsonl.push('\n');
    }
    jsonl.push_str("{\"id\": \"broken\", \n");
    jsonl.push_str("{\"id\": \"no-text\", \"outlet\": \"o1\"}\n\n");
    jsonl.push_str(&serde_json::json!({"id": "r0", "outlet": "o9", "text": "again"}).to_string());
    jsonl.push('\n');
    let mut csv_text = String::from("text,date,outlet,id\n");
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for (i, t) in texts.iter().take(3).enumerate() {
            w.write_record([t.as_str(), "2024-06-18", &format!("o{i}"), &format!("r{i}")])
                .unwrap();
        }
        w.write_record(["", "", "o1"]).unwrap();
        csv_text.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());
    }
    let dir = TempDir::new().unwrap();
    let files: [(&str, Vec<u8>); 4] = [
        ("c.jsonl", jsonl.clone().into_bytes()),
        ("c.ndjson.gz", gzip(jsonl.as_bytes())),
        ("c.csv", csv_text.clone().into_bytes()),
        ("c.csv.gz", gzip(csv_text.as_bytes())),
    ];
    let mut outputs = Vec::new();
    for (name, bytes) in &files {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        let (out, o) = score_into(&p, None);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let arts = read_csv(&out.path().join("articles.csv"));
        let ids: Vec<(String, String, String)> = arts
            .iter()
            .map(|r| {
                (
                    r["article_id"].clone(),
                    r["outlet"].clone(),
                    r["date"].clone(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("r0".into(), "o0".into(), "2024-06-18".into()),
                ("r1".into(), "o1".into(), "2024-06-18".into()),
                ("r2".into(), "o2".into(), "2024-06-18".into()),
            ]
        );
        let skipped = read_csv(&out.path().join("skipped.csv"));
        let reasons: Vec<String> = skipped
            .iter()
            .map(|r| {
                format!(
                    "{} | {} | {}",
                    r["article_id"],
                    r["source"].rsplit('/').next().unwrap(),
                    r["reason"]
                )
            })
            .collect();
        outputs.push((
            name.to_string(),
            arts.iter().map(|r| r["tone"].clone()).collect::<Vec<_>>(),
            reasons,
        ));
    }
    // Same scores whatever the format.
    assert!(outputs.iter().all(|o| o.1 == outputs[0].1));
    assert_eq!(
        outputs[0].2,
        [
            " | c.jsonl:4 | invalid JSON: EOF while parsing a value at line 1 column 17",
            "no-text | c.jsonl:5 | the record has no `text`",
            "r0 | c.jsonl:7 | duplicate article_id: an earlier article has this id",
        ]
    );
    // The CSV texts span lines: the record without an id starts on line 51.
    assert_eq!(outputs[2].2, [" | c.csv:51 | the record has no `id`"]);
    // JSONL on standard input.
    let out = TempDir::new().unwrap();
    let o = slant()
        .args(["score", "-", "--out"])
        .arg(out.path())
        .write_stdin(jsonl)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(read_csv(&out.path().join("articles.csv")).len(), 3);
    assert_eq!(
        read_csv(&out.path().join("skipped.csv"))[0]["source"],
        "stdin:4"
    );
    // An unknown format is refused before anything is read.
    let p = dir.path().join("c.xml");
    fs::write(&p, "<a/>").unwrap();
    let (_, o) = score_into(&p, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("c.xml: not a corpus slant can read"));
}

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
            .args(["--by-story", "--quiet", "--out"])
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
    // Every report of the run: its rows, tables and run.json (the registry of output files).
    for f in slant::report::files::FILES.iter().filter(|f| {
        use slant::report::files::{Kind, When};
        matches!(f.kind, Kind::Rows | Kind::Table | Kind::Json) && f.when != When::Shard
    }) {
        let f = f.name;
        let a = fs::read(dir.path().join("single").join(f)).unwrap();
        let b = fs::read(dir.path().join("merged").join(f)).unwrap();
        assert!(a == b, "{f} differs between one run and the merged shards");
    }
}

// ---- Reliability: bad input never crashes slant, loses an article or reaches a spreadsheet as a
// formula (docs/reliability.md lists every case with its outcome).

/// Every input article is in articles.csv or skipped.csv, and run.json's counts add up.
fn assert_nothing_lost(out: &Path, inputs: usize) {
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let c = &run["counts"];
    let (n_in, scored, skipped) = (
        c["articles_in"].as_u64().unwrap(),
        c["scored"].as_u64().unwrap(),
        c["skipped"].as_u64().unwrap(),
    );
    assert_eq!(n_in as usize, inputs, "articles_in");
    assert_eq!(n_in, scored + skipped, "articles_in = scored + skipped");
    assert_eq!(read_csv(&out.join("articles.csv")).len() as u64, scored);
    assert_eq!(read_csv(&out.join("skipped.csv")).len() as u64, skipped);
}

#[test]
fn bad_encodings_and_line_ends() {
    let utf16 = |s: &str, le: bool| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let mut bom16 = vec![0xFF, 0xFE];
    bom16.extend(utf16("Moscow said so.", true));
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "invalid_utf8.txt",
            [&b"Caf\xC3\xA9 owners said \xE9 was "[..], b"good."].concat(),
        ),
        ("utf16_bom.txt", bom16),
        (
            "utf16le_nobom.txt",
            utf16("Moscow said the deal was good.", true),
        ),
        (
            "utf16be_nobom.txt",
            utf16("Kyiv said the deal was bad.", false),
        ),
        (
            "cp1252.txt",
            b"\x93Illegal,\x94 Washington said \x96 caf\xE9.".to_vec(),
        ),
        ("binary.txt", vec![0u8; 4096]),
        // Past 64 KB control characters are counted before the text is analysed.
        ("binary_long.txt", b"ab\x01\x02".repeat(25_000)),
        // A control character or two in news text: not on the fast word path, still scored.
        ("bell.txt", b"Moscow said\x07 it was ready.\x0C".to_vec()),
        ("empty.txt", Vec::new()),
        ("blank.txt", b"  \n\t\n   ".to_vec()),
        ("crlf.txt", b"Moscow said it.\r\nKyiv said no\r\n".to_vec()),
        (
            "cr.txt",
            b"Moscow said it\r\"Kyiv said no\rThird line".to_vec(),
        ),
    ];
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let c = corpus(&refs, None);
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_nothing_lost(out.path(), files.len());
    let arts = read_csv(&out.path().join("articles.csv"));
    let row = |id: &str| {
        arts.iter()
            .find(|r| r["article_id"] == id)
            .unwrap_or_else(|| panic!("{id} not scored"))
    };
    let flags = |id: &str| {
        let r = row(id);
        (
            r["encoding"].clone(),
            r["encoding_repaired"].clone(),
            r["empty"].clone(),
        )
    };
    let f = |e: &str, r: &str, m: &str| (e.to_owned(), r.to_owned(), m.to_owned());
    assert_eq!(flags("invalid_utf8"), f("utf-8", "true", "false"));
    assert_eq!(flags("utf16_bom"), f("utf-16le", "false", "false"));
    assert_eq!(flags("utf16le_nobom"), f("utf-16le", "false", "false"));
    assert_eq!(flags("utf16be_nobom"), f("utf-16be", "false", "false"));
    assert_eq!(flags("cp1252"), f("windows-1252", "true", "false"));
    assert_eq!(flags("empty"), f("utf-8", "false", "true"));
    assert_eq!(flags("blank"), f("utf-8", "false", "true"));
    assert_eq!(row("utf16le_nobom")["tokens"], "6");
    // CRLF and lone CR end lines: two and three sentences; the unbalanced quote closes at its CR.
    assert_eq!(row("crlf")["sentences"], "2");
    assert_eq!(row("cr")["sentences"], "3");
    assert_eq!(row("cr")["author_tokens"], "5");
    // Windows-1252 curly quotes are quotes: “Illegal,” is in a quotation.
    assert_eq!(
        (
            row("cp1252")["tokens"].as_str(),
            row("cp1252")["author_tokens"].as_str()
        ),
        ("4", "3")
    );
    assert_eq!(row("bell")["tokens"], "5");
    let skipped = read_csv(&out.path().join("skipped.csv"));
    let reasons: std::collections::BTreeMap<&str, &str> = skipped
        .iter()
        .map(|r| (r["article_id"].as_str(), r["reason"].as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons["binary"]
        .starts_with("binary content: 100% of the characters are control characters"));
    assert!(reasons["binary_long"]
        .starts_with("binary content: 50% of the characters are control characters"));
}

#[test]
fn oversized_articles_are_skipped_not_truncated() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("c");
    fs::create_dir(&folder).unwrap();
    // 200 MB on one line (sparse: the size is checked before anything is read).
    let f = fs::File::create(folder.join("huge.txt")).unwrap();
    f.set_len(200 << 20).unwrap();
    fs::write(folder.join("ok.txt"), "Moscow said it was good.").unwrap();
    // 2 MB of real text, over a 1 MB limit.
    fs::write(
        folder.join("two_mb.txt"),
        "Moscow said it was good. ".repeat(80_000),
    )
    .unwrap();
    let (out, o) = {
        let out = TempDir::new().unwrap();
        let o = slant()
            .arg("score")
            .arg(&folder)
            .args(["--max-article-mb", "1", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        (out, o)
    };
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_nothing_lost(out.path(), 3);
    let skipped = read_csv(&out.path().join("skipped.csv"));
    let reasons: Vec<(&str, &str)> = skipped
        .iter()
        .map(|r| (r["article_id"].as_str(), r["reason"].as_str()))
        .collect();
    assert_eq!(reasons, [
        ("huge", "article of 200.0 MB is larger than the limit of 1 MB; raise --max-article-mb or split it"),
        ("two_mb", "article of 1.9 MB is larger than the limit of 1 MB; raise --max-article-mb or split it"),
    ]);
    // A JSONL line over the limit is skipped as it is read; the next record is read as usual.
    let jsonl = dir.path().join("c.jsonl");
    let big = serde_json::json!({"id": "big", "outlet": "x", "text": "word ".repeat(300_000)})
        .to_string();
    fs::write(
        &jsonl,
        format!("{big}\n{{\"id\": \"small\", \"outlet\": \"x\", \"text\": \"Moscow said so.\"}}\n"),
    )
    .unwrap();
    let out = TempDir::new().unwrap();
    slant()
        .arg("score")
        .arg(&jsonl)
        .args(["--max-article-mb", "1", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert_nothing_lost(out.path(), 2);
    let skipped = read_csv(&out.path().join("skipped.csv"));
    assert!(skipped[0]["source"].ends_with("c.jsonl:1"));
    assert!(
        skipped[0]["reason"].starts_with("article of 1.4 MB is larger than the limit of 1 MB"),
        "{:?}",
        skipped[0]
    );
    assert_eq!(
        read_csv(&out.path().join("articles.csv"))[0]["article_id"],
        "small"
    );
}

#[test]
fn a_hundred_thousand_tiny_files() {
    let dir = TempDir::new().unwrap();
    for d in 0..100 {
        let sub = dir.path().join(format!("d{d:02}"));
        fs::create_dir(&sub).unwrap();
        for i in 0..1000 {
            fs::write(sub.join(format!("{i:04}.txt")), "Kim said so.").unwrap();
        }
    }
    let out = TempDir::new().unwrap();
    slant()
        .arg("score")
        .arg(dir.path())
        .args(["--no-hits", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert_nothing_lost(out.path(), 100_000);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_vanished_files() {
    use std::os::unix::fs::symlink;
    let c = corpus(&[("ok.txt", b"Moscow said so.")], None);
    symlink("loop.txt", c.path().join("loop.txt")).unwrap();
    symlink(".", c.path().join("cycle")).unwrap();
    symlink("vanished-target.txt", c.path().join("gone.txt")).unwrap();
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_nothing_lost(out.path(), 3);
    let skipped = read_csv(&out.path().join("skipped.csv"));
    let ids: Vec<&str> = skipped.iter().map(|r| r["article_id"].as_str()).collect();
    assert_eq!(ids, ["gone", "loop"]);
    assert!(skipped
        .iter()
        .all(|r| r["reason"].starts_with("cannot read")));
}

#[test]
fn manifest_edge_cases() {
    // BOM, quoted newline in a title, extra columns: fine.
    let c = corpus(
        &[("a.txt", b"Moscow said so."), ("b.txt", b"Kyiv said no.")],
        Some("\u{FEFF}file,outlet,title,desk\na.txt,X,\"Two\nlines\",world\nb.txt,Y,,\n"),
    );
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = read_csv(&out.path().join("articles.csv"));
    assert_eq!(
        (a[0]["title"].as_str(), a[0]["desk"].as_str()),
        ("Two\nlines", "world")
    );
    // Duplicate rows, a missing outlet column, an absolute path: errors with lines, exit 2.
    for (manifest, needle) in [
        (
            "file,outlet\na.txt,X\na.txt,Y\n",
            "manifest.csv:3: `a.txt` is listed again (first on line 2)",
        ),
        (
            "file,title\na.txt,X\n",
            "manifest.csv:1: the header row has no `outlet` column",
        ),
        (
            "file,outlet\n/etc/passwd,X\n",
            "manifest.csv:2: `/etc/passwd` is outside the corpus folder",
        ),
        (
            "file,outlet\nsub/../../a.txt,X\n",
            "manifest.csv:2: `sub/../../a.txt` is outside the corpus folder",
        ),
    ] {
        let c = corpus(&[("a.txt", b"text")], Some(manifest));
        let (out, o) = score_into(c.path(), None);
        assert_eq!(o.status.code(), Some(2), "{manifest}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(needle),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!out.path().join("articles.csv").exists());
    }
}

#[test]
fn every_text_cell_a_spreadsheet_would_run_is_neutralized() {
    let c = corpus(
        &[("a.txt", "=1+2 said the US.\n+cmd said so.\n-5 was the tone.\n@SUM said it.\n\tTab said too.".as_bytes())],
        Some("file,outlet,title,url\na.txt,@outlet,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"\tstarts with a tab\"\n"),
    );
    let lex = lexicons(&[
        (
            "attribution.csv",
            "pattern,category\nsaid,neutral\nre:=\\d\\+\\d,formula\n",
        ),
        ("actors.csv", "pattern,category\n=US,us\n"),
    ]);
    let (out, o) = score_into(c.path(), Some(lex.path()));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let risky =
        |v: &str| v.starts_with(['=', '+', '-', '@', '\t', '\r']) && v.parse::<f64>().is_err();
    for f in [
        "articles.csv",
        "hits.csv",
        "outlets.csv",
        "outlet_metrics.csv",
        "actors.csv",
        "terms.csv",
        "skipped.csv",
    ] {
        for r in read_csv(&out.path().join(f)) {
            for (k, v) in &r {
                assert!(!risky(v), "{f}: {k} = {v:?} would run as a formula");
            }
        }
    }
    let a = &read_csv(&out.path().join("articles.csv"))[0];
    assert_eq!(a["outlet"], "'@outlet");
    assert_eq!(a["title"], "'=HYPERLINK(\"http://x\",\"y\")");
    let hits = read_csv(&out.path().join("hits.csv"));
    assert!(hits.iter().any(|h| h["pattern"] == "'=US"));
    assert!(hits
        .iter()
        .any(|h| h["matched"] == "'=1+2" && h["category"] == "formula"));
}

#[test]
fn an_unwritable_report_folder_fails_with_exit_1_and_a_message() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("not-a-folder");
    fs::write(&file, "x").unwrap();
    let o = slant()
        .args(["score", "seeds", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot create the report folder") && err.contains("not-a-folder"),
        "{err}"
    );
}

/// A run killed at any moment leaves the previous reports as they were; the next run removes
/// the killed run's temporary folder.
#[cfg(unix)]
#[test]
fn a_killed_run_leaves_the_previous_reports_intact() {
    let out = score_seeds(&[]);
    let before: Vec<(String, Vec<u8>)> = ["articles.csv", "hits.csv", "outlets.csv", "run.json"]
        .iter()
        .map(|f| (f.to_string(), fs::read(out.path().join(f)).unwrap()))
        .collect();
    // A corpus that takes a while: the seeds 3,000 times over.
    let c = TempDir::new().unwrap();
    let texts = seed_texts();
    let mut jsonl = String::new();
    for i in 0..3000 {
        jsonl.push_str(
            &serde_json::json!({"id": i, "outlet": "x", "text": texts[i % texts.len()]})
                .to_string(),
        );
        jsonl.push('\n');
    }
    fs::write(c.path().join("c.jsonl"), jsonl).unwrap();
    for delay_ms in [50, 300, 800] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_slant"))
            .current_dir(root())
            .arg("score")
            .arg(c.path().join("c.jsonl"))
            .arg("--out")
            .arg(out.path())
            .arg("--quiet")
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for (f, bytes) in &before {
            let now = fs::read(out.path().join(f)).unwrap();
            // Either the old report (killed in time) or, if the run had already finished, a
            // complete new one — never a mix: articles.csv always parses whole.
            if &now != bytes {
                assert!(f != "articles.csv" || read_csv(&out.path().join(f)).len() == 3000);
            }
        }
    }
    // The next run cleans up what the killed ones left.
    slant()
        .args(["score", "seeds", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    // The killed runs wrote beside --out, in `.NAME.slant-new-…`.
    let staging = format!(
        ".{}.slant-",
        out.path().file_name().unwrap().to_string_lossy()
    );
    let leftovers: Vec<_> = fs::read_dir(out.path().parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&staging))
        .collect();
    assert!(leftovers.is_empty());
    assert_eq!(
        fs::read(out.path().join("articles.csv")).unwrap(),
        before[0].1
    );
}

/// A full disk (a 2 MB tmpfs) fails the run with a clear error and leaves the old reports. Needs
/// permission to mount; where there is none the test says so and passes.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_keeps_the_previous_reports() {
    let mnt = TempDir::new().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(mnt.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("a_full_disk_keeps_the_previous_reports: cannot mount a tmpfs here; not run");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(mnt.path());
    let out = mnt.path().join("reports");
    slant()
        .args(["score", "seeds", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let before = fs::read(out.join("articles.csv")).unwrap();
    // 300 copies of the seeds write far more than 2 MB of hits.
    let c = TempDir::new().unwrap();
    let texts = seed_texts();
    for i in 0..300 {
        fs::write(
            c.path().join(format!("a{i:03}.txt")),
            &texts[i % texts.len()],
        )
        .unwrap();
    }
    let o = slant()
        .arg("score")
        .arg(c.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot write the reports in") && err.contains("No space left on device"),
        "{err}"
    );
    assert_eq!(fs::read(out.join("articles.csv")).unwrap(), before);
    // The new reports were written beside --out, on the tmpfs: nothing of them is left.
    let beside = fs::read_dir(mnt.path()).unwrap().count();
    assert_eq!(beside, 1, "the failed run removes its new folder");
}

#[test]
fn excel_output_starts_every_csv_with_a_bom_and_changes_nothing_else() {
    let plain = score_seeds(&[]);
    let excel = score_seeds(&["--excel"]);
    // Every CSV the run wrote (the registry of output files; no --by-story here).
    for f in slant::report::files::FILES.iter().filter(|f| {
        use slant::report::files::{Kind, When};
        matches!(f.kind, Kind::Rows | Kind::Table)
            && matches!(f.when, When::Always | When::WithHits)
    }) {
        let f = f.name;
        let a = fs::read(plain.path().join(f)).unwrap();
        let b = fs::read(excel.path().join(f)).unwrap();
        assert_eq!(&b[..3], b"\xEF\xBB\xBF", "{f}");
        assert_eq!(&b[3..], a.as_slice(), "{f}");
    }
    let readme = fs::read_to_string(plain.path().join("README.txt")).unwrap();
    assert!(readme.contains("tone.author") && readme.contains("actor_asymmetry.csv"));
}

#[test]
fn help_topics() {
    let o = slant().args(["help", "lexicons"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("# Lexicons"));
    let o = slant().args(["help", "score"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("--max-article-mb"));
    let o = slant().arg("help").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("Topics (slant help TOPIC):"));
    let o = slant().args(["help", "nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = slant().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("slant {} (lexicon format 1)", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_report_page_and_charts_are_written_with_the_reports() {
    let out = score_seeds(&[]);
    let page = fs::read_to_string(out.path().join("index.html")).unwrap();
    let outlets = read_csv(&out.path().join("outlets.csv"));
    let table = page
        .split("<table class=\"sortable\" id=\"outlets\">")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(
        table.matches("<tr>").count(),
        outlets.len() + 1,
        "a header row and one row per outlet"
    );
    // Self-contained: no network.
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("<link")
    );
    // An outlet links to its articles, an article to its hits in context.
    assert!(page.contains("<h3 id=\"o5254\">RT</h3>"));
    assert!(page.contains("[illegal]") || page.contains("<mark>illegal</mark>"));
    for f in slant::report::files::FILES
        .iter()
        .map(|f| f.name)
        .filter(|n| n.ends_with(".svg"))
    {
        let svg = fs::read_to_string(out.path().join(f)).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("Washington Examiner"),
            "{f}"
        );
    }
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

// ---- Boilerplate never deletes reporting (issue 12, item 6).

/// A seed flattened to one line, as real copy arrives: seed 002's photo caption `©` matched the
/// whole line and removed the article. Now only the matched text goes, the reporting is scored
/// as in the seed, and the run warns, naming the rule and the article — in reruns too, which
/// take nothing about it from the cache.
#[test]
fn a_seed_flattened_to_one_line_keeps_its_reporting_and_warns() {
    let seed = &seed_texts()[2];
    let flat = seed.lines().collect::<Vec<_>>().join(" ");
    assert_eq!(flat.lines().count(), 1);
    let c = corpus(
        &[
            ("lines.txt", seed.as_bytes()),
            ("flat.txt", flat.as_bytes()),
        ],
        Some("file,outlet\nlines.txt,RT\nflat.txt,RT\n"),
    );
    let out = TempDir::new().unwrap();
    for run in 0..2 {
        let o = slant()
            .arg("score")
            .arg(c.path())
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "run {run}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        let warning = "slant: warning: boilerplate `re:©` (boilerplate.csv:";
        let warned: Vec<&str> = stderr.lines().filter(|l| l.starts_with(warning)).collect();
        assert_eq!(warned.len(), 1, "run {run}: {stderr}");
        assert!(
            warned[0].contains(", line) matched a line of more than 60 words")
                && warned[0].contains("in 1 article (flat): the line was kept"),
            "{}",
            warned[0]
        );
        let run_json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap())
                .unwrap();
        let in_json = run_json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w.as_str().is_some_and(|w| w.starts_with(&warning[16..])))
            .count();
        assert_eq!(in_json, 1, "run {run}: run.json warns once");
    }
    let articles = read_csv(&out.path().join("articles.csv"));
    let row = |id: &str| articles.iter().find(|a| a["article_id"] == id).unwrap();
    let (lines, flat) = (row("lines"), row("flat"));
    let n = |r: &HashMap<String, String>, c: &str| r[c].parse::<usize>().unwrap();
    // As lines, the caption line (a lead sentence run into the caption) goes whole; flattened,
    // only `©` goes: the flat article has every token of the other and that line's 36 more.
    assert_eq!(n(lines, "boilerplate_lines"), 2);
    assert_eq!(n(flat, "boilerplate_lines"), 1);
    assert_eq!(n(flat, "tokens"), n(lines, "tokens") + 36);
    // Every hit of the article as lines is a hit of the flattened one.
    let hits = read_csv(&out.path().join("hits.csv"));
    let mut flat_hits: Vec<(String, String)> = hits_of(&hits, "flat")
        .iter()
        .map(|h| (h["pattern"].clone(), h["matched"].clone()))
        .collect();
    let line_hits = hits_of(&hits, "lines");
    assert!(line_hits.len() > 20);
    for h in line_hits {
        let key = (h["pattern"].clone(), h["matched"].clone());
        let i = flat_hits.iter().position(|k| *k == key);
        assert!(i.is_some(), "{key:?} lost in the flattened article");
        flat_hits.swap_remove(i.unwrap());
    }
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
