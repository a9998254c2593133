//! Runs one parsed command line: each subcommand's own `run`.

use modelgate::decision::ExitStatus;
use modelgate::Error;

use super::*;

pub(crate) fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Report(args) => report::run(args),
        Command::Input(args) => input::run(args),
        Command::Policies(args) => policies::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Verify(args) => verify::run(args),
        Command::VerifyRecord(args) => verify_record::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Init(args) => init::run(args),
        Command::FetchCheck(args) => fetch_check::run(args),
        Command::Revoke(args) => revoke::run(args),
        Command::Waiver { command } => waiver::run(command),
        Command::Digest(args) => digest::run(args),
        Command::Test(args) => test::run(args),
    }
}
