//! Prometheus rules loaded: every fixture (one snapshot each), the PromQL tokenizer, ways an
//! author could make an alert look as if it watched the model, and malformed rule files.

use super::promql::{reads, tokenize, Reads, Token};
use super::*;
use crate::formats::operations::{self as ops, Loaded};
use crate::formats::Doc;
use crate::input::LabelMatcher;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/operations");
const MODEL: &str = "credit-risk-scorer";

fn fixture(rel: &str) -> Loaded {
    let doc = match Doc::read(&Path::new(FIXTURES).join(rel), rel) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    match ops::load(&doc) {
        Ok(l) => l,
        Err(e) => panic!("{rel}: {e}"),
    }
}

fn load_str(name: &str, text: &str) -> crate::error::Result<Loaded> {
    ops::load(&Doc::new(name, name, text.as_bytes().to_vec()))
}

fn must(text: &str) -> Loaded {
    match load_str("rules.yaml", text) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    }
}

fn fails(name: &str, text: &str) -> String {
    match load_str(name, text) {
        Ok(_) => panic!("{name} should not load"),
        Err(e) => e.to_string(),
    }
}

/// The alerts, resolved against the file's recordings, and the recordings.
fn resolved(l: &Loaded) -> Vec<AlertRule> {
    l.alerts
        .iter()
        .map(|a| resolve(a.clone(), &l.recordings))
        .collect()
}

fn snapshot(name: &str, l: &Loaded) {
    let recordings: Vec<Value> = l
        .recordings
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "model_selectors": r.model_selectors,
                "metrics": r.metrics,
            })
        })
        .collect();
    let v = serde_json::json!({ "alerts": resolved(l), "recordings": recordings });
    match serde_json::to_string_pretty(&v) {
        Ok(text) => insta::assert_snapshot!(name, text),
        Err(e) => panic!("{e}"),
    }
}

/// Whether a matcher selects `model` as Prometheus reads it: regexes fully anchored.
fn matches(m: &LabelMatcher, model: &str) -> bool {
    let re = |r: &str| match regex::Regex::new(&format!("^(?:{r})$")) {
        Ok(re) => re.is_match(model),
        Err(e) => panic!("{e}"),
    };
    match m.op.as_str() {
        "=" => m.value == model,
        "!=" => m.value != model,
        "=~" => re(&m.value),
        "!~" => !re(&m.value),
        op => panic!("unknown op {op}"),
    }
}

/// The policy's reading: a positive matcher (`=` or `=~`) of the alert selects the model.
fn selects(a: &AlertRule, model: &str) -> bool {
    a.model_selectors
        .iter()
        .any(|m| matches!(m.op.as_str(), "=" | "=~") && matches(m, model))
}

fn m(op: &str, value: &str) -> LabelMatcher {
    LabelMatcher {
        op: op.to_string(),
        value: value.to_string(),
    }
}

fn ok_reads(expr: &str) -> Reads {
    match reads(expr) {
        Ok(r) => r,
        Err(e) => panic!("{expr}: {e}"),
    }
}

fn metrics(expr: &str) -> Vec<String> {
    ok_reads(expr).metrics
}

fn selectors(expr: &str) -> Vec<LabelMatcher> {
    ok_reads(expr).model_selectors
}

fn bad_expr(expr: &str) -> String {
    match reads(expr) {
        Ok(r) => panic!("{expr} should not tokenize: {r:?}"),
        Err(e) => e,
    }
}

fn one_alert(expr_yaml: &str) -> AlertRule {
    let l = must(&format!(
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: {expr_yaml}\n"
    ));
    assert_eq!(l.alerts.len(), 1);
    l.alerts[0].clone()
}

// ---- fixtures ----

