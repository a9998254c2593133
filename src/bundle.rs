//! The bundle stage: find the evidence of one release (from `modelgate.yaml` or by convention),
//! refuse paths that leave the bundle, hash the artifacts, and run every loader, collecting
//! all errors rather than stopping at the first.

use crate::error::{Error, Location, Result};
use crate::formats::{self, Doc};
use crate::input::{Artifact, Discovery, FoundFile, Input, ManifestInfo};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// File name of the bundle manifest.
pub const MANIFEST: &str = "modelgate.yaml";

/// `modelgate.yaml`: what a model release consists of.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Manifest {
    /// Must be `modelgate.dev/v1`.
    pub api_version: String,
    /// Must be `ModelRelease`.
    pub kind: String,
    pub metadata: ManifestMetadata,
    pub spec: ManifestSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ManifestMetadata {
    /// Release name, e.g. `credit-risk-scorer`.
    pub name: String,
    /// Release version, e.g. `2.3.0` (a string: quote versions such as "1.10").
    pub version: String,
    /// Accountable owner, e.g. a team e-mail.
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// EU AI Act risk tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RiskTier {
    Minimal,
    Limited,
    High,
    Unacceptable,
}

impl RiskTier {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskTier::Minimal => "minimal",
            RiskTier::Limited => "limited",
            RiskTier::High => "high",
            RiskTier::Unacceptable => "unacceptable",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ManifestSpec {
    /// EU AI Act risk tier (Art. 5, 6, 50): minimal | limited | high | unacceptable.
    pub risk_tier: RiskTier,
    /// Target environment, e.g. `production`, `staging`.
    #[serde(default)]
    pub environment: Option<String>,
    /// Where the model is deployed or its data subjects are: `EU`, ISO 3166 codes, `US-CA`, ...
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// What the model is deployed for, in a sentence.
    #[serde(default)]
    pub intended_deployment: Option<String>,
    /// Model card, relative to the bundle.
    #[serde(default)]
    pub model_card: Option<String>,
    /// Dataset manifests (Croissant, Hugging Face dataset cards, dataset.yaml).
    #[serde(default)]
    pub datasets: Vec<String>,
    /// SBOMs (CycloneDX JSON, SPDX 2.3 JSON, SPDX 3.0 JSON-LD).
    #[serde(default)]
    pub sboms: Vec<String>,
    /// Robustness results (robustness.json, garak report JSONL).
    #[serde(default)]
    pub robustness: Vec<String>,
    /// Model files or glob patterns (`model/*.safetensors`); each must match at least one file.
    #[serde(default)]
    pub artifacts: Vec<String>,
    /// Signature files (Sigstore bundles, OMS signatures).
    #[serde(default)]
    pub signatures: Vec<String>,
    /// in-toto / SLSA provenance statements (bare, DSSE, `.intoto.jsonl`, Sigstore bundle).
    #[serde(default)]
    pub provenance: Vec<String>,
    /// Decisions the model takes about people (GDPR Art. 22, EU AI Act Art. 14, 86).
    #[serde(default)]
    pub automated_decisions: Option<AutomatedDecisions>,
}

/// How the model's outputs become decisions about natural persons.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AutomatedDecisions {
    /// Decisions are taken without meaningful human involvement (GDPR Art. 22(1)).
    pub solely_automated: bool,
    /// Decisions produce legal effects or similarly significant effects (credit, employment, ...).
    pub legal_or_similar_effect: bool,
    /// How a person can obtain human intervention (GDPR Art. 22(3)).
    #[serde(default)]
    pub human_intervention: Option<String>,
    /// How a person can contest the decision (GDPR Art. 22(3)).
    #[serde(default)]
    pub contestation: Option<String>,
    /// Art. 22(2) exception relied on: contract | law | explicit_consent.
    #[serde(default)]
    pub exception: Option<String>,
}

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
        }
    }
}

/// The files of one bundle, located but not yet loaded.
#[derive(Debug, Clone)]
pub struct Located {
    pub root: PathBuf,
    pub manifest: Option<(Manifest, Doc)>,
    /// (kind, path relative to root), in manifest or discovery order.
    pub files: Vec<(Kind, String)>,
}

