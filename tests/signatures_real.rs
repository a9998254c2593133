//! Real signatures that must verify (issue 15, item 7), each with the attack that the relaxed
//! check must still reject. Files: `tests/fixtures/signatures-real/` (see its README).

use base64::Engine as _;
use modelgate::formats::Doc;
use modelgate::verify::sigstore::{
    verify_bundle_doc, AllowedIdentity, ArtifactRef, BundleVerification, Check, TrustPolicy,
    TrustedRoot,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/signatures-real")
        .join(rel)
}

fn json(rel: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(rel)).unwrap()).unwrap()
}

fn verify(bundle: &Value, artifact: ArtifactRef, policy: &TrustPolicy) -> BundleVerification {
    let doc = Doc::new(
        "b.sigstore.json",
        "b.sigstore.json",
        serde_json::to_vec(bundle).unwrap(),
    );
    verify_bundle_doc(&doc, &artifact, policy).unwrap()
}

// ---- A bundle with one valid RFC 3161 timestamp and an unrelated second one ----

fn tsa_policy() -> TrustPolicy {
    let root = TrustedRoot::from_file(&fixture("sigstore-conformance/trusted_root.json")).unwrap();
    TrustPolicy::new(root).with_identity(AllowedIdentity::exact(
        "https://token.actions.githubusercontent.com",
        "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
    ))
}

fn timestamps(b: &Value) -> Vec<Value> {
    b["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"]
        .as_array()
        .unwrap()
        .clone()
}

fn with_timestamps(b: &Value, ts: Vec<Value>) -> Value {
    let mut b = b.clone();
    b["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"] = Value::Array(ts);
    b
}

#[test]
fn one_valid_timestamp_and_an_unrelated_one_verifies() {
    let policy = tsa_policy();
    let art = || ArtifactRef::Path(fixture("sigstore-conformance/a.txt"));
    let good = json("sigstore-conformance/tsa-with-embedded-cert.sigstore.json");
    let other = json("sigstore-conformance/tsa-without-embedded-cert.sigstore.json");
    let valid = timestamps(&good).remove(0);
    let unrelated = timestamps(&other).remove(0);
    assert_ne!(valid, unrelated);
    let base = verify(&good, art(), &policy);
    assert!(base.verified, "{:?}", base.failures);

    for ts in [
        vec![valid.clone(), unrelated.clone()],
        vec![unrelated.clone(), valid.clone()],
    ] {
        let v = verify(&with_timestamps(&good, ts), art(), &policy);
        assert!(v.verified, "{:?}", v.failures);
        // Only the verified timestamp's time is used.
        assert_eq!(v.times, base.times);
    }

    // Attack: the unrelated timestamp alone (no timestamp over this signature) never verifies.
    let v = verify(
        &with_timestamps(&good, vec![unrelated.clone()]),
        art(),
        &policy,
    );
    assert!(
        !v.verified && v.failed(Check::Timestamp),
        "{:?}",
        v.failures
    );
    let v = verify(
        &with_timestamps(&good, vec![unrelated.clone(), unrelated]),
        art(),
        &policy,
    );
    assert!(
        !v.verified && v.failed(Check::Timestamp),
        "{:?}",
        v.failures
    );
    // Attack: a valid timestamp does not carry a tampered artifact.
    let v = verify(
        &with_timestamps(&good, vec![valid]),
        ArtifactRef::Bytes(std::sync::Arc::new(b"not a.txt".to_vec())),
        &policy,
    );
    assert!(!v.verified);
}

// ---- A v0.1 bundle whose x509 chain includes the root ----

fn chain_policy() -> TrustPolicy {
    let root = TrustedRoot::from_file(&fixture("sigstore-go/public-good.json")).unwrap();
    TrustPolicy::new(root).with_identity(AllowedIdentity::exact(
        "https://github.com/login/oauth",
        "brian@dehamer.com",
    ))
}

fn chain(b: &Value) -> Vec<Value> {
    b["verificationMaterial"]["x509CertificateChain"]["certificates"]
        .as_array()
        .unwrap()
        .clone()
}

fn with_chain(b: &Value, certs: Vec<Value>) -> Value {
    let mut b = b.clone();
    b["verificationMaterial"]["x509CertificateChain"]["certificates"] = Value::Array(certs);
    b
}

