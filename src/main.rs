//! The `modelgate` command line: parses flags, runs the library, prints, exits 0/1/2. The
//! parts are in `src/cli/`.
#![forbid(unsafe_code)]

mod cli;

use clap::Parser;
use cli::*;
use modelgate::decision::ExitStatus;
use std::process::ExitCode;

/// mimalloc: regorus evaluation allocates and frees many small values (issue 18's profile:
/// a third of the time in glibc's allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
