//! Evaluating a compiled policy set: findings of the `deny` and `warn` rules over an input,
//! single rules, and the Rego unit tests of `modelgate test` with their line coverage.

use super::{test_rules, Level, PolicySet};
use crate::error::{Error, PolicyError, Result};
use std::time::Duration;

/// A finding as a policy produced it, before the decision stage adds metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFinding {
    pub package: String,
    pub level: Level,
    /// The whole object the rule produced.
    pub value: serde_json::Value,
}

/// A prepared engine; reuse it for many inputs, clone it for another thread.
#[derive(Clone)]
pub struct Evaluator {
    pub(super) engine: regorus::Engine,
    pub(super) packages: Vec<(String, Level)>,
}

impl Evaluator {
    /// Evaluates every `deny` and `warn` set of every rule package over `input` given as JSON
    /// (the webhook's and the tests' form).
    pub fn evaluate(&mut self, input: &serde_json::Value) -> Result<Vec<RawFinding>> {
        self.evaluate_value(super::to_rego(input)?)
    }

    /// Evaluates every `deny` and `warn` set of every rule package over `input` already in the
    /// engine's form ([`super::to_rego`]). The engine lets go of it when done, so that it is
    /// not held until the next input replaces it.
    pub fn evaluate_value(&mut self, input: regorus::Value) -> Result<Vec<RawFinding>> {
        // Watched for time and memory a single built-in call can take past the engine's limit.
        let _running = crate::watchdog::evaluation();
        self.engine.set_input(input);
        let out = match self.evaluate_together() {
            Ok(Some(out)) => Ok(out),
            Ok(None) => self.evaluate_each(),
            Err(e) => Err(e),
        };
        self.engine.set_input(regorus::Value::new_object());
        out
    }

    /// Each `deny` and `warn` set on its own, from a clean state: the input is already set.
    pub(super) fn evaluate_each(&mut self) -> Result<Vec<RawFinding>> {
        let mut out = Vec::new();
        for (pkg, level) in &self.packages {
            let level = *level;
            {
                let rule = format!("data.{pkg}.{level}");
                let v = self
                    .engine
                    .eval_rule(rule.clone())
                    .map_err(|e| eval_error(&rule, e))?;
                let json = serde_json::to_value(&v).map_err(|e| eval_error(&rule, e))?;
                match json {
                    serde_json::Value::Array(items) => {
                        for value in items {
                            out.push(RawFinding {
                                package: pkg.clone(),
                                level,
                                value,
                            });
                        }
                    }
                    // An undefined rule serializes as a string marker or null: no findings.
                    serde_json::Value::Null | serde_json::Value::String(_) => {}
                    other => {
                        return Err(PolicyError::NotFindings {
                            rule,
                            got: short(&other),
                        }
                        .into())
                    }
                }
            }
        }
        Ok(out)
    }

    /// Every `deny` and `warn` set in one query, so that the rules they share (the release's
    /// tier, which reads the AI Act package's derivation, every package's parameters) are
    /// evaluated once, not once per set: regorus starts each `eval_rule` from a clean state.
    /// `None` when the query does not give one set per rule (then each set is evaluated on its
    /// own, which also names the rule that fails).
    pub(super) fn evaluate_together(&mut self) -> Result<Option<Vec<RawFinding>>> {
        if self.packages.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let paths: Vec<String> = self
            .packages
            .iter()
            .map(|(pkg, level)| format!("data.{pkg}.{level}"))
            .collect();
        let Ok(results) = self
            .engine
            .eval_query(format!("[{}]", paths.join(", ")), false)
        else {
            return Ok(None);
        };
        let Some(value) = results
            .result
            .first()
            .and_then(|r| r.expressions.first())
            .map(|e| &e.value)
        else {
            return Ok(None);
        };
        let json = serde_json::to_value(value).map_err(|e| eval_error(&paths.join(", "), e))?;
        let serde_json::Value::Array(sets) = json else {
            return Ok(None);
        };
        if sets.len() != self.packages.len() {
            return Ok(None);
        }
        let mut out = Vec::new();
        for (((pkg, level), set), rule) in self.packages.iter().zip(sets).zip(&paths) {
            match set {
                serde_json::Value::Array(items) => {
                    out.extend(items.into_iter().map(|value| RawFinding {
                        package: pkg.clone(),
                        level: *level,
                        value,
                    }))
                }
                serde_json::Value::Null | serde_json::Value::String(_) => {}
                other => {
                    return Err(PolicyError::NotFindings {
                        rule: rule.clone(),
                        got: short(&other),
                    }
                    .into())
                }
            }
        }
        Ok(Some(out))
    }

    /// Evaluates one rule by path over `input`, watched like [`Evaluator::evaluate`]: for a
    /// rule that gathers several results, so that the rules they share are evaluated once.
    pub fn evaluate_rule(
        &mut self,
        input: &serde_json::Value,
        path: &str,
    ) -> Result<serde_json::Value> {
        let _running = crate::watchdog::evaluation();
        // Through `to_rego`, never `regorus::Value::from`: the latter reads an object keyed
        // `$serde_json::private::Number` as a number, and an admission review's keys are the
        // requester's.
        self.engine.set_input(super::to_rego(input)?);
        self.eval_rule(path)
    }

