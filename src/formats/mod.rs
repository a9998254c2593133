//! One loader per evidence format, each turning a file into its normalized [`crate::input`]
//! type. Parsing errors carry the file and a line, column or JSON pointer.

pub mod dataset;
pub mod locate;
pub mod markdown;
pub mod model_card;
pub mod modelfile;
pub mod operations;
pub mod provenance;
pub mod robustness;
pub mod sbom;

pub use crate::error::excerpt;
use crate::error::{Error, Location, Result};
use crate::input::Source;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A file read into memory, with the names it is known by.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path as it can be opened (for error messages).
    pub path: PathBuf,
    /// Path relative to the bundle root, `/`-separated (for the input and findings).
    pub rel: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    /// The text of a file written in UTF-16 with a byte order mark (as Windows tools save
    /// "Unicode" JSON), decoded the first time the text is asked for; `bytes` and `sha256` stay
    /// those of the file. Holds `None` for every other file.
    utf16: OnceLock<Option<Utf16Text>>,
    /// The bounds its loader holds it to (depth, components): the run's configuration, or the
    /// defaults.
    pub limits: crate::limits::Limits,
}

impl Doc {
    /// Wraps bytes already read; computes their sha256.
    pub fn new(path: impl Into<PathBuf>, rel: impl Into<String>, bytes: Vec<u8>) -> Self {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        Doc {
            path: path.into(),
            rel: rel.into(),
            bytes,
            sha256,
            utf16: OnceLock::new(),
            limits: crate::limits::Limits::default(),
        }
    }

