//! Model cards as they exist in the wild, normalized into [`ModelCard`]:
//!
//! - Hugging Face model cards (`README.md`): YAML front matter (the hub's card metadata, with
//!   `model-index` evaluation results) and Markdown sections, headings and bold labels mapped
//!   to canonical ids by [`heading_topics`];
//! - Google Model Card Toolkit JSON (schema v0.0.2: `model_details`, `model_parameters`,
//!   `quantitative_analysis`, `considerations`);
//! - the CycloneDX (1.5+) `modelCard` of the BOM's first `machine-learning-model` component.
//!
//! Sections are keyed by the ids of [`SECTION_IDS`]. Markdown sections carry the heading's line,
//! JSON sections the JSON pointer of the field they were read from.

use super::markdown;
use super::{as_f64, parse_yaml, string_list, Doc};
use crate::error::{Error, Location, Result};
use crate::input::{Metric, ModelCard, Section};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

/// `source.format` of Hugging Face model cards.
pub const FORMAT_HUGGINGFACE: &str = "huggingface-model-card";
/// `source.format` of Google Model Card Toolkit JSON cards.
pub const FORMAT_MCT: &str = "model-card-toolkit";
/// `source.format` of CycloneDX ML-BOM model cards.
pub const FORMAT_CYCLONEDX: &str = "cyclonedx-modelcard";

/// Canonical section ids, the keys of [`ModelCard::sections`]. [`SECTION_DOCS`] says what
/// each one holds.
pub const SECTION_IDS: &[&str] = &[
    "model_details",
    "intended_use",
    "out_of_scope_use",
    "limitations",
    "recommendations",
    "tradeoffs",
    "training_data",
    "training_procedure",
    "evaluation",
    "bias_fairness",
    "ethical_considerations",
    "human_oversight",
    "environmental_impact",
    "technical_specifications",
    "model_examination",
    "citation",
    "contact",
    "authors",
    "license",
    "getting_started",
    "version",
    "glossary",
    "more_information",
];

/// One line per canonical section id, for policy authors.
pub const SECTION_DOCS: &[(&str, &str)] = &[
    (
        "model_details",
        "What the model is: description, type, developers, sources, architecture summary.",
    ),
    (
        "intended_use",
        "Intended uses and users: direct and downstream use, use cases.",
    ),
    (
        "out_of_scope_use",
        "Uses the model is not for: out-of-scope use, misuse, prohibited uses.",
    ),
    (
        "limitations",
        "Known limitations and risks (HF \"Bias, Risks, and Limitations\", technical limitations).",
    ),
    (
        "recommendations",
        "Recommendations to users given the risks and limitations.",
    ),
    ("tradeoffs", "Known accuracy/performance trade-offs."),
    (
        "training_data",
        "Data the model was trained on (and, in JSON cards, evaluated on).",
    ),
    (
        "training_procedure",
        "How it was trained: preprocessing, hyperparameters, speeds and sizes.",
    ),
    (
        "evaluation",
        "Evaluation: testing data, factors, metrics and results.",
    ),
    (
        "bias_fairness",
        "Bias and fairness analysis: groups at risk, disaggregated results.",
    ),
    (
        "ethical_considerations",
        "Ethical considerations and risk mitigations.",
    ),
    (
        "human_oversight",
        "Human oversight: human-in-the-loop review, overrides, intervention.",
    ),
    (
        "environmental_impact",
        "Environmental impact: hardware, hours, energy, carbon emitted.",
    ),
    (
        "technical_specifications",
        "Architecture and objective, compute infrastructure, inputs and outputs.",
    ),
    (
        "model_examination",
        "Interpretability and explainability work.",
    ),
    ("citation", "How to cite the model (BibTeX, APA)."),
    ("contact", "Who to contact about the model or its card."),
    (
        "authors",
        "Authors of the model card (owners in JSON cards).",
    ),
    ("license", "License text or terms stated in the card body."),
    (
        "getting_started",
        "How to get started: usage instructions and code.",
    ),
    (
        "version",
        "Version notes: changelog, version history, differences from the previous version.",
    ),
    ("glossary", "Terms and calculations used in the card."),
    (
        "more_information",
        "More information: references and links.",
    ),
];

/// What a template placeholder is replaced by when template boilerplate is neutralized.
const PLACEHOLDER: &str = "[More Information Needed]";

/// Heading texts (as written in cards) and their section ids: the phrases [`heading_topics`]
/// reads a heading with, compared as words after [`heading_parts`].
const HEADINGS: &[(&str, &str)] = &[
    // model_details
    ("model details", "model_details"),
    ("model description", "model_details"),
    ("model overview", "model_details"),
    ("overview", "model_details"),
    ("model summary", "model_details"),
    ("model information", "model_details"),
    ("model info", "model_details"),
    ("model sources", "model_details"),
    ("description", "model_details"),
    ("about the model", "model_details"),
    ("about this model", "model_details"),
    // intended_use
    ("uses", "intended_use"),
    ("use", "intended_use"),
    ("intended use", "intended_use"),
    ("intended uses", "intended_use"),
    ("intended use cases", "intended_use"),
    ("intended purpose", "intended_use"),
    ("direct use", "intended_use"),
    ("downstream use", "intended_use"),
    ("direct and downstream use", "intended_use"),
    ("intended uses & limitations", "intended_use"),
    ("intended use and limitations", "intended_use"),
    ("use cases", "intended_use"),
    ("primary intended uses", "intended_use"),
    ("primary intended users", "intended_use"),
    ("intended users", "intended_use"),
    ("evaluated use", "intended_use"),
    ("secondary uses", "intended_use"),
    ("scope", "intended_use"),
    // out_of_scope_use
    ("out-of-scope use", "out_of_scope_use"),
    ("out-of-scope uses", "out_of_scope_use"),
    ("out-of-scope use cases", "out_of_scope_use"),
    ("misuse", "out_of_scope_use"),
    ("misuse and out-of-scope use", "out_of_scope_use"),
    (
        "misuse, malicious use, and out-of-scope use",
        "out_of_scope_use",
    ),
    ("prohibited use", "out_of_scope_use"),
    ("prohibited uses", "out_of_scope_use"),
    ("unintended use", "out_of_scope_use"),
    ("unintended uses", "out_of_scope_use"),
    ("out of scope", "out_of_scope_use"),
    ("malicious use", "out_of_scope_use"),
    // limitations
    ("bias, risks, and limitations", "limitations"),
    ("risks and limitations", "limitations"),
    ("limitations and risks", "limitations"),
    ("limitations", "limitations"),
    ("limitation", "limitations"),
    ("known limitations", "limitations"),
    ("technical limitations", "limitations"),
    ("risks", "limitations"),
    ("limitations and bias", "limitations"),
    ("limitations and biases", "limitations"),
    ("bias and limitations", "limitations"),
    ("caveats", "limitations"),
    ("caveats and recommendations", "limitations"),
    ("known issues", "limitations"),
    ("shortcomings", "limitations"),
    ("weaknesses", "limitations"),
    ("failure modes", "limitations"),
    // recommendations
    ("recommendations", "recommendations"),
    ("recommendation", "recommendations"),
    // tradeoffs
    ("tradeoffs", "tradeoffs"),
    ("trade-offs", "tradeoffs"),
    ("performance tradeoffs", "tradeoffs"),
    ("performance trade-offs", "tradeoffs"),
    // training_data
    ("training data", "training_data"),
    ("training details", "training_data"),
    ("training and evaluation data", "training_data"),
    ("training dataset", "training_data"),
    ("training datasets", "training_data"),
    ("data", "training_data"),
    ("dataset", "training_data"),
    ("datasets", "training_data"),
    ("training set", "training_data"),
    ("training corpus", "training_data"),
    ("pre-training data", "training_data"),
    ("pretraining dataset", "training_data"),
    ("original dataset", "training_data"),
    ("pretraining corpus", "training_data"),
    ("fine-tuning data", "training_data"),
    ("fine-tuning dataset", "training_data"),
    // training_procedure
    ("training procedure", "training_procedure"),
    ("training", "training_procedure"),
    ("training hyperparameters", "training_procedure"),
    ("hyperparameters", "training_procedure"),
    ("training regime", "training_procedure"),
    ("preprocessing", "training_procedure"),
    ("speeds, sizes, times", "training_procedure"),
    ("training results", "training_procedure"),
    ("training setup", "training_procedure"),
    ("training configuration", "training_procedure"),
    ("training parameters", "training_procedure"),
    ("training routine", "training_procedure"),
    ("pre-training", "training_procedure"),
    ("fine-tuning", "training_procedure"),
    ("fine-tuning procedure", "training_procedure"),
    // evaluation
    ("evaluation", "evaluation"),
    ("evaluations", "evaluation"),
    ("evaluation results", "evaluation"),
    ("accuracy", "evaluation"),
    ("eval results", "evaluation"),
    ("results", "evaluation"),
    ("testing data", "evaluation"),
    ("testing data, factors & metrics", "evaluation"),
    ("testing data, factors and metrics", "evaluation"),
    ("factors", "evaluation"),
    ("metrics", "evaluation"),
    ("evaluation data", "evaluation"),
    ("evaluation metrics", "evaluation"),
    ("evaluation procedure", "evaluation"),
    ("performance", "evaluation"),
    ("model performance", "evaluation"),
    ("quantitative analysis", "evaluation"),
    ("quantitative analyses", "evaluation"),
    ("benchmarks", "evaluation"),
    ("benchmark results", "evaluation"),
    ("testing", "evaluation"),
    ("validation metrics", "evaluation"),
    ("test set", "evaluation"),
    ("test results", "evaluation"),
    ("validation results", "evaluation"),
    // bias_fairness
    ("bias", "bias_fairness"),
    ("biases", "bias_fairness"),
    ("fairness", "bias_fairness"),
    ("bias and fairness", "bias_fairness"),
    ("fairness and bias", "bias_fairness"),
    ("fairness evaluation", "bias_fairness"),
    ("fairness assessment", "bias_fairness"),
    ("fairness assessments", "bias_fairness"),
    ("fairness analysis", "bias_fairness"),
    ("bias evaluation", "bias_fairness"),
    ("bias analysis", "bias_fairness"),
    // ethical_considerations
    ("ethical considerations", "ethical_considerations"),
    ("ethics", "ethical_considerations"),
    ("ethical considerations and risks", "ethical_considerations"),
    ("ethics and safety", "ethical_considerations"),
    ("ethical risks", "ethical_considerations"),
    ("broader impact", "ethical_considerations"),
    ("broader implications", "ethical_considerations"),
    // human_oversight
    ("human oversight", "human_oversight"),
    ("human-in-the-loop", "human_oversight"),
    ("human in the loop", "human_oversight"),
    ("human review", "human_oversight"),
    ("oversight", "human_oversight"),
    ("human oversight measures", "human_oversight"),
    // environmental_impact
    ("environmental impact", "environmental_impact"),
    ("environmental considerations", "environmental_impact"),
    ("carbon emissions", "environmental_impact"),
    ("co2 emissions", "environmental_impact"),
    ("carbon footprint", "environmental_impact"),
    ("energy consumption", "environmental_impact"),
    // technical_specifications
    ("technical specifications", "technical_specifications"),
    ("technical specification", "technical_specifications"),
    ("technical details", "technical_specifications"),
    (
        "model architecture and objective",
        "technical_specifications",
    ),
    ("model architecture", "technical_specifications"),
    ("architecture", "technical_specifications"),
    ("compute infrastructure", "technical_specifications"),
    ("hardware", "technical_specifications"),
    ("software", "technical_specifications"),
    ("framework versions", "technical_specifications"),
    // model_examination
    ("model examination", "model_examination"),
    ("interpretability", "model_examination"),
    ("explainability", "model_examination"),
    // citation
    ("citation", "citation"),
    ("citations", "citation"),
    ("citation information", "citation"),
    ("bibtex", "citation"),
    ("how to cite", "citation"),
    ("cite", "citation"),
    ("citing", "citation"),
    // contact
    ("model card contact", "contact"),
    ("contact", "contact"),
    ("contacts", "contact"),
    ("contact information", "contact"),
    ("contact info", "contact"),
    ("contact us", "contact"),
    ("feedback", "contact"),
    (
        "where to send questions or comments about the model",
        "contact",
    ),
    // authors
    ("model card authors", "authors"),
    ("model card author", "authors"),
    ("authors", "authors"),
    ("author", "authors"),
    // license
    ("license", "license"),
    ("licence", "license"),
    ("licenses", "license"),
    ("licensing", "license"),
    ("license information", "license"),
    // getting_started
    ("how to get started with the model", "getting_started"),
    ("how to get started", "getting_started"),
    ("getting started", "getting_started"),
    ("how to use", "getting_started"),
    ("usage", "getting_started"),
    ("example usage", "getting_started"),
    ("usage example", "getting_started"),
    ("quick start", "getting_started"),
    ("quickstart", "getting_started"),
    // version
    ("version", "version"),
    ("versions", "version"),
    ("model version", "version"),
    ("version history", "version"),
    ("changelog", "version"),
    ("change log", "version"),
    ("release notes", "version"),
    // glossary
    ("glossary", "glossary"),
    // more_information
    ("more information", "more_information"),
    ("additional information", "more_information"),
    ("further information", "more_information"),
    ("more info", "more_information"),
];

