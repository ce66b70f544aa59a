//! `slant score` on the seeds and on small fixtures made in each test: the report columns, the
//! hits the issues name, offsets, thread-count independence, inputs of every format, the page.

use crate::common::{
    corpus, gzip, hits_of, lexicons, read_csv, root, score_into, score_seeds, seed_texts, slant,
};
use std::collections::HashMap;
use std::fs;
use tempfile::TempDir;

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
    // quotation with its speaker (`which`, as written, standing for the US), not a scare quote.
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
            illegal["speaker_resolved"].as_str(),
            illegal["actor"].as_str(),
            illegal["cue"].as_str()
        ),
        ("partial", "which", "US", "us", "called")
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
            .args(["score", "--quiet", "--parquet", "--jobs", jobs, "--out"])
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
            "articles.parquet",
            "hits.parquet",
            "quotes.parquet",
        ]
        .iter()
        .map(|f| fs::read(out.path().join(f)).unwrap())
        .collect();
        outputs.push(files);
    }
    assert_eq!(read_csv(&corpus.path().join("manifest.csv")).len(), 300);
    assert!(outputs[0] == outputs[1] && outputs[1] == outputs[2]);
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
    // Headers for people (the CSV name in the tooltip), an interval in one cell, numbers that
    // sort by value.
    assert!(
        table.contains("<th title=\"tone.ci_low\">Tone 95% CI</th>"),
        "{table}"
    );
    // The seed outlets have one article each: no interval and no test, and the page says so.
    assert!(
        table.contains("<td data-v=\"\">n/a (1 article)</td>"),
        "{table}"
    );
    assert!(
        table.contains("<td data-v=\"\" title=\"not tested: fewer than 3 articles\">n/a</td>"),
        "{table}"
    );
    assert!(page.contains("5 of 5 outlets have fewer than 3 articles in the statistics"));
    assert!(page.contains("<summary>What the columns mean</summary>"));
    assert!(table.contains("data-v=\""), "{table}");
    // Who each outlet quotes, and the words behind its scores.
    assert!(
        page.contains("Who is quoted") && page.contains("Ushakov (russia) 3"),
        "{page}"
    );
    assert!(page.contains("The words behind the scores"));
    // The articles behind each outlet's figures, and what made the run.
    assert!(page.contains("The articles behind the figures"));
    // Each links to its tone and attribution hits below the tables.
    assert!(page.contains("<a href=\"#d3030325f31386131366532383833643539343831\">002_18a16e2883d59481</a> (-0.7937)"), "{page}");
    let own = page
        .split("<details id=\"d3030325f31386131366532383833643539343831\" class=\"driver\">")
        .nth(1)
        .and_then(|rest| rest.split("</details>").next())
        .unwrap_or_default();
    assert!(
        own.starts_with("<summary>002_18a16e2883d59481 · RT · lowest and highest tone (-0.7937)"),
        "{own}"
    );
    assert!(own.contains("<div class=\"hit\"><mark>"), "{own}");
    assert!(
        !own.contains("actors."),
        "only the tone and attribution hits: {own}"
    );
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    let sha = run["lexicons"][0]["sha256"].as_str().unwrap();
    assert!(page.contains(&format!("<code>{sha}</code>")));
    // Self-contained: no network.
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("<link")
    );
    // An outlet links to its articles, an article to its hits in context.
    assert!(page.contains("<h3 id=\"o5254\">RT</h3>"));
    assert!(page.contains("[illegal]") || page.contains("<mark>illegal</mark>"));
    // Every chart of a run without --by-period (whose charts statistics::periods_… checks).
    for f in slant::report::files::FILES
        .iter()
        .filter(|f| f.when == slant::report::files::When::Always)
        .map(|f| f.name)
        .filter(|n| n.ends_with(".svg"))
    {
        let svg = fs::read_to_string(out.path().join(f)).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("Washington Examiner"),
            "{f}"
        );
    }
    // The asymmetry grid: a legend, and every cell says on hover what it holds (the seeds have
    // too few attributions per outlet and actor for a value).
    let grid = fs::read_to_string(out.path().join("chart_actor_asymmetry.svg")).unwrap();
    assert!(
        grid.contains("<title>RT × russia: 0 distancing, 4 neutral attributions — too few to say"),
        "{grid}"
    );
    assert!(grid.contains("grey: under 10 distancing and neutral attributions together"));
    assert!(grid.contains(">≤ −3</text>") && grid.contains(">≥ +3</text>"));
    // Each seed outlet has one article, which has no interval: its charts say so.
    let tone = fs::read_to_string(out.path().join("chart_tone.svg")).unwrap();
    assert!(tone.contains("RT (1 article)") && tone.contains("mean per article and 95% CI"));
}

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

