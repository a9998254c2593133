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

use crate::error::{Error, Result};
use crate::policy::{Evaluator, Level, PolicySet, RawFinding, ADMISSION_PACKAGE};
use crate::verify::dsse::PublicKey;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use metrics::{Metrics, Outcome};
use records::{RecordView, Records};
use review::{AdmissionRequest, AdmissionResponse};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

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

/// The admission policy: the library helpers and the admission package only (the bundle rules
/// never see an admission request), plus the data documents.
pub fn admission_policies(data: &[Value]) -> Result<PolicySet> {
    let mut set = PolicySet::default();
    for (name, text) in crate::policy::BUILTIN {
        let package = crate::policy::package_of(text).unwrap_or_default();
        if package == "modelgate.lib" || package == ADMISSION_PACKAGE {
            set.add_module(name, text, false)?;
        }
    }
    set.data.extend(data.iter().cloned());
    Ok(set)
}

/// What a decision depends on besides the request: the namespace's environment and whether
/// denials only warn there.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub environment: Option<String>,
    pub dry_run: bool,
    /// Shared with the server state: built once, not copied per request.
    pub dry_run_namespaces: Arc<[String]>,
}

/// Cuts `text` to at most `max` characters, on a character boundary, marking the cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The result an answer counts as in the metrics.
pub fn outcome(r: &AdmissionResponse) -> Outcome {
    match (r.allowed, r.status.as_ref().and_then(|s| s.code)) {
        (true, _) => Outcome::Allowed,
        (false, Some(400)) => Outcome::Invalid,
        (false, Some(500)) => Outcome::Error,
        (false, _) => Outcome::Denied,
    }
}

/// The admission package's input for a summarized request: the summary, the verified records
/// of its model digests, the record files rejected that named them, and the time.
pub fn policy_input(summary: &review::Summary, records: &Records, now: DateTime<Utc>) -> Value {
    let mut matched: Vec<&RecordView> = Vec::new();
    let mut rejected = Vec::new();
    for m in &summary.models {
        matched.extend(records.for_digest(&m.digest).iter().map(|r| r.as_ref()));
        for r in records.rejected_for(&m.digest) {
            if !rejected.contains(&r) {
                rejected.push(r);
            }
        }
    }
    json!({
        "request": summary,
        "records": matched,
        "rejected": rejected,
        "now": crate::time::format(&now),
        "now_ns": now.timestamp_nanos_opt().unwrap_or(i64::MAX),
    })
}

