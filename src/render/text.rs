//! The terminal view of a report, and the rule catalogue, `explain` and coverage as text.

use super::{first_seen, nothing_changed, regime_of, regimes_line, short, term, Style};
use crate::decision::{BundleReport, Finding, FindingStatus, Report, Verdict};
use crate::policy::RuleMeta;
use std::fmt::Write;

fn verdict_label(v: Verdict, st: Style) -> String {
    match v {
        Verdict::Approve => st.green("APPROVE"),
        Verdict::Block => st.red("BLOCK"),
        Verdict::Error => st.red("ERROR"),
    }
}

/// The terminal view: per bundle the verdict, then each finding with where and what to do.
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
    let ident = term(&b.identity());
    let extra = b
        .context()
        .map(|c| format!(" ({})", term(&c)))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "{} {}  {}{}",
        verdict_label(b.verdict, st),
        st.bold(&term(&b.path)),
        ident,
        extra
    );
    if !b.diagnostics.is_empty() {
        for d in &b.diagnostics {
            // What a file says reaches the terminal without its control characters.
            let shown = crate::diagnostic::Diagnostic {
                location: crate::error::Location {
                    file: d.location.file.as_deref().map(term),
                    pointer: d.location.pointer.as_deref().map(term),
                    ..d.location.clone()
                },
                message: term(&d.message),
                // Already escaped when cut from the file; again for a report read back from JSON.
                source: d.source.as_deref().map(term),
                ..d.clone()
            };
            for line in crate::diagnostic::render_text(&shown, st.color).lines() {
                let _ = writeln!(o, "  {line}");
            }
        }
        return;
    }
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
    let level = match f.status() {
        FindingStatus::Blocking | FindingStatus::WaiverExpired => st.red("DENY"),
        FindingStatus::Waived => st.dim("WAIVED"),
        FindingStatus::Warning => st.yellow("WARN"),
        FindingStatus::Off => st.dim("OFF"),
    };
    let _ = writeln!(
        o,
        "  {level} {} [{}] {}",
        st.bold(&term(&f.rule_id)),
        f.severity,
        term(&f.title)
    );
    let _ = writeln!(o, "       {}", term(&f.message));
    if f.location.file.is_some() {
        let _ = writeln!(
            o,
            "       {} {}",
            st.dim("at"),
            term(&f.location.to_string())
        );
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
