//! Guard rails for refactoring (issue 14): what users and other tools rely on is pinned here, so
//! that moving code around cannot change it unseen. `SLANT_BLESS=1 cargo test --test guard_rails`
//! rewrites the pinned help texts after an intended change (review the diff before committing).

mod common;

use common::{root, slant};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "rerun-cache.bin")
        .collect();
    v.sort();
    v
}

/// The committed reports/ are what `cargo run --release -- score` writes now, byte for byte (the
/// rerun cache aside: it names the binary that wrote it). CI checks the same; here it fails in
/// `cargo test`, before a commit.
#[test]
fn the_committed_reports_are_what_the_seeds_give_now() {
    let out = TempDir::new().unwrap();
    let o = slant()
        .args(["score", "--quiet", "--out"])
        .arg(out.path().join("reports"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let committed = root().join("reports");
    let now = out.path().join("reports");
    assert_eq!(files(&committed), files(&now), "the same files");
    for f in files(&committed) {
        assert!(
            fs::read(committed.join(&f)).unwrap() == fs::read(now.join(&f)).unwrap(),
            "reports/{f} differs from what the seeds give now: run `cargo run --release -- score` and commit reports/, or find what changed it"
        );
    }
}

/// A run writes exactly the files `report::files::FILES` says it writes with its options, and
/// nothing else: the list the writer, `--out`'s check and merge use is the true list.
#[test]
fn a_run_writes_exactly_the_registered_files() {
    use slant::report::files::{When, FILES};
    let cases: [(&[&str], &[When]); 3] = [
        (&[], &[When::Always, When::WithHits, When::Cached]),
        (
            &["--parquet", "--no-cache", "--keyness"],
            &[
                When::Always,
                When::WithHits,
                When::Parquet,
                When::ParquetHits,
                When::Keyness,
            ],
        ),
        (
            &[
                "--no-hits",
                "--no-cache",
                "--by-story",
                "--by-period",
                "month",
                "--shard",
                "1/1",
                "--xlsx",
                "--parquet",
            ],
            &[
                When::Always,
                When::ByStory,
                When::ByPeriod,
                When::Shard,
                When::Xlsx,
                When::Parquet,
            ],
        ),
    ];
    for (args, whens) in cases {
        let out = TempDir::new().unwrap();
        let o = slant()
            .args(["score", "--quiet", "--out"])
            .arg(out.path().join("r"))
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut written: Vec<String> = fs::read_dir(out.path().join("r"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        written.sort();
        let mut listed: Vec<String> = FILES
            .iter()
            .filter(|f| whens.contains(&f.when))
            .map(|f| f.name.to_owned())
            .collect();
        listed.sort();
        assert_eq!(written, listed, "score {args:?}");
    }
}

/// Every command's --help, as a user reads it.
#[test]
fn help_texts_are_pinned() {
    let bless = std::env::var_os("SLANT_BLESS").is_some();
    for (name, args) in [
        ("slant", vec!["--help"]),
        ("score", vec!["score", "--help"]),
        ("check", vec!["check", "--help"]),
        ("explain", vec!["explain", "--help"]),
        ("diff", vec!["diff", "--help"]),
        ("merge", vec!["merge", "--help"]),
        ("init", vec!["init", "--help"]),
        ("sample", vec!["sample", "--help"]),
        ("validate", vec!["validate", "--help"]),
        ("kwic", vec!["kwic", "--help"]),
        ("help", vec!["help", "--help"]),
    ] {
        let o = slant().args(&args).output().unwrap();
        assert!(o.status.success(), "{name}");
        let path = root().join("tests/data/help").join(format!("{name}.txt"));
        if bless {
            fs::write(&path, &o.stdout).unwrap();
            continue;
        }
        let pinned = fs::read(&path).unwrap_or_default();
        assert!(
            pinned == o.stdout,
            "`slant {}` changed; if that is intended, run SLANT_BLESS=1 cargo test --test guard_rails and review tests/data/help/{name}.txt\n{}",
            args.join(" "),
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

/// The shard of an article must not change between builds or versions: shards of one run are
/// often scored by different builds on different machines (docs/sharding.md).
#[test]
fn shard_assignment_is_pinned() {
    use slant::config::Shard;
    // FNV-1a of "a" is 0xaf63dc4c8601ec8c (the published test vector): 12638187200555641996
    // % 1000 + 1 = 997.
    let pinned: &[(&str, u64, u64)] = &[
        ("000_b99c8621696b3fd8", 2, 1),
        ("000_b99c8621696b3fd8", 8, 3),
        ("003_7b7ba6ff9923e79e", 8, 8),
        ("a", 1000, 997),
        ("", 7, 3),
        ("c.jsonl:17", 16, 1),
    ];
    for &(id, n, k) in pinned {
        assert_eq!(Shard::of(id, n), k, "Shard::of({id:?}, {n})");
    }
}

/// No two modules of src/ import each other, directly or through others (issue 14: data flows
/// one way): neither top-level modules nor the modules inside a folder (`report::hits` and
/// `report::cells`). A module is a file (`x.rs`, `x/mod.rs`); an import is a `crate::` path (the
/// longest module it names) or a `super::x` sibling. A folder's own `mod.rs` and its children are
/// one stage, not counted against each other. Test code (`#[cfg(test)]` onwards) is not counted.
#[test]
fn no_import_circles_between_modules() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = root().join("src");
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|l| l == "mod") {
                parts.pop();
            }
            let name = parts.join("::");
            // A module's unit tests in a file of their own (`tests.rs`) are test code too.
            if name == "main" || name == "lib" || name.ends_with("::tests") {
                continue;
            }
            let text = fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            texts.insert(name, code.to_owned());
        }
    }
    let modules: BTreeSet<String> = texts.keys().cloned().collect();
    let within = |inner: &str, outer: &str| inner.starts_with(&format!("{outer}::"));
    let path_at = |code: &str, i: usize| -> Vec<String> {
        code[i..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':')
            .collect::<String>()
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut deps: BTreeMap<&String, BTreeSet<String>> = BTreeMap::new();
    for (me, code) in &texts {
        let entry = deps.entry(me).or_default();
        let mut add = |m: String| {
            if &m != me && !within(me, &m) && !within(&m, me) {
                entry.insert(m);
            }
        };
        for (i, _) in code.match_indices("crate::") {
            let path = path_at(code, i + 7);
            if let Some(m) = (1..=path.len())
                .rev()
                .map(|k| path[..k].join("::"))
                .find(|m| modules.contains(m))
            {
                add(m);
            }
        }
        let parent = me.rsplit_once("::").map_or("", |(p, _)| p);
        for (i, _) in code.match_indices("super::") {
            if let Some(first) = path_at(code, i + 7).first() {
                let m = if parent.is_empty() {
                    first.clone()
                } else {
                    format!("{parent}::{first}")
                };
                if modules.contains(&m) {
                    add(m);
                }
            }
        }
    }
    circles(&deps, "modules");
    // And between folders (top-level modules): `a::x -> b::y` and `b::z -> a::w` are a circle of
    // stages though no module is in it twice.
    let mut top: BTreeMap<&String, BTreeSet<String>> = BTreeMap::new();
    let tops: Vec<String> = deps
        .keys()
        .map(|m| m.split("::").next().unwrap().to_owned())
        .collect();
    for t in &tops {
        top.entry(t).or_default();
    }
    for (m, ds) in &deps {
        let from = m.split("::").next().unwrap();
        let key = tops.iter().find(|t| t.as_str() == from).unwrap();
        for d in ds {
            let to = d.split("::").next().unwrap();
            if to != from {
                top.get_mut(key).unwrap().insert(to.to_owned());
            }
        }
    }
    circles(&top, "folders");
}

/// Panics with the first circle of `deps` (module → the modules it imports).
fn circles(
    deps: &std::collections::BTreeMap<&String, std::collections::BTreeSet<String>>,
    what: &str,
) {
    use std::collections::BTreeSet;
    for start in deps.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<(&String, Vec<&String>)> = vec![(start, vec![start])];
        while let Some((m, path)) = todo.pop() {
            for d in deps.get(m).into_iter().flatten() {
                if d == *start {
                    let names: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
                    panic!(
                        "import circle between {what}: {} -> {start}",
                        names.join(" -> ")
                    );
                }
                if seen.insert(d.clone()) {
                    if let Some((k, _)) = deps.get_key_value(d) {
                        let mut p = path.clone();
                        p.push(k);
                        todo.push((k, p));
                    }
                }
            }
        }
    }
}

/// The crate doc (src/lib.rs) maps every module: a new top-level module is named there.
#[test]
fn the_crate_doc_names_every_module() {
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let doc: String = lib
        .lines()
        .filter(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    for line in lib.lines() {
        if let Some(m) = line
            .strip_prefix("pub mod ")
            .and_then(|r| r.strip_suffix(';'))
        {
            assert!(
                doc.contains(&format!("`{m}`")),
                "src/lib.rs: the crate doc does not name `{m}`"
            );
        }
    }
}

/// Every file slant reads comes through `src/files.rs` (regular files only, capped, encodings
/// named) and every file it writes through the report folder's staging (`report::writer`,
/// `outdir`) or `report::guard` (issue 26). A direct open, read or write anywhere else in the
/// program — not in its tests — would slip past both, so this lists the places allowed and
/// fails on any other.
#[test]
fn files_are_read_and_written_only_through_the_reader_and_the_guard() {
    const CALLS: &[&str] = &[
        "File::open(",
        "File::create(",
        "fs::read(",
        "fs::read_to_string(",
        "fs::write(",
        "from_path(",
        "OpenOptions::new()",
    ];
    // Where each call is allowed, and why.
    const ALLOWED: &[(&str, &str)] = &[
        ("src/files.rs", "the one reader"),
        (
            "src/report/guard.rs",
            "the one writer outside a report folder",
        ),
        ("src/report/outdir.rs", "opens --out to lock it"),
        (
            "src/report/writer.rs",
            "writes into the new report folder only",
        ),
        (
            "src/report/columnar.rs",
            "writes Parquet into the new report folder only",
        ),
        (
            "src/rerun/file.rs",
            "writes the cache into the new report folder only",
        ),
    ];
    let mut found = Vec::new();
    for (rel, text) in src_files() {
        if ALLOWED.iter().any(|(f, _)| *f == rel) {
            continue;
        }
        // The program, not its unit tests (beside the code, or a module's `tests.rs`).
        if rel.ends_with("/tests.rs") {
            continue;
        }
        let program = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in program.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for call in CALLS {
                if code.contains(call) {
                    found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "files opened around src/files.rs or report::guard:\n{}",
        found.join("\n")
    );
}

/// The README's edit loop (edit `lexicons/`, `cargo run --release -- score`) must not rebuild
/// slant: cargo rebuilds a crate when a file it includes changes, so nothing in src/ may include
/// a file of `lexicons/` (the built-in copy is `src/lexicon/defaults/`; CI checks it equals
/// `lexicons/`, and `scripts/edit_loop.sh` runs the loop).
#[test]
fn nothing_compiled_in_comes_from_the_folder_users_edit() {
    let mut found = Vec::new();
    for (rel, text) in src_files()
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".rs"))
    {
        for (n, line) in text.lines().enumerate() {
            if line.contains("include_") && line.contains("lexicons/") {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Every text file under src/, as (its path from the crate's root with `/`, its text).
fn src_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, fs::read_to_string(&p).unwrap()));
        }
    }
    files
}

/// Issue 29: no source file over 40 KB, so that each stays a module one can read whole (link.rs
/// had grown to 77 KB; its word lists, speaker rules and tests are files of their own now).
#[test]
fn no_source_file_is_over_40_kb() {
    let big: Vec<String> = src_files()
        .into_iter()
        .filter(|(path, text)| path.ends_with(".rs") && text.len() > 40 * 1024)
        .map(|(path, text)| format!("{path}: {} bytes", text.len()))
        .collect();
    assert!(big.is_empty(), "split these: {big:?}");
}

/// Issue 29: no function of the program over 150 lines (its unit tests aside), counted as
/// `../shared/tools/fn_lengths.py` counts them: from the `fn` line to its closing brace, with
/// strings, characters and comments left out of the brace count.
#[test]
fn no_function_is_over_150_lines() {
    let fn_line =
        regex::Regex::new(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
            .unwrap();
    let noise = regex::Regex::new(r#""(\\.|[^"\\])*"|//.*$|'(\\.|[^'\\])'"#).unwrap();
    let mut over = Vec::new();
    for (path, text) in src_files() {
        if !path.ends_with(".rs") || path.ends_with("/tests.rs") {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        let end = (0..lines.len())
            .find(|&i| {
                lines[i].trim() == "#[cfg(test)]"
                    && lines
                        .get(i + 1)
                        .is_some_and(|l| l.trim_start().starts_with("mod "))
            })
            .unwrap_or(lines.len());
        for i in 0..end {
            let Some(m) = fn_line.captures(lines[i]) else {
                continue;
            };
            let (mut depth, mut started, mut j) = (0i32, false, i);
            while j < end {
                let code = noise.replace_all(lines[j], "");
                if !started && code.contains(';') && !code.contains('{') {
                    break;
                }
                for c in code.chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            started = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if started && depth <= 0 {
                    break;
                }
                j += 1;
            }
            if started && j - i + 1 > 150 {
                over.push(format!("{path}:{} {} ({} lines)", i + 1, &m[6], j - i + 1));
            }
        }
    }
    assert!(over.is_empty(), "split these: {over:?}");
}
