//! Reads each section of a config document into the model, reporting every
//! problem at its path and filling in the defaults.

use super::checks::{
    bare_domain, is_cookie_domain, is_cookie_path, is_cookie_pattern, is_exact_cookie_name, is_safe_url, is_valid_key,
    is_valid_language,
};
use super::reader::{member, Path, Reader};
use super::types::{
    Category, Config, CookieOptions, Declaration, GoogleConsentMode, LocalText, SameSite, Store, UiOptions,
    CONSENT_TYPES, MAX_CATEGORIES, MAX_EXPIRES_DAYS,
};
use crate::core::json::Json;
use crate::core::trackers::is_valid_host_key;

const LANGUAGE_MESSAGE: &str = say!("is not a language code such as \"en\" or \"pt-BR\"");
const URL_MESSAGE: &str = say!("must be an http(s) or relative URL");
const HOST_WITHOUT_SCHEME: &str = say!("has no scheme, so it is a path on this site; for another site add https://");

/// The options the top level accepts.
const TOP_LEVEL: &[&str] = &[
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
    "tcf",
    "regions",
    "gpp",
];

/// Consent Mode types of the well-known categories.
const DEFAULT_CONSENT_MAP: [(&str, &[&str]); 3] = [
    ("analytics", &["analytics_storage"]),
    ("marketing", &["ad_storage", "ad_user_data", "ad_personalization"]),
    ("preferences", &["functionality_storage", "personalization_storage"]),
];

/// Title, description, cookies and web storage: what categories and services both have.
pub(super) struct Described {
    pub title: LocalText,
    pub description: LocalText,
    pub declared: Vec<Declaration>,
}

impl Reader {
    /// The whole config. Categories come first: integrations refer to them.
    pub fn config(&mut self, root: &Json) -> Config {
        let mut config = Config::default();
        let at = &Path::ROOT;
        if !matches!(root, Json::Object(_)) {
            self.problem(at, say!("the config must be a JSON object"));
            return config;
        }
        self.object(root, at, TOP_LEVEL);
        if let Some((v, at)) = member(root, at, "revision") {
            config.revision = self.whole_number(v, &at, u32::MAX).unwrap_or(config.revision);
        }
        if let Some((v, at)) = member(root, at, "cookie") {
            config.cookie = self.cookie_options(v, &at);
        }
        match member(root, at, "categories") {
            Some((v, at)) => config.categories = self.categories(v, &at),
            None => self.problem(&at.key("categories"), say!("is required")),
        }
        if let Some(code) = self.checked_member(root, at, "defaultLanguage", is_valid_language, LANGUAGE_MESSAGE) {
            config.default_language = code;
        }
        config.language = self.checked_member(root, at, "language", is_valid_language, LANGUAGE_MESSAGE);
        config.privacy_policy_url = self.checked_member(root, at, "privacyPolicyUrl", is_safe_url, URL_MESSAGE);
        // `www.example.com/privacy` is a path on this site to a browser: most
        // likely a link to another site written without its scheme. (Only
        // `www.`: a fuller host test costs the page's wasm 120 B more.)
        if config.privacy_policy_url.as_deref().is_some_and(|url| url.starts_with("www.")) {
            self.warning(&at.key("privacyPolicyUrl"), HOST_WITHOUT_SCHEME);
        }
        if let Some((v, at)) = member(root, at, "ui") {
            config.ui = self.ui_options(v, &at);
        }
        config.honour_gpc = self.boolean_member(root, at, "gpc").unwrap_or(config.honour_gpc);
        if let Some((v, at)) = member(root, at, "googleConsentMode") {
            config.integrations.google_consent_mode = self.google_consent_mode(v, &at, &config.categories);
        }
        if let Some((v, at)) = member(root, at, "metaPixel") {
            config.integrations.meta_pixel = self.category_name(v, &at, &config.categories);
        }
        if let Some((v, at)) = member(root, at, "microsoftUet") {
            config.integrations.microsoft_uet = self.category_name(v, &at, &config.categories);
        }
        if let Some((v, at)) = member(root, at, "consentLog") {
            config.consent_log = self.consent_log(v, &at);
        }
        if let Some((v, at)) = member(root, at, "texts") {
            config.texts = self.texts(v, &at);
        }
        if let Some((v, at)) = member(root, at, "blocking") {
            (config.blocking_hosts, config.blocking_unknown) = self.blocking(v, &at, &config.categories);
        }
        config.reload_on_withdraw = self.boolean_member(root, at, "reloadOnWithdraw").unwrap_or(false);
        if let Some((v, at)) = member(root, at, "tcf") {
            config.tcf = true;
            self.tcf(v, &at); // its problems count; its values are the TCF module's
        }
        config.declares_storage = self.saw_storage;
        if root.get("regions").is_some() || root.get("gpp").is_some() {
            config.regions = true;
            // Their problems count; their values are the GPP module's (config/regions.rs).
            #[cfg(any(not(target_arch = "wasm32"), feature = "module-gpp", feature = "server"))]
            self.regions_and_gpp(root);
        }
        config
    }

