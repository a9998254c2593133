//! `verify_parsed`: a decoded bundle checked in numbered steps (signature, artifact binding,
//! transparency log entries, timestamps, the certificate at every verified time).

use super::artifact::Artifact;
use super::certificate::check_certificate;
use super::content::{bundle_version, decode_content, decode_material, Content, Material, Version};
use super::crypto::{self, b64, Hash, PubKey, Signed};
use super::model::{self, BundleJson, TlogEntryJson};
use super::tlog::{self, ContentRef, Expected, SignerMaterial};
use super::{
    rfc3339, trust, tsa, BundleVerification, Check, CoveredDigest, Signer, TimeRange, TimeSource,
    TlogSummary, TrustPolicy, VerifiedTime,
};
use crate::verify::dsse::pae;

/// Checks a parsed bundle over `artifact` under `trust` in steps: 1. decode (a bundle that does
/// not decode ends here), 2. signature, 3. artifact binding, 4. transparency log entries,
/// 5. RFC 3161 timestamps, 6. logs at the timestamped times, 7. the certificate at every
/// verified time. Each of 2-7 records its failures and the next still runs.
pub(super) fn verify_parsed(
    raw: &BundleJson,
    artifact: &Artifact,
    trust: &TrustPolicy,
) -> BundleVerification {
    // 1. The bundle: version (media type), signed content, signer material.
    let mut out = BundleVerification::new(&raw.media_type);
    let Some(version) = bundle_version(&raw.media_type) else {
        out.fail(
            Check::BundleFormat,
            format!("unsupported bundle media type `{}`", raw.media_type),
        );
        return out.done();
    };
    out.bundle_version = Some(
        match version {
            Version::V01 => "0.1",
            Version::V02 => "0.2",
            Version::V03 => "0.3",
        }
        .to_string(),
    );
    let content = match decode_content(raw, &mut out) {
        Ok(c) => c,
        Err(e) => {
            out.fail(Check::BundleFormat, e);
            return out.done();
        }
    };
    let material = match decode_material(raw, version, &trust.root) {
        Ok(m) => m,
        Err(e) => {
            out.fail(Check::BundleFormat, e);
            return out.done();
        }
    };
    let vm = raw.verification_material.clone().unwrap_or_default();

    // 2. The signed bytes and the signature check.
    let pae_bytes = match &content {
        Content::Dsse {
            payload_type,
            payload,
            ..
        } => pae(payload_type, payload),
        Content::Message { .. } => Vec::new(),
    };
    let signer_key: Option<(PubKey, Vec<u8>)> = match &material {
        Material::Certificate(leaf) => {
            out.signer = Some(Signer::Certificate {
                identity: leaf.san_values().into_iter().next(),
                subject_alt_names: leaf.san_values(),
                issuer: leaf.oidc_issuer(),
                certificate_issuer: leaf.cert.tbs_certificate.issuer.to_string(),
                serial: leaf.serial_hex(),
                fingerprint: hex::encode(crypto::sha256(&leaf.der)),
            });
            match &leaf.key {
                Ok(k) => {
                    if let Err(e) = check_signature(&content, &pae_bytes, k, artifact) {
                        out.fail(Check::Signature, e);
                    }
                    Some((k.clone(), leaf.spki_der()))
                }
                Err(e) => {
                    out.fail(Check::Signature, format!("certificate key: {e}"));
                    None
                }
            }
        }
        Material::Key { hint } => {
            if trust.keys.is_empty() {
                out.fail(
                    Check::PublicKey,
                    "the bundle is signed with a public key and no public key is allowed",
                );
                None
            } else {
                let mut found = None;
                let mut last = String::new();
                for k in &trust.keys {
                    let res = PubKey::from_spki_der(k.spki_der()).and_then(|pk| {
                        check_signature(&content, &pae_bytes, &pk, artifact).map(|()| pk)
                    });
                    match res {
                        Ok(pk) => {
                            found = Some((k, pk));
                            break;
                        }
                        Err(e) => last = e,
                    }
                }
                match found {
                    Some((k, pk)) => {
                        out.signer = Some(Signer::Key {
                            key_id: k.key_id().to_string(),
                            algorithm: k.algorithm().to_string(),
                            hint: (!hint.is_empty()).then(|| hint.clone()),
                        });
                        Some((pk, k.spki_der().to_vec()))
                    }
                    None => {
                        out.fail(
                            Check::PublicKey,
                            format!("no allowed public key verifies the signature ({last})"),
                        );
                        None
                    }
                }
            }
        }
    };

    // 3. Artifact binding: the bundle's digest (message) or the statement's subjects (DSSE).
    match &content {
        Content::Message { digest, .. } => {
            out.digests.push(CoveredDigest {
                name: None,
                algorithm: "sha256".into(),
                digest: hex::encode(artifact.sha256),
            });
            if let Some((h, alg, d)) = digest {
                match h.map(|h| artifact.digest(h).map(|a| (h, a))) {
                    None => out.fail(
                        Check::ArtifactDigest,
                        format!("unsupported message digest algorithm `{alg}`"),
                    ),
                    Some(Err(e)) => out.fail(Check::ArtifactDigest, e),
                    Some(Ok((h, a))) if a != *d => out.fail(
                        Check::ArtifactDigest,
                        format!(
                            "the bundle's {} digest {} is not the artifact's {}",
                            h.name(),
                            hex::encode(d),
                            hex::encode(&a)
                        ),
                    ),
                    Some(Ok(_)) => {}
                }
            }
        }
        Content::Dsse {
            payload_type,
            payload,
            ..
        } => {
            out.payload_type = Some(payload_type.clone());
            check_statement(payload_type, payload, artifact, &mut out);
        }
    }

    // 4. Transparency log entries.
    let artifact_digests = {
        let mut v = vec![(Hash::Sha256, artifact.sha256.to_vec())];
        if let Some((k, _)) = &signer_key {
            if let Some(h) = k.default_hash().filter(|h| *h != Hash::Sha256) {
                if let Ok(d) = artifact.digest(h) {
                    v.push((h, d));
                }
            }
        }
        v
    };
    let content_ref = match &content {
        Content::Message { signature, .. } => ContentRef::Message {
            signature,
            artifact_digests,
        },
        Content::Dsse {
            payload_type,
            payload,
            signatures,
        } => ContentRef::Dsse {
            payload_type,
            payload,
            signatures: signatures.iter().map(|s| s.as_slice()).collect(),
            pae: &pae_bytes,
        },
    };
    let signer_material = match (&material, &signer_key) {
        (Material::Certificate(leaf), _) => Some(SignerMaterial::Certificate(&leaf.der)),
        (Material::Key { .. }, Some((_, spki))) => Some(SignerMaterial::PublicKey(spki)),
        (Material::Key { .. }, None) => None,
    };
    let mut times: Vec<VerifiedTime> = Vec::new();
    let mut logs_needing_time = Vec::new();
    if vm.tlog_entries.is_empty() {
        out.fail(Check::TlogEntry, "the bundle has no transparency log entry");
    }
    for (i, e) in vm.tlog_entries.iter().enumerate() {
        let exp = signer_material.map(|signer| Expected {
            content: &content_ref,
            signer,
        });
        check_entry(
            i,
            e,
            version,
            trust,
            exp.as_ref(),
            &mut out,
            &mut times,
            &mut logs_needing_time,
        );
    }

    // 5. RFC 3161 timestamps over the signature.
    // A bundle may carry timestamps that do not verify (another authority, another
    // signature): one verified timestamp is enough, and only verified times are ever used.
    // None verifying is a failure.
    if let Some(tsv) = &vm.timestamp_verification_data {
        let mut errors = Vec::new();
        let mut verified = 0usize;
        for (i, t) in tsv.rfc3161_timestamps.iter().enumerate() {
            let res = b64(&t.signed_timestamp)
                .and_then(|der| tsa::verify_timestamp(&der, content.signature(), &trust.root.tsas));
            match res {
                Ok(ts) => {
                    verified += 1;
                    times.push(VerifiedTime {
                        source: TimeSource::TimestampAuthority,
                        unix: ts.time,
                        time: rfc3339(ts.time),
                        by: ts.authority,
                    })
                }
                Err(e) => errors.push(format!("timestamp {i}: {e}")),
            }
        }
        if verified == 0 {
            for e in errors {
                out.fail(Check::Timestamp, e);
            }
        }
    }

    // 6. Logs without an integrated time (Rekor v2) must have been valid at a trusted time.
    let tsa_times: Vec<i64> = times
        .iter()
        .filter(|t| t.source == TimeSource::TimestampAuthority)
        .map(|t| t.unix)
        .collect();
    for (i, range, url) in logs_needing_time {
        if !tsa_times.is_empty() && !tsa_times.iter().any(|t| range.contains(*t)) {
            out.fail(
                Check::TlogEntry,
                format!("entry {i}: the log `{url}` was not trusted at the timestamped time"),
            );
        }
    }

    // 7. The certificate at every verified time.
    if let Material::Certificate(leaf) = &material {
        check_certificate(leaf, &times, trust, &mut out);
    }
    out.times = times;
    out.done()
}