/// Finds the files of the bundle at `root` (a folder, or the path of its `modelgate.yaml`).
pub fn locate(root: &Path) -> Result<Located> {
    let root = if root.file_name().is_some_and(|n| n == MANIFEST) && root.is_file() {
        root.parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    } else {
        root.to_path_buf()
    };
    if !root.is_dir() {
        return Err(Error::bundle(
            &root,
            "not a bundle folder (no such directory)",
        ));
    }
    let manifest_path = root.join(MANIFEST);
    if manifest_path.is_file() {
        let doc = Doc::read(&manifest_path, MANIFEST)?;
        let manifest: Manifest = doc.yaml()?;
        check_manifest_header(&doc, &manifest)?;
        let files = manifest_files(&root, &doc, &manifest)?;
        Ok(Located {
            root,
            manifest: Some((manifest, doc)),
            files,
        })
    } else {
        let files = discover(&root)?;
        if files.is_empty() {
            // Nothing a release is made of: this is not a bundle (a typo, or a folder caught by
            // a glob), and judging it would only list everything as missing.
            return Err(Error::bundle(
                &root,
                format!(
                    "not a bundle: no {MANIFEST} and no evidence found by convention (a model card, datasheet, SBOM, robustness report, model file or signature)"
                ),
            ));
        }
        Ok(Located {
            root,
            manifest: None,
            files,
        })
    }
}

fn check_manifest_header(doc: &Doc, m: &Manifest) -> Result<()> {
    let text = doc.text()?;
    if m.api_version != "modelgate.dev/v1" {
        let loc = Location {
            line: formats::key_line(text, "apiVersion"),
            column: None,
            pointer: Some("/apiVersion".into()),
        };
        return Err(doc.err(
            loc,
            format!(
                "apiVersion must be `modelgate.dev/v1`, found `{}`",
                m.api_version
            ),
        ));
    }
    if m.kind != "ModelRelease" {
        let loc = Location {
            line: formats::key_line(text, "kind"),
            column: None,
            pointer: Some("/kind".into()),
        };
        return Err(doc.err(
            loc,
            format!("kind must be `ModelRelease`, found `{}`", m.kind),
        ));
    }
    Ok(())
}

/// The manifest's files, each checked to exist inside the bundle; all problems reported at once.
fn manifest_files(root: &Path, doc: &Doc, m: &Manifest) -> Result<Vec<(Kind, String)>> {
    let text = doc.text()?;
    let canon_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let s = &m.spec;
    let lists: [(Kind, &str, Vec<&String>); 7] = [
        (Kind::ModelCard, "modelCard", s.model_card.iter().collect()),
        (Kind::Dataset, "datasets", s.datasets.iter().collect()),
        (Kind::Sbom, "sboms", s.sboms.iter().collect()),
        (
            Kind::Robustness,
            "robustness",
            s.robustness.iter().collect(),
        ),
        (Kind::Artifact, "artifacts", s.artifacts.iter().collect()),
        (Kind::Signature, "signatures", s.signatures.iter().collect()),
        (
            Kind::Provenance,
            "provenance",
            s.provenance.iter().collect(),
        ),
    ];
    for (kind, key, entries) in lists {
        for (i, entry) in entries.into_iter().enumerate() {
            let pointer = if kind == Kind::ModelCard {
                format!("/spec/{key}")
            } else {
                format!("/spec/{key}/{i}")
            };
            let loc = Location {
                line: value_line(text, entry),
                column: None,
                pointer: Some(pointer),
            };
            let result = if kind == Kind::Artifact && is_glob(entry) {
                expand_glob(root, &canon_root, entry)
            } else {
                check_inside(root, &canon_root, entry).map(|p| vec![p])
            };
            match result {
                Ok(paths) => files.extend(paths.into_iter().map(|p| (kind, p))),
                Err(msg) => errors.push(doc.err(loc, msg)),
            }
        }
    }
    let max = crate::limits::get().max_files;
    if errors.is_empty() && files.len() as u64 > max {
        errors.push(doc.err(
            Location::pointer("/spec"),
            format!(
                "the manifest names {} files, over the limit of {max} (limits.maxFiles in the configuration)",
                files.len()
            ),
        ));
    }
    match errors.len() {
        0 => Ok(files),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Line of the first occurrence of `value` as a YAML scalar, for pointing at manifest entries.
/// Comments are skipped, so a path mentioned in a comment does not take the location.
fn value_line(text: &str, value: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let code = l.split(" #").next().unwrap_or(l);
            !l.trim_start().starts_with('#') && code.contains(value)
        })
        .map(|i| i + 1)
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Rejects absolute paths and `..`, resolves symlinks and requires the file to stay inside the
/// bundle: evidence from outside the bundle would not be what was reviewed.
fn check_inside(root: &Path, canon_root: &Path, rel: &str) -> std::result::Result<String, String> {
    let p = Path::new(rel);
    if p.is_absolute()
        || p.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::Prefix(_) | Component::RootDir
            )
        })
    {
        return Err(format!(
            "`{rel}` must be a path inside the bundle (no absolute paths, no `..`)"
        ));
    }
    let full = root.join(p);
    let canon = full.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("`{rel}` does not exist"),
        _ => format!("`{rel}`: {e}"),
    })?;
    if !canon.starts_with(canon_root) {
        return Err(format!(
            "`{rel}` resolves outside the bundle (symlink to {})",
            canon.display()
        ));
    }
    if !canon.is_file() {
        return Err(format!("`{rel}` is not a file"));
    }
    Ok(rel.trim_start_matches("./").to_string())
}

