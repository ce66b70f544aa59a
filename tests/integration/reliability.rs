//! Bad input never crashes slant, loses an article or reaches a spreadsheet as a formula; a run
//! that fails leaves the previous reports (docs/reliability.md lists every case with its test).

use crate::common::{
    assert_nothing_lost, corpus, leftovers, lexicons, read_csv, root, score_into, score_seeds,
    seed_texts, slant, Tmpfs,
};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

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

/// `s` double-encoded: its UTF-8 bytes read as Windows-1252 (Latin-1 where that has no
/// character) and written out as UTF-8 again, as a broken export does.
fn double_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            let byte = [b];
            let (cp1252, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            cp1252.chars().next().unwrap()
        })
        .collect()
}

/// Issue 27's broken text, in a corpus of two outlets: RTE's articles have letters lost to
/// U+FFFD, one is double-encoded, three have a quote mark that cannot be paired; BBC's are
/// clean. articles.csv counts the broken characters and flags the repair; the repaired article
/// is scored as meant (its curly quotes make a quotation) and reported as written (every
/// offset slices the file); `Garda�` is Ireland's police and speaks for ireland; the run warns
/// of RTE twice, and shards merged warn as one run does.
#[test]
fn broken_text_is_counted_repaired_matched_and_warned_of_per_outlet() {
    let f = '\u{FFFD}';
    let rte = [
        format!("Garda{f} said the road in Dublin was closed on Sunday.\nHe said it was over.\u{201D} The driver was arrested.\n"),
        double_encoded("Gardaí said the café in Zürich was “illegal,” and officials denied it.\nThe minister said it was over.” Nobody agreed.\n"),
        format!("Miche{f}l Martin said the T{f}naiste would travel.\nShe said the plan was fine.\u{201D} It was not.\n"),
        format!("Fianna F{f}il said the vote was \u{201C}fair\u{201D} on Monday.\n"),
    ];
    let bbc = [
        "The minister said the talks were \u{201C}constructive\u{201D} and would go on.\n",
        "Officials said the road was closed after the storm.\n",
        "Police said a man was arrested. \u{201C}We are grateful,\u{201D} the officer said.\n",
        "The council said it would review the plan next week.\n",
    ];
    let mut files: Vec<(String, String)> = Vec::new();
    let mut manifest = String::from("file,outlet\n");
    for (outlet, texts) in [
        ("RTE", rte.to_vec()),
        ("BBC", bbc.map(String::from).to_vec()),
    ] {
        for (i, t) in texts.into_iter().enumerate() {
            let name = format!("{}{}.txt", outlet.to_lowercase(), i + 1);
            manifest.push_str(&format!("{name},{outlet}\n"));
            files.push((name, t));
        }
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let c = corpus(&refs, Some(&manifest));
    let (out, o) = score_into(c.path(), None);
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);

    let header = fs::read_to_string(out.path().join("articles.csv")).unwrap();
    assert!(
        header.contains(",encoding,encoding_repaired,broken_chars,empty,"),
        "{}",
        header.lines().next().unwrap()
    );
    let arts = read_csv(&out.path().join("articles.csv"));
    let flags = |id: &str| {
        let r = arts.iter().find(|r| r["article_id"] == id).unwrap();
        (
            r["encoding_repaired"].as_str(),
            r["broken_chars"].as_str(),
            r["quotes_unbalanced"].as_str(),
        )
    };
    assert_eq!(flags("rte1"), ("false", "1", "true"));
    assert_eq!(flags("rte2"), ("true", "0", "true"));
    assert_eq!(flags("rte3"), ("false", "2", "true"));
    assert_eq!(flags("rte4"), ("false", "1", "false"));
    assert_eq!(flags("bbc1"), ("false", "0", "false"));

    // Every hit slices its file to what it matched, the repaired article's too.
    let hits = read_csv(&out.path().join("hits.csv"));
    for h in &hits {
        let text = &files
            .iter()
            .find(|(n, _)| *n == format!("{}.txt", h["article_id"]))
            .unwrap()
            .1;
        let (s, e): (usize, usize) = (h["start"].parse().unwrap(), h["end"].parse().unwrap());
        assert_eq!(text[s..e], h["matched"], "{h:?}");
    }
    let hit = |id: &str, pattern: &str| {
        hits.iter()
            .find(|h| h["article_id"] == id && h["pattern"] == pattern)
            .unwrap_or_else(|| panic!("no {pattern} in {id}"))
    };
    assert_eq!(hit("rte1", "Gardaí")["matched"], format!("Garda{f}"));
    assert_eq!(hit("rte1", "said")["actor"], "ireland");
    assert_eq!(hit("rte3", "Micheál Martin")["actor"], "ireland");
    assert_eq!(
        hit("rte4", "Fianna Fáil")["matched"],
        format!("Fianna F{f}il")
    );
    assert_eq!(hit("rte2", "Gardaí")["matched"], double_encoded("Gardaí"));
    assert_eq!(hit("rte2", "said")["actor"], "ireland");
    // Repaired, its curly quotes are quote marks: "illegal" is in a quotation.
    assert_eq!(hit("rte2", "illegal*")["in_quote"], "true");

    // The run warns of RTE, not of BBC, on stderr and in run.json.
    let broken = "outlet `RTE`: 3 of 4 articles (75%) have broken characters";
    let unbalanced = "outlet `RTE`: 3 of 4 articles (75%) have a quote mark that could not be paired (articles.csv `quotes_unbalanced`), against 0% (0 of 4) in the other outlets";
    assert!(
        stderr.contains(broken) && stderr.contains(unbalanced),
        "{stderr}"
    );
    assert!(
        stderr.contains("re-export its articles as UTF-8"),
        "{stderr}"
    );
    assert!(!stderr.contains("outlet `BBC`"), "{stderr}");
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("run.json")).unwrap()).unwrap();
    let warnings: Vec<&str> = run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    // The articles are short: the run says they are left out of the statistics, first.
    assert!(
        warnings[0].starts_with("8 of 8 articles are left out of the outlet statistics")
            && warnings[1].starts_with(broken)
            && warnings[2].starts_with(unbalanced),
        "{warnings:?}"
    );
    assert_eq!(run["counts"]["with_broken_chars"], 3);
    assert_eq!(run["counts"]["quotes_unbalanced"], 3);
    assert_eq!(run["counts"]["encoding_repaired"], 1);

    // Two shards merged: the reports and warnings of the one run.
    let shards = TempDir::new().unwrap();
    for k in 1..=2 {
        slant()
            .arg("score")
            .arg(c.path())
            .args(["--quiet", "--shard", &format!("{k}/2"), "--out"])
            .arg(shards.path().join(format!("s{k}")))
            .assert()
            .success();
    }
    let merged = shards.path().join("merged");
    let m = slant()
        .arg("merge")
        .args((1..=2).map(|k| shards.path().join(format!("s{k}"))))
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(m.status.success());
    let merge_stderr = String::from_utf8_lossy(&m.stderr);
    assert!(
        merge_stderr.contains(broken) && merge_stderr.contains(unbalanced),
        "{merge_stderr}"
    );
    for file in [
        "run.json",
        "articles.csv",
        "hits.csv",
        "quotes.csv",
        "outlets.csv",
    ] {
        assert_eq!(
            fs::read_to_string(out.path().join(file)).unwrap(),
            fs::read_to_string(merged.join(file)).unwrap(),
            "{file}"
        );
    }
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
    let Some(disk) = Tmpfs::mount("2m") else {
        eprintln!("a_full_disk_keeps_the_previous_reports: cannot mount a tmpfs here; not run");
        return;
    };
    let out = disk.path().join("reports");
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
    let beside = fs::read_dir(disk.path()).unwrap().count();
    assert_eq!(beside, 1, "the failed run removes its new folder");
}

