//! Browser-layer tests: the `#[wasm_bindgen]` surface compiled to wasm and
//! run in headless Chromium (`wasm-pack test --headless --chrome`) against
//! the real `document.cookie`: the cookie strings the core returns must be
//! ones a real browser stores, replaces and deletes as intended. (The
//! dialog's elements and the activation of held markup are the JS entry's,
//! tested in tests/e2e.)
#![cfg(target_arch = "wasm32")]

use consentry::api::Core;
use consentry::core::cookie::read_cookie;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"revision":2,"cookie":{"name":"cy_test"},
  "categories":{"necessary":{"required":true},"analytics":{"cookies":["cy_ga","cy_ga_*"]},
  "marketing":{"cookies":["cy_fbp"]}}}"#;

fn document() -> web_sys::HtmlDocument {
    web_sys::window().unwrap().document().unwrap().dyn_into().unwrap()
}

fn jar() -> String {
    document().cookie().unwrap()
}

/// Writes the core's `\n`-joined cookie strings, as the JS entry does.
fn write(cookies: &str) {
    for cookie in cookies.split('\n').filter(|c| !c.is_empty()) {
        document().set_cookie(cookie).unwrap();
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn random_id() -> [u8; 12] {
    let mut id = [0u8; 12];
    web_sys::window().unwrap().crypto().unwrap().get_random_values_with_u8_array(&mut id).unwrap();
    id
}

fn start(config: &str) -> Result<Core, JsValue> {
    let location = web_sys::window().unwrap().location();
    let core = Core::start(
        config,
        None,
        location.hostname().unwrap(),
        location.pathname().unwrap(),
        location.protocol().unwrap() == "https:",
        None,
        vec!["en-US".into()],
        false,
        &jar(),
        now_ms(),
        &random_id(),
    )
    .map_err(JsValue::from)?;
    let mut core = core;
    write(&core.pending());
    Ok(core)
}

fn decide(core: &mut Core, kind: &str, list: Option<Vec<String>>) {
    let writes = core.decide(kind, list, None, &jar(), now_ms(), &random_id()).map_err(JsValue::from).unwrap();
    write(&writes);
}

/// Leaves no cookie from an earlier test.
fn clean() {
    for name in ["cy_test", "cy_ga", "cy_ga_ABC", "cy_fbp", "cy_keep"] {
        let mut s = String::from(name);
        s.push_str("=; Max-Age=0; Path=/");
        document().set_cookie(&s).unwrap();
    }
}

#[wasm_bindgen_test]
fn a_first_visit_has_no_choice_and_writes_nothing() {
    clean();
    let core = start(CONFIG).unwrap();
    assert!(core.consent_json().is_none());
    assert!(!core.has_consent("analytics", None));
    assert!(core.markup(1).contains("role=\"dialog\""));
    assert!(read_cookie(&jar(), "cy_test").is_none());
}

#[wasm_bindgen_test]
fn a_choice_reaches_the_real_jar_and_a_returning_visitor_reads_it() {
    clean();
    let mut core = start(CONFIG).unwrap();
    decide(&mut core, "rejectAll", None);
    let value = read_cookie(&jar(), "cy_test").expect("cookie written").to_string();
    assert!(value.starts_with("1.2."), "{value}");
    assert!(!core.has_consent("analytics", None) && core.has_consent("necessary", None));
    let again = start(CONFIG).unwrap();
    let record = again.consent_json().expect("the stored choice");
    assert!(record.contains("\"method\":\"reject-all\""), "{record}");
    // A later decision replaces the cookie rather than adding a second one.
    decide(&mut core, "acceptAll", None);
    assert_eq!(jar().matches("cy_test=").count(), 1, "{}", jar());
    assert!(start(CONFIG).unwrap().has_consent("marketing", None));
}

#[wasm_bindgen_test]
fn withdrawing_deletes_the_categorys_cookies_from_the_real_jar() {
    clean();
    let mut core = start(CONFIG).unwrap();
    decide(&mut core, "acceptAll", None);
    for c in ["cy_ga=1", "cy_ga_ABC=2", "cy_fbp=3", "cy_keep=4"] {
        let mut s = String::from(c);
        s.push_str("; Max-Age=60; Path=/");
        document().set_cookie(&s).unwrap();
    }
    decide(&mut core, "optOut", Some(vec!["analytics".into()]));
    let jar = jar();
    assert!(read_cookie(&jar, "cy_ga").is_none() && read_cookie(&jar, "cy_ga_ABC").is_none(), "{jar}");
    assert_eq!(read_cookie(&jar, "cy_fbp"), Some("3"), "marketing is still granted");
    assert_eq!(read_cookie(&jar, "cy_keep"), Some("4"), "undeclared cookies stay");
    assert!(read_cookie(&jar, "cy_test").is_some(), "the consent cookie stays");
    assert!(!core.has_consent("analytics", None) && core.has_consent("marketing", None));
    clean();
}

#[wasm_bindgen_test]
fn reset_deletes_the_consent_cookie() {
    clean();
    let mut core = start(CONFIG).unwrap();
    decide(&mut core, "acceptAll", None);
    assert!(read_cookie(&jar(), "cy_test").is_some());
    write(&core.reset());
    assert!(read_cookie(&jar(), "cy_test").is_none(), "{}", jar());
    assert!(core.consent_json().is_none());
}

#[wasm_bindgen_test]
fn another_tabs_choice_is_taken_over_on_refresh() {
    clean();
    let mut here = start(CONFIG).unwrap();
    let mut there = start(CONFIG).unwrap();
    decide(&mut there, "acceptAll", None);
    assert!(here.refresh(&jar(), now_ms()).is_some(), "the choice changed");
    assert!(here.has_consent("analytics", None));
    assert!(here.refresh(&jar(), now_ms()).is_none(), "nothing new");
}

#[wasm_bindgen_test]
fn a_tampered_cookie_means_asking_again() {
    clean();
    document().set_cookie("cy_test=1.2.zzz.zzz.AAAAAAAAAAAAAAAA.a0.AAAAAA.H; Max-Age=60; Path=/").unwrap();
    let core = start(CONFIG).unwrap();
    assert!(core.consent_json().is_none());
    assert!(!core.has_consent("analytics", None));
    clean();
}

#[wasm_bindgen_test]
fn invalid_config_is_an_error_listing_every_problem() {
    clean();
    let error = start(r#"{"revision":"x","categories":{"9":{}}}"#).err().expect("invalid");
    let message = js_sys::Reflect::get(&error, &"message".into()).unwrap().as_string().unwrap();
    assert!(message.starts_with("Consentry: invalid config"), "{message}");
    assert!(message.contains("revision: must be a whole number"), "{message}");
    assert!(message.contains("categories.9: must start with a letter"), "{message}");
}

#[wasm_bindgen_test]
fn a_bad_decision_changes_nothing() {
    clean();
    let mut core = start(CONFIG).unwrap();
    let Err(error) = core.decide("accept", Some(vec!["nope".into()]), None, &jar(), now_ms(), &random_id()) else {
        panic!("an unknown category must be refused");
    };
    let message = js_sys::Reflect::get(&JsValue::from(error), &"message".into()).unwrap().as_string().unwrap();
    assert!(message.contains("unknown category \"nope\""), "{message}");
    assert!(core.decide("acceptAll", None, None, &jar(), now_ms(), &[1, 2, 3]).is_err(), "a short id");
    assert!(core.consent_json().is_none() && read_cookie(&jar(), "cy_test").is_none());
}
