//! The consent dialog in the page: an open Shadow DOM (page CSS cannot break
//! it, its CSS cannot leak out), rendered from [`crate::core::view`] markup
//! with one call per layer, and three delegated listeners: click, change
//! (switch syncing) and keydown (focus trap, Escape).
//!
//! WAI-ARIA APG modal dialog: focus moves to the title on open, Tab and
//! Shift+Tab wrap inside, the page behind is `inert`, Escape closes granting
//! nothing, and focus returns to the opener.

use super::browser::document;
use super::listener::EventListener;
use crate::core::view::Layer;
use crate::core::Error;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

/// The stylesheet, inside the shadow root.
pub const CSS: &str = include_str!("dialog.css");

/// The id of the element that hosts the shadow root.
pub const HOST_ID: &str = "consentry-dialog";

/// What a visitor asked for in the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiAction {
    AcceptAll,
    RejectAll,
    /// Go to the preferences layer.
    Preferences,
    /// Save the switches of the preferences layer.
    Save,
    /// Close without deciding (close button, Escape).
    Close,
    /// The floating "Cookie settings" button.
    Reopen,
}

impl UiAction {
    fn from_attr(value: &str) -> Option<UiAction> {
        Some(match value {
            "accept" => UiAction::AcceptAll,
            "reject" => UiAction::RejectAll,
            "prefs" => UiAction::Preferences,
            "save" => UiAction::Save,
            "close" => UiAction::Close,
            "reopen" => UiAction::Reopen,
            _ => return None,
        })
    }
}

/// The switches of the preferences layer as the visitor left them.
pub struct Choices {
    pub categories: Vec<String>,
    pub services: Vec<(String, String)>,
}

/// The dialog's host element and shadow root, kept for the page's life so
/// the status region can announce "Saved" after the dialog has closed.
pub struct Dialog {
    host: Element,
    root: ShadowRoot,
    layer: Cell<Option<Layer>>,
    opener: RefCell<Option<HtmlElement>>,
    inerted: RefCell<Vec<Element>>,
    listeners: RefCell<Vec<EventListener>>,
}

fn browser(what: &'static str) -> Error {
    Error::Browser(what)
}

/// The element an event started at, or the nearest ancestor matching `selector`.
fn event_element(event: &Event, selector: &str) -> Option<Element> {
    let target: Element = event.target()?.dyn_into().ok()?;
    target.closest(selector).ok().flatten()
}

impl Dialog {
    /// Creates the host with `shell` markup (see `View::shell`) and wires the
    /// listeners; `on_action` receives what the visitor asks for.
    pub fn create(shell: &str, on_action: impl Fn(UiAction) + 'static) -> Result<Rc<Dialog>, Error> {
        let doc = document()?;
        let host = doc.create_element("div").map_err(|_| browser("cannot create the dialog host"))?;
        host.set_id(HOST_ID);
        let root = host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| browser("cannot attach a shadow root"))?;
        super::shadow::fill(&root, CSS, shell);
        let parent: Element = match doc.body() {
            Some(body) => body.into(),
            None => doc.document_element().ok_or(browser("no document element"))?,
        };
        parent.append_child(&host).map_err(|_| browser("cannot insert the dialog"))?;

        let dialog = Rc::new(Dialog {
            host,
            root,
            layer: Cell::new(None),
            opener: RefCell::new(None),
            inerted: RefCell::new(Vec::new()),
            listeners: RefCell::new(Vec::new()),
        });
        let on_action = Rc::new(on_action);
        let target: &web_sys::EventTarget = dialog.root.as_ref();

        let act = Rc::clone(&on_action);
        let clicks = EventListener::new(target, "click", move |event| {
            let action = event_element(&event, "button[data-a]")
                .and_then(|b| b.get_attribute("data-a"))
                .and_then(|a| UiAction::from_attr(&a));
            if let Some(action) = action {
                act(action);
            }
        });

        let weak = Rc::downgrade(&dialog);
        let changes = EventListener::new(target, "change", move |event| {
            if let (Some(dialog), Some(input)) = (weak.upgrade(), event_element(&event, "input[data-c]")) {
                dialog.sync_switches(&input);
            }
        });

