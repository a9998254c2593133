//! The policy stage: Rego modules (built-in and user) evaluated by regorus over the input.
//! Rule metadata comes from the `# METADATA` comment blocks, which regorus does not expose,
//! so they are parsed here and joined to findings by the `id` each finding carries.

use crate::error::{Error, Result};
use regorus::utils::limits::ExecutionTimerConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::path::Path;
use std::time::Duration;

/// The built-in policy library, compiled into the binary so that a check needs no files.
pub const BUILTIN: &[(&str, &str)] = &[
    ("policies/lib.rego", include_str!("../policies/lib.rego")),
    (
        "policies/documentation.rego",
        include_str!("../policies/documentation.rego"),
    ),
    ("policies/gdpr.rego", include_str!("../policies/gdpr.rego")),
    ("policies/ccpa.rego", include_str!("../policies/ccpa.rego")),
    (
        "policies/robustness.rego",
        include_str!("../policies/robustness.rego"),
    ),
    ("policies/sbom.rego", include_str!("../policies/sbom.rego")),
    (
        "policies/provenance.rego",
        include_str!("../policies/provenance.rego"),
    ),
    (
        "policies/change.rego",
        include_str!("../policies/change.rego"),
    ),
    (
        "policies/aiact.rego",
        include_str!("../policies/aiact.rego"),
    ),
    (
        "policies/admission.rego",
        include_str!("../policies/admission.rego"),
    ),
    (
        "policies/artifacts.rego",
        include_str!("../policies/artifacts.rego"),
    ),
    ("policies/gpai.rego", include_str!("../policies/gpai.rego")),
    (
        "policies/highrisk.rego",
        include_str!("../policies/highrisk.rego"),
    ),
    (
        "policies/erasure.rego",
        include_str!("../policies/erasure.rego"),
    ),
];

/// Rego unit tests of the built-in library, run by `modelgate test`.
pub const BUILTIN_TESTS: &[(&str, &str)] = &[
    (
        "policies/documentation_test.rego",
        include_str!("../policies/documentation_test.rego"),
    ),
    (
        "policies/gdpr_test.rego",
        include_str!("../policies/gdpr_test.rego"),
    ),
    (
        "policies/ccpa_test.rego",
        include_str!("../policies/ccpa_test.rego"),
    ),
    (
        "policies/robustness_test.rego",
        include_str!("../policies/robustness_test.rego"),
    ),
    (
        "policies/sbom_test.rego",
        include_str!("../policies/sbom_test.rego"),
    ),
    (
        "policies/provenance_test.rego",
        include_str!("../policies/provenance_test.rego"),
    ),
    (
        "policies/change_test.rego",
        include_str!("../policies/change_test.rego"),
    ),
    (
        "policies/aiact_test.rego",
        include_str!("../policies/aiact_test.rego"),
    ),
    (
        "policies/admission_test.rego",
        include_str!("../policies/admission_test.rego"),
    ),
    (
        "policies/artifacts_test.rego",
        include_str!("../policies/artifacts_test.rego"),
    ),
    (
        "policies/gpai_test.rego",
        include_str!("../policies/gpai_test.rego"),
    ),
    (
        "policies/highrisk_test.rego",
        include_str!("../policies/highrisk_test.rego"),
    ),
    (
        "policies/erasure_test.rego",
        include_str!("../policies/erasure_test.rego"),
    ),
];

/// The package of the admission webhook's rules (`modelgate serve`). Its input is an
/// admission request, not a bundle, so `check` leaves it out: see [`PolicySet::engine`] and
/// [`PolicySet::admission_engine`].
pub const ADMISSION_PACKAGE: &str = "modelgate.admission";

/// Default time limit of one evaluation; far above what the built-ins need (milliseconds) and
/// far below what would stall a CI job.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Severity of a rule, from its annotation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        };
        f.write_str(s)
    }
}

/// `deny` blocks; `warn` is reported only; `off` is a finding the configuration turned off:
/// kept in every report, never counted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Deny,
    Warn,
    Off,
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Off => "off",
        })
    }
}

