//! DSSE envelopes (Dead Simple Signing Envelope, secure-systems-lab/dsse v1.0): decoding, the
//! pre-authentication encoding (PAE) that is what is actually signed, and signature checks
//! against trusted public keys. The cryptography is RustCrypto's (p256, p384, ed25519-dalek).
//!
//! Trust is injected: the caller passes the keys it trusts; a key embedded in a signature file
//! is never trusted by itself.

use crate::error::{Error, Location, Result};
use crate::formats::Doc;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;

/// `payloadType` of an in-toto statement.
pub const IN_TOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// A decoded DSSE envelope: payload and signatures as bytes, no longer base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub payload_type: String,
    pub payload: Vec<u8>,
    pub signatures: Vec<EnvelopeSignature>,
}

/// One signature of an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeSignature {
    /// The signer's free-form key id; empty or absent in most envelopes, never trusted.
    pub keyid: Option<String>,
    pub sig: Vec<u8>,
}

/// An envelope as it is written in JSON.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawEnvelope {
    pub payload: String,
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    #[serde(default)]
    pub signatures: Vec<RawSignature>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawSignature {
    pub sig: String,
    #[serde(default)]
    pub keyid: Option<String>,
}

/// Which signature of an envelope verified, and with which trusted key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// [`PublicKey::key_id`] of the trusted key: sha256 of its SubjectPublicKeyInfo DER, hex.
    pub key_id: String,
    pub algorithm: KeyAlgorithm,
    /// Index in the envelope's `signatures`.
    pub signature_index: usize,
    /// The envelope's own `keyid` of that signature, if it gave one.
    pub keyid: Option<String>,
    /// The signature is over the PAE as model-signing 0.2 wrote it (see [`pae_model_signing_v02`]).
    pub legacy_pae: bool,
}

/// Why no signature of an envelope verified. Not an [`Error`]: the envelope was read fine, it
/// is just not signed by a trusted key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyFailure {
    #[error("the envelope has no signatures")]
    NoSignatures,
    #[error("no trusted key to verify with")]
    NoKeys,
    #[error(
        "none of the envelope's {signatures} signature(s) verifies with the {keys} trusted key(s) \
         (signed by another key, or the payload was altered)"
    )]
    Invalid { signatures: usize, keys: usize },
}

/// Base64 as DSSE producers write it: standard alphabet, padding optional.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// The DSSE spec lets producers use the URL-safe alphabet as well.
const B64_URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes standard or URL-safe base64, with or without padding.
pub fn decode_base64(text: &str) -> std::result::Result<Vec<u8>, String> {
    B64.decode(text.trim())
        .or_else(|e| B64_URL.decode(text.trim()).map_err(|_| e.to_string()))
}

impl Envelope {
    /// Reads a plain DSSE envelope (`{"payload", "payloadType", "signatures"}`) from JSON;
    /// errors name the line, column or JSON pointer.
    pub fn from_doc(doc: &Doc) -> Result<Self> {
        let raw: RawEnvelope = doc.json()?;
        Envelope::from_raw(raw, doc, "")
    }

    /// Decodes the base64 fields of an envelope found at JSON pointer `at` of `doc`.
    pub(crate) fn from_raw(raw: RawEnvelope, doc: &Doc, at: &str) -> Result<Self> {
        let bad = |pointer: String, e: String| {
            doc.err(Location::pointer(pointer), format!("invalid base64: {e}"))
        };
        let payload = decode_base64(&raw.payload).map_err(|e| bad(format!("{at}/payload"), e))?;
        let mut signatures = Vec::with_capacity(raw.signatures.len());
        for (i, s) in raw.signatures.into_iter().enumerate() {
            let sig =
                decode_base64(&s.sig).map_err(|e| bad(format!("{at}/signatures/{i}/sig"), e))?;
            signatures.push(EnvelopeSignature {
                keyid: s.keyid.filter(|k| !k.is_empty()),
                sig,
            });
        }
        Ok(Envelope {
            payload_type: raw.payload_type,
            payload,
            signatures,
        })
    }

