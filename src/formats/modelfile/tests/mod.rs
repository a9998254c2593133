//! Tests of the model-file scan, by concern: names, pickle opcodes, the loaders of each format
//! (benign fixtures as one snapshot each), and robustness. Inputs are the files of
//! tests/fixtures/modelfiles (written by its make.py) and short hand-assembled pickles.

mod loaders;
mod names;
mod pickles;
mod robustness;

use super::*;
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/modelfiles")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn scan_bytes(bytes: &[u8], name: &str) -> Scan {
    scan(&mut Cursor::new(bytes), bytes.len() as u64, name).unwrap()
}

fn scan_fixture(name: &str) -> Scan {
    scan_bytes(&fixture(name), name)
}

fn report(s: &Scan) -> &PickleReport {
    s.pickle.as_ref().expect("a pickle report")
}

fn names(s: &Scan) -> Vec<String> {
    report(s)
        .imports
        .iter()
        .map(|i| format!("{}.{}", i.module, i.name))
        .collect()
}

fn find<'a>(s: &'a Scan, full: &str) -> &'a PickleImport {
    report(s)
        .imports
        .iter()
        .find(|i| format!("{}.{}", i.module, i.name) == full)
        .unwrap_or_else(|| panic!("{full} not in {:?}", names(s)))
}
