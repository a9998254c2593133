//! Model files recognised by their content (magic numbers, container layouts), not only by their
//! names, and a static analysis of every Python pickle they hold: which globals an unpickler
//! would import and call, found without executing anything and in bounded memory.
//!
//! A release author controls every byte, so the name is only a hint: a pickle renamed
//! `weights.txt` or `model.safetens\u{043e}rs` is still read as a pickle, a zip checkpoint is
//! opened whatever it is called, and a compressed or truncated pickle that cannot be read to its
//! end is reported as incomplete, never as "no imports".
//!
//! One submodule per concern: `names` (what a file's name says), `scanner` (one file by content,
//! then by name) with a module per container or format it opens (`zip`, `tar`, `numpy`,
//! `compressed`, `sniff`), and the static pickle analysis (`reader`, `unpickler`, `opcodes`,
//! `oparg`, `joblib`, `report`).

mod compressed;
mod joblib;
mod names;
mod numpy;
mod oparg;
mod opcodes;
mod reader;
mod report;
mod scanner;
mod sniff;
mod tar;
mod unpickler;
mod zip;

#[cfg(test)]
mod tests;

pub use names::format_by_name;

use report::Acc;
use scanner::Scanner;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Seek};

// Bounds. Past any of them the analysis stops and says so (`complete: false`); nothing is ever
// allocated by a length read from the file.
/// Longest string kept in the symbolic stack and memo; a longer one is kept as "some string".
const KEEP_STR: usize = 1024;
/// Bytes of strings kept per pickle stream; later strings are kept as "some string".
const STR_BUDGET: usize = 32 << 20;
/// Stack slots (values and marks) of one stream.
const MAX_STACK: usize = 1 << 20;
/// Memo entries of one stream.
const MAX_MEMO: usize = 2 << 20;
/// Containers and objects tracked per stream; later ones are opaque values.
const MAX_NODES: usize = 1 << 18;
/// Items kept per container, and in all containers of a stream together.
const MAX_ITEMS: usize = 64;
const MAX_ITEMS_TOTAL: usize = 1 << 20;
/// Distinct imports of one file.
const MAX_IMPORTS: usize = 10_000;
const MAX_ERRORS: usize = 32;
/// Zip archives: entries, central directory size, members read into memory to be opened as
/// archives themselves, and nesting.
const MAX_ZIP_ENTRIES: u64 = 100_000;
const MAX_CD_BYTES: u64 = 64 << 20;
const MAX_NESTED: u64 = 64 << 20;
const MAX_DEPTH: u8 = 2;
/// Decompressed bytes read per file (zip members, gzip/zlib streams): a decompression bomb ends
/// the analysis as incomplete instead of running for hours.
const MAX_DECODED: u64 = 4 << 30;
const MAX_NPY_HEADER: u64 = 1 << 20;
const MAX_TAR_MEMBERS: usize = 100_000;
const CHUNK: usize = 64 << 10;

/// Formats of model files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ModelFormat {
    /// A bare Python pickle (`.pkl`, `.pickle`, `.dill`, PaddlePaddle `.pdparams`).
    #[serde(rename = "pickle")]
    Pickle,
    /// `torch.save` before PyTorch 1.6: a sequence of pickles and raw storages, or a tar.
    #[serde(rename = "pytorch-legacy")]
    PytorchLegacy,
    /// `torch.save` zip checkpoint (`archive/data.pkl` + `archive/data/N` storages).
    #[serde(rename = "pytorch-zip")]
    PytorchZip,
    /// TorchScript archive (`constants.pkl`, `code/`).
    #[serde(rename = "torchscript")]
    TorchScript,
    /// TorchServe model archive (`.mar`, a zip with `MAR-INF/`).
    #[serde(rename = "torchserve-mar")]
    TorchServe,
    /// joblib (a pickle with inline NumPy array data, possibly compressed).
    #[serde(rename = "joblib")]
    Joblib,
    #[serde(rename = "safetensors")]
    Safetensors,
    #[serde(rename = "gguf")]
    Gguf,
    /// Legacy llama.cpp files (`ggml`, `ggmf`, `ggjt` magics).
    #[serde(rename = "ggml")]
    Ggml,
    #[serde(rename = "onnx")]
    Onnx,
    #[serde(rename = "hdf5")]
    Hdf5,
    /// Keras v3 `.keras` zip (`config.json` + `model.weights.h5`).
    #[serde(rename = "keras-zip")]
    KerasZip,
    /// TensorFlow `saved_model.pb`.
    #[serde(rename = "tf-saved-model")]
    TfSavedModel,
    /// TensorFlow frozen GraphDef `.pb`.
    #[serde(rename = "tf-graphdef")]
    TfGraphDef,
    #[serde(rename = "tflite")]
    Tflite,
    #[serde(rename = "npy")]
    Npy,
    #[serde(rename = "npz")]
    Npz,
    /// Flax msgpack state dict.
    #[serde(rename = "msgpack")]
    Msgpack,
    /// Core ML `.mlmodel` (protobuf).
    #[serde(rename = "coreml")]
    CoreMl,
    /// A zip archive of no known model layout.
    #[serde(rename = "zip")]
    Zip,
    /// A tar archive of no known model layout.
    #[serde(rename = "tar")]
    Tar,
    /// A compressed stream modelgate cannot decompress (bz2, xz, lzma, lz4): it may hold a
    /// joblib pickle.
    #[serde(rename = "compressed")]
    Compressed,
}

