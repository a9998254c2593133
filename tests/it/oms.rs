//! OpenSSF Model Signing: signatures made by the real `model-signing` tool, verified by
//! modelgate. The committed fixtures (tests/fixtures/oms, see its README) always run; the
//! round trips through the `model_signing` CLI run when it and `openssl` are installed.

use base64::Engine as _;
use modelgate::verify::dsse::{KeyAlgorithm, PublicKey};
use modelgate::verify::oms::{self, Container, OmsVerification};
use modelgate::Error;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oms")
}

fn key(path: &Path) -> PublicKey {
    PublicKey::read(path).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// DER of a PEM public key, decoded here rather than by the code under test.
fn pem_der(path: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    unb64(&body)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

/// (code, file) of every failure, for compact assertions.
fn failures(r: &OmsVerification) -> Vec<(String, Option<String>)> {
    r.failures
        .iter()
        .map(|f| (f.code().to_string(), f.file().map(str::to_string)))
        .collect()
}

fn one(code: &str, file: Option<&str>) -> Vec<(String, Option<String>)> {
    vec![(code.to_string(), file.map(str::to_string))]
}

/// A copy of the fixture model with its in-folder signature, to alter.
fn fixture_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    copy_dir(&fixtures().join("model"), &model);
    let sig = model.join("model.sig");
    (dir, model, sig)
}

fn edit_bundle(sig: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(sig).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(sig, serde_json::to_vec(&v).unwrap()).unwrap();
}

// ---- the committed fixtures, signed once by model-signing ----

#[test]
fn fixture_p256_signature_inside_the_model_verifies() {
    let fx = fixtures();
    let r = oms::verify_model(
        &fx.join("model"),
        &fx.join("model/model.sig"),
        &[key(&fx.join("key.pub"))],
    )
    .unwrap();
    assert!(r.verified, "{}", r.summary());
    assert!(r.failures.is_empty());
    assert_eq!(r.container, Container::SigstoreBundle);
    assert_eq!(
        r.media_type.as_deref(),
        Some("application/vnd.dev.sigstore.bundle.v0.3+json")
    );
    assert_eq!(r.predicate_type.as_deref(), Some(oms::PREDICATE_TYPE));

    let signer = r.signer.as_ref().unwrap();
    assert_eq!(signer.key_id, sha256_hex(&pem_der(&fx.join("key.pub"))));
    assert_eq!(signer.algorithm, KeyAlgorithm::EcdsaP256Sha256);
    // model-signing's hint is the sha256 of the key's PEM file as OpenSSL wrote it.
    let pem = std::fs::read(fx.join("key.pub")).unwrap();
    assert_eq!(signer.hint.as_deref(), Some(sha256_hex(&pem).as_str()));
    assert!(!signer.legacy_pae);

    // The files as signed, each with the sha256 of the file on disk.
    let names: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "config.json",
            "model.safetensors",
            "tokenizer/merges/rules.txt",
            "tokenizer/vocab.txt"
        ]
    );
    let mut root = Sha256::new();
    for f in &r.files {
        let bytes = std::fs::read(fx.join("model").join(&f.name)).unwrap();
        assert_eq!(f.sha256, sha256_hex(&bytes), "{}", f.name);
        root.update(Sha256::digest(&bytes));
    }
    let subject = r.subject.as_ref().unwrap();
    assert_eq!(subject.name, "model");
    assert_eq!(subject.sha256, hex::encode(root.finalize()));
    assert_eq!(r.covers().len(), 4);

    // The signature file and git files are left out, as model-signing does.
    let s = r.serialization.as_ref().unwrap();
    assert_eq!(
        (s.method.as_str(), s.hash_type.as_str()),
        ("files", "sha256")
    );
    assert!(!s.allow_symlinks);
    assert!(r.ignored.iter().any(|p| p == "model.sig"));
    assert!(r.ignored.iter().any(|p| p == ".gitattributes"));
    assert!(r
        .summary()
        .starts_with("verified: model `model`, 4 file(s)"));
    // The result serializes for the input document.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["signer"]["algorithm"], "ecdsa-p256-sha256");
}