/// What a rule's `# METADATA` block says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    /// Exact citations, e.g. "GDPR Art. 6(1)".
    pub controls: Vec<String>,
    pub remediation: String,
    /// `data.modelgate.gdpr`
    pub package: String,
    pub level: Level,
    /// Policy file and 1-based line of the rule head.
    pub file: String,
    pub line: usize,
    /// The legal regime the rule enforces (`crate::regime::REGIMES`, or one a `--policy` rule
    /// declares with its own dates); absent: always in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<String>,
    /// First day the rule's obligation applies (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    /// First day it no longer applies, where the regime ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// OPA's annotation keys. Unknown keys are errors (a typo would silently lose metadata); the
/// standard keys modelgate does not use are accepted and ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnotation {
    #[serde(default)]
    scope: Option<String>,
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, rename = "related_resources")]
    _related_resources: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "authors")]
    _authors: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "organizations")]
    _organizations: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "schemas")]
    _schemas: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "entrypoint")]
    _entrypoint: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    custom: Option<RawCustom>,
}

#[derive(Deserialize)]
struct RawCustom {
    id: Option<String>,
    severity: Option<Severity>,
    #[serde(default)]
    controls: Vec<String>,
    remediation: Option<String>,
    #[serde(default)]
    regime: Option<String>,
    #[serde(default)]
    effective_from: Option<String>,
    #[serde(default)]
    until: Option<String>,
}

/// One Rego module.
#[derive(Debug, Clone)]
pub struct Module {
    /// Shown in errors and reports.
    pub name: String,
    pub text: String,
    pub package: String,
    pub is_test: bool,
    /// Part of the built-in library (not a `--policy` module).
    pub builtin: bool,
}

/// A `--data` document as given: where it came from and what it sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DataSource {
    pub path: String,
    pub sha256: String,
    /// Every value it sets, as a dotted path (`modelgate.params.sbom.max_age_days`); objects
    /// are descended, lists and scalars are leaves.
    pub sets: Vec<String>,
}

/// The keys under `data.modelgate` that `--data` may set: rule parameters and the
/// known-vulnerability list. Anything else there would shadow a rule (regorus lets data
/// replace a rule of the same path where OPA reports a conflict).
pub const DATA_KEYS: &[&str] = &["params", "vulnerabilities"];

/// Policies to evaluate, with their rule metadata and a digest over all of them.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub modules: Vec<Module>,
    pub rules: Vec<RuleMeta>,
    /// JSON documents merged into `data` (parameters under `data.modelgate.params`).
    pub data: Vec<serde_json::Value>,
    /// Where each of `data` came from (the same order).
    pub data_sources: Vec<DataSource>,
}

impl PolicySet {
    /// The built-in library (and its tests when `tests` is set).
    pub fn builtin(tests: bool) -> Result<Self> {
        let mut set = PolicySet::default();
        for (name, text) in BUILTIN {
            set.add_module(name, text, false)?;
        }
        if tests {
            for (name, text) in BUILTIN_TESTS {
                set.add_module(name, text, true)?;
            }
        }
        for m in &mut set.modules {
            m.builtin = true;
        }
        Ok(set)
    }

