//! Texts: built-in translations from `data/i18n/` (the one source), the
//! site's overrides from the config, and the choice of language.

use super::config::Config;
use super::json::{self, Json};
use super::split::{before, split};

/// The built-in languages, one file each in `data/i18n/`.
pub const LANGUAGES: [&str; 11] = ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "ro", "uk", "ar"];

/// English, compiled in: the fallback that is always there. The other
/// languages are fetched by the JS entry when chosen (they would cost about
/// 8 KB gzipped in every payload) and reach [`Texts`] as
/// [`Config::fetched_texts`].
/// (`build.rs` compacts the file's whitespace.)
pub const ENGLISH: &str = include_str!(concat!(env!("OUT_DIR"), "/en.json"));

/// The language to speak: the config's forced one, else the first of the
/// page's `<html lang>` and the browser's languages that we have texts for
/// (exact, then by primary subtag), else the config default.
pub fn pick_language(config: &Config, page_lang: Option<&str>, browser_langs: &[String]) -> String {
    if let Some(forced) = &config.language {
        return forced.clone();
    }
    let available = |code: &str| {
        LANGUAGES.iter().any(|l| l.eq_ignore_ascii_case(code))
            || config.texts.iter().any(|(l, _)| l.eq_ignore_ascii_case(code))
    };
    let candidates = page_lang.into_iter().chain(browser_langs.iter().map(String::as_str));
    for wanted in candidates {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            continue;
        }
        if available(wanted) {
            return wanted.to_ascii_lowercase();
        }
        // Up to the first `-` or `_`; a byte search, not `split(['-', '_'])`
        // (its char searcher is more wasm), and the cut is at an ASCII byte.
        let primary = before(wanted, |b| b == b'-' || b == b'_');
        if !primary.is_empty() && available(primary) {
            return primary.to_ascii_lowercase();
        }
    }
    config.default_language.clone()
}

/// Whether a language is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    let primary = split(lang, b'-').next().unwrap_or("");
    ["ar", "fa", "he", "ur", "ps", "yi", "dv", "ku"].iter().any(|l| primary.eq_ignore_ascii_case(l))
}

/// The texts for one language, with fallbacks that never end in an empty
/// string: config override → built-in → the same in the default language
/// → built-in English → the key itself.
pub struct Texts<'a> {
    config: &'a Config,
    pub lang: String,
    built_in: Vec<(String, Json)>,
}

