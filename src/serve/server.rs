//! Serving the webhook: binding the listener, the TLS accept loop with its bounds, the records
//! poller, and `modelgate serve` running until a signal.

use super::app::{router, AppState};
use super::metrics::Metrics;
use super::{tls, Config};
use crate::error::{Result, ServeError};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

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
        .map_err(|e| ServeError::Bind {
            address: config.listen.to_string(),
            message: e.to_string(),
        })?;
    let addr = listener.local_addr().map_err(|e| ServeError::Bind {
        address: config.listen.to_string(),
        message: format!("the bound address cannot be read: {e}"),
    })?;
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
        .map_err(|e| ServeError::Runtime(e.to_string()))?;
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
