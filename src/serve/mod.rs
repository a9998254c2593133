//! `modelgate serve`: a Kubernetes validating admission webhook that admits a model workload
//! only with a signed, approving, unexpired decision record made for its environment.

/// A line on stderr; a closed stderr (a supervisor gone) must not turn into a panic, as
/// `eprintln!` would.
macro_rules! log {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use log;

pub mod metrics;
pub mod records;
pub mod review;
pub mod tls;

mod app;
mod cache;
mod decide;
mod server;

pub use app::{router, AppState};
pub use decide::{
    admission_policies, decide, outcome, policy_input, truncate_chars, Context, DECISION_RULE,
    MAX_AUDIT_CHARS,
};
pub use server::{run, spawn, Running};

use crate::verify::dsse::PublicKey;
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Default bound of one policy evaluation: well below the 10 s an API server waits at most.
pub const DEFAULT_EVAL_TIMEOUT: Duration = Duration::from_secs(2);
/// Default bound of a request body; AdmissionReviews of real workloads are a few KiB.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// Kubernetes shows at most this much of a warning; longer ones are cut.
pub const MAX_WARNING_CHARS: usize = 119;

/// How the webhook runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub tls_cert: PathBuf,
    pub tls_key: PathBuf,
    pub records: PathBuf,
    pub keys: Vec<PublicKey>,
    /// Namespaces where a denial only warns.
    pub dry_run_namespaces: Vec<String>,
    /// The environment of every namespace unless the webhook URL says otherwise.
    pub environment: Option<String>,
    pub eval_timeout: Duration,
    pub max_body: usize,
    /// Bound of reading a request body and answering it.
    pub request_timeout: Duration,
    /// Bound of a TLS handshake and of reading a request's headers.
    pub header_timeout: Duration,
    /// How often the records folder is checked for changes.
    pub reload_interval: Duration,
    /// How long the webhook may stay unready (its records unreadable) before `/healthz` fails,
    /// so that Kubernetes restarts it.
    pub unready_limit: Duration,
    /// Most connections served at once; further clients wait in the listen backlog, so idle
    /// clients cannot exhaust file descriptors.
    pub max_connections: usize,
    /// Data documents merged into `data` (parameters under modelgate.params.admission).
    pub data: Vec<Value>,
}

impl Config {
    pub fn new(listen: SocketAddr, tls_cert: PathBuf, tls_key: PathBuf, records: PathBuf) -> Self {
        Config {
            listen,
            tls_cert,
            tls_key,
            records,
            keys: Vec::new(),
            dry_run_namespaces: Vec::new(),
            environment: None,
            eval_timeout: DEFAULT_EVAL_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
            request_timeout: Duration::from_secs(8),
            header_timeout: Duration::from_secs(5),
            reload_interval: Duration::from_secs(3),
            unready_limit: DEFAULT_UNREADY_LIMIT,
            max_connections: default_max_connections(),
            data: Vec::new(),
        }
    }
}

/// Default of [`Config::unready_limit`].
pub const DEFAULT_UNREADY_LIMIT: Duration = Duration::from_secs(300);
/// Longest wait between two attempts to read an unreadable records folder.
pub const MAX_RETRY: Duration = Duration::from_secs(30);

/// Three quarters of the process's file-descriptor limit, between 16 and 4,096: room is left
/// for the records, the certificate and the listener.
pub fn default_max_connections() -> usize {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        let soft = limit.current.unwrap_or(u64::MAX);
        (soft.saturating_mul(3) / 4).clamp(16, 4096) as usize
    }
    #[cfg(not(unix))]
    1024
}

#[cfg(test)]
mod tests;