/// Words that do not change what a heading is about ("Limitations of the model").
const HEADING_STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "with", "to", "for", "on", "in", "or", "our", "your", "its", "this",
    "by",
];

/// Words that qualify a topic without changing it: a heading of one topic and these words is
/// that topic ("Model Limitations", "Known Issues"); alone they name nothing ("Model").
const HEADING_FILLERS: &[&str] = &[
    "model",
    "card",
    "known",
    "primary",
    "main",
    "general",
    "key",
    "potential",
    "possible",
    "important",
    "overall",
    "detailed",
    "brief",
    "short",
    "used",
];

/// Spellings of one word: each pair's first word is read as its second.
const HEADING_SYNONYMS: &[(&str, &str)] = &[
    ("licence", "license"),
    ("licensing", "license"),
    ("eval", "evaluation"),
];

/// Words written split or hyphenated that are one word ("pre-training" is "pretraining").
const HEADING_COMPOUNDS: &[(&str, &str, &str)] = &[
    ("pre", "training", "pretraining"),
    ("pre", "trained", "pretrained"),
    ("fine", "tuning", "finetuning"),
    ("fine", "tuned", "finetuned"),
    ("trade", "off", "tradeoff"),
];

/// Section ids a bold label may open: the topics people state as "**Label:** text". Labels of
/// other ids ("**Model type:**", "**Overview**") stay text of the section they are in.
const LABEL_IDS: &[&str] = &[
    "intended_use",
    "out_of_scope_use",
    "limitations",
    "recommendations",
    "training_data",
    "training_procedure",
    "evaluation",
    "bias_fairness",
    "ethical_considerations",
    "human_oversight",
    "environmental_impact",
    "contact",
    "license",
];

/// Of [`LABEL_IDS`], those a one-word label may open ("**License:**", "**Limitations**"); other
/// single words are too generic to end the section they are in ("**Data:**", "**Results**").
const LABEL_SINGLE_WORD_IDS: &[&str] = &[
    "license",
    "contact",
    "limitations",
    "out_of_scope_use",
    "bias_fairness",
];

/// Paragraph openings that act as a label without bold: the Mitchell et al. template's
/// question, as the Llama 3 card writes it.
pub const LEAD_PHRASES: &[&str] = &["where to send questions or comments about the model"];

/// Word beginnings that show a text is about bias or fairness, for the bias topic of a
/// combined heading ("Bias, Risks, and Limitations" filled with limitations only is no bias
/// examination).
const BIAS_STEMS: &[&str] = &[
    "bias",
    "fair",
    "unfair",
    "stereotyp",
    "discriminat",
    "prejudic",
    "demographic",
    "gender",
    "racial",
    "ethnic",
    "disparit",
    "underrepresent",
    "underserved",
];

/// Whole words that show the same: groups whose treatment a bias examination compares.
const BIAS_WORDS: &[&str] = &[
    "race",
    "races",
    "men",
    "women",
    "male",
    "female",
    "males",
    "females",
    "minority",
    "minorities",
];

/// True when a section's text discusses bias or fairness: one of its words begins with one of
/// [`BIAS_STEMS`] or is one of [`BIAS_WORDS`].
fn discusses_bias(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .any(|w| BIAS_WORDS.contains(&w.as_str()) || BIAS_STEMS.iter().any(|s| w.starts_with(s)))
}

/// A heading cut into coordinated parts (at "and", "&", ",", "/", ";", "+", "|"), each part
/// the words that identify it: lower case, stop words dropped, compounds joined, plurals made
/// singular, synonyms replaced. Leading numbering ("2.1"), a trailing "optional"/"required"
/// and, in a heading that also has Latin words, words of other scripts ("模型信息 Model
/// Information") are dropped.
fn heading_parts(heading: &str) -> Vec<Vec<String>> {
    enum Item {
        Word(String),
        Sep,
    }
    let mut items: Vec<Item> = Vec::new();
    let mut word = String::new();
    let mut word_ascii = false;
    let flush = |word: &mut String, items: &mut Vec<Item>| {
        if !word.is_empty() {
            let w = std::mem::take(word);
            items.push(if w == "and" { Item::Sep } else { Item::Word(w) });
        }
    };
    for c in heading.chars() {
        if c.is_alphanumeric() {
            // A change of script splits words: "模型信息Model" is two.
            if !word.is_empty() && c.is_ascii() != word_ascii {
                flush(&mut word, &mut items);
            }
            word_ascii = c.is_ascii();
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut items);
            if matches!(c, ',' | ';' | '&' | '/' | '+' | '|') {
                items.push(Item::Sep);
            }
        }
    }
    flush(&mut word, &mut items);
    let latin = items
        .iter()
        .any(|i| matches!(i, Item::Word(w) if w.chars().any(|c| c.is_ascii_alphabetic())));
    let mut words: Vec<Option<String>> = items
        .into_iter()
        .filter_map(|i| match i {
            Item::Sep => Some(None),
            Item::Word(w) if latin && !w.is_ascii() => None,
            Item::Word(w) => Some(Some(w)),
        })
        .collect();
    while matches!(words.first(), Some(None))
        || matches!(words.first(), Some(Some(w)) if w.chars().all(|c| c.is_ascii_digit()))
    {
        words.remove(0);
    }
    while matches!(words.last(), Some(None))
        || matches!(words.last(), Some(Some(w)) if matches!(w.as_str(), "optional" | "required"))
    {
        words.pop();
    }
    let mut parts: Vec<Vec<String>> = Vec::new();
    let mut part: Vec<String> = Vec::new();
    for w in words {
        match w {
            None => parts.push(std::mem::take(&mut part)),
            Some(w) if HEADING_STOPWORDS.contains(&w.as_str()) => {}
            Some(w) => {
                if let Some(prev) = part.last_mut() {
                    if let Some((_, _, joined)) = HEADING_COMPOUNDS
                        .iter()
                        .find(|(a, b, _)| prev == a && w == *b)
                    {
                        *prev = (*joined).to_string();
                        continue;
                    }
                }
                part.push(w);
            }
        }
    }
    parts.push(part);
    parts.retain(|p| !p.is_empty());
    for p in &mut parts {
        for w in p.iter_mut() {
            let s = singular(w);
            *w = HEADING_SYNONYMS
                .iter()
                .find(|(from, _)| *from == s)
                .map_or(s, |(_, to)| (*to).to_string());
        }
    }
    parts
}

