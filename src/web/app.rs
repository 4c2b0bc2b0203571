//! The running Consentry of a page: config, current record, open dialog.
//!
//! Page code runs synchronously inside some of our steps (an activated inline
//! script, a `consentry:change` listener) and may call back into the API, so
//! no `RefCell` borrow is held across activation or event dispatch: state is
//! changed first, then the page is told.

use super::activate::activate;
use super::browser;
use super::cleanup::delete_withdrawn;
use super::dialog::{Action, Dialog};
use crate::core::cookie::{decode, encode, set_cookie_string};
use crate::core::i18n::{pick_language, Texts};
use crate::core::{Config, Decision, Error, Record, Validity};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;

/// The config and the choice; small and only borrowed briefly.
struct State {
    config: Config,
    record: Option<Record>,
}

pub struct App {
    state: RefCell<State>,
    dialog: RefCell<Option<Dialog>>,
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
        let stored =
            crate::core::cookie::read_cookie(&browser::read_cookies(), &config.cookie.name)
                .and_then(|value| decode(value, &config).ok())
                .filter(|r| r.validity(&config, browser::now()) == Validity::Valid);
        let app = Rc::new(App {
            state: RefCell::new(State {
                config,
                record: stored.clone(),
            }),
            dialog: RefCell::new(None),
        });
        super::activate::started(&app.state.borrow().config, &Rc::downgrade(&app));
        match stored {
            Some(record) => {
                delete_withdrawn(&app.state.borrow().config, &record);
                activate(&record, &Rc::downgrade(&app));
            }
            None => App::show(&app)?,
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

    /// Shows the first layer (again); a no-op while it is open.
    pub fn show(app: &Rc<App>) -> Result<(), Error> {
        if app.dialog.borrow().is_some() {
            return Ok(());
        }
        let (page_lang, browser_langs) = browser::languages();
        let dialog = {
            let state = app.state.borrow();
            let lang = pick_language(&state.config, page_lang.as_deref(), &browser_langs);
            let texts = Texts::new(&state.config, &lang);
            let weak: Weak<App> = Rc::downgrade(app);
            Dialog::open(
                &texts,
                state.config.privacy_policy_url.as_deref(),
                move |action| {
                    if let Some(app) = weak.upgrade() {
                        let decision = match action {
                            Action::AcceptAll => Decision::AcceptAll,
                            Action::RejectAll => Decision::RejectAll,
                        };
                        if let Err(e) = App::decide(&app, &decision) {
                            browser::console_error(&e.message());
                        }
                    }
                },
            )?
        };
        *app.dialog.borrow_mut() = Some(dialog);
        Ok(())
    }

    /// Closes the dialog, granting nothing.
    pub fn hide(&self) {
        // Take it out first: dropping it removes the DOM and its listeners.
        let dialog = self.dialog.borrow_mut().take();
        drop(dialog);
    }

    /// Records a decision: cookie first, withdrawn cookies deleted, then the
    /// dialog closes, held scripts run and the page hears `consentry:change`.
    pub fn decide(app: &Rc<App>, decision: &Decision) -> Result<(), Error> {
        let record = {
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
            record
        };
        app.hide();
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
