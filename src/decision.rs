//! The decision stage: findings joined to their rule metadata, a verdict per bundle and for the
//! run, and the exit code. Every renderer reads this one [`Report`].

use crate::config::Config;
use crate::input::{Input, Source};
use crate::policy::{Level, PolicySet, RawFinding, RuleMeta, Severity};
use chrono::NaiveDate;
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

/// Where a finding points.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingLocation {
    /// Evidence file, relative to the bundle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// JSON pointer inside the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

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

impl std::fmt::Display for FindingLocation {
    /// `file:line pointer`, each part only when known; empty when nothing is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut sep = "";
        if let Some(file) = &self.file {
            f.write_str(file)?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
            }
            sep = " ";
        } else if let Some(l) = self.line {
            write!(f, "line {l}")?;
            sep = " ";
        }
        if let Some(p) = &self.pointer {
            write!(f, "{sep}{p}")?;
        }
        Ok(())
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

/// A file that shaped the decision, by path and content digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

/// The effective configuration of a run: everything besides the evidence that changes what a
/// rule says or whether it counts. Shown in every report format and the decision record, and
/// covered by the policy digest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Configuration {
    /// The built-in policy library was evaluated (`--no-builtin` turns it off).
    pub builtin_policies: bool,
    /// Policy modules added with `--policy`.
    pub policies: Vec<FileDigest>,
    /// `--data` documents and every value each sets.
    pub data: Vec<crate::policy::DataSource>,
    /// The configuration file (`--config`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<FileDigest>,
    /// `--waivers` files.
    pub waiver_files: Vec<FileDigest>,
    /// Enforcement entries, in order (the last matching one decides a finding's level).
    pub enforcement: Vec<crate::config::Enforcement>,
    /// Every waiver given, applied or not.
    pub waivers: Vec<crate::config::Waiver>,
    /// Waivers count only when signed by one of these keys (key ids); empty: not required.
    pub waiver_keys: Vec<String>,
    /// The organisation's facts (`organisation:` of the configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<crate::bundle::obligations::Organisation>,
}

impl Configuration {
    /// The configuration of a run of `policies` under `config`.
    pub fn of(policies: &PolicySet, config: &Config) -> Self {
        let digest = |(p, s): &(String, String)| FileDigest {
            path: p.clone(),
            sha256: s.clone(),
        };
        Configuration {
            builtin_policies: policies.has_builtin(),
            policies: policies
                .modules
                .iter()
                .filter(|m| !m.builtin && !m.is_test)
                .map(|m| FileDigest {
                    path: m.name.clone(),
                    sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(m.text.as_bytes())),
                })
                .collect(),
            data: policies.data_sources.clone(),
            config: config.sources.config.as_ref().map(digest),
            waiver_files: config.sources.waivers.iter().map(digest).collect(),
            enforcement: config.enforcement.clone(),
            waivers: config.waivers.clone(),
            waiver_keys: config.waiver_key_ids.clone(),
            organisation: config.organisation.clone(),
        }
    }

    /// Nothing changes the built-in library's verdicts: no extra policies or data, no
    /// enforcement changes, no waivers.
    pub fn is_default(&self) -> bool {
        self.builtin_policies
            && self.policies.is_empty()
            && self.data.is_empty()
            && self.enforcement.is_empty()
            && self.waivers.is_empty()
            && self.organisation.is_none()
    }

    /// One line per element that departs from the built-in library's defaults, for the text,
    /// Markdown and JUnit renderers.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.builtin_policies {
            out.push("built-in policies: off (--no-builtin)".to_string());
        }
        if let Some(c) = &self.config {
            out.push(format!(
                "configuration: {} (sha256 {})",
                c.path,
                short_digest(&c.sha256)
            ));
        }
        if let Some(o) = &self.organisation {
            out.push(format!(
                "organisation: {}",
                serde_json::to_string(o).unwrap_or_default()
            ));
        }
        for p in &self.policies {
            out.push(format!(
                "policy: {} (sha256 {})",
                p.path,
                short_digest(&p.sha256)
            ));
        }
        for d in &self.data {
            out.push(format!(
                "data: {} (sha256 {}) sets {}",
                d.path,
                short_digest(&d.sha256),
                if d.sets.is_empty() {
                    "nothing".to_string()
                } else {
                    d.sets.join(", ")
                }
            ));
        }
        for (i, e) in self.enforcement.iter().enumerate() {
            let envs = if e.environments.is_empty() {
                "every environment".to_string()
            } else {
                e.environments.join(", ")
            };
            out.push(format!(
                "enforcement[{i}]: {} is {} in {envs}",
                e.rule,
                enforcement_level(e.level)
            ));
        }
        for f in &self.waiver_files {
            out.push(format!(
                "waivers: {} (sha256 {})",
                f.path,
                short_digest(&f.sha256)
            ));
        }
        if !self.waivers.is_empty() {
            out.push(format!(
                "waivers: {} given{}",
                self.waivers.len(),
                if self.waiver_keys.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", each must be signed by one of {} waiver key(s)",
                        self.waiver_keys.len()
                    )
                }
            ));
        }
        out
    }
}

