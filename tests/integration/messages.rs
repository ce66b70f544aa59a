//! Input that used to pass in silence now says what is wrong (issue 15, items 5 and 8): an error
//! (exit 2) naming what was found and what to do, or a warning where the run can go on; line
//! numbers right in CRLF files; hit counts that agree.

use crate::common::{corpus, lexicons, read_csv, score_into, score_seeds, slant};
use std::fs;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_folder_without_txt_files_says_what_it_holds() {
    let c = corpus(
        &[("A.TXT", b"He said so."), ("page.html", b"<p>x</p>")],
        None,
    );
    let (_, o) = score_into(c.path(), None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("no .txt file in this folder"), "{e}");
    assert!(e.contains("1 .TXT, 1 .html: A.TXT, page.html"), "{e}");

    // With some articles, the other files are a warning.
    let c = corpus(
        &[("a.txt", b"He said so."), ("page.html", b"<p>x</p>")],
        Some("file,outlet\na.txt,RT\n"),
    );
    let (_, o) = score_into(c.path(), None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 files are not *.txt and are not read (found: 1 .html: page.html)")
    );
}

#[test]
fn jsonl_without_text_is_refused_and_extra_fields_are_kept() {
    let c = corpus(
        &[(
            "a.jsonl",
            b"{\"id\": \"1\", \"body\": \"He said so.\"}\n" as &[u8],
        )],
        None,
    );
    let (_, o) = score_into(&c.path().join("a.jsonl"), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a.jsonl:1: the record has no `text` field (its fields: body, id)"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("if `body` holds it, give --text-column body"),
        "{}",
        stderr(&o)
    );

    let c = corpus(
        &[(
            "b.jsonl",
            b"\n{\"id\": \"1\", \"lang\": \"en\", \"text\": \"He said so.\"}\n" as &[u8],
        )],
        None,
    );
    let (out, o) = score_into(&c.path().join("b.jsonl"), None);
    assert!(o.status.success());
    assert!(stderr(&o).contains("b.jsonl:2: the record has no `outlet` field"));
    let rows = read_csv(&out.path().join("articles.csv"));
    assert_eq!(
        rows[0]["lang"], "en",
        "an extra field is a metadata column, as in a CSV"
    );
}

#[test]
fn exports_that_name_their_fields_otherwise_are_read_with_the_column_flags() {
    // A Media Cloud-like JSONL and a LexisNexis/Factiva-like CSV (capitalized headers).
    let c = corpus(
        &[
            (
                "mc.jsonl",
                b"{\"stories_id\": 17, \"media_name\": \"nytimes.com\", \"body\": \"Officials said the plan was illegal.\", \"id\": \"other\", \"title\": \"T\"}\n" as &[u8],
            ),
            (
                "ln.csv",
                b"DocID,Source,Headline,Body\r\nA-1,Reuters,H,\"The minister claimed victory, he said.\"\r\n",
            ),
        ],
        None,
    );
    let run = |input: &str, flags: &[&str]| {
        let out = tempfile::TempDir::new().unwrap();
        let o = slant()
            .arg("score")
            .arg(c.path().join(input))
            .arg("--out")
            .arg(out.path())
            .args(flags)
            .output()
            .unwrap();
        (out, o)
    };
    let fields = |id, outlet, text| {
        [
            "--id-column",
            id,
            "--outlet-column",
            outlet,
            "--text-column",
            text,
        ]
    };
    let (out, o) = run("mc.jsonl", &fields("stories_id", "media_name", "body"));
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("articles.csv"));
    assert_eq!(
        (rows[0]["article_id"].as_str(), rows[0]["outlet"].as_str()),
        ("17", "nytimes.com")
    );
    assert_eq!(rows[0]["title"], "T");
    assert!(
        !rows[0].contains_key("id") && !rows[0].contains_key("body"),
        "the default field names are neither read nor kept as metadata: {:?}",
        rows[0].keys()
    );
    let run_json = fs::read_to_string(out.path().join("run.json")).unwrap();
    assert!(run_json.contains("\"text\": \"body\""), "{run_json}");

    // Without the flags the error names the flag and the field.
    let (_, o) = run("ln.csv", &[]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("the header has docid,source,headline,body"),
        "{e}"
    );
    assert!(
        e.contains("if `docid` holds it, give --id-column docid"),
        "{e}"
    );
    let (out, o) = run("ln.csv", &fields("DocID", "Source", "Body"));
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("articles.csv"));
    assert_eq!(
        (rows[0]["article_id"].as_str(), rows[0]["outlet"].as_str()),
        ("A-1", "Reuters")
    );
    assert_eq!(rows[0]["headline"], "H");
    assert_eq!(rows[0]["attribution.distancing"], "1");
}

