//! The consent cookie: string in, string out.
//!
//! Value format, version 1 (fields separated by `.`, all URL- and cookie-safe):
//!
//! ```text
//! 1 . revision . created . updated . id . method gpc . layout . choices
//! 1 . 3        . t4kz0w  . t4kz0w  . 16 × b64url . a0 . 6 × b64url . b64url bits
//! ```
//!
//! * `revision` is decimal; `created`/`updated` are Unix seconds in base 36.
//! * `method` is one letter ([`Method::code`]), `gpc` is `0` or `1`.
//! * `layout` is a hash of the config's category and service keys in order,
//!   so the choices can be a bitmask in config order (categories, then every
//!   category's services): 20 categories × 10 services take 37 characters.
//!   Any added, removed, renamed or moved category or service changes the
//!   hash, and the visitor is asked again.
//!
//! Decoding accepts only the canonical form (it re-encodes and compares), so
//! any tampering, truncation or foreign cookie reads as "no consent".
//!
//! The `document.cookie` side (`Set-Cookie` strings, reading the jar,
//! withdrawn cookies and their deletion) is in `jar.rs`.

use super::config::Config;
use super::encoding::{base64url_value, parse_radix, push_base36, push_decimal, BASE64URL};
use super::record::{Method, Record, ID_LEN};
use super::split::split;

/// The format version written first in every value.
mod jar;
pub use jar::{
    cookie_names, deletion_strings, matches_pattern, matching_cookies, read_cookie, set_cookie_string,
    withdrawn_cookies,
};

pub const VERSION: &str = "1";
/// Longest value the decoder looks at; real ones are about 60 bytes.
pub const MAX_VALUE_LEN: usize = 4096;

/// Why a cookie value does not hold a record for this config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    TooLong,
    /// Not our format, or another version of it.
    Format,
    /// The config's categories or services are not those it was stored for.
    LayoutChanged,
    /// Parsed, but not in the one form we write (edited by hand or corrupted).
    NotCanonical,
}

/// FNV-1a over the category and service keys, in order.
pub fn layout_hash(config: &Config) -> u32 {
    let mut h = 0x811c_9dc5;
    for c in &config.categories {
        h = fnv_key(h, &c.key, 0);
        for s in &c.services {
            h = fnv_key(h, &s.key, 1);
        }
        h = fnv_key(h, "", 2);
    }
    h
}

/// FNV-1a steps over `key` and then the `end` byte (which keeps
/// `ab` + `c` apart from `a` + `bc`).
fn fnv_key(mut h: u32, key: &str, end: u8) -> u32 {
    for b in key.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    (h ^ u32::from(end)).wrapping_mul(0x0100_0193)
}

fn push_layout(out: &mut String, hash: u32) {
    // 32 bits in six base64url characters, high bits first.
    for i in (0..6).rev() {
        out.push(char::from(BASE64URL[(hash >> (i * 6) & 63) as usize]));
    }
}

/// Appends choice bits as base64url characters, six bits each, low bit first.
struct BitWriter<'a> {
    out: &'a mut String,
    value: usize,
    count: u32,
}

impl BitWriter<'_> {
    fn push(&mut self, on: bool) {
        self.value |= usize::from(on) << self.count;
        self.count += 1;
        if self.count == 6 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.count > 0 {
            self.out.push(char::from(BASE64URL[self.value & 63]));
        }
        self.value = 0;
        self.count = 0;
    }
}

/// Encodes `record` for `config` as the cookie value.
pub fn encode(record: &Record, config: &Config) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(VERSION);
    out.push('.');
    push_decimal(&mut out, u64::from(record.revision));
    out.push('.');
    push_base36(&mut out, record.created);
    out.push('.');
    push_base36(&mut out, record.updated);
    out.push('.');
    out.push_str(&record.id);
    out.push('.');
    out.push(char::from(record.method.code()));
    out.push(if record.gpc { '1' } else { '0' });
    out.push('.');
    push_layout(&mut out, layout_hash(config));
    out.push('.');
    // The choice bits in config order: categories, then each category's services.
    let mut bits = BitWriter { out: &mut out, value: 0, count: 0 };
    for c in &config.categories {
        bits.push(record.has(&c.key));
    }
    for c in &config.categories {
        for s in &c.services {
            bits.push(record.has_service(&c.key, &s.key));
        }
    }
    bits.flush();
    out
}

/// Whether every byte of `s` is a base64url character.
fn is_base64url(s: &str) -> bool {
    s.bytes().all(|b| base64url_value(b).is_some())
}

