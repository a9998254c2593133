//! Card headings and bold labels read as canonical section ids: the heading table, how a
//! heading is cut into words and parts, and which topics it names.

use super::content::{
    discusses_bias, states_evaluation, states_limits, states_out_of_scope, states_use,
};
use crate::formats::markdown;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Heading texts (as written in cards) and their section ids: the phrases [`heading_topics`]
/// reads a heading with, compared as words after [`heading_parts`].
pub(super) const HEADINGS: &[(&str, &str)] = &[
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
