//! The consent cookie on the `document.cookie` side: the `Set-Cookie`
//! string that stores a value, reading a value back from the jar's text,
//! and deleting the cookies a record withdraws, however they were set.

use crate::core::config::{Config, CookieOptions, SameSite, Store};
use crate::core::encoding::{push_decimal, push_http_date};
use crate::core::record::Record;
use crate::core::split::{has_byte, split, split_once};
use crate::core::withdrawal::withdraws;

/// Whether `host` can carry a `Domain` attribute (a dotted name, not an IP).
fn is_dotted_name(host: &str) -> bool {
    let bytes = host.as_bytes();
    bytes.contains(&b'.') && !bytes.contains(&b':') && !bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.')
}

/// The full string to assign to `document.cookie` to store `value`.
///
/// `Domain` only when configured and the page is on a dotted host name;
/// `Secure` when configured, or by default on https.
pub fn set_cookie_string(options: &CookieOptions, value: &str, now: u64, host: &str, https: bool) -> String {
    let max_age = u64::from(options.expires_days) * 86_400;
    let mut out = String::with_capacity(160);
    out.push_str(&options.name);
    out.push('=');
    out.push_str(value);
    out.push_str("; Max-Age=");
    push_decimal(&mut out, max_age);
    out.push_str("; Expires=");
    push_http_date(&mut out, now.saturating_add(max_age));
    out.push_str("; Path=");
    out.push_str(&options.path);
    if let Some(domain) = &options.domain {
        if is_dotted_name(host) {
            out.push_str("; Domain=");
            out.push_str(domain);
        }
    }
    out.push_str("; SameSite=");
    out.push_str(options.same_site.as_str());
    if options.secure.unwrap_or(https) || options.same_site == SameSite::None {
        out.push_str("; Secure");
    }
    out
}

/// The value of cookie `name` in a `document.cookie` string (the first, as
/// browsers list the most specific path first).
pub fn read_cookie<'a>(document_cookie: &'a str, name: &str) -> Option<&'a str> {
    cookie_pairs(document_cookie).find_map(|(k, v)| (k == name).then_some(v))
}

/// The `name=value` pairs of a `document.cookie` string.
fn cookie_pairs(document_cookie: &str) -> impl Iterator<Item = (&str, &str)> {
    split(document_cookie, b';').filter_map(|pair| split_once(pair.trim_start(), b'='))
}

/// The names of the cookies in a `document.cookie` string, each once.
pub fn cookie_names(document_cookie: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in cookie_pairs(document_cookie) {
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Whether cookie `name` matches `pattern`, where `*` stands for any run of
/// characters (`_ga_*`, `wordpress_logged_in_*`, `*_session`).
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    // Where the last `*` was, and how much of the name it has taken.
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = n.get(ni) {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&b) if b == c => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.iter().skip(pi).all(|&b| b == b'*')
}

/// The present cookies (from a `document.cookie` string) that `pattern` matches.
pub fn matching_cookies<'a>(pattern: &str, document_cookie: &'a str) -> Vec<&'a str> {
    cookie_names(document_cookie).into_iter().filter(|n| matches_pattern(pattern, n)).collect()
}

/// The present cookies (from a `document.cookie` string) that `record` no
/// longer allows: those the config declares for a denied category, or for a
/// denied service of a granted one (exact names and patterns). The consent
/// cookie itself is never among them.
pub fn withdrawn_cookies<'a>(config: &Config, record: &Record, document_cookie: &'a str) -> Vec<&'a str> {
    let mut withdrawn = Vec::new();
    for name in cookie_names(document_cookie) {
        if name != config.cookie.name && withdraws(config, record, Store::Cookie as u8, name) {
            withdrawn.push(name);
        }
    }
    withdrawn
}

/// Longest page path whose directories get their own deletion strings.
const MAX_DELETION_PATH: usize = 512;
/// At most this many paths per domain variant.
const MAX_DELETION_PATHS: usize = 24;

