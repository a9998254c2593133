//! Offline verification of Sigstore bundles (v0.1, v0.2, v0.3; message signatures and DSSE
//! envelopes) over any artifact, against a `trusted_root.json` the user supplies. Never the
//! network.
//!
//! Trust model, checked in full for each bundle:
//! - **keyless** (a Fulcio certificate): the leaf chains to a certificate authority of the
//!   trusted root, valid (leaf, chain and authority window) at every verified time; it carries a
//!   signed certificate timestamp from a trusted CT log; its identity (SAN) and OIDC issuer
//!   (Fulcio extension 1.3.6.1.4.1.57264.1.8, or .1.1) match an allowed signer;
//! - **key-based** (`publicKey` material): the signature verifies with an allowed public key;
//! - **times** come from the transparency log's signed entry timestamp (integrated time) and
//!   from RFC 3161 timestamps by a trusted timestamp authority;
//! - **transparency log**: every entry comes from a trusted log, records exactly this signature,
//!   signer and artifact (hashedrekord 0.0.1/0.0.2, dsse 0.0.1, intoto 0.0.2), its SET verifies,
//!   and its inclusion proof leads to a checkpoint signed by the log (v0.2+ require the proof);
//! - **signature**: over the artifact (message signature; the bundle's digest must be the
//!   artifact's) or over the DSSE PAE, whose in-toto statement must name the artifact's digest.
//!
//! Unreadable or syntactically malformed files are [`crate::Error`]s; every failed check is a
//! [`Failure`] in a [`BundleVerification`] with `verified: false`.
//!
//! Crypto comes from the RustCrypto crates (`x509-cert`, `cms`, `x509-tsp`, `p256`, `p384`,
//! `ecdsa`, `ed25519-dalek`, `rsa`, `sha2`); this module composes them into the Sigstore checks.
//!
//! **Why not the `sigstore` crate.** sigstore-rs 0.15.0 (checked 2026-12-06, the newest on
//! crates.io) verifies a bundle's signature, certificate chain and identity, but its bundle
//! verifier skips the two transparency-log checks that make an offline verification mean
//! anything (`bundle/verify/verifier.rs`, steps 5 and 6: "TODO: Merkle inclusion" and "TODO:
//! SET verification", sigstore-rs#285), and it does not verify RFC 3161 timestamps, so a Rekor
//! v2 bundle (timestamps only) cannot be verified with it at all. It also pulls an HTTP client
//! and OCI registry code into a gate that must never reach the network. The checks here follow
//! the Sigstore client specification and are held to the sigstore-conformance suite
//! (`tests/it/sigstore_conformance.rs`) and real bundles (`tests/it/signatures_real.rs`).

mod crypto;
mod model;
mod tlog;
mod trust;
mod tsa;
pub(crate) mod x509;

pub use trust::{TimeRange, TrustedRoot};

use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::verify::dsse::{pae, PublicKey};
use crypto::{b64, Hash, PubKey, Signed};
use model::{BundleJson, EnvelopeJson, MessageSignatureJson, TlogEntryJson};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tlog::{ContentRef, Expected, SignerMaterial};
use x509::Cert;

/// The artifact a bundle is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtifactRef {
    /// A file: hashed (streamed) as the signature needs.
    Path(PathBuf),
    /// Only the SHA-256 digest is known: enough for ECDSA P-256 message signatures and DSSE
    /// subjects, not for signatures that need another digest or the bytes (P-384, Ed25519).
    Sha256([u8; 32]),
    /// The file's content as already read (a bundle's evidence): verified from these bytes,
    /// never from the file again.
    Bytes(std::sync::Arc<Vec<u8>>),
    /// The SHA-256 digest and other digests (`sha384`, `sha512`, raw bytes) of one file,
    /// computed together: a DSSE statement that names its subject by sha512 binds to it.
    Digests {
        sha256: [u8; 32],
        others: Vec<(&'static str, Vec<u8>)>,
    },
}

