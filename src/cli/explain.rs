//! `modelgate explain`: what a rule, a finding of modelgate's own or a diagnostic code means.

use modelgate::decision::ExitStatus;
use modelgate::{render, Error};

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[arg(value_name = "RULE_ID")]
    pub(crate) rule: String,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let rule = args.rule;
    let set = load_policies(&args.policy, false)?;
    if let Some(r) = set.rule(&rule) {
        emit(&render::explain_text(r))?;
        return Ok(ExitStatus::Approve);
    }
    if let Some((id, title, description, _, _)) = modelgate::decision::DIAGNOSTICS
        .iter()
        .find(|d| d.0 == rule)
    {
        emit(&format!(
            "{id}: {title}\n\n  reported by modelgate itself (not a policy)\n\n{description}\n"
        ))?;
        return Ok(ExitStatus::Approve);
    }
    match modelgate::diagnostic::Code::parse(&rule) {
        Some(code) => {
            emit(&format!(
                "{code}: {}\n\n  an evidence or configuration error (exit 2; the bundle is not evaluated)\n\n{}\n",
                code.title(),
                code.description()
            ))?;
            Ok(ExitStatus::Approve)
        }
        None => Err(Error::Usage(format!(
            "no rule with id `{rule}`; `modelgate policies` lists them"
        ))),
    }
}
