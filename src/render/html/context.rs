//! The template context: every value the templates show, prepared here so that they only lay
//! it out (verdicts and headlines, findings, evidence, signatures, waivers, robustness,
//! operations).

use super::charts::{area_chart, area_of, robustness_charts, AreaChart, LineChart};
use super::citations::{citations, group_findings, CitationGroup, RegulationGroup};
use super::operations::{operations_ctx, OperationsCtx};
use super::{human_size, percent, short_num, thousands};
use crate::decision::{AppliedWaiver, BundleReport, Finding, FindingStatus, Report, Verdict};
use crate::input::{Robustness, Signature};
use crate::policy::Level;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Ctx {
    title: String,
    verdict: Verdict,
    verdict_label: &'static str,
    headline: String,
    tool_version: String,
    report_version: String,
    time: String,
    policy_digest: String,
    summary: crate::decision::Summary,
    rules_total: usize,
    git: Option<GitCtx>,
    bundles: Vec<BundleCtx>,
    run_findings: Vec<FindingCtx>,
    /// What departs from the built-in library's defaults (extra policies, data, enforcement,
    /// waivers), one line each; empty for a default run.
    configuration: Vec<String>,
    /// The legal regimes of the rules, with their dates and whether each applied.
    regimes: Vec<crate::regime::RegimeStatus>,
}

#[derive(Serialize)]
struct GitCtx {
    repository: Option<String>,
    head: Option<String>,
    base: Option<String>,
    dirty: bool,
    changed: Vec<String>,
}

#[derive(Serialize)]
struct BundleCtx {
    anchor: String,
    path: String,
    name: Option<String>,
    version: Option<String>,
    risk_tier: Option<String>,
    environment: Option<String>,
    discovery: String,
    verdict: Verdict,
    verdict_label: &'static str,
    headline: String,
    error: Option<String>,
    blocking: usize,
    warnings: usize,
    waived: usize,
    /// Blocking findings, for the short list under the verdict.
    reasons: Vec<FindingRef>,
    groups: Vec<RegulationGroup>,
    /// Every article any finding cites, with the findings that cite it.
    citations: Vec<CitationGroup>,
    areas: AreaChart,
    robustness: Vec<RobustnessCtx>,
    /// Some robustness result has attacks (garak reports have probes only).
    attacks: bool,
    curves: Vec<LineChart>,
    probes: Vec<ProbeCtx>,
    evidence: Vec<EvidenceCtx>,
    evidence_bytes: String,
    signatures: Vec<SignatureCtx>,
    waivers: Vec<WaiverCtx>,
    /// The operations section, when the bundle ships operations evidence.
    operations: Option<OperationsCtx>,
}

#[derive(Serialize, Clone)]
pub(super) struct FindingRef {
    pub(super) anchor: String,
    number: usize,
    rule_id: String,
    title: String,
    status: &'static str,
}

#[derive(Serialize)]
pub(super) struct FindingCtx {
    pub(super) anchor: String,
    number: usize,
    pub(super) rule_id: String,
    title: String,
    message: String,
    level: Level,
    severity: crate::policy::Severity,
    /// `blocking`, `warning`, `waived` or `waiver-expired`.
    status: &'static str,
    status_label: &'static str,
    area: String,
    location: Option<String>,
    pointer: Option<String>,
    target: Option<String>,
    pub(super) controls: Vec<String>,
    remediation: String,
    enforcement: Option<String>,
    regime: Option<String>,
    declared_level: Level,
    waiver: Option<AppliedWaiver>,
}

#[derive(Serialize)]
struct EvidenceCtx {
    kind: String,
    path: String,
    format: String,
    size: String,
    bytes: String,
    sha256: String,
}

#[derive(Serialize)]
struct SignatureCtx {
    path: String,
    kind: String,
    verified: bool,
    identity: Option<String>,
    issuer: Option<String>,
    key_id: Option<String>,
    covers: usize,
    error: Option<String>,
    sha256: String,
}

#[derive(Serialize)]
struct WaiverCtx {
    anchor: String,
    number: usize,
    rule_id: String,
    target: Option<String>,
    approved_by: String,
    reason: String,
    expires: String,
    expired: bool,
    source: Option<String>,
}

#[derive(Serialize)]
struct RobustnessCtx {
    path: String,
    format: String,
    tool: Option<String>,
    date: Option<String>,
    model_sha256: Option<String>,
    clean_accuracy: Option<String>,
    attacks: Vec<AttackCtx>,
}

#[derive(Serialize)]
struct AttackCtx {
    name: String,
    threat_model: Option<String>,
    norm: Option<String>,
    epsilon: Option<String>,
    clean_accuracy: Option<String>,
    robust_accuracy: Option<String>,
    success_rate: Option<String>,
    samples: Option<u64>,
}