    /// The document held to `limits` instead of the defaults.
    pub fn with_limits(mut self, limits: crate::limits::Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Reads a file from disk, refusing one larger than the default `limits.maxFileBytes`
    /// before reading it. A bundle's files are read by the bundle loader, under the run's limits.
    pub fn read(path: &Path, rel: &str) -> Result<Self> {
        let limits = crate::limits::Limits::default();
        let max = limits.max_file_bytes;
        // Opening a FIFO or a device would block or never end: only regular files are read.
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::format(
                path,
                Location::default(),
                "not a regular file (a folder, FIFO, socket or device cannot be evidence)",
            )
            .with_code(crate::diagnostic::Code::Unreadable));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if size > max {
            return Err(Error::format(
                path,
                Location::default(),
                format!(
                    "file is {size} bytes, over the limit of {max} (limits.maxFileBytes in the configuration)"
                ),
            )
            .with_code(crate::diagnostic::Code::FileTooLarge));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // Bounded again while reading: the file may grow after its size was taken.
        std::io::Read::read_to_end(&mut std::io::Read::take(file, max + 1), &mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > max {
            return Err(Error::format(
                path,
                Location::default(),
                format!("file grew over the limit of {max} bytes while being read"),
            )
            .with_code(crate::diagnostic::Code::FileTooLarge));
        }
        Ok(Doc::new(path, rel, bytes).with_limits(limits))
    }

    /// The file's [`Source`] entry as loaded by `format`.
    pub fn source(&self, format: &str) -> Source {
        Source {
            path: self.rel.clone(),
            format: format.to_string(),
            sha256: self.sha256.clone(),
            size: self.bytes.len() as u64,
        }
    }

    /// The content as text: UTF-8 (a byte order mark dropped), or UTF-16 LE or BE when the
    /// file starts with that byte order mark; an error names the first bad byte's line and
    /// column.
    pub fn text(&self) -> Result<&str> {
        if let Some(decoded) = self.utf16.get_or_init(|| decode_utf16(&self.bytes)) {
            return match decoded {
                Ok(s) => Ok(s.as_str()),
                Err((line, col)) => Err(self
                    .err(Location::line_col(*line, *col), "invalid UTF-16")
                    .with_code(crate::diagnostic::Code::InvalidText)),
            };
        }
        match std::str::from_utf8(&self.bytes) {
            Ok(s) => Ok(s.strip_prefix('\u{feff}').unwrap_or(s)),
            Err(e) => {
                let good = &self.bytes[..e.valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                let col = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
                Err(self
                    .err(Location::line_col(line, col), "invalid UTF-8")
                    .with_code(crate::diagnostic::Code::InvalidText))
            }
        }
    }

    /// Refuses JSON `text` (of this document) nested deeper than `limits.maxDepth`.
    pub fn check_depth(&self, text: &str) -> Result<()> {
        let max = self.limits.max_depth;
        match crate::limits::json_too_deep(text, max) {
            Some((line, col)) => Err(self
                .err(
                    Location::line_col(line, col),
                    format!(
                        "nested deeper than {max} levels (limits.maxDepth in the configuration)"
                    ),
                )
                .with_code(crate::diagnostic::Code::TooDeep)),
            None => Ok(()),
        }
    }

    /// A format error in this document, with the offending line attached where the text is
    /// readable.
    pub fn err(&self, location: Location, message: impl Into<String>) -> Error {
        let e = Error::format(&self.path, location, message);
        match self.readable_text() {
            Some(text) => e.with_source(text),
            None => e,
        }
    }

    /// The text when it decodes; never an error (so that [`Doc::err`] can use it while
    /// reporting a decoding error).
    fn readable_text(&self) -> Option<&str> {
        match self.utf16.get_or_init(|| decode_utf16(&self.bytes)) {
            Some(Ok(s)) => Some(s.as_str()),
            Some(Err(_)) => None,
            None => std::str::from_utf8(&self.bytes).ok(),
        }
    }

    /// Parses JSON into `T`; the error names line, column and the JSON pointer of the value.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let text = self.text()?;
        self.check_depth(text)?;
        let de = &mut serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize(de) {
            Ok(v) => Ok(v),
            Err(e) => {
                let pointer = path_to_pointer(e.path());
                let inner = e.into_inner();
                let mut loc = Location::line_col(inner.line(), inner.column());
                if !pointer.is_empty() {
                    loc.pointer = Some(pointer);
                }
                let message = strip_serde_position(&inner.to_string());
                let e = self.err(loc, format!("invalid JSON: {message}"));
                // A syntax error whose text reads like a data error is still a syntax error.
                Err(match inner.classify() {
                    serde_json::error::Category::Data => e,
                    _ => e.with_code(crate::diagnostic::Code::InvalidJson),
                })
            }
        }
    }

    /// Parses YAML into `T`; the error names line, column and the path of the value.
    pub fn yaml<T: DeserializeOwned>(&self) -> Result<T> {
        parse_yaml(self.text()?, 0).map_err(|(loc, msg)| self.err(loc, msg))
    }
}

/// Decoded UTF-16 text, or the line and column of its first bad code unit.
type Utf16Text = std::result::Result<String, (usize, usize)>;

/// The text of `bytes` when they start with a UTF-16 byte order mark (`FF FE` little endian,
/// `FE FF` big endian), without the mark; `None` for any other bytes. An odd number of bytes or
/// an unpaired surrogate is an error at its line and column.
fn decode_utf16(bytes: &[u8]) -> Option<Utf16Text> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let (mut line, mut col) = (1, 1);
    for c in char::decode_utf16(units) {
        match c {
            Ok('\n') => {
                line += 1;
                col = 1;
                out.push('\n');
            }
            Ok(c) => {
                col += 1;
                out.push(c);
            }
            Err(_) => return Some(Err((line, col))),
        }
    }
    if body.len() % 2 == 1 {
        return Some(Err((line, col)));
    }
    Some(Ok(out))
}

/// Parses YAML text whose first line is line `line_offset + 1` of its file.
///
/// serde-saphyr, not serde_yaml_ng: it is panic-free, bounds aliases, nesting and node counts
/// (a bundle's YAML is the release author's), and reports line and column for every error. It
/// is set to read YAML as the Hub's and Kubernetes' readers do where YAML 1.1 and 1.2 differ in
/// ways an author could exploit: a duplicate key is an error (two readers of one file must not
/// see two values), `yes`/`no`/`on`/`off` are strings, not booleans (YAML 1.2 core, as before),
/// and numbers with leading zeros or underscores stay strings where the type is open.
pub(crate) fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    line_offset: usize,
) -> std::result::Result<T, (Location, String)> {
    let mut path = None;
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
            let mut track = serde_path_to_error::Track::new();
            let r = T::deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
            if r.is_err() {
                path = Some(track.path());
            }
            r
        });
    result.map_err(|e| {
        let (mut loc, msg) = yaml_error(&e, line_offset);
        if let Some(p) = path.as_ref().map(path_to_pointer) {
            if !p.is_empty() {
                loc.pointer = Some(p);
            }
        }
        (loc, msg)
    })
}

/// The location (lines counted from `line_offset`) and the message of a YAML error, as the
/// file's author needs them: the library's advice to its caller is dropped.
fn yaml_error(e: &serde_saphyr::Error, line_offset: usize) -> (Location, String) {
    use serde_saphyr::MessageFormatter;
    let loc = match e.location() {
        Some(l) if l.line() > 0 => Location::line_col(
            usize::try_from(l.line())
                .unwrap_or(usize::MAX)
                .saturating_add(line_offset),
            usize::try_from(l.column()).unwrap_or(0).max(1),
        ),
        _ => Location::default(),
    };
    let msg = serde_saphyr::DefaultMessageFormatter.format_message(e);
    let msg = msg
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or_default();
    (loc, format!("invalid YAML: {}", strip_serde_position(msg)))
}

