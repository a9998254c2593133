//! Dataset manifests in three formats, all normalized into [`Dataset`]:
//!
//! * MLCommons **Croissant** JSON-LD (1.0 and 1.1) with its Responsible-AI (RAI) vocabulary, as
//!   one object, a top-level array or a flattened `@graph`;
//! * **Hugging Face dataset cards** (`README.md` with YAML front matter), whose template sections
//!   are mapped onto the same RAI keys as Croissant;
//! * modelgate's own **datasheet** (`dataset.yaml`, see [`Datasheet`]) for teams with neither,
//!   which states the GDPR/CCPA facts the privacy policies judge.

use super::markdown::{self, canonical_sections, count_words, strip_placeholders, truncate};
use super::{as_string, parse_yaml, string_list, Doc};
use crate::error::{Location, Result};
use crate::input::{
    Anonymization, Art89, Ccpa, Children, Consent, CriminalData, Dataset, DeidentifiedCommitment,
    Dpia, Field, LegitimateInterests, PersonalData, Transfer,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// `Source.format` of Croissant manifests.
pub const FORMAT_CROISSANT: &str = "croissant";
/// `Source.format` of Hugging Face dataset cards.
pub const FORMAT_HF_CARD: &str = "huggingface-dataset-card";
/// `Source.format` of modelgate datasheets.
pub const FORMAT_DATASHEET: &str = "modelgate-datasheet";

/// Longest free text (descriptions, RAI statements) kept in the input.
const MAX_TEXT: usize = 4000;

/// The `@context` IRI of the Croissant RAI vocabulary.
const RAI_IRI: &str = "http://mlcommons.org/croissant/RAI/";

/// A dataset manifest format this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetFormat {
    Croissant,
    HuggingFaceCard,
    Datasheet,
}

impl DatasetFormat {
    /// The `Source.format` name.
    pub fn name(self) -> &'static str {
        match self {
            DatasetFormat::Croissant => FORMAT_CROISSANT,
            DatasetFormat::HuggingFaceCard => FORMAT_HF_CARD,
            DatasetFormat::Datasheet => FORMAT_DATASHEET,
        }
    }
}

/// Guesses the format from the file name and content:
///
/// * `.md`/`.markdown` → Hugging Face dataset card;
/// * `.json`/`.jsonld`, or content starting with `{` or `[` → Croissant (checked when loading);
/// * `dataset.yaml`, `datasheet.yaml`, `*.datasheet.yaml` (or `.yml`), any other `.yaml`/`.yml`,
///   or a top-level `kind: Datasheet` line → datasheet;
/// * content starting with a `---` front-matter fence → Hugging Face dataset card.
pub fn detect(file_name: &str, text: &str) -> Option<DatasetFormat> {
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_ascii_lowercase();
    let ext = |e: &str| name.ends_with(e);
    if ext(".md") || ext(".markdown") {
        return Some(DatasetFormat::HuggingFaceCard);
    }
    if ext(".json") || ext(".jsonld") || text.trim_start().starts_with(['{', '[']) {
        return Some(DatasetFormat::Croissant);
    }
    if ext(".yaml") || ext(".yml") || has_kind_datasheet(text) {
        return Some(DatasetFormat::Datasheet);
    }
    if text.trim_start().starts_with("---") {
        return Some(DatasetFormat::HuggingFaceCard);
    }
    None
}

fn has_kind_datasheet(text: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("kind:")
            .map(|v| {
                v.split('#')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    == "Datasheet"
            })
            .unwrap_or(false)
    })
}

/// Loads a dataset manifest of any supported format (see [`detect`]).
pub fn load(doc: &Doc) -> Result<Dataset> {
    let text = doc.text()?;
    let name = if doc.rel.is_empty() {
        doc.path.to_string_lossy().into_owned()
    } else {
        doc.rel.clone()
    };
    match detect(&name, text) {
        Some(DatasetFormat::Croissant) => load_croissant(doc),
        Some(DatasetFormat::HuggingFaceCard) => load_hf_card(doc),
        Some(DatasetFormat::Datasheet) => load_datasheet(doc),
        None => Err(doc.err(
            Location::default(),
            "not a dataset manifest: expected Croissant JSON-LD (.json), a Hugging Face dataset card \
             (.md with YAML front matter) or a modelgate datasheet (dataset.yaml, kind: Datasheet)",
        )),
    }
}

/// How a free-text statement on personal or sensitive information reads. Only a plain statement
/// that there is none reads as [`PersonalReading::Absent`]: a wrong "none" switches the privacy
/// rules off, so anything else that says something counts as personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalReading {
    /// Says the data holds personal data, or says something that is no plain "none".
    Present,
    /// Hedges towards personal data being there ("probably", "may contain", "we did not
    /// remove", "we do not expect any").
    Likely,
    /// Says plainly that there is none ("None.", "The dataset does not contain personal
    /// information") with no caveat or hedge anywhere in the text.
    Absent,
    /// Empty, a placeholder ("[More Information Needed]", "[N/A]") or says it is not known.
    Unknown,
}

impl PersonalReading {
    /// `contains_personal_data` of the input: present or likely is `true`, absent `false`,
    /// unknown absent from the input.
    pub fn contains(self) -> Option<bool> {
        match self {
            PersonalReading::Present | PersonalReading::Likely => Some(true),
            PersonalReading::Absent => Some(false),
            PersonalReading::Unknown => None,
        }
    }
}

/// Whether a free-text statement on personal or sensitive information says the data contains
/// some: see [`read_personal_statement`] and [`PersonalReading::contains`].
pub fn contains_from_statement(text: &str) -> Option<bool> {
    read_personal_statement(text).contains()
}

/// Openings of a statement that says whether there is personal data is not known. "N/A" and
/// "not applicable" are here, not among the denials: they answer the template, not the question.
const UNKNOWN_OPENINGS: &[&str] = &[
    "unknown",
    "unkown",
    "not known",
    "unclear",
    "not clear",
    "not assessed",
    "not yet assessed",
    "undetermined",
    "unsure",
    "not sure",
    "n a",
    "na",
    "not applicable",
    "not available",
    "unspecified",
    "not specified",
    "not stated",
    "we do not know",
    "we don't know",
    "null",
];

/// Whole first sentences that deny personal data.
const DENIALS: &[&str] = &["none", "no", "nothing", "nil", "zero"];

/// Words that hedge towards personal data being present; any of them keeps a text from reading
/// as a denial. `*` ends a word prefix.
const HEDGES: &[&str] = &[
    "probably",
    "likely",
    "unlikely",
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "potentially",
    "perhaps",
    "maybe",
    "presumably",
    "expect*",
    "believe*",
    "assume*",
    "to our knowledge",
    "as far as we know",
    "best effort",
    "not guaranteed",
    "cannot guarantee",
    "can't guarantee",
    "no guarantee",
    "ruled out",
    "not remove*",
    "not been remove*",
    "not anonymi*",
    "not been anonymi*",
    "not filter*",
    "not been filter*",
    "not redact*",
    "not been redact*",
    "not obfuscat*",
    "not scrub*",
];

/// Words that make an exception to a denial.
const CAVEATS: &[&str] = &[
    "except*",
    "other than",
    "apart from",
    "besides",
    "but",
    "however",
    "although",
    "though",
    "nonetheless",
    "nevertheless",
    "unless",
    "aside from",
];

/// Words that name personal data in a denial.
const PERSONAL_TERMS: &[&str] = &["personal*", "pii", "identifiable", "private"];

/// Negations that open a denial ("no personal data", "free of PII").
const NO_WORDS: &[&str] = &["no", "zero", "without", "free of"];

/// Negated auxiliaries and the verbs they deny ("does not contain", "did not collect").
const NOT_WORDS: &[&str] = &[
    "not", "never", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
    "hasn't", "haven't",
];
const HOLD_VERBS: &[&str] = &[
    "contain*",
    "include*",
    "have",
    "has",
    "hold*",
    "collect*",
    "store*",
    "involve*",
    "comprise*",
    "feature*",
    "retain*",
    "record*",
    "gather*",
    "process*",
];

/// Words that may stand between a denial and the personal-data term ("no personal or
/// sensitive information", "does not contain any real personal data").
const DENIAL_FILLER: &[&str] = &[
    "any",
    "or",
    "and",
    "other",
    "real",
    "sensitive",
    "such",
    "known",
    "directly",
    "further",
    "additional",
    "of",
    "the",
    "user",
    "users",
];

/// What a personal-data term may be followed by before a passive denial ("personal information
/// is not included").
const TERM_NOUNS: &[&str] = &[
    "data",
    "information",
    "info",
    "details",
    "identifiable",
    "identifying",
    "or",
    "and",
    "sensitive",
];
const PASSIVE_VERBS: &[&str] = &[
    "included",
    "collected",
    "present",
    "contained",
    "stored",
    "recorded",
    "gathered",
    "kept",
];

/// Lower-case words of a text: runs of letters, digits and apostrophes.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether one word matches a pattern word (`prefix*` or the exact word).
fn word_is(word: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

/// Length of `phrase` (space-separated pattern words) when it matches at `w[at..]`.
fn phrase_at(w: &[String], at: usize, phrase: &str) -> Option<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    let slice = w.get(at..at + parts.len())?;
    slice
        .iter()
        .zip(&parts)
        .all(|(word, p)| word_is(word, p))
        .then_some(parts.len())
}

fn has_phrase(w: &[String], phrases: &[&str]) -> bool {
    (0..w.len()).any(|i| phrases.iter().any(|p| phrase_at(w, i, p).is_some()))
}

/// Whether the words from `at` are fillers up to a personal-data term.
fn term_follows(w: &[String], at: usize) -> bool {
    for word in w.iter().skip(at).take(5) {
        if PERSONAL_TERMS.iter().any(|p| word_is(word, p)) {
            return true;
        }
        if !DENIAL_FILLER.contains(&word.as_str()) {
            return false;
        }
    }
    false
}

/// Whether a sentence denies personal data: "no personal data", "does not contain any PII",
/// "personal information is not included".
fn denies_personal_data(w: &[String]) -> bool {
    (0..w.len()).any(|i| {
        let no = NO_WORDS
            .iter()
            .find_map(|p| phrase_at(w, i, p))
            .is_some_and(|n| term_follows(w, i + n));
        let not_hold = NOT_WORDS.contains(&w[i].as_str())
            && w.get(i + 1)
                .is_some_and(|v| HOLD_VERBS.iter().any(|p| word_is(v, p)))
            && term_follows(w, i + 2);
        no || not_hold || passive_denial(w, i)
    })
}

/// "personal (data|information) (is|are|was|were) not (been)? included".
fn passive_denial(w: &[String], at: usize) -> bool {
    if !PERSONAL_TERMS.iter().any(|p| word_is(&w[at], p)) {
        return false;
    }
    let mut i = at + 1;
    while w.get(i).is_some_and(|x| TERM_NOUNS.contains(&x.as_str())) {
        i += 1;
    }
    if !w
        .get(i)
        .is_some_and(|x| matches!(x.as_str(), "is" | "are" | "was" | "were"))
    {
        return false;
    }
    i += 1;
    if !w
        .get(i)
        .is_some_and(|x| matches!(x.as_str(), "not" | "never"))
    {
        return false;
    }
    i += 1;
    if w.get(i).is_some_and(|x| x == "been") {
        i += 1;
    }
    w.get(i)
        .is_some_and(|x| PASSIVE_VERBS.contains(&x.as_str()))
}

/// Reads a statement on personal or sensitive information (a dataset card's "Personal and
/// Sensitive Information" section, Croissant `rai:personalSensitiveInformation`):
///
/// * nothing but placeholders, or an opening that says it is not known ("Unknown", "[N/A]")
///   → unknown, unless it goes on to hedge towards personal data ("Unknown, but likely there
///   are names") → likely;
/// * a first sentence that is a bare "None."/"No." or denies personal data in so many words,
///   with no caveat ("except", "however") or hedge ("may", "probably") anywhere → absent;
/// * any hedge → likely; anything else → present.
pub fn read_personal_statement(text: &str) -> PersonalReading {
    let (clean, _) = strip_placeholders(text);
    let all = words(&clean);
    if all.is_empty() {
        return PersonalReading::Unknown;
    }
    let hedged = has_phrase(&all, HEDGES);
    if let Some(n) = UNKNOWN_OPENINGS.iter().find_map(|p| phrase_at(&all, 0, p)) {
        let rest = &all[n..];
        let negated = rest.iter().any(|x| {
            matches!(x.as_str(), "no" | "none" | "not" | "nothing" | "without")
                || x.ends_with("n't")
        });
        return if has_phrase(rest, HEDGES) && !negated {
            PersonalReading::Likely
        } else {
            PersonalReading::Unknown
        };
    }
    let lower = clean.to_lowercase();
    let first = words(first_sentence(lower.trim_start()));
    let denial =
        (first.len() == 1 && DENIALS.contains(&first[0].as_str())) || denies_personal_data(&first);
    if denial && !hedged && !has_phrase(&all, CAVEATS) {
        PersonalReading::Absent
    } else if hedged {
        PersonalReading::Likely
    } else {
        PersonalReading::Present
    }
}

