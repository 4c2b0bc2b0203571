use super::*;

fn model() -> TcModel {
    TcModel {
        created: 17_000_000_000,
        last_updated: 17_000_000_000,
        cmp_id: 300,
        cmp_version: 1,
        consent_screen: 2,
        consent_language: *b"DE",
        vendor_list_version: 7,
        policy_version: POLICY_VERSION,
        is_service_specific: true,
        use_non_standard_texts: false,
        special_feature_optins: vec![1],
        purpose_consents: vec![1, 2, 3, 4, 7, 10],
        purpose_legitimate_interests: vec![2, 7, 9],
        purpose_one_treatment: false,
        publisher_country_code: *b"DE",
        vendor_consents: vec![755, 793],
        vendor_legitimate_interests: vec![755],
        publisher_restrictions: vec![Restriction { purpose_id: 2, restriction_type: 1, vendors: vec![755, 756, 757] }],
        vendors_disclosed: vec![755, 793, 1126],
        publisher: None,
    }
}

#[test]
fn round_trips_with_and_without_the_publisher_segment() {
    let m = model();
    let s = encode(&m).unwrap();
    assert_eq!(s.split('.').count(), 2);
    assert_eq!(decode(&s).unwrap(), m);
    let mut m = model();
    m.publisher = Some(PublisherTc {
        consents: vec![1, 24],
        legitimate_interests: vec![2],
        num_custom_purposes: 3,
        custom_consents: vec![3],
        custom_legitimate_interests: vec![1, 2],
    });
    let s = encode(&m).unwrap();
    assert_eq!(s.split('.').count(), 3);
    assert_eq!(decode(&s).unwrap(), m);
}

#[test]
fn every_segment_is_a_multiple_of_24_bits() {
    for segment in encode(&model()).unwrap().split('.') {
        assert_eq!(segment.len() % 4, 0, "{segment}");
    }
}

#[test]
fn decodes_the_spec_example() {
    // The example string of the v2.3 spec (core . disclosed vendors . publisher TC).
    let s = "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA";
    let m = decode(s).unwrap();
    assert_eq!(&m.consent_language, b"EN");
    assert!(m.publisher.is_some());
    assert!(!m.vendors_disclosed.is_empty());
}

#[test]
fn refuses_what_the_spec_does_not_define() {
    let good = encode(&model()).unwrap();
    let (core, rest) = good.split_once('.').unwrap();
    // Version 1 and 3.
    assert_eq!(decode("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"), Err(Error::Version));
    // Missing disclosed vendors at policy version 5.
    assert_eq!(decode(core), Err(Error::SegmentMissing));
    // The same segment twice, a core segment later, allowed vendors, unknown types.
    assert_eq!(decode(&[core, rest, rest].join(".")), Err(Error::SegmentRepeated));
    assert_eq!(decode(&[core, core].join(".")), Err(Error::SegmentRepeated));
    assert_eq!(decode(&[core, rest, "QAAA"].join(".")), Err(Error::SegmentType));
    assert_eq!(decode(&[core, rest, "gAAA"].join(".")), Err(Error::SegmentType));
    // Truncated and not base64url.
    assert_eq!(decode(&core[..20]), Err(Error::Truncated));
    assert_eq!(decode(&good.replace('.', "+")), Err(Error::NotBase64));
    assert_eq!(decode(&[core, ""].join(".")), Err(Error::NotBase64));
    assert_eq!(decode(""), Err(Error::NotBase64));
    // Trailing garbage after the fields.
    assert_eq!(decode(&[core, "_"].concat()), Err(Error::Padding));
}

