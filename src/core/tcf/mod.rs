//! The TCF v2.3 TC string: a plain-data model ([`TcModel`]), its encoder
//! and its strict decoder. Spec: IAB Tech Lab, "Transparency and Consent
//! String with Global Vendor & CMP List Formats", v2.3 (April 2025).
//!
//! Segments: the core string, then the disclosed-vendors segment (always
//! written: mandatory since v2.3), then the publisher-TC segment when the
//! model has one. The vendor sections are written as a bitfield or as
//! ranges, whichever is shorter ([`vendors`]). Decoding refuses anything
//! the spec does not define, never guesses, and never panics.

pub mod gvl;
pub mod json;
pub mod vendors;

use crate::core::iab::bits::{BitReader, BitWriter, Padding};
use crate::core::iab::ranges::{normalized, read_bitfield, write_bitfield};
use crate::core::iab::Error;
use crate::core::split::split;
use vendors::{read_restrictions, read_vendor_vector, write_restrictions, write_vendor_vector};

/// The encoding version this codec reads and writes.
pub const VERSION: u64 = 2;
/// The TCF policy version of TCF v2.3.
pub const POLICY_VERSION: u8 = 5;
/// From this policy version on, the disclosed-vendors segment is mandatory.
const DISCLOSED_VENDORS_MANDATORY_FROM: u8 = 5;

const SEGMENT_DISCLOSED_VENDORS: u64 = 1;
const SEGMENT_PUBLISHER_TC: u64 = 3;

/// A publisher restriction: vendors for whom the publisher overrides the
/// legal basis of one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Restriction {
    /// 1..=63.
    pub purpose_id: u8,
    /// 0 not allowed, 1 require consent, 2 require legitimate interest.
    pub restriction_type: u8,
    /// Sorted, unique, non-empty.
    pub vendors: Vec<u16>,
}

/// The publisher-TC segment: the publisher's own purposes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublisherTc {
    /// Purpose ids 1..=24.
    pub consents: Vec<u16>,
    pub legitimate_interests: Vec<u16>,
    /// 0..=63 custom purposes, numbered from 1.
    pub num_custom_purposes: u8,
    pub custom_consents: Vec<u16>,
    pub custom_legitimate_interests: Vec<u16>,
}

/// Everything a TC string holds. Id lists are sorted and unique (the
/// decoder makes them so; the encoder sorts a copy of what it is given).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TcModel {
    /// Deciseconds since 1970 (36 bits); the spec asks for the day's start.
    pub created: u64,
    pub last_updated: u64,
    pub cmp_id: u16,
    pub cmp_version: u16,
    pub consent_screen: u8,
    /// Two letters A-Z (ISO 639-1, upper case).
    pub consent_language: [u8; 2],
    pub vendor_list_version: u16,
    pub policy_version: u8,
    pub is_service_specific: bool,
    pub use_non_standard_texts: bool,
    /// Special feature ids 1..=12.
    pub special_feature_optins: Vec<u16>,
    /// Purpose ids 1..=24.
    pub purpose_consents: Vec<u16>,
    pub purpose_legitimate_interests: Vec<u16>,
    pub purpose_one_treatment: bool,
    /// Two letters A-Z (ISO 3166-1 alpha-2).
    pub publisher_country_code: [u8; 2],
    /// Vendor ids 1..=65535.
    pub vendor_consents: Vec<u16>,
    pub vendor_legitimate_interests: Vec<u16>,
    pub publisher_restrictions: Vec<Restriction>,
    pub vendors_disclosed: Vec<u16>,
    pub publisher: Option<PublisherTc>,
}

/// Fails with `Field(name)` unless `value < 2^width`.
fn fits(value: u64, width: u32, name: &'static str) -> Result<u64, Error> {
    if value >> width == 0 {
        Ok(value)
    } else {
        Err(Error::Field(name))
    }
}

/// Ids within `1..=max` (what a fixed bitfield can hold).
fn within(ids: &[u16], max: u16, name: &'static str) -> Result<Vec<u16>, Error> {
    let ids = normalized(ids);
    if ids.first() == Some(&0) || ids.last().is_some_and(|&id| id > max) {
        return Err(Error::Field(name));
    }
    Ok(ids)
}

fn write_letters(w: &mut BitWriter, letters: [u8; 2], name: &'static str) -> Result<(), Error> {
    for l in letters {
        if !l.is_ascii_uppercase() {
            return Err(Error::Field(name));
        }
        w.int(u64::from(l - b'A'), 6);
    }
    Ok(())
}

fn read_letters(r: &mut BitReader, name: &'static str) -> Result<[u8; 2], Error> {
    let mut out = [0u8; 2];
    for slot in &mut out {
        let v = r.int(6)? as u8;
        if v > 25 {
            return Err(Error::Value(name));
        }
        *slot = b'A' + v;
    }
    Ok(out)
}

