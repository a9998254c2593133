//! The model's files as found: a folder (or single file) on disk walked and hashed, and the
//! paths left out of the comparison (signature file, signed ignore_paths, git paths).

use super::statement::normalize_rel;
use super::{Serialization, GIT_PATHS};
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
pub(super) fn ignore_rules(
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

pub(super) fn is_ignored(rules: &BTreeSet<String>, rel: &str) -> bool {
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
