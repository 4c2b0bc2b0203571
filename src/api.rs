//! The one `#[wasm_bindgen]` surface. `pkg/consentry.js` (from `js/`) wraps
//! it into the public API object; errors become `JsError`s whose message
//! starts with "Consentry:".

use crate::core::view::Layer;
use crate::core::{Decision, Error};
use crate::web::app::{App, EventSink};
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
    /// `on_event(name, detail)` hears `change` (detail: the record as JSON
    /// text, or null), `show` (`first` / `preferences`) and `hide`.
    /// The language the dialog will speak for this config on this page (empty
    /// for an invalid config): the entry fetches its texts before `start`.
    #[wasm_bindgen(js_name = pickLanguage)]
    pub fn pick_language(config_json: &str) -> String {
        App::language_for(config_json).unwrap_or_default()
    }

    /// `language_texts`: the JSON texts of that language when it is not
    /// English (English is compiled in and used when this is `None`).
    pub fn start(
        config_json: &str,
        on_event: Option<js_sys::Function>,
        language_texts: Option<String>,
    ) -> Result<Core, JsError> {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
        let events: Option<EventSink> = on_event.map(|f| -> EventSink {
            Box::new(move |name: &str, detail: JsValue| {
                // A throwing handler is the page's problem, not a reason to stop.
                let _ = f.call2(&JsValue::NULL, &JsValue::from_str(name), &detail);
            })
        });
        let app = App::start_with_events(config_json, events, language_texts).map_err(js_error)?;
        Ok(Core { app })
    }

    /// Forgets the stored choice and asks again.
    pub fn reset(&self) -> Result<(), JsError> {
        App::reset(&self.app).map_err(js_error)
    }

    /// Applies a choice another tab stored in the cookie.
    pub fn refresh(&self) {
        App::refresh(&self.app);
    }

    /// The granted categories, in config order.
    #[wasm_bindgen(js_name = grantedKeys)]
    pub fn granted_keys(&self) -> Vec<String> {
        self.app.granted_keys()
    }

    /// The config's category keys, in order.
    #[wasm_bindgen(js_name = categoryKeys)]
    pub fn category_keys(&self) -> Vec<String> {
        self.app.category_keys()
    }

    /// The language the dialog speaks.
    pub fn language(&self) -> String {
        self.app.language()
    }

    /// Integration settings with defaults, as JSON text.
    #[wasm_bindgen(js_name = integrationsJson)]
    pub fn integrations_json(&self) -> String {
        self.app.integrations_json()
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
