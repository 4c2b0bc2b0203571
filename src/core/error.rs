//! The one error type of Consentry. The browser layer turns it into a
//! `JsError` with [`Error::message`] at the JS boundary.

use super::config::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The config is invalid; every problem found, with its path.
    Config(Vec<Problem>),
    /// An API call named a category the config does not have.
    UnknownCategory(String),
    /// An API call named a service the category does not have.
    UnknownService(String, String),
    /// An API call needs a started Consentry (`init` first).
    NotStarted,
    /// Something the browser refused or lacks (raised by the browser layer).
    Browser(&'static str),
}

impl Error {
    /// A sentence for developers, starting with "Consentry:".
    pub fn message(&self) -> String {
        let mut out = String::from("Consentry: ");
        match self {
            Error::Config(problems) => {
                out.push_str("invalid config, all optional categories stay denied:");
                for p in problems {
                    out.push_str("\n  - ");
                    p.push_line(&mut out);
                }
            }
            Error::UnknownCategory(name) => {
                out.push_str("unknown category \"");
                out.push_str(name);
                out.push('"');
            }
            Error::UnknownService(category, service) => {
                out.push_str("unknown service \"");
                out.push_str(service);
                out.push_str("\" in category \"");
                out.push_str(category);
                out.push('"');
            }
            Error::NotStarted => out.push_str("not started yet; call init(config) first"),
            Error::Browser(what) => out.push_str(what),
        }
        out
    }
}
