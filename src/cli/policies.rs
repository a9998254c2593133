//! `modelgate policies`: list the rules, or write the rule catalogue.

use modelgate::decision::ExitStatus;
use modelgate::{render, Error};

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// markdown: the rule catalogue document (policies/README.md).
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub(crate) format: CatalogueFormat,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let set = load_policies(&args.policy, false)?;
    let text = match args.format {
        CatalogueFormat::Text => render::rules_text(&set.rules),
        CatalogueFormat::Json => pretty_json(&set.rules)?,
        CatalogueFormat::Markdown => render::catalogue_markdown(&set.rules, &set.default_params()?),
    };
    emit(&text)?;
    Ok(ExitStatus::Approve)
}
