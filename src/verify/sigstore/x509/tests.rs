use super::*;

#[test]
fn pem_certificate_lists() {
    for bad in [
        &b""[..],
        b"\xff",
        b"-----BEGIN CERTIFICATE-----\nAAAA",
        b"no pem",
    ] {
        assert!(certs_from_pem(bad).is_err(), "{bad:?}");
    }
    let cert = |cn: &str| {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(rcgen::DnType::CommonName, cn);
        p.self_signed(&key).unwrap().pem()
    };
    let two = format!("# a\n{}\ntext\n{}", cert("one"), cert("two"));
    let certs = certs_from_pem(two.as_bytes()).unwrap();
    let names: Vec<String> = certs.iter().map(|c| c.subject()).collect();
    assert_eq!(names, ["CN=one", "CN=two"]);
    assert!(certs.iter().all(|c| c.is_self_signed() && !c.is_ca()));
}

#[test]
fn sct_list_round_trip() {
    let mut sct = vec![0u8];
    sct.extend_from_slice(&[7u8; 32]);
    sct.extend_from_slice(&1_700_000_000_000u64.to_be_bytes());
    sct.extend_from_slice(&[0, 2, 0xaa, 0xbb]); // extensions
    sct.extend_from_slice(&[4, 3]); // sha256, ecdsa
    sct.extend_from_slice(&[0, 3, 1, 2, 3]);
    let mut list = (sct.len() as u16).to_be_bytes().to_vec();
    list.extend_from_slice(&sct);
    let mut all = (list.len() as u16).to_be_bytes().to_vec();
    all.extend_from_slice(&list);
    let parsed = parse_sct_list(&all).unwrap();
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].log_id, [7u8; 32]);
    assert_eq!(parsed[0].timestamp, 1_700_000_000_000);
    assert_eq!(parsed[0].extensions, vec![0xaa, 0xbb]);
    assert_eq!(parsed[0].signature, vec![1, 2, 3]);
    // The signed data is version, type, timestamp, entry type, key hash, tbs, extensions.
    let data = parsed[0].signed_data(&[9u8; 32], b"TBS");
    assert_eq!(&data[..2], &[0, 0]);
    assert_eq!(&data[10..12], &[0, 1]);
    assert_eq!(&data[44..47], &[0, 0, 3]);
    assert_eq!(&data[47..50], b"TBS");
    assert_eq!(&data[50..], &[0, 2, 0xaa, 0xbb]);
    assert!(parse_sct_list(&all[..all.len() - 1]).is_err());
}
