//! Hugging Face model cards: the YAML front matter (card metadata and `model-index`
//! evaluation results) and the Markdown body, with template boilerplate neutralized.

use super::headings::{heading_topics, is_section_label, LEAD_PHRASES};
use super::{join_licenses, metric_value, push_unique, FORMAT_HUGGINGFACE};
use crate::error::{Error, Location, Result};
use crate::formats::{markdown, parse_yaml, Doc};
use crate::input::{Metric, ModelCard};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// What a template placeholder is replaced by when template boilerplate is neutralized.
pub(super) const PLACEHOLDER: &str = "[More Information Needed]";

/// The front-matter keys the loader reads; everything is also kept raw as `metadata`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HfMeta {
    license: Option<StrList>,
    license_name: Option<Scalar>,
    language: Option<StrList>,
    tags: Option<StrList>,
    datasets: Option<StrList>,
    base_model: Option<StrList>,
    pipeline_tag: Option<Scalar>,
    model_name: Option<Scalar>,
    version: Option<Scalar>,
    #[serde(rename = "model-index")]
    model_index: Option<ModelIndexField>,
}

/// `model-index` as written: the hub's list of entries, or a mapping. Early `transformers`
/// Trainer cards wrote a mapping (`model-index: {name: ...}`), which the hub does not read as
/// evaluation results; it is skipped (the card is kept, the raw value stays in `metadata`).
/// Anything else (a string, a number) is an error naming the key.
#[derive(Debug)]
enum ModelIndexField {
    List(Vec<ModelIndex>),
    Mapping,
}

impl<'de> Deserialize<'de> for ModelIndexField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ModelIndexVisitor)
    }
}

struct ModelIndexVisitor;

