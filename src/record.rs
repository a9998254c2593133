//! Signed decision records: what `check` decided, over which artifacts and evidence, as an
//! in-toto statement in a DSSE envelope, so a deployment step can prove a release passed the gate.

use crate::decision::{Finding, FindingLocation, FindingStatus, Report, Verdict};
use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::policy::{Level, Severity};
use crate::verify::dsse::{Envelope, KeyAlgorithm, PublicKey, VerifyFailure, IN_TOTO_PAYLOAD_TYPE};
use crate::verify::sign::{envelope_json, SigningKey};
use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// manifest, model_card, dataset, sbom, robustness, signature, provenance or artifact.
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

fn record_finding(f: &Finding) -> RecordFinding {
    RecordFinding {
        rule_id: f.rule_id.clone(),
        level: f.level,
        declared_level: f.declared_level,
        enforcement: f.enforcement.clone(),
        severity: f.severity,
        message: f.message.clone(),
        location: f.location.clone(),
        target: f.target.clone(),
        waiver: f.waiver.as_ref().map(|w| RecordWaiver {
            reason: w.reason.clone(),
            approved_by: w.approved_by.clone(),
            expires: w.expires.clone(),
            expired: w.expired,
            source: w.source.clone(),
        }),
    }
}

/// Parses a validity period: a whole number and a unit, `s`, `m`, `h`, `d` or `w` (`30d`).
pub fn parse_ttl(text: &str) -> Result<Duration> {
    let bad = |why: &str| {
        Error::Usage(format!(
            "--record-ttl {text:?}: {why} (a whole number and s, m, h, d or w, e.g. 30d or 12h)"
        ))
    };
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: i64 = number.parse().map_err(|_| bad("not a duration"))?;
    let secs_per = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        "" => return Err(bad("no unit")),
        _ => return Err(bad("unknown unit")),
    };
    if n == 0 {
        return Err(bad("a record must be valid for some time"));
    }
    n.checked_mul(secs_per)
        .and_then(Duration::try_seconds)
        .ok_or_else(|| bad("too long"))
}

/// Refuses a validity longer than `max_days` (`limits.maxRecordTtlDays`): a record is a
/// standing permission to deploy, and a block found later must be able to catch up with it.
pub fn check_ttl(ttl: Duration, max_days: u64) -> Result<()> {
    let max = Duration::try_days(i64::try_from(max_days).unwrap_or(i64::MAX / 86_400_000))
        .unwrap_or(Duration::MAX);
    if ttl > max {
        return Err(Error::Usage(format!(
            "--record-ttl of {} days: a decision record may be valid for at most {max_days} days (limits.maxRecordTtlDays in the configuration)",
            ttl.num_days()
        )));
    }
    Ok(())
}

