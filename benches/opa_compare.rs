//! The modelgate half of the side-by-side benchmark against OPA (benches/opa_compare.sh): the
//! input document of every example bundle and of inputs whose SBOM has 100 to 200,000
//! components, evaluated by the built-in policies on one warm engine exactly as `check` does
//! (`PolicySet::engine`, every `deny` and `warn` set but the admission webhook's). Writes the
//! inputs, the queries, the data and per input the median time and the findings to
//! `target/opa-compare/` for benches/opa_compare.py, which times OPA on the same documents and
//! checks that it finds the same.
//!
//! `cargo bench --bench opa_compare [-- NAME ...]` (names are substrings of input names).
//!
//! `-- --per-package [NAME ...]` instead times, per input on the same warm engine, each
//! package's `deny` and `warn` set alone and the named rules of each package alone (each with
//! what it depends on, from a clean state: `eval_rule`), to find the costly rules; it writes
//! nothing. `--per-package=N` lists the N costliest named rules (default 15).
//! `--policies=DIR` evaluates the modules of DIR (e.g. `policies`, tests skipped) instead of
//! the built-in copy compiled into the crate, so that a policy edit needs no rebuild.
//! `--once` evaluates each input once on a fresh engine (`cold_eval`) and once more on it
//! (`warm_eval`) and writes nothing: for instruction counts, e.g. `valgrind --tool=callgrind
//! --toggle-collect='*cold_eval*' --toggle-collect='*warm_eval*'` and `callgrind_annotate
//! --inclusive=yes`, which hold under load where times do not.

use modelgate::formats::Doc;
use modelgate::pipeline::{self, Options};
use modelgate::policy::{PolicySet, ADMISSION_PACKAGE, DEFAULT_TIMEOUT};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-29T12:00:00Z";
/// SBOM sizes of the synthetic inputs (each is examples/approved with its SBOM replaced).
const SIZES: &[usize] = &[100, 2_000, 20_000, 200_000];
/// Rounds per input; the reported time is the median of the rounds' mean time per evaluation.
const ROUNDS: usize = 5;
/// About how long one round lasts (at least one evaluation).
const ROUND_TARGET: Duration = Duration::from_millis(400);
/// Findings are listed in full up to this many per input, otherwise only counted and digested.
const LIST_LIMIT: usize = 20_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[path = "common/sbom.rs"]
mod sbom;
use sbom::big_sbom;

/// Example bundles: folders of examples/ with a manifest or a README (not ci/, kubernetes/).
fn examples() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("modelgate.yaml").is_file() || p.join("README.md").is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Integral floats as integers, so that both engines' findings print alike.
fn normalize(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    *v = json!(f as i64);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(normalize),
        Value::Object(m) => m.values_mut().for_each(normalize),
        _ => {}
    }
}

/// Each finding as one line of canonical JSON (sorted keys, compact), sorted.
fn canonical(findings: &[modelgate::policy::RawFinding]) -> Vec<String> {
    let mut lines: Vec<String> = findings
        .iter()
        .map(|f| {
            let mut v =
                json!({"package": f.package, "level": f.level.to_string(), "value": f.value});
            normalize(&mut v);
            v.to_string()
        })
        .collect();
    lines.sort();
    lines
}

