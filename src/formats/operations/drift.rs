//! Drift reports: Evidently reports and test suites (the legacy `as_dict`/`json()` shape of
//! ≤ 0.6 and of `evidently.legacy` in 0.7, and the current `Report.run()` snapshot of 0.7) and
//! modelgate's own `DriftReport` ([`DriftReportFile`]), read into one [`DriftReport`].
//!
//! A drift report is used to deny re-approval, so every verdict here is the worse of what the
//! file states and what its own numbers give; a claim the file contradicts never wins:
//! - a column drifted when its stated verdict, its test's status (`FAIL`, `WARNING`) or its
//!   score against its threshold says so; the direction comes from the method: p-value tests
//!   drift when the score is under the threshold, distances when it is at or over it (the
//!   comparisons of Evidently's own stattests, see [`direction`]). A column with nothing that
//!   shows "no drift" (an unknown method and no stated verdict, a test in `ERROR`) is drifted.
//! - the share of drifted columns is the largest of the stated share, the stated count over
//!   the stated number of columns and the count of the columns judged drifted here; the data
//!   set drifted when the file says so or when that share reaches any threshold it states.
//! - the shape is told from the keys, never from `version` (0.7 still writes the legacy shape).

use crate::error::{Error, Location, Result};
use crate::formats::Doc;
use crate::input::{ColumnDrift, DriftReport};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Format name of an Evidently `Report` (legacy or current shape).
pub const EVIDENTLY_REPORT: &str = "evidently-report";
/// Format name of a legacy Evidently `TestSuite`.
pub const EVIDENTLY_TEST_SUITE: &str = "evidently-test-suite";
/// Format name of modelgate's own drift report.
pub const FORMAT: &str = "modelgate-drift-report";

// ---------------------------------------------------------------------------------------------
// Methods and their direction

/// Which way a drift method's score points, and whether the threshold itself counts as drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A p-value: drift when the score is under the threshold (`inclusive`: or equal to it).
    PValue { inclusive: bool },
    /// A distance or divergence: drift when the score is over the threshold (`inclusive`: or
    /// equal to it).
    Distance { inclusive: bool },
}

impl Direction {
    /// Whether `score` drifted past `threshold`, when that is certain although the score may be
    /// off by up to `uncertainty` (a rounded score); `None` when rounding leaves it open.
    fn drifted(self, score: f64, threshold: f64, uncertainty: f64) -> Option<bool> {
        let test = |s: f64| match self {
            Direction::PValue { inclusive: true } => s <= threshold,
            Direction::PValue { inclusive: false } => s < threshold,
            Direction::Distance { inclusive: true } => s >= threshold,
            Direction::Distance { inclusive: false } => s > threshold,
        };
        let (low, high) = (test(score - uncertainty), test(score + uncertainty));
        (low == high).then_some(low)
    }
}