/// The statement for `report`, valid for `ttl` from the decision time. A run that errored
/// decided nothing, so it has no record.
pub fn statement(report: &Report, ttl: Duration) -> Result<DecisionRecord> {
    if report.verdict == Verdict::Error {
        return Err(Error::Usage(
            "the run errored: no decision record is written for it".into(),
        ));
    }
    if ttl <= Duration::zero() {
        return Err(Error::Usage(
            "the record's validity must be positive".into(),
        ));
    }
    if report.bundles.is_empty() {
        return Err(Error::Usage(
            "the run checked no bundle: no decision record is written for it".into(),
        ));
    }
    let time = crate::time::parse(&report.time)
        .ok_or_else(|| Error::Usage(format!("report time {:?} is not RFC 3339", report.time)))?;
    let expires = time
        .checked_add_signed(ttl)
        .ok_or_else(|| Error::Usage("--record-ttl reaches past the year 262143".into()))?;

    let mut artifacts = BTreeSet::new();
    for b in &report.bundles {
        // What a model signature leaves out is vouched for by nobody.
        let ignored: BTreeSet<&str> = b
            .signatures
            .iter()
            .flat_map(|s| s.ignored.iter().map(String::as_str))
            .collect();
        for e in &b.evidence {
            // The digest of an empty file admits every empty file.
            if e.kind == "artifact" && e.size > 0 && !ignored.contains(e.path.as_str()) {
                artifacts.insert((e.path.clone(), e.sha256.clone()));
            }
        }
    }
    let subject = artifacts
        .into_iter()
        .map(|(name, sha256)| Subject {
            name,
            digest: BTreeMap::from([("sha256".to_string(), sha256)]),
        })
        .collect();

    let mut waivers: BTreeMap<(String, Option<String>, String), WaiverApplied> = BTreeMap::new();
    for b in &report.bundles {
        for f in &b.findings {
            let (FindingStatus::Waived, Some(w)) = (f.status(), &f.waiver) else {
                continue;
            };
            let key = (f.rule_id.clone(), w.source.clone(), w.reason.clone());
            let entry = waivers.entry(key).or_insert_with(|| WaiverApplied {
                rule_id: f.rule_id.clone(),
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires: w.expires.clone(),
                source: w.source.clone(),
                bundles: Vec::new(),
                findings: 0,
            });
            entry.findings += 1;
            if !entry.bundles.contains(&b.path) {
                entry.bundles.push(b.path.clone());
            }
        }
    }

    let environments: BTreeSet<Option<&String>> = report
        .bundles
        .iter()
        .map(|b| b.environment.as_ref())
        .collect();
    let environment = match environments.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(e)] => Some((*e).clone()),
        _ => None,
    };

    let mut predicate = DecisionPredicate {
        decision_id: String::new(),
        verdict: report.verdict,
        time: crate::time::format(&time),
        expires: crate::time::format(&expires),
        tool: Tool {
            name: "modelgate".into(),
            version: report.tool_version.clone(),
        },
        policy_digest: BTreeMap::from([("sha256".to_string(), report.policy_digest.clone())]),
        environment,
        git: report.git.as_ref().map(|g| GitSource {
            repository: g.repository.clone(),
            commit: g.head.clone(),
            dirty: g.dirty,
        }),
        bundles: report
            .bundles
            .iter()
            .map(|b| BundleDecision {
                path: b.path.clone(),
                name: b.name.clone(),
                version: b.version.clone(),
                environment: b.environment.clone(),
                risk_tier: b.risk_tier.clone(),
                verdict: b.verdict,
                evidence: b
                    .evidence
                    .iter()
                    .map(|e| EvidenceDigest {
                        path: e.path.clone(),
                        kind: e.kind.clone(),
                        sha256: e.sha256.clone(),
                    })
                    .collect(),
                findings: b.findings.iter().map(record_finding).collect(),
            })
            .collect(),
        waivers: waivers.into_values().collect(),
        findings: report.findings.iter().map(record_finding).collect(),
        configuration: RecordConfiguration::from(&report.configuration),
    };
    let value = serde_json::to_value(&predicate)
        .map_err(|e| Error::Usage(format!("decision record: {e}")))?;
    predicate.decision_id = decision_id(&value);
    Ok(DecisionRecord {
        type_: STATEMENT_TYPE.into(),
        subject,
        predicate_type: PREDICATE_TYPE.into(),
        predicate,
    })
}

