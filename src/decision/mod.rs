//! The decision stage: findings joined to their rule metadata, a verdict per bundle and for the
//! run, and the exit code. Every renderer reads this one [`Report`]. This module holds the result
//! model; the stages that fill it are in the submodules.

mod configuration;
mod decide;
mod own;
#[cfg(test)]
mod tests;
mod waivers;

pub use configuration::{policy_digest, Configuration, FileDigest};
pub use decide::{decide, errored};
pub use own::{
    run_finding, CHANGE_BUNDLE_REMOVED, CHANGE_GATE_CONFIG, CHANGE_MANIFEST_REMOVED, DIAGNOSTICS,
    UNANNOTATED, WAIVER_EXPIRED, WAIVER_TOO_LONG, WAIVER_UNSIGNED, WAIVER_UNUSED,
};
pub use waivers::waiver_findings;

use crate::config::Config;
use crate::policy::{Level, PolicySet, RuleMeta, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// approve or block. An error never approves: it has its own exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Approve,
    Block,
    /// The bundle could not be evaluated.
    Error,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Verdict::Approve => "approve",
            Verdict::Block => "block",
            Verdict::Error => "error",
        })
    }
}

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every bundle approved.
    Approve = 0,
    /// At least one bundle blocked.
    Block = 1,
    /// Bad input, bad policy or internal failure: never an approval.
    Error = 2,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// Where a finding points: the one [`crate::error::Location`] (file relative to the bundle,
/// line, column, JSON pointer).
pub use crate::error::Location as FindingLocation;

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule_id: String,
    pub level: Level,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub controls: Vec<String>,
    pub remediation: String,
    /// Rego package, e.g. `data.modelgate.gdpr`.
    pub package: String,
    pub location: FindingLocation,
    /// What the finding is about (a dataset, section, component), for waivers and grouping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The level the policy gave (`deny` or `warn` set); `level` is what applied after enforcement.
    pub declared_level: Level,
    /// The enforcement entry of the configuration that changed the level, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<String>,
    /// Why the level differs from the policy's because of the rule's legal regime: not yet in
    /// force at the decision time (a deny warns) or no longer in force (off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<String>,
    /// The waiver that accepts this finding; a waived finding does not block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<AppliedWaiver>,
}

/// Where a finding stands after enforcement and waivers: the one answer every renderer, the
/// record and the webhook show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingStatus {
    /// A deny no waiver accepts: the release is blocked.
    Blocking,
    /// A deny whose waiver has expired: blocking again, and said so.
    WaiverExpired,
    /// Accepted by a valid waiver: does not block.
    Waived,
    /// A warning: reported, never blocking.
    Warning,
    /// Turned off by an enforcement entry or an ended regime: kept, not counted.
    Off,
}

impl FindingStatus {
    /// Machine name: `blocking`, `waiver-expired`, `waived`, `warning`, `off`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Blocking => "blocking",
            FindingStatus::WaiverExpired => "waiver-expired",
            FindingStatus::Waived => "waived",
            FindingStatus::Warning => "warning",
            FindingStatus::Off => "off",
        }
    }

    /// The status of a finding at `level` whose waiver, if one matched, has `waiver_expired`:
    /// a valid waiver accepts a deny or a warning; an expired one leaves a deny blocking; an
    /// `off` finding has no waiver (none is applied to it).
    pub fn of(level: Level, waiver_expired: Option<bool>) -> FindingStatus {
        match (level, waiver_expired) {
            (Level::Off, _) => FindingStatus::Off,
            (_, Some(false)) => FindingStatus::Waived,
            (Level::Deny, Some(true)) => FindingStatus::WaiverExpired,
            (Level::Deny, None) => FindingStatus::Blocking,
            (Level::Warn, _) => FindingStatus::Warning,
        }
    }

    /// Whether a finding in this status blocks the release.
    pub fn blocks(self) -> bool {
        matches!(self, FindingStatus::Blocking | FindingStatus::WaiverExpired)
    }
}

impl Finding {
    /// Where the finding stands after enforcement and waivers.
    pub fn status(&self) -> FindingStatus {
        FindingStatus::of(self.level, self.waiver.as_ref().map(|w| w.expired))
    }

    /// True when the finding blocks the release: a deny that no valid waiver accepts.
    pub fn blocks(&self) -> bool {
        self.status().blocks()
    }
}

