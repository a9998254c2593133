//! `modelgate check`: decide approve or block for bundles and write the report in any format,
//! optionally with a signed decision record.

use modelgate::decision::ExitStatus;
use modelgate::pipeline::{self, Progress};
use modelgate::render::Format as ReportFormat;
use modelgate::Error;
use std::io::IsTerminal;
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) decide: DecideArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub(crate) format: ReportFormat,
    /// Write the report to FILE (in --format) instead of standard output, or FORMAT=FILE
    /// (see --format) to write several formats at once (repeatable).
    #[arg(long, short = 'o', value_name = "[FORMAT=]FILE")]
    pub(crate) output: Vec<String>,
    /// Write a signed decision record (an in-toto statement in a DSSE envelope) to FILE, for
    /// approve and block alike; none when the run errors. Needs --sign-key.
    #[arg(
        long,
        value_name = "FILE",
        requires = "sign_key",
        display_order = DECIDE_LATE + 3
    )]
    pub(crate) record: Option<PathBuf>,
    /// PEM private key that signs the record: ECDSA P-256 or P-384 (PKCS#8 or SEC1) or
    /// Ed25519 (PKCS#8).
    #[arg(
        long,
        value_name = "KEY.pem",
        requires = "record",
        display_order = DECIDE_LATE + 4
    )]
    pub(crate) sign_key: Option<PathBuf>,
    /// How long the record stays valid: a number and s, m, h, d or w.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = modelgate::record::DEFAULT_TTL,
        display_order = DECIDE_LATE + 5
    )]
    pub(crate) record_ttl: String,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    let Args {
        decide,
        format,
        output,
        record,
        sign_key,
        record_ttl,
    } = args;
    // Key and validity are checked first: a record that cannot be signed fails the run before
    // any evaluation.
    let record_ttl = modelgate::record::parse_ttl(&record_ttl)?;
    let sign_key = sign_key
        .as_deref()
        .map(modelgate::verify::sign::SigningKey::read)
        .transpose()?;
    let scope = decide.scope.resolve()?;
    let (set, mut opts) = decide.setup(&scope)?;
    // The gate trusts the records it signs itself: a rollback target may be one of them.
    if let Some(key) = &sign_key {
        opts.trust.record_keys.push(key.public_key().clone());
    }
    if record.is_some() {
        modelgate::record::check_ttl(record_ttl, opts.config.limits.max_record_ttl_days)?;
    }
    watch(&set, &opts);
    let bar = progress_bar(format, &output);
    let report = pipeline::run(&scope, &set, &opts, &|p| {
        if let Some(b) = &bar {
            advance(b, p);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // The text report says it itself; other formats get the note on stderr.
    let text_on_stdout = matches!(format, ReportFormat::Text) && output.is_empty();
    if let (Some(g), true, false) = (&report.git, report.bundles.is_empty(), text_on_stdout) {
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

pub(super) fn advance(bar: &indicatif::ProgressBar, progress: Progress) {
    match progress {
        Progress::Done => bar.inc(1),
        Progress::Total(n) => {
            // A handful of bundles finishes before a bar would help.
            if n < 20 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            bar.set_length(n as u64)
        }
    }
}
