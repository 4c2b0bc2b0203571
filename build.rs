//! Compacts the data files the core compiles in (`data/trackers.json`,
//! `data/i18n/en.json`) into `OUT_DIR`: the whitespace between tokens, and
//! the tracker list's `about` note and `sources` (each vendor's
//! documentation) are for people, and would otherwise ship in every payload
//! (kilobytes of wasm). serde_json reads and writes them here, at build
//! time only: it is not in the wasm.
//! A data file that is not JSON fails the build.

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    // `for_people`: drop the top-level members written for readers.
    for (source, target, for_people) in
        [("data/trackers.json", "trackers.json", true), ("data/i18n/en.json", "en.json", false)]
    {
        println!("cargo:rerun-if-changed={source}");
        let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        if for_people {
            if let Some(members) = value.as_object_mut() {
                members.shift_remove("about");
                members.shift_remove("sources");
            }
        }
        let compact = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{source}: {e}"));
        fs::write(Path::new(&out).join(target), compact).unwrap_or_else(|e| panic!("{target}: {e}"));
    }
}
