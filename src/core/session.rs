//! A page's running Consentry, as pure state: the config, the current
//! record and the texts. The JS shell feeds it what the page has (the
//! cookie jar's text, the clock, random bytes, the page's languages and GPC
//! signal) and writes the cookie strings it returns to `document.cookie`;
//! so everything here runs, and is tested, natively.
//!
//! A start has two steps, so that the config is read once: [`Setup::read`]
//! reads the config and picks the language, the shell fetches that
//! language's texts, and [`Setup::start`] makes the [`Session`].

use super::cookie::{deletion_strings, encode, set_cookie_string, withdrawn_cookies};
use super::i18n::{pick_language, CategoryField, Texts};
use super::record::ID_BYTES;
use super::trackers;
use super::view::View;
use super::withdrawal::withdraws;
use super::{Config, Decision, Error, Problem, Record};

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
    /// The tracker table the page's stub carries, as text in the stub's
    /// form ([`trackers::parse_table`]; [`trackers::DATA`] is the same text
    /// compiled in). `None` without a stub: then only the config's
    /// `blocking.hosts` are known.
    pub trackers: Option<String>,
}

/// The moment of a change: the jar as `document.cookie` reads now, the
/// time in Unix seconds, and fresh random bytes for a new consent id.
pub struct Moment<'a> {
    pub jar: &'a str,
    pub now: u64,
    pub id: [u8; ID_BYTES],
}

/// A config read for a page, before its texts are there.
pub struct Setup {
    config: Config,
    page: Page,
    lang: String,
    warnings: Vec<Problem>,
}

impl Setup {
    /// Reads and checks the config; picks the dialog's language for this page.
    pub fn read(config_text: &str, page: Page) -> Result<Setup, Error> {
        let parsed = Config::parse(config_text).map_err(Error::Config)?;
        let lang = pick_language(&parsed.config, page.lang.as_deref(), &page.languages);
        Ok(Setup { config: parsed.config, page, lang, warnings: parsed.warnings })
    }

    /// The language the dialog will speak: the shell fetches its texts
    /// unless it is English (compiled in).
    pub fn language(&self) -> &str {
        &self.lang
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the config reader warned about (unknown options, clamped values).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The session, with the built-in texts of the language when it is not
    /// English (`fetched`; `None` falls back to English). No choice is
    /// known until [`Session::load`].
    pub fn start(self, fetched: Option<&str>) -> Session {
        let texts = Texts::new(&self.config, &self.lang, fetched);
        // A table the page garbled counts as none: the config's hosts still hold.
        let trackers = self.page.trackers.as_deref().and_then(trackers::parse_table).unwrap_or_default();
        Session { config: self.config, record: None, page: self.page, texts, trackers }
    }
}

pub struct Session {
    config: Config,
    record: Option<Record>,
    page: Page,
    /// The dialog's texts, parsed once.
    texts: Texts,
    /// The default tracker table (`data/trackers.json`, from the page's
    /// stub), parsed once; empty without a stub.
    trackers: Vec<(String, String)>,
}

impl Session {
    /// Starts from a JSON config text in one go (tests and tools; the shell
    /// goes through [`Setup`] to fetch texts in between): the session and
    /// the cookie strings [`Session::load`] returns.
    pub fn start(config_text: &str, page: Page, at: &Moment) -> Result<(Session, Vec<String>), Error> {
        let mut session = Setup::read(config_text, page)?.start(None);
        let writes = session.load(at);
        Ok((session, writes))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Reads the stored choice from the jar; a GPC signal may rewrite it.
    /// Returns the cookie strings to write: the rewritten record, and the
    /// deletions of what the choice withdraws.
    pub fn load(&mut self, at: &Moment) -> Vec<String> {
        let stored = self.stored_record(at);
        // A GPC signal overrides an earlier allow of sale/sharing categories,
        // and decides alone when nothing else is left to ask.
        let rewritten =
            self.page.gpc.then(|| Record::apply_gpc(&self.config, stored.as_ref(), at.now, &at.id)).flatten();
        match rewritten {
            Some(record) => self.store(record, at),
            None => self.take(stored, at.jar),
        }
    }

    /// Keeps `record`; returns its cookie and the deletions of what it withdraws.
    fn store(&mut self, record: Record, at: &Moment) -> Vec<String> {
        let value = encode(&record, &self.config);
        let cookie = set_cookie_string(&self.config.cookie, &value, at.now, &self.page.host, self.page.https);
        let mut writes = vec![cookie];
        writes.extend(self.withdrawn(&record, at.jar));
        self.record = Some(record);
        writes
    }

    /// Takes over a record that is already stored; returns the deletions of
    /// what it withdraws.
    fn take(&mut self, record: Option<Record>, jar: &str) -> Vec<String> {
        let writes = record.as_ref().map(|r| self.withdrawn(r, jar)).unwrap_or_default();
        self.record = record;
        writes
    }

    /// Deletions of every cookie in `jar` that `record` does not allow,
    /// across the domain and path variants it may have been set with.
    fn withdrawn(&self, record: &Record, jar: &str) -> Vec<String> {
        let mut writes = Vec::new();
        for name in withdrawn_cookies(&self.config, record, jar) {
            writes.extend(deletion_strings(name, &self.page.host, &self.page.path));
        }
        writes
    }

    /// Whether the current choice withdraws `name` of `store` (a storage
    /// key or database the page holds; `Store` by its number, see
    /// [`withdraws`]); nothing is withdrawn before a choice.
    pub fn withdraws(&self, store: u8, name: &str) -> bool {
        self.record.as_ref().is_some_and(|record| withdraws(&self.config, record, store, name))
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
        (stored != self.record).then(|| self.take(stored, at.jar))
    }

    /// The current choice; `None` before one.
    pub fn record(&self) -> Option<&Record> {
        self.record.as_ref()
    }

    /// The dialog's language.
    pub fn language(&self) -> &str {
        &self.texts.lang
    }

    /// What the dialog shows, for its markup (`js/markup.js`).
    pub fn view(&self) -> View<'_> {
        let gpc_honoured = self.page.gpc && self.config.gpc_applies();
        View { config: &self.config, texts: &self.texts, gpc_honoured }
    }

