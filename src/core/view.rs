//! The dialog's markup, built as text from the config, the texts and the
//! current choice. Pure, so it is tested natively; the JS shell sets it with
//! one `innerHTML` and wires events by delegation on `data-action`.
//!
//! Every config or translation text goes through [`push_escaped`]: config
//! text is text, never markup. Links come only from validated config URLs.
//! The class names are the ones `js/dialog.css` styles.

use super::config::{ButtonOrder, Category, Config, Layout};
use super::i18n::{is_rtl, CategoryField, Texts};
use super::record::Record;

/// Which layer of the dialog is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Title, text, Accept all / Reject all / Preferences.
    First,
    /// One switch per category, details, Save preferences.
    Preferences,
}

/// Appends `text` with `& < > " '` escaped, safe in element content and in
/// quoted attribute values.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// What the dialog shows.
pub struct View<'a> {
    pub config: &'a Config,
    pub texts: &'a Texts,
    /// The stored choice, which the switches reflect; `None` before a choice.
    pub record: Option<&'a Record>,
    /// Show that a Global Privacy Control signal was honoured.
    pub gpc_honoured: bool,
}

/// Markup writer with small helpers for the repeated shapes.
struct Html(String);

impl Html {
    fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    fn text(&mut self, s: &str) -> &mut Self {
        push_escaped(&mut self.0, s);
        self
    }

    /// ` name="value"` with the value escaped.
    fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.raw(" ").raw(name).raw("=\"").text(value).raw("\"")
    }

    /// `<button type="button" class=… data-action=…>label</button>`.
    fn button(&mut self, class: &str, action: &str, label: &str) -> &mut Self {
        self.raw("<button type=\"button\"").attr("class", class).attr("data-action", action).raw(">");
        self.text(label).raw("</button>")
    }

    /// A switch (a checkbox) and its label, in a `switch-row`.
    fn switch(&mut self, id: &str, category: &str, service: Option<&str>, state: Switch, label: &str) -> &mut Self {
        self.raw("<div class=\"switch-row\"><input type=\"checkbox\"").attr("id", id).attr("data-category", category);
        if let Some(service) = service {
            self.attr("data-service", service);
        }
        if state.on {
            self.raw(" checked");
        }
        if state.locked {
            self.raw(" disabled");
        }
        if state.mixed {
            // Set as the `indeterminate` property after rendering.
            self.raw(" data-mixed");
        }
        self.raw("><label").attr("for", id).raw(">").text(label)
    }
}

/// How a switch is shown.
#[derive(Clone, Copy, Default)]
struct Switch {
    on: bool,
    /// A required category's: on and not to be changed.
    locked: bool,
    /// Some but not all of the category's services are on.
    mixed: bool,
}

