//! Reading a bundle's files from beneath its folder, once. Every open is resolved below the
//! bundle root by the kernel (`openat2` with `RESOLVE_BENEATH`), or, where that call is missing,
//! judged on the opened descriptor itself (its device and inode against the path's), so a
//! symlink swapped in after a check cannot lead out; what is parsed, hashed and verified are
//! the bytes of that one descriptor.

use crate::error::{Error, Result};
use crate::formats::Doc;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The bundle folder, opened.
#[derive(Debug)]
pub struct BundleFs {
    /// The folder as given (for messages).
    pub root: PathBuf,
    /// Its canonical path.
    pub canon: PathBuf,
    #[cfg(unix)]
    dir: std::os::fd::OwnedFd,
}

/// Why a path of the bundle cannot be opened.
#[derive(Debug)]
pub enum OpenError {
    /// Absolute, `..`, or resolving (through a symlink) outside the bundle.
    Outside(String),
    NotFound,
    /// A folder, FIFO, socket or device.
    NotRegular(&'static str),
    Io(std::io::Error),
}

impl OpenError {
    /// The message for `rel`, never quoting anything read from the file.
    pub fn message(&self, rel: &str) -> String {
        match self {
            OpenError::Outside(why) => format!("`{rel}` {why}"),
            OpenError::NotFound => format!("`{rel}` does not exist"),
            OpenError::NotRegular(what) => format!(
                "`{rel}` is {what}, not a regular file (a folder, FIFO, socket or device cannot be evidence)"
            ),
            OpenError::Io(e) => format!("`{rel}`: {e}"),
        }
    }
}

/// The identity and state of an open file, to tell whether it changed while it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    dev: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileState {
    fn of(file: &File) -> std::io::Result<(Self, std::fs::FileType)> {
        let m = file.metadata()?;
        #[cfg(unix)]
        let state = {
            use std::os::unix::fs::MetadataExt;
            FileState {
                size: m.len(),
                dev: m.dev(),
                ino: m.ino(),
                mtime: (m.mtime(), m.mtime_nsec()),
                ctime: (m.ctime(), m.ctime_nsec()),
            }
        };
        #[cfg(not(unix))]
        let state = FileState {
            size: m.len(),
            dev: 0,
            ino: 0,
            mtime: m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos() as i64)),
            ctime: (0, 0),
        };
        Ok((state, m.file_type()))
    }
}

/// An open regular file of the bundle and its state when opened.
#[derive(Debug)]
pub struct Opened {
    pub file: File,
    pub state: FileState,
}

impl Opened {
    /// Fails when the file's size, times or identity changed since it was opened: its bytes
    /// may then not be the ones that were judged.
    pub fn check_unchanged(&self, path: &Path) -> Result<()> {
        let (now, _) = FileState::of(&self.file).map_err(|e| Error::io(path, e))?;
        if now != self.state {
            return Err(Error::bundle(
                path,
                "the file changed while it was being read; run the check again on a bundle that nobody is writing to",
            ));
        }
        Ok(())
    }
}

/// `rel` as a path inside the bundle: relative, no `..`, no root or prefix.
pub fn inside_path(rel: &str) -> std::result::Result<&Path, OpenError> {
    let p = Path::new(rel);
    if rel.is_empty()
        || p.is_absolute()
        || p.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::Prefix(_) | Component::RootDir
            )
        })
    {
        return Err(OpenError::Outside(
            "must be a path inside the bundle (no absolute paths, no `..`)".into(),
        ));
    }
    Ok(p)
}

impl BundleFs {
    /// Opens the bundle folder `root`.
    pub fn open(root: &Path) -> Result<Self> {
        let canon = root.canonicalize().map_err(|e| Error::io(root, e))?;
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let dir = rustix::fs::open(
                &canon,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .map_err(|e| Error::io(root, e.into()))?;
            Ok(BundleFs {
                root: root.to_path_buf(),
                canon,
                dir,
            })
        }
        #[cfg(not(unix))]
        Ok(BundleFs {
            root: root.to_path_buf(),
            canon,
        })
    }

