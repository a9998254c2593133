//! Signing what modelgate itself vouches for (decision records): PEM private keys and DSSE
//! envelopes that [`super::dsse`] verifies with the matching public key.

use super::dsse::{pae, Envelope, EnvelopeSignature, KeyAlgorithm, PublicKey};
use crate::error::{Error, Location, Result};
use base64::Engine as _;
use p256::pkcs8::{EncodePublicKey, ObjectIdentifier, PrivateKeyInfo};
use std::path::Path;

/// A private key that cannot be used for signing: not a PEM private key, encrypted, or of an
/// algorithm modelgate does not sign with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SignKeyError(String);

#[derive(Clone)]
enum Inner {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// A private signing key with its public half, whose [`PublicKey::key_id`] is the `keyid` of
/// every signature it makes.
#[derive(Clone)]
pub struct SigningKey {
    inner: Inner,
    public: PublicKey,
}

// The secret must never reach a log or an error message through `{:?}`.
impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm())
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

use super::dsse::{OID_EC_PUBLIC_KEY, OID_ED25519, OID_P256, OID_P384, OID_P521, OID_RSA};

const SUPPORTED: &str = "ECDSA P-256, ECDSA P-384 and Ed25519 are";

fn unsupported(what: &str) -> SignKeyError {
    SignKeyError(format!(
        "{what} keys cannot sign decision records ({SUPPORTED})"
    ))
}

impl SigningKey {
    /// Parses the private key of a PEM text: PKCS#8 `PRIVATE KEY` (ECDSA P-256, P-384,
    /// Ed25519) or SEC1 `EC PRIVATE KEY` (P-256, P-384). Other blocks, such as the
    /// `EC PARAMETERS` that `openssl ecparam -genkey` writes first, are skipped.
    pub fn from_pem(text: &str) -> std::result::Result<Self, SignKeyError> {
        let blocks = pem_blocks(text)?;
        let mut keys = blocks
            .iter()
            .filter(|(label, _)| label.ends_with("PRIVATE KEY"));
        let Some((label, der)) = keys.next() else {
            return Err(SignKeyError(
                if blocks.iter().any(|(l, _)| l == "PUBLIC KEY") {
                    "this is a public key: signing needs the private key (`-----BEGIN PRIVATE KEY-----`)".into()
                } else {
                    "no `-----BEGIN PRIVATE KEY-----` or `-----BEGIN EC PRIVATE KEY-----` block"
                        .into()
                },
            ));
        };
        if keys.next().is_some() {
            return Err(SignKeyError(
                "more than one private key in one PEM file; give one key per file".into(),
            ));
        }
        match label.as_str() {
            "PRIVATE KEY" => SigningKey::from_pkcs8_der(der),
            "EC PRIVATE KEY" => SigningKey::from_sec1_der(der),
            "ENCRYPTED PRIVATE KEY" => Err(SignKeyError(
                "the key is encrypted; decrypt it first (`openssl pkcs8 -in KEY -out PLAIN.pem`), \
                 and keep the plain file where only the signer can read it"
                    .into(),
            )),
            "RSA PRIVATE KEY" => Err(unsupported("RSA")),
            "OPENSSH PRIVATE KEY" => Err(SignKeyError(
                "an OpenSSH private key: convert it to PKCS#8 (`ssh-keygen -p -m PKCS8 -f KEY`)"
                    .into(),
            )),
            other => Err(SignKeyError(format!(
                "PEM label `{other}` is not a supported private key (PKCS#8 `PRIVATE KEY` or SEC1 `EC PRIVATE KEY`)"
            ))),
        }
    }

