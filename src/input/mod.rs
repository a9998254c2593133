//! The normalized input document: the one contract between the loaders and the policies.
//! `schemas/input.schema.json` is generated from these types; absent facts are omitted (never
//! `null`) so that Rego's `not x` reads "not stated".

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod operations;
pub use operations::*;

/// Everything a policy sees for one bundle.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Input {
    pub manifest: ManifestInfo,
    /// How the evidence was found (from the manifest or by convention) and what was found.
    pub discovery: Discovery,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelCard>,
    pub datasets: Vec<Dataset>,
    pub sboms: Vec<Sbom>,
    pub robustness: Vec<Robustness>,
    pub artifacts: Vec<Artifact>,
    pub signatures: Vec<Signature>,
    /// in-toto statements (SLSA provenance and others) shipped with the release.
    pub provenance: Vec<Provenance>,
    /// How the release is monitored, rolled out, rolled back and retrained.
    #[serde(default)]
    pub operations: Operations,
    pub context: Context,
    /// The organisation's facts from the gate's configuration (`organisation:`), not from the
    /// bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<crate::bundle::obligations::Organisation>,
    /// The same bundle at the base revision (`check --base`), for rules that judge a change;
    /// absent for a new bundle or without `--base`. Its own `previous` is always absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Input>>,
}

/// A file that evidence came from, named relative to the bundle root.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub path: String,
    /// Loader that read it, e.g. `huggingface-model-card`, `cyclonedx`, `croissant`.
    pub format: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ManifestInfo {
    /// `modelgate.yaml` when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// EU AI Act tier: minimal | limited | high | unacceptable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub jurisdictions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_deployment: Option<String>,
    /// Free-form labels from the manifest.
    pub labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated_decisions: Option<AutomatedDecisions>,
    /// EU AI Act classification (see the manifest's `euAiAct`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_ai_act: Option<crate::bundle::obligations::EuAiAct>,
    /// EU AI Act Art. 50 transparency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparency: Option<crate::bundle::obligations::Transparency>,
    /// General-purpose AI model duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpai: Option<crate::bundle::obligations::Gpai>,
    /// High-risk provider duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_risk: Option<crate::bundle::obligations::HighRisk>,
    /// High-risk deployer duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployer: Option<crate::bundle::obligations::Deployer>,
    /// California AI laws.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub california: Option<crate::bundle::obligations::California>,
    /// Erasure requests and the trained model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erasure: Option<crate::bundle::obligations::Erasure>,
}

/// How the model's outputs become decisions about people (GDPR Art. 22).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AutomatedDecisions {
    pub solely_automated: bool,
    pub legal_or_similar_effect: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_intervention: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contestation: Option<String>,
    /// contract | law | explicit_consent
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// The law authorising the decisions (Art. 22(2)(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_reference: Option<String>,
    /// How a person expresses his or her point of view (Art. 22(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_of_view: Option<String>,
    /// Information about the logic involved (Art. 13(2)(f), 14(2)(g), 15(1)(h)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logic_information: Option<String>,
    /// Decisions concern children (Recital 71).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affects_children: Option<bool>,
    /// Third parties draw strongly on the output for their decisions (C-634/21 SCHUFA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relied_on_by_third_parties: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Discovery {
    /// `manifest` or `convention`.
    pub mode: String,
    pub found: Vec<FoundFile>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct FoundFile {
    pub path: String,
    /// model_card | dataset | sbom | robustness | artifact | signature
    pub kind: String,
}

