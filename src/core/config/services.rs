//! A category's `services` (each with its title, description, cookies and
//! storage) and the `storage` of both: web storage deleted on withdrawal,
//! as cookies are.
//!
//! A service of the known-services catalogue (`data/services.json`) comes
//! here already expanded, by `npx consentry services` or by importing its
//! `consentry/services/<key>.json` (docs/services.md): the page's core does
//! not carry the catalogue.

use super::reader::{member, Path, Reader};
use super::sections::Described;
use super::types::{Declaration, Service, Store, MAX_SERVICES};
use crate::core::json::Json;

impl Reader {
    pub(super) fn services(&mut self, value: &Json, at: &Path) -> Vec<Service> {
        let members = self.object(value, at, &[]);
        if members.len() > MAX_SERVICES {
            self.problem(at, "has more than 32 services");
        }
        let mut services: Vec<Service> = Vec::with_capacity(members.len());
        for (key, v) in members {
            let at = at.key(key);
            self.key(key, &at, services.iter().any(|s| &s.key == key));
            self.object(v, &at, &["title", "description", "cookies", "storage"]);
            let Described { title, description, declared } = self.described(v, &at);
            services.push(Service { key: key.clone(), title, description, declared });
        }
        services
    }

    /// `storage: { local: [...], session: [...], indexedDB: [...] }`: each
    /// area's key or database names (exact or with `*` wildcards), declared
    /// as cookies are, appended to `out`.
    pub(super) fn storage(&mut self, value: &Json, at: &Path, out: &mut Vec<Declaration>) {
        self.object(value, at, &["local", "session", "indexedDB"]);
        for (name, store) in Store::AREAS {
            if let Some((list, at)) = member(value, at, name) {
                self.declarations(list, &at, store, out);
                self.saw_storage = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::config::{Config, Declaration, Problem, Store};

    fn names(list: &[Declaration]) -> Vec<(Store, &str)> {
        list.iter().map(|d| (d.store, d.name.as_str())).collect()
    }

    #[test]
    fn storage_is_declared_per_area_after_the_cookies() {
        let parsed = Config::parse(
            r#"{"categories":{"analytics":{
                "cookies":["_hjSession_*"],
                "storage":{"local":["_hjid*",{"name":"_hjUserAttributes","provider":"Hotjar","purpose":"Visitor attributes"}],
                           "session":["mp_*"],"indexedDB":["firebase-heartbeat-database"]},
                "services":{"chat":{"storage":{"local":["chat:*"]}}}}}}"#,
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
            r#"{"categories":{"a":{"storage":{"local":"x","session":[""],"indexedDB":[3],"cookies":["y"]}},
                "b":{"storage":[]}}}"#,
        )
        .map(|_| Vec::new())
        .unwrap_or_else(|problems| problems.iter().map(Problem::line).collect());
        assert_eq!(
            lines,
            [
                "categories.a.storage.local: must be an array, not a string",
                "categories.a.storage.session[0]: must not be empty",
                "categories.a.storage.indexedDB[0]: must be a name or an object with a name",
                "categories.b.storage: must be an object, not an array",
            ]
        );
        let warned = Config::parse(r#"{"categories":{"a":{"storage":{"cookies":["y"]}}}}"#).unwrap().warnings;
        assert_eq!(
            warned.iter().map(Problem::line).collect::<Vec<_>>(),
            ["categories.a.storage.cookies: unknown option, ignored"]
        );
    }
}
