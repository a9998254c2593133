//! Public keys and signature checks on the RustCrypto crates: ECDSA P-256/P-384 (`p256`,
//! `p384`), Ed25519 (`ed25519-dalek`) and RSA PKCS#1 v1.5 (`rsa`), keys read from a DER
//! SubjectPublicKeyInfo (`spki`), digests from `sha2`. Nothing here implements a primitive.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use const_oid::ObjectIdentifier;
use der::Decode;
use ecdsa::signature::hazmat::PrehashVerifier;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::SubjectPublicKeyInfoOwned;

pub(crate) const ID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const RSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const RSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const RSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
pub(crate) const SHA256_OID: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const SHA384_OID: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub(crate) const SHA512_OID: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// Decodes base64 as the protobuf JSON mapping allows (standard or URL-safe, padded or not;
/// line breaks are skipped, as Go's decoder and PEM-style wrapping have them).
pub(crate) fn b64(s: &str) -> Result<Vec<u8>, String> {
    let owned: String;
    let t = if s.contains(['\r', '\n']) {
        owned = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        owned.as_str()
    } else {
        s
    };
    let t = t.trim();
    STANDARD
        .decode(t)
        .or_else(|_| URL_SAFE.decode(t))
        .or_else(|_| STANDARD_NO_PAD.decode(t))
        .or_else(|_| URL_SAFE_NO_PAD.decode(t))
        .map_err(|e| format!("invalid base64: {e}"))
}

pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A digest algorithm of the SHA-2 family (the crate's one [`crate::digest::Algorithm`]).
pub(crate) type Hash = crate::digest::Algorithm;

impl Hash {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        match *oid {
            SHA256_OID => Some(Hash::Sha256),
            SHA384_OID => Some(Hash::Sha384),
            SHA512_OID => Some(Hash::Sha512),
            _ => None,
        }
    }
}

/// What a signature is over: the message itself, or its digest under `Hash` (ECDSA and RSA
/// sign a digest, so a digest is enough for them; Ed25519 needs the message).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Signed<'a> {
    Message(&'a [u8]),
    Digest(Hash, &'a [u8]),
}

/// A verification key of one of the algorithms Sigstore uses.
#[derive(Debug, Clone)]
pub(crate) enum PubKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    Rsa(rsa::RsaPublicKey),
}

impl PubKey {
    /// From a DER SubjectPublicKeyInfo.
    pub(crate) fn from_spki_der(der: &[u8]) -> Result<PubKey, String> {
        let spki = SubjectPublicKeyInfoOwned::from_der(der)
            .map_err(|e| format!("not a DER SubjectPublicKeyInfo: {e}"))?;
        PubKey::from_spki(&spki)
    }

    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<PubKey, String> {
        let bits = spki.subject_public_key.raw_bytes();
        match spki.algorithm.oid {
            ID_EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                    .ok_or("EC key without a named curve")?;
                match curve {
                    SECP256R1 => p256::ecdsa::VerifyingKey::from_sec1_bytes(bits)
                        .map(PubKey::P256)
                        .map_err(|_| "invalid P-256 point".to_string()),
                    SECP384R1 => p384::ecdsa::VerifyingKey::from_sec1_bytes(bits)
                        .map(PubKey::P384)
                        .map_err(|_| "invalid P-384 point".to_string()),
                    other => Err(format!("unsupported EC curve {other}")),
                }
            }
            ED25519 => {
                let raw: [u8; 32] = bits
                    .try_into()
                    .map_err(|_| "Ed25519 key is not 32 bytes".to_string())?;
                ed25519_dalek::VerifyingKey::from_bytes(&raw)
                    .map(PubKey::Ed25519)
                    .map_err(|e| format!("invalid Ed25519 key: {e}"))
            }
            RSA_ENCRYPTION => {
                use rsa::pkcs1::DecodeRsaPublicKey;
                rsa::RsaPublicKey::from_pkcs1_der(bits)
                    .map(PubKey::Rsa)
                    .map_err(|e| format!("invalid RSA key: {e}"))
            }
            other => Err(format!("unsupported key algorithm {other}")),
        }
    }

    /// The digest this key's algorithm uses for a plain "sign this message" signature, as
    /// Sigstore clients make them (P-256: SHA-256, P-384: SHA-384, RSA: SHA-256); `None` for
    /// Ed25519, which signs the message itself.
    pub(crate) fn default_hash(&self) -> Option<Hash> {
        match self {
            PubKey::P256(_) | PubKey::Rsa(_) => Some(Hash::Sha256),
            PubKey::P384(_) => Some(Hash::Sha384),
            PubKey::Ed25519(_) => None,
        }
    }

    pub(crate) fn algorithm(&self) -> &'static str {
        match self {
            PubKey::P256(_) => "ecdsa-p256",
            PubKey::P384(_) => "ecdsa-p384",
            PubKey::Ed25519(_) => "ed25519",
            PubKey::Rsa(_) => "rsa",
        }
    }

    /// Verifies `sig` (DER ECDSA, raw Ed25519 or PKCS#1 v1.5 RSA) over `signed`. A message is
    /// hashed with `hash`, or the key's default digest when `hash` is `None`.
    pub(crate) fn verify(
        &self,
        signed: Signed<'_>,
        hash: Option<Hash>,
        sig: &[u8],
    ) -> Result<(), String> {
        if let PubKey::Ed25519(k) = self {
            use ed25519_dalek::Verifier;
            let Signed::Message(msg) = signed else {
                return Err("an Ed25519 signature needs the message, not its digest".into());
            };
            let s = ed25519_dalek::Signature::from_slice(sig)
                .map_err(|_| "malformed Ed25519 signature".to_string())?;
            return k
                .verify(msg, &s)
                .map_err(|_| "Ed25519 signature does not verify".to_string());
        }
        let (h, digest) = match signed {
            Signed::Message(msg) => {
                let h = hash.or(self.default_hash()).unwrap_or(Hash::Sha256);
                (h, h.digest(msg))
            }
            Signed::Digest(h, d) => (h, d.to_vec()),
        };
        match self {
            PubKey::P256(k) => {
                let s = p256::ecdsa::Signature::from_der(sig)
                    .map_err(|_| "malformed ECDSA signature (DER expected)".to_string())?;
                k.verify_prehash(&digest, &s)
                    .map_err(|_| "ECDSA P-256 signature does not verify".to_string())
            }
            PubKey::P384(k) => {
                let s = p384::ecdsa::Signature::from_der(sig)
                    .map_err(|_| "malformed ECDSA signature (DER expected)".to_string())?;
                k.verify_prehash(&digest, &s)
                    .map_err(|_| "ECDSA P-384 signature does not verify".to_string())
            }
            PubKey::Rsa(k) => {
                let scheme = match h {
                    Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                    Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                    Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
                };
                k.verify(scheme, &digest, sig)
                    .map_err(|_| "RSA signature does not verify".to_string())
            }
            PubKey::Ed25519(_) => Err("unreachable Ed25519 path".into()),
        }
    }
}

