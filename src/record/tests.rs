use super::statement::canonical_json;
use super::*;
use crate::decision::{BundleReport, Finding, Report};
use crate::error::Error;
use crate::formats::Doc;
use crate::verify::dsse::{Envelope, VerifyFailure};
use crate::verify::sign::envelope_json;
use crate::verify::sign::SigningKey;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use p256::pkcs8::EncodePrivateKey;
use serde_json::Value;
use sha2::{Digest, Sha256};

const NOW: &str = "2026-11-29T12:00:00Z";

fn now() -> DateTime<Utc> {
    crate::time::parse(NOW).unwrap()
}

fn key(seed: u8) -> SigningKey {
    let sk = p256::SecretKey::from_slice(&[seed; 32]).unwrap();
    SigningKey::from_pkcs8_der(sk.to_pkcs8_der().unwrap().as_bytes()).unwrap()
}

fn finding(rule: &str, level: &str, waiver: Option<Value>) -> Finding {
    let mut v = serde_json::json!({
        "rule_id": rule, "level": level, "severity": "high", "title": "t",
        "message": format!("{rule} fired"), "controls": [], "remediation": "fix it",
        "package": "data.modelgate.x", "location": {"file": "data/dataset.yaml", "line": 9},
        "declared_level": level,
    });
    if let Some(w) = waiver {
        v["waiver"] = w;
    }
    serde_json::from_value(v).unwrap()
}

fn bundle(path: &str, verdict: Verdict, findings: Vec<Finding>) -> BundleReport {
    let mut b = crate::decision::errored(path, &Error::Usage(String::new()));
    b.error = None;
    b.verdict = verdict;
    b.name = Some("scorer".into());
    b.version = Some("1.0.0".into());
    b.environment = Some("production".into());
    b.risk_tier = Some("high".into());
    b.evidence = serde_json::from_value(serde_json::json!([
        {"kind": "artifact", "path": "model/model.safetensors", "format": "file", "sha256": "aa".repeat(32), "size": 3},
        {"kind": "manifest", "path": "modelgate.yaml", "format": "manifest", "sha256": "bb".repeat(32), "size": 4},
    ]))
    .unwrap();
    b.findings = findings;
    b
}

fn report(bundles: Vec<BundleReport>) -> Report {
    Report::new(
        NOW.into(),
        &crate::policy::PolicySet::default(),
        &crate::config::Config::default(),
        bundles,
        Vec::new(),
        crate::decision::Selection::All,
    )
}

fn waived() -> Value {
    serde_json::json!({"reason": "accepted", "approved_by": "jane@example.com",
        "expires": "2027-01-31", "expired": false, "source": "waivers.yaml:3"})
}

fn ttl() -> Duration {
    parse_ttl(DEFAULT_TTL).unwrap()
}

#[test]
fn statement_names_artifacts_verdicts_findings_and_waivers() {
    let r = report(vec![
        bundle(
            "a",
            Verdict::Approve,
            vec![finding("w1", "deny", Some(waived()))],
        ),
        bundle("b", Verdict::Block, vec![finding("d1", "deny", None)]),
    ]);
    let s = statement(&r, ttl()).unwrap();
    assert_eq!(s.type_, STATEMENT_TYPE);
    assert_eq!(s.predicate_type, PREDICATE_TYPE);
    // Both bundles hold the same artifact: one subject.
    assert_eq!(s.subject.len(), 1);
    assert_eq!(s.subject[0].name, "model/model.safetensors");
    assert_eq!(s.subject[0].digest["sha256"], "aa".repeat(32));
    let p = &s.predicate;
    assert_eq!(p.verdict, Verdict::Block);
    assert_eq!(p.time, NOW);
    assert_eq!(p.expires, "2026-12-29T12:00:00Z");
    assert_eq!(p.environment.as_deref(), Some("production"));
    assert_eq!(p.bundles[1].verdict, Verdict::Block);
    assert_eq!(p.bundles[1].findings[0].rule_id, "d1");
    assert_eq!(p.bundles[0].evidence.len(), 2);
    assert_eq!(p.waivers.len(), 1);
    assert_eq!(p.waivers[0].bundles, ["a"]);
    assert_eq!(p.waivers[0].approved_by, "jane@example.com");
    assert!(p.git.is_none());
    let v = serde_json::to_value(p).unwrap();
    assert_eq!(p.decision_id, decision_id(&v));
    assert!(p.decision_id.starts_with("sha256:"));

    let mut other = r.clone();
    other.time = "2026-11-29T12:00:01Z".into();
    assert_ne!(
        statement(&other, ttl()).unwrap().predicate.decision_id,
        p.decision_id
    );
}