/// Parses a YAML stream of one or more `---`-separated documents (Kubernetes manifests), with
/// the settings of [`parse_yaml`]; empty documents are dropped.
pub(crate) fn parse_yaml_documents(
    text: &str,
) -> std::result::Result<Vec<serde_json::Value>, (Location, String)> {
    serde_saphyr::from_multiple_with_options::<serde_json::Value>(text, yaml_options())
        .map(|docs| docs.into_iter().filter(|d| !d.is_null()).collect())
        .map_err(|e| yaml_error(&e, 0))
}

/// The YAML reader's settings; see [`parse_yaml`].
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    // File size is bounded by `limits.maxFileBytes` already; a datasheet or card front matter
    // may hold more nodes than a configuration file, and nesting is bounded as for JSON.
    budget.max_nodes = 5_000_000;
    budget.max_events = 20_000_000;
    budget.max_depth = 128;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options.with_snippet = false;
    options
}

/// serde_path_to_error paths as RFC 6901 pointers (`/spec/datasets/0`).
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&locate::token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(variant);
            }
            // Where the parser gave up before it knew the key, the pointer stops at the parent.
            Segment::Unknown => break,
        }
    }
    out
}

/// serde messages say "at line X column Y" counted from where the parser started (for front
/// matter, not the file's first line); the location already says it right, so drop it.
pub(crate) fn strip_serde_position(msg: &str) -> String {
    let mut out = msg.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let mut end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if let Some(col) = rest[end..].strip_prefix(" column ") {
            end += " column ".len() + col.find(|c: char| !c.is_ascii_digit()).unwrap_or(col.len());
        }
        out.replace_range(i..i + " at line ".len() + end, "");
    }
    out
}

/// Splits Markdown with YAML front matter (`---` ... `---`) into the YAML, the line the YAML
/// starts on and the body with the line the body starts on. Blank lines may come before the
/// opening `---`, as huggingface_hub reads cards (its pattern starts `^\s*---`; the Hub's own
/// ML-Agents cards open that way), so the YAML does not always start on line 2.
pub(crate) fn split_front_matter(text: &str) -> FrontMatter<'_> {
    let none = |yaml_line, unterminated| FrontMatter {
        yaml: None,
        yaml_line,
        body: text,
        body_line: 1,
        unterminated,
    };
    let mut lines = text.split_inclusive('\n');
    let mut offset = 0;
    let mut line_no = 0;
    let fence = loop {
        let Some(line) = lines.next() else {
            return none(0, false);
        };
        line_no += 1;
        offset += line.len();
        if !line.trim().is_empty() {
            break line;
        }
    };
    if fence.trim() != "---" {
        return none(0, false);
    }
    let yaml_start = offset;
    let yaml_line = line_no + 1;
    for line in lines {
        line_no += 1;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return FrontMatter {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
                unterminated: false,
            };
        }
        offset += line.len();
    }
    none(yaml_line, true)
}

/// [`split_front_matter`] of a card, with an opening fence that is never closed as an error at
/// the fence's line (the rest of the file would otherwise be read as YAML or lost).
///
/// A `---` opening a card is also how a card that has no front matter opens with a thematic
/// break (a horizontal rule, then Markdown): when what follows the fence does not start like
/// YAML front matter ([`starts_like_yaml`]), the whole file is the body. Nothing is lost by
/// that reading: front matter that is not a mapping of keys is refused anyway.
pub(crate) fn card_front_matter<'a>(doc: &Doc, text: &'a str) -> Result<FrontMatter<'a>> {
    let fm = split_front_matter(text);
    if fm.yaml.is_some() || fm.unterminated {
        let after_fence: usize = text
            .split_inclusive('\n')
            .take(fm.yaml_line.saturating_sub(1))
            .map(str::len)
            .sum();
        if !starts_like_yaml(&text[after_fence..]) {
            return Ok(FrontMatter {
                yaml: None,
                yaml_line: 0,
                body: text,
                body_line: 1,
                unterminated: false,
            });
        }
    }
    if fm.unterminated {
        let fence = fm.yaml_line.saturating_sub(1);
        return Err(doc.err(
            Location { file: None, line: Some(fence), column: None, pointer: None },
            format!("front matter opened on line {fence} is not closed (the `---` opening it is never closed by another `---` line)"),
        ));
    }
    Ok(fm)
}

