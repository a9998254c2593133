//! Fail closed: an error injected at each stage of `check` (evidence that cannot be read, a
//! policy that errors or runs too long, a trust root or signing key that is missing, a broken
//! configuration) ends in exit 2 and no approval in any output; and `check` opens no network
//! socket, even for a policy that asks for `http.send`.

use crate::common;
use common::{copy_tree, root, NOW};

use std::path::Path;
use std::process::{Command, Output};

fn modelgate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A scratch folder with a copy of the approved example as `bundle/`, which approves as is.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &root().join("examples/approved"),
        &dir.path().join("bundle"),
    );
    std::fs::copy(
        root().join("examples/release.pub"),
        dir.path().join("release.pub"),
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/gate.pub"),
        dir.path().join("gate.pub"),
    )
    .unwrap();
    dir
}

const BASE: &[&str] = &[
    "check",
    "bundle",
    "--key",
    "release.pub",
    "--record-key",
    "gate.pub",
    "--now",
    NOW,
    "-o",
    "json=report.json",
    "-o",
    "text=report.txt",
];

/// Writes `rego` as the one module of a policy folder `pol/`; returns the flags that add it.
fn with_policy(d: &Path, rego: &str) -> Vec<String> {
    std::fs::create_dir(d.join("pol")).unwrap();
    std::fs::write(d.join("pol/p.rego"), rego).unwrap();
    vec!["--policy".into(), "pol".into()]
}

/// Asserts exit 2 and that nothing written says approve.
fn assert_fails_closed(dir: &Path, o: &Output, stage: &str) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(2), "{stage}: {all}");
    assert!(!all.contains("panicked"), "{stage}: {all}");
    if let Ok(json) = std::fs::read_to_string(dir.join("report.json")) {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            v["verdict"], "error",
            "{stage}: the report must not approve"
        );
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("report.txt")) {
        assert!(!text.contains("APPROVE"), "{stage}: {text}");
    }
    assert!(
        !dir.join("record.json").exists(),
        "{stage}: no record of a failed run"
    );
}

#[test]
fn the_unchanged_bundle_approves() {
    // The baseline of the matrix: each case below changes one thing only.
    let dir = scratch();
    let o = modelgate(dir.path(), BASE);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn an_error_at_each_stage_never_approves() {
    type Inject = fn(&Path) -> Vec<String>;
    let cases: Vec<(&str, Inject)> = vec![
        ("evidence file replaced by a folder", |d| {
            std::fs::remove_file(d.join("bundle/data/dataset.yaml")).unwrap();
            std::fs::create_dir(d.join("bundle/data/dataset.yaml")).unwrap();
            vec![]
        }),
        ("evidence file is a FIFO (reading it would block)", |d| {
            std::fs::remove_file(d.join("bundle/README.md")).unwrap();
            let ok = Command::new("mkfifo")
                .arg(d.join("bundle/README.md"))
                .status()
                .unwrap()
                .success();
            assert!(ok, "mkfifo");
            vec![]
        }),
        ("evidence file deleted", |d| {
            std::fs::remove_file(d.join("bundle/sbom/image.cdx.json")).unwrap();
            vec![]
        }),
        ("evidence symlinked out of the bundle", |d| {
            std::fs::remove_file(d.join("bundle/data/dataset.yaml")).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", d.join("bundle/data/dataset.yaml"))
                .unwrap();
            vec![]
        }),
        ("manifest broken", |d| {
            std::fs::write(d.join("bundle/modelgate.yaml"), "apiVersion: [").unwrap();
            vec![]
        }),
        ("policy that errors at evaluation", |d| {
            with_policy(d, "package org.conflict\n\nx := 1 if input.manifest.name\n\nx := 2 if input.manifest.version\n\ndeny contains {\"id\": \"c\", \"msg\": \"m\"} if x == 3\n")
        }),
        ("policy that does not compile", |d| {
            with_policy(d, "package org.bad\n\ndeny contains x if {\n")
        }),
        ("policy that runs past the time limit", |d| {
            let mut args = with_policy(d, "package org.slow\n\ndeny contains {\"id\": \"s\", \"msg\": \"m\"} if {\n\tsome i in numbers.range(1, 100000000)\n\ti < 0\n}\n");
            args.extend(["--timeout".into(), "0.5".into()]);
            args
        }),
        ("trusted root missing", |_| {
            vec!["--trusted-root".into(), "no-such-trusted-root.json".into()]
        }),
        ("signing key of the record missing", |_| {
            vec![
                "--record".into(),
                "record.json".into(),
                "--sign-key".into(),
                "no-such-key.pem".into(),
            ]
        }),
        ("configuration broken", |d| {
            std::fs::write(
                d.join("c.yaml"),
                "apiVersion: modelgate.dev/v1\nkind: Config\nwaivers: {}\n",
            )
            .unwrap();
            vec!["--config".into(), "c.yaml".into()]
        }),
        ("waivers file missing", |_| {
            vec!["--waivers".into(), "none.yaml".into()]
        }),
    ];
    for (stage, inject) in cases {
        let dir = scratch();
        let extra = inject(dir.path());
        let mut args: Vec<&str> = BASE.to_vec();
        args.extend(extra.iter().map(String::as_str));
        let o = modelgate(dir.path(), &args);
        assert_fails_closed(dir.path(), &o, stage);
    }
}

/// Runs `args` under strace, returning the network system calls it made; `None` without strace.
fn network_calls(dir: &Path, args: &[&str]) -> Option<(Output, Vec<String>)> {
    let trace = dir.join("trace.txt");
    let o = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=network", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_modelgate"))
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = std::fs::read_to_string(&trace).ok()?;
    // A Unix socket to nothing is not the network; an inet socket of any kind is.
    let calls = text
        .lines()
        .filter(|l| l.contains("AF_INET") || l.contains("AF_INET6") || l.contains("connect("))
        .map(str::to_string)
        .collect();
    Some((o, calls))
}

