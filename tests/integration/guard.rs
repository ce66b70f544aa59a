//! Every command's write paths against every trap (issue 26): a command never writes over its
//! own input, a lexicon, a report folder or a file slant did not write, and never writes
//! through a FIFO or a symbolic link. Each trap is tried on each write path in one workspace,
//! and the whole workspace — every file's bytes, every name — must be as it was.

use crate::common::{root, slant};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Every entry under `dir`: its kind and, for a file, its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let t = e.file_type().unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if t.is_dir() {
                stack.push(p);
                out.insert(rel, None);
            } else if t.is_file() {
                out.insert(rel, Some(fs::read(&p).unwrap()));
            } else {
                // A FIFO or a link: its kind and target are what matter.
                let target = fs::read_link(&p).map(|l| l.into_os_string().into_encoded_bytes());
                out.insert(rel, Some(target.unwrap_or_else(|_| b"fifo".to_vec())));
            }
        }
    }
    out
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

fn run(w: &Path, args: &[&str]) -> std::process::Output {
    slant()
        .current_dir(w)
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

fn ok(w: &Path, args: &[&str]) {
    let o = run(w, args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A workspace as a user has it: lexicons, a corpus, two runs, shards, a coded sample, a
/// folder of other lexicons, a user's notes, a FIFO and a link.
fn workspace() -> TempDir {
    let t = TempDir::new().unwrap();
    let w = t.path();
    for dir in ["lexicons", "corpus", "mylex", "notesdir"] {
        fs::create_dir(w.join(dir)).unwrap();
    }
    for e in fs::read_dir(root().join("lexicons")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, w.join("lexicons").join(p.file_name().unwrap())).unwrap();
    }
    for e in fs::read_dir(root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, w.join("corpus").join(p.file_name().unwrap())).unwrap();
    }
    fs::write(
        w.join("mylex/tone.csv"),
        "pattern,category\nfine,positive\n",
    )
    .unwrap();
    fs::write(w.join("notes.csv"), "my notes, not slant's\n").unwrap();
    fs::write(w.join("notesdir/notes.txt"), "mine\n").unwrap();
    std::os::unix::fs::symlink("notes.csv", w.join("link.csv")).unwrap();
    mkfifo(&w.join("fifo.csv"));
    ok(w, &["score", "corpus", "--quiet", "--out", "reports"]);
    ok(w, &["score", "corpus", "--quiet", "--out", "reports2"]);
    for k in ["1", "2"] {
        ok(
            w,
            &[
                "score",
                "corpus",
                "--quiet",
                "--shard",
                &format!("{k}/2"),
                "--out",
                &format!("s{k}"),
            ],
        );
    }
    ok(
        w,
        &[
            "sample",
            "--per-category",
            "2",
            "--reports",
            "reports",
            "--out",
            "sample.csv",
        ],
    );
    // The coded sample: every verdict 1.
    let sample = fs::read_to_string(w.join("sample.csv")).unwrap();
    let coded: Vec<String> = sample
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_owned()
            } else {
                format!("{}1,", &l[..l.len() - 1])
            }
        })
        .collect();
    fs::write(w.join("coded.csv"), coded.join("\n") + "\n").unwrap();
    t
}

/// A command with `OUT` where its write path goes.
struct Writer {
    name: &'static str,
    args: &'static [&'static str],
    /// Traps of this command's own: its inputs, and for a folder that is not a report folder,
    /// another run's reports.
    also: &'static [&'static str],
}

const FILE_WRITERS: &[Writer] = &[
    Writer {
        name: "kwic --csv",
        args: &["kwic", "said", "corpus", "--csv", "OUT"],
        also: &[
            "corpus/manifest.csv",
            "corpus/new.csv",
            "corpus/000_b99c8621696b3fd8.txt",
        ],
    },
    Writer {
        name: "diff --csv",
        args: &["diff", "reports", "reports2", "--csv", "OUT"],
        also: &["reports2/articles.csv", "reports/run.json"],
    },
    Writer {
        name: "sample --out",
        args: &["sample", "--reports", "reports", "--out", "OUT"],
        also: &["reports/hits.csv", "reports/new.csv"],
    },
];

