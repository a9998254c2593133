//! Helpers shared by the integration tests: the repository root, the fixed decision time, and
//! running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The decision time of every test run (`--now`), so that reports are reproducible.
pub const NOW: &str = "2026-11-29T12:00:00Z";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs modelgate in `dir`, without colour.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run modelgate")
}

/// Runs modelgate from the repository root, as a CI job does.
pub fn modelgate(args: &[&str]) -> Output {
    run_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Commits every file of the work tree of `repo` (added, changed, removed) on HEAD; returns
/// the commit id.
pub fn commit_all(repo: &git2::Repository, message: &str) -> String {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Test", "test@example.com").unwrap();
    let parents: Vec<git2::Commit> = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
        .to_string()
}

/// Removes the operations evidence of a copy of examples/approved: its files and the manifest's
/// `operations:` list.
pub fn strip_operations(dir: &Path) {
    std::fs::remove_dir_all(dir.join("ops")).unwrap();
    std::fs::remove_file(dir.join("operations.yaml")).unwrap();
    let manifest = dir.join("modelgate.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            !(l.trim() == "operations:"
                || l.trim_start().starts_with("- ops/")
                || l.trim() == "- operations.yaml")
        })
        .collect();
    std::fs::write(&manifest, kept.join("\n") + "\n").unwrap();
}

/// `EXE check BUNDLE --record OUT` from the repository root, with the example keys, decided at
/// `now` and signed with `sign_key`. A configuration beside OUT raises the longest record
/// validity, for records that must outlive the test's fixed time by decades.
pub fn check_with_record(
    exe: &Path,
    bundle: &str,
    sign_key: &Path,
    now: &str,
    ttl: &str,
    out: &Path,
) -> Output {
    let config = out.with_extension("config.yaml");
    std::fs::write(
        &config,
        "apiVersion: modelgate.dev/v1\nkind: Config\nlimits:\n  maxRecordTtlDays: 40000\n",
    )
    .expect("write the gate configuration");
    Command::new(exe)
        .args([
            "check",
            "--key",
            "examples/release.pub",
            "--record-key",
            "examples/gate.pub",
            bundle,
            "--now",
            now,
            "--record-ttl",
            ttl,
        ])
        .arg("--record")
        .arg(out)
        .arg("--config")
        .arg(&config)
        .arg("--sign-key")
        .arg(sign_key)
        .current_dir(root())
        .output()
        .expect("run modelgate")
}