    /// Adds every `*.rego` file under `dir` (sorted, so the digest is stable); `*_test.rego`
    /// files are added only when `tests` is set.
    pub fn add_dir(&mut self, dir: &Path, tests: bool) -> Result<()> {
        if dir.is_file() {
            return self.add_file(dir, tests);
        }
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{}: policy directory does not exist",
                dir.display()
            )));
        }
        // A subfolder that cannot be read is an error: skipping it would drop its rules.
        let mut files: Vec<_> = crate::walk::Walk::default()
            .files(dir)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "rego"))
            .collect();
        files.sort();
        for f in files {
            self.add_file(&f, tests)?;
        }
        Ok(())
    }

    fn add_file(&mut self, f: &Path, tests: bool) -> Result<()> {
        let is_test = f
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("_test.rego"));
        if is_test && !tests {
            return Ok(());
        }
        let text = std::fs::read_to_string(f).map_err(|e| Error::io(f, e))?;
        self.add_module(&f.display().to_string(), &text, is_test)
    }

    /// Adds one module from text, parsing its package line and METADATA annotations.
    pub fn add_module(&mut self, name: &str, text: &str, is_test: bool) -> Result<()> {
        let package = package_of(text)
            .ok_or_else(|| Error::Policy(format!("{name}: no `package` declaration")))?;
        if !is_test {
            let rules = parse_annotations(name, text, &package)?;
            for r in &rules {
                if let Some(prev) = self.rules.iter().find(|p| p.id == r.id) {
                    return Err(Error::Policy(format!(
                        "{}:{}: rule id {} is already used at {}:{}",
                        r.file, r.line, r.id, prev.file, prev.line
                    )));
                }
            }
            self.rules.extend(rules);
        }
        self.modules.push(Module {
            name: name.to_string(),
            text: text.to_string(),
            package,
            is_test,
            builtin: false,
        });
        Ok(())
    }

    /// True when the built-in library is part of this set.
    pub fn has_builtin(&self) -> bool {
        self.modules.iter().any(|m| m.builtin)
    }

    /// Adds a JSON or YAML data document (e.g. `{"modelgate": {"params": {...}}}`). Under
    /// `modelgate` it may set only [`DATA_KEYS`]; data outside `modelgate` is the user's own.
    pub fn add_data_file(&mut self, path: &Path) -> Result<()> {
        let doc = crate::formats::Doc::read(path, &path.display().to_string())?;
        let is_yaml = path.extension().is_some_and(|x| x == "yaml" || x == "yml");
        let value: serde_json::Value = if is_yaml { doc.yaml()? } else { doc.json()? };
        let Some(top) = value.as_object() else {
            return Err(Error::format(
                path,
                Default::default(),
                "data must be an object",
            ));
        };
        if let Some(ours) = top.get("modelgate") {
            let Some(ours) = ours.as_object() else {
                return Err(Error::format(
                    path,
                    crate::error::Location::pointer("/modelgate"),
                    "`modelgate` must be an object holding `params` (rule parameters)",
                ));
            };
            let refused: Vec<String> = ours
                .keys()
                .filter(|k| !DATA_KEYS.contains(&k.as_str()))
                .map(|k| format!("`modelgate.{}`", crate::error::excerpt(k)))
                .collect();
            if let Some(first) = ours.keys().find(|k| !DATA_KEYS.contains(&k.as_str())) {
                return Err(Error::format(
                    path,
                    crate::error::Location::pointer(format!("/modelgate/{first}")),
                    format!(
                        "{} cannot be set by --data: under `modelgate`, data may set only `modelgate.params.*` (rule parameters) and `modelgate.vulnerabilities`; rules and their results are not data",
                        refused.join(", ")
                    ),
                ));
            }
            if ours.get("params").is_some_and(|v| !v.is_object()) {
                return Err(Error::format(
                    path,
                    crate::error::Location::pointer("/modelgate/params"),
                    "`modelgate.params` must be an object of parameters per area",
                ));
            }
        }
        crate::regime::check_moves(path, &value)?;
        let mut sets = Vec::new();
        leaves(&value, String::new(), &mut sets);
        self.data_sources.push(DataSource {
            path: path.display().to_string(),
            sha256: doc.sha256.clone(),
            sets,
        });
        self.data.push(value);
        Ok(())
    }

    /// sha256 over every module's name and text and every data document, in order.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        for m in &self.modules {
            h.update(m.name.as_bytes());
            h.update([0]);
            h.update(m.text.as_bytes());
            h.update([0]);
        }
        for d in &self.data {
            h.update(d.to_string().as_bytes());
            h.update([0]);
        }
        hex::encode(h.finalize())
    }

    /// (package, level) pairs whose `deny` or `warn` set some module defines, in a stable order.
    pub fn rule_packages(&self) -> Vec<(String, Level)> {
        let mut pkgs: Vec<(String, Level)> = Vec::new();
        for m in self.modules.iter().filter(|m| !m.is_test) {
            for level in [Level::Deny, Level::Warn] {
                if has_rule(&m.text, &level.to_string()) {
                    pkgs.push((m.package.clone(), level));
                }
            }
        }
        pkgs.sort();
        pkgs.dedup();
        pkgs
    }

    /// Each rule package's `default_params`, as the package itself evaluates it.
    pub fn default_params(&self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut ev = self.engine(DEFAULT_TIMEOUT)?;
        ev.set_input(&serde_json::json!({}));
        let mut out = BTreeMap::new();
        for (pkg, _) in self.rule_packages() {
            let key = format!("data.{pkg}");
            if out.contains_key(&key) {
                continue;
            }
            if let Ok(v @ serde_json::Value::Object(_)) =
                ev.eval_rule(&format!("{key}.default_params"))
            {
                out.insert(key, v);
            }
        }
        Ok(out)
    }

    /// The rules `check` evaluates: all but the admission webhook's.
    pub fn check_rules(&self) -> Vec<RuleMeta> {
        let admission = format!("data.{ADMISSION_PACKAGE}");
        self.rules
            .iter()
            .filter(|r| r.package != admission)
            .cloned()
            .collect()
    }

    /// The dates of the regimes of these rules, as `--data` moved them.
    pub fn calendar(&self) -> crate::regime::Calendar {
        crate::regime::Calendar::new(&self.rules, &self.data)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A compiled engine for these policies and data, evaluating every rule package but the
    /// admission webhook's.
    pub fn engine(&self, timeout: Duration) -> Result<Evaluator> {
        let mut ev = self.compile(timeout)?;
        ev.packages.retain(|(p, _)| p != ADMISSION_PACKAGE);
        Ok(ev)
    }

    /// A compiled engine that evaluates only the admission webhook's package.
    pub fn admission_engine(&self, timeout: Duration) -> Result<Evaluator> {
        let mut ev = self.compile(timeout)?;
        ev.packages.retain(|(p, _)| p == ADMISSION_PACKAGE);
        Ok(ev)
    }

    fn compile(&self, timeout: Duration) -> Result<Evaluator> {
        let mut engine = regorus::Engine::new();
        // OPA returns undefined where a builtin fails; keep policies portable between the two.
        engine.set_strict_builtin_errors(false);
        engine.set_execution_timer_config(ExecutionTimerConfig {
            limit: timeout,
            check_interval: NonZeroU32::MIN.saturating_add(255),
        });
        for m in &self.modules {
            engine
                .add_policy(m.name.clone(), m.text.clone())
                .map_err(|e| Error::Policy(format!("{e}")))?;
        }
        for d in &self.data {
            engine
                .add_data(regorus::Value::from(d.clone()))
                .map_err(|e| Error::Policy(format!("data: {e}")))?;
        }
        Ok(Evaluator {
            engine,
            packages: self.rule_packages(),
        })
    }
}

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
    engine: regorus::Engine,
    packages: Vec<(String, Level)>,
}

