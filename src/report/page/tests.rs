use super::*;
use crate::aggregate::drivers::Drivers;

/// A `Kept` of a run with hits.csv whose followed metric is `tone`.
fn kept() -> (Kept, Drivers) {
    let drivers = Drivers::new(["tone"]);
    let header = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let kept = Kept::new(
        header(&["article_id", "outlet", "tokens", "tone", "tone.author"]),
        Some(header(crate::report::hits::HITS_HEADER)),
        &["tone".to_owned()],
        &drivers,
    );
    (kept, drivers)
}

/// A row of hits.csv of article `id`.
fn hit(id: &str, lexicon: &str, i: usize, context: &str) -> String {
    format!(
        "{id},RT,1,{i},{},{lexicon},x,w,w,1,false,false,,{context}\n",
        i + 1
    )
}

/// The page of a run of one outlet, RT, with these kept rows and tables.
fn page_of(run: &RunJson, kept: &Kept, tables: &[(&str, Table)]) -> String {
    let outlets = Table {
        header: vec!["outlet".into()],
        rows: vec![vec!["RT".into()]],
    };
    let seen = Seen {
        run,
        outlets: &outlets,
        charts: &[],
        unlisted: &[],
        quoted: &[],
        drivers: &[],
        kept,
        driver_hits: &BTreeMap::new(),
        tables,
    };
    page(&seen).unwrap()
}

/// Hits are shown in context only while there are few enough of them.
#[test]
fn hits_in_context_up_to_max_hits() {
    let page_with = |hits: usize| {
        let (mut kept, drivers) = kept();
        let mut rows = hit("a1", "tone", 0, "The war went on.");
        for i in 1..hits {
            rows.push_str(&hit("a1", "tone", i, "w"));
        }
        let article = b"a1,RT,12,0.5,0.5\n";
        kept.add("a1", (article, rows.as_bytes()), hits, None, &drivers);
        let mut run = RunJson {
            version: "x".into(),
            ..RunJson::default()
        };
        (run.counts.scored, run.counts.hits) = (1, hits as u64);
        page_of(&run, &kept, &[])
    };
    let few = page_with(1);
    assert!(few.contains("The war went on."), "{few}");
    let many = page_with(MAX_HITS as usize + 1);
    assert!(!many.contains("The war went on."));
    assert!(many.contains(&format!("{} hits: too many to show here", MAX_HITS + 1)));
    // The articles are still listed.
    assert!(many.contains(">a1</a>"));
}

/// Every article is kept for the list up to `MAX_ARTICLES`, and none beyond: the page then
/// lists none.
#[test]
fn articles_are_kept_up_to_max_articles() {
    let (mut kept, drivers) = kept();
    for i in 0..MAX_ARTICLES {
        let id = format!("a{i}");
        let row = format!("{id},RT,12,0.5,0.5\n");
        let hit = hit(&id, "tone", 0, "c");
        kept.add(&id, (row.as_bytes(), hit.as_bytes()), 1, None, &drivers);
    }
    let articles = kept.articles().unwrap();
    assert_eq!(articles.len(), MAX_ARTICLES);
    let a7 = (
        articles[7]["article_id"].as_str(),
        articles[7]["tone"].as_str(),
    );
    assert_eq!(a7, ("a7", "0.5"));
    assert_eq!(kept.hits().map(|h| h.len()), Some(MAX_ARTICLES));
    kept.add("b", (b"b,RT,12,0.5,0.5\n", b""), 0, None, &drivers);
    assert!(kept.articles().is_none() && kept.hits().is_none());
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
    let hits = super::lists::hit_lines(rows.iter());
    let h = super::render::one(
        "hits.html",
        &minijinja::context! { hits => minijinja::value::Serde(&hits) },
    );
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

/// A driving article's hits are counted as they are noted, and only the first
/// `DRIVER_HITS_SHOWN` of the metrics' lexicons kept, whether its worker noted where they are
/// or the rows came back from the rerun cache and are read for their lexicon; an article not
/// driving has none noted. No file is read.
#[test]
fn driver_rows_count_every_hit_and_keep_the_first_shown() {
    let mut a2 = String::new();
    let mut followed = crate::report::hits::Followed::default();
    for i in 0..60 {
        let lexicon = if i % 6 == 5 { "hedging" } else { "tone" };
        let start = a2.len();
        a2.push_str(&hit("a2", lexicon, i, &format!("w{i}")));
        if lexicon == "tone" {
            followed.rows += 1;
            if followed.first.len() < kept::DRIVER_HITS_SHOWN {
                followed.first.push((start, a2.len()));
            }
        }
    }
    let header: Vec<String> = crate::report::hits::HITS_HEADER
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut seen = Vec::new();
    for noted_where in [Some(&followed), None] {
        let (mut kept, drivers) = kept();
        let noted = kept::Noted::of(a2.as_bytes(), 60, noted_where, &header, &kept.lexicons);
        kept.add(
            "a2",
            (b"a2,RT,12,0.5,0.5\n", a2.as_bytes()),
            60,
            Some(noted),
            &drivers,
        );
        let a1 = hit("a1", "tone", 0, "w");
        kept.add(
            "a1",
            (b"a1,RT,12,0.5,0.5\n", a1.as_bytes()),
            1,
            None,
            &drivers,
        );
        let got = kept.driver_hits();
        assert_eq!(got.keys().collect::<Vec<_>>(), ["a2"]);
        let d = &got["a2"];
        assert_eq!(
            (d.all, d.of_lexicons, d.shown.len()),
            (60, 50, kept::DRIVER_HITS_SHOWN)
        );
        assert_eq!(d.shown[0]["context"], "w0");
        assert!(d.shown.iter().all(|r| r["lexicon"] == "tone"));
        seen.push(got);
    }
    assert_eq!(
        seen[0], seen[1],
        "noted by the worker or read from the cached rows alike"
    );
}

#[test]
fn thousands_are_separated_in_whole_numbers_only() {
    assert_eq!(thousands("1234567"), "1,234,567");
    assert_eq!(thousands("123"), "123");
    assert_eq!(thousands("1000"), "1,000");
    assert_eq!(thousands("-0.25"), "-0.25");
    assert_eq!(thousands(""), "");
}

/// A section whose table the run made is shown even when the table has no row (as before the
/// templates): keyness over a corpus with nothing key says so by an empty table.
#[test]
fn a_section_with_an_empty_table_is_still_shown() {
    let (kept, _) = kept();
    let run = RunJson {
        version: "x".into(),
        ..RunJson::default()
    };
    let keyness = Table::with_header(&["outlet", "term", "g2", "lexicon_entry"]);
    let page = page_of(&run, &kept, &[(files::KEYNESS, keyness)]);
    assert!(
        page.contains("<h2>What sets each outlet apart</h2>"),
        "{page}"
    );
    assert!(page.contains("<table id=\"keyness\"><thead><tr><th>outlet</th><th>key terms</th></tr></thead><tbody>\n</tbody></table>"));
}
