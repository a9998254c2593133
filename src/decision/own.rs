//! modelgate's own findings, outside any policy: their ids, the [`DIAGNOSTICS`] table that
//! documents them for `explain`, and how one is made at its level.

use super::{Finding, FindingLocation};
use crate::config::Config;
use crate::policy::{Level, Severity};

/// Rule id used for findings whose rule has no `# METADATA` annotation (or no `id`): they are
/// kept, never dropped, and shown with the package they came from.
pub const UNANNOTATED: &str = "unannotated-rule";

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
