//! The site's configuration: one model for the `#consentry-config` JSON tag
//! and for `init(config)` (which the JS side serialises to the same JSON).
//!
//! [`Config::parse`] never stops at the first mistake: it walks the whole
//! document and returns every problem with its path, e.g.
//! `categories.analytics.cookies[2].name: must not be empty`. Unknown options
//! are warnings (a typo should be visible, not fatal).

use super::encoding::push_decimal;
use super::json::{self, Json};
use super::split::{has_byte, split};
use super::trackers::is_valid_host_key;

/// Default cookie lifetime: about six months (CNIL).
pub const DEFAULT_EXPIRES_DAYS: u32 = 182;
/// Longest cookie lifetime accepted: 13 months; longer values are clamped.
pub const MAX_EXPIRES_DAYS: u32 = 395;
/// Limits that keep the consent cookie well under 1 KB.
pub const MAX_CATEGORIES: usize = 32;
pub const MAX_SERVICES: usize = 32;

/// One thing wrong (or, as a warning, questionable) in a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `categories.analytics.cookies[2].name`; empty for the whole config.
    pub path: String,
    pub message: String,
}

impl Problem {
    /// Appends `path: message` (or just the message for the root).
    pub fn push_line(&self, out: &mut String) {
        if !self.path.is_empty() {
            out.push_str(&self.path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
    }

    /// `path: message`.
    pub fn line(&self) -> String {
        let mut out = String::new();
        self.push_line(&mut out);
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    Lax,
    Strict,
    None,
}

impl SameSite {
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
            SameSite::None => "None",
        }
    }
}

/// Where and how long the consent cookie lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieOptions {
    pub name: String,
    /// Without a leading dot; `None` makes a host-only cookie.
    pub domain: Option<String>,
    pub path: String,
    pub expires_days: u32,
    pub same_site: SameSite,
    /// `None`: secure exactly when the page is https.
    pub secure: Option<bool>,
}

impl Default for CookieOptions {
    fn default() -> Self {
        CookieOptions {
            name: "consentry".into(),
            domain: None,
            path: "/".into(),
            expires_days: DEFAULT_EXPIRES_DAYS,
            same_site: SameSite::Lax,
            secure: None,
        }
    }
}

/// Where and how the first layer sits. The preferences layer is always a
/// centred modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A card in the bottom corner.
    Box,
    /// A strip along the bottom edge.
    Bar,
    /// Centred, over a dimmed page.
    Modal,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Box => "box",
            Layout::Bar => "bar",
            Layout::Modal => "modal",
        }
    }
}

/// Light or dark, or following `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorScheme {
    Auto,
    Light,
    Dark,
}

impl ColorScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            ColorScheme::Auto => "auto",
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }
}

/// How the dialog looks and behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiOptions {
    pub layout: Layout,
    pub color_scheme: ColorScheme,
    /// A persistent "Cookie settings" button once a choice exists.
    pub floating_button: bool,
    /// Put "Reject all" before "Accept all".
    pub reject_first: bool,
}

impl Default for UiOptions {
    fn default() -> Self {
        UiOptions { layout: Layout::Box, color_scheme: ColorScheme::Auto, floating_button: false, reject_first: false }
    }
}

/// A text given once for all languages or per language code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalText {
    /// `(language, text)`; the language is empty for "any language".
    pub variants: Vec<(String, String)>,
}

impl LocalText {
    /// The text for `lang`, else the one for all languages.
    pub fn get(&self, lang: &str) -> Option<&str> {
        let find = |l: &str| self.variants.iter().find(|(k, _)| k == l).map(|(_, v)| v.as_str());
        find(lang).or_else(|| find(""))
    }
}

/// A cookie a category (or service) sets: declared for the visitor and
/// deleted on withdrawal. `name` may hold `*` wildcards (`_ga_*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieDecl {
    pub name: String,
    pub provider: String,
    pub purpose: String,
    pub duration: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Service {
    pub key: String,
    pub title: LocalText,
    pub description: LocalText,
    pub cookies: Vec<CookieDecl>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Category {
    pub key: String,
    /// Strictly necessary: always on, cannot be switched off.
    pub required: bool,
    pub title: LocalText,
    pub description: LocalText,
    pub services: Vec<Service>,
    pub cookies: Vec<CookieDecl>,
    /// Marked `sale` or `sharing`: a Global Privacy Control signal opts the
    /// visitor out of it.
    pub sale_or_sharing: bool,
}

/// The Google Consent Mode v2 consent types.
pub const CONSENT_TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// Google Consent Mode v2 settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoogleConsentMode {
    /// Category → the consent types it grants. Defaults for the well-known
    /// categories present in the config. The types are entries of
    /// [`CONSENT_TYPES`] (only those are accepted), so nothing is copied.
    pub map: Vec<(String, Vec<&'static str>)>,
    pub region: Vec<String>,
    pub ads_data_redaction: bool,
    pub url_passthrough: bool,
    /// Milliseconds tags wait for the update; 500 by default.
    pub wait_for_update: u32,
}

/// Tag integrations; each names the category that governs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Integrations {
    pub google_consent_mode: Option<GoogleConsentMode>,
    /// `fbq('consent', 'grant' | 'revoke')` follows this category.
    pub meta_pixel: Option<String>,
    /// `uetq.push('consent', …, {ad_storage})` follows this category.
    pub microsoft_uet: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Bump it when purposes or vendors change: every visitor is asked again.
    pub revision: u32,
    pub cookie: CookieOptions,
    /// In display order.
    pub categories: Vec<Category>,
    /// Used when neither the page nor the browser names a language we have.
    pub default_language: String,
    /// Forces a language, overriding `<html lang>` and the browser.
    pub language: Option<String>,
    pub privacy_policy_url: Option<String>,
    /// Overrides of the built-in texts: `(language, [(key, text)])`.
    pub texts: Vec<(String, Vec<(String, String)>)>,
    pub ui: UiOptions,
    /// Honour the Global Privacy Control signal (default on).
    pub honour_gpc: bool,
    pub integrations: Integrations,
    /// Where each decision's receipt is POSTed.
    pub consent_log: Option<String>,
    /// `(language, JSON text)`: the built-in texts of a language other than
    /// English, fetched at run time (only English is compiled in). Never
    /// read from the config JSON.
    pub fetched_texts: Option<(String, String)>,
    /// `blocking.hosts`: tracker-table keys (see `data/trackers.json`) the
    /// site adds or remaps to a category (`Some`) or allows (`None`, from `false`).
    pub blocking_hosts: Vec<(String, Option<String>)>,
    /// `blocking.unknown`: the category every third-party URL the table and
    /// `blocking.hosts` do not know is held as; `None` (`"allow"`, the
    /// default) lets such URLs through.
    pub blocking_unknown: Option<String>,
    /// `reloadOnWithdraw`: reload the page when a decision withdraws a
    /// category whose scripts already ran on it (they cannot be unloaded).
    pub reload_on_withdraw: bool,
}