#[test]
fn rule_file_fixture() {
    let l = fixture("prometheus/credit-risk-rules.yaml");
    let alerts = resolved(&l);
    assert_eq!((alerts.len(), l.recordings.len()), (5, 2));
    for a in &alerts {
        assert_eq!(a.source.format, "prometheus-rules");
        assert_eq!(a.group, "credit-risk-scorer.alerts");
        for key in ["severity", "team", "owner"] {
            assert!(a.labels.contains_key(key), "{} lacks {key}", a.name);
        }
        assert!(a.annotations.contains_key("runbook_url"), "{}", a.name);
        assert!(selects(a, MODEL), "{} should select the model", a.name);
    }
    let drift = &alerts[1];
    assert_eq!(
        drift.model_selectors,
        vec![m("=~", "credit-risk-scorer|credit-risk-scorer-challenger")]
    );
    // The latency alert reads a recorded series: resolved to the histogram it records.
    let latency = &alerts[3];
    assert_eq!(
        latency.metrics,
        vec![
            "model:request_duration_seconds:p99_5m",
            "model_request_duration_seconds_bucket"
        ]
    );
    assert_eq!(latency.r#for.as_deref(), Some("10m"));
    // Recording rules are generic: `by (namespace, model, le)` is no selector.
    assert!(l.recordings.iter().all(|r| r.model_selectors.is_empty()));
    assert!(alerts[4].expr.contains("code=~\"5..\""));
    snapshot("credit-risk-rules.yaml", &l);
}

#[test]
fn prometheusrule_fixture_reads_as_the_rule_file() {
    let l = fixture("prometheus/prometheusrule.yaml");
    snapshot("prometheusrule.yaml", &l);
    let file = resolved(&fixture("prometheus/credit-risk-rules.yaml"));
    let res = resolved(&l);
    assert_eq!(res.len(), 5);
    for (a, b) in res.iter().zip(&file) {
        assert_eq!(a.source.format, "prometheus-operator-rule");
        assert_eq!(
            (
                &a.name,
                &a.group,
                &a.expr,
                &a.r#for,
                &a.labels,
                &a.annotations
            ),
            (
                &b.name,
                &b.group,
                &b.expr,
                &b.r#for,
                &b.labels,
                &b.annotations
            )
        );
        assert_eq!(
            (&a.model_selectors, &a.metrics),
            (&b.model_selectors, &b.metrics)
        );
    }
}

#[test]
fn missing_alert_fixture() {
    let l = fixture("prometheus/missing-alert.yaml");
    snapshot("missing-alert.yaml", &l);
    let alerts = resolved(&l);
    assert_eq!(alerts.len(), 4);
    assert!(alerts
        .iter()
        .all(|a| a.name != "CreditRiskScorerHighErrorRate"));
    // The error ratio is still recorded, but no alert reads it or its counter.
    assert!(l
        .recordings
        .iter()
        .any(|r| r.name == "model:requests_errors:ratio_rate5m"));
    assert!(alerts.iter().all(|a| !a
        .metrics
        .iter()
        .any(|x| x == "model_requests_total" || x == "model:requests_errors:ratio_rate5m")));
}

#[test]
fn other_model_fixture() {
    let l = fixture("prometheus/other-model.yaml");
    snapshot("other-model.yaml", &l);
    let alerts = resolved(&l);
    assert_eq!(alerts.len(), 5);
    assert!(alerts.iter().all(|a| !selects(a, MODEL)));
    assert!(alerts.iter().all(|a| selects(a, "fraud-detector")));
}

#[test]
fn recordings_resolve_across_files() {
    let rec = must(
        "groups:\n  - name: r\n    rules:\n      - record: r:x\n        expr: base{model=\"m\"}\n",
    );
    let alert = must("groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: r:x > 1\n");
    let ops = ops::combine(vec![alert, rec]);
    assert_eq!(ops.alerts[0].model_selectors, vec![m("=", "m")]);
    assert_eq!(ops.alerts[0].metrics, vec!["r:x", "base"]);
}

/// Attack: an alert for another model that reads a series recorded from this model's must not
/// count as watching this model: its own matcher filters the recorded series, so it never
/// fires for this model.
#[test]
fn an_alert_with_its_own_model_matcher_is_not_widened_by_its_recording() {
    let l = must(
        r#"groups:
  - name: g
    rules:
      - record: r:x
        expr: base{model="credit-risk-scorer"}
      - alert: Other
        expr: r:x{model="other"} > 1
"#,
    );
    let a = resolve(l.alerts[0].clone(), &l.recordings);
    assert_eq!(a.model_selectors, vec![m("=", "other")]);
    assert!(!selects(&a, MODEL));
}

#[test]
fn resolution_follows_one_level() {
    let l = must(
        r#"groups:
  - name: g
    rules:
      - record: r0
        expr: base{model="deep"}
      - record: r1
        expr: sum by (model) (r0{model="mid"})
      - alert: A
        expr: r1 > 1
"#,
    );
    let a = resolve(l.alerts[0].clone(), &l.recordings);
    // r1's own selectors and metrics, not those r0 reads.
    assert_eq!(a.model_selectors, vec![m("=", "mid")]);
    assert_eq!(a.metrics, vec!["r1", "r0"]);
}

// ---- the tokenizer ----

#[test]
fn functions_aggregations_and_label_lists_are_not_metrics() {
    assert_eq!(
        metrics("histogram_quantile(0.99, sum by (namespace, model, le) (rate(a_bucket{namespace=\"x\"}[5m])))"),
        vec!["a_bucket"]
    );
    // `by (model)` lists a label: no selector.
    assert!(selectors("sum by (model) (a)").is_empty());
    assert_eq!(metrics("sum(a) without (instance, pod)"), vec!["a"]);
    assert_eq!(
        metrics("a * on(model, instance) group_left(team) b"),
        vec!["a", "b"]
    );
    assert_eq!(
        metrics("a / ignoring(code) group_right b > bool 1"),
        vec!["a", "b"]
    );
    assert_eq!(metrics("a * on() group_left c"), vec!["a", "c"]);
    assert_eq!(
        metrics("a offset 5m and b @ 1609746000 unless c or d @ start()"),
        vec!["a", "b", "c", "d"]
    );
    // Keywords are case-insensitive.
    assert_eq!(metrics("SUM BY (x) (a) AND ON (y) b"), vec!["a", "b"]);
    assert_eq!(
        metrics("topk(5, a) + quantile(0.9, b) - count_values(\"v\", c)"),
        vec!["a", "b", "c"]
    );
    assert_eq!(metrics("atan2(a, b) + absent(up)"), vec!["a", "b", "up"]);
    // A metric name may be a function's name when no `(` follows.
    assert_eq!(metrics("rate"), vec!["rate"]);
}

#[test]
fn numbers_durations_and_recorded_names() {
    assert_eq!(
        metrics("max_over_time(job:a:rate5m[1h:5m]) > 1e-3 * 0x1f + .5 - Inf + NaN"),
        vec!["job:a:rate5m"]
    );
    assert_eq!(metrics("a[1h30m] offset -5m"), vec!["a"]);
    assert_eq!(metrics("avg_over_time(rate(a[5m])[30m:])"), vec!["a"]);
    assert_eq!(metrics(":a:b"), vec![":a:b"]);
    assert_eq!(metrics("up == 0"), vec!["up"]);
    assert_eq!(
        metrics("a{x=\"1\"} / a{x=\"2\"}"),
        vec!["a"],
        "each name once"
    );
    assert_eq!(
        tokenize("a>=1"),
        Ok(vec![
            Token::Ident("a".into()),
            Token::Op(">="),
            Token::Number
        ])
    );
}

#[test]
fn matchers_of_every_quote_style_and_op() {
    assert_eq!(selectors("a{model=\"x\"}"), vec![m("=", "x")]);
    assert_eq!(selectors("a{model='x'}"), vec![m("=", "x")]);
    assert_eq!(selectors("a{model=`x`}"), vec![m("=", "x")]);
    assert_eq!(selectors("a{model != \"x\"}"), vec![m("!=", "x")]);
    assert_eq!(selectors("a{model!~'x|y'}"), vec![m("!~", "x|y")]);
    assert_eq!(selectors("a{model=~\"a|b\",}"), vec![m("=~", "a|b")]);
    // PromQL's escapes: Go's, the string's own quote only; backticks are raw.
    assert_eq!(selectors(r#"a{model="cr\"s"}"#), vec![m("=", "cr\"s")]);
    assert_eq!(selectors(r"a{model='cr\'s'}"), vec![m("=", "cr's")]);
    assert_eq!(
        selectors(r#"a{model=~"credit\\.risk"}"#),
        vec![m("=~", r"credit\.risk")]
    );
    assert_eq!(
        selectors(r"a{model=~`credit\.risk`}"),
        vec![m("=~", r"credit\.risk")]
    );
    assert_eq!(
        selectors(r#"a{model="\x41\101\u00e9\U0001F600\t"}"#),
        vec![m("=", "AA\u{e9}\u{1F600}\t")]
    );
    assert_eq!(
        selectors(r#"a{model="\xc3\xa9"}"#),
        vec![m("=", "\u{e9}")],
        "bytes are UTF-8"
    );
    // Other labels are not model selectors; label names are case-sensitive.
    assert!(selectors("a{Model=\"x\", models=\"y\", job=\"model\"}").is_empty());
    // Each matcher once.
    assert_eq!(
        selectors("a{model=\"x\"} / b{model=\"x\"}"),
        vec![m("=", "x")]
    );
}

#[test]
fn metric_names_inside_braces() {
    let r = ok_reads("{__name__=\"a\", model=\"x\"} + {model=\"y\"}");
    assert_eq!(r.metrics, vec!["a"]);
    assert_eq!(r.model_selectors, vec![m("=", "x"), m("=", "y")]);
    // A regex over names names no metric.
    assert!(metrics("{__name__=~\"model_.*\"}").is_empty());
    assert!(metrics("{__name__!=\"a\", job=\"j\"}").is_empty());
    // Prometheus 3: a quoted name alone, and quoted label names.
    let r = ok_reads("{\"model.drift\", \"model\"=\"x\"}");
    assert_eq!(r.metrics, vec!["model.drift"]);
    assert_eq!(r.model_selectors, vec![m("=", "x")]);
}

#[test]
fn what_prometheus_would_refuse_is_an_error() {
    for (expr, want) in [
        ("a{model=\"x}", "unterminated"),
        ("a{model=\"x\n\"}", "newline"),
        ("a{model=`x}", "unterminated"),
        (r#"a{model="\q"}"#, "unknown escape"),
        (r#"a{model="\x4"}"#, "bad escape"),
        (r#"a{model="\400"}"#, "octal escape"),
        (r#"a{model="\uD800"}"#, "invalid code point"),
        ("rate(a[5m]", "unclosed bracket"),
        ("rate(a[5m]))", "unbalanced"),
        ("a{model=\"x\")", "unbalanced"),
        ("a $ b", "unexpected character `$`"),
        ("a . b", "unexpected character `.`"),
        ("a ! b", "unexpected character `!`"),
        ("a{model}", "needs a matcher"),
        ("a{model=x}", "needs a quoted value"),
        ("a{model==\"x\"}", "needs a matcher"),
        ("a{5=\"x\"}", "unexpected a number"),
    ] {
        let e = bad_expr(expr);
        assert!(e.contains(want), "{expr}: {e}");
    }
}

#[test]
fn durations() {
    for ok in ["5m", "1h30m", "0", "1y2w3d4h5m6s7ms", "90s", "100ms"] {
        assert!(is_duration(ok), "{ok}");
    }
    for bad in [
        "", "5", "m", "30m1h", "5m5m", "1.5h", "-5m", "5 m", "5M", "0s0",
    ] {
        assert!(!is_duration(bad), "{bad}");
    }
}

// ---- attacks: an alert that looks as if it watched the model ----

#[test]
fn a_matcher_in_a_comment_selects_nothing() {
    // A block scalar keeps the `#` comment in the expression; PromQL drops it.
    let a = one_alert("|\n          vector(1) > 0 # a{model=\"credit-risk-scorer\"}");
    assert!(a.expr.contains('#'));
    assert!(
        a.model_selectors.is_empty() && a.metrics.is_empty(),
        "{a:?}"
    );
    assert!(!selects(&a, MODEL));
    // A comment inside the braces hides its matcher only.
    let a = one_alert(
        "|\n          a{ # model=\"credit-risk-scorer\",\n            model=\"other\"} > 1",
    );
    assert_eq!(a.model_selectors, vec![m("=", "other")]);
    // A plain scalar loses the comment to YAML before PromQL sees it.
    let a = one_alert("vector(1) > 0 # a{model=\"credit-risk-scorer\"}");
    assert_eq!(a.expr, "vector(1) > 0");
    assert!(a.model_selectors.is_empty());
    // A `#` inside a string is no comment: the matcher after the string counts.
    let a = one_alert("'a{job=\"#\", model=\"credit-risk-scorer\"} > 1'");
    assert_eq!(a.model_selectors, vec![m("=", MODEL)]);
}

#[test]
fn a_matcher_inside_a_string_selects_nothing() {
    let a = one_alert(
        "'label_replace(vector(1), \"x\", \"model=\\\"credit-risk-scorer\\\"\", \"\", \"\") > 0'",
    );
    assert!(
        a.expr.contains(r#""model=\"credit-risk-scorer\"""#),
        "{}",
        a.expr
    );
    assert!(a.model_selectors.is_empty(), "{a:?}");
    // Writing the model label onto a series is no selection of the model's series either.
    let a = one_alert(
        "'label_replace(up{job=\"x\"}, \"model\", \"credit-risk-scorer\", \"\", \"\") == 0'",
    );
    assert!(a.model_selectors.is_empty());
    assert_eq!(a.metrics, vec!["up"]);
    // A raw string with a selector in it.
    let a = one_alert("'count_values(`a{model=\"credit-risk-scorer\"}`, up) > 0'");
    assert!(!selects(&a, MODEL));
    // Nor is a `model` label on the alert itself.
    let l = must(
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: vector(1)\n        labels:\n          model: credit-risk-scorer\n",
    );
    assert!(!selects(&l.alerts[0], MODEL));
}

#[test]
fn a_negative_matcher_is_kept_with_its_op() {
    let a = one_alert("'a{model!=\"credit-risk-scorer\"} > 1'");
    assert_eq!(a.model_selectors, vec![m("!=", MODEL)]);
    assert!(!selects(&a, MODEL));
}

#[test]
fn a_match_everything_regex_is_kept_raw() {
    let a = one_alert("'a{model=~\".*\"} > 1'");
    assert_eq!(a.model_selectors, vec![m("=~", ".*")]);
    // A policy reading the raw regex can tell it selects every model, not this one.
    assert!(matches(&a.model_selectors[0], MODEL) && matches(&a.model_selectors[0], "any"));
    // Anchored: a prefix is no match.
    let a = one_alert("'a{model=~\"credit\"} > 1'");
    assert!(!selects(&a, MODEL));
}

#[test]
fn group_labels_sit_under_the_rules() {
    let l = must(
        r#"groups:
  - name: g
    labels: {severity: critical, team: ml}
    rules:
      - alert: Own
        expr: a > 1
        labels: {severity: warning, priority: 1}
      - alert: Inherits
        expr: a > 1
"#,
    );
    let own = &l.alerts[0].labels;
    assert_eq!(own.get("severity").map(String::as_str), Some("warning"));
    assert_eq!(own.get("team").map(String::as_str), Some("ml"));
    assert_eq!(own.get("priority").map(String::as_str), Some("1"));
    let inherits = &l.alerts[1].labels;
    assert_eq!(
        inherits.get("severity").map(String::as_str),
        Some("critical")
    );
}

#[test]
fn an_integer_expr_is_text() {
    let l = must(
        "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Always\n          expr: 1\n          for: 0\n",
    );
    let a = &l.alerts[0];
    assert_eq!((a.expr.as_str(), a.r#for.as_deref()), ("1", Some("0")));
    assert_eq!(a.source.format, "prometheus-operator-rule");
    assert!(a.model_selectors.is_empty() && a.metrics.is_empty());
}

#[test]
fn empty_groups_hold_no_rules() {
    assert!(must("groups:\n").alerts.is_empty());
    assert!(must("groups: []\n").alerts.is_empty());
    assert!(must("groups:\n  - name: g\n").alerts.is_empty());
    let l = must("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: {}\n");
    assert!(l.alerts.is_empty());
}

#[test]
fn json_and_multi_document_files() {
    let l = match load_str(
        "rules.json",
        r#"{"groups":[{"name":"g","rules":[{"alert":"A","expr":"a{model=\"x\"} > 1"}]}]}"#,
    ) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(l.alerts[0].model_selectors, vec![m("=", "x")]);
    let two = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: a > 1\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: B\n          expr: b > 1\n";
    let l = must(two);
    assert_eq!(
        l.alerts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        vec!["A", "B"]
    );
}

// ---- malformed files: errors located ----

#[test]
fn malformed_rule_files() {
    let rule = |body: &str| format!("groups:\n  - name: g\n    rules:\n      - {body}\n");
    for (text, want) in [
        ("groups: {}\n".to_string(), "line 1, column 1, at /groups: groups must be a list of rule groups, found a mapping"),
        ("groups:\n  - rules: []\n".to_string(), "line 2, column 5, at /groups/0: a rule group needs a `name`"),
        ("groups:\n  - name: 5\n".to_string(), "at /groups/0/name: `name`: expected a string, found the number 5"),
        ("groups:\n  - name: g\n  - name: g\n".to_string(), "line 3, column 5, at /groups/1/name: rule group `g` is defined twice"),
        ("groups:\n  - name: g\n    rules: {}\n".to_string(), "line 3, column 5, at /groups/0/rules: rules must be a list"),
        ("groups:\n  - name: g\n    rules: [a]\n".to_string(), "at /groups/0/rules/0: expected a rule (a mapping), found the string `a`"),
        ("groups:\n  - name: g\n    labels: [a]\n".to_string(), "at /groups/0/labels: expected a mapping of names to strings, found a list"),
        (rule("alert: A\n        record: r\n        expr: a"), "line 4, column 9, at /groups/0/rules/0: a rule has `alert` or `record`, not both"),
        (rule("expr: a"), "at /groups/0/rules/0: a rule needs `alert`"),
        (rule("alert: A"), "at /groups/0/rules/0: a rule needs an `expr`"),
        (rule("alert: ''\n        expr: a"), "at /groups/0/rules/0/alert: alert must not be empty"),
        (rule("record: ''\n        expr: a"), "at /groups/0/rules/0/record: record must not be empty"),
        (rule("alert: [A]\n        expr: a"), "at /groups/0/rules/0/alert: `alert`: expected a string, found a list"),
        (rule("alert: A\n        expr: [a]"), "line 5, column 9, at /groups/0/rules/0/expr: expr must be a PromQL expression"),
        (rule("alert: A\n        expr: ' '"), "at /groups/0/rules/0/expr: expr must not be empty"),
        (rule("alert: A\n        expr: 'rate(a[5m]'"), "line 5, column 9, at /groups/0/rules/0/expr: expr is not PromQL Prometheus would load: unclosed bracket"),
        (rule("alert: A\n        expr: a\n        for: 5"), "at /groups/0/rules/0/for: `for`: expected a Prometheus duration such as `5m` or `1h30m`, found the number 5"),
        (rule("alert: A\n        expr: a\n        for: soon"), "line 6, column 9, at /groups/0/rules/0/for: `for`: expected a Prometheus duration such as `5m` or `1h30m`, found the string `soon`"),
        (rule("alert: A\n        expr: a\n        keep_firing_for: 1.5h"), "at /groups/0/rules/0/keep_firing_for: `keep_firing_for`: expected a Prometheus duration"),
        (rule("alert: A\n        expr: a\n        labels: x"), "at /groups/0/rules/0/labels: expected a mapping"),
        (rule("alert: A\n        expr: a\n        annotations:\n          runbook_url: {a: b}"), "line 7, column 11, at /groups/0/rules/0/annotations/runbook_url: `runbook_url`: expected a string, found a mapping"),
    ] {
        let e = fails("rules.yaml", &text);
        assert!(e.contains(want), "{text}\n{e}");
    }
}

#[test]
fn malformed_prometheusrule_and_json() {
    let head = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n";
    let e = fails("r.yaml", &format!("{head}metadata: {{name: r}}\n"));
    assert!(e.contains("a PrometheusRule needs a `spec`"), "{e}");
    let e = fails("r.yaml", &format!("{head}spec: rules\n"));
    assert!(
        e.contains("line 3, column 1, at /spec: spec must be a mapping"),
        "{e}"
    );
    let e = fails("r.yaml", &format!("{head}spec:\n  groups: 3\n"));
    assert!(
        e.contains("line 4, column 3, at /spec/groups: groups must be a list"),
        "{e}"
    );
    // The second document of a stream: located in it.
    let good = format!("{head}spec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: a\n");
    let bad = format!("{head}spec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: a\n          for: 5x\n");
    let e = fails("r.yaml", &format!("{good}---\n{bad}"));
    assert!(
        e.contains("line 18, column 11, at /spec/groups/0/rules/0/for"),
        "{e}"
    );
    let e = fails(
        "rules.json",
        "{\"groups\": [\n  {\"name\": \"g\", \"rules\": [\n    {\"alert\": \"A\", \"expr\": \"a{\"}]}]}",
    );
    assert!(
        e.contains("line 3, column 28, at /groups/0/rules/0/expr"),
        "{e}"
    );
}

/// A matcher regex Prometheus cannot compile makes the rule file one Prometheus refuses: an
/// error here, not a rule the policies would evaluate (and fail on, or in OPA not match).
#[test]
fn matcher_regex_that_does_not_compile_is_refused() {
    for expr in [
        r#"up{model=~"credit-(risk"} == 0"#,
        r#"up{model!~"*"} == 0"#,
        r#"up{job=~"a[" , model="m"} == 0"#,
    ] {
        let e = bad_expr(expr);
        assert!(e.contains("not a regular expression"), "{expr}: {e}");
    }
    // Valid regexes, anchored as PromQL anchors them, still load.
    assert_eq!(
        selectors(r#"up{model=~"credit-.*|fraud"} == 0"#),
        vec![LabelMatcher {
            op: "=~".into(),
            value: "credit-.*|fraud".into()
        }]
    );
}
