//! `modelgate verify-record`: check a decision record's signature, validity and subjects.

use modelgate::decision::ExitStatus;
use modelgate::{render, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The record (DSSE envelope JSON).
    #[arg(value_name = "FILE")]
    pub(crate) record: PathBuf,
    /// A PEM public key allowed to sign records (repeatable).
    #[arg(long = "key", value_name = "PUB.pem", required = true)]
    pub(crate) keys: Vec<PathBuf>,
    /// A file, or a folder (every file in it), whose sha256 must be a subject (repeatable).
    #[arg(long = "artifact", value_name = "PATH")]
    pub(crate) artifacts: Vec<PathBuf>,
    /// Time to check the validity period at (RFC 3339); the current time by default.
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
    /// Also fail (exit 1) when the record's verdict is not approve.
    #[arg(long)]
    pub(crate) require_approve: bool,
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub(crate) format: Format,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let keys = read_public_keys(&args.keys)?;
    let now = now_or_given(args.now.as_deref())?;
    let mut v = modelgate::record::verify_file(&args.record, &keys, now, &args.artifacts)?;
    if args.require_approve {
        v.require_approve();
    }
    let text = match args.format {
        Format::Text => render::verify::record(&v),
        Format::Json => pretty_json(&v)?,
    };
    emit(&text)?;
    Ok(verified_status(v.verified))
}
