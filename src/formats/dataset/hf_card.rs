//! Hugging Face dataset cards (`README.md` with YAML front matter), whose template sections are
//! mapped onto the Croissant RAI keys; an optional `personal_data:` block in the front matter.

use super::datasheet::validate_personal_data;
use super::jsonld::{ld_list, not_none};
use super::lines::personal_data_lines;
use super::personal::{contains_from_statement, statement_overrides_denial};
use super::personal_data::PersonalDataSheet;
use super::{bounded, FORMAT_HF_CARD};
use crate::error::{Location, Result};
use crate::formats::markdown::{self, canonical_sections, count_words, strip_placeholders};
use crate::formats::{as_string, card_front_matter, locate, parse_yaml, string_list, Doc};
use crate::input::{Dataset, Field, PersonalData};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Maps a normalized dataset-card heading to an RAI key (Croissant's where the meaning is the
/// same). Headings of both the `datasets` template and the `huggingface_hub` template are known;
/// `_`-prefixed ids are used for the description, not put in `rai`.
fn classify_hf_heading(h: &str) -> Option<&'static str> {
    let h = h.strip_suffix(" optional").unwrap_or(h);
    Some(match h {
        "dataset summary" => "_summary",
        "dataset description" => "_description",
        "supported tasks and leaderboards"
        | "uses"
        | "direct use"
        | "intended use"
        | "intended uses" => "dataUseCases",
        "out of scope use" | "out of scope uses" => "outOfScopeUse",
        "curation rationale" => "curationRationale",
        "source data"
        | "initial data collection and normalization"
        | "data collection and processing"
        | "data collection"
        | "who are the source language producers"
        | "who are the source data producers" => "dataCollection",
        "annotations" | "annotation process" => "dataAnnotationProtocol",
        "who are the annotators" => "annotatorDemographics",
        "personal and sensitive information"
        | "privacy considerations"
        | "personal information" => "personalSensitiveInformation",
        "social impact of dataset" | "social impact of the dataset" | "social impact" => {
            "dataSocialImpact"
        }
        "discussion of biases" | "discussion on biases" | "biases" => "dataBiases",
        "bias risks and limitations"
        | "other known limitations"
        | "known limitations"
        | "limitations" => "dataLimitations",
        "recommendations" => "recommendations",
        "maintenance" | "maintenance plan" | "data release maintenance plan" => {
            "dataReleaseMaintenancePlan"
        }
        "licensing information" => "licensingInformation",
        "citation information" | "citation" => "citationInformation",
        _ => return None,
    })
}

/// Template text that is not content although it contains no placeholder marker.
const BOILERPLATE: &[&str] = &[
    "users should be made aware of the risks, biases and limitations of the dataset",
    "this dataset card aims to be a base template for new datasets",
];

/// Drops placeholder lines, template boilerplate and `Label:` lines whose value is a
/// placeholder; keeps the rest as written.
fn clean_text(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        let (stripped, found) = strip_placeholders(line);
        let t = stripped.trim();
        if count_words(t) == 0
            || (found && t.ends_with(':'))
            || BOILERPLATE.iter().any(|b| t.contains(b))
        {
            continue;
        }
        out.push(line.trim_end());
    }
    out.join("\n").trim().to_string()
}

/// Front-matter holder for the `personal_data:` block of a dataset card.
#[derive(Deserialize)]
struct HfPersonal {
    personal_data: PersonalDataSheet,
}

