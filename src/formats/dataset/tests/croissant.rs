//! Croissant JSON-LD: one object, a top-level array and a flattened `@graph`; errors and
//! attacks (two dataset nodes, reference loops), and the real samples of ../shared/data.

use super::*;

/// A document of tests/fixtures/croissant.
fn fixture(name: &str) -> Doc {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/croissant")
        .join(name);
    Doc::read(&path, name).unwrap()
}

/// The dataset as the policies see it, without where it was read from.
fn content_of(d: &Dataset) -> Value {
    let mut v = serde_json::to_value(d).unwrap();
    v.as_object_mut().unwrap().remove("source");
    v
}

/// Croissant 1.1 in one object (tests/fixtures/datasets/croissant-fields.json): RAI keys
/// through the declared prefix (`resp:`) and through a term (`biases`), while `rai:` is no RAI
/// key where the vocabulary is declared under another prefix; licences as `@id` and as text;
/// a numeric version as text; a field named by its `@id`, a list of data types, sub-fields;
/// "None." read as no personal data; no lines.
#[test]
fn croissant_fields() {
    let text = datasets_fixture("croissant-fields.json");
    let d = load(&doc("clinic/croissant.json", &text)).unwrap();
    insta::assert_snapshot!(json(&d));
}

#[test]
fn croissant_long_rai_text_is_bounded_and_undeclared_rai_prefix_tolerated() {
    let long = "x".repeat(10_000);
    let json = format!(
        r#"{{"@context": {{"@vocab": "https://schema.org/"}}, "@type": "Dataset", "name": "n",
               "rai:dataLimitations": "{long}", "rai:personalSensitiveInformation": "Contains e-mail addresses."}}"#
    );
    let d = load(&doc("d.json", &json)).unwrap();
    assert_eq!(d.rai["dataLimitations"].len(), 4000);
    assert_eq!(d.personal_data.contains_personal_data, Some(true));
}

#[test]
fn croissant_errors_name_line_and_pointer() {
    let e = load_err(
        "meta.json",
        "{\n  \"@context\": {},\n  \"@type\": \"sc:Dataset\",\n  \"name\": \"x",
    );
    assert!(e.contains("bundle/meta.json: line 4"), "{e}");
    assert!(e.contains("invalid JSON: EOF while parsing"), "{e}");

    let e = load_err("meta.json", "{\"name\": \"not json-ld\"}");
    assert!(e.contains("at /@context"), "{e}");
    assert!(e.contains("not a Croissant dataset"), "{e}");

    let e = load_err(
        "meta.json",
        "{\"@context\": {\"sc\": \"https://schema.org/\"}, \"@type\": \"sc:Person\"}",
    );
    assert!(e.contains("at /@type"), "{e}");

    let e = load_err("meta.json", "[1, 2]");
    assert!(e.contains("not a Croissant dataset"), "{e}");
}

/// A Croissant document whose top level is an array (Kaggle's Croissant, as kept in
/// mlcommons/croissant's croissant-rdf tests) reads as the same dataset as its one object.
#[test]
fn croissant_top_level_array() {
    let d = load(&fixture("kaggle-car-price.array.json")).unwrap();
    insta::assert_snapshot!(json(&d));

    let v: Value = doc(
        "x.json",
        fixture("kaggle-car-price.array.json").text().unwrap(),
    )
    .json()
    .unwrap();
    let single = serde_json::to_string(&v[0]).unwrap();
    let one = load(&doc("car.json", &single)).unwrap();
    assert_eq!(content_of(&d), content_of(&one));
}

/// A flattened Croissant document (nodes under `@graph`, record sets and fields referred to
/// by `@id`) reads as the same dataset as the nested original: fields, RAI statements and
/// the personal-data reading all survive.
#[test]
fn croissant_graph() {
    let d = load(&fixture("bigcode-the-stack.graph.jsonld")).unwrap();
    insta::assert_snapshot!(json(&d));

    let original = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/croissant/1.0/bigcode-the-stack.json"
    ));
    if !original.is_file() {
        eprintln!("skipping the comparison with the original: ../shared/data not found");
        return;
    }
    let o = load(&Doc::read(original, "the-stack.json").unwrap()).unwrap();
    assert_eq!(content_of(&d), content_of(&o));
}

