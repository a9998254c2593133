//! Load client of `benches/serve_load.sh`: posts one AdmissionReview to a running
//! `modelgate serve` at a fixed rate over keep-alive TLS connections, then prints throughput,
//! latency percentiles (measured from each request's scheduled time, so a stalled server is
//! not hidden) and the server's resident memory at rest and under load.
//!
//! Configured by environment (the script sets it): MG_ADDR, MG_CA (PEM), MG_BODY (file),
//! MG_PID, MG_RATE (req/s), MG_REQUESTS, MG_CONNS.

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Mutex};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn num(name: &str, default: u64) -> u64 {
    env(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// VmRSS of a process in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(addr: &str, tls: &tokio_rustls::TlsConnector) -> Sender {
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
    tcp.set_nodelay(true).expect("nodelay");
    let stream = tls
        .connect(ServerName::try_from("localhost").expect("name"), tcp)
        .await
        .expect("TLS handshake");
    let (send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .expect("HTTP handshake");
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            eprintln!("serve_load: connection: {e:?}");
        }
    });
    send
}

/// Posts the review; `Err` with what came back unless it was allowed.
async fn post(send: &mut Sender, body: &Bytes) -> Result<(), String> {
    let req = hyper::Request::builder()
        .method("POST")
        .uri("/validate")
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(body.clone()))
        .map_err(|e| e.to_string())?;
    // A request sent before the connection is ready is dropped as canceled.
    send.ready().await.map_err(|e| e.to_string())?;
    let resp = send.send_request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    const ALLOWED: &[u8] = b"\"allowed\":true";
    if status == 200 && bytes.windows(ALLOWED.len()).any(|w| w == ALLOWED) {
        Ok(())
    } else {
        Err(format!("{status}: {}", String::from_utf8_lossy(&bytes)))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let Some(addr) = env("MG_ADDR") else {
        println!("serve_load: run benches/serve_load.sh (it starts the server and sets MG_ADDR)");
        return;
    };
    let ca = std::fs::read(env("MG_CA").expect("MG_CA")).expect("read MG_CA");
    let body = Bytes::from(std::fs::read(env("MG_BODY").expect("MG_BODY")).expect("read MG_BODY"));
    let pid = num("MG_PID", 0) as u32;
    let rate = num("MG_RATE", 500).max(1);
    let total = num("MG_REQUESTS", 5000);
    let conns = num("MG_CONNS", 16).max(1);

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(&ca) {
        roots.add(c.expect("CA PEM")).expect("CA");
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config));

    let mut senders = Vec::new();
    for _ in 0..conns {
        senders.push(connect(&addr, &tls).await);
    }
    // Warm-up: every connection's first request, and some more, before measuring.
    for s in senders.iter_mut() {
        for _ in 0..5 {
            if let Err(e) = post(s, &body).await {
                panic!("warm-up request not allowed: {e}");
            }
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_rest = rss_kib(pid);

    let peak = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        tokio::spawn(async move {
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(r) = rss_kib(pid) {
                    peak.fetch_max(r, std::sync::atomic::Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };

    let (tx, rx) = mpsc::unbounded_channel::<Instant>();
    let rx = Arc::new(Mutex::new(rx));
    let mut workers = Vec::new();
    for mut send in senders {
        let (rx, body) = (rx.clone(), body.clone());
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut failed = 0u64;
            loop {
                let Some(scheduled) = rx.lock().await.recv().await else {
                    break;
                };
                if post(&mut send, &body).await.is_ok() {
                    lat.push(scheduled.elapsed());
                } else {
                    failed += 1;
                }
            }
            (lat, failed)
        }));
    }
    let start = Instant::now();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    // The schedule runs on its own thread with the OS timer (tens of microseconds late): tokio's
    // timer wheel ticks in whole milliseconds, and its lateness would count as server latency.
    let schedule = std::thread::spawn(move || {
        for i in 0..total {
            let at = start + interval * i as u32;
            if let Some(wait) = at.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            if tx.send(at).is_err() {
                break;
            }
        }
    });
    let mut latencies = Vec::new();
    let mut failed = 0;
    // Bounded: a server that stops answering ends the run rather than hanging it.
    let deadline = Duration::from_secs(total / rate + 60);
    for w in workers {
        match tokio::time::timeout(deadline, w).await {
            Ok(Ok((l, f))) => {
                latencies.extend(l);
                failed += f;
            }
            _ => failed += 1,
        }
    }
    let _ = schedule.join();
    let elapsed = start.elapsed();
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let _ = sampler.await;
    latencies.sort();
    let ok = latencies.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("requests      {total} at {rate}/s over {conns} keep-alive TLS connections");
    println!("allowed       {ok} ({failed} failed or not allowed)");
    println!("elapsed       {:.2} s", elapsed.as_secs_f64());
    println!(
        "throughput    {:.0} req/s",
        ok as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency       p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0)),
    );
    let mib =
        |k: Option<u64>| k.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "server RSS    at rest {}  peak under load {}  after {}",
        mib(rss_rest),
        mib(Some(peak.load(std::sync::atomic::Ordering::Relaxed)).filter(|p| *p > 0)),
        mib(rss_kib(pid)),
    );
}
