//! The plain JS objects handed to the shell, built field by field with the
//! two functions of `js/core-objects.js`.

use crate::core::config::{ButtonOrder, Config, Declaration, Problem};
use crate::core::encoding::push_iso_date;
use crate::core::i18n::is_rtl;
use crate::core::record::Record;
use crate::core::session::Session;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/core-objects.js")]
extern "C" {
    fn object() -> JsValue;
    fn set(target: &JsValue, key: &str, value: JsValue);
    #[wasm_bindgen(js_name = set)]
    fn set_list(target: &JsValue, key: &str, value: Vec<String>);
    #[wasm_bindgen(js_name = set)]
    fn set_values(target: &JsValue, key: &str, value: Vec<JsValue>);
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn text_or_undefined(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::UNDEFINED, text)
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    items.into_iter().map(String::from).collect()
}

/// `{cookies, record}`: what one change hands to the shell.
pub fn change(session: &Session, cookies: &[String]) -> JsValue {
    let change = object();
    set_list(&change, "cookies", cookies.to_vec());
    set(&change, "record", session.record().map_or(JsValue::NULL, record));
    change
}

/// `getConsent()`: `{id, revision, createdAt, updatedAt, method, gpc,
/// categories: {name: bool}, services: {category: {service: bool}}}`.
fn record(r: &Record) -> JsValue {
    let date = |unix_secs| {
        let mut out = String::with_capacity(20);
        push_iso_date(&mut out, unix_secs);
        JsValue::from(out)
    };
    let record = object();
    set(&record, "id", text(&r.id));
    set(&record, "revision", JsValue::from_f64(f64::from(r.revision)));
    set(&record, "createdAt", date(r.created));
    set(&record, "updatedAt", date(r.updated));
    set(&record, "method", text(r.method.as_str()));
    set(&record, "gpc", JsValue::from_bool(r.gpc));
    let categories = object();
    for (key, on) in &r.categories {
        set(&categories, key, JsValue::from_bool(*on));
    }
    set(&record, "categories", categories);
    let services = object();
    for group in r.services.chunk_by(|(a, _, _), (b, _, _)| a == b) {
        let states = object();
        for (_, service, on) in group {
            set(&states, service, JsValue::from_bool(*on));
        }
        if let Some((category, _, _)) = group.first() {
            set(&services, category, states);
        }
    }
    set(&record, "services", services);
    record
}

/// What the shell acts on, read once per start: `{language, categories,
/// warnings, googleConsentMode, metaPixel, microsoftUet, consentLog,
/// reloadOnWithdraw, cookie, floatingButton, blocking, tcf, storage, regions}`;
/// `cookie` is the consent cookie's name; `blocking` is
/// the checked `{hosts: {key: category | false}, unknown: category |
/// undefined}` the stub merges into its table; `storage` whether any
/// category or service declares web storage to delete on withdrawal.
pub fn settings(config: &Config, language: &str, warnings: &[Problem]) -> JsValue {
    let i = &config.integrations;
    let settings = object();
    set(&settings, "language", text(language));
    set_list(&settings, "categories", strings(config.categories.iter().map(|c| c.key.as_str())));
    let mut lines = Vec::with_capacity(warnings.len());
    for warning in warnings {
        lines.push(warning.line());
    }
    set_list(&settings, "warnings", lines);
    let consent_mode = i.google_consent_mode.as_ref().map_or(JsValue::NULL, |g| {
        let mode = object();
        let map = object();
        for (category, types) in &g.map {
            set_list(&map, category, strings(types.iter().copied()));
        }
        set(&mode, "map", map);
        set_list(&mode, "region", g.region.clone());
        set(&mode, "adsDataRedaction", JsValue::from_bool(g.ads_data_redaction));
        set(&mode, "urlPassthrough", JsValue::from_bool(g.url_passthrough));
        set(&mode, "waitForUpdate", JsValue::from_f64(f64::from(g.wait_for_update)));
        mode
    });
    set(&settings, "googleConsentMode", consent_mode);
    set(&settings, "metaPixel", text_or_undefined(i.meta_pixel.as_deref()));
    set(&settings, "microsoftUet", text_or_undefined(i.microsoft_uet.as_deref()));
    set(&settings, "consentLog", text_or_undefined(config.consent_log.as_deref()));
    set(&settings, "reloadOnWithdraw", JsValue::from_bool(config.reload_on_withdraw));
    // The consent cookie's name: the fast path's note says which cookie it read (js/note.js).
    set(&settings, "cookie", text(&config.cookie.name));
    set(&settings, "floatingButton", JsValue::from_bool(config.ui.floating_button));
    let blocking = object();
    let hosts = object();
    for (key, verdict) in &config.blocking_hosts {
        set(&hosts, key, verdict.as_deref().map_or(JsValue::FALSE, text));
    }
    set(&blocking, "hosts", hosts);
    set(&blocking, "unknown", text_or_undefined(config.blocking_unknown.as_deref()));
    set(&settings, "blocking", blocking);
    // Only whether the site has TCF: pkg/consentry-tcf.js reads the section itself (config/tcf.rs).
    set(&settings, "tcf", JsValue::from_bool(config.tcf));
    set(&settings, "storage", JsValue::from_bool(config.declares_storage));
    // Only whether the site has regions or GPP: pkg/consentry-gpp.js reads the sections itself (config/regions.rs).
    set(&settings, "regions", JsValue::from_bool(config.regions));
    settings
}

