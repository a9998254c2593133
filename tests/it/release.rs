//! The release artefacts of scripts/release.sh: the static binary runs with nothing around it,
//! scripts/image.sh writes the same image twice, and the image's root file system serves
//! admission reviews over TLS as its non-root user.
//!
//! The static binary takes half an hour to build, so these tests use the one named by
//! `MODELGATE_STATIC_BIN` (.ci/run builds it with scripts/release.sh and sets it) and skip,
//! saying so, where it is unset or a tool they need is missing.

use crate::common::{root, NOW};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// NOW as seconds since the epoch: the images' SOURCE_DATE_EPOCH.
const NOW_EPOCH: &str = "1795953600";
/// The runtime verifier image of tests/fixtures/admission/pod-verified.json.
const VERIFIER: &str = "sha256:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

/// The static binary, or None after saying why the test is skipped.
fn static_bin(test: &str) -> Option<PathBuf> {
    match std::env::var_os("MODELGATE_STATIC_BIN") {
        Some(p) if !p.is_empty() => {
            let p = PathBuf::from(p);
            assert!(
                p.is_file(),
                "MODELGATE_STATIC_BIN={} is not a file",
                p.display()
            );
            Some(p)
        }
        _ => {
            eprintln!(
                "SKIPPED {test}: MODELGATE_STATIC_BIN is not set (.ci/run sets it after scripts/release.sh)"
            );
            None
        }
    }
}

/// A tool's path on PATH.
fn which(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

/// Whether every tool is on PATH; if not, says which are missing and that the test is skipped.
fn have(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| which(t).is_none())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "SKIPPED {test}: {} not installed (.ci/run installs them)",
            missing.join(", ")
        );
    }
    missing.is_empty()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{cmd:?} failed: {}", text(&o));
    o
}