    pub(super) fn cookie_options(&mut self, value: &Json, at: &Path) -> CookieOptions {
        let defaults = CookieOptions::default();
        self.object(value, at, &["name", "domain", "path", "expiresDays", "sameSite", "secure"]);
        let name = self.checked_member(
            value,
            at,
            "name",
            is_exact_cookie_name,
            say!("must be a cookie name: printable ASCII without spaces or ()<>@,;:\\\"/[]?={}*"),
        );
        let domain =
            self.checked_member(value, at, "domain", is_cookie_domain, say!("must be a host name such as example.com"));
        let path =
            self.checked_member(value, at, "path", is_cookie_path, say!("must start with / and hold no spaces or ;"));
        let expires_days = member(value, at, "expiresDays").and_then(|(v, at)| self.expires_days(v, &at));
        let same_site = self
            .choice(value, at, "sameSite", say!("must be \"Lax\", \"Strict\" or \"None\""))
            .unwrap_or(defaults.same_site);
        let secure = member(value, at, "secure").and_then(|(v, at)| self.boolean(v, &at));
        if same_site == SameSite::None && secure == Some(false) {
            self.problem(&at.key("sameSite"), say!("\"None\" needs secure: true (browsers drop the cookie otherwise)"));
        }
        CookieOptions {
            name: name.unwrap_or(defaults.name),
            domain: domain.map(|d| bare_domain(&d).to_ascii_lowercase()),
            path: path.unwrap_or(defaults.path),
            expires_days: expires_days.unwrap_or(defaults.expires_days),
            same_site,
            secure,
        }
    }

    /// At least one day; more than 13 months is clamped, with a warning.
    fn expires_days(&mut self, value: &Json, at: &Path) -> Option<u32> {
        match value {
            Json::Int(n) if *n > i64::from(MAX_EXPIRES_DAYS) => {
                self.warning(at, say!("is more than 395 days (13 months); clamped to 395"));
                Some(MAX_EXPIRES_DAYS)
            }
            Json::Int(n) if *n >= 1 => u32::try_from(*n).ok(),
            _ => {
                self.problem(at, say!("must be a whole number of days, at least 1"));
                None
            }
        }
    }

    fn categories(&mut self, value: &Json, at: &Path) -> Vec<Category> {
        let members = self.object(value, at, &[]);
        if matches!(value, Json::Object(_)) && members.is_empty() {
            self.problem(at, say!("must hold at least one category"));
        }
        if members.len() > MAX_CATEGORIES {
            self.problem(at, say!("has more than 32 categories"));
        }
        let mut categories: Vec<Category> = Vec::with_capacity(members.len());
        for (key, v) in members {
            let at = at.key(key);
            self.key(key, &at, categories.iter().any(|c| &c.key == key));
            categories.push(self.category(key, v, &at));
        }
        categories
    }

