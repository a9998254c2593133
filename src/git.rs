//! Version control context of a run: which repository and commit the checked bundles are in,
//! read locally with libgit2 (no transport is compiled in, so nothing can be fetched).

use crate::error::{Error, Result};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The manifest file that makes a folder a bundle.
pub use crate::bundle::MANIFEST;

/// Where the checked files came from in version control.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GitInfo {
    /// The `origin` remote's URL, else the repository folder's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The commit checked (HEAD, or `--head`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// The commit compared with (`--base`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Tracked files under the checked bundles differ from `head` in the work tree.
    pub dirty: bool,
    /// Paths changed between `base` and `head` (with `--base`), the gate's own files included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// Bundles of `base` removed with all their files (with `--base`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

/// Describes the repository that contains `bundles[0]`, or `None` outside a repository.
///
/// `dirty` looks only at tracked files under the bundles, so unrelated work elsewhere in a
/// monorepo does not mark a report. Credentials in the remote URL are never recorded.
pub fn describe(bundles: &[PathBuf]) -> Option<GitInfo> {
    let first = bundles.first()?;
    let abs = std::fs::canonicalize(first).ok()?;
    let repo = git2::Repository::discover(&abs).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let head = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .map(|c| c.id().to_string());
    let repository = repository_name(&repo, &workdir);
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(false).include_ignored(false);
    for b in bundles {
        if let Some(rel) = std::fs::canonicalize(b)
            .ok()
            .and_then(|p| p.strip_prefix(&workdir).ok().map(Path::to_path_buf))
        {
            if !rel.as_os_str().is_empty() {
                opts.pathspec(rel);
            }
        }
    }
    let dirty = repo
        .statuses(Some(&mut opts))
        .map(|s| !s.is_empty())
        .unwrap_or(false);
    Some(GitInfo {
        repository,
        head,
        base: None,
        dirty,
        changed: Vec::new(),
        removed: Vec::new(),
    })
}

/// The `origin` remote's URL without credentials, else the work tree folder's name.
fn repository_name(repo: &git2::Repository, workdir: &Path) -> Option<String> {
    repo.find_remote("origin")
        .ok()
        .and_then(|r| r.url().map(redact_url))
        .or_else(|| {
            workdir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
}

/// Drops `user:password@` from a URL: a token in a remote must not end up in an audit report.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            if path.is_empty() && !rest.contains('/') {
                format!("{scheme}://{host}")
            } else {
                format!("{scheme}://{host}/{path}")
            }
        }
        None => url.to_string(),
    }
}

/// What changed between two commits, and which bundles it touched.
pub struct Changes {
    pub repo: git2::Repository,
    /// The repository's work-tree folder (canonical).
    pub workdir: PathBuf,
    pub base: git2::Oid,
    pub head: git2::Oid,
    /// Repository-relative paths (`/`-separated) of files added, changed, removed or renamed
    /// under the root, sorted.
    pub changed: Vec<String>,
    /// Repository-relative folders of the bundles that hold a changed path, sorted: bundles at
    /// `head`, and bundles whose manifest is gone at `head` while files of theirs remain.
    pub bundles: Vec<String>,
    /// Bundles (as in `bundles`) that also exist at `base`.
    pub existed: BTreeSet<String>,
    /// Bundles of `bundles` whose manifest existed at `base` and is gone at `head`: their
    /// remaining files are judged as found by convention.
    pub unmanifested: Vec<String>,
    /// Bundles of `base` that are gone at `head` with every file.
    pub removed: Vec<String>,
}

fn git_err(what: &str, e: git2::Error) -> Error {
    Error::Git(format!("{what}: {}", e.message()))
}

fn commit_of(repo: &git2::Repository, rev: &str) -> Result<git2::Oid> {
    let obj = repo
        .revparse_single(rev)
        .map_err(|e| git_err(&format!("no revision `{rev}`"), e))?;
    obj.peel_to_commit()
        .map(|c| c.id())
        .map_err(|e| git_err(&format!("`{rev}` is not a commit"), e))
}

