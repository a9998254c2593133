//! The admission decision: the reviewed object summarized, the records of its model digests
//! looked up, the admission package evaluated over both, and the answer built from its value.

use super::metrics::Outcome;
use super::records::{RecordView, Records};
use super::review::{self, AdmissionRequest, AdmissionResponse};
use super::MAX_WARNING_CHARS;
use crate::error::Result;
use crate::policy::{Evaluator, Level, PolicySet, RawFinding, ADMISSION_PACKAGE};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The admission policy: the library helpers and the admission package only (the bundle rules
/// never see an admission request), plus the data documents.
pub fn admission_policies(data: &[Value]) -> Result<PolicySet> {
    let mut set = PolicySet::default();
    for (name, text) in crate::policy::BUILTIN {
        let package = crate::policy::package_of(text).unwrap_or_default();
        if package == "modelgate.lib" || package == ADMISSION_PACKAGE {
            set.add_module(name, text, false)?;
        }
    }
    set.data.extend(data.iter().cloned());
    Ok(set)
}

/// What a decision depends on besides the request: the namespace's environment and whether
/// denials only warn there.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub environment: Option<String>,
    pub dry_run: bool,
    /// Shared with the server state: built once, not copied per request.
    pub dry_run_namespaces: Arc<[String]>,
}

/// Cuts `text` to at most `max` characters, on a character boundary, marking the cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The result an answer counts as in the metrics.
pub fn outcome(r: &AdmissionResponse) -> Outcome {
    match (r.allowed, r.status.as_ref().and_then(|s| s.code)) {
        (true, _) => Outcome::Allowed,
        (false, Some(400)) => Outcome::Invalid,
        (false, Some(500)) => Outcome::Error,
        (false, _) => Outcome::Denied,
    }
}

/// The admission package's input for a summarized request: the summary, the verified records
/// of its model digests, the record files rejected that named them, and the time.
pub fn policy_input(summary: &review::Summary, records: &Records, now: DateTime<Utc>) -> Value {
    let mut matched: Vec<&RecordView> = Vec::new();
    let mut rejected = Vec::new();
    for m in &summary.models {
        matched.extend(records.for_digest(&m.digest).iter().map(|r| r.as_ref()));
        for r in records.rejected_for(&m.digest) {
            if !rejected.contains(&r) {
                rejected.push(r);
            }
        }
    }
    json!({
        "request": summary,
        "records": matched,
        "rejected": rejected,
        "now": crate::time::format(&now),
        "now_ns": now.timestamp_nanos_opt().unwrap_or(i64::MAX),
    })
}

/// Decides one admission request: the object summarized, the records of its model digests
/// looked up, the admission package evaluated over both. An evaluation that fails or times
/// out denies (fail closed).
pub fn decide(
    req: &AdmissionRequest,
    records: &Records,
    ev: &mut Evaluator,
    ctx: &Context,
    now: DateTime<Utc>,
) -> AdmissionResponse {
    match summarize(req, ctx) {
        Ok(summary) => decide_summary(&summary, records, ev, ctx, now),
        Err(answer) => *answer,
    }
}

/// The request summarized for the policy, with the namespace's environment; or the answer
/// itself when there is nothing to evaluate (allowed) or the object cannot be read (invalid).
pub(super) fn summarize(
    req: &AdmissionRequest,
    ctx: &Context,
) -> std::result::Result<review::Summary, Box<AdmissionResponse>> {
    let mut summary = match review::summarize(req) {
        Ok(Some(s)) => s,
        Ok(None) => return Err(Box::new(AdmissionResponse::allow(&req.uid))),
        Err(e) => {
            return Err(Box::new(AdmissionResponse::invalid(
                &req.uid,
                format!("modelgate: {e}"),
            )))
        }
    };
    summary.environment = ctx.environment.clone();
    Ok(summary)
}

