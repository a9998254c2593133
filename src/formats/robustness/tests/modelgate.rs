//! modelgate's `robustness.json`: the valid fixture, malformed fixtures, ranges and shapes,
//! and the JSON Schema its types generate.

use super::*;

#[test]
fn modelgate_valid_fixture() {
    let r = match load_fixture("robustness/valid.json") {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.format, "modelgate-robustness");
    // Source, tool and version, model digest, date, clean accuracy, no probes, and three
    // attacks: white-box L∞ PGD with every figure, an L2 attack with its own clean accuracy
    // and no success rate, a black-box attack without norm or epsilon.
    snapshot("valid.json", &r);
}

#[test]
fn modelgate_bad_fixtures_name_pointer_and_line() {
    let e = fixture_error("robustness/bad-range.json");
    assert!(e.ends_with("bad-range.json: line 30, at /attacks/1/robustAccuracy: robustAccuracy must be between 0 and 1, got 1.2"), "{e}");

    let e = fixture_error("robustness/bad-sha256.json");
    assert!(
        e.contains("line 10, at /model/sha256: model.sha256 must be 64 lower-case hex"),
        "{e}"
    );

    let e = fixture_error("robustness/bad-date.json");
    assert!(
        e.contains("line 12, at /date: date must be an RFC 3339"),
        "{e}"
    );

    let e = fixture_error("robustness/bad-threat-model.json");
    assert!(
        e.contains("at /attacks/2/threatModel")
            && e.contains("unknown variant `grey-box`")
            && e.contains("line "),
        "{e}"
    );

    let e = fixture_error("robustness/bad-unknown-field.json");
    assert!(
        e.contains("unknown field `epsilonn`") && e.contains("/attacks/0/epsilonn"),
        "{e}"
    );

    let e = fixture_error("robustness/bad-missing-model.json");
    assert!(e.contains("missing field `model`"), "{e}");

    let e = fixture_error("robustness/bad-type.json");
    assert!(
        e.contains("at /attacks/0/samples") && e.contains("invalid type: string \"1000\""),
        "{e}"
    );

    let e = fixture_error("robustness/bad-truncated.json");
    assert!(
        e.contains("line 23, column 3") && e.contains("invalid JSON: EOF while parsing"),
        "{e}"
    );
}

#[test]
fn modelgate_minimal_and_ranges() {
    let r = match load_str("r.json", &minimal("")) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.tool.as_deref(), Some("foolbox"));
    assert_eq!(r.tool_version, None);
    assert_eq!(r.clean_accuracy, None);
    assert_eq!(r.date.as_deref(), Some("2025-01-02T03:04:05+01:00"));
    assert_eq!(r.attacks[0].norm, None);

    for (extra, pointer) in [
        (r#","epsilon":-0.1"#, "/attacks/0/epsilon"),
        (r#","samples":0"#, "/attacks/0/samples"),
        (
            r#","attackSuccessRate":1.5"#,
            "/attacks/0/attackSuccessRate",
        ),
        (r#","cleanAccuracy":-0.01"#, "/attacks/0/cleanAccuracy"),
    ] {
        let e = fails("r.json", &minimal(extra));
        assert!(
            e.contains(&format!("line 2, at {pointer}: ")),
            "{extra}: {e}"
        );
    }
    let e = fails(
        "r.json",
        &minimal("").replace("modelgate.dev/v1", "modelgate.dev/v2"),
    );
    assert!(
        e.contains("line 1, at /apiVersion: apiVersion must be \"modelgate.dev/v1\""),
        "{e}"
    );
    let e = fails("r.json", &minimal("").replace("RobustnessReport", "Report"));
    assert!(e.contains("at /kind"), "{e}");
    let e = fails(
        "r.json",
        &minimal("").replace(r#"{"name":"foolbox"}"#, r#"["foolbox"]"#),
    );
    assert!(
        e.contains("at /tool") && e.contains("invalid type: sequence, expected a JSON object"),
        "{e}"
    );
    let e = fails(
        "r.json",
        &minimal("").replace(
            r#"[{"name":"FGSM","threatModel":"white-box"}]"#,
            r#"[["FGSM","white-box"]]"#,
        ),
    );
    assert!(
        e.contains("at /attacks/0") && e.contains("expected a JSON object"),
        "{e}"
    );
    let e = fails("r.json", r#"["modelgate.dev/v1", "RobustnessReport"]"#);
    assert!(
        e.contains("line 1") && e.contains("expected a JSON object"),
        "{e}"
    );
    let e = fails("r.json", &minimal(r#","norm":"linfinity""#));
    assert!(
        e.contains("at /attacks/0/norm") && e.contains("unknown variant"),
        "{e}"
    );
    let e = fails(
        "r.json",
        &minimal("").replace(
            r#""attacks":[{"name":"FGSM","threatModel":"white-box"}]"#,
            r#""attacks":{}"#,
        ),
    );
    assert!(
        e.contains("at /attacks") && e.contains("invalid type: map"),
        "{e}"
    );
}

#[test]
fn schema_has_descriptions_and_bounds() {
    let schema = serde_json::to_value(schemars::schema_for!(RobustnessFile)).unwrap_or_default();
    let text = schema.to_string();
    assert!(
        schema.pointer("/properties/apiVersion/const").is_some(),
        "{text}"
    );
    assert!(
        schema.pointer("/properties/model/description").is_some()
            || text.contains("identified by the digest"),
        "{text}"
    );
    assert!(
        text.contains("\"maximum\":1.0") && text.contains("^[0-9a-f]{64}$"),
        "{text}"
    );
    assert!(
        text.contains("\"white-box\"") && text.contains("\"linf\""),
        "{text}"
    );
    assert_eq!(
        schema.pointer("/additionalProperties"),
        Some(&serde_json::Value::Bool(false))
    );

    // The fixtures agree with the schema the loader's types generate.
    let validator = match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let fixture = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(Path::new(FIXTURES).join("robustness").join(name))
            .unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    };
    assert!(validator.is_valid(&fixture("valid.json")));
    for bad in [
        "bad-range.json",
        "bad-sha256.json",
        "bad-threat-model.json",
        "bad-unknown-field.json",
        "bad-missing-model.json",
        "bad-type.json",
    ] {
        assert!(
            !validator.is_valid(&fixture(bad)),
            "{bad} should fail the schema"
        );
    }
}
