//! The dialog's markup, built as text from the config, the texts and the
//! current choice. Pure, so it is tested natively; the browser layer sets it
//! with one call and wires events by delegation (few DOM calls keep the
//! wasm and its JS glue small).
//!
//! Every config or translation text goes through [`push_escaped`]: config
//! text is text, never markup. Links come only from validated config URLs.

use super::config::{Category, Config, CookieDecl, Layout};
use super::i18n::{is_rtl, Texts};
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
    pub texts: &'a Texts<'a>,
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

    /// A dialog button: `<button type="button" class=… data-a=…>text</button>`.
    fn button(&mut self, class: &str, action: &str, label: &str) -> &mut Self {
        self.raw("<button type=\"button\"").attr("class", class).attr("data-a", action).raw(">");
        self.text(label).raw("</button>")
    }
}

impl View<'_> {
    fn lang_dir(&self, h: &mut Html) {
        let lang = self.texts.lang.as_str();
        h.attr("lang", lang).attr("dir", if is_rtl(lang) { "rtl" } else { "ltr" });
    }

    /// The shadow root's lasting content: an empty panel the dialog is
    /// rendered into, the status region that announces "Saved" (it outlives
    /// the dialog), and the optional floating button. The stylesheet is
    /// adopted separately (see the browser layer).
    pub fn shell(&self) -> String {
        let mut h = Html(String::with_capacity(400));
        h.raw("<div class=\"w\"");
        h.attr("data-scheme", self.config.ui.color_scheme.as_str());
        self.lang_dir(&mut h);
        h.raw("><div id=\"p\"></div><div class=\"v\" role=\"status\" id=\"st\"></div>");
        if self.config.ui.floating_button {
            h.button("f", "reopen", self.texts.text("settingsButton"));
        }
        h.raw("</div>");
        h.0
    }

    /// The dialog at `layer`.
    pub fn dialog(&self, layer: Layer) -> String {
        let t = self.texts;
        let ui = &self.config.ui;
        let mut h = Html(String::with_capacity(2048));
        let modal = layer == Layer::Preferences || ui.layout == Layout::Modal;
        h.raw("<div class=\"o\"").attr("data-layout", ui.layout.as_str());
        h.attr("data-layer", if layer == Layer::First { "1" } else { "2" }).raw(">");
        if modal {
            h.raw("<div class=\"k\"></div>");
        }
        h.raw(
            "<div class=\"d\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"cy-t\" aria-describedby=\"cy-x\"",
        );
        self.lang_dir(&mut h);
        h.raw("><div class=\"h\"><h2 id=\"cy-t\" tabindex=\"-1\">");
        h.text(t.text(if layer == Layer::First { "title" } else { "preferencesTitle" }));
        h.raw("</h2><button type=\"button\" class=\"x\" data-a=\"close\"").attr("aria-label", t.text("close"));
        h.raw("><span aria-hidden=\"true\">\u{00d7}</span></button></div><p id=\"cy-x\">");
        h.text(t.text(if layer == Layer::First { "description" } else { "preferencesDescription" }));
        if let Some(url) = &self.config.privacy_policy_url {
            h.raw(" <a").attr("href", url).raw(">").text(t.text("privacyPolicy")).raw("</a>");
        }
        h.raw("</p>");
        if self.gpc_honoured {
            h.raw("<p class=\"n\">").text(t.text("gpcHonoured")).raw("</p>");
        }
        if layer == Layer::Preferences {
            h.raw("<ul class=\"c\">");
            for c in &self.config.categories {
                self.category(&mut h, c);
            }
            h.raw("</ul>");
        }
        h.raw("<div class=\"r\">");
        if layer == Layer::Preferences {
            h.button("b", "save", t.text("savePreferences"));
        }
        let accept = ("accept", t.text("acceptAll"));
        let reject = ("reject", t.text("rejectAll"));
        let (one, two) = if ui.reject_first { (reject, accept) } else { (accept, reject) };
        h.button("b", one.0, one.1).button("b", two.0, two.1);
        if layer == Layer::First {
            h.button("b s", "prefs", t.text("preferences"));
        }
        h.raw("</div></div></div>");
        h.0
    }

    fn category(&self, h: &mut Html, c: &Category) {
        let t = self.texts;
        let title = t.category_text(&c.key, "title");
        let description = t.category_text(&c.key, "description");
        let granted = |service: Option<&str>| match (self.record, service) {
            _ if c.required => true,
            (Some(r), Some(s)) => r.has_service(&c.key, s),
            (Some(r), None) => r.has(&c.key),
            (None, _) => false,
        };
        // Counted in a loop: `filter(..).count()` is more wasm.
        let mut services_on = 0;
        for s in &c.services {
            services_on += usize::from(granted(Some(&s.key)));
        }
        let mut id = String::from("cy-c-");
        id.push_str(&c.key);

        h.raw("<li><div class=\"ct\"><input type=\"checkbox\"").attr("id", &id).attr("data-c", &c.key);
        if granted(None) {
            h.raw(" checked");
        }
        if c.required {
            h.raw(" disabled");
        }
        if services_on > 0 && services_on < c.services.len() {
            // Set as the `indeterminate` property after rendering.
            h.raw(" data-mixed");
        }
        h.raw("><label").attr("for", &id).raw(">").text(title);
        if c.required {
            h.raw(" <span class=\"on\">").text(t.text("alwaysOn")).raw("</span>");
        }
        h.raw("</label></div>");

        let has_cookies = !c.cookies.is_empty() || c.services.iter().any(|s| !s.cookies.is_empty());
        if description.is_empty() && c.services.is_empty() && !has_cookies {
            h.raw("</li>");
            return;
        }
        h.raw("<details><summary>").text(t.text("showDetails"));
        h.raw("<span class=\"v\"> \u{2013} ").text(title).raw("</span></summary>");
        if !description.is_empty() {
            h.raw("<p>").text(description).raw("</p>");
        }
        if !c.services.is_empty() {
            h.raw("<fieldset><legend>").text(t.text("services")).raw("</legend>");
            for s in &c.services {
                let mut sid = id.clone();
                sid.push('-');
                sid.push_str(&s.key);
                h.raw("<div class=\"ct\"><input type=\"checkbox\"").attr("id", &sid).attr("data-c", &c.key);
                h.attr("data-s", &s.key);
                if granted(Some(&s.key)) {
                    h.raw(" checked");
                }
                if c.required {
                    h.raw(" disabled");
                }
                let name = s.title.get(&t.lang).or_else(|| s.title.get(&self.config.default_language));
                h.raw("><label").attr("for", &sid).raw(">").text(name.unwrap_or(&s.key)).raw("</label></div>");
            }
            h.raw("</fieldset>");
        }
        if has_cookies {
            h.raw("<table><caption class=\"v\">").text(title).raw("</caption><thead><tr>");
            let headers =
                [t.text("cookieName"), t.text("cookieProvider"), t.text("cookiePurpose"), t.text("cookieDuration")];
            for header in headers {
                h.raw("<th scope=\"col\">").text(header).raw("</th>");
            }
            h.raw("</tr></thead><tbody>");
            // The category's own cookies, then each service's. (Plain loops:
            // `chain`/`zip` adapters are more wasm.)
            let [name, provider, purpose, duration] = headers;
            let mut list: &[CookieDecl] = &c.cookies;
            let mut services = c.services.iter();
            loop {
                for d in list {
                    h.raw("<tr>");
                    // data-h labels each cell when narrow screens stack the rows.
                    for (cell, header) in
                        [(&d.name, name), (&d.provider, provider), (&d.purpose, purpose), (&d.duration, duration)]
                    {
                        h.raw("<td").attr("data-h", header).raw(">").text(cell).raw("</td>");
                    }
                    h.raw("</tr>");
                }
                match services.next() {
                    Some(s) => list = &s.cookies,
                    None => break,
                }
            }
            h.raw("</tbody></table>");
        }
        h.raw("</details></li>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::record::{Decision, ID_BYTES};

    const CONFIG: &str = r#"{"privacyPolicyUrl":"/privacy?a=1&b=2","categories":{
        "necessary":{"required":true,"cookies":["consentry"]},
        "analytics":{"cookies":[{"name":"_ga","provider":"Google","purpose":"Visits","duration":"2 years"}]},
        "marketing":{"services":{"fb":{"title":"Meta Pixel"},"ads":{}}}}}"#;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    fn render(config: &Config, lang: &str, record: Option<&Record>, layer: Layer) -> String {
        let texts = Texts::new(config, lang);
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
            "role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"cy-t\"",
            "lang=\"en\" dir=\"ltr\"",
            "<h2 id=\"cy-t\" tabindex=\"-1\">We value your privacy</h2>",
            "data-a=\"accept\">Accept all</button><button type=\"button\" class=\"b\" data-a=\"reject\">Reject all</button>",
            "data-a=\"prefs\">Preferences</button>",
            "aria-label=\"Close\"",
            "<a href=\"/privacy?a=1&amp;b=2\">Privacy policy</a>",
        ] {
            assert!(html.contains(part), "missing {part} in {html}");
        }
        assert!(!html.contains("checkbox"));
    }

    #[test]
    fn reject_first_swaps_the_equal_buttons() {
        let c = config(r#"{"categories":{"a":{}},"ui":{"buttonOrder":"reject-first"}}"#);
        let html = render(&c, "en", None, Layer::First);
        assert!(html.find("data-a=\"reject\"") < html.find("data-a=\"accept\""));
    }

    #[test]
    fn preferences_reflect_the_record_and_nothing_is_pre_ticked() {
        let c = config(CONFIG);
        let html = render(&c, "en", None, Layer::Preferences);
        assert_eq!(html.matches(" checked").count(), 1, "only necessary before a choice: {html}");
        assert!(html.contains("id=\"cy-c-necessary\" data-c=\"necessary\" checked disabled"));
        assert!(html.contains("Strictly necessary <span class=\"on\">Always on</span>"));
        assert!(html.contains(
            "<td data-h=\"Name\">_ga</td><td data-h=\"Provider\">Google</td><td data-h=\"Purpose\">Visits</td><td data-h=\"Duration\">2 years</td>"
        ));
        assert!(html.contains(">Meta Pixel</label>") && html.contains(">ads</label>"));

        let only_fb = Decision::Custom {
            categories: vec!["marketing".into()],
            services: vec![("marketing".into(), "fb".into())],
        };
        let r = Record::decide(&c, None, &only_fb, 1, &[0; ID_BYTES]).unwrap();
        let html = render(&c, "en", Some(&r), Layer::Preferences);
        assert!(html.contains("id=\"cy-c-marketing\" data-c=\"marketing\" checked data-mixed>"), "{html}");
        assert!(html.contains("data-s=\"fb\" checked>"));
        assert!(html.contains("id=\"cy-c-analytics\" data-c=\"analytics\">"));
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
    fn right_to_left_languages_are_marked() {
        let c = config(CONFIG);
        assert!(render(&c, "ar", None, Layer::First).contains("lang=\"ar\" dir=\"rtl\""));
        let mut german = c.clone();
        german.fetched_texts = Some((
            "de".into(),
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/i18n/de.json")).unwrap(),
        ));
        assert!(render(&german, "de", None, Layer::First).contains(">Alle akzeptieren<"));
    }
}
