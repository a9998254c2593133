//! Operational evidence (`spec.operations`): the operations plan, Prometheus alerting rules,
//! staged rollouts (Argo Rollouts, Flagger, KServe) and drift reports (Evidently, ours). Each
//! file may hold several documents; what one says about another (a rollout's analysis
//! template, an alert's recorded series) is resolved once every file is read ([`combine`]).

pub mod drift;
pub mod plan;
pub mod prometheus;
pub mod read;
pub mod rollout;

use super::Doc;
use crate::diagnostic::Code;
use crate::error::{Location, Result};
use crate::input::{AlertRule, DriftReport, LabelMatcher, Operations, OperationsPlan, Rollout};
use read::{Origin, Part};
use serde_json::Value;

/// What one file holds, before the files are combined.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The file itself, as read: evidence of the decision whatever it holds.
    pub files: Vec<crate::input::Source>,
    pub plans: Vec<OperationsPlan>,
    pub alerts: Vec<AlertRule>,
    pub recordings: Vec<Recording>,
    pub rollouts: Vec<RolloutDraft>,
    pub analysis_templates: Vec<AnalysisTemplate>,
    pub drift: Vec<DriftReport>,
}

/// A Prometheus recording rule: the series it records and what it reads.
#[derive(Debug, Clone, Default)]
pub struct Recording {
    pub name: String,
    pub model_selectors: Vec<LabelMatcher>,
    pub metrics: Vec<String>,
}

/// A rollout as its file states it; whether it aborts by itself may depend on analysis
/// templates of other documents.
#[derive(Debug, Clone, Default)]
pub struct RolloutDraft {
    pub rollout: Rollout,
    /// The rollout's `metadata.namespace`: a namespaced template stated in another namespace
    /// is not the one it runs.
    pub namespace: Option<String>,
    /// Each Argo analysis the rollout starts (background, a step, blue-green pre/post
    /// promotion), with the metrics it runs in dry run itself.
    pub runs: Vec<rollout::AnalysisUse>,
}

/// An Argo Rollouts `AnalysisTemplate` or `ClusterAnalysisTemplate`.
#[derive(Debug, Clone, Default)]
pub struct AnalysisTemplate {
    /// `AnalysisTemplate/name` or `ClusterAnalysisTemplate/name`.
    pub name: String,
    /// Metrics whose failure fails the analysis run (and so aborts the rollout).
    pub failing_metrics: Vec<String>,
    /// Why a metric cannot fail the run (`failureLimit: -1`, dry run, no condition).
    pub inert: Vec<String>,
    /// `metadata.namespace` of an `AnalysisTemplate`, when stated.
    pub namespace: Option<String>,
}

/// Reads one operations file: every document in it.
/// The format of an operations file in the evidence list: it may hold several kinds.
pub const FILE_FORMAT: &str = "operations";

pub fn load(doc: &Doc) -> Result<Loaded> {
    let text = doc.text()?;
    let json = doc.rel.ends_with(".json") || text.trim_start().starts_with('{');
    let docs: Vec<Value> = if json {
        vec![doc.json()?]
    } else {
        super::parse_yaml_documents(text).map_err(|(loc, msg)| doc.err(loc, msg))?
    };
    let mut out = Loaded {
        files: vec![doc.source(FILE_FORMAT)],
        ..Loaded::default()
    };
    for (i, v) in docs.iter().enumerate() {
        let origin = Origin {
            json,
            document: i,
            documents: docs.len(),
            item: None,
        };
        // `kubectl get -o yaml` writes several resources as one `List` of `items`.
        match (v.get("kind").and_then(Value::as_str), v.get("items")) {
            (Some("List"), Some(Value::Array(items))) => {
                for (item, root) in items.iter().enumerate() {
                    let origin = Origin {
                        item: Some(item),
                        ..origin
                    };
                    load_document(Part { doc, root, origin }, &mut out)?;
                }
            }
            _ => load_document(
                Part {
                    doc,
                    root: v,
                    origin,
                },
                &mut out,
            )?,
        }
    }
    Ok(out)
}

fn load_document(part: Part, out: &mut Loaded) -> Result<()> {
    let v = part.root;
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let group = api.split('/').next().unwrap_or("");
    match (group, kind) {
        ("modelgate.dev", "OperationsPlan") => out.plans.push(plan::load(part)?),
        ("modelgate.dev", "DriftReport") => out.drift.push(drift::modelgate(part)?),
        ("monitoring.coreos.com", "PrometheusRule") => prometheus::load(part, true, out)?,
        ("argoproj.io", "Rollout") => out.rollouts.push(rollout::argo(part)?),
        ("argoproj.io", "AnalysisTemplate" | "ClusterAnalysisTemplate") => {
            out.analysis_templates.push(rollout::argo_template(part)?)
        }
        ("flagger.app", "Canary") => out.rollouts.push(rollout::flagger(part)?),
        // Flagger's metric templates hold queries only: the Canary says what fails.
        ("flagger.app", "MetricTemplate") => {}
        ("serving.kserve.io", "InferenceService") => out.rollouts.push(rollout::kserve(part)?),
        ("", "") if v.get("groups").is_some() => prometheus::load(part, false, out)?,
        ("", "") if drift::is_evidently(v) => out.drift.push(drift::evidently(part)?),
        _ => {
            let location = match part.origin {
                Origin { item: Some(_), .. } | Origin { document: 0, .. } => part.location(""),
                Origin { document, .. } => Location {
                    pointer: Some(format!("(document {})", document + 1)),
                    ..part.location("")
                },
            };
            return Err(part
                .doc
                .err(
                    location,
                    format!(
                        "not operations evidence modelgate reads (apiVersion `{}`, kind `{}`): \
                         expected an OperationsPlan, a Prometheus rule file or PrometheusRule, an \
                         Argo Rollout or AnalysisTemplate, a Flagger Canary, a KServe \
                         InferenceService, an Evidently report or a DriftReport",
                        super::excerpt(api),
                        super::excerpt(kind)
                    ),
                )
                .with_code(Code::UnsupportedFormat));
        }
    }
    Ok(())
}

/// The operations evidence of every file, with cross-document references resolved: an
/// alert's recorded series to the model selectors and metrics they read, an Argo rollout's
/// analysis templates to whether a failing metric aborts it. A template the bundle does not
/// ship cannot be shown to abort anything.
pub fn combine(files: Vec<Loaded>) -> Operations {
    let mut all = Loaded::default();
    for f in files {
        all.files.extend(f.files);
        all.plans.extend(f.plans);
        all.alerts.extend(f.alerts);
        all.recordings.extend(f.recordings);
        all.rollouts.extend(f.rollouts);
        all.analysis_templates.extend(f.analysis_templates);
        all.drift.extend(f.drift);
    }
    let alerts = all
        .alerts
        .into_iter()
        .map(|a| prometheus::resolve(a, &all.recordings))
        .collect();
    let rollouts = all
        .rollouts
        .into_iter()
        .map(|r| rollout::resolve(r, &all.analysis_templates))
        .collect();
    Operations {
        files: all.files,
        // One plan per release: the bundle's load stage refuses a second.
        plan: all.plans.into_iter().next(),
        alerts,
        rollouts,
        drift: all.drift,
        // Verified against the record keys in the bundle's verify stage.
        rollback_target: None,
    }
}

#[cfg(test)]
mod tests;
