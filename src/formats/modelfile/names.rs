//! What a file's name says: its extension (after Unicode folding), well-known names and
//! joblib's compressed names. Only a hint: the content decides wherever it can.

use super::ModelFormat;
use std::collections::HashMap;
use std::sync::OnceLock;

fn name_table() -> &'static [(String, ModelFormat)] {
    static TABLE: OnceLock<Vec<(String, ModelFormat)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        use ModelFormat::*;
        [
            ("pkl", Pickle),
            ("pickle", Pickle),
            ("pck", Pickle),
            ("dill", Pickle),
            ("pdparams", Pickle),
            ("pdopt", Pickle),
            ("joblib", Joblib),
            ("pt", PytorchZip),
            ("pth", PytorchZip),
            ("pt2", PytorchZip),
            ("ckpt", PytorchZip),
            ("bin", PytorchZip),
            ("mar", TorchServe),
            ("safetensors", Safetensors),
            ("gguf", Gguf),
            ("ggml", Ggml),
            ("onnx", Onnx),
            ("h5", Hdf5),
            ("hdf5", Hdf5),
            ("keras", KerasZip),
            ("pb", TfGraphDef),
            ("tflite", Tflite),
            ("npy", Npy),
            ("npz", Npz),
            ("msgpack", Msgpack),
            ("flax", Msgpack),
            ("mlmodel", CoreMl),
        ]
        .into_iter()
        .map(|(e, f)| (crate::text::fold(e), f))
        .collect()
    })
}

fn folded(s: &'static str) -> &'static str {
    static CACHE: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        [
            "saved_model.pb",
            "gz",
            "z",
            "bz2",
            "xz",
            "lzma",
            "lz4",
            "bin",
        ]
        .into_iter()
        .map(|k| (k, crate::text::fold(k)))
        .collect()
    });
    cache.get(s).map(String::as_str).unwrap_or(s)
}

/// What the file's name says: its extension compared after [`crate::text::fold`] (NFKC, case
/// and confusable folding, so `MODEL.PKL` and `model.safetens\u{043e}rs` count), plus
/// well-known names (`saved_model.pb`) and joblib's compressed names (`model.pkl.gz`,
/// `model.joblib.xz`).
pub fn format_by_name(rel_path: &str) -> Option<ModelFormat> {
    let file = rel_path.rsplit(['/', '\\']).next().unwrap_or(rel_path);
    name_format(&crate::text::fold(file))
}

fn name_format(name: &str) -> Option<ModelFormat> {
    if name == folded("saved_model.pb") {
        return Some(ModelFormat::TfSavedModel);
    }
    let (stem, ext) = name.rsplit_once('.')?;
    let by_ext = |e: &str| name_table().iter().find(|(x, _)| x == e).map(|(_, f)| *f);
    if let Some(f) = by_ext(ext) {
        return Some(f);
    }
    // joblib.dump(obj, "model.pkl.gz") compresses by extension.
    if ["gz", "z", "bz2", "xz", "lzma", "lz4"]
        .iter()
        .any(|c| folded(c) == ext)
    {
        let inner = stem.rsplit_once('.').map(|(_, e)| e)?;
        if by_ext(inner).is_some_and(ModelFormat::pickle_family) {
            return Some(ModelFormat::Joblib);
        }
    }
    None
}

/// A generic `.bin` name says little: raw weight files (OpenVINO, fastText) use it too.
pub(super) fn generic_bin(rel_path: &str) -> bool {
    let file = rel_path.rsplit(['/', '\\']).next().unwrap_or(rel_path);
    let name = crate::text::fold(file);
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    ext == folded("bin")
        && !["pytorch_model", "training_args", "optimizer", "scheduler"]
            .iter()
            .any(|p| stem.starts_with(&crate::text::fold(p)))
}
