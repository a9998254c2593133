#![no_main]
//! CycloneDX JSON: the SBOM loader, and the model card loader that reads an ML-BOM's
//! `modelCard` from the same kind of file.

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::outcome(modelgate::formats::sbom::load(&common::doc(
        "sbom/image.cdx.json",
        data,
    )));
    common::outcome(modelgate::formats::model_card::load(&common::doc(
        "model.modelcard.json",
        data,
    )));
});
