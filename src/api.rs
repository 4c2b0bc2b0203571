//! The one `#[wasm_bindgen]` surface. `pkg/consentry.js` (from `js/`) wraps
//! it into the public API object and does the page work (cookie writes,
//! dialog elements, activation, events) from these answers; errors become
//! `JsError`s whose message starts with "Consentry:".
//!
//! Only strings, string lists, booleans, numbers and bytes cross, and the
//! core imports nothing from the page: each import or richer type would add
//! glue to the payload. Cookie strings to write come back joined by `\n`
//! (they never contain one).

use crate::core::record::ID_BYTES;
use crate::core::session::{Moment, Page, Session};
use crate::core::split::split_once;
use crate::core::view::Layer;
use crate::core::{Decision, Error};
use wasm_bindgen::prelude::*;

fn js_error(e: Error) -> JsError {
    JsError::new(&e.message())
}

/// The lines joined by `\n` (a loop: `join` pulls in its own panic paths).
fn joined(lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// The moment of a change, from the page: `document.cookie`, `Date.now()`
/// and `crypto.getRandomValues(new Uint8Array(12))`.
fn moment<'a>(jar: &'a str, now_ms: f64, id: &[u8]) -> Result<Moment<'a>, JsError> {
    let id: [u8; ID_BYTES] =
        id.try_into().map_err(|_| JsError::new("Consentry: a consent id needs 12 random bytes"))?;
    Ok(Moment { jar, now: (now_ms / 1000.0) as u64, id })
}

/// A started Consentry.
#[wasm_bindgen]
pub struct Core {
    session: Session,
    /// Cookie strings from `start`, until `pending()` takes them.
    pending: String,
}

#[wasm_bindgen]
impl Core {
    /// The language the dialog will speak for this config on this page (empty
    /// for an invalid config): the entry fetches its texts before `start`.
    #[wasm_bindgen(js_name = pickLanguage)]
    pub fn pick_language(config_json: &str, page_lang: Option<String>, languages: Vec<String>) -> String {
        let page = Page { lang: page_lang, languages, ..Page::default() };
        Session::language_for(config_json, &page).unwrap_or_default()
    }

