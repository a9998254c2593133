//! The operations plan (`operations.yaml`, `kind: OperationsPlan`): modelgate's own format for
//! what no operator tool states in one place (thresholds, on-call owner, log retention, the
//! rollback target, retraining, incidents, endpoint access). `schemas/operations.schema.json`.

use super::read::Part;
use crate::error::Result;
use crate::input::{MonitoredMetric, OperationsPlan};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Format name in [`crate::input::Source::format`].
pub const FORMAT: &str = "modelgate-operations-plan";

/// `operations.yaml` as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanFile {
    /// `modelgate.dev/v1`.
    pub api_version: String,
    /// `OperationsPlan`.
    pub kind: String,
    #[serde(default)]
    pub monitoring: Option<Monitoring>,
    #[serde(default)]
    pub alerting: Option<Alerting>,
    #[serde(default)]
    pub logging: Option<Logging>,
    #[serde(default)]
    pub rollback: Option<Rollback>,
    #[serde(default)]
    pub retraining: Option<Retraining>,
    #[serde(default)]
    pub incidents: Option<Incidents>,
    #[serde(default)]
    pub access: Option<Access>,
}

/// What is monitored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Monitoring {
    #[serde(default)]
    pub metrics: Vec<Metric>,
}

/// One monitored metric.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Metric {
    pub kind: MetricKind,
    /// The metric's name in the monitoring system (`model_data_drift_share`).
    pub name: String,
    /// The value past which the alert fires.
    pub threshold: f64,
    pub direction: Direction,
    /// The alerting rule that watches the metric (its `alert:` name).
    #[serde(default)]
    pub alert: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    DataDrift,
    PredictionDrift,
    Performance,
    Latency,
    ErrorRate,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The alert fires when the value rises above the threshold (drift, latency, errors).
    Above,
    /// The alert fires when the value falls below it (accuracy, a performance floor).
    Below,
}

/// Where alerts go and who answers them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all(deserialize = "camelCase"))]
pub struct Alerting {
    /// Alertmanager receivers or paging routes (`pagerduty:risk-ml-oncall`).
    #[serde(default)]
    pub routes: Vec<String>,
    /// The on-call owner: a team or rotation that answers.
    #[serde(default)]
    pub on_call: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Logging {
    /// How long serving logs are kept, in days.
    #[serde(default)]
    pub retention_days: Option<u64>,
}

/// The release to return to.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all(deserialize = "camelCase"))]
pub struct Rollback {
    /// The version rolled back to.
    #[serde(default)]
    pub version: Option<String>,
    /// The signed decision record that approved it, relative to the bundle.
    #[serde(default)]
    pub record: Option<String>,
    /// How a rollback is done (a command, a runbook link); for a first release, how the
    /// system is stopped and what takes over.
    #[serde(default)]
    pub procedure: Option<String>,
    /// No earlier release of this model was approved, so there is none to return to: the
    /// procedure alone is the fallback. Contradicted by a record named beside it and by a
    /// bundle that existed at the `--base` revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_release: Option<bool>,
}

/// When the model is retrained and who approves a retrained model.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all(deserialize = "camelCase"))]
pub struct Retraining {
    #[serde(default)]
    pub triggers: Vec<String>,
    #[serde(default)]
    pub approvers: Vec<String>,
}

/// Incident handling (EU AI Act Art. 73 serious incidents for high-risk systems).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all(deserialize = "camelCase"))]
pub struct Incidents {
    /// The incident procedure (a runbook link or text).
    #[serde(default)]
    pub procedure: Option<String>,
    /// How serious incidents are reported to the market surveillance authority.
    #[serde(default)]
    pub serious_incident_reporting: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
}

/// Access control of the serving endpoint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all(deserialize = "camelCase"))]
pub struct Access {
    #[serde(default)]
    pub authentication: Option<String>,
    #[serde(default)]
    pub network_policy: Option<String>,
}

fn enum_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Reads a plan from its parsed document; errors name the pointer of the bad value.
pub fn load(part: Part) -> Result<OperationsPlan> {
    let file: PlanFile = serde_path_to_error::deserialize(part.root).map_err(|e| {
        let pointer = crate::formats::path_to_pointer(e.path());
        part.err(&pointer, format!("invalid YAML: {}", e.into_inner()))
    })?;
    if file.api_version != "modelgate.dev/v1" {
        return Err(part.err(
            "/apiVersion",
            format!(
                "apiVersion must be `modelgate.dev/v1`, found `{}`",
                crate::formats::excerpt(&file.api_version)
            ),
        ));
    }
    // Where the rules of policies/operations.rego point, so that their findings have a line.
    let mut pointers: Vec<String> = [
        "/monitoring/metrics",
        "/alerting/routes",
        "/alerting/onCall",
        "/logging/retentionDays",
        "/rollback",
        "/retraining/triggers",
        "/retraining/approvers",
        "/incidents/procedure",
        "/incidents/contact",
        "/incidents/seriousIncidentReporting",
        "/access/authentication",
        "/access/networkPolicy",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    let count = file.monitoring.as_ref().map_or(0, |m| m.metrics.len());
    pointers.extend((0..count).map(|i| format!("/monitoring/metrics/{i}")));
    let lines = part.lines(&pointers);
    let metrics = file
        .monitoring
        .map(|m| m.metrics)
        .unwrap_or_default()
        .into_iter()
        .map(|m| MonitoredMetric {
            kind: enum_name(&m.kind),
            name: m.name,
            threshold: m.threshold,
            direction: enum_name(&m.direction),
            alert: m.alert,
        })
        .collect();
    Ok(OperationsPlan {
        source: part.doc.source(FORMAT),
        metrics,
        alerting: file.alerting,
        log_retention_days: file.logging.and_then(|l| l.retention_days),
        rollback: file.rollback,
        retraining: file.retraining,
        incidents: file.incidents,
        access: file.access,
        lines,
    })
}