impl ArtifactRef {
    /// From a hex SHA-256 digest (`sha256:` prefix allowed).
    pub fn sha256_hex(hex_digest: &str) -> Result<ArtifactRef> {
        let h = hex_digest.trim();
        let h = h.strip_prefix("sha256:").unwrap_or(h);
        let bytes = hex::decode(h)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| Error::Usage(format!("`{hex_digest}` is not a hex SHA-256 digest")))?;
        Ok(ArtifactRef::Sha256(bytes))
    }
}

/// Matches an identity or issuer: exactly, or by a regular expression over the whole value.
#[derive(Debug, Clone)]
pub enum Matcher {
    Exact(String),
    Pattern(regex::Regex),
}

impl Matcher {
    pub fn exact(s: impl Into<String>) -> Matcher {
        Matcher::Exact(s.into())
    }

    /// A pattern anchored at both ends (`.*@example\.com` matches the whole value).
    pub fn pattern(re: &str) -> Result<Matcher> {
        regex::Regex::new(&format!("^(?:{re})$"))
            .map(Matcher::Pattern)
            .map_err(|e| Error::Usage(format!("invalid identity pattern `{re}`: {e}")))
    }

    pub fn matches(&self, value: &str) -> bool {
        match self {
            Matcher::Exact(s) => s == value,
            Matcher::Pattern(re) => re.is_match(value),
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Matcher::Exact(s) => write!(f, "{s}"),
            Matcher::Pattern(re) => write!(f, "/{}/", re.as_str()),
        }
    }
}

/// An allowed keyless signer: the OIDC issuer and the certificate identity (SAN).
#[derive(Debug, Clone)]
pub struct AllowedIdentity {
    pub issuer: Matcher,
    pub subject: Matcher,
}

impl AllowedIdentity {
    pub fn exact(issuer: impl Into<String>, subject: impl Into<String>) -> AllowedIdentity {
        AllowedIdentity {
            issuer: Matcher::exact(issuer),
            subject: Matcher::exact(subject),
        }
    }

    pub fn from_spec(spec: &SignerSpec) -> Result<AllowedIdentity> {
        let subject = match (&spec.subject, &spec.subject_regex) {
            (Some(s), None) => Matcher::exact(s.clone()),
            (None, Some(re)) => Matcher::pattern(re)?,
            _ => {
                return Err(Error::Usage(format!(
                "allowed signer for issuer `{}` needs exactly one of `subject` and `subjectRegex`",
                spec.issuer
            )))
            }
        };
        Ok(AllowedIdentity {
            issuer: Matcher::exact(spec.issuer.clone()),
            subject,
        })
    }
}

/// Configuration form of an allowed keyless signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignerSpec {
    /// OIDC issuer, exactly (`https://token.actions.githubusercontent.com`).
    pub issuer: String,
    /// Certificate identity (SAN URI or e-mail), exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Certificate identity as a regular expression over the whole value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_regex: Option<String>,
}

/// What a bundle is verified against.
#[derive(Debug, Clone)]
pub struct TrustPolicy {
    pub root: TrustedRoot,
    /// Allowed keyless signers; a certificate bundle must match one.
    pub identities: Vec<AllowedIdentity>,
    /// Allowed public keys; a key bundle must be signed by one.
    pub keys: Vec<PublicKey>,
}

impl TrustPolicy {
    pub fn new(root: TrustedRoot) -> TrustPolicy {
        TrustPolicy {
            root,
            identities: Vec::new(),
            keys: Vec::new(),
        }
    }
    pub fn with_identity(mut self, identity: AllowedIdentity) -> TrustPolicy {
        self.identities.push(identity);
        self
    }
    pub fn with_key(mut self, key: PublicKey) -> TrustPolicy {
        self.keys.push(key);
        self
    }
}

