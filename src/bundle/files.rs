//! The read stage: every file of the bundle read once beneath its folder, hashed where a
//! digest is compared and scanned for model formats; evidence documents kept whole.

use super::fs::{self, BundleFs, OpenError};
use super::{Kind, Located, MANIFEST};
use crate::error::{Error, Result};
use crate::formats::{modelfile, Doc};
use rayon::prelude::*;
use std::collections::BTreeMap;

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
