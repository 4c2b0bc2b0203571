//! The IAB codecs' error: a stable code for programs (`tcf.truncated`) and
//! a sentence for developers. Built without `core::fmt`.

use crate::core::encoding::push_decimal;

/// Why a TC string, a GPP string, a model or a GVL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// A character outside the base64url alphabet, or an empty segment.
    NotBase64,
    /// The data ends inside a field.
    Truncated,
    /// Bits after the last field that are not zero padding.
    Padding,
    /// An encoding version this codec does not read.
    Version,
    /// A segment (TCF) or section (GPP) type that is unknown or unsupported.
    SegmentType,
    /// A segment or section that appears twice.
    SegmentRepeated,
    /// A segment the spec makes mandatory is missing (TCF v2.3: disclosed vendors).
    SegmentMissing,
    /// A vendor id of 0, or above the section's MaxVendorId.
    VendorId,
    /// A range whose end is below its start.
    RangeOrder,
    /// A decoded field holds a value the spec does not define.
    Value(&'static str),
    /// A model field is missing, of the wrong type or out of its range.
    Field(&'static str),
    /// A text that is not JSON.
    Json,
    /// The GPP header is not of type 3 / version 1, or lists ids out of order.
    Header,
    /// The GPP header lists a different number of sections than the string has.
    SectionCount,
    /// The GVL is missing a field or has one of the wrong type.
    Gvl(&'static str),
    /// A vendor id the GVL does not list.
    UnknownVendor(u16),
    /// A vendor the GVL lists as deleted.
    DeletedVendor(u16),
    /// A GVL older than the one the TC string was made with.
    GvlOlder,
}

impl Error {
    /// A stable code: `iab.` plus a word, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotBase64 => "iab.base64",
            Error::Truncated => "iab.truncated",
            Error::Padding => "iab.padding",
            Error::Version => "iab.version",
            Error::SegmentType => "iab.segment-type",
            Error::SegmentRepeated => "iab.segment-repeated",
            Error::SegmentMissing => "iab.segment-missing",
            Error::VendorId => "iab.vendor-id",
            Error::RangeOrder => "iab.range-order",
            Error::Value(_) => "iab.value",
            Error::Field(_) => "iab.field",
            Error::Json => "iab.json",
            Error::Header => "iab.header",
            Error::SectionCount => "iab.section-count",
            Error::Gvl(_) => "iab.gvl",
            Error::UnknownVendor(_) => "iab.unknown-vendor",
            Error::DeletedVendor(_) => "iab.deleted-vendor",
            Error::GvlOlder => "iab.gvl-older",
        }
    }

    /// `code: sentence` (the JS side splits it into `err.code` and the message).
    pub fn message(&self) -> String {
        let mut out = String::from(self.code());
        out.push_str(": ");
        out.push_str(match self {
            Error::NotBase64 => "not base64url, or an empty segment",
            Error::Truncated => "the string ends inside a field",
            Error::Padding => "bits after the last field that are not zero padding",
            Error::Version => "an encoding version this codec does not read",
            Error::SegmentType => "an unknown or unsupported segment type",
            Error::SegmentRepeated => "a segment appears twice",
            Error::SegmentMissing => "the mandatory disclosed-vendors segment is missing",
            Error::VendorId => "a vendor id of 0 or above MaxVendorId",
            Error::RangeOrder => "a range ends before it starts",
            Error::Value(_) => "a field holds a value the spec does not define: ",
            Error::Field(_) => "a model field is missing, of the wrong type or out of range: ",
            Error::Json => "not JSON",
            Error::Header => "the GPP header is not type 3 version 1 with ascending section ids",
            Error::SectionCount => "the GPP header lists another number of sections than the string has",
            Error::Gvl(_) => "the vendor list lacks a field or has one of the wrong type: ",
            Error::UnknownVendor(_) => "a vendor id the vendor list does not have: ",
            Error::DeletedVendor(_) => "a vendor the vendor list marks as deleted: ",
            Error::GvlOlder => "the vendor list is older than the one the TC string was made with",
        });
        if let Error::Value(what) | Error::Field(what) | Error::Gvl(what) = self {
            out.push_str(what);
        }
        if let Error::UnknownVendor(id) | Error::DeletedVendor(id) = self {
            push_decimal(&mut out, u64::from(*id));
        }
        out
    }
}