fn expand_glob(
    root: &Path,
    canon_root: &Path,
    pattern: &str,
) -> std::result::Result<Vec<String>, String> {
    if Path::new(pattern).is_absolute() || pattern.split('/').any(|c| c == "..") {
        return Err(format!(
            "`{pattern}` must be a pattern inside the bundle (no absolute paths, no `..`)"
        ));
    }
    let glob = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("`{pattern}` is not a valid glob: {e}"))?
        .compile_matcher();
    let mut out = Vec::new();
    for rel in walk(root) {
        if glob.is_match(&rel) {
            out.push(check_inside(root, canon_root, &rel)?);
        }
    }
    if out.is_empty() {
        return Err(format!("`{pattern}` matches no file"));
    }
    Ok(out)
}

/// Files under `root`, relative, `/`-separated, sorted; hidden folders and `target` skipped.
fn walk(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .max_depth(8)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() || e.file_type().is_symlink())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect();
    out.sort();
    out
}

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
    if matches!(ext, "sig" | "sigstore")
        || name.ends_with(".sigstore.json")
        || name.ends_with(".dsse.json")
    {
        return Some(Kind::Signature);
    }
    if ARTIFACT_EXTENSIONS.contains(&ext)
        || (name == "config.json" && (rel.starts_with("model/") || top))
    {
        return Some(Kind::Artifact);
    }
    None
}

