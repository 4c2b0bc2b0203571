//! The TC string's vendor sections and publisher restrictions.
//!
//! A vendor section is MaxVendorId(16), IsRangeEncoding(1), then a bitfield
//! of MaxVendorId bits or a range section. The spec says to write
//! whichever is smaller; we compare the exact bit counts. At a tie the
//! spec leaves the choice open and we choose as iabtcf (the IAB's reference
//! encoder) does there: ranges when MaxVendorId > 45, else the bitfield.
//!
//! iabtcf itself does not always pick the smaller one: it never writes
//! ranges for MaxVendorId <= 45, and it counts a single-id entry as 16
//! bits (it is 17) and leaves the last id out of its count, so it writes
//! ranges in some cases where they are up to 16 + (single entries) bits
//! longer. There our string is shorter than iabtcf's and both decode to
//! the same model (tests/iab/tcf.test.mjs counts these cases).
//!
//! Publisher-restriction vendor lists are written as their maximal runs
//! of consecutive ids. The spec also permits a range over ids absent from
//! the GVL (iabtcf bridges those gaps with the GVL it holds); we do not,
//! since the codec has no GVL and a trimmed GVL would bridge real vendors.

use super::Restriction;
use crate::core::iab::bits::{BitReader, BitWriter};
use crate::core::iab::ranges::{
    int_range_bits, normalized, read_bitfield, read_int_ranges, runs, write_bitfield, write_int_ranges,
};
use crate::core::iab::Error;

/// iabtcf's threshold: below it a range section is never chosen.
const RANGE_MIN_MAX_ID: u16 = 45;

/// Whether the range encoding of these sorted, unique ids is the one to write.
pub fn prefers_ranges(ids: &[u16]) -> bool {
    let max = ids.last().copied().unwrap_or(0);
    let range = int_range_bits(&runs(ids));
    let bitfield = usize::from(max);
    range < bitfield || (range == bitfield && max > RANGE_MIN_MAX_ID)
}

/// Writes a vendor section for sorted, unique ids.
pub fn write_vendor_vector(w: &mut BitWriter, ids: &[u16]) {
    let max = ids.last().copied().unwrap_or(0);
    w.int(u64::from(max), 16);
    if prefers_ranges(ids) {
        w.bool(true);
        write_int_ranges(w, &runs(ids));
    } else {
        w.bool(false);
        write_bitfield(w, ids, max);
    }
}

/// Reads a vendor section; range ids must lie in `1..=MaxVendorId`.
pub fn read_vendor_vector(r: &mut BitReader) -> Result<Vec<u16>, Error> {
    let max = r.int(16)? as u16;
    if r.bool()? {
        read_int_ranges(r, max)
    } else {
        read_bitfield(r, max)
    }
}

/// Writes NumPubRestrictions and the entries, in the model's order.
pub fn write_restrictions(w: &mut BitWriter, restrictions: &[Restriction]) -> Result<(), Error> {
    if restrictions.len() >= 1 << 12 {
        return Err(Error::Field("publisherRestrictions"));
    }
    w.int(restrictions.len() as u64, 12);
    for r in restrictions {
        let vendors = normalized(&r.vendors);
        if !(1..=63).contains(&r.purpose_id) {
            return Err(Error::Field("publisherRestrictions.purposeId"));
        }
        if r.restriction_type > 2 {
            return Err(Error::Field("publisherRestrictions.restrictionType"));
        }
        let runs = runs(&vendors);
        if vendors.first().is_none_or(|&v| v == 0) || runs.len() >= 1 << 12 {
            return Err(Error::Field("publisherRestrictions.vendors"));
        }
        w.int(r.purpose_id.into(), 6);
        w.int(r.restriction_type.into(), 2);
        write_int_ranges(w, &runs);
    }
    Ok(())
}

/// Reads the restrictions. Entries for the same purpose and type are
/// merged, and entries without vendors dropped, as iabtcf reads them; a
/// purpose id of 0 or the undefined type 3 is refused.
pub fn read_restrictions(r: &mut BitReader) -> Result<Vec<Restriction>, Error> {
    let count = r.int(12)?;
    let mut out: Vec<Restriction> = Vec::new();
    for _ in 0..count {
        let purpose_id = r.int(6)? as u8;
        let restriction_type = r.int(2)? as u8;
        if purpose_id == 0 {
            return Err(Error::Value("publisherRestrictions.purposeId"));
        }
        if restriction_type > 2 {
            return Err(Error::Value("publisherRestrictions.restrictionType"));
        }
        let vendors = read_int_ranges(r, u16::MAX)?;
        if vendors.is_empty() {
            continue;
        }
        match out.iter_mut().find(|x| x.purpose_id == purpose_id && x.restriction_type == restriction_type) {
            Some(existing) => {
                existing.vendors.extend(vendors);
                existing.vendors = normalized(&existing.vendors);
            }
            None => out.push(Restriction { purpose_id, restriction_type, vendors }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::iab::bits::Padding;

    fn round_trip(ids: &[u16]) -> Vec<u16> {
        let mut w = BitWriter::new();
        write_vendor_vector(&mut w, ids);
        read_vendor_vector(&mut BitReader::new(&w.base64url(Padding::Tcf)).unwrap()).unwrap()
    }

    #[test]
    fn the_shorter_encoding_and_the_tie_rule() {
        // One high id: 12 + 17 range bits against 1,000 bitfield bits.
        assert!(prefers_ranges(&[1000]));
        // Dense low ids: the bitfield.
        assert!(!prefers_ranges(&[1, 3, 5, 7, 9]));
        // {45}: ranges are 29 bits, the bitfield 45; shorter wins (iabtcf: bitfield).
        assert!(prefers_ranges(&[45]));
        // A tie (29 = 29) at MaxVendorId 29 <= 45: the bitfield, as iabtcf.
        assert!(!prefers_ranges(&[29]));
        // A tie above 45: 12 + 17 * 3 = 63 bits for three singles up to 63.
        assert!(prefers_ranges(&[1, 3, 63]));
        assert!(!prefers_ranges(&[]));
        for ids in [vec![], vec![1], vec![45], vec![1, 2, 3, 1000], vec![65535], (1..=300).collect()] {
            assert_eq!(round_trip(&ids), ids);
        }
    }

    #[test]
    fn restrictions_merge_and_refuse_undefined_values() {
        let mut w = BitWriter::new();
        w.int(3, 12);
        for (purpose, kind, id) in [(2u64, 1u64, 9u64), (2, 1, 4), (3, 0, 1)] {
            w.int(purpose, 6);
            w.int(kind, 2);
            write_int_ranges(&mut w, &[(id as u16, id as u16)]);
        }
        let got = read_restrictions(&mut BitReader::new(&w.base64url(Padding::Tcf)).unwrap()).unwrap();
        assert_eq!(
            got,
            vec![
                Restriction { purpose_id: 2, restriction_type: 1, vendors: vec![4, 9] },
                Restriction { purpose_id: 3, restriction_type: 0, vendors: vec![1] },
            ]
        );
        for (purpose, kind, want) in
            [(0u64, 0u64, "publisherRestrictions.purposeId"), (1, 3, "publisherRestrictions.restrictionType")]
        {
            let mut w = BitWriter::new();
            w.int(1, 12);
            w.int(purpose, 6);
            w.int(kind, 2);
            write_int_ranges(&mut w, &[(1, 1)]);
            let err = read_restrictions(&mut BitReader::new(&w.base64url(Padding::Tcf)).unwrap()).unwrap_err();
            assert_eq!(err, Error::Value(want));
        }
    }
}
