use super::*;

/// Two annotated rules, a `deny` and a `warn`, of one package.
const SAMPLE: &str = include_str!("../../tests/fixtures/policy/sample.rego");

/// Two Rego rules of one name in a package are one rule with two bodies, true when either
/// is: a second `test_x` would silently let a failing first one pass.
#[test]
fn builtin_test_names_are_unique_per_file() {
    for (name, text) in BUILTIN_TESTS {
        let mut seen = std::collections::BTreeSet::new();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("test_") else {
                continue;
            };
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                seen.insert(id.clone()),
                "{name}: test_{id} is defined twice"
            );
        }
    }
}

/// Every built-in rule names the regime it enforces (dates checked against the table when
/// parsed), so that reports can say which law applied on the decision date.
#[test]
fn builtin_rules_name_their_regime() {
    let set = PolicySet::builtin(false).unwrap();
    let missing: Vec<&str> = set
        .rules
        .iter()
        .filter(|r| r.regime.is_none())
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without custom.regime: {missing:?}"
    );
    let unknown: Vec<String> = set
        .rules
        .iter()
        .filter_map(|r| r.regime.as_deref())
        .filter(|r| crate::regime::builtin(r).is_none())
        .map(str::to_string)
        .collect();
    assert!(
        unknown.is_empty(),
        "built-in rules with regimes not in regime::REGIMES: {unknown:?}"
    );
}

#[test]
fn a_regime_date_that_disagrees_with_the_table_is_refused() {
    let text = "package modelgate.x\n\n# METADATA\n# title: T\n# custom:\n#   id: x-rule\n#   regime: gdpr\n#   effective_from: \"2019-01-01\"\n#   severity: high\n#   controls: [\"GDPR Art. 5\"]\n#   remediation: R\ndeny contains f if {\n\tf := {}\n}\n";
    let e = parse_annotations("x.rego", text, "modelgate.x")
        .unwrap_err()
        .to_string();
    assert!(e.contains("regime gdpr applies from 2018-05-25"), "{e}");
    let own = text
        .replace("regime: gdpr", "regime: org-2027")
        .replace("2019-01-01", "2027-01-01");
    let r = parse_annotations("x.rego", &own, "modelgate.x").unwrap();
    assert_eq!(r[0].effective_from.as_deref(), Some("2027-01-01"));
    let undated = own.replace("#   effective_from: \"2027-01-01\"\n", "");
    assert!(parse_annotations("x.rego", &undated, "modelgate.x").is_err());
    let bad = own.replace("2027-01-01", "1 Jan 2027");
    assert!(parse_annotations("x.rego", &bad, "modelgate.x").is_err());
}

#[test]
fn annotations_are_parsed_and_joined() {
    let rules = parse_annotations("s.rego", SAMPLE, "modelgate.sample").unwrap();
    insta::assert_debug_snapshot!(rules);
}

#[test]
fn standard_opa_keys_are_accepted_and_typos_refused() {
    let ok = "package p\n# METADATA\n# title: t\n# authors: [a <a@example.com>]\n# related_resources: [https://example.com]\n# custom:\n#   id: x\n#   severity: low\n#   controls: [c]\n#   remediation: r\ndeny contains f if { f := {} }\n";
    assert_eq!(parse_annotations("a.rego", ok, "p").unwrap()[0].id, "x");
    let typo = ok.replace("# authors:", "# author:");
    let e = parse_annotations("a.rego", &typo, "p")
        .unwrap_err()
        .to_string();
    assert!(e.contains("a.rego") && e.contains("author"), "{e}");
}

#[test]
fn missing_fields_are_errors_with_location() {
    let bad = "package p\n# METADATA\n# title: t\n# custom:\n#   id: x\ndeny contains f if { true; f := {} }\n";
    let e = parse_annotations("b.rego", bad, "p")
        .unwrap_err()
        .to_string();
    assert!(e.contains("b.rego:2") && e.contains("severity"), "{e}");
    let bad = "package p\n# METADATA\n# title: t\nallow if true\n";
    let e = parse_annotations("b.rego", bad, "p")
        .unwrap_err()
        .to_string();
    assert!(e.contains("deny") && e.contains("allow if true"), "{e}");
}