#[derive(Serialize)]
struct ProbeCtx {
    probe: String,
    detector: String,
    passed: u64,
    total: u64,
    failure_rate: String,
    /// Width of the failure bar, in percent of its cell.
    bar: String,
    failing: bool,
    path: String,
    line: usize,
}

fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Approve => "Approved",
        Verdict::Block => "Blocked",
        Verdict::Error => "Error",
    }
}

/// The finding's status as the page's CSS class and its label.
fn status_of(f: &Finding) -> (&'static str, &'static str) {
    let status = f.status();
    let label = match status {
        FindingStatus::Blocking => "blocking",
        FindingStatus::WaiverExpired => "blocking · waiver expired",
        FindingStatus::Waived => "waived",
        FindingStatus::Warning => "warning",
        FindingStatus::Off => "turned off by the configuration",
    };
    (status.as_str(), label)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn context(report: &Report) -> Ctx {
    let s = &report.summary;
    let headline = match report.verdict {
        Verdict::Approve => format!(
            "{} approved; no blocking findings",
            plural(s.bundles, "release", "releases")
        ),
        Verdict::Block => format!(
            "{} of {} blocked by {}",
            s.blocked,
            plural(s.bundles, "release", "releases"),
            plural(s.deny, "blocking finding", "blocking findings")
        ),
        Verdict::Error => format!(
            "{} of {} could not be evaluated; an error never approves",
            s.errors,
            plural(s.bundles, "release", "releases")
        ),
    };
    let title = match report.bundles.as_slice() {
        [b] => format!(
            "{} {} — modelgate audit report",
            verdict_label(report.verdict),
            identity(b)
        ),
        _ => format!("{} — modelgate audit report", verdict_label(report.verdict)),
    };
    let bundles = report
        .bundles
        .iter()
        .enumerate()
        .map(|(i, b)| bundle_ctx(report, b, i + 1))
        .collect();
    let run_findings = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding_ctx(f, &format!("run-f{}", i + 1), i + 1))
        .collect();
    Ctx {
        title,
        verdict: report.verdict,
        verdict_label: verdict_label(report.verdict),
        headline,
        tool_version: report.tool_version.clone(),
        report_version: report.report_version.clone(),
        time: report.time.clone(),
        policy_digest: report.policy_digest.clone(),
        summary: report.summary.clone(),
        rules_total: report.rules.len(),
        git: report.git.as_ref().map(|g| GitCtx {
            repository: g.repository.clone(),
            head: g.head.clone(),
            base: g.base.clone(),
            dirty: g.dirty,
            changed: g.changed.clone(),
        }),
        bundles,
        run_findings,
        configuration: if report.configuration.is_default() {
            Vec::new()
        } else {
            report.configuration.lines()
        },
        regimes: report.regimes.clone(),
    }
}

/// The bundle's name and version, or its path when it names neither.
fn identity(b: &BundleReport) -> String {
    let id = b.identity();
    if id.is_empty() {
        b.path.clone()
    } else {
        id
    }
}

fn bundle_ctx(report: &Report, b: &BundleReport, index: usize) -> BundleCtx {
    let anchor = format!("b{index}");
    let findings: Vec<FindingCtx> = b
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding_ctx(f, &format!("{anchor}-f{}", i + 1), i + 1))
        .collect();
    let counts = b.summary();
    let (blocking, warnings, waived) = (counts.deny, counts.warn, counts.waived);
    let headline = match b.verdict {
        Verdict::Approve => {
            let mut s = "No blocking findings".to_string();
            let mut extra = Vec::new();
            if warnings > 0 {
                extra.push(plural(warnings, "warning", "warnings"));
            }
            if waived > 0 {
                extra.push(format!("{waived} waived"));
            }
            if !extra.is_empty() {
                s.push_str(&format!(" ({})", extra.join(", ")));
            }
            s
        }
        Verdict::Block => format!("Blocked by {}", plural(blocking, "finding", "findings")),
        Verdict::Error => "The release could not be evaluated".to_string(),
    };
    let reasons = b
        .findings
        .iter()
        .zip(&findings)
        .filter(|(f, _)| f.blocks())
        .map(|(_, c)| finding_ref(c))
        .collect();
    let citations = citations(&findings);
    let operations = operations_ctx(b.operations.as_ref(), &findings);
    let areas = area_chart(report, b);
    let curves = robustness_charts(&b.robustness);
    let probes = probes(&b.robustness);
    let robustness = b.robustness.iter().map(robustness_ctx).collect();
    let waivers = findings
        .iter()
        .filter_map(|f| {
            f.waiver.as_ref().map(|w| WaiverCtx {
                anchor: f.anchor.clone(),
                number: f.number,
                rule_id: f.rule_id.clone(),
                target: f.target.clone(),
                approved_by: w.approved_by.clone(),
                reason: w.reason.clone(),
                expires: w.expires.clone(),
                expired: w.expired,
                source: w.source.clone(),
            })
        })
        .collect();
    let total: u64 = b.evidence.iter().map(|e| e.size).sum();
    BundleCtx {
        anchor,
        path: b.path.clone(),
        name: b.name.clone(),
        version: b.version.clone(),
        risk_tier: b.risk_tier.clone(),
        environment: b.environment.clone(),
        discovery: b.discovery.clone(),
        verdict: b.verdict,
        verdict_label: verdict_label(b.verdict),
        headline,
        error: b.error.clone(),
        blocking,
        warnings,
        waived,
        reasons,
        groups: group_findings(findings),
        citations,
        areas,
        attacks: b.robustness.iter().any(|r| !r.attacks.is_empty()),
        robustness,
        curves,
        probes,
        evidence: b
            .evidence
            .iter()
            .map(|e| EvidenceCtx {
                kind: e.kind.clone(),
                path: e.path.clone(),
                format: e.format.clone(),
                size: human_size(e.size),
                bytes: thousands(e.size),
                sha256: e.sha256.clone(),
            })
            .collect(),
        evidence_bytes: human_size(total),
        signatures: b.signatures.iter().map(signature_ctx).collect(),
        waivers,
        operations,
    }
}

