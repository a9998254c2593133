//! The operations section of a release: monitored metrics against the shipped alert rules,
//! staged rollouts with their traffic steps as a chart, the rollback target, drift reports and
//! the plan's operating facts. Facts only; the `ops-*` rules judge them.

use super::context::{finding_ref, FindingCtx, FindingRef};
use super::{fmt1, percent, short_num};
use crate::decision::OperationsEvidence;
use crate::input::{AlertRule, DriftReport, LabelMatcher, MonitoredMetric, Rollout};
use serde::Serialize;
use std::cmp::Reverse;

#[derive(Serialize)]
pub(super) struct OperationsCtx {
    /// The manifest's model name the alerts' `model` matchers are compared with.
    model: Option<String>,
    plan: Option<PlanCtx>,
    metrics: Vec<MetricCtx>,
    /// Alert rules shipped that no plan metric names.
    other_alerts: Vec<String>,
    alerts_total: usize,
    rollouts: Vec<RolloutCtx>,
    drift: Vec<DriftCtx>,
    /// The findings of the operations rules for this release (links into the findings list).
    findings: Vec<FindingRef>,
}

#[derive(Serialize)]
struct PlanCtx {
    path: String,
    log_retention_days: Option<u64>,
    routes: Vec<String>,
    on_call: Option<String>,
    rollback: Option<RollbackCtx>,
    retraining_triggers: Vec<String>,
    retraining_approvers: Vec<String>,
    incident_procedure: Option<String>,
    incident_contact: Option<String>,
    serious_incident_reporting: Option<String>,
    authentication: Option<String>,
    network_policy: Option<String>,
}

#[derive(Serialize)]
struct RollbackCtx {
    version: Option<String>,
    record: Option<String>,
    procedure: Option<String>,
    first_release: bool,
    /// What verifying the record found, when the plan names one.
    target: Option<TargetCtx>,
}

/// The rollback record as verified (`input.operations.rollback_target`): only what a trusted
/// record key signed.
#[derive(Serialize)]
struct TargetCtx {
    verified: bool,
    failure: Option<String>,
    key_id: Option<String>,
    verdict: Option<String>,
    time: Option<String>,
    expires: Option<String>,
    expired: bool,
    sha256: Option<String>,
    /// The releases the record decided on: `name version (environment): verdict`.
    releases: Vec<String>,
}

