//! Signatures of a bundle verified against the configured trust, and turned into the facts that
//! the `modelgate.provenance` policies judge: what verified, who signed, which digests it covers.

use super::dsse::PublicKey;
use super::oms;
use super::sigstore::{self, AllowedIdentity, ArtifactRef, TrustPolicy, TrustedRoot};
use crate::error::Result;
use crate::formats::Doc;
use crate::input::{Provenance, Signature, Signer};
use base64::Engine as _;
use std::path::Path;

/// The files of a bundle as the bundle stage read them, once: signatures are verified against
/// these digests and bytes, never against the files read again.
pub trait BundleFiles {
    /// The sha256 (hex) of the bundle file `rel`, if it is one.
    fn sha256(&self, rel: &str) -> Option<&str>;
    /// The bytes of `rel`, when it was read as an evidence document.
    fn doc(&self, rel: &str) -> Option<&Doc>;
    /// Every path below the bundle folder `dir` (`""`: the root) as an OMS model listing,
    /// named bundle-relative.
    fn model_files(&self, dir: &str) -> Vec<(String, oms::Listed)>;
}

/// A model folder of a bundle, for the OMS verifier.
struct InBundle<'a> {
    files: &'a dyn BundleFiles,
    /// `model/` (with the slash), or empty for the root.
    prefix: String,
    /// The signature file, bundle-relative.
    signature: &'a str,
}

impl InBundle<'_> {
    fn new<'a>(files: &'a dyn BundleFiles, dir: &str, signature: &'a str) -> InBundle<'a> {
        InBundle {
            files,
            prefix: if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            },
            signature,
        }
    }
}

impl oms::LocalFiles for InBundle<'_> {
    fn signature_name(&self) -> Option<String> {
        self.signature
            .strip_prefix(self.prefix.as_str())
            .map(str::to_string)
    }

    fn list(&self, ignored: &dyn Fn(&str) -> bool) -> Result<oms::Listing> {
        let dir = self.prefix.trim_end_matches('/');
        let mut out = oms::Listing::default();
        for (rel, listed) in self.files.model_files(dir) {
            let Some(name) = rel.strip_prefix(self.prefix.as_str()) else {
                continue;
            };
            if ignored(name) {
                out.ignored.push(name.to_string());
            } else {
                out.files.push((name.to_string(), listed));
            }
        }
        Ok(out)
    }
}

/// Who may sign, from `--key`, `--trusted-root`, `--identity` and the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// Allowed public keys (key-based signatures).
    pub keys: Vec<PublicKey>,
    /// Sigstore trusted root (Fulcio CAs, Rekor and CT logs, timestamp authorities).
    pub root: Option<TrustedRoot>,
    /// Allowed keyless signers.
    pub identities: Vec<AllowedIdentity>,
    /// CA certificates for model-signing's `certificate` method (`--certificate-chain`). When
    /// given, a model signature carrying a certificate is verified against these, not Fulcio.
    pub ca_certs: oms::CertificateChain,
    /// Keys whose signature makes a decision record authentic (`--record-key`,
    /// `trust.recordKeys`, the public key of `--sign-key`): the gate's keys, never the
    /// release author's, so `keys` are not among them.
    pub record_keys: Vec<PublicKey>,
}

impl Trust {
    fn policy(&self) -> Option<TrustPolicy> {
        let root = self.root.clone()?;
        let mut p = TrustPolicy::new(root);
        p.identities = self.identities.clone();
        p.keys = self.keys.clone();
        Some(p)
    }
}

/// What a signature file is, from its content.
enum Shape {
    /// An OpenSSF Model Signing signature over a model folder.
    Oms {
        keyless: bool,
    },
    /// A Sigstore bundle over one artifact.
    Bundle,
    Unknown(String),
}

fn shape(doc: &Doc) -> Shape {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&doc.bytes) else {
        return Shape::Unknown("not JSON: neither a Sigstore bundle nor a DSSE envelope".into());
    };
    let keyless = v.pointer("/verificationMaterial/certificate").is_some()
        || v.pointer("/verificationMaterial/x509CertificateChain")
            .is_some();
    let envelope = v.get("dsseEnvelope").unwrap_or(&v);
    let predicate = envelope
        .get("payload")
        .and_then(|p| p.as_str())
        .and_then(|p| base64::engine::general_purpose::STANDARD.decode(p).ok())
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|s| {
            s.get("predicateType")
                .and_then(|t| t.as_str())
                .map(str::to_string)
        });
    if predicate
        .as_deref()
        .is_some_and(|p| p.starts_with("https://model_signing/"))
    {
        return Shape::Oms { keyless };
    }
    if v.get("mediaType")
        .and_then(|m| m.as_str())
        .is_some_and(|m| m.contains("sigstore.bundle"))
    {
        return Shape::Bundle;
    }
    Shape::Unknown("neither a Sigstore bundle nor an OpenSSF Model Signing signature".into())
}

