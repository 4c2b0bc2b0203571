//! The GPP module's `#[wasm_bindgen]` surface (`pkg/consentry_gpp_bg.wasm`,
//! built with `--features module-gpp`): the GPP-string codec. Models cross
//! as JSON texts (`core::gpp::json`); errors as `JsError`s whose message is
//! `code: sentence`.

use crate::core::gpp::{self, json};
use crate::core::iab::Error;
use wasm_bindgen::prelude::*;

fn js_error(e: Error) -> JsError {
    JsError::new(&e.message())
}

/// A model (JSON) to a GPP string.
#[wasm_bindgen]
pub fn encode(model_json: &str) -> Result<String, JsError> {
    let model = json::model_from_json(model_json).map_err(js_error)?;
    gpp::encode(&model).map_err(js_error)
}

/// A GPP string to its model (JSON).
#[wasm_bindgen]
pub fn decode(gpp_string: &str) -> Result<String, JsError> {
    gpp::decode(gpp_string).map(|m| json::model_to_json(&m)).map_err(js_error)
}
