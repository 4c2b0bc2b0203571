//! Known tracker hosts and the matcher that maps a URL to the category that
//! must be granted before the URL may load.
//!
//! The table is `data/trackers.json`, the one source. It ships once, in the
//! stub (`scripts/trackers.mjs` inlines it there), and the stub hands its
//! text over to the page's core at start ([`Page::trackers`]); a core
//! without a stub knows only the config's `blocking.hosts`. Native builds
//! and tests compile the same text in ([`DATA`], made by `build.rs`). Both
//! sides implement the same rule (documented in the file's `about`, and in
//! [`category_for`]) on the browser's reading of the URL; the e2e tests
//! check the built stub against every entry and against this function on
//! generated URLs.
//!
//! [`Page::trackers`]: super::session::Page::trackers

use super::config::Config;
use super::json::{self, Json};
use super::split::{has_byte, split, split_once};

/// The tracker table in the form the stub carries (see [`parse_table`]),
/// compiled in for native builds and tests; a page's core gets the stub's
/// copy instead, so the wasm does not carry a second one.
pub const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/trackers.json"));

/// The default categories tracker hosts are put in.
pub const DEFAULT_CATEGORIES: [&str; 3] = ["analytics", "marketing", "embeds"];

/// `(key, category)` of the compiled-in table, parsed on each call (native
/// builds and tests; a [`Session`](super::session::Session) keeps its own).
/// A broken data file is caught by the tests.
pub fn table() -> Vec<(String, String)> {
    parse_table(DATA).unwrap_or_default()
}

