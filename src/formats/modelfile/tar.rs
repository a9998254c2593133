//! Tar archives (legacy `torch.save` tars among them): v7, ustar and GNU headers, pax records,
//! and every regular member read for pickles.

use super::names::format_by_name;
use super::reader::{read_at, Src};
use super::scanner::{prefixed, Rule, Scanner};
use super::{ModelFormat, MAX_TAR_MEMBERS};
use std::io::{self, Read, Seek, SeekFrom};

impl Scanner {
    pub(super) fn tar<R: Read + Seek>(
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
}

pub(super) struct TarHeader {
    name: String,
    size: u64,
    typeflag: u8,
}

/// A tar header (v7, ustar or GNU) whose checksum holds.
pub(super) fn tar_header(h: &[u8]) -> Option<TarHeader> {
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
