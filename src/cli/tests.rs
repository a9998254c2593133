//! Flag resolution without a process: argument vectors parsed by clap, then resolved as the
//! subcommands resolve them.

use super::*;
use clap::error::ErrorKind;
use clap::Parser;
use modelgate::pipeline::{Progress, Scope};
use modelgate::render::Format as ReportFormat;
use std::path::PathBuf;

fn parse(args: &[&str]) -> Cli {
    match Cli::try_parse_from(std::iter::once("modelgate").chain(args.iter().copied())) {
        Ok(cli) => cli,
        Err(e) => panic!("{args:?}: {e}"),
    }
}

fn parse_error(args: &[&str]) -> ErrorKind {
    match Cli::try_parse_from(std::iter::once("modelgate").chain(args.iter().copied())) {
        Ok(_) => panic!("{args:?} parsed"),
        Err(e) => e.kind(),
    }
}

fn decide(args: &[&str]) -> DecideArgs {
    match parse(args).command {
        Command::Check(a) => a.decide,
        Command::Report(a) => a.decide,
        _ => panic!("{args:?} is not a deciding command"),
    }
}

const DECIDING: &[&str] = &[
    "b1",
    "b2",
    "--policy",
    "p",
    "--data",
    "d.yaml",
    "--no-builtin",
    "--key",
    "k.pem",
    "--trusted-root",
    "root.json",
    "--identity",
    "https://issuer=me@example.com",
    "--timeout",
    "2.5",
    "--now",
    "2025-01-02T03:04:05Z",
    "--config",
    "c.yaml",
    "--waivers",
    "w1.yaml",
    "--waivers",
    "w2.yaml",
];

#[test]
fn check_and_report_read_the_deciding_flags_alike() {
    let check = decide(&[&["check"], DECIDING].concat());
    let report = decide(&[&["report"], DECIDING].concat());
    assert_eq!(check, report);
    assert_eq!(check.scope.bundles, [PathBuf::from("b1"), "b2".into()]);
    assert_eq!(check.policy.policies, [PathBuf::from("p")]);
    assert!(check.policy.no_builtin);
    assert_eq!(check.policy.timeout, 2.5);
    assert_eq!(check.now.as_deref(), Some("2025-01-02T03:04:05Z"));
    assert_eq!(check.config, Some(PathBuf::from("c.yaml")));
    assert_eq!(check.waivers, [PathBuf::from("w1.yaml"), "w2.yaml".into()]);
}

#[test]
fn deciding_flags_become_the_gates_arguments() {
    let gate = decide(&[&["check"], DECIDING].concat()).gate_args();
    assert_eq!(gate.policies, [PathBuf::from("p")]);
    assert_eq!(gate.data, [PathBuf::from("d.yaml")]);
    assert!(gate.no_builtin);
    assert_eq!(gate.config, Some(PathBuf::from("c.yaml")));
    assert_eq!(gate.waivers, [PathBuf::from("w1.yaml"), "w2.yaml".into()]);
    assert_eq!(gate.trust.keys, [PathBuf::from("k.pem")]);
    assert_eq!(gate.trust.trusted_root, Some(PathBuf::from("root.json")));
    assert_eq!(gate.trust.identities, ["https://issuer=me@example.com"]);
}

#[test]
fn conflicting_or_incomplete_flags_are_parse_errors() {
    assert_eq!(
        parse_error(&["check", "--all", "--base", "main"]),
        ErrorKind::ArgumentConflict
    );
    assert_eq!(
        parse_error(&["report", "--all", "--base", "main"]),
        ErrorKind::ArgumentConflict
    );
    assert_eq!(
        parse_error(&["check", "--head", "x"]),
        ErrorKind::MissingRequiredArgument
    );
    assert_eq!(
        parse_error(&["check", "b", "--record", "r.json"]),
        ErrorKind::MissingRequiredArgument
    );
    assert_eq!(
        parse_error(&["check", "b", "--sign-key", "k.pem"]),
        ErrorKind::MissingRequiredArgument
    );
    // Records are check's alone.
    assert_eq!(
        parse_error(&["report", "b", "--record", "r.json"]),
        ErrorKind::UnknownArgument
    );
}