fn target_ctx(t: &crate::input::RollbackTarget) -> TargetCtx {
    TargetCtx {
        verified: t.verified,
        failure: t.failure.clone(),
        key_id: t.key_id.clone(),
        verdict: t.verdict.map(|v| v.to_string()),
        time: t.time.clone(),
        expires: t.expires.clone(),
        expired: t.expired,
        sha256: t.sha256.clone(),
        releases: t
            .bundles
            .iter()
            .map(|b| {
                format!(
                    "{} {}{}: {}",
                    b.name.as_deref().unwrap_or("(unnamed)"),
                    b.version.as_deref().unwrap_or("(no version)"),
                    b.environment
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default(),
                    b.verdict
                )
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct MetricCtx {
    kind: String,
    name: String,
    direction: String,
    threshold: String,
    /// The alert the plan names for it.
    alert: Option<String>,
    /// An alert rule of that name is in the shipped rule files.
    found: bool,
    /// That rule reads the metric.
    reads: bool,
    /// That rule's `model` matchers select this model's series.
    selects: bool,
    severity: Option<String>,
    owner: Option<String>,
    runbook: Option<String>,
    /// The rule file the alert was read from.
    source: Option<String>,
}

#[derive(Serialize)]
struct RolloutCtx {
    tool: String,
    name: String,
    path: String,
    staged: bool,
    not_staged_reason: Option<String>,
    automated_abort: bool,
    no_abort_reason: Option<String>,
    analyses: Vec<String>,
    /// The weights as written, `10% → 25% → 100%`.
    steps_text: String,
    chart: Option<StepChart>,
}

/// Traffic weight per step, in SVG user units; every number is computed and clamped here.
#[derive(Serialize)]
struct StepChart {
    width: u32,
    height: u32,
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
    y_ticks: Vec<Tick>,
    bars: Vec<Bar>,
    /// Steps past the ones drawn, when there are too many to draw.
    not_drawn: usize,
}

#[derive(Serialize)]
struct Tick {
    pos: String,
    label: &'static str,
}

#[derive(Serialize)]
struct Bar {
    step: usize,
    x: String,
    y: String,
    width: String,
    height: String,
    center: String,
    /// The weight drawn above the bar, where the bar is wide enough for it.
    label: Option<String>,
    label_y: String,
    weight: String,
}

#[derive(Serialize)]
struct DriftCtx {
    path: String,
    tool: String,
    date: Option<String>,
    drift_share: Option<String>,
    threshold: Option<String>,
    /// The plan's data-drift alert condition (`above 0.3`), to read the share against.
    plan_threshold: Option<String>,
    /// `drifted`, `no drift` or `not stated`.
    verdict: &'static str,
    drifted: bool,
    columns_total: usize,
    drifted_columns: Vec<ColumnCtx>,
}

#[derive(Serialize)]
struct ColumnCtx {
    name: String,
    method: Option<String>,
    score: Option<String>,
    threshold: Option<String>,
}

/// The section for bundle operations evidence `ev`; `findings` are the bundle's findings as
/// the page shows them. None when the bundle ships no operations evidence.
pub(super) fn operations_ctx(
    ev: Option<&OperationsEvidence>,
    findings: &[FindingCtx],
) -> Option<OperationsCtx> {
    let ev = ev?;
    let ops = &ev.operations;
    if ops.plan.is_none()
        && ops.alerts.is_empty()
        && ops.rollouts.is_empty()
        && ops.drift.is_empty()
    {
        return None;
    }
    let model = ev.model.as_deref();
    let plan_metrics: &[MonitoredMetric] = ops.plan.as_ref().map_or(&[], |p| &p.metrics);
    let metrics = plan_metrics
        .iter()
        .map(|m| metric_ctx(m, &ops.alerts, model))
        .collect();
    let mut other_alerts: Vec<String> = Vec::new();
    for a in &ops.alerts {
        let named = plan_metrics
            .iter()
            .any(|m| m.alert.as_deref() == Some(a.name.as_str()));
        if !named && !other_alerts.contains(&a.name) {
            other_alerts.push(a.name.clone());
        }
    }
    let drift_metric = plan_metrics.iter().find(|m| m.kind == "data_drift");
    Some(OperationsCtx {
        model: ev.model.clone(),
        plan: ops.plan.as_ref().map(|p| PlanCtx {
            path: p.source.path.clone(),
            log_retention_days: p.log_retention_days,
            routes: p
                .alerting
                .as_ref()
                .map(|a| a.routes.clone())
                .unwrap_or_default(),
            on_call: p.alerting.as_ref().and_then(|a| a.on_call.clone()),
            rollback: p.rollback.as_ref().map(|r| RollbackCtx {
                version: r.version.clone(),
                record: r.record.clone(),
                procedure: r.procedure.clone(),
                first_release: r.first_release == Some(true),
                target: ops.rollback_target.as_ref().map(target_ctx),
            }),
            retraining_triggers: p
                .retraining
                .as_ref()
                .map(|r| r.triggers.clone())
                .unwrap_or_default(),
            retraining_approvers: p
                .retraining
                .as_ref()
                .map(|r| r.approvers.clone())
                .unwrap_or_default(),
            incident_procedure: p.incidents.as_ref().and_then(|i| i.procedure.clone()),
            incident_contact: p.incidents.as_ref().and_then(|i| i.contact.clone()),
            serious_incident_reporting: p
                .incidents
                .as_ref()
                .and_then(|i| i.serious_incident_reporting.clone()),
            authentication: p.access.as_ref().and_then(|a| a.authentication.clone()),
            network_policy: p.access.as_ref().and_then(|a| a.network_policy.clone()),
        }),
        metrics,
        other_alerts,
        alerts_total: ops.alerts.len(),
        rollouts: ops.rollouts.iter().map(rollout_ctx).collect(),
        drift: ops
            .drift
            .iter()
            .map(|d| drift_ctx(d, drift_metric))
            .collect(),
        findings: findings
            .iter()
            .filter(|f| f.rule_id.starts_with("ops-") || f.rule_id.starts_with("change-ops-"))
            .map(finding_ref)
            .collect(),
    })
}

fn metric_ctx(m: &MonitoredMetric, alerts: &[AlertRule], model: Option<&str>) -> MetricCtx {
    let facts = |a: &AlertRule| {
        let reads = a.metrics.contains(&m.name);
        let selects = model.is_some_and(|name| selects(&a.model_selectors, name));
        (reads, selects)
    };
    // Of several rules of that name, the one that does most of what the plan asks is shown,
    // so that no fact is claimed that one rule alone does not have.
    let rule = m.alert.as_deref().and_then(|name| {
        alerts.iter().filter(|a| a.name == name).min_by_key(|a| {
            let (reads, selects) = facts(a);
            Reverse((reads && selects, reads, selects))
        })
    });
    let (reads, selects) = rule.map(facts).unwrap_or((false, false));
    MetricCtx {
        kind: m.kind.clone(),
        name: m.name.clone(),
        direction: m.direction.clone(),
        threshold: short_num(m.threshold),
        alert: m.alert.clone(),
        found: rule.is_some(),
        reads,
        selects,
        severity: rule.and_then(|a| a.labels.get("severity").cloned()),
        owner: rule.and_then(|a| {
            a.labels
                .get("owner")
                .or_else(|| a.labels.get("team"))
                .cloned()
        }),
        runbook: rule.and_then(|a| a.annotations.get("runbook_url").cloned()),
        source: rule.map(|a| a.source.path.clone()),
    }
}

/// The rules' contract: some `model` matcher picks the name (`=` equal, `=~` matching the
/// whole name) and none excludes it (`!=`, `!~`).
fn selects(matchers: &[LabelMatcher], model: &str) -> bool {
    // As policies/operations.rego's selects_model: a `=` or `=~` matcher takes the name and no
    // matcher refuses it. A regex that does not compile takes nothing and refuses everything.
    let full = |re: &str| {
        regex::RegexBuilder::new(&format!("^(?:{re})$"))
            .size_limit(1 << 20)
            .build()
            .map(|r| r.is_match(model))
    };
    let accepts = |m: &LabelMatcher| match m.op.as_str() {
        "=" => m.value == model,
        "=~" => full(&m.value).unwrap_or(false),
        "!=" => m.value != model,
        "!~" => !full(&m.value).unwrap_or(true),
        _ => false,
    };
    matchers
        .iter()
        .any(|m| matches!(m.op.as_str(), "=" | "=~") && accepts(m))
        && matchers.iter().all(accepts)
}

/// A weight as drawn: finite and within 0–100.
fn clamp_weight(w: f64) -> f64 {
    if w.is_finite() {
        w.clamp(0.0, 100.0)
    } else {
        0.0
    }
}

fn rollout_ctx(r: &Rollout) -> RolloutCtx {
    RolloutCtx {
        tool: r.tool.clone(),
        name: r.name.clone(),
        path: r.source.path.clone(),
        staged: r.staged,
        not_staged_reason: r.not_staged_reason.clone(),
        automated_abort: r.automated_abort,
        no_abort_reason: r.no_abort_reason.clone(),
        analyses: r.analyses.clone(),
        steps_text: r
            .steps
            .iter()
            .map(|w| format!("{}%", fmt1(*w)))
            .collect::<Vec<_>>()
            .join(" → "),
        chart: step_chart(&r.steps),
    }
}

fn step_chart(steps: &[f64]) -> Option<StepChart> {
    // Enough for any real canary; a file with thousands of steps must not bloat the page.
    const MAX_BARS: usize = 60;
    const WIDTH: u32 = 360;
    const HEIGHT: u32 = 150;
    const LEFT: u32 = 40;
    const RIGHT: u32 = WIDTH - 10;
    const TOP: u32 = 18;
    const BOTTOM: u32 = HEIGHT - 22;
    if steps.is_empty() {
        return None;
    }
    let drawn = &steps[..steps.len().min(MAX_BARS)];
    let plot_w = f64::from(RIGHT - LEFT);
    let plot_h = f64::from(BOTTOM - TOP);
    let slot = plot_w / drawn.len() as f64;
    let bar_w = slot * 0.7;
    let bars = drawn
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = clamp_weight(*w);
            let h = w / 100.0 * plot_h;
            let x = f64::from(LEFT) + slot * i as f64 + (slot - bar_w) / 2.0;
            let y = f64::from(BOTTOM) - h;
            Bar {
                step: i + 1,
                x: fmt1(x),
                y: fmt1(y),
                width: fmt1(bar_w),
                height: fmt1(h),
                center: fmt1(x + bar_w / 2.0),
                label: (slot >= 26.0).then(|| format!("{}%", fmt1(w))),
                label_y: fmt1(y - 4.0),
                weight: fmt1(w),
            }
        })
        .collect();
    let y_ticks = [(0.0, "0%"), (50.0, "50%"), (100.0, "100%")]
        .into_iter()
        .map(|(v, label)| Tick {
            pos: fmt1(f64::from(BOTTOM) - v / 100.0 * plot_h),
            label,
        })
        .collect();
    Some(StepChart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: RIGHT,
        top: TOP,
        bottom: BOTTOM,
        y_ticks,
        bars,
        not_drawn: steps.len() - drawn.len(),
    })
}

fn drift_ctx(d: &DriftReport, plan_metric: Option<&MonitoredMetric>) -> DriftCtx {
    let drifted_columns: Vec<ColumnCtx> = d
        .columns
        .iter()
        .filter(|c| c.drifted)
        .map(|c| ColumnCtx {
            name: c.name.clone(),
            method: c.method.clone(),
            score: c.score.map(short_num),
            threshold: c.threshold.map(short_num),
        })
        .collect();
    let verdict = match d.dataset_drift {
        Some(true) => "drifted",
        Some(false) => "no drift",
        None => "not stated",
    };
    DriftCtx {
        path: d.source.path.clone(),
        tool: match &d.tool_version {
            Some(v) => format!("{} {v}", d.tool),
            None => d.tool.clone(),
        },
        date: d.date.clone(),
        drift_share: d.drift_share.map(percent),
        threshold: d.drift_share_threshold.map(percent),
        plan_threshold: plan_metric.map(|m| format!("{} {}", m.direction, short_num(m.threshold))),
        verdict,
        drifted: d.dataset_drift == Some(true),
        columns_total: d.columns.len(),
        drifted_columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(op: &str, value: &str) -> LabelMatcher {
        LabelMatcher {
            op: op.into(),
            value: value.into(),
        }
    }

    #[test]
    fn selects_follows_the_rules_contract() {
        let name = "credit-risk-scorer";
        assert!(selects(&[m("=", name)], name));
        assert!(selects(&[m("=~", "credit-risk-scorer|other")], name));
        // `=~` matches the whole value, as Prometheus anchors it.
        assert!(!selects(&[m("=~", "credit")], name));
        assert!(!selects(&[m("=", "other")], name));
        assert!(!selects(&[], name), "no model matcher selects nothing");
        assert!(!selects(&[m("=~", ".*"), m("!=", name)], name));
        assert!(!selects(&[m("=~", ".*"), m("!~", "credit-.*")], name));
        assert!(selects(&[m("=~", ".*"), m("!~", "other")], name));
        // An unreadable exclusion is taken to exclude.
        assert!(!selects(&[m("=", name), m("!~", "(")], name));
        // A second positive matcher for another model refuses it, as the rule reads the list.
        assert!(!selects(&[m("=", name), m("=", "other")], name));
    }

    #[test]
    fn step_weights_are_clamped_and_bounded() {
        let chart = step_chart(&[-5.0, 250.0, f64::NAN, 50.0]).unwrap();
        let weights: Vec<&str> = chart.bars.iter().map(|b| b.weight.as_str()).collect();
        assert_eq!(weights, ["0", "100", "0", "50"]);
        // A full bar reaches the top of the plot, never above it.
        assert_eq!(chart.bars[1].y, fmt1(f64::from(chart.top)));
        let many = vec![10.0; 500];
        let chart = step_chart(&many).unwrap();
        assert_eq!(chart.bars.len(), 60);
        assert_eq!(chart.not_drawn, 440);
        assert!(step_chart(&[]).is_none());
    }
}
