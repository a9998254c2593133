//! The command line as clap parses it: the subcommands and the flag groups several of them
//! share. Each subcommand's own flags are beside its run, in `src/cli/<subcommand>.rs`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

use super::{
    check, digest, explain, fetch_check, init, input, policies, report, revoke, schema, serve,
    test, verify, verify_record, waiver,
};

pub(crate) const EXIT_CODES: &str = "Exit codes:\n  0  approve: every bundle passed (warnings allowed)\n  1  block: at least one deny finding\n  2  error: bad input, bad policy or internal failure (never an approval)";

/// Where `--now`, `--config` and `--waivers` of [`DecideArgs`] sit in `--help`: after the
/// deciding command's own output flags, as they did before they were shared. A command's flags
/// that follow them take `DECIDE_LATE + 3` onwards.
pub(crate) const DECIDE_LATE: usize = 100;

/// Policy-as-code compliance gate for AI model deployments.
#[derive(Parser)]
#[command(name = "modelgate", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(clap::Args, Clone, Debug, PartialEq)]
pub(crate) struct PolicyArgs {
    /// Add the Rego policies in this folder or file (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
    /// JSON or YAML data merged into `data`, e.g. parameters under modelgate.params (repeatable).
    #[arg(long = "data", value_name = "FILE")]
    pub(crate) data: Vec<PathBuf>,
    /// Do not load the built-in policy library.
    #[arg(long)]
    pub(crate) no_builtin: bool,
    /// A PEM public key allowed to sign model and evidence signatures (repeatable).
    #[arg(long = "key", value_name = "PUB.pem")]
    pub(crate) keys: Vec<PathBuf>,
    /// Sigstore trusted_root.json for keyless signatures (never fetched).
    #[arg(long, value_name = "FILE")]
    pub(crate) trusted_root: Option<PathBuf>,
    /// Allowed keyless signer: ISSUER=SUBJECT, or ISSUER=/REGEX/ (repeatable).
    #[arg(long = "identity", value_name = "ISSUER=SUBJECT")]
    pub(crate) identities: Vec<String>,
    /// Time limit of one policy evaluation, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub(crate) timeout: f64,
}

/// Which bundles a deciding run covers.
#[derive(clap::Args, Clone, Debug, PartialEq)]
pub(crate) struct ScopeArgs {
    /// Bundle folders (each with a modelgate.yaml, or found by convention); with --all or
    /// --base, the one folder to search (default: the current folder).
    #[arg(value_name = "BUNDLE")]
    pub(crate) bundles: Vec<PathBuf>,
    /// Every bundle (folder with a modelgate.yaml) under the folder, checked in parallel.
    #[arg(long, conflicts_with = "base")]
    pub(crate) all: bool,
    /// Only the bundles whose files changed between REV and --head, read from the git objects
    /// at --head (not the work tree), each compared with its version at REV.
    #[arg(long, value_name = "REV")]
    pub(crate) base: Option<String>,
    /// The revision to check with --base.
    #[arg(long, value_name = "REV", default_value = "HEAD", requires = "base")]
    pub(crate) head: String,
}

/// The flags of a run that decides (`check`, `report`): the bundles, the policies and trust,
/// the clock, the configuration and the waivers.
#[derive(clap::Args, Clone, Debug, PartialEq)]
pub(crate) struct DecideArgs {
    #[command(flatten)]
    pub(crate) scope: ScopeArgs,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// A PEM public key of the gate that signs decision records (repeatable): a rollback
    /// target's record counts only when a record key signed it (`check` also trusts its own
    /// --sign-key). Not a --key: the release's author holds those.
    #[arg(long = "record-key", value_name = "PUB.pem")]
    pub(crate) record_keys: Vec<PathBuf>,
    /// Decision time (RFC 3339), for reproducible runs.
    #[arg(long, value_name = "RFC3339", display_order = DECIDE_LATE)]
    pub(crate) now: Option<String>,
    /// Configuration: enforcement levels per rule and environment, waivers.
    #[arg(long, value_name = "FILE", display_order = DECIDE_LATE + 1)]
    pub(crate) config: Option<PathBuf>,
    /// A file of waivers (repeatable).
    #[arg(long = "waivers", value_name = "FILE", display_order = DECIDE_LATE + 2)]
    pub(crate) waivers: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
pub(crate) enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Check bundles and decide approve or block.
    #[command(after_help = EXIT_CODES)]
    Check(check::Args),
    /// Check bundles and write the HTML audit report: verdict, findings by regulation and
    /// article, charts, evidence, signatures and waivers. Exit codes as `check`.
    #[command(after_help = EXIT_CODES)]
    Report(report::Args),
    /// Print the normalized input document that policies see for a bundle.
    Input(input::Args),
    /// List the rules: id, level, severity, title, controls.
    Policies(policies::Args),
    /// Explain one rule: what it checks, which controls it enforces, how to fix it.
    Explain(explain::Args),
    /// Print a JSON Schema (input, manifest, datasheet, robustness, report, config, record), or
    /// write all.
    Schema(schema::Args),
    /// Verify a signature: a model folder against an OpenSSF Model Signing signature, or a file
    /// against a Sigstore bundle. Exit 0 verified, 1 not verified, 2 error.
    Verify(verify::Args),
    /// Verify a decision record of `check --record`: signature, validity period, and that each
    /// --artifact is one of its subjects. Exit 0 verified, 1 not verified, 2 error.
    VerifyRecord(verify_record::Args),
    /// Serve the Kubernetes validating admission webhook (HTTPS): admit a model workload only
    /// with a signed, approving, unexpired decision record for its environment.
    Serve(serve::Args),
    /// Scaffold a bundle: modelgate.yaml, a model card template with every section the
    /// documentation policies require, and a datasheet; then list what to fill in.
    Init(init::Args),
    /// Verify a downloaded model folder at run time (an init container, or a wrapper of the
    /// server's command): every file's sha256 must be approved, by the newest signed record
    /// for the environment, unexpired and not revoked. Exit 0 verified (or exec COMMAND after
    /// `--`), 1 not verified, 2 error.
    FetchCheck(fetch_check::Args),
    /// Revoke the approval of model digests: write a signed revocation for the webhook's records
    /// folder. The newest record of a digest decides, so the revocation wins over earlier
    /// approvals, in one environment or (without --environment) in all, until a newer decision.
    Revoke(revoke::Args),
    /// Sign waivers, for configurations whose `trust.waiverKeys` require signed waivers.
    Waiver {
        #[command(subcommand)]
        command: waiver::Command,
    },
    /// Print the sha256 of files as `sha256sum` does (streamed, files hashed in parallel).
    Digest(digest::Args),
    /// Run the Rego unit tests (`test_*` rules in *_test.rego) of the built-in and given policies.
    Test(test::Args),
}
