//! Signed decision records end to end: `check --record` writes them for approve and block (never
//! for an error), `verify-record` accepts them only with the right key, unchanged, in time and
//! over the same artifacts. The keys are the test-only ones of tests/fixtures/record.

use crate::common;
use common::{modelgate, root, stderr, stdout, NOW};

use base64::Engine as _;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// A day later: inside the default 30-day validity.
const LATER: &str = "2026-11-30T12:00:00Z";
/// The public key that signed the example models (examples/*/model.sig).
const MODEL_KEY: &str = "examples/release.pub";
/// The public key of the gate that signed the example decision records.
const GATE_KEY: &str = "examples/gate.pub";
const KEYS: &str = "tests/fixtures/record";

fn key(name: &str) -> String {
    format!("{KEYS}/test-only-{name}")
}

/// `check BUNDLE --record OUT --sign-key KEY --now NOW` plus `extra`; asserts the exit code.
fn check_with_record(bundle: &str, out: &Path, sign_key: &str, extra: &[&str], code: i32) {
    let mut args = vec![
        "check",
        "--key",
        MODEL_KEY,
        "--record-key",
        GATE_KEY,
        bundle,
        "--now",
        NOW,
        "--record",
        out.to_str().unwrap(),
        "--sign-key",
        sign_key,
    ];
    args.extend_from_slice(extra);
    let o = modelgate(&args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}\n{}",
        stdout(&o),
        stderr(&o)
    );
}

/// `verify-record FILE --key PUB --now NOW` plus `extra`.
fn verify_record(file: &Path, public: &str, now: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "verify-record",
        file.to_str().unwrap(),
        "--key",
        public,
        "--now",
        now,
    ];
    args.extend_from_slice(extra);
    modelgate(&args)
}

fn assert_not_verified(o: &Output, check: &str) {
    assert_eq!(o.status.code(), Some(1), "{}\n{}", stdout(o), stderr(o));
    let out = stdout(o);
    assert!(out.starts_with("NOT verified"), "{out}");
    assert!(
        out.contains(&format!("  - {check}: ")),
        "want {check}: {out}"
    );
}

