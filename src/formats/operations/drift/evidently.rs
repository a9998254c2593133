//! Evidently reports and test suites: the legacy 0.4 shape (`metric` + `result`) and the
//! current 0.7 shape (`config.type`, bare values, tests linked by `metric_config`).

use super::*;
// ---------------------------------------------------------------------------------------------
// Evidently

fn is_legacy_metric(m: &Value) -> bool {
    m.get("metric").is_some_and(Value::is_string) && m.get("result").is_some()
}

fn current_type(m: &Value) -> Option<&str> {
    m.get("config")?
        .get("type")?
        .as_str()
        .filter(|t| t.starts_with("evidently:"))
}

fn is_legacy_test(t: &Value) -> bool {
    t.get("status").is_some_and(Value::is_string)
        && t.get("name").is_some_and(Value::is_string)
        && t.get("parameters").is_some()
}

fn is_current_test(t: &Value) -> bool {
    t.get("status").is_some_and(Value::is_string) && t.get("metric_config").is_some()
}

/// Whether a JSON document is an Evidently report or test suite, told by its keys: legacy
/// metrics (`metric` + `result`), current metrics (`config.type` = `evidently:…`), or tests
/// with a status and their parameters or metric.
pub fn is_evidently(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    if o.contains_key("apiVersion") || o.contains_key("kind") {
        return false;
    }
    let any = |key: &str, f: fn(&Value) -> bool| {
        o.get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(f))
    };
    any("metrics", |m| {
        is_legacy_metric(m) || current_type(m).is_some()
    }) || any("tests", |t| is_legacy_test(t) || is_current_test(t))
}

/// An Evidently report or test suite, in any of its shapes (see the module documentation).
pub fn evidently(part: Part) -> Result<DriftReport> {
    let (doc, v) = (part.doc, part.root);
    let r = Reader { part };
    let top = r.obj(v, "")?;
    let metrics = r.opt_arr(top, "metrics")?;
    let tests = r.opt_arr(top, "tests")?;
    let format = if metrics.is_some_and(|m| !m.is_empty()) {
        EVIDENTLY_REPORT
    } else {
        EVIDENTLY_TEST_SUITE
    };
    let mut ev = Evidence::default();
    // Current metrics by id, for the tests that point at them.
    let mut by_id: Vec<(&str, &Map<String, Value>, String)> = Vec::new();
    for (i, m) in metrics.into_iter().flatten().enumerate() {
        let at = format!("/metrics/{i}");
        if is_legacy_metric(m) {
            legacy_metric(&r, m, &at, &mut ev)?;
        } else if let Some(ty) = current_type(m) {
            let obj = r.obj(m, &at)?;
            current_metric(&r, obj, ty, &at, &mut ev)?;
            if let Some(id) = r.opt_str(obj, &at, "id")? {
                by_id.push((id, obj, at));
            }
        }
    }
    for (i, t) in tests.into_iter().flatten().enumerate() {
        let at = format!("/tests/{i}");
        if is_current_test(t) {
            current_test(&r, r.obj(t, &at)?, &at, &by_id, &mut ev)?;
        } else if is_legacy_test(t) {
            legacy_test(&r, r.obj(t, &at)?, &at, &mut ev)?;
        }
    }
    if !ev.read {
        return Err(r.err(
            "",
            "an Evidently report without data-drift results: expected DatasetDriftMetric, \
             DataDriftTable or ColumnDriftMetric (legacy), DriftedColumnsCount or ValueDrift \
             (current), or data-drift tests",
        ));
    }
    let base = DriftReport {
        source: doc.source(format),
        tool: "evidently".to_string(),
        // Only the legacy shape writes these; the current one has neither.
        tool_version: r.opt_str(top, "", "version")?.map(str::to_string),
        date: r.opt_str(top, "", "timestamp")?.map(str::to_string),
        ..DriftReport::default()
    };
    Ok(ev.finish(base))
}

