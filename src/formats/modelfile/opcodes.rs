//! The symbolic unpickler's opcodes: what each pickle opcode does to the stack, the memo and
//! the imports, following CPython's unpickler, without running anything.

use super::oparg::{escape_decode, latin1, le_signed, parse_int, raw_unicode_escape, valid_float};
use super::reader::Src;
use super::unpickler::{eof, fail, Halt, Kind, Machine, Val, R, TORCH_MAGIC};
use super::KEEP_STR;

impl Machine {
    pub(super) fn op(&mut self, op: u8, at: u64, src: &mut Src<'_>) -> R<()> {
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
}
