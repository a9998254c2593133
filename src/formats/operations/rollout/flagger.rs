//! Flagger: a `Canary` (steps from stepWeight/maxWeight, analysis threshold and metrics).

use super::*;

/// A Flagger `Canary`: its traffic steps, and whether a failing metric check rolls it back.
pub fn flagger(f: Part) -> Result<RolloutDraft> {
    let doc = f.doc;
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
pub(super) fn flagger_weights(step: Option<i64>, steps: &[i64], max: Option<i64>) -> Vec<f64> {
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
        // Flagger sets each step's weight as written (at most 100) and promotes once a weight
        // reaches the last: `[100, 10]` sends everything at the first step.
        None => {
            for w in steps {
                let w = (*w).min(100);
                out.push(w as f64);
                if w >= max {
                    break;
                }
            }
        }
    }
    if !out.is_empty() && out.last() != Some(&100.0) {
        out.push(100.0);
    }
    out
}
