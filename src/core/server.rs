//! Consent on the server: what a request's `Cookie` header says the visitor
//! chose, by the page's own rules, so a server renders only what the page
//! would let through.
//!
//! [`stored_record`] is how the page's start reads its stored choice too
//! ([`super::session::Session::start`]): the cookie named by the config,
//! decoded by [`decode`] (canonical form only, so a tampered or foreign
//! value is no consent) and kept only while [`Record::validity`] says it
//! still answers for this config (revision, layout, expiry, plausible
//! times). Nothing here has a clock: `now` comes in, as everywhere in the
//! core.
//!
//! Used natively by a Rust web server (`examples/read_cookie.rs`,
//! docs/server.md) and by `consentry/server` in Node and edge runtimes
//! through the exports at the end of `src/api.rs` (the `server` feature).

use super::cookie::{decode, deletion_strings, read_cookie};
use super::record::ID_BYTES;
use super::{Config, Record, Validity};

/// The valid record that `cookie_header` (a request's `Cookie` header, or a
/// `document.cookie` string: `name=value; name=value`) holds for `config`
/// at `now` (Unix seconds), or `None`: no cookie, a value that is not ours
/// (tampered, truncated, another format), an older revision, other
/// categories or services, expired, or times that cannot be true.
pub fn stored_record(cookie_header: &str, config: &Config, now: u64) -> Option<Record> {
    read_cookie(cookie_header, &config.cookie.name)
        .and_then(|value| decode(value, config).ok())
        .filter(|r| r.validity(config, now) == Validity::Valid)
}

/// The visitor's choice for a request: [`stored_record`], and with `gpc`
/// (the request's Global Privacy Control signal, `Sec-GPC: 1`) narrowed as
/// the page narrows it when it starts: a stored choice that grants a
/// sale/sharing category without having been made under GPC loses it, so
/// the server renders what the page will allow. (Without a stored choice
/// the answer stays `None`: the page makes its own record, with its own
/// random id.)
///
/// Parse the config once ([`Config::parse`], the text the page uses) and
/// call this per request.
pub fn read_consent(cookie_header: &str, config: &Config, now: u64, gpc: bool) -> Option<Record> {
    let stored = stored_record(cookie_header, config, now)?;
    if gpc {
        // The id bytes are unused: a stored record keeps its id.
        if let Some(narrowed) = Record::apply_gpc(config, Some(&stored), now, &[0; ID_BYTES]) {
            return Some(narrowed);
        }
    }
    Some(stored)
}

