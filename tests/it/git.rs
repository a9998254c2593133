//! `check --base` in a real git repository of several bundles: exactly the changed bundles are
//! checked, from the committed objects, each against its base version; and `check --all`.

use crate::common;
use common::{copy_tree, root, NOW};

use std::path::PathBuf;
use std::process::{Command, Output};

struct Repo {
    dir: tempfile::TempDir,
    repo: git2::Repository,
}

impl Repo {
    /// A repository with three copies of the approved example (models/a, models/b, models/c)
    /// and a top-level README, in one commit.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        for b in ["a", "b", "c"] {
            copy_tree(
                &root().join("examples/approved"),
                &dir.path().join("models").join(b),
            );
        }
        std::fs::write(dir.path().join("README.md"), "# models\n").unwrap();
        let r = Repo { dir, repo };
        r.commit("initial");
        r
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn commit(&self, message: &str) -> String {
        common::commit_all(&self.repo, message)
    }

    /// Replaces `from` by `to` in a file of the work tree.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} contains {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    fn check(&self, args: &[&str]) -> Output {
        let key = root().join("examples/release.pub");
        let gate = root().join("examples/gate.pub");
        Command::new(env!("CARGO_BIN_EXE_modelgate"))
            .arg("check")
            .args(["--key", key.to_str().unwrap(), "--now", NOW, "-f", "json"])
            .args(["--record-key", gate.to_str().unwrap()])
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn bundles(v: &serde_json::Value) -> Vec<String> {
    v["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["path"].as_str().unwrap().to_string())
        .collect()
}

/// The rule ids of every finding, but the warning every copy of the approved example carries:
/// its test report is unsigned (hr-test-report-signed, a duty from 2 Dec 2027; the example's
/// signing key is not in the repository).
fn rule_ids(v: &serde_json::Value) -> Vec<String> {
    v["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["findings"].as_array().unwrap().iter())
        .filter(|f| !(f["rule_id"] == "hr-test-report-signed" && f["level"] == "warn"))
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

const PGD: &str = "\"robustAccuracy\": 0.806";

#[test]
fn base_checks_exactly_the_changed_bundle_and_a_regression_blocks() {
    let r = Repo::new();
    let base = r.commit("nothing");
    // b's PGD robust accuracy falls by 2.6 points: within the absolute thresholds of the
    // robustness package, so only the change rule can see it.
    r.edit(
        "models/b/eval/robustness.json",
        PGD,
        "\"robustAccuracy\": 0.780",
    );
    let head = r.commit("retrain b");

    let o = r.check(&["--base", &base]);
    let v = json(&o);
    assert_eq!(bundles(&v), vec!["models/b"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(rule_ids(&v), vec!["change-robustness-regressed"]);
    let f = &v["bundles"][0]["findings"][0];
    assert_eq!(f["location"]["file"], "eval/robustness.json");
    assert!(
        f["message"].as_str().unwrap().contains("0.806 to 0.78"),
        "{f}"
    );
    assert_eq!(v["git"]["base"], base);
    assert_eq!(v["git"]["head"], head);
    assert_eq!(
        v["git"]["changed"],
        serde_json::json!(["models/b/eval/robustness.json"])
    );
}

#[test]
fn a_change_within_the_limit_approves() {
    let r = Repo::new();
    let base = r.commit("nothing");
    r.edit(
        "models/c/eval/robustness.json",
        PGD,
        "\"robustAccuracy\": 0.800",
    );
    r.commit("retrain c");
    let o = r.check(&["--base", &base]);
    let v = json(&o);
    assert_eq!(bundles(&v), vec!["models/c"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(rule_ids(&v).is_empty(), "{:?}", rule_ids(&v));
}

#[test]
fn nothing_changed_in_a_bundle_approves_with_no_bundle() {
    let r = Repo::new();
    let base = r.commit("nothing");
    std::fs::write(r.path("README.md"), "# models, documented\n").unwrap();
    r.commit("docs");
    let o = r.check(&["--base", &base]);
    assert_eq!(o.status.code(), Some(0));
    assert!(bundles(&json(&o)).is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no bundle changed"));
}

#[test]
fn the_work_tree_does_not_change_the_result() {
    let r = Repo::new();
    let base = r.commit("nothing");
    r.edit(
        "models/a/eval/robustness.json",
        PGD,
        "\"robustAccuracy\": 0.800",
    );
    r.commit("retrain a");
    // Uncommitted damage and untracked files are not what is checked.
    std::fs::write(r.path("models/a/data/dataset.yaml"), "not: [valid").unwrap();
    std::fs::write(r.path("models/a/eval/extra.json"), "{").unwrap();
    std::fs::write(r.path("models/b/data/dataset.yaml"), "broken: [").unwrap();
    let o = r.check(&["--base", &base, "--head", "HEAD"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(bundles(&json(&o)), vec!["models/a"]);
}

#[test]
fn a_new_bundle_is_checked_without_a_previous_version() {
    let r = Repo::new();
    let base = r.commit("nothing");
    copy_tree(&root().join("examples/blocked-gdpr"), &r.path("models/d"));
    r.commit("add d");
    let o = r.check(&["--base", &base]);
    let v = json(&o);
    assert_eq!(bundles(&v), vec!["models/d"]);
    assert_eq!(o.status.code(), Some(1));
    let ids = rule_ids(&v);
    assert!(ids.iter().any(|i| i.starts_with("gdpr-")), "{ids:?}");
    assert!(!ids.iter().any(|i| i.starts_with("change-")), "{ids:?}");
}

#[test]
fn lowering_the_risk_tier_is_caught() {
    let r = Repo::new();
    let base = r.commit("nothing");
    r.edit(
        "models/a/modelgate.yaml",
        "riskTier: high",
        "riskTier: limited",
    );
    r.commit("reclassify a");
    let v = json(&r.check(&["--base", &base]));
    assert!(rule_ids(&v).contains(&"change-risk-tier-lowered".to_string()));
}

#[test]
fn a_bad_revision_is_a_usage_error() {
    let r = Repo::new();
    let o = r.check(&["--base", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-branch"));
}

#[test]
fn all_checks_every_bundle_of_a_tree() {
    let r = Repo::new();
    copy_tree(&root().join("examples/blocked-gdpr"), &r.path("models/d"));
    let o = r.check(&["--all", "models"]);
    let v = json(&o);
    assert_eq!(
        bundles(&v),
        vec!["models/a", "models/b", "models/c", "models/d"]
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(v["summary"]["approved"], 3);
    assert_eq!(v["summary"]["blocked"], 1);
    // Outside a repository with nothing to find: an error, never an approval.
    let empty = tempfile::tempdir().unwrap();
    let o = r.check(&["--all", empty.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_committed_symlink_out_of_the_bundle_is_refused() {
    let r = Repo::new();
    let base = r.commit("nothing");
    std::fs::remove_file(r.path("models/a/data/dataset.yaml")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", r.path("models/a/data/dataset.yaml")).unwrap();
    r.commit("point a's datasheet outside");
    let o = r.check(&["--base", &base]);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("resolves outside the bundle"), "{out}");
    // Named as in the repository, not by the scratch folder it was read from.
    assert!(out.contains("models/a"), "{out}");
    assert!(!out.contains("/tmp/"), "{out}");
}

/// Monitoring weakened in a change: an alert removed from the rule file (and its metric from
/// the plan, so the plan itself stays consistent) and a threshold loosened are findings of
/// the change, whatever the head version says of itself.
#[test]
fn weakened_monitoring_is_caught() {
    let r = Repo::new();
    let base = r.commit("nothing");
    // The latency alert and its metric go.
    let rules = r.path("models/a/ops/alerts.rules.yaml");
    let text = std::fs::read_to_string(&rules).unwrap();
    let start = text.find("      # Latency").unwrap();
    let end = start + text[start..].find("      # Error rate").unwrap();
    std::fs::write(&rules, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let plan = r.path("models/a/operations.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let start = text.find("    - kind: latency").unwrap();
    let end = start + text[start..].find("    - kind: error_rate").unwrap();
    std::fs::write(&plan, format!("{}{}", &text[..start], &text[end..])).unwrap();
    // The accuracy floor is lowered in the plan and in its alert alike.
    r.edit(
        "models/a/operations.yaml",
        "threshold: 0.85",
        "threshold: 0.7",
    );
    r.edit("models/a/ops/alerts.rules.yaml", "< 0.85", "< 0.7");
    r.commit("weaken a's monitoring");

    // The head version alone is consistent: the change is what blocks.
    let alone = r.check(&["models/a"]);
    assert_eq!(
        alone.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&alone.stdout)
    );
    let o = r.check(&["--base", &base]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let ids = rule_ids(&v);
    assert!(
        ids.contains(&"change-ops-alert-removed".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"change-ops-threshold-loosened".to_string()),
        "{ids:?}"
    );
    let targets: Vec<&str> = v["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule_id"]
                .as_str()
                .is_some_and(|i| i.starts_with("change-ops"))
        })
        .filter_map(|f| f["target"].as_str())
        .collect();
    assert!(
        targets.contains(&"CreditRiskScorerHighP99Latency"),
        "{targets:?}"
    );
    assert!(
        targets.contains(&"model:request_duration_seconds:p99_5m"),
        "{targets:?}"
    );
    assert!(targets.contains(&"model_accuracy"), "{targets:?}");
}