/// The decision id of a predicate given as JSON: see [`DecisionPredicate::decision_id`].
/// Computed over the JSON as written, so fields this version does not know still count.
pub fn decision_id(predicate: &Value) -> String {
    let mut without = predicate.clone();
    if let Value::Object(m) = &mut without {
        m.remove("decisionId");
    }
    let mut text = String::new();
    canonical_json(&without, &mut text);
    format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

/// Compact JSON with object keys sorted, whatever order the map keeps them in.
fn canonical_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical_json(v, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The signed record of `report`: a DSSE envelope as JSON, valid for `ttl`. ECDSA is
/// deterministic (RFC 6979), so the same report, key and ttl give the same bytes.
pub fn create(report: &Report, key: &SigningKey, ttl: Duration) -> Result<String> {
    let record = statement(report, ttl)?;
    let payload =
        serde_json::to_vec(&record).map_err(|e| Error::Usage(format!("decision record: {e}")))?;
    Ok(envelope_json(
        &key.sign_envelope(IN_TOTO_PAYLOAD_TYPE, payload),
    ))
}

/// A record whose signature, types and validity period checked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedRecord {
    pub record: DecisionRecord,
    /// [`PublicKey::key_id`] of the trusted key that signed it.
    pub key_id: String,
    pub algorithm: KeyAlgorithm,
    /// sha256 of the record file (the envelope as given), hex: the record's identity.
    pub sha256: String,
}

impl VerifiedRecord {
    pub fn verdict(&self) -> Verdict {
        self.record.predicate.verdict
    }

    /// The bundles whose evidence holds a file with this sha256.
    pub fn bundles_with<'a>(&'a self, sha256: &'a str) -> impl Iterator<Item = &'a BundleDecision> {
        self.record.predicate.bundles.iter().filter(move |b| {
            b.evidence
                .iter()
                .any(|e| e.sha256.eq_ignore_ascii_case(sha256))
        })
    }

    /// The subject with this sha256, if the record covers it.
    pub fn subject(&self, sha256: &str) -> Option<&Subject> {
        self.record.subject.iter().find(|s| {
            s.digest
                .get("sha256")
                .is_some_and(|d| d.eq_ignore_ascii_case(sha256))
        })
    }
}

/// Why a record did not verify, by the check that failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordFailure {
    /// Not a DSSE envelope: bad input rather than a failed check.
    #[error("{0}")]
    Malformed(Error),
    #[error("payloadType is {0:?}, expected {IN_TOTO_PAYLOAD_TYPE}")]
    PayloadType(String),
    #[error("{0}")]
    Signature(VerifyFailure),
    /// Signed, but not a modelgate decision statement.
    #[error("{0}")]
    Statement(String),
    #[error("decision id {stated} does not match the record's content ({computed})")]
    DecisionId { stated: String, computed: String },
    #[error("expired at {expires} (now {now})")]
    Expired { expires: String, now: String },
    #[error("made at {time}, after now ({now}) by more than the allowed clock skew")]
    FromTheFuture { time: String, now: String },
}

impl RecordFailure {
    /// The name of the check that failed, as printed and in JSON.
    pub fn check(&self) -> &'static str {
        match self {
            RecordFailure::Malformed(_) => "envelope",
            RecordFailure::PayloadType(_) => "payload-type",
            RecordFailure::Signature(_) => "signature",
            RecordFailure::Statement(_) => "statement",
            RecordFailure::DecisionId { .. } => "decision-id",
            RecordFailure::Expired { .. } => "expiry",
            RecordFailure::FromTheFuture { .. } => "time",
        }
    }
}

/// Verifies record bytes against trusted `keys` at `now`; see [`verify_doc`].
pub fn verify(
    bytes: &[u8],
    keys: &[PublicKey],
    now: DateTime<Utc>,
) -> std::result::Result<VerifiedRecord, RecordFailure> {
    verify_doc(&Doc::new("<record>", "<record>", bytes.to_vec()), keys, now)
}

/// The signer, the payload and its parsed JSON of a DSSE envelope of in-toto type signed by one
/// of `keys`. Only a signed payload is read: what no trusted key vouches for is never parsed.
pub(crate) fn open_statement(
    doc: &Doc,
    keys: &[PublicKey],
) -> std::result::Result<(crate::verify::dsse::Verified, Doc, Value), RecordFailure> {
    let env = Envelope::from_doc(doc).map_err(RecordFailure::Malformed)?;
    if env.payload_type != IN_TOTO_PAYLOAD_TYPE {
        return Err(RecordFailure::PayloadType(env.payload_type));
    }
    let signer = env.verify(keys).map_err(RecordFailure::Signature)?;
    let payload = Doc::new(
        format!("{} (payload)", doc.path.display()),
        doc.rel.clone(),
        env.payload,
    );
    let raw: Value = payload.json().map_err(statement_err)?;
    Ok((signer, payload, raw))
}

/// A statement that does not say what it must, located in its payload.
pub(crate) fn statement_err(e: Error) -> RecordFailure {
    RecordFailure::Statement(e.to_string())
}