/// The `Set-Cookie` header values that forget the stored choice, as the
/// page's `reset()` does: the consent cookie deleted on every domain and
/// path variant it may have been set with, for a request to `host` at
/// `path`.
pub fn reset_cookies(config: &Config, host: &str, path: &str) -> Vec<String> {
    deletion_strings(&config.cookie.name, host, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cookie::encode;
    use crate::core::session::{Moment, Page, Session};
    use crate::core::Decision;

    const CONFIG: &str = r#"{"revision":2,"cookie":{"name":"cy","expiresDays":30},"categories":{
        "necessary":{"required":true},"analytics":{},"marketing":{"sale":true,"services":{"fb":{},"ads":{}}}}}"#;
    const NOW: u64 = 1_800_000_000;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    fn read(header: &str, text: &str, now: u64, gpc: bool) -> Option<Record> {
        read_consent(header, &config(text), now, gpc)
    }

    /// The `Cookie` header after a page recorded `decision` at `NOW`.
    fn header_after(decision: Decision) -> String {
        let page = Page { host: "shop.example.com".into(), path: "/".into(), ..Page::default() };
        let at = Moment { jar: "", now: NOW, id: [5; ID_BYTES] };
        let (mut session, _) = Session::start(CONFIG, None, page, &at).unwrap();
        let writes = session.decide(&decision, &at).unwrap();
        let pair = writes[0].split(';').next().unwrap();
        format!("theme=dark; {pair}; _ga=GA1.1")
    }

    #[test]
    fn reads_what_a_page_wrote() {
        let header = header_after(Decision::Accept(vec!["analytics".into()]));
        let record = read(&header, CONFIG, NOW + 60, false).unwrap();
        assert!(record.has("necessary") && record.has("analytics") && !record.has("marketing"));
        assert_eq!(record.updated, NOW);
        assert_eq!(stored_record(&header, &config(CONFIG), NOW), Some(record));
    }

    #[test]
    fn no_cookie_or_a_foreign_one_is_no_consent() {
        for header in ["", "cy=", "cy=yes", "cy=1.2", "other=1", ";;;", "cy"] {
            assert_eq!(read(header, CONFIG, NOW, false), None, "{header:?}");
        }
    }

    #[test]
    fn tampered_expired_and_older_revision_cookies_are_no_consent() {
        let header = header_after(Decision::AcceptAll);
        assert!(read(&header, CONFIG, NOW, false).is_some());
        // Expired: 30 days after the choice.
        assert_eq!(read(&header, CONFIG, NOW + 30 * 86_400, false), None);
        // The site bumped its revision.
        let bumped = CONFIG.replacen("\"revision\":2", "\"revision\":3", 1);
        assert_eq!(read(&header, &bumped, NOW, false), None);
        // A category was added.
        let grown = CONFIG.replacen("\"analytics\":{}", "\"analytics\":{},\"embeds\":{}", 1);
        assert_eq!(read(&header, &grown, NOW, false), None);
        // Made in the future (beyond the clock slack).
        assert_eq!(read(&header, CONFIG, NOW - 3 * 86_400, false), None);
        // Edited by hand: the choice bits, a truncation, an extra character.
        let value = header.split("cy=").nth(1).unwrap().split(';').next().unwrap();
        let last = value.chars().last().unwrap();
        let flipped = format!("{}{}", &value[..value.len() - 1], if last == '_' { '-' } else { '_' });
        for bad in [flipped, value[..value.len() - 1].to_string(), format!("{value}A")] {
            assert_eq!(read(&format!("cy={bad}"), CONFIG, NOW, false), None, "{bad}");
        }
    }

    #[test]
    fn the_first_cookie_of_the_name_counts_as_in_the_browser() {
        let header = header_after(Decision::RejectAll);
        let pair = header.split("; ").find(|p| p.starts_with("cy=")).unwrap();
        let record = read(&format!("{pair}; cy=garbage"), CONFIG, NOW, false).unwrap();
        assert_eq!(record.method.as_str(), "reject-all");
        assert_eq!(read(&format!("cy=garbage; {pair}"), CONFIG, NOW, false), None);
    }

    #[test]
    fn gpc_narrows_a_stored_choice_as_the_page_will() {
        let header = header_after(Decision::AcceptAll);
        let narrowed = read(&header, CONFIG, NOW + 5, true).unwrap();
        assert!(narrowed.has("analytics") && !narrowed.has("marketing") && narrowed.gpc);
        // The page, starting with the same jar and signal, holds the same record.
        let page = Page { host: "shop.example.com".into(), path: "/".into(), gpc: true, ..Page::default() };
        let at = Moment { jar: &header, now: NOW + 5, id: [9; ID_BYTES] };
        let (session, _) = Session::start(CONFIG, None, page, &at).unwrap();
        assert_eq!(session.consent_json(), Some(narrowed.to_json()));
        // No stored choice: nothing to narrow, nothing granted.
        assert_eq!(read("", CONFIG, NOW, true), None);
        // A choice that grants no sale/sharing category stays as it is.
        let rejected = header_after(Decision::RejectAll);
        let kept = read(&rejected, CONFIG, NOW, true).unwrap();
        assert_eq!(encode(&kept, &config(CONFIG)), rejected.split("cy=").nth(1).unwrap().split(';').next().unwrap());
    }

    #[test]
    fn reset_deletes_the_consent_cookie_on_every_variant() {
        let lines = reset_cookies(&config(CONFIG), "www.example.com", "/shop/cart");
        assert!(lines.iter().all(|l| l.starts_with("cy=; Max-Age=0; ")), "{lines:?}");
        for want in ["Path=/; Domain=.example.com", "Path=/shop; Domain=www.example.com", "Path=/shop/cart"] {
            assert!(lines.iter().any(|l| l.ends_with(want)), "missing {want}: {lines:?}");
        }
        assert_eq!(reset_cookies(&config(CONFIG), "localhost", "/").len(), 1);
    }
}
