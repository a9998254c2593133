//! Reading: a bounded, buffered reader that keeps its offset ([`Src`]) and a positioned read
//! of a few bytes of a seekable file ([`read_at`]).

use super::CHUNK;
use std::io::{self, Read, Seek, SeekFrom};

/// A buffered reader over any source that knows its offset, reads and discards instead of
/// seeking, and stops at a budget of bytes. Read errors are kept for the caller to judge (an
/// I/O error of the file, or corrupt compressed data).
pub(super) struct Src<'a> {
    r: &'a mut dyn Read,
    buf: Vec<u8>,
    lo: usize,
    hi: usize,
    /// Offset of `buf[lo]` in the stream.
    pub(super) pos: u64,
    /// Bytes the source may still deliver.
    pub(super) left: u64,
    /// The budget ended the data.
    pub(super) limited: bool,
    pub(super) err: Option<io::Error>,
    reads: u32,
}

pub(super) struct Line {
    pub(super) kept: Vec<u8>,
    pub(super) long: bool,
    pub(super) last: Option<u8>,
}

impl<'a> Src<'a> {
    pub(super) fn new(r: &'a mut dyn Read, pos: u64, left: u64) -> Self {
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

    pub(super) fn at_end(&mut self) -> bool {
        self.lo == self.hi && !self.more()
    }

    pub(super) fn byte(&mut self) -> Option<u8> {
        if self.at_end() {
            return None;
        }
        let b = *self.buf.get(self.lo)?;
        self.lo += 1;
        self.pos += 1;
        Some(b)
    }

    /// Up to `n` (≤ CHUNK) next bytes without consuming them.
    pub(super) fn peek(&mut self, n: usize) -> &[u8] {
        let n = n.min(CHUNK);
        while self.hi - self.lo < n {
            if !self.more() {
                break;
            }
        }
        let end = (self.lo + n).min(self.hi);
        &self.buf[self.lo..end]
    }

    pub(super) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut a = [0u8; N];
        for x in a.iter_mut() {
            *x = self.byte()?;
        }
        Some(a)
    }

    /// Skips `n` bytes; false when the data ends first.
    pub(super) fn skip(&mut self, mut n: u64) -> bool {
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
    pub(super) fn take(&mut self, n: u64, keep: usize) -> Option<Option<Vec<u8>>> {
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
    pub(super) fn line(&mut self, keep: usize) -> Option<Line> {
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

pub(super) fn read_at<R: Read + Seek>(r: &mut R, off: u64, n: u64) -> io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(off))?;
    let mut out = Vec::new();
    r.take(n).read_to_end(&mut out)?;
    Ok(out)
}
