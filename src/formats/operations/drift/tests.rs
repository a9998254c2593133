//! Drift reports: every Evidently fixture and modelgate's own, the ways an author could make a
//! drifted report read as stable, and malformed inputs.

use super::*;
use crate::formats::operations;
use crate::formats::Doc;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/operations");

fn one(loaded: Result<operations::Loaded>) -> Result<DriftReport> {
    let mut l = loaded?;
    assert_eq!(l.drift.len(), 1, "one drift report");
    match l.drift.pop() {
        Some(r) => Ok(r),
        None => panic!("no drift report"),
    }
}

fn load_fixture(rel: &str) -> DriftReport {
    let doc = match Doc::read(&Path::new(FIXTURES).join(rel), rel) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    match one(operations::load(&doc)) {
        Ok(r) => r,
        Err(e) => panic!("{rel}: {e}"),
    }
}

fn load_str(name: &str, text: &str) -> Result<DriftReport> {
    one(operations::load(&Doc::new(
        name,
        name,
        text.as_bytes().to_vec(),
    )))
}

fn loads(name: &str, text: &str) -> DriftReport {
    match load_str(name, text) {
        Ok(r) => r,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn fails(name: &str, text: &str) -> String {
    match load_str(name, text) {
        Ok(r) => panic!("{name} should not load: {r:?}"),
        Err(e) => e.to_string(),
    }
}

fn drifted(r: &DriftReport) -> Vec<&str> {
    r.columns
        .iter()
        .filter(|c| c.drifted)
        .map(|c| c.name.as_str())
        .collect()
}

/// A fixture loaded, snapshotted whole, and its verdicts: data set drift, share, threshold and
/// the drifted columns.
fn check(rel: &str, format: &str, dataset: bool, share: f64, threshold: f64, cols: &[&str]) {
    let r = load_fixture(rel);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match serde_json::to_string_pretty(&r) {
        Ok(text) => insta::assert_snapshot!(name, text),
        Err(e) => panic!("{e}"),
    }
    assert_eq!(r.source.format, format, "{rel}");
    assert_eq!(r.columns.len(), 5, "{rel}");
    assert_eq!(r.dataset_drift, Some(dataset), "{rel}");
    assert_eq!(r.drift_share, Some(share), "{rel}");
    assert_eq!(r.drift_share_threshold, Some(threshold), "{rel}");
    assert_eq!(drifted(&r), cols, "{rel}");
}

const DRIFT: &[&str] = &["income", "region"];

#[test]
fn evidently_legacy_reports() {
    for v in ["v0.4.40-", "v0.7.23-legacy-"] {
        let f = |n: &str| format!("evidently/{v}{n}.json");
        // 2 of 5 under the default drift_share 0.5: no data-set drift, two drifted columns.
        check(&f("data-drift"), EVIDENTLY_REPORT, false, 0.4, 0.5, DRIFT);
        check(
            &f("data-drift-share-0.3"),
            EVIDENTLY_REPORT,
            true,
            0.4,
            0.3,
            DRIFT,
        );
        check(&f("no-drift"), EVIDENTLY_REPORT, false, 0.0, 0.5, &[]);
        // The share test's own threshold (lt 0.3) fails at 0.4 where the report says no drift.
        check(
            &f("test-suite"),
            EVIDENTLY_TEST_SUITE,
            true,
            0.4,
            0.3,
            DRIFT,
        );
        check(
            &f("test-suite-no-drift"),
            EVIDENTLY_TEST_SUITE,
            false,
            0.0,
            0.3,
            &[],
        );
    }
    let r = load_fixture("evidently/v0.4.40-data-drift.json");
    assert_eq!(
        (
            r.tool.as_str(),
            r.tool_version.as_deref(),
            r.date.as_deref()
        ),
        ("evidently", Some("0.4.40"), Some("2025-01-15 12:00:00"))
    );
    // The legacy shape written by 0.7: read by its keys, its version as written.
    let r = load_fixture("evidently/v0.7.23-legacy-data-drift.json");
    assert_eq!(r.tool_version.as_deref(), Some("0.7.23"));
    check(
        "evidently/v0.4.40-data-drift-distance.json",
        EVIDENTLY_REPORT,
        false,
        0.4,
        0.5,
        DRIFT,
    );
}

#[test]
fn evidently_current_reports() {
    let f = |n: &str| format!("evidently/v0.7.23-{n}.json");
    check(&f("data-drift"), EVIDENTLY_REPORT, false, 0.4, 0.5, DRIFT);
    check(
        &f("data-drift-share-0.3"),
        EVIDENTLY_REPORT,
        true,
        0.4,
        0.3,
        DRIFT,
    );
    check(
        &f("data-drift-distance"),
        EVIDENTLY_REPORT,
        false,
        0.4,
        0.5,
        DRIFT,
    );
    check(&f("no-drift"), EVIDENTLY_REPORT, false, 0.0, 0.5, &[]);
    check(&f("test-suite"), EVIDENTLY_REPORT, false, 0.4, 0.5, DRIFT);
    check(
        &f("test-suite-no-drift"),
        EVIDENTLY_REPORT,
        false,
        0.0,
        0.5,
        &[],
    );
    // No version and no timestamp in the current shape.
    let r = load_fixture(&f("data-drift"));
    assert_eq!((r.tool_version, r.date), (None, None));
    // Full-precision scores, the method's display name and threshold.
    let income = r.columns.iter().find(|c| c.name == "income");
    assert_eq!(
        income.map(|c| (c.score, c.method.as_deref(), c.threshold)),
        Some((
            Some(1.3850840057169374e-11),
            Some("K-S p_value"),
            Some(0.05)
        ))
    );
}

#[test]
fn modelgate_fixtures() {
    check("drift/drift.json", FORMAT, false, 0.0, 0.3, &[]);
    // region and plan state no verdict: psi 0.217 >= 0.1 drifted, Jensen-Shannon 0.017 not.
    check("drift/drift-detected.json", FORMAT, true, 0.4, 0.3, DRIFT);
    let r = load_fixture("drift/drift.json");
    assert_eq!(
        (
            r.tool.as_str(),
            r.tool_version.as_deref(),
            r.date.as_deref()
        ),
        ("nannyml", Some("0.13.0"), Some("2025-01-15T12:00:00Z"))
    );
}

#[test]
fn detection_by_keys_not_version() {
    for name in [
        "v0.4.40-data-drift",
        "v0.4.40-test-suite",
        "v0.7.23-test-suite",
    ] {
        let path = Path::new(FIXTURES).join(format!("evidently/{name}.json"));
        let v: Value = match std::fs::read_to_string(path).map(|t| serde_json::from_str(&t)) {
            Ok(Ok(v)) => v,
            _ => panic!("{name}"),
        };
        assert!(is_evidently(&v), "{name}");
    }
    for text in [
        r#"{"metrics": []}"#,
        r#"{"metrics": [{"name": "x"}]}"#,
        r#"{"tests": [{"status": "FAIL"}]}"#,
        r#"[1]"#,
        r#"{"apiVersion": "v1", "kind": "X", "metrics": [{"metric": "DataDriftTable", "result": {}}]}"#,
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(!is_evidently(&v), "{text}");
    }
    // A current-shape report claiming a legacy version is still read as current.
    let r = loads(
        "r.json",
        r#"{"version": "0.4.40", "metrics": [
          {"id": "a", "config": {"type": "evidently:metric_v2:ValueDrift", "column": "x",
           "method": "K-S p_value", "threshold": 0.05}, "value": 0.01}]}"#,
    );
    assert_eq!(drifted(&r), ["x"]);
    assert_eq!(r.tool_version.as_deref(), Some("0.4.40"));
}

