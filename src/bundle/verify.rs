//! The verify stage: signatures and provenance statements checked against the trust given,
//! from the bytes and digests read once.

use super::{Evidence, FileEntry, FileTable, Located};
use crate::error::{Error, Result};
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

/// Verifies every signature and provenance statement against `trust`, from the bytes and
/// digests read once; provenance subjects named by sha512 are matched to their files first.
pub fn verify(
    located: &Located,
    table: &FileTable,
    evidence: &mut Evidence,
    trust: &crate::verify::evidence::Trust,
) {
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
