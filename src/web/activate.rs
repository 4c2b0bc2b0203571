//! Activation of held markup, as a page writes it:
//!
//! * `<script type="text/plain" data-category>` (inline, `src` or
//!   `data-src`; `data-type="module"` for modules) becomes a live script;
//! * `img`, `iframe`, `video`/`audio`/`source`, `link` and any element with
//!   `data-src`, `data-srcset`, `data-poster` or `data-href` get the real
//!   attribute (media elements reload their sources);
//! * `data-service` narrows the grant to one service of the category;
//! * `data-category="!marketing"` is a fallback: it activates only after a
//!   choice that denies marketing (as in vanilla-cookieconsent);
//! * an element with `data-src` and no `data-category` is held when its URL
//!   is a tracker (`data/trackers.json` and the config's `blocking.hosts`),
//!   in the category the table names.
//!
//! Scripts run in document order, and an external script that is not
//! `async` finishes loading before the next held script is inserted, so an
//! inline `gtag('config')` runs after its `gtag.js`. Elements added later
//! (SPAs) are handled by a MutationObserver. A held iframe, or any held
//! element with `data-placeholder`, shows a placeholder (`placeholder.rs`).
//!
//! Activated elements carry `data-consentry-done`, which also tells the stub
//! that the core let them through (see `stub.rs`).

use super::app::App;
use super::browser::{self, document};
use super::placeholder;
use super::stub;
use crate::core::trackers::category_for_url;
use crate::core::{Config, Record};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlScriptElement};

/// Marks an element the core has activated (or let through once).
pub const DONE: &str = "data-consentry-done";

/// What may be held: named by markup, or a `data-src` that may be a tracker.
const CANDIDATES: &str = "[data-category]:not([data-consentry-done]),[data-src]:not([data-consentry-done])";

/// Attributes that describe the holding, not the script.
const CONSENTRY_ATTRIBUTES: [&str; 6] = ["type", "data-category", "data-service", "data-type", "data-src", DONE];

/// `data-*` attributes that hold a URL attribute until activation.
const HELD_URLS: [(&str, &str); 4] =
    [("data-src", "src"), ("data-srcset", "srcset"), ("data-poster", "poster"), ("data-href", "href")];

/// What activation knows about the running page; only borrowed briefly, never
/// while page code runs (activated scripts may call the API again).
#[derive(Default)]
struct Page {
    config: Option<Rc<Config>>,
    app: Weak<App>,
    record: Option<Record>,
    /// Categories something ran for on this page (core or stub).
    ran: Vec<String>,
    observing: bool,
}

thread_local! {
    static PAGE: RefCell<Page> = RefCell::default();
}

/// Called once by `App::start` before anything is activated: keeps the
/// config and the app handle, starts watching for elements added later and
/// puts placeholders on held embeds (nothing is granted yet).
pub fn started(config: &Config, app: &Weak<App>) {
    let observe = PAGE.with_borrow_mut(|p| {
        p.config = Some(Rc::new(config.clone()));
        p.app = app.clone();
        p.record = None;
        !std::mem::replace(&mut p.observing, true)
    });
    if observe {
        watch();
    }
    sync();
}

/// Applies `record` (called by the app at start with a stored choice and
/// after every decision): tells the stub, reloads when a withdrawn category
/// already ran and the config asks for it, else activates what it grants.
pub fn activate(record: &Record, app: &Weak<App>) {
    let released = stub::tell(record);
    let reload = PAGE.with_borrow_mut(|p| {
        p.app = app.clone();
        p.record = Some(record.clone());
        add_ran(&mut p.ran, released);
        p.config.as_ref().is_some_and(|c| c.reload_on_withdraw) && p.ran.iter().any(|c| !record.has(c))
    });
    if reload {
        if let Ok(w) = browser::window() {
            let _ = w.location().reload();
        }
        return;
    }
    sync();
}

