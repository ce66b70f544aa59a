//! Folder corpora: every `*.txt` below a folder, with the metadata of its manifest.
//!
//! A folder corpus is every `*.txt` below the folder; its `manifest.csv` (or `--manifest FILE`)
//! gives `file,outlet` and optional `title,date,url,story` and any further columns, which are
//! carried into articles.csv. Listing articles reads no article text: reading and decoding happen
//! in the parallel stage, so a run starts at once and memory holds only the articles in flight.

use super::identity::{Identity, Seen};
use super::{ArticleRef, UNKNOWN_OUTLET};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

/// A manifest is read whole: at most this many bytes (a million rows of a few hundred bytes fit
/// many times).
const MAX_MANIFEST_BYTES: u64 = 4 << 30;

pub(super) struct ManifestRow {
    line: u64,
    outlet: String,
    values: HashMap<String, String>,
}

/// A manifest's rows, by the file (relative path) each names.
type Manifest = BTreeMap<String, ManifestRow>;

/// An article of a folder corpus: its identity and its file, or why the file is not read.
pub(super) type FolderArticle = (ArticleRef, Result<PathBuf, String>);

/// Lists the articles of a folder corpus, in path order: each with its metadata and its file,
/// or why it is not read (a symlink to a file outside the folder). Manifest columns beyond
/// `file,outlet` are added to `meta_columns`. With `identity` (a shard's, and the folder's
/// index among the inputs), the folder's files and the manifest's bytes go into it, and its
/// articles will.
pub(super) fn open_folder(
    dir: &Path,
    manifest: Option<&Path>,
    meta_columns: &mut Vec<String>,
    warnings: &mut Vec<String>,
    identity: Option<(&mut Identity, usize)>,
) -> Result<Vec<FolderArticle>, Vec<String>> {
    let mut files = Vec::new();
    let mut not_utf8 = Vec::new();
    let mut unread = Vec::new();
    walk(dir, dir, &mut files, &mut not_utf8, &mut unread)
        .map_err(|e| vec![format!("{}: cannot list the folder: {e}", dir.display())])?;
    files.sort();
    not_utf8.sort();
    unread.sort();
    // Hidden files (`.DS_Store`) and the manifest are no surprise in a corpus folder.
    let others: Vec<String> = unread
        .iter()
        .filter(|rel| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            !name.starts_with('.') && rel.as_str() != "manifest.csv"
        })
        .cloned()
        .collect();
    // A folder is read for its `*.txt` files only: say what else it holds rather than score
    // nothing in silence (`A.TXT`, `.html` pages, a `.jsonl` that should be given as the input).
    if files.is_empty() && not_utf8.is_empty() {
        return Err(vec![format!(
            "{}: no .txt file in this folder{}; slant reads every *.txt file (lower-case extension) below a folder, or a .jsonl/.ndjson/.csv file given as the input itself",
            dir.display(),
            found(&others)
        )]);
    }
    if !others.is_empty() {
        warnings.push(format!(
            "{}: {} files are not *.txt and are not read{}",
            dir.display(),
            others.len(),
            found(&others)
        ));
    }
    let outside = links_outside(dir, &files);
    if !outside.is_empty() {
        warnings.push(format!(
            "{}: {} files are symbolic links to files outside the folder and are not read (each is in skipped.csv); copy them into the folder to score them",
            dir.display(),
            outside.len()
        ));
    }

    let default_manifest = dir.join("manifest.csv");
    let manifest_path = manifest
        .map(Path::to_path_buf)
        .or_else(|| default_manifest.is_file().then_some(default_manifest));
    let (rows, manifest_digest) = match &manifest_path {
        Some(p) => read_manifest(p, dir, &files, meta_columns, identity.is_some())?,
        None => (BTreeMap::new(), None),
    };
    if let Some((identity, index)) = identity {
        let manifest = manifest_path.as_deref().zip(manifest_digest);
        identify(identity, index, dir, &files, &not_utf8, unread, manifest);
    }
    let mut missing = 0;
    let mut out = Vec::with_capacity(files.len());
    for rel in files {
        // `a.txt.txt` is the article `a.txt`: one extension comes off.
        let id = rel.strip_suffix(".txt").unwrap_or(&rel).to_owned();
        let (outlet, meta) = match rows.get(&rel) {
            Some(row) => (
                row.outlet.clone(),
                meta_columns
                    .iter()
                    .map(|c| row.values.get(c).cloned().unwrap_or_default())
                    .collect(),
            ),
            None => {
                missing += 1;
                if missing <= 20 {
                    warnings.push(format!(
                        "{}: no manifest row; scored with outlet `{UNKNOWN_OUTLET}` (add a row `{rel},OUTLET` to the manifest)",
                        dir.join(&rel).display()
                    ));
                }
                (UNKNOWN_OUTLET.to_owned(), Vec::new())
            }
        };
        let path = dir.join(&rel);
        let origin = path.display().to_string();
        let file = match outside.get(&rel) {
            Some(target) => Err(format!(
                "a symbolic link to {target}, outside the corpus folder: slant reads only files inside it; copy the file in to score it"
            )),
            None => Ok(path),
        };
        out.push((
            ArticleRef {
                id,
                outlet,
                meta,
                origin,
            },
            file,
        ));
    }
    for shown in not_utf8 {
        out.push((
            ArticleRef {
                // No id: one made with U+FFFD could equal another file's.
                id: String::new(),
                outlet: UNKNOWN_OUTLET.to_owned(),
                meta: Vec::new(),
                origin: dir.join(&shown).display().to_string(),
            },
            Err("the file name is not valid UTF-8, so no id or manifest row can name it; rename the file".to_owned()),
        ));
    }
    if missing > 20 {
        warnings.push(format!(
            "{}: {} more files without a manifest row",
            dir.display(),
            missing - 20
        ));
    }
    Ok(out)
}

