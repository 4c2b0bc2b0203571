//! Compacts the data files the core compiles in into `OUT_DIR`:
//! `data/i18n/en.json` without the whitespace between tokens (and without
//! `privacyChoices`, the GPP module's texts), and
//! `data/trackers.json` as the stub carries it (`trackers.json`: category ->
//! space-separated keys, `*.host` written `.host`; scripts/trackers.mjs makes
//! the stub's copy the same way). The tracker list's `about` note and
//! `sources` (each vendor's documentation) are for people and are left out.
//! serde_json reads and writes them here, at build time only: it is not in
//! the wasm. A data file that is not JSON fails the build.
//!
//! It also sets cfg `problem_codes` for the page's release wasm only (wasm32,
//! release profile, none of the `server`, `module-tcf`, `module-gpp`
//! features): there `say!` puts a short code in place of each config problem
//! sentence (src/core/say.rs). Tests (`wasm-pack test` builds the debug
//! profile), native builds and the other wasm modules keep the sentences.

use std::{env, fs, path::Path};

use serde_json::{Map, Value};

fn read(source: &str) -> Value {
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// `{"hosts": {key: category}}` grouped as the stub carries it, categories
/// in the order they first appear, keys in file order.
fn stub_form(trackers: &Value) -> Value {
    let hosts = trackers.get("hosts").and_then(Value::as_object).expect("data/trackers.json: a hosts object");
    let mut grouped = Map::new();
    for (key, category) in hosts {
        let category = category.as_str().unwrap_or_else(|| panic!("data/trackers.json: {key}: not a category"));
        let key = key.strip_prefix('*').unwrap_or(key);
        match grouped.get_mut(category) {
            Some(Value::String(keys)) => {
                keys.push(' ');
                keys.push_str(key);
            }
            _ => {
                grouped.insert(category.to_string(), Value::String(key.to_string()));
            }
        }
    }
    Value::Object(grouped)
}

/// Whether this is the page's release wasm (see the module's documentation).
fn page_release_wasm() -> bool {
    let var = |name: &str| env::var(name).unwrap_or_default();
    var("TARGET").starts_with("wasm32")
        && var("PROFILE") == "release"
        && ["SERVER", "MODULE_TCF", "MODULE_GPP"].iter().all(|f| env::var_os(["CARGO_FEATURE_", f].concat()).is_none())
}

/// Every `say!("...")` literal of `src/` as written (escapes and all),
/// sorted, each once: a sentence's code is its place in this list.
/// scripts/say-table.mjs reads the sources the same way, so the page's
/// codes and the diagnostics chunk's table agree. Lines that are comments
/// are left out; a `say!(` without one plain string literal, or a literal
/// that is not ASCII (the two sorts must agree), fails the build.
fn say_literals(dir: &Path, found: &mut std::collections::BTreeSet<String>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            say_literals(&path, found);
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|line| !line.trim_start().starts_with("//")) {
            for (_, rest) in line.match_indices("say!(").map(|(at, _)| line.split_at(at + 5)) {
                let literal = rest.trim_start().strip_prefix('"').and_then(|body| {
                    let mut escaped = false;
                    let end = body.char_indices().find(|&(_, c)| {
                        let close = c == '"' && !escaped;
                        escaped = c == '\\' && !escaped;
                        close
                    })?;
                    let (body, after) = body.split_at(end.0);
                    after[1..].trim_start().starts_with(')').then_some(body)
                });
                match literal {
                    Some(body) if body.is_ascii() => {
                        found.insert(body.to_string());
                    }
                    _ => panic!("{}: say!( needs one plain ASCII string literal: {line}", path.display()),
                }
            }
        }
    }
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(problem_codes)");
    println!("cargo:rerun-if-changed=src");
    let mut sentences = std::collections::BTreeSet::new();
    say_literals(Path::new("src"), &mut sentences);
    let mut table =
        String::from("/// Every `say!` literal of src/, sorted (build.rs).\npub const SENTENCES: &[&str] = &[\n");
    for sentence in &sentences {
        table.push_str("    \"");
        table.push_str(sentence);
        table.push_str("\",\n");
    }
    table.push_str("];\n");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    fs::write(Path::new(&out_dir).join("say.rs"), table).unwrap_or_else(|e| panic!("say.rs: {e}"));
    if page_release_wasm() {
        println!("cargo::rustc-cfg=problem_codes");
    }
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let trackers = stub_form(&read("data/trackers.json"));
    let mut english = read("data/i18n/en.json");
    // The opt-out UI's texts are the GPP module's (js/iab/gpp-page.js), not the core's.
    if let Some(texts) = english.as_object_mut() {
        texts.remove("privacyChoices");
    }
    for (target, value) in [("trackers.json", trackers), ("en.json", english)] {
        let compact = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{target}: {e}"));
        fs::write(Path::new(&out).join(target), compact).unwrap_or_else(|e| panic!("{target}: {e}"));
    }
}
