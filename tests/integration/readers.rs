//! One reader for every file a command reads (issue 26): regular files only, so a FIFO or a
//! device never hangs or floods a command; lengths checked before memory is taken for them;
//! an encoding other than UTF-8 named (or, for a coded sample, read); and running out of
//! memory an exit 1 with a message, not an abort.

use crate::common::{root, score_seeds, slant};
use std::fs;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let _ = fs::remove_file(path);
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// A copy of a report folder.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

fn run(args: &[&str]) -> std::process::Output {
    slant()
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

/// Each command that reads a report, a shard or a cache, with that file a FIFO: refused at
/// once with the file's name (before, each of these waited forever for a writer).
#[test]
fn a_fifo_in_place_of_any_file_a_command_reads_is_refused_at_once() {
    let w = TempDir::new().unwrap();
    let reports = score_seeds(&[]);
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    let with_fifo = |name: &str| {
        let dir = w.path().join(format!("fifo-{name}"));
        copy_dir(reports.path(), &dir);
        mkfifo(&dir.join(name));
        s(&dir)
    };
    let (hits, articles, run_json) = (
        with_fifo("hits.csv"),
        with_fifo("articles.csv"),
        with_fifo("run.json"),
    );
    let coded = w.path().join("coded.csv");
    mkfifo(&coded);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "sample".into(),
                "--reports".into(),
                hits.clone(),
                "--out".into(),
                s(&w.path().join("s.csv")),
            ],
            "hits.csv",
        ),
        (
            vec![
                "validate".into(),
                s(&coded),
                "--reports".into(),
                s(reports.path()),
                "--out".into(),
                s(&w.path().join("v")),
            ],
            "coded.csv",
        ),
        (
            vec![
                "explain".into(),
                "000_b99c8621696b3fd8".into(),
                "--reports".into(),
                hits.clone(),
            ],
            "hits.csv",
        ),
        (
            vec![
                "diff".into(),
                s(reports.path()),
                articles,
                "--csv".into(),
                s(&w.path().join("d.csv")),
            ],
            "articles.csv",
        ),
        (
            vec![
                "diff".into(),
                s(reports.path()),
                run_json,
                "--csv".into(),
                s(&w.path().join("d.csv")),
            ],
            "run.json",
        ),
    ];
    for (args, file) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            err.contains(file) && err.contains("not a regular file"),
            "{args:?}: {err}"
        );
    }
}