#[test]
fn directions_follow_evidently() {
    let p = |inclusive| Some(Direction::PValue { inclusive });
    let d = |inclusive| Some(Direction::Distance { inclusive });
    assert_eq!(direction("K-S p_value"), p(true));
    assert_eq!(direction("ks"), p(true));
    assert_eq!(direction("chi-square p_value"), p(false));
    // A p-value test although its name says distance.
    assert_eq!(direction("Total-Variation-Distance"), p(false));
    assert_eq!(direction("Anderson-Darling"), p(false));
    assert_eq!(direction("Wasserstein distance (normed)"), d(true));
    assert_eq!(direction("PSI"), d(true));
    assert_eq!(direction("Kullback-Leibler divergence"), d(true));
    assert_eq!(direction("Energy-distance"), d(false));
    assert_eq!(direction("Percentile text content drift"), None);
    assert_eq!(direction("custom function 'mine'"), None);
    assert_eq!(direction("my test p_value"), p(true));
    // At the threshold: K-S drifts, chi-square does not, a distance does.
    let at = |m: &str| direction(m).and_then(|d| d.drifted(0.05, 0.05, 0.0));
    assert_eq!(at("ks"), Some(true));
    assert_eq!(at("chisquare"), Some(false));
    assert_eq!(at("psi"), Some(true));
    assert_eq!(at("ed"), Some(false));
}

