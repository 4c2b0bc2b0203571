//! The `tcf` section: IAB TCF v2.3 for the sites that configure it
//! (docs/tcf.md), with the same reader, paths and problems as every other
//! section.
//!
//! Where it is read: natively and in the server's wasm (`consentry check`,
//! `checkConfig`) with the rest of the config; on a page by the TCF
//! module's own wasm ([`read_tcf_site`], pkg/consentry-tcf.js), from the
//! same config text. The page core only notes that the section is there,
//! so a site without TCF carries none of this code (`npm run size`).

use super::reader::{member, Path, Reader};
use super::types::{CookieOptions, Problem, TcfConfig};
use crate::core::json::{self, Json};
#[cfg(not(all(target_arch = "wasm32", not(any(feature = "module-tcf", feature = "server")))))]
use {super::checks::is_safe_url, crate::core::encoding::push_decimal};

/// The options of `tcf`.
#[cfg(not(all(target_arch = "wasm32", not(any(feature = "module-tcf", feature = "server")))))]
const KNOWN: &[&str] = &[
    "cmpId",
    "cmpVersion",
    "gvl",
    "vendors",
    "publisherCountryCode",
    "googleAdditionalConsent",
    "purposeOneTreatment",
    "enableAdvertiserConsentMode",
];

/// Whether `code` is two capital letters (ISO 3166-1 alpha-2, as the TC string holds it).
#[cfg(not(all(target_arch = "wasm32", not(any(feature = "module-tcf", feature = "server")))))]
fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The page core: the section is there; the TCF module reads it.
#[cfg(all(target_arch = "wasm32", not(any(feature = "module-tcf", feature = "server"))))]
impl Reader {
    pub fn tcf(&mut self, _: &Json, _: &Path) -> Option<TcfConfig> {
        None
    }
}

#[cfg(not(all(target_arch = "wasm32", not(any(feature = "module-tcf", feature = "server")))))]
impl Reader {
    /// `tcf: {cmpId, cmpVersion, gvl, vendors, publisherCountryCode?,
    /// googleAdditionalConsent?, purposeOneTreatment?, enableAdvertiserConsentMode?}`.
    pub fn tcf(&mut self, value: &Json, at: &Path) -> Option<TcfConfig> {
        self.object(value, at, KNOWN);
        if !matches!(value, Json::Object(_)) {
            return None;
        }
        let mut tcf = TcfConfig::default();
        // cmpId 0 and 1 are reserved (the CMP API's own check); 12 bits in the string.
        let cmp_id = self.required(value, at, "cmpId").and_then(|(v, at)| self.whole_number(v, &at, 4095));
        match cmp_id {
            Some(0 | 1) => self.problem(&at.key("cmpId"), say!("must be a registered CMP id from 2 to 4095")),
            Some(id) => tcf.cmp_id = id as u16,
            None => {}
        }
        if let Some((v, at)) = self.required(value, at, "cmpVersion") {
            tcf.cmp_version = self.whole_number(v, &at, 4095).unwrap_or(0) as u16;
        }
        if let Some((v, at)) = self.required(value, at, "gvl") {
            tcf.gvl = self.checked(v, &at, is_safe_url, say!("must be an http(s) or relative URL")).unwrap_or_default();
        }
        if let Some((v, at)) = self.required(value, at, "vendors") {
            tcf.vendors = self.ids(v, &at, u32::from(u16::MAX));
            if tcf.vendors.is_empty() && matches!(v, Json::Array(_)) {
                self.problem(&at, say!("must list at least one vendor id"));
            }
        }
        if let Some(code) = self.checked_member(
            value,
            at,
            "publisherCountryCode",
            is_country_code,
            say!("must be two capital letters such as \"DE\""),
        ) {
            tcf.publisher_country_code = code;
        }
        if let Some((v, at)) = member(value, at, "googleAdditionalConsent") {
            tcf.google_additional_consent = self.ids(v, &at, u32::MAX);
        }
        tcf.purpose_one_treatment = self.boolean_member(value, at, "purposeOneTreatment").unwrap_or(false);
        tcf.enable_advertiser_consent_mode =
            self.boolean_member(value, at, "enableAdvertiserConsentMode").unwrap_or(false);
        Some(tcf)
    }

