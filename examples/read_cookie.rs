//! What a Rust web server does with Consentry's core: reads a request's
//! `Cookie:` header and answers with the visitor's choice, by the rules the
//! page itself applies (docs/server.md).
//!
//! ```text
//! cargo run --example read_cookie -- CONFIG.json 'Cookie: consentry=1.…'
//! printf 'consentry=1.…' | cargo run --example read_cookie -- CONFIG.json
//! ```
//!
//! Prints the record as the JSON `getConsent()` returns, or `null` when the
//! header holds no valid choice for this config; then one
//! `category: granted|denied` line per category. Exit code 2 for a bad
//! command line, 1 for an invalid config.
//!
//! `cargo test` runs the tests at the end (`test = true` in Cargo.toml).

use consentry::core::server::read_consent;
use consentry::core::{Config, Error};
use std::io::Read;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// The header value without a leading `Cookie:` (as copied from devtools).
fn header_value(line: &str) -> &str {
    let line = line.trim();
    match line.split_once(':') {
        Some((name, rest)) if name.eq_ignore_ascii_case("cookie") => rest.trim(),
        _ => line,
    }
}

/// The report for one header: the record's JSON (or `null`), then a line
/// per category of the record. (A server parses its config once, at start.)
fn report(config_text: &str, header: &str, now: u64) -> Result<String, String> {
    let config = Config::parse(config_text).map_err(|problems| Error::Config(problems).message())?.config;
    let record = read_consent(header_value(header), &config, now, false);
    let Some(record) = record else { return Ok("null\n".into()) };
    let mut out = record.to_json();
    out.push('\n');
    for (category, on) in &record.categories {
        out.push_str(&format!("{category}: {}\n", if *on { "granted" } else { "denied" }));
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(config_path) = args.first() else {
        eprintln!("usage: read_cookie CONFIG.json [COOKIE-HEADER]  (the header from stdin when absent)");
        return ExitCode::from(2);
    };
    let config_text = match std::fs::read_to_string(config_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("read_cookie: {config_path}: {e}");
            return ExitCode::from(2);
        }
    };
    let header = match args.get(1) {
        Some(h) => h.clone(),
        None => {
            let mut h = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut h) {
                eprintln!("read_cookie: stdin: {e}");
                return ExitCode::from(2);
            }
            h
        }
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    match report(&config_text, &header, now) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use consentry::core::session::{Moment, Page, Session};
    use consentry::core::Decision;

    const CONFIG: &str = r#"{"categories":{"necessary":{"required":true},"analytics":{},"marketing":{}}}"#;
    const NOW: u64 = 1_800_000_000;

    /// The `Cookie:` line a browser sends after a page recorded `decision`.
    fn cookie_line(decision: Decision) -> String {
        let page = Page { host: "example.com".into(), path: "/".into(), ..Page::default() };
        let at = Moment { jar: "", now: NOW, id: [3; 12] };
        let (mut session, _) = Session::start(CONFIG, None, page, &at).unwrap();
        let writes = session.decide(&decision, &at).unwrap();
        format!("Cookie: lang=en; {}", writes[0].split(';').next().unwrap())
    }

    #[test]
    fn reports_the_choice_of_a_cookie_line() {
        let out = report(CONFIG, &cookie_line(Decision::Accept(vec!["analytics".into()])), NOW + 1).unwrap();
        let mut lines = out.lines();
        let json = lines.next().unwrap();
        assert!(json.starts_with("{\"id\":") && json.contains("\"method\":\"custom\""), "{json}");
        assert_eq!(lines.collect::<Vec<_>>(), ["necessary: granted", "analytics: granted", "marketing: denied"]);
    }

    #[test]
    fn no_valid_choice_is_null_and_a_bad_config_an_error() {
        assert_eq!(report(CONFIG, "Cookie: consentry=1.0.x", NOW,).unwrap(), "null\n");
        assert_eq!(report(CONFIG, "", NOW).unwrap(), "null\n");
        // Expired (182 days by default).
        assert_eq!(report(CONFIG, &cookie_line(Decision::AcceptAll), NOW + 183 * 86_400).unwrap(), "null\n");
        assert!(report("{}", "", NOW).unwrap_err().starts_with("Consentry: invalid config"));
    }

    #[test]
    fn the_header_name_is_optional() {
        assert_eq!(header_value("  cookie: a=1; b=2\n"), "a=1; b=2");
        assert_eq!(header_value("a=1; b=2"), "a=1; b=2");
    }
}