#[test]
fn scope_resolves_from_folders_all_and_base() {
    let scope = |args: &[&str]| decide(args).scope.resolve();
    match scope(&["check", "a", "b"]) {
        Ok(Scope::Paths(p)) => assert_eq!(p, [PathBuf::from("a"), "b".into()]),
        other => panic!("{other:?}"),
    }
    match scope(&["check", "--all"]) {
        Ok(Scope::All(root)) => assert_eq!(root, PathBuf::from(".")),
        other => panic!("{other:?}"),
    }
    match scope(&["report", "--base", "main", "sub"]) {
        Ok(Scope::Git { root, base, head }) => {
            assert_eq!(root, PathBuf::from("sub"));
            assert_eq!(base, "main");
            assert_eq!(head, "HEAD");
        }
        other => panic!("{other:?}"),
    }
    match scope(&["check", "--base", "main", "--head", "topic"]) {
        Ok(Scope::Git { head, .. }) => assert_eq!(head, "topic"),
        other => panic!("{other:?}"),
    }
    let message = |args: &[&str]| match scope(args) {
        Err(modelgate::Error::Usage(m)) => m,
        other => panic!("{args:?}: {other:?}"),
    };
    assert!(message(&["check"]).starts_with("no bundle given"));
    assert!(message(&["check", "--all", "a", "b"]).contains("give at most one"));
}

#[test]
fn options_take_now_and_refuse_a_timeout_that_is_not_positive() {
    let d = decide(&[
        "check",
        "b",
        "--now",
        "2025-01-02T03:04:05Z",
        "--timeout",
        "3",
    ]);
    let opts = match options(&d.policy, d.now.as_deref()) {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(opts.now.to_rfc3339(), "2025-01-02T03:04:05+00:00");
    assert_eq!(opts.timeout, std::time::Duration::from_secs(3));
    for bad in ["0", "-1", "NaN", "inf"] {
        let d = decide(&["check", "b", &format!("--timeout={bad}")]);
        assert!(
            matches!(options(&d.policy, None), Err(modelgate::Error::Usage(_))),
            "--timeout {bad}"
        );
    }
}

#[test]
fn supervised_runs_keep_the_outputs_they_were_asked_for() {
    let cli = parse(&[
        "check",
        "a",
        "-f",
        "json",
        "-o",
        "sarif=x.sarif",
        "--now",
        "N",
    ]);
    let Some(s) = Supervised::of(&cli) else {
        panic!("check is supervised")
    };
    assert!(!s.is_report);
    assert_eq!(s.names, ["a"]);
    assert_eq!(s.now.as_deref(), Some("N"));
    assert!(matches!(s.format, ReportFormat::Json));
    assert_eq!(s.output, ["sarif=x.sarif"]);

    let Some(s) = Supervised::of(&parse(&["report", "--all", "-o", "r.html"])) else {
        panic!("report is supervised")
    };
    assert!(s.is_report);
    assert_eq!(s.names, ["."]);
    assert_eq!(s.html_output, Some(PathBuf::from("r.html")));

    assert!(Supervised::of(&parse(&["digest", "f"])).is_none());
}

#[test]
fn progress_sets_the_total_and_counts_each_bundle() {
    let bar = indicatif::ProgressBar::hidden();
    check::advance(&bar, Progress::Total(30));
    assert_eq!(bar.length(), Some(30));
    check::advance(&bar, Progress::Done);
    check::advance(&bar, Progress::Done);
    assert_eq!(bar.position(), 2);
    // A total of none is a total, not one more done (the overloaded integer's confusion).
    let bar = indicatif::ProgressBar::hidden();
    check::advance(&bar, Progress::Total(0));
    assert_eq!((bar.length(), bar.position()), (Some(0), 0));
}
