//! The `modelgate` command line: parses flags, runs the library, prints, exits 0/1/2.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand, ValueEnum};
use modelgate::decision::ExitStatus;
use modelgate::pipeline::{self, Options};
use modelgate::policy::{self, PolicySet};
use modelgate::render::Format as ReportFormat;
use modelgate::{render, schema, Error};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const EXIT_CODES: &str = "Exit codes:\n  0  approve: every bundle passed (warnings allowed)\n  1  block: at least one deny finding\n  2  error: bad input, bad policy or internal failure (never an approval)";

/// Policy-as-code compliance gate for AI model deployments.
#[derive(Parser)]
#[command(name = "modelgate", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct PolicyArgs {
    /// Add the Rego policies in this folder or file (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// JSON or YAML data merged into `data`, e.g. parameters under modelgate.params (repeatable).
    #[arg(long = "data", value_name = "FILE")]
    data: Vec<PathBuf>,
    /// Do not load the built-in policy library.
    #[arg(long)]
    no_builtin: bool,
    /// A PEM public key allowed to sign model and evidence signatures (repeatable).
    #[arg(long = "key", value_name = "PUB.pem")]
    keys: Vec<PathBuf>,
    /// Sigstore trusted_root.json for keyless signatures (never fetched).
    #[arg(long, value_name = "FILE")]
    trusted_root: Option<PathBuf>,
    /// Allowed keyless signer: ISSUER=SUBJECT, or ISSUER=/REGEX/ (repeatable).
    #[arg(long = "identity", value_name = "ISSUER=SUBJECT")]
    identities: Vec<String>,
    /// Time limit of one policy evaluation, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    timeout: f64,
}

