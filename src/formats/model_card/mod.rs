//! Model cards as they exist in the wild, normalized into [`ModelCard`]:
//!
//! - Hugging Face model cards (`README.md`): YAML front matter (the hub's card metadata, with
//!   `model-index` evaluation results) and Markdown sections, headings and bold labels mapped
//!   to canonical ids by [`heading_topics`];
//! - Google Model Card Toolkit JSON (schema v0.0.2: `model_details`, `model_parameters`,
//!   `quantitative_analysis`, `considerations`);
//! - the CycloneDX (1.5+) `modelCard` of the BOM's first `machine-learning-model` component.
//!
//! Sections are keyed by the ids of [`SECTION_IDS`]. Markdown sections carry the heading's line,
//! JSON sections the JSON pointer of the field they were read from.

mod content;
mod cyclonedx;
mod headings;
mod huggingface;
mod json;
mod mct;
#[cfg(test)]
mod tests;

pub use headings::{classify_heading, heading_topics, is_section_label, LEAD_PHRASES};

use super::{as_f64, Doc};
use crate::error::{Error, Location, Result};
use crate::input::ModelCard;
use json::Json;
use serde_json::Value;

/// `source.format` of Hugging Face model cards.
pub const FORMAT_HUGGINGFACE: &str = "huggingface-model-card";
/// `source.format` of Google Model Card Toolkit JSON cards.
pub const FORMAT_MCT: &str = "model-card-toolkit";
/// `source.format` of CycloneDX ML-BOM model cards.
pub const FORMAT_CYCLONEDX: &str = "cyclonedx-modelcard";

/// Canonical section ids, the keys of [`ModelCard::sections`]. [`SECTION_DOCS`] says what
/// each one holds.
pub const SECTION_IDS: &[&str] = &[
    "model_details",
    "intended_use",
    "out_of_scope_use",
    "limitations",
    "recommendations",
    "tradeoffs",
    "training_data",
    "training_procedure",
    "evaluation",
    "bias_fairness",
    "ethical_considerations",
    "human_oversight",
    "environmental_impact",
    "technical_specifications",
    "model_examination",
    "citation",
    "contact",
    "authors",
    "license",
    "getting_started",
    "version",
    "glossary",
    "more_information",
];

/// One line per canonical section id, for policy authors.
pub const SECTION_DOCS: &[(&str, &str)] = &[
    (
        "model_details",
        "What the model is: description, type, developers, sources, architecture summary.",
    ),
    (
        "intended_use",
        "Intended uses and users: direct and downstream use, use cases.",
    ),
    (
        "out_of_scope_use",
        "Uses the model is not for: out-of-scope use, misuse, prohibited uses.",
    ),
    (
        "limitations",
        "Known limitations and risks (HF \"Bias, Risks, and Limitations\", technical limitations).",
    ),
    (
        "recommendations",
        "Recommendations to users given the risks and limitations.",
    ),
    ("tradeoffs", "Known accuracy/performance trade-offs."),
    (
        "training_data",
        "Data the model was trained on (and, in JSON cards, evaluated on).",
    ),
    (
        "training_procedure",
        "How it was trained: preprocessing, hyperparameters, speeds and sizes.",
    ),
    (
        "evaluation",
        "Evaluation: testing data, factors, metrics and results.",
    ),
    (
        "bias_fairness",
        "Bias and fairness analysis: groups at risk, disaggregated results.",
    ),
    (
        "ethical_considerations",
        "Ethical considerations and risk mitigations.",
    ),
    (
        "human_oversight",
        "Human oversight: human-in-the-loop review, overrides, intervention.",
    ),
    (
        "environmental_impact",
        "Environmental impact: hardware, hours, energy, carbon emitted.",
    ),
    (
        "technical_specifications",
        "Architecture and objective, compute infrastructure, inputs and outputs.",
    ),
    (
        "model_examination",
        "Interpretability and explainability work.",
    ),
    ("citation", "How to cite the model (BibTeX, APA)."),
    ("contact", "Who to contact about the model or its card."),
    (
        "authors",
        "Authors of the model card (owners in JSON cards).",
    ),
    ("license", "License text or terms stated in the card body."),
    (
        "getting_started",
        "How to get started: usage instructions and code.",
    ),
    (
        "version",
        "Version notes: changelog, version history, differences from the previous version.",
    ),
    ("glossary", "Terms and calculations used in the card."),
    (
        "more_information",
        "More information: references and links.",
    ),
];

/// Loads a model card, detecting its format: Markdown (`.md`, or text starting with `---`) is a
/// Hugging Face card; JSON with `bomFormat: CycloneDX` is an ML-BOM; JSON with `model_details`
/// is a Model Card Toolkit card. Anything else is an error naming the accepted formats.
pub fn load(doc: &Doc) -> Result<ModelCard> {
    let text = doc.text()?;
    let ext = doc
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let markdown = matches!(ext.as_deref(), Some("md" | "markdown"));
    if markdown || text.trim_start().starts_with("---") {
        return huggingface::load_huggingface(doc, text);
    }
    let json = ext.as_deref() == Some("json") || text.trim_start().starts_with('{');
    if !json {
        return Err(unrecognized(doc, "it is neither Markdown nor JSON"));
    }
    let root: Value = doc.json()?;
    let Value::Object(map) = &root else {
        return Err(unrecognized(doc, "the JSON document is not an object"));
    };
    if let Some(format) = map.get("bomFormat") {
        if format.as_str() == Some("CycloneDX") {
            return cyclonedx::load_cyclonedx(doc, text, &root);
        }
        let j = Json { doc, text };
        return Err(j.err(
            "/bomFormat",
            format!("bomFormat is {format}, expected \"CycloneDX\""),
        ));
    }
    if map.contains_key("model_details") {
        return mct::load_mct(doc, text, &root);
    }
    Err(unrecognized(
        doc,
        "the JSON has neither `bomFormat` nor `model_details`",
    ))
}

fn unrecognized(doc: &Doc, why: &str) -> Error {
    doc.err(
        Location::default(),
        format!(
            "not a recognized model card ({why}); accepted formats: a Hugging Face model card \
             (Markdown with optional YAML front matter), a Model Card Toolkit JSON card (with \
             `model_details`), or a CycloneDX JSON BOM (`bomFormat: CycloneDX`) with a \
             `machine-learning-model` component"
        ),
    )
    .with_code(crate::diagnostic::Code::UnsupportedFormat)
}

pub(super) fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Several licenses of one card all apply: they are joined into an SPDX `AND` expression.
pub(super) fn join_licenses(mut licenses: Vec<String>) -> Option<String> {
    licenses.retain(|l| !l.trim().is_empty());
    let mut unique: Vec<String> = Vec::new();
    for l in &licenses {
        push_unique(&mut unique, l.trim());
    }
    match unique.len() {
        0 => None,
        1 => unique.pop(),
        _ => Some(unique.join(" AND ")),
    }
}

/// A metric value as a number, or as the text written when it is not one.
pub(super) fn metric_value(v: Option<&Value>) -> (Option<f64>, Option<String>) {
    match v {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(s)) if s.trim().is_empty() => (None, None),
        Some(v @ (Value::Number(_) | Value::String(_))) => match as_f64(Some(v)) {
            Some(x) => (Some(x), None),
            None => (None, v.as_str().map(str::to_string)),
        },
        Some(other) => (None, Some(other.to_string())),
    }
}
