//! The running Consentry of a page: config, current record, the dialog.
//!
//! Page code runs synchronously inside some of our steps (an activated inline
//! script, a `consentry:change` listener) and may call back into the API, so
//! no `RefCell` borrow is held across activation, dialog events or event
//! dispatch: state is changed first, then the page is told.

use super::activate::activate;
use super::browser;
use super::cleanup::delete_withdrawn;
use super::dialog::{Dialog, UiAction};
use super::listener::EventListener;
use crate::core::cookie::{decode, deletion_strings, encode, read_cookie, set_cookie_string};
use crate::core::encoding::push_decimal;
use crate::core::i18n::{pick_language, Texts};
use crate::core::json::push_string;
use crate::core::view::{Layer, View};
use crate::core::{Config, Decision, Error, Record, Validity};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// The config and the choice; small and only borrowed briefly.
struct State {
    config: Config,
    record: Option<Record>,
    /// The language the dialog speaks, chosen once at start.
    lang: String,
    /// `navigator.globalPrivacyControl === true`.
    gpc_signal: bool,
}

impl State {
    /// Stores `record` in the cookie and deletes what it withdraws.
    fn store(&mut self, record: Record) {
        let value = encode(&record, &self.config);
        let (host, _, https) = browser::location();
        let cookie = set_cookie_string(&self.config.cookie, &value, browser::now(), &host, https);
        // A refused cookie still holds for this page view.
        if let Err(e) = browser::write_cookie(&cookie) {
            browser::console_warn(&e.message());
        }
        delete_withdrawn(&self.config, &record);
        self.record = Some(record);
    }

    /// The valid record in the cookie, if any.
    fn stored_record(&self) -> Option<Record> {
        read_cookie(&browser::read_cookies(), &self.config.cookie.name)
            .and_then(|value| decode(value, &self.config).ok())
            .filter(|r| r.validity(&self.config, browser::now()) == Validity::Valid)
    }

    /// Whether the dialog says that the GPC signal is honoured.
    fn gpc_honoured(&self) -> bool {
        self.gpc_signal && self.config.honour_gpc && self.config.categories.iter().any(|c| c.sale_or_sharing)
    }
}

/// Tells the JS entry what happened: `change` (detail: the record as JSON
/// text, or null), `show` (detail: `first` or `preferences`), `hide`.
pub type EventSink = Box<dyn Fn(&str, JsValue)>;

pub struct App {
    state: RefCell<State>,
    events: Option<EventSink>,
    dialog: RefCell<Option<Rc<Dialog>>>,
    /// Clicks on `[data-consentry]` elements anywhere in the page.
    page_clicks: RefCell<Option<EventListener>>,
}

impl App {
    /// Starts from a JSON config text: reads the stored choice, activates what
    /// it grants, or shows the dialog when there is no valid choice.
    pub fn start(config_text: &str) -> Result<Rc<App>, Error> {
        App::start_with_events(config_text, None, None)
    }

    /// The language the dialog will speak for this config on this page, so
    /// the JS entry can fetch its texts before starting.
    pub fn language_for(config_text: &str) -> Option<String> {
        let config = Config::parse(config_text).ok()?.config;
        let (page_lang, browser_langs) = browser::languages();
        Some(pick_language(&config, page_lang.as_deref(), &browser_langs))
    }

    /// [`App::start`], telling `events` about changes, shows and hides;
    /// `language_texts` are the built-in texts of the chosen language when it
    /// is not English (fetched by the JS entry; `None`: English is used).
    pub fn start_with_events(
        config_text: &str,
        events: Option<EventSink>,
        language_texts: Option<String>,
    ) -> Result<Rc<App>, Error> {
        let parsed = Config::parse(config_text).map_err(Error::Config)?;
        for w in &parsed.warnings {
            let mut m = String::from("Consentry: config ");
            w.push_line(&mut m);
            browser::console_warn(&m);
        }
        let mut config = parsed.config;
        let (page_lang, browser_langs) = browser::languages();
        let lang = pick_language(&config, page_lang.as_deref(), &browser_langs);
        config.fetched_texts = language_texts.map(|texts| (lang.clone(), texts));
        let mut state = State { config, record: None, lang, gpc_signal: browser::gpc_signal() };
        let mut stored = state.stored_record();
        // A GPC signal overrides an earlier allow of sale/sharing categories,
        // and decides alone when nothing else is left to ask.
        if state.gpc_signal {
            if let Some(r) =
                Record::apply_gpc(&state.config, stored.as_ref(), browser::now(), &browser::random_id_bytes()?)
            {
                state.store(r.clone());
                stored = Some(r);
            }
        }
        state.record = stored.clone();
        let app = Rc::new(App {
            state: RefCell::new(state),
            events,
            dialog: RefCell::new(None),
            page_clicks: RefCell::new(None),
        });
        super::activate::started(&app.state.borrow().config, &Rc::downgrade(&app));
        app.listen_for_openers();
        match stored {
            Some(record) => {
                delete_withdrawn(&app.state.borrow().config, &record);
                if app.state.borrow().config.ui.floating_button {
                    // The dialog host's shell carries the floating button, shown.
                    App::dialog(&app)?;
                }
                activate(&record, &Rc::downgrade(&app));
                app.emit("change", JsValue::from_str(&record.to_json()));
            }
            None => App::show(&app, Layer::First, None)?,
        }
        Ok(app)
    }

