//! Model files recognised by their content (magic numbers, container layouts), not only by their
//! names, and a static analysis of every Python pickle they hold: which globals an unpickler
//! would import and call, found without executing anything and in bounded memory.
//!
//! A release author controls every byte, so the name is only a hint: a pickle renamed
//! `weights.txt` or `model.safetens\u{043e}rs` is still read as a pickle, a zip checkpoint is
//! opened whatever it is called, and a compressed or truncated pickle that cannot be read to its
//! end is reported as incomplete, never as "no imports".

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;
use std::sync::OnceLock;

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
fn generic_bin(rel_path: &str) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Reading

/// A buffered reader over any source that knows its offset, reads and discards instead of
/// seeking, and stops at a budget of bytes. Read errors are kept for the caller to judge (an
/// I/O error of the file, or corrupt compressed data).
struct Src<'a> {
    r: &'a mut dyn Read,
    buf: Vec<u8>,
    lo: usize,
    hi: usize,
    /// Offset of `buf[lo]` in the stream.
    pos: u64,
    /// Bytes the source may still deliver.
    left: u64,
    /// The budget ended the data.
    limited: bool,
    err: Option<io::Error>,
    reads: u32,
}

struct Line {
    kept: Vec<u8>,
    long: bool,
    last: Option<u8>,
}

impl<'a> Src<'a> {
    fn new(r: &'a mut dyn Read, pos: u64, left: u64) -> Self {
        Src {
            r,
            buf: vec![0; CHUNK],
            lo: 0,
            hi: 0,
            pos,
            left,
            limited: false,
            err: None,
            reads: 0,
        }
    }

    /// Reads more (keeping unread bytes); false at the end, on an error or at the budget.
    fn more(&mut self) -> bool {
        if self.err.is_some() {
            return false;
        }
        if self.left == 0 {
            self.limited = true;
            return false;
        }
        if self.lo > 0 {
            self.buf.copy_within(self.lo..self.hi, 0);
            self.hi -= self.lo;
            self.lo = 0;
        }
        let room = self.buf.len() - self.hi;
        if room == 0 {
            return true;
        }
        // The first read is small: sniffing a member that is not a pickle stops within bytes.
        let want = if self.reads == 0 {
            room.min(4096)
        } else {
            room
        };
        let want = usize::try_from((want as u64).min(self.left)).unwrap_or(want);
        loop {
            match self.r.read(&mut self.buf[self.hi..self.hi + want]) {
                Ok(0) => return false,
                Ok(n) => {
                    self.hi += n;
                    self.left -= n as u64;
                    self.reads += 1;
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.err = Some(e);
                    return false;
                }
            }
        }
    }

    fn at_end(&mut self) -> bool {
        self.lo == self.hi && !self.more()
    }

    fn byte(&mut self) -> Option<u8> {
        if self.at_end() {
            return None;
        }
        let b = *self.buf.get(self.lo)?;
        self.lo += 1;
        self.pos += 1;
        Some(b)
    }

    /// Up to `n` (≤ CHUNK) next bytes without consuming them.
    fn peek(&mut self, n: usize) -> &[u8] {
        let n = n.min(CHUNK);
        while self.hi - self.lo < n {
            if !self.more() {
                break;
            }
        }
        let end = (self.lo + n).min(self.hi);
        &self.buf[self.lo..end]
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut a = [0u8; N];
        for x in a.iter_mut() {
            *x = self.byte()?;
        }
        Some(a)
    }

    /// Skips `n` bytes; false when the data ends first.
    fn skip(&mut self, mut n: u64) -> bool {
        loop {
            let avail = (self.hi - self.lo) as u64;
            let k = avail.min(n);
            self.lo += k as usize;
            self.pos += k;
            n -= k;
            if n == 0 {
                return true;
            }
            if !self.more() {
                return false;
            }
        }
    }

