//! The one `#[wasm_bindgen]` surface. The JS shell (`js/`) wraps it into the
//! public API object and does the page work (cookie writes, dialog
//! elements, activation, events) from its answers.
//!
//! A start is two calls, so the config is read once: `Setup.read(config,
//! page)` checks the config and picks the language; the shell fetches that
//! language's texts; `setup.start(texts)` makes the `Core`. Each call that
//! changes the choice returns one change object ([`objects::change`]): the
//! cookie strings to write and the record. Options come in
//! as named objects ([`args`]); errors leave as JS `Error`s with a stable
//! `code` ([`errors`]).

mod args;
mod errors;
mod objects;
#[cfg(feature = "server")]
mod server;

use crate::core::session::{Moment, Session, Setup as CoreSetup};
use args::{DecisionArgs, MomentArgs, PageArgs};
use errors::{bad_argument, to_js};
use wasm_bindgen::prelude::*;

/// A config read for a page, before its texts are fetched.
#[wasm_bindgen]
pub struct Setup(CoreSetup);

#[wasm_bindgen]
impl Setup {
    /// Reads and checks a JSON config text for a page
    /// (`{host, path, https, lang, languages, gpc, trackers?}`; `trackers`
    /// is the stub's tracker table). Throws a `config-invalid` error listing
    /// every problem.
    pub fn read(config: &str, page: PageArgs) -> Result<Setup, JsValue> {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();
        let page = args::page(page)?;
        CoreSetup::read(config, page).map(Setup).map_err(to_js)
    }

    /// What the shell acts on: `{language, categories, warnings,
    /// googleConsentMode, metaPixel, microsoftUet, consentLog,
    /// reloadOnWithdraw, floatingButton, blocking, tcf, storage}`.
    pub fn settings(&self) -> JsValue {
        objects::settings(self.0.config(), self.0.language(), self.0.warnings())
    }

    /// The running core, with the built-in texts of the language (`undefined`
    /// for English, or when the fetch failed). Consumes the setup.
    pub fn start(self, texts: Option<String>) -> Core {
        Core(self.0.start(texts.as_deref()))
    }
}

/// A started Consentry.
#[wasm_bindgen]
pub struct Core(Session);

#[wasm_bindgen]
impl Core {
    /// Reads the stored choice (`moment`: `{jar, now, id}`); a GPC signal may
    /// rewrite it. Called once, right after `start`.
    pub fn load(&mut self, moment: MomentArgs) -> Result<JsValue, JsValue> {
        let args = args::moment(moment)?;
        let cookies = self.0.load(&args.at());
        Ok(objects::change(&self.0, &cookies))
    }

    /// Records a decision (`{kind, categories?, services?}`, see the
    /// `Decision` type in consentry.d.ts) at `moment`.
    pub fn decide(&mut self, decision: DecisionArgs, moment: MomentArgs) -> Result<JsValue, JsValue> {
        let decision = args::decision(decision)?;
        let args = args::moment(moment)?;
        let cookies = self.0.decide(&decision, &args.at()).map_err(to_js)?;
        Ok(objects::change(&self.0, &cookies))
    }

    /// Re-reads the jar after another tab decided: `undefined` when the
    /// choice is the same, else the change.
    pub fn refresh(&mut self, moment: MomentArgs) -> Result<Option<JsValue>, JsValue> {
        let args = args::moment(moment)?;
        Ok(self.0.refresh(&args.at()).map(|cookies| objects::change(&self.0, &cookies)))
    }

    /// Forgets the stored choice: the change deletes the consent cookie.
    pub fn reset(&mut self) -> JsValue {
        let cookies = self.0.reset();
        objects::change(&self.0, &cookies)
    }

    /// The dialog as data for its markup (`js/markup.js`): its options,
    /// descriptions and categories (`objects::dialog`).
    pub fn dialog(&self) -> JsValue {
        objects::dialog(&self.0)
    }

    /// A text of the dialog's language by key (`saved`, `loadOnce`, ...).
    pub fn text(&self, key: &str) -> String {
        self.0.text(key)
    }

    /// Who a held embed is from, for its placeholder: its service's title,
    /// else the host it loads from, else its category's title. `service` is
    /// its `data-service`, `host` the hostname of its `data-src` or `src`
    /// as the browser reads it (none for the page's own). With neither, it
    /// is the category's title: the placeholder asks no other export for
    /// it (each export costs the wasm its own glue).
    #[wasm_bindgen(js_name = heldFrom)]
    pub fn held_from(&self, category: &str, service: Option<String>, host: Option<String>) -> String {
        self.0.held_from(category, service.as_deref(), host.as_deref())
    }

    /// The category a URL needs before it may load, if any: `protocol`,
    /// `host` and `path` are its `URL#protocol`, `#hostname` and
    /// `#pathname` (the browser's own reading of it, as the stub sees it).
    #[wasm_bindgen(js_name = categoryFor)]
    pub fn category_for(&self, protocol: &str, host: &str, path: &str) -> Option<String> {
        self.0.category_for(protocol, host, path)
    }

    /// Whether the current choice withdraws `name` from `area`: 1, a
    /// localStorage key; 2, a sessionStorage key; 3, an IndexedDB database
    /// (`Store`'s numbers; 0 is a cookie, any other number nothing). The
    /// storage chunk (js/storage.js) asks about what the page holds after
    /// each change when the config declares web storage
    /// (`settings().storage`) and deletes what this covers.
    pub fn withdraws(&self, area: u8, name: &str) -> bool {
        self.0.withdraws(area, name)
    }

    #[wasm_bindgen(js_name = hasConsent)]
    pub fn has_consent(&self, category: &str, service: Option<String>) -> bool {
        self.0.has_consent(category, service.as_deref())
    }
}

impl args::Moment {
    fn at(&self) -> Moment<'_> {
        Moment { jar: &self.jar, now: (self.now / 1000.0) as u64, id: self.id }
    }
}

/// Refuses what the boundary cannot use.
fn check(ok: bool, what: &'static str) -> Result<(), JsValue> {
    if ok {
        Ok(())
    } else {
        Err(bad_argument(what))
    }
}
