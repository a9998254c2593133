//! The California facts of the datasheet's personal-data block (CCPA as amended by the CPRA).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// California facts (CCPA as amended by the CPRA, Cal. Civ. Code §1798.100 et seq.).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CcpaSheet {
    /// Link to the notice at collection (§1798.100(a)-(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_at_collection: Option<String>,
    /// Business purposes the personal information is used for (§1798.100(a)(1),
    /// §1798.140(e)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// Whether the personal information is sold (§1798.140(ad)).
    pub sold: bool,
    /// Whether it is shared for cross-context behavioural advertising (§1798.140(ah)).
    pub shared: bool,
    /// Link to the "Do Not Sell or Share My Personal Information" mechanism (§1798.120,
    /// §1798.135).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    /// Sensitive personal information held (§1798.140(ae)); subject to the right to limit
    /// (§1798.121).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<CcpaSensitive>,
    /// Whether it includes consumers under 16, whose information may only be sold or shared
    /// with opt-in consent (§1798.120(c)); false when omitted.
    #[serde(default)]
    pub minors_under16: bool,
    /// Whether consumers under 16 affirmatively authorised the sale or sharing (consumers aged
    /// 13 to 15 themselves, a parent or guardian for those under 13), as §1798.120(c) requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_in_minors: Option<bool>,
    /// Whether sensitive personal information is only used or disclosed for the purposes
    /// §1798.121(a) allows (services reasonably expected, security, integrity, ...), so that the
    /// right to limit does not apply (§1798.121(a), CCPA regulations §7027(m)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_use_limited: Option<bool>,
    /// Link to the "Limit the Use of My Sensitive Personal Information" notice and mechanism
    /// (§1798.121(a), §1798.135(a)(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_notice: Option<String>,
    /// Whether the information is deidentified within §1798.140(m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deidentified: Option<bool>,
    /// The commitments that deidentified information needs (§1798.140(m)(2)-(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deidentified_commitment: Option<DeidentifiedCommitmentSheet>,
    /// How long each category of personal information (a key of `personalData.categories`) is
    /// kept, in days, where periods differ by category (§1798.100(a)(3)); otherwise
    /// `personalData.retentionDays` covers every category.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retention_by_category: BTreeMap<String, u64>,
    /// Reference of the risk assessment for processing that presents significant risk: selling
    /// or sharing, sensitive personal information, automated decision-making for significant
    /// decisions (§1798.185(a)(15)(B), CCPA regulations §7150).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<String>,
    /// Where no period can be given, the criteria used to determine how long each category is
    /// kept (§1798.100(a)(3): "or if that is not possible, the criteria used to determine that
    /// period").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_criteria: Option<String>,
    /// Whether the sensitive personal information is collected or processed for the purpose of
    /// inferring characteristics about consumers. `false` invokes §1798.121(d) (the right to
    /// limit does not apply); it is not accepted for data used for profiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_inference: Option<bool>,
    /// Exemptions the business claims for this personal information: `glba` (collected,
    /// processed, sold or disclosed subject to the Gramm-Leach-Bliley Act, §1798.145(e)),
    /// `fcra` (consumer-report activity regulated by the Fair Credit Reporting Act,
    /// §1798.145(d)), `hipaa` (protected health information under HIPAA, §1798.146). A claim
    /// counts only where the organisation's configuration lists the same exemption.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<CcpaExemption>,
    /// Whether the data is used to infer or extrapolate characteristics of job applicants,
    /// students, employees or contractors from systematic observation of them (CCPA
    /// regulations §7150(b)(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systematic_observation: Option<bool>,
    /// Whether the data is used to infer or extrapolate characteristics of consumers from their
    /// presence in a sensitive location (CCPA regulations §7150(b)(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_location: Option<bool>,
}

/// Data-level exemptions from the CCPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CcpaExemption {
    /// §1798.145(e): personal information collected, processed, sold or disclosed subject to
    /// the Gramm-Leach-Bliley Act (the breach action of §1798.150 still applies).
    Glba,
    /// §1798.145(d): consumer-report activity regulated by the Fair Credit Reporting Act.
    Fcra,
    /// §1798.146: protected health information governed by HIPAA (or medical information
    /// governed by the Confidentiality of Medical Information Act).
    Hipaa,
}

/// The commitments of CCPA §1798.140(m) for deidentified information.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeidentifiedCommitmentSheet {
    /// Link to the business's public commitment to maintain and use the information only in
    /// deidentified form (§1798.140(m)(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_commitment: Option<String>,
    /// Whether the business does not attempt to reidentify the information (§1798.140(m)(2));
    /// false when omitted.
    #[serde(default)]
    pub no_reidentification: bool,
    /// Whether every recipient is contractually obliged to comply with §1798.140(m)
    /// (§1798.140(m)(3)); false when omitted.
    #[serde(default)]
    pub contractual: bool,
}

/// CCPA §1798.140(ae) sensitive personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CcpaSensitive {
    /// Social security, driver's license, state identification card or passport number.
    GovernmentId,
    /// Account log-in, financial account, debit or credit card number with its access code.
    AccountCredentials,
    /// Precise geolocation.
    PreciseGeolocation,
    /// Racial or ethnic origin.
    RacialOrEthnicOrigin,
    /// Citizenship or immigration status.
    CitizenshipOrImmigrationStatus,
    /// Religious or philosophical beliefs.
    ReligiousOrPhilosophicalBeliefs,
    /// Union membership.
    UnionMembership,
    /// Contents of mail, e-mail and text messages not addressed to the business.
    CommunicationsContent,
    /// Genetic data.
    Genetic,
    /// Biometric information processed to identify a consumer.
    Biometric,
    /// Personal information concerning health.
    Health,
    /// Sex life or sexual orientation.
    SexLifeOrOrientation,
    /// Neural data.
    NeuralData,
}
