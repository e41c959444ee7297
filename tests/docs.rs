//! Every "§" the code and the tests cite names a section of docs/rubric-v1.md, the one
//! place the format and the rules are described, and nothing cites a document the
//! repository does not hold.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const DOC: &str = "docs/rubric-v1.md";

/// The section numbers the document's headings give: "## §2 Scoring" → "2".
fn sections(doc: &str) -> Vec<String> {
    doc.lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| l.split_once('§'))
        .filter_map(|(_, rest)| rest.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// Every source file under `dir` (Rust, JavaScript, TypeScript), fixtures aside.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("fixtures") && !path.ends_with("node_modules") {
            sources(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| ["rs", "js", "mjs", "ts"].iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

#[test]
fn every_section_cited_is_in_the_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join(DOC)).expect("docs/rubric-v1.md");
    let known = sections(&doc);
    assert!(known.contains(&"2".to_owned()), "{known:?}");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("tests"), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            // This file's own strings are not citations.
            if file.ends_with("docs.rs") {
                continue;
            }
            for (at, _) in line.match_indices('§') {
                let cited = line[at + '§'.len_utf8()..]
                    .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('.');
                let names_doc = line[..at].trim_end().ends_with(DOC);
                if !names_doc || !known.iter().any(|s| s == cited) {
                    wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
            if line.contains("CONTRACT") {
                wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "citations that name no section of {DOC}:\n{}",
        wrong.join("\n")
    );
}
