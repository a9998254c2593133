//! KServe: an `InferenceService` with `canaryTrafficPercent` (Knative mode only).

use super::*;

/// A KServe `InferenceService`: `canaryTrafficPercent` stages the predictor's new revision in
/// Serverless (Knative) mode; KServe measures nothing, so it never aborts.
pub fn kserve(f: Part) -> Result<RolloutDraft> {
    let doc = f.doc;
    let name = f.required_string("/metadata/name", "the InferenceService's name")?;
    f.required_map(
        "/spec/predictor",
        "the predictor (`spec.predictor`, a mapping)",
    )?;
    let percent = f.percent("/spec/predictor/canaryTrafficPercent")?;
    for component in ["transformer", "explainer"] {
        if f.map(&format!("/spec/{component}"))?.is_some() {
            f.percent(&format!("/spec/{component}/canaryTrafficPercent"))?;
        }
    }
    let mode = f.string("/metadata/annotations/serving.kserve.io~1deploymentMode")?;
    let knative = match mode {
        Some("Serverless" | "Knative") => Some(true),
        Some("RawDeployment" | "Standard" | "ModelMesh") => Some(false),
        _ => None,
    };
    let mut rollout = Rollout {
        source: doc.source("kserve-inferenceservice"),
        tool: KSERVE.to_string(),
        name: format!("InferenceService/{name}"),
        ..Rollout::default()
    };
    let (steps, not_staged) = match (knative, percent) {
        (Some(true), Some(p)) if p > 0 && p < 100 => (vec![p as f64, 100.0], None),
        (Some(true), Some(0)) => (
            vec![0.0],
            Some(
                "canaryTrafficPercent 0 pins all traffic to the previous revision (a manual \
                 rollback): the new release gets none"
                    .to_string(),
            ),
        ),
        (Some(true), Some(_)) => (
            vec![100.0],
            Some(
                "canaryTrafficPercent 100 sends all traffic to the new revision at once"
                    .to_string(),
            ),
        ),
        (Some(true), None) => (
            vec![100.0],
            Some(
                "no canaryTrafficPercent: all traffic moves to the new revision once it is ready"
                    .to_string(),
            ),
        ),
        (Some(false), _) => (
            vec![100.0],
            Some(format!(
                "deployment mode `{}`: canaryTrafficPercent is read only in Serverless \
                 (Knative) mode, so all traffic moves at once",
                excerpt(mode.unwrap_or_default())
            )),
        ),
        (None, _) => (
            Vec::new(),
            Some(
                "the deployment mode is not stated (annotation \
                 `serving.kserve.io/deploymentMode`): the cluster default decides, and \
                 canaryTrafficPercent works only in Serverless (Knative) mode"
                    .to_string(),
            ),
        ),
    };
    rollout.staged = not_staged.is_none();
    rollout.steps = steps;
    rollout.not_staged_reason = not_staged;
    let mut why = "KServe runs no metric analysis: promoting (removing canaryTrafficPercent) \
                   and rolling back (setting it to 0) are edits by a person or another tool"
        .to_string();
    if knative == Some(false) && percent.is_some() {
        why.push_str(&format!(
            "; in `{}` mode canaryTrafficPercent has no effect",
            excerpt(mode.unwrap_or_default())
        ));
    }
    rollout.no_abort_reason = Some(why);
    Ok(draft(rollout))
}
