//! Renderers of the one [`Report`]: human text for terminals and JSON for machines. They only
//! format; every decision was made before.

use crate::decision::{BundleReport, Finding, Report, Verdict};
use crate::policy::{Level, RuleMeta};
use std::fmt::Write;

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

/// The complete report as pretty JSON (`schemas/report.schema.json`).
pub fn json(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn verdict_label(v: Verdict, st: Style) -> String {
    match v {
        Verdict::Approve => st.green("APPROVE"),
        Verdict::Block => st.red("BLOCK"),
        Verdict::Error => st.red("ERROR"),
    }
}

/// The terminal view: per bundle the verdict, then each finding with where and what to do.
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

pub fn text(report: &Report, st: Style) -> String {
    let mut o = String::new();
    if let Some(n) = nothing_changed(report) {
        let _ = writeln!(o, "{n}\n");
    }
    for b in &report.bundles {
        bundle_text(&mut o, b, st);
        o.push('\n');
    }
    if !report.findings.is_empty() {
        let _ = writeln!(o, "{}", st.bold("the run"));
        for f in &report.findings {
            finding_text(&mut o, f, st);
        }
        o.push('\n');
    }
    if !report.configuration.is_default() {
        let _ = writeln!(o, "{}", st.bold("configuration"));
        for line in report.configuration.lines() {
            let _ = writeln!(o, "  {line}");
        }
        o.push('\n');
    }
    let s = &report.summary;
    let _ = writeln!(
        o,
        "{} {} bundle{}: {} approved, {} blocked, {} error{} · {} deny, {} warn, {} waived · policies {} · {}",
        verdict_label(report.verdict, st),
        s.bundles,
        if s.bundles == 1 { "" } else { "s" },
        s.approved,
        s.blocked,
        s.errors,
        if s.errors == 1 { "" } else { "s" },
        s.deny,
        s.warn,
        s.waived,
        short(&report.policy_digest),
        report.time,
    );
    o
}

fn bundle_text(o: &mut String, b: &BundleReport, st: Style) {
    let ident = match (&b.name, &b.version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => String::new(),
    };
    let mut extra = Vec::new();
    if let Some(t) = &b.risk_tier {
        extra.push(format!("risk tier {t}"));
    }
    if let Some(e) = &b.environment {
        extra.push(e.clone());
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join(", "))
    };
    let _ = writeln!(
        o,
        "{} {}  {}{}",
        verdict_label(b.verdict, st),
        st.bold(&b.path),
        ident,
        extra
    );
    if let Some(e) = &b.error {
        for line in e.lines() {
            let _ = writeln!(o, "  {} {line}", st.red("error:"));
        }
        return;
    }
    if b.discovery == "convention" {
        let _ = writeln!(o, "  {}", st.dim("no modelgate.yaml: evidence found by convention (risk tier not declared: judged as high):"));
        // Evidence is sorted by path, so a kind can come back after another.
        let kinds = first_seen(b.evidence.iter().map(|e| e.kind.as_str()));
        for k in kinds {
            let files: Vec<&str> = b
                .evidence
                .iter()
                .filter(|e| e.kind == k)
                .map(|e| e.path.as_str())
                .collect();
            let _ = writeln!(o, "    {k}: {}", files.join(", "));
        }
    } else {
        let _ = writeln!(
            o,
            "  {}",
            st.dim(&format!("{} evidence files", b.evidence.len()))
        );
    }
    for f in &b.findings {
        finding_text(o, f, st);
    }
}

