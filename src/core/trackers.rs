//! Known tracker hosts and the matcher that maps a URL to the category that
//! must be granted before the URL may load.
//!
//! The table is `data/trackers.json`, the one source: compiled in here with
//! `include_str!` and, at build time, turned into the stub's compact table by
//! `scripts/trackers.mjs`. Both sides implement the same rule (documented in
//! the file's `about`, and in [`category_for_url`]); the e2e tests check the
//! built stub against every entry.

use super::config::Config;
use super::json::{self, Json};
use super::split::{before, has_byte, split, split_once};

/// The tracker list of `data/trackers.json`, compacted by `build.rs`
/// (no whitespace between tokens, no `about` note).
pub const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/trackers.json"));

/// The default categories tracker hosts are put in.
pub const DEFAULT_CATEGORIES: [&str; 3] = ["analytics", "marketing", "embeds"];

/// `(key, category)` of `data/trackers.json`, in file order, parsed on each
/// call: a [`Session`](super::session::Session) keeps one. (Not a `OnceLock`
/// static: its `Once` would bring panics and their messages into the wasm.)
/// A broken data file is caught by the tests; in release it means an empty table.
pub fn table() -> Vec<(String, String)> {
    parse_table(DATA).unwrap_or_default()
}

/// Reads the `hosts` object of a tracker list: `None` unless every entry is
/// a valid key mapped to a category key.
pub fn parse_table(text: &str) -> Option<Vec<(String, String)>> {
    let root = json::parse(text).ok()?;
    let Some(Json::Object(members)) = root.get("hosts") else {
        return None;
    };
    // A loop, not `collect::<Option<Vec<_>>>()`: that adapter costs its own
    // iterator code in the wasm.
    let mut table = Vec::with_capacity(members.len());
    for (key, value) in members {
        match value {
            Json::Str(c) if is_valid_host_key(key) && super::config::is_valid_key(c) => {
                table.push((key.clone(), c.clone()))
            }
            _ => return None,
        }
    }
    Some(table)
}

fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `key` is a table key: `host`, `*.host` (at least two labels after
/// the star) or `host/path` (a path prefix: no query, fragment, empty segment
/// or trailing `/`). Lower case only.
pub fn is_valid_host_key(key: &str) -> bool {
    let (host, path) = match split_once(key, b'/') {
        Some((host, path)) => (host, Some(path)),
        None => (key, None),
    };
    let (host, wildcard) = match host.strip_prefix("*.") {
        Some(rest) => (rest, true),
        None => (host, false),
    };
    let labels_ok = host.len() <= 253 && split(host, b'.').all(is_label);
    let path_ok = match path {
        None => true,
        Some(p) => {
            !wildcard
                && p.len() <= 512
                && split(p, b'/').all(|segment| {
                    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_graphic() && !has_byte(b"?#\\", b))
                })
        }
    };
    labels_ok && path_ok && (!wildcard || has_byte(host.as_bytes(), b'.'))
}

fn is_slash(b: u8) -> bool {
    b == b'/' || b == b'\\'
}

/// The host (lower case, no port, no trailing dot) and the path (`/` when
/// empty, `\\` read as `/`) of an absolute or protocol-relative http(s) URL;
/// `None` for relative URLs (the page's own origin) and other schemes.
///
/// Every cut is at an ASCII byte, so on a char boundary; `get` and
/// `split_at_checked` are used anyway, as they have no panic path to link in.
pub fn host_and_path(url: &str) -> Option<(String, String)> {
    // Browsers drop tabs and newlines anywhere, and leading and trailing
    // spaces and controls. (Plain loops over chars and bytes rather than
    // `filter(..).collect()` and `trim_matches(closure)`: each adapter or
    // pattern searcher is its own code in the wasm.)
    let mut cleaned = String::with_capacity(url.len());
    for c in url.chars() {
        if !matches!(c, '\t' | '\n' | '\r') {
            cleaned.push(c);
        }
    }
    // Every char up to ' ' is one ASCII byte, and every byte of a longer
    // char is above it: trimming bytes is trimming those chars.
    let start = cleaned.bytes().position(|b| b > b' ').unwrap_or(cleaned.len());
    let end = cleaned.bytes().rposition(|b| b > b' ').map_or(start, |i| i + 1);
    let url = cleaned.get(start..end)?;
    let stop = |b: u8| matches!(b, b'/' | b'\\' | b'?' | b'#');
    let rest = match url.bytes().position(|b| b == b':' || stop(b)) {
        Some(i) if url.as_bytes().get(i) == Some(&b':') => {
            let (scheme, rest) = url.split_at_checked(i)?;
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return None;
            }
            rest.get(1..)?
        }
        _ if matches!(url.as_bytes(), [a, b, ..] if is_slash(*a) && is_slash(*b)) => url,
        _ => return None,
    };
    let rest = rest.get(rest.bytes().take_while(|&b| is_slash(b)).count()..)?;
    let authority = before(rest, stop);
    let tail = rest.get(authority.len()..)?;
    // user:pass@host:port → host
    let host_port = match authority.bytes().rposition(|b| b == b'@') {
        Some(i) => authority.get(i + 1..)?,
        None => authority,
    };
    let host = if host_port.starts_with('[') { host_port } else { before(host_port, |b| b == b':') };
    let mut host = host.to_ascii_lowercase();
    if host.ends_with('.') {
        host.pop();
    }
    let mut path = String::new();
    for c in before(tail, |b| b == b'?' || b == b'#').chars() {
        path.push(if c == '\\' { '/' } else { c });
    }
    if path.is_empty() {
        path.push('/');
    }
    Some((host, path))
}

