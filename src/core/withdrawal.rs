//! What a choice withdraws: the declarations of every category it denies,
//! and of every service it denies within a granted category. Cookies go as
//! `Set-Cookie` deletions (`cookie::withdrawn_cookies`); web storage is
//! deleted by the shell, which lists what the page holds and asks, name by
//! name, whether the choice withdraws it. One rule matches names:
//! [`matches_pattern`].

use super::config::{Config, Declaration};
use super::cookie::matches_pattern;
use super::record::Record;

/// Whether `record` withdraws `name` (a cookie name, a localStorage or
/// sessionStorage key, an IndexedDB database name, as `store` says: a
/// [`Store`](super::config::Store) by its number, as the shell names it,
/// so the export needs no conversion; an unknown number matches nothing):
/// a denied category or service declares it there, exactly or by pattern.
pub fn withdraws(config: &Config, record: &Record, store: u8, name: &str) -> bool {
    let covers = |list: &[Declaration]| list.iter().any(|d| d.store as u8 == store && matches_pattern(&d.name, name));
    config.categories.iter().any(|c| {
        let category_on = record.has(&c.key);
        (!category_on && covers(&c.declared))
            || c.services.iter().any(|s| (!category_on || !record.has_service(&c.key, &s.key)) && covers(&s.declared))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Store;
    use crate::core::record::{Decision, ID_BYTES};

    const CONFIG: &str = r#"{"categories":{
        "necessary":{"required":true,"localStorage":["consentry:receipts"]},
        "analytics":{"cookies":["_hjid"],"localStorage":["_hjid*"],"sessionStorage":["mp_*"],"indexedDB":["firebase-*"]},
        "marketing":{"services":{
            "pixel":{"localStorage":["_fbq"]},
            "chat":{"localStorage":["chat-*"],"indexedDB":["chat"]}}}}}"#;

    fn record(config: &Config, decision: Decision) -> Record {
        Record::decide(config, None, &decision, 1_700_000_000, &[1; ID_BYTES]).unwrap()
    }

    /// The names of `names` that `record` withdraws from `store`.
    fn covered<'n>(config: &Config, record: &Record, store: Store, names: &[&'n str]) -> Vec<&'n str> {
        names.iter().copied().filter(|n| withdraws(config, record, store as u8, n)).collect()
    }

    #[test]
    fn a_denied_category_withdraws_its_storage_by_area() {
        let config = Config::parse(CONFIG).unwrap().config;
        let rejected = record(&config, Decision::RejectAll);
        let local = ["consentry:receipts", "_hjid", "_hjidSession", "mp_x", "_fbq", "chat-1", "theme"];
        assert_eq!(
            covered(&config, &rejected, Store::Local, &local),
            ["_hjid", "_hjidSession", "_fbq", "chat-1"],
            "not the necessary key, not the undeclared one, not the session pattern"
        );
        assert_eq!(covered(&config, &rejected, Store::Session, &["mp_abc", "_hjid", "cart"]), ["mp_abc"]);
        let databases = ["firebase-heartbeat", "chat", "chat-archive", "site-cache"];
        assert_eq!(covered(&config, &rejected, Store::IndexedDb, &databases), ["firebase-heartbeat", "chat"]);
        assert_eq!(
            covered(&config, &rejected, Store::Cookie, &["_hjid", "_hjidX", "mp_x"]),
            ["_hjid"],
            "cookies are cookies"
        );
        let accepted = record(&config, Decision::AcceptAll);
        assert!(covered(&config, &accepted, Store::Local, &local).is_empty());
    }

    #[test]
    fn a_denied_service_of_a_granted_category_withdraws_only_its_own() {
        let config = Config::parse(CONFIG).unwrap().config;
        let only_chat = Decision::Custom {
            categories: vec!["analytics".into(), "marketing".into()],
            services: vec![("marketing".into(), "chat".into())],
        };
        let chosen = record(&config, only_chat);
        assert_eq!(covered(&config, &chosen, Store::Local, &["_hjid", "_fbq", "chat-1"]), ["_fbq"]);
    }
}
