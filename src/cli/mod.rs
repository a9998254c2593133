//! The binary's parts: the parsed command line, the supervised worker, shared helpers and the
//! run of each subcommand. `main.rs` only wires them together.

mod args;
mod common;
mod run;
mod supervise;

pub(crate) use args::*;
pub(crate) use common::*;
pub(crate) use run::*;
pub(crate) use supervise::*;
