//! Browser-layer tests: real `document.cookie`, DOM and Shadow DOM in
//! headless Chromium (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use consentry::core::cookie::read_cookie;
use consentry::web::app::App;
use consentry::web::browser;
use consentry::web::dialog::HOST_ID;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"revision":2,"cookie":{"name":"cy_test"},
  "categories":{"necessary":{"required":true},"analytics":{},"marketing":{}}}"#;

fn doc() -> web_sys::Document {
    browser::document().unwrap()
}

/// Leaves no cookie, dialog or held script from an earlier test.
fn clean() {
    browser::write_cookie("cy_test=; Max-Age=0; Path=/").unwrap();
    if let Some(host) = doc().get_element_by_id(HOST_ID) {
        host.remove();
    }
    let held = doc().query_selector_all("script[data-category]").unwrap();
    for i in 0..held.length() {
        held.item(i).unwrap().dyn_into::<Element>().unwrap().remove();
    }
    js_sys::Reflect::delete_property(&js_sys::global(), &"cyRan".into()).unwrap();
}

/// Whether a dialog layer is open (the host stays after closing, for the
/// status region).
fn dialog_open() -> bool {
    doc()
        .get_element_by_id(HOST_ID)
        .and_then(|h| h.shadow_root())
        .and_then(|r| r.query_selector("[role=dialog]").ok().flatten())
        .is_some()
}

fn dialog_button(label: &str) -> HtmlElement {
    let root = doc().get_element_by_id(HOST_ID).expect("dialog host").shadow_root().expect("open shadow root");
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().dyn_into::<HtmlElement>().unwrap())
        .find(|b| b.text_content().as_deref() == Some(label))
        .expect(label)
}

fn held_script(category: &str, code: &str) {
    let s = doc().create_element("script").unwrap();
    s.set_attribute("type", "text/plain").unwrap();
    s.set_attribute("data-category", category).unwrap();
    s.set_text_content(Some(code));
    doc().body().unwrap().append_child(&s).unwrap();
}

fn ran() -> Vec<String> {
    let v = js_sys::Reflect::get(&js_sys::global(), &"cyRan".into()).unwrap();
    if v.is_undefined() {
        return vec![];
    }
    js_sys::Array::from(&v).iter().filter_map(|x| x.as_string()).collect()
}

#[wasm_bindgen_test]
fn cookie_strings_reach_the_real_cookie_jar() {
    clean();
    browser::write_cookie("cy_test=abc; Max-Age=60; Path=/; SameSite=Lax").unwrap();
    assert_eq!(read_cookie(&browser::read_cookies(), "cy_test"), Some("abc"));
    browser::write_cookie("cy_test=; Max-Age=0; Path=/").unwrap();
    assert_eq!(read_cookie(&browser::read_cookies(), "cy_test"), None);
}

