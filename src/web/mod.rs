//! The browser layer: thin wrappers that feed the core with what the page
//! has (cookies, clock, randomness, languages) and show what it decides.

pub mod activate;
pub mod app;
pub mod browser;
pub mod cleanup;
pub mod dialog;
pub mod listener;
pub mod placeholder;
pub mod shadow;
pub mod stub;
