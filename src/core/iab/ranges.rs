//! Sets of ids as the two specs encode them.
//!
//! A set is a sorted `Vec<u16>` without duplicates in the models; decoding
//! goes through [`IdBits`], a 65,536-bit map, so that a hostile string of
//! 4,095 ranges of 65,535 ids each costs a few million word writes, not
//! billions of pushes.

use super::bits::{BitReader, BitWriter};
use super::Error;

/// Ids 0..=65535 as bits.
pub struct IdBits {
    words: Vec<u64>,
}

impl Default for IdBits {
    fn default() -> Self {
        Self { words: vec![0; 1024] }
    }
}

impl IdBits {
    pub fn set(&mut self, id: u16) {
        if let Some(w) = self.words.get_mut(usize::from(id / 64)) {
            *w |= 1 << (id % 64);
        }
    }

    /// Sets `start..=end` (start <= end).
    pub fn set_range(&mut self, start: u16, end: u16) {
        let mut id = u32::from(start);
        let end = u32::from(end);
        while id <= end {
            let word = (id / 64) as usize;
            let from = id % 64;
            let to = if end / 64 == id / 64 { end % 64 } else { 63 };
            let mask = if to - from == 63 { u64::MAX } else { ((1u64 << (to - from + 1)) - 1) << from };
            if let Some(w) = self.words.get_mut(word) {
                *w |= mask;
            }
            id = (word as u32 + 1) * 64;
        }
    }

    /// The set ids, ascending.
    pub fn ids(&self) -> Vec<u16> {
        let mut out = Vec::new();
        for (i, &w) in self.words.iter().enumerate() {
            let mut rest = w;
            while rest != 0 {
                let bit = rest.trailing_zeros();
                out.push((i as u32 * 64 + bit) as u16);
                rest &= rest - 1;
            }
        }
        out
    }
}

/// Sorts and de-duplicates a list of ids (what a model field holds),
/// through [`IdBits`]: linear, and without std's sort, whose bounds-check
/// panics would link `core::fmt` into the wasm.
pub fn normalized(ids: &[u16]) -> Vec<u16> {
    let mut bits = IdBits::default();
    ids.iter().for_each(|&id| bits.set(id));
    bits.ids()
}

/// The maximal runs of consecutive ids of a sorted, unique list.
pub fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, end)) if u32::from(*end) + 1 == u32::from(id) => *end = id,
            _ => out.push((id, id)),
        }
    }
    out
}

/// A fixed bitfield of `width` bits: bit i (from the left) is id i + 1.
pub fn write_bitfield(w: &mut BitWriter, ids: &[u16], width: u16) {
    let mut next = ids.iter().peekable();
    for id in 1..=width {
        let set = next.peek().is_some_and(|&&v| v == id);
        if set {
            next.next();
        }
        w.bool(set);
    }
}

/// Reads a fixed bitfield of `width` bits into ids.
pub fn read_bitfield(r: &mut BitReader, width: u16) -> Result<Vec<u16>, Error> {
    let mut out = Vec::new();
    for id in 1..=width {
        if r.bool()? {
            out.push(id);
        }
    }
    Ok(out)
}

/// Bits of a TCF range section: NumEntries, then per run IsARange,
/// StartOrOnlyVendorId and, for a range, EndVendorId.
pub fn int_range_bits(runs: &[(u16, u16)]) -> usize {
    12 + runs.iter().map(|(s, e)| if s == e { 17 } else { 33 }).sum::<usize>()
}

/// Writes a TCF range section (Range(Int) in GPP terms).
pub fn write_int_ranges(w: &mut BitWriter, runs: &[(u16, u16)]) {
    w.int(runs.len() as u64, 12);
    for &(start, end) in runs {
        w.bool(start != end);
        w.int(u64::from(start), 16);
        if start != end {
            w.int(u64::from(end), 16);
        }
    }
}

/// Reads a TCF range section; every id must lie in `1..=max`.
pub fn read_int_ranges(r: &mut BitReader, max: u16) -> Result<Vec<u16>, Error> {
    let entries = r.int(12)?;
    let mut ids = IdBits::default();
    for _ in 0..entries {
        let is_range = r.bool()?;
        let start = r.int(16)? as u16;
        let end = if is_range { r.int(16)? as u16 } else { start };
        if start == 0 || end > max {
            return Err(Error::VendorId);
        }
        if end < start {
            return Err(Error::RangeOrder);
        }
        ids.set_range(start, end);
    }
    Ok(ids.ids())
}

