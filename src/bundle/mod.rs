//! The bundle stage: find the evidence of one release (from `modelgate.yaml` or by convention),
//! read every file of the bundle once beneath its folder (hashed, scanned for model formats),
//! run every loader on those bytes and verify signatures against them, collecting all errors
//! rather than stopping at the first.

pub mod fs;
pub mod obligations;

use crate::error::{Error, Location, Result};
use crate::formats::{self, modelfile, Doc};
use crate::input::{Artifact, Discovery, FoundFile, Input, ManifestInfo};
use crate::verify::evidence::BundleFiles as _;
use fs::{BundleFs, OpenError, WalkEntry};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// EU AI Act classification: role, Annex III point, Art. 6(3) derogation, Art. 5 screen.
    #[serde(default)]
    pub eu_ai_act: Option<obligations::EuAiAct>,
    /// EU AI Act Art. 50 transparency: AI disclosure, output marking, deep fakes.
    #[serde(default)]
    pub transparency: Option<obligations::Transparency>,
    /// General-purpose AI model duties (EU AI Act Art. 53, 55).
    #[serde(default)]
    pub gpai: Option<obligations::Gpai>,
    /// High-risk provider duties (EU AI Act Art. 9, 12, 15(3), 17, 43, 47, 49, 72, 73).
    #[serde(default)]
    pub high_risk: Option<obligations::HighRisk>,
    /// High-risk deployer duties (EU AI Act Art. 26, 27, 86).
    #[serde(default)]
    pub deployer: Option<obligations::Deployer>,
    /// California AI laws: AB 2013 training-data disclosure, CPPA ADMT regulations.
    #[serde(default)]
    pub california: Option<obligations::California>,
    /// Erasure requests and the trained model (GDPR Art. 17, 19; CCPA 1798.105).
    #[serde(default)]
    pub erasure: Option<obligations::Erasure>,
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
    /// The Union or Member State law that authorises the decisions and lays down suitable
    /// safeguards (Art. 22(2)(b)).
    #[serde(default)]
    pub law_reference: Option<String>,
    /// How a person can express his or her point of view (Art. 22(3)).
    #[serde(default)]
    pub point_of_view: Option<String>,
    /// Where people get meaningful information about the logic involved and the significance
    /// and envisaged consequences (Art. 13(2)(f), 14(2)(g), 15(1)(h)).
    #[serde(default)]
    pub logic_information: Option<String>,
    /// Whether decisions concern children (Recital 71: such a measure should not concern a
    /// child).
    #[serde(default)]
    pub affects_children: Option<bool>,
    /// Whether third parties draw strongly on the model's output (a score) for their own
    /// decisions, which makes the score itself a decision (CJEU C-634/21 SCHUFA).
    #[serde(default)]
    pub relied_on_by_third_parties: Option<bool>,
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
#[derive(Debug)]
pub struct Located {
    pub root: PathBuf,
    /// The bundle folder, opened: every file is read beneath it.
    pub fs: BundleFs,
    pub manifest: Option<(Manifest, Doc)>,
    /// (kind, path relative to root), in manifest or discovery order.
    pub files: Vec<(Kind, String)>,
    /// Every file and symlink below the root.
    pub walked: Vec<WalkEntry>,
    /// The bounds every later stage of the load holds the bundle to.
    pub limits: crate::limits::Limits,
}