    /// `n` bytes: kept when `n <= keep`, else skipped (`Some(None)`); `None` when the data ends.
    fn take(&mut self, n: u64, keep: usize) -> Option<Option<Vec<u8>>> {
        if n > keep as u64 {
            return if self.skip(n) { Some(None) } else { None };
        }
        let n = n as usize;
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            if self.at_end() {
                return None;
            }
            let k = (self.hi - self.lo).min(n - out.len());
            out.extend_from_slice(&self.buf[self.lo..self.lo + k]);
            self.lo += k;
            self.pos += k as u64;
        }
        Some(Some(out))
    }

    /// A line up to `\n` (not included), its first `keep` bytes kept; `None` when the data ends
    /// before a newline (CPython's C unpickler calls that truncated).
    fn line(&mut self, keep: usize) -> Option<Line> {
        let mut kept = Vec::new();
        let mut long = false;
        let mut last = None;
        loop {
            if self.at_end() {
                return None;
            }
            let chunk = &self.buf[self.lo..self.hi];
            let (part, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], true),
                None => (chunk, false),
            };
            if let Some(&b) = part.last() {
                last = Some(b);
            }
            let room = keep.saturating_sub(kept.len());
            if part.len() > room {
                long = true;
            }
            kept.extend_from_slice(&part[..part.len().min(room)]);
            let used = part.len() + usize::from(found);
            self.lo += used;
            self.pos += used as u64;
            if found {
                return Some(Line { kept, long, last });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The symbolic unpickler

/// A value on the symbolic stack or in the memo. Containers and objects live in the stream's
/// node arena, so that a memoized object mutated later (APPEND, BUILD) is the same object, as
/// in Python.
#[derive(Debug, Clone)]
enum Val {
    None,
    Bool,
    Int(i64),
    BigInt,
    Float,
    /// A thin pointer keeps `Val` at 16 bytes: the memo can hold millions of them.
    Str(Rc<String>),
    /// A str too long (or past the budget) to keep.
    LongStr,
    Bytes,
    Node(u32),
    /// The object an import returned (index into the stream's imports).
    Global(u32),
    /// What a persistent_load returned (PyTorch storages).
    Persistent,
    Buffer,
    /// A container past the node bound, or the array joblib read.
    Unknown,
    /// The LONG1 magic number that opens a legacy `torch.save` file.
    TorchMagic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Obj,
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// The first items (dict: key, value, key, value, ...).
    items: Vec<Val>,
    /// Import whose call made this object.
    class: Option<u32>,
    args: Option<Val>,
    state: Option<Val>,
}

#[derive(Debug, Clone)]
struct Imp {
    module: String,
    name: String,
    opcode: &'static str,
    offset: u64,
    called: bool,
    count: u64,
    /// Module and name are dotted Python identifiers.
    ident: bool,
}

/// How a stream ended.
#[derive(Debug)]
enum Halt {
    Stop {
        /// Exactly one value on the stack and no open mark: a well-formed pickle.
        clean: bool,
        magic: bool,
    },
    Fail {
        msg: String,
        /// A bound of this analysis, not a defect of the data.
        limit: bool,
    },
}

type R<T> = Result<T, Halt>;

fn fail<T>(at: u64, op: u8, msg: impl std::fmt::Display) -> R<T> {
    Err(Halt::Fail {
        msg: format!("offset {at} ({}): {msg}", opname(op)),
        limit: false,
    })
}

fn bound<T>(at: u64, msg: impl std::fmt::Display) -> R<T> {
    Err(Halt::Fail {
        msg: format!("offset {at}: {msg}; the rest of the stream was not analysed"),
        limit: true,
    })
}

fn eof<T>(at: u64, op: u8) -> R<T> {
    fail(
        at,
        op,
        "the data ends inside the opcode's argument (truncated)",
    )
}

const TORCH_MAGIC: [u8; 10] = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

struct Machine {
    stack: Vec<Val>,
    meta: Vec<Vec<Val>>,
    slots: usize,
    memo: HashMap<u64, Val>,
    nodes: Vec<Node>,
    items_used: usize,
    str_used: usize,
    imports: Vec<Imp>,
    import_idx: HashMap<(String, String, &'static str), u32>,
    /// Follow joblib's NumpyUnpickler: read the array data after a NumpyArrayWrapper's BUILD.
    joblib: bool,
    saw_wrapper: bool,
    persid_or_ext: bool,
    first_proto: bool,
    ops: u64,
    /// Streams nested in this one (joblib object arrays).
    nested: u64,
}

impl Machine {
    fn new(joblib: bool) -> Self {
        Machine {
            stack: Vec::new(),
            meta: Vec::new(),
            slots: 0,
            memo: HashMap::new(),
            nodes: Vec::new(),
            items_used: 0,
            str_used: 0,
            imports: Vec::new(),
            import_idx: HashMap::new(),
            joblib,
            saw_wrapper: false,
            persid_or_ext: false,
            first_proto: false,
            ops: 0,
            nested: 0,
        }
    }

    fn run(&mut self, src: &mut Src<'_>) -> Halt {
        loop {
            let at = src.pos;
            let Some(op) = src.byte() else {
                let msg = if self.ops == 0 {
                    format!("offset {at}: no data")
                } else {
                    format!("offset {at}: the data ends before the pickle's STOP (truncated)")
                };
                return Halt::Fail { msg, limit: false };
            };
            self.ops += 1;
            if self.ops == 1 {
                self.first_proto = op == 0x80;
            }
            if let Err(h) = self.op(op, at, src) {
                return h;
            }
        }
    }

    // Stack primitives.

    fn push(&mut self, at: u64, v: Val) -> R<()> {
        if self.slots >= MAX_STACK {
            return bound(at, format!("more than {MAX_STACK} values on the stack"));
        }
        self.slots += 1;
        self.stack.push(v);
        Ok(())
    }

    fn pop(&mut self, at: u64, op: u8) -> R<Val> {
        match self.stack.pop() {
            Some(v) => {
                self.slots -= 1;
                Ok(v)
            }
            None => fail(at, op, "stack underflow"),
        }
    }

    fn top(&self, at: u64, op: u8) -> R<Val> {
        match self.stack.last() {
            Some(v) => Ok(v.clone()),
            None => fail(at, op, "stack underflow"),
        }
    }

    fn set_top(&mut self, v: Val) {
        if let Some(t) = self.stack.last_mut() {
            *t = v;
        }
    }

    fn mark(&mut self, at: u64) -> R<()> {
        if self.slots >= MAX_STACK {
            return bound(at, format!("more than {MAX_STACK} values on the stack"));
        }
        self.slots += 1;
        self.meta.push(std::mem::take(&mut self.stack));
        Ok(())
    }

    fn pop_mark(&mut self, at: u64, op: u8) -> R<Vec<Val>> {
        match self.meta.pop() {
            Some(prev) => {
                let items = std::mem::replace(&mut self.stack, prev);
                self.slots -= items.len() + 1;
                Ok(items)
            }
            None => fail(at, op, "no MARK to pop to"),
        }
    }

    fn node(&mut self, kind: Kind, items: Vec<Val>, class: Option<u32>, args: Option<Val>) -> Val {
        if self.nodes.len() >= MAX_NODES {
            return Val::Unknown;
        }
        self.nodes.push(Node {
            kind,
            items: Vec::new(),
            class,
            args,
            state: None,
        });
        let i = (self.nodes.len() - 1) as u32;
        self.extend_node(i, items);
        Val::Node(i)
    }

    /// Keeps the first items of a container (bounded per container and per stream); the rest
    /// cannot be reached by any opcode, only by code that would run, so dropping them hides no
    /// import.
    fn extend_node(&mut self, i: u32, items: Vec<Val>) {
        let total_room = MAX_ITEMS_TOTAL.saturating_sub(self.items_used);
        if let Some(node) = self.nodes.get_mut(i as usize) {
            let room = MAX_ITEMS.saturating_sub(node.items.len()).min(total_room);
            let n = items.len().min(room);
            node.items.extend(items.into_iter().take(n));
            self.items_used += n;
        }
    }

    fn kind(&self, v: &Val) -> Option<Kind> {
        match v {
            Val::Node(i) => self.nodes.get(*i as usize).map(|n| n.kind),
            _ => None,
        }
    }

    /// Could be called at run time: an import, something an import returned, or unknown.
    fn maybe_callable(&self, v: &Val) -> bool {
        match v {
            Val::Global(_) | Val::Persistent | Val::Unknown => true,
            Val::Node(_) => self.kind(v) == Some(Kind::Obj),
            _ => false,
        }
    }

    fn describe(&self, v: &Val) -> &'static str {
        match v {
            Val::None => "None",
            Val::Bool => "bool",
            Val::Int(_) | Val::BigInt | Val::TorchMagic => "int",
            Val::Float => "float",
            Val::Str(_) | Val::LongStr => "str",
            Val::Bytes => "bytes",
            Val::Buffer => "buffer",
            Val::Node(_) => match self.kind(v) {
                Some(Kind::List) => "list",
                Some(Kind::Tuple) => "tuple",
                Some(Kind::Dict) => "dict",
                Some(Kind::Set) => "set",
                Some(Kind::FrozenSet) => "frozenset",
                _ => "object",
            },
            Val::Global(_) | Val::Persistent | Val::Unknown => "object",
        }
    }

    fn str_val(&mut self, s: String) -> Val {
        if s.len() > KEEP_STR || self.str_used + s.len() > STR_BUDGET {
            return Val::LongStr;
        }
        self.str_used += s.len();
        Val::Str(Rc::new(s))
    }

    /// Marks the import behind `v` (an import, or an object one made) as called.
    fn called(&mut self, v: &Val) {
        let idx = match v {
            Val::Global(i) => Some(*i),
            Val::Node(n) => self.nodes.get(*n as usize).and_then(|n| n.class),
            _ => None,
        };
        if let Some(imp) = idx.and_then(|i| self.imports.get_mut(i as usize)) {
            imp.called = true;
        }
    }

    fn import(
        &mut self,
        at: u64,
        module: Option<String>,
        name: Option<String>,
        opcode: &'static str,
    ) -> R<u32> {
        let ident = module.as_deref().is_some_and(dotted_ident)
            && name.as_deref().is_some_and(dotted_ident);
        let module = module.unwrap_or_else(|| "?".into());
        let name = name.unwrap_or_else(|| "?".into());
        let key = (module, name, opcode);
        if let Some(&i) = self.import_idx.get(&key) {
            if let Some(imp) = self.imports.get_mut(i as usize) {
                imp.count += 1;
            }
            return Ok(i);
        }
        if self.imports.len() >= MAX_IMPORTS {
            return bound(at, format!("more than {MAX_IMPORTS} distinct imports"));
        }
        let i = self.imports.len() as u32;
        self.imports.push(Imp {
            module: key.0.clone(),
            name: key.1.clone(),
            opcode,
            offset: at,
            called: false,
            count: 1,
            ident,
        });
        self.import_idx.insert(key, i);
        Ok(i)
    }

    fn merge_imports(&mut self, at: u64, other: Vec<Imp>) -> R<()> {
        for imp in other {
            let key = (imp.module.clone(), imp.name.clone(), imp.opcode);
            if let Some(&i) = self.import_idx.get(&key) {
                if let Some(mine) = self.imports.get_mut(i as usize) {
                    mine.count += imp.count;
                    mine.called |= imp.called;
                }
                continue;
            }
            if self.imports.len() >= MAX_IMPORTS {
                return bound(at, format!("more than {MAX_IMPORTS} distinct imports"));
            }
            self.import_idx.insert(key, self.imports.len() as u32);
            self.imports.push(imp);
        }
        Ok(())
    }

    fn line(&mut self, src: &mut Src<'_>, at: u64, op: u8) -> R<Line> {
        match src.line(KEEP_STR) {
            Some(l) => Ok(l),
            None => fail(
                at,
                op,
                "the data ends before the argument's newline (truncated)",
            ),
        }
    }

    /// A module or name line of GLOBAL/INST, decoded as UTF-8 as CPython does (an undecodable
    /// line fails there before anything is imported); an over-long one is `?`.
    fn name_line(&mut self, src: &mut Src<'_>, at: u64, op: u8) -> R<Option<String>> {
        let l = self.line(src, at, op)?;
        if l.long {
            return Ok(None);
        }
        match String::from_utf8(l.kept) {
            Ok(s) => Ok(Some(s)),
            Err(_) => fail(at, op, "module or name is not valid UTF-8"),
        }
    }

    fn memo_get(&mut self, at: u64, op: u8, key: u64) -> R<()> {
        match self.memo.get(&key) {
            Some(v) => {
                let v = v.clone();
                self.push(at, v)
            }
            None => fail(at, op, format!("memo key {key} was never stored")),
        }
    }

    fn memo_put(&mut self, at: u64, op: u8, key: u64) -> R<()> {
        let v = self.top(at, op)?;
        if self.memo.len() >= MAX_MEMO && !self.memo.contains_key(&key) {
            return bound(at, format!("more than {MAX_MEMO} memo entries"));
        }
        self.memo.insert(key, v);
        Ok(())
    }

    /// APPEND(S), SETITEM(S), ADDITEMS on the object at the top of the stack.
    fn add_items(&mut self, at: u64, op: u8, items: Vec<Val>, want: Kind) -> R<()> {
        let target = self.top(at, op)?;
        match target {
            Val::Node(i) if self.kind(&target) == Some(want) => {
                self.extend_node(i, items);
                Ok(())
            }
            Val::Node(_) if self.kind(&target) == Some(Kind::Obj) => {
                // list.extend/append, __setitem__, add of an object an import made.
                self.called(&target);
                Ok(())
            }
            Val::Global(_) => {
                self.called(&target);
                Ok(())
            }
            Val::Unknown | Val::Persistent => Ok(()),
            _ => fail(
                at,
                op,
                format!(
                    "target is a {}, which has no such method",
                    self.describe(&target)
                ),
            ),
        }
    }

    fn op(&mut self, op: u8, at: u64, src: &mut Src<'_>) -> R<()> {
        match op {
            // MARK
            b'(' => self.mark(at),
            // STOP
            b'.' => {
                let v = self.pop(at, op)?;
                Err(Halt::Stop {
                    clean: self.stack.is_empty() && self.meta.is_empty(),
                    magic: matches!(v, Val::TorchMagic),
                })
            }
            // POP: pops a mark when the stack above it is empty, as CPython does.
            b'0' => {
                if self.stack.pop().is_some() {
                    self.slots -= 1;
                    Ok(())
                } else if !self.meta.is_empty() {
                    self.pop_mark(at, op).map(|_| ())
                } else {
                    fail(at, op, "stack underflow")
                }
            }
            // POP_MARK
            b'1' => self.pop_mark(at, op).map(|_| ()),
            // DUP
            b'2' => {
                let v = self.top(at, op)?;
                self.push(at, v)
            }
            // FLOAT
            b'F' => {
                let l = self.line(src, at, op)?;
                if !l.long && !valid_float(&l.kept) {
                    return fail(at, op, "not a float");
                }
                self.push(at, Val::Float)
            }
            // INT (also protocol 0's True/False as I01/I00)
            b'I' => {
                let l = self.line(src, at, op)?;
                let v = if l.kept == b"00" || l.kept == b"01" {
                    Val::Bool
                } else if l.long {
                    Val::BigInt
                } else {
                    match parse_int(&l.kept) {
                        Some(v) => v,
                        None => return fail(at, op, "not an integer"),
                    }
                };
                self.push(at, v)
            }
            // BININT, BININT1, BININT2
            b'J' => {
                let Some(b) = src.array::<4>() else {
                    return eof(at, op);
                };
                self.push(at, Val::Int(i64::from(i32::from_le_bytes(b))))
            }
            b'K' => {
                let Some(b) = src.byte() else {
                    return eof(at, op);
                };
                self.push(at, Val::Int(i64::from(b)))
            }
            b'M' => {
                let Some(b) = src.array::<2>() else {
                    return eof(at, op);
                };
                self.push(at, Val::Int(i64::from(u16::from_le_bytes(b))))
            }
            // LONG
            b'L' => {
                let l = self.line(src, at, op)?;
                let text = l.kept.strip_suffix(b"L").unwrap_or(&l.kept);
                let v = if l.long {
                    Val::BigInt
                } else {
                    match parse_int(text) {
                        Some(v) => v,
                        None => return fail(at, op, "not an integer"),
                    }
                };
                self.push(at, v)
            }
            // LONG1
            0x8a => {
                let Some(n) = src.byte() else {
                    return eof(at, op);
                };
                let Some(Some(b)) = src.take(u64::from(n), 16) else {
                    return eof(at, op);
                };
                let v = if b == TORCH_MAGIC {
                    Val::TorchMagic
                } else if b.len() <= 8 {
                    Val::Int(le_signed(&b))
                } else {
                    Val::BigInt
                };
                self.push(at, v)
            }
            // LONG4
            0x8b => {
                let Some(b) = src.array::<4>() else {
                    return eof(at, op);
                };
                let n = i32::from_le_bytes(b);
                if n < 0 {
                    return fail(at, op, "negative byte count");
                }
                if src.take(n as u64, 0).is_none() && n > 0 {
                    return eof(at, op);
                }
                self.push(at, Val::BigInt)
            }
            // STRING: a quoted, escaped line; a str under Python 3's default encoding.
            b'S' => {
                let l = self.line(src, at, op)?;
                let (first, last) = (l.kept.first().copied(), l.last);
                let quoted = matches!(first, Some(b'\'' | b'"'))
                    && first == last
                    && (l.long || l.kept.len() >= 2);
                if !quoted {
                    return fail(at, op, "the argument must be quoted");
                }
                let v = if l.long {
                    Val::LongStr
                } else {
                    match escape_decode(&l.kept[1..l.kept.len() - 1]) {
                        Some(b) => self.str_val(latin1(&b)),
                        None => return fail(at, op, "invalid escape"),
                    }
                };
                self.push(at, v)
            }
            // BINSTRING, SHORT_BINSTRING
            b'T' => {
                let Some(b) = src.array::<4>() else {
                    return eof(at, op);
                };
                let n = i32::from_le_bytes(b);
                if n < 0 {
                    return fail(at, op, "negative byte count");
                }
                let v = match src.take(n as u64, KEEP_STR) {
                    None => return eof(at, op),
                    Some(None) => Val::LongStr,
                    Some(Some(b)) => self.str_val(latin1(&b)),
                };
                self.push(at, v)
            }
            b'U' => {
                let Some(n) = src.byte() else {
                    return eof(at, op);
                };
                let v = match src.take(u64::from(n), KEEP_STR) {
                    None => return eof(at, op),
                    Some(None) => Val::LongStr,
                    Some(Some(b)) => self.str_val(latin1(&b)),
                };
                self.push(at, v)
            }
            // BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8: payloads, skipped.
            b'B' | b'C' | 0x8e | 0x96 => {
                let n = match op {
                    b'B' => src.array::<4>().map(|b| u64::from(u32::from_le_bytes(b))),
                    b'C' => src.byte().map(u64::from),
                    _ => src.array::<8>().map(u64::from_le_bytes),
                };
                let Some(n) = n else {
                    return eof(at, op);
                };
                if n > i64::MAX as u64 {
                    return fail(at, op, "length exceeds the largest Python object");
                }
                if !src.skip(n) {
                    return eof(at, op);
                }
                self.push(at, Val::Bytes)
            }
            // NEXT_BUFFER, READONLY_BUFFER (out-of-band data, protocol 5)
            0x97 => self.push(at, Val::Buffer),
            0x98 => self.top(at, op).map(|_| ()),
            // NONE, NEWTRUE, NEWFALSE
            b'N' => self.push(at, Val::None),
            0x88 | 0x89 => self.push(at, Val::Bool),
            // UNICODE: raw-unicode-escape line
            b'V' => {
                let l = self.line(src, at, op)?;
                let v = if l.long {
                    Val::LongStr
                } else {
                    match raw_unicode_escape(&l.kept) {
                        Some(s) => self.str_val(s),
                        None => return fail(at, op, "invalid \\u escape"),
                    }
                };
                self.push(at, v)
            }
            // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
            0x8c | b'X' | 0x8d => {
                let n = match op {
                    0x8c => src.byte().map(u64::from),
                    b'X' => src.array::<4>().map(|b| u64::from(u32::from_le_bytes(b))),
                    _ => src.array::<8>().map(u64::from_le_bytes),
                };
                let Some(n) = n else {
                    return eof(at, op);
                };
                let v = match src.take(n, KEEP_STR) {
                    None => return eof(at, op),
                    Some(None) => Val::LongStr,
                    // Python decodes with 'surrogatepass'; a lossy decode only makes a name
                    // that cannot match an allow-list.
                    Some(Some(b)) => self.str_val(String::from_utf8_lossy(&b).into_owned()),
                };
                self.push(at, v)
            }
            // BINFLOAT
            b'G' => {
                if src.array::<8>().is_none() {
                    return eof(at, op);
                }
                self.push(at, Val::Float)
            }
            // EMPTY_LIST, EMPTY_TUPLE, EMPTY_DICT, EMPTY_SET
            b']' | b')' | b'}' | 0x8f => {
                let kind = match op {
                    b']' => Kind::List,
                    b')' => Kind::Tuple,
                    b'}' => Kind::Dict,
                    _ => Kind::Set,
                };
                let v = self.node(kind, Vec::new(), None, None);
                self.push(at, v)
            }
            // APPEND, APPENDS
            b'a' => {
                let v = self.pop(at, op)?;
                self.add_items(at, op, vec![v], Kind::List)
            }
            b'e' => {
                let items = self.pop_mark(at, op)?;
                self.add_items(at, op, items, Kind::List)
            }
            // LIST, TUPLE, FROZENSET, DICT
            b'l' | b't' | 0x91 | b'd' => {
                let items = self.pop_mark(at, op)?;
                let kind = match op {
                    b'l' => Kind::List,
                    b't' => Kind::Tuple,
                    0x91 => Kind::FrozenSet,
                    _ => Kind::Dict,
                };
                if kind == Kind::Dict && items.len() % 2 == 1 {
                    return fail(at, op, "odd number of items for a dict");
                }
                let v = self.node(kind, items, None, None);
                self.push(at, v)
            }
            // TUPLE1, TUPLE2, TUPLE3
            0x85..=0x87 => {
                let n = usize::from(op - 0x84);
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.pop(at, op)?);
                }
                items.reverse();
                let v = self.node(Kind::Tuple, items, None, None);
                self.push(at, v)
            }
            // SETITEM, SETITEMS, ADDITEMS
            b's' => {
                let v = self.pop(at, op)?;
                let k = self.pop(at, op)?;
                self.add_items(at, op, vec![k, v], Kind::Dict)
            }
            b'u' => {
                let items = self.pop_mark(at, op)?;
                if items.len() % 2 == 1 {
                    return fail(at, op, "odd number of items for a dict");
                }
                self.add_items(at, op, items, Kind::Dict)
            }
            0x90 => {
                let items = self.pop_mark(at, op)?;
                self.add_items(at, op, items, Kind::Set)
            }
            // GET, BINGET, LONG_BINGET
            b'g' => {
                let l = self.line(src, at, op)?;
                match parse_int(&l.kept) {
                    Some(Val::Int(k)) if k >= 0 && !l.long => self.memo_get(at, op, k as u64),
                    _ => fail(at, op, "invalid memo key"),
                }
            }
            b'h' => {
                let Some(k) = src.byte() else {
                    return eof(at, op);
                };
                self.memo_get(at, op, u64::from(k))
            }
            b'j' => {
                let Some(b) = src.array::<4>() else {
                    return eof(at, op);
                };
                self.memo_get(at, op, u64::from(u32::from_le_bytes(b)))
            }
            // PUT, BINPUT, LONG_BINPUT, MEMOIZE
            b'p' => {
                let l = self.line(src, at, op)?;
                match parse_int(&l.kept) {
                    Some(Val::Int(k)) if k >= 0 && !l.long => self.memo_put(at, op, k as u64),
                    Some(Val::Int(_)) => fail(at, op, "negative memo key"),
                    _ => fail(at, op, "invalid memo key"),
                }
            }
            b'q' => {
                let Some(k) = src.byte() else {
                    return eof(at, op);
                };
                self.memo_put(at, op, u64::from(k))
            }
            b'r' => {
                let Some(b) = src.array::<4>() else {
                    return eof(at, op);
                };
                self.memo_put(at, op, u64::from(u32::from_le_bytes(b)))
            }
            0x94 => {
                let k = self.memo.len() as u64;
                self.memo_put(at, op, k)
            }
            // EXT1, EXT2, EXT4: a (module, name) from copyreg's extension registry, which the
            // loading process defines: unknown here, so `?`.
            0x82..=0x84 => {
                let code = match op {
                    0x82 => src.byte().map(i64::from),
                    0x83 => src.array::<2>().map(|b| i64::from(u16::from_le_bytes(b))),
                    _ => src.array::<4>().map(|b| i64::from(i32::from_le_bytes(b))),
                };
                let Some(code) = code else {
                    return eof(at, op);
                };
                if code <= 0 {
                    return fail(at, op, "extension code <= 0");
                }
                self.persid_or_ext = true;
                let name = match op {
                    0x82 => "EXT1",
                    0x83 => "EXT2",
                    _ => "EXT4",
                };
                let i = self.import(at, None, None, name)?;
                self.push(at, Val::Global(i))
            }
            // GLOBAL
            b'c' => {
                let module = self.name_line(src, at, op)?;
                let name = self.name_line(src, at, op)?;
                let i = self.import(at, module, name, "GLOBAL")?;
                self.push(at, Val::Global(i))
            }
            // STACK_GLOBAL
            0x93 => {
                let name = self.pop(at, op)?;
                let module = self.pop(at, op)?;
                let m = self.global_part(&module);
                let n = self.global_part(&name);
                let (Some(m), Some(n)) = (m, n) else {
                    return fail(at, op, "operands must be str");
                };
                let i = self.import(at, m, n, "STACK_GLOBAL")?;
                self.push(at, Val::Global(i))
            }
            // REDUCE
            b'R' => {
                let args = self.pop(at, op)?;
                let f = self.top(at, op)?;
                if !self.maybe_callable(&f) {
                    return fail(at, op, format!("a {} is not callable", self.describe(&f)));
                }
                if matches!(args, Val::None | Val::Bool | Val::Int(_) | Val::Float) {
                    return fail(at, op, "arguments are not a tuple");
                }
                self.called(&f);
                let class = match f {
                    Val::Global(i) => Some(i),
                    _ => None,
                };
                let obj = self.node(Kind::Obj, Vec::new(), class, Some(args));
                self.set_top(obj);
                Ok(())
            }
            // BUILD
            b'b' => {
                let state = self.pop(at, op)?;
                let inst = self.top(at, op)?;
                if matches!(
                    inst,
                    Val::None
                        | Val::Bool
                        | Val::Int(_)
                        | Val::BigInt
                        | Val::Float
                        | Val::Str(_)
                        | Val::LongStr
                        | Val::Bytes
                        | Val::TorchMagic
                ) {
                    return fail(
                        at,
                        op,
                        format!("cannot set the state of a {}", self.describe(&inst)),
                    );
                }
                // __setstate__ of the object, or setattr on an imported class or module.
                self.called(&inst);
                if let Val::Node(i) = inst {
                    let wrapper = match self.nodes.get_mut(i as usize) {
                        Some(n) if n.kind == Kind::Obj => {
                            n.state = Some(state);
                            n.class
                        }
                        _ => None,
                    };
                    if self.joblib && wrapper.is_some_and(|c| self.is_array_wrapper(c)) {
                        self.saw_wrapper = true;
                        self.joblib_array(i, at, src)?;
                        self.set_top(Val::Unknown);
                    }
                }
                Ok(())
            }
            // INST: imports before it looks for its mark (pickle.py order).
            b'i' => {
                let module = self.name_line(src, at, op)?;
                let name = self.name_line(src, at, op)?;
                let i = self.import(at, module, name, "INST")?;
                let items = self.pop_mark(at, op)?;
                if let Some(imp) = self.imports.get_mut(i as usize) {
                    imp.called = true;
                }
                let args = self.node(Kind::Tuple, items, None, None);
                let obj = self.node(Kind::Obj, Vec::new(), Some(i), Some(args));
                self.push(at, obj)
            }
            // OBJ
            b'o' => {
                let mut items = self.pop_mark(at, op)?;
                if items.is_empty() {
                    return fail(at, op, "no class after the MARK");
                }
                let cls = items.remove(0);
                if !self.maybe_callable(&cls) {
                    return fail(at, op, format!("a {} is not a class", self.describe(&cls)));
                }
                self.called(&cls);
                let class = match cls {
                    Val::Global(i) => Some(i),
                    _ => None,
                };
                let args = self.node(Kind::Tuple, items, None, None);
                let obj = self.node(Kind::Obj, Vec::new(), class, Some(args));
                self.push(at, obj)
            }
            // NEWOBJ, NEWOBJ_EX
            0x81 | 0x92 => {
                if op == 0x92 {
                    self.pop(at, op)?;
                }
                let args = self.pop(at, op)?;
                let cls = self.pop(at, op)?;
                if !self.maybe_callable(&cls) {
                    return fail(at, op, format!("a {} is not a class", self.describe(&cls)));
                }
                self.called(&cls);
                let class = match cls {
                    Val::Global(i) => Some(i),
                    _ => None,
                };
                let obj = self.node(Kind::Obj, Vec::new(), class, Some(args));
                self.push(at, obj)
            }
            // PROTO: accepted anywhere, as Python does.
            0x80 => {
                let Some(p) = src.byte() else {
                    return eof(at, op);
                };
                if p > 5 {
                    return fail(at, op, format!("unsupported protocol {p}"));
                }
                Ok(())
            }
            // FRAME: its content is ordinary opcodes; CPython's C unpickler does not hold
            // opcodes to frame boundaries, so neither does this reading.
            0x95 => {
                if src.array::<8>().is_none() {
                    return eof(at, op);
                }
                Ok(())
            }
            // PERSID, BINPERSID
            b'P' => {
                let l = self.line(src, at, op)?;
                if !l.kept.is_ascii() {
                    return fail(at, op, "persistent id is not ASCII");
                }
                self.persid_or_ext = true;
                self.push(at, Val::Persistent)
            }
            b'Q' => {
                self.pop(at, op)?;
                self.persid_or_ext = true;
                self.push(at, Val::Persistent)
            }
            _ => fail(at, op, format!("invalid opcode 0x{op:02x}")),
        }
    }

    /// A STACK_GLOBAL operand: `Some(Some(s))` a known str, `Some(None)` possibly a str that
    /// cannot be known statically (fail closed: `?`), `None` certainly not a str (Python fails).
    fn global_part(&self, v: &Val) -> Option<Option<String>> {
        match v {
            Val::Str(s) => Some(Some(s.to_string())),
            Val::LongStr | Val::Global(_) | Val::Persistent | Val::Unknown => Some(None),
            Val::Node(_) if self.kind(v) == Some(Kind::Obj) => Some(None),
            _ => None,
        }
    }

    fn is_array_wrapper(&self, class: u32) -> bool {
        self.imports.get(class as usize).is_some_and(|imp| {
            imp.name == "NumpyArrayWrapper"
                && (imp.module == "joblib.numpy_pickle"
                    || imp.module.ends_with(".joblib.numpy_pickle"))
        })
    }

    fn node_at(&self, v: &Val) -> Option<&Node> {
        match v {
            Val::Node(i) => self.nodes.get(*i as usize),
            _ => None,
        }
    }

    fn dict_get(&self, dict: &Val, key: &str) -> Option<Val> {
        let node = self.node_at(dict).filter(|n| n.kind == Kind::Dict)?;
        node.items
            .chunks(2)
            .rev()
            .find(|kv| matches!(kv.first(), Some(Val::Str(k)) if k.as_str() == key))
            .and_then(|kv| kv.get(1).cloned())
    }

    /// joblib's NumpyUnpickler: after BUILD of a NumpyArrayWrapper it reads the array from the
    /// stream, raw bytes (after an alignment padding byte and padding since joblib 1.2) or, for
    /// object arrays, a nested pickle. Reads past it, or analyses the nested pickle.
    fn joblib_array(&mut self, wrapper: u32, at: u64, src: &mut Src<'_>) -> R<()> {
        let op = b'b';
        let state = self
            .nodes
            .get(wrapper as usize)
            .and_then(|n| n.state.clone())
            .unwrap_or(Val::None);
        let unknown = |what: &str| {
            fail::<()>(
                at,
                op,
                format!("joblib NumpyArrayWrapper: {what}; the array data that follows cannot be skipped"),
            )
        };
        let Some(shape) = self.dict_get(&state, "shape") else {
            return unknown("no shape");
        };
        let Some(dtype) = self.dict_get(&state, "dtype") else {
            return unknown("no dtype");
        };
        let Some((itemsize, object)) = self.dtype_info(&dtype) else {
            return unknown("dtype not understood");
        };
        if object {
            // A fresh plain Unpickler reads the object array's own pickle.
            let mut inner = Machine::new(false);
            let end = inner.run(src);
            let imports = std::mem::take(&mut inner.imports);
            self.merge_imports(at, imports)?;
            self.nested += 1 + inner.nested;
            return match end {
                Halt::Stop { .. } => Ok(()),
                Halt::Fail { msg, limit } => Err(Halt::Fail {
                    msg: format!("in the pickle of a joblib object array: {msg}"),
                    limit,
                }),
            };
        }
        let Some(count) = self.shape_count(&shape) else {
            return unknown("shape not understood");
        };
        let Some(len) = count.checked_mul(itemsize) else {
            return unknown("array size overflows");
        };
        let aligned = !matches!(
            self.dict_get(&state, "numpy_array_alignment_bytes"),
            None | Some(Val::None)
        );
        if aligned {
            let Some(pad) = src.byte() else {
                return fail(
                    at,
                    op,
                    "joblib array: the data ends before its padding (truncated)",
                );
            };
            if !src.skip(u64::from(pad)) {
                return fail(
                    at,
                    op,
                    "joblib array: the data ends inside its padding (truncated)",
                );
            }
        }
        if !src.skip(len) {
            return fail(
                at,
                op,
                format!("joblib array: the data ends inside its {len} bytes (truncated)"),
            );
        }
        Ok(())
    }

    fn shape_count(&self, shape: &Val) -> Option<u64> {
        match shape {
            Val::Int(n) => u64::try_from(*n).ok(),
            _ => {
                let node = self.node_at(shape).filter(|n| n.kind == Kind::Tuple)?;
                let mut count: u64 = 1;
                for v in &node.items {
                    let Val::Int(n) = v else { return None };
                    count = count.checked_mul(u64::try_from(*n).ok()?)?;
                }
                // A tuple longer than the items kept cannot be multiplied out.
                (node.items.len() < MAX_ITEMS).then_some(count)
            }
        }
    }

    /// Item size and whether the dtype holds Python objects, from a pickled `numpy.dtype`:
    /// REDUCE args `('<kind><size>', align, copy)`, BUILD state
    /// `(version, byteorder, subarray, names, fields, elsize, alignment, flags)`.
    fn dtype_info(&self, dtype: &Val) -> Option<(u64, bool)> {
        let node = self.node_at(dtype).filter(|n| n.kind == Kind::Obj)?;
        let args = self.node_at(node.args.as_ref()?)?;
        let Some(Val::Str(code)) = args.items.first() else {
            return None;
        };
        let kind = code.chars().next()?;
        let digits: String = code.chars().skip(1).collect();
        let state = node.state.as_ref().and_then(|s| self.node_at(s));
        let field = |i: usize| match state.and_then(|s| s.items.get(i)) {
            Some(Val::Int(n)) => Some(*n),
            _ => None,
        };
        // NPY_ITEM_HASOBJECT is bit 0 of the flags.
        if kind == 'O' || field(7).is_some_and(|f| f & 1 == 1) {
            return Some((0, true));
        }
        if kind == 'V' && state.is_none() {
            // A structured dtype without its state may hold object fields: unknown.
            return None;
        }
        let elsize = field(5)
            .filter(|n| *n > 0)
            .and_then(|n| u64::try_from(n).ok());
        let size = match elsize {
            Some(n) => n,
            None => {
                let n: u64 = digits.parse().ok()?;
                if kind == 'U' {
                    n.checked_mul(4)?
                } else {
                    n
                }
            }
        };
        Some((size, false))
    }
}

