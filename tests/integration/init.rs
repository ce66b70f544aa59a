//! `slant init` and running outside the repository: the default lexicons are built into slant.

use crate::common::{root, slant};
use std::fs;
use tempfile::TempDir;

#[test]
fn a_run_where_there_is_no_lexicons_folder_uses_the_built_in_ones() {
    let here = TempDir::new().unwrap();
    let o = slant()
        .current_dir(here.path())
        .arg("score")
        .arg(root().join("seeds"))
        .args(["--out", "rep"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("no lexicons/ folder here: using the default lexicons built into slant"));
    for f in ["articles.csv", "hits.csv", "quotes.csv", "outlets.csv"] {
        assert!(
            fs::read(here.path().join("rep").join(f)).unwrap()
                == fs::read(root().join("reports").join(f)).unwrap(),
            "{f} differs from the reports made with lexicons/"
        );
    }
    // An explicit folder that does not exist is an error, not the built-in lexicons.
    let o = slant()
        .current_dir(here.path())
        .arg("score")
        .arg(root().join("seeds"))
        .args(["--lexicons", "my-lexicons", "--out", "rep2"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn init_writes_the_lexicons_out_once() {
    let here = TempDir::new().unwrap();
    let o = slant()
        .current_dir(here.path())
        .args(["init", "mine"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        fs::read(here.path().join("mine/attribution.csv")).unwrap(),
        fs::read(root().join("src/lexicon/defaults/attribution.csv")).unwrap()
    );
    // The README it writes works where it is written: no link into slant's repository (issue
    // 28 found `../docs/lexicons.md`, broken outside it).
    let readme = fs::read_to_string(here.path().join("mine/README.md")).unwrap();
    assert!(!readme.contains("](../"), "{readme}");
    assert!(readme.contains("slant help lexicons"));
    let o = slant()
        .current_dir(here.path())
        .args(["check", "mine"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let o = slant()
        .current_dir(here.path())
        .args(["init", "mine"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("never overwrites"));
}
