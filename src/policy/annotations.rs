//! The `# METADATA` comment blocks of Rego modules, parsed into [`RuleMeta`], and the line
//! scanning that finds a module's package, rule heads and `test_*` rules.

use super::{Level, RuleMeta, Severity};
use crate::error::{Error, Location, PolicyError, Result};
use serde::Deserialize;

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

/// The package path of a module, from its `package` line.
pub fn package_of(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let t = l.trim();
        t.strip_prefix("package ").map(|p| p.trim().to_string())
    })
}

pub(super) fn has_rule(text: &str, name: &str) -> bool {
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
        let at = |message: String| {
            Error::from(PolicyError::Metadata {
                location: Location {
                    file: Some(file.to_string()),
                    line: Some(start),
                    ..Location::default()
                },
                message,
            })
        };
        let raw: RawAnnotation =
            crate::formats::parse_yaml(&yaml, start).map_err(|(location, message)| {
                PolicyError::Metadata {
                    location: Location {
                        file: Some(file.to_string()),
                        ..location
                    },
                    message,
                }
            })?;
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
