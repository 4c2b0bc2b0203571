//! Contextual consent: a held iframe (or any held element with
//! `data-placeholder`) is hidden behind a placeholder that names the service
//! and offers "Load once" (this element only, nothing recorded) and "Always
//! allow <category>" (a decision: `Decision::Allow`). The placeholder is an
//! open Shadow DOM themed with the dialog's `--consentry-*` properties, takes
//! the embed's `class`, `style`, `width` and `height` so it is sized like
//! it, and gets every text as text.

use super::activate::load_once;
use super::app::App;
use super::browser::{self, document};
use crate::core::i18n::{pick_language, Texts};
use crate::core::trackers::host_and_path;
use crate::core::{Config, Decision};
use std::rc::Weak;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRootInit, ShadowRootMode};

/// On a held element that has a placeholder (its previous sibling).
pub const HELD: &str = "data-consentry-held";
/// On the placeholder's host element.
const MARK: &str = "data-consentry-placeholder";

const CSS: &str = include_str!("placeholder.css");
/// Static markup; the texts are set as text afterwards.
const MARKUP: &str = "<div class=p role=group aria-labelledby=m><p id=m></p><div class=r>\
<button type=button aria-describedby=m></button><button type=button aria-describedby=m></button></div></div>";

/// The texts in the page's language.
pub fn texts(config: &Config) -> Texts<'_> {
    let (page, languages) = browser::languages();
    Texts::new(config, &pick_language(config, page.as_deref(), &languages))
}

/// Who the held content is from: the service's title (`data-service`), else
/// the host of its URL, else the category's title.
fn service_name(e: &Element, category: &str, config: &Config, texts: &Texts) -> String {
    if let Some(key) = e.get_attribute("data-service").filter(|s| !s.is_empty()) {
        let title = config
            .category(category)
            .and_then(|c| c.services.iter().find(|s| s.key == key))
            .and_then(|s| s.title.get(&texts.lang))
            .filter(|t| !t.is_empty());
        return title.map(str::to_string).unwrap_or(key);
    }
    let url = e.get_attribute("data-src").or_else(|| e.get_attribute("src"));
    match url.and_then(|u| host_and_path(&u)) {
        Some((host, _)) if !host.is_empty() => match host.strip_prefix("www.") {
            Some(bare) => bare.to_string(),
            None => host,
        },
        _ => texts.category(category, "title"),
    }
}

/// Hides `e` behind a placeholder (once; `HELD` marks it).
pub fn hold(e: &Element, category: &str, config: &Config, texts: &Texts, app: &Weak<App>) {
    let Ok(doc) = document() else { return };
    let Some(host) = doc.create_element("div").ok().and_then(|h| h.dyn_into::<HtmlElement>().ok()) else {
        return;
    };
    let _ = host.set_attribute(MARK, "");
    if let Some(class) = e.get_attribute("class") {
        let _ = host.set_attribute("class", &class);
    }
    // Through the CSSOM: a strict CSP (style-src without 'unsafe-inline')
    // blocks setAttribute("style"), not this.
    if let Some(embed) = e.dyn_ref::<HtmlElement>() {
        let css = embed.style().css_text();
        if !css.is_empty() {
            host.style().set_css_text(&css);
        }
    }
    for name in ["width", "height"] {
        if let Some(value) = e.get_attribute(name) {
            let mut size = value.trim().to_string();
            if !size.is_empty() && size.bytes().all(|b| b.is_ascii_digit()) {
                size.push_str("px");
            }
            let _ = host.style().set_property(name, &size);
        }
    }
    let Ok(root) = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) else {
        return;
    };
    super::shadow::fill(&root, CSS, MARKUP);

    let title = texts.category(category, "title");
    let service = service_name(e, category, config, texts);
    let message = fill(&texts.get("placeholderText"), &[("{service}", &service), ("{category}", &title)]);
    if let Ok(Some(p)) = root.query_selector("p") {
        p.set_text_content(Some(&message));
    }
    let Ok(buttons) = root.query_selector_all("button") else {
        return;
    };
    let button = |i| buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok());
    if let Some(once) = button(0) {
        once.set_text_content(Some(&texts.get("loadOnce")));
        let held = e.clone();
        on_click(&once, Closure::<dyn FnMut()>::new(move || load_once(&held)));
    }
    if let Some(always) = button(1) {
        if config.category(category).is_some() {
            let label = fill(&texts.get("alwaysAllow"), &[("{category}", &title)]);
            always.set_text_content(Some(&label));
            let app = app.clone();
            let category = category.to_string();
            on_click(
                &always,
                Closure::<dyn FnMut()>::new(move || {
                    let Some(app) = app.upgrade() else { return };
                    let decision = Decision::Allow(vec![category.clone()]);
                    if let Err(err) = App::decide(&app, &decision) {
                        browser::console_error(&err.message());
                    }
                }),
            );
        } else {
            // A category the config lacks cannot be granted.
            always.remove();
        }
    }
    if e.before_with_node_1(&host).is_ok() {
        let _ = e.set_attribute(HELD, "");
        if let Some(held) = e.dyn_ref::<HtmlElement>() {
            let _ = held.style().set_property_with_priority("display", "none", "important");
        }
    }
}

/// `template` with each `{name}` token replaced (a small `str::replace`
/// that keeps the pattern-search machinery out of the wasm).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.bytes().position(|b| b == b'{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match values.iter().find(|(token, _)| rest.starts_with(token)) {
            Some((token, value)) => {
                out.push_str(value);
                rest = &rest[token.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn on_click(button: &Element, callback: Closure<dyn FnMut()>) {
    // The placeholder lives as long as the page; the closure goes to JS.
    let f = callback.into_js_value();
    let _ = button.add_event_listener_with_callback("click", f.unchecked_ref());
}

/// Removes `e`'s placeholder and shows `e` again.
pub fn remove(e: &Element) {
    if !e.has_attribute(HELD) {
        return;
    }
    let _ = e.remove_attribute(HELD);
    if let Some(held) = e.dyn_ref::<HtmlElement>() {
        let _ = held.style().remove_property("display");
    }
    if let Some(host) = e.previous_element_sibling() {
        if host.has_attribute(MARK) {
            host.remove();
        }
    }
}
