#![no_main]
//! The body of a Kubernetes AdmissionReview as the webhook receives it: parsed, then reduced
//! to the workload's images and models.

use libfuzzer_sys::fuzz_target;
use modelgate::serve::review;

mod common;

fuzz_target!(|data: &[u8]| {
    match review::parse(data) {
        Ok(req) => common::outcome(review::summarize(&req).map_err(|e| format!("{e:?}"))),
        Err(m) => std::hint::black_box(m.message).clear(),
    }
});
