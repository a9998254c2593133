//! modelgate datasheets: every fact reaching the input, the lines of their keys, errors with
//! line, pointer and allowed values, and the generated schema agreeing with the loader.

use super::*;
use crate::formats::dataset::lines::snake_case;

/// The datasheet of [`SHEET`] (tests/fixtures/datasets/datasheet-fields.yaml): every kind of
/// personal-data fact (flow mappings, lists of transfers, a plain `children: false`, CCPA), the
/// columns with their categories, the RAI statements (the statement read from them), and the
/// line of each key, flow-style keys on the line of their mapping.
#[test]
fn datasheet_fields() {
    let d = load(&doc("loans/dataset.yaml", SHEET)).unwrap();
    insta::assert_snapshot!(json(&d));
}

/// The GDPR facts beyond the basics ([`GDPR_SHEET`], tests/fixtures/datasets/datasheet-gdpr.yaml)
/// reach the input, and findings about these keys point at their lines.
#[test]
fn datasheet_gdpr_facts_reach_the_input() {
    let d = load(&doc("claims/dataset.yaml", GDPR_SHEET)).unwrap();
    insta::assert_snapshot!(json(&d));
}

#[test]
fn datasheet_gdpr_facts_reject_unknown_values() {
    // An Art. 89(1) purpose outside the four of the Regulation does not load.
    let bad = GDPR_SHEET.replace("purpose: scientific_research", "purpose: product_research");
    assert!(load_err("claims/dataset.yaml", &bad).contains("product_research"));
    // A misspelt safeguard key is an error, not a silently absent fact.
    let typo = GDPR_SHEET.replace("dpfCertified", "dpfCertifed");
    assert!(load_err("claims/dataset.yaml", &typo).contains("dpfCertifed"));
    let typo = GDPR_SHEET.replace("childrenConsidered", "childrenWeighed");
    assert!(load_err("claims/dataset.yaml", &typo).contains("childrenWeighed"));
}

#[test]
fn datasheet_errors_name_line_pointer_and_allowed_values() {
    let e = load_err("dataset.yaml", &sheet_with(12, "  lawfulBasis: because"));
    assert!(e.contains("bundle/dataset.yaml: line 12"), "{e}");
    assert!(e.contains("at /personalData/lawfulBasis"), "{e}");
    assert!(e.contains("unknown variant `because`"), "{e}");
    for v in [
        "consent",
        "contract",
        "legal_obligation",
        "vital_interests",
        "public_task",
        "legitimate_interests",
    ] {
        assert!(e.contains(v), "{e}");
    }

    let e = load_err(
        "dataset.yaml",
        &sheet_with(15, "  retentionDays: two years"),
    );
    assert!(
        e.contains("line 15") && e.contains("at /personalData/retentionDays"),
        "{e}"
    );
    assert!(e.contains("u64"), "{e}");

    let e = load_err(
        "dataset.yaml",
        &sheet_with(18, "    - { destination: US, mechanism: handshake }"),
    );
    assert!(
        e.contains("line 18") && e.contains("at /personalData/transfers/0/mechanism"),
        "{e}"
    );
    assert!(e.contains("derogation_49"), "{e}");

    let e = load_err(
        "dataset.yaml",
        &sheet_with(1, "apiVersion: modelgate.dev/v2"),
    );
    assert!(e.contains("line 1") && e.contains("at /apiVersion"), "{e}");
    assert!(e.contains("modelgate.dev/v1"), "{e}");

    let e = load_err("dataset.yaml", &sheet_with(2, "kind: Dataset"));
    assert!(e.contains("line 2") && e.contains("at /kind"), "{e}");

    let e = load_err("dataset.yaml", &sheet_with(15, "  retentionDayz: 730"));
    assert!(
        e.contains("line 15") && e.contains("unknown field `retentionDayz`"),
        "{e}"
    );

    let e = load_err(
        "dataset.yaml",
        &sheet_with(21, "  dpia: { done: true, date: 2024-13-45 }"),
    );
    assert!(
        e.contains("line 21") && e.contains("at /personalData/dpia/date"),
        "{e}"
    );
    assert!(e.contains("not a date"), "{e}");

    let e = load_err(
        "dataset.yaml",
        &sheet_with(9, "  categories: [identity, financial"),
    );
    assert!(e.contains("invalid YAML") && e.contains("line 1"), "{e}");

    let e = load_err(
        "x.datasheet.yaml",
        "apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: n\n",
    );
    assert!(e.contains("missing field `personalData`"), "{e}");
}