/// `text[char_start:char_end]` as Python counts (code points).
fn by_chars(text: &str, cs: usize, ce: usize) -> String {
    text.chars().skip(cs).take(ce - cs).collect()
}

#[test]
fn char_offsets_slice_the_text_as_python_and_r_count() {
    let plain = score_seeds(&[]);
    let with = score_seeds(&["--char-offsets"]);
    let texts: HashMap<String, String> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, fs::read_to_string(&p).unwrap())
        })
        .collect();
    let mut moved = 0;
    for file in ["hits.csv", "quotes.csv"] {
        let rows = read_csv(&with.path().join(file));
        assert!(rows.len() > 20, "{file}");
        for r in &rows {
            let text = &texts[&r["article_id"]];
            let n = |c: &str| r[c].parse::<usize>().unwrap();
            let (s, e, cs, ce) = (n("start"), n("end"), n("char_start"), n("char_end"));
            assert_eq!(by_chars(text, cs, ce), text[s..e], "{file}: {r:?}");
            moved += usize::from(cs != s);
        }
    }
    // The seeds have curly quotes and dashes before most hits: the offsets differ there.
    assert!(moved > 100, "{moved}");
    // Without the flag hits.csv keeps the contract's columns; with it, the same rows and two
    // more columns at the end.
    let strip = |rows: Vec<HashMap<String, String>>| {
        rows.into_iter()
            .map(|mut r| {
                r.remove("char_start");
                r.remove("char_end");
                r
            })
            .collect::<Vec<_>>()
    };
    let plain_hits = fs::read_to_string(plain.path().join("hits.csv")).unwrap();
    assert!(plain_hits.starts_with(
        "article_id,outlet,sentence,start,end,lexicon,category,pattern,matched,weight,negated,in_quote,actor,context\n"
    ));
    assert_eq!(
        strip(read_csv(&with.path().join("hits.csv"))),
        read_csv(&plain.path().join("hits.csv"))
    );
    for f in ["articles.csv", "quotes.csv", "outlets.csv"] {
        assert_eq!(
            fs::read(plain.path().join(f)).unwrap(),
            fs::read(with.path().join(f)).unwrap(),
            "{f}"
        );
    }
    // A rerun into the same folder with the flag turned off uses no cached row of the other
    // layout.
    slant()
        .args(["score", "seeds", "--quiet", "--out"])
        .arg(with.path())
        .assert()
        .success();
    assert_eq!(
        fs::read(with.path().join("hits.csv")).unwrap(),
        plain_hits.as_bytes()
    );
}