/// The statement's subject is an npm tarball we do not have (sha512 only): every check but
/// the subject binding must pass.
fn only_subject_unbound(v: &BundleVerification) -> bool {
    !v.failures.is_empty() && v.failures.iter().all(|f| f.check == Check::DsseSubject)
}

#[test]
fn v01_chain_including_the_trusted_root_is_accepted() {
    let policy = chain_policy();
    let art = || ArtifactRef::Bytes(std::sync::Arc::new(b"some file".to_vec()));
    let b = json("sigstore-go/dsse.sigstore.json");
    assert_eq!(chain(&b).len(), 3);
    let v = verify(&b, art(), &policy);
    assert!(only_subject_unbound(&v), "{:?}", v.failures);
    assert!(v.signer.is_some() && !v.times.is_empty());

    // Attack: the same certificates out of order (the conformance case
    // bundle-with-root-cert_fail) are not the trusted chain.
    let c = chain(&b);
    let v = verify(
        &with_chain(&b, vec![c[0].clone(), c[2].clone(), c[1].clone()]),
        art(),
        &policy,
    );
    assert!(v.failed(Check::BundleFormat), "{:?}", v.failures);

    // Attack: a foreign self-signed root (another instance's) in place of the trusted one.
    let scaffolding = json("sigstore-go/scaffolding.json");
    let foreign = scaffolding["certificateAuthorities"][0]["certChain"]["certificates"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let der = B64.decode(foreign["rawBytes"].as_str().unwrap()).unwrap();
    assert_ne!(der, B64.decode(c[2]["rawBytes"].as_str().unwrap()).unwrap());
    let v = verify(
        &with_chain(&b, vec![c[0].clone(), c[1].clone(), foreign.clone()]),
        art(),
        &policy,
    );
    assert!(v.failed(Check::BundleFormat), "{:?}", v.failures);

    // Attack: an included root never becomes a trust anchor: under a trusted root that does
    // not hold this CA, the bundle's own complete chain does not help.
    let other_root = TrustedRoot::from_file(&fixture("sigstore-go/scaffolding.json")).unwrap();
    let policy2 = TrustPolicy::new(other_root).with_identity(AllowedIdentity::exact(
        "https://github.com/login/oauth",
        "brian@dehamer.com",
    ));
    let v = verify(&b, art(), &policy2);
    assert!(
        !v.verified && v.failed(Check::BundleFormat),
        "{:?}",
        v.failures
    );
    let v = verify(&with_chain(&b, vec![c[0].clone()]), art(), &policy2);
    assert!(
        !v.verified && v.failed(Check::CertificateChain),
        "{:?}",
        v.failures
    );
}

// ---- model-signing v1.0.1 signatures verified with --ignore-paths ----

/// The real model-signing v1.0.1 key signature over a folder with an `ignore-me` file the signer
/// left out (sigstore/model-transparency's test data, in ../shared/data/real): verifies only
/// with that path ignored, and ignoring a signed file is never a way to pass.
#[test]
fn model_signing_v1_0_1_with_ignore_paths() {
    let base =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/oms-model-transparency");
    if !base.exists() {
        eprintln!("skipped: {} is absent", base.display());
        return;
    }
    let dir = base.join("v1.0.1-elliptic-key");
    let sig = dir.join("model.sig");
    let key = base.join("keys/certificate/signing-key-pub.pem");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "verify".to_string(),
            dir.display().to_string(),
            "--signature".into(),
            sig.display().to_string(),
            "--key".into(),
            key.display().to_string(),
            "--format".into(),
            "json".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_modelgate"))
            .args(&args)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        v
    };
    let verified = |v: &Value| v.pointer("/verified") == Some(&Value::Bool(true));
    let plain = run(&[]);
    assert!(!verified(&plain), "ignore-me is not signed: {plain:#}");
    // As model-signing's script passes it (a path inside the folder), and relative to it.
    let inside = dir.join("ignore-me").display().to_string();
    for v in [
        run(&["--ignore-path", &inside]),
        run(&["--ignore-paths", "ignore-me"]),
    ] {
        assert!(verified(&v), "{v:#}");
        assert!(
            v.to_string().contains("ignore-me"),
            "the ignored path is reported: {v:#}"
        );
    }
    // Attack: ignoring a signed file removes it from the check, which then fails.
    let v = run(&["--ignore-path", "signme-1"]);
    assert!(!verified(&v), "{v:#}");
}