#[test]
fn dpia_date_error_points_at_nested_date_key() {
    let text = SHEET.replace(
        "  dpia: { done: true, reference: DPIA-2024-017, date: 2024-05-02 }",
        "  dpia:\n    done: true\n    date: 02/05/2024",
    );
    let e = load_err("datasheet.yaml", &text);
    assert!(
        e.contains("line 23") && e.contains("at /personalData/dpia/date"),
        "{e}"
    );
}

#[test]
fn ccpa_exemptions_retention_criteria_and_risk_triggers_reach_the_input() {
    let text = SHEET.replace(
        "minorsUnder16: true }",
        "minorsUnder16: true, retentionCriteria: until the loan is repaid plus 7 years, \
         sensitiveInference: false, exemptions: [glba, fcra], systematicObservation: true, \
         sensitiveLocation: false }",
    );
    let d = load(&doc("loans/dataset.yaml", &text)).unwrap();
    let ccpa = d.personal_data.ccpa.unwrap();
    assert_eq!(
        ccpa.retention_criteria.as_deref(),
        Some("until the loan is repaid plus 7 years")
    );
    assert_eq!(ccpa.sensitive_inference, Some(false));
    assert_eq!(ccpa.exemptions, ["glba", "fcra"]);
    assert_eq!(
        (ccpa.systematic_observation, ccpa.sensitive_location),
        (Some(true), Some(false))
    );
    // An exemption outside the three the statute names is refused, not ignored.
    let e = load_err(
        "loans/dataset.yaml",
        &SHEET.replace(
            "minorsUnder16: true }",
            "minorsUnder16: true, exemptions: [small] }",
        ),
    );
    assert!(e.contains("glba") && e.contains("hipaa"), "{e}");
}

#[test]
fn children_flag_or_mapping_and_their_errors() {
    let d = load(&doc("d.yaml", &sheet_with(22, "  children: true"))).unwrap();
    assert_eq!(
        d.personal_data.children,
        Some(Children {
            present: true,
            ..Children::default()
        })
    );
    let text = sheet_with(
        22,
        "  children:\n    present: true\n    ageVerification: ID check\n    parentalConsent: false",
    );
    let d = load(&doc("d.yaml", &text)).unwrap();
    assert_eq!(
        d.personal_data.children,
        Some(Children {
            present: true,
            age_verification: Some("ID check".into()),
            parental_consent: Some(false)
        })
    );
    assert_eq!(d.lines["children.parental_consent"], 25);

    let e = load_err("d.yaml", &sheet_with(22, "  children: sometimes"));
    assert!(
        e.contains("line 22") && e.contains("at /personalData/children"),
        "{e}"
    );
    assert!(e.contains("true, false or a mapping"), "{e}");
    let e = load_err(
        "d.yaml",
        &sheet_with(22, "  children:\n    present: true\n    parental: yes"),
    );
    assert!(e.contains("unknown field `parental`"), "{e}");
    assert!(e.contains("line 24"), "{e}");
    assert!(e.contains("parentalConsent"), "{e}");
    let e = load_err(
        "d.yaml",
        &sheet_with(22, "  children: { present: true, parentalConsent: maybe }"),
    );
    assert!(
        e.contains("at /personalData/children/parentalConsent"),
        "{e}"
    );
    let e = load_err(
        "d.yaml",
        &sheet_with(
            23,
            "  ccpa: { sold: true, shared: false, optInMinor: true }",
        ),
    );
    assert!(e.contains("unknown field `optInMinor`"), "{e}");
    assert!(e.contains("optInMinors"), "{e}");
}

#[test]
fn field_lines_in_block_and_flow_style() {
    let text = "apiVersion: modelgate.dev/v1
kind: Datasheet
name: n
personalData: { contains: true }
fields:
  - name: email
    type: string
    directIdentifier: true
    justification: Needed to honour erasure requests.
  - type: string
    name: \"phone\"
  # a comment
  - { type: string, name: 'ssn', directIdentifier: true }
  - {name: zip}
  - name: label # the target
rai: { dataBiases: none }
";
    let d = load(&doc("d.yaml", text)).unwrap();
    let lines: Vec<(&str, usize)> = d.lines.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        lines,
        [
            ("contains", 4),
            ("fields", 5),
            ("fields.email", 6),
            ("fields.label", 15),
            ("fields.phone", 11),
            ("fields.ssn", 13),
            ("fields.zip", 14),
            ("personal_data", 4),
        ]
    );
    assert_eq!(
        d.fields[0].justification.as_deref(),
        Some("Needed to honour erasure requests.")
    );
    assert_eq!(d.fields[2].justification, None);
    assert!(d.fields[2].direct_identifier);

    // A list at the same indentation as its key, ended by the next top-level key.
    let text = "apiVersion: modelgate.dev/v1
