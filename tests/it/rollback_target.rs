//! The operations plan's rollback target end to end: the decision record it names counts only
//! when a record key signed it (`--record-key`, `trust.recordKeys`, or the public key of
//! `--sign-key`), never an evidence key (`--key`). A test policy blocks unless
//! `input.operations.rollback_target.verified`; keys are made here, never committed.

use crate::common;
use common::{modelgate, root, stderr, stdout, NOW};

use base64::Engine as _;
use p256::pkcs8::EncodePrivateKey;
use serde_json::Value;
use std::path::Path;

const RECORD: &str = "records/previous.record.json";
/// The example record: credit-risk-scorer 2.2.0, approved on 2026-10-01 and signed by the key
/// of examples/gate.pub.
const EXAMPLE_RECORD: &str = "examples/approved/records/credit-risk-scorer-2.2.0.record.json";

const POLICY: &str = "package modelgate.rollbacktest\n\n# METADATA\n# title: The rollback target is verified\n# custom:\n#   id: test-rollback-verified\n#   severity: high\n#   controls: [\"test\"]\n#   remediation: Sign the record with a record key.\ndeny contains f if {\n\tinput.operations.plan.rollback.record\n\tnot input.operations.rollback_target.verified\n\tf := {\"id\": \"test-rollback-verified\", \"msg\": \"the rollback target is not verified\"}\n}\n";

/// Writes a P-256 key made from `seed` as `<name>.pem` (PKCS#8) and `<name>.pub` in `dir`.
fn keypair(dir: &Path, name: &str, seed: u8) {
    let sk = p256::SecretKey::from_slice(&[seed; 32]).unwrap();
    let der = sk.to_pkcs8_der().unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_bytes());
    let mut pem = String::from("-----BEGIN PRIVATE KEY-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap());
        pem.push('\n');
    }
    pem.push_str("-----END PRIVATE KEY-----\n");
    let key = modelgate::verify::sign::SigningKey::from_pem(&pem).unwrap();
    std::fs::write(dir.join(format!("{name}.pem")), pem).unwrap();
    std::fs::write(dir.join(format!("{name}.pub")), key.public_key().to_pem()).unwrap();
}

/// A bundle of credit-risk-scorer `version`; with `plan`, an operations plan naming RECORD.
fn bundle(dir: &Path, version: &str, plan: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let operations = if plan {
        "  operations: [operations.yaml]\n"
    } else {
        ""
    };
    std::fs::write(
        dir.join("modelgate.yaml"),
        format!(
            "apiVersion: modelgate.dev/v1\nkind: ModelRelease\n\
             metadata: {{name: credit-risk-scorer, version: {version}}}\n\
             spec:\n  riskTier: high\n  environment: production\n{operations}"
        ),
    )
    .unwrap();
    if plan {
        std::fs::write(
            dir.join("operations.yaml"),
            format!(
                "apiVersion: modelgate.dev/v1\nkind: OperationsPlan\nrollback:\n  version: 2.2.0\n  \
                 record: {RECORD}\n  procedure: helm rollback credit-risk-scorer\n"
            ),
        )
        .unwrap();
    }
}

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// Keys `gate` and `author`, the policy, a record of release 2.2.0 signed by `gate`
    /// through `check --record --sign-key`, and release 2.3.0 whose plan names it.
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().to_path_buf();
        let p = p.as_path();
        keypair(p, "gate", 21);
        keypair(p, "author", 22);
        std::fs::create_dir(p.join("policy")).unwrap();
        std::fs::write(p.join("policy/rollback.rego"), POLICY).unwrap();
        bundle(&p.join("v2.2.0"), "2.2.0", false);
        let s = Setup { dir };
        let o = s.check(
            "v2.2.0",
            &["--record", "previous.json", "--sign-key", "gate.pem"],
        );
        assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
        bundle(&p.join("v2.3.0"), "2.3.0", true);
        std::fs::create_dir(p.join("v2.3.0/records")).unwrap();
        std::fs::copy(p.join("previous.json"), p.join("v2.3.0").join(RECORD)).unwrap();
        s
    }

    /// `check BUNDLE --no-builtin --policy policy --now NOW` plus `extra`, in the setup folder.
    fn check(&self, bundle: &str, extra: &[&str]) -> std::process::Output {
        let mut args = vec![
            "check",
            bundle,
            "--no-builtin",
            "--policy",
            "policy",
            "--now",
            NOW,
        ];
        args.extend_from_slice(extra);
        common::run_in(self.dir.path(), &args)
    }

    fn code(&self, extra: &[&str]) -> Option<i32> {
        let o = self.check("v2.3.0", extra);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}\n{}",
            stdout(&o),
            stderr(&o)
        );
        o.status.code()
    }

    fn input(&self, extra: &[&str]) -> Value {
        let mut args = vec!["input", "v2.3.0", "--now", NOW];
        args.extend_from_slice(extra);
        let o = common::run_in(self.dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    }
}