fn add_ran(ran: &mut Vec<String>, categories: Vec<String>) {
    for c in categories {
        if !ran.contains(&c) {
            ran.push(c);
        }
    }
}

/// Watches the document for elements added later (SPAs).
fn watch() {
    let Ok(doc) = document() else { return };
    let Some(root) = doc.document_element() else {
        return;
    };
    let callback = Closure::<dyn FnMut()>::new(sync).into_js_value();
    if let Ok(observer) = web_sys::MutationObserver::new(callback.unchecked_ref()) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        let _ = observer.observe_with_options(&root, &options);
    }
}

/// The category an element waits for: its `data-category`, else the
/// tracker category of its `data-src`.
fn category_of(element: &Element, config: Option<&Config>) -> Option<String> {
    if let Some(c) = element.get_attribute("data-category") {
        return Some(c);
    }
    let url = element.get_attribute("data-src")?;
    category_for_url(&url, config?).map(str::to_string)
}

/// Whether `record` grants `category` (`!name`: denies `name`), and the
/// element's `data-service` if it names one.
fn is_granted(element: &Element, category: &str, record: Option<&Record>) -> bool {
    let Some(record) = record else { return false };
    if let Some(denied) = category.strip_prefix('!') {
        return !record.has(denied);
    }
    match element.get_attribute("data-service") {
        Some(service) if !service.is_empty() => record.has_service(category, &service),
        _ => record.has(category),
    }
}

/// Activates everything the current record grants, in document order, and
/// puts placeholders on what stays held.
fn sync() {
    let began = js_sys::Date::now();
    let (config, record, app) = PAGE.with_borrow(|p| (p.config.clone(), p.record.clone(), p.app.clone()));
    let Ok(doc) = document() else { return };
    let Ok(list) = doc.query_selector_all(CANDIDATES) else {
        return;
    };
    let mut scripts = Vec::new();
    let mut ran = Vec::new();
    let mut texts = None;
    for i in 0..list.length() {
        let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let script = e.tag_name() == "SCRIPT";
        if script && e.get_attribute("type").as_deref() != Some("text/plain") {
            continue; // a live script ran already; nothing to hold
        }
        let Some(category) = category_of(&e, config.as_deref()) else {
            continue;
        };
        if is_granted(&e, &category, record.as_ref()) {
            if !category.starts_with('!') && !ran.contains(&category) {
                ran.push(category);
            }
            release(&e);
            if script {
                scripts.push(e);
            }
        } else if (e.tag_name() == "IFRAME" || e.has_attribute("data-placeholder"))
            && !e.has_attribute(placeholder::HELD)
            && !category.starts_with('!')
        {
            if let Some(config) = &config {
                let texts = texts.get_or_insert_with(|| placeholder::texts(config));
                placeholder::hold(&e, &category, config, texts, &app);
            }
        }
    }
    PAGE.with_borrow_mut(|p| add_ran(&mut p.ran, ran));
    scripts.reverse();
    run_next(scripts, began);
}

/// Lets one held element through ("Load once" and grants): marks it, removes
/// its placeholder and, for anything but a script, puts its URLs in place.
/// A script is left to [`run_next`] (it must run in order).
fn release(e: &Element) {
    // Marked first: the stub lets marked elements' URLs through, and a
    // second grant while loading cannot run it twice.
    let _ = e.set_attribute(DONE, "");
    placeholder::remove(e);
    if e.tag_name() == "SCRIPT" {
        return;
    }
    move_urls(e);
    let tag = e.tag_name();
    if ["VIDEO", "AUDIO", "PICTURE"].contains(&tag.as_str()) {
        if let Ok(sources) = e.query_selector_all("[data-src],[data-srcset]") {
            for i in 0..sources.length() {
                if let Some(s) = sources.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = s.set_attribute(DONE, "");
                    move_urls(&s);
                }
            }
        }
        reload_media(e);
    } else if tag == "SOURCE" {
        if let Some(parent) = e.parent_element() {
            reload_media(&parent);
        }
    }
}

