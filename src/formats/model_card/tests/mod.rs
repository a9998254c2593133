//! Model card loading: detection of the format, the helpers the loader tests share, and
//! truncated inputs. Each format's own tests are in the submodules.

use super::*;
use crate::input::Section;
use std::path::Path;

mod headings;
mod huggingface;
mod json_cards;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/model-cards");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data");

fn fixture(name: &str) -> Doc {
    let path = Path::new(FIXTURES).join(name);
    Doc::read(&path, &format!("model-cards/{name}")).unwrap()
}

fn load_fixture(name: &str) -> ModelCard {
    load(&fixture(name)).unwrap()
}

fn load_err(name: &str) -> String {
    load(&fixture(name)).unwrap_err().to_string()
}

fn inline(name: &str, text: &str) -> Result<ModelCard> {
    load(&Doc::new(name, name, text.as_bytes().to_vec()))
}

fn section<'c>(card: &'c ModelCard, id: &str) -> &'c Section {
    card.sections
        .get(id)
        .unwrap_or_else(|| panic!("no section {id}: {:?}", card.sections.keys()))
}

fn loading(name: &str) -> Doc {
    fixture(&format!("loading/{name}"))
}

/// `text` written as UTF-16 with a byte order mark.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// A loaded card as pretty JSON, for its snapshot.
fn json(card: &ModelCard) -> String {
    match serde_json::to_string_pretty(card) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    }
}

/// The whole normalized card loaded from one fixture, as one snapshot named after it.
fn snapshot(name: &str, card: &ModelCard) {
    insta::assert_snapshot!(name, json(card));
}

#[test]
fn detection_rejects_other_documents() {
    let e = inline("card.json", r#"{"name": "x"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("card.json: not a recognized model card"),
        "{e}"
    );
    assert!(
        e.contains("Hugging Face") && e.contains("Model Card Toolkit") && e.contains("CycloneDX"),
        "{e}"
    );
    let e = inline("card.json", "[1, 2]").unwrap_err().to_string();
    assert!(e.contains("not an object"), "{e}");
    let e = inline("card.txt", "just some text")
        .unwrap_err()
        .to_string();
    assert!(e.contains("neither Markdown nor JSON"), "{e}");
    // A JSON body without a .json name is still detected.
    let card = inline("card", r#"{"model_details": {"name": "x"}}"#).unwrap();
    assert_eq!(card.source.format, FORMAT_MCT);
    // Front matter without a .md name is a Hugging Face card.
    let card = inline("MODEL_CARD", "---\nlicense: mit\n---\n# x\n").unwrap();
    assert_eq!(card.source.format, FORMAT_HUGGINGFACE);
}

#[test]
fn truncated_inputs_error_or_load_but_never_panic() {
    let mut names: Vec<String> = ["hf-complete.md", "hf-template.md", "mct.json"]
        .iter()
        .map(|n| format!("{FIXTURES}/{n}"))
        .collect();
    let sample = format!("{SHARED}/cyclonedx/MLBOM/Model-Card-With-Dataset/bom.json");
    if Path::new(&sample).exists() {
        names.push(sample);
    }
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        for cut in (0..bytes.len()).step_by((bytes.len() / 150).max(1)) {
            let doc = Doc::new(&name, &name, bytes[..cut].to_vec());
            let _ = load(&doc);
        }
    }
}