    /// The path of `rel` for messages.
    pub fn display_path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Opens the regular file `rel` beneath the bundle, following symlinks only while they stay
    /// inside it. Opening never blocks (a FIFO is refused, not waited on).
    pub fn open_file(&self, rel: &str) -> std::result::Result<Opened, OpenError> {
        let p = inside_path(rel)?;
        let file = self.open_beneath(p)?;
        let (state, ft) = FileState::of(&file).map_err(OpenError::Io)?;
        if !ft.is_file() {
            return Err(OpenError::NotRegular(if ft.is_dir() {
                "a folder"
            } else {
                "a FIFO, socket or device"
            }));
        }
        Ok(Opened { file, state })
    }

    #[cfg(target_os = "linux")]
    fn open_beneath(&self, p: &Path) -> std::result::Result<File, OpenError> {
        use rustix::fs::{Mode, OFlags, ResolveFlags};
        use rustix::io::Errno;
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY | OFlags::NONBLOCK;
        match rustix::fs::openat2(
            &self.dir,
            p,
            flags,
            Mode::empty(),
            ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
        ) {
            Ok(fd) => Ok(File::from(fd)),
            Err(Errno::XDEV) | Err(Errno::LOOP) => Err(self.outside(p)),
            Err(Errno::NOENT) => Err(OpenError::NotFound),
            // Kernels before 5.6 and some seccomp profiles: judge the descriptor instead.
            Err(Errno::NOSYS) | Err(Errno::PERM) | Err(Errno::AGAIN) => self.open_checked(p),
            Err(e) => Err(OpenError::Io(e.into())),
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn open_beneath(&self, p: &Path) -> std::result::Result<File, OpenError> {
        self.open_checked(p)
    }

    /// Opens by path, then requires the descriptor to be the file that the path resolves to
    /// inside the bundle (same device and inode): a link swapped between the two is refused.
    fn open_checked(&self, p: &Path) -> std::result::Result<File, OpenError> {
        let full = self.canon.join(p);
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let flags = rustix::fs::OFlags::NOCTTY | rustix::fs::OFlags::NONBLOCK;
            opts.custom_flags(flags.bits() as i32);
        }
        let file = opts.open(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OpenError::NotFound,
            _ => OpenError::Io(e),
        })?;
        let canon = full.canonicalize().map_err(OpenError::Io)?;
        if !canon.starts_with(&self.canon) {
            return Err(self.outside(p));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let opened = file.metadata().map_err(OpenError::Io)?;
            let named = std::fs::metadata(&canon).map_err(OpenError::Io)?;
            if (opened.dev(), opened.ino()) != (named.dev(), named.ino()) {
                return Err(OpenError::Outside(
                    "changed while it was opened (a symlink swapped in?); refused".into(),
                ));
            }
        }
        Ok(file)
    }

    fn outside(&self, p: &Path) -> OpenError {
        let target = std::fs::read_link(self.canon.join(p))
            .map(|t| format!(" (symlink to {})", t.display()))
            .unwrap_or_default();
        OpenError::Outside(format!("resolves outside the bundle{target}"))
    }

    /// Reads the evidence document `rel` whole (at most `max` bytes), from one descriptor.
    pub fn read_doc(&self, rel: &str, max: u64) -> Result<Doc> {
        let path = self.display_path(rel);
        let mut opened = self
            .open_file(rel)
            .map_err(|e| Error::bundle(&path, e.message(rel)))?;
        let bytes = read_bounded(&mut opened.file, &path, opened.state.size, max)?;
        opened.check_unchanged(&path)?;
        Ok(Doc::new(path, rel, bytes))
    }

    /// Every file and symlink below the root, relative and `/`-separated, sorted; the
    /// repository metadata folder `.git` at the top is not part of a release. At most `max`.
    pub fn walk(&self, max: u64) -> Result<Vec<WalkEntry>> {
        let mut out = Vec::new();
        let walker = walkdir::WalkDir::new(&self.canon)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".git"));
        for e in walker {
            let e = e.map_err(|e| {
                let p = e
                    .path()
                    .map_or_else(|| self.root.clone(), Path::to_path_buf);
                Error::io(p, std::io::Error::other(e.to_string()))
            })?;
            let ft = e.file_type();
            if ft.is_dir() {
                continue;
            }
            let Ok(rel) = e.path().strip_prefix(&self.canon) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(WalkEntry {
                rel,
                symlink: ft.is_symlink(),
                regular: ft.is_file(),
            });
            if out.len() as u64 > max {
                return Err(Error::bundle(
                    &self.root,
                    format!(
                        "the bundle holds more than {max} files (limits.maxFiles in the configuration)"
                    ),
                ));
            }
        }
        Ok(out)
    }

    /// Where the symlink `rel` leads, bundle-relative, when it resolves inside the bundle.
    pub fn resolve_link(&self, rel: &str) -> Option<String> {
        let canon = self.canon.join(rel).canonicalize().ok()?;
        let inner = canon.strip_prefix(&self.canon).ok()?;
        Some(
            inner
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }
}

