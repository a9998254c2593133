//! What several subcommands share: policies and options from flags, trust, output.

use clap::ValueEnum;
use modelgate::decision::ExitStatus;
use modelgate::pipeline::{self, Options};
use modelgate::policy::PolicySet;
use modelgate::render::Format as ReportFormat;
use modelgate::{render, Error};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use super::*;

/// Renders `report` in `format` to standard output when `output` is empty, and to each
/// `[FORMAT=]FILE` of `output`.
pub(crate) fn write_outputs(
    report: &modelgate::decision::Report,
    format: ReportFormat,
    output: &[String],
) -> Result<(), Error> {
    let render_as = |f: ReportFormat, st: render::Style| -> Result<String, Error> {
        Ok(render::render(report, f, st)?)
    };
    if output.is_empty() {
        emit(&render_as(format, style())?)?;
    }
    for spec in output {
        let (f, path) = match spec.split_once('=') {
            Some((name, path)) => match ReportFormat::from_str(name, true) {
                Ok(f) => (f, path),
                Err(_) => {
                    let names: Vec<String> = ReportFormat::value_variants()
                        .iter()
                        .filter_map(|v| v.to_possible_value())
                        .map(|v| v.get_name().to_string())
                        .collect();
                    return Err(Error::Usage(format!(
                        "--output {spec}: `{name}` is not a format ({})",
                        names.join(", ")
                    )));
                }
            },
            None => (format, spec.as_str()),
        };
        let text = render_as(f, render::Style { color: false })?;
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// In the worker of a supervised run: the watchdog ends the process with [`WATCHDOG_EXIT`]
/// after writing why to the status file.
/// The status file holds the run's policy digest on its first line (so that the parent's
/// report names it), then why the run was stopped.
pub(crate) fn watch(set: &PolicySet, opts: &Options) {
    let Some(status) = std::env::var_os(WORKER_ENV) else {
        return;
    };
    let digest = modelgate::decision::policy_digest(set, &opts.config);
    let _ = std::fs::write(&status, format!("{digest}\n"));
    modelgate::watchdog::start(
        opts.timeout,
        opts.config.limits.max_memory_bytes,
        move |breach| {
            let _ = std::fs::write(&status, format!("{digest}\n{breach}"));
            std::process::exit(WATCHDOG_EXIT);
        },
    );
}

pub(crate) fn load_policies(args: &PolicyArgs, tests: bool) -> Result<PolicySet, Error> {
    let mut set = if args.no_builtin {
        PolicySet::default()
    } else {
        PolicySet::builtin(tests)?
    };
    for dir in &args.policies {
        set.add_dir(dir, tests)?;
    }
    for d in &args.data {
        set.add_data_file(d)?;
    }
    if set.modules.is_empty() {
        return Err(Error::Usage(
            "no policies: --no-builtin needs at least one --policy".into(),
        ));
    }
    Ok(set)
}

pub(crate) fn options(args: &PolicyArgs, now: Option<&str>) -> Result<Options, Error> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(Error::Usage(
            "--timeout must be a positive number of seconds".into(),
        ));
    }
    Ok(Options {
        now: now_or_given(now)?,
        timeout: Duration::from_secs_f64(args.timeout),
        ..Options::default()
    })
}

pub(crate) fn trust_flags(args: &PolicyArgs) -> modelgate::config::TrustFlags {
    modelgate::config::TrustFlags {
        keys: args.keys.clone(),
        trusted_root: args.trusted_root.clone(),
        identities: args.identities.clone(),
        record_keys: Vec::new(),
    }
}

impl DecideArgs {
    /// What `--config`, `--waivers`, the policy and the trust flags ask the gate to load.
    pub(crate) fn gate_args(&self) -> modelgate::gate::GateArgs {
        modelgate::gate::GateArgs {
            policies: self.policy.policies.clone(),
            data: self.policy.data.clone(),
            no_builtin: self.policy.no_builtin,
            config: self.config.clone(),
            waivers: self.waivers.clone(),
            trust: modelgate::config::TrustFlags {
                record_keys: self.record_keys.clone(),
                ..trust_flags(&self.policy)
            },
        }
    }

    /// Policies and options of the run: the clock, the configuration with its waivers, and
    /// the trust it and the flags give.
    ///
    /// With `--base`, every one of those files that lies in the repository is read as it is
    /// at the base revision (see [`modelgate::gate`]).
    pub(crate) fn setup(&self, scope: &pipeline::Scope) -> Result<(PolicySet, Options), Error> {
        let changes = match scope {
            pipeline::Scope::Git { root, base, head } => {
                Some(modelgate::git::revisions(root, base, head)?)
            }
            _ => None,
        };
        let gate = modelgate::gate::load(&self.gate_args(), changes.as_ref())?;
        let mut opts = options(&self.policy, self.now.as_deref())?;
        opts.config = gate.config;
        opts.trust = gate.trust;
        opts.run_findings = gate.findings;
        opts.gate_changed = gate.changed;
        Ok((gate.policies, opts))
    }
}

impl ScopeArgs {
    /// The bundles from the positional folders and --all / --base.
    pub(crate) fn resolve(&self) -> Result<pipeline::Scope, Error> {
        let ScopeArgs {
            mut bundles,
            all,
            base,
            head,
        } = self.clone();
        if !all && base.is_none() {
            if bundles.is_empty() {
                return Err(Error::Usage(
                    "no bundle given: name bundle folders, or use --all or --base".into(),
                ));
            }
            return Ok(pipeline::Scope::Paths(bundles));
        }
        if bundles.len() > 1 {
            return Err(Error::Usage(
                "--all and --base search one folder; give at most one".into(),
            ));
        }
        let root = bundles.pop().unwrap_or_else(|| PathBuf::from("."));
        Ok(match base {
            Some(base) => pipeline::Scope::Git { root, base, head },
            None => pipeline::Scope::All(root),
        })
    }
}

/// `--now`, or the current time.
pub(crate) fn now_or_given(now: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    now.map_or_else(|| Ok(chrono::Utc::now()), modelgate::time::parse_now)
}

/// The PEM public keys of `--key` (records: `verify-record`, `serve`, `fetch-check`).
pub(crate) fn read_public_keys(
    paths: &[PathBuf],
) -> Result<Vec<modelgate::verify::dsse::PublicKey>, Error> {
    paths
        .iter()
        .map(|k| modelgate::verify::dsse::PublicKey::read(k))
        .collect()
}

/// The `data` documents of `--data` files alone, without policies (`serve`, `fetch-check`).
pub(crate) fn read_data(paths: &[PathBuf]) -> Result<Vec<serde_json::Value>, Error> {
    let mut set = PolicySet::default();
    for d in paths {
        set.add_data_file(d)?;
    }
    Ok(set.data)
}

/// A document as pretty JSON ending in a newline, as every `--format json` prints it.
pub(crate) fn pretty_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Usage(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Exit 0 for verified, 1 for not verified (`verify`, `verify-record`).
pub(crate) fn verified_status(verified: bool) -> ExitStatus {
    if verified {
        ExitStatus::Approve
    } else {
        ExitStatus::Block
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

pub(crate) fn style() -> render::Style {
    render::Style {
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}