#[test]
fn the_git_commit_is_recorded_when_known() {
    let mut r = report(vec![bundle("a", Verdict::Approve, vec![])]);
    r.git = Some(crate::git::GitInfo {
        head: Some("0123abcd".into()),
        dirty: true,
        ..Default::default()
    });
    let g = statement(&r, ttl()).unwrap().predicate.git.unwrap();
    assert_eq!(g.commit.as_deref(), Some("0123abcd"));
    assert!(g.dirty);
}

#[test]
fn no_record_for_an_error_run() {
    let r = report(vec![crate::decision::errored(
        "x",
        &Error::Usage("bad".into()),
    )]);
    let e = create(&r, &key(1), ttl()).unwrap_err().to_string();
    assert!(e.contains("errored"), "{e}");
}

#[test]
fn create_then_verify_and_bytes_are_deterministic() {
    let r = report(vec![bundle("a", Verdict::Approve, vec![])]);
    let k = key(1);
    let json = create(&r, &k, ttl()).unwrap();
    assert_eq!(json, create(&r, &k, ttl()).unwrap());
    let v = verify(
        json.as_bytes(),
        &[key(2).public_key().clone(), k.public_key().clone()],
        now(),
    )
    .unwrap();
    assert_eq!(v.key_id, k.key_id());
    assert_eq!(v.verdict(), Verdict::Approve);
    assert_eq!(v.sha256, hex::encode(Sha256::digest(json.as_bytes())));
    assert!(v.subject(&"AA".repeat(32)).is_some());
    assert!(v.subject(&"bb".repeat(32)).is_none());
}

/// Re-signs `record` with `k` after `edit`: a well-signed record with bad content.
fn resigned(record: &str, k: &SigningKey, edit: impl Fn(&mut Value)) -> String {
    let env = Envelope::from_doc(&Doc::new("r", "r", record.as_bytes().to_vec())).unwrap();
    let mut v: Value = serde_json::from_slice(&env.payload).unwrap();
    edit(&mut v);
    envelope_json(&k.sign_envelope(&env.payload_type, serde_json::to_vec(&v).unwrap()))
}

#[test]
fn each_check_fails_on_its_own() {
    let r = report(vec![bundle(
        "a",
        Verdict::Block,
        vec![finding("d1", "deny", None)],
    )]);
    let k = key(1);
    let keys = [k.public_key().clone()];
    let good = create(&r, &k, ttl()).unwrap();
    let check = |text: &str, at: DateTime<Utc>| {
        verify(text.as_bytes(), &keys, at)
            .map(|_| ())
            .unwrap_err()
            .check()
    };
    assert!(verify(good.as_bytes(), &keys, now()).is_ok());

    assert!(matches!(
        verify(good.as_bytes(), &[key(2).public_key().clone()], now()),
        Err(RecordFailure::Signature(VerifyFailure::Invalid { .. }))
    ));

    // A payload changed after signing: the signature no longer holds.
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut env: Value = serde_json::from_str(&good).unwrap();
    let mut payload = b64.decode(env["payload"].as_str().unwrap()).unwrap();
    let at = payload.windows(5).position(|w| w == b"block").unwrap();
    payload[at..at + 5].copy_from_slice(b"blocK");
    env["payload"] = b64.encode(&payload).into();
    assert_eq!(check(&env.to_string(), now()), "signature");

    let mut env: Value = serde_json::from_str(&good).unwrap();
    env["payloadType"] = "application/json".into();
    assert_eq!(check(&env.to_string(), now()), "payload-type");

    let tampered_id = resigned(&good, &k, |v| {
        v["predicate"]["verdict"] = "approve".into();
    });
    assert_eq!(check(&tampered_id, now()), "decision-id");
    let wrong_type = resigned(&good, &k, |v| {
        v["predicateType"] = "https://slsa.dev/provenance/v1".into();
    });
    assert_eq!(check(&wrong_type, now()), "statement");
    let not_statement = resigned(&good, &k, |v| {
        v["_type"] = "x".into();
    });
    assert_eq!(check(&not_statement, now()), "statement");
    let bad_shape = resigned(&good, &k, |v| {
        v["predicate"]["bundles"][0]["verdict"] = 3.into();
    });
    let e = verify(bad_shape.as_bytes(), &keys, now())
        .unwrap_err()
        .to_string();
    assert!(e.contains("/predicate/bundles/0/verdict"), "{e}");

    let expired = now() + Duration::days(30) + Duration::seconds(1);
    assert_eq!(check(&good, expired), "expiry");
    assert!(verify(good.as_bytes(), &keys, now() + Duration::days(30)).is_ok());
    let early = now() - Duration::seconds(MAX_CLOCK_SKEW_SECS + 1);
    assert_eq!(check(&good, early), "time");
    assert!(verify(
        good.as_bytes(),
        &keys,
        now() - Duration::seconds(MAX_CLOCK_SKEW_SECS)
    )
    .is_ok());
}