/// One entry of [`BundleFs::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkEntry {
    pub rel: String,
    pub symlink: bool,
    /// A regular file (not a symlink, FIFO, socket or device).
    pub regular: bool,
}

/// Reads all of `file` (whose size was `size` when opened), refusing more than `max` bytes.
pub fn read_bounded(file: &mut File, path: &Path, size: u64, max: u64) -> Result<Vec<u8>> {
    if size > max {
        return Err(Error::format(
            path,
            Default::default(),
            format!(
                "file is {size} bytes, over the limit of {max} (limits.maxFileBytes in the configuration)"
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Bounded again while reading: the file may grow after its size was taken.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(Error::format(
            path,
            Default::default(),
            format!("file grew over the limit of {max} bytes while being read"),
        ));
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn bundle() -> (tempfile::TempDir, tempfile::TempDir) {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("secret.pem"),
            "-----BEGIN PRIVATE KEY-----",
        )
        .unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::create_dir(b.path().join("model")).unwrap();
        std::fs::write(b.path().join("model/w.bin"), b"weights").unwrap();
        (b, outside)
    }

    #[test]
    fn links_inside_are_followed_and_links_out_refused() {
        let (b, outside) = bundle();
        symlink("model/w.bin", b.path().join("inside-link")).unwrap();
        symlink(outside.path().join("secret.pem"), b.path().join("abs-out")).unwrap();
        symlink(
            "../../../../../../../../etc/passwd",
            b.path().join("rel-out"),
        )
        .unwrap();
        symlink(outside.path(), b.path().join("dir-out")).unwrap();
        let fs = BundleFs::open(b.path()).unwrap();
        let doc = fs.read_doc("inside-link", 1 << 20).unwrap();
        assert_eq!(doc.bytes, b"weights");
        for rel in [
            "abs-out",
            "rel-out",
            "dir-out/secret.pem",
            "../x",
            "/etc/passwd",
        ] {
            let e = fs.read_doc(rel, 1 << 20).unwrap_err().to_string();
            assert!(!e.contains("BEGIN"), "{e}");
            assert!(
                e.contains("outside the bundle") || e.contains("inside the bundle"),
                "{rel}: {e}"
            );
        }
        // The fallback path judges the opened descriptor the same way.
        assert!(matches!(
            fs.open_checked(Path::new("abs-out")),
            Err(OpenError::Outside(_))
        ));
        assert!(fs.open_checked(Path::new("inside-link")).is_ok());
    }

    #[test]
    fn fifos_and_folders_are_refused_without_blocking() {
        let (b, _o) = bundle();
        let fifo = b.path().join("pipe");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let fs = BundleFs::open(b.path()).unwrap();
        assert!(matches!(
            fs.open_file("pipe"),
            Err(OpenError::NotRegular(_))
        ));
        assert!(matches!(
            fs.open_file("model"),
            Err(OpenError::NotRegular(_))
        ));
        assert!(matches!(fs.open_file("nope"), Err(OpenError::NotFound)));
    }

    #[test]
    fn walk_lists_files_and_links_but_not_the_top_git_folder() {
        let (b, outside) = bundle();
        std::fs::create_dir_all(b.path().join(".git/objects")).unwrap();
        std::fs::write(b.path().join(".git/objects/x"), "x").unwrap();
        std::fs::create_dir_all(b.path().join("model/.git")).unwrap();
        std::fs::write(b.path().join("model/.git/evil.pkl"), "x").unwrap();
        symlink(outside.path(), b.path().join("dir-out")).unwrap();
        let fs = BundleFs::open(b.path()).unwrap();
        let rels: Vec<String> = fs.walk(100).unwrap().into_iter().map(|e| e.rel).collect();
        assert_eq!(rels, vec!["dir-out", "model/.git/evil.pkl", "model/w.bin"]);
        assert!(fs.walk(1).is_err());
    }
}
