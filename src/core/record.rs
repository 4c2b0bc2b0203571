//! The visitor's choice and the pure transitions between choices.
//!
//! Nothing here reads a clock or a random source: `now` (Unix seconds) and
//! the bytes of a new consent id are passed in by the caller.

use super::config::Config;
use super::encoding::BASE64URL;
use super::error::Error;

/// How the current choice was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    AcceptAll,
    RejectAll,
    Custom,
    Gpc,
    OptOut,
}

impl Method {
    pub const ALL: [Method; 5] = [Method::AcceptAll, Method::RejectAll, Method::Custom, Method::Gpc, Method::OptOut];

    /// The name in the JS API and receipts.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept-all",
            Method::RejectAll => "reject-all",
            Method::Custom => "custom",
            Method::Gpc => "gpc",
            Method::OptOut => "opt-out",
        }
    }

    /// One letter, for the cookie.
    pub fn code(self) -> u8 {
        match self {
            Method::AcceptAll => b'a',
            Method::RejectAll => b'r',
            Method::Custom => b'c',
            Method::Gpc => b'g',
            Method::OptOut => b'o',
        }
    }

    pub fn from_code(code: u8) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// Length of a consent id: 16 base64url characters carry the 12 random bytes.
pub const ID_LEN: usize = 16;
/// Random bytes in a consent id.
pub const ID_BYTES: usize = 12;

/// A consent id from random bytes: 16 base64url characters, six bits each.
pub fn id_from_bytes(bytes: &[u8; ID_BYTES]) -> String {
    let mut id = String::with_capacity(ID_LEN);
    for chunk in bytes.chunks_exact(3) {
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b));
        id.extend([18, 12, 6, 0].map(|shift| char::from(BASE64URL[(n >> shift & 63) as usize])));
    }
    id
}

/// What a visitor (or page code through the API) decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    AcceptAll,
    RejectAll,
    /// Grant exactly these categories (all their services), deny the rest.
    Accept(Vec<String>),
    /// Grant exactly these categories and, for categories with services,
    /// exactly these `(category, service)` pairs (from the preferences layer).
    Custom {
        categories: Vec<String>,
        services: Vec<(String, String)>,
    },
    /// Withdraw these categories (`None`: every optional one), keep the rest.
    OptOut(Option<Vec<String>>),
    /// Grant these categories (all their services) in addition to what is
    /// granted already ("Always allow <category>" on a placeholder).
    Allow(Vec<String>),
}

/// Why a stored record no longer answers for this config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    Valid,
    Expired,
    /// Stored under another config revision.
    RevisionChanged,
    /// Categories or services were added, removed or renamed.
    CategoriesChanged,
    /// A category that is now required is recorded as off.
    RequiredOff,
    /// Times that cannot be true (updated before created, or in the future).
    Implausible,
}

/// The choice, as stored in the cookie and shown by `getConsent()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub revision: u32,
    /// Unix seconds.
    pub created: u64,
    pub updated: u64,
    pub method: Method,
    /// Whether a Global Privacy Control signal shaped this record.
    pub gpc: bool,
    /// Every config category, in config order.
    pub categories: Vec<(String, bool)>,
    /// Every `(category, service)` of the config, in config order.
    pub services: Vec<(String, String, bool)>,
}

/// Slack for clocks that disagree between page views (seconds).
const CLOCK_SLACK: u64 = 86_400;

impl Record {
    /// The record after `decision`, starting from `previous` (which keeps its
    /// id and creation time). Unknown names are an error, never a grant.
    pub fn decide(
        config: &Config,
        previous: Option<&Record>,
        decision: &Decision,
        now: u64,
        id_bytes: &[u8; ID_BYTES],
    ) -> Result<Record, Error> {
        Record::decide_with_gpc(config, previous, decision, now, id_bytes, false)
    }

