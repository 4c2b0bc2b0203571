//! Filling an open shadow root with its stylesheet and markup.

use web_sys::{CssStyleSheet, ShadowRoot};

/// Sets `markup` as the content of `root`, styled by `css`. A constructed
/// stylesheet passes a strict `style-src 'self'` CSP, which blocks a
/// `<style>` element; the element is the fallback for browsers without
/// constructable stylesheets.
pub fn fill(root: &ShadowRoot, css: &str, markup: &str) {
    match CssStyleSheet::new().ok().filter(|sheet| sheet.replace_sync(css).is_ok()) {
        Some(sheet) => {
            root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
            root.set_inner_html(markup);
        }
        None => {
            let mut html = String::with_capacity(css.len() + markup.len() + 16);
            html.push_str("<style>");
            html.push_str(css);
            html.push_str("</style>");
            html.push_str(markup);
            root.set_inner_html(&html);
        }
    }
}
