//! What a release declares about the obligations that reach it beyond its data: EU AI Act
//! classification, transparency (Art. 50), general-purpose models (Art. 53, 55), high-risk
//! provider and deployer duties, California's AI laws, and erasure from trained models.
//!
//! One type serves both sides of the contract: the manifest spells its keys in camelCase, the
//! policies' input in snake_case (`rename_all(serialize, deserialize)`), so a field added here
//! reaches the policies without a second copy. Every fact is optional: an unstated fact is
//! absent from the input, and the rules say what a missing one means.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// EU AI Act (Regulation (EU) 2024/1689) classification of the release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct EuAiAct {
    /// The organisation's role for this system: `provider` (develops it or has it developed and
    /// places it on the market or puts it into service under its own name, Art. 3(3)),
    /// `deployer` (uses it under its authority, Art. 3(4)), or `provider_and_deployer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<AiActRole>,
    /// The Annex III point the intended purpose falls under, e.g. `5(b)` (creditworthiness) or
    /// `4(a)` (recruitment), or `none` after a documented screen.
    #[serde(
        default,
        rename(deserialize = "annexIII"),
        skip_serializing_if = "Option::is_none"
    )]
    pub annex_iii: Option<String>,
    /// Whether the system is a safety component of a product, or is itself a product, covered by
    /// the Union harmonisation legislation of Annex I that needs a third-party conformity
    /// assessment (Art. 6(1)).
    #[serde(
        default,
        rename(deserialize = "annexI"),
        skip_serializing_if = "Option::is_none"
    )]
    pub annex_i: Option<bool>,
    /// The Art. 6(3) derogation claimed for an Annex III system that poses no significant risk
    /// of harm: which condition, and the assessment documented before release (Art. 6(4)).
    #[serde(
        default,
        rename(deserialize = "art6_3"),
        skip_serializing_if = "Option::is_none"
    )]
    pub art6_3: Option<Art63>,
    /// Whether the system profiles natural persons (GDPR Art. 4(4)): an Annex III system that
    /// does "shall always be considered to be high-risk" (Art. 6(3), last subparagraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiling: Option<bool>,
    /// The answers of the screen for the practices Art. 5(1) prohibits.
    #[serde(
        default,
        rename(deserialize = "art5Screen"),
        skip_serializing_if = "Option::is_none"
    )]
    pub art5_screen: Option<Art5Screen>,
}

/// Roles under the EU AI Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AiActRole {
    /// Art. 3(3).
    Provider,
    /// Art. 3(4).
    Deployer,
    /// Both: the organisation builds the system and uses it itself.
    ProviderAndDeployer,
}

/// An Art. 6(3) derogation from high risk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Art63 {
    /// Art. 6(3)(a)-(d): `a` a narrow procedural task; `b` improves the result of a completed
    /// human activity; `c` detects decision-making patterns without replacing or influencing
    /// the human assessment; `d` a preparatory task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Reference of the assessment documented before the system is placed on the market
    /// (Art. 6(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    /// Registration in the EU database under Art. 49(2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
}

/// Art. 5(1) prohibited-practice screen: `true` means the system does it. An unanswered
/// question is absent. The policies do not rely on these answers alone: the release's own
/// description is read too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Art5Screen {
    /// Art. 5(1)(a): subliminal, purposefully manipulative or deceptive techniques that
    /// materially distort behaviour and cause significant harm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manipulation: Option<bool>,
    /// Art. 5(1)(b): exploiting vulnerabilities due to age, disability or a social or economic
    /// situation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploits_vulnerabilities: Option<bool>,
    /// Art. 5(1)(c): social scoring leading to detrimental or unfavourable treatment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_scoring: Option<bool>,
    /// Art. 5(1)(d): assessing the risk that a person commits a criminal offence based solely
    /// on profiling or personality traits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crime_prediction: Option<bool>,
    /// Art. 5(1)(e): facial recognition databases built by untargeted scraping of facial images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facial_scraping: Option<bool>,
    /// Art. 5(1)(f): inferring emotions of a natural person in the workplace or in education
    /// institutions (except for medical or safety reasons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion_recognition_work_education: Option<bool>,
    /// The medical or safety reason that takes an Art. 5(1)(f) use out of the prohibition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_or_safety_reason: Option<String>,
    /// Art. 5(1)(g): biometric categorisation to deduce race, political opinions, trade union
    /// membership, religious or philosophical beliefs, sex life or sexual orientation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biometric_categorisation: Option<bool>,
    /// Art. 5(1)(h): real-time remote biometric identification in publicly accessible spaces
    /// for law enforcement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime_remote_biometric_identification: Option<bool>,
    /// Generating non-consensual intimate imagery or child sexual abuse material (the Art. 5
    /// ban the Digital Omnibus on AI adds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intimate_imagery: Option<bool>,
    /// Who answered the screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// When (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// EU AI Act Art. 50 transparency facts (they apply in addition to any high-risk duty,
