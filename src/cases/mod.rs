//! The legal case suite (`policies/cases/*.yaml`): an example bundle with a few facts changed,
//! the decision the law requires for it and the sentence of the law that requires it. The cases
//! are embedded so the rule catalogue can list, under each rule, the cases that exercise it;
//! `tests/it/legal_cases.rs` runs them through `check` and through OPA.

mod embedded;
mod parse;
#[cfg(test)]
mod tests;

pub use embedded::{all, cases_for_rule, CASES};
pub use parse::parse;

use crate::decision::Verdict;
use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One scenario: a copy of `examples/<base>` with `edit` and `remove` applied, checked at
/// `now` with `config` and `params`, must decide as `expect` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Equals the file stem; lower-case letters, digits and `-`.
    pub id: String,
    /// One line: the facts and what the law makes of them.
    pub title: String,
    /// Where the scenario comes from (a review, an incident, a regulator's guidance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The provision the expected decision rests on, e.g. `GDPR Art. 45(1)`.
    pub law: String,
    /// Its words, verbatim (`...` or `…` where text is left out).
    pub quote: String,
    /// A folder under `examples/`.
    pub base: String,
    /// The decision time (RFC 3339).
    pub now: String,
    /// Merged into the run's `Config` (`apiVersion` and `kind` are added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    /// Rule parameters per area, as `--data` gives them under `modelgate.params`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// Changes per bundle file (path relative to the bundle): a JSON merge patch for `.yaml`,
    /// `.yml` and `.json` files, a [`TextEdit`] for any other file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub edit: BTreeMap<String, Value>,
    /// Bundle files to delete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    pub expect: Expect,
}

/// The decision a case requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The run's verdict.
    pub verdict: Verdict,
    /// Rule ids that must have a blocking finding (deny after enforcement, not waived).
    #[serde(default)]
    pub deny: Vec<String>,
    /// Rule ids that must have a warn finding.
    #[serde(default)]
    pub warn: Vec<String>,
    /// Rule ids that must have no finding at any level.
    #[serde(default)]
    pub not: Vec<String>,
}

/// The edit of a Markdown or other text file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEdit {
    /// `[old, new]` pairs applied in order; each old text must occur, and every occurrence is
    /// replaced.
    #[serde(default)]
    pub replace: Vec<(String, String)>,
    /// Text added at the end, on a new line.
    #[serde(default)]
    pub append: Option<String>,
}

/// What a case does to one file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileEdit {
    /// RFC 7386 JSON merge patch of a YAML or JSON document.
    MergePatch(Value),
    Text(TextEdit),
}

impl Case {
    /// Every rule id the case names, with where: `("deny", id)`, `("warn", id)`, `("not", id)`.
    pub fn rule_ids(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let e = &self.expect;
        e.deny
            .iter()
            .map(|r| ("deny", r.as_str()))
            .chain(e.warn.iter().map(|r| ("warn", r.as_str())))
            .chain(e.not.iter().map(|r| ("not", r.as_str())))
    }

    /// The edits per file, in path order, told apart by the file's extension.
    pub fn file_edits(&self) -> Result<Vec<(String, FileEdit)>> {
        self.edit
            .iter()
            .map(|(path, v)| {
                let edit = if is_structured(path) {
                    FileEdit::MergePatch(v.clone())
                } else {
                    let t: TextEdit = serde_json::from_value(v.clone()).map_err(|e| {
                        Error::format(
                            format!("case {}", self.id),
                            Location::pointer(format!("/edit/{}", pointer_escape(path))),
                            format!(
                                "a text file's edit is {{replace: [[old, new], ...], append: text}}: {e}"
                            ),
                        )
                    })?;
                    FileEdit::Text(t)
                };
                Ok((path.clone(), edit))
            })
            .collect()
    }
}

/// YAML and JSON files get merge patches; everything else is text.
fn is_structured(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|x| lower.ends_with(x))
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
/// Applies an RFC 7386 JSON merge patch: objects merge key by key, `null` deletes a key, any
/// other value (arrays included) replaces what was there.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, change) in changes {
            if change.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), change);
            }
        }
    }
}

impl TextEdit {
    /// The edited text; an error names the first replaced text that does not occur.
    pub fn apply(&self, text: &str) -> std::result::Result<String, String> {
        let mut out = text.to_string();
        for (old, new) in &self.replace {
            if !out.contains(old.as_str()) {
                return Err(format!(
                    "replace: text not found: {:?}",
                    crate::error::excerpt(old)
                ));
            }
            out = out.replace(old.as_str(), new);
        }
        if let Some(add) = &self.append {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(add);
        }
        Ok(out)
    }
}
