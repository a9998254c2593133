//! The webhook's decision records and revocations: every record file of a folder verified
//! against the trusted keys and indexed by the sha256 of its subjects; reloaded when a file's
//! content changes (compared by digest, not by time or size).

use crate::decision::Verdict;
use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::record::{self, RecordFailure, VerifiedRecord};
use crate::verify::dsse::PublicKey;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A record file that did not verify, and the digests it claims (read without trusting them,
/// only to say why a model has no record).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected {
    pub file: String,
    /// The check that failed: `envelope`, `signature`, `decision-id`, ...
    pub check: String,
    pub reason: String,
    /// `sha256:<hex>` subjects named by the unverified payload, if it could be read.
    pub digests: Vec<String>,
}

/// One verified record as the policy sees it for one of its subjects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordView {
    /// `decision` (a record of `check`) or `revocation` (`modelgate revoke`).
    pub kind: String,
    /// `sha256:<hex>` of the subject.
    pub digest: String,
    pub subject: String,
    /// Approve when every bundle of the run holding the subject approved (the run's verdict
    /// when none holds it); `revoked` for a revocation.
    pub verdict: String,
    pub time: String,
    /// `time` in nanoseconds since the epoch: the newest record of a digest decides.
    pub time_ns: i64,
    /// Why a revocation was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub expires: String,
    pub expires_ns: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub decision_id: String,
    pub key_id: String,
    pub file: String,
    /// sha256 of the record file.
    pub sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bundle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The records of a folder, by subject digest.
#[derive(Debug, Default)]
pub struct Records {
    pub dir: PathBuf,
    pub by_digest: BTreeMap<String, Vec<Arc<RecordView>>>,
    pub rejected: Vec<Rejected>,
    /// Files read (verified or not).
    pub files: usize,
    /// Files that verified.
    pub verified: usize,
    fingerprint: Vec<(PathBuf, String)>,
    /// The answers given with these records; a reload starts with none.
    pub(crate) decisions: super::cache::DecisionCache,
}

/// Whether a file name is one of a record: `*.json` (which covers `*.dsse.json` and
/// `*.intoto.json`), not hidden (Kubernetes mounts ConfigMaps with `..data` entries).
fn is_record_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| !n.starts_with('.') && n.ends_with(".json"))
}

