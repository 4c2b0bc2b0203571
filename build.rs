//! Compacts the data files the core compiles in (`data/trackers.json`,
//! `data/i18n/en.json`) into `OUT_DIR`: whitespace between tokens and the
//! tracker list's top-level `about` note and trailing `sources` (each
//! vendor's documentation) are for people, and would otherwise be shipped
//! in every payload (kilobytes of wasm).
//! The JSON itself is not checked here: the core's tests parse the
//! compacted text (`trackers::table`, `i18n::ENGLISH`).

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    for (source, target, drop_about) in
        [("data/trackers.json", "trackers.json", true), ("data/i18n/en.json", "en.json", false)]
    {
        println!("cargo:rerun-if-changed={source}");
        let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut compact = without_whitespace(&text);
        if drop_about {
            compact = without_trailing_sources(&without_leading_about(&compact));
        }
        fs::write(Path::new(&out).join(target), compact).unwrap_or_else(|e| panic!("{target}: {e}"));
    }
}

/// The JSON text without the whitespace between tokens (strings untouched).
fn without_whitespace(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// A compact object text without its first member when that is
/// `"about":"…"` (the file's note to people).
fn without_leading_about(compact: &str) -> String {
    let Some(rest) = compact.strip_prefix("{\"about\":\"") else {
        return compact.to_owned();
    };
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => {
                let after = &rest[i + 1..];
                return format!("{{{}", after.strip_prefix(',').unwrap_or(after));
            }
            _ => {}
        }
    }
    compact.to_owned()
}

/// A compact object text without its last member when that is
/// `"sources":{…}` (people's notes; nothing before it contains `},"sources":`).
fn without_trailing_sources(compact: &str) -> String {
    match compact.find("},\"sources\":{") {
        Some(i) => format!("{}}}", &compact[..=i]),
        None => compact.to_owned(),
    }
}
