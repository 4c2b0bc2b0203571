//! Property tests for the core's parsers: garbage in → an error or "no
//! consent", never a panic; and `decode(encode(r)) == r` for random records.
//!
//! Case counts: 100,000 per decoder by default (part of `npm test`); set
//! `CONSENTRY_CASES=1000000` for the long, opt-in run.
#![cfg(not(target_arch = "wasm32"))]

use consentry::core::config::{Category, Declaration, Service};
use consentry::core::cookie::{decode, encode, matches_pattern, read_cookie, MAX_VALUE_LEN};
use consentry::core::json;
use consentry::core::record::ID_BYTES;
use consentry::core::{Config, Decision, Method, Record, Validity};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};

fn cases(default: u32) -> u32 {
    std::env::var("CONSENTRY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runner(n: u32) -> TestRunner {
    TestRunner::new(RunnerConfig { cases: n, failure_persistence: None, ..RunnerConfig::default() })
}

// ---------- configs ----------

fn key() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,20}"
}

/// A valid config with 1..=12 categories of 0..=6 services each (unique keys).
fn config() -> impl Strategy<Value = Config> {
    (any::<u32>(), prop::collection::btree_map(key(), (any::<bool>(), prop::collection::btree_set(key(), 0..6)), 1..12))
        .prop_map(|(revision, cats)| {
            let mut config = Config::parse(r#"{"categories":{"x":{}}}"#).unwrap().config;
            config.revision = revision;
            config.categories = cats
                .into_iter()
                .map(|(key, (required, services))| Category {
                    key,
                    required,
                    services: services.into_iter().map(|key| Service { key, ..Service::default() }).collect(),
                    declared: vec![Declaration { name: "_c*".into(), ..Declaration::default() }],
                    ..Category::default()
                })
                .collect();
            config
        })
}

/// A decision on `config`, drawn from picks of its categories and services.
fn decision(config: &Config) -> impl Strategy<Value = Decision> {
    let cats: Vec<String> = config.categories.iter().map(|c| c.key.clone()).collect();
    let services: Vec<(String, String)> =
        config.categories.iter().flat_map(|c| c.services.iter().map(|s| (c.key.clone(), s.key.clone()))).collect();
    let pick_cats = prop::sample::subsequence(cats.clone(), 0..=cats.len());
    let pick_services = prop::sample::subsequence(services.clone(), 0..=services.len());
    prop_oneof![
        Just(Decision::AcceptAll),
        Just(Decision::RejectAll),
        pick_cats.clone().prop_map(Decision::Accept),
        (pick_cats.clone(), pick_services).prop_map(|(categories, services)| Decision::Custom { categories, services }),
        pick_cats.prop_map(|c| Decision::OptOut(Some(c))),
        Just(Decision::OptOut(None)),
    ]
}

/// A config with a record made on it by up to three successive decisions.
fn config_and_record() -> impl Strategy<Value = (Config, Record)> {
    config().prop_flat_map(|config| {
        let d = decision(&config);
        (Just(config), prop::collection::vec(d, 1..4), any::<[u8; ID_BYTES]>(), 0u64..4_000_000_000u64).prop_map(
            |(config, decisions, id, now)| {
                let mut record: Option<Record> = None;
                for (i, d) in decisions.iter().enumerate() {
                    let r = Record::decide(&config, record.as_ref(), d, now + i as u64, &id).expect("known names");
                    record = Some(r);
                }
                (config, record.expect("one decision at least"))
            },
        )
    })
}

#[test]
fn decode_of_encode_is_identity_for_random_records() {
    runner(cases(20_000))
        .run(&config_and_record(), |(config, record)| {
            let value = encode(&record, &config);
            prop_assert!(value.len() < 1024);
            prop_assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
            prop_assert_eq!(decode(&value, &config), Ok(record.clone()));
            // Required categories are always granted; the record answers for its config.
            for c in &config.categories {
                prop_assert!(!c.required || record.has(&c.key));
            }
            prop_assert_eq!(record.validity(&config, record.updated), Validity::Valid);
            Ok(())
        })
        .unwrap();
}

// ---------- cookie values ----------

/// Random text, cookie-alphabet text, and valid values mutated at random.
fn cookie_value() -> impl Strategy<Value = (Config, String)> {
    config_and_record().prop_flat_map(|(config, record)| {
        let valid = encode(&record, &config);
        let len = valid.len();
        let mutated = (0..len, any::<char>(), 0..8u8, 0..len + 1).prop_map({
            let valid = valid.clone();
            move |(at, c, op, to)| {
                let mut v: Vec<char> = valid.chars().collect();
                match op {
                    0 => v[at] = c,
                    1 => {
                        v.remove(at);
                    }
                    2 => v.insert(at, c),
                    3 => v.truncate(at),
                    4 => v.swap(at, to.min(len - 1)),
                    5 => v.insert(at, '.'),
                    6 => v[at] = if v[at] == '0' { '1' } else { '0' },
                    _ => v.extend(valid.chars()),
                }
                v.into_iter().collect::<String>()
            }
        });
        let noise = prop_oneof![
            any::<String>(),
            "[0-9A-Za-z._~-]{0,120}",
            "1\\.[0-9]{1,3}\\.[0-9a-z]{1,8}\\.[0-9a-z]{1,8}\\.[A-Za-z0-9_-]{14,18}\\.[a-z][01]\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{0,8}",
        ];
        (Just(config), prop_oneof![3 => mutated, 1 => noise])
    })
}

#[test]
fn decoding_random_and_mutated_values_never_panics() {
    runner(cases(100_000))
        .run(&cookie_value(), |(config, value)| {
            if let Ok(record) = decode(&value, &config) {
                // Anything accepted is exactly what we would have written.
                prop_assert_eq!(&encode(&record, &config), &value);
            }
            let jar = format!("a=b; {}={}; c", config.cookie.name, value);
            let _ = read_cookie(&jar, &config.cookie.name);
            Ok(())
        })
        .unwrap();
}

#[test]
fn huge_values_are_refused_without_work() {
    let config = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
    let huge = "1.".repeat(MAX_VALUE_LEN);
    assert!(decode(&huge, &config).is_err());
    assert!(decode(&"A".repeat(1 << 20), &config).is_err());
}

// ---------- the server's reading against the page's ----------

/// A config as the JSON text a site writes, with random revision,
/// lifetime and sale flags; and the keys it was made from.
fn config_text_of(config: &Config, expires_days: u32, sale: &[bool]) -> String {
    let mut text = format!(
        r#"{{"revision":{},"cookie":{{"name":"cy","expiresDays":{expires_days}}},"categories":{{"#,
        config.revision
    );
    for (i, c) in config.categories.iter().enumerate() {
        let services: Vec<String> = c.services.iter().map(|s| format!(r#""{}":{{}}"#, s.key)).collect();
        let sep = if i > 0 { "," } else { "" };
        let sale = sale.get(i).copied().unwrap_or(false);
        text.push_str(&format!(
            r#"{sep}"{}":{{"required":{},"sale":{sale},"services":{{{}}}}}"#,
            c.key,
            c.required,
            services.join(",")
        ));
    }
    text.push_str("}}");
    text
}

/// A config text, a `Cookie` header holding a record made on it (kept,
/// mutated, or read under a bumped revision), a moment from before the
/// record to past its expiry, and a GPC signal.
fn server_case() -> impl Strategy<Value = (String, String, u64, bool)> {
    (config(), 1u32..=395, prop::collection::vec(any::<bool>(), 12)).prop_flat_map(|(shape, days, sale)| {
        let text = config_text_of(&shape, days, &sale);
        let config = Config::parse(&text).expect("generated configs are valid").config;
        let d = decision(&config);
        (
            Just(text),
            Just(config),
            prop::collection::vec(d, 1..4),
            any::<[u8; ID_BYTES]>(),
            0u64..4_000_000_000u64,
            0u8..8,
            any::<(usize, char)>(),
            0u64..(u64::from(days) + 4) * 86_400,
            any::<bool>(),
        )
            .prop_map(|(text, config, decisions, id, made, mutation, (at, c), later, gpc)| {
                let mut record: Option<Record> = None;
                for (i, d) in decisions.iter().enumerate() {
                    record = Some(Record::decide(&config, record.as_ref(), d, made + i as u64, &id).expect("known"));
                }
                let record = record.expect("one decision at least");
                let mut value: Vec<char> = encode(&record, &config).chars().collect();
                let at = at % value.len();
                let mut text = text;
                match mutation {
                    0 => value[at] = c,
                    1 => value.truncate(at),
                    2 => value.insert(at, c),
                    3 => {
                        let (was, bumped) = (config.revision, config.revision.wrapping_add(1));
                        text = text.replacen(&format!("\"revision\":{was}"), &format!("\"revision\":{bumped}"), 1);
                    }
                    _ => {}
                }
                let value: String = value.into_iter().collect();
                // `now` from two days before the last decision to past expiry.
                let now = (record.updated + later).saturating_sub(2 * 86_400);
                (text, format!("a=1; cy={value}; _c1=x"), now, gpc)
            })
    })
}

#[test]
fn the_server_reads_every_cookie_as_the_page_does() {
    use consentry::core::server::read_consent;
    use consentry::core::session::{Moment, Page, Session};
    use std::cell::Cell;
    // Both answers must occur often, or the comparison proves little.
    let (records, nones) = (Cell::new(0u32), Cell::new(0u32));
    let n = cases(10_000);
    runner(n)
        .run(&server_case(), |(text, header, now, gpc)| {
            let config = Config::parse(&text).expect("valid config").config;
            let server = read_consent(&header, &config, now, gpc);
            let page = Page { host: "example.com".into(), path: "/".into(), gpc, ..Page::default() };
            let (session, _) =
                Session::start(&text, page, &Moment { jar: &header, now, id: [1; ID_BYTES] }).expect("valid");
            // A GPC signal without a stored choice can make the page record
            // one of its own (new id); the server reports no stored choice.
            let page_record = session.record().filter(|r| server.is_some() || r.method != Method::Gpc).cloned();
            let counter = if server.is_some() { &records } else { &nones };
            counter.set(counter.get() + 1);
            prop_assert_eq!(server, page_record);
            Ok(())
        })
        .unwrap();
    println!("server reads: {} records, {} no consent", records.get(), nones.get());
    assert!(records.get() > n / 10 && nones.get() > n / 10, "{} / {}", records.get(), nones.get());
}

// ---------- config texts ----------

/// An arbitrary JSON value, as text.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| if f.is_finite() { f.to_string() } else { "0".into() }),
        ".{0,12}".prop_map(|s| {
            let mut out = String::new();
            json::push_string(&mut out, &s);
            out
        }),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("categories".to_string()),
                        Just("cookie".to_string()),
                        Just("revision".to_string()),
                        Just("services".to_string()),
                        Just("cookies".to_string()),
                        Just("name".to_string()),
                        Just("required".to_string()),
                        Just("title".to_string()),
                        Just("texts".to_string()),
                        Just("expiresDays".to_string()),
                        Just("localStorage".to_string()),
                        Just("sessionStorage".to_string()),
                        Just("indexedDB".to_string()),
                        Just("tcf".to_string()),
                        Just("vendors".to_string()),
                        Just("cmpId".to_string()),
                        "[a-z]{1,6}"
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|members| {
                let body: Vec<String> = members.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

/// JSON values, valid configs mutated byte-wise, and raw noise.
fn config_text() -> impl Strategy<Value = String> {
    const VALID: &str = r#"{"revision":2,"cookie":{"name":"c","expiresDays":30,"sameSite":"Strict"},
      "privacyPolicyUrl":"/p","texts":{"de":{"acceptAll":"Ja"}},
      "categories":{"necessary":{"required":true},"analytics":{"title":{"en":"A"},"cookies":["_ga",{"name":"_ga_*"}]},
      "marketing":{"localStorage":["_hj*"],"indexedDB":[{"name":"db"}],"services":{"fb":{"cookies":["_fbp"]}}}},
      "tcf":{"cmpId":300,"cmpVersion":1,"gvl":"/g.json","vendors":[1,755],"publisherCountryCode":"DE",
      "googleAdditionalConsent":[89],"purposeOneTreatment":false}}"#;
    let mutated = (prop::collection::vec((0..VALID.len(), any::<u8>(), 0..3u8), 1..6)).prop_map(|edits| {
        let mut bytes = VALID.as_bytes().to_vec();
        for (at, b, op) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match op {
                0 => bytes[at] = b,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, b),
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    });
    prop_oneof![2 => json_text(), 2 => mutated, 1 => any::<String>()]
}

#[test]
fn parsing_random_and_mutated_configs_never_panics() {
    runner(cases(100_000))
        .run(&config_text(), |text| {
            // The TCF module's reading of the same text (its own wasm on pages)
            // never panics either, and agrees with the whole config's check.
            let tcf_site = consentry::core::config::read_tcf_site(&text);
            match Config::parse(&text) {
                Ok(parsed) => {
                    prop_assert_eq!(parsed.config.tcf, tcf_site.is_ok());
                    // A config that parses is usable: it has categories and
                    // every record on it round-trips through the cookie.
                    prop_assert!(!parsed.config.categories.is_empty());
                    let r = Record::decide(&parsed.config, None, &Decision::AcceptAll, 1, &[0; ID_BYTES]).unwrap();
                    prop_assert_eq!(decode(&encode(&r, &parsed.config), &parsed.config), Ok(r));
                }
                Err(problems) => {
                    prop_assert!(!problems.is_empty());
                    for p in &problems {
                        prop_assert!(!p.message.is_empty());
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn json_reader_accepts_every_valid_text() {
    // Every generated JSON text is valid; the reader must accept it.
    runner(cases(20_000))
        .run(&json_text(), |text| {
            prop_assert!(json::parse(&text).is_ok(), "rejected valid JSON: {}", text);
            Ok(())
        })
        .unwrap();
}

#[test]
fn pattern_matching_never_panics_and_star_matches_everything() {
    runner(cases(20_000))
        .run(&("[a-z*_]{0,12}", "[a-z_]{0,24}"), |(pattern, name)| {
            let _ = matches_pattern(&pattern, &name);
            prop_assert!(matches_pattern("*", &name));
            prop_assert!(matches_pattern(&name, &name));
            Ok(())
        })
        .unwrap();
}

// ---------- sizes ----------

fn accept_all_value(config: &Config) -> String {
    let r = Record::decide(config, None, &Decision::AcceptAll, 1_795_424_640, &[9; ID_BYTES]).unwrap();
    encode(&r, config)
}

#[test]
fn encoded_cookie_sizes_stay_under_1_kb() {
    // The largest config in www/: the demo page's JSON tag.
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/index.html")).unwrap();
    let start = page.find("id=\"consentry-config\">").unwrap() + "id=\"consentry-config\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let demo = Config::parse(&page[start..end]).unwrap().config;
    let demo_value = accept_all_value(&demo);

    // 20 categories × 10 services with long, realistic keys.
    let mut big = String::from(r#"{"revision":4294967295,"categories":{"#);
    for c in 0..20 {
        if c > 0 {
            big.push(',');
        }
        big.push_str(&format!(r#""category-number-{c:02}":{{"services":{{"#));
        for s in 0..10 {
            if s > 0 {
                big.push(',');
            }
            big.push_str(&format!(r#""a-rather-long-service-{c:02}-{s:02}":{{}}"#));
        }
        big.push_str("}}");
    }
    big.push_str("}}");
    let big = Config::parse(&big).unwrap().config;
    let big_value = accept_all_value(&big);

    println!("encoded consent cookie value: www/index.html config → {} bytes", demo_value.len());
    println!("encoded consent cookie value: 20 categories × 10 services → {} bytes", big_value.len());
    assert!(demo_value.len() < 1024 && big_value.len() < 1024);
    // Name, value and every attribute together, too.
    let full =
        consentry::core::cookie::set_cookie_string(&big.cookie, &big_value, 1_795_424_640, "www.example.com", true);
    println!("full Set-Cookie string for 20 × 10 → {} bytes", full.len());
    assert!(full.len() < 1024);
}

// ---------- tracker URLs ----------

/// URL-ish garbage: random text, and URLs glued from schemes, separators,
/// table hosts and odd characters.
fn url_text() -> impl Strategy<Value = String> {
    let table = consentry::core::trackers::table();
    let host = prop::sample::select(table.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>());
    let glued = (
        prop::sample::select(vec![
            "",
            "https://",
            "http:",
            "HTTP://",
            "//",
            "\\\\",
            "https:\\\\",
            " \t",
            "ftp://",
            "javascript:",
            "https://u:p@",
            "https://[::1",
        ]),
        host,
        "[a-z0-9./\\\\:@?#%\\[\\]*-]{0,24}",
        any::<String>(),
    )
        .prop_map(|(scheme, host, tail, junk)| {
            let mut s = String::from(scheme);
            s.push_str(&host);
            s.push_str(&tail);
            if junk.len() % 3 == 0 {
                s.push_str(&junk);
            }
            s
        });
    prop_oneof![3 => glued, 1 => any::<String>()]
}

#[test]
fn tracker_matching_never_panics() {
    let config = Config::parse(
        r#"{"categories":{"analytics":{},"marketing":{}},
            "blocking":{"hosts":{"cdn.example.net":"analytics","static.hotjar.com":false},"unknown":"marketing"}}"#,
    )
    .unwrap()
    .config;
    let table = consentry::core::trackers::table();
    let protocol = prop::sample::select(vec!["http:", "https:", "ws:", "wss:", "ftp:", "data:", ""]);
    runner(cases(100_000))
        .run(&(protocol, url_text(), any::<String>()), |(protocol, host, path)| {
            let c = consentry::core::trackers::category_for(protocol, &host, &path, "example.com", &config, &table);
            if let Some(c) = c {
                prop_assert!(["analytics", "marketing", "embeds"].contains(&c));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_exact_table_host_is_caught_under_any_path() {
    let config = Config::parse(r#"{"categories":{"a":{}}}"#).unwrap().config;
    let table = consentry::core::trackers::table();
    let exact: Vec<String> = table.iter().filter(|(k, _)| !k.starts_with('*')).map(|(k, _)| k.clone()).collect();
    runner(cases(20_000))
        .run(&(prop::sample::select(exact), "(/[a-zA-Z0-9._-]{1,8}){0,3}"), |(key, tail)| {
            let (host, key_path) = key.split_once('/').map_or((key.as_str(), ""), |(h, p)| (h, p));
            let mut path = String::new();
            if !key_path.is_empty() {
                path.push('/');
                path.push_str(key_path);
            }
            path.push_str(&tail);
            if path.is_empty() {
                path.push('/');
            }
            let c = consentry::core::trackers::category_for("https:", host, &path, "example.com", &config, &table);
            prop_assert!(c.is_some(), "{} {}", host, path);
            Ok(())
        })
        .unwrap();
}

// ---------- splitting ----------

#[test]
fn byte_splitting_matches_std_splitting() {
    runner(cases(100_000))
        .run(&("[a.;= é€😀]{0,12}", prop::sample::select(vec![b'.', b';', b'=', b' '])), |(s, sep)| {
            let c = char::from(sep);
            let ours: Vec<&str> = consentry::core::split::split(&s, sep).collect();
            prop_assert_eq!(ours, s.split(c).collect::<Vec<_>>());
            prop_assert_eq!(consentry::core::split::split_once(&s, sep), s.split_once(c));
            Ok(())
        })
        .unwrap();
}
