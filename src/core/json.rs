//! A small, strict JSON reader.
//!
//! Why our own: the config must report *every* problem with its path (serde
//! stops at the first), the reader is fuzzed as a unit, and it keeps
//! `serde_json` and float parsing out of the wasm payload. Numbers are kept as
//! integers when they are written as integers; anything else (fractions,
//! exponents, out-of-range integers) is a [`Json::OtherNumber`], which no
//! config field accepts.

/// A parsed JSON value. Objects keep their members in source order,
/// duplicates included, so the config reader can report them.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    /// A valid JSON number that is not a plain integer in `i64` range.
    OtherNumber,
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Why a text is not JSON, and where (byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub reason: &'static str,
}

/// Deepest nesting accepted; deeper input is refused, not recursed into.
pub const MAX_DEPTH: usize = 64;
/// Largest text accepted (bytes). A consent config is a few KB.
pub const MAX_LEN: usize = 1 << 20;

impl Json {
    /// The member `key` of an object (the last one if repeated, as in
    /// `JSON.parse`), or `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The name of the JSON type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Int(_) | Json::OtherNumber => "a number",
            Json::Str(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Parses a complete JSON text (RFC 8259; whitespace around the value allowed).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    if text.len() > MAX_LEN {
        return Err(JsonError { offset: MAX_LEN, reason: say!("text is too long") });
    }
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0 };
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(p.err(say!("unexpected text after the value")));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError { offset: self.pos, reason }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8, reason: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(reason))
        }
    }

    /// The bytes from the current position on.
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn literal(&mut self, word: &'static [u8], value: Json) -> Result<Json, JsonError> {
        if self.rest().starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err(say!("unknown literal")))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.err(say!("unexpected end of text"))),
            Some(b'n') => self.literal(b"null", Json::Null),
            Some(b't') => self.literal(b"true", Json::Bool(true)),
            Some(b'f') => self.literal(b"false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.err(say!("nested too deeply")));
                }
                self.pos += 1;
                // `]` and `}` follow `[` and `{` after one other character.
                let close = open + 2;
                let object = open == b'{';
                let mut items = Vec::new();
                let mut members = Vec::new();
                self.skip_ws();
                if self.peek() != Some(close) {
                    loop {
                        if object {
                            self.skip_ws();
                            if self.peek() != Some(b'"') {
                                return Err(self.err(say!("expected a member name in quotes")));
                            }
                            let key = self.string()?;
                            self.skip_ws();
                            self.eat(b':', say!("expected ':'"))?;
                            members.push((key, self.value(depth + 1)?));
                        } else {
                            items.push(self.value(depth + 1)?);
                        }
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(c) if c == close => break,
                            _ if object => return Err(self.err(say!("expected ',' or '}'"))),
                            _ => return Err(self.err(say!("expected ',' or ']'"))),
                        }
                    }
                }
                self.pos += 1;
                Ok(if object { Json::Object(members) } else { Json::Array(items) })
            }
            Some(_) => Err(self.err(say!("unexpected character"))),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_len = self.digits();
        if int_len == 0 {
            return Err(self.err(say!("expected a digit")));
        }
        let int_digits = self.bytes.get(int_start..int_start + int_len).unwrap_or_default();
        if int_len > 1 && int_digits.first() == Some(&b'0') {
            return Err(JsonError { offset: int_start, reason: say!("leading zero in a number") });
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err(say!("expected a digit after '.'")));
            }
            integral = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err(say!("expected a digit in the exponent")));
            }
            integral = false;
        }
        if !integral {
            return Ok(Json::OtherNumber);
        }
        // Accumulate as a negative number so that i64::MIN fits.
        let mut value: i64 = 0;
        for &b in int_digits {
            let digit = i64::from(b - b'0');
            value = match value.checked_mul(10).and_then(|v| v.checked_sub(digit)) {
                Some(v) => v,
                None => return Ok(Json::OtherNumber),
            };
        }
        if !negative {
            value = match value.checked_neg() {
                Some(v) => v,
                None => return Ok(Json::OtherNumber),
            };
        }
        debug_assert!(self.pos > start);
        Ok(Json::Int(value))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0u32;
        for _ in 0..4 {
            let Some(digit) = self.peek().and_then(|b| char::from(b).to_digit(16)) else {
                return Err(self.err(say!("expected four hex digits after \\u")));
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// Reads a string starting at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain bytes in one go; the input is a &str, so
            // any run that stops at an ASCII byte is valid UTF-8.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            if let Some(run) = self.text.get(run_start..self.pos) {
                out.push_str(run);
            }
            match self.peek() {
                None => return Err(self.err(say!("unterminated string"))),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek();
                    self.pos += 1;
                    let c = match escaped {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return Err(self.err(say!("unknown escape")));
                        }
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.err(say!("control character in a string"))),
            }
        }
    }

    /// After `\u`: one code unit, or a surrogate pair. A lone surrogate
    /// becomes U+FFFD, as browsers do when they render it.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.rest().starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

/// Appends `s` to `out` as a JSON string literal (with quotes).
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                let n = c as u8;
                out.push(char::from(HEX[usize::from(n >> 4)]));
                out.push(char::from(HEX[usize::from(n & 15)]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse(r#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00"} "#).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Json::Array(vec![
                Json::Int(1),
                Json::Int(-2),
                Json::OtherNumber,
                Json::OtherNumber,
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ]))
        );
        assert_eq!(v.get("b"), Some(&Json::Str("x\"é😀".into())));
    }

    #[test]
    fn last_duplicate_member_wins_like_json_parse() {
        let v = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Int(2)));
    }

    #[test]
    fn integer_limits() {
        assert_eq!(parse("-9223372036854775808").unwrap(), Json::Int(i64::MIN));
        assert_eq!(parse("9223372036854775807").unwrap(), Json::Int(i64::MAX));
        assert_eq!(parse("9223372036854775808").unwrap(), Json::OtherNumber);
    }

    #[test]
    fn lone_surrogate_becomes_replacement_char() {
        assert_eq!(parse(r#""\ud800x""#).unwrap(), Json::Str("\u{FFFD}x".into()));
    }

    #[test]
    fn rejects_malformed_text_with_an_offset() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "-",
            "1.",
            "1e",
            "\"abc",
            "\"\\x\"",
            "tru",
            "[1] 2",
            "{'a':1}",
            "\"a\nb\"",
            "{\"a\":1,}",
            "nul",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.offset <= bad.len(), "{bad:?} → {e:?}");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_recursing_into_it() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().reason, "nested too deeply");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn push_string_round_trips() {
        let s = "a\"b\\c\nd\u{1}é";
        let mut out = String::new();
        push_string(&mut out, s);
        assert_eq!(parse(&out).unwrap(), Json::Str(s.into()));
    }
}