#[wasm_bindgen_test]
fn first_visit_shows_an_accessible_dialog_in_shadow_dom() {
    clean();
    let app = App::start(CONFIG).unwrap();
    let host = doc().get_element_by_id(HOST_ID).expect("dialog shown");
    let root = host.shadow_root().expect("open shadow root");
    let dialog = root.query_selector("[role=dialog]").unwrap().expect("role=dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = root.get_element_by_id(&title_id).expect("labelled by a title");
    assert!(!title.text_content().unwrap().is_empty());
    // Focus is inside the dialog, on the title, not on "Accept all".
    assert_eq!(root.active_element().map(|e| e.id()), Some(title_id));
    assert!(!app.has_consent("analytics", None));
    app.hide();
    assert!(!dialog_open(), "hide removes the dialog");
    assert!(read_cookie(&browser::read_cookies(), "cy_test").is_none(), "closing grants nothing");
}

#[wasm_bindgen_test]
fn reject_writes_the_cookie_and_holds_scripts() {
    clean();
    held_script("analytics", "(window.cyRan = window.cyRan || []).push('analytics')");
    let app = App::start(CONFIG).unwrap();
    dialog_button("Reject all").click();
    assert!(!dialog_open(), "dialog closed");
    let status = doc().get_element_by_id(HOST_ID).unwrap().shadow_root().unwrap().get_element_by_id("st").unwrap();
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(status.text_content().as_deref(), Some("Your choices have been saved."));
    let status = doc().get_element_by_id(HOST_ID).unwrap().shadow_root().unwrap().get_element_by_id("st").unwrap();
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(status.text_content().as_deref(), Some("Your choices have been saved."));
    let value = read_cookie(&browser::read_cookies(), "cy_test").expect("cookie written").to_string();
    assert!(value.starts_with("1.2."), "{value}");
    assert!(!app.has_consent("analytics", None));
    assert!(app.has_consent("necessary", None));
    assert!(ran().is_empty());
    // A returning visitor: no dialog, choice read back from the cookie.
    let again = App::start(CONFIG).unwrap();
    assert!(!dialog_open(), "no dialog for a valid choice");
    assert!(!again.has_consent("analytics", None) && again.has_consent("necessary", None));
}

#[wasm_bindgen_test]
fn accept_activates_granted_scripts_once_in_order() {
    clean();
    held_script("analytics", "(window.cyRan = window.cyRan || []).push('a1')");
    held_script("marketing", "(window.cyRan = window.cyRan || []).push('m')");
    held_script("analytics", "(window.cyRan = window.cyRan || []).push('a2')");
    let app = App::start(CONFIG).unwrap();
    dialog_button("Accept all").click();
    assert_eq!(ran(), ["a1", "m", "a2"]);
    assert!(app.has_consent("marketing", None));
    // A second grant must not run anything again.
    App::decide(&app, &consentry::core::Decision::AcceptAll).unwrap();
    assert_eq!(ran(), ["a1", "m", "a2"]);
    let record = app.consent_json().unwrap();
    assert!(record.contains("\"method\":\"accept-all\""), "{record}");
}

#[wasm_bindgen_test]
fn invalid_config_is_an_error_listing_every_problem() {
    clean();
    let e = App::start(r#"{"revision":"x","categories":{"9":{}}}"#).err().expect("invalid");
    let message = e.message();
    assert!(message.contains("revision: must be a whole number"), "{message}");
    assert!(message.contains("categories.9: must start with a letter"), "{message}");
    assert!(!dialog_open(), "no dialog for an invalid config");
}

#[wasm_bindgen_test]
fn withdrawing_deletes_the_categorys_cookies() {
    clean();
    let config = r#"{"cookie":{"name":"cy_test"},"categories":{"necessary":{"required":true},
      "analytics":{"cookies":["cy_ga","cy_ga_*"]},"marketing":{"cookies":["cy_fbp"]}}}"#;
    let app = App::start(config).unwrap();
    App::decide(&app, &consentry::core::Decision::AcceptAll).unwrap();
    for c in ["cy_ga=1", "cy_ga_ABC=2", "cy_fbp=3", "cy_keep=4"] {
        let mut s = String::from(c);
        s.push_str("; Max-Age=60; Path=/");
        browser::write_cookie(&s).unwrap();
    }
    App::decide(&app, &consentry::core::Decision::OptOut(Some(vec!["analytics".into()]))).unwrap();
    let jar = browser::read_cookies();
    assert!(read_cookie(&jar, "cy_ga").is_none() && read_cookie(&jar, "cy_ga_ABC").is_none(), "{jar}");
    assert_eq!(read_cookie(&jar, "cy_fbp"), Some("3"), "marketing is still granted");
    assert_eq!(read_cookie(&jar, "cy_keep"), Some("4"), "undeclared cookies stay");
    assert!(read_cookie(&jar, "cy_test").is_some(), "the consent cookie stays");
    assert!(!app.has_consent("analytics", None) && app.has_consent("marketing", None));
    browser::write_cookie("cy_keep=; Max-Age=0; Path=/").unwrap();
    browser::write_cookie("cy_fbp=; Max-Age=0; Path=/").unwrap();
}

