//! Any bytes as a JSONL or CSV corpus: sources or skips, and every JSON record an article or a
//! reason; no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use slant::corpus::{parse_json, records_from_bytes, Source};

fuzz_target!(|data: &[u8]| {
    for csv in [false, true] {
        for s in records_from_bytes(data, csv, 1 << 16).unwrap_or_default() {
            if let Source::Json { origin, bytes, shape } = s {
                let _ = parse_json(&origin, &bytes, &shape);
            }
        }
    }
});