/// A waiver that matched a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AppliedWaiver {
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
    /// An expired waiver no longer applies: the finding blocks again.
    pub expired: bool,
    /// Where the waiver is written (file:line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A piece of evidence the decision rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    pub kind: String,
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub size: u64,
}

/// A bundle's operations evidence (`input.operations`) with the manifest's model name, which
/// the alert rules' `model` matchers are compared with.
#[derive(Debug, Clone, Default)]
pub struct OperationsEvidence {
    /// `metadata.name` of the manifest, when it states one.
    pub model: Option<String>,
    pub operations: crate::input::Operations,
}

/// The result for one bundle.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BundleReport {
    /// The bundle path as given.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub verdict: Verdict,
    /// `manifest` or `convention`.
    pub discovery: String,
    pub evidence: Vec<Evidence>,
    /// Sorted: deny before warn, then by severity (highest first), rule id, file, line.
    pub findings: Vec<Finding>,
    /// The bundle's signatures and what their verification found (who signed, or why not).
    #[serde(default)]
    pub signatures: Vec<crate::input::Signature>,
    /// Adversarial robustness results, for reports that chart them.
    #[serde(default)]
    pub robustness: Vec<crate::input::Robustness>,
    /// Operations evidence, for the HTML report's operations section. Not serialized: the JSON
    /// report and decision records keep their shape, and `modelgate input` shows it in full.
    #[serde(skip)]
    pub operations: Option<OperationsEvidence>,
    /// Why the bundle could not be evaluated (verdict `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The same, as one coded, located diagnostic per problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

impl BundleReport {
    /// The counts of this bundle's findings (`bundles` is 1; `approved`, `blocked` or `errors`
    /// is 1 by its verdict).
    pub fn summary(&self) -> Summary {
        let mut s = Summary::of_findings(&self.findings);
        s.bundles = 1;
        match self.verdict {
            Verdict::Approve => s.approved = 1,
            Verdict::Block => s.blocked = 1,
            Verdict::Error => s.errors = 1,
        }
        s
    }

    /// "name version" as the manifest or card states them (empty when neither names it).
    pub fn identity(&self) -> String {
        match (&self.name, &self.version) {
            (Some(n), Some(v)) => format!("{n} {v}"),
            (Some(n), None) => n.clone(),
            _ => String::new(),
        }
    }

    /// "risk tier T, environment" as declared, when either is.
    pub fn context(&self) -> Option<String> {
        let mut extra = Vec::new();
        if let Some(t) = &self.risk_tier {
            extra.push(format!("risk tier {t}"));
        }
        if let Some(e) = &self.environment {
            extra.push(e.clone());
        }
        (!extra.is_empty()).then(|| extra.join(", "))
    }

    /// A bundle with nothing loaded: no name, evidence or findings (where an errored bundle's
    /// report starts).
    pub fn empty(verdict: Verdict) -> Self {
        BundleReport {
            path: String::new(),
            name: None,
            version: None,
            risk_tier: None,
            environment: None,
            verdict,
            discovery: String::new(),
            evidence: Vec::new(),
            findings: Vec::new(),
            signatures: Vec::new(),
            robustness: Vec::new(),
            operations: None,
            error: None,
            diagnostics: Vec::new(),
        }
    }
}

/// What a finding is about: one bundle, or the run itself. Run-level findings (waivers that
/// expired, matched nothing or are not trusted; changes to the gate's own configuration) are
/// [`Report::findings`], and every format gives them a home: the text and Markdown "the run"
/// section, JSON `findings`, the JUnit suite "modelgate run", SARIF results without a
/// `bundle` property, Code Quality issues at the configuration file, the HTML "The run"
/// section.
#[derive(Debug, Clone, Copy)]
pub enum FindingScope<'a> {
    Bundle(&'a BundleReport),
    Run,
}

impl FindingScope<'_> {
    /// The bundle path as given; empty for the run.
    pub fn path(&self) -> &str {
        match self {
            FindingScope::Bundle(b) => &b.path,
            FindingScope::Run => "",
        }
    }

    /// Whether the scope is a bundle with a manifest (a finding about the bundle as a whole
    /// is then shown at the manifest).
    pub fn has_manifest(&self) -> bool {
        matches!(self, FindingScope::Bundle(b) if b.discovery == "manifest")
    }
}