    /// Checks a key of `categories` or `services` (at `at`), and that it is
    /// not `repeated`.
    pub(super) fn key(&mut self, key: &str, at: &Path, repeated: bool) {
        if !is_valid_key(key) {
            self.problem(at, say!("must start with a letter and hold only letters, digits, _ and - (at most 40)"));
        } else if repeated {
            self.problem(at, say!("is listed twice"));
        }
    }

    fn category(&mut self, key: &str, value: &Json, at: &Path) -> Category {
        self.object(
            value,
            at,
            &[
                "required",
                "title",
                "description",
                "services",
                "sale",
                "sharing",
                "targetedAds",
                "sensitive",
                "cookies",
                "localStorage",
                "sessionStorage",
                "indexedDB",
            ],
        );
        let required = self.boolean_member(value, at, "required").unwrap_or(false);
        // Every flag is read (and checked) even when the first is set.
        let sale = self.boolean_member(value, at, "sale").unwrap_or(false);
        let sharing = self.boolean_member(value, at, "sharing").unwrap_or(false);
        let targeted_ads = self.boolean_member(value, at, "targetedAds").unwrap_or(false);
        // `sensitive` (the opt-out dialog's "limit use" switch) is the GPP module's to read and check.
        let Described { title, description, declared } = self.described(value, at);
        let services = member(value, at, "services").map(|(v, at)| self.services(v, &at)).unwrap_or_default();
        Category {
            key: key.into(),
            required,
            title,
            description,
            services,
            declared,
            sale_or_sharing: sale || sharing || targeted_ads,
        }
    }

    /// `title`, `description` and the declarations (`cookies`, `localStorage`,
    /// `sessionStorage`, `indexedDB`) of a category or service.
    pub(super) fn described(&mut self, value: &Json, at: &Path) -> Described {
        let title = member(value, at, "title").map(|(v, at)| self.local_text(v, &at)).unwrap_or_default();
        let description = member(value, at, "description").map(|(v, at)| self.local_text(v, &at)).unwrap_or_default();
        let mut declared = Vec::new();
        for (name, store) in Store::OPTIONS {
            if let Some((v, at)) = member(value, at, name) {
                self.declarations(v, &at, store, &mut declared);
                self.saw_storage |= store != Store::Cookie;
            }
        }
        Described { title, description, declared }
    }

    /// A text for every language (a string) or per language code (an object).
    fn local_text(&mut self, value: &Json, at: &Path) -> LocalText {
        let mut text = LocalText::default();
        match value {
            Json::Str(s) => text.variants.push((String::new(), s.clone())),
            Json::Object(members) => {
                for (lang, v) in members {
                    let at = at.key(lang);
                    if !is_valid_language(lang) {
                        self.problem(&at, LANGUAGE_MESSAGE);
                    }
                    if let Some(s) = self.string(v, &at) {
                        text.variants.push((lang.clone(), s));
                    }
                }
            }
            _ => self.problem(at, say!("must be a string or an object of language codes to strings")),
        }
        text
    }

    /// An array of declarations of `store`, appended to `out`.
    pub(super) fn declarations(&mut self, value: &Json, at: &Path, store: Store, out: &mut Vec<Declaration>) {
        let Json::Array(items) = value else {
            self.wrong_kind(at, say!("must be an array"), value);
            return;
        };
        for (i, item) in items.iter().enumerate() {
            out.extend(self.declaration(item, &at.index(i), store));
        }
    }

