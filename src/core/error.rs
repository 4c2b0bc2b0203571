//! The one error type of the core. At the JS boundary each error becomes a
//! JS `Error` with [`Error::message`] as its message and [`Error::code`] as
//! its `code` (docs/contract.md lists the codes).

use super::config::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The config is invalid; every problem found, with its path.
    Config(Vec<Problem>),
    /// An API call named a category the config does not have.
    UnknownCategory(String),
    /// An API call named a service the category does not have.
    UnknownService { category: String, service: String },
    /// An argument the API cannot use (what it should have been).
    BadArgument(&'static str),
}

impl Error {
    /// A stable name for the kind of error, for code that handles it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Config(_) => "config-invalid",
            Error::UnknownCategory(_) => "unknown-category",
            Error::UnknownService { .. } => "unknown-service",
            Error::BadArgument(_) => "bad-argument",
        }
    }

    /// A sentence for developers, starting with "Consentry:".
    pub fn message(&self) -> String {
        let mut out = String::from("Consentry: ");
        match self {
            Error::Config(problems) => {
                out.push_str("invalid config, all optional categories stay denied:");
                for problem in problems {
                    out.push_str("\n  - ");
                    out.push_str(&problem.line());
                }
            }
            Error::UnknownCategory(name) => out.extend(["unknown category \"", name, "\""]),
            Error::UnknownService { category, service } => {
                out.extend(["unknown service \"", service, "\" in category \"", category, "\""]);
            }
            Error::BadArgument(what) => out.push_str(what),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_and_a_sentence() {
        let problem = Problem { path: "revision".into(), message: "must be a whole number".into() };
        let cases = [
            (Error::Config(vec![problem]), "config-invalid", "revision: must be a whole number"),
            (Error::UnknownCategory("ads".into()), "unknown-category", "unknown category \"ads\""),
            (
                Error::UnknownService { category: "ads".into(), service: "fb".into() },
                "unknown-service",
                "unknown service \"fb\" in category \"ads\"",
            ),
            (Error::BadArgument("a consent id needs 12 random bytes"), "bad-argument", "12 random bytes"),
        ];
        for (error, code, part) in cases {
            assert_eq!(error.code(), code);
            let message = error.message();
            assert!(message.starts_with("Consentry: ") && message.contains(part), "{message}");
        }
    }
}
