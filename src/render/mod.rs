//! Renderers of the one [`Report`]: human text for terminals, Markdown for pull-request
//! comments, JSON, JUnit, SARIF, GitLab Code Quality and the HTML audit report. They only
//! format, and keep what evidence says inert; every decision was made before, and each
//! finding's status is [`Finding::status`], never worked out again here.

mod json;
mod junit;
mod markdown;
mod text;

pub mod codequality;
pub mod html;
pub mod sarif;
pub mod verify;

pub use json::json;
pub use junit::junit;
pub use markdown::{catalogue_markdown, markdown};
pub use text::{coverage_text, explain_text, rules_text, text};

use crate::decision::{Finding, FindingScope, Report};
use crate::policy::RuleMeta;
use std::fmt::Write;

/// The formats a [`Report`] renders to (`check --format`; the docs are the CLI's help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// JUnit XML: a test case per rule and bundle.
    Junit,
    /// A pull-request comment.
    Markdown,
    /// The audit report: one self-contained, printable HTML page (as `modelgate report`).
    Html,
    /// SARIF 2.1.0 for code scanning (GitHub, GitLab): waived findings as suppressions.
    Sarif,
    /// GitLab Code Quality JSON (merge request widget): waived findings left out.
    Codequality,
}

/// Why a report could not be rendered.
#[derive(Debug)]
pub struct RenderError {
    pub format: Format,
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rendering the {:?} report: {}",
            self.format, self.message
        )
    }
}

impl std::error::Error for RenderError {}

/// Renders `report` in `format`; `style` colours the terminal text only. The HTML report uses
/// the built-in templates ([`html::render`] takes a template folder).
pub fn render(report: &Report, format: Format, style: Style) -> Result<String, RenderError> {
    let fail = |message: String| RenderError { format, message };
    match format {
        Format::Text => Ok(text(report, style)),
        Format::Json => json(report).map_err(fail),
        Format::Junit => junit(report).map_err(fail),
        Format::Markdown => Ok(markdown(report)),
        Format::Html => html::render(report, None).map_err(|e| fail(e.to_string())),
        Format::Sarif => sarif::sarif(report).map_err(fail),
        Format::Codequality => codequality::codequality(report).map_err(fail),
    }
}

/// ANSI styling, on only for terminals (and never with `NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("1;32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("1;33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// "no bundle changed between A and B" for a `--base` run that had nothing to check.
fn nothing_changed(report: &Report) -> Option<String> {
    let g = report.git.as_ref()?;
    if !report.bundles.is_empty() {
        return None;
    }
    let short = |c: &Option<String>| c.as_deref().map_or("?", short).to_string();
    g.base.as_ref().map(|_| {
        format!(
            "no bundle changed between {} and {}",
            short(&g.base),
            short(&g.head)
        )
    })
}

/// A rule's regime and the dates of its METADATA, e.g. "`gdpr`, from 2018-05-25"; `None`
/// for a rule that names none (organisational policy, in force whenever the gate runs).
fn regime_of(r: &RuleMeta) -> Option<String> {
    let id = r.regime.as_deref()?;
    let mut l = format!("`{id}`");
    if let Some(f) = &r.effective_from {
        let _ = write!(l, ", from {f}");
    }
    if let Some(u) = &r.until {
        let _ = write!(l, ", until {u}");
    }
    Some(l)
}

/// The regimes of the run's rules that did not apply at the decision time, in one sentence;
/// `None` when every one did.
pub fn regimes_line(report: &Report) -> Option<String> {
    let day = report.time.get(..10).unwrap_or(&report.time);
    let not_yet: Vec<String> = report
        .regimes
        .iter()
        .filter(|r| !r.in_force)
        .map(|r| match (&r.effective_from, &r.until) {
            (_, Some(u)) if u.as_str() <= day => format!("{} (ended {u})", r.title),
            (Some(f), _) => format!("{} (from {f})", r.title),
            _ => r.title.clone(),
        })
        .collect();
    (!not_yet.is_empty()).then(|| {
        format!(
            "not in force on {day}, so their rules warn instead of blocking: {}",
            not_yet.join("; ")
        )
    })
}