    /// Member `key`, or a problem saying it is required.
    fn required<'v, 'p>(&mut self, object: &'v Json, at: &'p Path<'p>, key: &'p str) -> Option<(&'v Json, Path<'p>)> {
        let found = member(object, at, key);
        if found.is_none() {
            self.problem(&at.key(key), say!("is required"));
        }
        found
    }

    /// An array of distinct ids from 1 to `max`, in the given order.
    fn ids(&mut self, value: &Json, at: &Path, max: u32) -> Vec<u32> {
        let mut ids = Vec::new();
        for (i, item) in self.array(value, at, say!("must be an array of ids")).iter().enumerate() {
            let at = at.index(i);
            match item {
                Json::Int(n) if (1..=i64::from(max)).contains(n) => {
                    let id = *n as u32;
                    if ids.contains(&id) {
                        self.problem(&at, say!("is listed twice"));
                    } else {
                        ids.push(id);
                    }
                }
                _ => {
                    let mut message = String::from(say!("must be an id from 1 to "));
                    push_decimal(&mut message, u64::from(max));
                    self.problem(&at, &message);
                }
            }
        }
        ids
    }
}

/// A TCF site's `tcf` section and cookie options, read from its config
/// text on their own (the TCF module's wasm): every problem of the two
/// sections with its path, or both checked.
pub fn read_tcf_site(text: &str) -> Result<(TcfConfig, CookieOptions), Vec<Problem>> {
    let root =
        json::parse(text).map_err(|_| vec![Problem { path: String::new(), message: say!("not valid JSON").into() }])?;
    let mut reader = Reader::default();
    let at = &Path::ROOT;
    let cookie = member(&root, at, "cookie").map(|(v, at)| reader.cookie_options(v, &at)).unwrap_or_default();
    let tcf = match member(&root, at, "tcf") {
        Some((v, at)) => reader.tcf(v, &at),
        None => {
            reader.problem(&at.key("tcf"), say!("is required"));
            None
        }
    };
    match tcf {
        Some(tcf) if reader.problems.is_empty() => Ok((tcf, cookie)),
        _ => Err(reader.problems),
    }
}

#[cfg(test)]
mod tests {
    use crate::core::config::{Config, Problem, TcfConfig};

    const CATEGORIES: &str = r#""categories":{"necessary":{"required":true},"marketing":{}}"#;

