//! NumPy `.npy` arrays: the header read, and an object array's data analysed as the pickle it
//! is.

use super::oparg::latin1;
use super::reader::Src;
use super::scanner::{prefixed, Rule, Scanner};
use super::MAX_NPY_HEADER;

impl Scanner {
    /// A `.npy` array; an object array's data is a pickle (`np.load(allow_pickle=True)`).
    pub(super) fn npy(&mut self, src: &mut Src<'_>, member: Option<&str>) {
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