    /// A text of the dialog's language by key (`saved`, `loadOnce`, ...).
    pub fn text(&self, key: &str) -> String {
        self.texts.text(key).into()
    }

    /// A category's title in the dialog's language (its key when it has none).
    pub fn category_title(&self, category: &str) -> String {
        self.texts.category_text(category, self.config.category(category), CategoryField::Title).into()
    }

    /// Who a held embed is from, for its placeholder: the title of its
    /// service (`data-service`), else the host its URL loads from (as the
    /// browser reads it; the shell passes none for the page's own), else the
    /// title of its category.
    pub fn held_from(&self, category: &str, service: Option<&str>, host: Option<&str>) -> String {
        if let Some(key) = service.filter(|s| !s.is_empty()) {
            return self.service_title(category, key).unwrap_or(key).into();
        }
        match host.filter(|h| !h.is_empty()) {
            Some(host) => host.strip_prefix("www.").unwrap_or(host).into(),
            None => self.category_title(category),
        }
    }

    /// A service's title in the dialog's language, if it has one.
    fn service_title(&self, category: &str, service: &str) -> Option<&str> {
        let service = self.config.category(category)?.service(service)?;
        service.title.get(&self.texts.lang).filter(|t| !t.is_empty())
    }

    /// The category a URL needs (`data/trackers.json`, the config's
    /// `blocking.hosts` and `blocking.unknown`), from the browser's reading
    /// of it: see [`trackers::category_for`].
    pub fn category_for(&self, protocol: &str, host: &str, path: &str) -> Option<String> {
        trackers::category_for(protocol, host, path, &self.page.host, &self.config, &self.trackers).map(str::to_string)
    }

