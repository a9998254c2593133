//! `check --format codequality`: the GitLab Code Quality array, each entry with the fields GitLab
//! needs, fingerprints unique within a report and the same across runs.

use crate::common;
use common::{modelgate, root, NOW};

use std::collections::BTreeSet;

const SEVERITIES: &[&str] = &["info", "minor", "major", "critical", "blocker"];

fn codequality(bundles: &[&str], extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec![
        "check",
        "--key",
        "examples/release.pub",
        "--record-key",
        "examples/gate.pub",
        "--now",
        NOW,
        "--format",
        "codequality",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(bundles);
    let o = modelgate(&args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (
        o.status.code().unwrap(),
        v.as_array().expect("a JSON array").clone(),
    )
}

#[test]
fn entries_have_the_fields_gitlab_needs() {
    let bundles = [
        "examples/blocked-gdpr",
        "examples/blocked-sbom",
        "examples/blocked-undocumented",
        "examples/approved",
    ];
    let (code, issues) = codequality(&bundles, &[]);
    assert_eq!(code, 1);
    assert!(issues.len() > 10, "{}", issues.len());
    for i in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(
                i[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} missing: {i}"
            );
        }
        assert!(SEVERITIES.contains(&i["severity"].as_str().unwrap()), "{i}");
        let fp = i["fingerprint"].as_str().unwrap();
        assert!(
            fp.len() == 32 && fp.chars().all(|c| c.is_ascii_hexdigit()),
            "{fp}"
        );
        let path = i["location"]["path"].as_str().unwrap();
        assert!(
            // A bundle without a manifest has no file for findings about it as a whole.
            bundles
                .iter()
                .any(|b| path.starts_with(&format!("{b}/")) || path == *b),
            "path relative to the repository root: {path}"
        );
        assert!(root().join(path).exists(), "{path} exists");
        assert!(
            i["location"]["lines"]["begin"].as_u64().unwrap() >= 1,
            "{i}"
        );
    }
    // A finding located on a line keeps it; one about the whole bundle points at its manifest.
    let lawful = issues
        .iter()
        .find(|i| i["check_name"] == "gdpr-lawful-basis")
        .unwrap();
    assert_eq!(
        lawful["location"]["path"],
        "examples/blocked-gdpr/data/dataset.yaml"
    );
    assert!(lawful["location"]["lines"]["begin"].as_u64().unwrap() > 1);
    assert_eq!(lawful["severity"], "blocker", "critical maps to blocker");
    // The approved bundle contributes nothing but the warning on its unsigned test report (a
    // high-risk duty from 2 Dec 2027), as a minor issue that does not block a merge request.
    let approved: Vec<_> = issues
        .iter()
        .filter(|i| {
            i["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("examples/approved/")
        })
        .collect();
    assert!(
        approved
            .iter()
            .all(|i| i["check_name"] == "hr-test-report-signed" && i["severity"] != "blocker"),
        "{approved:?}"
    );
}

#[test]
fn fingerprints_are_unique_and_stable() {
    let bundles = [
        "examples/blocked-gdpr",
        "examples/blocked-ccpa",
        "examples/blocked-robustness",
        "examples/blocked-sbom",
        "examples/blocked-undocumented",
    ];
    let (_, first) = codequality(&bundles, &[]);
    let fps: Vec<&str> = first
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&str> = fps.iter().copied().collect();
    assert_eq!(unique.len(), fps.len(), "duplicate fingerprints");

    // Another run, at another time and with the bundles in another order: same fingerprints.
    let reversed: Vec<&str> = bundles.iter().rev().copied().collect();
    let o = modelgate(&[
        "check",
        "--key",
        "examples/release.pub",
        "--record-key",
        "examples/gate.pub",
        "--now",
        "2026-12-01T08:00:00Z",
        "-o",
        "codequality=/dev/stdout",
        reversed[0],
        reversed[1],
        reversed[2],
        reversed[3],
        reversed[4],
    ]);
    let second: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let again: BTreeSet<&str> = second
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(unique, again);
}

#[test]
fn waived_findings_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "waivers:\n  - rule: sbom-license-denied\n    reason: Legal approved, LEGAL-142\n    approvedBy: jane.doe@example.com\n    expires: 2027-01-31\n",
    )
    .unwrap();
    let (_, plain) = codequality(&["examples/blocked-sbom"], &[]);
    assert!(plain
        .iter()
        .any(|i| i["check_name"] == "sbom-license-denied"));
    let (_, waived) = codequality(
        &["examples/blocked-sbom"],
        &["--waivers", waivers.to_str().unwrap()],
    );
    assert!(!waived
        .iter()
        .any(|i| i["check_name"] == "sbom-license-denied"));
    // The waivers file is named in one informational issue about the run's configuration.
    let config: Vec<&serde_json::Value> = waived
        .iter()
        .filter(|i| i["check_name"] == "modelgate-configuration")
        .collect();
    assert_eq!(config.len(), 1, "{waived:#?}");
    assert_eq!(config[0]["severity"], "info");
    assert!(config[0]["description"]
        .as_str()
        .unwrap()
        .contains("waivers.yaml"));
    assert_eq!(
        waived.len() - 1,
        plain.len()
            - plain
                .iter()
                .filter(|i| i["check_name"] == "sbom-license-denied")
                .count()
    );
}

#[test]
fn an_error_is_a_blocker() {
    let (code, issues) = codequality(&["examples/no-such-bundle"], &[]);
    assert_eq!(code, 2);
    assert_eq!(issues.len(), 1);
    // The problem's own code, explainable with `modelgate explain`.
    assert_eq!(issues[0]["check_name"], "invalid-bundle");
    assert_eq!(issues[0]["severity"], "blocker");
    assert_eq!(issues[0]["location"]["path"], "examples/no-such-bundle");
}
