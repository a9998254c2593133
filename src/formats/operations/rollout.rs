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

use super::{AnalysisTemplate, RolloutDraft};
use crate::error::{excerpt, Error, Location, Result};
use crate::formats::locate::{Position, YamlIndex};
use crate::formats::Doc;
use crate::input::Rollout;
use regex::Regex;
use serde_json::{Map, Value};

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

/// An Argo Rollouts `Rollout`: its steps and the analyses it starts; whether they abort it is
/// decided by [`resolve`], once every template of the bundle is read.
pub fn argo(doc: &Doc, v: &Value) -> Result<RolloutDraft> {
    let f = Fields { doc, root: v };
    let name = f.required_string("/metadata/name", "the rollout's name")?;
    let namespace = f.string("/metadata/namespace")?.map(str::to_string);
    f.required_map("/spec", "the rollout's spec (a mapping)")?;
    let mut rollout = Rollout {
        source: doc.source("argo-rollout"),
        tool: ARGO.to_string(),
        name: format!("Rollout/{name}"),
        ..Rollout::default()
    };
    let mut runs = Vec::new();
    let canary = f.map("/spec/strategy/canary")?;
    let blue_green = f.map("/spec/strategy/blueGreen")?;
    match (canary, blue_green) {
        (Some(_), None) => argo_canary(&f, &mut rollout, &mut runs)?,
        (None, Some(_)) => {
            rollout.steps = vec![100.0];
            rollout.not_staged_reason =
                Some("blue-green switches all traffic to the new release at once".to_string());
            for key in ["prePromotionAnalysis", "postPromotionAnalysis"] {
                let p = format!("/spec/strategy/blueGreen/{key}");
                if f.map(&p)?.is_some() {
                    runs.push(argo_analysis(&f, &p, key.to_string())?);
                }
            }
        }
        (Some(_), Some(_)) => {
            return Err(f.err(
                "/spec/strategy",
                "a rollout strategy is either `canary` or `blueGreen`, not both",
            ))
        }
        (None, None) => {
            return Err(f.err(
                "/spec/strategy",
                "expected `spec.strategy` with `canary` or `blueGreen`",
            ))
        }
    }
    let mut template_refs: Vec<String> = Vec::new();
    for t in runs.iter().flat_map(|r| &r.templates) {
        if !template_refs.contains(t) {
            template_refs.push(t.clone());
        }
    }
    rollout.analyses = template_refs.clone();
    Ok(RolloutDraft {
        rollout,
        template_refs,
        namespace,
        runs,
    })
}

/// The canary strategy: weights, whether one is held, the background and step analyses.
fn argo_canary(f: &Fields, rollout: &mut Rollout, runs: &mut Vec<AnalysisUse>) -> Result<()> {
    let base = "/spec/strategy/canary";
    let steps = f.list(&format!("{base}/steps"))?;
    let background = format!("{base}/analysis");
    if f.map(&background)?.is_some() {
        let mut run = argo_analysis(f, &background, "background analysis".to_string())?;
        let start_at = format!("{background}/startingStep");
        if let Some(start) = f.integer(&start_at)? {
            if start < 0 {
                return Err(f.wrong(&start_at, "a step index (0 or more)"));
            }
            // The run starts when the rollout reaches that step; past the last one the
            // release is already promoted.
            if !steps.is_empty() && start >= steps.len() as i64 {
                run.idle = Some(format!(
                    "the background analysis starts at step {start}, after the last of the {} \
                     steps, so it never judges the canary",
                    steps.len()
                ));
            }
        }
        runs.push(run);
    }
    let mut weights = Vec::new();
    // A weight between 0 and 100 set and not yet followed by the next weight.
    let mut partial = false;
    let mut staged = false;
    for i in 0..steps.len() {
        let s = format!("{base}/steps/{i}");
        f.required_map(&s, "a canary step (a mapping)")?;
        if let Some(w) = f.percent(&format!("{s}/setWeight"))? {
            weights.push(w as f64);
            partial = w > 0 && w < 100;
        }
        let mut holds = false;
        let pause = format!("{s}/pause");
        if f.map(&pause)?.is_some() {
            holds = pause_holds(f, &format!("{pause}/duration"))?;
        }
        let analysis = format!("{s}/analysis");
        if f.map(&analysis)?.is_some() {
            runs.push(argo_analysis(f, &analysis, format!("step {i} analysis"))?);
            holds = true;
        }
        if f.map(&format!("{s}/experiment"))?.is_some() {
            holds = true;
        }
        staged |= holds && partial;
    }
    if weights.last() != Some(&100.0) {
        weights.push(100.0);
    }
    rollout.steps = weights;
    rollout.staged = staged;
    if !staged {
        rollout.not_staged_reason = Some(if steps.is_empty() {
            "the canary has no steps, so all traffic moves to the new release at once".to_string()
        } else {
            "no setWeight between 0 and 100 is held by a pause, an analysis or an experiment \
             before the next weight or the end, so traffic is not shifted in stages"
                .to_string()
        });
    }
    Ok(())
}

