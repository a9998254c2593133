//! `modelgate input`: print the input document that policies see for one bundle.

use modelgate::decision::ExitStatus;
use modelgate::{pipeline, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[arg(value_name = "BUNDLE")]
    pub(crate) bundle: PathBuf,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// A PEM public key that decision records are verified against (repeatable), as `check
    /// --record-key`.
    #[arg(long = "record-key", value_name = "PUB.pem")]
    pub(crate) record_keys: Vec<PathBuf>,
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let set = load_policies(&args.policy, false)?;
    let mut opts = options(&args.policy, args.now.as_deref())?;
    let flags = modelgate::config::TrustFlags {
        record_keys: args.record_keys.clone(),
        ..trust_flags(&args.policy)
    };
    opts.trust = modelgate::config::resolve_trust(&opts.config, &flags)?;
    let input = pipeline::load_input(&args.bundle, &set, &opts)?;
    emit(&pretty_json(&input)?)?;
    Ok(ExitStatus::Approve)
}
