//! Consentry: a cookie-consent manager compiled to WebAssembly.
//!
//! * [`core`] is pure Rust (config, consent record, cookie codec); it never
//!   touches the browser, so it is tested natively with `cargo test`.
//!   [`core::session::Session`] is a page's running Consentry; the JS entry
//!   feeds it the cookie jar, the clock and randomness, and writes back the
//!   cookie strings it returns.
//! * `api` (wasm32 only) is the one `#[wasm_bindgen]` surface. The page work
//!   (dialog elements, activation of held markup) is the JS entry's (`js/`):
//!   done from Rust, every DOM call would cost wasm code and a JS shim.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
