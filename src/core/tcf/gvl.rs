//! The Global Vendor List as `consentry gvl` writes it: the IAB's list
//! trimmed to a site's vendors (same shape, fewer entries; translations in
//! an extra `translations` member this reader leaves to the dialog).
//!
//! Read strictly: a member of the wrong type is [`Error::Gvl`] with its
//! name. A vendor id the list lacks or a deleted vendor is an error for
//! whoever asks for it ([`Gvl::vendor`]), never a silent grant.

use super::TcModel;
use crate::core::encoding::parse_radix;
use crate::core::iab::Error;
use crate::core::json::{self, Json};

/// A purpose, special purpose, feature, special feature or data category.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    pub id: u16,
    pub name: String,
    pub description: String,
    pub illustrations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stack {
    pub id: u16,
    pub name: String,
    pub description: String,
    pub purposes: Vec<u16>,
    pub special_features: Vec<u16>,
}

/// How long a vendor keeps data: a standard period and per-purpose ones (days).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataRetention {
    pub std_retention: Option<u32>,
    pub purposes: Vec<(u16, u32)>,
    pub special_purposes: Vec<(u16, u32)>,
}

/// A vendor's privacy-policy and legitimate-interest-claim links for a language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VendorUrl {
    pub lang_id: String,
    pub privacy: String,
    pub leg_int_claim: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vendor {
    pub id: u16,
    pub name: String,
    pub purposes: Vec<u16>,
    pub leg_int_purposes: Vec<u16>,
    pub flexible_purposes: Vec<u16>,
    pub special_purposes: Vec<u16>,
    pub features: Vec<u16>,
    pub special_features: Vec<u16>,
    /// Seconds; `None` when the vendor stores nothing with a lifetime.
    pub cookie_max_age_seconds: Option<i64>,
    pub uses_cookies: bool,
    pub cookie_refresh: bool,
    pub uses_non_cookie_access: bool,
    pub device_storage_disclosure_url: Option<String>,
    pub data_retention: Option<DataRetention>,
    pub data_declaration: Vec<u16>,
    pub urls: Vec<VendorUrl>,
    pub deleted_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gvl {
    pub gvl_specification_version: u16,
    pub vendor_list_version: u16,
    pub tcf_policy_version: u8,
    pub last_updated: String,
    pub purposes: Vec<Item>,
    pub special_purposes: Vec<Item>,
    pub features: Vec<Item>,
    pub special_features: Vec<Item>,
    pub data_categories: Vec<Item>,
    pub stacks: Vec<Stack>,
    /// In the list's order.
    pub vendors: Vec<Vendor>,
}

fn member<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    v.get(key).filter(|m| **m != Json::Null)
}

fn int(v: &Json, key: &'static str, max: i64) -> Result<i64, Error> {
    match member(v, key) {
        Some(Json::Int(n)) if (0..=max).contains(n) => Ok(*n),
        _ => Err(Error::Gvl(key)),
    }
}

fn opt_int(v: &Json, key: &'static str) -> Result<Option<i64>, Error> {
    match member(v, key) {
        None => Ok(None),
        Some(Json::Int(n)) => Ok(Some(*n)),
        Some(_) => Err(Error::Gvl(key)),
    }
}

fn text(v: &Json, key: &'static str) -> Result<String, Error> {
    opt_text(v, key)?.ok_or(Error::Gvl(key))
}

fn opt_text(v: &Json, key: &'static str) -> Result<Option<String>, Error> {
    match member(v, key) {
        None => Ok(None),
        Some(Json::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::Gvl(key)),
    }
}

fn flag(v: &Json, key: &'static str) -> Result<bool, Error> {
    match member(v, key) {
        None => Ok(false),
        Some(Json::Bool(b)) => Ok(*b),
        Some(_) => Err(Error::Gvl(key)),
    }
}

fn ids(v: &Json, key: &'static str) -> Result<Vec<u16>, Error> {
    match member(v, key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| match i {
                Json::Int(n) if (1..=i64::from(u16::MAX)).contains(n) => Ok(*n as u16),
                _ => Err(Error::Gvl(key)),
            })
            .collect(),
        Some(_) => Err(Error::Gvl(key)),
    }
}

/// The entries of an id-keyed map (`"purposes": {"1": {...}}`).
fn entries<T>(
    v: &Json,
    key: &'static str,
    read: impl Fn(u16, &Json) -> Result<T, Error>,
) -> Result<Vec<(u16, T)>, Error> {
    let members = match member(v, key) {
        None => return Ok(Vec::new()),
        Some(Json::Object(m)) => m,
        Some(_) => return Err(Error::Gvl(key)),
    };
    // In the list's order (the IAB's is ascending): a generic sort per
    // entry type would cost kilobytes of wasm and buy nothing.
    members
        .iter()
        .map(|(k, item)| {
            let id = parse_radix(k, 10).filter(|id| (1..=u64::from(u16::MAX)).contains(id)).ok_or(Error::Gvl(key))?;
            Ok((id as u16, read(id as u16, item)?))
        })
        .collect()
}