/// Which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The bundle's content is not a supported, well-formed bundle (media type, base64, DER,
    /// missing parts).
    BundleFormat,
    /// The bundle's digest of the artifact is not the artifact's.
    ArtifactDigest,
    /// The signature does not verify over the artifact or the DSSE PAE.
    Signature,
    /// The DSSE statement does not name the artifact among its subjects.
    DsseSubject,
    /// The certificate does not chain to a trusted certificate authority at the signing time.
    CertificateChain,
    /// A verified time is outside the signing certificate's validity.
    CertificateValidity,
    /// The certificate is not fit for code signing (CA, key usage, extended key usage).
    CertificateUsage,
    /// No valid signed certificate timestamp from a trusted CT log.
    CertificateTransparency,
    /// The certificate identity or OIDC issuer is not an allowed signer.
    Identity,
    /// No allowed public key verifies the signature.
    PublicKey,
    /// A transparency log entry is missing, from an untrusted log or malformed.
    TlogEntry,
    /// The log entry body does not record this signature, signer and artifact.
    TlogBody,
    /// The signed entry timestamp does not verify.
    InclusionPromise,
    /// The Merkle inclusion proof is missing or does not verify.
    InclusionProof,
    /// The checkpoint is not signed by the log or does not match the proof.
    Checkpoint,
    /// An RFC 3161 timestamp does not verify.
    Timestamp,
    /// No verified time to check the certificate at.
    NoVerifiedTime,
}

/// One failed check and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Failure {
    pub check: Check,
    pub message: String,
}

/// Who signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signer {
    /// A (Fulcio) certificate.
    Certificate {
        /// First SAN value (URI or e-mail).
        identity: Option<String>,
        /// All SAN values.
        subject_alt_names: Vec<String>,
        /// OIDC issuer from the Fulcio extension.
        issuer: Option<String>,
        /// Issuer of the certificate (the CA).
        certificate_issuer: String,
        serial: String,
        /// Hex SHA-256 of the certificate DER.
        fingerprint: String,
    },
    /// A public key.
    Key {
        /// Hex SHA-256 of its DER SubjectPublicKeyInfo (as [`PublicKey::key_id`]).
        key_id: String,
        algorithm: String,
        /// The bundle's key hint, if any.
        hint: Option<String>,
    },
}

/// A digest the verified signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CoveredDigest {
    /// Subject name (DSSE statements); `None` for a message signature.
    pub name: Option<String>,
    pub algorithm: String,
    /// Lowercase hex.
    pub digest: String,
}

/// Where a verified time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// A transparency log's signed entry timestamp (integrated time).
    Tlog,
    /// An RFC 3161 timestamp authority.
    TimestampAuthority,
}

/// A time that a signature is known to have existed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VerifiedTime {
    pub source: TimeSource,
    /// Unix seconds.
    pub unix: i64,
    /// RFC 3339.
    pub time: String,
    /// Log base URL or TSA URI.
    pub by: String,
}

/// A transparency log entry as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TlogSummary {
    pub log_index: i64,
    pub log: Option<String>,
    pub kind: String,
    pub version: String,
    pub integrated_time: Option<i64>,
    pub inclusion_proof: bool,
    pub inclusion_promise: bool,
}

/// The outcome of verifying one bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BundleVerification {
    /// True only when every check passed.
    pub verified: bool,
    pub failures: Vec<Failure>,
    pub media_type: String,
    /// `0.1`, `0.2` or `0.3` when recognized.
    pub bundle_version: Option<String>,
    /// `message_signature` or `dsse`.
    pub content: Option<String>,
    pub payload_type: Option<String>,
    pub predicate_type: Option<String>,
    pub signer: Option<Signer>,
    pub digests: Vec<CoveredDigest>,
    pub times: Vec<VerifiedTime>,
    pub tlog_entries: Vec<TlogSummary>,
}

impl BundleVerification {
    fn new(media_type: &str) -> BundleVerification {
        BundleVerification {
            verified: false,
            failures: Vec::new(),
            media_type: media_type.to_string(),
            bundle_version: None,
            content: None,
            payload_type: None,
            predicate_type: None,
            signer: None,
            digests: Vec::new(),
            times: Vec::new(),
            tlog_entries: Vec::new(),
        }
    }

    fn fail(&mut self, check: Check, message: impl Into<String>) {
        self.failures.push(Failure {
            check,
            message: message.into(),
        });
    }

