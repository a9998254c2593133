//! `modelgate digest`: sha256 of files, printed as `sha256sum` does.

use modelgate::decision::ExitStatus;
use modelgate::Error;
use rayon::prelude::*;
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let digests: Vec<Result<(u64, String), Error>> = args
        .files
        .par_iter()
        .map(|f| modelgate::digest::hash_file(f))
        .collect();
    let mut text = String::new();
    for (f, d) in args.files.iter().zip(digests) {
        let (_, hex) = d?;
        text.push_str(&format!("{hex}  {}\n", f.display()));
    }
    emit(&text)?;
    Ok(ExitStatus::Approve)
}