kind: Datasheet
name: n
fields:
- name: a
- name: b
personalData: { contains: false }
";
    let d = load(&doc("d.yaml", text)).unwrap();
    assert_eq!(d.lines["fields.a"], 5);
    assert_eq!(d.lines["fields.b"], 6);
    // Keys of a flow mapping are located too.
    assert_eq!(d.lines["contains"], 7);
    assert_eq!(d.lines.len(), 5, "{:?}", d.lines);
}

/// The datasheet of tests/fixtures/datasets (the example a team copies).
#[test]
fn fixture_loans_datasheet() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/datasets/loans.dataset.yaml");
    let d = load(&Doc::read(&path, "loans.dataset.yaml").unwrap()).unwrap();
    insta::assert_snapshot!(json(&d));
}

/// The generated schema (`schemas/datasheet.schema.json`) accepts the fixture and the
/// inline sample, and rejects what the loader rejects.
#[test]
fn schema_agrees_with_loader() {
    let schema = serde_json::to_value(schemars::schema_for!(Datasheet)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/datasets/loans.dataset.yaml"),
    )
    .unwrap();
    let children = sheet_with(
        22,
        "  children: { present: true, ageVerification: ID check, parentalConsent: true }",
    );
    for text in [fixture.as_str(), SHEET, children.as_str()] {
        let v: Value = serde_yaml_ng::from_str(text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    for (n, line) in [
        (12, "  lawfulBasis: because"),
        (15, "  retentionDayz: 730"),
        (1, "apiVersion: v2"),
        (22, "  children: sometimes"),
        (22, "  children: { present: true, parental: true }"),
    ] {
        let v: Value = serde_yaml_ng::from_str(&sheet_with(n, line)).unwrap();
        assert!(!validator.is_valid(&v), "{line}");
    }
    let desc = schema["$defs"]["LawfulBasis"].to_string();
    assert!(desc.contains("Art. 6(1)(f)"), "{desc}");
    let desc = schema["$defs"]["ChildrenDetail"].to_string();
    assert!(desc.contains("Art. 8(2)"), "{desc}");
    let desc = schema["$defs"]["CcpaSheet"].to_string();
    assert!(desc.contains("§1798.140(m)(2)-(3)"), "{desc}");
}

/// Every key a datasheet's personal-data block may hold (its schema's properties, nested
/// mappings included) is named in `lines` as the input names that field, so that a policy's
/// finding about `ccpa.minors_under_16` finds its line.
#[test]
fn personal_data_keys_name_input_fields() {
    fn props(
        schema: &serde_json::Value,
        defs: &serde_json::Value,
        out: &mut Vec<(String, serde_json::Value)>,
    ) {
        let s = match schema.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => &defs[r.rsplit('/').next().unwrap()],
            None => schema,
        };
        if let Some(any) = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(|a| a.as_array())
        {
            for a in any {
                props(a, defs, out);
            }
        }
        if let Some(p) = s.get("properties").and_then(|p| p.as_object()) {
            for (k, v) in p {
                out.push((k.clone(), v.clone()));
            }
        }
    }
    let sheet = serde_json::to_value(schemars::schema_for!(PersonalDataSheet)).unwrap();
    let input = serde_json::to_value(schemars::schema_for!(crate::input::PersonalData)).unwrap();
    let (sd, id) = (&sheet["$defs"], &input["$defs"]);
    let mut sheet_keys = Vec::new();
    props(&sheet, sd, &mut sheet_keys);
    let mut input_keys = Vec::new();
    props(&input, id, &mut input_keys);
    let input_names: std::collections::BTreeMap<String, serde_json::Value> =
        input_keys.into_iter().collect();
    assert!(sheet_keys.len() > 20, "{sheet_keys:?}");
    let mut checked_nested = 0;
    for (key, sub) in &sheet_keys {
        let name = snake_case(key);
        // The one key the input spells longer; `lines` keeps the sheet's word.
        let field = if name == "contains" {
            "contains_personal_data".to_string()
        } else {
            name.clone()
        };
        let Some(input_sub) = input_names.get(&field) else {
            panic!("datasheet key {key} becomes {name}, which the input does not have");
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        props(sub, sd, &mut a);
        props(input_sub, id, &mut b);
        let b: Vec<String> = b.into_iter().map(|(k, _)| k).collect();
        for (k, _) in a {
            assert!(
                b.contains(&snake_case(&k)),
                "{key}.{k} becomes {name}.{}, not in {b:?}",
                snake_case(&k)
            );
            checked_nested += 1;
        }
    }
    assert!(checked_nested > 10, "nested keys were checked");
    assert_eq!(snake_case("minorsUnder16"), "minors_under_16");
    assert_eq!(snake_case("art89"), "art89");
    assert_eq!(snake_case("already_snake"), "already_snake");
}
