//! Renderers of the one [`Report`]: human text for terminals, Markdown for pull-request
//! comments, JSON and JUnit for machines. They only format, and keep what evidence says inert;
//! every decision was made before.

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
        let _ = writeln!(o, "{}\n", term(&n));
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
            let _ = writeln!(o, "  {}", term(&line));
        }
        o.push('\n');
    }
    if let Some(l) = regimes_line(report) {
        let _ = writeln!(o, "{}\n", term(&l));
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
        (Some(n), Some(v)) => format!("{} {}", term(n), term(v)),
        (Some(n), None) => term(n),
        _ => String::new(),
    };
    let mut extra = Vec::new();
    if let Some(t) = &b.risk_tier {
        extra.push(format!("risk tier {}", term(t)));
    }
    if let Some(e) = &b.environment {
        extra.push(term(e));
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
        st.bold(&term(&b.path)),
        ident,
        extra
    );
    if let Some(e) = &b.error {
        for line in e.lines() {
            let _ = writeln!(o, "  {} {}", st.red("error:"), term(line));
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
            let _ = writeln!(o, "    {}: {}", term(k), term(&files.join(", ")));
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
        st.bold(&term(&f.rule_id)),
        f.severity,
        term(&f.title)
    );
    let _ = writeln!(o, "       {}", term(&f.message));
    if let Some(file) = &f.location.file {
        let mut at = term(file);
        if let Some(l) = f.location.line {
            let _ = write!(at, ":{l}");
        }
        if let Some(p) = &f.location.pointer {
            let _ = write!(at, " {}", term(p));
        }
        let _ = writeln!(o, "       {} {at}", st.dim("at"));
    }
    if !f.controls.is_empty() {
        let _ = writeln!(
            o,
            "       {} {}",
            st.dim("controls:"),
            term(&f.controls.join("; "))
        );
    }
    if let Some(r) = &f.regime {
        let _ = writeln!(
            o,
            "       {} {} (policy says {})",
            st.dim("law:"),
            term(r),
            f.declared_level
        );
    }
    if let Some(e) = &f.enforcement {
        let _ = writeln!(
            o,
            "       {} {} (policy says {})",
            st.dim("level:"),
            term(e),
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
            term(&w.approved_by),
            term(&w.expires),
            term(&w.reason),
            w.source
                .as_ref()
                .map(|s| format!(" ({})", term(s)))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(o, "       {} {}", st.dim("fix:"), term(&f.remediation));
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
    if let Some(l) = regime_of(r) {
        let _ = writeln!(o, "  law:       {l}");
    }
    let cases = crate::cases::cases_for_rule(&r.id);
    if !cases.is_empty() {
        let _ = writeln!(o, "  cases:     {}", cases.join(", "));
    }
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
            if let Some(l) = regime_of(r) {
                let _ = writeln!(o, "- **Regime:** {l}");
            }
            // The legal cases (policies/cases/) that expect this rule to fire, or not to.
            let cases = crate::cases::cases_for_rule(&r.id);
            if !cases.is_empty() {
                let links: Vec<String> = cases
                    .iter()
                    .map(|c| format!("[`{c}`](cases/{c}.yaml)"))
                    .collect();
                let _ = writeln!(o, "- **Cases:** {}", links.join(", "));
            }
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
        let _ = writeln!(o, "{}.\n", md_text(&capitalize(&n)));
    }
    for b in &report.bundles {
        let ident = match (&b.name, &b.version) {
            (Some(n), Some(v)) => format!(" — {} {}", md_text(n), md_text(v)),
            (Some(n), None) => format!(" — {}", md_text(n)),
            _ => String::new(),
        };
        let _ = writeln!(o, "### {}{ident}: {}\n", md_code(&b.path, false), b.verdict);
        if let Some(e) = &b.error {
            let _ = writeln!(o, "{}\n", md_code_block(e));
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
                        Some(l) => md_code(&format!("{file}:{l}"), true),
                        None => md_code(file, true),
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {at} |",
                    md_code(&f.rule_id, true),
                    f.severity,
                    md_text(&f.message)
                );
            }
            o.push('\n');
            let _ = writeln!(o, "<details><summary>What to do</summary>\n");
            for f in list.iter() {
                let _ = writeln!(
                    o,
                    "- **{}** {} — {}",
                    md_code(&f.rule_id, false),
                    md_policy_text(&f.title),
                    md_policy_text(&f.remediation)
                );
                if !f.controls.is_empty() {
                    let _ = writeln!(o, "  Controls: {}", md_policy_text(&f.controls.join("; ")));
                }
                if let Some(w) = &f.waiver {
                    let _ = writeln!(
                        o,
                        "  Waiver: {} until {} ({})",
                        md_text(&w.approved_by),
                        md_text(&w.expires),
                        md_text(&w.reason)
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
                .map(|file| md_code(file, true))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "| {} | {} | {} | {at} |",
                md_code(&f.rule_id, true),
                f.level,
                md_text(&f.message)
            );
        }
        o.push('\n');
    }
    if let Some(l) = regimes_line(report) {
        let _ = writeln!(o, "{}\n", md_text(&l));
    }
    if !report.configuration.is_default() {
        let _ = writeln!(o, "<details><summary>Configuration of this run</summary>\n");
        for line in report.configuration.lines() {
            let _ = writeln!(o, "- {}", md_text(&line));
        }
        let _ = writeln!(o, "\n</details>\n");
    }
    let commit = match report.git.as_ref().and_then(|g| g.head.as_deref()) {
        Some(h) => format!(" · commit {}", md_code(short(h), false)),
        None => String::new(),
    };
    let _ = writeln!(
        o,
        "<sub>modelgate {} · policies {} · {}{commit}</sub>",
        md_text(&report.tool_version),
        md_code(short(&report.policy_digest), false),
        md_text(&report.time)
    );
    o
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
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Control characters and the bidirectional overrides and isolates that reorder what a reader
/// sees ("Trojan Source"); line breaks are handled apart.
fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !is_line_break(c))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Evidence text as inline Markdown that renders as the text itself: on one line, with HTML
/// characters as entities, `\\`, `` ` ``, `[` and `|` backslash-escaped (no code span, link,
/// image or table cell can open or close) and an @mention broken by a word joiner.
fn md_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            c if is_line_break(c) => out.push(' '),
            '\t' => out.push(' '),
            c if is_hidden_control(c) => out.push('\u{fffd}'),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '[' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push('@');
                // GitHub mentions "@name" at the start or after a non-word character; an
                // e-mail address (bob@example.com) is no mention and stays as written.
                let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
                if starts_word && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) {
                    out.push('\u{2060}');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Text of a rule's metadata (title, remediation, controls) as inline Markdown: written by the
/// policy author, so its code spans and links stay, but on one line and without raw HTML.
fn md_policy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if is_line_break(c) || c == '\t' => out.push(' '),
            c if is_hidden_control(c) => out.push('\u{fffd}'),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            c => out.push(c),
        }
    }
    out
}

