#![no_main]
//! in-toto provenance as published (bare statement, DSSE envelope, `.intoto.jsonl` lines,
//! Sigstore bundle carrying one) and the DSSE envelope reader with signature checking.

use libfuzzer_sys::fuzz_target;
use modelgate::verify::dsse::{Envelope, PublicKey};
use std::sync::OnceLock;

mod common;

/// The examples' release key: with a real key the signature check runs its decoding and
/// verification instead of stopping at "no key".
fn keys() -> &'static [PublicKey] {
    static KEYS: OnceLock<Vec<PublicKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        PublicKey::from_pem(include_str!("../../examples/release.pub"))
            .map(|k| vec![k])
            .unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let doc = common::doc("provenance/model.intoto.jsonl", data);
    common::outcome(modelgate::formats::provenance::load(&doc));
    match Envelope::from_doc(&doc) {
        Ok(env) => {
            std::hint::black_box(env.pae());
            common::outcome(env.verify(keys()).map_err(|f| format!("{f:?}")));
        }
        Err(e) => std::hint::black_box(e.to_string()).clear(),
    }
});
