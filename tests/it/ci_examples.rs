//! The CI integrations (examples/ci/, action.yml, .pre-commit-hooks.yaml) parse and are wired as
//! their README section says; every flag and report format they pass exists in `check --help`.

use crate::common;
use common::root;

use serde_yaml_ng::Value;
use std::process::Command;

fn load(rel: &str) -> (String, Value) {
    let text = std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let v = serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (text, v)
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn seq<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_sequence)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The step whose `uses` starts with `action`.
fn uses<'a>(steps: &'a [Value], action: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| str_of(s, "uses").starts_with(action))
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

/// `check --help`, for the flags and formats the integrations rely on.
fn check_help() -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every `-o FORMAT=FILE` in `text`, as (format, file).
fn outputs(text: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "-o")
        .filter_map(|w| {
            let (f, p) = w[1].trim_matches('"').split_once('=')?;
            Some((f.to_string(), p.to_string()))
        })
        .collect()
}

/// The formats and long flags used in `text` are ones `modelgate check` accepts.
fn assert_known_to_check(rel: &str, text: &str) {
    let help = check_help();
    for (format, _) in outputs(text) {
        if format.starts_with('$') {
            continue;
        }
        assert!(
            help.contains(&format!("- {format}")),
            "{rel}: -o {format}= is not a format of check"
        );
    }
    for flag in ["--base", "--head", "--all", "--config"] {
        if text.contains(&format!("modelgate check {flag}"))
            || text.contains(&format!(" {flag} "))
            || text.contains(&format!("[{flag},"))
        {
            assert!(help.contains(flag), "{rel}: check has no {flag}");
        }
    }
}

#[test]
fn github_workflow() {
    let rel = "examples/ci/github-actions.yml";
    let (text, wf) = load(rel);
    assert!(wf.get("on").and_then(|o| o.get("pull_request")).is_some());
    assert_eq!(
        wf["permissions"]["security-events"].as_str(),
        Some("write"),
        "SARIF upload needs security-events: write"
    );
    let steps = seq(&wf["jobs"]["modelgate"], "steps");
    assert_eq!(
        uses(steps, "actions/checkout")["with"]["fetch-depth"].as_u64(),
        Some(0),
        "the base commit must be fetched"
    );
    assert!(steps
        .iter()
        .any(|s| str_of(s, "run").contains("cargo install --locked --git")));

    let check = steps
        .iter()
        .find(|s| str_of(s, "run").contains("modelgate check"))
        .expect("a step runs modelgate check");
    let run = str_of(check, "run");
    assert!(
        run.contains("--base \"origin/$BASE_REF\" --head HEAD"),
        "{run}"
    );
    assert_eq!(str_of(&check["env"], "BASE_REF"), "${{ github.base_ref }}");
    assert!(
        run.contains("set +e"),
        "the exit code is kept for the last step"
    );
    let outs = outputs(run);
    let sarif = outs.iter().find(|(f, _)| f == "sarif").expect("-o sarif=");
    let md = outs
        .iter()
        .find(|(f, _)| f == "markdown")
        .expect("-o markdown=");

    let upload = uses(steps, "github/codeql-action/upload-sarif");
    assert!(str_of(upload, "if").contains("always()"));
    assert_eq!(str_of(&upload["with"], "sarif_file"), sarif.1);

    let comment = uses(steps, "actions/github-script");
    assert!(str_of(comment, "if").contains("always()"));
    let script = str_of(&comment["with"], "script");
    assert!(
        script.contains(&md.1) && script.contains("updateComment"),
        "{script}"
    );

    let last = steps.last().unwrap();
    assert!(str_of(last, "if").contains("always()"));
    let fail = str_of(last, "run");
    assert!(fail.contains("exit 1") && fail.contains("exit 2"), "{fail}");
    assert_eq!(
        str_of(&last["env"], "EXIT_CODE"),
        format!("${{{{ steps.{}.outputs.exit-code }}}}", str_of(check, "id"))
    );
    assert_known_to_check(rel, &text);
}

