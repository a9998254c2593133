//! The webhook's Prometheus metrics, kept in memory and written in the text exposition format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// How an admission request was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Allowed,
    Denied,
    Invalid,
    Error,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
            Outcome::Invalid => "invalid",
            Outcome::Error => "error",
        }
    }
}

#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    decisions: Mutex<BTreeMap<Outcome, u64>>,
    errors: Mutex<BTreeMap<&'static str, u64>>,
    latency_buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    pub cert_reloads: AtomicU64,
    pub record_reloads: AtomicU64,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    // A poisoned lock only means another thread panicked mid-increment; counting goes on.
    let mut m = map.lock().unwrap_or_else(|e| e.into_inner());
    *m.entry(key).or_insert(0) += 1;
}

/// The route label of a path: known routes by name, anything else as `other` so that scanners
/// cannot grow the series without bound.
pub fn route(path: &str) -> &'static str {
    match path {
        "/validate" => "/validate",
        "/healthz" => "/healthz",
        "/readyz" => "/readyz",
        "/metrics" => "/metrics",
        _ if path.starts_with("/validate/") => "/validate",
        _ => "other",
    }
}

impl Metrics {
    pub fn request(&self, path: &str, code: u16) {
        bump(&self.requests, (route(path), code));
    }

    pub fn decision(&self, outcome: Outcome, took: Duration) {
        bump(&self.decisions, outcome);
        let secs = took.as_secs_f64();
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// An error by kind: `evaluation`, `timeout`, `body`, `tls`, `records`.
    pub fn error(&self, kind: &'static str) {
        bump(&self.errors, kind);
    }

    /// The text exposition format (version 0.0.4).
    pub fn render(&self, records_loaded: usize, records_rejected: usize, ready: bool) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "# HELP modelgate_http_requests_total HTTP requests by route and status code."
        );
        let _ = writeln!(o, "# TYPE modelgate_http_requests_total counter");
        for ((path, code), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                o,
                "modelgate_http_requests_total{{path=\"{path}\",code=\"{code}\"}} {n}"
            );
        }
        let _ = writeln!(
            o,
            "# HELP modelgate_admission_decisions_total Admission answers by result."
        );
        let _ = writeln!(o, "# TYPE modelgate_admission_decisions_total counter");
        let decisions = self.decisions.lock().unwrap_or_else(|e| e.into_inner());
        for outcome in [
            Outcome::Allowed,
            Outcome::Denied,
            Outcome::Invalid,
            Outcome::Error,
        ] {
            let n = decisions.get(&outcome).copied().unwrap_or(0);
            let _ = writeln!(
                o,
                "modelgate_admission_decisions_total{{result=\"{}\"}} {n}",
                outcome.as_str()
            );
        }
        drop(decisions);
        let _ = writeln!(
            o,
            "# HELP modelgate_admission_duration_seconds Time to answer an admission review."
        );
        let _ = writeln!(o, "# TYPE modelgate_admission_duration_seconds histogram");
        for (i, le) in BUCKETS.iter().enumerate() {
            let n = self.latency_buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                o,
                "modelgate_admission_duration_seconds_bucket{{le=\"{le}\"}} {n}"
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            o,
            "modelgate_admission_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(o, "modelgate_admission_duration_seconds_sum {sum}");
        let _ = writeln!(o, "modelgate_admission_duration_seconds_count {count}");
        let _ = writeln!(o, "# HELP modelgate_errors_total Errors by kind (evaluation, timeout, body, tls, records).");
        let _ = writeln!(o, "# TYPE modelgate_errors_total counter");
        for (kind, n) in self.errors.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = writeln!(o, "modelgate_errors_total{{kind=\"{kind}\"}} {n}");
        }
        let _ = writeln!(
            o,
            "# HELP modelgate_records_loaded Decision record files that verified."
        );
        let _ = writeln!(o, "# TYPE modelgate_records_loaded gauge");
        let _ = writeln!(o, "modelgate_records_loaded {records_loaded}");
        let _ = writeln!(
            o,
            "# HELP modelgate_records_rejected Decision record files that did not verify."
        );
        let _ = writeln!(o, "# TYPE modelgate_records_rejected gauge");
        let _ = writeln!(o, "modelgate_records_rejected {records_rejected}");
        let _ = writeln!(
            o,
            "# HELP modelgate_records_reloads_total Times the records folder was read again."
        );
        let _ = writeln!(o, "# TYPE modelgate_records_reloads_total counter");
        let _ = writeln!(
            o,
            "modelgate_records_reloads_total {}",
            self.record_reloads.load(Ordering::Relaxed)
        );
        let _ = writeln!(o, "# HELP modelgate_tls_certificate_reloads_total Times the serving certificate was read again.");
        let _ = writeln!(o, "# TYPE modelgate_tls_certificate_reloads_total counter");
        let _ = writeln!(
            o,
            "modelgate_tls_certificate_reloads_total {}",
            self.cert_reloads.load(Ordering::Relaxed)
        );
        let _ = writeln!(o, "# HELP modelgate_ready Whether the records are loaded.");
        let _ = writeln!(o, "# TYPE modelgate_ready gauge");
        let _ = writeln!(o, "modelgate_ready {}", u8::from(ready));
        o
    }
}
