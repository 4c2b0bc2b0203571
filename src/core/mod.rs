//! The pure core: no browser bindings here. The clock (`now`, Unix seconds)
//! and randomness (consent-id bytes) are passed in by the caller, so all of
//! it runs and is tested natively.

#[macro_use]
pub mod say;

pub mod config;
pub mod cookie;
pub mod encoding;
pub mod error;
pub mod i18n;
pub mod json;
pub mod record;
pub mod server;
pub mod session;
pub mod split;
pub mod trackers;
pub mod view;
pub mod withdrawal;

// The IAB codecs are compiled natively (tests) and into their own wasm
// modules, never into the core's wasm: present there even as dead code,
// they change LLVM's inlining of the core and so its bytes.
#[cfg(any(not(target_arch = "wasm32"), feature = "module-gpp"))]
pub mod gpp;
#[cfg(any(not(target_arch = "wasm32"), feature = "module-tcf", feature = "module-gpp"))]
pub mod iab;
#[cfg(any(not(target_arch = "wasm32"), feature = "module-tcf"))]
pub mod tcf;

pub use config::{Config, Parsed, Problem};
pub use error::Error;
pub use record::{Decision, Method, Record, Validity};
