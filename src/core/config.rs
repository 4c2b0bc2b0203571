//! The site's configuration: one model for the `#consentry-config` JSON tag
//! and for `init(config)` (which the JS side serialises to the same JSON).
//!
//! [`Config::parse`] never stops at the first mistake: it walks the whole
//! document and returns every problem with its path, e.g.
//! `categories.analytics.cookies[2].name: must not be empty`. Unknown options
//! are warnings (a typo should be visible, not fatal).

use super::encoding::push_decimal;
use super::json::{self, Json};
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
    /// categories present in the config.
    pub map: Vec<(String, Vec<String>)>,
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
        self.categories.iter().find(|c| c.key == key)
    }
}

/// Consent Mode types for the well-known categories the config has.
fn default_consent_map(categories: &[Category]) -> Vec<(String, Vec<String>)> {
    const DEFAULTS: [(&str, &[&str]); 3] = [
        ("analytics", &["analytics_storage"]),
        ("marketing", &["ad_storage", "ad_user_data", "ad_personalization"]),
        ("preferences", &["functionality_storage", "personalization_storage"]),
    ];
    DEFAULTS
        .iter()
        .filter(|(k, _)| categories.iter().any(|c| c.key == *k))
        .map(|(k, types)| (k.to_string(), types.iter().map(|t| t.to_string()).collect()))
        .collect()
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
        && name.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b) && (wildcard || b != b'*'))
}