/// A model card from any supported format.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ModelCard {
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// SPDX identifier or expression, or the card's own license name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    pub base_model: Vec<String>,
    pub language: Vec<String>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_tag: Option<String>,
    /// Task types of the card's evaluation results (Hugging Face `model-index`
    /// `results[].task.type`), as written, each once, in order of appearance. Policies compare
    /// them with `pipeline_tag` and `tags` to tell which robustness regime applies.
    pub task_types: Vec<String>,
    /// Datasets the card says the model was trained or evaluated on.
    pub datasets: Vec<String>,
    /// Canonical section id -> what the card says there.
    pub sections: BTreeMap<String, Section>,
    pub metrics: Vec<Metric>,
    /// Front-matter keys of the card, unnormalized, for policies that need more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// True when the section has content beyond template placeholders.
    pub present: bool,
    /// Words of content, placeholders removed.
    pub words: usize,
    /// True when a template placeholder was found in it.
    pub placeholder: bool,
    /// Distinct content words (compared folded, stop words, numbers and filler left out): a
    /// section that repeats one word has many `words` but one distinct word. 0 when absent, so
    /// that a document without it counts as thin.
    #[serde(default)]
    pub distinct_words: usize,
    /// The heading as written (or the field name in JSON cards).
    pub heading: String,
    /// 1-based line of the heading in Markdown cards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// JSON pointer of the field in JSON cards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The text, placeholders included, cut to a bounded length.
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Metric {
    /// e.g. `accuracy`, `f1`, `auc`.
    #[serde(rename = "type")]
    pub metric_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The value as written, when it is not a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slice: Option<String>,
}

/// A dataset manifest from any supported format.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Dataset {
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub personal_data: PersonalData,
    pub fields: Vec<Field>,
    /// Responsible-AI statements (Croissant RAI, dataset-card sections), by key.
    pub rai: BTreeMap<String, String>,
    /// 1-based line of each datasheet key, for findings that point into the file.
    pub lines: BTreeMap<String, usize>,
}

/// What a dataset manifest says about personal data. Unstated facts are absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PersonalData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contains_personal_data: Option<bool>,
    /// The manifest's own words on personal or sensitive information.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    pub categories: Vec<String>,
    /// GDPR Art. 9(1) special categories present.
    pub special_categories: Vec<String>,
    /// GDPR Art. 9(2) condition relied on for the special categories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special_category_condition: Option<String>,
    /// What the special categories are processed for (a purpose the Art. 9(2) condition names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_purpose: Option<String>,
    /// The Union or Member State law an Art. 9(2)(b), (g), (h), (i) or (j) condition rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_law_reference: Option<String>,
    /// Processed under the obligation of professional secrecy (GDPR Art. 9(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional_secrecy: Option<bool>,
    /// GDPR Art. 6(1) basis: consent | contract | legal_obligation | vital_interests | public_task | legitimate_interests
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lawful_basis: Option<String>,
    /// The legitimate-interests assessment (GDPR Art. 6(1)(f)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interests: Option<LegitimateInterests>,
    /// How data subjects object to the processing (GDPR Art. 21(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_process: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymization: Option<Anonymization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u64>,
    /// The criteria that determine the retention period, where none can be given (GDPR Art.
    /// 13(2)(a), 14(2)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_criteria: Option<String>,
    /// Processing solely for archiving, research or statistics under GDPR Art. 89(1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art89: Option<Art89>,
    /// Criminal-offence data (GDPR Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_data: Option<CriminalData>,
    pub subject_regions: Vec<String>,
    pub transfers: Vec<Transfer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
    /// Whether records describe children, and the GDPR Art. 8 facts about them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Children>,
    /// Reference of the record of processing activities entry (GDPR Art. 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_of_processing: Option<String>,
    /// Link or reference of the notice given to data subjects (GDPR Art. 13, 14).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transparency_notice: Option<String>,
    /// Whether the processing is large scale (GDPR Art. 35(3), Recital 91).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub large_scale: Option<bool>,
    /// Whether the data is used for profiling (GDPR Art. 4(4)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiling: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ccpa: Option<Ccpa>,
}

