//! The legal case suite (`policies/cases/`, format in policies/cases/README.md): each case is an
//! example bundle with a few facts changed and the decision the law requires for it. Every case
//! runs through the pipeline of `modelgate check` (the example trust key, the case's `--now`,
//! configuration and parameters); every failing case is reported in one message that names the
//! case, the rule, and what was expected and found. The same inputs then run in real OPA
//! (`../shared/tools/opa-eval`, skipped with a note where it is absent), which must produce
//! exactly the findings regorus produces.
//!
//! `MODELGATE_CASE=<text> cargo test --test it legal_cases` runs only the cases whose id contains
//! `<text>`; `-- --nocapture` also prints the passing ones.

use crate::common;

use modelgate::cases::{self, Case, FileEdit};
use modelgate::decision::{Finding, Report, DIAGNOSTICS};
use modelgate::gate::{self, GateArgs};
use modelgate::pipeline::{self, Options, Scope};
use modelgate::policy::{Level, PolicySet, DEFAULT_TIMEOUT};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

/// The public key that signed the example models (examples/*/model.sig).
const KEY: &str = "examples/release.pub";
/// The public key of the gate that signed the example decision records (examples/*/records).
const GATE_KEY: &str = "examples/gate.pub";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A case file as read from disk, parsed or not. The runner reads the files themselves, so a
/// new case runs before it is registered in src/cases/embedded.rs (whose unit test asks for that).
struct CaseFile {
    path: String,
    case: Result<Case, String>,
}

fn case_files() -> Vec<CaseFile> {
    let dir = root().join("policies/cases");
    let filter = std::env::var("MODELGATE_CASE").unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .filter(|n| n.contains(&filter))
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no case file in policies/cases/ matches MODELGATE_CASE={filter:?}"
    );
    names
        .into_iter()
        .map(|n| {
            let path = format!("policies/cases/{n}");
            let case = std::fs::read_to_string(root().join(&path))
                .map_err(|e| e.to_string())
                .and_then(|text| cases::parse(&path, &text).map_err(|e| e.to_string()));
            CaseFile { path, case }
        })
        .collect()
}

/// Every rule id a case may name: the built-in policies' rules and modelgate's own findings.
fn catalogue() -> BTreeSet<String> {
    let set = PolicySet::builtin(false).unwrap();
    set.rules
        .iter()
        .map(|r| r.id.clone())
        .chain(DIAGNOSTICS.iter().map(|d| d.0.to_string()))
        .collect()
}

/// A case's bundle written to a scratch folder, and the gate `check` would run it with.
struct Prepared {
    _scratch: tempfile::TempDir,
    bundle: PathBuf,
    policies: PolicySet,
    opts: Options,
}

/// Copies `examples/<base>`, applies the case's removals and edits, and loads the gate's
/// configuration, parameters and trust as `check --key examples/release.pub --record-key
/// examples/gate.pub` does.
fn prepare(case: &Case) -> Result<Prepared, String> {
    let base = root().join("examples").join(&case.base);
    if !base.join("modelgate.yaml").is_file() {
        return Err(format!(
            "base: examples/{} is not a bundle (no modelgate.yaml)",
            case.base
        ));
    }
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let bundle = scratch.path().join(&case.id);
    common::copy_tree(&base, &bundle);
    for p in &case.remove {
        let file = bundle.join(p);
        if !file.is_file() {
            return Err(format!(
                "remove: `{p}` is not a file of examples/{}",
                case.base
            ));
        }
        std::fs::remove_file(&file).map_err(|e| format!("remove: `{p}`: {e}"))?;
    }
    for (p, edit) in case.file_edits().map_err(|e| e.to_string())? {
        let file = bundle.join(&p);
        let old = std::fs::read_to_string(&file).ok();
        let new = match edit {
            FileEdit::MergePatch(patch) => {
                let mut doc = match &old {
                    None => Value::Null,
                    Some(text) if p.ends_with(".json") => serde_json::from_str(text)
                        .map_err(|e| format!("edit {p}: not JSON: {e}"))?,
                    Some(text) => serde_yaml_ng::from_str(text)
                        .map_err(|e| format!("edit {p}: not YAML: {e}"))?,
                };
                cases::merge_patch(&mut doc, &patch);
                if p.ends_with(".json") {
                    serde_json::to_string_pretty(&doc).unwrap() + "\n"
                } else {
                    serde_yaml_ng::to_string(&doc).unwrap()
                }
            }
            FileEdit::Text(t) => t
                .apply(old.as_deref().unwrap_or(""))
                .map_err(|e| format!("edit {p}: {e}"))?,
        };
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&file, new).unwrap();
    }
    let mut args = GateArgs {
        trust: modelgate::config::TrustFlags {
            keys: vec![root().join(KEY)],
            record_keys: vec![root().join(GATE_KEY)],
            ..Default::default()
        },
        ..Default::default()
    };
    if let Some(config) = &case.config {
        let mut doc = json!({"apiVersion": "modelgate.dev/v1", "kind": "Config"});
        cases::merge_patch(&mut doc, config);
        let path = scratch.path().join("modelgate.config.yaml");
        std::fs::write(&path, serde_yaml_ng::to_string(&doc).unwrap()).unwrap();
        args.config = Some(path);
    }
    if let Some(params) = &case.params {
        let path = scratch.path().join("params.json");
        let doc = json!({"modelgate": {"params": params}});
        std::fs::write(&path, doc.to_string()).unwrap();
        args.data.push(path);
    }
    let gate = gate::load(&args, None).map_err(|e| format!("configuration: {e}"))?;
    let opts = Options {
        now: modelgate::time::parse_now(&case.now).map_err(|e| e.to_string())?,
        timeout: DEFAULT_TIMEOUT,
        config: gate.config,
        trust: gate.trust,
        run_findings: gate.findings,
        gate_changed: gate.changed,
    };
    Ok(Prepared {
        _scratch: scratch,
        bundle,
        policies: gate.policies,
        opts,
    })
}