/// Verifies a record read into `doc`: the envelope parses (errors located by line and JSON
/// pointer), its payload type is in-toto, a signature verifies with one of `keys`, the payload
/// is an in-toto Statement v1 of a modelgate decision whose id matches its content, and `now`
/// lies between its time (less a small clock skew) and its expiry.
pub fn verify_doc(
    doc: &Doc,
    keys: &[PublicKey],
    now: DateTime<Utc>,
) -> std::result::Result<VerifiedRecord, RecordFailure> {
    let (signer, payload, raw) = open_statement(doc, keys)?;
    let type_ = raw.get("_type").and_then(Value::as_str).unwrap_or_default();
    if type_ != STATEMENT_TYPE {
        return Err(RecordFailure::Statement(format!(
            "_type is {type_:?}, expected {STATEMENT_TYPE}"
        )));
    }
    let predicate_type = raw
        .get("predicateType")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if predicate_type != PREDICATE_TYPE {
        return Err(RecordFailure::Statement(format!(
            "predicateType is {predicate_type:?}, expected {PREDICATE_TYPE}"
        )));
    }
    // From the Value already parsed; the typed parse of the text runs only to locate an error.
    let record: DecisionRecord = match serde_json::from_value(raw.clone()) {
        Ok(r) => r,
        Err(_) => payload.json().map_err(statement_err)?,
    };
    let computed = decision_id(raw.get("predicate").unwrap_or(&Value::Null));
    if computed != record.predicate.decision_id {
        return Err(RecordFailure::DecisionId {
            stated: record.predicate.decision_id,
            computed,
        });
    }
    let time_of = |field: &str, value: &str| {
        crate::time::parse(value).ok_or_else(|| {
            statement_err(payload.err(
                crate::error::Location::pointer(format!("/predicate/{field}")),
                format!("{value:?} is not an RFC 3339 time"),
            ))
        })
    };
    let time = time_of("time", &record.predicate.time)?;
    let expires = time_of("expires", &record.predicate.expires)?;
    let fmt = crate::time::format;
    if now > expires {
        return Err(RecordFailure::Expired {
            expires: record.predicate.expires,
            now: fmt(&now),
        });
    }
    if time > now + Duration::seconds(MAX_CLOCK_SKEW_SECS) {
        return Err(RecordFailure::FromTheFuture {
            time: record.predicate.time,
            now: fmt(&now),
        });
    }
    Ok(VerifiedRecord {
        record,
        key_id: signer.key_id,
        algorithm: signer.algorithm,
        sha256: doc.sha256.clone(),
    })
}

/// One file given to `verify-record --artifact`, and the subject it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArtifactCheck {
    pub path: String,
    pub sha256: String,
    /// The record's subject with this digest; none: the record does not cover the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The bundles holding the file and their verdicts: in a record of several bundles, a
    /// covered file may belong to one that blocked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bundles: Vec<ArtifactBundle>,
}

/// A bundle of the record that holds an artifact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArtifactBundle {
    pub path: String,
    pub verdict: Verdict,
}

/// The files of `paths`: a file itself, a folder every file in it (sorted), hashed in
/// parallel. A path that does not exist or a folder without files is an error.
pub fn hash_artifacts(paths: &[PathBuf]) -> Result<Vec<(String, String)>> {
    use rayon::prelude::*;
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if !meta.is_dir() {
            files.push(p.clone());
            continue;
        }
        let inside = crate::walk::Walk {
            follow_links: true,
            ..Default::default()
        }
        .files(p)?;
        if inside.is_empty() {
            return Err(Error::bundle(p, "a folder without files: nothing to check"));
        }
        files.extend(inside);
    }
    files
        .par_iter()
        .map(|f| crate::digest::hash_file(f).map(|(_, d)| (f.display().to_string(), d)))
        .collect()
}

