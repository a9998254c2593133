//! The webhook's TLS: certificate and key from PEM files, read again on the next handshake
//! after either file changes (cert-manager and kubelet rotate them in place).

use crate::error::{Error, Result, ServeError};
use crate::serve::metrics::Metrics;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn tls_err(file: &Path, message: String) -> Error {
    ServeError::Tls {
        file: file.display().to_string(),
        message,
    }
    .into()
}

/// Reads a certificate chain and its private key (PKCS#8, SEC1 or PKCS#1 PEM).
pub fn load_certified_key(cert: &Path, key: &Path) -> Result<CertifiedKey> {
    let cert_pem = std::fs::read(cert).map_err(|e| Error::io(cert, e))?;
    let key_pem = std::fs::read(key).map_err(|e| Error::io(key, e))?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| tls_err(cert, format!("certificate PEM: {e}")))?;
    if chain.is_empty() {
        return Err(tls_err(cert, "no CERTIFICATE block".into()));
    }
    let der = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|e| tls_err(key, format!("private key PEM: {e}")))?;
    let signing = rustls::crypto::ring::sign::any_supported_type(&der)
        .map_err(|e| tls_err(key, format!("private key: {e}")))?;
    let certified = CertifiedKey::new(chain, signing);
    certified.keys_match().map_err(|e| {
        Error::from(ServeError::Tls {
            file: format!("{} and {}", cert.display(), key.display()),
            message: e.to_string(),
        })
    })?;
    Ok(certified)
}

struct Current {
    stamps: (Stamp, Stamp),
    key: Arc<CertifiedKey>,
}

/// Serves the certificate of two files, re-read when their modification time or size changed.
/// Checking costs two `stat` calls per handshake; a file pair caught half-written fails to
/// load and the previous certificate stays in use until the next handshake tries again.
pub struct ReloadingCert {
    cert: PathBuf,
    key: PathBuf,
    current: Mutex<Current>,
    metrics: Arc<Metrics>,
}

impl std::fmt::Debug for ReloadingCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReloadingCert")
            .field("cert", &self.cert)
            .field("key", &self.key)
            .finish()
    }
}

impl ReloadingCert {
    /// Loads the pair once; a pair that does not load is an error at start.
    pub fn new(cert: &Path, key: &Path, metrics: Arc<Metrics>) -> Result<Self> {
        let stamps = (stamp(cert), stamp(key));
        let certified = load_certified_key(cert, key)?;
        Ok(ReloadingCert {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            current: Mutex::new(Current {
                stamps,
                key: Arc::new(certified),
            }),
            metrics,
        })
    }

    fn get(&self) -> Arc<CertifiedKey> {
        let mut cur = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let stamps = (stamp(&self.cert), stamp(&self.key));
        if stamps != cur.stamps {
            match load_certified_key(&self.cert, &self.key) {
                Ok(k) => {
                    cur.key = Arc::new(k);
                    cur.stamps = stamps;
                    self.metrics.cert_reloads.fetch_add(1, Ordering::Relaxed);
                    crate::serve::log!(
                        "modelgate serve: certificate reloaded from {}",
                        self.cert.display()
                    );
                }
                Err(e) => {
                    self.metrics.error("tls");
                    crate::serve::log!("modelgate serve: keeping the previous certificate: {e}");
                }
            }
        }
        cur.key.clone()
    }
}

impl ResolvesServerCert for ReloadingCert {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.get())
    }
}

/// A TLS 1.2/1.3 server configuration (ring) serving `resolver`'s certificate over HTTP/1.1.
pub fn server_config(resolver: Arc<ReloadingCert>) -> Result<Arc<rustls::ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            Error::from(ServeError::Tls {
                file: "TLS".into(),
                message: e.to_string(),
            })
        })?
        .with_no_client_auth()
        .with_cert_resolver(resolver);
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