#[test]
fn fixture_p384_signature_verifies_only_with_its_key() {
    let fx = fixtures();
    let p384 = key(&fx.join("p384.pub"));
    let p256 = key(&fx.join("key.pub"));
    let sig = fx.join("model.p384.sig");
    let r = oms::verify_model(&fx.join("model"), &sig, &[p256.clone(), p384.clone()]).unwrap();
    assert!(r.verified, "{}", r.summary());
    let signer = r.signer.unwrap();
    assert_eq!(signer.algorithm, KeyAlgorithm::EcdsaP384Sha384);
    assert_eq!(signer.key_id, p384.key_id());

    let r = oms::verify_model(&fx.join("model"), &sig, &[p256]).unwrap();
    assert!(!r.verified);
    assert_eq!(failures(&r), one("no-matching-key", None));
    assert!(
        r.summary().contains("none of the 1 trusted key"),
        "{}",
        r.summary()
    );
    // Nothing of an unverified payload is reported.
    assert!(r.files.is_empty() && r.subject.is_none() && r.signer.is_none());
}

#[test]
fn fixture_model_signing_0_2_signature_verifies() {
    // model-signing 0.2.0: predicate Digests/v0.1, the key embedded as rawBytes and the PAE of
    // that version, which model-signing 1.x still accepts.
    let fx = fixtures();
    let r = oms::verify_model(
        &fx.join("model-v0.2"),
        &fx.join("model.v0.2.sig"),
        &[key(&fx.join("p384.pub")), key(&fx.join("key.pub"))],
    )
    .unwrap();
    assert!(r.verified, "{}", r.summary());
    assert_eq!(
        r.predicate_type.as_deref(),
        Some(oms::PREDICATE_TYPE_DIGESTS_V01)
    );
    assert!(r.subject.is_none());
    assert_eq!(r.files.len(), 4);
    let signer = r.signer.unwrap();
    assert!(signer.legacy_pae);
    assert_eq!(signer.key_id, sha256_hex(&pem_der(&fx.join("key.pub"))));

    // Its embedded key picks the trusted key: another key alone does not match.
    let r = oms::verify_model(
        &fx.join("model-v0.2"),
        &fx.join("model.v0.2.sig"),
        &[key(&fx.join("p384.pub"))],
    )
    .unwrap();
    assert_eq!(failures(&r), one("no-matching-key", None));

    // The same signature over the other folder: signed by the trusted key, but that folder
    // holds a file the signature does not list.
    let r = oms::verify_model(
        &fx.join("model"),
        &fx.join("model.v0.2.sig"),
        &[key(&fx.join("key.pub"))],
    )
    .unwrap();
    assert_eq!(failures(&r), one("file-added", Some("model.sig")));
}

#[test]
fn fixture_sharded_signature_is_unsupported() {
    let fx = fixtures();
    let r = oms::verify_model(
        &fx.join("model"),
        &fx.join("model.shards.sig"),
        &[key(&fx.join("key.pub"))],
    )
    .unwrap();
    assert!(!r.verified);
    assert_eq!(failures(&r), one("unsupported", None));
    assert!(r.summary().contains("`shards`"), "{}", r.summary());
    // The signature itself verified: the signer is known, the method is not supported.
    assert!(r.signer.is_some());
    assert_eq!(r.serialization.unwrap().method, "shards");
}

#[test]
fn a_plain_dsse_envelope_verifies() {
    let fx = fixtures();
    let (_dir, model, sig) = fixture_copy();
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&sig).unwrap()).unwrap();
    let envelope = model.join("model.dsse.json");
    std::fs::write(&envelope, bundle["dsseEnvelope"].to_string()).unwrap();
    std::fs::remove_file(&sig).unwrap();
    // No hint in a bare envelope: every trusted key is tried.
    let keys = [key(&fx.join("p384.pub")), key(&fx.join("key.pub"))];
    let r = oms::verify_model(&model, &envelope, &keys).unwrap();
    assert!(r.verified, "{}", r.summary());
    assert_eq!(r.container, Container::Dsse);
    assert!(r.ignored.iter().any(|p| p == "model.dsse.json"));
    let r = oms::verify_model(&model, &envelope, &keys[..1]).unwrap();
    assert_eq!(failures(&r), one("signature-invalid", None));
}

