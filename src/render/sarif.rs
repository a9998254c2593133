//! SARIF 2.1.0 rendering of a [`Report`] for code-scanning dashboards (GitHub, GitLab, Azure):
//! every rule with its help and citations, findings located in their evidence file and line,
//! waived findings as accepted suppressions.

use crate::decision::{Finding, FindingScope, FindingStatus, Report, Verdict, DIAGNOSTICS};
use crate::policy::{Level, RuleMeta, Severity};
use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocationBuilder, InvocationBuilder, LocationBuilder, MessageBuilder,
    MultiformatMessageStringBuilder, NotificationBuilder, PhysicalLocationBuilder,
    PropertyBagBuilder, RegionBuilder, ReportingConfigurationBuilder, ReportingDescriptor,
    ReportingDescriptorBuilder, ResultBuilder, RunBuilder, Sarif, SarifBuilder, SuppressionBuilder,
    ToolBuilder, ToolComponentBuilder, VersionControlDetailsBuilder,
};
use std::collections::BTreeMap;

/// The schema URI GitHub and the SARIF validators expect in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The report as SARIF 2.1.0 JSON (one run, pretty-printed, deterministic). Only a missing
/// required field of a builder can fail, which is a bug of this module: an error, never a
/// half-written log.
pub fn sarif(report: &Report) -> Result<String, String> {
    let log = build(report)?;
    let mut s = serde_json::to_string_pretty(&log).map_err(err)?;
    s.push('\n');
    Ok(s)
}

type Built<T> = std::result::Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    format!("SARIF: {e}")
}

fn text(s: &str) -> Built<serde_sarif::sarif::Message> {
    MessageBuilder::default().text(s).build().map_err(err)
}

fn level_of(l: Level) -> Value {
    match l {
        Level::Deny => json!("error"),
        Level::Warn => json!("warning"),
        Level::Off => json!("none"),
    }
}