/// The direction of a drift method, by Evidently's stattest names (`ks`) or display names
/// (`K-S p_value`), which reports write; `None` for a method whose direction is not known here
/// (text-content drift, custom functions, other tools' names). The comparisons are those of
/// Evidently's stattests (`evidently/legacy/calculations/stattests`): K-S and Cramér–von Mises
/// count an equal p-value as drift, energy distance needs a larger one.
pub fn direction(method: &str) -> Option<Direction> {
    let m = method.trim().to_ascii_lowercase();
    let p = |inclusive| Some(Direction::PValue { inclusive });
    let d = |inclusive| Some(Direction::Distance { inclusive });
    match m.as_str() {
        "ks" | "k-s p_value" | "cramer_von_mises" | "cramer-von mises" => p(true),
        "chisquare"
        | "chi-square p_value"
        | "z"
        | "z-test p_value"
        | "anderson"
        | "anderson-darling"
        | "es"
        | "epps-singleton"
        | "fisher_exact"
        | "fisher's exact test"
        | "g_test"
        | "mannw"
        | "mann-whitney u-rank test"
        | "t_test"
        | "empirical_mmd"
        | "tvd"
        | "total-variation-distance" => p(false),
        "wasserstein"
        | "wasserstein distance (normed)"
        | "jensenshannon"
        | "jensen-shannon distance"
        | "psi"
        | "kl_div"
        | "kullback-leibler divergence"
        | "hellinger"
        | "hellinger distance" => d(true),
        "ed" | "energy-distance" => d(false),
        // Evidently names p-value tests `… p_value`; an equal p-value counts as drift.
        _ if m.ends_with("p_value") || m.ends_with("p-value") || m.ends_with("pvalue") => p(true),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Evidence gathered before it is judged

/// What the file says about one column, from every place it is mentioned.
#[derive(Debug, Default)]
struct ColumnEvidence {
    name: String,
    score: Option<f64>,
    method: Option<String>,
    threshold: Option<f64>,
    /// score, method and threshold come from an observation that said drift.
    shown_by_drift: bool,
    says_drift: bool,
    says_no_drift: bool,
}

/// One place a column is mentioned: a table row, a per-column metric or test.
#[derive(Debug, Default)]
struct Observation<'a> {
    name: &'a str,
    score: Option<f64>,
    method: Option<&'a str>,
    threshold: Option<f64>,
    /// How far the score may be from the true one (test-suite scores are rounded).
    uncertainty: f64,
    stated: Option<bool>,
    /// The verdict of the column's drift test, from its status.
    test: Option<bool>,
}

/// Everything one report says, judged at the end ([`Evidence::finish`]).
#[derive(Debug, Default)]
struct Evidence {
    columns: Vec<ColumnEvidence>,
    /// Stated shares of drifted columns.
    shares: Vec<f64>,
    /// Stated counts of drifted columns, and the number of columns each was counted over.
    counts: Vec<(f64, Option<f64>)>,
    /// Share thresholds: drift at `share >= t` (inclusive) or `share > t`.
    share_thresholds: Vec<(f64, bool)>,
    /// Count thresholds, as above.
    count_thresholds: Vec<(f64, bool)>,
    says_drift: bool,
    says_no_drift: bool,
    /// Some data-drift result was read (else the file is not drift evidence).
    read: bool,
}

impl Evidence {
    fn observe(&mut self, o: Observation) {
        self.read = true;
        let derived = match (o.method.and_then(direction), o.score, o.threshold) {
            (Some(d), Some(s), Some(t)) => d.drifted(s, t, o.uncertainty),
            _ => None,
        };
        let verdicts = [o.stated, o.test, derived];
        let drift = verdicts.contains(&Some(true));
        let no_drift = verdicts.contains(&Some(false));
        let i = match self.columns.iter().position(|c| c.name == o.name) {
            Some(i) => i,
            None => {
                self.columns.push(ColumnEvidence {
                    name: o.name.to_string(),
                    ..ColumnEvidence::default()
                });
                self.columns.len() - 1
            }
        };
        let c = &mut self.columns[i];
        c.says_drift |= drift;
        c.says_no_drift |= no_drift;
        // The figures shown are the first full ones, or those of the first that show drift.
        let has_figures = o.score.is_some() || o.method.is_some() || o.threshold.is_some();
        let empty = c.score.is_none() && c.method.is_none() && c.threshold.is_none();
        if has_figures && (empty || (drift && !c.shown_by_drift)) {
            c.score = o.score;
            c.method = o.method.map(str::to_string);
            c.threshold = o.threshold;
            c.shown_by_drift = drift;
        }
    }

    fn verdict(&mut self, v: Option<bool>) {
        match v {
            Some(true) => self.says_drift = true,
            Some(false) => self.says_no_drift = true,
            None => {}
        }
    }

    fn finish(self, base: DriftReport) -> DriftReport {
        let mut columns: Vec<ColumnDrift> = self
            .columns
            .into_iter()
            .map(|c| ColumnDrift {
                // Nothing shows "no drift": the column is not shown to be stable.
                drifted: c.says_drift || !c.says_no_drift,
                name: c.name,
                score: c.score,
                method: c.method,
                threshold: c.threshold,
            })
            .collect();
        columns.sort_by(|a, b| a.name.cmp(&b.name));
        let drifted = columns.iter().filter(|c| c.drifted).count() as f64;
        let mut shares = self.shares;
        let mut counts: Vec<f64> = self.counts.iter().map(|c| c.0).collect();
        shares.extend(
            self.counts
                .iter()
                .filter_map(|&(n, of)| of.filter(|of| *of > 0.0).map(|of| n / of)),
        );
        if !columns.is_empty() {
            shares.push(drifted / columns.len() as f64);
            counts.push(drifted);
        }
        let share = shares.into_iter().reduce(f64::max);
        let count = counts.into_iter().reduce(f64::max);
        let past = |value: Option<f64>, thresholds: &[(f64, bool)]| -> Vec<bool> {
            match value {
                Some(v) => thresholds
                    .iter()
                    .map(|&(t, inclusive)| if inclusive { v >= t } else { v > t })
                    .collect(),
                None => Vec::new(),
            }
        };
        let derived: Vec<bool> = past(share, &self.share_thresholds)
            .into_iter()
            .chain(past(count, &self.count_thresholds))
            .collect();
        let dataset_drift = if self.says_drift || derived.contains(&true) {
            Some(true)
        } else if self.says_no_drift || !derived.is_empty() {
            Some(false)
        } else {
            None
        };
        DriftReport {
            drift_share: share,
            drift_share_threshold: self.share_thresholds.iter().map(|t| t.0).reduce(f64::min),
            dataset_drift,
            columns,
            ..base
        }
    }
}

/// A test status as a drift verdict: `FAIL` and `WARNING` (a non-critical failure) say the
/// condition failed, `SUCCESS` that it held; `ERROR`, `SKIPPED` and others say nothing.
fn status_verdict(status: &str) -> Option<bool> {
    match status {
        "FAIL" | "WARNING" => Some(true),
        "SUCCESS" => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Typed access with locations

/// Reads values of one document, each error at its JSON pointer (and line, where found).
struct Reader<'a> {
    doc: &'a Doc,
    root: &'a Value,
}

/// `key` as a JSON pointer token (RFC 6901).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Reader<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.doc.err(locate(self.doc, self.root, pointer), message)
    }

    fn get(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> (Option<&'a Value>, String) {
        let pointer = format!("{at}/{}", token(key));
        (obj.get(key).filter(|v| !v.is_null()), pointer)
    }

    fn wrong(&self, pointer: &str, expected: &str, found: &Value) -> Error {
        self.err(
            pointer,
            format!("expected {expected}, found {}", kind_of(found)),
        )
    }

    fn missing(&self, pointer: &str, expected: &str) -> Error {
        let key = pointer.rsplit('/').next().unwrap_or(pointer);
        let key = key.replace("~1", "/").replace("~0", "~");
        self.err(pointer, format!("missing `{key}`: expected {expected}"))
    }

    fn opt_num(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<Option<f64>> {
        match self.get(obj, at, key) {
            (None, _) => Ok(None),
            (Some(v), p) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.wrong(&p, "a number", v)),
        }
    }

    fn num(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<f64> {
        let p = format!("{at}/{}", token(key));
        self.opt_num(obj, at, key)?
            .ok_or_else(|| self.missing(&p, "a number"))
    }

    /// A share or threshold of a share: a number from 0 to 1.
    fn unit(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<Option<f64>> {
        let v = self.opt_num(obj, at, key)?;
        if let Some(x) = v.filter(|x| !(0.0..=1.0).contains(x)) {
            let p = format!("{at}/{}", token(key));
            return Err(self.err(&p, format!("`{key}` must be between 0 and 1, found {x}")));
        }
        Ok(v)
    }

    fn opt_str(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<Option<&'a str>> {
        match self.get(obj, at, key) {
            (None, _) => Ok(None),
            (Some(v), p) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.wrong(&p, "a string", v)),
        }
    }

    fn str(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<&'a str> {
        let p = format!("{at}/{}", token(key));
        self.opt_str(obj, at, key)?
            .ok_or_else(|| self.missing(&p, "a string"))
    }

    fn opt_bool(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<Option<bool>> {
        match self.get(obj, at, key) {
            (None, _) => Ok(None),
            (Some(v), p) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.wrong(&p, "true or false", v)),
        }
    }

    fn bool(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<bool> {
        let p = format!("{at}/{}", token(key));
        self.opt_bool(obj, at, key)?
            .ok_or_else(|| self.missing(&p, "true or false"))
    }

    fn obj(&self, v: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>> {
        v.as_object()
            .ok_or_else(|| self.wrong(pointer, "an object", v))
    }

    fn opt_obj(
        &self,
        obj: &'a Map<String, Value>,
        at: &str,
        key: &str,
    ) -> Result<Option<(&'a Map<String, Value>, String)>> {
        match self.get(obj, at, key) {
            (None, _) => Ok(None),
            (Some(v), p) => Ok(Some((self.obj(v, &p)?, p))),
        }
    }

    fn req_obj(
        &self,
        obj: &'a Map<String, Value>,
        at: &str,
        key: &str,
    ) -> Result<(&'a Map<String, Value>, String)> {
        let p = format!("{at}/{}", token(key));
        self.opt_obj(obj, at, key)?
            .ok_or_else(|| self.missing(&p, "an object"))
    }

    fn opt_arr(&self, obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a Vec<Value>>> {
        match self.get(obj, "", key) {
            (None, _) => Ok(None),
            (Some(v), p) => v
                .as_array()
                .map(Some)
                .ok_or_else(|| self.wrong(&p, "an array", v)),
        }
    }
}

/// Where `pointer` is: the pointer, and its line and column when the text shows them (JSON
/// text, or a YAML file whose first document is this one: only the first is indexed).
fn locate(doc: &Doc, root: &Value, pointer: &str) -> Location {
    let mut loc = Location::pointer(pointer);
    let Ok(text) = doc.text() else { return loc };
    let position = if text.trim_start().starts_with('{') {
        crate::formats::locate::json_position(text, pointer)
    } else {
        let first = crate::formats::parse_yaml_documents(text)
            .ok()
            .and_then(|docs| docs.into_iter().next());
        if first.as_ref() == Some(root) {
            crate::formats::locate::YamlIndex::new(text, 0).nearest(pointer)
        } else {
            None
        }
    };
    if let Some(p) = position {
        loc.line = Some(p.line);
        loc.column = Some(p.column);
    }
    loc
}

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
pub fn evidently(doc: &Doc, v: &Value) -> Result<DriftReport> {
    let r = Reader { doc, root: v };
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
                Some(v) => v.as_f64().ok_or_else(|| r.wrong(&vp, "a number", v))?,
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

// ---------------------------------------------------------------------------------------------
// modelgate's DriftReport

/// A modelgate drift report (`drift.json`): the production data of one model compared with its
/// reference data, by any tool (NannyML, Alibi Detect, whylogs, an in-house job).
///
/// Each column states its method, score and threshold; `drifted` may be left out when the
/// method's direction is known (p-value tests such as `ks`, `chisquare`; distances such as
/// `psi`, `wasserstein`, `jensenshannon`), and a column whose method is not known and that
/// states no verdict counts as drifted. The data set drifted when `datasetDrift` says so or
/// when the share of drifted columns reaches `driftShareThreshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DriftReportFile {
    /// Version of this format; always `modelgate.dev/v1`.
    #[schemars(extend("const" = "modelgate.dev/v1"))]
    pub api_version: String,
    /// Kind of document; always `DriftReport`.
    #[schemars(extend("const" = "DriftReport"))]
    pub kind: String,
    /// The tool that measured the drift, e.g. `nannyml`, `alibi-detect`.
    pub tool: String,
    /// The tool's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// When the drift was measured: an RFC 3339 date-time with offset.
    #[schemars(extend("format" = "date-time"))]
    pub date: String,
    /// The data the model was approved on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<DataWindow>,
    /// The production data compared with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<DataWindow>,
    /// Share of the columns that drifted, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub drift_share: Option<f64>,
    /// The share of drifted columns at which the data set counts as drifted, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub drift_share_threshold: Option<f64>,
    /// The tool's verdict on the data set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_drift: Option<bool>,
    /// One entry per column (feature, prediction) compared.
    pub columns: Vec<DriftColumn>,
}

/// A slice of data a drift report compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataWindow {
    /// What the data is, e.g. `training set v3` or `production traffic, week 2025-W03`.
    pub description: String,
    /// Number of rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// First time covered, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last time covered, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// One column's drift test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DriftColumn {
    /// The column's name.
    pub name: String,
    /// The test's statistic: a p-value or a distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The statistical test or distance: `ks`, `chisquare`, `z`, `psi`, `wasserstein`,
    /// `jensenshannon`, `kl_div`, `hellinger` (or Evidently's display names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The score at which the column counts as drifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The tool's verdict on the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drifted: Option<bool>,
}

impl DriftReportFile {
    /// Checks what the types cannot; on failure the JSON pointer of the first bad value and
    /// what is wrong with it.
    pub fn validate(&self) -> std::result::Result<(), (String, String)> {
        let fail = |p: &str, m: String| Err((p.to_string(), m));
        if self.api_version != "modelgate.dev/v1" {
            return fail(
                "/apiVersion",
                format!(
                    "apiVersion must be `modelgate.dev/v1`, found `{}`",
                    crate::formats::excerpt(&self.api_version)
                ),
            );
        }
        if self.tool.trim().is_empty() {
            return fail(
                "/tool",
                "tool must name the tool that measured the drift".into(),
            );
        }
        if let Err(e) = chrono::DateTime::parse_from_rfc3339(&self.date) {
            return fail(
                "/date",
                format!(
                    "date must be an RFC 3339 date-time such as 2025-03-14T09:30:00Z, found `{}` ({e})",
                    crate::formats::excerpt(&self.date)
                ),
            );
        }
        for (key, v) in [
            ("driftShare", self.drift_share),
            ("driftShareThreshold", self.drift_share_threshold),
        ] {
            if let Some(x) = v.filter(|x| !(0.0..=1.0).contains(x)) {
                return fail(
                    &format!("/{key}"),
                    format!("{key} must be between 0 and 1, found {x}"),
                );
            }
        }
        if self.columns.is_empty() && self.drift_share.is_none() && self.dataset_drift.is_none() {
            return fail(
                "/columns",
                "a DriftReport needs columns, or at least driftShare or datasetDrift".into(),
            );
        }
        for (i, c) in self.columns.iter().enumerate() {
            if self.columns[..i].iter().any(|o| o.name == c.name) {
                return fail(
                    &format!("/columns/{i}/name"),
                    format!(
                        "column `{}` is listed twice",
                        crate::formats::excerpt(&c.name)
                    ),
                );
            }
        }
        Ok(())
    }
}

/// modelgate's own drift report (`kind: DriftReport`), for tools without a reader here.
pub fn modelgate(doc: &Doc, v: &Value) -> Result<DriftReport> {
    let file: DriftReportFile = serde_path_to_error::deserialize(v).map_err(|e| {
        let pointer = crate::formats::path_to_pointer(e.path());
        doc.err(
            locate(doc, v, &pointer),
            format!("invalid DriftReport: {}", e.into_inner()),
        )
    })?;
    if let Err((pointer, message)) = file.validate() {
        return Err(doc.err(locate(doc, v, &pointer), message));
    }
    let mut ev = Evidence {
        read: true,
        ..Evidence::default()
    };
    for c in &file.columns {
        ev.observe(Observation {
            name: &c.name,
            score: c.score,
            method: c.method.as_deref(),
            threshold: c.threshold,
            stated: c.drifted,
            ..Observation::default()
        });
    }
    ev.shares.extend(file.drift_share);
    ev.share_thresholds
        .extend(file.drift_share_threshold.map(|t| (t, true)));
    ev.verdict(file.dataset_drift);
    let base = DriftReport {
        source: doc.source(FORMAT),
        tool: file.tool,
        tool_version: file.tool_version,
        date: Some(file.date),
        ..DriftReport::default()
    };
    Ok(ev.finish(base))
}

#[cfg(test)]
mod tests;
