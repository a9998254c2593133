//! Verifying a decision record: envelope, signature, statement, decision id and validity
//! period, and for `verify-record` the artifacts checked against the record's subjects.

use super::{
    decision_id, BundleDecision, DecisionRecord, Subject, MAX_CLOCK_SKEW_SECS, PREDICATE_TYPE,
    STATEMENT_TYPE,
};
use crate::decision::Verdict;
use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::verify::dsse::{Envelope, KeyAlgorithm, PublicKey, VerifyFailure, IN_TOTO_PAYLOAD_TYPE};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

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

/// A record whose signature, statement and decision id checked out, with its validity period
/// read but not judged: for a record that may be long expired and still be authentic (the
/// approval of an earlier release that a rollback returns to).
#[derive(Debug, Clone, PartialEq)]
pub struct SignedRecord {
    pub verified: VerifiedRecord,
    /// The decision time (`predicate.time`).
    pub time: DateTime<Utc>,
    /// When the record's validity ends (`predicate.expires`).
    pub expires: DateTime<Utc>,
}

/// Verifies a record read into `doc` as [`verify_doc`] does, except its validity period: the
/// envelope parses, its payload type is in-toto, a signature verifies with one of `keys`, the
/// payload is an in-toto Statement v1 of a modelgate decision whose id matches its content and
/// whose time and expiry are RFC 3339 times. Whether the record is still valid is for the
/// caller to judge from [`SignedRecord::time`] and [`SignedRecord::expires`].
pub fn verify_signed(
    doc: &Doc,
    keys: &[PublicKey],
) -> std::result::Result<SignedRecord, RecordFailure> {
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
    Ok(SignedRecord {
        verified: VerifiedRecord {
            record,
            key_id: signer.key_id,
            algorithm: signer.algorithm,
            sha256: doc.sha256.clone(),
        },
        time,
        expires,
    })
}

/// Verifies a record read into `doc`: everything [`verify_signed`] checks, and that `now` lies
/// between its time (less a small clock skew) and its expiry.
pub fn verify_doc(
    doc: &Doc,
    keys: &[PublicKey],
    now: DateTime<Utc>,
) -> std::result::Result<VerifiedRecord, RecordFailure> {
    let SignedRecord {
        verified,
        time,
        expires,
    } = verify_signed(doc, keys)?;
    let fmt = crate::time::format;
    if now > expires {
        return Err(RecordFailure::Expired {
            expires: verified.record.predicate.expires,
            now: fmt(&now),
        });
    }
    if time > now + Duration::seconds(MAX_CLOCK_SKEW_SECS) {
        return Err(RecordFailure::FromTheFuture {
            time: verified.record.predicate.time,
            now: fmt(&now),
        });
    }
    Ok(verified)
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
