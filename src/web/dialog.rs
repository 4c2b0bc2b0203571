//! The consent dialog, in an open Shadow DOM so that page CSS cannot break
//! it and its CSS cannot leak out. Every config text goes in as text.

use super::browser::document;
use super::listener::EventListener;
use crate::core::i18n::{is_rtl, Texts};
use crate::core::Error;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRootInit, ShadowRootMode};

/// What a dialog button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    AcceptAll,
    RejectAll,
}

impl Action {
    fn attr(self) -> &'static str {
        match self {
            Action::AcceptAll => "accept-all",
            Action::RejectAll => "reject-all",
        }
    }

    fn from_attr(value: &str) -> Option<Action> {
        [Action::AcceptAll, Action::RejectAll]
            .into_iter()
            .find(|a| a.attr() == value)
    }
}

/// The id of the element that hosts the dialog's shadow root.
pub const HOST_ID: &str = "consentry-dialog";

/// An open dialog; closing it is dropping it.
pub struct Dialog {
    host: Element,
    _clicks: EventListener,
}

fn el(tag: &str) -> Result<Element, Error> {
    document()?
        .create_element(tag)
        .map_err(|_| Error::Browser("cannot create an element"))
}

fn append(parent: &web_sys::Node, child: &Element) -> Result<(), Error> {
    parent
        .append_child(child)
        .map(|_| ())
        .map_err(|_| Error::Browser("cannot insert the dialog"))
}

fn set(e: &Element, name: &str, value: &str) {
    // set_attribute only fails for invalid names, and ours are literals.
    let _ = e.set_attribute(name, value);
}

impl Dialog {
    /// Builds the first layer and shows it; `on_action` runs for each button.
    pub fn open(
        texts: &Texts,
        privacy_url: Option<&str>,
        on_action: impl Fn(Action) + 'static,
    ) -> Result<Dialog, Error> {
        let doc = document()?;
        let host = el("div")?;
        host.set_id(HOST_ID);
        let init = ShadowRootInit::new(ShadowRootMode::Open);
        let root = host
            .attach_shadow(&init)
            .map_err(|_| Error::Browser("cannot attach a shadow root"))?;

        let style = el("style")?;
        style.set_text_content(Some(include_str!("dialog.css")));
        append(&root, &style)?;

        let dialog = el("div")?;
        dialog.set_class_name("d");
        set(&dialog, "role", "dialog");
        set(&dialog, "aria-modal", "true");
        set(&dialog, "aria-labelledby", "consentry-title");
        set(&dialog, "aria-describedby", "consentry-text");
        set(&dialog, "lang", &texts.lang);
        set(
            &dialog,
            "dir",
            if is_rtl(&texts.lang) { "rtl" } else { "ltr" },
        );

        let title = el("h2")?;
        title.set_id("consentry-title");
        set(&title, "tabindex", "-1");
        title.set_text_content(Some(&texts.get("title")));
        append(&dialog, &title)?;

        let text = el("p")?;
        text.set_id("consentry-text");
        text.set_text_content(Some(&texts.get("description")));
        if let Some(url) = privacy_url {
            let link = el("a")?;
            set(&link, "href", url);
            link.set_text_content(Some(&texts.get("privacyPolicy")));
            text.append_with_str_1(" ")
                .map_err(|_| Error::Browser("cannot insert text"))?;
            append(&text, &link)?;
        }
        append(&dialog, &text)?;

        let row = el("div")?;
        row.set_class_name("r");
        for (action, key) in [
            (Action::AcceptAll, "acceptAll"),
            (Action::RejectAll, "rejectAll"),
        ] {
            let button = el("button")?;
            set(&button, "type", "button");
            set(&button, "data-action", action.attr());
            button.set_text_content(Some(&texts.get(key)));
            append(&row, &button)?;
        }
        append(&dialog, &row)?;
        append(&root, &dialog)?;

        let clicks = EventListener::new(&root, "click", move |event| {
            let action = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("button[data-action]").ok().flatten())
                .and_then(|b| b.get_attribute("data-action"))
                .and_then(|a| Action::from_attr(&a));
            if let Some(action) = action {
                on_action(action);
            }
        });

        let parent = doc
            .body()
            .map(|b| b.unchecked_into::<Element>())
            .or_else(|| doc.document_element());
        let parent = parent.ok_or(Error::Browser("no <body> to show the dialog in"))?;
        append(&parent, &host)?;
        // Focus the title, not "Accept all" (COMPLIANCE 21).
        if let Ok(title) = title.dyn_into::<HtmlElement>() {
            let _ = title.focus();
        }
        Ok(Dialog {
            host,
            _clicks: clicks,
        })
    }
}

impl Drop for Dialog {
    fn drop(&mut self) {
        self.host.remove();
    }
}
