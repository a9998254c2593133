//! model-signing's `certificate` method: the CA certificates trusted with
//! `--certificate-chain`, and the leaf's chain, usage and signature checked against them.

use super::{verify_model_with, CertificateSigner, Failure, LocalFiles, OmsVerification, Signer};
use crate::error::{Error, Location, Result};
use crate::formats::Doc;
use crate::verify::dsse::{self, Envelope, PublicKey};
use crate::verify::sigstore;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// CA certificates trusted to issue the signing certificate of model-signing's `certificate`
/// method (`--certificate-chain`). Only these are trust anchors: a certificate the signature
/// carries is at most an intermediate that must itself chain to one of them.
#[derive(Debug, Clone, Default)]
pub struct CertificateChain {
    anchors: Vec<sigstore::x509::Cert>,
}

impl CertificateChain {
    /// Every certificate of a PEM text (one or more `CERTIFICATE` blocks).
    pub fn from_pem(text: &[u8]) -> std::result::Result<Self, String> {
        Ok(CertificateChain {
            anchors: sigstore::x509::certs_from_pem(text)?,
        })
    }

    /// Reads the PEM files `paths` (each may hold several certificates).
    pub fn read(paths: &[PathBuf]) -> Result<Self> {
        let mut out = CertificateChain::default();
        for p in paths {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            let more = CertificateChain::from_pem(&bytes).map_err(|e| {
                Error::format(p, Location::default(), format!("--certificate-chain: {e}"))
            })?;
            out.anchors.extend(more.anchors);
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
    pub fn len(&self) -> usize {
        self.anchors.len()
    }
}

/// Verifies an OMS signature of model-signing's `certificate` method: the bundle's leaf
/// certificate must chain to one of `anchors` (every link's signature, CA flag and keyCertSign
/// of each issuer, validity at the leaf's notBefore as model-signing checks it, the leaf not
/// self-signed and with digitalSignature if it has a key usage), then the envelope must verify
/// with the leaf's key, then every file is compared as for key-based signatures. No
/// transparency log is involved, as in model-signing.
pub fn verify_model_certificate_doc(
    doc: &Doc,
    local: &dyn LocalFiles,
    anchors: &CertificateChain,
) -> Result<OmsVerification> {
    if anchors.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no CA certificate given to verify the certificate signature with \
             (--certificate-chain)",
            doc.path.display()
        )));
    }
    let material = bundle_certificates(doc)?;
    verify_model_with(doc, local, |_, envelope, _| {
        let certs = material.map_err(|detail| Failure::CertificateUntrusted { detail })?;
        check_certificate_signature(envelope, &certs, anchors, now_unix())
    })
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The bundle's certificates, leaf first: `x509CertificateChain.certificates` or
/// `certificate`. Malformed JSON is an error; missing or undecodable certificates a failure.
fn bundle_certificates(
    doc: &Doc,
) -> Result<std::result::Result<Vec<sigstore::x509::Cert>, String>> {
    let v: serde_json::Value = doc.json()?;
    let vm = v.get("verificationMaterial");
    let raw: Vec<&serde_json::Value> = match (
        vm.and_then(|m| m.pointer("/x509CertificateChain/certificates"))
            .and_then(|c| c.as_array()),
        vm.and_then(|m| m.get("certificate")),
    ) {
        (Some(list), _) => list.iter().collect(),
        (None, Some(one)) => vec![one],
        (None, None) => {
            return Ok(Err(
                "the signature carries no certificate (verificationMaterial)".into(),
            ))
        }
    };
    Ok(raw
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let b64 = c
                .get("rawBytes")
                .and_then(|b| b.as_str())
                .ok_or_else(|| format!("certificate {i} has no rawBytes"))?;
            let der = dsse::decode_base64(b64).map_err(|e| format!("certificate {i}: {e}"))?;
            sigstore::x509::Cert::from_der(&der).map_err(|e| format!("certificate {i}: {e}"))
        })
        .collect::<std::result::Result<Vec<_>, String>>()
        .and_then(|certs| {
            if certs.is_empty() {
                Err("the certificate chain is empty".into())
            } else {
                Ok(certs)
            }
        }))
}

/// Longest chain searched from the leaf to an anchor (links), against loops and blow-up.
const MAX_CHAIN: usize = 8;