#[test]
fn encode_checks_field_ranges() {
    type Change = fn(&mut TcModel);
    let cases: [(Change, &str); 7] = [
        (|m| m.cmp_id = 4096, "cmpId"),
        (|m| m.created = 1 << 36, "created"),
        (|m| m.consent_language = *b"d1", "consentLanguage"),
        (|m| m.purpose_consents = vec![25], "purposeConsents"),
        (|m| m.special_feature_optins = vec![0], "specialFeatureOptins"),
        (|m| m.publisher_restrictions[0].restriction_type = 3, "publisherRestrictions.restrictionType"),
        (|m| m.publisher_restrictions[0].vendors.clear(), "publisherRestrictions.vendors"),
    ];
    for (change, field) in cases {
        let mut m = model();
        change(&mut m);
        assert_eq!(encode(&m), Err(Error::Field(field)));
    }
}

#[test]
fn json_round_trip_keeps_deciseconds() {
    let m = model();
    let text = json::model_to_json(&m);
    assert_eq!(json::model_from_json(&text).unwrap(), m);
    let half = r#"{"created":1049,"lastUpdated":1050,"consentLanguage":"en","publisherCountryCode":"de"}"#;
    let got = json::model_from_json(half).unwrap();
    assert_eq!((got.created, got.last_updated), (10, 11));
    assert_eq!(&got.consent_language, b"EN");
    assert_eq!(json::model_from_json("{}").unwrap_err(), Error::Field("consentLanguage"));
    assert_eq!(json::model_from_json("[").unwrap_err(), Error::Json);
}

const GVL: &str = r#"{"gvlSpecificationVersion":3,"vendorListVersion":7,"tcfPolicyVersion":5,
"lastUpdated":"2026-01-01T00:00:00Z",
"purposes":{"1":{"id":1,"name":"Store","description":"d","illustrations":["i"]}},
"specialPurposes":{},"features":{},"specialFeatures":{},"dataCategories":{},
"stacks":{"1":{"id":1,"name":"S","description":"d","purposes":[1],"specialFeatures":[]}},
"vendors":{"755":{"id":755,"name":"G","purposes":[1],"legIntPurposes":[],"flexiblePurposes":[],
"specialPurposes":[],"features":[],"specialFeatures":[],"cookieMaxAgeSeconds":null,"usesCookies":true,
"cookieRefresh":false,"usesNonCookieAccess":true,"dataRetention":{"stdRetention":30,"purposes":{"1":10},
"specialPurposes":{}},"urls":[{"langId":"en","privacy":"https://p","legIntClaim":"https://l"}],
"dataDeclaration":[1]},
"8":{"id":8,"name":"Gone","purposes":[1],"deletedDate":"2025-01-01T00:00:00Z"}}}"#;

#[test]
fn gvl_reader_and_vendor_checks() {
    let gvl = gvl::Gvl::parse(GVL).unwrap();
    assert_eq!(gvl.vendors.iter().map(|v| v.id).collect::<Vec<_>>(), vec![755, 8]);
    let g = gvl.vendor(755).unwrap();
    assert_eq!(g.cookie_max_age_seconds, None);
    assert_eq!(g.data_retention.as_ref().unwrap().purposes, vec![(1, 10)]);
    assert_eq!(g.urls[0].leg_int_claim.as_deref(), Some("https://l"));
    assert_eq!(gvl.vendor(793).unwrap_err(), Error::UnknownVendor(793));
    assert_eq!(gvl.vendor(8).unwrap_err(), Error::DeletedVendor(8));
    assert_eq!(
        gvl.check_vendors(&[755, 8]).unwrap_err().message(),
        "iab.deleted-vendor: a vendor the vendor list marks as deleted: 8"
    );
    let mut m = model();
    m.vendor_consents = vec![755];
    m.vendor_legitimate_interests = vec![];
    assert_eq!(gvl.check_model(&m), Ok(()));
    m.vendor_list_version = 8;
    assert_eq!(gvl.check_model(&m), Err(Error::GvlOlder));
    assert_eq!(gvl::Gvl::parse(r#"{"vendorListVersion":"7"}"#).unwrap_err(), Error::Gvl("gvlSpecificationVersion"));
}
