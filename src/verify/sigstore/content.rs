//! The bundle's parts decoded: its version (from the media type), the signed content (a
//! message signature or a DSSE envelope) and the signer material (leaf certificate or key).

use super::crypto::{b64, Hash};
use super::model::{BundleJson, EnvelopeJson, MessageSignatureJson};
use super::trust::TrustedRoot;
use super::x509::Cert;
use super::BundleVerification;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Version {
    V01,
    V02,
    V03,
}

pub(super) fn bundle_version(media_type: &str) -> Option<Version> {
    match media_type {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" => Some(Version::V01),
        "application/vnd.dev.sigstore.bundle+json;version=0.2" => Some(Version::V02),
        "application/vnd.dev.sigstore.bundle+json;version=0.3"
        | "application/vnd.dev.sigstore.bundle.v0.3+json" => Some(Version::V03),
        _ => None,
    }
}
/// The decoded signed content.
pub(super) enum Content {
    Message {
        signature: Vec<u8>,
        /// The bundle's own (unauthenticated) digest of the artifact.
        digest: Option<(Option<Hash>, String, Vec<u8>)>,
    },
    Dsse {
        payload_type: String,
        payload: Vec<u8>,
        signatures: Vec<Vec<u8>>,
    },
}

impl Content {
    /// The bytes a timestamp authority timestamped: the signature.
    pub(super) fn signature(&self) -> &[u8] {
        match self {
            Content::Message { signature, .. } => signature,
            Content::Dsse { signatures, .. } => signatures.first().map_or(&[], |s| s.as_slice()),
        }
    }
}

pub(super) fn decode_content(
    raw: &BundleJson,
    out: &mut BundleVerification,
) -> std::result::Result<Content, String> {
    match (&raw.message_signature, &raw.dsse_envelope) {
        (Some(m), None) => {
            out.content = Some("message_signature".into());
            decode_message(m)
        }
        (None, Some(e)) => {
            out.content = Some("dsse".into());
            decode_envelope(e)
        }
        (Some(_), Some(_)) => {
            Err("the bundle has both a message signature and a DSSE envelope".into())
        }
        (None, None) => {
            Err("the bundle has neither a message signature nor a DSSE envelope".into())
        }
    }
}

fn decode_message(m: &MessageSignatureJson) -> std::result::Result<Content, String> {
    let signature = b64(&m.signature).map_err(|e| format!("/messageSignature/signature: {e}"))?;
    if signature.is_empty() {
        return Err("/messageSignature/signature is empty".into());
    }
    let digest = match &m.message_digest {
        None => None,
        Some(d) => {
            let bytes = b64(&d.digest)
                .map_err(|e| format!("/messageSignature/messageDigest/digest: {e}"))?;
            let h = match d.algorithm.as_str() {
                "SHA2_256" => Some(Hash::Sha256),
                "SHA2_384" => Some(Hash::Sha384),
                "SHA2_512" => Some(Hash::Sha512),
                _ => None,
            };
            Some((h, d.algorithm.clone(), bytes))
        }
    };
    Ok(Content::Message { signature, digest })
}

fn decode_envelope(e: &EnvelopeJson) -> std::result::Result<Content, String> {
    let payload = b64(&e.payload).map_err(|m| format!("/dsseEnvelope/payload: {m}"))?;
    let mut signatures = Vec::new();
    for (i, s) in e.signatures.iter().enumerate() {
        signatures.push(b64(&s.sig).map_err(|m| format!("/dsseEnvelope/signatures/{i}/sig: {m}"))?);
    }
    if signatures.len() != 1 {
        return Err(format!(
            "a Sigstore DSSE envelope has exactly one signature, this one has {}",
            signatures.len()
        ));
    }
    Ok(Content::Dsse {
        payload_type: e.payload_type.clone(),
        payload,
        signatures,
    })
}

/// The signer material of the bundle.
pub(super) enum Material {
    Certificate(Box<Cert>),
    Key { hint: String },
}

pub(super) fn decode_material(
    raw: &BundleJson,
    version: Version,
    root: &TrustedRoot,
) -> std::result::Result<Material, String> {
    let vm = raw
        .verification_material
        .as_ref()
        .ok_or("the bundle has no verificationMaterial")?;
    let certs: Vec<&str> = match (&vm.certificate, &vm.x509_certificate_chain, &vm.public_key) {
        (Some(c), None, None) => vec![c.raw_bytes.as_str()],
        (None, Some(chain), None) => {
            if version >= Version::V03 {
                return Err(
                    "a v0.3 bundle carries a single `certificate`, not `x509CertificateChain`"
                        .into(),
                );
            }
            chain
                .certificates
                .iter()
                .map(|c| c.raw_bytes.as_str())
                .collect()
        }
        (None, None, Some(k)) => {
            return Ok(Material::Key {
                hint: k.hint.clone(),
            })
        }
        (None, None, None) => return Err("the bundle has no certificate and no public key".into()),
        _ => return Err("the bundle has more than one kind of verification material".into()),
    };
    if certs.is_empty() {
        return Err("the certificate chain is empty".into());
    }
    let mut parsed = Vec::new();
    for (i, c) in certs.iter().enumerate() {
        let der = b64(c).map_err(|e| format!("certificate {i}: {e}"))?;
        parsed.push(Cert::from_der(&der).map_err(|e| format!("certificate {i}: {e}"))?);
    }
    // Only the leaf is used: issuers and roots come from the trusted root. A chain that
    // includes a root (older v0.1 bundles ship Fulcio's whole chain) is accepted only when the
    // certificates after the leaf are, in order and byte for byte, the chain of a trusted
    // certificate authority: an included root never becomes a trust anchor.
    if let Some(included_root) = parsed.iter().skip(1).find(|c| c.is_self_signed()) {
        let rest: Vec<&[u8]> = parsed.iter().skip(1).map(|c| c.der.as_slice()).collect();
        let is_trusted_chain = root.cas.iter().any(|ca| {
            ca.chain.len() == rest.len() && ca.chain.iter().zip(&rest).all(|(c, r)| c.der == *r)
        });
        if !is_trusted_chain {
            return Err(format!(
                "the bundle's chain includes the root certificate `{}` and is not the chain of a certificate authority of the trusted root; roots come only from the trusted root",
                included_root.subject()
            ));
        }
    }
    let leaf = parsed.swap_remove(0);
    Ok(Material::Certificate(Box::new(leaf)))
}