    /// [`Record::decide`] with the browser's Global Privacy Control signal.
    /// While it is honoured, categories marked `sale`/`sharing` stay off
    /// unless the decision names them explicitly (a switch the visitor turned
    /// on, `accept(['marketing'])`); "Accept all" does not opt back in.
    pub fn decide_with_gpc(
        config: &Config,
        previous: Option<&Record>,
        decision: &Decision,
        now: u64,
        id_bytes: &[u8; ID_BYTES],
        gpc_signal: bool,
    ) -> Result<Record, Error> {
        let gpc = gpc_signal && config.gpc_applies();
        // The categories the decision names, and how it was made.
        let (method, named): (Method, &[String]) = match decision {
            Decision::AcceptAll => (Method::AcceptAll, &[]),
            Decision::RejectAll => (Method::RejectAll, &[]),
            Decision::Accept(names) | Decision::Allow(names) | Decision::Custom { categories: names, .. } => {
                (Method::Custom, names)
            }
            Decision::OptOut(names) => (Method::OptOut, names.as_deref().unwrap_or_default()),
        };
        if let Some(n) = named.iter().find(|n| config.category(n).is_none()) {
            return Err(Error::UnknownCategory(n.clone()));
        }
        if let Decision::Custom { services, .. } = decision {
            for (category, service) in services {
                let known = config.category(category).ok_or_else(|| Error::UnknownCategory(category.clone()))?;
                if known.service(service).is_none() {
                    return Err(Error::UnknownService { category: category.clone(), service: service.clone() });
                }
            }
        }

        let mut categories = Vec::with_capacity(config.categories.len());
        let mut services = Vec::new();
        for c in &config.categories {
            let listed = named.iter().any(|n| n == &c.key);
            let before = previous.is_some_and(|p| p.has(&c.key));
            let wanted = match decision {
                Decision::AcceptAll => true,
                Decision::RejectAll => false,
                Decision::Accept(_) | Decision::Custom { .. } => listed,
                // Withdraws what it lists (`None`: everything), keeps the rest.
                Decision::OptOut(names) => names.is_some() && !listed && before,
                Decision::Allow(_) => listed || before,
            };
            let mut on = c.required || wanted;
            if gpc && c.is_gpc_covered() {
                // Only a decision naming the category itself opts in under
                // GPC ("all" does not); an earlier such opt-in carries over.
                let explicit = listed && method == Method::Custom;
                let opted_in_before = before && previous.is_some_and(|p| p.gpc);
                on = on && (explicit || opted_in_before);
            }
            let mut any_service = false;
            for s in &c.services {
                let granted = on
                    && match decision {
                        Decision::Custom { services: list, .. } => {
                            list.iter().any(|(lc, ls)| lc == &c.key && ls == &s.key)
                        }
                        // Opting out of other categories keeps this one's services as they were.
                        Decision::OptOut(_) => previous.is_none_or(|p| p.has_service(&c.key, &s.key)),
                        _ => true,
                    };
                any_service |= granted;
                services.push((c.key.clone(), s.key.clone(), granted || c.required));
            }
            // A category whose services are all off is off (unless required).
            let on = c.required || on && (c.services.is_empty() || any_service);
            categories.push((c.key.clone(), on));
        }

        let (id, created) = match previous {
            Some(p) => (p.id.clone(), p.created),
            None => (id_from_bytes(id_bytes), now),
        };
        Ok(Record { id, revision: config.revision, created, updated: now, method, gpc, categories, services })
    }

