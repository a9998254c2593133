//! Tests of the SBOM loader, by concern; documents are read from tests/fixtures/sbom.

use super::*;
use std::path::Path;

mod identity;
mod license;
mod loaders;
mod real;

/// A document of tests/fixtures/sbom.
fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sbom")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The normalized SBOM as the policies read it, for a snapshot.
fn json(s: &Sbom) -> String {
    match serde_json::to_string_pretty(s) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    }
}

/// A CycloneDX 1.5 document with nested components, every hash family and licence shape.
fn cdx() -> String {
    fixture("cyclonedx-fields.json")
}

/// An SPDX 2.3 document: an operating system and an application with checksums and references.
fn spdx2() -> String {
    fixture("spdx2-fields.spdx.json")
}

/// An SPDX 3.0.1 JSON-LD graph: AI, dataset and software packages, a file, licence elements.
fn spdx3() -> String {
    fixture("spdx3-fields.spdx3.json")
}

fn load_str(name: &str, text: &str) -> Result<Sbom> {
    load(&Doc::new(name, name, text.as_bytes().to_vec()))
}

fn must(name: &str, text: &str) -> Sbom {
    match load_str(name, text) {
        Ok(s) => s,
        Err(e) => panic!("{name} should load: {e}"),
    }
}

fn fails(name: &str, text: &str) -> String {
    match load_str(name, text) {
        Ok(_) => panic!("{name} should not load"),
        Err(e) => e.to_string(),
    }
}
