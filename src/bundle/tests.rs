use super::*;

/// A manifest entry's error names the entry's own line: not an earlier line that merely
/// contains the same text (`data/a.json` before `a.json`), nor a comment.
#[test]
fn manifest_entries_are_located_by_their_own_node() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/a.json"), "{}").unwrap();
    std::fs::write(
        dir.path().join(MANIFEST),
        "# a.json is listed below\napiVersion: modelgate.dev/v1\nkind: ModelRelease\n\
         metadata: {name: m, version: '1'}\nspec:\n  riskTier: high\n  datasets:\n    - data/a.json\n    - a.json\n",
    )
    .unwrap();
    let e = locate(dir.path(), &crate::limits::Limits::default())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("line 9"), "{e}");
    assert!(e.contains("/spec/datasets/1"), "{e}");
}

/// The rollback target of an operations plan, attacked: the decision record it names is read
/// beneath the bundle and counts only when a record key (never an evidence key) signed it, as
/// it was signed. Records are made by `record::create`, with keys made here.
mod rollback {
    use crate::decision::{BundleReport, Report, Selection, Verdict};
    use crate::input::{Input, RollbackTarget};
    use crate::verify::dsse::PublicKey;
    use crate::verify::evidence::Trust;
    use crate::verify::sign::SigningKey;
    use base64::Engine as _;
    use p256::pkcs8::EncodePrivateKey;
    use std::path::Path;

    /// The decision time of the runs here.
    const NOW: &str = "2026-11-29T12:00:00Z";
    const RECORD: &str = "records/credit-risk-scorer-2.2.0.record.json";

    fn key(seed: u8) -> SigningKey {
        let sk = p256::SecretKey::from_slice(&[seed; 32]).unwrap();
        SigningKey::from_pkcs8_der(sk.to_pkcs8_der().unwrap().as_bytes()).unwrap()
    }

    /// The gate's key, and the release author's (evidence) key.
    fn gate() -> SigningKey {
        key(7)
    }
    fn author() -> SigningKey {
        key(9)
    }

    /// A signed record of a run at `time` that decided `verdict` on credit-risk-scorer 2.2.0
    /// in production, valid 30 days.
    fn record(signer: &SigningKey, time: &str, verdict: Verdict) -> String {
        let mut b = crate::decision::errored("approved", &crate::Error::Usage(String::new()));
        b.error = None;
        b.verdict = verdict;
        b.name = Some("credit-risk-scorer".into());
        b.version = Some("2.2.0".into());
        b.environment = Some("production".into());
        let bundles: Vec<BundleReport> = vec![b];
        let report = Report::new(
            time.into(),
            &crate::policy::PolicySet::default(),
            &crate::config::Config::default(),
            bundles,
            Vec::new(),
            Selection::All,
        );
        crate::record::create(&report, signer, chrono::Duration::days(30)).unwrap()
    }

