//! The TCF module's `#[wasm_bindgen]` surface (`pkg/consentry_tcf_bg.wasm`,
//! built with `--features module-tcf`): the TC-string codec and the GVL
//! checks, and a TCF site's own config section ([`TcfSite`]). Models cross as JSON texts (`core::tcf::json`); errors as
//! `JsError`s whose message is `code: sentence` (the JS side of
//! `pkg/consentry-tcf.js` turns that into `err.code`).

use crate::core::config::{read_tcf_site, CookieOptions, TcfConfig};
use crate::core::cookie::{deletion_strings, set_cookie_string};
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

/// A TCF site on a page: its `tcf` section and cookie options, read from
/// the config text (the page core only notes that the section is there).
#[wasm_bindgen]
pub struct TcfSite {
    tcf: TcfConfig,
    cookie: CookieOptions,
    host: String,
    path: String,
    https: bool,
}

#[wasm_bindgen]
impl TcfSite {
    /// Reads `config` for the page at `host`, `path` (https or not). Throws
    /// an `Error` whose message is `config-invalid: ` and every problem,
    /// one per line.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, host: String, path: String, https: bool) -> Result<TcfSite, JsError> {
        let (tcf, cookie) = read_tcf_site(config).map_err(|problems| {
            let mut message = String::from("config-invalid: ");
            for (i, p) in problems.iter().enumerate() {
                if i > 0 {
                    message.push('\n');
                }
                message.push_str(&p.line());
            }
            JsError::new(&message)
        })?;
        Ok(TcfSite { tcf, cookie, host, path, https })
    }

    #[wasm_bindgen(getter, js_name = cmpId)]
    pub fn cmp_id(&self) -> u16 {
        self.tcf.cmp_id
    }

    #[wasm_bindgen(getter, js_name = cmpVersion)]
    pub fn cmp_version(&self) -> u16 {
        self.tcf.cmp_version
    }

    #[wasm_bindgen(getter)]
    pub fn gvl(&self) -> String {
        self.tcf.gvl.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn vendors(&self) -> Vec<u32> {
        self.tcf.vendors.clone()
    }

    #[wasm_bindgen(getter, js_name = publisherCountryCode)]
    pub fn publisher_country_code(&self) -> String {
        self.tcf.publisher_country_code.clone()
    }

    #[wasm_bindgen(getter, js_name = googleAdditionalConsent)]
    pub fn google_additional_consent(&self) -> Vec<u32> {
        self.tcf.google_additional_consent.clone()
    }

    #[wasm_bindgen(getter, js_name = purposeOneTreatment)]
    pub fn purpose_one_treatment(&self) -> bool {
        self.tcf.purpose_one_treatment
    }

    #[wasm_bindgen(getter, js_name = enableAdvertiserConsentMode)]
    pub fn enable_advertiser_consent_mode(&self) -> bool {
        self.tcf.enable_advertiser_consent_mode
    }

    /// The strings that store `value` in first-party cookie `name` with the
    /// consent cookie's options (`euconsent-v2`), or delete it (`undefined`).
    pub fn cookie(&self, name: &str, value: Option<String>, now: f64) -> Vec<String> {
        match value {
            Some(value) => {
                let options = CookieOptions { name: name.into(), ..self.cookie.clone() };
                vec![set_cookie_string(&options, &value, (now / 1000.0) as u64, &self.host, self.https)]
            }
            None => deletion_strings(name, &self.host, &self.path),
        }
    }
}
