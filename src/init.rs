//! `modelgate init`: scaffolds a bundle (manifest, model card template, datasheet) whose card
//! asks for exactly the sections the documentation policies require at the scaffold's risk tier.

use crate::bundle::{RiskTier, MANIFEST};
use crate::error::{Error, Result};
use crate::formats::model_card;
use crate::policy::{PolicySet, DEFAULT_TIMEOUT};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// Named `.tmpl`: a folder holding a `modelgate.yaml` would be a bundle to `check --all`.
const MANIFEST_TEMPLATE: &str = include_str!("../templates/init/modelgate.yaml.tmpl");
const CARD_TEMPLATE: &str = include_str!("../templates/init/README.md.tmpl");
const DATASHEET_TEMPLATE: &str = include_str!("../templates/init/dataset.yaml.tmpl");
const OPERATIONS_TEMPLATE: &str = include_str!("../templates/init/operations.yaml.tmpl");

/// The model card a scaffold creates, relative to the bundle.
pub const CARD: &str = "README.md";
/// The datasheet a scaffold creates, relative to the bundle.
pub const DATASHEET: &str = "data/dataset.yaml";
/// The operations plan `init` writes.
pub const OPERATIONS: &str = "operations.yaml";
/// The release version a scaffold starts at (manifest and card agree on it).
pub const VERSION: &str = "0.1.0";
/// The tier a scaffold declares. Until the use case is assessed it is judged as high risk, as a
/// bundle without a manifest is: the most evidence is asked for, so nothing is missed.
pub const TIER: RiskTier = RiskTier::High;

/// What the built-in rules read from the card's front matter as well as from a section; the
/// scaffold puts these there, as Hugging Face cards do.
const FRONT_MATTER_TOPICS: &[&str] = &["license", "version"];

/// The heading the Hugging Face model card template uses for each canonical section id (one
/// the card loader maps back to that id; a unit test holds every id to it).
const HEADINGS: &[(&str, &str)] = &[
    ("model_details", "Model Details"),
    ("intended_use", "Uses"),
    ("out_of_scope_use", "Out-of-Scope Use"),
    ("limitations", "Bias, Risks, and Limitations"),
    ("recommendations", "Recommendations"),
    ("tradeoffs", "Trade-offs"),
    ("training_data", "Training Data"),
    ("training_procedure", "Training Procedure"),
    ("evaluation", "Evaluation"),
    ("bias_fairness", "Bias and Fairness"),
    ("ethical_considerations", "Ethical Considerations"),
    ("human_oversight", "Human Oversight"),
    ("environmental_impact", "Environmental Impact"),
    ("technical_specifications", "Technical Specifications"),
    ("model_examination", "Model Examination"),
    ("citation", "Citation"),
    ("contact", "Model Card Contact"),
    ("authors", "Model Card Authors"),
    ("license", "License"),
    ("getting_started", "How to Get Started with the Model"),
    ("version", "Version History"),
    ("glossary", "Glossary"),
    ("more_information", "More Information"),
];

/// The Hugging Face template's placeholder: the card loader counts a section holding it as
/// missing, so a fresh scaffold blocks until every section is written.
const PLACEHOLDER: &str = "[More Information Needed]";

/// A model card section the documentation policies require at a tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredSection {
    /// Canonical section id, e.g. `intended_use`.
    pub id: String,
    /// The heading written for it; `None` when no heading maps to the id (a custom id).
    pub heading: Option<&'static str>,
    /// The lowest tier it is required from (`section_required_from`), or `None` when it is
    /// listed for the tier in `required_sections`.
    pub required_from: Option<String>,
    /// Words of content it needs.
    pub min_words: u64,
    /// Met by a front-matter key instead of a section.
    pub front_matter: bool,
}

fn tier_rank(t: &str) -> Option<usize> {
    ["minimal", "limited", "high", "unacceptable"]
        .iter()
        .position(|x| *x == t)
}

/// The documentation parameters as the policy package itself sees them: its `default_params`
/// with any `--data` parameters merged over them.
fn documentation_params(set: &PolicySet) -> Result<Value> {
    let mut ev = set.engine(DEFAULT_TIMEOUT)?;
    ev.set_input(&serde_json::json!({}));
    match ev.eval_rule("data.modelgate.documentation.p")? {
        v @ Value::Object(_) => Ok(v),
        _ => Err(Error::Usage(
            "the policies define no documentation parameters (data.modelgate.documentation.p): \
             modelgate init needs the built-in documentation package"
                .into(),
        )),
    }
}

