//! Signed revocations (`modelgate revoke`): a gate key withdraws the approval of model digests,
//! in one environment or in all, from a time on. The webhook and `fetch-check` let the newest
//! record of a digest decide, so a revocation newer than an approval wins over it.

use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::record::{
    decision_id, open_statement, statement_err, RecordFailure, Subject, MAX_CLOCK_SKEW_SECS,
    STATEMENT_TYPE,
};
use crate::verify::dsse::{Envelope, PublicKey, IN_TOTO_PAYLOAD_TYPE};
use crate::verify::sign::{envelope_json, SigningKey};
use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `predicateType` of a revocation.
pub const PREDICATE_TYPE: &str = "https://modelgate.dev/revocation/v1";

/// A revocation: the in-toto statement inside the envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Revocation {
    /// Always `https://in-toto.io/Statement/v1`.
    #[serde(rename = "_type")]
    pub type_: String,
    /// The model digests whose approval is withdrawn.
    pub subject: Vec<Subject>,
    /// Always `https://modelgate.dev/revocation/v1`.
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: RevocationPredicate,
}

/// What is withdrawn, where, since when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RevocationPredicate {
    /// `sha256:` and the hex sha256 of this predicate without `revocationId` (keys sorted, no
    /// whitespace).
    pub revocation_id: String,
    /// RFC 3339 time from which the revocation holds; a decision made later decides again.
    pub time: String,
    /// The environment it applies to; every environment when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Why: an incident, a newly banned component, a withdrawn release.
    pub reason: String,
    /// Who revoked (free text, e.g. an e-mail); the signing key is the authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<String>,
    pub tool: crate::record::Tool,
}

/// A revocation whose signature and content checked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedRevocation {
    pub revocation: Revocation,
    pub key_id: String,
    /// sha256 of the file, hex.
    pub sha256: String,
}

/// The statement revoking `digests` (`sha256:<hex>` or hex) from `time` on.
pub fn statement(
    digests: &[String],
    environment: Option<&str>,
    reason: &str,
    revoked_by: Option<&str>,
    time: DateTime<Utc>,
) -> Result<Revocation> {
    if reason.trim().is_empty() {
        return Err(Error::Usage("a revocation needs a --reason".into()));
    }
    if digests.is_empty() {
        return Err(Error::Usage(
            "name at least one model digest to revoke".into(),
        ));
    }
    let mut subject = Vec::new();
    for d in digests {
        let normalized = crate::serve::review::normalize_digest(d)
            .or_else(|| crate::serve::review::normalize_digest(&format!("sha256:{d}")))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "`{d}` is not a sha256 digest (sha256:<64 hex digits>)"
                ))
            })?;
        let hex = normalized.trim_start_matches("sha256:").to_string();
        subject.push(Subject {
            name: normalized.clone(),
            digest: BTreeMap::from([("sha256".to_string(), hex)]),
        });
    }
    subject.sort();
    subject.dedup();
    let mut predicate = RevocationPredicate {
        revocation_id: String::new(),
        time: crate::time::format(&time),
        environment: environment.map(str::to_string),
        reason: reason.trim().to_string(),
        revoked_by: revoked_by.map(str::to_string),
        tool: crate::record::Tool {
            name: "modelgate".into(),
            version: crate::TOOL_VERSION.into(),
        },
    };
    let value = serde_json::to_value(&predicate)
        .map_err(|e| Error::Internal(format!("revocation: {e}")))?;
    predicate.revocation_id = id(&value);
    Ok(Revocation {
        type_: STATEMENT_TYPE.into(),
        subject,
        predicate_type: PREDICATE_TYPE.into(),
        predicate,
    })
}

/// The id of a predicate given as JSON: the sha256 of it without `revocationId`.
fn id(predicate: &Value) -> String {
    let mut without = predicate.clone();
    if let Value::Object(m) = &mut without {
        m.remove("revocationId");
    }
    // Same canonical form as decision ids; `decisionId` is absent here, so nothing else goes.
    decision_id(&without)
}

