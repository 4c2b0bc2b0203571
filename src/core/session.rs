//! A page's running Consentry, as pure state: the config, the current
//! record and the language. The JS entry feeds it what the page has (the
//! cookie jar's text, the clock, random bytes, the page's languages and GPC
//! signal) and writes the cookie strings it returns to `document.cookie`;
//! so everything here runs, and is tested, natively.

use super::cookie::{deletion_strings, encode, set_cookie_string, withdrawn_cookies};
use super::encoding::push_decimal;
use super::i18n::{pick_language, Texts};
use super::json::push_string;
use super::record::ID_BYTES;
use super::trackers;
use super::view::{Layer, View};
use super::{Config, Decision, Error, Record};

/// What the page is, read once at start.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// `location.hostname`, `location.pathname`, and whether it is https.
    pub host: String,
    pub path: String,
    pub https: bool,
    /// `<html lang>`, and `navigator.languages`.
    pub lang: Option<String>,
    pub languages: Vec<String>,
    /// `navigator.globalPrivacyControl === true`.
    pub gpc: bool,
}

/// The moment of a change: the jar as `document.cookie` reads now, the
/// time in Unix seconds, and fresh random bytes for a new consent id.
pub struct Moment<'a> {
    pub jar: &'a str,
    pub now: u64,
    pub id: [u8; ID_BYTES],
}

pub struct Session {
    config: Config,
    record: Option<Record>,
    /// The language the dialog speaks, chosen once at start.
    lang: String,
    page: Page,
    /// The default tracker table (`data/trackers.json`), parsed at start.
    trackers: Vec<(String, String)>,
    /// The config's warnings, one line each (`path: message`).
    pub warnings: Vec<String>,
}

impl Session {
    /// The language the dialog will speak for this config on this page, so
    /// the JS entry can fetch its texts before starting.
    pub fn language_for(config_text: &str, page: &Page) -> Option<String> {
        let config = Config::parse(config_text).ok()?.config;
        Some(pick_language(&config, page.lang.as_deref(), &page.languages))
    }

    /// Starts from a JSON config text: reads the stored choice (a GPC signal
    /// may rewrite it). `language_texts` are the built-in texts of the chosen
    /// language when it is not English (`None`: English). Returns the
    /// session and the cookie strings to write (the rewritten record, and
    /// deletions of what the stored choice withdraws).
    pub fn start(
        config_text: &str,
        language_texts: Option<String>,
        page: Page,
        at: &Moment,
    ) -> Result<(Session, Vec<String>), Error> {
        let parsed = Config::parse(config_text).map_err(Error::Config)?;
        let mut config = parsed.config;
        let lang = pick_language(&config, page.lang.as_deref(), &page.languages);
        config.fetched_texts = language_texts.map(|texts| (lang.clone(), texts));
        let mut warnings = Vec::new();
        for w in &parsed.warnings {
            warnings.push(w.line());
        }
        let mut session = Session { config, record: None, lang, page, trackers: trackers::table(), warnings };
        let stored = session.stored_record(at);
        // A GPC signal overrides an earlier allow of sale/sharing categories,
        // and decides alone when nothing else is left to ask.
        let rewritten =
            if session.page.gpc { Record::apply_gpc(&session.config, stored.as_ref(), at.now, &at.id) } else { None };
        let writes = match rewritten {
            Some(r) => session.store(r, at),
            None => {
                let writes = stored.as_ref().map_or_else(Vec::new, |r| session.withdrawn(r, at.jar));
                session.record = stored;
                writes
            }
        };
        Ok((session, writes))
    }

    /// Keeps `record`; returns its cookie and the deletions of what it withdraws.
    fn store(&mut self, record: Record, at: &Moment) -> Vec<String> {
        let value = encode(&record, &self.config);
        let mut writes = vec![set_cookie_string(&self.config.cookie, &value, at.now, &self.page.host, self.page.https)];
        writes.extend(self.withdrawn(&record, at.jar));
        self.record = Some(record);
        writes
    }

