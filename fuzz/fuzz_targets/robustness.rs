#![no_main]
//! modelgate's own `robustness.json` (attacks, threat models, accuracies, dates).

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::outcome(modelgate::formats::robustness::load(&common::doc(
        "eval/robustness.json",
        data,
    )));
});
