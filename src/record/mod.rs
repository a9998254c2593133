//! Signed decision records: what `check` decided, over which artifacts and evidence, as an
//! in-toto statement in a DSSE envelope, so a deployment step can prove a release passed the gate.

mod statement;
#[cfg(test)]
mod tests;
mod verify;

pub use statement::{check_ttl, create, decision_id, parse_ttl, statement};
pub use verify::{
    hash_artifacts, verify, verify_doc, verify_file, verify_signed, ArtifactBundle, ArtifactCheck,
    CheckFailure, RecordFailure, RecordVerification, SignedRecord, VerifiedRecord,
};
pub(crate) use verify::{open_statement, statement_err};

use crate::decision::{FindingLocation, Verdict};
use crate::policy::{Level, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `_type` of an in-toto Statement v1.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// `predicateType` of a modelgate decision.
pub const PREDICATE_TYPE: &str = "https://modelgate.dev/decision/v1";
/// How long a record is valid unless `--record-ttl` says otherwise.
pub const DEFAULT_TTL: &str = "30d";
/// How far in the future a record's time may be: clocks of the signer and verifier differ.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// A decision record: the in-toto statement inside the envelope (`schemas/record.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionRecord {
    /// Always `https://in-toto.io/Statement/v1`.
    #[serde(rename = "_type")]
    pub type_: String,
    /// The model files decided on: every bundle's artifacts (declared or found by content),
    /// except empty files and files a model signature leaves out, sorted by name and digest.
    /// Documents are never subjects (they are in the predicate's evidence): a release without
    /// a model file has none, and its record admits nothing.
    pub subject: Vec<Subject>,
    /// Always `https://modelgate.dev/decision/v1`.
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: DecisionPredicate,
}

/// One artifact the decision covers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Subject {
    /// Path relative to its bundle, `/`-separated.
    pub name: String,
    /// Algorithm to lowercase hex digest; modelgate writes `sha256`.
    pub digest: BTreeMap<String, String>,
}

/// What was decided, on what grounds, when, and until when it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionPredicate {
    /// `sha256:` and the hex sha256 of this predicate without `decisionId`, written as JSON with
    /// object keys sorted and no whitespace: the same inputs and time give the same id.
    pub decision_id: String,
    /// The run's verdict: `approve` or `block` (a run that errored has no record).
    pub verdict: Verdict,
    /// RFC 3339 time of the decision (`check --now`).
    pub time: String,
    /// RFC 3339 time after which the record is no longer valid (`check --record-ttl`).
    pub expires: String,
    pub tool: Tool,
    /// Digest of the policies and data evaluated.
    pub policy_digest: BTreeMap<String, String>,
    /// The deployment environment, when every bundle names the same one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The version-control state of the checked files, when they are in a git repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<GitSource>,
    /// Per bundle, in the order given.
    pub bundles: Vec<BundleDecision>,
    /// Waivers that accepted a finding, so that it did not block.
    #[serde(default)]
    pub waivers: Vec<WaiverApplied>,
    /// Findings about the run itself: waivers that expired, matched nothing or are not
    /// trusted, and changes to the gate's configuration.
    #[serde(default)]
    pub findings: Vec<RecordFinding>,
    /// The effective configuration: extra policies and data, enforcement entries, waivers.
    #[serde(default)]
    pub configuration: RecordConfiguration,
}

/// [`crate::decision::Configuration`] as the record writes it (camelCase, as the predicate).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordConfiguration {
    /// The built-in policy library was evaluated.
    pub builtin_policies: bool,
    /// Policy modules added with `--policy`.
    pub policies: Vec<crate::decision::FileDigest>,
    /// `--data` documents and every value each sets.
    pub data: Vec<crate::policy::DataSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<crate::decision::FileDigest>,
    pub waiver_files: Vec<crate::decision::FileDigest>,
    /// Enforcement entries, in order.
    pub enforcement: Vec<crate::config::Enforcement>,
    /// Every waiver given, applied or not.
    pub waivers: Vec<crate::config::Waiver>,
    /// Key ids of the waiver keys, when signed waivers are required.
    pub waiver_keys: Vec<String>,
    /// The organisation's facts the policies read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<crate::bundle::obligations::Organisation>,
}

impl From<&crate::decision::Configuration> for RecordConfiguration {
    fn from(c: &crate::decision::Configuration) -> Self {
        RecordConfiguration {
            builtin_policies: c.builtin_policies,
            policies: c.policies.clone(),
            data: c.data.clone(),
            config: c.config.clone(),
            waiver_files: c.waiver_files.clone(),
            enforcement: c.enforcement.clone(),
            waivers: c.waivers.clone(),
            waiver_keys: c.waiver_keys.clone(),
            organisation: c.organisation.clone(),
        }
    }
}

/// The tool that decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// Where the checked files came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GitSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The commit checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Tracked files under the bundles differed from `commit`: the record is not about that
    /// commit alone.
    pub dirty: bool,
}

/// The decision for one bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BundleDecision {
    /// The bundle path as given to `check`.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_tier: Option<String>,
    pub verdict: Verdict,
    /// Every file the decision rests on.
    pub evidence: Vec<EvidenceDigest>,
    pub findings: Vec<RecordFinding>,
}

/// One evidence file and its digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceDigest {
    /// Relative to the bundle.
    pub path: String,
    /// manifest, model_card, dataset, sbom, robustness, signature, provenance, operations (a
    /// file of spec.operations), record (the decision record of a rollback target) or artifact.
    pub kind: String,
    pub sha256: String,
}

/// A finding as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordFinding {
    pub rule_id: String,
    /// The level that applied after enforcement (`off`: turned off by the configuration).
    pub level: Level,
    /// The level the policy gave.
    #[serde(default = "deny")]
    pub declared_level: Level,
    /// The enforcement entry that changed the level, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub location: FindingLocation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<RecordWaiver>,
}

/// The waiver that matched a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordWaiver {
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
    /// An expired waiver no longer applies: the finding blocked.
    pub expired: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A waiver that accepted findings in this decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WaiverApplied {
    pub rule_id: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
    /// Where the waiver is written (file:line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The bundles whose findings it accepted.
    pub bundles: Vec<String>,
    /// How many findings it accepted.
    pub findings: usize,
}

fn deny() -> Level {
    Level::Deny
}
