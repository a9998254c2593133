//! `modelgate waiver sign`: sign the waivers of configuration or waiver files in place.

use modelgate::decision::ExitStatus;
use modelgate::Error;
use std::path::PathBuf;

use super::*;

#[derive(clap::Subcommand, Debug)]
pub(crate) enum Command {
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

pub(crate) fn run(command: Command) -> Result<ExitStatus, Error> {
    let Command::Sign { sign_key, files } = command;
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
