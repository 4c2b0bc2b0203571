//! `str::split` and `str::split_once` for an ASCII separator byte.
//!
//! With a `char` pattern the std methods search with `CharSearcher`, whose
//! slice indexing links in the slice-index panics and, through their
//! messages, `core::fmt`'s integer formatting: kilobytes of wasm. Every
//! separator we split at is ASCII, so a byte search cuts on a char boundary
//! and `get` (which cannot panic) always succeeds.

/// `s` before and after the first `sep` (an ASCII byte), like `str::split_once`.
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Whether `bytes` holds `b`. Instead of `<[u8]>::contains` and
/// `str::contains(char)`, which link in `core::slice::memchr` (hundreds of
/// bytes of wasm) for inputs of a few dozen bytes.
#[allow(clippy::manual_contains)] // on purpose: see above
pub fn has_byte(bytes: &[u8], b: u8) -> bool {
    bytes.iter().any(|&x| x == b)
}

/// `s` up to the first byte that is `stop` (all of `s` if none is). `stop`
/// must only match ASCII bytes, so that the cut is on a char boundary.
pub fn before(s: &str, stop: impl Fn(u8) -> bool) -> &str {
    s.bytes().position(stop).and_then(|i| s.get(..i)).unwrap_or(s)
}

/// The pieces of `s` between `sep` bytes (an ASCII byte), like `str::split`:
/// one empty piece for an empty `s`, and empty pieces between adjacent seps.
pub fn split(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        let (piece, tail) = split_once(r, sep).map_or((r, None), |(piece, tail)| (piece, Some(tail)));
        rest = tail;
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_std() {
        for s in ["", ".", "a", "a.b", ".a.", "a..b", "é.ü€.😀", "..", "a.b.c."] {
            assert_eq!(split(s, b'.').collect::<Vec<_>>(), s.split('.').collect::<Vec<_>>(), "{s:?}");
            assert_eq!(split_once(s, b'.'), s.split_once('.'), "{s:?}");
            assert_eq!(has_byte(s.as_bytes(), b'.'), s.contains('.'), "{s:?}");
            assert_eq!(before(s, |b| b == b'.'), s.split('.').next().unwrap_or(s), "{s:?}");
        }
    }
}
