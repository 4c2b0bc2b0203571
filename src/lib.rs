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

#[cfg(all(target_arch = "wasm32", not(any(feature = "module-tcf", feature = "module-gpp"))))]
pub mod api;

// The IAB codecs are separate wasm modules, fetched only by the sites that
// configure them: built with one of these features, the crate exports that
// codec's surface instead of the core's (scripts/build.sh).
#[cfg(all(target_arch = "wasm32", feature = "module-gpp"))]
#[path = "api/gpp.rs"]
pub mod api_gpp;
#[cfg(all(target_arch = "wasm32", feature = "module-tcf"))]
#[path = "api/tcf.rs"]
pub mod api_tcf;
