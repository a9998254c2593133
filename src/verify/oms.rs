//! OpenSSF Model Signing (OMS) signatures as the `model-signing` package writes them: a Sigstore
//! bundle whose DSSE envelope carries an in-toto statement listing every file of the model with
//! its sha256. Verified offline against trusted public keys, then every file is hashed again.
//!
//! A file that cannot be read or a signature file that is not JSON is an [`Error`]; a model
//! that does not match its signature is an [`OmsVerification`] with `verified: false` and the
//! reasons, because that is a finding about the evidence, not a failure of the tool.

use super::dsse::{Envelope, KeyAlgorithm, PublicKey, RawEnvelope, VerifyFailure};
use crate::error::{Error, Location, Result};
use crate::formats::Doc;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Predicate of model-signing 1.x signatures.
pub const PREDICATE_TYPE: &str = "https://model_signing/signature/v1.0";
/// Predicate of model-signing 0.2 signatures (one in-toto subject per file), still verified by
/// model-signing 1.x.
pub const PREDICATE_TYPE_DIGESTS_V01: &str = "https://model_signing/Digests/v0.1";
/// Other predicates model-signing 0.2 could write; model-signing 1.x does not verify them.
const PREDICATE_TYPES_V01_UNVERIFIABLE: [&str; 3] = [
    "https://model_signing/Digest/v0.1",
    "https://model_signing/DigestOfDigests/v0.1",
    "https://model_signing/ShardDigests/v0.1",
];
/// The in-toto statement type OMS payloads use.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// Paths at the top of the model that model-signing ignores by default when signing and
/// verifying (`--ignore-git-paths`, on by default).
pub const GIT_PATHS: [&str; 4] = [".git", ".gitattributes", ".github", ".gitignore"];
/// Sigstore bundle media types whose DSSE envelope is read (model-signing writes v0.3).
pub const BUNDLE_MEDIA_TYPES: [&str; 4] = [
    "application/vnd.dev.sigstore.bundle+json;version=0.1",
    "application/vnd.dev.sigstore.bundle+json;version=0.2",
    "application/vnd.dev.sigstore.bundle+json;version=0.3",
    "application/vnd.dev.sigstore.bundle.v0.3+json",
];

/// What verifying one OMS signature found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OmsVerification {
    /// The signature verifies with a trusted key and every file matches it.
    pub verified: bool,
    /// Why not, when not: every reason, not only the first.
    pub failures: Vec<Failure>,
    /// How the envelope was wrapped.
    pub container: Container,
    /// The Sigstore bundle's `mediaType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The trusted key whose signature verified. Absent when none did; nothing of the payload
    /// (subject, files) is reported then, since it is not known to be the signer's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<Signer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicate_type: Option<String>,
    /// The model as the statement names it, with the digest over all file digests. Absent in
    /// model-signing 0.2 signatures, which have one subject per file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serialization: Option<Serialization>,
    /// Every file as signed, sorted by name.
    pub files: Vec<SignedFile>,
    /// Paths of the model folder left out of the comparison: the signature file when it lies
    /// inside, the statement's `ignore_paths` and the git paths model-signing ignores.
    pub ignored: Vec<String>,
    /// The paths present in the model folder that those rules left out, unverified: whatever
    /// they hold is not covered by the signature.
    pub ignored_present: Vec<String>,
}

/// The envelope's wrapper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Container {
    #[serde(rename = "sigstore-bundle")]
    SigstoreBundle,
    #[serde(rename = "dsse")]
    Dsse,
}

/// The trusted key that verified the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signer {
    /// sha256 of the key's SubjectPublicKeyInfo DER, hex.
    pub key_id: String,
    pub algorithm: KeyAlgorithm,
    /// The bundle's `verificationMaterial.publicKey.hint` (sha256 of the key's PEM), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Signed over the PAE of model-signing 0.2 (see [`super::dsse::pae_model_signing_v02`]).
    pub legacy_pae: bool,
    /// The signing certificate, for model-signing's `certificate` method (the key is its).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSigner>,
}

/// The certificate a `certificate`-method signature was verified with, and its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSigner {
    pub subject: String,
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Subjects from the leaf up to the trusted CA (`--certificate-chain`) it chains to.
    pub chain: Vec<String>,
    /// sha256 of the trusted CA certificate's DER, hex.
    pub anchor_sha256: String,
    pub not_before: String,
    pub not_after: String,
    /// Validity is checked at the leaf's notBefore, as model-signing does: the signature
    /// carries no signing time (no timestamp, no log entry). This says so, and whether the
    /// leaf or a CA of its chain has expired by now, which the check above does not catch.
    pub validity: String,
    pub expired_now: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub name: String,
    /// sha256 over the raw digests of all files, in the order the statement lists them.
    pub sha256: String,
}

/// The statement's serialization parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Serialization {
    /// `files` (verified) or `shards` (not supported).
    pub method: String,
    pub hash_type: String,
    pub allow_symlinks: bool,
    pub ignore_paths: Vec<String>,
}

/// A file as signed: its path relative to the model folder (`/`-separated; `.` when the model
/// is a single file) and its sha256.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SignedFile {
    pub name: String,
    pub sha256: String,
}

/// Why an OMS signature does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Failure {
    /// No signature of the envelope verifies with a trusted key that it may be from: the
    /// payload or the signature was altered, or (without a key hint) another key signed it.
    SignatureInvalid { detail: String },
    /// The bundle names its signing key, and no trusted key is that key.
    NoMatchingKey {
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        detail: String,
    },
    /// A signed file's content differs.
    FileChanged {
        name: String,
        signed_sha256: String,
        actual_sha256: String,
    },
    /// A file of the model folder that the signature does not list.
    FileAdded { name: String, sha256: String },
    /// A signed file that is not in the model folder.
    FileRemoved { name: String },
    /// A path that is refused: a signed name with `..` or an absolute path, a symlink that
    /// leaves the model folder or is broken, a symlink the signature did not allow, a special
    /// file.
    PathRefused { name: String, detail: String },
    /// The signed statement contradicts itself (subject digest, duplicate or malformed entries).
    InvalidManifest { detail: String },
    /// The signing certificate does not chain to a trusted CA (`--certificate-chain`), or may
    /// not sign: self-signed, an issuer that is no CA, a broken link, a key usage without
    /// digitalSignature.
    CertificateUntrusted { detail: String },
    /// A valid signature of something modelgate does not verify (sharded serialization, hash
    /// algorithms other than sha256, other payload or predicate types, other media types).
    Unsupported { detail: String },
}

