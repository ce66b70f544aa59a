//! Micro-benchmarks of the per-token stages on the seeds: tokenizing (with quotes and sentences)
//! and matching every default lexicon. Run with `cargo bench --bench text`; the whole-program
//! figures are scripts/bench.py's (docs/performance.md).

use slant::lexicon::load_dir;
use slant::matcher::Matcher;
use slant::text::boilerplate::Boilerplate;
use slant::text::Doc;
use std::path::Path;

fn main() {
    divan::main();
}

fn seeds() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a seed"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Boilerplate, quotes, tokens and sentences of the five seeds (17 KB).
#[divan::bench]
fn analyze(bencher: divan::Bencher) {
    let text = seeds();
    let mut doc = Doc::default();
    let boilerplate = Boilerplate::default();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench_local(|| {
            doc.analyze(divan::black_box(&text), &boilerplate);
            doc.tokens.len()
        });
}

/// Matching every default lexicon against the analysed seeds.
#[divan::bench]
fn match_default_lexicons(bencher: divan::Bencher) {
    let text = seeds();
    let set = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons")).expect("lexicons/");
    let matcher = Matcher::new(&set);
    let mut doc = Doc::default();
    doc.analyze(&text, &Boilerplate::new(&set.boilerplate_rules()));
    let mut hits = Vec::new();
    let mut scratch = slant::matcher::Scratch::default();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench_local(|| {
            matcher.find_with(&text, &doc, &mut hits, &mut scratch);
            hits.len()
        });
}