#[test]
fn shards_with_char_offsets_merge_to_one_run_and_mixed_flags_are_refused() {
    let single = score_seeds(&["--char-offsets", "--no-cache"]);
    let dir = TempDir::new().unwrap();
    let shard = |k: &str, extra: &[&str]| {
        let out = dir.path().join(k.replace('/', "-"));
        slant()
            .args([
                "score",
                "seeds",
                "--quiet",
                "--no-cache",
                "--shard",
                k,
                "--out",
            ])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        out
    };
    let (a, b) = (
        shard("1/2", &["--char-offsets"]),
        shard("2/2", &["--char-offsets"]),
    );
    let merged = dir.path().join("merged");
    slant()
        .args(["merge", "--quiet", "--out"])
        .arg(&merged)
        .args([&a, &b])
        .assert()
        .success();
    for f in ["hits.csv", "quotes.csv"] {
        assert_eq!(
            fs::read(merged.join(f)).unwrap(),
            fs::read(single.path().join(f)).unwrap(),
            "{f}"
        );
    }
    let plain_b = dir.path().join("plain-2");
    slant()
        .args(["score", "seeds", "--quiet", "--shard", "2/2", "--out"])
        .arg(&plain_b)
        .assert()
        .success();
    let out = slant()
        .args(["merge", "--quiet", "--out"])
        .arg(dir.path().join("mixed"))
        .args([&a, &plain_b])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("--char-offsets"), "{err}");
}

#[test]
fn the_workbook_has_every_csv_report_as_a_sheet_with_typed_cells() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    // A manifest whose ids, titles and story a spreadsheet would take for numbers, dates and
    // formulas.
    let texts = seed_texts();
    let c = crate::common::corpus(
        &[
            ("0007.txt", texts[0].as_bytes()),
            ("12.txt", texts[2].as_bytes()),
        ],
        Some("file,outlet,title,story\n0007.txt,RT,1/2,12\n12.txt,TASS,=HYPERLINK(\"x\"),3\n"),
    );
    let out = TempDir::new().unwrap();
    slant()
        .args(["score", "--quiet", "--xlsx", "--excel", "--out"])
        .arg(out.path())
        .arg(c.path())
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(out.path().join("reports.xlsx")).unwrap();
    let csvs: Vec<String> = slant::report::files::FILES
        .iter()
        .filter_map(|f| f.name.strip_suffix(".csv"))
        .filter(|n| out.path().join(format!("{n}.csv")).exists())
        .map(str::to_owned)
        .collect();
    assert_eq!(wb.sheet_names(), csvs);
    for name in &csvs {
        // Every sheet has the CSV's header and as many rows.
        let rows = read_csv(&out.path().join(format!("{name}.csv")));
        let sheet = wb.worksheet_range(name).unwrap();
        assert_eq!(sheet.height(), rows.len() + 1, "{name}");
    }
    let a = wb.worksheet_range("articles").unwrap();
    let header: Vec<String> = (0..a.width() as u32)
        .map(|c| a.get_value((0, c)).unwrap().to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap() as u32;
    let cell = |r: u32, name: &str| a.get_value((r, col(name))).cloned().unwrap();
    assert_eq!(cell(1, "article_id"), Data::String("0007".into()));
    assert_eq!(cell(1, "title"), Data::String("1/2".into()));
    assert_eq!(cell(1, "story"), Data::String("12".into()));
    assert_eq!(cell(2, "title"), Data::String("=HYPERLINK(\"x\")".into()));
    assert!(matches!(cell(1, "tokens"), Data::Float(t) if t > 100.0));
    assert!(matches!(cell(1, "tone"), Data::Float(_)));
    assert_eq!(cell(1, "encoding_repaired"), Data::Bool(false));
    let h = wb.worksheet_range("hits").unwrap();
    assert!(
        matches!(h.get_value((1, 3)), Some(Data::Float(_))),
        "start is a number"
    );
    assert!(
        matches!(h.get_value((1, 10)), Some(Data::Bool(_))),
        "negated is a boolean"
    );
}

