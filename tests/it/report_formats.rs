//! Every report format for an approved, a blocked and a waived example, pinned as snapshots
//! (tests/snapshots/), and each checked against its own standard: SARIF against the SARIF 2.1.0
//! schema, JSON against the report schema, JUnit as XML.
//!
//! The bundles are copied outside the repository and checked from there, so that the snapshots
//! hold no commit id, machine path or work-tree state. Review a changed snapshot and accept it
//! with `INSTA_UPDATE=always cargo test --test it report_formats` (or `cargo insta review`).

use crate::common;
use common::{copy_tree, root, stdout, NOW};

use std::process::{Command, Output};

const FORMATS: &[&str] = &[
    "text",
    "json",
    "junit",
    "markdown",
    "sarif",
    "codequality",
    "html",
];

/// A scratch folder with copies of the named examples and the waivers file.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(examples: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for e in examples {
            copy_tree(&root().join("examples").join(e), &dir.path().join(e));
        }
        std::fs::write(
            dir.path().join("waivers.yaml"),
            "waivers:\n  - rule: sbom-license-denied\n    target: \"pkg:pypi/mongo-feature-cache@*\"\n    reason: Legal approved internal use, LEGAL-142\n    approvedBy: jane.doe@example.com\n    expires: 2027-01-31\n  - rule: rob-report-stale\n    reason: Re-run scheduled\n    approvedBy: bob@example.com\n    expires: 2026-10-01\n  - rule: gdpr-dpia\n    reason: Not needed\n    approvedBy: x@example.com\n    expires: 2027-01-01\n",
        )
        .unwrap();
        Workspace { dir }
    }

    fn run(&self, args: &[&str]) -> Output {
        let key = root().join("examples/release.pub");
        let mut full: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        if args.first() == Some(&"check") {
            full.splice(
                1..1,
                [
                    "--key".to_string(),
                    key.display().to_string(),
                    "--record-key".to_string(),
                    root().join("examples/gate.pub").display().to_string(),
                    "--now".into(),
                    NOW.into(),
                ],
            );
        }
        Command::new(env!("CARGO_BIN_EXE_modelgate"))
            .args(&full)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run modelgate")
    }
}

/// The cases: (snapshot name, bundle, extra flags, expected exit code).
const CASES: &[(&str, &str, &[&str], i32)] = &[
    ("approved", "approved", &[], 0),
    ("blocked_gdpr", "blocked-gdpr", &[], 1),
    (
        "waived_robustness",
        "blocked-robustness",
        &["--waivers", "waivers.yaml"],
        1,
    ),
];

