#![no_main]
//! garak `report.jsonl`: the `.jsonl` name sends every input to the garak reader, whatever
//! its first line holds.

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::outcome(modelgate::formats::robustness::load(&common::doc(
        "eval/garak.report.jsonl",
        data,
    )));
});