/// Whether a pause holds traffic: indefinite (no duration) or longer than zero. A duration is
/// seconds (an integer) or a Go duration (`15m`, `1h30m`).
fn pause_holds(f: &Fields, p: &str) -> Result<bool> {
    const EXPECTED: &str = "a duration (`15m`, `1h`) or a number of seconds";
    match f.get(p) {
        None => Ok(true),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(secs) if secs >= 0 => Ok(secs > 0),
            _ => Err(f.wrong(p, EXPECTED)),
        },
        Some(Value::String(s)) => duration_is_zero(s)
            .map(|zero| !zero)
            .ok_or_else(|| f.wrong(p, EXPECTED)),
        Some(_) => Err(f.wrong(p, EXPECTED)),
    }
}

/// Whether a duration (`0`, `90`, `15m`, `1h30m`, `1.5h`) is zero; `None` when it is not one.
fn duration_is_zero(s: &str) -> Option<bool> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(secs == 0);
    }
    let mut rest = s;
    let mut zero = true;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit = ["ns", "us", "µs", "ms", "s", "m", "h"]
            .iter()
            .filter(|u| rest.starts_with(*u))
            .max_by_key(|u| u.len())?;
        rest = &rest[unit.len()..];
        zero &= value == 0.0;
    }
    Some(zero)
}

/// An analysis of a rollout (`templates[]`, `dryRun[]`) at pointer `p`.
fn argo_analysis(f: &Fields, p: &str, at: String) -> Result<AnalysisUse> {
    let mut run = AnalysisUse {
        at,
        ..AnalysisUse::default()
    };
    for i in 0..f.list(&format!("{p}/templates"))?.len() {
        let t = format!("{p}/templates/{i}");
        f.required_map(&t, "a template reference (a mapping)")?;
        let name = f.required_string(
            &format!("{t}/templateName"),
            "the template's name (`templateName`)",
        )?;
        let kind = if f.boolean(&format!("{t}/clusterScope"))? == Some(true) {
            "ClusterAnalysisTemplate"
        } else {
            "AnalysisTemplate"
        };
        run.templates.push(format!("{kind}/{name}"));
    }
    for i in 0..f.list(&format!("{p}/dryRun"))?.len() {
        let pattern = f.required_string(
            &format!("{p}/dryRun/{i}/metricName"),
            "a metric-name pattern (`metricName`)",
        )?;
        run.dry_run.push(pattern.to_string());
    }
    Ok(run)
}