/// What `verify-record` found, for printing: verified only when the record verified and every
/// artifact is one of its subjects.
#[derive(Debug, Serialize)]
pub struct RecordVerification {
    /// The record file.
    pub file: String,
    pub verified: bool,
    /// The check that failed (`signature`, `expiry`, `artifact`, ...) and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<CheckFailure>,
    /// Present when signature, statement and validity period checked out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<VerifiedRecord>,
    pub artifacts: Vec<ArtifactCheck>,
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckFailure {
    pub check: String,
    pub message: String,
}

/// `modelgate verify-record`: the record at `path` against `keys` at `now`, and each artifact
/// (a file, or every file of a folder) against its subjects. Unreadable or malformed input is
/// an error; a failed check is a [`RecordVerification`] that is not verified.
pub fn verify_file(
    path: &Path,
    keys: &[PublicKey],
    now: DateTime<Utc>,
    artifacts: &[PathBuf],
) -> Result<RecordVerification> {
    let doc = Doc::read(path, &path.display().to_string())?;
    let hashed = hash_artifacts(artifacts)?;
    let mut out = RecordVerification {
        file: path.display().to_string(),
        verified: false,
        failures: Vec::new(),
        record: None,
        artifacts: Vec::new(),
    };
    match verify_doc(&doc, keys, now) {
        Err(RecordFailure::Malformed(e)) => return Err(e),
        Err(f) => out.failures.push(CheckFailure {
            check: f.check().into(),
            message: f.to_string(),
        }),
        Ok(v) => {
            if v.record.subject.is_empty() && !hashed.is_empty() {
                out.failures.push(CheckFailure {
                    check: "artifact".into(),
                    message: "the record admits no model: it has no subjects (the release had no model file), so no file is covered by it".into(),
                });
            }
            for (file, sha256) in hashed {
                let subject = v.subject(&sha256).map(|s| s.name.clone());
                if subject.is_none() {
                    out.failures.push(CheckFailure {
                        check: "artifact".into(),
                        message: format!(
                            "{file} (sha256 {sha256}) is not a subject of the record: changed since the decision, or not decided on"
                        ),
                    });
                }
                let bundles = v
                    .bundles_with(&sha256)
                    .map(|b| ArtifactBundle {
                        path: b.path.clone(),
                        verdict: b.verdict,
                    })
                    .collect();
                out.artifacts.push(ArtifactCheck {
                    path: file,
                    sha256,
                    subject,
                    bundles,
                });
            }
            out.record = Some(v);
        }
    }
    out.verified = out.failures.is_empty();
    Ok(out)
}

impl RecordVerification {
    /// Fails the verification unless the record approves (`verify-record --require-approve`):
    /// for a deployment step, an authentic decision to block is still a no.
    pub fn require_approve(&mut self) {
        if let Some(v) = self
            .record
            .as_ref()
            .filter(|v| v.verdict() != Verdict::Approve)
        {
            self.failures.push(CheckFailure {
                check: "verdict".into(),
                message: format!(
                    "the record's verdict is {}, and --require-approve asks for approve",
                    v.verdict()
                ),
            });
        }
        self.verified = self.failures.is_empty();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::BundleReport;
    use crate::verify::sign::SigningKey;
    use base64::Engine as _;
    use p256::pkcs8::EncodePrivateKey;

    const NOW: &str = "2026-11-29T12:00:00Z";

    fn now() -> DateTime<Utc> {
        crate::time::parse(NOW).unwrap()
    }

    fn key(seed: u8) -> SigningKey {
        let sk = p256::SecretKey::from_slice(&[seed; 32]).unwrap();
        SigningKey::from_pkcs8_der(sk.to_pkcs8_der().unwrap().as_bytes()).unwrap()
    }

    fn finding(rule: &str, level: &str, waiver: Option<Value>) -> Finding {
        let mut v = serde_json::json!({
            "rule_id": rule, "level": level, "severity": "high", "title": "t",
            "message": format!("{rule} fired"), "controls": [], "remediation": "fix it",
            "package": "data.modelgate.x", "location": {"file": "data/dataset.yaml", "line": 9},
            "declared_level": level,
        });
        if let Some(w) = waiver {
            v["waiver"] = w;
        }
        serde_json::from_value(v).unwrap()
    }

    fn bundle(path: &str, verdict: Verdict, findings: Vec<Finding>) -> BundleReport {
        let mut b = crate::decision::errored(path, &Error::Usage(String::new()));
        b.error = None;
        b.verdict = verdict;
        b.name = Some("scorer".into());
        b.version = Some("1.0.0".into());
        b.environment = Some("production".into());
        b.risk_tier = Some("high".into());
        b.evidence = serde_json::from_value(serde_json::json!([
            {"kind": "artifact", "path": "model/model.safetensors", "format": "file", "sha256": "aa".repeat(32), "size": 3},
            {"kind": "manifest", "path": "modelgate.yaml", "format": "manifest", "sha256": "bb".repeat(32), "size": 4},
        ]))
        .unwrap();
        b.findings = findings;
        b
    }

    fn report(bundles: Vec<BundleReport>) -> Report {
        Report::new(
            NOW.into(),
            &crate::policy::PolicySet::default(),
            &crate::config::Config::default(),
            bundles,
            Vec::new(),
            crate::decision::Selection::All,
        )
    }

    fn waived() -> Value {
        serde_json::json!({"reason": "accepted", "approved_by": "jane@example.com",
            "expires": "2027-01-31", "expired": false, "source": "waivers.yaml:3"})
    }

    fn ttl() -> Duration {
        parse_ttl(DEFAULT_TTL).unwrap()
    }

    #[test]
    fn statement_names_artifacts_verdicts_findings_and_waivers() {
        let r = report(vec![
            bundle(
                "a",
                Verdict::Approve,
                vec![finding("w1", "deny", Some(waived()))],
            ),
            bundle("b", Verdict::Block, vec![finding("d1", "deny", None)]),
        ]);
        let s = statement(&r, ttl()).unwrap();
        assert_eq!(s.type_, STATEMENT_TYPE);
        assert_eq!(s.predicate_type, PREDICATE_TYPE);
        // Both bundles hold the same artifact: one subject.
        assert_eq!(s.subject.len(), 1);
        assert_eq!(s.subject[0].name, "model/model.safetensors");
        assert_eq!(s.subject[0].digest["sha256"], "aa".repeat(32));
        let p = &s.predicate;
        assert_eq!(p.verdict, Verdict::Block);
        assert_eq!(p.time, NOW);
        assert_eq!(p.expires, "2026-12-29T12:00:00Z");
        assert_eq!(p.environment.as_deref(), Some("production"));
        assert_eq!(p.bundles[1].verdict, Verdict::Block);
        assert_eq!(p.bundles[1].findings[0].rule_id, "d1");
        assert_eq!(p.bundles[0].evidence.len(), 2);
        assert_eq!(p.waivers.len(), 1);
        assert_eq!(p.waivers[0].bundles, ["a"]);
        assert_eq!(p.waivers[0].approved_by, "jane@example.com");
        assert!(p.git.is_none());
        let v = serde_json::to_value(p).unwrap();
        assert_eq!(p.decision_id, decision_id(&v));
        assert!(p.decision_id.starts_with("sha256:"));

        let mut other = r.clone();
        other.time = "2026-11-29T12:00:01Z".into();
        assert_ne!(
            statement(&other, ttl()).unwrap().predicate.decision_id,
            p.decision_id
        );
    }

    #[test]
    fn the_git_commit_is_recorded_when_known() {
        let mut r = report(vec![bundle("a", Verdict::Approve, vec![])]);
        r.git = Some(crate::git::GitInfo {
            head: Some("0123abcd".into()),
            dirty: true,
            ..Default::default()
        });
        let g = statement(&r, ttl()).unwrap().predicate.git.unwrap();
        assert_eq!(g.commit.as_deref(), Some("0123abcd"));
        assert!(g.dirty);
    }

    #[test]
    fn no_record_for_an_error_run() {
        let r = report(vec![crate::decision::errored(
            "x",
            &Error::Usage("bad".into()),
        )]);
        let e = create(&r, &key(1), ttl()).unwrap_err().to_string();
        assert!(e.contains("errored"), "{e}");
    }

    #[test]
    fn create_then_verify_and_bytes_are_deterministic() {
        let r = report(vec![bundle("a", Verdict::Approve, vec![])]);
        let k = key(1);
        let json = create(&r, &k, ttl()).unwrap();
        assert_eq!(json, create(&r, &k, ttl()).unwrap());
        let v = verify(
            json.as_bytes(),
            &[key(2).public_key().clone(), k.public_key().clone()],
            now(),
        )
        .unwrap();
        assert_eq!(v.key_id, k.key_id());
        assert_eq!(v.verdict(), Verdict::Approve);
        assert_eq!(v.sha256, hex::encode(Sha256::digest(json.as_bytes())));
        assert!(v.subject(&"AA".repeat(32)).is_some());
        assert!(v.subject(&"bb".repeat(32)).is_none());
    }

    /// Re-signs `record` with `k` after `edit`: a well-signed record with bad content.
    fn resigned(record: &str, k: &SigningKey, edit: impl Fn(&mut Value)) -> String {
        let env = Envelope::from_doc(&Doc::new("r", "r", record.as_bytes().to_vec())).unwrap();
        let mut v: Value = serde_json::from_slice(&env.payload).unwrap();
        edit(&mut v);
        envelope_json(&k.sign_envelope(&env.payload_type, serde_json::to_vec(&v).unwrap()))
    }

    #[test]
    fn each_check_fails_on_its_own() {
        let r = report(vec![bundle(
            "a",
            Verdict::Block,
            vec![finding("d1", "deny", None)],
        )]);
        let k = key(1);
        let keys = [k.public_key().clone()];
        let good = create(&r, &k, ttl()).unwrap();
        let check = |text: &str, at: DateTime<Utc>| {
            verify(text.as_bytes(), &keys, at)
                .map(|_| ())
                .unwrap_err()
                .check()
        };
        assert!(verify(good.as_bytes(), &keys, now()).is_ok());

        assert!(matches!(
            verify(good.as_bytes(), &[key(2).public_key().clone()], now()),
            Err(RecordFailure::Signature(VerifyFailure::Invalid { .. }))
        ));

        // A payload changed after signing: the signature no longer holds.
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut env: Value = serde_json::from_str(&good).unwrap();
        let mut payload = b64.decode(env["payload"].as_str().unwrap()).unwrap();
        let at = payload.windows(5).position(|w| w == b"block").unwrap();
        payload[at..at + 5].copy_from_slice(b"blocK");
        env["payload"] = b64.encode(&payload).into();
        assert_eq!(check(&env.to_string(), now()), "signature");

        let mut env: Value = serde_json::from_str(&good).unwrap();
        env["payloadType"] = "application/json".into();
        assert_eq!(check(&env.to_string(), now()), "payload-type");

        let tampered_id = resigned(&good, &k, |v| {
            v["predicate"]["verdict"] = "approve".into();
        });
        assert_eq!(check(&tampered_id, now()), "decision-id");
        let wrong_type = resigned(&good, &k, |v| {
            v["predicateType"] = "https://slsa.dev/provenance/v1".into();
        });
        assert_eq!(check(&wrong_type, now()), "statement");
        let not_statement = resigned(&good, &k, |v| {
            v["_type"] = "x".into();
        });
        assert_eq!(check(&not_statement, now()), "statement");
        let bad_shape = resigned(&good, &k, |v| {
            v["predicate"]["bundles"][0]["verdict"] = 3.into();
        });
        let e = verify(bad_shape.as_bytes(), &keys, now())
            .unwrap_err()
            .to_string();
        assert!(e.contains("/predicate/bundles/0/verdict"), "{e}");

        let expired = now() + Duration::days(30) + Duration::seconds(1);
        assert_eq!(check(&good, expired), "expiry");
        assert!(verify(good.as_bytes(), &keys, now() + Duration::days(30)).is_ok());
        let early = now() - Duration::seconds(MAX_CLOCK_SKEW_SECS + 1);
        assert_eq!(check(&good, early), "time");
        assert!(verify(
            good.as_bytes(),
            &keys,
            now() - Duration::seconds(MAX_CLOCK_SKEW_SECS)
        )
        .is_ok());
    }

    #[test]
    fn malformed_envelopes_are_located() {
        let keys = [key(1).public_key().clone()];
        let e = verify(b"{\n\"payload\": \"e30=\"\n}", &keys, now()).unwrap_err();
        assert_eq!(e.check(), "envelope");
        let msg = e.to_string();
        assert!(
            msg.contains("line 3") && msg.contains("payloadType"),
            "{msg}"
        );
        let e = verify(b"{\"payload\":\"!\",\"payloadType\":\"x\"}", &keys, now())
            .unwrap_err()
            .to_string();
        assert!(e.contains("at /payload"), "{e}");
    }

    #[test]
    fn ttls_parse() {
        assert_eq!(parse_ttl("30d").unwrap(), Duration::days(30));
        assert_eq!(parse_ttl("12h").unwrap(), Duration::hours(12));
        assert_eq!(parse_ttl("90m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_ttl("45s").unwrap(), Duration::seconds(45));
        assert_eq!(parse_ttl("2w").unwrap(), Duration::days(14));
        for bad in [
            "",
            "30",
            "d",
            "0d",
            "-1d",
            "1.5d",
            "3y",
            "99999999999999999999d",
        ] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v: Value = serde_json::from_str(r#"{"b": [ {"z": 1, "a": "x"} ], "a": null}"#).unwrap();
        let mut s = String::new();
        canonical_json(&v, &mut s);
        assert_eq!(s, r#"{"a":null,"b":[{"a":"x","z":1}]}"#);
    }
}
