//! Building a decision record from a report: the in-toto statement, its validity period,
//! its content-derived decision id, and the signed DSSE envelope around it.

use super::{
    BundleDecision, DecisionPredicate, DecisionRecord, EvidenceDigest, GitSource,
    RecordConfiguration, RecordFinding, RecordWaiver, Subject, Tool, WaiverApplied, PREDICATE_TYPE,
    STATEMENT_TYPE,
};
use crate::decision::{Finding, FindingStatus, Report, Verdict};
use crate::error::{Error, Result};
use crate::verify::dsse::IN_TOTO_PAYLOAD_TYPE;
use crate::verify::sign::{envelope_json, SigningKey};
use chrono::Duration;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

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
        .map_err(|e| Error::Internal(format!("decision record: {e}")))?;
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
pub(super) fn canonical_json(v: &Value, out: &mut String) {
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
    let payload = serde_json::to_vec(&record)
        .map_err(|e| Error::Internal(format!("decision record: {e}")))?;
    Ok(envelope_json(
        &key.sign_envelope(IN_TOTO_PAYLOAD_TYPE, payload),
    ))
}
