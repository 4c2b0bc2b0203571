//! The running Consentry of a page: config, current record, the dialog.
//!
//! Page code runs synchronously inside some of our steps (an activated inline
//! script, a `consentry:change` listener) and may call back into the API, so
//! no `RefCell` borrow is held across activation, dialog events or event
//! dispatch: state is changed first, then the page is told.

use super::activate::activate;
use super::browser;
use super::cleanup::delete_withdrawn;
use super::dialog::{Dialog, UiAction, CSS};
use super::listener::EventListener;
use crate::core::cookie::{decode, encode, read_cookie, set_cookie_string};
use crate::core::i18n::{pick_language, Texts};
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
}

pub struct App {
    state: RefCell<State>,
    dialog: RefCell<Option<Rc<Dialog>>>,
    /// Clicks on `[data-consentry]` elements anywhere in the page.
    page_clicks: RefCell<Option<EventListener>>,
}

/// The id of the JSON config tag.
pub const CONFIG_TAG_ID: &str = "consentry-config";

impl App {
    /// Starts from a JSON config text: reads the stored choice, activates what
    /// it grants, or shows the dialog when there is no valid choice.
    pub fn start(config_text: &str) -> Result<Rc<App>, Error> {
        let parsed = Config::parse(config_text).map_err(Error::Config)?;
        for w in &parsed.warnings {
            let mut m = String::from("Consentry: config ");
            w.push_line(&mut m);
            browser::console_warn(&m);
        }
        let config = parsed.config;
        let stored = read_cookie(&browser::read_cookies(), &config.cookie.name)
            .and_then(|value| decode(value, &config).ok())
            .filter(|r| r.validity(&config, browser::now()) == Validity::Valid);
        let (page_lang, browser_langs) = browser::languages();
        let lang = pick_language(&config, page_lang.as_deref(), &browser_langs);
        let app = Rc::new(App {
            state: RefCell::new(State {
                config,
                record: stored.clone(),
                lang,
            }),
            dialog: RefCell::new(None),
            page_clicks: RefCell::new(None),
        });
        app.listen_for_openers();
        match stored {
            Some(record) => {
                delete_withdrawn(&app.state.borrow().config, &record);
                if app.state.borrow().config.ui.floating_button {
                    // Creating the dialog host shows the floating button.
                    App::dialog(&app)?.close(true);
                }
                activate(&record, &Rc::downgrade(&app));
            }
            None => App::show(&app, Layer::First, None)?,
        }
        Ok(app)
    }

    /// Starts from the page's `<script type="application/json" id="consentry-config">`.
    pub fn start_from_page() -> Result<Rc<App>, Error> {
        let tag = browser::document()?
            .get_element_by_id(CONFIG_TAG_ID)
            .ok_or(Error::Browser(
                "no <script type=\"application/json\" id=\"consentry-config\"> on the page",
            ))?;
        App::start(&tag.text_content().unwrap_or_default())
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
            View {
                config: &state.config,
                texts: &texts,
                record: None,
                gpc_honoured: false,
            }
            .shell(CSS)
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
                let opener = app
                    .dialog
                    .borrow()
                    .as_ref()
                    .and_then(|d| d.floating_button());
                App::show(app, Layer::Preferences, opener)
            }
            UiAction::Save => {
                let Some(dialog) = app.dialog.borrow().clone() else {
                    return Ok(());
                };
                let choices = dialog.choices();
                App::decide(
                    app,
                    &Decision::Custom {
                        categories: choices.categories,
                        services: choices.services,
                    },
                )
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
                gpc_honoured: false,
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
        dialog.open(layer, &markup, opener)
    }

    /// Closes the dialog, granting nothing.
    pub fn hide(&self) {
        let show_floating = {
            let state = self.state.borrow();
            state.config.ui.floating_button && state.record.is_some()
        };
        if let Some(dialog) = self.dialog.borrow().clone() {
            dialog.close(show_floating);
        }
    }

    /// Records a decision: cookie first, withdrawn cookies deleted, then the
    /// dialog closes (announcing "Saved"), held scripts run and the page
    /// hears `consentry:change`.
    pub fn decide(app: &Rc<App>, decision: &Decision) -> Result<(), Error> {
        let (record, saved) = {
            let mut state = app.state.borrow_mut();
            let record = Record::decide(
                &state.config,
                state.record.as_ref(),
                decision,
                browser::now(),
                &browser::random_id_bytes()?,
            )?;
            let value = encode(&record, &state.config);
            let (host, _, https) = browser::location();
            let cookie =
                set_cookie_string(&state.config.cookie, &value, browser::now(), &host, https);
            // A refused cookie still holds for this page view.
            if let Err(e) = browser::write_cookie(&cookie) {
                browser::console_warn(&e.message());
            }
            delete_withdrawn(&state.config, &record);
            state.record = Some(record.clone());
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
        dispatch_change(&record);
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
        self.state
            .try_borrow()
            .ok()?
            .record
            .as_ref()
            .map(Record::to_json)
    }
}

/// Dispatches `consentry:change` on `window` with the record as `detail`.
fn dispatch_change(record: &Record) {
    let Ok(window) = browser::window() else {
        return;
    };
    let detail = js_sys::JSON::parse(&record.to_json()).unwrap_or(JsValue::NULL);
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("consentry:change", &init) {
        let _ = window.dispatch_event(&event);
    }
}
