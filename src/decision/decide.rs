//! The decide step: raw policy findings joined to their rule metadata, with the legal regime,
//! enforcement entries and waivers applied, into one bundle's report.

use super::own::UNANNOTATED;
use super::waivers::apply_waivers;
use super::{BundleReport, Evidence, Finding, FindingLocation, Verdict};
use crate::config::Config;
use crate::input::{Input, Source};
use crate::policy::{Level, PolicySet, RawFinding, Severity};
use chrono::NaiveDate;

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
        operations: operations_of(input),
        error: None,
        diagnostics: Vec::new(),
    }
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

/// The operations evidence, when the bundle ships any.
fn operations_of(input: &Input) -> Option<super::OperationsEvidence> {
    let ops = &input.operations;
    let any = ops.plan.is_some()
        || !ops.alerts.is_empty()
        || !ops.rollouts.is_empty()
        || !ops.drift.is_empty();
    any.then(|| super::OperationsEvidence {
        model: input.manifest.name.clone(),
        operations: ops.clone(),
    })
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
    for s in &input.operations.files {
        push("operations", s);
    }
    // The record of the release a rollback returns to: what the plan relies on.
    if let Some(s) = input
        .operations
        .rollback_target
        .as_ref()
        .and_then(|t| t.source.as_ref())
    {
        push("record", s);
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
    let number = |key: &str| {
        v.get(key)
            .and_then(|n| n.as_u64())
            .filter(|n| *n > 0)
            .and_then(|n| usize::try_from(n).ok())
    };
    let location = FindingLocation {
        file: get_str("file"),
        line: number("line"),
        column: number("column"),
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