    /// What the GPC signal makes of the start of a page view: `None` when it
    /// changes nothing; else the record to store, with sale/sharing
    /// categories denied. For a stored record that grants such a category
    /// without having been made under GPC (a later signal wins over an
    /// earlier allow); or, without a record, when every optional category is
    /// covered, so there is nothing left to ask.
    pub fn apply_gpc(config: &Config, stored: Option<&Record>, now: u64, id_bytes: &[u8; ID_BYTES]) -> Option<Record> {
        if !config.honour_gpc {
            return None;
        }
        let mut covered = Vec::new();
        for c in config.categories.iter().filter(|c| c.is_gpc_covered()) {
            covered.push(c.key.clone());
        }
        if covered.is_empty() {
            return None;
        }
        let needed = match stored {
            Some(r) => !r.gpc && covered.iter().any(|k| r.has(k)),
            None => config.categories.iter().all(|c| c.required || c.is_gpc_covered()),
        };
        if !needed {
            return None;
        }
        let mut record =
            Record::decide_with_gpc(config, stored, &Decision::OptOut(Some(covered)), now, id_bytes, true).ok()?;
        record.method = Method::Gpc;
        Some(record)
    }

    /// Whether `category` is granted.
    pub fn has(&self, category: &str) -> bool {
        self.categories.iter().any(|(k, on)| k == category && *on)
    }

    /// Whether `service` of `category` is granted.
    pub fn has_service(&self, category: &str, service: &str) -> bool {
        self.services.iter().any(|(c, s, on)| c == category && s == service && *on)
    }

    /// Whether this record still answers for `config` at `now`; anything but
    /// [`Validity::Valid`] means "ask again".
    pub fn validity(&self, config: &Config, now: u64) -> Validity {
        if self.updated < self.created || self.created > now.saturating_add(CLOCK_SLACK) {
            return Validity::Implausible;
        }
        if self.revision != config.revision {
            return Validity::RevisionChanged;
        }
        // The same categories and services, in the same order.
        let mut recorded = self.services.iter();
        let same_layout = self.categories.len() == config.categories.len()
            && self.categories.iter().zip(&config.categories).all(|((key, _), c)| key == &c.key)
            && config.categories.iter().all(|c| {
                c.services.iter().all(|s| recorded.next().is_some_and(|(rc, rs, _)| rc == &c.key && rs == &s.key))
            })
            && recorded.next().is_none();
        if !same_layout {
            return Validity::CategoriesChanged;
        }
        if config.categories.iter().any(|c| c.required && !self.has(&c.key)) {
            return Validity::RequiredOff;
        }
        let lifetime = u64::from(config.cookie.expires_days) * 86_400;
        if now >= self.updated.saturating_add(lifetime) {
            return Validity::Expired;
        }
        Validity::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: [u8; ID_BYTES] = [7; ID_BYTES];
    const NOW: u64 = 1_795_424_640;

    fn config() -> Config {
        Config::parse(
            r#"{"revision":3,"categories":{
                "necessary":{"required":true},
                "analytics":{},
                "marketing":{"services":{"fb":{},"ads":{}}}}}"#,
        )
        .unwrap()
        .config
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn accept_all_grants_every_category_and_service() {
        let r = Record::decide(&config(), None, &Decision::AcceptAll, NOW, &ID).unwrap();
        assert!(r.has("necessary") && r.has("analytics") && r.has("marketing"));
        assert!(r.has_service("marketing", "fb") && r.has_service("marketing", "ads"));
        assert_eq!(r.method, Method::AcceptAll);
        assert_eq!((r.created, r.updated, r.revision), (NOW, NOW, 3));
        assert_eq!(r.id, id_from_bytes(&ID));
        assert_eq!(r.id.len(), ID_LEN);
    }

    #[test]
    fn reject_all_keeps_only_required() {
        let r = Record::decide(&config(), None, &Decision::RejectAll, NOW, &ID).unwrap();
        assert!(r.has("necessary"));
        assert!(!r.has("analytics") && !r.has("marketing") && !r.has_service("marketing", "fb"));
    }

    #[test]
    fn accept_these_denies_the_rest_and_keeps_id() {
        let c = config();
        let first = Record::decide(&c, None, &Decision::AcceptAll, NOW, &ID).unwrap();
        let r = Record::decide(&c, Some(&first), &Decision::Accept(names(&["analytics"])), NOW + 5, &[9; ID_BYTES])
            .unwrap();
        assert!(r.has("analytics") && !r.has("marketing"));
        assert_eq!((r.id.as_str(), r.created, r.updated), (first.id.as_str(), NOW, NOW + 5));
        assert_eq!(r.method, Method::Custom);
    }

