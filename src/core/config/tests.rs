//! The config reader's behaviour: defaults, every problem with its path, warnings.

use super::*;

fn lines(text: &str) -> Vec<String> {
    Config::parse(text).unwrap_err().iter().map(Problem::line).collect()
}

#[test]
fn minimal_config_gets_every_default() {
    let parsed =
        Config::parse(r#"{"categories":{"necessary":{"required":true},"analytics":{},"marketing":{}}}"#).unwrap();
    let c = parsed.config;
    assert!(parsed.warnings.is_empty());
    assert_eq!(c.revision, 0);
    assert_eq!(c.cookie, CookieOptions::default());
    assert_eq!(c.cookie.expires_days, 182);
    assert_eq!(
        c.categories.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(),
        ["necessary", "analytics", "marketing"]
    );
    assert!(c.categories[0].required && !c.categories[1].required);
    assert_eq!(c.default_language, "en");
}

#[test]
fn reports_every_problem_with_its_path() {
    let problems = lines(
        r#"{
          "revision": -1,
          "cookie": {"name": "a b", "expiresDays": 0, "sameSite": "sideways"},
          "privacyPolicyUrl": "javascript:alert(1)",
          "categories": {
            "analytics": {"required": "yes", "cookies": ["_ga", {"name": "_gid"}, {"name": ""}, 5]},
            "9bad": {},
            "marketing": {"services": {"fb": {"cookies": "x"}}}
          }
        }"#,
    );
    for expected in [
        "revision: must be a whole number from 0 to 4294967295",
        "cookie.name: must be a cookie name",
        "cookie.expiresDays: must be a whole number of days, at least 1",
        "cookie.sameSite: must be \"Lax\", \"Strict\" or \"None\"",
        "privacyPolicyUrl: must be an http(s) or relative URL",
        "categories.analytics.required: must be true or false",
        "categories.analytics.cookies[2].name: must not be empty",
        "categories.analytics.cookies[3]: must be a name or an object with a name",
        "categories.9bad: must start with a letter",
        "categories.marketing.services.fb.cookies: must be an array, not a string",
    ] {
        assert!(problems.iter().any(|p| p.starts_with(expected)), "missing {expected:?} in {problems:#?}");
    }
    assert_eq!(problems.len(), 10, "{problems:#?}");
}