    fn done(mut self) -> BundleVerification {
        self.verified = self.failures.is_empty();
        self
    }

    /// Whether a failure of `check` was recorded.
    pub fn failed(&self, check: Check) -> bool {
        self.failures.iter().any(|f| f.check == check)
    }
}

/// Verifies the bundle file `bundle` over `artifact` under `trust`. Never touches the network.
pub fn verify_bundle(
    bundle: &Path,
    artifact: ArtifactRef,
    trust: &TrustPolicy,
) -> Result<BundleVerification> {
    let doc = Doc::read(bundle, &bundle.display().to_string())?;
    verify_bundle_doc(&doc, &artifact, trust)
}

/// As [`verify_bundle`], for a bundle already read.
pub fn verify_bundle_doc(
    doc: &Doc,
    artifact: &ArtifactRef,
    trust: &TrustPolicy,
) -> Result<BundleVerification> {
    let raw: BundleJson = doc.json()?;
    let artifact = Artifact::new(artifact)?;
    Ok(verify_parsed(&raw, &artifact, trust))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Version {
    V01,
    V02,
    V03,
}

fn bundle_version(media_type: &str) -> Option<Version> {
    match media_type {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" => Some(Version::V01),
        "application/vnd.dev.sigstore.bundle+json;version=0.2" => Some(Version::V02),
        "application/vnd.dev.sigstore.bundle+json;version=0.3"
        | "application/vnd.dev.sigstore.bundle.v0.3+json" => Some(Version::V03),
        _ => None,
    }
}

/// The artifact's digests, computed once; the file is re-read only for a digest or bytes that
/// a signature needs beyond SHA-256.
struct Artifact {
    sha256: [u8; 32],
    path: Option<PathBuf>,
    bytes: Option<std::sync::Arc<Vec<u8>>>,
    /// Other digests given with the sha256 (`ArtifactRef::Digests`).
    others: Vec<(&'static str, Vec<u8>)>,
}

impl Artifact {
    fn new(a: &ArtifactRef) -> Result<Artifact> {
        match a {
            ArtifactRef::Sha256(d) => Ok(Artifact {
                sha256: *d,
                path: None,
                bytes: None,
                others: Vec::new(),
            }),
            ArtifactRef::Digests { sha256, others } => Ok(Artifact {
                sha256: *sha256,
                path: None,
                bytes: None,
                others: others.clone(),
            }),
            ArtifactRef::Bytes(b) => Ok(Artifact {
                sha256: Sha256::digest(b.as_slice()).into(),
                path: None,
                bytes: Some(b.clone()),
                others: Vec::new(),
            }),
            ArtifactRef::Path(p) => {
                let d = hash_file(p, Hash::Sha256)?;
                let mut sha256 = [0u8; 32];
                sha256.copy_from_slice(&d);
                Ok(Artifact {
                    sha256,
                    path: Some(p.clone()),
                    bytes: None,
                    others: Vec::new(),
                })
            }
        }
    }

    fn digest(&self, h: Hash) -> std::result::Result<Vec<u8>, String> {
        if let Some((_, d)) = self.others.iter().find(|(name, _)| *name == h.name()) {
            return Ok(d.clone());
        }
        match (h, &self.path, &self.bytes) {
            (Hash::Sha256, _, _) => Ok(self.sha256.to_vec()),
            (_, _, Some(b)) => Ok(hash_bytes(b, h)),
            (_, Some(p), None) => hash_file(p, h).map_err(|e| e.to_string()),
            (_, None, None) => Err(format!(
                "the signature needs the artifact's {} digest, only its sha256 was given",
                h.name()
            )),
        }
    }

    fn bytes(&self) -> std::result::Result<Vec<u8>, String> {
        if let Some(b) = &self.bytes {
            return Ok(b.as_ref().clone());
        }
        match &self.path {
            Some(p) => std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())),
            None => Err(
                "the signature (Ed25519) needs the artifact itself, only its sha256 was given"
                    .into(),
            ),
        }
    }
}

fn hash_bytes(b: &[u8], h: Hash) -> Vec<u8> {
    h.digest(b)
}