#[test]
fn every_format_matches_its_snapshot_and_is_deterministic() {
    let ws = Workspace::new(&["approved", "blocked-gdpr", "blocked-robustness"]);
    for (name, bundle, extra, code) in CASES {
        for format in FORMATS {
            let mut args = vec!["check", bundle, "--format", format];
            args.extend_from_slice(extra);
            let o = ws.run(&args);
            assert_eq!(
                o.status.code(),
                Some(*code),
                "{name} {format}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let out = stdout(&o);
            let again = stdout(&ws.run(&args));
            assert_eq!(out, again, "{name} {format}: two runs differ");
            insta::assert_snapshot!(format!("{name}.{format}"), out);
        }
    }
}

/// The signed decision record of each case: the envelope is pinned byte for byte (the test-only
/// key signs deterministically) and its statement, decoded, is the readable snapshot.
#[test]
fn decision_records_match_their_snapshots() {
    use base64::Engine as _;
    let ws = Workspace::new(&["approved", "blocked-gdpr", "blocked-robustness"]);
    let key = root().join("tests/fixtures/record/test-only-p256.pem");
    for (name, bundle, extra, code) in CASES {
        let mut args = vec![
            "check",
            bundle,
            "--record",
            "record.json",
            "--sign-key",
            key.to_str().unwrap(),
            "-o",
            "json=report.json",
        ];
        args.extend_from_slice(extra);
        let o = ws.run(&args);
        assert_eq!(o.status.code(), Some(*code), "{name}");
        let envelope = std::fs::read_to_string(ws.dir.path().join("record.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&envelope).unwrap();
        let payload = base64::engine::general_purpose::STANDARD
            .decode(v["payload"].as_str().unwrap())
            .unwrap();
        let statement: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        insta::assert_snapshot!(
            format!("{name}.record"),
            serde_json::to_string_pretty(&statement).unwrap()
        );
        insta::assert_snapshot!(format!("{name}.record-envelope"), envelope);
    }
}

#[test]
fn several_formats_in_one_run_equal_the_single_format_runs() {
    let ws = Workspace::new(&["blocked-gdpr"]);
    let mut args = vec!["check", "blocked-gdpr"];
    let specs: Vec<String> = FORMATS.iter().map(|f| format!("{f}=out.{f}")).collect();
    for s in &specs {
        args.push("-o");
        args.push(s);
    }
    let o = ws.run(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        o.stdout.is_empty(),
        "nothing on stdout when every format goes to a file"
    );
    for f in FORMATS {
        let written = std::fs::read_to_string(ws.dir.path().join(format!("out.{f}"))).unwrap();
        let single = stdout(&ws.run(&["check", "blocked-gdpr", "--format", f]));
        assert_eq!(written, single, "{f}");
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let ws = Workspace::new(&["approved", "blocked-gdpr", "blocked-robustness"]);
    for (name, bundle, extra, _) in CASES {
        let mut args = vec!["check", bundle, "--format", "sarif"];
        args.extend_from_slice(extra);
        let v: serde_json::Value = serde_json::from_str(&stdout(&ws.run(&args))).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert_eq!(v["version"], "2.1.0");
    }
    // The validator is not vacuous: a result without its required message is refused.
    let mut broken: serde_json::Value =
        serde_json::from_str(&stdout(&ws.run(&["check", "blocked-gdpr", "-f", "sarif"]))).unwrap();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_locates_results_and_suppresses_waived_findings() {
    let ws = Workspace::new(&["blocked-gdpr", "blocked-robustness"]);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&ws.run(&["check", "blocked-gdpr", "-f", "sarif"]))).unwrap();
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        // Each result points at its rule by index, and at a file in the checkout.
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("blocked-gdpr/"), "{uri}");
        assert!(ws.dir.path().join(uri).exists(), "{uri} exists");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    }
    let lawful = results
        .iter()
        .find(|r| r["ruleId"] == "gdpr-lawful-basis")
        .expect("the lawful-basis finding");
    assert_eq!(lawful["level"], "error");
    assert!(
        lawful["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 1
    );
    let rule = rules
        .iter()
        .find(|r| r["id"] == "gdpr-lawful-basis")
        .unwrap();
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("GDPR Art. 6"));
    assert!(rule["properties"]["security-severity"].is_string());

    let v: serde_json::Value = serde_json::from_str(&stdout(&ws.run(&[
        "check",
        "blocked-robustness",
        "-f",
        "sarif",
        "--waivers",
        "waivers.yaml",
    ])))
    .unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let waived: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .collect();
    assert!(
        !waived.is_empty(),
        "the waived finding is a suppressed result"
    );
    for w in &waived {
        assert_eq!(w["ruleId"], "sbom-license-denied");
        let s = &w["suppressions"][0];
        assert_eq!(s["kind"], "external");
        assert_eq!(s["status"], "accepted");
        assert_eq!(s["justification"], "Legal approved internal use, LEGAL-142");
        assert_eq!(s["properties"]["approvedBy"], "jane.doe@example.com");
    }
    // A finding whose waiver expired is not suppressed: it blocks again.
    let stale = results
        .iter()
        .find(|r| r["ruleId"] == "rob-report-stale")
        .expect("rob-report-stale result");
    assert!(stale["suppressions"].is_null());
    assert_eq!(
        stale["properties"]["expiredWaiver"]["approvedBy"],
        "bob@example.com"
    );
    // The unused waiver is itself a result, located in the waivers file.
    let unused = results
        .iter()
        .find(|r| r["ruleId"] == "waiver-unused")
        .expect("waiver-unused result");
    assert!(unused["suppressions"].is_null());
    let loc = &unused["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "waivers.yaml");
    assert_eq!(loc["region"]["startLine"], 11);
}

#[test]
fn an_errored_bundle_is_an_unsuccessful_invocation_in_sarif() {
    let ws = Workspace::new(&[]);
    std::fs::create_dir(ws.dir.path().join("broken")).unwrap();
    std::fs::write(ws.dir.path().join("broken/modelgate.yaml"), "apiVersion: [").unwrap();
    let o = ws.run(&["check", "broken", "-f", "sarif"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(inv["exitCode"], 2);
    let note = inv["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(note.contains("modelgate.yaml"), "{note}");
    assert!(sarif_validator().is_valid(&v));
}
