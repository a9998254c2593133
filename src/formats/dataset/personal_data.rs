//! The datasheet's `personalData` block (also a dataset card's `personal_data:`): the GDPR facts,
//! and its normalized form for the policies.

use super::ccpa::CcpaSheet;
use crate::input::{
    Anonymization, Art89, Ccpa, Children, Consent, CriminalData, DeidentifiedCommitment, Dpia,
    LegitimateInterests, PersonalData, Transfer,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the dataset holds of personal data and on what terms it is processed. Also accepted as
/// the `personal_data:` front-matter key of a Hugging Face dataset card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PersonalDataSheet {
    /// Whether the records contain personal data: any information relating to an identified or
    /// identifiable natural person (GDPR Art. 4(1)), or personal information under CCPA
    /// §1798.140(v). Pseudonymised data is still personal data (GDPR Recital 26).
    pub contains: bool,
    /// Categories of personal data held, as recorded in the record of processing activities
    /// (GDPR Art. 30(1)(c)), e.g. `identity`, `contact`, `financial`, `employment`, `location`,
    /// `online_identifiers`, `behavioural`, `communications`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Special categories of personal data present (GDPR Art. 9(1)); processing them is
    /// prohibited unless an Art. 9(2) condition applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_categories: Vec<SpecialCategory>,
    /// The GDPR Art. 9(2) condition relied on for the special categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_condition: Option<SpecialCategoryCondition>,
    /// What the special categories are processed for, where the Art. 9(2) condition names a
    /// purpose: e.g. `medical_diagnosis` or `provision_of_health_or_social_care` for 9(2)(h),
    /// `scientific_research` for 9(2)(j). The purposes each condition accepts are a policy
    /// parameter; credit scoring fits none of 9(2)(h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_purpose: Option<String>,
    /// The Union or Member State law the Art. 9(2)(b), (g), (h), (i) or (j) condition rests on
    /// (for 9(2)(h) also "pursuant to contract with a health professional"), e.g.
    /// `BDSG § 22(1)(1)(b)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_law_reference: Option<String>,
    /// Whether the special categories are processed by or under the responsibility of a
    /// professional subject to the obligation of professional secrecy (Art. 9(3), required for
    /// Art. 9(2)(h)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional_secrecy: Option<bool>,
    /// The lawful basis of the processing (GDPR Art. 6(1)(a)-(f)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_basis: Option<LawfulBasis>,
    /// The legitimate-interests assessment (balancing test), when the basis is legitimate
    /// interests (Art. 6(1)(f): "in particular where the data subject is a child"; EDPB Opinion
    /// 28/2024 three-step test).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interests: Option<LegitimateInterestsSheet>,
    /// How data subjects object to the processing and how an objection reaches the data and
    /// the model (Art. 21(1)), required when the basis is public task or legitimate interests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_process: Option<String>,
    /// How consent was obtained, when the basis is consent (GDPR Art. 6(1)(a), Art. 7) or the
    /// special-category condition is explicit consent (Art. 9(2)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentSheet>,
    /// De-identification applied to the records (GDPR Art. 4(5), Art. 25, Art. 32(1)(a),
    /// Recital 26; CCPA §1798.140(m)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymization: Option<AnonymizationSheet>,
    /// How long the personal data is kept, in days (storage limitation, GDPR Art. 5(1)(e);
    /// stated to data subjects under Art. 13(2)(a); CCPA §1798.100(a)(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u64>,
    /// Where no period can be given, the criteria used to determine it (GDPR Art. 13(2)(a),
    /// 14(2)(a): "or if that is not possible, the criteria used to determine that period").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_criteria: Option<String>,
    /// Processing solely for archiving in the public interest, research or statistics under the
    /// Art. 89(1) safeguards: such data may be stored longer (Art. 5(1)(e)), and Art. 9(2)(j)
    /// requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art89: Option<Art89Sheet>,
    /// Where the data subjects are, as ISO 3166 codes or regions: `EU`, `EEA`, `UK`, `US-CA`,
    /// ... (GDPR Art. 3 territorial scope; CCPA applies to California residents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_regions: Vec<String>,
    /// Transfers of the personal data outside the EEA (GDPR Chapter V, Art. 44-49).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<TransferSheet>,
    /// Data protection impact assessment (GDPR Art. 35), required where processing is likely
    /// to result in a high risk, e.g. large-scale special categories or systematic profiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<DpiaSheet>,
    /// Whether records describe children (GDPR Art. 8 and Recital 38; for California consumers
    /// under 16 see `ccpa.minorsUnder16`): `true`/`false`, or a mapping that also says how
    /// parental consent is obtained and ages are verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<ChildrenSheet>,
    /// Personal data relating to criminal convictions and offences or related security
    /// measures (GDPR Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_data: Option<CriminalDataSheet>,
    /// Reference of the processing's entry in the record of processing activities (GDPR
    /// Art. 30(1)), e.g. `ROPA-CR-12` or a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_of_processing: Option<String>,
    /// Link or reference of the privacy notice that tells data subjects about the processing
    /// (GDPR Art. 12(1), Art. 13 where data is collected from them, Art. 14 where it is not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparency_notice: Option<String>,
    /// Whether the processing is large scale by number of subjects, volume, duration or
    /// geographic extent (GDPR Art. 35(3)(b)-(c), Recital 91); with `profiling` it calls for a
    /// DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_scale: Option<bool>,
    /// Whether the data is used for profiling: automated evaluation of personal aspects such as
    /// economic situation, health, preferences, reliability or behaviour (GDPR Art. 4(4),
    /// Art. 35(3)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiling: Option<bool>,
    /// California facts (CCPA as amended by the CPRA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccpa: Option<CcpaSheet>,
}