fn enforcement_level(l: crate::config::EnforcementLevel) -> &'static str {
    match l {
        crate::config::EnforcementLevel::Deny => "deny",
        crate::config::EnforcementLevel::Warn => "warn",
        crate::config::EnforcementLevel::Off => "off",
    }
}

fn short_digest(d: &str) -> &str {
    d.get(..12).unwrap_or(d)
}

/// The digest a run's report and record name: the policies and data evaluated, the built-in
/// flag, the enforcement entries and the waivers (by content, not by where the files are), so
/// that two runs whose effective configuration differs never show the same digest.
pub fn policy_digest(policies: &PolicySet, config: &Config) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(policies.digest().as_bytes());
    h.update([0]);
    h.update(if policies.has_builtin() {
        b"builtin" as &[u8]
    } else {
        b"no-builtin"
    });
    h.update([0]);
    let mut effective = serde_json::json!({
        "enforcement": config.enforcement,
        "waivers": config.waivers.iter().map(|w| String::from_utf8_lossy(&w.payload()).into_owned()).collect::<Vec<_>>(),
        "waiverKeys": config.waiver_key_ids,
    });
    // Added only when given, so that digests of runs without it stay as they were.
    if let Some(o) = &config.organisation {
        effective["organisation"] = serde_json::to_value(o).unwrap_or_default();
    }
    h.update(effective.to_string().as_bytes());
    hex::encode(h.finalize())
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

/// Rule id used for findings whose rule has no `# METADATA` annotation (or no `id`): they are
/// kept, never dropped, and shown with the package they came from.
pub const UNANNOTATED: &str = "unannotated-rule";

/// Joins raw findings to rule metadata, applies enforcement levels and waivers, and decides one
/// bundle. `used` counts, per waiver of `config`, the findings it matched.
pub fn decide(
    path: &str,
    input: &Input,
    raw: Vec<RawFinding>,
    policies: &PolicySet,
    config: &Config,
    today: NaiveDate,
    used: &mut [usize],
) -> BundleReport {
    let env = input.manifest.environment.as_deref();
    let release = input
        .manifest
        .name
        .as_deref()
        .or_else(|| input.model.as_ref().and_then(|m| m.name.as_deref()));
    let mut findings: Vec<Finding> = Vec::new();
    let calendar = policies.calendar();
    for r in raw {
        let mut f = to_finding(r, policies);
        // The law as it stands on the decision date; an enforcement entry, the organisation's
        // explicit choice, still overrides it below.
        let regime = policies.rule(&f.rule_id).and_then(|m| m.regime.as_deref());
        match calendar.in_force(regime, today) {
            crate::regime::InForce::Yes => {}
            crate::regime::InForce::NotYet(from) => {
                let title = calendar.title(regime.unwrap_or_default());
                f.regime = Some(format!("{title}: applies from {from}"));
                if f.level == Level::Deny {
                    f.level = Level::Warn;
                }
            }
            crate::regime::InForce::Ended(until) => {
                let title = calendar.title(regime.unwrap_or_default());
                f.regime = Some(format!("{title}: no longer applies since {until}"));
                f.level = Level::Off;
            }
        }
        if let Some((level, i)) = config.level_for(&f.rule_id, env) {
            let level = Option::<Level>::from(level).unwrap_or(Level::Off);
            if level != f.level {
                let e = &config.enforcement[i];
                let envs = if e.environments.is_empty() {
                    "every environment".to_string()
                } else {
                    e.environments.join(", ")
                };
                f.enforcement = Some(format!("enforcement[{i}]: {} is {level} in {envs}", e.rule));
                f.level = level;
            }
        }
        if f.level != Level::Off {
            apply_waivers(&mut f, config, release, today, used);
        }
        findings.push(f);
    }
    findings.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then(b.severity.cmp(&a.severity))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
            .then_with(|| a.location.file.cmp(&b.location.file))
            .then_with(|| a.location.line.cmp(&b.location.line))
            .then_with(|| a.message.cmp(&b.message))
    });
    findings.dedup();
    let verdict = if findings.iter().any(Finding::blocks) {
        Verdict::Block
    } else {
        Verdict::Approve
    };
    BundleReport {
        path: path.to_string(),
        name: input
            .manifest
            .name
            .clone()
            .or_else(|| input.model.as_ref().and_then(|m| m.name.clone())),
        version: input
            .manifest
            .version
            .clone()
            .or_else(|| input.model.as_ref().and_then(|m| m.version.clone())),
        risk_tier: input.manifest.risk_tier.clone(),
        environment: input.manifest.environment.clone(),
        verdict,
        discovery: input.discovery.mode.clone(),
        evidence: evidence_of(input),
        findings,
        signatures: input.signatures.clone(),
        robustness: input.robustness.clone(),
        error: None,
        diagnostics: Vec::new(),
    }
}

