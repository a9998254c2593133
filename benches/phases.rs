//! Where the time of one `modelgate check` goes: each stage of the pipeline timed in-process
//! on `examples/approved` (medians of many runs), beside whole processes of the release binary.
//! Run with `cargo bench --bench phases`; figures are printed, nothing is asserted.

use modelgate::pipeline::{self, Options};
use modelgate::policy::PolicySet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    median(v)
}

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bundle = root.join("examples/approved");
    let runs = 30;
    let key = modelgate::verify::dsse::PublicKey::read(&root.join("examples/release.pub")).unwrap();
    let record_key =
        modelgate::verify::dsse::PublicKey::read(&root.join("examples/gate.pub")).unwrap();
    let mut opts = Options::default();
    opts.trust.keys.push(key);
    opts.trust.record_keys.push(record_key);

    let policies = PolicySet::builtin(false).unwrap();
    println!("stage (examples/approved, median of {runs})");
    println!(
        "  built-in set (modules, METADATA)   {}",
        ms(time(runs, || PolicySet::builtin(false).unwrap()))
    );
    println!(
        "  engine (regorus parse of policies) {}",
        ms(time(runs, || {
            policies.engine(modelgate::policy::DEFAULT_TIMEOUT).unwrap()
        }))
    );
    println!(
        "  policy digest                      {}",
        ms(time(runs, || {
            modelgate::decision::policy_digest(&policies, &opts.config)
        }))
    );
    println!(
        "  load bundle (read, verify, input)  {}",
        ms(time(runs, || {
            pipeline::load_input(&bundle, &policies, &opts).unwrap()
        }))
    );
    let input = pipeline::load_input(&bundle, &policies, &opts).unwrap();
    println!(
        "  input to the engine's value        {}",
        ms(time(runs, || modelgate::policy::to_rego(&input).unwrap()))
    );
    // Shared, so that the evaluations below neither convert nor free the input.
    let value = modelgate::policy::to_rego(&input).unwrap();
    let engine = policies.engine(modelgate::policy::DEFAULT_TIMEOUT).unwrap();
    println!(
        "  first evaluation of a fresh engine {}",
        ms(time(runs, || {
            let mut e = engine.clone();
            e.evaluate_value(value.clone()).unwrap()
        }))
    );
    let mut warm = engine.clone();
    warm.evaluate_value(value.clone()).unwrap();
    println!(
        "  evaluation, warm engine            {}",
        ms(time(runs, || warm.evaluate_value(value.clone()).unwrap()))
    );
    println!(
        "  whole pipeline::check in-process   {}",
        ms(time(runs, || {
            pipeline::check(std::slice::from_ref(&bundle), &policies, &opts).unwrap()
        }))
    );

    let exe = root.join("target/release/modelgate");
    if exe.is_file() {
        let proc = |args: &[&str]| {
            time(runs, || {
                let o = std::process::Command::new(&exe)
                    .args(args)
                    .current_dir(&root)
                    .output()
                    .unwrap();
                o.status
            })
        };
        println!("process (target/release/modelgate, median of {runs})");
        println!(
            "  --version                          {}",
            ms(proc(&["--version"]))
        );
        println!(
            "  check examples/approved            {}",
            ms(proc(&[
                "check",
                "--key",
                "examples/release.pub",
                "--record-key",
                "examples/gate.pub",
                "examples/approved"
            ]))
        );
    }
}