fn tree_of(repo: &git2::Repository, commit: git2::Oid) -> Result<git2::Tree<'_>> {
    repo.find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| git_err("reading a commit's tree", e))
}

/// The folders (repository-relative) under `prefix` whose tree holds a `modelgate.yaml` file.
pub fn bundles_in_tree(tree: &git2::Tree<'_>, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.name() == Some(MANIFEST) && entry.kind() == Some(git2::ObjectType::Blob) {
            let folder = dir.trim_end_matches('/').to_string();
            if within(&folder, prefix) {
                out.push(folder);
            }
        }
        git2::TreeWalkResult::Ok
    });
    out.sort();
    out
}

/// `path` is `prefix` or below it (`/`-separated, repository-relative; `""` is the root).
fn within(path: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || path == prefix
        || (path.starts_with(prefix) && path.as_bytes().get(prefix.len()) == Some(&b'/'))
}

/// The bundle a path belongs to: the deepest bundle folder that contains it.
fn owner<'a>(path: &str, bundles: &'a [String]) -> Option<&'a String> {
    bundles
        .iter()
        .filter(|b| within(path, b))
        .max_by_key(|b| b.len())
}

/// `path` (relative to the current folder, or absolute; it need not exist) relative to the
/// work tree `workdir`, `/`-separated; `None` outside it.
fn repo_relative(workdir: &Path, path: &Path) -> Option<String> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    // Resolve what exists (symlinked folders such as /tmp), keep the rest as written.
    let mut existing = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?.to_path_buf();
    }
    let mut full = existing.canonicalize().ok()?;
    for r in rest.into_iter().rev() {
        full.push(r);
    }
    let rel = full.strip_prefix(workdir).ok()?;
    let mut parts: Vec<String> = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

/// `root` as a path relative to the work tree (`/`-separated, `""` for the top).
fn relative_to_workdir(workdir: &Path, root: &Path) -> Result<String> {
    let abs = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let rel = abs.strip_prefix(workdir).map_err(|_| {
        Error::Usage(format!(
            "{} is not inside the repository at {}",
            root.display(),
            workdir.display()
        ))
    })?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/"))
}

/// The repository of `root` and the two revisions, without comparing them (`changed` and the
/// bundle lists are empty): enough to read and compare single paths at either revision.
pub fn revisions(root: &Path, base: &str, head: &str) -> Result<Changes> {
    let repo = git2::Repository::discover(root)
        .map_err(|e| git_err(&format!("{} is not in a git repository", root.display()), e))?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::Git("a bare repository has no work tree to check".into()))?
        .canonicalize()
        .map_err(|e| Error::io(root, e))?;
    let base = commit_of(&repo, base)?;
    let head = commit_of(&repo, head)?;
    Ok(Changes {
        repo,
        workdir,
        base,
        head,
        changed: Vec::new(),
        bundles: Vec::new(),
        existed: BTreeSet::new(),
        unmanifested: Vec::new(),
        removed: Vec::new(),
    })
}

