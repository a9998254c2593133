//! The artifact a bundle is verified over: as given ([`ArtifactRef`]: a file, its bytes or
//! its digests) and with the digests a signature needs, each computed once.

use super::crypto::Hash;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

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

/// The artifact's digests, computed once; the file is re-read only for a digest or bytes that
/// a signature needs beyond SHA-256.
pub(super) struct Artifact {
    pub(super) sha256: [u8; 32],
    path: Option<PathBuf>,
    bytes: Option<std::sync::Arc<Vec<u8>>>,
    /// Other digests given with the sha256 (`ArtifactRef::Digests`).
    others: Vec<(&'static str, Vec<u8>)>,
}

impl Artifact {
    pub(super) fn new(a: &ArtifactRef) -> Result<Artifact> {
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

    pub(super) fn digest(&self, h: Hash) -> std::result::Result<Vec<u8>, String> {
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

    pub(super) fn bytes(&self) -> std::result::Result<Vec<u8>, String> {
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