/// Decides one admission request: the object summarized, the records of its model digests
/// looked up, the admission package evaluated over both. An evaluation that fails or times
/// out denies (fail closed).
pub fn decide(
    req: &AdmissionRequest,
    records: &Records,
    ev: &mut Evaluator,
    ctx: &Context,
    now: DateTime<Utc>,
) -> AdmissionResponse {
    let mut summary = match review::summarize(req) {
        Ok(Some(s)) => s,
        Ok(None) => return AdmissionResponse::allow(&req.uid),
        Err(e) => return AdmissionResponse::invalid(&req.uid, format!("modelgate: {e}")),
    };
    summary.environment = ctx.environment.clone();
    let input = policy_input(&summary, records, now);
    // One evaluation gives the deny and warn sets and the audit object together.
    let decision = match ev
        .evaluate_rule(&input, DECISION_RULE)
        .and_then(read_decision)
    {
        Ok(d) => d,
        Err(e) => {
            return AdmissionResponse::deny(
                &req.uid,
                500,
                "InternalError",
                format!("modelgate: the admission policy failed, denying: {e}"),
            )
        }
    };
    let Decision {
        findings,
        audit,
        deciding,
    } = decision;
    let message = |v: &Value| -> String {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or(crate::decision::UNANNOTATED);
        match v.get("msg").and_then(Value::as_str) {
            Some(m) => format!("{id}: {m}"),
            None => id.to_string(),
        }
    };
    let denials: Vec<String> = findings
        .iter()
        .filter(|f| f.level == Level::Deny)
        .map(|f| message(&f.value))
        .collect();
    let warnings: Vec<String> = findings
        .iter()
        .filter(|f| f.level == Level::Warn)
        .map(|f| message(&f.value))
        .collect();

    let dry_run = ctx.dry_run || ctx.dry_run_namespaces.contains(&summary.namespace);
    let mut response = if denials.is_empty() || dry_run {
        AdmissionResponse::allow(&req.uid)
    } else {
        AdmissionResponse::deny(
            &req.uid,
            403,
            "Forbidden",
            format!(
                "modelgate denied {} {}/{}: {}",
                summary.kind,
                summary.namespace,
                summary.name,
                denials.join("; ")
            ),
        )
    };
    if dry_run {
        response.warnings.extend(
            denials
                .iter()
                .map(|d| truncate_chars(&format!("dry-run, would deny: {d}"), MAX_WARNING_CHARS)),
        );
    }
    response.warnings.extend(
        warnings
            .iter()
            .map(|w| truncate_chars(w, MAX_WARNING_CHARS)),
    );

    // What the decision rested on, in the API server's audit log: the records that decide
    // (the newest for each digest and environment) when there are such, else every record
    // found.
    let (ids, files): (BTreeSet<&str>, BTreeSet<&str>) = if deciding.is_empty() {
        summary
            .models
            .iter()
            .flat_map(|m| records.for_digest(&m.digest))
            .map(|r| (r.decision_id.as_str(), r.sha256.as_str()))
            .unzip()
    } else {
        deciding
            .iter()
            .map(|(id, file)| (id.as_str(), file.as_str()))
            .unzip()
    };
    let files: BTreeSet<&str> = files.into_iter().filter(|f| !f.is_empty()).collect();
    let models: BTreeSet<&str> = summary.models.iter().map(|m| m.digest.as_str()).collect();
    let a = &mut response.audit_annotations;
    if !models.is_empty() {
        a.insert(
            "model-digests".into(),
            models.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    if !ids.is_empty() {
        a.insert(
            "decision-id".into(),
            ids.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    if !files.is_empty() {
        a.insert(
            "record-sha256".into(),
            files.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    for (k, v) in audit {
        a.insert(k, truncate_chars(&v, MAX_AUDIT_CHARS));
    }
    let result = match (denials.is_empty(), dry_run) {
        (true, _) => "allowed",
        (false, true) => "dry-run-denied",
        (false, false) => "denied",
    };
    a.insert("result".into(), result.into());
    response
}

/// The admission package's whole answer: `{"deny": set, "warn": set, "audit": object,
/// "records": set}`.
pub const DECISION_RULE: &str = "data.modelgate.admission.decision";

/// The findings and audit annotations of [`DECISION_RULE`]'s value. A value of another shape
/// is an error (and the review is denied): a policy that lost its `decision` rule must not
/// allow everything.
fn read_decision(v: Value) -> Result<Decision> {
    let bad = |what: &str| {
        crate::Error::Policy(format!(
            "{DECISION_RULE} must be an object with {what}, got {}",
            crate::error::excerpt(&v.to_string())
        ))
    };
    let Value::Object(m) = &v else {
        return Err(bad("deny, warn and audit"));
    };
    let mut findings = Vec::new();
    for level in [Level::Deny, Level::Warn] {
        let Some(Value::Array(items)) = m.get(&level.to_string()) else {
            return Err(bad(&format!("a set `{level}`")));
        };
        findings.extend(items.iter().map(|value| RawFinding {
            package: ADMISSION_PACKAGE.to_string(),
            level,
            value: value.clone(),
        }));
    }
    // What the policy says about the decision for the audit log (exemptions, the runtime
    // verifier that checks digest claims): strings only; anything else is left out.
    let audit = match m.get("audit") {
        Some(Value::Object(a)) => a
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    // The deciding records' decision ids and record file digests, for the audit log.
    let deciding = match m.get("records") {
        Some(Value::Array(rs)) => rs
            .iter()
            .filter_map(|r| {
                let id = r.get("decision_id")?.as_str()?;
                let file = r.get("sha256").and_then(Value::as_str).unwrap_or("");
                Some((id.to_string(), file.to_string()))
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Decision {
        findings,
        audit,
        deciding,
    })
}

/// What [`DECISION_RULE`] says.
struct Decision {
    findings: Vec<RawFinding>,
    audit: Vec<(String, String)>,
    deciding: Vec<(String, String)>,
}
/// Longest audit annotation value written.
pub const MAX_AUDIT_CHARS: usize = 1024;

/// The state shared by the handlers.
pub struct AppState {
    records: RwLock<Arc<Records>>,
    ready: AtomicBool,
    /// Since when the records could not be read, and the wait before the next attempt.
    unready: Mutex<Option<(Instant, Duration)>>,
    unready_limit: Duration,
    reload_interval: Duration,
    pool: Mutex<Vec<Evaluator>>,
    template: Evaluator,
    keys: Vec<PublicKey>,
    dry_run_namespaces: Arc<[String]>,
    environment: Option<String>,
    max_body: usize,
    request_timeout: Duration,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// Compiles the admission policy and reads the records folder.
    pub fn new(config: &Config, metrics: Arc<Metrics>) -> Result<Arc<AppState>> {
        let set = admission_policies(&config.data)?;
        let template = set.admission_engine(config.eval_timeout)?;
        let records = Records::load(&config.records, &config.keys, Utc::now())?;
        let state = AppState {
            records: RwLock::new(Arc::new(records)),
            ready: AtomicBool::new(true),
            unready: Mutex::new(None),
            unready_limit: config.unready_limit,
            reload_interval: config.reload_interval,
            pool: Mutex::new(Vec::new()),
            template,
            keys: config.keys.clone(),
            dry_run_namespaces: config.dry_run_namespaces.clone().into(),
            environment: config.environment.clone(),
            max_body: config.max_body,
            request_timeout: config.request_timeout,
            metrics,
        };
        state.log_records();
        Ok(Arc::new(state))
    }

    pub fn records(&self) -> Arc<Records> {
        self.records
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    fn log_records(&self) {
        let r = self.records();
        crate::serve::log!(
            "modelgate serve: {} record file(s) in {}: {} verified, {} rejected",
            r.files,
            r.dir.display(),
            r.verified,
            r.rejected.len()
        );
        for x in &r.rejected {
            crate::serve::log!("  rejected {} ({}): {}", x.file, x.check, x.reason);
        }
    }

    /// Reads the records folder again when its content changed, or, while it cannot be read,
    /// tries again; returns how long to wait before the next look. A folder that became
    /// unreadable marks the webhook not ready, and a webhook that is not ready denies every
    /// review (the records it holds may have been revoked since); it is ready again as soon as
    /// a read succeeds, whether or not the folder changed meanwhile.
    pub fn poll_records(&self) -> Duration {
        let current = self.records();
        if self.is_ready() && !current.changed() {
            return self.reload_interval;
        }
        match Records::load(&current.dir, &self.keys, Utc::now()) {
            Ok(r) => {
                *self.records.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(r);
                self.ready.store(true, Ordering::Relaxed);
                *self.unready.lock().unwrap_or_else(|e| e.into_inner()) = None;
                self.metrics.record_reloads.fetch_add(1, Ordering::Relaxed);
                self.log_records();
                self.reload_interval
            }
            Err(e) => {
                self.ready.store(false, Ordering::Relaxed);
                self.metrics.error("records");
                let mut unready = self.unready.lock().unwrap_or_else(|e| e.into_inner());
                // One second, then doubling to MAX_RETRY.
                let wait = match *unready {
                    None => Duration::from_secs(1),
                    Some((_, w)) => (w * 2).min(MAX_RETRY),
                };
                let since = unready.map_or_else(Instant::now, |(t, _)| t);
                *unready = Some((since, wait));
                crate::serve::log!(
                    "modelgate serve: cannot read the records (retrying in {} s): {e}",
                    wait.as_secs()
                );
                wait
            }
        }
    }

    /// [`AppState::poll_records`] without the wait.
    pub fn reload_if_changed(&self) {
        let _ = self.poll_records();
    }

    /// Alive unless the records have been unreadable for longer than the limit: then a
    /// restart (by Kubernetes, after `/healthz` fails) is the way back.
    pub fn is_healthy(&self) -> bool {
        match *self.unready.lock().unwrap_or_else(|e| e.into_inner()) {
            Some((since, _)) => since.elapsed() <= self.unready_limit,
            None => true,
        }
    }

    fn take_evaluator(&self) -> Evaluator {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        pooled.unwrap_or_else(|| self.template.clone())
    }

    fn give_back(&self, ev: Evaluator) {
        self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(ev);
    }
}

/// The webhook's routes: `POST /validate` (and `/validate/environment/NAME[/dry-run]`),
/// `GET /healthz`, `/readyz`, `/metrics`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/validate", post(validate))
        .route("/validate/{*rest}", post(validate))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .fallback(|| async { json_error(StatusCode::NOT_FOUND, "no such route".into()) })
        .layer(axum::middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

async fn count(
    State(st): State<Arc<AppState>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    st.metrics.request(&path, resp.status().as_u16());
    resp
}

async fn healthz(State(st): State<Arc<AppState>>) -> Response {
    if st.is_healthy() {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "the decision records have been unreadable for too long: restart\n",
        )
            .into_response()
    }
}

async fn readyz(State(st): State<Arc<AppState>>) -> Response {
    if st.is_ready() {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "records not loaded\n").into_response()
    }
}

async fn metrics_text(State(st): State<Arc<AppState>>) -> Response {
    let r = st.records();
    let mut resp = st
        .metrics
        .render(r.verified, r.rejected.len(), st.is_ready())
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    resp
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = Response::new(Body::from(body.to_string()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn json_error(status: StatusCode, message: String) -> Response {
    json_response(status, &json!({"error": message, "code": status.as_u16()}))
}

/// What the webhook URL says about the namespace: `/validate/environment/NAME` and
/// `/validate/dry-run` path segments (a webhook configuration routes each namespace label to
/// its path, see examples/kubernetes), or the same as `?environment=NAME&mode=dry-run`.
fn context_of(path: &str, query: Option<&str>, st: &AppState) -> Context {
    let mut ctx = Context {
        environment: st.environment.clone(),
        dry_run: false,
        dry_run_namespaces: st.dry_run_namespaces.clone(),
    };
    let mut segments = path.split('/').filter(|s| !s.is_empty()).skip(1);
    while let Some(seg) = segments.next() {
        match seg {
            "environment" => {
                if let Some(env) = segments.next() {
                    ctx.environment = Some(env.to_string());
                }
            }
            "dry-run" => ctx.dry_run = true,
            _ => {}
        }
    }
    for pair in query.unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("environment", v)) if !v.is_empty() => ctx.environment = Some(v.to_string()),
            Some(("mode", "dry-run")) => ctx.dry_run = true,
            _ => {}
        }
    }
    ctx
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

async fn validate(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_body as u64) {
        st.metrics.error("body");
        return json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body exceeds {} bytes", st.max_body),
        );
    }
    let bytes =
        match tokio::time::timeout(st.request_timeout, axum::body::to_bytes(body, st.max_body))
            .await
        {
            Err(_) => {
                st.metrics.error("timeout");
                return json_error(
                    StatusCode::REQUEST_TIMEOUT,
                    "reading the body timed out".into(),
                );
            }
            Ok(Err(e)) if is_length_limit(&e) => {
                st.metrics.error("body");
                return json_error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the body exceeds {} bytes", st.max_body),
                );
            }
            Ok(Err(e)) => {
                st.metrics.error("body");
                return json_error(
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the body: {e}"),
                );
            }
            Ok(Ok(b)) => b,
        };
    let request = match review::parse(&bytes) {
        Ok(r) => r,
        Err(m) => {
            st.metrics.decision(Outcome::Invalid, started.elapsed());
            return match m.uid {
                Some(uid) => json_response(
                    StatusCode::OK,
                    &AdmissionResponse::invalid(&uid, format!("modelgate: {}", m.message))
                        .into_review(),
                ),
                None => json_error(StatusCode::BAD_REQUEST, m.message),
            };
        }
    };
    if !st.ready.load(Ordering::Relaxed) {
        st.metrics.error("records");
        let response = AdmissionResponse::deny(
            &request.uid,
            500,
            "InternalError",
            "modelgate: the decision records cannot be read, denying".into(),
        );
        st.metrics.decision(outcome(&response), started.elapsed());
        return json_response(StatusCode::OK, &response.into_review());
    }
    let ctx = context_of(parts.uri.path(), parts.uri.query(), &st);
    let uid = request.uid.clone();
    let worker = st.clone();
    let job = tokio::task::spawn_blocking(move || {
        let mut ev = worker.take_evaluator();
        let records = worker.records();
        let r = decide(&request, &records, &mut ev, &ctx, Utc::now());
        worker.give_back(ev);
        r
    });
    let response = match tokio::time::timeout(st.request_timeout, job).await {
        Ok(Ok(r)) => {
            if outcome(&r) == Outcome::Error {
                st.metrics.error("evaluation");
            }
            r
        }
        Ok(Err(_)) => {
            st.metrics.error("evaluation");
            AdmissionResponse::deny(
                &uid,
                500,
                "InternalError",
                "modelgate: the decision failed, denying".into(),
            )
        }
        Err(_) => {
            st.metrics.error("timeout");
            AdmissionResponse::deny(
                &uid,
                500,
                "InternalError",
                "modelgate: the decision timed out, denying".into(),
            )
        }
    };
    st.metrics.decision(outcome(&response), started.elapsed());
    json_response(StatusCode::OK, &response.into_review())
}

/// A webhook serving in the background.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = self.task.await;
    }
}

/// Loads everything, binds `config.listen` and serves in the background (on the current
/// tokio runtime), the records folder polled for changes.
pub async fn spawn(config: Config) -> Result<Running> {
    let metrics = Arc::new(Metrics::default());
    let state = AppState::new(&config, metrics.clone())?;
    let resolver = Arc::new(tls::ReloadingCert::new(
        &config.tls_cert,
        &config.tls_key,
        metrics,
    )?);
    let tls = tls::server_config(resolver)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", config.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("listener address: {e}")))?;
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let reloader = state.clone();
    let interval = config.reload_interval;
    let app = router(state.clone());
    let header_timeout = config.header_timeout;
    let max_connections = config.max_connections.max(1);
    let task = tokio::spawn(async move {
        let poll = tokio::spawn(async move {
            let mut wait = interval;
            loop {
                tokio::time::sleep(wait).await;
                let st = reloader.clone();
                wait = tokio::task::spawn_blocking(move || st.poll_records())
                    .await
                    .unwrap_or(interval);
            }
        });
        accept_loop(listener, tls, app, header_timeout, max_connections, stopped).await;
        poll.abort();
    });
    Ok(Running {
        addr,
        state,
        stop: Some(stop),
        task,
    })
}

/// Accepts TLS connections and serves HTTP/1.1 on each until `stop` fires. A client that does
/// not finish its handshake or its request headers within `header_timeout` is dropped. At most
/// `max_connections` are served at once: past that no connection is accepted (clients wait in
/// the listen backlog) until one closes.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    app: Router,
    header_timeout: Duration,
    max_connections: usize,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    let slots = Arc::new(tokio::sync::Semaphore::new(max_connections));
    loop {
        let slot = tokio::select! {
            _ = &mut stop => return,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => return,
            },
        };
        let (tcp, _) = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    crate::serve::log!("modelgate serve: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let app = app.clone();
        tokio::spawn(async move {
            // Held for as long as the connection is served.
            let _slot = slot;
            let Ok(Ok(stream)) = tokio::time::timeout(header_timeout, acceptor.accept(tcp)).await
            else {
                return;
            };
            let service = hyper_util::service::TowerToHyperService::new(app);
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// `modelgate serve`: serves until SIGINT or SIGTERM.
pub fn run(config: Config) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let running = spawn(config).await?;
        crate::serve::log!("modelgate serve: listening on https://{}", running.addr);
        shutdown_signal().await;
        crate::serve::log!("modelgate serve: stopping");
        running.stop().await;
        Ok(())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod() -> AdmissionRequest {
        review::parse(include_bytes!("../../tests/fixtures/admission/pod.json")).unwrap()
    }

    #[test]
    fn warnings_are_cut_on_character_boundaries() {
        let long = "é".repeat(200);
        let cut = truncate_chars(&long, MAX_WARNING_CHARS);
        assert_eq!(cut.chars().count(), MAX_WARNING_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate_chars("short", MAX_WARNING_CHARS), "short");
    }

    #[test]
    fn a_failing_or_runaway_policy_denies() {
        let mut set = PolicySet::default();
        let slow = "package modelgate.admission\n\ndeny contains f if {\n\tsome a in numbers.range(1, 3000)\n\tsome b in numbers.range(1, 3000)\n\ta * b == -1\n\tf := {\"id\": \"x\"}\n}\n";
        set.add_module("slow.rego", slow, false).unwrap();
        let mut ev = set.admission_engine(Duration::from_millis(20)).unwrap();
        let r = decide(
            &pod(),
            &Records::default(),
            &mut ev,
            &Context::default(),
            Utc::now(),
        );
        assert!(!r.allowed);
        assert_eq!(outcome(&r), Outcome::Error);
        let status = r.status.unwrap();
        assert_eq!(status.code, Some(500));
        assert!(status.message.unwrap().contains("denying"));
    }

    #[test]
    fn no_record_denies_and_other_kinds_pass() {
        let set = admission_policies(&[]).unwrap();
        let mut ev = set.admission_engine(DEFAULT_EVAL_TIMEOUT).unwrap();
        let r = decide(
            &pod(),
            &Records::default(),
            &mut ev,
            &Context::default(),
            Utc::now(),
        );
        assert_eq!(outcome(&r), Outcome::Denied);
        assert_eq!(r.uid, "705ab4f5-6393-11e8-b7cc-42010a800002");
        let mut cm = pod();
        cm.kind.kind = "ConfigMap".into();
        cm.object = Some(serde_json::json!({"metadata": {"name": "settings"}, "data": {"a": "b"}}));
        let r = decide(
            &cm,
            &Records::default(),
            &mut ev,
            &Context::default(),
            Utc::now(),
        );
        assert!(r.allowed);
    }

    #[test]
    fn the_url_names_environment_and_dry_run() {
        let metrics = Arc::new(Metrics::default());
        let set = admission_policies(&[]).unwrap();
        let st = AppState {
            records: RwLock::new(Arc::new(Records::default())),
            ready: AtomicBool::new(true),
            unready: Mutex::new(None),
            unready_limit: DEFAULT_UNREADY_LIMIT,
            reload_interval: Duration::from_secs(3),
            pool: Mutex::new(Vec::new()),
            template: set.admission_engine(DEFAULT_EVAL_TIMEOUT).unwrap(),
            keys: Vec::new(),
            dry_run_namespaces: Arc::from(Vec::new()),
            environment: Some("production".into()),
            max_body: DEFAULT_MAX_BODY,
            request_timeout: Duration::from_secs(1),
            metrics,
        };
        let c = context_of("/validate", None, &st);
        assert_eq!(
            (c.environment.as_deref(), c.dry_run),
            (Some("production"), false)
        );
        let c = context_of("/validate/environment/staging/dry-run", None, &st);
        assert_eq!(
            (c.environment.as_deref(), c.dry_run),
            (Some("staging"), true)
        );
        let c = context_of("/validate", Some("environment=dev&mode=dry-run"), &st);
        assert_eq!((c.environment.as_deref(), c.dry_run), (Some("dev"), true));
    }
}