    /// Evaluates one rule by path, e.g. `data.modelgate.gdpr_test.test_x`.
    pub fn eval_rule(&mut self, path: &str) -> Result<serde_json::Value> {
        let v = self
            .engine
            .eval_rule(path.to_string())
            .map_err(|e| eval_error(path, e))?;
        serde_json::to_value(&v).map_err(|e| eval_error(path, e))
    }

    /// Turns line coverage recording on (for `modelgate test --coverage`).
    pub fn enable_coverage(&mut self) {
        self.engine.set_enable_coverage(true);
    }

    /// Lines of each module evaluated and not evaluated since coverage was enabled.
    pub fn coverage(&self) -> Result<Vec<FileCoverage>> {
        let report = self
            .engine
            .get_coverage_report()
            .map_err(|e| PolicyError::Coverage(e.to_string()))?;
        Ok(report
            .files
            .into_iter()
            .map(|f| FileCoverage {
                file: f.path,
                covered: f.covered.len(),
                not_covered: f.not_covered.into_iter().collect(),
            })
            .collect())
    }

    /// Sets the input of the rules evaluated next with [`Evaluator::eval_rule`]; a value
    /// without a regorus form (none that JSON holds) is undefined.
    pub fn set_input(&mut self, input: &serde_json::Value) {
        self.engine
            .set_input(super::to_rego(input).unwrap_or(regorus::Value::Undefined));
    }
}

fn short(v: &serde_json::Value) -> String {
    let mut s = v.to_string();
    crate::formats::markdown::truncate(&mut s, 80);
    s
}

/// Line coverage of one policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoverage {
    pub file: String,
    pub covered: usize,
    /// 1-based lines that hold code no test evaluated.
    pub not_covered: Vec<u32>,
}

impl FileCoverage {
    /// Covered share of the file's code lines, in percent.
    pub fn percent(&self) -> f64 {
        let total = self.covered + self.not_covered.len();
        if total == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / total as f64
        }
    }
}

/// Outcome of one Rego unit test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// `data.modelgate.gdpr_test.test_x`
    pub name: String,
    pub passed: bool,
    /// Why it failed: undefined, false, or the evaluation error.
    pub detail: String,
}

/// Runs every `test_*` rule of the test modules of `set`. A test passes when it evaluates to
/// `true`, as under `opa test`. `filter` keeps only tests whose name contains it.
pub fn run_tests(
    set: &PolicySet,
    filter: Option<&str>,
    timeout: Duration,
) -> Result<Vec<TestOutcome>> {
    run_tests_with_coverage(set, filter, timeout, false).map(|(t, _)| t)
}

/// [`run_tests`], and with `coverage` the line coverage of the non-test modules.
pub fn run_tests_with_coverage(
    set: &PolicySet,
    filter: Option<&str>,
    timeout: Duration,
    coverage: bool,
) -> Result<(Vec<TestOutcome>, Vec<FileCoverage>)> {
    let mut ev = set.engine(timeout)?;
    if coverage {
        ev.enable_coverage();
    }
    ev.set_input(&serde_json::json!({}));
    let mut out = Vec::new();
    for m in set.modules.iter().filter(|m| m.is_test) {
        for t in test_rules(&m.text) {
            let name = format!("data.{}.{t}", m.package);
            if filter.is_some_and(|f| !name.contains(f)) {
                continue;
            }
            let (passed, detail) = match ev.eval_rule(&name) {
                Ok(serde_json::Value::Bool(true)) => (true, String::new()),
                Ok(serde_json::Value::Bool(false)) => (false, "evaluated to false".to_string()),
                Ok(other)
                    if other.is_null()
                        || other.as_str().is_some_and(|s| s.contains("undefined")) =>
                {
                    (false, "undefined".to_string())
                }
                Ok(other) => (false, format!("evaluated to {}", short(&other))),
                Err(e) => (false, e.to_string()),
            };
            out.push(TestOutcome {
                name,
                passed,
                detail,
            });
        }
    }
    let cov = if coverage {
        let test_files: Vec<&str> = set
            .modules
            .iter()
            .filter(|m| m.is_test)
            .map(|m| m.name.as_str())
            .collect();
        let mut c = ev.coverage()?;
        c.retain(|f| !test_files.contains(&f.file.as_str()));
        c.sort_by(|a, b| a.file.cmp(&b.file));
        c
    } else {
        Vec::new()
    };
    Ok((out, cov))
}

/// A rule's evaluation failure (the engine's error, its time limit, or a value that does not
/// serialize).
fn eval_error(rule: &str, e: impl std::fmt::Display) -> Error {
    PolicyError::Eval {
        rule: rule.to_string(),
        message: e.to_string(),
    }
    .into()
}
