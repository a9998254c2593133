//! `modelgate fetch-check`: the runtime half of admission. Run in the pod after the model is
//! downloaded (an init container, or a wrapper of the server's command), it hashes every file
//! of the model folder and succeeds only when the admission policy, over the same signed
//! records the webhook reads, admits each digest for the environment: digests that were only
//! claims at admission time (a `?sha256=` in a URI, an annotation) are proven here.

use crate::error::{Error, Result};
use crate::serve::records::Records;
use crate::verify::dsse::PublicKey;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// What the check found for one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileVerdict {
    /// Relative to the model folder.
    pub path: String,
    /// `sha256:<hex>`.
    pub digest: String,
    pub size: u64,
    /// Why the file may not be served; empty when it may.
    pub denials: Vec<String>,
}

/// The check of a model folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FetchCheck {
    pub folder: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Every file may be served.
    pub verified: bool,
    pub files: Vec<FileVerdict>,
    /// Record files that did not verify (they count for nothing).
    pub rejected_records: usize,
}

impl FetchCheck {}

/// Hashes every file of `folder` (read beneath it: a symlink leading out is refused) and judges
/// each digest with the admission policy over the records of `records` verified against `keys`.
pub fn check(
    folder: &Path,
    records: &Path,
    keys: &[PublicKey],
    environment: Option<&str>,
    data: &[Value],
    now: DateTime<Utc>,
) -> Result<FetchCheck> {
    if keys.is_empty() {
        return Err(Error::Usage(
            "fetch-check needs the public key(s) that sign decision records (--key)".into(),
        ));
    }
    let fs = crate::bundle::fs::BundleFs::open(folder)?;
    let entries = fs.walk(u64::MAX)?;
    let mut files = Vec::new();
    for e in entries {
        let path = fs.display_path(&e.rel);
        let mut opened = fs
            .open_file(&e.rel)
            .map_err(|err| Error::bundle(&path, err.message(&e.rel)))?;
        let (size, sha256) = crate::digest::hash_open(&mut opened.file, &path)?;
        opened.check_unchanged(&path)?;
        files.push(FileVerdict {
            path: e.rel,
            digest: format!("sha256:{sha256}"),
            size,
            denials: Vec::new(),
        });
    }
    if files.is_empty() {
        return Err(Error::bundle(
            folder,
            "the model folder holds no file: nothing was downloaded, nothing can be verified",
        ));
    }
    let records = Records::load(records, keys, now)?;
    let set = crate::serve::admission_policies(data)?;
    let mut ev = set.admission_engine(crate::serve::DEFAULT_EVAL_TIMEOUT)?;
    let mut matched = Vec::new();
    let mut rejected = Vec::new();
    let mut digests: Vec<&str> = files.iter().map(|f| f.digest.as_str()).collect();
    digests.sort();
    digests.dedup();
    for d in &digests {
        matched.extend(records.for_digest(d).iter().map(|r| r.as_ref()));
        for r in records.rejected_for(d) {
            if !rejected.contains(&r) {
                rejected.push(r);
            }
        }
    }
    // The files as the models of a request that runs no container and references nothing: only
    // the record rules (newest decides, environment, expiry, revocation) judge them.
    let request = json!({
        "uid": "fetch-check",
        "operation": "CREATE",
        "kind": "FetchCheck",
        "group": "",
        "version": "",
        "namespace": "",
        "name": folder.display().to_string(),
        "environment": environment,
        "dry_run": false,
        "runs_containers": false,
        "labels": {},
        "annotations": {},
        "images": [],
        "containers": [],
        "references": [],
        "invalid_models": [],
        "models": digests.iter().map(|d| json!({"digest": d, "source": "file"})).collect::<Vec<_>>(),
    });
    let input = json!({
        "request": request,
        "records": matched,
        "rejected": rejected,
        "now": crate::time::format(&now),
        "now_ns": now.timestamp_nanos_opt().unwrap_or(i64::MAX),
    });
    let findings = ev.evaluate(&input)?;
    let mut by_digest: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut general: Vec<String> = Vec::new();
    for f in findings
        .iter()
        .filter(|f| f.level == crate::policy::Level::Deny)
    {
        let id = f.value.get("id").and_then(Value::as_str).unwrap_or("?");
        let msg = f.value.get("msg").and_then(Value::as_str).unwrap_or("");
        let line = format!("{id}: {msg}");
        match f.value.get("target").and_then(Value::as_str) {
            Some(t) if digests.contains(&t) => {
                by_digest.entry(t.to_string()).or_default().push(line)
            }
            _ => general.push(line),
        }
    }
    for f in &mut files {
        f.denials = by_digest.get(&f.digest).cloned().unwrap_or_default();
        f.denials.extend(general.iter().cloned());
    }
    let verified = files.iter().all(|f| f.denials.is_empty());
    Ok(FetchCheck {
        folder: folder.display().to_string(),
        environment: environment.map(str::to_string),
        verified,
        files,
        rejected_records: records.rejected.len(),
    })
}