    /// A bundle of release 2.3.0 whose operations plan names `record` as its rollback target;
    /// `file`, when given, is written at RECORD.
    fn bundle(record: &str, file: Option<&str>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("modelgate.yaml"),
            "apiVersion: modelgate.dev/v1\nkind: ModelRelease\n\
             metadata: {name: credit-risk-scorer, version: 2.3.0}\n\
             spec:\n  riskTier: high\n  environment: production\n  operations: [operations.yaml]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("operations.yaml"),
            format!(
                "apiVersion: modelgate.dev/v1\nkind: OperationsPlan\nrollback:\n  version: 2.2.0\n  \
                 record: {record:?}\n  procedure: helm rollback credit-risk-scorer\n"
            ),
        )
        .unwrap();
        if let Some(text) = file {
            std::fs::create_dir_all(dir.path().join("records")).unwrap();
            std::fs::write(dir.path().join(RECORD), text).unwrap();
        }
        dir
    }

    fn trust(keys: &[&SigningKey], record_keys: &[&SigningKey]) -> Trust {
        let public = |ks: &[&SigningKey]| -> Vec<PublicKey> {
            ks.iter().map(|k| k.public_key().clone()).collect()
        };
        Trust {
            keys: public(keys),
            record_keys: public(record_keys),
            ..Trust::default()
        }
    }

    fn load(dir: &Path, trust: Trust) -> Input {
        let opts = crate::pipeline::Options {
            now: crate::time::parse(NOW).unwrap(),
            trust,
            ..Default::default()
        };
        crate::pipeline::load_input(dir, &crate::policy::PolicySet::default(), &opts).unwrap()
    }

    fn target(dir: &Path, trust: Trust) -> RollbackTarget {
        load(dir, trust).operations.rollback_target.unwrap()
    }

    /// Nothing of an unverified record reaches the input but its path and digest.
    fn assert_not_verified(t: &RollbackTarget, check: &str) {
        assert!(!t.verified, "{t:?}");
        let failure = t.failure.as_deref().unwrap_or_default();
        assert!(failure.starts_with(&format!("{check}: ")), "{failure}");
        assert!(t.verdict.is_none() && t.time.is_none() && t.expires.is_none());
        assert!(t.key_id.is_none() && t.bundles.is_empty() && !t.expired);
    }

    #[test]
    fn a_record_signed_by_a_record_key_is_verified_and_listed_as_evidence() {
        let text = record(&gate(), "2026-11-28T09:00:00Z", Verdict::Approve);
        let dir = bundle(RECORD, Some(&text));
        let input = load(dir.path(), trust(&[&author()], &[&gate()]));
        let t = input.operations.rollback_target.clone().unwrap();
        assert!(t.verified, "{t:?}");
        assert_eq!(t.failure, None);
        assert_eq!(t.record, RECORD);
        assert_eq!(t.key_id.as_deref(), Some(gate().key_id()));
        assert_eq!(t.verdict, Some(Verdict::Approve));
        assert_eq!(t.time.as_deref(), Some("2026-11-28T09:00:00Z"));
        assert_eq!(t.expires.as_deref(), Some("2026-12-28T09:00:00Z"));
        assert!(!t.expired);
        assert_eq!(t.bundles.len(), 1);
        assert_eq!(t.bundles[0].name.as_deref(), Some("credit-risk-scorer"));
        assert_eq!(t.bundles[0].version.as_deref(), Some("2.2.0"));
        assert_eq!(t.bundles[0].environment.as_deref(), Some("production"));
        assert_eq!(t.bundles[0].verdict, Verdict::Approve);
        let sha256 = hex::encode(crate::digest::Algorithm::Sha256.digest(text.as_bytes()));
        assert_eq!(t.sha256.as_deref(), Some(sha256.as_str()));
        // The record is evidence the decision rests on, by its digest.
        let report = crate::decision::decide(
            "b",
            &input,
            Vec::new(),
            &crate::policy::PolicySet::default(),
            &crate::config::Config::default(),
            crate::time::parse(NOW).unwrap().date_naive(),
            &mut [],
        );
        let e: Vec<_> = report
            .evidence
            .iter()
            .filter(|e| e.kind == "record")
            .collect();
        assert_eq!(e.len(), 1, "{:?}", report.evidence);
        assert_eq!(
            (e[0].path.as_str(), e[0].sha256.as_str()),
            (RECORD, sha256.as_str())
        );
    }

    #[test]
    fn an_expired_record_is_still_authentic() {
        let text = record(&gate(), "2026-10-01T09:00:00Z", Verdict::Approve);
        let dir = bundle(RECORD, Some(&text));
        let t = target(dir.path(), trust(&[], &[&gate()]));
        assert!(t.verified, "{t:?}");
        assert!(t.expired);
        assert_eq!(t.expires.as_deref(), Some("2026-10-31T09:00:00Z"));
        assert_eq!(t.verdict, Some(Verdict::Approve));
    }

    #[test]
    fn a_record_that_blocked_is_verified_with_its_verdict() {
        let text = record(&gate(), "2026-11-28T09:00:00Z", Verdict::Block);
        let dir = bundle(RECORD, Some(&text));
        let t = target(dir.path(), trust(&[], &[&gate()]));
        assert!(t.verified, "{t:?}");
        assert_eq!(t.verdict, Some(Verdict::Block));
        assert_eq!(t.bundles[0].verdict, Verdict::Block);
    }

    #[test]
    fn a_record_signed_by_an_evidence_key_proves_nothing() {
        // The release author holds the evidence key and signs a record approving anything.
        let text = record(&author(), "2026-11-28T09:00:00Z", Verdict::Approve);
        let dir = bundle(RECORD, Some(&text));
        let t = target(dir.path(), trust(&[&author()], &[&gate()]));
        assert_not_verified(&t, "signature");
        // Read all the same: its digest is known.
        assert!(t.sha256.is_some());
        // With no record key at all, the evidence key is not used in its place.
        let t = target(dir.path(), trust(&[&author()], &[]));
        assert_not_verified(&t, "record-key");
    }

    #[test]
    fn a_payload_edited_after_signing_is_not_verified() {
        let text = record(&gate(), "2026-11-28T09:00:00Z", Verdict::Block);
        let mut env: serde_json::Value = serde_json::from_str(&text).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        let payload = b64.decode(env["payload"].as_str().unwrap()).unwrap();
        let mut statement: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        statement["predicate"]["verdict"] = "approve".into();
        statement["predicate"]["bundles"][0]["verdict"] = "approve".into();
        // The decision id is recomputed too: only the signature can tell.
        let id = crate::record::decision_id(&statement["predicate"]);
        statement["predicate"]["decisionId"] = id.into();
        env["payload"] = b64.encode(serde_json::to_vec(&statement).unwrap()).into();
        let dir = bundle(RECORD, Some(&env.to_string()));
        let t = target(dir.path(), trust(&[], &[&gate()]));
        assert_not_verified(&t, "signature");
    }

    #[test]
    fn an_unsigned_envelope_is_not_verified_and_its_payload_not_read() {
        let text = record(&gate(), "2026-11-28T09:00:00Z", Verdict::Approve);
        let mut env: serde_json::Value = serde_json::from_str(&text).unwrap();
        env["signatures"] = serde_json::json!([]);
        let dir = bundle(RECORD, Some(&env.to_string()));
        let t = target(dir.path(), trust(&[], &[&gate()]));
        assert!(!t.verified);
        assert!(t.verdict.is_none() && t.bundles.is_empty(), "{t:?}");
        // A bare statement, no envelope at all.
        let b64 = base64::engine::general_purpose::STANDARD;
        let statement = b64.decode(env["payload"].as_str().unwrap()).unwrap();
        let dir = bundle(RECORD, Some(std::str::from_utf8(&statement).unwrap()));
        let t = target(dir.path(), trust(&[], &[&gate()]));
        assert!(!t.verified);
        assert!(t.verdict.is_none() && t.bundles.is_empty(), "{t:?}");
        let failure = t.failure.unwrap_or_default();
        assert!(failure.starts_with("envelope: "), "{failure}");
        // Named as the plan names it, not by where this machine keeps the bundle.
        assert!(failure.contains(RECORD), "{failure}");
        assert!(!failure.contains(dir.path().to_str().unwrap()), "{failure}");
    }

    #[test]
    fn a_missing_record_is_a_failure_of_the_target_not_of_the_bundle() {
        let dir = bundle(RECORD, None);
        let t = target(dir.path(), trust(&[], &[&gate()]));
        assert_not_verified(&t, "missing");
        assert!(t.sha256.is_none() && t.source.is_none());
    }

    #[test]
    fn a_path_out_of_the_bundle_is_refused() {
        let text = record(&gate(), "2026-11-28T09:00:00Z", Verdict::Approve);
        let outside = tempfile::tempdir().unwrap();
        let abs = outside.path().join("x.record.json");
        std::fs::write(&abs, &text).unwrap();
        for named in ["../x.record.json", abs.to_str().unwrap()] {
            let dir = bundle(named, None);
            let t = target(dir.path(), trust(&[], &[&gate()]));
            assert_not_verified(&t, "outside");
            assert!(t.sha256.is_none(), "{t:?}");
        }
    }

    /// A symlink leading out makes the whole bundle fail to load already (the read stage refuses
    /// it, exit 2, never an approval); the target's own reading refuses it too.
    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_bundle_is_refused() {
        let text = record(&gate(), "2026-11-28T09:00:00Z", Verdict::Approve);
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.record.json"), &text).unwrap();
        let dir = bundle(RECORD, None);
        std::fs::create_dir_all(dir.path().join("records")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.record.json"),
            dir.path().join(RECORD),
        )
        .unwrap();
        let limits = crate::limits::Limits::default();
        let located = crate::bundle::locate(dir.path(), &limits).unwrap();
        let t = super::super::verify::rollback_target(
            &located,
            &crate::bundle::FileTable::default(),
            RECORD,
            &[gate().public_key().clone()],
            crate::time::parse(NOW).unwrap(),
        );
        assert_not_verified(&t, "outside");
        let opts = crate::pipeline::Options {
            trust: trust(&[], &[&gate()]),
            ..Default::default()
        };
        assert!(crate::pipeline::load_input(
            dir.path(),
            &crate::policy::PolicySet::default(),
            &opts
        )
        .is_err());
    }

    #[test]
    fn no_plan_record_no_target() {
        let dir = bundle("", None);
        let input = load(dir.path(), trust(&[], &[&gate()]));
        assert!(input.operations.plan.is_some());
        assert!(input.operations.rollback_target.is_none());
    }
}
