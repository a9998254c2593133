//! OpenSSF Model Signing (OMS) signatures as the `model-signing` package writes them: a Sigstore
//! bundle whose DSSE envelope carries an in-toto statement listing every file of the model with
//! its sha256. Verified offline against trusted public keys, then every file is hashed again.
//!
//! A file that cannot be read or a signature file that is not JSON is an [`Error`]; a model
//! that does not match its signature is an [`OmsVerification`] with `verified: false` and the
//! reasons, because that is a finding about the evidence, not a failure of the tool.

mod certificate;
mod files;
mod signature;
mod statement;
#[cfg(test)]
mod tests;

pub use certificate::{verify_model_certificate_doc, CertificateChain};
pub use files::{Folder, Listed, Listing, LocalFiles};

use super::dsse::{Envelope, KeyAlgorithm, PublicKey};
use crate::error::{Error, Result};
use crate::formats::Doc;
use files::{ignore_rules, is_ignored};
use serde::Serialize;
use signature::{check_signature, read_signature, KeyRef};
use statement::read_statement;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

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
