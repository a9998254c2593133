#![no_main]
//! The bundle manifest `modelgate.yaml`, through `bundle::locate` as `check` calls it: YAML,
//! header checks, and every listed path resolved and confined to the bundle folder.

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

mod common;

/// One bundle folder per fuzzing process, holding the files a typical manifest names so that
/// path resolution and artifact globs find something to match.
fn bundle() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for rel in [
            "README.md",
            "data/dataset.yaml",
            "sbom/image.cdx.json",
            "eval/robustness.json",
            "model/model.safetensors",
            "model/config.json",
            "provenance/model.intoto.jsonl",
            "model.sig",
        ] {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("a parent")).expect("a folder");
            std::fs::write(&p, b"x").expect("a file");
        }
        dir
    })
    .path()
}

fuzz_target!(|data: &[u8]| {
    let root = bundle();
    let manifest = root.join(modelgate::bundle::MANIFEST);
    if std::fs::write(&manifest, data).is_err() {
        return;
    }
    common::outcome(modelgate::bundle::locate(root));
});