#[test]
fn csv_without_outlet_warns_and_semicolons_are_named() {
    let c = corpus(
        &[
            ("a.csv", b"id,text\n1,He said so.\n" as &[u8]),
            ("b.csv", b"id;outlet;text\n1;RT;He said so.\n"),
        ],
        None,
    );
    let (_, o) = score_into(&c.path().join("a.csv"), None);
    assert!(o.status.success());
    assert!(stderr(&o).contains("a.csv: no `outlet` column; every article gets outlet `unknown`"));
    let (_, o) = score_into(&c.path().join("b.csv"), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("b.csv:1: the header `id;outlet;text` looks semicolon-separated"));
}

#[test]
fn explain_refuses_a_lexicon_or_category_the_run_does_not_have() {
    let id = "000_b99c8621696b3fd8";
    let o = slant()
        .args(["explain", id, "--lexicon", "atribution"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(
        "--lexicon atribution: no such lexicon in lexicons (did you mean `attribution`?)"
    ));
    let o = slant()
        .args([
            "explain",
            id,
            "--reports",
            "reports",
            "--category",
            "distancng",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("(did you mean `distancing`?)"));
    let o = slant()
        .args([
            "explain",
            id,
            "--lexicon",
            "attribution",
            "--category",
            "distancing",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
}

#[test]
fn check_warns_of_a_category_that_looks_like_a_typo() {
    let lex = lexicons(&[(
        "attribution.csv",
        "pattern,category\nclaimed,endorsing\nnoted,endorsing\nstated,endorsng\n",
    )]);
    let o = slant().arg("check").arg(lex.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("category `endorsng` (1 entries) is close to `endorsing` (2 entries)"));
}

#[test]
fn line_numbers_are_right_in_crlf_files() {
    let lex = lexicons(&[("tone.csv", "pattern,category\r\ngood,positive\r\nbad\r\n")]);
    let o = slant().arg("check").arg(lex.path()).output().unwrap();
    assert!(
        stderr(&o).contains("tone.csv:3: `bad` has no category"),
        "{}",
        stderr(&o)
    );

    let c = corpus(
        &[("a.txt", b"He said so.")],
        Some("file,outlet\r\na.txt,RT\r\nzz.txt\r\n"),
    );
    let (_, o) = score_into(c.path(), None);
    assert!(
        stderr(&o).contains("manifest.csv:3: `zz.txt` has no outlet"),
        "{}",
        stderr(&o)
    );

    let c = corpus(
        &[(
            "a.csv",
            b"id,outlet,text\r\n1,RT,He said so.\r\n2,RT,Fine.\r\n1,RT,again\r\n" as &[u8],
        )],
        None,
    );
    let (out, o) = score_into(&c.path().join("a.csv"), None);
    assert!(o.status.success());
    let skipped = read_csv(&out.path().join("skipped.csv"));
    assert!(skipped[0]["source"].ends_with("a.csv:4"), "{skipped:?}");
}

#[test]
fn hits_csv_has_a_row_per_hit_and_per_scare_quote_as_run_json_counts() {
    let out = score_seeds(&[]);
    let rows = read_csv(&out.path().join("hits.csv"));
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    let (hits, scare) = (
        run["counts"]["hits"].as_u64().unwrap(),
        run["counts"]["scare_quotes"].as_u64().unwrap(),
    );
    assert!(scare > 0);
    assert_eq!(rows.len() as u64, hits + scare);
    let articles = read_csv(&out.path().join("articles.csv"));
    let per_article: u64 = articles
        .iter()
        .map(|a| a["scare_quotes"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(per_article, scare);
    let page = fs::read_to_string(out.path().join("index.html")).unwrap();
    // "1 scare quote", not "1 scare quotes" (issue 28): the seeds have one.
    let noun = if scare == 1 {
        "scare quote"
    } else {
        "scare quotes"
    };
    assert!(
        page.contains(&format!("{hits} hits of the lexicons and {scare} {noun} (")),
        "{page}"
    );
}

/// Runs `score INPUT --out DIR FLAGS` into a folder that does not exist yet: a run refused
/// before any article is read leaves no folder behind.
fn score_new_out(
    input: &std::path::Path,
    flags: &[&str],
) -> (tempfile::TempDir, std::process::Output) {
    let t = tempfile::TempDir::new().unwrap();
    let o = slant()
        .arg("score")
        .arg(input)
        .arg("--out")
        .arg(t.path().join("out"))
        .args(flags)
        .output()
        .unwrap();
    (t, o)
}

/// Issue 26, item 7: a header that names a column twice was read by position in silence (the
/// manifest's last `outlet` won, the CSV corpus's first `text`).
#[test]
fn a_column_named_twice_in_a_manifest_or_csv_header_is_refused() {
    let c = corpus(
        &[("a.txt", b"Officials said the plan was illegal." as &[u8])],
        Some("file,outlet,Outlet,x,x\na.txt,RT,Display Name,1,2\n"),
    );
    let (t, o) = score_new_out(c.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("manifest.csv:1: the column `outlet` is there twice (columns 2 and 3: `outlet`, `Outlet`); slant would not know which to read; rename or delete one"),
        "{e}"
    );
    assert!(
        e.contains("manifest.csv:1: the column `x` is there twice (columns 4 and 5: `x`, `x`)"),
        "{e}"
    );
    assert!(!t.path().join("out").exists(), "refused before any report");
    // With each column named once the same manifest is read.
    fs::write(
        c.path().join("manifest.csv"),
        "file,outlet,Display,x,y\na.txt,RT,Display Name,1,2\n",
    )
    .unwrap();
    let (t, o) = score_new_out(c.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = read_csv(&t.path().join("out/articles.csv"));
    assert_eq!(
        (rows[0]["outlet"].as_str(), rows[0]["x"].as_str()),
        ("RT", "1")
    );

    let c = corpus(
        &[
            (
                "c.csv",
                b"id,outlet,text,text\n1,RT,Officials said so.,Other words\n" as &[u8],
            ),
            ("d.csv", b"ID,Outlet,Text,,\n1,RT,Officials said so.,,\n"),
        ],
        None,
    );
    let (t, o) = score_new_out(&c.path().join("c.csv"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("c.csv:1: the column `text` is there twice (columns 3 and 4: `text`, `text`); slant would not know which to read; rename or delete one"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("out").exists());
    // Empty names (a spreadsheet's trailing commas) are no columns; case is no difference.
    let (_, o) = score_new_out(&c.path().join("d.csv"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Issue 26, items 7 and 8, for the first JSONL record, checked as a CSV header is: a field
/// slant reads named twice, or an id, outlet or text of a type slant cannot read as one, stops
/// the run (exit 2) with the file, line and field; before, the last `id` won, an object outlet
/// became `unknown`, and an object id made every record "has no `id`" with exit 0.
#[test]
fn the_first_jsonl_record_with_a_field_twice_or_of_the_wrong_type_is_refused() {
    let t = tempfile::TempDir::new().unwrap();
    let text = "Officials said the plan was illegal.";
    for (record, message) in [
        (
            format!(r#"{{"id": "a", "id": "b", "outlet": "RT", "text": "{text}"}}"#),
            "a.jsonl:2: the field `id` is there twice; slant would not know which to read; rename or delete one",
        ),
        (
            format!(r#"{{"id": "a", "outlet": {{"name": "RT"}}, "text": "{text}"}}"#),
            r#"a.jsonl:2: `outlet` is an object (`{"name":"RT"}`); slant reads a string (or a number) there; write it so in the file, or give --outlet-column NAME for the field that holds it"#,
        ),
        (
            format!(r#"{{"id": "a", "outlet": ["RT", "TASS"], "text": "{text}"}}"#),
            r#"a.jsonl:2: `outlet` is an array (`["RT","TASS"]`); slant reads a string (or a number) there"#,
        ),
        (
            format!(r#"{{"id": {{"n": 1}}, "outlet": "RT", "text": "{text}"}}"#),
            r#"a.jsonl:2: `id` is an object (`{"n":1}`); slant reads a string or a whole number there"#,
        ),
        (
            format!(r#"{{"id": "a", "outlet": "RT", "text": {{"body": "{text}"}}}}"#),
            "a.jsonl:2: `text` is an object (",
        ),
    ] {
        // Every record alike (an export that nests its outlet does so throughout): exit 2, where
        // the later ones would each have been skipped with exit 0.
        let p = t.path().join("a.jsonl");
        fs::write(&p, format!("\n{record}\n{record}\n{record}\n")).unwrap();
        let (o_dir, o) = score_new_out(&p, &[]);
        assert_eq!(o.status.code(), Some(2), "{record}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{record}: {}", stderr(&o));
        assert!(!o_dir.path().join("out").exists(), "{record}");
    }
    // A field named by --outlet-column is checked as `outlet` is.
    let p = t.path().join("mc.jsonl");
    fs::write(
        &p,
        format!(r#"{{"id": "a", "media_name": ["RT"], "text": "{text}"}}"#),
    )
    .unwrap();
    let (_, o) = score_new_out(&p, &["--outlet-column", "media_name"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("mc.jsonl:1: `media_name` is an array"),
        "{}",
        stderr(&o)
    );
}

/// Issue 26, items 7 and 8, for the records after the first: each is skipped with a reason
/// naming the field and its type (counted in run.json), never read by position, never given
/// outlet `unknown` or "no `id`"; what slant does not read may repeat or nest; and the articles
/// that are read are exactly those of a run without the bad records.
#[test]
fn later_jsonl_records_with_a_field_twice_or_of_the_wrong_type_are_skipped_with_the_field() {
    let text = "Officials said the plan was illegal, and the minister claimed it was fine.";
    let good = [
        format!(r#"{{"id": "a", "outlet": "RT", "text": "{text}", "lang": "en"}}"#),
        format!(
            r#"{{"id": "i", "outlet": "RT", "text": "{text}", "authors": ["x"], "authors": ["y"]}}"#
        ),
        format!(r#"{{"id": "j", "outlet": null, "text": "{text}"}}"#),
        format!(r#"{{"id": "k", "outlet": "TASS", "text": "{text}", "lang": ["en", "fr"]}}"#),
    ];
    let bad = [
        format!(r#"{{"id": "b", "outlet": {{"name": "RT"}}, "text": "{text}"}}"#),
        format!(r#"{{"id": "c", "outlet": ["RT", "TASS"], "text": "{text}"}}"#),
        format!(r#"{{"id": {{"n": 4}}, "outlet": "RT", "text": "{text}"}}"#),
        format!(r#"{{"id": "e", "outlet": "RT", "text": {{"body": "{text}"}}}}"#),
        format!(r#"{{"id": true, "outlet": "RT", "text": "{text}"}}"#),
        format!(r#"{{"id": "g", "outlet": "RT", "outlet": "TASS", "text": "{text}"}}"#),
        format!(r#"{{"id": "h", "id": "h2", "outlet": "RT", "text": "{text}"}}"#),
        format!(r#"{{"id": "l", "outlet": "RT", "text": "{text}", "lang": "en", "lang": "fr"}}"#),
    ];
    let t = tempfile::TempDir::new().unwrap();
    let mixed = t.path().join("c.jsonl");
    let lines: Vec<&String> = [&good[0]]
        .into_iter()
        .chain(&bad)
        .chain(&good[1..])
        .collect();
    fs::write(
        &mixed,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let clean = t.path().join("clean").join("c.jsonl");
    fs::create_dir(clean.parent().unwrap()).unwrap();
    fs::write(
        &clean,
        good.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let (m, o) = score_new_out(&mixed, &["--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = m.path().join("out");
    crate::common::assert_nothing_lost(&m, good.len() + bad.len());
    let skipped: Vec<String> = read_csv(&m.join("skipped.csv"))
        .iter()
        .map(|r| {
            format!(
                "{} | {} | {} | {}",
                r["article_id"],
                r["outlet"],
                r["source"].rsplit('/').next().unwrap(),
                r["reason"]
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "b | unknown | c.jsonl:2 | `outlet` is an object; slant reads a string (or a number)",
            "c | unknown | c.jsonl:3 | `outlet` is an array; slant reads a string (or a number)",
            " | RT | c.jsonl:4 | `id` is an object; slant reads a string or a whole number",
            "e | RT | c.jsonl:5 | `text` is an object; slant reads a string",
            " | RT | c.jsonl:6 | `id` is a boolean; slant reads a string or a whole number",
            "g | unknown | c.jsonl:7 | the field `outlet` is there twice; slant would not know which to read",
            " | RT | c.jsonl:8 | the field `id` is there twice; slant would not know which to read",
            "l | RT | c.jsonl:9 | the field `lang` is there twice; slant would not know which to read",
        ]
    );
    // An outlet `null` is a missing outlet; a kept metadata column that is an array is written
    // as its JSON text; a repeated field slant does not read changes nothing.
    let articles = read_csv(&m.join("articles.csv"));
    let rows: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|r| {
            (
                r["article_id"].as_str(),
                r["outlet"].as_str(),
                r["lang"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("a", "RT", "en"),
            ("i", "RT", ""),
            ("j", "unknown", ""),
            ("k", "TASS", r#"["en","fr"]"#)
        ]
    );
    // Nothing else changes: the articles read are those of a run without the bad records.
    let (c, o) = score_new_out(&clean, &["--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = c.path().join("out");
    for f in [
        "articles.csv",
        "outlets.csv",
        "outlet_metrics.csv",
        "hits.csv",
    ] {
        assert_eq!(
            fs::read(m.join(f)).unwrap(),
            fs::read(c.join(f)).unwrap(),
            "{f}"
        );
    }
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(m.join("run.json")).unwrap()).unwrap();
    assert_eq!(
        (
            run["counts"]["scored"].as_u64(),
            run["counts"]["skipped"].as_u64()
        ),
        (Some(good.len() as u64), Some(bad.len() as u64))
    );
}