/// merge with a shard's shard.json or hits.csv a FIFO.
#[test]
fn merge_refuses_a_fifo_in_a_shard() {
    let w = TempDir::new().unwrap();
    for k in ["1", "2"] {
        slant()
            .args([
                "score",
                "seeds",
                "--quiet",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(w.path().join(k))
            .assert()
            .success();
    }
    for name in ["hits.csv", "shard.json"] {
        let broken = w.path().join(format!("broken-{name}"));
        copy_dir(&w.path().join("2"), &broken);
        mkfifo(&broken.join(name));
        let o = slant()
            .arg("merge")
            .arg(w.path().join("1"))
            .arg(&broken)
            .arg("--out")
            .arg(w.path().join("merged"))
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{name}");
        assert!(
            err.contains(name) && err.contains("not a regular file"),
            "{err}"
        );
        assert!(!w.path().join("merged/run.json").exists());
    }
}

/// rerun-cache.bin replaced by a FIFO, or by a sparse file whose header claims 64 GiB: the run
/// scores every article again, says why, and gives a fresh run's reports (before, the FIFO
/// hung every later run and the sparse file made it abort, trying to allocate 64 GiB).
#[test]
fn a_cache_that_is_a_fifo_or_claims_64_gib_is_set_aside() {
    let fresh = score_seeds(&["--no-cache"]);
    for damage in ["fifo", "sparse"] {
        let out = score_seeds(&[]);
        let cache = out.path().join("rerun-cache.bin");
        if damage == "fifo" {
            mkfifo(&cache);
        } else {
            let mut bytes = b"SLANTRC1".to_vec();
            bytes.extend((64u64 << 30).to_le_bytes());
            fs::write(&cache, &bytes).unwrap();
            let f = fs::OpenOptions::new().write(true).open(&cache).unwrap();
            f.set_len((64u64 << 30) + 4096).unwrap();
        }
        let o = slant()
            .args(["score", "seeds", "--out"])
            .arg(out.path())
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{damage}: {err}");
        assert!(
            err.contains("scoring every article again"),
            "{damage}: {err}"
        );
        for f in ["articles.csv", "hits.csv", "outlets.csv"] {
            assert_eq!(
                fs::read(out.path().join(f)).unwrap(),
                fs::read(fresh.path().join(f)).unwrap(),
                "{damage}: {f}"
            );
        }
    }
}

/// A report saved again as UTF-16 is refused by name; a coded sample saved by a spreadsheet as
/// "Unicode text" (UTF-16, tab-separated) is read as the same sample.
#[test]
fn utf16_is_named_in_a_report_and_read_in_a_coded_sample() {
    let w = TempDir::new().unwrap();
    let reports = score_seeds(&[]);
    let utf16 = |text: &str| -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        b
    };
    let saved = w.path().join("saved");
    copy_dir(reports.path(), &saved);
    let hits = fs::read_to_string(saved.join("hits.csv")).unwrap();
    fs::write(saved.join("hits.csv"), utf16(&hits)).unwrap();
    let o = slant()
        .args(["sample", "--reports"])
        .arg(&saved)
        .arg("--out")
        .arg(w.path().join("s.csv"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("hits.csv") && err.contains("UTF-16LE"),
        "{err}"
    );

    let sample = w.path().join("sample.csv");
    slant()
        .args(["sample", "--per-category", "3", "--reports"])
        .arg(reports.path())
        .arg("--out")
        .arg(&sample)
        .assert()
        .success();
    let mut rdr = csv::Reader::from_path(&sample).unwrap();
    let header = rdr.headers().unwrap().clone();
    let verdict = header.iter().position(|h| h == "verdict").unwrap();
    let mut tsv = header.iter().collect::<Vec<_>>().join("\t") + "\n";
    let mut csv_out = csv::Writer::from_writer(Vec::new());
    csv_out.write_record(&header).unwrap();
    for r in rdr.records() {
        let mut cells: Vec<String> = r.unwrap().iter().map(String::from).collect();
        cells[verdict] = "1".into();
        tsv += &(cells
            .iter()
            .map(|c| c.replace('\t', " "))
            .collect::<Vec<_>>()
            .join("\t")
            + "\n");
        csv_out.write_record(&cells).unwrap();
    }
    let (a, b) = (w.path().join("coded.csv"), w.path().join("coded.txt"));
    fs::write(&a, csv_out.into_inner().unwrap()).unwrap();
    fs::write(&b, utf16(&tsv)).unwrap();
    let precision = |coded: &Path, out: &str| {
        let o = slant()
            .arg("validate")
            .arg(coded)
            .arg("--reports")
            .arg(reports.path())
            .arg("--out")
            .arg(w.path().join(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        fs::read(w.path().join(out).join("precision.csv")).unwrap()
    };
    assert_eq!(precision(&a, "va"), precision(&b, "vb"));
}

/// Out of memory (an address-space limit) is exit 1 with a message — "out of memory" when an
/// allocation fails, "cannot start … worker threads" when the threads cannot — never an abort
/// (134) or a panic (101). Several limits are tried: where each one bites depends on the build.
#[test]
fn running_out_of_memory_is_exit_1_with_a_message() {
    use std::os::unix::process::CommandExt;
    let mut said = 0;
    for mb in [16u64, 24, 32, 40, 48, 64, 96] {
        let out = TempDir::new().unwrap();
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("slant"));
        c.current_dir(root())
            .args(["score", "seeds", "--quiet", "--no-cache", "--out"])
            .arg(out.path());
        let limit = mb << 20;
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            c.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: limit,
                    rlim_max: limit,
                };
                libc::setrlimit(libc::RLIMIT_AS, &lim);
                Ok(())
            });
        }
        let Ok(o) = c.output() else {
            continue; // the limit is too small to start a process at all
        };
        let err = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => {}
            Some(1) => {
                assert!(
                    err.contains("slant: out of memory") || err.contains("worker threads"),
                    "{mb} MB: {err}"
                );
                said += 1;
            }
            // Killed before a word: the loader could not map the program in that little.
            None if err.is_empty() => continue,
            Some(127) if err.contains("error while loading shared libraries") => continue,
            other => panic!("{mb} MB: exit {other:?}: {err}"),
        }
        assert!(!err.contains("panicked"), "{mb} MB: {err}");
    }
    assert!(said > 0, "no limit ran out of memory: try smaller ones");
}
