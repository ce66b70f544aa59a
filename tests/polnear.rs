//! slant measured against a peer's gold standard: PolNeAR's train split (2016 US election
//! coverage by seven publishers, every attribution annotated as source, cue and content;
//! github.com/networkdynamics/PolNeAR). tests/data/polnear/ holds the byte spans of the
//! attributions of 210 of its 840 train articles (30 per publisher), each text's SHA-256 and the
//! texts themselves (texts.jsonl.gz; tests/data/polnear/README.md says why and where from).
//! Where that file has been removed, the texts come from a checkout, `python3
//! scripts/polnear.py fetch` (target/polnear/PolNeAR, or `SLANT_POLNEAR=DIR`); without either
//! the test says so and passes, unless `SLANT_POLNEAR_REQUIRED` is set (CI sets it).
//!
//! `cargo test --release --test polnear -- --nocapture` prints the three figures of issue 27 per
//! publisher and overall, as `scripts/polnear.py score --subset` does (whose docstring defines
//! them; `--misses` there prints every disagreement in context). Each figure has a floor a little
//! under its value when the test was written, so that a change of rules or lexicons that loses
//! ground on text nobody tuned on fails here.

mod common;

use common::{read_csv, root, slant};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

type Row = HashMap<String, String>;
type Span = (usize, usize);

/// PolNeAR's publisher codes and the outlet names the corpus gives them (as scripts/polnear.py).
const PUBLISHERS: [(&str, &str); 7] = [
    ("breitbart", "Breitbart"),
    ("huff-post", "Huffington Post"),
    ("nyt", "New York Times"),
    ("politico", "Politico"),
    ("usa-today", "USA Today"),
    ("wash-post", "Washington Post"),
    ("west-journal", "Western Journalism"),
];

/// The floors of (cue of a quotation counted, attribution hits that are a cue, quotation's
/// speaker found): overall 0.02 under the values after issue 27's senses and speaker rules
/// (2026-12-07: 0.863, 0.794, 0.834, then 0.840 for speakers; they were 0.816, 0.782, 0.765
/// before; 2026-12-08, speakers as written: 0.863), each publisher 0.04 under its own, rounded
/// down.
const FLOORS: [(&str, [f64; 3]); 8] = [
    ("all", [0.84, 0.77, 0.83]),
    ("Breitbart", [0.80, 0.74, 0.81]),
    ("Huffington Post", [0.72, 0.66, 0.75]),
    ("New York Times", [0.85, 0.79, 0.85]),
    ("Politico", [0.84, 0.75, 0.82]),
    ("USA Today", [0.81, 0.79, 0.82]),
    ("Washington Post", [0.81, 0.76, 0.80]),
    ("Western Journalism", [0.84, 0.72, 0.82]),
];

const NAMES: [&str; 3] = [
    "cue of a quotation counted",
    "attribution hits that are a cue",
    "quotation's speaker found",
];

/// Words that a speaker and a source may share without naming the same one.
const NOT_WORDS: [&str; 14] = [
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
];

struct Attribution {
    source: Vec<Span>,
    cue: Vec<Span>,
    content: Vec<Span>,
    quotation: bool,
}

fn spans(cell: &str) -> Vec<Span> {
    cell.split(';')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (s, e) = p.split_once('-').unwrap();
            (s.parse().unwrap(), e.parse().unwrap())
        })
        .collect()
}

fn span(r: &Row) -> Span {
    (r["start"].parse().unwrap(), r["end"].parse().unwrap())
}

fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Runs of letters and digits (an apostrophe between two of them inside the run), lower-cased,
/// a trailing 's dropped, function words left out: scripts/polnear.py's `words`.
fn words(s: &str) -> HashSet<String> {
    let chars: Vec<char> = s.to_lowercase().chars().collect();
    let mut out = HashSet::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let joins = matches!(c, '\'' | '’')
            && !word.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            word.push(c);
            continue;
        }
        push_word(&mut out, &mut word);
    }
    push_word(&mut out, &mut word);
    out
}