/// A legacy report of five columns; `rows` are (name, score, drift_detected), K-S at 0.05.
fn legacy(
    dataset_drift: bool,
    share: f64,
    drifted: usize,
    of: usize,
    rows: &[(&str, f64, bool)],
) -> String {
    let cols: Vec<String> = rows
        .iter()
        .map(|(n, s, d)| {
            format!(
                r#""{n}": {{"column_name": "{n}", "column_type": "num", "stattest_name": "K-S p_value",
                "stattest_threshold": 0.05, "drift_score": {s}, "drift_detected": {d}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"version": "0.4.40", "metrics": [
  {{"metric": "DatasetDriftMetric", "result": {{"drift_share": 0.5, "number_of_columns": {of},
    "number_of_drifted_columns": {drifted}, "share_of_drifted_columns": {share}, "dataset_drift": {dataset_drift}}}}},
  {{"metric": "DataDriftTable", "result": {{"number_of_columns": {of}, "number_of_drifted_columns": {drifted},
    "share_of_drifted_columns": {share}, "dataset_drift": {dataset_drift}, "drift_by_columns": {{{}}}}}}}
], "timestamp": "2025-01-15 12:00:00"}}"#,
        cols.join(",\n")
    )
}

#[test]
fn attack_stated_dataset_flag_loses_to_its_columns() {
    // dataset_drift false and a stated share of 0.4, but three of its five columns drifted:
    // 0.6 >= 0.5.
    let text = legacy(
        false,
        0.4,
        2,
        5,
        &[
            ("a", 0.001, true),
            ("b", 0.002, true),
            ("c", 0.003, true),
            ("d", 0.5, false),
            ("e", 0.6, false),
        ],
    );
    let r = loads("r.json", &text);
    assert_eq!(r.dataset_drift, Some(true));
    assert_eq!(r.drift_share, Some(0.6));
    assert_eq!(drifted(&r), ["a", "b", "c"]);

    // A count diluted by a made-up number of columns: 2 of 100 stated, 2 of 3 listed.
    let text = legacy(
        false,
        0.02,
        2,
        100,
        &[("a", 0.001, true), ("b", 0.002, true), ("c", 0.9, false)],
    );
    let r = loads("r.json", &text);
    assert_eq!(r.dataset_drift, Some(true));
    assert_eq!(r.drift_share, Some(2.0 / 3.0));

    // The same in modelgate's own format.
    let r = loads(
        "drift.json",
        r#"{"apiVersion": "modelgate.dev/v1", "kind": "DriftReport", "tool": "t",
        "date": "2025-01-15T12:00:00Z", "driftShare": 0.1, "driftShareThreshold": 0.5,
        "datasetDrift": false, "columns": [
          {"name": "a", "drifted": true}, {"name": "b", "drifted": true},
          {"name": "c", "drifted": true}, {"name": "d", "drifted": false},
          {"name": "e", "drifted": false}]}"#,
    );
    assert_eq!((r.dataset_drift, r.drift_share), (Some(true), Some(0.6)));
}

