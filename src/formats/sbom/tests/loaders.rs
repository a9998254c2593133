//! CycloneDX, SPDX 2 and SPDX 3 documents loaded: normalized fields (one snapshot per fixture),
//! hash names, creation times, and the errors of malformed or unsupported documents.

use super::*;

#[test]
fn cyclonedx_fields() {
    // Format and subject; type, licences (NOASSERTION left out), every hash family, nested
    // pointers, a numeric version read as text.
    let s = must("bom.json", &cdx());
    insta::assert_snapshot!(json(&s));
}

#[test]
fn cyclonedx_metadata_component_children_and_no_components() {
    let s = must("bom.json", &fixture("cyclonedx-metadata-children.json"));
    assert_eq!(s.subject.as_deref(), Some("app"));
    assert_eq!(s.components.len(), 1);
    assert_eq!(s.components[0].pointer, "/metadata/component/components/0");
    let empty = must(
        "bom.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.2"}"#,
    );
    assert!(empty.components.is_empty());
    assert_eq!(empty.subject, None);
}

#[test]
fn hash_algorithm_names() {
    for (given, want) in [
        ("SHA-256", "sha256"),
        ("SHA256", "sha256"),
        ("sha256", "sha256"),
        ("SHA-1", "sha1"),
        ("SHA1", "sha1"),
        ("SHA-512", "sha512"),
        ("MD5", "md5"),
        ("SHA3-256", "sha3-256"),
        ("sha3_384", "sha3-384"),
        ("BLAKE2b-512", "blake2b-512"),
        ("blake2b256", "blake2b-256"),
        ("BLAKE3", "blake3"),
        ("Streebog-256", "streebog-256"),
        ("ADLER32", "adler32"),
    ] {
        assert_eq!(normalize_hash_alg(given), want, "{given}");
    }
}

#[test]
fn spdx2_fields() {
    // Subject from the DESCRIBES relationship, purpose as type, NOASSERTION left out,
    // concluded before declared, checksums, the purl of an external reference.
    let s = must("sbom.spdx.json", &spdx2());
    insta::assert_snapshot!(json(&s));
}

#[test]
fn spdx22_and_document_describes() {
    let text = spdx2().replace("SPDX-2.3", "SPDX-2.2").replace(
        r#""name": "inference-image","#,
        r#""name": "inference-image", "documentDescribes": ["SPDXRef-base"],"#,
    );
    let s = must("sbom.spdx.json", &text);
    assert_eq!(s.spec_version, "2.2");
    assert_eq!(s.subject.as_deref(), Some("debian@12.5"));
}

#[test]
fn spdx3_fields() {
    let s = must("sbom.spdx3.json", &spdx3());
    let names: Vec<&str> = s.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["sentiment-model", "reviews", "numpy", "alpine", "plain"],
        "files are left out when there are packages"
    );
    // Spec version from CreationInfo, subject through the software_Sbom, AI/dataset/OS types,
    // licences concluded first then declared, a custom licence as LicenseRef, NoAssertion left out.
    insta::assert_snapshot!(json(&s));
}

#[test]
fn spdx3_files_when_no_packages() {
    let s = must("f.json", &fixture("spdx3-files-only.json"));
    assert_eq!(
        s.spec_version, "3.0.1",
        "from the @context URL when there is no CreationInfo"
    );
    assert_eq!(s.components.len(), 1);
    let f = &s.components[0];
    assert_eq!(f.name, "weights.safetensors");
    assert_eq!(f.component_type.as_deref(), Some("machine-learning-model"));
    assert_eq!(f.hashes.get("sha3-256").map(String::as_str), Some("00ff"));
    assert_eq!(f.pointer, "/@graph/0");
}

#[test]
fn truncated_json_names_line_and_column() {
    let cdx = cdx();
    let text = &cdx[..cdx.find("\"urllib3\"").unwrap_or(0)];
    let e = fails("bom.json", text);
    assert!(
        e.starts_with("bom.json: line 25, column 18, at /components/0/components/0/name: "),
        "{e}"
    );
    assert!(e.contains("invalid JSON: EOF while parsing"), "{e}");
}

#[test]
fn wrong_types_name_the_pointer() {
    let e = fails(
        "bom.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":{"name":"x"}}"#,
    );
    assert!(e.contains("at /components") && e.contains("line 1"), "{e}");

    let e = fails("bom.json", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\n\"components\":[{\"name\":\"a\"},\n 7]}");
    assert!(
        e.contains("line 3")
            && e.contains("at /components/1")
            && e.contains("invalid type: integer `7`, expected a JSON object"),
        "{e}"
    );

    let e = fails(
        "bom.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"a","hashes":[{"alg":"SHA-1"}]}]}"#,
    );
    assert!(
        e.contains("at /components/0/hashes/0") && e.contains("content"),
        "{e}"
    );

    let e = fails(
        "bom.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[["requests","2.31.0"]]}"#,
    );
    assert!(
        e.contains("at /components/0")
            && e.contains("invalid type: sequence, expected a JSON object"),
        "{e}"
    );

    let e = fails(
        "bom.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"a","licenses":[{"license":["MIT"]}]}]}"#,
    );
    assert!(e.contains("at /components/0/licenses/0/license"), "{e}");

    let e = fails(
        "s.json",
        r#"{"spdxVersion":"SPDX-2.3","packages":[{"name":"a","checksums":"SHA1: x"}]}"#,
    );
    assert!(e.contains("at /packages/0/checksums"), "{e}");

    let e = fails(
        "s.json",
        r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[{"type":"software_Package","name":["a"]}]}"#,
    );
    assert!(e.contains("at /@graph/0/name"), "{e}");
}