/// The text up to the first sentence end or line break.
fn first_sentence(t: &str) -> &str {
    let end = [
        t.find(". "),
        t.find(".\n"),
        t.find("? "),
        t.find("! "),
        t.find(';'),
        t.find('\n'),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(t.len());
    &t[..end]
}

/// A `contains: false` next to a statement that reads as personal data present or likely
/// ("Identity and income data.") is a contradiction the author wrote; the data is taken to hold
/// personal data, so the privacy rules judge it.
fn statement_overrides_denial(pd: &mut PersonalData) {
    if pd.contains_personal_data == Some(false)
        && pd.statement.as_deref().and_then(contains_from_statement) == Some(true)
    {
        pd.contains_personal_data = Some(true);
    }
}

fn bounded(s: &str) -> String {
    let mut s = s.trim().to_string();
    truncate(&mut s, MAX_TEXT);
    s
}

// ---------------------------------------------------------------------------------------------
// Croissant JSON-LD
// ---------------------------------------------------------------------------------------------

/// The prefixes and terms of a compacted JSON-LD `@context`, enough to expand keys and types.
#[derive(Debug, Default)]
struct LdContext {
    /// Prefix or term -> the IRI (or compact IRI) it stands for.
    terms: BTreeMap<String, String>,
    vocab: Option<String>,
}

impl LdContext {
    /// The contexts in force for a node, outer first: an inner term overrides an outer one.
    fn from_values(vs: &[&Value]) -> Self {
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
    fn expand(&self, term: &str) -> String {
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
    fn rai_local(&self, key: &str) -> Option<String> {
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

    fn is_schema_dataset(&self, ty: &str) -> bool {
        let iri = self.expand(ty);
        matches!(
            iri.as_str(),
            "https://schema.org/Dataset" | "http://schema.org/Dataset"
        ) || matches!(ty, "sc:Dataset" | "schema:Dataset")
    }
}

/// JSON-LD value as text: strings, numbers, `{"@value": ...}`, `@list`/`@set`, arrays of those
/// (joined by new lines), objects by their `description`, `name` or `@id`.
fn ld_text(v: Option<&Value>) -> Option<String> {
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
fn not_none(s: Option<String>) -> Option<String> {
    s.filter(|s| !matches!(s.as_str(), "None" | "null" | "undefined"))
}

fn ld_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(x) => vec![x],
    }
}

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

/// A JSON-LD node: the object, the `@context` values in force for it (outer first), its JSON
/// pointer.
type LdNode<'a> = (&'a Map<String, Value>, Vec<&'a Value>, String);

/// The nodes of a JSON-LD document: the top-level object, each object of a top-level array, and
/// the members of a `@graph` of either.
fn ld_nodes(v: &Value) -> Vec<LdNode<'_>> {
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

// ---------------------------------------------------------------------------------------------
// Hugging Face dataset card
// ---------------------------------------------------------------------------------------------

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
    let fm = super::card_front_matter(doc, text)?;
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
                    column: None,
                    pointer: None,
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
        let index = super::locate::YamlIndex::new(yaml, offset);
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

// ---------------------------------------------------------------------------------------------
// modelgate datasheet
// ---------------------------------------------------------------------------------------------

/// A modelgate datasheet (`dataset.yaml`): what a dataset is and what it holds of personal
/// data, for teams without a Croissant manifest or a Hugging Face dataset card. The
/// `personalData` block carries the facts GDPR (Regulation (EU) 2016/679) and the CCPA/CPRA
/// (Cal. Civ. Code §1798.100 et seq.) policies judge; unstated facts are findings, not defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Datasheet {
    /// Schema version of this file; must be `modelgate.dev/v1`.
    pub api_version: ApiVersion,
    /// Must be `Datasheet`.
    pub kind: DatasheetKind,
    /// Dataset name, e.g. `loan-applications-2024`.
    pub name: String,
    /// Dataset version or snapshot label (quote it in YAML: `"2024.06"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What the data is, where it comes from and what it is used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// SPDX license identifier or expression, or `LicenseRef-...` for internal terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Where the dataset (or its catalogue entry) lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Personal-data facts (GDPR Art. 4(1) personal data, CCPA §1798.140(v) personal
    /// information).
    pub personal_data: PersonalDataSheet,
    /// Columns or attributes of the records, with their personal-data category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<DatasheetField>,
    /// Responsible-AI statements, with the keys of the Croissant RAI vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rai: Option<RaiStatements>,
}

/// The only datasheet schema version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ApiVersion {
    /// Version 1 of the datasheet schema.
    #[serde(rename = "modelgate.dev/v1")]
    V1,
}

/// The datasheet's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DatasheetKind {
    /// A dataset datasheet.
    Datasheet,
}

/// What the dataset holds of personal data and on what terms it is processed. Also accepted as
/// the `personal_data:` front-matter key of a Hugging Face dataset card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PersonalDataSheet {
    /// Whether the records contain personal data: any information relating to an identified or
    /// identifiable natural person (GDPR Art. 4(1)), or personal information under CCPA
    /// §1798.140(v). Pseudonymised data is still personal data (GDPR Recital 26).
    pub contains: bool,
    /// Categories of personal data held, as recorded in the record of processing activities
    /// (GDPR Art. 30(1)(c)), e.g. `identity`, `contact`, `financial`, `employment`, `location`,
    /// `online_identifiers`, `behavioural`, `communications`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Special categories of personal data present (GDPR Art. 9(1)); processing them is
    /// prohibited unless an Art. 9(2) condition applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_categories: Vec<SpecialCategory>,
    /// The GDPR Art. 9(2) condition relied on for the special categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_condition: Option<SpecialCategoryCondition>,
    /// What the special categories are processed for, where the Art. 9(2) condition names a
    /// purpose: e.g. `medical_diagnosis` or `provision_of_health_or_social_care` for 9(2)(h),
    /// `scientific_research` for 9(2)(j). The purposes each condition accepts are a policy
    /// parameter; credit scoring fits none of 9(2)(h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_purpose: Option<String>,
    /// The Union or Member State law the Art. 9(2)(b), (g), (h), (i) or (j) condition rests on
    /// (for 9(2)(h) also "pursuant to contract with a health professional"), e.g.
    /// `BDSG § 22(1)(1)(b)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_law_reference: Option<String>,
    /// Whether the special categories are processed by or under the responsibility of a
    /// professional subject to the obligation of professional secrecy (Art. 9(3), required for
    /// Art. 9(2)(h)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional_secrecy: Option<bool>,
    /// The lawful basis of the processing (GDPR Art. 6(1)(a)-(f)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_basis: Option<LawfulBasis>,
    /// The legitimate-interests assessment (balancing test), when the basis is legitimate
    /// interests (Art. 6(1)(f): "in particular where the data subject is a child"; EDPB Opinion
    /// 28/2024 three-step test).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interests: Option<LegitimateInterestsSheet>,
    /// How data subjects object to the processing and how an objection reaches the data and
    /// the model (Art. 21(1)), required when the basis is public task or legitimate interests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_process: Option<String>,
    /// How consent was obtained, when the basis is consent (GDPR Art. 6(1)(a), Art. 7) or the
    /// special-category condition is explicit consent (Art. 9(2)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentSheet>,
    /// De-identification applied to the records (GDPR Art. 4(5), Art. 25, Art. 32(1)(a),
    /// Recital 26; CCPA §1798.140(m)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymization: Option<AnonymizationSheet>,
    /// How long the personal data is kept, in days (storage limitation, GDPR Art. 5(1)(e);
    /// stated to data subjects under Art. 13(2)(a); CCPA §1798.100(a)(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u64>,
    /// Where no period can be given, the criteria used to determine it (GDPR Art. 13(2)(a),
    /// 14(2)(a): "or if that is not possible, the criteria used to determine that period").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_criteria: Option<String>,
    /// Processing solely for archiving in the public interest, research or statistics under the
    /// Art. 89(1) safeguards: such data may be stored longer (Art. 5(1)(e)), and Art. 9(2)(j)
    /// requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art89: Option<Art89Sheet>,
    /// Where the data subjects are, as ISO 3166 codes or regions: `EU`, `EEA`, `UK`, `US-CA`,
    /// ... (GDPR Art. 3 territorial scope; CCPA applies to California residents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_regions: Vec<String>,
    /// Transfers of the personal data outside the EEA (GDPR Chapter V, Art. 44-49).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<TransferSheet>,
    /// Data protection impact assessment (GDPR Art. 35), required where processing is likely
    /// to result in a high risk, e.g. large-scale special categories or systematic profiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<DpiaSheet>,
    /// Whether records describe children (GDPR Art. 8 and Recital 38; for California consumers
    /// under 16 see `ccpa.minorsUnder16`): `true`/`false`, or a mapping that also says how
    /// parental consent is obtained and ages are verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<ChildrenSheet>,
    /// Personal data relating to criminal convictions and offences or related security
    /// measures (GDPR Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_data: Option<CriminalDataSheet>,
    /// Reference of the processing's entry in the record of processing activities (GDPR
    /// Art. 30(1)), e.g. `ROPA-CR-12` or a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_of_processing: Option<String>,
    /// Link or reference of the privacy notice that tells data subjects about the processing
    /// (GDPR Art. 12(1), Art. 13 where data is collected from them, Art. 14 where it is not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transparency_notice: Option<String>,
    /// Whether the processing is large scale by number of subjects, volume, duration or
    /// geographic extent (GDPR Art. 35(3)(b)-(c), Recital 91); with `profiling` it calls for a
    /// DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_scale: Option<bool>,
    /// Whether the data is used for profiling: automated evaluation of personal aspects such as
    /// economic situation, health, preferences, reliability or behaviour (GDPR Art. 4(4),
    /// Art. 35(3)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiling: Option<bool>,
    /// California facts (CCPA as amended by the CPRA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccpa: Option<CcpaSheet>,
}

/// GDPR Art. 6(1) lawful bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    /// Art. 6(1)(a): the data subject has given consent for one or more specific purposes.
    Consent,
    /// Art. 6(1)(b): necessary for a contract with the data subject.
    Contract,
    /// Art. 6(1)(c): necessary for compliance with a legal obligation.
    LegalObligation,
    /// Art. 6(1)(d): necessary to protect vital interests.
    VitalInterests,
    /// Art. 6(1)(e): task carried out in the public interest or in official authority.
    PublicTask,
    /// Art. 6(1)(f): legitimate interests not overridden by the data subject's rights (needs a
    /// documented balancing test).
    LegitimateInterests,
}

/// GDPR Art. 9(1) special categories of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategory {
    /// Racial or ethnic origin.
    RacialOrEthnicOrigin,
    /// Political opinions.
    PoliticalOpinions,
    /// Religious or philosophical beliefs.
    ReligiousBeliefs,
    /// Trade union membership.
    TradeUnionMembership,
    /// Genetic data (Art. 4(13)).
    Genetic,
    /// Biometric data processed to uniquely identify a person (Art. 4(14)).
    Biometric,
    /// Data concerning health (Art. 4(15)).
    Health,
    /// Data concerning a person's sex life or sexual orientation.
    SexLifeOrOrientation,
}

/// GDPR Art. 9(2)(a)-(j) conditions for processing special categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryCondition {
    /// Art. 9(2)(a): explicit consent.
    ExplicitConsent,
    /// Art. 9(2)(b): employment, social security and social protection law.
    EmploymentSocialSecurity,
    /// Art. 9(2)(c): vital interests where the subject cannot consent.
    VitalInterests,
    /// Art. 9(2)(d): a not-for-profit body's legitimate activities with its members.
    NotForProfitBody,
    /// Art. 9(2)(e): data manifestly made public by the data subject.
    MadePublicByDataSubject,
    /// Art. 9(2)(f): establishment, exercise or defence of legal claims.
    LegalClaims,
    /// Art. 9(2)(g): substantial public interest on the basis of Union or Member State law.
    SubstantialPublicInterest,
    /// Art. 9(2)(h): preventive or occupational medicine, health or social care.
    HealthOrSocialCare,
    /// Art. 9(2)(i): public interest in the area of public health.
    PublicHealth,
    /// Art. 9(2)(j): archiving in the public interest, scientific or historical research or
    /// statistics (with Art. 89(1) safeguards).
    ArchivingResearchStatistics,
}

/// Children among the data subjects (GDPR Art. 8): a plain `true`/`false`, or a mapping with
/// `present`, `ageVerification` and `parentalConsent`.
// Deserialized by hand (not `untagged`) so that a mapping keeps its field-level errors.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ChildrenSheet {
    /// Whether records describe children (below the age of digital consent, 16 or the lower age
    /// a Member State set under Art. 8(1)).
    Present(bool),
    /// Whether records describe children, with how their consent is obtained and verified.
    Detail(ChildrenDetail),
}

impl<'de> Deserialize<'de> for ChildrenSheet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ChildrenSheet;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "true, false or a mapping with present, ageVerification, parentalConsent",
                )
            }
            fn visit_bool<E: serde::de::Error>(
                self,
                v: bool,
            ) -> std::result::Result<Self::Value, E> {
                Ok(ChildrenSheet::Present(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                ChildrenDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ChildrenSheet::Detail)
            }
        }
        d.deserialize_any(V)
    }
}

impl ChildrenSheet {
    fn to_input(&self) -> Children {
        match self {
            ChildrenSheet::Present(present) => Children {
                present: *present,
                ..Children::default()
            },
            ChildrenSheet::Detail(d) => Children {
                present: d.present,
                age_verification: d.age_verification.clone(),
                parental_consent: d.parental_consent,
            },
        }
    }
}

/// Children among the data subjects and the GDPR Art. 8 safeguards for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChildrenDetail {
    /// Whether records describe children below the age of digital consent (Art. 8(1)).
    pub present: bool,
    /// How the controller verifies the subjects' age, or that consent is given or authorised by
    /// the holder of parental responsibility, e.g. `age gate with ID check` (Art. 8(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_verification: Option<String>,
    /// Whether consent for the children is given or authorised by the holder of parental
    /// responsibility (Art. 8(1)), where consent is the lawful basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parental_consent: Option<bool>,
}

/// A legitimate-interests assessment (GDPR Art. 6(1)(f)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LegitimateInterestsSheet {
    /// Document id or link of the assessment: the interest pursued, the necessity of the
    /// processing, and the balancing against the data subjects' interests and rights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_ref: Option<String>,
    /// Date of the assessment, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Whether the balancing weighed children's interests, where records describe children
    /// (Art. 6(1)(f): "in particular where the data subject is a child").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children_considered: Option<bool>,
}

/// The purposes of GDPR Art. 89(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Art89Purpose {
    /// Archiving purposes in the public interest.
    ArchivingPublicInterest,
    /// Scientific research purposes.
    ScientificResearch,
    /// Historical research purposes.
    HistoricalResearch,
    /// Statistical purposes.
    Statistics,
}

/// Archiving, research or statistical processing (GDPR Art. 89(1)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Art89Sheet {
    /// The Art. 89(1) purpose the data is processed for, solely.
    pub purpose: Art89Purpose,
    /// The technical and organisational measures that safeguard the data subjects, in
    /// particular for data minimisation, e.g. pseudonymisation (Art. 89(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguards: Option<String>,
}

/// Criminal-offence data (GDPR Art. 10).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CriminalDataSheet {
    /// Whether the records hold personal data relating to criminal convictions and offences or
    /// related security measures.
    pub present: bool,
    /// The Union or Member State law that authorises the processing and provides appropriate
    /// safeguards (Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_reference: Option<String>,
    /// Whether the processing is carried out under the control of official authority (Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_authority: Option<bool>,
}