#[test]
fn a_changed_byte_is_named() {
    let (_dir, model, sig) = fixture_copy();
    let path = model.join("tokenizer/vocab.txt");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[0] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    let r = oms::verify_model(&model, &sig, &[key(&fixtures().join("key.pub"))]).unwrap();
    assert!(!r.verified);
    assert_eq!(
        failures(&r),
        one("file-changed", Some("tokenizer/vocab.txt"))
    );
    let text = r.summary();
    assert!(text.contains(&sha256_hex(&bytes)), "{text}");
}

#[test]
fn added_and_removed_files_are_named() {
    let keys = [key(&fixtures().join("key.pub"))];
    let (_dir, model, sig) = fixture_copy();
    std::fs::create_dir_all(model.join("extra")).unwrap();
    std::fs::write(model.join("extra/adapter.bin"), b"x").unwrap();
    std::fs::write(model.join(".hidden"), b"y").unwrap();
    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert_eq!(
        failures(&r),
        [
            ("file-added".to_string(), Some(".hidden".to_string())),
            (
                "file-added".to_string(),
                Some("extra/adapter.bin".to_string())
            ),
        ]
    );

    let (_dir, model, sig) = fixture_copy();
    std::fs::remove_file(model.join("model.safetensors")).unwrap();
    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert_eq!(failures(&r), one("file-removed", Some("model.safetensors")));
    assert!(r.summary().contains("file removed: model.safetensors"));
}

#[test]
fn ignored_paths_stay_ignored() {
    let (_dir, model, sig) = fixture_copy();
    std::fs::create_dir_all(model.join(".git/objects")).unwrap();
    std::fs::write(model.join(".git/objects/ab"), b"git").unwrap();
    std::fs::write(model.join(".gitignore"), b"*.tmp").unwrap();
    let r = oms::verify_model(&model, &sig, &[key(&fixtures().join("key.pub"))]).unwrap();
    assert!(r.verified, "{}", r.summary());
}

#[test]
fn a_tampered_payload_or_swapped_signature_is_invalid() {
    let keys = [key(&fixtures().join("key.pub"))];

    // One digest of the statement changed to match an altered file: the signature breaks.
    let (_dir, model, sig) = fixture_copy();
    std::fs::write(model.join("config.json"), b"{}").unwrap();
    edit_bundle(&sig, |v| {
        let payload = unb64(v["dsseEnvelope"]["payload"].as_str().unwrap());
        let text = String::from_utf8(payload).unwrap();
        let old = sha256_hex(&std::fs::read(fixtures().join("model/config.json")).unwrap());
        let text = text.replace(&old, &sha256_hex(b"{}"));
        v["dsseEnvelope"]["payload"] = b64(text.as_bytes()).into();
    });
    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert_eq!(failures(&r), one("signature-invalid", None));
    assert!(r.summary().contains("altered"), "{}", r.summary());

    // A valid signature by the same key, of another statement, moved into this bundle.
    let (_dir, model, sig) = fixture_copy();
    let other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("model.shards.sig")).unwrap())
            .unwrap();
    edit_bundle(&sig, |v| {
        v["dsseEnvelope"]["signatures"] = other["dsseEnvelope"]["signatures"].clone();
    });
    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert_eq!(failures(&r), one("signature-invalid", None));

    // The hint edited to name the trusted key over a signature by another key.
    let (_dir, model, sig) = fixture_copy();
    let p384 = fixtures().join("model.p384.sig");
    std::fs::copy(&p384, &sig).unwrap();
    edit_bundle(&sig, |v| {
        v["verificationMaterial"]["publicKey"]["hint"] = keys[0].pem_sha256().into();
    });
    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert_eq!(failures(&r), one("signature-invalid", None));
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_model_are_refused() {
    let (dir, model, sig) = fixture_copy();
    let outside = dir.path().join("outside.bin");
    std::fs::write(&outside, b"secret").unwrap();
    std::os::unix::fs::symlink(&outside, model.join("weights.bin")).unwrap();
    std::os::unix::fs::symlink("../..", model.join("tokenizer/up")).unwrap();
    std::os::unix::fs::symlink("config.json", model.join("inside.json")).unwrap();
    let r = oms::verify_model(&model, &sig, &[key(&fixtures().join("key.pub"))]).unwrap();
    assert!(!r.verified);
    let got = failures(&r);
    assert_eq!(
        got,
        [
            ("path-refused".to_string(), Some("inside.json".to_string())),
            ("path-refused".to_string(), Some("tokenizer/up".to_string())),
            ("path-refused".to_string(), Some("weights.bin".to_string())),
        ],
        "{}",
        r.summary()
    );
    assert!(
        r.summary().contains("leaves the model folder"),
        "{}",
        r.summary()
    );
    assert!(r.summary().contains("allow_symlinks"), "{}", r.summary());
}