    /// Deletions of every cookie in `jar` that `record` does not allow,
    /// across the domain and path variants it may have been set with.
    fn withdrawn(&self, record: &Record, jar: &str) -> Vec<String> {
        // A loop, not `flat_map(..).collect()`: `FlatMap` costs its own code.
        let mut writes = Vec::new();
        for name in withdrawn_cookies(&self.config, record, jar) {
            writes.append(&mut deletion_strings(name, &self.page.host, &self.page.path));
        }
        writes
    }

    /// The valid record in the jar, if any.
    fn stored_record(&self, at: &Moment) -> Option<Record> {
        super::server::stored_record(at.jar, &self.config, at.now)
    }

    /// Records a decision; returns the cookie strings to write.
    pub fn decide(&mut self, decision: &Decision, at: &Moment) -> Result<Vec<String>, Error> {
        let record =
            Record::decide_with_gpc(&self.config, self.record.as_ref(), decision, at.now, &at.id, self.page.gpc)?;
        Ok(self.store(record, at))
    }

    /// Forgets the choice; returns the deletions of the consent cookie.
    pub fn reset(&mut self) -> Vec<String> {
        self.record = None;
        deletion_strings(&self.config.cookie.name, &self.page.host, &self.page.path)
    }

    /// Takes over a choice made in another tab: re-reads the jar. `None`
    /// when nothing changed, else the deletions of what the new choice
    /// withdraws.
    pub fn refresh(&mut self, at: &Moment) -> Option<Vec<String>> {
        let stored = self.stored_record(at);
        if stored == self.record {
            return None;
        }
        let writes = stored.as_ref().map_or_else(Vec::new, |r| self.withdrawn(r, at.jar));
        self.record = stored;
        Some(writes)
    }

    fn texts(&self) -> Texts<'_> {
        Texts::new(&self.config, &self.lang)
    }

    /// The dialog's markup: `None` the lasting shell (status region,
    /// floating button), else the layer, switches showing the stored choice.
    pub fn markup(&self, layer: Option<Layer>) -> String {
        let texts = self.texts();
        let gpc_honoured =
            self.page.gpc && self.config.honour_gpc && self.config.categories.iter().any(|c| c.sale_or_sharing);
        let view = View { config: &self.config, texts: &texts, record: self.record.as_ref(), gpc_honoured };
        match layer {
            None => view.shell(),
            Some(layer) => view.dialog(layer),
        }
    }

    /// A text of the dialog's language by key (`saved`, `loadOnce`, ...).
    pub fn text(&self, key: &str) -> String {
        self.texts().get(key)
    }

    /// Who a held embed is from, for its placeholder: the title of its
    /// service (`data-service`), else the host its URL loads from (as the
    /// browser reads it; the entry passes none for the page's own), else the
    /// title of its category.
    pub fn held_from(&self, category: &str, service: Option<&str>, host: Option<&str>) -> String {
        match (service.filter(|s| !s.is_empty()), host.filter(|h| !h.is_empty())) {
            (Some(key), _) => self.service_title(category, key).unwrap_or(key).to_string(),
            (None, Some(host)) => host.strip_prefix("www.").unwrap_or(host).to_string(),
            _ => self.category_text(category, "title"),
        }
    }

    /// A category's `title` or `description` in the dialog's language.
    pub fn category_text(&self, category: &str, field: &str) -> String {
        self.texts().category(category, field)
    }

    /// A service's title in the dialog's language, if it has one.
    fn service_title(&self, category: &str, service: &str) -> Option<&str> {
        let service = self.config.category(category)?.services.iter().find(|s| s.key == service)?;
        service.title.get(&self.lang).filter(|t| !t.is_empty())
    }

    /// The category a URL needs (`data/trackers.json`, the config's
    /// `blocking.hosts` and `blocking.unknown`), from the browser's reading
    /// of it: see [`trackers::category_for`].
    pub fn category_for(&self, protocol: &str, host: &str, path: &str) -> Option<String> {
        trackers::category_for(protocol, host, path, &self.page.host, &self.config, &self.trackers).map(str::to_string)
    }

    /// The granted categories, in config order.
    /// (Plain loops: `filter`/`map`/`collect` chains each cost their own
    /// generic code in the wasm.)
    pub fn granted_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if let Some(r) = &self.record {
            for (key, on) in &r.categories {
                if *on {
                    keys.push(key.clone());
                }
            }
        }
        keys
    }

    /// The config's category keys, in order (for argument checks in JS).
    pub fn category_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for c in &self.config.categories {
            keys.push(c.key.clone());
        }
        keys
    }

    /// The settings the JS entry acts on, with their defaults, as JSON:
    /// `{language, gcm: {map, region, adsDataRedaction, urlPassthrough, waitForUpdate} | null,
    ///   metaPixel, microsoftUet, consentLog, reloadOnWithdraw, floatingButton}`.
    pub fn settings_json(&self) -> String {
        settings_json(&self.config, &self.lang)
    }

    /// Whether `category` (and `service`, when given) is granted now.
    pub fn has_consent(&self, category: &str, service: Option<&str>) -> bool {
        match (&self.record, service) {
            (Some(r), Some(s)) => r.has_service(category, s),
            (Some(r), None) => r.has(category),
            (None, _) => false,
        }
    }

    /// The record as JSON (`getConsent()`), or `None` before a choice.
    pub fn consent_json(&self) -> Option<String> {
        self.record.as_ref().map(Record::to_json)
    }
}

