use super::*;

/// Hits are shown in context only while there are few enough of them.
#[test]
fn hits_in_context_up_to_max_hits() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("articles.csv"),
        "article_id,outlet,tokens,tone,tone.author\na1,RT,12,0.5,0.5\n",
    )
    .unwrap();
    let mut hits = crate::report::hits::HITS_HEADER.join(",");
    hits.push_str("\na1,RT,1,0,4,tone,negative,war,war,1,false,false,,The war went on.\n");
    std::fs::write(dir.path().join("hits.csv"), hits).unwrap();
    let outlets = Table {
        header: vec!["outlet".into()],
        rows: vec![vec!["RT".into()]],
    };
    let page_with = |hits: u64| {
        let mut run = RunJson {
            version: "x".into(),
            ..RunJson::default()
        };
        (run.counts.scored, run.counts.hits) = (1, hits);
        let seen = Seen {
            run: &run,
            outlets: &outlets,
            charts: &[],
            unlisted: &[],
            quoted: &[],
            drivers: &[],
            driver_hits: &BTreeMap::new(),
            tables: &[],
        };
        page(dir.path(), &seen).unwrap()
    };
    let few = page_with(1);
    assert!(few.contains("The war went on."), "{few}");
    let many = page_with(MAX_HITS + 1);
    assert!(!many.contains("The war went on."));
    assert!(many.contains(&format!("{} hits: too many to show here", MAX_HITS + 1)));
    // The articles are still listed.
    assert!(many.contains(">a1</a>"));
}

/// A sentence's context is shown once before its hits; a long sentence's windows each
/// before theirs (`report::context`).
#[test]
fn each_context_is_shown_once_before_its_hits() {
    let row = |sentence: &str, matched: &str, context: &str| -> Row {
        [
            ("sentence", sentence),
            ("matched", matched),
            ("lexicon", "tone"),
            ("context", context),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let rows = [
        row("1", "war", "The war and the crisis."),
        row("1", "crisis", "The war and the crisis."),
        row("2", "war", "…one war two…"),
        row("2", "war", "…one war two…"),
        row("2", "crisis", "…two crisis three…"),
    ];
    let mut h = String::new();
    hit_lines(&mut h, rows.iter());
    let shown: Vec<&str> = h.lines().filter(|l| l.starts_with("<p")).collect();
    assert_eq!(
        shown,
        [
            "<p class=\"sent\">[1] The war and the crisis.</p>",
            "<p class=\"sent\">[2] …one war two…</p>",
            "<p class=\"sent\">[2] …two crisis three…</p>",
        ]
    );
    assert_eq!(h.matches("<div class=\"hit\">").count(), 5);
}

/// A driving article's hits are counted as they are read, and only the first
/// `DRIVER_HITS_SHOWN` of the metrics' lexicons kept.
#[test]
fn driver_rows_count_every_hit_and_keep_the_first_shown() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut hits = crate::report::hits::HITS_HEADER.join(",");
    hits.push('\n');
    let row = |lexicon: &str, i: usize| {
        format!(
            "a1,RT,1,{i},{},{lexicon},x,w,w,1,false,false,,w{i}\n",
            i + 1
        )
    };
    hits.push_str(&row("tone", 0));
    let at = hits.len() as u64;
    let mut a2 = String::new();
    for i in 0..60 {
        a2.push_str(&row(if i % 6 == 5 { "hedging" } else { "tone" }, i));
    }
    hits.push_str(&a2);
    hits.push_str(&row("tone", 99));
    let path = dir.path().join("hits.csv");
    std::fs::write(&path, &hits).unwrap();
    let spans = BTreeMap::from([("a2".to_owned(), (at, a2.len() as u64))]);
    let got = driver_rows(&path, &spans, &["tone"]).unwrap();
    let d = &got["a2"];
    assert_eq!(
        (d.all, d.of_lexicons, d.shown.len()),
        (60, 50, DRIVER_HITS_SHOWN)
    );
    assert_eq!(d.shown[0]["context"], "w0");
    assert!(d.shown.iter().all(|r| r["lexicon"] == "tone"));
}

#[test]
fn thousands_are_separated_in_whole_numbers_only() {
    assert_eq!(thousands("1234567"), "1,234,567");
    assert_eq!(thousands("123"), "123");
    assert_eq!(thousands("1000"), "1,000");
    assert_eq!(thousands("-0.25"), "-0.25");
    assert_eq!(thousands(""), "");
}
