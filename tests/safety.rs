//! The guarantees under hostile and careless use (issue 13): a user's files are never overwritten
//! or deleted, and `--out` holds one run's reports, never a mix of two. Each test fails without
//! the fix it names (docs/reliability.md lists them).

#[allow(dead_code)] // each test file uses part of the helpers
mod common;

use common::{root, slant};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// Runs `slant score` with `args` from the project root; returns exit code and stderr.
fn score(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let o = slant().arg("score").args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// Every file under `dir` with its bytes, for before/after comparisons.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn an_out_that_is_the_lexicon_folder_is_refused_and_the_lexicons_are_untouched() {
    let t = TempDir::new().unwrap();
    let lex = t.path().join("lexicons");
    copy_dir(&root().join("lexicons"), &lex);
    let before = snapshot(&lex);
    let (code, err) = score(&[
        os("seeds"),
        os("--lexicons"),
        lex.as_os_str(),
        os("--out"),
        lex.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("is the lexicon folder"), "{err}");
    assert_eq!(snapshot(&lex), before);
}

#[test]
fn an_out_that_holds_the_corpus_is_refused_and_the_corpus_is_untouched() {
    let t = TempDir::new().unwrap();
    // A CSV corpus named like a report, in the folder given as --out.
    let corpus = t.path().join("articles.csv");
    fs::write(
        &corpus,
        "id,outlet,text\na,X,Officials said the plan works.\n",
    )
    .unwrap();
    let (code, err) = score(&[corpus.as_os_str(), os("--out"), t.path().as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("holds an input"), "{err}");
    assert!(fs::read_to_string(&corpus)
        .unwrap()
        .starts_with("id,outlet,text"));
}

#[test]
fn an_out_inside_the_corpus_folder_is_refused() {
    let t = TempDir::new().unwrap();
    let corpus = t.path().join("corpus");
    copy_dir(&root().join("seeds"), &corpus);
    let out = corpus.join("reports");
    let (code, err) = score(&[corpus.as_os_str(), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("is inside an input"), "{err}");
    assert!(!out.exists(), "nothing is created in the corpus folder");
}

#[test]
fn the_root_of_the_file_system_is_refused() {
    let (code, err) = score(&[os("seeds"), os("--out"), os("/")]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("root of the file system"), "{err}");
}

#[test]
fn an_out_with_files_slant_did_not_write_is_refused_and_they_are_kept() {
    let t = TempDir::new().unwrap();
    let out = t.path().join("site");
    fs::create_dir(&out).unwrap();
    // A web folder: its own README.txt and index.html, and a notes file.
    for (f, text) in [
        ("README.txt", "my site"),
        ("index.html", "<p>home</p>"),
        ("notes.md", "mine"),
    ] {
        fs::write(out.join(f), text).unwrap();
    }
    let before = snapshot(&out);
    let (code, err) = score(&[os("seeds"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`notes.md`") && err.contains("slant did not write"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);

    // Without the notes, the names are slant's but no run.json says slant wrote them.
    fs::remove_file(out.join("notes.md")).unwrap();
    let before = snapshot(&out);
    let (code, err) = score(&[os("seeds"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no run.json"), "{err}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_new_run_replaces_every_file_of_the_last_one_and_leaves_nothing_beside_it() {
    let t = TempDir::new().unwrap();
    let out = t.path().join("reports");
    let (code, err) = score(&[os("seeds"), os("--quiet"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.join("hits.csv").exists());
    // A stale file of the same name in the old folder cannot survive: the folder is replaced.
    let (code, err) = score(&[
        os("seeds"),
        os("--quiet"),
        os("--no-hits"),
        os("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.join("hits.csv").exists());
    assert!(out.join("articles.csv").exists());
    let beside: Vec<String> = fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["reports"]);
}

#[test]
fn a_second_run_into_a_folder_being_written_is_refused_and_changes_nothing() {
    let t = TempDir::new().unwrap();
    let out = t.path().join("reports");
    let (code, _) = score(&[os("seeds"), os("--quiet"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(0));
    let before = snapshot(&out);
    // Stand in for a running slant: hold the folder's lock.
    let held = slant::outdir::OutDir::open(&out, &slant::outdir::Inputs::default()).unwrap();
    let (code, err) = score(&[os("seeds"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("another slant run is writing to"), "{err}");
    assert_eq!(snapshot(&out), before);
    drop(held);
    let (code, err) = score(&[os("seeds"), os("--quiet"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn what_a_killed_run_left_beside_the_folder_is_removed_by_the_next() {
    let t = TempDir::new().unwrap();
    let out = t.path().join("reports");
    // As a run killed in another container would leave it (process 1).
    let left = t.path().join(".reports.slant-new-1-17f0");
    fs::create_dir(&left).unwrap();
    fs::write(left.join("articles.csv"), "half").unwrap();
    // Another folder's leftovers are not this run's to remove.
    let other = t.path().join(".other.slant-new-1-17f0");
    fs::create_dir(&other).unwrap();
    let (code, err) = score(&[os("seeds"), os("--quiet"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!left.exists());
    assert!(other.exists());
}

#[test]
fn a_symlinked_out_stays_a_symlink() {
    let t = TempDir::new().unwrap();
    let real = t.path().join("real");
    fs::create_dir(&real).unwrap();
    let link = t.path().join("reports");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, err) = score(&[os("seeds"), os("--quiet"), os("--out"), link.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(real.join("articles.csv").exists());
}

#[test]
fn merge_refuses_an_out_that_is_one_of_its_shards() {
    let t = TempDir::new().unwrap();
    let a = t.path().join("a");
    let b = t.path().join("b");
    for (k, d) in [("1/2", &a), ("2/2", &b)] {
        let (code, err) = score(&[
            os("seeds"),
            os("--quiet"),
            os("--shard"),
            os(k),
            os("--out"),
            d.as_os_str(),
        ]);
        assert_eq!(code, Some(0), "{err}");
    }
    let before = snapshot(&a);
    let o = slant()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("--out")
        .arg(&a)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is an input"));
    assert_eq!(snapshot(&a), before);
}