/// Art. 50(6)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Transparency {
    /// The system is intended to interact directly with natural persons (a chatbot, a voice
    /// assistant): Art. 50(1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interacts_with_natural_persons: Option<bool>,
    /// How persons are told they interact with an AI system, "at the latest at the time of the
    /// first interaction" (Art. 50(5)): the disclosure text or a UI reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_disclosure: Option<String>,
    /// Why it is obvious to a reasonably well-informed person that they interact with an AI
    /// system (the Art. 50(1) exception), when no disclosure is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obvious_from_context: Option<String>,
    /// The system generates synthetic audio, image, video or text content (Art. 50(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generates_synthetic_content: Option<bool>,
    /// How outputs are marked in a machine-readable format and detectable as artificially
    /// generated or manipulated (Art. 50(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_marking: Option<OutputMarking>,
    /// The system generates or manipulates image, audio or video content constituting a deep
    /// fake (Art. 50(4), first subparagraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deepfake: Option<bool>,
    /// How the deployer discloses that deep-fake content was artificially generated or
    /// manipulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deepfake_disclosure: Option<String>,
    /// The system generates or manipulates text published to inform the public on matters of
    /// public interest (Art. 50(4), second subparagraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_interest_text: Option<bool>,
    /// The human review or editorial control, and who holds editorial responsibility, that
    /// takes such text out of the disclosure duty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editorial_control: Option<String>,
    /// The system is an emotion recognition or biometric categorisation system (Art. 50(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion_recognition_or_biometric_categorisation: Option<bool>,
    /// How the persons exposed to it are informed of its operation (Art. 50(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposed_persons_informed: Option<String>,
    /// When the system was first placed on the market or put into service (YYYY-MM-DD): the
    /// Digital Omnibus gives systems already on the market more time for Art. 50(2) marking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_market_since: Option<String>,
    /// The Art. 50(2) exception relied on instead of marking: `standard_editing` (the system
    /// performs "an assistive function for standard editing") or `no_substantial_alteration`
    /// (it does "not substantially alter the input data provided by the deployer or the
    /// semantics thereof").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marking_exemption: Option<String>,
    /// Why that exception holds for this system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marking_exemption_reason: Option<String>,
    /// How the deployer discloses that text published to inform the public on matters of public
    /// interest was artificially generated or manipulated (Art. 50(4), second subparagraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_disclosure: Option<String>,
    /// The law that authorises the system to detect, prevent, investigate or prosecute criminal
    /// offences, which lifts the Art. 50(1)-(4) duties (50(1) only while the system is not
    /// available for the public to report a criminal offence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_law_authorisation: Option<String>,
    /// The system is available for the public to report a criminal offence: the Art. 50(1)
    /// disclosure then applies even to a system authorised by law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_crime_reporting: Option<bool>,
}

/// Machine-readable marking of generated content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct OutputMarking {
    /// `c2pa`, `watermark`, `metadata`, `fingerprint` or another named technique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Where the marking can be detected (a detector, an API, a verification page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<String>,
}

