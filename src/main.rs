//! The `modelgate` command line: parses flags, runs the library, prints, exits 0/1/2.

use clap::{Parser, Subcommand, ValueEnum};
use modelgate::decision::ExitStatus;
use modelgate::pipeline::{self, Options};
use modelgate::policy::{self, PolicySet};
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

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    /// JUnit XML: a test case per rule and bundle.
    Junit,
    /// A pull-request comment.
    Markdown,
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
        /// Bundle folders (each with a modelgate.yaml, or found by convention).
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        #[command(flatten)]
        policy: PolicyArgs,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: ReportFormat,
        /// Write the report to FILE (in --format) instead of standard output, or FORMAT=FILE
        /// (text, json, junit, markdown) to write several formats at once (repeatable).
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
    /// Print a JSON Schema (input, manifest, datasheet, robustness, report), or write all.
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
        #[command(flatten)]
        policy: PolicyArgs,
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: Format,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        now: match now {
            Some(s) => pipeline::parse_time(s)?,
            None => chrono::Utc::now(),
        },
        timeout: Duration::from_secs_f64(args.timeout),
        config: Default::default(),
        trust: Default::default(),
    })
}

fn trust_flags(args: &PolicyArgs) -> modelgate::config::TrustFlags {
    modelgate::config::TrustFlags {
        keys: args.keys.clone(),
        trusted_root: args.trusted_root.clone(),
        identities: args.identities.clone(),
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
            bundles,
            policy,
            format,
            output,
            now,
            config,
            waivers,
        } => {
            let set = load_policies(&policy, false)?;
            let mut opts = options(&policy, now.as_deref())?;
            opts.config = modelgate::config::load(config.as_deref(), &waivers)?;
            opts.trust = modelgate::config::resolve_trust(&opts.config, &trust_flags(&policy))?;
            let report = pipeline::check(&bundles, &set, &opts)?;
            let render_as = |f: ReportFormat, st: render::Style| match f {
                ReportFormat::Json => render::json(&report),
                ReportFormat::Junit => render::junit(&report),
                ReportFormat::Markdown => render::markdown(&report),
                ReportFormat::Text => render::text(&report, st),
            };
            if output.is_empty() {
                emit(&render_as(format, style()))?;
            }
            for spec in &output {
                let (f, path) = match spec.split_once('=') {
                    Some((name, path)) => match ReportFormat::from_str(name, true) {
                        Ok(f) => (f, path),
                        Err(_) => {
                            return Err(Error::Usage(format!(
                                "--output {spec}: `{name}` is not a format (text, json, junit, markdown)"
                            )))
                        }
                    },
                    None => (format, spec.as_str()),
                };
                let text = render_as(f, render::Style { color: false });
                std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
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
            let mut s =
                serde_json::to_string_pretty(&input).map_err(|e| Error::Usage(e.to_string()))?;
            s.push('\n');
            emit(&s)?;
            Ok(ExitStatus::Approve)
        }
        Command::Policies { policy, format } => {
            let set = load_policies(&policy, false)?;
            let text = match format {
                CatalogueFormat::Text => render::rules_text(&set.rules),
                CatalogueFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&set.rules)
                        .map_err(|e| Error::Usage(e.to_string()))?;
                    s.push('\n');
                    s
                }
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
                    Some((id, title, description)) => {
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
            policy,
            format,
        } => {
            let trust =
                modelgate::config::resolve_trust(&Default::default(), &trust_flags(&policy))?;
            let v = modelgate::verify::evidence::verify_path(&target, &signature, &trust)?;
            let text = match format {
                Format::Text => v.text(),
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&v)
                        .map_err(|e| Error::Usage(e.to_string()))?;
                    s.push('\n');
                    s
                }
            };
            emit(&text)?;
            Ok(if v.verified() {
                ExitStatus::Approve
            } else {
                ExitStatus::Block
            })
        }
        Command::Digest { files } => {
            use rayon::prelude::*;
            let digests: Vec<Result<(u64, String), Error>> = files
                .par_iter()
                .map(|f| modelgate::bundle::hash_file(f))
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