/// Whether text after an opening `---` starts like YAML front matter: its first line that is
/// neither blank nor a `#` line (a YAML comment, or a Markdown heading) is a `key:` line, a
/// flow mapping or a list item. A card without such a line (empty front matter, or only comments) is front
/// matter too, as it always was.
fn starts_like_yaml(after_fence: &str) -> bool {
    let mut lines = after_fence
        .lines()
        .map(str::trim)
        .take_while(|l| *l != "---" && *l != "...")
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let Some(line) = lines.next() else {
        return true;
    };
    // A flow mapping, or a list: front matter that is not a mapping is refused, as before,
    // rather than read as Markdown.
    if line.starts_with('{') || line == "-" || line.starts_with("- ") {
        return true;
    }
    // `key:` followed by a space or the end of the line; the key is one YAML plain or quoted
    // word as card metadata keys are (`license`, `model-index`, `"pipeline_tag"`).
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    // YAML allows blanks before the colon (`library_name : pytorch`).
    let key = key.trim_end().trim_matches(|c| c == '"' || c == '\'');
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

pub(crate) struct FrontMatter<'a> {
    /// The YAML between the fences.
    pub yaml: Option<&'a str>,
    /// 1-based line of the file where the YAML starts, the line after the opening `---` (2
    /// unless blank lines come first; 0 when there is no opening `---`). Errors of
    /// [`parse_yaml`]`(yaml, yaml_line - 1)` then name lines of the file.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// An opening fence without a closing one.
    pub unterminated: bool,
}