#[test]
fn composite_action() {
    let rel = "action.yml";
    let (text, action) = load(rel);
    assert_eq!(str_of(&action["runs"], "using"), "composite");
    for input in ["path", "base", "args", "sarif", "markdown"] {
        assert!(action["inputs"].get(input).is_some(), "input {input}");
        assert!(!str_of(&action["inputs"][input], "description").is_empty());
    }
    assert_eq!(
        str_of(&action["outputs"]["verdict"], "value"),
        "${{ steps.check.outputs.verdict }}"
    );
    let steps = seq(&action["runs"], "steps");
    for s in steps {
        if s.get("run").is_some() {
            assert_eq!(
                str_of(s, "shell"),
                "bash",
                "composite run steps need a shell"
            );
        }
    }
    assert!(steps.iter().any(
        |s| str_of(s, "run").contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\"")
    ));
    let check = steps
        .iter()
        .find(|s| str_of(s, "id") == "check")
        .expect("the check step");
    let run = str_of(check, "run");
    assert!(run.contains("cmd=(modelgate check"), "{run}");
    assert!(run.contains("--base \"$INPUT_BASE\""), "{run}");
    assert!(
        run.contains("verdict=$verdict") && run.contains("exit \"$code\""),
        "{run}"
    );
    // Inputs are passed through the environment, never spliced into the script.
    assert!(!run.contains("${{"), "{run}");
    assert_known_to_check(rel, &text);
}

#[test]
fn gitlab_job() {
    let rel = "examples/ci/gitlab-ci.yml";
    let (text, ci) = load(rel);
    let job = &ci["modelgate"];
    assert!(seq(job, "rules")
        .iter()
        .any(|r| str_of(r, "if").contains("merge_request_event")));
    let script: String = seq(job, "script")
        .iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(script.contains("modelgate check"), "{script}");
    assert!(
        script.contains("--base \"$CI_MERGE_REQUEST_DIFF_BASE_SHA\""),
        "{script}"
    );
    let reports = &job["artifacts"]["reports"];
    assert_eq!(str_of(reports, "junit"), "modelgate.junit.xml");
    assert_eq!(
        str_of(reports, "codequality"),
        "gl-code-quality-report.json"
    );
    assert_eq!(str_of(&job["artifacts"], "when"), "always");
    let outs = outputs(&script);
    assert!(outs.contains(&("junit".into(), "modelgate.junit.xml".into())));
    assert!(outs.contains(&("codequality".into(), "gl-code-quality-report.json".into())));
    assert_eq!(str_of(&job["variables"], "GIT_DEPTH"), "0");
    assert_known_to_check(rel, &text);
}

#[test]
fn pre_commit_hook() {
    let rel = ".pre-commit-hooks.yaml";
    let (text, hooks) = load(rel);
    let hook = hooks
        .as_sequence()
        .and_then(|h| h.iter().find(|h| str_of(h, "id") == "modelgate"))
        .expect("a hook with id modelgate");
    assert_eq!(str_of(hook, "entry"), "modelgate check");
    assert!(["rust", "system"].contains(&str_of(hook, "language")));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    let files = regex::Regex::new(str_of(hook, "files")).expect("files is a regex");
    for p in [
        "models/credit/modelgate.yaml",
        "README.md",
        "m/data/dataset.yaml",
        "m/sbom/image.cdx.json",
        "m/eval/robustness.json",
        "m/provenance/model.intoto.jsonl",
        "m/model.sig",
        "m/model/model.safetensors",
        "m/model/config.json",
    ] {
        assert!(files.is_match(p), "{p} should trigger the hook");
    }
    for p in ["src/main.rs", "docs/guide.md", "Cargo.toml", "package.json"] {
        assert!(!files.is_match(p), "{p} should not trigger the hook");
    }
    assert_known_to_check(rel, &text);

    let rel = "examples/ci/pre-commit-config.yaml";
    let (text, cfg) = load(rel);
    let repo = &seq(&cfg, "repos")[0];
    assert!(!str_of(repo, "rev").is_empty());
    assert_eq!(str_of(&seq(repo, "hooks")[0], "id"), "modelgate");
    assert_known_to_check(rel, &text);
}