/// Finds the bundles under `root` whose files differ between `base` and `head` (any revision
/// git understands). Only the commits' trees are read: the work tree, its untracked files and
/// its uncommitted changes play no part.
pub fn changes(root: &Path, base: &str, head: &str) -> Result<Changes> {
    let Changes {
        repo,
        workdir,
        base: base_id,
        head: head_id,
        ..
    } = revisions(root, base, head)?;
    let prefix = relative_to_workdir(&workdir, root)?;
    let (changed, bundles, existed, unmanifested, removed) = {
        let base_tree = tree_of(&repo, base_id)?;
        let head_tree = tree_of(&repo, head_id)?;
        let mut opts = git2::DiffOptions::new();
        if !prefix.is_empty() {
            opts.pathspec(&prefix);
        }
        let diff = repo
            .diff_tree_to_tree(Some(&base_tree), Some(&head_tree), Some(&mut opts))
            .map_err(|e| git_err("diff", e))?;
        let mut changed = BTreeSet::new();
        for d in diff.deltas() {
            for f in [d.old_file(), d.new_file()] {
                if let Some(p) = f.path() {
                    let p = p.to_string_lossy().replace('\\', "/");
                    if within(&p, &prefix) {
                        changed.insert(p);
                    }
                }
            }
        }
        let head_bundles = bundles_in_tree(&head_tree, &prefix);
        let base_list = bundles_in_tree(&base_tree, &prefix);
        let base_bundles: BTreeSet<String> = base_list.iter().cloned().collect();
        // A change belongs to the deepest bundle holding it at head or, when that bundle's
        // manifest is gone, at base: deleting a manifest must not hide the change.
        let mut all: Vec<String> = head_bundles.clone();
        all.extend(base_list.iter().cloned());
        all.sort();
        all.dedup();
        let mut touched = BTreeSet::new();
        for p in &changed {
            if let Some(b) = owner(p, &all) {
                touched.insert(b.clone());
            }
        }
        let mut unmanifested = Vec::new();
        let mut removed = Vec::new();
        for b in touched.clone() {
            if head_bundles.contains(&b) {
                continue;
            }
            let remains = if b.is_empty() {
                !head_tree.is_empty()
            } else {
                head_tree.get_path(Path::new(&b)).is_ok()
            };
            if remains {
                unmanifested.push(b);
            } else {
                touched.remove(&b);
                removed.push(b);
            }
        }
        let existed = touched
            .iter()
            .filter(|b| base_bundles.contains(*b))
            .cloned()
            .collect();
        (
            changed.into_iter().collect(),
            touched.into_iter().collect(),
            existed,
            unmanifested,
            removed,
        )
    };
    Ok(Changes {
        repo,
        workdir,
        base: base_id,
        head: head_id,
        changed,
        bundles,
        existed,
        unmanifested,
        removed,
    })
}

impl Changes {
    /// The repository-relative path of `path` (relative to the current folder, or absolute)
    /// when it lies in this repository's work tree.
    pub fn repo_path(&self, path: &Path) -> Option<String> {
        repo_relative(&self.workdir, path)
    }

    /// The tree entry id and kind of a repository path at `commit`, if it exists there.
    fn entry_at(&self, commit: git2::Oid, rel: &str) -> Result<Option<(git2::Oid, i32)>> {
        let tree = tree_of(&self.repo, commit)?;
        if rel.is_empty() {
            return Ok(Some((tree.id(), i32::from(git2::FileMode::Tree))));
        }
        Ok(tree
            .get_path(Path::new(rel))
            .ok()
            .map(|e| (e.id(), e.filemode())))
    }

