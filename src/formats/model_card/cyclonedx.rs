//! The CycloneDX (1.5+) `modelCard` of a BOM's first `machine-learning-model` component.

use super::json::{quantitative_analysis, Json, Sections};
use super::{join_licenses, push_unique, FORMAT_CYCLONEDX};
use crate::error::{Location, Result};
use crate::formats::{string_list, Doc};
use crate::input::ModelCard;
use serde_json::Value;

/// Collects a component and its nested components, depth first, with their pointers.
fn collect_components<'v>(
    j: &Json,
    c: &'v Value,
    pointer: String,
    out: &mut Vec<(String, &'v Value)>,
) -> Result<()> {
    if !c.is_object() {
        return Err(j.type_err(&pointer, "an object", c));
    }
    let nested = j.arr(c, "components", &pointer)?;
    out.push((pointer.clone(), c));
    for (i, n) in nested.iter().enumerate() {
        collect_components(j, n, format!("{pointer}/components/{i}"), out)?;
    }
    Ok(())
}

fn is_ml_model(c: &Value) -> bool {
    c.get("type").and_then(Value::as_str) == Some("machine-learning-model")
}

/// Reads the model card of the first `machine-learning-model` component of a CycloneDX BOM
/// (one with a `modelCard` preferred), searching `metadata.component` and all nested
/// `components`.
pub(super) fn load_cyclonedx(doc: &Doc, text: &str, root: &Value) -> Result<ModelCard> {
    let j = Json { doc, text };
    let mut all: Vec<(String, &Value)> = Vec::new();
    if let Some(meta) = j.obj(root, "metadata", "")? {
        if let Some(c) = j.obj(meta, "component", "/metadata")? {
            collect_components(&j, c, "/metadata/component".to_string(), &mut all)?;
        }
    }
    for (i, c) in j.arr(root, "components", "")?.iter().enumerate() {
        collect_components(&j, c, format!("/components/{i}"), &mut all)?;
    }
    let found = all
        .iter()
        .find(|(_, c)| is_ml_model(c) && c.get("modelCard").is_some())
        .or_else(|| all.iter().find(|(_, c)| is_ml_model(c)));
    let Some((ptr, comp)) = found else {
        let spec = root
            .get("specVersion")
            .and_then(Value::as_str)
            .unwrap_or("unknown");
        return Err(doc.err(
            Location::default(),
            format!(
                "CycloneDX BOM (specVersion {spec}) has no component of type \
                 `machine-learning-model`, so it holds no model card"
            ),
        ));
    };
    let (ptr, comp) = (ptr.as_str(), *comp);

    let mut card = ModelCard {
        source: doc.source(FORMAT_CYCLONEDX),
        ..ModelCard::default()
    };
    let mut s = Sections::default();
    card.name = j.str(comp, "name", ptr)?;
    card.version = j.str(comp, "version", ptr)?;
    card.tags = string_list(comp.get("tags"));

    let mut licenses = Vec::new();
    for (i, l) in j.arr(comp, "licenses", ptr)?.iter().enumerate() {
        let lp = format!("{ptr}/licenses/{i}");
        if !l.is_object() {
            return Err(j.type_err(&lp, "an object", l));
        }
        if let Some(e) = j.str(l, "expression", &lp)? {
            licenses.push(e);
        } else if let Some(lic) = j.obj(l, "license", &lp)? {
            let lp = format!("{lp}/license");
            if let Some(id) = j.str(lic, "id", &lp)?.or(j.str(lic, "name", &lp)?) {
                licenses.push(id);
            }
        }
    }
    card.license = join_licenses(licenses);

    if let Some(pedigree) = j.obj(comp, "pedigree", ptr)? {
        let pp = format!("{ptr}/pedigree");
        for (i, a) in j.arr(pedigree, "ancestors", &pp)?.iter().enumerate() {
            let ap = format!("{pp}/ancestors/{i}");
            if !a.is_object() {
                return Err(j.type_err(&ap, "an object", a));
            }
            if let Some(n) = j.str(a, "name", &ap)? {
                push_unique(&mut card.base_model, &n);
            }
        }
    }

    if let Some(d) = j.str(comp, "description", ptr)? {
        s.add(
            "model_details",
            "description",
            &format!("{ptr}/description"),
            &d,
        );
    }

    let mcp = format!("{ptr}/modelCard");
    if let Some(mc) = j.obj(comp, "modelCard", ptr)? {
        if let Some(params) = j.obj(mc, "modelParameters", &mcp)? {
            model_parameters(
                &j,
                &mut card,
                &mut s,
                params,
                &format!("{mcp}/modelParameters"),
                &all,
            )?;
        }
        if let Some(qa) = j.obj(mc, "quantitativeAnalysis", &mcp)? {
            let base = format!("{mcp}/quantitativeAnalysis");
            let text =
                quantitative_analysis(&j, qa, "performanceMetrics", &base, &mut card.metrics)?;
            s.add("evaluation", "quantitativeAnalysis", &base, &text);
        }
        if let Some(c) = j.obj(mc, "considerations", &mcp)? {
            considerations(&j, &mut s, c, &format!("{mcp}/considerations"))?;
        }
    }
    card.sections = s.0;
    Ok(card)
}