impl View<'_> {
    fn lang_dir(&self, h: &mut Html) {
        let lang = self.texts.lang.as_str();
        h.attr("lang", lang).attr("dir", if is_rtl(lang) { "rtl" } else { "ltr" });
    }

    /// The shadow root's lasting content: an empty panel the dialog is
    /// rendered into, the status region that announces "Saved" (it outlives
    /// the dialog), and the optional floating button. The stylesheet is
    /// adopted separately (see `js/dialog.js`).
    pub fn shell(&self) -> String {
        let mut h = Html(String::with_capacity(400));
        h.raw("<div class=\"shell\"").attr("data-scheme", self.config.ui.color_scheme.as_str());
        self.lang_dir(&mut h);
        h.raw("><div id=\"panel\"></div><div class=\"visually-hidden\" role=\"status\" id=\"status\"></div>");
        if self.config.ui.floating_button {
            h.button("floating-button", "reopen", self.texts.text("settingsButton"));
        }
        h.raw("</div>");
        h.0
    }

    /// The dialog at `layer`.
    pub fn dialog(&self, layer: Layer) -> String {
        let t = self.texts;
        let ui = &self.config.ui;
        let first = layer == Layer::First;
        let mut h = Html(String::with_capacity(2048));
        h.raw("<div class=\"overlay\"").attr("data-layout", ui.layout.as_str());
        h.attr("data-layer", if first { "1" } else { "2" }).raw(">");
        if !first || ui.layout == Layout::Modal {
            h.raw("<div class=\"backdrop\"></div>");
        }
        h.raw("<div class=\"dialog\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"dialog-title\" aria-describedby=\"dialog-description\"");
        self.lang_dir(&mut h);
        h.raw("><div class=\"dialog-header\"><h2 id=\"dialog-title\" tabindex=\"-1\">");
        h.text(t.text(if first { "title" } else { "preferencesTitle" }));
        h.raw("</h2><button type=\"button\" class=\"close-button\" data-action=\"close\"")
            .attr("aria-label", t.text("close"));
        h.raw(">\u{00d7}</button></div><p id=\"dialog-description\">");
        h.text(t.variant(if first { "description" } else { "preferencesDescription" }, self.description(first)));
        if let Some(url) = &self.config.privacy_policy_url {
            h.raw(" <a").attr("href", url).raw(">").text(t.text("privacyPolicy")).raw("</a>");
        }
        h.raw("</p>");
        if self.gpc_honoured {
            h.raw("<p class=\"gpc-notice\">").text(t.text("gpcHonoured")).raw("</p>");
        }
        if !first {
            h.raw("<ul class=\"categories\">");
            for c in &self.config.categories {
                self.category(&mut h, c);
            }
            h.raw("</ul>");
        }
        h.raw("<div class=\"actions\">");
        if !first {
            h.button("button secondary", "save", t.text("savePreferences"));
        }
        let accept = ("accept", t.text("acceptAll"));
        let reject = ("reject", t.text("rejectAll"));
        let (one, two) = match ui.button_order {
            ButtonOrder::AcceptFirst => (accept, reject),
            ButtonOrder::RejectFirst => (reject, accept),
        };
        h.button("button", one.0, one.1).button("button", two.0, two.1);
        if first {
            h.button("button secondary", "prefs", t.text("preferences"));
        }
        h.raw("</div></div></div>");
        h.0
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

    /// Whether the stored choice grants category `c` (or its `service`).
    fn granted(&self, c: &Category, service: Option<&str>) -> bool {
        match (self.record, service) {
            _ if c.required => true,
            (Some(r), Some(s)) => r.has_service(&c.key, s),
            (Some(r), None) => r.has(&c.key),
            (None, _) => false,
        }
    }

    /// A category's row of the preferences layer: its switch and, when it
    /// has anything to show, its details (description, services, cookies).
    fn category(&self, h: &mut Html, c: &Category) {
        let t = self.texts;
        let title = t.category_text(&c.key, Some(c), CategoryField::Title);
        let description = t.category_text(&c.key, Some(c), CategoryField::Description);
        let services_on = c.services.iter().filter(|s| self.granted(c, Some(&s.key))).count();
        let id: String = ["switch-", c.key.as_str()].into_iter().collect();
        let state = Switch {
            on: self.granted(c, None),
            locked: c.required,
            mixed: services_on > 0 && services_on < c.services.len(),
        };
        h.raw("<li>").switch(&id, &c.key, None, state, title);
        if c.required {
            h.raw(" <span class=\"always-on\">").text(t.text("alwaysOn")).raw("</span>");
        }
        h.raw("</label></div>");

        let mut cookies = c.declared.iter().chain(c.services.iter().flat_map(|s| &s.declared)).peekable();
        let has_cookies = cookies.peek().is_some();
        if description.is_empty() && c.services.is_empty() && !has_cookies {
            h.raw("</li>");
            return;
        }
        h.raw("<details><summary>").text(t.text("showDetails"));
        h.raw("<span class=\"visually-hidden\"> \u{2013} ").text(title).raw("</span></summary>");
        if !description.is_empty() {
            h.raw("<p>").text(description).raw("</p>");
        }
        if !c.services.is_empty() {
            h.raw("<fieldset><legend>").text(t.text("services")).raw("</legend>");
            for s in &c.services {
                let service_id: String = [id.as_str(), ".", s.key.as_str()].into_iter().collect();
                let state = Switch { on: self.granted(c, Some(&s.key)), locked: c.required, mixed: false };
                let name = s.title.get(&t.lang).or_else(|| s.title.get(&self.config.default_language));
                h.switch(&service_id, &c.key, Some(&s.key), state, name.unwrap_or(&s.key)).raw("</label></div>");
            }
            h.raw("</fieldset>");
        }
        if has_cookies {
            h.raw("<table><caption class=\"visually-hidden\">").text(title).raw("</caption><thead><tr>");
            let headers =
                [t.text("cookieName"), t.text("cookieProvider"), t.text("cookiePurpose"), t.text("cookieDuration")];
            for header in headers {
                h.raw("<th scope=\"col\">").text(header).raw("</th>");
            }
            h.raw("</tr></thead><tbody>");
            for d in cookies {
                h.raw("<tr>");
                // data-label names each cell when narrow screens stack the rows.
                for (cell, header) in [&d.name, &d.provider, &d.purpose, &d.duration].into_iter().zip(headers) {
                    h.raw("<td").attr("data-label", header).raw(">").text(cell).raw("</td>");
                }
                h.raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</details></li>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::LANGUAGES;
    use crate::core::record::{Decision, ID_BYTES};

    const CONFIG: &str = r#"{"privacyPolicyUrl":"/privacy?a=1&b=2","categories":{
        "necessary":{"required":true,"cookies":["consentry"]},
        "analytics":{"cookies":[{"name":"_ga","provider":"Google","purpose":"Visits","duration":"2 years"}]},
        "marketing":{"services":{"fb":{"title":"Meta Pixel"},"ads":{}}}}}"#;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    fn render(config: &Config, lang: &str, record: Option<&Record>, layer: Layer) -> String {
        render_with(config, lang, None, record, layer)
    }

    fn render_with(
        config: &Config,
        lang: &str,
        fetched: Option<&str>,
        record: Option<&Record>,
        layer: Layer,
    ) -> String {
        let texts = Texts::new(config, lang, fetched);
        View { config, texts: &texts, record, gpc_honoured: false }.dialog(layer)
    }

    #[test]
    fn escapes_markup_and_quotes() {
        let mut out = String::new();
        push_escaped(&mut out, r#"<img src=x onerror="alert(1)">'&"#);
        assert_eq!(out, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;");
    }

    #[test]
    fn first_layer_has_three_buttons_and_the_dialog_semantics() {
        let c = config(CONFIG);
        let html = render(&c, "en", None, Layer::First);
        for part in [
            "role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"dialog-title\"",
            "lang=\"en\" dir=\"ltr\"",
            "<h2 id=\"dialog-title\" tabindex=\"-1\">We value your privacy</h2>",
            "data-action=\"accept\">Accept all</button><button type=\"button\" class=\"button\" data-action=\"reject\">Reject all</button>",
            "data-action=\"prefs\">Preferences</button>",
            "aria-label=\"Close\"",
            "<a href=\"/privacy?a=1&amp;b=2\">Privacy policy</a>",
        ] {
            assert!(html.contains(part), "missing {part} in {html}");
        }
        assert!(!html.contains("checkbox"));
    }

    #[test]
    fn the_table_lists_storage_after_the_cookies_services_last() {
        let c = config(
            r#"{"categories":{"analytics":{"cookies":["_ga"],"localStorage":[{"name":"_hjid","provider":"Hotjar"}],
                "services":{"chat":{"indexedDB":["chat"]}}}}}"#,
        );
        let html = render(&c, "en", None, Layer::Preferences);
        let rows: Vec<&str> =
            html.split("<tr><td data-label=\"Name\">").skip(1).map(|r| &r[..r.find("</td>").unwrap()]).collect();
        assert_eq!(rows, ["_ga", "_hjid", "chat"], "{html}");
        assert!(html.contains(">_hjid</td><td data-label=\"Provider\">Hotjar</td>"));
    }

    #[test]
    fn reject_first_swaps_the_equal_buttons() {
        let c = config(r#"{"categories":{"a":{}},"ui":{"buttonOrder":"reject-first"}}"#);
        let html = render(&c, "en", None, Layer::First);
        assert!(html.find("data-action=\"reject\"") < html.find("data-action=\"accept\""));
    }

    #[test]
    fn preferences_reflect_the_record_and_nothing_is_pre_ticked() {
        let c = config(CONFIG);
        let html = render(&c, "en", None, Layer::Preferences);
        assert_eq!(html.matches(" checked").count(), 1, "only necessary before a choice: {html}");
        assert!(html.contains("id=\"switch-necessary\" data-category=\"necessary\" checked disabled"));
        assert!(html.contains("Strictly necessary <span class=\"always-on\">Always on</span>"));
        assert!(html.contains(
            "<td data-label=\"Name\">_ga</td><td data-label=\"Provider\">Google</td><td data-label=\"Purpose\">Visits</td><td data-label=\"Duration\">2 years</td>"
        ));
        assert!(html.contains(">Meta Pixel</label>") && html.contains(">ads</label>"));

        let only_fb = Decision::Custom {
            categories: vec!["marketing".into()],
            services: vec![("marketing".into(), "fb".into())],
        };
        let r = Record::decide(&c, None, &only_fb, 1, &[0; ID_BYTES]).unwrap();
        let html = render(&c, "en", Some(&r), Layer::Preferences);
        assert!(html.contains("id=\"switch-marketing\" data-category=\"marketing\" checked data-mixed>"), "{html}");
        assert!(html.contains("id=\"switch-marketing.fb\" data-category=\"marketing\" data-service=\"fb\" checked>"));
        assert!(html.contains("id=\"switch-analytics\" data-category=\"analytics\">"));
    }

    #[test]
    fn hostile_config_text_stays_text() {
        let c = config(
            r#"{"categories":{"a":{"title":"<script>alert(1)</script>","description":"\" onmouseover=\"x",
                "services":{"s":{"title":"<b>bold</b>"}},"cookies":[{"name":"_x","purpose":"<img src=x onerror=alert(1)>"}]}},
                "texts":{"en":{"title":"</h2><script>bad()</script>"}}}"#,
        );
        for layer in [Layer::First, Layer::Preferences] {
            let html = render(&c, "en", None, layer);
            assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"), "{html}");
            assert!(!html.contains("\" onmouseover"), "{html}");
        }
        let html = render(&c, "en", None, Layer::Preferences);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn texts_name_only_the_purposes_the_config_has() {
        let description = |c: &Config, lang: &str, layer: Layer| {
            let file = (lang != "en").then(|| {
                std::fs::read_to_string(format!("{}/data/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
            });
            let html = render_with(c, lang, file.as_deref(), None, layer);
            let start = html.find("<p id=\"dialog-description\">").unwrap() + 27;
            html[start..start + html[start..].find('<').unwrap()].to_string()
        };
        let first = |text: &str| description(&config(text), "en", Layer::First);
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

        let always = |text: &str, lang: &str| description(&config(text), lang, Layer::Preferences);
        assert!(always(CONFIG, "en").contains("always on"));
        assert_eq!(
            always(r#"{"categories":{"analytics":{},"marketing":{}}}"#, "en"),
            "Choose which purposes you allow."
        );
        // Every built-in language has each wording, and each is its own.
        let none_required = r#"{"categories":{"analytics":{}}}"#;
        for lang in LANGUAGES {
            let wordings = [
                description(&config(CONFIG), lang, Layer::First),
                description(&config(none_required), lang, Layer::First),
                description(&config(r#"{"categories":{"marketing":{}}}"#), lang, Layer::First),
                description(&config(r#"{"categories":{"embeds":{}}}"#), lang, Layer::First),
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
    fn right_to_left_languages_are_marked() {
        let c = config(CONFIG);
        assert!(render(&c, "ar", None, Layer::First).contains("lang=\"ar\" dir=\"rtl\""));
        let german = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/i18n/de.json")).unwrap();
        assert!(render_with(&c, "de", Some(&german), None, Layer::First).contains(">Alle akzeptieren<"));
    }
}