impl ModelFormat {
    pub fn as_str(self) -> &'static str {
        use ModelFormat::*;
        match self {
            Pickle => "pickle",
            PytorchLegacy => "pytorch-legacy",
            PytorchZip => "pytorch-zip",
            TorchScript => "torchscript",
            TorchServe => "torchserve-mar",
            Joblib => "joblib",
            Safetensors => "safetensors",
            Gguf => "gguf",
            Ggml => "ggml",
            Onnx => "onnx",
            Hdf5 => "hdf5",
            KerasZip => "keras-zip",
            TfSavedModel => "tf-saved-model",
            TfGraphDef => "tf-graphdef",
            Tflite => "tflite",
            Npy => "npy",
            Npz => "npz",
            Msgpack => "msgpack",
            CoreMl => "coreml",
            Zip => "zip",
            Tar => "tar",
            Compressed => "compressed",
        }
    }

    /// Formats whose loaders unpickle, i.e. that can run code when loaded. NumPy files unpickle
    /// only object arrays; a scan reports those as pickles whatever the format.
    pub fn pickle_family(self) -> bool {
        use ModelFormat::*;
        matches!(
            self,
            Pickle | PytorchLegacy | PytorchZip | TorchScript | TorchServe | Joblib | Compressed
        )
    }

    /// Formats recognised only when the name says so, their content then judged for plausibility.
    fn weak(self) -> bool {
        use ModelFormat::*;
        matches!(self, Onnx | TfSavedModel | TfGraphDef | CoreMl | Msgpack)
    }
}

impl std::fmt::Display for ModelFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the pickles of one file would import, for the input document (`artifacts[].pickle`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PickleReport {
    /// Every distinct global a stream imports (`GLOBAL`, `STACK_GLOBAL`, `INST`, `EXT1/2/4`), in
    /// file order.
    pub imports: Vec<PickleImport>,
    /// Pickle streams found and parsed (a legacy PyTorch file has five, a zip checkpoint one per
    /// `.pkl` member, a joblib file one more per object array).
    pub streams: u64,
    /// True when every stream was parsed to its STOP and nothing a loader would unpickle was
    /// left unread (no truncation, no unreadable member or compression, no bound exceeded).
    pub complete: bool,
    /// Why the analysis is incomplete, one sentence each.
    #[serde(default)]
    pub errors: Vec<String>,
}

/// One global a pickle imports. `module`/`name` are `?` when the stream computes them in a way
/// a static reading cannot follow (fail closed: an allow-list never matches `?`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PickleImport {
    pub module: String,
    pub name: String,
    /// GLOBAL | STACK_GLOBAL | INST | EXT1 | EXT2 | EXT4
    pub opcode: String,
    /// Byte offset of the opcode in the file, or in `member` (a zip/tar member, or the
    /// decompressed data of a gzip/zlib stream) when that is set.
    pub offset: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The imported object (or an object it made) is called: the callable of REDUCE, OBJ,
    /// NEWOBJ, NEWOBJ_EX, INST, or the target of BUILD/APPEND/SETITEM/ADDITEMS (which call its
    /// `__setstate__`, `append`, `__setitem__`, `add`), as far as the stack can be followed.
    pub called: bool,
    /// How many times this import occurs (only the first offset is kept).
    #[serde(default = "one")]
    pub count: u64,
}

fn one() -> u64 {
    1
}

/// The result of [`scan`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    /// The format by content when `by_content`, else what the name says (or nothing).
    pub format: Option<ModelFormat>,
    pub by_content: bool,
    /// Present when the file is, holds or is named as something that unpickles.
    pub pickle: Option<PickleReport>,
    /// Facts worth a reviewer's attention that are not pickle errors (a name that disagrees with
    /// the content, a polyglot file).
    pub notes: Vec<String>,
}

/// Recognises `r` (a file of `size` bytes, already opened safely by the caller) by its content
/// and lists what every pickle in it would import. Memory stays bounded whatever the size:
/// payloads are skipped, archives are read member by member. An I/O error of `r` is an `Err`;
/// a malformed file is a fact in the result.
pub fn scan<R: Read + Seek>(r: &mut R, size: u64, rel_path: &str) -> io::Result<Scan> {
    let mut s = Scanner {
        acc: Acc::default(),
        notes: Vec::new(),
        decoded_left: MAX_DECODED,
    };
    let name_fmt = format_by_name(rel_path);
    let (format, by_content) = s.file(r, size, rel_path, name_fmt, None, 0)?;
    Ok(Scan {
        format,
        by_content,
        pickle: s.acc.finish(),
        notes: s.notes,
    })
}
