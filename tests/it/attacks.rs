//! Every attack of the security review of 852d481 (`shared/reviews/security-review.md`) that
//! reached a wrong approval, a leak or an abort on the CLI and CI side, reproduced as the review
//! ran it: one case per attack, named after its finding (`attack_01_...`), each asserting what a
//! fail-closed gate must do. The table at the bottom lists them; each runs as its own test.

use crate::common;
use common::{copy_tree, root, NOW};

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ---------------------------------------------------------------------------------------------
// Setup shared by the cases

/// A scratch folder holding a copy of an example bundle at `b/` and room for files outside it.
struct Scratch {
    tmp: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of `examples/<example>` at `b/<name>`.
    fn bundle(&self, example: &str, name: &str) -> PathBuf {
        let dir = self.tmp.path().join("b").join(name);
        copy_tree(&root().join("examples").join(example), &dir);
        dir
    }

    /// A file outside every bundle.
    fn outside(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.tmp.path().join("outside").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }
}

const FAKE_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKeyMaterialThatMustNeverBePrinted0000000\n-----END PRIVATE KEY-----\n";
const KEY_MARKER: &str = "KeyMaterialThatMustNeverBePrinted";

fn release_key() -> String {
    root().join("examples/release.pub").display().to_string()
}

/// The public key of the gate that signed the example decision records.
fn gate_key() -> String {
    root().join("examples/gate.pub").display().to_string()
}

fn test_key(name: &str) -> PathBuf {
    root().join("tests/fixtures/record").join(name)
}

/// The binary under test; `MODELGATE_ATTACK_BIN` points the same attacks at another build
/// (e.g. a release before the fixes, to see each attack succeed there).
fn bin() -> PathBuf {
    std::env::var_os("MODELGATE_ATTACK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_modelgate")))
}

fn modelgate(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `check` with the examples' release key and decision time; `extra` after them.
fn check(bundle: &Path, extra: &[&str]) -> Output {
    let key = release_key();
    let gate = gate_key();
    let mut args = vec!["check", "--key", &key, "--record-key", &gate, "--now", NOW];
    args.extend_from_slice(extra);
    let b = bundle.display().to_string();
    args.push(&b);
    modelgate(&root(), &args)
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}), exit {:?}:\n{}",
            o.status.code(),
            all_output(o)
        )
    })
}

/// (rule id, level, target) of every finding of the report: bundle findings and run-level ones.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut push = |f: &Value| {
        out.push((
            f["rule_id"].as_str().unwrap_or("").to_string(),
            f["level"].as_str().unwrap_or("").to_string(),
            f["target"]
                .as_str()
                .or(f["location"]["file"].as_str())
                .unwrap_or("")
                .to_string(),
        ))
    };
    for b in report["bundles"].as_array().into_iter().flatten() {
        for f in b["findings"].as_array().into_iter().flatten() {
            push(f);
        }
    }
    for f in report["findings"].as_array().into_iter().flatten() {
        push(f);
    }
    out
}

fn has_deny(report: &Value, rule: &str, target_contains: &str) -> bool {
    findings(report)
        .iter()
        .any(|(r, l, t)| r == rule && l == "deny" && t.contains(target_contains))
}

/// Asserts the run blocked with a deny of `rule` about something containing `target`.
fn assert_blocks_with(o: &Output, rule: &str, target: &str) {
    let r = json(o);
    assert_eq!(
        code(o),
        1,
        "expected block (exit 1):\n{}",
        serde_json::to_string_pretty(&findings(&r)).unwrap()
    );
    assert!(
        has_deny(&r, rule, target),
        "expected a deny of {rule} on {target}: {:#?}",
        findings(&r)
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The approved example's weights digest, written in its robustness report and provenance.
const APPROVED_WEIGHTS: &str = "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";

/// The pickle of review finding 1: `os.system("echo PWNED-by-pickle")` in protocol 0.
const EVIL_PICKLE: &[u8] = b"cos\nsystem\n(S'echo PWNED-by-pickle'\ntR.";

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Signs `payload` as a DSSE envelope with a PEM key of tests/fixtures/record.
fn dsse(key: &str, payload: &[u8]) -> Value {
    use modelgate::verify::sign::{envelope_json, SigningKey};
    let k = SigningKey::read(&test_key(key)).unwrap();
    let env = k.sign_envelope("application/vnd.in-toto+json", payload.to_vec());
    serde_json::from_str(&envelope_json(&env)).unwrap()
}

/// An OpenSSF model-signing v1.0 signature (Sigstore bundle v0.3, key hint) over every file
/// of `model` except `ignore`, signed with the test key `key`.
fn oms_sign(key: &str, model: &Path, out: &Path, ignore: &[&str]) {
    use modelgate::verify::sign::SigningKey;
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(model)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(model)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, sha256_hex(&std::fs::read(e.path()).unwrap()))
        })
        .filter(|(rel, _)| {
            !ignore
                .iter()
                .any(|i| rel == i || rel.starts_with(&format!("{i}/")))
        })
        .collect();
    files.sort();
    let mut root_digest = Sha256::new();
    for (_, d) in &files {
        root_digest.update(hex::decode(d).unwrap());
    }
    let statement = serde_json::json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "model", "digest": {"sha256": hex::encode(root_digest.finalize())}}],
        "predicateType": "https://model_signing/signature/v1.0",
        "predicate": {
            "serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": false,
                              "ignore_paths": ignore},
            "resources": files.iter().map(|(n, d)| serde_json::json!(
                {"name": n, "algorithm": "sha256", "digest": d})).collect::<Vec<_>>(),
        }
    });
    let env = dsse(key, statement.to_string().as_bytes());
    let hint = SigningKey::read(&test_key(key))
        .unwrap()
        .public_key()
        .pem_sha256();
    let bundle = serde_json::json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": hint}, "tlogEntries": []},
        "dsseEnvelope": env,
    });
    std::fs::write(out, bundle.to_string()).unwrap();
}

