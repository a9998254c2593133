//! Table tests of the decide step: the level a finding ends at after its rule's regime and the
//! enforcement entries, rule metadata joined by id, and the order of a bundle's findings.

use super::super::*;
use crate::config::{Enforcement, EnforcementLevel};
use crate::input::Input;
use crate::policy::RawFinding;
use chrono::NaiveDate;

/// The decision date of every test: after `t-ended`'s regime ended, before `t-future`'s begins.
pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fn rule(id: &str, severity: Severity, regime: Option<(&str, &str, Option<&str>)>) -> RuleMeta {
    RuleMeta {
        id: id.into(),
        title: format!("title of {id}"),
        description: String::new(),
        severity,
        controls: vec![format!("control of {id}")],
        remediation: format!("fix {id}"),
        package: "data.modelgate.t".into(),
        level: Level::Deny,
        file: "t.rego".into(),
        line: 1,
        regime: regime.map(|r| r.0.to_string()),
        effective_from: regime.map(|r| r.1.to_string()),
        until: regime.and_then(|r| r.2.map(str::to_string)),
    }
}

/// `t-deny` and `t-low` always apply; `t-future`'s regime starts after [`today`], `t-ended`'s
/// ended before it.
pub(super) fn policies() -> PolicySet {
    PolicySet {
        rules: vec![
            rule("t-deny", Severity::High, None),
            rule("t-low", Severity::Low, None),
            rule(
                "t-future",
                Severity::High,
                Some(("future-law", "2030-01-01", None)),
            ),
            rule(
                "t-ended",
                Severity::High,
                Some(("old-law", "2000-01-01", Some("2020-01-01"))),
            ),
        ],
        ..PolicySet::default()
    }
}

/// A finding `value` from the `level` set of package `modelgate.t`.
pub(super) fn raw(level: Level, value: serde_json::Value) -> RawFinding {
    RawFinding {
        package: "modelgate.t".into(),
        level,
        value,
    }
}

/// A bundle named `rel`, deployed to `env`.
pub(super) fn input(env: Option<&str>) -> Input {
    let mut i = Input::default();
    i.manifest.name = Some("rel".into());
    i.manifest.environment = env.map(str::to_string);
    i
}

pub(super) fn decide_one(config: &Config, env: Option<&str>, f: RawFinding) -> Finding {
    let mut used = vec![0; config.waivers.len()];
    let b = decide(
        "b",
        &input(env),
        vec![f],
        &policies(),
        config,
        today(),
        &mut used,
    );
    assert_eq!(b.findings.len(), 1);
    b.findings.into_iter().next().unwrap()
}

fn enforce(rule: &str, envs: &[&str], level: EnforcementLevel) -> Enforcement {
    Enforcement {
        rule: rule.into(),
        environments: envs.iter().map(|e| e.to_string()).collect(),
        level,
    }
}

/// (rule, set it came from, enforcement entries, environment, level applied, regime note,
/// enforcement note).
type LevelRow = (
    &'static str,
    Level,
    Vec<Enforcement>,
    Option<&'static str>,
    Level,
    Option<&'static str>,
    Option<&'static str>,
);