/// The Parquet files hold every row and cell of their CSVs, typed: offsets and counts as
/// integers, scores as doubles, flags as booleans, ids, titles and names as text (a `0007`, a
/// `1/2`, a formula's text as they are), empty cells as nulls.
#[test]
fn the_parquet_files_are_their_csvs_with_types() {
    use parquet::basic::Type as Physical;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let texts = seed_texts();
    let c = crate::common::corpus(
        &[
            ("0007.txt", texts[0].as_bytes()),
            ("12.txt", texts[2].as_bytes()),
        ],
        Some("file,outlet,title,story\n0007.txt,RT,1/2,12\n12.txt,TASS,=HYPERLINK(\"x\"),\n"),
    );
    let out = TempDir::new().unwrap();
    // --excel: the CSVs it reads start with a byte order mark.
    slant()
        .args(["score", "--quiet", "--parquet", "--excel", "--out"])
        .arg(out.path())
        .arg(c.path())
        .assert()
        .success();
    let mut typed = HashMap::new();
    for name in ["articles", "hits", "quotes"] {
        let csv = read_csv_ordered(&out.path().join(format!("{name}.csv")));
        let file = fs::File::open(out.path().join(format!("{name}.parquet"))).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let names: Vec<String> = schema
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        assert_eq!(names, csv.0, "{name}: the CSV's columns, in order");
        for col in schema.columns() {
            typed.insert(format!("{name}.{}", col.name()), col.physical_type());
        }
        let rows: Vec<_> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), csv.1.len(), "{name}: every row");
        assert!(!rows.is_empty(), "{name}");
        for (row, cells) in rows.iter().zip(&csv.1) {
            for ((col, field), cell) in row.get_column_iter().zip(cells) {
                let cell = slant::report::cells::unsafe_cell(cell);
                let same = match field {
                    Field::Null => cell.is_empty(),
                    Field::Str(s) => s == cell,
                    Field::Long(v) => cell.parse::<i64>() == Ok(*v),
                    Field::Double(v) => cell.parse::<f64>() == Ok(*v),
                    Field::Bool(b) => cell == if *b { "true" } else { "false" },
                    other => panic!("{name}.{col}: unexpected {other:?}"),
                };
                assert!(same, "{name}.{col}: {field:?} for the cell `{cell}`");
            }
        }
    }
    for (col, t) in [
        ("articles.article_id", Physical::BYTE_ARRAY),
        ("articles.title", Physical::BYTE_ARRAY),
        ("articles.story", Physical::BYTE_ARRAY),
        ("articles.tokens", Physical::INT64),
        ("articles.tone", Physical::DOUBLE),
        ("articles.quotes_unbalanced", Physical::BOOLEAN),
        ("hits.start", Physical::INT64),
        ("hits.char_start", Physical::INT64),
        ("hits.weight", Physical::DOUBLE),
        ("hits.in_quote", Physical::BOOLEAN),
        ("hits.context", Physical::BYTE_ARRAY),
        ("quotes.words", Physical::INT64),
        ("quotes.speaker", Physical::BYTE_ARRAY),
    ] {
        assert_eq!(typed.get(col), Some(&t), "{col}");
    }
    // --parquet turns on --char-offsets: hits.csv has them too.
    let hits = read_csv(&out.path().join("hits.csv"));
    assert!(hits[0].contains_key("char_start"));
}

/// A CSV's header and rows, in column order.
fn read_csv_ordered(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Issue 29: every option `score` refuses is refused before the report folder is created, so
/// that a refused run leaves no folder behind (before, `--keyness --shard 1/2 --out newdir`
/// exited 2 and left an empty `newdir/`).
#[test]
fn a_refused_option_leaves_no_report_folder() {
    let dir = tempfile::TempDir::new().unwrap();
    for (i, args) in [
        &["seeds", "--keyness", "--shard", "1/2"][..],
        &["seeds", "--group-by", "nosuch"],
        &["seeds", "--group-by", "outlet", "--keyness"],
        &["seeds", "--validated", "no/such/folder"],
        &["seeds", "--jobs", "0"],
    ]
    .iter()
    .enumerate()
    {
        let out = dir.path().join(format!("new{i}"));
        let o = slant()
            .arg("score")
            .args(*args)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!out.exists(), "{args:?} left {}", out.display());
    }
}
