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
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let set = load_policies(&args.policy, false)?;
    let mut opts = options(&args.policy, args.now.as_deref())?;
    opts.trust = modelgate::config::resolve_trust(&opts.config, &trust_flags(&args.policy))?;
    let input = pipeline::load_input(&args.bundle, &set, &opts)?;
    emit(&pretty_json(&input)?)?;
    Ok(ExitStatus::Approve)
}
