//! Table tests of waivers: which waiver accepts which finding, and the findings modelgate makes
//! about waivers that expired, matched nothing, are not signed or run too long.

use super::super::*;
use super::decide::{decide_one, input, policies, raw, today};
use crate::config::{Signed, Waiver};

fn waiver(rule: &str, expires: &str) -> Waiver {
    Waiver {
        rule: rule.into(),
        target: None,
        release: None,
        reason: "accepted".into(),
        approved_by: "a@example.com".into(),
        expires: expires.into(),
        signature: None,
        signed: Signed::NotRequired,
        line: Some(3),
        file: Some("waivers.yaml".into()),
    }
}

fn with(w: &Waiver, edit: impl FnOnce(&mut Waiver)) -> Waiver {
    let mut w = w.clone();
    edit(&mut w);
    w
}

/// One finding of `rule` on target `ds1` of release `rel`, decided under `waivers`: its status,
/// how many findings each waiver matched, and the findings about the waivers.
fn run(
    rule: &str,
    level: Level,
    waivers: Vec<Waiver>,
    selection: Selection,
) -> (FindingStatus, Vec<usize>, Vec<String>) {
    let config = Config {
        waivers,
        ..Config::default()
    };
    let mut used = vec![0; config.waivers.len()];
    let b = decide(
        "b",
        &input(None),
        vec![raw(
            level,
            serde_json::json!({"id": rule, "msg": "m", "target": "ds1"}),
        )],
        &policies(),
        &config,
        today(),
        &mut used,
    );
    let about = waiver_findings(&config, today(), &used, selection)
        .iter()
        .map(|f| format!("{} {}", f.rule_id, f.location))
        .collect();
    (b.findings[0].status(), used, about)
}

/// (rule of the finding, its set, waivers, status, matches per waiver, findings about the
/// waivers).
type WaiverRow = (
    &'static str,
    Level,
    Vec<Waiver>,
    FindingStatus,
    Vec<usize>,
    Vec<&'static str>,
);

/// Which waiver accepts which finding; each row is a [`WaiverRow`]. The decision date is
/// 2026-06-01; the longest lifetime is 365 days.
#[test]
fn waiver_table() {
    use FindingStatus::*;
    use Level::{Deny, Warn};
    let valid = waiver("t-deny", "2026-12-31");
    let expired = waiver("t-deny", "2026-05-31");
    let unused = || vec!["waiver-unused waivers.yaml:3"];
    let expired_note = || vec!["waiver-expired waivers.yaml:3"];
    #[rustfmt::skip]
    let cases: Vec<WaiverRow> = vec![
        ("t-deny", Deny, vec![], Blocking, vec![], vec![]),
        ("t-deny", Deny, vec![valid.clone()], Waived, vec![1], vec![]),
        ("t-deny", Warn, vec![valid.clone()], Waived, vec![1], vec![]),
        // The last day of a waiver still counts; the day after, the deny blocks again.
        ("t-deny", Deny, vec![waiver("t-deny", "2026-06-01")], Waived, vec![1], vec![]),
        ("t-deny", Deny, vec![expired.clone()], WaiverExpired, vec![1], expired_note()),
        ("t-deny", Warn, vec![expired.clone()], Warning, vec![1], expired_note()),
        // A valid waiver wins over an expired one, in either order.
        ("t-deny", Deny, vec![expired.clone(), valid.clone()], Waived, vec![1, 1], expired_note()),
        ("t-deny", Deny, vec![valid.clone(), expired.clone()], Waived, vec![1, 1], expired_note()),
        // Rule, target (exact or glob) and release must all match.
        ("t-low", Deny, vec![valid.clone()], Blocking, vec![0], unused()),
        ("t-deny", Deny, vec![with(&valid, |w| w.target = Some("ds*".into()))], Waived, vec![1], vec![]),
        ("t-deny", Deny, vec![with(&valid, |w| w.target = Some("ds1".into()))], Waived, vec![1], vec![]),
        ("t-deny", Deny, vec![with(&valid, |w| w.target = Some("other".into()))], Blocking, vec![0], unused()),
        ("t-deny", Deny, vec![with(&valid, |w| w.release = Some("rel".into()))], Waived, vec![1], vec![]),
        ("t-deny", Deny, vec![with(&valid, |w| w.release = Some("other".into()))], Blocking, vec![0], unused()),
        // A waiver that is not signed where signatures are required, or that runs too long,
        // matches but does not apply, and says why (not that it is unused).
        ("t-deny", Deny, vec![with(&valid, |w| w.signed = Signed::Invalid("no signature".into()))], Blocking, vec![1],
            vec!["waiver-unsigned waivers.yaml:3"]),
        ("t-deny", Deny, vec![with(&valid, |w| w.signed = Signed::Valid("k1".into()))], Waived, vec![1], vec![]),
        ("t-deny", Deny, vec![waiver("t-deny", "2027-06-01")], Waived, vec![1], vec![]),
        ("t-deny", Deny, vec![waiver("t-deny", "2027-06-02")], Blocking, vec![1], vec!["waiver-too-long waivers.yaml:3"]),
        // A finding turned off takes no waiver, so the waiver is unused.
        ("t-ended", Deny, vec![waiver("t-ended", "2026-12-31")], Off, vec![0], unused()),
    ];
    for (i, (rule, level, waivers, status, used, about)) in cases.into_iter().enumerate() {
        let (got, got_used, got_about) = run(rule, level, waivers, Selection::All);
        assert_eq!(got, status, "case {i}: status");
        assert_eq!(got_used, used, "case {i}: matches");
        assert_eq!(got_about, about, "case {i}: findings about the waivers");
    }
}

