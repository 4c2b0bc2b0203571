//! Errors crossing to JS: a JS `Error` with the core's message and a stable
//! `code` (`config-invalid`, `unknown-category`, `unknown-service`,
//! `bad-argument`), made by `js/core-error.js`.

use crate::core::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/core-error.js")]
extern "C" {
    #[wasm_bindgen(js_name = coreError)]
    fn core_error(code: &str, message: &str) -> JsValue;
}

pub fn to_js(error: Error) -> JsValue {
    core_error(error.code(), &error.message())
}

/// An argument the boundary cannot use; `what` says what it should be.
pub fn bad_argument(what: &'static str) -> JsValue {
    to_js(Error::BadArgument(what))
}