/// Proof of consent (GDPR Art. 7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConsentSheet {
    /// Whether consent is recorded so that the controller can demonstrate it (Art. 7(1)).
    pub recorded: bool,
    /// Where the consent records are, e.g. a consent-log id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Whether subjects can withdraw consent as easily as they gave it (Art. 7(3)); false when
    /// omitted.
    #[serde(default)]
    pub withdrawable: bool,
    /// Whether the consent is explicit (an express statement for the specified purposes), as
    /// the Art. 9(2)(a) and 22(2)(c) conditions require; ordinary consent (Art. 6(1)(a)) does
    /// not meet them. False when omitted.
    #[serde(default)]
    pub explicit: bool,
}

/// De-identification methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnonymizationMethod {
    /// No de-identification.
    None,
    /// Identifiers replaced so that data needs additional, separately kept information to be
    /// attributed to a person (GDPR Art. 4(5)); still personal data.
    Pseudonymisation,
    /// Irreversibly rendered anonymous so the subject is no longer identifiable (Recital 26).
    Anonymisation,
    /// Only aggregates are kept.
    Aggregation,
    /// Differentially private release.
    DifferentialPrivacy,
    /// k-anonymity (generalisation and suppression).
    KAnonymity,
    /// Synthetic records generated from the original data.
    SyntheticData,
}

/// De-identification applied to the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnonymizationSheet {
    /// The method applied.
    pub method: AnonymizationMethod,
    /// Whether direct identifiers (names, e-mail addresses, national ids, ...) were removed;
    /// false when omitted.
    #[serde(default)]
    pub direct_identifiers_removed: bool,
    /// Why the method is adequate for the re-identification risk (e.g. a motivated-intruder
    /// test), required for claims of anonymisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// GDPR Chapter V transfer mechanisms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    /// Art. 45: adequacy decision for the destination.
    Adequacy,
    /// Art. 46(2)(c): standard contractual clauses.
    Scc,
    /// Art. 47: binding corporate rules.
    Bcr,
    /// Art. 49: derogation for specific situations.
    #[serde(rename = "derogation_49")]
    Derogation49,
    /// No transfer mechanism.
    None,
}

/// A transfer of personal data to a third country or international organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TransferSheet {
    /// Destination country (ISO 3166 code) or organisation.
    pub destination: String,
    /// The Chapter V mechanism the transfer relies on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<TransferMechanism>,
    /// Who receives the data (Art. 30(1)(d)-(e)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Whether a US recipient is certified under the EU-US Data Privacy Framework: the US
    /// adequacy decision covers only such recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpf_certified: Option<bool>,
    /// Whether a Canadian recipient is a commercial organisation subject to PIPEDA: the Canada
    /// adequacy decision covers only those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeda_covered: Option<bool>,
    /// Whether the transfer is occasional (not repetitive), as an Art. 49 derogation requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasional: Option<bool>,
    /// Why the Art. 49 derogation applies (which point of Art. 49(1) and the facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// Data protection impact assessment (GDPR Art. 35).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DpiaSheet {
    /// Whether the DPIA was carried out.
    pub done: bool,
    /// Document id or link of the DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Date of the assessment, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
}

/// California facts (CCPA as amended by the CPRA, Cal. Civ. Code §1798.100 et seq.).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CcpaSheet {
    /// Link to the notice at collection (§1798.100(a)-(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_at_collection: Option<String>,
    /// Business purposes the personal information is used for (§1798.100(a)(1),
    /// §1798.140(e)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// Whether the personal information is sold (§1798.140(ad)).
    pub sold: bool,
    /// Whether it is shared for cross-context behavioural advertising (§1798.140(ah)).
    pub shared: bool,
    /// Link to the "Do Not Sell or Share My Personal Information" mechanism (§1798.120,
    /// §1798.135).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    /// Sensitive personal information held (§1798.140(ae)); subject to the right to limit
    /// (§1798.121).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<CcpaSensitive>,
    /// Whether it includes consumers under 16, whose information may only be sold or shared
    /// with opt-in consent (§1798.120(c)); false when omitted.
    #[serde(default)]
    pub minors_under16: bool,
    /// Whether consumers under 16 affirmatively authorised the sale or sharing (consumers aged
    /// 13 to 15 themselves, a parent or guardian for those under 13), as §1798.120(c) requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_in_minors: Option<bool>,
    /// Whether sensitive personal information is only used or disclosed for the purposes
    /// §1798.121(a) allows (services reasonably expected, security, integrity, ...), so that the
    /// right to limit does not apply (§1798.121(a), CCPA regulations §7027(m)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_use_limited: Option<bool>,
    /// Link to the "Limit the Use of My Sensitive Personal Information" notice and mechanism
    /// (§1798.121(a), §1798.135(a)(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_notice: Option<String>,
    /// Whether the information is deidentified within §1798.140(m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deidentified: Option<bool>,
    /// The commitments that deidentified information needs (§1798.140(m)(2)-(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deidentified_commitment: Option<DeidentifiedCommitmentSheet>,
    /// How long each category of personal information (a key of `personalData.categories`) is
    /// kept, in days, where periods differ by category (§1798.100(a)(3)); otherwise
    /// `personalData.retentionDays` covers every category.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retention_by_category: BTreeMap<String, u64>,
    /// Reference of the risk assessment for processing that presents significant risk: selling
    /// or sharing, sensitive personal information, automated decision-making for significant
    /// decisions (§1798.185(a)(15)(B), CCPA regulations §7150).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<String>,
    /// Where no period can be given, the criteria used to determine how long each category is
    /// kept (§1798.100(a)(3): "or if that is not possible, the criteria used to determine that
    /// period").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_criteria: Option<String>,
    /// Whether the sensitive personal information is collected or processed for the purpose of
    /// inferring characteristics about consumers. `false` invokes §1798.121(d) (the right to
    /// limit does not apply); it is not accepted for data used for profiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_inference: Option<bool>,
    /// Exemptions the business claims for this personal information: `glba` (collected,
    /// processed, sold or disclosed subject to the Gramm-Leach-Bliley Act, §1798.145(e)),
    /// `fcra` (consumer-report activity regulated by the Fair Credit Reporting Act,
    /// §1798.145(d)), `hipaa` (protected health information under HIPAA, §1798.146). A claim
    /// counts only where the organisation's configuration lists the same exemption.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<CcpaExemption>,
    /// Whether the data is used to infer or extrapolate characteristics of job applicants,
    /// students, employees or contractors from systematic observation of them (CCPA
    /// regulations §7150(b)(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systematic_observation: Option<bool>,
    /// Whether the data is used to infer or extrapolate characteristics of consumers from their
    /// presence in a sensitive location (CCPA regulations §7150(b)(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_location: Option<bool>,
}

/// Data-level exemptions from the CCPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CcpaExemption {
    /// §1798.145(e): personal information collected, processed, sold or disclosed subject to
    /// the Gramm-Leach-Bliley Act (the breach action of §1798.150 still applies).
    Glba,
    /// §1798.145(d): consumer-report activity regulated by the Fair Credit Reporting Act.
    Fcra,
    /// §1798.146: protected health information governed by HIPAA (or medical information
    /// governed by the Confidentiality of Medical Information Act).
    Hipaa,
}

/// The commitments of CCPA §1798.140(m) for deidentified information.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeidentifiedCommitmentSheet {
    /// Link to the business's public commitment to maintain and use the information only in
    /// deidentified form (§1798.140(m)(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_commitment: Option<String>,
    /// Whether the business does not attempt to reidentify the information (§1798.140(m)(2));
    /// false when omitted.
    #[serde(default)]
    pub no_reidentification: bool,
    /// Whether every recipient is contractually obliged to comply with §1798.140(m)
    /// (§1798.140(m)(3)); false when omitted.
    #[serde(default)]
    pub contractual: bool,
}

/// CCPA §1798.140(ae) sensitive personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CcpaSensitive {
    /// Social security, driver's license, state identification card or passport number.
    GovernmentId,
    /// Account log-in, financial account, debit or credit card number with its access code.
    AccountCredentials,
    /// Precise geolocation.
    PreciseGeolocation,
    /// Racial or ethnic origin.
    RacialOrEthnicOrigin,
    /// Citizenship or immigration status.
    CitizenshipOrImmigrationStatus,
    /// Religious or philosophical beliefs.
    ReligiousOrPhilosophicalBeliefs,
    /// Union membership.
    UnionMembership,
    /// Contents of mail, e-mail and text messages not addressed to the business.
    CommunicationsContent,
    /// Genetic data.
    Genetic,
    /// Biometric information processed to identify a consumer.
    Biometric,
    /// Personal information concerning health.
    Health,
    /// Sex life or sexual orientation.
    SexLifeOrOrientation,
    /// Neural data.
    NeuralData,
}

/// A column or attribute of the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatasheetField {
    /// Column name.
    pub name: String,
    /// Data type, e.g. `string`, `integer`, `float`, `date`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// What the column holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Personal-data category of the column (one of `personalData.categories`), when it holds
    /// personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<String>,
    /// Whether the column directly identifies a person (name, e-mail, national id, customer
    /// number, ...); false when omitted.
    #[serde(default)]
    pub direct_identifier: bool,
    /// Why the column must be kept as it is although it is a direct identifier that the
    /// dataset's de-identification leaves in place: necessity under data minimisation and data
    /// protection by design (GDPR Art. 5(1)(c), Art. 25(1), Art. 89(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// Responsible-AI statements, named as in the Croissant RAI vocabulary
/// (`http://mlcommons.org/croissant/RAI/`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RaiStatements {
    /// How the data was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection: Option<String>,
    /// Type of collection: surveys, web scraping, crowdsourcing, software collection, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_type: Option<String>,
    /// Data missing from the collection and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_missing_data: Option<String>,
    /// The raw data the dataset was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_raw_data: Option<String>,
    /// When the data was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_collection_timeframe: Option<String>,
    /// How missing values were imputed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_imputation_protocol: Option<String>,
    /// How the data was transformed or manipulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_manipulation_protocol: Option<String>,
    /// Preprocessing: cleaning, filtering, deduplication, de-identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_preprocessing_protocol: Option<String>,
    /// Annotation guidelines and process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_annotation_protocol: Option<String>,
    /// Platform used to collect annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_annotation_platform: Option<String>,
    /// Analysis of the annotations (agreement, quality checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_annotation_analysis: Option<String>,
    /// Release, versioning, maintenance and deprecation plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_release_maintenance_plan: Option<String>,
    /// Personal or sensitive information in the data and how it is handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_sensitive_information: Option<String>,
    /// Foreseeable social impact of the dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_social_impact: Option<String>,
    /// Known biases (representation, sampling, labelling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_biases: Option<String>,
    /// Known limitations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_limitations: Option<String>,
    /// Intended and validated uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_use_cases: Option<String>,
    /// Number of annotations per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations_per_item: Option<String>,
    /// Demographics of the annotators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator_demographics: Option<String>,
    /// Tools used for machine annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_annotation_tools: Option<String>,
}

impl RaiStatements {
    /// The statements by Croissant RAI key, empty ones left out, text bounded.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Ok(Value::Object(o)) = serde_json::to_value(self) {
            for (k, v) in o {
                if let Value::String(s) = v {
                    if !s.trim().is_empty() {
                        out.insert(k, bounded(&s));
                    }
                }
            }
        }
        out
    }
}

/// The snake_case name serde gives an enum value.
fn enum_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

impl PersonalDataSheet {
    /// The normalized form (enum values as snake_case strings). `statement` is left empty.
    pub fn to_input(&self) -> PersonalData {
        PersonalData {
            contains_personal_data: Some(self.contains),
            statement: None,
            categories: self.categories.clone(),
            special_categories: self.special_categories.iter().map(enum_name).collect(),
            special_category_condition: self.special_category_condition.as_ref().map(enum_name),
            special_category_purpose: self.special_category_purpose.clone(),
            special_category_law_reference: self.special_category_law_reference.clone(),
            professional_secrecy: self.professional_secrecy,
            legitimate_interests: self
                .legitimate_interests
                .as_ref()
                .map(|l| LegitimateInterests {
                    assessment_ref: l.assessment_ref.clone(),
                    date: l.date.clone(),
                    children_considered: l.children_considered,
                }),
            objection_process: self.objection_process.clone(),
            retention_criteria: self.retention_criteria.clone(),
            art89: self.art89.as_ref().map(|a| Art89 {
                purpose: enum_name(&a.purpose),
                safeguards: a.safeguards.clone(),
            }),
            criminal_data: self.criminal_data.as_ref().map(|c| CriminalData {
                present: c.present,
                law_reference: c.law_reference.clone(),
                official_authority: c.official_authority,
            }),
            lawful_basis: self.lawful_basis.as_ref().map(enum_name),
            consent: self.consent.as_ref().map(|c| Consent {
                recorded: c.recorded,
                reference: c.reference.clone(),
                withdrawable: c.withdrawable,
                explicit: c.explicit,
            }),
            anonymization: self.anonymization.as_ref().map(|a| Anonymization {
                method: enum_name(&a.method),
                direct_identifiers_removed: a.direct_identifiers_removed,
                justification: a.justification.clone(),
            }),
            retention_days: self.retention_days,
            subject_regions: self.subject_regions.clone(),
            transfers: self
                .transfers
                .iter()
                .map(|t| Transfer {
                    destination: t.destination.clone(),
                    mechanism: t.mechanism.as_ref().map(enum_name),
                    recipient: t.recipient.clone(),
                    dpf_certified: t.dpf_certified,
                    pipeda_covered: t.pipeda_covered,
                    occasional: t.occasional,
                    justification: t.justification.clone(),
                })
                .collect(),
            dpia: self.dpia.as_ref().map(|d| Dpia {
                done: d.done,
                reference: d.reference.clone(),
                date: d.date.clone(),
            }),
            children: self.children.as_ref().map(ChildrenSheet::to_input),
            records_of_processing: self.records_of_processing.clone(),
            transparency_notice: self.transparency_notice.clone(),
            large_scale: self.large_scale,
            profiling: self.profiling,
            ccpa: self.ccpa.as_ref().map(|c| Ccpa {
                notice_at_collection: c.notice_at_collection.clone(),
                purposes: c.purposes.clone(),
                sold: c.sold,
                shared: c.shared,
                opt_out: c.opt_out.clone(),
                sensitive: c.sensitive.iter().map(enum_name).collect(),
                minors_under_16: c.minors_under16,
                opt_in_minors: c.opt_in_minors,
                sensitive_use_limited: c.sensitive_use_limited,
                limit_notice: c.limit_notice.clone(),
                deidentified: c.deidentified,
                deidentified_commitment: c.deidentified_commitment.as_ref().map(|d| {
                    DeidentifiedCommitment {
                        public_commitment: d.public_commitment.clone(),
                        no_reidentification: d.no_reidentification,
                        contractual: d.contractual,
                    }
                }),
                retention_by_category: c.retention_by_category.clone(),
                risk_assessment: c.risk_assessment.clone(),
                retention_criteria: c.retention_criteria.clone(),
                sensitive_inference: c.sensitive_inference,
                exemptions: c.exemptions.iter().map(enum_name).collect(),
                systematic_observation: c.systematic_observation,
                sensitive_location: c.sensitive_location,
            }),
        }
    }
}