        let weak = Rc::downgrade(&dialog);
        let act = Rc::clone(&on_action);
        let keys = EventListener::new(target, "keydown", move |event| {
            let (Some(dialog), Some(key)) = (weak.upgrade(), event.dyn_ref::<KeyboardEvent>()) else {
                return;
            };
            if dialog.layer.get().is_none() {
                return;
            }
            match key.key().as_str() {
                "Escape" => {
                    event.prevent_default();
                    act(UiAction::Close);
                }
                "Tab" => dialog.trap_tab(&event, key.shift_key()),
                _ => {}
            }
        });
        dialog.listeners.borrow_mut().extend([clicks, changes, keys]);
        Ok(dialog)
    }

    fn by_id(&self, id: &str) -> Option<Element> {
        self.root.get_element_by_id(id)
    }

    /// The layer shown, or `None` when closed.
    pub fn layer(&self) -> Option<Layer> {
        self.layer.get()
    }

    /// Shows `markup` (a layer from `View::dialog`). `opener` gets focus back
    /// on close; when already open the first opener is kept.
    pub fn open(&self, layer: Layer, markup: &str, opener: Option<HtmlElement>) -> Result<(), Error> {
        let panel = self.by_id("p").ok_or(browser("the dialog panel is missing"))?;
        if self.layer.get().is_none() {
            *self.opener.borrow_mut() = opener;
            self.make_page_inert(true);
        }
        panel.set_inner_html(markup);
        self.layer.set(Some(layer));
        self.set_floating_hidden(true);
        // `indeterminate` has no attribute; the markup marks it with data-mixed.
        if let Ok(mixed) = panel.query_selector_all("input[data-mixed]") {
            for i in 0..mixed.length() {
                if let Some(input) = mixed.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
                    input.set_indeterminate(true);
                }
            }
        }
        if let Some(title) = self.by_id("cy-t").and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
            let _ = title.focus();
        }
        Ok(())
    }

    /// Closes the dialog (granting nothing by itself), gives the page back
    /// and returns focus to the opener.
    pub fn close(&self, show_floating: bool) {
        if self.layer.get().is_none() {
            return;
        }
        if let Some(panel) = self.by_id("p") {
            panel.set_inner_html("");
        }
        self.layer.set(None);
        self.make_page_inert(false);
        self.set_floating_hidden(!show_floating);
        if let Some(opener) = self.opener.borrow_mut().take() {
            if opener.is_connected() {
                let _ = opener.focus();
            }
        }
    }

    /// Says `text` through the lasting `role="status"` region.
    pub fn announce(&self, text: &str) {
        if let Some(status) = self.by_id("st") {
            status.set_text_content(Some(text));
        }
    }

    /// The floating "Cookie settings" button, when configured.
    pub fn floating_button(&self) -> Option<HtmlElement> {
        self.root.query_selector(".f").ok().flatten()?.dyn_into().ok()
    }

    fn set_floating_hidden(&self, hidden: bool) {
        if let Ok(Some(button)) = self.root.query_selector(".f") {
            let _ = if hidden { button.set_attribute("hidden", "") } else { button.remove_attribute("hidden") };
        }
    }

    /// The preferences switches as they stand.
    pub fn choices(&self) -> Choices {
        let mut choices = Choices { categories: Vec::new(), services: Vec::new() };
        let Ok(inputs) = self.root.query_selector_all("input[data-c]") else {
            return choices;
        };
        for i in 0..inputs.length() {
            let Some(input) = inputs.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) else {
                continue;
            };
            let Some(category) = input.get_attribute("data-c") else {
                continue;
            };
            let on = input.checked() || input.indeterminate();
            match input.get_attribute("data-s") {
                Some(service) if on => choices.services.push((category, service)),
                None if on => choices.categories.push(category),
                _ => {}
            }
        }
        choices
    }

    /// Keeps a category switch and its service switches consistent: the
    /// category sets all of them; the services set it to on, off or mixed.
    fn sync_switches(&self, changed: &Element) {
        let Some(category) = changed.get_attribute("data-c") else {
            return;
        };
        let mut selector = String::from("input[data-c=\"");
        selector.push_str(&category);
        selector.push_str("\"]");
        let Ok(inputs) = self.root.query_selector_all(&selector) else {
            return;
        };
        let inputs: Vec<HtmlInputElement> =
            (0..inputs.length()).filter_map(|i| inputs.item(i)?.dyn_into().ok()).collect();
        let (services, main): (Vec<_>, Vec<_>) = inputs.into_iter().partition(|i| i.has_attribute("data-s"));
        let Some(main) = main.into_iter().next() else {
            return;
        };
        if changed.has_attribute("data-s") {
            let on = services.iter().filter(|s| s.checked()).count();
            main.set_checked(on > 0);
            main.set_indeterminate(on > 0 && on < services.len());
        } else {
            main.set_indeterminate(false);
            for s in &services {
                s.set_checked(main.checked());
            }
        }
    }

    /// Tab and Shift+Tab wrap inside the dialog. Controls inside a closed
    /// `<details>` are skipped; its summary is not.
    fn trap_tab(&self, event: &Event, backwards: bool) {
        let Some(panel) = self.by_id("p") else { return };
        let Ok(list) = panel.query_selector_all("button,a[href],input:not([disabled]),summary") else {
            return;
        };
        let focusable: Vec<HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
            .filter(|e| matches!(e.closest("details:not([open]) :not(summary)"), Ok(None)))
            .collect();
        let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
            return;
        };
        let active = self.root.active_element();
        let at = |e: &HtmlElement| active.as_ref().is_some_and(|a| a == e.as_ref() as &Element);
        let outside = !focusable.iter().any(at);
        let wrap_to = if backwards && (at(first) || outside) {
            Some(last)
        } else if !backwards && (at(last) || outside && active.is_none()) {
            Some(first)
        } else {
            None
        };
        if let Some(target) = wrap_to {
            event.prevent_default();
            let _ = target.focus();
        }
    }

    /// Makes everything in `<body>` but the dialog inert (or gives it back).
    /// Only what this dialog made inert is restored.
    fn make_page_inert(&self, inert: bool) {
        let mut inerted = self.inerted.borrow_mut();
        if !inert {
            for e in inerted.drain(..) {
                let _ = e.remove_attribute("inert");
            }
            return;
        }
        let Some(parent) = self.host.parent_element() else {
            return;
        };
        let children = parent.children();
        for i in 0..children.length() {
            if let Some(child) = children.item(i) {
                if child != self.host && !child.has_attribute("inert") && child.local_name() != "script" {
                    let _ = child.set_attribute("inert", "");
                    inerted.push(child);
                }
            }
        }
    }
}
