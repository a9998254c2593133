//! The locate stage: open the bundle folder, read its manifest and list the files it names
//! (globs expanded), or find the evidence by convention when there is no manifest.

use super::convention::discover;
use super::fs::{self, BundleFs, OpenError, WalkEntry};
use super::{Kind, Manifest, MANIFEST};
use crate::error::{Error, Location, Result};
use crate::formats::{self, Doc};
use std::path::{Path, PathBuf};

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
            pointer: Some("/apiVersion".into()),
            ..Location::default()
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
            pointer: Some("/kind".into()),
            ..Location::default()
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
    let lists: [(Kind, &str, Vec<&String>); 8] = [
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
        (
            Kind::Operations,
            "operations",
            s.operations.iter().collect(),
        ),
    ];
    for (kind, key, entries) in lists {
        for (i, entry) in entries.into_iter().enumerate() {
            let pointer = if kind == Kind::ModelCard {
                format!("/spec/{key}")
            } else {
                format!("/spec/{key}/{i}")
            };
            let at = index.get(&pointer);
            let loc = Location {
                line: at.map(|p| p.line),
                column: at.map(|p| p.column),
                pointer: Some(pointer),
                ..Location::default()
            };
            let result = if kind == Kind::Artifact && is_glob(entry) {
                expand_glob(fs, walked, entry)
            } else {
                check_inside(fs, entry).map(|p| vec![p])
            };
            match result {
                Ok(paths) => files.extend(paths.into_iter().map(|p| (kind, p))),
                Err(msg) => errors.push(
                    doc.err(loc, msg)
                        .with_code(crate::diagnostic::Code::InvalidBundle),
                ),
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
        ).with_code(crate::diagnostic::Code::TooMany));
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
pub(super) fn check_inside(fs: &BundleFs, rel: &str) -> std::result::Result<String, String> {
    fs::inside_path(rel).map_err(|e| e.message(rel))?;
    let rel = normalize(rel);
    fs.open_file(&rel).map_err(|e| e.message(&rel))?;
    Ok(rel)
}

/// True for a path with a hidden component (`.cache/x`, `model/.git/y`): globs and naming
/// conventions do not reach into hidden folders (the model-file scan still does).
pub(super) fn hidden(rel: &str) -> bool {
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