/// The singular of an English plural, as far as headings need it; applied alike to headings
/// and to [`HEADINGS`], so only distinct words must stay distinct.
fn singular(w: &str) -> String {
    match w {
        "biases" => return "bias".to_string(),
        "analyses" => return "analysis".to_string(),
        _ => {}
    }
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    let keeps = ["ss", "us", "is", "as"].iter().any(|e| w.ends_with(e));
    if w.len() > 3 && w.ends_with('s') && !keeps {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// [`HEADINGS`] as word sequences (after [`heading_parts`], parts joined), and the most words
/// of one.
fn heading_phrases() -> &'static (HashMap<String, &'static str>, usize) {
    static PHRASES: OnceLock<(HashMap<String, &'static str>, usize)> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut map = HashMap::new();
        let mut longest = 1;
        for (h, id) in HEADINGS {
            let words: Vec<String> = heading_parts(h).concat();
            longest = longest.max(words.len());
            map.entry(words.join(" ")).or_insert(*id);
        }
        (map, longest)
    })
}

/// The one topic a part of a heading names: its words read left to right as known phrases
/// (longest first) and filler words. A part with a word that is neither names nothing; so
/// does a part that joins two topics without "and" ("Limitations of the dataset", "Licensing
/// of the training data": about data, neither the model's limitations nor its licence).
fn part_topic(words: &[String]) -> Option<&'static str> {
    let (phrases, longest) = heading_phrases();
    let mut found: Option<&'static str> = None;
    let mut i = 0;
    while i < words.len() {
        let hit = (1..=(*longest).min(words.len() - i))
            .rev()
            .find_map(|n| phrases.get(&words[i..i + n].join(" ")).map(|id| (n, *id)));
        match hit {
            Some((n, id)) => {
                if found.is_some_and(|f| f != id) {
                    return None;
                }
                found = Some(id);
                i += n;
            }
            None if HEADING_FILLERS.contains(&words[i].as_str()) => i += 1,
            None => return None,
        }
    }
    found
}

/// Every topic a heading (as written) names, the main one first. Text in brackets is left out
/// ("License (CreativeML OpenRAIL-M)"); a heading "Topic: subtitle" is its topic when that
/// names one. Coordinated parts each name their topic ("Intended uses & limitations"), a head
/// word shared by a coordination counting for each ("Training and evaluation data" is training
/// data and evaluation data; "Training data and setup" is training data and training setup).
/// The bias topic of a heading that names others counts only when the text discusses bias.
pub fn heading_topics(heading: &str) -> Vec<markdown::Topic> {
    let bare = without_brackets(heading);
    let h = if bare.chars().any(char::is_alphanumeric) {
        bare.as_str()
    } else {
        heading
    };
    if let Some((head, _)) = h.split_once(':') {
        let topics = topics_of(head);
        if !topics.is_empty() {
            return topics;
        }
    }
    topics_of(h)
}

fn topics_of(h: &str) -> Vec<markdown::Topic> {
    let mut parts = heading_parts(h);
    let (phrases, _) = heading_phrases();
    let mut ids: Vec<&'static str> = Vec::new();
    if let Some(id) = phrases.get(&parts.concat().join(" ")) {
        ids.push(id);
    }
    // A one-word part takes the head word of the last part or the first word of the first
    // part, when that makes a known phrase.
    let n = parts.len();
    if n > 1 {
        let last_head = parts[n - 1]
            .last()
            .filter(|_| parts[n - 1].len() > 1)
            .cloned();
        let first_mod = parts[0].first().filter(|_| parts[0].len() > 1).cloned();
        for (i, p) in parts.iter_mut().enumerate() {
            if p.len() != 1 {
                continue;
            }
            if let Some(head) = last_head.as_ref().filter(|_| i < n - 1) {
                let joined = format!("{} {head}", p[0]);
                if phrases.contains_key(&joined) {
                    *p = vec![p[0].clone(), head.clone()];
                    continue;
                }
            }
            if let Some(first) = first_mod.as_ref().filter(|_| i > 0) {
                let joined = format!("{first} {}", p[0]);
                if phrases.contains_key(&joined) {
                    *p = vec![first.clone(), p[0].clone()];
                }
            }
        }
    }
    for p in &parts {
        if let Some(id) = part_topic(p) {
            ids.push(id);
        }
    }
    let mut out: Vec<markdown::Topic> = Vec::new();
    for id in &ids {
        if !out.iter().any(|t| t.id == *id) {
            out.push(markdown::Topic::always(id));
        }
    }
    if out.len() > 1 {
        for (i, t) in out.iter_mut().enumerate() {
            if t.id == "bias_fairness" {
                t.needs = Some(discusses_bias);
            } else if t.id == "limitations" && i > 0 {
                t.needs = Some(states_limits);
            } else if t.id == "intended_use" {
                t.needs = Some(states_use);
            } else if t.id == "evaluation" && i > 0 {
                t.needs = Some(states_evaluation);
            }
        }
    }
    // A use section that says what the model must not be used for states its out-of-scope
    // uses too (Whisper's "Evaluated Use": "we caution against using Whisper models to
    // transcribe recordings of individuals taken without their consent").
    if out.iter().any(|t| t.id == "intended_use") && !out.iter().any(|t| t.id == "out_of_scope_use")
    {
        out.push(markdown::Topic {
            id: "out_of_scope_use",
            needs: Some(states_out_of_scope),
        });
    }
    out
}

/// Phrases that turn a use away ("we caution against using ...", "should not be used for
/// ..."), matched on a sentence's words in lower case joined by single spaces.
const OUT_OF_SCOPE_PHRASES: &[&str] = &[
    "caution against",
    "recommend against",
    "advise against",
    "warn against",
    "should not be used",
    "must not be used",
    "shall not be used",
    "should not use",
    "must not use",
    "do not use",
    "not intended for",
    "not intended to be used",
    "not designed for",
    "not suitable for",
    "not appropriate for",
    "also not appropriate",
    "not recommended for",
    "is not for",
    "not be used for",
    "not be used in",
    "not be used to",
    "out of scope",
    "prohibited use",
    "misuse",
];

/// True when a sentence of the text turns a use away: one of [`OUT_OF_SCOPE_PHRASES`].
fn states_out_of_scope(text: &str) -> bool {
    text.split(['.', '!', '?', ';', '\n']).any(|sentence| {
        let words = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        let padded = format!(" {words} ");
        OUT_OF_SCOPE_PHRASES
            .iter()
            .any(|p| padded.contains(&format!(" {p} ")))
    })
}

/// Word beginnings that show a text states limits of the model, for the limitations topic of
/// a combined heading it is not the first topic of ("Intended uses & limitations" that only
/// says what the model is for states no limitation).
const LIMIT_STEMS: &[&str] = &[
    "limit",
    "fail",
    "risk",
    "bias",
    "weak",
    "poor",
    "error",
    "inaccura",
    "unreliab",
    "caveat",
    "hallucinat",
    "degrad",
    "struggl",
    "unsuitab",
    "shortcoming",
    "harm",
    "mistake",
    "wrong",
    "restrict",
    "lower",
    "worse",
    "uneven",
    "disparat",
];

/// Whole words that show the same.
const LIMIT_WORDS: &[&str] = &[
    "not", "cannot", "can't", "only", "may", "might", "never", "no", "unable", "without",
];

/// True when a section's text states limits: a word of [`LIMIT_WORDS`] or beginning with one
/// of [`LIMIT_STEMS`].
fn states_limits(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(str::to_lowercase)
        .any(|w| LIMIT_WORDS.contains(&w.as_str()) || LIMIT_STEMS.iter().any(|s| w.starts_with(s)))
}

/// Words that say what a model is for: "You can use this model for ...", "intended for ...".
const USE_WORDS: &[&str] = &[
    "use",
    "uses",
    "used",
    "using",
    "usage",
    "usable",
    "useful",
    "intended",
    "intend",
    "purpose",
    "purposes",
    "designed",
    "meant",
    "suitable",
    "suited",
    "application",
    "applications",
    "applied",
];

/// Tasks a model is for, written as "Classifying tweets ..." (a sentence's first word),
/// "trained to detect ..." or "for ranking ..." (after "to" or "for"): the stems of the verbs.
const TASK_STEMS: &[&str] = &[
    "classif",
    "detect",
    "translat",
    "transcrib",
    "summari",
    "generat",
    "recogni",
    "predict",
    "answer",
    "tag",
    "extract",
    "recommend",
    "segment",
    "caption",
    "retriev",
    "rank",
    "score",
    "scoring",
];

/// Words that deny what follows them in a sentence ("not ready to be used in production").
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "nor",
    "cannot",
    "can't",
    "don't",
    "doesn't",
    "shouldn't",
    "isn't",
    "aren't",
    "won't",
    "mustn't",
];

/// True when a section's text says what the model is for, for the intended-use topic of a
/// combined heading ("Intended uses & limitations" holding only "This model is a fine-tuned
/// version of ..." or "not ready to be used in production" states no use). A sentence states a
/// use with a word of [`USE_WORDS`] not preceded by a negation of [`NEGATIONS`], or with a
/// task verb of [`TASK_STEMS`] as its first word ("Classifying ..."), or after "to" or "for"
/// ("trained to detect ...", "for ranking tickets"), likewise not denied.
fn states_use(text: &str) -> bool {
    text.split(['.', '!', '?', ';', '\n']).any(|sentence| {
        let words: Vec<String> = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let task = |w: &str| TASK_STEMS.iter().any(|s| w.starts_with(s));
        let mut denied = false;
        for (i, w) in words.iter().enumerate() {
            if NEGATIONS.contains(&w.as_str()) {
                denied = true;
            }
            if denied {
                continue;
            }
            let gerund = i == 0 && w.ends_with("ing") && task(w);
            let after_to = i > 0 && matches!(words[i - 1].as_str(), "to" | "for") && task(w);
            if USE_WORDS.contains(&w.as_str()) || gerund || after_to {
                return true;
            }
        }
        false
    })
}

