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

use crate::common;

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

/// The bundle's list at `pointer`.
fn list_at(b: &Value, pointer: &str) -> Vec<Value> {
    b.pointer(pointer).unwrap().as_array().unwrap().clone()
}

/// The bundle with the list at `pointer` replaced.
fn with_list(b: &Value, pointer: &str, items: Vec<Value>) -> Value {
    let mut b = b.clone();
    *b.pointer_mut(pointer).unwrap() = Value::Array(items);
    b
}

const TIMESTAMPS: &str = "/verificationMaterial/timestampVerificationData/rfc3161Timestamps";

fn timestamps(b: &Value) -> Vec<Value> {
    list_at(b, TIMESTAMPS)
}

fn with_timestamps(b: &Value, ts: Vec<Value>) -> Value {
    with_list(b, TIMESTAMPS, ts)
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

const CHAIN: &str = "/verificationMaterial/x509CertificateChain/certificates";

fn chain(b: &Value) -> Vec<Value> {
    list_at(b, CHAIN)
}

fn with_chain(b: &Value, certs: Vec<Value>) -> Value {
    with_list(b, CHAIN, certs)
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

// ---- model-signing's `certificate` method, verified against --certificate-chain ----

/// sigstore/model-transparency's certificate-method signatures (../shared/data/real), or `None`
/// with a printed note when that folder is absent.
fn oms_real() -> Option<PathBuf> {
    let base =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/oms-model-transparency");
    if base.exists() {
        Some(base)
    } else {
        eprintln!("skipped: {} is absent", base.display());
        None
    }
}

const CERT_VERSIONS: [&str; 5] = ["v0.2.0", "v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0"];

/// `modelgate verify DIR --signature SIG --certificate-chain C... --format json`: exit code and
/// the JSON result (`Value::Null` when the run printed none).
fn verify_cert(dir: &Path, sig: &Path, chains: &[PathBuf], extra: &[&str]) -> (i32, Value) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_modelgate"));
    cmd.arg("verify")
        .arg(dir)
        .arg("--signature")
        .arg(sig)
        .args(["--format", "json"])
        .args(extra);
    for c in chains {
        cmd.arg("--certificate-chain").arg(c);
    }
    let o = cmd.output().unwrap();
    let v = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    (o.status.code().unwrap_or(-1), v)
}

fn ignore_args(dir: &Path) -> Vec<&'static str> {
    if dir.join("ignore-me").exists() {
        vec!["--ignore-path", "ignore-me"]
    } else {
        vec![]
    }
}

