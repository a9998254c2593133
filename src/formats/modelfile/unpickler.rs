//! The symbolic unpickler: its values, its stack, memo and node arena, and the imports a
//! stream makes. The opcodes are in `opcodes.rs`, joblib's inline arrays in `joblib.rs`.

use super::oparg::{dotted_ident, opname};
use super::reader::{Line, Src};
use super::{
    KEEP_STR, MAX_IMPORTS, MAX_ITEMS, MAX_ITEMS_TOTAL, MAX_MEMO, MAX_NODES, MAX_STACK, STR_BUDGET,
};
use std::collections::HashMap;
use std::rc::Rc;

/// A value on the symbolic stack or in the memo. Containers and objects live in the stream's
/// node arena, so that a memoized object mutated later (APPEND, BUILD) is the same object, as
/// in Python.
#[derive(Debug, Clone)]
pub(super) enum Val {
    None,
    Bool,
    Int(i64),
    BigInt,
    Float,
    /// A thin pointer keeps `Val` at 16 bytes: the memo can hold millions of them.
    Str(Rc<String>),
    /// A str too long (or past the budget) to keep.
    LongStr,
    Bytes,
    Node(u32),
    /// The object an import returned (index into the stream's imports).
    Global(u32),
    /// What a persistent_load returned (PyTorch storages).
    Persistent,
    Buffer,
    /// A container past the node bound, or the array joblib read.
    Unknown,
    /// The LONG1 magic number that opens a legacy `torch.save` file.
    TorchMagic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Obj,
}

#[derive(Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    /// The first items (dict: key, value, key, value, ...).
    pub(super) items: Vec<Val>,
    /// Import whose call made this object.
    pub(super) class: Option<u32>,
    pub(super) args: Option<Val>,
    pub(super) state: Option<Val>,
}

#[derive(Debug, Clone)]
pub(super) struct Imp {
    pub(super) module: String,
    pub(super) name: String,
    pub(super) opcode: &'static str,
    pub(super) offset: u64,
    pub(super) called: bool,
    pub(super) count: u64,
    /// Module and name are dotted Python identifiers.
    pub(super) ident: bool,
}

/// How a stream ended.
#[derive(Debug)]
pub(super) enum Halt {
    Stop {
        /// Exactly one value on the stack and no open mark: a well-formed pickle.
        clean: bool,
        magic: bool,
    },
    Fail {
        msg: String,
        /// A bound of this analysis, not a defect of the data.
        limit: bool,
    },
}

pub(super) type R<T> = Result<T, Halt>;

pub(super) fn fail<T>(at: u64, op: u8, msg: impl std::fmt::Display) -> R<T> {
    Err(Halt::Fail {
        msg: format!("offset {at} ({}): {msg}", opname(op)),
        limit: false,
    })
}

pub(super) fn bound<T>(at: u64, msg: impl std::fmt::Display) -> R<T> {
    Err(Halt::Fail {
        msg: format!("offset {at}: {msg}; the rest of the stream was not analysed"),
        limit: true,
    })
}

pub(super) fn eof<T>(at: u64, op: u8) -> R<T> {
    fail(
        at,
        op,
        "the data ends inside the opcode's argument (truncated)",
    )
}

