//! The site's configuration: one model for the `#consentry-config` JSON tag
//! and for `init(config)` (which the JS side serialises to the same JSON).
//!
//! [`Config::parse`] never stops at the first mistake: it walks the whole
//! document and returns every problem with its path, e.g.
//! `categories.analytics.cookies[2].name: must not be empty`. Unknown
//! options are warnings (a typo should be visible, not fatal).
//!
//! * `types.rs`: the model, with its defaults;
//! * `checks.rs`: what a valid key, cookie name, language or link is;
//! * `reader.rs`: paths, problems and readers for JSON value kinds;
//! * `sections.rs`: what each option of the document means;
//! * `services.rs`: a category's services;
//! * `tcf.rs`: the `tcf` section (IAB TCF v2.3).
//! * `regions.rs`: the `regions` and `gpp` sections (not in the page's core).

mod checks;
mod reader;
#[cfg(any(not(target_arch = "wasm32"), feature = "module-gpp", feature = "server"))]
pub mod regions;
mod sections;
mod services;
mod tcf;
mod types;

pub use checks::{is_safe_url, is_valid_cookie_name, is_valid_key, is_valid_language};
pub use tcf::read_tcf_site;
pub use types::*;

use super::encoding::push_decimal;
use super::json;
use reader::Reader;

impl Config {
    /// Reads and validates a JSON config text.
    pub fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
        let value = json::parse(text).map_err(|e| {
            let mut message = String::from(say!("not valid JSON ("));
            message.push_str(e.reason);
            push_position(&mut message, text, e.offset);
            message.push(')');
            vec![Problem { path: String::new(), message }]
        })?;
        Config::from_json(&value)
    }

    /// Validates an already parsed JSON value.
    pub fn from_json(value: &json::Json) -> Result<Parsed, Vec<Problem>> {
        let mut reader = Reader::default();
        let config = reader.config(value);
        if reader.problems.is_empty() {
            Ok(Parsed { config, warnings: reader.warnings })
        } else {
            Err(reader.problems)
        }
    }
}

/// ` at line L, column C` of byte `offset` in `text` (both from 1, the
/// column in characters), where an editor shows the place.
fn push_position(out: &mut String, text: &str, offset: usize) {
    let (mut line, mut column) = (1, 1);
    for b in text.bytes().take(offset) {
        if b == b'\n' {
            (line, column) = (line + 1, 1);
        } else if b & 0xC0 != 0x80 {
            // Characters, not bytes: UTF-8 continuation bytes do not start one.
            column += 1;
        }
    }
    out.push_str(" at line ");
    push_decimal(out, line);
    out.push_str(", column ");
    push_decimal(out, column);
}

#[cfg(test)]
mod tests;