    /// A declared cookie or storage entry: a name (or pattern), or an object
    /// with a name and what the visitor is told about it.
    fn declaration(&mut self, item: &Json, at: &Path, store: Store) -> Option<Declaration> {
        let mut decl = Declaration { store, ..Declaration::default() };
        let (name, name_at) = match item {
            Json::Str(name) => (name.as_str(), *at),
            Json::Object(_) => {
                self.object(item, at, &["name", "provider", "purpose", "duration"]);
                for (field, slot) in
                    [("provider", &mut decl.provider), ("purpose", &mut decl.purpose), ("duration", &mut decl.duration)]
                {
                    if let Some(text) = member(item, at, field).and_then(|(v, at)| self.string(v, &at)) {
                        *slot = text;
                    }
                }
                let name_at = at.key("name");
                let Some(name) = item.get("name") else {
                    self.problem(&name_at, say!("is required"));
                    return None;
                };
                (self.text(name, &name_at)?, name_at)
            }
            _ => {
                self.problem(at, say!("must be a name or an object with a name"));
                return None;
            }
        };
        if name.is_empty() {
            self.problem(&name_at, say!("must not be empty"));
            return None;
        }
        // Storage keys and database names may be any text; cookie names are tokens.
        if store == Store::Cookie && !is_cookie_pattern(name) {
            self.problem(&name_at, say!("must be a cookie name or pattern such as _ga_*"));
            return None;
        }
        decl.name = name.into();
        Some(decl)
    }

    fn ui_options(&mut self, value: &Json, at: &Path) -> UiOptions {
        let defaults = UiOptions::default();
        self.object(value, at, &["layout", "colorScheme", "floatingButton", "buttonOrder"]);
        UiOptions {
            layout: self
                .choice(value, at, "layout", say!("must be \"box\", \"bar\" or \"modal\""))
                .unwrap_or(defaults.layout),
            color_scheme: self
                .choice(value, at, "colorScheme", say!("must be \"auto\", \"light\" or \"dark\""))
                .unwrap_or(defaults.color_scheme),
            floating_button: self.boolean_member(value, at, "floatingButton").unwrap_or(defaults.floating_button),
            button_order: self
                .choice(value, at, "buttonOrder", say!("must be \"accept-first\" or \"reject-first\""))
                .unwrap_or(defaults.button_order),
        }
    }

    /// `texts`: language → key → text, overriding the built-in texts.
    fn texts(&mut self, value: &Json, at: &Path) -> Vec<(String, Vec<(String, String)>)> {
        let mut texts = Vec::new();
        for (lang, entries) in self.object(value, at, &[]) {
            let at = at.key(lang);
            if !is_valid_language(lang) {
                self.problem(&at, LANGUAGE_MESSAGE);
            }
            let mut list = Vec::new();
            for (key, text) in self.object(entries, &at, &[]) {
                if let Some(text) = self.string(text, &at.key(key)) {
                    list.push((key.clone(), text));
                }
            }
            texts.push((lang.clone(), list));
        }
        texts
    }

    /// A category key of the config (for an integration), or `false` for none.
    fn category_name(&mut self, value: &Json, at: &Path, categories: &[Category]) -> Option<String> {
        if let Json::Bool(false) = value {
            return None;
        }
        let name = self.text(value, at)?;
        if categories.iter().any(|c| c.key == name) {
            Some(name.into())
        } else {
            self.problem(at, say!("must name a category of this config, or be false"));
            None
        }
    }

    fn google_consent_mode(&mut self, value: &Json, at: &Path, categories: &[Category]) -> Option<GoogleConsentMode> {
        let has = |key: &str| categories.iter().any(|c| c.key == key);
        let mut defaults = GoogleConsentMode { wait_for_update: 500, ..GoogleConsentMode::default() };
        for (key, types) in DEFAULT_CONSENT_MAP {
            if has(key) {
                defaults.map.push((key.into(), types.to_vec()));
            }
        }
        if let Json::Bool(on) = value {
            return on.then_some(defaults);
        }
        self.object(value, at, &["enabled", "map", "region", "adsDataRedaction", "urlPassthrough", "waitForUpdate"]);
        if self.boolean_member(value, at, "enabled") == Some(false) {
            return None;
        }
        Some(GoogleConsentMode {
            map: member(value, at, "map").map(|(v, at)| self.consent_map(v, &at, categories)).unwrap_or(defaults.map),
            region: member(value, at, "region").map(|(v, at)| self.regions(v, &at)).unwrap_or_default(),
            ads_data_redaction: self.boolean_member(value, at, "adsDataRedaction").unwrap_or(false),
            url_passthrough: self.boolean_member(value, at, "urlPassthrough").unwrap_or(false),
            wait_for_update: member(value, at, "waitForUpdate")
                .and_then(|(v, at)| self.whole_number(v, &at, 60_000))
                .unwrap_or(defaults.wait_for_update),
        })
    }

