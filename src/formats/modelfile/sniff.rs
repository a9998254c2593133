//! Content checks of formats that hold no pickle: safetensors and HDF5 by their headers, and
//! whether a file named as a weak format (ONNX, TensorFlow, Core ML protobufs; msgpack) is
//! plausibly one.

use super::reader::read_at;
use super::ModelFormat;
use std::io::{self, Read, Seek, SeekFrom};

/// safetensors: an 8-byte little-endian header length, then a JSON object header (padded with
/// spaces) that fits in the file.
pub(super) fn safetensors<R: Read + Seek>(r: &mut R, size: u64, head: &[u8]) -> io::Result<bool> {
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
pub(super) fn hdf5<R: Read + Seek>(r: &mut R, size: u64, head: &[u8]) -> io::Result<bool> {
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

/// Weak formats, named so: is the content plausibly one?
pub(super) fn plausible<R: Read + Seek>(
    r: &mut R,
    size: u64,
    fmt: ModelFormat,
) -> io::Result<bool> {
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
