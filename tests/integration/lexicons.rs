//! Lexicons as `slant score` loads them: errors with their lines, every default entry against its
//! example sentence, LIWC and quanteda dictionaries.

use crate::common::{corpus, lexicons, read_csv, root, score_into};
use std::collections::HashMap;
use std::fs;

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

/// Every default entry with a non-ASCII letter matches its example sentence with every such
/// letter lost to U+FFFD, as an export that could not read them writes it (`Garda� said`,
/// `Miche�l Martin`, `�lys�e`): the entry that spells the letters takes the word
/// (docs/lexicons.md, "Letters lost to U+FFFD").
#[test]
fn accented_entries_match_their_examples_with_the_letters_lost_to_u_fffd() {
    use slant::lexicon::{parse_lexicon, LexiconSet};
    use slant::matcher::Matcher;
    use slant::text::{boilerplate::Boilerplate, Doc};

    let mut checked = 0;
    for name in ["tone", "hedging", "attribution", "framing", "actors"] {
        let path = root().join("lexicons").join(format!("{name}.csv"));
        let lex = parse_lexicon(&path, &fs::read(&path).unwrap()).unwrap();
        let set = LexiconSet::new(vec![lex], None);
        let matcher = Matcher::new(&set);
        let examples = read_csv(
            &root()
                .join("tests/data/lexicon_examples")
                .join(format!("{name}.csv")),
        );
        let (mut doc, mut hits, mut failures) = (Doc::default(), Vec::new(), Vec::new());
        for e in &set.lexicons[0].entries {
            if e.is_exception()
                || !e
                    .pattern
                    .chars()
                    .any(|c| !c.is_ascii() && c.is_alphabetic())
            {
                continue;
            }
            let example = &examples.iter().find(|r| r["pattern"] == e.pattern).unwrap()["example"];
            let broken: String = example
                .chars()
                .map(|c| {
                    if !c.is_ascii() && c.is_alphabetic() {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect();
            doc.analyze(&broken, &Boilerplate::default());
            matcher.find(&broken, &doc, &mut hits);
            checked += 1;
            if !hits
                .iter()
                .any(|h| set.lexicons[0].entries[h.entry].pattern == e.pattern)
            {
                failures.push(format!("{name}: `{}` does not match {broken:?}", e.pattern));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
    // 37 entries of actors.csv when written; the test must not pass by checking none.
    assert!(checked > 30, "{checked} entries checked");
}

/// Every boilerplate entry removes text from its example line in
/// tests/data/lexicon_examples/boilerplate.csv — exactly the text of its `removes` cell where
/// there is one (a `runin` or `embed` entry, whose extent is what it is for).
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
        let removed: Vec<&str> = cut.iter().map(|&(s, e)| text[s..e].trim()).collect();
        let want = row.get("removes").map_or("", String::as_str);
        if !want.is_empty() && removed.join(" | ") != want {
            failures.push(format!(
                "`{}` removes {removed:?} from {:?}, not {want:?}",
                e.pattern, row["example"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