    /// The bytes that were signed.
    pub fn pae(&self) -> Vec<u8> {
        pae(&self.payload_type, &self.payload)
    }

    /// Finds a signature of the envelope that verifies with one of `keys` over the standard PAE.
    pub fn verify(&self, keys: &[PublicKey]) -> std::result::Result<Verified, VerifyFailure> {
        self.verify_inner(keys, false)
    }

    /// As [`Envelope::verify`], and for in-toto payloads also accepts signatures over the PAE as
    /// model-signing 0.2 computed it (which model-signing itself still accepts).
    pub fn verify_with_legacy(
        &self,
        keys: &[PublicKey],
    ) -> std::result::Result<Verified, VerifyFailure> {
        self.verify_inner(keys, true)
    }

    fn verify_inner(
        &self,
        keys: &[PublicKey],
        legacy: bool,
    ) -> std::result::Result<Verified, VerifyFailure> {
        if self.signatures.is_empty() {
            return Err(VerifyFailure::NoSignatures);
        }
        if keys.is_empty() {
            return Err(VerifyFailure::NoKeys);
        }
        let standard = self.pae();
        let old = (legacy && self.payload_type == IN_TOTO_PAYLOAD_TYPE)
            .then(|| pae_model_signing_v02(&self.payload_type, &self.payload));
        for (i, s) in self.signatures.iter().enumerate() {
            for key in keys {
                let legacy_pae = if key.verify(&standard, &s.sig) {
                    false
                } else if old.as_ref().is_some_and(|m| key.verify(m, &s.sig)) {
                    true
                } else {
                    continue;
                };
                return Ok(Verified {
                    key_id: key.key_id().to_string(),
                    algorithm: key.algorithm(),
                    signature_index: i,
                    keyid: s.keyid.clone(),
                    legacy_pae,
                });
            }
        }
        Err(VerifyFailure::Invalid {
            signatures: self.signatures.len(),
            keys: keys.len(),
        })
    }
}

/// DSSE v1 pre-authentication encoding: `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths
/// in bytes as ASCII decimal.
///
/// ```
/// use modelgate::verify::dsse::pae;
/// assert_eq!(pae("t", b"hi"), b"DSSEv1 1 t 2 hi");
/// ```
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let head = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    );
    let mut out = Vec::with_capacity(head.len() + payload.len());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(payload);
    out
}

/// The PAE as model-signing 0.2.0 computed it: `DSSEV1` (capital V) and the payload written as
/// a Python bytes literal (`b'...'`), a bug that model-signing 1.x still verifies for
/// compatibility. The encoding stays unambiguous (length prefix, injective escaping).
pub fn pae_model_signing_v02(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    format!(
        "DSSEV1 {} {} {} {}",
        payload_type.len(),
        payload_type,
        payload.len(),
        python_bytes_repr(payload)
    )
    .into_bytes()
}

/// `repr()` of a Python `bytes` value.
fn python_bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// Signature algorithms of the keys modelgate verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyAlgorithm {
    /// ECDSA on NIST P-256 over SHA-256 (Sigstore `PKIX_ECDSA_P256_SHA_256`).
    #[serde(rename = "ecdsa-p256-sha256")]
    EcdsaP256Sha256,
    /// ECDSA on NIST P-384 over SHA-384 (Sigstore `PKIX_ECDSA_P384_SHA_384`).
    #[serde(rename = "ecdsa-p384-sha384")]
    EcdsaP384Sha384,
    /// Ed25519 (RFC 8032), over the message itself.
    #[serde(rename = "ed25519")]
    Ed25519,
}

impl KeyAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAlgorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
            KeyAlgorithm::EcdsaP384Sha384 => "ecdsa-p384-sha384",
            KeyAlgorithm::Ed25519 => "ed25519",
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A public key that cannot be used: not PEM/DER SubjectPublicKeyInfo, or an algorithm
/// modelgate does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(String);