/// An Argo Rollouts `AnalysisTemplate` or `ClusterAnalysisTemplate`: which of its metrics can
/// fail a run, and why the others cannot.
pub fn argo_template(doc: &Doc, v: &Value) -> Result<AnalysisTemplate> {
    let f = Fields { doc, root: v };
    let kind = match f.string("/kind")? {
        Some("ClusterAnalysisTemplate") => "ClusterAnalysisTemplate",
        _ => "AnalysisTemplate",
    };
    let name = f.required_string("/metadata/name", "the template's name")?;
    let namespace = match kind {
        "AnalysisTemplate" => f.string("/metadata/namespace")?.map(str::to_string),
        _ => None,
    };
    // Argo matches each pattern anywhere in the metric's name (Go `regexp.MatchString`), as
    // `Regex::is_match` does. A pattern this reader cannot compile may cover any metric.
    let mut dry_run = Vec::new();
    let mut unreadable = None;
    for i in 0..f.list("/spec/dryRun")?.len() {
        let pattern = f.required_string(
            &format!("/spec/dryRun/{i}/metricName"),
            "a metric-name pattern (`metricName`)",
        )?;
        match Regex::new(pattern) {
            Ok(re) => dry_run.push((pattern, re)),
            Err(_) => unreadable = Some(pattern),
        }
    }
    if f.get("/spec/metrics").is_none() {
        return Err(f.err(
            "/spec/metrics",
            "expected the template's metrics (`spec.metrics`, a list)",
        ));
    }
    let mut out = AnalysisTemplate {
        name: format!("{kind}/{name}"),
        namespace,
        ..AnalysisTemplate::default()
    };
    for i in 0..f.list("/spec/metrics")?.len() {
        let p = format!("/spec/metrics/{i}");
        f.required_map(&p, "a metric (a mapping)")?;
        let metric = f.required_string(&format!("{p}/name"), "the metric's name")?;
        let quoted = excerpt(metric);
        if let Some(why) = metric_cannot_fail(&f, &p)? {
            out.inert.push(format!("`{quoted}`: {why}"));
        } else if let Some(pattern) = unreadable {
            out.inert.push(format!(
                "`{quoted}`: the dryRun pattern `{}` is not a regular expression modelgate \
                 reads, so the metric may be in dry run",
                excerpt(pattern)
            ));
        } else if let Some((pattern, _)) = dry_run.iter().find(|(_, re)| re.is_match(metric)) {
            out.inert.push(format!(
                "`{quoted}`: in dry run (dryRun `{}`), its failure does not affect the rollout",
                excerpt(pattern)
            ));
        } else {
            out.failing_metrics.push(metric.to_string());
        }
    }
    Ok(out)
}

/// Why the metric at `p` cannot fail its analysis run, if it cannot. A measurement fails when
/// its `failureCondition` holds, or, without one, when its `successCondition` does not; with
/// neither it succeeds. The run fails when more than `failureLimit` (default 0; negative
/// disables failure) measurements fail, which `count` measurements (one when there is neither
/// `count` nor `interval`) may never reach.
fn metric_cannot_fail(f: &Fields, p: &str) -> Result<Option<String>> {
    let condition = |key: &str| -> Result<Option<&str>> {
        Ok(f.string(&format!("{p}/{key}"))?.filter(|c| !c.is_empty()))
    };
    let success = condition("successCondition")?;
    let failure = condition("failureCondition")?;
    // Every field is read (and its type checked) before any decides.
    let limit = int_or_string(f, &format!("{p}/failureLimit"))?;
    let count = int_or_string(f, &format!("{p}/count"))?;
    match (success, failure) {
        (None, None) => {
            return Ok(Some(
                "no successCondition or failureCondition, so every measurement succeeds"
                    .to_string(),
            ))
        }
        (Some(s), None) if constant(s) == Some(true) => {
            return Ok(Some("its successCondition is always true".to_string()))
        }
        (success, Some(c)) if constant(c) == Some(false) => {
            return Ok(Some(if success.is_some() {
                "its failureCondition is always false: a measurement that is not successful is \
                 only inconclusive, which pauses the rollout and does not abort it"
                    .to_string()
            } else {
                "its failureCondition is always false".to_string()
            }))
        }
        _ => {}
    }
    let limit = match limit {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(s)) => {
            return Ok(Some(format!(
                "failureLimit `{}` is set by an argument, so it cannot be shown to allow failure",
                excerpt(s)
            )))
        }
    };
    if limit < 0 {
        return Ok(Some(format!("failureLimit {limit} disables failure")));
    }
    let count = match count {
        Some(Ok(n)) if n > 0 => Some(n),
        Some(Err(s)) if limit > 0 => {
            return Ok(Some(format!(
                "count `{}` is set by an argument, so it cannot be shown to exceed failureLimit \
                 {limit}",
                excerpt(s)
            )))
        }
        _ if f.get(&format!("{p}/interval")).is_none() => Some(1),
        _ => None,
    };
    if let Some(count) = count {
        if limit >= count {
            return Ok(Some(format!(
                "failureLimit {limit} is not below its {count} measurement(s), so the run \
                 cannot fail"
            )));
        }
    }
    Ok(None)
}

