//! GitLab Code Quality rendering of a [`Report`] (`artifacts: reports: codequality:`): one issue
//! per finding that needs fixing, located in its evidence file relative to the repository root.

use crate::decision::{Finding, FindingScope, FindingStatus, Report};
use crate::policy::Severity;
use crate::render::{digest_of, repo_path};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: String,
    description: String,
    content: Content,
    severity: &'static str,
    fingerprint: String,
    location: Location,
    engine_name: &'static str,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u64,
}

/// GitLab's five levels, one per severity of ours.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Low => "minor",
        Severity::Medium => "major",
        Severity::High => "critical",
        Severity::Critical => "blocker",
    }
}

fn issue(scope: FindingScope<'_>, f: &Finding) -> (Issue, [String; 5]) {
    let (file, line) = crate::render::finding_file(scope, f);
    let path = repo_path(scope.path(), &file);
    let mut body = format!("**{}** ({}, {})\n\n", f.title, f.level, f.severity);
    if !f.remediation.is_empty() {
        body.push_str(&format!("Remediation: {}\n\n", f.remediation));
    }
    if !f.controls.is_empty() {
        body.push_str(&format!("Controls: {}\n\n", f.controls.join("; ")));
    }
    if let Some(p) = &f.location.pointer {
        body.push_str(&format!("At JSON pointer `{p}`.\n\n"));
    }
    body.push_str(&format!("`modelgate explain {}`", f.rule_id));
    // The identity of a finding leaves out its line and wording, which move with unrelated
    // edits: GitLab would otherwise report the same issue as fixed and new at once.
    let key = [
        f.rule_id.clone(),
        repo_path(scope.path(), ""),
        f.target.clone().unwrap_or_default(),
        file,
        f.location.pointer.clone().unwrap_or_default(),
    ];
    let issue = Issue {
        kind: "issue",
        check_name: f.rule_id.clone(),
        description: f.message.clone(),
        content: Content { body },
        severity: severity(f.severity),
        fingerprint: String::new(),
        location: Location {
            path,
            lines: Lines {
                begin: line.filter(|l| *l > 0).unwrap_or(1) as u64,
            },
        },
        engine_name: "modelgate",
    };
    (issue, key)
}