/// The strings to assign to `document.cookie` to delete cookie `name` however
/// it was set: host-only and for each parent domain of `host` (with and
/// without the leading dot), on `/` and on each directory of `page_path`.
pub fn deletion_strings(name: &str, host: &str, page_path: &str) -> Vec<String> {
    // `/`, then each directory with and without its trailing slash, then the page itself.
    let mut paths = vec!["/"];
    for (i, b) in page_path.bytes().enumerate().take(MAX_DELETION_PATH + 1) {
        if i > 0 && b == b'/' {
            paths.extend(page_path.get(..i));
            paths.extend(page_path.get(..=i));
        }
    }
    if page_path.len() > 1
        && page_path.len() <= MAX_DELETION_PATH
        && page_path.starts_with('/')
        && !page_path.ends_with('/')
    {
        paths.push(page_path);
    }
    paths.truncate(MAX_DELETION_PATHS);

    // Host-only, then every suffix of the host with a dot in it
    // (www.example.com, example.com), bare and with a leading dot.
    let mut domains = vec![("", "")];
    if is_dotted_name(host) {
        let mut suffix = Some(host);
        while let Some(domain) = suffix.filter(|d| has_byte(d.as_bytes(), b'.')) {
            domains.extend([("", domain), (".", domain)]);
            suffix = split_once(domain, b'.').map(|(_, tail)| tail);
        }
    }
    let mut out = Vec::with_capacity(domains.len() * paths.len());
    for (dot, domain) in domains {
        for path in &paths {
            let mut s = String::with_capacity(name.len() + domain.len() + path.len() + 73);
            s.push_str(name);
            s.push_str("=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=");
            s.push_str(path);
            if !domain.is_empty() {
                s.extend(["; Domain=", dot, domain]);
            }
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::record::{Decision, ID_BYTES};

    const NOW: u64 = 1_795_424_640;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    fn record(c: &Config, d: Decision) -> Record {
        Record::decide(c, None, &d, NOW, &[42; ID_BYTES]).unwrap()
    }

    #[test]
    fn set_cookie_string_has_every_attribute() {
        let mut o = CookieOptions::default();
        let s = set_cookie_string(&o, "v", NOW, "localhost", false);
        assert_eq!(s, "consentry=v; Max-Age=15724800; Expires=Mon, 24 May 2027 09:04:00 GMT; Path=/; SameSite=Lax");
        assert!(set_cookie_string(&o, "v", NOW, "example.com", true).ends_with("; SameSite=Lax; Secure"));
        o.domain = Some("example.com".into());
        assert!(set_cookie_string(&o, "v", NOW, "www.example.com", false).contains("; Domain=example.com;"));
        assert!(!set_cookie_string(&o, "v", NOW, "localhost", false).contains("Domain"));
        assert!(!set_cookie_string(&o, "v", NOW, "127.0.0.1", false).contains("Domain"));
        o.secure = Some(false);
        assert!(!set_cookie_string(&o, "v", NOW, "example.com", true).contains("Secure"));
        o.same_site = SameSite::Strict;
        assert!(set_cookie_string(&o, "v", NOW, "example.com", true).contains("SameSite=Strict"));
    }

    #[test]
    fn reads_cookies_from_document_cookie() {
        let jar = "a=1; consentry=xyz; _ga=GA1; _ga_ABC=2; _gid=3; noequals";
        assert_eq!(read_cookie(jar, "consentry"), Some("xyz"));
        assert_eq!(read_cookie(jar, "consent"), None);
        assert_eq!(cookie_names(jar), ["a", "consentry", "_ga", "_ga_ABC", "_gid"]);
        assert_eq!(matching_cookies("_ga*", jar), ["_ga", "_ga_ABC"]);
        assert_eq!(matching_cookies("_ga_*", jar), ["_ga_ABC"]);
        assert_eq!(matching_cookies("_gid", jar), ["_gid"]);
    }

    #[test]
    fn pattern_matching() {
        assert!(matches_pattern("wordpress_logged_in_*", "wordpress_logged_in_abc123"));
        assert!(matches_pattern("*_session", "shop_session"));
        assert!(matches_pattern("a*b*c", "axxbyyc"));
        assert!(matches_pattern("*", ""));
        assert!(!matches_pattern("a*b*c", "axxbyy"));
        assert!(!matches_pattern("_ga", "_gat"));
        assert!(matches_pattern("a**", "a"));
    }

    #[test]
    fn withdrawn_cookies_follow_denied_categories_and_services() {
        let c = config(
            r#"{"cookie":{"name":"cy"},"categories":{
                "necessary":{"required":true,"cookies":["cy","session"]},
                "analytics":{"cookies":["_ga","_ga_*","_gid"]},
                "marketing":{"services":{"fb":{"cookies":["_fbp"]},"ads":{"cookies":["_gcl_*"]}}}}}"#,
        );
        let jar = "cy=1; session=2; _ga=3; _ga_X1=4; _gid=5; _fbp=6; _gcl_au=7; other=8";
        let rejected = record(&c, Decision::RejectAll);
        assert_eq!(withdrawn_cookies(&c, &rejected, jar), ["_ga", "_ga_X1", "_gid", "_fbp", "_gcl_au"]);
        let only_fb = Decision::Custom {
            categories: vec!["marketing".into()],
            services: vec![("marketing".into(), "fb".into())],
        };
        assert_eq!(withdrawn_cookies(&c, &record(&c, only_fb), jar), ["_ga", "_ga_X1", "_gid", "_gcl_au"]);
        assert!(withdrawn_cookies(&c, &record(&c, Decision::AcceptAll), jar).is_empty());
    }

    #[test]
    fn deletion_covers_domain_and_path_variants() {
        let all = deletion_strings("_ga", "www.example.com", "/shop/cart");
        for want in [
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=.example.com",
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=example.com",
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=www.example.com",
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/shop; Domain=.example.com",
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/shop/cart",
        ] {
            assert!(all.iter().any(|s| s == want), "missing {want}");
        }
        assert!(!all.iter().any(|s| s.ends_with("Domain=com") || s.ends_with("Domain=.com")));
        let local = deletion_strings("_ga", "localhost", "/");
        assert_eq!(local, ["_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"]);
    }
}
