//! The guarantees under hostile and careless use (issue 13): a user's files are never overwritten
//! or deleted, and `--out` holds one run's reports, never a mix of two. Each test fails without
//! the fix it names (docs/reliability.md lists them).

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
    let held = slant::report::outdir::OutDir::open(&out, &slant::report::outdir::Inputs::default())
        .unwrap();
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

/// A small xorshift generator: the corruptions are the same on every run of the test.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Damages the rerun cache or the hits.csv it points into, one of several ways; returns what it
/// did.
fn corrupt(out: &Path, rng: &mut Rng) -> String {
    let (name, kind) = match rng.below(5) {
        0 | 1 => ("rerun-cache.bin", "flip"),
        2 => ("hits.csv", "flip"),
        3 => ("hits.csv", "edit"),
        _ => ("rerun-cache.bin", "truncate"),
    };
    let path = out.join(name);
    let mut bytes = fs::read(&path).unwrap();
    let at = rng.below(bytes.len());
    match kind {
        "flip" => bytes[at] ^= 1 << rng.below(8),
        // An edit in a spreadsheet: a digit or letter replaced, the length kept.
        "edit" => bytes[at] = if bytes[at] == b'7' { b'8' } else { b'7' },
        _ => bytes.truncate(at),
    }
    fs::write(&path, &bytes).unwrap();
    format!("{kind} {name} at {at}")
}

