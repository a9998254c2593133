use super::*;

#[test]
fn base64_variants() {
    assert_eq!(b64("aGk=").unwrap(), b"hi");
    assert_eq!(b64("aGk").unwrap(), b"hi");
    assert_eq!(b64("-_8=").unwrap(), vec![0xfb, 0xff]);
    assert_eq!(b64("aGVs\nbG8=\r\n").unwrap(), b"hello");
    assert!(b64("INVALID!!!BASE64!!!ENCODING====").is_err());
}

#[test]
fn pem_errors_are_reported() {
    assert!(pem_block("nothing here", &["CERTIFICATE"]).is_err());
    assert!(pem_block("-----BEGIN CERTIFICATE-----\nAAAA\n", &["CERTIFICATE"]).is_err());
    let der = pem_block(
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
        &["CERTIFICATE"],
    )
    .unwrap();
    assert!(der.starts_with(b"hello world"));
}

#[test]
fn ed25519_needs_message() {
    let k = ed25519_dalek::VerifyingKey::from_bytes(&[
        215, 90, 152, 1, 130, 177, 10, 183, 213, 75, 254, 211, 201, 100, 7, 58, 14, 225, 114, 243,
        218, 166, 35, 37, 175, 2, 26, 104, 247, 7, 81, 26,
    ])
    .unwrap();
    let key = PubKey::Ed25519(k);
    let d = [0u8; 32];
    assert!(key
        .verify(Signed::Digest(Hash::Sha256, &d), None, &[0u8; 64])
        .unwrap_err()
        .contains("needs the message"));
    // RFC 8032 test vector 1: empty message.
    let sig = hex::decode(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    )
    .unwrap();
    assert!(key.verify(Signed::Message(b""), None, &sig).is_ok());
    assert!(key.verify(Signed::Message(b"x"), None, &sig).is_err());
}