/// The record files of `dir`, sorted, each read once (symlinks, as a ConfigMap mount has them,
/// followed): its content, or why it could not be read.
fn scan(dir: &Path) -> Result<Vec<(PathBuf, std::result::Result<Doc, String>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if !is_record_file(&path) {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let doc = Doc::read(&path, &name).map_err(|e| e.to_string());
                out.push((path, doc));
            }
            _ => continue,
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What identifies a folder's state: every record file and the digest of its content (an
/// unreadable file by its error), so that a file rewritten with the same size and time is seen.
fn fingerprint(scanned: &[(PathBuf, std::result::Result<Doc, String>)]) -> Vec<(PathBuf, String)> {
    scanned
        .iter()
        .map(|(p, d)| {
            (
                p.clone(),
                match d {
                    Ok(doc) => doc.sha256.clone(),
                    Err(e) => format!("error: {e}"),
                },
            )
        })
        .collect()
}

impl Records {
    /// Reads and verifies every record file of `dir` against `keys`. A file that does not
    /// verify is kept aside as [`Rejected`]; an unreadable folder is an error.
    pub fn load(dir: &Path, keys: &[PublicKey], now: DateTime<Utc>) -> Result<Records> {
        let scanned = scan(dir)?;
        let mut out = Records {
            dir: dir.to_path_buf(),
            files: scanned.len(),
            fingerprint: fingerprint(&scanned),
            ..Default::default()
        };
        for (path, read) in scanned {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let doc = match read {
                Ok(d) => d,
                Err(e) => {
                    out.rejected.push(Rejected {
                        file: name,
                        check: "read".into(),
                        reason: e,
                        digests: Vec::new(),
                    });
                    continue;
                }
            };
            if crate::revocation::is_revocation(&doc) {
                match crate::revocation::verify_doc(&doc, keys, now) {
                    Ok(v) => {
                        out.verified += 1;
                        out.add_revocation(&name, &v);
                    }
                    Err(f) => out.rejected.push(Rejected {
                        file: name,
                        check: f.check().into(),
                        reason: f.to_string(),
                        digests: claimed_digests(&doc),
                    }),
                }
                continue;
            }
            match verify_any_time(&doc, keys, now) {
                Ok(v) => {
                    out.verified += 1;
                    out.add(&name, &v);
                }
                Err(f) => out.rejected.push(Rejected {
                    file: name,
                    check: f.check().into(),
                    reason: f.to_string(),
                    digests: claimed_digests(&doc),
                }),
            }
        }
        Ok(out)
    }

    /// Whether the folder's record files changed (by content) since this was loaded.
    pub fn changed(&self) -> bool {
        scan(&self.dir).map_or(true, |f| fingerprint(&f) != self.fingerprint)
    }

    fn add_revocation(&mut self, file: &str, v: &crate::revocation::VerifiedRevocation) {
        let p = &v.revocation.predicate;
        let time_ns = crate::time::unix_nanos_or(&p.time, i64::MAX);
        for s in &v.revocation.subject {
            let Some(hex) = s.digest.get("sha256") else {
                continue;
            };
            let view = RecordView {
                kind: "revocation".into(),
                digest: format!("sha256:{}", hex.to_ascii_lowercase()),
                subject: s.name.clone(),
                verdict: "revoked".into(),
                time: p.time.clone(),
                time_ns,
                reason: Some(p.reason.clone()),
                // A revocation holds until a newer decision: it never expires.
                expires: String::new(),
                expires_ns: i64::MAX,
                environment: p.environment.clone(),
                decision_id: p.revocation_id.clone(),
                key_id: v.key_id.clone(),
                file: file.to_string(),
                sha256: v.sha256.clone(),
                bundle: None,
                version: None,
            };
            self.by_digest
                .entry(view.digest.clone())
                .or_default()
                .push(Arc::new(view));
        }
    }

    fn add(&mut self, file: &str, v: &VerifiedRecord) {
        let p = &v.record.predicate;
        // Unparseable cannot happen after verification (it would count as expired); a time
        // past the year 2262 does not fit in nanoseconds and is as good as never.
        let expires_ns = crate::time::unix_nanos_or(&p.expires, i64::MIN);
        // A time that does not parse (it cannot after verification) sorts as the newest, so
        // it can only make a decision stricter.
        let time_ns = crate::time::unix_nanos_or(&p.time, i64::MAX);
        for s in &v.record.subject {
            let Some(hex) = s.digest.get("sha256") else {
                continue;
            };
            let hex = hex.to_ascii_lowercase();
            // The same file may be an artifact of several bundles of the run: it is approved
            // only if every one of them approved, and has an environment only if they agree.
            let holders: Vec<_> = v.bundles_with(&hex).collect();
            let verdict = if holders.is_empty() {
                p.verdict
            } else if holders.iter().all(|b| b.verdict == Verdict::Approve) {
                Verdict::Approve
            } else if holders.iter().any(|b| b.verdict == Verdict::Error) {
                Verdict::Error
            } else {
                Verdict::Block
            };
            let bundle = match holders.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            let environment = match holders.first() {
                Some(first) if holders.iter().all(|b| b.environment == first.environment) => {
                    first.environment.clone()
                }
                _ => None,
            }
            .or_else(|| p.environment.clone());
            let view = RecordView {
                kind: "decision".into(),
                digest: format!("sha256:{hex}"),
                subject: s.name.clone(),
                verdict: verdict.to_string(),
                time: p.time.clone(),
                time_ns,
                reason: None,
                expires: p.expires.clone(),
                expires_ns,
                environment,
                decision_id: p.decision_id.clone(),
                key_id: v.key_id.clone(),
                file: file.to_string(),
                sha256: v.sha256.clone(),
                bundle: bundle.and_then(|b| b.name.clone()),
                version: bundle.and_then(|b| b.version.clone()),
            };
            self.by_digest
                .entry(view.digest.clone())
                .or_default()
                .push(Arc::new(view));
        }
    }

    /// The records whose subjects hold `digest` (`sha256:<hex>`).
    pub fn for_digest(&self, digest: &str) -> &[Arc<RecordView>] {
        self.by_digest.get(digest).map_or(&[], Vec::as_slice)
    }

    /// The rejected files that claim `digest`.
    pub fn rejected_for<'a>(&'a self, digest: &'a str) -> impl Iterator<Item = &'a Rejected> {
        self.rejected
            .iter()
            .filter(move |r| r.digests.iter().any(|d| d == digest))
    }
}

/// Verifies a record's signature, statement and decision id whatever its validity period: the
/// webhook judges expiry per request (a record loaded today may expire tomorrow), so an
/// expired record is kept and verified at its own expiry time.
fn verify_any_time(
    doc: &Doc,
    keys: &[PublicKey],
    now: DateTime<Utc>,
) -> std::result::Result<VerifiedRecord, RecordFailure> {
    match record::verify_doc(doc, keys, now) {
        Err(RecordFailure::Expired { expires, .. }) => {
            let at = crate::time::parse(&expires).ok_or_else(|| {
                RecordFailure::Statement(format!("expires {expires:?} is not RFC 3339"))
            })?;
            record::verify_doc(doc, keys, at)
        }
        other => other,
    }
}

/// The subject digests an unverified record names, for messages only.
fn claimed_digests(doc: &Doc) -> Vec<String> {
    let payload = crate::verify::dsse::Envelope::from_doc(doc)
        .ok()
        .and_then(|env| serde_json::from_slice::<Value>(&env.payload).ok());
    let Some(subjects) = payload
        .as_ref()
        .and_then(|p| p.get("subject"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    subjects
        .iter()
        .filter_map(|s| s.pointer("/digest/sha256")?.as_str())
        .filter_map(|h| crate::serve::review::normalize_digest(&format!("sha256:{h}")))
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A model file that is an artifact of an approved and of a blocked bundle of one run.
    pub(crate) fn shared_artifact_record(bundles: &[&str]) -> Records {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let policies = crate::policy::PolicySet::builtin(false).unwrap();
        let now = crate::time::parse_now("2026-11-29T12:00:00Z").unwrap();
        let opts = crate::pipeline::Options {
            now,
            trust: crate::config::resolve_trust(
                &crate::config::Config::default(),
                &crate::config::TrustFlags {
                    keys: vec![root.join("examples/release.pub")],
                    trusted_root: None,
                    identities: Vec::new(),
                    record_keys: vec![root.join("examples/gate.pub")],
                },
            )
            .unwrap(),
            ..Default::default()
        };
        let paths: Vec<PathBuf> = bundles.iter().map(|b| root.join(b)).collect();
        let report = crate::pipeline::check(&paths, &policies, &opts).unwrap();
        let key = crate::verify::sign::SigningKey::read(
            &root.join("tests/fixtures/record/test-only-p256.pem"),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let text = record::create(&report, &key, record::parse_ttl("30d").unwrap()).unwrap();
        std::fs::write(dir.path().join("r.json"), text).unwrap();
        Records::load(dir.path(), &[key.public_key().clone()], now).unwrap()
    }

    #[test]
    fn a_file_is_approved_only_if_every_bundle_holding_it_approved() {
        let model = "sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";
        for order in [
            ["examples/approved", "examples/blocked-gdpr"],
            ["examples/blocked-gdpr", "examples/approved"],
        ] {
            let r = shared_artifact_record(&order);
            let views = &r.by_digest[model];
            assert!(!views.is_empty());
            assert!(
                views.iter().all(|v| v.verdict == "block"),
                "{order:?}: {views:#?}"
            );
        }
        let r = shared_artifact_record(&["examples/approved"]);
        assert!(r.by_digest[model].iter().all(|v| v.verdict == "approve"));
        assert_eq!(
            r.by_digest[model][0].bundle.as_deref(),
            Some("credit-risk-scorer")
        );
    }
}
