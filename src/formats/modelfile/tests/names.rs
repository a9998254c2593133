//! What a file's name says (`format_by_name`) and the format table's names.

use super::*;
use ModelFormat::*;

#[test]
fn names_are_folded_before_the_extension_is_compared() {
    assert_eq!(format_by_name("model/MODEL.PKL"), Some(Pickle));
    assert_eq!(format_by_name("model.SafeTensors"), Some(Safetensors));
    assert_eq!(
        format_by_name("model.safetens\u{043e}rs"),
        Some(Safetensors)
    );
    assert_eq!(format_by_name("ｍｏｄｅｌ．ｐｋｌ"), Some(Pickle));
    assert_eq!(format_by_name("w/saved_model.pb"), Some(TfSavedModel));
    assert_eq!(format_by_name("frozen.pb"), Some(TfGraphDef));
    assert_eq!(format_by_name("pytorch_model.bin"), Some(PytorchZip));
    assert_eq!(format_by_name("m.ckpt"), Some(PytorchZip));
    assert_eq!(format_by_name("clf.joblib"), Some(Joblib));
    assert_eq!(format_by_name("clf.pkl.gz"), Some(Joblib));
    assert_eq!(format_by_name("clf.joblib.XZ"), Some(Joblib));
    assert_eq!(format_by_name("m.mar"), Some(TorchServe));
    assert_eq!(format_by_name("m.mlmodel"), Some(CoreMl));
    assert_eq!(format_by_name("m.keras"), Some(KerasZip));
    assert_eq!(format_by_name("notes.txt"), None);
    assert_eq!(format_by_name("data.tar.gz"), None);
    assert_eq!(format_by_name("pkl"), None);
    assert!(Pickle.pickle_family() && PytorchZip.pickle_family() && Joblib.pickle_family());
    assert!(!Safetensors.pickle_family() && !Npy.pickle_family() && !Onnx.pickle_family());
    assert_eq!(PytorchZip.as_str(), "pytorch-zip");
    assert_eq!(
        serde_json::to_string(&TorchScript).unwrap(),
        "\"torchscript\""
    );
}
