//! The backend's layout, checked: no module imports from one that imports it (directly or
//! round a loop), at the level of files and of top-level modules (a workflow's folder counts
//! as one), and no file grows past 600 lines. A layout rule that nothing checks drifts.

// Test code: a file that cannot be read should stop the test loudly.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// The module path of a file under `backend/`: `orders/drafting.rs` is `orders::drafting`,
/// `orders/mod.rs` is `orders`.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "entities") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The identifiers that follow each occurrence of `prefix` (`crate::backend::`, `super::`).
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: Vec<&str> = rest
            .split("::")
            .map_while(|segment| {
                let end = segment
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(segment.len());
                (end > 0).then(|| &segment[..end])
            })
            .take(2)
            .collect();
        found.push(path);
    }
    found
}

/// Drops the `#[cfg(test)] mod tests` at the end of a file: tests may reach anywhere.
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at])
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    let mut found = stack[from..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, graph, state, stack) {
                        return Some(found);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node.as_str())
            && let Some(found) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(found);
        }
    }
    None
}

#[test]
fn the_backend_has_no_import_cycle_and_no_long_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/backend");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&root, f)).collect();
    // The file a path names: `orders::drafting` if that is a file, else `orders`.
    let resolve = |path: &[&str]| -> Vec<String> {
        let full: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        if modules.contains(&full) {
            full
        } else {
            full[..1].to_vec()
        }
    };
    let mut files_graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut top_graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text.lines().count();
        if lines > MAX_LINES {
            long.push(format!("{} ({lines} lines)", file.display()));
        }
        let me = module_of(&root, file);
        let code = without_tests(&text);
        let mut targets = Vec::new();
        for path in paths_after(code, "crate::backend::") {
            if !path.is_empty() {
                targets.push(resolve(&path));
            }
        }
        for path in paths_after(code, "super::") {
            // `super::` from `orders/drafting.rs` names a sibling in `orders/`.
            let parent = &me[..me.len().saturating_sub(1)];
            let mut full: Vec<&str> = parent.iter().map(String::as_str).collect();
            full.extend(path.iter().take(1));
            if full.len() > parent.len() {
                targets.push(resolve(&full));
            }
        }
        for target in targets {
            if target.first().is_some_and(|t| t == "entities") || target == me {
                continue;
            }
            // A folder's `mod.rs` re-exports its own files; that is not an import loop.
            if target.len() > me.len() && target.starts_with(&me) {
                continue;
            }
            files_graph
                .entry(me.join("::"))
                .or_default()
                .insert(target.join("::"));
            if target[0] != me[0] {
                top_graph
                    .entry(me[0].clone())
                    .or_default()
                    .insert(target[0].clone());
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
    assert_eq!(cycle(&top_graph), None, "modules importing each other");
    assert_eq!(cycle(&files_graph), None, "files importing each other");
    // The check itself sees the layout: workflows import the shared reads.
    assert!(top_graph["orders"].contains("directives"), "{top_graph:?}");
}
