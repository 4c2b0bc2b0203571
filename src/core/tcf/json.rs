//! [`TcModel`] as JSON, for the wasm surface. Member names are iabtcf's
//! `TCModel` names; `created` and `lastUpdated` are milliseconds since 1970
//! (`Date#getTime()`) and are kept at the string's decisecond resolution,
//! rounded as iabtcf rounds them. The publisher-TC segment is the
//! `publisherTC` object, absent when there is none.

use super::{PublisherTc, Restriction, TcModel};
use crate::core::iab::model::{array, Reader, Writer};
use crate::core::iab::Error;
use crate::core::json::{self, Json};

fn letters(reader: &Reader, key: &'static str) -> Result<[u8; 2], Error> {
    match reader.str(key)?.map(str::as_bytes) {
        Some(&[a, b]) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Ok([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
        }
        _ => Err(Error::Field(key)),
    }
}

/// Milliseconds to deciseconds, rounding half up as `Math.round(ms / 100)`.
fn deciseconds(reader: &Reader, key: &'static str) -> Result<u64, Error> {
    Ok((reader.int(key, 100 * ((1 << 36) - 1) + 49)? + 50) / 100)
}

fn restriction(value: &Json) -> Result<Restriction, Error> {
    let r = Reader::new(value, "publisherRestrictions")?;
    Ok(Restriction {
        purpose_id: r.int("purposeId", 63)? as u8,
        restriction_type: r.int("restrictionType", 3)? as u8,
        vendors: r.ids("vendors", u16::MAX)?,
    })
}

fn publisher(value: &Json) -> Result<PublisherTc, Error> {
    let r = Reader::new(value, "publisherTC")?;
    Ok(PublisherTc {
        consents: r.ids("consents", 24)?,
        legitimate_interests: r.ids("legitimateInterests", 24)?,
        num_custom_purposes: r.int("numCustomPurposes", 63)? as u8,
        custom_consents: r.ids("customConsents", 63)?,
        custom_legitimate_interests: r.ids("customLegitimateInterests", 63)?,
    })
}

/// Reads a model from JSON. Field ranges are checked again by `encode`.
pub fn model_from_json(text: &str) -> Result<TcModel, Error> {
    let value = json::parse(text).map_err(|_| Error::Json)?;
    let r = Reader::new(&value, "model")?;
    let restrictions = match r.get("publisherRestrictions") {
        None => Vec::new(),
        Some(Json::Array(items)) => items.iter().map(restriction).collect::<Result<_, _>>()?,
        Some(_) => return Err(Error::Field("publisherRestrictions")),
    };
    Ok(TcModel {
        created: deciseconds(&r, "created")?,
        last_updated: deciseconds(&r, "lastUpdated")?,
        cmp_id: r.int("cmpId", 4095)? as u16,
        cmp_version: r.int("cmpVersion", 4095)? as u16,
        consent_screen: r.int("consentScreen", 63)? as u8,
        consent_language: letters(&r, "consentLanguage")?,
        vendor_list_version: r.int("vendorListVersion", 4095)? as u16,
        policy_version: r.int("policyVersion", 63)? as u8,
        is_service_specific: r.bool("isServiceSpecific")?,
        use_non_standard_texts: r.bool("useNonStandardTexts")?,
        special_feature_optins: r.ids("specialFeatureOptins", 12)?,
        purpose_consents: r.ids("purposeConsents", 24)?,
        purpose_legitimate_interests: r.ids("purposeLegitimateInterests", 24)?,
        purpose_one_treatment: r.bool("purposeOneTreatment")?,
        publisher_country_code: letters(&r, "publisherCountryCode")?,
        vendor_consents: r.ids("vendorConsents", u16::MAX)?,
        vendor_legitimate_interests: r.ids("vendorLegitimateInterests", u16::MAX)?,
        publisher_restrictions: restrictions,
        vendors_disclosed: r.ids("vendorsDisclosed", u16::MAX)?,
        publisher: r.get("publisherTC").map(publisher).transpose()?,
    })
}

fn letters_text(l: [u8; 2]) -> String {
    l.iter().map(|&b| char::from(b)).collect()
}

/// The model as JSON (the decoder's answer to JS).
pub fn model_to_json(m: &TcModel) -> String {
    let mut w = Writer::default();
    w.int("version", super::VERSION);
    w.int("created", m.created * 100);
    w.int("lastUpdated", m.last_updated * 100);
    w.int("cmpId", m.cmp_id.into());
    w.int("cmpVersion", m.cmp_version.into());
    w.int("consentScreen", m.consent_screen.into());
    w.str("consentLanguage", &letters_text(m.consent_language));
    w.int("vendorListVersion", m.vendor_list_version.into());
    w.int("policyVersion", m.policy_version.into());
    w.bool("isServiceSpecific", m.is_service_specific);
    w.bool("useNonStandardTexts", m.use_non_standard_texts);
    w.ints("specialFeatureOptins", &m.special_feature_optins);
    w.ints("purposeConsents", &m.purpose_consents);
    w.ints("purposeLegitimateInterests", &m.purpose_legitimate_interests);
    w.bool("purposeOneTreatment", m.purpose_one_treatment);
    w.str("publisherCountryCode", &letters_text(m.publisher_country_code));
    w.ints("vendorConsents", &m.vendor_consents);
    w.ints("vendorLegitimateInterests", &m.vendor_legitimate_interests);
    let restrictions: Vec<String> = m
        .publisher_restrictions
        .iter()
        .map(|r| {
            let mut o = Writer::default();
            o.int("purposeId", r.purpose_id.into());
            o.int("restrictionType", r.restriction_type.into());
            o.ints("vendors", &r.vendors);
            o.finish()
        })
        .collect();
    w.raw("publisherRestrictions", &array(&restrictions));
    w.ints("vendorsDisclosed", &m.vendors_disclosed);
    if let Some(p) = &m.publisher {
        let mut o = Writer::default();
        o.ints("consents", &p.consents);
        o.ints("legitimateInterests", &p.legitimate_interests);
        o.int("numCustomPurposes", p.num_custom_purposes.into());
        o.ints("customConsents", &p.custom_consents);
        o.ints("customLegitimateInterests", &p.custom_legitimate_interests);
        w.raw("publisherTC", &o.finish());
    }
    w.finish()
}
