//! What every target shares: the input wrapped as the loaders receive a file, and the one
//! invariant they are held to.
#![allow(dead_code)]

use modelgate::formats::Doc;

/// The input as a file read from a bundle at `rel`: loaders pick the format from the name as
/// well as the content, so the name decides which parser the bytes reach.
pub fn doc(rel: &str, data: &[u8]) -> Doc {
    Doc::new(rel, rel, data.to_vec())
}

/// A loader may accept or refuse any input, never panic (libFuzzer reports a panic as a crash
/// and `-timeout` a hang). A refusal is rendered too: the CLI prints every error, so a panic
/// while formatting its location would be just as fatal.
pub fn outcome<T, E: std::fmt::Display>(r: Result<T, E>) {
    if let Err(e) = r {
        std::hint::black_box(e.to_string());
    }
}