/// `modelCard.modelParameters`: model details, technical specifications and datasets.
fn model_parameters(
    j: &Json,
    card: &mut ModelCard,
    s: &mut Sections,
    params: &Value,
    base: &str,
    all: &[(String, &Value)],
) -> Result<()> {
    let approach = match j.obj(params, "approach", base)? {
        Some(a) => j.str(a, "type", &format!("{base}/approach"))?,
        None => None,
    };
    let task = j.str(params, "task", base)?;
    let family = j.str(params, "architectureFamily", base)?;
    let arch = j.str(params, "modelArchitecture", base)?;
    let mut details = Vec::new();
    for (label, v) in [
        ("Task", &task),
        ("Approach", &approach),
        ("Architecture family", &family),
        ("Architecture", &arch),
    ] {
        if let Some(v) = v {
            details.push(format!("{label}: {v}"));
        }
    }
    if !details.is_empty() {
        s.add(
            "model_details",
            "modelParameters",
            base,
            &details.join("\n"),
        );
    }
    card.pipeline_tag = task;

    let mut tech = Vec::new();
    for (label, v) in [("Architecture family", &family), ("Architecture", &arch)] {
        if let Some(v) = v {
            tech.push(format!("{label}: {v}"));
        }
    }
    for key in ["inputs", "outputs"] {
        let mut formats = Vec::new();
        for (i, io) in j.arr(params, key, base)?.iter().enumerate() {
            let p = format!("{base}/{key}/{i}");
            if !io.is_object() {
                return Err(j.type_err(&p, "an object", io));
            }
            if let Some(f) = j.str(io, "format", &p)? {
                formats.push(f);
            }
        }
        if !formats.is_empty() {
            tech.push(format!("{key}: {}", formats.join(", ")));
        }
    }
    if !tech.is_empty() {
        s.add(
            "technical_specifications",
            "modelParameters",
            base,
            &tech.join("\n"),
        );
    }

    if params.get("datasets").is_some() {
        let mut lines = Vec::new();
        for (i, d) in j.arr(params, "datasets", base)?.iter().enumerate() {
            let dp = format!("{base}/datasets/{i}");
            if !d.is_object() {
                return Err(j.type_err(&dp, "an object", d));
            }
            let (name, description) = match j.str(d, "ref", &dp)? {
                Some(r) => resolve_data_ref(j, all, &r)?,
                None => {
                    let n = j.str(d, "name", &dp)?.or(j.str(d, "bom-ref", &dp)?);
                    (n, j.str(d, "description", &dp)?)
                }
            };
            if let Some(n) = &name {
                push_unique(&mut card.datasets, n);
            }
            let line: Vec<String> = name.into_iter().chain(description).collect();
            lines.push(line.join(": "));
        }
        s.add(
            "training_data",
            "modelParameters.datasets",
            &format!("{base}/datasets"),
            &lines.join("\n"),
        );
    }
    Ok(())
}