/// Hands a folder's part of a shard's corpus identity over: its articles (`files`, and those
/// whose names are not UTF-8), its other files by name and size (a change inside them changes
/// no report), and the manifest read with its digest.
fn identify(
    identity: &mut Identity,
    index: usize,
    dir: &Path,
    files: &[String],
    not_utf8: &[String],
    unread: Vec<String>,
    manifest: Option<(&Path, [u8; 32])>,
) {
    let articles: Vec<String> = files.iter().chain(not_utf8).cloned().collect();
    let unread: Vec<(String, u64)> = unread
        .into_iter()
        .map(|rel| {
            let size = std::fs::metadata(dir.join(&rel)).map_or(u64::MAX, |m| m.len());
            (rel, size)
        })
        .collect();
    identity.folder(
        index,
        &dir.display().to_string(),
        &articles,
        &unread,
        manifest.map(|(p, d)| (p.display().to_string(), d)),
    );
}

/// The files (relative paths) that are symbolic links resolving outside `dir`, with where they
/// point. A corpus folder that is itself a link is fine: both sides are resolved.
fn links_outside(dir: &Path, files: &[String]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(root) = std::fs::canonicalize(dir) else {
        return out;
    };
    for rel in files {
        let path = dir.join(rel);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            continue;
        }
        // A dangling link or a loop is left to the read, which says why it fails.
        if let Ok(target) = std::fs::canonicalize(&path) {
            if !target.starts_with(&root) {
                out.insert(rel.clone(), target.display().to_string());
            }
        }
    }
    out
}

/// " (found: 2 .html, 1 .TXT: a.html, B.TXT, …)": what a folder holds besides articles.
fn found(others: &[String]) -> String {
    if others.is_empty() {
        return String::new();
    }
    let mut by_ext: BTreeMap<String, usize> = BTreeMap::new();
    for o in others {
        let ext = Path::new(o).extension().map_or_else(
            || "no extension".to_owned(),
            |e| format!(".{}", e.to_string_lossy()),
        );
        *by_ext.entry(ext).or_default() += 1;
    }
    let kinds: Vec<String> = by_ext.iter().map(|(e, n)| format!("{n} {e}")).collect();
    let mut examples: Vec<&str> = others.iter().take(3).map(String::as_str).collect();
    if others.len() > 3 {
        examples.push("…");
    }
    format!(" (found: {}: {})", kinds.join(", "), examples.join(", "))
}