#[derive(Clone, Debug)]
enum KeyInner {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A trusted public key, parsed from a SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`).
#[derive(Clone, Debug)]
pub struct PublicKey {
    inner: KeyInner,
    spki_der: Vec<u8>,
    key_id: String,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.spki_der == other.spki_der
    }
}
impl Eq for PublicKey {}

// Key algorithm identifiers, shared with the private keys of src/verify/sign.rs.
pub(super) const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub(super) const OID_P256: &str = "1.2.840.10045.3.1.7";
pub(super) const OID_P384: &str = "1.3.132.0.34";
pub(super) const OID_P521: &str = "1.3.132.0.35";
pub(super) const OID_ED25519: &str = "1.3.101.112";
pub(super) const OID_RSA: &str = "1.2.840.113549.1.1.1";

impl PublicKey {
    /// Parses the one `PUBLIC KEY` PEM block of `text` (text around it is ignored).
    pub fn from_pem(text: &str) -> std::result::Result<Self, KeyError> {
        const BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
        const END: &str = "-----END PUBLIC KEY-----";
        let start = text.find(BEGIN).ok_or_else(|| {
            KeyError(format!(
                "no `{BEGIN}` block (a PEM SubjectPublicKeyInfo is expected)"
            ))
        })?;
        let end = text[start..]
            .find(END)
            .map(|i| start + i + END.len())
            .ok_or_else(|| KeyError(format!("`{BEGIN}` without `{END}`")))?;
        if text[end..].contains(BEGIN) {
            return Err(KeyError(
                "more than one public key in one PEM text; give one key per file".into(),
            ));
        }
        let (label, der) = der::pem::decode_vec(&text.as_bytes()[start..end])
            .map_err(|e| KeyError(format!("invalid PEM: {e}")))?;
        if label != "PUBLIC KEY" {
            return Err(KeyError(format!(
                "PEM label `{label}`, expected `PUBLIC KEY`"
            )));
        }
        PublicKey::from_spki_der(&der)
    }

    /// Parses a DER SubjectPublicKeyInfo.
    pub fn from_spki_der(der: &[u8]) -> std::result::Result<Self, KeyError> {
        use spki::SubjectPublicKeyInfoRef;
        let spki = SubjectPublicKeyInfoRef::try_from(der)
            .map_err(|e| KeyError(format!("invalid SubjectPublicKeyInfo: {e}")))?;
        let alg = spki.algorithm.oid.to_string();
        let bits = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| KeyError("public key bit string has unused bits".into()))?;
        let inner = match alg.as_str() {
            OID_EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters_oid()
                    .map_err(|e| KeyError(format!("EC key without a named curve: {e}")))?
                    .to_string();
                match curve.as_str() {
                    OID_P256 => KeyInner::P256(
                        p256::ecdsa::VerifyingKey::from_sec1_bytes(bits)
                            .map_err(|_| KeyError("invalid P-256 public key point".into()))?,
                    ),
                    OID_P384 => KeyInner::P384(
                        p384::ecdsa::VerifyingKey::from_sec1_bytes(bits)
                            .map_err(|_| KeyError("invalid P-384 public key point".into()))?,
                    ),
                    OID_P521 => {
                        return Err(KeyError(
                            "ECDSA P-521 keys are not supported (P-256, P-384 and Ed25519 are)"
                                .into(),
                        ))
                    }
                    other => {
                        return Err(KeyError(format!(
                            "EC curve {other} is not supported (P-256, P-384 and Ed25519 are)"
                        )))
                    }
                }
            }
            OID_ED25519 => {
                let bytes: &[u8; 32] = bits
                    .try_into()
                    .map_err(|_| KeyError("an Ed25519 public key is 32 bytes".into()))?;
                KeyInner::Ed25519(
                    ed25519_dalek::VerifyingKey::from_bytes(bytes)
                        .map_err(|_| KeyError("invalid Ed25519 public key".into()))?,
                )
            }
            OID_RSA => {
                return Err(KeyError(
                    "RSA keys are not supported (P-256, P-384 and Ed25519 are)".into(),
                ))
            }
            other => {
                return Err(KeyError(format!(
                    "public key algorithm {other} is not supported (P-256, P-384 and Ed25519 are)"
                )))
            }
        };
        Ok(PublicKey {
            inner,
            spki_der: der.to_vec(),
            key_id: hex::encode(Sha256::digest(der)),
        })
    }

    /// Reads a key file: PEM (`-----BEGIN PUBLIC KEY-----`) or DER SubjectPublicKeyInfo.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let parsed = match std::str::from_utf8(&bytes) {
            Ok(text) if text.contains("-----BEGIN") => PublicKey::from_pem(text),
            _ => PublicKey::from_spki_der(&bytes),
        };
        parsed.map_err(|e| Error::format(path, Location::default(), format!("public key: {e}")))
    }

    pub fn algorithm(&self) -> KeyAlgorithm {
        match self.inner {
            KeyInner::P256(_) => KeyAlgorithm::EcdsaP256Sha256,
            KeyInner::P384(_) => KeyAlgorithm::EcdsaP384Sha384,
            KeyInner::Ed25519(_) => KeyAlgorithm::Ed25519,
        }
    }

    /// sha256 of the SubjectPublicKeyInfo DER, lowercase hex: the key's id in reports.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// The key as PEM, in the canonical layout (64-column base64, `\n` line ends, final `\n`)
    /// that OpenSSL and Python `cryptography` write.
    pub fn to_pem(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.spki_der);
        let mut out = String::from("-----BEGIN PUBLIC KEY-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            out.push_str(&String::from_utf8_lossy(chunk));
            out.push('\n');
        }
        out.push_str("-----END PUBLIC KEY-----\n");
        out
    }

    /// sha256 of [`PublicKey::to_pem`], hex: the `verificationMaterial.publicKey.hint` that
    /// model-signing 1.1+ writes for key-based signatures.
    pub fn pem_sha256(&self) -> String {
        hex::encode(Sha256::digest(self.to_pem().as_bytes()))
    }

    /// Whether `signature` is this key's signature of `message`. ECDSA signatures are accepted
    /// DER-encoded (as OpenSSL, Python `cryptography` and cosign write them) or fixed-size
    /// `r || s`; the message is hashed with the curve's hash (SHA-256, SHA-384).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        use p256::ecdsa::signature::Verifier;
        match &self.inner {
            KeyInner::P256(k) => {
                let der = p256::ecdsa::Signature::from_der(signature)
                    .is_ok_and(|s| k.verify(message, &s).is_ok());
                der || (signature.len() == 64
                    && p256::ecdsa::Signature::from_slice(signature)
                        .is_ok_and(|s| k.verify(message, &s).is_ok()))
            }
            KeyInner::P384(k) => {
                let der = p384::ecdsa::Signature::from_der(signature)
                    .is_ok_and(|s| k.verify(message, &s).is_ok());
                der || (signature.len() == 96
                    && p384::ecdsa::Signature::from_slice(signature)
                        .is_ok_and(|s| k.verify(message, &s).is_ok()))
            }
            KeyInner::Ed25519(k) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_strict(message, &s).is_ok()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use der::asn1::{Any, BitString};
    use der::Encode;
    use spki::{AlgorithmIdentifierOwned, ObjectIdentifier, SubjectPublicKeyInfoOwned};

    /// DER SubjectPublicKeyInfo of a raw public key.
    pub(crate) fn spki_der(alg: &str, curve: Option<&str>, key: &[u8]) -> Vec<u8> {
        let parameters = curve.map(|c| Any::encode_from(&ObjectIdentifier::new_unwrap(c)).unwrap());
        SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid: ObjectIdentifier::new_unwrap(alg),
                parameters,
            },
            subject_public_key: BitString::from_bytes(key).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    /// A P-256 key pair from a fixed seed (deterministic tests, no RNG).
    pub(crate) fn p256_pair(seed: u8) -> (p256::ecdsa::SigningKey, PublicKey) {
        let sk = p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap();
        let point = sk.verifying_key().to_encoded_point(false);
        let pk = PublicKey::from_spki_der(&spki_der(
            OID_EC_PUBLIC_KEY,
            Some(OID_P256),
            point.as_bytes(),
        ))
        .unwrap();
        (sk, pk)
    }

    fn p384_pair(seed: u8) -> (p384::ecdsa::SigningKey, PublicKey) {
        let sk = p384::ecdsa::SigningKey::from_slice(&[seed; 48]).unwrap();
        let point = sk.verifying_key().to_encoded_point(false);
        let pk = PublicKey::from_spki_der(&spki_der(
            OID_EC_PUBLIC_KEY,
            Some(OID_P384),
            point.as_bytes(),
        ))
        .unwrap();
        (sk, pk)
    }

    fn ed25519_pair(seed: u8) -> (ed25519_dalek::SigningKey, PublicKey) {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        let pk =
            PublicKey::from_spki_der(&spki_der(OID_ED25519, None, sk.verifying_key().as_bytes()))
                .unwrap();
        (sk, pk)
    }

    fn envelope(payload: &[u8], sig: Vec<u8>) -> Envelope {
        Envelope {
            payload_type: IN_TOTO_PAYLOAD_TYPE.into(),
            payload: payload.to_vec(),
            signatures: vec![EnvelopeSignature { keyid: None, sig }],
        }
    }

    const PAYLOAD: &[u8] = br#"{"_type":"https://in-toto.io/Statement/v1"}"#;

    #[test]
    fn pae_matches_the_spec_example() {
        // The example of the DSSE protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ");
    }

    #[test]
    fn legacy_pae_writes_a_python_bytes_literal() {
        assert_eq!(
            pae_model_signing_v02("t", b"{\"a\": 1}\n\\\x00\xff"),
            b"DSSEV1 1 t 12 b'{\"a\": 1}\\n\\\\\\x00\\xff'".to_vec()
        );
        assert_eq!(python_bytes_repr(b"it's"), "b\"it's\"");
        assert_eq!(python_bytes_repr(b"'\""), "b'\\'\"'");
    }

    #[test]
    fn p256_der_and_fixed_signatures_verify_and_tampering_fails() {
        use p256::ecdsa::signature::Signer;
        let (sk, pk) = p256_pair(1);
        let (_, other) = p256_pair(2);
        let msg = pae(IN_TOTO_PAYLOAD_TYPE, PAYLOAD);
        let sig: p256::ecdsa::Signature = sk.sign(&msg);

        let der = envelope(PAYLOAD, sig.to_der().as_bytes().to_vec());
        let v = der.verify(&[other.clone(), pk.clone()]).unwrap();
        assert_eq!(v.key_id, pk.key_id());
        assert_eq!(v.algorithm, KeyAlgorithm::EcdsaP256Sha256);
        assert!(!v.legacy_pae);

        let fixed = envelope(PAYLOAD, sig.to_bytes().to_vec());
        assert!(fixed.verify(std::slice::from_ref(&pk)).is_ok());

        let mut tampered = der.clone();
        tampered.payload[3] ^= 1;
        assert_eq!(
            tampered.verify(std::slice::from_ref(&pk)),
            Err(VerifyFailure::Invalid {
                signatures: 1,
                keys: 1
            })
        );
        let mut retyped = der.clone();
        retyped.payload_type = "application/json".into();
        assert!(retyped.verify(std::slice::from_ref(&pk)).is_err());
        assert!(der.verify(&[other]).is_err());
        assert_eq!(der.verify(&[]), Err(VerifyFailure::NoKeys));
        assert_eq!(
            envelope(PAYLOAD, vec![]).verify(&[pk]).map(|v| v.key_id),
            Err(VerifyFailure::Invalid {
                signatures: 1,
                keys: 1
            })
        );
    }

    #[test]
    fn p384_and_ed25519_verify() {
        use p384::ecdsa::signature::Signer;
        let msg = pae(IN_TOTO_PAYLOAD_TYPE, PAYLOAD);
        let (sk, pk) = p384_pair(3);
        let sig: p384::ecdsa::Signature = sk.sign(&msg);
        let env = envelope(PAYLOAD, sig.to_der().as_bytes().to_vec());
        assert_eq!(
            env.verify(std::slice::from_ref(&pk)).unwrap().algorithm,
            KeyAlgorithm::EcdsaP384Sha384
        );
        assert!(envelope(PAYLOAD, sig.to_bytes().to_vec())
            .verify(std::slice::from_ref(&pk))
            .is_ok());

        let (esk, epk) = ed25519_pair(4);
        let esig = ed25519_dalek::Signer::sign(&esk, &msg);
        let env = envelope(PAYLOAD, esig.to_bytes().to_vec());
        assert_eq!(
            env.verify(std::slice::from_ref(&epk)).unwrap().algorithm,
            KeyAlgorithm::Ed25519
        );
        // A P-384 key does not verify an Ed25519 signature, and a changed payload fails.
        assert!(env.verify(&[pk]).is_err());
        let mut tampered = env;
        tampered.payload.push(b' ');
        assert!(tampered.verify(&[epk]).is_err());
    }

    #[test]
    fn legacy_pae_only_when_asked() {
        use p256::ecdsa::signature::Signer;
        let (sk, pk) = p256_pair(5);
        let msg = pae_model_signing_v02(IN_TOTO_PAYLOAD_TYPE, PAYLOAD);
        let sig: p256::ecdsa::Signature = sk.sign(&msg);
        let env = envelope(PAYLOAD, sig.to_der().as_bytes().to_vec());
        assert!(env.verify(std::slice::from_ref(&pk)).is_err());
        assert!(env.verify_with_legacy(&[pk]).unwrap().legacy_pae);
    }

    #[test]
    fn keys_parse_from_pem_and_report_ids() {
        let (_, pk) = p256_pair(6);
        let pem = pk.to_pem();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        let again = PublicKey::from_pem(&format!("comment\n{pem}\n")).unwrap();
        assert_eq!(again, pk);
        assert_eq!(pk.key_id(), hex::encode(Sha256::digest(pk.spki_der())));
        assert_eq!(pk.pem_sha256(), hex::encode(Sha256::digest(pem.as_bytes())));

        let e = PublicKey::from_pem("nothing").unwrap_err().to_string();
        assert!(e.contains("BEGIN PUBLIC KEY"), "{e}");
        let e = PublicKey::from_pem(&format!("{pem}{pem}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("more than one"), "{e}");
        let p521 = spki_der(OID_EC_PUBLIC_KEY, Some(OID_P521), &[4; 133]);
        let e = PublicKey::from_spki_der(&p521).unwrap_err().to_string();
        assert!(e.contains("P-521"), "{e}");
        let rsa = spki_der(OID_RSA, None, &[0; 16]);
        assert!(PublicKey::from_spki_der(&rsa)
            .unwrap_err()
            .to_string()
            .contains("RSA"));
        assert!(PublicKey::from_spki_der(b"\x30\x00").is_err());
        let bad_point = spki_der(OID_EC_PUBLIC_KEY, Some(OID_P256), &[4; 65]);
        assert!(PublicKey::from_spki_der(&bad_point).is_err());
    }

    #[test]
    fn envelopes_decode_from_json_with_pointers() {
        let payload = base64::engine::general_purpose::STANDARD.encode(PAYLOAD);
        let url_sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xfb, 0xff]);
        let json = format!(
            r#"{{"payload":"{payload}","payloadType":"{IN_TOTO_PAYLOAD_TYPE}","signatures":[{{"sig":"{url_sig}","keyid":""}}]}}"#
        );
        let env = Envelope::from_doc(&Doc::new("e.json", "e.json", json.into_bytes())).unwrap();
        assert_eq!(env.payload, PAYLOAD);
        assert_eq!(env.signatures[0].sig, vec![0xfb, 0xff]);
        assert_eq!(env.signatures[0].keyid, None);

        let bad = r#"{"payload":"!!","payloadType":"x","signatures":[]}"#;
        let e = Envelope::from_doc(&Doc::new("e.json", "e.json", bad.into()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("at /payload") && e.contains("base64"), "{e}");
        let missing = "{\n\"payload\": \"\"\n}";
        let e = Envelope::from_doc(&Doc::new("e.json", "e.json", missing.into()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3") && e.contains("payloadType"), "{e}");
    }
}
