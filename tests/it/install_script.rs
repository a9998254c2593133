//! The GitHub action's install step (scripts/install.sh, wired in action.yml): a release binary
//! is installed only when its sha256 is the committed one, served here by a loopback HTTP
//! server (python3) or from `file://` URLs; everything else refuses and leaves nothing behind.

use crate::common::root;

use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const VERSION: &str = "9.8.7";
const ASSET: &str = "modelgate-9.8.7-x86_64-linux";

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A python3 http.server on 127.0.0.1 with an ephemeral port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                "0",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3 -m http.server");
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("server banner");
        let port = line
            .split_whitespace()
            .skip_while(|w| *w != "port")
            .nth(1)
            .unwrap_or_else(|| panic!("no port in {line:?}"))
            .to_string();
        Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A release folder holding a fake binary, and a checksums file for it with `sums_hash` (the
/// right one when None).
struct Release {
    _tmp: tempfile::TempDir,
    served: PathBuf,
    sums: PathBuf,
    dest: PathBuf,
    content: Vec<u8>,
}

fn release(sums_line: impl FnOnce(&str) -> String) -> Release {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("download");
    std::fs::create_dir_all(&served).unwrap();
    let content = b"#!/bin/sh\necho fake modelgate\n".to_vec();
    std::fs::write(served.join(ASSET), &content).unwrap();
    let right = hex::encode(Sha256::digest(&content));
    let sums = tmp.path().join("SHA256SUMS");
    std::fs::write(
        &sums,
        format!(
            "# comment\n{}  modelgate-9.8.7.cdx.json\n{}\n",
            "ab".repeat(32),
            sums_line(&right)
        ),
    )
    .unwrap();
    let dest = tmp.path().join("bin");
    Release {
        _tmp: tmp,
        served,
        sums,
        dest,
        content,
    }
}

fn install(r: &Release, base: &str, platform: &str) -> Output {
    Command::new("sh")
        .arg(root().join("scripts/install.sh"))
        .args(["--version", VERSION, "--sums"])
        .arg(&r.sums)
        .arg("--dest")
        .arg(&r.dest)
        .args(["--base-url", base, "--platform", platform])
        .output()
        .expect("run scripts/install.sh")
}

/// The files left in the destination folder (none when it was never made).
fn left_in(dest: &Path) -> Vec<String> {
    std::fs::read_dir(dest)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn refused(o: &Output, r: &Release, why: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(why), "{err}");
    assert!(left_in(&r.dest).is_empty(), "{:?}", left_in(&r.dest));
}

/// Each case, against one base URL kind.
fn cases(base_of: impl Fn(&Release) -> (String, Option<Server>)) {
    // The right checksum (also in binary-mode `*NAME` form): installed, executable.
    for line in [
        |h: &str| format!("{h}  {ASSET}"),
        |h: &str| format!("{h} *{ASSET}"),
    ] {
        let r = release(line);
        let (base, _server) = base_of(&r);
        let o = install(&r, &base, "Linux/x86_64");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let installed = r.dest.join("modelgate");
        assert_eq!(std::fs::read(&installed).unwrap(), r.content);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&installed).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
        assert_eq!(left_in(&r.dest), ["modelgate"]);
    }

    // A different checksum: refused, the download removed.
    let r = release(|h| {
        format!(
            "{}{}  {ASSET}",
            &h[..63],
            if h.ends_with('0') { "1" } else { "0" }
        )
    });
    let (base, _server) = base_of(&r);
    refused(&install(&r, &base, "Linux/x86_64"), &r, "sha256 mismatch");

    // No entry for this version's binary (only another version's).
    let r = release(|h| format!("{h}  modelgate-9.8.6-x86_64-linux"));
    let (base, _server) = base_of(&r);
    refused(
        &install(&r, &base, "Linux/x86_64"),
        &r,
        "has no sha256 for modelgate-9.8.7-x86_64-linux",
    );

    // An entry that is no sha256.
    let r = release(|h| format!("{}  {ASSET}", &h[..40]));
    let (base, _server) = base_of(&r);
    refused(
        &install(&r, &base, "Linux/x86_64"),
        &r,
        "no single well-formed sha256",
    );

    // A platform without a release binary.
    let r = release(|h| format!("{h}  {ASSET}"));
    let (base, _server) = base_of(&r);
    for platform in ["Darwin/arm64", "Linux/aarch64"] {
        refused(
            &install(&r, &base, platform),
            &r,
            "set build-from-source: true",
        );
    }

    // The file is missing from the release: the download fails, nothing is installed.
    let r = release(|h| format!("{h}  {ASSET}"));
    std::fs::remove_file(r.served.join(ASSET)).unwrap();
    let (base, _server) = base_of(&r);
    refused(&install(&r, &base, "Linux/x86_64"), &r, "download of");
}

