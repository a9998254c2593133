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
use crate::policy::{Evaluator, Level, PolicySet, ADMISSION_PACKAGE};
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
            data: Vec::new(),
        }
    }
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
    let input = json!({
        "request": summary,
        "records": matched,
        "rejected": rejected,
        "now": crate::pipeline::format_time(&now),
        "now_ns": now.timestamp_nanos_opt().unwrap_or(i64::MAX),
    });
    let findings = match ev.evaluate(&input) {
        Ok(f) => f,
        Err(e) => {
            return AdmissionResponse::deny(
                &req.uid,
                500,
                "InternalError",
                format!("modelgate: the admission policy failed, denying: {e}"),
            )
        }
    };
    let message = |v: &Value| -> String {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("unannotated-rule");
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

    // What the decision rested on, in the API server's audit log: the records that approve
    // here and now when there are such, else every record found.
    let now_ns = now.timestamp_nanos_opt().unwrap_or(i64::MAX);
    let approving: Vec<&RecordView> = matched
        .iter()
        .copied()
        .filter(|r| {
            r.verdict == "approve"
                && r.expires_ns >= now_ns
                && (summary.environment.is_none() || r.environment == summary.environment)
        })
        .collect();
    let used = if approving.is_empty() {
        &matched
    } else {
        &approving
    };
    let ids: BTreeSet<&str> = used.iter().map(|r| r.decision_id.as_str()).collect();
    let files: BTreeSet<&str> = used.iter().map(|r| r.sha256.as_str()).collect();
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
        a.insert(
            "record-sha256".into(),
            files.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    let result = match (denials.is_empty(), dry_run) {
        (true, _) => "allowed",
        (false, true) => "dry-run-denied",
        (false, false) => "denied",
    };
    a.insert("result".into(), result.into());
    response
}

/// The state shared by the handlers.
pub struct AppState {
    records: RwLock<Arc<Records>>,
    ready: AtomicBool,
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

    /// Reads the records folder again when it changed. A folder that became unreadable marks
    /// the webhook not ready, and a webhook that is not ready denies every review: the records
    /// it holds may have been revoked since.
    pub fn reload_if_changed(&self) {
        let current = self.records();
        if !current.changed() {
            return;
        }
        match Records::load(&current.dir, &self.keys, Utc::now()) {
            Ok(r) => {
                *self.records.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(r);
                self.ready.store(true, Ordering::Relaxed);
                self.metrics.record_reloads.fetch_add(1, Ordering::Relaxed);
                self.log_records();
            }
            Err(e) => {
                self.ready.store(false, Ordering::Relaxed);
                self.metrics.error("records");
                crate::serve::log!("modelgate serve: cannot read the records: {e}");
            }
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
        .route("/healthz", get(|| async { "ok\n" }))
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
    let task = tokio::spawn(async move {
        let poll = tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                let st = reloader.clone();
                let _ = tokio::task::spawn_blocking(move || st.reload_if_changed()).await;
            }
        });
        accept_loop(listener, tls, app, header_timeout, stopped).await;
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
/// not finish its handshake or its request headers within `header_timeout` is dropped.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    app: Router,
    header_timeout: Duration,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    loop {
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
