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
//! `ecdsa`, `ed25519-dalek`, `rsa`, `sha2`); the Fulcio certificate chain is RFC 5280 path
//! validation by `rustls-webpki` (ring); this module composes them into the Sigstore checks.
//!
//! **Why not the `sigstore` crate.** sigstore-rs 0.15.0 (checked 2026-12-06, the newest on
//! crates.io) verifies a bundle's signature, certificate chain and identity, but its bundle
//! verifier skips the two transparency-log checks that make an offline verification mean
//! anything (`bundle/verify/verifier.rs`, steps 5 and 6: "TODO: Merkle inclusion" and "TODO:
//! SET verification", sigstore-rs#285), and it does not verify RFC 3161 timestamps, so a Rekor
//! v2 bundle (timestamps only) cannot be verified with it at all. It also pulls an HTTP client
//! and OCI registry code into a gate that must never reach the network. The certificate chain
//! is the one step done as sigstore-rs does it (`crypto/certificate_pool.rs`): rustls-webpki
//! verifies the leaf against the trusted root's Fulcio CAs for codeSigning (`chain.rs`), here
//! at each verified signing time (integrated time, RFC 3161 time), never the current time.
//! The checks here follow the Sigstore client specification and are held to the
//! sigstore-conformance suite (`tests/it/sigstore_conformance.rs`) and real bundles
//! (`tests/it/signatures_real.rs`).

mod artifact;
mod certificate;
mod chain;
mod content;
mod crypto;
mod model;
mod policy;
#[cfg(test)]
mod tests;
mod tlog;
mod trust;
mod tsa;
mod verify;
pub(crate) mod x509;

pub use artifact::ArtifactRef;
pub use policy::{AllowedIdentity, Matcher, SignerSpec, TrustPolicy};
pub use trust::{TimeRange, TrustedRoot};

use crate::error::Result;
use crate::formats::Doc;
use artifact::Artifact;
use model::BundleJson;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;
use verify::verify_parsed;

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
        /// Hex SHA-256 of its DER SubjectPublicKeyInfo (as
        /// [`PublicKey::key_id`](crate::verify::dsse::PublicKey::key_id)).
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

fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| t.to_string())
}
