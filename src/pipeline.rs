//! The whole pipeline for a set of bundles: locate and load in parallel, evaluate on one
//! prepared engine, decide. Nothing here touches the network.

use crate::decision::{self, BundleReport, Report};
use crate::error::{Error, Result};
use crate::input::{Context, Input};
use crate::policy::PolicySet;
use chrono::{DateTime, SecondsFormat, Utc};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

/// How a check runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The decision time; fixed by `--now` for reproducible runs.
    pub now: DateTime<Utc>,
    /// Limit of one policy evaluation.
    pub timeout: Duration,
    /// Enforcement levels and waivers.
    pub config: crate::config::Config,
    /// Keys, trusted root and identities that signatures are verified against.
    pub trust: crate::verify::evidence::Trust,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: Utc::now(),
            timeout: crate::policy::DEFAULT_TIMEOUT,
            config: crate::config::Config::default(),
            trust: Default::default(),
        }
    }
}

/// RFC 3339 with whole seconds and `Z`, the one time format of every report.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses `--now`.
pub fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            Error::Usage(format!(
                "--now {s:?} is not an RFC 3339 time (e.g. 2026-01-31T12:00:00Z): {e}"
            ))
        })
}

/// Loads one bundle into the input document a policy sees.
pub fn load_input(bundle: &std::path::Path, policies: &PolicySet, opts: &Options) -> Result<Input> {
    let mut input = crate::bundle::load(bundle, &opts.trust)?;
    input.context = Context {
        now: format_time(&opts.now),
        now_ns: opts.now.timestamp_nanos_opt().unwrap_or(i64::MAX),
        tool_version: crate::TOOL_VERSION.to_string(),
        policy_digest: policies.digest(),
        bundle: bundle.display().to_string(),
    };
    Ok(input)
}

/// Checks every bundle. A policy set that does not compile is an error for the whole run; a
/// bundle that cannot be loaded or evaluated is an `error` verdict in the report (exit 2).
///
/// ```no_run
/// use modelgate::{pipeline, policy::PolicySet};
/// let policies = PolicySet::builtin(false)?;
/// let report = pipeline::check(&["examples/approved".into()], &policies, &pipeline::Options::default())?;
/// println!("{}", report.verdict);
/// # Ok::<(), modelgate::Error>(())
/// ```
pub fn check(bundles: &[PathBuf], policies: &PolicySet, opts: &Options) -> Result<Report> {
    let mut engine = policies.engine(opts.timeout)?;
    let today = opts.now.date_naive();
    let mut used = vec![0usize; opts.config.waivers.len()];
    let inputs: Vec<Result<Input>> = bundles
        .par_iter()
        .map(|b| load_input(b, policies, opts))
        .collect();
    let mut reports: Vec<BundleReport> = Vec::with_capacity(bundles.len());
    for (path, input) in bundles.iter().zip(inputs) {
        let name = path.display().to_string();
        let report = match input {
            Err(e) => decision::errored(&name, &e),
            Ok(input) => match serde_json::to_value(&input) {
                Err(e) => decision::errored(&name, &Error::Policy(format!("input: {e}"))),
                Ok(json) => match engine.evaluate(&json) {
                    Ok(raw) => decision::decide(
                        &name,
                        &input,
                        raw,
                        policies,
                        &opts.config,
                        today,
                        &mut used,
                    ),
                    Err(e) => decision::errored(&name, &e),
                },
            },
        };
        reports.push(report);
    }
    let findings = decision::waiver_findings(&opts.config, today, &used);
    Ok(Report::new(
        format_time(&opts.now),
        policies,
        reports,
        findings,
    ))
}