/// Word beginnings that show a text is about evaluation, for the evaluation topic of a
/// combined heading it is not the first topic of ("Training and evaluation data" that only
/// says what the model was trained on states no evaluation).
const EVALUATION_STEMS: &[&str] = &[
    "evaluat",
    "test",
    "validat",
    "holdout",
    "held",
    "benchmark",
    "metric",
    "accura",
    "score",
    "result",
    "bleu",
    "rouge",
    "wer",
    "cer",
    "perplexit",
    "precision",
    "recall",
    "dev",
];

/// True when a section's text is about evaluation: a word begins with one of
/// [`EVALUATION_STEMS`] or is "f1". A text that names data without saying what for ("- the
/// tweet_eval dataset") is about both topics its heading names; one that speaks of training
/// only ("trained on Common Voice") is not about evaluation.
fn states_evaluation(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let training = words.iter().any(|w| w.starts_with("train"));
    !training
        || words
            .iter()
            .any(|w| w == "f1" || EVALUATION_STEMS.iter().any(|s| w.starts_with(s)))
}

/// The text without its bracketed asides ("(with Stable-baselines3)", "[optional]").
fn without_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether a bold label opens a section: it names only topics of [`LABEL_IDS`], and more than
/// one word unless its topic is one of [`LABEL_SINGLE_WORD_IDS`].
pub fn is_section_label(label: &str) -> bool {
    let topics = heading_topics(label);
    let words = heading_parts(&without_brackets(label))
        .concat()
        .into_iter()
        .filter(|w| !HEADING_FILLERS.contains(&w.as_str()))
        .count();
    !topics.is_empty()
        && topics.iter().all(|t| LABEL_IDS.contains(&t.id))
        && (words > 1 || topics.iter().all(|t| LABEL_SINGLE_WORD_IDS.contains(&t.id)))
}

/// The canonical section id of a heading already passed through
/// [`markdown::normalize_heading`] (lower case, letters and digits), or `None` when the heading
/// is not one the card formats define: the main topic of [`heading_topics`], the first that
/// counts whatever the text or else the first named. "2.1 Bias, Risks and Limitations
/// [optional]" is `limitations`; "Intended Uses & Limitations" is `intended_use`.
pub fn classify_heading(normalized: &str) -> Option<&'static str> {
    let topics = heading_topics(normalized);
    topics
        .iter()
        .find(|t| t.needs.is_none())
        .or(topics.first())
        .map(|t| t.id)
}

/// Loads a model card, detecting its format: Markdown (`.md`, or text starting with `---`) is a
/// Hugging Face card; JSON with `bomFormat: CycloneDX` is an ML-BOM; JSON with `model_details`
/// is a Model Card Toolkit card. Anything else is an error naming the accepted formats.
pub fn load(doc: &Doc) -> Result<ModelCard> {
    let text = doc.text()?;
    let ext = doc
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let markdown = matches!(ext.as_deref(), Some("md" | "markdown"));
    if markdown || text.trim_start().starts_with("---") {
        return load_huggingface(doc, text);
    }
    let json = ext.as_deref() == Some("json") || text.trim_start().starts_with('{');
    if !json {
        return Err(unrecognized(doc, "it is neither Markdown nor JSON"));
    }
    let root: Value = doc.json()?;
    let Value::Object(map) = &root else {
        return Err(unrecognized(doc, "the JSON document is not an object"));
    };
    if let Some(format) = map.get("bomFormat") {
        if format.as_str() == Some("CycloneDX") {
            return load_cyclonedx(doc, text, &root);
        }
        let j = Json { doc, text };
        return Err(j.err(
            "/bomFormat",
            format!("bomFormat is {format}, expected \"CycloneDX\""),
        ));
    }
    if map.contains_key("model_details") {
        return load_mct(doc, text, &root);
    }
    Err(unrecognized(
        doc,
        "the JSON has neither `bomFormat` nor `model_details`",
    ))
}