#[test]
fn attack_column_flag_loses_to_its_p_value() {
    // drift_detected false with a p-value of 0.001 under its 0.05.
    let text = legacy(
        false,
        0.0,
        0,
        2,
        &[("income", 0.001, false), ("age", 0.4, false)],
    );
    let r = loads("r.json", &text);
    assert_eq!(drifted(&r), ["income"]);
    assert_eq!(r.drift_share, Some(0.5));
    assert_eq!(r.dataset_drift, Some(true));

    // A distance over its threshold stated as not drifted, in modelgate's format.
    let r = loads(
        "drift.json",
        r#"{"apiVersion": "modelgate.dev/v1", "kind": "DriftReport", "tool": "t",
        "date": "2025-01-15T12:00:00Z", "columns": [
          {"name": "a", "method": "psi", "score": 0.3, "threshold": 0.2, "drifted": false},
          {"name": "b", "method": "psi", "score": 0.1, "threshold": 0.2, "drifted": false}]}"#,
    );
    assert_eq!(drifted(&r), ["a"]);
    assert_eq!(r.dataset_drift, None, "no threshold, no verdict stated");

    // A legacy test suite: `detected: false` and SUCCESS, its rounded score 0.0 under 0.05.
    let r = loads(
        "suite.json",
        r#"{"tests": [{"name": "Drift per Column", "status": "SUCCESS", "group": "data_drift",
          "parameters": {"stattest": "K-S p_value", "score": 0.0, "threshold": 0.05,
          "detected": false, "column_name": "income"}}], "summary": {"all_passed": true}}"#,
    );
    assert_eq!(drifted(&r), ["income"]);
}

#[test]
fn rounded_scores_at_the_threshold_are_not_judged() {
    // 0.05 rounded from anything in [0.0495, 0.0505]: the tool's verdict stands.
    let suite = |detected: bool, status: &str| {
        format!(
            r#"{{"tests": [{{"name": "Drift per Column", "status": "{status}",
          "parameters": {{"stattest": "K-S p_value", "score": 0.05, "threshold": 0.05,
          "detected": {detected}, "column_name": "x"}}}}]}}"#
        )
    };
    assert!(!loads("s.json", &suite(false, "SUCCESS")).columns[0].drifted);
    assert!(loads("s.json", &suite(true, "FAIL")).columns[0].drifted);
}

/// A current-shape report: one DriftedColumnsCount and `cols` (name, p-value) ValueDrift
/// metrics, K-S at 0.05, with `tests`.
fn current(count: f64, share: f64, cols: &[(&str, f64)], tests: &str) -> String {
    let metrics: Vec<String> = cols
        .iter()
        .map(|(n, s)| {
            format!(
                r#"{{"id": "m-{n}", "metric_name": "ValueDrift(column={n})", "config": {{
              "type": "evidently:metric_v2:ValueDrift", "column": "{n}", "method": "K-S p_value",
              "threshold": 0.05}}, "value": {s}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"metrics": [{{"id": "count", "config": {{"type": "evidently:metric_v2:DriftedColumnsCount",
      "drift_share": 0.5}}, "value": {{"count": {count}, "share": {share}}}}}, {}], "tests": [{tests}]}}"#,
        metrics.join(",")
    )
}

fn value_drift_test(column: &str, status: &str) -> String {
    format!(
        r#"{{"id": "drift", "name": "Value Drift for column {column}", "status": "{status}",
      "metric_config": {{"metric_id": "m-{column}", "params": {{"type": "evidently:metric_v2:ValueDrift",
      "column": "{column}", "method": "K-S p_value", "threshold": 0.05}}}}, "test_config": {{}},
      "bound_test": {{"type": "evidently:bound_test:ValueDriftBoundTest",
      "test": {{"type": "evidently:test_v2:ValueDriftTest", "is_critical": true}}}}}}"#
    )
}

fn share_test(ty: &str, threshold: &str, status: &str) -> String {
    format!(
        r#"{{"id": "x", "name": "Share of Drifted Columns", "status": "{status}",
      "metric_config": {{"metric_id": "count", "params": {{"type": "evidently:metric_v2:DriftedColumnsCount",
      "drift_share": 0.5}}}}, "test_config": {{"type": "evidently:test_v2:{ty}", "threshold": {threshold}}},
      "bound_test": {{"type": "evidently:bound_test:CountBoundTest", "is_count": false}}}}"#
    )
}

