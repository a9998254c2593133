#![no_main]
//! Dataset documentation in YAML: the modelgate datasheet (`dataset.yaml`) and the Hugging Face
//! dataset card (front matter, template sections and an optional `personal_data:` block).

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    // Both parsers read YAML with hand-written line lookups around it, so every input goes
    // through both: a seed for one is a useful mutation source for the other.
    common::outcome(modelgate::formats::dataset::load(&common::doc(
        "data/dataset.yaml",
        data,
    )));
    common::outcome(modelgate::formats::dataset::load_hf_card(&common::doc(
        "data/README.md",
        data,
    )));
});
