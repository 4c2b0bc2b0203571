//! What counts as a valid key, cookie name, domain, path, language code and
//! link in a config. Pure predicates: the reader decides what to report.

use crate::core::split::split;

/// Keys of categories and services: they travel in API calls, the DOM and
/// the cookie, so they are plain identifiers of at most 40 characters.
pub fn is_valid_key(key: &str) -> bool {
    key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Bytes RFC 6265 leaves out of a cookie name (a token).
const COOKIE_NAME_SEPARATORS: &[u8] = b"()<>@,;:\\\"/[]?={}";

/// A cookie name: an RFC 6265 token of at most 128 bytes; `*` is allowed
/// as a wildcard in declarations (`_ga_*`) when `wildcard` is set.
pub fn is_valid_cookie_name(name: &str, wildcard: bool) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name.bytes().all(|b| b.is_ascii_graphic() && !COOKIE_NAME_SEPARATORS.contains(&b) && (wildcard || b != b'*'))
}

/// A cookie name without wildcards (the consent cookie's own name).
pub fn is_exact_cookie_name(name: &str) -> bool {
    is_valid_cookie_name(name, false)
}

/// A cookie name or pattern (a declaration: `_ga`, `_ga_*`).
pub fn is_cookie_pattern(name: &str) -> bool {
    is_valid_cookie_name(name, true)
}

/// A cookie `Domain` without its optional leading dot.
pub fn bare_domain(domain: &str) -> &str {
    domain.strip_prefix('.').unwrap_or(domain)
}

/// A host name for a cookie `Domain`, with or without its leading dot.
pub fn is_cookie_domain(domain: &str) -> bool {
    let bare = bare_domain(domain);
    !bare.is_empty()
        && bare.len() <= 253
        && split(bare, b'.')
            .all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// A cookie `Path`: starts with `/`, no spaces or `;`.
pub fn is_cookie_path(path: &str) -> bool {
    path.starts_with('/') && path.bytes().all(|b| b.is_ascii_graphic() && b != b';')
}

/// A language code such as `en`, `pt-BR`, `zh-Hant-TW`.
pub fn is_valid_language(code: &str) -> bool {
    let mut parts = split(code, b'-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a link may be put in an `href`: http(s) or relative; nothing
/// that runs (`javascript:`) or embeds (`data:`), no whitespace or control
/// characters, at most 2,048 bytes.
pub fn is_safe_url(url: &str) -> bool {
    if url.is_empty() || url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    // A scheme is what comes before a ':' that precedes any '/', '?' or '#';
    // without one the URL is relative.
    match url.split_once([':', '/', '?', '#']) {
        Some((scheme, _)) if url.as_bytes().get(scheme.len()) == Some(&b':') => {
            scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
        }
        _ => !url.starts_with('\\'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_urls() {
        for ok in ["https://example.com/privacy", "HTTP://x", "/privacy", "privacy.html", "#p", "?a=b", "//cdn.example"]
        {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            " javascript:x",
            "java\tscript:x",
            "vbscript:x",
            "",
            "\\\\evil",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn keys_and_languages() {
        assert!(is_valid_key("social-media_2"));
        assert!(!is_valid_key("2x") && !is_valid_key("") && !is_valid_key("a b") && !is_valid_key(&"a".repeat(41)));
        assert!(is_valid_language("en") && is_valid_language("pt-BR") && is_valid_language("zh-Hant-TW"));
        assert!(!is_valid_language("e") && !is_valid_language("en_US") && !is_valid_language("en-"));
    }

    #[test]
    fn cookie_names_domains_and_paths() {
        assert!(is_exact_cookie_name("consentry") && !is_exact_cookie_name("_ga_*") && is_cookie_pattern("_ga_*"));
        assert!(!is_cookie_pattern("a b") && !is_cookie_pattern("") && !is_cookie_pattern("a;b"));
        assert!(is_cookie_domain(".example.com") && is_cookie_domain("shop.example.com"));
        assert!(
            !is_cookie_domain("") && !is_cookie_domain(".") && !is_cookie_domain("a..b") && !is_cookie_domain("a_b.c")
        );
        assert!(is_cookie_path("/") && is_cookie_path("/shop") && !is_cookie_path("shop") && !is_cookie_path("/a b"));
    }
}