#[test]
fn attack_current_tests_fail_while_values_look_fine() {
    // Every score looks stable and the count says 0, but the tests FAIL.
    let tests = [
        share_test("LessThanMetricTest", "0.5", "FAIL"),
        value_drift_test("a", "FAIL"),
        value_drift_test("b", "WARNING"),
        value_drift_test("c", "SUCCESS"),
    ]
    .join(",");
    let r = loads(
        "r.json",
        &current(0.0, 0.0, &[("a", 0.9), ("b", 0.8), ("c", 0.7)], &tests),
    );
    assert_eq!(drifted(&r), ["a", "b"]);
    assert_eq!(r.dataset_drift, Some(true));
    assert_eq!(r.drift_share, Some(2.0 / 3.0));
    // The score shown stays the metric's, not lost to the test.
    assert_eq!(r.columns[0].score, Some(0.9));

    // A test that errored shows nothing; with no score to judge either, the column drifted.
    let r = loads(
        "r.json",
        &current(0.0, 0.0, &[("a", 0.9)], &value_drift_test("z", "ERROR")),
    );
    assert_eq!(drifted(&r), ["z"]);
}

#[test]
fn current_tests_that_are_not_drift_verdicts() {
    // `gt` on the share: its SUCCESS does not say "no drift", its threshold is not taken.
    let r = loads(
        "r.json",
        &current(
            0.0,
            0.0,
            &[("a", 0.9)],
            &share_test("GreaterThanMetricTest", "0.1", "SUCCESS"),
        ),
    );
    assert_eq!(
        (r.dataset_drift, r.drift_share_threshold),
        (Some(false), Some(0.5))
    );
    // `le 0.2` on the share: drift at share > 0.2; the stricter threshold is shown.
    let r = loads(
        "r.json",
        &current(
            1.0,
            0.5,
            &[("a", 0.01), ("b", 0.9)],
            &share_test("LessOrEqualMetricTest", "0.2", "SUCCESS"),
        ),
    );
    assert_eq!(
        (r.dataset_drift, r.drift_share_threshold),
        (Some(true), Some(0.2))
    );
}

#[test]
fn unknown_method_without_verdict_is_drifted() {
    let text = r#"{"metrics": [{"id": "a", "config": {"type": "evidently:metric_v2:ValueDrift",
      "column": "embedding", "method": "custom function 'mine'", "threshold": 0.5}, "value": 0.01}]}"#;
    let r = loads("r.json", text);
    assert_eq!(drifted(&r), ["embedding"]);
    // Its stated verdict stands when nothing checks it.
    let r = loads(
        "drift.json",
        r#"{"apiVersion": "modelgate.dev/v1", "kind": "DriftReport", "tool": "t",
        "date": "2025-01-15T12:00:00Z", "columns": [
          {"name": "a", "method": "mmd-permutation", "score": 0.2, "threshold": 0.1},
          {"name": "b", "method": "mmd-permutation", "score": 0.2, "threshold": 0.1, "drifted": false}]}"#,
    );
    assert_eq!(drifted(&r), ["a"]);
}

#[test]
fn malformed_evidently() {
    let good = legacy(false, 0.0, 0, 1, &[("a", 0.5, false)]);
    let e = fails(
        "r.json",
        &good.replace(r#""drift_score": 0.5"#, r#""drift_score": "0.5""#),
    );
    assert!(
        e.contains("line 6, column 60")
            && e.contains("/metrics/1/result/drift_by_columns/a/drift_score")
            && e.contains("expected a number")
            && e.contains("found the string `0.5`"),
        "{e}"
    );
    let e = fails(
        "r.json",
        &good.replace(r#", "dataset_drift": false}}"#, "}}"),
    );
    assert!(
        e.contains(
            "at /metrics/0/result/dataset_drift: missing `dataset_drift`: expected true or false"
        ),
        "{e}"
    );
    let e = fails(
        "r.json",
        &good.replacen(
            r#""share_of_drifted_columns": 0"#,
            r#""share_of_drifted_columns": 1.5"#,
            1,
        ),
    );
    assert!(
        e.contains("at /metrics/0/result/share_of_drifted_columns: `share_of_drifted_columns` must be between 0 and 1, found 1.5"),
        "{e}"
    );
    let e = fails(
        "r.json",
        r#"{"metrics": [{"metric": "DatasetDriftMetric", "result": 3}]}"#,
    );
    assert!(
        e.contains("at /metrics/0/result: `result`: expected an object, found the number 3"),
        "{e}"
    );
    // Recognised as Evidently, but no data drift in it: not drift evidence.
    let e = fails(
        "r.json",
        r#"{"metrics": [{"metric": "ColumnSummaryMetric", "result": {}}]}"#,
    );
    assert!(e.contains("without data-drift results"), "{e}");
    let e = fails(
        "r.json",
        r#"{"metrics": [{"id": "a", "config": {"type": "evidently:metric_v2:ValueDrift",
          "column": "x"}, "value": {"v": 1}}]}"#,
    );
    assert!(
        e.contains("at /metrics/0/value: `value`: expected a number, found an object"),
        "{e}"
    );
    let e = fails(
        "r.json",
        r#"{"tests": [{"name": "Drift per Column", "status": "FAIL", "parameters": {"score": 0.1}}]}"#,
    );
    assert!(
        e.contains("at /tests/0/parameters/column_name: missing `column_name`"),
        "{e}"
    );
    let e = fails(
        "r.json",
        r#"{"metrics": [{"metric": "DataDriftTable", "result": {"x": 1}}]}"#,
    );
    assert!(e.contains("missing `share_of_drifted_columns`"), "{e}");
    let e = fails(
        "r.json",
        &good.replace(r#""version": "0.4.40""#, r#""version": 4"#),
    );
    assert!(
        e.contains(
            "line 1, column 13, at /version: `version`: expected a string, found the number 4"
        ),
        "{e}"
    );
}

