//! `modelgate serve` end to end: decision records made by `modelgate check --record`, the
//! webhook over real TLS on 127.0.0.1:0, AdmissionReviews of tests/fixtures/admission, and the
//! router alone without a socket.

use crate::common;

use axum::body::{Body, Bytes};
use common::{root, NOW};
use http_body_util::{BodyExt, Full};
use modelgate::serve::{self, Config};
use modelgate::verify::dsse::PublicKey;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower::ServiceExt;

const MODEL: &str = "sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";
const KEYS: &str = "tests/fixtures/record";
const LONG_AGO: &str = "2026-11-01T12:00:00Z";
/// The runtime verifier image of tests/fixtures/admission/pod-verified.json.
const VERIFIER: &str = "sha256:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/admission").join(name)).unwrap()
}

/// `modelgate check BUNDLE --record OUT` signed with `key`, decided at `now`. The
/// configuration raises the longest record validity, for the records of a century below.
fn record(bundle: &str, key: &str, now: &str, ttl: &str, out: &Path) {
    let o = crate::common::check_with_record(
        Path::new(env!("CARGO_BIN_EXE_modelgate")),
        bundle,
        &PathBuf::from(format!("{KEYS}/test-only-{key}")),
        now,
        ttl,
        out,
    );
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Record files made once for all tests: approve, block, expired, signed by an unknown key, and
/// the approving one with a byte of its payload changed.
fn records() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        // Valid for a century from the examples' fixed date, so that the evidence's freshness
        // rules judge them as on that date and the records hold whenever the tests run.
        let century = "5200w";
        record(
            "examples/approved",
            "p256.pem",
            NOW,
            century,
            &dir.join("approved.dsse.json"),
        );
        record(
            "examples/blocked-gdpr",
            "p256.pem",
            NOW,
            century,
            &dir.join("blocked.json"),
        );
        // The same model file, blocked a week after it was approved (review A7).
        record(
            "examples/blocked-gdpr",
            "p256.pem",
            "2026-12-05T12:00:00Z",
            century,
            &dir.join("blocked-later.json"),
        );
        record(
            "examples/approved",
            "p256.pem",
            LONG_AGO,
            "1d",
            &dir.join("expired.json"),
        );
        record(
            "examples/approved",
            "other-p256.pem",
            NOW,
            century,
            &dir.join("unsigned.json"),
        );
        // Review B1/A5: the unsigned pickle release of FINDING 1, decided (it blocks now).
        let pkl = dir.join("pkl-bundle");
        common::copy_tree(&root().join("examples/approved"), &pkl);
        std::fs::remove_file(pkl.join("model.sig")).unwrap();
        std::fs::remove_file(pkl.join("model/model.safetensors")).unwrap();
        std::fs::write(pkl.join("model/model.pkl"), PICKLE).unwrap();
        let m = std::fs::read_to_string(pkl.join("modelgate.yaml")).unwrap();
        let m = m
            .replace("    - model/*.safetensors\n", "    - model/model.pkl\n")
            .replace("  signatures:\n    - model.sig\n", "  signatures: []\n");
        std::fs::write(pkl.join("modelgate.yaml"), m).unwrap();
        record(
            pkl.to_str().unwrap(),
            "p256.pem",
            NOW,
            century,
            &dir.join("pickle.json"),
        );
        // Review B5/A6: a release without model files.
        let noart = dir.join("noart-bundle");
        common::copy_tree(&root().join("examples/advisory-jailbreak"), &noart);
        std::fs::remove_dir_all(noart.join("model")).unwrap();
        let m = std::fs::read_to_string(noart.join("modelgate.yaml")).unwrap();
        let m = m.replace(
            "  artifacts:\n    - model/*.safetensors\n    - model/config.json\n",
            "",
        );
        std::fs::write(noart.join("modelgate.yaml"), m).unwrap();
        record(
            noart.to_str().unwrap(),
            "p256.pem",
            NOW,
            century,
            &dir.join("noart.json"),
        );
        // One byte of the payload changed, the signature kept.
        let b64 = base64::engine::general_purpose::STANDARD;
        use base64::Engine as _;
        let mut env: Value =
            serde_json::from_slice(&std::fs::read(dir.join("approved.dsse.json")).unwrap())
                .unwrap();
        let mut payload = b64.decode(env["payload"].as_str().unwrap()).unwrap();
        let at = payload.windows(7).position(|w| w == b"approve").unwrap();
        payload[at] = b'A';
        env["payload"] = b64.encode(&payload).into();
        std::fs::write(dir.join("tampered.intoto.json"), env.to_string()).unwrap();
        // Revocations of the approved model: for production, for staging, and one signed by a
        // key the webhook does not trust.
        for (file, env, key) in [
            ("revoked.json", "production", "p256.pem"),
            ("revoked-staging.json", "staging", "p256.pem"),
            ("revoked-forged.json", "production", "other-p256.pem"),
        ] {
            let o = Command::new(env!("CARGO_BIN_EXE_modelgate"))
                .args([
                    "revoke",
                    MODEL,
                    "--environment",
                    env,
                    "--now",
                    "2026-12-01T00:00:00Z",
                ])
                .args(["--reason", "torchtriton found in the serving image"])
                .args(["--sign-key", &format!("{KEYS}/test-only-{key}")])
                .args(["-o", dir.join(file).to_str().unwrap()])
                .current_dir(root())
                .output()
                .unwrap();
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        dir
    })
}

