//! joblib's NumpyUnpickler: the array data a NumpyArrayWrapper's BUILD reads from the stream
//! (skipped), or the nested pickle of an object array (analysed).

use super::reader::Src;
use super::unpickler::{fail, Halt, Kind, Machine, Node, Val, R};
use super::MAX_ITEMS;

impl Machine {
    pub(super) fn is_array_wrapper(&self, class: u32) -> bool {
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
    pub(super) fn joblib_array(&mut self, wrapper: u32, at: u64, src: &mut Src<'_>) -> R<()> {
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
