//! What the dialog shows, as data: the texts that depend on the config (the
//! descriptions that fit its categories, each category's and service's
//! title in the dialog's language) and whether to say that a Global Privacy
//! Control signal was honoured. `src/api/objects.rs` hands it to the JS with
//! the dialog's options, and the JS builds the markup (`js/markup.js`, every
//! text escaped there): the markup is DOM work, and built here it cost the
//! wasm 2,939 B gzip (docs/size.md). Pure, so it is tested natively.

use super::config::{Category, Config, Service};
use super::i18n::{CategoryField, Texts};

/// What the dialog shows.
pub struct View<'a> {
    pub config: &'a Config,
    pub texts: &'a Texts,
    /// Show that a Global Privacy Control signal was honoured.
    pub gpc_honoured: bool,
}

impl View<'_> {
    /// The first layer's (`first`) or the preferences layer's description:
    /// the site's own text, else the built-in wording that fits the config.
    pub fn description_text(&self, first: bool) -> &str {
        self.texts.variant(if first { "description" } else { "preferencesDescription" }, self.description(first))
    }

    /// A category's title and description in the dialog's language.
    pub fn category_texts<'s>(&'s self, c: &'s Category) -> (&'s str, &'s str) {
        let t = self.texts;
        (
            t.category_text(&c.key, Some(c), CategoryField::Title),
            t.category_text(&c.key, Some(c), CategoryField::Description),
        )
    }

    /// A service's title in the dialog's language, else the config's default language, else its key.
    pub fn service_title<'s>(&'s self, s: &'s Service) -> &'s str {
        s.title.get(&self.texts.lang).or_else(|| s.title.get(&self.config.default_language)).unwrap_or(&s.key)
    }

    /// The key of the layer's text whose built-in wording fits the config:
    /// the first layer names measuring visits (`analytics`) and ads
    /// (`marketing`, or a category marked `sale` or `sharing`) only when an
    /// optional category is for them; the preferences layer says "always
    /// on" only when a category is required. (One pass, no string table of
    /// category names: the first visit pays for every byte here.)
    fn description(&self, first: bool) -> &'static str {
        // Bit 0: measuring visits, bit 1: ads (optional categories), bit 2: a required category.
        let mut has = 0;
        for c in &self.config.categories {
            has |= if c.required {
                4
            } else {
                usize::from(c.key == "analytics") | usize::from(c.sale_or_sharing || c.key == "marketing") << 1
            };
        }
        if first {
            ["descriptionOther", "descriptionAnalytics", "descriptionMarketing", "description"][has & 3]
        } else if has & 4 != 0 {
            "preferencesDescription"
        } else {
            "preferencesDescriptionOptional"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::LANGUAGES;

    const CONFIG: &str = r#"{"privacyPolicyUrl":"/privacy?a=1&b=2","categories":{
        "necessary":{"required":true,"cookies":["consentry"]},
        "analytics":{"cookies":[{"name":"_ga","provider":"Google","purpose":"Visits","duration":"2 years"}]},
        "marketing":{"services":{"fb":{"title":"Meta Pixel"},"ads":{}}}}}"#;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    /// The layer's description for `config` in `lang` (its built-in texts read from `data/i18n/`).
    fn description(c: &Config, lang: &str, first: bool) -> String {
        let file = (lang != "en")
            .then(|| std::fs::read_to_string(format!("{}/data/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"))).unwrap());
        let texts = Texts::new(c, lang, file.as_deref());
        View { config: c, texts: &texts, gpc_honoured: false }.description_text(first).to_string()
    }

    #[test]
    fn texts_name_only_the_purposes_the_config_has() {
        let first = |text: &str| description(&config(text), "en", true);
        let both = first(CONFIG);
        assert!(both.contains("to measure visits and to show relevant ads"), "{both}");
        let analytics = first(r#"{"categories":{"necessary":{"required":true},"analytics":{}}}"#);
        assert!(analytics.contains("measure visits") && !analytics.contains("ads"), "{analytics}");
        let ads = first(r#"{"categories":{"marketing":{},"embeds":{}}}"#);
        assert!(ads.contains("show relevant ads") && !ads.contains("visits"), "{ads}");
        let sold = first(r#"{"categories":{"social":{"sale":true}}}"#);
        assert!(sold.contains("ads") && !sold.contains("visits"), "a category marked sale is for ads: {sold}");
        let other =
            first(r#"{"categories":{"necessary":{"required":true},"embeds":{},"marketing":{"required":true}}}"#);
        assert!(!other.contains("ads") && !other.contains("visits"), "a required category needs no consent: {other}");
        assert!(other.contains("further purposes"), "{other}");

        let always = |text: &str, lang: &str| description(&config(text), lang, false);
        assert!(always(CONFIG, "en").contains("always on"));
        assert_eq!(
            always(r#"{"categories":{"analytics":{},"marketing":{}}}"#, "en"),
            "Choose which purposes you allow."
        );
        // Every built-in language has each wording, and each is its own.
        let none_required = r#"{"categories":{"analytics":{}}}"#;
        for lang in LANGUAGES {
            let wordings = [
                description(&config(CONFIG), lang, true),
                description(&config(none_required), lang, true),
                description(&config(r#"{"categories":{"marketing":{}}}"#), lang, true),
                description(&config(r#"{"categories":{"embeds":{}}}"#), lang, true),
                always(CONFIG, lang),
                always(none_required, lang),
            ];
            for (i, w) in wordings.iter().enumerate() {
                assert!(!w.is_empty() && wordings[..i].iter().all(|o| o != w), "{lang}: {wordings:?}");
            }
            assert!(wordings[4].starts_with(&wordings[5]), "{lang}: the same first sentence");
        }
        // A site's own text wins over every wording.
        let own = r#"{"categories":{"analytics":{}},"texts":{"en":{"description":"Ours.","preferencesDescription":"Mine."}}}"#;
        assert_eq!((first(own), always(own, "en")), ("Ours.".into(), "Mine.".into()));
    }

    #[test]
    fn categories_and_services_are_titled_in_the_dialogs_language() {
        let c = config(
            r#"{"language":"de","categories":{"necessary":{"required":true},"analytics":{},
                "marketing":{"title":{"en":"Ads","de":"Werbung"},"services":{"fb":{"title":{"en":"Meta Pixel"}},"ads":{}}}}}"#,
        );
        let german = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/i18n/de.json")).unwrap();
        let texts = Texts::new(&c, "de", Some(&german));
        let view = View { config: &c, texts: &texts, gpc_honoured: false };
        let marketing = &c.categories[2];
        assert_eq!(view.category_texts(marketing).0, "Werbung");
        // A built-in category's title comes from the language's file.
        assert_ne!(view.category_texts(&c.categories[1]).0, "analytics");
        // A service without a German title: the default language's, else its key.
        assert_eq!(view.service_title(&marketing.services[0]), "Meta Pixel");
        assert_eq!(view.service_title(&marketing.services[1]), "ads");
    }
}