/// Issue 13: the rerun cache is not trusted blindly. Each damage of the cache or of the hits.csv
/// it points into gives, on the next run, exactly the reports of a fresh run, and no panic.
#[test]
fn a_damaged_rerun_cache_gives_the_reports_of_a_fresh_run() {
    let t = TempDir::new().unwrap();
    let fresh = t.path().join("fresh");
    let (code, err) = score(&[os("seeds"), os("--quiet"), os("--out"), fresh.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let expected = snapshot(&fresh);
    let out = t.path().join("reports");
    let mut rng = Rng(0x5eed_1234_abcd);
    let mut noted = 0;
    for round in 0..40 {
        if !out.exists() {
            copy_dir(&fresh, &out);
        }
        let what = corrupt(&out, &mut rng);
        let o = slant()
            .args(["score", "seeds", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "round {round}, {what}: {err}");
        assert!(!err.contains("panicked"), "round {round}, {what}: {err}");
        noted += usize::from(err.contains("note:"));
        assert!(
            snapshot(&out) == expected,
            "round {round}, {what}: the reports differ from a fresh run's"
        );
    }
    // Most damage is seen and said (a flip in a part of hits.csv no article points to, e.g. its
    // header, changes nothing the cache uses, and the new run writes hits.csv afresh anyway).
    assert!(noted >= 30, "only {noted} of 40 damages were noted");
}

/// Scores `corpus` as shard k/2 into `dir` with `extra` options.
fn shard(corpus: &Path, k: &str, dir: &Path, extra: &[&str]) {
    let o = slant()
        .arg("score")
        .arg(corpus)
        .args(["--quiet", "--shard", k, "--out"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `slant merge A B --out OUT`: exit code and stderr.
fn merge(a: &Path, b: &Path, out: &Path) -> (Option<i32>, String) {
    let o = slant()
        .arg("merge")
        .arg(a)
        .arg(b)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Two shards of the seeds, and a folder to merge them into.
fn two_shards(t: &TempDir) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    shard(&root().join("seeds"), "1/2", &a, &[]);
    shard(&root().join("seeds"), "2/2", &b, &[]);
    (a, b, t.path().join("merged"))
}

fn edit_json(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    f(&mut v);
    fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

#[test]
fn merge_refuses_shards_of_different_runs_or_changed_after_their_run() {
    let t = TempDir::new().unwrap();
    let (a, b, out) = two_shards(&t);
    let (code, err) = merge(&a, &b, &out);
    assert_eq!(code, Some(0), "the untouched shards merge: {err}");

    // Another --max-article-mb for one shard.
    let c = t.path().join("c");
    shard(&root().join("seeds"), "2/2", &c, &["--max-article-mb", "1"]);
    let (code, err) = merge(&a, &c, &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--max-article-mb"), "{err}");

    // The corpus changed between the shard runs: one more article.
    let corpus = t.path().join("corpus");
    copy_dir(&root().join("seeds"), &corpus);
    let (d, e) = (t.path().join("d"), t.path().join("e"));
    shard(&corpus, "1/2", &d, &[]);
    fs::write(
        corpus.join("late.txt"),
        "Officials said the talks went well.",
    )
    .unwrap();
    shard(&corpus, "2/2", &e, &[]);
    let (code, err) = merge(&d, &e, &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("corpus"), "{err}");

    // Counts tampered with in shard.json.
    let before = snapshot(&out);
    edit_json(&a.join("shard.json"), |v| {
        v["counts"]["scored"] = serde_json::json!(99);
    });
    let (code, err) = merge(&a, &b, &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("changed after its run"), "{err}");
    assert_eq!(snapshot(&out), before, "a refused merge changes nothing");
}

#[test]
fn merge_refuses_edited_rows_and_impossible_shards_without_a_panic() {
    let t = TempDir::new().unwrap();
    let (a, b, out) = two_shards(&t);
    // A row of articles.csv edited in a spreadsheet.
    let path = a.join("articles.csv");
    let text = fs::read_to_string(&path).unwrap().replacen(",0.", ",9.", 1);
    fs::write(&path, text).unwrap();
    let (code, err) = merge(&a, &b, &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("articles.csv changed since"), "{err}");

    // shard [5, 3] (the digest would refuse it too; the range is checked first).
    let (a, b, out) = {
        let t2 = t.path().join("second");
        fs::create_dir(&t2).unwrap();
        let (a, b) = (t2.join("a"), t2.join("b"));
        shard(&root().join("seeds"), "1/2", &a, &[]);
        shard(&root().join("seeds"), "2/2", &b, &[]);
        (a, b, t2.join("merged"))
    };
    edit_json(&a.join("shard.json"), |v| {
        v["shard"] = serde_json::json!([5, 3]);
    });
    let (code, err) = merge(&a, &b, &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not a possible shard"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let (code, err) = score(&[
        os("seeds"),
        os("--shard"),
        os("1/18446744073709551615"),
        os("--out"),
        t.path().join("huge").as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("at most"), "{err}");
}

/// A copy of the default lexicons with `line` appended to `file`.
fn lexicons_with(t: &TempDir, file: &str, line: &str) -> std::path::PathBuf {
    let lex = t.path().join("lexicons");
    copy_dir(&root().join("lexicons"), &lex);
    let mut text = fs::read_to_string(lex.join(file)).unwrap();
    text.push_str(line);
    fs::write(lex.join(file), text).unwrap();
    lex
}

#[test]
fn a_category_named_like_a_metric_is_refused_by_score_and_check() {
    for (file, line, column) in [
        ("tone.csv", "zzzword,author,1,no,\n", "tone.author"),
        ("hedging.csv", "zzzword,share,1,no,\n", "hedging.share"),
    ] {
        let t = TempDir::new().unwrap();
        let lex = lexicons_with(&t, file, line);
        let out = t.path().join("out");
        let (code, err) = score(&[
            os("seeds"),
            os("--lexicons"),
            lex.as_os_str(),
            os("--out"),
            out.as_os_str(),
        ]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(&format!("two columns named `{column}`")),
            "{err}"
        );
        let o = slant().arg("check").arg(&lex).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains(column));
    }
}

#[test]
fn manifest_columns_that_clash_or_would_be_formulas_are_refused() {
    for (column, expect) in [
        ("tone", "two columns named `tone`"),
        ("article_id", "two columns named `article_id`"),
        ("=HYPERLINK(1)", "would be run as a formula"),
    ] {
        let t = TempDir::new().unwrap();
        let corpus = t.path().join("corpus");
        copy_dir(&root().join("seeds"), &corpus);
        let manifest = fs::read_to_string(corpus.join("manifest.csv")).unwrap();
        let mut lines = manifest.lines();
        let header = lines.next().unwrap();
        let mut text = format!("{header},\"{}\"\n", column.replace('"', "\"\""));
        for l in lines {
            text.push_str(l);
            text.push_str(",x\n");
        }
        fs::write(corpus.join("manifest.csv"), text).unwrap();
        let out = t.path().join("out");
        let (code, err) = score(&[corpus.as_os_str(), os("--out"), out.as_os_str()]);
        assert_eq!(code, Some(2), "{column}: {err}");
        assert!(err.contains(expect), "{column}: {err}");
    }
}

/// `=x` and `'=x` are different titles and read back as such: neutralization is reversible.
#[test]
fn neutralized_cells_read_back_as_they_were() {
    let t = TempDir::new().unwrap();
    let corpus = t.path().join("c.csv");
    fs::write(
        &corpus,
        "id,outlet,title,text\na,X,=x,Officials said the plan works.\nb,X,'=x,Officials said the plan works.\nc,X,'plain,Officials said so.\n",
    )
    .unwrap();
    let out = t.path().join("out");
    let (code, err) = score(&[
        corpus.as_os_str(),
        os("--quiet"),
        os("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let mut rdr = csv::Reader::from_path(out.join("articles.csv")).unwrap();
    let titles: Vec<String> = rdr
        .records()
        .map(|r| r.unwrap().get(2).unwrap().to_owned())
        .collect();
    assert_eq!(titles, ["'=x", "''=x", "''plain"]);
    let back: Vec<&str> = titles
        .iter()
        .map(|t| slant::report::cells::unsafe_cell(t))
        .collect();
    assert_eq!(back, ["=x", "'=x", "'plain"]);
}

fn mkfifo(path: &Path) {
    let o = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(o.success());
}

fn skipped_reasons(out: &Path) -> Vec<(String, String)> {
    let mut rdr = csv::Reader::from_path(out.join("skipped.csv")).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[3].to_owned())
        })
        .collect()
}

/// Issue 13: a FIFO or a device among the inputs never hangs a run or fills memory; a link to a
/// file outside the corpus folder is not read. Each is skipped (or refused) with its reason.
#[test]
fn fifos_devices_and_links_outside_the_folder_are_not_read() {
    let t = TempDir::new().unwrap();
    let corpus = t.path().join("corpus");
    copy_dir(&root().join("seeds"), &corpus);
    mkfifo(&corpus.join("fifo.txt"));
    let secret = t.path().join("secret.txt");
    fs::write(&secret, "Officials said the secret plan works.").unwrap();
    std::os::unix::fs::symlink(&secret, corpus.join("outside.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.txt")).unwrap();
    // A link inside the folder is read as the file it points to.
    std::os::unix::fs::symlink(
        corpus.join("000_b99c8621696b3fd8.txt"),
        corpus.join("inside.txt"),
    )
    .unwrap();
    let out = t.path().join("out");
    let o = slant()
        .arg("score")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("symbolic links to files outside the folder"),
        "{err}"
    );
    let skipped = skipped_reasons(&out);
    let reason = |id: &str| {
        skipped
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    assert!(
        reason("fifo").contains("not a regular file (a FIFO)"),
        "{skipped:?}"
    );
    assert!(
        reason("outside").contains("outside the corpus folder"),
        "{skipped:?}"
    );
    assert!(
        reason("zero").contains("outside the corpus folder"),
        "{skipped:?}"
    );
    let articles = fs::read_to_string(out.join("articles.csv")).unwrap();
    assert!(
        articles.contains("\ninside,"),
        "a link inside the folder is scored"
    );

    // A JSONL input that is a device, a manifest or a lexicon that is a FIFO: refused at once.
    let zero = t.path().join("zero.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let o = slant()
        .arg("score")
        .arg(&zero)
        .arg("--out")
        .arg(t.path().join("o2"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));

    let manifest = t.path().join("m.csv");
    mkfifo(&manifest);
    let o = slant()
        .args(["score", "seeds", "--manifest"])
        .arg(&manifest)
        .arg("--out")
        .arg(t.path().join("o3"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file (a FIFO)"));

    let lex = t.path().join("lexicons");
    copy_dir(&root().join("lexicons"), &lex);
    fs::remove_file(lex.join("tone.csv")).unwrap();
    mkfifo(&lex.join("tone.csv"));
    let o = slant()
        .args(["score", "seeds", "--lexicons"])
        .arg(&lex)
        .arg("--out")
        .arg(t.path().join("o4"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file (a FIFO)"));
}

/// Issue 13: a gzip of `{}` lines (each a record with no text) writes a few thousand rows of
/// skipped.csv and one summary row, not hundreds of megabytes; run.json counts every record; two
/// shards merge into the same skipped.csv.
#[test]
fn skipped_rows_are_capped_per_reason_and_summarized() {
    use std::io::Write;
    let t = TempDir::new().unwrap();
    let corpus = t.path().join("bomb.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"{\"id\":\"ok\",\"outlet\":\"X\",\"text\":\"Officials said so.\"}\n")
        .unwrap();
    for _ in 0..30_000 {
        gz.write_all(b"{}\n").unwrap();
    }
    let bytes = gz.finish().unwrap();
    assert!(bytes.len() < 2_000, "a small file: {} bytes", bytes.len());
    fs::write(&corpus, bytes).unwrap();
    let out = t.path().join("out");
    let (code, err) = score(&[
        corpus.as_os_str(),
        os("--quiet"),
        os("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let rows = skipped_reasons(&out);
    assert_eq!(rows.len(), 10_001, "10,000 rows and a summary");
    let summary = &rows.last().unwrap().1;
    assert!(
        summary.starts_with("20000 more skipped for this reason, not listed"),
        "{summary}"
    );
    let run: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["counts"]["skipped"], 30_000);
    assert_eq!(run["counts"]["articles_in"], 30_001);

    let (a, b) = (t.path().join("a"), t.path().join("b"));
    shard(&corpus, "1/2", &a, &[]);
    shard(&corpus, "2/2", &b, &[]);
    let merged = t.path().join("merged");
    let (code, err) = merge(&a, &b, &merged);
    assert_eq!(code, Some(0), "{err}");
    for f in ["skipped.csv", "articles.csv", "outlets.csv"] {
        assert_eq!(
            fs::read(merged.join(f)).unwrap(),
            fs::read(out.join(f)).unwrap(),
            "{f}: the merged shards equal one run"
        );
    }
}

/// Issue 13, "silently wrong input handling": each of these lost, merged or misnamed articles
/// without a word.
#[test]
fn record_corpora_lose_nothing_silently() {
    let t = TempDir::new().unwrap();
    // A byte order mark before the first JSONL record; ids that are numbers too large to keep;
    // an outlet with spaces around it.
    let jsonl = t.path().join("c.jsonl");
    fs::write(
        &jsonl,
        "\u{feff}{\"id\":\"a\",\"outlet\":\" X \",\"text\":\"Officials said so.\"}\n\
         {\"id\":123456789012345678901234,\"outlet\":\"X\",\"text\":\"a b\"}\n\
         {\"id\":123456789012345678901235,\"outlet\":\"X\",\"text\":\"a b\"}\n\
         {\"id\":7,\"outlet\":\"X\",\"text\":\"a b\"}\n",
    )
    .unwrap();
    let out = t.path().join("o1");
    let (code, err) = score(&[
        jsonl.as_os_str(),
        os("--quiet"),
        os("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let articles = fs::read_to_string(out.join("articles.csv")).unwrap();
    assert!(
        articles.contains("\na,X,"),
        "BOM stripped, outlet trimmed: {articles}"
    );
    assert!(articles.contains("\n7,X,"));
    let skipped = skipped_reasons(&out);
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped
        .iter()
        .all(|(_, r)| r.contains("cannot be kept exactly")));

    // A CSV corpus with an opening quote never closed: the record that swallows the rest is
    // skipped with a reason naming the lines it took in.
    let csv = t.path().join("c.csv");
    fs::write(
        &csv,
        "id,outlet,text\na,X,Officials said so.\nb,X,\"Officials said\nc,X,more.\nd,X,all.\n",
    )
    .unwrap();
    let out = t.path().join("o2");
    let (code, err) = score(&[csv.as_os_str(), os("--quiet"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let skipped = skipped_reasons(&out);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].0, "b");
    assert!(
        skipped[0].1.contains("never closed") && skipped[0].1.contains("lines 4-6"),
        "{skipped:?}"
    );
}

#[test]
fn file_names_give_the_right_ids_or_a_reason() {
    use std::os::unix::ffi::OsStrExt;
    let t = TempDir::new().unwrap();
    let corpus = t.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join("a.txt.txt"), "Officials said so.").unwrap();
    fs::write(corpus.join("a.txt"), "Officials said so.").unwrap();
    let bad = corpus.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    fs::write(&bad, "Officials said so.").unwrap();
    let out = t.path().join("out");
    let (code, err) = score(&[
        corpus.as_os_str(),
        os("--quiet"),
        os("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let ids: Vec<String> = csv::Reader::from_path(out.join("articles.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect();
    assert_eq!(ids, ["a", "a.txt"], "one extension comes off, not two");
    let skipped = skipped_reasons(&out);
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].1.contains("not valid UTF-8"), "{skipped:?}");
}

/// Escape sequences in the corpus are shown, not obeyed, when explain prints to a terminal (a
/// pseudo-terminal from `script`, where the machine has it).
#[test]
fn explain_on_a_terminal_shows_escape_sequences_as_text() {
    let Ok(script) = which_script() else {
        eprintln!("explain_on_a_terminal_shows_escape_sequences_as_text: no `script`; not run");
        return;
    };
    let t = TempDir::new().unwrap();
    let csv = t.path().join("c.csv");
    fs::write(
        &csv,
        "id,outlet,text\nevil,\"X\u{1b}[2J\",The official said the plan \u{1b}]52;c;aGk=\u{7} works.\n",
    )
    .unwrap();
    let out = t.path().join("out");
    let (code, err) = score(&[csv.as_os_str(), os("--quiet"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let cmd = format!(
        "{} explain evil --reports {}",
        env!("CARGO_BIN_EXE_slant"),
        out.display()
    );
    let o = std::process::Command::new(script)
        .args(["-qc", &cmd, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.contains("X\\u{1b}[2J"), "{shown}");
    assert!(shown.contains("\\u{1b}]52;c;aGk=\\u{7}"), "{shown}");
    assert!(
        !shown.contains("\u{1b}]52"),
        "the clipboard sequence is not printed raw"
    );
    // To a pipe, the text is left as it is.
    let o = slant()
        .args(["explain", "evil", "--reports"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("X\u{1b}[2J"));
}

fn which_script() -> Result<&'static str, ()> {
    ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .ok_or(())
}

/// `--jobs 2000` where the memory limit cannot hold 2,000 thread stacks: a clear error, no
/// panic.
#[test]
fn too_many_jobs_for_the_memory_limit_is_an_error_not_a_panic() {
    let t = TempDir::new().unwrap();
    let cmd = format!(
        "ulimit -v 400000 && exec {} score seeds --jobs 2000 --out {}",
        env!("CARGO_BIN_EXE_slant"),
        t.path().join("out").display()
    );
    let o = std::process::Command::new("sh")
        .args(["-c", &cmd])
        .current_dir(root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    if o.status.success() {
        eprintln!("too_many_jobs…: 2,000 threads fit in this machine's limit; nothing to check");
        return;
    }
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("give a smaller --jobs"), "{err}");
}

/// A run that fails on its lexicons or its corpus creates no report folder.
#[test]
fn a_run_that_fails_before_scoring_leaves_no_empty_folder() {
    let t = TempDir::new().unwrap();
    let lex = lexicons_with(&t, "tone.csv", "bad*word*,positive,1,no,\n");
    let out = t.path().join("new-reports");
    let (code, err) = score(&[
        os("seeds"),
        os("--lexicons"),
        lex.as_os_str(),
        os("--out"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        !out.exists(),
        "no folder is created for a run that never starts"
    );
    let (code, err) = score(&[os("no-such-corpus"), os("--out"), out.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(!out.exists());
}