    #[test]
    fn unknown_names_are_errors_not_grants() {
        let c = config();
        assert_eq!(
            Record::decide(&c, None, &Decision::Accept(names(&["analytcs"])), NOW, &ID),
            Err(Error::UnknownCategory("analytcs".into()))
        );
        let d = Decision::Custom {
            categories: names(&["marketing"]),
            services: vec![("marketing".into(), "tiktok".into())],
        };
        assert_eq!(
            Record::decide(&c, None, &d, NOW, &ID),
            Err(Error::UnknownService { category: "marketing".into(), service: "tiktok".into() })
        );
    }

    #[test]
    fn custom_services_decide_their_category() {
        let c = config();
        let some =
            Decision::Custom { categories: names(&["marketing"]), services: vec![("marketing".into(), "fb".into())] };
        let r = Record::decide(&c, None, &some, NOW, &ID).unwrap();
        assert!(r.has("marketing") && r.has_service("marketing", "fb") && !r.has_service("marketing", "ads"));
        let none = Decision::Custom { categories: names(&["marketing"]), services: vec![] };
        let r = Record::decide(&c, None, &none, NOW, &ID).unwrap();
        assert!(!r.has("marketing"), "a category with every service off is off");
        let service_without_category =
            Decision::Custom { categories: vec![], services: vec![("marketing".into(), "fb".into())] };
        let r = Record::decide(&c, None, &service_without_category, NOW, &ID).unwrap();
        assert!(!r.has_service("marketing", "fb"), "a service never outlives its category");
    }

    #[test]
    fn opt_out_withdraws_only_what_is_named() {
        let c = config();
        let all = Record::decide(&c, None, &Decision::AcceptAll, NOW, &ID).unwrap();
        let r = Record::decide(&c, Some(&all), &Decision::OptOut(Some(names(&["marketing"]))), NOW, &ID).unwrap();
        assert!(r.has("analytics") && !r.has("marketing") && r.has("necessary"));
        assert_eq!(r.method, Method::OptOut);
        let r = Record::decide(&c, Some(&all), &Decision::OptOut(None), NOW, &ID).unwrap();
        assert!(!r.has("analytics") && !r.has("marketing") && r.has("necessary"));
        let r = Record::decide(&c, None, &Decision::OptOut(Some(names(&["marketing"]))), NOW, &ID).unwrap();
        assert!(!r.has("analytics"), "opting out with no previous choice grants nothing");
    }

    #[test]
    fn allow_adds_to_what_is_granted() {
        let c = config();
        let analytics = Record::decide(&c, None, &Decision::Accept(names(&["analytics"])), NOW, &ID).unwrap();
        let r = Record::decide(&c, Some(&analytics), &Decision::Allow(names(&["marketing"])), NOW, &ID).unwrap();
        assert!(r.has("analytics") && r.has("marketing") && r.has_service("marketing", "fb"));
        let r = Record::decide(&c, None, &Decision::Allow(names(&["marketing"])), NOW, &ID).unwrap();
        assert!(!r.has("analytics") && r.has("marketing"));
        assert!(Record::decide(&c, None, &Decision::Allow(names(&["nope"])), NOW, &ID).is_err());
    }