/// One legacy `metrics[]` entry: `DatasetDriftMetric`, `DataDriftTable`, `ColumnDriftMetric`;
/// other metrics are not drift evidence.
fn legacy_metric(r: &Reader, m: &Value, at: &str, ev: &mut Evidence) -> Result<()> {
    let obj = r.obj(m, at)?;
    let name = r.str(obj, at, "metric")?;
    if !matches!(
        name,
        "DatasetDriftMetric" | "DataDriftTable" | "ColumnDriftMetric"
    ) {
        return Ok(());
    }
    let (res, rat) = r.req_obj(obj, at, "result")?;
    if name == "ColumnDriftMetric" {
        let column = r.str(res, &rat, "column_name")?;
        return legacy_column(r, res, &rat, column, ev);
    }
    ev.read = true;
    if name == "DatasetDriftMetric" {
        // The data set's threshold: `dataset_drift = share >= drift_share`.
        let t = r.unit(res, &rat, "drift_share")?;
        let t = t.ok_or_else(|| r.missing(&format!("{rat}/drift_share"), "a number"))?;
        ev.share_thresholds.push((t, true));
    }
    let share = r.unit(res, &rat, "share_of_drifted_columns")?;
    let share =
        share.ok_or_else(|| r.missing(&format!("{rat}/share_of_drifted_columns"), "a number"))?;
    ev.shares.push(share);
    let count = r.num(res, &rat, "number_of_drifted_columns")?;
    let of = r.num(res, &rat, "number_of_columns")?;
    ev.counts.push((count, Some(of)));
    ev.verdict(Some(r.bool(res, &rat, "dataset_drift")?));
    if name == "DataDriftTable" {
        let (cols, cat) = r.req_obj(res, &rat, "drift_by_columns")?;
        for (key, c) in cols {
            let cp = format!("{cat}/{}", token(key));
            legacy_column(r, r.obj(c, &cp)?, &cp, key, ev)?;
        }
    }
    Ok(())
}

/// A legacy column result (a `drift_by_columns` entry or a `ColumnDriftMetric` result).
fn legacy_column(
    r: &Reader,
    c: &Map<String, Value>,
    at: &str,
    name: &str,
    ev: &mut Evidence,
) -> Result<()> {
    ev.observe(Observation {
        name,
        score: Some(r.num(c, at, "drift_score")?),
        method: r.opt_str(c, at, "stattest_name")?,
        threshold: r.opt_num(c, at, "stattest_threshold")?,
        stated: Some(r.bool(c, at, "drift_detected")?),
        ..Observation::default()
    });
    Ok(())
}

/// A legacy test suite's scores are rounded to 3 decimals.
const ROUNDED: f64 = 0.0005;

/// A legacy column parameter (`Drift per Column` parameters, or a `features` entry of the
/// share and count tests).
fn legacy_test_column(
    r: &Reader,
    c: &Map<String, Value>,
    at: &str,
    name: &str,
    test: Option<bool>,
    ev: &mut Evidence,
) -> Result<()> {
    ev.observe(Observation {
        name,
        score: r.opt_num(c, at, "score")?,
        method: r.opt_str(c, at, "stattest")?,
        threshold: r.opt_num(c, at, "threshold")?,
        uncertainty: ROUNDED,
        stated: r.opt_bool(c, at, "detected")?,
        test,
    });
    Ok(())
}

/// A legacy condition `{lt: x}` or `{lte: x}` as a drift threshold (drift at `>= x`, `> x`);
/// `None` for any other condition, whose status cannot be read as drift or no drift.
fn legacy_condition(cond: Option<&Value>) -> Option<(f64, bool)> {
    let c = cond?.as_object()?;
    if c.len() != 1 {
        return None;
    }
    let (op, v) = c.iter().next()?;
    let x = v.as_f64()?;
    match op.as_str() {
        "lt" => Some((x, true)),
        "lte" => Some((x, false)),
        _ => None,
    }
}

