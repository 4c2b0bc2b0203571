//! Property tests of the TC-string codec: random models round-trip through
//! encode and decode; garbage (random text, and valid strings with one
//! character changed, cut or doubled) decodes to an error or a model,
//! never a panic, and whatever decodes encodes again.
//!
//! Case counts: 100,000 per property by default; `CONSENTRY_CASES` sets them.
#![cfg(not(target_arch = "wasm32"))]

use consentry::core::tcf::{decode, encode, json, PublisherTc, Restriction, TcModel};
use proptest::prelude::*;

mod codec_props;
use codec_props::{cases, fail, garbage, mutated, runner};

fn ids(max: u16, len: usize) -> impl Strategy<Value = Vec<u16>> {
    prop::collection::btree_set(1..=max, 0..len).prop_map(|s| s.into_iter().collect())
}

/// Vendor ids: dense and low, sparse up to 65,535, or runs.
fn vendors() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![
        ids(60, 40),
        ids(3000, 30),
        ids(u16::MAX, 4),
        (1u16..60_000, 1u16..500).prop_map(|(start, len)| (start..start.saturating_add(len)).collect()),
    ]
}

fn letters() -> impl Strategy<Value = [u8; 2]> {
    (b'A'..=b'Z', b'A'..=b'Z').prop_map(|(a, b)| [a, b])
}

fn restrictions() -> impl Strategy<Value = Vec<Restriction>> {
    prop::collection::btree_map((1u8..=63, 0u8..=2), vendors().prop_filter("some vendors", |v| !v.is_empty()), 0..4)
        .prop_map(|m| {
            m.into_iter()
                .map(|((purpose_id, restriction_type), vendors)| Restriction { purpose_id, restriction_type, vendors })
                .collect()
        })
}

fn publisher() -> impl Strategy<Value = Option<PublisherTc>> {
    prop::option::of((ids(24, 24), ids(24, 24), 0u8..=63).prop_flat_map(|(consents, legitimate_interests, n)| {
        let custom = if n == 0 { Just(Vec::new()).boxed() } else { ids(n.into(), n.into()).boxed() };
        (custom.clone(), custom).prop_map(move |(custom_consents, custom_legitimate_interests)| PublisherTc {
            consents: consents.clone(),
            legitimate_interests: legitimate_interests.clone(),
            num_custom_purposes: n,
            custom_consents,
            custom_legitimate_interests,
        })
    }))
}

fn model() -> impl Strategy<Value = TcModel> {
    (
        (0u64..1 << 36, 0u64..1 << 36, 0u16..4096, 0u16..4096, 0u8..64, letters(), 0u16..4096, 0u8..64),
        (any::<bool>(), any::<bool>(), ids(12, 12), ids(24, 24), ids(24, 24), any::<bool>(), letters()),
        (vendors(), vendors(), restrictions(), vendors(), publisher()),
    )
        .prop_map(|((created, last_updated, cmp_id, cmp_version, screen, lang, vlv, policy), b, c)| TcModel {
            created,
            last_updated,
            cmp_id,
            cmp_version,
            consent_screen: screen,
            consent_language: lang,
            vendor_list_version: vlv,
            policy_version: policy,
            is_service_specific: b.0,
            use_non_standard_texts: b.1,
            special_feature_optins: b.2,
            purpose_consents: b.3,
            purpose_legitimate_interests: b.4,
            purpose_one_treatment: b.5,
            publisher_country_code: b.6,
            vendor_consents: c.0,
            vendor_legitimate_interests: c.1,
            publisher_restrictions: c.2,
            vendors_disclosed: c.3,
            publisher: c.4,
        })
}

#[test]
fn random_models_round_trip() {
    runner(cases(100_000))
        .run(&model(), |m| {
            let s = encode(&m).map_err(fail)?;
            prop_assert_eq!(decode(&s).map_err(fail)?, m.clone());
            // And through the JSON of the wasm surface.
            prop_assert_eq!(json::model_from_json(&json::model_to_json(&m)).ok(), Some(m));
            Ok(())
        })
        .unwrap();
}

/// Text from the base64url alphabet and dots, which gets past the first checks.
fn tc_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{0,120}(\\.[A-Za-z0-9_-]{0,40}){0,4}",
        "C[A-Za-z0-9_-]{30,200}\\.[IJKLMNOP][A-Za-z0-9_-]{0,60}(\\.[YZa-f][A-Za-z0-9_-]{0,30})?",
        ".{0,80}",
    ]
}

#[test]
fn garbage_never_panics_and_what_decodes_encodes() {
    garbage(tc_like(), decode, encode, json::model_from_json);
}

#[test]
fn mutated_strings_never_panic() {
    mutated(model(), decode, encode, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");
}
