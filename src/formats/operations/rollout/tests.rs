//! Tests of the rollout loaders: every fixture of tests/fixtures/operations/{argo,flagger,kserve}
//! as its README describes it (one snapshot each), the ways a file could claim a staged rollout
//! or an automated abort it does not have, and malformed documents.

use super::super::{combine, load, Loaded};
use crate::error::Error;
use crate::formats::Doc;
use crate::input::Rollout;
use std::path::Path;

/// A fixture of tests/fixtures/operations, as the bundle reads it.
fn fixture(rel: &str) -> Doc {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/operations")
        .join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Doc::new(&path, rel, bytes),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn loaded(doc: &Doc) -> Loaded {
    match load(doc) {
        Ok(l) => l,
        Err(e) => panic!("{}: {e}", doc.rel),
    }
}

/// The rollouts of these documents, resolved together.
fn rollouts(docs: &[Doc]) -> Vec<Rollout> {
    combine(docs.iter().map(loaded).collect()).rollouts
}

/// The one rollout of these YAML texts (each one file).
fn one(texts: &[&str]) -> Rollout {
    let docs: Vec<Doc> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Doc::new(
                format!("f{i}.yaml"),
                format!("f{i}.yaml"),
                t.as_bytes().to_vec(),
            )
        })
        .collect();
    let mut all = rollouts(&docs);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

fn error(text: &str) -> Error {
    let doc = Doc::new("bad.yaml", "bad.yaml", text.as_bytes().to_vec());
    match load(&doc) {
        Ok(l) => panic!("loaded: {:?}", l.rollouts),
        Err(e) => e,
    }
}

/// The error's pointer, line and message.
fn located(e: &Error) -> (Option<String>, Option<usize>, String) {
    match e {
        Error::Format {
            location, message, ..
        } => (location.pointer.clone(), location.line, message.clone()),
        other => panic!("not a format error: {other}"),
    }
}

