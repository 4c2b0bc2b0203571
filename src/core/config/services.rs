//! A category's `services`, each with its title, description, cookies and
//! web storage (`localStorage`, `sessionStorage`, `indexedDB`: names or
//! `*` patterns, deleted on withdrawal as cookies are).
//!
//! A service of the known-services catalogue (`data/services.json`) comes
//! here already expanded, by `npx consentry services` or by
//! `expandServices()` of `consentry/services` in a build script
//! (docs/services.md): the page's core does not carry the catalogue.

use super::reader::{Path, Reader};
use super::sections::Described;
use super::types::{Service, MAX_SERVICES};
use crate::core::json::Json;

impl Reader {
    pub(super) fn services(&mut self, value: &Json, at: &Path) -> Vec<Service> {
        let members = self.object(value, at, &[]);
        if members.len() > MAX_SERVICES {
            self.problem(at, say!("has more than 32 services"));
        }
        let mut services: Vec<Service> = Vec::with_capacity(members.len());
        for (key, v) in members {
            let at = at.key(key);
            self.key(key, &at, services.iter().any(|s| &s.key == key));
            self.object(v, &at, &["title", "description", "cookies", "localStorage", "sessionStorage", "indexedDB"]);
            let Described { title, description, declared } = self.described(v, &at);
            services.push(Service { key: key.clone(), title, description, declared });
        }
        services
    }
}

#[cfg(test)]
mod tests {
    use crate::core::config::{Config, Declaration, Problem, Store};

    fn names(list: &[Declaration]) -> Vec<(Store, &str)> {
        list.iter().map(|d| (d.store, d.name.as_str())).collect()
    }

    #[test]
    fn storage_is_declared_per_area_after_the_cookies_in_a_fixed_order() {
        let parsed = Config::parse(
            r#"{"categories":{"analytics":{
                "indexedDB":["firebase-heartbeat-database"],"sessionStorage":["mp_*"],
                "localStorage":["_hjid*",{"name":"_hjUserAttributes","provider":"Hotjar","purpose":"Visitor attributes"}],
                "cookies":["_hjSession_*"],
                "services":{"chat":{"localStorage":["chat:*"]}}}}}"#,
        )
        .unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let config = parsed.config;
        assert!(config.declares_storage);
        let analytics = &config.categories[0];
        assert_eq!(
            names(&analytics.declared),
            [
                (Store::Cookie, "_hjSession_*"),
                (Store::Local, "_hjid*"),
                (Store::Local, "_hjUserAttributes"),
                (Store::Session, "mp_*"),
                (Store::IndexedDb, "firebase-heartbeat-database"),
            ]
        );
        assert_eq!(analytics.declared[2].provider, "Hotjar");
        assert_eq!(names(&analytics.services[0].declared), [(Store::Local, "chat:*")], "any text is a key");
        assert!(!Config::parse(r#"{"categories":{"a":{"cookies":["x"]}}}"#).unwrap().config.declares_storage);
    }

    #[test]
    fn storage_problems_have_their_paths() {
        let lines: Vec<String> = Config::parse(
            r#"{"categories":{"a":{"localStorage":"x","sessionStorage":[""],"indexedDB":[3]},
                "b":{"services":{"s":{"localStorage":[{"provider":"p"}]}}}}}"#,
        )
        .map(|_| Vec::new())
        .unwrap_or_else(|problems| problems.iter().map(Problem::line).collect());
        assert_eq!(
            lines,
            [
                "categories.a.localStorage: must be an array, not a string",
                "categories.a.sessionStorage[0]: must not be empty",
                "categories.a.indexedDB[0]: must be a name or an object with a name",
                "categories.b.services.s.localStorage[0].name: is required",
            ]
        );
        let warned = Config::parse(r#"{"categories":{"a":{"storage":{"local":["y"]}}}}"#).unwrap();
        assert_eq!(
            warned.warnings.iter().map(Problem::line).collect::<Vec<_>>(),
            ["categories.a.storage: unknown option, ignored; options here: required, title, description, services, sale, sharing, targetedAds, sensitive, cookies, localStorage, sessionStorage, indexedDB"]
        );
        assert!(!warned.config.declares_storage);
        let spaces = Config::parse(r#"{"categories":{"a":{"localStorage":["my key", "x:*"]}}}"#).unwrap();
        assert!(spaces.warnings.is_empty(), "storage keys may be any text, unlike cookie names");
    }
}
