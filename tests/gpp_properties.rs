//! Property tests of the GPP-string codec: random models (usnat v1/v2, usca,
//! GPC, tcfeuv2 and other sections as text) round-trip; garbage and valid
//! strings with one character changed, cut or doubled decode to an error or
//! a model, never a panic, and whatever decodes encodes again.
//!
//! Case counts: 100,000 per property by default; `CONSENTRY_CASES` sets them.
#![cfg(not(target_arch = "wasm32"))]

use consentry::core::gpp::us::{Kind, Us, UsSection};
use consentry::core::gpp::{decode, encode, json, GppModel, Section};
use proptest::prelude::*;

mod codec_props;
use codec_props::{cases, fail, garbage, mutated, runner};

/// A US section with every field in its range.
fn us(us: Us) -> impl Strategy<Value = UsSection> {
    let versions: Vec<u8> = if us == Us::Nat { vec![1, 2] } else { vec![1] };
    (prop::sample::select(versions), prop::collection::vec(0u8..=2, 40), prop::option::of(any::<bool>())).prop_map(
        move |(version, pool, gpc)| {
            let mut values = pool.into_iter();
            let fields = us.fields(version).unwrap_or_default();
            let values = fields
                .iter()
                .map(|f| match f.kind {
                    Kind::Int2 => vec![values.next().unwrap_or(0)],
                    Kind::Int2NonZero => vec![values.next().unwrap_or(0).max(1)],
                    Kind::List2(n) => (0..n).map(|_| values.next().unwrap_or(2)).collect(),
                })
                .collect();
            UsSection { us, version, values, gpc }
        },
    )
}

fn model() -> impl Strategy<Value = GppModel> {
    (
        prop::option::of("C[A-Za-z0-9_-]{10,40}(\\.[A-Za-z0-9_-]{4,12}){0,2}"),
        prop::option::of(us(Us::Nat)),
        prop::option::of(us(Us::Ca)),
        prop::collection::btree_map(9u16..400, "[A-Za-z0-9_-]{1,12}", 0..3),
    )
        .prop_map(|(tcf, nat, ca, others)| {
            let mut sections: Vec<Section> = others.into_iter().map(|(id, text)| Section::Other(id, text)).collect();
            sections.extend(ca.map(Section::Us));
            sections.extend(nat.map(Section::Us));
            sections.extend(tcf.map(Section::TcfEuV2));
            GppModel { sections }
        })
}

/// The model as decode gives it back: sections in ascending id order.
fn sorted(mut m: GppModel) -> GppModel {
    m.sections.sort_by_key(Section::id);
    m
}

#[test]
fn random_models_round_trip() {
    runner(cases(100_000))
        .run(&model(), |m| {
            let s = encode(&m).map_err(fail)?;
            let back = decode(&s).map_err(fail)?;
            prop_assert_eq!(&back, &sorted(m));
            prop_assert_eq!(json::model_from_json(&json::model_to_json(&back)).ok(), Some(back));
            Ok(())
        })
        .unwrap();
}

fn gpp_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "D[A-Za-z0-9_-]{0,12}(~[A-Za-z0-9_.-]{0,30}){0,4}",
        "DBA[A-Za-z0-9_-]{1,4}(~[A-Za-z0-9_-]{1,14}(\\.[A-Za-z0-9_-]{1,3})?){0,3}",
        ".{0,60}",
    ]
}

#[test]
fn garbage_never_panics_and_what_decodes_encodes() {
    garbage(gpp_like(), decode, encode, json::model_from_json);
}

#[test]
fn mutated_strings_never_panic() {
    mutated(model(), decode, encode, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~.");
}

/// The regions stamp (`<cookie>-gpp`, src/core/gpp/stamp.rs).
mod stamps {
    use super::*;
    use consentry::core::config::regions::Rule;
    use consentry::core::gpp::stamp::{self, Stamp};

    fn a_stamp() -> impl Strategy<Value = Stamp> {
        (
            prop::sample::select(Rule::ALL.to_vec()),
            prop_oneof!["", "[A-Z]{2}", "[A-Z]{2}-[A-Z0-9]{1,3}"],
            model().prop_filter_map("an encodable model", |m| encode(&m).ok()),
        )
            .prop_map(|(rule, region, gpp)| Stamp { rule, region, gpp })
    }

    #[test]
    fn random_stamps_round_trip() {
        runner(cases(100_000))
            .run(&a_stamp(), |s| {
                let value = stamp::encode(&s).ok_or_else(|| TestCaseError::fail("not written"))?;
                prop_assert_eq!(stamp::decode(&value), Some(s));
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn garbage_and_mutated_stamps_never_panic_and_what_decodes_is_canonical() {
        let text = prop_oneof!["1\\.[ionx]\\.[A-Z-]{0,6}\\.[A-Za-z0-9_.~-]{0,20}", ".{0,40}"];
        runner(cases(100_000))
            .run(&text, |value| {
                if let Some(s) = stamp::decode(&value) {
                    prop_assert_eq!(stamp::encode(&s), Some(value));
                }
                Ok(())
            })
            .unwrap();
        let mutated = (a_stamp(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(s, at, byte)| {
            let mut bytes = stamp::encode(&s).unwrap_or_default().into_bytes();
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        });
        runner(cases(100_000))
            .run(&mutated, |value| {
                if let Some(s) = stamp::decode(&value) {
                    prop_assert_eq!(stamp::encode(&s), Some(value));
                }
                Ok(())
            })
            .unwrap();
    }
}