#[test]
fn malformed_envelopes_are_located() {
    let keys = [key(1).public_key().clone()];
    let e = verify(b"{\n\"payload\": \"e30=\"\n}", &keys, now()).unwrap_err();
    assert_eq!(e.check(), "envelope");
    let msg = e.to_string();
    assert!(
        msg.contains("line 3") && msg.contains("payloadType"),
        "{msg}"
    );
    let e = verify(b"{\"payload\":\"!\",\"payloadType\":\"x\"}", &keys, now())
        .unwrap_err()
        .to_string();
    assert!(e.contains("at /payload"), "{e}");
}

#[test]
fn ttls_parse() {
    assert_eq!(parse_ttl("30d").unwrap(), Duration::days(30));
    assert_eq!(parse_ttl("12h").unwrap(), Duration::hours(12));
    assert_eq!(parse_ttl("90m").unwrap(), Duration::minutes(90));
    assert_eq!(parse_ttl("45s").unwrap(), Duration::seconds(45));
    assert_eq!(parse_ttl("2w").unwrap(), Duration::days(14));
    for bad in [
        "",
        "30",
        "d",
        "0d",
        "-1d",
        "1.5d",
        "3y",
        "99999999999999999999d",
    ] {
        assert!(parse_ttl(bad).is_err(), "{bad}");
    }
}

#[test]
fn canonical_json_sorts_keys_at_every_level() {
    let v: Value = serde_json::from_str(r#"{"b": [ {"z": 1, "a": "x"} ], "a": null}"#).unwrap();
    let mut s = String::new();
    canonical_json(&v, &mut s);
    assert_eq!(s, r#"{"a":null,"b":[{"a":"x","z":1}]}"#);
}

/// `verify_signed` checks all `verify_doc` does but the validity period, and only that: an
/// expired record is authentic, a forged or tampered one is not.
#[test]
fn verify_signed_leaves_out_the_validity_period_only() {
    let r = report(vec![bundle("a", Verdict::Approve, vec![])]);
    let k = key(1);
    let keys = [k.public_key().clone()];
    let good = create(&r, &k, ttl()).unwrap();
    let doc = |text: &str| Doc::new("r", "r", text.as_bytes().to_vec());
    let expired = now() + Duration::days(31);
    assert_eq!(
        verify_doc(&doc(&good), &keys, expired).unwrap_err().check(),
        "expiry"
    );
    let signed = verify_signed(&doc(&good), &keys).unwrap();
    assert_eq!(signed.expires, now() + Duration::days(30));
    assert_eq!(signed.time, now());
    assert_eq!(
        signed.verified,
        verify_doc(&doc(&good), &keys, now()).unwrap()
    );
    let check = |text: &str, keys: &[crate::verify::dsse::PublicKey]| {
        verify_signed(&doc(text), keys)
            .map(|_| ())
            .unwrap_err()
            .check()
    };
    assert_eq!(check(&good, &[key(2).public_key().clone()]), "signature");
    assert_eq!(check(&good, &[]), "signature");
    let tampered_id = resigned(&good, &k, |v| {
        v["predicate"]["verdict"] = "block".into();
    });
    assert_eq!(check(&tampered_id, &keys), "decision-id");
    let bad_time = resigned(&good, &k, |v| {
        v["predicate"]["expires"] = "soon".into();
        let id = decision_id(&v["predicate"]);
        v["predicate"]["decisionId"] = id.into();
    });
    assert_eq!(check(&bad_time, &keys), "statement");
    let wrong_type = resigned(&good, &k, |v| {
        v["predicateType"] = "https://slsa.dev/provenance/v1".into();
    });
    assert_eq!(check(&wrong_type, &keys), "statement");
}