#[test]
fn categories_are_required_and_not_empty() {
    assert_eq!(lines("{}"), ["categories: is required"]);
    assert_eq!(lines(r#"{"categories":{}}"#), ["categories: must hold at least one category"]);
    assert_eq!(lines(r#"{"categories":[]}"#), ["categories: must be an object, not an array"]);
    assert_eq!(lines("[]"), ["the config must be a JSON object"]);
    assert_eq!(lines("{"), ["not valid JSON (expected a member name in quotes at line 1, column 2)"]);
}

#[test]
fn duplicate_keys_are_problems() {
    let problems = lines(r#"{"categories":{"a":{},"a":{}}}"#);
    assert_eq!(problems, ["categories.a: is listed twice"]);
    let problems = lines(r#"{"categories":{"a":{"services":{"s":{},"s":{}}}}}"#);
    assert_eq!(problems, ["categories.a.services.s: is listed twice"]);
}

#[test]
fn expiry_is_clamped_with_a_warning() {
    let parsed = Config::parse(r#"{"cookie":{"expiresDays":1000},"categories":{"a":{}}}"#).unwrap();
    assert_eq!(parsed.config.cookie.expires_days, 395);
    assert_eq!(parsed.warnings[0].line(), "cookie.expiresDays: is more than 395 days (13 months); clamped to 395");
    let parsed = Config::parse(r#"{"cookie":{"expiresDays":395},"categories":{"a":{}}}"#).unwrap();
    assert_eq!(parsed.config.cookie.expires_days, 395);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn unknown_options_are_warnings() {
    let parsed = Config::parse(r#"{"categries":{},"categories":{"a":{"titel":"x"}}}"#).unwrap();
    let w: Vec<String> = parsed.warnings.iter().map(Problem::line).collect();
    assert_eq!(w.len(), 2);
    assert!(
        w[0].starts_with("categries: unknown option, ignored; options here: revision, cookie, categories,"),
        "{w:?}"
    );
    assert_eq!(
        w[1],
        "categories.a.titel: unknown option, ignored; options here: required, title, description, services, sale, sharing, targetedAds, sensitive, cookies, localStorage, sessionStorage, indexedDB"
    );
}

#[test]
fn json_errors_name_the_line_and_column() {
    assert_eq!(
        lines("{\n  \"categories\": {\n    \"a\": {}\n    \"b\": {}\n"),
        ["not valid JSON (expected ',' or '}' at line 4, column 5)"]
    );
    // Columns count characters, not bytes.
    assert_eq!(lines("{\"é\": 1 2}"), ["not valid JSON (expected ',' or '}' at line 1, column 9)"]);
}

#[test]
fn a_privacy_policy_url_that_looks_like_a_host_is_warned_about() {
    let parsed = Config::parse(r#"{"privacyPolicyUrl":"www.example.com/privacy","categories":{"a":{}}}"#).unwrap();
    assert_eq!(parsed.config.privacy_policy_url.as_deref(), Some("www.example.com/privacy"));
    assert_eq!(
        parsed.warnings[0].line(),
        "privacyPolicyUrl: has no scheme, so it is a path on this site; for another site add https://"
    );
    let parsed = Config::parse(r#"{"privacyPolicyUrl":"privacy.html","categories":{"a":{}}}"#).unwrap();
    assert!(parsed.warnings.is_empty());
}

#[test]
fn same_site_none_needs_secure() {
    let problems = lines(r#"{"cookie":{"sameSite":"None","secure":false},"categories":{"a":{}}}"#);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("cookie.sameSite: \"None\" needs secure"));
}

#[test]
fn texts_per_language_and_for_all() {
    let c = Config::parse(
        r#"{"categories":{"a":{"title":{"en":"Stats","de":"Statistik"},"description":"Any"}},
            "texts":{"de":{"acceptAll":"Alle akzeptieren"}}}"#,
    )
    .unwrap()
    .config;
    let a = &c.categories[0];
    assert_eq!(a.title.get("de"), Some("Statistik"));
    assert_eq!(a.title.get("fr"), None);
    assert_eq!(a.description.get("fr"), Some("Any"));
    assert_eq!(c.texts, [("de".to_string(), vec![("acceptAll".to_string(), "Alle akzeptieren".to_string())])]);
}

#[test]
fn ui_options_with_defaults_and_problems() {
    let c = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
    assert_eq!(c.ui, UiOptions::default());
    let c = Config::parse(
        r#"{"categories":{"a":{}},"ui":{"layout":"bar","colorScheme":"dark","floatingButton":true,"buttonOrder":"reject-first"}}"#,
    )
    .unwrap()
    .config;
    assert_eq!(
        c.ui,
        UiOptions {
            layout: Layout::Bar,
            color_scheme: ColorScheme::Dark,
            floating_button: true,
            button_order: ButtonOrder::RejectFirst
        }
    );
    let problems = lines(r#"{"categories":{"a":{}},"ui":{"layout":"popup","colorScheme":1,"floatingButton":"yes"}}"#);
    assert_eq!(
        problems,
        [
            "ui.layout: must be \"box\", \"bar\" or \"modal\"",
            "ui.colorScheme: must be a string, not a number",
            "ui.floatingButton: must be true or false"
        ]
    );
}

#[test]
fn integrations_with_defaults_and_problems() {
    let c = Config::parse(
        r#"{"categories":{"analytics":{},"marketing":{"sale":true}},"googleConsentMode":true,
            "metaPixel":"marketing","consentLog":{"endpoint":"/receipts"}}"#,
    )
    .unwrap()
    .config;
    let g = c.integrations.google_consent_mode.unwrap();
    assert_eq!(g.map[0], ("analytics".to_string(), vec!["analytics_storage"]));
    assert_eq!(g.map[1].1, ["ad_storage", "ad_user_data", "ad_personalization"]);
    assert_eq!(g.wait_for_update, 500);
    assert_eq!(c.integrations.meta_pixel.as_deref(), Some("marketing"));
    assert_eq!(c.consent_log.as_deref(), Some("/receipts"));
    assert!(c.categories[1].sale_or_sharing && !c.categories[0].sale_or_sharing);
    assert!(c.honour_gpc);

    let problems = lines(
        r#"{"categories":{"analytics":{}},"gpc":"yes","metaPixel":"ads",
            "googleConsentMode":{"map":{"analytics":["ad_storage","cookies"],"stats":[]},"region":"ES"},
            "consentLog":{"endpoint":"javascript:x"}}"#,
    );
    assert_eq!(
        problems,
        [
            "gpc: must be true or false",
            "googleConsentMode.map.analytics[1]: is not a Consent Mode type such as ad_storage or analytics_storage",
            "googleConsentMode.map.stats: must name a category of this config",
            "googleConsentMode.region: must be an array of region codes such as \"ES\" or \"US-CA\"",
            "metaPixel: must name a category of this config, or be false",
            "consentLog.endpoint: must be an http(s) or relative URL",
        ]
    );
}

#[test]
fn blocking_hosts_and_reload_on_withdraw() {
    let parsed = Config::parse(
        r#"{"categories":{"analytics":{},"marketing":{}},"reloadOnWithdraw":true,
            "blocking":{"hosts":{"CDN.Example.net":"analytics","static.hotjar.com":false,
            "*.ads.example":"marketing","www.example.org/px":"marketing"}}}"#,
    )
    .unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let c = parsed.config;
    assert!(c.reload_on_withdraw);
    assert_eq!(
        c.blocking_hosts,
        [
            ("cdn.example.net".to_string(), Some("analytics".to_string())),
            ("static.hotjar.com".to_string(), None),
            ("*.ads.example".to_string(), Some("marketing".to_string())),
            ("www.example.org/px".to_string(), Some("marketing".to_string())),
        ]
    );
    let minimal = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
    assert!(!minimal.reload_on_withdraw && minimal.blocking_hosts.is_empty());
    assert_eq!(c.blocking_unknown, None);
    let strict = Config::parse(r#"{"categories":{"a":{}},"blocking":{"unknown":"a"}}"#).unwrap().config;
    assert_eq!(strict.blocking_unknown.as_deref(), Some("a"));
    let allow = Config::parse(r#"{"categories":{"a":{}},"blocking":{"unknown":"allow"}}"#).unwrap().config;
    assert_eq!(allow.blocking_unknown, None);
}

#[test]
fn blocking_problems_have_paths() {
    let problems = lines(
        r#"{"categories":{"analytics":{}},"reloadOnWithdraw":"yes",
            "blocking":{"hosts":{"cdn.example.net":"embeds","https://x.com":"analytics",
            "a.com":true,"*.com":false,"b.com":"analytics"},"extra":1}}"#,
    );
    assert_eq!(
        problems,
        [
            "blocking.hosts.cdn.example.net: is not a category of this config",
            "blocking.hosts.https://x.com: must be a host such as cdn.example.net, *.example.net or www.example.net/path",
            "blocking.hosts.a.com: must be a category key or false",
            "blocking.hosts.*.com: must be a host such as cdn.example.net, *.example.net or www.example.net/path",
            "reloadOnWithdraw: must be true or false",
        ]
    );
    assert_eq!(
        lines(r#"{"categories":{"a":{}},"blocking":{"hosts":[]}}"#),
        ["blocking.hosts: must be an object, not an array"]
    );
    for bad in [r#""b""#, "true", r#""Allow""#, "null"] {
        let text = format!(r#"{{"categories":{{"a":{{}}}},"blocking":{{"unknown":{bad}}}}}"#);
        assert_eq!(lines(&text), [r#"blocking.unknown: must be "allow" or a category key of this config"#], "{bad}");
    }
    let parsed = Config::parse(r#"{"categories":{"a":{}},"blocking":{"host":{}}}"#).unwrap();
    assert_eq!(parsed.warnings[0].line(), "blocking.host: unknown option, ignored; options here: hosts, unknown");
}
