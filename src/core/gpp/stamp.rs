//! The regions record's cookie (`<cookie name>-gpp`, docs/regions.md):
//! the rule and region the visitor's choice was given under, and the GPP
//! string that goes with it, kept in step with the consent cookie.
//!
//! Version 1, three `.`-separated fields, then the GPP string (which may
//! itself hold dots: a tcfeuv2 section's segments):
//!
//! ```text
//! 1 . o . US-CA . DBABLA~BVQqAAAAAgA.QA
//! ```
//!
//! * the rule: `i` opt-in, `o` opt-out, `n` notice, `x` none;
//! * the region (empty when the page named none);
//! * the GPP string.
//!
//! Decoding takes only the form [`encode`] writes; anything else (another
//! version, a region that is not a code, a truncated value) is "no stamp",
//! and the visitor is treated as one whose choice carries no rule (opt-in,
//! as every choice before regions existed).

use crate::core::config::regions::{is_region_code, Rule};
use crate::core::split::split;

pub const VERSION: &str = "1";
/// Longest value looked at; a GPP string with a TC string fits well under it.
pub const MAX_LEN: usize = 3000;

/// What the stamp says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub rule: Rule,
    /// Empty: the page named no region.
    pub region: String,
    pub gpp: String,
}

fn code(rule: Rule) -> char {
    match rule {
        Rule::OptIn => 'i',
        Rule::OptOut => 'o',
        Rule::Notice => 'n',
        Rule::None => 'x',
    }
}

/// Whether `s` may be a GPP string in a cookie value: base64url, `~`, `.`.
fn is_gpp_text(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~' | b'.'))
}

/// The cookie value for `stamp`; `None` when its region or GPP string
/// cannot be written (the caller writes no stamp then).
pub fn encode(stamp: &Stamp) -> Option<String> {
    let region_ok = stamp.region.is_empty() || (stamp.region != "*" && is_region_code(&stamp.region));
    if !region_ok || !is_gpp_text(&stamp.gpp) || stamp.gpp.len() + 16 > MAX_LEN {
        return None;
    }
    let mut out = String::with_capacity(stamp.gpp.len() + 12);
    out.push_str(VERSION);
    out.push('.');
    out.push(code(stamp.rule));
    out.push('.');
    out.push_str(&stamp.region);
    out.push('.');
    out.push_str(&stamp.gpp);
    Some(out)
}

/// The stamp in `value`, or `None`. Never panics, whatever the input.
pub fn decode(value: &str) -> Option<Stamp> {
    if value.len() > MAX_LEN {
        return None;
    }
    let mut fields = split(value, b'.');
    if fields.next()? != VERSION {
        return None;
    }
    let rule = match fields.next()? {
        "i" => Rule::OptIn,
        "o" => Rule::OptOut,
        "n" => Rule::Notice,
        "x" => Rule::None,
        _ => return None,
    };
    let region = fields.next()?;
    // What is left is the GPP string, dots and all.
    let offset = VERSION.len() + 3 + region.len() + 1;
    let gpp = value.get(offset..)?;
    let stamp = Stamp { rule, region: region.into(), gpp: gpp.into() };
    // Only the one form encode writes.
    (encode(&stamp).as_deref() == Some(value)).then_some(stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_everything_else() {
        let stamp = Stamp { rule: Rule::OptOut, region: "US-CA".into(), gpp: "DBABLA~BVQqAAAAAgA.QA".into() };
        let value = encode(&stamp).unwrap();
        assert_eq!(value, "1.o.US-CA.DBABLA~BVQqAAAAAgA.QA");
        assert_eq!(decode(&value), Some(stamp));
        let unknown = Stamp { rule: Rule::OptIn, region: String::new(), gpp: "DBAA".into() };
        assert_eq!(decode(&encode(&unknown).unwrap()), Some(unknown));
        for bad in [
            "",
            "1",
            "1.o",
            "1.o.US-CA",
            "1.o.US-CA.",
            "2.o.US-CA.DBAA",
            "1.q.US-CA.DBAA",
            "1.o.us-ca.DBAA",
            "1.o.*.DBAA",
            "1.o.US-CA.DB AA",
            "1.oo.US.DBAA",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        assert_eq!(encode(&Stamp { rule: Rule::OptIn, region: "usa".into(), gpp: "DBAA".into() }), None);
    }
}
