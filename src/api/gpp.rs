//! The GPP module's `#[wasm_bindgen]` surface (`pkg/consentry_gpp_bg.wasm`,
//! built with `--features module-gpp`): the GPP-string codec, and a regions
//! site's sections and stamp cookie ([`RegionsSite`]). Models cross
//! as JSON texts (`core::gpp::json`); errors as `JsError`s whose message is
//! `code: sentence`.

use crate::core::config::regions;
use crate::core::config::CookieOptions;
use crate::core::cookie::{deletion_strings, read_cookie, set_cookie_string};
use crate::core::gpp::stamp::{self, Stamp};
use crate::core::gpp::{self, json};
use crate::core::iab::model::Writer;
use crate::core::iab::Error;
use crate::core::json::push_string;
use wasm_bindgen::prelude::*;

fn js_error(e: Error) -> JsError {
    JsError::new(&e.message())
}

/// A model (JSON) to a GPP string.
#[wasm_bindgen]
pub fn encode(model_json: &str) -> Result<String, JsError> {
    let model = json::model_from_json(model_json).map_err(js_error)?;
    gpp::encode(&model).map_err(js_error)
}

/// A GPP string to its model (JSON).
#[wasm_bindgen]
pub fn decode(gpp_string: &str) -> Result<String, JsError> {
    gpp::decode(gpp_string).map(|m| json::model_to_json(&m)).map_err(js_error)
}

/// A regions site (`regions`, `gpp`, the categories' marks), read from
/// the config text once by the GPP module's page part (js/iab/gpp-page.js).
#[wasm_bindgen]
pub struct RegionsSite {
    site: regions::RegionsSite,
    host: String,
    https: bool,
}

#[wasm_bindgen]
impl RegionsSite {
    /// Reads `config` for the page at `host` (https or not). Throws an
    /// `Error` whose message is `config-invalid: ` and every problem, one
    /// per line.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, host: String, https: bool) -> Result<RegionsSite, JsError> {
        let site = regions::read_regions_site(config).map_err(|problems| {
            let mut message = String::from("config-invalid: ");
            for (i, p) in problems.iter().enumerate() {
                if i > 0 {
                    message.push('\n');
                }
                message.push_str(&p.line());
            }
            JsError::new(&message)
        })?;
        Ok(RegionsSite { site, host, https })
    }

    /// `{"sections":[..],"categories":[{key,required,sale,sharing,targetedAds,sensitive}],"gpc":bool,"tcf":bool,"cookie":name}`.
    pub fn settings(&self) -> String {
        let s = &self.site;
        let mut out = String::from("{\"sections\":[");
        for (i, name) in s.regions.gpp_sections.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(&mut out, name);
        }
        out.push_str("],\"categories\":[");
        for (i, c) in s.categories.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut w = Writer::default();
            w.str("key", &c.key);
            w.bool("required", c.required);
            w.bool("sale", c.sale);
            w.bool("sharing", c.sharing);
            w.bool("targetedAds", c.targeted_ads);
            w.bool("sensitive", c.sensitive);
            out.push_str(&w.finish());
        }
        out.push_str("],\"gpc\":");
        out.push_str(if s.honour_gpc { "true" } else { "false" });
        out.push_str(",\"tcf\":");
        out.push_str(if s.tcf { "true" } else { "false" });
        out.push_str(",\"cookie\":");
        push_string(&mut out, &s.cookie.name);
        out.push('}');
        out
    }

    /// `[rule, region]` for the page's region text (`data-consentry-region`
    /// or `data-region`; empty: none): the region as read ("" when unknown)
    /// and its rule (config/regions.rs, `Regions::rule_for`).
    #[wasm_bindgen(js_name = ruleFor)]
    pub fn rule_for(&self, page_region: &str) -> Vec<String> {
        let region = regions::page_region(page_region);
        let rule = self.site.regions.rule_for(region.as_deref());
        vec![rule.as_str().into(), region.unwrap_or_default()]
    }

    /// The `Set-Cookie` string of the stamp for `rule`, `region` and the
    /// GPP string at `now`, or undefined when they cannot be written.
    #[wasm_bindgen(js_name = stampCookie)]
    pub fn stamp_cookie(&self, rule: &str, region: String, gpp: String, now: f64) -> Option<String> {
        let stamp = Stamp { rule: rule.parse().ok()?, region, gpp };
        let value = stamp::encode(&stamp)?;
        Some(set_cookie_string(&self.stamp_options(), &value, now as u64, &self.host, self.https))
    }

    /// `[rule, region, gpp]` of the stamp in `document_cookie`, or undefined.
    #[wasm_bindgen(js_name = readStamp)]
    pub fn read_stamp(&self, document_cookie: &str) -> Option<Vec<String>> {
        let name = self.stamp_options().name;
        let stamp = stamp::decode(read_cookie(document_cookie, &name)?)?;
        Some(vec![stamp.rule.as_str().into(), stamp.region, stamp.gpp])
    }

    /// The cookie strings that delete the stamp on this page (`path`).
    #[wasm_bindgen(js_name = stampDeletions)]
    pub fn stamp_deletions(&self, path: &str) -> Vec<String> {
        deletion_strings(&self.stamp_options().name, &self.host, path)
    }

    /// The cookie strings that delete cookie `name` on this page (`path`):
    /// the consent cookie, when a choice made under opt-out meets opt-in.
    pub fn deletions(&self, name: &str, path: &str) -> Vec<String> {
        deletion_strings(name, &self.host, path)
    }

    fn stamp_options(&self) -> CookieOptions {
        let mut options = self.site.cookie.clone();
        options.name.push_str("-gpp");
        options
    }
}
