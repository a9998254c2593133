//! `modelgate verify`: check a model signature or a Sigstore bundle on its own.

use modelgate::decision::ExitStatus;
use modelgate::{render, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The model folder (model signature) or the signed file (Sigstore bundle).
    #[arg(value_name = "PATH")]
    pub(crate) target: PathBuf,
    /// The signature: model.sig, or a Sigstore bundle (*.sigstore.json).
    #[arg(long, value_name = "FILE")]
    pub(crate) signature: PathBuf,
    /// A path of the model folder the signer left out, as model-signing's --ignore-paths
    /// (relative to the folder, or a path inside it; repeatable). Listed in the result.
    #[arg(
        long = "ignore-path",
        visible_alias = "ignore-paths",
        value_name = "PATH"
    )]
    pub(crate) ignore_paths: Vec<PathBuf>,
    /// CA certificates (PEM, several per file allowed; repeatable) that a model signature
    /// of model-signing's `certificate` method must chain to. Certificates the signature
    /// carries are never trusted themselves.
    #[arg(long = "certificate-chain", value_name = "PEM")]
    pub(crate) certificate_chain: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub(crate) format: Format,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let mut trust =
        modelgate::config::resolve_trust(&Default::default(), &trust_flags(&args.policy))?;
    if !args.certificate_chain.is_empty() {
        trust.ca_certs = modelgate::verify::oms::CertificateChain::read(&args.certificate_chain)?;
    }
    let v = modelgate::verify::evidence::verify_path_ignoring(
        &args.target,
        &args.signature,
        &trust,
        &args.ignore_paths,
    )?;
    let text = match args.format {
        Format::Text => render::verify::signature(&v),
        Format::Json => pretty_json(&v)?,
    };
    emit(&text)?;
    Ok(verified_status(v.verified()))
}
