//! The policy stage: Rego modules (built-in and user) evaluated by regorus over the input.
//! Rule metadata comes from the `# METADATA` comment blocks, which regorus does not expose,
//! so they are parsed here and joined to findings by the `id` each finding carries.

mod annotations;
mod eval;
#[cfg(test)]
mod rego_tests;
mod set;
#[cfg(test)]
mod tests;
mod value;

pub use annotations::{package_of, parse_annotations, test_rules};
pub use eval::{
    run_tests, run_tests_with_coverage, Evaluator, FileCoverage, RawFinding, TestOutcome,
};
pub use set::PolicySet;
pub use value::to_rego;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// The built-in policy library, compiled into the binary so that a check needs no files.
pub const BUILTIN: &[(&str, &str)] = &[
    ("policies/lib.rego", include_str!("../../policies/lib.rego")),
    (
        "policies/documentation.rego",
        include_str!("../../policies/documentation.rego"),
    ),
    (
        "policies/gdpr.rego",
        include_str!("../../policies/gdpr.rego"),
    ),
    (
        "policies/ccpa.rego",
        include_str!("../../policies/ccpa.rego"),
    ),
    (
        "policies/robustness.rego",
        include_str!("../../policies/robustness.rego"),
    ),
    (
        "policies/sbom.rego",
        include_str!("../../policies/sbom.rego"),
    ),
    (
        "policies/provenance.rego",
        include_str!("../../policies/provenance.rego"),
    ),
    (
        "policies/change.rego",
        include_str!("../../policies/change.rego"),
    ),
    (
        "policies/aiact.rego",
        include_str!("../../policies/aiact.rego"),
    ),
    (
        "policies/admission.rego",
        include_str!("../../policies/admission.rego"),
    ),
    (
        "policies/artifacts.rego",
        include_str!("../../policies/artifacts.rego"),
    ),
    (
        "policies/gpai.rego",
        include_str!("../../policies/gpai.rego"),
    ),
    (
        "policies/highrisk.rego",
        include_str!("../../policies/highrisk.rego"),
    ),
    (
        "policies/erasure.rego",
        include_str!("../../policies/erasure.rego"),
    ),
    (
        "policies/operations.rego",
        include_str!("../../policies/operations.rego"),
    ),
];

/// Rego unit tests of the built-in library, run by `modelgate test`.
pub const BUILTIN_TESTS: &[(&str, &str)] = &[
    (
        "policies/documentation_test.rego",
        include_str!("../../policies/documentation_test.rego"),
    ),
    (
        "policies/gdpr_test.rego",
        include_str!("../../policies/gdpr_test.rego"),
    ),
    (
        "policies/ccpa_test.rego",
        include_str!("../../policies/ccpa_test.rego"),
    ),
    (
        "policies/robustness_test.rego",
        include_str!("../../policies/robustness_test.rego"),
    ),
    (
        "policies/sbom_test.rego",
        include_str!("../../policies/sbom_test.rego"),
    ),
    (
        "policies/provenance_test.rego",
        include_str!("../../policies/provenance_test.rego"),
    ),
    (
        "policies/change_test.rego",
        include_str!("../../policies/change_test.rego"),
    ),
    (
        "policies/aiact_test.rego",
        include_str!("../../policies/aiact_test.rego"),
    ),
    (
        "policies/admission_test.rego",
        include_str!("../../policies/admission_test.rego"),
    ),
    (
        "policies/artifacts_test.rego",
        include_str!("../../policies/artifacts_test.rego"),
    ),
    (
        "policies/gpai_test.rego",
        include_str!("../../policies/gpai_test.rego"),
    ),
    (
        "policies/highrisk_test.rego",
        include_str!("../../policies/highrisk_test.rego"),
    ),
    (
        "policies/erasure_test.rego",
        include_str!("../../policies/erasure_test.rego"),
    ),
    (
        "policies/operations_test.rego",
        include_str!("../../policies/operations_test.rego"),
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

/// A rule id -> metadata index.
pub fn index(rules: &[RuleMeta]) -> BTreeMap<&str, &RuleMeta> {
    rules.iter().map(|r| (r.id.as_str(), r)).collect()
}
