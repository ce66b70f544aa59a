//! Any bytes as a lexicon file (CSV, LIWC .dic, quanteda YAML): a lexicon or errors, no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = slant::lexicon::parse_lexicon(Path::new("fuzz.csv"), data);
    let _ = slant::lexicon::parse_dic(Path::new("fuzz.dic"), data);
    let _ = slant::lexicon::parse_yaml(Path::new("fuzz.yml"), data);
});