/// The certificate checks, then the envelope with the leaf's key.
pub(super) fn check_certificate_signature(
    envelope: &Envelope,
    certs: &[sigstore::x509::Cert],
    anchors: &CertificateChain,
    now: i64,
) -> std::result::Result<Option<Signer>, Failure> {
    use sigstore::x509::Cert;
    let untrusted = |detail: String| Failure::CertificateUntrusted { detail };
    let (leaf, pool) = certs
        .split_first()
        .ok_or_else(|| untrusted("the certificate chain is empty".into()))?;
    if leaf.is_self_signed() {
        return Err(untrusted(format!(
            "the signing certificate `{}` is self-signed: it must be issued by a trusted CA",
            leaf.subject()
        )));
    }
    if !leaf.allows_digital_signature() {
        return Err(untrusted(format!(
            "the signing certificate `{}` has a key usage without digitalSignature",
            leaf.subject()
        )));
    }
    // What the leaf may be used for. model-signing wants digitalSignature or codeSigning and
    // refuses a certificate that states neither; beyond it, an extended key usage that names
    // other purposes only (a TLS server certificate of the same CA) does not sign models.
    {
        use sigstore::x509::{EKU_ANY, EKU_CODE_SIGNING, EXT_KEY_USAGE, KEY_USAGE_EXT};
        let has_ku = leaf.has_extension(KEY_USAGE_EXT);
        let has_eku = leaf.has_extension(EXT_KEY_USAGE);
        if !has_ku && !has_eku {
            return Err(untrusted(format!(
                "the signing certificate `{}` has neither a key usage nor an extended key usage \
                 that allows signing (model-signing refuses it too)",
                leaf.subject()
            )));
        }
        if has_eku && !leaf.has_eku(EKU_CODE_SIGNING) && !leaf.has_eku(EKU_ANY) {
            return Err(untrusted(format!(
                "the signing certificate `{}` has an extended key usage without codeSigning: \
                 it was issued for another purpose",
                leaf.subject()
            )));
        }
    }
    let unprocessed = leaf.unprocessed_critical();
    if !unprocessed.is_empty() {
        return Err(untrusted(format!(
            "the signing certificate `{}` has critical extensions this check does not process \
             ({}): RFC 5280 requires rejecting it",
            leaf.subject(),
            unprocessed.join(", ")
        )));
    }
    // model-signing checks the chain at the leaf's notBefore: there is no signing time.
    let at = leaf.not_before();
    if !leaf.valid_at(at) {
        return Err(untrusted(format!(
            "the signing certificate `{}` has an empty validity period",
            leaf.subject()
        )));
    }
    // Depth-first from the leaf through the bundle's certificates to a trusted CA. `below`: the
    // CA certificates between an issuer of `cert` and the leaf, i.e. those on the path so far
    // (`cert` among them unless it is the leaf).
    fn search<'a>(
        cert: &'a Cert,
        pool: &'a [Cert],
        anchors: &'a [Cert],
        at: i64,
        path: &mut Vec<&'a Cert>,
        why: &mut Vec<String>,
    ) -> Option<&'a Cert> {
        let below = path.len();
        let issuer_ok = |issuer: &Cert, why: &mut Vec<String>| -> bool {
            if let Err(e) = cert.signed_by(issuer) {
                if cert.issuer_der() == issuer.subject_der() {
                    why.push(format!("`{}` not issued by it: {e}", cert.subject()));
                }
                return false;
            }
            let unprocessed = issuer.unprocessed_critical();
            let bad = if !issuer.is_ca() {
                Some("is not a CA (basic constraints)".to_string())
            } else if !issuer.allows_cert_sign() {
                Some("may not sign certificates (key usage)".to_string())
            } else if !issuer.valid_at(at) {
                Some("is not valid at the leaf's notBefore".to_string())
            } else if issuer.path_len().is_some_and(|n| below > usize::from(n)) {
                Some(format!(
                    "allows {} CA certificate(s) below it (pathLenConstraint), the path has {below}",
                    issuer.path_len().unwrap_or(0)
                ))
            } else if issuer.has_extension(sigstore::x509::NAME_CONSTRAINTS) {
                // Not evaluated here, so not ignored either: a CA restricted by name
                // constraints is refused rather than trusted beyond them.
                Some("has name constraints, which this check does not evaluate".to_string())
            } else if !unprocessed.is_empty() {
                Some(format!(
                    "has critical extensions this check does not process ({})",
                    unprocessed.join(", ")
                ))
            } else {
                None
            };
            if let Some(b) = &bad {
                why.push(format!("issuer `{}` {b}", issuer.subject()));
            }
            bad.is_none()
        };
        for a in anchors {
            if issuer_ok(a, why) {
                return Some(a);
            }
        }
        if path.len() >= MAX_CHAIN {
            return None;
        }
        for p in pool {
            if path.iter().any(|c| c.der == p.der) || p.der == cert.der || !issuer_ok(p, why) {
                continue;
            }
            path.push(p);
            if let Some(a) = search(p, pool, anchors, at, path, why) {
                return Some(a);
            }
            path.pop();
        }
        None
    }
    let mut path = Vec::new();
    let mut why = Vec::new();
    let anchor =
        search(leaf, pool, &anchors.anchors, at, &mut path, &mut why).ok_or_else(|| {
            untrusted(format!(
                "`{}` (issuer `{}`) does not chain to any of the {} trusted CA certificate(s){}",
                leaf.subject(),
                leaf.cert.tbs_certificate.issuer,
                anchors.len(),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {}", why.join("; "))
                }
            ))
        })?;
    let key = PublicKey::from_spki_der(&leaf.spki_der()).map_err(|e| Failure::Unsupported {
        detail: format!("the signing certificate's key: {e}"),
    })?;
    let v = match envelope.verify_with_legacy(std::slice::from_ref(&key)) {
        Ok(v) => v,
        Err(_) if p384_legacy_sha256(&key, envelope) => dsse::Verified {
            key_id: key.key_id().to_string(),
            algorithm: key.algorithm(),
            signature_index: 0,
            keyid: None,
            legacy_pae: true,
        },
        Err(e) => {
            return Err(Failure::SignatureInvalid {
                detail: format!(
                    "{e} (with the key of the signing certificate `{}`)",
                    leaf.subject()
                ),
            })
        }
    };
    let mut chain = vec![leaf.subject()];
    chain.extend(path.iter().map(|c| c.subject()));
    chain.push(anchor.subject());
    let expired: Vec<String> = std::iter::once(leaf)
        .chain(path.iter().copied())
        .chain(std::iter::once(anchor))
        .filter(|c| !c.valid_at(now))
        .map(|c| c.subject())
        .collect();
    let validity = format!(
        "checked at the leaf's notBefore {}, as model-signing does: the signature carries no \
         signing time{}",
        rfc3339(at),
        if expired.is_empty() {
            String::new()
        } else {
            format!("; not valid now: {}", expired.join(", "))
        }
    );
    Ok(Some(Signer {
        key_id: v.key_id,
        algorithm: v.algorithm,
        hint: None,
        legacy_pae: v.legacy_pae,
        certificate: Some(CertificateSigner {
            subject: leaf.subject(),
            issuer: leaf.cert.tbs_certificate.issuer.to_string(),
            serial: leaf.serial_hex(),
            chain,
            anchor_sha256: hex::encode(Sha256::digest(&anchor.der)),
            not_before: rfc3339(leaf.not_before()),
            not_after: rfc3339(leaf.not_after()),
            validity,
            expired_now: !expired.is_empty(),
        }),
    }))
}

/// model-signing 0.2 hashed its (legacy) PAE with SHA-256 whatever the curve, and model-signing
/// 1.x verifies `certificate` signatures that way too: a P-384 leaf's signature over the
/// legacy PAE, SHA-256 prehash. Only the legacy PAE is accepted this way.
fn p384_legacy_sha256(key: &PublicKey, envelope: &Envelope) -> bool {
    use p384::ecdsa::signature::hazmat::PrehashVerifier;
    use p384::pkcs8::DecodePublicKey;
    if envelope.payload_type != "application/vnd.in-toto+json" {
        return false;
    }
    let Ok(vk) = p384::ecdsa::VerifyingKey::from_public_key_der(key.spki_der()) else {
        return false;
    };
    let digest = Sha256::digest(dsse::pae_model_signing_v02(
        &envelope.payload_type,
        &envelope.payload,
    ));
    envelope.signatures.iter().any(|s| {
        p384::ecdsa::Signature::from_der(&s.sig)
            .is_ok_and(|sig| vk.verify_prehash(&digest, &sig).is_ok())
    })
}

fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| t.to_string())
}