/// Issue 26: every command that writes keeps the old file whole on a full disk, says which
/// file it could not write, and leaves no temporary file; `init` writes all its lexicons or
/// none; `--xlsx`'s writer, which panics on a full disk, is an error (exit 1), not a crash.
#[test]
fn every_command_on_a_full_disk_keeps_what_was_there() {
    let Some(disk) = Tmpfs::mount("4m") else {
        eprintln!(
            "every_command_on_a_full_disk_keeps_what_was_there: cannot mount a tmpfs here; not run"
        );
        return;
    };
    let d = disk.path();
    let (old, new) = (score_seeds(&[]), score_seeds(&["--min-tokens", "300"]));
    let run = |args: &[&str]| slant().args(args).output().unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    let diff_csv = s(&d.join("diff.csv"));
    let diff = [
        "diff",
        &s(old.path()),
        &s(new.path()),
        "--csv",
        diff_csv.as_str(),
    ];
    assert!(run(&diff).status.success());
    let kept = fs::read(&diff_csv).unwrap();
    slant()
        .args(["score", "seeds", "--quiet", "--out"])
        .arg(d.join("reports"))
        .assert()
        .success();
    let reports_before = fs::read(d.join("reports/articles.csv")).unwrap();

    disk.fill();
    let o = run(&diff);
    assert_eq!(o.status.code(), Some(1), "diff");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot write") && err.contains("diff.csv"),
        "{err}"
    );
    assert_eq!(
        fs::read(&diff_csv).unwrap(),
        kept,
        "the old diff.csv is whole"
    );

    let lex = s(&d.join("mine"));
    let o = run(&["init", &lex]);
    assert_eq!(o.status.code(), Some(1), "init");
    let written = fs::read_dir(&lex).map(|r| r.count()).unwrap_or(0);
    assert_eq!(written, 0, "init wrote no lexicon, not a truncated one");

    let o = slant()
        .args(["score", "seeds", "--xlsx", "--no-cache", "--out"])
        .arg(d.join("reports"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "score --xlsx: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        fs::read(d.join("reports/articles.csv")).unwrap(),
        reports_before
    );
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));

    // With room again, init writes every lexicon, whole.
    disk.unfill();
    assert!(run(&["init", &lex]).status.success());
    assert!(
        slant()
            .args(["check", &lex])
            .output()
            .unwrap()
            .status
            .code()
            != Some(2)
    );
}

