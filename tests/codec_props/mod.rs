//! What the TC- and GPP-string property tests share: the case count, the
//! runner, and the two garbage properties (random text; valid strings with
//! one character changed, cut or doubled), which must give an error or a
//! model, never a panic, and a model that encodes again.

use consentry::core::iab::Error;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};

pub fn cases(default: u32) -> u32 {
    std::env::var("CONSENTRY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn runner(n: u32) -> TestRunner {
    TestRunner::new(RunnerConfig { cases: n, failure_persistence: None, ..RunnerConfig::default() })
}

pub fn fail(e: Error) -> TestCaseError {
    TestCaseError::fail(e.message())
}

/// Decodes `s`: no panic, and a model that decodes encodes again.
fn decodes_sanely<M>(
    s: &str,
    decode: fn(&str) -> Result<M, Error>,
    encode: fn(&M) -> Result<String, Error>,
) -> Result<(), TestCaseError> {
    if let Ok(m) = decode(s) {
        prop_assert!(encode(&m).is_ok(), "decoded but does not encode: {s}");
    }
    Ok(())
}

/// Random text through the decoder and through the model's JSON reader.
pub fn garbage<M, J>(
    text: impl Strategy<Value = String>,
    decode: fn(&str) -> Result<M, Error>,
    encode: fn(&M) -> Result<String, Error>,
    from_json: fn(&str) -> Result<J, Error>,
) {
    runner(cases(100_000))
        .run(&text, |s| {
            let _ = from_json(&s);
            decodes_sanely(&s, decode, encode)
        })
        .unwrap();
}

/// Valid strings of random models, one character changed (from `alphabet`), cut or doubled.
pub fn mutated<M: std::fmt::Debug>(
    models: impl Strategy<Value = M>,
    decode: fn(&str) -> Result<M, Error>,
    encode: fn(&M) -> Result<String, Error>,
    alphabet: &'static [u8; 64],
) {
    let strategy = (models, any::<prop::sample::Index>(), 0usize..64, 0u8..3);
    runner(cases(100_000))
        .run(&strategy, |(m, at, c, how)| {
            let mut s = encode(&m).map_err(fail)?.into_bytes();
            let i = at.index(s.len());
            match how {
                0 => s[i] = alphabet[c],
                1 => s.truncate(i),
                _ => s.insert(i, s[i]),
            }
            decodes_sanely(&String::from_utf8(s).unwrap(), decode, encode)
        })
        .unwrap();
}