/// Relative `/`-separated paths of every `*.txt` below `dir`, and in `others` of every other file
/// (the manifest and hidden files among them).
/// A path that is not valid UTF-8 goes to `not_utf8` (shown with U+FFFD for what is not): an
/// article id and a manifest row are text, so such a file cannot be named by either.
fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<String>,
    not_utf8: &mut Vec<String>,
    others: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(root, &path, out, not_utf8, others)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            if let Ok(rel) = path.strip_prefix(root) {
                let parts: Option<Vec<&str>> =
                    rel.components().map(|c| c.as_os_str().to_str()).collect();
                match parts {
                    Some(parts) => out.push(parts.join("/")),
                    None => not_utf8.push(rel.to_string_lossy().replace('\\', "/")),
                }
            }
        } else if let Ok(rel) = path.strip_prefix(root) {
            others.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// Reads a manifest: its rows, and with `digest` the SHA-256 of the bytes they were read from
/// (a shard's corpus identity). Every bad row is reported, each as `manifest:line: message`.
fn read_manifest(
    path: &Path,
    dir: &Path,
    files: &[String],
    meta_columns: &mut Vec<String>,
    digest: bool,
) -> Result<(Manifest, Option<[u8; 32]>), Vec<String>> {
    let bytes = match crate::files::read_regular(path, MAX_MANIFEST_BYTES) {
        Ok(b) => b,
        Err(crate::files::NotRead::TooLarge(n)) => {
            return Err(vec![format!(
                "{}: the manifest is {n} bytes, over the limit of {MAX_MANIFEST_BYTES}",
                path.display()
            )])
        }
        Err(crate::files::NotRead::Other(e)) => {
            return Err(vec![format!(
                "{}: cannot read the manifest: {e}",
                path.display()
            )])
        }
    };
    let rows = parse_manifest(path, &bytes, dir, files, meta_columns)?;
    Ok((rows, digest.then(|| Seen::digest(&bytes))))
}

/// Parses a manifest's bytes against the folder's files.
pub(super) fn parse_manifest(
    path: &Path,
    bytes: &[u8],
    dir: &Path,
    files: &[String],
    meta_columns: &mut Vec<String>,
) -> Result<BTreeMap<String, ManifestRow>, Vec<String>> {
    let at = |line: u64, msg: String| format!("{}:{line}: {msg}", path.display());
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => {
            let repeated = super::repeated_columns(&h.iter().collect::<Vec<_>>());
            if !repeated.is_empty() {
                return Err(repeated.into_iter().map(|m| at(1, m)).collect());
            }
            h.iter().map(str::to_ascii_lowercase).collect()
        }
        Err(e) => return Err(vec![at(1, format!("cannot read the header row: {e}"))]),
    };
    for need in ["file", "outlet"] {
        if !header.iter().any(|h| h == need) {
            return Err(vec![at(1, format!("the header row has no `{need}` column; a manifest needs file,outlet and may add title,date,url,story"))]);
        }
    }
    for h in &header {
        if h != "file" && h != "outlet" && !h.is_empty() && !meta_columns.contains(h) {
            meta_columns.push(h.clone());
        }
    }
    let known: std::collections::HashSet<&str> = files.iter().map(String::as_str).collect();
    let mut rows: BTreeMap<String, ManifestRow> = BTreeMap::new();
    let mut errors = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(at(
                    crate::files::csv_line(e.position(), bytes, false),
                    format!("not valid CSV: {e}"),
                ));
                continue;
            }
        };
        let line = crate::files::csv_line(rec.position(), bytes, false);
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let values: HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_owned))
            .collect();
        let file = values.get("file").cloned().unwrap_or_default();
        let outlet = values.get("outlet").cloned().unwrap_or_default();
        if file.is_empty() {
            errors.push(at(line, "empty `file`".into()));
            continue;
        }
        if outlet.is_empty() {
            errors.push(at(
                line,
                format!("`{file}` has no outlet; write one, or `{UNKNOWN_OUTLET}`"),
            ));
            continue;
        }
        let rel = match relative_inside(&file) {
            Some(r) => r,
            None => {
                errors.push(at(
                    line,
                    format!(
                        "`{file}` is outside the corpus folder {}; give a path relative to it",
                        dir.display()
                    ),
                ));
                continue;
            }
        };
        if !known.contains(rel.as_str()) {
            let hint = if dir.join(&rel).exists() {
                "it is not a .txt file"
            } else {
                "no such file"
            };
            errors.push(at(
                line,
                format!(
                    "`{file}`: {hint} in {}; fix the row or delete it",
                    dir.display()
                ),
            ));
            continue;
        }
        if let Some(first) = rows.get(&rel) {
            errors.push(at(
                line,
                format!("`{file}` is listed again (first on line {})", first.line),
            ));
            continue;
        }
        rows.insert(
            rel,
            ManifestRow {
                line,
                outlet,
                values,
            },
        );
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// `file` as a normalized `/`-separated relative path, or `None` when it is absolute or climbs
/// out of the folder.
fn relative_inside(file: &str) -> Option<String> {
    let p = Path::new(file);
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_folder_are_refused() {
        assert_eq!(relative_inside("a/b.txt").as_deref(), Some("a/b.txt"));
        assert_eq!(relative_inside("./a/../b.txt").as_deref(), Some("b.txt"));
        assert_eq!(relative_inside("../b.txt"), None);
        assert_eq!(relative_inside("/etc/passwd"), None);
        assert_eq!(relative_inside("a/../../b.txt"), None);
    }

    #[test]
    fn a_header_naming_a_column_twice_is_refused_with_where_each_is() {
        let files = vec!["a.txt".to_string()];
        let parse = |m: &str| {
            parse_manifest(
                Path::new("m.csv"),
                m.as_bytes(),
                Path::new("."),
                &files,
                &mut Vec::new(),
            )
        };
        assert_eq!(
            parse("file,outlet,Outlet,x,x\na.txt,RT,Display Name,1,2\n").err(),
            Some(vec![
                "m.csv:1: the column `outlet` is there twice (columns 2 and 3: `outlet`, `Outlet`); slant would not know which to read; rename or delete one".to_string(),
                "m.csv:1: the column `x` is there twice (columns 4 and 5: `x`, `x`); slant would not know which to read; rename or delete one".to_string(),
            ])
        );
        let e = parse("file, title ,outlet,TITLE,Title\n")
            .err()
            .unwrap_or_default();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].contains(
                "`title` is there 3 times (columns 2, 4 and 5: `title`, `TITLE`, `Title`)"
            ),
            "{e:?}"
        );
        // Empty names (a spreadsheet's trailing commas) are no columns.
        assert!(parse("file,outlet,,\na.txt,RT,,\n").is_ok());
    }

    proptest::proptest! {
        /// A header is refused exactly when it names a column twice, in any case.
        #[test]
        fn a_repeated_column_is_always_refused(extra in proptest::collection::vec(proptest::sample::select(&["title", "Title", "x", "X", "outlet", "FILE", "story", ""][..]), 0..5)) {
            let files = vec!["a.txt".to_string()];
            let mut names = vec!["file", "outlet"];
            names.extend(extra.iter().copied());
            let m = format!("{}\na.txt,RT\n", names.join(","));
            let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
            let repeated = lower.iter().enumerate().any(|(i, n)| !n.is_empty() && lower[..i].contains(n));
            let got = parse_manifest(Path::new("m.csv"), m.as_bytes(), Path::new("."), &files, &mut Vec::new());
            match got {
                Ok(_) => proptest::prop_assert!(!repeated, "{}", m),
                Err(e) => {
                    proptest::prop_assert!(repeated, "{}: {:?}", m, e);
                    proptest::prop_assert!(e.iter().all(|l| l.starts_with("m.csv:1: the column `")), "{:?}", e);
                }
            }
        }

        /// Any bytes as a manifest: rows or errors, never a panic.
        #[test]
        fn manifest_parsing_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let files = vec!["a.txt".to_string(), "sub/b.txt".to_string()];
            let _ = parse_manifest(Path::new("m.csv"), &bytes, Path::new("."), &files, &mut Vec::new());
        }

        #[test]
        fn manifest_like_text_never_panics(text in "file,outlet(,title|,story|,x|,Outlet|,X)*\n(((\\.\\./)?[a-z/.]{0,8}|\"[^\"]{0,8}\"),[a-z=+@\\-]{0,5}(,[^\n]{0,6})?\n){0,6}") {
            let files = vec!["a.txt".to_string(), "sub/b.txt".to_string()];
            let _ = parse_manifest(Path::new("m.csv"), text.as_bytes(), Path::new("."), &files, &mut Vec::new());
        }
    }
}
