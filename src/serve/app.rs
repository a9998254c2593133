//! The webhook as an HTTP application: the state its handlers share (the records, kept fresh,
//! and a pool of policy evaluators), its routes and the handlers.

use super::cache;
use super::decide::{admission_policies, decide_summary, outcome, summarize, Context};
use super::metrics::{Metrics, Outcome};
use super::records::Records;
use super::review::{self, AdmissionResponse};
use super::{Config, MAX_RETRY};
use crate::error::Result;
use crate::policy::Evaluator;
use crate::verify::dsse::PublicKey;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The state shared by the handlers.
pub struct AppState {
    pub(super) records: RwLock<Arc<Records>>,
    pub(super) ready: AtomicBool,
    /// Since when the records could not be read, and the wait before the next attempt.
    pub(super) unready: Mutex<Option<(Instant, Duration)>>,
    pub(super) unready_limit: Duration,
    pub(super) reload_interval: Duration,
    pub(super) pool: Mutex<Vec<Evaluator>>,
    pub(super) template: Evaluator,
    /// The admission policy's `expiry_warning_days` in nanoseconds; answers are remembered
    /// (see `cache`) only when it could be read.
    pub(super) warning_ns: Option<i64>,
    pub(super) keys: Vec<PublicKey>,
    pub(super) dry_run_namespaces: Arc<[String]>,
    pub(super) environment: Option<String>,
    pub(super) max_body: usize,
    pub(super) request_timeout: Duration,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// Compiles the admission policy and reads the records folder.
    pub fn new(config: &Config, metrics: Arc<Metrics>) -> Result<Arc<AppState>> {
        let set = admission_policies(&config.data)?;
        let mut template = set.admission_engine(config.eval_timeout)?;
        // Evaluated on the template itself: regorus prepares an engine (analysis, loop plans)
        // at its first evaluation, and the evaluators cloned from a prepared one stay prepared,
        // so no request pays for it.
        let warning_ns = expiry_warning_ns(&mut template);
        if warning_ns.is_none() {
            crate::serve::log!(
                "modelgate serve: the admission policy's expiry_warning_days is not a whole number: every review is evaluated afresh"
            );
        }
        let records = Records::load(&config.records, &config.keys, Utc::now())?;
        let state = AppState {
            records: RwLock::new(Arc::new(records)),
            ready: AtomicBool::new(true),
            unready: Mutex::new(None),
            unready_limit: config.unready_limit,
            reload_interval: config.reload_interval,
            pool: Mutex::new(Vec::new()),
            template,
            warning_ns,
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

    /// The remembered answer to this summary with these records, if one holds now.
    fn cached(
        &self,
        records: &Records,
        key: Option<&str>,
        uid: &str,
        now_ns: i64,
    ) -> Option<AdmissionResponse> {
        records.decisions.get(key?, now_ns, uid)
    }

    fn take_evaluator(&self) -> Evaluator {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        pooled.unwrap_or_else(|| self.template.clone())
    }

    fn give_back(&self, ev: Evaluator) {
        self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(ev);
    }
}

/// `expiry_warning_days` of the admission policy's parameters in nanoseconds, when it is a
/// whole number of days.
pub(super) fn expiry_warning_ns(template: &mut Evaluator) -> Option<i64> {
    let p = template.eval_rule("data.modelgate.admission.p").ok()?;
    p.get("expiry_warning_days")?
        .as_i64()?
        .checked_mul(24 * 3600 * 1_000_000_000)
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
pub(super) fn context_of(path: &str, query: Option<&str>, st: &AppState) -> Context {
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
    let mut summary = match summarize(&request, &ctx) {
        Ok(s) => s,
        Err(answer) => {
            st.metrics.decision(outcome(&answer), started.elapsed());
            return json_response(StatusCode::OK, &(*answer).into_review());
        }
    };
    drop(request);
    let records = st.records();
    let now = Utc::now();
    let now_ns = now.timestamp_nanos_opt().unwrap_or(i64::MAX);
    let dry_run = ctx.dry_run || ctx.dry_run_namespaces.contains(&summary.namespace);
    let key = st
        .warning_ns
        .and_then(|_| cache::key(&mut summary, dry_run));
    if let Some(answer) = st.cached(&records, key.as_deref(), &uid, now_ns) {
        st.metrics.decision(outcome(&answer), started.elapsed());
        return json_response(StatusCode::OK, &answer.into_review());
    }
    let worker = st.clone();
    let job = tokio::task::spawn_blocking(move || {
        let mut ev = worker.take_evaluator();
        let r = decide_summary(&summary, &records, &mut ev, &ctx, now);
        worker.give_back(ev);
        // A failed evaluation is not remembered: the next review tries again.
        if let (Some(key), Some(warning_ns)) = (key, worker.warning_ns) {
            if outcome(&r) != Outcome::Error {
                let until = cache::valid_until(&summary, &records, now_ns, warning_ns);
                records.decisions.put(key, now_ns, until, &r);
            }
        }
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