/// Matches `f` against every waiver; the last valid one wins, an expired one is kept as such so
/// the report says why the finding blocks again.
fn apply_waivers(
    f: &mut Finding,
    config: &Config,
    release: Option<&str>,
    today: NaiveDate,
    used: &mut [usize],
) {
    for (i, w) in config.waivers.iter().enumerate() {
        let target_ok = match (&w.target, &f.target) {
            (None, _) => true,
            (Some(p), Some(t)) => crate::config::glob_match(p, t),
            (Some(_), None) => false,
        };
        let release_ok = w.release.as_deref().is_none_or(|r| Some(r) == release);
        if w.rule != f.rule_id || !target_ok || !release_ok {
            continue;
        }
        used[i] += 1;
        // Reported once per waiver by waiver_findings; the finding keeps its level.
        if !w.trusted() || too_long(w, config, today) {
            continue;
        }
        let expired = w.expiry().is_none_or(|d| today > d);
        if f.waiver
            .as_ref()
            .is_none_or(|prev| prev.expired || !expired)
        {
            f.waiver = Some(AppliedWaiver {
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires: w.expires.clone(),
                expired,
                source: w.file.as_ref().map(|file| match w.line {
                    Some(l) => format!("{file}:{l}"),
                    None => file.clone(),
                }),
            });
        }
    }
}

/// The waiver runs past `limits.maxWaiverDays` from the decision date.
fn too_long(w: &crate::config::Waiver, config: &Config, today: NaiveDate) -> bool {
    let max = i64::try_from(config.limits.max_waiver_days).unwrap_or(i64::MAX);
    w.expiry().is_some_and(|d| (d - today).num_days() > max)
}

/// A bundle that could not be evaluated.
pub fn errored(path: &str, error: &crate::Error) -> BundleReport {
    BundleReport {
        path: path.to_string(),
        error: Some(error.to_string()),
        diagnostics: crate::diagnostic::Diagnostic::of(error),
        ..BundleReport::empty(Verdict::Error)
    }
}

