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

fn main() {
    println!("cargo::rustc-check-cfg=cfg(problem_codes)");
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