/// Which bundles a deciding run covers.
#[derive(clap::Args, Clone)]
struct ScopeArgs {
    /// Bundle folders (each with a modelgate.yaml, or found by convention); with --all or
    /// --base, the one folder to search (default: the current folder).
    #[arg(value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,
    /// Every bundle (folder with a modelgate.yaml) under the folder, checked in parallel.
    #[arg(long, conflicts_with = "base")]
    all: bool,
    /// Only the bundles whose files changed between REV and --head, read from the git objects
    /// at --head (not the work tree), each compared with its version at REV.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// The revision to check with --base.
    #[arg(long, value_name = "REV", default_value = "HEAD", requires = "base")]
    head: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check bundles and decide approve or block.
    #[command(after_help = EXIT_CODES)]
    Check {
        #[command(flatten)]
        scope: ScopeArgs,
        #[command(flatten)]
        policy: PolicyArgs,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: ReportFormat,
        /// Write the report to FILE (in --format) instead of standard output, or FORMAT=FILE
        /// (see --format) to write several formats at once (repeatable).
        #[arg(long, short = 'o', value_name = "[FORMAT=]FILE")]
        output: Vec<String>,
        /// Decision time (RFC 3339), for reproducible runs.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// Configuration: enforcement levels per rule and environment, waivers.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A file of waivers (repeatable).
        #[arg(long = "waivers", value_name = "FILE")]
        waivers: Vec<PathBuf>,
        /// Write a signed decision record (an in-toto statement in a DSSE envelope) to FILE, for
        /// approve and block alike; none when the run errors. Needs --sign-key.
        #[arg(long, value_name = "FILE", requires = "sign_key")]
        record: Option<PathBuf>,
        /// PEM private key that signs the record: ECDSA P-256 or P-384 (PKCS#8 or SEC1) or
        /// Ed25519 (PKCS#8).
        #[arg(long, value_name = "KEY.pem", requires = "record")]
        sign_key: Option<PathBuf>,
        /// How long the record stays valid: a number and s, m, h, d or w.
        #[arg(long, value_name = "DURATION", default_value = modelgate::record::DEFAULT_TTL)]
        record_ttl: String,
    },
    /// Check bundles and write the HTML audit report: verdict, findings by regulation and
    /// article, charts, evidence, signatures and waivers. Exit codes as `check`.
    #[command(after_help = EXIT_CODES)]
    Report {
        #[command(flatten)]
        scope: ScopeArgs,
        #[command(flatten)]
        policy: PolicyArgs,
        /// Write the HTML to FILE instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Templates that replace the built-in ones of the same file name (report.html.j2,
        /// bundle.html.j2, findings.html.j2, charts.html.j2, style.css.j2).
        #[arg(long, value_name = "DIR")]
        template: Option<PathBuf>,
        /// Decision time (RFC 3339), for reproducible runs.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// Configuration: enforcement levels per rule and environment, waivers.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A file of waivers (repeatable).
        #[arg(long = "waivers", value_name = "FILE")]
        waivers: Vec<PathBuf>,
    },
    /// Print the normalized input document that policies see for a bundle.
    Input {
        #[arg(value_name = "BUNDLE")]
        bundle: PathBuf,
        #[command(flatten)]
        policy: PolicyArgs,
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
    /// List the rules: id, level, severity, title, controls.
    Policies {
        #[command(flatten)]
        policy: PolicyArgs,
        /// markdown: the rule catalogue document (policies/README.md).
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: CatalogueFormat,
    },
    /// Explain one rule: what it checks, which controls it enforces, how to fix it.
    Explain {
        #[arg(value_name = "RULE_ID")]
        rule: String,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// Print a JSON Schema (input, manifest, datasheet, robustness, report, config, record), or
    /// write all.
    Schema {
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// Write every schema into this folder.
        #[arg(long, value_name = "DIR", conflicts_with = "name")]
        write: Option<PathBuf>,
    },
    /// Verify a signature: a model folder against an OpenSSF Model Signing signature, or a file
    /// against a Sigstore bundle. Exit 0 verified, 1 not verified, 2 error.
    Verify {
        /// The model folder (model signature) or the signed file (Sigstore bundle).
        #[arg(value_name = "PATH")]
        target: PathBuf,
        /// The signature: model.sig, or a Sigstore bundle (*.sigstore.json).
        #[arg(long, value_name = "FILE")]
        signature: PathBuf,
        /// A path of the model folder the signer left out, as model-signing's --ignore-paths
        /// (relative to the folder, or a path inside it; repeatable). Listed in the result.
        #[arg(
            long = "ignore-path",
            visible_alias = "ignore-paths",
            value_name = "PATH"
        )]
        ignore_paths: Vec<PathBuf>,
        /// CA certificates (PEM, several per file allowed; repeatable) that a model signature
        /// of model-signing's `certificate` method must chain to. Certificates the signature
        /// carries are never trusted themselves.
        #[arg(long = "certificate-chain", value_name = "PEM")]
        certificate_chain: Vec<PathBuf>,
        #[command(flatten)]
        policy: PolicyArgs,
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: Format,
    },
    /// Verify a decision record of `check --record`: signature, validity period, and that each
    /// --artifact is one of its subjects. Exit 0 verified, 1 not verified, 2 error.
    VerifyRecord {
        /// The record (DSSE envelope JSON).
        #[arg(value_name = "FILE")]
        record: PathBuf,
        /// A PEM public key allowed to sign records (repeatable).
        #[arg(long = "key", value_name = "PUB.pem", required = true)]
        keys: Vec<PathBuf>,
        /// A file, or a folder (every file in it), whose sha256 must be a subject (repeatable).
        #[arg(long = "artifact", value_name = "PATH")]
        artifacts: Vec<PathBuf>,
        /// Time to check the validity period at (RFC 3339); the current time by default.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// Also fail (exit 1) when the record's verdict is not approve.
        #[arg(long)]
        require_approve: bool,
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: Format,
    },
    /// Serve the Kubernetes validating admission webhook (HTTPS): admit a model workload only
    /// with a signed, approving, unexpired decision record for its environment.
    Serve {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:8443")]
        listen: std::net::SocketAddr,
        /// PEM certificate chain of the webhook (re-read when it changes).
        #[arg(long, value_name = "FILE")]
        tls_cert: PathBuf,
        /// PEM private key of the certificate (re-read when it changes).
        #[arg(long, value_name = "FILE")]
        tls_key: PathBuf,
        /// Folder of decision records (*.json), verified at load and re-read when it changes.
        #[arg(long, value_name = "DIR")]
        records: PathBuf,
        /// A PEM public key allowed to sign decision records (repeatable).
        #[arg(long = "key", value_name = "PUB.pem", required = true)]
        keys: Vec<PathBuf>,
        /// Namespace where denials only warn (repeatable).
        #[arg(long = "dry-run-namespace", value_name = "NS")]
        dry_run_namespaces: Vec<String>,
        /// Environment of namespaces whose webhook path names none (/validate/environment/NAME).
        #[arg(long, value_name = "NAME")]
        environment: Option<String>,
        /// Time limit of one policy evaluation, in milliseconds.
        #[arg(long, value_name = "MS", default_value_t = 2000)]
        eval_timeout: u64,
        /// Largest request body accepted, in bytes (larger: 413).
        #[arg(long, value_name = "BYTES", default_value_t = modelgate::serve::DEFAULT_MAX_BODY)]
        max_body: usize,
        /// JSON or YAML data merged into `data`, e.g. modelgate.params.admission (repeatable).
        #[arg(long = "data", value_name = "FILE")]
        data: Vec<PathBuf>,
        /// Seconds the records may stay unreadable before /healthz fails (Kubernetes then
        /// restarts the webhook).
        #[arg(long, value_name = "SECS", default_value_t = 300)]
        unready_restart_after: u64,
        /// Most connections served at once (default: three quarters of the file-descriptor
        /// limit, at most 4,096).
        #[arg(long, value_name = "N")]
        max_connections: Option<usize>,
    },
    /// Scaffold a bundle: modelgate.yaml, a model card template with every section the
    /// documentation policies require, and a datasheet; then list what to fill in.
    Init {
        /// The bundle folder (created if absent).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Release name (default: from the folder name).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
        /// Policy parameters (as for check --data) that decide which card sections are required.
        #[arg(long = "data", value_name = "FILE")]
        data: Vec<PathBuf>,
    },
    /// Verify a downloaded model folder at run time (an init container, or a wrapper of the
    /// server's command): every file's sha256 must be approved, by the newest signed record
    /// for the environment, unexpired and not revoked. Exit 0 verified (or exec COMMAND after
    /// `--`), 1 not verified, 2 error.
    FetchCheck {
        /// The folder the model was downloaded to (every file in it is checked).
        #[arg(value_name = "DIR")]
        folder: PathBuf,
        /// Folder of decision records and revocations (the webhook's).
        #[arg(long, value_name = "DIR")]
        records: PathBuf,
        /// A PEM public key allowed to sign records (repeatable).
        #[arg(long = "key", value_name = "PUB.pem", required = true)]
        keys: Vec<PathBuf>,
        /// The environment the pod runs in (records made for another do not count).
        #[arg(long, value_name = "NAME")]
        environment: Option<String>,
        /// Admission parameters, as for serve --data (repeatable).
        #[arg(long = "data", value_name = "FILE")]
        data: Vec<PathBuf>,
        /// Time to judge expiry at (RFC 3339); now by default.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: Format,
        /// After `--`: the command to run in place of this one once the folder is verified.
        #[arg(last = true, value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Revoke the approval of model digests: write a signed revocation for the webhook's records
    /// folder. The newest record of a digest decides, so the revocation wins over earlier
    /// approvals, in one environment or (without --environment) in all, until a newer decision.
    Revoke {
        /// Model digests (sha256:<hex> or hex) whose approval is withdrawn.
        #[arg(required = true, value_name = "DIGEST")]
        digests: Vec<String>,
        /// The environment it applies to; every environment when absent.
        #[arg(long, value_name = "NAME")]
        environment: Option<String>,
        /// Why (an incident, a newly banned component): shown in every denial it causes.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Who revokes (e.g. an e-mail), recorded beside the signature.
        #[arg(long, value_name = "WHO")]
        by: Option<String>,
        /// PEM private key of the gate (a key the webhook trusts for records).
        #[arg(long, value_name = "KEY.pem")]
        sign_key: PathBuf,
        /// Where to write the revocation (into the webhook's records folder).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
        /// The time it holds from (RFC 3339); now by default.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
    },
    /// Sign waivers, for configurations whose `trust.waiverKeys` require signed waivers.
    Waiver {
        #[command(subcommand)]
        command: WaiverCommand,
    },
    /// Print the sha256 of files as `sha256sum` does (streamed, files hashed in parallel).
    Digest {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Run the Rego unit tests (`test_*` rules in *_test.rego) of the built-in and given policies.
    Test {
        /// Folders with policies and their tests.
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Only tests whose name contains this.
        #[arg(long, value_name = "FILTER")]
        run: Option<String>,
        /// Do not run the built-in library's tests.
        #[arg(long)]
        no_builtin: bool,
        /// Print line coverage per policy file (uncovered lines listed).
        #[arg(long)]
        coverage: bool,
    },
}

#[derive(Subcommand)]
enum WaiverCommand {
    /// Sign every waiver of configuration or waiver files in place: a `signature:` is written
    /// into each entry (over its rule, target, release, reason, approver and expiry); comments
    /// and layout are kept. Any later edit of a signed field voids the signature.
    Sign {
        /// PEM private key of the approver: ECDSA P-256 or P-384 (PKCS#8 or SEC1) or Ed25519.
        #[arg(long, value_name = "KEY.pem")]
        sign_key: PathBuf,
        /// Configuration (`--config`) or waiver (`--waivers`) files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Set in the worker process of a supervised run: where it writes why it stopped early.
const WORKER_ENV: &str = "MODELGATE_WORKER_STATUS";
/// The worker's exit code when the watchdog ended it (the reason is in the status file).
const WATCHDOG_EXIT: i32 = 3;

fn main() -> ExitCode {
    // regorus reports an undefined or failed expression as an error value, and with
    // RUST_BACKTRACE set each one captures a backtrace: a third of a check's time. Library
    // backtraces are of no use to a user here (panics keep theirs: RUST_LIB_BACKTRACE only
    // governs captured ones), so they are off unless asked for by name. Set before any thread
    // starts; the supervised worker inherits it.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let cli = Cli::parse();
    if std::env::var_os(WORKER_ENV).is_none() {
        if let Some(plan) = Supervised::of(&cli) {
            if let Some(code) = plan.supervise() {
                return code;
            }
        }
    }
    match run(cli) {
        Ok(status) => ExitCode::from(status.code() as u8),
        Err(e) => {
            eprintln!("modelgate: failed");
            for line in e.to_string().lines() {
                eprintln!("  Cause: {line}");
            }
            ExitCode::from(ExitStatus::Error.code() as u8)
        }
    }
}

/// A deciding run (`check`, `report`) executes in a worker process of this binary, so that an
/// evaluation that the watchdog stops, or that aborts (an allocation that fails, a crash),
/// still ends with exit 2 and a report saying why, never with an abort's exit code and no report.
struct Supervised {
    /// The bundles as given, or the folder searched by --all / --base.
    names: Vec<String>,
    now: Option<String>,
    /// check: the format and -o outputs; report: the HTML output.
    format: ReportFormat,
    output: Vec<String>,
    html_output: Option<PathBuf>,
    is_report: bool,
}

impl Supervised {
    fn of(cli: &Cli) -> Option<Self> {
        let names = |s: &ScopeArgs| -> Vec<String> {
            if s.bundles.is_empty() {
                vec![".".into()]
            } else {
                s.bundles.iter().map(|b| b.display().to_string()).collect()
            }
        };
        match &cli.command {
            Command::Check {
                scope,
                format,
                output,
                now,
                ..
            } => Some(Supervised {
                names: names(scope),
                now: now.clone(),
                format: *format,
                output: output.clone(),
                html_output: None,
                is_report: false,
            }),
            Command::Report {
                scope, output, now, ..
            } => Some(Supervised {
                names: names(scope),
                now: now.clone(),
                format: ReportFormat::Html,
                output: Vec::new(),
                html_output: output.clone(),
                is_report: true,
            }),
            _ => None,
        }
    }

    /// Runs the command in a worker and returns its exit code; `None` when no worker can be
    /// started (the run then goes on in this process, unsupervised).
    fn supervise(&self) -> Option<ExitCode> {
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
    fn write_error_report(&self, reason: &str, digest: &str) -> Result<(), Error> {
        let now = now_or_given(self.now.as_deref())?;
        let bundles = self
            .names
            .iter()
            .map(|n| {
                modelgate::decision::errored(
                    n,
                    &Error::Policy(format!("the run was stopped: {reason}")),
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
fn describe_abnormal(status: &std::process::ExitStatus) -> String {
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

/// Renders `report` in `format` to standard output when `output` is empty, and to each
/// `[FORMAT=]FILE` of `output`.
fn write_outputs(
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
fn watch(set: &PolicySet, opts: &Options) {
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

fn load_policies(args: &PolicyArgs, tests: bool) -> Result<PolicySet, Error> {
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

fn options(args: &PolicyArgs, now: Option<&str>) -> Result<Options, Error> {
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

/// Policies and options of a run that decides (`check`, `report`): the clock, the
/// configuration with its waivers, and the trust it and the flags give.
///
/// With `--base`, every one of those files that lies in the repository is read as it is at the
/// base revision (see [`modelgate::gate`]).
fn check_setup(
    policy: &PolicyArgs,
    now: Option<&str>,
    config: Option<&std::path::Path>,
    waivers: &[PathBuf],
    scope: &pipeline::Scope,
) -> Result<(PolicySet, Options), Error> {
    let args = modelgate::gate::GateArgs {
        policies: policy.policies.clone(),
        data: policy.data.clone(),
        no_builtin: policy.no_builtin,
        config: config.map(std::path::Path::to_path_buf),
        waivers: waivers.to_vec(),
        trust: trust_flags(policy),
    };
    let changes = match scope {
        pipeline::Scope::Git { root, base, head } => {
            Some(modelgate::git::revisions(root, base, head)?)
        }
        _ => None,
    };
    let gate = modelgate::gate::load(&args, changes.as_ref())?;
    let mut opts = options(policy, now)?;
    opts.config = gate.config;
    opts.trust = gate.trust;
    opts.run_findings = gate.findings;
    opts.gate_changed = gate.changed;
    Ok((gate.policies, opts))
}

fn trust_flags(args: &PolicyArgs) -> modelgate::config::TrustFlags {
    modelgate::config::TrustFlags {
        keys: args.keys.clone(),
        trusted_root: args.trusted_root.clone(),
        identities: args.identities.clone(),
    }
}

impl ScopeArgs {
    /// The bundles from the positional folders and --all / --base.
    fn resolve(self) -> Result<pipeline::Scope, Error> {
        let ScopeArgs {
            mut bundles,
            all,
            base,
            head,
        } = self;
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

/// A progress bar for long runs, only for a person watching: on a terminal, for the text
/// format on stdout, and never under CI.
fn progress_bar(format: ReportFormat, output: &[String]) -> Option<indicatif::ProgressBar> {
    let watched = std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && matches!(format, ReportFormat::Text)
        && output.is_empty();
    if !watched {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} bundles {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Replaces this process with `program` (`fetch-check -- COMMAND`); returns only on failure.
fn exec(program: &str, args: &[String]) -> Error {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = std::process::Command::new(program).args(args).exec();
        Error::Usage(format!("cannot run {program}: {e}"))
    }
    #[cfg(not(unix))]
    {
        let _ = args;
        Error::Usage(format!(
            "cannot run {program}: exec is only supported on Unix"
        ))
    }
}

/// `--now`, or the current time.
fn now_or_given(now: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    now.map_or_else(|| Ok(chrono::Utc::now()), modelgate::time::parse_now)
}

/// A document as pretty JSON ending in a newline, as every `--format json` prints it.
fn pretty_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Usage(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Exit 0 for verified, 1 for not verified (`verify`, `verify-record`).
fn verified_status(verified: bool) -> ExitStatus {
    if verified {
        ExitStatus::Approve
    } else {
        ExitStatus::Block
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

fn style() -> render::Style {
    render::Style {
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Check {
            scope,
            policy,
            format,
            output,
            now,
            config,
            waivers,
            record,
            sign_key,
            record_ttl,
        } => {
            // Key and validity are checked first: a record that cannot be signed fails the run
            // before any evaluation.
            let record_ttl = modelgate::record::parse_ttl(&record_ttl)?;
            let sign_key = sign_key
                .as_deref()
                .map(modelgate::verify::sign::SigningKey::read)
                .transpose()?;
            let scope = scope.resolve()?;
            let (set, opts) =
                check_setup(&policy, now.as_deref(), config.as_deref(), &waivers, &scope)?;
            if record.is_some() {
                modelgate::record::check_ttl(record_ttl, opts.config.limits.max_record_ttl_days)?;
            }
            watch(&set, &opts);
            let bar = progress_bar(format, &output);
            let report = pipeline::run(&scope, &set, &opts, &|n| match (&bar, n) {
                (Some(b), 0) => b.inc(1),
                (Some(b), n) => {
                    // A handful of bundles finishes before a bar would help.
                    if n < 20 {
                        b.set_draw_target(indicatif::ProgressDrawTarget::hidden());
                    }
                    b.set_length(n as u64)
                }
                (None, _) => {}
            })?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            // The text report says it itself; other formats get the note on stderr.
            let text_on_stdout = matches!(format, ReportFormat::Text) && output.is_empty();
            if let (Some(g), true, false) = (&report.git, report.bundles.is_empty(), text_on_stdout)
            {
                eprintln!(
                    "modelgate: no bundle changed between {} and {}",
                    g.base.as_deref().unwrap_or("?"),
                    g.head.as_deref().unwrap_or("?")
                );
            }
            write_outputs(&report, format, &output)?;
            if let (Some(path), Some(key)) = (&record, &sign_key) {
                if report.exit_status() == ExitStatus::Error {
                    eprintln!(
                        "modelgate: no decision record written to {}: the run errored",
                        path.display()
                    );
                } else {
                    let json = modelgate::record::create(&report, key, record_ttl)?;
                    std::fs::write(path, json).map_err(|e| Error::io(path, e))?;
                }
            }
            Ok(report.exit_status())
        }
        Command::Report {
            scope,
            policy,
            output,
            template,
            now,
            config,
            waivers,
        } => {
            let scope = scope.resolve()?;
            let (set, opts) =
                check_setup(&policy, now.as_deref(), config.as_deref(), &waivers, &scope)?;
            watch(&set, &opts);
            let report = pipeline::run(&scope, &set, &opts, &|_| {})?;
            let html = render::html::render(&report, template.as_deref())?;
            match &output {
                Some(path) => std::fs::write(path, html).map_err(|e| Error::io(path, e))?,
                None => emit(&html)?,
            }
            Ok(report.exit_status())
        }
        Command::Input {
            bundle,
            policy,
            now,
        } => {
            let set = load_policies(&policy, false)?;
            let mut opts = options(&policy, now.as_deref())?;
            opts.trust = modelgate::config::resolve_trust(&opts.config, &trust_flags(&policy))?;
            let input = pipeline::load_input(&bundle, &set, &opts)?;
            emit(&pretty_json(&input)?)?;
            Ok(ExitStatus::Approve)
        }
        Command::Policies { policy, format } => {
            let set = load_policies(&policy, false)?;
            let text = match format {
                CatalogueFormat::Text => render::rules_text(&set.rules),
                CatalogueFormat::Json => pretty_json(&set.rules)?,
                CatalogueFormat::Markdown => {
                    render::catalogue_markdown(&set.rules, &set.default_params()?)
                }
            };
            emit(&text)?;
            Ok(ExitStatus::Approve)
        }
        Command::Explain { rule, policy } => {
            let set = load_policies(&policy, false)?;
            match set.rule(&rule) {
                Some(r) => {
                    emit(&render::explain_text(r))?;
                    Ok(ExitStatus::Approve)
                }
                None => match modelgate::decision::DIAGNOSTICS
                    .iter()
                    .find(|d| d.0 == rule)
                {
                    Some((id, title, description, _, _)) => {
                        emit(&format!("{id}: {title}\n\n  reported by modelgate itself (not a policy)\n\n{description}\n"))?;
                        Ok(ExitStatus::Approve)
                    }
                    None => Err(Error::Usage(format!(
                        "no rule with id `{rule}`; `modelgate policies` lists them"
                    ))),
                },
            }
        }
        Command::Verify {
            target,
            signature,
            ignore_paths,
            certificate_chain,
            policy,
            format,
        } => {
            let mut trust =
                modelgate::config::resolve_trust(&Default::default(), &trust_flags(&policy))?;
            if !certificate_chain.is_empty() {
                trust.ca_certs =
                    modelgate::verify::oms::CertificateChain::read(&certificate_chain)?;
            }
            let v = modelgate::verify::evidence::verify_path_ignoring(
                &target,
                &signature,
                &trust,
                &ignore_paths,
            )?;
            let text = match format {
                Format::Text => render::verify::signature(&v),
                Format::Json => pretty_json(&v)?,
            };
            emit(&text)?;
            Ok(verified_status(v.verified()))
        }
        Command::VerifyRecord {
            record,
            keys,
            artifacts,
            now,
            require_approve,
            format,
        } => {
            let keys = keys
                .iter()
                .map(|k| modelgate::verify::dsse::PublicKey::read(k))
                .collect::<Result<Vec<_>, Error>>()?;
            let now = now_or_given(now.as_deref())?;
            let mut v = modelgate::record::verify_file(&record, &keys, now, &artifacts)?;
            if require_approve {
                v.require_approve();
            }
            let text = match format {
                Format::Text => render::verify::record(&v),
                Format::Json => pretty_json(&v)?,
            };
            emit(&text)?;
            Ok(verified_status(v.verified))
        }
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            records,
            keys,
            dry_run_namespaces,
            environment,
            eval_timeout,
            max_body,
            data,
            unready_restart_after,
            max_connections,
        } => {
            if eval_timeout == 0 || max_body == 0 {
                return Err(Error::Usage(
                    "--eval-timeout and --max-body must be positive".into(),
                ));
            }
            let mut config = modelgate::serve::Config::new(listen, tls_cert, tls_key, records);
            config.keys = keys
                .iter()
                .map(|k| modelgate::verify::dsse::PublicKey::read(k))
                .collect::<Result<Vec<_>, Error>>()?;
            config.dry_run_namespaces = dry_run_namespaces;
            config.environment = environment;
            config.eval_timeout = Duration::from_millis(eval_timeout);
            config.max_body = max_body;
            config.unready_limit = Duration::from_secs(unready_restart_after);
            if let Some(n) = max_connections {
                if n == 0 {
                    return Err(Error::Usage("--max-connections must be positive".into()));
                }
                config.max_connections = n;
            }
            let mut set = PolicySet::default();
            for d in &data {
                set.add_data_file(d)?;
            }
            config.data = set.data;
            modelgate::serve::run(config)?;
            Ok(ExitStatus::Approve)
        }
        Command::Init {
            dir,
            name,
            force,
            data,
        } => {
            let mut set = PolicySet::builtin(false)?;
            for d in &data {
                set.add_data_file(d)?;
            }
            emit(&modelgate::init::init(&set, &dir, name.as_deref(), force)?)?;
            Ok(ExitStatus::Approve)
        }
        Command::FetchCheck {
            folder,
            records,
            keys,
            environment,
            data,
            now,
            format,
            command,
        } => {
            let keys = keys
                .iter()
                .map(|k| modelgate::verify::dsse::PublicKey::read(k))
                .collect::<Result<Vec<_>, Error>>()?;
            let mut set = PolicySet::default();
            for d in &data {
                set.add_data_file(d)?;
            }
            let now = now_or_given(now.as_deref())?;
            let v = modelgate::fetchcheck::check(
                &folder,
                &records,
                &keys,
                environment.as_deref(),
                &set.data,
                now,
            )?;
            let text = match format {
                Format::Text => render::verify::fetch_check(&v),
                Format::Json => pretty_json(&v)?,
            };
            // The verdict goes to stderr when a command follows, so its output stays its own.
            if command.is_empty() {
                emit(&text)?;
            } else {
                eprint!("{text}");
            }
            if !v.verified {
                return Ok(ExitStatus::Block);
            }
            match command.split_first() {
                None => Ok(ExitStatus::Approve),
                Some((program, args)) => Err(exec(program, args)),
            }
        }
        Command::Revoke {
            digests,
            environment,
            reason,
            by,
            sign_key,
            output,
            now,
        } => {
            let key = modelgate::verify::sign::SigningKey::read(&sign_key)?;
            let now = now_or_given(now.as_deref())?;
            let statement = modelgate::revocation::statement(
                &digests,
                environment.as_deref(),
                &reason,
                by.as_deref(),
                now,
            )?;
            let json = modelgate::revocation::create(&statement, &key)?;
            std::fs::write(&output, json).map_err(|e| Error::io(&output, e))?;
            emit(&format!(
                "revoked {} digest(s) {} from {} ({}) in {}\n",
                statement.subject.len(),
                environment
                    .as_deref()
                    .map_or("in every environment".to_string(), |e| format!("in {e}")),
                statement.predicate.time,
                statement.predicate.revocation_id,
                output.display()
            ))?;
            Ok(ExitStatus::Approve)
        }
        Command::Waiver {
            command: WaiverCommand::Sign { sign_key, files },
        } => {
            let key = modelgate::verify::sign::SigningKey::read(&sign_key)?;
            let mut text = String::new();
            for f in &files {
                let n = modelgate::config::sign_waiver_file(f, &key)?;
                text.push_str(&format!(
                    "signed {n} waiver(s) in {} with key {}\n",
                    f.display(),
                    key.key_id()
                ));
            }
            emit(&text)?;
            Ok(ExitStatus::Approve)
        }
        Command::Digest { files } => {
            use rayon::prelude::*;
            let digests: Vec<Result<(u64, String), Error>> = files
                .par_iter()
                .map(|f| modelgate::digest::hash_file(f))
                .collect();
            let mut text = String::new();
            for (f, d) in files.iter().zip(digests) {
                let (_, hex) = d?;
                text.push_str(&format!("{hex}  {}\n", f.display()));
            }
            emit(&text)?;
            Ok(ExitStatus::Approve)
        }
        Command::Schema { name, write } => {
            if let Some(dir) = write {
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                for (n, file) in schema::NAMES {
                    let path = dir.join(file);
                    std::fs::write(&path, schema::schema(n).unwrap_or_default())
                        .map_err(|e| Error::io(path, e))?;
                }
                return Ok(ExitStatus::Approve);
            }
            let name = name.unwrap_or_else(|| "input".into());
            match schema::schema(&name) {
                Some(s) => emit(&s)?,
                None => {
                    let names: Vec<&str> = schema::NAMES.iter().map(|(n, _)| *n).collect();
                    return Err(Error::Usage(format!(
                        "unknown schema `{name}`; one of: {}",
                        names.join(", ")
                    )));
                }
            }
            Ok(ExitStatus::Approve)
        }
        Command::Test {
            dirs,
            run,
            no_builtin,
            coverage,
        } => {
            let args = PolicyArgs {
                policies: dirs,
                data: Vec::new(),
                no_builtin,
                timeout: 10.0,
                keys: Vec::new(),
                trusted_root: None,
                identities: Vec::new(),
            };
            let set = load_policies(&args, true)?;
            let (results, cov) = policy::run_tests_with_coverage(
                &set,
                run.as_deref(),
                policy::DEFAULT_TIMEOUT,
                coverage,
            )?;
            let mut text = String::new();
            for r in &results {
                if r.passed {
                    text.push_str(&format!("PASS {}\n", r.name));
                } else {
                    text.push_str(&format!("FAIL {}: {}\n", r.name, r.detail));
                }
            }
            if coverage {
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
    }
}