fn item(id: u16, v: &Json) -> Result<Item, Error> {
    let illustrations = match member(v, "illustrations") {
        None => Vec::new(),
        Some(Json::Array(list)) => list
            .iter()
            .map(|s| match s {
                Json::Str(s) => Ok(s.clone()),
                _ => Err(Error::Gvl("illustrations")),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(Error::Gvl("illustrations")),
    };
    Ok(Item { id, name: text(v, "name")?, description: text(v, "description").unwrap_or_default(), illustrations })
}

fn items(v: &Json, key: &'static str) -> Result<Vec<Item>, Error> {
    Ok(entries(v, key, item)?.into_iter().map(|(_, i)| i).collect())
}

fn days(v: &Json, key: &'static str) -> Result<Vec<(u16, u32)>, Error> {
    entries(v, key, |_, d| match d {
        Json::Int(n) if (0..=i64::from(u32::MAX)).contains(n) => Ok(*n as u32),
        _ => Err(Error::Gvl("dataRetention")),
    })
}

fn vendor(id: u16, v: &Json) -> Result<Vendor, Error> {
    let data_retention = match member(v, "dataRetention") {
        None => None,
        Some(r @ Json::Object(_)) => Some(DataRetention {
            std_retention: opt_int(r, "stdRetention")?.map(|n| n.clamp(0, i64::from(u32::MAX)) as u32),
            purposes: days(r, "purposes")?,
            special_purposes: days(r, "specialPurposes")?,
        }),
        Some(_) => return Err(Error::Gvl("dataRetention")),
    };
    let urls = match member(v, "urls") {
        None => Vec::new(),
        Some(Json::Array(list)) => list
            .iter()
            .map(|u| {
                Ok(VendorUrl {
                    lang_id: text(u, "langId")?,
                    privacy: text(u, "privacy")?,
                    leg_int_claim: opt_text(u, "legIntClaim")?,
                })
            })
            .collect::<Result<_, Error>>()?,
        Some(_) => return Err(Error::Gvl("urls")),
    };
    if int(v, "id", i64::from(u16::MAX))? != i64::from(id) {
        return Err(Error::Gvl("vendors.id"));
    }
    Ok(Vendor {
        id,
        name: text(v, "name")?,
        purposes: ids(v, "purposes")?,
        leg_int_purposes: ids(v, "legIntPurposes")?,
        flexible_purposes: ids(v, "flexiblePurposes")?,
        special_purposes: ids(v, "specialPurposes")?,
        features: ids(v, "features")?,
        special_features: ids(v, "specialFeatures")?,
        cookie_max_age_seconds: opt_int(v, "cookieMaxAgeSeconds")?,
        uses_cookies: flag(v, "usesCookies")?,
        cookie_refresh: flag(v, "cookieRefresh")?,
        uses_non_cookie_access: flag(v, "usesNonCookieAccess")?,
        device_storage_disclosure_url: opt_text(v, "deviceStorageDisclosureUrl")?,
        data_retention,
        data_declaration: ids(v, "dataDeclaration")?,
        urls,
        deleted_date: opt_text(v, "deletedDate")?,
    })
}

impl Gvl {
    /// Reads a GVL JSON text.
    pub fn parse(source: &str) -> Result<Gvl, Error> {
        let v = json::parse(source).map_err(|_| Error::Json)?;
        if !matches!(v, Json::Object(_)) {
            return Err(Error::Gvl("vendor list"));
        }
        let stacks = entries(&v, "stacks", |id, s| {
            Ok(Stack {
                id,
                name: text(s, "name")?,
                description: text(s, "description").unwrap_or_default(),
                purposes: ids(s, "purposes")?,
                special_features: ids(s, "specialFeatures")?,
            })
        })?;
        Ok(Gvl {
            gvl_specification_version: int(&v, "gvlSpecificationVersion", 63)? as u16,
            vendor_list_version: int(&v, "vendorListVersion", 4095)? as u16,
            tcf_policy_version: int(&v, "tcfPolicyVersion", 63)? as u8,
            last_updated: text(&v, "lastUpdated")?,
            purposes: items(&v, "purposes")?,
            special_purposes: items(&v, "specialPurposes")?,
            features: items(&v, "features")?,
            special_features: items(&v, "specialFeatures")?,
            data_categories: items(&v, "dataCategories")?,
            stacks: stacks.into_iter().map(|(_, s)| s).collect(),
            vendors: entries(&v, "vendors", vendor)?.into_iter().map(|(_, s)| s).collect(),
        })
    }

    /// The vendor with this id: an error when the list lacks it or marks
    /// it deleted.
    pub fn vendor(&self, id: u16) -> Result<&Vendor, Error> {
        // The last of a repeated id, as JSON.parse reads the list.
        let vendor = self.vendors.iter().rev().find(|v| v.id == id).ok_or(Error::UnknownVendor(id))?;
        match vendor.deleted_date {
            Some(_) => Err(Error::DeletedVendor(id)),
            None => Ok(vendor),
        }
    }

    /// Checks a site's vendor ids against the list (`tcf.vendors`).
    pub fn check_vendors(&self, ids: &[u16]) -> Result<(), Error> {
        ids.iter().try_for_each(|&id| self.vendor(id).map(|_| ()))
    }

    /// Whether a stored TC string can stand with this list: made with a
    /// list no newer than this one, and granting nothing to a vendor the
    /// list lacks or has deleted. An error means: ask again.
    pub fn check_model(&self, model: &TcModel) -> Result<(), Error> {
        if model.vendor_list_version > self.vendor_list_version {
            return Err(Error::GvlOlder);
        }
        self.check_vendors(&model.vendor_consents)?;
        self.check_vendors(&model.vendor_legitimate_interests)
    }
}
