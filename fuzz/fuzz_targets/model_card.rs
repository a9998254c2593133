#![no_main]
//! Model cards: Hugging Face Markdown with YAML front matter, and the JSON forms (Model Card
//! Toolkit, CycloneDX ML-BOM) that discovery finds as `model_card.json`.

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    // Discovery names JSON cards `model_card.json` and Markdown ones `README.md`; following
    // the content keeps both parsers reachable from one corpus.
    let json = data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let rel = if json { "model_card.json" } else { "README.md" };
    common::outcome(modelgate::formats::model_card::load(&common::doc(
        rel, data,
    )));
});
