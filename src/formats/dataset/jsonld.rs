//! The little of JSON-LD that reading Croissant needs: compacted `@context` terms, values as
//! text or lists, and the nodes of a document (top level, top-level array, `@graph`).

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The `@context` IRI of the Croissant RAI vocabulary.
const RAI_IRI: &str = "http://mlcommons.org/croissant/RAI/";
/// The prefixes and terms of a compacted JSON-LD `@context`, enough to expand keys and types.
#[derive(Debug, Default)]
pub(super) struct LdContext {
    /// Prefix or term -> the IRI (or compact IRI) it stands for.
    terms: BTreeMap<String, String>,
    vocab: Option<String>,
}

impl LdContext {
    /// The contexts in force for a node, outer first: an inner term overrides an outer one.
    pub(super) fn from_values(vs: &[&Value]) -> Self {
        let mut ctx = LdContext::default();
        for v in vs {
            ctx.extend(Some(v));
        }
        ctx
    }

    fn extend(&mut self, v: Option<&Value>) {
        let ctx = self;
        let mut add = |obj: &Map<String, Value>| {
            for (k, v) in obj {
                if k == "@vocab" {
                    ctx.vocab = v.as_str().map(str::to_string);
                    continue;
                }
                if k.starts_with('@') {
                    continue;
                }
                let iri = match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("@id").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                };
                if let Some(iri) = iri {
                    ctx.terms.insert(k.clone(), iri);
                }
            }
        };
        match v {
            Some(Value::Object(o)) => add(o),
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).for_each(&mut add),
            _ => {}
        }
    }

    /// Expands a key or type name to an IRI (best effort, a few levels of indirection).
    pub(super) fn expand(&self, term: &str) -> String {
        let mut cur = term.to_string();
        for _ in 0..4 {
            if cur.contains("://") {
                return cur;
            }
            if let Some(iri) = self.terms.get(&cur) {
                cur = iri.clone();
                continue;
            }
            if let Some((prefix, local)) = cur.split_once(':') {
                if let Some(base) = self.terms.get(prefix) {
                    cur = format!("{base}{local}");
                    continue;
                }
                return cur;
            }
            return match &self.vocab {
                Some(v) => format!("{v}{cur}"),
                None => cur,
            };
        }
        cur
    }

    /// The RAI local name of a key (`rai:dataBiases` -> `dataBiases`), if it is an RAI term.
    pub(super) fn rai_local(&self, key: &str) -> Option<String> {
        if key.starts_with('@') {
            return None;
        }
        let iri = self.expand(key);
        let tail = iri
            .strip_prefix("http://")
            .or_else(|| iri.strip_prefix("https://"));
        if let Some(tail) = tail {
            let base = &RAI_IRI["http://".len()..];
            // `get`, not indexing: the IRI is user text, and the cut may fall inside a
            // multi-byte character, which is simply not the RAI prefix.
            if tail.len() > base.len()
                && tail
                    .get(..base.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(base))
            {
                return Some(tail[base.len()..].to_string());
            }
        }
        // `rai:` used without declaring any prefix for the RAI vocabulary: still what the author
        // meant. When the context names the vocabulary under another prefix, `rai:` is not it.
        if !self.terms.contains_key("rai") && !self.declares_rai() {
            if let Some(local) = key.strip_prefix("rai:") {
                return Some(local.to_string());
            }
        }
        None
    }

    fn declares_rai(&self) -> bool {
        self.terms.values().any(|iri| {
            let tail = iri
                .strip_prefix("http://")
                .or_else(|| iri.strip_prefix("https://"))
                .unwrap_or("");
            tail.eq_ignore_ascii_case(&RAI_IRI["http://".len()..])
        })
    }

    pub(super) fn is_schema_dataset(&self, ty: &str) -> bool {
        let iri = self.expand(ty);
        matches!(
            iri.as_str(),
            "https://schema.org/Dataset" | "http://schema.org/Dataset"
        ) || matches!(ty, "sc:Dataset" | "schema:Dataset")
    }
}

/// JSON-LD value as text: strings, numbers, `{"@value": ...}`, `@list`/`@set`, arrays of those
/// (joined by new lines), objects by their `description`, `name` or `@id`.
pub(super) fn ld_text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(|x| ld_text(Some(x))).collect();
            parts.join("\n")
        }
        Value::Object(o) => {
            return ["@value", "@list", "@set", "description", "name", "@id"]
                .iter()
                .find_map(|k| ld_text(o.get(*k)));
        }
        Value::Null => String::new(),
    };
    (!s.is_empty()).then_some(s)
}

/// `"None"`/`"null"` are what generators write for a missing Python or JS value.
pub(super) fn not_none(s: Option<String>) -> Option<String> {
    s.filter(|s| !matches!(s.as_str(), "None" | "null" | "undefined"))
}

pub(super) fn ld_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(x) => vec![x],
    }
}
/// A JSON-LD node: the object, the `@context` values in force for it (outer first), its JSON
/// pointer.
pub(super) type LdNode<'a> = (&'a Map<String, Value>, Vec<&'a Value>, String);

/// The nodes of a JSON-LD document: the top-level object, each object of a top-level array, and
/// the members of a `@graph` of either.
pub(super) fn ld_nodes(v: &Value) -> Vec<LdNode<'_>> {
    fn walk<'a>(
        v: &'a Value,
        mut ctxs: Vec<&'a Value>,
        ptr: String,
        depth: usize,
        out: &mut Vec<LdNode<'a>>,
    ) {
        match v {
            Value::Object(o) => {
                if let Some(c) = o.get("@context") {
                    ctxs.push(c);
                }
                if let Some(g) = o.get("@graph").filter(|_| depth < 2) {
                    walk(g, ctxs.clone(), format!("{ptr}/@graph"), depth + 1, out);
                }
                out.push((o, ctxs, ptr));
            }
            Value::Array(a) if depth < 2 => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, ctxs.clone(), format!("{ptr}/{i}"), depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, Vec::new(), String::new(), 0, &mut out);
    out
}
