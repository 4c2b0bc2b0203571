//! The config model: what a site configures, with every default filled in.
//! [`super::Config::parse`] builds it; nothing else does outside tests.

use std::str::FromStr;

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
    /// `path: message`, or just the message for the whole config.
    pub fn line(&self) -> String {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            [self.path.as_str(), ": ", self.message.as_str()].into_iter().collect()
        }
    }
}

/// The `SameSite` attribute of the consent cookie.
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

/// Case-insensitive, as browsers read the attribute.
impl FromStr for SameSite {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        [SameSite::Lax, SameSite::Strict, SameSite::None]
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or(())
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// A card in the bottom corner.
    #[default]
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

impl FromStr for Layout {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "box" => Ok(Layout::Box),
            "bar" => Ok(Layout::Bar),
            "modal" => Ok(Layout::Modal),
            _ => Err(()),
        }
    }
}

/// Light or dark, or following `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorScheme {
    #[default]
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

impl FromStr for ColorScheme {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "auto" => Ok(ColorScheme::Auto),
            "light" => Ok(ColorScheme::Light),
            "dark" => Ok(ColorScheme::Dark),
            _ => Err(()),
        }
    }
}

/// Which of the two equal buttons comes first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ButtonOrder {
    #[default]
    AcceptFirst,
    RejectFirst,
}

impl FromStr for ButtonOrder {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "accept-first" => Ok(ButtonOrder::AcceptFirst),
            "reject-first" => Ok(ButtonOrder::RejectFirst),
            _ => Err(()),
        }
    }
}

/// How the dialog looks and behaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UiOptions {
    pub layout: Layout,
    pub color_scheme: ColorScheme,
    /// A persistent "Cookie settings" button once a choice exists.
    pub floating_button: bool,
    pub button_order: ButtonOrder,
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

/// Where a declared name lives in the browser. Its number (`as u8`) is
/// the area the shell names to `Core.withdraws`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Store {
    #[default]
    Cookie,
    /// A `localStorage` key.
    Local,
    /// A `sessionStorage` key.
    Session,
    /// An IndexedDB database.
    IndexedDb,
}

impl Store {
    /// Each store's option on a category or service, named as the browser
    /// names it: `cookies`, `localStorage`, `sessionStorage`, `indexedDB`.
    pub const OPTIONS: [(&'static str, Store); 4] = [
        ("cookies", Store::Cookie),
        ("localStorage", Store::Local),
        ("sessionStorage", Store::Session),
        ("indexedDB", Store::IndexedDb),
    ];
}

/// A cookie or web-storage entry a category (or service) sets: declared
/// for the visitor (the preferences layer's table) and deleted on
/// withdrawal. `name` may hold `*` wildcards (`_ga_*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declaration {
    pub name: String,
    pub provider: String,
    pub purpose: String,
    pub duration: String,
    pub store: Store,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Service {
    pub key: String,
    pub title: LocalText,
    pub description: LocalText,
    /// Its `cookies`, `localStorage`, `sessionStorage` and `indexedDB`, in that order.
    pub declared: Vec<Declaration>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Category {
    pub key: String,
    /// Strictly necessary: always on, cannot be switched off.
    pub required: bool,
    pub title: LocalText,
    pub description: LocalText,
    pub services: Vec<Service>,
    /// Its `cookies`, `localStorage`, `sessionStorage` and `indexedDB`, in that order.
    pub declared: Vec<Declaration>,
    /// Marked `sale`, `sharing` or `targetedAds`: a Global Privacy Control
    /// signal opts the visitor out of it.
    pub sale_or_sharing: bool,
}

impl Category {
    pub fn service(&self, key: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.key == key)
    }

    /// Whether a GPC signal opts the visitor out of this category.
    pub fn is_gpc_covered(&self) -> bool {
        self.sale_or_sharing && !self.required
    }
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
    /// [`CONSENT_TYPES`] (only those are accepted).
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
    /// `blocking.hosts`: tracker-table keys (see `data/trackers.json`) the
    /// site adds or remaps to a category (`Some`) or allows (`None`, from `false`).
    pub blocking_hosts: Vec<(String, Option<String>)>,
    /// `blocking.unknown`: the category every third-party URL the table and
    /// `blocking.hosts` do not know is held as; `None` (`"allow"`, the
    /// default) lets such URLs through.
    pub blocking_unknown: Option<String>,
    /// Whether a category or service declares web storage (the shell then
    /// looks for it after each change).
    pub declares_storage: bool,
    /// `reloadOnWithdraw`: reload the page when a decision withdraws a
    /// category whose scripts already ran on it (they cannot be unloaded).
    pub reload_on_withdraw: bool,
    /// Whether the site has a `tcf` section (IAB TCF v2.3). Its values are
    /// the TCF module's ([`super::read_tcf_site`]); the reader checks them.
    pub tcf: bool,
    /// Whether the site has a `regions` or `gpp` section. Their values are
    /// the GPP module's (`config/regions.rs`); the reader checks them.
    pub regions: bool,
}

/// The `tcf` section, checked (config/tcf.rs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcfConfig {
    pub cmp_id: u16,
    pub cmp_version: u16,
    /// Where the trimmed vendor list is served (`npx consentry gvl`).
    pub gvl: String,
    /// The vendors the site works with, in the config's order.
    pub vendors: Vec<u32>,
    /// `AA` (unknown) by default, as the TC string has it.
    pub publisher_country_code: String,
    /// Google's Ad Tech Provider ids for the Additional Consent string.
    pub google_additional_consent: Vec<u32>,
    pub purpose_one_treatment: bool,
    pub enable_advertiser_consent_mode: bool,
}

impl Default for TcfConfig {
    fn default() -> Self {
        TcfConfig {
            cmp_id: 0,
            cmp_version: 0,
            gvl: String::new(),
            vendors: Vec::new(),
            publisher_country_code: "AA".into(),
            google_additional_consent: Vec::new(),
            purpose_one_treatment: false,
            enable_advertiser_consent_mode: false,
        }
    }
}

impl Default for Config {
    /// The defaults of every option; no categories (so not a valid config).
    fn default() -> Self {
        Config {
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
            blocking_hosts: Vec::new(),
            blocking_unknown: None,
            declares_storage: false,
            reload_on_withdraw: false,
            tcf: false,
            regions: false,
        }
    }
}

impl Config {
    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// Whether a GPC signal, when the browser sends one, changes anything here.
    pub fn gpc_applies(&self) -> bool {
        self.honour_gpc && self.categories.iter().any(Category::is_gpc_covered)
    }
}

/// A valid config and the warnings met while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub config: Config,
    pub warnings: Vec<Problem>,
}
