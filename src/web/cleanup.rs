//! Deletes the first-party cookies of what the visitor has not (or no longer)
//! allowed, across the domain and path variants they may have been set with.

use super::browser;
use crate::core::cookie::{deletion_strings, withdrawn_cookies};
use crate::core::{Config, Record};

/// Deletes every present cookie that `record` does not allow; returns how many.
pub fn delete_withdrawn(config: &Config, record: &Record) -> usize {
    let jar = browser::read_cookies();
    let names = withdrawn_cookies(config, record, &jar);
    if names.is_empty() {
        return 0;
    }
    let (host, path, _) = browser::location();
    for name in &names {
        for cookie in deletion_strings(name, &host, &path) {
            // A refused deletion leaves the cookie; nothing else to do.
            let _ = browser::write_cookie(&cookie);
        }
    }
    names.len()
}