/// A dataset reference resolved to the name and description of the `data` component (or of a
/// `data` entry of a component) with that `bom-ref`; unresolved, the reference itself.
fn resolve_data_ref(
    j: &Json,
    all: &[(String, &Value)],
    r: &str,
) -> Result<(Option<String>, Option<String>)> {
    for (p, c) in all {
        if c.get("bom-ref").and_then(Value::as_str) == Some(r) {
            let mut desc: Vec<String> = j.str(c, "description", p)?.into_iter().collect();
            for (i, d) in j.arr(c, "data", p)?.iter().enumerate() {
                if d.is_object() {
                    desc.extend(j.str(d, "description", &format!("{p}/data/{i}"))?);
                }
            }
            let name = j.str(c, "name", p)?.or_else(|| Some(r.to_string()));
            return Ok((name, (!desc.is_empty()).then(|| desc.join(" "))));
        }
        for (i, d) in j.arr(c, "data", p)?.iter().enumerate() {
            if d.is_object() && d.get("bom-ref").and_then(Value::as_str) == Some(r) {
                let dp = format!("{p}/data/{i}");
                let name = j.str(d, "name", &dp)?.or_else(|| Some(r.to_string()));
                return Ok((name, j.str(d, "description", &dp)?));
            }
        }
    }
    Ok((Some(r.to_string()), None))
}

/// `modelCard.considerations` into sections.
fn considerations(j: &Json, s: &mut Sections, c: &Value, base: &str) -> Result<()> {
    let lists: &[(&str, &str, &[&str])] = &[
        ("useCases", "intended_use", &[]),
        ("users", "intended_use", &[]),
        ("technicalLimitations", "limitations", &[]),
        ("performanceTradeoffs", "tradeoffs", &[]),
        (
            "ethicalConsiderations",
            "ethical_considerations",
            &["name", "mitigationStrategy"],
        ),
        (
            "fairnessAssessments",
            "bias_fairness",
            &["groupAtRisk", "benefits", "harms", "mitigationStrategy"],
        ),
    ];
    for (key, id, fields) in lists {
        if let Some(t) = j.list_text(c, key, base, fields)? {
            s.add(
                id,
                &format!("considerations.{key}"),
                &format!("{base}/{key}"),
                &t,
            );
        }
    }
    if let Some(env) = j.obj(c, "environmentalConsiderations", base)? {
        let eb = format!("{base}/environmentalConsiderations");
        let mut lines = Vec::new();
        for (i, e) in j.arr(env, "energyConsumptions", &eb)?.iter().enumerate() {
            let ep = format!("{eb}/energyConsumptions/{i}");
            if !e.is_object() {
                return Err(j.type_err(&ep, "an object", e));
            }
            let mut parts: Vec<String> = j.str(e, "activity", &ep)?.into_iter().collect();
            for (key, what) in [
                ("activityEnergyCost", "energy"),
                ("co2CostEquivalent", "CO2"),
                ("co2CostOffset", "CO2 offset"),
            ] {
                if let Some(m) = j.obj(e, key, &ep)? {
                    let mp = format!("{ep}/{key}");
                    let value = j.str(m, "value", &mp)?.unwrap_or_default();
                    let unit = j.str(m, "unit", &mp)?.unwrap_or_default();
                    parts.push(format!("{what} {value} {unit}").trim().to_string());
                }
            }
            lines.push(parts.join(", "));
        }
        if let Some(t) = j.list_text(env, "properties", &eb, &["name", "value"])? {
            lines.push(t);
        }
        s.add(
            "environmental_impact",
            "considerations.environmentalConsiderations",
            &eb,
            &lines.join("\n"),
        );
    }
    Ok(())
}