/// A full disk under --xlsx alone: the CSVs fit, the workbook's own temporary sheets do not
/// (rust_xlsxwriter unwraps their writes); exit 1 naming reports.xlsx, never a panic. The disk
/// sizes around that point are tried, so that the test holds as the reports grow.
#[test]
fn a_workbook_that_does_not_fit_is_an_error_not_a_panic() {
    let mut workbook_failed = 0;
    for size in ["700k", "800k", "900k", "1000k", "1100k", "1200k", "1400k"] {
        let Some(disk) = Tmpfs::mount(size) else {
            eprintln!("a_workbook_that_does_not_fit_is_an_error_not_a_panic: cannot mount a tmpfs here; not run");
            return;
        };
        let o = slant()
            .args(["score", "seeds", "--xlsx", "--no-cache", "--out"])
            .arg(disk.path().join("r"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{size}: {err}");
        assert!(!err.contains("panicked"), "{size}: {err}");
        if err.contains("reports.xlsx") && err.contains("No space left") {
            workbook_failed += 1;
        }
    }
    assert!(
        workbook_failed > 0,
        "no disk size made the workbook the file that does not fit"
    );
}

/// merge on a full disk names the folder it could not write and says the old reports stand.
#[test]
fn a_merge_on_a_full_disk_says_where_and_that_nothing_changed() {
    let shards = TempDir::new().unwrap();
    for k in ["1", "2"] {
        slant()
            .args([
                "score",
                "seeds",
                "--quiet",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(shards.path().join(k))
            .assert()
            .success();
    }
    let Some(disk) = Tmpfs::mount("1m") else {
        eprintln!("a_merge_on_a_full_disk_says_where_and_that_nothing_changed: cannot mount a tmpfs here; not run");
        return;
    };
    disk.fill();
    let out = disk.path().join("reports");
    let o = slant()
        .arg("merge")
        .arg(shards.path().join("1"))
        .arg(shards.path().join("2"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("in {}", out.display()))
            && err.contains("the previous reports are unchanged")
            && err.contains("No space left"),
        "{err}"
    );
}
