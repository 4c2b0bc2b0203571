//! The TCF module's `#[wasm_bindgen]` surface (`pkg/consentry_tcf_bg.wasm`,
//! built with `--features module-tcf`): the TC-string codec and the GVL
//! checks. Models cross as JSON texts (`core::tcf::json`); errors as
//! `JsError`s whose message is `code: sentence` (the JS side of
//! `pkg/consentry-tcf.js` turns that into `err.code`).

use crate::core::iab::Error;
use crate::core::tcf::gvl::Gvl;
use crate::core::tcf::{self, json};
use wasm_bindgen::prelude::*;

fn js_error(e: Error) -> JsError {
    JsError::new(&e.message())
}

/// A model (JSON) to a TC string.
#[wasm_bindgen]
pub fn encode(model_json: &str) -> Result<String, JsError> {
    let model = json::model_from_json(model_json).map_err(js_error)?;
    tcf::encode(&model).map_err(js_error)
}

/// A TC string to its model (JSON).
#[wasm_bindgen]
pub fn decode(tc_string: &str) -> Result<String, JsError> {
    tcf::decode(tc_string).map(|m| json::model_to_json(&m)).map_err(js_error)
}

/// A site's vendor list (the `consentry gvl` output), read once.
#[wasm_bindgen]
pub struct VendorList {
    gvl: Gvl,
}

#[wasm_bindgen]
impl VendorList {
    #[wasm_bindgen(constructor)]
    pub fn new(gvl_json: &str) -> Result<VendorList, JsError> {
        Gvl::parse(gvl_json).map(|gvl| VendorList { gvl }).map_err(js_error)
    }

    #[wasm_bindgen(getter, js_name = vendorListVersion)]
    pub fn vendor_list_version(&self) -> u16 {
        self.gvl.vendor_list_version
    }

    #[wasm_bindgen(getter, js_name = tcfPolicyVersion)]
    pub fn tcf_policy_version(&self) -> u8 {
        self.gvl.tcf_policy_version
    }

    /// Throws for a configured vendor id the list lacks or has deleted.
    #[wasm_bindgen(js_name = checkVendors)]
    pub fn check_vendors(&self, ids: &[u16]) -> Result<(), JsError> {
        self.gvl.check_vendors(ids).map_err(js_error)
    }

    /// Throws when a stored TC string cannot stand with this list (it does
    /// not decode, was made with a newer list, or grants to a vendor the
    /// list lacks or has deleted): the visitor is asked again.
    #[wasm_bindgen(js_name = checkString)]
    pub fn check_string(&self, tc_string: &str) -> Result<(), JsError> {
        let model = tcf::decode(tc_string).map_err(js_error)?;
        self.gvl.check_model(&model).map_err(js_error)
    }
}