/// A condition that is a literal `true` or `false` (in parentheses or not).
fn constant(condition: &str) -> Option<bool> {
    let mut c = condition.trim();
    while let Some(inner) = c.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
        c = inner.trim();
    }
    match c {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A Kubernetes `IntOrString`: the integer, or the string when it is not one (a placeholder).
fn int_or_string<'a>(f: &Fields<'a>, p: &str) -> Result<Option<std::result::Result<i64, &'a str>>> {
    match f.get(p) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(|n| Some(Ok(n)))
            .ok_or_else(|| f.wrong(p, "an integer")),
        Some(Value::String(s)) => Ok(Some(s.trim().parse::<i64>().map_err(|_| s.as_str()))),
        Some(_) => Err(f.wrong(p, "an integer or a string")),
    }
}

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
fn same_namespace(template: &AnalysisTemplate, rollout: Option<&str>) -> bool {
    match (template.namespace.as_deref(), rollout) {
        (Some(t), Some(r)) => t == r,
        _ => true,
    }
}

/// A Flagger `Canary`: its traffic steps, and whether a failing metric check rolls it back.
pub fn flagger(doc: &Doc, v: &Value) -> Result<RolloutDraft> {
    let f = Fields { doc, root: v };
    let name = f.required_string("/metadata/name", "the canary's name")?;
    f.required_map("/spec", "the canary's spec (a mapping)")?;
    let mut rollout = Rollout {
        source: doc.source("flagger-canary"),
        tool: FLAGGER.to_string(),
        name: format!("Canary/{name}"),
        ..Rollout::default()
    };
    // Flagger reads `analysis`, else the deprecated `canaryAnalysis`.
    let base = if f.map("/spec/analysis")?.is_some() {
        "/spec/analysis"
    } else if f.map("/spec/canaryAnalysis")?.is_some() {
        "/spec/canaryAnalysis"
    } else {
        let why = "the canary has no `spec.analysis`, so Flagger promotes it without analysis";
        rollout.steps = vec![100.0];
        rollout.not_staged_reason = Some(why.to_string());
        rollout.no_abort_reason = Some(why.to_string());
        return Ok(draft(rollout));
    };
    let at = |key: &str| format!("{base}/{key}");
    let skip = f.boolean("/spec/skipAnalysis")?.unwrap_or(false);
    let provider = f.string("/spec/provider")?;
    let iterations = f.integer(&at("iterations"))?.unwrap_or(0);
    let ab = !f.list(&at("match"))?.is_empty();
    let step_weight = f.percent(&at("stepWeight"))?;
    let mut step_weights = Vec::new();
    for i in 0..f.list(&at("stepWeights"))?.len() {
        if let Some(w) = f.percent(&format!("{}/{i}", at("stepWeights")))? {
            step_weights.push(w);
        }
    }
    let max_weight = f.percent(&at("maxWeight"))?;
    let threshold = f.integer(&at("threshold"))?;

    let weights = flagger_weights(step_weight, &step_weights, max_weight);
    let not_staged = if skip {
        Some("skipAnalysis: true, so Flagger promotes the canary at once".to_string())
    } else if provider == Some("kubernetes") {
        Some(
            "provider `kubernetes`: Flagger runs blue/green and switches all traffic at once"
                .to_string(),
        )
    } else if iterations > 0 && ab {
        Some(
            "A/B testing (iterations with a match): the canary gets the requests the match \
             selects, a share no weight states, then all traffic at once"
                .to_string(),
        )
    } else if iterations > 0 {
        Some(
            "blue/green (iterations without a match): all live traffic switches to the \
             canary at once"
                .to_string(),
        )
    } else if weights.first().is_none_or(|w| *w <= 0.0 || *w >= 100.0) {
        Some(
            "no stepWeight or stepWeights below 100, so traffic is not shifted in stages"
                .to_string(),
        )
    } else if provider.is_none() {
        Some(
            "`spec.provider` is not stated: the mesh provider is Flagger's cluster-wide \
             setting, which the file does not show, and with `kubernetes` Flagger switches all \
             traffic at once"
                .to_string(),
        )
    } else {
        None
    };
    rollout.staged = not_staged.is_none();
    rollout.not_staged_reason = not_staged;
    rollout.steps = if iterations > 0 || skip || provider == Some("kubernetes") {
        vec![100.0]
    } else {
        weights
    };

    let mut judging = Vec::new();
    let mut unjudged = Vec::new();
    for i in 0..f.list(&at("metrics"))?.len() {
        let p = format!("{}/{i}", at("metrics"));
        f.required_map(&p, "a metric check (a mapping)")?;
        let metric = f.required_string(&format!("{p}/name"), "the metric's name")?;
        rollout.analyses.push(metric.to_string());
        let template = format!("{p}/templateRef");
        let templated = f.map(&template)?.is_some();
        if templated {
            f.required_string(&format!("{template}/name"), "the MetricTemplate's name")?;
        }
        let query = f
            .string(&format!("{p}/query"))?
            .is_some_and(|q| !q.trim().is_empty());
        let range = format!("{p}/thresholdRange");
        f.map(&range)?;
        let bounded = f.number(&format!("{range}/min"))?.is_some()
            || f.number(&format!("{range}/max"))?.is_some()
            // The deprecated `threshold`; Go leaves an unset one at 0.
            || f.number(&format!("{p}/threshold"))?.is_some_and(|t| t != 0.0);
        let measured = templated || query || FLAGGER_BUILTINS.contains(&metric);
        let quoted = excerpt(metric);
        if !measured {
            unjudged.push(format!(
                "`{quoted}` is neither a builtin metric nor has a templateRef, so Flagger never \
                 measures it"
            ));
        } else if !bounded {
            unjudged.push(format!(
                "`{quoted}` has no thresholdRange, so no value fails it"
            ));
        } else {
            judging.push(metric);
        }
    }
    let mut reasons = Vec::new();
    if skip {
        reasons.push(
            "skipAnalysis: true, so Flagger promotes without running the analysis".to_string(),
        );
    }
    if threshold.is_none_or(|t| t < 1) {
        reasons.push(
            "analysis.threshold (failed checks before rollback) is not stated as 1 or more"
                .to_string(),
        );
    }
    if judging.is_empty() {
        if unjudged.is_empty() {
            reasons.push(
                "no metric checks: only pods unhealthy past progressDeadlineSeconds roll the \
                 canary back"
                    .to_string(),
            );
        } else {
            reasons.push(format!("no metric check can fail: {}", unjudged.join("; ")));
        }
    }
    rollout.automated_abort = reasons.is_empty();
    rollout.no_abort_reason = (!reasons.is_empty()).then(|| reasons.join("; "));
    Ok(draft(rollout))
}

