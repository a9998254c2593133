//! Staged rollouts: Argo Rollouts (`Rollout`, `AnalysisTemplate`), Flagger (`Canary`) and
//! KServe (`InferenceService` canary traffic), and whether a failing metric stops them.

use super::{AnalysisTemplate, RolloutDraft};
use crate::error::Result;
use crate::formats::Doc;
use crate::input::Rollout;
use serde_json::Value;

fn not_yet<T>(doc: &Doc, what: &str) -> Result<T> {
    Err(doc.err(
        crate::error::Location::default(),
        format!("{what}: not read yet"),
    ))
}

/// An Argo Rollouts `Rollout`.
pub fn argo(doc: &Doc, v: &Value) -> Result<RolloutDraft> {
    let _ = v;
    not_yet(doc, "Rollout")
}

/// An Argo Rollouts `AnalysisTemplate` or `ClusterAnalysisTemplate`.
pub fn argo_template(doc: &Doc, v: &Value) -> Result<AnalysisTemplate> {
    let _ = v;
    not_yet(doc, "AnalysisTemplate")
}

/// A Flagger `Canary`.
pub fn flagger(doc: &Doc, v: &Value) -> Result<RolloutDraft> {
    let _ = v;
    not_yet(doc, "Canary")
}

/// A KServe `InferenceService`.
pub fn kserve(doc: &Doc, v: &Value) -> Result<RolloutDraft> {
    let _ = v;
    not_yet(doc, "InferenceService")
}

/// The rollout with whether its analysis templates can abort it decided.
pub fn resolve(draft: RolloutDraft, templates: &[AnalysisTemplate]) -> Rollout {
    let _ = templates;
    draft.rollout
}