/// A general-purpose AI model (EU AI Act Chapter V).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Gpai {
    /// The model is a general-purpose AI model (Art. 3(63)): it displays significant generality
    /// and competently performs a wide range of distinct tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_purpose: Option<bool>,
    /// `provider` (places the model on the market), `modifier` (fine-tunes or modifies another
    /// provider's model and places the result on the market) or `downstream` (integrates it into
    /// an AI system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Cumulative training compute in floating-point operations (Art. 51(2) presumes systemic
    /// risk above a threshold, a parameter of the policies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_compute_flop: Option<f64>,
    /// Why a model that meets the Commission's indicative criterion for a general-purpose model
    /// (training compute above a threshold and able to generate language, images or video;
    /// Commission GPAI guidelines, para. 17) nevertheless lacks significant generality: the
    /// documented assessment that lets `generalPurpose: false` stand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generality_assessment: Option<String>,
    /// The model has systemic risk (Art. 51(1)): designated, presumed or notified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemic_risk: Option<bool>,
    /// Released under a free and open-source licence with public weights (Art. 53(2)), which
    /// exempts from Art. 53(1)(a)-(b) unless the model has systemic risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_source: Option<bool>,
    /// When the model was placed on the market (YYYY-MM-DD); models placed before 2 August 2025
    /// have until 2 August 2027 (Art. 111(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_on_market: Option<String>,
    /// Technical documentation with the Annex XI information (Art. 53(1)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_documentation: Option<String>,
    /// Information for downstream providers with the Annex XII elements (Art. 53(1)(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downstream_information: Option<String>,
    /// The policy to comply with Union copyright law, including text-and-data-mining opt-outs
    /// (Art. 53(1)(c)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright_policy: Option<String>,
    /// The public summary of the content used for training, on the AI Office template
    /// (Art. 53(1)(d)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_content_summary: Option<String>,
    /// Model evaluation with standardised protocols, including adversarial testing
    /// (Art. 55(1)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_evaluation: Option<String>,
    /// Assessment and mitigation of systemic risks at Union level (Art. 55(1)(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemic_risk_assessment: Option<String>,
    /// How serious incidents are tracked and reported to the AI Office (Art. 55(1)(c)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_reporting: Option<String>,
    /// Cybersecurity protection of the model and its infrastructure (Art. 55(1)(d)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cybersecurity: Option<String>,
}

/// Duties of the provider of a high-risk AI system (EU AI Act Chapter III, Section 2-3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct HighRisk {
    /// The risk management system (Art. 9): its reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_management: Option<String>,
    /// When the risk management was last reviewed (YYYY-MM-DD; Art. 9(2) "regular systematic
    /// review and updating").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_management_reviewed: Option<String>,
    /// Events the system records automatically over its lifetime (Art. 12(1)-(2)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logged_events: Vec<String>,
    /// The accuracy level and metric declared in the instructions for use (Art. 15(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_accuracy: Option<DeclaredAccuracy>,
    /// The quality management system (Art. 17(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_management: Option<String>,
    /// The conformity assessment (Art. 43).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conformity_assessment: Option<ConformityAssessment>,
    /// The EU declaration of conformity (Art. 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_of_conformity: Option<String>,
    /// Registration in the EU database (Art. 49(1), Art. 71).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_database_registration: Option<String>,
    /// The post-market monitoring plan (Art. 72).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_market_monitoring: Option<String>,
    /// How serious incidents are reported to the market surveillance authorities (Art. 73).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serious_incident_procedure: Option<String>,
}

/// Accuracy declared in the instructions for use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct DeclaredAccuracy {
    /// The metric, e.g. `auc` or `accuracy`, as named in the model card's results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// The declared level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The dataset the level was measured on, as named in the model card's results: the level
    /// "against which the high-risk AI system has been tested" (Art. 13(3)(b)(ii)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
}

/// A conformity assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct ConformityAssessment {
    /// `internal_control` (Annex VI, the route of Art. 43(2) for Annex III points 2-8) or
    /// `notified_body` (Annex VII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Reference of the assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// When it was completed (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The harmonised standards (Art. 40) or common specifications (Art. 41) applied in full:
    /// only with them may a provider of an Annex III point 1 (biometrics) system choose
    /// internal control (Art. 43(1)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub harmonised_standards: Vec<String>,
}