/// Children among the data subjects (GDPR Art. 8; CCPA 1798.120(c) is under `ccpa`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Children {
    pub present: bool,
    /// How the age of the subjects, or the parental authorisation, is verified (Art. 8(2)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_verification: Option<String>,
    /// Whether consent was given or authorised by the holder of parental responsibility
    /// (Art. 8(1)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parental_consent: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Consent {
    pub recorded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub withdrawable: bool,
    /// Explicit consent (GDPR Art. 9(2)(a), 22(2)(c)), not only consent (Art. 6(1)(a)).
    #[serde(default)]
    pub explicit: bool,
}

/// A legitimate-interests assessment (GDPR Art. 6(1)(f)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LegitimateInterests {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The balancing weighed children's interests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children_considered: Option<bool>,
}

/// Processing under GDPR Art. 89(1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Art89 {
    /// archiving_public_interest | scientific_research | historical_research | statistics
    pub purpose: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safeguards: Option<String>,
}

/// Criminal-offence data (GDPR Art. 10).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriminalData {
    pub present: bool,
    /// The authorising Union or Member State law.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law_reference: Option<String>,
    /// Under the control of official authority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official_authority: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Anonymization {
    /// none | pseudonymisation | anonymisation | aggregation | differential_privacy | ...
    pub method: String,
    pub direct_identifiers_removed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Transfer {
    pub destination: String,
    /// adequacy | scc | bcr | derogation_49 | none
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// The US recipient is certified under the EU-US Data Privacy Framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpf_certified: Option<bool>,
    /// The Canadian recipient is a commercial organisation subject to PIPEDA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeda_covered: Option<bool>,
    /// The transfer is occasional (GDPR Art. 49 derogations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasional: Option<bool>,
    /// Why an Art. 49 derogation applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dpia {
    pub done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// California (CCPA/CPRA) facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ccpa {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_at_collection: Option<String>,
    pub purposes: Vec<String>,
    pub sold: bool,
    pub shared: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    pub sensitive: Vec<String>,
    pub minors_under_16: bool,
    /// Whether consumers under 16 (or the parents of those under 13) opted in to the sale or
    /// sharing (1798.120(c)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_in_minors: Option<bool>,
    /// Whether sensitive personal information is only used for the purposes of 1798.121(a).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_use_limited: Option<bool>,
    /// Link to the "Limit the Use of My Sensitive Personal Information" notice (1798.135(a)(2)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_notice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deidentified: Option<bool>,
    /// The commitments that make deidentified information (1798.140(m)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deidentified_commitment: Option<DeidentifiedCommitment>,
    /// Retention period in days per category of personal information (1798.100(a)(3)).
    pub retention_by_category: BTreeMap<String, u64>,
    /// Reference of the risk assessment (11 CCR § 7150).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<String>,
    /// The criteria that determine the retention period where none can be given
    /// (1798.100(a)(3)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_criteria: Option<String>,
    /// Whether sensitive personal information is processed to infer characteristics about
    /// consumers (`false` invokes 1798.121(d)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_inference: Option<bool>,
    /// Exemptions claimed for this information: glba (1798.145(e)), fcra (1798.145(d)),
    /// hipaa (1798.146).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<String>,
    /// Inference from systematic observation of applicants, students, employees or contractors
    /// (11 CCR § 7150(b)(4)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub systematic_observation: Option<bool>,
    /// Inference from presence in a sensitive location (11 CCR § 7150(b)(5)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_location: Option<bool>,
}

/// CCPA 1798.140(m)(2)-(3) commitments for deidentified information.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeidentifiedCommitment {
    /// Link to the public commitment to keep and use the information only in deidentified form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_commitment: Option<String>,
    /// Whether the business does not attempt to reidentify the information.
    pub no_reidentification: bool,
    /// Whether recipients are contractually bound to the same terms.
    pub contractual: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Field {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Personal-data category of the field, if the manifest states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal: Option<String>,
    /// True for direct identifiers (name, e-mail, national id, ...).
    pub direct_identifier: bool,
    /// Why the field must be kept as it is (data minimisation, GDPR Art. 5(1)(c), 89(1)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// A software bill of materials.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Sbom {
    pub source: Source,
    /// `cyclonedx` | `spdx`
    pub format: String,
    pub spec_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// When the SBOM was created, RFC 3339 in UTC (`2026-11-02T08:55:12Z`): CycloneDX
    /// `metadata.timestamp`, SPDX 2 `creationInfo.created`, SPDX 3 `CreationInfo.created`. Left
    /// out when the file states none or the value is not an RFC 3339 date-time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    pub components: Vec<Component>,
    /// Packages (`Component.package`, else the name) listed with more than one version.
    pub duplicates: Vec<DuplicatePackage>,
}

