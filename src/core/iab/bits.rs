//! Bits over base64url, as both IAB strings carry them: big-endian fields,
//! six bits a character (RFC 4648 §5 alphabet, no `=`).
//!
//! The two specs pad differently, and we pad as their reference encoders
//! do so that our strings are byte-identical to theirs:
//! * TCF (iabtcf): each segment to a multiple of 24 bits (whole bytes and
//!   whole characters, so a segment is a multiple of 4 characters);
//! * GPP (iabgpp): to whole bytes, then to whole characters. The GPP spec's
//!   own examples pad only to whole characters (`DBABM`, iabgpp `DBABMA`);
//!   the reader takes either.
//!
//! Reading never panics: a read past the end is [`Error::Truncated`].

use super::Error;
use crate::core::encoding::{base64url_value, BASE64URL};

/// How a writer pads its last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Padding {
    /// To a multiple of 24 bits (TCF segments).
    Tcf,
    /// To whole bytes, then whole characters (GPP header and sections).
    Gpp,
}

/// Appends fields, most significant bit first.
#[derive(Debug, Default, Clone)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bits written so far.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The low `width` bits of `value` (callers check the range first).
    pub fn int(&mut self, value: u64, width: u32) {
        for i in (0..width).rev() {
            self.bits.push(value >> i & 1 == 1);
        }
    }

    pub fn bool(&mut self, b: bool) {
        self.bits.push(b);
    }

    /// `n` (>= 1) in Fibonacci coding: Zeckendorf bits from F(2) = 1 up,
    /// then the closing 1 (so every code word ends in `11`).
    pub fn fibonacci(&mut self, n: u64) {
        // F(2) = 1, F(3) = 2, ... up to n.
        let mut fibs = vec![1u64];
        let (mut a, mut b) = (1u64, 2u64);
        while b <= n {
            fibs.push(b);
            match a.checked_add(b) {
                Some(next) => (a, b) = (b, next),
                None => break,
            }
        }
        // Greedy from the top: the largest number is always used, so the
        // word has no trailing zeros before its closing 1.
        let mut rest = n;
        let mut word = vec![false; fibs.len()];
        for (slot, &f) in word.iter_mut().zip(&fibs).rev() {
            if f <= rest {
                rest -= f;
                *slot = true;
            }
        }
        self.bits.extend(word);
        self.bits.push(true);
    }

    /// The bits as base64url, padded with zeros as `padding` says.
    pub fn base64url(&self, padding: Padding) -> String {
        let mut len = self.bits.len();
        match padding {
            Padding::Tcf => len = len.div_ceil(24) * 24,
            Padding::Gpp => len = (len.div_ceil(8) * 8).div_ceil(6) * 6,
        }
        let mut out = String::with_capacity(len / 6);
        for chunk in 0..len / 6 {
            let mut v = 0usize;
            for i in 0..6 {
                v = v << 1 | usize::from(self.bits.get(chunk * 6 + i).copied().unwrap_or(false));
            }
            out.push(char::from(BASE64URL.get(v).copied().unwrap_or(b'A')));
        }
        out
    }
}

/// Reads fields from a base64url text.
#[derive(Debug, Clone)]
pub struct BitReader {
    /// One 6-bit value a character.
    sextets: Vec<u8>,
    pos: usize,
}

impl BitReader {
    /// The bits of `text`; an empty text or a character outside the
    /// base64url alphabet is [`Error::NotBase64`].
    pub fn new(text: &str) -> Result<Self, Error> {
        if text.is_empty() {
            return Err(Error::NotBase64);
        }
        let sextets = text.bytes().map(base64url_value).collect::<Option<Vec<u8>>>().ok_or(Error::NotBase64)?;
        Ok(Self { sextets, pos: 0 })
    }

    /// All the bits the text holds.
    pub fn len(&self) -> usize {
        self.sextets.len() * 6
    }

    pub fn is_empty(&self) -> bool {
        self.sextets.is_empty()
    }