/// [`decide`] for a request already summarized (its uid is the summary's).
pub(super) fn decide_summary(
    summary: &review::Summary,
    records: &Records,
    ev: &mut Evaluator,
    ctx: &Context,
    now: DateTime<Utc>,
) -> AdmissionResponse {
    let uid = summary.uid.as_str();
    let input = policy_input(summary, records, now);
    // One evaluation gives the deny and warn sets and the audit object together.
    let decision = match ev
        .evaluate_rule(&input, DECISION_RULE)
        .and_then(read_decision)
    {
        Ok(d) => d,
        Err(e) => {
            return AdmissionResponse::deny(
                uid,
                500,
                "InternalError",
                format!("modelgate: the admission policy failed, denying: {e}"),
            )
        }
    };
    let Decision {
        findings,
        audit,
        deciding,
    } = decision;
    let message = |v: &Value| -> String {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or(crate::decision::UNANNOTATED);
        match v.get("msg").and_then(Value::as_str) {
            Some(m) => format!("{id}: {m}"),
            None => id.to_string(),
        }
    };
    let denials: Vec<String> = findings
        .iter()
        .filter(|f| f.level == Level::Deny)
        .map(|f| message(&f.value))
        .collect();
    let warnings: Vec<String> = findings
        .iter()
        .filter(|f| f.level == Level::Warn)
        .map(|f| message(&f.value))
        .collect();

    let dry_run = ctx.dry_run || ctx.dry_run_namespaces.contains(&summary.namespace);
    let mut response = if denials.is_empty() || dry_run {
        AdmissionResponse::allow(uid)
    } else {
        AdmissionResponse::deny(
            uid,
            403,
            "Forbidden",
            format!(
                "modelgate denied {} {}/{}: {}",
                summary.kind,
                summary.namespace,
                summary.name,
                denials.join("; ")
            ),
        )
    };
    if dry_run {
        response.warnings.extend(
            denials
                .iter()
                .map(|d| truncate_chars(&format!("dry-run, would deny: {d}"), MAX_WARNING_CHARS)),
        );
    }
    response.warnings.extend(
        warnings
            .iter()
            .map(|w| truncate_chars(w, MAX_WARNING_CHARS)),
    );

    // What the decision rested on, in the API server's audit log: the records that decide
    // (the newest for each digest and environment) when there are such, else every record
    // found.
    let (ids, files): (BTreeSet<&str>, BTreeSet<&str>) = if deciding.is_empty() {
        summary
            .models
            .iter()
            .flat_map(|m| records.for_digest(&m.digest))
            .map(|r| (r.decision_id.as_str(), r.sha256.as_str()))
            .unzip()
    } else {
        deciding
            .iter()
            .map(|(id, file)| (id.as_str(), file.as_str()))
            .unzip()
    };
    let files: BTreeSet<&str> = files.into_iter().filter(|f| !f.is_empty()).collect();
    let models: BTreeSet<&str> = summary.models.iter().map(|m| m.digest.as_str()).collect();
    let a = &mut response.audit_annotations;
    if !models.is_empty() {
        a.insert(
            "model-digests".into(),
            models.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    if !ids.is_empty() {
        a.insert(
            "decision-id".into(),
            ids.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    if !files.is_empty() {
        a.insert(
            "record-sha256".into(),
            files.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    for (k, v) in audit {
        a.insert(k, truncate_chars(&v, MAX_AUDIT_CHARS));
    }
    let result = match (denials.is_empty(), dry_run) {
        (true, _) => "allowed",
        (false, true) => "dry-run-denied",
        (false, false) => "denied",
    };
    a.insert("result".into(), result.into());
    response
}

/// The admission package's whole answer: `{"deny": set, "warn": set, "audit": object,
/// "records": set}`.
pub const DECISION_RULE: &str = "data.modelgate.admission.decision";

/// The findings and audit annotations of [`DECISION_RULE`]'s value. A value of another shape
/// is an error (and the review is denied): a policy that lost its `decision` rule must not
/// allow everything.
fn read_decision(v: Value) -> Result<Decision> {
    let bad = |what: &str| {
        crate::Error::from(crate::error::PolicyError::NotFindings {
            rule: DECISION_RULE.to_string(),
            got: format!(
                "{}, where an object with {what} is needed",
                crate::error::excerpt(&v.to_string())
            ),
        })
    };
    let Value::Object(m) = &v else {
        return Err(bad("deny, warn and audit"));
    };
    let mut findings = Vec::new();
    for level in [Level::Deny, Level::Warn] {
        let Some(Value::Array(items)) = m.get(&level.to_string()) else {
            return Err(bad(&format!("a set `{level}`")));
        };
        findings.extend(items.iter().map(|value| RawFinding {
            package: ADMISSION_PACKAGE.to_string(),
            level,
            value: value.clone(),
        }));
    }
    // What the policy says about the decision for the audit log (exemptions, the runtime
    // verifier that checks digest claims): strings only; anything else is left out.
    let audit = match m.get("audit") {
        Some(Value::Object(a)) => a
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    // The deciding records' decision ids and record file digests, for the audit log.
    let deciding = match m.get("records") {
        Some(Value::Array(rs)) => rs
            .iter()
            .filter_map(|r| {
                let id = r.get("decision_id")?.as_str()?;
                let file = r.get("sha256").and_then(Value::as_str).unwrap_or("");
                Some((id.to_string(), file.to_string()))
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Decision {
        findings,
        audit,
        deciding,
    })
}

/// What [`DECISION_RULE`] says.
struct Decision {
    findings: Vec<RawFinding>,
    audit: Vec<(String, String)>,
    deciding: Vec<(String, String)>,
}
/// Longest audit annotation value written.
pub const MAX_AUDIT_CHARS: usize = 1024;
