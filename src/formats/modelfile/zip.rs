//! Zip archives (PyTorch, TorchScript, TorchServe, Keras v3, NumPy .npz, or none of them): the
//! end of central directory record, the layout by member names, and every member opened.

use super::names::{format_by_name, generic_bin};
use super::reader::{read_at, Src};
use super::scanner::{prefixed, Rule, Scanner};
use super::{ModelFormat, MAX_CD_BYTES, MAX_DECODED, MAX_DEPTH, MAX_NESTED, MAX_ZIP_ENTRIES};
use std::io::{self, Read, Seek, SeekFrom};

impl Scanner {
    pub(super) fn zip<R: Read + Seek>(
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

pub(super) fn has_eocd<R: Read + Seek>(r: &mut R, size: u64) -> io::Result<bool> {
    Ok(eocd_counts(r, size)?.is_some())
}