/// Lines of the personal-data block (`block` is `personalData` or `personal_data`), of its keys
/// and of the keys of its nested mappings, named as policies read the input: snake_case, nested
/// ones as `parent.key` (`ccpa.opt_out`). Unknown keys are refused when the block is read, so
/// every key located here is a field.
fn personal_data_lines(index: &super::locate::YamlIndex, block: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let prefix = format!("/{block}");
    let Some(start) = index.line(&prefix) else {
        return out;
    };
    out.insert("personal_data".to_string(), start);
    for (pointer, at) in index.iter() {
        let Some(rest) = pointer
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let segments: Vec<&str> = rest.split('/').collect();
        // List items are not named in the map: a finding about them points at their key.
        if segments.len() > 2 || segments.iter().any(|s| s.parse::<usize>().is_ok()) {
            continue;
        }
        let name = segments
            .iter()
            .map(|s| snake_case(&s.replace("~1", "/").replace("~0", "~")))
            .collect::<Vec<_>>()
            .join(".");
        out.insert(name, at.line);
    }
    out
}

/// The input's name of a datasheet key: `specialCategoryLawReference` as
/// `special_category_law_reference`, `minorsUnder16` as `minors_under_16` (digits after a
/// capitalised word are a word of their own) but `art89` as `art89`; snake_case stays as is.
/// `personal_data_keys_name_input_fields` holds it to every field of the two schemas.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut word_capitalised = false;
    let mut prev_digit = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            word_capitalised = true;
        } else if c.is_ascii_digit() && !prev_digit && word_capitalised {
            out.push('_');
            out.push(c);
            word_capitalised = false;
        } else {
            if c == '_' {
                word_capitalised = false;
            }
            out.push(c);
        }
        prev_digit = c.is_ascii_digit();
    }
    out
}

/// Lines of the entries of the top-level `fields:` list, as `fields.<name>`, for findings about
/// one column; the first entry of a name wins.
fn field_lines(index: &super::locate::YamlIndex, sheet: &Datasheet) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, f) in sheet.fields.iter().enumerate() {
        let line = index
            .line(&format!("/fields/{i}/name"))
            .or_else(|| index.line(&format!("/fields/{i}")));
        if let (Some(line), false) = (line, f.name.is_empty()) {
            out.entry(format!("fields.{}", f.name)).or_insert(line);
        }
    }
    out
}

/// Checks what serde cannot: the DPIA date is a calendar date.
fn validate_personal_data(
    doc: &Doc,
    index: &super::locate::YamlIndex,
    block: &str,
    pd: &PersonalDataSheet,
) -> Result<()> {
    let Some(date) = pd.dpia.as_ref().and_then(|d| d.date.as_deref()) else {
        return Ok(());
    };
    if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_ok() {
        return Ok(());
    }
    Err(doc.err(
        Location {
            line: index
                .nearest(&format!("/{block}/dpia/date"))
                .map(|p| p.line),
            column: None,
            pointer: Some(format!("/{block}/dpia/date")),
        },
        format!("dpia.date `{date}` is not a date (expected YYYY-MM-DD)"),
    ))
}

/// Loads a modelgate datasheet.
pub fn load_datasheet(doc: &Doc) -> Result<Dataset> {
    let sheet: Datasheet = doc.yaml()?;
    let index = super::locate::YamlIndex::new(doc.text()?, 0);
    validate_personal_data(doc, &index, "personalData", &sheet.personal_data)?;
    Ok(datasheet_to_dataset(doc, &index, &sheet))
}

fn datasheet_to_dataset(doc: &Doc, index: &super::locate::YamlIndex, sheet: &Datasheet) -> Dataset {
    let rai = sheet
        .rai
        .as_ref()
        .map(RaiStatements::to_map)
        .unwrap_or_default();
    let mut personal_data = sheet.personal_data.to_input();
    personal_data.statement = rai.get("personalSensitiveInformation").cloned();
    statement_overrides_denial(&mut personal_data);
    let mut lines = personal_data_lines(index, "personalData");
    if let Some(l) = index.line("/license") {
        lines.insert("license".to_string(), l);
    }
    if let Some(l) = index.line("/fields") {
        lines.insert("fields".to_string(), l);
        lines.extend(field_lines(index, sheet));
    }
    Dataset {
        source: doc.source(FORMAT_DATASHEET),
        name: Some(sheet.name.clone()),
        version: sheet.version.clone(),
        description: sheet.description.as_deref().map(bounded),
        license: sheet.license.clone(),
        url: sheet.url.clone(),
        personal_data,
        fields: sheet
            .fields
            .iter()
            .map(|f| Field {
                name: f.name.clone(),
                data_type: f.data_type.clone(),
                description: f.description.clone(),
                personal: f.personal.clone(),
                direct_identifier: f.direct_identifier,
                justification: f.justification.clone(),
            })
            .collect(),
        rai,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn doc(name: &str, text: &str) -> Doc {
        Doc::new(format!("bundle/{name}"), name, text.as_bytes().to_vec())
    }

    fn load_err(name: &str, text: &str) -> String {
        match load(&doc(name, text)) {
            Ok(d) => panic!("expected an error for {name}, loaded {d:?}"),
            Err(e) => e.to_string(),
        }
    }

    const CROISSANT: &str = r#"{
  "@context": {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "resp": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "conformsTo": "dct:conformsTo",
    "recordSet": "cr:recordSet",
    "field": "cr:field",
    "subField": "cr:subField",
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "biases": "resp:dataBiases"
  },
  "@type": "sc:Dataset",
  "name": "clinic-visits",
  "description": "Outpatient visit records.",
  "conformsTo": "http://mlcommons.org/croissant/1.1",
  "license": [{"@id": "https://spdx.org/licenses/CC-BY-4.0.html"}, "cc0-1.0"],
  "url": "https://example.org/clinic-visits",
  "version": 2,
  "datePublished": "2024-01-31",
  "creator": {"@type": "sc:Organization", "name": "Example Clinic"},
  "resp:personalSensitiveInformation": "None. All records were synthesised; no real patients appear.",
  "resp:dataCollection": {"@value": "Generated by a simulator.", "@language": "en"},
  "resp:dataCollectionType": ["Software Collection", "Others"],
  "resp:annotationsPerItem": 3,
  "biases": "Older patients are over-represented.",
  "rai:dataLimitations": "not RAI: the rai prefix is not declared here, resp is",
  "recordSet": [
    {
      "@type": "cr:RecordSet",
      "@id": "visits",
      "name": "visits",
      "field": [
        {"@type": "cr:Field", "@id": "visits/id", "name": "visits/id", "dataType": "sc:Integer"},
        {"@type": "cr:Field", "@id": "visits/notes", "description": "Free text.", "dataType": ["sc:Text", "wd:Q1"]},
        {"@type": "cr:Field", "@id": "visits/vitals", "name": "visits/vitals",
         "subField": [{"@type": "cr:Field", "@id": "visits/vitals/bp", "name": "visits/vitals/bp", "dataType": "sc:Float"}]}
      ]
    },
    {"@type": "cr:RecordSet", "@id": "empty", "name": "empty"}
  ]
}"#;

    #[test]
    fn croissant_inline_field_by_field() {
        let d = load(&doc("clinic/croissant.json", CROISSANT)).unwrap();
        assert_eq!(d.source.format, "croissant");
        assert_eq!(d.source.path, "clinic/croissant.json");
        assert_eq!(d.source.size, CROISSANT.len() as u64);
        assert_eq!(d.name.as_deref(), Some("clinic-visits"));
        assert_eq!(d.description.as_deref(), Some("Outpatient visit records."));
        assert_eq!(d.version.as_deref(), Some("2"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/clinic-visits"));
        assert_eq!(
            d.license.as_deref(),
            Some("https://spdx.org/licenses/CC-BY-4.0.html AND cc0-1.0")
        );
        // RAI keys through the declared prefix (`resp:`) and through a term (`biases`).
        let keys: Vec<&str> = d.rai.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "annotationsPerItem",
                "dataBiases",
                "dataCollection",
                "dataCollectionType",
                "personalSensitiveInformation"
            ]
        );
        assert_eq!(d.rai["dataCollection"], "Generated by a simulator.");
        assert_eq!(d.rai["dataCollectionType"], "Software Collection\nOthers");
        assert_eq!(d.rai["annotationsPerItem"], "3");
        assert_eq!(d.rai["dataBiases"], "Older patients are over-represented.");
        let pd = &d.personal_data;
        assert_eq!(
            pd.statement.as_deref(),
            Some("None. All records were synthesised; no real patients appear.")
        );
        assert_eq!(pd.contains_personal_data, Some(false));
        assert!(pd.lawful_basis.is_none() && pd.categories.is_empty());
        assert_eq!(d.fields.len(), 4);
        assert_eq!(d.fields[0].name, "visits/id");
        assert_eq!(d.fields[0].data_type.as_deref(), Some("sc:Integer"));
        assert_eq!(d.fields[1].name, "visits/notes");
        assert_eq!(d.fields[1].data_type.as_deref(), Some("sc:Text, wd:Q1"));
        assert_eq!(d.fields[1].description.as_deref(), Some("Free text."));
        assert_eq!(d.fields[2].name, "visits/vitals");
        assert_eq!(d.fields[2].data_type, None);
        assert_eq!(d.fields[3].name, "visits/vitals/bp");
        assert!(d
            .fields
            .iter()
            .all(|f| f.personal.is_none() && !f.direct_identifier));
        assert!(d.lines.is_empty());
    }

    #[test]
    fn croissant_long_rai_text_is_bounded_and_undeclared_rai_prefix_tolerated() {
        let long = "x".repeat(10_000);
        let json = format!(
            r#"{{"@context": {{"@vocab": "https://schema.org/"}}, "@type": "Dataset", "name": "n",
               "rai:dataLimitations": "{long}", "rai:personalSensitiveInformation": "Contains e-mail addresses."}}"#
        );
        let d = load(&doc("d.json", &json)).unwrap();
        assert_eq!(d.rai["dataLimitations"].len(), 4000);
        assert_eq!(d.personal_data.contains_personal_data, Some(true));
    }

    #[test]
    fn croissant_errors_name_line_and_pointer() {
        let e = load_err(
            "meta.json",
            "{\n  \"@context\": {},\n  \"@type\": \"sc:Dataset\",\n  \"name\": \"x",
        );
        assert!(e.contains("bundle/meta.json: line 4"), "{e}");
        assert!(e.contains("invalid JSON: EOF while parsing"), "{e}");

        let e = load_err("meta.json", "{\"name\": \"not json-ld\"}");
        assert!(e.contains("at /@context"), "{e}");
        assert!(e.contains("not a Croissant dataset"), "{e}");

        let e = load_err(
            "meta.json",
            "{\"@context\": {\"sc\": \"https://schema.org/\"}, \"@type\": \"sc:Person\"}",
        );
        assert!(e.contains("at /@type"), "{e}");

        let e = load_err("meta.json", "[1, 2]");
        assert!(e.contains("not a Croissant dataset"), "{e}");
    }

    const HF_CARD: &str = "---
license:
- mit
- cc-by-4.0
pretty_name: Street Scenes
language:
- en
language_creators:
- found
annotations_creators:
- crowdsourced
source_datasets:
- extended|cityscapes
task_categories:
- object-detection
size_categories:
- 1K<n<10K
dataset_info:
- config_name: small
  features:
  - name: image
    dtype: image
  - name: label
    dtype:
      class_label:
        names:
          0: car
          1: pedestrian
  - name: tokens
    sequence: string
  - name: boxes
    sequence:
    - name: x
      dtype: float32
- config_name: large
  features:
  - name: image
    dtype: image
  - name: meta
    struct:
    - name: city
      dtype: string
---

# Dataset Card for Street Scenes

## Dataset Description