#[wasm_bindgen_test]
fn a_tampered_cookie_means_asking_again() {
    clean();
    browser::write_cookie("cy_test=1.2.zzz.zzz.AAAAAAAAAAAAAAAA.a0.AAAAAA.H; Max-Age=60; Path=/").unwrap();
    let app = App::start(CONFIG).unwrap();
    assert!(dialog_open(), "dialog shown again");
    assert!(!app.has_consent("analytics", None));
    app.hide();
}

// ---------- blocking: markup activation and placeholders ----------

/// Removes held markup and placeholders left by an earlier test.
fn clean_markup() {
    clean();
    let left = doc().query_selector_all("[data-category],[data-consentry-placeholder],[data-src]").unwrap();
    for i in 0..left.length() {
        left.item(i).unwrap().dyn_into::<Element>().unwrap().remove();
    }
}

/// Appends `<tag>` with `attributes` to the body.
fn held(tag: &str, attributes: &[(&str, &str)]) -> Element {
    let e = doc().create_element(tag).unwrap();
    for (name, value) in attributes {
        e.set_attribute(name, value).unwrap();
    }
    doc().body().unwrap().append_child(&e).unwrap();
    e
}

const PIXEL: &str = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

/// The shadow root of `e`'s placeholder, if it has one.
fn placeholder_of(e: &Element) -> Option<web_sys::ShadowRoot> {
    let host = e.previous_element_sibling()?;
    if !host.has_attribute("data-consentry-placeholder") {
        return None;
    }
    host.shadow_root()
}

fn button_in(root: &web_sys::ShadowRoot, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().dyn_into::<HtmlElement>().unwrap())
        .find(|b| b.text_content().as_deref() == Some(label))
        .expect(label)
}

/// Lets the MutationObserver's microtask run.
async fn next_tick() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::UNDEFINED);
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn img_and_iframe_get_their_urls_when_granted() {
    clean_markup();
    let img = held("img", &[("data-category", "marketing"), ("data-src", PIXEL)]);
    let frame = held(
        "iframe",
        &[("data-category", "analytics"), ("data-src", "about:blank"), ("width", "320"), ("height", "180")],
    );
    let app = App::start(CONFIG).unwrap();
    assert!(img.get_attribute("src").is_none() && frame.get_attribute("src").is_none());
    assert!(placeholder_of(&frame).is_some(), "a held iframe has a placeholder");
    let host = frame.previous_element_sibling().unwrap();
    let style = host.get_attribute("style").unwrap_or_default();
    assert!(style.contains("width: 320px") && style.contains("height: 180px"), "{style}");
    App::decide(&app, &consentry::core::Decision::Accept(vec!["analytics".into()])).unwrap();
    assert_eq!(frame.get_attribute("src").as_deref(), Some("about:blank"));
    assert!(placeholder_of(&frame).is_none(), "placeholder removed");
    assert!(frame.has_attribute("data-consentry-done"));
    let shown = frame.dyn_ref::<HtmlElement>().unwrap().style();
    assert_eq!(shown.get_property_value("display").unwrap(), "");
    assert!(img.get_attribute("src").is_none(), "marketing is still denied");
    App::decide(&app, &consentry::core::Decision::AcceptAll).unwrap();
    assert_eq!(img.get_attribute("src").as_deref(), Some(PIXEL));
    clean_markup();
}

