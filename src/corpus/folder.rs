//! Folder corpora: every `*.txt` below a folder, with the metadata of its manifest.
//!
//! A folder corpus is every `*.txt` below the folder; its `manifest.csv` (or `--manifest FILE`)
//! gives `file,outlet` and optional `title,date,url,story` and any further columns, which are
//! carried into articles.csv. Listing articles reads no article text: reading and decoding happen
//! in the parallel stage, so a run starts at once and memory holds only the articles in flight.

use super::{ArticleRef, UNKNOWN_OUTLET};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

pub(super) struct ManifestRow {
    line: u64,
    outlet: String,
    values: HashMap<String, String>,
}

/// Lists the articles of a folder corpus, in path order: each with its metadata and its file.
/// Manifest columns beyond `file,outlet` are added to `meta_columns`.
pub fn open_folder(
    dir: &Path,
    manifest: Option<&Path>,
    meta_columns: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<(ArticleRef, PathBuf)>, Vec<String>> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)
        .map_err(|e| vec![format!("{}: cannot list the folder: {e}", dir.display())])?;
    files.sort();

    let default_manifest = dir.join("manifest.csv");
    let manifest_path = manifest
        .map(Path::to_path_buf)
        .or_else(|| default_manifest.is_file().then_some(default_manifest));
    let rows = match &manifest_path {
        Some(p) => read_manifest(p, dir, &files, meta_columns)?,
        None => BTreeMap::new(),
    };
    let mut missing = 0;
    let mut out = Vec::with_capacity(files.len());
    for rel in files {
        let id = rel.trim_end_matches(".txt").to_owned();
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
        out.push((
            ArticleRef {
                id,
                outlet,
                meta,
                origin: path.display().to_string(),
            },
            path,
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

/// Relative `/`-separated paths of every `*.txt` below `dir`.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            if let Ok(rel) = path.strip_prefix(root) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

/// Reads a manifest. Every bad row is reported, each as `manifest:line: message`.
fn read_manifest(
    path: &Path,
    dir: &Path,
    files: &[String],
    meta_columns: &mut Vec<String>,
) -> Result<BTreeMap<String, ManifestRow>, Vec<String>> {
    let bytes = std::fs::read(path)
        .map_err(|e| vec![format!("{}: cannot read the manifest: {e}", path.display())])?;
    parse_manifest(path, &bytes, dir, files, meta_columns)
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
        Ok(h) => h.iter().map(str::to_ascii_lowercase).collect(),
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
                    e.position().map_or(0, |p| p.line()),
                    format!("not valid CSV: {e}"),
                ));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
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

    proptest::proptest! {
        /// Any bytes as a manifest: rows or errors, never a panic.
        #[test]
        fn manifest_parsing_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let files = vec!["a.txt".to_string(), "sub/b.txt".to_string()];
            let _ = parse_manifest(Path::new("m.csv"), &bytes, Path::new("."), &files, &mut Vec::new());
        }

        #[test]
        fn manifest_like_text_never_panics(text in "file,outlet(,title|,story|,x)*\n(((\\.\\./)?[a-z/.]{0,8}|\"[^\"]{0,8}\"),[a-z=+@\\-]{0,5}(,[^\n]{0,6})?\n){0,6}") {
            let files = vec!["a.txt".to_string(), "sub/b.txt".to_string()];
            let _ = parse_manifest(Path::new("m.csv"), text.as_bytes(), Path::new("."), &files, &mut Vec::new());
        }
    }
}
