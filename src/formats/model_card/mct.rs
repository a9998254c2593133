//! Google Model Card Toolkit JSON cards (schema v0.0.1 and v0.0.2).

use super::json::{quantitative_analysis, Json, Sections};
use super::{join_licenses, push_unique, FORMAT_MCT};
use crate::error::Result;
use crate::formats::{markdown, string_list, Doc};
use crate::input::ModelCard;
use serde_json::Value;

/// Reads a Google Model Card Toolkit JSON card.
pub(super) fn load_mct(doc: &Doc, text: &str, root: &Value) -> Result<ModelCard> {
    let j = Json { doc, text };
    let mut card = ModelCard {
        source: doc.source(FORMAT_MCT),
        ..ModelCard::default()
    };
    let mut s = Sections::default();

    if let Some(md) = j.obj(root, "model_details", "")? {
        let base = "/model_details";
        card.name = j.str(md, "name", base)?;
        for key in ["overview", "documentation"] {
            if let Some(t) = j.str(md, key, base)? {
                s.add(
                    "model_details",
                    &format!("model_details.{key}"),
                    &format!("{base}/{key}"),
                    &t,
                );
            } else if md.get(key).is_some() {
                s.add(
                    "model_details",
                    &format!("model_details.{key}"),
                    &format!("{base}/{key}"),
                    "",
                );
            }
        }
        match md.get("version") {
            None | Some(Value::Null) => {}
            Some(Value::String(v)) => {
                card.version = (!v.trim().is_empty()).then(|| v.trim().to_string())
            }
            Some(Value::Number(n)) => card.version = Some(n.to_string()),
            Some(v @ Value::Object(_)) => {
                let vb = format!("{base}/version");
                card.version = j.str(v, "name", &vb)?;
                if let Some(diff) = j.str(v, "diff", &vb)? {
                    s.add(
                        "version",
                        "model_details.version.diff",
                        &format!("{vb}/diff"),
                        &diff,
                    );
                }
            }
            Some(other) => {
                return Err(j.type_err(&format!("{base}/version"), "an object or a string", other))
            }
        }
        // Schema 0.0.1 has one `license` string; 0.0.2 a `licenses` list.
        let mut licenses: Vec<String> = j.str(md, "license", base)?.into_iter().collect();
        let mut license_text = Vec::new();
        for (i, l) in j.arr(md, "licenses", base)?.iter().enumerate() {
            let lp = format!("{base}/licenses/{i}");
            match l {
                Value::String(id) => licenses.push(id.trim().to_string()),
                Value::Object(_) => {
                    if let Some(id) = j.str(l, "identifier", &lp)? {
                        licenses.push(id);
                    } else if let Some(custom) = j.str(l, "custom_text", &lp)? {
                        // The custom text's first line names it.
                        let mut first = custom.lines().next().unwrap_or("").trim().to_string();
                        markdown::truncate(&mut first, 120);
                        licenses.push(first);
                        license_text.push(custom);
                    }
                }
                other => return Err(j.type_err(&lp, "an object", other)),
            }
        }
        card.license = join_licenses(licenses);
        if !license_text.is_empty() {
            s.add(
                "license",
                "model_details.licenses",
                &format!("{base}/licenses"),
                &license_text.join("\n"),
            );
        }
        let mut authors = Vec::new();
        let mut contacts = Vec::new();
        for (i, o) in j.arr(md, "owners", base)?.iter().enumerate() {
            let op = format!("{base}/owners/{i}");
            match o {
                Value::String(name) => authors.push(name.trim().to_string()),
                Value::Object(_) => {
                    let name = j.str(o, "name", &op)?;
                    let contact = j.str(o, "contact", &op)?;
                    if let Some(n) = &name {
                        authors.push(n.clone());
                    }
                    if let Some(c) = contact {
                        contacts.push(match name {
                            Some(n) => format!("{n}: {c}"),
                            None => c,
                        });
                    }
                }
                other => return Err(j.type_err(&op, "an object", other)),
            }
        }
        if md.get("owners").is_some() {
            s.add(
                "authors",
                "model_details.owners",
                &format!("{base}/owners"),
                &authors.join("\n"),
            );
            if !contacts.is_empty() {
                s.add(
                    "contact",
                    "model_details.owners",
                    &format!("{base}/owners"),
                    &contacts.join("\n"),
                );
            }
        }
        if let Some(t) = j.list_text(md, "references", base, &["reference"])? {
            s.add(
                "more_information",
                "model_details.references",
                &format!("{base}/references"),
                &t,
            );
        }
        if let Some(t) = j.list_text(md, "citations", base, &["citation"])? {
            s.add(
                "citation",
                "model_details.citations",
                &format!("{base}/citations"),
                &t,
            );
        }
        // Schema 0.0.1: one `citation` string.
        if let Some(t) = j.str(md, "citation", base)? {
            s.add(
                "citation",
                "model_details.citation",
                &format!("{base}/citation"),
                &t,
            );
        }
    }

    if let Some(mp) = j.obj(root, "model_parameters", "")? {
        let base = "/model_parameters";
        for key in ["model_architecture", "input_format", "output_format"] {
            if let Some(t) = j.str(mp, key, base)? {
                s.add(
                    "technical_specifications",
                    &format!("model_parameters.{key}"),
                    &format!("{base}/{key}"),
                    &t,
                );
            }
        }
        if let Some(data) = mp.get("data").filter(|d| !d.is_null()) {
            let mut lines = Vec::new();
            // Schema 0.0.2: a list of datasets; 0.0.1: an object with a `train` and an `eval`
            // dataset.
            let entries: Vec<(String, &Value)> = match data {
                Value::Object(o) => ["train", "eval"]
                    .iter()
                    .filter_map(|k| o.get(*k).map(|d| (format!("{base}/data/{k}"), d)))
                    .filter(|(_, d)| !d.is_null())
                    .collect(),
                _ => j
                    .arr(mp, "data", base)?
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (format!("{base}/data/{i}"), d))
                    .collect(),
            };
            for (dp, d) in entries {
                let line = mct_dataset(&j, d, &dp, &mut card.datasets)?;
                if !line.is_empty() {
                    lines.push(line);
                }
            }
            s.add(
                "training_data",
                "model_parameters.data",
                &format!("{base}/data"),
                &lines.join("\n"),
            );
        }
    }

    if let Some(qa) = j.obj(root, "quantitative_analysis", "")? {
        let base = "/quantitative_analysis";
        let text = quantitative_analysis(&j, qa, "performance_metrics", base, &mut card.metrics)?;
        s.add("evaluation", "quantitative_analysis", base, &text);
    }

    if let Some(c) = j.obj(root, "considerations", "")? {
        let base = "/considerations";
        let fields: &[(&str, &str, &[&str])] = &[
            ("use_cases", "intended_use", &["description"]),
            ("users", "intended_use", &["description"]),
            ("limitations", "limitations", &["description"]),
            ("tradeoffs", "tradeoffs", &["description"]),
            (
                "ethical_considerations",
                "ethical_considerations",
                &["name", "mitigation_strategy"],
            ),
        ];
        for (key, id, item_fields) in fields {
            if let Some(t) = j.list_text(c, key, base, item_fields)? {
                s.add(
                    id,
                    &format!("considerations.{key}"),
                    &format!("{base}/{key}"),
                    &t,
                );
            }
        }
    }

    card.sections = s.0;
    Ok(card)
}

/// One Model Card Toolkit dataset as a line of the training data section: its name (also
/// added to `datasets`), description or link, and what it says about sensitive data (0.0.2: a
/// `sensitive.sensitive_data` list; 0.0.1: a `sensitive` boolean).
fn mct_dataset(j: &Json<'_>, d: &Value, dp: &str, datasets: &mut Vec<String>) -> Result<String> {
    if !d.is_object() {
        return Err(j.type_err(dp, "an object", d));
    }
    let name = j.str(d, "name", dp)?;
    if let Some(n) = &name {
        push_unique(datasets, n);
    }
    let mut parts: Vec<String> = name.into_iter().collect();
    for key in ["description", "link"] {
        if let Some(t) = j.str(d, key, dp)? {
            parts.push(t);
        }
    }
    match d.get("sensitive") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => parts.push("sensitive data: yes".into()),
        Some(sens @ Value::Object(_)) => {
            let list = string_list(sens.get("sensitive_data"));
            if !list.is_empty() {
                parts.push(format!("sensitive data: {}", list.join(", ")));
            }
        }
        Some(other) => {
            return Err(j.type_err(&format!("{dp}/sensitive"), "an object or a boolean", other))
        }
    }
    Ok(parts.join("; "))
}