    /// Any `data-consentry="preferences"` (or `"show"`) element opens the dialog.
    fn listen_for_openers(self: &Rc<App>) {
        let Ok(doc) = browser::document() else { return };
        let weak = Rc::downgrade(self);
        let listener = EventListener::new(&doc, "click", move |event| {
            let Some(app) = weak.upgrade() else { return };
            let opener = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-consentry]").ok().flatten());
            let Some(opener) = opener else { return };
            let layer = match opener.get_attribute("data-consentry").as_deref() {
                Some("preferences") => Layer::Preferences,
                Some("show") => Layer::First,
                _ => return,
            };
            event.prevent_default();
            if let Err(e) = App::show(&app, layer, opener.dyn_into::<HtmlElement>().ok()) {
                browser::console_error(&e.message());
            }
        });
        *self.page_clicks.borrow_mut() = Some(listener);
    }

    /// The dialog host, created on first use.
    fn dialog(app: &Rc<App>) -> Result<Rc<Dialog>, Error> {
        if let Some(d) = app.dialog.borrow().as_ref() {
            return Ok(Rc::clone(d));
        }
        let shell = {
            let state = app.state.borrow();
            let texts = Texts::new(&state.config, &state.lang);
            View { config: &state.config, texts: &texts, record: None, gpc_honoured: false }.shell()
        };
        let weak: Weak<App> = Rc::downgrade(app);
        let dialog = Dialog::create(&shell, move |action| {
            if let Some(app) = weak.upgrade() {
                if let Err(e) = App::on_action(&app, action) {
                    browser::console_error(&e.message());
                }
            }
        })?;
        *app.dialog.borrow_mut() = Some(Rc::clone(&dialog));
        Ok(dialog)
    }

    fn on_action(app: &Rc<App>, action: UiAction) -> Result<(), Error> {
        match action {
            UiAction::AcceptAll => App::decide(app, &Decision::AcceptAll),
            UiAction::RejectAll => App::decide(app, &Decision::RejectAll),
            UiAction::Preferences => App::show(app, Layer::Preferences, None),
            UiAction::Reopen => {
                let opener = app.dialog.borrow().as_ref().and_then(|d| d.floating_button());
                App::show(app, Layer::Preferences, opener)
            }
            UiAction::Save => {
                let Some(dialog) = app.dialog.borrow().clone() else {
                    return Ok(());
                };
                let choices = dialog.choices();
                App::decide(app, &Decision::Custom { categories: choices.categories, services: choices.services })
            }
            UiAction::Close => {
                app.hide();
                Ok(())
            }
        }
    }

    /// Shows `layer` (again), with the switches reflecting the stored choice.
    /// `opener` gets focus back on close; `None` means the focused element.
    pub fn show(app: &Rc<App>, layer: Layer, opener: Option<HtmlElement>) -> Result<(), Error> {
        let dialog = App::dialog(app)?;
        let markup = {
            let state = app.state.borrow();
            let texts = Texts::new(&state.config, &state.lang);
            let view = View {
                config: &state.config,
                texts: &texts,
                record: state.record.as_ref(),
                gpc_honoured: state.gpc_honoured(),
            };
            view.dialog(layer)
        };
        let opener = opener.or_else(|| {
            browser::document()
                .ok()?
                .active_element()
                .filter(|e| e.id() != super::dialog::HOST_ID && e.local_name() != "body")?
                .dyn_into::<HtmlElement>()
                .ok()
        });
        dialog.open(layer, &markup, opener)?;
        app.emit("show", JsValue::from_str(if layer == Layer::First { "first" } else { "preferences" }));
        Ok(())
    }

    /// Tells the JS entry about an event; it runs the page's handlers.
    fn emit(&self, name: &str, detail: JsValue) {
        if let Some(events) = &self.events {
            events(name, detail);
        }
    }

    /// Closes the dialog, granting nothing.
    pub fn hide(&self) {
        let show_floating = {
            let state = self.state.borrow();
            state.config.ui.floating_button && state.record.is_some()
        };
        let Some(dialog) = self.dialog.borrow().clone() else {
            return;
        };
        if dialog.layer().is_some() {
            dialog.close(show_floating);
            self.emit("hide", JsValue::UNDEFINED);
        }
    }

    /// Forgets the stored choice (the consent cookie is deleted) and asks again.
    pub fn reset(app: &Rc<App>) -> Result<(), Error> {
        {
            let mut state = app.state.borrow_mut();
            let (host, path, _) = browser::location();
            for cookie in deletion_strings(&state.config.cookie.name, &host, &path) {
                let _ = browser::write_cookie(&cookie);
            }
            state.record = None;
        }
        app.emit("change", JsValue::NULL);
        App::show(app, Layer::First, None)
    }

    /// Takes over a choice made in another tab: re-reads the cookie and, if it
    /// differs from ours, applies it (clean-up, activation, events).
    pub fn refresh(app: &Rc<App>) {
        let record = {
            let mut state = app.state.borrow_mut();
            let stored = state.stored_record();
            if stored == state.record {
                return;
            }
            state.record = stored.clone();
            stored
        };
        match record {
            Some(record) => {
                delete_withdrawn(&app.state.borrow().config, &record);
                app.hide();
                activate(&record, &Rc::downgrade(app));
                app.emit("change", JsValue::from_str(&record.to_json()));
            }
            None => app.emit("change", JsValue::NULL),
        }
    }

    /// The granted categories, in config order.
    pub fn granted_keys(&self) -> Vec<String> {
        let Ok(state) = self.state.try_borrow() else { return Vec::new() };
        state
            .record
            .as_ref()
            .map_or_else(Vec::new, |r| r.categories.iter().filter(|(_, on)| *on).map(|(k, _)| k.clone()).collect())
    }

    /// The config's category keys, in order (for argument checks in JS).
    pub fn category_keys(&self) -> Vec<String> {
        self.state.borrow().config.categories.iter().map(|c| c.key.clone()).collect()
    }

    /// The dialog's language.
    pub fn language(&self) -> String {
        self.state.borrow().lang.clone()
    }

    /// The integration settings with their defaults, as JSON for the JS entry:
    /// `{gcm: {map, region, adsDataRedaction, urlPassthrough, waitForUpdate} | null,
    ///   metaPixel, microsoftUet, consentLog}` (category keys / URL or null).
    pub fn integrations_json(&self) -> String {
        integrations_json(&self.state.borrow().config)
    }

    /// Records a decision: cookie first, withdrawn cookies deleted, then the
    /// dialog closes (announcing "Saved"), held scripts run and the JS entry
    /// hears `change`.
    pub fn decide(app: &Rc<App>, decision: &Decision) -> Result<(), Error> {
        let (record, saved) = {
            let mut state = app.state.borrow_mut();
            let (now, id) = (browser::now(), browser::random_id_bytes()?);
            let record =
                Record::decide_with_gpc(&state.config, state.record.as_ref(), decision, now, &id, state.gpc_signal)?;
            state.store(record.clone());
            (record, Texts::new(&state.config, &state.lang).get("saved"))
        };
        let dialog = app.dialog.borrow().clone();
        if let Some(dialog) = dialog {
            let was_open = dialog.layer().is_some();
            app.hide();
            if was_open {
                dialog.announce(&saved);
            }
        }
        activate(&record, &Rc::downgrade(app));
        app.emit("change", JsValue::from_str(&record.to_json()));
        Ok(())
    }

    /// Whether `category` (and `service`, when given) is granted now.
    pub fn has_consent(&self, category: &str, service: Option<&str>) -> bool {
        let Ok(state) = self.state.try_borrow() else {
            return false;
        };
        match (&state.record, service) {
            (Some(r), Some(s)) => r.has_service(category, s),
            (Some(r), None) => r.has(category),
            (None, _) => false,
        }
    }

    /// The record as JSON (`getConsent()`), or `None` before a choice.
    pub fn consent_json(&self) -> Option<String> {
        self.state.try_borrow().ok()?.record.as_ref().map(Record::to_json)
    }
}

