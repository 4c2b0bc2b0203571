//! `say!("must be a string")`: a sentence of a config problem or warning (or
//! a JSON syntax error), written once at the place that reports it.
//!
//! The page's release wasm (cfg `problem_codes`, set by `build.rs` for the
//! wasm32 release build without the `server` or IAB module features) carries
//! a two-character code instead of the sentence: [`MARK`] and one character
//! for the sentence's place in [`SENTENCES`], the sorted list of every `say!`
//! literal in `src/` that `build.rs` makes. A correct config never shows
//! these sentences; a broken one gets them back from the diagnostics chunk
//! (`js/diagnostics.js`), whose table `scripts/say-table.mjs` makes from the
//! sources the same way (docs/size.md, rule 5). Everywhere else (native
//! builds, tests, the server's and the IAB modules' wasm) `say!` is the
//! literal itself; every build checks that the literal is in the list.

include!(concat!(env!("OUT_DIR"), "/say.rs"));

/// The character that starts a sentence's code in the page's wasm.
pub const MARK: u8 = 1;
/// The first of the characters that number the sentences (space to `~`).
pub const FIRST: u8 = b' ';

/// The place of `text` in [`SENTENCES`]; a literal that is not there, or a
/// list too long for one printable character, fails the build.
pub const fn index(text: &str) -> usize {
    assert!(SENTENCES.len() <= (b'~' - FIRST + 1) as usize, "too many say! sentences for one character");
    let mut i = 0;
    while i < SENTENCES.len() {
        if same(SENTENCES[i].as_bytes(), text.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("a say! literal that build.rs did not find")
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The code `say!` puts in place of `text`: [`MARK`] and its number.
#[cfg_attr(not(any(problem_codes, test)), allow(dead_code))]
pub const fn code(text: &str) -> [u8; 2] {
    [MARK, FIRST + index(text) as u8]
}

/// The sentence `$text`, or in the page's release wasm its code (see the
/// module's documentation). Takes a string literal only: the list is
/// made from the sources.
macro_rules! say {
    ($text:literal) => {{
        #[cfg(problem_codes)]
        const TEXT: &str = {
            const CODE: [u8; 2] = $crate::core::say::code($text);
            match core::str::from_utf8(&CODE) {
                Ok(code) => code,
                Err(_) => panic!(),
            }
        };
        #[cfg(not(problem_codes))]
        const TEXT: &str = {
            let _ = $crate::core::say::index($text); // in the list, checked
            $text
        };
        TEXT
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_mark_and_the_place_in_the_sorted_list() {
        assert!(SENTENCES.windows(2).all(|pair| pair[0] < pair[1]), "sorted, each once");
        let listed = code("is listed twice");
        assert_eq!(listed[0], MARK);
        assert_eq!(SENTENCES[usize::from(listed[1] - FIRST)], "is listed twice");
        assert_eq!(say!("is listed twice"), "is listed twice", "native builds keep the text");
    }
}