fn json(r: &Rollout) -> String {
    match serde_json::to_string_pretty(r) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn reason(r: &Rollout) -> &str {
    r.no_abort_reason.as_deref().unwrap_or_default()
}

// ---------------------------------------------------------------- fixtures

#[test]
fn argo_rollout_with_its_templates_is_staged_and_aborts() {
    let r = rollouts(&[
        fixture("argo/rollout.yaml"),
        fixture("argo/analysis-template.yaml"),
    ]);
    assert_eq!(r.len(), 1);
    assert!(r[0].staged && r[0].automated_abort, "{r:?}");
    assert_eq!(r[0].steps, [10.0, 25.0, 50.0, 100.0]);
    insta::assert_snapshot!(json(&r[0]));
}

#[test]
fn argo_analysis_templates_fail_on_all_four_metrics() {
    let l = loaded(&fixture("argo/analysis-template.yaml"));
    assert_eq!(l.analysis_templates.len(), 2);
    assert!(l.analysis_templates.iter().all(|t| t.inert.is_empty()));
    insta::assert_debug_snapshot!(l.analysis_templates);
}

#[test]
fn argo_rollout_without_its_templates_does_not_abort() {
    // The same rollout read without analysis-template.yaml: nothing shows its metrics can fail.
    let r = rollouts(&[fixture("argo/rollout.yaml")]);
    assert!(r[0].staged && !r[0].automated_abort);
    assert!(reason(&r[0]).contains("`AnalysisTemplate/credit-risk-scorer-slo`, `AnalysisTemplate/credit-risk-scorer-drift`"), "{}", reason(&r[0]));
}

#[test]
fn argo_rollout_no_analysis_is_staged_without_abort() {
    let r = rollouts(&[
        fixture("argo/rollout-no-analysis.yaml"),
        fixture("argo/analysis-template.yaml"),
    ]);
    assert!(r[0].staged && !r[0].automated_abort, "{r:?}");
    assert!(r[0].analyses.is_empty());
    insta::assert_snapshot!(json(&r[0]));
}

#[test]
fn flagger_canary_is_staged_and_rolls_back() {
    let r = rollouts(&[
        fixture("flagger/canary.yaml"),
        fixture("flagger/metric-templates.yaml"),
    ]);
    assert!(r[0].staged && r[0].automated_abort, "{r:?}");
    assert_eq!(r[0].steps, [10.0, 20.0, 30.0, 40.0, 50.0, 100.0]);
    insta::assert_snapshot!(json(&r[0]));
}

#[test]
fn flagger_canary_without_metrics_does_not_roll_back() {
    let r = rollouts(&[fixture("flagger/canary-no-metrics.yaml")]);
    assert!(r[0].staged && !r[0].automated_abort, "{r:?}");
    assert!(reason(&r[0]).contains("no metric checks"));
    insta::assert_snapshot!(json(&r[0]));
}

#[test]
fn flagger_metric_templates_hold_no_rollout() {
    let l = loaded(&fixture("flagger/metric-templates.yaml"));
    assert!(l.rollouts.is_empty() && l.analysis_templates.is_empty());
}

#[test]
fn kserve_canary_is_staged_without_abort() {
    let r = rollouts(&[fixture("kserve/inferenceservice-canary.yaml")]);
    assert!(r[0].staged && !r[0].automated_abort, "{r:?}");
    assert_eq!(r[0].steps, [10.0, 100.0]);
    insta::assert_snapshot!(json(&r[0]));
}

#[test]
fn kserve_without_canary_is_not_staged() {
    let r = rollouts(&[fixture("kserve/inferenceservice.yaml")]);
    assert!(!r[0].staged && !r[0].automated_abort, "{r:?}");
    insta::assert_snapshot!(json(&r[0]));
}

// ---------------------------------------------------------------- Argo attacks

/// A canary Rollout with these steps (YAML list items indented 8) and this background analysis.
fn argo_rollout(steps: &str, analysis: &str) -> String {
    format!(
        "apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: r
  namespace: ml-prod
spec:
  strategy:
    canary:
{analysis}
      steps:
{steps}"
    )
}

const STAGED_STEPS: &str = "        - setWeight: 20
        - pause: {duration: 10m}
        - setWeight: 100
";

fn background(templates: &str) -> String {
    format!("      analysis:\n        templates:\n{templates}")
}

/// An AnalysisTemplate named `t` in ml-prod with these metrics (list items indented 4) and
/// spec extras.
fn template(metrics: &str, extra: &str) -> String {
    format!(
        "apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: t
  namespace: ml-prod
spec:
{extra}  metrics:
{metrics}"
    )
}

const GOOD_METRIC: &str = "    - name: error-rate
      interval: 1m
      successCondition: result[0] < 0.02
      provider: {prometheus: {address: http://p, query: q}}
";

fn with_template(metrics: &str, extra: &str) -> Rollout {
    one(&[
        &argo_rollout(STAGED_STEPS, &background("          - templateName: t\n")),
        &template(metrics, extra),
    ])
}

#[test]
fn argo_good_template_aborts() {
    // The baseline the attacks below change one thing of.
    let r = with_template(GOOD_METRIC, "");
    assert!(r.staged && r.automated_abort, "{r:?}");
    assert_eq!(r.analyses, ["AnalysisTemplate/t"]);
}

#[test]
fn argo_template_not_in_bundle_does_not_abort() {
    let r = one(&[&argo_rollout(
        STAGED_STEPS,
        &background("          - templateName: elsewhere\n"),
    )]);
    assert!(!r.automated_abort);
    assert!(
        reason(&r).contains("not in the bundle")
            && reason(&r).contains("AnalysisTemplate/elsewhere")
    );
}

#[test]
fn argo_cluster_template_is_not_the_namespaced_one() {
    // clusterScope: true runs a ClusterAnalysisTemplate; a namespaced template of that name
    // is not it.
    let r = one(&[
        &argo_rollout(
            STAGED_STEPS,
            &background("          - templateName: t\n            clusterScope: true\n"),
        ),
        &template(GOOD_METRIC, ""),
    ]);
    assert!(!r.automated_abort);
    assert!(
        reason(&r).contains("ClusterAnalysisTemplate/t"),
        "{}",
        reason(&r)
    );
}

#[test]
fn argo_template_in_another_namespace_is_not_the_one_run() {
    let other = template(GOOD_METRIC, "").replace("namespace: ml-prod", "namespace: scratch");
    let r = one(&[
        &argo_rollout(STAGED_STEPS, &background("          - templateName: t\n")),
        &other,
    ]);
    assert!(!r.automated_abort && reason(&r).contains("not in the bundle"));
}

#[test]
fn argo_failure_limit_minus_one_cannot_fail() {
    let m = format!("{GOOD_METRIC}      failureLimit: -1\n");
    let r = with_template(&m, "");
    assert!(!r.automated_abort);
    assert!(
        reason(&r).contains("failureLimit -1 disables failure"),
        "{}",
        reason(&r)
    );
}

#[test]
fn argo_failure_limit_as_an_argument_cannot_be_shown() {
    let m = format!("{GOOD_METRIC}      failureLimit: \"{{{{args.limit}}}}\"\n");
    let r = with_template(&m, "");
    assert!(
        !r.automated_abort && reason(&r).contains("set by an argument"),
        "{}",
        reason(&r)
    );
}

#[test]
fn argo_failure_limit_not_below_count_cannot_fail() {
    let m = format!("{GOOD_METRIC}      count: 3\n      failureLimit: 3\n");
    let r = with_template(&m, "");
    assert!(
        !r.automated_abort && reason(&r).contains("not below its 3"),
        "{}",
        reason(&r)
    );
    // One measurement (no interval, no count) and failureLimit 1: never more than the limit.
    let once = GOOD_METRIC.replace("      interval: 1m\n", "") + "      failureLimit: 1\n";
    assert!(!with_template(&once, "").automated_abort);
    // failureLimit 2 of 3 measurements can still fail.
    let m = format!("{GOOD_METRIC}      count: 3\n      failureLimit: 2\n");
    assert!(with_template(&m, "").automated_abort);
}

#[test]
fn argo_template_dry_run_metric_cannot_fail() {
    // `error` matches anywhere in `error-rate`, as Argo's regexp.MatchString does.
    let r = with_template(GOOD_METRIC, "  dryRun:\n    - metricName: error\n");
    assert!(!r.automated_abort);
    assert!(reason(&r).contains("in dry run"), "{}", reason(&r));
    let r = with_template(GOOD_METRIC, "  dryRun:\n    - metricName: latency\n");
    assert!(r.automated_abort);
}

#[test]
fn argo_unreadable_dry_run_pattern_may_cover_any_metric() {
    let r = with_template(GOOD_METRIC, "  dryRun:\n    - metricName: \"(\"\n");
    assert!(!r.automated_abort && reason(&r).contains("not a regular expression"));
}

#[test]
fn argo_rollout_dry_run_of_the_metric_cannot_fail() {
    let analysis = "      analysis:\n        templates:\n          - templateName: t\n        dryRun:\n          - metricName: \".*\"\n";
    let r = one(&[
        &argo_rollout(STAGED_STEPS, analysis),
        &template(GOOD_METRIC, ""),
    ]);
    assert!(!r.automated_abort);
    assert!(
        reason(&r).contains("in dry run in this analysis"),
        "{}",
        reason(&r)
    );
}

#[test]
fn argo_metrics_without_a_failing_condition_cannot_fail() {
    let no_condition = GOOD_METRIC.replace("      successCondition: result[0] < 0.02\n", "");
    let r = with_template(&no_condition, "");
    assert!(!r.automated_abort && reason(&r).contains("every measurement succeeds"));
    let always = GOOD_METRIC.replace("result[0] < 0.02", "\"true\"");
    assert!(!with_template(&always, "").automated_abort);
    // Both conditions, the failure one never true: at worst inconclusive, which only pauses.
    let inconclusive = format!("{GOOD_METRIC}      failureCondition: (false)\n");
    let r = with_template(&inconclusive, "");
    assert!(
        !r.automated_abort && reason(&r).contains("inconclusive"),
        "{}",
        reason(&r)
    );
    // A failure condition alone fails.
    let failure = GOOD_METRIC.replace(
        "successCondition: result[0] < 0.02",
        "failureCondition: result[0] > 0.02",
    );
    assert!(with_template(&failure, "").automated_abort);
}

#[test]
fn argo_template_defined_twice_must_fail_in_both() {
    let inert = format!("{GOOD_METRIC}      failureLimit: -1\n");
    let r = one(&[
        &argo_rollout(STAGED_STEPS, &background("          - templateName: t\n")),
        &template(GOOD_METRIC, ""),
        &template(&inert, ""),
    ]);
    assert!(
        !r.automated_abort && reason(&r).contains("defined 2 times"),
        "{}",
        reason(&r)
    );
}

#[test]
fn argo_background_analysis_starting_after_the_last_step_never_judges() {
    let analysis = "      analysis:\n        startingStep: 3\n        templates:\n          - templateName: t\n";
    let r = one(&[
        &argo_rollout(STAGED_STEPS, analysis),
        &template(GOOD_METRIC, ""),
    ]);
    assert!(
        !r.automated_abort && reason(&r).contains("never judges"),
        "{}",
        reason(&r)
    );
}

#[test]
fn argo_step_analysis_aborts() {
    let steps = "        - setWeight: 20\n        - analysis:\n            templates:\n              - templateName: t\n        - setWeight: 100\n";
    let r = one(&[&argo_rollout(steps, ""), &template(GOOD_METRIC, "")]);
    assert!(r.staged && r.automated_abort, "{r:?}");
}

#[test]
fn argo_no_weight_held_is_not_staged() {
    for steps in [
        // A single full step.
        "        - setWeight: 100\n",
        // 20% immediately replaced by 100%.
        "        - setWeight: 20\n        - setWeight: 100\n",
        // 20% as the last step: the rollout is promoted right after.
        "        - pause: {duration: 1h}\n        - setWeight: 20\n",
        // Zero-length pauses.
        "        - setWeight: 20\n        - pause: {duration: 0}\n        - setWeight: 100\n",
        "        - setWeight: 20\n        - pause: {duration: 0s}\n",
        // 0% held: no live traffic on the new release.
        "        - setWeight: 0\n        - pause: {}\n        - setWeight: 100\n",
        // Attack: pauses Argo truncates to zero seconds.
        "        - setWeight: 20\n        - pause: {duration: 300ms}\n        - setWeight: 100\n",
        "        - setWeight: 20\n        - pause: {duration: 1ns}\n        - setWeight: 100\n",
        // Attack: an analysis or experiment step with nothing to run ends at once.
        "        - setWeight: 20\n        - analysis: {templates: []}\n        - setWeight: 100\n",
        "        - setWeight: 20\n        - experiment: {}\n        - setWeight: 100\n",
    ] {
        let r = one(&[&argo_rollout(steps, "")]);
        assert!(!r.staged, "{steps}");
        assert!(r.not_staged_reason.is_some());
        assert_eq!(r.steps.last(), Some(&100.0));
    }
    let r = one(&[&argo_rollout(
        "        - setWeight: 20\n        - pause: {duration: 1h30m}\n",
        "",
    )]);
    assert!(r.staged);
    assert_eq!(r.steps, [20.0, 100.0]);
}

#[test]
fn argo_blue_green_is_not_staged_but_its_analysis_aborts() {
    let text = "apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec:
  strategy:
    blueGreen:
      activeService: a
      prePromotionAnalysis:
        templates: [{templateName: t}]
";
    let r = one(&[text, &template(GOOD_METRIC, "")]);
    assert!(!r.staged && r.automated_abort, "{r:?}");
    assert_eq!(r.steps, [100.0]);
    let bare = text.replace(
        "      prePromotionAnalysis:\n        templates: [{templateName: t}]\n",
        "",
    );
    let r = one(&[&bare, &template(GOOD_METRIC, "")]);
    assert!(!r.automated_abort && reason(&r).contains("starts no analysis"));
}

// ---------------------------------------------------------------- Flagger attacks

fn canary(analysis_extra: &str, spec_extra: &str) -> Rollout {
    one(&[&format!(
        "apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {{name: c}}
spec:
  provider: istio
  targetRef: {{apiVersion: apps/v1, kind: Deployment, name: c}}
{spec_extra}  analysis:
    interval: 1m
    stepWeight: 25
{analysis_extra}"
    )])
}

const FLAGGER_METRICS: &str = "    threshold: 2
    metrics:
      - name: request-success-rate
        thresholdRange: {min: 99}
";

/// Attack: `stepWeights: [100, 10]` reads as a 10% canary, but Flagger sets the first step to
/// 100% and, past the last weight, promotes.
#[test]
fn flagger_step_weights_starting_at_100_are_not_staged() {
    let r2 = one(&[&format!(
        "apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {{name: c}}
spec:
  provider: istio
  targetRef: {{apiVersion: apps/v1, kind: Deployment, name: c}}
  analysis:
    interval: 1m
    stepWeights: [100, 10]
{FLAGGER_METRICS}"
    )]);
    assert!(!r2.staged, "{r2:?}");
    assert_eq!(r2.steps, [100.0]);
}

#[test]
fn flagger_good_canary_rolls_back() {
    let r = canary(FLAGGER_METRICS, "");
    assert!(r.staged && r.automated_abort, "{r:?}");
    assert_eq!(r.steps, [25.0, 50.0, 75.0, 100.0]);
}

#[test]
fn flagger_skip_analysis_neither_stages_nor_aborts() {
    let r = canary(FLAGGER_METRICS, "  skipAnalysis: true\n");
    assert!(!r.staged && !r.automated_abort);
    assert!(reason(&r).contains("skipAnalysis"));
}

#[test]
fn flagger_threshold_zero_or_absent_is_not_shown_to_abort() {
    for metrics in [
        FLAGGER_METRICS.replace("threshold: 2", "threshold: 0"),
        FLAGGER_METRICS.replace("    threshold: 2\n", ""),
    ] {
        let r = canary(&metrics, "");
        assert!(r.staged && !r.automated_abort);
        assert!(reason(&r).contains("analysis.threshold"));
    }
}

#[test]
fn flagger_metric_that_cannot_fail_a_check() {
    // No thresholdRange.
    let r = canary(
        "    threshold: 2\n    metrics:\n      - name: request-success-rate\n",
        "",
    );
    assert!(!r.automated_abort && reason(&r).contains("no thresholdRange"));
    // An empty one.
    let r = canary("    threshold: 2\n    metrics:\n      - name: request-duration\n        thresholdRange: {}\n", "");
    assert!(!r.automated_abort);
    // A custom name without templateRef is never measured.
    let r = canary(
        "    threshold: 2\n    metrics:\n      - name: drift\n        thresholdRange: {max: 0.1}\n",
        "",
    );
    assert!(
        !r.automated_abort && reason(&r).contains("never measures"),
        "{}",
        reason(&r)
    );
    let r = canary("    threshold: 2\n    metrics:\n      - name: drift\n        templateRef: {name: drift}\n        thresholdRange: {max: 0.1}\n", "");
    assert!(r.automated_abort);
}

#[test]
fn flagger_traffic_not_shifted_in_steps() {
    // Blue/green and A/B testing: iterations.
    let r = canary(&format!("    iterations: 10\n{FLAGGER_METRICS}"), "");
    assert!(!r.staged && r.automated_abort);
    assert!(r
        .not_staged_reason
        .as_deref()
        .unwrap_or_default()
        .contains("blue/green"));
    let r = canary(&format!("    iterations: 10\n    match:\n      - headers: {{x-canary: {{exact: insider}}}}\n{FLAGGER_METRICS}"), "");
    assert!(
        !r.staged
            && r.not_staged_reason
                .as_deref()
                .unwrap_or_default()
                .contains("A/B")
    );
    // The kubernetes provider forces blue/green.
    let text = FLAGGER_METRICS;
    let r = one(&[&format!(
        "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {{name: c}}\nspec:\n  provider: kubernetes\n  analysis:\n    stepWeight: 10\n{text}"
    )]);
    assert!(!r.staged);
    // No provider: the cluster's, not shown.
    let r = one(&[&format!(
        "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {{name: c}}\nspec:\n  analysis:\n    stepWeight: 10\n{text}"
    )]);
    assert!(
        !r.staged
            && r.not_staged_reason
                .as_deref()
                .unwrap_or_default()
                .contains("spec.provider")
    );
    // One step of 100.
    let full = one(&[&format!(
        "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {{name: c}}\nspec:\n  provider: istio\n  analysis:\n    stepWeight: 100\n{text}"
    )]);
    assert!(!full.staged);
}

#[test]
fn flagger_step_weights() {
    let r = one(&[&format!(
        "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {{name: c}}\nspec:\n  provider: linkerd\n  analysis:\n    stepWeights: [1, 5, 20, 60]\n{FLAGGER_METRICS}"
    )]);
    assert!(r.staged && r.automated_abort);
    assert_eq!(r.steps, [1.0, 5.0, 20.0, 60.0, 100.0]);
}

// ---------------------------------------------------------------- KServe attacks

fn inference_service(mode: Option<&str>, percent: Option<&str>) -> Rollout {
    let annotations = mode
        .map(|m| format!("  annotations:\n    serving.kserve.io/deploymentMode: {m}\n"))
        .unwrap_or_default();
    let percent = percent
        .map(|p| format!("    canaryTrafficPercent: {p}\n"))
        .unwrap_or_default();
    one(&[&format!(
        "apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: m
{annotations}spec:
  predictor:
{percent}    model: {{modelFormat: {{name: xgboost}}, storageUri: s3://b/m}}
"
    )])
}

#[test]
fn kserve_percent_zero_or_hundred_is_not_staged() {
    let r = inference_service(Some("Serverless"), Some("100"));
    assert!(!r.staged && r.steps == [100.0]);
    let r = inference_service(Some("Serverless"), Some("0"));
    assert!(!r.staged && r.steps == [0.0]);
    assert!(r
        .not_staged_reason
        .as_deref()
        .unwrap_or_default()
        .contains("previous revision"));
    let r = inference_service(Some("Knative"), Some("30"));
    assert!(r.staged && r.steps == [30.0, 100.0]);
    assert!(!r.automated_abort && reason(&r).contains("no metric analysis"));
}

#[test]
fn kserve_canary_outside_serverless_mode_is_not_staged() {
    let r = inference_service(Some("RawDeployment"), Some("10"));
    assert!(!r.staged && !r.automated_abort);
    assert!(reason(&r).contains("`RawDeployment` mode canaryTrafficPercent has no effect"));
    let r = inference_service(Some("Standard"), Some("10"));
    assert!(!r.staged);
    // The mode left to the cluster default.
    let r = inference_service(None, Some("10"));
    assert!(
        !r.staged
            && r.not_staged_reason
                .as_deref()
                .unwrap_or_default()
                .contains("not stated")
    );
}

// ---------------------------------------------------------------- malformed

#[test]
fn malformed_weights_are_located() {
    let e = error(&argo_rollout("        - setWeight: ten\n", ""));
    let (pointer, line, message) = located(&e);
    assert_eq!(
        pointer.as_deref(),
        Some("/spec/strategy/canary/steps/0/setWeight")
    );
    assert_eq!(line, Some(11));
    assert!(
        message.contains("percentage") && message.contains("`ten`"),
        "{message}"
    );
    let (_, _, message) = located(&error(&argo_rollout("        - setWeight: 150\n", "")));
    assert!(message.contains("150"));
    let (pointer, _, _) = located(&error(&argo_rollout(
        "        - pause: {duration: soon}\n",
        "",
    )));
    assert_eq!(
        pointer.as_deref(),
        Some("/spec/strategy/canary/steps/0/pause/duration")
    );
    let (pointer, _, _) = located(&error(&argo_rollout("        - 10\n", "")));
    assert_eq!(pointer.as_deref(), Some("/spec/strategy/canary/steps/0"));
}

#[test]
fn malformed_in_a_later_document_is_located_in_it() {
    let text = format!(
        "{}---\n{}",
        template(GOOD_METRIC, ""),
        template("    - name: m\n      failureLimit: [1]\n", "")
    );
    let (pointer, line, message) = located(&error(&text));
    assert_eq!(pointer.as_deref(), Some("/spec/metrics/0/failureLimit"));
    // Line 12 is the `---`; the second template's failureLimit is its 9th line.
    assert_eq!(line, Some(21), "{message}");
}

#[test]
fn malformed_documents() {
    let no_name = argo_rollout(STAGED_STEPS, "").replace("  name: r\n", "");
    assert_eq!(
        located(&error(&no_name)).0.as_deref(),
        Some("/metadata/name")
    );
    let both = argo_rollout(STAGED_STEPS, "").replace(
        "    canary:\n",
        "    blueGreen: {activeService: a}\n    canary:\n",
    );
    assert!(located(&error(&both)).2.contains("not both"));
    let neither = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec: {strategy: {}}\n";
    assert_eq!(
        located(&error(neither)).0.as_deref(),
        Some("/spec/strategy")
    );
    let templates = argo_rollout(STAGED_STEPS, "      analysis:\n        templates: t\n");
    assert_eq!(
        located(&error(&templates)).0.as_deref(),
        Some("/spec/strategy/canary/analysis/templates")
    );
    let no_metrics =
        "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec: {}\n";
    assert_eq!(
        located(&error(no_metrics)).0.as_deref(),
        Some("/spec/metrics")
    );
    let percent = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\nspec:\n  predictor: {canaryTrafficPercent: \"10\"}\n";
    let (pointer, line, _) = located(&error(percent));
    assert_eq!(
        pointer.as_deref(),
        Some("/spec/predictor/canaryTrafficPercent")
    );
    assert_eq!(line, Some(5));
    let no_predictor = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\nspec: {}\n";
    assert_eq!(
        located(&error(no_predictor)).0.as_deref(),
        Some("/spec/predictor")
    );
    let skip = "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: c}\nspec:\n  skipAnalysis: \"yes\"\n  analysis: {stepWeight: 10}\n";
    assert_eq!(
        located(&error(skip)).0.as_deref(),
        Some("/spec/skipAnalysis")
    );
    let range = "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: c}\nspec:\n  analysis:\n    metrics:\n      - name: request-duration\n        thresholdRange: {max: 300ms}\n";
    assert_eq!(
        located(&error(range)).0.as_deref(),
        Some("/spec/analysis/metrics/0/thresholdRange/max")
    );
}

#[test]
fn json_documents_are_read_and_located() {
    let text = r#"{"apiVersion":"serving.kserve.io/v1beta1","kind":"InferenceService",
"metadata":{"name":"m","annotations":{"serving.kserve.io/deploymentMode":"Serverless"}},
"spec":{"predictor":{"canaryTrafficPercent":25}}}"#;
    let doc = Doc::new("isvc.json", "isvc.json", text.as_bytes().to_vec());
    let r = rollouts(&[doc]);
    assert!(r[0].staged && r[0].steps == [25.0, 100.0]);
    let bad = text.replace("25", "true");
    let doc = Doc::new("isvc.json", "isvc.json", bad.into_bytes());
    let e = match load(&doc) {
        Ok(_) => panic!("loaded"),
        Err(e) => e,
    };
    assert_eq!(located(&e).1, Some(3));
}

#[test]
fn durations() {
    for (text, zero) in [
        ("0", Some(true)),
        ("90", Some(false)),
        ("0s", Some(true)),
        ("0h0m", Some(true)),
        ("1h30m", Some(false)),
        ("1.5h", Some(false)),
        // Argo waits whole seconds: a sub-second pause is none (an author's `1ns` "hold").
        ("300ms", Some(true)),
        ("1ns", Some(true)),
        ("1500ms", Some(false)),
        ("0.5m", Some(false)),
        ("", None),
        ("soon", None),
        ("10", Some(false)),
        ("5x", None),
    ] {
        assert_eq!(super::argo::duration_is_zero(text), zero, "{text}");
    }
}