/// A package listed in one SBOM with several versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DuplicatePackage {
    pub package: String,
    /// The distinct versions, sorted.
    pub versions: Vec<String>,
    /// Pointers of the components, sorted.
    pub pointers: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Component {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The package URL in its canonical form (purl specification: type lower case, parts
    /// percent-decoded and re-encoded, the rules of its type applied, qualifiers sorted), or as
    /// written when it is not a valid purl (see `purl_error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// CycloneDX component type or SPDX purpose/element type, lower case.
    #[serde(rename = "type")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_type: Option<String>,
    /// SPDX identifiers or expressions; `NOASSERTION` and `NONE` are left out.
    pub licenses: Vec<String>,
    /// `licenses` read as one SPDX license expression (the entries joined by `AND`, unparseable
    /// entries left out) in disjunctive normal form: each inner list is one way to comply, a set
    /// of license terms that all apply; the component may be used under any one of them.
    /// `MIT OR (Apache-2.0 AND BSD-3-Clause)` → `[["MIT"], ["Apache-2.0", "BSD-3-Clause"]]`.
    ///
    /// Parsing is lenient (`/` for `OR`, deprecated ids, `+` on GNU licenses) and, as the SPDX
    /// specification asks, case-insensitive for license and exception ids. An entry that is not
    /// an expression is read as licence names, compared after folding: SPDX list full names,
    /// Debian short names (`AGPL-3+`, `Expat`), PyPI trove classifiers, aliases ("GNU AGPL v3",
    /// "Apache License, Version 2.0"), joined by `and`/`or`/`with`. A GNU licence named without
    /// "only"/"or later" ("GPLv3") means both terms (`GPL-3.0-only`, `GPL-3.0-or-later`), one
    /// without a version every version, so that it is denied when either is denied and allowed
    /// only when both are allowed. Each term is in one normalized form:
    /// - an SPDX license id as the SPDX license list spells it (`mit` → `MIT`);
    /// - GNU licenses with an explicit suffix: `GPL-2.0` → `GPL-2.0-only`, `GPL-2.0+` and
    ///   `GPL-2.0-or-later` → `GPL-2.0-or-later`; the deprecated `GPL-2.0-with-classpath-exception`
    ///   style ids become `GPL-2.0-only WITH Classpath-exception-2.0`;
    /// - other licenses with "or later" keep a `+` suffix: `MPL-1.1+`;
    /// - an exception follows its license after ` WITH `: `Apache-2.0 WITH LLVM-exception`;
    /// - `LicenseRef-x` and `DocumentRef-d:LicenseRef-x` as written;
    /// - `NOASSERTION` inside a larger expression stays a term of its own (alone it is left out
    ///   of `licenses`).
    ///
    /// Terms within an alternative are sorted and unique; an alternative that contains another
    /// one is dropped (it adds no new way to comply); alternatives are sorted by their number of
    /// terms, then alphabetically. At most 64 alternatives are kept (those with the fewest
    /// terms); a larger expression is also reported in `license_errors`. Empty when no entry of
    /// `licenses` parses.
    pub license_alternatives: Vec<Vec<String>>,
    /// Entries of `licenses` that are not SPDX license expressions, each with the reason, and an
    /// expression whose alternatives exceeded the bound of 64.
    pub license_errors: Vec<LicenseError>,
    /// Algorithm (lower case, e.g. `sha256`) -> lower-case hex.
    pub hashes: BTreeMap<String, String>,
    /// Where the component is in its file (JSON pointer).
    pub pointer: String,
    /// `purl` for matching: the canonical purl (percent-decoded and re-encoded, the rules of its
    /// type applied) without qualifiers (`?…`) and subpath (`#…`), in lower case, pypi names
    /// with each run of `-`, `_`, `.` as one `-` (PEP 503, as pip compares them):
    /// `pkg:PyPI/Foo_Bar@1.0?x=y` → `pkg:pypi/foo-bar@1.0`, `pkg:pypi/torch%74riton` →
    /// `pkg:pypi/torchtriton`. Absent when there is no purl or it cannot be parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl_id: Option<String>,
    /// `purl_id` without the version: the package, whatever its version (`pkg:pypi/foo-bar`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Why `purl` is not a valid package URL (then `purl` is as written, and the component is
    /// matched by `match_ids` and `match_names`): no `pkg:` scheme, an invalid percent-encoding,
    /// no name, a namespace on a type that has none, a malformed qualifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl_error: Option<String>,
    /// The package ecosystem as a purl type (`pypi`, `npm`, `maven`): the type of `purl`, else
    /// what the SBOM says elsewhere (a CycloneDX `bom-ref` purl, syft and `cdx:` properties, a
    /// CPE's target software, SPDX package-manager references, a registry download location).
    /// Absent when unknown (also for `generic` and unregistered purl types) or when the SBOM
    /// names several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    /// Further keys in `purl_id` form that banned packages are matched against: the component's
    /// name and version in each ecosystem where they differ from `purl` (or where there is no
    /// purl), `purl` without a namespace its type does not have, and look-alike characters
    /// folded (`tοrchtriton` with a Greek omicron → `torchtriton`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_ids: Vec<String>,
    /// When the ecosystem is unknown: the component's name as `namespace/name@version` (purl
    /// encoding, lower case; with and without the namespace, pypi-normalized and look-alikes
    /// folded), matched against the name part of banned purls whatever their type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_names: Vec<String>,
}

/// A license of a component that could not be evaluated as an SPDX expression.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LicenseError {
    /// The license as the SBOM gives it (several entries joined by ` AND ` when the bound on
    /// alternatives was exceeded by their combination).
    pub expression: String,
    /// What is wrong, e.g. ``unknown term `Bouncy` ``.
    pub reason: String,
}

