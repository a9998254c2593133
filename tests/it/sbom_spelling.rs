//! Banned components and denied licences cannot be spelled around (security review finding 11):
//! the approved example's SBOM gains one component, written as an author trying to slip it
//! past the gate would write it, and the binary must block; a different package with a
//! similar name must still approve.

use crate::common;
use common::{copy_tree, root, run_in, stderr, stdout, NOW};

use std::path::Path;

/// `examples/approved` in a temporary folder, with `component` added to its SBOM.
fn bundle_with(component: serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/approved"), dir.path());
    let path = dir.path().join("sbom/image.cdx.json");
    let mut sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    sbom["components"].as_array_mut().unwrap().push(component);
    std::fs::write(&path, serde_json::to_string_pretty(&sbom).unwrap()).unwrap();
    dir
}

/// `check` of the bundle: exit code and the ids and messages of its deny findings.
fn check(dir: &Path) -> (i32, Vec<(String, String)>) {
    let key = root().join("examples/release.pub");
    let gate = root().join("examples/gate.pub");
    let o = run_in(
        dir,
        &[
            "check",
            ".",
            "--key",
            key.to_str().unwrap(),
            "--record-key",
            gate.to_str().unwrap(),
            "--now",
            NOW,
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&o), stderr(&o)));
    let denies = v["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "deny")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (o.status.code().unwrap(), denies)
}

fn mit(mut c: serde_json::Value) -> serde_json::Value {
    c["type"] = "library".into();
    c["licenses"] = serde_json::json!([{"license": {"id": "MIT"}}]);
    c
}

fn assert_banned(component: serde_json::Value, how: &str) {
    let dir = bundle_with(component);
    let (code, denies) = check(dir.path());
    assert_eq!(code, 1, "{how}: {denies:?}");
    assert!(
        denies
            .iter()
            .any(|(id, msg)| id == "sbom-component-banned" && msg.contains("torchtriton")),
        "{how}: {denies:?}"
    );
}

#[test]
fn the_unchanged_example_approves() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/approved"), dir.path());
    assert_eq!(check(dir.path()), (0, Vec::new()));
}

#[test]
fn torchtriton_is_banned_however_its_purl_is_spelled() {
    for (purl, how) in [
        ("pkg:pypi/torch%74riton@3.0.0", "percent-encoded"),
        ("pkg:PYPI/TorchTriton@3.0.0", "upper case"),
        (
            "pkg:pypi/torchtriton@3.0.0?file_name=x.whl#lib",
            "qualifiers and subpath",
        ),
        ("pkg:pypi/t%CE%BFrchtriton@3.0.0", "Greek omicron, encoded"),
        ("pkg:pypi/t\u{3bf}rchtriton@3.0.0", "Greek omicron"),
        (
            "pkg:pypi/evil/torchtriton@3.0.0",
            "a namespace pypi has not",
        ),
        ("pkg:generic/torchtriton@3.0.0", "generic type"),
        ("pkg:pypi/torch%7triton@3.0.0", "malformed escape"),
        ("pypi/torchtriton@3.0.0", "no scheme"),
    ] {
        assert_banned(
            mit(serde_json::json!({"name": "torchtriton", "version": "3.0.0", "purl": purl})),
            how,
        );
    }
}

#[test]
fn torchtriton_without_a_purl_is_banned_by_name() {
    // With an ecosystem the SBOM states elsewhere, and with none at all.
    for extra in [
        serde_json::json!({"properties": [{"name": "syft:package:type", "value": "python"}]}),
        serde_json::json!({"bom-ref": "pkg:pypi/torchtriton@3.0.0"}),
        serde_json::json!({"externalReferences": [{"type": "distribution", "url": "https://pypi.org/project/torchtriton/"}]}),
        serde_json::json!({}),
    ] {
        let mut c = mit(serde_json::json!({"name": "torchtriton", "version": "3.0.0"}));
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        let dir = bundle_with(c);
        let (code, denies) = check(dir.path());
        assert_eq!(code, 1, "{extra}");
        let ids: Vec<&str> = denies.iter().map(|(id, _)| id.as_str()).collect();
        assert!(
            ids.contains(&"sbom-component-banned"),
            "{extra}: {denies:?}"
        );
        assert!(
            ids.contains(&"sbom-component-purl"),
            "a high-tier release needs purls: {denies:?}"
        );
    }
    // A look-alike name without a purl.
    assert_banned(
        mit(serde_json::json!({"name": "t\u{3bf}rchtriton", "version": "3.0.0"})),
        "Greek omicron in the name",
    );
}

#[test]
fn torch_triton_is_another_package_and_approves() {
    let dir = bundle_with(mit(serde_json::json!({
        "name": "torch-triton",
        "version": "3.0.0",
        "purl": "pkg:pypi/torch_triton@3.0.0"
    })));
    assert_eq!(check(dir.path()), (0, Vec::new()));
}

#[test]
fn denied_licences_written_as_names_are_denied() {
    for name in [
        "GNU Affero General Public License v3",
        "GNU Affero General Public License v3.0 or later",
        "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)",
        "AGPL-3+",
        "GNU AGPL v3",
        "Affero GPL",
        "Server Side Public License, v 1",
        "Business Source License 1.1",
    ] {
        let dir = bundle_with(serde_json::json!({
            "type": "library",
            "name": "server-lib",
            "version": "1.0.0",
            "purl": "pkg:pypi/server-lib@1.0.0",
            "licenses": [{"license": {"name": name}}]
        }));
        let (code, denies) = check(dir.path());
        assert_eq!(code, 1, "{name}: {denies:?}");
        assert!(
            denies.iter().any(|(id, _)| id == "sbom-license-denied"),
            "{name}: {denies:?}"
        );
    }
}