fn discover(root: &Path) -> Result<Vec<(Kind, String)>> {
    let canon_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let mut files: Vec<(Kind, String)> = Vec::new();
    for rel in walk(root) {
        if let Some(kind) = classify(&rel) {
            // Discovery never follows a link out of the bundle either.
            check_inside(root, &canon_root, &rel).map_err(|m| Error::bundle(root.join(&rel), m))?;
            files.push((kind, rel));
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

/// Streams a file through sha256; returns (size, hex digest).
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((size, hex::encode(h.finalize())))
}

/// One loaded piece of evidence.
// Built once per file and moved straight into the input: the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
enum Loaded {
    ModelCard(crate::input::ModelCard),
    Dataset(crate::input::Dataset),
    Sbom(crate::input::Sbom),
    Robustness(crate::input::Robustness),
    Artifact(Artifact),
    Signature(Doc),
    Provenance(Vec<crate::input::Provenance>),
}

fn load_one(root: &Path, kind: Kind, rel: &str) -> Result<Loaded> {
    let path = root.join(rel);
    let read = || Doc::read(&path, rel);
    Ok(match kind {
        Kind::Artifact => {
            let (size, sha256) = hash_file(&path)?;
            Loaded::Artifact(Artifact {
                path: rel.to_string(),
                size,
                sha256,
            })
        }
        Kind::ModelCard => Loaded::ModelCard(formats::model_card::load(&read()?)?),
        Kind::Dataset => Loaded::Dataset(formats::dataset::load(&read()?)?),
        Kind::Sbom => Loaded::Sbom(formats::sbom::load(&read()?)?),
        Kind::Robustness => Loaded::Robustness(formats::robustness::load(&read()?)?),
        // Verified once every artifact is hashed (a model signature covers them).
        Kind::Signature => Loaded::Signature(read()?),
        Kind::Provenance => Loaded::Provenance(formats::provenance::load(&read()?)?),
    })
}

/// Everything a bundle holds, loaded and normalized, its signatures verified against `trust`.
/// `context` is filled by the caller.
pub fn load(root: &Path, trust: &crate::verify::evidence::Trust) -> Result<Input> {
    let located = locate(root)?;
    let results: Vec<(Kind, String, Result<Loaded>)> = located
        .files
        .par_iter()
        .map(|(kind, rel)| (*kind, rel.clone(), load_one(&located.root, *kind, rel)))
        .collect();
    let mut input = Input::default();
    let mut errors = Vec::new();
    let mut signature_docs = Vec::new();
    for (kind, rel, r) in results {
        input.discovery.found.push(FoundFile {
            path: rel.clone(),
            kind: kind.as_str().to_string(),
        });
        match r {
            Ok(Loaded::ModelCard(m)) => {
                if input.model.is_some() {
                    errors.push(Error::bundle(
                        located.root.join(&rel),
                        "a bundle has one model card; a second was given",
                    ));
                }
                input.model = Some(m);
            }
            Ok(Loaded::Dataset(d)) => input.datasets.push(d),
            Ok(Loaded::Sbom(s)) => input.sboms.push(s),
            Ok(Loaded::Robustness(r)) => input.robustness.push(r),
            Ok(Loaded::Artifact(a)) => input.artifacts.push(a),
            Ok(Loaded::Signature(doc)) => signature_docs.push(doc),
            Ok(Loaded::Provenance(p)) => input.provenance.extend(p),
            Err(e) => errors.push(e),
        }
    }
    let artifact_paths: Vec<String> = input.artifacts.iter().map(|a| a.path.clone()).collect();
    for doc in &signature_docs {
        match crate::verify::evidence::verify_signature(&located.root, doc, &artifact_paths, trust)
        {
            Ok(s) => input.signatures.push(s),
            Err(e) => errors.push(e),
        }
    }
    if let Err(e) =
        crate::verify::evidence::verify_provenance(&located.root, &mut input.provenance, trust)
    {
        errors.push(e);
    }
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => return Err(Error::Many(errors)),
    }
    input.discovery.mode = if located.manifest.is_some() {
        "manifest"
    } else {
        "convention"
    }
    .to_string();
    input.manifest = match &located.manifest {
        Some((m, doc)) => ManifestInfo {
            source: Some(doc.source("modelgate-manifest")),
            name: Some(m.metadata.name.clone()),
            version: Some(m.metadata.version.clone()),
            owner: m.metadata.owner.clone(),
            risk_tier: Some(m.spec.risk_tier.as_str().to_string()),
            environment: m.spec.environment.clone(),
            jurisdictions: m.spec.jurisdictions.clone(),
            intended_deployment: m.spec.intended_deployment.clone(),
            labels: m.metadata.labels.clone(),
            automated_decisions: m.spec.automated_decisions.as_ref().map(|a| {
                crate::input::AutomatedDecisions {
                    solely_automated: a.solely_automated,
                    legal_or_similar_effect: a.legal_or_similar_effect,
                    human_intervention: a.human_intervention.clone(),
                    contestation: a.contestation.clone(),
                    exception: a.exception.clone(),
                }
            }),
        },
        None => ManifestInfo::default(),
    };
    Ok(input)
}

/// Discovery results by kind, for telling the user what was found.
pub fn summarize(d: &Discovery) -> BTreeMap<&str, Vec<&str>> {
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in &d.found {
        m.entry(f.kind.as_str()).or_default().push(f.path.as_str());
    }
    m
}

#[cfg(test)]
mod value_line_tests {
    use super::*;

    #[test]
    fn manifest_entries_are_located_past_comments() {
        let text = "# README.md is the card\nspec:\n  modelCard: README.md  # the card\n";
        assert_eq!(value_line(text, "README.md"), Some(3));
        assert_eq!(value_line(text, "missing.md"), None);
    }
}
