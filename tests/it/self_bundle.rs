//! modelgate judged by itself (examples/self): its committed SBOM is what scripts/sbom.sh makes
//! of the current Cargo.lock, and the gate raises no SBOM finding on it, with every SBOM rule
//! in force (SBOM required, purls required, hashes required).

use crate::common::{modelgate, root, stdout};

use serde_json::Value;
use std::process::Command;

const SBOM: &str = "examples/self/sbom/modelgate.cdx.json";

fn committed() -> Value {
    let text = std::fs::read_to_string(root().join(SBOM)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn have_python() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The SBOM's creation time, as SOURCE_DATE_EPOCH.
fn epoch(sbom: &Value) -> i64 {
    let stamp = sbom["metadata"]["timestamp"].as_str().expect("a timestamp");
    chrono::DateTime::parse_from_rfc3339(stamp)
        .unwrap()
        .timestamp()
}

#[test]
fn committed_sbom_is_generated_from_cargo_lock() {
    if !have_python() {
        eprintln!("SKIPPED: scripts/sbom.sh needs python3");
        return;
    }
    let committed_text = std::fs::read_to_string(root().join(SBOM)).unwrap();
    let o = Command::new("sh")
        .arg(root().join("scripts/sbom.sh"))
        .env("SOURCE_DATE_EPOCH", epoch(&committed()).to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let generated = String::from_utf8(o.stdout).unwrap();
    assert!(
        generated == committed_text,
        "{SBOM} is stale: regenerate it with `scripts/sbom.sh {SBOM}`"
    );
}

#[test]
fn committed_sbom_describes_the_binary() {
    let sbom = committed();
    assert_eq!(sbom["specVersion"], "1.5");
    let own = sbom["metadata"]["component"]["purl"].as_str().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(own, format!("pkg:cargo/modelgate@{version}"));
    let components = sbom["components"].as_array().unwrap();
    // A sample of what the binary links, and no test-only crate.
    let names: Vec<&str> = components
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for linked in ["regorus", "serde_json", "sha2", "axum"] {
        assert!(names.contains(&linked), "{linked}");
    }
    for dev_only in ["insta", "criterion", "rcgen", "jsonschema"] {
        assert!(!names.contains(&dev_only), "{dev_only} is a dev-dependency");
    }
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    for c in components {
        let (name, version) = (c["name"].as_str().unwrap(), c["version"].as_str().unwrap());
        assert_eq!(c["purl"], format!("pkg:cargo/{name}@{version}"));
        assert!(c["licenses"][0]["expression"].is_string(), "{name}");
        let hash = c["hashes"][0]["content"].as_str().unwrap();
        // The checksum Cargo.lock records for that crate.
        let entry = format!(
            "name = \"{name}\"\nversion = \"{version}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{hash}\""
        );
        assert!(lock.contains(&entry), "{name} {version}: {hash}");
    }
    let text = std::fs::read_to_string(root().join(SBOM)).unwrap();
    assert!(
        !text.contains(env!("CARGO_MANIFEST_DIR")),
        "an absolute path"
    );
}

/// Runs `check` on examples/self with the SBOM rules at their strictest, at a time shortly
/// after the SBOM was made (its staleness is judged against the decision time).
fn check_self(extra_params: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("params.yaml");
    std::fs::write(
        &params,
        format!(
            "modelgate:\n  params:\n    sbom:\n      required_from: minimal\n      purl_required_from: minimal\n      require_hashes: true\n{extra_params}"
        ),
    )
    .unwrap();
    let now = chrono::DateTime::from_timestamp(epoch(&committed()) + 86_400, 0)
        .unwrap()
        .to_rfc3339();
    let o = modelgate(&[
        "check",
        "examples/self",
        "-f",
        "json",
        "--now",
        &now,
        "--data",
        params.to_str().unwrap(),
    ]);
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

fn rule_ids(report: &Value) -> Vec<String> {
    report["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_gate_passes_its_own_sbom_rules() {
    let report = check_self("");
    let ids = rule_ids(&report);
    assert!(!ids.iter().any(|id| id.starts_with("sbom-")), "{ids:?}");
    assert_eq!(report["verdict"], "approve", "{ids:?}");

    // The SBOM's components are what the rules read: an allow list of MIT alone refuses those
    // without an MIT alternative.
    let narrowed = check_self("      allowed_licenses: [MIT]\n");
    assert!(
        rule_ids(&narrowed)
            .iter()
            .any(|id| id == "sbom-license-not-allowed"),
        "{:?}",
        rule_ids(&narrowed)
    );
}