/// Every finding of the run: the bundle's and the run's own.
fn findings(report: &Report) -> Vec<&Finding> {
    report
        .bundles
        .iter()
        .flat_map(|b| &b.findings)
        .chain(&report.findings)
        .collect()
}

/// How a finding stands after the decision: what a case's `deny`, `warn` and `not` compare.
fn standing(f: &Finding) -> &'static str {
    match (f.level, &f.waiver) {
        (Level::Deny, Some(w)) if !w.expired => "deny (waived)",
        (Level::Deny, _) => "deny",
        (Level::Warn, _) => "warn",
        (Level::Off, _) => "off",
    }
}

/// `rule`'s findings as `level: "message"`, or `none`.
fn describe(all: &[&Finding], rule: &str) -> String {
    let found: Vec<String> = all
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| format!("{}: {:?}", standing(f), f.message))
        .collect();
    if found.is_empty() {
        "none".into()
    } else {
        found.join("; ")
    }
}

/// What is wrong with one case: empty when it decides as the law requires.
fn judge(file: &CaseFile, known: &BTreeSet<String>) -> Vec<String> {
    let case = match &file.case {
        Ok(c) => c,
        Err(e) => return vec![format!("case file: {e}")],
    };
    let mut problems: Vec<String> = case
        .rule_ids()
        .filter(|(_, id)| !known.contains(*id))
        .map(|(at, id)| {
            format!("expect.{at}: `{id}` is not a rule of the catalogue (`modelgate policies`)")
        })
        .collect();
    let prepared = match prepare(case) {
        Ok(p) => p,
        Err(e) => {
            problems.push(e);
            return problems;
        }
    };
    let report = match pipeline::run(
        &Scope::Paths(vec![prepared.bundle.clone()]),
        &prepared.policies,
        &prepared.opts,
        &|_| {},
    ) {
        Ok(r) => r,
        Err(e) => {
            problems.push(format!("the run failed: {e}"));
            return problems;
        }
    };
    let all = findings(&report);
    let e = &case.expect;
    if report.verdict != e.verdict {
        let why = report
            .bundles
            .iter()
            .filter_map(|b| b.error.as_deref())
            .map(|err| format!(": {err}"))
            .collect::<String>();
        problems.push(format!(
            "verdict: expected {}, found {}{why}",
            e.verdict, report.verdict
        ));
    }
    for id in &e.deny {
        if !all.iter().any(|f| f.rule_id == *id && f.blocks()) {
            problems.push(format!(
                "deny {id}: expected a blocking finding, found {}",
                describe(&all, id)
            ));
        }
    }
    for id in &e.warn {
        if !all
            .iter()
            .any(|f| f.rule_id == *id && f.level == Level::Warn)
        {
            problems.push(format!(
                "warn {id}: expected a warn finding, found {}",
                describe(&all, id)
            ));
        }
    }
    for id in &e.not {
        if all.iter().any(|f| f.rule_id == *id) {
            problems.push(format!(
                "not {id}: expected no finding, found {}",
                describe(&all, id)
            ));
        }
    }
    if !problems.is_empty() {
        let ids = |pred: &dyn Fn(&Finding) -> bool| {
            let s: BTreeSet<&str> = all
                .iter()
                .filter(|f| pred(f))
                .map(|f| f.rule_id.as_str())
                .collect();
            s.into_iter().collect::<Vec<_>>().join(", ")
        };
        problems.push(format!(
            "found: deny [{}] · warn [{}]",
            ids(&|f| f.blocks()),
            ids(&|f| f.level == Level::Warn)
        ));
    }
    problems
}

