//! The Sigstore conformance suite's bundle-verification cases (real bundles, trusted roots and
//! expected outcomes, in `../shared/data/sigstore-conformance/bundle-verify`): modelgate must
//! agree with the expected outcome on every case it supports; the cases it does not support are
//! listed in `UNSUPPORTED` with the reason, and any other disagreement fails the test.
//!
//! Case layout (see the suite's README): a folder ending in `_fail` must fail verification, any
//! other must pass; the artifact is `artifact` in the folder or `a.txt` above it; the trusted
//! root is `trusted_root.json` in the folder or the production root; `key.pub` means key-based
//! verification; `identity` / `issuer` override the default expected signer.

use modelgate::verify::dsse::PublicKey;
use modelgate::verify::sigstore::{
    verify_bundle, AllowedIdentity, ArtifactRef, BundleVerification, TrustPolicy, TrustedRoot,
};
use std::path::{Path, PathBuf};

const DEFAULT_IDENTITY: &str = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const DEFAULT_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// Cases modelgate does not support, with the reason. Empty: every case is supported.
const UNSUPPORTED: &[(&str, &str)] = &[];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/sigstore-conformance")
}

fn read_trimmed(p: &Path) -> Option<String> {
    std::fs::read_to_string(p)
        .ok()
        .map(|s| s.trim().to_string())
}

/// Runs one case: `Ok(verification)` or the error that stopped it (an error is a failure).
fn run_case(data: &Path, case: &Path) -> Result<BundleVerification, String> {
    let artifact = if case.join("artifact").is_file() {
        case.join("artifact")
    } else if data.join("bundle-verify/a.txt").is_file() {
        data.join("bundle-verify/a.txt")
    } else {
        data.join("a.txt")
    };
    let root_path = if case.join("trusted_root.json").is_file() {
        case.join("trusted_root.json")
    } else {
        data.join("production-trusted_root.json")
    };
    let root = TrustedRoot::from_file(&root_path).map_err(|e| e.to_string())?;
    let mut policy = TrustPolicy::new(root);
    if case.join("key.pub").is_file() {
        let key = PublicKey::read(&case.join("key.pub")).map_err(|e| e.to_string())?;
        policy = policy.with_key(key);
    } else {
        let identity =
            read_trimmed(&case.join("identity")).unwrap_or_else(|| DEFAULT_IDENTITY.into());
        let issuer = read_trimmed(&case.join("issuer")).unwrap_or_else(|| DEFAULT_ISSUER.into());
        policy = policy.with_identity(AllowedIdentity::exact(issuer, identity));
    }
    verify_bundle(
        &case.join("bundle.sigstore.json"),
        ArtifactRef::Path(artifact),
        &policy,
    )
    .map_err(|e| e.to_string())
}

#[test]
fn sigstore_conformance_bundle_verify() {
    let data = data_dir();
    let cases_dir = data.join("bundle-verify");
    if !cases_dir.is_dir() {
        println!(
            "SKIPPED: {} is absent (the shared conformance data is not on this machine)",
            cases_dir.display()
        );
        return;
    }
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("bundle.sigstore.json").is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases under {}", cases_dir.display());

    for (name, _) in UNSUPPORTED {
        assert!(
            cases.iter().any(|c| c.file_name().unwrap() == *name),
            "UNSUPPORTED lists `{name}`, which is not a case"
        );
    }

    let (mut agree, mut unsupported) = (0, 0);
    let mut disagreements = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expect_pass = !name.ends_with("_fail");
        let outcome = run_case(&data, case);
        let passed = matches!(&outcome, Ok(v) if v.verified);
        let why = match &outcome {
            Ok(v) if v.verified => "verified".to_string(),
            Ok(v) => v
                .failures
                .iter()
                .map(|f| format!("{:?}: {}", f.check, f.message))
                .collect::<Vec<_>>()
                .join(" | "),
            Err(e) => format!("error: {e}"),
        };
        if let Some((_, reason)) = UNSUPPORTED.iter().find(|(n, _)| *n == name) {
            unsupported += 1;
            println!("UNSUPPORTED {name}: {reason} (outcome: {why})");
            continue;
        }
        if passed == expect_pass {
            agree += 1;
            println!(
                "ok   {name}: expected {}, {why}",
                if expect_pass { "pass" } else { "fail" }
            );
        } else {
            println!(
                "FAIL {name}: expected {}, got {why}",
                if expect_pass { "pass" } else { "fail" }
            );
            disagreements.push(name);
        }
    }
    println!(
        "sigstore conformance: {agree} agree, {} disagree, {unsupported} unsupported, of {} cases",
        disagreements.len(),
        cases.len()
    );
    assert!(
        disagreements.is_empty(),
        "modelgate disagrees with the expected outcome on: {disagreements:?}"
    );
}