impl Failure {
    /// Stable kebab-case id of the failure kind.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::SignatureInvalid { .. } => "signature-invalid",
            Failure::NoMatchingKey { .. } => "no-matching-key",
            Failure::FileChanged { .. } => "file-changed",
            Failure::FileAdded { .. } => "file-added",
            Failure::FileRemoved { .. } => "file-removed",
            Failure::PathRefused { .. } => "path-refused",
            Failure::InvalidManifest { .. } => "invalid-manifest",
            Failure::CertificateUntrusted { .. } => "certificate-untrusted",
            Failure::Unsupported { .. } => "unsupported",
        }
    }

    /// The file the failure is about, if it is about one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Failure::FileChanged { name, .. }
            | Failure::FileAdded { name, .. }
            | Failure::FileRemoved { name }
            | Failure::PathRefused { name, .. } => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::SignatureInvalid { detail } => write!(f, "signature invalid: {detail}"),
            Failure::NoMatchingKey { detail, .. } => write!(f, "no matching key: {detail}"),
            Failure::FileChanged {
                name,
                signed_sha256,
                actual_sha256,
            } => write!(
                f,
                "file changed: {name} (signed sha256 {signed_sha256}, now {actual_sha256})"
            ),
            Failure::FileAdded { name, .. } => write!(f, "file added: {name} (not signed)"),
            Failure::FileRemoved { name } => write!(f, "file removed: {name} (signed, missing)"),
            Failure::PathRefused { name, detail } => write!(f, "path refused: {name}: {detail}"),
            Failure::InvalidManifest { detail } => write!(f, "invalid manifest: {detail}"),
            Failure::CertificateUntrusted { detail } => {
                write!(f, "certificate untrusted: {detail}")
            }
            Failure::Unsupported { detail } => write!(f, "unsupported: {detail}"),
        }
    }
}

impl OmsVerification {
    /// One line for reports: what verified, or every failure.
    pub fn summary(&self) -> String {
        if self.verified {
            let model = self
                .subject
                .as_ref()
                .map(|s| format!("model `{}`", s.name))
                .unwrap_or_else(|| "model".to_string());
            let key = self
                .signer
                .as_ref()
                .map(|s| format!(" signed by key {} ({})", s.key_id, s.algorithm))
                .unwrap_or_default();
            format!("verified: {model}, {} file(s){key}", self.files.len())
        } else {
            self.failures
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        }
    }

    /// sha256 digests of the signed files.
    pub fn covers(&self) -> Vec<String> {
        self.files.iter().map(|f| f.sha256.clone()).collect()
    }

    fn new(container: Container, media_type: Option<String>) -> Self {
        OmsVerification {
            verified: false,
            failures: Vec::new(),
            container,
            media_type,
            signer: None,
            predicate_type: None,
            subject: None,
            serialization: None,
            files: Vec::new(),
            ignored: Vec::new(),
            ignored_present: Vec::new(),
        }
    }

    fn fail(mut self, failure: Failure) -> Self {
        self.failures.push(failure);
        self.verified = false;
        self
    }
}

/// Verifies the OMS signature `signature` of the model at `model_dir` (a folder, or a single
/// file) against the trusted `keys`: the envelope's signature first, then every file's sha256
/// (streamed, in parallel) against the signed list. Files added, removed or changed fail,
/// each named. Accepts a Sigstore bundle (v0.1–v0.3 media types) or a plain DSSE envelope.
///
/// ```no_run
/// use modelgate::verify::{dsse::PublicKey, oms};
/// use std::path::Path;
/// let key = PublicKey::read(Path::new("key.pub"))?;
/// let result = oms::verify_model(Path::new("model"), Path::new("model.sig"), &[key])?;
/// if !result.verified {
///     eprintln!("{}", result.summary());
/// }
/// # Ok::<(), modelgate::Error>(())
/// ```
pub fn verify_model(
    model_dir: &Path,
    signature: &Path,
    keys: &[PublicKey],
) -> Result<OmsVerification> {
    let doc = Doc::read(signature, &signature.to_string_lossy())?;
    verify_model_doc(&doc, &Folder::new(model_dir, signature), keys)
}

/// [`verify_model`] of a signature already read, against the model files `local` lists.
pub fn verify_model_doc(
    doc: &Doc,
    local: &dyn LocalFiles,
    keys: &[PublicKey],
) -> Result<OmsVerification> {
    if keys.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no public key given to verify the OMS signature with",
            doc.path.display()
        )));
    }
    verify_model_with(doc, local, |_, envelope, key| {
        check_signature(envelope, key, keys).map(Some)
    })
}

/// Verifies a certificate-based (keyless) OMS signature: the bundle is verified as a Sigstore
/// bundle against `trust` (Fulcio chain, transparency log, allowed identity) with the model's
/// subject digest as its artifact, then every file is compared as for key-based signatures.
/// Returns the certificate signer when the envelope verified.
pub fn verify_model_keyless(
    model_dir: &Path,
    signature: &Path,
    trust: &super::sigstore::TrustPolicy,
) -> Result<(OmsVerification, Option<super::sigstore::Signer>)> {
    let doc = Doc::read(signature, &signature.to_string_lossy())?;
    verify_model_keyless_doc(&doc, &Folder::new(model_dir, signature), trust)
}

