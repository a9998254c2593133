//! `modelgate init`: scaffold a bundle and list what to fill in.

use modelgate::decision::ExitStatus;
use modelgate::policy::PolicySet;
use modelgate::Error;
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The bundle folder (created if absent).
    #[arg(value_name = "DIR", default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Release name (default: from the folder name).
    #[arg(long, value_name = "NAME")]
    pub(crate) name: Option<String>,
    /// Overwrite files that exist.
    #[arg(long)]
    pub(crate) force: bool,
    /// Policy parameters (as for check --data) that decide which card sections are required.
    #[arg(long = "data", value_name = "FILE")]
    pub(crate) data: Vec<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let mut set = PolicySet::builtin(false)?;
    for d in &args.data {
        set.add_data_file(d)?;
    }
    emit(&modelgate::init::init(
        &set,
        &args.dir,
        args.name.as_deref(),
        args.force,
    )?)?;
    Ok(ExitStatus::Approve)
}