/// The happy-path cases, re-run with a changed policy or artifact: another signer, another
/// issuer or another artifact must fail (with the right check), an identity pattern and a
/// digest-only artifact must still pass.
#[test]
fn sigstore_happy_paths_fail_for_other_signers_and_artifacts() {
    use modelgate::verify::sigstore::{Check, Matcher};
    use sha2::{Digest, Sha256};
    let data = data_dir();
    let cases_dir = data.join("bundle-verify");
    if !cases_dir.is_dir() {
        println!("SKIPPED: {} is absent", cases_dir.display());
        return;
    }
    let mut checked = 0;
    for entry in std::fs::read_dir(&cases_dir).unwrap() {
        let case = entry.unwrap().path();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with("_fail") || !case.join("bundle.sigstore.json").is_file() {
            continue;
        }
        let artifact = if case.join("artifact").is_file() {
            case.join("artifact")
        } else {
            cases_dir.join("a.txt")
        };
        let root_path = if case.join("trusted_root.json").is_file() {
            case.join("trusted_root.json")
        } else {
            data.join("production-trusted_root.json")
        };
        let root = TrustedRoot::from_file(&root_path).unwrap();
        let bundle = case.join("bundle.sigstore.json");
        let run = |policy: &TrustPolicy, artifact: ArtifactRef| {
            verify_bundle(&bundle, artifact, policy).unwrap()
        };
        let digest: [u8; 32] = Sha256::digest(std::fs::read(&artifact).unwrap()).into();

        let base = if case.join("key.pub").is_file() {
            let key = PublicKey::read(&case.join("key.pub")).unwrap();
            // Without the key, a key-signed bundle fails.
            let v = run(
                &TrustPolicy::new(root.clone()),
                ArtifactRef::Path(artifact.clone()),
            );
            assert!(v.failed(Check::PublicKey), "{name}: {v:?}");
            TrustPolicy::new(root.clone()).with_key(key)
        } else {
            let identity =
                read_trimmed(&case.join("identity")).unwrap_or_else(|| DEFAULT_IDENTITY.into());
            let issuer =
                read_trimmed(&case.join("issuer")).unwrap_or_else(|| DEFAULT_ISSUER.into());
            for (iss, id) in [
                (issuer.clone(), format!("{identity}x")),
                ("https://accounts.google.com".to_string(), identity.clone()),
            ] {
                let policy =
                    TrustPolicy::new(root.clone()).with_identity(AllowedIdentity::exact(iss, id));
                let v = run(&policy, ArtifactRef::Path(artifact.clone()));
                assert!(
                    !v.verified && v.failed(Check::Identity),
                    "{name}: another signer must fail: {v:?}"
                );
            }
            let pattern = TrustPolicy::new(root.clone()).with_identity(AllowedIdentity {
                issuer: Matcher::exact(issuer.clone()),
                subject: Matcher::pattern(&format!("{}.*", regex::escape(&identity[..20])))
                    .unwrap(),
            });
            assert!(
                run(&pattern, ArtifactRef::Path(artifact.clone())).verified,
                "{name}: an identity pattern"
            );
            TrustPolicy::new(root.clone()).with_identity(AllowedIdentity::exact(issuer, identity))
        };
        let v = run(&base, ArtifactRef::Sha256(digest));
        assert!(v.verified, "{name}: digest-only artifact: {v:?}");
        assert!(
            v.digests.iter().any(|d| d.digest == hex::encode(digest)),
            "{name}: covered digests {:?}",
            v.digests
        );
        assert!(v.signer.is_some(), "{name}: signer reported");
        let mut other = digest;
        other[0] ^= 1;
        let v = run(&base, ArtifactRef::Sha256(other));
        assert!(!v.verified, "{name}: another artifact must fail");
        assert!(
            v.failed(Check::Signature)
                || v.failed(Check::PublicKey)
                || v.failed(Check::DsseSubject),
            "{name}: {v:?}"
        );
        checked += 1;
    }
    println!("{checked} happy paths re-checked with other signers and artifacts");
    assert!(checked > 10);
}

/// What a verified result reports: signer identity and issuer, covered digests, times, entries.
#[test]
fn sigstore_result_reports_signer_digests_and_times() {
    use modelgate::verify::sigstore::{Signer, TimeSource};
    let data = data_dir();
    let case = data.join("bundle-verify/happy-path-v0.3");
    if !case.is_dir() {
        println!("SKIPPED: {} is absent", case.display());
        return;
    }
    let v = run_case(&data, &case).unwrap();
    assert!(v.verified, "{v:?}");
    assert_eq!(v.bundle_version.as_deref(), Some("0.3"));
    assert_eq!(v.content.as_deref(), Some("message_signature"));
    match &v.signer {
        Some(Signer::Certificate {
            identity, issuer, ..
        }) => {
            assert_eq!(identity.as_deref(), Some(DEFAULT_IDENTITY));
            assert_eq!(issuer.as_deref(), Some(DEFAULT_ISSUER));
        }
        other => panic!("signer {other:?}"),
    }
    assert_eq!(
        v.digests[0].digest,
        "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
    );
    assert!(v
        .times
        .iter()
        .any(|t| t.source == TimeSource::Tlog && t.unix == 1710869186));
    assert_eq!(v.tlog_entries.len(), 1);
    assert_eq!(
        v.tlog_entries[0].log.as_deref(),
        Some("https://rekor.sigstore.dev")
    );
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["signer"]["kind"], "certificate");
    assert_eq!(json["verified"], true);

    let dsse = run_case(
        &data,
        &data.join("bundle-verify/happy-path-intoto-in-dsse-v3"),
    )
    .unwrap();
    assert!(dsse.verified, "{dsse:?}");
    assert_eq!(
        dsse.payload_type.as_deref(),
        Some("application/vnd.in-toto+json")
    );
    assert!(dsse.predicate_type.is_some());
    assert!(dsse.digests.iter().all(|d| d.name.is_some()));
}
