//! The verify stage: signatures and provenance statements checked against the trust given,
//! from the bytes and digests read once, and the rollback target's decision record against the
//! record keys.

use super::{Evidence, FileEntry, FileTable, Located};
use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::input::{RollbackBundle, RollbackTarget};
use crate::verify::evidence::BundleFiles as _;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Finds the files that provenance subjects named only by sha384 or sha512 stand for. Each
/// hashed file of the bundle (declared, a model file, or evidence) is hashed with that
/// algorithm too: evidence from the bytes already read, any other file streamed again with its
/// sha256 alongside, which must be the one recorded. A match becomes a subject with the file's
/// sha256, which is how every rule compares subjects; a subject no file matches covers nothing.
fn resolve_other_digests(
    located: &Located,
    table: &FileTable,
    provenance: &mut [crate::input::Provenance],
) -> Result<()> {
    let algorithms: BTreeSet<crate::digest::Algorithm> = provenance
        .iter()
        .flat_map(|p| p.unresolved.iter().map(|u| u.algorithm))
        .collect();
    if algorithms.is_empty() {
        return Ok(());
    }
    let hashed: Vec<(&String, &FileEntry, &str)> = table
        .entries
        .iter()
        .filter_map(|(rel, e)| Some((rel, e, e.sha256.as_deref()?)))
        .collect();
    let digests = hashed
        .par_iter()
        .map(|(rel, e, sha256)| {
            let mut out = Vec::new();
            for alg in &algorithms {
                let other = match &e.doc {
                    Some(doc) => hex::encode(alg.digest(&doc.bytes)),
                    None => {
                        let path = located.fs.display_path(rel);
                        let mut opened = located
                            .fs
                            .open_file(rel)
                            .map_err(|e| Error::bundle(&path, e.message(rel)))?;
                        let (_, again, other) =
                            crate::digest::hash_open_with(&mut opened.file, &path, *alg)?;
                        opened.check_unchanged(&path)?;
                        if again != *sha256 {
                            return Err(Error::bundle(
                                &path,
                                "the file changed while the bundle was being read; run the check again on a bundle that nobody is writing to",
                            ));
                        }
                        other
                    }
                };
                out.push((*alg, other, sha256.to_string()));
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<_>>>>()?;
    let mut by_digest: BTreeMap<(crate::digest::Algorithm, String), String> = BTreeMap::new();
    for d in digests {
        for (alg, other, sha256) in d {
            by_digest.insert((alg, other), sha256);
        }
    }
    for p in provenance.iter_mut() {
        for u in std::mem::take(&mut p.unresolved) {
            match by_digest.get(&(u.algorithm, u.digest.clone())) {
                Some(sha256) => p.subjects.push(crate::input::Subject {
                    name: u.name,
                    sha256: sha256.clone(),
                    matched_by: Some(format!("{}:{}", u.algorithm.name(), u.digest)),
                }),
                None => p.unresolved.push(u),
            }
        }
    }
    Ok(())
}

/// Format name of a decision record in [`crate::input::Source::format`].
pub const RECORD_FORMAT: &str = "modelgate-decision-record";

/// The rollback target the operations plan names (`rollback.record`), read beneath the bundle
/// and verified against the record keys (never the evidence keys). Whatever goes wrong is a failure of the target, for the rules to judge, not an error
/// of the bundle: a plan naming a record that is missing, forged or unsigned must block, not
/// stop the run. Only what a trusted record key signed fills verdict, time and bundles.
pub(super) fn rollback_target(
    located: &Located,
    table: &FileTable,
    rel: &str,
    record_keys: &[crate::verify::dsse::PublicKey],
    now: chrono::DateTime<chrono::Utc>,
) -> RollbackTarget {
    use super::fs::OpenError;
    let mut target = RollbackTarget {
        record: rel.to_string(),
        ..RollbackTarget::default()
    };
    // Messages name the record as the plan does: the input holds no path of this machine.
    let path = std::path::Path::new(rel);
    let read = located
        .fs
        .open_file(rel)
        .map_err(|e| {
            let check = match e {
                OpenError::NotFound => "missing",
                OpenError::Outside(_) => "outside",
                OpenError::NotRegular(_) | OpenError::Io(_) => "read",
            };
            format!("{check}: {}", e.message(rel))
        })
        .and_then(|mut opened| {
            let bytes = super::fs::read_bounded(
                &mut opened.file,
                path,
                opened.state.size,
                located.limits.max_file_bytes,
            )
            .and_then(|b| opened.check_unchanged(path).map(|()| b))
            .map_err(|e| format!("read: {e}"))?;
            Ok(Doc::new(path, rel, bytes).with_limits(located.limits))
        })
        .and_then(|doc| {
            // Read again after the bundle was: both reads must be of the same bytes.
            match table.sha256(rel) {
                Some(first) if first != doc.sha256 => Err(format!(
                    "read: `{rel}` changed while the bundle was being read; run the check again on a bundle that nobody is writing to"
                )),
                _ => Ok(doc),
            }
        });
    let doc = match read {
        Ok(doc) => doc,
        Err(failure) => {
            target.failure = Some(failure);
            return target;
        }
    };
    target.sha256 = Some(doc.sha256.clone());
    target.source = Some(doc.source(RECORD_FORMAT));
    if record_keys.is_empty() {
        target.failure = Some(
            "record-key: no record key is trusted (--record-key, trust.recordKeys or --sign-key), so no decision record can be verified".into(),
        );
        return target;
    }
    match crate::record::verify_signed(&doc, record_keys) {
        Err(f) => target.failure = Some(format!("{}: {f}", f.check())),
        Ok(signed) => {
            let predicate = &signed.verified.record.predicate;
            target.verified = true;
            target.key_id = Some(signed.verified.key_id.clone());
            target.verdict = Some(predicate.verdict);
            target.time = Some(predicate.time.clone());
            target.expires = Some(predicate.expires.clone());
            target.expired = now > signed.expires;
            target.bundles = predicate
                .bundles
                .iter()
                .map(|b| RollbackBundle {
                    name: b.name.clone(),
                    version: b.version.clone(),
                    environment: b.environment.clone(),
                    verdict: b.verdict,
                })
                .collect();
        }
    }
    target
}

/// Verifies every signature and provenance statement against `trust`, from the bytes and
/// digests read once; provenance subjects named by sha512 are matched to their files first.
/// The operations plan's rollback target is verified against the record keys at `now`.
pub fn verify(
    located: &Located,
    table: &FileTable,
    evidence: &mut Evidence,
    trust: &crate::verify::evidence::Trust,
    now: chrono::DateTime<chrono::Utc>,
) {
    let named = evidence
        .input
        .operations
        .plan
        .as_ref()
        .and_then(|p| p.rollback.as_ref())
        .and_then(|r| r.record.as_deref())
        .filter(|r| !r.trim().is_empty())
        .map(str::to_string);
    if let Some(rel) = named {
        evidence.input.operations.rollback_target = Some(rollback_target(
            located,
            table,
            &rel,
            &trust.record_keys,
            now,
        ));
    }
    for rel in &evidence.signatures {
        let Some(doc) = table.doc(rel) else { continue };
        match crate::verify::evidence::verify_signature(
            table,
            doc,
            &evidence.declared_artifacts,
            trust,
        ) {
            Ok(s) => evidence.input.signatures.push(s),
            Err(e) => evidence.errors.push(e),
        }
    }
    if let Err(e) = resolve_other_digests(located, table, &mut evidence.input.provenance) {
        evidence.errors.push(e);
    }
    if let Err(e) =
        crate::verify::evidence::verify_provenance(table, &mut evidence.input.provenance, trust)
    {
        evidence.errors.push(e);
    }
}