/// A JSON value as a list of strings: a string, an array of strings, or absent.
pub(crate) fn string_list(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A JSON value as a string: strings as is, numbers and booleans printed.
pub(crate) fn as_string(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A JSON value as a number: numbers, and strings that parse as one ("0.91", "91%").
pub(crate) fn as_f64(v: Option<&serde_json::Value>) -> Option<f64> {
    match v? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => {
            let t = s.trim();
            if let Some(p) = t.strip_suffix('%') {
                p.trim().parse::<f64>().ok().map(|x| x / 100.0)
            } else {
                t.parse().ok()
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_use_file_lines_and_pointers() {
        let (loc, msg) =
            parse_yaml::<crate::bundle::Manifest>("apiVersion: x\nkind: [1, 2]\n", 1).unwrap_err();
        assert_eq!(loc.line, Some(3), "{msg}");
        assert_eq!(loc.pointer.as_deref(), Some("/kind"));
        assert!(!msg.contains(" at line "), "{msg}");
    }

    /// Attack: YAML that two readers read two ways. A key written twice (the Hub's reader keeps
    /// the last, another the first) is refused, typed or not; YAML 1.1 words stay strings.
    #[test]
    fn yaml_is_read_one_way_only() {
        let (loc, msg) =
            parse_yaml::<serde_json::Value>("a: 1\ncontains: true\ncontains: false\n", 4)
                .unwrap_err();
        assert!(msg.to_lowercase().contains("duplicate"), "{msg}");
        assert_eq!(loc.line, Some(7), "{msg}");
        let (_, msg) = parse_yaml::<crate::bundle::Manifest>(
            "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nkind: Other\n",
            0,
        )
        .unwrap_err();
        assert!(msg.to_lowercase().contains("duplicate"), "{msg}");
        let v: serde_json::Value =
            parse_yaml("a: yes\nb: off\nc: 0755\nd: 1_000\ne: true\n", 0).unwrap();
        assert_eq!(v["a"], "yes");
        assert_eq!(v["b"], "off");
        assert_eq!(v["c"], "0755");
        assert_eq!(v["d"], "1_000");
        assert_eq!(v["e"], true);
        // An alias bomb is refused, not expanded.
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse_yaml::<serde_json::Value>(&bomb, 0).is_err());
    }

    #[test]
    fn serde_positions_are_stripped_anywhere() {
        assert_eq!(
            strip_serde_position("a: bad at line 3 column 7, then"),
            "a: bad, then"
        );
        assert_eq!(strip_serde_position("bad at line 3"), "bad");
    }

    #[test]
    fn front_matter_split() {
        let fm = split_front_matter("---\na: 1\n---\n# T\n");
        assert_eq!(fm.yaml, Some("a: 1\n"));
        assert_eq!(fm.body, "# T\n");
        assert_eq!(fm.body_line, 4);
        assert!(split_front_matter("---\na: 1\n").unterminated);
        assert!(split_front_matter("# no front matter").yaml.is_none());
        assert_eq!(split_front_matter("---\na: 1\n---\n").yaml_line, 2);
    }

    fn card(text: &str) -> Result<FrontMatter<'_>> {
        card_front_matter(&Doc::new("README.md", "README.md", Vec::new()), text)
    }

    #[test]
    fn front_matter_after_blank_lines_is_read_with_its_lines() {
        // As the Hub's ML-Agents cards (`*_ppo-Huggy`) open: a blank line, or one of blanks.
        for (text, yaml_line) in [
            ("\n---\nlicense: mit\n---\n# T\n", 3),
            (" \n\t\n---\r\nlicense: mit\r\n---\r\n# T\n", 4),
        ] {
            let fm = card(text).unwrap();
            assert_eq!(fm.yaml.map(str::trim), Some("license: mit"), "{text:?}");
            assert_eq!(fm.yaml_line, yaml_line, "{text:?}");
            assert_eq!(fm.body_line, yaml_line + 2, "{text:?}");
            assert_eq!(fm.body.trim(), "# T");
        }
        // A YAML error names the line of the file, not of the front matter.
        let text = "\n\n---\nlicense: mit\ntags: [a\n---\n";
        let fm = card(text).unwrap();
        let (loc, _) =
            parse_yaml::<serde_json::Value>(fm.yaml.unwrap(), fm.yaml_line - 1).unwrap_err();
        assert!(
            loc.line.is_some_and(|l| (5..=6).contains(&l)),
            "{loc:?} is not on the `tags` line 5 or the fence after it"
        );
        // An unclosed fence is an error at the fence's own line.
        let e = card("\n\n---\nlicense: mit\n# T\n")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
        // A key with blanks before its colon is YAML (`library_name : pytorch`).
        let fm = card("---\nlibrary_name : pytorch\n---\n# T\n").unwrap();
        assert_eq!(fm.yaml, Some("library_name : pytorch\n"));
    }

    #[test]
    fn text_before_the_fence_or_markdown_after_it_is_no_front_matter() {
        // Words before the fence: the fenced YAML is body text, for the Hub too (`^\s*---`), so
        // a licence written there is not the card's metadata.
        let text = "Intro\n---\nlicense: mit\n---\n# T\n";
        let fm = card(text).unwrap();
        assert!(fm.yaml.is_none());
        assert_eq!((fm.body, fm.body_line), (text, 1));
        // A thematic break after blank lines, then Markdown: no front matter, nothing lost.
        let text = "\n---\n# Model\nSome text: here.\n\n---\n## Uses\n";
        let fm = card(text).unwrap();
        assert!(fm.yaml.is_none());
        assert_eq!((fm.body, fm.body_line), (text, 1));
        // Only blank lines, or `----` (a longer rule): no front matter.
        assert!(card("\n \n").unwrap().yaml.is_none());
        assert!(card("----\na: 1\n----\n").unwrap().yaml.is_none());
    }

    #[test]
    fn utf16_with_a_bom_is_text_everywhere_json_is_read() {
        let text = "{\"a\": \"\u{e9}\u{1F600}\",\n\"b\": [1]}";
        for little in [true, false] {
            let mut bytes = if little {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                bytes.extend(if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                });
            }
            let doc = Doc::new("x.json", "x.json", bytes.clone());
            assert_eq!(doc.text().unwrap(), text);
            let v: serde_json::Value = doc.json().unwrap();
            assert_eq!(v["b"][0], 1);
            // Digest and size are those of the file's bytes.
            assert_eq!(doc.sha256, hex::encode(Sha256::digest(&bytes)));
            assert_eq!(doc.source("x").size, bytes.len() as u64);
        }
        // Without a byte order mark, UTF-16 is not guessed: invalid UTF-8.
        let e = Doc::new("x.json", "x.json", b"{\x00}\x00".to_vec()).json::<serde_json::Value>();
        assert!(e.is_err());
        // A lone low surrogate on line 2.
        let e = Doc::new(
            "x.json",
            "x.json",
            vec![0xFF, 0xFE, b'\n', 0, b'a', 0, 0x00, 0xDC],
        )
        .text()
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("line 2, column 2") && e.contains("invalid UTF-16"),
            "{e}"
        );
    }

    #[test]
    fn utf8_errors_name_line_and_column() {
        let doc = Doc::new("x.md", "x.md", b"ok\nab\xffc".to_vec());
        let e = doc.text().unwrap_err().to_string();
        assert!(e.contains("line 2, column 3"), "{e}");
    }
}
