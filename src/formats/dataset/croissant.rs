//! MLCommons Croissant JSON-LD manifests (1.0 and 1.1) with their Responsible-AI vocabulary, as
//! one object, a top-level array or a flattened `@graph`.

use super::jsonld::{ld_list, ld_nodes, ld_text, not_none, LdContext, LdNode};
use super::personal::contains_from_statement;
use super::{bounded, FORMAT_CROISSANT};
use crate::error::{Location, Result};
use crate::formats::Doc;
use crate::input::{Dataset, Field, PersonalData};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The node that holds a Croissant dataset, with the context its keys are read in and the
/// nodes of its document by `@id` (a flattened document refers to record sets and fields by
/// `{"@id": ...}` instead of nesting them).
struct CroissantRoot<'a> {
    node: &'a Map<String, Value>,
    ctx: LdContext,
    by_id: BTreeMap<&'a str, &'a Map<String, Value>>,
}

impl<'a> CroissantRoot<'a> {
    /// A node value, a bare `{"@id": ...}` reference replaced by the node it names.
    fn resolve(&self, v: &'a Value) -> Option<&'a Map<String, Value>> {
        let o = v.as_object()?;
        if o.len() == 1 {
            if let Some(target) = o.get("@id").and_then(Value::as_str) {
                return Some(self.by_id.get(target).copied().unwrap_or(o));
            }
        }
        Some(o)
    }

    /// The value of a schema.org or Croissant property of a node, under its usual key or any key
    /// the context expands to the same IRI (`sc:name`, `http://schema.org/name`).
    fn get(&self, obj: &'a Map<String, Value>, local: &str) -> Option<&'a Value> {
        obj.get(local).or_else(|| {
            obj.iter().find_map(|(k, v)| {
                let iri = self.ctx.expand(k);
                let tail = iri
                    .strip_prefix("https://")
                    .or_else(|| iri.strip_prefix("http://"))?;
                let name = tail
                    .strip_prefix("schema.org/")
                    .or_else(|| tail.strip_prefix("mlcommons.org/croissant/"))?;
                (name == local).then_some(v)
            })
        })
    }
}
/// Whether a node, read in its context, describes a Croissant dataset: `@type` schema.org
/// `Dataset`, or `conformsTo` a Croissant version.
fn is_croissant_node(obj: &Map<String, Value>, ctx: &LdContext) -> bool {
    let dataset_type = ld_list(obj.get("@type"))
        .iter()
        .filter_map(|t| t.as_str())
        .any(|t| ctx.is_schema_dataset(t));
    let conforms = ld_list(obj.get("conformsTo").or_else(|| obj.get("dct:conformsTo")))
        .iter()
        .filter_map(|c| ld_text(Some(c)))
        .any(|c| c.contains("mlcommons.org/croissant"));
    dataset_type || conforms
}

/// The dataset nodes of a JSON-LD document that have a `@context` in force.
fn croissant_nodes(v: &Value) -> Vec<(LdNode<'_>, LdContext)> {
    ld_nodes(v)
        .into_iter()
        .filter(|(_, ctxs, _)| !ctxs.is_empty())
        .filter_map(|n| {
            let ctx = LdContext::from_values(&n.1);
            is_croissant_node(n.0, &ctx).then_some((n, ctx))
        })
        .collect()
}

/// Whether a parsed JSON document is a Croissant dataset: an object, a top-level array or a
/// `@graph` with a dataset node in it.
pub fn is_croissant(v: &Value) -> bool {
    !croissant_nodes(v).is_empty()
}

/// Finds the one dataset node of a Croissant document. Two dataset nodes are an error: which
/// one's personal-data statement holds cannot be told, and reading one could hide the other.
fn croissant_root<'a>(doc: &Doc, v: &'a Value) -> Result<CroissantRoot<'a>> {
    let mut found = croissant_nodes(v);
    if found.len() > 1 {
        let ptr = found[1].0 .2.clone();
        return Err(doc.err(
            Location::pointer(&ptr),
            format!(
                "{} Croissant dataset nodes in one document: a manifest describes one dataset, \
                 put each in a file of its own",
                found.len()
            ),
        ));
    }
    let Some(((node, _, _), ctx)) = found.pop() else {
        let pointer = match v {
            Value::Object(o) if o.contains_key("@graph") => "/@graph",
            Value::Object(o) if !o.contains_key("@context") => "/@context",
            Value::Object(_) => "/@type",
            _ => "",
        };
        return Err(doc.err(
            Location::pointer(pointer),
            "JSON is not a Croissant dataset: expected \"@context\" and \"@type\": \"sc:Dataset\" \
             (or \"conformsTo\": \"http://mlcommons.org/croissant/1.x\"), at the top level, in a \
             top-level array or in \"@graph\"",
        ));
    };
    let by_id = ld_nodes(v)
        .into_iter()
        .filter(|(o, _, _)| o.len() > 1)
        .filter_map(|(o, _, _)| Some((o.get("@id")?.as_str()?, o)))
        .collect();
    Ok(CroissantRoot { node, ctx, by_id })
}