- **Homepage:** [site](https://streets.example.org/)
- **Repository:** https://github.com/example/streets
- **Paper:** [More Information Needed]

### Dataset Summary

Street-level photographs of European cities with bounding boxes.

## Dataset Creation

### Curation Rationale

[More Information Needed]

### Source Data

#### Initial Data Collection and Normalization

Photos taken from a car-mounted camera in 2022.

#### Who are the source language producers?

[More Information Needed]

### Annotations [optional]

#### Annotation process

Boxes drawn by crowd workers.

### Personal and Sensitive Information

Faces and licence plates are visible in some images.

## Considerations for Using the Data

### Social Impact of Dataset

{{ social_impact_section | default(\"[More Information Needed]\", true)}}

### Discussion of Biases

Only daytime images.

### Other Known Limitations

No night or winter scenes.

## Bias, Risks, and Limitations

### Recommendations

Users should be made aware of the risks, biases and limitations of the dataset. More information needed for further recommendations.
";

    #[test]
    fn hf_card_inline_field_by_field() {
        let d = load(&doc("streets/README.md", HF_CARD)).unwrap();
        assert_eq!(d.source.format, "huggingface-dataset-card");
        assert_eq!(d.name.as_deref(), Some("Street Scenes"));
        assert_eq!(d.license.as_deref(), Some("mit AND cc-by-4.0"));
        assert_eq!(d.version, None);
        assert_eq!(d.url.as_deref(), Some("https://streets.example.org/"));
        assert_eq!(
            d.description.as_deref(),
            Some("Street-level photographs of European cities with bounding boxes.")
        );
        let fields: Vec<(&str, Option<&str>)> = d
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.data_type.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                ("image", Some("image")),
                ("label", Some("class_label")),
                ("tokens", Some("sequence<string>")),
                ("boxes", Some("sequence<struct>")),
                ("meta", Some("struct")),
            ]
        );
        // Placeholders, template slots and boilerplate are missing, not statements.
        let keys: Vec<&str> = d.rai.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "annotationsCreators",
                "dataAnnotationProtocol",
                "dataBiases",
                "dataCollection",
                "dataCollectionType",
                "dataLimitations",
                "personalSensitiveInformation",
                "sourceDatasets",
            ]
        );
        assert_eq!(
            d.rai["dataCollection"],
            "Photos taken from a car-mounted camera in 2022."
        );
        assert_eq!(
            d.rai["dataAnnotationProtocol"],
            "Boxes drawn by crowd workers."
        );
        assert_eq!(d.rai["dataBiases"], "Only daytime images.");
        assert_eq!(d.rai["dataLimitations"], "No night or winter scenes.");
        assert_eq!(d.rai["dataCollectionType"], "found");
        assert_eq!(d.rai["annotationsCreators"], "crowdsourced");
        assert_eq!(d.rai["sourceDatasets"], "extended|cityscapes");
        let pd = &d.personal_data;
        assert_eq!(
            pd.statement.as_deref(),
            Some("Faces and licence plates are visible in some images.")
        );
        assert_eq!(pd.contains_personal_data, Some(true));
        assert_eq!(pd.lawful_basis, None);
        assert!(d.lines.is_empty());
    }

    #[test]
    fn hf_card_without_front_matter_and_negative_statement() {
        let md = "# Dataset Card for Tiny\n\nA tiny set of sums.\n\n### Personal and Sensitive Information\n\nThe dataset does not contain any personal data.\n";
        let d = load(&doc("README.md", md)).unwrap();
        assert_eq!(d.name.as_deref(), Some("Tiny"));
        assert_eq!(d.description.as_deref(), Some("A tiny set of sums."));
        assert_eq!(d.license, None);
        assert_eq!(d.personal_data.contains_personal_data, Some(false));

        let md = "---\nlicense: mit\n---\n# Dataset Card for Dataset Name\n\n### Personal and Sensitive Information\n\n[More Information Needed]\n";
        let d = load(&doc("README.md", md)).unwrap();
        assert_eq!(d.name, None);
        assert_eq!(d.personal_data.statement, None);
        assert_eq!(d.personal_data.contains_personal_data, None);
        assert!(d.rai.is_empty());
    }

    #[test]
    fn hf_card_personal_data_block_merges() {
        let md = "---
license: other
license_name: acme-data-license
personal_data:
  contains: true
  categories: [contact]
  lawfulBasis: consent
  consent: { recorded: true, reference: CL-1 }
  dpia:
    done: false
  children:
    present: true
    ageVerification: age gate with a parent's e-mail confirmation
    parentalConsent: true
  recordsOfProcessing: ROPA-7
  transparencyNotice: https://acme.example/privacy
  largeScale: true
  profiling: false
  ccpa:
    noticeAtCollection: https://acme.example/ca
    sold: true
    shared: false
    optOut: https://acme.example/do-not-sell
    minorsUnder16: true
    optInMinors: true
    sensitive: [precise_geolocation]
    sensitiveUseLimited: false
    limitNotice: https://acme.example/limit
    deidentified: true
    deidentifiedCommitment:
      publicCommitment: https://acme.example/deidentified
      noReidentification: true
      contractual: true
    retentionByCategory: { contact: 365 }
    riskAssessment: RA-2025-3
---
# Dataset Card for Acme

### Personal and Sensitive Information

E-mail addresses are kept.
";
        let d = load(&doc("acme/README.md", md)).unwrap();
        assert_eq!(d.license.as_deref(), Some("acme-data-license"));
        let pd = &d.personal_data;
        assert_eq!(pd.contains_personal_data, Some(true));
        assert_eq!(pd.statement.as_deref(), Some("E-mail addresses are kept."));
        assert_eq!(pd.categories, ["contact"]);
        assert_eq!(pd.lawful_basis.as_deref(), Some("consent"));
        assert_eq!(
            pd.consent,
            Some(Consent {
                recorded: true,
                reference: Some("CL-1".into()),
                withdrawable: false,
                explicit: false
            })
        );
        assert_eq!(
            pd.dpia,
            Some(Dpia {
                done: false,
                reference: None,
                date: None
            })
        );
        assert_eq!(
            pd.children,
            Some(Children {
                present: true,
                age_verification: Some("age gate with a parent's e-mail confirmation".into()),
                parental_consent: Some(true)
            })
        );
        assert_eq!(pd.records_of_processing.as_deref(), Some("ROPA-7"));
        assert_eq!(
            pd.transparency_notice.as_deref(),
            Some("https://acme.example/privacy")
        );
        assert_eq!((pd.large_scale, pd.profiling), (Some(true), Some(false)));
        assert_eq!(
            pd.ccpa,
            Some(Ccpa {
                notice_at_collection: Some("https://acme.example/ca".into()),
                purposes: vec![],
                sold: true,
                shared: false,
                opt_out: Some("https://acme.example/do-not-sell".into()),
                sensitive: vec!["precise_geolocation".into()],
                minors_under_16: true,
                opt_in_minors: Some(true),
                sensitive_use_limited: Some(false),
                limit_notice: Some("https://acme.example/limit".into()),
                deidentified: Some(true),
                deidentified_commitment: Some(DeidentifiedCommitment {
                    public_commitment: Some("https://acme.example/deidentified".into()),
                    no_reidentification: true,
                    contractual: true
                }),
                retention_by_category: BTreeMap::from([("contact".to_string(), 365)]),
                risk_assessment: Some("RA-2025-3".into()),
                ..Default::default()
            })
        );
        let lines: Vec<(&str, usize)> = d.lines.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            lines,
            [
                ("categories", 6),
                ("ccpa", 19),
                ("ccpa.deidentified", 29),
                ("ccpa.deidentified_commitment", 30),
                ("ccpa.limit_notice", 28),
                ("ccpa.minors_under_16", 24),
                ("ccpa.notice_at_collection", 20),
                ("ccpa.opt_in_minors", 25),
                ("ccpa.opt_out", 23),
                ("ccpa.retention_by_category", 34),
                ("ccpa.risk_assessment", 35),
                ("ccpa.sensitive", 26),
                ("ccpa.sensitive_use_limited", 27),
                ("ccpa.shared", 22),
                ("ccpa.sold", 21),
                ("children", 11),
                ("children.age_verification", 13),
                ("children.parental_consent", 14),
                ("children.present", 12),
                ("consent", 8),
                ("consent.recorded", 8),
                ("consent.reference", 8),
                ("contains", 5),
                ("dpia", 9),
                ("dpia.done", 10),
                ("large_scale", 17),
                ("lawful_basis", 7),
                ("personal_data", 4),
                ("profiling", 18),
                ("records_of_processing", 15),
                ("transparency_notice", 16),
            ]
        );
    }

    /// Attack: the author sets `contains: false` in the front matter or the datasheet while the
    /// card's own words say personal data is (probably) there. The words win: a wrong "no"
    /// would switch the privacy rules off.
    #[test]
    fn written_statement_overrides_a_contradicting_false() {
        let md = "---\npersonal_data:\n  contains: false\n---\n# Dataset Card for Chat\n\n\
                  ### Personal and Sensitive Information\n\nNo content is removed or \
                  obfuscated.\nThere is probably personal information in the dataset from users.\n";
        let d = load(&doc("chat/README.md", md)).unwrap();
        assert_eq!(d.personal_data.contains_personal_data, Some(true));

        let sheet = |statement: &str| {
            format!(
                "apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: n\n\
                 personalData: {{ contains: false }}\nrai: {{ personalSensitiveInformation: \"{statement}\" }}\n"
            )
        };
        for (statement, want) in [
            ("Identity and income data of applicants.", Some(true)),
            ("The data may contain e-mail addresses.", Some(true)),
            ("None.", Some(false)),
            (
                "The dataset does not contain personal information.",
                Some(false),
            ),
            // Unknown words do not contradict the author's "no"; the warning rule reports it
            // only where nothing is said.
            ("[More Information Needed]", Some(false)),
        ] {
            let d = load(&doc("d.yaml", &sheet(statement))).unwrap();
            assert_eq!(d.personal_data.contains_personal_data, want, "{statement}");
        }
        // Without a statement the author's `false` stands.
        let md = "---\npersonal_data:\n  contains: false\n---\n# Dataset Card for Sums\n";
        let d = load(&doc("sums/README.md", md)).unwrap();
        assert_eq!(d.personal_data.contains_personal_data, Some(false));
    }

    #[test]
    fn hf_card_errors_name_the_line() {
        let e = load_err(
            "README.md",
            "---\nlicense: mit\npretty_name: x\n\n# Dataset Card\n",
        );
        assert!(e.contains("README.md: line 1"), "{e}");
        assert!(
            e.contains("front matter opened on line 1 is not closed"),
            "{e}"
        );

        // Bad YAML on file line 3 (YAML line 2).
        let e = load_err(
            "README.md",
            "---\nlicense: mit\npretty_name: [unclosed\n---\n# Card\n",
        );
        assert!(e.contains("README.md: line "), "{e}");
        assert!(e.contains("invalid YAML"), "{e}");
        let line: usize = e
            .split("line ")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!((3..=4).contains(&line), "{e}");

        let e = load_err(
            "README.md",
            "---\nlicense: mit\npersonal_data:\n  contains: true\n  lawfulBasis: vibes\n---\n# C\n",
        );
        assert!(e.contains("line 5"), "{e}");
        assert!(e.contains("at /personal_data/lawfulBasis"), "{e}");
        assert!(e.contains("unknown variant `vibes`"), "{e}");
        assert!(e.contains("legitimate_interests"), "{e}");

        let e = load_err("README.md", "---\n- a\n- b\n---\n# C\n");
        assert!(e.contains("line 2") && e.contains("mapping"), "{e}");
    }

    const SHEET: &str = "apiVersion: modelgate.dev/v1