/// A git repository with the approved example at `models/scorer` and a gate configuration
/// without waivers at the top, in one commit.
struct Repo {
    s: Scratch,
    repo: git2::Repository,
}

impl Repo {
    fn new() -> Self {
        let s = Scratch::new();
        let repo = git2::Repository::init(s.tmp.path().join("repo")).unwrap();
        copy_tree(
            &root().join("examples/approved"),
            &s.path("repo/models/scorer"),
        );
        std::fs::copy(
            root().join("examples/release.pub"),
            s.path("repo/release.pub"),
        )
        .unwrap();
        std::fs::copy(root().join("examples/gate.pub"), s.path("repo/gate.pub")).unwrap();
        std::fs::write(
            s.path("repo/modelgate-config.yaml"),
            "apiVersion: modelgate.dev/v1\nkind: Config\nwaivers: []\n",
        )
        .unwrap();
        let r = Repo { s, repo };
        r.commit("base");
        r
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.s.path("repo").join(rel)
    }

    fn commit(&self, message: &str) {
        common::commit_all(&self.repo, message);
    }

    fn check(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "check",
            "--base",
            "HEAD~1",
            "--head",
            "HEAD",
            "--key",
            "release.pub",
            "--record-key",
            "gate.pub",
            "--now",
            NOW,
        ];
        all.extend_from_slice(args);
        modelgate(&self.s.path("repo"), &all)
    }
}

/// A copy of the approved example whose weights are replaced by the pickle of finding 1, named
/// `name`, unsigned, its robustness report naming the pickle's digest.
fn pickle_release(s: &Scratch, name: &str, artifacts: &str) -> PathBuf {
    let b = s.bundle("approved", "pkl");
    std::fs::remove_file(b.join("model.sig")).unwrap();
    std::fs::remove_file(b.join("model/model.safetensors")).unwrap();
    std::fs::write(b.join("model").join(name), EVIL_PICKLE).unwrap();
    let m = b.join("modelgate.yaml");
    edit(&m, "    - model/*.safetensors\n", artifacts);
    edit(&m, "  signatures:\n    - model.sig\n", "  signatures: []\n");
    edit(
        &b.join("eval/robustness.json"),
        APPROVED_WEIGHTS,
        &sha256_hex(EVIL_PICKLE),
    );
    b
}

// ---------------------------------------------------------------------------------------------
// Finding 1: model files outside the extension list needed no signature

fn attack_01_unsigned_pickle_model() {
    let s = Scratch::new();
    let b = pickle_release(&s, "model.pkl", "    - model/model.pkl\n");
    let o = check(&b, &["-f", "json"]);
    assert_blocks_with(&o, "prov-artifact-unsigned", "model/model.pkl");
    assert_blocks_with(&o, "artifact-pickle-import", "model/model.pkl");
    let r = json(&o);
    let msg = findings_messages(&r).join("\n");
    assert!(
        msg.contains("os.system") || msg.contains("posix.system"),
        "{msg}"
    );
}