/// A records folder holding only the named files of [`records`].
fn records_dir(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for n in names {
        std::fs::copy(records().join(n), dir.path().join(n)).unwrap();
    }
    dir
}

struct Tls {
    _dir: tempfile::TempDir,
    cert: PathBuf,
    key: PathBuf,
    der: CertificateDer<'static>,
}

fn self_signed() -> Tls {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("tls.crt"), dir.path().join("tls.key"));
    let der = write_cert(&cert, &key);
    Tls {
        _dir: dir,
        cert,
        key,
        der,
    }
}

fn write_cert(cert: &Path, key: &Path) -> CertificateDer<'static> {
    let c =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    std::fs::write(cert, c.cert.pem()).unwrap();
    std::fs::write(key, c.signing_key.serialize_pem()).unwrap();
    c.cert.der().clone()
}

fn trusted_key() -> PublicKey {
    PublicKey::read(&root().join(KEYS).join("test-only-p256.pub")).unwrap()
}

fn config(tls: &Tls, records: &Path) -> Config {
    let mut c = Config::new(
        "127.0.0.1:0".parse().unwrap(),
        tls.cert.clone(),
        tls.key.clone(),
        records.to_path_buf(),
    );
    c.keys = vec![trusted_key()];
    c.environment = Some("production".into());
    c.reload_interval = Duration::from_millis(100);
    c.data = vec![serde_json::json!(
        {"modelgate": {"params": {"admission": {"runtime_verifier_images": [VERIFIER]}}}}
    )];
    c
}

/// One HTTPS request on a new connection; the answer and the certificate the server showed.
async fn https(
    addr: std::net::SocketAddr,
    trust: &CertificateDer<'static>,
    method: &str,
    path: &str,
    body: Vec<u8>,
) -> (u16, Vec<u8>, CertificateDer<'static>) {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trust.clone()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let tls = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    let shown = tls.get_ref().1.peer_certificates().unwrap()[0].clone();
    let (mut send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls))
        .await
        .unwrap();
    tokio::spawn(conn);
    let req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    send.ready().await.unwrap();
    let resp = send.send_request(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, bytes, shown)
}

