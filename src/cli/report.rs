//! `modelgate report`: decide as `check` does and write the HTML audit report.

use modelgate::decision::ExitStatus;
use modelgate::{pipeline, render, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) decide: DecideArgs,
    /// Write the HTML to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Templates that replace the built-in ones of the same file name (report.html.j2,
    /// bundle.html.j2, findings.html.j2, operations.html.j2, charts.html.j2, style.css.j2).
    #[arg(long, value_name = "DIR")]
    pub(crate) template: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let scope = args.decide.scope.resolve()?;
    let (set, opts) = args.decide.setup(&scope)?;
    watch(&set, &opts);
    let report = pipeline::run(&scope, &set, &opts, &|_| {})?;
    let html = render::html::render(&report, args.template.as_deref())?;
    match &args.output {
        Some(path) => std::fs::write(path, html).map_err(|e| Error::io(path, e))?,
        None => emit(&html)?,
    }
    Ok(report.exit_status())
}