/// GitHub ranks code-scanning alerts by `security-severity` (a CVSS-like score as a string).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// `gdpr-lawful-basis` → `GdprLawfulBasis`: SARIF rule names are identifier-like.
fn pascal(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn area(package: &str) -> &str {
    package.rsplit('.').next().unwrap_or(package)
}

fn rule_descriptor(r: &RuleMeta) -> Built<ReportingDescriptor> {
    let mut md = format!("{}\n\n**Remediation:** {}\n", r.description, r.remediation);
    if !r.controls.is_empty() {
        md.push_str("\n**Controls:**\n");
        for c in &r.controls {
            md.push_str(&format!("- {c}\n"));
        }
    }
    md.push_str(&format!(
        "\nPolicy `{}` ({}:{}), level `{}`. Explain locally: `modelgate explain {}`.\n",
        r.package, r.file, r.line, r.level, r.id
    ));
    let mut plain = format!("{}\nRemediation: {}", r.description, r.remediation);
    if !r.controls.is_empty() {
        plain.push_str(&format!("\nControls: {}", r.controls.join("; ")));
    }
    let mut extra = BTreeMap::new();
    extra.insert(
        "security-severity".into(),
        json!(security_severity(r.severity)),
    );
    extra.insert("severity".into(), json!(r.severity.to_string()));
    extra.insert("controls".into(), json!(r.controls));
    extra.insert("package".into(), json!(r.package));
    extra.insert("precision".into(), json!("very-high"));
    extra.insert("problem.severity".into(), level_of(r.level));
    let props = PropertyBagBuilder::default()
        .tags(vec!["compliance".to_string(), area(&r.package).to_string()])
        .additional_properties(extra)
        .build()
        .map_err(err)?;
    ReportingDescriptorBuilder::default()
        .id(r.id.clone())
        .name(pascal(&r.id))
        .short_description(
            MultiformatMessageStringBuilder::default()
                .text(r.title.clone())
                .build()
                .map_err(err)?,
        )
        .full_description(
            MultiformatMessageStringBuilder::default()
                .text(r.description.clone())
                .build()
                .map_err(err)?,
        )
        .help(
            MultiformatMessageStringBuilder::default()
                .text(plain)
                .markdown(md)
                .build()
                .map_err(err)?,
        )
        .default_configuration(
            ReportingConfigurationBuilder::default()
                .level(level_of(r.level))
                .build()
                .map_err(err)?,
        )
        .properties(props)
        .build()
        .map_err(err)
}

fn diagnostic_descriptor(id: &str, title: &str, description: &str) -> Built<ReportingDescriptor> {
    ReportingDescriptorBuilder::default()
        .id(id.to_string())
        .name(pascal(id))
        .short_description(
            MultiformatMessageStringBuilder::default()
                .text(title.to_string())
                .build()
                .map_err(err)?,
        )
        .help(
            MultiformatMessageStringBuilder::default()
                .text(description.to_string())
                .markdown(description.to_string())
                .build()
                .map_err(err)?,
        )
        .properties(
            PropertyBagBuilder::default()
                .tags(vec!["compliance".to_string(), "modelgate".to_string()])
                .build()
                .map_err(err)?,
        )
        .build()
        .map_err(err)
}

/// A bundle-relative evidence path as a URI relative to the checkout root (`%SRCROOT%`), the
/// form code scanning needs to link a result to a file; a path outside the working folder
/// becomes a `file://` URI.
fn uri_of(bundle: &str, file: &str) -> (String, bool) {
    let joined = crate::render::repo_path(bundle, file);
    let encoded = percent_encode(&joined);
    if joined.starts_with('/') {
        (format!("file://{encoded}"), false)
    } else {
        (encoded, true)
    }
}

/// Encodes what RFC 3986 does not allow in a path, keeping `/`.
fn percent_encode(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

fn location(scope: FindingScope<'_>, f: &Finding) -> Built<serde_sarif::sarif::Location> {
    let (file, line) = crate::render::finding_file(scope, f);
    let (uri, relative) = uri_of(scope.path(), &file);
    let mut art = ArtifactLocationBuilder::default();
    art.uri(uri);
    if relative {
        art.uri_base_id("%SRCROOT%".to_string());
    }
    let mut phys = PhysicalLocationBuilder::default();
    phys.artifact_location(art.build().map_err(err)?);
    if let Some(l) = line.filter(|l| *l > 0) {
        phys.region(
            RegionBuilder::default()
                .start_line(l as i64)
                .build()
                .map_err(err)?,
        );
    }
    let mut loc = LocationBuilder::default();
    loc.physical_location(phys.build().map_err(err)?);
    if let Some(p) = &f.location.pointer {
        loc.message(text(&format!("at JSON pointer {p}"))?);
    }
    loc.build().map_err(err)
}

/// An evidence problem that stopped a bundle, as an error result located in its file, line and
/// column: code scanning shows it on the line that broke the evaluation.
fn diagnostic_result(
    b: &crate::decision::BundleReport,
    d: &crate::diagnostic::Diagnostic,
    index: &BTreeMap<&str, usize>,
) -> Built<serde_sarif::sarif::Result> {
    let (uri, relative) = uri_of("", d.file());
    let mut art = ArtifactLocationBuilder::default();
    art.uri(uri);
    if relative {
        art.uri_base_id("%SRCROOT%".to_string());
    }
    let mut phys = PhysicalLocationBuilder::default();
    phys.artifact_location(art.build().map_err(err)?);
    if let Some(l) = d.location.line.filter(|l| *l > 0) {
        let mut region = RegionBuilder::default();
        region.start_line(l as i64);
        if let Some(c) = d.location.column.filter(|c| *c > 0) {
            region.start_column(c as i64);
        }
        phys.region(region.build().map_err(err)?);
    }
    let mut loc = LocationBuilder::default();
    loc.physical_location(phys.build().map_err(err)?);
    if let Some(p) = &d.location.pointer {
        loc.message(text(&format!("at JSON pointer {p}"))?);
    }
    let mut extra = BTreeMap::new();
    extra.insert("bundle".into(), json!(b.path));
    let mut r = ResultBuilder::default();
    r.rule_id(d.code.as_str().to_string())
        .level(json!("error"))
        .message(text(&d.message)?)
        .locations(vec![loc.build().map_err(err)?])
        .partial_fingerprints(BTreeMap::from([(
            "modelgateFinding/v1".to_string(),
            crate::render::digest_of(&[
                d.code.as_str(),
                b.path.as_str(),
                d.file(),
                d.location.pointer.as_deref().unwrap_or(""),
            ]),
        )]))
        .properties(
            PropertyBagBuilder::default()
                .additional_properties(extra)
                .build()
                .map_err(err)?,
        );
    if let Some(i) = index.get(d.code.as_str()) {
        r.rule_index(*i as i64);
    }
    r.build().map_err(err)
}

fn fingerprint(bundle: &str, f: &Finding) -> String {
    crate::render::digest_of(&[
        f.rule_id.as_str(),
        bundle,
        f.target.as_deref().unwrap_or(""),
        f.location.file.as_deref().unwrap_or(""),
        f.location.pointer.as_deref().unwrap_or(""),
    ])
}

fn result(
    scope: FindingScope<'_>,
    f: &Finding,
    index: &BTreeMap<&str, usize>,
) -> Built<serde_sarif::sarif::Result> {
    let mut extra = BTreeMap::new();
    if let FindingScope::Bundle(b) = scope {
        extra.insert("bundle".into(), json!(b.path));
    }
    extra.insert("severity".into(), json!(f.severity.to_string()));
    extra.insert("declaredLevel".into(), json!(f.declared_level.to_string()));
    if !f.controls.is_empty() {
        extra.insert("controls".into(), json!(f.controls));
    }
    if let Some(t) = &f.target {
        extra.insert("target".into(), json!(t));
    }
    if let Some(e) = &f.enforcement {
        extra.insert("enforcement".into(), json!(e));
    }
    if let Some(r) = &f.regime {
        extra.insert("regime".into(), json!(r));
    }
    if let (FindingStatus::WaiverExpired, Some(w)) = (f.status(), &f.waiver) {
        extra.insert(
            "expiredWaiver".into(),
            json!({"approvedBy": w.approved_by, "expires": w.expires, "reason": w.reason}),
        );
    }
    let mut r = ResultBuilder::default();
    r.rule_id(f.rule_id.clone())
        .level(level_of(f.level))
        .message(text(&f.message)?)
        .locations(vec![location(scope, f)?])
        .partial_fingerprints(BTreeMap::from([(
            "modelgateFinding/v1".to_string(),
            fingerprint(scope.path(), f),
        )]))
        .properties(
            PropertyBagBuilder::default()
                .additional_properties(extra)
                .build()
                .map_err(err)?,
        );
    if let Some(i) = index.get(f.rule_id.as_str()) {
        r.rule_index(*i as i64);
    }
    let status = f.status();
    if status == FindingStatus::Off {
        // Turned off by an enforcement entry: kept, as a suppression that says by which.
        r.suppressions(vec![SuppressionBuilder::default()
            .kind(json!("external"))
            .status(json!("accepted"))
            .justification(
                f.enforcement
                    .clone()
                    .or_else(|| f.regime.clone())
                    .unwrap_or_else(|| "turned off by the configuration".into()),
            )
            .build()
            .map_err(err)?]);
    } else if let (FindingStatus::Waived, Some(w)) = (status, &f.waiver) {
        let mut extra = BTreeMap::new();
        extra.insert("approvedBy".into(), json!(w.approved_by));
        extra.insert("expires".into(), json!(w.expires));
        if let Some(s) = &w.source {
            extra.insert("source".into(), json!(s));
        }
        r.suppressions(vec![SuppressionBuilder::default()
            .kind(json!("external"))
            .status(json!("accepted"))
            .justification(w.reason.clone())
            .properties(
                PropertyBagBuilder::default()
                    .additional_properties(extra)
                    .build()
                    .map_err(err)?,
            )
            .build()
            .map_err(err)?]);
    }
    r.build().map_err(err)
}

fn build(report: &Report) -> Built<Sarif> {
    let mut rules: Vec<ReportingDescriptor> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &report.rules {
        if index.contains_key(r.id.as_str()) {
            continue;
        }
        index.insert(&r.id, rules.len());
        rules.push(rule_descriptor(r)?);
    }
    for (id, title, description, _, _) in DIAGNOSTICS {
        if index.contains_key(id) {
            continue;
        }
        index.insert(id, rules.len());
        rules.push(diagnostic_descriptor(id, title, description)?);
    }

    // The codes of the evidence problems that stopped a bundle, as rules of their own.
    for b in &report.bundles {
        for d in &b.diagnostics {
            let id = d.code.as_str();
            if !index.contains_key(id) {
                index.insert(id, rules.len());
                rules.push(diagnostic_descriptor(
                    id,
                    d.code.title(),
                    d.code.description(),
                )?);
            }
        }
    }

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for b in &report.bundles {
        if let Some(e) = &b.error {
            notifications.push(
                NotificationBuilder::default()
                    .level(json!("error"))
                    .message(text(&format!("{}: {e}", b.path))?)
                    .build()
                    .map_err(err)?,
            );
        }
        for d in &b.diagnostics {
            results.push(diagnostic_result(b, d, &index)?);
        }
        for f in &b.findings {
            results.push(result(FindingScope::Bundle(b), f, &index)?);
        }
    }
    // Run-level findings (expired and unused waivers) are located in the configuration.
    for f in &report.findings {
        results.push(result(FindingScope::Run, f, &index)?);
    }

    let mut invocation = InvocationBuilder::default();
    invocation
        .execution_successful(report.verdict != Verdict::Error)
        .exit_code(report.exit_status().code() as i64)
        .end_time_utc(report.time.clone());
    if !notifications.is_empty() {
        invocation.tool_execution_notifications(notifications);
    }

    let mut run_props = BTreeMap::new();
    run_props.insert("verdict".into(), json!(report.verdict.to_string()));
    run_props.insert("policyDigest".into(), json!(report.policy_digest));
    run_props.insert(
        "configuration".into(),
        serde_json::to_value(&report.configuration).map_err(err)?,
    );
    run_props.insert(
        "summary".into(),
        serde_json::to_value(&report.summary).map_err(err)?,
    );
    let mut run = RunBuilder::default();
    run.tool(
        ToolBuilder::default()
            .driver(
                ToolComponentBuilder::default()
                    .name("modelgate")
                    .semantic_version(report.tool_version.clone())
                    .version(report.tool_version.clone())
                    .rules(rules)
                    .build()
                    .map_err(err)?,
            )
            .build()
            .map_err(err)?,
    )
    .results(results)
    .invocations(vec![invocation.build().map_err(err)?])
    .column_kind(json!("unicodeCodePoints"))
    .properties(
        PropertyBagBuilder::default()
            .additional_properties(run_props)
            .build()
            .map_err(err)?,
    );
    if let Some(g) = &report.git {
        // versionControlProvenance needs an absolute repository URI; a bare folder name is not.
        if let Some(repo) = g.repository.as_deref().filter(|r| r.contains("://")) {
            let mut vc = VersionControlDetailsBuilder::default();
            vc.repository_uri(repo.to_string());
            if let Some(h) = &g.head {
                vc.revision_id(h.clone());
            }
            run.version_control_provenance(vec![vc.build().map_err(err)?]);
        }
    }
    SarifBuilder::default()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run.build().map_err(err)?])
        .build()
        .map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal("gdpr-lawful-basis"), "GdprLawfulBasis");
        assert_eq!(
            uri_of("./examples/x", "data/a b.json"),
            ("examples/x/data/a%20b.json".to_string(), true)
        );
        assert_eq!(
            uri_of("/abs/b", "card.md"),
            ("file:///abs/b/card.md".to_string(), false)
        );
        assert_eq!(uri_of(".", "README.md"), ("README.md".to_string(), true));
    }
}
