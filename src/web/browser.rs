//! Small accessors for the browser: window, document, cookie jar, clock,
//! randomness and console, each turning a missing API into an `Error`.

use crate::core::record::ID_BYTES;
use crate::core::Error;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlDocument, Window};

pub fn window() -> Result<Window, Error> {
    web_sys::window().ok_or(Error::Browser("no window (not running in a page)"))
}

pub fn document() -> Result<Document, Error> {
    window()?.document().ok_or(Error::Browser("no document"))
}

fn html_document() -> Result<HtmlDocument, Error> {
    document()?.dyn_into::<HtmlDocument>().map_err(|_| Error::Browser("not an HTML document"))
}

/// `document.cookie`; empty when cookies are blocked (sandboxed frames throw).
pub fn read_cookies() -> String {
    html_document().and_then(|d| d.cookie().map_err(|_| Error::Browser("cookies unavailable"))).unwrap_or_default()
}

/// Assigns one `Set-Cookie`-style string to `document.cookie`.
pub fn write_cookie(cookie: &str) -> Result<(), Error> {
    html_document()?.set_cookie(cookie).map_err(|_| Error::Browser("the browser refused to store the consent cookie"))
}

/// Where the page is: `(hostname, pathname, is_https)`.
pub fn location() -> (String, String, bool) {
    match window() {
        Ok(w) => {
            let l = w.location();
            (
                l.hostname().unwrap_or_default(),
                l.pathname().unwrap_or_else(|_| "/".into()),
                l.protocol().map(|p| p == "https:").unwrap_or(false),
            )
        }
        Err(_) => (String::new(), "/".into(), false),
    }
}

/// Unix time in seconds.
pub fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Random bytes for a consent id, from `crypto.getRandomValues`.
pub fn random_id_bytes() -> Result<[u8; ID_BYTES], Error> {
    let mut bytes = [0u8; ID_BYTES];
    let crypto = window()?.crypto().map_err(|_| Error::Browser("no crypto.getRandomValues"))?;
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| Error::Browser("crypto.getRandomValues failed"))?;
    Ok(bytes)
}

/// `<html lang>` and `navigator.languages`, for the language choice.
pub fn languages() -> (Option<String>, Vec<String>) {
    let page = document().ok().and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang"));
    let browser =
        window().map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
    (page, browser)
}

/// `navigator.globalPrivacyControl === true`.
pub fn gpc_signal() -> bool {
    window()
        .ok()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("globalPrivacyControl")).ok())
        .is_some_and(|v| v == JsValue::TRUE)
}

pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