#[test]
fn signed_names_with_dot_dot_are_refused() {
    // A statement that names a file outside the folder; the signature is made here so that it
    // verifies and the name is what fails.
    use p256::ecdsa::signature::Signer;
    let sk = p256::ecdsa::SigningKey::from_slice(&[42; 32]).unwrap();
    let point = sk.verifying_key().to_encoded_point(false);
    // SubjectPublicKeyInfo of a P-256 key: fixed 26-byte prefix, then the point.
    let mut der = hex::decode("3059301306072a8648ce3d020106082a8648ce3d030107034200").unwrap();
    der.extend_from_slice(point.as_bytes());
    let pk = PublicKey::from_spki_der(&der).unwrap();

    let d = Sha256::digest(b"x");
    let statement = serde_json::json!({
        "_type": oms::STATEMENT_TYPE,
        "subject": [{"name": "m", "digest": {"sha256": sha256_hex(&d)}}],
        "predicateType": oms::PREDICATE_TYPE,
        "predicate": {
            "serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": false},
            "resources": [{"name": "../outside.bin", "algorithm": "sha256", "digest": hex::encode(d)}]
        }
    });
    let payload = serde_json::to_vec(&statement).unwrap();
    let sig: p256::ecdsa::Signature = sk.sign(&modelgate::verify::dsse::pae(
        "application/vnd.in-toto+json",
        &payload,
    ));
    let envelope = serde_json::json!({
        "payload": b64(&payload),
        "payloadType": "application/vnd.in-toto+json",
        "signatures": [{"sig": b64(sig.to_der().as_bytes())}]
    });
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m");
    std::fs::create_dir(&model).unwrap();
    std::fs::write(dir.path().join("outside.bin"), b"x").unwrap();
    let path = dir.path().join("m.dsse.json");
    std::fs::write(&path, envelope.to_string()).unwrap();
    let r = oms::verify_model(&model, &path, &[pk]).unwrap();
    assert_eq!(failures(&r), one("path-refused", Some("../outside.bin")));
}

#[test]
fn malformed_signatures_and_missing_files_are_errors() {
    let (_dir, model, sig) = fixture_copy();
    let keys = [key(&fixtures().join("key.pub"))];
    std::fs::write(&sig, "{\n  \"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\",\n  \"dsseEnvelope\": {\"payload\": 5}\n}").unwrap();
    let e = oms::verify_model(&model, &sig, &keys).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, Error::Format { .. }), "{text}");
    assert!(
        text.contains("line 3") && text.contains("/dsseEnvelope/payload"),
        "{text}"
    );

    std::fs::write(&sig, "not json").unwrap();
    let text = oms::verify_model(&model, &sig, &keys)
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("line 1, column") && text.contains("invalid JSON"),
        "{text}"
    );

    let e = oms::verify_model(&model, &model.join("absent.sig"), &keys).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e}");

    // A key file that holds no key is an error naming the file.
    let e = PublicKey::read(&model.join("config.json")).unwrap_err();
    assert!(e.to_string().contains("public key"), "{e}");
}

// ---- round trips through the real model-signing CLI ----

