//! The command line as clap parses it: every subcommand, flag and help text.

use clap::{Parser, Subcommand, ValueEnum};
use modelgate::render::Format as ReportFormat;
use std::path::PathBuf;

pub(crate) const EXIT_CODES: &str = "Exit codes:\n  0  approve: every bundle passed (warnings allowed)\n  1  block: at least one deny finding\n  2  error: bad input, bad policy or internal failure (never an approval)";

/// Policy-as-code compliance gate for AI model deployments.
#[derive(Parser)]
#[command(name = "modelgate", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(clap::Args, Clone)]
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
#[derive(clap::Args, Clone)]
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

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum WaiverCommand {
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
