//! `modelgate test`: run the Rego unit tests of the built-in and given policies.

use modelgate::decision::ExitStatus;
use modelgate::{policy, render, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Folders with policies and their tests.
    #[arg(value_name = "DIR")]
    pub(crate) dirs: Vec<PathBuf>,
    /// Only tests whose name contains this.
    #[arg(long, value_name = "FILTER")]
    pub(crate) run: Option<String>,
    /// Do not run the built-in library's tests.
    #[arg(long)]
    pub(crate) no_builtin: bool,
    /// Print line coverage per policy file (uncovered lines listed).
    #[arg(long)]
    pub(crate) coverage: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let policies = PolicyArgs {
        policies: args.dirs,
        data: Vec::new(),
        no_builtin: args.no_builtin,
        timeout: 10.0,
        keys: Vec::new(),
        trusted_root: None,
        identities: Vec::new(),
    };
    let set = load_policies(&policies, true)?;
    let (results, cov) = policy::run_tests_with_coverage(
        &set,
        args.run.as_deref(),
        policy::DEFAULT_TIMEOUT,
        args.coverage,
    )?;
    let mut text = String::new();
    for r in &results {
        if r.passed {
            text.push_str(&format!("PASS {}\n", r.name));
        } else {
            text.push_str(&format!("FAIL {}: {}\n", r.name, r.detail));
        }
    }
    if args.coverage {
        text.push_str(&render::coverage_text(&cov));
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    text.push_str(&format!(
        "{} passed, {} failed\n",
        results.len() - failed,
        failed
    ));
    emit(&text)?;
    if results.is_empty() {
        return Err(Error::Usage("no test_* rules found".into()));
    }
    Ok(if failed == 0 {
        ExitStatus::Approve
    } else {
        ExitStatus::Block
    })
}