    /// Parses a DER PKCS#8 `PrivateKeyInfo`.
    pub fn from_pkcs8_der(der: &[u8]) -> std::result::Result<Self, SignKeyError> {
        let info = PrivateKeyInfo::try_from(der)
            .map_err(|e| SignKeyError(format!("invalid PKCS#8 private key: {e}")))?;
        let inner = match info.algorithm.oid.to_string().as_str() {
            OID_EC_PUBLIC_KEY => {
                let curve = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|e| SignKeyError(format!("EC key without a named curve: {e}")))?;
                match curve_name(&curve)? {
                    Curve::P256 => Inner::P256(
                        p256::ecdsa::SigningKey::try_from(info)
                            .map_err(|e| SignKeyError(format!("invalid P-256 private key: {e}")))?,
                    ),
                    Curve::P384 => Inner::P384(
                        p384::ecdsa::SigningKey::try_from(info)
                            .map_err(|e| SignKeyError(format!("invalid P-384 private key: {e}")))?,
                    ),
                }
            }
            OID_ED25519 => Inner::Ed25519(
                ed25519_dalek::SigningKey::try_from(info)
                    .map_err(|e| SignKeyError(format!("invalid Ed25519 private key: {e}")))?,
            ),
            OID_RSA => return Err(unsupported("RSA")),
            other => return Err(unsupported(&format!("algorithm {other}"))),
        };
        SigningKey::new(inner)
    }

    /// Parses a DER SEC1 `ECPrivateKey`. Its curve is the one its parameters name; without
    /// parameters, the one its length fits.
    pub fn from_sec1_der(der: &[u8]) -> std::result::Result<Self, SignKeyError> {
        let key = sec1::EcPrivateKey::try_from(der)
            .map_err(|e| SignKeyError(format!("invalid SEC1 EC private key: {e}")))?;
        let curve = match key.parameters.and_then(|p| p.named_curve()) {
            Some(oid) => curve_name(&oid)?,
            // elliptic-curve pads short scalars, so the length alone must pick the curve.
            None if key.private_key.len() <= 32 => Curve::P256,
            None => Curve::P384,
        };
        let invalid = |name: &str| SignKeyError(format!("invalid {name} private key"));
        let inner = match curve {
            Curve::P256 => Inner::P256(
                p256::SecretKey::try_from(key)
                    .map_err(|_| invalid("P-256"))?
                    .into(),
            ),
            Curve::P384 => Inner::P384(
                p384::SecretKey::try_from(key)
                    .map_err(|_| invalid("P-384"))?
                    .into(),
            ),
        };
        SigningKey::new(inner)
    }

    fn new(inner: Inner) -> std::result::Result<Self, SignKeyError> {
        let spki = match &inner {
            Inner::P256(k) => p256::PublicKey::from(k.verifying_key()).to_public_key_der(),
            Inner::P384(k) => p384::PublicKey::from(k.verifying_key()).to_public_key_der(),
            Inner::Ed25519(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|e| SignKeyError(format!("cannot encode the public key: {e}")))?;
        let public = PublicKey::from_spki_der(spki.as_bytes())
            .map_err(|e| SignKeyError(format!("the public key: {e}")))?;
        Ok(SigningKey { inner, public })
    }

    /// Reads a PEM private key file; every error names the file.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::format(
                path,
                Location::default(),
                "private key: not a PEM text (a DER key must be converted: `openssl pkey -inform DER -in KEY -out KEY.pem`)",
            )
        })?;
        SigningKey::from_pem(text)
            .map_err(|e| Error::format(path, Location::default(), format!("private key: {e}")))
    }

    /// The public half: what verifiers pass as `--key`.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// [`PublicKey::key_id`] of the public half.
    pub fn key_id(&self) -> &str {
        self.public.key_id()
    }

    pub fn algorithm(&self) -> KeyAlgorithm {
        self.public.algorithm()
    }

    /// Signs `message`: ECDSA over the curve's hash, deterministic (RFC 6979) and DER-encoded
    /// as DSSE and OpenSSL verifiers expect; Ed25519 over the message itself.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        use p256::ecdsa::signature::Signer;
        match &self.inner {
            Inner::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(message);
                s.to_der().as_bytes().to_vec()
            }
            Inner::P384(k) => {
                let s: p384::ecdsa::Signature = k.sign(message);
                s.to_der().as_bytes().to_vec()
            }
            Inner::Ed25519(k) => k.sign(message).to_bytes().to_vec(),
        }
    }

    /// A DSSE envelope of `payload` with one signature over its PAE.
    pub fn sign_envelope(&self, payload_type: &str, payload: Vec<u8>) -> Envelope {
        let sig = self.sign(&pae(payload_type, &payload));
        Envelope {
            payload_type: payload_type.to_string(),
            payload,
            signatures: vec![EnvelopeSignature {
                keyid: Some(self.key_id().to_string()),
                sig,
            }],
        }
    }
}

