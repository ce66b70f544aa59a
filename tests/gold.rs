//! slant measured against the gold standard (tests/data/gold/, made by hand: scripts/gold.py):
//! 45 real news articles of nine outlets with every quotation (span, kind, speaker, party, cue)
//! and every candidate attribution or hedge word judged in context.
//!
//! `cargo test --release --test gold -- --nocapture` prints the figures docs/metrics.md quotes,
//! for each part of the gold (tests/data/gold/split.csv: 27 `dev` articles, which rules are
//! tuned against, and 18 `test` articles, scored only to report) and for all 45. Each figure has
//! a floor, applied to the dev part, below which the test fails: the goal issue 12 set for it
//! (docs/metrics.md, "Quotations and speakers", gives the figures and the known failures). The
//! floor is not applied to the test part, nor to all 45, which hold it: a floor there is a
//! target that rules would end up tuned to, and the test part would no longer measure text the
//! rules were not tuned on (its 5 scare quotes move its recall by 0.2 each). `GOLD_MISSES=1` prints every disagreement in a dev article in context; the test
//! articles' disagreements are counted, never printed.

mod common;

use common::{root, slant};
use std::collections::HashMap;
use std::path::Path;

type Row = HashMap<String, String>;

fn read_csv(path: &Path) -> Vec<Row> {
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

fn span(r: &Row) -> (usize, usize) {
    (r["start"].parse().unwrap(), r["end"].parse().unwrap())
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Prints a disagreement in a dev article with its sentence when GOLD_MISSES is set; one in a
/// test article is only counted.
struct Misses<'a> {
    on: bool,
    texts: &'a HashMap<String, String>,
    parts: &'a HashMap<String, Part>,
    withheld: usize,
}

impl Misses<'_> {
    fn show(&mut self, what: &str, r: &Row, note: &str) {
        if !self.on {
            return;
        }
        if self.parts[&r["article_id"]] == Part::Test {
            self.withheld += 1;
            return;
        }
        let text = &self.texts[&r["article_id"]];
        let (s, e) = span(r);
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let from = floor(s.saturating_sub(120));
        let to = floor((e + 80).min(text.len()));
        let context =
            format!("{}[{}]{}", &text[from..s], &text[s..e], &text[e..to]).replace('\n', " / ");
        println!("{what} | {} {s} | {note}\n    {context}", r["article_id"]);
    }
}

/// The part of the gold an article is in (tests/data/gold/split.csv).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Dev,
    Test,
}

/// The gold's split: article id → part.
fn split(path: &Path) -> HashMap<String, Part> {
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap();
    rdr.deserialize::<(String, String, String)>()
        .map(|r| {
            let (id, _outlet, part) = r.unwrap();
            let part = match part.as_str() {
                "dev" => Part::Dev,
                "test" => Part::Test,
                other => panic!("split.csv: {id} is in part {other:?}"),
            };
            (id, part)
        })
        .collect()
}

/// Right and all of one figure, in the dev part ([0]) and the test part ([1]).
#[derive(Default)]
struct Tally {
    right: [usize; 2],
    all: [usize; 2],
}

impl Tally {
    fn add(&mut self, part: Part, right: bool) {
        let i = usize::from(part == Part::Test);
        self.all[i] += 1;
        self.right[i] += usize::from(right);
    }

    /// (right, all) of the dev part, the test part, and both.
    fn parts(&self) -> [(usize, usize); 3] {
        [
            (self.right[0], self.all[0]),
            (self.right[1], self.all[1]),
            (self.right[0] + self.right[1], self.all[0] + self.all[1]),
        ]
    }
}

fn share((right, all): (usize, usize)) -> f64 {
    if all == 0 {
        0.0
    } else {
        right as f64 / all as f64
    }
}

/// A share and its parts, printed as "0.953 (122 / 128)" for each part of the gold.
struct Figure {
    name: &'static str,
    tally: Tally,
    floor: f64,
    goal: f64,
}

impl Figure {
    /// The figure on the development part, which the floor applies to.
    fn value(&self) -> f64 {
        share(self.tally.parts()[0])
    }
}

