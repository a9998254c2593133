//! `modelgate revoke`: write a signed revocation of model digests for the webhook's records.

use modelgate::decision::ExitStatus;
use modelgate::Error;
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Model digests (sha256:<hex> or hex) whose approval is withdrawn.
    #[arg(required = true, value_name = "DIGEST")]
    pub(crate) digests: Vec<String>,
    /// The environment it applies to; every environment when absent.
    #[arg(long, value_name = "NAME")]
    pub(crate) environment: Option<String>,
    /// Why (an incident, a newly banned component): shown in every denial it causes.
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: String,
    /// Who revokes (e.g. an e-mail), recorded beside the signature.
    #[arg(long, value_name = "WHO")]
    pub(crate) by: Option<String>,
    /// PEM private key of the gate (a key the webhook trusts for records).
    #[arg(long, value_name = "KEY.pem")]
    pub(crate) sign_key: PathBuf,
    /// Where to write the revocation (into the webhook's records folder).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// The time it holds from (RFC 3339); now by default.
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let key = modelgate::verify::sign::SigningKey::read(&args.sign_key)?;
    let now = now_or_given(args.now.as_deref())?;
    let environment = args.environment.as_deref();
    let statement = modelgate::revocation::statement(
        &args.digests,
        environment,
        &args.reason,
        args.by.as_deref(),
        now,
    )?;
    let json = modelgate::revocation::create(&statement, &key)?;
    std::fs::write(&args.output, json).map_err(|e| Error::io(&args.output, e))?;
    emit(&format!(
        "revoked {} digest(s) {} from {} ({}) in {}\n",
        statement.subject.len(),
        environment.map_or("in every environment".to_string(), |e| format!("in {e}")),
        statement.predicate.time,
        statement.predicate.revocation_id,
        args.output.display()
    ))?;
    Ok(ExitStatus::Approve)
}