impl Evaluator {
    /// Evaluates every `deny` and `warn` set of every rule package over `input`.
    pub fn evaluate(&mut self, input: &serde_json::Value) -> Result<Vec<RawFinding>> {
        // Watched for time and memory a single built-in call can take past the engine's limit.
        let _running = crate::watchdog::evaluation();
        self.engine.set_input(regorus::Value::from(input.clone()));
        let mut out = Vec::new();
        for (pkg, level) in &self.packages {
            let level = *level;
            {
                let rule = format!("data.{pkg}.{level}");
                let v = self
                    .engine
                    .eval_rule(rule.clone())
                    .map_err(|e| Error::Policy(format!("{rule}: {e}")))?;
                let json =
                    serde_json::to_value(&v).map_err(|e| Error::Policy(format!("{rule}: {e}")))?;
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
                        return Err(Error::Policy(format!(
                            "{rule} must be a set of findings, got {}",
                            short(&other)
                        )))
                    }
                }
            }
        }
        Ok(out)
    }

    /// Evaluates one rule by path over `input`, watched like [`Evaluator::evaluate`]: for a
    /// rule that gathers several results, so that the rules they share are evaluated once.
    pub fn evaluate_rule(
        &mut self,
        input: &serde_json::Value,
        path: &str,
    ) -> Result<serde_json::Value> {
        let _running = crate::watchdog::evaluation();
        self.engine.set_input(regorus::Value::from(input.clone()));
        self.eval_rule(path)
    }

    /// Evaluates one rule by path, e.g. `data.modelgate.gdpr_test.test_x`.
    pub fn eval_rule(&mut self, path: &str) -> Result<serde_json::Value> {
        let v = self
            .engine
            .eval_rule(path.to_string())
            .map_err(|e| Error::Policy(format!("{path}: {e}")))?;
        serde_json::to_value(&v).map_err(|e| Error::Policy(format!("{path}: {e}")))
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
            .map_err(|e| Error::Policy(format!("coverage: {e}")))?;
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

    pub fn set_input(&mut self, input: &serde_json::Value) {
        self.engine.set_input(regorus::Value::from(input.clone()));
    }
}