/// The report as a GitLab Code Quality JSON array, deterministic for the same findings.
///
/// Waived findings are left out: an accepted risk needs no fix, and leaving it out lets the
/// merge request widget show a new waiver as resolving the issue. The waiver stays visible in
/// every other format (SARIF marks it as a suppression). A finding whose waiver has expired
/// blocks again and is included. A bundle that could not be evaluated is one `blocker` issue.
pub fn codequality(report: &Report) -> Result<String, String> {
    let mut issues: Vec<Issue> = Vec::new();
    let mut keys: Vec<([String; 5], String)> = Vec::new();
    for b in &report.bundles {
        // Each evidence problem that stopped the bundle is a blocker at its file and line.
        for d in &b.diagnostics {
            let path = repo_path("", d.file());
            let mut body = format!(
                "{}\n\nAn error never approves: fix the input and run modelgate check again.\n\n",
                d.code.description()
            );
            if let Some(p) = &d.location.pointer {
                body.push_str(&format!("At JSON pointer `{p}`.\n\n"));
            }
            body.push_str(&format!("`modelgate explain {}`", d.code));
            issues.push(Issue {
                kind: "issue",
                check_name: d.code.as_str().into(),
                description: format!("the bundle could not be evaluated: {}", d.message),
                content: Content { body },
                severity: "blocker",
                fingerprint: String::new(),
                location: Location {
                    path: path.clone(),
                    lines: Lines {
                        begin: d.location.line.filter(|l| *l > 0).unwrap_or(1) as u64,
                    },
                },
                engine_name: "modelgate",
            });
            keys.push((
                [
                    d.code.as_str().into(),
                    repo_path(&b.path, ""),
                    String::new(),
                    path,
                    d.location.pointer.clone().unwrap_or_default(),
                ],
                d.message.clone(),
            ));
        }
        if let (Some(e), true) = (&b.error, b.diagnostics.is_empty()) {
            let path = repo_path(&b.path, "");
            issues.push(Issue {
                kind: "issue",
                check_name: "modelgate-error".into(),
                description: format!("the bundle could not be evaluated: {e}"),
                content: Content {
                    body: "An error never approves: fix the input and run modelgate check again."
                        .into(),
                },
                severity: "blocker",
                fingerprint: String::new(),
                location: Location {
                    path,
                    lines: Lines { begin: 1 },
                },
                engine_name: "modelgate",
            });
            keys.push((
                [
                    "modelgate-error".into(),
                    repo_path(&b.path, ""),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
                String::new(),
            ));
        }
        for f in b.findings.iter().filter(|f| is_reported(f)) {
            let (i, k) = issue(FindingScope::Bundle(b), f);
            issues.push(i);
            keys.push((k, f.message.clone()));
        }
    }
    // Expired and unused waivers are about the run; their file is the configuration's path.
    for f in report.findings.iter().filter(|f| is_reported(f)) {
        let (i, k) = issue(FindingScope::Run, f);
        issues.push(i);
        keys.push((k, f.message.clone()));
    }

    // What changed the verdicts (enforcement, extra policies and data, waivers) is shown as one
    // informational issue, so that the merge request says the gate was configured.
    if !report.configuration.is_default() {
        let c = &report.configuration;
        let path = c
            .config
            .as_ref()
            .map(|f| f.path.clone())
            .unwrap_or_else(|| ".".into());
        let lines = c.lines();
        issues.push(Issue {
            kind: "issue",
            check_name: "modelgate-configuration".into(),
            description: format!("this run's configuration: {}", lines.join("; ")),
            content: Content {
                body: "Enforcement levels, extra policies and data, and waivers change what the built-in rules decide; findings turned off or waived are listed in the JSON and SARIF reports.".into(),
            },
            severity: "info",
            fingerprint: String::new(),
            location: Location {
                path: path.clone(),
                lines: Lines { begin: 1 },
            },
            engine_name: "modelgate",
        });
        keys.push((
            [
                "modelgate-configuration".into(),
                path,
                String::new(),
                String::new(),
                String::new(),
            ],
            lines.join("; "),
        ));
    }

    for (issue, fp) in issues.iter_mut().zip(fingerprints(&keys)) {
        issue.fingerprint = fp;
    }
    let mut s = serde_json::to_string_pretty(&issues).map_err(|e| e.to_string())?;
    s.push('\n');
    Ok(s)
}

/// One fingerprint per (identity, message). Findings that share rule, bundle, target, file and
/// pointer (a rule firing twice on one dataset) are told apart by their message, then by their
/// order: GitLab keeps only the first issue of a fingerprint.
fn fingerprints(items: &[([String; 5], String)]) -> Vec<String> {
    let base: Vec<String> = items
        .iter()
        .map(|(k, _)| digest_of(&k.each_ref().map(String::as_str)))
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &base {
        *counts.entry(b.as_str()).or_default() += 1;
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(items.len());
    for ((key, message), b) in items.iter().zip(&base) {
        let mut fp = if counts.get(b.as_str()).copied().unwrap_or(0) > 1 {
            let mut parts: Vec<&str> = key.iter().map(String::as_str).collect();
            parts.push(message);
            digest_of(&parts)
        } else {
            b.clone()
        };
        let n = seen.entry(fp.clone()).or_default();
        *n += 1;
        if *n > 1 {
            fp = digest_of(&[&fp, &n.to_string()]);
        }
        out.push(fp);
    }
    out
}

/// Findings that still need something done: everything but those a valid waiver accepts or
/// the configuration turned off.
fn is_reported(f: &Finding) -> bool {
    !matches!(f.status(), FindingStatus::Off | FindingStatus::Waived)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_repository_root() {
        assert_eq!(
            repo_path("./examples/x/", "data/a.yaml"),
            "examples/x/data/a.yaml"
        );
        assert_eq!(repo_path(".", "README.md"), "README.md");
        assert_eq!(repo_path("", ""), ".");
        assert_eq!(repo_path("models\\a", "README.md"), "models/a/README.md");
        let cwd = std::env::current_dir().unwrap();
        let abs = cwd.join("examples/approved").display().to_string();
        assert_eq!(repo_path(&abs, "README.md"), "examples/approved/README.md");
    }

    #[test]
    fn shared_identities_get_distinct_fingerprints() {
        let key = |t: &str| {
            [
                "gdpr-special-category-undeclared".to_string(),
                "b".to_string(),
                t.to_string(),
                "data/dataset.yaml".to_string(),
                String::new(),
            ]
        };
        let items = vec![
            (key("ds"), "field a".to_string()),
            (key("ds"), "field b".to_string()),
            (key("ds"), "field b".to_string()),
            (key("other"), "field a".to_string()),
        ];
        let fps = fingerprints(&items);
        let unique: std::collections::BTreeSet<&String> = fps.iter().collect();
        assert_eq!(unique.len(), 4);
        // A finding with an identity of its own keeps the fingerprint of that identity alone,
        // whatever its message says.
        let alone = fingerprints(&[(key("other"), "reworded".to_string())]);
        assert_eq!(alone[0], fps[3]);
    }

    #[test]
    fn severities() {
        assert_eq!(severity(Severity::Critical), "blocker");
        assert_eq!(severity(Severity::Info), "info");
    }
}