fn evidence_of(input: &Input) -> Vec<Evidence> {
    let mut out = Vec::new();
    let mut push = |kind: &str, s: &Source| {
        out.push(Evidence {
            kind: kind.into(),
            path: s.path.clone(),
            format: s.format.clone(),
            sha256: s.sha256.clone(),
            size: s.size,
        })
    };
    if let Some(s) = &input.manifest.source {
        push("manifest", s);
    }
    if let Some(m) = &input.model {
        push("model_card", &m.source);
    }
    for d in &input.datasets {
        push("dataset", &d.source);
    }
    for s in &input.sboms {
        push("sbom", &s.source);
    }
    for r in &input.robustness {
        push("robustness", &r.source);
    }
    for s in &input.signatures {
        push("signature", &s.source);
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in &input.provenance {
        // A .intoto.jsonl holds several statements: one evidence entry per file.
        if seen.insert(p.source.path.clone()) {
            push("provenance", &p.source);
        }
    }
    for a in &input.artifacts {
        out.push(Evidence {
            kind: "artifact".into(),
            path: a.path.clone(),
            format: a.format.clone().unwrap_or_else(|| "file".into()),
            sha256: a.sha256.clone(),
            size: a.size,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn to_finding(raw: RawFinding, policies: &PolicySet) -> Finding {
    let v = &raw.value;
    let get_str = |k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let id = get_str("id");
    let meta = id.as_deref().and_then(|id| policies.rule(id));
    let message = get_str("msg").unwrap_or_else(|| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let location = FindingLocation {
        file: get_str("file"),
        line: v.get("line").and_then(|l| l.as_u64()).filter(|l| *l > 0),
        pointer: get_str("pointer"),
    };
    let target = get_str("target");
    // The set the finding came from decides its level, whatever the annotation says.
    let (rule_id, severity, title, controls, remediation) = match meta {
        Some(m) => (m.id.clone(), m.severity, m.title.clone(), m.controls.clone(), m.remediation.clone()),
        None => (
            id.unwrap_or_else(|| UNANNOTATED.to_string()),
            if raw.level == Level::Deny { Severity::High } else { Severity::Medium },
            format!("{} rule of {} without METADATA", raw.level, raw.package),
            Vec::new(),
            "Add a `# METADATA` annotation with custom.id to the rule and put that id in its findings.".into(),
        ),
    };
    Finding {
        rule_id,
        level: raw.level,
        severity,
        title,
        message,
        controls,
        remediation,
        package: format!("data.{}", raw.package),
        location,
        target,
        declared_level: raw.level,
        enforcement: None,
        regime: None,
        waiver: None,
    }
}

/// Rule ids of the findings modelgate itself makes about waivers and the run (documented for
/// `explain`).
pub const WAIVER_EXPIRED: &str = "waiver-expired";
pub const WAIVER_UNUSED: &str = "waiver-unused";
pub const WAIVER_UNSIGNED: &str = "waiver-unsigned";
pub const WAIVER_TOO_LONG: &str = "waiver-too-long";
pub const CHANGE_GATE_CONFIG: &str = "change-gate-config";
pub const CHANGE_MANIFEST_REMOVED: &str = "change-manifest-removed";
pub const CHANGE_BUNDLE_REMOVED: &str = "change-bundle-removed";

/// The findings modelgate makes itself, outside any policy: (id, title, description, default
/// level, severity).
pub const DIAGNOSTICS: &[(&str, &str, &str, Level, Severity)] = &[
    (
        WAIVER_EXPIRED,
        "Waiver has expired",
        "A waiver whose `expires` date has passed still matched a finding. It no longer applies: \
         the finding blocks again. Renew the waiver with a new approval and date, or fix the finding.",
        Level::Warn,
        Severity::Low,
    ),
    (
        WAIVER_UNUSED,
        "Waiver matches no finding",
        "A waiver matched no finding of any checked bundle: its rule id, target or release is wrong, \
         or the finding was fixed. Delete it or correct it, so that accepted risks stay accurate.",
        Level::Warn,
        Severity::Low,
    ),
    (
        WAIVER_UNSIGNED,
        "Waiver is not signed by a waiver key",
        "The configuration names waiver keys (`trust.waiverKeys`), so a waiver counts only with a \
         valid signature by one of them over its rule, target, release, reason, approver and expiry \
         (`modelgate waiver sign`). This one has none, or its signature does not verify (it was \
         edited after signing): it does not apply, and the findings it matched block.",
        Level::Warn,
        Severity::Medium,
    ),
    (
        WAIVER_TOO_LONG,
        "Waiver runs past the longest allowed lifetime",
        "A waiver expires more than `limits.maxWaiverDays` (default 365) days after the decision \
         date. An accepted risk is reviewed again within that time: the waiver does not apply until \
         it is renewed with a nearer expiry.",
        Level::Warn,
        Severity::Medium,
    ),
    (
        CHANGE_GATE_CONFIG,
        "The change modifies the gate's own configuration",
        "With `--base`, the configuration, waivers, policies, data and trusted keys are read from \
         the base revision, never from the change under review; a change to any of them is reported \
         here and blocks, so that a release author cannot approve their own release. Land the \
         configuration change on its own, reviewed by those who own the gate, then re-run.",
        Level::Deny,
        Severity::High,
    ),
    (
        CHANGE_MANIFEST_REMOVED,
        "A bundle's manifest was removed or moved",
        "With `--base`, a bundle whose `modelgate.yaml` existed at the base revision is gone at the \
         head while files of the bundle changed or remain. Its files are judged as found by \
         convention (risk tier high when undeclared), and the removal itself blocks: a deleted \
         manifest must not hide a change from the gate.",
        Level::Deny,
        Severity::High,
    ),
    (
        CHANGE_BUNDLE_REMOVED,
        "A bundle was removed",
        "With `--base`, a bundle that existed at the base revision is gone at the head with all its \
         files: the release is withdrawn. Reported so that the removal is seen; its decision records \
         stay valid until they expire.",
        Level::Warn,
        Severity::Info,
    ),
    (
        UNANNOTATED,
        "Finding of a rule without METADATA",
        "A policy produced a finding with no `id`, or with an id that no `# METADATA` annotation \
         declares. It is kept (deny findings still block) with default severity. Annotate the rule.",
        Level::Deny,
        Severity::High,
    ),
];

/// Findings about waivers: not trusted (unsigned where signatures are required), running past
/// the longest allowed lifetime, expired ones that still matched, and ones that matched nothing.
pub fn waiver_findings(
    config: &Config,
    today: NaiveDate,
    used: &[usize],
    selection: Selection,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, w) in config.waivers.iter().enumerate() {
        let expired = w.expiry().is_none_or(|d| today > d);
        let (id, title, message) = if let crate::config::Signed::Invalid(why) = &w.signed {
            (
                WAIVER_UNSIGNED,
                "Waiver is not signed by a waiver key",
                format!(
                    "waiver for {} ({}) approved by {} does not apply: {why}",
                    w.rule,
                    w.target.as_deref().unwrap_or("any target"),
                    w.approved_by
                ),
            )
        } else if too_long(w, config, today) {
            (
                WAIVER_TOO_LONG,
                "Waiver runs past the longest allowed lifetime",
                format!(
                    "waiver for {} approved by {} expires {}, more than {} days (limits.maxWaiverDays) after {today}: it does not apply",
                    w.rule, w.approved_by, w.expires, config.limits.max_waiver_days
                ),
            )
        } else if used[i] == 0 {
            (
                WAIVER_UNUSED,
                "Waiver matches no finding",
                format!(
                    "waiver for {} ({}) matched no finding: remove it or fix its rule/target",
                    w.rule,
                    w.target.as_deref().unwrap_or("any target")
                ),
            )
        } else if expired {
            (
                WAIVER_EXPIRED,
                "Waiver has expired",
                format!("waiver for {} approved by {} expired on {}: the findings it covered block again", w.rule, w.approved_by, w.expires),
            )
        } else {
            continue;
        };
        // A waiver for a bundle this run did not judge matched nothing here, and says nothing.
        if id == WAIVER_UNUSED && selection == Selection::Changed {
            continue;
        }
        out.push(run_finding(
            config,
            id,
            title,
            message,
            "Renew the waiver with a new approval and date (signed by a waiver key where required), fix the finding, or delete the waiver.",
            FindingLocation {
                file: w.file.clone(),
                line: w.line.map(|l| l as u64),
                pointer: None,
            },
            Some(w.rule.clone()),
        ));
    }
    out
}

/// A finding modelgate makes about the run itself (one of [`DIAGNOSTICS`]), at its default
/// level unless an enforcement entry of `config` changes it.
pub fn run_finding(
    config: &Config,
    id: &str,
    title: &str,
    message: String,
    remediation: &str,
    location: FindingLocation,
    target: Option<String>,
) -> Finding {
    let (declared, severity) = DIAGNOSTICS
        .iter()
        .find(|d| d.0 == id)
        .map(|d| (d.3, d.4))
        .unwrap_or((Level::Warn, Severity::Low));
    let mut f = Finding {
        rule_id: id.into(),
        level: declared,
        severity,
        title: title.into(),
        message,
        controls: vec![if id.starts_with("waiver-") {
            "modelgate waiver policy".into()
        } else {
            "modelgate gate integrity".into()
        }],
        remediation: remediation.into(),
        package: "modelgate".into(),
        location,
        target,
        declared_level: declared,
        enforcement: None,
        regime: None,
        waiver: None,
    };
    if let Some((level, i)) = config.level_for(id, None) {
        let level = Option::<Level>::from(level).unwrap_or(Level::Off);
        if level != f.level {
            f.enforcement = Some(format!(
                "enforcement[{i}]: {} is {level}",
                config.enforcement[i].rule
            ));
            f.level = level;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(level: Level, waiver_expired: Option<bool>) -> Finding {
        Finding {
            rule_id: "r".into(),
            level,
            severity: Severity::High,
            title: String::new(),
            message: String::new(),
            controls: Vec::new(),
            remediation: String::new(),
            package: String::new(),
            location: FindingLocation::default(),
            target: None,
            declared_level: level,
            enforcement: None,
            regime: None,
            waiver: waiver_expired.map(|expired| AppliedWaiver {
                reason: "accepted".into(),
                approved_by: "a@example.com".into(),
                expires: "2027-01-01".into(),
                expired,
                source: None,
            }),
        }
    }

    /// Every (level, waiver) pair has one status, and only a deny without a valid waiver blocks.
    #[test]
    fn status_table() {
        use FindingStatus::*;
        let cases = [
            (Level::Deny, None, Blocking),
            (Level::Deny, Some(true), WaiverExpired),
            (Level::Deny, Some(false), Waived),
            (Level::Warn, None, Warning),
            (Level::Warn, Some(false), Waived),
            (Level::Warn, Some(true), Warning),
            (Level::Off, None, Off),
        ];
        for (level, waiver, want) in cases {
            let f = finding(level, waiver);
            assert_eq!(f.status(), want, "{level} {waiver:?}");
            assert_eq!(f.blocks(), matches!(want, Blocking | WaiverExpired));
        }
        let all = [Blocking, WaiverExpired, Waived, Warning, Off];
        let names: std::collections::BTreeSet<&str> = all.iter().map(|s| s.as_str()).collect();
        assert_eq!(names.len(), all.len());
    }

    /// Each finding is counted once, by its status; a bundle's verdict counts it once.
    #[test]
    fn summaries_count_each_finding_once() {
        let mut b = BundleReport::empty(Verdict::Block);
        b.findings = vec![
            finding(Level::Deny, None),
            finding(Level::Deny, Some(true)),
            finding(Level::Deny, Some(false)),
            finding(Level::Warn, None),
            finding(Level::Warn, Some(false)),
            finding(Level::Off, None),
        ];
        let s = b.summary();
        assert_eq!(
            (s.bundles, s.blocked, s.deny, s.waived, s.warn, s.off),
            (1, 1, 2, 2, 1, 1)
        );
        assert_eq!(
            s.deny + s.waived + s.warn + s.off,
            b.findings.len(),
            "no finding counted twice"
        );
    }

    /// Codes of modelgate's own findings are unique and never a built-in rule's id, so that
    /// `explain CODE`, waivers and enforcement entries name one thing.
    #[test]
    fn diagnostic_codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for d in DIAGNOSTICS {
            assert!(seen.insert(d.0), "{} twice", d.0);
        }
        let builtin = PolicySet::builtin(false).unwrap();
        for r in &builtin.rules {
            assert!(
                !seen.contains(r.id.as_str()),
                "{} is a rule and a diagnostic",
                r.id
            );
        }
        assert!(
            seen.contains(UNANNOTATED),
            "findings of unannotated rules are explained"
        );
    }

    #[test]
    fn locations_display_what_is_known() {
        let at = |file: Option<&str>, line: Option<u64>, pointer: Option<&str>| {
            FindingLocation {
                file: file.map(str::to_string),
                line,
                pointer: pointer.map(str::to_string),
            }
            .to_string()
        };
        assert_eq!(at(Some("a.json"), Some(3), Some("/x/0")), "a.json:3 /x/0");
        assert_eq!(at(Some("a.json"), None, None), "a.json");
        assert_eq!(at(None, None, Some("/x")), "/x");
        assert_eq!(at(None, Some(2), None), "line 2");
        assert_eq!(at(None, None, None), "");
    }
}