/// The dotted paths of `v`'s leaves (objects descended; at most 1,000 listed).
fn leaves(v: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                if out.len() >= 1_000 {
                    return;
                }
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(x, p, out);
            }
        }
        _ => out.push(prefix),
    }
}

fn short(v: &serde_json::Value) -> String {
    let mut s = v.to_string();
    crate::formats::markdown::truncate(&mut s, 80);
    s
}

/// The package path of a module, from its `package` line.
pub fn package_of(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let t = l.trim();
        t.strip_prefix("package ").map(|p| p.trim().to_string())
    })
}

fn has_rule(text: &str, name: &str) -> bool {
    text.lines().any(|l| rule_head_name(l) == Some(name))
}

/// The name a line defines when it is a rule head at column 0 (`deny contains f if {`).
fn rule_head_name(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#']) || line.is_empty() {
        return None;
    }
    let end = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let name = &line[..end];
    (!name.is_empty() && !matches!(name, "package" | "import" | "default")).then_some(name)
}

/// Names of the `test_*` rules of a module, in order, deduplicated.
pub fn test_rules(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in text.lines() {
        if let Some(n) = rule_head_name(l) {
            if n.starts_with("test_") && !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
    }
    out
}

/// Parses the `# METADATA` blocks of a module. Each must precede a `deny` or `warn` rule and
/// give `title` and, under `custom`, `id`, `severity`, `controls` and `remediation`.
pub fn parse_annotations(file: &str, text: &str, package: &str) -> Result<Vec<RuleMeta>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "# METADATA" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut yaml = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim_start().starts_with('#') {
            let l = lines[i].trim_start();
            let l = l
                .strip_prefix("# ")
                .or_else(|| l.strip_prefix('#'))
                .unwrap_or(l);
            yaml.push_str(l);
            yaml.push('\n');
            i += 1;
        }
        let at = |msg: String| Error::Policy(format!("{file}:{start}: METADATA: {msg}"));
        let raw: RawAnnotation = crate::formats::parse_yaml(&yaml, start)
            .map_err(|(loc, msg)| Error::Policy(format!("{file}: {loc}: METADATA: {msg}")))?;
        // Package- or document-scoped annotations describe the module, not a rule.
        if matches!(
            raw.scope.as_deref(),
            Some("package") | Some("subpackages") | Some("document")
        ) {
            continue;
        }
        let head = lines.get(i).copied().unwrap_or("");
        let level = match rule_head_name(head) {
            Some("deny") => Level::Deny,
            Some("warn") => Level::Warn,
            _ => {
                return Err(at(format!(
                    "must be followed by a `deny` or `warn` rule, found `{}`",
                    head.trim()
                )))
            }
        };
        let custom = raw.custom.ok_or_else(|| {
            at("missing `custom` with id, severity, controls, remediation".into())
        })?;
        let id = custom.id.ok_or_else(|| at("missing custom.id".into()))?;
        let meta = RuleMeta {
            title: raw
                .title
                .ok_or_else(|| at(format!("{id}: missing title")))?,
            description: raw.description.unwrap_or_default().trim().to_string(),
            severity: custom
                .severity
                .ok_or_else(|| at(format!("{id}: missing custom.severity")))?,
            controls: custom.controls,
            remediation: custom
                .remediation
                .ok_or_else(|| at(format!("{id}: missing custom.remediation")))?
                .trim()
                .to_string(),
            package: format!("data.{package}"),
            level,
            file: file.to_string(),
            line: i + 1,
            regime: custom.regime,
            effective_from: custom.effective_from,
            until: custom.until,
            id,
        };
        if meta.controls.is_empty() {
            return Err(at(format!("{}: custom.controls is empty", meta.id)));
        }
        for (key, value) in [
            ("effective_from", &meta.effective_from),
            ("until", &meta.until),
        ] {
            if let Some(v) = value {
                if crate::regime::parse_date(v).is_none() {
                    return Err(at(format!(
                        "{}: custom.{key} {v:?} is not a YYYY-MM-DD date (quote it)",
                        meta.id
                    )));
                }
            }
        }
        // A built-in regime's dates are the table's (parameters move them, not annotations); a
        // regime of the policy's own must state when it applies.
        match meta
            .regime
            .as_deref()
            .map(|r| (r, crate::regime::builtin(r)))
        {
            Some((r, Some(b)))
                if meta.effective_from.as_deref() != b.effective_from
                    || meta.until.as_deref() != b.until =>
            {
                return Err(at(format!(
                    "{}: regime {r} applies from {} until {}; custom.effective_from and custom.until must say the same (move a regime's dates with modelgate.params.regimes)",
                    meta.id,
                    b.effective_from.unwrap_or("always"),
                    b.until.unwrap_or("no end")
                )));
            }
            Some((r, None)) if meta.effective_from.is_none() => {
                return Err(at(format!(
                    "{}: regime {r} is not built in: give custom.effective_from",
                    meta.id
                )));
            }
            _ => {}
        }
        out.push(meta);
    }
    Ok(out)
}

