//! The built-in policies are standard OPA v1 Rego: real OPA (through `../shared/tools/opa-eval`)
//! passes every Rego unit test and produces exactly the findings modelgate produces for every
//! example bundle. Skips, saying so, where the tool or `../shared` is absent.

use modelgate::pipeline::{self, Options};
use modelgate::policy::{PolicySet, DEFAULT_TIMEOUT};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn opa_eval() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/opa-eval");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/tools/opa-eval not found, OPA conformance not checked");
        None
    }
}

fn run_opa(tool: &Path, args: &[&str]) -> serde_json::Value {
    let o = Command::new("python3")
        .arg(tool)
        .args(["--policy", "policies"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "opa-eval failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("opa-eval prints JSON")
}

#[test]
fn rego_unit_tests_pass_in_opa() {
    let Some(tool) = opa_eval() else { return };
    let doc = run_opa(&tool, &["modelgate"]);
    let mut count = 0;
    for (pkg, rules) in doc.as_object().unwrap() {
        if !pkg.ends_with("_test") {
            continue;
        }
        for (name, value) in rules.as_object().unwrap() {
            if name.starts_with("test_") {
                count += 1;
                assert_eq!(
                    value,
                    &serde_json::Value::Bool(true),
                    "OPA: data.modelgate.{pkg}.{name}"
                );
            }
        }
    }
    // OPA leaves failing (undefined) tests out of the document: compare with modelgate's count.
    let set = PolicySet::builtin(true).unwrap();
    let ours = modelgate::policy::run_tests(&set, None, DEFAULT_TIMEOUT).unwrap();
    assert_eq!(
        count,
        ours.len(),
        "OPA passed {count} tests, modelgate knows {}",
        ours.len()
    );
}

fn findings(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| a.iter().map(|f| f.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn opa_and_modelgate_agree_on_every_example() {
    let Some(tool) = opa_eval() else { return };
    let policies = PolicySet::builtin(false).unwrap();
    let opts = Options {
        now: modelgate::time::parse_now("2026-11-29T12:00:00Z").unwrap(),
        ..Options::default()
    };
    let mut engine = policies.engine(DEFAULT_TIMEOUT).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(&root).unwrap() {
        let bundle = entry.unwrap().path();
        // examples/ also holds the CI integrations and the webhook's deployment: not bundles.
        let name = bundle.file_name().unwrap().to_string_lossy().into_owned();
        if !bundle.is_dir() || !(name == "approved" || name.starts_with("blocked-")) {
            continue;
        }
        let input =
            serde_json::to_value(pipeline::load_input(&bundle, &policies, &opts).unwrap()).unwrap();
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), input.to_string()).unwrap();
        let opa = run_opa(
            &tool,
            &["--input", file.path().to_str().unwrap(), "modelgate"],
        );
        let ours = engine.evaluate(&input).unwrap();
        for (pkg, level) in policies.rule_packages() {
            let short = pkg.trim_start_matches("modelgate.");
            let theirs = findings(&opa[short][level.to_string()]);
            let mine: BTreeSet<String> = ours
                .iter()
                .filter(|f| f.package == pkg && f.level == level)
                .map(|f| f.value.to_string())
                .collect();
            assert_eq!(
                mine,
                theirs,
                "{}: data.{pkg}.{level} differs between modelgate and OPA",
                bundle.display()
            );
        }
    }
}
