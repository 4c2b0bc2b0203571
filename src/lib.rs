//! Consentry: a cookie-consent manager compiled to WebAssembly.
//!
//! * [`core`] is pure Rust (config, consent record, cookie codec); it never
//!   touches the browser, so it is tested natively with `cargo test`.
//! * `web` (wasm32 only) is the thin browser layer: cookies, dialog, activation.
//! * `api` (wasm32 only) is the one `#[wasm_bindgen]` surface.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod web;