/// See [`App::integrations_json`].
fn integrations_json(config: &Config) -> String {
    fn push_key_or_null(out: &mut String, key: Option<&str>) {
        match key {
            Some(k) => push_string(out, k),
            None => out.push_str("null"),
        }
    }
    let i = &config.integrations;
    let mut out = String::from("{\"gcm\":");
    match &i.google_consent_mode {
        None => out.push_str("null"),
        Some(g) => {
            out.push_str("{\"map\":{");
            for (n, (category, types)) in g.map.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                push_string(&mut out, category);
                out.push_str(":[");
                for (m, t) in types.iter().enumerate() {
                    if m > 0 {
                        out.push(',');
                    }
                    push_string(&mut out, t);
                }
                out.push(']');
            }
            out.push_str("},\"region\":[");
            for (n, r) in g.region.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                push_string(&mut out, r);
            }
            out.push_str("],\"adsDataRedaction\":");
            out.push_str(if g.ads_data_redaction { "true" } else { "false" });
            out.push_str(",\"urlPassthrough\":");
            out.push_str(if g.url_passthrough { "true" } else { "false" });
            out.push_str(",\"waitForUpdate\":");
            push_decimal(&mut out, u64::from(g.wait_for_update));
            out.push('}');
        }
    }
    out.push_str(",\"metaPixel\":");
    push_key_or_null(&mut out, i.meta_pixel.as_deref());
    out.push_str(",\"microsoftUet\":");
    push_key_or_null(&mut out, i.microsoft_uet.as_deref());
    out.push_str(",\"consentLog\":");
    push_key_or_null(&mut out, config.consent_log.as_deref());
    out.push('}');
    out
}
