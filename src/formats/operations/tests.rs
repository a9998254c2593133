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
    // The lines the rules' findings point at: a metric's item, a key, and an absent key at its
    // parent's line.
    assert_eq!(
        plan.lines.get("/monitoring/metrics/2"),
        Some(&LINE_PERFORMANCE)
    );
    assert_eq!(
        plan.lines.get("/logging/retentionDays"),
        Some(&LINE_RETENTION)
    );
    assert_eq!(plan.lines.get("/rollback"), Some(&LINE_ROLLBACK));
}

/// Lines of tests/fixtures/operations/plan/operations.yaml.
const LINE_PERFORMANCE: usize = 18;
const LINE_RETENTION: usize = 37;
const LINE_ROLLBACK: usize = 38;

/// A plan in the second document of a file is located in that document.
#[test]
fn plan_lines_in_a_second_document() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: modelgate.dev/v1\nkind: OperationsPlan\nlogging:\n  retentionDays: 30\n";
    let loaded = load(&inline("ops.yaml", text));
    // A ConfigMap is not operations evidence: refused. The plan alone after a comment document.
    assert!(loaded.is_err());
    let text = "# plan\n---\napiVersion: modelgate.dev/v1\nkind: OperationsPlan\nlogging:\n  retentionDays: 30\n";
    let loaded = load(&inline("ops.yaml", text)).unwrap();
    assert_eq!(
        loaded.plans[0].lines.get("/logging/retentionDays"),
        Some(&6)
    );
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

// ---- where an error is in a file of several documents or a `List` ----

/// The pointer, line and column of the error loading `text` as `name`.
fn located(name: &str, text: &str) -> (Option<String>, Option<usize>, Option<usize>) {
    match load(&inline(name, text)) {
        Ok(_) => panic!("{name} loaded"),
        Err(crate::error::Error::Format { location, .. }) => {
            (location.pointer, location.line, location.column)
        }
        Err(e) => panic!("not a format error: {e}"),
    }
}

fn at(pointer: &str, line: usize, column: usize) -> (Option<String>, Option<usize>, Option<usize>) {
    (Some(pointer.to_string()), Some(line), Some(column))
}

/// A rule group of one alert whose `for` is no duration, in a `groups:` document.
const BAD_GROUPS: &str = "groups:
  - name: second
    rules:
      - alert: B
        expr: up == 0
        for: soon
";

/// A first document with a block scalar holding `---` lines: text, not document markers.
const FIRST_GROUPS: &str = "groups:
  - name: first
    rules:
      - alert: A
        expr: up == 0
        annotations:
          description: |
            a block scalar
            ---
            is not a document marker
";

#[test]
fn a_prometheus_error_in_a_later_document_names_its_line() {
    // Separated by `---`, after a block scalar with `---` inside: lines 1-10, `---` on 11.
    let text = format!("{FIRST_GROUPS}---\n{BAD_GROUPS}");
    assert_eq!(
        located("rules.yaml", &text),
        at("/groups/0/rules/0/for", 17, 9)
    );
    // Ended by `...`, the next document without `---` (YAML 1.2 allows a bare one there).
    let text = format!("{FIRST_GROUPS}...\n{BAD_GROUPS}");
    assert_eq!(
        located("rules.yaml", &text),
        at("/groups/0/rules/0/for", 17, 9)
    );
    // The second document starts on its `---` line.
    let text = "groups: []\n--- {groups: [{name: g, rules: [{alert: B, expr: up, for: soon}]}]}\n";
    assert_eq!(
        located("rules.yaml", text),
        at("/groups/0/rules/0/for", 2, 54)
    );
}

const TEMPLATE: &str = "apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: t}
spec:
  metrics:
    - name: error-rate
      successCondition: result[0] < 0.02
      provider: {prometheus: {address: http://p, query: q}}
";

const BAD_ROLLOUT: &str = "apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec:
  strategy:
    canary:
      steps:
        - setWeight: ten
";

#[test]
fn an_argo_error_in_a_later_document_names_its_line() {
    let text = format!("{TEMPLATE}---\n{BAD_ROLLOUT}");
    assert_eq!(
        located("argo.yaml", &text),
        at("/spec/strategy/canary/steps/0/setWeight", 17, 11)
    );
    let text = format!("{TEMPLATE}...\n{BAD_ROLLOUT}");
    assert_eq!(
        located("argo.yaml", &text),
        at("/spec/strategy/canary/steps/0/setWeight", 17, 11)
    );
    // An empty document before it is skipped by the reader and by the locator alike.
    let text = format!("---\n# nothing\n---\n{BAD_ROLLOUT}");
    assert_eq!(
        located("argo.yaml", &text),
        at("/spec/strategy/canary/steps/0/setWeight", 11, 11)
    );
}

/// `kubectl get -o yaml` writes a `List`: an error in an item is located in that item.
#[test]
fn an_error_in_a_list_item_names_its_line() {
    let indent = |t: &str| t.replace('\n', "\n    ");
    let text = format!(
        "apiVersion: v1\nkind: List\nitems:\n  - {}\n  - {}\n",
        indent(TEMPLATE).trim_end(),
        indent(BAD_ROLLOUT).trim_end()
    );
    assert_eq!(
        located("list.yaml", &text),
        at("/items/1/spec/strategy/canary/steps/0/setWeight", 19, 15)
    );
    // In the second document, after a List.
    let text = format!("{TEMPLATE}---\n{text}");
    assert_eq!(
        located("list.yaml", &text),
        at("/items/1/spec/strategy/canary/steps/0/setWeight", 28, 15)
    );
    // `kubectl get -o json`.
    let list = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n  {\"groups\": []},\n  {\"groups\": [{\"name\": \"g\", \"rules\": [{\"alert\": \"B\", \"expr\": \"up\",\n    \"for\": \"soon\"}]}]}]}";
    assert_eq!(
        located("list.json", list),
        at("/items/1/groups/0/rules/0/for", 4, 12)
    );
}

#[test]
fn a_plan_in_a_later_document_names_its_line() {
    let text = format!(
        "{TEMPLATE}---\napiVersion: modelgate.dev/v1\nkind: OperationsPlan\nlogging:\n  retentionDays: many\n"
    );
    let (pointer, line, column) = located("operations.yaml", &text);
    assert_eq!(pointer.as_deref(), Some("/logging/retentionDays"));
    assert_eq!((line, column), (Some(13), Some(3)));
}

#[test]
fn a_drift_report_in_a_later_document_names_its_line() {
    let text = format!(
        "{TEMPLATE}---\napiVersion: modelgate.dev/v1\nkind: DriftReport\ntool: t\ndate: 2026-01-01\ncolumns:\n  - {{name: a, drifted: maybe}}\n"
    );
    let (pointer, line, _) = located("drift.yaml", &text);
    assert_eq!(pointer.as_deref(), Some("/columns/0/drifted"));
    assert_eq!(line, Some(15));
}