fn unverified(doc: &Doc, kind: &str, error: impl Into<String>) -> Signature {
    Signature {
        source: doc.source("signature"),
        kind: kind.into(),
        verified: false,
        error: Some(error.into()),
        signer: None,
        covers: Vec::new(),
        ignored: Vec::new(),
    }
}

/// The folder a model signature covers: the deepest folder holding every artifact (`model/`),
/// else the bundle root.
pub fn model_dir(artifacts: &[String]) -> String {
    let mut common: Option<Vec<&str>> = None;
    for a in artifacts {
        let dirs: Vec<&str> = a.split('/').collect();
        let dirs = &dirs[..dirs.len().saturating_sub(1)];
        common = Some(match common {
            None => dirs.to_vec(),
            Some(c) => c
                .iter()
                .zip(dirs)
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| *x)
                .collect(),
        });
    }
    common.map(|c| c.join("/")).unwrap_or_default()
}

/// A model signature's verification as an input fact; file names made bundle-relative.
fn oms_signature(doc: &Doc, dir: &str, v: &oms::OmsVerification) -> Signature {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut covers: Vec<String> = if v.verified { v.covers() } else { Vec::new() };
    if v.verified {
        if let Some(s) = &v.subject {
            covers.push(s.sha256.clone());
        }
    }
    covers.sort();
    covers.dedup();
    Signature {
        source: doc.source("oms"),
        kind: "oms".into(),
        verified: v.verified,
        error: (!v.verified).then(|| {
            v.failures
                .iter()
                .map(|f| match f.file() {
                    Some(file) if !prefix.is_empty() => {
                        f.to_string().replace(file, &format!("{prefix}{file}"))
                    }
                    _ => f.to_string(),
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
        signer: v.signer.as_ref().map(|s| Signer {
            identity: None,
            issuer: None,
            key_id: Some(s.key_id.clone()),
        }),
        covers,
        ignored: v
            .ignored_present
            .iter()
            .map(|n| format!("{prefix}{n}"))
            .collect(),
    }
}

/// How a Sigstore bundle is named after the file `X` it signs: `X.sigstore.json`, ...
pub const SIGNATURE_SUFFIXES: [&str; 5] = [
    ".sigstore.json",
    ".sigstore",
    ".bundle.json",
    ".bundle",
    ".sig",
];

/// The file a Sigstore bundle signs by naming convention ([`SIGNATURE_SUFFIXES`]); it must be
/// a file of the bundle as read.
fn signed_file(files: &dyn BundleFiles, rel: &str) -> Option<String> {
    SIGNATURE_SUFFIXES
        .iter()
        .find_map(|suffix| rel.strip_suffix(suffix))
        .filter(|target| !target.is_empty() && files.sha256(target).is_some())
        .map(str::to_string)
}

/// Verifies one signature file of the bundle at `root`. Failures of verification are facts
/// (`verified: false` with the reason); only unreadable or malformed files are errors.
pub fn verify_signature(
    files: &dyn BundleFiles,
    doc: &Doc,
    artifacts: &[String],
    trust: &Trust,
) -> Result<Signature> {
    match shape(doc) {
        Shape::Unknown(why) => Ok(unverified(doc, "unknown", why)),
        Shape::Oms { keyless: true } if !trust.ca_certs.is_empty() => {
            let dir = model_dir(artifacts);
            let v = oms::verify_model_certificate_doc(
                doc,
                &InBundle::new(files, &dir, &doc.rel),
                &trust.ca_certs,
            )?;
            let mut sig = oms_signature(doc, &dir, &v);
            if let Some(c) = v.signer.as_ref().and_then(|s| s.certificate.as_ref()) {
                if let Some(s) = sig.signer.as_mut() {
                    s.identity = Some(c.subject.clone());
                    s.issuer = c.chain.last().cloned();
                }
            }
            Ok(sig)
        }
        Shape::Oms { keyless: true } => {
            let Some(policy) = trust.policy() else {
                return Ok(unverified(doc, "oms", "no trusted root configured to verify this keyless model signature (--trusted-root and --identity)"));
            };
            let dir = model_dir(artifacts);
            let (v, cert) =
                oms::verify_model_keyless_doc(doc, &InBundle::new(files, &dir, &doc.rel), &policy)?;
            let mut sig = oms_signature(doc, &dir, &v);
            if let Some(sigstore::Signer::Certificate {
                identity, issuer, ..
            }) = cert
            {
                sig.signer = Some(Signer {
                    identity,
                    issuer,
                    key_id: None,
                });
            }
            Ok(sig)
        }
        Shape::Oms { keyless: false } => {
            if trust.keys.is_empty() {
                return Ok(unverified(
                    doc,
                    "oms",
                    "no public key configured to verify this model signature (--key or trust.keys)",
                ));
            }
            let dir = model_dir(artifacts);
            let v = oms::verify_model_doc(doc, &InBundle::new(files, &dir, &doc.rel), &trust.keys)?;
            Ok(oms_signature(doc, &dir, &v))
        }
        Shape::Bundle => {
            let Some(target) = signed_file(files, &doc.rel) else {
                return Ok(unverified(
                    doc,
                    "sigstore-bundle",
                    "cannot tell which file this bundle signs: name it after the file (`sbom.cdx.json.sigstore.json`)",
                ));
            };
            let Some(policy) = trust.policy() else {
                return Ok(unverified(doc, "sigstore-bundle", "no trusted root configured to verify Sigstore bundles (--trusted-root or trust.trustedRoot)"));
            };
            // The signed file's bytes as read (evidence) or its digest as hashed (a model
            // file): never the file opened again by name.
            let artifact = match (files.doc(&target), files.sha256(&target)) {
                (Some(d), _) => ArtifactRef::Bytes(std::sync::Arc::new(d.bytes.clone())),
                (None, Some(sha)) => ArtifactRef::sha256_hex(sha)?,
                (None, None) => {
                    return Ok(unverified(
                        doc,
                        "sigstore-bundle",
                        "the file it signs is not in the bundle",
                    ))
                }
            };
            let v = sigstore::verify_bundle_doc(doc, &artifact, &policy)?;
            let signer = v.signer.as_ref().map(|s| match s {
                sigstore::Signer::Certificate {
                    identity, issuer, ..
                } => Signer {
                    identity: identity.clone(),
                    issuer: issuer.clone(),
                    key_id: None,
                },
                sigstore::Signer::Key { key_id, .. } => Signer {
                    identity: None,
                    issuer: None,
                    key_id: Some(key_id.clone()),
                },
            });
            let covers = if v.verified {
                v.digests
                    .iter()
                    .filter(|d| d.algorithm == "sha256")
                    .map(|d| d.digest.clone())
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Signature {
                source: doc.source("sigstore-bundle"),
                kind: "sigstore-bundle".into(),
                verified: v.verified,
                error: (!v.verified).then(|| {
                    v.failures
                        .iter()
                        .map(|f| f.message.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
                signer,
                covers,
                ignored: Vec::new(),
            })
        }
    }
}

/// Verifies the envelope of each provenance statement: a DSSE envelope (a file, or a line of a
/// `.intoto.jsonl`) against the trusted keys, a Sigstore bundle against the trust policy (its
/// DSSE subjects must include the statement's first subject). A bare statement is unsigned.
pub fn verify_provenance(
    files: &dyn BundleFiles,
    statements: &mut [Provenance],
    trust: &Trust,
) -> Result<()> {
    for p in statements.iter_mut() {
        // The envelope is verified from the bytes the statement was parsed from.
        let Some(read) = files.doc(&p.source.path) else {
            p.verify_error = Some("the statement's file was not read with the bundle".into());
            continue;
        };
        let outcome: std::result::Result<Signer, String> = match p.envelope.as_str() {
            "dsse" => {
                let path = read.path.clone();
                let bytes = read.bytes.clone();
                let bytes = match p.line {
                    Some(l) => String::from_utf8_lossy(&bytes)
                        .lines()
                        .nth(l - 1)
                        .unwrap_or("")
                        .as_bytes()
                        .to_vec(),
                    None => bytes,
                };
                let env = super::dsse::Envelope::from_doc(&Doc::new(
                    &path,
                    p.source.path.clone(),
                    bytes,
                ))?;
                env.verify(&trust.keys)
                    .map(|v| Signer {
                        identity: None,
                        issuer: None,
                        key_id: Some(v.key_id),
                    })
                    .map_err(|f| f.to_string())
            }
            "sigstore-bundle" => match (trust.policy(), p.subjects.first()) {
                (None, _) => Err("no trusted root configured to verify Sigstore bundles".into()),
                (Some(_), None) => Err("the statement has no subject".into()),
                (Some(policy), Some(subject)) => {
                    let mut digest = [0u8; 32];
                    hex::decode_to_slice(&subject.sha256, &mut digest).map_err(|e| {
                        crate::Error::Internal(format!("subject digest (checked when loaded): {e}"))
                    })?;
                    // A subject named by sha512 was matched to a file of the bundle by that
                    // digest: the statement's binding is checked against it again here.
                    let others: Vec<(&'static str, Vec<u8>)> = subject
                        .matched_by
                        .as_deref()
                        .and_then(|m| m.split_once(':'))
                        .and_then(|(alg, d)| {
                            let alg = crate::digest::Algorithm::from_name(alg)
                                .filter(|a| *a != crate::digest::Algorithm::Sha256)?;
                            Some((alg.name(), hex::decode(d).ok()?))
                        })
                        .into_iter()
                        .collect();
                    let artifact = if others.is_empty() {
                        ArtifactRef::Sha256(digest)
                    } else {
                        ArtifactRef::Digests {
                            sha256: digest,
                            others,
                        }
                    };
                    let v = sigstore::verify_bundle_doc(read, &artifact, &policy)?;
                    match (v.verified, v.signer) {
                        (
                            true,
                            Some(sigstore::Signer::Certificate {
                                identity, issuer, ..
                            }),
                        ) => Ok(Signer {
                            identity,
                            issuer,
                            key_id: None,
                        }),
                        (true, Some(sigstore::Signer::Key { key_id, .. })) => Ok(Signer {
                            identity: None,
                            issuer: None,
                            key_id: Some(key_id),
                        }),
                        _ => Err(v
                            .failures
                            .iter()
                            .map(|f| f.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ")),
                    }
                }
            },
            _ => Err("the statement is not signed (a bare in-toto statement)".into()),
        };
        match outcome {
            Ok(signer) => {
                p.verified = true;
                p.signer = Some(signer);
            }
            Err(e) => p.verify_error = Some(e),
        }
    }
    Ok(())
}

/// What `modelgate verify` found, for printing.
#[derive(Debug, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verification {
    /// An OpenSSF Model Signing signature over a model folder.
    Oms(oms::OmsVerification),
    /// A Sigstore bundle over one file.
    SigstoreBundle(sigstore::BundleVerification),
}

impl Verification {
    pub fn verified(&self) -> bool {
        match self {
            Verification::Oms(v) => v.verified,
            Verification::SigstoreBundle(v) => v.verified,
        }
    }
}

/// `modelgate verify`: checks `signature` over `target` (a model folder for a model signature,
/// a file for a Sigstore bundle) against `trust`.
pub fn verify_path(target: &Path, signature: &Path, trust: &Trust) -> Result<Verification> {
    verify_path_ignoring(target, signature, trust, &[])
}

/// [`verify_path`], leaving `ignore` out of a model folder (model-signing's `--ignore-paths`:
/// files the signer left out, such as a README added after signing). The ignored paths are
/// reported; for a Sigstore bundle over one file they are a usage error.
pub fn verify_path_ignoring(
    target: &Path,
    signature: &Path,
    trust: &Trust,
    ignore: &[std::path::PathBuf],
) -> Result<Verification> {
    let doc = Doc::read(signature, &signature.display().to_string())?;
    let folder = oms::Folder::ignoring(target, signature, ignore);
    match shape(&doc) {
        Shape::Oms { keyless: true } if !trust.ca_certs.is_empty() => Ok(Verification::Oms(
            oms::verify_model_certificate_doc(&doc, &folder, &trust.ca_certs)?,
        )),
        Shape::Oms { keyless: true } => {
            let policy = trust.policy().ok_or_else(|| {
                crate::Error::Usage("a model signature with a certificate is verified against a trusted root (keyless: pass --trusted-root and --identity) or against CA certificates (model-signing's certificate method: pass --certificate-chain)".into())
            })?;
            Ok(Verification::Oms(
                oms::verify_model_keyless_doc(&doc, &folder, &policy)?.0,
            ))
        }
        Shape::Oms { keyless: false } => Ok(Verification::Oms(oms::verify_model_doc(
            &doc,
            &folder,
            &trust.keys,
        )?)),
        Shape::Bundle if !ignore.is_empty() => Err(crate::Error::Usage(
            "--ignore-path applies to model signatures over a folder, not to a Sigstore bundle over one file".into(),
        )),
        Shape::Bundle => {
            let policy = match (trust.policy(), trust.keys.is_empty()) {
                (Some(p), _) => p,
                (None, _) => {
                    return Err(crate::Error::Usage(
                        "a Sigstore bundle is verified against a trusted root: pass --trusted-root (and --identity or --key)".into(),
                    ))
                }
            };
            Ok(Verification::SigstoreBundle(sigstore::verify_bundle_doc(
                &doc,
                &ArtifactRef::Path(target.to_path_buf()),
                &policy,
            )?))
        }
        Shape::Unknown(why) => Err(crate::Error::format(signature, Default::default(), why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_dir_is_the_common_folder_of_the_artifacts() {
        assert_eq!(
            model_dir(&["model/a.safetensors".into(), "model/config.json".into()]),
            "model"
        );
        assert_eq!(model_dir(&["model/x/a".into(), "model/b".into()]), "model");
        assert_eq!(model_dir(&["a.onnx".into(), "model/b".into()]), "");
        assert_eq!(model_dir(&[]), "");
    }
}