impl<'de> Visitor<'de> for ModelIndexVisitor {
    type Value = ModelIndexField;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence of model-index entries")
    }
    fn visit_unit<E>(self) -> std::result::Result<ModelIndexField, E> {
        Ok(ModelIndexField::List(Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<ModelIndexField, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = seq.next_element::<ModelIndex>()? {
            out.push(entry);
        }
        Ok(ModelIndexField::List(out))
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<ModelIndexField, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(ModelIndexField::Mapping)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ModelIndex {
    name: Option<Scalar>,
    results: Option<Vec<EvalResult>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EvalResult {
    task: Option<EvalTask>,
    dataset: Option<EvalDataset>,
    metrics: Option<Vec<EvalMetric>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EvalTask {
    #[serde(rename = "type")]
    task_type: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EvalDataset {
    #[serde(rename = "type")]
    dataset_type: Option<Scalar>,
    name: Option<Scalar>,
    split: Option<Scalar>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EvalMetric {
    #[serde(rename = "type")]
    metric_type: Option<Scalar>,
    value: Option<Value>,
    name: Option<Scalar>,
}

/// A YAML scalar as text. Numbers and booleans are accepted and printed.
#[derive(Debug, Clone, Default)]
struct Scalar {
    text: String,
    /// It was written as a number (so `1.10` may have lost its trailing zero).
    number: bool,
}

impl Scalar {
    fn nonempty(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Scalar, E> {
        Ok(Scalar {
            text: v.to_string(),
            number: false,
        })
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Scalar, E> {
        Ok(Scalar {
            text: v.to_string(),
            number: false,
        })
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Scalar, E> {
        Ok(Scalar {
            text: v.to_string(),
            number: true,
        })
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Scalar, E> {
        Ok(Scalar {
            text: v.to_string(),
            number: true,
        })
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Scalar, E> {
        Ok(Scalar {
            text: v.to_string(),
            number: true,
        })
    }
}

/// A string or a list of strings (list items may be numbers). A bare number is an error.
#[derive(Debug, Clone, Default)]
struct StrList(Vec<String>);

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrListVisitor)
    }
}

struct StrListVisitor;

impl<'de> Visitor<'de> for StrListVisitor {
    type Value = StrList;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<StrList, E> {
        Ok(StrList(vec![v.to_string()]))
    }
    fn visit_unit<E>(self) -> std::result::Result<StrList, E> {
        Ok(StrList::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<StrList, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Option<Scalar>>()? {
            if let Some(s) = item.and_then(|s| s.nonempty()) {
                out.push(s);
            }
        }
        Ok(StrList(out))
    }
}

/// Template sentences that are guidance to the author, not content: dropped.
const TEMPLATE_GUIDANCE: &[&str] = &[
    "use the code below to get started with the model",
    "carbon emissions can be estimated using the machine learning impact calculator presented in lacoste et al 2019",
    "click to expand",
];

/// Template default text that stands in for content: counted as a placeholder.
const TEMPLATE_DEFAULTS: &[&str] = &[
    "users both direct and downstream should be made aware of the risks biases and limitations of the model more information needed for further recommendations",
];

/// Openings of template default lines that end in a link filled per model: the whole line is a
/// placeholder. The sentence-transformers template's evaluation section points to a benchmark
/// site instead of stating results.
const TEMPLATE_DEFAULT_OPENINGS: &[&str] =
    &["for an automated evaluation of this model see the sentence embeddings benchmark"];

/// Reads a Hugging Face model card.
pub(super) fn load_huggingface(doc: &Doc, text: &str) -> Result<ModelCard> {
    let fm = crate::formats::card_front_matter(doc, text)?;
    let mut card = ModelCard {
        source: doc.source(FORMAT_HUGGINGFACE),
        ..ModelCard::default()
    };
    let mut meta = HfMeta::default();
    if let Some(yaml) = fm.yaml {
        // The YAML starts on line fm.yaml_line of the file (after any blank lines and `---`).
        let offset = fm.yaml_line.saturating_sub(1);
        let value: Value = if has_yaml_content(yaml) {
            parse_yaml(yaml, offset).map_err(|e| yaml_err(doc, e))?
        } else {
            Value::Null
        };
        match value {
            Value::Null => card.metadata = Some(Value::Object(serde_json::Map::new())),
            Value::Object(_) => {
                meta = parse_yaml(yaml, offset).map_err(|e| yaml_err(doc, e))?;
                card.metadata = Some(value);
            }
            _ => {
                return Err(doc.err(
                    Location {
                        line: Some(fm.yaml_line),
                        ..Location::default()
                    },
                    "the YAML front matter is not a mapping of keys to values",
                ))
            }
        }
    }

    let labels = markdown::Labels {
        accept: &is_section_label,
        lead_phrases: LEAD_PHRASES,
    };
    let mut raw = markdown::sections_with_labels(fm.body, fm.body_line, &labels);
    for s in &mut raw {
        s.text = neutralize_template(&s.text);
        // An empty sub-heading the card formats do not define ("Summary" under "Results") is
        // folded into its parent section; its title alone is not content.
        let (rest, _) = markdown::strip_placeholders(&s.text);
        if markdown::count_words(&rest) == 0 && heading_topics(&s.heading).is_empty() {
            s.heading.clear();
        }
    }
    card.sections = markdown::canonical_topics(&raw, heading_topics);

    // License: a string or a list; `other` defers to `license_name`.
    let mut licenses = meta.license.map(|l| l.0).unwrap_or_default();
    if licenses.len() == 1 && licenses[0].eq_ignore_ascii_case("other") {
        if let Some(name) = meta.license_name.as_ref().and_then(Scalar::nonempty) {
            licenses = vec![name];
        }
    }
    card.license = join_licenses(licenses);
    card.language = meta.language.map(|l| l.0).unwrap_or_default();
    card.tags = meta.tags.map(|l| l.0).unwrap_or_default();
    card.base_model = meta.base_model.map(|l| l.0).unwrap_or_default();
    card.pipeline_tag = meta.pipeline_tag.as_ref().and_then(Scalar::nonempty);
    card.datasets = meta.datasets.map(|l| l.0).unwrap_or_default();

    // A mapping is skipped: what it says is not evaluation results the hub would show.
    let model_index = match meta.model_index {
        Some(ModelIndexField::List(l)) => l,
        Some(ModelIndexField::Mapping) | None => Vec::new(),
    };
    for entry in &model_index {
        for result in entry.results.iter().flatten() {
            let task = result
                .task
                .as_ref()
                .and_then(|t| t.task_type.as_ref())
                .and_then(Scalar::nonempty);
            // Kept even for results without metrics: the task is a claim about what the model
            // does, which the robustness policy checks against `pipeline_tag` and `tags`.
            if let Some(t) = &task {
                push_unique(&mut card.task_types, t);
            }
            let (dataset, split) = match &result.dataset {
                Some(d) => (
                    d.dataset_type
                        .as_ref()
                        .or(d.name.as_ref())
                        .and_then(Scalar::nonempty),
                    d.split.as_ref().and_then(Scalar::nonempty),
                ),
                None => (None, None),
            };
            if let Some(d) = &dataset {
                push_unique(&mut card.datasets, d);
            }
            for m in result.metrics.iter().flatten() {
                let name = m.name.as_ref().and_then(Scalar::nonempty);
                let Some(metric_type) = m
                    .metric_type
                    .as_ref()
                    .and_then(Scalar::nonempty)
                    .or(name.clone())
                else {
                    continue;
                };
                let (value, value_text) = metric_value(m.value.as_ref());
                card.metrics.push(Metric {
                    metric_type,
                    name,
                    value,
                    value_text,
                    dataset: dataset.clone(),
                    split: split.clone(),
                    task: task.clone(),
                    slice: None,
                });
            }
        }
    }

    // The name is what the metadata says (`model_name`, then the first named `model-index`
    // entry); a title ("Model Card: Whisper", "Model Details") is a heading, not a name, and
    // the report falls back to the manifest's name.
    card.name = meta
        .model_name
        .as_ref()
        .and_then(Scalar::nonempty)
        .or_else(|| {
            model_index
                .iter()
                .find_map(|e| e.name.as_ref().and_then(Scalar::nonempty))
        });
    card.version = match &meta.version {
        Some(v) if v.number => {
            top_level_raw(fm.yaml.unwrap_or(""), "version").or_else(|| v.nonempty())
        }
        Some(v) => v.nonempty(),
        None => None,
    }
    .or_else(|| {
        card.sections
            .get("model_details")
            .and_then(|s| version_line(&s.text))
    });
    Ok(card)
}

/// A front-matter error; a syntax error's pointer (`/?`, no value reached) is left out.
fn yaml_err(doc: &Doc, (mut loc, msg): (Location, String)) -> Error {
    if loc
        .pointer
        .as_deref()
        .is_some_and(|p| p.split('/').any(|seg| seg == "?"))
    {
        loc.pointer = None;
    }
    doc.err(loc, msg)
}

/// True when YAML text has something besides blank lines and comments.
fn has_yaml_content(yaml: &str) -> bool {
    yaml.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

/// The raw text of a top-level `key: value` line of YAML, unquoted and without a comment: the
/// value as written, for numbers whose parsed form loses digits (`version: 1.10`).
fn top_level_raw(yaml: &str, key: &str) -> Option<String> {
    let line = yaml
        .lines()
        .find(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))?;
    let value = line[key.len() + 1..].split(" #").next()?.trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    (!value.is_empty()).then(|| value.to_string())
}

/// Drops template guidance and turns "Label: [placeholder]" lines into a bare placeholder, so
/// that an unfilled template's labels ("Developed by:", "Hardware Type:") do not count as
/// content while the placeholder is still seen.
pub(super) fn neutralize_template(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let norm = markdown::normalize_heading(line);
        if TEMPLATE_GUIDANCE.contains(&norm.as_str()) {
            continue;
        }
        if TEMPLATE_DEFAULTS.contains(&norm.as_str())
            || TEMPLATE_DEFAULT_OPENINGS
                .iter()
                .any(|o| norm.starts_with(o))
        {
            out.push(PLACEHOLDER.to_string());
            continue;
        }
        let (rest, placeholder) = markdown::strip_placeholders(line);
        if placeholder && is_label(&rest) {
            out.push(PLACEHOLDER.to_string());
            continue;
        }
        if !placeholder && is_label(line) {
            // "**BibTeX:**" followed by a paragraph that is only a placeholder.
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            if let Some(next) = next {
                let (r, p) = markdown::strip_placeholders(next);
                if p && markdown::count_words(&r) == 0 {
                    continue;
                }
            }
        }
        out.push((*line).to_string());
    }
    out.join("\n")
}

/// A short line ending in a colon: the label of a template field.
fn is_label(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_' || c == '-');
    t.ends_with(':') && markdown::count_words(t) <= 6
}

/// A "Model version: X" / "Version: X" line of the Model Details section.
fn version_line(text: &str) -> Option<String> {
    for line in text.lines() {
        let t = line.trim().trim_start_matches(['-', '*', ' ']);
        for key in ["model version:", "version:"] {
            if t.get(..key.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(key))
            {
                let v = t[key.len()..].trim();
                let (_, placeholder) = markdown::strip_placeholders(v);
                if !v.is_empty() && !placeholder {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}