    /// The section as the TCF module reads it, once the whole config has been checked.
    fn read(tcf: &str) -> Result<Option<TcfConfig>, Vec<String>> {
        let text = ["{", CATEGORIES, r#","tcf":"#, tcf, "}"].concat();
        let lines = |problems: Vec<Problem>| problems.iter().map(Problem::line).collect::<Vec<_>>();
        let parsed = Config::parse(&text).map_err(lines)?;
        assert!(parsed.config.tcf);
        super::read_tcf_site(&text).map(|(tcf, _)| Some(tcf)).map_err(lines)
    }

    #[test]
    fn a_config_without_tcf_has_none() {
        let parsed = Config::parse(&["{", CATEGORIES, "}"].concat()).unwrap();
        assert!(!parsed.config.tcf);
    }

    #[test]
    fn reads_every_option_with_defaults() {
        let tcf = read(r#"{"cmpId":300,"cmpVersion":1,"gvl":"/consentry/gvl.json","vendors":[755,793,1126]}"#)
            .unwrap()
            .unwrap();
        assert_eq!((tcf.cmp_id, tcf.cmp_version), (300, 1));
        assert_eq!(tcf.gvl, "/consentry/gvl.json");
        assert_eq!(tcf.vendors, [755, 793, 1126]);
        assert_eq!(tcf.publisher_country_code, "AA");
        assert!(tcf.google_additional_consent.is_empty());
        assert!(!tcf.purpose_one_treatment && !tcf.enable_advertiser_consent_mode);
        let full = read(
            r#"{"cmpId":2,"cmpVersion":4095,"gvl":"https://example.com/gvl.json","vendors":[1],
                "publisherCountryCode":"DE","googleAdditionalConsent":[89,2822],
                "purposeOneTreatment":true,"enableAdvertiserConsentMode":true}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(full.publisher_country_code, "DE");
        assert_eq!(full.google_additional_consent, [89, 2822]);
        assert!(full.purpose_one_treatment && full.enable_advertiser_consent_mode);
    }

    #[test]
    fn reports_each_problem_with_its_path() {
        let problems = read(
            r#"{"cmpId":1,"cmpVersion":5000,"gvl":"javascript:x","vendors":[0,755,755,"x"],
                "publisherCountryCode":"de","googleAdditionalConsent":{},"purposeOneTreatment":1}"#,
        )
        .unwrap_err();
        for expected in [
            "tcf.cmpId: must be a registered CMP id from 2 to 4095",
            "tcf.cmpVersion: must be a whole number from 0 to 4095",
            "tcf.gvl: must be an http(s) or relative URL",
            "tcf.vendors[0]: must be an id from 1 to 65535",
            "tcf.vendors[2]: is listed twice",
            "tcf.vendors[3]: must be an id from 1 to 65535",
            "tcf.publisherCountryCode: must be two capital letters such as \"DE\"",
            "tcf.googleAdditionalConsent: must be an array of ids",
            "tcf.purposeOneTreatment: must be true or false",
        ] {
            assert!(problems.iter().any(|p| p == expected), "{expected} not in {problems:?}");
        }
        let missing = read("{}").unwrap_err();
        for key in ["cmpId", "cmpVersion", "gvl", "vendors"] {
            assert!(missing.contains(&["tcf.", key, ": is required"].concat()), "{missing:?}");
        }
        assert_eq!(
            read(r#"{"cmpId":300,"cmpVersion":1,"gvl":"/g.json","vendors":[]}"#).unwrap_err(),
            ["tcf.vendors: must list at least one vendor id"]
        );
        assert_eq!(read("true").unwrap_err(), ["tcf: must be an object, not a boolean"]);
    }

    #[test]
    fn a_tcf_site_reads_its_section_and_cookie_options_alone() {
        let text = r#"{"cookie":{"name":"c","path":"/shop"},"categories":{},"tcf":{"cmpId":300,"cmpVersion":1,"gvl":"/g.json","vendors":[1]}}"#;
        let (tcf, cookie) = super::read_tcf_site(text).unwrap();
        assert_eq!((tcf.cmp_id, cookie.name.as_str(), cookie.path.as_str()), (300, "c", "/shop"));
        let lines = |text: &str| super::read_tcf_site(text).unwrap_err().iter().map(Problem::line).collect::<Vec<_>>();
        assert_eq!(lines("{}"), ["tcf: is required"]);
        assert_eq!(lines("[1"), ["not valid JSON"]);
        assert_eq!(
            lines(r#"{"cookie":{"path":"x"},"tcf":{"cmpId":300,"cmpVersion":1,"gvl":"/g","vendors":[1]}}"#),
            ["cookie.path: must start with / and hold no spaces or ;"]
        );
    }

    #[test]
    fn unknown_options_are_warnings() {
        let text = ["{", CATEGORIES, r#","tcf":{"cmpId":300,"cmpVersion":1,"gvl":"/g.json","vendors":[1],"cmpid":3}}"#]
            .concat();
        let parsed = Config::parse(&text).unwrap();
        assert_eq!(
            parsed.warnings.iter().map(Problem::line).collect::<Vec<_>>(),
            ["tcf.cmpid: unknown option, ignored; options here: cmpId, cmpVersion, gvl, vendors, publisherCountryCode, googleAdditionalConsent, purposeOneTreatment, enableAdvertiserConsentMode"]
        );
    }
}
