//! Compressed streams as joblib writes them: gzip and zlib decompressed and read for pickles;
//! bzip2, xz, lzma and lz4 recognised and reported as not inspected.

use super::reader::Src;
use super::scanner::{prefixed, Rule, Scanner};
use super::{ModelFormat, MAX_DECODED};
use std::io::{self, Read, Seek, SeekFrom};

impl Scanner {
    pub(super) fn compressed<R: Read + Seek>(
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
pub(super) enum Comp {
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
pub(super) fn compression(head: &[u8], named: bool) -> Option<Comp> {
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
