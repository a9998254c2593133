//! Operational readiness evidence in the input: how a release is watched (alert rules), rolled
//! out (staged rollouts), judged after release (drift reports) and run (the operations plan).

use super::Source;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the bundle says about operating the model (`spec.operations`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Operations {
    /// Every file of `spec.operations` as read (path, sha256, size), whatever it holds: an
    /// analysis template counts as much as a rule file.
    #[serde(default)]
    pub files: Vec<Source>,
    /// The operations plan (`operations.yaml`), when one is shipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<OperationsPlan>,
    /// Alerting rules, from Prometheus rule files and `PrometheusRule` resources.
    #[serde(default)]
    pub alerts: Vec<AlertRule>,
    /// Staged rollouts: Argo Rollouts, Flagger canaries, KServe canary traffic.
    #[serde(default)]
    pub rollouts: Vec<Rollout>,
    /// Drift reports (Evidently, or modelgate's own `drift.json`).
    #[serde(default)]
    pub drift: Vec<DriftReport>,
    /// The decision record the plan's `rollback.record` names, as verified against the record
    /// keys; present whenever the plan names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_target: Option<RollbackTarget>,
}

/// The release a rollback returns to, read from the signed decision record that approved it.
/// Only what a trusted record key signed fills `verdict`, `time`, `expires` and `bundles`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct RollbackTarget {
    /// The record's path as the plan names it, relative to the bundle.
    pub record: String,
    /// The record file as read, when it could be: path, sha256 and size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// sha256 of the record file (hex), when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A trusted record key signed it, and it is a modelgate decision statement whose decision
    /// id matches its content. Expiry does not count: an earlier approval has usually expired.
    pub verified: bool,
    /// Why it is not verified: `<check>: <message>`, the check one of `record-key` (no record
    /// key is trusted), `missing` (not in the bundle), `outside` (a path or symlink leading out
    /// of the bundle), `read`, `envelope`, `payload-type`, `signature`, `statement`,
    /// `decision-id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Key id of the record key that signed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The verdict of the run the record is of: `approve` or `block`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<crate::decision::Verdict>,
    /// RFC 3339 time of that decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// RFC 3339 time the record's validity ended or ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The record's validity ended before the decision time (`--now`).
    pub expired: bool,
    /// The bundles the record decided on, each with its own verdict.
    #[serde(default)]
    pub bundles: Vec<RollbackBundle>,
}

/// One bundle of a rollback target's record.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RollbackBundle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub verdict: crate::decision::Verdict,
}

/// One Prometheus alerting rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct AlertRule {
    pub source: Source,
    /// The rule group.
    pub group: String,
    /// The alert's name (`alert:`).
    pub name: String,
    /// The PromQL expression, as written.
    pub expr: String,
    /// How long the condition must hold (`for:`), as written (`30m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#for: Option<String>,
    /// The rule's labels, the group's labels under them (Prometheus 3 group labels).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// The rule's annotations (`summary`, `description`, `runbook_url`).
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    /// The `model` label matchers the expression selects series with, its own and those of
    /// the recording rules it reads (followed through their `record:` names).
    #[serde(default)]
    pub model_selectors: Vec<LabelMatcher>,
    /// Metric names the expression reads, recorded series resolved to what they read.
    #[serde(default)]
    pub metrics: Vec<String>,
}

/// A PromQL label matcher: `model="x"` (`=`), `model=~"x|y"` (`=~`, matched against the
/// whole value), `!=`, `!~`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct LabelMatcher {
    pub op: String,
    pub value: String,
}

/// A staged rollout and whether a failing metric stops it without a person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Rollout {
    pub source: Source,
    /// `argo-rollouts`, `flagger` or `kserve`.
    pub tool: String,
    /// The resource's kind and name (`Rollout/credit-risk-scorer`).
    pub name: String,
    /// Traffic goes to the new release in steps (a canary), not all at once.
    pub staged: bool,
    /// Why the rollout is not shown to be staged, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_staged_reason: Option<String>,
    /// The traffic weights of the steps, in order (percent).
    #[serde(default)]
    pub steps: Vec<f64>,
    /// Metric analyses that judge the new release while it rolls out (template or metric
    /// names).
    #[serde(default)]
    pub analyses: Vec<String>,
    /// A failing analysis aborts or rolls back the rollout by itself.
    pub automated_abort: bool,
    /// Why there is no automated abort, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_abort_reason: Option<String>,
}

/// A drift report: the production data compared with the reference.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct DriftReport {
    pub source: Source,
    /// The tool that measured the drift: `evidently`, or the `tool` a modelgate `DriftReport`
    /// names (`nannyml`); `source.format` tells which file format it was read from.
    pub tool: String,
    /// The tool's version, when the report states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// When the report was made, when it says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Share of the columns that drifted (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_share: Option<f64>,
    /// The share of drifted columns at which the tool calls the data set drifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_share_threshold: Option<f64>,
    /// The tool's verdict on the data set, stated or derived from the share and threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_drift: Option<bool>,
    /// Per column.
    #[serde(default)]
    pub columns: Vec<ColumnDrift>,
}

/// One column's drift test.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ColumnDrift {
    pub name: String,
    /// The test's statistic: a p-value, or a distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The statistical test or distance (`ks`, `chisquare`, `wasserstein`, `psi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Whether the column drifted, as the report says or its test's direction gives.
    pub drifted: bool,
}

/// The operations plan: how the release is watched, rolled out, rolled back and retrained.
/// Written by the release's operators as `operations.yaml` (`modelgate init` scaffolds it).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct OperationsPlan {
    pub source: Source,
    /// Monitored metrics with their thresholds and the alerts that watch them.
    #[serde(default)]
    pub metrics: Vec<MonitoredMetric>,
    /// Where alerts go and who answers them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerting: Option<crate::formats::operations::plan::Alerting>,
    /// How long the serving logs are kept (EU AI Act Art. 19(1), 26(6): at least six months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_days: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<crate::formats::operations::plan::Rollback>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retraining: Option<crate::formats::operations::plan::Retraining>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incidents: Option<crate::formats::operations::plan::Incidents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<crate::formats::operations::plan::Access>,
    /// The 1-based line in the plan's file of each JSON pointer the built-in rules point at
    /// (`/monitoring/metrics/0`, `/logging/retentionDays`; an absent key has its parent's line).
    #[serde(default)]
    pub lines: BTreeMap<String, usize>,
}

/// A metric the plan monitors.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct MonitoredMetric {
    /// `data_drift`, `prediction_drift`, `performance`, `latency`, `error_rate` or `other`.
    pub kind: String,
    /// The metric's name as the monitoring system has it.
    pub name: String,
    /// The value past which the alert fires.
    pub threshold: f64,
    /// `above`: alert when the value rises above the threshold; `below`: when it falls under.
    pub direction: String,
    /// The alert rule that watches it (its `alert:` name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
}