fn envelope(file: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn statement(file: &Path) -> Value {
    let env = envelope(file);
    let payload = b64().decode(env["payload"].as_str().unwrap()).unwrap();
    serde_json::from_slice(&payload).unwrap()
}

/// Writes `env` with its payload replaced by `payload`, the signature kept.
fn with_payload(env: &Value, payload: &[u8], to: &Path) {
    let mut env = env.clone();
    env["payload"] = b64().encode(payload).into();
    std::fs::write(to, serde_json::to_vec(&env).unwrap()).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

#[test]
fn approve_and_block_records_name_the_decision_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let approved = dir.path().join("approved.json");
    let blocked = dir.path().join("blocked.json");
    check_with_record("examples/approved", &approved, &key("p256.pem"), &[], 0);
    check_with_record("examples/blocked-gdpr", &blocked, &key("p256.pem"), &[], 1);

    // The statement: subjects are the artifacts of the report, the predicate its decision.
    let report = modelgate(&[
        "check",
        "--key",
        MODEL_KEY,
        "--record-key",
        GATE_KEY,
        "examples/blocked-gdpr",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    let s = statement(&blocked);
    assert_eq!(s["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(s["predicateType"], "https://modelgate.dev/decision/v1");
    let evidence = report["bundles"][0]["evidence"].as_array().unwrap();
    let mut artifacts: Vec<(String, String)> = evidence
        .iter()
        .filter(|e| e["kind"] == "artifact")
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    artifacts.sort();
    let subjects: Vec<(String, String)> = s["subject"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_string(),
                x["digest"]["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(!subjects.is_empty());
    assert_eq!(subjects, artifacts);
    let p = &s["predicate"];
    assert_eq!(p["verdict"], "block");
    assert_eq!(p["time"], NOW);
    assert_eq!(p["expires"], "2026-12-29T12:00:00Z");
    assert_eq!(p["tool"]["name"], "modelgate");
    assert_eq!(p["policyDigest"]["sha256"], report["policy_digest"]);
    let b = &p["bundles"][0];
    assert_eq!(b["path"], "examples/blocked-gdpr");
    assert_eq!(b["name"], report["bundles"][0]["name"]);
    assert_eq!(b["version"], report["bundles"][0]["version"]);
    assert_eq!(b["riskTier"], "high");
    assert_eq!(b["environment"], "production");
    assert_eq!(b["verdict"], "block");
    assert_eq!(b["evidence"].as_array().unwrap().len(), evidence.len());
    let findings = b["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        report["bundles"][0]["findings"].as_array().unwrap().len()
    );
    assert!(findings
        .iter()
        .any(|f| f["ruleId"] == "gdpr-lawful-basis" && f["level"] == "deny"));
    assert!(p["decisionId"].as_str().unwrap().starts_with("sha256:"));

    // The payload follows the published schema.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/record.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for file in [&approved, &blocked] {
        let s = statement(file);
        let errors: Vec<String> = validator.iter_errors(&s).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    // Signed by the key whose public half verifies it; the envelope names its key id.
    let public = key("p256.pub");
    let o = verify_record(
        &approved,
        &public,
        LATER,
        &["--artifact", "examples/approved/model"],
    );
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("verified: decision record"), "{out}");
    assert!(out.contains("verdict   APPROVE"), "{out}");
    assert!(out.contains("expires   2026-12-29T12:00:00Z"), "{out}");
    assert!(out.contains("model/model.safetensors"), "{out}");
    let keyid = envelope(&approved)["signatures"][0]["keyid"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        out.contains(&format!("signer    key {keyid} (ecdsa-p256-sha256)")),
        "{out}"
    );
    let id = statement(&approved)["predicate"]["decisionId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(out.contains(&id), "{out}");

    // A block is authentic too: verified, and it says block.
    let o = verify_record(
        &blocked,
        &public,
        LATER,
        &[
            "--artifact",
            "examples/blocked-gdpr/model",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["record"]["record"]["predicate"]["verdict"], "block");
    assert_eq!(v["record"]["key_id"], keyid.as_str());
    assert_eq!(
        v["artifacts"].as_array().unwrap().len(),
        artifacts.len(),
        "every file of the folder is checked"
    );
    assert!(v["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["subject"].is_string()
            && a["bundles"][0]["path"] == "examples/blocked-gdpr"
            && a["bundles"][0]["verdict"] == "block"));
    let text = verify_record(&blocked, &public, LATER, &[]);
    assert!(
        stdout(&text).contains("verdict   BLOCK"),
        "{}",
        stdout(&text)
    );
    // A deployment step asks for an approval, not only an authentic record.
    let o = verify_record(&blocked, &public, LATER, &["--require-approve"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("verdict: the record's verdict is block"),
        "{}",
        stdout(&o)
    );
    let o = verify_record(&approved, &public, LATER, &["--require-approve"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn records_fail_with_another_key_or_any_change() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    check_with_record("examples/approved", &good, &key("p256.pem"), &[], 0);
    let public = key("p256.pub");
    assert_eq!(
        verify_record(&good, &public, LATER, &[]).status.code(),
        Some(0)
    );

    assert_not_verified(
        &verify_record(&good, &key("other-p256.pub"), LATER, &[]),
        "signature",
    );
    // Any of the keys may have signed it.
    let o = modelgate(&[
        "verify-record",
        good.to_str().unwrap(),
        "--key",
        &key("other-p256.pub"),
        "--key",
        &public,
        "--now",
        LATER,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let env = envelope(&good);
    let payload = b64().decode(env["payload"].as_str().unwrap()).unwrap();
    let bad = dir.path().join("bad.json");

    // One byte of the payload.
    let mut changed = payload.clone();
    let at = changed.windows(7).position(|w| w == b"approve").unwrap();
    changed[at] = b'A';
    with_payload(&env, &changed, &bad);
    assert_not_verified(&verify_record(&bad, &public, LATER, &[]), "signature");

    // One byte of the signature.
    let mut sig = b64()
        .decode(env["signatures"][0]["sig"].as_str().unwrap())
        .unwrap();
    let last = sig.len() - 1;
    sig[last] ^= 1;
    let mut resigned = env.clone();
    resigned["signatures"][0]["sig"] = b64().encode(&sig).into();
    std::fs::write(&bad, serde_json::to_vec(&resigned).unwrap()).unwrap();
    assert_not_verified(&verify_record(&bad, &public, LATER, &[]), "signature");

    // A subject's digest, the payload re-encoded and the signature kept.
    let mut s: Value = serde_json::from_slice(&payload).unwrap();
    s["subject"][0]["digest"]["sha256"] = "00".repeat(32).into();
    with_payload(&env, &serde_json::to_vec(&s).unwrap(), &bad);
    assert_not_verified(&verify_record(&bad, &public, LATER, &[]), "signature");

    // The payload type.
    let mut retyped = env.clone();
    retyped["payloadType"] = "application/json".into();
    std::fs::write(&bad, serde_json::to_vec(&retyped).unwrap()).unwrap();
    assert_not_verified(&verify_record(&bad, &public, LATER, &[]), "payload-type");

    // Not an envelope at all: bad input, located.
    std::fs::write(&bad, "{\n  \"payload\": \"\"\n}\n").unwrap();
    let o = verify_record(&bad, &public, LATER, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(
        e.contains("bad.json") && e.contains("line 3") && e.contains("payloadType"),
        "{e}"
    );
}

#[test]
fn records_expire_and_are_not_valid_before_their_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    check_with_record(
        "examples/approved",
        &file,
        &key("p256.pem"),
        &["--record-ttl", "12h"],
        0,
    );
    assert_eq!(
        statement(&file)["predicate"]["expires"],
        "2026-11-30T00:00:00Z"
    );
    let public = key("p256.pub");
    let ok = verify_record(&file, &public, "2026-11-30T00:00:00Z", &[]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let o = verify_record(&file, &public, "2026-11-30T00:00:01Z", &[]);
    assert_not_verified(&o, "expiry");
    assert!(
        stdout(&o).contains("expired at 2026-11-30T00:00:00Z"),
        "{}",
        stdout(&o)
    );
    assert_not_verified(
        &verify_record(&file, &public, "2026-11-29T11:00:00Z", &[]),
        "time",
    );

    let o = modelgate(&[
        "check",
        "examples/approved",
        "--record",
        file.to_str().unwrap(),
        "--sign-key",
        &key("p256.pem"),
        "--record-ttl",
        "soon",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--record-ttl"), "{}", stderr(&o));
}

#[test]
fn an_artifact_changed_on_disk_is_not_covered() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    copy_dir(&root().join("examples/approved"), &bundle);
    let file = dir.path().join("r.json");
    check_with_record(bundle.to_str().unwrap(), &file, &key("p256.pem"), &[], 0);
    let public = key("p256.pub");
    let model = bundle.join("model");
    let weights = model.join("model.safetensors");
    let o = verify_record(
        &file,
        &public,
        LATER,
        &["--artifact", model.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let mut bytes = std::fs::read(&weights).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&weights, bytes).unwrap();
    for artifact in [&model, &weights] {
        let o = verify_record(
            &file,
            &public,
            LATER,
            &["--artifact", artifact.to_str().unwrap()],
        );
        assert_not_verified(&o, "artifact");
        let out = stdout(&o);
        assert!(out.contains("model.safetensors (sha256 "), "{out}");
        assert!(out.contains("NOT COVERED"), "{out}");
    }
    // The unchanged file still is.
    let config = model.join("config.json");
    let o = verify_record(
        &file,
        &public,
        LATER,
        &["--artifact", config.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let o = verify_record(&file, &public, LATER, &["--artifact", "no/such/file"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/file"), "{}", stderr(&o));
}

#[test]
fn records_are_byte_identical_for_the_same_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let c = dir.path().join("c.json");
    check_with_record("examples/blocked-gdpr", &a, &key("p256.pem"), &[], 1);
    check_with_record("examples/blocked-gdpr", &b, &key("p256.pem"), &[], 1);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Another time is another decision.
    let o = modelgate(&[
        "check",
        "--key",
        MODEL_KEY,
        "examples/blocked-gdpr",
        "--now",
        LATER,
        "--record",
        c.to_str().unwrap(),
        "--sign-key",
        &key("p256.pem"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_ne!(
        statement(&a)["predicate"]["decisionId"],
        statement(&c)["predicate"]["decisionId"]
    );
}

#[test]
fn an_error_run_writes_no_record() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let o = modelgate(&[
        "check",
        "--key",
        MODEL_KEY,
        "--record-key",
        GATE_KEY,
        "examples/approved",
        "examples/no-such-bundle",
        "--now",
        NOW,
        "--record",
        file.to_str().unwrap(),
        "--sign-key",
        &key("p256.pem"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(!file.exists());
    assert!(stderr(&o).contains("no decision record"), "{}", stderr(&o));
}

#[test]
fn each_key_type_signs_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    for (private, public, algorithm) in [
        ("p256.sec1.pem", "p256.pub", "ecdsa-p256-sha256"),
        ("p384.pem", "p384.pub", "ecdsa-p384-sha384"),
        ("ed25519.pem", "ed25519.pub", "ed25519"),
    ] {
        let file = dir.path().join(format!("{private}.json"));
        check_with_record("examples/approved", &file, &key(private), &[], 0);
        let o = verify_record(
            &file,
            &key(public),
            LATER,
            &["--artifact", "examples/approved/model", "--format", "json"],
        );
        assert_eq!(o.status.code(), Some(0), "{private}: {}", stdout(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["record"]["algorithm"], algorithm);
        assert_eq!(
            v["record"]["key_id"],
            envelope(&file)["signatures"][0]["keyid"],
            "{private}"
        );
        assert_not_verified(
            &verify_record(&file, &key("other-p256.pub"), LATER, &[]),
            "signature",
        );
    }
}

#[test]
fn unusable_signing_keys_fail_before_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    for (sign_key, want) in [
        (key("rsa.pem"), "RSA"),
        (key("p521.pem"), "P-521"),
        (key("p256.pub"), "public key"),
        (format!("{KEYS}/missing.pem"), "cannot read"),
    ] {
        let o = modelgate(&[
            "check",
            "examples/approved",
            "--record",
            file.to_str().unwrap(),
            "--sign-key",
            &sign_key,
        ]);
        assert_eq!(o.status.code(), Some(2), "{sign_key}");
        let e = stderr(&o);
        assert!(e.contains(&sign_key) && e.contains(want), "{e}");
        assert!(o.stdout.is_empty(), "no report: the run stopped first");
        assert!(!file.exists());
    }
    // --record and --sign-key go together.
    let o = modelgate(&[
        "check",
        "examples/approved",
        "--record",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--sign-key"), "{}", stderr(&o));
}