/// The allocator the modelgate binary uses (src/main.rs), so that the figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .collect();
    let per_package: Option<usize> = args.iter().find_map(|a| {
        let rest = a.strip_prefix("--per-package")?;
        Some(rest.strip_prefix('=').map_or(15, |n| n.parse().unwrap()))
    });
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), PathBuf::from)
        .join("opa-compare");
    std::fs::create_dir_all(&out).unwrap();

    let policies = match args.iter().find_map(|a| a.strip_prefix("--policies=")) {
        Some(dir) => {
            let mut set = PolicySet::default();
            set.add_dir(Path::new(dir), false).unwrap();
            set
        }
        None => PolicySet::builtin(false).unwrap(),
    };
    let mut opts = Options {
        now: modelgate::time::parse_now(NOW).unwrap(),
        ..Options::default()
    };
    let flags = modelgate::config::TrustFlags {
        keys: vec![root().join("examples/release.pub")],
        record_keys: vec![root().join("examples/gate.pub")],
        ..Default::default()
    };
    opts.trust = modelgate::config::resolve_trust(&opts.config, &flags).unwrap();

    // What `check` evaluates: the engine's rule sets and the set's data documents.
    let queries: Vec<String> = policies
        .rule_packages()
        .into_iter()
        .filter(|(p, _)| p != ADMISSION_PACKAGE)
        .map(|(p, l)| format!("data.{p}.{l}"))
        .collect();
    let modules: Vec<Value> = policies
        .modules
        .iter()
        .map(|m| json!({"name": m.name, "sha256": hex::encode(Sha256::digest(m.text.as_bytes()))}))
        .collect();
    let mut engine = policies.engine(DEFAULT_TIMEOUT).unwrap();

    let mut inputs: Vec<(String, Value)> = Vec::new();
    for (name, dir) in examples() {
        if !wanted(&name) {
            continue;
        }
        let input = pipeline::load_input(&dir, &policies, &opts).unwrap();
        inputs.push((name, serde_json::to_value(&input).unwrap()));
    }
    let sized: Vec<usize> = SIZES
        .iter()
        .copied()
        .filter(|n| wanted(&format!("sbom-{n}")))
        .collect();
    if !sized.is_empty() {
        let base =
            pipeline::load_input(&root().join("examples/approved"), &policies, &opts).unwrap();
        for n in sized {
            let t = Instant::now();
            let doc = Doc::new("bench.cdx.json", "sbom/bench.cdx.json", big_sbom(n));
            let mut input = base.clone();
            input.sboms = vec![modelgate::formats::sbom::load(&doc).unwrap()];
            eprintln!("built the {n}-component input in {:.2?}", t.elapsed());
            inputs.push((format!("sbom-{n}"), serde_json::to_value(&input).unwrap()));
        }
    }

    if args.iter().any(|a| a == "--once") {
        for (name, input) in &inputs {
            let mut fresh = policies.engine(DEFAULT_TIMEOUT).unwrap();
            let t = Instant::now();
            let n = cold_eval(&mut fresh, input);
            let cold = t.elapsed();
            let t = Instant::now();
            warm_eval(&mut fresh, input);
            let warm = t.elapsed();
            println!("{name:28} first {cold:>10.3?}  second {warm:>10.3?}  {n} findings");
        }
        return;
    }
    if let Some(top) = per_package {
        let mut policies = policies.clone();
        policies
            .add_module("marginal.rego", &marginal_module(&queries), false)
            .unwrap();
        let mut engine = policies.engine(DEFAULT_TIMEOUT).unwrap();
        for (name, input) in &inputs {
            per_package_times(&mut engine, &policies, &queries, name, input, top);
        }
        return;
    }

    let mut results = Vec::new();
    for (name, input) in &inputs {
        let file = format!("input-{name}.json");
        std::fs::write(out.join(&file), serde_json::to_vec(input).unwrap()).unwrap();
        // The first evaluation also prepares the engine for this input's shape: the second
        // one's time sizes the rounds.
        let findings = engine.evaluate(input).unwrap();
        let t = Instant::now();
        std::hint::black_box(engine.evaluate(input).unwrap());
        let first = t.elapsed();
        let per_round = (ROUND_TARGET.as_secs_f64() / first.as_secs_f64().max(1e-6))
            .clamp(1.0, 2_000.0) as usize;
        let mut rounds_ns: Vec<f64> = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let t = Instant::now();
            for _ in 0..per_round {
                let again = engine.evaluate(input).unwrap();
                std::hint::black_box(&again);
            }
            rounds_ns.push(t.elapsed().as_nanos() as f64 / per_round as f64);
        }
        let mut sorted = rounds_ns.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        let lines = canonical(&findings);
        let digest = hex::encode(Sha256::digest(lines.join("\n").as_bytes()));
        let components: usize = input["sboms"].as_array().map_or(0, |s| {
            s.iter()
                .map(|b| b["components"].as_array().map_or(0, Vec::len))
                .sum()
        });
        eprintln!(
            "{name:28} {:>10.3} ms  ({per_round} x {ROUNDS} rounds)  {} findings",
            median / 1e6,
            lines.len()
        );
        let listed: Option<Vec<Value>> = (lines.len() <= LIST_LIMIT).then(|| {
            lines
                .iter()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        });
        results.push(json!({
            "name": name,
            "file": file,
            "components": components,
            "iterations": per_round,
            "rounds_ns": rounds_ns,
            "median_ns": median,
            "findings_count": lines.len(),
            "findings_sha256": digest,
            "findings": listed,
        }));
    }
    let data: Vec<Value> = policies.data.clone();
    let report = json!({
        "now": NOW,
        "queries": queries,
        "modules": modules,
        "data": data,
        "inputs": results,
    });
    write(&out.join("modelgate.json"), &report);
    eprintln!("wrote {}", out.join("modelgate.json").display());
}

/// The first evaluation on a fresh engine (named for profilers); the number of findings.
#[inline(never)]
fn cold_eval(engine: &mut modelgate::policy::Evaluator, input: &Value) -> usize {
    engine.evaluate(input).unwrap().len()
}

/// An evaluation on an engine that has evaluated before (named for profilers).
#[inline(never)]
fn warm_eval(engine: &mut modelgate::policy::Evaluator, input: &Value) -> usize {
    engine.evaluate(input).unwrap().len()
}

