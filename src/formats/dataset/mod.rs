//! Dataset manifests in three formats, all normalized into [`Dataset`]:
//!
//! * MLCommons **Croissant** JSON-LD (1.0 and 1.1) with its Responsible-AI (RAI) vocabulary, as
//!   one object, a top-level array or a flattened `@graph`;
//! * **Hugging Face dataset cards** (`README.md` with YAML front matter), whose template sections
//!   are mapped onto the same RAI keys as Croissant;
//! * modelgate's own **datasheet** (`dataset.yaml`, see [`Datasheet`]) for teams with neither,
//!   which states the GDPR/CCPA facts the privacy policies judge.

mod ccpa;
mod croissant;
mod datasheet;
mod hf_card;
mod jsonld;
mod lines;
mod personal;
mod personal_data;
mod schema;
#[cfg(test)]
mod tests;

pub use ccpa::{CcpaExemption, CcpaSensitive, CcpaSheet, DeidentifiedCommitmentSheet};
pub use croissant::{is_croissant, load_croissant};
pub use datasheet::load_datasheet;
pub use hf_card::load_hf_card;
pub use personal::{contains_from_statement, read_personal_statement, PersonalReading};
pub use personal_data::{
    AnonymizationMethod, AnonymizationSheet, Art89Purpose, Art89Sheet, ChildrenDetail,
    ChildrenSheet, ConsentSheet, CriminalDataSheet, DpiaSheet, LawfulBasis,
    LegitimateInterestsSheet, PersonalDataSheet, SpecialCategory, SpecialCategoryCondition,
    TransferMechanism, TransferSheet,
};
pub use schema::{ApiVersion, Datasheet, DatasheetField, DatasheetKind, RaiStatements};

use super::markdown::truncate;
use super::Doc;
use crate::error::{Location, Result};
use crate::input::Dataset;

/// `Source.format` of Croissant manifests.
pub const FORMAT_CROISSANT: &str = "croissant";
/// `Source.format` of Hugging Face dataset cards.
pub const FORMAT_HF_CARD: &str = "huggingface-dataset-card";
/// `Source.format` of modelgate datasheets.
pub const FORMAT_DATASHEET: &str = "modelgate-datasheet";

/// Longest free text (descriptions, RAI statements) kept in the input.
const MAX_TEXT: usize = 4000;
/// A dataset manifest format this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetFormat {
    Croissant,
    HuggingFaceCard,
    Datasheet,
}

impl DatasetFormat {
    /// The `Source.format` name.
    pub fn name(self) -> &'static str {
        match self {
            DatasetFormat::Croissant => FORMAT_CROISSANT,
            DatasetFormat::HuggingFaceCard => FORMAT_HF_CARD,
            DatasetFormat::Datasheet => FORMAT_DATASHEET,
        }
    }
}

/// Guesses the format from the file name and content:
///
/// * `.md`/`.markdown` → Hugging Face dataset card;
/// * `.json`/`.jsonld`, or content starting with `{` or `[` → Croissant (checked when loading);
/// * `dataset.yaml`, `datasheet.yaml`, `*.datasheet.yaml` (or `.yml`), any other `.yaml`/`.yml`,
///   or a top-level `kind: Datasheet` line → datasheet;
/// * content starting with a `---` front-matter fence → Hugging Face dataset card.
pub fn detect(file_name: &str, text: &str) -> Option<DatasetFormat> {
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_ascii_lowercase();
    let ext = |e: &str| name.ends_with(e);
    if ext(".md") || ext(".markdown") {
        return Some(DatasetFormat::HuggingFaceCard);
    }
    if ext(".json") || ext(".jsonld") || text.trim_start().starts_with(['{', '[']) {
        return Some(DatasetFormat::Croissant);
    }
    if ext(".yaml") || ext(".yml") || has_kind_datasheet(text) {
        return Some(DatasetFormat::Datasheet);
    }
    if text.trim_start().starts_with("---") {
        return Some(DatasetFormat::HuggingFaceCard);
    }
    None
}

fn has_kind_datasheet(text: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("kind:")
            .map(|v| {
                v.split('#')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    == "Datasheet"
            })
            .unwrap_or(false)
    })
}

/// Loads a dataset manifest of any supported format (see [`detect`]).
pub fn load(doc: &Doc) -> Result<Dataset> {
    let text = doc.text()?;
    let name = if doc.rel.is_empty() {
        doc.path.to_string_lossy().into_owned()
    } else {
        doc.rel.clone()
    };
    match detect(&name, text) {
        Some(DatasetFormat::Croissant) => load_croissant(doc),
        Some(DatasetFormat::HuggingFaceCard) => load_hf_card(doc),
        Some(DatasetFormat::Datasheet) => load_datasheet(doc),
        None => Err(doc.err(
            Location::default(),
            "not a dataset manifest: expected Croissant JSON-LD (.json), a Hugging Face dataset card \
             (.md with YAML front matter) or a modelgate datasheet (dataset.yaml, kind: Datasheet)",
        )),
    }
}

pub(super) fn bounded(s: &str) -> String {
    let mut s = s.trim().to_string();
    truncate(&mut s, MAX_TEXT);
    s
}