/// GDPR Art. 6(1) lawful bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    /// Art. 6(1)(a): the data subject has given consent for one or more specific purposes.
    Consent,
    /// Art. 6(1)(b): necessary for a contract with the data subject.
    Contract,
    /// Art. 6(1)(c): necessary for compliance with a legal obligation.
    LegalObligation,
    /// Art. 6(1)(d): necessary to protect vital interests.
    VitalInterests,
    /// Art. 6(1)(e): task carried out in the public interest or in official authority.
    PublicTask,
    /// Art. 6(1)(f): legitimate interests not overridden by the data subject's rights (needs a
    /// documented balancing test).
    LegitimateInterests,
}

/// GDPR Art. 9(1) special categories of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategory {
    /// Racial or ethnic origin.
    RacialOrEthnicOrigin,
    /// Political opinions.
    PoliticalOpinions,
    /// Religious or philosophical beliefs.
    ReligiousBeliefs,
    /// Trade union membership.
    TradeUnionMembership,
    /// Genetic data (Art. 4(13)).
    Genetic,
    /// Biometric data processed to uniquely identify a person (Art. 4(14)).
    Biometric,
    /// Data concerning health (Art. 4(15)).
    Health,
    /// Data concerning a person's sex life or sexual orientation.
    SexLifeOrOrientation,
}

/// GDPR Art. 9(2)(a)-(j) conditions for processing special categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryCondition {
    /// Art. 9(2)(a): explicit consent.
    ExplicitConsent,
    /// Art. 9(2)(b): employment, social security and social protection law.
    EmploymentSocialSecurity,
    /// Art. 9(2)(c): vital interests where the subject cannot consent.
    VitalInterests,
    /// Art. 9(2)(d): a not-for-profit body's legitimate activities with its members.
    NotForProfitBody,
    /// Art. 9(2)(e): data manifestly made public by the data subject.
    MadePublicByDataSubject,
    /// Art. 9(2)(f): establishment, exercise or defence of legal claims.
    LegalClaims,
    /// Art. 9(2)(g): substantial public interest on the basis of Union or Member State law.
    SubstantialPublicInterest,
    /// Art. 9(2)(h): preventive or occupational medicine, health or social care.
    HealthOrSocialCare,
    /// Art. 9(2)(i): public interest in the area of public health.
    PublicHealth,
    /// Art. 9(2)(j): archiving in the public interest, scientific or historical research or
    /// statistics (with Art. 89(1) safeguards).
    ArchivingResearchStatistics,
}

/// Children among the data subjects (GDPR Art. 8): a plain `true`/`false`, or a mapping with
/// `present`, `ageVerification` and `parentalConsent`.
// Deserialized by hand (not `untagged`) so that a mapping keeps its field-level errors.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ChildrenSheet {
    /// Whether records describe children (below the age of digital consent, 16 or the lower age
    /// a Member State set under Art. 8(1)).
    Present(bool),
    /// Whether records describe children, with how their consent is obtained and verified.
    Detail(ChildrenDetail),
}

impl<'de> Deserialize<'de> for ChildrenSheet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ChildrenSheet;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "true, false or a mapping with present, ageVerification, parentalConsent",
                )
            }
            fn visit_bool<E: serde::de::Error>(
                self,
                v: bool,
            ) -> std::result::Result<Self::Value, E> {
                Ok(ChildrenSheet::Present(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                ChildrenDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ChildrenSheet::Detail)
            }
        }
        d.deserialize_any(V)
    }
}

impl ChildrenSheet {
    fn to_input(&self) -> Children {
        match self {
            ChildrenSheet::Present(present) => Children {
                present: *present,
                ..Children::default()
            },
            ChildrenSheet::Detail(d) => Children {
                present: d.present,
                age_verification: d.age_verification.clone(),
                parental_consent: d.parental_consent,
            },
        }
    }
}

