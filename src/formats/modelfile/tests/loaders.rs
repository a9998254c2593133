//! Recognising each format by its content: checkpoints, archives, joblib, NumPy and the formats
//! that hold no pickle. A benign fixture's whole scan result is one snapshot; attacks and edge
//! cases keep targeted asserts.

use super::*;
use ModelFormat::*;

/// The whole scan result of a benign fixture, one snapshot per fixture (named after it):
/// format, whether by content, every import with its offset, member and call, the stream
/// count, completeness, errors and notes.
fn snapshot(name: &str) {
    insta::assert_debug_snapshot!(name, scan_fixture(name));
}

#[test]
fn pytorch_zip_torchscript_and_legacy_checkpoints() {
    // A zip checkpoint (one stream in archive/data.pkl), TorchScript (two streams) and a
    // legacy file (five streams).
    for name in ["torch_zip.pt", "torchscript.pt", "torch_legacy.pt"] {
        snapshot(name);
    }

    let s = scan_fixture("evil_zip.pt");
    assert_eq!(s.format, Some(PytorchZip));
    let imp = find(&s, "webbrowser.open");
    assert_eq!(
        (imp.offset, imp.member.as_deref()),
        (306, Some("archive/data.pkl"))
    );

    // The fifth stream of a legacy file is read too.
    let s = scan_fixture("evil_legacy.pt");
    assert_eq!(s.format, Some(PytorchLegacy));
    assert_eq!(find(&s, "runpy._run_code").offset, 314);
    assert_eq!(report(&s).streams, 5);
}

#[test]
fn archives_that_hide_pickles() {
    let s = scan_fixture("evil.mar");
    assert_eq!(s.format, Some(TorchServe));
    let imp = find(&s, "webbrowser.open");
    assert_eq!(imp.member.as_deref(), Some("evil_zip.pt!archive/data.pkl"));
    assert!(report(&s).complete);

    let s = scan_fixture("evil_tar.pt");
    assert_eq!(s.format, Some(PytorchLegacy));
    assert_eq!(find(&s, "os.system").member.as_deref(), Some("pickle"));
    assert_eq!(report(&s).streams, 4);

    // Two members named archive/data.pkl: only one can be read, so incomplete.
    let s = scan_fixture("dup_names.pt");
    let rep = report(&s);
    assert!(!rep.complete);
    assert!(
        rep.errors.iter().any(|e| e.contains("duplicate")),
        "{rep:?}"
    );

    // A bzip2 member cannot be read here: never "no imports".
    let s = scan_fixture("bz2_member.pt");
    let rep = report(&s);
    assert!(!rep.complete, "{rep:?}");
    assert!(
        rep.errors.iter().any(|e| e.contains("archive/data.pkl")),
        "{rep:?}"
    );
}

#[test]
fn scikit_learn_pickle_and_joblib() {
    // A plain pickle, and joblib files uncompressed, gzip- and zlib-compressed (their imports
    // in the member "(gzip-decompressed)" / "(zlib-decompressed)").
    for name in [
        "sklearn.pkl",
        "sklearn.joblib",
        "sklearn_gz.joblib",
        "sklearn_z.joblib",
    ] {
        snapshot(name);
    }

    // xz cannot be decompressed here: incomplete, never "no imports".
    let s = scan_fixture("sklearn_xz.joblib");
    assert_eq!(s.format, Some(Joblib));
    let rep = report(&s);
    assert!(!rep.complete && rep.errors[0].contains("xz"), "{rep:?}");

    // Object arrays are nested pickles; the call hidden after raw array data is found.
    snapshot("object_array.joblib");
    let s = scan_fixture("evil.joblib");
    assert_eq!(s.format, Some(Joblib));
    assert!(report(&s).complete);
    assert_eq!(find(&s, "subprocess.Popen").offset, 251);
    let s = scan_fixture("evil_gz.joblib");
    assert_eq!(find(&s, "subprocess.Popen").offset, 251);
}

#[test]
fn numpy_safetensors_and_other_formats() {
    // A numeric array (no pickle), an object array (one pickle stream), an .npz of arrays, and
    // the formats that hold no pickle, each recognised by its content.
    for name in [
        "array.npy",
        "object.npy",
        "arrays.npz",
        "model.safetensors",
        "model.gguf",
        "model.h5",
        "model.keras",
        "model.tflite",
        "model.onnx",
        "saved_model.pb",
        "model.msgpack",
    ] {
        snapshot(name);
    }
    let s = scan_fixture("evil_object.npy");
    assert_eq!(find(&s, "os.system").offset, 128);
    // The same safetensors file under a name in another case (its snapshot would differ from
    // model.safetensors' only in name, and clash with it on a case-insensitive file system).
    let s = scan_fixture("model.SafeTensors");
    assert_eq!((s.format, s.by_content), (Some(Safetensors), true), "{s:?}");
    assert!(s.pickle.is_none(), "{s:?}");
    // Weak formats are judged: a sentence named .onnx is not plausibly ONNX.
    let s = scan_fixture("not_a_model.onnx");
    assert_eq!((s.format, s.by_content), (Some(Onnx), false));
    assert!(!s.notes.is_empty());
    // Strong magics count whatever the name.
    let s = scan_bytes(&fixture("model.safetensors"), "weights.dat");
    assert_eq!(s.format, Some(Safetensors));
    let s = scan_bytes(&fixture("torch_zip.pt"), "README");
    assert_eq!(s.format, Some(PytorchZip));
    // Named as a pickle but not one: incomplete (fail closed); a generic .bin is not.
    let s = scan_bytes(b"\x00\x01\x02\x03 raw float data", "model.pkl");
    assert_eq!((s.format, s.by_content), (Some(Pickle), false));
    assert!(!report(&s).complete);
    let s = scan_bytes(b"\x00\x01\x02\x03 raw float data", "openvino.bin");
    assert_eq!((s.format, s.pickle.is_none()), (None, true));
}

#[test]
fn a_pickle_appended_zip_is_a_polyglot_and_both_are_read() {
    let mut bytes = fixture("evil_proto0.pkl");
    bytes.extend_from_slice(&fixture("model.keras"));
    let s = scan_bytes(&bytes, "model.keras");
    assert_eq!(s.format, Some(KerasZip));
    assert_eq!(find(&s, "os.system").offset, 0);
    assert!(
        s.notes.iter().any(|n| n.contains("polyglot")),
        "{:?}",
        s.notes
    );
}