fn failure_kinds(v: &Value) -> Vec<String> {
    v["failures"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["kind"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn model_signing_certificate_method_every_version_verifies() {
    let Some(base) = oms_real() else { return };
    let root = base.join("keys/certificate/ca-cert.pem");
    for version in CERT_VERSIONS {
        let dir = base.join(format!("{version}-certificate"));
        let sig = dir.join("model.sig");
        let (code, v) = verify_cert(&dir, &sig, std::slice::from_ref(&root), &ignore_args(&dir));
        assert_eq!(code, 0, "{version}: {v:#}");
        assert_eq!(v["verified"], Value::Bool(true), "{version}: {v:#}");
        assert_eq!(v["files"].as_array().map(Vec::len), Some(2), "{version}");
        let cert = &v["signer"]["certificate"];
        assert_eq!(
            cert["chain"].as_array().and_then(|c| c.last()),
            Some(&Value::String("CN=root-ca".into())),
            "{version}: {v:#}"
        );
        assert!(
            cert["validity"]
                .as_str()
                .is_some_and(|s| s.contains("notBefore")),
            "{version}: the validity rule is stated: {v:#}"
        );
        // Without CA certificates it is not verified: a usage error naming the flag.
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_modelgate"))
            .arg("verify")
            .arg(&dir)
            .arg("--signature")
            .arg(&sig)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{version}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("--certificate-chain"));
    }
}

/// Trusting the intermediate itself verifies (it issued the leaf); trusting the leaf or an
/// unrelated CA does not, nor does a root when the bundle no longer carries the intermediate.
#[test]
fn certificate_chain_without_the_issuing_ca_fails() {
    let Some(base) = oms_real() else { return };
    let keys = base.join("keys/certificate");
    let dir = base.join("v1.1.0-certificate");
    let sig = dir.join("model.sig");
    let ign = ignore_args(&dir);
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("other-ca.pem");
    std::fs::write(&other, test_ca("other-ca").0.pem()).unwrap();

    let (_, v) = verify_cert(&dir, &sig, &[keys.join("int-ca-cert.pem")], &ign);
    assert_eq!(v["verified"], Value::Bool(true), "{v:#}");
    for chain in [keys.join("signing-key-cert.pem"), other.clone()] {
        let (code, v) = verify_cert(&dir, &sig, std::slice::from_ref(&chain), &ign);
        assert_eq!(code, 1, "{}: {v:#}", chain.display());
        assert_eq!(failure_kinds(&v), ["certificate-untrusted"], "{v:#}");
    }
    // The leaf alone in the bundle: the intermediate must then be a given CA.
    let mut b: Value = serde_json::from_slice(&std::fs::read(&sig).unwrap()).unwrap();
    let leaf = b["verificationMaterial"]["x509CertificateChain"]["certificates"][0].clone();
    b["verificationMaterial"]["x509CertificateChain"]["certificates"] = Value::Array(vec![leaf]);
    let leaf_only = tmp.path().join("leaf-only.sig");
    std::fs::write(&leaf_only, serde_json::to_vec(&b).unwrap()).unwrap();
    let (_, v) = verify_cert(&dir, &leaf_only, &[keys.join("ca-cert.pem")], &ign);
    assert_eq!(failure_kinds(&v), ["certificate-untrusted"], "{v:#}");
    let (_, v) = verify_cert(&dir, &leaf_only, &[keys.join("int-ca-cert.pem")], &ign);
    assert_eq!(v["verified"], Value::Bool(true), "{v:#}");
}

/// A CA made for the test: its certificate and issuer.
fn test_ca(name: &str) -> (rcgen::Certificate, rcgen::Issuer<'static, rcgen::KeyPair>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign];
    let cert = params.self_signed(&key).unwrap();
    (cert, rcgen::Issuer::new(params, key))
}

/// The real v1.1.0 bundle re-signed by `key` with `chain` (DER) as its certificates: the
/// statement is unchanged, so only the certificate checks decide.
fn resigned(base: &Path, key: &rcgen::KeyPair, chain: &[&[u8]]) -> Value {
    use rcgen::SigningKey;
    let sig = base.join("v1.1.0-certificate/model.sig");
    let mut b: Value = serde_json::from_slice(&std::fs::read(sig).unwrap()).unwrap();
    let env = &b["dsseEnvelope"];
    let payload = B64.decode(env["payload"].as_str().unwrap()).unwrap();
    let ptype = env["payloadType"].as_str().unwrap().to_string();
    let pae = modelgate::verify::dsse::pae(&ptype, &payload);
    b["dsseEnvelope"]["signatures"] =
        serde_json::json!([{"sig": B64.encode(key.sign(&pae).unwrap()), "keyid": ""}]);
    b["verificationMaterial"]["x509CertificateChain"]["certificates"] = Value::Array(
        chain
            .iter()
            .map(|d| serde_json::json!({"rawBytes": B64.encode(d)}))
            .collect(),
    );
    b
}

fn leaf_params(name: &str) -> rcgen::CertificateParams {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    params
}

/// The attacker's own CA, carried in the bundle, never becomes a trust anchor; the same
/// signature verifies when that CA is the one given, so only the anchor decides.
#[test]
fn a_ca_carried_in_the_bundle_is_never_trusted() {
    let Some(base) = oms_real() else { return };
    let dir = base.join("v1.1.0-certificate");
    let tmp = tempfile::tempdir().unwrap();
    let (ca, issuer) = test_ca("root-ca"); // the same name as the real root
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params("attacker").signed_by(&key, &issuer).unwrap();
    let b = resigned(&base, &key, &[leaf.der(), ca.der()]);
    let sig = tmp.path().join("model.sig");
    std::fs::write(&sig, serde_json::to_vec(&b).unwrap()).unwrap();
    let real = base.join("keys/certificate/ca-cert.pem");
    let (code, v) = verify_cert(&dir, &sig, &[real], &ignore_args(&dir));
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(failure_kinds(&v), ["certificate-untrusted"], "{v:#}");
    let own = tmp.path().join("attacker-ca.pem");
    std::fs::write(&own, ca.pem()).unwrap();
    let (_, v) = verify_cert(&dir, &sig, &[own], &ignore_args(&dir));
    assert_eq!(v["verified"], Value::Bool(true), "{v:#}");
}

/// A self-signed leaf fails, even when it is itself given as a CA certificate.
#[test]
fn a_self_signed_leaf_fails() {
    let Some(base) = oms_real() else { return };
    let dir = base.join("v1.1.0-certificate");
    let tmp = tempfile::tempdir().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = leaf_params("intermediate-ca");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyCertSign,
    ];
    let leaf = params.self_signed(&key).unwrap();
    let b = resigned(&base, &key, &[leaf.der()]);
    let sig = tmp.path().join("model.sig");
    std::fs::write(&sig, serde_json::to_vec(&b).unwrap()).unwrap();
    let itself = tmp.path().join("leaf.pem");
    std::fs::write(&itself, leaf.pem()).unwrap();
    for chain in [base.join("keys/certificate/ca-cert.pem"), itself] {
        let (code, v) = verify_cert(&dir, &sig, &[chain], &ignore_args(&dir));
        assert_eq!(code, 1, "{v:#}");
        assert_eq!(failure_kinds(&v), ["certificate-untrusted"], "{v:#}");
        assert!(v.to_string().contains("self-signed"), "{v:#}");
    }
}

#[test]
fn a_tampered_file_fails_the_certificate_method() {
    let Some(base) = oms_real() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let src = base.join("v1.0.0-certificate");
    for f in ["signme-1", "signme-2"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    let mut bytes = std::fs::read(tmp.path().join("signme-1")).unwrap();
    bytes.push(b'!');
    std::fs::write(tmp.path().join("signme-1"), bytes).unwrap();
    let root = base.join("keys/certificate/ca-cert.pem");
    let (code, v) = verify_cert(tmp.path(), &src.join("model.sig"), &[root], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(failure_kinds(&v), ["file-changed"], "{v:#}");
}

/// `check` reads the CA certificates from the configuration (`trust.certificateChain`,
/// relative to the configuration file): a bundle holding a real model-signing v1.0.0
/// certificate signature verifies with the CA, and not with the signer's own certificate
/// given as the anchor.
#[test]
fn check_verifies_certificate_signatures_with_the_configured_chain() {
    let base =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/oms-model-transparency");
    if !base.exists() {
        eprintln!("skipped: {} is absent", base.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    std::fs::create_dir_all(bundle.join("model")).unwrap();
    for f in ["signme-1", "signme-2"] {
        std::fs::copy(
            base.join("v1.0.0-certificate").join(f),
            bundle.join("model").join(f),
        )
        .unwrap();
    }
    std::fs::copy(
        base.join("v1.0.0-certificate/model.sig"),
        bundle.join("model.sig"),
    )
    .unwrap();
    std::fs::write(
        bundle.join("modelgate.yaml"),
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: {name: m, version: \"1\"}\nspec:\n  riskTier: minimal\n  artifacts: [model/*]\n  signatures: [model.sig]\n",
    )
    .unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    for f in ["ca-cert.pem", "signing-key-cert.pem"] {
        std::fs::copy(base.join("keys/certificate").join(f), keys.join(f)).unwrap();
    }
    let invalid = |anchor: &str| {
        let cfg = dir.path().join(format!("{anchor}.config.yaml"));
        std::fs::write(
            &cfg,
            format!("apiVersion: modelgate.dev/v1\nkind: Config\ntrust:\n  certificateChain: [keys/{anchor}]\n"),
        )
        .unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_modelgate"))
            .args([
                "check",
                bundle.to_str().unwrap(),
                "--format",
                "json",
                "--config",
                cfg.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        v["bundles"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "prov-signature-invalid")
    };
    assert!(!invalid("ca-cert.pem"), "the CA anchors the signer's chain");
    assert!(
        invalid("signing-key-cert.pem"),
        "the signer's own certificate anchors nothing"
    );
}

// ---- `check` on real releases: subjects named by sha512, signatures over several folders ----

/// `modelgate check BUNDLE --format json` plus `extra`: the bundle's result.
fn check_bundle(bundle: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", bundle.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let o = common::modelgate(&args);
    let v: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", common::stderr(&o)));
    v["bundles"][0].clone()
}

fn rule_ids(bundle: &Value) -> Vec<String> {
    bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

const NPM_IDENTITY: &str = "https://token.actions.githubusercontent.com=https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main";

/// A release holding the npm tarball `sigstore-2.0.0.tgz` and its real npm provenance (a
/// Sigstore bundle whose only subject is named by sha512), in a fresh folder.
fn npm_release() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = fixture("sigstore-js");
    std::fs::copy(
        from.join("sigstore-2.0.0.tgz"),
        dir.path().join("sigstore-2.0.0.tgz"),
    )
    .unwrap();
    std::fs::copy(
        from.join("sigstore.js@2.0.0-provenance.sigstore.json"),
        dir.path().join("provenance.sigstore.json"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("modelgate.yaml"),
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: {name: sigstore-js, version: 2.0.0}\n\
         spec:\n  riskTier: high\n  environment: production\n  artifacts: [sigstore-2.0.0.tgz]\n  provenance: [provenance.sigstore.json]\n",
    )
    .unwrap();
    dir
}

#[test]
fn provenance_naming_its_subject_by_sha512_covers_the_file() {
    let dir = npm_release();
    let root = fixture("sigstore-go/public-good.json");
    let args = [
        "--trusted-root",
        root.to_str().unwrap(),
        "--identity",
        NPM_IDENTITY,
    ];
    let b = check_bundle(dir.path(), &args);
    let ids = rule_ids(&b);
    assert!(
        !ids.iter().any(|r| r.starts_with("prov-provenance")),
        "the statement verifies and binds the tarball: {ids:?}"
    );
    let out = common::modelgate(&[
        "input",
        dir.path().to_str().unwrap(),
        args[0],
        args[1],
        args[2],
        args[3],
    ]);
    let input: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &input["provenance"][0];
    assert_eq!(p["verified"], Value::Bool(true), "{p:#}");
    assert_eq!(
        p["subjects"][0]["matched_by"]
            .as_str()
            .map(|m| m.starts_with("sha512:46d4e2f7")),
        Some(true),
        "{p:#}"
    );
    assert_eq!(p["subjects"][0]["sha256"], input["artifacts"][0]["sha256"]);

    // Attack: another tarball under the same name. No file has the statement's sha512, so the
    // statement covers nothing and the release blocks, however well it is signed.
    let tgz = dir.path().join("sigstore-2.0.0.tgz");
    let mut bytes = std::fs::read(&tgz).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&tgz, bytes).unwrap();
    let b = check_bundle(dir.path(), &args);
    assert_eq!(b["verdict"], "block", "{b:#}");
    let ids = rule_ids(&b);
    assert!(
        ids.iter().any(|r| r.starts_with("prov-provenance")),
        "{ids:?}"
    );
}

/// A model whose files are in `weights/` and `tokenizer/`, signed as one folder (the bundle
/// root, manifest included) by model-signing 1.1.1 (`tests/fixtures/signatures-real/README.md`).
#[test]
fn a_model_signature_over_several_folders_covers_them_all() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture("multi-folder"), dir.path());
    let key = fixture("multi-folder.pub");
    let args = ["--key", key.to_str().unwrap()];
    let b = check_bundle(dir.path(), &args);
    let ids = rule_ids(&b);
    assert_eq!(ids, ["doc-model-card-missing"], "{b:#}");
    let sig = &b["signatures"][0];
    assert_eq!(sig["verified"], Value::Bool(true), "{sig:#}");

    // Attack: the signed manifest changed after signing (a lower tier, say). The signature
    // covers it, so it no longer verifies and nothing is covered.
    let manifest = dir.path().join("modelgate.yaml");
    let signed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        signed.replace("version: 1.0.0", "version: 1.0.1"),
    )
    .unwrap();
    let ids = rule_ids(&check_bundle(dir.path(), &args));
    assert!(
        ids.contains(&"prov-signature-invalid".to_string()),
        "{ids:?}"
    );
    std::fs::write(&manifest, &signed).unwrap();

    // Attack: a file added to one of the folders after signing.
    std::fs::write(dir.path().join("tokenizer/merges.txt"), "a b\n").unwrap();
    let b = check_bundle(dir.path(), &args);
    let ids = rule_ids(&b);
    assert!(
        ids.contains(&"prov-signature-invalid".to_string()),
        "{ids:?}"
    );
    assert_eq!(b["verdict"], "block");
}
