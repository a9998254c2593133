//! Argo Rollouts: a `Rollout` (canary or blue-green, steps, analyses) and its
//! `AnalysisTemplate`s (which metrics can fail an analysis run).

use super::*;

/// An Argo Rollouts `Rollout`: its steps and the analyses it starts; whether they abort it is
/// decided by [`resolve`], once every template of the bundle is read.
pub fn argo(f: Part) -> Result<RolloutDraft> {
    let doc = f.doc;
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
    for t in runs.iter().flat_map(|r| &r.templates) {
        if !rollout.analyses.contains(t) {
            rollout.analyses.push(t.clone());
        }
    }
    Ok(RolloutDraft {
        rollout,
        namespace,
        runs,
    })
}

/// The canary strategy: weights, whether one is held, the background and step analyses.
pub(super) fn argo_canary(
    f: &Part,
    rollout: &mut Rollout,
    runs: &mut Vec<AnalysisUse>,
) -> Result<()> {
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
            let run = argo_analysis(f, &analysis, format!("step {i} analysis"))?;
            // An analysis step holds traffic while its templates run: with none, it ends at once.
            holds |= !run.templates.is_empty();
            runs.push(run);
        }
        // An experiment holds traffic while its templates run, likewise.
        if let Some(exp) = f.map(&format!("{s}/experiment"))? {
            holds |= exp
                .get("templates")
                .and_then(Value::as_array)
                .is_some_and(|t| !t.is_empty());
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
pub(super) fn pause_holds(f: &Part, p: &str) -> Result<bool> {
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

/// Whether a duration (`0`, `90`, `15m`, `1h30m`, `1.5h`) holds traffic for no whole second;
/// `None` when it is not one. Argo waits `int32(d.Seconds())`, so `300ms` is no pause at all.
pub(super) fn duration_is_zero(s: &str) -> Option<bool> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(secs == 0);
    }
    let mut rest = s;
    let mut seconds = 0.0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, scale) = [
            ("ns", 1e-9),
            ("us", 1e-6),
            ("µs", 1e-6),
            ("ms", 1e-3),
            ("s", 1.0),
            ("m", 60.0),
            ("h", 3600.0),
        ]
        .into_iter()
        .filter(|(u, _)| rest.starts_with(u))
        .max_by_key(|(u, _)| u.len())?;
        rest = &rest[unit.len()..];
        seconds += value * scale;
    }
    Some(seconds < 1.0)
}

/// An analysis of a rollout (`templates[]`, `dryRun[]`) at pointer `p`.
pub(super) fn argo_analysis(f: &Part, p: &str, at: String) -> Result<AnalysisUse> {
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
pub fn argo_template(f: Part) -> Result<AnalysisTemplate> {
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
pub(super) fn metric_cannot_fail(f: &Part, p: &str) -> Result<Option<String>> {
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
pub(super) fn constant(condition: &str) -> Option<bool> {
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
pub(super) fn int_or_string<'a>(
    f: &Part<'a>,
    p: &str,
) -> Result<Option<std::result::Result<i64, &'a str>>> {
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
