//! Replays the inputs under tests/fixtures/fuzz/<target>/ (one folder per fuzz target of
//! fuzz/, see benches/fuzz.sh) through the loader that target fuzzes. Crashes found by fuzzing
//! are kept there once fixed, beside hand-made inputs at the parsers' edges (truncated, deeply
//! nested, invalid UTF-8, alias bombs, paths leaving the bundle): each must come back as Ok or
//! Err, without a panic and in bounded time, so a fixed crash can never return unnoticed.

use modelgate::formats::{dataset, model_card, provenance, robustness, sbom, Doc};
use modelgate::serve::review;
use modelgate::verify::dsse::{Envelope, PublicKey};
use modelgate::verify::sigstore::{self, ArtifactRef, TrustPolicy, TrustedRoot};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Far above what any of these inputs takes in a debug build; a loader that needs longer is
/// treated as hanging, as the fuzzer's `-timeout=10` would.
const LIMIT: Duration = Duration::from_secs(20);

fn doc(rel: &str, data: &[u8]) -> Doc {
    Doc::new(rel, rel, data.to_vec())
}

/// The CLI prints every error it gets, so rendering one is part of not crashing.
fn outcome<T, E: std::fmt::Display>(r: Result<T, E>) {
    if let Err(e) = r {
        let _ = e.to_string();
    }
}

/// Runs `load` on every input of the target's folder; fails naming each input that panicked
/// or took too long, and when the folder is empty (a replay of nothing proves nothing).
fn replay(target: &str, load: impl Fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    let mut failures = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let start = Instant::now();
        if catch_unwind(AssertUnwindSafe(|| load(&bytes))).is_err() {
            failures.push(format!("{}: panicked", f.display()));
        } else if start.elapsed() > LIMIT {
            failures.push(format!("{}: took {:?}", f.display(), start.elapsed()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn model_card_inputs() {
    replay("model_card", |data| {
        let json = data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let rel = if json { "model_card.json" } else { "README.md" };
        outcome(model_card::load(&doc(rel, data)));
    });
}

#[test]
fn dataset_card_inputs() {
    replay("dataset_card", |data| {
        outcome(dataset::load(&doc("data/dataset.yaml", data)));
        outcome(dataset::load_hf_card(&doc("data/README.md", data)));
    });
}

#[test]
fn croissant_inputs() {
    replay("croissant", |data| {
        outcome(dataset::load(&doc("data/croissant.json", data)));
    });
}

#[test]
fn cyclonedx_inputs() {
    replay("cyclonedx", |data| {
        outcome(sbom::load(&doc("sbom/image.cdx.json", data)));
        outcome(model_card::load(&doc("model.modelcard.json", data)));
    });
}

#[test]
fn spdx_inputs() {
    replay("spdx", |data| {
        outcome(sbom::load(&doc("sbom/image.spdx.json", data)));
    });
}

#[test]
fn robustness_inputs() {
    replay("robustness", |data| {
        outcome(robustness::load(&doc("eval/robustness.json", data)));
    });
}

#[test]
fn garak_inputs() {
    replay("garak", |data| {
        outcome(robustness::load(&doc("eval/garak.report.jsonl", data)));
    });
}

#[test]
fn manifest_inputs() {
    let dir = tempfile::tempdir().unwrap();
    for rel in ["README.md", "data/dataset.yaml", "model/model.safetensors"] {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"x").unwrap();
    }
    replay("manifest", |data| {
        std::fs::write(dir.path().join(modelgate::bundle::MANIFEST), data).unwrap();
        outcome(modelgate::bundle::locate(dir.path(), &Default::default()));
    });
}

fn release_key() -> PublicKey {
    let pem = include_str!("../../examples/release.pub");
    PublicKey::from_pem(pem).unwrap()
}

#[test]
fn sigstore_bundle_inputs() {
    // An empty root: replay must not depend on ../shared/data, and parsing and every check up
    // to the trust anchors run the same without one.
    let empty = br#"{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}"#;
    let root = TrustedRoot::from_doc(&doc("trusted_root.json", empty)).unwrap();
    let policy = TrustPolicy::new(root).with_key(release_key());
    let artifact = ArtifactRef::Sha256([0x5a; 32]);
    replay("sigstore_bundle", |data| {
        let bundle = doc("model.sigstore.json", data);
        outcome(sigstore::verify_bundle_doc(&bundle, &artifact, &policy));
    });
}

#[test]
fn provenance_inputs() {
    let keys = [release_key()];
    replay("provenance", |data| {
        let d = doc("provenance/model.intoto.jsonl", data);
        outcome(provenance::load(&d));
        if let Ok(env) = Envelope::from_doc(&d) {
            let _ = env.pae();
            outcome(env.verify(&keys).map_err(|f| format!("{f:?}")));
        }
    });
}

#[test]
fn admission_review_inputs() {
    replay("admission_review", |data| {
        if let Ok(req) = review::parse(data) {
            outcome(review::summarize(&req).map_err(|e| format!("{e:?}")));
        }
    });
}