fn finding_text(o: &mut String, f: &Finding, st: Style) {
    let level = match (&f.waiver, f.level) {
        (Some(w), _) if !w.expired => st.dim("WAIVED"),
        (_, Level::Deny) => st.red("DENY"),
        (_, Level::Warn) => st.yellow("WARN"),
        (_, Level::Off) => st.dim("OFF"),
    };
    let _ = writeln!(
        o,
        "  {level} {} [{}] {}",
        st.bold(&f.rule_id),
        f.severity,
        f.title
    );
    let _ = writeln!(o, "       {}", f.message);
    if let Some(file) = &f.location.file {
        let mut at = file.clone();
        if let Some(l) = f.location.line {
            let _ = write!(at, ":{l}");
        }
        if let Some(p) = &f.location.pointer {
            let _ = write!(at, " {p}");
        }
        let _ = writeln!(o, "       {} {at}", st.dim("at"));
    }
    if !f.controls.is_empty() {
        let _ = writeln!(
            o,
            "       {} {}",
            st.dim("controls:"),
            f.controls.join("; ")
        );
    }
    if let Some(e) = &f.enforcement {
        let _ = writeln!(
            o,
            "       {} {} (policy says {})",
            st.dim("level:"),
            e,
            f.declared_level
        );
    }
    if let Some(w) = &f.waiver {
        let state = if w.expired {
            "EXPIRED waiver"
        } else {
            "waived"
        };
        let _ = writeln!(
            o,
            "       {} {state} by {} until {}: {}{}",
            st.dim("waiver:"),
            w.approved_by,
            w.expires,
            w.reason,
            w.source
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(o, "       {} {}", st.dim("fix:"), f.remediation);
}

/// `modelgate policies`: one line per rule.
pub fn rules_text(rules: &[RuleMeta]) -> String {
    let mut o = String::new();
    let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in rules {
        let _ = writeln!(
            o,
            "{:w$}  {:4}  {:8}  {}  [{}]",
            r.id,
            r.level,
            r.severity,
            r.title,
            r.controls.join("; ")
        );
    }
    o
}

/// `modelgate explain ID`: the rule's whole documentation entry.
pub fn explain_text(r: &RuleMeta) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}: {}", r.id, r.title);
    let _ = writeln!(
        o,
        "\n  level:     {}\n  severity:  {}\n  package:   {}\n  defined:   {}:{}",
        r.level, r.severity, r.package, r.file, r.line
    );
    let _ = writeln!(o, "  controls:  {}", r.controls.join("; "));
    if !r.description.is_empty() {
        let _ = writeln!(o, "\n{}", r.description);
    }
    let _ = writeln!(o, "\nRemediation: {}", r.remediation);
    o
}

/// `modelgate test --coverage`: per policy file, the covered share and the uncovered lines.
pub fn coverage_text(files: &[crate::policy::FileCoverage]) -> String {
    let mut o = String::from("coverage:\n");
    let (mut covered, mut total) = (0, 0);
    for f in files {
        covered += f.covered;
        total += f.covered + f.not_covered.len();
        let _ = write!(o, "  {:6.1}%  {}", f.percent(), f.file);
        if !f.not_covered.is_empty() {
            let lines: Vec<String> = f.not_covered.iter().map(u32::to_string).collect();
            let _ = write!(o, "  (not covered: {})", lines.join(", "));
        }
        o.push('\n');
    }
    let pct = if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    };
    let _ = writeln!(o, "  {pct:6.1}%  total ({covered} of {total} lines)");
    o
}

/// `modelgate policies --format markdown`: the rule catalogue as a document, with each
/// package's default parameters.
pub fn catalogue_markdown(
    rules: &[RuleMeta],
    params: &std::collections::BTreeMap<String, serde_json::Value>,
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# modelgate rule catalogue\n");
    let _ = writeln!(
        o,
        "Generated by `modelgate policies --format markdown`; a test keeps it current. \
         {} rules. `deny` findings block a release, `warn` findings are reported. \
         Override parameters with `--data` under `modelgate.params.<area>`.\n",
        rules.len()
    );
    // A package may be split over several files, loaded apart.
    let packages = first_seen(rules.iter().map(|r| r.package.as_str()));
    for pkg in packages {
        let _ = writeln!(o, "## `{pkg}`\n");
        let _ = writeln!(o, "| id | level | severity | title | controls |");
        let _ = writeln!(o, "|---|---|---|---|---|");
        for r in rules.iter().filter(|r| r.package == pkg) {
            let _ = writeln!(
                o,
                "| `{}` | {} | {} | {} | {} |",
                r.id,
                r.level,
                r.severity,
                r.title.replace('|', "\\|"),
                r.controls.join("; ").replace('|', "\\|")
            );
        }
        o.push('\n');
        for r in rules.iter().filter(|r| r.package == pkg) {
            let _ = writeln!(o, "### `{}` — {}\n", r.id, r.title);
            if !r.description.is_empty() {
                let _ = writeln!(o, "{}\n", r.description);
            }
            let _ = writeln!(o, "- **Controls:** {}", r.controls.join("; "));
            let _ = writeln!(o, "- **Remediation:** {}", r.remediation);
            let _ = writeln!(o, "- **Defined in:** `{}` line {}\n", r.file, r.line);
        }
        if let Some(p) = params.get(pkg) {
            let pretty = serde_json::to_string_pretty(p).unwrap_or_default();
            let _ = writeln!(o, "**Parameters** (defaults):\n\n```json\n{pretty}\n```\n");
        }
    }
    o
}

