//! The crate's layers point one way and its modules import in no circle:
//! core ← config ← transport ← ui, core ← receiver, core (and config) ← cli; the core,
//! the configuration and the transport import no Yew, and the core and the
//! configuration nothing of the browser.
//!
//! Read from the sources: every `crate::…` and `super::…` path in a module (its
//! `use` items and paths written in place, braces expanded) is an edge to the module
//! it names; comments and unit-test modules are left out (tests may look anywhere).

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path ("ui::state") → its source, tests cut off.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            let name = if prefix.is_empty() {
                stem.clone()
            } else {
                format!("{prefix}::{stem}")
            };
            if path.is_dir() && stem != "bin" && stem != "embed" {
                walk(&path, &name, out);
            } else if path.extension().is_some_and(|e| e == "rs") && stem != "tests" {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let code = text
                    .split("#[cfg(test)]\nmod tests")
                    .next()
                    .unwrap_or_default();
                // Comments (intra-doc links among them) are not imports.
                let code: Vec<&str> = code
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect();
                let name = if name == "lib" || name == "main" {
                    String::new()
                } else {
                    name
                };
                out.insert(name, code.join("\n"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut out,
    );
    out.remove("");
    out
}

/// The identifier path that starts at `at` in `text`, with `{…}` groups expanded.
fn paths_at(text: &str, at: usize) -> Vec<String> {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(rest.len());
    let head = rest[..end].trim_end_matches(':').to_owned();
    if !rest[end..].starts_with('{') || !rest[..end].ends_with("::") {
        return vec![head];
    }
    // A group: split its items at depth 1.
    let (mut depth, mut start, mut items) = (0, end + 1, Vec::new());
    for (i, c) in rest.char_indices().skip(end) {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                for tail in paths_at(rest, start) {
                    if !tail.is_empty() {
                        items.push(format!("{head}::{tail}"));
                    }
                }
                start = i + 1;
                while rest[start..].starts_with([' ', '\n']) {
                    start += 1;
                }
                if c == '}' {
                    break;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    items
}

/// The modules `module` imports from.
fn imports(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let before = code[..at].chars().last().unwrap_or(' ');
        if before.is_alphanumeric()
            || before == '_'
            || (before == ':' && !code[..at].ends_with("::"))
        {
            continue;
        }
        if code[..at].ends_with("super::") {
            continue; // counted from the first `super::`
        }
        for path in paths_at(code, at) {
            let mut segments: Vec<&str> = path.split("::").collect();
            let mut base: Vec<&str> = Vec::new();
            if segments.first() == Some(&"crate") {
                segments.remove(0);
            } else {
                base = module.split("::").collect();
                while segments.first() == Some(&"super") {
                    segments.remove(0);
                    base.pop();
                }
            }
            base.extend(segments);
            // The longest prefix that is a module.
            while !base.is_empty() && !known.contains(&base.join("::")) {
                base.pop();
            }
            let target = base.join("::");
            if !target.is_empty() && target != module {
                out.insert(target);
            }
        }
    }
    out
}

fn layer(module: &str) -> &str {
    module.split("::").next().unwrap_or_default()
}

#[test]
fn layers_point_down_and_no_module_imports_in_a_circle() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let allowed: BTreeMap<&str, &[&str]> = [
        ("core", &["core"][..]),
        ("config", &["core", "config"][..]),
        ("transport", &["core", "config", "transport"][..]),
        ("ui", &["core", "config", "transport", "ui"][..]),
        ("receiver", &["core", "receiver"][..]),
        ("cli", &["core", "config", "cli"][..]),
    ]
    .into_iter()
    .collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(m, code)| (m.as_str(), imports(m, code, &known)))
        .collect();
    assert!(
        graph["ui::components::inspector"].contains("ui::hooks"),
        "the reader works"
    );
    let mut wrong = Vec::new();
    for (module, targets) in &graph {
        let ok = allowed.get(layer(module)).copied().unwrap_or_default();
        for target in targets.iter().filter(|t| !ok.contains(&layer(t))) {
            wrong.push(format!("{module} imports {target}"));
        }
        let code = &modules[*module];
        let browser = ["yew", "web_sys", "js_sys", "wasm_bindgen", "gloo"];
        for name in browser.iter().filter(|n| code.contains(&format!("{n}::"))) {
            let forbidden = match layer(module) {
                "core" | "config" => true,
                "transport" => *name == "yew",
                _ => false,
            };
            if forbidden {
                wrong.push(format!("{module} uses {name}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    // A circle: a module that reaches itself again through its imports.
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> =
            vec![(start.to_string(), vec![start.to_string()])];
        while let Some((module, path)) = stack.pop() {
            for next in graph.get(module.as_str()).into_iter().flatten() {
                if next == start {
                    panic!("an import circle: {} → {start}", path.join(" → "));
                }
                if seen.insert(next.clone()) {
                    let mut path = path.clone();
                    path.push(next.clone());
                    stack.push((next.clone(), path));
                }
            }
        }
    }
}
