//! `modelgate fetch-check`: verify a downloaded model folder against the signed records, then
//! optionally exec the server's command.

use modelgate::decision::ExitStatus;
use modelgate::{render, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The folder the model was downloaded to (every file in it is checked).
    #[arg(value_name = "DIR")]
    pub(crate) folder: PathBuf,
    /// Folder of decision records and revocations (the webhook's).
    #[arg(long, value_name = "DIR")]
    pub(crate) records: PathBuf,
    /// A PEM public key allowed to sign records (repeatable).
    #[arg(long = "key", value_name = "PUB.pem", required = true)]
    pub(crate) keys: Vec<PathBuf>,
    /// The environment the pod runs in (records made for another do not count).
    #[arg(long, value_name = "NAME")]
    pub(crate) environment: Option<String>,
    /// Admission parameters, as for serve --data (repeatable).
    #[arg(long = "data", value_name = "FILE")]
    pub(crate) data: Vec<PathBuf>,
    /// Time to judge expiry at (RFC 3339); now by default.
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub(crate) format: Format,
    /// After `--`: the command to run in place of this one once the folder is verified.
    #[arg(last = true, value_name = "COMMAND")]
    pub(crate) command: Vec<String>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let keys = read_public_keys(&args.keys)?;
    let data = read_data(&args.data)?;
    let now = now_or_given(args.now.as_deref())?;
    let v = modelgate::fetchcheck::check(
        &args.folder,
        &args.records,
        &keys,
        args.environment.as_deref(),
        &data,
        now,
    )?;
    let text = match args.format {
        Format::Text => render::verify::fetch_check(&v),
        Format::Json => pretty_json(&v)?,
    };
    // The verdict goes to stderr when a command follows, so its output stays its own.
    if args.command.is_empty() {
        emit(&text)?;
    } else {
        eprint!("{text}");
    }
    if !v.verified {
        return Ok(ExitStatus::Block);
    }
    match args.command.split_first() {
        None => Ok(ExitStatus::Approve),
        Some((program, rest)) => Err(exec(program, rest)),
    }
}

/// Replaces this process with `program` (`fetch-check -- COMMAND`); returns only on failure.
fn exec(program: &str, args: &[String]) -> Error {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = std::process::Command::new(program).args(args).exec();
        Error::Usage(format!("cannot run {program}: {e}"))
    }
    #[cfg(not(unix))]
    {
        let _ = args;
        Error::Usage(format!(
            "cannot run {program}: exec is only supported on Unix"
        ))
    }
}