/// JUnit XML for CI dashboards: a test suite per bundle and a test case per rule evaluated; a
/// blocking finding is a failure, a bundle that could not be evaluated an error. Warnings and
/// waived findings pass, with their messages in `system-out`.
pub fn junit(report: &Report) -> String {
    use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
    let mut out = quick_junit::Report::new("modelgate");
    for b in &report.bundles {
        let mut suite = TestSuite::new(b.path.as_str());
        suite.add_property(("verdict", b.verdict.to_string().as_str()));
        if let Some(e) = &b.error {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message("the bundle could not be evaluated")
                .set_description(e.as_str());
            suite.add_test_case(TestCase::new("evaluate", status));
            out.add_test_suite(suite);
            continue;
        }
        let mut ids: Vec<&str> = report.rules.iter().map(|r| r.id.as_str()).collect();
        // Findings of rules without an annotation still get a test case.
        for f in &b.findings {
            if !ids.contains(&f.rule_id.as_str()) {
                ids.push(f.rule_id.as_str());
            }
        }
        for id in ids {
            let findings: Vec<&Finding> = b.findings.iter().filter(|f| f.rule_id == id).collect();
            let blocking: Vec<&&Finding> = findings.iter().filter(|f| f.blocks()).collect();
            let status = if blocking.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let text: Vec<String> = blocking.iter().map(|f| finding_line(f)).collect();
                s.set_message(blocking[0].message.as_str())
                    .set_type(blocking[0].severity.to_string())
                    .set_description(text.join("\n"));
                s
            };
            let mut case = TestCase::new(id, status);
            let package = report
                .rules
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.package.as_str());
            case.set_classname(package.unwrap_or("modelgate"));
            let others: Vec<String> = findings
                .iter()
                .filter(|f| !f.blocks())
                .map(|f| finding_line(f))
                .collect();
            if !others.is_empty() {
                case.set_system_out(others.join("\n"));
            }
            suite.add_test_case(case);
        }
        out.add_test_suite(suite);
    }
    // The run itself: its configuration as properties, its own findings (changes to the gate's
    // configuration, waivers) as test cases.
    if !report.findings.is_empty() || !report.configuration.is_default() {
        let mut suite = TestSuite::new("modelgate run");
        suite.add_property(("verdict", report.verdict.to_string().as_str()));
        for (i, line) in report.configuration.lines().iter().enumerate() {
            suite.add_property((format!("configuration.{i}").as_str(), line.as_str()));
        }
        let mut ids: Vec<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
        ids.dedup();
        for id in ids {
            let findings: Vec<&Finding> =
                report.findings.iter().filter(|f| f.rule_id == id).collect();
            let blocking: Vec<&&Finding> = findings.iter().filter(|f| f.blocks()).collect();
            let text: Vec<String> = findings.iter().map(|f| finding_line(f)).collect();
            let status = if blocking.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(blocking[0].message.as_str())
                    .set_type(blocking[0].severity.to_string())
                    .set_description(text.join("\n"));
                s
            };
            let mut case = TestCase::new(id, status);
            case.set_classname("modelgate");
            if blocking.is_empty() {
                case.set_system_out(text.join("\n"));
            }
            suite.add_test_case(case);
        }
        out.add_test_suite(suite);
    }
    out.to_string().unwrap_or_default()
}

/// One line for a finding: level, message, location.
fn finding_line(f: &Finding) -> String {
    let level = match (&f.waiver, f.level) {
        (Some(w), _) if !w.expired => "waived",
        (_, Level::Deny) => "deny",
        (_, Level::Warn) => "warn",
        (_, Level::Off) => "off",
    };
    let mut s = format!("{level}: {}", f.message);
    if let Some(file) = &f.location.file {
        let _ = write!(s, " ({file}");
        if let Some(l) = f.location.line {
            let _ = write!(s, ":{l}");
        }
        if let Some(p) = &f.location.pointer {
            let _ = write!(s, " {p}");
        }
        s.push(')');
    }
    s
}