fn findings_messages(report: &Value) -> Vec<String> {
    report["bundles"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|b| b["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect()
}

fn attack_01b_weights_named_with_another_case() {
    let s = Scratch::new();
    let b = s.bundle("approved", "casevar");
    std::fs::rename(
        b.join("model/model.safetensors"),
        b.join("model/model.SafeTensors"),
    )
    .unwrap();
    std::fs::write(b.join("model/model.SafeTensors"), EVIL_PICKLE).unwrap();
    let m = b.join("modelgate.yaml");
    edit(
        &m,
        "    - model/*.safetensors\n",
        "    - model/model.SafeTensors\n",
    );
    edit(&m, "  signatures:\n    - model.sig\n", "  signatures: []\n");
    let o = check(&b, &["-f", "json"]);
    assert_blocks_with(&o, "prov-artifact-unsigned", "model/model.SafeTensors");
}

fn attack_01c_weights_named_with_a_cyrillic_o() {
    let s = Scratch::new();
    let b = s.bundle("approved", "uni");
    let name = "model.safetens\u{043e}rs";
    std::fs::rename(
        b.join("model/model.safetensors"),
        b.join("model").join(name),
    )
    .unwrap();
    let m = b.join("modelgate.yaml");
    edit(
        &m,
        "    - model/*.safetensors\n",
        "    - model/*.safetens*\n",
    );
    edit(&m, "  signatures:\n    - model.sig\n", "  signatures: []\n");
    let o = check(&b, &["-f", "json"]);
    assert_blocks_with(&o, "prov-artifact-unsigned", name);
}

fn attack_01d_undeclared_pickle_beside_the_release() {
    // X2: an extra evil.pkl at the bundle root, named nowhere.
    let s = Scratch::new();
    let b = s.bundle("approved", "oms4d");
    std::fs::write(b.join("evil.pkl"), EVIL_PICKLE).unwrap();
    let o = check(&b, &["-f", "json"]);
    assert_blocks_with(&o, "artifact-undeclared", "evil.pkl");
    // The same pickle under a name that says nothing is found by its content.
    let b = s.bundle("approved", "txt");
    std::fs::write(b.join("notes.txt"), EVIL_PICKLE).unwrap();
    let o = check(&b, &["-f", "json"]);
    assert_blocks_with(&o, "artifact-undeclared", "notes.txt");
}

/// Finding 1 over every model format: the review found 11 of 16 formats approving unsigned at
/// tier high. Each fixture of tests/fixtures/modelfiles, declared as the release's weights and
/// unsigned, blocks on `prov-artifact-unsigned`; beside declared weights and not named by the
/// manifest, it blocks on `artifact-undeclared`; a malicious pickle in any container blocks on
/// its import.
fn attack_01e_every_model_format_needs_a_signature() {
    let fixtures = root().join("tests/fixtures/modelfiles");
    let benign = [
        "model.safetensors",
        "model.SafeTensors",
        "model.gguf",
        "model.onnx",
        "model.h5",
        "model.keras",
        "saved_model.pb",
        "model.tflite",
        "array.npy",
        "arrays.npz",
        "model.msgpack",
        "torch_zip.pt",
        "torch_legacy.pt",
        "torchscript.pt",
        "sklearn.pkl",
        "sklearn.joblib",
    ];
    let s = Scratch::new();
    for name in benign {
        let b = s.bundle("approved", &format!("fmt-{name}"));
        std::fs::remove_file(b.join("model/model.safetensors")).unwrap();
        std::fs::copy(fixtures.join(name), b.join("model").join(name)).unwrap();
        let m = b.join("modelgate.yaml");
        edit(
            &m,
            "    - model/*.safetensors\n",
            &format!("    - model/{name}\n"),
        );
        edit(&m, "  signatures:\n    - model.sig\n", "  signatures: []\n");
        let o = check(&b, &["-f", "json"]);
        assert_blocks_with(&o, "prov-artifact-unsigned", &format!("model/{name}"));

        let b = s.bundle("approved", &format!("undeclared-{name}"));
        std::fs::create_dir_all(b.join("extra")).unwrap();
        std::fs::copy(fixtures.join(name), b.join("extra").join(name)).unwrap();
        let o = check(&b, &["-f", "json"]);
        assert_blocks_with(&o, "artifact-undeclared", &format!("extra/{name}"));
    }
    for (name, import) in [
        ("evil_proto0.pkl", "os.system"),
        ("evil_proto5.pkl", "builtins.exec"),
        ("evil_zip.pt", ""),
        ("evil_legacy.pt", ""),
        ("evil.joblib", ""),
        ("evil_gz.joblib", ""),
        ("evil_object.npy", ""),
        ("evil.mar", ""),
        ("weights.txt", ""),
    ] {
        let b = s.bundle("approved", &format!("evil-{name}"));
        std::fs::copy(fixtures.join(name), b.join("model").join(name)).unwrap();
        let o = check(&b, &["-f", "json"]);
        let target = format!("model/{name}#{import}");
        assert_blocks_with(&o, "artifact-pickle-import", &target);
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 2: the manifest could be a symlink out of the bundle, and was echoed

#[cfg(unix)]
fn attack_02_manifest_symlinked_out_of_the_bundle() {
    let s = Scratch::new();
    let b = s.bundle("approved", "s1");
    let outside = s.outside(
        "s1-manifest.yaml",
        &std::fs::read(b.join("modelgate.yaml")).unwrap(),
    );
    symlink(&outside, &b.join("modelgate.yaml"));
    let o = check(&b, &[]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(
        all_output(&o).contains("outside the bundle"),
        "{}",
        all_output(&o)
    );
}

#[cfg(unix)]
fn attack_02b_manifest_symlinked_to_a_secret_is_not_echoed() {
    let s = Scratch::new();
    let key = s.outside("fake_id_key", FAKE_KEY.as_bytes());
    let passwd = s.outside(
        "passwd",
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
            .as_bytes(),
    );
    for (target, secret) in [(&key, KEY_MARKER), (&passwd, "daemon:x:1")] {
        let b = s.bundle("approved", "s3");
        symlink(target, &b.join("modelgate.yaml"));
        for format in ["text", "markdown", "json"] {
            let o = check(&b, &["-f", format]);
            assert_eq!(code(&o), 2, "{}", all_output(&o));
            assert!(!all_output(&o).contains(secret), "{}", all_output(&o));
        }
    }
}

#[cfg(unix)]
fn attack_02c_committed_manifest_symlink_in_base_mode() {
    let r = Repo::new();
    let key = r.s.outside("fake_id_key", FAKE_KEY.as_bytes());
    symlink(&key, &r.path("models/scorer/modelgate.yaml"));
    r.commit("manifest is a link");
    let o = r.check(&["-f", "markdown", "models"]);
    assert_ne!(code(&o), 0, "{}", all_output(&o));
    assert!(!all_output(&o).contains(KEY_MARKER), "{}", all_output(&o));
}

fn attack_02d_malformed_evidence_is_quoted_only_in_excerpt() {
    // A dataset file holding a long secret where YAML expects a mapping: the parser quotes the
    // whole scalar, the error may not.
    let s = Scratch::new();
    let b = s.bundle("approved", "dq");
    let secret = format!("{KEY_MARKER}{}", "A".repeat(500));
    std::fs::write(b.join("data/dataset.yaml"), format!("\"{secret}\"\n")).unwrap();
    let o = check(&b, &["-f", "markdown"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(
        !all_output(&o).contains(&"A".repeat(100)),
        "{}",
        all_output(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// Finding 3: --data could replace whole rule sets

fn attack_03_data_shadows_rule_sets() {
    let s = Scratch::new();
    let data = s.outside(
        "d-shadow-all.json",
        br#"{"modelgate":{"provenance":{"deny":[]},"gdpr":{"deny":[]},"ccpa":{"deny":[]},"documentation":{"deny":[]},"robustness":{"deny":[]},"sbom":{"deny":[]}}}"#,
    );
    let o = check(
        &root().join("examples/blocked-gdpr"),
        &["--data", data.to_str().unwrap()],
    );
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    let text = all_output(&o);
    assert!(text.contains("modelgate.provenance"), "{text}");
    // Parameters stay settable, and data outside `modelgate` is the user's own.
    let ok = s.outside(
        "d-params.json",
        br#"{"modelgate":{"params":{"sbom":{"max_age_days":90}}},"org":{"teams":["risk"]}}"#,
    );
    let o = check(
        &root().join("examples/approved"),
        &["--data", ok.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", all_output(&o));
}

// ---------------------------------------------------------------------------------------------
// Finding 4: enforcement overrides were invisible (off) or lost in the record (warn)

fn attack_04_enforcement_off_is_visible_everywhere() {
    let s = Scratch::new();
    let cfg = s.outside(
        "cfg-off.yaml",
        b"apiVersion: modelgate.dev/v1\nkind: Config\nenforcement:\n  - rule: \"*\"\n    level: \"off\"\n",
    );
    let gdpr = root().join("examples/blocked-gdpr");
    let plain = json(&check(&gdpr, &["-f", "json"]));
    let record = s.path("rec-off.json");
    let o = check(
        &gdpr,
        &[
            "-f",
            "json",
            "--config",
            cfg.to_str().unwrap(),
            "--record",
            record.to_str().unwrap(),
            "--sign-key",
            test_key("test-only-p256.pem").to_str().unwrap(),
        ],
    );
    let r = json(&o);
    assert_ne!(
        r["policy_digest"], plain["policy_digest"],
        "the policy digest must cover the configuration"
    );
    let enforcement = &r["configuration"]["enforcement"];
    assert_eq!(enforcement[0]["rule"], "*", "{}", r["configuration"]);
    let off = findings(&r)
        .into_iter()
        .filter(|(_, l, _)| l == "off")
        .count();
    assert!(off > 0, "findings turned off are kept as such");
    for format in ["text", "markdown", "sarif", "junit", "codequality", "html"] {
        let o = check(&gdpr, &["-f", format, "--config", cfg.to_str().unwrap()]);
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(
            out.contains("cfg-off.yaml") && out.to_lowercase().contains("off"),
            "{format} does not show the enforcement change:\n{out}"
        );
    }
    let rec: Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let payload = modelgate::verify::dsse::decode_base64(rec["payload"].as_str().unwrap()).unwrap();
    let statement: Value = serde_json::from_slice(&payload).unwrap();
    let pred = &statement["predicate"];
    assert_eq!(pred["configuration"]["enforcement"][0]["level"], "off");
    let first = &pred["bundles"][0]["findings"][0];
    assert_eq!(first["level"], "off", "{first}");
    assert_eq!(first["declaredLevel"], "deny", "{first}");
}

fn attack_04b_builtin_library_off_is_shown() {
    let s = Scratch::new();
    let pol = s.outside(
        "p8.rego",
        b"package org.empty\n\n# METADATA\n# title: nothing\n# custom:\n#   id: org-nothing\n#   severity: low\n#   controls: [x]\n#   remediation: none\ndeny contains f if {\n\tfalse\n\tf := {\"id\": \"org-nothing\"}\n}\n",
    );
    let o = check(
        &root().join("examples/blocked-tampered"),
        &["--no-builtin", "--policy", pol.to_str().unwrap()],
    );
    let text = all_output(&o);
    assert!(text.contains("built-in policies: off"), "{text}");
    assert!(text.contains("p8.rego"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Finding 5: a release author could waive their own findings in the same change

fn attack_05_self_approval_in_the_same_change() {
    let r = Repo::new();
    std::fs::write(
        r.path("models/scorer/model/model.safetensors"),
        b"evil weights",
    )
    .unwrap();
    std::fs::write(
        r.path("modelgate-config.yaml"),
        "apiVersion: modelgate.dev/v1\nkind: Config\nwaivers:\n".to_string()
            + &[
                "prov-signature-invalid",
                "prov-artifact-unsigned",
                "prov-artifact-not-covered",
                "rob-model-digest",
            ]
            .iter()
            .map(|rule| format!("  - rule: {rule}\n    reason: fine\n    approvedBy: me@example.com\n    expires: 2026-12-31\n"))
            .collect::<String>(),
    )
    .unwrap();
    r.commit("swap weights, waive everything");
    let o = r.check(&["-f", "json", "--config", "modelgate-config.yaml", "models"]);
    assert_eq!(code(&o), 1, "{}", all_output(&o));
    let rep = json(&o);
    assert!(
        has_deny(&rep, "change-gate-config", "modelgate-config.yaml"),
        "{:#?}",
        findings(&rep)
    );
    assert!(
        has_deny(&rep, "prov-signature-invalid", ""),
        "the head's waivers do not apply"
    );
    let changed = rep["git"]["changed"].to_string();
    assert!(changed.contains("modelgate-config.yaml"), "{changed}");
}

fn attack_05b_waiver_for_ever() {
    let s = Scratch::new();
    let b = s.bundle("approved", "w6");
    std::fs::write(b.join("model/model.safetensors"), b"evil weights").unwrap();
    let w = s.outside(
        "wv.yaml",
        b"- rule: prov-signature-invalid\n  reason: fine\n  approvedBy: me@example.com\n  expires: 9999-12-31\n",
    );
    let o = check(&b, &["-f", "json", "--waivers", w.to_str().unwrap()]);
    assert_blocks_with(&o, "prov-signature-invalid", "model.sig");
    assert!(findings(&json(&o))
        .iter()
        .any(|(r, _, _)| r == "waiver-too-long"));
}

fn attack_05c_unsigned_waivers_do_not_count_when_waiver_keys_are_set() {
    let s = Scratch::new();
    let b = s.bundle("approved", "w7");
    std::fs::write(b.join("model/model.safetensors"), b"evil weights").unwrap();
    std::fs::copy(
        test_key("test-only-p256.pub"),
        s.path("outside/waivers.pub"),
    )
    .ok();
    std::fs::create_dir_all(s.path("outside")).unwrap();
    std::fs::copy(
        test_key("test-only-p256.pub"),
        s.path("outside/waivers.pub"),
    )
    .unwrap();
    let waiver: String = [
        "prov-signature-invalid",
        "prov-artifact-unsigned",
        "prov-artifact-not-covered",
        "rob-model-digest",
    ]
    .iter()
    .map(|rule| format!("  - rule: {rule}\n    reason: re-signing after the incident, INC-7\n    approvedBy: security@example.com\n    expires: 2026-12-31\n"))
    .collect();
    let cfg = s.outside(
        "cfg.yaml",
        format!("apiVersion: modelgate.dev/v1\nkind: Config\ntrust:\n  waiverKeys: [waivers.pub]\nwaivers:\n{waiver}").as_bytes(),
    );
    let o = check(&b, &["-f", "json", "--config", cfg.to_str().unwrap()]);
    assert_blocks_with(&o, "prov-signature-invalid", "model.sig");
    assert!(findings(&json(&o))
        .iter()
        .any(|(r, _, _)| r == "waiver-unsigned"));
    // Signed by the waiver key, the same waiver applies.
    let o = modelgate(
        &root(),
        &[
            "waiver",
            "sign",
            "--sign-key",
            test_key("test-only-p256.pem").to_str().unwrap(),
            cfg.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", all_output(&o));
    let o = check(&b, &["-f", "json", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{:#?}", findings(&json(&o)));
    // Any edit of a signed waiver (here: the first one's expiry) voids it.
    edit(&cfg, "expires: 2026-12-31", "expires: 2026-12-30");
    let o = check(&b, &["-f", "json", "--config", cfg.to_str().unwrap()]);
    assert_blocks_with(&o, "prov-signature-invalid", "model.sig");
}

// ---------------------------------------------------------------------------------------------
// Finding 9: robustness evidence of another model, and a pipeline tag that switches regimes

fn attack_09_foreign_garak_report_and_pipeline_tag() {
    let s = Scratch::new();
    let b = s.bundle("approved", "fm1");
    edit(
        &b.join("README.md"),
        "pipeline_tag: tabular-classification",
        "pipeline_tag: text-generation",
    );
    std::fs::remove_file(b.join("eval/robustness.json")).unwrap();
    std::fs::copy(
        root().join("examples/advisory-jailbreak/eval/garak.report.jsonl"),
        b.join("eval/garak.report.jsonl"),
    )
    .unwrap();
    edit(
        &b.join("modelgate.yaml"),
        "    - eval/robustness.json",
        "    - eval/garak.report.jsonl",
    );
    let o = check(&b, &["-f", "json"]);
    let r = json(&o);
    assert_eq!(code(&o), 1, "{:#?}", findings(&r));
    let ids: Vec<String> = findings(&r)
        .into_iter()
        .filter(|(_, l, _)| l == "deny")
        .map(|(id, _, _)| id)
        .collect();
    assert!(
        ids.iter().any(|i| i == "rob-report-target"),
        "the garak report of support-assistant is not this model's: {ids:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Finding 10: a self-declared minimal tier for a credit scorer

fn attack_10_understated_risk_tier() {
    let s = Scratch::new();
    let b = s.bundle("approved", "minimal");
    let m = b.join("modelgate.yaml");
    edit(&m, "riskTier: high", "riskTier: minimal");
    edit(&m, "  signatures:\n    - model.sig\n", "  signatures: []\n");
    edit(
        &m,
        "  provenance:\n    - provenance/model.intoto.jsonl\n",
        "",
    );
    edit(&m, "  robustness:\n    - eval/robustness.json\n", "");
    std::fs::write(b.join("model/model.safetensors"), b"other weights").unwrap();
    let o = modelgate(
        &root(),
        &["check", "-f", "json", "--now", NOW, b.to_str().unwrap()],
    );
    assert_blocks_with(&o, "ai-act-tier-understated", "");
}

// ---------------------------------------------------------------------------------------------
// Finding 11: banned components spelled around the purl match

fn add_component(b: &Path, component: &str) {
    let p = b.join("sbom/image.cdx.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    v["components"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::from_str(component).unwrap());
    std::fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

fn attack_11_banned_component_percent_encoded_or_without_purl() {
    let s = Scratch::new();
    for (name, component) in [
        (
            "enc",
            r#"{"type":"library","name":"torchtriton","version":"3.0.0","purl":"pkg:pypi/torch%74riton@3.0.0","licenses":[{"license":{"id":"MIT"}}]}"#,
        ),
        (
            "nopurl",
            r#"{"type":"library","name":"torchtriton","version":"3.0.0","licenses":[{"license":{"id":"MIT"}}]}"#,
        ),
        (
            "upper",
            r#"{"type":"library","name":"TorchTriton","version":"3.0.0","purl":"pkg:PYPI/TorchTriton@3.0.0","licenses":[{"license":{"id":"MIT"}}]}"#,
        ),
    ] {
        let b = s.bundle("approved", name);
        add_component(&b, component);
        let o = check(&b, &["-f", "json"]);
        assert_blocks_with(&o, "sbom-component-banned", "");
    }
}

fn attack_11b_agpl_written_as_a_name() {
    let s = Scratch::new();
    let b = s.bundle("approved", "agpl");
    add_component(
        &b,
        r#"{"type":"library","name":"mongo-feature-cache","version":"1.0.0","purl":"pkg:pypi/mongo-feature-cache@1.0.0","licenses":[{"license":{"name":"GNU Affero General Public License v3"}}]}"#,
    );
    let o = check(&b, &["-f", "json"]);
    assert_blocks_with(&o, "sbom-license-denied", "mongo-feature-cache");
}

// ---------------------------------------------------------------------------------------------
// Findings 12 and 13: files swapped while the check reads them

/// Flips `path` between a copy of `a` and `b` (a file or, with `b_link`, a symlink to it) for
/// as long as the returned guard lives.
#[cfg(unix)]
struct Racer {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[cfg(unix)]
impl Racer {
    fn start(path: PathBuf, a: PathBuf, b: PathBuf, b_link: bool, scratch: PathBuf) -> Racer {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let tmp = scratch.join("racer.tmp");
            let mut i = 0u64;
            while !flag.load(Ordering::Relaxed) {
                let _ = std::fs::remove_file(&tmp);
                // Hard links and symlinks are made in microseconds: both states last about as
                // long, as with the review's racer (os.link + os.replace).
                if i.is_multiple_of(2) {
                    let _ = std::fs::hard_link(&a, &tmp);
                } else if b_link {
                    let _ = std::os::unix::fs::symlink(&b, &tmp);
                } else {
                    let _ = std::fs::hard_link(&b, &tmp);
                }
                let _ = std::fs::rename(&tmp, &path);
                i += 1;
                // Each state lasts about as long as the gap between a check and a read.
                std::thread::sleep(std::time::Duration::from_micros(300));
            }
        });
        Racer {
            stop,
            thread: Some(thread),
        }
    }
}

#[cfg(unix)]
impl Drop for Racer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(unix)]
fn attack_12_dataset_flipped_to_a_symlink_while_checking() {
    let s = Scratch::new();
    let b = s.bundle("approved", "race1");
    let good = s.outside(
        "dataset.yaml",
        &std::fs::read(b.join("data/dataset.yaml")).unwrap(),
    );
    let key = s.outside("fake_id_key", FAKE_KEY.as_bytes());
    let _racer = Racer::start(
        b.join("data/dataset.yaml"),
        good,
        key,
        true,
        s.path("outside"),
    );
    for _ in 0..12 {
        let o = check(&b, &["-f", "markdown"]);
        let out = all_output(&o);
        assert!(
            !out.contains(KEY_MARKER),
            "a file outside the bundle was read:\n{out}"
        );
        assert!(matches!(code(&o), 0 | 2), "{out}");
    }
}

#[cfg(unix)]
fn attack_13_provenance_flipped_between_parse_and_verify() {
    let s = Scratch::new();
    let b = s.bundle("approved", "tt");
    let approved = std::fs::read_to_string(b.join("provenance/model.intoto.jsonl")).unwrap();
    // F: the approved statement (trusted builder, this model's digests) with a signature of
    // other bytes: it does not verify.
    let mut forged: Value = serde_json::from_str(approved.lines().next().unwrap()).unwrap();
    let other = dsse("test-only-p256.pem", b"{}");
    forged["signatures"] = other["signatures"].clone();
    let f = s.outside("F.intoto.jsonl", format!("{forged}\n").as_bytes());
    // L: a statement about other weights, validly signed by a trusted key.
    let statement = serde_json::json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "other.safetensors", "digest": {"sha256": "00".repeat(32)}}],
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {"buildDefinition": {"buildType": "https://example.com/b"},
                      "runDetails": {"builder": {"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0"}}}
    });
    let l = s.outside(
        "L.intoto.jsonl",
        format!(
            "{}\n",
            dsse("test-only-p256.pem", statement.to_string().as_bytes())
        )
        .as_bytes(),
    );
    let key2 = test_key("test-only-p256.pub").display().to_string();
    let _racer = Racer::start(
        b.join("provenance/model.intoto.jsonl"),
        f,
        l,
        false,
        s.path("outside"),
    );
    for _ in 0..12 {
        let o = check(&b, &["-f", "json", "--key", &key2]);
        assert_ne!(
            code(&o),
            0,
            "approved with a swapped provenance:\n{}",
            all_output(&o)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 14: placeholders in disguise

fn attack_14_disguised_placeholders() {
    let s = Scratch::new();
    for (name, filler) in [
        ("ph-cyr", "[More Informat\u{0456}on Needed] ".repeat(4)),
        (
            "ph-nbsp",
            "Lorem\u{00a0}ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.".to_string(),
        ),
        ("ph-na", "N/A. ".repeat(11)),
    ] {
        let b = s.bundle("approved", name);
        let card = std::fs::read_to_string(b.join("README.md")).unwrap();
        // Every section's text replaced by the filler; headings and front matter kept.
        let (front, body) = card.split_at(card[3..].find("\n---\n").unwrap() + 8);
        let mut out = front.to_string();
        for line in body.lines() {
            if line.starts_with('#') {
                out.push_str(line);
                out.push_str("\n\n");
                out.push_str(&filler);
                out.push_str("\n\n");
            }
        }
        std::fs::write(b.join("README.md"), out).unwrap();
        let o = check(&b, &["-f", "json"]);
        let r = json(&o);
        assert_eq!(code(&o), 1, "{name}: {:#?}", findings(&r));
        assert!(
            findings(&r)
                .iter()
                .any(|(id, l, _)| id == "doc-limitations" && l == "deny"),
            "{name}: {:#?}",
            findings(&r)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Findings 15, 16 and 22: what a decision record admits

fn record_subjects(record: &Path) -> Vec<String> {
    let rec: Value = serde_json::from_slice(&std::fs::read(record).unwrap()).unwrap();
    let payload = modelgate::verify::dsse::decode_base64(rec["payload"].as_str().unwrap()).unwrap();
    let statement: Value = serde_json::from_slice(&payload).unwrap();
    statement["subject"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn attack_15_record_of_a_release_without_model_admits_no_document() {
    let s = Scratch::new();
    let b = s.bundle("advisory-jailbreak", "noart");
    edit(
        &b.join("modelgate.yaml"),
        "  artifacts:\n    - model/*.safetensors\n    - model/config.json\n",
        "",
    );
    std::fs::remove_dir_all(b.join("model")).unwrap();
    let record = s.path("rec.json");
    let o = check(
        &b,
        &[
            "--record",
            record.to_str().unwrap(),
            "--sign-key",
            test_key("test-only-p256.pem").to_str().unwrap(),
        ],
    );
    assert!(matches!(code(&o), 0 | 1), "{}", all_output(&o));
    assert_eq!(record_subjects(&record), Vec::<String>::new());
    let o = modelgate(
        &root(),
        &[
            "verify-record",
            record.to_str().unwrap(),
            "--key",
            test_key("test-only-p256.pub").to_str().unwrap(),
            "--now",
            NOW,
            "--artifact",
            b.join("README.md").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 1, "{}", all_output(&o));
    assert!(
        all_output(&o).contains("admits no model"),
        "{}",
        all_output(&o)
    );
}

fn attack_16_files_left_out_of_a_model_signature() {
    let s = Scratch::new();
    let b = s.bundle("approved", "oms4a");
    std::fs::write(b.join("model/evil.pkl"), EVIL_PICKLE).unwrap();
    std::fs::write(b.join("model/empty.bin"), b"").unwrap();
    oms_sign(
        "test-only-p256.pem",
        &b.join("model"),
        &b.join("model.sig"),
        &["evil.pkl", "empty.bin"],
    );
    let key2 = test_key("test-only-p256.pub").display().to_string();
    let record = s.path("rec.json");
    let o = check(
        &b,
        &[
            "-f",
            "json",
            "--key",
            &key2,
            "--record",
            record.to_str().unwrap(),
            "--sign-key",
            test_key("test-only-p256.pem").to_str().unwrap(),
        ],
    );
    let r = json(&o);
    let sigs = r["bundles"][0]["signatures"].to_string();
    assert!(
        sigs.contains("model/evil.pkl") && sigs.contains("model/empty.bin"),
        "ignored files are listed: {sigs}"
    );
    assert_blocks_with(&o, "artifact-undeclared", "model/evil.pkl");
    let subjects = record_subjects(&record);
    assert!(
        !subjects
            .iter()
            .any(|n| n.contains("evil") || n.contains("empty")),
        "{subjects:?}"
    );
}

fn attack_16b_git_paths_in_the_model_folder() {
    // X3: model/.git/evil.pkl beside the original signature, which ignores git paths.
    let s = Scratch::new();
    let b = s.bundle("approved", "oms4b");
    std::fs::create_dir_all(b.join("model/.git")).unwrap();
    std::fs::write(b.join("model/.git/evil.pkl"), EVIL_PICKLE).unwrap();
    let o = check(&b, &["-f", "json"]);
    let r = json(&o);
    assert!(r["bundles"][0]["signatures"]
        .to_string()
        .contains("model/.git/evil.pkl"));
    assert_blocks_with(&o, "artifact-undeclared", "model/.git/evil.pkl");
}

fn attack_22_record_valid_for_centuries() {
    let s = Scratch::new();
    let record = s.path("forever.json");
    let o = check(
        &root().join("examples/approved"),
        &[
            "--record",
            record.to_str().unwrap(),
            "--sign-key",
            test_key("test-only-p256.pem").to_str().unwrap(),
            "--record-ttl",
            "100000w",
        ],
    );
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(all_output(&o).contains("at most"), "{}", all_output(&o));
    assert!(!record.exists());
}

// ---------------------------------------------------------------------------------------------
// Finding 19: a policy evaluation past its time or memory ends with exit 2 and a report

fn range_policy(s: &Scratch, n: u64) -> PathBuf {
    s.outside(
        &format!("range{n}.rego"),
        format!("package org.range\n\nx := numbers.range(1, {n})\n\n# METADATA\n# title: range\n# custom:\n#   id: org-range\n#   severity: low\n#   controls: [x]\n#   remediation: none\ndeny contains f if {{\n\tcount(x) == 1\n\tf := {{\"id\": \"org-range\"}}\n}}\n").as_bytes(),
    )
}

fn attack_19_huge_builtin_allocation_is_an_error_not_an_abort() {
    let s = Scratch::new();
    let pol = range_policy(&s, 300_000_000);
    let out = s.path("report.json");
    let o = check(
        &root().join("examples/approved"),
        &[
            "--policy",
            pol.to_str().unwrap(),
            "--timeout",
            "2",
            "-o",
            &format!("json={}", out.display()),
        ],
    );
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    let text = all_output(&o);
    assert!(text.contains("memory") || text.contains("time"), "{text}");
    let r: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(r["verdict"], "error");
}

fn attack_19b_slow_builtin_is_bounded_by_the_timeout() {
    let s = Scratch::new();
    let pol = range_policy(&s, 90_000_000);
    let start = std::time::Instant::now();
    let o = check(
        &root().join("examples/approved"),
        &["--policy", pol.to_str().unwrap(), "--timeout", "1"],
    );
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

/// E2 as the review ran it: under an address-space limit the 7.2 GB allocation fails and the
/// process aborts (rc 134 before); the supervising process still reports the run as an error.
#[cfg(target_os = "linux")]
fn attack_19c_aborted_evaluation_still_reports() {
    if Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("SKIPPED: prlimit (util-linux) is not installed");
        return;
    }
    let s = Scratch::new();
    let pol = range_policy(&s, 300_000_000);
    let out = s.path("report.json");
    let approved = root().join("examples/approved").display().to_string();
    let key = release_key();
    let o = Command::new("prlimit")
        .arg("--as=4000000000")
        .arg(bin())
        .args(["check", "--key", &key, "--now", NOW, "--policy"])
        .arg(&pol)
        .args(["-o", &format!("json={}", out.display()), &approved])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    let r: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(r["verdict"], "error");
    assert!(r["bundles"][0]["error"]
        .as_str()
        .unwrap()
        .contains("memory"));
}

// ---------------------------------------------------------------------------------------------
// Finding 20: deleting the manifest hid the change

fn attack_20_manifest_deleted_with_swapped_weights() {
    let r = Repo::new();
    std::fs::write(
        r.path("models/scorer/model/model.safetensors"),
        b"evil weights",
    )
    .unwrap();
    std::fs::remove_file(r.path("models/scorer/modelgate.yaml")).unwrap();
    r.commit("swap and hide");
    let record = r.s.path("rec-none.json");
    let o = r.check(&[
        "-f",
        "json",
        "models",
        "--record",
        record.to_str().unwrap(),
        "--sign-key",
        test_key("test-only-p256.pem").to_str().unwrap(),
    ]);
    assert_ne!(code(&o), 0, "{}", all_output(&o));
    if record.exists() {
        let rec: Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
        let payload =
            modelgate::verify::dsse::decode_base64(rec["payload"].as_str().unwrap()).unwrap();
        let st: Value = serde_json::from_slice(&payload).unwrap();
        assert_ne!(st["predicate"]["verdict"], "approve");
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 21: the file a Sigstore bundle signs could lead out of the bundle

#[cfg(unix)]
fn attack_21_sigstore_signed_file_symlinked_out() {
    let s = Scratch::new();
    let b = s.bundle("approved", "sg2");
    let outside = s.outside("a.txt", b"outside content");
    symlink(&outside, &b.join("a.txt"));
    std::fs::write(
        b.join("a.txt.sigstore.json"),
        br#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}"#,
    )
    .unwrap();
    edit(
        &b.join("modelgate.yaml"),
        "    - model.sig\n",
        "    - model.sig\n    - a.txt.sigstore.json\n",
    );
    let o = check(&b, &[]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(all_output(&o).contains("a.txt"), "{}", all_output(&o));
}

// ---------------------------------------------------------------------------------------------
// Finding 24: raw HTML from evidence in the Markdown pull-request comment

fn attack_24_markdown_comment_injection() {
    let s = Scratch::new();
    let b = s.bundle("blocked-gdpr", "mdinj");
    edit(
        &b.join("data/dataset.yaml"),
        "name: loan-applications-2024",
        "name: \"x</summary></details>INJECTED<!-- <img src=x onerror=alert(1)>\"",
    );
    let o = check(&b, &["-f", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("INJECTED"), "{md}");
    assert!(!md.contains("</details>INJECTED"), "{md}");
    assert!(!md.contains("<!-- <img"), "{md}");
    assert!(!md.contains("<img src=x"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// The table: every attack, one test each.

macro_rules! attacks {
    ($($(#[$m:meta])* $name:ident,)*) => {
        /// Every case, by name: the table this file is about.
        const ATTACKS: &[&str] = &[$(stringify!($name)),*];
        mod cases {
            $(
                $(#[$m])*
                #[test]
                fn $name() {
                    super::$name();
                }
            )*
        }
    };
}

attacks! {
    attack_01_unsigned_pickle_model,
    attack_01b_weights_named_with_another_case,
    attack_01c_weights_named_with_a_cyrillic_o,
    attack_01d_undeclared_pickle_beside_the_release,
    attack_01e_every_model_format_needs_a_signature,
    #[cfg(unix)] attack_02_manifest_symlinked_out_of_the_bundle,
    #[cfg(unix)] attack_02b_manifest_symlinked_to_a_secret_is_not_echoed,
    #[cfg(unix)] attack_02c_committed_manifest_symlink_in_base_mode,
    attack_02d_malformed_evidence_is_quoted_only_in_excerpt,
    attack_03_data_shadows_rule_sets,
    attack_04_enforcement_off_is_visible_everywhere,
    attack_04b_builtin_library_off_is_shown,
    attack_05_self_approval_in_the_same_change,
    attack_05b_waiver_for_ever,
    attack_05c_unsigned_waivers_do_not_count_when_waiver_keys_are_set,
    attack_09_foreign_garak_report_and_pipeline_tag,
    attack_10_understated_risk_tier,
    attack_11_banned_component_percent_encoded_or_without_purl,
    attack_11b_agpl_written_as_a_name,
    #[cfg(unix)] attack_12_dataset_flipped_to_a_symlink_while_checking,
    #[cfg(unix)] attack_13_provenance_flipped_between_parse_and_verify,
    attack_14_disguised_placeholders,
    attack_15_record_of_a_release_without_model_admits_no_document,
    attack_16_files_left_out_of_a_model_signature,
    attack_16b_git_paths_in_the_model_folder,
    attack_19_huge_builtin_allocation_is_an_error_not_an_abort,
    attack_19b_slow_builtin_is_bounded_by_the_timeout,
    #[cfg(target_os = "linux")] attack_19c_aborted_evaluation_still_reports,
    attack_20_manifest_deleted_with_swapped_weights,
    #[cfg(unix)] attack_21_sigstore_signed_file_symlinked_out,
    attack_22_record_valid_for_centuries,
    attack_24_markdown_comment_injection,
}

/// Each of the review's CLI-side findings has at least one case.
#[test]
fn every_cli_side_finding_has_an_attack() {
    for n in [
        1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 24,
    ] {
        let prefix = format!("attack_{n:02}");
        assert!(
            ATTACKS.iter().any(|a| a.starts_with(&prefix)),
            "no attack test for finding {n}"
        );
    }
}
