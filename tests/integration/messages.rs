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
    assert!(page.contains(&format!(
        "{hits} hits of the lexicons and {scare} scare quotes"
    )));
}