/// Median time of `path` evaluated alone by `eval_rule` (input already set), in ms, over
/// enough evaluations to last about 50 ms (at least 5); `None` for a rule `eval_rule` cannot
/// evaluate alone (e.g. a partial object rule).
fn time_rule(engine: &mut modelgate::policy::Evaluator, path: &str) -> Option<f64> {
    let t = Instant::now();
    engine.eval_rule(path).ok()?;
    let once = t.elapsed().as_secs_f64();
    let n = ((0.05 / once.max(1e-6)) as usize).clamp(5, 200);
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.eval_rule(path).unwrap());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    Some(times[n / 2])
}

/// The rules a module defines by name (not functions, which take arguments; not tests): the
/// identifier a line starts with, before `:=`, `=`, `if`, `contains`, `[` or `{`.
fn named_rules(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.strip_prefix("default ").unwrap_or(line);
        let end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(line.len());
        let (name, rest) = line.split_at(end);
        let rest = rest.trim_start();
        let defines = [":=", "=", "if ", "contains ", "[", "{"]
            .iter()
            .any(|p| rest.starts_with(p))
            && !rest.starts_with("==");
        let first = name.chars().next();
        if defines
            && first.is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && !matches!(name, "package" | "import" | "deny" | "warn")
            && !name.starts_with("test_")
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
    }
    out
}

/// The package of the bench's own rules in `--per-package` mode.
const MARGINAL_PACKAGE: &str = "opa_compare_marginal";

/// A module whose rule `all` gathers every rule set of `sets` (as `check`'s one query does) and
/// whose rule `without_<i>` gathers all but the i-th: all's time minus without_i's is what the
/// i-th set adds to a check, counting what it shares with the others once.
fn marginal_module(sets: &[String]) -> String {
    let mut text = format!(
        "package {MARGINAL_PACKAGE}\n\nall := [{}]\n",
        sets.join(", ")
    );
    for i in 0..sets.len() {
        let others: Vec<&str> = sets
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| s.as_str())
            .collect();
        text.push_str(&format!("\nwithout_{i} := [{}]\n", others.join(", ")));
    }
    text
}

/// Prints, for one input, the time of every package's `deny`/`warn` set alone and what it
/// adds to all the others, and of the `top` costliest named rules alone, beside the time of
/// all sets in one query (`check`'s). `engine` holds [`marginal_module`] over `sets`.
fn per_package_times(
    engine: &mut modelgate::policy::Evaluator,
    policies: &PolicySet,
    sets: &[String],
    name: &str,
    input: &Value,
    top: usize,
) {
    // Warm: the first evaluation prepares the engine for this input's shape.
    engine.evaluate(input).unwrap();
    let mut together: Vec<f64> = (0..9)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.evaluate(input).unwrap());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    together.sort_by(f64::total_cmp);
    engine.set_input(input);
    let t = Instant::now();
    for _ in 0..9 {
        engine.set_input(input);
    }
    let set_input = t.elapsed().as_secs_f64() * 1e3 / 9.0;
    let all = time_rule(engine, &format!("data.{MARGINAL_PACKAGE}.all")).unwrap();
    println!(
        "== {name}: all sets in one query {:.3} ms (of which setting the input {:.3} ms; \
         as one rule {all:.3} ms)",
        together[4], set_input
    );
    let all_path = format!("data.{MARGINAL_PACKAGE}.all");
    let mut rows: Vec<(f64, f64, &str)> = sets
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let alone = time_rule(engine, path).unwrap();
            let without = format!("data.{MARGINAL_PACKAGE}.without_{i}");
            // All and all but this set in turn, so that a change of load hits both alike.
            let mut diffs: Vec<f64> = (0..7)
                .map(|_| {
                    time_rule(engine, &all_path).unwrap() - time_rule(engine, &without).unwrap()
                })
                .collect();
            diffs.sort_by(f64::total_cmp);
            (diffs[3], alone, path.as_str())
        })
        .collect();
    let sum: f64 = rows.iter().map(|r| r.1).sum();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "  sets: what each adds to all the others (all - all but it), and its time alone \
         (with what it depends on; sum {sum:.3} ms)"
    );
    for (added, alone, path) in &rows {
        println!("    {added:>8.3} ms  {alone:>8.3} ms  {path}");
    }
    let mut rules: Vec<(f64, String)> = Vec::new();
    // Not the admission webhook's package, which `check` does not evaluate.
    for m in policies
        .modules
        .iter()
        .filter(|m| !m.is_test && m.package != ADMISSION_PACKAGE && m.package != MARGINAL_PACKAGE)
    {
        for rule in named_rules(&m.text) {
            let path = format!("data.{}.{rule}", m.package);
            if let Some(t) = time_rule(engine, &path) {
                rules.push((t, path));
            }
        }
    }
    rules.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "  named rules alone, the {} costliest of {} (each with what it depends on):",
        top.min(rules.len()),
        rules.len()
    );
    for (t, path) in rules.iter().take(top) {
        println!("    {t:>8.3} ms  {path}");
    }
}

fn write(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}