/// Children among the data subjects and the GDPR Art. 8 safeguards for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChildrenDetail {
    /// Whether records describe children below the age of digital consent (Art. 8(1)).
    pub present: bool,
    /// How the controller verifies the subjects' age, or that consent is given or authorised by
    /// the holder of parental responsibility, e.g. `age gate with ID check` (Art. 8(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_verification: Option<String>,
    /// Whether consent for the children is given or authorised by the holder of parental
    /// responsibility (Art. 8(1)), where consent is the lawful basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parental_consent: Option<bool>,
}

/// A legitimate-interests assessment (GDPR Art. 6(1)(f)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LegitimateInterestsSheet {
    /// Document id or link of the assessment: the interest pursued, the necessity of the
    /// processing, and the balancing against the data subjects' interests and rights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_ref: Option<String>,
    /// Date of the assessment, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Whether the balancing weighed children's interests, where records describe children
    /// (Art. 6(1)(f): "in particular where the data subject is a child").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children_considered: Option<bool>,
}

/// The purposes of GDPR Art. 89(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Art89Purpose {
    /// Archiving purposes in the public interest.
    ArchivingPublicInterest,
    /// Scientific research purposes.
    ScientificResearch,
    /// Historical research purposes.
    HistoricalResearch,
    /// Statistical purposes.
    Statistics,
}

/// Archiving, research or statistical processing (GDPR Art. 89(1)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Art89Sheet {
    /// The Art. 89(1) purpose the data is processed for, solely.
    pub purpose: Art89Purpose,
    /// The technical and organisational measures that safeguard the data subjects, in
    /// particular for data minimisation, e.g. pseudonymisation (Art. 89(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguards: Option<String>,
}

/// Criminal-offence data (GDPR Art. 10).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CriminalDataSheet {
    /// Whether the records hold personal data relating to criminal convictions and offences or
    /// related security measures.
    pub present: bool,
    /// The Union or Member State law that authorises the processing and provides appropriate
    /// safeguards (Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_reference: Option<String>,
    /// Whether the processing is carried out under the control of official authority (Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_authority: Option<bool>,
}

/// Proof of consent (GDPR Art. 7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConsentSheet {
    /// Whether consent is recorded so that the controller can demonstrate it (Art. 7(1)).
    pub recorded: bool,
    /// Where the consent records are, e.g. a consent-log id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Whether subjects can withdraw consent as easily as they gave it (Art. 7(3)); false when
    /// omitted.
    #[serde(default)]
    pub withdrawable: bool,
    /// Whether the consent is explicit (an express statement for the specified purposes), as
    /// the Art. 9(2)(a) and 22(2)(c) conditions require; ordinary consent (Art. 6(1)(a)) does
    /// not meet them. False when omitted.
    #[serde(default)]
    pub explicit: bool,
}

/// De-identification methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnonymizationMethod {
    /// No de-identification.
    None,
    /// Identifiers replaced so that data needs additional, separately kept information to be
    /// attributed to a person (GDPR Art. 4(5)); still personal data.
    Pseudonymisation,
    /// Irreversibly rendered anonymous so the subject is no longer identifiable (Recital 26).
    Anonymisation,
    /// Only aggregates are kept.
    Aggregation,
    /// Differentially private release.
    DifferentialPrivacy,
    /// k-anonymity (generalisation and suppression).
    KAnonymity,
    /// Synthetic records generated from the original data.
    SyntheticData,
}

/// De-identification applied to the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnonymizationSheet {
    /// The method applied.
    pub method: AnonymizationMethod,
    /// Whether direct identifiers (names, e-mail addresses, national ids, ...) were removed;
    /// false when omitted.
    #[serde(default)]
    pub direct_identifiers_removed: bool,
    /// Why the method is adequate for the re-identification risk (e.g. a motivated-intruder
    /// test), required for claims of anonymisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// GDPR Chapter V transfer mechanisms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    /// Art. 45: adequacy decision for the destination.
    Adequacy,
    /// Art. 46(2)(c): standard contractual clauses.
    Scc,
    /// Art. 47: binding corporate rules.
    Bcr,
    /// Art. 49: derogation for specific situations.
    #[serde(rename = "derogation_49")]
    Derogation49,
    /// No transfer mechanism.
    None,
}

