#![no_main]
//! SPDX SBOMs: 2.2/2.3 JSON and 3.0 JSON-LD (AI and Dataset profiles). The loader detects the
//! format from the content; the corpus holds both versions.

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::outcome(modelgate::formats::sbom::load(&common::doc(
        "sbom/image.spdx.json",
        data,
    )));
});
