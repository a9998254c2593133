//! The datasheet's top level (`dataset.yaml`): identity of the dataset, its columns and its
//! Responsible-AI statements; the personal-data block is in `personal_data`.

use super::bounded;
use super::personal_data::PersonalDataSheet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A modelgate datasheet (`dataset.yaml`): what a dataset is and what it holds of personal
/// data, for teams without a Croissant manifest or a Hugging Face dataset card. The
/// `personalData` block carries the facts GDPR (Regulation (EU) 2016/679) and the CCPA/CPRA
/// (Cal. Civ. Code §1798.100 et seq.) policies judge; unstated facts are findings, not defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Datasheet {
    /// Schema version of this file; must be `modelgate.dev/v1`.
    pub api_version: ApiVersion,
    /// Must be `Datasheet`.
    pub kind: DatasheetKind,
    /// Dataset name, e.g. `loan-applications-2024`.
    pub name: String,
    /// Dataset version or snapshot label (quote it in YAML: `"2024.06"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What the data is, where it comes from and what it is used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// SPDX license identifier or expression, or `LicenseRef-...` for internal terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Where the dataset (or its catalogue entry) lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Personal-data facts (GDPR Art. 4(1) personal data, CCPA §1798.140(v) personal
    /// information).
    pub personal_data: PersonalDataSheet,
    /// Columns or attributes of the records, with their personal-data category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<DatasheetField>,
    /// Responsible-AI statements, with the keys of the Croissant RAI vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rai: Option<RaiStatements>,
}

/// The only datasheet schema version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ApiVersion {
    /// Version 1 of the datasheet schema.
    #[serde(rename = "modelgate.dev/v1")]
    V1,
}

/// The datasheet's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DatasheetKind {
    /// A dataset datasheet.
    Datasheet,
}
/// A column or attribute of the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatasheetField {
    /// Column name.
    pub name: String,
    /// Data type, e.g. `string`, `integer`, `float`, `date`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// What the column holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Personal-data category of the column (one of `personalData.categories`), when it holds
    /// personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<String>,
    /// Whether the column directly identifies a person (name, e-mail, national id, customer
    /// number, ...); false when omitted.
    #[serde(default)]
    pub direct_identifier: bool,
    /// Why the column must be kept as it is although it is a direct identifier that the
    /// dataset's de-identification leaves in place: necessity under data minimisation and data
    /// protection by design (GDPR Art. 5(1)(c), Art. 25(1), Art. 89(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// Responsible-AI statements, named as in the Croissant RAI vocabulary
/// (`http://mlcommons.org/croissant/RAI/`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RaiStatements {
    /// How the data was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection: Option<String>,
    /// Type of collection: surveys, web scraping, crowdsourcing, software collection, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_type: Option<String>,
    /// Data missing from the collection and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_missing_data: Option<String>,
    /// The raw data the dataset was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_raw_data: Option<String>,
    /// When the data was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_timeframe: Option<String>,
    /// How missing values were imputed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_imputation_protocol: Option<String>,
    /// How the data was transformed or manipulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_manipulation_protocol: Option<String>,
    /// Preprocessing: cleaning, filtering, deduplication, de-identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_preprocessing_protocol: Option<String>,
    /// Annotation guidelines and process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_annotation_protocol: Option<String>,
    /// Platform used to collect annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_annotation_platform: Option<String>,
    /// Analysis of the annotations (agreement, quality checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_annotation_analysis: Option<String>,
    /// Release, versioning, maintenance and deprecation plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_release_maintenance_plan: Option<String>,
    /// Personal or sensitive information in the data and how it is handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_sensitive_information: Option<String>,
    /// Foreseeable social impact of the dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_social_impact: Option<String>,
    /// Known biases (representation, sampling, labelling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_biases: Option<String>,
    /// Known limitations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_limitations: Option<String>,
    /// Intended and validated uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_use_cases: Option<String>,
    /// Number of annotations per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations_per_item: Option<String>,
    /// Demographics of the annotators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator_demographics: Option<String>,
    /// Tools used for machine annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_annotation_tools: Option<String>,
}

impl RaiStatements {
    /// The statements by Croissant RAI key, empty ones left out, text bounded.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Ok(Value::Object(o)) = serde_json::to_value(self) {
            for (k, v) in o {
                if let Value::String(s) = v {
                    if !s.trim().is_empty() {
                        out.insert(k, bounded(&s));
                    }
                }
            }
        }
        out
    }
}