/// Attacks on the graph and array forms: a second dataset node (one saying "None.", the
/// other the truth) is refused, not half read; reference loops end; a dataset node after
/// other nodes is found.
#[test]
fn croissant_graph_and_array_attacks() {
    let ctx = r#""@context": {"@vocab": "https://schema.org/", "sc": "https://schema.org/",
            "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
            "recordSet": "cr:recordSet", "field": "cr:field", "subField": "cr:subField",
            "dataType": {"@id": "cr:dataType", "@type": "@vocab"}}"#;
    let two = format!(
        r#"{{{ctx}, "@graph": [
              {{"@type": "sc:Dataset", "name": "clean", "rai:personalSensitiveInformation": "None."}},
              {{"@type": "sc:Dataset", "name": "real", "rai:personalSensitiveInformation": "Names."}}]}}"#
    );
    let e = load_err("two.jsonld", &two);
    assert!(e.contains("2 Croissant dataset nodes"), "{e}");
    assert!(e.contains("/@graph/1"), "{e}");

    let two = format!(
        r#"[{{{ctx}, "@type": "sc:Dataset", "name": "a"}}, {{{ctx}, "@type": "sc:Dataset", "name": "b"}}]"#
    );
    let e = load_err("two.json", &two);
    assert!(
        e.contains("2 Croissant dataset nodes") && e.contains("/1"),
        "{e}"
    );

    let none = format!(r#"{{{ctx}, "@graph": [{{"@id": "x", "name": "x"}}]}}"#);
    let e = load_err("none.jsonld", &none);
    assert!(
        e.contains("not a Croissant dataset") && e.contains("/@graph"),
        "{e}"
    );
    let e = load_err("none.json", "[1, 2]");
    assert!(e.contains("not a Croissant dataset"), "{e}");

    // Fields that contain themselves, and a record set listed twice.
    let looped = format!(
        r#"{{{ctx}, "@graph": [
              {{"@id": "rs/a", "@type": "cr:Field", "name": "a", "dataType": "sc:Text",
                "subField": [{{"@id": "rs/b"}}]}},
              {{"@id": "rs/b", "@type": "cr:Field", "name": "b", "subField": {{"@id": "rs/a"}}}},
              {{"@id": "rs", "@type": "cr:RecordSet", "field": [{{"@id": "rs/a"}}, {{"@id": "rs/a"}}]}},
              {{"@id": "ds", "@type": "sc:Dataset", "name": "loop",
                "recordSet": [{{"@id": "rs"}}, {{"@id": "rs"}}],
                "rai:personalSensitiveInformation": "There is probably personal information."}}]}}"#
    );
    let d = load(&doc("loop.jsonld", &looped)).unwrap();
    let names: Vec<&str> = d.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(d.fields[0].data_type.as_deref(), Some("sc:Text"));
    assert_eq!(d.personal_data.contains_personal_data, Some(true));

    // Expanded keys are read like compact ones.
    let expanded = r#"[{"@context": {"schema": "http://schema.org/"},
            "@type": "schema:Dataset", "schema:name": "expanded",
            "http://mlcommons.org/croissant/RAI/personalSensitiveInformation": "None."}]"#;
    let d = load(&doc("e.json", expanded)).unwrap();
    assert_eq!(d.name.as_deref(), Some("expanded"));
    assert_eq!(d.personal_data.contains_personal_data, Some(false));
}