fn hash_file(path: &Path, h: Hash) -> Result<Vec<u8>> {
    crate::digest::file_digest(path, h)
}

/// The decoded signed content.
enum Content {
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
    fn signature(&self) -> &[u8] {
        match self {
            Content::Message { signature, .. } => signature,
            Content::Dsse { signatures, .. } => signatures.first().map_or(&[], |s| s.as_slice()),
        }
    }
}

fn decode_content(
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
enum Material {
    Certificate(Box<Cert>),
    Key { hint: String },
}

fn decode_material(
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

fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| t.to_string())
}

fn verify_parsed(raw: &BundleJson, artifact: &Artifact, trust: &TrustPolicy) -> BundleVerification {
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

    // The signed bytes and the signature check.
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

    // Artifact binding: the bundle's digest (message) or the statement's subjects (DSSE).
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

    // Transparency log entries.
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

    // RFC 3161 timestamps over the signature.
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

    // Logs without an integrated time (Rekor v2) must have been valid at a trusted time.
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

    // The certificate at every verified time.
    if let Material::Certificate(leaf) = &material {
        check_certificate(leaf, &times, trust, &mut out);
    }
    out.times = times;
    out.done()
}

fn check_signature(
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

fn check_certificate(
    leaf: &Cert,
    times: &[VerifiedTime],
    trust: &TrustPolicy,
    out: &mut BundleVerification,
) {
    if leaf.is_ca() {
        out.fail(Check::CertificateUsage, "the signing certificate is a CA");
    }
    if !leaf.allows_digital_signature() || !leaf.has_eku(x509::EKU_CODE_SIGNING) {
        out.fail(
            Check::CertificateUsage,
            "the signing certificate is not for code signing (key usage digitalSignature, extended key usage codeSigning)",
        );
    }
    if times.is_empty() {
        out.fail(
            Check::NoVerifiedTime,
            "no verified time (no signed entry timestamp and no trusted RFC 3161 timestamp) to check the certificate at",
        );
    }
    // The issuing CA: the trusted authority whose first certificate signed the leaf.
    let issuers: Vec<&trust::TrustedAuthority> = trust
        .root
        .cas
        .iter()
        .filter(|ca| ca.chain.first().is_some_and(|c| leaf.signed_by(c).is_ok()))
        .collect();
    if issuers.is_empty() {
        out.fail(
            Check::CertificateChain,
            format!(
                "the certificate (issuer `{}`) is not issued by a certificate authority of the trusted root",
                leaf.cert.tbs_certificate.issuer
            ),
        );
    }
    for t in times {
        if !leaf.valid_at(t.unix) {
            out.fail(
                Check::CertificateValidity,
                format!(
                    "{} time {} is outside the certificate's validity {} .. {}",
                    match t.source {
                        TimeSource::Tlog => "transparency log",
                        TimeSource::TimestampAuthority => "timestamp authority",
                    },
                    t.time,
                    rfc3339(leaf.not_before()),
                    rfc3339(leaf.not_after())
                ),
            );
        }
        if !issuers.is_empty()
            && !issuers
                .iter()
                .any(|ca| ca.valid.contains(t.unix) && chain_ok(&ca.chain, t.unix))
        {
            out.fail(
                Check::CertificateChain,
                format!(
                    "no trusted certificate authority that issued the certificate was valid at {}",
                    t.time
                ),
            );
        }
    }
    if let Some(issuer) = issuers.first().and_then(|ca| ca.chain.first()) {
        if let Err(m) = check_scts(leaf, issuer, trust) {
            out.fail(Check::CertificateTransparency, m);
        }
    }
    let sans = leaf.san_values();
    let issuer = leaf.oidc_issuer();
    let allowed = trust.identities.iter().any(|id| {
        issuer.as_deref().is_some_and(|i| id.issuer.matches(i))
            && sans.iter().any(|s| id.subject.matches(s))
    });
    if !allowed {
        out.fail(
            Check::Identity,
            format!(
                "signer `{}` (issuer `{}`) is not an allowed identity{}",
                sans.join("`, `"),
                issuer.as_deref().unwrap_or("none"),
                if trust.identities.is_empty() {
                    ": no identity is allowed".to_string()
                } else {
                    format!(
                        " (allowed: {})",
                        trust
                            .identities
                            .iter()
                            .map(|i| format!("{} from {}", i.subject, i.issuer))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                }
            ),
        );
    }
}

fn chain_ok(chain: &[Cert], t: i64) -> bool {
    chain.iter().enumerate().all(|(i, c)| {
        c.valid_at(t)
            && chain
                .get(i + 1)
                .is_none_or(|parent| c.signed_by(parent).is_ok())
    })
}

fn check_scts(leaf: &Cert, issuer: &Cert, trust: &TrustPolicy) -> std::result::Result<(), String> {
    let scts = match leaf.scts() {
        None => return Err("the certificate has no embedded SCT".into()),
        Some(r) => r?,
    };
    let tbs = leaf.precert_tbs()?;
    let key_hash = crypto::sha256(&issuer.spki_der());
    let mut why = Vec::new();
    for sct in &scts {
        let Some(log) = trust.root.ctlogs.iter().find(|l| l.key_id == sct.log_id) else {
            why.push(format!(
                "SCT from CT log {} which is not in the trusted root",
                crypto::b64_encode(&sct.log_id)
            ));
            continue;
        };
        let t = i64::try_from(sct.timestamp / 1000).unwrap_or(i64::MAX);
        if !log.valid.contains(t) {
            why.push(format!(
                "SCT time is outside the validity of CT log `{}`",
                log.base_url
            ));
            continue;
        }
        let hash = match sct.hash_alg {
            4 => Hash::Sha256,
            5 => Hash::Sha384,
            6 => Hash::Sha512,
            other => {
                why.push(format!("SCT hash algorithm {other} is not supported"));
                continue;
            }
        };
        let data = sct.signed_data(&key_hash, &tbs);
        match log
            .key
            .verify(Signed::Message(&data), Some(hash), &sct.signature)
        {
            Ok(()) => return Ok(()),
            Err(e) => why.push(format!("SCT by `{}`: {e}", log.base_url)),
        }
    }
    Err(format!("no valid SCT: {}", why.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(
            bundle_version("application/vnd.dev.sigstore.bundle+json;version=0.1"),
            Some(Version::V01)
        );
        assert_eq!(
            bundle_version("application/vnd.dev.sigstore.bundle.v0.3+json"),
            Some(Version::V03)
        );
        assert_eq!(
            bundle_version("application/vnd.dev.sigstore.bundle+json;version=99.9"),
            None
        );
    }

    #[test]
    fn matchers_anchor_patterns() {
        let m = Matcher::pattern(r"https://github\.com/org/.*").unwrap();
        assert!(m.matches("https://github.com/org/repo/.github/workflows/x.yml@refs/heads/main"));
        assert!(!m.matches("xhttps://github.com/org/repo"));
        assert!(Matcher::pattern("(").is_err());
        assert!(Matcher::exact("a").matches("a") && !Matcher::exact("a").matches("ab"));
    }

    #[test]
    fn identity_specs() {
        let spec = SignerSpec {
            issuer: "https://accounts.google.com".into(),
            subject: None,
            subject_regex: Some(".*@example\\.com".into()),
        };
        let id = AllowedIdentity::from_spec(&spec).unwrap();
        assert!(id.subject.matches("alice@example.com"));
        let both = SignerSpec {
            subject: Some("a".into()),
            ..spec.clone()
        };
        assert!(AllowedIdentity::from_spec(&both).is_err());
    }

    #[test]
    fn artifact_digests() {
        let a = ArtifactRef::sha256_hex(
            "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf",
        )
        .unwrap();
        let art = Artifact::new(&a).unwrap();
        assert!(art.digest(Hash::Sha384).is_err());
        assert!(art.bytes().is_err());
        assert!(ArtifactRef::sha256_hex("abc").is_err());
    }

    /// A P-384 message signature over the SHA-256 digest, as `messageDigest: SHA2_256` says
    /// (older clients): verifies over the artifact's own SHA-256, and over nothing else.
    #[test]
    fn p384_signature_over_the_declared_sha256_digest() {
        use p384::ecdsa::signature::hazmat::PrehashSigner;
        let sk = p384::ecdsa::SigningKey::from_slice(&[7u8; 48]).unwrap();
        let key = PubKey::P384(*sk.verifying_key());
        let body = b"model weights".to_vec();
        let d256 = Sha256::digest(&body).to_vec();
        let sig: p384::ecdsa::Signature = sk.sign_prehash(&d256).unwrap();
        let sig = sig.to_der().as_bytes().to_vec();
        let art =
            |b: &[u8]| Artifact::new(&ArtifactRef::Bytes(std::sync::Arc::new(b.to_vec()))).unwrap();
        let msg = |alg: &str, h: Option<Hash>, d: &[u8]| Content::Message {
            signature: sig.clone(),
            digest: Some((h, alg.to_string(), d.to_vec())),
        };
        let sha256 = msg("SHA2_256", Some(Hash::Sha256), &d256);
        assert_eq!(check_signature(&sha256, &[], &key, &art(&body)), Ok(()));
        // Attack: the same signature and declared digest over another artifact.
        let other = art(b"model weights, swapped");
        let e = check_signature(&sha256, &[], &key, &other).unwrap_err();
        assert!(e.contains("does not verify"), "{e}");
        // The SHA-256 fallback only where the bundle declares SHA-256: not for SHA2_384 or none.
        let d384 = Hash::Sha384.digest(&body);
        let sha384 = msg("SHA2_384", Some(Hash::Sha384), &d384);
        assert!(check_signature(&sha384, &[], &key, &art(&body)).is_err());
        let none = Content::Message {
            signature: sig.clone(),
            digest: None,
        };
        assert!(check_signature(&none, &[], &key, &art(&body)).is_err());
        // A P-256 key gets no fallback either: its signature is always over SHA-256.
        let p256 = PubKey::P256(
            *p256::ecdsa::SigningKey::from_slice(&[9u8; 32])
                .unwrap()
                .verifying_key(),
        );
        assert!(check_signature(&sha256, &[], &p256, &art(&body)).is_err());
    }

    #[test]
    fn malformed_bundle_json_is_an_error_with_location() {
        let doc = Doc::new("b.json", "b.json", b"{\"mediaType\": 1}".to_vec());
        let root = TrustedRoot {
            media_type: String::new(),
            tlogs: vec![],
            ctlogs: vec![],
            cas: vec![],
            tsas: vec![],
        };
        let e = verify_bundle_doc(&doc, &ArtifactRef::Sha256([0; 32]), &TrustPolicy::new(root))
            .unwrap_err();
        assert!(e.to_string().contains("/mediaType"), "{e}");
    }

    #[test]
    fn unknown_versions_and_missing_parts_fail_with_reasons() {
        let root = TrustedRoot {
            media_type: String::new(),
            tlogs: vec![],
            ctlogs: vec![],
            cas: vec![],
            tsas: vec![],
        };
        let policy = TrustPolicy::new(root);
        let run = |text: &str| {
            let doc = Doc::new("b.json", "b.json", text.as_bytes().to_vec());
            verify_bundle_doc(&doc, &ArtifactRef::Sha256([0; 32]), &policy).unwrap()
        };
        let v = run(r#"{"mediaType": "application/vnd.dev.sigstore.bundle+json;version=9"}"#);
        assert!(!v.verified && v.failed(Check::BundleFormat));
        let v = run(
            r#"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": {"publicKey": {"hint": ""}},
            "messageSignature": {"signature": "AAAA"}}"#,
        );
        assert!(!v.verified);
        assert!(v.failed(Check::PublicKey), "{v:?}");
        assert!(v.failed(Check::TlogEntry), "{v:?}");
        let v = run(
            r#"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": {"publicKey": {}},
            "messageSignature": {"signature": "!!"}}"#,
        );
        assert!(v.failed(Check::BundleFormat), "{v:?}");
    }
}
