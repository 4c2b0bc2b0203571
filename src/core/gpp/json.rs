//! [`GppModel`] as JSON, for the wasm surface:
//! `{"sectionIds":[2,7],"sections":{"tcfeuv2":"CQ…","usnat":{…},"9":"…"}}`.
//! A US section's members are its spec field names (UpperCamelCase, as
//! the GPP CMP API and iabgpp name them): `Version`, the fields, and
//! `GpcSegmentIncluded` / `Gpc` for the GPC subsection. Sections other
//! than tcfeuv2, usnat and usca are keyed by their numeric id.

use super::us::{Kind, Us, UsSection};
use super::{GppModel, Section, TCFEUV2_ID};
use crate::core::encoding::{parse_radix, push_decimal};
use crate::core::iab::model::{Reader, Writer};
use crate::core::iab::Error;
use crate::core::json::{self, Json};

fn us_from_json(us: Us, value: &Json) -> Result<UsSection, Error> {
    let r = Reader::new(value, us.name())?;
    let version = match r.get("Version") {
        None => us.latest(),
        Some(_) => r.int("Version", 63)? as u8,
    };
    let fields = us.fields(version).ok_or(Error::Field("Version"))?;
    let mut section = UsSection::new(us);
    section.version = version;
    section.values = fields
        .iter()
        .map(|f| match f.kind {
            Kind::List2(n) => r.small_ints(f.name, n, 2),
            Kind::Int2 => r.int(f.name, 2).map(|v| vec![v as u8]),
            Kind::Int2NonZero => match r.get(f.name) {
                None => Ok(vec![2]),
                Some(_) => r.int(f.name, 2).map(|v| vec![v as u8]),
            },
        })
        .collect::<Result<_, _>>()?;
    section.gpc = if r.bool("GpcSegmentIncluded")? { Some(r.bool("Gpc")?) } else { None };
    Ok(section)
}

/// Reads a model from JSON; checks that `encode` repeats.
pub fn model_from_json(text: &str) -> Result<GppModel, Error> {
    let value = json::parse(text).map_err(|_| Error::Json)?;
    let root = Reader::new(&value, "model")?;
    let Some(Json::Object(members)) = root.get("sections") else {
        return match root.get("sections") {
            None => Ok(GppModel::default()),
            Some(_) => Err(Error::Field("sections")),
        };
    };
    let sections = members
        .iter()
        .filter(|(_, v)| *v != Json::Null)
        .map(|(key, v)| match (key.as_str(), v) {
            ("usnat", v) => us_from_json(Us::Nat, v).map(Section::Us),
            ("usca", v) => us_from_json(Us::Ca, v).map(Section::Us),
            ("tcfeuv2", Json::Str(s)) => Ok(Section::TcfEuV2(s.clone())),
            (id, Json::Str(s)) => match parse_radix(id, 10) {
                Some(n @ 1..=65535) if ![TCFEUV2_ID, Us::Nat.id(), Us::Ca.id()].contains(&(n as u16)) => {
                    Ok(Section::Other(n as u16, s.clone()))
                }
                _ => Err(Error::Field("sections")),
            },
            _ => Err(Error::Field("sections")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(GppModel { sections })
}

fn us_to_json(s: &UsSection) -> String {
    let mut w = Writer::default();
    w.int("Version", s.version.into());
    for (field, values) in s.us.fields(s.version).unwrap_or_default().iter().zip(&s.values) {
        match (field.kind, values.as_slice()) {
            (Kind::List2(_), list) => w.ints(field.name, list),
            (_, [v]) => w.int(field.name, u64::from(*v)),
            _ => {}
        }
    }
    w.bool("GpcSegmentIncluded", s.gpc.is_some());
    w.bool("Gpc", s.gpc.unwrap_or(false));
    w.finish()
}

/// The model as JSON (the decoder's answer to JS).
pub fn model_to_json(m: &GppModel) -> String {
    let mut sections = Writer::default();
    let mut ids = Vec::new();
    for section in &m.sections {
        ids.push(section.id());
        match section {
            Section::TcfEuV2(text) => sections.str("tcfeuv2", text),
            Section::Us(s) => sections.raw(s.us.name(), &us_to_json(s)),
            Section::Other(id, text) => {
                let mut key = String::new();
                push_decimal(&mut key, u64::from(*id));
                sections.str(&key, text);
            }
        }
    }
    let mut w = Writer::default();
    w.int("version", super::HEADER_VERSION);
    w.ints("sectionIds", &ids);
    w.raw("sections", &sections.finish());
    w.finish()
}