/// Adversarial robustness results.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Robustness {
    pub source: Source,
    /// `modelgate-robustness` | `garak`
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_sha256: Option<String>,
    /// RFC 3339 date-time of the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean_accuracy: Option<f64>,
    pub attacks: Vec<Attack>,
    /// garak probe results (one per probe and detector).
    pub probes: Vec<Probe>,
    /// What a garak report says it probed: one entry per distinct (name, type) the report
    /// states, in order of appearance. Empty for robustness.json (its model is `model_sha256`).
    pub targets: Vec<ReportTarget>,
    /// garak run ids the report states (`init` `run`, `start_run setup` `transient.run_id`,
    /// `digest` `meta.run_uuid`), each once, in order of appearance: one for a garak run, two
    /// for a report merged by `garak.analyze.aggregate_reports` (the lead run's and its own).
    pub runs: Vec<String>,
}

/// The model a garak run probed, as garak recorded it. garak records no digest of the model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportTarget {
    /// `target_name` (garak >= 0.13.1) or `model_name` (older), trimmed: a Hugging Face id, a
    /// local path, an API model name. Absent when the report leaves it blank or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `target_type` (or `model_type`): the garak generator, e.g. `huggingface`,
    /// `openai.OpenAICompatible`, `test.Blank`.
    #[serde(rename = "type")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    /// The key it was read from, e.g. `plugins.target_name`, `meta.model_name`, `model_name`.
    pub field: String,
    /// 1-based line of the entry in the JSONL report.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Attack {
    pub name: String,
    /// e.g. `white-box`, `black-box`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threat_model: Option<String>,
    /// e.g. `linf`, `l2`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epsilon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robust_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    pub pointer: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Probe {
    pub probe: String,
    pub detector: String,
    pub passed: u64,
    pub total: u64,
    /// failures / total
    pub failure_rate: f64,
    /// 1-based line of the eval entry in the JSONL report.
    pub line: usize,
}

