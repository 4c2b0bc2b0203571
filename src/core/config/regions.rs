//! The `regions` and `gpp` sections (docs/regions.md): which rule applies
//! where, and which GPP sections the site writes.
//!
//! ```json
//! "regions": { "EU": "opt-in", "US-CA": "opt-out", "US": "opt-out", "*": "notice" },
//! "gpp": { "sections": ["usnat", "usca"] }
//! ```
//!
//! Where it is read: natively and in the server's wasm (`consentry check`)
//! with the rest of the config; on a page by the GPP module's own wasm
//! ([`read_regions_site`], pkg/consentry-gpp.js), from the same config text.
//! The page core only notes that a section is there, so a site without
//! regions carries none of this code (`npm run size`). The stub
//! (js/stub.js) and js/consent-mode.js mirror [`Regions::rule_for`] for a
//! known region; tests/e2e/regions.test.mjs checks that they agree.

use super::reader::{member, Path, Reader};
use super::types::{CookieOptions, Problem};
use crate::core::json::{self, Json};
use std::str::FromStr;

/// What a region's law asks for, from the least strict to the strictest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// Nothing is shown; everything runs (GPC is still honoured).
    None,
    /// An informational notice; everything runs (GPC is still honoured).
    Notice,
    /// Everything runs until the visitor (or GPC) opts out of sale,
    /// sharing and targeted advertising.
    OptOut,
    /// Nothing optional runs before a choice (the dialog).
    OptIn,
}

impl Rule {
    pub const ALL: [Rule; 4] = [Rule::None, Rule::Notice, Rule::OptOut, Rule::OptIn];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::None => "none",
            Rule::Notice => "notice",
            Rule::OptOut => "opt-out",
            Rule::OptIn => "opt-in",
        }
    }
}

impl FromStr for Rule {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

/// The GPP sections a site can write (the TCF section follows `tcf`).
pub const GPP_SECTIONS: [&str; 2] = ["usnat", "usca"];

/// The two sections, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regions {
    /// Region code (`*` for every other) → rule, in config order.
    pub rules: Vec<(String, Rule)>,
    /// `gpp.sections`, in config order (empty without `gpp`).
    pub gpp_sections: Vec<&'static str>,
}

/// Whether `code` is a region code: `*`, two capital letters (a country
/// or a group such as `EU`), or those, `-` and 1 to 3 capital letters or
/// digits (a subdivision: `US-CA`).
pub fn is_region_code(code: &str) -> bool {
    let b = code.as_bytes();
    let letters = |s: &[u8]| s.len() == 2 && s.iter().all(u8::is_ascii_uppercase);
    code == "*"
        || letters(b)
        || (b.len() >= 4
            && b.len() <= 6
            && letters(&b[..2])
            && b[2] == b'-'
            && b[3..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// The page's region as the site wrote it (`<html data-consentry-region>`,
/// `data-region`), as the stubs read it: taken as it is (the site writes
/// codes in capitals), `None` when empty (then it is unknown).
pub fn page_region(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.into())
}

impl Regions {
    /// The rule for the page's region: its own entry, else its country's
    /// (`US` for `US-CA`), else `*`; an unknown region, or one no entry
    /// covers, gets the strictest rule configured. Without `regions`:
    /// opt-in, as always.
    pub fn rule_for(&self, region: Option<&str>) -> Rule {
        let find = |code: &str| self.rules.iter().find(|(c, _)| c == code).map(|(_, r)| *r);
        let found = region.and_then(|r| {
            let country = r.get(..2).unwrap_or(r);
            find(r).or_else(|| find(country)).or_else(|| find("*"))
        });
        found.unwrap_or_else(|| self.strictest())
    }

    /// The strictest rule configured (opt-in without any).
    pub fn strictest(&self) -> Rule {
        self.rules.iter().map(|(_, r)| *r).max().unwrap_or(Rule::OptIn)
    }
}

impl Reader {
    /// `regions: { code: rule }`.
    pub fn region_rules(&mut self, value: &Json, at: &Path) -> Vec<(String, Rule)> {
        let members = self.object(value, at, &[]);
        if matches!(value, Json::Object(_)) && members.is_empty() {
            self.problem(at, say!("must hold at least one region"));
        }
        let mut rules: Vec<(String, Rule)> = Vec::with_capacity(members.len());
        for (code, rule) in members {
            let at = at.key(code);
            if !is_region_code(code) {
                self.problem(&at, say!("must be a region code such as \"EU\", \"US\" or \"US-CA\", or \"*\""));
            } else if rules.iter().any(|(c, _)| c == code) {
                self.problem(&at, say!("is listed twice"));
            }
            let Some(text) = self.text(rule, &at) else { continue };
            match text.parse() {
                Ok(rule) => rules.push((code.clone(), rule)),
                Err(()) => self.problem(&at, say!("must be \"opt-in\", \"opt-out\", \"notice\" or \"none\"")),
            }
        }
        rules
    }

    /// `gpp: { sections: ["usnat", "usca"] }`, or `true` for both.
    pub fn gpp(&mut self, value: &Json, at: &Path) -> Vec<&'static str> {
        if let Json::Bool(on) = value {
            return if *on { GPP_SECTIONS.to_vec() } else { Vec::new() };
        }
        self.object(value, at, &["sections"]);
        let Some((list, at)) = member(value, at, "sections") else {
            if matches!(value, Json::Object(_)) {
                self.problem(&at.key("sections"), say!("is required"));
            }
            return Vec::new();
        };
        let mut sections = Vec::new();
        for (i, item) in
            self.array(list, &at, say!("must be an array such as [\"usnat\", \"usca\"]")).iter().enumerate()
        {
            let at = at.index(i);
            let Some(name) = self.text(item, &at) else { continue };
            match GPP_SECTIONS.into_iter().find(|s| *s == name) {
                Some(s) if sections.contains(&s) => self.problem(&at, say!("is listed twice")),
                Some(s) => sections.push(s),
                None => self.problem(&at, say!("must be \"usnat\" or \"usca\"")),
            }
        }
        sections
    }

    /// Both sections of `root`, when either is there.
    pub fn regions_and_gpp(&mut self, root: &Json) -> Option<Regions> {
        let at = &Path::ROOT;
        let rules = member(root, at, "regions").map(|(v, at)| self.region_rules(v, &at));
        let gpp = member(root, at, "gpp").map(|(v, at)| self.gpp(v, &at));
        if rules.is_none() && gpp.is_none() {
            return None;
        }
        Some(Regions { rules: rules.unwrap_or_default(), gpp_sections: gpp.unwrap_or_default() })
    }
}

/// What a category is marked as, for the opt-out switches and the GPP
/// string: `sale`, `sharing`, `targetedAds`, `sensitive`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub key: String,
    pub required: bool,
    pub sale: bool,
    pub sharing: bool,
    pub targeted_ads: bool,
    pub sensitive: bool,
}