    /// `googleConsentMode.map`: category → the Consent Mode types it grants.
    fn consent_map(&mut self, value: &Json, at: &Path, categories: &[Category]) -> Vec<(String, Vec<&'static str>)> {
        let mut map = Vec::new();
        for (category, types) in self.object(value, at, &[]) {
            let at = at.key(category);
            if !categories.iter().any(|c| &c.key == category) {
                self.problem(&at, say!("must name a category of this config"));
            }
            let mut list = Vec::new();
            for (i, t) in self.array(types, &at, say!("must be an array of consent types")).iter().enumerate() {
                let at = at.index(i);
                let Some(name) = self.text(t, &at) else { continue };
                match CONSENT_TYPES.into_iter().find(|known| *known == name) {
                    Some(known) => list.push(known),
                    None => {
                        self.problem(&at, say!("is not a Consent Mode type such as ad_storage or analytics_storage"))
                    }
                }
            }
            map.push((category.clone(), list));
        }
        map
    }

    fn regions(&mut self, value: &Json, at: &Path) -> Vec<String> {
        let mut regions = Vec::new();
        for (i, region) in self
            .array(value, at, say!("must be an array of region codes such as \"ES\" or \"US-CA\""))
            .iter()
            .enumerate()
        {
            regions.extend(self.string(region, &at.index(i)));
        }
        regions
    }

    /// `consentLog: { endpoint }`.
    fn consent_log(&mut self, value: &Json, at: &Path) -> Option<String> {
        self.object(value, at, &["endpoint"]);
        match member(value, at, "endpoint") {
            Some((endpoint, at)) => self.checked(endpoint, &at, is_safe_url, URL_MESSAGE),
            None => {
                if matches!(value, Json::Object(_)) {
                    self.problem(&at.key("endpoint"), say!("is required"));
                }
                None
            }
        }
    }

    /// `blocking: { hosts: { "cdn.example.net": "analytics", "static.hotjar.com": false },
    /// unknown: "allow" | category }`: the hosts, and the category for unknown third parties.
    fn blocking(
        &mut self,
        value: &Json,
        at: &Path,
        categories: &[Category],
    ) -> (Vec<(String, Option<String>)>, Option<String>) {
        self.object(value, at, &["hosts", "unknown"]);
        let unknown = member(value, at, "unknown").and_then(|(v, at)| match v {
            Json::Str(c) if c == "allow" => None,
            Json::Str(c) if categories.iter().any(|k| &k.key == c) => Some(c.clone()),
            _ => {
                self.problem(&at, say!("must be \"allow\" or a category key of this config"));
                None
            }
        });
        let Some((hosts, at)) = member(value, at, "hosts") else {
            return (Vec::new(), unknown);
        };
        let mut out = Vec::new();
        for (key, verdict) in self.object(hosts, &at, &[]) {
            let at = at.key(key);
            let host = key.to_ascii_lowercase();
            if !is_valid_host_key(&host) {
                self.problem(
                    &at,
                    say!("must be a host such as cdn.example.net, *.example.net or www.example.net/path"),
                );
                continue;
            }
            match verdict {
                Json::Bool(false) => out.push((host, None)),
                Json::Str(c) if categories.iter().any(|k| &k.key == c) => out.push((host, Some(c.clone()))),
                Json::Str(_) => self.problem(&at, say!("is not a category of this config")),
                _ => self.problem(&at, say!("must be a category key or false")),
            }
        }
        (out, unknown)
    }
}