/// Duties of the deployer of a high-risk AI system (EU AI Act Art. 26, 27, 86).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Deployer {
    /// The provider's instructions for use the deployment follows (Art. 26(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions_for_use: Option<String>,
    /// Who is assigned human oversight, with the competence, training and authority it needs
    /// (Art. 26(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oversight_assignee: Option<String>,
    /// How the input data under the deployer's control is kept relevant and representative
    /// (Art. 26(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_data_control: Option<String>,
    /// How operation is monitored and the provider informed of risks (Art. 26(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<String>,
    /// How long the automatically generated logs are kept, in days (Art. 26(6): at least six
    /// months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_days: Option<u64>,
    /// Whether the system is used at the workplace (Art. 26(7)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace: Option<bool>,
    /// How workers' representatives and affected workers are informed before use (Art. 26(7)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers_informed: Option<String>,
    /// How natural persons subject to decisions the system makes or assists are informed
    /// (Art. 26(11)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected_persons_informed: Option<String>,
    /// The deployer is a body governed by public law or a private entity providing public
    /// services (Art. 27(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_service: Option<bool>,
    /// The fundamental rights impact assessment (Art. 27(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fria: Option<Fria>,
    /// How affected persons obtain an explanation of a decision (Art. 86(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation_process: Option<String>,
    /// Registration of the use in the EU database, for deployers that are public authorities
    /// (Art. 26(8), Art. 49).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_database_registration: Option<String>,
}

/// A fundamental rights impact assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Fria {
    /// Reference of the assessment covering Art. 27(1)(a)-(f).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// When it was performed (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Whether the market surveillance authority was notified of the results (Art. 27(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority_notified: Option<bool>,
}

/// California laws on AI beyond the data-level CCPA facts of the datasheets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct California {
    /// A generative AI system or service made publicly available to Californians (Civ. Code
    /// § 3110-3111, AB 2013).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generative_ai_public: Option<bool>,
    /// Where the training-data documentation of Civ. Code § 3111 is posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_data_disclosure: Option<String>,
    /// The organisation is the system's "developer": it designs, codes, produces or
    /// substantially modifies it, which includes retraining or fine-tuning (Civ. Code
    /// § 3110(b), (d)). `false` only for a system used as its developer released it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<bool>,
    /// Automated decisionmaking technology under the CPPA regulations (11 CCR § 7200 ff.).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admt: Option<Admt>,
    /// What the model is, where the consumers' personal information trains it to be one of the
    /// technologies of 11 CCR § 7150(b)(6): `facial_recognition`, `emotion_recognition`,
    /// `identity_verification` (verifies a consumer's identity), `biological_identification`
    /// (physical or biological identification), `profiling`, or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_technology: Option<String>,
}

/// Use of automated decisionmaking technology for a significant decision (11 CCR § 7200).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Admt {
    /// The technology is used to make a significant decision about consumers (§ 7200(a)):
    /// financial or lending services, housing, education enrolment or opportunities,
    /// employment or independent contracting opportunities or compensation, or healthcare
    /// services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub significant_decision: Option<bool>,
    /// Which: `financial_lending`, `housing`, `education`, `employment`, `healthcare`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_area: Option<String>,
    /// The Pre-use Notice (§ 7220).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_use_notice: Option<String>,
    /// How consumers opt out of the ADMT (§ 7221).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    /// The § 7221(b) exception relied on instead of an opt-out: `human_appeal`,
    /// `admission_acceptance_hiring` or `allocation_compensation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out_exception: Option<String>,
    /// How consumers access information about the business's use of the ADMT (§ 7222).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// For the `human_appeal` exception (§ 7221(b)(1)): the method by which a consumer appeals
    /// the decision to a qualified human reviewer who has the authority to overturn it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<String>,
    /// For the `admission_acceptance_hiring` and `allocation_compensation` exceptions
    /// (§ 7221(b)(2)-(3)): the ADMT is used solely for the purpose the exception names
    /// (assessing the consumer's ability to perform, or allocating work or compensation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_limited: Option<bool>,
    /// For the same exceptions: reference of the evaluation showing the ADMT works for that
    /// purpose and does not unlawfully discriminate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_discrimination: Option<String>,
    /// The human involvement that keeps a technology from "substantially replacing" human
    /// decisionmaking (§ 7001(e)(1)): without all three facts a model whose output feeds the
    /// decision is treated as ADMT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_involvement: Option<AdmtHumanInvolvement>,
    /// The exemption of Civ. Code 1798.145/1798.146 that covers the personal information the
    /// decision uses (`glba`, `fcra`, `hipaa`); it counts only where the organisation's
    /// configuration (`organisation.ccpa.exemptions`) lists it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
}

