//! Bundles without a manifest: which files are evidence, told by the naming conventions of
//! each format.

use super::fs::{BundleFs, WalkEntry};
use super::locate::{check_inside, hidden};
use super::{Kind, MANIFEST};
use crate::error::{Error, Result};
use crate::formats;

/// Model weight and config files recognised by convention.
const ARTIFACT_EXTENSIONS: &[&str] = &[
    "safetensors",
    "onnx",
    "gguf",
    "pt",
    "pth",
    "bin",
    "h5",
    "keras",
    "pb",
    "tflite",
    "ckpt",
    "msgpack",
    "joblib",
    "pkl",
    "mlmodel",
    "npz",
];

/// Classifies a bundle-relative path by the naming conventions of each format.
pub fn classify(rel: &str) -> Option<Kind> {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let top = !rel.contains('/');
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if name == MANIFEST {
        return None;
    }
    if (top
        && matches!(
            name.as_str(),
            "readme.md" | "model_card.md" | "modelcard.md"
        ))
        || matches!(name.as_str(), "model_card.json" | "modelcard.json")
        || name.ends_with(".modelcard.json")
    {
        return Some(Kind::ModelCard);
    }
    if name.contains("croissant")
        || matches!(
            name.as_str(),
            "dataset.yaml" | "dataset.yml" | "datasheet.yaml" | "datasheet.yml"
        )
        || name.ends_with(".datasheet.yaml")
        || name.ends_with(".dataset.yaml")
        || (!top
            && name == "readme.md"
            && (rel.starts_with("data/") || rel.starts_with("datasets/")))
    {
        return Some(Kind::Dataset);
    }
    if name.ends_with(".cdx.json")
        || name.ends_with(".spdx.json")
        || name.ends_with(".spdx3.json")
        || name == "bom.json"
        || (name.starts_with("sbom") && ext == "json")
    {
        return Some(Kind::Sbom);
    }
    if name == "robustness.json"
        || name.ends_with(".robustness.json")
        || name.ends_with(".report.jsonl")
    {
        return Some(Kind::Robustness);
    }
    if name.ends_with(".intoto.jsonl")
        || name.ends_with(".intoto.json")
        || name == "provenance.json"
        || name.ends_with(".provenance.json")
    {
        return Some(Kind::Provenance);
    }
    // Only modelgate's own operations files: Prometheus rules and Kubernetes manifests have no
    // name of their own and are listed in spec.operations.
    if matches!(
        name.as_str(),
        "operations.yaml" | "operations.yml" | "drift.json"
    ) || name.ends_with(".operations.yaml")
        || name.ends_with(".drift.json")
    {
        return Some(Kind::Operations);
    }
    if matches!(ext, "sig" | "sigstore")
        || name.ends_with(".sigstore.json")
        || name.ends_with(".dsse.json")
    {
        return Some(Kind::Signature);
    }
    if ARTIFACT_EXTENSIONS.contains(&ext)
        || formats::modelfile::format_by_name(rel).is_some()
        || (name == "config.json" && (rel.starts_with("model/") || top))
    {
        return Some(Kind::Artifact);
    }
    None
}

pub(super) fn discover(fs: &BundleFs, walked: &[WalkEntry]) -> Result<Vec<(Kind, String)>> {
    let mut files: Vec<(Kind, String)> = Vec::new();
    for e in walked.iter().filter(|e| !hidden(&e.rel)) {
        if let Some(kind) = classify(&e.rel) {
            // Discovery never follows a link out of the bundle either.
            check_inside(fs, &e.rel).map_err(|m| Error::bundle(fs.display_path(&e.rel), m))?;
            files.push((kind, e.rel.clone()));
        }
    }
    let cards = files.iter().filter(|(k, _)| *k == Kind::ModelCard).count();
    if cards > 1 {
        // Several candidates: prefer README.md, as the Hugging Face Hub does.
        let keep = files
            .iter()
            .position(|(k, p)| *k == Kind::ModelCard && p.eq_ignore_ascii_case("readme.md"));
        let mut i = 0;
        files.retain(|(k, _)| {
            let idx = i;
            i += 1;
            *k != Kind::ModelCard || keep.is_none_or(|kp| kp == idx)
        });
    }
    files.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    Ok(files)
}