/// The model card sections the documentation policies require at `tier`, in the order of the
/// Hugging Face template.
pub fn required_sections(set: &PolicySet, tier: RiskTier) -> Result<Vec<RequiredSection>> {
    let p = documentation_params(set)?;
    let rank = tier_rank(tier.as_str()).unwrap_or(usize::MAX);
    let min_words = |id: &str| {
        p.pointer(&format!("/min_words_by_section/{id}"))
            .and_then(Value::as_u64)
            .or_else(|| p.get("min_words").and_then(Value::as_u64))
            .unwrap_or(1)
    };
    let heading = |id: &str| HEADINGS.iter().find(|(i, _)| *i == id).map(|(_, h)| *h);
    let mut out: Vec<RequiredSection> = Vec::new();
    let topics = p.get("section_required_from").and_then(Value::as_object);
    for (id, from) in topics.into_iter().flatten() {
        // A tier name the policy does not know (e.g. "never") turns the topic off, there as here.
        let Some(from) = from.as_str() else { continue };
        if tier_rank(from).is_some_and(|r| r <= rank) {
            out.push(RequiredSection {
                id: id.clone(),
                heading: heading(id),
                required_from: Some(from.to_string()),
                min_words: min_words(id),
                front_matter: FRONT_MATTER_TOPICS.contains(&id.as_str()),
            });
        }
    }
    let listed = p
        .pointer(&format!("/required_sections/{}", tier.as_str()))
        .and_then(Value::as_array);
    for id in listed.into_iter().flatten().filter_map(Value::as_str) {
        // Ids with a topic rule are judged by that rule alone, as doc-section-missing does.
        if topics.is_some_and(|t| t.contains_key(id)) || out.iter().any(|s| s.id == id) {
            continue;
        }
        out.push(RequiredSection {
            id: id.to_string(),
            heading: heading(id),
            required_from: None,
            min_words: min_words(id),
            front_matter: false,
        });
    }
    let order = |id: &str| {
        model_card::SECTION_IDS
            .iter()
            .position(|s| *s == id)
            .unwrap_or(usize::MAX)
    };
    out.sort_by(|a, b| order(&a.id).cmp(&order(&b.id)).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Checks a release name: it is written into YAML and Markdown unquoted, so it is held to the
/// characters of Hugging Face repository ids.
pub fn check_name(name: &str) -> Result<()> {
    let ok = name.len() <= 96
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !name.ends_with(['/', '.']);
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--name `{name}`: a release name is letters, digits, `-`, `_`, `.` and `/` (e.g. \
             `credit-risk-scorer` or `example-org/credit-risk-scorer`), at most 96 characters"
        )))
    }
}

/// A release name from the folder's name, e.g. `Credit Scorer/` → `credit-scorer`.
pub fn default_name(dir: &Path) -> String {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let base = abs
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_default();
    let mut name = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches(['-', '.', '_']).to_string();
    if check_name(&name).is_ok() {
        name
    } else {
        "my-model".to_string()
    }
}

/// A file of the scaffold.
#[derive(Debug, Clone)]
pub struct ScaffoldFile {
    /// Path relative to the bundle, `/`-separated.
    pub path: &'static str,
    /// What the file is, for the summary.
    pub what: &'static str,
    pub contents: String,
}

/// Everything `init` writes and what the user still has to fill in.
#[derive(Debug, Clone)]
pub struct Scaffold {
    pub name: String,
    pub files: Vec<ScaffoldFile>,
    pub sections: Vec<RequiredSection>,
    /// The numbered "fill in" list, one entry per task.
    pub todo: Vec<String>,
}

fn fill(template: &str, name: &str, dataset: &str) -> String {
    template
        .replace("@NAME@", name)
        .replace("@VERSION@", VERSION)
        .replace("@TIER@", TIER.as_str())
        .replace("@DATASHEET@", DATASHEET)
        .replace("@OPERATIONS@", OPERATIONS)
        .replace("@DATASET@", dataset)
}

