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