fn finding_ctx(f: &Finding, anchor: &str, number: usize) -> FindingCtx {
    let (status, status_label) = status_of(f);
    let location = f.location.file.as_ref().map(|file| match f.location.line {
        Some(l) => format!("{file}:{l}"),
        None => file.clone(),
    });
    FindingCtx {
        anchor: anchor.to_string(),
        number,
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        message: f.message.clone(),
        level: f.level,
        severity: f.severity,
        status,
        status_label,
        area: area_of(&f.package),
        location,
        pointer: f.location.pointer.clone().filter(|p| !p.is_empty()),
        target: f.target.clone(),
        controls: f.controls.clone(),
        remediation: f.remediation.clone(),
        enforcement: f.enforcement.clone(),
        regime: f.regime.clone(),
        declared_level: f.declared_level,
        waiver: f.waiver.clone(),
    }
}

pub(super) fn finding_ref(f: &FindingCtx) -> FindingRef {
    FindingRef {
        anchor: f.anchor.clone(),
        number: f.number,
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        status: f.status,
    }
}

fn signature_ctx(s: &Signature) -> SignatureCtx {
    let kind = match s.kind.as_str() {
        "oms" => "OpenSSF Model Signing",
        "sigstore-bundle" => "Sigstore bundle",
        "dsse" => "DSSE envelope",
        other => other,
    };
    let signer = s.signer.clone().unwrap_or_default();
    SignatureCtx {
        path: s.source.path.clone(),
        kind: kind.to_string(),
        verified: s.verified,
        identity: signer.identity,
        issuer: signer.issuer,
        key_id: signer.key_id,
        covers: s.covers.len(),
        error: s.error.clone(),
        sha256: s.source.sha256.clone(),
    }
}

fn robustness_ctx(r: &Robustness) -> RobustnessCtx {
    RobustnessCtx {
        path: r.source.path.clone(),
        format: r.format.clone(),
        tool: match (&r.tool, &r.tool_version) {
            (Some(t), Some(v)) => Some(format!("{t} {v}")),
            (Some(t), None) => Some(t.clone()),
            _ => None,
        },
        date: r.date.clone(),
        model_sha256: r.model_sha256.clone(),
        clean_accuracy: r.clean_accuracy.map(percent),
        attacks: r
            .attacks
            .iter()
            .map(|a| AttackCtx {
                name: a.name.clone(),
                threat_model: a.threat_model.clone(),
                norm: a.norm.clone(),
                epsilon: a.epsilon.map(short_num),
                clean_accuracy: a.clean_accuracy.or(r.clean_accuracy).map(percent),
                robust_accuracy: a.robust_accuracy.map(percent),
                success_rate: a.success_rate.map(percent),
                samples: a.samples,
            })
            .collect(),
    }
}

fn probes(results: &[Robustness]) -> Vec<ProbeCtx> {
    let mut out = Vec::new();
    for r in results {
        for p in &r.probes {
            let rate = if p.failure_rate.is_finite() {
                p.failure_rate.clamp(0.0, 1.0)
            } else {
                0.0
            };
            out.push(ProbeCtx {
                probe: p.probe.clone(),
                detector: p.detector.clone(),
                passed: p.passed,
                total: p.total,
                failure_rate: percent(rate),
                bar: format!("{:.1}", rate * 100.0),
                failing: p.passed < p.total,
                path: r.source.path.clone(),
                line: p.line,
            });
        }
    }
    out
}