/// How to run model-signing: `$MODEL_SIGNING` (a path to its CLI), `model_signing` on PATH or
/// `python3 -m model_signing`, whichever answers `--help`.
fn model_signing() -> Option<Vec<String>> {
    let mut candidates: Vec<Vec<String>> = Vec::new();
    if let Ok(p) = std::env::var("MODEL_SIGNING") {
        candidates.push(vec![p]);
    }
    candidates.push(vec!["model_signing".into()]);
    candidates.push(vec!["python3".into(), "-m".into(), "model_signing".into()]);
    candidates.into_iter().find(|c| {
        Command::new(&c[0])
            .args(&c[1..])
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cmd: &[String], args: &[&str]) -> std::process::Output {
    Command::new(&cmd[0])
        .args(&cmd[1..])
        .args(args)
        .output()
        .unwrap()
}

fn ok(cmd: &[String], args: &[&str]) {
    let o = run(cmd, args);
    assert!(
        o.status.success(),
        "{cmd:?} {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// An EC key pair made by OpenSSL: (private PEM, public PEM).
fn keygen(dir: &Path, name: &str, curve: &str) -> (PathBuf, PathBuf) {
    let private = dir.join(format!("{name}.pem"));
    let public = dir.join(format!("{name}.pub"));
    let sh = |args: &[&str]| ok(&["openssl".to_string()], args);
    sh(&[
        "ecparam",
        "-genkey",
        "-name",
        curve,
        "-noout",
        "-out",
        private.to_str().unwrap(),
    ]);
    sh(&[
        "ec",
        "-in",
        private.to_str().unwrap(),
        "-pubout",
        "-out",
        public.to_str().unwrap(),
    ]);
    (private, public)
}

fn make_model(root: &Path) -> PathBuf {
    let model = root.join("tiny-model");
    std::fs::create_dir_all(model.join("tokenizer/special")).unwrap();
    std::fs::write(model.join("config.json"), b"{\"layers\": 2}\n").unwrap();
    let weights: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(model.join("model.safetensors"), weights).unwrap();
    std::fs::write(model.join("tokenizer/vocab.txt"), b"a\nb\n").unwrap();
    std::fs::write(model.join("tokenizer/special/tokens.json"), b"[]").unwrap();
    std::fs::write(model.join(".hidden-notes"), b"hidden files are signed too").unwrap();
    std::fs::write(model.join(".gitignore"), b"*.tmp\n").unwrap();
    model
}

struct Cli {
    cmd: Vec<String>,
}

impl Cli {
    fn sign(&self, model: &Path, private: &Path, sig: &Path, extra: &[&str]) {
        let mut args = vec![
            "sign",
            "key",
            model.to_str().unwrap(),
            "--private_key",
            private.to_str().unwrap(),
            "--signature",
            sig.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        ok(&self.cmd, &args);
    }

    /// model-signing's own verdict, to check that modelgate agrees with it.
    fn verifies(&self, model: &Path, public: &Path, sig: &Path, extra: &[&str]) -> bool {
        let mut args = vec![
            "verify",
            "key",
            model.to_str().unwrap(),
            "--public_key",
            public.to_str().unwrap(),
            "--signature",
            sig.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&self.cmd, &args).status.success()
    }
}

fn cli() -> Option<Cli> {
    let Some(cmd) = model_signing() else {
        eprintln!(
            "SKIP: model-signing is not installed (pip install model-signing pyopenssl, or set \
             MODEL_SIGNING); only the committed fixtures were verified"
        );
        return None;
    };
    if !have_openssl() {
        eprintln!("SKIP: openssl is not installed; only the committed fixtures were verified");
        return None;
    }
    Some(Cli { cmd })
}

#[test]
fn real_cli_signatures_verify_and_every_change_fails() {
    let Some(cli) = cli() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (private, public) = keygen(tmp.path(), "signer", "prime256v1");
    let (other_private, other_public) = keygen(tmp.path(), "other", "prime256v1");
    let model = make_model(tmp.path());
    let sig = model.join("model.sig");
    cli.sign(&model, &private, &sig, &[]);
    let keys = [key(&public)];

    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert!(r.verified, "{}", r.summary());
    assert!(cli.verifies(&model, &public, &sig, &[]));
    assert_eq!(
        r.signer.as_ref().unwrap().key_id,
        sha256_hex(&pem_der(&public))
    );
    let names: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            ".hidden-notes",
            "config.json",
            "model.safetensors",
            "tokenizer/special/tokens.json",
            "tokenizer/vocab.txt"
        ]
    );
    assert_eq!(r.subject.as_ref().unwrap().name, "tiny-model");

    // Each change on a fresh copy; modelgate names it and model-signing also refuses it.
    let check = |change: &dyn Fn(&Path), expected: Vec<(String, Option<String>)>| {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("tiny-model");
        copy_dir(&model, &copy);
        change(&copy);
        let sig = copy.join("model.sig");
        let r = oms::verify_model(&copy, &sig, &keys).unwrap();
        assert!(!r.verified);
        assert_eq!(failures(&r), expected, "{}", r.summary());
        assert!(
            !cli.verifies(&copy, &public, &sig, &[]),
            "model-signing accepted it"
        );
    };
    check(
        &|m| {
            let p = m.join("model.safetensors");
            let mut b = std::fs::read(&p).unwrap();
            b[40_000] ^= 0x80;
            std::fs::write(&p, b).unwrap();
        },
        one("file-changed", Some("model.safetensors")),
    );
    check(
        &|m| std::fs::write(m.join("tokenizer/special/extra.json"), b"{}").unwrap(),
        one("file-added", Some("tokenizer/special/extra.json")),
    );
    check(
        &|m| std::fs::remove_file(m.join("tokenizer/vocab.txt")).unwrap(),
        one("file-removed", Some("tokenizer/vocab.txt")),
    );

    // Signed by another key: the bundle's hint names that key.
    let other_sig = tmp.path().join("other.sig");
    cli.sign(
        &model,
        &other_private,
        &other_sig,
        &["--ignore-paths", sig.to_str().unwrap()],
    );
    let r = oms::verify_model(&model, &other_sig, &keys).unwrap();
    assert_eq!(failures(&r), one("no-matching-key", None));
    assert!(!cli.verifies(&model, &public, &other_sig, &[]));
    let r = oms::verify_model(&model, &other_sig, &[key(&other_public)]).unwrap();
    assert!(r.verified, "{}", r.summary());

    // The other key's signature swapped into our bundle.
    let swapped = tmp.path().join("swapped.sig");
    std::fs::copy(&sig, &swapped).unwrap();
    let theirs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&other_sig).unwrap()).unwrap();
    edit_bundle(&swapped, |v| {
        v["dsseEnvelope"]["signatures"] = theirs["dsseEnvelope"]["signatures"].clone();
    });
    let r = oms::verify_model(&model, &swapped, &keys).unwrap();
    assert!(!r.verified);
    assert_eq!(failures(&r)[0].0, "signature-invalid");
    assert!(!cli.verifies(&model, &public, &swapped, &[]));
}

#[test]
fn real_cli_p384_single_file_and_symlinks() {
    let Some(cli) = cli() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (private, public) = keygen(tmp.path(), "p384", "secp384r1");
    let keys = [key(&public)];
    let model = make_model(tmp.path());

    let sig = tmp.path().join("p384.sig");
    cli.sign(&model, &private, &sig, &[]);
    let r = oms::verify_model(&model, &sig, &keys).unwrap();
    assert!(r.verified, "{}", r.summary());
    assert_eq!(r.signer.unwrap().algorithm, KeyAlgorithm::EcdsaP384Sha384);

    // A model that is one file: its resource is named `.`.
    let single = model.join("model.safetensors");
    let single_sig = tmp.path().join("single.sig");
    cli.sign(&single, &private, &single_sig, &[]);
    let r = oms::verify_model(&single, &single_sig, &keys).unwrap();
    assert!(r.verified, "{}", r.summary());
    assert_eq!(r.files[0].name, ".");
    std::fs::write(tmp.path().join("other.bin"), b"other").unwrap();
    let r = oms::verify_model(&tmp.path().join("other.bin"), &single_sig, &keys).unwrap();
    assert_eq!(failures(&r), one("file-changed", Some(".")));

    #[cfg(unix)]
    {
        // Symlinks inside the folder, signed with --allow_symlinks, verify.
        std::os::unix::fs::symlink("config.json", model.join("config-link.json")).unwrap();
        let linked_sig = tmp.path().join("linked.sig");
        cli.sign(&model, &private, &linked_sig, &["--allow_symlinks"]);
        let r = oms::verify_model(&model, &linked_sig, &keys).unwrap();
        assert!(r.verified, "{}", r.summary());
        assert!(r.files.iter().any(|f| f.name == "config-link.json"));
        // model-signing would follow this one out of the folder; modelgate refuses it.
        let outside = tmp.path().join("outside.txt");
        std::fs::write(&outside, b"outside").unwrap();
        std::os::unix::fs::symlink(&outside, model.join("escape.txt")).unwrap();
        let escaping_sig = tmp.path().join("escaping.sig");
        cli.sign(&model, &private, &escaping_sig, &["--allow_symlinks"]);
        let r = oms::verify_model(&model, &escaping_sig, &keys).unwrap();
        assert!(!r.verified);
        assert_eq!(failures(&r), one("path-refused", Some("escape.txt")));
    }
}
