#![no_main]
//! MLCommons Croissant JSON-LD dataset manifests, RAI vocabulary included.

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::outcome(modelgate::formats::dataset::load(&common::doc(
        "data/croissant.json",
        data,
    )));
});