    fn gpc_config() -> Config {
        Config::parse(
            r#"{"categories":{"necessary":{"required":true},"analytics":{},
                "marketing":{"sale":true,"services":{"fb":{},"ads":{}}}}}"#,
        )
        .unwrap()
        .config
    }

    #[test]
    fn gpc_keeps_sale_categories_off_unless_named_explicitly() {
        let c = gpc_config();
        let all = Record::decide_with_gpc(&c, None, &Decision::AcceptAll, NOW, &ID, true).unwrap();
        assert!(all.has("analytics") && !all.has("marketing") && all.gpc);
        let explicit =
            Decision::Custom { categories: names(&["marketing"]), services: vec![("marketing".into(), "fb".into())] };
        let r = Record::decide_with_gpc(&c, Some(&all), &explicit, NOW, &ID, true).unwrap();
        assert!(r.has("marketing") && r.has_service("marketing", "fb"));
        // The explicit opt-in survives later decisions that do not withdraw it.
        let r = Record::decide_with_gpc(&c, Some(&r), &Decision::Allow(names(&["analytics"])), NOW, &ID, true).unwrap();
        assert!(r.has("marketing") && r.has("analytics"));
        // Without the signal nothing changes.
        let plain = Record::decide(&c, None, &Decision::AcceptAll, NOW, &ID).unwrap();
        assert!(plain.has("marketing") && !plain.gpc);
        // Not honoured by config: the signal is ignored.
        let mut ignoring = c.clone();
        ignoring.honour_gpc = false;
        let r = Record::decide_with_gpc(&ignoring, None, &Decision::AcceptAll, NOW, &ID, true).unwrap();
        assert!(r.has("marketing") && !r.gpc);
    }

    #[test]
    fn gpc_at_start_overrides_an_earlier_allow_and_decides_alone_when_it_can() {
        let c = gpc_config();
        let earlier = Record::decide(&c, None, &Decision::AcceptAll, NOW, &ID).unwrap();
        let r = Record::apply_gpc(&c, Some(&earlier), NOW + 1, &ID).unwrap();
        assert!(r.has("analytics") && !r.has("marketing") && r.gpc);
        assert_eq!((r.method, r.id.as_str()), (Method::Gpc, earlier.id.as_str()));
        assert_eq!(Record::apply_gpc(&c, Some(&r), NOW + 2, &ID), None, "applied once");
        // No record: analytics still needs a choice, so nothing is stored.
        assert_eq!(Record::apply_gpc(&c, None, NOW, &ID), None);
        let only_sale =
            Config::parse(r#"{"categories":{"necessary":{"required":true},"ads":{"sharing":true}}}"#).unwrap().config;
        let r = Record::apply_gpc(&only_sale, None, NOW, &ID).unwrap();
        assert!(!r.has("ads") && r.has("necessary") && r.method == Method::Gpc);
    }

    #[test]
    fn validity_rules() {
        let c = config();
        let r = Record::decide(&c, None, &Decision::AcceptAll, NOW, &ID).unwrap();
        assert_eq!(r.validity(&c, NOW), Validity::Valid);
        assert_eq!(r.validity(&c, NOW + 182 * 86_400 - 1), Validity::Valid);
        assert_eq!(r.validity(&c, NOW + 182 * 86_400), Validity::Expired);

        let mut newer = c.clone();
        newer.revision = 4;
        assert_eq!(r.validity(&newer, NOW), Validity::RevisionChanged);

        let mut added = c.clone();
        added.categories.push(crate::core::config::Category { key: "embeds".into(), ..Default::default() });
        assert_eq!(r.validity(&added, NOW), Validity::CategoriesChanged);
        let mut removed = c.clone();
        removed.categories.remove(1);
        assert_eq!(r.validity(&removed, NOW), Validity::CategoriesChanged);
        let mut service_gone = c.clone();
        service_gone.categories[2].services.pop();
        assert_eq!(r.validity(&service_gone, NOW), Validity::CategoriesChanged);

        let rejected = Record::decide(&c, None, &Decision::RejectAll, NOW, &ID).unwrap();
        let mut now_required = c.clone();
        now_required.categories[1].required = true;
        assert_eq!(rejected.validity(&now_required, NOW), Validity::RequiredOff);

        let mut odd = r.clone();
        odd.updated = odd.created - 1;
        assert_eq!(odd.validity(&c, NOW), Validity::Implausible);
        assert_eq!(r.validity(&c, NOW - 2 * 86_400), Validity::Implausible);
    }
}
