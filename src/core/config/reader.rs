//! The mechanics of reading a config document: where a value sits (its
//! [`Path`]), what is wrong with it (problems and warnings), and readers for
//! the JSON value kinds an option can take. What each option means is in
//! `sections.rs`.

use super::types::Problem;
use crate::core::encoding::push_decimal;
use crate::core::json::Json;
use std::str::FromStr;

/// Where a value sits in the config document, e.g.
/// `categories.analytics.cookies[2].name`. Each step lives on the stack of
/// the function reading that value and points to its parent, so stepping
/// in is free and stepping out is automatic; the text is only built when a
/// problem is reported.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The whole document.
    pub const ROOT: Path<'static> = Path { parent: None, step: Step::Root };

    /// Member `key` of the object at this path.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), step: Step::Key(key) }
    }

    /// Item `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), step: Step::Index(index) }
    }

    /// The path as text: keys joined by `.`, indexes in `[]`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        match self.step {
            Step::Root => {}
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(index) => {
                out.push('[');
                push_decimal(out, index as u64);
                out.push(']');
            }
        }
    }
}

/// Member `key` of `object` (the last one if repeated) and its path.
pub fn member<'v, 'p>(object: &'v Json, at: &'p Path<'p>, key: &'p str) -> Option<(&'v Json, Path<'p>)> {
    object.get(key).map(|value| (value, at.key(key)))
}

/// Collects what is wrong with a config while it is read: problems make
/// it invalid, warnings (unknown options, clamped values) do not.
#[derive(Default)]
pub struct Reader {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Whether a web-storage declaration was met (`Config::declares_storage`).
    pub saw_storage: bool,
}

impl Reader {
    pub fn problem(&mut self, at: &Path, message: &str) {
        self.problems.push(Problem { path: at.text(), message: message.into() });
    }

    pub fn warning(&mut self, at: &Path, message: &str) {
        self.warnings.push(Problem { path: at.text(), message: message.into() });
    }

    /// `<expected>, not <the JSON type of value>`.
    pub fn wrong_kind(&mut self, at: &Path, expected: &str, value: &Json) {
        let message: String = [expected, ", not ", value.kind()].into_iter().collect();
        self.problem(at, &message);
    }

    /// The members of an object, reporting anything else. Members whose key
    /// is not in `known` are warned about (and left for the caller to
    /// ignore); an empty `known` accepts any key (maps such as `categories`).
    pub fn object<'v>(&mut self, value: &'v Json, at: &Path, known: &[&str]) -> &'v [(String, Json)] {
        let Json::Object(members) = value else {
            self.wrong_kind(at, say!("must be an object"), value);
            return &[];
        };
        if !known.is_empty() {
            for (key, _) in members.iter().filter(|(key, _)| !known.contains(&key.as_str())) {
                // The options that are known here, for the reader of the
                // warning (and the page's diagnostics, which pick the one
                // a typo was likely meant to be).
                let mut message = String::from(say!("unknown option, ignored; options here: "));
                for (i, option) in known.iter().enumerate() {
                    if i > 0 {
                        message.push_str(", ");
                    }
                    message.push_str(option);
                }
                self.warning(&at.key(key), &message);
            }
        }
        members
    }

    /// The items of an array, reporting anything else with `message`.
    pub fn array<'v>(&mut self, value: &'v Json, at: &Path, message: &str) -> &'v [Json] {
        match value {
            Json::Array(items) => items,
            _ => {
                self.problem(at, message);
                &[]
            }
        }
    }

    /// A string value, borrowed.
    pub fn text<'v>(&mut self, value: &'v Json, at: &Path) -> Option<&'v str> {
        match value {
            Json::Str(s) => Some(s),
            other => {
                self.wrong_kind(at, say!("must be a string"), other);
                None
            }
        }
    }

    pub fn string(&mut self, value: &Json, at: &Path) -> Option<String> {
        self.text(value, at).map(String::from)
    }

    pub fn boolean(&mut self, value: &Json, at: &Path) -> Option<bool> {
        match value {
            Json::Bool(b) => Some(*b),
            _ => {
                self.problem(at, say!("must be true or false"));
                None
            }
        }
    }

    /// Member `key` of `object` as a boolean, if present and valid.
    pub fn boolean_member(&mut self, object: &Json, at: &Path, key: &str) -> Option<bool> {
        let (value, at) = member(object, at, key)?;
        self.boolean(value, &at)
    }

    /// A whole number from 0 to `max`.
    pub fn whole_number(&mut self, value: &Json, at: &Path, max: u32) -> Option<u32> {
        match value {
            Json::Int(n) => u32::try_from(*n).ok().filter(|n| *n <= max),
            _ => None,
        }
        .or_else(|| {
            let mut message = String::from(say!("must be a whole number from 0 to "));
            push_decimal(&mut message, u64::from(max));
            self.problem(at, &message);
            None
        })
    }

    /// A string that passes `valid`, else a problem with `message`.
    pub fn checked(&mut self, value: &Json, at: &Path, valid: fn(&str) -> bool, message: &str) -> Option<String> {
        let s = self.text(value, at)?;
        if valid(s) {
            Some(s.into())
        } else {
            self.problem(at, message);
            None
        }
    }

    /// Member `key` of `object` through [`Reader::checked`], if present.
    pub fn checked_member(
        &mut self,
        object: &Json,
        at: &Path,
        key: &str,
        valid: fn(&str) -> bool,
        message: &str,
    ) -> Option<String> {
        let (value, at) = member(object, at, key)?;
        self.checked(value, &at, valid, message)
    }

    /// Member `key` of `object` as one of the names `T` reads from
    /// ([`FromStr`]), if present; anything else is a problem with `message`.
    pub fn choice<T: FromStr>(&mut self, object: &Json, at: &Path, key: &str, message: &str) -> Option<T> {
        let (value, at) = member(object, at, key)?;
        let parsed = self.text(value, &at)?.parse().ok();
        if parsed.is_none() {
            self.problem(&at, message);
        }
        parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_keys_and_indexes() {
        let root = Path::ROOT;
        let categories = root.key("categories");
        let analytics = categories.key("analytics");
        let cookies = analytics.key("cookies");
        let third = cookies.index(2);
        assert_eq!(third.key("name").text(), "categories.analytics.cookies[2].name");
        assert_eq!(root.text(), "");
        assert_eq!(root.index(0).text(), "[0]");
    }
}
