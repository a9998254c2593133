//! JSON cards: Model Card Toolkit (schemas 0.0.1 and 0.0.2, UTF-16 and BOM encodings, errors,
//! empty fields) and CycloneDX ML-BOM model cards.

use super::*;

#[test]
fn mct_schema_0_0_1_card_loads() {
    let card = load(&loading("mct-v0.0.1-cats-vs-dogs.json")).unwrap();
    assert_eq!(card.source.format, FORMAT_MCT);
    // Schema 0.0.1: a `license` string, a `citation` string, owners with contacts, references,
    // use cases, users, limitations, tradeoffs, ethical considerations, sliced metrics.
    snapshot("mct-v0.0.1-cats-vs-dogs.json", &card);
    // `data` is an object of `train` and `eval` datasets, which name nothing here.
    assert!(card.datasets.is_empty());

    let j = r#"{"model_details": {"name": "m", "license": 3.5},
                    "model_parameters": {"data": {"train": {"name": "tickets-2023", "link": "https://x", "sensitive": true},
                                                  "eval": {"name": "tickets-2024"}}}}"#;
    let card = inline("card.json", j).unwrap();
    assert_eq!(card.license.as_deref(), Some("3.5"));
    assert_eq!(card.datasets, ["tickets-2023", "tickets-2024"]);
    let td = &section(&card, "training_data").text;
    assert!(
        td.contains("sensitive data: yes") && td.contains("https://x"),
        "{td}"
    );
    let e = inline(
        "card.json",
        r#"{"model_details": {}, "model_parameters": {"data": {"train": {"sensitive": "no"}}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("/model_parameters/data/train/sensitive"), "{e}");
    let e = inline("card.json", r#"{"model_details": {"license": ["x"]}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("/model_details/license"), "{e}");
}

#[test]
fn utf16_and_bom_json_cards_load_like_utf8() {
    let utf8 = loading("mct-v0.0.1-cats-vs-dogs.json");
    let want = load(&utf8).unwrap();
    let text = std::str::from_utf8(&utf8.bytes).unwrap();
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend_from_slice(text.as_bytes());
    for (label, bytes) in [
        ("utf-16le", utf16(text, true)),
        ("utf-16be", utf16(text, false)),
        ("utf-8 bom", bom8),
    ] {
        let doc = Doc::new("card.json", "card.json", bytes);
        let got = load(&doc).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(got.name, want.name, "{label}");
        assert_eq!(got.sections, want.sections, "{label}");
        assert_eq!(got.metrics, want.metrics, "{label}");
        // The source is the file as it is on disk.
        assert_eq!(got.source.sha256, doc.sha256, "{label}");
        assert_ne!(got.source.sha256, utf8.sha256, "{label}");
    }
    // A lone surrogate or a cut code unit is an error with its place, never a panic.
    let mut bad = utf16("{\n\"model_details\": {}}", true);
    bad.extend_from_slice(&[0x00, 0xD8, b'x', 0x00]);
    let e = load(&Doc::new("card.json", "card.json", bad))
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalid UTF-16") && e.contains("line 2"), "{e}");
    let mut odd = utf16("{}", false);
    odd.push(0);
    let e = load(&Doc::new("card.json", "card.json", odd))
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalid UTF-16"), "{e}");
    // A Markdown card saved as UTF-16 (Notepad's "Unicode") loads too.
    let md = utf16(
        "---\nlicense: mit\n---\n## Limitations\n\nFails on noise.\n",
        true,
    );
    let card = load(&Doc::new("README.md", "README.md", md)).unwrap();
    assert_eq!(card.license.as_deref(), Some("mit"));
    assert_eq!(section(&card, "limitations").line, Some(4));
}

/// The whole normalized Model Card Toolkit 0.0.2 card, one snapshot: name, version, licence,
/// datasets, sliced metrics, and thirteen present sections, each with the JSON pointer of the
/// field it was read from and no line (`version` from `version.diff`, `authors` and `contact`
/// from `owners`, `model_details` from `overview` and `documentation`).
#[test]
fn mct_card_fields() {
    let card = load_fixture("mct.json");
    assert_eq!(card.source.format, FORMAT_MCT);
    assert_eq!(card.metrics[1].value, Some(0.81), "string value parsed");
    snapshot("mct.json", &card);
}

#[test]
fn mct_malformed_errors_name_line_and_pointer() {
    let e = load_err("bad-truncated.json");
    assert!(e.contains("bad-truncated.json: line 31, column 39"), "{e}");
    assert!(e.contains("EOF while parsing"), "{e}");
    assert!(e.contains("invalid JSON"), "{e}");

    let e = load_err("bad-mct-types.json");
    assert!(e.contains("line 10"), "{e}");
    assert!(e.contains("at /considerations/limitations"), "{e}");
    assert!(e.contains("expected an array, found a string"), "{e}");

    let e = inline("card.json", r#"{"model_details": {"name": ["x"]}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1, at /model_details/name"), "{e}");
    let e = inline(
        "card.json",
        r#"{"model_details": {}, "considerations": {"users": [3]}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("at /considerations/users/0") && e.contains("found a number"),
        "{e}"
    );
}

#[test]
fn mct_empty_fields_are_sections_not_present() {
    let json = r#"{"model_details": {"name": "m", "overview": ""},
                       "considerations": {"limitations": [], "users": [{"description": "TBD"}]}}"#;
    let card = inline("card.json", json).unwrap();
    let lim = section(&card, "limitations");
    assert!(
        !lim.present
            && lim.words == 0
            && lim.pointer.as_deref() == Some("/considerations/limitations")
    );
    let users = section(&card, "intended_use");
    assert!(!users.present && users.placeholder);
    assert!(!section(&card, "model_details").present);
}

#[test]
fn cyclonedx_mlbom_sample() {
    let path = Path::new(SHARED).join("cyclonedx/MLBOM/Model-Card-With-Dataset/bom.json");
    if !path.exists() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let card = load(&Doc::read(&path, "bom.json").unwrap()).unwrap();
    assert_eq!(card.source.format, FORMAT_CYCLONEDX);
    // Name, version, task as pipeline tag, datasets from the model parameters, one sliced metric,
    // and nine sections, each with the JSON pointer of the field under the component (its
    // description, or its `modelCard`) and no line.
    snapshot("cyclonedx-mlbom-model-card-with-dataset", &card);
}

#[test]
fn cyclonedx_nested_component_licenses_and_errors() {
    // A model nested in an application; a licence id and a licence name; a pedigree ancestor;
    // a dataset by name and one by reference to a `data` entry of another component; a metric
    // whose value is text; energy figures.
    let card = load(&loading("cyclonedx-nested-model.json")).unwrap();
    assert_eq!(card.name.as_deref(), Some("ranker"));
    assert_eq!(card.datasets, ["clicks-2024", "Query Logs"]);
    snapshot("cyclonedx-nested-model.json", &card);

    let no_model = r#"{"bomFormat": "CycloneDX", "specVersion": "1.4",
                           "components": [{"type": "library", "name": "left-pad"}]}"#;
    let e = inline("sbom.json", no_model).unwrap_err().to_string();
    assert!(
        e.contains("sbom.json") && e.contains("no component of type `machine-learning-model`"),
        "{e}"
    );
    assert!(e.contains("specVersion 1.4"), "{e}");

    let bad = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"components\": [\n    {\"type\": \"machine-learning-model\",\n     \"modelCard\": {\"considerations\": {\"useCases\": \"all\"}}}\n  ]\n}";
    let e = inline("bom.json", bad).unwrap_err().to_string();
    assert!(
        e.contains("line 5, at /components/0/modelCard/considerations/useCases"),
        "{e}"
    );

    let e = inline("bom.json", r#"{"bomFormat": "SPDX"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("at /bomFormat") && e.contains("expected \"CycloneDX\""),
        "{e}"
    );
}
