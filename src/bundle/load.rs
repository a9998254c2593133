//! The load stage: every format loader run over the evidence documents read, and the model
//! artifacts listed, into the [`Evidence`] the later stages verify and assemble.

use super::{FileEntry, FileTable, Kind, Located};
use crate::error::{Error, Result};
use crate::formats::{self, Doc};
use crate::input::{Artifact, FoundFile, Input};
use crate::verify::evidence::BundleFiles as _;
use rayon::prelude::*;

/// One loaded piece of evidence.
// Built once per file and moved straight into the input: the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
enum Loaded {
    ModelCard(crate::input::ModelCard),
    Dataset(crate::input::Dataset),
    Sbom(crate::input::Sbom),
    Robustness(crate::input::Robustness),
    Signature,
    Provenance(Vec<crate::input::Provenance>),
    Operations(formats::operations::Loaded),
}

fn load_one(kind: Kind, doc: &Doc) -> Result<Loaded> {
    Ok(match kind {
        Kind::ModelCard => Loaded::ModelCard(formats::model_card::load(doc)?),
        Kind::Dataset => Loaded::Dataset(formats::dataset::load(doc)?),
        Kind::Sbom => Loaded::Sbom(formats::sbom::load(doc)?),
        Kind::Robustness => Loaded::Robustness(formats::robustness::load(doc)?),
        // Verified once every artifact is hashed (a model signature covers them).
        Kind::Signature | Kind::Artifact => Loaded::Signature,
        Kind::Provenance => Loaded::Provenance(formats::provenance::load(doc)?),
        Kind::Operations => Loaded::Operations(formats::operations::load(doc)?),
    })
}

fn artifact(rel: &str, e: &FileEntry, declared: bool) -> Artifact {
    Artifact {
        path: rel.to_string(),
        size: e.size,
        // Declared and model files are always hashed (see `read_files`).
        sha256: e.sha256.clone().unwrap_or_default(),
        declared,
        format: e.scan.format.map(|f| f.as_str().to_string()),
        by_content: e.scan.by_content,
        pickle: e.scan.pickle.clone(),
    }
}

/// The evidence of a bundle as its loaders read it, before it is verified and assembled, with
/// every problem found so far (all are reported together).
pub struct Evidence {
    pub(super) input: Input,
    /// Model signatures and Sigstore bundles, bundle-relative.
    pub(super) signatures: Vec<String>,
    /// Declared artifacts, in the manifest's order.
    pub(super) declared_artifacts: Vec<String>,
    pub(super) errors: Vec<Error>,
}

/// Runs every format loader over the evidence documents read (in parallel), and lists the
/// model artifacts: declared ones in the manifest's order, then every other model file.
pub fn load_formats(located: &Located, table: &FileTable) -> Evidence {
    let results: Vec<(Kind, &str, Result<Loaded>)> = located
        .files
        .par_iter()
        .filter(|(kind, _)| *kind != Kind::Artifact)
        .map(|(kind, rel)| {
            let r = match table.doc(rel) {
                Some(doc) => load_one(*kind, doc),
                None => Err(Error::bundle(
                    located.fs.display_path(rel),
                    "was not read with the bundle",
                )),
            };
            (*kind, rel.as_str(), r)
        })
        .collect();
    let mut input = Input::default();
    let mut errors = Vec::new();
    let mut signatures = Vec::new();
    for (kind, rel) in &located.files {
        input.discovery.found.push(FoundFile {
            path: rel.clone(),
            kind: kind.as_str().to_string(),
        });
    }
    let mut operations = Vec::new();
    let mut plans = 0;
    for (kind, rel, r) in results {
        match r {
            Ok(Loaded::ModelCard(m)) => {
                if input.model.is_some() {
                    errors.push(Error::bundle(
                        located.root.join(rel),
                        "a bundle has one model card; a second was given",
                    ));
                }
                input.model = Some(m);
            }
            Ok(Loaded::Dataset(d)) => input.datasets.push(d),
            Ok(Loaded::Sbom(s)) => input.sboms.push(s),
            Ok(Loaded::Robustness(r)) => input.robustness.push(r),
            Ok(Loaded::Signature) => {
                if kind == Kind::Signature {
                    signatures.push(rel.to_string());
                }
            }
            Ok(Loaded::Provenance(p)) => input.provenance.extend(p),
            Ok(Loaded::Operations(o)) => {
                // Two plans could say two things; which one counts must not be a matter of order.
                plans += o.plans.len();
                if plans > 1 && !o.plans.is_empty() {
                    errors.push(Error::bundle(
                        located.root.join(rel),
                        "a bundle has one operations plan; a second was given",
                    ));
                }
                operations.push(o);
            }
            Err(e) => errors.push(e),
        }
    }
    input.operations = formats::operations::combine(operations);
    let mut declared_artifacts: Vec<String> = Vec::new();
    for (kind, rel) in &located.files {
        if *kind == Kind::Artifact && !declared_artifacts.contains(rel) {
            if let Some(e) = table.entries.get(rel) {
                input.artifacts.push(artifact(rel, e, true));
                declared_artifacts.push(rel.clone());
            }
        }
    }
    for (rel, e) in &table.entries {
        if e.scan.format.is_some() && !declared_artifacts.contains(rel) {
            input.artifacts.push(artifact(rel, e, false));
        }
    }
    Evidence {
        input,
        signatures,
        declared_artifacts,
        errors,
    }
}
