//! The modelgate half of the side-by-side benchmark against OPA (benches/opa_compare.sh): the
//! input document of every example bundle and of inputs whose SBOM has 100 to 200,000
//! components, evaluated by the built-in policies on one warm engine exactly as `check` does
//! (`PolicySet::engine`, every `deny` and `warn` set but the admission webhook's). Writes the
//! inputs, the queries, the data and per input the median time and the findings to
//! `target/opa-compare/` for benches/opa_compare.py, which times OPA on the same documents and
//! checks that it finds the same.
//!
//! `cargo bench --bench opa_compare [-- NAME ...]` (names are substrings of input names).

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
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), PathBuf::from)
        .join("opa-compare");
    std::fs::create_dir_all(&out).unwrap();

    let policies = PolicySet::builtin(false).unwrap();
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

fn write(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}