/// A language code such as `en`, `pt-BR`, `zh-Hant-TW`.
pub fn is_valid_language(code: &str) -> bool {
    let mut parts = code.split('-');
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

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

fn join(path: &str, key: &str) -> String {
    let mut p = String::with_capacity(path.len() + key.len() + 1);
    p.push_str(path);
    if !path.is_empty() {
        p.push('.');
    }
    p.push_str(key);
    p
}

fn index(path: &str, i: usize) -> String {
    let mut p = String::from(path);
    p.push('[');
    push_decimal(&mut p, i as u64);
    p.push(']');
    p
}

impl Reader {
    fn problem(&mut self, path: &str, message: &str) {
        self.problems.push(Problem { path: path.into(), message: message.into() });
    }

    fn warning(&mut self, path: &str, message: &str) {
        self.warnings.push(Problem { path: path.into(), message: message.into() });
    }

    /// The members of an object, reporting a non-object; `known` lists the
    /// accepted keys (others are warned about and ignored).
    fn object<'a>(&mut self, value: &'a Json, path: &str, known: &[&str]) -> &'a [(String, Json)] {
        match value {
            Json::Object(members) => {
                for (k, _) in members {
                    if !known.is_empty() && !known.contains(&k.as_str()) {
                        self.warning(&join(path, k), "unknown option, ignored");
                    }
                }
                members
            }
            _ => {
                let mut m = String::from("must be an object, not ");
                m.push_str(value.kind());
                self.problem(path, &m);
                &[]
            }
        }
    }

    fn string(&mut self, value: &Json, path: &str) -> Option<String> {
        match value {
            Json::Str(s) => Some(s.clone()),
            other => {
                let mut m = String::from("must be a string, not ");
                m.push_str(other.kind());
                self.problem(path, &m);
                None
            }
        }
    }

    fn boolean(&mut self, value: &Json, path: &str) -> Option<bool> {
        match value {
            Json::Bool(b) => Some(*b),
            _ => {
                self.problem(path, "must be true or false");
                None
            }
        }
    }

    fn whole_number(&mut self, value: &Json, path: &str, max: i64) -> Option<i64> {
        match value {
            Json::Int(n) if (0..=max).contains(n) => Some(*n),
            _ => {
                let mut m = String::from("must be a whole number from 0 to ");
                push_decimal(&mut m, max as u64);
                self.problem(path, &m);
                None
            }
        }
    }

    fn local_text(&mut self, value: &Json, path: &str) -> LocalText {
        let mut text = LocalText::default();
        match value {
            Json::Str(s) => text.variants.push((String::new(), s.clone())),
            Json::Object(members) => {
                for (lang, v) in members {
                    let p = join(path, lang);
                    if !is_valid_language(lang) {
                        self.problem(&p, "is not a language code such as \"en\" or \"pt-BR\"");
                    }
                    if let Some(s) = self.string(v, &p) {
                        text.variants.push((lang.clone(), s));
                    }
                }
            }
            _ => self.problem(path, "must be a string or an object of language codes to strings"),
        }
        text
    }

    /// A link the page may follow or POST to: http(s) or relative only.
    fn url(&mut self, value: &Json, path: &str) -> Option<String> {
        let url = self.string(value, path)?;
        if is_safe_url(&url) {
            Some(url)
        } else {
            self.problem(path, "must be an http(s) or relative URL");
            None
        }
    }

    fn language(&mut self, value: &Json, path: &str) -> Option<String> {
        let code = self.string(value, path)?;
        if is_valid_language(&code) {
            Some(code)
        } else {
            self.problem(path, "is not a language code such as \"en\" or \"pt-BR\"");
            None
        }
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
            self.problem("", "the config must be a JSON object");
            return config;
        }
        self.object(root, "", KNOWN);
        if let Some(v) = root.get("revision") {
            if let Some(n) = self.whole_number(v, "revision", i64::from(u32::MAX)) {
                config.revision = n as u32;
            }
        }
        if let Some(v) = root.get("cookie") {
            config.cookie = self.cookie_options(v, "cookie");
        }
        match root.get("categories") {
            None => self.problem("categories", "is required"),
            Some(v) => config.categories = self.categories(v, "categories"),
        }
        if let Some(v) = root.get("defaultLanguage") {
            if let Some(code) = self.language(v, "defaultLanguage") {
                config.default_language = code;
            }
        }
        if let Some(v) = root.get("language") {
            config.language = self.language(v, "language");
        }
        if let Some(v) = root.get("privacyPolicyUrl") {
            config.privacy_policy_url = self.url(v, "privacyPolicyUrl");
        }
        if let Some(v) = root.get("ui") {
            config.ui = self.ui_options(v, "ui");
        }
        if let Some(v) = root.get("gpc") {
            config.honour_gpc = self.boolean(v, "gpc").unwrap_or(true);
        }
        if let Some(v) = root.get("googleConsentMode") {
            config.integrations.google_consent_mode = self.google_consent_mode(v, &config.categories);
        }
        for (key, slot) in [
            ("metaPixel", &mut config.integrations.meta_pixel),
            ("microsoftUet", &mut config.integrations.microsoft_uet),
        ] {
            if let Some(v) = root.get(key) {
                *slot = self.category_name(v, key, &config.categories);
            }
        }
        if let Some(v) = root.get("consentLog") {
            self.object(v, "consentLog", &["endpoint"]);
            match v.get("endpoint") {
                None if matches!(v, Json::Object(_)) => self.problem("consentLog.endpoint", "is required"),
                None => {}
                Some(e) => config.consent_log = self.url(e, "consentLog.endpoint"),
            }
        }
        if let Some(v) = root.get("texts") {
            for (lang, texts) in self.object(v, "texts", &[]) {
                let path = join("texts", lang);
                if !is_valid_language(lang) {
                    self.problem(&path, "is not a language code such as \"en\" or \"pt-BR\"");
                }
                let mut entries = Vec::new();
                for (key, text) in self.object(texts, &path, &[]) {
                    if let Some(s) = self.string(text, &join(&path, key)) {
                        entries.push((key.clone(), s));
                    }
                }
                config.texts.push((lang.clone(), entries));
            }
        }
        if let Some(v) = root.get("blocking") {
            config.blocking_hosts = self.blocking(v, "blocking", &config.categories);
        }
        if let Some(v) = root.get("reloadOnWithdraw") {
            config.reload_on_withdraw = self.boolean(v, "reloadOnWithdraw").unwrap_or(false);
        }
        config
    }

    /// A category key of the config (for an integration), or `false` for none.
    fn category_name(&mut self, value: &Json, path: &str, categories: &[Category]) -> Option<String> {
        if let Json::Bool(false) = value {
            return None;
        }
        let name = self.string(value, path)?;
        if categories.iter().any(|c| c.key == name) {
            Some(name)
        } else {
            self.problem(path, "must name a category of this config, or be false");
            None
        }
    }

    fn google_consent_mode(&mut self, value: &Json, categories: &[Category]) -> Option<GoogleConsentMode> {
        const PATH: &str = "googleConsentMode";
        if let Json::Bool(on) = value {
            return on.then(|| GoogleConsentMode {
                map: default_consent_map(categories),
                wait_for_update: 500,
                ..Default::default()
            });
        }
        self.object(value, PATH, &["enabled", "map", "region", "adsDataRedaction", "urlPassthrough", "waitForUpdate"]);
        if let Some(v) = value.get("enabled") {
            if !self.boolean(v, "googleConsentMode.enabled").unwrap_or(true) {
                return None;
            }
        }
        let mut g =
            GoogleConsentMode { map: default_consent_map(categories), wait_for_update: 500, ..Default::default() };
        if let Some(v) = value.get("map") {
            g.map.clear();
            for (category, types) in self.object(v, "googleConsentMode.map", &[]) {
                let p = join("googleConsentMode.map", category);
                if !categories.iter().any(|c| &c.key == category) {
                    self.problem(&p, "must name a category of this config");
                }
                let mut list = Vec::new();
                match types {
                    Json::Array(items) => {
                        for (i, t) in items.iter().enumerate() {
                            let tp = index(&p, i);
                            if let Some(t) = self.string(t, &tp) {
                                if CONSENT_TYPES.contains(&t.as_str()) {
                                    list.push(t);
                                } else {
                                    self.problem(
                                        &tp,
                                        "is not a Consent Mode type such as ad_storage or analytics_storage",
                                    );
                                }
                            }
                        }
                    }
                    _ => self.problem(&p, "must be an array of consent types"),
                }
                g.map.push((category.clone(), list));
            }
        }
        if let Some(Json::Array(items)) = value.get("region") {
            for (i, r) in items.iter().enumerate() {
                if let Some(r) = self.string(r, &index("googleConsentMode.region", i)) {
                    g.region.push(r);
                }
            }
        } else if value.get("region").is_some() {
            self.problem("googleConsentMode.region", "must be an array of region codes such as \"ES\" or \"US-CA\"");
        }
        if let Some(v) = value.get("adsDataRedaction") {
            g.ads_data_redaction = self.boolean(v, "googleConsentMode.adsDataRedaction").unwrap_or(false);
        }
        if let Some(v) = value.get("urlPassthrough") {
            g.url_passthrough = self.boolean(v, "googleConsentMode.urlPassthrough").unwrap_or(false);
        }
        if let Some(v) = value.get("waitForUpdate") {
            if let Some(n) = self.whole_number(v, "googleConsentMode.waitForUpdate", 60_000) {
                g.wait_for_update = n as u32;
            }
        }
        Some(g)
    }

    /// One of `choices` (by name), reporting anything else.
    fn choice<T: Copy>(&mut self, value: &Json, path: &str, choices: &[(&str, T)], message: &str) -> Option<T> {
        let name = self.string(value, path)?;
        let found = choices.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        if found.is_none() {
            self.problem(path, message);
        }
        found
    }

    fn ui_options(&mut self, value: &Json, path: &str) -> UiOptions {
        let mut ui = UiOptions::default();
        self.object(value, path, &["layout", "colorScheme", "floatingButton", "buttonOrder"]);
        if let Some(v) = value.get("layout") {
            let choices = [("box", Layout::Box), ("bar", Layout::Bar), ("modal", Layout::Modal)];
            let p = join(path, "layout");
            ui.layout = self.choice(v, &p, &choices, "must be \"box\", \"bar\" or \"modal\"").unwrap_or(ui.layout);
        }
        if let Some(v) = value.get("colorScheme") {
            let choices = [("auto", ColorScheme::Auto), ("light", ColorScheme::Light), ("dark", ColorScheme::Dark)];
            let p = join(path, "colorScheme");
            let message = "must be \"auto\", \"light\" or \"dark\"";
            ui.color_scheme = self.choice(v, &p, &choices, message).unwrap_or(ui.color_scheme);
        }
        if let Some(v) = value.get("floatingButton") {
            ui.floating_button = self.boolean(v, &join(path, "floatingButton")).unwrap_or(false);
        }
        if let Some(v) = value.get("buttonOrder") {
            let choices = [("accept-first", false), ("reject-first", true)];
            let p = join(path, "buttonOrder");
            let message = "must be \"accept-first\" or \"reject-first\"";
            ui.reject_first = self.choice(v, &p, &choices, message).unwrap_or(false);
        }
        ui
    }

    /// `blocking: { hosts: { "cdn.example.net": "analytics", "static.hotjar.com": false } }`.
    fn blocking(&mut self, value: &Json, path: &str, categories: &[Category]) -> Vec<(String, Option<String>)> {
        self.object(value, path, &["hosts"]);
        let mut out = Vec::new();
        let Some(hosts) = value.get("hosts") else {
            return out;
        };
        let hosts_path = join(path, "hosts");
        for (key, verdict) in self.object(hosts, &hosts_path, &[]) {
            let p = join(&hosts_path, key);
            let host = key.to_ascii_lowercase();
            if !is_valid_host_key(&host) {
                self.problem(&p, "must be a host such as cdn.example.net, *.example.net or www.example.net/path");
                continue;
            }
            match verdict {
                Json::Bool(false) => out.push((host, None)),
                Json::Str(c) if categories.iter().any(|k| &k.key == c) => out.push((host, Some(c.clone()))),
                Json::Str(_) => self.problem(&p, "is not a category of this config"),
                _ => self.problem(&p, "must be a category key or false"),
            }
        }
        out
    }

    fn cookie_options(&mut self, value: &Json, path: &str) -> CookieOptions {
        let mut c = CookieOptions::default();
        const KNOWN: &[&str] = &["name", "domain", "path", "expiresDays", "sameSite", "secure"];
        self.object(value, path, KNOWN);
        if let Some(v) = value.get("name") {
            let p = join(path, "name");
            if let Some(name) = self.string(v, &p) {
                if is_valid_cookie_name(&name, false) {
                    c.name = name;
                } else {
                    self.problem(&p, "must be a cookie name: printable ASCII without spaces or ()<>@,;:\\\"/[]?={}*");
                }
            }
        }
        if let Some(v) = value.get("domain") {
            let p = join(path, "domain");
            if let Some(domain) = self.string(v, &p) {
                let bare = domain.strip_prefix('.').unwrap_or(&domain);
                let ok = !bare.is_empty()
                    && bare.len() <= 253
                    && bare.split('.').all(|label| {
                        !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    });
                if ok {
                    c.domain = Some(bare.to_ascii_lowercase());
                } else {
                    self.problem(&p, "must be a host name such as example.com");
                }
            }
        }
        if let Some(v) = value.get("path") {
            let p = join(path, "path");
            if let Some(cookie_path) = self.string(v, &p) {
                if cookie_path.starts_with('/') && cookie_path.bytes().all(|b| b.is_ascii_graphic() && b != b';') {
                    c.path = cookie_path;
                } else {
                    self.problem(&p, "must start with / and hold no spaces or ;");
                }
            }
        }
        if let Some(v) = value.get("expiresDays") {
            let p = join(path, "expiresDays");
            match v {
                Json::Int(n) if *n >= 1 => {
                    if *n > i64::from(MAX_EXPIRES_DAYS) {
                        self.warning(&p, "is more than 395 days (13 months); clamped to 395");
                        c.expires_days = MAX_EXPIRES_DAYS;
                    } else {
                        c.expires_days = *n as u32;
                    }
                }
                _ => self.problem(&p, "must be a whole number of days, at least 1"),
            }
        }
        if let Some(v) = value.get("sameSite") {
            let p = join(path, "sameSite");
            if let Some(s) = self.string(v, &p) {
                match s.to_ascii_lowercase().as_str() {
                    "lax" => c.same_site = SameSite::Lax,
                    "strict" => c.same_site = SameSite::Strict,
                    "none" => c.same_site = SameSite::None,
                    _ => self.problem(&p, "must be \"Lax\", \"Strict\" or \"None\""),
                }
            }
        }
        if let Some(v) = value.get("secure") {
            c.secure = self.boolean(v, &join(path, "secure"));
        }
        if c.same_site == SameSite::None && c.secure == Some(false) {
            self.problem(&join(path, "sameSite"), "\"None\" needs secure: true (browsers drop the cookie otherwise)");
        }
        c
    }

    /// Checks a key of `categories` or `services`, and that it is not repeated.
    fn key(&mut self, key: &str, path: &str, seen: &[&str]) {
        if !is_valid_key(key) {
            self.problem(path, "must start with a letter and hold only letters, digits, _ and - (at most 40)");
        } else if seen.contains(&key) {
            self.problem(path, "is listed twice");
        }
    }

    fn categories(&mut self, value: &Json, path: &str) -> Vec<Category> {
        let members = self.object(value, path, &[]);
        if matches!(value, Json::Object(_)) && members.is_empty() {
            self.problem(path, "must hold at least one category");
        }
        if members.len() > MAX_CATEGORIES {
            self.problem(path, "has more than 32 categories");
        }
        let mut out: Vec<Category> = Vec::new();
        for (key, v) in members {
            let p = join(path, key);
            let seen: Vec<&str> = out.iter().map(|c| c.key.as_str()).collect();
            self.key(key, &p, &seen);
            out.push(self.category(key, v, &p));
        }
        out
    }

    fn category(&mut self, key: &str, value: &Json, path: &str) -> Category {
        let mut c = Category { key: key.into(), ..Category::default() };
        const KNOWN: &[&str] = &["required", "title", "description", "services", "cookies", "sale", "sharing"];
        self.object(value, path, KNOWN);
        if let Some(v) = value.get("required") {
            c.required = self.boolean(v, &join(path, "required")).unwrap_or(false);
        }
        for flag in ["sale", "sharing"] {
            if let Some(v) = value.get(flag) {
                c.sale_or_sharing |= self.boolean(v, &join(path, flag)).unwrap_or(false);
            }
        }
        if let Some(v) = value.get("title") {
            c.title = self.local_text(v, &join(path, "title"));
        }
        if let Some(v) = value.get("description") {
            c.description = self.local_text(v, &join(path, "description"));
        }
        if let Some(v) = value.get("cookies") {
            c.cookies = self.cookies(v, &join(path, "cookies"));
        }
        if let Some(v) = value.get("services") {
            let sp = join(path, "services");
            let members = self.object(v, &sp, &[]);
            if members.len() > MAX_SERVICES {
                self.problem(&sp, "has more than 32 services");
            }
            for (skey, sv) in members {
                let p = join(&sp, skey);
                let seen: Vec<&str> = c.services.iter().map(|s| s.key.as_str()).collect();
                self.key(skey, &p, &seen);
                let mut s = Service { key: skey.clone(), ..Service::default() };
                self.object(sv, &p, &["title", "description", "cookies"]);
                if let Some(t) = sv.get("title") {
                    s.title = self.local_text(t, &join(&p, "title"));
                }
                if let Some(t) = sv.get("description") {
                    s.description = self.local_text(t, &join(&p, "description"));
                }
                if let Some(list) = sv.get("cookies") {
                    s.cookies = self.cookies(list, &join(&p, "cookies"));
                }
                c.services.push(s);
            }
        }
        c
    }

    fn cookies(&mut self, value: &Json, path: &str) -> Vec<CookieDecl> {
        let items = match value {
            Json::Array(items) => items,
            other => {
                let mut m = String::from("must be an array, not ");
                m.push_str(other.kind());
                self.problem(path, &m);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = index(path, i);
            let mut decl = CookieDecl::default();
            let (name, name_path) = match item {
                Json::Str(s) => (Some(s.clone()), p.clone()),
                Json::Object(_) => {
                    self.object(item, &p, &["name", "provider", "purpose", "duration"]);
                    for (field, slot) in [
                        ("provider", &mut decl.provider),
                        ("purpose", &mut decl.purpose),
                        ("duration", &mut decl.duration),
                    ] {
                        if let Some(v) = item.get(field) {
                            if let Some(s) = self.string(v, &join(&p, field)) {
                                *slot = s;
                            }
                        }
                    }
                    let np = join(&p, "name");
                    match item.get("name") {
                        Some(v) => (self.string(v, &np), np),
                        None => {
                            self.problem(&np, "is required");
                            (None, np)
                        }
                    }
                }
                _ => {
                    self.problem(&p, "must be a cookie name or an object with a name");
                    (None, p.clone())
                }
            };
            if let Some(name) = name {
                if name.is_empty() {
                    self.problem(&name_path, "must not be empty");
                } else if !is_valid_cookie_name(&name, true) {
                    self.problem(&name_path, "must be a cookie name or pattern such as _ga_*");
                } else {
                    decl.name = name;
                    out.push(decl);
                }
            }
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
        assert_eq!(g.map[0], ("analytics".to_string(), vec!["analytics_storage".to_string()]));
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
        let minimal = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
        assert!(!minimal.reload_on_withdraw && minimal.blocking_hosts.is_empty());
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