#[test]
fn static_binary_runs_with_an_empty_environment() {
    let test = "static_binary_runs_with_an_empty_environment";
    let Some(bin) = static_bin(test) else { return };
    if !have(test, &["ldd"]) {
        return;
    }
    let r = root();
    let ldd = |b: &Path| text(&Command::new("ldd").arg(b).output().unwrap());
    let is_static =
        |t: &str| t.contains("not a dynamic executable") || t.contains("statically linked");
    let dynamic = ldd(Path::new(env!("CARGO_BIN_EXE_modelgate")));
    assert!(
        !is_static(&dynamic),
        "the test build should be dynamic: {dynamic}"
    );
    let own = ldd(&bin);
    assert!(is_static(&own), "{} is not static: {own}", bin.display());

    // No path of the machine that built it: the checkout and cargo's home are remapped.
    let bytes = std::fs::read(&bin).unwrap();
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let machine = [Some(r.join("src")), home.map(|h| h.join("registry"))];
    for p in machine.iter().flatten() {
        let p = p.to_str().unwrap().as_bytes();
        assert!(
            !bytes.windows(p.len()).any(|w| w == p),
            "{} holds the path {}",
            bin.display(),
            String::from_utf8_lossy(p)
        );
    }

    // A copy alone in an empty folder, run with no environment at all (no PATH, no
    // LD_LIBRARY_PATH, no HOME).
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("modelgate");
    std::fs::copy(&bin, &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bare = |args: &[&str]| {
        Command::new(&exe)
            .args(args)
            .current_dir(dir.path())
            .env_clear()
            .output()
            .unwrap()
    };
    let v = bare(&["--version"]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(
        String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        text(&v)
    );

    let (release, gate, approved) = (
        r.join("examples/release.pub"),
        r.join("examples/gate.pub"),
        r.join("examples/approved"),
    );
    let c = bare(&[
        "check",
        "--key",
        release.to_str().unwrap(),
        "--record-key",
        gate.to_str().unwrap(),
        approved.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(c.status.code(), Some(0), "{}", text(&c));
    assert!(
        String::from_utf8_lossy(&c.stdout).starts_with("APPROVE "),
        "{}",
        text(&c)
    );
}

/// Runs scripts/image.sh with fixed labels and returns the manifest digest it prints.
fn build_image(bin: &Path, out: &Path, revision: &str) -> String {
    let o = run(Command::new(root().join("scripts/image.sh"))
        .arg(bin)
        .arg(out)
        .env("VERSION", "0.0.0-test")
        .env("LICENSES", "Apache-2.0")
        .env("SOURCE_URL", "https://example.com/modelgate")
        .env("REVISION", revision)
        .env("SOURCE_DATE_EPOCH", NOW_EPOCH));
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// Every file of a tree by its path relative to the tree, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn blob(layout: &Path, digest: &str) -> Vec<u8> {
    let hex = digest.strip_prefix("sha256:").unwrap();
    let bytes = std::fs::read(layout.join("blobs/sha256").join(hex)).unwrap();
    assert_eq!(
        hex::encode(Sha256::digest(&bytes)),
        hex,
        "blob {digest} is not its digest"
    );
    bytes
}

/// The manifest and configuration of the layout's only image, checked against index.json.
fn manifest_and_config(layout: &Path, digest: &str) -> (Value, Value) {
    let layout_file: Value =
        serde_json::from_slice(&std::fs::read(layout.join("oci-layout")).unwrap()).unwrap();
    assert_eq!(layout_file["imageLayoutVersion"], "1.0.0");
    let index: Value =
        serde_json::from_slice(&std::fs::read(layout.join("index.json")).unwrap()).unwrap();
    let manifests = index["manifests"].as_array().unwrap();
    assert_eq!(manifests.len(), 1, "{index}");
    assert_eq!(manifests[0]["digest"], digest);
    let manifest: Value = serde_json::from_slice(&blob(layout, digest)).unwrap();
    let config: Value = serde_json::from_slice(&blob(
        layout,
        manifest["config"]["digest"].as_str().unwrap(),
    ))
    .unwrap();
    (manifest, config)
}

#[test]
fn the_image_is_reproducible_and_labelled() {
    let test = "the_image_is_reproducible_and_labelled";
    let Some(bin) = static_bin(test) else { return };
    if !have(test, &["tar", "gzip", "python3"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let (a, b, c) = (t.path().join("a"), t.path().join("b"), t.path().join("c"));
    let rev = "0123456789abcdef0123456789abcdef01234567";
    let da = build_image(&bin, &a, rev);
    let db = build_image(&bin, &b, rev);
    assert!(da.starts_with("sha256:") && da.len() == 71, "{da}");
    assert_eq!(da, db, "two builds of the same inputs differ");
    assert!(
        files(&a) == files(&b),
        "the two layouts are not byte-identical"
    );
    // A different input gives a different image: the digest is not a constant.
    let dc = build_image(&bin, &c, "fedcba9876543210fedcba9876543210fedcba98");
    assert_ne!(da, dc);

    let (manifest, config) = manifest_and_config(&a, &da);
    assert_eq!(
        manifest["mediaType"],
        "application/vnd.oci.image.manifest.v1+json"
    );
    assert_eq!(
        manifest["config"]["mediaType"],
        "application/vnd.oci.image.config.v1+json"
    );
    let cfg = &config["config"];
    assert_eq!(cfg["User"], "65532:65532");
    assert_eq!(cfg["Entrypoint"], serde_json::json!(["/modelgate"]));
    assert_eq!(cfg["Cmd"], serde_json::json!(["serve"]));
    assert_eq!(cfg["ExposedPorts"], serde_json::json!({"8443/tcp": {}}));
    assert_eq!(
        (config["os"].as_str(), config["architecture"].as_str()),
        (Some("linux"), Some("amd64"))
    );
    let labels = &cfg["Labels"];
    for (k, v) in [
        ("source", "https://example.com/modelgate"),
        ("revision", rev),
        ("version", "0.0.0-test"),
        ("title", "modelgate"),
        ("licenses", "Apache-2.0"),
        ("created", NOW),
    ] {
        assert_eq!(
            labels[format!("org.opencontainers.image.{k}")],
            v,
            "{labels}"
        );
    }
    assert_eq!(
        &manifest["annotations"], labels,
        "the manifest annotations are the labels"
    );
    assert_eq!(config["created"], NOW);

    // One gzip layer whose diff_id is the digest of the tar inside, holding the binary.
    let layers = manifest["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(
        layers[0]["mediaType"],
        "application/vnd.oci.image.layer.v1.tar+gzip"
    );
    let gz = blob(&a, layers[0]["digest"].as_str().unwrap());
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut tar)
        .unwrap();
    assert_eq!(
        config["rootfs"]["diff_ids"],
        serde_json::json!([format!("sha256:{}", hex::encode(Sha256::digest(&tar)))])
    );
    let own = std::fs::read(&bin).unwrap();
    let head = &own[..own.len().min(4096)];
    let at = tar
        .windows(head.len())
        .position(|w| w == head)
        .expect("the layer holds the binary");
    assert!(tar[at..].starts_with(&own), "the layer's binary differs");
}

/// Kills the server when the test ends, passing or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn openssl(args: &[&str], dir: &Path) {
    run(Command::new("openssl").args(args).current_dir(dir));
}

/// POSTs a review to the webhook with curl, trusting only the test CA; returns the response.
fn post(url: &str, ca: &Path, body: &Path) -> Value {
    let o = run(Command::new("curl")
        .args(["-sS", "--max-time", "20", "--cacert"])
        .arg(ca)
        .args(["-H", "Content-Type: application/json", "--data-binary"])
        .arg(format!("@{}", body.display()))
        .arg(url));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)))
}

#[test]
fn the_image_root_file_system_serves_admission_reviews() {
    let test = "the_image_root_file_system_serves_admission_reviews";
    let Some(bin) = static_bin(test) else { return };
    if !have(
        test,
        &["tar", "gzip", "python3", "chroot", "openssl", "curl", "id"],
    ) {
        return;
    }
    let uid = run(Command::new("id").arg("-u"));
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        eprintln!("SKIPPED {test}: chroot needs root");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let work = t.path();
    let layout = work.join("image");
    let digest = build_image(&bin, &layout, "0123456789abcdef0123456789abcdef01234567");
    let (manifest, _) = manifest_and_config(&layout, &digest);

    // Unpack the layer as a runtime would: owners and modes as recorded.
    let rootfs = work.join("rootfs");
    std::fs::create_dir(&rootfs).unwrap();
    std::fs::set_permissions(&rootfs, std::fs::Permissions::from_mode(0o755)).unwrap();
    let layer = layout.join("blobs/sha256").join(
        manifest["layers"][0]["digest"]
            .as_str()
            .unwrap()
            .trim_start_matches("sha256:"),
    );
    run(Command::new("tar")
        .args(["-xzf"])
        .arg(&layer)
        .arg("-C")
        .arg(&rootfs)
        .args(["--numeric-owner", "--same-permissions"]));
    let mode = |p: &str| {
        std::fs::metadata(rootfs.join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    assert_eq!(mode("tmp"), 0o1777);
    assert_eq!(mode("modelgate"), 0o755);
    let passwd = std::fs::read_to_string(rootfs.join("etc/passwd")).unwrap();
    assert!(passwd.contains(":65532:65532:"), "{passwd}");
    let names: Vec<_> = std::fs::read_dir(&rootfs)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        3,
        "the image holds /etc, /modelgate and /tmp only: {names:?}"
    );

    // What a Deployment mounts: TLS, the gate's public key, records and parameters.
    let ca_dir = work.join("ca");
    std::fs::create_dir(&ca_dir).unwrap();
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=release test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ],
        &ca_dir,
    );
    openssl(
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "tls.key",
            "-out",
            "tls.csr",
        ],
        &ca_dir,
    );
    std::fs::write(
        ca_dir.join("ext.cnf"),
        "basicConstraints = critical, CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1\n",
    )
    .unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "tls.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "ext.cnf",
            "-out",
            "tls.crt",
        ],
        &ca_dir,
    );
    // A throwaway gate key signs the record; the webhook trusts only its public half.
    openssl(
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            "gate.pem",
        ],
        &ca_dir,
    );
    openssl(
        &["pkey", "-in", "gate.pem", "-pubout", "-out", "gate.pub"],
        &ca_dir,
    );
    for d in ["tls", "keys", "records"] {
        std::fs::create_dir(rootfs.join(d)).unwrap();
        std::fs::set_permissions(rootfs.join(d), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for f in ["tls.crt", "tls.key"] {
        std::fs::copy(ca_dir.join(f), rootfs.join("tls").join(f)).unwrap();
        std::os::unix::fs::chown(rootfs.join("tls").join(f), Some(65532), Some(65532)).unwrap();
    }
    std::fs::copy(ca_dir.join("gate.pub"), rootfs.join("keys/gate.pub")).unwrap();
    let record = rootfs.join("records/approved.dsse.json");
    let o = crate::common::check_with_record(
        &bin,
        "examples/approved",
        &ca_dir.join("gate.pem"),
        NOW,
        "5200w",
        &record,
    );
    assert!(o.status.success(), "check --record failed: {}", text(&o));
    // The configuration written beside the record is no record: the server must not see it.
    std::fs::remove_file(record.with_extension("config.yaml")).unwrap();
    std::fs::set_permissions(&record, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(
        rootfs.join("params.json"),
        format!(r#"{{"modelgate":{{"params":{{"admission":{{"runtime_verifier_images":["{VERIFIER}"]}}}}}}}}"#),
    )
    .unwrap();

    // Found here: the server runs with an empty environment, no PATH.
    let chroot = which("chroot").unwrap();
    let mut child = Command::new(chroot)
        .arg("--userspec=65532:65532")
        .arg(&rootfs)
        .args([
            "/modelgate",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            "/tls/tls.crt",
        ])
        .args([
            "--tls-key",
            "/tls/tls.key",
            "--records",
            "/records",
            "--key",
            "/keys/gate.pub",
        ])
        .args(["--environment", "production", "--data", "/params.json"])
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut log = Vec::new();
    let addr = loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => {
                let found = line
                    .split("listening on https://")
                    .nth(1)
                    .map(|a| a.trim().to_string());
                log.push(line);
                if let Some(a) = found {
                    break a;
                }
            }
            Err(_) => panic!("serve did not start from the image's root file system: {log:#?}"),
        }
    };

    // chroot execs the server: it is that process, running as the image's user.
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap();
    let uid_line = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    assert!(
        uid_line.split_whitespace().skip(1).all(|u| u == "65532"),
        "{uid_line}"
    );

    let ca = ca_dir.join("ca.crt");
    let mut ready = false;
    for _ in 0..100 {
        let o = Command::new("curl")
            .args([
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--max-time",
                "5",
                "--cacert",
            ])
            .arg(&ca)
            .arg(format!("https://{addr}/readyz"))
            .output()
            .unwrap();
        if o.stdout == b"200" {
            ready = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ready, "the webhook did not become ready");

    let body = root().join("tests/fixtures/admission/pod-verified.json");
    let review: Value = serde_json::from_slice(&std::fs::read(&body).unwrap()).unwrap();
    let uid = review["request"]["uid"].as_str().unwrap();
    let allowed = post(&format!("https://{addr}/validate"), &ca, &body);
    assert_eq!(allowed["kind"], "AdmissionReview", "{allowed}");
    assert_eq!(allowed["response"]["uid"], uid, "{allowed}");
    assert_eq!(allowed["response"]["allowed"], true, "{allowed}");

    // The same model in a staging namespace: the record approves it for production only.
    let denied = post(
        &format!("https://{addr}/validate/environment/staging"),
        &ca,
        &body,
    );
    let r = &denied["response"];
    assert_eq!(r["uid"], uid, "{denied}");
    assert_eq!(r["allowed"], false, "{denied}");
    assert_eq!(r["status"]["code"], 403, "{denied}");
    let msg = r["status"]["message"].as_str().unwrap();
    assert!(msg.contains("admission-record-environment"), "{msg}");
    drop(server);
}

/// scripts/release.sh with RELEASE_SIGN_KEY (.ci/run gives it a throwaway gate key and names
/// the public half in MODELGATE_RELEASE_RECORD_KEY): modelgate's own record approves the
/// release, verifies with the gate key, and its subjects are exactly the binary and the image's
/// manifest, whose digest is the image digest.
#[test]
fn the_release_carries_the_gates_own_record_over_binary_and_image() {
    let Some(bin) = static_bin("the_release_carries_the_gates_own_record_over_binary_and_image")
    else {
        return;
    };
    let Some(key) = std::env::var_os("MODELGATE_RELEASE_RECORD_KEY") else {
        eprintln!("SKIPPED the_release_carries_the_gates_own_record_over_binary_and_image: MODELGATE_RELEASE_RECORD_KEY is not set");
        return;
    };
    let dist = bin.parent().unwrap();
    let name = bin.file_name().unwrap().to_str().unwrap();
    let version = name
        .strip_prefix("modelgate-")
        .and_then(|n| n.strip_suffix("-x86_64-linux"))
        .unwrap();
    let record = dist.join(format!("modelgate-{version}.record.json"));
    let image_digest =
        std::fs::read_to_string(dist.join(format!("modelgate-{version}-oci.digest")))
            .unwrap()
            .trim()
            .to_string();

    let o = run(Command::new(&bin)
        .arg("verify-record")
        .arg(&record)
        .arg("--key")
        .arg(&key));
    assert!(o.status.success(), "{}", text(&o));

    let envelope: Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let payload =
        modelgate::verify::dsse::decode_base64(envelope["payload"].as_str().unwrap()).unwrap();
    let statement: Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(statement["predicate"]["verdict"], "approve", "{statement}");
    let mut subjects: Vec<(String, String)> = statement["subject"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                format!("sha256:{}", s["digest"]["sha256"].as_str().unwrap()),
            )
        })
        .collect();
    subjects.sort();
    let bin_digest = format!(
        "sha256:{}",
        hex::encode(Sha256::digest(std::fs::read(&bin).unwrap()))
    );
    assert_eq!(
        subjects,
        vec![
            ("release/image-manifest.json".to_string(), image_digest),
            (format!("release/{name}"), bin_digest),
        ]
    );
}