#[test]
fn malformed_modelgate() {
    let base = r#"{"apiVersion": "modelgate.dev/v1", "kind": "DriftReport", "tool": "t",
  "date": "2025-01-15T12:00:00Z", "columns": [{"name": "a", "drifted": false}]}"#;
    assert!(load_str("d.json", base).is_ok());
    let e = fails(
        "d.json",
        &base.replace(r#""drifted": false"#, r#""drifted": "no""#),
    );
    assert!(
        e.contains("/columns/0/drifted") && e.contains("invalid type"),
        "{e}"
    );
    let e = fails(
        "d.json",
        &base.replace(r#""tool": "t","#, r#""tool": "t", "tol": 1,"#),
    );
    assert!(e.contains("unknown field `tol`"), "{e}");
    let e = fails(
        "d.json",
        &base.replace("2025-01-15T12:00:00Z", "2025-01-15 12:00"),
    );
    assert!(
        e.contains("line 2") && e.contains("/date") && e.contains("RFC 3339"),
        "{e}"
    );
    let e = fails(
        "d.json",
        &base.replace("modelgate.dev/v1", "modelgate.dev/v2"),
    );
    assert!(e.contains("apiVersion must be `modelgate.dev/v1`"), "{e}");
    let e = fails("d.json", &base.replace(r#""tool": "t","#, ""));
    assert!(e.contains("missing field `tool`"), "{e}");
    let e = fails(
        "d.json",
        &base.replace(
            r#"{"name": "a", "drifted": false}"#,
            r#"{"name": "a"}, {"name": "a"}"#,
        ),
    );
    assert!(
        e.contains("/columns/1/name") && e.contains("listed twice"),
        "{e}"
    );
    let e = fails(
        "d.json",
        &base.replace(r#"{"name": "a", "drifted": false}"#, ""),
    );
    assert!(e.contains("needs columns"), "{e}");
    let e = fails(
        "d.json",
        &base.replace(r#""columns""#, r#""driftShareThreshold": 2, "columns""#),
    );
    assert!(
        e.contains("/driftShareThreshold") && e.contains("between 0 and 1"),
        "{e}"
    );
    // YAML: errors carry the line too.
    let yaml = "apiVersion: modelgate.dev/v1\nkind: DriftReport\ntool: t\ndate: 2025-01-15T12:00:00Z\ncolumns:\n  - name: a\n    score: high\n";
    let e = fails("drift.yaml", yaml);
    assert!(
        e.contains("line 7") && e.contains("/columns/0/score"),
        "{e}"
    );
}

#[test]
fn schema_exports() {
    let schema = schemars::schema_for!(DriftReportFile);
    let text = match serde_json::to_string(&schema) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    for key in [
        "driftShareThreshold",
        "datasetDrift",
        "toolVersion",
        "additionalProperties",
    ] {
        assert!(text.contains(key), "{key}");
    }
}