#[test]
fn missing_required_fields_name_pointer_and_line() {
    let text = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"components\": [\n    { \"name\": \"a\", \"components\": [\n      { \"version\": \"1.0\" }\n    ] }\n  ]\n}";
    let e = fails("bom.json", text);
    assert_eq!(
        e,
        "bom.json: line 6, at /components/0/components/0: component without a name"
    );

    let e = fails("bom.json", r#"{"bomFormat":"CycloneDX","components":[]}"#);
    assert!(
        e.contains("at /specVersion") && e.contains("without specVersion"),
        "{e}"
    );

    let e = fails(
        "s.json",
        "{\"spdxVersion\": \"SPDX-2.3\",\n\"packages\": [\n{\"SPDXID\": \"SPDXRef-a\"}]}",
    );
    assert_eq!(e, "s.json: line 3, at /packages/0: package without a name");

    let e = fails(
        "s.json",
        r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}"#,
    );
    assert!(e.contains("without an @graph"), "{e}");
}

#[test]
fn unsupported_documents_say_what_was_expected() {
    let e = fails(
        "bom.xml",
        "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>",
    );
    assert!(
        e.starts_with("bom.xml: line 1, column 1: ")
            && e.contains("XML")
            && e.contains("expected CycloneDX JSON"),
        "{e}"
    );

    let e = fails("s.spdx", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n");
    assert!(
        e.contains("tag-value") && e.contains("SPDX 2.2/2.3 JSON"),
        "{e}"
    );

    let e = fails("card.json", r#"{"name": "not an sbom"}"#);
    assert!(
        e.starts_with("card.json: not a recognized SBOM; expected CycloneDX JSON"),
        "{e}"
    );

    let e = fails("x.json", r#"{"bomFormat": "SPDX", "specVersion": "1.4"}"#);
    assert!(e.contains("at /bomFormat"), "{e}");

    let e = fails(
        "x.json",
        r#"{"bomFormat": "CycloneDX", "specVersion": "2.0"}"#,
    );
    assert!(
        e.contains("unsupported CycloneDX specVersion \"2.0\""),
        "{e}"
    );

    let e = fails("x.json", r#"{"spdxVersion": "SPDX-3.0"}"#);
    assert!(e.contains("unsupported spdxVersion"), "{e}");

    let e = fails("x.json", "[1, 2]");
    assert!(e.contains("not a JSON object"), "{e}");
}

#[test]
fn two_thousand_components_load_quickly() {
    let mut text = String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
    for i in 0..2000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
                r#"{{"type":"library","bom-ref":"pkg:npm/p{i}@1.0.{i}","name":"p{i}","version":"1.0.{i}","purl":"pkg:npm/p{i}@1.0.{i}",
                "licenses":[{{"license":{{"id":"MIT"}}}}],"hashes":[{{"alg":"SHA-256","content":"{:064x}"}},{{"alg":"SHA-1","content":"{:040x}"}}],
                "externalReferences":[{{"type":"website","url":"https://example.com/p{i}"}}]}}"#,
                i, i
            ));
    }
    text.push_str("]}");
    let started = std::time::Instant::now();
    let s = must("big.json", &text);
    let took = started.elapsed();
    eprintln!(
        "2000 components ({} bytes) in {took:?} (debug build)",
        text.len()
    );
    assert_eq!(s.components.len(), 2000);
    assert_eq!(s.components[1999].pointer, "/components/1999");
    assert!(took.as_secs_f64() < 2.0, "{took:?}");
}

#[test]
fn creation_time_in_utc() {
    let cdx = |ts: &str| {
        must(
            "bom.json",
            &format!(
                r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{{"timestamp":{ts}}}}}"#
            ),
        )
        .created
    };
    assert_eq!(
        cdx(r#""2026-11-02T09:55:12+01:00""#).as_deref(),
        Some("2026-11-02T08:55:12Z")
    );
    assert_eq!(
        cdx(r#""2026-11-02T08:55:12.250Z""#).as_deref(),
        Some("2026-11-02T08:55:12.250Z")
    );
    assert_eq!(cdx(r#""yesterday""#), None, "not RFC 3339: left out");
    assert_eq!(cdx("20261102"), None);
    assert_eq!(must("bom.json", &super::cdx()).created, None);
    assert_eq!(
        must("sbom.spdx.json", &spdx2()).created.as_deref(),
        Some("2025-01-01T00:00:00Z")
    );
    assert_eq!(
        must("sbom.spdx3.json", &spdx3()).created.as_deref(),
        Some("2025-01-01T00:00:00Z")
    );
}