/// A pull-request comment: the verdict first, then blocking findings, then warnings, with
/// the details of each finding collapsed.
pub fn markdown(report: &Report) -> String {
    let mut o = String::new();
    let icon = match report.verdict {
        Verdict::Approve => "✅",
        Verdict::Block => "❌",
        Verdict::Error => "⚠️",
    };
    let s = &report.summary;
    let _ = writeln!(
        o,
        "## {icon} modelgate: {}\n",
        report.verdict.to_string().to_uppercase()
    );
    let _ = writeln!(
        o,
        "{} bundle(s): {} approved, {} blocked, {} error(s) · {} blocking, {} warning(s), {} waived\n",
        s.bundles, s.approved, s.blocked, s.errors, s.deny, s.warn, s.waived
    );
    if let Some(n) = nothing_changed(report) {
        let _ = writeln!(o, "{}.\n", capitalize(&n));
    }
    for b in &report.bundles {
        let ident = match (&b.name, &b.version) {
            (Some(n), Some(v)) => format!(" — {n} {v}"),
            (Some(n), None) => format!(" — {n}"),
            _ => String::new(),
        };
        let _ = writeln!(o, "### `{}`{ident}: {}\n", b.path, b.verdict);
        if let Some(e) = &b.error {
            let _ = writeln!(o, "```\n{e}\n```\n");
            continue;
        }
        let blocking: Vec<&Finding> = b.findings.iter().filter(|f| f.blocks()).collect();
        let warnings: Vec<&Finding> = b.findings.iter().filter(|f| !f.blocks()).collect();
        for (title, list) in [("Blocking", &blocking), ("Warnings and waived", &warnings)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(o, "**{title}**\n");
            let _ = writeln!(
                o,
                "| rule | severity | finding | where |\n|---|---|---|---|"
            );
            for f in list.iter() {
                let at = f
                    .location
                    .file
                    .as_ref()
                    .map(|file| match f.location.line {
                        Some(l) => format!("`{file}:{l}`"),
                        None => format!("`{file}`"),
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "| `{}` | {} | {} | {at} |",
                    f.rule_id,
                    f.severity,
                    md_cell(&f.message)
                );
            }
            o.push('\n');
            let _ = writeln!(o, "<details><summary>What to do</summary>\n");
            for f in list.iter() {
                let _ = writeln!(
                    o,
                    "- **`{}`** {} — {}",
                    f.rule_id,
                    md_cell(&f.title),
                    md_cell(&f.remediation)
                );
                if !f.controls.is_empty() {
                    let _ = writeln!(o, "  Controls: {}", f.controls.join("; "));
                }
                if let Some(w) = &f.waiver {
                    let _ = writeln!(
                        o,
                        "  Waiver: {} until {} ({})",
                        w.approved_by,
                        w.expires,
                        md_cell(&w.reason)
                    );
                }
            }
            let _ = writeln!(o, "\n</details>\n");
        }
        if blocking.is_empty() && warnings.is_empty() {
            let _ = writeln!(o, "No findings.\n");
        }
    }
    if !report.findings.is_empty() {
        let _ = writeln!(o, "### The run\n");
        let _ = writeln!(o, "| rule | level | finding | where |\n|---|---|---|---|");
        for f in &report.findings {
            let at = f
                .location
                .file
                .as_ref()
                .map(|file| format!("`{}`", md_cell(file)))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "| `{}` | {} | {} | {at} |",
                f.rule_id,
                f.level,
                md_cell(&f.message)
            );
        }
        o.push('\n');
    }
    if !report.configuration.is_default() {
        let _ = writeln!(o, "<details><summary>Configuration of this run</summary>\n");
        for line in report.configuration.lines() {
            let _ = writeln!(o, "- {}", md_cell(&line));
        }
        let _ = writeln!(o, "\n</details>\n");
    }
    let commit = match report.git.as_ref().and_then(|g| g.head.as_deref()) {
        Some(h) => format!(" · commit `{}`", short(h)),
        None => String::new(),
    };
    let _ = writeln!(
        o,
        "<sub>modelgate {} · policies `{}` · {}{commit}</sub>",
        report.tool_version,
        short(&report.policy_digest),
        report.time
    );
    o
}

/// The file and line a finding is shown at, relative to its bundle. A finding about the bundle
/// as a whole points at the manifest's first line (or at the bundle folder, found by
/// convention), because code-scanning dashboards drop results without a file.
pub fn finding_file(bundle: &BundleReport, f: &Finding) -> (String, Option<u64>) {
    match &f.location.file {
        Some(file) => (file.clone(), f.location.line),
        None if bundle.discovery == "manifest" => (crate::bundle::MANIFEST.to_string(), Some(1)),
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

/// Text safe inside a Markdown table cell.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