fn card_sections(sections: &[RequiredSection]) -> String {
    let mut o = String::new();
    for s in sections.iter().filter(|s| !s.front_matter) {
        let Some(heading) = s.heading else { continue };
        let doc = model_card::SECTION_DOCS
            .iter()
            .find(|(id, _)| *id == s.id)
            .map(|(_, d)| *d)
            .unwrap_or("");
        let why = match &s.required_from {
            Some(t) => format!("required from risk tier {t}"),
            None => format!("required at risk tier {}", TIER.as_str()),
        };
        let words = match s.min_words {
            1 => "a word".to_string(),
            n => format!("{n} words"),
        };
        // The guidance sits in an HTML comment, which the card loader ignores; only the
        // placeholder counts, and it counts as missing.
        let _ = writeln!(
            o,
            "## {heading}\n\n<!-- {doc} At least {words}; {why}. -->\n{PLACEHOLDER}\n"
        );
    }
    o.trim_end().to_string()
}

/// Builds the scaffold of release `name`; the card's sections come from the policy parameters.
pub fn scaffold(set: &PolicySet, name: &str) -> Result<Scaffold> {
    check_name(name)?;
    let short = name.rsplit('/').next().unwrap_or(name);
    let dataset = format!("{short}-training-data");
    let sections = required_sections(set, TIER)?;
    let card = fill(CARD_TEMPLATE, name, &dataset).replace("@SECTIONS@", &card_sections(&sections));
    let files = vec![
        ScaffoldFile {
            path: MANIFEST,
            what: "release manifest",
            contents: fill(MANIFEST_TEMPLATE, name, &dataset),
        },
        ScaffoldFile {
            path: CARD,
            what: "model card (Hugging Face template)",
            contents: card,
        },
        ScaffoldFile {
            path: DATASHEET,
            what: "datasheet of the training data",
            contents: fill(DATASHEET_TEMPLATE, name, &dataset),
        },
        ScaffoldFile {
            path: OPERATIONS,
            what: "operations plan (monitoring, rollback, retraining, incidents)",
            contents: fill(OPERATIONS_TEMPLATE, name, &dataset),
        },
    ];
    let body: Vec<&RequiredSection> = sections.iter().filter(|s| !s.front_matter).collect();
    let headings: Vec<String> = body
        .iter()
        .filter_map(|s| s.heading.map(|h| format!("\"{h}\"")))
        .collect();
    let mut todo = vec![
        format!(
            "{MANIFEST}: confirm spec.riskTier ({} until the use case is assessed), \
             spec.environment and spec.jurisdictions; set metadata.owner and \
             spec.intendedDeployment.",
            TIER.as_str()
        ),
        format!(
            "{MANIFEST}: list the SBOM, robustness report, model artifacts, signature and \
             provenance under spec as each exists (commented examples show where)."
        ),
        format!(
            "{CARD}: write each required section, replacing its `{PLACEHOLDER}` (a section \
             still holding it counts as missing): {}.",
            headings.join(", ")
        ),
        format!(
            "{CARD}: set `license:` (an SPDX id) in the front matter and add model-index results: \
             a metric with the dataset it was measured on."
        ),
        format!(
            "{DATASHEET}: describe `{dataset}` and state its personal-data facts (lawfulBasis, \
             retentionDays, subjectRegions, dpia, ...), or set personalData.contains: false."
        ),
        format!(
            "{OPERATIONS}: name the monitored metrics, their thresholds and alerts, the on-call              owner, the rollback target, retraining and incident handling; list the alert rules              and rollout manifests it names under spec.operations."
        ),
    ];
    let unmapped: Vec<&str> = body
        .iter()
        .filter(|s| s.heading.is_none())
        .map(|s| s.id.as_str())
        .collect();
    if !unmapped.is_empty() {
        todo.push(format!(
            "{CARD}: the parameters also require {}, which no model card heading maps to; add \
             them in a format that names the section id (a Model Card Toolkit or CycloneDX card).",
            unmapped.join(", ")
        ));
    }
    Ok(Scaffold {
        name: name.to_string(),
        files,
        sections,
        todo,
    })
}

/// A file `init` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    /// It existed and `--force` replaced it.
    pub replaced: bool,
}

