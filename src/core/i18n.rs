//! Texts: built-in translations from `data/i18n/` (the one source), the
//! site's overrides from the config, and the choice of language.

use super::config::{Category, Config, LocalText};
use super::json::{self, Json};
use super::split::{before, split};

/// The built-in languages, one file each in `data/i18n/`.
pub const LANGUAGES: [&str; 11] = ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "ro", "uk", "ar"];

/// English, compiled in: the fallback that is always there. The other
/// languages are fetched by the JS entry when chosen (they would cost about
/// 8 KB gzipped in every payload) and reach [`Texts::new`] as text.
/// (`build.rs` writes the file without whitespace.)
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
    for wanted in candidates.map(str::trim).filter(|wanted| !wanted.is_empty()) {
        // Exactly, else by its primary subtag (up to `-` or `_`).
        let primary = before(wanted, |b| b == b'-' || b == b'_');
        if let Some(code) = [wanted, primary].into_iter().find(|code| !code.is_empty() && available(code)) {
            return code.to_ascii_lowercase();
        }
    }
    config.default_language.clone()
}

/// Whether a language is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    let primary = split(lang, b'-').next().unwrap_or_default();
    ["ar", "fa", "he", "ur", "ps", "yi", "dv", "ku"].iter().any(|l| primary.eq_ignore_ascii_case(l))
}

/// Which text of a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryField {
    Title,
    Description,
}

impl CategoryField {
    fn key(self) -> &'static str {
        match self {
            CategoryField::Title => "title",
            CategoryField::Description => "description",
        }
    }
}

/// One language the texts fall back through: the config's overrides and
/// the built-in texts, parsed once.
struct Language {
    code: String,
    /// The config's `texts` for this language, in config order.
    overrides: Vec<(String, String)>,
    built_in: Option<Json>,
}

impl Language {
    /// The config's override of `key` (the last one given wins), if not empty.
    fn own(&self, key: &str) -> Option<&str> {
        self.overrides.iter().rev().find(|(k, text)| k == key && !text.is_empty()).map(|(_, text)| text.as_str())
    }

    fn built_in(&self, path: &[&str]) -> Option<&str> {
        let value = path.iter().try_fold(self.built_in.as_ref()?, |value, key| value.get(key))?;
        match value {
            Json::Str(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }
}

/// The dialog's texts for one language, with fallbacks that never end in an
/// empty string: config override → built-in → the same in the default
/// language → built-in English → the key itself. Made once per session.
pub struct Texts {
    /// The language the dialog speaks.
    pub lang: String,
    /// The dialog's language, the config's default language, English (each once).
    languages: Vec<Language>,
}

impl Texts {
    /// The texts for `lang`; `fetched` is the built-in file of `lang` when it
    /// is not English (compiled in), as the JS entry fetched it (`None` if
    /// the fetch failed: English then).
    pub fn new(config: &Config, lang: &str, fetched: Option<&str>) -> Texts {
        let mut languages: Vec<Language> = Vec::with_capacity(3);
        for code in [lang, config.default_language.as_str(), "en"] {
            if languages.iter().any(|l| l.code == code) {
                continue;
            }
            let file = match code {
                "en" => Some(ENGLISH),
                _ if code == lang => fetched,
                _ => None,
            };
            let mut overrides = Vec::new();
            for (l, list) in &config.texts {
                if l == code {
                    overrides.extend_from_slice(list);
                }
            }
            languages.push(Language {
                code: code.into(),
                overrides,
                built_in: file.and_then(|text| json::parse(text).ok()),
            });
        }
        Texts { lang: lang.into(), languages }
    }

    /// A dialog text by key (`acceptAll`, `title`, …); the key itself when
    /// no language has it.
    pub fn text<'s>(&'s self, key: &'s str) -> &'s str {
        self.variant(key, key)
    }

    /// The config's own text of `key` (a site's words win), else the
    /// built-in text `variant`: one of `key`'s wordings, the one that fits
    /// the config (see `view.rs`), in each language in turn.
    pub fn variant<'s>(&'s self, key: &'s str, variant: &'s str) -> &'s str {
        self.languages.iter().find_map(|l| l.own(key).or_else(|| l.built_in(&[variant]))).unwrap_or(key)
    }

