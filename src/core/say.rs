//! `say!("must be a string")`: a sentence of a config problem or warning (or
//! a JSON syntax error), written once at the place that reports it.
//!
//! The page's release wasm (cfg `problem_codes`, set by `build.rs` for the
//! wasm32 release build without the `server` or IAB module features) carries
//! a short code instead of the sentence: [`MARK`] and five base-36 digits of
//! the sentence's FNV-1a hash, computed at compile time, so only the code is
//! in the binary. A correct config never shows these sentences; a broken one
//! gets them back from the diagnostics chunk (`js/diagnostics.js`), whose
//! table `scripts/say-table.mjs` extracts from the `say!` literals of
//! `src/` with the same hash (docs/size.md, "Rule 5"). Everywhere else
//! (native builds, tests, the server's and the IAB modules' wasm) `say!` is
//! the literal itself.

/// The byte that starts a sentence's code in the page's wasm.
#[cfg_attr(not(problem_codes), allow(dead_code))]
pub const MARK: u8 = 1;

/// How many base-36 digits follow [`MARK`].
pub const DIGITS: usize = 5;

/// `MARK` and the five base-36 digits (0-9, a-z) of `text`'s 32-bit FNV-1a
/// hash modulo 36^5: the code `say!` puts in place of `text`.
#[cfg_attr(not(any(problem_codes, test)), allow(dead_code))]
pub const fn code(text: &str) -> [u8; DIGITS + 1] {
    let bytes = text.as_bytes();
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        i += 1;
    }
    let mut rest = hash % 60_466_176; // 36^5
    let mut out = [MARK; DIGITS + 1];
    let mut at = DIGITS;
    while at > 0 {
        let digit = (rest % 36) as u8;
        out[at] = if digit < 10 { b'0' + digit } else { b'a' + digit - 10 };
        rest /= 36;
        at -= 1;
    }
    out
}

/// The sentence `$text`, or in the page's release wasm its code (see the
/// module's documentation). Takes a string literal only: the table is
/// extracted from the sources.
macro_rules! say {
    ($text:literal) => {{
        #[cfg(problem_codes)]
        const TEXT: &str = {
            const CODE: [u8; $crate::core::say::DIGITS + 1] = $crate::core::say::code($text);
            match core::str::from_utf8(&CODE) {
                Ok(code) => code,
                Err(_) => panic!(),
            }
        };
        #[cfg(not(problem_codes))]
        const TEXT: &str = $text;
        TEXT
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    // The same codes as scripts/say-table.mjs computes (tests/e2e/say-table.test.mjs
    // asserts these two): the table and the wasm must agree.
    #[test]
    fn codes_are_the_mark_and_five_base36_digits_of_fnv1a() {
        assert_eq!(&code("must be a string"), b"\x01y067f");
        assert_eq!(&code(""), b"\x01tntfp");
        assert_eq!(say!("is listed twice"), "is listed twice", "native builds keep the text");
    }
}