#[test]
fn legal_cases_decide_as_the_law_requires() {
    let started = std::time::Instant::now();
    let files = case_files();
    let known = catalogue();
    let results: Vec<(&CaseFile, Vec<String>)> =
        files.par_iter().map(|f| (f, judge(f, &known))).collect();
    let mut out = String::new();
    let mut failed = 0;
    for (file, problems) in &results {
        let (id, law) = match &file.case {
            Ok(c) => (c.id.as_str(), c.law.as_str()),
            Err(_) => (file.path.as_str(), "?"),
        };
        if problems.is_empty() {
            let _ = writeln!(out, "pass {id} — {law}");
            continue;
        }
        failed += 1;
        let _ = writeln!(out, "FAIL {id} — {law} ({})", file.path);
        for p in problems {
            let _ = writeln!(out, "       {p}");
        }
    }
    let _ = writeln!(
        out,
        "legal cases: {} passed, {failed} failed, of {} ({:.1} s)",
        results.len() - failed,
        results.len(),
        started.elapsed().as_secs_f64()
    );
    eprint!("{out}");
    assert!(
        failed == 0,
        "{failed} legal case(s) do not decide as the law requires:\n{out}"
    );
}

/// The location of OPA's evaluator, or a printed note that the comparison is skipped.
fn opa_eval() -> Option<PathBuf> {
    let p = root().join("../shared/tools/opa-eval");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipping: ../shared/tools/opa-eval not found, the legal cases are not run in OPA"
        );
        None
    }
}

/// One case's input and regorus's raw findings per `"<package> <level>"`.
struct Evaluated {
    id: String,
    input: Value,
    params: Option<Value>,
    ours: BTreeMap<String, BTreeSet<String>>,
}

#[test]
fn opa_finds_what_regorus_finds_for_every_legal_case() {
    let Some(tool) = opa_eval() else { return };
    let packages = PolicySet::builtin(false).unwrap().rule_packages();
    let mut evaluated = Vec::new();
    let mut problems = Vec::new();
    for file in case_files() {
        let Ok(case) = &file.case else { continue };
        // A case whose bundle does not load has nothing to compare; the decision test reports it.
        let Ok(p) = prepare(case) else { continue };
        let Ok(input) = pipeline::load_input(&p.bundle, &p.policies, &p.opts) else {
            eprintln!(
                "note: {}: the bundle does not load, so it is not run in OPA",
                case.id
            );
            continue;
        };
        let input = serde_json::to_value(input).unwrap();
        let raw = match p
            .policies
            .engine(DEFAULT_TIMEOUT)
            .and_then(|mut e| e.evaluate(&input))
        {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{}: regorus: {e}", case.id));
                continue;
            }
        };
        let mut ours: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (pkg, level) in &packages {
            ours.insert(
                format!("{pkg} {level}"),
                raw.iter()
                    .filter(|f| f.package == *pkg && f.level == *level)
                    .map(|f| f.value.to_string())
                    .collect(),
            );
        }
        evaluated.push(Evaluated {
            id: case.id.clone(),
            input,
            params: case.params.clone(),
            ours,
        });
    }
    // One OPA process evaluates every case: each input (and its parameters) replaces `input`
    // (and `data.modelgate.params`) for the evaluation of every deny and warn set.
    let sets = packages
        .iter()
        .map(|(pkg, level)| format!("\"{pkg} {level}\": data.{pkg}.{level}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The replacing values are bound to variables first: OPA resolves a `with` value that is
    // a reference into `input` against the replaced input.
    let query = format!(
        "plain := {{c.id: r | some c in input.plain; i := c.input; r := {{{sets}}} with input as i}}; \
         with_params := {{c.id: r | some c in input.with_params; i := c.input; p := c.params; r := {{{sets}}} with input as i with data.modelgate.params as p}}"
    );
    let (with_params, plain): (Vec<&Evaluated>, Vec<&Evaluated>) =
        evaluated.iter().partition(|e| e.params.is_some());
    let batch = json!({
        "plain": plain.iter().map(|e| json!({"id": e.id, "input": e.input})).collect::<Vec<_>>(),
        "with_params": with_params
            .iter()
            .map(|e| json!({"id": e.id, "input": e.input, "params": e.params}))
            .collect::<Vec<_>>(),
    });
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), batch.to_string()).unwrap();
    let o = Command::new("python3")
        .arg(&tool)
        .args(["--policy", "policies", "--input"])
        .arg(file.path())
        .args(["--query", &query])
        .current_dir(root())
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "opa-eval failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let result: Value = serde_json::from_slice(&o.stdout).expect("opa-eval prints JSON");
    let bindings = &result[0];
    for e in &evaluated {
        let key = if e.params.is_some() {
            "with_params"
        } else {
            "plain"
        };
        let theirs = &bindings[key][&e.id];
        if theirs.is_null() {
            problems.push(format!("{}: OPA returned no result", e.id));
            continue;
        }
        for (set, mine) in &e.ours {
            let opa: BTreeSet<String> = theirs[set]
                .as_array()
                .map(|a| a.iter().map(Value::to_string).collect())
                .unwrap_or_default();
            if &opa != mine {
                let (pkg, level) = set.split_once(' ').unwrap();
                problems.push(format!(
                    "{}: data.{pkg}.{level} differs: only regorus {:?}; only OPA {:?}",
                    e.id,
                    mine.difference(&opa).collect::<Vec<_>>(),
                    opa.difference(mine).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "OPA and regorus disagree on {} legal case set(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "OPA agrees with regorus on {} legal case(s)",
        evaluated.len()
    );
}