/// Evidence text as a Markdown code span: on one line, fenced by more backticks than any run
/// in it; in a table cell `|` is escaped (GitHub splits cells before reading code spans).
fn md_code(s: &str, in_table: bool) -> String {
    let mut body = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if is_line_break(c) || c == '\t' => body.push(' '),
            c if is_hidden_control(c) => body.push('\u{fffd}'),
            '|' if in_table => body.push_str("\\|"),
            c => body.push(c),
        }
    }
    let fence = "`".repeat(longest_run(&body, '`') + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Evidence text as a fenced code block that no line of it can close.
fn md_code_block(s: &str) -> String {
    let body: String = s
        .chars()
        .map(|c| {
            if is_hidden_control(c) && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let fence = "`".repeat((longest_run(&body, '`') + 1).max(3));
    format!("{fence}\n{body}\n{fence}")
}

/// Length of the longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
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
    use super::*;
    use crate::decision::{AppliedWaiver, Evidence, FindingLocation, Summary};
    use crate::input::{Attack, Probe, Robustness, Signature, Signer, Source};
    use crate::policy::Severity;

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
            error: None,
        };
        let mut errored = BundleReport::run_level(Verdict::Error);
        errored.path = hostile("bundles/broken");
        errored.error = Some(hostile("error"));
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
