//! Typed reads from JSON cards (Model Card Toolkit, CycloneDX): values with their pointers and
//! lines, sections merged by id, and the quantitative analysis both formats share.

use super::metric_value;
use crate::error::{Error, Location, Result};
use crate::formats::{markdown, Doc};
use crate::input::{Metric, Section};
use serde_json::Value;
use std::collections::BTreeMap;

/// Sections of a JSON card, merged by id like Markdown sections.
#[derive(Default)]
pub(super) struct Sections(pub(super) BTreeMap<String, Section>);

impl Sections {
    /// Adds what the field at `pointer` says to section `id`; the first field added names the
    /// section (`heading`, `pointer`).
    pub(super) fn add(&mut self, id: &str, heading: &str, pointer: &str, text: &str) {
        let entry = self.0.entry(id.to_string()).or_insert_with(|| Section {
            heading: heading.to_string(),
            pointer: Some(pointer.to_string()),
            ..Section::default()
        });
        markdown::add_text(entry, text.trim());
    }
}

/// The metrics of a quantitative analysis (Model Card Toolkit `performance_metrics`, CycloneDX
/// `performanceMetrics`) into `metrics`; returns the section text: a line per metric and the
/// graphics description.
pub(super) fn quantitative_analysis(
    j: &Json<'_>,
    qa: &Value,
    metrics_key: &str,
    base: &str,
    metrics: &mut Vec<Metric>,
) -> Result<String> {
    let mut lines = Vec::new();
    for (i, m) in j.arr(qa, metrics_key, base)?.iter().enumerate() {
        let mp = format!("{base}/{metrics_key}/{i}");
        if !m.is_object() {
            return Err(j.type_err(&mp, "an object", m));
        }
        let Some(metric_type) = j.str(m, "type", &mp)? else {
            continue;
        };
        let slice = j.str(m, "slice", &mp)?;
        let (value, value_text) = metric_value(m.get("value"));
        lines.push(metric_line(&metric_type, slice.as_deref(), m.get("value")));
        metrics.push(Metric {
            metric_type,
            value,
            value_text,
            slice,
            ..Metric::default()
        });
    }
    if let Some(g) = j.obj(qa, "graphics", base)? {
        if let Some(d) = j.str(g, "description", &format!("{base}/graphics"))? {
            lines.push(d);
        }
    }
    Ok(lines.join("\n"))
}

/// Typed reads from a parsed JSON document; wrong types are errors naming the JSON pointer and
/// the line of the offending value.
pub(super) struct Json<'a> {
    pub(super) doc: &'a Doc,
    pub(super) text: &'a str,
}

impl Json<'_> {
    pub(super) fn err(&self, pointer: &str, msg: impl Into<String>) -> Error {
        let loc = Location {
            line: crate::formats::locate::json_line(self.text, pointer),
            pointer: Some(pointer.to_string()),
            ..Location::default()
        };
        self.doc.err(loc, msg)
    }

    pub(super) fn type_err(&self, pointer: &str, expected: &str, found: &Value) -> Error {
        self.err(
            pointer,
            format!("expected {expected}, found {}", kind(found)),
        )
    }

    /// `obj[key]` as a string (numbers and booleans printed); absent or null is `None`.
    pub(super) fn str(&self, obj: &Value, key: &str, base: &str) -> Result<Option<String>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok((!s.trim().is_empty()).then(|| s.trim().to_string())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(self.type_err(&format!("{base}/{key}"), "a string", other)),
        }
    }

    /// `obj[key]` as an array; absent or null is an empty slice.
    pub(super) fn arr<'v>(&self, obj: &'v Value, key: &str, base: &str) -> Result<&'v [Value]> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(self.type_err(&format!("{base}/{key}"), "an array", other)),
        }
    }

    /// `obj[key]` as an object; absent or null is `None`.
    pub(super) fn obj<'v>(
        &self,
        obj: &'v Value,
        key: &str,
        base: &str,
    ) -> Result<Option<&'v Value>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v @ Value::Object(_)) => Ok(Some(v)),
            Some(other) => Err(self.type_err(&format!("{base}/{key}"), "an object", other)),
        }
    }

    /// A list item that is a string, or an object whose `fields` are joined with "; ".
    fn item_text(&self, item: &Value, fields: &[&str], pointer: &str) -> Result<String> {
        match item {
            Value::Null => Ok(String::new()),
            Value::String(s) => Ok(s.trim().to_string()),
            Value::Object(_) => {
                let mut parts = Vec::new();
                for f in fields {
                    if let Some(s) = self.str(item, f, pointer)? {
                        parts.push(s);
                    }
                }
                Ok(parts.join("; "))
            }
            other => Err(self.type_err(pointer, "a string or an object", other)),
        }
    }

    /// The texts of the list `obj[key]`, one line per item.
    pub(super) fn list_text(
        &self,
        obj: &Value,
        key: &str,
        base: &str,
        fields: &[&str],
    ) -> Result<Option<String>> {
        if obj.get(key).is_none_or(Value::is_null) {
            return Ok(None);
        }
        let mut lines = Vec::new();
        for (i, item) in self.arr(obj, key, base)?.iter().enumerate() {
            let t = self.item_text(item, fields, &format!("{base}/{key}/{i}"))?;
            if !t.is_empty() {
                lines.push(t);
            }
        }
        Ok(Some(lines.join("\n")))
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn metric_line(metric_type: &str, slice: Option<&str>, value: Option<&Value>) -> String {
    let value = match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    };
    match slice {
        Some(sl) => format!("{metric_type} ({sl}): {value}"),
        None => format!("{metric_type}: {value}"),
    }
}