const FOLDER_WRITERS: &[Writer] = &[
    Writer {
        name: "validate --out",
        args: &[
            "validate",
            "coded.csv",
            "--reports",
            "reports",
            "--out",
            "OUT",
        ],
        also: &["reports", ".", "reports2"],
    },
    Writer {
        name: "init",
        args: &["init", "OUT"],
        also: &["reports2"],
    },
    Writer {
        name: "score --out",
        args: &["score", "corpus", "--quiet", "--out", "OUT"],
        also: &["corpus", "."],
    },
    Writer {
        name: "merge --out",
        args: &["merge", "s1", "s2", "--quiet", "--out", "OUT"],
        also: &["s1", "."],
    },
];

/// Traps for a file: a lexicon, a new file in a folder of lexicons, a run's report and a new
/// file in a report folder, a user's file, another command's file (the coded sample), a FIFO,
/// a link to a user's file, a folder.
const FILE_TRAPS: &[&str] = &[
    "lexicons/tone.csv",
    "lexicons/new.csv",
    "mylex/new.csv",
    "reports/articles.csv",
    "reports/new.csv",
    "notes.csv",
    "coded.csv",
    "fifo.csv",
    "link.csv",
    "notesdir",
];

/// Traps for a folder: the lexicon folders, a folder of a user's files, a file, a FIFO.
const FOLDER_TRAPS: &[&str] = &["lexicons", "mylex", "notesdir", "notes.csv", "fifo.csv"];

fn try_trap(w: &Path, writer: &Writer, trap: &str) {
    let args: Vec<&str> = writer
        .args
        .iter()
        .map(|a| if *a == "OUT" { trap } else { a })
        .collect();
    let before = snapshot(w);
    let o = run(w, &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success(),
        "{} {trap}: exit 0, should be refused",
        writer.name
    );
    assert!(
        err.contains(trap.trim_start_matches("./")) || trap == ".",
        "{} {trap}: the message does not name the path: {err}",
        writer.name
    );
    let after = snapshot(w);
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "{} {trap}: changed {changed:?} ({err})",
        writer.name
    );
}

#[test]
fn no_command_writes_over_an_input_a_lexicon_or_a_file_slant_did_not_write() {
    let t = workspace();
    let w = t.path();
    for writer in FILE_WRITERS {
        for trap in FILE_TRAPS.iter().chain(writer.also) {
            try_trap(w, writer, trap);
        }
    }
    for writer in FOLDER_WRITERS {
        for trap in FOLDER_TRAPS.iter().chain(writer.also) {
            try_trap(w, writer, trap);
        }
    }
}

/// The guard refuses only what is not slant's: a command writes its file where none is, and
/// writes over the file it wrote itself the last time.
#[test]
fn each_command_writes_its_own_file_and_replaces_it_the_next_time() {
    let t = workspace();
    let w = t.path();
    for (writer, out) in FILE_WRITERS
        .iter()
        .map(|wr| (wr, "out.csv"))
        .chain(FOLDER_WRITERS.iter().map(|wr| (wr, "outdir")))
    {
        let args: Vec<&str> = writer
            .args
            .iter()
            .map(|a| if *a == "OUT" { out } else { a })
            .collect();
        ok(w, &args);
        let again = run(w, &args);
        let name = writer.name;
        match name {
            // A sample may hold a coder's work, and init never overwrites a lexicon.
            "sample --out" | "init" => assert_eq!(again.status.code(), Some(2), "{name}"),
            _ => assert!(
                again.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&again.stderr)
            ),
        }
        let p = w.join(out);
        if p.is_dir() {
            fs::remove_dir_all(&p).unwrap();
        } else {
            fs::remove_file(&p).unwrap();
        }
        let left: Vec<String> = fs::read_dir(w)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("slant-tmp") || n.contains("slant-new"))
            .collect();
        assert!(left.is_empty(), "{name} left {left:?}");
    }
}
