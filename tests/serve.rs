//! `modelgate serve` end to end: decision records made by `modelgate check --record`, the
//! webhook over real TLS on 127.0.0.1:0, AdmissionReviews of tests/fixtures/admission, and the
//! router alone without a socket.

use axum::body::{Body, Bytes};
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
const NOW: &str = "2026-11-29T12:00:00Z";
const LONG_AGO: &str = "2026-11-01T12:00:00Z";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/admission").join(name)).unwrap()
}

/// `modelgate check BUNDLE --record OUT` signed with `key`, decided at `now`. The
/// configuration raises the longest record validity, for the records of a century below.
fn record(bundle: &str, key: &str, now: &str, ttl: &str, out: &Path) {
    let config = out.with_extension("config.yaml");
    std::fs::write(
        &config,
        "apiVersion: modelgate.dev/v1\nkind: Config\nlimits:\n  maxRecordTtlDays: 40000\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args([
            "check",
            "--key",
            "examples/release.pub",
            bundle,
            "--now",
            now,
        ])
        .args(["--record", out.to_str().unwrap(), "--record-ttl", ttl])
        .args(["--config", config.to_str().unwrap()])
        .args(["--sign-key", &format!("{KEYS}/test-only-{key}")])
        .current_dir(root())
        .output()
        .unwrap();
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
    let pod = fixture("pod.json");
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
            "is for production, not staging",
        ),
        (
            &["approved.dsse.json"],
            "/environment/staging",
            Some("admission-record-environment"),
            "is for production, not staging",
        ),
        // An approving record outweighs a blocking one for the same model.
        (&["approved.dsse.json", "blocked.json"], "", None, ""),
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
            }
            Some(rule) => assert_denied(&r, rule, words),
        }
        running.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workloads_of_every_fixture_kind() {
    let tls = self_signed();
    let dir = records_dir(&["approved.dsse.json"]);
    let running = serve::spawn(config(&tls, dir.path())).await.unwrap();
    for name in ["pod.json", "deployment.json", "inferenceservice.json"] {
        let review = fixture(name);
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
    // An InferenceService whose storageUri carries no digest names no model.
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
        "admission-model-missing",
        "gs://models/scorer has no digest",
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
    let pod = fixture("pod.json");
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
    let pod = fixture("pod.json");
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
    let pod = fixture("pod.json");
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
    let pod = fixture("pod.json");
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
    let args = |records: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_modelgate"));
        c.args([
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
        .arg(records)
        .arg("--key")
        .arg(&key);
        c
    };
    let o = args(&dir.path().join("absent")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("absent"));

    let mut child = args(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
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
    let pod = fixture("pod.json");
    let (status, body, _) = https(addr, &tls.der, "POST", "/validate", pod.clone()).await;
    assert_eq!(response(status, &body, &uid_of(&pod))["allowed"], true);
    let o = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(o.success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert_eq!(status.code(), Some(0));
}