/// Counts over the run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub bundles: usize,
    pub approved: usize,
    pub blocked: usize,
    pub errors: usize,
    /// Deny findings that block (not waived, or their waiver expired).
    pub deny: usize,
    /// Warnings no valid waiver accepts.
    pub warn: usize,
    /// Findings accepted by a valid waiver.
    pub waived: usize,
    /// Findings turned off by an enforcement entry (kept, not counted).
    #[serde(default)]
    pub off: usize,
}

impl Summary {
    /// Finding counts by status: `deny` counts blocking findings (an expired waiver blocks),
    /// `waived` those a valid waiver accepts, `warn` warnings no waiver accepts, `off` those
    /// turned off.
    pub fn of_findings(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.status() {
                FindingStatus::Blocking | FindingStatus::WaiverExpired => s.deny += 1,
                FindingStatus::Waived => s.waived += 1,
                FindingStatus::Warning => s.warn += 1,
                FindingStatus::Off => s.off += 1,
            }
        }
        s
    }
}

/// Which bundles a run judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Every bundle asked for: none at all is an error, and a waiver that matched no finding
    /// is reported as unused.
    All,
    /// Only the bundles a change touched (`check --base`): none at all approves unless a
    /// finding about the run blocks, and a waiver for an unchanged bundle is not unused.
    Changed,
}

/// The complete result of a run (`schemas/report.schema.json`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Always `modelgate.dev/report/v1`.
    pub report_version: String,
    pub tool_version: String,
    /// RFC 3339 time the decision was made (fixed by `--now`).
    pub time: String,
    /// sha256 over the policies and data evaluated.
    pub policy_digest: String,
    pub verdict: Verdict,
    pub summary: Summary,
    pub bundles: Vec<BundleReport>,
    /// Rules evaluated (metadata of every annotated rule).
    pub rules: Vec<RuleMeta>,
    /// Findings about the run itself: waivers that expired, matched nothing or are not
    /// trusted, and changes to the gate's own configuration (`--base`).
    pub findings: Vec<Finding>,
    /// The effective configuration: extra policies and data, enforcement, waivers.
    pub configuration: Configuration,
    /// The legal regimes of the rules evaluated, and whether each was in force at `time`.
    #[serde(default)]
    pub regimes: Vec<crate::regime::RegimeStatus>,
    /// The git repository the bundles are in, when they are in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<crate::git::GitInfo>,
}

impl Report {
    pub fn exit_status(&self) -> ExitStatus {
        match self.verdict {
            Verdict::Approve => ExitStatus::Approve,
            Verdict::Block => ExitStatus::Block,
            Verdict::Error => ExitStatus::Error,
        }
    }

    /// Builds the run report from per-bundle results; any error makes the run an error, and a
    /// blocking run-level finding blocks it. No bundle at all is an error, except in a run of
    /// the changed bundles only, which then approves unless a run-level finding blocks.
    pub fn new(
        time: String,
        policies: &PolicySet,
        config: &Config,
        bundles: Vec<BundleReport>,
        findings: Vec<Finding>,
        selection: Selection,
    ) -> Self {
        let mut summary = Summary {
            bundles: bundles.len(),
            ..Summary::default()
        };
        for b in &bundles {
            let s = b.summary();
            summary.approved += s.approved;
            summary.blocked += s.blocked;
            summary.errors += s.errors;
            summary.deny += s.deny;
            summary.warn += s.warn;
            summary.waived += s.waived;
            summary.off += s.off;
        }
        // Run-level findings count where they block or are off; their warnings (unused
        // waivers, configuration changes) are shown with the run, not in the bundle counts.
        let run = Summary::of_findings(&findings);
        summary.deny += run.deny;
        summary.off += run.off;
        let verdict = if summary.errors > 0 || (bundles.is_empty() && selection == Selection::All) {
            Verdict::Error
        } else if summary.blocked > 0 || findings.iter().any(Finding::blocks) {
            Verdict::Block
        } else {
            Verdict::Approve
        };
        let rules = policies.check_rules();
        let day = crate::time::parse(&time)
            .map(|t| t.date_naive())
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        Report {
            report_version: "modelgate.dev/report/v1".into(),
            tool_version: crate::TOOL_VERSION.into(),
            time,
            policy_digest: policy_digest(policies, config),
            verdict,
            summary,
            bundles,
            regimes: policies.calendar().statuses(&rules, day),
            rules,
            findings,
            configuration: Configuration::of(policies, config),
            git: None,
        }
    }
}