/// A regions site as the GPP module reads it from the config text on its
/// own: the two sections, the categories' marks, `gpc`, whether `tcf` is
/// there. Every problem of these with its path, or all of them checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionsSite {
    pub regions: Regions,
    pub categories: Vec<Marks>,
    pub honour_gpc: bool,
    pub tcf: bool,
    /// The consent cookie's options: the stamp cookie is written beside it.
    pub cookie: CookieOptions,
}

/// Reads a [`RegionsSite`] from a config text.
pub fn read_regions_site(text: &str) -> Result<RegionsSite, Vec<Problem>> {
    let root =
        json::parse(text).map_err(|_| vec![Problem { path: String::new(), message: say!("not valid JSON").into() }])?;
    let mut reader = Reader::default();
    let at = &Path::ROOT;
    let regions = reader.regions_and_gpp(&root);
    let mut categories = Vec::new();
    if let Some(Json::Object(members)) = root.get("categories") {
        for (key, value) in members {
            let at = at.key("categories");
            let at = at.key(key);
            let mut mark = |name: &str| reader.boolean_member(value, &at, name).unwrap_or(false);
            categories.push(Marks {
                key: key.clone(),
                required: mark("required"),
                sale: mark("sale"),
                sharing: mark("sharing"),
                targeted_ads: mark("targetedAds"),
                sensitive: mark("sensitive"),
            });
        }
    }
    let honour_gpc = reader.boolean_member(&root, at, "gpc").unwrap_or(true);
    let cookie = member(&root, at, "cookie").map(|(v, at)| reader.cookie_options(v, &at)).unwrap_or_default();
    if regions.is_none() {
        reader.problem(&at.key("regions"), say!("is required (or gpp)"));
    }
    match regions {
        Some(regions) if reader.problems.is_empty() => {
            Ok(RegionsSite { regions, categories, honour_gpc, tcf: root.get("tcf").is_some(), cookie })
        }
        _ => Err(reader.problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;

    const CATEGORIES: &str =
        r#""categories":{"necessary":{"required":true},"marketing":{"sale":true,"targetedAds":true}}"#;

    fn lines(problems: Vec<Problem>) -> Vec<String> {
        problems.iter().map(Problem::line).collect()
    }

    /// The sections as the GPP module reads them, once the whole config has been checked.
    fn read(sections: &str) -> Result<RegionsSite, Vec<String>> {
        let text = ["{", CATEGORIES, ",", sections, "}"].concat();
        let parsed = Config::parse(&text).map_err(lines)?;
        assert!(parsed.config.regions, "the core notes the sections");
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        read_regions_site(&text).map_err(lines)
    }

    #[test]
    fn reads_the_rules_and_sections() {
        let site =
            read(r#""regions":{"EU":"opt-in","US-CA":"opt-out","US":"opt-out","*":"notice"},"gpp":{"sections":["usnat","usca"]}"#)
                .unwrap();
        assert_eq!(site.regions.rules.len(), 4);
        assert_eq!(site.regions.gpp_sections, ["usnat", "usca"]);
        assert!(site.honour_gpc && !site.tcf);
        let marketing = &site.categories[1];
        assert!(marketing.sale && marketing.targeted_ads && !marketing.sharing && !marketing.sensitive);
        assert!(site.categories[0].required);
        assert_eq!(read(r#""gpp":true"#).unwrap().regions.gpp_sections, GPP_SECTIONS);
        assert!(read(r#""gpp":false"#).unwrap().regions.rules.is_empty());
    }

    #[test]
    fn a_region_gets_its_entry_then_its_country_then_the_default_else_the_strictest() {
        let site = read(r#""regions":{"EU":"opt-in","US-CA":"opt-out","US":"notice","*":"none"}"#).unwrap();
        let r = &site.regions;
        assert_eq!(r.rule_for(Some("US-CA")), Rule::OptOut);
        assert_eq!(r.rule_for(Some("US-TX")), Rule::Notice);
        assert_eq!(r.rule_for(Some("EU")), Rule::OptIn);
        assert_eq!(r.rule_for(Some("BR")), Rule::None);
        assert_eq!(r.rule_for(None), Rule::OptIn);
        let no_default = read(r#""regions":{"US":"opt-out","CA":"notice"}"#).unwrap().regions;
        assert_eq!(no_default.rule_for(Some("FR")), Rule::OptOut);
        assert_eq!(no_default.rule_for(None), Rule::OptOut);
        assert_eq!(Regions::default().rule_for(Some("US-CA")), Rule::OptIn);
    }

    #[test]
    fn page_regions_are_taken_as_written() {
        assert_eq!(page_region("US-CA"), Some("US-CA".into()));
        assert_eq!(page_region(""), None);
        let r = read(r#""regions":{"US":"opt-out","*":"notice","EU":"opt-in"}"#).unwrap().regions;
        // As the stubs look them up: the code, its first two characters, `*`.
        assert_eq!(r.rule_for(Some("USA")), Rule::OptOut);
        assert_eq!(r.rule_for(Some("us-ca")), Rule::Notice);
        assert_eq!(r.rule_for(Some("ü")), Rule::Notice);
        assert_eq!(r.rule_for(Some("EU")), Rule::OptIn);
    }

    #[test]
    fn reports_each_problem_with_its_path() {
        let problems =
            read(r#""regions":{"usa":"opt-out","US":"maybe","CA":3},"gpp":{"sections":["usnat","usva","usnat",1]}"#)
                .unwrap_err();
        for expected in [
            "regions.usa: must be a region code such as \"EU\", \"US\" or \"US-CA\", or \"*\"",
            "regions.US: must be \"opt-in\", \"opt-out\", \"notice\" or \"none\"",
            "regions.CA: must be a string, not a number",
            "gpp.sections[1]: must be \"usnat\" or \"usca\"",
            "gpp.sections[2]: is listed twice",
            "gpp.sections[3]: must be a string, not a number",
        ] {
            assert!(problems.iter().any(|p| p == expected), "{expected} not in {problems:?}");
        }
        assert_eq!(read(r#""regions":{}"#).unwrap_err(), ["regions: must hold at least one region"]);
        assert_eq!(read(r#""gpp":{}"#).unwrap_err(), ["gpp.sections: is required"]);
        assert_eq!(read(r#""regions":{"US":"opt-out","US":"notice"}"#).unwrap_err(), ["regions.US: is listed twice"]);
        let text = ["{", CATEGORIES, "}"].concat();
        assert_eq!(lines(read_regions_site(&text).unwrap_err()), ["regions: is required (or gpp)"]);
        assert_eq!(lines(read_regions_site("[").unwrap_err()), ["not valid JSON"]);
    }

    #[test]
    fn a_config_without_the_sections_has_none_and_marks_are_known_options() {
        let parsed = Config::parse(&["{", CATEGORIES, "}"].concat()).unwrap();
        assert!(!parsed.config.regions);
        assert!(parsed.warnings.is_empty());
        let marketing = parsed.config.category("marketing").unwrap();
        assert!(marketing.is_gpc_covered(), "targetedAds is covered by GPC");
    }
}
