//! One file (or archive member): recognised by its content first, then by its name, and the
//! pickle streams read from its offset 0 as `pickle.load` would read them.

use super::compressed::compression;
use super::names::generic_bin;
use super::reader::{read_at, Src};
use super::report::Acc;
use super::sniff::{hdf5, plausible, safetensors};
use super::tar::tar_header;
use super::unpickler::{Halt, Machine};
use super::zip::has_eocd;
use super::{ModelFormat, MAX_DECODED};
use std::io::{self, Read, Seek, SeekFrom};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    /// The name says the content unpickles: any import in a valid prefix counts.
    Named,
    /// The content must prove it is a pickle: a well-formed stream to STOP, or an import of
    /// Python identifiers that is called (or follows a PROTO opcode) in a valid prefix.
    Sniff,
}

#[derive(Debug, Default)]
pub(super) struct Seq {
    pub(super) accepted: u64,
    pub(super) magic: bool,
    wrapper: bool,
    pub(super) first_fail: Option<String>,
    /// Bytes after the last stream that are not a pickle.
    pub(super) trailing: bool,
}

pub(super) struct Scanner {
    pub(super) acc: Acc,
    pub(super) notes: Vec<String>,
    pub(super) decoded_left: u64,
}

pub(super) fn prefixed(member: Option<&str>) -> String {
    member.map(|m| format!("{m}: ")).unwrap_or_default()
}

impl Scanner {
    /// Pickle streams read one after another from `src`, as a loader calling `pickle.load`
    /// repeatedly would (a legacy `torch.save` file holds five, then raw storages).
    pub(super) fn pickles(&mut self, src: &mut Src<'_>, rule: Rule, member: Option<&str>) -> Seq {
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
    pub(super) fn file<R: Read + Seek>(
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
}
