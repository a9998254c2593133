//! Staged rollouts: Argo Rollouts (`Rollout`, `AnalysisTemplate`), Flagger (`Canary`) and
//! KServe (`InferenceService` canary traffic), and whether a failing metric stops them without a
//! person. What the files cannot show (a template not shipped, a metric that cannot fail, a mesh
//! provider or deployment mode left to the cluster) counts as not staged or no abort.
//!
//! Decisions, each the reading that cannot turn a block into a wrong approve:
//! - Staged means live traffic is held at a weight strictly between 0 and 100 before the
//!   release gets all of it. An Argo `setWeight` counts only when a pause (not of zero length),
//!   an analysis or an experiment holds it before the next weight or the end; blue-green
//!   switches all traffic at once (its pre/post-promotion analyses can still abort it).
//! - Flagger blue/green and A/B testing (`iterations`) are not staged: A/B exposes the
//!   requests a match selects, a share no weight states. A Canary without `provider` is not
//!   shown to be staged: the cluster-wide mesh provider decides, and with `kubernetes` Flagger
//!   switches all traffic at once. Flagger's abort needs `analysis.threshold` ≥ 1 stated
//!   (its controller would use 1 for 0, but the file does not say so).
//! - KServe's `canaryTrafficPercent` stages only in Serverless (Knative) mode, stated by the
//!   `serving.kserve.io/deploymentMode` annotation; KServe never aborts by itself.
//! - Steps list the weights in order, ending with 100, the full promotion.

use super::read::Part;
use super::{AnalysisTemplate, RolloutDraft};
use crate::error::{excerpt, Result};
use crate::input::Rollout;
use regex::Regex;
use serde_json::Value;

#[cfg(test)]
mod tests;

/// [`Rollout::tool`] of an Argo Rollouts `Rollout`.
pub const ARGO: &str = "argo-rollouts";
/// [`Rollout::tool`] of a Flagger `Canary`.
pub const FLAGGER: &str = "flagger";
/// [`Rollout::tool`] of a KServe `InferenceService`.
pub const KSERVE: &str = "kserve";

/// Flagger's metrics measured without a `MetricTemplate`.
const FLAGGER_BUILTINS: [&str; 2] = ["request-success-rate", "request-duration"];

/// One Argo analysis a rollout starts: its templates, and the metrics it runs in dry run.
#[derive(Debug, Clone, Default)]
pub struct AnalysisUse {
    /// Where the rollout starts it (`background analysis`, `step 2 analysis`,
    /// `prePromotionAnalysis`).
    pub at: String,
    /// Template references (`AnalysisTemplate/name`, `ClusterAnalysisTemplate/name`).
    pub templates: Vec<String>,
    /// The analysis's own `dryRun[].metricName` patterns (regular expressions).
    pub dry_run: Vec<String>,
    /// Why this analysis never judges the canary, when it does not.
    pub idle: Option<String>,
}

mod argo;
mod flagger;
mod kserve;
pub use argo::{argo, argo_template};
pub use flagger::flagger;
pub use kserve::kserve;

/// The rollout with whether its Argo analyses can abort it decided: at least one analysis
/// that judges the canary runs a template the bundle ships (every definition of it, in the
/// rollout's namespace) with a metric that can fail and that the analysis does not run in dry
/// run. Flagger and KServe rollouts were decided when read.
pub fn resolve(draft: RolloutDraft, templates: &[AnalysisTemplate]) -> Rollout {
    let mut rollout = draft.rollout;
    if rollout.tool != ARGO {
        return rollout;
    }
    let mut reasons: Vec<String> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let mut aborts = false;
    for run in &draft.runs {
        if let Some(why) = &run.idle {
            reasons.push(why.clone());
            continue;
        }
        let mut dry_run = Vec::new();
        if let Some(bad) = run.dry_run.iter().find(|p| Regex::new(p).is_err()) {
            reasons.push(format!(
                "{}: the dryRun pattern `{}` is not a regular expression modelgate reads, so \
                 any metric may be in dry run",
                run.at,
                excerpt(bad)
            ));
            continue;
        }
        for p in &run.dry_run {
            if let Ok(re) = Regex::new(p) {
                dry_run.push((p, re));
            }
        }
        for t in &run.templates {
            let shipped: Vec<&AnalysisTemplate> = templates
                .iter()
                .filter(|x| &x.name == t && same_namespace(x, draft.namespace.as_deref()))
                .collect();
            if shipped.is_empty() {
                if !missing.contains(&t.as_str()) {
                    missing.push(t);
                }
                continue;
            }
            let mut why: Vec<String> = Vec::new();
            let mut every_fails = true;
            for x in &shipped {
                let (live, dry): (Vec<&String>, Vec<&String>) = x
                    .failing_metrics
                    .iter()
                    .partition(|m| !dry_run.iter().any(|(_, re)| re.is_match(m)));
                if live.is_empty() {
                    every_fails = false;
                    why.extend(x.inert.iter().cloned());
                    why.extend(
                        dry.iter()
                            .map(|m| format!("`{}`: in dry run in this analysis", excerpt(m))),
                    );
                }
            }
            if every_fails {
                aborts = true;
            } else {
                let defined = if shipped.len() > 1 {
                    format!(" (defined {} times in the bundle)", shipped.len())
                } else {
                    String::new()
                };
                let detail = if why.is_empty() {
                    "it has no metrics".to_string()
                } else {
                    why.join("; ")
                };
                reasons.push(format!(
                    "{}: `{}`{defined} has no metric that can fail the run: {detail}",
                    run.at,
                    excerpt(t)
                ));
            }
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|m| format!("`{}`", excerpt(m)))
            .collect();
        reasons.push(format!(
            "analysis templates not in the bundle cannot be shown to fail the run: {}",
            names.join(", ")
        ));
    }
    if draft.runs.is_empty() {
        reasons.push(
            "the rollout starts no analysis, so only a person can abort it (`kubectl argo \
             rollouts abort`)"
                .to_string(),
        );
    } else if reasons.is_empty() {
        reasons.push("its analyses name no template".to_string());
    }
    rollout.automated_abort = aborts;
    rollout.no_abort_reason = (!aborts).then(|| reasons.join("; "));
    rollout
}

/// Whether a template is one the rollout can run: a `ClusterAnalysisTemplate`, or an
/// `AnalysisTemplate` not stated to be in another namespace than the rollout's.
pub(super) fn same_namespace(template: &AnalysisTemplate, rollout: Option<&str>) -> bool {
    match (template.namespace.as_deref(), rollout) {
        (Some(t), Some(r)) => t == r,
        _ => true,
    }
}

/// A rollout decided when read: no templates to resolve.
pub(super) fn draft(rollout: Rollout) -> RolloutDraft {
    RolloutDraft {
        rollout,
        ..RolloutDraft::default()
    }
}
