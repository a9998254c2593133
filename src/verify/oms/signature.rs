//! The signature file read (a Sigstore bundle or a plain DSSE envelope), and the check of its
//! envelope against the trusted public keys, picked by the key the bundle names.

use super::{Container, Failure, Signer, BUNDLE_MEDIA_TYPES};
use crate::error::{Location, Result};
use crate::formats::Doc;
use crate::verify::dsse::{self, Envelope, PublicKey, RawEnvelope, VerifyFailure};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The trusted key whose signature the envelope carries, or why there is none.
pub(super) fn check_signature(
    envelope: &Envelope,
    named: &KeyRef,
    keys: &[PublicKey],
) -> std::result::Result<Signer, Failure> {
    let candidates: Vec<PublicKey> = match named {
        KeyRef::Hint(h) => {
            let h = h.to_ascii_lowercase();
            keys.iter()
                .filter(|k| k.pem_sha256() == h || k.key_id() == h)
                .cloned()
                .collect()
        }
        KeyRef::Embedded(der) => keys
            .iter()
            .filter(|k| k.spki_der() == der.as_slice())
            .cloned()
            .collect(),
        KeyRef::None => keys.to_vec(),
    };
    if candidates.is_empty() {
        return Err(match named {
            KeyRef::Hint(h) => Failure::NoMatchingKey {
                hint: Some(h.clone()),
                detail: format!(
                    "the signature was made with key {h} (sha256 of its PEM); it is none of the \
                     {} trusted key(s)",
                    keys.len()
                ),
            },
            KeyRef::Embedded(der) => {
                let id = hex::encode(Sha256::digest(der));
                Failure::NoMatchingKey {
                    detail: format!(
                        "the signature carries public key {id}; it is none of the {} trusted \
                         key(s)",
                        keys.len()
                    ),
                    hint: Some(id),
                }
            }
            KeyRef::None => Failure::NoMatchingKey {
                hint: None,
                detail: "no trusted key".into(),
            },
        });
    }
    match envelope.verify_with_legacy(&candidates) {
        Ok(v) => Ok(Signer {
            key_id: v.key_id,
            algorithm: v.algorithm,
            hint: match named {
                KeyRef::Hint(h) => Some(h.clone()),
                _ => None,
            },
            legacy_pae: v.legacy_pae,
            certificate: None,
        }),
        Err(VerifyFailure::Invalid { signatures, keys }) if !matches!(named, KeyRef::None) => {
            Err(Failure::SignatureInvalid {
                detail: format!(
                    "none of the envelope's {signatures} signature(s) verifies with the trusted \
                     key it names ({keys} candidate(s)): the payload or the signature was altered"
                ),
            })
        }
        Err(e) => Err(Failure::SignatureInvalid {
            detail: e.to_string(),
        }),
    }
}

/// Which trusted key the bundle says signed it.
pub(super) enum KeyRef {
    /// `verificationMaterial.publicKey.hint` (model-signing 1.1+: sha256 of the PEM).
    Hint(String),
    /// `verificationMaterial.publicKey.rawBytes` (model-signing 0.2–1.0): the key itself, only
    /// used to pick among the trusted keys.
    Embedded(Vec<u8>),
    None,
}

pub(super) struct SignatureFile {
    pub(super) container: Container,
    pub(super) media_type: Option<String>,
    /// Why the file cannot be verified, when it is well-formed but not of a supported kind.
    pub(super) unsupported: Option<String>,
    pub(super) envelope: Option<Envelope>,
    pub(super) key: KeyRef,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawBundle {
    media_type: String,
    #[serde(default)]
    verification_material: Option<RawMaterial>,
    #[serde(default)]
    dsse_envelope: Option<RawEnvelope>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMaterial {
    #[serde(default)]
    public_key: Option<RawPublicKey>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPublicKey {
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    raw_bytes: Option<String>,
}

/// Reads a Sigstore bundle or a plain DSSE envelope; malformed JSON is an error with its line,
/// column and pointer.
pub(super) fn read_signature(doc: &Doc) -> Result<SignatureFile> {
    let value: serde_json::Value = doc.json()?;
    if value.get("mediaType").is_some() {
        let raw: RawBundle = doc.json()?;
        let mut out = SignatureFile {
            container: Container::SigstoreBundle,
            media_type: Some(raw.media_type.clone()),
            unsupported: None,
            envelope: None,
            key: KeyRef::None,
        };
        if !BUNDLE_MEDIA_TYPES.contains(&raw.media_type.as_str()) {
            out.unsupported = Some(format!(
                "bundle media type `{}` (supported: {})",
                raw.media_type,
                BUNDLE_MEDIA_TYPES.join(", ")
            ));
            return Ok(out);
        }
        if let Some(env) = raw.dsse_envelope {
            out.envelope = Some(Envelope::from_raw(env, doc, "/dsseEnvelope")?);
        }
        let pk = raw.verification_material.and_then(|m| m.public_key);
        out.key = match pk {
            Some(RawPublicKey { hint: Some(h), .. }) if !h.is_empty() => KeyRef::Hint(h),
            Some(RawPublicKey {
                raw_bytes: Some(b), ..
            }) => embedded_key(&b).map_or(KeyRef::None, KeyRef::Embedded),
            _ => KeyRef::None,
        };
        Ok(out)
    } else if value.get("payloadType").is_some() {
        Ok(SignatureFile {
            container: Container::Dsse,
            media_type: None,
            unsupported: None,
            envelope: Some(Envelope::from_doc(doc)?),
            key: KeyRef::None,
        })
    } else {
        Err(doc.err(
            Location::pointer(""),
            "neither a Sigstore bundle (`mediaType`) nor a DSSE envelope (`payloadType`)",
        ))
    }
}

/// The SPKI DER of an embedded `rawBytes` key (PEM, as model-signing wrote it, or DER). An
/// unreadable one is no hint at all: it is never trusted anyway.
fn embedded_key(b64: &str) -> Option<Vec<u8>> {
    let bytes = dsse::decode_base64(b64).ok()?;
    let key = match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains("-----BEGIN") => PublicKey::from_pem(text).ok()?,
        _ => PublicKey::from_spki_der(&bytes).ok()?,
    };
    Some(key.spki_der().to_vec())
}