/// Regime first, then the last matching enforcement entry; each row is a [`LevelRow`].
#[test]
fn level_table() {
    use EnforcementLevel as E;
    use Level::*;
    let not_yet = Some("future-law: applies from 2030-01-01");
    let ended = Some("old-law: no longer applies since 2020-01-01");
    #[rustfmt::skip]
    let cases: Vec<LevelRow> = vec![
        ("t-deny", Deny, vec![], None, Deny, None, None),
        ("t-deny", Warn, vec![], None, Warn, None, None),
        // A regime not yet in force turns a deny into a warning; an ended one turns it off.
        ("t-future", Deny, vec![], None, Warn, not_yet, None),
        ("t-future", Warn, vec![], None, Warn, not_yet, None),
        ("t-ended", Deny, vec![], None, Off, ended, None),
        ("t-ended", Warn, vec![], None, Off, ended, None),
        // Enforcement by glob, in every environment.
        ("t-deny", Deny, vec![enforce("t-*", &[], E::Warn)], Some("prod"), Warn, None,
            Some("enforcement[0]: t-* is warn in every environment")),
        // An entry for other environments does not apply, nor one without any environment.
        ("t-deny", Deny, vec![enforce("t-deny", &["prod"], E::Off)], Some("staging"), Deny, None, None),
        ("t-deny", Deny, vec![enforce("t-deny", &["prod"], E::Off)], None, Deny, None, None),
        ("t-deny", Deny, vec![enforce("t-deny", &["dev", "prod"], E::Off)], Some("prod"), Off, None,
            Some("enforcement[0]: t-deny is off in dev, prod")),
        // An entry that confirms the level is not reported as a change.
        ("t-deny", Deny, vec![enforce("t-deny", &[], E::Deny)], None, Deny, None, None),
        // The last matching entry decides.
        ("t-deny", Deny, vec![enforce("t-*", &[], E::Off), enforce("t-deny", &[], E::Deny)], None, Deny, None, None),
        ("t-deny", Deny, vec![enforce("t-deny", &[], E::Warn), enforce("t-*", &[], E::Off)], None, Off, None,
            Some("enforcement[1]: t-* is off in every environment")),
        // Enforcement is the organisation's explicit choice: it overrides the regime.
        ("t-future", Deny, vec![enforce("t-future", &[], E::Deny)], None, Deny, not_yet,
            Some("enforcement[0]: t-future is deny in every environment")),
        ("t-ended", Deny, vec![enforce("t-ended", &[], E::Warn)], None, Warn, ended,
            Some("enforcement[0]: t-ended is warn in every environment")),
        // Another rule's entry changes nothing.
        ("t-deny", Deny, vec![enforce("t-low", &[], E::Off)], None, Deny, None, None),
    ];
    for (i, (rule, declared, enforcement, env, level, regime, note)) in
        cases.into_iter().enumerate()
    {
        let config = Config {
            enforcement,
            ..Config::default()
        };
        let f = decide_one(
            &config,
            env,
            raw(declared, serde_json::json!({"id": rule, "msg": "m"})),
        );
        assert_eq!(f.rule_id, rule, "case {i}");
        assert_eq!(
            f.declared_level, declared,
            "case {i}: the declared level is kept"
        );
        assert_eq!(f.level, level, "case {i}: level");
        assert_eq!(f.regime.as_deref(), regime, "case {i}: regime");
        assert_eq!(f.enforcement.as_deref(), note, "case {i}: enforcement");
    }
}

/// A bundle blocks when one finding blocks, and approves otherwise.
#[test]
fn verdict_table() {
    use Level::*;
    let cases: Vec<(Vec<(&str, Level)>, Verdict)> = vec![
        (vec![], Verdict::Approve),
        (vec![("t-deny", Warn)], Verdict::Approve),
        (vec![("t-future", Deny)], Verdict::Approve),
        (vec![("t-ended", Deny)], Verdict::Approve),
        (vec![("t-deny", Deny)], Verdict::Block),
        (vec![("t-low", Warn), ("t-deny", Deny)], Verdict::Block),
    ];
    for (findings, want) in cases {
        let raws = findings
            .iter()
            .map(|(id, l)| raw(*l, serde_json::json!({"id": id})))
            .collect();
        let b = decide(
            "b",
            &input(None),
            raws,
            &policies(),
            &Config::default(),
            today(),
            &mut [],
        );
        assert_eq!(b.verdict, want, "{findings:?}");
        assert_eq!(b.name.as_deref(), Some("rel"));
    }
}

