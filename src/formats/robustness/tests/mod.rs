//! Robustness evidence loading: the helpers the loader tests share and detection by content.
//! modelgate's `robustness.json` and garak's report are tested in the submodules.

use super::*;
use crate::input::ReportTarget;
use std::path::Path;

mod garak;
mod modelgate;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn load_str(name: &str, text: &str) -> Result<Robustness> {
    load(&Doc::new(name, name, text.as_bytes().to_vec()))
}

fn load_fixture(rel: &str) -> Result<Robustness> {
    let path = Path::new(FIXTURES).join(rel);
    let doc = match Doc::read(&path, rel) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    load(&doc)
}

fn fixture_error(rel: &str) -> String {
    match load_fixture(rel) {
        Ok(_) => panic!("{rel} should not load"),
        Err(e) => e.to_string(),
    }
}

fn fails(name: &str, text: &str) -> String {
    match load_str(name, text) {
        Ok(_) => panic!("{name} should not load"),
        Err(e) => e.to_string(),
    }
}

/// A loaded report as pretty JSON, for its snapshot.
fn json(r: &Robustness) -> String {
    match serde_json::to_string_pretty(r) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    }
}

/// The whole normalized report loaded from one fixture, as one snapshot named after it.
fn snapshot(name: &str, r: &Robustness) {
    insta::assert_snapshot!(name, json(r));
}

fn minimal(extra: &str) -> String {
    format!(
        r#"{{"apiVersion":"modelgate.dev/v1","kind":"RobustnessReport","tool":{{"name":"foolbox"}},
"model":{{"sha256":"{}"}},"date":"2025-01-02T03:04:05+01:00","attacks":[{{"name":"FGSM","threatModel":"white-box"{extra}}}]}}"#,
        "a".repeat(64)
    )
}

#[test]
fn detection_by_content() {
    // A single-line robustness.json is not garak: it has no entry_type.
    let r = match load_str("robustness.json", &minimal("").replace('\n', "")) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.format, "modelgate-robustness");
    // garak detected without the .jsonl name.
    let r = match load_str(
        "report.txt",
        "\n{\"entry_type\": \"init\", \"garak_version\": \"0.13.0\"}\n",
    ) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        (r.format.as_str(), r.tool_version.as_deref()),
        ("garak", Some("0.13.0"))
    );
    assert_eq!(r.date, None);
}