/// The fields of a value in our format: the record without its choices,
/// the layout and the choices; `None` for anything else.
fn parse_fields(value: &str) -> Option<(Record, &str, &str)> {
    let mut fields = split(value, b'.');
    if fields.next()? != VERSION {
        return None;
    }
    let revision = u32::try_from(parse_radix(fields.next()?, 10)?).ok()?;
    let created = parse_radix(fields.next()?, 36)?;
    let updated = parse_radix(fields.next()?, 36)?;
    let id = fields.next()?;
    if id.len() != ID_LEN || !is_base64url(id) {
        return None;
    }
    let (method, gpc) = match fields.next()?.as_bytes() {
        [m, g @ (b'0' | b'1')] => (Method::from_code(*m)?, *g == b'1'),
        _ => return None,
    };
    let layout = fields.next()?;
    let choices = fields.next()?;
    if fields.next().is_some() {
        return None;
    }
    let record =
        Record { id: id.into(), revision, created, updated, method, gpc, categories: Vec::new(), services: Vec::new() };
    Some((record, layout, choices))
}

/// Decodes a cookie value for `config`. Never panics, whatever the input.
pub fn decode(value: &str, config: &Config) -> Result<Record, DecodeError> {
    if value.is_empty() {
        return Err(DecodeError::Empty);
    }
    if value.len() > MAX_VALUE_LEN {
        return Err(DecodeError::TooLong);
    }
    let (mut record, layout, choices) = parse_fields(value).ok_or(DecodeError::Format)?;
    let mut expected_layout = String::new();
    push_layout(&mut expected_layout, layout_hash(config));
    if layout != expected_layout {
        return Err(DecodeError::LayoutChanged);
    }

    let needed = config.categories.iter().map(|c| 1 + c.services.len()).sum::<usize>();
    if !is_base64url(choices) || choices.len() * 6 < needed {
        return Err(DecodeError::Format);
    }
    // Six bits per character, low bit first, in config order: categories,
    // then every category's services.
    let choices = choices.as_bytes();
    let mut next = 0;
    let mut bit = || {
        let on = choices.get(next / 6).and_then(|&c| base64url_value(c)).is_some_and(|v| v >> (next % 6) & 1 == 1);
        next += 1;
        on
    };
    for c in &config.categories {
        record.categories.push((c.key.clone(), bit()));
    }
    for c in &config.categories {
        for s in &c.services {
            record.services.push((c.key.clone(), s.key.clone(), bit()));
        }
    }
    // Padding bits set, extra characters, a leading zero: not ours.
    if encode(&record, config) != value {
        return Err(DecodeError::NotCanonical);
    }
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::record::{Decision, ID_BYTES};

    const NOW: u64 = 1_795_424_640;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap().config
    }

    fn sample() -> Config {
        config(
            r#"{"revision":3,"categories":{"necessary":{"required":true},"analytics":{},"marketing":{"services":{"fb":{},"ads":{}}}}}"#,
        )
    }

    fn record(c: &Config, d: Decision) -> Record {
        Record::decide(c, None, &d, NOW, &[42; ID_BYTES]).unwrap()
    }

    #[test]
    fn round_trips_and_is_compact() {
        let c = sample();
        for d in [Decision::AcceptAll, Decision::RejectAll, Decision::Accept(vec!["marketing".into()])] {
            let r = record(&c, d);
            let v = encode(&r, &c);
            assert!(v.len() < 60, "{v}");
            assert!(v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{v}");
            assert_eq!(decode(&v, &c), Ok(r));
        }
    }

    #[test]
    fn garbage_and_foreign_cookies_are_no_consent() {
        let c = sample();
        let good = encode(&record(&c, Decision::AcceptAll), &c);
        for bad in [
            "",
            "yes",
            "{\"categories\":[\"analytics\"]}",
            "2.3.a.a.AAAAAAAAAAAAAAAA.a0.AAAAAA.A",
            &good[..good.len() - 1],
            &(good.clone() + "A"),
            &(good.clone() + ".x"),
            &good.replacen("1.3.", "1.03.", 1),
            &"1.".repeat(5000),
        ] {
            assert!(decode(bad, &c).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn layout_change_invalidates() {
        let c = sample();
        let v = encode(&record(&c, Decision::AcceptAll), &c);
        let renamed = config(
            r#"{"revision":3,"categories":{"necessary":{"required":true},"stats":{},"marketing":{"services":{"fb":{},"ads":{}}}}}"#,
        );
        assert_eq!(decode(&v, &renamed), Err(DecodeError::LayoutChanged));
        let service_added = config(
            r#"{"revision":3,"categories":{"necessary":{"required":true},"analytics":{},"marketing":{"services":{"fb":{},"ads":{},"tt":{}}}}}"#,
        );
        assert_eq!(decode(&v, &service_added), Err(DecodeError::LayoutChanged));
    }

    #[test]
    fn padding_bits_must_be_zero() {
        let c = sample();
        let v = encode(&record(&c, Decision::RejectAll), &c);
        // 3 categories + 2 services = 5 bits in one character; set bit 5.
        let last = v.as_bytes()[v.len() - 1];
        let tampered_value = base64url_value(last).unwrap() | 32;
        let mut t = v[..v.len() - 1].to_string();
        t.push(char::from(BASE64URL[usize::from(tampered_value)]));
        assert_eq!(decode(&t, &c), Err(DecodeError::NotCanonical));
    }
}
