//! What the two IAB codecs share: the error type, the bit reader and writer
//! over base64url ([`bits`]), the id-set encodings both specs use
//! ([`ranges`]), and the JSON helpers their model mappings use ([`model`]).
//!
//! The TC string ([`super::tcf`]) and the GPP string ([`super::gpp`]) are
//! separate wasm modules; this folder is compiled into each.

pub mod bits;
pub mod error;
pub mod model;
pub mod ranges;

pub use error::Error;
