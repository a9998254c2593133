//! JUnit XML for CI dashboards.

use crate::decision::{Finding, FindingStatus, Report};
use std::fmt::Write;

/// JUnit XML for CI dashboards: a test suite per bundle and a test case per rule evaluated; a
/// blocking finding is a failure, a bundle that could not be evaluated an error. Warnings and
/// waived findings pass, with their messages in `system-out`.
pub fn junit(report: &Report) -> Result<String, String> {
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
    out.to_string().map_err(|e| e.to_string())
}

/// One line for a finding: level, message, location.
fn finding_line(f: &Finding) -> String {
    let level = match f.status() {
        FindingStatus::Blocking | FindingStatus::WaiverExpired => "deny",
        FindingStatus::Waived => "waived",
        FindingStatus::Warning => "warn",
        FindingStatus::Off => "off",
    };
    let mut s = format!("{level}: {}", f.message);
    if f.location.file.is_some() {
        let _ = write!(s, " ({})", f.location);
    }
    s
}