/// The three facts of human involvement under 11 CCR § 7001(e)(1): the human reviewer (A) knows
/// how to interpret and use the output, (B) reviews and analyses it with any other relevant
/// information, and (C) has the authority to make or change the decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct AdmtHumanInvolvement {
    /// (A) The reviewer knows how to interpret and use the technology's output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interprets_output: Option<bool>,
    /// (B) The reviewer reviews and analyses the output and any other relevant information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviews_other_information: Option<bool>,
    /// (C) The reviewer has the authority to make or change the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority_to_change: Option<bool>,
}

/// What happens to a trained model when a person asks for erasure (GDPR Art. 17, 19; CCPA
/// 1798.105, which AB 1008 extends to AI systems capable of outputting personal information).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Erasure {
    /// Can the model output personal data of people in its training data (memorisation,
    /// extraction)? EDPB Opinion 28/2024: models trained on personal data cannot in all cases
    /// be considered anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_may_output_personal_data: Option<bool>,
    /// The assessment that backs `modelMayOutputPersonalData: false` (e.g. extraction and
    /// membership-inference tests): EDPB Opinion 28/2024 asks the controller to demonstrate that
    /// personal data cannot be extracted, so without it the claim is not taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymity_assessment: Option<String>,
    /// The erasure request process (a runbook or ticket queue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// Days within which a request is carried out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_days: Option<u64>,
    /// What is done to the model: `retrain`, `unlearning`, `suppression` (output filter on the
    /// person's data), `output_filter` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_scope: Option<String>,
    /// Days between retrainings that drop erased records, where the scope is `retrain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrain_cadence_days: Option<u64>,
    /// The record that the technique works (the last retraining run that dropped erased records,
    /// or the verification of the unlearning method): GDPR Art. 5(2) accountability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Whether recipients of the data are told of the erasure (GDPR Art. 19; CCPA
    /// 1798.105(c)(1) service providers, contractors and third parties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients_notified: Option<bool>,
}

/// Facts about the organisation that runs the gate, declared once in its configuration (not in
/// a release bundle, whose author could lower them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct Organisation {
    /// The organisation's name, for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A public authority or body (GDPR Art. 6(1), second subparagraph: legitimate interests do
    /// not apply to processing by public authorities in the performance of their tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_authority: Option<bool>,
    /// Whether the CCPA reaches the organisation at all (Civ. Code 1798.140(d), 1798.145).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccpa: Option<CcpaBusiness>,
}

/// The facts of the CCPA "business" definition (Civ. Code 1798.140(d)) and its exemptions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "snake_case", deserialize = "camelCase")
)]
pub struct CcpaBusiness {
    /// Operated for the profit or financial benefit of its owners (1798.140(d)(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_profit: Option<bool>,
    /// Annual gross revenues in USD in the preceding calendar year (1798.140(d)(1)(A); the
    /// threshold, adjusted under 1798.185, is a parameter of the policies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_gross_revenue_usd: Option<u64>,
    /// Consumers or households whose personal information it buys, sells or shares per year
    /// (1798.140(d)(1)(B)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumers_bought_sold_shared: Option<u64>,
    /// Percentage of annual revenues from selling or sharing personal information
    /// (1798.140(d)(1)(C)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_share_from_selling_percent: Option<f64>,
    /// Exemptions for the personal information the organisation's releases process:
    /// `glba` (1798.145(e)), `fcra` (1798.145(d)), `hipaa` (1798.146).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<String>,
}