/// See [`Session::settings_json`].
fn settings_json(config: &Config, language: &str) -> String {
    fn push_key_or_null(out: &mut String, key: Option<&str>) {
        match key {
            Some(k) => push_string(out, k),
            None => out.push_str("null"),
        }
    }
    let i = &config.integrations;
    let mut out = String::from("{\"language\":");
    push_string(&mut out, language);
    out.push_str(",\"gcm\":");
    match &i.google_consent_mode {
        None => out.push_str("null"),
        Some(g) => {
            out.push_str("{\"map\":{");
            for (n, (category, types)) in g.map.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                push_string(&mut out, category);
                out.push_str(":[");
                for (m, t) in types.iter().enumerate() {
                    if m > 0 {
                        out.push(',');
                    }
                    push_string(&mut out, t);
                }
                out.push(']');
            }
            out.push_str("},\"region\":[");
            for (n, r) in g.region.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                push_string(&mut out, r);
            }
            out.push_str("],\"adsDataRedaction\":");
            out.push_str(if g.ads_data_redaction { "true" } else { "false" });
            out.push_str(",\"urlPassthrough\":");
            out.push_str(if g.url_passthrough { "true" } else { "false" });
            out.push_str(",\"waitForUpdate\":");
            push_decimal(&mut out, u64::from(g.wait_for_update));
            out.push('}');
        }
    }
    out.push_str(",\"metaPixel\":");
    push_key_or_null(&mut out, i.meta_pixel.as_deref());
    out.push_str(",\"microsoftUet\":");
    push_key_or_null(&mut out, i.microsoft_uet.as_deref());
    out.push_str(",\"consentLog\":");
    push_key_or_null(&mut out, config.consent_log.as_deref());
    out.push_str(",\"reloadOnWithdraw\":");
    out.push_str(if config.reload_on_withdraw { "true" } else { "false" });
    out.push_str(",\"floatingButton\":");
    out.push_str(if config.ui.floating_button { "true" } else { "false" });
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"cookie":{"name":"cy"},"categories":{"necessary":{"required":true},
        "analytics":{"cookies":["_ga","_ga_*"]},"marketing":{"cookies":["_fbp"]}}}"#;

    fn page() -> Page {
        Page { host: "shop.example.com".into(), path: "/a/b".into(), https: true, ..Page::default() }
    }

    fn at(jar: &str) -> Moment<'_> {
        Moment { jar, now: 1_700_000_000, id: [7; ID_BYTES] }
    }

    /// `name=value` as the jar would read after the first `Set-Cookie` string.
    fn jar_after(writes: &[String]) -> String {
        writes[0].split(';').next().unwrap().to_string()
    }

    #[test]
    fn a_decision_returns_the_cookie_and_the_deletions_of_what_it_withdraws() {
        let (mut s, writes) = Session::start(CONFIG, None, page(), &at("_ga=1; _fbp=2")).unwrap();
        assert!(writes.is_empty(), "nothing stored, nothing deleted before a choice: {writes:?}");
        let writes = s.decide(&Decision::Accept(vec!["analytics".into()]), &at("_ga=1; _fbp=2")).unwrap();
        assert!(writes[0].starts_with("cy=1.") && writes[0].contains("; Secure"), "{writes:?}");
        assert!(writes[1..].iter().all(|w| w.starts_with("_fbp=;")), "only marketing's cookie goes: {writes:?}");
        assert!(writes[1..].iter().any(|w| w.contains("Domain=.example.com")), "{writes:?}");
        assert!(s.has_consent("analytics", None) && !s.has_consent("marketing", None));
    }

    #[test]
    fn a_returning_visitor_is_read_back_and_withdrawn_cookies_go_at_start() {
        let (mut s, _) = Session::start(CONFIG, None, page(), &at("")).unwrap();
        let writes = s.decide(&Decision::RejectAll, &at("")).unwrap();
        let mut jar = jar_after(&writes);
        jar.push_str("; _ga=1");
        let (again, writes) = Session::start(CONFIG, None, page(), &at(&jar)).unwrap();
        assert!(again.consent_json().unwrap().contains("\"method\":\"reject-all\""));
        assert!(!writes.is_empty() && writes.iter().all(|w| w.starts_with("_ga=;")), "{writes:?}");
    }

    #[test]
    fn refresh_reports_only_a_change_and_reset_deletes_the_consent_cookie() {
        let (mut here, _) = Session::start(CONFIG, None, page(), &at("")).unwrap();
        let (mut there, _) = Session::start(CONFIG, None, page(), &at("")).unwrap();
        let jar = jar_after(&there.decide(&Decision::AcceptAll, &at("")).unwrap());
        assert!(here.refresh(&at(&jar)).is_some());
        assert!(here.has_consent("marketing", None));
        assert!(here.refresh(&at(&jar)).is_none());
        let deletions = here.reset();
        assert!(!deletions.is_empty() && deletions.iter().all(|d| d.starts_with("cy=;")), "{deletions:?}");
        assert!(here.consent_json().is_none());
    }

    #[test]
    fn a_held_embed_is_from_its_service_then_its_host_then_its_category() {
        let config = r#"{"categories":{"videos":{"title":"Videos","services":{"yt":{"title":"YouTube"},"vm":{}}}}}"#;
        let (s, _) = Session::start(config, None, page(), &at("")).unwrap();
        let host = Some("www.example.com");
        assert_eq!(s.held_from("videos", Some("yt"), host), "YouTube");
        assert_eq!(s.held_from("videos", Some("vm"), host), "vm", "untitled: its key");
        assert_eq!(s.held_from("videos", Some(""), host), "example.com", "then the host");
        assert_eq!(s.held_from("videos", None, None), "Videos", "then the title");
        assert_eq!(s.held_from("videos", None, Some("")), "Videos");
    }

    #[test]
    fn a_url_needs_its_category_and_unknown_hosts_only_in_strict_mode() {
        let config = r#"{"categories":{"analytics":{}},"blocking":{"unknown":"analytics"}}"#;
        let (s, _) = Session::start(config, None, page(), &at("")).unwrap();
        assert_eq!(s.category_for("https:", "www.google-analytics.com", "/g/collect").as_deref(), Some("analytics"));
        assert_eq!(s.category_for("https:", "cdn.example.org", "/x.js").as_deref(), Some("analytics"));
        assert_eq!(s.category_for("https:", &page().host, "/x.js"), None, "the page's own host");
        assert_eq!(s.category_for("data:", "", "text/plain,x"), None);
    }

    #[test]
    fn gpc_decides_alone_when_only_sale_categories_are_left() {
        let config = r#"{"cookie":{"name":"cy"},"categories":{"necessary":{"required":true},
            "ads":{"sale":true}}}"#;
        let gpc = Page { gpc: true, ..page() };
        let (s, writes) = Session::start(config, None, gpc, &at("")).unwrap();
        assert!(writes[0].starts_with("cy=1."), "the GPC choice is stored: {writes:?}");
        assert!(s.consent_json().unwrap().contains("\"gpc\":true"));
        assert!(s.markup(Some(Layer::First)).contains("class=\"n\""), "the notice says GPC was honoured");
    }
}