pub(super) const TORCH_MAGIC: [u8; 10] =
    [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

pub(super) struct Machine {
    pub(super) stack: Vec<Val>,
    pub(super) meta: Vec<Vec<Val>>,
    pub(super) slots: usize,
    pub(super) memo: HashMap<u64, Val>,
    pub(super) nodes: Vec<Node>,
    items_used: usize,
    str_used: usize,
    pub(super) imports: Vec<Imp>,
    import_idx: HashMap<(String, String, &'static str), u32>,
    /// Follow joblib's NumpyUnpickler: read the array data after a NumpyArrayWrapper's BUILD.
    pub(super) joblib: bool,
    pub(super) saw_wrapper: bool,
    pub(super) persid_or_ext: bool,
    pub(super) first_proto: bool,
    ops: u64,
    /// Streams nested in this one (joblib object arrays).
    pub(super) nested: u64,
}

impl Machine {
    pub(super) fn new(joblib: bool) -> Self {
        Machine {
            stack: Vec::new(),
            meta: Vec::new(),
            slots: 0,
            memo: HashMap::new(),
            nodes: Vec::new(),
            items_used: 0,
            str_used: 0,
            imports: Vec::new(),
            import_idx: HashMap::new(),
            joblib,
            saw_wrapper: false,
            persid_or_ext: false,
            first_proto: false,
            ops: 0,
            nested: 0,
        }
    }

    pub(super) fn run(&mut self, src: &mut Src<'_>) -> Halt {
        loop {
            let at = src.pos;
            let Some(op) = src.byte() else {
                let msg = if self.ops == 0 {
                    format!("offset {at}: no data")
                } else {
                    format!("offset {at}: the data ends before the pickle's STOP (truncated)")
                };
                return Halt::Fail { msg, limit: false };
            };
            self.ops += 1;
            if self.ops == 1 {
                self.first_proto = op == 0x80;
            }
            if let Err(h) = self.op(op, at, src) {
                return h;
            }
        }
    }

    // Stack primitives.

    pub(super) fn push(&mut self, at: u64, v: Val) -> R<()> {
        if self.slots >= MAX_STACK {
            return bound(at, format!("more than {MAX_STACK} values on the stack"));
        }
        self.slots += 1;
        self.stack.push(v);
        Ok(())
    }

    pub(super) fn pop(&mut self, at: u64, op: u8) -> R<Val> {
        match self.stack.pop() {
            Some(v) => {
                self.slots -= 1;
                Ok(v)
            }
            None => fail(at, op, "stack underflow"),
        }
    }

    pub(super) fn top(&self, at: u64, op: u8) -> R<Val> {
        match self.stack.last() {
            Some(v) => Ok(v.clone()),
            None => fail(at, op, "stack underflow"),
        }
    }

    pub(super) fn set_top(&mut self, v: Val) {
        if let Some(t) = self.stack.last_mut() {
            *t = v;
        }
    }

    pub(super) fn mark(&mut self, at: u64) -> R<()> {
        if self.slots >= MAX_STACK {
            return bound(at, format!("more than {MAX_STACK} values on the stack"));
        }
        self.slots += 1;
        self.meta.push(std::mem::take(&mut self.stack));
        Ok(())
    }

    pub(super) fn pop_mark(&mut self, at: u64, op: u8) -> R<Vec<Val>> {
        match self.meta.pop() {
            Some(prev) => {
                let items = std::mem::replace(&mut self.stack, prev);
                self.slots -= items.len() + 1;
                Ok(items)
            }
            None => fail(at, op, "no MARK to pop to"),
        }
    }

    pub(super) fn node(
        &mut self,
        kind: Kind,
        items: Vec<Val>,
        class: Option<u32>,
        args: Option<Val>,
    ) -> Val {
        if self.nodes.len() >= MAX_NODES {
            return Val::Unknown;
        }
        self.nodes.push(Node {
            kind,
            items: Vec::new(),
            class,
            args,
            state: None,
        });
        let i = (self.nodes.len() - 1) as u32;
        self.extend_node(i, items);
        Val::Node(i)
    }

    /// Keeps the first items of a container (bounded per container and per stream); the rest
    /// cannot be reached by any opcode, only by code that would run, so dropping them hides no
    /// import.
    fn extend_node(&mut self, i: u32, items: Vec<Val>) {
        let total_room = MAX_ITEMS_TOTAL.saturating_sub(self.items_used);
        if let Some(node) = self.nodes.get_mut(i as usize) {
            let room = MAX_ITEMS.saturating_sub(node.items.len()).min(total_room);
            let n = items.len().min(room);
            node.items.extend(items.into_iter().take(n));
            self.items_used += n;
        }
    }

    pub(super) fn kind(&self, v: &Val) -> Option<Kind> {
        match v {
            Val::Node(i) => self.nodes.get(*i as usize).map(|n| n.kind),
            _ => None,
        }
    }

    /// Could be called at run time: an import, something an import returned, or unknown.
    pub(super) fn maybe_callable(&self, v: &Val) -> bool {
        match v {
            Val::Global(_) | Val::Persistent | Val::Unknown => true,
            Val::Node(_) => self.kind(v) == Some(Kind::Obj),
            _ => false,
        }
    }

    pub(super) fn describe(&self, v: &Val) -> &'static str {
        match v {
            Val::None => "None",
            Val::Bool => "bool",
            Val::Int(_) | Val::BigInt | Val::TorchMagic => "int",
            Val::Float => "float",
            Val::Str(_) | Val::LongStr => "str",
            Val::Bytes => "bytes",
            Val::Buffer => "buffer",
            Val::Node(_) => match self.kind(v) {
                Some(Kind::List) => "list",
                Some(Kind::Tuple) => "tuple",
                Some(Kind::Dict) => "dict",
                Some(Kind::Set) => "set",
                Some(Kind::FrozenSet) => "frozenset",
                _ => "object",
            },
            Val::Global(_) | Val::Persistent | Val::Unknown => "object",
        }
    }

    pub(super) fn str_val(&mut self, s: String) -> Val {
        if s.len() > KEEP_STR || self.str_used + s.len() > STR_BUDGET {
            return Val::LongStr;
        }
        self.str_used += s.len();
        Val::Str(Rc::new(s))
    }

    /// Marks the import behind `v` (an import, or an object one made) as called.
    pub(super) fn called(&mut self, v: &Val) {
        let idx = match v {
            Val::Global(i) => Some(*i),
            Val::Node(n) => self.nodes.get(*n as usize).and_then(|n| n.class),
            _ => None,
        };
        if let Some(imp) = idx.and_then(|i| self.imports.get_mut(i as usize)) {
            imp.called = true;
        }
    }

    pub(super) fn import(
        &mut self,
        at: u64,
        module: Option<String>,
        name: Option<String>,
        opcode: &'static str,
    ) -> R<u32> {
        let ident = module.as_deref().is_some_and(dotted_ident)
            && name.as_deref().is_some_and(dotted_ident);
        let module = module.unwrap_or_else(|| "?".into());
        let name = name.unwrap_or_else(|| "?".into());
        let key = (module, name, opcode);
        if let Some(&i) = self.import_idx.get(&key) {
            if let Some(imp) = self.imports.get_mut(i as usize) {
                imp.count += 1;
            }
            return Ok(i);
        }
        if self.imports.len() >= MAX_IMPORTS {
            return bound(at, format!("more than {MAX_IMPORTS} distinct imports"));
        }
        let i = self.imports.len() as u32;
        self.imports.push(Imp {
            module: key.0.clone(),
            name: key.1.clone(),
            opcode,
            offset: at,
            called: false,
            count: 1,
            ident,
        });
        self.import_idx.insert(key, i);
        Ok(i)
    }

    pub(super) fn merge_imports(&mut self, at: u64, other: Vec<Imp>) -> R<()> {
        for imp in other {
            let key = (imp.module.clone(), imp.name.clone(), imp.opcode);
            if let Some(&i) = self.import_idx.get(&key) {
                if let Some(mine) = self.imports.get_mut(i as usize) {
                    mine.count += imp.count;
                    mine.called |= imp.called;
                }
                continue;
            }
            if self.imports.len() >= MAX_IMPORTS {
                return bound(at, format!("more than {MAX_IMPORTS} distinct imports"));
            }
            self.import_idx.insert(key, self.imports.len() as u32);
            self.imports.push(imp);
        }
        Ok(())
    }

    pub(super) fn line(&mut self, src: &mut Src<'_>, at: u64, op: u8) -> R<Line> {
        match src.line(KEEP_STR) {
            Some(l) => Ok(l),
            None => fail(
                at,
                op,
                "the data ends before the argument's newline (truncated)",
            ),
        }
    }

    /// A module or name line of GLOBAL/INST, decoded as UTF-8 as CPython does (an undecodable
    /// line fails there before anything is imported); an over-long one is `?`.
    pub(super) fn name_line(&mut self, src: &mut Src<'_>, at: u64, op: u8) -> R<Option<String>> {
        let l = self.line(src, at, op)?;
        if l.long {
            return Ok(None);
        }
        match String::from_utf8(l.kept) {
            Ok(s) => Ok(Some(s)),
            Err(_) => fail(at, op, "module or name is not valid UTF-8"),
        }
    }

    pub(super) fn memo_get(&mut self, at: u64, op: u8, key: u64) -> R<()> {
        match self.memo.get(&key) {
            Some(v) => {
                let v = v.clone();
                self.push(at, v)
            }
            None => fail(at, op, format!("memo key {key} was never stored")),
        }
    }

    pub(super) fn memo_put(&mut self, at: u64, op: u8, key: u64) -> R<()> {
        let v = self.top(at, op)?;
        if self.memo.len() >= MAX_MEMO && !self.memo.contains_key(&key) {
            return bound(at, format!("more than {MAX_MEMO} memo entries"));
        }
        self.memo.insert(key, v);
        Ok(())
    }

    /// APPEND(S), SETITEM(S), ADDITEMS on the object at the top of the stack.
    pub(super) fn add_items(&mut self, at: u64, op: u8, items: Vec<Val>, want: Kind) -> R<()> {
        let target = self.top(at, op)?;
        match target {
            Val::Node(i) if self.kind(&target) == Some(want) => {
                self.extend_node(i, items);
                Ok(())
            }
            Val::Node(_) if self.kind(&target) == Some(Kind::Obj) => {
                // list.extend/append, __setitem__, add of an object an import made.
                self.called(&target);
                Ok(())
            }
            Val::Global(_) => {
                self.called(&target);
                Ok(())
            }
            Val::Unknown | Val::Persistent => Ok(()),
            _ => fail(
                at,
                op,
                format!(
                    "target is a {}, which has no such method",
                    self.describe(&target)
                ),
            ),
        }
    }
}
