//! The bundle stage: find the evidence of one release (from `modelgate.yaml` or by convention),
//! read every file of the bundle once beneath its folder (hashed, scanned for model formats),
//! run every loader on those bytes and verify signatures against them, collecting all errors
//! rather than stopping at the first.

mod assemble;
mod convention;
mod files;
pub mod fs;
mod load;
mod locate;
mod manifest;
pub mod obligations;
#[cfg(test)]
mod tests;
mod verify;

pub use assemble::assemble;
pub use convention::classify;
pub use files::{read_files, FileEntry, FileTable};
pub use load::{load_formats, Evidence};
pub use locate::{locate, Located};
pub use manifest::{AutomatedDecisions, Manifest, ManifestMetadata, ManifestSpec, RiskTier};
pub use verify::verify;

use crate::error::Result;
use crate::input::Discovery;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name of the bundle manifest.
pub const MANIFEST: &str = "modelgate.yaml";
/// Kinds of evidence files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    ModelCard,
    Dataset,
    Sbom,
    Robustness,
    Artifact,
    Signature,
    Provenance,
    Operations,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ModelCard => "model_card",
            Kind::Dataset => "dataset",
            Kind::Sbom => "sbom",
            Kind::Robustness => "robustness",
            Kind::Artifact => "artifact",
            Kind::Signature => "signature",
            Kind::Provenance => "provenance",
            Kind::Operations => "operations",
        }
    }
}
/// Every bundle under `root` on disk: folders holding a `modelgate.yaml`, sorted. Hidden
/// folders and build output (`target`, `node_modules`) are not searched.
pub fn find_bundles(root: &Path) -> Result<Vec<PathBuf>> {
    let walk = crate::walk::Walk {
        skip_tool_dirs: true,
        ..Default::default()
    };
    // A manifest that is a symlink makes a bundle too, so that the loader judges where it
    // leads (and refuses it when it leaves the folder) instead of skipping it silently.
    let manifests = walk.entries(root, |e| {
        (e.file_type().is_file() || e.file_type().is_symlink()) && e.file_name() == MANIFEST
    })?;
    Ok(manifests
        .iter()
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect())
}

/// Discovery results by kind, for telling the user what was found.
pub fn summarize(d: &Discovery) -> BTreeMap<&str, Vec<&str>> {
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in &d.found {
        m.entry(f.kind.as_str()).or_default().push(f.path.as_str());
    }
    m
}
