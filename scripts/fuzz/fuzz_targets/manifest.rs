//! Any bytes as a folder's manifest.csv: rows or errors, no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = vec!["a.txt".to_string(), "sub/b.txt".to_string()];
    let _ = slant::corpus::manifest_from_bytes(data, &files);
});