/// A transfer of personal data to a third country or international organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TransferSheet {
    /// Destination country (ISO 3166 code) or organisation.
    pub destination: String,
    /// The Chapter V mechanism the transfer relies on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<TransferMechanism>,
    /// Who receives the data (Art. 30(1)(d)-(e)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Whether a US recipient is certified under the EU-US Data Privacy Framework: the US
    /// adequacy decision covers only such recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpf_certified: Option<bool>,
    /// Whether a Canadian recipient is a commercial organisation subject to PIPEDA: the Canada
    /// adequacy decision covers only those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeda_covered: Option<bool>,
    /// Whether the transfer is occasional (not repetitive), as an Art. 49 derogation requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasional: Option<bool>,
    /// Why the Art. 49 derogation applies (which point of Art. 49(1) and the facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// Data protection impact assessment (GDPR Art. 35).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DpiaSheet {
    /// Whether the DPIA was carried out.
    pub done: bool,
    /// Document id or link of the DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Date of the assessment, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
}
/// The snake_case name serde gives an enum value.
fn enum_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

impl PersonalDataSheet {
    /// The normalized form (enum values as snake_case strings). `statement` is left empty.
    pub fn to_input(&self) -> PersonalData {
        PersonalData {
            contains_personal_data: Some(self.contains),
            statement: None,
            categories: self.categories.clone(),
            special_categories: self.special_categories.iter().map(enum_name).collect(),
            special_category_condition: self.special_category_condition.as_ref().map(enum_name),
            special_category_purpose: self.special_category_purpose.clone(),
            special_category_law_reference: self.special_category_law_reference.clone(),
            professional_secrecy: self.professional_secrecy,
            legitimate_interests: self
                .legitimate_interests
                .as_ref()
                .map(|l| LegitimateInterests {
                    assessment_ref: l.assessment_ref.clone(),
                    date: l.date.clone(),
                    children_considered: l.children_considered,
                }),
            objection_process: self.objection_process.clone(),
            retention_criteria: self.retention_criteria.clone(),
            art89: self.art89.as_ref().map(|a| Art89 {
                purpose: enum_name(&a.purpose),
                safeguards: a.safeguards.clone(),
            }),
            criminal_data: self.criminal_data.as_ref().map(|c| CriminalData {
                present: c.present,
                law_reference: c.law_reference.clone(),
                official_authority: c.official_authority,
            }),
            lawful_basis: self.lawful_basis.as_ref().map(enum_name),
            consent: self.consent.as_ref().map(|c| Consent {
                recorded: c.recorded,
                reference: c.reference.clone(),
                withdrawable: c.withdrawable,
                explicit: c.explicit,
            }),
            anonymization: self.anonymization.as_ref().map(|a| Anonymization {
                method: enum_name(&a.method),
                direct_identifiers_removed: a.direct_identifiers_removed,
                justification: a.justification.clone(),
            }),
            retention_days: self.retention_days,
            subject_regions: self.subject_regions.clone(),
            transfers: self
                .transfers
                .iter()
                .map(|t| Transfer {
                    destination: t.destination.clone(),
                    mechanism: t.mechanism.as_ref().map(enum_name),
                    recipient: t.recipient.clone(),
                    dpf_certified: t.dpf_certified,
                    pipeda_covered: t.pipeda_covered,
                    occasional: t.occasional,
                    justification: t.justification.clone(),
                })
                .collect(),
            dpia: self.dpia.as_ref().map(|d| Dpia {
                done: d.done,
                reference: d.reference.clone(),
                date: d.date.clone(),
            }),
            children: self.children.as_ref().map(ChildrenSheet::to_input),
            records_of_processing: self.records_of_processing.clone(),
            transparency_notice: self.transparency_notice.clone(),
            large_scale: self.large_scale,
            profiling: self.profiling,
            ccpa: self.ccpa.as_ref().map(|c| Ccpa {
                notice_at_collection: c.notice_at_collection.clone(),
                purposes: c.purposes.clone(),
                sold: c.sold,
                shared: c.shared,
                opt_out: c.opt_out.clone(),
                sensitive: c.sensitive.iter().map(enum_name).collect(),
                minors_under_16: c.minors_under16,
                opt_in_minors: c.opt_in_minors,
                sensitive_use_limited: c.sensitive_use_limited,
                limit_notice: c.limit_notice.clone(),
                deidentified: c.deidentified,
                deidentified_commitment: c.deidentified_commitment.as_ref().map(|d| {
                    DeidentifiedCommitment {
                        public_commitment: d.public_commitment.clone(),
                        no_reidentification: d.no_reidentification,
                        contractual: d.contractual,
                    }
                }),
                retention_by_category: c.retention_by_category.clone(),
                risk_assessment: c.risk_assessment.clone(),
                retention_criteria: c.retention_criteria.clone(),
                sensitive_inference: c.sensitive_inference,
                exemptions: c.exemptions.iter().map(enum_name).collect(),
                systematic_observation: c.systematic_observation,
                sensitive_location: c.sensitive_location,
            }),
        }
    }
}
