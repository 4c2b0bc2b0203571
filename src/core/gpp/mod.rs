//! The GPP string (IAB Tech Lab Global Privacy Platform, Consent String
//! Specification v1): a header (type 3, version 1, the section ids as a
//! Fibonacci range), then one `~`-separated text per section, in
//! ascending id order.
//!
//! Sections read and written field by field: `usnat` (7) and `usca` (8)
//! ([`us`]). `tcfeuv2` (2) carries a TC string, which the TCF module
//! encodes (this module checks only that it is base64url segments, so a
//! GPP-only site does not load the TCF codec). Any other section is kept
//! as its text, checked the same way, so a string another CMP wrote
//! survives a read and a write.

pub mod json;
pub mod stamp;
pub mod us;

use crate::core::iab::bits::{BitReader, BitWriter, Padding};
use crate::core::iab::ranges::{normalized, read_fibonacci_ranges, write_fibonacci_ranges};
use crate::core::iab::Error;
use crate::core::split::split;
use us::{Us, UsSection};

pub const HEADER_TYPE: u64 = 3;
pub const HEADER_VERSION: u64 = 1;
pub const TCFEUV2_ID: u16 = 2;

/// One section of a GPP string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// `tcfeuv2`: a TC string.
    TcfEuV2(String),
    Us(UsSection),
    /// Another section, by id, as its text.
    Other(u16, String),
}

impl Section {
    pub fn id(&self) -> u16 {
        match self {
            Section::TcfEuV2(_) => TCFEUV2_ID,
            Section::Us(s) => s.us.id(),
            Section::Other(id, _) => *id,
        }
    }
}

/// A GPP string's content: sections in ascending id order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GppModel {
    pub sections: Vec<Section>,
}

/// Non-empty dot-separated runs of base64url (and so `~`-free) text.
fn opaque(text: &str) -> Result<String, Error> {
    let ok = split(text, b'.').all(|part| !part.is_empty() && BitReader::new(part).is_ok());
    if ok {
        Ok(text.to_owned())
    } else {
        Err(Error::NotBase64)
    }
}

/// Encodes the model; sections are written in ascending id order and an
/// id may appear once.
pub fn encode(model: &GppModel) -> Result<String, Error> {
    // Ascending ids without std's sort (its panics link core::fmt).
    let ids = normalized(&model.sections.iter().map(Section::id).collect::<Vec<u16>>());
    if ids.len() != model.sections.len() || ids.first() == Some(&0) {
        return Err(Error::Field("sections"));
    }
    let sections = ids.iter().filter_map(|&id| model.sections.iter().find(|s| s.id() == id));
    let mut header = BitWriter::new();
    header.int(HEADER_TYPE, 6);
    header.int(HEADER_VERSION, 6);
    write_fibonacci_ranges(&mut header, &ids);
    let mut out = header.base64url(Padding::Gpp);
    for section in sections {
        out.push('~');
        out.push_str(&match section {
            Section::TcfEuV2(text) | Section::Other(_, text) => opaque(text)?,
            Section::Us(s) => s.encode()?,
        });
    }
    Ok(out)
}

/// Decodes a GPP string strictly: the header's section count must match
/// the texts that follow, and every known section must decode.
pub fn decode(text: &str) -> Result<GppModel, Error> {
    let parts: Vec<&str> = split(text, b'~').collect();
    let (header, texts) = parts.split_first().ok_or(Error::NotBase64)?;
    let mut r = BitReader::new(header)?;
    if r.int(6)? != HEADER_TYPE {
        return Err(Error::Header);
    }
    if r.int(6)? != HEADER_VERSION {
        return Err(Error::Version);
    }
    let ids = read_fibonacci_ranges(&mut r, texts.len())?;
    r.finish()?;
    if ids.len() != texts.len() {
        return Err(Error::SectionCount);
    }
    let sections = ids
        .iter()
        .zip(texts)
        .map(|(&id, &text)| {
            Ok(match id {
                TCFEUV2_ID => Section::TcfEuV2(opaque(text)?),
                7 => Section::Us(UsSection::decode(Us::Nat, text)?),
                8 => Section::Us(UsSection::decode(Us::Ca, text)?),
                _ => Section::Other(id, opaque(text)?),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(GppModel { sections })
}

#[cfg(test)]
mod tests;
