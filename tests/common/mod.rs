//! Helpers shared by the integration test files.

use assert_cmd::Command;
use std::fs;
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `slant` binary, run from the repository's root.
pub fn slant() -> Command {
    let mut c = Command::cargo_bin("slant").unwrap();
    c.current_dir(root());
    c
}

/// The texts of the five seed articles, in file order.
pub fn seed_texts() -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect()
}