#[test]
fn install_verifies_over_loopback_http() {
    if !have("curl") || !have("python3") {
        eprintln!("SKIPPED: install.sh over HTTP needs curl and python3");
        return;
    }
    cases(|r| {
        let s = Server::start(&r.served);
        (s.url.clone(), Some(s))
    });
}

#[test]
fn install_verifies_file_urls() {
    if !have("curl") {
        eprintln!("SKIPPED: install.sh needs curl");
        return;
    }
    cases(|r| (format!("file://{}", r.served.display()), None));
}

#[test]
fn install_refuses_malformed_arguments() {
    let r = release(|h| format!("{h}  {ASSET}"));
    for args in [
        vec!["--version", "1.0;rm", "--repository", "o/r"],
        vec!["--version", "1.0.0", "--repository", "o/r/x"],
        vec!["--version", "1.0.0", "--repository", "../r"],
        vec!["--version", "1.0.0", "--repository", ""],
    ] {
        let o = Command::new("sh")
            .arg(root().join("scripts/install.sh"))
            .args(&args)
            .arg("--sums")
            .arg(&r.sums)
            .arg("--dest")
            .arg(&r.dest)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(left_in(&r.dest).is_empty());
    }
}

/// action.yml downloads through install.sh with the committed checksums by default, builds from
/// source only when asked, and refuses any other value.
#[test]
fn action_installs_verified_release_by_default() {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let inputs = &action["inputs"];
    assert_eq!(
        inputs["build-from-source"]["default"].as_str(),
        Some("false")
    );
    assert_eq!(inputs["version"]["default"].as_str(), Some(""));
    let step = action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some("Install modelgate"))
        .expect("the install step");
    let run = step["run"].as_str().unwrap();
    assert!(
        !run.contains("${{"),
        "inputs go through the environment: {run}"
    );
    assert!(
        run.contains("scripts/install.sh\" --version \"$version\"")
            && run.contains("--sums \"$GITHUB_ACTION_PATH/dist/SHA256SUMS\""),
        "{run}"
    );
    // The build is in the `true` arm only, and an unknown value exits.
    let arm = |label: &str| {
        run.split(&format!("\n  {label})"))
            .nth(1)
            .and_then(|a| a.split(";;").next())
            .unwrap_or_else(|| panic!("no {label} arm in {run}"))
            .to_string()
    };
    assert!(arm("true").contains("cargo install --locked --path"));
    assert!(!arm("false").contains("cargo"));
    assert!(arm("*").contains("exit 2"));
    assert!(root().join("dist/SHA256SUMS").is_file());
    // The download host is GitHub's release of the repository, nothing else.
    let script = std::fs::read_to_string(root().join("scripts/install.sh")).unwrap();
    let hosts: Vec<&str> = script
        .split("https://")
        .skip(1)
        .map(|s| s.split('/').next().unwrap_or(""))
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
        .collect();
    assert!(!hosts.is_empty());
    assert!(hosts.iter().all(|h| *h == "github.com"), "{hosts:?}");
    assert!(script.contains("https://github.com/$repository/releases/download/v$version"));
}
