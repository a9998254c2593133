//! `modelgate serve`: run the Kubernetes validating admission webhook.

use modelgate::decision::ExitStatus;
use modelgate::Error;
use std::path::PathBuf;
use std::time::Duration;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:8443")]
    pub(crate) listen: std::net::SocketAddr,
    /// PEM certificate chain of the webhook (re-read when it changes).
    #[arg(long, value_name = "FILE")]
    pub(crate) tls_cert: PathBuf,
    /// PEM private key of the certificate (re-read when it changes).
    #[arg(long, value_name = "FILE")]
    pub(crate) tls_key: PathBuf,
    /// Folder of decision records (*.json), verified at load and re-read when it changes.
    #[arg(long, value_name = "DIR")]
    pub(crate) records: PathBuf,
    /// A PEM public key allowed to sign decision records (repeatable).
    #[arg(long = "key", value_name = "PUB.pem", required = true)]
    pub(crate) keys: Vec<PathBuf>,
    /// Namespace where denials only warn (repeatable).
    #[arg(long = "dry-run-namespace", value_name = "NS")]
    pub(crate) dry_run_namespaces: Vec<String>,
    /// Environment of namespaces whose webhook path names none (/validate/environment/NAME).
    #[arg(long, value_name = "NAME")]
    pub(crate) environment: Option<String>,
    /// Time limit of one policy evaluation, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub(crate) eval_timeout: u64,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = modelgate::serve::DEFAULT_MAX_BODY)]
    pub(crate) max_body: usize,
    /// JSON or YAML data merged into `data`, e.g. modelgate.params.admission (repeatable).
    #[arg(long = "data", value_name = "FILE")]
    pub(crate) data: Vec<PathBuf>,
    /// Seconds the records may stay unreadable before /healthz fails (Kubernetes then
    /// restarts the webhook).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub(crate) unready_restart_after: u64,
    /// Most connections served at once (default: three quarters of the file-descriptor
    /// limit, at most 4,096).
    #[arg(long, value_name = "N")]
    pub(crate) max_connections: Option<usize>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    modelgate::serve::run(config(args)?)?;
    Ok(ExitStatus::Approve)
}

/// The webhook's configuration from its flags.
fn config(args: Args) -> Result<modelgate::serve::Config, Error> {
    if args.eval_timeout == 0 || args.max_body == 0 {
        return Err(Error::Usage(
            "--eval-timeout and --max-body must be positive".into(),
        ));
    }
    let mut config =
        modelgate::serve::Config::new(args.listen, args.tls_cert, args.tls_key, args.records);
    config.keys = read_public_keys(&args.keys)?;
    config.dry_run_namespaces = args.dry_run_namespaces;
    config.environment = args.environment;
    config.eval_timeout = Duration::from_millis(args.eval_timeout);
    config.max_body = args.max_body;
    config.unready_limit = Duration::from_secs(args.unready_restart_after);
    if let Some(n) = args.max_connections {
        if n == 0 {
            return Err(Error::Usage("--max-connections must be positive".into()));
        }
        config.max_connections = n;
    }
    config.data = read_data(&args.data)?;
    Ok(config)
}
