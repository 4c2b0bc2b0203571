use super::us::{Us, UsSection};
use super::*;

#[test]
fn headers_of_the_spec_examples_decode() {
    // The spec's own headers pad to whole characters only; iabgpp pads to bytes first.
    for (header, ids) in [("DBABM", vec![2]), ("DBACNY", vec![2, 6]), ("DBABjw", vec![5, 6])] {
        let mut text = String::from(header);
        for _ in &ids {
            text.push_str("~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA");
        }
        let m = decode(&text).unwrap();
        assert_eq!(m.sections.iter().map(Section::id).collect::<Vec<_>>(), ids);
    }
    let m = GppModel { sections: vec![Section::TcfEuV2("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA".into())] };
    assert!(encode(&m).unwrap().starts_with("DBABMA~"));
}

#[test]
fn us_sections_round_trip_and_sort() {
    let mut nat = UsSection::new(Us::Nat);
    nat.values[6] = vec![1];
    nat.values[9] = vec![2; 16];
    nat.gpc = Some(true);
    let mut ca = UsSection::new(Us::Ca);
    ca.values[3] = vec![1];
    let m = GppModel { sections: vec![Section::Us(ca.clone()), Section::Us(nat.clone())] };
    let s = encode(&m).unwrap();
    let back = decode(&s).unwrap();
    assert_eq!(back.sections, vec![Section::Us(nat), Section::Us(ca)]);
    assert_eq!(json::model_from_json(&json::model_to_json(&back)).unwrap(), back);
}

#[test]
fn usnat_version_1_has_12_and_2_categories() {
    let mut nat = UsSection::new(Us::Nat);
    nat.version = 1;
    nat.values[9] = vec![1; 12];
    nat.values[10] = vec![2; 2];
    let text = nat.encode().unwrap();
    assert_eq!(text.len(), 11);
    assert_eq!(UsSection::decode(Us::Nat, &text).unwrap(), nat);
    assert_eq!(UsSection::new(Us::Nat).encode().unwrap().len(), 12);
}

#[test]
fn strict_decoding() {
    let good = encode(&GppModel { sections: vec![Section::Us(UsSection::new(Us::Ca))] }).unwrap();
    let (header, ca) = good.split_once('~').unwrap();
    assert_eq!(decode(header), Err(Error::SectionCount));
    assert_eq!(decode(&[header, ca, ca].join("~")), Err(Error::SectionCount));
    assert_eq!(decode(&[header, "",].join("~")), Err(Error::NotBase64));
    assert_eq!(decode("DBAA"), Ok(GppModel::default()));
    assert_eq!(decode("CBAA"), Err(Error::Header));
    assert_eq!(decode("DCAA"), Err(Error::Version));
    // An undefined value (3) in a field; MspaCoveredTransaction 0; a repeated GPC subsection.
    let mut s = UsSection::new(Us::Ca);
    s.values[0] = vec![3];
    assert_eq!(s.encode(), Err(Error::Field("SaleOptOutNotice")));
    s.values[0] = vec![0];
    s.values[8] = vec![0];
    assert_eq!(s.encode(), Err(Error::Field("MspaCoveredTransaction")));
    s.values[8] = vec![1];
    s.gpc = Some(false);
    let text = s.encode().unwrap();
    let gpc = text.split_once('.').unwrap().1;
    assert_eq!(UsSection::decode(Us::Ca, &[text.as_str(), gpc].join(".")), Err(Error::SegmentRepeated));
    assert_eq!(UsSection::decode(Us::Ca, "CAAA"), Err(Error::Version));
}