    /// Starts with a JSON config text and the page's facts; `language_texts`:
    /// the JSON texts of the chosen language when it is not English
    /// (compiled in, used when this is `None`). `consentJson()` tells
    /// whether a valid choice was stored; `pending()` has cookies to write.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        config_json: &str,
        language_texts: Option<String>,
        host: String,
        path: String,
        https: bool,
        page_lang: Option<String>,
        languages: Vec<String>,
        gpc: bool,
        jar: &str,
        now_ms: f64,
        id: &[u8],
    ) -> Result<Core, JsError> {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
        let page = Page { host, path, https, lang: page_lang, languages, gpc };
        let (session, writes) =
            Session::start(config_json, language_texts, page, &moment(jar, now_ms, id)?).map_err(js_error)?;
        Ok(Core { session, pending: joined(&writes) })
    }

    /// The cookie strings `start` left to write (once).
    pub fn pending(&mut self) -> String {
        std::mem::take(&mut self.pending)
    }

    /// The config's warnings, one `path: message` per line.
    pub fn warnings(&self) -> String {
        joined(&self.session.warnings)
    }

    /// Records a decision and returns the cookie strings to write.
    /// `kind`: `acceptAll`, `rejectAll`, `accept` (exactly `list` plus the
    /// required), `allow` (`list` in addition), `optOut` (`list`, or every
    /// optional category), `custom` (the preferences switches: categories
    /// in `list`, services in `services` as `category service`).
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &mut self,
        kind: &str,
        list: Option<Vec<String>>,
        services: Option<Vec<String>>,
        jar: &str,
        now_ms: f64,
        id: &[u8],
    ) -> Result<String, JsError> {
        let decision = match kind {
            "acceptAll" => Decision::AcceptAll,
            "rejectAll" => Decision::RejectAll,
            "accept" => Decision::Accept(list.unwrap_or_default()),
            "allow" => Decision::Allow(list.unwrap_or_default()),
            "optOut" => Decision::OptOut(list),
            "custom" => Decision::Custom {
                categories: list.unwrap_or_default(),
                services: services
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| split_once(s, b' '))
                    .map(|(c, s)| (c.to_string(), s.to_string()))
                    .collect(),
            },
            _ => return Err(JsError::new("Consentry: unknown decision")),
        };
        let writes = self.session.decide(&decision, &moment(jar, now_ms, id)?).map_err(js_error)?;
        Ok(joined(&writes))
    }

    /// Forgets the stored choice; returns the deletions of the consent cookie.
    pub fn reset(&mut self) -> String {
        joined(&self.session.reset())
    }

    /// Re-reads the jar (another tab decided): `undefined` when the choice
    /// is unchanged, else the cookie strings to write.
    pub fn refresh(&mut self, jar: &str, now_ms: f64) -> Option<String> {
        let at = Moment { jar, now: (now_ms / 1000.0) as u64, id: [0; ID_BYTES] };
        self.session.refresh(&at).map(|w| joined(&w))
    }

    /// The dialog's markup: 0 the lasting shell, 1 the first layer, 2 the
    /// preferences layer.
    pub fn markup(&self, layer: u8) -> String {
        self.session.markup(match layer {
            0 => None,
            1 => Some(Layer::First),
            _ => Some(Layer::Preferences),
        })
    }

    /// A text of the dialog's language: by key (`saved`, `loadOnce`, ...),
    /// or a category's `title` or `description` when `category` is given.
    /// (One export for both: each export costs glue and a wasm shim.)
    pub fn text(&self, key: &str, category: Option<String>) -> String {
        match category {
            Some(category) => self.session.category_text(&category, key),
            None => self.session.text(key),
        }
    }

    /// Who a held embed is from, for its placeholder: its service's title,
    /// else the host it loads from, else its category's title. `service` is
    /// its `data-service`, `host` the hostname of its `data-src` or `src`
    /// as the browser reads it (none for the page's own).
    #[wasm_bindgen(js_name = heldFrom)]
    pub fn held_from(&self, category: &str, service: Option<String>, host: Option<String>) -> String {
        self.session.held_from(category, service.as_deref(), host.as_deref())
    }

    /// The category a URL needs before it may load, if any: `protocol`,
    /// `host` and `path` are its `URL#protocol`, `#hostname` and
    /// `#pathname` (the browser's own reading of it, as the stub sees it).
    #[wasm_bindgen(js_name = categoryFor)]
    pub fn category_for(&self, protocol: &str, host: &str, path: &str) -> Option<String> {
        self.session.category_for(protocol, host, path)
    }

    /// The granted categories (`granted`), else all the config's
    /// categories, in config order.
    pub fn keys(&self, granted: bool) -> Vec<String> {
        if granted {
            self.session.granted_keys()
        } else {
            self.session.category_keys()
        }
    }

    /// What the entry acts on (language, integrations, reloadOnWithdraw,
    /// floatingButton) as JSON text.
    #[wasm_bindgen(js_name = settingsJson)]
    pub fn settings_json(&self) -> String {
        self.session.settings_json()
    }

    #[wasm_bindgen(js_name = hasConsent)]
    pub fn has_consent(&self, category: &str, service: Option<String>) -> bool {
        self.session.has_consent(category, service.as_deref())
    }

    /// The record as a JSON text, or `undefined` before any choice.
    #[wasm_bindgen(js_name = consentJson)]
    pub fn consent_json(&self) -> Option<String> {
        self.session.consent_json()
    }
}

// ---- consentry/server (issue 18) -----------------------------------------
// Free functions for `pkg/server.js` (Node, edge runtimes): no page, no
// `Core`. Built only with the `server` feature, into the server's own wasm
// (`pkg/consentry_server_bg.wasm`, scripts/build.sh): the same core, so the
// same codec and validity rules as the page's start (`core::server`), and
// the page's wasm does not carry these exports (about 750 B gzip).

#[cfg(feature = "server")]
fn server_config(config_json: &str) -> Result<crate::core::Config, JsError> {
    crate::core::Config::parse(config_json).map(|parsed| parsed.config).map_err(|p| js_error(Error::Config(p)))
}

/// The valid record the request's `Cookie` header holds for this config, as
/// the JSON text `getConsent()` returns, or `undefined`. `gpc`: the
/// request's `Sec-GPC: 1` signal.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = readConsent)]
pub fn read_consent(cookie_header: &str, config_json: &str, now_ms: f64, gpc: bool) -> Result<Option<String>, JsError> {
    let config = server_config(config_json)?;
    let record = crate::core::server::read_consent(cookie_header, &config, (now_ms / 1000.0) as u64, gpc);
    Ok(record.as_ref().map(crate::core::Record::to_json))
}

/// The `Set-Cookie` values (joined by `\n`) that forget the stored choice
/// for a request to `host` at `path`.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = resetCookies)]
pub fn reset_cookies(config_json: &str, host: &str, path: &str) -> Result<String, JsError> {
    Ok(joined(&crate::core::server::reset_cookies(&server_config(config_json)?, host, path)))
}
// ---- end of consentry/server ----------------------------------------------