/// A model file of the bundle: declared in the manifest (or by naming convention), or found
/// by its content or name among the bundle's other files. Its bytes never enter the input:
/// its digest, size, format and, for pickles, what unpickling it would import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Artifact {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    /// Listed as an artifact by the manifest (or by naming convention without one). An
    /// undeclared model file is one the release carries without saying so.
    pub declared: bool,
    /// The model format recognised (`pickle`, `pytorch-zip`, `safetensors`, `gguf`, `onnx`,
    /// ...), by content where the format has a signature, else by the (folded) file name;
    /// absent for files that are no known model format (e.g. a declared `config.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The format was recognised from the bytes, not only the name.
    #[serde(default)]
    pub by_content: bool,
    /// For pickle-family files (also pickles inside zip checkpoints): every callable the
    /// unpickler would import, found statically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pickle: Option<crate::formats::modelfile::PickleReport>,
}

/// A signature file of the bundle and what its verification found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Signature {
    pub source: Source,
    /// sigstore-bundle | oms | dsse | unknown
    pub kind: String,
    pub verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<Signer>,
    /// sha256 digests the signature covers.
    pub covers: Vec<String>,
    /// Files of the signed model folder that the signature leaves out (its `ignore_paths`,
    /// model-signing's default git paths), bundle-relative: nothing vouches for them.
    #[serde(default)]
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Signer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

/// One in-toto statement: what was built, by which builder, from which source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    pub source: Source,
    /// 1-based line of the statement in a `.intoto.jsonl` file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// How the statement is wrapped: `none` | `dsse` | `sigstore-bundle`.
    pub envelope: String,
    /// Number of signatures on the envelope.
    pub signatures: usize,
    /// The envelope verified against the configured keys or trusted root and identities.
    pub verified: bool,
    /// Who signed it, when it verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<Signer>,
    /// Why it did not verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_error: Option<String>,
    pub predicate_type: String,
    /// `0.2` or `1` for SLSA provenance predicates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slsa_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builder_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_type: Option<String>,
    /// Source repository URI (git+https://...@ref).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_repo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_id: Option<String>,
    /// RFC 3339 time the build finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_on: Option<String>,
    /// What the statement is about: names with sha256 digests (lower-case hex). A subject named
    /// only by sha384 or sha512 (npm's provenance) is here once a file of the bundle with that
    /// digest is found, with that file's sha256.
    pub subjects: Vec<Subject>,
    /// Subjects named only by sha384 or sha512, until `bundle::verify` finds the files they name.
    #[serde(skip)]
    #[schemars(skip)]
    pub unresolved: Vec<OtherDigest>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Subject {
    pub name: String,
    pub sha256: String,
    /// The digest the statement named the subject by when it gave no sha256
    /// (`sha512:<hex>`): the file with that digest is the one whose sha256 is above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<String>,
}

/// A subject's digest in an algorithm other than sha256 (sha384 or sha512), lower-case hex.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherDigest {
    pub name: String,
    pub algorithm: crate::digest::Algorithm,
    pub digest: String,
}

/// Facts about the run rather than the evidence.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Context {
    /// RFC 3339; fixed by `--now` for reproducible runs.
    pub now: String,
    /// Nanoseconds since the Unix epoch of `now`, for `time.*` arithmetic in Rego.
    pub now_ns: i64,
    pub tool_version: String,
    /// sha256 over the policy sources, in load order.
    pub policy_digest: String,
    /// Bundle root as given on the command line.
    pub bundle: String,
}
