//! The binary end to end: every example's decision, each subcommand, malformed input of each
//! format (exit 2 with file and location), determinism and the report schema.

use crate::common;
use common::{root, stderr, stdout, NOW};

use std::path::Path;
use std::process::Output;

/// The public key that signed the example models (examples/*/model.sig).
const KEY: &str = "examples/release.pub";
/// The public key of the gate that signed the example decision records.
const GATE_KEY: &str = "examples/gate.pub";

/// Runs modelgate; `check` and `input` get the examples' signing key and the gate's record
/// key, as a user passes theirs.
fn modelgate(args: &[&str]) -> Output {
    let mut full = args.to_vec();
    if matches!(args.first(), Some(&"check") | Some(&"input")) {
        full.splice(1..1, ["--key", KEY, "--record-key", GATE_KEY]);
    }
    common::modelgate(&full)
}

fn check_json(bundle: &Path) -> (i32, serde_json::Value) {
    check_json_with(bundle.to_str().unwrap(), &[])
}

/// `check BUNDLE EXTRA... --format json --now NOW`: the exit code and the JSON report.
fn check_json_with(bundle: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    check_json_at(bundle, NOW, extra)
}

/// `check BUNDLE EXTRA... --format json --now now`: the exit code and the JSON report.
fn check_json_at(bundle: &str, now: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", bundle, "--format", "json", "--now", now];
    args.extend_from_slice(extra);
    let o = modelgate(&args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&o), stderr(&o)));
    (o.status.code().unwrap(), v)
}

/// The keyless signer of the Sigstore conformance bundles (its GitHub workflow identity).
const CONFORMANCE_IDENTITY: &str = "https://token.actions.githubusercontent.com=https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

/// `modelgate input BUNDLE` trusting the public-good root and the conformance signer.
fn input_trusting_conformance_signer(data: &Path, bundle: &str) -> serde_json::Value {
    let root_json = data.join("production-trusted_root.json");
    let o = modelgate(&[
        "input",
        bundle,
        "--trusted-root",
        root_json.to_str().unwrap(),
        "--identity",
        CONFORMANCE_IDENTITY,
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Checks `bundle` (JSON report), expects a block, and asserts that a finding of `rule` says `text`.
fn assert_blocks_with(bundle: &str, rule: &str, text: &str) {
    let o = modelgate(&["check", bundle, "--format", "json", "--now", NOW]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["bundles"][0]["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["rule_id"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {findings:#?}"));
    let message = f["message"].as_str().unwrap();
    assert!(message.contains(text), "{rule}: {message}");
}

fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "deny")
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

/// Every bundle in examples/ is run and its decision asserted (examples double as fixtures).
#[test]
fn examples_decide_as_documented() {
    let cases: &[(&str, i32, &[&str])] = &[
        ("examples/approved", 0, &[]),
        ("examples/blocked-sbom", 1, &["sbom-component-banned"]),
        (
            "examples/blocked-operations",
            1,
            &[
                "ops-drift-exceeded",
                "ops-metric-alert",
                "ops-staged-rollout",
            ],
        ),
        ("examples/advisory-jailbreak", 0, &[]),
        (
            "examples/blocked-tampered",
            1,
            &["prov-signature-invalid", "prov-artifact-unsigned"],
        ),
        (
            "examples/blocked-provenance",
            1,
            &["prov-artifact-not-covered", "prov-builder-not-allowed"],
        ),
        ("examples/blocked-ccpa", 1, &["ccpa-minors-opt-in"]),
        ("examples/blocked-ccpa-admt", 1, &["ccpa-risk-assessment"]),
        (
            "examples/blocked-gdpr-transfer",
            1,
            &["gdpr-transfer-mechanism"],
        ),
        (
            "examples/blocked-erasure",
            1,
            &["gdpr-erasure-propagation", "ccpa-deletion-propagation"],
        ),
        (
            "examples/blocked-gpai",
            1,
            &["gpai-copyright-policy", "gpai-training-summary"],
        ),
        (
            "examples/blocked-aiact-prohibited",
            1,
            &[
                "ai-act-prohibited-practice",
                "ai-act-tier-understated",
                "ai-act-art50-emotion-biocat-notice",
            ],
        ),
        (
            "examples/blocked-aiact-chatbot",
            1,
            &[
                "ai-act-art50-interaction-disclosure",
                "ai-act-art50-output-marking",
            ],
        ),
        (
            "examples/blocked-gdpr",
            1,
            &[
                "gdpr-lawful-basis",
                "gdpr-special-category-condition",
                "gdpr-dpia",
                "gdpr-transfer-mechanism",
                "ccpa-opt-out",
            ],
        ),
        (
            "examples/blocked-robustness",
            1,
            &[
                "rob-model-digest",
                "rob-robust-accuracy",
                "rob-success-rate",
                "rob-accuracy-drop",
                "rob-sample-count",
                "rob-report-stale",
                "sbom-license-denied",
            ],
        ),
        (
            "examples/blocked-undocumented",
            1,
            &[
                "doc-intended-use",
                "doc-limitations",
                "doc-training-data",
                "doc-human-oversight",
                "doc-contact",
                "doc-section-missing",
                "doc-version-missing",
                "doc-intended-deployment",
                "rob-report-missing",
                "doc-metrics-missing",
            ],
        ),
        // modelgate itself, a software release at risk tier minimal (tests/it/self_bundle.rs).
        ("examples/self", 0, &[]),
    ];
    // The high-risk duties apply from 2 Dec 2027 (regime eu-ai-act-high-risk): until then the
    // example's findings warn and it is approved; from then on it is blocked.
    let high_risk: &[(&str, i32, &[&str])] = &[(
        "examples/blocked-high-risk-duties",
        1,
        &[
            "hr-accuracy-overstated",
            "hr-conformity-assessment",
            "hr-eu-database-registration",
            "hr-deployer-log-retention",
            "hr-fria",
            "hr-fria-notified",
        ],
    )];
    let listed: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path().is_dir()
                && (e.path().join("modelgate.yaml").exists() || e.path().join("README.md").exists())
        })
        .map(|e| format!("examples/{}", e.file_name().to_string_lossy()))
        .collect();
    for l in &listed {
        assert!(
            cases.iter().chain(high_risk).any(|c| c.0 == l),
            "{l} has no asserted decision in this test"
        );
    }
    let (got, report) = check_json_with("examples/blocked-high-risk-duties", &[]);
    assert_eq!(got, 0, "before 2027-12-02: {report:#}");
    let warned: Vec<&str> = report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "warn")
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    for r in high_risk[0].2 {
        assert!(
            warned.contains(r),
            "{r} should warn before 2027-12-02: {warned:?}"
        );
    }
    let runs = cases
        .iter()
        .map(|c| (c, NOW))
        .chain(high_risk.iter().map(|c| (c, "2028-01-15T00:00:00Z")));
    for ((bundle, code, rules), now) in runs {
        let (got, report) = check_json_at(bundle, now, &[]);
        assert_eq!(got, *code, "{bundle}: {report:#}");
        let ids = rule_ids(&report);
        for r in *rules {
            assert!(
                ids.iter().any(|i| i == r),
                "{bundle}: expected {r} in {ids:?}"
            );
        }
        if *code == 0 {
            assert!(ids.is_empty(), "{bundle}: {ids:?}");
            assert_eq!(report["verdict"], "approve");
        } else {
            assert_eq!(report["verdict"], "block");
        }
    }
}