/// Loads a Hugging Face dataset card.
pub fn load_hf_card(doc: &Doc) -> Result<Dataset> {
    let text = doc.text()?;
    let fm = card_front_matter(doc, text)?;
    // The YAML starts on line fm.yaml_line of the file (after any blank lines and `---`).
    let offset = fm.yaml_line.saturating_sub(1);
    let meta: Value = match fm.yaml {
        Some(y) => parse_yaml::<Value>(y, offset).map_err(|(loc, msg)| doc.err(loc, msg))?,
        None => Value::Null,
    };
    let meta = match meta {
        Value::Null => Map::new(),
        Value::Object(o) => o,
        _ => {
            return Err(doc.err(
                Location {
                    line: Some(fm.yaml_line),
                    ..Location::default()
                },
                "front matter must be a YAML mapping of card metadata",
            ))
        }
    };

    let raw = markdown::sections(fm.body, fm.body_line);
    let canonical = canonical_sections(&raw, classify_hf_heading);
    let mut rai = BTreeMap::new();
    let mut summary = None;
    let mut section_description = None;
    for (id, section) in &canonical {
        // Not `section.present`: a section that only says "None." is no model-card content,
        // but in a dataset card it is the statement that there is no personal data.
        let clean = clean_text(&section.text);
        if count_words(&clean) == 0 {
            continue;
        }
        match id.as_str() {
            "_summary" => summary = Some(clean),
            "_description" => section_description = Some(clean),
            _ => {
                rai.insert(id.clone(), bounded(&clean));
            }
        }
    }
    let h1 = raw.iter().find(|s| s.level == 1);
    let intro = h1
        .map(|s| clean_text(&s.text))
        .filter(|t| count_words(t) > 0);
    let description = summary
        .or(intro)
        .or(section_description)
        .map(|d| bounded(&d));

    let name = not_none(as_string(meta.get("pretty_name"))).or_else(|| {
        let h = h1?.heading.trim();
        let n = h
            .strip_prefix("Dataset Card for ")
            .or_else(|| h.strip_prefix("Dataset card for "))
            .unwrap_or(h);
        (!n.is_empty() && n != "Dataset Name" && !n.contains("{{")).then(|| n.to_string())
    });

    // `license: other` with `license_name` names the actual license.
    let mut licenses = string_list(meta.get("license"));
    if licenses.iter().any(|l| l == "other") {
        if let Some(n) = as_string(meta.get("license_name")) {
            licenses = vec![n];
        }
    }
    let license = (!licenses.is_empty()).then(|| licenses.join(" AND "));

    // Front-matter facts with an RAI meaning.
    let creators = string_list(meta.get("language_creators"));
    if !creators.is_empty() {
        rai.entry("dataCollectionType".to_string())
            .or_insert_with(|| creators.join(", "));
    }
    let annotators = string_list(meta.get("annotations_creators"));
    if !annotators.is_empty() {
        rai.entry("annotationsCreators".to_string())
            .or_insert_with(|| annotators.join(", "));
    }
    let sources = string_list(meta.get("source_datasets"));
    if !sources.is_empty() {
        rai.entry("sourceDatasets".to_string())
            .or_insert_with(|| sources.join(", "));
    }

    let statement = rai.get("personalSensitiveInformation").cloned();
    let mut personal_data = PersonalData {
        contains_personal_data: statement.as_deref().and_then(contains_from_statement),
        statement: statement.clone(),
        ..PersonalData::default()
    };
    let mut lines = BTreeMap::new();
    if meta.contains_key("personal_data") {
        let yaml = fm.yaml.unwrap_or("");
        let block = parse_yaml::<HfPersonal>(yaml, offset)
            .map_err(|(loc, msg)| doc.err(loc, msg))?
            .personal_data;
        let index = locate::YamlIndex::new(yaml, offset);
        lines = personal_data_lines(&index, "personal_data");
        validate_personal_data(doc, &index, "personal_data", &block)?;
        personal_data = block.to_input();
        // The card's own words stay the statement; the block's facts win, except a `contains:
        // false` that the card's own words contradict.
        personal_data.statement = statement;
        statement_overrides_denial(&mut personal_data);
    }

    Ok(Dataset {
        source: doc.source(FORMAT_HF_CARD),
        name,
        version: not_none(as_string(meta.get("version"))),
        description,
        license,
        url: bullet_url(fm.body, "homepage").or_else(|| bullet_url(fm.body, "repository")),
        personal_data,
        fields: hf_fields(&meta),
        rai,
        lines,
    })
}

/// The URL on a `- **Homepage:** https://...` line of the card body.
fn bullet_url(body: &str, label: &str) -> Option<String> {
    body.lines().find_map(|l| {
        let lower = l.to_ascii_lowercase();
        let at = lower.find(label)?;
        let rest = &l[at + label.len()..];
        let start = rest.find("http")?;
        let url: String = rest[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | ']' | '>' | '"' | '\'' | '<'))
            .collect();
        (url.len() > "https://".len() && !url.contains("{{")).then_some(url)
    })
}

/// `dataset_info.features` (one config or a list of them) as fields, first occurrence wins.
fn hf_fields(meta: &Map<String, Value>) -> Vec<Field> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for info in ld_list(meta.get("dataset_info")) {
        for f in ld_list(info.get("features")) {
            let Some(name) = as_string(f.get("name")) else {
                continue;
            };
            if seen.insert(name.clone()) {
                out.push(Field {
                    name,
                    data_type: hf_dtype(f),
                    ..Field::default()
                });
            }
        }
    }
    out
}

fn hf_dtype(f: &Value) -> Option<String> {
    let inner = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o
                .get("dtype")
                .and_then(|d| d.as_str().map(str::to_string))
                .or_else(|| o.keys().next().cloned()),
            Value::Array(_) => Some("struct".to_string()),
            _ => None,
        }
    };
    if let Some(d) = f.get("dtype") {
        return inner(d);
    }
    for kind in ["sequence", "list", "large_list"] {
        if let Some(s) = f.get(kind) {
            return Some(match inner(s) {
                Some(t) => format!("{kind}<{t}>"),
                None => kind.to_string(),
            });
        }
    }
    f.get("struct").map(|_| "struct".to_string())
}
