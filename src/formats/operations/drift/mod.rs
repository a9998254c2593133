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

use super::read::Part;
use crate::error::{Error, Result};
use crate::formats::locate::token;
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

/// Reads values of one document by mapping and key, each error at its JSON pointer (and line,
/// where found).
struct Reader<'a> {
    part: Part<'a>,
}

impl<'a> Reader<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.part.err(pointer, message)
    }

    /// The value of `key` in `obj` (at pointer `at`), with its pointer; null is absent.
    fn get(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> (Option<&'a Value>, String) {
        let pointer = format!("{at}/{}", token(key));
        (obj.get(key).filter(|v| !v.is_null()), pointer)
    }

    fn typed<T>(
        &self,
        obj: &'a Map<String, Value>,
        at: &str,
        key: &str,
        expected: &str,
        read: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Result<Option<T>> {
        let (v, p) = self.get(obj, at, key);
        self.part.typed(v, &p, expected, read)
    }

    fn missing(&self, pointer: &str, expected: &str) -> Error {
        let key = crate::formats::locate::last_key(pointer);
        self.err(pointer, format!("missing `{key}`: expected {expected}"))
    }

    fn opt_num(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<Option<f64>> {
        self.typed(obj, at, key, "a number", Value::as_f64)
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
        self.typed(obj, at, key, "a string", Value::as_str)
    }

    fn str(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<&'a str> {
        let p = format!("{at}/{}", token(key));
        self.opt_str(obj, at, key)?
            .ok_or_else(|| self.missing(&p, "a string"))
    }

    fn opt_bool(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<Option<bool>> {
        self.typed(obj, at, key, "true or false", Value::as_bool)
    }

    fn bool(&self, obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<bool> {
        let p = format!("{at}/{}", token(key));
        self.opt_bool(obj, at, key)?
            .ok_or_else(|| self.missing(&p, "true or false"))
    }

    fn obj(&self, v: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>> {
        v.as_object()
            .ok_or_else(|| self.part.wrong_value(pointer, "an object", Some(v)))
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
        self.typed(obj, "", key, "an array", Value::as_array)
    }
}

mod evidently;
mod ours;
pub use evidently::{evidently, is_evidently};
pub use ours::{modelgate, DataWindow, DriftColumn, DriftReportFile};
#[cfg(test)]
mod tests;