#[test]
fn evaluates_deny_and_warn() {
    let mut set = PolicySet::default();
    set.add_module("s.rego", SAMPLE, false).unwrap();
    let mut ev = set.engine(DEFAULT_TIMEOUT).unwrap();
    let f = ev
        .evaluate(&serde_json::json!({"x": 1, "y": true}))
        .unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].level, Level::Deny);
    assert_eq!(f[0].value["id"], "sample-rule");
    assert_eq!(f[1].level, Level::Warn);
    let f = ev.evaluate(&serde_json::json!({"x": 2})).unwrap();
    assert!(f.is_empty());
}

/// The built-in sets evaluated in one query give exactly what each set evaluated on its own
/// gives, and the one query is what `evaluate` takes (not the fallback).
#[test]
fn builtin_sets_together_equal_each_on_its_own() {
    let set = PolicySet::builtin(false).unwrap();
    let mut ev = set.engine(DEFAULT_TIMEOUT).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = crate::pipeline::Options {
        now: crate::time::parse_now("2026-11-29T12:00:00Z").unwrap(),
        ..Default::default()
    };
    for bundle in [
        "examples/blocked-gdpr",
        "examples/blocked-operations",
        "examples/blocked-undocumented",
    ] {
        let input = crate::pipeline::load_input(&root.join(bundle), &set, &opts).unwrap();
        let input = serde_json::to_value(&input).unwrap();
        ev.set_input(&input);
        let together = ev.evaluate_together().unwrap().expect("one query");
        let each = ev.evaluate_each().unwrap();
        assert!(!each.is_empty(), "{bundle}");
        assert_eq!(together, each, "{bundle}");
    }
    // A set that is not findings is refused either way.
    let mut bad = PolicySet::default();
    bad.add_module("b.rego", "package modelgate.bad\n\ndeny := 3\n", false)
        .unwrap();
    let mut ev = bad.engine(DEFAULT_TIMEOUT).unwrap();
    let e = ev.evaluate(&serde_json::json!({})).unwrap_err().to_string();
    assert!(e.contains("must be a set of findings"), "{e}");
}

#[test]
fn runaway_policy_times_out() {
    let mut set = PolicySet::default();
    let text = "package modelgate.slow\n\ndeny contains f if {\n\tsome a in numbers.range(1, 3000)\n\tsome b in numbers.range(1, 3000)\n\ta * b == -1\n\tf := {\"id\": \"x\"}\n}\n";
    set.add_module("slow.rego", text, false).unwrap();
    let mut ev = set.engine(Duration::from_millis(50)).unwrap();
    let e = ev.evaluate(&serde_json::json!({})).unwrap_err().to_string();
    assert!(e.contains("policy error"), "{e}");
}

#[test]
fn builtin_library_compiles_and_ids_are_unique() {
    let set = PolicySet::builtin(true).unwrap();
    assert!(set.rules.len() >= 5);
    set.engine(DEFAULT_TIMEOUT).unwrap();
    let mut ids: Vec<_> = set.rules.iter().map(|r| &r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), set.rules.len());
}

/// Policy-stage failures are typed: a caller (and a test) tells a duplicate id from a module
/// without a package or one the engine refuses, without matching message text.
#[test]
fn policy_errors_are_typed_by_stage() {
    use crate::error::{Error, PolicyError};
    let mut set = PolicySet::builtin(false).unwrap();
    let e = set
        .add_module("x.rego", "deny contains x if { x := 1 }\n", false)
        .unwrap_err();
    assert!(
        matches!(e, Error::Policy(PolicyError::NoPackage { .. })),
        "{e:?}"
    );
    let mut set = PolicySet::builtin(false).unwrap();
    set.add_module("a.rego", SAMPLE, false).unwrap();
    let e = set.add_module("b.rego", SAMPLE, false).unwrap_err();
    assert!(
        matches!(e, Error::Policy(PolicyError::DuplicateId { .. })),
        "{e:?}"
    );
    let mut set = PolicySet::builtin(false).unwrap();
    set.add_module("c.rego", "package c\n\ndeny contains x if {\n", false)
        .unwrap();
    let e = set.engine(std::time::Duration::from_secs(5)).err().unwrap();
    assert!(matches!(e, Error::Policy(PolicyError::Compile(_))), "{e:?}");
}
