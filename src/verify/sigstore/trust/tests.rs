use super::*;

fn doc(text: &str) -> Doc {
    Doc::new(
        "trusted_root.json",
        "trusted_root.json",
        text.as_bytes().to_vec(),
    )
}

#[test]
fn time_ranges_are_closed() {
    let r = TimeRange {
        start: 10,
        end: Some(20),
    };
    assert!(r.contains(10) && r.contains(20) && !r.contains(9) && !r.contains(21));
    assert!(TimeRange {
        start: 10,
        end: None
    }
    .contains(i64::MAX));
    assert_eq!(
        parse_time("2022-12-31T23:59:59.999Z", false).unwrap(),
        1672531199
    );
    assert_eq!(
        parse_time("2021-03-07T03:20:29.5Z", true).unwrap(),
        1615087230
    );
}

#[test]
fn hosts() {
    assert_eq!(host_of("https://rekor.sigstore.dev"), "rekor.sigstore.dev");
    assert_eq!(host_of("http://localhost:8000/api"), "localhost:8000");
    assert_eq!(host_of("rekor-local"), "rekor-local");
}

#[test]
fn rejects_bad_roots_with_a_pointer() {
    let e = TrustedRoot::from_doc(&doc(r#"{"mediaType": "x"}"#)).unwrap_err();
    assert!(e.to_string().contains("/mediaType"), "{e}");
    let e = TrustedRoot::from_doc(&doc(
        r#"{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [{"baseUrl": "https://x", "logId": {"keyId": "AA=="},
              "publicKey": {"rawBytes": "AAAA", "validFor": {}}}]}"#,
    ))
    .unwrap_err();
    assert!(e.to_string().contains("/tlogs/0/publicKey/rawBytes"), "{e}");
    let e = TrustedRoot::from_doc(&doc(r#"{"mediaType": 3}"#)).unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
}