/// One legacy `tests[]` entry: `Drift per Column`, `Share of Drifted Columns`, `Number of
/// Drifted Features`; other tests are not drift evidence.
fn legacy_test(r: &Reader, t: &Map<String, Value>, at: &str, ev: &mut Evidence) -> Result<()> {
    let name = r.str(t, at, "name")?;
    let status = r.str(t, at, "status")?;
    let (params, pat) = r.req_obj(t, at, "parameters")?;
    match name {
        "Drift per Column" => {
            let column = r.str(params, &pat, "column_name")?;
            legacy_test_column(r, params, &pat, column, status_verdict(status), ev)
        }
        "Share of Drifted Columns" | "Number of Drifted Features" => {
            ev.read = true;
            // The status is a drift verdict only when the condition bounds the value from above.
            if let Some(c) = legacy_condition(params.get("condition")) {
                ev.verdict(status_verdict(status));
                if name == "Share of Drifted Columns" {
                    ev.share_thresholds.push(c);
                } else {
                    ev.count_thresholds.push(c);
                }
            }
            if let Some((features, fat)) = r.opt_obj(params, &pat, "features")? {
                for (key, c) in features {
                    let cp = format!("{fat}/{}", token(key));
                    legacy_test_column(r, r.obj(c, &cp)?, &cp, key, None, ev)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// One current `metrics[]` entry: `DriftedColumnsCount` or `ValueDrift`.
fn current_metric(
    r: &Reader,
    m: &Map<String, Value>,
    ty: &str,
    at: &str,
    ev: &mut Evidence,
) -> Result<()> {
    let (config, cat) = r.req_obj(m, at, "config")?;
    let vp = format!("{at}/value");
    match ty {
        "evidently:metric_v2:DriftedColumnsCount" => {
            ev.read = true;
            let t = r.unit(config, &cat, "drift_share")?;
            let t = t.ok_or_else(|| r.missing(&format!("{cat}/drift_share"), "a number"))?;
            // The legacy rule: the data set drifted at share >= drift_share.
            ev.share_thresholds.push((t, true));
            let (value, vat) = r.req_obj(m, at, "value")?;
            let share = r.unit(value, &vat, "share")?;
            ev.shares
                .push(share.ok_or_else(|| r.missing(&format!("{vat}/share"), "a number"))?);
            // A float (`2.0`); the columns it was counted over are not stated.
            ev.counts.push((r.num(value, &vat, "count")?, None));
        }
        "evidently:metric_v2:ValueDrift" => {
            let score = match m.get("value") {
                Some(v) => v
                    .as_f64()
                    .ok_or_else(|| r.part.wrong_value(&vp, "a number", Some(v)))?,
                None => return Err(r.missing(&vp, "a number")),
            };
            ev.observe(Observation {
                name: r.str(config, &cat, "column")?,
                score: Some(score),
                method: r.opt_str(config, &cat, "method")?,
                threshold: r.opt_num(config, &cat, "threshold")?,
                ..Observation::default()
            });
        }
        _ => {}
    }
    Ok(())
}

/// The kind of a current test: `test_config.type`, else the bound test's, else its id.
fn current_test_kind<'v>(t: &'v Map<String, Value>) -> &'v str {
    let ty = |v: Option<&'v Value>| v.and_then(|c| c.get("type")).and_then(Value::as_str);
    ty(t.get("test_config"))
        .or_else(|| ty(t.get("bound_test").and_then(|b| b.get("test"))))
        .or_else(|| t.get("id").and_then(Value::as_str))
        .unwrap_or("")
}

/// One current `tests[]` entry: the per-column drift test of a `ValueDrift`, or a `lt`/`le`
/// test on `DriftedColumnsCount`; other tests (a custom bound on a drift score) are not read as
/// verdicts.
fn current_test(
    r: &Reader,
    t: &Map<String, Value>,
    at: &str,
    by_id: &[(&str, &Map<String, Value>, String)],
    ev: &mut Evidence,
) -> Result<()> {
    let status = r.str(t, at, "status")?;
    let (mc, mcat) = r.req_obj(t, at, "metric_config")?;
    let metric_id = r.opt_str(mc, &mcat, "metric_id")?;
    let params = r.opt_obj(mc, &mcat, "params")?;
    let metric = metric_id.and_then(|id| by_id.iter().find(|m| m.0 == id));
    let metric_type = match &params {
        Some((p, pat)) => r.opt_str(p, pat, "type")?,
        None => None,
    }
    .or_else(|| metric.and_then(|m| current_type_obj(m.1)));
    let kind = current_test_kind(t);
    let kind = kind.rsplit(':').next().unwrap_or(kind);
    match metric_type {
        Some("evidently:metric_v2:ValueDrift") => {
            if !(kind == "ValueDriftTest" || kind == "drift") {
                return Ok(());
            }
            let column = match &params {
                Some((p, pat)) => r.opt_str(p, pat, "column")?,
                None => None,
            };
            let column = match (column, metric) {
                (Some(c), _) => c,
                (None, Some((_, m, mat))) => match m.get("config").and_then(Value::as_object) {
                    Some(cfg) => r.str(cfg, &format!("{mat}/config"), "column")?,
                    None => return Err(r.missing(&format!("{mat}/config"), "an object")),
                },
                (None, None) => return Err(r.missing(&format!("{mcat}/params/column"), "a string")),
            };
            ev.observe(Observation {
                name: column,
                test: status_verdict(status),
                ..Observation::default()
            });
        }
        Some("evidently:metric_v2:DriftedColumnsCount") => {
            ev.read = true;
            let inclusive = match kind {
                "LessThanMetricTest" | "lt" => true,
                "LessOrEqualMetricTest" | "le" => false,
                _ => return Ok(()),
            };
            // A threshold relative to the reference is an object: then only the status speaks.
            let threshold = t
                .get("test_config")
                .and_then(|c| c.get("threshold"))
                .and_then(Value::as_f64);
            let is_count = t
                .get("bound_test")
                .and_then(|b| b.get("is_count"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            ev.verdict(status_verdict(status));
            if let Some(x) = threshold {
                if is_count {
                    ev.count_thresholds.push((x, inclusive));
                } else {
                    ev.share_thresholds.push((x, inclusive));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn current_type_obj(m: &Map<String, Value>) -> Option<&str> {
    m.get("config")?.get("type")?.as_str()
}
