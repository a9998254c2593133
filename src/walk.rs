//! The walk over a folder tree a user points modelgate at: policy folders, `check --all`, the
//! artifact folders of `verify-record`. Sorted by name, and every error is reported: a
//! subfolder that cannot be read must never silently shrink what is checked (fewer policies,
//! fewer bundles, fewer artifacts would each approve more).
//!
//! Two walks stay apart on purpose: the bundle's own (`bundle::fs`), which opens every file
//! beneath the bundle's folder descriptor and judges symlinks, and model-signing's listing
//! (`verify::oms::Folder`), which must list exactly what model-signing signs.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What a walk enters and returns.
#[derive(Debug, Clone, Copy, Default)]
pub struct Walk {
    /// Follow symbolic links to folders and files (a loop is an error).
    pub follow_links: bool,
    /// Do not enter folders whose name starts with `.` (`.git`) or that are build output
    /// (`target`, `node_modules`).
    pub skip_tool_dirs: bool,
}

/// Folder names that hold build output or dependencies, never bundles.
const TOOL_DIRS: [&str; 2] = ["target", "node_modules"];

impl Walk {
    /// The entries under `root` (not `root` itself) that `keep` accepts, sorted by path.
    pub fn entries(
        &self,
        root: &Path,
        keep: impl Fn(&walkdir::DirEntry) -> bool,
    ) -> Result<Vec<walkdir::DirEntry>> {
        let skip_tool_dirs = self.skip_tool_dirs;
        let skip = move |e: &walkdir::DirEntry| {
            skip_tool_dirs
                && e.depth() > 0
                && e.file_type().is_dir()
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.') || TOOL_DIRS.contains(&n))
        };
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(root)
            .follow_links(self.follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !skip(e))
        {
            let e = e.map_err(|e| {
                let path = e
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                match e.into_io_error() {
                    Some(io) => Error::io(path, io),
                    None => Error::bundle(path, "cannot walk this folder (a symlink loop)"),
                }
            })?;
            if e.depth() > 0 && keep(&e) {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The regular files under `root` (with `follow_links`, also those reached through links),
    /// sorted by path.
    pub fn files(&self, root: &Path) -> Result<Vec<PathBuf>> {
        Ok(self
            .entries(root, |e| e.file_type().is_file())?
            .into_iter()
            .map(walkdir::DirEntry::into_path)
            .collect())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn tool_folders_are_skipped_and_errors_are_reported() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "a/x.rego",
            "b/.git/y.rego",
            "target/z.rego",
            ".hidden/w.rego",
            "c.rego",
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let rel = |w: Walk| -> Vec<String> {
            w.files(d.path())
                .unwrap()
                .iter()
                .map(|p| p.strip_prefix(d.path()).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(
            rel(Walk {
                skip_tool_dirs: true,
                ..Walk::default()
            }),
            ["a/x.rego", "c.rego"]
        );
        assert_eq!(rel(Walk::default()).len(), 5);

        // A walk error is an error, not a smaller result: a symlink loop, followed.
        std::os::unix::fs::symlink(d.path(), d.path().join("a/loop")).unwrap();
        let e = Walk {
            follow_links: true,
            ..Walk::default()
        }
        .files(d.path())
        .unwrap_err();
        assert!(e.to_string().contains("loop"), "{e}");
    }
}