fn push_word(out: &mut HashSet<String>, word: &mut String) {
    let w = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    if !w.is_empty() && !NOT_WORDS.contains(&w) {
        out.insert(w.to_string());
    }
    word.clear();
}

/// Right and all of the three figures, per outlet and "all".
#[derive(Default)]
struct Tally(BTreeMap<String, [(usize, usize); 3]>);

impl Tally {
    fn add(&mut self, outlet: &str, figure: usize, right: bool) {
        for key in [outlet, "all"] {
            let cell = &mut self.0.entry(key.to_string()).or_default()[figure];
            cell.0 += usize::from(right);
            cell.1 += 1;
        }
    }

    fn value(&self, key: &str, figure: usize) -> f64 {
        let (right, all) = self.0.get(key).map_or((0, 0), |f| f[figure]);
        if all == 0 {
            0.0
        } else {
            right as f64 / all as f64
        }
    }
}

/// The PolNeAR checkout the texts come from, if there is one.
fn checkout() -> Option<PathBuf> {
    let dir = std::env::var_os("SLANT_POLNEAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/polnear/PolNeAR"));
    dir.join("data/train/text").is_dir().then_some(dir)
}

/// The subset's texts by article id: the committed texts.jsonl.gz, or else the checkout's files.
fn texts(ids: &[&str]) -> Option<HashMap<String, Vec<u8>>> {
    use std::io::BufRead;
    let packed = root().join("tests/data/polnear/texts.jsonl.gz");
    if let Ok(f) = std::fs::File::open(&packed) {
        let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(f)).lines();
        let mut out = HashMap::new();
        for line in lines {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let text = v["text"].as_str().unwrap().as_bytes().to_vec();
            out.insert(v["id"].as_str().unwrap().to_owned(), text);
        }
        return Some(out);
    }
    let polnear = checkout()?;
    Some(
        ids.iter()
            .map(|id| {
                let path = polnear.join(format!("data/train/text/{id}.txt"));
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                (id.to_string(), bytes)
            })
            .collect(),
    )
}