/// The canary weights Flagger steps through, then 100 (promotion): `stepWeight` increments up
/// to `maxWeight` (the last of `stepWeights` when there are some, else 100), or else the
/// `stepWeights` themselves. Empty when neither is set.
fn flagger_weights(step: Option<i64>, steps: &[i64], max: Option<i64>) -> Vec<f64> {
    let max = match (steps.last(), max) {
        (Some(last), _) => (*last).min(100),
        (None, Some(m)) if m > 0 => m,
        _ => 100,
    };
    let mut out = Vec::new();
    match step.filter(|s| *s > 0) {
        Some(step) => {
            let mut w = step;
            loop {
                out.push(w.min(max) as f64);
                if w >= max {
                    break;
                }
                w += step;
            }
        }
        None => out.extend(steps.iter().map(|w| (*w).min(max) as f64)),
    }
    if !out.is_empty() && out.last() != Some(&100.0) {
        out.push(100.0);
    }
    out
}

/// A KServe `InferenceService`: `canaryTrafficPercent` stages the predictor's new revision in
/// Serverless (Knative) mode; KServe measures nothing, so it never aborts.
pub fn kserve(doc: &Doc, v: &Value) -> Result<RolloutDraft> {
    let f = Fields { doc, root: v };
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

/// A rollout decided when read: no templates to resolve.
fn draft(rollout: Rollout) -> RolloutDraft {
    RolloutDraft {
        rollout,
        ..RolloutDraft::default()
    }
}

/// The typed fields of one document, errors located by JSON pointer (and line and column).
struct Fields<'a> {
    doc: &'a Doc,
    root: &'a Value,
}