/// Encodes `model` as a TC string (core . disclosed vendors [. publisher TC]).
pub fn encode(model: &TcModel) -> Result<String, Error> {
    let mut core = BitWriter::new();
    core.int(VERSION, 6);
    core.int(fits(model.created, 36, "created")?, 36);
    core.int(fits(model.last_updated, 36, "lastUpdated")?, 36);
    core.int(fits(model.cmp_id.into(), 12, "cmpId")?, 12);
    core.int(fits(model.cmp_version.into(), 12, "cmpVersion")?, 12);
    core.int(fits(model.consent_screen.into(), 6, "consentScreen")?, 6);
    write_letters(&mut core, model.consent_language, "consentLanguage")?;
    core.int(fits(model.vendor_list_version.into(), 12, "vendorListVersion")?, 12);
    core.int(fits(model.policy_version.into(), 6, "policyVersion")?, 6);
    core.bool(model.is_service_specific);
    core.bool(model.use_non_standard_texts);
    write_bitfield(&mut core, &within(&model.special_feature_optins, 12, "specialFeatureOptins")?, 12);
    write_bitfield(&mut core, &within(&model.purpose_consents, 24, "purposeConsents")?, 24);
    write_bitfield(&mut core, &within(&model.purpose_legitimate_interests, 24, "purposeLegitimateInterests")?, 24);
    core.bool(model.purpose_one_treatment);
    write_letters(&mut core, model.publisher_country_code, "publisherCountryCode")?;
    write_vendor_vector(&mut core, &within(&model.vendor_consents, u16::MAX, "vendorConsents")?);
    write_vendor_vector(&mut core, &within(&model.vendor_legitimate_interests, u16::MAX, "vendorLegitimateInterests")?);
    write_restrictions(&mut core, &model.publisher_restrictions)?;

    let mut out = core.base64url(Padding::Tcf);
    let mut disclosed = BitWriter::new();
    disclosed.int(SEGMENT_DISCLOSED_VENDORS, 3);
    write_vendor_vector(&mut disclosed, &within(&model.vendors_disclosed, u16::MAX, "vendorsDisclosed")?);
    out.push('.');
    out.push_str(&disclosed.base64url(Padding::Tcf));

    if let Some(publisher) = &model.publisher {
        let mut w = BitWriter::new();
        w.int(SEGMENT_PUBLISHER_TC, 3);
        write_bitfield(&mut w, &within(&publisher.consents, 24, "publisherTC.consents")?, 24);
        write_bitfield(&mut w, &within(&publisher.legitimate_interests, 24, "publisherTC.legitimateInterests")?, 24);
        let n = fits(publisher.num_custom_purposes.into(), 6, "publisherTC.numCustomPurposes")?;
        w.int(n, 6);
        let n = n as u16;
        write_bitfield(&mut w, &within(&publisher.custom_consents, n, "publisherTC.customConsents")?, n);
        write_bitfield(
            &mut w,
            &within(&publisher.custom_legitimate_interests, n, "publisherTC.customLegitimateInterests")?,
            n,
        );
        out.push('.');
        out.push_str(&w.base64url(Padding::Tcf));
    }
    Ok(out)
}

fn decode_core(text: &str) -> Result<TcModel, Error> {
    let mut r = BitReader::new(text)?;
    if r.int(6)? != VERSION {
        return Err(Error::Version);
    }
    let model = TcModel {
        created: r.int(36)?,
        last_updated: r.int(36)?,
        cmp_id: r.int(12)? as u16,
        cmp_version: r.int(12)? as u16,
        consent_screen: r.int(6)? as u8,
        consent_language: read_letters(&mut r, "consentLanguage")?,
        vendor_list_version: r.int(12)? as u16,
        policy_version: r.int(6)? as u8,
        is_service_specific: r.bool()?,
        use_non_standard_texts: r.bool()?,
        special_feature_optins: read_bitfield(&mut r, 12)?,
        purpose_consents: read_bitfield(&mut r, 24)?,
        purpose_legitimate_interests: read_bitfield(&mut r, 24)?,
        purpose_one_treatment: r.bool()?,
        publisher_country_code: read_letters(&mut r, "publisherCountryCode")?,
        vendor_consents: read_vendor_vector(&mut r)?,
        vendor_legitimate_interests: read_vendor_vector(&mut r)?,
        publisher_restrictions: read_restrictions(&mut r)?,
        vendors_disclosed: Vec::new(),
        publisher: None,
    };
    r.finish()?;
    Ok(model)
}

fn decode_publisher(r: &mut BitReader) -> Result<PublisherTc, Error> {
    let consents = read_bitfield(r, 24)?;
    let legitimate_interests = read_bitfield(r, 24)?;
    let n = r.int(6)? as u8;
    Ok(PublisherTc {
        consents,
        legitimate_interests,
        num_custom_purposes: n,
        custom_consents: read_bitfield(r, n.into())?,
        custom_legitimate_interests: read_bitfield(r, n.into())?,
    })
}

/// Decodes a TC string. The core segment comes first; the others follow
/// in any order (the spec allows it), each at most once. A string of policy
/// version 5 or later without the disclosed-vendors segment is refused.
pub fn decode(text: &str) -> Result<TcModel, Error> {
    let mut parts = split(text, b'.');
    let mut model = decode_core(parts.next().unwrap_or_default())?;
    let mut disclosed = false;
    for part in parts {
        let mut r = BitReader::new(part)?;
        match r.int(3)? {
            SEGMENT_DISCLOSED_VENDORS if !disclosed => {
                disclosed = true;
                model.vendors_disclosed = read_vendor_vector(&mut r)?;
            }
            SEGMENT_PUBLISHER_TC if model.publisher.is_none() => model.publisher = Some(decode_publisher(&mut r)?),
            SEGMENT_DISCLOSED_VENDORS | SEGMENT_PUBLISHER_TC | 0 => return Err(Error::SegmentRepeated),
            // SEGMENT_ALLOWED_VENDORS served global-scope strings, invalid
            // since 2021; the other types are not defined.
            _ => return Err(Error::SegmentType),
        }
        r.finish()?;
    }
    if !disclosed && model.policy_version >= DISCLOSED_VENDORS_MANDATORY_FROM {
        return Err(Error::SegmentMissing);
    }
    Ok(model)
}

#[cfg(test)]
mod tests;