/// A rule id -> metadata index.
pub fn index(rules: &[RuleMeta]) -> BTreeMap<&str, &RuleMeta> {
    rules.iter().map(|r| (r.id.as_str(), r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"package modelgate.sample

# METADATA
# title: Something must hold
# description: Longer words.
# custom:
#   id: sample-rule
#   severity: high
#   controls: ["GDPR Art. 6(1)"]
#   remediation: Fix it.
deny contains f if {
	input.x == 1
	f := {"id": "sample-rule", "msg": "x is 1"}
}

# METADATA
# title: A warning
# custom:
#   id: sample-warn
#   severity: low
#   controls: ["CCPA 1798.100(a)"]
#   remediation: Look at it.
warn contains f if {
	input.y
	f := {"id": "sample-warn", "msg": "y is set"}
}
"#;

    /// Every built-in rule names the regime it enforces (dates checked against the table when
    /// parsed), so that reports can say which law applied on the decision date.
    /// Two Rego rules of one name in a package are one rule with two bodies, true when either
    /// is: a second `test_x` would silently let a failing first one pass.
    #[test]
    fn builtin_test_names_are_unique_per_file() {
        for (name, text) in BUILTIN_TESTS {
            let mut seen = std::collections::BTreeSet::new();
            for line in text.lines() {
                let Some(rest) = line.strip_prefix("test_") else {
                    continue;
                };
                let id: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    seen.insert(id.clone()),
                    "{name}: test_{id} is defined twice"
                );
            }
        }
    }

    #[test]
    fn builtin_rules_name_their_regime() {
        let set = PolicySet::builtin(false).unwrap();
        let missing: Vec<&str> = set
            .rules
            .iter()
            .filter(|r| r.regime.is_none())
            .map(|r| r.id.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "rules without custom.regime: {missing:?}"
        );
        let unknown: Vec<String> = set
            .rules
            .iter()
            .filter_map(|r| r.regime.as_deref())
            .filter(|r| crate::regime::builtin(r).is_none())
            .map(str::to_string)
            .collect();
        assert!(
            unknown.is_empty(),
            "built-in rules with regimes not in regime::REGIMES: {unknown:?}"
        );
    }

    #[test]
    fn a_regime_date_that_disagrees_with_the_table_is_refused() {
        let text = "package modelgate.x\n\n# METADATA\n# title: T\n# custom:\n#   id: x-rule\n#   regime: gdpr\n#   effective_from: \"2019-01-01\"\n#   severity: high\n#   controls: [\"GDPR Art. 5\"]\n#   remediation: R\ndeny contains f if {\n\tf := {}\n}\n";
        let e = parse_annotations("x.rego", text, "modelgate.x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("regime gdpr applies from 2018-05-25"), "{e}");
        let own = text
            .replace("regime: gdpr", "regime: org-2027")
            .replace("2019-01-01", "2027-01-01");
        let r = parse_annotations("x.rego", &own, "modelgate.x").unwrap();
        assert_eq!(r[0].effective_from.as_deref(), Some("2027-01-01"));
        let undated = own.replace("#   effective_from: \"2027-01-01\"\n", "");
        assert!(parse_annotations("x.rego", &undated, "modelgate.x").is_err());
        let bad = own.replace("2027-01-01", "1 Jan 2027");
        assert!(parse_annotations("x.rego", &bad, "modelgate.x").is_err());
    }

    #[test]
    fn annotations_are_parsed_and_joined() {
        let rules = parse_annotations("s.rego", SAMPLE, "modelgate.sample").unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].id, "sample-rule");
        assert_eq!(rules[0].level, Level::Deny);
        assert_eq!(rules[0].severity, Severity::High);
        assert_eq!(rules[0].controls, vec!["GDPR Art. 6(1)"]);
        assert_eq!(rules[0].line, 11);
        assert_eq!(rules[1].level, Level::Warn);
    }

    #[test]
    fn standard_opa_keys_are_accepted_and_typos_refused() {
        let ok = "package p\n# METADATA\n# title: t\n# authors: [a <a@example.com>]\n# related_resources: [https://example.com]\n# custom:\n#   id: x\n#   severity: low\n#   controls: [c]\n#   remediation: r\ndeny contains f if { f := {} }\n";
        assert_eq!(parse_annotations("a.rego", ok, "p").unwrap()[0].id, "x");
        let typo = ok.replace("# authors:", "# author:");
        let e = parse_annotations("a.rego", &typo, "p")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.rego") && e.contains("author"), "{e}");
    }

    #[test]
    fn missing_fields_are_errors_with_location() {
        let bad = "package p\n# METADATA\n# title: t\n# custom:\n#   id: x\ndeny contains f if { true; f := {} }\n";
        let e = parse_annotations("b.rego", bad, "p")
            .unwrap_err()
            .to_string();
        assert!(e.contains("b.rego:2") && e.contains("severity"), "{e}");
        let bad = "package p\n# METADATA\n# title: t\nallow if true\n";
        let e = parse_annotations("b.rego", bad, "p")
            .unwrap_err()
            .to_string();
        assert!(e.contains("deny") && e.contains("allow if true"), "{e}");
    }

    #[test]
    fn evaluates_deny_and_warn() {
        let mut set = PolicySet::default();
        set.add_module("s.rego", SAMPLE, false).unwrap();
        let mut ev = set.engine(DEFAULT_TIMEOUT).unwrap();
        let f = ev
            .evaluate(&serde_json::json!({"x": 1, "y": true}))
            .unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].level, Level::Deny);
        assert_eq!(f[0].value["id"], "sample-rule");
        assert_eq!(f[1].level, Level::Warn);
        let f = ev.evaluate(&serde_json::json!({"x": 2})).unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn runaway_policy_times_out() {
        let mut set = PolicySet::default();
        let text = "package modelgate.slow\n\ndeny contains f if {\n\tsome a in numbers.range(1, 3000)\n\tsome b in numbers.range(1, 3000)\n\ta * b == -1\n\tf := {\"id\": \"x\"}\n}\n";
        set.add_module("slow.rego", text, false).unwrap();
        let mut ev = set.engine(Duration::from_millis(50)).unwrap();
        let e = ev.evaluate(&serde_json::json!({})).unwrap_err().to_string();
        assert!(e.contains("policy error"), "{e}");
    }

    #[test]
    fn builtin_library_compiles_and_ids_are_unique() {
        let set = PolicySet::builtin(true).unwrap();
        assert!(set.rules.len() >= 5);
        set.engine(DEFAULT_TIMEOUT).unwrap();
        let mut ids: Vec<_> = set.rules.iter().map(|r| &r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), set.rules.len());
    }
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

#[cfg(test)]
mod rego_tests {
    use super::*;

    /// The built-in library's tests cover at least 90% of its lines.
    #[test]
    fn builtin_policies_are_covered_by_their_tests() {
        let set = PolicySet::builtin(true).unwrap();
        let (_, cov) = run_tests_with_coverage(&set, None, DEFAULT_TIMEOUT, true).unwrap();
        assert!(!cov.is_empty());
        let covered: usize = cov.iter().map(|f| f.covered).sum();
        let total: usize = cov.iter().map(|f| f.covered + f.not_covered.len()).sum();
        let pct = covered as f64 * 100.0 / total as f64;
        assert!(pct >= 90.0, "coverage {pct:.1}%: {cov:#?}");
    }

    /// The built-in library's own Rego unit tests all pass.
    #[test]
    fn builtin_rego_unit_tests_pass() {
        let set = PolicySet::builtin(true).unwrap();
        let results = run_tests(&set, None, DEFAULT_TIMEOUT).unwrap();
        assert!(results.len() >= 30, "only {} tests found", results.len());
        let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
        assert!(failed.is_empty(), "failing Rego tests: {failed:#?}");
    }
}