/// A finding takes its rule's metadata by id; one without an annotated id is kept, with a
/// default severity by the set it came from, and says so.
#[test]
fn metadata_joins_by_id() {
    let config = Config::default();
    let f = decide_one(
        &config,
        None,
        raw(
            Level::Warn,
            serde_json::json!({"id": "t-low", "msg": "m", "file": "card.md", "line": 4, "pointer": "/a", "target": "ds1"}),
        ),
    );
    assert_eq!(
        (
            f.severity,
            f.title.as_str(),
            f.remediation.as_str(),
            f.controls.clone()
        ),
        (
            Severity::Low,
            "title of t-low",
            "fix t-low",
            vec!["control of t-low".to_string()]
        )
    );
    assert_eq!(f.package, "data.modelgate.t");
    assert_eq!(f.location.to_string(), "card.md:4 /a");
    assert_eq!(f.target.as_deref(), Some("ds1"));

    // (value, set, rule id, severity, title)
    let cases = [
        (
            serde_json::json!({"msg": "m"}),
            Level::Deny,
            UNANNOTATED,
            Severity::High,
            "deny rule of modelgate.t without METADATA",
        ),
        (
            serde_json::json!({"id": "", "msg": "m"}),
            Level::Warn,
            UNANNOTATED,
            Severity::Medium,
            "warn rule of modelgate.t without METADATA",
        ),
        (
            serde_json::json!({"id": "nope", "msg": "m"}),
            Level::Warn,
            "nope",
            Severity::Medium,
            "warn rule of modelgate.t without METADATA",
        ),
        (
            serde_json::json!("just text"),
            Level::Deny,
            UNANNOTATED,
            Severity::High,
            "deny rule of modelgate.t without METADATA",
        ),
    ];
    for (value, level, id, severity, title) in cases {
        let f = decide_one(&config, None, raw(level, value.clone()));
        assert_eq!(
            (f.rule_id.as_str(), f.level, f.severity, f.title.as_str()),
            (id, level, severity, title),
            "{value}"
        );
        assert!(f.controls.is_empty(), "{value}");
        assert!(f.remediation.contains("METADATA"), "{value}");
    }
    // The message is `msg`, else the value itself; a line 0 is no line.
    let f = decide_one(
        &config,
        None,
        raw(Level::Deny, serde_json::json!("just text")),
    );
    assert_eq!(f.message, "just text");
    let f = decide_one(
        &config,
        None,
        raw(Level::Deny, serde_json::json!({"id": "t-deny", "line": 0})),
    );
    assert_eq!(f.message, r#"{"id":"t-deny","line":0}"#);
    assert_eq!(f.location.line, None);
}

/// Findings come deny before warn before off, then by severity (highest first), rule id, file,
/// line and message; a finding reported twice is kept once.
#[test]
fn findings_are_sorted_and_deduplicated() {
    let at = |id: &str, level: Level, file: &str, line: u64| {
        raw(
            level,
            serde_json::json!({"id": id, "msg": "m", "file": file, "line": line}),
        )
    };
    let raws = vec![
        at("t-ended", Level::Deny, "a", 1),
        at("t-low", Level::Warn, "a", 1),
        at("t-deny", Level::Warn, "a", 1),
        at("t-low", Level::Deny, "b", 1),
        at("t-deny", Level::Deny, "b", 2),
        at("t-deny", Level::Deny, "b", 1),
        at("t-deny", Level::Deny, "a", 9),
        at("t-deny", Level::Deny, "b", 1),
    ];
    let b = decide(
        "b",
        &input(None),
        raws,
        &policies(),
        &Config::default(),
        today(),
        &mut [],
    );
    let got: Vec<String> = b
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.level, f.rule_id, f.location))
        .collect();
    assert_eq!(
        got,
        [
            "deny t-deny a:9",
            "deny t-deny b:1",
            "deny t-deny b:2",
            "deny t-low b:1",
            "warn t-deny a:1",
            "warn t-low a:1",
            "off t-ended a:1",
        ]
    );
}
