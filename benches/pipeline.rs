//! Speed of the gate: policy evaluations per second on a reused engine for an input with a
//! 2,000-component SBOM, loading that SBOM, and a whole `modelgate check` process on the
//! largest example bundle; the webhook's decision for one admission review; verification of a
//! signature. Run with `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use modelgate::formats::Doc;
use modelgate::pipeline::{self, Options};
use modelgate::policy::PolicySet;
use std::path::PathBuf;
use std::process::Command;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/approved")
}

#[path = "common/sbom.rs"]
mod sbom;
use sbom::big_sbom;

fn benches(c: &mut Criterion) {
    let policies = PolicySet::builtin(false).unwrap();
    let opts = Options {
        now: modelgate::time::parse_now("2026-11-29T12:00:00Z").unwrap(),
        ..Options::default()
    };
    let sbom_bytes = big_sbom(2000);
    let doc = Doc::new("bench.cdx.json", "sbom/bench.cdx.json", sbom_bytes);

    c.bench_function("load cyclonedx sbom, 2000 components", |b| {
        b.iter(|| modelgate::formats::sbom::load(&doc).unwrap())
    });

    let mut input = pipeline::load_input(&example(), &policies, &opts).unwrap();
    input.sboms = vec![modelgate::formats::sbom::load(&doc).unwrap()];
    let json = serde_json::to_value(&input).unwrap();
    let mut engine = policies.engine(modelgate::policy::DEFAULT_TIMEOUT).unwrap();
    let mut g = c.benchmark_group("policy evaluation, reused engine");
    g.throughput(Throughput::Elements(1));
    g.bench_function("input with 2000-component sbom", |b| {
        b.iter(|| engine.evaluate(&json).unwrap())
    });
    g.finish();

    let exe = env!("CARGO_BIN_EXE_modelgate");
    let mut g = c.benchmark_group("end to end, one process");
    g.sample_size(20);
    g.bench_function("modelgate check examples/approved", |b| {
        b.iter(|| {
            let o = Command::new(exe)
                .args(["check", "--now", "2026-11-29T12:00:00Z", "--key"])
                .arg(example().join("../release.pub"))
                .arg(example())
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(0));
        })
    });
    g.finish();
}

/// Verification time per signature: a model signature over the example model (two files hashed
/// and compared) and a Sigstore bundle against the public-good trusted root (skipped without
/// ../shared/data).
fn verification(c: &mut Criterion) {
    use modelgate::verify::{dsse::PublicKey, oms, sigstore};
    let ex = example();
    let key = PublicKey::read(&ex.join("../release.pub")).unwrap();
    let mut g = c.benchmark_group("verify one signature");
    g.bench_function("OMS model signature, key-based", |b| {
        b.iter(|| {
            let v = oms::verify_model(
                &ex.join("model"),
                &ex.join("model.sig"),
                std::slice::from_ref(&key),
            )
            .unwrap();
            assert!(v.verified);
        })
    });
    let data =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/sigstore-conformance");
    if data.is_dir() {
        let root =
            sigstore::TrustedRoot::from_file(&data.join("production-trusted_root.json")).unwrap();
        let policy = sigstore::TrustPolicy::new(root).with_identity(sigstore::AllowedIdentity::exact(
            "https://token.actions.githubusercontent.com",
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
        ));
        let bundle = data.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json");
        g.bench_function("Sigstore bundle v0.3, keyless", |b| {
            b.iter(|| {
                let v = sigstore::verify_bundle(
                    &bundle,
                    sigstore::ArtifactRef::Path(data.join("a.txt")),
                    &policy,
                )
                .unwrap();
                assert!(v.verified);
            })
        });
    } else {
        eprintln!("skipping the Sigstore bundle benchmark: ../shared/data not found");
    }
    g.finish();
}

/// One admission decision as the webhook makes it (summary, record lookup, policy, answer) for
/// a Pod whose model a `fetch-check` init container verifies and for an InferenceService by OCI
/// digest, against the record of examples/approved.
fn admission(c: &mut Criterion) {
    use modelgate::serve::{self, records::Records, review};
    use modelgate::verify::dsse::PublicKey;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let gate = dir.path().join("gate.yaml");
    std::fs::write(
        &gate,
        "apiVersion: modelgate.dev/v1\nkind: Config\nlimits:\n  maxRecordTtlDays: 36500\n",
    )
    .unwrap();
    let records = dir.path().join("records");
    std::fs::create_dir(&records).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .args([
            "check",
            "--now",
            "2026-11-29T12:00:00Z",
            "--record-ttl",
            "5200w",
        ])
        .arg("--key")
        .arg(root.join("examples/release.pub"))
        .arg("--config")
        .arg(&gate)
        .arg("--record")
        .arg(records.join("approved.dsse.json"))
        .arg("--sign-key")
        .arg(root.join("tests/fixtures/record/test-only-p256.pem"))
        .arg(example())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let key = PublicKey::read(&root.join("tests/fixtures/record/test-only-p256.pub")).unwrap();
    let now = chrono::Utc::now();
    let records = Records::load(&records, &[key], now).unwrap();
    let params = serde_json::json!({"modelgate": {"params": {"admission": {
        "runtime_verifier_images": [format!("sha256:{}", "0f".repeat(32))]
    }}}});
    let set = serve::admission_policies(&[params]).unwrap();
    let mut ev = set
        .admission_engine(modelgate::policy::DEFAULT_TIMEOUT)
        .unwrap();
    let ctx = serve::Context {
        environment: Some("production".into()),
        dry_run: false,
        dry_run_namespaces: Vec::new().into(),
    };
    // The policy's inputs, for benches/admission_opa.py to time OPA on the same documents.
    let inputs = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("admission-bench");
    std::fs::create_dir_all(&inputs).unwrap();
    let mut g = c.benchmark_group("admission decision");
    for name in ["pod-verified.json", "inferenceservice.json"] {
        let body = std::fs::read(root.join("tests/fixtures/admission").join(name)).unwrap();
        let req = review::parse(&body).unwrap();
        g.bench_function(format!("{name}, whole decision"), |b| {
            b.iter(|| {
                let r = serve::decide(&req, &records, &mut ev, &ctx, now);
                assert!(r.allowed);
            })
        });
        let mut summary = review::summarize(&req).unwrap().unwrap();
        summary.environment = ctx.environment.clone();
        let input = serve::policy_input(&summary, &records, now);
        std::fs::write(inputs.join(name), input.to_string()).unwrap();
        g.bench_function(format!("{name}, policy only"), |b| {
            b.iter(|| {
                let d = ev.evaluate_rule(&input, serve::DECISION_RULE).unwrap();
                assert_eq!(d["deny"], serde_json::json!([]));
            })
        });
    }
    g.finish();
}

criterion_group!(pipeline_benches, benches, verification, admission);
criterion_main!(pipeline_benches);