/// Verifies an X.509/CMS signature given the algorithm identifier's OID (ecdsa-with-SHA*,
/// sha*WithRSAEncryption, Ed25519) over `msg`.
pub(crate) fn verify_with_algorithm(
    key: &PubKey,
    alg: &ObjectIdentifier,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), String> {
    let hash = match *alg {
        ECDSA_SHA256 | RSA_SHA256 => Some(Hash::Sha256),
        ECDSA_SHA384 | RSA_SHA384 => Some(Hash::Sha384),
        ECDSA_SHA512 | RSA_SHA512 => Some(Hash::Sha512),
        ED25519 => None,
        other => return Err(format!("unsupported signature algorithm {other}")),
    };
    let family_ok = matches!(
        (key, *alg),
        (
            PubKey::P256(_) | PubKey::P384(_),
            ECDSA_SHA256 | ECDSA_SHA384 | ECDSA_SHA512
        ) | (PubKey::Rsa(_), RSA_SHA256 | RSA_SHA384 | RSA_SHA512)
            | (PubKey::Ed25519(_), ED25519)
    );
    if !family_ok {
        return Err(format!(
            "signature algorithm {alg} does not fit a {} key",
            key.algorithm()
        ));
    }
    key.verify(Signed::Message(msg), hash, sig)
}

/// Reads the first PEM block of `text` with one of `labels`; returns its DER bytes. Lenient
/// about line lengths (Rekor entries carry PEM with lines longer than RFC 7468's 64 columns,
/// which the strict `der::pem` decoder refuses).
pub(crate) fn pem_block(text: &str, labels: &[&str]) -> Result<Vec<u8>, String> {
    for label in labels {
        let begin = format!("-----BEGIN {label}-----");
        let end = format!("-----END {label}-----");
        if let Some(start) = text.find(&begin) {
            let rest = &text[start + begin.len()..];
            let stop = rest
                .find(&end)
                .ok_or_else(|| format!("PEM block `{label}` has no END line"))?;
            let body: String = rest[..stop]
                .lines()
                .filter(|l| !l.contains(':'))
                .flat_map(|l| l.chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            return STANDARD
                .decode(body)
                .map_err(|e| format!("PEM block `{label}` is not valid base64: {e}"));
        }
    }
    Err(format!("no PEM block ({})", labels.join(" or ")))
}

#[cfg(test)]
mod tests;
