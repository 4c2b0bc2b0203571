//! The US sections of GPP as tables of their fields, in spec order:
//! `usnat` (id 7, section versions 1 and 2) and `usca` (id 8, version 1),
//! each a core segment and an optional GPC subsection.
//!
//! Specs: IAB Privacy's "MSPA US National Technical Specification"
//! (version 2.0, October 2024: 16 sensitive-data categories and 3
//! known-child categories; version 1 strings carry 12 and 2) and the
//! "California Privacy Technical Specification" (version 1.0).

use crate::core::iab::bits::{BitReader, BitWriter, Padding};
use crate::core::iab::Error;
use crate::core::split::split;

/// How a field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Int(2): 0 not applicable, 1 and 2 as the field says (3 undefined).
    Int2,
    /// Int(2) where 0 is undefined too (MspaCoveredTransaction: 1 yes, 2 no).
    Int2NonZero,
    /// N-Bitfield(2, n): n values of 2 bits, each 0..=2.
    List2(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

const fn int2(name: &'static str) -> Field {
    Field { name, kind: Kind::Int2 }
}

const fn list2(name: &'static str, n: usize) -> Field {
    Field { name, kind: Kind::List2(n) }
}

const MSPA: [Field; 3] = [
    Field { name: "MspaCoveredTransaction", kind: Kind::Int2NonZero },
    int2("MspaOptOutOptionMode"),
    int2("MspaServiceProviderMode"),
];

macro_rules! usnat_fields {
    ($sensitive:expr, $child:expr) => {
        [
            int2("SharingNotice"),
            int2("SaleOptOutNotice"),
            int2("SharingOptOutNotice"),
            int2("TargetedAdvertisingOptOutNotice"),
            int2("SensitiveDataProcessingOptOutNotice"),
            int2("SensitiveDataLimitUseNotice"),
            int2("SaleOptOut"),
            int2("SharingOptOut"),
            int2("TargetedAdvertisingOptOut"),
            list2("SensitiveDataProcessing", $sensitive),
            list2("KnownChildSensitiveDataConsents", $child),
            int2("PersonalDataConsents"),
            MSPA[0],
            MSPA[1],
            MSPA[2],
        ]
    };
}

const USNAT_V1: [Field; 15] = usnat_fields!(12, 2);
const USNAT_V2: [Field; 15] = usnat_fields!(16, 3);
const USCA_V1: [Field; 11] = [
    int2("SaleOptOutNotice"),
    int2("SharingOptOutNotice"),
    int2("SensitiveDataLimitUseNotice"),
    int2("SaleOptOut"),
    int2("SharingOptOut"),
    list2("SensitiveDataProcessing", 9),
    list2("KnownChildSensitiveDataConsents", 2),
    int2("PersonalDataConsents"),
    MSPA[0],
    MSPA[1],
    MSPA[2],
];

/// Which US section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Us {
    Nat,
    Ca,
}

impl Us {
    pub const fn id(self) -> u16 {
        match self {
            Us::Nat => 7,
            Us::Ca => 8,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Us::Nat => "usnat",
            Us::Ca => "usca",
        }
    }

    /// The version written when a model does not say (the newest).
    pub const fn latest(self) -> u8 {
        match self {
            Us::Nat => 2,
            Us::Ca => 1,
        }
    }

    /// The fields after Version for a section version, or `None` for a
    /// version the spec does not define.
    pub fn fields(self, version: u8) -> Option<&'static [Field]> {
        match (self, version) {
            (Us::Nat, 1) => Some(&USNAT_V1),
            (Us::Nat, 2) => Some(&USNAT_V2),
            (Us::Ca, 1) => Some(&USCA_V1),
            _ => None,
        }
    }
}

/// A US section: its version, one value list per field of
/// [`Us::fields`] (one item for an Int(2), n for an N-Bitfield), and the
/// GPC subsection's flag when the section carries one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsSection {
    pub us: Us,
    pub version: u8,
    pub values: Vec<Vec<u8>>,
    pub gpc: Option<bool>,
}

const SUBSECTION_GPC: u64 = 1;

impl UsSection {
    /// All fields 0 (not applicable), MspaCoveredTransaction 2 (no), no GPC.
    pub fn new(us: Us) -> Self {
        let version = us.latest();
        let values = us
            .fields(version)
            .unwrap_or_default()
            .iter()
            .map(|f| match f.kind {
                Kind::Int2 => vec![0],
                Kind::Int2NonZero => vec![2],
                Kind::List2(n) => vec![0; n],
            })
            .collect();
        Self { us, version, values, gpc: None }
    }

    /// The values of field `name`.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        let fields = self.us.fields(self.version)?;
        fields.iter().position(|f| f.name == name).and_then(|i| self.values.get(i)).map(Vec::as_slice)
    }

    /// Checks one field's values against its kind.
    fn valid(field: &Field, values: &[u8]) -> bool {
        match field.kind {
            Kind::Int2 => matches!(values, [0..=2]),
            Kind::Int2NonZero => matches!(values, [1..=2]),
            Kind::List2(n) => values.len() == n && values.iter().all(|v| *v <= 2),
        }
    }

    pub fn encode(&self) -> Result<String, Error> {
        let fields = self.us.fields(self.version).ok_or(Error::Field("Version"))?;
        if self.values.len() != fields.len() {
            return Err(Error::Field("fields"));
        }
        let mut w = BitWriter::new();
        w.int(self.version.into(), 6);
        for (field, values) in fields.iter().zip(&self.values) {
            if !Self::valid(field, values) {
                return Err(Error::Field(field.name));
            }
            values.iter().for_each(|v| w.int(u64::from(*v), 2));
        }
        let mut out = w.base64url(Padding::Gpp);
        if let Some(gpc) = self.gpc {
            let mut w = BitWriter::new();
            w.int(SUBSECTION_GPC, 2);
            w.bool(gpc);
            out.push('.');
            out.push_str(&w.base64url(Padding::Gpp));
        }
        Ok(out)
    }

    pub fn decode(us: Us, text: &str) -> Result<Self, Error> {
        let mut parts = split(text, b'.');
        let mut r = BitReader::new(parts.next().unwrap_or_default())?;
        let version = r.int(6)? as u8;
        let fields = us.fields(version).ok_or(Error::Version)?;
        let mut values = Vec::with_capacity(fields.len());
        for field in fields {
            let n = match field.kind {
                Kind::List2(n) => n,
                _ => 1,
            };
            let v = (0..n).map(|_| r.int(2).map(|v| v as u8)).collect::<Result<Vec<u8>, Error>>()?;
            if !Self::valid(field, &v) {
                return Err(Error::Value(field.name));
            }
            values.push(v);
        }
        r.finish()?;
        let mut gpc = None;
        for part in parts {
            let mut r = BitReader::new(part)?;
            match r.int(2)? {
                SUBSECTION_GPC if gpc.is_none() => gpc = Some(r.bool()?),
                SUBSECTION_GPC => return Err(Error::SegmentRepeated),
                _ => return Err(Error::SegmentType),
            }
            r.finish()?;
        }
        Ok(Self { us, version, values, gpc })
    }
}