/// The file and line a finding is shown at, relative to its bundle. A finding about the bundle
/// as a whole points at the manifest's first line (or at the bundle folder, found by
/// convention), because code-scanning dashboards drop results without a file.
pub fn finding_file(scope: FindingScope<'_>, f: &Finding) -> (String, Option<usize>) {
    match &f.location.file {
        Some(file) => (file.clone(), f.location.line),
        None if scope.has_manifest() => (crate::bundle::MANIFEST.to_string(), Some(1)),
        None => (String::new(), None),
    }
}

/// Each distinct item once, in order of first appearance.
fn first_seen<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The first 12 characters of a digest or commit id, as reports abbreviate them.
fn short(id: &str) -> &str {
    id.char_indices().nth(12).map_or(id, |(i, _)| &id[..i])
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A bundle-relative evidence path joined to the bundle path as given, `/`-separated and
/// without `./`: relative to the repository root when modelgate runs there, as CI jobs do.
pub fn repo_path(bundle: &str, file: &str) -> String {
    let bundle = bundle.replace('\\', "/");
    let bundle = bundle.trim_end_matches('/');
    let bundle = bundle.trim_start_matches("./");
    let file = file.replace('\\', "/");
    let file = file.trim_start_matches("./");
    let joined = match (bundle, file) {
        ("" | ".", "") => ".".to_string(),
        ("" | ".", f) => f.to_string(),
        (b, "" | ".") => b.to_string(),
        (b, f) => format!("{b}/{f}"),
    };
    // GitLab links only paths inside the checkout; an absolute bundle path under the working
    // folder is made relative to it.
    if joined.starts_with('/') {
        if let Some(rel) = std::env::current_dir()
            .ok()
            .and_then(|cwd| {
                std::path::Path::new(&joined)
                    .strip_prefix(&cwd)
                    .ok()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            })
            .filter(|r| !r.is_empty())
        {
            return rel;
        }
    }
    joined
}

/// A stable identity of a finding for dashboards that track issues across runs: sha256 over
/// `parts`, NUL-separated, cut to 32 hex digits.
pub fn digest_of(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    // 32 hex digits: the length of the MD5 fingerprints GitLab's examples show, ample here.
    hex::encode(&h.finalize()[..16])
}

// ---------------------------------------------------------------------------------------------
// Evidence in Markdown and on terminals
//
// Every string of a report may come from the bundle (dataset names, messages that quote them,
// paths, waiver reasons), whose author also reads the pull-request comment. In Markdown such a
// string must stay text: no raw HTML (`</details>`, `<!--` hiding the rest of the comment,
// `<img>`), no link or image (`![t](https://...)` is a tracking pixel), no line break or `|`
// that ends a table row or cell, no backtick that ends a code span or fence, no @mention that
// notifies someone. On a terminal, no escape sequence and no line of its own.

/// Characters that break a line in a Markdown source or in a terminal.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Control characters and the bidirectional overrides and isolates that reorder what a reader
/// sees ("Trojan Source"); line breaks are handled apart.
pub(crate) fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !is_line_break(c))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Evidence text for a terminal line: control characters, escape sequences, bidirectional
/// overrides and line breaks shown as `\\u{..}` escapes, so that no string can move the cursor,
/// recolour the screen or print a line that looks like modelgate's own.
fn term(s: &str) -> String {
    if !s.chars().any(|c| is_line_break(c) || is_hidden_control(c)) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_line_break(c) || is_hidden_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::markdown::{md_code, md_code_block, md_policy_text, md_text};
    use super::*;
    use crate::decision::{
        AppliedWaiver, BundleReport, Evidence, FindingLocation, Summary, Verdict,
    };
    use crate::input::{Attack, Probe, Robustness, Signature, Signer, Source};
    use crate::policy::{Level, Severity};

    /// Strings a release author could put in a dataset name, a path or a waiver reason to
    /// rewrite the pull-request comment or the audit report (security review finding 24).
    pub(crate) const HOSTILE: &[&str] = &[
        "</summary></details>",
        "<!--",
        "<img src=x onerror=alert(1)>",
        "![t](https://evil.example/p.png)",
        "[x](javascript:alert(1))",
        "a|b\nc",
        "```",
        "@octocat",
        "\u{1b}[2J\u{1b}[32mAPPROVE",
        "\u{202e}evil",
    ];

    /// Raw HTML and a broken line in a rule's metadata (written by the policy author, who may
    /// use code spans and links there, but no HTML).
    pub(crate) const POLICY_HOSTILE: &str =
        "title </summary></details> <!-- <img src=x onerror=alert(1)> a|b\nc `code`";

    /// All of [`HOSTILE`] in one string, with a forged verdict line between them.
    pub(crate) fn hostile(prefix: &str) -> String {
        format!(
            "{prefix} {}\n\n## ✅ modelgate: APPROVE\n{}",
            HOSTILE.join(" "),
            HOSTILE.join("\n")
        )
    }

    /// Operations evidence whose every author-written string is hostile.
    fn hostile_operations() -> crate::decision::OperationsEvidence {
        use crate::formats::operations::plan::{Access, Alerting, Incidents, Retraining, Rollback};
        use crate::input::{
            AlertRule, ColumnDrift, DriftReport, LabelMatcher, MonitoredMetric, Operations,
            OperationsPlan, Rollout,
        };
        let source = |p: &str| Source {
            path: hostile(p),
            ..Source::default()
        };
        let text = |p: &str| Some(hostile(p));
        let alert = hostile("alert");
        crate::decision::OperationsEvidence {
            model: Some(hostile("model")),
            operations: Operations {
                plan: Some(OperationsPlan {
                    source: source("operations.yaml"),
                    metrics: vec![MonitoredMetric {
                        kind: hostile("kind"),
                        name: hostile("metric"),
                        threshold: 0.3,
                        direction: hostile("above"),
                        alert: Some(alert.clone()),
                    }],
                    alerting: Some(Alerting {
                        routes: vec![hostile("route")],
                        on_call: text("on-call"),
                    }),
                    log_retention_days: Some(400),
                    rollback: Some(Rollback {
                        version: text("2.2.0"),
                        record: text("records/r.json"),
                        procedure: text("procedure"),
                        first_release: None,
                    }),
                    retraining: Some(Retraining {
                        triggers: vec![hostile("trigger")],
                        approvers: vec![hostile("approver")],
                    }),
                    incidents: Some(Incidents {
                        procedure: text("incident"),
                        serious_incident_reporting: text("art73"),
                        contact: text("contact"),
                    }),
                    access: Some(Access {
                        authentication: text("mtls"),
                        network_policy: text("netpol"),
                    }),
                    lines: Default::default(),
                }),
                files: vec![source("operations.yaml")],
                rollback_target: Some(crate::input::RollbackTarget {
                    record: hostile("records/r.json"),
                    verified: true,
                    key_id: text("key"),
                    time: text("time"),
                    bundles: vec![crate::input::RollbackBundle {
                        name: text("release"),
                        version: text("2.2.0"),
                        environment: text("env"),
                        verdict: crate::decision::Verdict::Approve,
                    }],
                    ..Default::default()
                }),
                alerts: vec![AlertRule {
                    source: source("alerts.yaml"),
                    group: hostile("group"),
                    name: alert,
                    expr: hostile("expr"),
                    labels: [("severity".to_string(), hostile("critical"))].into(),
                    annotations: [("runbook_url".to_string(), hostile("https://runbook"))].into(),
                    model_selectors: vec![LabelMatcher {
                        op: "=".into(),
                        value: hostile("model"),
                    }],
                    metrics: vec![hostile("metric")],
                    ..AlertRule::default()
                }],
                rollouts: vec![Rollout {
                    source: source("rollout.yaml"),
                    tool: hostile("argo"),
                    name: hostile("Rollout/x"),
                    staged: false,
                    not_staged_reason: text("not staged"),
                    steps: vec![10.0, 250.0, f64::NAN, -1.0],
                    analyses: vec![hostile("analysis")],
                    automated_abort: false,
                    no_abort_reason: text("no abort"),
                }],
                drift: vec![DriftReport {
                    source: source("drift.json"),
                    tool: hostile("nannyml"),
                    tool_version: text("0.13"),
                    date: text("2026-01-01"),
                    drift_share: Some(0.4),
                    drift_share_threshold: Some(0.3),
                    dataset_drift: Some(true),
                    columns: vec![ColumnDrift {
                        name: hostile("column"),
                        score: Some(0.6),
                        method: text("psi"),
                        threshold: Some(0.1),
                        drifted: true,
                    }],
                }],
            },
        }
    }

    /// A blocked report whose every evidence-derived string is hostile.
    pub(crate) fn hostile_report() -> Report {
        let finding = |level: Level, waiver: Option<AppliedWaiver>| Finding {
            rule_id: format!("doc-name-{}", hostile("id")),
            level,
            severity: Severity::High,
            title: POLICY_HOSTILE.into(),
            message: format!("dataset {:?} {}", hostile("name"), hostile("message")),
            controls: vec![POLICY_HOSTILE.into()],
            remediation: POLICY_HOSTILE.into(),
            package: "data.modelgate.documentation".into(),
            location: FindingLocation {
                column: None,
                file: Some(hostile("file")),
                line: Some(3),
                pointer: Some(hostile("/pointer")),
            },
            target: Some(hostile("target")),
            declared_level: level,
            enforcement: Some(hostile("enforcement")),
            regime: Some(hostile("regime")),
            waiver,
        };
        let waiver = AppliedWaiver {
            reason: hostile("reason"),
            approved_by: hostile("approver"),
            expires: hostile("2026-12-31"),
            expired: false,
            source: Some(hostile("waivers.yaml")),
        };
        let bundle = BundleReport {
            path: hostile("bundles/x"),
            name: Some(hostile("name")),
            version: Some(hostile("1.0")),
            risk_tier: Some(hostile("high")),
            environment: Some(hostile("production")),
            verdict: Verdict::Block,
            discovery: "manifest".into(),
            evidence: vec![Evidence {
                kind: hostile("dataset"),
                path: hostile("data/ds.yaml"),
                format: hostile("datasheet"),
                sha256: "ab".repeat(32),
                size: 10,
            }],
            findings: vec![
                finding(Level::Deny, None),
                finding(Level::Deny, Some(waiver)),
                finding(Level::Warn, None),
            ],
            signatures: vec![Signature {
                source: Source {
                    path: hostile("sig/model.sig"),
                    format: hostile("oms"),
                    ..Source::default()
                },
                kind: hostile("oms"),
                verified: false,
                error: Some(hostile("sig error")),
                signer: Some(Signer {
                    identity: Some(hostile("https://signer.example")),
                    issuer: Some(hostile("https://issuer.example")),
                    key_id: Some(hostile("key")),
                }),
                covers: vec![hostile("digest")],
                ignored: vec![hostile("model/ignored.pkl")],
            }],
            robustness: vec![Robustness {
                source: Source {
                    path: hostile("eval/r.json"),
                    ..Source::default()
                },
                format: hostile("garak"),
                tool: Some(hostile("tool")),
                tool_version: Some(hostile("9")),
                model_sha256: Some(hostile("sha")),
                date: Some(hostile("2026-01-01")),
                clean_accuracy: Some(0.9),
                attacks: vec![
                    Attack {
                        name: hostile("pgd"),
                        threat_model: Some(hostile("white-box")),
                        norm: Some(hostile("linf")),
                        epsilon: Some(0.03),
                        clean_accuracy: Some(0.9),
                        robust_accuracy: Some(0.4),
                        success_rate: Some(0.5),
                        samples: Some(100),
                        pointer: hostile("/attacks/0"),
                    },
                    Attack {
                        name: hostile("pgd"),
                        epsilon: Some(0.1),
                        robust_accuracy: Some(0.2),
                        pointer: hostile("/attacks/1"),
                        ..Attack::default()
                    },
                ],
                probes: vec![Probe {
                    probe: hostile("probe"),
                    detector: hostile("detector"),
                    passed: 3,
                    total: 4,
                    failure_rate: 0.25,
                    line: 1,
                }],
                targets: Vec::new(),
                runs: vec![hostile("run")],
            }],
            operations: Some(hostile_operations()),
            error: None,
            diagnostics: Vec::new(),
        };
        let mut errored = BundleReport::empty(Verdict::Error);
        errored.path = hostile("bundles/broken");
        errored.error = Some(hostile("error"));
        errored.diagnostics = vec![crate::diagnostic::Diagnostic {
            code: crate::diagnostic::Code::InvalidYaml,
            location: crate::error::Location {
                file: Some(hostile("bundles/broken/data.yaml")),
                line: Some(2),
                column: Some(1),
                pointer: Some(hostile("/pointer")),
            },
            message: hostile("diagnostic"),
            source: Some(hostile("source line")),
            source_column: Some(1),
        }];
        Report {
            report_version: "modelgate.dev/report/v1".into(),
            tool_version: "0.1.0".into(),
            time: "2026-11-29T12:00:00Z".into(),
            policy_digest: "cd".repeat(32),
            verdict: Verdict::Block,
            summary: Summary {
                bundles: 2,
                blocked: 1,
                errors: 1,
                deny: 1,
                warn: 1,
                waived: 1,
                ..Summary::default()
            },
            bundles: vec![bundle, errored],
            regimes: vec![crate::regime::RegimeStatus {
                id: hostile("regime-id"),
                title: hostile("regime"),
                effective_from: Some("2099-01-01".into()),
                until: None,
                source: hostile("source"),
                in_force: false,
                rules: 1,
            }],
            rules: Vec::new(),
            findings: vec![finding(Level::Deny, None)],
            configuration: crate::decision::Configuration {
                enforcement: vec![crate::config::Enforcement {
                    rule: hostile("rule"),
                    environments: vec![hostile("env")],
                    level: crate::config::EnforcementLevel::Off,
                }],
                data: vec![crate::policy::DataSource {
                    path: hostile("data.yaml"),
                    sha256: "ab".repeat(32),
                    sets: vec![hostile("modelgate.params.x")],
                }],
                ..Default::default()
            },
            git: None,
        }
    }

    #[test]
    fn markdown_keeps_hostile_evidence_inert() {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let md = markdown(&hostile_report());
        // The only HTML is the renderer's own.
        const OWN_HTML: &[&str] = &[
            "<details><summary>What to do</summary>",
            "</details>",
            "<sub>",
            "</sub>",
            "<details><summary>Configuration of this run</summary>",
        ];
        let opts =
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
        let mut cells = 0;
        let mut rows = 0;
        let mut headings = 0;
        let mut code_blocks = 0;
        let mut text = String::new();
        let mut code = String::new();
        let mut in_block = false;
        for event in Parser::new_ext(&md, opts) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    let h = h.trim();
                    assert!(OWN_HTML.contains(&h), "raw HTML from evidence: {h:?}\n{md}");
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    panic!("a link to {dest_url} from evidence:\n{md}")
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    panic!("an image from {dest_url} from evidence:\n{md}")
                }
                Event::Start(Tag::Heading { .. }) => headings += 1,
                Event::Start(Tag::CodeBlock(_)) => {
                    code_blocks += 1;
                    in_block = true;
                }
                Event::End(TagEnd::CodeBlock) => in_block = false,
                Event::Start(Tag::TableCell) => cells += 1,
                Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                    rows += 1;
                    assert_eq!(cells, 4, "a table row broken by evidence:\n{md}");
                    cells = 0;
                }
                Event::Text(t) if !in_block => text.push_str(&t),
                // Code shows its text literally, mentions and HTML included.
                Event::Code(t) | Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        // The verdict, one heading per bundle and one for the run; a header and a row per
        // finding, the run's included.
        assert_eq!(headings, 4, "{md}");
        assert_eq!(rows, 3 + 4, "{md}");
        assert_eq!(code_blocks, 1, "the error stays in its code block:\n{md}");
        // What evidence says is shown as text, not dropped.
        for h in [
            "</summary></details>",
            "<img src=x onerror=alert(1)>",
            "![t](https://evil.example/p.png)",
            "[x](javascript:alert(1))",
        ] {
            assert!(text.contains(h), "{h} not shown as text");
            assert!(code.contains(h), "{h} not shown in a code span");
        }
        assert!(
            code.contains("``` @octocat"),
            "a code span holds backticks: {code}"
        );
        assert!(!md.contains('\u{1b}') && !md.contains('\u{202e}'));
        // A mention left whole only follows a letter or digit (`\n@octocat` from a quoted
        // string), where GitHub does not read one.
        assert!(text.contains(" @\u{2060}octocat"));
        for (i, _) in text.match_indices("@octocat") {
            let before = text[..i].chars().next_back();
            assert!(
                before.is_some_and(char::is_alphanumeric),
                "a mention: {text}"
            );
        }
        // The forged verdict is text (the heading count above), or code in the error block.
        assert!(md.starts_with("## ❌ modelgate: BLOCK\n"));
        assert!(code.contains("\n## ✅ modelgate: APPROVE\n"));
    }

    #[test]
    fn markdown_escaping_of_ordinary_text() {
        assert_eq!(md_text("a|b\nc"), "a\\|b c");
        assert_eq!(md_text("<!-- x -->"), "&lt;!-- x --&gt;");
        assert_eq!(md_text("![t](u) [x](y)"), "!\\[t](u) \\[x](y)");
        assert_eq!(md_text("`a` \\"), "\\`a\\` \\\\");
        assert_eq!(md_text("R&D"), "R&amp;D");
        // Mentions are broken, e-mail addresses kept.
        assert_eq!(
            md_text("@team bob@example.com (@x)"),
            "@\u{2060}team bob@example.com (@\u{2060}x)"
        );
        // Plain text is unchanged.
        let plain =
            "dataset \"loans-2024\" holds special categories without an Art. 9(2) condition";
        assert_eq!(md_text(plain), plain);
        assert_eq!(md_code("data/a.yaml:3", true), "`data/a.yaml:3`");
        assert_eq!(md_code("a`b", false), "``a`b``");
        assert_eq!(md_code("`a", false), "`` `a ``");
        assert_eq!(md_code("a|b\nc", true), "`a\\|b c`");
        assert_eq!(md_code_block("x\n```\ny"), "````\nx\n```\ny\n````");
        assert_eq!(md_code_block("x"), "```\nx\n```");
        // A rule's remediation keeps its code spans, not raw HTML or line breaks.
        assert_eq!(
            md_policy_text("record `samples` <b>now</b>\n| x"),
            "record `samples` &lt;b&gt;now&lt;/b&gt; \\| x"
        );
    }

    #[test]
    fn text_keeps_hostile_evidence_on_its_lines() {
        let out = text(&hostile_report(), Style { color: false });
        assert!(
            !out.contains('\u{1b}'),
            "an escape sequence reached the terminal"
        );
        assert!(!out.contains('\u{202e}'));
        assert!(out.contains("\\u{1b}[2J"), "{out}");
        // No line of the output starts with a verdict forged by evidence.
        for line in out.lines() {
            assert!(
                !line.trim_start().starts_with("## ✅"),
                "forged line: {line:?}"
            );
            assert!(
                !line.trim_start().starts_with("APPROVE"),
                "forged line: {line:?}"
            );
        }
        // Lines of their own: the two bundles' verdicts, the headings of the run's findings and
        // of the configuration, the regimes not in force, and the summary; all else is indented.
        let top: Vec<&str> = out
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(' '))
            .collect();
        assert_eq!(top.len(), 6, "{top:#?}");
        assert!(
            top[0].starts_with("BLOCK ")
                && top[1].starts_with("ERROR ")
                && top[2] == "the run"
                && top[3] == "configuration"
                && top[4].starts_with("not in force on 2026-11-29")
                && top[5].starts_with("BLOCK 2 bundles")
        );
        assert_eq!(term("plain text"), "plain text");
        assert_eq!(term("a\nb\u{1b}[0m"), "a\\u{a}b\\u{1b}[0m");
    }

    #[test]
    fn ids_are_shortened_on_character_boundaries_and_kinds_kept_in_first_order() {
        assert_eq!(short("0123456789abcdef"), "0123456789ab");
        assert_eq!(short("abc"), "abc");
        assert_eq!(short("ééééééééééééé"), "éééééééééééé");
        assert_eq!(
            first_seen(["card", "dataset", "card", "sbom", "dataset"].into_iter()),
            vec!["card", "dataset", "sbom"]
        );
    }
}
