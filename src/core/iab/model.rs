//! JSON in and out of the codecs' models (what crosses the wasm boundary:
//! a JSON text each way keeps the glue to two strings).
//!
//! Reading is strict: a member of the wrong type or out of its field's
//! range is [`Error::Field`] with its name; a missing member takes its
//! default (0, false, empty), as the reference libraries' models do.

use super::ranges::normalized;
use super::Error;
use crate::core::encoding::push_decimal;
use crate::core::json::{push_string, Json};

/// A JSON object being read.
pub struct Reader<'a> {
    members: &'a [(String, Json)],
}

impl<'a> Reader<'a> {
    pub fn new(value: &'a Json, what: &'static str) -> Result<Self, Error> {
        match value {
            Json::Object(members) => Ok(Self { members }),
            _ => Err(Error::Field(what)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Json::Null)
    }

    /// An integer in `0..=max`; missing: 0.
    pub fn int(&self, key: &'static str, max: u64) -> Result<u64, Error> {
        match self.get(key) {
            None => Ok(0),
            Some(Json::Int(n)) if *n >= 0 && *n as u64 <= max => Ok(*n as u64),
            Some(_) => Err(Error::Field(key)),
        }
    }

    pub fn bool(&self, key: &'static str) -> Result<bool, Error> {
        match self.get(key) {
            None => Ok(false),
            Some(Json::Bool(b)) => Ok(*b),
            Some(_) => Err(Error::Field(key)),
        }
    }

    /// A string member; missing: `None`.
    pub fn str(&self, key: &'static str) -> Result<Option<&'a str>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s)),
            Some(_) => Err(Error::Field(key)),
        }
    }

    /// A list of ids in `1..=max`, returned sorted without duplicates.
    pub fn ids(&self, key: &'static str, max: u16) -> Result<Vec<u16>, Error> {
        let Some(value) = self.get(key) else { return Ok(Vec::new()) };
        let Json::Array(items) = value else { return Err(Error::Field(key)) };
        let ids = items
            .iter()
            .map(|v| match v {
                Json::Int(n) if *n >= 1 && *n <= i64::from(max) => Ok(*n as u16),
                _ => Err(Error::Field(key)),
            })
            .collect::<Result<Vec<u16>, Error>>()?;
        Ok(normalized(&ids))
    }

    /// A list of small integers, each in `0..=max`, of exactly `len` items.
    pub fn small_ints(&self, key: &'static str, len: usize, max: u8) -> Result<Vec<u8>, Error> {
        let Some(value) = self.get(key) else { return Ok(vec![0; len]) };
        let Json::Array(items) = value else { return Err(Error::Field(key)) };
        if items.len() != len {
            return Err(Error::Field(key));
        }
        items
            .iter()
            .map(|v| match v {
                Json::Int(n) if *n >= 0 && *n <= i64::from(max) => Ok(*n as u8),
                _ => Err(Error::Field(key)),
            })
            .collect()
    }
}

/// Writes a JSON object member by member.
pub struct Writer {
    out: String,
    first: bool,
}

impl Default for Writer {
    fn default() -> Self {
        Self { out: String::from("{"), first: true }
    }
}

impl Writer {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        push_string(&mut self.out, key);
        self.out.push(':');
    }

    pub fn int(&mut self, key: &str, n: u64) {
        self.key(key);
        push_decimal(&mut self.out, n);
    }

    pub fn bool(&mut self, key: &str, b: bool) {
        self.key(key);
        self.out.push_str(if b { "true" } else { "false" });
    }

    pub fn str(&mut self, key: &str, s: &str) {
        self.key(key);
        push_string(&mut self.out, s);
    }

    pub fn ints<T: Copy + Into<u64>>(&mut self, key: &str, ids: &[T]) {
        self.key(key);
        self.out.push('[');
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_decimal(&mut self.out, id.into());
        }
        self.out.push(']');
    }

    /// A member whose value is already JSON text.
    pub fn raw(&mut self, key: &str, json: &str) {
        self.key(key);
        self.out.push_str(json);
    }

    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// A JSON array of already-written JSON texts.
pub fn array(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push(']');
    out
}