/// [`verify_model_keyless`] of a signature already read, against the files `local` lists.
pub fn verify_model_keyless_doc(
    doc: &Doc,
    local: &dyn LocalFiles,
    trust: &super::sigstore::TrustPolicy,
) -> Result<(OmsVerification, Option<super::sigstore::Signer>)> {
    let mut cert_signer = None;
    let out = verify_model_with(doc, local, |doc, envelope, _| {
        let manifest = read_statement(doc, envelope).map_err(|e| Failure::InvalidManifest {
            detail: e.to_string(),
        })?;
        let Some(subject) = manifest.subject else {
            return Err(Failure::InvalidManifest {
                detail: "the statement has no subject to verify the bundle against".into(),
            });
        };
        let mut digest = [0u8; 32];
        hex::decode_to_slice(&subject.sha256, &mut digest).map_err(|e| {
            Failure::InvalidManifest {
                detail: format!("subject digest: {e}"),
            }
        })?;
        let v = super::sigstore::verify_bundle_doc(
            doc,
            &super::sigstore::ArtifactRef::Sha256(digest),
            trust,
        )
        .map_err(|e| Failure::SignatureInvalid {
            detail: e.to_string(),
        })?;
        if !v.verified {
            return Err(Failure::SignatureInvalid {
                detail: v
                    .failures
                    .iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
        cert_signer = v.signer;
        Ok(None)
    })?;
    Ok((out, cert_signer))
}

/// CA certificates trusted to issue the signing certificate of model-signing's `certificate`
/// method (`--certificate-chain`). Only these are trust anchors: a certificate the signature
/// carries is at most an intermediate that must itself chain to one of them.
#[derive(Debug, Clone, Default)]
pub struct CertificateChain {
    anchors: Vec<super::sigstore::x509::Cert>,
}

impl CertificateChain {
    /// Every certificate of a PEM text (one or more `CERTIFICATE` blocks).
    pub fn from_pem(text: &[u8]) -> std::result::Result<Self, String> {
        Ok(CertificateChain {
            anchors: super::sigstore::x509::certs_from_pem(text)?,
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
) -> Result<std::result::Result<Vec<super::sigstore::x509::Cert>, String>> {
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
            let der =
                super::dsse::decode_base64(b64).map_err(|e| format!("certificate {i}: {e}"))?;
            super::sigstore::x509::Cert::from_der(&der).map_err(|e| format!("certificate {i}: {e}"))
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
fn check_certificate_signature(
    envelope: &Envelope,
    certs: &[super::sigstore::x509::Cert],
    anchors: &CertificateChain,
    now: i64,
) -> std::result::Result<Option<Signer>, Failure> {
    use super::sigstore::x509::Cert;
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
        use super::sigstore::x509::{EKU_ANY, EKU_CODE_SIGNING, EXT_KEY_USAGE, KEY_USAGE_EXT};
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
            } else if issuer.has_extension(super::sigstore::x509::NAME_CONSTRAINTS) {
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
        Err(_) if p384_legacy_sha256(&key, envelope) => super::dsse::Verified {
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
    let digest = Sha256::digest(super::dsse::pae_model_signing_v02(
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

/// The shared path of [`verify_model`] and [`verify_model_keyless`]: `check` verifies the
/// envelope (returning the key signer, if key-based) before anything signed is believed.
fn verify_model_with(
    doc: &Doc,
    local: &dyn LocalFiles,
    check: impl FnOnce(&Doc, &Envelope, &KeyRef) -> std::result::Result<Option<Signer>, Failure>,
) -> Result<OmsVerification> {
    let sig = read_signature(doc)?;
    let mut out = OmsVerification::new(sig.container, sig.media_type.clone());
    if let Some(detail) = sig.unsupported {
        return Ok(out.fail(Failure::Unsupported { detail }));
    }
    let Some(envelope) = sig.envelope else {
        return Ok(out.fail(Failure::Unsupported {
            detail: "the bundle has no DSSE envelope (a message signature is not an OMS model \
                     signature)"
                .into(),
        }));
    };

    // 1. The signature: by a trusted key that the bundle allows (its hint or embedded key), or
    // by a certificate of an allowed identity.
    match check(doc, &envelope, &sig.key) {
        Ok(signer) => out.signer = signer,
        Err(failure) => return Ok(out.fail(failure)),
    }

    // 2. The signed statement.
    let manifest = read_statement(doc, &envelope)?;
    out.predicate_type = manifest.predicate_type.clone();
    out.subject = manifest.subject.clone();
    out.serialization = manifest.serialization.clone();
    let mut files: Vec<SignedFile> = manifest.files.clone();
    files.sort();
    out.files = files;
    let serialization = match (&manifest.serialization, manifest.failures.is_empty()) {
        (Some(s), true) => s,
        _ => {
            out.failures = manifest.failures;
            return Ok(out);
        }
    };

    // 3. The model as it is now.
    let signed: BTreeMap<&str, &str> = manifest
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.sha256.as_str()))
        .collect();
    let mut rules = ignore_rules(local.signature_name().as_deref(), serialization, &signed);
    rules.extend(local.extra_ignored());
    let listing = local.list(&|rel: &str| is_ignored(&rules, rel))?;
    out.ignored = rules.into_iter().collect();
    out.ignored_present = listing.ignored;
    let mut actual: BTreeMap<String, String> = BTreeMap::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut refused: BTreeSet<String> = BTreeSet::new();
    for (name, file) in listing.files {
        let why = match file {
            Listed::File {
                sha256,
                link: false,
            } => {
                actual.insert(name, sha256);
                continue;
            }
            Listed::File { sha256, link: true } if serialization.allow_symlinks => {
                actual.insert(name, sha256);
                continue;
            }
            // model-signing does not enter symlinked folders.
            Listed::LinkDir if serialization.allow_symlinks => continue,
            Listed::File { link: true, .. } | Listed::LinkDir => {
                "a symlink, and the signature was made without allow_symlinks".to_string()
            }
            Listed::LinkOut(to) => format!("symlink leaves the model folder (to {to})"),
            Listed::Broken(e) => format!("broken symlink ({e})"),
            Listed::Special => "not a regular file, folder or symlink".to_string(),
        };
        refused.insert(name.clone());
        failures.push(Failure::PathRefused { name, detail: why });
    }
    for (name, signed_sha) in &signed {
        match actual.get(*name) {
            Some(now) if now == signed_sha => {}
            Some(now) => failures.push(Failure::FileChanged {
                name: name.to_string(),
                signed_sha256: signed_sha.to_string(),
                actual_sha256: now.to_string(),
            }),
            None if refused.contains(*name) => {}
            None => failures.push(Failure::FileRemoved {
                name: name.to_string(),
            }),
        }
    }
    for (name, sha) in &actual {
        if !signed.contains_key(name.as_str()) {
            failures.push(Failure::FileAdded {
                name: name.to_string(),
                sha256: sha.to_string(),
            });
        }
    }
    failures.sort_by(|a, b| a.file().cmp(&b.file()).then(a.code().cmp(b.code())));
    out.verified = failures.is_empty();
    out.failures = failures;
    Ok(out)
}

/// The trusted key whose signature the envelope carries, or why there is none.
fn check_signature(
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
enum KeyRef {
    /// `verificationMaterial.publicKey.hint` (model-signing 1.1+: sha256 of the PEM).
    Hint(String),
    /// `verificationMaterial.publicKey.rawBytes` (model-signing 0.2–1.0): the key itself, only
    /// used to pick among the trusted keys.
    Embedded(Vec<u8>),
    None,
}

struct SignatureFile {
    container: Container,
    media_type: Option<String>,
    /// Why the file cannot be verified, when it is well-formed but not of a supported kind.
    unsupported: Option<String>,
    envelope: Option<Envelope>,
    key: KeyRef,
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
fn read_signature(doc: &Doc) -> Result<SignatureFile> {
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
    let bytes = super::dsse::decode_base64(b64).ok()?;
    let key = match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains("-----BEGIN") => PublicKey::from_pem(text).ok()?,
        _ => PublicKey::from_spki_der(&bytes).ok()?,
    };
    Some(key.spki_der().to_vec())
}

/// The signed list of files and how it was made.
#[derive(Default)]
struct Manifest {
    predicate_type: Option<String>,
    subject: Option<Subject>,
    serialization: Option<Serialization>,
    files: Vec<SignedFile>,
    /// Problems of the statement itself (unsupported kinds, refused names, inconsistent
    /// digests); files are compared only when there is none.
    failures: Vec<Failure>,
}

impl Manifest {
    fn unsupported(
        predicate_type: Option<String>,
        serialization: Option<Serialization>,
        detail: String,
    ) -> Self {
        Manifest {
            predicate_type,
            serialization,
            failures: vec![Failure::Unsupported { detail }],
            ..Manifest::default()
        }
    }
}

#[derive(Deserialize)]
struct StatementHead {
    #[serde(rename = "_type")]
    type_: String,
    #[serde(rename = "predicateType", default)]
    predicate_type: String,
}

#[derive(Deserialize)]
struct RawSubject {
    #[serde(default)]
    name: String,
    #[serde(default)]
    digest: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct StatementV1 {
    subject: Vec<RawSubject>,
    predicate: PredicateV1,
}

#[derive(Deserialize)]
struct PredicateV1 {
    serialization: RawSerialization,
    resources: Vec<RawResource>,
}

#[derive(Deserialize)]
struct RawSerialization {
    method: String,
    #[serde(default)]
    hash_type: Option<String>,
    #[serde(default)]
    allow_symlinks: serde_json::Value,
    #[serde(default)]
    ignore_paths: Vec<String>,
}

#[derive(Deserialize)]
struct RawResource {
    name: String,
    algorithm: String,
    digest: String,
}

#[derive(Deserialize)]
struct StatementDigestsV01 {
    subject: Vec<RawSubject>,
}

/// Parses the verified payload. A payload that is not the JSON it claims is an error; a
/// statement of a kind modelgate does not verify is a failure.
fn read_statement(doc: &Doc, envelope: &Envelope) -> Result<Manifest> {
    let unsupported =
        |pt: Option<String>, detail: String| Ok(Manifest::unsupported(pt, None, detail));
    if envelope.payload_type != super::dsse::IN_TOTO_PAYLOAD_TYPE {
        return unsupported(
            None,
            format!(
                "DSSE payload type `{}`; OMS signatures carry in-toto statements (`{}`)",
                envelope.payload_type,
                super::dsse::IN_TOTO_PAYLOAD_TYPE
            ),
        );
    }
    let head: StatementHead = payload_json(doc, &envelope.payload)?;
    let pt = Some(head.predicate_type.clone());
    if head.type_ != STATEMENT_TYPE {
        return unsupported(
            pt,
            format!(
                "in-toto statement type `{}` (expected `{STATEMENT_TYPE}`)",
                head.type_
            ),
        );
    }
    match head.predicate_type.as_str() {
        PREDICATE_TYPE => {
            let st: StatementV1 = payload_json(doc, &envelope.payload)?;
            Ok(manifest_v1(st))
        }
        PREDICATE_TYPE_DIGESTS_V01 => {
            let st: StatementDigestsV01 = payload_json(doc, &envelope.payload)?;
            Ok(manifest_digests_v01(st))
        }
        p if PREDICATE_TYPES_V01_UNVERIFIABLE.contains(&p) => unsupported(
            pt,
            format!(
                "predicate `{p}` of model-signing 0.2 (not verifiable by model-signing 1.x \
                 either); re-sign with model-signing 1.x"
            ),
        ),
        p => unsupported(
            pt.clone(),
            format!("predicate type `{p}` is not an OMS model signature (`{PREDICATE_TYPE}`)"),
        ),
    }
}

/// Deserializes the decoded payload; errors give the line, column and pointer inside it.
fn payload_json<T: DeserializeOwned>(doc: &Doc, payload: &[u8]) -> Result<T> {
    let inner = Doc::new(&doc.path, &doc.rel, payload.to_vec());
    inner.json().map_err(|e| match e {
        Error::Format {
            path,
            location,
            message,
        } => Error::Format {
            path,
            location,
            message: format!(
                "in the DSSE payload (base64-decoded, the location is inside it): {message}"
            ),
        },
        other => other,
    })
}

fn manifest_v1(st: StatementV1) -> Manifest {
    let pt = Some(PREDICATE_TYPE.to_string());
    let s = st.predicate.serialization;
    let hash_type = s.hash_type.unwrap_or_default();
    let allow_symlinks = match &s.allow_symlinks {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(t) => t.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let serialization = Serialization {
        method: s.method.clone(),
        hash_type: hash_type.clone(),
        allow_symlinks,
        ignore_paths: s.ignore_paths,
    };
    let unsupported =
        |detail: String| Manifest::unsupported(pt.clone(), Some(serialization.clone()), detail);
    match s.method.as_str() {
        "files" => {}
        "shards" => {
            return unsupported(
                "serialization method `shards` (files hashed in shards) is not supported, only \
                 `files`; re-sign without sharding (model-signing's default)"
                    .into(),
            )
        }
        m => {
            return unsupported(format!(
                "serialization method `{m}` (only `files` is supported)"
            ))
        }
    }
    if hash_type != "sha256" {
        return unsupported(format!(
            "hash type `{hash_type}` (only `sha256` is supported)"
        ));
    }
    let mut failures = Vec::new();
    let subject = match st.subject.as_slice() {
        [one] => match one.digest.get("sha256") {
            Some(d) => Some(Subject {
                name: one.name.clone(),
                sha256: d.to_ascii_lowercase(),
            }),
            None => {
                failures.push(Failure::InvalidManifest {
                    detail: "the subject has no sha256 digest".into(),
                });
                None
            }
        },
        many => {
            failures.push(Failure::InvalidManifest {
                detail: format!("expected exactly one subject, found {}", many.len()),
            });
            None
        }
    };
    let mut root = Sha256::new();
    let mut files = Vec::with_capacity(st.predicate.resources.len());
    for r in st.predicate.resources {
        if r.algorithm != "sha256" {
            return unsupported(format!(
                "resource `{}` is hashed with `{}` (only `sha256` is supported)",
                r.name, r.algorithm
            ));
        }
        match hex::decode(&r.digest) {
            Ok(raw) if raw.len() == 32 => {
                root.update(&raw);
                files.push((r.name, hex::encode(raw)));
            }
            _ => failures.push(Failure::InvalidManifest {
                detail: format!(
                    "resource `{}`: `{}` is not a sha256 digest",
                    r.name, r.digest
                ),
            }),
        }
    }
    if let Some(sub) = &subject {
        let computed = hex::encode(root.finalize());
        if failures.is_empty() && computed != sub.sha256 {
            failures.push(Failure::InvalidManifest {
                detail: format!(
                    "the subject digest {} is not the digest of the listed files ({computed})",
                    sub.sha256
                ),
            });
        }
    }
    let files = check_names(files, &mut failures);
    Manifest {
        predicate_type: pt,
        subject,
        serialization: Some(serialization),
        files,
        failures,
    }
}

fn manifest_digests_v01(st: StatementDigestsV01) -> Manifest {
    let mut failures = Vec::new();
    let mut files = Vec::with_capacity(st.subject.len());
    for s in st.subject {
        match s.digest.get("sha256").map(hex::decode) {
            Some(Ok(raw)) if raw.len() == 32 => files.push((s.name, hex::encode(raw))),
            _ => failures.push(Failure::InvalidManifest {
                detail: format!("subject `{}` has no valid sha256 digest", s.name),
            }),
        }
    }
    let files = check_names(files, &mut failures);
    Manifest {
        predicate_type: Some(PREDICATE_TYPE_DIGESTS_V01.into()),
        subject: None,
        serialization: Some(Serialization {
            method: "files".into(),
            hash_type: "sha256".into(),
            allow_symlinks: false,
            ignore_paths: Vec::new(),
        }),
        files,
        failures,
    }
}

/// Normalizes signed names as model-signing reads them (POSIX paths: `a//b` is `a/b`, `./a` is
/// `a`), refusing absolute paths, `..` and names listed twice.
fn check_names(files: Vec<(String, String)>, failures: &mut Vec<Failure>) -> Vec<SignedFile> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(files.len());
    for (name, sha256) in files {
        match normalize_rel(&name) {
            Ok(n) => {
                if !seen.insert(n.clone()) {
                    failures.push(Failure::InvalidManifest {
                        detail: format!("`{n}` is listed twice"),
                    });
                    continue;
                }
                out.push(SignedFile { name: n, sha256 });
            }
            Err(detail) => failures.push(Failure::PathRefused { name, detail }),
        }
    }
    out
}

/// A relative `/`-separated path without `.` or empty components; `.` alone (a single-file
/// model) stays `.`.
fn normalize_rel(name: &str) -> std::result::Result<String, String> {
    if name == "." {
        return Ok(".".into());
    }
    if name.starts_with('/') || name.starts_with('\\') || name.get(1..2) == Some(":") {
        return Err("an absolute path; signed names are relative to the model folder".into());
    }
    let parts: Vec<&str> = name
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if parts.contains(&"..") {
        return Err("`..` leaves the model folder".into());
    }
    if parts.is_empty() {
        return Err("an empty path".into());
    }
    Ok(parts.join("/"))
}

/// One path of a model folder as the caller found it, named relative to the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    /// A regular file, or (`link`) a symlink to one inside the model folder, with the sha256 of
    /// its content.
    File { sha256: String, link: bool },
    /// A symlink to a folder inside the model folder.
    LinkDir,
    /// A symlink that leads out of the model folder (to where).
    LinkOut(String),
    /// A symlink that leads nowhere (why).
    Broken(String),
    /// A FIFO, socket or device.
    Special,
}

/// The files of a model folder, with the ignored paths left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub files: Vec<(String, Listed)>,
    /// Paths present in the folder that were left out as ignored (files, or folders).
    pub ignored: Vec<String>,
}

/// Where the files of a model come from: a folder on disk ([`Folder`]), or files a caller has
/// already read and hashed (a bundle, judged from the bytes it read once).
pub trait LocalFiles {
    /// The signature file's name relative to the model folder, when it lies inside.
    fn signature_name(&self) -> Option<String>;
    /// Every path below the model folder (hidden ones too) except those `ignored` says.
    fn list(&self, ignored: &dyn Fn(&str) -> bool) -> Result<Listing>;
    /// Paths the verifier was told to leave out (model-signing's `--ignore-paths` at
    /// verification), relative to the model folder; reported among the ignored paths.
    fn extra_ignored(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A model folder (or a single model file) on disk, walked and hashed when listed.
pub struct Folder {
    model: PathBuf,
    signature: PathBuf,
    ignore: Vec<PathBuf>,
}

impl Folder {
    pub fn new(model: &Path, signature: &Path) -> Self {
        Self::ignoring(model, signature, &[])
    }

    /// The folder with paths to leave out at verification, each relative to the model folder
    /// or a path (as given on the command line) that lies inside it.
    pub fn ignoring(model: &Path, signature: &Path, ignore: &[PathBuf]) -> Self {
        Folder {
            model: model.to_path_buf(),
            signature: signature.to_path_buf(),
            ignore: ignore.to_vec(),
        }
    }
}

/// What is ignored: the signature file (if inside), the signed ignore_paths and the git paths,
/// unless the signature lists something under a git path.
fn ignore_rules(
    signature: Option<&str>,
    serialization: &Serialization,
    signed: &BTreeMap<&str, &str>,
) -> BTreeSet<String> {
    let mut rules: BTreeSet<String> = BTreeSet::new();
    if let Some(sig) = signature {
        rules.insert(sig.to_string());
    }
    for p in &serialization.ignore_paths {
        if let Ok(n) = normalize_rel(p) {
            if n != "." {
                rules.insert(n);
            }
        }
    }
    for g in GIT_PATHS {
        let prefix = format!("{g}/");
        if !signed.keys().any(|n| *n == g || n.starts_with(&prefix)) {
            rules.insert(g.to_string());
        }
    }
    rules
}

fn is_ignored(rules: &BTreeSet<String>, rel: &str) -> bool {
    rules
        .iter()
        .any(|r| rel == r || (rel.starts_with(r.as_str()) && rel[r.len()..].starts_with('/')))
}

impl LocalFiles for Folder {
    fn signature_name(&self) -> Option<String> {
        let root = self.model.canonicalize().ok()?;
        let sig = self.signature.canonicalize().ok()?;
        sig.strip_prefix(&root).ok().map(rel_string)
    }

    fn extra_ignored(&self) -> Vec<String> {
        let root = self.model.canonicalize().ok();
        self.ignore
            .iter()
            .filter_map(|p| {
                let inside = root.as_ref().and_then(|r| {
                    let c = p.canonicalize().ok()?;
                    c.strip_prefix(r).ok().map(rel_string)
                });
                let rel = inside.unwrap_or_else(|| p.to_string_lossy().into_owned());
                normalize_rel(&rel).ok().filter(|n| n != ".")
            })
            .collect()
    }

    /// Lists the files of the model as model-signing serializes it: every file below the
    /// folder, hidden ones too; symlinks to files (when allowed) under their own name;
    /// symlinked folders not entered; the ignored paths left out.
    fn list(&self, ignored: &dyn Fn(&str) -> bool) -> Result<Listing> {
        let model = self.model.as_path();
        let meta = std::fs::metadata(model).map_err(|e| Error::io(model, e))?;
        if meta.is_file() {
            let (_, sha256) = crate::digest::hash_file(model)?;
            return Ok(Listing {
                files: vec![(
                    ".".into(),
                    Listed::File {
                        sha256,
                        link: false,
                    },
                )],
                ignored: Vec::new(),
            });
        }
        let root = model.canonicalize().map_err(|e| Error::io(model, e))?;
        let mut to_hash: Vec<(String, PathBuf, bool)> = Vec::new();
        let mut other: Vec<(String, Listed)> = Vec::new();
        let mut skipped: Vec<String> = Vec::new();
        let mut walker = walkdir::WalkDir::new(model)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(model).to_path_buf();
                match e.into_io_error() {
                    Some(io) => Error::io(path, io),
                    None => Error::bundle(path, "cannot walk the model folder"),
                }
            })?;
            if entry.depth() == 0 {
                continue;
            }
            let rel = match entry.path().strip_prefix(model) {
                Ok(r) => rel_string(r),
                Err(_) => continue,
            };
            let ft = entry.file_type();
            if ignored(&rel) {
                skipped.push(rel);
                if ft.is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if ft.is_dir() {
                continue;
            }
            if ft.is_file() {
                to_hash.push((rel, entry.path().to_path_buf(), false));
                continue;
            }
            if !ft.is_symlink() {
                other.push((rel, Listed::Special));
                continue;
            }
            let target = match entry.path().canonicalize() {
                Ok(t) => t,
                Err(e) => {
                    other.push((rel, Listed::Broken(e.to_string())));
                    continue;
                }
            };
            if !target.starts_with(&root) {
                other.push((rel, Listed::LinkOut(target.display().to_string())));
                continue;
            }
            match std::fs::metadata(&target) {
                Ok(m) if m.is_dir() => other.push((rel, Listed::LinkDir)),
                // Hash the resolved target: the link is not followed a second time.
                Ok(m) if m.is_file() => to_hash.push((rel, target, true)),
                Ok(_) => other.push((rel, Listed::Special)),
                Err(e) => return Err(Error::io(target, e)),
            }
        }
        let mut files: Vec<(String, Listed)> = to_hash
            .par_iter()
            .map(|(rel, path, link)| {
                crate::digest::hash_file(path).map(|(_, sha256)| {
                    (
                        rel.clone(),
                        Listed::File {
                            sha256,
                            link: *link,
                        },
                    )
                })
            })
            .collect::<Result<_>>()?;
        files.extend(other);
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Listing {
            files,
            ignored: skipped,
        })
    }
}

fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::dsse::tests::p256_pair;
    use crate::verify::dsse::{pae, IN_TOTO_PAYLOAD_TYPE};
    use base64::Engine as _;

    mod certificate_method {
        use super::super::*;
        use crate::verify::dsse::{pae, EnvelopeSignature, IN_TOTO_PAYLOAD_TYPE};
        use crate::verify::sigstore::x509::Cert;
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
            SigningKey,
        };

        fn params(cn: &str, ca: bool, usages: Vec<KeyUsagePurpose>) -> CertificateParams {
            let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
            p.distinguished_name.push(DnType::CommonName, cn);
            if ca {
                p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            }
            p.key_usages = usages;
            p
        }

        fn cert(c: &rcgen::Certificate) -> Cert {
            Cert::from_der(c.der()).unwrap()
        }

        fn envelope(key: &KeyPair) -> Envelope {
            let payload = b"{}".to_vec();
            let sig = key.sign(&pae(IN_TOTO_PAYLOAD_TYPE, &payload)).unwrap();
            Envelope {
                payload_type: IN_TOTO_PAYLOAD_TYPE.into(),
                payload,
                signatures: vec![EnvelopeSignature { keyid: None, sig }],
            }
        }

        fn anchors(certs: &[&rcgen::Certificate]) -> CertificateChain {
            let pem: String = certs.iter().map(|c| c.pem()).collect();
            CertificateChain::from_pem(pem.as_bytes()).unwrap()
        }

        fn untrusted(r: std::result::Result<Option<Signer>, Failure>) -> String {
            match r {
                Err(Failure::CertificateUntrusted { detail }) => detail,
                other => panic!("expected certificate-untrusted, got {other:?}"),
            }
        }

        const NOW: i64 = 1_800_000_000;

        /// root -> intermediate -> leaf, the leaf signing the envelope.
        #[test]
        fn chain_checks() {
            let sign = || vec![KeyUsagePurpose::KeyCertSign];
            let rk = KeyPair::generate().unwrap();
            let root_p = params("root", true, sign());
            let root = root_p.self_signed(&rk).unwrap();
            let root_i = Issuer::new(root_p, rk);
            let ik = KeyPair::generate().unwrap();
            let int_p = params("int", true, sign());
            let int = int_p.signed_by(&ik, &root_i).unwrap();
            let int_i = Issuer::new(int_p, ik);
            let lk = KeyPair::generate().unwrap();
            let leaf = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature])
                .signed_by(&lk, &int_i)
                .unwrap();
            let env = envelope(&lk);
            let chain = [cert(&leaf), cert(&int)];

            let ok = check_certificate_signature(&env, &chain, &anchors(&[&root]), NOW)
                .unwrap()
                .unwrap();
            let c = ok.certificate.unwrap();
            assert_eq!(c.chain, ["CN=leaf", "CN=int", "CN=root"]);
            assert!(!c.expired_now);
            // The intermediate trusted directly; an unrelated CA; the bundle's own root.
            assert!(check_certificate_signature(&env, &chain, &anchors(&[&int]), NOW).is_ok());
            let other = params("root", true, sign())
                .self_signed(&KeyPair::generate().unwrap())
                .unwrap();
            untrusted(check_certificate_signature(
                &env,
                &chain,
                &anchors(&[&other]),
                NOW,
            ));
            let with_root = [cert(&leaf), cert(&int), cert(&root)];
            untrusted(check_certificate_signature(
                &env,
                &with_root,
                &anchors(&[&other]),
                NOW,
            ));
            // Another key's envelope under a trusted certificate.
            let bad = envelope(&KeyPair::generate().unwrap());
            assert!(matches!(
                check_certificate_signature(&bad, &chain, &anchors(&[&root]), NOW),
                Err(Failure::SignatureInvalid { .. })
            ));
            // Expired by now: verified (as model-signing), and said.
            let late = check_certificate_signature(&env, &chain, &anchors(&[&root]), i64::MAX)
                .unwrap()
                .unwrap()
                .certificate
                .unwrap();
            assert!(late.expired_now && late.validity.contains("not valid now"));
        }

        #[test]
        fn issuers_must_be_cas_and_leaves_may_sign() {
            let rk = KeyPair::generate().unwrap();
            // Why a root (CA flag, key usages) over a leaf (key usages) is not trusted.
            let refusal = |ca: bool, root_usages: Vec<KeyUsagePurpose>, leaf_usages| {
                let root_p = params("root", ca, root_usages);
                let root = root_p.self_signed(&rk).unwrap();
                let issuer = Issuer::new(root_p, &rk);
                let lk = KeyPair::generate().unwrap();
                let leaf = params("leaf", false, leaf_usages)
                    .signed_by(&lk, &issuer)
                    .unwrap();
                untrusted(check_certificate_signature(
                    &envelope(&lk),
                    &[cert(&leaf)],
                    &anchors(&[&root]),
                    NOW,
                ))
            };
            // A "root" without the CA flag, and one whose key usage forbids certificate signing.
            for (ca, usages) in [
                (false, vec![KeyUsagePurpose::KeyCertSign]),
                (true, vec![KeyUsagePurpose::DigitalSignature]),
            ] {
                let d = refusal(ca, usages, vec![KeyUsagePurpose::DigitalSignature]);
                assert!(d.contains("CA") || d.contains("key usage"), "{d}");
            }
            // A leaf whose key usage lacks digitalSignature.
            let d = refusal(
                true,
                vec![KeyUsagePurpose::KeyCertSign],
                vec![KeyUsagePurpose::KeyEncipherment],
            );
            assert!(d.contains("digitalSignature"), "{d}");
        }

        /// A leaf signed by `root` (and the root's issuer) with `edit` applied to its params.
        fn leaf_under(
            root: &Issuer<'_, &KeyPair>,
            edit: impl FnOnce(&mut CertificateParams),
        ) -> (Cert, Envelope) {
            let lk = KeyPair::generate().unwrap();
            let mut p = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature]);
            edit(&mut p);
            let leaf = p.signed_by(&lk, root).unwrap();
            (cert(&leaf), envelope(&lk))
        }

        /// Attacks on what a certificate may be used for: each is refused, where a chain check
        /// that looked only at signatures and CA flags would accept it.
        #[test]
        fn leaves_must_be_for_signing_and_constraints_hold() {
            use rcgen::{CustomExtension, ExtendedKeyUsagePurpose as Eku, GeneralSubtree};
            let sign = || vec![KeyUsagePurpose::KeyCertSign];
            let rk = KeyPair::generate().unwrap();
            let root_p = params("root", true, sign());
            let root = root_p.self_signed(&rk).unwrap();
            let root_i = Issuer::new(root_p, &rk);
            let trusted = anchors(&[&root]);
            let check = |leaf: Cert, env: Envelope, pool: Vec<Cert>| {
                let mut chain = vec![leaf];
                chain.extend(pool);
                check_certificate_signature(&env, &chain, &trusted, NOW)
            };

            // codeSigning alone, or digitalSignature with codeSigning: signers.
            let (l, e) = leaf_under(&root_i, |p| {
                p.key_usages.clear();
                p.extended_key_usages = vec![Eku::CodeSigning];
            });
            assert!(check(l, e, vec![]).is_ok());
            let (l, e) = leaf_under(&root_i, |p| p.extended_key_usages = vec![Eku::CodeSigning]);
            assert!(check(l, e, vec![]).is_ok());
            // A TLS server certificate of the same CA does not sign models.
            let (l, e) = leaf_under(&root_i, |p| p.extended_key_usages = vec![Eku::ServerAuth]);
            let d = untrusted(check(l, e, vec![]));
            assert!(d.contains("codeSigning"), "{d}");
            // Neither a key usage nor an extended key usage: model-signing refuses it too.
            let (l, e) = leaf_under(&root_i, |p| p.key_usages.clear());
            let d = untrusted(check(l, e, vec![]));
            assert!(d.contains("neither"), "{d}");
            // A critical extension nobody here understands (RFC 5280 § 4.2).
            let (l, e) = leaf_under(&root_i, |p| {
                let mut x =
                    CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 99999, 1], vec![5, 0]);
                x.set_criticality(true);
                p.custom_extensions.push(x);
            });
            let d = untrusted(check(l, e, vec![]));
            assert!(d.contains("critical"), "{d}");

            // pathLenConstraint 0 on the root: it may issue leaves only, not a CA that then
            // issues the signer.
            let intermediate =
                |root_i: &Issuer<'_, &KeyPair>, edit: &dyn Fn(&mut CertificateParams)| {
                    let ik = KeyPair::generate().unwrap();
                    let mut p = params("int", true, sign());
                    edit(&mut p);
                    let int = p.signed_by(&ik, root_i).unwrap();
                    (int, Issuer::new(p, ik))
                };
            let rk0 = KeyPair::generate().unwrap();
            let mut root0_p = params("root0", true, sign());
            root0_p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
            let root0 = root0_p.self_signed(&rk0).unwrap();
            let root0_i = Issuer::new(root0_p, &rk0);
            let (int, int_i) = intermediate(&root0_i, &|_| {});
            let lk = KeyPair::generate().unwrap();
            let leaf = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature])
                .signed_by(&lk, &int_i)
                .unwrap();
            let r = check_certificate_signature(
                &envelope(&lk),
                &[cert(&leaf), cert(&int)],
                &anchors(&[&root0]),
                NOW,
            );
            let d = untrusted(r);
            assert!(d.contains("pathLenConstraint"), "{d}");
            // ... while a leaf it issues itself is fine.
            let (l, e) = leaf_under(&root0_i, |_| {});
            assert!(check_certificate_signature(&e, &[l], &anchors(&[&root0]), NOW).is_ok());

            // An intermediate restricted by name constraints is refused, not trusted beyond them.
            let (int, int_i) = intermediate(&root_i, &|p| {
                p.name_constraints = Some(rcgen::NameConstraints {
                    permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".into())],
                    excluded_subtrees: vec![],
                });
            });
            let lk = KeyPair::generate().unwrap();
            let leaf = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature])
                .signed_by(&lk, &int_i)
                .unwrap();
            let d = untrusted(check(cert(&leaf), envelope(&lk), vec![cert(&int)]));
            assert!(d.contains("name constraints"), "{d}");
        }
    }

    fn b64(b: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(b)
    }

    /// A model-signing v1.0 statement over `files`, signed into a bundle with `hint`.
    fn bundle(
        sk: &p256::ecdsa::SigningKey,
        hint: Option<&str>,
        files: &[(&str, &[u8])],
        method: &str,
    ) -> String {
        use p256::ecdsa::signature::Signer;
        let mut root = Sha256::new();
        let resources: Vec<serde_json::Value> = files
            .iter()
            .map(|(n, content)| {
                let d = Sha256::digest(content);
                root.update(d);
                serde_json::json!({"name": n, "algorithm": "sha256", "digest": hex::encode(d)})
            })
            .collect();
        let statement = serde_json::json!({
            "_type": STATEMENT_TYPE,
            "subject": [{"name": "m", "digest": {"sha256": hex::encode(root.finalize())}}],
            "predicateType": PREDICATE_TYPE,
            "predicate": {
                "serialization": {"method": method, "hash_type": "sha256", "allow_symlinks": false,
                                  "ignore_paths": ["model.sig"]},
                "resources": resources,
            }
        });
        let payload = serde_json::to_vec_pretty(&statement).unwrap();
        let sig: p256::ecdsa::Signature = sk.sign(&pae(IN_TOTO_PAYLOAD_TYPE, &payload));
        serde_json::json!({
            "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": {"publicKey": {"hint": hint.unwrap_or("")}, "tlogEntries": []},
            "dsseEnvelope": {"payload": b64(&payload), "payloadType": IN_TOTO_PAYLOAD_TYPE,
                             "signatures": [{"sig": b64(sig.to_der().as_bytes()), "keyid": ""}]}
        })
        .to_string()
    }

    #[test]
    fn names_are_normalized_and_escapes_refused() {
        assert_eq!(normalize_rel("a//b/./c").unwrap(), "a/b/c");
        assert_eq!(normalize_rel("./a").unwrap(), "a");
        assert_eq!(normalize_rel(".").unwrap(), ".");
        assert!(normalize_rel("a/../../etc/passwd")
            .unwrap_err()
            .contains(".."));
        assert!(normalize_rel("/etc/passwd").is_err());
        assert!(normalize_rel("C:/x").is_err());
        assert!(normalize_rel("").is_err());
    }

    #[test]
    fn a_signed_folder_verifies_and_changes_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m");
        std::fs::create_dir_all(model.join("sub")).unwrap();
        std::fs::write(model.join("a.bin"), b"aaa").unwrap();
        std::fs::write(model.join("sub/b.txt"), b"bbb").unwrap();
        std::fs::write(model.join(".gitignore"), b"x").unwrap();
        let (sk, pk) = p256_pair(9);
        let sig = model.join("model.sig");
        std::fs::write(
            &sig,
            bundle(
                &sk,
                Some(&pk.pem_sha256()),
                &[("a.bin", b"aaa"), ("sub/b.txt", b"bbb")],
                "files",
            ),
        )
        .unwrap();
        let keys = [pk.clone()];
        let r = verify_model(&model, &sig, &keys).unwrap();
        assert!(r.verified, "{}", r.summary());
        assert_eq!(r.signer.as_ref().unwrap().key_id, pk.key_id());
        assert_eq!(r.files.len(), 2);
        assert!(r.ignored.contains(&"model.sig".to_string()));
        assert!(r.ignored.contains(&".gitignore".to_string()));

        std::fs::write(model.join("a.bin"), b"aab").unwrap();
        std::fs::remove_file(model.join("sub/b.txt")).unwrap();
        std::fs::write(model.join("sub/c.txt"), b"c").unwrap();
        let r = verify_model(&model, &sig, &keys).unwrap();
        assert!(!r.verified);
        let got: Vec<(&str, Option<&str>)> =
            r.failures.iter().map(|f| (f.code(), f.file())).collect();
        assert_eq!(
            got,
            [
                ("file-changed", Some("a.bin")),
                ("file-removed", Some("sub/b.txt")),
                ("file-added", Some("sub/c.txt")),
            ]
        );
    }

    #[test]
    fn wrong_keys_and_unsupported_methods_are_failures_not_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.bin"), b"aaa").unwrap();
        let (sk, pk) = p256_pair(10);
        let (_, other) = p256_pair(11);
        let sig = dir.path().join("model.sig");

        std::fs::write(
            &sig,
            bundle(&sk, Some(&pk.pem_sha256()), &[("a.bin", b"aaa")], "files"),
        )
        .unwrap();
        let r = verify_model(dir.path(), &sig, std::slice::from_ref(&other)).unwrap();
        assert_eq!(r.failures[0].code(), "no-matching-key", "{}", r.summary());
        assert!(r.files.is_empty() && r.subject.is_none());

        // Without a hint every trusted key is tried; none verifies.
        std::fs::write(&sig, bundle(&sk, None, &[("a.bin", b"aaa")], "files")).unwrap();
        let r = verify_model(dir.path(), &sig, std::slice::from_ref(&other)).unwrap();
        assert_eq!(r.failures[0].code(), "signature-invalid");
        let r = verify_model(dir.path(), &sig, &[other, pk.clone()]).unwrap();
        assert!(r.verified, "{}", r.summary());

        std::fs::write(&sig, bundle(&sk, None, &[("a.bin:0:3", b"aaa")], "shards")).unwrap();
        let r = verify_model(dir.path(), &sig, std::slice::from_ref(&pk)).unwrap();
        assert_eq!(r.failures[0].code(), "unsupported");
        assert!(r.summary().contains("shards"), "{}", r.summary());

        std::fs::write(&sig, bundle(&sk, None, &[("../a.bin", b"aaa")], "files")).unwrap();
        let r = verify_model(dir.path(), &sig, std::slice::from_ref(&pk)).unwrap();
        assert_eq!(r.failures[0].code(), "path-refused");
        assert_eq!(r.failures[0].file(), Some("../a.bin"));
    }

    #[test]
    fn malformed_signature_files_are_errors_with_locations() {
        let dir = tempfile::tempdir().unwrap();
        let (_, pk) = p256_pair(12);
        let sig = dir.path().join("model.sig");
        std::fs::write(&sig, "{\n  \"mediaType\": 3\n}").unwrap();
        let e = verify_model(dir.path(), &sig, std::slice::from_ref(&pk))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("/mediaType"), "{e}");
        std::fs::write(&sig, "{\"x\": 1}").unwrap();
        let e = verify_model(dir.path(), &sig, std::slice::from_ref(&pk))
            .unwrap_err()
            .to_string();
        assert!(e.contains("neither a Sigstore bundle"), "{e}");
        assert!(matches!(
            verify_model(dir.path(), &sig, &[]),
            Err(Error::Usage(_))
        ));
    }
}
