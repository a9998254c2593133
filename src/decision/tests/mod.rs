//! Tests of the result model: finding statuses, summaries, locations and the own-finding codes.

use super::*;

mod decide;
mod waivers;

fn finding(level: Level, waiver_expired: Option<bool>) -> Finding {
    Finding {
        rule_id: "r".into(),
        level,
        severity: Severity::High,
        title: String::new(),
        message: String::new(),
        controls: Vec::new(),
        remediation: String::new(),
        package: String::new(),
        location: FindingLocation::default(),
        target: None,
        declared_level: level,
        enforcement: None,
        regime: None,
        waiver: waiver_expired.map(|expired| AppliedWaiver {
            reason: "accepted".into(),
            approved_by: "a@example.com".into(),
            expires: "2027-01-01".into(),
            expired,
            source: None,
        }),
    }
}

/// Every (level, waiver) pair has one status, and only a deny without a valid waiver blocks.
#[test]
fn status_table() {
    use FindingStatus::*;
    let cases = [
        (Level::Deny, None, Blocking),
        (Level::Deny, Some(true), WaiverExpired),
        (Level::Deny, Some(false), Waived),
        (Level::Warn, None, Warning),
        (Level::Warn, Some(false), Waived),
        (Level::Warn, Some(true), Warning),
        (Level::Off, None, Off),
    ];
    for (level, waiver, want) in cases {
        let f = finding(level, waiver);
        assert_eq!(f.status(), want, "{level} {waiver:?}");
        assert_eq!(f.blocks(), matches!(want, Blocking | WaiverExpired));
    }
    let all = [Blocking, WaiverExpired, Waived, Warning, Off];
    let names: std::collections::BTreeSet<&str> = all.iter().map(|s| s.as_str()).collect();
    assert_eq!(names.len(), all.len());
}

/// Each finding is counted once, by its status; a bundle's verdict counts it once.
#[test]
fn summaries_count_each_finding_once() {
    let mut b = BundleReport::empty(Verdict::Block);
    b.findings = vec![
        finding(Level::Deny, None),
        finding(Level::Deny, Some(true)),
        finding(Level::Deny, Some(false)),
        finding(Level::Warn, None),
        finding(Level::Warn, Some(false)),
        finding(Level::Off, None),
    ];
    let s = b.summary();
    assert_eq!(
        (s.bundles, s.blocked, s.deny, s.waived, s.warn, s.off),
        (1, 1, 2, 2, 1, 1)
    );
    assert_eq!(
        s.deny + s.waived + s.warn + s.off,
        b.findings.len(),
        "no finding counted twice"
    );
}

/// Codes of modelgate's own findings are unique and never a built-in rule's id, so that
/// `explain CODE`, waivers and enforcement entries name one thing.
#[test]
fn diagnostic_codes_are_unique() {
    let mut seen = std::collections::BTreeSet::new();
    for d in DIAGNOSTICS {
        assert!(seen.insert(d.0), "{} twice", d.0);
    }
    let builtin = PolicySet::builtin(false).unwrap();
    for r in &builtin.rules {
        assert!(
            !seen.contains(r.id.as_str()),
            "{} is a rule and a diagnostic",
            r.id
        );
    }
    assert!(
        seen.contains(UNANNOTATED),
        "findings of unannotated rules are explained"
    );
}

#[test]
fn locations_display_what_is_known() {
    let at = |file: Option<&str>, line: Option<usize>, pointer: Option<&str>| {
        FindingLocation {
            column: None,
            file: file.map(str::to_string),
            line,
            pointer: pointer.map(str::to_string),
        }
        .to_string()
    };
    assert_eq!(at(Some("a.json"), Some(3), Some("/x/0")), "a.json:3 /x/0");
    assert_eq!(at(Some("a.json"), None, None), "a.json");
    assert_eq!(at(None, None, Some("/x")), "at /x");
    assert_eq!(at(None, Some(2), None), "line 2");
    assert_eq!(at(None, None, None), "");
}

/// (bundle verdicts, run-level finding levels, selection, verdict, summary deny/warn/off).
type RunRow = (
    Vec<Verdict>,
    Vec<Level>,
    Selection,
    Verdict,
    (usize, usize, usize),
);

/// The run's verdict: an errored bundle, or no bundle in a full run, is an error; a blocked
/// bundle or a blocking run-level finding blocks; run-level warnings only show. Each row
/// is a [`RunRow`].
#[test]
fn run_verdict_table() {
    use Verdict::*;
    #[rustfmt::skip]
    let cases: Vec<RunRow> = vec![
        (vec![], vec![], Selection::All, Error, (0, 0, 0)),
        (vec![], vec![], Selection::Changed, Approve, (0, 0, 0)),
        (vec![], vec![Level::Deny], Selection::Changed, Block, (1, 0, 0)),
        (vec![], vec![Level::Warn], Selection::Changed, Approve, (0, 0, 0)),
        (vec![Approve], vec![], Selection::All, Approve, (0, 0, 0)),
        (vec![Approve], vec![Level::Warn, Level::Off], Selection::All, Approve, (0, 0, 1)),
        (vec![Approve], vec![Level::Deny], Selection::All, Block, (1, 0, 0)),
        (vec![Approve, Block], vec![], Selection::All, Block, (0, 0, 0)),
        (vec![Block, Error], vec![], Selection::All, Error, (0, 0, 0)),
        (vec![Approve], vec![Level::Deny], Selection::Changed, Block, (1, 0, 0)),
    ];
    for (i, (bundles, run, selection, want, (deny, warn, off))) in cases.into_iter().enumerate() {
        let bundles: Vec<BundleReport> = bundles.into_iter().map(BundleReport::empty).collect();
        let n = bundles.len();
        let findings = run.into_iter().map(|l| finding(l, None)).collect();
        let r = Report::new(
            "2026-06-01T00:00:00Z".into(),
            &PolicySet::default(),
            &Config::default(),
            bundles,
            findings,
            selection,
        );
        assert_eq!(r.verdict, want, "case {i}");
        let code = match want {
            Approve => 0,
            Block => 1,
            Error => 2,
        };
        assert_eq!(r.exit_status().code(), code, "case {i}: exit code");
        assert_eq!(r.summary.bundles, n, "case {i}");
        assert_eq!(
            (r.summary.deny, r.summary.warn, r.summary.off),
            (deny, warn, off),
            "case {i}: counts"
        );
    }
}