/// The response of an AdmissionReview answer, checked for shape and uid.
fn response(status: u16, body: &[u8], uid: &str) -> Value {
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(body));
    let v: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(v["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(v["kind"], "AdmissionReview");
    assert_eq!(v["response"]["uid"], uid);
    v["response"].clone()
}

fn uid_of(review: &[u8]) -> String {
    let v: Value = serde_json::from_slice(review).unwrap();
    v["request"]["uid"].as_str().unwrap().to_string()
}

fn assert_denied(r: &Value, rule: &str, words: &str) {
    assert_eq!(r["allowed"], false, "{r}");
    assert_eq!(r["status"]["code"], 403, "{r}");
    let msg = r["status"]["message"].as_str().unwrap();
    assert!(
        msg.contains(rule) && msg.contains(words),
        "want {rule} / {words}: {msg}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_over_tls() {
    let tls = self_signed();
    let pod = fixture("pod-verified.json");
    let uid = uid_of(&pod);
    // (record files, query, expected rule or None for allowed, words in the message)
    let cases: &[(&[&str], &str, Option<&str>, &str)] = &[
        (&["approved.dsse.json"], "", None, ""),
        (&[], "", Some("admission-record-missing"), MODEL),
        (
            &["expired.json"],
            "",
            Some("admission-record-expired"),
            "expired at",
        ),
        (
            &["unsigned.json"],
            "",
            Some("admission-record-missing"),
            "unsigned.json rejected: signature",
        ),
        (
            &["tampered.intoto.json"],
            "",
            Some("admission-record-missing"),
            "tampered.intoto.json rejected: signature",
        ),
        (
            &["blocked.json"],
            "",
            Some("admission-record-blocked"),
            "blocked by decision sha256:",
        ),
        (
            &["approved.dsse.json"],
            "?environment=staging",
            Some("admission-record-environment"),
            "are for production, not staging",
        ),
        (
            &["approved.dsse.json"],
            "/environment/staging",
            Some("admission-record-environment"),
            "are for production, not staging",
        ),
        // The newest record decides, and of records as new as each other a block wins.
        (
            &["approved.dsse.json", "blocked.json"],
            "",
            Some("admission-record-blocked"),
            "blocked by decision sha256:",
        ),
        // Review A7: a block made after the approval withdraws it.
        (
            &["approved.dsse.json", "blocked-later.json"],
            "",
            Some("admission-record-blocked"),
            "supersedes the approval of sha256:",
        ),
        // `modelgate revoke` withdraws it too, for the environment it names; a revocation
        // signed by another key is rejected and changes nothing.
        (
            &["approved.dsse.json", "revoked.json"],
            "",
            Some("admission-record-revoked"),
            "torchtriton found in the serving image",
        ),
        (
            &["approved.dsse.json", "revoked-staging.json"],
            "",
            None,
            "",
        ),
        (&["approved.dsse.json", "revoked-forged.json"], "", None, ""),
    ];
    for (files, query, rule, words) in cases {
        let dir = records_dir(files);
        let running = serve::spawn(config(&tls, dir.path())).await.unwrap();
        let (status, body, _) = https(
            running.addr,
            &tls.der,
            "POST",
            &format!("/validate{query}"),
            pod.clone(),
        )
        .await;
        let r = response(status, &body, &uid);
        match rule {
            None => {
                assert_eq!(r["allowed"], true, "{files:?}: {r}");
                assert!(r.get("status").is_none());
                let a = &r["auditAnnotations"];
                assert!(
                    a["decision-id"].as_str().unwrap().starts_with("sha256:"),
                    "{r}"
                );
                assert_eq!(a["record-sha256"].as_str().unwrap().len(), 64, "{r}");
                assert_eq!(a["model-digests"], MODEL);
                // From the policy's `audit` object: what vouches for the annotation's claim.
                assert_eq!(a["runtime-verifier"], "verify-model", "{r}");
                assert_eq!(
                    a["digest-claims"], "checked at run time by the runtime verifier",
                    "{r}"
                );
            }
            Some(rule) => assert_denied(&r, rule, words),
        }
        // The audit log names the record that decided: the revocation, not the approval it
        // withdrew.
        if files.contains(&"revoked.json") {
            let revocation: Value = {
                let env: Value = serde_json::from_slice(
                    &std::fs::read(dir.path().join("revoked.json")).unwrap(),
                )
                .unwrap();
                use base64::Engine as _;
                let payload = base64::engine::general_purpose::STANDARD
                    .decode(env["payload"].as_str().unwrap())
                    .unwrap();
                serde_json::from_slice(&payload).unwrap()
            };
            let id = r["auditAnnotations"]["decision-id"].as_str().unwrap_or("");
            assert!(!id.is_empty() && !id.contains(','), "{r}");
            assert!(revocation.to_string().contains(id), "{id} in {revocation}");
        }
        running.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workloads_of_every_fixture_kind() {
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let running = serve::spawn(config(&tls, dir.path())).await.unwrap();
    // The Deployment names its model by annotation only: with a runtime verifier added.
    let mut deployment: Value = serde_json::from_slice(&fixture("deployment.json")).unwrap();
    deployment["request"]["object"]["spec"]["template"]["spec"]["initContainers"] = serde_json::json!([
        {"name": "verify-model", "image": format!("registry.example.com/modelgate@{VERIFIER}"),
         "args": ["fetch-check", "/models"]}
    ]);
    let deployment = deployment.to_string().into_bytes();
    for (name, review) in [
        ("pod-verified.json", fixture("pod-verified.json")),
        ("deployment.json", deployment),
        ("inferenceservice.json", fixture("inferenceservice.json")),
    ] {
        let (status, body, _) =
            https(running.addr, &tls.der, "POST", "/validate", review.clone()).await;
        let r = response(status, &body, &uid_of(&review));
        assert_eq!(r["allowed"], true, "{name}: {r}");
        if name == "deployment.json" {
            // The metrics sidecar's image is a tag: a warning, under 120 characters.
            let w = r["warnings"].as_array().unwrap();
            assert_eq!(w.len(), 1, "{r}");
            let w = w[0].as_str().unwrap();
            assert!(
                w.contains("admission-image-unpinned-warn") && w.chars().count() < 120,
                "{w}"
            );
        }
    }
    // Without the verifier, the annotation's digest is a claim nobody checks.
    let pod = fixture("pod.json");
    let (status, body, _) = https(running.addr, &tls.der, "POST", "/validate", pod.clone()).await;
    assert_denied(
        &response(status, &body, &uid_of(&pod)),
        "admission-model-unverified",
        "are claims",
    );
    // An InferenceService whose storageUri carries no digest loads an unverified model.
    let mut isvc: Value = serde_json::from_slice(&fixture("inferenceservice.json")).unwrap();
    isvc["request"]["object"]["spec"]["predictor"]["model"]["storageUri"] =
        "gs://models/scorer".into();
    let (status, body, _) = https(
        running.addr,
        &tls.der,
        "POST",
        "/validate",
        isvc.to_string().into_bytes(),
    )
    .await;
    let r = response(status, &body, isvc["request"]["uid"].as_str().unwrap());
    assert_denied(
        &r,
        "admission-model-unverified",
        "\"gs://models/scorer\" (storageUri) is loaded without a verified digest",
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_namespaces_warn_instead_of_denying() {
    let tls = self_signed();
    let dir = records_dir(&["blocked.json"]);
    let mut c = config(&tls, dir.path());
    c.dry_run_namespaces = vec!["models".into()];
    let running = serve::spawn(c).await.unwrap();
    let pod = fixture("pod-verified.json");
    let (status, body, _) = https(running.addr, &tls.der, "POST", "/validate", pod.clone()).await;
    let r = response(status, &body, &uid_of(&pod));
    assert_eq!(r["allowed"], true, "{r}");
    assert_eq!(r["auditAnnotations"]["result"], "dry-run-denied");
    let w = r["warnings"][0].as_str().unwrap();
    assert!(
        w.starts_with("dry-run, would deny: admission-record-blocked"),
        "{w}"
    );
    assert!(w.chars().count() < 120, "{w}");
    running.stop().await;

    // Without the flag: denied, unless posted to the path a webhook entry routes dry-run
    // namespaces to.
    let running = serve::spawn(config(&tls, dir.path())).await.unwrap();
    let (status, body, _) = https(running.addr, &tls.der, "POST", "/validate", pod.clone()).await;
    assert_denied(
        &response(status, &body, &uid_of(&pod)),
        "admission-record-blocked",
        "",
    );
    let path = "/validate/environment/production/dry-run";
    let (status, body, _) = https(running.addr, &tls.der, "POST", path, pod.clone()).await;
    let r = response(status, &body, &uid_of(&pod));
    assert_eq!(r["allowed"], true, "{r}");
    assert_eq!(r["auditAnnotations"]["result"], "dry-run-denied");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_oversized_health_readiness_and_metrics() {
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let mut c = config(&tls, dir.path());
    c.max_body = 64 * 1024;
    let running = serve::spawn(c).await.unwrap();
    let addr = running.addr;

    // A review whose object cannot be read: the invalid answer, with its uid.
    let bad = fixture("malformed.json");
    let (status, body, _) = https(addr, &tls.der, "POST", "/validate", bad.clone()).await;
    let r = response(status, &body, &uid_of(&bad));
    assert_eq!(r["allowed"], false);
    assert_eq!(r["status"]["code"], 400);
    assert_eq!(r["status"]["reason"], "Invalid");
    assert!(
        r["status"]["message"]
            .as_str()
            .unwrap()
            .contains("spec.containers"),
        "{r}"
    );

    // Not JSON, and no uid: HTTP 400 with a JSON error.
    let (status, body, _) = https(addr, &tls.der, "POST", "/validate", b"{not json".to_vec()).await;
    assert_eq!(status, 400);
    let e: Value = serde_json::from_slice(&body).unwrap();
    assert!(e["error"].as_str().unwrap().contains("not JSON"), "{e}");

    // Too large: 413 as soon as the headers announce it, before the body is read (so the
    // client here sends only the headers: the server closes without reading the rest).
    let head = format!(
        "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        65 * 1024
    );
    let trust = tls.der.clone();
    let answer = tokio::task::spawn_blocking(move || raw_tls(addr, trust, head.as_bytes()))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A body without Content-Length that grows past the limit: 413 too.
    let app_limit = serve::router(running.state.clone());
    let resp = app_limit
        .oneshot(
            axum::http::Request::builder()
                .method("POST")
                .uri("/validate")
                .body(Body::from(vec![b' '; 65 * 1024]))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 413);

    for (path, want) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let (status, body, _) = https(addr, &tls.der, "GET", path, Vec::new()).await;
        assert_eq!((status, String::from_utf8_lossy(&body).trim()), (200, want));
    }
    let pod = fixture("pod-verified.json");
    https(addr, &tls.der, "POST", "/validate", pod).await;

    let (status, body, _) = https(addr, &tls.der, "GET", "/metrics", Vec::new()).await;
    assert_eq!(status, 200);
    let m = String::from_utf8(body).unwrap();
    for line in [
        "modelgate_http_requests_total{path=\"/validate\",code=\"200\"} 2",
        "modelgate_http_requests_total{path=\"/validate\",code=\"400\"} 1",
        "modelgate_http_requests_total{path=\"/validate\",code=\"413\"} 2",
        "modelgate_http_requests_total{path=\"/healthz\",code=\"200\"} 1",
        "modelgate_http_requests_total{path=\"/readyz\",code=\"200\"} 1",
        "modelgate_admission_decisions_total{result=\"allowed\"} 1",
        "modelgate_admission_decisions_total{result=\"invalid\"} 2",
        "modelgate_admission_duration_seconds_count 3",
        "modelgate_errors_total{kind=\"body\"} 2",
        "modelgate_records_loaded 1",
        "modelgate_ready 1",
    ] {
        assert!(m.lines().any(|l| l == line), "missing {line}:\n{m}");
    }
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_and_records_are_reloaded_when_their_files_change() {
    let tls = self_signed();
    let dir = records_dir(&[]);
    let running = serve::spawn(config(&tls, dir.path())).await.unwrap();
    let pod = fixture("pod-verified.json");
    let uid = uid_of(&pod);

    let (_, _, shown) = https(running.addr, &tls.der, "GET", "/healthz", Vec::new()).await;
    assert_eq!(shown, tls.der);
    let new = write_cert(&tls.cert, &tls.key);
    assert_ne!(new, tls.der);
    let (status, _, shown) = https(running.addr, &new, "GET", "/healthz", Vec::new()).await;
    assert_eq!(status, 200);
    assert_eq!(shown, new, "the new handshake shows the new certificate");

    let (status, body, _) = https(running.addr, &new, "POST", "/validate", pod.clone()).await;
    assert_denied(
        &response(status, &body, &uid),
        "admission-record-missing",
        MODEL,
    );
    std::fs::copy(
        records().join("approved.dsse.json"),
        dir.path().join("approved.dsse.json"),
    )
    .unwrap();
    let mut allowed = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (status, body, _) = https(running.addr, &new, "POST", "/validate", pod.clone()).await;
        if response(status, &body, &uid)["allowed"] == true {
            allowed = true;
            break;
        }
    }
    assert!(allowed, "the added record was not picked up");

    // The record store becomes unreadable: a record may have been revoked, so nothing is
    // admitted any more, and the webhook says it is not ready.
    let moved = dir.path().with_extension("gone");
    std::fs::rename(dir.path(), &moved).unwrap();
    let mut denied = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (status, body, _) = https(running.addr, &new, "POST", "/validate", pod.clone()).await;
        let r = response(status, &body, &uid);
        if r["allowed"] == false {
            assert_eq!(r["status"]["code"], 500, "{r}");
            assert!(r["status"]["message"]
                .as_str()
                .unwrap()
                .contains("cannot be read"));
            denied = true;
            break;
        }
    }
    assert!(
        denied,
        "an unreadable record store still admitted the workload"
    );
    let (status, _, _) = https(running.addr, &new, "GET", "/readyz", Vec::new()).await;
    assert_eq!(status, 503);
    std::fs::rename(&moved, dir.path()).unwrap();
    running.stop().await;
}

/// The router alone, without a socket or TLS.
#[tokio::test]
async fn router_answers_without_a_socket() {
    let dir = records_dir(&["approved.dsse.json"]);
    let tls = self_signed();
    let state = serve::AppState::new(
        &config(&tls, dir.path()),
        Arc::new(serve::metrics::Metrics::default()),
    )
    .unwrap();
    let app = serve::router(state);
    let call = |method: &str, path: &str, body: Vec<u8>| {
        axum::http::Request::builder()
            .method(method)
            .uri(path)
            .body(Body::from(body))
            .unwrap()
    };
    let pod = fixture("pod-verified.json");
    let resp = app
        .clone()
        .oneshot(call("POST", "/validate", pod.clone()))
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(response(status, &body, &uid_of(&pod))["allowed"], true);

    let wrong = br#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u-1"}}"#;
    let resp = app
        .clone()
        .oneshot(call("POST", "/validate", wrong.to_vec()))
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let r = response(status, &body, "u-1");
    assert_eq!(
        (r["allowed"].clone(), r["status"]["code"].clone()),
        (false.into(), 400.into())
    );

    let resp = app
        .clone()
        .oneshot(call("GET", "/nowhere", Vec::new()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let resp = app
        .oneshot(call("GET", "/validate", Vec::new()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
}

/// Every AdmissionReview of the shared corpus, when it is there, gets a well-formed answer with
/// its uid.
#[tokio::test]
async fn shared_admission_reviews_are_answered() {
    let shared = root().join("../shared/data/admission");
    if !shared.is_dir() {
        println!("skipping: ../shared/data/admission absent");
        return;
    }
    let dir = records_dir(&["approved.dsse.json"]);
    let tls = self_signed();
    let state = serve::AppState::new(
        &config(&tls, dir.path()),
        Arc::new(serve::metrics::Metrics::default()),
    )
    .unwrap();
    let app = serve::router(state);
    let mut n = 0;
    for entry in walk(&shared) {
        let bytes = std::fs::read(&entry).unwrap();
        let Ok(v) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let Some(uid) = v.pointer("/request/uid").and_then(Value::as_str) else {
            continue;
        };
        let req = axum::http::Request::builder()
            .method("POST")
            .uri("/validate")
            .body(Body::from(bytes.clone()))
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        let r = response(status, &body, uid);
        assert!(r["allowed"].is_boolean(), "{}: {r}", entry.display());
        if r["allowed"] == false {
            assert!(
                r["status"]["message"].is_string(),
                "{}: {r}",
                entry.display()
            );
        }
        n += 1;
    }
    println!("answered {n} AdmissionReviews of {}", shared.display());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A client that stalls in its handshake or its request headers is dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_dropped() {
    use std::io::{Read, Write};
    let tls = self_signed();
    let dir = records_dir(&[]);
    let mut c = config(&tls, dir.path());
    c.header_timeout = Duration::from_millis(300);
    let running = serve::spawn(c).await.unwrap();
    let addr = running.addr;
    let trust = tls.der.clone();
    tokio::task::spawn_blocking(move || {
        // No TLS handshake at all: closed, well before the 5 s read timeout.
        let mut tcp = std::net::TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let started = std::time::Instant::now();
        let n = tcp.read(&mut [0u8; 64]).unwrap_or(usize::MAX);
        assert_eq!(n, 0, "the server kept a silent connection open");
        assert!(started.elapsed() < Duration::from_secs(4));

        // A handshake, then half a request head: closed too.
        let mut roots = rustls::RootCertStore::empty();
        roots.add(trust).unwrap();
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        let conn = rustls::ClientConnection::new(
            Arc::new(config),
            ServerName::try_from("localhost").unwrap(),
        )
        .unwrap();
        let tcp = std::net::TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        stream
            .write_all(b"POST /validate HTTP/1.1\r\nHost: localhost\r\n")
            .unwrap();
        let started = std::time::Instant::now();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "the server waited for the rest of the headers"
        );
    })
    .await
    .unwrap();
    running.stop().await;
}

/// Writes `bytes` on a new TLS connection and reads the answer until the server closes it
/// (blocking, with a 5 s read timeout).
fn raw_tls(addr: std::net::SocketAddr, trust: CertificateDer<'static>, bytes: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trust).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let conn =
        rustls::ClientConnection::new(Arc::new(config), ServerName::try_from("localhost").unwrap())
            .unwrap();
    let tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut stream = rustls::StreamOwned::new(conn, tcp);
    stream.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The `serve` subcommand: starts, answers over TLS, stops on SIGTERM; a records folder that
/// does not exist is an error (exit 2) before listening.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_serve_subcommand_runs_and_fails_on_bad_input() {
    use std::io::BufRead;
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let key = root().join(KEYS).join("test-only-p256.pub");
    let params = dir.path().join("params.yaml");
    std::fs::write(
        &params,
        format!("modelgate:\n  params:\n    admission:\n      runtime_verifier_images: [\"{VERIFIER}\"]\n"),
    )
    .unwrap();
    let args = |records: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_modelgate"));
        c.args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--environment",
            "production",
        ])
        .arg("--data")
        .arg(&params)
        .arg("--tls-cert")
        .arg(&tls.cert)
        .arg("--tls-key")
        .arg(&tls.key)
        .arg("--records")
        .arg(records)
        .arg("--key")
        .arg(&key);
        c
    };
    let o = args(&dir.path().join("absent")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("absent"));

    let mut child = Killed(
        args(dir.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let addr = tokio::task::spawn_blocking(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            if let Some(a) = line.unwrap().split("listening on https://").nth(1) {
                return a.trim().parse::<std::net::SocketAddr>().unwrap();
            }
        }
        panic!("serve never listened");
    })
    .await
    .unwrap();
    let pod = fixture("pod-verified.json");
    let (status, body, _) = https(addr, &tls.der, "POST", "/validate", pod.clone()).await;
    assert_eq!(response(status, &body, &uid_of(&pod))["allowed"], true);
    let o = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(o.success());
    let status = tokio::task::spawn_blocking(move || child.0.wait().unwrap())
        .await
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

/// A child process killed when the test ends, passed or failed: an orphaned `serve` would hold
/// the test runner's output open.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Polls `check` every 100 ms for up to 10 s.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never: {what}");
}

/// Review RF3, RF2, CC3's aftermath and FINDING 17: a record rewritten with the same size and
/// time is seen (records are compared by content); a records folder removed and recreated as
/// it was is read again without any change to it; `/healthz` fails while the records stay
/// unreadable past the limit, and recovers with them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_recover_by_themselves_and_are_compared_by_content() {
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let mut c = config(&tls, dir.path());
    c.unready_limit = Duration::from_millis(800);
    let running = serve::spawn(c).await.unwrap();
    let isvc = fixture("inferenceservice.json");
    let uid = uid_of(&isvc);
    let addr = running.addr;
    let der = tls.der.clone();
    let allowed = |want: bool| {
        let (isvc, uid, der) = (isvc.clone(), uid.clone(), der.clone());
        async move {
            let (status, body, _) = https(addr, &der, "POST", "/validate", isvc).await;
            status == 200 && (response(status, &body, &uid)["allowed"] == true) == want
        }
    };
    assert!(allowed(true).await, "the approved model is admitted");

    // RF3: same size, same modification time, other bytes.
    let file = dir.path().join("approved.dsse.json");
    let original = std::fs::read(&file).unwrap();
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, vec![b'X'; original.len()]).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    eventually("the rewritten record is no longer trusted", || {
        allowed(false)
    })
    .await;
    std::fs::write(&file, &original).unwrap();
    eventually("the restored record is trusted again", || allowed(true)).await;

    // RF2: the folder goes away and comes back exactly as it was.
    let moved = dir.path().with_extension("gone");
    std::fs::rename(dir.path(), &moved).unwrap();
    eventually("unready while the records are unreadable", || async {
        https(addr, &der, "GET", "/readyz", Vec::new()).await.0 == 503
    })
    .await;
    eventually("unhealthy past the limit", || async {
        https(addr, &der, "GET", "/healthz", Vec::new()).await.0 == 503
    })
    .await;
    std::fs::rename(&moved, dir.path()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    eventually("ready again without a change to the folder", || async {
        https(addr, &der, "GET", "/readyz", Vec::new()).await.0 == 200
    })
    .await;
    assert_eq!(
        https(addr, &der, "GET", "/healthz", Vec::new()).await.0,
        200
    );
    assert!(allowed(true).await);
    running.stop().await;
}

/// Review CC3 (FINDING 17): the webhook under a file-descriptor limit of 200 holds 260 idle
/// TCP connections for 4 s; afterwards it is ready and admits the approved model, and it never
/// ran out of descriptors (connections past the cap wait in the listen backlog).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_cannot_exhaust_file_descriptors() {
    use std::io::BufRead;
    if Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("SKIPPED: prlimit (util-linux) is not installed");
        return;
    }
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let key = root().join(KEYS).join("test-only-p256.pub");
    let mut child = Killed(
        Command::new("prlimit")
            .arg("--nofile=200:200")
            .arg(env!("CARGO_BIN_EXE_modelgate"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--environment",
                "production",
            ])
            .arg("--tls-cert")
            .arg(&tls.cert)
            .arg("--tls-key")
            .arg(&tls.key)
            .arg("--records")
            .arg(dir.path())
            .arg("--key")
            .arg(&key)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("serve never listened");
        if let Some(a) = line.split("listening on https://").nth(1) {
            break a.trim().parse::<std::net::SocketAddr>().unwrap();
        }
    };
    let idle: Vec<std::net::TcpStream> = (0..260)
        .filter_map(|_| std::net::TcpStream::connect(addr).ok())
        .collect();
    assert!(idle.len() >= 200, "only {} connections opened", idle.len());
    tokio::time::sleep(Duration::from_secs(4)).await;
    drop(idle);
    let isvc = fixture("inferenceservice.json");
    let uid = uid_of(&isvc);
    let der = tls.der.clone();
    eventually("ready and admitting after the flood", || {
        let (isvc, uid, der) = (isvc.clone(), uid.clone(), der.clone());
        async move {
            let (status, body, _) = https(addr, &der, "POST", "/validate", isvc).await;
            status == 200 && response(status, &body, &uid)["allowed"] == true
        }
    })
    .await;
    assert_eq!(https(addr, &der, "GET", "/readyz", Vec::new()).await.0, 200);
    drop(child);
    let log: Vec<String> = rx.try_iter().collect();
    assert!(
        !log.iter().any(|l| l.contains("Too many open files")),
        "{log:#?}"
    );
}

/// An AdmissionReview of `fixture` with its object changed by `edit`.
fn edited(fixture_name: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&fixture(fixture_name)).unwrap();
    edit(&mut v["request"]);
    v.to_string().into_bytes()
}

/// The review's webhook attacks (security-review.md, "Admission webhook"), each as the review
/// built it, against one webhook over TLS whose records approve examples/approved's model and
/// block the pickle release of FINDING 1: (row, review, expected rule or None for allowed,
/// words the denial names).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_webhook_attacks() {
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json", "pickle.json", "noart.json"]);
    let running = serve::spawn(config(&tls, dir.path())).await.unwrap();
    let hex = MODEL.trim_start_matches("sha256:");
    let pickle = pickle_digest();
    let readme = noart_readme_digest();
    type Case = (&'static str, Vec<u8>, Option<&'static str>, String);
    let cases: Vec<Case> = vec![
        (
            "A0 approved digest, runtime verifier",
            fixture("pod-verified.json"),
            None,
            String::new(),
        ),
        (
            "A0 unknown digest",
            edited("pod-verified.json", |r| {
                r["object"]["metadata"]["annotations"]["modelgate.dev/model-digest"] =
                    format!("sha256:{}", "1".repeat(64)).into();
            }),
            Some("admission-record-missing"),
            "1111".into(),
        ),
        (
            "A1 no annotation, no label, env MODEL_URI",
            edited("pod.json", |r| {
                let o = &mut r["object"];
                o["metadata"] = serde_json::json!({"name": "x", "namespace": "models"});
                o["spec"]["containers"][0]["env"] =
                    serde_json::json!([{"name": "MODEL_URI", "value": "s3://evil/model.pkl"}]);
            }),
            Some("admission-model-unverified"),
            "s3://evil/model.pkl".into(),
        ),
        (
            "A1 args --model",
            edited("pod.json", |r| {
                let o = &mut r["object"];
                o["metadata"] = serde_json::json!({"name": "x", "namespace": "models"});
                o["spec"]["containers"][0]["args"] =
                    serde_json::json!(["--model", "s3://evil/model.pkl"]);
            }),
            Some("admission-model-unverified"),
            "s3://evil/model.pkl".into(),
        ),
        (
            "A1 model from a PVC, named nowhere",
            edited("pod.json", |r| {
                let o = &mut r["object"];
                o["metadata"] = serde_json::json!({"name": "x", "namespace": "models"});
                o["spec"]["initContainers"] = serde_json::json!([]);
                o["spec"]["volumes"] = serde_json::json!([{"name": "m", "persistentVolumeClaim": {"claimName": "weights"}}]);
            }),
            Some("admission-model-missing"),
            "names no model".into(),
        ),
        (
            "A1c opt-out label value yes",
            edited("pod.json", |r| {
                let o = &mut r["object"];
                o["metadata"] = serde_json::json!({"name": "x", "namespace": "models", "labels": {"modelgate.dev/require-model": "yes"}});
                o["spec"]["initContainers"] = serde_json::json!([]);
            }),
            Some("admission-model-missing"),
            "names no model".into(),
        ),
        (
            "A1d object label false over template label true",
            edited("deployment.json", |r| {
                let o = &mut r["object"];
                o["metadata"]["labels"] =
                    serde_json::json!({"modelgate.dev/require-model": "false"});
                o["spec"]["template"]["metadata"]["annotations"] = serde_json::json!({});
            }),
            Some("admission-model-missing"),
            "names no model".into(),
        ),
        (
            "A5 the pickle model of FINDING 1",
            edited("pod-verified.json", |r| {
                r["object"]["metadata"]["annotations"]["modelgate.dev/model-digest"] =
                    pickle.clone().into();
            }),
            Some("admission-record-blocked"),
            pickle.clone(),
        ),
        (
            "A6 README.md of a record without model files",
            edited("pod-verified.json", |r| {
                r["object"]["metadata"]["annotations"]["modelgate.dev/model-digest"] =
                    readme.clone().into();
            }),
            Some("admission-record-missing"),
            readme.clone(),
        ),
        (
            "K0 OCI storageUri by the approved digest",
            fixture("inferenceservice.json"),
            None,
            String::new(),
        ),
        (
            "K1 explainer storageUri without digest",
            edited("inferenceservice.json", |r| {
                r["object"]["spec"]["explainer"] =
                    serde_json::json!({"sklearn": {"storageUri": "gs://evil/explainer.pkl"}});
            }),
            Some("admission-model-unverified"),
            "gs://evil/explainer.pkl".into(),
        ),
        (
            "K2 annotation plus a predictor storageUri",
            edited("inferenceservice.json", |r| {
                r["object"]["metadata"]["annotations"] =
                    serde_json::json!({"modelgate.dev/model-digest": MODEL});
                r["object"]["spec"]["predictor"]["model"]["storageUri"] =
                    "gs://evil/model.pkl".into();
            }),
            Some("admission-model-unverified"),
            "gs://evil/model.pkl".into(),
        ),
        (
            "K3 ?sha256= hint",
            edited("inferenceservice.json", |r| {
                r["object"]["spec"]["predictor"]["model"]["storageUri"] =
                    format!("https://evil.example/evil.pkl?sha256={hex}").into();
            }),
            Some("admission-model-unverified"),
            "is a claim nobody enforces".into(),
        ),
        (
            "K4 STORAGE_URI of a custom predictor",
            edited("inferenceservice.json", |r| {
                r["object"]["spec"]["predictor"]["containers"] = serde_json::json!([
                {"name": "kserve-container", "image": format!("registry.example.com/serve@{MODEL}"),
                 "env": [{"name": "STORAGE_URI", "value": "gs://evil/model"}]}]);
            }),
            Some("admission-model-unverified"),
            "gs://evil/model".into(),
        ),
        (
            "K5 storageUris beside an approved storageUri",
            edited("inferenceservice.json", |r| {
                r["object"]["spec"]["predictor"]["model"]["storageUris"] =
                    serde_json::json!([{"uri": "gs://evil/extra", "mountPath": "/mnt/extra"}]);
            }),
            Some("admission-model-unverified"),
            "gs://evil/extra".into(),
        ),
        (
            "K7 TrainedModel",
            fixture("trainedmodel.json"),
            Some("admission-model-unverified"),
            "gs://evil/model.pkl".into(),
        ),
        (
            "K11 @sha256 inside a query",
            edited("inferenceservice.json", |r| {
                r["object"]["spec"]["predictor"]["model"]["storageUri"] =
                    format!("https://evil.example/x.pkl?ref=@sha256:{hex}").into();
            }),
            Some("admission-model-unverified"),
            "evil.example/x.pkl".into(),
        ),
        (
            "K12 storage.path beside an approved storageUri",
            edited("inferenceservice.json", |r| {
                r["object"]["spec"]["predictor"]["pytorch"] =
                    serde_json::json!({"storage": {"key": "localMinIO", "path": "evil/model.pt"}});
            }),
            Some("admission-model-unverified"),
            "evil/model.pt".into(),
        ),
    ];
    for (row, review, rule, words) in cases {
        let uid = uid_of(&review);
        let (status, body, _) = https(running.addr, &tls.der, "POST", "/validate", review).await;
        let r = response(status, &body, &uid);
        match rule {
            None => assert_eq!(r["allowed"], true, "{row}: {r}"),
            Some(rule) => {
                assert_eq!(r["allowed"], false, "{row}: {r}");
                let msg = r["status"]["message"].as_str().unwrap_or("");
                assert!(
                    msg.contains(rule) && msg.contains(&words),
                    "{row}: want {rule} / {words}: {msg}"
                );
            }
        }
    }
    // O5: CREATE without an object is invalid (400), never allowed.
    let review = edited("pod.json", |r| r["object"] = Value::Null);
    let (status, body, _) =
        https(running.addr, &tls.der, "POST", "/validate", review.clone()).await;
    let r = response(status, &body, &uid_of(&review));
    assert_eq!(r["allowed"], false, "O5: {r}");
    assert_eq!(r["status"]["code"], 400, "O5: {r}");
    running.stop().await;
}

/// D1: `serve --data` cannot replace the admission rules.
#[test]
fn data_cannot_replace_the_admission_rules() {
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let data = dir.path().join("d1.json");
    std::fs::write(&data, r#"{"modelgate":{"admission":{"deny":[]}}}"#).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg("--tls-cert")
        .arg(&tls.cert)
        .arg("--tls-key")
        .arg(&tls.key)
        .arg("--records")
        .arg(dir.path())
        .arg("--key")
        .arg(root().join(KEYS).join("test-only-p256.pub"))
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("modelgate.admission"));
}

fn sha256_digest(bytes: &[u8]) -> String {
    format!(
        "sha256:{}",
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes))
    )
}

/// The digest of the FINDING 1 pickle that `pickle.json` records (blocked).
fn pickle_digest() -> String {
    records();
    sha256_digest(PICKLE)
}

/// The digest of the README.md of the bundle `noart.json` records (no model files).
fn noart_readme_digest() -> String {
    sha256_digest(&std::fs::read(root().join("examples/advisory-jailbreak/README.md")).unwrap())
}

const PICKLE: &[u8] = b"cos\nsystem\n(S'echo PWNED-by-pickle'\ntR.";
