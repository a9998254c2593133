//! Tests of the dataset loaders, by format; documents are read from tests/fixtures/datasets and
//! tests/fixtures/croissant, attacks and edge cases stay inline beside their asserts.

use super::*;
use crate::input::Children;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

mod croissant;
mod datasheet;
mod hf_card;
mod personal;

/// A modelgate datasheet with a value of most kinds, its personal-data block in flow and block
/// style; tests edit it by line number (see [`sheet_with`]).
const SHEET: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/datasets/datasheet-fields.yaml"
));

/// A datasheet stating the GDPR facts beyond the basics: Art. 9(2)(h), legitimate interests,
/// Art. 89, Art. 10 and transfers with their safeguards.
const GDPR_SHEET: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/datasets/datasheet-gdpr.yaml"
));

fn doc(name: &str, text: &str) -> Doc {
    Doc::new(format!("bundle/{name}"), name, text.as_bytes().to_vec())
}

fn load_err(name: &str, text: &str) -> String {
    match load(&doc(name, text)) {
        Ok(d) => panic!("expected an error for {name}, loaded {d:?}"),
        Err(e) => e.to_string(),
    }
}

/// A file of tests/fixtures/datasets.
fn datasets_fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/datasets")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The normalized dataset as the policies read it, for a snapshot.
fn json(d: &Dataset) -> String {
    match serde_json::to_string_pretty(d) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    }
}

/// The datasheet with line `n` (1-based) replaced.
fn sheet_with(n: usize, line: &str) -> String {
    SHEET
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { line } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn detection_by_name_and_content() {
    use DatasetFormat::*;
    assert_eq!(detect("a/README.md", ""), Some(HuggingFaceCard));
    assert_eq!(detect("croissant.json", ""), Some(Croissant));
    assert_eq!(detect("meta.jsonld", ""), Some(Croissant));
    assert_eq!(detect("metadata", "  {\"@context\": {}}"), Some(Croissant));
    assert_eq!(
        detect("metadata", "\n[{\"@context\": {}}]"),
        Some(Croissant)
    );
    assert_eq!(detect("dataset.yaml", ""), Some(Datasheet));
    assert_eq!(detect("data/loans.datasheet.yml", ""), Some(Datasheet));
    assert_eq!(
        detect(
            "card",
            "apiVersion: modelgate.dev/v1\nkind: \"Datasheet\" # ours\n"
        ),
        Some(Datasheet)
    );
    assert_eq!(
        detect("card", "---\nlicense: mit\n---\n"),
        Some(HuggingFaceCard)
    );
    assert_eq!(detect("notes.txt", "hello"), None);
    assert_eq!(Datasheet.name(), "modelgate-datasheet");
    let e = load_err("notes.txt", "hello");
    assert!(e.contains("not a dataset manifest"), "{e}");
}