/// The signed revocation as a DSSE envelope (JSON).
pub fn create(statement: &Revocation, key: &SigningKey) -> Result<String> {
    let payload =
        serde_json::to_vec(statement).map_err(|e| Error::Internal(format!("revocation: {e}")))?;
    Ok(envelope_json(
        &key.sign_envelope(IN_TOTO_PAYLOAD_TYPE, payload),
    ))
}

/// Whether a verified in-toto payload is a revocation (by its predicate type), read without
/// trusting anything else of it.
pub fn is_revocation(doc: &Doc) -> bool {
    Envelope::from_doc(doc)
        .ok()
        .and_then(|env| serde_json::from_slice::<Value>(&env.payload).ok())
        .and_then(|v| {
            v.get("predicateType")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .is_some_and(|t| t == PREDICATE_TYPE)
}

/// Verifies a revocation: a signature by one of `keys` over an in-toto statement of a
/// revocation whose id matches its content, made no later than `now` (plus clock skew).
pub fn verify_doc(
    doc: &Doc,
    keys: &[PublicKey],
    now: DateTime<Utc>,
) -> std::result::Result<VerifiedRevocation, RecordFailure> {
    let (signer, payload, raw) = open_statement(doc, keys)?;
    // The typed parse of the text runs only to locate an error.
    let revocation: Revocation = match serde_json::from_value(raw.clone()) {
        Ok(r) => r,
        Err(_) => payload.json().map_err(statement_err)?,
    };
    if revocation.type_ != STATEMENT_TYPE || revocation.predicate_type != PREDICATE_TYPE {
        return Err(RecordFailure::Statement(format!(
            "not a revocation: _type {:?}, predicateType {:?}",
            revocation.type_, revocation.predicate_type
        )));
    }
    let computed = id(raw.get("predicate").unwrap_or(&Value::Null));
    if computed != revocation.predicate.revocation_id {
        return Err(RecordFailure::DecisionId {
            stated: revocation.predicate.revocation_id,
            computed,
        });
    }
    let time = DateTime::parse_from_rfc3339(&revocation.predicate.time)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            RecordFailure::Statement(format!(
                "time {:?} is not RFC 3339",
                revocation.predicate.time
            ))
        })?;
    if time > now + Duration::seconds(MAX_CLOCK_SKEW_SECS) {
        return Err(RecordFailure::FromTheFuture {
            time: revocation.predicate.time,
            now: crate::time::format(&now),
        });
    }
    Ok(VerifiedRevocation {
        revocation,
        key_id: signer.key_id,
        sha256: doc.sha256.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        SigningKey::read(&root.join("tests/fixtures/record/test-only-p256.pem")).unwrap()
    }

    #[test]
    fn a_revocation_verifies_and_any_edit_breaks_it() {
        let now = crate::time::parse_now("2026-12-05T12:00:00Z").unwrap();
        let hex = "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";
        let s = statement(
            &[hex.to_string()],
            Some("production"),
            "torchtriton found in the serving image",
            Some("security@example.com"),
            now,
        )
        .unwrap();
        assert_eq!(s.subject[0].name, format!("sha256:{hex}"));
        let k = key();
        let text = create(&s, &k).unwrap();
        let doc = Doc::new("r.json", "r.json", text.into_bytes());
        assert!(is_revocation(&doc));
        let v = verify_doc(&doc, &[k.public_key().clone()], now).unwrap();
        assert_eq!(v.revocation, s);
        // Made in the future of the verifier: refused.
        let before = now - Duration::hours(1);
        assert!(matches!(
            verify_doc(&doc, &[k.public_key().clone()], before),
            Err(RecordFailure::FromTheFuture { .. })
        ));
        assert!(statement(&[], None, "x", None, now).is_err());
        assert!(statement(&["md5:1".into()], None, "x", None, now).is_err());
        assert!(statement(&[hex.into()], None, " ", None, now).is_err());
    }
}
