use super::artifact::Artifact;
use super::content::{bundle_version, Content, Version};
use super::crypto::{Hash, PubKey};
use super::verify::check_signature;
use super::*;
use sha2::{Digest, Sha256};

#[test]
fn media_types() {
    assert_eq!(
        bundle_version("application/vnd.dev.sigstore.bundle+json;version=0.1"),
        Some(Version::V01)
    );
    assert_eq!(
        bundle_version("application/vnd.dev.sigstore.bundle.v0.3+json"),
        Some(Version::V03)
    );
    assert_eq!(
        bundle_version("application/vnd.dev.sigstore.bundle+json;version=99.9"),
        None
    );
}

#[test]
fn matchers_anchor_patterns() {
    let m = Matcher::pattern(r"https://github\.com/org/.*").unwrap();
    assert!(m.matches("https://github.com/org/repo/.github/workflows/x.yml@refs/heads/main"));
    assert!(!m.matches("xhttps://github.com/org/repo"));
    assert!(Matcher::pattern("(").is_err());
    assert!(Matcher::exact("a").matches("a") && !Matcher::exact("a").matches("ab"));
}

#[test]
fn identity_specs() {
    let spec = SignerSpec {
        issuer: "https://accounts.google.com".into(),
        subject: None,
        subject_regex: Some(".*@example\\.com".into()),
    };
    let id = AllowedIdentity::from_spec(&spec).unwrap();
    assert!(id.subject.matches("alice@example.com"));
    let both = SignerSpec {
        subject: Some("a".into()),
        ..spec.clone()
    };
    assert!(AllowedIdentity::from_spec(&both).is_err());
}

#[test]
fn artifact_digests() {
    let a = ArtifactRef::sha256_hex(
        "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf",
    )
    .unwrap();
    let art = Artifact::new(&a).unwrap();
    assert!(art.digest(Hash::Sha384).is_err());
    assert!(art.bytes().is_err());
    assert!(ArtifactRef::sha256_hex("abc").is_err());
}

/// A P-384 message signature over the SHA-256 digest, as `messageDigest: SHA2_256` says
/// (older clients): verifies over the artifact's own SHA-256, and over nothing else.
#[test]
fn p384_signature_over_the_declared_sha256_digest() {
    use p384::ecdsa::signature::hazmat::PrehashSigner;
    let sk = p384::ecdsa::SigningKey::from_slice(&[7u8; 48]).unwrap();
    let key = PubKey::P384(*sk.verifying_key());
    let body = b"model weights".to_vec();
    let d256 = Sha256::digest(&body).to_vec();
    let sig: p384::ecdsa::Signature = sk.sign_prehash(&d256).unwrap();
    let sig = sig.to_der().as_bytes().to_vec();
    let art =
        |b: &[u8]| Artifact::new(&ArtifactRef::Bytes(std::sync::Arc::new(b.to_vec()))).unwrap();
    let msg = |alg: &str, h: Option<Hash>, d: &[u8]| Content::Message {
        signature: sig.clone(),
        digest: Some((h, alg.to_string(), d.to_vec())),
    };
    let sha256 = msg("SHA2_256", Some(Hash::Sha256), &d256);
    assert_eq!(check_signature(&sha256, &[], &key, &art(&body)), Ok(()));
    // Attack: the same signature and declared digest over another artifact.
    let other = art(b"model weights, swapped");
    let e = check_signature(&sha256, &[], &key, &other).unwrap_err();
    assert!(e.contains("does not verify"), "{e}");
    // The SHA-256 fallback only where the bundle declares SHA-256: not for SHA2_384 or none.
    let d384 = Hash::Sha384.digest(&body);
    let sha384 = msg("SHA2_384", Some(Hash::Sha384), &d384);
    assert!(check_signature(&sha384, &[], &key, &art(&body)).is_err());
    let none = Content::Message {
        signature: sig.clone(),
        digest: None,
    };
    assert!(check_signature(&none, &[], &key, &art(&body)).is_err());
    // A P-256 key gets no fallback either: its signature is always over SHA-256.
    let p256 = PubKey::P256(
        *p256::ecdsa::SigningKey::from_slice(&[9u8; 32])
            .unwrap()
            .verifying_key(),
    );
    assert!(check_signature(&sha256, &[], &p256, &art(&body)).is_err());
}

#[test]
fn malformed_bundle_json_is_an_error_with_location() {
    let doc = Doc::new("b.json", "b.json", b"{\"mediaType\": 1}".to_vec());
    let root = TrustedRoot {
        media_type: String::new(),
        tlogs: vec![],
        ctlogs: vec![],
        cas: vec![],
        tsas: vec![],
    };
    let e = verify_bundle_doc(&doc, &ArtifactRef::Sha256([0; 32]), &TrustPolicy::new(root))
        .unwrap_err();
    assert!(e.to_string().contains("/mediaType"), "{e}");
}

#[test]
fn unknown_versions_and_missing_parts_fail_with_reasons() {
    let root = TrustedRoot {
        media_type: String::new(),
        tlogs: vec![],
        ctlogs: vec![],
        cas: vec![],
        tsas: vec![],
    };
    let policy = TrustPolicy::new(root);
    let run = |text: &str| {
        let doc = Doc::new("b.json", "b.json", text.as_bytes().to_vec());
        verify_bundle_doc(&doc, &ArtifactRef::Sha256([0; 32]), &policy).unwrap()
    };
    let v = run(r#"{"mediaType": "application/vnd.dev.sigstore.bundle+json;version=9"}"#);
    assert!(!v.verified && v.failed(Check::BundleFormat));
    let v = run(
        r#"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": ""}},
        "messageSignature": {"signature": "AAAA"}}"#,
    );
    assert!(!v.verified);
    assert!(v.failed(Check::PublicKey), "{v:?}");
    assert!(v.failed(Check::TlogEntry), "{v:?}");
    let v = run(
        r#"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {}},
        "messageSignature": {"signature": "!!"}}"#,
    );
    assert!(v.failed(Check::BundleFormat), "{v:?}");
}