/// Activates one held element now, outside the grant ("Load once").
pub fn load_once(e: &Element) {
    release(e);
    if e.tag_name() == "SCRIPT" {
        run_next(vec![e.clone()], js_sys::Date::now());
    }
}

fn move_urls(e: &Element) {
    for (from, to) in HELD_URLS {
        if let Some(url) = e.get_attribute(from) {
            let _ = e.set_attribute(to, &url);
        }
    }
}

fn reload_media(e: &Element) {
    if let Some(media) = e.dyn_ref::<web_sys::HtmlMediaElement>() {
        media.load();
    }
}

/// The longest stretch of activation in one task: the rest goes on in a new
/// task, so a page with many held scripts gets no long task (over 50 ms)
/// from us. Small, because the task that grants also carries the decision,
/// the dialog closing and the observers' callbacks. (The
/// order is kept; elements are marked done before they are queued, so a grant
/// in between cannot queue them twice).
const SLICE_MS: f64 = 8.0;

/// Replaces the next held script with a live one; if it is an external
/// script the page expects in order, waits for it before going on.
/// `began` is when this task's activation work started (`Date.now()`).
fn run_next(mut queue: Vec<Element>, began: f64) {
    while let Some(held) = queue.pop() {
        if js_sys::Date::now() - began > SLICE_MS {
            queue.push(held);
            continue_later(queue);
            return;
        }
        let Some(live) = live_copy(&held) else {
            continue;
        };
        let waits = !live.src().is_empty() && !held.has_attribute("async");
        if waits {
            live.set_async(false);
            let rest = std::cell::Cell::new(Some(std::mem::take(&mut queue)));
            let resume = Closure::once_into_js(move || {
                if let Some(rest) = rest.take() {
                    run_next(rest, js_sys::Date::now());
                }
            });
            live.set_onload(Some(resume.unchecked_ref()));
            live.set_onerror(Some(resume.unchecked_ref()));
        }
        if held.replace_with_with_node_1(&live).is_err() {
            continue;
        }
        if waits {
            return;
        }
    }
}

/// Goes on with `queue` in a new task.
fn continue_later(queue: Vec<Element>) {
    let Ok(window) = super::browser::window() else { return };
    let resume = Closure::once_into_js(move || run_next(queue, js_sys::Date::now()));
    // Without a timer nothing more runs: held stays held (fail closed).
    let _ = window.set_timeout_with_callback(resume.unchecked_ref());
}

/// A new `<script>` carrying the held one's attributes and text.
fn live_copy(held: &Element) -> Option<HtmlScriptElement> {
    let doc = document().ok()?;
    let live: HtmlScriptElement = doc.create_element("script").ok()?.dyn_into().ok()?;
    // First, so that the stub lets its src through (the core granted it).
    let _ = live.set_attribute(DONE, "");
    let attributes = held.attributes();
    for i in 0..attributes.length() {
        if let Some(attr) = attributes.item(i) {
            let name = attr.name();
            if !CONSENTRY_ATTRIBUTES.contains(&name.as_str()) {
                let _ = live.set_attribute(&name, &attr.value());
            }
        }
    }
    if let Some(src) = held.get_attribute("data-src") {
        let _ = live.set_attribute("src", &src);
    }
    if let Some(kind) = held.get_attribute("data-type") {
        live.set_type(&kind);
    }
    // `nonce` is hidden from getAttribute once the page has loaded; carry
    // the property so CSP-nonced scripts still run.
    if let Some(h) = held.dyn_ref::<web_sys::HtmlElement>() {
        let nonce = h.nonce();
        if !nonce.is_empty() {
            live.set_nonce(&nonce);
        }
    }
    live.set_text(&held.text_content().unwrap_or_default()).ok()?;
    Some(live)
}