/// Writes a Fibonacci range (GPP header section ids): NumEntries(12), then
/// per run a flag, the offset from the last id seen and, for a group, its
/// length (end - start), each Fibonacci-coded. Ids are >= 1 and ascending.
pub fn write_fibonacci_ranges(w: &mut BitWriter, ids: &[u16]) {
    let groups = runs(ids);
    w.int(groups.len() as u64, 12);
    let mut last = 0u64;
    for (start, end) in groups {
        let (start, end) = (u64::from(start), u64::from(end));
        w.bool(start != end);
        w.fibonacci(start - last);
        if start != end {
            w.fibonacci(end - start);
        }
        last = end;
    }
}

/// Reads a Fibonacci range of at most `limit` ids (the caller knows how
/// many there can be: more is [`Error::SectionCount`]), each at most
/// 65,535 (else [`Error::Header`]).
pub fn read_fibonacci_ranges(r: &mut BitReader, limit: usize) -> Result<Vec<u16>, Error> {
    let entries = r.int(12)?;
    let mut out: Vec<u16> = Vec::new();
    let mut last = 0u64;
    for _ in 0..entries {
        let group = r.bool()?;
        let start = last + r.fibonacci(32)?;
        let end = if group { start + r.fibonacci(32)? } else { start };
        if end > u64::from(u16::MAX) {
            return Err(Error::Header);
        }
        if out.len() as u64 + (end - start) >= limit as u64 {
            return Err(Error::SectionCount);
        }
        out.extend(start as u16..=end as u16);
        last = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::bits::Padding;
    use super::*;

    #[test]
    fn id_bits_ranges_cross_words() {
        let mut b = IdBits::default();
        b.set_range(60, 130);
        b.set(65535);
        b.set_range(1, 1);
        let ids = b.ids();
        assert_eq!(ids.len(), 71 + 2);
        assert_eq!(ids.first(), Some(&1));
        assert_eq!(ids.get(1), Some(&60));
        assert_eq!(ids.last(), Some(&65535));
        let mut all = IdBits::default();
        all.set_range(0, 65535);
        assert_eq!(all.ids().len(), 65536);
    }

    #[test]
    fn runs_of_ids() {
        assert_eq!(runs(&[1, 2, 3, 5, 7, 8]), vec![(1, 3), (5, 5), (7, 8)]);
        assert_eq!(runs(&[]), vec![]);
    }

    #[test]
    fn fibonacci_range_of_the_spec_example() {
        // [3,5,6,7,8] = 000000000010 0 0011 1 011 0011
        let mut w = BitWriter::new();
        write_fibonacci_ranges(&mut w, &[3, 5, 6, 7, 8]);
        assert_eq!(w.len(), 12 + 1 + 4 + 1 + 3 + 4);
        let mut r = BitReader::new(&w.base64url(Padding::Gpp)).unwrap();
        assert_eq!(read_fibonacci_ranges(&mut r, 10).unwrap(), vec![3, 5, 6, 7, 8]);
        let mut r = BitReader::new(&w.base64url(Padding::Gpp)).unwrap();
        assert_eq!(read_fibonacci_ranges(&mut r, 4).unwrap_err(), Error::SectionCount);
    }

    #[test]
    fn int_ranges_check_bounds_and_order() {
        let mut w = BitWriter::new();
        write_int_ranges(&mut w, &[(3, 3), (5, 8)]);
        let text = w.base64url(Padding::Tcf);
        assert_eq!(read_int_ranges(&mut BitReader::new(&text).unwrap(), 8).unwrap(), vec![3, 5, 6, 7, 8]);
        assert_eq!(read_int_ranges(&mut BitReader::new(&text).unwrap(), 7).unwrap_err(), Error::VendorId);
        let mut w = BitWriter::new();
        write_int_ranges(&mut w, &[(8, 5)]);
        let text = w.base64url(Padding::Tcf);
        assert_eq!(read_int_ranges(&mut BitReader::new(&text).unwrap(), 9).unwrap_err(), Error::RangeOrder);
        let mut w = BitWriter::new();
        write_int_ranges(&mut w, &[(0, 0)]);
        let text = w.base64url(Padding::Tcf);
        assert_eq!(read_int_ranges(&mut BitReader::new(&text).unwrap(), 9).unwrap_err(), Error::VendorId);
    }
}