#[test]
fn real_croissant_samples() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    if !root.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let mut count = 0;
    let mut named = 0;
    for version in ["1.0", "1.1"] {
        let dir = root.join("croissant").join(version);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let rel = format!(
                "croissant/{version}/{}",
                path.file_name().unwrap().to_string_lossy()
            );
            let d = load(&Doc::read(&path, &rel).unwrap()).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(d.source.format, "croissant", "{rel}");
            named += usize::from(d.name.is_some());
            assert!(
                d.rai.values().all(|t| t.len() <= 4000 && !t.is_empty()),
                "{rel}"
            );
            count += 1;
        }
    }
    assert!(count >= 40, "only {count} samples");
    // huggingface-squad.json (1.0) has no top-level name.
    assert!(named + 1 >= count, "{named} of {count} named");

    let doc = Doc::read(
        &root.join("croissant/1.0/bigcode-the-stack.json"),
        "the-stack.json",
    )
    .unwrap();
    let d = load(&doc).unwrap();
    assert_eq!(d.name.as_deref(), Some("bigcode-the-stack"));
    assert_eq!(d.license.as_deref(), Some("other"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://huggingface.co/datasets/bigcode/the-stack")
    );
    assert_eq!(d.version, None);
    assert!(d
        .description
        .as_deref()
        .unwrap()
        .starts_with("The Stack contains over 6TB of permissively-licensed"));
    let keys: Vec<&str> = d.rai.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "dataBiases",
            "dataCollection",
            "dataCollectionRawData",
            "dataCollectionType",
            "dataLimitations",
            "dataPreprocessingProtocol",
            "dataSocialImpact",
            "dataUseCases",
            "personalSensitiveInformation",
        ]
    );
    assert_eq!(d.rai["dataCollectionType"], "Web Scraping\nOthers");
    assert_eq!(
        d.rai["dataCollectionRawData"],
        "Files containing code data."
    );
    assert!(d.rai["dataBiases"]
        .starts_with("Widely adopted programming languages like C and Javascript"));
    assert!(d.rai["dataBiases"].contains("\nRoughly 40 natural languages are present"));
    assert!(d.rai["dataUseCases"]
        .starts_with("The Stack is a pre-training dataset for creating code LLMs."));
    let pd = &d.personal_data;
    assert!(pd.statement.as_deref().unwrap().starts_with(
        "The released dataset may contain sensitive information such as emails, IP addresses"
    ));
    assert_eq!(pd.contains_personal_data, Some(true));
    assert_eq!(d.fields.len(), 26);
    assert_eq!(d.fields[0].name, "default/content");
    assert_eq!(d.fields[0].data_type.as_deref(), Some("sc:Text"));
    assert_eq!(
        d.fields[0].description.as_deref(),
        Some("The content of the file.")
    );
    assert_eq!(d.fields[25].name, "default/alphanum_fraction");
    assert_eq!(d.fields[25].data_type.as_deref(), Some("sc:Float"));

    let doc = Doc::read(&root.join("croissant/1.0/dices-350.json"), "dices.json").unwrap();
    let d = load(&doc).unwrap();
    assert_eq!(d.name.as_deref(), Some("DICES-350_dataset"));
    assert_eq!(d.version.as_deref(), Some("1.0.0"));
    assert_eq!(d.license.as_deref(), Some("cc-by-sa-4.0"));
    assert_eq!(d.rai.len(), 8);
    assert!(d.rai["annotatorDemographics"]
        .starts_with("DICES-350 was annotated by a pool of 104 raters."));
    assert_eq!(
        d.rai["dataAnnotationPlatform"],
        "Crowdworker annotators with task specific UI"
    );
    assert_eq!(d.personal_data.statement, None);
    assert_eq!(d.personal_data.contains_personal_data, None);
    assert!(d.fields.is_empty());

    let doc = Doc::read(&root.join("croissant/1.0/coco2014-mini.json"), "coco.json").unwrap();
    let d = load(&doc).unwrap();
    assert_eq!(d.url, None, "\"None\" is a missing value");
    assert_eq!(d.fields.len(), 13);
    assert_eq!(
        d.fields[1].data_type.as_deref(),
        Some("wd:Q3985153, sc:URL")
    );

    let doc = Doc::read(
        &root.join("croissant/1.1/commoncrawl-CC-MAIN-2025-43-draft.json"),
        "cc.json",
    )
    .unwrap();
    let d = load(&doc).unwrap();
    assert_eq!(d.name.as_deref(), Some("CC-MAIN-2025-43"));
    assert_eq!(d.version.as_deref(), Some("1.0.0"));
    assert_eq!(
        d.license.as_deref(),
        Some("https://commoncrawl.org/terms-of-use")
    );
    assert!(d.rai.is_empty());
}