/// A valid config and the warnings met while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub config: Config,
    pub warnings: Vec<Problem>,
}

impl Config {
    /// Reads and validates a JSON config text.
    pub fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
        match json::parse(text) {
            Ok(value) => Config::from_json(&value),
            Err(e) => {
                let mut message = String::from("not valid JSON (");
                message.push_str(e.reason);
                message.push_str(" at byte ");
                push_decimal(&mut message, e.offset as u64);
                message.push(')');
                Err(vec![Problem { path: String::new(), message }])
            }
        }
    }

    /// Validates an already parsed JSON value.
    pub fn from_json(value: &Json) -> Result<Parsed, Vec<Problem>> {
        let mut r = Reader::default();
        let config = r.config(value);
        if r.problems.is_empty() {
            Ok(Parsed { config, warnings: r.warnings })
        } else {
            Err(r.problems)
        }
    }

    pub fn category(&self, key: &str) -> Option<&Category> {
        find_category(&self.categories, key)
    }
}

fn find_category<'c>(categories: &'c [Category], key: &str) -> Option<&'c Category> {
    categories.iter().find(|c| c.key == key)
}

fn has_category(categories: &[Category], key: &str) -> bool {
    find_category(categories, key).is_some()
}

/// Consent Mode types for the well-known categories the config has.
fn default_consent_map(categories: &[Category]) -> Vec<(String, Vec<&'static str>)> {
    const DEFAULTS: [(&str, &[&str]); 3] = [
        ("analytics", &["analytics_storage"]),
        ("marketing", &["ad_storage", "ad_user_data", "ad_personalization"]),
        ("preferences", &["functionality_storage", "personalization_storage"]),
    ];
    let mut map = Vec::new();
    for (key, types) in DEFAULTS {
        if has_category(categories, key) {
            map.push((String::from(key), types.to_vec()));
        }
    }
    map
}

/// Keys of categories and services: they travel in API calls and the DOM, so
/// they are plain identifiers.
pub fn is_valid_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 40
        && bytes[0].is_ascii_alphabetic()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
}

/// A cookie name: an RFC 6265 token, plus `*` when `wildcard`.
pub fn is_valid_cookie_name(name: &str, wildcard: bool) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name.bytes().all(|b| b.is_ascii_graphic() && !has_byte(b"()<>@,;:\\\"/[]?={}", b) && (wildcard || b != b'*'))
}

/// A cookie `Domain` without its optional leading dot.
fn bare_domain(domain: &str) -> &str {
    domain.strip_prefix('.').unwrap_or(domain)
}

