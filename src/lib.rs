//! modelgate: a policy-as-code compliance gate for AI model deployments.
//!
//! Evidence (model card, dataset manifests, SBOMs, robustness results, signatures) is loaded
//! from a bundle, normalized into one [`input::Input`] document, judged by Rego policies and
//! turned into an approve/block [`decision::Report`].
#![forbid(unsafe_code)]
// Library code reports failures as typed errors: a panic in a compliance gate would turn bad
// evidence into a crash instead of a located message, so these are denied outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
// Output belongs to the renderers and the binary; the library never prints behind their back.
#![deny(clippy::print_stdout)]

pub mod bundle;
pub mod cases;
pub mod config;
pub mod decision;
pub mod diagnostic;
pub mod digest;
pub mod error;
pub mod fetchcheck;
pub mod formats;
pub mod gate;
pub mod git;
pub mod init;
pub mod input;
pub mod limits;
pub mod pipeline;
pub mod policy;
pub mod record;
pub mod regime;
pub mod render;
pub mod revocation;
pub mod schema;
pub mod serve;
pub mod text;
pub mod time;
pub mod verify;
pub mod walk;
pub mod watchdog;

pub use error::{Error, Result};

/// The version of this tool, recorded in every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
