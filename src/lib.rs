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

/// A small free-list allocator instead of std's dlmalloc (about 7 KB less
/// wasm). The page is single-threaded: wasm32-unknown-unknown has no threads
/// unless built with atomics, which this crate is not.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: the allocator is only ever used from the one wasm thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(target_arch = "wasm32")]
pub mod api;