/// An envelope as DSSE JSON (standard base64 with padding), pretty-printed, ending in a newline.
pub fn envelope_json(env: &Envelope) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let signatures: Vec<serde_json::Value> = env
        .signatures
        .iter()
        .map(|s| {
            serde_json::json!({
                "keyid": s.keyid.clone().unwrap_or_default(),
                "sig": b64.encode(&s.sig),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "payload": b64.encode(&env.payload),
        "payloadType": env.payload_type,
        "signatures": signatures,
    });
    // Serializing a `Value` of strings cannot fail; the fallback keeps this total anyway.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

enum Curve {
    P256,
    P384,
}

fn curve_name(oid: &ObjectIdentifier) -> std::result::Result<Curve, SignKeyError> {
    match oid.to_string().as_str() {
        OID_P256 => Ok(Curve::P256),
        OID_P384 => Ok(Curve::P384),
        OID_P521 => Err(unsupported("ECDSA P-521")),
        other => Err(unsupported(&format!("EC curve {other}"))),
    }
}

/// The PEM blocks of `text` as (label, DER), in order; text around them is ignored.
fn pem_blocks(text: &str) -> std::result::Result<Vec<(String, Vec<u8>)>, SignKeyError> {
    const BEGIN: &str = "-----BEGIN ";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let block = &rest[start..];
        let label = block[BEGIN.len()..]
            .split("-----")
            .next()
            .unwrap_or_default()
            .to_string();
        let end_marker = format!("-----END {label}-----");
        let end = block
            .find(&end_marker)
            .map(|i| i + end_marker.len())
            .ok_or_else(|| {
                SignKeyError(format!("`-----BEGIN {label}-----` without `{end_marker}`"))
            })?;
        let (decoded_label, der) = der::pem::decode_vec(&block.as_bytes()[..end])
            .map_err(|e| SignKeyError(format!("invalid PEM in the `{label}` block: {e}")))?;
        out.push((decoded_label.to_string(), der));
        rest = &block[end..];
    }
    if out.is_empty() {
        return Err(SignKeyError(
            "not a PEM file: no `-----BEGIN PRIVATE KEY-----` block".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::pkcs8::EncodePrivateKey;

    fn pem(label: &str, der: &[u8]) -> String {
        der::pem::encode_string(label, der::pem::LineEnding::LF, der).unwrap()
    }

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/record")
            .join(name)
    }

    /// Signs and verifies a PAE with `key`, and checks that another key does not verify it.
    fn round_trip(key: &SigningKey) {
        let env = key.sign_envelope(super::super::dsse::IN_TOTO_PAYLOAD_TYPE, b"{}".to_vec());
        let v = env.verify(std::slice::from_ref(key.public_key())).unwrap();
        assert_eq!(v.key_id, key.key_id());
        assert_eq!(env.signatures[0].keyid.as_deref(), Some(key.key_id()));
        let other = SigningKey::from_pkcs8_der(
            p256::SecretKey::from_slice(&[9; 32])
                .unwrap()
                .to_pkcs8_der()
                .unwrap()
                .as_bytes(),
        )
        .unwrap();
        assert!(env
            .verify(std::slice::from_ref(other.public_key()))
            .is_err());
    }

    #[test]
    fn pkcs8_keys_of_each_algorithm_sign_and_verify() {
        let p256 = p256::SecretKey::from_slice(&[1; 32]).unwrap();
        let p384 = p384::SecretKey::from_slice(&[2; 48]).unwrap();
        let ed = ed25519_dalek::SigningKey::from_bytes(&[3; 32]);
        let cases = [
            (p256.to_pkcs8_der().unwrap(), KeyAlgorithm::EcdsaP256Sha256),
            (p384.to_pkcs8_der().unwrap(), KeyAlgorithm::EcdsaP384Sha384),
            (ed.to_pkcs8_der().unwrap(), KeyAlgorithm::Ed25519),
        ];
        for (der, alg) in cases {
            let key = SigningKey::from_pem(&pem("PRIVATE KEY", der.as_bytes())).unwrap();
            assert_eq!(key.algorithm(), alg);
            round_trip(&key);
        }
    }

    #[test]
    fn ecdsa_signatures_are_deterministic_der() {
        let key = SigningKey::from_pkcs8_der(
            p256::SecretKey::from_slice(&[4; 32])
                .unwrap()
                .to_pkcs8_der()
                .unwrap()
                .as_bytes(),
        )
        .unwrap();
        let a = key.sign(b"message");
        assert_eq!(a, key.sign(b"message"));
        assert_ne!(a, key.sign(b"other message"));
        assert!(p256::ecdsa::Signature::from_der(&a).is_ok());
        assert_eq!(a[0], 0x30, "a DER SEQUENCE");
    }

    #[test]
    fn sec1_keys_with_and_without_parameters() {
        let sk = p384::SecretKey::from_slice(&[5; 48]).unwrap();
        let der = sk.to_sec1_der().unwrap();
        let key = SigningKey::from_pem(&pem("EC PRIVATE KEY", &der)).unwrap();
        assert_eq!(key.algorithm(), KeyAlgorithm::EcdsaP384Sha384);
        round_trip(&key);

        let sk = p256::SecretKey::from_slice(&[6; 32]).unwrap();
        let key = SigningKey::from_sec1_der(&sk.to_sec1_der().unwrap()).unwrap();
        assert_eq!(key.algorithm(), KeyAlgorithm::EcdsaP256Sha256);
        round_trip(&key);
    }

    #[test]
    fn openssl_keys_load_and_match_their_public_keys() {
        for (private, public, alg) in [
            (
                "test-only-p256.pem",
                "test-only-p256.pub",
                KeyAlgorithm::EcdsaP256Sha256,
            ),
            (
                "test-only-p256.sec1.pem",
                "test-only-p256.pub",
                KeyAlgorithm::EcdsaP256Sha256,
            ),
            (
                "test-only-p384.pem",
                "test-only-p384.pub",
                KeyAlgorithm::EcdsaP384Sha384,
            ),
            (
                "test-only-ed25519.pem",
                "test-only-ed25519.pub",
                KeyAlgorithm::Ed25519,
            ),
        ] {
            let key = SigningKey::read(&fixture(private)).unwrap();
            let public = PublicKey::read(&fixture(public)).unwrap();
            assert_eq!(key.algorithm(), alg, "{private}");
            assert_eq!(key.key_id(), public.key_id(), "{private}");
            assert_eq!(key.public_key(), &public, "{private}");
        }
    }

    #[test]
    fn unusable_keys_are_named_errors() {
        for (file, want) in [
            ("test-only-rsa.pem", "RSA"),
            ("test-only-p521.pem", "P-521"),
            ("test-only-p256.pub", "public key"),
            ("README.md", "not a PEM file"),
        ] {
            let e = SigningKey::read(&fixture(file)).unwrap_err().to_string();
            assert!(e.contains(file) && e.contains(want), "{file}: {e}");
        }
        let e = SigningKey::read(&fixture("missing.pem"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.pem"), "{e}");

        let e = SigningKey::from_pem(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("encrypted"), "{e}");
        let e = SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("without"), "{e}");
        let e = SigningKey::from_pem(&pem("PRIVATE KEY", b"\x30\x00"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("PKCS#8"), "{e}");
        let two = format!(
            "{}{}",
            std::fs::read_to_string(fixture("test-only-p256.pem")).unwrap(),
            std::fs::read_to_string(fixture("test-only-p384.pem")).unwrap()
        );
        assert!(SigningKey::from_pem(&two)
            .unwrap_err()
            .to_string()
            .contains("more than one"));
    }

    #[test]
    fn debug_does_not_print_the_secret() {
        let key = SigningKey::read(&fixture("test-only-p256.pem")).unwrap();
        let d = format!("{key:?}");
        assert!(d.contains("key_id") && !d.contains("P256("), "{d}");
    }

    #[test]
    fn envelopes_round_trip_through_json() {
        let key = SigningKey::read(&fixture("test-only-ed25519.pem")).unwrap();
        let env = key.sign_envelope("application/vnd.in-toto+json", b"{\"a\":1}".to_vec());
        let json = envelope_json(&env);
        let doc = crate::formats::Doc::new("e.json", "e.json", json.into_bytes());
        assert_eq!(Envelope::from_doc(&doc).unwrap(), env);
    }
}
