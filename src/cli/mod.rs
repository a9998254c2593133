//! The binary's parts: the parsed command line, the supervised worker, shared helpers, and one
//! file per subcommand with its flags and its `run`. `main.rs` only wires them together.

mod args;
mod common;
mod run;
mod supervise;

mod check;
mod digest;
mod explain;
mod fetch_check;
mod init;
mod input;
mod policies;
mod report;
mod revoke;
mod schema;
mod serve;
mod test;
mod verify;
mod verify_record;
mod waiver;

#[cfg(test)]
mod tests;

pub(crate) use args::*;
pub(crate) use common::*;
pub(crate) use run::*;
pub(crate) use supervise::*;