#[test]
fn slant_agrees_with_polnear_train() {
    let data = root().join("tests/data/polnear");
    let articles = read_csv(&data.join("articles.csv"));
    let ids: Vec<&str> = articles.iter().map(|a| a["article_id"].as_str()).collect();
    let Some(texts) = texts(&ids) else {
        let why = "no tests/data/polnear/texts.jsonl.gz and no PolNeAR checkout \
                   (target/polnear/PolNeAR or SLANT_POLNEAR): run `python3 scripts/polnear.py \
                   fetch` to measure slant against PolNeAR";
        assert!(
            std::env::var_os("SLANT_POLNEAR_REQUIRED").is_none(),
            "{why}"
        );
        eprintln!("skipped: {why}");
        return;
    };
    let outlet_of: HashMap<&str, &str> = PUBLISHERS.into_iter().collect();

    // The corpus: each committed article's text from the checkout, checked against its hash.
    let out = tempfile::tempdir().unwrap();
    let corpus = out.path().join("corpus.jsonl");
    let mut jsonl = String::new();
    let mut outlet = HashMap::new();
    let mut id_of = HashMap::new();
    for a in &articles {
        let id = &a["article_id"];
        let bytes = texts
            .get(id.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("{id}: no text"));
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hash, a["sha256"],
            "{id}: not the text tests/data/polnear/ was made from"
        );
        let record = serde_json::json!({
            "id": id,
            "outlet": outlet_of[a["publisher"].as_str()],
            "date": a["date"],
            "text": String::from_utf8(bytes).unwrap(),
        });
        writeln!(jsonl, "{record}").unwrap();
        outlet.insert(id.clone(), outlet_of[a["publisher"].as_str()]);
        id_of.insert(a["article"].clone(), id.clone());
    }
    std::fs::write(&corpus, jsonl).unwrap();
    let mut gold: HashMap<String, Vec<Attribution>> = HashMap::new();
    for r in read_csv(&data.join("attributions.csv")) {
        gold.entry(id_of[&r["article"]].clone())
            .or_default()
            .push(Attribution {
                source: spans(&r["source"]),
                cue: spans(&r["cue"]),
                content: spans(&r["content"]),
                quotation: r["quotation"] == "true",
            });
    }

    let reports = out.path().join("reports");
    slant()
        .args(["score", "--quiet", "--no-cache", "--out"])
        .arg(&reports)
        .arg(&corpus)
        .assert()
        .success();
    let hits: Vec<Row> = read_csv(&reports.join("hits.csv"))
        .into_iter()
        .filter(|h| h["lexicon"] == "attribution")
        .collect();
    let quotes = read_csv(&reports.join("quotes.csv"));
    let none = Vec::new();
    let mut tally = Tally::default();

    // 1. The cue of each attribution that carries a quotation, counted as an attribution hit.
    for (id, atts) in &gold {
        for g in atts.iter().filter(|g| g.quotation && !g.cue.is_empty()) {
            let right = hits
                .iter()
                .any(|h| &h["article_id"] == id && g.cue.iter().any(|&c| overlaps(span(h), c)));
            tally.add(outlet[id], 0, right);
        }
    }
    // 2. Each attribution hit, a PolNeAR cue (of any attribution).
    for h in &hits {
        let id = &h["article_id"];
        let right = gold
            .get(id)
            .unwrap_or(&none)
            .iter()
            .any(|g| g.cue.iter().any(|&c| overlaps(span(h), c)));
        tally.add(outlet[id.as_str()], 1, right);
    }
    // 3. Each quotation inside a PolNeAR quotation with a source (the one it overlaps most): its
    // speaker shares a word with the source.
    for q in &quotes {
        let id = &q["article_id"];
        let qs = span(q);
        let overlap = |g: &Attribution| -> usize {
            g.content
                .iter()
                .map(|&(s, e)| e.min(qs.1).saturating_sub(s.max(qs.0)))
                .sum()
        };
        let mut best: Option<(&Attribution, usize)> = None;
        for g in gold.get(id).unwrap_or(&none) {
            let o = overlap(g);
            if g.quotation && !g.source.is_empty() && o > best.map_or(0, |b| b.1) {
                best = Some((g, o));
            }
        }
        let Some((g, _)) = best else { continue };
        let text = &texts[id];
        let source: Vec<String> = g
            .source
            .iter()
            .map(|&(s, e)| String::from_utf8_lossy(&text[s..e]).into_owned())
            .collect();
        let source = words(&source.join(" "));
        let ours: HashSet<String> = words(&q["speaker"])
            .union(&words(&q["speaker_resolved"]))
            .cloned()
            .collect();
        tally.add(outlet[id.as_str()], 2, !ours.is_disjoint(&source));
    }

    println!(
        "PolNeAR train, the committed subset ({} articles)\n",
        articles.len()
    );
    println!("| publisher | {} |", NAMES.join(" | "));
    println!("|---|---|---|---|");
    let mut failed = Vec::new();
    for (key, floors) in FLOORS.iter().skip(1).chain(FLOORS.iter().take(1)) {
        let cells: Vec<String> = (0..3)
            .map(|f| {
                let (right, all) = tally.0.get(*key).map_or((0, 0), |c| c[f]);
                format!("{:.3} ({right} / {all})", tally.value(key, f))
            })
            .collect();
        println!("| {key} | {} |", cells.join(" | "));
        for (f, floor) in floors.iter().enumerate() {
            let v = tally.value(key, f);
            if v < *floor {
                failed.push(format!("{key}, {}: {v:.3} < {floor:.2}", NAMES[f]));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