/// The per-outlet table: three figures of all 45 articles, and each one's spread (the highest
/// outlet's share less the lowest's).
fn print_by_outlet(by_outlet: &std::collections::BTreeMap<String, [(usize, usize); 3]>) {
    println!("\nper outlet (all 45 articles, five an outlet):\n");
    println!("| outlet | cues of quotations counted | actor of a quotation's cue is its speaker's party | attribution hits in the annotated category |");
    println!("|---|---|---|---|");
    for (outlet, cells) in by_outlet {
        let cells: Vec<String> = cells
            .iter()
            .map(|&c| format!("{:.2} ({} / {})", share(c), c.0, c.1))
            .collect();
        println!("| {outlet} | {} |", cells.join(" | "));
    }
    let spread = |k: usize| {
        let shares = by_outlet
            .values()
            .filter(|c| c[k].1 > 0)
            .map(|c| share(c[k]));
        let (lo, hi) = shares.fold((1.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        hi - lo
    };
    println!(
        "| spread (highest − lowest) | {:.2} | {:.2} | {:.2} |\n",
        spread(0),
        spread(1),
        spread(2)
    );
}

#[test]
fn slant_agrees_with_the_gold_standard() {
    let gold = root().join("tests/data/gold");
    let out = tempfile::tempdir().unwrap();
    slant()
        .args(["score", "--quiet", "--out"])
        .arg(out.path())
        .arg(gold.join("articles.jsonl"))
        .assert()
        .success();
    let hits = read_csv(&out.path().join("hits.csv"));
    let ours = read_csv(&out.path().join("quotes.csv"));
    let records: Vec<serde_json::Value> = std::fs::read_to_string(gold.join("articles.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let field = |v: &serde_json::Value, k: &str| -> String { v[k].as_str().unwrap().into() };
    let texts: HashMap<String, String> = records
        .iter()
        .map(|v| (field(v, "id"), field(v, "text")))
        .collect();
    let outlet_of: HashMap<String, String> = records
        .iter()
        .map(|v| (field(v, "id"), field(v, "outlet")))
        .collect();
    // Per outlet, on all 45 (counts only: the test part is not read hit by hit): whether the
    // rules' errors differ by outlet, which an outlet comparison cannot survive (issue 27).
    let mut by_outlet: std::collections::BTreeMap<String, [(usize, usize); 3]> = Default::default();
    let mut per_outlet = |article: &str, figure: usize, right: bool| {
        let cell = &mut by_outlet.entry(outlet_of[article].clone()).or_default()[figure];
        cell.0 += usize::from(right);
        cell.1 += 1;
    };
    let parts = split(&gold.join("split.csv"));
    assert_eq!(
        parts.keys().collect::<std::collections::BTreeSet<_>>(),
        texts.keys().collect(),
        "split.csv names every gold article once"
    );
    // GOLD_MISSES=1 prints every disagreement of a dev article in context, to see what to mend
    // next.
    let mut misses = Misses {
        on: std::env::var_os("GOLD_MISSES").is_some(),
        texts: &texts,
        parts: &parts,
        withheld: 0,
    };
    let quotes = read_csv(&gold.join("quotes_gold.csv"));
    let words = read_csv(&gold.join("words_gold.csv"));
    let by_article = |rows: &[Row]| {
        let mut m: HashMap<String, Vec<Row>> = HashMap::new();
        for r in rows {
            m.entry(r["article_id"].clone())
                .or_default()
                .push(r.clone());
        }
        m
    };
    let gold_quotes = by_article(&quotes);
    let none = Vec::new();
    let in_gold_quote = |article: &str, pos: usize| {
        gold_quotes.get(article).unwrap_or(&none).iter().any(|q| {
            let (s, e) = span(q);
            s <= pos && pos < e
        })
    };

    let part = |r: &Row| parts[&r["article_id"]];

    // 1. A hit's in_quote against the annotated quotations (any kind).
    let mut in_quote = Tally::default();
    for h in hits.iter().filter(|h| h["lexicon"] != "scare_quotes") {
        let right = (h["in_quote"] == "true") == in_gold_quote(&h["article_id"], span(h).0);
        in_quote.add(part(h), right);
    }

    // 2. Scare quotes: slant's against the annotated ones, matched by overlap.
    let scare: Vec<&Row> = hits
        .iter()
        .filter(|h| h["lexicon"] == "scare_quotes")
        .collect();
    let gold_scare: Vec<&Row> = quotes.iter().filter(|q| q["kind"] == "scare").collect();
    let mut scare_precision = Tally::default();
    for h in &scare {
        let right = gold_scare
            .iter()
            .any(|q| q["article_id"] == h["article_id"] && overlaps(span(q), span(h)));
        scare_precision.add(part(h), right);
        if !right {
            let kind = quotes
                .iter()
                .find(|q| q["article_id"] == h["article_id"] && overlaps(span(q), span(h)))
                .map_or("no quotation", |q| q["kind"].as_str());
            misses.show("scare quote that is not", h, &format!("gold: {kind}"));
        }
    }
    let mut scare_recall = Tally::default();
    for q in &gold_scare {
        let found = scare
            .iter()
            .any(|h| q["article_id"] == h["article_id"] && overlaps(span(q), span(h)));
        scare_recall.add(part(q), found);
        if !found {
            let ours = ours
                .iter()
                .find(|o| o["article_id"] == q["article_id"] && overlaps(span(q), span(o)))
                .map_or("no quotation".to_string(), |o| {
                    format!(
                        "{} speaker {:?} cue {:?}",
                        o["kind"], o["speaker"], o["cue"]
                    )
                });
            misses.show("scare quote missed", q, &format!("slant: {ours}"));
        }
    }

    // 3. and 4. The cue of each quotation: counted as an attribution, and linked to the party
    // of the quotation's speaker (blank when the speaker is no listed party).
    let attribution_at = |article: &str, s: usize, e: usize| {
        hits.iter().find(|h| {
            h["lexicon"] == "attribution" && h["article_id"] == article && overlaps(span(h), (s, e))
        })
    };
    let (mut cues_counted, mut actor_right) = (Tally::default(), Tally::default());
    for q in &quotes {
        let (Ok(s), Ok(e)) = (
            q["cue_start"].parse::<usize>(),
            q["cue_end"].parse::<usize>(),
        ) else {
            continue;
        };
        let mut cue = q.clone();
        cue.insert("start".into(), s.to_string());
        cue.insert("end".into(), e.to_string());
        let hit = attribution_at(&q["article_id"], s, e);
        cues_counted.add(part(q), hit.is_some());
        per_outlet(&q["article_id"], 0, hit.is_some());
        if let Some(h) = hit {
            let right = h["actor"] == q["party"];
            actor_right.add(part(q), right);
            per_outlet(&q["article_id"], 1, right);
            if !right {
                let said = ours
                    .iter()
                    .find(|o| o["article_id"] == q["article_id"] && overlaps(span(q), span(o)))
                    .map_or(String::new(), |o| format!(" (speaker {:?})", o["speaker"]));
                misses.show(
                    "actor of cue",
                    &cue,
                    &format!(
                        "gold: {:?} is {:?}; slant: {:?}{said}",
                        q["speaker"], q["party"], h["actor"]
                    ),
                );
            }
        } else {
            misses.show(
                "cue not counted",
                &cue,
                &format!("gold: {}", q["cue_category"]),
            );
        }
    }

    // 5. and 6. Candidate words: look-alikes not counted; attribution words counted in the
    // category the annotator gave them.
    let attribution_categories = ["neutral", "distancing", "endorsing", "accusing"];
    let (mut lookalikes_left, mut category_right) = (Tally::default(), Tally::default());
    for w in &words {
        let (s, e) = span(w);
        let counted = hits.iter().find(|h| {
            matches!(h["lexicon"].as_str(), "attribution" | "hedging")
                && h["article_id"] == w["article_id"]
                && overlaps(span(h), (s, e))
        });
        let category = w["category"].as_str();
        if category == "none" {
            lookalikes_left.add(part(w), counted.is_none());
            if let Some(h) = counted {
                misses.show(
                    "look-alike counted",
                    w,
                    &format!("{}.{}", h["lexicon"], h["category"]),
                );
            }
        }
        if let Some(h) = counted.filter(|h| h["lexicon"] == "attribution") {
            if category == "none" || attribution_categories.contains(&category) {
                let right = h["category"] == category;
                category_right.add(part(w), right);
                per_outlet(&w["article_id"], 2, right);
                if !right && category != "none" {
                    misses.show(
                        "category",
                        w,
                        &format!("gold {category}, slant {}", h["category"]),
                    );
                }
            }
        }
    }

    let figures = [
        Figure {
            name: "hits whose in_quote agrees with the annotation",
            tally: in_quote,
            floor: 0.95,
            goal: 0.95,
        },
        Figure {
            name: "scare quotes: precision",
            tally: scare_precision,
            floor: 0.70,
            goal: 0.70,
        },
        Figure {
            name: "scare quotes: recall",
            tally: scare_recall,
            floor: 0.60,
            goal: 0.60,
        },
        Figure {
            name: "cues of quotations counted as attributions",
            tally: cues_counted,
            floor: 0.90,
            goal: 0.90,
        },
        Figure {
            name: "actor of a quotation's cue is its speaker's party",
            tally: actor_right,
            floor: 0.85,
            goal: 0.85,
        },
        Figure {
            name: "look-alikes not counted",
            tally: lookalikes_left,
            floor: 0.80,
            goal: 0.80,
        },
        Figure {
            name: "attribution hits in the annotated category",
            tally: category_right,
            floor: 0.85,
            goal: 0.85,
        },
    ];
    if misses.withheld > 0 {
        println!(
            "({} disagreements in test articles not shown: the test part is scored, never read)\n",
            misses.withheld
        );
    }
    let articles = |p: Part| parts.values().filter(|&&q| q == p).count();
    println!(
        "| figure | dev ({} articles) | test ({} articles) | all ({}) | goal |",
        articles(Part::Dev),
        articles(Part::Test),
        parts.len()
    );
    println!("|---|---|---|---|---|");
    for f in &figures {
        let cells: Vec<String> = f
            .tally
            .parts()
            .iter()
            .map(|&p| format!("{:.3} ({} / {})", share(p), p.0, p.1))
            .collect();
        println!("| {} | {} | {:.2} |", f.name, cells.join(" | "), f.goal);
    }
    print_by_outlet(&by_outlet);
    let failed: Vec<String> = figures
        .iter()
        .filter(|f| f.value() < f.floor)
        .map(|f| format!("{}: {:.3} < {:.2}", f.name, f.value(), f.floor))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