kind: Datasheet
name: loan-applications-2024
version: \"2024.06\"
description: Loan applications received 2021-2024.
license: LicenseRef-internal
personalData:
  contains: true
  categories: [identity, financial]
  specialCategories: [health]
  specialCategoryCondition: explicit_consent
  lawfulBasis: legitimate_interests
  consent: { recorded: true, reference: CONSENT-LOG-7, withdrawable: true }
  anonymization: { method: pseudonymisation, directIdentifiersRemoved: true, justification: keyed hash }
  retentionDays: 730
  subjectRegions: [EU, US-CA]
  transfers:
    - { destination: US, mechanism: scc }
    - { destination: IN, mechanism: derogation_49 }
    - { destination: BR }
  dpia: { done: true, reference: DPIA-2024-017, date: 2024-05-02 }
  children: false
  ccpa: { noticeAtCollection: https://e.com/n, purposes: [credit underwriting], sold: false, shared: true, optOut: https://e.com/o, sensitive: [government_id], minorsUnder16: true }
fields:
  - { name: applicant_id, type: string, personal: identity, directIdentifier: true }
  - { name: income, type: float, personal: financial }
  - name: label
rai: { dataBiases: Few young applicants., personalSensitiveInformation: Identity and income data. }
";

    const GDPR_SHEET: &str = "apiVersion: modelgate.dev/v1
kind: Datasheet
name: claims
personalData:
  contains: true
  specialCategories: [health]
  specialCategoryCondition: health_or_social_care
  specialCategoryPurpose: medical_diagnosis
  specialCategoryLawReference: BDSG 22(1)(1)(b)
  professionalSecrecy: true
  lawfulBasis: legitimate_interests
  legitimateInterests:
    assessmentRef: LIA-7
    date: 2024-04-30
    childrenConsidered: true
  objectionProcess: Privacy portal
  consent: {recorded: true, reference: LOG-1, withdrawable: true, explicit: true}
  retentionCriteria: Until the claim is closed plus 10 years
  art89: {purpose: scientific_research, safeguards: Pseudonymisation}
  criminalData:
    present: true
    lawReference: AML act
    officialAuthority: false
  transfers:
    - {destination: US, mechanism: adequacy, recipient: Example Inc., dpfCertified: true}
    - {destination: CA, pipedaCovered: true}
    - {destination: IN, mechanism: derogation_49, occasional: true, justification: Art. 49(1)(e)}
";

    #[test]
    fn datasheet_gdpr_facts_reach_the_input() {
        let d = load(&doc("claims/dataset.yaml", GDPR_SHEET)).unwrap();
        let pd = &d.personal_data;
        assert_eq!(
            pd.special_category_purpose.as_deref(),
            Some("medical_diagnosis")
        );
        assert_eq!(
            pd.special_category_law_reference.as_deref(),
            Some("BDSG 22(1)(1)(b)")
        );
        assert_eq!(pd.professional_secrecy, Some(true));
        assert_eq!(
            pd.legitimate_interests,
            Some(LegitimateInterests {
                assessment_ref: Some("LIA-7".into()),
                date: Some("2024-04-30".into()),
                children_considered: Some(true),
            })
        );
        assert_eq!(pd.objection_process.as_deref(), Some("Privacy portal"));
        assert!(pd.consent.as_ref().is_some_and(|c| c.explicit));
        assert_eq!(
            pd.retention_criteria.as_deref(),
            Some("Until the claim is closed plus 10 years")
        );
        assert_eq!(
            pd.art89,
            Some(Art89 {
                purpose: "scientific_research".into(),
                safeguards: Some("Pseudonymisation".into()),
            })
        );
        assert_eq!(
            pd.criminal_data,
            Some(CriminalData {
                present: true,
                law_reference: Some("AML act".into()),
                official_authority: Some(false),
            })
        );
        assert_eq!(pd.transfers[0].dpf_certified, Some(true));
        assert_eq!(pd.transfers[0].recipient.as_deref(), Some("Example Inc."));
        assert_eq!(pd.transfers[1].pipeda_covered, Some(true));
        assert_eq!(pd.transfers[1].dpf_certified, None);
        assert_eq!(pd.transfers[2].occasional, Some(true));
        assert_eq!(
            pd.transfers[2].justification.as_deref(),
            Some("Art. 49(1)(e)")
        );
        // Findings about these keys point at their lines.
        assert_eq!(d.lines.get("legitimate_interests"), Some(&12));
        assert_eq!(
            d.lines.get("legitimate_interests.assessment_ref"),
            Some(&13)
        );
        assert_eq!(d.lines.get("criminal_data"), Some(&20));
        assert_eq!(d.lines.get("art89"), Some(&19));
        assert_eq!(d.lines.get("special_category_condition"), Some(&7));
    }

    #[test]
    fn datasheet_gdpr_facts_reject_unknown_values() {
        // An Art. 89(1) purpose outside the four of the Regulation does not load.
        let bad = GDPR_SHEET.replace("purpose: scientific_research", "purpose: product_research");
        assert!(load_err("claims/dataset.yaml", &bad).contains("product_research"));
        // A misspelt safeguard key is an error, not a silently absent fact.
        let typo = GDPR_SHEET.replace("dpfCertified", "dpfCertifed");
        assert!(load_err("claims/dataset.yaml", &typo).contains("dpfCertifed"));
        let typo = GDPR_SHEET.replace("childrenConsidered", "childrenWeighed");
        assert!(load_err("claims/dataset.yaml", &typo).contains("childrenWeighed"));
    }

    #[test]
    fn datasheet_inline_field_by_field() {
        let d = load(&doc("loans/dataset.yaml", SHEET)).unwrap();
        assert_eq!(d.source.format, "modelgate-datasheet");
        assert_eq!(d.name.as_deref(), Some("loan-applications-2024"));
        assert_eq!(d.version.as_deref(), Some("2024.06"));
        assert_eq!(
            d.description.as_deref(),
            Some("Loan applications received 2021-2024.")
        );
        assert_eq!(d.license.as_deref(), Some("LicenseRef-internal"));
        assert_eq!(d.url, None);
        let pd = &d.personal_data;
        assert_eq!(pd.contains_personal_data, Some(true));
        assert_eq!(pd.statement.as_deref(), Some("Identity and income data."));
        assert_eq!(pd.categories, ["identity", "financial"]);
        assert_eq!(pd.special_categories, ["health"]);
        assert_eq!(
            pd.special_category_condition.as_deref(),
            Some("explicit_consent")
        );
        assert_eq!(pd.lawful_basis.as_deref(), Some("legitimate_interests"));
        assert_eq!(
            pd.consent,
            Some(Consent {
                recorded: true,
                reference: Some("CONSENT-LOG-7".into()),
                withdrawable: true,
                explicit: false
            })
        );
        assert_eq!(
            pd.anonymization,
            Some(Anonymization {
                method: "pseudonymisation".into(),
                direct_identifiers_removed: true,
                justification: Some("keyed hash".into())
            })
        );
        assert_eq!(pd.retention_days, Some(730));
        assert_eq!(pd.subject_regions, ["EU", "US-CA"]);
        assert_eq!(
            pd.transfers,
            [
                Transfer {
                    destination: "US".into(),
                    mechanism: Some("scc".into()),
                    ..Transfer::default()
                },
                Transfer {
                    destination: "IN".into(),
                    mechanism: Some("derogation_49".into()),
                    ..Transfer::default()
                },
                Transfer {
                    destination: "BR".into(),
                    mechanism: None,
                    ..Transfer::default()
                },
            ]
        );
        assert_eq!(
            pd.dpia,
            Some(Dpia {
                done: true,
                reference: Some("DPIA-2024-017".into()),
                date: Some("2024-05-02".into())
            })
        );
        assert_eq!(
            pd.children,
            Some(Children {
                present: false,
                age_verification: None,
                parental_consent: None
            })
        );
        assert_eq!(pd.records_of_processing, None);
        assert_eq!(pd.transparency_notice, None);
        assert_eq!((pd.large_scale, pd.profiling), (None, None));
        assert_eq!(
            pd.ccpa,
            Some(Ccpa {
                notice_at_collection: Some("https://e.com/n".into()),
                purposes: vec!["credit underwriting".into()],
                sold: false,
                shared: true,
                opt_out: Some("https://e.com/o".into()),
                sensitive: vec!["government_id".into()],
                minors_under_16: true,
                opt_in_minors: None,
                sensitive_use_limited: None,
                limit_notice: None,
                deidentified: None,
                deidentified_commitment: None,
                retention_by_category: BTreeMap::new(),
                risk_assessment: None,
                ..Default::default()
            })
        );
        assert_eq!(d.fields.len(), 3);
        assert_eq!(
            d.fields[0],
            Field {
                name: "applicant_id".into(),
                data_type: Some("string".into()),
                description: None,
                personal: Some("identity".into()),
                direct_identifier: true,
                justification: None
            }
        );
        assert_eq!(d.fields[1].personal.as_deref(), Some("financial"));
        assert!(!d.fields[1].direct_identifier);
        assert_eq!(
            d.fields[2],
            Field {
                name: "label".into(),
                ..Field::default()
            }
        );
        assert_eq!(d.rai.len(), 2);
        assert_eq!(d.rai["dataBiases"], "Few young applicants.");
        let lines: Vec<(&str, usize)> = d.lines.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            lines,
            [
                ("anonymization", 14),
                ("anonymization.direct_identifiers_removed", 14),
                ("anonymization.justification", 14),
                ("anonymization.method", 14),
                ("categories", 9),
                ("ccpa", 23),
                ("ccpa.minors_under_16", 23),
                ("ccpa.notice_at_collection", 23),
                ("ccpa.opt_out", 23),
                ("ccpa.purposes", 23),
                ("ccpa.sensitive", 23),
                ("ccpa.shared", 23),
                ("ccpa.sold", 23),
                ("children", 22),
                ("consent", 13),
                ("consent.recorded", 13),
                ("consent.reference", 13),
                ("consent.withdrawable", 13),
                ("contains", 8),
                ("dpia", 21),
                ("dpia.date", 21),
                ("dpia.done", 21),
                ("dpia.reference", 21),
                ("fields", 24),
                ("fields.applicant_id", 25),
                ("fields.income", 26),
                ("fields.label", 27),
                ("lawful_basis", 12),
                ("license", 6),
                ("personal_data", 7),
                ("retention_days", 15),
                ("special_categories", 10),
                ("special_category_condition", 11),
                ("subject_regions", 16),
                ("transfers", 17),
            ]
        );
    }

    /// The datasheet with line `n` (1-based) replaced.
    fn sheet_with(n: usize, line: &str) -> String {
        SHEET
            .lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == n { line } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn datasheet_errors_name_line_pointer_and_allowed_values() {
        let e = load_err("dataset.yaml", &sheet_with(12, "  lawfulBasis: because"));
        assert!(e.contains("bundle/dataset.yaml: line 12"), "{e}");
        assert!(e.contains("at /personalData/lawfulBasis"), "{e}");
        assert!(e.contains("unknown variant `because`"), "{e}");
        for v in [
            "consent",
            "contract",
            "legal_obligation",
            "vital_interests",
            "public_task",
            "legitimate_interests",
        ] {
            assert!(e.contains(v), "{e}");
        }

        let e = load_err(
            "dataset.yaml",
            &sheet_with(15, "  retentionDays: two years"),
        );
        assert!(
            e.contains("line 15") && e.contains("at /personalData/retentionDays"),
            "{e}"
        );
        assert!(e.contains("u64"), "{e}");

        let e = load_err(
            "dataset.yaml",
            &sheet_with(18, "    - { destination: US, mechanism: handshake }"),
        );
        assert!(
            e.contains("line 18") && e.contains("at /personalData/transfers/0/mechanism"),
            "{e}"
        );
        assert!(e.contains("derogation_49"), "{e}");

        let e = load_err(
            "dataset.yaml",
            &sheet_with(1, "apiVersion: modelgate.dev/v2"),
        );
        assert!(e.contains("line 1") && e.contains("at /apiVersion"), "{e}");
        assert!(e.contains("modelgate.dev/v1"), "{e}");

        let e = load_err("dataset.yaml", &sheet_with(2, "kind: Dataset"));
        assert!(e.contains("line 2") && e.contains("at /kind"), "{e}");

        let e = load_err("dataset.yaml", &sheet_with(15, "  retentionDayz: 730"));
        assert!(
            e.contains("line 15") && e.contains("unknown field `retentionDayz`"),
            "{e}"
        );

        let e = load_err(
            "dataset.yaml",
            &sheet_with(21, "  dpia: { done: true, date: 2024-13-45 }"),
        );
        assert!(
            e.contains("line 21") && e.contains("at /personalData/dpia/date"),
            "{e}"
        );
        assert!(e.contains("not a date"), "{e}");

        let e = load_err(
            "dataset.yaml",
            &sheet_with(9, "  categories: [identity, financial"),
        );
        assert!(e.contains("invalid YAML") && e.contains("line 1"), "{e}");

        let e = load_err(
            "x.datasheet.yaml",
            "apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: n\n",
        );
        assert!(e.contains("missing field `personalData`"), "{e}");
    }

    #[test]
    fn dpia_date_error_points_at_nested_date_key() {
        let text = SHEET.replace(
            "  dpia: { done: true, reference: DPIA-2024-017, date: 2024-05-02 }",
            "  dpia:\n    done: true\n    date: 02/05/2024",
        );
        let e = load_err("datasheet.yaml", &text);
        assert!(
            e.contains("line 23") && e.contains("at /personalData/dpia/date"),
            "{e}"
        );
    }

    #[test]
    fn ccpa_exemptions_retention_criteria_and_risk_triggers_reach_the_input() {
        let text = SHEET.replace(
            "minorsUnder16: true }",
            "minorsUnder16: true, retentionCriteria: until the loan is repaid plus 7 years, \
             sensitiveInference: false, exemptions: [glba, fcra], systematicObservation: true, \
             sensitiveLocation: false }",
        );
        let d = load(&doc("loans/dataset.yaml", &text)).unwrap();
        let ccpa = d.personal_data.ccpa.unwrap();
        assert_eq!(
            ccpa.retention_criteria.as_deref(),
            Some("until the loan is repaid plus 7 years")
        );
        assert_eq!(ccpa.sensitive_inference, Some(false));
        assert_eq!(ccpa.exemptions, ["glba", "fcra"]);
        assert_eq!(
            (ccpa.systematic_observation, ccpa.sensitive_location),
            (Some(true), Some(false))
        );
        // An exemption outside the three the statute names is refused, not ignored.
        let e = load_err(
            "loans/dataset.yaml",
            &SHEET.replace(
                "minorsUnder16: true }",
                "minorsUnder16: true, exemptions: [small] }",
            ),
        );
        assert!(e.contains("glba") && e.contains("hipaa"), "{e}");
    }

    #[test]
    fn children_flag_or_mapping_and_their_errors() {
        let d = load(&doc("d.yaml", &sheet_with(22, "  children: true"))).unwrap();
        assert_eq!(
            d.personal_data.children,
            Some(Children {
                present: true,
                ..Children::default()
            })
        );
        let text = sheet_with(
            22,
            "  children:\n    present: true\n    ageVerification: ID check\n    parentalConsent: false",
        );
        let d = load(&doc("d.yaml", &text)).unwrap();
        assert_eq!(
            d.personal_data.children,
            Some(Children {
                present: true,
                age_verification: Some("ID check".into()),
                parental_consent: Some(false)
            })
        );
        assert_eq!(d.lines["children.parental_consent"], 25);

        let e = load_err("d.yaml", &sheet_with(22, "  children: sometimes"));
        assert!(
            e.contains("line 22") && e.contains("at /personalData/children"),
            "{e}"
        );
        assert!(e.contains("true, false or a mapping"), "{e}");
        let e = load_err(
            "d.yaml",
            &sheet_with(22, "  children:\n    present: true\n    parental: yes"),
        );
        assert!(e.contains("unknown field `parental`"), "{e}");
        assert!(e.contains("line 24"), "{e}");
        assert!(e.contains("parentalConsent"), "{e}");
        let e = load_err(
            "d.yaml",
            &sheet_with(22, "  children: { present: true, parentalConsent: maybe }"),
        );
        assert!(
            e.contains("at /personalData/children/parentalConsent"),
            "{e}"
        );
        let e = load_err(
            "d.yaml",
            &sheet_with(
                23,
                "  ccpa: { sold: true, shared: false, optInMinor: true }",
            ),
        );
        assert!(e.contains("unknown field `optInMinor`"), "{e}");
        assert!(e.contains("optInMinors"), "{e}");
    }

    #[test]
    fn field_lines_in_block_and_flow_style() {
        let text = "apiVersion: modelgate.dev/v1
kind: Datasheet
name: n
personalData: { contains: true }
fields:
  - name: email
    type: string
    directIdentifier: true
    justification: Needed to honour erasure requests.
  - type: string
    name: \"phone\"
  # a comment
  - { type: string, name: 'ssn', directIdentifier: true }
  - {name: zip}
  - name: label # the target
rai: { dataBiases: none }
";
        let d = load(&doc("d.yaml", text)).unwrap();
        let lines: Vec<(&str, usize)> = d.lines.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            lines,
            [
                ("contains", 4),
                ("fields", 5),
                ("fields.email", 6),
                ("fields.label", 15),
                ("fields.phone", 11),
                ("fields.ssn", 13),
                ("fields.zip", 14),
                ("personal_data", 4),
            ]
        );
        assert_eq!(
            d.fields[0].justification.as_deref(),
            Some("Needed to honour erasure requests.")
        );
        assert_eq!(d.fields[2].justification, None);
        assert!(d.fields[2].direct_identifier);

        // A list at the same indentation as its key, ended by the next top-level key.
        let text = "apiVersion: modelgate.dev/v1
kind: Datasheet
name: n
fields:
- name: a
- name: b
personalData: { contains: false }
";
        let d = load(&doc("d.yaml", text)).unwrap();
        assert_eq!(d.lines["fields.a"], 5);
        assert_eq!(d.lines["fields.b"], 6);
        // Keys of a flow mapping are located too.
        assert_eq!(d.lines["contains"], 7);
        assert_eq!(d.lines.len(), 5, "{:?}", d.lines);
    }

    fn fixture(name: &str) -> Doc {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/croissant")
            .join(name);
        Doc::read(&path, name).unwrap()
    }

    /// The dataset as the policies see it, without where it was read from.
    fn content_of(d: &Dataset) -> Value {
        let mut v = serde_json::to_value(d).unwrap();
        v.as_object_mut().unwrap().remove("source");
        v
    }

    /// A Croissant document whose top level is an array (Kaggle's Croissant, as kept in
    /// mlcommons/croissant's croissant-rdf tests) reads as the same dataset as its one object.
    #[test]
    fn croissant_top_level_array() {
        let d = load(&fixture("kaggle-car-price.array.json")).unwrap();
        assert_eq!(d.source.format, FORMAT_CROISSANT);
        assert_eq!(d.name.as_deref(), Some("Car Price Dataset"));
        assert_eq!(d.version.as_deref(), Some("1"));
        assert_eq!(
            d.url.as_deref(),
            Some("https://www.kaggle.com/datasets/asinow/car-price-dataset/versions/1")
        );
        assert_eq!(
            d.license.as_deref(),
            Some("Other (specified in description)")
        );
        assert!(d
            .description
            .as_deref()
            .unwrap()
            .starts_with("Car Price Prediction Dataset Description:"));
        let names: Vec<&str> = d.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Brand",
                "Model",
                "Year",
                "Engine_Size",
                "Fuel_Type",
                "Transmission",
                "Mileage",
                "Doors",
                "Owner_Count",
                "Price"
            ]
        );
        assert_eq!(d.fields[2].data_type.as_deref(), Some("sc:Integer"));
        assert_eq!(d.personal_data.contains_personal_data, None);

        let v: Value = doc(
            "x.json",
            fixture("kaggle-car-price.array.json").text().unwrap(),
        )
        .json()
        .unwrap();
        let single = serde_json::to_string(&v[0]).unwrap();
        let one = load(&doc("car.json", &single)).unwrap();
        assert_eq!(content_of(&d), content_of(&one));
    }

    /// A flattened Croissant document (nodes under `@graph`, record sets and fields referred to
    /// by `@id`) reads as the same dataset as the nested original: fields, RAI statements and
    /// the personal-data reading all survive.
    #[test]
    fn croissant_graph() {
        let d = load(&fixture("bigcode-the-stack.graph.jsonld")).unwrap();
        assert_eq!(d.name.as_deref(), Some("bigcode-the-stack"));
        assert_eq!(d.license.as_deref(), Some("other"));
        assert_eq!(d.fields.len(), 26);
        assert_eq!(d.fields[0].name, "default/content");
        assert_eq!(d.fields[0].data_type.as_deref(), Some("sc:Text"));
        assert_eq!(d.rai.len(), 9);
        assert!(d
            .personal_data
            .statement
            .as_deref()
            .unwrap()
            .starts_with("The released dataset may contain sensitive information such as emails"));
        assert_eq!(d.personal_data.contains_personal_data, Some(true));

        let original = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/croissant/1.0/bigcode-the-stack.json"
        ));
        if !original.is_file() {
            eprintln!("skipping the comparison with the original: ../shared/data not found");
            return;
        }
        let o = load(&Doc::read(original, "the-stack.json").unwrap()).unwrap();
        assert_eq!(content_of(&d), content_of(&o));
    }

    /// Attacks on the graph and array forms: a second dataset node (one saying "None.", the
    /// other the truth) is refused, not half read; reference loops end; a dataset node after
    /// other nodes is found.
    #[test]
    fn croissant_graph_and_array_attacks() {
        let ctx = r#""@context": {"@vocab": "https://schema.org/", "sc": "https://schema.org/",
            "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
            "recordSet": "cr:recordSet", "field": "cr:field", "subField": "cr:subField",
            "dataType": {"@id": "cr:dataType", "@type": "@vocab"}}"#;
        let two = format!(
            r#"{{{ctx}, "@graph": [
              {{"@type": "sc:Dataset", "name": "clean", "rai:personalSensitiveInformation": "None."}},
              {{"@type": "sc:Dataset", "name": "real", "rai:personalSensitiveInformation": "Names."}}]}}"#
        );
        let e = load_err("two.jsonld", &two);
        assert!(e.contains("2 Croissant dataset nodes"), "{e}");
        assert!(e.contains("/@graph/1"), "{e}");

        let two = format!(
            r#"[{{{ctx}, "@type": "sc:Dataset", "name": "a"}}, {{{ctx}, "@type": "sc:Dataset", "name": "b"}}]"#
        );
        let e = load_err("two.json", &two);
        assert!(
            e.contains("2 Croissant dataset nodes") && e.contains("/1"),
            "{e}"
        );

        let none = format!(r#"{{{ctx}, "@graph": [{{"@id": "x", "name": "x"}}]}}"#);
        let e = load_err("none.jsonld", &none);
        assert!(
            e.contains("not a Croissant dataset") && e.contains("/@graph"),
            "{e}"
        );
        let e = load_err("none.json", "[1, 2]");
        assert!(e.contains("not a Croissant dataset"), "{e}");

        // Fields that contain themselves, and a record set listed twice.
        let looped = format!(
            r#"{{{ctx}, "@graph": [
              {{"@id": "rs/a", "@type": "cr:Field", "name": "a", "dataType": "sc:Text",
                "subField": [{{"@id": "rs/b"}}]}},
              {{"@id": "rs/b", "@type": "cr:Field", "name": "b", "subField": {{"@id": "rs/a"}}}},
              {{"@id": "rs", "@type": "cr:RecordSet", "field": [{{"@id": "rs/a"}}, {{"@id": "rs/a"}}]}},
              {{"@id": "ds", "@type": "sc:Dataset", "name": "loop",
                "recordSet": [{{"@id": "rs"}}, {{"@id": "rs"}}],
                "rai:personalSensitiveInformation": "There is probably personal information."}}]}}"#
        );
        let d = load(&doc("loop.jsonld", &looped)).unwrap();
        let names: Vec<&str> = d.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(d.fields[0].data_type.as_deref(), Some("sc:Text"));
        assert_eq!(d.personal_data.contains_personal_data, Some(true));

        // Expanded keys are read like compact ones.
        let expanded = r#"[{"@context": {"schema": "http://schema.org/"},
            "@type": "schema:Dataset", "schema:name": "expanded",
            "http://mlcommons.org/croissant/RAI/personalSensitiveInformation": "None."}]"#;
        let d = load(&doc("e.json", expanded)).unwrap();
        assert_eq!(d.name.as_deref(), Some("expanded"));
        assert_eq!(d.personal_data.contains_personal_data, Some(false));
    }

    /// The 82 real dataset cards of huggingface/datasets, read against hand labels
    /// (tests/fixtures/dataset-cards/labels.tsv, from reading each card's Personal and Sensitive
    /// Information section). No card is read as holding no personal data unless its label says
    /// so: a wrong "none" is a wrong approval.
    #[test]
    fn real_dataset_cards_personal_data_against_labels() {
        let dir = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/real/dataset-cards-hf"
        ));
        if !dir.is_dir() {
            eprintln!("skipping: ../shared/data/real/dataset-cards-hf not found");
            return;
        }
        let labels = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dataset-cards/labels.tsv"),
        )
        .unwrap();
        let labels: BTreeMap<&str, &str> = labels
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut cols = l.split('\t');
                (cols.next().unwrap(), cols.next().unwrap())
            })
            .collect();
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        files.sort();
        assert_eq!(
            files.iter().map(String::as_str).collect::<Vec<_>>(),
            labels.keys().copied().collect::<Vec<_>>(),
            "labels.tsv lists every card of the folder"
        );

        let (mut exact, mut decided, mut wrong_none) = (0, 0, Vec::new());
        let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for name in &files {
            let label = labels[name.as_str()];
            let loaded = load(&Doc::read(&dir.join(name), name).unwrap());
            // The Hub's Jinja template is no card: its front matter `{{ card_data }}` is no
            // YAML, and refusing it stops the check (no approval). Labelled unknown.
            if name == "hf-hub-datasetcard-template.md" {
                let e = loaded.unwrap_err().to_string();
                assert!(e.contains("invalid YAML"), "{e}");
                exact += usize::from(label == "unknown");
                decided += usize::from(label == "unknown");
                continue;
            }
            let d = loaded.unwrap_or_else(|e| panic!("{name}: {e}"));
            let pd = &d.personal_data;
            let reading = pd
                .statement
                .as_deref()
                .map_or(PersonalReading::Unknown, read_personal_statement);
            assert_eq!(pd.contains_personal_data, reading.contains(), "{name}");
            let read = match reading {
                PersonalReading::Present => "yes",
                PersonalReading::Likely => "likely",
                PersonalReading::Absent => "no",
                PersonalReading::Unknown => "unknown",
            };
            let want = match label {
                "yes" | "likely" => Some(true),
                "no" => Some(false),
                "unknown" => None,
                other => panic!("{name}: label {other:?} is not yes, likely, no or unknown"),
            };
            exact += usize::from(read == label);
            decided += usize::from(pd.contains_personal_data == want);
            *confusion.entry((label, read)).or_default() += 1;
            if pd.contains_personal_data == Some(false) && label != "no" {
                wrong_none.push(format!("{name}: labelled {label}, read as none"));
            }
        }
        let n = files.len();
        let pct = |k: usize| 100.0 * k as f64 / n as f64;
        eprintln!(
            "dataset cards: {n}; personal-data reading equal to the label (yes/likely/no/unknown) \
             {exact} ({:.1}%); contains_personal_data right (true/false/unknown) {decided} ({:.1}%)",
            pct(exact),
            pct(decided)
        );
        eprintln!("label -> reading: {confusion:?}");
        assert!(wrong_none.is_empty(), "{wrong_none:#?}");
        assert!(n >= 82, "only {n} cards");
        assert!(
            pct(decided) >= 95.0,
            "contains_personal_data right for {decided} of {n}"
        );
    }

    #[test]
    fn detection_by_name_and_content() {
        use DatasetFormat::*;
        assert_eq!(detect("a/README.md", ""), Some(HuggingFaceCard));
        assert_eq!(detect("croissant.json", ""), Some(Croissant));
        assert_eq!(detect("meta.jsonld", ""), Some(Croissant));
        assert_eq!(detect("metadata", "  {\"@context\": {}}"), Some(Croissant));
        assert_eq!(
            detect("metadata", "\n[{\"@context\": {}}]"),
            Some(Croissant)
        );
        assert_eq!(detect("dataset.yaml", ""), Some(Datasheet));
        assert_eq!(detect("data/loans.datasheet.yml", ""), Some(Datasheet));
        assert_eq!(
            detect(
                "card",
                "apiVersion: modelgate.dev/v1\nkind: \"Datasheet\" # ours\n"
            ),
            Some(Datasheet)
        );
        assert_eq!(
            detect("card", "---\nlicense: mit\n---\n"),
            Some(HuggingFaceCard)
        );
        assert_eq!(detect("notes.txt", "hello"), None);
        assert_eq!(Datasheet.name(), "modelgate-datasheet");
        let e = load_err("notes.txt", "hello");
        assert!(e.contains("not a dataset manifest"), "{e}");
    }

    #[test]
    fn contains_heuristic() {
        let cases: &[(&str, Option<bool>)] = &[
            ("None.", Some(false)),
            ("none", Some(false)),
            ("No.", Some(false)),
            ("N/A", None),
            ("[N/A]", None),
            ("Not applicable: synthetic data.", None),
            (
                "The dataset does not contain personal information.",
                Some(false),
            ),
            ("The dataset contains no personal data.", Some(false)),
            ("This dataset doesn't include PII.", Some(false)),
            ("No personal data remains after aggregation.", Some(false)),
            ("None, except the names of public figures.", Some(true)),
            (
                "The dataset contains no personal data. However, usernames may appear.",
                Some(true),
            ),
            ("Nonetheless, some e-mail addresses appear.", Some(true)),
            ("Names and addresses of patients.", Some(true)),
            (
                "The released dataset may contain sensitive information such as emails.",
                Some(true),
            ),
            ("Unknown.", None),
            ("[More Information Needed]", None),
            ("   ", None),
        ];
        for (text, want) in cases {
            assert_eq!(contains_from_statement(text), *want, "{text}");
        }
    }

    /// Hedges, exceptions and sentences that deny something else never read as "none"; only a
    /// plain denial of personal data does. The quoted statements are from real dataset cards.
    #[test]
    fn personal_statement_reading() {
        use PersonalReading::*;
        let cases: &[(&str, PersonalReading)] = &[
            // Denials.
            ("None.", Absent),
            (
                "The dataset does not include personal or sensitive information.",
                Absent,
            ),
            (
                "No personal or sensitive information is included in this dataset. This has \
                 been manually verified by the dataset curators.",
                Absent,
            ),
            ("We did not collect any personal data.", Absent),
            ("Personal information is not included.", Absent),
            ("Personal data was never collected.", Absent),
            ("The corpus is free of PII.", Absent),
            // Hedges: likely.
            (
                "No content is removed or obfuscated.\nThere is probably personal information \
                 in the dataset from users.",
                Likely,
            ),
            (
                "Unkown, but likely there are names of famous individuals.",
                Likely,
            ),
            (
                "We do not expect any personal and sensitive information to be present since \
                 all data are public news articles.",
                Likely,
            ),
            (
                "Papers published on arXiv are unlikely to contain much personal information, \
                 although some do include some poorly chosen examples revealing personal details.",
                Likely,
            ),
            ("The data may contain user names.", Likely),
            (
                "The dataset likely does not contain personal information.",
                Likely,
            ),
            ("We did not remove personal information.", Likely),
            ("Personal data was not anonymised.", Likely),
            ("No personal data, to our knowledge.", Likely),
            ("None that we know of, but it cannot be ruled out.", Likely),
            // Says something that is no denial of personal data: present.
            ("The author does not contain original tweets.", Present),
            (
                "All the source data is already freely downloadable and usable online, so there \
                 are no privacy concerns.",
                Present,
            ),
            ("The dataset contains no sensitive information.", Present),
            ("No content is removed.", Present),
            ("No anonymisation of personal data was done.", Present),
            ("The dataset does not mask personal information.", Present),
            ("None, except the names of public figures.", Present),
            ("No personal data. Usernames are kept, however.", Present),
            (
                "The dataset consists of people who have donated their voice online.",
                Present,
            ),
            // Not known.
            ("[N/A]", Unknown),
            ("N/A", Unknown),
            ("Not applicable.", Unknown),
            ("[More Information Needed]", Unknown),
            ("[Needs More Information]", Unknown),
            ("", Unknown),
            ("Unknown.", Unknown),
            ("Unkown, but likely none.", Unknown),
            ("Not known; possibly none.", Unknown),
        ];
        let mut wrong = Vec::new();
        for (text, want) in cases {
            let got = read_personal_statement(text);
            if got != *want {
                wrong.push(format!("{text:?}: {got:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn fixtures_load() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/datasets");

        let path = dir.join("loans.dataset.yaml");
        let d = load(&Doc::read(&path, "loans.dataset.yaml").unwrap()).unwrap();
        assert_eq!(d.source.format, "modelgate-datasheet");
        assert_eq!(d.name.as_deref(), Some("loan-applications-2024"));
        assert_eq!(d.version.as_deref(), Some("2024.06"));
        assert_eq!(
            d.url.as_deref(),
            Some("https://data.example.com/catalog/loan-applications-2024")
        );
        let pd = &d.personal_data;
        assert_eq!(pd.contains_personal_data, Some(true));
        assert_eq!(
            pd.categories,
            ["identity", "contact", "financial", "employment"]
        );
        assert!(pd.special_categories.is_empty());
        assert_eq!(pd.lawful_basis.as_deref(), Some("legitimate_interests"));
        assert_eq!(pd.retention_days, Some(730));
        assert_eq!(
            pd.transfers,
            [Transfer {
                destination: "US".into(),
                mechanism: Some("scc".into()),
                ..Transfer::default()
            }]
        );
        assert_eq!(
            pd.dpia.as_ref().and_then(|d| d.date.as_deref()),
            Some("2024-05-02")
        );
        assert_eq!(
            pd.ccpa.as_ref().map(|c| c.sensitive.clone()),
            Some(vec!["government_id".into(), "account_credentials".into()])
        );
        assert!(pd
            .statement
            .as_deref()
            .unwrap()
            .starts_with("Contains personal data of loan applicants"));
        assert_eq!(d.fields.len(), 11);
        assert_eq!(d.fields.iter().filter(|f| f.direct_identifier).count(), 1);
        assert_eq!(d.rai.len(), 7);
        assert!(d.rai.contains_key("dataCollectionTimeframe"));
        assert_eq!(d.lines["lawful_basis"], 17);
        assert_eq!(d.lines["personal_data"], 13);
        assert_eq!(d.lines["dpia"], 33);
        assert_eq!(pd.records_of_processing.as_deref(), Some("ROPA-RISK-012"));
        assert_eq!(
            pd.transparency_notice.as_deref(),
            Some("https://www.example.com/privacy/loan-applicants")
        );
        assert_eq!((pd.large_scale, pd.profiling), (Some(true), Some(true)));
        assert_eq!(pd.children.as_ref().map(|c| c.present), Some(false));
        let ccpa = pd.ccpa.as_ref().unwrap();
        assert_eq!(ccpa.sensitive_use_limited, Some(true));
        assert_eq!(ccpa.risk_assessment.as_deref(), Some("RA-2024-009"));
        assert_eq!(d.lines["records_of_processing"], 38);
        assert_eq!(d.lines["ccpa.opt_out"], 47);
        assert_eq!(d.lines["fields.applicant_id"], 55);

        let path = dir.join("hf-dataset-card.md");
        let d = load(&Doc::read(&path, "support-tickets/README.md").unwrap()).unwrap();
        assert_eq!(d.source.format, "huggingface-dataset-card");
        assert_eq!(d.name.as_deref(), Some("Customer Support Tickets (EN/DE)"));
        assert_eq!(d.license.as_deref(), Some("cc-by-nc-4.0"));
        assert_eq!(
            d.url.as_deref(),
            Some("https://data.example.com/support-tickets")
        );
        assert!(d
            .description
            .as_deref()
            .unwrap()
            .starts_with("Customer Support Tickets (EN/DE) contains 53,567"));
        let names: Vec<&str> = d.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ticket_id",
                "text",
                "language",
                "intent",
                "customer_region",
                "created_at",
                "agent_notes"
            ]
        );
        assert_eq!(d.fields[3].data_type.as_deref(), Some("class_label"));
        assert_eq!(d.fields[6].data_type.as_deref(), Some("sequence<string>"));
        for k in [
            "dataUseCases",
            "curationRationale",
            "dataCollection",
            "dataAnnotationProtocol",
            "annotatorDemographics",
            "personalSensitiveInformation",
            "dataSocialImpact",
            "dataBiases",
            "licensingInformation",
            "dataCollectionType",
        ] {
            assert!(d.rai.contains_key(k), "missing {k}: {:?}", d.rai.keys());
        }
        assert!(!d.rai.contains_key("dataLimitations"), "placeholder only");
        assert!(
            !d.rai.contains_key("citationInformation"),
            "placeholder only"
        );
        assert!(d.rai["dataCollection"].contains("Customers of the retailer"));
        let pd = &d.personal_data;
        assert_eq!(pd.contains_personal_data, Some(true));
        assert!(pd
            .statement
            .as_deref()
            .unwrap()
            .starts_with("The tickets contain personal data of customers."));
        assert_eq!(pd.lawful_basis.as_deref(), Some("legitimate_interests"));
        assert_eq!(
            pd.anonymization.as_ref().map(|a| a.method.as_str()),
            Some("pseudonymisation")
        );
        assert_eq!(pd.retention_days, Some(1095));
        assert_eq!(pd.subject_regions, ["EU", "UK"]);
        assert_eq!(d.lines["personal_data"], 64);
        assert_eq!(d.lines["dpia"], 74);
        assert_eq!(pd.children.as_ref().map(|c| c.present), Some(false));
        assert_eq!(
            pd.records_of_processing.as_deref(),
            Some("https://privacy.example.com/ropa/support-tickets")
        );
        assert_eq!(
            pd.transparency_notice.as_deref(),
            Some("https://www.example.com/privacy#support")
        );
        assert_eq!(d.lines["transparency_notice"], 77);
    }

    #[test]
    fn real_croissant_samples() {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
        if !root.is_dir() {
            eprintln!("skipping: ../shared/data not found");
            return;
        }
        let mut count = 0;
        let mut named = 0;
        for version in ["1.0", "1.1"] {
            let dir = root.join("croissant").join(version);
            let mut entries: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
            {
                let rel = format!(
                    "croissant/{version}/{}",
                    path.file_name().unwrap().to_string_lossy()
                );
                let d =
                    load(&Doc::read(&path, &rel).unwrap()).unwrap_or_else(|e| panic!("{rel}: {e}"));
                assert_eq!(d.source.format, "croissant", "{rel}");
                named += usize::from(d.name.is_some());
                assert!(
                    d.rai.values().all(|t| t.len() <= 4000 && !t.is_empty()),
                    "{rel}"
                );
                count += 1;
            }
        }
        assert!(count >= 40, "only {count} samples");
        // huggingface-squad.json (1.0) has no top-level name.
        assert!(named + 1 >= count, "{named} of {count} named");

        let doc = Doc::read(
            &root.join("croissant/1.0/bigcode-the-stack.json"),
            "the-stack.json",
        )
        .unwrap();
        let d = load(&doc).unwrap();
        assert_eq!(d.name.as_deref(), Some("bigcode-the-stack"));
        assert_eq!(d.license.as_deref(), Some("other"));
        assert_eq!(
            d.url.as_deref(),
            Some("https://huggingface.co/datasets/bigcode/the-stack")
        );
        assert_eq!(d.version, None);
        assert!(d
            .description
            .as_deref()
            .unwrap()
            .starts_with("The Stack contains over 6TB of permissively-licensed"));
        let keys: Vec<&str> = d.rai.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "dataBiases",
                "dataCollection",
                "dataCollectionRawData",
                "dataCollectionType",
                "dataLimitations",
                "dataPreprocessingProtocol",
                "dataSocialImpact",
                "dataUseCases",
                "personalSensitiveInformation",
            ]
        );
        assert_eq!(d.rai["dataCollectionType"], "Web Scraping\nOthers");
        assert_eq!(
            d.rai["dataCollectionRawData"],
            "Files containing code data."
        );
        assert!(d.rai["dataBiases"]
            .starts_with("Widely adopted programming languages like C and Javascript"));
        assert!(d.rai["dataBiases"].contains("\nRoughly 40 natural languages are present"));
        assert!(d.rai["dataUseCases"]
            .starts_with("The Stack is a pre-training dataset for creating code LLMs."));
        let pd = &d.personal_data;
        assert!(pd.statement.as_deref().unwrap().starts_with(
            "The released dataset may contain sensitive information such as emails, IP addresses"
        ));
        assert_eq!(pd.contains_personal_data, Some(true));
        assert_eq!(d.fields.len(), 26);
        assert_eq!(d.fields[0].name, "default/content");
        assert_eq!(d.fields[0].data_type.as_deref(), Some("sc:Text"));
        assert_eq!(
            d.fields[0].description.as_deref(),
            Some("The content of the file.")
        );
        assert_eq!(d.fields[25].name, "default/alphanum_fraction");
        assert_eq!(d.fields[25].data_type.as_deref(), Some("sc:Float"));

        let doc = Doc::read(&root.join("croissant/1.0/dices-350.json"), "dices.json").unwrap();
        let d = load(&doc).unwrap();
        assert_eq!(d.name.as_deref(), Some("DICES-350_dataset"));
        assert_eq!(d.version.as_deref(), Some("1.0.0"));
        assert_eq!(d.license.as_deref(), Some("cc-by-sa-4.0"));
        assert_eq!(d.rai.len(), 8);
        assert!(d.rai["annotatorDemographics"]
            .starts_with("DICES-350 was annotated by a pool of 104 raters."));
        assert_eq!(
            d.rai["dataAnnotationPlatform"],
            "Crowdworker annotators with task specific UI"
        );
        assert_eq!(d.personal_data.statement, None);
        assert_eq!(d.personal_data.contains_personal_data, None);
        assert!(d.fields.is_empty());

        let doc = Doc::read(&root.join("croissant/1.0/coco2014-mini.json"), "coco.json").unwrap();
        let d = load(&doc).unwrap();
        assert_eq!(d.url, None, "\"None\" is a missing value");
        assert_eq!(d.fields.len(), 13);
        assert_eq!(
            d.fields[1].data_type.as_deref(),
            Some("wd:Q3985153, sc:URL")
        );

        let doc = Doc::read(
            &root.join("croissant/1.1/commoncrawl-CC-MAIN-2025-43-draft.json"),
            "cc.json",
        )
        .unwrap();
        let d = load(&doc).unwrap();
        assert_eq!(d.name.as_deref(), Some("CC-MAIN-2025-43"));
        assert_eq!(d.version.as_deref(), Some("1.0.0"));
        assert_eq!(
            d.license.as_deref(),
            Some("https://commoncrawl.org/terms-of-use")
        );
        assert!(d.rai.is_empty());
    }

    /// The generated schema (`schemas/datasheet.schema.json`) accepts the fixture and the
    /// inline sample, and rejects what the loader rejects.
    #[test]
    fn schema_agrees_with_loader() {
        let schema = serde_json::to_value(schemars::schema_for!(Datasheet)).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let fixture = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/datasets/loans.dataset.yaml"),
        )
        .unwrap();
        let children = sheet_with(
            22,
            "  children: { present: true, ageVerification: ID check, parentalConsent: true }",
        );
        for text in [fixture.as_str(), SHEET, children.as_str()] {
            let v: Value = serde_yaml_ng::from_str(text).unwrap();
            let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        for (n, line) in [
            (12, "  lawfulBasis: because"),
            (15, "  retentionDayz: 730"),
            (1, "apiVersion: v2"),
            (22, "  children: sometimes"),
            (22, "  children: { present: true, parental: true }"),
        ] {
            let v: Value = serde_yaml_ng::from_str(&sheet_with(n, line)).unwrap();
            assert!(!validator.is_valid(&v), "{line}");
        }
        let desc = schema["$defs"]["LawfulBasis"].to_string();
        assert!(desc.contains("Art. 6(1)(f)"), "{desc}");
        let desc = schema["$defs"]["ChildrenDetail"].to_string();
        assert!(desc.contains("Art. 8(2)"), "{desc}");
        let desc = schema["$defs"]["CcpaSheet"].to_string();
        assert!(desc.contains("§1798.140(m)(2)-(3)"), "{desc}");
    }

    /// Every key a datasheet's personal-data block may hold (its schema's properties, nested
    /// mappings included) is named in `lines` as the input names that field, so that a policy's
    /// finding about `ccpa.minors_under_16` finds its line.
    #[test]
    fn personal_data_keys_name_input_fields() {
        fn props(
            schema: &serde_json::Value,
            defs: &serde_json::Value,
            out: &mut Vec<(String, serde_json::Value)>,
        ) {
            let s = match schema.get("$ref").and_then(|r| r.as_str()) {
                Some(r) => &defs[r.rsplit('/').next().unwrap()],
                None => schema,
            };
            if let Some(any) = s
                .get("anyOf")
                .or_else(|| s.get("oneOf"))
                .and_then(|a| a.as_array())
            {
                for a in any {
                    props(a, defs, out);
                }
            }
            if let Some(p) = s.get("properties").and_then(|p| p.as_object()) {
                for (k, v) in p {
                    out.push((k.clone(), v.clone()));
                }
            }
        }
        let sheet = serde_json::to_value(schemars::schema_for!(PersonalDataSheet)).unwrap();
        let input =
            serde_json::to_value(schemars::schema_for!(crate::input::PersonalData)).unwrap();
        let (sd, id) = (&sheet["$defs"], &input["$defs"]);
        let mut sheet_keys = Vec::new();
        props(&sheet, sd, &mut sheet_keys);
        let mut input_keys = Vec::new();
        props(&input, id, &mut input_keys);
        let input_names: std::collections::BTreeMap<String, serde_json::Value> =
            input_keys.into_iter().collect();
        assert!(sheet_keys.len() > 20, "{sheet_keys:?}");
        let mut checked_nested = 0;
        for (key, sub) in &sheet_keys {
            let name = snake_case(key);
            // The one key the input spells longer; `lines` keeps the sheet's word.
            let field = if name == "contains" {
                "contains_personal_data".to_string()
            } else {
                name.clone()
            };
            let Some(input_sub) = input_names.get(&field) else {
                panic!("datasheet key {key} becomes {name}, which the input does not have");
            };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            props(sub, sd, &mut a);
            props(input_sub, id, &mut b);
            let b: Vec<String> = b.into_iter().map(|(k, _)| k).collect();
            for (k, _) in a {
                assert!(
                    b.contains(&snake_case(&k)),
                    "{key}.{k} becomes {name}.{}, not in {b:?}",
                    snake_case(&k)
                );
                checked_nested += 1;
            }
        }
        assert!(checked_nested > 10, "nested keys were checked");
        assert_eq!(snake_case("minorsUnder16"), "minors_under_16");
        assert_eq!(snake_case("art89"), "art89");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }
}
