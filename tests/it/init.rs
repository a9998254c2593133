//! `modelgate init`: the scaffold parses, blocks on exactly the documentation it leaves to the
//! user, and is never written over without --force.

use modelgate::init;
use modelgate::policy::PolicySet;
use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-11-29T12:00:00Z";

fn modelgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run modelgate")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// Scaffolds `dir` (extra args appended) and asserts success.
fn init_ok(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["init", s(dir)];
    args.extend_from_slice(extra);
    let o = modelgate(&args);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn scaffold_parses_and_lists_what_to_fill_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("credit");
    let printed = init_ok(&dir, &["--name", "credit-scorer"]);
    for f in ["modelgate.yaml", "README.md", "data/dataset.yaml"] {
        assert!(dir.join(f).is_file(), "{f} missing");
        assert!(printed.contains(f), "summary does not name {f}:\n{printed}");
    }
    assert!(printed.contains("created"), "{printed}");
    assert!(printed.contains("Fill in:\n  1. "), "{printed}");
    assert!(printed.contains("  5. "), "{printed}");
    assert!(read(&dir.join("modelgate.yaml")).contains("name: credit-scorer"));

    // Every file parses: the input document is built without error.
    let o = modelgate(&["input", s(&dir), "--now", NOW]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let input: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(input["manifest"]["name"], "credit-scorer");
    assert_eq!(input["model"]["version"], "0.1.0");
    assert_eq!(
        input["datasets"][0]["name"], "credit-scorer-training-data",
        "the card's dataset has its datasheet"
    );
}

#[test]
fn check_blocks_naming_every_section_left_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("b");
    init_ok(&dir, &["--name", "example-org/churn-model"]);
    let o = modelgate(&["check", s(&dir), "--format", "json", "--now", NOW]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a fresh scaffold blocks, never errors: {}",
        out(&o)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = report["bundles"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["rule_id"] != "doc-name-mismatch"
        && f["rule_id"] != "doc-version-mismatch"
        && f["rule_id"] != "doc-dataset-undocumented"));

    // The sections are the ones the policy parameters require, each named by a deny finding
    // of the documentation package that points at its heading in README.md.
    let set = PolicySet::builtin(false).unwrap();
    let required = init::required_sections(&set, init::TIER).unwrap();
    let body: Vec<_> = required.iter().filter(|s| !s.front_matter).collect();
    assert!(body.len() >= 8, "{required:?}");
    let card = read(&dir.join("README.md"));
    for sec in &body {
        let heading = sec.heading.unwrap();
        assert!(card.contains(&format!("## {heading}\n")), "{heading}");
        let f = findings
            .iter()
            .find(|f| f["target"] == sec.id.as_str())
            .unwrap_or_else(|| panic!("no finding names section {}", sec.id));
        assert_eq!(f["level"], "deny");
        assert_eq!(f["package"], "data.modelgate.documentation");
        assert_eq!(f["location"]["file"], "README.md");
        assert!(f["location"]["line"].as_u64().unwrap() > 1);
        assert!(f["message"].as_str().unwrap().contains("placeholder"));
    }
    // License is left to the front matter; its rule says so.
    assert!(findings
        .iter()
        .any(|f| f["rule_id"] == "doc-license-missing"));

    // The text report lists them too.
    let o = modelgate(&["check", s(&dir), "--now", NOW]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("DENY doc-intended-use"), "{text}");
    assert!(text.contains("\"Human Oversight\""), "{text}");
}

#[test]
fn refuses_to_overwrite_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init_ok(dir, &["--name", "m"]);
    let card = dir.join("README.md");
    std::fs::write(&card, "my own card\n").unwrap();
    let manifest_before = read(&dir.join("modelgate.yaml"));

    let o = modelgate(&["init", s(dir), "--name", "other"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("already exist"), "{err}");
    assert!(
        err.contains("README.md") && err.contains("modelgate.yaml"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(&card), "my own card\n", "nothing is written");
    assert_eq!(read(&dir.join("modelgate.yaml")), manifest_before);

    // One existing file is enough to refuse, and the others are not created either.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("README.md"), "mine\n").unwrap();
    let o = modelgate(&["init", s(other.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(!other.path().join("modelgate.yaml").exists());

    let printed = init_ok(dir, &["--name", "other", "--force"]);
    assert!(printed.contains("replaced"), "{printed}");
    assert!(read(&card).contains("# Model Card for other"));
    assert!(read(&dir.join("modelgate.yaml")).contains("name: other"));
}

#[test]
fn name_from_the_folder_and_bad_names_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Fraud Detector");
    init_ok(&dir, &[]);
    assert!(read(&dir.join("modelgate.yaml")).contains("name: fraud-detector\n"));

    let o = modelgate(&["init", s(&tmp.path().join("x")), "--name", "a: b"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(!tmp.path().join("x/modelgate.yaml").exists());
}

#[test]
fn parameters_change_the_template() {
    let tmp = tempfile::tempdir().unwrap();
    let params = tmp.path().join("params.yaml");
    std::fs::write(
        &params,
        "modelgate:\n  params:\n    documentation:\n      section_required_from: { human_oversight: never }\n      required_sections: { high: [model_details, environmental_impact] }\n",
    )
    .unwrap();
    let dir = tmp.path().join("b");
    init_ok(&dir, &["--data", s(&params)]);
    let card = read(&dir.join("README.md"));
    assert!(!card.contains("## Human Oversight"), "{card}");
    assert!(!card.contains("## Training Procedure"), "{card}");
    assert!(card.contains("## Environmental Impact"), "{card}");

    let o = modelgate(&[
        "check",
        s(&dir),
        "--data",
        s(&params),
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let targets: Vec<&str> = report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["target"].as_str())
        .collect();
    assert!(targets.contains(&"environmental_impact"), "{targets:?}");
    assert!(!targets.contains(&"human_oversight"), "{targets:?}");
}
