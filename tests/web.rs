//! The `#[wasm_bindgen]` surface compiled to wasm and run in headless
//! Chromium (`wasm-pack test --headless --chrome`) against the real
//! `document.cookie`: the cookie strings the core returns must be ones a
//! real browser stores, replaces and deletes as intended, and what crosses
//! the boundary (options objects in; change objects and coded errors out)
//! must have the shape the JS shell relies on. (The dialog's elements and
//! the activation of held markup are the shell's, tested in tests/e2e.)
#![cfg(target_arch = "wasm32")]

use consentry::api::{Core, Setup};
use consentry::core::cookie::read_cookie;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"revision":2,"cookie":{"name":"cy_test"},
  "categories":{"necessary":{"required":true},"analytics":{"cookies":["cy_ga","cy_ga_*"]},
  "marketing":{"cookies":["cy_fbp"],"services":{"px":{},"ads":{}}}}}"#;

fn document() -> web_sys::HtmlDocument {
    web_sys::window().unwrap().document().unwrap().dyn_into().unwrap()
}

fn jar() -> String {
    document().cookie().unwrap()
}

/// An object with these members, as the shell builds its options objects.
fn object(members: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in members {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

fn strings(list: &[&str]) -> JsValue {
    list.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

fn page() -> JsValue {
    let location = web_sys::window().unwrap().location();
    object(&[
        ("host", location.hostname().unwrap().into()),
        ("path", location.pathname().unwrap().into()),
        ("https", (location.protocol().unwrap() == "https:").into()),
        ("lang", JsValue::UNDEFINED),
        ("languages", strings(&["en-US"])),
        ("gpc", false.into()),
    ])
}

fn moment_with(id: &[u8]) -> JsValue {
    object(&[("jar", jar().into()), ("now", js_sys::Date::now().into()), ("id", Uint8Array::from(id).into())])
}

fn moment() -> JsValue {
    let mut id = [0u8; 12];
    web_sys::window().unwrap().crypto().unwrap().get_random_values_with_u8_array(&mut id).unwrap();
    moment_with(&id)
}

/// Writes a change's cookie strings, as the shell does; returns the change.
fn apply(change: JsValue) -> JsValue {
    for cookie in Array::from(&get(&change, "cookies")).iter() {
        document().set_cookie(&cookie.as_string().unwrap()).unwrap();
    }
    change
}

fn start(config: &str) -> Result<Core, JsValue> {
    let setup = Setup::read(config, page().unchecked_into())?;
    let mut core = setup.start(None);
    apply(core.load(moment().unchecked_into())?);
    Ok(core)
}

fn decide(core: &mut Core, decision: JsValue) -> Result<JsValue, JsValue> {
    core.decide(decision.unchecked_into(), moment().unchecked_into()).map(apply)
}

fn kind(kind: &str) -> JsValue {
    object(&[("kind", kind.into())])
}

/// `code` and `message` of a thrown error.
fn code_and_message(error: &JsValue) -> (String, String) {
    (get(error, "code").as_string().unwrap(), get(error, "message").as_string().unwrap())
}

/// Leaves no cookie from an earlier test.
fn clean() {
    for name in ["cy_test", "cy_ga", "cy_ga_ABC", "cy_fbp", "cy_keep"] {
        document().set_cookie(&[name, "=; Max-Age=0; Path=/"].concat()).unwrap();
    }
}

#[wasm_bindgen_test]
fn a_first_visit_has_no_choice_and_writes_nothing() {
    clean();
    let setup = Setup::read(CONFIG, page().unchecked_into()).unwrap();
    let settings = setup.settings();
    assert_eq!(get(&settings, "language").as_string().as_deref(), Some("en"));
    let categories: Vec<String> =
        Array::from(&get(&settings, "categories")).iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(categories, ["necessary", "analytics", "marketing"]);
    let mut core = setup.start(None);
    let change = core.load(moment().unchecked_into()).unwrap();
    assert!(get(&change, "record").is_null());
    assert_eq!(Array::from(&get(&change, "cookies")).length(), 0);
    assert!(!core.has_consent("analytics", None));
    let dialog = core.dialog();
    assert_eq!(get(&dialog, "lang").as_string().as_deref(), Some("en"));
    let categories = Array::from(&get(&dialog, "categories"));
    assert_eq!(get(&categories.get(1), "key").as_string().as_deref(), Some("analytics"));
    assert_eq!(Array::from(&get(&categories.get(2), "services")).length(), 2);
    assert!(get(&dialog, "first").as_string().is_some_and(|text| text.contains("measure visits")));
    assert!(read_cookie(&jar(), "cy_test").is_none());
}

#[wasm_bindgen_test]
fn a_choice_reaches_the_real_jar_and_a_returning_visitor_reads_it() {
    clean();
    let mut core = start(CONFIG).unwrap();
    let change = decide(&mut core, kind("rejectAll")).unwrap();
    let record = get(&change, "record");
    assert_eq!(get(&record, "method").as_string().as_deref(), Some("reject-all"));
    assert_eq!(get(&get(&record, "categories"), "analytics").as_bool(), Some(false));
    assert_eq!(get(&get(&get(&record, "services"), "marketing"), "px").as_bool(), Some(false));
    let value = read_cookie(&jar(), "cy_test").expect("cookie written").to_string();
    assert!(value.starts_with("1.2."), "{value}");
    assert!(!core.has_consent("analytics", None) && core.has_consent("necessary", None));

    let setup = Setup::read(CONFIG, page().unchecked_into()).unwrap();
    let mut again = setup.start(None);
    let stored = get(&again.load(moment().unchecked_into()).unwrap(), "record");
    assert_eq!(get(&stored, "method").as_string().as_deref(), Some("reject-all"));
    // A later decision replaces the cookie rather than adding a second one.
    decide(&mut core, kind("acceptAll")).unwrap();
    assert_eq!(jar().matches("cy_test=").count(), 1, "{}", jar());
    assert!(start(CONFIG).unwrap().has_consent("marketing", None));
}

#[wasm_bindgen_test]
fn the_preferences_switches_cross_as_category_service_pairs() {
    clean();
    let mut core = start(CONFIG).unwrap();
    let pick = object(&[("category", "marketing".into()), ("service", "px".into())]);
    let decision = object(&[
        ("kind", "custom".into()),
        ("categories", strings(&["marketing"])),
        ("services", [pick].into_iter().collect::<Array>().into()),
    ]);
    decide(&mut core, decision).unwrap();
    assert!(core.has_consent("marketing", Some("px".into())) && !core.has_consent("marketing", Some("ads".into())));
    let unknown = object(&[("category", "marketing".into()), ("service", "tt".into())]);
    let decision = object(&[
        ("kind", "custom".into()),
        ("categories", strings(&["marketing"])),
        ("services", [unknown].into_iter().collect::<Array>().into()),
    ]);
    let (code, message) = code_and_message(&decide(&mut core, decision).unwrap_err());
    assert_eq!(code, "unknown-service");
    assert!(message.contains("unknown service \"tt\" in category \"marketing\""), "{message}");
    clean();
}

#[wasm_bindgen_test]
fn withdrawing_deletes_the_categorys_cookies_from_the_real_jar() {
    clean();
    let mut core = start(CONFIG).unwrap();
    decide(&mut core, kind("acceptAll")).unwrap();
    for c in ["cy_ga=1", "cy_ga_ABC=2", "cy_fbp=3", "cy_keep=4"] {
        document().set_cookie(&[c, "; Max-Age=60; Path=/"].concat()).unwrap();
    }
    decide(&mut core, object(&[("kind", "optOut".into()), ("categories", strings(&["analytics"]))])).unwrap();
    let jar = jar();
    assert!(read_cookie(&jar, "cy_ga").is_none() && read_cookie(&jar, "cy_ga_ABC").is_none(), "{jar}");
    assert_eq!(read_cookie(&jar, "cy_fbp"), Some("3"), "marketing is still granted");
    assert_eq!(read_cookie(&jar, "cy_keep"), Some("4"), "undeclared cookies stay");
    assert!(read_cookie(&jar, "cy_test").is_some(), "the consent cookie stays");
    assert!(!core.has_consent("analytics", None) && core.has_consent("marketing", None));
    clean();
}

#[wasm_bindgen_test]
fn storage_the_choice_withdraws_is_named_by_area() {
    clean();
    let config = r#"{"cookie":{"name":"cy_test"},"categories":{"necessary":{"required":true},
        "analytics":{"localStorage":["_hj*"],"sessionStorage":["mp_*"],"indexedDB":["fb-*"]}}}"#;
    let setup = Setup::read(config, page().unchecked_into()).unwrap();
    assert_eq!(get(&setup.settings(), "storage"), JsValue::TRUE);
    let plain = Setup::read(CONFIG, page().unchecked_into()).unwrap();
    assert_eq!(get(&plain.settings(), "storage"), JsValue::FALSE);
    let mut core = setup.start(None);
    apply(core.load(moment().unchecked_into()).unwrap());
    assert!(!core.withdraws(1, "_hjid"), "nothing is withdrawn before a choice");
    decide(&mut core, kind("rejectAll")).unwrap();
    assert!(core.withdraws(1, "_hjid") && core.withdraws(2, "mp_x") && core.withdraws(3, "fb-heartbeat"));
    assert!(!core.withdraws(2, "_hjid") && !core.withdraws(1, "theme") && !core.withdraws(0, "_hjid"));
    assert!(!core.withdraws(9, "_hjid"), "an unknown area withdraws nothing");
    decide(&mut core, kind("acceptAll")).unwrap();
    assert!(!core.withdraws(1, "_hjid"));
    clean();
}

#[wasm_bindgen_test]
fn reset_deletes_the_consent_cookie() {
    clean();
    let mut core = start(CONFIG).unwrap();
    decide(&mut core, kind("acceptAll")).unwrap();
    assert!(read_cookie(&jar(), "cy_test").is_some());
    let change = apply(core.reset());
    assert!(get(&change, "record").is_null());
    assert!(read_cookie(&jar(), "cy_test").is_none(), "{}", jar());
}

#[wasm_bindgen_test]
fn another_tabs_choice_is_taken_over_on_refresh() {
    clean();
    let mut here = start(CONFIG).unwrap();
    let mut there = start(CONFIG).unwrap();
    decide(&mut there, kind("acceptAll")).unwrap();
    let change = here.refresh(moment().unchecked_into()).unwrap().expect("the choice changed");
    assert_eq!(get(&get(&change, "record"), "method").as_string().as_deref(), Some("accept-all"));
    assert!(here.has_consent("analytics", None));
    assert!(here.refresh(moment().unchecked_into()).unwrap().is_none(), "nothing new");
}

#[wasm_bindgen_test]
fn a_tampered_cookie_means_asking_again() {
    clean();
    document().set_cookie("cy_test=1.2.zzz.zzz.AAAAAAAAAAAAAAAA.a0.AAAAAA.H; Max-Age=60; Path=/").unwrap();
    let core = start(CONFIG).unwrap();
    assert!(!core.has_consent("analytics", None));
    clean();
}

#[wasm_bindgen_test]
fn invalid_config_is_a_coded_error_listing_every_problem() {
    clean();
    let error =
        Setup::read(r#"{"revision":"x","categories":{"9":{}}}"#, page().unchecked_into()).err().expect("invalid");
    let (code, message) = code_and_message(&error);
    assert_eq!(code, "config-invalid");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert!(message.starts_with("Consentry: invalid config"), "{message}");
    assert!(message.contains("revision: must be a whole number"), "{message}");
    assert!(message.contains("categories.9: must start with a letter"), "{message}");
}

#[wasm_bindgen_test]
fn a_bad_decision_changes_nothing() {
    clean();
    let mut core = start(CONFIG).unwrap();
    let error =
        decide(&mut core, object(&[("kind", "accept".into()), ("categories", strings(&["nope"]))])).unwrap_err();
    let (code, message) = code_and_message(&error);
    assert_eq!(code, "unknown-category");
    assert!(message.contains("unknown category \"nope\""), "{message}");
    let short_id = core.decide(kind("acceptAll").unchecked_into(), moment_with(&[1, 2, 3]).unchecked_into());
    assert_eq!(code_and_message(&short_id.unwrap_err()).0, "bad-argument", "a short id");
    assert_eq!(code_and_message(&decide(&mut core, kind("acceptSome")).unwrap_err()).0, "bad-argument");
    assert_eq!(code_and_message(&decide(&mut core, kind("accept")).unwrap_err()).0, "bad-argument", "no list");
    assert!(!core.has_consent("necessary", None) && read_cookie(&jar(), "cy_test").is_none());
}
