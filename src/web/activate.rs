//! Activation of held markup: `<script type="text/plain" data-category>`
//! becomes a real script once its category (and service) is granted.
//!
//! Scripts run in document order, and an external script that is not
//! `async` finishes loading before the next held script is inserted, so an
//! inline `gtag('config')` runs after its `gtag.js`.

use super::app::App;
use super::browser::document;
use crate::core::Record;
use std::rc::Weak;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlScriptElement};

/// Held scripts, not yet activated.
const HELD_SCRIPTS: &str = "script[type=\"text/plain\"][data-category]:not([data-consentry-done])";

/// Attributes that describe the holding, not the script.
const CONSENTRY_ATTRIBUTES: [&str; 4] = ["type", "data-category", "data-service", "data-type"];

/// Whether `record` grants what the element's `data-category` (and optional
/// `data-service`) names.
fn is_granted(element: &Element, record: &Record) -> bool {
    let Some(category) = element.get_attribute("data-category") else {
        return false;
    };
    match element.get_attribute("data-service") {
        Some(service) if !service.is_empty() => record.has_service(&category, &service),
        _ => record.has(&category),
    }
}

/// Activates every held script that `record` grants, in document order.
/// `_app` is the running Consentry, for controls that decide (placeholders).
pub fn activate(record: &Record, _app: &Weak<App>) {
    let Ok(doc) = document() else { return };
    let Ok(list) = doc.query_selector_all(HELD_SCRIPTS) else {
        return;
    };
    let mut queue = Vec::new();
    for i in 0..list.length() {
        if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            if is_granted(&e, record) {
                // Marked now, so a second grant while loading cannot run it twice.
                let _ = e.set_attribute("data-consentry-done", "");
                queue.push(e);
            }
        }
    }
    queue.reverse();
    run_next(queue);
}

/// Replaces the next held script with a live one; if it is an external
/// script the page expects in order, waits for it before going on.
fn run_next(mut queue: Vec<Element>) {
    while let Some(held) = queue.pop() {
        let Some(live) = live_copy(&held) else {
            continue;
        };
        let waits = !live.src().is_empty() && !held.has_attribute("async");
        if waits {
            live.set_async(false);
            let rest = std::cell::Cell::new(Some(std::mem::take(&mut queue)));
            let resume = Closure::once_into_js(move || {
                if let Some(rest) = rest.take() {
                    run_next(rest);
                }
            });
            live.set_onload(Some(resume.unchecked_ref()));
            live.set_onerror(Some(resume.unchecked_ref()));
        }
        if held.replace_with_with_node_1(&live).is_err() {
            continue;
        }
        if waits {
            return;
        }
    }
}

/// A new `<script>` carrying the held one's attributes and text.
fn live_copy(held: &Element) -> Option<HtmlScriptElement> {
    let doc = document().ok()?;
    let live: HtmlScriptElement = doc.create_element("script").ok()?.dyn_into().ok()?;
    let attributes = held.attributes();
    for i in 0..attributes.length() {
        if let Some(attr) = attributes.item(i) {
            let name = attr.name();
            if !CONSENTRY_ATTRIBUTES.contains(&name.as_str()) && name != "data-consentry-done" {
                let _ = live.set_attribute(&name, &attr.value());
            }
        }
    }
    if let Some(kind) = held.get_attribute("data-type") {
        live.set_type(&kind);
    }
    // `nonce` is hidden from getAttribute once the page has loaded; carry
    // the property so CSP-nonced scripts still run.
    if let Some(h) = held.dyn_ref::<web_sys::HtmlElement>() {
        let nonce = h.nonce();
        if !nonce.is_empty() {
            live.set_nonce(&nonce);
        }
    }
    live.set_text(&held.text_content().unwrap_or_default()).ok()?;
    Some(live)
}
