use super::*;
use std::path::Path;

fn fixture(rel: &str) -> Doc {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/operations")
        .join(rel);
    Doc::new(&path, rel, std::fs::read(&path).unwrap())
}

fn inline(name: &str, text: &str) -> Doc {
    Doc::new(
        Path::new("bundle").join(name),
        name,
        text.as_bytes().to_vec(),
    )
}

#[test]
fn the_plan_reads_every_section() {
    let loaded = load(&fixture("plan/operations.yaml")).unwrap();
    assert_eq!(loaded.plans.len(), 1);
    let plan = &loaded.plans[0];
    assert_eq!(plan.source.format, plan::FORMAT);
    let kinds: Vec<&str> = plan.metrics.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "data_drift",
            "prediction_drift",
            "performance",
            "latency",
            "error_rate"
        ]
    );
    assert_eq!(plan.metrics[2].direction, "below");
    assert_eq!(plan.metrics[2].threshold, 0.85);
    assert_eq!(
        plan.metrics[0].alert.as_deref(),
        Some("CreditRiskScorerDataDrift")
    );
    assert_eq!(plan.log_retention_days, Some(400));
    assert_eq!(
        plan.rollback.as_ref().and_then(|r| r.version.as_deref()),
        Some("2.2.0")
    );
    assert_eq!(
        plan.alerting.as_ref().and_then(|a| a.on_call.as_deref()),
        Some("risk-ml-oncall")
    );
    assert!(plan
        .incidents
        .as_ref()
        .and_then(|i| i.serious_incident_reporting.as_deref())
        .is_some_and(|t| t.contains("Art. 73")));
    assert_eq!(plan.retraining.as_ref().map(|r| r.triggers.len()), Some(3));
    assert!(plan
        .access
        .as_ref()
        .and_then(|a| a.authentication.as_deref())
        .is_some());
}

/// A misspelt key is refused, located at its line: a plan that silently dropped
/// `retentionDays` would read as "retention not stated" rather than as the author meant, and
/// an unknown `direction` could turn a floor into a ceiling.
#[test]
fn plan_mistakes_are_located_errors() {
    let e = load(&inline(
        "operations.yaml",
        "apiVersion: modelgate.dev/v1\nkind: OperationsPlan\nlogging:\n  retentionDay: 400\n",
    ))
    .unwrap_err();
    let t = e.to_string();
    assert!(t.contains("line 4") && t.contains("retentionDay"), "{t}");
    assert_eq!(e.code(), Some(crate::diagnostic::Code::UnknownField), "{t}");

    let e = load(&inline(
        "operations.yaml",
        "apiVersion: modelgate.dev/v1\nkind: OperationsPlan\nmonitoring:\n  metrics:\n    - {kind: performance, name: acc, threshold: 0.8, direction: sideways}\n",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("line 5") && e.contains("/monitoring/metrics/0/direction"),
        "{e}"
    );

    let e = load(&inline(
        "operations.yaml",
        "apiVersion: modelgate.dev/v2\nkind: OperationsPlan\n",
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("modelgate.dev/v1"), "{e}");
}

/// A file that is none of the operations formats is an error naming what was expected, in
/// whichever document of the stream it is.
#[test]
fn unknown_documents_are_refused() {
    let e = load(&inline(
        "ops.yaml",
        "apiVersion: modelgate.dev/v1\nkind: OperationsPlan\n---\napiVersion: v1\nkind: ConfigMap\n",
    ))
    .unwrap_err();
    assert_eq!(e.code(), Some(crate::diagnostic::Code::UnsupportedFormat));
    assert!(e.to_string().contains("document 2"), "{e}");
    assert!(e.to_string().contains("ConfigMap"), "{e}");
}

#[test]
fn combine_carries_the_plan_and_every_other_piece() {
    let a = load(&fixture("plan/operations.yaml")).unwrap();
    let ops = combine(vec![a, Loaded::default()]);
    assert!(ops.plan.is_some());
    assert!(ops.alerts.is_empty() && ops.rollouts.is_empty() && ops.drift.is_empty());
}

/// `kubectl get prometheusrules -o yaml` writes a `List`: its items are read.
#[test]
fn kubernetes_lists_are_read_item_by_item() {
    let rule = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/operations/prometheus/prometheusrule.yaml"),
    )
    .unwrap();
    let item: serde_json::Value = crate::formats::parse_yaml_documents(&rule)
        .unwrap()
        .remove(0);
    let list =
        serde_json::json!({"apiVersion": "v1", "kind": "List", "items": [item.clone(), item]});
    let loaded = load(&inline("rules.json", &list.to_string())).unwrap();
    let single = load(&fixture("prometheus/prometheusrule.yaml")).unwrap();
    assert!(!single.alerts.is_empty());
    assert_eq!(loaded.alerts.len(), 2 * single.alerts.len());
}