#[test]
fn check_opens_no_network_socket_even_for_http_send() {
    let dir = scratch();
    let policy = with_policy(
        dir.path(),
        "package org.exfil\n\ndeny contains {\"id\": \"x\", \"msg\": r.body} if {\n\tr := http.send({\"method\": \"get\", \"url\": \"http://192.0.2.1/\"})\n}\n",
    );
    let Some((o, calls)) = network_calls(dir.path(), BASE) else {
        eprintln!("skipping: strace not installed (.ci/run installs it)");
        return;
    };
    assert_eq!(
        o.status.code(),
        Some(0),
        "the plain check runs under strace"
    );
    assert!(calls.is_empty(), "network calls: {calls:#?}");

    let mut args = BASE.to_vec();
    args.extend(policy.iter().map(String::as_str));
    let (o, calls) = network_calls(dir.path(), &args).unwrap();
    assert!(calls.is_empty(), "network calls: {calls:#?}");
    // http.send does not exist for modelgate's policies: the policy is refused, never run.
    assert_eq!(o.status.code(), Some(2));
    let all = format!(
        "{}{}",
        std::fs::read_to_string(dir.path().join("report.txt")).unwrap_or_default(),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(all.contains("could not find function http.send"), "{all}");
}

#[test]
fn check_decides_the_same_without_a_network() {
    // In a fresh network namespace there is no interface but a down loopback.
    let probe = Command::new("unshare").args(["-n", "true"]).status();
    if !probe.map(|s| s.success()).unwrap_or(false) {
        eprintln!("skipping: cannot create a network namespace here (unshare -n)");
        return;
    }
    let dir = scratch();
    let with = modelgate(
        dir.path(),
        &[
            "check",
            "bundle",
            "--key",
            "release.pub",
            "--record-key",
            "gate.pub",
            "--now",
            NOW,
            "-f",
            "json",
        ],
    );
    let without = Command::new("unshare")
        .arg("-n")
        .arg(env!("CARGO_BIN_EXE_modelgate"))
        .args([
            "check",
            "bundle",
            "--key",
            "release.pub",
            "--record-key",
            "gate.pub",
            "--now",
            NOW,
            "-f",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(without.status.code(), Some(0));
    assert_eq!(with.stdout, without.stdout);
}