// ---------------------------------------------------------------------------------------------
// Opcode arguments

fn opname(op: u8) -> &'static str {
    match op {
        b'(' => "MARK",
        b'.' => "STOP",
        b'0' => "POP",
        b'1' => "POP_MARK",
        b'2' => "DUP",
        b'F' => "FLOAT",
        b'I' => "INT",
        b'J' => "BININT",
        b'K' => "BININT1",
        b'L' => "LONG",
        b'M' => "BININT2",
        b'N' => "NONE",
        b'P' => "PERSID",
        b'Q' => "BINPERSID",
        b'R' => "REDUCE",
        b'S' => "STRING",
        b'T' => "BINSTRING",
        b'U' => "SHORT_BINSTRING",
        b'V' => "UNICODE",
        b'X' => "BINUNICODE",
        b'a' => "APPEND",
        b'b' => "BUILD",
        b'c' => "GLOBAL",
        b'd' => "DICT",
        b'}' => "EMPTY_DICT",
        b'e' => "APPENDS",
        b'g' => "GET",
        b'h' => "BINGET",
        b'i' => "INST",
        b'j' => "LONG_BINGET",
        b'l' => "LIST",
        b']' => "EMPTY_LIST",
        b'o' => "OBJ",
        b'p' => "PUT",
        b'q' => "BINPUT",
        b'r' => "LONG_BINPUT",
        b's' => "SETITEM",
        b't' => "TUPLE",
        b')' => "EMPTY_TUPLE",
        b'u' => "SETITEMS",
        b'G' => "BINFLOAT",
        b'B' => "BINBYTES",
        b'C' => "SHORT_BINBYTES",
        0x80 => "PROTO",
        0x81 => "NEWOBJ",
        0x82 => "EXT1",
        0x83 => "EXT2",
        0x84 => "EXT4",
        0x85 => "TUPLE1",
        0x86 => "TUPLE2",
        0x87 => "TUPLE3",
        0x88 => "NEWTRUE",
        0x89 => "NEWFALSE",
        0x8a => "LONG1",
        0x8b => "LONG4",
        0x8c => "SHORT_BINUNICODE",
        0x8d => "BINUNICODE8",
        0x8e => "BINBYTES8",
        0x8f => "EMPTY_SET",
        0x90 => "ADDITEMS",
        0x91 => "FROZENSET",
        0x92 => "NEWOBJ_EX",
        0x93 => "STACK_GLOBAL",
        0x94 => "MEMOIZE",
        0x95 => "FRAME",
        0x96 => "BYTEARRAY8",
        0x97 => "NEXT_BUFFER",
        0x98 => "READONLY_BUFFER",
        _ => "unknown opcode",
    }
}

