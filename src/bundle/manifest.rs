//! `modelgate.yaml`, the bundle manifest: what a model release consists of and what it
//! declares about its deployment (the obligations' sections are in `obligations.rs`).

use super::obligations;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `modelgate.yaml`: what a model release consists of.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Manifest {
    /// Must be `modelgate.dev/v1`.
    pub api_version: String,
    /// Must be `ModelRelease`.
    pub kind: String,
    pub metadata: ManifestMetadata,
    pub spec: ManifestSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ManifestMetadata {
    /// Release name, e.g. `credit-risk-scorer`.
    pub name: String,
    /// Release version, e.g. `2.3.0` (a string: quote versions such as "1.10").
    pub version: String,
    /// Accountable owner, e.g. a team e-mail.
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// EU AI Act risk tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RiskTier {
    Minimal,
    Limited,
    High,
    Unacceptable,
}

impl RiskTier {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskTier::Minimal => "minimal",
            RiskTier::Limited => "limited",
            RiskTier::High => "high",
            RiskTier::Unacceptable => "unacceptable",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ManifestSpec {
    /// EU AI Act risk tier (Art. 5, 6, 50): minimal | limited | high | unacceptable.
    pub risk_tier: RiskTier,
    /// Target environment, e.g. `production`, `staging`.
    #[serde(default)]
    pub environment: Option<String>,
    /// Where the model is deployed or its data subjects are: `EU`, ISO 3166 codes, `US-CA`, ...
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// What the model is deployed for, in a sentence.
    #[serde(default)]
    pub intended_deployment: Option<String>,
    /// Model card, relative to the bundle.
    #[serde(default)]
    pub model_card: Option<String>,
    /// Dataset manifests (Croissant, Hugging Face dataset cards, dataset.yaml).
    #[serde(default)]
    pub datasets: Vec<String>,
    /// SBOMs (CycloneDX JSON, SPDX 2.3 JSON, SPDX 3.0 JSON-LD).
    #[serde(default)]
    pub sboms: Vec<String>,
    /// Robustness results (robustness.json, garak report JSONL).
    #[serde(default)]
    pub robustness: Vec<String>,
    /// Model files or glob patterns (`model/*.safetensors`); each must match at least one file.
    #[serde(default)]
    pub artifacts: Vec<String>,
    /// Signature files (Sigstore bundles, OMS signatures).
    #[serde(default)]
    pub signatures: Vec<String>,
    /// in-toto / SLSA provenance statements (bare, DSSE, `.intoto.jsonl`, Sigstore bundle).
    #[serde(default)]
    pub provenance: Vec<String>,
    /// Operations evidence: the operations plan (`operations.yaml`), Prometheus rule files or
    /// PrometheusRule resources, Argo Rollouts / Flagger / KServe manifests, drift reports.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Decisions the model takes about people (GDPR Art. 22, EU AI Act Art. 14, 86).
    #[serde(default)]
    pub automated_decisions: Option<AutomatedDecisions>,
    /// EU AI Act classification: role, Annex III point, Art. 6(3) derogation, Art. 5 screen.
    #[serde(default)]
    pub eu_ai_act: Option<obligations::EuAiAct>,
    /// EU AI Act Art. 50 transparency: AI disclosure, output marking, deep fakes.
    #[serde(default)]
    pub transparency: Option<obligations::Transparency>,
    /// General-purpose AI model duties (EU AI Act Art. 53, 55).
    #[serde(default)]
    pub gpai: Option<obligations::Gpai>,
    /// High-risk provider duties (EU AI Act Art. 9, 12, 15(3), 17, 43, 47, 49, 72, 73).
    #[serde(default)]
    pub high_risk: Option<obligations::HighRisk>,
    /// High-risk deployer duties (EU AI Act Art. 26, 27, 86).
    #[serde(default)]
    pub deployer: Option<obligations::Deployer>,
    /// California AI laws: AB 2013 training-data disclosure, CPPA ADMT regulations.
    #[serde(default)]
    pub california: Option<obligations::California>,
    /// Erasure requests and the trained model (GDPR Art. 17, 19; CCPA 1798.105).
    #[serde(default)]
    pub erasure: Option<obligations::Erasure>,
}

/// How the model's outputs become decisions about natural persons.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AutomatedDecisions {
    /// Decisions are taken without meaningful human involvement (GDPR Art. 22(1)).
    pub solely_automated: bool,
    /// Decisions produce legal effects or similarly significant effects (credit, employment, ...).
    pub legal_or_similar_effect: bool,
    /// How a person can obtain human intervention (GDPR Art. 22(3)).
    #[serde(default)]
    pub human_intervention: Option<String>,
    /// How a person can contest the decision (GDPR Art. 22(3)).
    #[serde(default)]
    pub contestation: Option<String>,
    /// Art. 22(2) exception relied on: contract | law | explicit_consent.
    #[serde(default)]
    pub exception: Option<String>,
    /// The Union or Member State law that authorises the decisions and lays down suitable
    /// safeguards (Art. 22(2)(b)).
    #[serde(default)]
    pub law_reference: Option<String>,
    /// How a person can express his or her point of view (Art. 22(3)).
    #[serde(default)]
    pub point_of_view: Option<String>,
    /// Where people get meaningful information about the logic involved and the significance
    /// and envisaged consequences (Art. 13(2)(f), 14(2)(g), 15(1)(h)).
    #[serde(default)]
    pub logic_information: Option<String>,
    /// Whether decisions concern children (Recital 71: such a measure should not concern a
    /// child).
    #[serde(default)]
    pub affects_children: Option<bool>,
    /// Whether third parties draw strongly on the model's output (a score) for their own
    /// decisions, which makes the score itself a decision (CJEU C-634/21 SCHUFA).
    #[serde(default)]
    pub relied_on_by_third_parties: Option<bool>,
}