impl<'a> Fields<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.doc.err(locate(self.doc, self.root, pointer), message)
    }

    /// An error: the value at `pointer` is not `expected`.
    fn wrong(&self, pointer: &str, expected: &str) -> Error {
        let key = pointer
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace("~1", "/");
        let found = match self.root.pointer(pointer) {
            None | Some(Value::Null) => "nothing".to_string(),
            Some(Value::Bool(b)) => format!("`{b}`"),
            Some(Value::Number(n)) => format!("the number {n}"),
            Some(Value::String(s)) => format!("the string `{}`", excerpt(s)),
            Some(Value::Array(_)) => "a list".to_string(),
            Some(Value::Object(_)) => "a mapping".to_string(),
        };
        self.err(
            pointer,
            format!("`{key}`: expected {expected}, found {found}"),
        )
    }

    /// The value at `pointer`; null counts as absent, as Kubernetes reads it.
    fn get(&self, pointer: &str) -> Option<&'a Value> {
        self.root.pointer(pointer).filter(|v| !v.is_null())
    }

    fn map(&self, p: &str) -> Result<Option<&'a Map<String, Value>>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(self.wrong(p, "a mapping")),
        }
    }

    fn required_map(&self, p: &str, what: &str) -> Result<&'a Map<String, Value>> {
        match self.get(p) {
            Some(Value::Object(m)) => Ok(m),
            _ => Err(self.wrong(p, what)),
        }
    }

    /// The list at `p`; empty when absent.
    fn list(&self, p: &str) -> Result<&'a [Value]> {
        match self.get(p) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err(self.wrong(p, "a list")),
        }
    }

    fn string(&self, p: &str) -> Result<Option<&'a str>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong(p, "a string")),
        }
    }

    fn required_string(&self, p: &str, what: &str) -> Result<&'a str> {
        match self.get(p) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s),
            _ => Err(self.wrong(p, what)),
        }
    }

    fn boolean(&self, p: &str) -> Result<Option<bool>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(p, "`true` or `false`")),
        }
    }

    fn integer(&self, p: &str) -> Result<Option<i64>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.wrong(p, "an integer")),
            Some(_) => Err(self.wrong(p, "an integer")),
        }
    }

    /// A traffic percentage: an integer from 0 to 100.
    fn percent(&self, p: &str) -> Result<Option<i64>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(w) if (0..=100).contains(&w) => Ok(Some(w)),
                _ => Err(self.wrong(p, "a percentage (an integer from 0 to 100)")),
            },
            Some(_) => Err(self.wrong(p, "a percentage (an integer from 0 to 100)")),
        }
    }

    fn number(&self, p: &str) -> Result<Option<f64>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.wrong(p, "a number")),
            Some(_) => Err(self.wrong(p, "a number")),
        }
    }
}

/// Where `pointer` of the document `root` is in its file: the pointer, with the line and column
/// when found. A YAML file may hold several documents: the one that parses to `root` is
/// indexed, with its lines counted from the file's start.
fn locate(doc: &Doc, root: &Value, pointer: &str) -> Location {
    let mut at = Location::pointer(pointer);
    let Ok(text) = doc.text() else {
        return at;
    };
    let found = if doc.rel.ends_with(".json") || text.trim_start().starts_with('{') {
        crate::formats::locate::json_position(text, pointer)
    } else {
        yaml_position(text, root, pointer)
    };
    if let Some(p) = found {
        at.line = Some(p.line);
        at.column = Some(p.column);
    }
    at
}

/// The position of `pointer` in the YAML document of `text` that parses to `root`, or of its
/// nearest ancestor there.
fn yaml_position(text: &str, root: &Value, pointer: &str) -> Option<Position> {
    use serde_saphyr::granit_parser::{Event, Parser};
    // The first line of each document; the first document starts at the top of the file.
    let mut starts = vec![1usize];
    let mut first = true;
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        if let Event::DocumentStart(..) = event {
            if !first && span.start.line() > *starts.last()? {
                starts.push(span.start.line());
            }
            first = false;
        }
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(lines.len() + 1);
        let Some(chunk) = lines.get(start - 1..end - 1).map(|l| l.concat()) else {
            continue;
        };
        match crate::formats::parse_yaml_documents(&chunk) {
            Ok(docs) if docs.len() == 1 && docs[0] == *root => {
                return YamlIndex::new(&chunk, start - 1).nearest(pointer)
            }
            _ => {}
        }
    }
    None
}