#[wasm_bindgen_test]
fn a_negated_category_runs_only_after_a_choice_that_denies_it() {
    clean_markup();
    held_script("!marketing", "(window.cyRan = window.cyRan || []).push('fallback')");
    held_script("marketing", "(window.cyRan = window.cyRan || []).push('ads')");
    let app = App::start(CONFIG).unwrap();
    assert!(ran().is_empty(), "no choice yet: nothing runs");
    App::decide(&app, &consentry::core::Decision::RejectAll).unwrap();
    assert_eq!(ran(), ["fallback"]);
    App::decide(&app, &consentry::core::Decision::AcceptAll).unwrap();
    assert_eq!(ran(), ["fallback", "ads"], "the fallback does not run twice");
    clean_markup();
    // Granted from the start: the fallback never runs.
    held_script("!marketing", "(window.cyRan = window.cyRan || []).push('fallback')");
    App::start(CONFIG).unwrap();
    assert!(ran().is_empty());
    clean_markup();
}

#[wasm_bindgen_test]
fn placeholder_names_the_service_and_offers_load_once_and_always_allow() {
    clean_markup();
    let config = r#"{"cookie":{"name":"cy_test"},"categories":{"necessary":{"required":true},
      "embeds":{"services":{"video":{"title":"Video <b>host</b>"}}}}}"#;
    let first = held(
        "iframe",
        &[("data-category", "embeds"), ("data-src", "https://www.youtube-nocookie.com/embed/x"), ("title", "one")],
    );
    let second = held(
        "iframe",
        &[("data-category", "embeds"), ("data-service", "video"), ("data-src", "about:blank"), ("title", "two")],
    );
    let div = held("div", &[("data-category", "embeds"), ("data-placeholder", "")]);
    let app = App::start(config).unwrap();
    app.hide();
    let root = placeholder_of(&first).expect("placeholder");
    let text = root.query_selector("p").unwrap().unwrap().text_content().unwrap();
    assert_eq!(text, "This content from youtube-nocookie.com is blocked until you allow External media.");
    let root2 = placeholder_of(&second).expect("placeholder");
    let text2 = root2.query_selector("p").unwrap().unwrap().text_content().unwrap();
    assert!(text2.contains("Video <b>host</b>"), "config text as text: {text2}");
    assert!(root2.query_selector("b").unwrap().is_none());
    assert!(placeholder_of(&div).is_some(), "data-placeholder on any element");

    // Load once: only this element, nothing recorded. (Its data-src stays
    // unloaded here: the test changes it to a local URL first.)
    first.set_attribute("data-src", "about:blank").unwrap();
    button_in(&root, "Load once").click();
    assert_eq!(first.get_attribute("src").as_deref(), Some("about:blank"));
    assert!(placeholder_of(&first).is_none());
    assert!(second.get_attribute("src").is_none());
    assert!(!app.has_consent("embeds", None));
    assert!(read_cookie(&browser::read_cookies(), "cy_test").is_none());

    // Always allow: a decision for the category.
    button_in(&root2, "Always allow External media").click();
    assert!(app.has_consent("embeds", None));
    assert_eq!(second.get_attribute("src").as_deref(), Some("about:blank"));
    assert!(placeholder_of(&second).is_none() && placeholder_of(&div).is_none());
    clean_markup();
}

#[wasm_bindgen_test]
async fn elements_added_later_are_held_and_activated() {
    clean_markup();
    let app = App::start(CONFIG).unwrap();
    App::decide(&app, &consentry::core::Decision::Accept(vec!["analytics".into()])).unwrap();
    let granted = held("img", &[("data-category", "analytics"), ("data-src", PIXEL)]);
    let denied = held("iframe", &[("data-category", "marketing"), ("data-src", "about:blank")]);
    // A tracker iframe without data-category: the tracker table names it.
    let known = held("iframe", &[("data-src", "https://www.youtube.com/embed/x")]);
    next_tick().await;
    assert_eq!(granted.get_attribute("src").as_deref(), Some(PIXEL));
    assert!(denied.get_attribute("src").is_none() && placeholder_of(&denied).is_some());
    assert!(known.get_attribute("src").is_none());
    clean_markup();
}