#[test]
fn only_a_record_key_makes_the_rollback_target_authentic() {
    let s = Setup::new();
    // No record key: nothing verifies it.
    assert_eq!(s.code(&[]), Some(1));
    // The release author's evidence key signs releases, not the gate's records.
    assert_eq!(s.code(&["--key", "gate.pub"]), Some(1));
    assert_eq!(s.code(&["--record-key", "author.pub"]), Some(1));
    assert_eq!(s.code(&["--record-key", "gate.pub"]), Some(0));
    // The gate trusts the records it signs itself.
    assert_eq!(
        s.code(&["--record", "out.json", "--sign-key", "gate.pem"]),
        Some(0)
    );
    assert_eq!(
        s.code(&["--record", "out.json", "--sign-key", "author.pem"]),
        Some(1)
    );
    // trust.recordKeys, relative to the configuration file.
    let p = s.dir.path();
    std::fs::create_dir(p.join("conf")).unwrap();
    std::fs::copy(p.join("gate.pub"), p.join("conf/gate.pub")).unwrap();
    std::fs::write(
        p.join("conf/modelgate.yaml"),
        "apiVersion: modelgate.dev/v1\nkind: Config\ntrust:\n  recordKeys: [gate.pub]\n",
    )
    .unwrap();
    assert_eq!(s.code(&["--config", "conf/modelgate.yaml"]), Some(0));
    std::fs::write(
        p.join("conf/keys.yaml"),
        "apiVersion: modelgate.dev/v1\nkind: Config\ntrust:\n  keys: [gate.pub]\n",
    )
    .unwrap();
    assert_eq!(s.code(&["--config", "conf/keys.yaml"]), Some(1));
    // `report` takes the same flag.
    let o = common::run_in(
        p,
        &[
            "report",
            "v2.3.0",
            "--no-builtin",
            "--policy",
            "policy",
            "--now",
            NOW,
            "--record-key",
            "gate.pub",
            "-o",
            "audit.html",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn the_input_and_the_evidence_name_the_record() {
    let s = Setup::new();
    let t = &s.input(&["--record-key", "gate.pub"])["operations"]["rollback_target"];
    assert_eq!(t["record"], RECORD);
    assert_eq!(t["verified"], true, "{t}");
    assert!(t.get("failure").is_none(), "{t}");
    assert_eq!(t["verdict"], "approve");
    assert_eq!(t["time"], NOW);
    assert_eq!(t["expired"], false);
    assert_eq!(t["bundles"][0]["name"], "credit-risk-scorer");
    assert_eq!(t["bundles"][0]["version"], "2.2.0");
    assert_eq!(t["bundles"][0]["environment"], "production");
    assert_eq!(t["bundles"][0]["verdict"], "approve");
    let sha256 = t["sha256"].as_str().unwrap().to_string();
    // Without a record key: read, not verified, nothing of it believed.
    let t = &s.input(&[])["operations"]["rollback_target"];
    assert_eq!(t["verified"], false);
    assert!(
        t["failure"].as_str().unwrap().starts_with("record-key: "),
        "{t}"
    );
    assert!(
        t.get("verdict").is_none() && t["bundles"] == serde_json::json!([]),
        "{t}"
    );
    // The report and the decision record list it as evidence, by its digest.
    let o = s.check(
        "v2.3.0",
        &[
            "--record-key",
            "gate.pub",
            "-f",
            "json",
            "--record",
            "out.json",
            "--sign-key",
            "gate.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let listed =
        |evidence: &Value| {
            evidence.as_array().unwrap().iter().any(|e| {
                e["kind"] == "record" && e["path"] == RECORD && e["sha256"] == sha256.as_str()
            })
        };
    assert!(listed(&report["bundles"][0]["evidence"]), "{report}");
    let env: Value =
        serde_json::from_slice(&std::fs::read(s.dir.path().join("out.json")).unwrap()).unwrap();
    let payload = base64::engine::general_purpose::STANDARD
        .decode(env["payload"].as_str().unwrap())
        .unwrap();
    let statement: Value = serde_json::from_slice(&payload).unwrap();
    assert!(
        listed(&statement["predicate"]["bundles"][0]["evidence"]),
        "{statement}"
    );
}

/// The committed example record is genuine: signed by the key of examples/gate.pub, approving
/// credit-risk-scorer 2.2.0 in production, expired by the tests' decision time and still
/// authentic; the evidence key does not verify it.
#[test]
fn the_example_record_verifies_with_the_gate_key_only() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b");
    bundle(&b, "2.3.0", true);
    std::fs::create_dir(b.join("records")).unwrap();
    std::fs::copy(root().join(EXAMPLE_RECORD), b.join(RECORD)).unwrap();
    let input = |key_flag: &str, key: &str| -> Value {
        let o = modelgate(&["input", b.to_str().unwrap(), "--now", NOW, key_flag, key]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["operations"]["rollback_target"].clone()
    };
    let t = input("--record-key", "examples/gate.pub");
    assert_eq!(t["verified"], true, "{t}");
    assert_eq!(t["expired"], true);
    assert_eq!(t["verdict"], "approve");
    assert_eq!(t["time"], "2026-10-01T09:00:00Z");
    assert_eq!(t["bundles"][0]["name"], "credit-risk-scorer");
    assert_eq!(t["bundles"][0]["version"], "2.2.0");
    assert_eq!(t["bundles"][0]["environment"], "production");
    let t = input("--key", "examples/gate.pub");
    assert_eq!(t["verified"], false, "{t}");
    let t = input("--record-key", "examples/release.pub");
    assert!(
        t["failure"].as_str().unwrap().starts_with("signature: "),
        "{t}"
    );
}