pub(super) fn check_signature(
    content: &Content,
    pae: &[u8],
    key: &PubKey,
    artifact: &Artifact,
) -> std::result::Result<(), String> {
    match content {
        Content::Message { signature, digest } => match key.default_hash() {
            Some(h) => {
                let d = artifact.digest(h)?;
                let first = key.verify(Signed::Digest(h, &d), Some(h), signature);
                // Older clients signed with a P-384 key over the SHA-256 digest and said so in
                // `messageDigest` (PKIX_ECDSA_P384_SHA_256). The digest verified here is always
                // the artifact's own, computed here, never the bundle's.
                let declared = digest.as_ref().and_then(|(dh, _, _)| *dh);
                match (first, key, declared) {
                    (Err(e), PubKey::P384(_), Some(Hash::Sha256)) => {
                        let d256 = artifact.digest(Hash::Sha256)?;
                        key.verify(Signed::Digest(Hash::Sha256, &d256), Some(Hash::Sha256), signature)
                            .map_err(|_| format!("{e} (over the artifact's sha384 or, as its messageDigest says, sha256)"))
                    }
                    (r, _, _) => r,
                }
            }
            None => {
                let bytes = artifact.bytes()?;
                key.verify(Signed::Message(&bytes), None, signature)
            }
        },
        Content::Dsse { signatures, .. } => {
            let mut last = String::from("no signature");
            for s in signatures {
                match key.verify(Signed::Message(pae), None, s) {
                    Ok(()) => return Ok(()),
                    Err(e) => last = e,
                }
            }
            Err(format!("DSSE envelope: {last}"))
        }
    }
}