/// The dialog as data, for `js/markup.js` to build its markup from:
/// `{lang, rtl, scheme, layout, rejectFirst, floating, url, gpc, first,
/// preferences, categories: [{key, required, title, description,
/// services: [{key, title}], cookies: [{name, provider, purpose,
/// duration}]}]}`; `first` and `preferences` are the layers'
/// descriptions, `url` the privacy policy's (checked when the config was
/// read) or undefined, `gpc` whether to say that a Global Privacy Control
/// signal was honoured.
pub fn dialog(session: &Session) -> JsValue {
    let view = session.view();
    let (config, ui) = (view.config, &view.config.ui);
    let lang = view.texts.lang.as_str();
    let dialog = object();
    set(&dialog, "lang", text(lang));
    set(&dialog, "rtl", JsValue::from_bool(is_rtl(lang)));
    set(&dialog, "scheme", text(ui.color_scheme.as_str()));
    set(&dialog, "layout", text(ui.layout.as_str()));
    set(&dialog, "rejectFirst", JsValue::from_bool(ui.button_order == ButtonOrder::RejectFirst));
    set(&dialog, "floating", JsValue::from_bool(ui.floating_button));
    set(&dialog, "url", text_or_undefined(config.privacy_policy_url.as_deref()));
    set(&dialog, "gpc", JsValue::from_bool(view.gpc_honoured));
    set(&dialog, "first", text(view.description_text(true)));
    set(&dialog, "preferences", text(view.description_text(false)));
    let mut categories = Vec::with_capacity(config.categories.len());
    for c in &config.categories {
        let (title, description) = view.category_texts(c);
        let category = object();
        set(&category, "key", text(&c.key));
        set(&category, "required", JsValue::from_bool(c.required));
        set(&category, "title", text(title));
        set(&category, "description", text(description));
        let mut services = Vec::with_capacity(c.services.len());
        // Its own declarations, then its services' (the table lists them in that order).
        let mut cookies: Vec<JsValue> = c.declared.iter().map(declaration).collect();
        for s in &c.services {
            let service = object();
            set(&service, "key", text(&s.key));
            set(&service, "title", text(view.service_title(s)));
            services.push(service);
            cookies.extend(s.declared.iter().map(declaration));
        }
        set_values(&category, "services", services);
        set_values(&category, "cookies", cookies);
        categories.push(category);
    }
    set_values(&dialog, "categories", categories);
    dialog
}

/// A declared cookie or storage name, a row of the dialog's table: `{name, provider, purpose, duration}`.
fn declaration(d: &Declaration) -> JsValue {
    let row = object();
    set(&row, "name", text(&d.name));
    set(&row, "provider", text(&d.provider));
    set(&row, "purpose", text(&d.purpose));
    set(&row, "duration", text(&d.duration));
    row
}
