//! The one `#[wasm_bindgen]` surface. `pkg/consentry.js` (from `js/`) wraps
//! it into the public API object; errors become `JsError`s whose message
//! starts with "Consentry:".

use crate::core::view::Layer;
use crate::core::{Decision, Error};
use crate::web::app::App;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The JS entry logs a failed start once; everything else throws to the caller.
fn js_error(e: Error) -> JsError {
    JsError::new(&e.message())
}

/// A started Consentry.
#[wasm_bindgen]
pub struct Core {
    app: Rc<App>,
}

#[wasm_bindgen]
impl Core {
    /// Starts with a JSON config text, or, when `None`, with the page's
    /// `#consentry-config` tag.
    pub fn start(config_json: Option<String>) -> Result<Core, JsError> {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
        let app = match config_json {
            Some(text) => App::start(&text),
            None => App::start_from_page(),
        }
        .map_err(js_error)?;
        Ok(Core { app })
    }

    #[wasm_bindgen(js_name = hasConsent)]
    pub fn has_consent(&self, category: &str, service: Option<String>) -> bool {
        self.app.has_consent(category, service.as_deref())
    }

    /// The record as a JSON text, or `undefined` before any choice.
    #[wasm_bindgen(js_name = consentJson)]
    pub fn consent_json(&self) -> Option<String> {
        self.app.consent_json()
    }

    #[wasm_bindgen(js_name = acceptAll)]
    pub fn accept_all(&self) -> Result<(), JsError> {
        App::decide(&self.app, &Decision::AcceptAll).map_err(js_error)
    }

    #[wasm_bindgen(js_name = rejectAll)]
    pub fn reject_all(&self) -> Result<(), JsError> {
        App::decide(&self.app, &Decision::RejectAll).map_err(js_error)
    }

    /// Grants exactly `categories` (plus the required ones), denies the rest.
    pub fn accept(&self, categories: Vec<String>) -> Result<(), JsError> {
        App::decide(&self.app, &Decision::Accept(categories)).map_err(js_error)
    }

    /// Grants `categories` in addition to what is granted already.
    pub fn allow(&self, categories: Vec<String>) -> Result<(), JsError> {
        App::decide(&self.app, &Decision::Allow(categories)).map_err(js_error)
    }

    /// Withdraws `categories`, or every optional one when `None`.
    #[wasm_bindgen(js_name = optOut)]
    pub fn opt_out(&self, categories: Option<Vec<String>>) -> Result<(), JsError> {
        App::decide(&self.app, &Decision::OptOut(categories)).map_err(js_error)
    }

    /// Opens the first layer.
    pub fn show(&self) -> Result<(), JsError> {
        App::show(&self.app, Layer::First, None).map_err(js_error)
    }

    /// Opens the preferences layer, switches showing the stored choice.
    #[wasm_bindgen(js_name = showPreferences)]
    pub fn show_preferences(&self) -> Result<(), JsError> {
        App::show(&self.app, Layer::Preferences, None).map_err(js_error)
    }

    pub fn hide(&self) {
        self.app.hide();
    }
}