/// `a.b_c.D`: dot-separated Python identifiers (Unicode letters allowed, as Python allows).
fn dotted_ident(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && chars.all(|c| c == '_' || c.is_alphanumeric())
        })
}

/// An integer as Python's int() reads an INT/LONG/GET/PUT line: optional sign, digits with
/// single underscores, surrounding whitespace; 0x/0o/0b prefixes as the C unpickler accepts.
fn parse_int(line: &[u8]) -> Option<Val> {
    let s = std::str::from_utf8(line).ok()?.trim();
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.trim_start_matches('_'))
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.trim_start_matches('_'))
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.trim_start_matches('_'))
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c == '_' || c.is_digit(radix))
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    Some(match i64::from_str_radix(&clean, radix) {
        Ok(v) => Val::Int(if neg { -v } else { v }),
        Err(_) => Val::BigInt,
    })
}

fn valid_float(line: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(line) else {
        return false;
    };
    let s = s.trim();
    let clean: String = s.chars().filter(|c| *c != '_').collect();
    !s.is_empty() && !s.starts_with('_') && clean.parse::<f64>().is_ok()
}

/// Two's-complement little-endian integer of at most 8 bytes.
fn le_signed(b: &[u8]) -> i64 {
    let mut buf = if b.last().is_some_and(|x| x & 0x80 != 0) {
        [0xffu8; 8]
    } else {
        [0u8; 8]
    };
    for (d, s) in buf.iter_mut().zip(b) {
        *d = *s;
    }
    i64::from_le_bytes(buf)
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// Python's `codecs.escape_decode` (the STRING opcode's argument between its quotes).
fn escape_decode(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = b.get(i) else {
            // A trailing lone backslash is an error in Python ("\\ at end of string").
            return None;
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'x' => {
                let hex = b.get(i..i + 2)?;
                let s = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(s, 16).ok()?);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

/// Python's `raw-unicode-escape` decoding (the UNICODE opcode's line).
fn raw_unicode_escape(b: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let width = match (c, b.get(i + 1)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 8,
            _ => 0,
        };
        if width == 0 {
            out.push(char::from(c));
            i += 1;
            continue;
        }
        let hex = std::str::from_utf8(b.get(i + 2..i + 2 + width)?).ok()?;
        let v = u32::from_str_radix(hex, 16).ok()?;
        // Lone surrogates are legal in Python strings; they cannot name a module.
        out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
        i += 2 + width;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The report being built

#[derive(Default)]
struct Acc {
    imports: Vec<PickleImport>,
    index: HashMap<(Option<String>, String, String, &'static str), usize>,
    streams: u64,
    errors: Vec<String>,
    more_errors: usize,
    incomplete: bool,
    touched: bool,
    capped: bool,
}

impl Acc {
    fn error(&mut self, msg: String) {
        self.touched = true;
        self.incomplete = true;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(msg);
        } else {
            self.more_errors += 1;
        }
    }

    fn commit(&mut self, imps: Vec<Imp>, member: Option<&str>) {
        self.touched = true;
        for imp in imps {
            let key = (
                member.map(String::from),
                imp.module.clone(),
                imp.name.clone(),
                imp.opcode,
            );
            if let Some(mine) = self.index.get(&key).and_then(|&i| self.imports.get_mut(i)) {
                mine.count += imp.count;
                mine.called |= imp.called;
                continue;
            }
            if self.imports.len() >= MAX_IMPORTS {
                if !self.capped {
                    self.capped = true;
                    self.error(format!(
                        "more than {MAX_IMPORTS} distinct imports; the rest are not listed"
                    ));
                }
                continue;
            }
            self.index.insert(key, self.imports.len());
            self.imports.push(PickleImport {
                module: imp.module,
                name: imp.name,
                opcode: imp.opcode.to_string(),
                offset: imp.offset,
                member: member.map(String::from),
                called: imp.called,
                count: imp.count,
            });
        }
    }

    fn finish(mut self) -> Option<PickleReport> {
        if !self.touched {
            return None;
        }
        if self.more_errors > 0 {
            self.errors
                .push(format!("... and {} more errors", self.more_errors));
        }
        Some(PickleReport {
            imports: self.imports,
            streams: self.streams,
            complete: !self.incomplete,
            errors: self.errors,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Files, archives and streams

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// The name says the content unpickles: any import in a valid prefix counts.
    Named,
    /// The content must prove it is a pickle: a well-formed stream to STOP, or an import of
    /// Python identifiers that is called (or follows a PROTO opcode) in a valid prefix.
    Sniff,
}

#[derive(Debug, Default)]
struct Seq {
    accepted: u64,
    magic: bool,
    wrapper: bool,
    first_fail: Option<String>,
    /// Bytes after the last stream that are not a pickle.
    trailing: bool,
}

struct Scanner {
    acc: Acc,
    notes: Vec<String>,
    decoded_left: u64,
}

fn prefixed(member: Option<&str>) -> String {
    member.map(|m| format!("{m}: ")).unwrap_or_default()
}

impl Scanner {
    /// Pickle streams read one after another from `src`, as a loader calling `pickle.load`
    /// repeatedly would (a legacy `torch.save` file holds five, then raw storages).
    fn pickles(&mut self, src: &mut Src<'_>, rule: Rule, member: Option<&str>) -> Seq {
        let mut seq = Seq::default();
        loop {
            let first = seq.accepted == 0;
            if !first && src.at_end() {
                break;
            }
            let mut m = Machine::new(true);
            let end = m.run(src);
            let any_import = !m.imports.is_empty() || m.persid_or_ext;
            let ident_any = m.imports.iter().any(|i| i.ident);
            let ident_called = m.imports.iter().any(|i| i.ident && i.called);
            let evidence = match rule {
                Rule::Named => any_import,
                Rule::Sniff => ident_called || (m.first_proto && ident_any),
            };
            let accept = match &end {
                Halt::Stop { clean, .. } => !first || rule == Rule::Named || *clean || evidence,
                Halt::Fail { limit: true, .. } => {
                    !first || rule == Rule::Named || evidence || m.first_proto
                }
                Halt::Fail { .. } => {
                    if first {
                        evidence
                    } else {
                        any_import
                    }
                }
            };
            if !accept {
                if first {
                    seq.first_fail = Some(match end {
                        Halt::Fail { msg, .. } => msg,
                        Halt::Stop { .. } => "not a well-formed pickle".into(),
                    });
                } else {
                    seq.trailing = true;
                }
                break;
            }
            if first {
                seq.magic = matches!(end, Halt::Stop { magic: true, .. });
            }
            seq.accepted += 1 + m.nested;
            seq.wrapper |= m.saw_wrapper;
            self.acc.streams += 1 + m.nested;
            self.acc.commit(std::mem::take(&mut m.imports), member);
            if let Halt::Fail { msg, .. } = end {
                let msg = if src.limited {
                    format!("stopped after {MAX_DECODED} decompressed bytes (a bound of this analysis); the rest was not analysed")
                } else {
                    msg
                };
                self.acc.error(format!("{}{msg}", prefixed(member)));
                break;
            }
        }
        seq
    }

    /// One file (or an archive member read into memory): by content first, then by name.
    fn file<R: Read + Seek>(
        &mut self,
        r: &mut R,
        size: u64,
        name: &str,
        name_fmt: Option<ModelFormat>,
        prefix: Option<&str>,
        depth: u8,
    ) -> io::Result<(Option<ModelFormat>, bool)> {
        use ModelFormat::*;
        let head = read_at(r, 0, size.min(4096))?;
        let named = name_fmt.is_some_and(ModelFormat::pickle_family);
        let mut fmt: Option<ModelFormat> = None;
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            fmt = self.zip(r, size, name_fmt, prefix, depth, true)?;
        } else if tar_header(&head).is_some() {
            fmt = Some(self.tar(r, size, prefix)?);
        } else if head.starts_with(b"\x93NUMPY") {
            r.seek(SeekFrom::Start(0))?;
            let mut src = Src::new(r, 0, u64::MAX);
            self.npy(&mut src, prefix);
            if let Some(e) = src.err {
                return Err(e);
            }
            fmt = Some(Npy);
        } else if safetensors(r, size, &head)? {
            fmt = Some(Safetensors);
        } else if head.starts_with(b"GGUF") {
            fmt = Some(Gguf);
        } else if [b"lmgg", b"fmgg", b"tjgg", b"algg", b"nsgg"]
            .iter()
            .any(|m| head.starts_with(*m))
        {
            fmt = Some(Ggml);
        } else if hdf5(r, size, &head)? {
            fmt = Some(Hdf5);
        } else if head.get(4..8) == Some(b"TFL3") {
            fmt = Some(Tflite);
        } else if let Some(c) = compression(&head, named) {
            fmt = self.compressed(r, c, name_fmt, prefix)?;
        }
        if fmt.is_none() && !head.starts_with(b"PK") && has_eocd(r, size)? {
            // Zip readers that look for the end record (Python's zipfile, Keras) open a zip
            // appended to other data.
            if let Some(z) = self.zip(r, size, name_fmt, prefix, depth, false)? {
                self.notes
                    .push(format!("a {z} archive is appended after other data"));
                fmt = Some(z);
            }
        }

        // A pickle from offset 0, whatever else the file is: `pickle.load` reads only that.
        r.seek(SeekFrom::Start(0))?;
        let rule = if named { Rule::Named } else { Rule::Sniff };
        let seq = {
            let mut src = Src::new(r, 0, u64::MAX);
            let seq = self.pickles(&mut src, rule, prefix);
            if let Some(e) = src.err {
                return Err(e);
            }
            seq
        };
        if seq.accepted > 0 {
            let as_pickle = if seq.magic {
                PytorchLegacy
            } else if seq.wrapper || name_fmt == Some(Joblib) {
                Joblib
            } else {
                Pickle
            };
            match fmt {
                None => fmt = Some(as_pickle),
                Some(f) => self.notes.push(format!(
                    "{}the file is a {f} and also a pickle from offset 0 (a polyglot); both were analysed",
                    prefixed(prefix)
                )),
            }
        }
        if fmt.is_some() {
            return Ok((fmt, true));
        }
        let Some(nf) = name_fmt else {
            return Ok((None, false));
        };
        if nf.weak() {
            let ok = plausible(r, size, nf)?;
            if !ok {
                self.notes.push(format!(
                    "{}named as {nf} but the content is not plausibly one",
                    prefixed(prefix)
                ));
            }
            return Ok((Some(nf), ok));
        }
        if named && generic_bin(name) {
            self.notes.push(format!(
                "{}named .bin, but the content is no known model format and not a pickle (pickle.load would fail at its first opcode)",
                prefixed(prefix)
            ));
            return Ok((None, false));
        }
        if named {
            self.acc.error(format!(
                "{}named as {nf} (a format that unpickles) but the content is not a pickle nor a model archive: {}",
                prefixed(prefix),
                seq.first_fail.as_deref().unwrap_or("unrecognised content")
            ));
        } else {
            self.notes.push(format!(
                "{}named as {nf} but the content is not one",
                prefixed(prefix)
            ));
        }
        Ok((Some(nf), false))
    }

    fn zip<R: Read + Seek>(
        &mut self,
        r: &mut R,
        size: u64,
        name_fmt: Option<ModelFormat>,
        prefix: Option<&str>,
        depth: u8,
        at_start: bool,
    ) -> io::Result<Option<ModelFormat>> {
        let whole = |m: &str| match prefix {
            Some(p) => format!("{p}!{m}"),
            None => m.to_string(),
        };
        let at = prefixed(prefix);
        match eocd_counts(r, size)? {
            None => {
                if at_start {
                    self.acc.error(format!(
                        "{at}zip archive without an end of central directory record: its members could not be listed, a pickle in them could not be inspected"
                    ));
                    return Ok(Some(ModelFormat::Zip));
                }
                return Ok(None);
            }
            Some((entries, cd)) if entries > MAX_ZIP_ENTRIES || cd > MAX_CD_BYTES => {
                self.acc.error(format!(
                    "{at}zip archive lists {entries} entries in a {cd}-byte central directory, more than modelgate reads ({MAX_ZIP_ENTRIES} entries, {MAX_CD_BYTES} bytes); its members were not inspected"
                ));
                return Ok(Some(ModelFormat::Zip));
            }
            Some(_) => {}
        }
        r.seek(SeekFrom::Start(0))?;
        let mut archive = match zip::ZipArchive::new(&mut *r) {
            Ok(a) => a,
            Err(e) => {
                if at_start {
                    self.acc.error(format!(
                        "{at}zip archive could not be read ({e}); a pickle in it could not be inspected"
                    ));
                    return Ok(Some(ModelFormat::Zip));
                }
                return Ok(None);
            }
        };
        if archive.has_duplicate_names() {
            self.acc.error(format!(
                "{at}zip archive has duplicate member names: readers disagree on which one they load, and only one of each was inspected"
            ));
        }
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.map(|c| c.into_owned()).unwrap_or_else(|_| "?".into()))
            .collect();
        let fmt = zip_layout(&names, name_fmt);
        for (i, nm) in names.iter().enumerate() {
            if nm.ends_with('/') {
                continue;
            }
            let label = whole(nm);
            let mut f = match archive.by_index(i) {
                Ok(f) => f,
                Err(e) => {
                    self.acc.error(format!(
                        "zip member {label} could not be read ({e}); a pickle in it could not be inspected"
                    ));
                    continue;
                }
            };
            if f.is_dir() {
                continue;
            }
            let member_size = f.size();
            let member_fmt = format_by_name(nm);
            let mut src = Src::new(&mut f, 0, self.decoded_left);
            let head = src.peek(8).to_vec();
            if head.starts_with(b"PK\x03\x04") {
                if depth + 1 > MAX_DEPTH || member_size > MAX_NESTED {
                    self.acc.error(format!(
                        "{label} is itself a zip archive ({member_size} bytes) and was not opened (nesting and size bounds of this analysis)"
                    ));
                } else if let Some(Some(bytes)) = src.take(member_size, MAX_NESTED as usize) {
                    let len = bytes.len() as u64;
                    let mut cur = io::Cursor::new(bytes);
                    let (inner, _) =
                        self.file(&mut cur, len, nm, member_fmt, Some(&label), depth + 1)?;
                    if let Some(inner) = inner {
                        self.notes.push(format!("{label} is a {inner}"));
                    }
                } else {
                    self.acc.error(format!(
                        "{label}: the nested archive ends early; it could not be inspected"
                    ));
                }
            } else if head.starts_with(b"\x93NUMPY") {
                self.npy(&mut src, Some(&label));
            } else {
                let rule = if member_fmt.is_some_and(ModelFormat::pickle_family) {
                    Rule::Named
                } else {
                    Rule::Sniff
                };
                let seq = self.pickles(&mut src, rule, Some(&label));
                if seq.accepted == 0 && rule == Rule::Named && !generic_bin(nm) {
                    self.acc.error(format!(
                        "{label} is named as a pickle but is not one: {}",
                        seq.first_fail.as_deref().unwrap_or("unrecognised content")
                    ));
                }
            }
            self.decoded_left = src.left;
            if let Some(e) = src.err.take() {
                self.acc.error(format!(
                    "zip member {label} could not be read to its end ({e}); a pickle in it could not be fully inspected"
                ));
            }
            if src.limited {
                self.acc.error(format!(
                    "{at}stopped after {MAX_DECODED} decompressed bytes (a bound of this analysis); later members were not inspected"
                ));
                break;
            }
        }
        Ok(Some(fmt))
    }

    fn tar<R: Read + Seek>(
        &mut self,
        r: &mut R,
        size: u64,
        prefix: Option<&str>,
    ) -> io::Result<ModelFormat> {
        let at = prefixed(prefix);
        let mut pos: u64 = 0;
        let mut members = 0usize;
        let mut next_name: Option<String> = None;
        let mut next_size: Option<u64> = None;
        let mut legacy = [false; 2];
        while pos.saturating_add(512) <= size {
            let h = read_at(r, pos, 512)?;
            if h.iter().all(|&b| b == 0) {
                break;
            }
            let Some(hd) = tar_header(&h) else {
                self.acc.error(format!(
                    "{at}tar header at offset {pos} is corrupt; members after it were not inspected"
                ));
                break;
            };
            members += 1;
            if members > MAX_TAR_MEMBERS {
                self.acc.error(format!(
                    "{at}tar archive has more than {MAX_TAR_MEMBERS} members; the rest were not inspected"
                ));
                break;
            }
            let data = pos + 512;
            let len = if matches!(hd.typeflag, b'x' | b'L' | b'g' | b'K') {
                hd.size
            } else {
                next_size.take().unwrap_or(hd.size)
            };
            let Some(next) = len
                .div_ceil(512)
                .checked_mul(512)
                .and_then(|l| data.checked_add(l))
            else {
                break;
            };
            if data.saturating_add(len) > size {
                self.acc.error(format!(
                    "{at}tar member at offset {pos} runs past the end of the file (truncated)"
                ));
            }
            match hd.typeflag {
                b'L' | b'x' => {
                    let text = read_at(r, data, len.min(1 << 20))?;
                    if hd.typeflag == b'L' {
                        let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
                        next_name = Some(String::from_utf8_lossy(&text[..end]).into_owned());
                    } else {
                        for (k, v) in pax_records(&text) {
                            match k.as_str() {
                                "path" => next_name = Some(v),
                                "size" => next_size = v.trim().parse().ok(),
                                _ => {}
                            }
                        }
                    }
                }
                b'0' | 0 | b'7' => {
                    let name = next_name.take().unwrap_or(hd.name);
                    let base = name.rsplit('/').next().unwrap_or(&name).to_string();
                    legacy[0] |= base == "pickle";
                    legacy[1] |= matches!(base.as_str(), "storages" | "sys_info" | "tensors");
                    let label = match prefix {
                        Some(p) => format!("{p}!{name}"),
                        None => name.clone(),
                    };
                    let rule = if matches!(
                        base.as_str(),
                        "pickle" | "storages" | "sys_info" | "tensors"
                    ) || format_by_name(&name).is_some_and(ModelFormat::pickle_family)
                    {
                        Rule::Named
                    } else {
                        Rule::Sniff
                    };
                    r.seek(SeekFrom::Start(data))?;
                    let mut member = (&mut *r).take(len);
                    let mut src = Src::new(&mut member, 0, u64::MAX);
                    let seq = self.pickles(&mut src, rule, Some(&label));
                    if let Some(e) = src.err {
                        return Err(e);
                    }
                    if seq.accepted > 0 && seq.trailing {
                        self.acc.error(format!(
                            "{label}: bytes after its pickle streams were not analysed (raw tensor data of a legacy PyTorch tar, or hidden data); a loader may unpickle more from there"
                        ));
                    }
                    if seq.accepted == 0 && rule == Rule::Named {
                        self.acc.error(format!(
                            "{label} is named as a pickle but is not one: {}",
                            seq.first_fail.as_deref().unwrap_or("unrecognised content")
                        ));
                    }
                }
                _ => {}
            }
            if !matches!(hd.typeflag, b'L' | b'x') {
                next_name = None;
                next_size = None;
            }
            pos = next;
        }
        Ok(if legacy[0] && legacy[1] {
            ModelFormat::PytorchLegacy
        } else {
            ModelFormat::Tar
        })
    }

    /// A `.npy` array; an object array's data is a pickle (`np.load(allow_pickle=True)`).
    fn npy(&mut self, src: &mut Src<'_>, member: Option<&str>) {
        let at = prefixed(member);
        let Some(head) = src.array::<8>() else {
            return;
        };
        if &head[..6] != b"\x93NUMPY" {
            return;
        }
        let hlen = match head[6] {
            1 => src.array::<2>().map(|b| u64::from(u16::from_le_bytes(b))),
            2 | 3 => src.array::<4>().map(|b| u64::from(u32::from_le_bytes(b))),
            v => {
                self.notes
                    .push(format!("{at}.npy format version {v} is unknown to NumPy"));
                return;
            }
        };
        let Some(hlen) = hlen else {
            self.notes.push(format!("{at}.npy header is truncated"));
            return;
        };
        if hlen > MAX_NPY_HEADER {
            self.acc.error(format!(
                "{at}.npy header of {hlen} bytes is larger than modelgate reads ({MAX_NPY_HEADER}); whether the array holds pickled objects is unknown"
            ));
            return;
        }
        let Some(Some(header)) = src.take(hlen, MAX_NPY_HEADER as usize) else {
            self.notes.push(format!("{at}.npy header is truncated"));
            return;
        };
        if !npy_object(&latin1(&header)) {
            return;
        }
        let seq = self.pickles(src, Rule::Named, member);
        if seq.accepted == 0 {
            self.acc.error(format!(
                "{at}the object array's data after the .npy header is not a pickle: {}",
                seq.first_fail.as_deref().unwrap_or("unrecognised content")
            ));
        }
    }

    fn compressed<R: Read + Seek>(
        &mut self,
        r: &mut R,
        comp: Comp,
        name_fmt: Option<ModelFormat>,
        prefix: Option<&str>,
    ) -> io::Result<Option<ModelFormat>> {
        let named = name_fmt.is_some_and(ModelFormat::pickle_family);
        let at = prefixed(prefix);
        let (what, start) = match comp {
            Comp::Gzip => ("gzip", 0),
            Comp::Zlib(s) => ("zlib", s),
            Comp::Other(what) => {
                self.acc.error(format!(
                    "{at}the content is compressed with {what}, which modelgate cannot decompress: a pickle in it (joblib writes compressed pickles) could not be inspected"
                ));
                return Ok(Some(if name_fmt == Some(ModelFormat::Joblib) {
                    ModelFormat::Joblib
                } else {
                    ModelFormat::Compressed
                }));
            }
        };
        r.seek(SeekFrom::Start(start))?;
        let label = format!(
            "{}({what}-decompressed)",
            prefix.map(|p| format!("{p}!")).unwrap_or_default()
        );
        let (seq, err, limited) = {
            let mut dec: Box<dyn Read + '_> = match comp {
                Comp::Gzip => Box::new(flate2::read::MultiGzDecoder::new(&mut *r)),
                _ => Box::new(flate2::read::ZlibDecoder::new(&mut *r)),
            };
            let mut src = Src::new(&mut dec, 0, self.decoded_left);
            let rule = if named { Rule::Named } else { Rule::Sniff };
            let seq = self.pickles(&mut src, rule, Some(&label));
            self.decoded_left = src.left;
            (seq, src.err, src.limited)
        };
        let err = match err {
            // flate2 reports corrupt data as InvalidInput/InvalidData; anything else is the file.
            Some(e)
                if !matches!(
                    e.kind(),
                    io::ErrorKind::InvalidInput
                        | io::ErrorKind::InvalidData
                        | io::ErrorKind::UnexpectedEof
                ) =>
            {
                return Err(e)
            }
            other => other,
        };
        if seq.accepted > 0 {
            if let Some(e) = err {
                self.acc.error(format!(
                    "{label}: the {what} data is corrupt ({e}); the rest could not be inspected"
                ));
            }
            if limited && !seq.trailing {
                self.acc.error(format!(
                    "{label}: stopped after {MAX_DECODED} decompressed bytes (a bound of this analysis)"
                ));
            }
            return Ok(Some(if seq.magic {
                ModelFormat::PytorchLegacy
            } else {
                ModelFormat::Joblib
            }));
        }
        if named {
            let why = match err {
                Some(e) => format!("the {what} data is corrupt ({e})"),
                None => seq
                    .first_fail
                    .unwrap_or_else(|| "unrecognised content".into()),
            };
            self.acc.error(format!(
                "{at}{what}-compressed content that should unpickle is not a pickle: {why}"
            ));
            return Ok(Some(ModelFormat::Compressed));
        }
        Ok(None)
    }
}

#[derive(Debug, Clone, Copy)]
enum Comp {
    Gzip,
    /// zlib data starting at this offset (joblib's zlib, or its old "ZF" header).
    Zlib(u64),
    Other(&'static str),
}

fn zlib_header(b: &[u8]) -> bool {
    match b {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && ((u16::from(*cmf) << 8) | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// Compressed streams by their magic, as joblib detects them.
fn compression(head: &[u8], named: bool) -> Option<Comp> {
    if head.starts_with(b"\x1f\x8b\x08") {
        return Some(Comp::Gzip);
    }
    if head.starts_with(b"ZF") {
        // joblib < 0.9.3: "ZF", the length in hex padded with spaces, then zlib data.
        let start = head
            .iter()
            .skip(2)
            .take(40)
            .position(|b| !(b.is_ascii_hexdigit() || *b == b'x' || *b == b' '))
            .map(|p| p + 2)?;
        return zlib_header(head.get(start..)?).then_some(Comp::Zlib(start as u64));
    }
    if zlib_header(head) {
        return Some(Comp::Zlib(0));
    }
    if head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && &head[4..10] == b"1AY&SY"
    {
        return Some(Comp::Other("bzip2"));
    }
    if head.starts_with(b"\xfd7zXZ\x00") {
        return Some(Comp::Other("xz"));
    }
    if head.starts_with(b"\x04\x22\x4d\x18") {
        return Some(Comp::Other("lz4"));
    }
    // The lzma "alone" header is weak (0x5d 0x00 0x00): only when the name says pickle.
    if named && head.starts_with(b"\x5d\x00\x00") {
        return Some(Comp::Other("lzma"));
    }
    None
}

/// A PyTorch, TorchScript, TorchServe, NumPy or Keras archive by its member names.
fn zip_layout(names: &[String], name_fmt: Option<ModelFormat>) -> ModelFormat {
    use ModelFormat::*;
    let ends = |s: &str| {
        names
            .iter()
            .any(|n| n == s || n.ends_with(&format!("/{s}")))
    };
    let files: Vec<&String> = names.iter().filter(|n| !n.ends_with('/')).collect();
    if ends("constants.pkl")
        || (ends("data.pkl")
            && names
                .iter()
                .any(|n| n.starts_with("code/") || n.contains("/code/")))
    {
        TorchScript
    } else if ends("data.pkl") {
        PytorchZip
    } else if names.iter().any(|n| n.starts_with("MAR-INF/")) {
        TorchServe
    } else if ends("config.json") && names.iter().any(|n| n.ends_with(".weights.h5")) {
        KerasZip
    } else if (!files.is_empty() && files.iter().all(|n| n.ends_with(".npy")))
        || (name_fmt == Some(Npz) && files.iter().any(|n| n.ends_with(".npy")))
    {
        Npz
    } else {
        Zip
    }
}

struct TarHeader {
    name: String,
    size: u64,
    typeflag: u8,
}

/// A tar header (v7, ustar or GNU) whose checksum holds.
fn tar_header(h: &[u8]) -> Option<TarHeader> {
    let h = h.get(..512)?;
    let field = |a: usize, b: usize| &h[a..b];
    let octal = |f: &[u8]| -> Option<u64> {
        let s: Vec<u8> = f
            .iter()
            .copied()
            .take_while(|b| *b != 0)
            .filter(|b| *b != b' ')
            .collect();
        if s.is_empty() {
            return None;
        }
        u64::from_str_radix(std::str::from_utf8(&s).ok()?, 8).ok()
    };
    let stored = octal(field(148, 156))?;
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(*b)
            }
        })
        .sum();
    if stored != sum {
        return None;
    }
    let size_field = field(124, 136);
    let size = if size_field[0] & 0x80 != 0 {
        // GNU base-256: big-endian in the remaining bytes.
        size_field[1..].iter().try_fold(0u64, |acc, b| {
            acc.checked_mul(256).map(|v| v + u64::from(*b))
        })?
    } else {
        octal(size_field).unwrap_or(0)
    };
    let text = |f: &[u8]| {
        let end = f.iter().position(|&b| b == 0).unwrap_or(f.len());
        String::from_utf8_lossy(&f[..end]).into_owned()
    };
    let mut name = text(field(0, 100));
    if field(257, 262) == b"ustar" {
        let pre = text(field(345, 500));
        if !pre.is_empty() {
            name = format!("{pre}/{name}");
        }
    }
    Some(TarHeader {
        name,
        size,
        typeflag: h[156],
    })
}

/// `"<len> key=value\n"` records of a pax extended header.
fn pax_records(text: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < text.len() {
        let Some(sp) = text[i..].iter().position(|&b| b == b' ') else {
            break;
        };
        let Some(len) = std::str::from_utf8(&text[i..i + sp])
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        else {
            break;
        };
        let Some(rec) = text.get(i + sp + 1..i + len) else {
            break;
        };
        if len <= sp {
            break;
        }
        let rec = rec.strip_suffix(b"\n").unwrap_or(rec);
        if let Some(eq) = rec.iter().position(|&b| b == b'=') {
            out.push((
                String::from_utf8_lossy(&rec[..eq]).into_owned(),
                String::from_utf8_lossy(&rec[eq + 1..]).into_owned(),
            ));
        }
        i += len;
    }
    out
}

/// Whether a `.npy` header's dtype holds Python objects (`'|O'`, `'O8'`, or an object field
/// of a structured dtype): then NumPy pickles the data.
fn npy_object(header: &str) -> bool {
    let mut rest = header;
    while let Some(q) = rest.find(['\'', '"']) {
        let quote = rest[q..].chars().next().unwrap_or('\'');
        let after = &rest[q + 1..];
        let Some(end) = after.find(quote) else {
            break;
        };
        let s = &after[..end];
        let code = s.trim_start_matches(['<', '>', '|', '=']);
        if code.starts_with('O') && code[1..].chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
        rest = &after[end + 1..];
    }
    false
}

fn read_at<R: Read + Seek>(r: &mut R, off: u64, n: u64) -> io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(off))?;
    let mut out = Vec::new();
    r.take(n).read_to_end(&mut out)?;
    Ok(out)
}

/// safetensors: an 8-byte little-endian header length, then a JSON object header (padded with
/// spaces) that fits in the file.
fn safetensors<R: Read + Seek>(r: &mut R, size: u64, head: &[u8]) -> io::Result<bool> {
    let Some(len) = head.get(..8) else {
        return Ok(false);
    };
    let mut b = [0u8; 8];
    b.copy_from_slice(len);
    let n = u64::from_le_bytes(b);
    if !(2..=100_000_000).contains(&n) || n.saturating_add(8) > size || head.get(8) != Some(&b'{') {
        return Ok(false);
    }
    let tail_len = n.min(64);
    let tail = read_at(r, 8 + n - tail_len, tail_len)?;
    let trimmed = tail
        .iter()
        .rposition(|b| *b != b' ')
        .and_then(|i| tail.get(i).copied());
    Ok(trimmed == Some(b'}'))
}

const HDF5_SIG: &[u8; 8] = b"\x89HDF\r\n\x1a\n";

/// HDF5: the signature at 0, 512, 1024, 2048, ... (a user block may precede it).
fn hdf5<R: Read + Seek>(r: &mut R, size: u64, head: &[u8]) -> io::Result<bool> {
    if head.starts_with(HDF5_SIG) {
        return Ok(true);
    }
    let mut off: u64 = 512;
    while off.saturating_add(8) <= size && off <= 1 << 40 {
        if read_at(r, off, 8)? == HDF5_SIG {
            return Ok(true);
        }
        off *= 2;
    }
    Ok(false)
}

/// The end of central directory record's entry count and directory size (zip64 aware).
fn eocd_counts<R: Read + Seek>(r: &mut R, size: u64) -> io::Result<Option<(u64, u64)>> {
    let tail_len = size.min(65_535 + 22);
    let start = size - tail_len;
    let tail = read_at(r, start, tail_len)?;
    let Some(i) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail.get(i..i + 4) == Some(b"PK\x05\x06"))
    else {
        return Ok(None);
    };
    let u16_at = |o: usize| {
        tail.get(o..o + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |o: usize| {
        tail.get(o..o + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let (Some(entries), Some(cd)) = (u16_at(i + 10), u32_at(i + 12)) else {
        return Ok(None);
    };
    if entries != 0xffff && cd != 0xffff_ffff {
        return Ok(Some((entries, cd)));
    }
    // zip64: the locator just before the end record points at the zip64 end record.
    let Some(loc) = i.checked_sub(20).and_then(|l| tail.get(l..l + 20)) else {
        return Ok(Some((entries, cd)));
    };
    if &loc[..4] != b"PK\x06\x07" {
        return Ok(Some((entries, cd)));
    }
    let mut b = [0u8; 8];
    b.copy_from_slice(&loc[8..16]);
    let off = u64::from_le_bytes(b);
    if off.saturating_add(56) > size {
        return Ok(Some((u64::MAX, u64::MAX)));
    }
    let rec = read_at(r, off, 56)?;
    if rec.get(..4) != Some(b"PK\x06\x06") || rec.len() < 56 {
        return Ok(Some((u64::MAX, u64::MAX)));
    }
    let mut e = [0u8; 8];
    e.copy_from_slice(&rec[32..40]);
    let mut c = [0u8; 8];
    c.copy_from_slice(&rec[40..48]);
    Ok(Some((u64::from_le_bytes(e), u64::from_le_bytes(c))))
}

fn has_eocd<R: Read + Seek>(r: &mut R, size: u64) -> io::Result<bool> {
    Ok(eocd_counts(r, size)?.is_some())
}

/// Weak formats, named so: is the content plausibly one?
fn plausible<R: Read + Seek>(r: &mut R, size: u64, fmt: ModelFormat) -> io::Result<bool> {
    match fmt {
        ModelFormat::Msgpack => {
            let head = read_at(r, 0, 1)?;
            Ok(matches!(head.first(), Some(0x80..=0x8f | 0xde | 0xdf)))
        }
        _ => protobuf_plausible(r, size),
    }
}

fn varint<R: Read>(r: &mut R, pos: &mut u64) -> io::Result<Option<u64>> {
    let mut v: u64 = 0;
    for shift in (0..70).step_by(7) {
        let mut b = [0u8; 1];
        if r.read(&mut b)? == 0 {
            return Ok(None);
        }
        *pos += 1;
        if shift == 63 && b[0] > 1 {
            return Ok(None);
        }
        v |= u64::from(b[0] & 0x7f) << shift;
        if b[0] & 0x80 == 0 {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// A protobuf message's top-level fields walk to the end of the file: valid field numbers and
/// wire types, lengths that fit (ONNX ModelProto, TF GraphDef/SavedModel, Core ML Model).
fn protobuf_plausible<R: Read + Seek>(r: &mut R, size: u64) -> io::Result<bool> {
    if size == 0 {
        return Ok(false);
    }
    r.seek(SeekFrom::Start(0))?;
    let mut pos: u64 = 0;
    let mut fields = 0u32;
    while pos < size && fields < 1024 {
        let Some(tag) = varint(r, &mut pos)? else {
            return Ok(false);
        };
        if tag >> 3 == 0 || tag >> 3 > 536_870_911 {
            return Ok(false);
        }
        let skip = match tag & 7 {
            0 => {
                if varint(r, &mut pos)?.is_none() {
                    return Ok(false);
                }
                0
            }
            1 => 8,
            2 => match varint(r, &mut pos)? {
                Some(n) => n,
                None => return Ok(false),
            },
            5 => 4,
            _ => return Ok(false),
        };
        match pos.checked_add(skip) {
            Some(end) if end <= size => {
                r.seek(SeekFrom::Start(end))?;
                pos = end;
            }
            _ => return Ok(false),
        }
        fields += 1;
    }
    Ok(fields > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::path::{Path, PathBuf};
    use ModelFormat::*;

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

    /// Every dangerous import make.py planted is reported with its exact module, name, member
    /// and offset, and is called.
    #[test]
    fn every_planted_attack_is_found_at_its_offset() {
        let table = std::fs::read_to_string(dir().join("offsets.txt")).unwrap();
        let mut n = 0;
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let [file, member, import, offset] = cols[..] else {
                panic!("bad line {line}")
            };
            let s = scan_fixture(file);
            let rep = report(&s);
            let hit = rep.imports.iter().find(|i| {
                format!("{}.{}", i.module, i.name) == import
                    && i.member.as_deref().unwrap_or("") == member
            });
            let hit = hit.unwrap_or_else(|| panic!("{file}: {import} not found in {rep:?}"));
            assert_eq!(hit.offset.to_string(), offset, "{file}: {hit:?}");
            if import != "builtins.str" {
                assert!(hit.called, "{file}: {hit:?}");
            }
            assert!(
                s.format.is_some_and(ModelFormat::pickle_family) || s.format == Some(Npy),
                "{file}: {s:?}"
            );
            n += 1;
        }
        assert!(n >= 16, "{n} attacks checked");
    }

    #[test]
    fn protocol_0_global_and_renamed_pickles() {
        for name in ["evil_proto0.pkl", "model.safetens\u{043e}rs", "weights.txt"] {
            let s = scan_fixture(name);
            assert_eq!(s.format, Some(Pickle), "{name}");
            assert!(s.by_content, "{name}");
            let rep = report(&s);
            assert!(rep.complete, "{name}: {rep:?}");
            assert_eq!(rep.streams, 1);
            assert_eq!(rep.imports.len(), 1, "{name}: {rep:?}");
        }
        let s = scan_fixture("evil_proto0.pkl");
        let imp = find(&s, "os.system");
        assert_eq!(
            (imp.opcode.as_str(), imp.offset, imp.member.as_deref()),
            ("GLOBAL", 0, None)
        );
    }

    #[test]
    fn stack_global_operands_from_the_memo_and_from_any_string_opcode() {
        let s = scan_fixture("evil_proto5.pkl");
        let imp = find(&s, "builtins.exec");
        assert_eq!((imp.opcode.as_str(), imp.offset), ("STACK_GLOBAL", 39));
        let s = scan_fixture("evil_memo_mix.pkl");
        let imp = find(&s, "subprocess.Popen");
        assert_eq!(
            (imp.opcode.as_str(), imp.offset, imp.called),
            ("STACK_GLOBAL", 37, true)
        );
        // Every string opcode can feed STACK_GLOBAL.
        let cases: Vec<(&[u8], &[u8])> = vec![
            (b"S'os'\n", b"U\x06system"),
            (b"T\x02\x00\x00\x00os", b"X\x06\x00\x00\x00system"),
            (b"Vos\n", b"\x8d\x06\x00\x00\x00\x00\x00\x00\x00system"),
            (b"V\\u006fs\n", b"S\"sys\\x74em\"\n"),
        ];
        for (m, n) in cases {
            let mut p = b"\x80\x04".to_vec();
            p.extend_from_slice(m);
            p.extend_from_slice(n);
            p.extend_from_slice(b"\x93)R.");
            let s = scan_bytes(&p, "x.pkl");
            assert_eq!(
                names(&s),
                ["os.system"],
                "{:?}",
                String::from_utf8_lossy(&p)
            );
            assert!(report(&s).complete);
        }
    }

    #[test]
    fn inst_ext_and_unresolvable_operands_fail_closed() {
        let s = scan_fixture("evil_inst.pkl");
        let imp = find(&s, "runpy._run_code");
        assert_eq!(
            (imp.opcode.as_str(), imp.offset, imp.called),
            ("INST", 15, true)
        );
        let s = scan_fixture("evil_unresolvable.pkl");
        assert_eq!(names(&s), ["builtins.str", "?.system"]);
        assert_eq!(find(&s, "?.system").offset, 30);
        let s = scan_fixture("evil_ext.pkl");
        let imp = find(&s, "?.?");
        assert_eq!(
            (imp.opcode.as_str(), imp.offset, imp.called),
            ("EXT2", 2, true)
        );
        // STACK_GLOBAL on bytes fails in Python before importing: an error, no import.
        let s = scan_bytes(b"\x80\x04C\x02osC\x06system\x93.", "x.pkl");
        let rep = report(&s);
        assert!(rep.imports.is_empty() && !rep.complete, "{rep:?}");
        assert!(rep.errors[0].contains("STACK_GLOBAL"), "{rep:?}");
    }

    #[test]
    fn called_is_tracked_through_the_stack_and_memo() {
        // Imported, never called.
        let s = scan_bytes(b"cos\nsystem\n.", "x.pkl");
        assert!(!find(&s, "os.system").called);
        // Called after a round trip through the memo.
        let s = scan_bytes(b"\x80\x02cos\nsystem\nq\x010h\x01)R.", "x.pkl");
        assert!(find(&s, "os.system").called);
        // BUILD on an imported object (setattr on a module/class) counts as a call.
        let s = scan_bytes(b"\x80\x02cbuiltins\nobject\n}b.", "x.pkl");
        assert!(find(&s, "builtins.object").called);
        // NEWOBJ_EX and OBJ.
        let s = scan_bytes(b"\x80\x04cm\nK\n)}\x92.", "x.pkl");
        assert!(find(&s, "m.K").called);
        let s = scan_bytes(b"(cm\nK\no.", "x.pkl");
        assert!(find(&s, "m.K").called);
    }

    #[test]
    fn imports_before_a_parse_error_count() {
        let s = scan_fixture("evil_truncated.pkl");
        assert_eq!(s.format, Some(Pickle));
        let rep = report(&s);
        assert_eq!(find(&s, "builtins.exec").offset, 39);
        assert!(!rep.complete);
        assert!(rep.errors[0].contains("truncated"), "{rep:?}");
        // INST without a mark: pickle.py imports before it looks for the mark.
        let s = scan_bytes(b"ios\nsystem\n.", "x.pkl");
        assert_eq!(names(&s), ["os.system"]);
        assert!(!report(&s).complete);
        // An invalid opcode after a call.
        let s = scan_bytes(b"cos\nsystem\n(S'id'\ntR\xff", "x.pkl");
        assert!(find(&s, "os.system").called);
        assert!(report(&s).errors[0].contains("invalid opcode 0xff"));
    }

    #[test]
    fn pytorch_zip_torchscript_and_legacy_checkpoints() {
        let s = scan_fixture("torch_zip.pt");
        assert_eq!((s.format, s.by_content), (Some(PytorchZip), true));
        let rep = report(&s);
        assert!(rep.complete, "{rep:?}");
        assert_eq!(rep.streams, 1);
        assert_eq!(
            names(&s),
            [
                "collections.OrderedDict",
                "torch._utils._rebuild_tensor_v2",
                "torch.FloatStorage"
            ]
        );
        assert!(rep
            .imports
            .iter()
            .all(|i| i.member.as_deref() == Some("archive/data.pkl")));
        assert_eq!(find(&s, "torch._utils._rebuild_tensor_v2").offset, 50);

        let s = scan_fixture("evil_zip.pt");
        assert_eq!(s.format, Some(PytorchZip));
        let imp = find(&s, "webbrowser.open");
        assert_eq!(
            (imp.offset, imp.member.as_deref()),
            (306, Some("archive/data.pkl"))
        );

        let s = scan_fixture("torchscript.pt");
        assert_eq!(s.format, Some(TorchScript));
        assert_eq!(report(&s).streams, 2);
        assert!(report(&s).complete);

        let s = scan_fixture("torch_legacy.pt");
        assert_eq!(s.format, Some(PytorchLegacy));
        let rep = report(&s);
        assert_eq!(rep.streams, 5);
        assert!(rep.complete, "{rep:?}");
        assert!(names(&s).contains(&"torch.FloatStorage".to_string()));

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
        let s = scan_fixture("sklearn.pkl");
        assert_eq!(s.format, Some(Pickle));
        assert!(report(&s).complete);
        let all = names(&s);
        assert!(
            all.contains(&"sklearn.linear_model._logistic.LogisticRegression".to_string()),
            "{all:?}"
        );
        assert!(
            all.iter().any(|n| n.ends_with("multiarray._reconstruct")),
            "{all:?}"
        );

        for name in ["sklearn.joblib", "sklearn_gz.joblib", "sklearn_z.joblib"] {
            let s = scan_fixture(name);
            assert_eq!(s.format, Some(Joblib), "{name}");
            let rep = report(&s);
            assert!(rep.complete, "{name}: {rep:?}");
            assert!(names(&s).contains(&"joblib.numpy_pickle.NumpyArrayWrapper".to_string()));
            assert!(names(&s)
                .contains(&"sklearn.linear_model._logistic.LogisticRegression".to_string()));
        }
        let s = scan_fixture("sklearn_gz.joblib");
        assert!(report(&s)
            .imports
            .iter()
            .all(|i| i.member.as_deref() == Some("(gzip-decompressed)")));

        // xz cannot be decompressed here: incomplete, never "no imports".
        let s = scan_fixture("sklearn_xz.joblib");
        assert_eq!(s.format, Some(Joblib));
        let rep = report(&s);
        assert!(!rep.complete && rep.errors[0].contains("xz"), "{rep:?}");

        // Object arrays are nested pickles; the call hidden after raw array data is found.
        let s = scan_fixture("object_array.joblib");
        let rep = report(&s);
        assert!(rep.complete && rep.streams == 2, "{rep:?}");
        let s = scan_fixture("evil.joblib");
        assert_eq!(s.format, Some(Joblib));
        assert!(report(&s).complete);
        assert_eq!(find(&s, "subprocess.Popen").offset, 251);
        let s = scan_fixture("evil_gz.joblib");
        assert_eq!(find(&s, "subprocess.Popen").offset, 251);
    }

    #[test]
    fn numpy_safetensors_and_other_formats() {
        let s = scan_fixture("array.npy");
        assert_eq!((s.format, s.pickle.is_none()), (Some(Npy), true));
        let s = scan_fixture("object.npy");
        assert_eq!(s.format, Some(Npy));
        let rep = report(&s);
        assert!(rep.complete && rep.streams == 1, "{rep:?}");
        let s = scan_fixture("evil_object.npy");
        assert_eq!(find(&s, "os.system").offset, 128);
        let s = scan_fixture("arrays.npz");
        assert_eq!((s.format, s.pickle.is_none()), (Some(Npz), true));

        for (name, fmt) in [
            ("model.safetensors", Safetensors),
            ("model.SafeTensors", Safetensors),
            ("model.gguf", Gguf),
            ("model.h5", Hdf5),
            ("model.keras", KerasZip),
            ("model.tflite", Tflite),
            ("model.onnx", Onnx),
            ("saved_model.pb", TfSavedModel),
            ("model.msgpack", Msgpack),
        ] {
            let s = scan_fixture(name);
            assert_eq!((s.format, s.by_content), (Some(fmt), true), "{name}: {s:?}");
            assert!(s.pickle.is_none(), "{name}: {s:?}");
        }
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

    #[test]
    fn bounds_end_the_analysis_honestly() {
        // A length claimed by the file is never allocated.
        let s = scan_bytes(b"\x80\x04\x8e\x00\x00\x00\x00\x00\x00\x00\x10", "x.pkl");
        assert!(!report(&s).complete);
        let s = scan_bytes(b"\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7fabc", "x.pkl");
        assert!(!report(&s).complete);
        // Too many marks.
        let mut p = b"cos\nsystem\n".to_vec();
        p.extend(std::iter::repeat_n(b'(', MAX_STACK + 1));
        let s = scan_bytes(&p, "x.pkl");
        let rep = report(&s);
        assert_eq!(names(&s), ["os.system"]);
        assert!(!rep.complete && rep.errors[0].contains("stack"), "{rep:?}");
        // Too many memo entries.
        let mut p = b"\x80\x04N".to_vec();
        p.extend(std::iter::repeat_n(0x94, MAX_MEMO + 1));
        p.push(b'.');
        let rep = scan_bytes(&p, "x.pkl").pickle.unwrap();
        assert!(!rep.complete && rep.errors[0].contains("memo"), "{rep:?}");
        // A module name too long to keep is `?`.
        let mut p = b"\x80\x04X\x00\x30\x00\x00".to_vec();
        p.extend(std::iter::repeat_n(b'a', 0x3000));
        p.extend_from_slice(b"\x8c\x06system\x93.");
        let s = scan_bytes(&p, "x.pkl");
        assert_eq!(names(&s), ["?.system"]);
    }

    /// Every prefix of every fixture, and bytes flipped at every position of the small ones:
    /// no panic, and a cut single-stream pickle is never complete.
    #[test]
    fn truncated_and_corrupt_inputs() {
        let mut files: Vec<String> = std::fs::read_dir(dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".py") && !n.ends_with(".md") && !n.ends_with(".txt"))
            .collect();
        files.sort();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for name in files {
            let bytes = fixture(&name);
            let single = name.ends_with(".pkl") && !name.starts_with("evil_truncated");
            for cut in 0..bytes.len() {
                let s = scan_bytes(&bytes[..cut], &name);
                if single && cut > 0 {
                    let rep = s
                        .pickle
                        .as_ref()
                        .unwrap_or_else(|| panic!("{name}[..{cut}]"));
                    assert!(!rep.complete, "{name}[..{cut}]: {rep:?}");
                }
            }
            for i in 0..bytes.len().min(2000) {
                let mut b = bytes.clone();
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                b[i] ^= (seed as u8) | 1;
                let _ = scan_bytes(&b, &name);
            }
        }
    }

    fn text_files(root: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(root) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                text_files(&p, out);
            } else if std::fs::metadata(&p).is_ok_and(|m| m.len() <= 4 << 20) {
                out.push(p);
            }
        }
    }

    /// Ordinary text (Markdown, YAML, JSON, CSV, licences, requirements lists) is not taken for
    /// a pickle.
    #[test]
    fn text_is_not_taken_for_a_pickle() {
        let mut files = Vec::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in [
            "examples",
            "policies",
            "templates",
            "schemas",
            "tests/fixtures/model-cards",
            "tests/fixtures/datasets",
        ] {
            text_files(&repo.join(sub), &mut files);
        }
        let shared = repo.join("../shared/data");
        if shared.is_dir() {
            text_files(&shared, &mut files);
        } else {
            eprintln!(
                "note: {} is absent; only the repository's text files are checked",
                shared.display()
            );
        }
        let mut checked = 0;
        for p in &files {
            let bytes = std::fs::read(p).unwrap();
            let name = p.to_string_lossy();
            if format_by_name(&name).is_some_and(ModelFormat::pickle_family) {
                continue;
            }
            let s = scan_bytes(&bytes, &name);
            assert!(s.pickle.is_none(), "{name}: {s:?}");
            checked += 1;
        }
        assert!(checked > 50, "only {checked} files checked");
        for text in [
            "click\nnumpy\npandas\n",
            "cat\ndog\n",
            "capital\nletters\n(list)\n",
            "N/A.\n",
            "idle\ntime\n",
            "# Title\n\nSome text.\n",
            "name,age\nbob,3\n",
            "license: apache-2.0\n",
            "{\"a\": 1}\n",
            "(c)\nx\n",
        ] {
            let s = scan_bytes(text.as_bytes(), "notes.txt");
            assert!(s.pickle.is_none(), "{text:?}: {s:?}");
        }
    }

    /// Throughput of the analyser on generated ~200 MB pickles: opcode-dense (a state dict of
    /// small tensors), and the same with a 1 MiB BINBYTES8 payload every 4096 entries. Run with
    /// `--ignored --nocapture`, in release mode to measure.
    #[test]
    #[ignore]
    fn throughput() {
        for payload in [false, true] {
            let mut p = b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00}".to_vec();
            p.extend_from_slice(b"ctorch._utils\n_rebuild_tensor_v2\nq\x00");
            let mut i: u32 = 0;
            while p.len() < 200 << 20 {
                p.extend_from_slice(b"\x8c\x08tensor_xr");
                p.extend_from_slice(&(i % 1000 + 1).to_le_bytes());
                p.extend_from_slice(b"h\x00(K\x01K\x02\x86\x89]J");
                p.extend_from_slice(&i.to_le_bytes());
                p.extend_from_slice(b"tRC\x40");
                p.extend(std::iter::repeat_n(0u8, 64));
                p.extend_from_slice(b"\x86s");
                if payload && i.is_multiple_of(4096) {
                    p.extend_from_slice(b"C\x01k\x8e\x00\x00\x10\x00\x00\x00\x00\x00");
                    p.extend(std::iter::repeat_n(7u8, 1 << 20));
                    p.push(b's');
                }
                i += 1;
            }
            p.push(b'.');
            let t = std::time::Instant::now();
            let s = scan_bytes(&p, "big.pkl");
            let secs = t.elapsed().as_secs_f64();
            let rep = report(&s);
            eprintln!(
                "payload={payload}: {} MB, {i} entries in {secs:.2} s: {:.0} MB/s",
                p.len() >> 20,
                (p.len() as f64 / 1e6) / secs,
            );
            assert!(rep.complete, "{rep:?}");
            assert_eq!(names(&s), ["torch._utils._rebuild_tensor_v2"]);
            assert!(rep.imports[0].called);
            assert_eq!(rep.imports[0].count, 1);
        }
    }
}