    /// Bits read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn bit_at(&self, at: usize) -> Option<bool> {
        self.sextets.get(at / 6).map(|s| s >> (5 - at % 6) & 1 == 1)
    }

    pub fn bool(&mut self) -> Result<bool, Error> {
        let b = self.bit_at(self.pos).ok_or(Error::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// An unsigned `width`-bit field (width <= 64).
    pub fn int(&mut self, width: u32) -> Result<u64, Error> {
        if self.pos + width as usize > self.len() {
            return Err(Error::Truncated);
        }
        let mut v = 0u64;
        for _ in 0..width {
            v = v << 1 | u64::from(self.bool()?);
        }
        Ok(v)
    }

    /// A Fibonacci-coded integer (>= 1). Code words longer than
    /// `max_bits` (the id spaces are small) are refused as [`Error::Value`].
    pub fn fibonacci(&mut self, max_bits: usize) -> Result<u64, Error> {
        let (mut a, mut b) = (1u64, 2u64);
        let mut value = 0u64;
        let mut last = false;
        for _ in 0..max_bits {
            let bit = self.bool()?;
            if bit && last {
                return Ok(value);
            }
            if bit {
                value += a;
            }
            last = bit;
            (a, b) = (b, a + b);
        }
        Err(Error::Value("Fibonacci integer too long"))
    }

    /// Checks that what is left is zero padding of under 24 bits (every
    /// encoder we know pads less), and that no field was cut.
    pub fn finish(&self) -> Result<(), Error> {
        let rest = self.len().saturating_sub(self.pos);
        if rest >= 24 || (self.pos..self.len()).any(|at| self.bit_at(at) == Some(true)) {
            return Err(Error::Padding);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(s: &str) -> BitWriter {
        let mut w = BitWriter::new();
        for c in s.chars().filter(|c| *c != ' ') {
            w.bool(c == '1');
        }
        w
    }

    #[test]
    fn fibonacci_code_words_of_the_spec_table() {
        for (n, word) in [(1, "11"), (2, "011"), (3, "0011"), (4, "1011"), (5, "00011"), (6, "10011"), (7, "01011")] {
            let mut w = BitWriter::new();
            w.fibonacci(n);
            let got: String = w.bits.iter().map(|b| if *b { '1' } else { '0' }).collect();
            assert_eq!(got, word, "{n}");
            let mut r = BitReader::new(&w.base64url(Padding::Gpp)).unwrap();
            assert_eq!(r.fibonacci(64).unwrap(), n);
        }
    }

    #[test]
    fn fibonacci_round_trips_large_values() {
        for n in [8u64, 12, 13, 100, 987, 4000, 65_535, 1 << 30] {
            let mut w = BitWriter::new();
            w.fibonacci(n);
            w.int(0b101, 3);
            let mut r = BitReader::new(&w.base64url(Padding::Gpp)).unwrap();
            assert_eq!(r.fibonacci(64).unwrap(), n);
            assert_eq!(r.int(3).unwrap(), 0b101);
        }
    }

    #[test]
    fn padding_rules() {
        // The GPP spec's header example 1 (27 bits): spec pads to 30, iabgpp to 36.
        let w = bits("000011 000001 000000000001 0 011");
        assert_eq!(w.base64url(Padding::Gpp), "DBABMA");
        assert_eq!(BitReader::new("DBABM").unwrap().len(), 30);
        assert_eq!(bits("1").base64url(Padding::Tcf).len(), 4);
        assert_eq!(bits(&"1".repeat(25)).base64url(Padding::Tcf).len(), 8);
    }

    #[test]
    fn reader_refuses_bad_text_and_reads_past_the_end_as_truncated() {
        assert_eq!(BitReader::new("").unwrap_err(), Error::NotBase64);
        assert_eq!(BitReader::new("AB=").unwrap_err(), Error::NotBase64);
        assert_eq!(BitReader::new("A+").unwrap_err(), Error::NotBase64);
        let mut r = BitReader::new("_").unwrap();
        assert_eq!(r.int(6).unwrap(), 63);
        assert_eq!(r.bool().unwrap_err(), Error::Truncated);
        let mut r = BitReader::new("A").unwrap();
        assert_eq!(r.int(7).unwrap_err(), Error::Truncated);
        assert_eq!(r.fibonacci(64).unwrap_err(), Error::Truncated);
    }

    #[test]
    fn finish_wants_short_zero_padding() {
        let mut r = BitReader::new("AAAA").unwrap();
        r.int(1).unwrap();
        assert_eq!(r.finish().unwrap(), ());
        let r = BitReader::new("AAAA").unwrap();
        assert_eq!(r.finish().unwrap_err(), Error::Padding);
        let mut r = BitReader::new("AB").unwrap();
        r.int(6).unwrap();
        assert_eq!(r.finish().unwrap_err(), Error::Padding);
    }
}