/// Loads a Croissant JSON-LD manifest: one dataset object, or a top-level array or `@graph`
/// (a flattened document) holding one dataset node.
pub fn load_croissant(doc: &Doc) -> Result<Dataset> {
    let v: Value = doc.json()?;
    let root = croissant_root(doc, &v)?;
    let obj = root.node;

    let mut rai = BTreeMap::new();
    for (k, val) in obj {
        if let Some(local) = root.ctx.rai_local(k) {
            if let Some(text) = ld_text(Some(val)) {
                rai.insert(local, bounded(&text));
            }
        }
    }

    let license: Vec<String> = ld_list(root.get(obj, "license"))
        .into_iter()
        .filter_map(|l| not_none(ld_license(l)))
        .collect();

    let mut fields = Vec::new();
    // Each referenced node is read once: a flattened document can refer to itself in a loop.
    let mut seen = BTreeSet::new();
    for rs in ld_list(root.get(obj, "recordSet")) {
        let Some(rs) = root.resolve(rs) else { continue };
        for f in ld_list(root.get(rs, "field")) {
            croissant_field(&root, f, &mut seen, &mut fields);
        }
    }

    let statement = rai.get("personalSensitiveInformation").cloned();
    let personal_data = PersonalData {
        contains_personal_data: statement.as_deref().and_then(contains_from_statement),
        statement,
        ..PersonalData::default()
    };

    let text = |key: &str| not_none(ld_text(root.get(obj, key)));
    Ok(Dataset {
        source: doc.source(FORMAT_CROISSANT),
        name: text("name"),
        version: text("version"),
        description: text("description").map(|d| bounded(&d)),
        license: (!license.is_empty()).then(|| license.join(" AND ")),
        url: text("url"),
        personal_data,
        fields,
        rai,
        lines: BTreeMap::new(),
    })
}

fn ld_license(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => ["@id", "url", "identifier", "name"]
            .iter()
            .find_map(|k| ld_text(o.get(*k))),
        other => ld_text(Some(other)),
    }
}

fn croissant_field<'a>(
    root: &CroissantRoot<'a>,
    f: &'a Value,
    seen: &mut BTreeSet<usize>,
    out: &mut Vec<Field>,
) {
    let Some(f) = root.resolve(f) else {
        return;
    };
    // By address: the same node reached twice is a loop or a repeat, read once.
    if !seen.insert(f as *const Map<String, Value> as usize) {
        return;
    }
    let Some(name) = ld_text(root.get(f, "name")).or_else(|| ld_text(f.get("@id"))) else {
        return;
    };
    // A schema.org type is written `sc:Text` however the document spells it (`Text` under a
    // schema.org `@vocab`, as a flattened document compacts it).
    let type_name = |t: String| match root.ctx.expand(&t).split_once("schema.org/") {
        Some(("https://" | "http://", local)) => format!("sc:{local}"),
        _ => t,
    };
    let data_type = match root.get(f, "dataType") {
        Some(Value::Array(a)) => {
            let types: Vec<String> = a
                .iter()
                .filter_map(|t| ld_text(Some(t)))
                .map(type_name)
                .collect();
            (!types.is_empty()).then(|| types.join(", "))
        }
        other => ld_text(other).map(type_name),
    };
    out.push(Field {
        name,
        data_type,
        description: ld_text(root.get(f, "description")).map(|d| bounded(&d)),
        personal: None,
        direct_identifier: false,
        justification: None,
    });
    for sub in ld_list(root.get(f, "subField")) {
        croissant_field(root, sub, seen, out);
    }
}
