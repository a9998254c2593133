use super::*;

#[test]
fn generalized_times() {
    assert_eq!(
        parse_generalized_time(b"20250612120220Z").unwrap(),
        1749729740
    );
    assert_eq!(
        parse_generalized_time(b"20250612120220.123Z").unwrap(),
        1749729740
    );
    assert!(parse_generalized_time(b"20250612120220").is_err());
    assert!(parse_generalized_time(b"20250612120220.Z").is_err());
    assert!(parse_generalized_time(b"2025061212022Z").is_err());
}

#[test]
fn garbage_is_rejected() {
    assert!(verify_timestamp(b"\x30\x00", b"sig", &[]).is_err());
    assert!(verify_timestamp(b"nope", b"sig", &[]).is_err());
}