/// Reads a tracker table in the stub's form, `{"category": "key key …"}`
/// (keys space-separated, `*.host` written `.host`) into `(key, category)`
/// pairs: `None` unless every key is a valid key (see [`is_valid_host_key`])
/// and every category a category key. The text comes from the page (the
/// stub's copy), so anything else is refused whole.
pub fn parse_table(text: &str) -> Option<Vec<(String, String)>> {
    let Json::Object(groups) = json::parse(text).ok()? else {
        return None;
    };
    // Loops, not a collected chain (docs/size.md, rule 2).
    let mut table = Vec::new();
    for (category, keys) in &groups {
        let Json::Str(keys) = keys else { return None };
        if !super::config::is_valid_key(category) {
            return None;
        }
        for key in split(keys, b' ') {
            let key = match key.strip_prefix('.') {
                Some(rest) => {
                    let mut wildcard = String::from("*.");
                    wildcard.push_str(rest);
                    wildcard
                }
                None => String::from(key),
            };
            if !is_valid_host_key(&key) {
                return None;
            }
            table.push((key, category.clone()));
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

/// The schemes whose URLs reach the network: `URL#protocol` of http(s)
/// and WebSocket URLs.
fn is_network_scheme(protocol: &str) -> bool {
    matches!(protocol, "http:" | "https:" | "ws:" | "wss:")
}

/// The category a URL needs before it may load, or `None` when it may load
/// now: no known tracker, allowed by the config (`false`), the page's own
/// host, or a scheme that does not reach the network.
///
/// The URL comes as the browser's URL parser reads it (`new URL(u,
/// document.baseURI)`): `protocol` (`"https:"`), `hostname` (lower case,
/// punycode, maybe one trailing dot) and `pathname` (at least `/`). The stub
/// and the core both hand the browser's reading over, so they never differ
/// on what a URL is; this function is the one definition of what it needs,
/// and the stub's `cat()` does exactly the same (checked on generated URLs
/// in tests/e2e/blocking-matcher.test.mjs).
///
/// Rule: probe `host + path`, then the path cut back one segment at a time
/// down to the bare host, then `*.host`, `*.parent`, … to the last label.
/// The first key found wins, so the longest match wins; at each key the
/// config's `blocking.hosts` (its last entry for a key) comes before the
/// default `table`. A URL no key matches is held as `blocking.unknown`, when
/// the config sets one, unless its host is the page's own (`page_host`).
pub fn category_for<'a>(
    protocol: &str,
    host: &str,
    path: &str,
    page_host: &str,
    config: &'a Config,
    table: &'a [(String, String)],
) -> Option<&'a str> {
    if !is_network_scheme(protocol) {
        return None;
    }
    let bare = host.strip_suffix('.').unwrap_or(host);
    match known(bare, path, config, table) {
        Some(verdict) => verdict,
        None if host != page_host => config.blocking_unknown.as_deref(),
        None => None,
    }
}

/// The verdict of the first key `host` and `path` match (see
/// [`category_for`]): `Some(Some(category))`, `Some(None)` for a config's
/// `false`, `None` when no key matches.
fn known<'a>(host: &str, path: &str, config: &'a Config, table: &'a [(String, String)]) -> Option<Option<&'a str>> {
    let lookup = |key: &str| -> Option<Option<&'a str>> {
        if let Some((_, verdict)) = config.blocking_hosts.iter().rev().find(|(k, _)| k == key) {
            return Some(verdict.as_deref());
        }
        table.iter().find(|(k, _)| k == key).map(|(_, c)| Some(c.as_str()))
    };
    let mut key = String::from(host);
    key.push_str(path);
    // Cut back at ASCII bytes with `get`: no char-boundary panic to link in.
    let mut probe = key.as_str();
    loop {
        if let Some(verdict) = lookup(probe) {
            return Some(verdict);
        }
        match probe.bytes().rposition(|b| b == b'/') {
            Some(i) => probe = probe.get(..i)?,
            None => break,
        }
    }
    let mut rest = host;
    loop {
        key.clear();
        key.push_str("*.");
        key.push_str(rest);
        if let Some(verdict) = lookup(&key) {
            return Some(verdict);
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
        let mut from_file: Vec<(String, String)> = members
            .iter()
            .map(|(k, v)| match v {
                Json::Str(c) => (k.clone(), c.clone()),
                other => panic!("{k}: {other:?}"),
            })
            .collect();
        let mut table = table();
        table.sort();
        from_file.sort();
        assert_eq!(table, from_file);
        // The compiled copy carries no notes for people.
        assert!(!DATA.contains("\"sources\"") && !DATA.contains("\"about\""), "{DATA}");
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
    fn a_table_from_the_page_is_taken_whole_or_not_at_all() {
        let table = parse_table(r#"{"analytics":"a.com .b.com c.com/tr","ads":"d.net"}"#).unwrap();
        let pairs: Vec<(&str, &str)> = table.iter().map(|(k, c)| (k.as_str(), c.as_str())).collect();
        assert_eq!(
            pairs,
            [("a.com", "analytics"), ("*.b.com", "analytics"), ("c.com/tr", "analytics"), ("d.net", "ads")]
        );
        for bad in [
            "",
            "[]",
            r#"{"analytics":["a.com"]}"#,
            r#"{"analytics":"a.com  b.com"}"#,
            r#"{"analytics":"A.com"}"#,
            r#"{"analytics":".com"}"#,
            r#"{"9":"a.com"}"#,
            r#"{"analytics":"a.com"} x"#,
        ] {
            assert_eq!(parse_table(bad), None, "{bad}");
        }
    }

    /// `(protocol, hostname, pathname)` of a plain absolute URL, as the
    /// browser's parser gives them for it (tests only use URLs already in
    /// that form: lower-case host, no userinfo or port).
    fn parts(url: &str) -> (String, String, String) {
        let (scheme, rest) = url.split_once("//").unwrap();
        let rest = rest.split(['?', '#']).next().unwrap();
        let (host, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
        (scheme.to_string(), host.to_string(), path.to_string())
    }

    fn category<'a>(url: &str, config: &'a Config, table: &'a [(String, String)]) -> Option<&'a str> {
        let (protocol, host, path) = parts(url);
        category_for(&protocol, &host, &path, "www.example.com", config, table)
    }

    #[test]
    fn every_listed_vendor_is_caught() {
        let c = config("");
        let table = table();
        for (url, expected) in [
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
            ("wss://ws.hotjar.com/", "analytics"),
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
            ("https://api.mixpanel.com/track", "analytics"),
            ("https://api-eu.mixpanel.com/track", "analytics"),
            ("https://www.youtube.com/embed/ID", "embeds"),
            ("https://www.youtube-nocookie.com/embed/ID", "embeds"),
            ("https://player.vimeo.com/video/1", "embeds"),
            ("http://www.google-analytics.com./x", "analytics"),
            // Endpoints named by the vendor pages of data/trackers.json's sources.
            ("https://mc.webvisor.org/", "analytics"),
            ("https://acme.tt.omtrdc.net/m2/acme/mbox/json", "analytics"),
            ("https://dpm.demdex.net/id", "analytics"),
            ("https://assets.adobedtm.com/launch-x.min.js", "analytics"),
            ("https://api.segment.io/v1/t", "analytics"),
            ("https://tags.tiqcdn.com/utag/acct/prof/prod/utag.js", "analytics"),
            ("https://collect-eu-central-1.tealiumiq.com/event", "analytics"),
            ("https://data.pendo.io/data/ptm.gif", "analytics"),
            ("https://logx.optimizely.com/v1/events", "analytics"),
            ("https://plausible.io/api/event", "analytics"),
            ("https://bam.nr-data.net/1/key", "analytics"),
            ("https://acdn.adnxs.com/dmp/up/pixie.js", "marketing"),
            ("https://ib.adnxs.com/pixie?pi=x&e=PageView&script=0", "marketing"),
            ("https://cdn.taboola.com/libtrc/unip/1/tfa.js", "marketing"),
            ("https://munchkin.marketo.net/munchkin.js", "marketing"),
            ("https://static.klaviyo.com/onsite/js/KEY/klaviyo.js", "marketing"),
            ("wss://client.relay.crisp.chat/", "marketing"),
            ("https://platform.x.com/widgets.js", "embeds"),
            ("https://open.spotify.com/embed/iframe-api/v1", "embeds"),
        ] {
            assert_eq!(category(url, &c, &table), Some(expected), "{url}");
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
            "https://example.com/?u=https://www.google-analytics.com/",
            "https://google-analytics.com.evil.example/",
            "https://notgoogle-analytics.com/",
            "https://example.com/#https://www.facebook.com/tr",
            "ftp://www.google-analytics.com/",
            "blob://www.google-analytics.com/",
        ] {
            assert_eq!(category(url, &c, &table), None, "{url}");
        }
        // hotjar.com itself is inside *.hotjar.com.
        assert_eq!(category("https://hotjar.com/", &c, &table), Some("analytics"));
        // Not a network scheme, whatever the rest says.
        assert_eq!(category_for("javascript:", "", "alert(1)", "a.com", &c, &table), None);
        assert_eq!(category_for("data:", "", "text/plain,www.google-analytics.com", "a.com", &c, &table), None);
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
            assert_eq!(category(url, &c, &table), expected, "{url}");
        }
        // The last entry for a key wins, as in the stub's object.
        let mut twice = config(r#"{"cdn.example.net":"analytics"}"#);
        twice.blocking_hosts.push(("cdn.example.net".into(), None));
        assert_eq!(category("https://cdn.example.net/x", &twice, &table), None);
    }

    #[test]
    fn unknown_third_parties_are_held_as_the_configured_category_but_the_page_host_is_not() {
        let table = table();
        let mut c = config(r#"{"static.example.org":false}"#);
        assert_eq!(category("https://lib.example.org/x.js", &c, &table), None, "allow is the default");
        c.blocking_unknown = Some("marketing".into());
        for (url, expected) in [
            ("https://lib.example.org/x.js", Some("marketing")),
            ("wss://chat.example.org/", Some("marketing")),
            ("https://static.example.org/x.js", None),
            ("https://www.example.com/app.js", None),
            ("https://www.google-analytics.com/g/collect", Some("analytics")),
            ("ftp://lib.example.org/", None),
        ] {
            assert_eq!(category(url, &c, &table), expected, "{url}");
        }
        // The page's host compares as the browser spells both: a subdomain is a third party.
        assert_eq!(category("https://cdn.www.example.com/", &c, &table), Some("marketing"));
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