/// Writes the scaffold into `dir` (created if absent). Without `force`, nothing is written when
/// any of its files exists, and the error names them all.
pub fn write(scaffold: &Scaffold, dir: &Path, force: bool) -> Result<Vec<Written>> {
    let targets: Vec<PathBuf> = scaffold.files.iter().map(|f| dir.join(f.path)).collect();
    let existing: Vec<&PathBuf> = targets
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if let Some(d) = existing.iter().find(|p| p.is_dir()) {
        return Err(Error::Usage(format!(
            "{} is a folder; modelgate init writes a file there",
            d.display()
        )));
    }
    if !existing.is_empty() && !force {
        let names: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Usage(format!(
            "{} already exist{}; nothing was written (pass --force to overwrite)",
            names.join(", "),
            if names.len() == 1 { "s" } else { "" }
        )));
    }
    let mut out = Vec::new();
    for (f, path) in scaffold.files.iter().zip(&targets) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let replaced = path.symlink_metadata().is_ok();
        // A link is replaced rather than written through: --force must not reach outside `dir`.
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        }
        std::fs::write(path, &f.contents).map_err(|e| Error::io(path, e))?;
        out.push(Written {
            path: path.clone(),
            replaced,
        });
    }
    Ok(out)
}

/// What was created and the numbered "fill in" list.
pub fn summary(scaffold: &Scaffold, dir: &Path, written: &[Written]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Scaffolded release `{}` {VERSION} (risk tier {}) in {}:",
        scaffold.name,
        TIER.as_str(),
        dir.display()
    );
    let width = written
        .iter()
        .map(|w| w.path.display().to_string().len())
        .max()
        .unwrap_or(0);
    for (w, f) in written.iter().zip(&scaffold.files) {
        let verb = if w.replaced { "replaced" } else { "created " };
        let _ = writeln!(
            o,
            "  {verb} {:width$}  {}",
            w.path.display().to_string(),
            f.what
        );
    }
    let _ = writeln!(o, "\nFill in:");
    for (i, t) in scaffold.todo.iter().enumerate() {
        let _ = writeln!(o, "  {}. {t}", i + 1);
    }
    let _ = writeln!(
        o,
        "\nThen run `modelgate check {}`: it blocks, naming what is still missing, until all of \
         the above is done.",
        shell_word(&dir.display().to_string())
    );
    o
}

/// Quotes a path for a command the user may paste.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `modelgate init`: scaffolds `dir` for release `name` (default: from the folder name) and
/// returns the summary to print.
pub fn init(set: &PolicySet, dir: &Path, name: Option<&str>, force: bool) -> Result<String> {
    let name = match name {
        Some(n) => n.to_string(),
        None => default_name(dir),
    };
    let s = scaffold(set, &name)?;
    let written = write(&s, dir, force)?;
    Ok(summary(&s, dir, &written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::markdown;

    #[test]
    fn every_heading_maps_back_to_its_section_id() {
        for id in model_card::SECTION_IDS {
            let (_, h) = HEADINGS
                .iter()
                .find(|(i, _)| i == id)
                .unwrap_or_else(|| panic!("no heading for {id}"));
            assert_eq!(
                model_card::classify_heading(&markdown::normalize_heading(h)),
                Some(*id),
                "{h}"
            );
        }
    }

    #[test]
    fn names() {
        assert!(check_name("credit-risk-scorer").is_ok());
        assert!(check_name("example-org/credit-risk-scorer").is_ok());
        for bad in ["", "-x", "a b", "x: y", "x/", "a\nb", "#x"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            default_name(Path::new("/tmp/Credit Scorer")),
            "credit-scorer"
        );
        assert_eq!(default_name(Path::new("/")), "my-model");
    }

    #[test]
    fn sections_follow_the_parameters() {
        let mut set = PolicySet::builtin(false).unwrap();
        let ids = |set: &PolicySet| -> Vec<String> {
            required_sections(set, RiskTier::High)
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect()
        };
        let default = ids(&set);
        for id in [
            "intended_use",
            "human_oversight",
            "training_procedure",
            "license",
        ] {
            assert!(default.contains(&id.to_string()), "{id} in {default:?}");
        }
        set.data.push(
            serde_json::json!({"modelgate": {"params": {"documentation": {
                "section_required_from": {"human_oversight": "never"},
                "required_sections": {"high": ["environmental_impact"]}
            }}}}),
        );
        let changed = ids(&set);
        assert!(!changed.contains(&"human_oversight".to_string()));
        assert!(!changed.contains(&"training_procedure".to_string()));
        assert!(changed.contains(&"environmental_impact".to_string()));
    }
}
