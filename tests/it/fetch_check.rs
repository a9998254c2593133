//! `modelgate fetch-check` against a downloaded model folder and tampered copies of it: the
//! run-time half of admission, judged by the same signed records and rules as the webhook.

use crate::common;
use common::{copy_tree, root, NOW};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KEY: &str = "tests/fixtures/record/test-only-p256.pem";
const PUB: &str = "tests/fixtures/record/test-only-p256.pub";
/// A day after the record was made: within its 30-day validity.
const LATER: &str = "2026-11-30T12:00:00Z";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A records folder with the approved example's record, and a copy of its model folder.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records");
    std::fs::create_dir(&records).unwrap();
    let record = records.join("approved.json");
    let o = run(&[
        "check",
        "--key",
        "examples/release.pub",
        "--record-key",
        "examples/gate.pub",
        "--now",
        NOW,
        "examples/approved",
        "--record",
        record.to_str().unwrap(),
        "--sign-key",
        KEY,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let model = tmp.path().join("model");
    copy_tree(&root().join("examples/approved/model"), &model);
    (tmp, records, model)
}

fn fetch_check(model: &Path, records: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "fetch-check",
        model.to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--key",
        PUB,
        "--environment",
        "production",
        "--now",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn the_approved_model_passes_and_the_command_runs() {
    let (_tmp, records, model) = setup();
    let o = fetch_check(&model, &records, &[LATER]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("verified: 2 file(s)"), "{}", text(&o));
    // With a command after `--`, it runs in place of fetch-check once verified.
    let o = fetch_check(&model, &records, &[LATER, "--", "echo", "serving"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "serving\n");
}

#[test]
fn a_tampered_or_added_file_fails_and_the_command_does_not_run() {
    let (tmp, records, model) = setup();
    let tampered = tmp.path().join("tampered");
    copy_tree(&model, &tampered);
    let mut weights = std::fs::read(tampered.join("model.safetensors")).unwrap();
    let last = weights.len() - 1;
    weights[last] ^= 1;
    std::fs::write(tampered.join("model.safetensors"), weights).unwrap();
    let o = fetch_check(&tampered, &records, &[LATER, "--", "echo", "serving"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("serving"));
    assert!(text(&o).contains("model.safetensors"), "{}", text(&o));
    assert!(
        text(&o).contains("admission-record-missing"),
        "{}",
        text(&o)
    );

    let added = tmp.path().join("added");
    copy_tree(&model, &added);
    std::fs::write(added.join("extra.pkl"), b"cos\nsystem\n(S'id'\ntR.").unwrap();
    let o = fetch_check(&added, &records, &[LATER]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("extra.pkl"), "{}", text(&o));
}

#[test]
fn expiry_environment_and_revocation_are_judged_as_by_the_webhook() {
    let (_tmp, records, model) = setup();
    // The record expires 30 days after it was made.
    let o = fetch_check(&model, &records, &["2027-01-30T00:00:00Z"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("admission-record-expired"),
        "{}",
        text(&o)
    );
    let o = run(&[
        "fetch-check",
        model.to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--key",
        PUB,
        "--environment",
        "staging",
        "--now",
        LATER,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("admission-record-environment"),
        "{}",
        text(&o)
    );
    // A revocation newer than the approval withdraws it.
    let o = run(&[
        "revoke",
        "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745",
        "--reason",
        "banned component found after release",
        "--sign-key",
        KEY,
        "--now",
        "2026-11-30T00:00:00Z",
        "-o",
        records.join("revoked.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = fetch_check(&model, &records, &[LATER]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("admission-record-revoked"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("banned component"), "{}", text(&o));
}

#[test]
fn records_signed_by_another_key_count_for_nothing() {
    let (_tmp, records, model) = setup();
    let o = run(&[
        "fetch-check",
        model.to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--key",
        "tests/fixtures/record/test-only-other-p256.pub",
        "--now",
        LATER,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("approved.json rejected: signature"),
        "{}",
        text(&o)
    );
}

#[test]
fn an_empty_or_missing_folder_is_an_error() {
    let (tmp, records, _model) = setup();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = fetch_check(&empty, &records, &[LATER]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no file"), "{}", text(&o));
    let o = fetch_check(&tmp.path().join("nope"), &records, &[LATER]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_model_folder_is_refused() {
    let (tmp, records, model) = setup();
    std::fs::write(tmp.path().join("outside.bin"), b"outside").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.bin"), model.join("link.bin")).unwrap();
    let o = fetch_check(&model, &records, &[LATER]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("outside"), "{}", text(&o));
}