/// Finds the files of the bundle at `root` (a folder, or the path of its `modelgate.yaml`),
/// within `limits`.
pub fn locate(root: &Path, limits: &crate::limits::Limits) -> Result<Located> {
    let root = if root.file_name().is_some_and(|n| n == MANIFEST) && !root.is_dir() {
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
    let limits = *limits;
    let fs = BundleFs::open(&root)?;
    let walked = fs.walk(limits.max_files)?;
    let manifest = match fs.open_file(MANIFEST) {
        // A manifest that is a link leading nowhere was meant to be one: not convention mode.
        Err(OpenError::NotFound) if !walked.iter().any(|e| e.rel == MANIFEST) => None,
        Err(e) => return Err(Error::bundle(root.join(MANIFEST), e.message(MANIFEST))),
        Ok(mut opened) => {
            let path = root.join(MANIFEST);
            let bytes = fs::read_bounded(
                &mut opened.file,
                &path,
                opened.state.size,
                limits.max_file_bytes,
            )?;
            opened.check_unchanged(&path)?;
            Some(Doc::new(path, MANIFEST, bytes).with_limits(limits))
        }
    };
    match manifest {
        Some(doc) => {
            let manifest: Manifest = doc.yaml()?;
            check_manifest_header(&doc, &manifest)?;
            let files = manifest_files(&fs, &walked, &doc, &manifest, limits.max_files)?;
            Ok(Located {
                root,
                fs,
                manifest: Some((manifest, doc)),
                files,
                walked,
                limits,
            })
        }
        None => {
            let files = discover(&fs, &walked)?;
            if files.is_empty() {
                // Nothing a release is made of: this is not a bundle (a typo, or a folder caught
                // by a glob), and judging it would only list everything as missing.
                return Err(Error::bundle(
                    &root,
                    format!(
                        "not a bundle: no {MANIFEST} and no evidence found by convention (a model card, datasheet, SBOM, robustness report, model file or signature)"
                    ),
                ));
            }
            Ok(Located {
                root,
                fs,
                manifest: None,
                files,
                walked,
                limits,
            })
        }
    }
}

fn check_manifest_header(doc: &Doc, m: &Manifest) -> Result<()> {
    let index = formats::locate::YamlIndex::new(doc.text()?, 0);
    if m.api_version != "modelgate.dev/v1" {
        let loc = Location {
            line: index.line("/apiVersion"),
            column: None,
            pointer: Some("/apiVersion".into()),
        };
        return Err(doc.err(
            loc,
            format!(
                "apiVersion must be `modelgate.dev/v1`, found `{}`",
                formats::excerpt(&m.api_version)
            ),
        ));
    }
    if m.kind != "ModelRelease" {
        let loc = Location {
            line: index.line("/kind"),
            column: None,
            pointer: Some("/kind".into()),
        };
        return Err(doc.err(
            loc,
            format!(
                "kind must be `ModelRelease`, found `{}`",
                formats::excerpt(&m.kind)
            ),
        ));
    }
    Ok(())
}

/// The manifest's files, each checked to exist inside the bundle; all problems reported at once.
fn manifest_files(
    fs: &BundleFs,
    walked: &[WalkEntry],
    doc: &Doc,
    m: &Manifest,
    max_files: u64,
) -> Result<Vec<(Kind, String)>> {
    let index = formats::locate::YamlIndex::new(doc.text()?, 0);
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
                line: index.line(&pointer),
                column: None,
                pointer: Some(pointer),
            };
            let result = if kind == Kind::Artifact && is_glob(entry) {
                expand_glob(fs, walked, entry)
            } else {
                check_inside(fs, entry).map(|p| vec![p])
            };
            match result {
                Ok(paths) => files.extend(paths.into_iter().map(|p| (kind, p))),
                Err(msg) => errors.push(doc.err(loc, msg)),
            }
        }
    }
    let max = max_files;
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

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// `rel` without `.` components, `/`-separated.
fn normalize(rel: &str) -> String {
    rel.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Rejects absolute paths and `..`, and requires the file to open as a regular file beneath the
/// bundle: evidence from outside the bundle would not be what was reviewed.
fn check_inside(fs: &BundleFs, rel: &str) -> std::result::Result<String, String> {
    fs::inside_path(rel).map_err(|e| e.message(rel))?;
    let rel = normalize(rel);
    fs.open_file(&rel).map_err(|e| e.message(&rel))?;
    Ok(rel)
}

/// True for a path with a hidden component (`.cache/x`, `model/.git/y`): globs and naming
/// conventions do not reach into hidden folders (the model-file scan still does).
fn hidden(rel: &str) -> bool {
    rel.split('/').any(|c| c.starts_with('.'))
}

fn expand_glob(
    fs: &BundleFs,
    walked: &[WalkEntry],
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
    for e in walked.iter().filter(|e| !hidden(&e.rel)) {
        if glob.is_match(&e.rel) {
            out.push(check_inside(fs, &e.rel)?);
        }
    }
    if out.is_empty() {
        return Err(format!("`{pattern}` matches no file"));
    }
    Ok(out)
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
        || formats::modelfile::format_by_name(rel).is_some()
        || (name == "config.json" && (rel.starts_with("model/") || top))
    {
        return Some(Kind::Artifact);
    }
    None
}

fn discover(fs: &BundleFs, walked: &[WalkEntry]) -> Result<Vec<(Kind, String)>> {
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

/// A file of the bundle as read once: its digest, what it is, and its bytes when it is
/// evidence that a loader parses.
#[derive(Debug)]
pub struct FileEntry {
    pub size: u64,
    /// Absent for a file nothing needs the digest of: not declared, no model file, outside the
    /// signed model folder and signed by no Sigstore bundle (only scanned).
    pub sha256: Option<String>,
    /// The path is a symlink; where it leads, bundle-relative.
    pub link: Option<String>,
    /// What the model-file scan found.
    pub scan: modelfile::Scan,
    /// The bytes, for evidence documents.
    pub doc: Option<Doc>,
}

/// Every file of a bundle, read once beneath its folder.
#[derive(Debug, Default)]
pub struct FileTable {
    pub entries: BTreeMap<String, FileEntry>,
    /// Paths that hold nothing to read: symlinked folders, special files, broken links.
    pub others: BTreeMap<String, crate::verify::oms::Listed>,
}

impl crate::verify::evidence::BundleFiles for FileTable {
    fn sha256(&self, rel: &str) -> Option<&str> {
        self.entries.get(rel).and_then(|e| e.sha256.as_deref())
    }

    fn doc(&self, rel: &str) -> Option<&Doc> {
        self.entries.get(rel).and_then(|e| e.doc.as_ref())
    }

    fn model_files(&self, dir: &str) -> Vec<(String, crate::verify::oms::Listed)> {
        use crate::verify::oms::Listed;
        let under = |rel: &str| {
            dir.is_empty() || (rel.starts_with(dir) && rel[dir.len()..].starts_with('/'))
        };
        let mut out: Vec<(String, Listed)> = self
            .entries
            .iter()
            .filter(|(rel, _)| under(rel))
            .map(|(rel, e)| {
                // Files below the model folder are always hashed (see `needs_digest`).
                let sha256 = e.sha256.clone().unwrap_or_default();
                let listed = match &e.link {
                    None => Listed::File {
                        sha256,
                        link: false,
                    },
                    Some(target) if under(target) => Listed::File { sha256, link: true },
                    Some(target) => Listed::LinkOut(target.clone()),
                };
                (rel.clone(), listed)
            })
            .chain(
                self.others
                    .iter()
                    .filter(|(rel, _)| under(rel))
                    .map(|(rel, l)| (rel.clone(), l.clone())),
            )
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

enum Slot {
    Entry(Box<FileEntry>),
    Other(crate::verify::oms::Listed),
}

/// Reads every file of the bundle once, beneath its folder: evidence documents whole (bounded),
/// every file hashed and scanned for model formats. A link out of the bundle, declared or not,
/// is refused.
pub fn read_files(located: &Located) -> Result<FileTable> {
    let declared: BTreeMap<&str, Kind> = located
        .files
        .iter()
        .map(|(k, r)| (r.as_str(), *k))
        .collect();
    let mut paths: BTreeMap<&str, bool> = located
        .walked
        .iter()
        .filter(|e| e.rel != MANIFEST && (e.regular || e.symlink))
        .map(|e| (e.rel.as_str(), e.symlink))
        .collect();
    for rel in declared.keys() {
        paths.entry(rel).or_insert(false);
    }
    // A digest is computed where something compares it: declared files, the signed model
    // folder, files a Sigstore bundle names; every other file is only scanned (a model file
    // found there is hashed then).
    let artifacts: Vec<String> = located
        .files
        .iter()
        .filter(|(k, _)| *k == Kind::Artifact)
        .map(|(_, r)| r.clone())
        .collect();
    let model_dir = crate::verify::evidence::model_dir(&artifacts);
    let needs_digest = |rel: &str| {
        declared.contains_key(rel)
            || model_dir.is_empty()
            || (rel.starts_with(model_dir.as_str()) && rel[model_dir.len()..].starts_with('/'))
            || crate::verify::evidence::SIGNATURE_SUFFIXES
                .iter()
                .any(|suffix| paths.contains_key(format!("{rel}{suffix}").as_str()))
    };
    let results: Vec<(&str, Result<Option<Slot>>)> = paths
        .par_iter()
        .map(|(rel, symlink)| {
            (
                *rel,
                read_one(
                    &located.fs,
                    rel,
                    *symlink,
                    declared.get(rel).copied(),
                    needs_digest(rel),
                    &located.limits,
                ),
            )
        })
        .collect();
    let mut table = FileTable::default();
    let mut errors = Vec::new();
    for (rel, r) in results {
        match r {
            Ok(Some(Slot::Entry(e))) => {
                table.entries.insert(rel.to_string(), *e);
            }
            Ok(Some(Slot::Other(l))) => {
                table.others.insert(rel.to_string(), l);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    // The manifest is a file of the bundle like any other: a model signature over the bundle
    // root (artifacts in several folders) signs it too. Listed from the bytes `locate` read,
    // never read again.
    if let Some((_, doc)) = &located.manifest {
        table.entries.insert(
            MANIFEST.to_string(),
            FileEntry {
                size: doc.bytes.len() as u64,
                sha256: Some(doc.sha256.clone()),
                link: located
                    .walked
                    .iter()
                    .any(|e| e.rel == MANIFEST && e.symlink)
                    .then(|| located.fs.resolve_link(MANIFEST))
                    .flatten(),
                scan: modelfile::Scan::default(),
                doc: Some(doc.clone()),
            },
        );
    }
    match errors.len() {
        0 => Ok(table),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

fn read_one(
    fs: &BundleFs,
    rel: &str,
    symlink: bool,
    kind: Option<Kind>,
    digest: bool,
    limits: &crate::limits::Limits,
) -> Result<Option<Slot>> {
    let max = limits.max_file_bytes;
    use crate::verify::oms::Listed;
    let path = fs.display_path(rel);
    let link = if symlink { fs.resolve_link(rel) } else { None };
    let mut opened = match fs.open_file(rel) {
        Ok(o) => o,
        // Undeclared folders behind links, FIFOs and devices hold no file to judge; a link out
        // of the bundle is refused whether or not the manifest names it.
        Err(OpenError::NotRegular(_)) if kind.is_none() => {
            let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            return Ok(Some(Slot::Other(if symlink && is_dir {
                Listed::LinkDir
            } else {
                Listed::Special
            })));
        }
        Err(OpenError::NotFound) if kind.is_none() && symlink => {
            return Ok(Some(Slot::Other(Listed::Broken(
                "its target does not exist".into(),
            ))))
        }
        Err(e) => return Err(Error::bundle(&path, e.message(rel))),
    };
    let evidence = kind.is_some_and(|k| k != Kind::Artifact);
    let entry = if evidence {
        let bytes = fs::read_bounded(&mut opened.file, &path, opened.state.size, max)?;
        opened.check_unchanged(&path)?;
        let doc = Doc::new(&path, rel, bytes).with_limits(*limits);
        let scan = modelfile::scan(
            &mut std::io::Cursor::new(doc.bytes.as_slice()),
            doc.bytes.len() as u64,
            rel,
        )
        .map_err(|e| Error::io(&path, e))?;
        FileEntry {
            size: doc.bytes.len() as u64,
            sha256: Some(doc.sha256.clone()),
            link,
            scan,
            doc: Some(doc),
        }
    } else {
        let size = opened.state.size;
        let scan = modelfile::scan(&mut opened.file, size, rel).map_err(|e| Error::io(&path, e))?;
        let sha256 = if digest || scan.format.is_some() {
            let (hashed, sha256) = crate::digest::hash_open(&mut opened.file, &path)?;
            if hashed != size {
                return Err(Error::bundle(
                    &path,
                    "the file changed while it was being read; run the check again on a bundle that nobody is writing to",
                ));
            }
            Some(sha256)
        } else {
            None
        };
        // Scan and hash read the same descriptor; if the file changed in between, neither is
        // known to describe the other.
        opened.check_unchanged(&path)?;
        FileEntry {
            size,
            sha256,
            link,
            scan,
            doc: None,
        }
    };
    Ok(Some(Slot::Entry(Box::new(entry))))
}

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

/// Finds the files that provenance subjects named only by sha384 or sha512 stand for. Each
/// hashed file of the bundle (declared, a model file, or evidence) is hashed with that
/// algorithm too: evidence from the bytes already read, any other file streamed again with its
/// sha256 alongside, which must be the one recorded. A match becomes a subject with the file's
/// sha256, which is how every rule compares subjects; a subject no file matches covers nothing.
fn resolve_other_digests(
    located: &Located,
    table: &FileTable,
    provenance: &mut [crate::input::Provenance],
) -> Result<()> {
    let algorithms: BTreeSet<crate::digest::Algorithm> = provenance
        .iter()
        .flat_map(|p| p.unresolved.iter().map(|u| u.algorithm))
        .collect();
    if algorithms.is_empty() {
        return Ok(());
    }
    let hashed: Vec<(&String, &FileEntry, &str)> = table
        .entries
        .iter()
        .filter_map(|(rel, e)| Some((rel, e, e.sha256.as_deref()?)))
        .collect();
    let digests = hashed
        .par_iter()
        .map(|(rel, e, sha256)| {
            let mut out = Vec::new();
            for alg in &algorithms {
                let other = match &e.doc {
                    Some(doc) => hex::encode(alg.digest(&doc.bytes)),
                    None => {
                        let path = located.fs.display_path(rel);
                        let mut opened = located
                            .fs
                            .open_file(rel)
                            .map_err(|e| Error::bundle(&path, e.message(rel)))?;
                        let (_, again, other) =
                            crate::digest::hash_open_with(&mut opened.file, &path, *alg)?;
                        opened.check_unchanged(&path)?;
                        if again != *sha256 {
                            return Err(Error::bundle(
                                &path,
                                "the file changed while the bundle was being read; run the check again on a bundle that nobody is writing to",
                            ));
                        }
                        other
                    }
                };
                out.push((*alg, other, sha256.to_string()));
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<_>>>>()?;
    let mut by_digest: BTreeMap<(crate::digest::Algorithm, String), String> = BTreeMap::new();
    for d in digests {
        for (alg, other, sha256) in d {
            by_digest.insert((alg, other), sha256);
        }
    }
    for p in provenance.iter_mut() {
        for u in std::mem::take(&mut p.unresolved) {
            match by_digest.get(&(u.algorithm, u.digest.clone())) {
                Some(sha256) => p.subjects.push(crate::input::Subject {
                    name: u.name,
                    sha256: sha256.clone(),
                    matched_by: Some(format!("{}:{}", u.algorithm.name(), u.digest)),
                }),
                None => p.unresolved.push(u),
            }
        }
    }
    Ok(())
}

/// The evidence of a bundle as its loaders read it, before it is verified and assembled, with
/// every problem found so far (all are reported together).
pub struct Evidence {
    input: Input,
    /// Model signatures and Sigstore bundles, bundle-relative.
    signatures: Vec<String>,
    /// Declared artifacts, in the manifest's order.
    declared_artifacts: Vec<String>,
    errors: Vec<Error>,
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
            Err(e) => errors.push(e),
        }
    }
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

/// Verifies every signature and provenance statement against `trust`, from the bytes and
/// digests read once; provenance subjects named by sha512 are matched to their files first.
pub fn verify(
    located: &Located,
    table: &FileTable,
    evidence: &mut Evidence,
    trust: &crate::verify::evidence::Trust,
) {
    for rel in &evidence.signatures {
        let Some(doc) = table.doc(rel) else { continue };
        match crate::verify::evidence::verify_signature(
            table,
            doc,
            &evidence.declared_artifacts,
            trust,
        ) {
            Ok(s) => evidence.input.signatures.push(s),
            Err(e) => evidence.errors.push(e),
        }
    }
    if let Err(e) = resolve_other_digests(located, table, &mut evidence.input.provenance) {
        evidence.errors.push(e);
    }
    if let Err(e) =
        crate::verify::evidence::verify_provenance(table, &mut evidence.input.provenance, trust)
    {
        evidence.errors.push(e);
    }
}

/// The input document: the evidence with how it was found and what the manifest declares; or
/// every problem found while loading and verifying it.
pub fn assemble(located: &Located, evidence: Evidence) -> Result<Input> {
    let Evidence {
        mut input,
        mut errors,
        ..
    } = evidence;
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
                    law_reference: a.law_reference.clone(),
                    point_of_view: a.point_of_view.clone(),
                    logic_information: a.logic_information.clone(),
                    affects_children: a.affects_children,
                    relied_on_by_third_parties: a.relied_on_by_third_parties,
                }
            }),
            eu_ai_act: m.spec.eu_ai_act.clone(),
            transparency: m.spec.transparency.clone(),
            gpai: m.spec.gpai.clone(),
            high_risk: m.spec.high_risk.clone(),
            deployer: m.spec.deployer.clone(),
            california: m.spec.california.clone(),
            erasure: m.spec.erasure.clone(),
        },
        None => ManifestInfo::default(),
    };
    Ok(input)
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

#[cfg(test)]
mod location_tests {
    use super::*;

    /// A manifest entry's error names the entry's own line: not an earlier line that merely
    /// contains the same text (`data/a.json` before `a.json`), nor a comment.
    #[test]
    fn manifest_entries_are_located_by_their_own_node() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data/a.json"), "{}").unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            "# a.json is listed below\napiVersion: modelgate.dev/v1\nkind: ModelRelease\n\
             metadata: {name: m, version: '1'}\nspec:\n  riskTier: high\n  datasets:\n    - data/a.json\n    - a.json\n",
        )
        .unwrap();
        let e = locate(dir.path(), &crate::limits::Limits::default())
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("line 9"), "{e}");
        assert!(e.contains("/spec/datasets/1"), "{e}");
    }
}