    /// Whether `category` (and `service`, when given) is granted now.
    pub fn has_consent(&self, category: &str, service: Option<&str>) -> bool {
        match (&self.record, service) {
            (Some(r), Some(s)) => r.has_service(category, s),
            (Some(r), None) => r.has(category),
            (None, _) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"cookie":{"name":"cy"},"categories":{"necessary":{"required":true},
        "analytics":{"cookies":["_ga","_ga_*"]},"marketing":{"cookies":["_fbp"]}}}"#;

    fn page() -> Page {
        Page {
            host: "shop.example.com".into(),
            path: "/a/b".into(),
            https: true,
            trackers: Some(trackers::DATA.into()),
            ..Page::default()
        }
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
        let (mut s, writes) = Session::start(CONFIG, page(), &at("_ga=1; _fbp=2")).unwrap();
        assert!(writes.is_empty(), "nothing stored, nothing deleted before a choice: {writes:?}");
        let writes = s.decide(&Decision::Accept(vec!["analytics".into()]), &at("_ga=1; _fbp=2")).unwrap();
        assert!(writes[0].starts_with("cy=1.") && writes[0].contains("; Secure"), "{writes:?}");
        assert!(writes[1..].iter().all(|w| w.starts_with("_fbp=;")), "only marketing's cookie goes: {writes:?}");
        assert!(writes[1..].iter().any(|w| w.contains("Domain=.example.com")), "{writes:?}");
        assert!(s.has_consent("analytics", None) && !s.has_consent("marketing", None));
    }

    #[test]
    fn a_returning_visitor_is_read_back_and_withdrawn_cookies_go_at_start() {
        let (mut s, _) = Session::start(CONFIG, page(), &at("")).unwrap();
        let writes = s.decide(&Decision::RejectAll, &at("")).unwrap();
        let mut jar = jar_after(&writes);
        jar.push_str("; _ga=1");
        let (again, writes) = Session::start(CONFIG, page(), &at(&jar)).unwrap();
        assert_eq!(again.record().unwrap().method, crate::core::Method::RejectAll);
        assert!(!writes.is_empty() && writes.iter().all(|w| w.starts_with("_ga=;")), "{writes:?}");
    }

    #[test]
    fn refresh_reports_only_a_change_and_reset_deletes_the_consent_cookie() {
        let (mut here, _) = Session::start(CONFIG, page(), &at("")).unwrap();
        let (mut there, _) = Session::start(CONFIG, page(), &at("")).unwrap();
        let jar = jar_after(&there.decide(&Decision::AcceptAll, &at("")).unwrap());
        assert!(here.refresh(&at(&jar)).is_some());
        assert!(here.has_consent("marketing", None));
        assert!(here.refresh(&at(&jar)).is_none());
        let deletions = here.reset();
        assert!(!deletions.is_empty() && deletions.iter().all(|d| d.starts_with("cy=;")), "{deletions:?}");
        assert!(here.record().is_none());
    }

    #[test]
    fn a_held_embed_is_from_its_service_then_its_host_then_its_category() {
        let config = r#"{"categories":{"videos":{"title":"Videos","services":{"yt":{"title":"YouTube"},"vm":{}}}}}"#;
        let (s, _) = Session::start(config, page(), &at("")).unwrap();
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
        let (s, _) = Session::start(config, page(), &at("")).unwrap();
        assert_eq!(s.category_for("https:", "www.google-analytics.com", "/g/collect").as_deref(), Some("analytics"));
        assert_eq!(s.category_for("https:", "cdn.example.org", "/x.js").as_deref(), Some("analytics"));
        assert_eq!(s.category_for("https:", &page().host, "/x.js"), None, "the page's own host");
        assert_eq!(s.category_for("data:", "", "text/plain,x"), None);
        // Without the stub's table only the config's hosts are known.
        let config = r#"{"categories":{"analytics":{}},"blocking":{"hosts":{"cdn.example.org":"analytics"}}}"#;
        for trackers in [None, Some("not a table".to_string())] {
            let (s, _) = Session::start(config, Page { trackers, ..page() }, &at("")).unwrap();
            assert_eq!(s.category_for("https:", "www.google-analytics.com", "/g/collect"), None);
            assert_eq!(s.category_for("https:", "cdn.example.org", "/x.js").as_deref(), Some("analytics"));
        }
    }

    #[test]
    fn gpc_decides_alone_when_only_sale_categories_are_left() {
        let config = r#"{"cookie":{"name":"cy"},"categories":{"necessary":{"required":true},
            "ads":{"sale":true}}}"#;
        let gpc = Page { gpc: true, ..page() };
        let (s, writes) = Session::start(config, gpc, &at("")).unwrap();
        assert!(writes[0].starts_with("cy=1."), "the GPC choice is stored: {writes:?}");
        assert!(s.record().unwrap().gpc);
        assert!(s.view().gpc_honoured, "the dialog says GPC was honoured");
    }
}