#[test]
fn text_output_names_rule_location_and_fix() {
    let o = modelgate(&["check", "examples/blocked-gdpr", "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("BLOCK examples/blocked-gdpr  credit-risk-scorer 2.3.0"),
        "{out}"
    );
    assert!(
        out.contains("DENY gdpr-lawful-basis [critical] Personal data needs a lawful basis"),
        "{out}"
    );
    assert!(out.contains("at data/dataset.yaml:9"), "{out}");
    assert!(out.contains("controls: GDPR Art. 6(1)"), "{out}");
    assert!(out.contains("fix: State personalData.lawfulBasis"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn convention_discovery_tells_what_was_found() {
    let o = modelgate(&["check", "examples/blocked-undocumented", "--now", NOW]);
    let out = stdout(&o);
    assert!(
        out.contains("no modelgate.yaml: evidence found by convention"),
        "{out}"
    );
    assert!(out.contains("model_card: README.md"), "{out}");
    assert!(out.contains("sbom: sbom.cdx.json"), "{out}");
    assert!(
        out.contains("artifact: model/config.json, model/model.safetensors"),
        "{out}"
    );
}

#[test]
fn several_bundles_block_when_one_blocks() {
    let o = modelgate(&[
        "check",
        "examples/approved",
        "examples/blocked-robustness",
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["bundles"], 2);
    assert_eq!(v["summary"]["approved"], 1);
    assert_eq!(v["summary"]["blocked"], 1);
    assert_eq!(v["bundles"][0]["verdict"], "approve");
}

#[test]
fn json_report_validates_against_schema_and_is_deterministic() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for b in [
        "examples/approved",
        "examples/blocked-gdpr",
        "examples/blocked-undocumented",
    ] {
        let a = modelgate(&["check", b, "--format", "json", "--now", NOW]);
        let again = modelgate(&["check", b, "--format", "json", "--now", NOW]);
        assert_eq!(
            a.stdout, again.stdout,
            "{b}: same inputs and --now must give identical output"
        );
        let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{b}: {errors:#?}");
        // Every piece of evidence is named with its digest.
        for e in v["bundles"][0]["evidence"].as_array().unwrap() {
            assert_eq!(e["sha256"].as_str().unwrap().len(), 64);
        }
    }
}

#[test]
fn input_subcommand_prints_the_normalized_document() {
    let o = modelgate(&["input", "examples/approved", "--now", NOW]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["manifest"]["name"], "credit-risk-scorer");
    assert_eq!(v["manifest"]["risk_tier"], "high");
    assert_eq!(
        v["manifest"]["jurisdictions"],
        serde_json::json!(["EU", "US-CA"])
    );
    assert_eq!(v["model"]["version"], "2.3.0");
    assert_eq!(v["model"]["license"], "apache-2.0");
    assert_eq!(v["model"]["sections"]["human_oversight"]["present"], true);
    assert_eq!(
        v["datasets"][0]["personal_data"]["lawful_basis"],
        "legitimate_interests"
    );
    assert_eq!(v["datasets"][0]["personal_data"]["retention_days"], 730);
    assert_eq!(v["sboms"][0]["format"], "cyclonedx");
    assert_eq!(v["sboms"][0]["spec_version"], "1.6");
    assert_eq!(v["robustness"][0]["attacks"][1]["name"], "pgd");
    assert_eq!(v["context"]["now"], NOW);
    let art = v["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == "model/model.safetensors")
        .unwrap();
    assert_eq!(
        art["sha256"],
        "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"
    );
    assert_eq!(art["size"], 3204);
    // The input validates against its published schema.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/input.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn policies_explain_schema_and_test_subcommands() {
    let o = modelgate(&["policies"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for id in [
        "doc-section-missing",
        "gdpr-lawful-basis",
        "ccpa-opt-out",
        "rob-robust-accuracy",
        "sbom-missing",
    ] {
        assert!(out.contains(id), "{id} not listed: {out}");
    }
    let o = modelgate(&["explain", "gdpr-dpia"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("GDPR Art. 35(1)"));
    assert!(stdout(&o).contains("Remediation:"));
    let o = modelgate(&["explain", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no rule with id `no-such-rule`"));
    let o = modelgate(&["schema", "manifest"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("riskTier"));
    let o = modelgate(&["schema", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let o = modelgate(&["test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" passed, 0 failed"));
}

/// A copy of the approved example in a temporary folder, to break one file at a time.
fn scratch_bundle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/approved"), dir.path());
    dir
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

/// Breaks one file of a copy of the approved bundle; the check must exit 2 and the message name
/// the file and the expected fragment (line, pointer, reason); never a panic or an approval.
fn assert_malformed(file: &str, content: &str, expect: &[&str]) {
    let dir = scratch_bundle();
    std::fs::write(dir.path().join(file), content).unwrap();
    let o = modelgate(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(2), "{file}: {out}");
    assert!(!out.contains("panicked"), "{out}");
    assert!(out.contains(file), "{file} not named: {out}");
    for e in expect {
        assert!(mentions(&out, e), "{file}: expected `{e}` in: {out}");
    }
}

/// Whether the terminal output says `e`; "line N" is said as `file:N:column` (or `file:N`)
/// above the source line, as the diagnostic's caret view writes it.
fn mentions(out: &str, e: &str) -> bool {
    match e
        .strip_prefix("line ")
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(n) => out.contains(&format!(":{n}:")) || out.contains(&format!(":{n}\n")),
        None => out.contains(e),
    }
}

#[test]
fn malformed_manifest() {
    assert_malformed(
        "modelgate.yaml",
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: [oops\n",
        &["line 3"],
    );
    assert_malformed(
        "modelgate.yaml",
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: {name: x, version: 1.0.0}\nspec:\n  riskTier: extreme\n",
        &["line 5", "/spec/riskTier", "unknown variant `extreme`"],
    );
    assert_malformed(
        "modelgate.yaml",
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: {version: 1.0.0}\nspec: {riskTier: high}\n",
        &["missing field `name`"],
    );
    assert_malformed(
        "modelgate.yaml",
        "apiVersion: v2\nkind: ModelRelease\nmetadata: {name: x, version: 1.0.0}\nspec: {riskTier: high}\n",
        &["line 1", "apiVersion must be `modelgate.dev/v1`"],
    );
    assert_malformed(
        "modelgate.yaml",
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: {name: x, version: 1.0.0}\nspec:\n  riskTier: high\n  datasets: [data/missing.yaml, ../outside.yaml]\n",
        &["line 6", "data/missing.yaml` does not exist", "../outside.yaml` must be a path inside the bundle"],
    );
}

#[test]
fn malformed_model_card() {
    assert_malformed(
        "README.md",
        "---\nlicense: mit\n# Card\n\nno closing fence\n",
        &["line 1"],
    );
    // A model-index mapping (not a list) is skipped and the card kept (doc-model-index-ignored
    // warns); a scalar is an error at its line.
    assert_malformed(
        "README.md",
        "---\nlicense: mit\nmodel-index: x\n---\n# Card\n",
        &["line 3"],
    );
}

#[test]
fn malformed_datasheet() {
    let good = std::fs::read_to_string(root().join("examples/approved/data/dataset.yaml")).unwrap();
    let bad = good.replace(
        "lawfulBasis: legitimate_interests",
        "lawfulBasis: because_we_can",
    );
    assert_malformed(
        "data/dataset.yaml",
        &bad,
        &["line 13", "/personalData/lawfulBasis", "because_we_can"],
    );
    let bad = good.replace("retentionDays: 730", "retentionDays: two years");
    assert_malformed("data/dataset.yaml", &bad, &["line 22", "retentionDays"]);
}

#[test]
fn malformed_sbom() {
    let good =
        std::fs::read_to_string(root().join("examples/approved/sbom/image.cdx.json")).unwrap();
    assert_malformed(
        "sbom/image.cdx.json",
        &good[..good.len() / 2],
        &["image.cdx.json:", "error[invalid-json]", "^"],
    );
    assert_malformed(
        "sbom/image.cdx.json",
        "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": 7}",
        &["/components"],
    );
}

#[test]
fn malformed_robustness() {
    let good =
        std::fs::read_to_string(root().join("examples/approved/eval/robustness.json")).unwrap();
    let bad = good.replace("\"robustAccuracy\": 0.806", "\"robustAccuracy\": 80.6");
    assert_malformed("eval/robustness.json", &bad, &["/attacks/1/robustAccuracy"]);
    let bad = good.replace("\"samples\": 1000", "\"samples\": \"many\"");
    assert_malformed(
        "eval/robustness.json",
        &bad,
        &["line 40", "/attacks/2/samples"],
    );
}

#[test]
fn invalid_utf8_is_located() {
    let dir = scratch_bundle();
    let mut bytes = b"---\nlicense: mit\n---\n# Card\n\nfine\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    std::fs::write(dir.path().join("README.md"), bytes).unwrap();
    let o = modelgate(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        mentions(&stdout(&o), "line 7") && stdout(&o).contains("invalid UTF-8"),
        "{}",
        stdout(&o)
    );
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_bundle_is_refused() {
    let dir = scratch_bundle();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "{}").unwrap();
    std::fs::remove_file(dir.path().join("eval/robustness.json")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("eval/robustness.json")).unwrap();
    let o = modelgate(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("resolves outside the bundle"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn user_policies_and_parameters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("owner.rego"),
        "package modelgate.org\n\n# METADATA\n# title: Releases name an owner\n# custom:\n#   id: org-owner\n#   severity: medium\n#   controls: [\"ISO/IEC 42001 A.3.2\"]\n#   remediation: Set metadata.owner.\ndeny contains f if {\n\tnot endswith(input.manifest.owner, \"@example.org\")\n\tf := {\"id\": \"org-owner\", \"msg\": \"owner is not an example.org address\", \"file\": \"modelgate.yaml\"}\n}\n",
    )
    .unwrap();
    let p = dir.path().to_str().unwrap();
    let (code, v) = check_json_with("examples/approved", &["--policy", p]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&v), vec!["org-owner"]);
    assert_eq!(
        v["bundles"][0]["findings"][0]["controls"][0],
        "ISO/IEC 42001 A.3.2"
    );
    // Only the user policy: built-ins off.
    let o = modelgate(&["policies", "--no-builtin", "--policy", p]);
    assert_eq!(stdout(&o).lines().count(), 1);

    // A parameter tightens a built-in threshold: robust accuracy 0.806 < 0.9 now blocks.
    let params = dir.path().join("params.yaml");
    std::fs::write(
        &params,
        "modelgate:\n  params:\n    robustness:\n      min_robust_accuracy: 0.9\n",
    )
    .unwrap();
    let (code, v) = check_json_with("examples/approved", &["--data", params.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        rule_ids(&v).iter().all(|r| r == "rob-robust-accuracy"),
        "{:?}",
        rule_ids(&v)
    );
}

#[test]
fn broken_policy_fails_closed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.rego"),
        "package modelgate.bad\n\ndeny contains f if {\n\tf := \n}\n",
    )
    .unwrap();
    let o = modelgate(&[
        "check",
        "examples/approved",
        "--policy",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.rego"), "{}", stderr(&o));
    // A policy that errors at evaluation time (not at compile time) also fails closed.
    std::fs::write(
        dir.path().join("bad.rego"),
        "package modelgate.bad\n\ndeny contains f if {\n\tx := {\"a\": 1, \"a\": 2}\n\tf := x\n}\n",
    )
    .unwrap();
    let o = modelgate(&[
        "check",
        "examples/approved",
        "--policy",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_ne!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn missing_bundle_and_bad_now_are_errors() {
    let o = modelgate(&["check", "examples/does-not-exist"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("examples/does-not-exist"),
        "{}",
        stdout(&o)
    );
    let o = modelgate(&["check", "examples/approved", "--now", "yesterday"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("RFC 3339"));
}

#[test]
fn waivers_accept_findings_and_report_expired_and_unused_ones() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "waivers:\n  - rule: sbom-license-denied\n    target: \"pkg:pypi/mongo-feature-cache@*\"\n    reason: Legal approved internal use, LEGAL-142\n    approvedBy: jane.doe@example.com\n    expires: 2027-01-31\n  - rule: rob-report-stale\n    reason: Re-run scheduled\n    approvedBy: bob@example.com\n    expires: 2026-10-01\n  - rule: gdpr-dpia\n    reason: Not needed\n    approvedBy: x@example.com\n    expires: 2027-01-01\n",
    )
    .unwrap();
    let o = modelgate(&[
        "check",
        "examples/blocked-robustness",
        "--waivers",
        waivers.to_str().unwrap(),
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["bundles"][0]["findings"].as_array().unwrap();
    let lic = findings
        .iter()
        .find(|f| f["rule_id"] == "sbom-license-denied")
        .unwrap();
    assert_eq!(lic["waiver"]["approved_by"], "jane.doe@example.com");
    assert_eq!(lic["waiver"]["expired"], false);
    let stale = findings
        .iter()
        .find(|f| f["rule_id"] == "rob-report-stale")
        .unwrap();
    assert_eq!(
        stale["waiver"]["expired"], true,
        "an expired waiver no longer applies"
    );
    let run: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(run, vec!["waiver-expired", "waiver-unused"]);
    assert_eq!(v["findings"][1]["location"]["line"], 11);
    assert!(v["summary"]["waived"].as_u64().unwrap() >= 1);
    assert_eq!(o.status.code(), Some(1), "other denies still block");

    // A waiver with a bad date is an error naming the file, line and pointer.
    std::fs::write(
        &waivers,
        "- rule: x\n  reason: r\n  approvedBy: a\n  expires: soon\n",
    )
    .unwrap();
    let o = modelgate(&[
        "check",
        "examples/approved",
        "--waivers",
        waivers.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("line 1") && stderr(&o).contains("/0/expires"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn waiving_every_deny_approves() {
    let (_, v) = check_json(&root().join("examples/blocked-robustness"));
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from("waivers:\n");
    for f in v["bundles"][0]["findings"].as_array().unwrap() {
        yaml.push_str(&format!(
            "  - rule: {}\n    reason: accepted for the test\n    approvedBy: qa@example.com\n    expires: 2026-12-31\n",
            f["rule_id"].as_str().unwrap()
        ));
    }
    let waivers = dir.path().join("w.yaml");
    std::fs::write(&waivers, yaml).unwrap();
    let o = modelgate(&[
        "check",
        "examples/blocked-robustness",
        "--waivers",
        waivers.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("WAIVED"));
}

#[test]
fn enforcement_levels_per_environment() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(
        &config,
        "apiVersion: modelgate.dev/v1\nkind: Config\nenforcement:\n  - rule: \"gdpr-*\"\n    environments: [staging]\n    level: warn\n  - rule: \"ccpa-*\"\n    level: warn\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    // blocked-gdpr is a production release: GDPR rules stay deny, CCPA rules become warnings.
    let o = modelgate(&[
        "check",
        "examples/blocked-gdpr",
        "--config",
        c,
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["bundles"][0]["findings"].as_array().unwrap();
    let opt_out = findings
        .iter()
        .find(|f| f["rule_id"] == "ccpa-opt-out")
        .unwrap();
    assert_eq!(opt_out["level"], "warn");
    assert_eq!(opt_out["declared_level"], "deny");
    assert!(opt_out["enforcement"].as_str().unwrap().contains("ccpa-*"));
    let basis = findings
        .iter()
        .find(|f| f["rule_id"] == "gdpr-lawful-basis")
        .unwrap();
    assert_eq!(basis["level"], "deny");
    assert_eq!(o.status.code(), Some(1));

    // The same release in staging: every GDPR and CCPA finding is a warning.
    let staged = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/blocked-gdpr"), staged.path());
    let m = std::fs::read_to_string(staged.path().join("modelgate.yaml")).unwrap();
    std::fs::write(
        staged.path().join("modelgate.yaml"),
        m.replace("environment: production", "environment: staging"),
    )
    .unwrap();
    let o = modelgate(&[
        "check",
        staged.path().to_str().unwrap(),
        "--config",
        c,
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let denies: Vec<&serde_json::Value> = v["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "deny" && f["rule_id"].as_str().unwrap().starts_with("gdpr-"))
        .collect();
    assert!(denies.is_empty(), "{denies:?}");
}

/// policies/README.md is the generated rule catalogue; regenerate with
/// `cargo run -- policies --format markdown > policies/README.md`.
#[test]
fn rule_catalogue_is_current_and_cited() {
    let o = modelgate(&["policies", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let have = std::fs::read_to_string(root().join("policies/README.md")).unwrap_or_default();
    assert!(
        have == stdout(&o),
        "policies/README.md is stale: cargo run -- policies --format markdown > policies/README.md"
    );
    let o = modelgate(&["policies", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        rules.len() >= 40,
        "the catalogue lists {} rules",
        rules.len()
    );
    for r in &rules {
        assert!(
            !r["controls"].as_array().unwrap().is_empty(),
            "{} has no citation",
            r["id"]
        );
    }
}

#[test]
fn test_subcommand_reports_coverage() {
    let o = modelgate(&["test", "--coverage"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("coverage:") && out.contains("policies/gdpr.rego"),
        "{out}"
    );
    let total = out.lines().find(|l| l.contains("total (")).unwrap();
    let pct: f64 = total.split('%').next().unwrap().trim().parse().unwrap();
    assert!(pct >= 90.0, "{total}");
}

#[test]
fn model_signatures_need_a_trusted_key() {
    // Without the signer's key nothing is trusted: the approved release blocks, saying why.
    let o = common::modelgate(&[
        "check",
        "examples/approved",
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "prov-signature-invalid")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("no public key configured"),
        "{f}"
    );

    // Another key: the signature does not verify.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.pub");
    std::fs::copy(root().join("tests/fixtures/oms/p384.pub"), &other).unwrap();
    let o = common::modelgate(&[
        "check",
        "--key",
        other.to_str().unwrap(),
        "examples/approved",
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        rule_ids(&v).contains(&"prov-signature-invalid".to_string()),
        "{:?}",
        rule_ids(&v)
    );

    // The right key: verified, and the input records who signed which digests.
    let o = modelgate(&["input", "examples/approved", "--now", NOW]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sig = &v["signatures"][0];
    assert_eq!(sig["kind"], "oms");
    assert_eq!(sig["verified"], true);
    assert_eq!(sig["signer"]["key_id"].as_str().unwrap().len(), 64);
    let covers: Vec<&str> = sig["covers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(covers.contains(&"b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"));

    // A key file that is not a key is an error, not a silent "unverified".
    let bad = dir.path().join("bad.pub");
    std::fs::write(&bad, "not a key").unwrap();
    let o = common::modelgate(&["check", "--key", bad.to_str().unwrap(), "examples/approved"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.pub"), "{}", stderr(&o));
}

#[test]
fn adding_a_file_to_a_signed_model_blocks() {
    let dir = scratch_bundle();
    std::fs::write(dir.path().join("model/extra.safetensors"), b"not reviewed").unwrap();
    assert_blocks_with(
        dir.path().to_str().unwrap(),
        "prov-signature-invalid",
        "model/extra.safetensors",
    );
}

#[test]
fn verify_subcommand_for_model_signatures() {
    let o = common::modelgate(&[
        "verify",
        "examples/approved/model",
        "--signature",
        "examples/approved/model.sig",
        "--key",
        KEY,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("verified: model `model`, 2 file(s) signed by key "),
        "{out}"
    );
    assert!(
        out.contains(
            "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745  model.safetensors"
        ),
        "{out}"
    );

    let o = common::modelgate(&[
        "verify",
        "examples/blocked-tampered/model",
        "--signature",
        "examples/blocked-tampered/model.sig",
        "--key",
        KEY,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("NOT verified") && stdout(&o).contains("file changed: config.json"),
        "{}",
        stdout(&o)
    );

    let o = common::modelgate(&[
        "verify",
        "examples/approved/model",
        "--signature",
        "examples/approved/model.sig",
        "--key",
        KEY,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "oms");
    assert_eq!(v["verified"], true);

    let o = common::modelgate(&[
        "verify",
        "examples/approved/model",
        "--signature",
        "examples/approved/README.md",
        "--key",
        KEY,
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn verify_subcommand_for_sigstore_bundles() {
    let data = root().join("../shared/data/sigstore-conformance");
    if !data.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let artifact = data.join("a.txt");
    let bundle = data.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json");
    let root_json = data.join("production-trusted_root.json");
    let (issuer, subject) = CONFORMANCE_IDENTITY.split_once('=').unwrap();
    let identity = CONFORMANCE_IDENTITY.to_string();
    let args = |id: &str| -> Output {
        common::modelgate(&[
            "verify",
            artifact.to_str().unwrap(),
            "--signature",
            bundle.to_str().unwrap(),
            "--trusted-root",
            root_json.to_str().unwrap(),
            "--identity",
            id,
        ])
    };
    let o = args(&identity);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(subject) && stdout(&o).contains("signed at 2024-03-19T17:26:26Z"),
        "{}",
        stdout(&o)
    );
    // Another identity is not allowed.
    let o = args(&format!(
        "{issuer}=https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main"
    ));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // A pattern over the identity.
    let o = args(&format!(
        "{issuer}=/https://github.com/sigstore-conformance/.*/"
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // No trusted root: an error, never a silent pass.
    let o = common::modelgate(&[
        "verify",
        artifact.to_str().unwrap(),
        "--signature",
        bundle.to_str().unwrap(),
        "--identity",
        &identity,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--trusted-root"), "{}", stderr(&o));
}

#[test]
fn check_verifies_sigstore_bundles_of_bundle_files() {
    let data = root().join("../shared/data/sigstore-conformance");
    if !data.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let dir = scratch_bundle();
    std::fs::copy(data.join("a.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(
        data.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json"),
        dir.path().join("a.txt.sigstore.json"),
    )
    .unwrap();
    let m = std::fs::read_to_string(dir.path().join("modelgate.yaml")).unwrap();
    std::fs::write(
        dir.path().join("modelgate.yaml"),
        m.replace(
            "  signatures:\n    - model.sig\n",
            "  signatures:\n    - model.sig\n    - a.txt.sigstore.json\n",
        ),
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let v = input_trusting_conformance_signer(&data, d);
    let sig = v["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "sigstore-bundle")
        .unwrap();
    assert_eq!(sig["verified"], true, "{sig}");
    assert_eq!(
        sig["signer"]["issuer"],
        "https://token.actions.githubusercontent.com"
    );
    assert_eq!(
        sig["covers"][0],
        "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
    );
    // Without the trusted root the bundle is unverified, and the check blocks on it.
    let o = modelgate(&["check", d, "--format", "json", "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "prov-signature-invalid")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("no trusted root configured"),
        "{f}"
    );
}

#[test]
fn provenance_envelopes_are_verified() {
    let (code, v) = check_json(&root().join("examples/approved"));
    assert_eq!(code, 0);
    assert!(!rule_ids(&v).contains(&"prov-provenance-unsigned".to_string()));
    let o = modelgate(&["input", "examples/approved", "--now", NOW]);
    let input: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(input["provenance"][0]["verified"], true);
    assert_eq!(input["provenance"][0]["envelope"], "dsse");
    assert_eq!(
        input["provenance"][0]["source_commit"],
        "4e1f0c9a7b3d2e5f60718293a4b5c6d7e8f90a1b"
    );

    // A statement edited after signing (another builder written in) no longer verifies.
    let dir = scratch_bundle();
    let path = dir.path().join("provenance/model.intoto.jsonl");
    let line = std::fs::read_to_string(&path).unwrap();
    let mut env: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let payload = String::from_utf8(b64.decode(env["payload"].as_str().unwrap()).unwrap()).unwrap();
    let forged = payload.replace(
        "generator_generic_slsa3.yml",
        "generator_container_slsa3.yml",
    );
    env["payload"] = serde_json::Value::String(b64.encode(forged));
    std::fs::write(&path, format!("{env}\n")).unwrap();
    assert_blocks_with(
        dir.path().to_str().unwrap(),
        "prov-provenance-unsigned",
        "none of the envelope's 1 signature(s) verifies",
    );
}

/// A keyless model signature goes through the Sigstore verifier: here the key-based example
/// signature with a real Fulcio certificate put in place of its key hint must not verify (the
/// certificate's key did not sign it and no log entry records it).
#[test]
fn keyless_model_signatures_are_checked_against_the_trust_root() {
    let data = root().join("../shared/data/sigstore-conformance");
    if !data.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let donor: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json"))
            .unwrap(),
    )
    .unwrap();
    let dir = scratch_bundle();
    let sig_path = dir.path().join("model.sig");
    let mut sig: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sig_path).unwrap()).unwrap();
    sig["verificationMaterial"] = donor["verificationMaterial"].clone();
    std::fs::write(&sig_path, sig.to_string()).unwrap();
    let d = dir.path().to_str().unwrap();
    let v = input_trusting_conformance_signer(&data, d);
    let s = &v["signatures"][0];
    assert_eq!(s["kind"], "oms");
    assert_eq!(s["verified"], false, "{s}");
    assert!(
        s["error"]
            .as_str()
            .unwrap()
            .starts_with("signature invalid"),
        "{s}"
    );
    assert!(s["covers"].as_array().unwrap().is_empty());
    // Without a trusted root it is not even attempted, and says so.
    let o = modelgate(&["input", d, "--now", NOW]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["signatures"][0]["error"]
            .as_str()
            .unwrap()
            .contains("no trusted root configured"),
        "{}",
        v["signatures"][0]
    );
}

#[test]
fn junit_report_parses_with_a_failure_per_blocking_rule() {
    for (bundle, failures) in [("examples/approved", 0), ("examples/blocked-robustness", 7)] {
        let o = modelgate(&["check", bundle, "--format", "junit", "--now", NOW]);
        let again = modelgate(&["check", bundle, "--format", "junit", "--now", NOW]);
        assert_eq!(
            o.stdout, again.stdout,
            "{bundle}: JUnit output must be deterministic"
        );
        let xml = String::from_utf8(o.stdout).unwrap();
        let report = quick_junit::Report::deserialize_from_str(&xml)
            .unwrap_or_else(|e| panic!("{bundle}: {e}\n{xml}"));
        assert_eq!(report.test_suites.len(), 1);
        let suite = &report.test_suites[0];
        assert_eq!(suite.name.as_str(), bundle);
        assert_eq!(suite.failures, failures, "{bundle}");
        let rules = modelgate(&["policies"]);
        // The admission webhook's rules are not evaluated by `check`.
        let check_rules = stdout(&rules)
            .lines()
            .filter(|l| !l.starts_with("admission-"))
            .count();
        assert_eq!(suite.tests, check_rules, "one test case per rule");
    }
    let xml = stdout(&modelgate(&[
        "check",
        "examples/blocked-robustness",
        "--format",
        "junit",
        "--now",
        NOW,
    ]));
    assert!(
        xml.contains(r#"<testcase name="rob-model-digest" classname="data.modelgate.robustness">"#),
        "{xml}"
    );
    assert!(
        xml.contains("deny: robustness report tested model 5d41402a"),
        "{xml}"
    );
}

#[test]
fn markdown_report_puts_the_verdict_first() {
    let o = modelgate(&[
        "check",
        "examples/blocked-gdpr",
        "--format",
        "markdown",
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let md = stdout(&o);
    assert!(md.starts_with("## ❌ modelgate: BLOCK\n"), "{md}");
    let blocking = md.find("**Blocking**").unwrap();
    let row = md.find("| `gdpr-lawful-basis` | critical |").unwrap();
    assert!(blocking < row);
    assert!(md.contains("`data/dataset.yaml:9`"), "{md}");
    assert!(md.contains("<details><summary>What to do</summary>"));
    let o = modelgate(&[
        "check",
        "examples/approved",
        "--format",
        "markdown",
        "--now",
        NOW,
    ]);
    let md = stdout(&o);
    // The approved example warns only on the high-risk duty to sign its test report, which
    // applies from 2 Dec 2027 (its signing key is not in the repository): nothing blocks.
    assert!(
        md.starts_with("## ✅ modelgate: APPROVE\n") && !md.contains("**Blocking**"),
        "{md}"
    );
    let again = modelgate(&[
        "check",
        "examples/approved",
        "--format",
        "markdown",
        "--now",
        NOW,
    ]);
    assert_eq!(md, stdout(&again));
}

#[test]
fn several_formats_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (json, junit, md, text) = (at("r.json"), at("r.xml"), at("r.md"), at("r.txt"));
    let o = modelgate(&[
        "check",
        "examples/blocked-sbom",
        "--now",
        NOW,
        "--output",
        &format!("json={json}"),
        "--output",
        &format!("junit={junit}"),
        "--output",
        &format!("markdown={md}"),
        "--output",
        &text,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "reports go to the files");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["verdict"], "block");
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .starts_with("<?xml"));
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .starts_with("## ❌ modelgate: BLOCK"));
    assert!(std::fs::read_to_string(&text)
        .unwrap()
        .starts_with("BLOCK examples/blocked-sbom"));
    let o = modelgate(&[
        "check",
        "examples/approved",
        "--output",
        &format!("pdf={text}"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`pdf` is not a format"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_folder_without_a_manifest_or_any_evidence_is_not_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing to see").unwrap();
    let o = modelgate(&["check", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("not a bundle: no modelgate.yaml and no evidence"),
        "{}",
        stdout(&o)
    );
}

/// An evidence error reaches every machine format as a coded diagnostic at its file, line and
/// column (issue 16): JSON `diagnostics`, a SARIF result with a region, a Code Quality issue at
/// the line; and `explain` knows the code.
#[test]
fn evidence_errors_are_located_diagnostics_in_every_format() {
    let dir = scratch_bundle();
    let path = dir.path().join("data/dataset.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("name: again\n");
    let line = text.lines().count();
    std::fs::write(&path, &text).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let arg = |f: &str| format!("{f}={}", out.join(f).display());
    let o = modelgate(&[
        "check",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
        "--output",
        &arg("json"),
        "--output",
        &arg("sarif"),
        "--output",
        &arg("codequality"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()
    };
    let json = read("json");
    let d = &json["bundles"][0]["diagnostics"][0];
    assert_eq!(d["code"], "duplicate-key", "{json}");
    assert_eq!(d["line"], line as u64, "{d}");
    assert_eq!(d["column"], 1, "{d}");
    assert!(
        d["file"].as_str().unwrap().ends_with("data/dataset.yaml"),
        "{d}"
    );
    assert_eq!(d["source"], "name: again");

    let sarif = read("sarif");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-key")
        .unwrap_or_else(|| panic!("{sarif}"));
    assert_eq!(r["level"], "error");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], line as u64, "{r}");
    assert_eq!(region["startColumn"], 1, "{r}");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let i = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[i]["id"], "duplicate-key");

    let cq = read("codequality");
    let issue = cq
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "duplicate-key")
        .unwrap_or_else(|| panic!("{cq}"));
    assert_eq!(issue["severity"], "blocker");
    assert_eq!(issue["location"]["lines"]["begin"], line as u64);

    let o = modelgate(&["explain", "duplicate-key"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("YAML readers disagree"),
        "{}",
        stdout(&o)
    );
}

/// Operations evidence (issue 17) reaches the input from the real formats, resolved across
/// files: the plan, the alerts with the model they select (a recorded series followed), the
/// rollout with its analysis template in another file, the drift report's verdict; and the
/// decision of the release is what it was without it (no rule judges it yet).
#[test]
fn operations_evidence_reaches_the_input() {
    let dir = scratch_bundle();
    common::strip_operations(dir.path());
    let ops = dir.path().join("ops");
    std::fs::create_dir(&ops).unwrap();
    let fixtures = root().join("tests/fixtures/operations");
    for (from, to) in [
        ("plan/operations.yaml", "operations.yaml"),
        ("prometheus/credit-risk-rules.yaml", "ops/alerts.yaml"),
        ("argo/rollout.yaml", "ops/rollout.yaml"),
        ("argo/analysis-template.yaml", "ops/analysis.yaml"),
        (
            "evidently/v0.7.23-data-drift-share-0.3.json",
            "ops/drift.json",
        ),
    ] {
        std::fs::copy(fixtures.join(from), dir.path().join(to)).unwrap();
    }
    let (code_before, _) = check_json(dir.path());
    let manifest = dir.path().join("modelgate.yaml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text = text.replacen(
        "spec:\n",
        "spec:\n  operations: [operations.yaml, ops/alerts.yaml, ops/rollout.yaml, ops/analysis.yaml, ops/drift.json]\n",
        1,
    );
    std::fs::write(&manifest, text).unwrap();

    let o = modelgate(&["input", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let input: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ops = &input["operations"];
    assert_eq!(ops["plan"]["log_retention_days"], 400, "{ops}");
    let alerts = ops["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 5, "{ops}");
    let latency = alerts
        .iter()
        .find(|a| a["name"] == "CreditRiskScorerHighP99Latency")
        .unwrap();
    // Its own selector, and what the recorded series it reads is built from.
    assert!(
        latency["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "model_request_duration_seconds_bucket"),
        "{latency}"
    );
    let rollout = &ops["rollouts"][0];
    assert_eq!(rollout["tool"], "argo-rollouts");
    assert_eq!(rollout["staged"], true, "{rollout}");
    assert_eq!(rollout["automated_abort"], true, "{rollout}");
    let drift = &ops["drift"][0];
    assert_eq!(drift["dataset_drift"], true, "{drift}");

    // Without operations evidence the release blocks for the missing plan; with it, for the
    // drift the shipped report shows.
    assert_eq!(code_before, 1);
    let (code_after, report) = check_json(dir.path());
    assert_eq!(code_after, 1, "{report}");
    assert!(
        rule_ids(&report).contains(&"ops-drift-exceeded".to_string()),
        "{report}"
    );
    assert!(
        !rule_ids(&report).contains(&"ops-monitoring-plan".to_string()),
        "{report}"
    );

    // Attack: a second plan, in another document of a listed file, would let the reader pick
    // the laxer one: refused, whichever file or document it is in.
    let with_second = format!(
        "{}\n---\n{}",
        std::fs::read_to_string(dir.path().join("operations.yaml")).unwrap(),
        std::fs::read_to_string(fixtures.join("plan/operations.yaml")).unwrap()
    );
    std::fs::write(dir.path().join("ops/plan2.yaml"), with_second).unwrap();
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        listed.replacen("[operations.yaml, ", "[ops/plan2.yaml, ", 1),
    )
    .unwrap();
    let o = modelgate(&["input", dir.path().to_str().unwrap(), "--now", NOW]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("one operations plan") || stderr(&o).contains("one operations plan"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    std::fs::write(&manifest, listed).unwrap();

    // The same rollout without its template file cannot be shown to abort.
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace(", ops/analysis.yaml", "");
    std::fs::write(&manifest, text).unwrap();
    let o = modelgate(&["input", dir.path().to_str().unwrap(), "--now", NOW]);
    let input: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rollout = &input["operations"]["rollouts"][0];
    assert_eq!(rollout["automated_abort"], false, "{rollout}");
    assert!(rollout["no_abort_reason"].is_string(), "{rollout}");
}

/// The approved example with one alert taken out of its rule file blocks, naming the metric
/// that is no longer watched; the plan still naming the alert does not count.
#[test]
fn approved_with_one_alert_removed_blocks() {
    let dir = scratch_bundle();
    let (code, report) = check_json_with(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{report}");
    let rules = dir.path().join("ops/alerts.rules.yaml");
    let text = std::fs::read_to_string(&rules).unwrap();
    let start = text
        .find("      - alert: CreditRiskScorerAccuracyBelowFloor")
        .unwrap();
    let end = start + text[start..].find("      # Latency").unwrap();
    std::fs::write(&rules, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (code, report) = check_json_with(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        rule_ids(&report),
        vec!["ops-metric-alert".to_string()],
        "{report}"
    );
    let f = &report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "ops-metric-alert")
        .unwrap()
        .clone();
    assert_eq!(f["target"], "model_accuracy", "{f}");
    assert_eq!(f["location"]["file"], "operations.yaml", "{f}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("CreditRiskScorerAccuracyBelowFloor"),
        "{f}"
    );
}

/// A drift report over the plan's threshold, listed in spec.operations, blocks the approved
/// example and names the drifted columns.
#[test]
fn approved_with_drift_over_threshold_blocks() {
    let dir = scratch_bundle();
    let report_json = std::fs::read_to_string(
        root().join("tests/fixtures/operations/evidently/v0.7.23-data-drift-share-0.3.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("ops/drift.json"), report_json).unwrap();
    let manifest = dir.path().join("modelgate.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replacen(
            "    - ops/rollout.yaml\n",
            "    - ops/rollout.yaml\n    - ops/drift.json\n",
            1,
        ),
    )
    .unwrap();
    let (code, report) = check_json_with(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        rule_ids(&report),
        vec!["ops-drift-exceeded".to_string()],
        "{report}"
    );
    let message = report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "ops-drift-exceeded")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("Retrain or roll back"), "{message}");
    assert!(message.contains("income"), "{message}");
}