/// The category `url` needs, or `None` when it is no known tracker (or the
/// site's config allows it with `false`).
///
/// Rule (the stub's `cat()` does the same): probe `host + path`, then the
/// path cut back one segment at a time down to the bare host, then `*.host`,
/// `*.parent`, … to the last label. The first key found wins, so the longest
/// match wins; at each key the config's `blocking.hosts` comes before the
/// default table (`table`, from [`table()`]).
pub fn category_for_url<'a>(url: &str, config: &'a Config, table: &'a [(String, String)]) -> Option<&'a str> {
    let (host, path) = host_and_path(url)?;
    let lookup = |key: &str| -> Option<Option<&'a str>> {
        if let Some((_, verdict)) = config.blocking_hosts.iter().find(|(k, _)| k == key) {
            return Some(verdict.as_deref());
        }
        table.iter().find(|(k, _)| k == key).map(|(_, c)| Some(c.as_str()))
    };
    let mut key = host.clone();
    key.push_str(&path);
    // Cut back at ASCII bytes with `get`: no char-boundary panic to link in.
    let mut probe = key.as_str();
    loop {
        if let Some(verdict) = lookup(probe) {
            return verdict;
        }
        match probe.bytes().rposition(|b| b == b'/') {
            Some(i) => probe = probe.get(..i)?,
            None => break,
        }
    }
    let mut rest = host.as_str();
    loop {
        key.clear();
        key.push_str("*.");
        key.push_str(rest);
        if let Some(verdict) = lookup(&key) {
            return verdict;
        }
        rest = split_once(rest, b'.')?.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(blocking: &str) -> Config {
        let mut text =
            String::from(r#"{"categories":{"necessary":{"required":true},"analytics":{},"marketing":{},"embeds":{}}"#);
        if !blocking.is_empty() {
            text.push_str(r#","blocking":{"hosts":"#);
            text.push_str(blocking);
            text.push('}');
        }
        text.push('}');
        Config::parse(&text).unwrap().config
    }

    #[test]
    fn the_core_table_is_data_trackers_json() {
        // Read the file the way a generator would, independently of include_str!.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/trackers.json");
        let text = std::fs::read_to_string(path).unwrap();
        let root = json::parse(&text).unwrap();
        let Some(Json::Object(members)) = root.get("hosts") else { panic!("data/trackers.json has no hosts object") };
        let from_file: Vec<(String, String)> = members
            .iter()
            .map(|(k, v)| match v {
                Json::Str(c) => (k.clone(), c.clone()),
                other => panic!("{k}: {other:?}"),
            })
            .collect();
        let table = table();
        assert_eq!(table, from_file);
        // Not trivially short; hosts a same-category wildcard covers are not
        // listed twice, and every vendor is checked by URL in the next test.
        assert!(table.len() >= 45, "{}", table.len());
        for (key, category) in &table {
            assert!(is_valid_host_key(key), "{key}");
            assert!(DEFAULT_CATEGORIES.contains(&category.as_str()), "{key}: {category}");
            let keys = table.iter().filter(|(k, _)| k == key).count();
            assert_eq!(keys, 1, "{key} is listed twice");
        }
    }

    #[test]
    fn every_listed_vendor_is_caught() {
        let c = config("");
        let table = table();
        for (url, category) in [
            ("https://www.googletagmanager.com/gtag/js?id=G-XXXX", "analytics"),
            ("https://www.googletagmanager.com/gtm.js?id=GTM-X", "analytics"),
            ("https://region1.google-analytics.com/g/collect?v=2", "analytics"),
            ("https://analytics.google.com/g/collect", "analytics"),
            ("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/", "marketing"),
            ("https://www.googleadservices.com/pagead/conversion.js", "marketing"),
            ("https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js", "marketing"),
            ("https://connect.facebook.net/en_US/fbevents.js", "marketing"),
            ("https://www.facebook.com/tr?id=1&ev=PageView&noscript=1", "marketing"),
            ("https://www.facebook.com/tr/", "marketing"),
            ("https://mc.yandex.ru/metrika/tag.js", "analytics"),
            ("https://static.hotjar.com/c/hotjar-1.js?sv=6", "analytics"),
            ("https://in.hotjar.com/api/v2/client", "analytics"),
            ("wss://ws.hotjar.com/", "none"),
            ("https://content.hotjar.io/", "analytics"),
            ("https://www.clarity.ms/tag/abc", "analytics"),
            ("https://k.clarity.ms/collect", "analytics"),
            ("https://bat.bing.com/bat.js", "marketing"),
            ("https://snap.licdn.com/li.lms-analytics/insight.min.js", "marketing"),
            ("https://px.ads.linkedin.com/collect/?pid=1", "marketing"),
            ("https://analytics.tiktok.com/i18n/pixel/events.js", "marketing"),
            ("https://t.co/i/adsct?p_id=1", "marketing"),
            ("https://s.pinimg.com/ct/core.js", "marketing"),
            ("https://www.redditstatic.com/ads/pixel.js", "marketing"),
            ("https://dynamic.criteo.com/js/ld/ld.js", "marketing"),
            ("https://acme.matomo.cloud/matomo.js", "analytics"),
            ("https://cdn.segment.com/analytics.js/v1/k/analytics.min.js", "analytics"),
            ("https://www.youtube.com/embed/ID", "embeds"),
            ("https://www.youtube-nocookie.com/embed/ID", "embeds"),
            ("https://player.vimeo.com/video/1", "embeds"),
            ("//www.google-analytics.com/analytics.js", "analytics"),
            ("HTTPS://WWW.Google-Analytics.COM:443/g/collect", "analytics"),
            ("https://user@www.google-analytics.com./x", "analytics"),
            (" https:\\\\www.facebook.com\\tr?x", "marketing"),
        ] {
            let expected = (category != "none").then_some(category);
            assert_eq!(category_for_url(url, &c, &table), expected, "{url}");
        }
    }

    #[test]
    fn paths_match_at_segment_boundaries_and_the_rest_passes() {
        let c = config("");
        let table = table();
        for url in [
            "https://www.facebook.com/",
            "https://www.facebook.com/track",
            "https://www.facebook.com/trending/tr",
            "https://t.co/abc",
            "https://s.pinimg.com/images/x.png",
            "https://www.redditstatic.com/desktop2x/x.js",
            "/gtag/js",
            "gtag.js",
            "www.google-analytics.com/analytics.js",
            "javascript:alert(1)",
            "data:text/plain,www.google-analytics.com",
            "https://example.com/?u=https://www.google-analytics.com/",
            "https://google-analytics.com.evil.example/",
            "https://notgoogle-analytics.com/",
            "https://example.com/#https://www.facebook.com/tr",
            "",
        ] {
            assert_eq!(category_for_url(url, &c, &table), None, "{url}");
        }
        // hotjar.com itself is inside *.hotjar.com.
        assert_eq!(category_for_url("https://hotjar.com/", &c, &table), Some("analytics"));
    }

    #[test]
    fn the_config_adds_remaps_and_allows_with_the_longest_match_winning() {
        let table = table();
        let c = config(
            r#"{"cdn.example.net":"analytics","static.hotjar.com":false,"*.facebook.com":"embeds",
                "www.youtube.com":"marketing","www.youtube.com/embed":false,"*.ex.org":"marketing",
                "a.ex.org":false}"#,
        );
        for (url, expected) in [
            ("https://cdn.example.net/s.js", Some("analytics")),
            ("https://static.hotjar.com/c/h.js", None),
            // Other hotjar hosts still fall under the default wildcard.
            ("https://script.hotjar.com/x.js", Some("analytics")),
            // The default www.facebook.com/tr is longer than the config's wildcard.
            ("https://www.facebook.com/tr?id=1", Some("marketing")),
            ("https://www.facebook.com/page", Some("embeds")),
            ("https://www.youtube.com/embed/ID", None),
            ("https://www.youtube.com/iframe_api", Some("marketing")),
            ("https://a.ex.org/", None),
            ("https://b.a.ex.org/", Some("marketing")),
            ("https://ex.org/", Some("marketing")),
        ] {
            assert_eq!(category_for_url(url, &c, &table), expected, "{url}");
        }
    }

    #[test]
    fn host_keys() {
        for ok in ["a.com", "localhost", "*.a.com", "a.com/tr", "t.co/i/adsct", "xn--d1acufc.xn--p1ai"] {
            assert!(is_valid_host_key(ok), "{ok}");
        }
        for bad in [
            "",
            "*.com",
            "*.",
            "A.com",
            "a..com",
            ".a.com",
            "a.com/",
            "a.com//x",
            "a.com/x?y",
            "*.a.com/x",
            "a com",
            "https://a.com",
            "a.com:80",
            "a_b.com",
            "*a.com",
            "a.com/x#",
        ] {
            assert!(!is_valid_host_key(bad), "{bad}");
        }
    }
}