fn unrecognized(doc: &Doc, why: &str) -> Error {
    doc.err(
        Location::default(),
        format!(
            "not a recognized model card ({why}); accepted formats: a Hugging Face model card \
             (Markdown with optional YAML front matter), a Model Card Toolkit JSON card (with \
             `model_details`), or a CycloneDX JSON BOM (`bomFormat: CycloneDX`) with a \
             `machine-learning-model` component"
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Hugging Face
// ---------------------------------------------------------------------------------------------

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
fn load_huggingface(doc: &Doc, text: &str) -> Result<ModelCard> {
    let fm = super::card_front_matter(doc, text)?;
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
                        column: None,
                        pointer: None,
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
fn neutralize_template(text: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Shared by the loaders
// ---------------------------------------------------------------------------------------------

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Several licenses of one card all apply: they are joined into an SPDX `AND` expression.
fn join_licenses(mut licenses: Vec<String>) -> Option<String> {
    licenses.retain(|l| !l.trim().is_empty());
    let mut unique: Vec<String> = Vec::new();
    for l in &licenses {
        push_unique(&mut unique, l.trim());
    }
    match unique.len() {
        0 => None,
        1 => unique.pop(),
        _ => Some(unique.join(" AND ")),
    }
}

/// A metric value as a number, or as the text written when it is not one.
fn metric_value(v: Option<&Value>) -> (Option<f64>, Option<String>) {
    match v {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(s)) if s.trim().is_empty() => (None, None),
        Some(v @ (Value::Number(_) | Value::String(_))) => match as_f64(Some(v)) {
            Some(x) => (Some(x), None),
            None => (None, v.as_str().map(str::to_string)),
        },
        Some(other) => (None, Some(other.to_string())),
    }
}

/// Sections of a JSON card, merged by id like Markdown sections.
#[derive(Default)]
struct Sections(BTreeMap<String, Section>);

impl Sections {
    /// Adds what the field at `pointer` says to section `id`; the first field added names the
    /// section (`heading`, `pointer`).
    fn add(&mut self, id: &str, heading: &str, pointer: &str, text: &str) {
        let entry = self.0.entry(id.to_string()).or_insert_with(|| Section {
            heading: heading.to_string(),
            pointer: Some(pointer.to_string()),
            ..Section::default()
        });
        markdown::add_text(entry, text.trim());
    }
}

/// Typed reads from a parsed JSON document; wrong types are errors naming the JSON pointer and
/// the line of the offending value.
/// The metrics of a quantitative analysis (Model Card Toolkit `performance_metrics`, CycloneDX
/// `performanceMetrics`) into `metrics`; returns the section text: a line per metric and the
/// graphics description.
fn quantitative_analysis(
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

struct Json<'a> {
    doc: &'a Doc,
    text: &'a str,
}

impl Json<'_> {
    fn err(&self, pointer: &str, msg: impl Into<String>) -> Error {
        let loc = Location {
            line: super::locate::json_line(self.text, pointer),
            column: None,
            pointer: Some(pointer.to_string()),
        };
        self.doc.err(loc, msg)
    }

    fn type_err(&self, pointer: &str, expected: &str, found: &Value) -> Error {
        self.err(
            pointer,
            format!("expected {expected}, found {}", kind(found)),
        )
    }

    /// `obj[key]` as a string (numbers and booleans printed); absent or null is `None`.
    fn str(&self, obj: &Value, key: &str, base: &str) -> Result<Option<String>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok((!s.trim().is_empty()).then(|| s.trim().to_string())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(self.type_err(&format!("{base}/{key}"), "a string", other)),
        }
    }

    /// `obj[key]` as an array; absent or null is an empty slice.
    fn arr<'v>(&self, obj: &'v Value, key: &str, base: &str) -> Result<&'v [Value]> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(self.type_err(&format!("{base}/{key}"), "an array", other)),
        }
    }

    /// `obj[key]` as an object; absent or null is `None`.
    fn obj<'v>(&self, obj: &'v Value, key: &str, base: &str) -> Result<Option<&'v Value>> {
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
    fn list_text(
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

// ---------------------------------------------------------------------------------------------
// Model Card Toolkit
// ---------------------------------------------------------------------------------------------

/// Reads a Google Model Card Toolkit JSON card.
fn load_mct(doc: &Doc, text: &str, root: &Value) -> Result<ModelCard> {
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

// ---------------------------------------------------------------------------------------------
// CycloneDX
// ---------------------------------------------------------------------------------------------

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
fn load_cyclonedx(doc: &Doc, text: &str, root: &Value) -> Result<ModelCard> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/model-cards");
    const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data");

    fn fixture(name: &str) -> Doc {
        let path = Path::new(FIXTURES).join(name);
        Doc::read(&path, &format!("model-cards/{name}")).unwrap()
    }

    fn load_fixture(name: &str) -> ModelCard {
        load(&fixture(name)).unwrap()
    }

    fn load_err(name: &str) -> String {
        load(&fixture(name)).unwrap_err().to_string()
    }

    fn inline(name: &str, text: &str) -> Result<ModelCard> {
        load(&Doc::new(name, name, text.as_bytes().to_vec()))
    }

    fn section<'c>(card: &'c ModelCard, id: &str) -> &'c Section {
        card.sections
            .get(id)
            .unwrap_or_else(|| panic!("no section {id}: {:?}", card.sections.keys()))
    }

    #[test]
    fn section_ids_and_docs_agree_and_cover_the_table() {
        let doc_ids: Vec<&str> = SECTION_DOCS.iter().map(|(id, _)| *id).collect();
        assert_eq!(doc_ids, SECTION_IDS);
        for (heading, id) in HEADINGS {
            assert!(
                SECTION_IDS.contains(id),
                "{heading} -> {id} not in SECTION_IDS"
            );
            assert_eq!(
                classify_heading(&markdown::normalize_heading(heading)),
                Some(*id),
                "{heading}"
            );
        }
    }

    #[test]
    fn classify_template_headings_and_variants() {
        let c = |h: &str| classify_heading(&markdown::normalize_heading(h));
        assert_eq!(c("Model Details"), Some("model_details"));
        assert_eq!(c("Model Description"), Some("model_details"));
        assert_eq!(c("Model Sources [optional]"), Some("model_details"));
        assert_eq!(c("Uses"), Some("intended_use"));
        assert_eq!(c("Intended Uses & Limitations"), Some("intended_use"));
        assert_eq!(c("Downstream Use [optional]"), Some("intended_use"));
        assert_eq!(c("Out-of-Scope Use"), Some("out_of_scope_use"));
        assert_eq!(c("Bias, Risks, and Limitations"), Some("limitations"));
        assert_eq!(c("Bias, Risks and Limitations"), Some("limitations"));
        assert_eq!(c("2.1 Known Limitations"), Some("limitations"));
        assert_eq!(c("Recommendations"), Some("recommendations"));
        assert_eq!(c("Training Details"), Some("training_data"));
        assert_eq!(c("Training Hyperparameters"), Some("training_procedure"));
        assert_eq!(c("Testing Data, Factors & Metrics"), Some("evaluation"));
        assert_eq!(c("Results"), Some("evaluation"));
        assert_eq!(c("Bias and Fairness"), Some("bias_fairness"));
        assert_eq!(c("Fairness Evaluation"), Some("bias_fairness"));
        assert_eq!(c("Human-in-the-loop"), Some("human_oversight"));
        assert_eq!(c("Environmental Impact"), Some("environmental_impact"));
        assert_eq!(
            c("Technical Specifications [optional]"),
            Some("technical_specifications")
        );
        assert_eq!(c("Citation [optional]"), Some("citation"));
        assert_eq!(c("Model Card Contact"), Some("contact"));
        assert_eq!(c("Model Card Authors [optional]"), Some("authors"));
        assert_eq!(
            c("How to Get Started with the Model"),
            Some("getting_started")
        );
        assert_eq!(c("📊 Evaluation"), Some("evaluation"));
        assert_eq!(c("Changelog"), Some("version"));
        assert_eq!(c("Model Card for credit-risk-ft"), None);
        assert_eq!(c("Summary"), None);
        assert_eq!(c(""), None);
        assert_eq!(c("Optional"), None);
    }

    #[test]
    fn hf_complete_card_fields() {
        let card = load_fixture("hf-complete.md");
        assert_eq!(card.source.format, FORMAT_HUGGINGFACE);
        assert_eq!(card.source.path, "model-cards/hf-complete.md");
        assert_eq!(card.source.sha256.len(), 64);
        assert_eq!(card.name.as_deref(), Some("credit-risk-ft"));
        assert_eq!(card.version.as_deref(), Some("2.3.0"));
        assert_eq!(card.license.as_deref(), Some("apache-2.0"));
        assert_eq!(card.language, ["en"]);
        assert_eq!(
            card.tags,
            [
                "tabular-classification",
                "credit-risk",
                "finance",
                "ft-transformer"
            ]
        );
        assert_eq!(
            card.base_model,
            ["northwind-ml/tabular-ft-transformer-base"]
        );
        assert_eq!(card.pipeline_tag.as_deref(), Some("tabular-classification"));
        // The model-index dataset is the one in `datasets`: listed once.
        assert_eq!(card.datasets, ["northwind-bank/retail-loan-applications"]);

        let meta = card.metadata.as_ref().unwrap();
        assert_eq!(meta["library_name"], "pytorch");
        assert_eq!(
            meta["model-index"][0]["results"][0]["dataset"]["revision"],
            "7c41e0b9d2"
        );
        assert_eq!(
            meta["model-index"][0]["results"][0]["metrics"][1]["verified"],
            false
        );

        assert_eq!(card.metrics.len(), 3);
        let m = &card.metrics[0];
        assert_eq!(m.metric_type, "accuracy");
        assert_eq!(m.name.as_deref(), Some("Test Accuracy"));
        assert_eq!(m.value, Some(0.874));
        assert_eq!(m.value_text, None);
        assert_eq!(
            m.dataset.as_deref(),
            Some("northwind-bank/retail-loan-applications")
        );
        assert_eq!(m.split.as_deref(), Some("test"));
        assert_eq!(m.task.as_deref(), Some("tabular-classification"));
        assert_eq!(m.slice, None);
        assert_eq!(card.metrics[1].metric_type, "roc_auc");
        assert_eq!(card.metrics[1].value, Some(0.912));
        assert_eq!(card.metrics[2].metric_type, "f1");
        assert_eq!(card.metrics[2].value, Some(0.781));
        assert_eq!(
            card.metrics[2].name.as_deref(),
            Some("Test F1 (default class)")
        );
    }

    #[test]
    fn hf_complete_card_sections() {
        let card = load_fixture("hf-complete.md");
        let expected = [
            "model_details",
            "intended_use",
            "out_of_scope_use",
            "limitations",
            "recommendations",
            "human_oversight",
            "getting_started",
            "training_data",
            "training_procedure",
            "evaluation",
            "model_examination",
            "bias_fairness",
            "ethical_considerations",
            "environmental_impact",
            "technical_specifications",
            "citation",
            "glossary",
            "more_information",
            "version",
            "authors",
            "contact",
            // "- **License:** Apache-2.0" in Model Details: a bold label opens a section.
            "license",
        ];
        for id in expected {
            let s = section(&card, id);
            assert!(s.present, "{id} not present: {s:?}");
            // BibTeX's `{{Corporate Author}}` reads as a template slot to
            // markdown::strip_placeholders; the citation is present all the same.
            if id != "citation" {
                assert!(!s.placeholder, "{id} has a placeholder: {s:?}");
            }
            assert!(s.line.is_some() && s.pointer.is_none(), "{id}");
        }
        let mut keys: Vec<&str> = card.sections.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = expected.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);

        // Heading text and line of the first heading of each id.
        let at = |id: &str| {
            let s = section(&card, id);
            (s.heading.as_str(), s.line.unwrap())
        };
        assert_eq!(at("model_details"), ("Model Details", 51));
        assert_eq!(at("intended_use"), ("Uses", 72));
        assert_eq!(at("out_of_scope_use"), ("Out-of-Scope Use", 85));
        assert_eq!(at("limitations"), ("Bias, Risks, and Limitations", 91));
        assert_eq!(at("human_oversight"), ("Human Oversight", 104));
        assert_eq!(at("training_data"), ("Training Details", 121));
        assert_eq!(at("evaluation"), ("Evaluation", 149));
        assert_eq!(at("bias_fairness"), ("Bias and Fairness", 181));
        assert_eq!(at("version"), ("Changelog", 240));
        assert_eq!(at("contact"), ("Model Card Contact", 249));

        let contact = section(&card, "contact");
        assert_eq!(contact.text, "credit-models@northwind.example");
        assert_eq!(contact.words, 1);
        let oversight = section(&card, "human_oversight");
        assert!(oversight
            .text
            .starts_with("Every decline is made by a credit officer"));
        assert!(oversight.words > 40);
        // Direct, Downstream and the (empty) Uses heading are joined.
        let uses = section(&card, "intended_use");
        assert!(
            uses.text.contains("Scoring new applications")
                && uses.text.contains("Portfolio monitoring")
        );
        // Code in "How to Get Started" is content; the template's lead-in sentence is not.
        let start = section(&card, "getting_started");
        assert!(start.text.contains("torch.jit.load"));
        assert!(!start.text.contains("Use the code below"));
        // Filled "Label: value" lines are kept whole.
        let env = section(&card, "environmental_impact");
        assert!(
            env.text.contains("Hardware Type: NVIDIA A10G"),
            "{}",
            env.text
        );
    }

    #[test]
    fn hf_template_card_counts_as_unfilled() {
        let card = load_fixture("hf-template.md");
        assert_eq!(
            card.name, None,
            "'Model ID' is the template default, not a name"
        );
        assert_eq!(card.version, None);
        assert_eq!(card.license, None);
        assert!(card.datasets.is_empty() && card.metrics.is_empty() && card.base_model.is_empty());
        assert_eq!(card.metadata, Some(serde_json::json!({})));
        let ids = [
            "model_details",
            "intended_use",
            "out_of_scope_use",
            "limitations",
            "recommendations",
            "getting_started",
            "training_data",
            "training_procedure",
            "evaluation",
            "model_examination",
            "environmental_impact",
            "technical_specifications",
            "citation",
            "glossary",
            "more_information",
            "authors",
            "contact",
            // "- **License:** [More Information Needed]" in Model Details.
            "license",
        ];
        for id in ids {
            let s = section(&card, id);
            assert!(!s.present, "{id} counted as present: {s:?}");
            assert_eq!(s.words, 0, "{id}: {s:?}");
            assert!(s.placeholder, "{id} placeholder not seen: {s:?}");
        }
        assert_eq!(card.sections.len(), ids.len());
        for id in [
            "human_oversight",
            "bias_fairness",
            "ethical_considerations",
            "version",
        ] {
            assert!(!card.sections.contains_key(id), "{id}");
        }
        assert_eq!(section(&card, "model_details").line, Some(13));
        assert_eq!(section(&card, "model_details").heading, "Model Details");
        assert_eq!(section(&card, "limitations").line, Some(59));
        assert_eq!(section(&card, "recommendations").line, Some(65));
        assert_eq!(section(&card, "evaluation").line, Some(104));
        assert_eq!(section(&card, "citation").heading, "Citation [optional]");
        // The text keeps the placeholders (for display), not the labels of unfilled fields.
        let details = &section(&card, "model_details").text;
        assert!(details.contains("[More Information Needed]"));
        assert!(!details.contains("Developed by"), "{details}");
    }

    #[test]
    fn hf_card_without_front_matter_takes_no_name_from_its_title_and_reads_version_line() {
        let md =
            "# Model Card for fraud-tabnet\n\n## Model Details\n\n- **Developed by:** Risk team\n\
                  - **Model version:** 0.9.1\n\n## Limitations\n\nDoes not handle new merchants.\n";
        let card = inline("README.md", md).unwrap();
        // A title is not a name: the report falls back to the manifest's.
        assert_eq!(card.name, None);
        assert_eq!(card.version.as_deref(), Some("0.9.1"));
        assert_eq!(card.metadata, None);
        assert_eq!(card.license, None);
        assert_eq!(section(&card, "limitations").words, 5);
        assert_eq!(section(&card, "limitations").line, Some(8));
    }

    fn loading(name: &str) -> Doc {
        fixture(&format!("loading/{name}"))
    }

    #[test]
    fn real_card_opening_with_a_thematic_break_loads() {
        // Line 1 is `---`, no other `---` follows: a horizontal rule, not front matter.
        let card = load(&loading("thematic-break-no-front-matter.md")).unwrap();
        assert_eq!(card.metadata, None);
        assert_eq!(card.license, None);
        // "# MODEL CARD" and "# Model Card for Brain Tumor Detection Model" are titles.
        assert_eq!(card.name, None);
        let oos = section(&card, "out_of_scope_use");
        assert!(
            oos.present && oos.text.contains("standalone diagnostic tool"),
            "{oos:?}"
        );
        assert!(section(&card, "training_data").present);
        assert_eq!(section(&card, "model_details").line, Some(9));

        // Closed by a later rule, with Markdown between: still no front matter.
        let md =
            "---\n\n# Title\n\nA sentence of prose.\n\n---\n\n## Limitations\n\nFails on noise.\n";
        let card = inline("README.md", md).unwrap();
        assert_eq!(card.metadata, None);
        assert_eq!(section(&card, "limitations").words, 3);

        // Front matter that starts like YAML is still front matter: a missing close or bad
        // YAML stays an error, never silently Markdown.
        let e = inline("README.md", "---\n# comment\nlicense: mit\n\n# Card\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("never closed"), "{e}");
        let e = inline("README.md", "---\nlicense: [mit\n---\n# Card\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid YAML"), "{e}");
        // Comments only, or `{}`: empty front matter, as before.
        let card = inline("README.md", "---\n# just a comment\n---\n# Card\n").unwrap();
        assert_eq!(card.metadata, Some(serde_json::json!({})));
    }

    #[test]
    fn model_index_mapping_is_skipped_and_the_card_kept() {
        let card = load(&loading("model-index-mapping.md")).unwrap();
        assert_eq!(card.license.as_deref(), Some("apache-2.0"));
        assert!(card.metrics.is_empty() && card.task_types.is_empty());
        // The mapping's name is not read (the entry is skipped), nor is the H1 title.
        assert_eq!(card.name, None);
        let raw = card.metadata.as_ref().unwrap().get("model-index").unwrap();
        assert!(
            raw.is_object(),
            "the raw value stays visible in metadata: {raw}"
        );

        // Results hidden in a mapping are not evaluation results.
        let md =
            "---\nmodel-index:\n  name: m\n  results:\n  - task: {type: text-classification}\n    \
                  metrics:\n    - {type: accuracy, value: 0.99}\n---\n# m\n";
        let card = inline("README.md", md).unwrap();
        assert!(
            card.metrics.is_empty() && card.task_types.is_empty(),
            "{card:?}"
        );
        // A list inside a mapping entry still has its errors located.
        let md = "---\nmodel-index:\n- name: m\n  results: 3\n---\n";
        let e = inline("README.md", md).unwrap_err().to_string();
        assert!(e.contains("/model-index/0/results"), "{e}");
    }

    #[test]
    fn front_matter_after_blank_lines_is_read_and_located() {
        // The Hub accepts blank lines before the opening `---` (the *_ppo-Huggy cards).
        let card = inline("README.md", "\n\n---\nlicense: mit\n---\n# Card\n").unwrap();
        assert_eq!(card.license.as_deref(), Some("mit"));
        // An error in that YAML names the file's own line: line 5, not line 3.
        let e = inline("README.md", "\n\n---\nlicense: mit\nmodel-index: x\n---\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 5"), "{e}");
        let e = inline("README.md", "\n\n---\n- a list\n---\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 4"), "{e}");
    }

    #[test]
    fn name_comes_from_metadata_never_from_a_title() {
        let card = load(&loading("whisper-model-card.md")).unwrap();
        assert_eq!(card.name, None, "\"Model Card: Whisper\" is a title");
        let md = "---\nmodel_name: from-model-name\nmodel-index:\n- results: []\n- name: from-index\n---\n# Model Details\n";
        let card = inline("README.md", md).unwrap();
        assert_eq!(card.name.as_deref(), Some("from-model-name"));
        let md = "---\nmodel-index:\n- results: []\n- name: from-index\n---\n# Model Card: Other\n";
        let card = inline("README.md", md).unwrap();
        assert_eq!(card.name.as_deref(), Some("from-index"));
    }

    #[test]
    fn style_and_script_blocks_are_not_words() {
        // The skops model plot: ~10 kB of CSS in a <style> block under "Model Plot", which
        // folds into the training procedure.
        let card = load(&loading("skops-style-block.md")).unwrap();
        let tp = section(&card, "training_procedure");
        assert!(!tp.text.contains("background-color"), "{}", tp.text);
        assert!(!tp.text.contains("sk-container-id-3 {"), "{}", tp.text);
        assert!(tp.text.contains("The model plot is below"), "{}", tp.text);

        // Each card's Limitations section has exactly the 3 words "Fails on noise.".
        for md in [
            "## Limitations\n\n<style>\np { color: red; margin: 0 auto; padding: 1px 2px 3px; }\n</style>\n\n\
             <SCRIPT type=\"x\">var a = one two three four five;</SCRIPT>\n\nFails on noise.\n",
            // A `</style>` inside a comment does not end the comment: hidden text stays hidden.
            "## Limitations\n\n<!-- </style> hidden filler words that nobody sees -->\n\nFails on noise.\n",
            // `<styled>` is not `<style>`: its text is visible.
            "## Limitations\n\n<styled>Fails on noise.</styled>\n",
        ] {
            let card = inline("README.md", md).unwrap();
            assert_eq!(section(&card, "limitations").words, 3, "{md}: {:?}", card.sections);
        }
    }

    #[test]
    fn mct_schema_0_0_1_card_loads() {
        let card = load(&loading("mct-v0.0.1-cats-vs-dogs.json")).unwrap();
        assert_eq!(card.source.format, FORMAT_MCT);
        assert_eq!(
            card.name.as_deref(),
            Some("Fine-tuned MobileNetV2 Model for Cat vs. Dogs")
        );
        assert_eq!(card.version.as_deref(), Some("v1.0"));
        assert_eq!(card.license.as_deref(), Some("Apache-2.0"));
        assert_eq!(card.metrics.len(), 3);
        assert_eq!(card.metrics[1].slice.as_deref(), Some("cat"));
        assert!(section(&card, "citation").present);
        assert_eq!(
            section(&card, "citation").pointer.as_deref(),
            Some("/model_details/citation")
        );
        assert!(section(&card, "more_information")
            .text
            .contains("kaggle.com"));
        assert!(section(&card, "contact")
            .text
            .contains("model-cards@google.com"));
        let use_text = &section(&card, "intended_use").text;
        assert!(
            use_text.contains("Fans of dogs and cats.") && use_text.contains("classifies images")
        );
        assert!(section(&card, "limitations").present);
        assert!(section(&card, "tradeoffs").present);
        assert!(section(&card, "ethical_considerations")
            .text
            .contains("Avoid application"));
        // `data` is an object of `train` and `eval` datasets, which name nothing here.
        assert!(card.datasets.is_empty());

        let j = r#"{"model_details": {"name": "m", "license": 3.5},
                    "model_parameters": {"data": {"train": {"name": "tickets-2023", "link": "https://x", "sensitive": true},
                                                  "eval": {"name": "tickets-2024"}}}}"#;
        let card = inline("card.json", j).unwrap();
        assert_eq!(card.license.as_deref(), Some("3.5"));
        assert_eq!(card.datasets, ["tickets-2023", "tickets-2024"]);
        let td = &section(&card, "training_data").text;
        assert!(
            td.contains("sensitive data: yes") && td.contains("https://x"),
            "{td}"
        );
        let e = inline(
            "card.json",
            r#"{"model_details": {}, "model_parameters": {"data": {"train": {"sensitive": "no"}}}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("/model_parameters/data/train/sensitive"), "{e}");
        let e = inline("card.json", r#"{"model_details": {"license": ["x"]}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("/model_details/license"), "{e}");
    }

    /// `text` written as UTF-16 with a byte order mark.
    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let mut out = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_and_bom_json_cards_load_like_utf8() {
        let utf8 = loading("mct-v0.0.1-cats-vs-dogs.json");
        let want = load(&utf8).unwrap();
        let text = std::str::from_utf8(&utf8.bytes).unwrap();
        let mut bom8 = b"\xEF\xBB\xBF".to_vec();
        bom8.extend_from_slice(text.as_bytes());
        for (label, bytes) in [
            ("utf-16le", utf16(text, true)),
            ("utf-16be", utf16(text, false)),
            ("utf-8 bom", bom8),
        ] {
            let doc = Doc::new("card.json", "card.json", bytes);
            let got = load(&doc).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(got.name, want.name, "{label}");
            assert_eq!(got.sections, want.sections, "{label}");
            assert_eq!(got.metrics, want.metrics, "{label}");
            // The source is the file as it is on disk.
            assert_eq!(got.source.sha256, doc.sha256, "{label}");
            assert_ne!(got.source.sha256, utf8.sha256, "{label}");
        }
        // A lone surrogate or a cut code unit is an error with its place, never a panic.
        let mut bad = utf16("{\n\"model_details\": {}}", true);
        bad.extend_from_slice(&[0x00, 0xD8, b'x', 0x00]);
        let e = load(&Doc::new("card.json", "card.json", bad))
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid UTF-16") && e.contains("line 2"), "{e}");
        let mut odd = utf16("{}", false);
        odd.push(0);
        let e = load(&Doc::new("card.json", "card.json", odd))
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid UTF-16"), "{e}");
        // A Markdown card saved as UTF-16 (Notepad's "Unicode") loads too.
        let md = utf16(
            "---\nlicense: mit\n---\n## Limitations\n\nFails on noise.\n",
            true,
        );
        let card = load(&Doc::new("README.md", "README.md", md)).unwrap();
        assert_eq!(card.license.as_deref(), Some("mit"));
        assert_eq!(section(&card, "limitations").line, Some(4));
    }

    #[test]
    fn hf_front_matter_variants() {
        let md =
            "---\nlicense: [mit, apache-2.0]\nbase_model:\n- org/a\n- org/b\nmodel_name: tiny\n\
                  version: 1.10\nlanguage: fr\n---\n# Whatever\n";
        let card = inline("README.md", md).unwrap();
        assert_eq!(card.license.as_deref(), Some("mit AND apache-2.0"));
        assert_eq!(card.base_model, ["org/a", "org/b"]);
        assert_eq!(card.name.as_deref(), Some("tiny"));
        assert_eq!(
            card.version.as_deref(),
            Some("1.10"),
            "numeric version kept as written"
        );
        assert_eq!(card.language, ["fr"]);

        let md = "---\nlicense: other\nlicense_name: northwind-model-license\n---\n";
        let card = inline("README.md", md).unwrap();
        assert_eq!(card.license.as_deref(), Some("northwind-model-license"));

        // A metric value that is not a number is kept as text; a missing type falls back to
        // the name; a metric with neither is skipped.
        let md = "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n    \
                  dataset: {name: Held-out prompts}\n    metrics:\n    - {type: win_rate, value: 'n/a'}\n    \
                  - {name: toxicity, value: '3%'}\n    - {value: 1}\n---\n";
        let card = inline("README.md", md).unwrap();
        assert_eq!(card.metrics.len(), 2);
        assert_eq!(card.metrics[0].value, None);
        assert_eq!(card.metrics[0].value_text.as_deref(), Some("n/a"));
        assert_eq!(card.metrics[0].dataset.as_deref(), Some("Held-out prompts"));
        assert_eq!(card.metrics[1].metric_type, "toxicity");
        assert_eq!(card.metrics[1].value, Some(0.03));
        assert_eq!(card.datasets, ["Held-out prompts"]);
    }

    #[test]
    fn hf_malformed_front_matter_errors_name_the_line() {
        let e = load_err("bad-unterminated.md");
        assert!(e.contains("bad-unterminated.md: line 1:"), "{e}");
        assert!(e.contains("never closed"), "{e}");

        let e = load_err("bad-yaml.md");
        assert!(
            e.contains("bad-yaml.md: line 6, column 15: invalid YAML"),
            "{e}"
        );
        assert!(e.contains("invalid YAML"), "{e}");

        let e = load_err("bad-model-index.md");
        assert!(e.contains("line 4"), "{e}");
        assert!(e.contains("at /model-index"), "{e}");
        assert!(e.contains("expected a sequence"), "{e}");

        let e = load_err("bad-license.md");
        assert!(e.contains("line 4"), "{e}");
        assert!(e.contains("at /license"), "{e}");
        assert!(e.contains("expected a string or a list of strings"), "{e}");

        let e = load_err("bad-metric-name.md");
        assert!(e.contains("line 16"), "{e}");
        assert!(
            e.contains("at /model-index/0/results/0/metrics/1/name"),
            "{e}"
        );

        let e = inline("README.md", "---\n- a\n- b\n---\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("not a mapping"), "{e}");
    }

    #[test]
    fn mct_card_fields() {
        let card = load_fixture("mct.json");
        assert_eq!(card.source.format, FORMAT_MCT);
        assert_eq!(card.name.as_deref(), Some("card-fraud-gbt"));
        assert_eq!(card.version.as_deref(), Some("1.4.0"));
        assert_eq!(card.license.as_deref(), Some("LicenseRef-Contoso-Internal"));
        assert_eq!(
            card.datasets,
            ["cnp-transactions-2023", "cnp-transactions-2023-q4-holdout"]
        );
        assert_eq!(card.metadata, None);
        assert!(card.base_model.is_empty() && card.tags.is_empty());

        assert_eq!(card.metrics.len(), 3);
        assert_eq!(card.metrics[0].metric_type, "ROC AUC");
        assert_eq!(card.metrics[0].value, Some(0.962));
        assert_eq!(card.metrics[0].slice.as_deref(), Some("overall"));
        assert_eq!(card.metrics[1].value, Some(0.81), "string value parsed");
        assert_eq!(
            card.metrics[2].slice.as_deref(),
            Some("merchant_category=digital_goods")
        );
        assert_eq!(card.metrics[2].value, Some(0.74));

        let ptr = |id: &str| section(&card, id).pointer.clone().unwrap_or_default();
        assert_eq!(ptr("model_details"), "/model_details/overview");
        assert_eq!(ptr("intended_use"), "/considerations/use_cases");
        assert_eq!(ptr("limitations"), "/considerations/limitations");
        assert_eq!(ptr("tradeoffs"), "/considerations/tradeoffs");
        assert_eq!(
            ptr("ethical_considerations"),
            "/considerations/ethical_considerations"
        );
        assert_eq!(ptr("training_data"), "/model_parameters/data");
        assert_eq!(
            ptr("technical_specifications"),
            "/model_parameters/model_architecture"
        );
        assert_eq!(ptr("evaluation"), "/quantitative_analysis");
        assert_eq!(ptr("version"), "/model_details/version/diff");
        assert_eq!(ptr("authors"), "/model_details/owners");
        assert_eq!(ptr("contact"), "/model_details/owners");
        assert_eq!(ptr("citation"), "/model_details/citations");
        assert_eq!(ptr("more_information"), "/model_details/references");
        for (id, s) in &card.sections {
            assert!(s.present, "{id}");
            assert!(!s.placeholder, "{id}");
            assert_eq!(s.line, None, "{id}");
        }
        assert_eq!(card.sections.len(), 13);

        let uses = section(&card, "intended_use");
        assert!(
            uses.text.contains("step-up authentication") && uses.text.contains("Fraud analysts")
        );
        assert_eq!(section(&card, "limitations").text.lines().count(), 2);
        let ethics = &section(&card, "ethical_considerations").text;
        assert!(ethics.contains("wrongly flagged") && ethics.contains("same-day analyst review"));
        let contact = &section(&card, "contact").text;
        assert!(contact.contains("Payments Risk Engineering: payments-risk@contoso-pay.example"));
        assert!(section(&card, "training_data")
            .text
            .contains("sensitive data: card number (tokenized)"));
        assert!(section(&card, "evaluation")
            .text
            .contains("ROC AUC (overall): 0.962"));
        let words: usize =
            "Gradient-boosted tree model that scores card-not-present transactions for fraud risk in real time."
                .split_whitespace()
                .count();
        assert!(section(&card, "model_details").words > words);
    }

    #[test]
    fn mct_malformed_errors_name_line_and_pointer() {
        let e = load_err("bad-truncated.json");
        assert!(e.contains("bad-truncated.json: line 31, column 39"), "{e}");
        assert!(e.contains("EOF while parsing"), "{e}");
        assert!(e.contains("invalid JSON"), "{e}");

        let e = load_err("bad-mct-types.json");
        assert!(e.contains("line 10"), "{e}");
        assert!(e.contains("at /considerations/limitations"), "{e}");
        assert!(e.contains("expected an array, found a string"), "{e}");

        let e = inline("card.json", r#"{"model_details": {"name": ["x"]}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1, at /model_details/name"), "{e}");
        let e = inline(
            "card.json",
            r#"{"model_details": {}, "considerations": {"users": [3]}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("at /considerations/users/0") && e.contains("found a number"),
            "{e}"
        );
    }

    #[test]
    fn mct_empty_fields_are_sections_not_present() {
        let json = r#"{"model_details": {"name": "m", "overview": ""},
                       "considerations": {"limitations": [], "users": [{"description": "TBD"}]}}"#;
        let card = inline("card.json", json).unwrap();
        let lim = section(&card, "limitations");
        assert!(
            !lim.present
                && lim.words == 0
                && lim.pointer.as_deref() == Some("/considerations/limitations")
        );
        let users = section(&card, "intended_use");
        assert!(!users.present && users.placeholder);
        assert!(!section(&card, "model_details").present);
    }

    #[test]
    fn cyclonedx_mlbom_sample() {
        let path = Path::new(SHARED).join("cyclonedx/MLBOM/Model-Card-With-Dataset/bom.json");
        if !path.exists() {
            eprintln!("skipping: ../shared/data not found");
            return;
        }
        let card = load(&Doc::read(&path, "bom.json").unwrap()).unwrap();
        assert_eq!(card.source.format, FORMAT_CYCLONEDX);
        assert_eq!(card.source.path, "bom.json");
        assert_eq!(card.name.as_deref(), Some("support-ticket-classifier"));
        assert_eq!(card.version.as_deref(), Some("1.0.0"));
        assert_eq!(card.license, None);
        assert_eq!(card.pipeline_tag.as_deref(), Some("text-classification"));
        assert_eq!(
            card.datasets,
            [
                "support-ticket-training-data",
                "support-ticket-evaluation-data"
            ]
        );
        assert!(card.base_model.is_empty() && card.language.is_empty() && card.tags.is_empty());
        assert_eq!(card.metadata, None);

        assert_eq!(
            card.metrics,
            [Metric {
                metric_type: "macro-f1".into(),
                value: Some(0.91),
                slice: Some("held-out-evaluation".into()),
                ..Metric::default()
            }]
        );

        let mc = "/components/0/modelCard";
        let expect = [
            ("model_details", "/components/0/description"),
            (
                "technical_specifications",
                "/components/0/modelCard/modelParameters",
            ),
            (
                "training_data",
                "/components/0/modelCard/modelParameters/datasets",
            ),
            ("evaluation", "/components/0/modelCard/quantitativeAnalysis"),
            (
                "intended_use",
                "/components/0/modelCard/considerations/useCases",
            ),
            (
                "limitations",
                "/components/0/modelCard/considerations/technicalLimitations",
            ),
            (
                "tradeoffs",
                "/components/0/modelCard/considerations/performanceTradeoffs",
            ),
            (
                "ethical_considerations",
                "/components/0/modelCard/considerations/ethicalConsiderations",
            ),
            (
                "bias_fairness",
                "/components/0/modelCard/considerations/fairnessAssessments",
            ),
        ];
        for (id, pointer) in expect {
            let s = section(&card, id);
            assert_eq!(s.pointer.as_deref(), Some(pointer), "{id}");
            assert!(
                s.present && !s.placeholder && s.line.is_none(),
                "{id}: {s:?}"
            );
            assert!(pointer == "/components/0/description" || pointer.starts_with(mc));
        }
        assert_eq!(card.sections.len(), expect.len());

        let details = &section(&card, "model_details").text;
        assert!(details.starts_with("Fictional supervised text classification model"));
        assert!(
            details.contains("Task: text-classification")
                && details.contains("Approach: supervised")
        );
        let uses = &section(&card, "intended_use").text;
        assert!(
            uses.contains("Suggest an initial support queue")
                && uses.contains("Support operations staff")
        );
        let ethics = &section(&card, "ethical_considerations").text;
        assert_eq!(
            ethics,
            "automation bias; Human review remains responsible for final ticket routing."
        );
        let fairness = &section(&card, "bias_fairness").text;
        assert!(fairness.starts_with("Customers using underrepresented languages"));
        assert!(fairness.contains("Monitor routing quality"));
        let data = &section(&card, "training_data").text;
        assert!(
            data.contains("support-ticket-training-data: Fictional dataset component"),
            "{data}"
        );
        assert!(data.contains("Illustrative evaluation split"), "{data}");
        let tech = &section(&card, "technical_specifications").text;
        assert!(tech.contains("encoder-only transformer") && tech.contains("inputs: text/plain"));
    }

    #[test]
    fn cyclonedx_nested_component_licenses_and_errors() {
        let bom = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "components": [
    {"type": "application", "name": "svc", "components": [
      {"type": "machine-learning-model", "name": "ranker", "version": "3",
       "licenses": [{"license": {"id": "MIT"}}, {"license": {"name": "Acme Model License"}}],
       "pedigree": {"ancestors": [{"type": "machine-learning-model", "name": "base-ranker"}]},
       "modelCard": {
         "modelParameters": {"datasets": [
           {"type": "dataset", "name": "clicks-2024", "description": "Click logs."},
           {"ref": "data-x"}
         ]},
         "quantitativeAnalysis": {"performanceMetrics": [{"type": "ndcg@10", "value": "high"}]},
         "considerations": {"environmentalConsiderations": {"energyConsumptions": [
           {"activity": "training", "energyProviders": [],
            "activityEnergyCost": {"value": 120.5, "unit": "kWh"},
            "co2CostEquivalent": {"value": 0.03, "unit": "tCO2eq"}}]}}
       }}
    ]},
    {"type": "data", "name": "unrelated", "data": [
      {"bom-ref": "data-x", "type": "dataset", "name": "Query Logs", "description": "Search queries."}]}
  ]
}"#;
        let card = inline("bom.json", bom).unwrap();
        assert_eq!(card.name.as_deref(), Some("ranker"));
        assert_eq!(card.version.as_deref(), Some("3"));
        assert_eq!(card.license.as_deref(), Some("MIT AND Acme Model License"));
        assert_eq!(card.base_model, ["base-ranker"]);
        assert_eq!(card.datasets, ["clicks-2024", "Query Logs"]);
        assert_eq!(card.metrics[0].value, None);
        assert_eq!(card.metrics[0].value_text.as_deref(), Some("high"));
        let env = section(&card, "environmental_impact");
        assert_eq!(
            env.pointer.as_deref(),
            Some("/components/0/components/0/modelCard/considerations/environmentalConsiderations")
        );
        assert_eq!(env.text, "training, energy 120.5 kWh, CO2 0.03 tCO2eq");
        assert_eq!(
            section(&card, "training_data").text,
            "clicks-2024: Click logs.\nQuery Logs: Search queries."
        );

        let no_model = r#"{"bomFormat": "CycloneDX", "specVersion": "1.4",
                           "components": [{"type": "library", "name": "left-pad"}]}"#;
        let e = inline("sbom.json", no_model).unwrap_err().to_string();
        assert!(
            e.contains("sbom.json") && e.contains("no component of type `machine-learning-model`"),
            "{e}"
        );
        assert!(e.contains("specVersion 1.4"), "{e}");

        let bad = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"components\": [\n    {\"type\": \"machine-learning-model\",\n     \"modelCard\": {\"considerations\": {\"useCases\": \"all\"}}}\n  ]\n}";
        let e = inline("bom.json", bad).unwrap_err().to_string();
        assert!(
            e.contains("line 5, at /components/0/modelCard/considerations/useCases"),
            "{e}"
        );

        let e = inline("bom.json", r#"{"bomFormat": "SPDX"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("at /bomFormat") && e.contains("expected \"CycloneDX\""),
            "{e}"
        );
    }

    #[test]
    fn detection_rejects_other_documents() {
        let e = inline("card.json", r#"{"name": "x"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("card.json: not a recognized model card"),
            "{e}"
        );
        assert!(
            e.contains("Hugging Face")
                && e.contains("Model Card Toolkit")
                && e.contains("CycloneDX"),
            "{e}"
        );
        let e = inline("card.json", "[1, 2]").unwrap_err().to_string();
        assert!(e.contains("not an object"), "{e}");
        let e = inline("card.txt", "just some text")
            .unwrap_err()
            .to_string();
        assert!(e.contains("neither Markdown nor JSON"), "{e}");
        // A JSON body without a .json name is still detected.
        let card = inline("card", r#"{"model_details": {"name": "x"}}"#).unwrap();
        assert_eq!(card.source.format, FORMAT_MCT);
        // Front matter without a .md name is a Hugging Face card.
        let card = inline("MODEL_CARD", "---\nlicense: mit\n---\n# x\n").unwrap();
        assert_eq!(card.source.format, FORMAT_HUGGINGFACE);
    }

    #[test]
    fn template_neutralization() {
        let t = "Developed by: [More Information Needed]\nModel type: Gradient boosting\nBibTeX:\n\
                 [More Information Needed]\nAPA:\nSmith (2024).\nUse the code below to get started with the model.";
        assert_eq!(
            neutralize_template(t),
            "[More Information Needed]\nModel type: Gradient boosting\n[More Information Needed]\nAPA:\nSmith (2024)."
        );
        // Raw (unrendered) template slots count as placeholders too.
        let raw = "Developed by: {{ developers | default(\"[More Information Needed]\", true)}}";
        assert_eq!(neutralize_template(raw), PLACEHOLDER);
        // The sentence-transformers template's evaluation line, whatever model its link names.
        for name in ["{MODEL_NAME}", "org/model-a"] {
            let line = format!(
                "For an automated evaluation of this model, see the *Sentence Embeddings \
                 Benchmark*: [https://seb.sbert.net](https://seb.sbert.net?model_name={name})"
            );
            assert_eq!(neutralize_template(&line), PLACEHOLDER);
        }
        // Results written after the pointer, on lines of their own, stay.
        assert_eq!(
            neutralize_template("Spearman correlation on STS-b: 84.2."),
            "Spearman correlation on STS-b: 84.2."
        );
        // Markup left around a label does not hide it.
        assert_eq!(
            neutralize_template("**Hours used:** [More Information Needed]"),
            PLACEHOLDER
        );
    }

    #[test]
    fn truncated_inputs_error_or_load_but_never_panic() {
        let mut names: Vec<String> = ["hf-complete.md", "hf-template.md", "mct.json"]
            .iter()
            .map(|n| format!("{FIXTURES}/{n}"))
            .collect();
        let sample = format!("{SHARED}/cyclonedx/MLBOM/Model-Card-With-Dataset/bom.json");
        if Path::new(&sample).exists() {
            names.push(sample);
        }
        for path in names {
            let bytes = std::fs::read(&path).unwrap();
            let name = Path::new(&path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            for cut in (0..bytes.len()).step_by((bytes.len() / 150).max(1)) {
                let doc = Doc::new(&name, &name, bytes[..cut].to_vec());
                let _ = load(&doc);
            }
        }
    }
}