    /// How the repository path `rel` differs between base and head: `added`, `removed`,
    /// `modified`, or `None` when it is the same (a folder compares by its whole tree).
    pub fn path_change(&self, rel: &str) -> Result<Option<&'static str>> {
        let base = self.entry_at(self.base, rel)?;
        let head = self.entry_at(self.head, rel)?;
        Ok(match (base, head) {
            (None, None) => None,
            (None, Some(_)) => Some("added"),
            (Some(_), None) => Some("removed"),
            (Some(a), Some(b)) if a == b => None,
            (Some(_), Some(_)) => Some("modified"),
        })
    }

    /// Writes the repository path `rel` (a file or a folder) as it is at the base revision
    /// under `dest` (at `dest/rel`), from the git objects alone; `None` when it does not exist
    /// there.
    pub fn materialize_base_path(&self, rel: &str, dest: &Path) -> Result<Option<PathBuf>> {
        let tree = tree_of(&self.repo, self.base)?;
        let entry = match tree.get_path(Path::new(rel)) {
            Ok(e) => e,
            Err(_) => return Ok(None),
        };
        let out = dest.join(rel);
        match entry.kind() {
            Some(git2::ObjectType::Tree) => self.materialize(self.base, rel, dest).map(Some),
            Some(git2::ObjectType::Blob) => {
                if let Some(p) = out.parent() {
                    std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
                }
                self.write_blob(entry.id(), entry.filemode(), &out)?;
                Ok(Some(out))
            }
            _ => Ok(None),
        }
    }

    /// The report's record of this comparison.
    pub fn info(&self) -> GitInfo {
        GitInfo {
            repository: repository_name(&self.repo, &self.workdir),
            head: Some(self.head.to_string()),
            base: Some(self.base.to_string()),
            dirty: false,
            changed: self.changed.clone(),
            removed: self.removed.clone(),
        }
    }

    /// Writes the bundle folder `bundle` as it is at `commit` into `dest/bundle`, from the git
    /// objects alone, and returns that folder.
    pub fn materialize(&self, commit: git2::Oid, bundle: &str, dest: &Path) -> Result<PathBuf> {
        let tree = tree_of(&self.repo, commit)?;
        let out = dest.join(bundle);
        std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
        let sub = if bundle.is_empty() {
            tree
        } else {
            tree.get_path(Path::new(bundle))
                .and_then(|e| e.to_object(&self.repo))
                .and_then(|o| o.peel_to_tree())
                .map_err(|e| git_err(&format!("{bundle} at {commit}"), e))?
        };
        let mut failure: Option<Error> = None;
        let walked = sub.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            let Some(name) = entry.name() else {
                return git2::TreeWalkResult::Skip;
            };
            let path = out.join(dir).join(name);
            let r = match entry.kind() {
                Some(git2::ObjectType::Tree) => {
                    std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))
                }
                Some(git2::ObjectType::Blob) => {
                    self.write_blob(entry.id(), entry.filemode(), &path)
                }
                // Submodules are other repositories: their content is not in these objects.
                _ => Ok(()),
            };
            match r {
                Ok(()) => git2::TreeWalkResult::Ok,
                Err(e) => {
                    failure = Some(e);
                    git2::TreeWalkResult::Abort
                }
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        walked.map_err(|e| git_err("walking a tree", e))?;
        Ok(out)
    }

    fn write_blob(&self, id: git2::Oid, mode: i32, path: &Path) -> Result<()> {
        let blob = self
            .repo
            .find_blob(id)
            .map_err(|e| git_err(&format!("blob for {}", path.display()), e))?;
        if mode == i32::from(git2::FileMode::Link) {
            // Kept as a link so that the bundle loader's escape checks judge where it points.
            let target = String::from_utf8_lossy(blob.content()).into_owned();
            #[cfg(unix)]
            return std::os::unix::fs::symlink(target, path).map_err(|e| Error::io(path, e));
            #[cfg(not(unix))]
            return Err(Error::bundle(
                path,
                format!("symbolic link to {target} in git"),
            ));
        }
        std::fs::write(path, blob.content()).map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted() {
        assert_eq!(
            redact_url("https://x-access-token:ghp_secret@github.com/org/repo.git"),
            "https://github.com/org/repo.git"
        );
        assert_eq!(
            redact_url("https://github.com/org/repo"),
            "https://github.com/org/repo"
        );
        assert_eq!(redact_url("https://tok@host"), "https://host");
        assert_eq!(
            redact_url("git@github.com:org/repo.git"),
            "git@github.com:org/repo.git"
        );
    }

    #[test]
    fn a_folder_outside_a_repository_has_no_git_info() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(describe(&[dir.path().to_path_buf()]), None);
    }

    #[test]
    fn a_commit_and_a_dirty_tracked_file_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/f.txt"), "one").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("b/f.txt")).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        let id = repo
            .commit(Some("HEAD"), &sig, &sig, "c", &tree, &[])
            .unwrap();
        let info = describe(&[dir.path().join("b")]).unwrap();
        assert_eq!(info.head.as_deref(), Some(id.to_string().as_str()));
        assert!(!info.dirty);
        std::fs::write(dir.path().join("b/f.txt"), "two, longer").unwrap();
        assert!(describe(&[dir.path().join("b")]).unwrap().dirty);
    }
}