/// A host name for a cookie `Domain` (already without its leading dot).
fn is_cookie_domain(bare: &str) -> bool {
    !bare.is_empty()
        && bare.len() <= 253
        && split(bare, b'.')
            .all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// A cookie `Path`: starts with `/`, no spaces or `;`.
fn is_cookie_path(path: &str) -> bool {
    path.starts_with('/') && path.bytes().all(|b| b.is_ascii_graphic() && b != b';')
}

/// A language code such as `en`, `pt-BR`, `zh-Hant-TW`.
pub fn is_valid_language(code: &str) -> bool {
    let mut parts = split(code, b'-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a link may be put in an `href`: http(s) or relative, nothing that
/// runs (`javascript:`) or embeds (`data:`), no whitespace or control characters.
pub fn is_safe_url(url: &str) -> bool {
    if url.is_empty() || url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    // A scheme is letters/digits/+-. before the first ':' that comes before
    // any '/', '?' or '#'. No scheme means a relative URL.
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes().get(i) == Some(&b':') => {
            let scheme = url.as_bytes().get(..i).unwrap_or_default();
            scheme.eq_ignore_ascii_case(b"https") || scheme.eq_ignore_ascii_case(b"http")
        }
        _ => !url.starts_with('\\'),
    }
}

/// Walks a config value, keeping the path of the value being read in one
/// buffer (`push_key`/`push_index` step in, `pop` steps back out), so a
/// problem costs no path building at its call site.
#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    path: String,
}

const LANGUAGE_MESSAGE: &str = "is not a language code such as \"en\" or \"pt-BR\"";
const URL_MESSAGE: &str = "must be an http(s) or relative URL";

impl Reader {
    /// Steps into member `key`; returns the length to [`Reader::pop`] back to.
    fn push_key(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if len != 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        len
    }

    /// Steps into item `i` of an array.
    fn push_index(&mut self, i: usize) -> usize {
        let len = self.path.len();
        self.path.push('[');
        push_decimal(&mut self.path, i as u64);
        self.path.push(']');
        len
    }

    /// Steps back out to a length [`Reader::push_key`] or
    /// [`Reader::push_index`] returned. Popping chars, unlike
    /// `String::truncate`, has no char-boundary assertion to panic with (and
    /// `len` is always a boundary: an earlier length of the path).
    #[inline(never)]
    fn pop(&mut self, len: usize) {
        while self.path.len() > len && self.path.pop().is_some() {}
    }

    /// Member `key` of `value` if present, with the path stepped into it.
    fn field<'v>(&mut self, value: &'v Json, key: &str) -> Option<(&'v Json, usize)> {
        let v = value.get(key)?;
        Some((v, self.push_key(key)))
    }

    #[inline(never)]
    fn problem(&mut self, message: &str) {
        self.problems.push(Problem { path: self.path.clone(), message: message.into() });
    }

    fn warning(&mut self, message: &str) {
        self.warnings.push(Problem { path: self.path.clone(), message: message.into() });
    }

    /// A problem at member `key` of the current path.
    fn problem_at(&mut self, key: &str, message: &str) {
        let len = self.push_key(key);
        self.problem(message);
        self.pop(len);
    }

    /// `must be …, not <the JSON type of value>`.
    fn problem_kind(&mut self, message: &str, value: &Json) {
        let mut m = String::from(message);
        m.push_str(value.kind());
        self.problem(&m);
    }

    /// The members of an object, reporting a non-object; `known` lists the
    /// accepted keys (others are warned about and ignored).
    fn object<'a>(&mut self, value: &'a Json, known: &[&str]) -> &'a [(String, Json)] {
        match value {
            Json::Object(members) => {
                for (k, _) in members {
                    if !known.is_empty() && !known.contains(&k.as_str()) {
                        let len = self.push_key(k);
                        self.warning("unknown option, ignored");
                        self.pop(len);
                    }
                }
                members
            }
            _ => {
                self.problem_kind("must be an object, not ", value);
                &[]
            }
        }
    }

    /// A string value, borrowed: callers that only compare or check it
    /// copy nothing (and copy only what they keep).
    fn text<'v>(&mut self, value: &'v Json) -> Option<&'v str> {
        match value {
            Json::Str(s) => Some(s),
            other => {
                self.problem_kind("must be a string, not ", other);
                None
            }
        }
    }

    fn string(&mut self, value: &Json) -> Option<String> {
        self.text(value).map(String::from)
    }

    fn boolean(&mut self, value: &Json) -> Option<bool> {
        match value {
            Json::Bool(b) => Some(*b),
            _ => {
                self.problem("must be true or false");
                None
            }
        }
    }

    /// Member `key` of `value` as a boolean, if present and valid.
    fn boolean_field(&mut self, value: &Json, key: &str) -> Option<bool> {
        let (v, len) = self.field(value, key)?;
        let b = self.boolean(v);
        self.pop(len);
        b
    }

    fn whole_number(&mut self, value: &Json, max: i64) -> Option<i64> {
        match value {
            Json::Int(n) if (0..=max).contains(n) => Some(*n),
            _ => {
                let mut m = String::from("must be a whole number from 0 to ");
                push_decimal(&mut m, max as u64);
                self.problem(&m);
                None
            }
        }
    }

    fn local_text(&mut self, value: &Json) -> LocalText {
        let mut text = LocalText::default();
        match value {
            Json::Str(s) => text.variants.push((String::new(), s.clone())),
            Json::Object(members) => {
                for (lang, v) in members {
                    let len = self.push_key(lang);
                    if !is_valid_language(lang) {
                        self.problem(LANGUAGE_MESSAGE);
                    }
                    if let Some(s) = self.string(v) {
                        text.variants.push((lang.clone(), s));
                    }
                    self.pop(len);
                }
            }
            _ => self.problem("must be a string or an object of language codes to strings"),
        }
        text
    }

    /// `value` as a string that passes `valid`, else `message`. The check is
    /// a plain `fn` pointer, not a generic closure, so every validated string
    /// option (URLs, languages, cookie name, domain and path) shares this one
    /// body instead of getting a copy each.
    fn checked(&mut self, value: &Json, valid: fn(&str) -> bool, message: &str) -> Option<String> {
        let s = self.text(value)?;
        if valid(s) {
            Some(s.into())
        } else {
            self.problem(message);
            None
        }
    }

    /// Member `key` of `value` through [`Reader::checked`], if present.
    fn checked_field(&mut self, value: &Json, key: &str, valid: fn(&str) -> bool, message: &str) -> Option<String> {
        let (v, len) = self.field(value, key)?;
        let s = self.checked(v, valid, message);
        self.pop(len);
        s
    }

    fn config(&mut self, root: &Json) -> Config {
        let mut config = Config {
            revision: 0,
            cookie: CookieOptions::default(),
            categories: Vec::new(),
            default_language: "en".into(),
            language: None,
            privacy_policy_url: None,
            texts: Vec::new(),
            ui: UiOptions::default(),
            honour_gpc: true,
            integrations: Integrations::default(),
            consent_log: None,
            fetched_texts: None,
            blocking_hosts: Vec::new(),
            blocking_unknown: None,
            reload_on_withdraw: false,
        };
        const KNOWN: &[&str] = &[
            "revision",
            "cookie",
            "categories",
            "defaultLanguage",
            "language",
            "privacyPolicyUrl",
            "texts",
            "ui",
            "gpc",
            "googleConsentMode",
            "metaPixel",
            "microsoftUet",
            "consentLog",
            "blocking",
            "reloadOnWithdraw",
        ];
        if !matches!(root, Json::Object(_)) {
            self.problem("the config must be a JSON object");
            return config;
        }
        self.object(root, KNOWN);
        if let Some((v, len)) = self.field(root, "revision") {
            if let Some(n) = self.whole_number(v, i64::from(u32::MAX)) {
                config.revision = n as u32;
            }
            self.pop(len);
        }
        if let Some((v, len)) = self.field(root, "cookie") {
            config.cookie = self.cookie_options(v);
            self.pop(len);
        }
        match self.field(root, "categories") {
            None => self.problem_at("categories", "is required"),
            Some((v, len)) => {
                config.categories = self.categories(v);
                self.pop(len);
            }
        }
        if let Some(code) = self.checked_field(root, "defaultLanguage", is_valid_language, LANGUAGE_MESSAGE) {
            config.default_language = code;
        }
        config.language = self.checked_field(root, "language", is_valid_language, LANGUAGE_MESSAGE);
        config.privacy_policy_url = self.checked_field(root, "privacyPolicyUrl", is_safe_url, URL_MESSAGE);
        if let Some((v, len)) = self.field(root, "ui") {
            config.ui = self.ui_options(v);
            self.pop(len);
        }
        if let Some(b) = self.boolean_field(root, "gpc") {
            config.honour_gpc = b;
        }
        if let Some((v, len)) = self.field(root, "googleConsentMode") {
            config.integrations.google_consent_mode = self.google_consent_mode(v, &config.categories);
            self.pop(len);
        }
        for (key, slot) in [
            ("metaPixel", &mut config.integrations.meta_pixel),
            ("microsoftUet", &mut config.integrations.microsoft_uet),
        ] {
            if let Some((v, len)) = self.field(root, key) {
                *slot = self.category_name(v, &config.categories);
                self.pop(len);
            }
        }
        if let Some((v, len)) = self.field(root, "consentLog") {
            self.object(v, &["endpoint"]);
            match self.field(v, "endpoint") {
                None if matches!(v, Json::Object(_)) => self.problem_at("endpoint", "is required"),
                None => {}
                Some((e, len)) => {
                    config.consent_log = self.checked(e, is_safe_url, URL_MESSAGE);
                    self.pop(len);
                }
            }
            self.pop(len);
        }
        if let Some((v, len)) = self.field(root, "texts") {
            for (lang, texts) in self.object(v, &[]) {
                let lang_len = self.push_key(lang);
                if !is_valid_language(lang) {
                    self.problem(LANGUAGE_MESSAGE);
                }
                let mut entries = Vec::new();
                for (key, text) in self.object(texts, &[]) {
                    let key_len = self.push_key(key);
                    if let Some(s) = self.string(text) {
                        entries.push((key.clone(), s));
                    }
                    self.pop(key_len);
                }
                config.texts.push((lang.clone(), entries));
                self.pop(lang_len);
            }
            self.pop(len);
        }
        if let Some((v, len)) = self.field(root, "blocking") {
            (config.blocking_hosts, config.blocking_unknown) = self.blocking(v, &config.categories);
            self.pop(len);
        }
        if let Some(b) = self.boolean_field(root, "reloadOnWithdraw") {
            config.reload_on_withdraw = b;
        }
        config
    }

    /// A category key of the config (for an integration), or `false` for none.
    fn category_name(&mut self, value: &Json, categories: &[Category]) -> Option<String> {
        if let Json::Bool(false) = value {
            return None;
        }
        let name = self.text(value)?;
        if has_category(categories, name) {
            Some(name.into())
        } else {
            self.problem("must name a category of this config, or be false");
            None
        }
    }

    fn google_consent_mode(&mut self, value: &Json, categories: &[Category]) -> Option<GoogleConsentMode> {
        let mut g =
            GoogleConsentMode { map: default_consent_map(categories), wait_for_update: 500, ..Default::default() };
        if let Json::Bool(on) = value {
            return on.then_some(g);
        }
        self.object(value, &["enabled", "map", "region", "adsDataRedaction", "urlPassthrough", "waitForUpdate"]);
        if self.boolean_field(value, "enabled") == Some(false) {
            return None;
        }
        if let Some((v, len)) = self.field(value, "map") {
            g.map.clear();
            for (category, types) in self.object(v, &[]) {
                let category_len = self.push_key(category);
                if !has_category(categories, category) {
                    self.problem("must name a category of this config");
                }
                let mut list = Vec::new();
                match types {
                    Json::Array(items) => {
                        for (i, t) in items.iter().enumerate() {
                            let item_len = self.push_index(i);
                            if let Some(t) = self.text(t) {
                                if let Some(known) = CONSENT_TYPES.iter().find(|c| **c == t) {
                                    list.push(*known);
                                } else {
                                    self.problem("is not a Consent Mode type such as ad_storage or analytics_storage");
                                }
                            }
                            self.pop(item_len);
                        }
                    }
                    _ => self.problem("must be an array of consent types"),
                }
                g.map.push((category.clone(), list));
                self.pop(category_len);
            }
            self.pop(len);
        }
        if let Some((v, len)) = self.field(value, "region") {
            match v {
                Json::Array(items) => {
                    for (i, r) in items.iter().enumerate() {
                        let item_len = self.push_index(i);
                        if let Some(r) = self.string(r) {
                            g.region.push(r);
                        }
                        self.pop(item_len);
                    }
                }
                _ => self.problem("must be an array of region codes such as \"ES\" or \"US-CA\""),
            }
            self.pop(len);
        }
        if let Some(b) = self.boolean_field(value, "adsDataRedaction") {
            g.ads_data_redaction = b;
        }
        if let Some(b) = self.boolean_field(value, "urlPassthrough") {
            g.url_passthrough = b;
        }
        if let Some((v, len)) = self.field(value, "waitForUpdate") {
            if let Some(n) = self.whole_number(v, 60_000) {
                g.wait_for_update = n as u32;
            }
            self.pop(len);
        }
        Some(g)
    }

    /// Member `key` of `value` as the index of one of `choices` (compared
    /// ignoring ASCII case when `any_case`), reporting anything else.
    fn choice(&mut self, value: &Json, key: &str, choices: &[&str], any_case: bool, message: &str) -> Option<usize> {
        let (v, len) = self.field(value, key)?;
        let found = self.text(v).map(|name| {
            let found = choices.iter().position(|c| if any_case { c.eq_ignore_ascii_case(name) } else { *c == name });
            if found.is_none() {
                self.problem(message);
            }
            found
        });
        self.pop(len);
        found.flatten()
    }

    fn ui_options(&mut self, value: &Json) -> UiOptions {
        let mut ui = UiOptions::default();
        self.object(value, &["layout", "colorScheme", "floatingButton", "buttonOrder"]);
        match self.choice(value, "layout", &["box", "bar", "modal"], false, "must be \"box\", \"bar\" or \"modal\"") {
            Some(1) => ui.layout = Layout::Bar,
            Some(2) => ui.layout = Layout::Modal,
            _ => {}
        }
        let message = "must be \"auto\", \"light\" or \"dark\"";
        match self.choice(value, "colorScheme", &["auto", "light", "dark"], false, message) {
            Some(1) => ui.color_scheme = ColorScheme::Light,
            Some(2) => ui.color_scheme = ColorScheme::Dark,
            _ => {}
        }
        if let Some(b) = self.boolean_field(value, "floatingButton") {
            ui.floating_button = b;
        }
        let message = "must be \"accept-first\" or \"reject-first\"";
        ui.reject_first =
            self.choice(value, "buttonOrder", &["accept-first", "reject-first"], false, message) == Some(1);
        ui
    }

    /// `blocking: { hosts: { "cdn.example.net": "analytics", "static.hotjar.com": false },
    /// unknown: "allow" | category }`: the hosts, and the category for unknown third parties.
    fn blocking(&mut self, value: &Json, categories: &[Category]) -> (Vec<(String, Option<String>)>, Option<String>) {
        self.object(value, &["hosts", "unknown"]);
        let mut unknown = None;
        if let Some((v, len)) = self.field(value, "unknown") {
            match v {
                Json::Str(c) if c == "allow" => {}
                Json::Str(c) if has_category(categories, c) => unknown = Some(c.clone()),
                _ => self.problem("must be \"allow\" or a category key of this config"),
            }
            self.pop(len);
        }
        let mut out = Vec::new();
        let Some((hosts, len)) = self.field(value, "hosts") else {
            return (out, unknown);
        };
        for (key, verdict) in self.object(hosts, &[]) {
            let key_len = self.push_key(key);
            let host = key.to_ascii_lowercase();
            if !is_valid_host_key(&host) {
                self.problem("must be a host such as cdn.example.net, *.example.net or www.example.net/path");
            } else {
                match verdict {
                    Json::Bool(false) => out.push((host, None)),
                    Json::Str(c) if has_category(categories, c) => out.push((host, Some(c.clone()))),
                    Json::Str(_) => self.problem("is not a category of this config"),
                    _ => self.problem("must be a category key or false"),
                }
            }
            self.pop(key_len);
        }
        self.pop(len);
        (out, unknown)
    }

    fn cookie_options(&mut self, value: &Json) -> CookieOptions {
        let mut c = CookieOptions::default();
        self.object(value, &["name", "domain", "path", "expiresDays", "sameSite", "secure"]);
        let message = "must be a cookie name: printable ASCII without spaces or ()<>@,;:\\\"/[]?={}*";
        if let Some(name) = self.checked_field(value, "name", |name| is_valid_cookie_name(name, false), message) {
            c.name = name;
        }
        let message = "must be a host name such as example.com";
        if let Some(domain) = self.checked_field(value, "domain", |d| is_cookie_domain(bare_domain(d)), message) {
            c.domain = Some(bare_domain(&domain).to_ascii_lowercase());
        }
        let message = "must start with / and hold no spaces or ;";
        if let Some(cookie_path) = self.checked_field(value, "path", is_cookie_path, message) {
            c.path = cookie_path;
        }
        if let Some((v, len)) = self.field(value, "expiresDays") {
            match v {
                Json::Int(n) if *n >= 1 => {
                    if *n > i64::from(MAX_EXPIRES_DAYS) {
                        self.warning("is more than 395 days (13 months); clamped to 395");
                        c.expires_days = MAX_EXPIRES_DAYS;
                    } else {
                        c.expires_days = *n as u32;
                    }
                }
                _ => self.problem("must be a whole number of days, at least 1"),
            }
            self.pop(len);
        }
        match self.choice(
            value,
            "sameSite",
            &["lax", "strict", "none"],
            true,
            "must be \"Lax\", \"Strict\" or \"None\"",
        ) {
            Some(1) => c.same_site = SameSite::Strict,
            Some(2) => c.same_site = SameSite::None,
            _ => {}
        }
        if let Some((v, len)) = self.field(value, "secure") {
            c.secure = self.boolean(v);
            self.pop(len);
        }
        if c.same_site == SameSite::None && c.secure == Some(false) {
            self.problem_at("sameSite", "\"None\" needs secure: true (browsers drop the cookie otherwise)");
        }
        c
    }

    /// Checks a key of `categories` or `services` (the path is at it), and
    /// that it is not `repeated`.
    fn key(&mut self, key: &str, repeated: bool) {
        if !is_valid_key(key) {
            self.problem("must start with a letter and hold only letters, digits, _ and - (at most 40)");
        } else if repeated {
            self.problem("is listed twice");
        }
    }

    fn categories(&mut self, value: &Json) -> Vec<Category> {
        let members = self.object(value, &[]);
        if matches!(value, Json::Object(_)) && members.is_empty() {
            self.problem("must hold at least one category");
        }
        if members.len() > MAX_CATEGORIES {
            self.problem("has more than 32 categories");
        }
        let mut out: Vec<Category> = Vec::new();
        for (key, v) in members {
            let len = self.push_key(key);
            self.key(key, out.iter().any(|c| &c.key == key));
            out.push(self.category(key, v));
            self.pop(len);
        }
        out
    }

    /// `title`, `description` and `cookies` of a category or service.
    fn described(&mut self, value: &Json) -> (LocalText, LocalText, Vec<CookieDecl>) {
        let mut out = (LocalText::default(), LocalText::default(), Vec::new());
        for (key, slot) in [("title", &mut out.0), ("description", &mut out.1)] {
            if let Some((v, len)) = self.field(value, key) {
                *slot = self.local_text(v);
                self.pop(len);
            }
        }
        if let Some((v, len)) = self.field(value, "cookies") {
            out.2 = self.cookies(v);
            self.pop(len);
        }
        out
    }

    fn category(&mut self, key: &str, value: &Json) -> Category {
        let mut c = Category { key: key.into(), ..Category::default() };
        self.object(value, &["required", "title", "description", "services", "cookies", "sale", "sharing"]);
        c.required = self.boolean_field(value, "required").unwrap_or(false);
        for flag in ["sale", "sharing"] {
            c.sale_or_sharing |= self.boolean_field(value, flag).unwrap_or(false);
        }
        (c.title, c.description, c.cookies) = self.described(value);
        if let Some((v, len)) = self.field(value, "services") {
            let members = self.object(v, &[]);
            if members.len() > MAX_SERVICES {
                self.problem("has more than 32 services");
            }
            for (skey, sv) in members {
                let service_len = self.push_key(skey);
                self.key(skey, c.services.iter().any(|s| &s.key == skey));
                self.object(sv, &["title", "description", "cookies"]);
                let (title, description, cookies) = self.described(sv);
                c.services.push(Service { key: skey.clone(), title, description, cookies });
                self.pop(service_len);
            }
            self.pop(len);
        }
        c
    }

    fn cookies(&mut self, value: &Json) -> Vec<CookieDecl> {
        let mut out = Vec::new();
        let Json::Array(items) = value else {
            self.problem_kind("must be an array, not ", value);
            return out;
        };
        for (i, item) in items.iter().enumerate() {
            let len = self.push_index(i);
            let mut decl = CookieDecl::default();
            // The path ends at the name when this match is done.
            let name = match item {
                Json::Str(s) => Some(s.clone()),
                Json::Object(_) => {
                    self.object(item, &["name", "provider", "purpose", "duration"]);
                    for (field, slot) in [
                        ("provider", &mut decl.provider),
                        ("purpose", &mut decl.purpose),
                        ("duration", &mut decl.duration),
                    ] {
                        if let Some((v, field_len)) = self.field(item, field) {
                            if let Some(s) = self.string(v) {
                                *slot = s;
                            }
                            self.pop(field_len);
                        }
                    }
                    let v = item.get("name");
                    self.push_key("name");
                    match v {
                        Some(v) => self.string(v),
                        None => {
                            self.problem("is required");
                            None
                        }
                    }
                }
                _ => {
                    self.problem("must be a cookie name or an object with a name");
                    None
                }
            };
            if let Some(name) = name {
                if name.is_empty() {
                    self.problem("must not be empty");
                } else if !is_valid_cookie_name(&name, true) {
                    self.problem("must be a cookie name or pattern such as _ga_*");
                } else {
                    decl.name = name;
                    out.push(decl);
                }
            }
            self.pop(len);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        Config::parse(text).unwrap_err().iter().map(Problem::line).collect()
    }

    #[test]
    fn minimal_config_gets_every_default() {
        let parsed =
            Config::parse(r#"{"categories":{"necessary":{"required":true},"analytics":{},"marketing":{}}}"#).unwrap();
        let c = parsed.config;
        assert!(parsed.warnings.is_empty());
        assert_eq!(c.revision, 0);
        assert_eq!(c.cookie, CookieOptions::default());
        assert_eq!(c.cookie.expires_days, 182);
        assert_eq!(
            c.categories.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(),
            ["necessary", "analytics", "marketing"]
        );
        assert!(c.categories[0].required && !c.categories[1].required);
        assert_eq!(c.default_language, "en");
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let problems = lines(
            r#"{
              "revision": -1,
              "cookie": {"name": "a b", "expiresDays": 0, "sameSite": "sideways"},
              "privacyPolicyUrl": "javascript:alert(1)",
              "categories": {
                "analytics": {"required": "yes", "cookies": ["_ga", {"name": "_gid"}, {"name": ""}, 5]},
                "9bad": {},
                "marketing": {"services": {"fb": {"cookies": "x"}}}
              }
            }"#,
        );
        for expected in [
            "revision: must be a whole number from 0 to 4294967295",
            "cookie.name: must be a cookie name",
            "cookie.expiresDays: must be a whole number of days, at least 1",
            "cookie.sameSite: must be \"Lax\", \"Strict\" or \"None\"",
            "privacyPolicyUrl: must be an http(s) or relative URL",
            "categories.analytics.required: must be true or false",
            "categories.analytics.cookies[2].name: must not be empty",
            "categories.analytics.cookies[3]: must be a cookie name or an object with a name",
            "categories.9bad: must start with a letter",
            "categories.marketing.services.fb.cookies: must be an array, not a string",
        ] {
            assert!(problems.iter().any(|p| p.starts_with(expected)), "missing {expected:?} in {problems:#?}");
        }
        assert_eq!(problems.len(), 10, "{problems:#?}");
    }

    #[test]
    fn categories_are_required_and_not_empty() {
        assert_eq!(lines("{}"), ["categories: is required"]);
        assert_eq!(lines(r#"{"categories":{}}"#), ["categories: must hold at least one category"]);
        assert_eq!(lines(r#"{"categories":[]}"#), ["categories: must be an object, not an array"]);
        assert_eq!(lines("[]"), ["the config must be a JSON object"]);
        assert_eq!(lines("{"), ["not valid JSON (expected a member name in quotes at byte 1)"]);
    }

    #[test]
    fn duplicate_keys_are_problems() {
        let problems = lines(r#"{"categories":{"a":{},"a":{}}}"#);
        assert_eq!(problems, ["categories.a: is listed twice"]);
        let problems = lines(r#"{"categories":{"a":{"services":{"s":{},"s":{}}}}}"#);
        assert_eq!(problems, ["categories.a.services.s: is listed twice"]);
    }

    #[test]
    fn expiry_is_clamped_with_a_warning() {
        let parsed = Config::parse(r#"{"cookie":{"expiresDays":1000},"categories":{"a":{}}}"#).unwrap();
        assert_eq!(parsed.config.cookie.expires_days, 395);
        assert_eq!(parsed.warnings[0].line(), "cookie.expiresDays: is more than 395 days (13 months); clamped to 395");
        let parsed = Config::parse(r#"{"cookie":{"expiresDays":395},"categories":{"a":{}}}"#).unwrap();
        assert_eq!(parsed.config.cookie.expires_days, 395);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn unknown_options_are_warnings() {
        let parsed = Config::parse(r#"{"categries":{},"categories":{"a":{"titel":"x"}}}"#).unwrap();
        let w: Vec<String> = parsed.warnings.iter().map(Problem::line).collect();
        assert_eq!(w, ["categries: unknown option, ignored", "categories.a.titel: unknown option, ignored"]);
    }

    #[test]
    fn same_site_none_needs_secure() {
        let problems = lines(r#"{"cookie":{"sameSite":"None","secure":false},"categories":{"a":{}}}"#);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("cookie.sameSite: \"None\" needs secure"));
    }

    #[test]
    fn texts_per_language_and_for_all() {
        let c = Config::parse(
            r#"{"categories":{"a":{"title":{"en":"Stats","de":"Statistik"},"description":"Any"}},
                "texts":{"de":{"acceptAll":"Alle akzeptieren"}}}"#,
        )
        .unwrap()
        .config;
        let a = &c.categories[0];
        assert_eq!(a.title.get("de"), Some("Statistik"));
        assert_eq!(a.title.get("fr"), None);
        assert_eq!(a.description.get("fr"), Some("Any"));
        assert_eq!(c.texts, [("de".to_string(), vec![("acceptAll".to_string(), "Alle akzeptieren".to_string())])]);
    }

    #[test]
    fn ui_options_with_defaults_and_problems() {
        let c = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
        assert_eq!(c.ui, UiOptions::default());
        let c = Config::parse(
            r#"{"categories":{"a":{}},"ui":{"layout":"bar","colorScheme":"dark","floatingButton":true,"buttonOrder":"reject-first"}}"#,
        )
        .unwrap()
        .config;
        assert_eq!(
            c.ui,
            UiOptions {
                layout: Layout::Bar,
                color_scheme: ColorScheme::Dark,
                floating_button: true,
                reject_first: true
            }
        );
        let problems =
            lines(r#"{"categories":{"a":{}},"ui":{"layout":"popup","colorScheme":1,"floatingButton":"yes"}}"#);
        assert_eq!(
            problems,
            [
                "ui.layout: must be \"box\", \"bar\" or \"modal\"",
                "ui.colorScheme: must be a string, not a number",
                "ui.floatingButton: must be true or false"
            ]
        );
    }

    #[test]
    fn integrations_with_defaults_and_problems() {
        let c = Config::parse(
            r#"{"categories":{"analytics":{},"marketing":{"sale":true}},"googleConsentMode":true,
                "metaPixel":"marketing","consentLog":{"endpoint":"/receipts"}}"#,
        )
        .unwrap()
        .config;
        let g = c.integrations.google_consent_mode.unwrap();
        assert_eq!(g.map[0], ("analytics".to_string(), vec!["analytics_storage"]));
        assert_eq!(g.map[1].1, ["ad_storage", "ad_user_data", "ad_personalization"]);
        assert_eq!(g.wait_for_update, 500);
        assert_eq!(c.integrations.meta_pixel.as_deref(), Some("marketing"));
        assert_eq!(c.consent_log.as_deref(), Some("/receipts"));
        assert!(c.categories[1].sale_or_sharing && !c.categories[0].sale_or_sharing);
        assert!(c.honour_gpc);

        let problems = lines(
            r#"{"categories":{"analytics":{}},"gpc":"yes","metaPixel":"ads",
                "googleConsentMode":{"map":{"analytics":["ad_storage","cookies"],"stats":[]},"region":"ES"},
                "consentLog":{"endpoint":"javascript:x"}}"#,
        );
        assert_eq!(
            problems,
            [
                "gpc: must be true or false",
                "googleConsentMode.map.analytics[1]: is not a Consent Mode type such as ad_storage or analytics_storage",
                "googleConsentMode.map.stats: must name a category of this config",
                "googleConsentMode.region: must be an array of region codes such as \"ES\" or \"US-CA\"",
                "metaPixel: must name a category of this config, or be false",
                "consentLog.endpoint: must be an http(s) or relative URL",
            ]
        );
    }

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
    fn blocking_hosts_and_reload_on_withdraw() {
        let parsed = Config::parse(
            r#"{"categories":{"analytics":{},"marketing":{}},"reloadOnWithdraw":true,
                "blocking":{"hosts":{"CDN.Example.net":"analytics","static.hotjar.com":false,
                "*.ads.example":"marketing","www.example.org/px":"marketing"}}}"#,
        )
        .unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let c = parsed.config;
        assert!(c.reload_on_withdraw);
        assert_eq!(
            c.blocking_hosts,
            [
                ("cdn.example.net".to_string(), Some("analytics".to_string())),
                ("static.hotjar.com".to_string(), None),
                ("*.ads.example".to_string(), Some("marketing".to_string())),
                ("www.example.org/px".to_string(), Some("marketing".to_string())),
            ]
        );
        assert_eq!(c.blocking_unknown, None);
        let minimal = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
        assert!(!minimal.reload_on_withdraw && minimal.blocking_hosts.is_empty());
        let strict = Config::parse(r#"{"categories":{"a":{}},"blocking":{"unknown":"a"}}"#).unwrap().config;
        assert_eq!(strict.blocking_unknown.as_deref(), Some("a"));
        let allow = Config::parse(r#"{"categories":{"a":{}},"blocking":{"unknown":"allow"}}"#).unwrap().config;
        assert_eq!(allow.blocking_unknown, None);
    }

    #[test]
    fn blocking_problems_have_paths() {
        let problems = lines(
            r#"{"categories":{"analytics":{}},"reloadOnWithdraw":"yes",
                "blocking":{"hosts":{"cdn.example.net":"embeds","https://x.com":"analytics",
                "a.com":true,"*.com":false,"b.com":"analytics"},"extra":1}}"#,
        );
        assert_eq!(
            problems,
            [
                "blocking.hosts.cdn.example.net: is not a category of this config",
                "blocking.hosts.https://x.com: must be a host such as cdn.example.net, *.example.net or www.example.net/path",
                "blocking.hosts.a.com: must be a category key or false",
                "blocking.hosts.*.com: must be a host such as cdn.example.net, *.example.net or www.example.net/path",
                "reloadOnWithdraw: must be true or false",
            ]
        );
        assert_eq!(
            lines(r#"{"categories":{"a":{}},"blocking":{"hosts":[]}}"#),
            ["blocking.hosts: must be an object, not an array"]
        );
        for bad in [r#""b""#, "true", r#""Allow""#, "null"] {
            let text = format!(r#"{{"categories":{{"a":{{}}}},"blocking":{{"unknown":{bad}}}}}"#);
            assert_eq!(
                lines(&text),
                [r#"blocking.unknown: must be "allow" or a category key of this config"#],
                "{bad}"
            );
        }
        let parsed = Config::parse(r#"{"categories":{"a":{}},"blocking":{"host":{}}}"#).unwrap();
        assert_eq!(parsed.warnings[0].line(), "blocking.host: unknown option, ignored");
    }

    #[test]
    fn keys_and_languages() {
        assert!(is_valid_key("social-media_2"));
        assert!(!is_valid_key("2x") && !is_valid_key("") && !is_valid_key("a b") && !is_valid_key(&"a".repeat(41)));
        assert!(is_valid_language("en") && is_valid_language("pt-BR") && is_valid_language("zh-Hant-TW"));
        assert!(!is_valid_language("e") && !is_valid_language("en_US") && !is_valid_language("en-"));
    }
}
