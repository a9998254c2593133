//! Deciding runs in a supervised worker process: a stopped or crashed evaluation still ends
//! with exit 2 and a report saying why.

use modelgate::decision::ExitStatus;
use modelgate::policy::PolicySet;
use modelgate::render::Format as ReportFormat;
use modelgate::{render, Error};
use std::path::PathBuf;
use std::process::ExitCode;

use super::*;

/// Set in the worker process of a supervised run: where it writes why it stopped early.
pub(crate) const WORKER_ENV: &str = "MODELGATE_WORKER_STATUS";
/// The worker's exit code when the watchdog ended it (the reason is in the status file).
pub(crate) const WATCHDOG_EXIT: i32 = 3;

/// A deciding run (`check`, `report`) executes in a worker process of this binary, so that an
/// evaluation that the watchdog stops, or that aborts (an allocation that fails, a crash),
/// still ends with exit 2 and a report saying why, never with an abort's exit code and no report.
pub(crate) struct Supervised {
    /// The bundles as given, or the folder searched by --all / --base.
    pub(crate) names: Vec<String>,
    pub(crate) now: Option<String>,
    /// check: the format and -o outputs; report: the HTML output.
    pub(crate) format: ReportFormat,
    pub(crate) output: Vec<String>,
    pub(crate) html_output: Option<PathBuf>,
    pub(crate) is_report: bool,
}

impl Supervised {
    pub(crate) fn of(cli: &Cli) -> Option<Self> {
        let names = |s: &ScopeArgs| -> Vec<String> {
            if s.bundles.is_empty() {
                vec![".".into()]
            } else {
                s.bundles.iter().map(|b| b.display().to_string()).collect()
            }
        };
        match &cli.command {
            Command::Check(a) => Some(Supervised {
                names: names(&a.decide.scope),
                now: a.decide.now.clone(),
                format: a.format,
                output: a.output.clone(),
                html_output: None,
                is_report: false,
            }),
            Command::Report(a) => Some(Supervised {
                names: names(&a.decide.scope),
                now: a.decide.now.clone(),
                format: ReportFormat::Html,
                output: Vec::new(),
                html_output: a.output.clone(),
                is_report: true,
            }),
            _ => None,
        }
    }

    /// Runs the command in a worker and returns its exit code; `None` when no worker can be
    /// started (the run then goes on in this process, unsupervised).
    pub(crate) fn supervise(&self) -> Option<ExitCode> {
        let status = tempfile::NamedTempFile::new().ok()?;
        let exe = std::env::current_exe().ok()?;
        let child = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(WORKER_ENV, status.path())
            .status()
            .ok()?;
        if let Some(code @ 0..=2) = child.code() {
            return Some(ExitCode::from(code as u8));
        }
        let written = std::fs::read_to_string(status.path()).unwrap_or_default();
        let (digest, why) = written.split_once('\n').unwrap_or(("", ""));
        let reason = if child.code() == Some(WATCHDOG_EXIT) && !why.trim().is_empty() {
            why.trim().to_string()
        } else {
            describe_abnormal(&child)
        };
        eprintln!("modelgate: failed");
        eprintln!("  Cause: {reason}");
        if let Err(e) = self.write_error_report(&reason, digest.trim()) {
            eprintln!("  Cause: the error report could not be written: {e}");
        }
        Some(ExitCode::from(ExitStatus::Error.code() as u8))
    }

    /// A report in every requested format whose every bundle errored with `reason`.
    pub(crate) fn write_error_report(&self, reason: &str, digest: &str) -> Result<(), Error> {
        let now = now_or_given(self.now.as_deref())?;
        let bundles = self
            .names
            .iter()
            .map(|n| {
                modelgate::decision::errored(
                    n,
                    &Error::Policy(modelgate::error::PolicyError::Stopped(reason.to_string())),
                )
            })
            .collect();
        let mut report = modelgate::decision::Report::new(
            modelgate::time::format(&now),
            &PolicySet::default(),
            &modelgate::config::Config::default(),
            bundles,
            Vec::new(),
            modelgate::decision::Selection::All,
        );
        // The worker wrote the run's digest before evaluating; without it (it stopped while
        // reading the policies) the report says so rather than naming another digest.
        report.policy_digest = if digest.is_empty() {
            "unknown".to_string()
        } else {
            digest.to_string()
        };
        if self.is_report {
            let html = render::html::render(&report, None)?;
            return match &self.html_output {
                Some(path) => std::fs::write(path, html).map_err(|e| Error::io(path, e)),
                None => emit(&html),
            };
        }
        write_outputs(&report, self.format, &self.output)
    }
}

/// Why a worker ended without an exit code of its own.
pub(crate) fn describe_abnormal(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let what = match sig {
                6 => "SIGABRT: most often an allocation that failed, i.e. out of memory",
                9 => "SIGKILL: most often the system's out-of-memory killer or a memory limit",
                11 => "SIGSEGV",
                _ => "a signal",
            };
            return format!("the evaluation ended abnormally (signal {sig}, {what})");
        }
    }
    format!(
        "the evaluation ended abnormally (exit status {})",
        status
            .code()
            .map_or("unknown".to_string(), |c| c.to_string())
    )
}