/// In a run of the changed bundles only, a waiver that matched nothing may be for a bundle the
/// run did not judge: it is not reported; the other waiver findings still are.
#[test]
fn changed_runs_do_not_report_unused_waivers() {
    let unused = waiver("t-low", "2026-12-31");
    let expired = waiver("t-deny", "2026-05-31");
    let (_, _, about) = run(
        "t-deny",
        Level::Deny,
        vec![unused.clone(), expired.clone()],
        Selection::All,
    );
    assert_eq!(
        about,
        [
            "waiver-unused waivers.yaml:3",
            "waiver-expired waivers.yaml:3"
        ]
    );
    let (_, _, about) = run(
        "t-deny",
        Level::Deny,
        vec![unused, expired],
        Selection::Changed,
    );
    assert_eq!(about, ["waiver-expired waivers.yaml:3"]);
}

/// The applied waiver is shown with the finding, with where it is written.
#[test]
fn the_applied_waiver_is_recorded() {
    let config = Config {
        waivers: vec![waiver("t-deny", "2026-12-31")],
        ..Config::default()
    };
    let f = decide_one(
        &config,
        None,
        raw(Level::Deny, serde_json::json!({"id": "t-deny"})),
    );
    assert_eq!(
        f.waiver,
        Some(AppliedWaiver {
            reason: "accepted".into(),
            approved_by: "a@example.com".into(),
            expires: "2026-12-31".into(),
            expired: false,
            source: Some("waivers.yaml:3".into()),
        })
    );
}

/// Findings about waivers are warnings of the waiver policy at the waiver's place, unless an
/// enforcement entry changes their level.
#[test]
fn waiver_findings_take_their_level_from_enforcement() {
    let mut config = Config {
        waivers: vec![waiver("t-deny", "2026-05-31")],
        ..Config::default()
    };
    let about = waiver_findings(&config, today(), &[1], Selection::All);
    assert_eq!(about.len(), 1);
    let f = &about[0];
    assert_eq!(
        (f.rule_id.as_str(), f.level, f.severity, f.target.as_deref()),
        (WAIVER_EXPIRED, Level::Warn, Severity::Low, Some("t-deny"))
    );
    assert_eq!(f.controls, ["modelgate waiver policy"]);
    assert_eq!(f.enforcement, None);
    config.enforcement = vec![crate::config::Enforcement {
        rule: "waiver-*".into(),
        environments: Vec::new(),
        level: crate::config::EnforcementLevel::Deny,
    }];
    let f = &waiver_findings(&config, today(), &[1], Selection::All)[0];
    assert_eq!(f.level, Level::Deny);
    assert_eq!(f.declared_level, Level::Warn);
    assert_eq!(
        f.enforcement.as_deref(),
        Some("enforcement[0]: waiver-* is deny")
    );
    assert!(f.blocks());
}