    /// A category's title or description: the config's own text, else the
    /// built-in one of a well-known category, in each language in turn.
    /// `category` is the config's (`None` for a key the config lacks). A
    /// missing title is the key; a missing description is empty.
    pub fn category_text<'s>(&'s self, key: &'s str, category: Option<&'s Category>, field: CategoryField) -> &'s str {
        let own: Option<&LocalText> = category.map(|c| match field {
            CategoryField::Title => &c.title,
            CategoryField::Description => &c.description,
        });
        self.languages
            .iter()
            .find_map(|l| {
                own.and_then(|t| t.get(&l.code))
                    .filter(|t| !t.is_empty())
                    .or_else(|| l.built_in(&["categories", key, field.key()]))
            })
            .unwrap_or(match field {
                CategoryField::Title => key,
                CategoryField::Description => "",
            })
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

    fn title<'s>(texts: &'s Texts, config: &'s Config, key: &'s str) -> &'s str {
        texts.category_text(key, config.category(key), CategoryField::Title)
    }

    #[test]
    fn built_in_texts_parse() {
        // Compacted by build.rs, the same JSON value but `privacyChoices` (the GPP module's texts).
        let Ok(Json::Object(mut english)) = json::parse(&files()[0].1) else { panic!("data/i18n/en.json") };
        assert_eq!(english.last().map(|(k, _)| k.as_str()), Some("privacyChoices"), "its last member");
        english.pop();
        assert_eq!(json::parse(ENGLISH), Ok(Json::Object(english)), "the compiled-in English is data/i18n/en.json");
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
        keys(&json::parse(&files()[0].1).unwrap(), "", &mut english);
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
        assert_eq!(pick_language(&c, Some(" pt_BR "), &[]), "pt");
        assert_eq!(pick_language(&c, Some(""), &["-".into(), "fr".into()]), "fr");
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
        let sv = Texts::new(&c, "sv", None);
        assert_eq!(sv.text("acceptAll"), "Godkänn alla");
        assert_eq!(sv.text("rejectAll"), "Reject all", "an empty override falls back");
        assert_eq!(sv.text("noSuchKey"), "noSuchKey");
        // A built-in language: override first, then its own (fetched) texts.
        let german = files()[1].1.clone();
        let de = Texts::new(&c, "de", Some(&german));
        assert_eq!(de.text("acceptAll"), "Ja, alle");
        assert_eq!(de.text("rejectAll"), "Alle ablehnen");
        assert_eq!(title(&de, &c, "analytics"), "Statistik");
        assert_eq!(title(&de, &c, "custom"), "Eigenes");
        assert_eq!(title(&de, &c, "marketing"), "Marketing", "a well-known key the config lacks");
        assert_eq!(title(&Texts::new(&c, "fr", None), &c, "custom"), "custom");
        assert_eq!(de.category_text("custom", c.category("custom"), CategoryField::Description), "");
        assert!(is_rtl("ar") && is_rtl("he-IL") && !is_rtl("en"));
        // Not fetched (or the fetch failed): English, never an empty button.
        assert_eq!(Texts::new(&c, "de", None).text("rejectAll"), "Reject all");
    }

    #[test]
    fn the_last_override_wins() {
        let c = config(r#"{"categories":{"a":{}},"texts":{"en":{"close":"Shut","close":"Done"},"en":{"saved":"Ok"}}}"#);
        let en = Texts::new(&c, "en", None);
        assert_eq!((en.text("close"), en.text("saved")), ("Done", "Ok"));
    }
}