const IN_TOTO: &str = "application/vnd.in-toto+json";

fn check_statement(
    payload_type: &str,
    payload: &[u8],
    artifact: &Artifact,
    out: &mut BundleVerification,
) {
    if payload_type != IN_TOTO {
        out.fail(
            Check::DsseSubject,
            format!("payload type `{payload_type}` names no subjects: the artifact is not bound (expected {IN_TOTO})"),
        );
        return;
    }
    let stmt: serde_json::Value = match serde_json::from_slice(payload) {
        Ok(v) => v,
        Err(e) => {
            out.fail(
                Check::DsseSubject,
                format!("the in-toto statement is not JSON: {e}"),
            );
            return;
        }
    };
    out.predicate_type = stmt
        .get("predicateType")
        .and_then(|p| p.as_str())
        .map(str::to_string);
    let want = hex::encode(artifact.sha256);
    let mut found = false;
    // Other SHA-2 digests of the artifact, computed only if a subject names one.
    let mut others: Vec<(&str, Option<String>)> = Vec::new();
    let mut digest_of = |alg: &str| -> Option<String> {
        let h = match alg {
            "sha256" => return Some(want.clone()),
            "sha384" => Hash::Sha384,
            "sha512" => Hash::Sha512,
            _ => return None,
        };
        if let Some((_, d)) = others.iter().find(|(a, _)| *a == h.name()) {
            return d.clone();
        }
        let d = artifact.digest(h).ok().map(hex::encode);
        others.push((h.name(), d.clone()));
        d
    };
    for s in stmt
        .get("subject")
        .and_then(|s| s.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let name = s.get("name").and_then(|n| n.as_str()).map(str::to_string);
        if let Some(d) = s.get("digest").and_then(|d| d.as_object()) {
            for (alg, v) in d {
                let Some(v) = v.as_str() else { continue };
                if digest_of(alg).is_some_and(|d| v.eq_ignore_ascii_case(&d)) {
                    found = true;
                }
                out.digests.push(CoveredDigest {
                    name: name.clone(),
                    algorithm: alg.clone(),
                    digest: v.to_ascii_lowercase(),
                });
            }
        }
    }
    if !found {
        out.fail(
            Check::DsseSubject,
            format!(
                "no subject of the in-toto statement has the artifact's digest (sha256 {want})"
            ),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_entry(
    i: usize,
    e: &TlogEntryJson,
    version: Version,
    trust: &TrustPolicy,
    exp: Option<&Expected<'_>>,
    out: &mut BundleVerification,
    times: &mut Vec<VerifiedTime>,
    logs_needing_time: &mut Vec<(usize, TimeRange, String)>,
) {
    let log = b64(&e.log_id.key_id)
        .ok()
        .and_then(|id| trust.root.tlog_by_id(&id));
    out.tlog_entries.push(TlogSummary {
        log_index: e.log_index.0,
        log: log.map(|l| l.base_url.clone()),
        kind: e.kind_version.kind.clone(),
        version: e.kind_version.version.clone(),
        integrated_time: e.integrated_time.map(|t| t.0).filter(|t| *t != 0),
        inclusion_proof: e.inclusion_proof.is_some(),
        inclusion_promise: e.inclusion_promise.is_some(),
    });
    if e.log_index.0 < 0 {
        out.fail(
            Check::TlogEntry,
            format!("entry {i}: negative log index {}", e.log_index.0),
        );
        return;
    }
    let Some(log) = log else {
        out.fail(
            Check::TlogEntry,
            format!(
                "entry {i}: log id {} is not a transparency log of the trusted root",
                e.log_id.key_id
            ),
        );
        return;
    };
    let body = match b64(&e.canonicalized_body) {
        Ok(b) if !b.is_empty() => b,
        Ok(_) => {
            out.fail(
                Check::TlogEntry,
                format!("entry {i}: empty canonicalizedBody"),
            );
            return;
        }
        Err(m) => {
            out.fail(
                Check::TlogEntry,
                format!("entry {i}: canonicalizedBody: {m}"),
            );
            return;
        }
    };
    if let Some(exp) = exp {
        if let Err(m) = tlog::check_body(&body, &e.kind_version.kind, &e.kind_version.version, exp)
        {
            out.fail(Check::TlogBody, format!("entry {i}: {m}"));
        }
    }

    // Signed entry timestamp: the log's promise, and the integrated time as a verified time.
    let integrated = e.integrated_time.map(|t| t.0).filter(|t| *t != 0);
    match &e.inclusion_promise {
        Some(p) => {
            let res = match integrated {
                None => Err("an inclusion promise without an integrated time".to_string()),
                Some(t) => b64(&p.signed_entry_timestamp).and_then(|set| {
                    tlog::verify_set(log, &e.canonicalized_body, t, e.log_index.0, &set)
                }),
            };
            match res {
                Ok(()) => {
                    if let Some(t) = integrated {
                        if log.valid.contains(t) {
                            times.push(VerifiedTime {
                                source: TimeSource::Tlog,
                                unix: t,
                                time: rfc3339(t),
                                by: log.base_url.clone(),
                            });
                        } else {
                            out.fail(
                                Check::TlogEntry,
                                format!(
                                    "entry {i}: integrated time {} is outside the trusted window of log `{}`",
                                    rfc3339(t),
                                    log.base_url
                                ),
                            );
                        }
                    }
                }
                Err(m) => out.fail(Check::InclusionPromise, format!("entry {i}: {m}")),
            }
        }
        None => {
            if version == Version::V01 {
                out.fail(
                    Check::InclusionPromise,
                    format!("entry {i}: a v0.1 bundle needs an inclusion promise"),
                );
            }
            if integrated.is_none() {
                logs_needing_time.push((i, log.valid, log.base_url.clone()));
            }
        }
    }

    // Inclusion proof and checkpoint.
    match &e.inclusion_proof {
        None => {
            if version >= Version::V02 {
                out.fail(
                    Check::InclusionProof,
                    format!("entry {i}: a v0.2+ bundle needs an inclusion proof"),
                );
            }
        }
        Some(p) => {
            if let Err(m) = check_proof(p, &body, log) {
                let check = if m.starts_with("checkpoint") {
                    Check::Checkpoint
                } else {
                    Check::InclusionProof
                };
                out.fail(check, format!("entry {i}: {m}"));
            }
        }
    }
}

fn check_proof(
    p: &model::InclusionProofJson,
    body: &[u8],
    log: &trust::TrustedLog,
) -> std::result::Result<(), String> {
    let index = u64::try_from(p.log_index.0)
        .map_err(|_| format!("negative proof log index {}", p.log_index.0))?;
    let size = u64::try_from(p.tree_size.0)
        .map_err(|_| format!("negative tree size {}", p.tree_size.0))?;
    let root = b64(&p.root_hash).map_err(|m| format!("proof root hash: {m}"))?;
    let mut hashes = Vec::new();
    for h in &p.hashes {
        hashes.push(b64(h).map_err(|m| format!("proof hash: {m}"))?);
    }
    tlog::verify_inclusion(&tlog::leaf_hash(body), index, size, &hashes, &root)?;
    let cp = p
        .checkpoint
        .as_ref()
        .filter(|c| !c.envelope.is_empty())
        .ok_or("checkpoint missing from the inclusion proof")?;
    tlog::verify_checkpoint(&cp.envelope, log, size, &root).map(|_| ())
}