impl<'a> Texts<'a> {
    pub fn new(config: &'a Config, lang: &str) -> Texts<'a> {
        let mut built_in = Vec::new();
        for code in [lang, config.default_language.as_str(), "en"] {
            if built_in.iter().any(|(l, _): &(String, Json)| l == code) {
                continue;
            }
            let text = match &config.fetched_texts {
                _ if code == "en" => Some(ENGLISH),
                Some((l, text)) if l == code => Some(text.as_str()),
                _ => None,
            };
            if let Some(Ok(v)) = text.map(json::parse) {
                built_in.push((code.to_string(), v));
            }
        }
        Texts { config, lang: lang.to_string(), built_in }
    }

    fn languages(&self) -> [&str; 3] {
        [self.lang.as_str(), self.config.default_language.as_str(), "en"]
    }

    fn built_in(&self, lang: &str, path: &[&str]) -> Option<&str> {
        let (_, root) = self.built_in.iter().find(|(l, _)| l == lang)?;
        let mut v = root;
        for key in path {
            v = v.get(key)?;
        }
        match v {
            Json::Str(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    /// A dialog text by key (`acceptAll`, `title`, …).
    pub fn get(&self, key: &str) -> String {
        self.text(key).into()
    }

    /// [`Texts::get`] without the copy.
    pub fn text<'s>(&'s self, key: &'s str) -> &'s str {
        for lang in self.languages() {
            // The last override wins: the config's lists and their entries from the end.
            for (l, entries) in self.config.texts.iter().rev() {
                if l == lang {
                    if let Some((_, text)) = entries.iter().rev().find(|(k, t)| k == key && !t.is_empty()) {
                        return text;
                    }
                }
            }
            if let Some(text) = self.built_in(lang, &[key]) {
                return text;
            }
        }
        key
    }

    /// A category's title or description (`field` is `title` or `description`).
    pub fn category(&self, key: &str, field: &str) -> String {
        self.category_text(key, field).into()
    }

    /// [`Texts::category`] without the copy.
    pub fn category_text<'s>(&'s self, key: &'s str, field: &str) -> &'s str {
        let own = self.config.category(key).map(|c| if field == "title" { &c.title } else { &c.description });
        for lang in self.languages() {
            if let Some(text) = own.and_then(|t| t.get(lang)).filter(|t| !t.is_empty()) {
                return text;
            }
            if let Some(text) = self.built_in(lang, &["categories", key, field]) {
                return text;
            }
        }
        if field == "title" {
            key
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    /// Every built-in language's file, as the JS entry would fetch it.
    fn files() -> Vec<(&'static str, String)> {
        LANGUAGES
            .iter()
            .map(|l| {
                let path = format!("{}/data/i18n/{l}.json", env!("CARGO_MANIFEST_DIR"));
                (*l, std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
            })
            .collect()
    }

    #[test]
    fn built_in_texts_parse() {
        // Compacted by build.rs, the same JSON value.
        assert_eq!(json::parse(ENGLISH), json::parse(&files()[0].1), "the compiled-in English is data/i18n/en.json");
        for (lang, text) in files() {
            let v = json::parse(&text).unwrap_or_else(|e| panic!("data/i18n/{lang}.json: {e:?}"));
            for key in ["title", "description", "acceptAll", "rejectAll", "privacyPolicy"] {
                assert!(matches!(v.get(key), Some(Json::Str(s)) if !s.is_empty()), "{lang}: {key}");
            }
        }
    }

    #[test]
    fn every_language_has_every_english_key() {
        fn keys(v: &Json, prefix: &str, out: &mut Vec<String>) {
            if let Json::Object(members) = v {
                for (k, child) in members {
                    let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    match child {
                        Json::Object(_) => keys(child, &path, out),
                        Json::Str(s) => {
                            assert!(!s.trim().is_empty(), "{path} is empty");
                            out.push(path);
                        }
                        _ => panic!("{path}: not a string"),
                    }
                }
            }
        }
        let mut english = Vec::new();
        keys(&json::parse(ENGLISH).unwrap(), "", &mut english);
        for (lang, text) in files() {
            let mut own = Vec::new();
            keys(&json::parse(&text).unwrap(), "", &mut own);
            assert_eq!(own, english, "data/i18n/{lang}.json");
        }
    }

    #[test]
    fn language_choice_order() {
        let c = config(r#"{"categories":{"a":{}},"texts":{"de":{"acceptAll":"Alle akzeptieren"}}}"#);
        assert_eq!(pick_language(&c, Some("de-AT"), &["en".into()]), "de");
        assert_eq!(pick_language(&c, Some("xx"), &["de-DE".into()]), "de");
        assert_eq!(pick_language(&c, None, &["zz".into()]), "en");
        assert_eq!(pick_language(&c, None, &["ro-RO".into(), "en".into()]), "ro");
        assert_eq!(pick_language(&c, Some("AR"), &[]), "ar");
        let forced = config(r#"{"categories":{"a":{}},"language":"de"}"#);
        assert_eq!(pick_language(&forced, Some("en"), &[]), "de");
    }

    #[test]
    fn texts_fall_back_and_are_never_empty() {
        let c = config(
            r#"{"categories":{"analytics":{},"custom":{"title":{"de":"Eigenes"}}},
                "texts":{"sv":{"acceptAll":"Godkänn alla","rejectAll":""},"de":{"acceptAll":"Ja, alle"}}}"#,
        );
        // A language we have no built-in texts for: override, else the default language.
        let sv = Texts::new(&c, "sv");
        assert_eq!(sv.get("acceptAll"), "Godkänn alla");
        assert_eq!(sv.get("rejectAll"), "Reject all", "an empty override falls back");
        assert_eq!(sv.get("noSuchKey"), "noSuchKey");
        // A built-in language: override first, then its own (fetched) texts.
        let mut c = c;
        c.fetched_texts = Some(("de".into(), files()[1].1.clone()));
        let de = Texts::new(&c, "de");
        assert_eq!(de.get("acceptAll"), "Ja, alle");
        assert_eq!(de.get("rejectAll"), "Alle ablehnen");
        assert_eq!(de.category("analytics", "title"), "Statistik");
        assert_eq!(de.category("custom", "title"), "Eigenes");
        assert_eq!(Texts::new(&c, "fr").category("custom", "title"), "custom");
        assert!(is_rtl("ar") && is_rtl("he-IL") && !is_rtl("en"));
        // Not fetched (or the fetch failed): English, never an empty button.
        let mut unfetched = c.clone();
        unfetched.fetched_texts = None;
        assert_eq!(Texts::new(&unfetched, "de").get("rejectAll"), "Reject all");
    }
}
