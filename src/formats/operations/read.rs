//! What every operations loader reads a document with: where a JSON pointer of it is in its
//! file (its document of a YAML stream, its item of a Kubernetes `List`), and typed reads of
//! its values whose errors say there what was expected and what was found.

use crate::error::{excerpt, Error, Location, Result};
use crate::formats::locate::{self, YamlIndex};
use crate::formats::Doc;
use serde_json::{Map, Value};

/// Where a document is in its file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin {
    /// The file is JSON: one document, located by a scan of its text.
    pub json: bool,
    /// The document's index among those of the file that hold a value
    /// ([`crate::formats::parse_yaml_documents`]), and their number.
    pub document: usize,
    pub documents: usize,
    /// Its index in the `items` of a `List` document, for one of them.
    pub item: Option<usize>,
}

/// One document of an operations file, or one item of a `List`, read with errors located.
#[derive(Clone, Copy)]
pub struct Part<'a> {
    pub doc: &'a Doc,
    pub root: &'a Value,
    pub origin: Origin,
}

impl<'a> Part<'a> {
    /// `pointer` of this part as a pointer of its document: a `List` item's under `/items/<i>`.
    pub fn pointer(&self, pointer: &str) -> String {
        match self.origin.item {
            Some(i) => format!("/items/{i}{pointer}"),
            None => pointer.to_string(),
        }
    }

    /// The pointer, with the line and column of its node (or nearest ancestor) when found.
    pub fn location(&self, pointer: &str) -> Location {
        let at = self.positions(&[pointer]).pop().flatten();
        Location {
            line: at.map(|p| p.line),
            column: at.map(|p| p.column),
            ..Location::pointer(self.pointer(pointer))
        }
    }

    /// The 1-based line of each of `pointers` (of its node, or of its nearest ancestor when it
    /// is absent), for the findings of rules that point into this part; pointers without a
    /// line are left out.
    pub fn lines(&self, pointers: &[String]) -> std::collections::BTreeMap<String, usize> {
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        pointers
            .iter()
            .zip(self.positions(&refs))
            .filter_map(|(p, at)| Some((p.clone(), at?.line)))
            .collect()
    }

    /// Where each of `pointers` (of this part) is in the file, indexing the file once.
    fn positions(&self, pointers: &[&str]) -> Vec<Option<locate::Position>> {
        let Ok(text) = self.doc.text() else {
            return vec![None; pointers.len()];
        };
        let documents = if self.origin.json {
            Vec::new()
        } else {
            YamlIndex::documents(text)
        };
        // Counted otherwise than the reader counted them: no line is better than a wrong one.
        let index = (documents.len() == self.origin.documents)
            .then(|| documents.get(self.origin.document))
            .flatten();
        pointers
            .iter()
            .map(|p| {
                let full = self.pointer(p);
                if self.origin.json {
                    locate::json_position(text, &full)
                } else {
                    index?.nearest(&full)
                }
            })
            .collect()
    }

    pub fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.doc.err(self.location(pointer), message)
    }

    /// A value's type in the file's own words: a list and a mapping in YAML, an array and an
    /// object in JSON.
    pub fn kind(&self, v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) if self.origin.json => "an array",
            Value::Array(_) => "a list",
            Value::Object(_) if self.origin.json => "an object",
            Value::Object(_) => "a mapping",
        }
    }

    /// A value as an error shows what was found: scalars with their text.
    pub fn found(&self, v: Option<&Value>) -> String {
        match v {
            None | Some(Value::Null) => "nothing".to_string(),
            Some(Value::Bool(b)) => format!("`{b}`"),
            Some(Value::Number(n)) => format!("the number {n}"),
            Some(Value::String(s)) => format!("the string `{}`", excerpt(s)),
            Some(other) => self.kind(other).to_string(),
        }
    }

    /// The error: the value at `pointer` is not `expected`.
    pub fn wrong(&self, pointer: &str, expected: &str) -> Error {
        self.wrong_value(pointer, expected, self.root.pointer(pointer))
    }

    /// The error: `found`, the value at `pointer`, is not `expected`.
    pub fn wrong_value(&self, pointer: &str, expected: &str, found: Option<&Value>) -> Error {
        let key = locate::last_key(pointer);
        // An index or the root names nothing the author would look for.
        let named = if key.is_empty() || key.bytes().all(|b| b.is_ascii_digit()) {
            String::new()
        } else {
            format!("`{}`: ", excerpt(&key))
        };
        self.err(
            pointer,
            format!("{named}expected {expected}, found {}", self.found(found)),
        )
    }

    /// `v`, the value at `pointer`, read by `read`: absent or null is `None` (as Kubernetes
    /// reads it), a value `read` refuses an error naming `expected`.
    pub fn typed<T>(
        &self,
        v: Option<&'a Value>,
        pointer: &str,
        expected: &str,
        read: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Result<Option<T>> {
        match v.filter(|v| !v.is_null()) {
            None => Ok(None),
            Some(v) => read(v)
                .map(Some)
                .ok_or_else(|| self.wrong_value(pointer, expected, Some(v))),
        }
    }

    /// The value at `pointer`; null counts as absent.
    pub fn get(&self, pointer: &str) -> Option<&'a Value> {
        self.root.pointer(pointer).filter(|v| !v.is_null())
    }

    pub fn map(&self, p: &str) -> Result<Option<&'a Map<String, Value>>> {
        self.typed(self.get(p), p, "a mapping", Value::as_object)
    }

    pub fn required_map(&self, p: &str, what: &str) -> Result<&'a Map<String, Value>> {
        self.typed(self.get(p), p, what, Value::as_object)?
            .ok_or_else(|| self.wrong(p, what))
    }

    /// The list at `p`; empty when absent.
    pub fn list(&self, p: &str) -> Result<&'a [Value]> {
        Ok(self
            .typed(self.get(p), p, "a list", Value::as_array)?
            .map_or(&[][..], Vec::as_slice))
    }

    pub fn string(&self, p: &str) -> Result<Option<&'a str>> {
        self.typed(self.get(p), p, "a string", Value::as_str)
    }

    /// A string that is not empty.
    pub fn required_string(&self, p: &str, what: &str) -> Result<&'a str> {
        match self.get(p) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s),
            _ => Err(self.wrong(p, what)),
        }
    }

    pub fn boolean(&self, p: &str) -> Result<Option<bool>> {
        self.typed(self.get(p), p, "`true` or `false`", Value::as_bool)
    }

    pub fn integer(&self, p: &str) -> Result<Option<i64>> {
        self.typed(self.get(p), p, "an integer", Value::as_i64)
    }

    /// A traffic percentage: an integer from 0 to 100.
    pub fn percent(&self, p: &str) -> Result<Option<i64>> {
        self.typed(
            self.get(p),
            p,
            "a percentage (an integer from 0 to 100)",
            |v| v.as_i64().filter(|w| (0..=100).contains(w)),
        )
    }

    pub fn number(&self, p: &str) -> Result<Option<f64>> {
        self.typed(self.get(p), p, "a number", Value::as_f64)
    }
}
