//! Staged rollouts: Argo Rollouts (`Rollout`, `AnalysisTemplate`), Flagger (`Canary`) and
//! KServe (`InferenceService` canary traffic), and whether a failing metric stops them without a
//! person. What the files cannot show (a template not shipped, a metric that cannot fail, a mesh
//! provider or deployment mode left to the cluster) counts as not staged or no abort.
//!
//! Decisions, each the reading that cannot turn a block into a wrong approve:
//! - Staged means live traffic is held at a weight strictly between 0 and 100 before the
//!   release gets all of it. An Argo `setWeight` counts only when a pause (not of zero length),
//!   an analysis or an experiment holds it before the next weight or the end; blue-green
//!   switches all traffic at once (its pre/post-promotion analyses can still abort it).
//! - Flagger blue/green and A/B testing (`iterations`) are not staged: A/B exposes the
//!   requests a match selects, a share no weight states. A Canary without `provider` is not
//!   shown to be staged: the cluster-wide mesh provider decides, and with `kubernetes` Flagger
//!   switches all traffic at once. Flagger's abort needs `analysis.threshold` ≥ 1 stated
//!   (its controller would use 1 for 0, but the file does not say so).
//! - KServe's `canaryTrafficPercent` stages only in Serverless (Knative) mode, stated by the
//!   `serving.kserve.io/deploymentMode` annotation; KServe never aborts by itself.
//! - Steps list the weights in order, ending with 100, the full promotion.

use super::{AnalysisTemplate, RolloutDraft};
use crate::error::{excerpt, Error, Location, Result};
use crate::formats::locate::{Position, YamlIndex};
use crate::formats::Doc;
use crate::input::Rollout;
use regex::Regex;
use serde_json::{Map, Value};

#[cfg(test)]
mod tests;

/// [`Rollout::tool`] of an Argo Rollouts `Rollout`.
pub const ARGO: &str = "argo-rollouts";
/// [`Rollout::tool`] of a Flagger `Canary`.
pub const FLAGGER: &str = "flagger";
/// [`Rollout::tool`] of a KServe `InferenceService`.
pub const KSERVE: &str = "kserve";

/// Flagger's metrics measured without a `MetricTemplate`.
const FLAGGER_BUILTINS: [&str; 2] = ["request-success-rate", "request-duration"];

/// One Argo analysis a rollout starts: its templates, and the metrics it runs in dry run.
#[derive(Debug, Clone, Default)]
pub struct AnalysisUse {
    /// Where the rollout starts it (`background analysis`, `step 2 analysis`,
    /// `prePromotionAnalysis`).
    pub at: String,
    /// Template references (`AnalysisTemplate/name`, `ClusterAnalysisTemplate/name`).
    pub templates: Vec<String>,
    /// The analysis's own `dryRun[].metricName` patterns (regular expressions).
    pub dry_run: Vec<String>,
    /// Why this analysis never judges the canary, when it does not.
    pub idle: Option<String>,
}

mod argo;
mod flagger;
mod kserve;
pub use argo::{argo, argo_template};
pub use flagger::flagger;
pub use kserve::kserve;

/// The rollout with whether its Argo analyses can abort it decided: at least one analysis
/// that judges the canary runs a template the bundle ships (every definition of it, in the
/// rollout's namespace) with a metric that can fail and that the analysis does not run in dry
/// run. Flagger and KServe rollouts were decided when read.
pub fn resolve(draft: RolloutDraft, templates: &[AnalysisTemplate]) -> Rollout {
    let mut rollout = draft.rollout;
    if rollout.tool != ARGO {
        return rollout;
    }
    let mut reasons: Vec<String> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let mut aborts = false;
    for run in &draft.runs {
        if let Some(why) = &run.idle {
            reasons.push(why.clone());
            continue;
        }
        let mut dry_run = Vec::new();
        if let Some(bad) = run.dry_run.iter().find(|p| Regex::new(p).is_err()) {
            reasons.push(format!(
                "{}: the dryRun pattern `{}` is not a regular expression modelgate reads, so \
                 any metric may be in dry run",
                run.at,
                excerpt(bad)
            ));
            continue;
        }
        for p in &run.dry_run {
            if let Ok(re) = Regex::new(p) {
                dry_run.push((p, re));
            }
        }
        for t in &run.templates {
            let shipped: Vec<&AnalysisTemplate> = templates
                .iter()
                .filter(|x| &x.name == t && same_namespace(x, draft.namespace.as_deref()))
                .collect();
            if shipped.is_empty() {
                if !missing.contains(&t.as_str()) {
                    missing.push(t);
                }
                continue;
            }
            let mut why: Vec<String> = Vec::new();
            let mut every_fails = true;
            for x in &shipped {
                let (live, dry): (Vec<&String>, Vec<&String>) = x
                    .failing_metrics
                    .iter()
                    .partition(|m| !dry_run.iter().any(|(_, re)| re.is_match(m)));
                if live.is_empty() {
                    every_fails = false;
                    why.extend(x.inert.iter().cloned());
                    why.extend(
                        dry.iter()
                            .map(|m| format!("`{}`: in dry run in this analysis", excerpt(m))),
                    );
                }
            }
            if every_fails {
                aborts = true;
            } else {
                let defined = if shipped.len() > 1 {
                    format!(" (defined {} times in the bundle)", shipped.len())
                } else {
                    String::new()
                };
                let detail = if why.is_empty() {
                    "it has no metrics".to_string()
                } else {
                    why.join("; ")
                };
                reasons.push(format!(
                    "{}: `{}`{defined} has no metric that can fail the run: {detail}",
                    run.at,
                    excerpt(t)
                ));
            }
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|m| format!("`{}`", excerpt(m)))
            .collect();
        reasons.push(format!(
            "analysis templates not in the bundle cannot be shown to fail the run: {}",
            names.join(", ")
        ));
    }
    if draft.runs.is_empty() {
        reasons.push(
            "the rollout starts no analysis, so only a person can abort it (`kubectl argo \
             rollouts abort`)"
                .to_string(),
        );
    } else if reasons.is_empty() {
        reasons.push("its analyses name no template".to_string());
    }
    rollout.automated_abort = aborts;
    rollout.no_abort_reason = (!aborts).then(|| reasons.join("; "));
    rollout
}

/// Whether a template is one the rollout can run: a `ClusterAnalysisTemplate`, or an
/// `AnalysisTemplate` not stated to be in another namespace than the rollout's.
pub(super) fn same_namespace(template: &AnalysisTemplate, rollout: Option<&str>) -> bool {
    match (template.namespace.as_deref(), rollout) {
        (Some(t), Some(r)) => t == r,
        _ => true,
    }
}

/// A rollout decided when read: no templates to resolve.
pub(super) fn draft(rollout: Rollout) -> RolloutDraft {
    RolloutDraft {
        rollout,
        ..RolloutDraft::default()
    }
}

/// The typed fields of one document, errors located by JSON pointer (and line and column).
pub(super) struct Fields<'a> {
    doc: &'a Doc,
    root: &'a Value,
}

impl<'a> Fields<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.doc.err(locate(self.doc, self.root, pointer), message)
    }

    /// An error: the value at `pointer` is not `expected`.
    fn wrong(&self, pointer: &str, expected: &str) -> Error {
        let key = pointer
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace("~1", "/");
        let found = match self.root.pointer(pointer) {
            None | Some(Value::Null) => "nothing".to_string(),
            Some(Value::Bool(b)) => format!("`{b}`"),
            Some(Value::Number(n)) => format!("the number {n}"),
            Some(Value::String(s)) => format!("the string `{}`", excerpt(s)),
            Some(Value::Array(_)) => "a list".to_string(),
            Some(Value::Object(_)) => "a mapping".to_string(),
        };
        self.err(
            pointer,
            format!("`{key}`: expected {expected}, found {found}"),
        )
    }

    /// The value at `pointer`; null counts as absent, as Kubernetes reads it.
    fn get(&self, pointer: &str) -> Option<&'a Value> {
        self.root.pointer(pointer).filter(|v| !v.is_null())
    }

    fn map(&self, p: &str) -> Result<Option<&'a Map<String, Value>>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(self.wrong(p, "a mapping")),
        }
    }

    fn required_map(&self, p: &str, what: &str) -> Result<&'a Map<String, Value>> {
        match self.get(p) {
            Some(Value::Object(m)) => Ok(m),
            _ => Err(self.wrong(p, what)),
        }
    }

    /// The list at `p`; empty when absent.
    fn list(&self, p: &str) -> Result<&'a [Value]> {
        match self.get(p) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err(self.wrong(p, "a list")),
        }
    }

    fn string(&self, p: &str) -> Result<Option<&'a str>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong(p, "a string")),
        }
    }

    fn required_string(&self, p: &str, what: &str) -> Result<&'a str> {
        match self.get(p) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s),
            _ => Err(self.wrong(p, what)),
        }
    }

    fn boolean(&self, p: &str) -> Result<Option<bool>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(p, "`true` or `false`")),
        }
    }

    fn integer(&self, p: &str) -> Result<Option<i64>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.wrong(p, "an integer")),
            Some(_) => Err(self.wrong(p, "an integer")),
        }
    }

    /// A traffic percentage: an integer from 0 to 100.
    fn percent(&self, p: &str) -> Result<Option<i64>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(w) if (0..=100).contains(&w) => Ok(Some(w)),
                _ => Err(self.wrong(p, "a percentage (an integer from 0 to 100)")),
            },
            Some(_) => Err(self.wrong(p, "a percentage (an integer from 0 to 100)")),
        }
    }

    fn number(&self, p: &str) -> Result<Option<f64>> {
        match self.get(p) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.wrong(p, "a number")),
            Some(_) => Err(self.wrong(p, "a number")),
        }
    }
}

/// Where `pointer` of the document `root` is in its file: the pointer, with the line and column
/// when found. A YAML file may hold several documents: the one that parses to `root` is
/// indexed, with its lines counted from the file's start.
pub(super) fn locate(doc: &Doc, root: &Value, pointer: &str) -> Location {
    let mut at = Location::pointer(pointer);
    let Ok(text) = doc.text() else {
        return at;
    };
    let found = if doc.rel.ends_with(".json") || text.trim_start().starts_with('{') {
        crate::formats::locate::json_position(text, pointer)
    } else {
        yaml_position(text, root, pointer)
    };
    if let Some(p) = found {
        at.line = Some(p.line);
        at.column = Some(p.column);
    }
    at
}

/// The position of `pointer` in the YAML document of `text` that parses to `root`, or of its
/// nearest ancestor there.
pub(super) fn yaml_position(text: &str, root: &Value, pointer: &str) -> Option<Position> {
    use serde_saphyr::granit_parser::{Event, Parser};
    // The first line of each document; the first document starts at the top of the file.
    let mut starts = vec![1usize];
    let mut first = true;
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        if let Event::DocumentStart(..) = event {
            if !first && span.start.line() > *starts.last()? {
                starts.push(span.start.line());
            }
            first = false;
        }
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(lines.len() + 1);
        let Some(chunk) = lines.get(start - 1..end - 1).map(|l| l.concat()) else {
            continue;
        };
        match crate::formats::parse_yaml_documents(&chunk) {
            Ok(docs) if docs.len() == 1 && docs[0] == *root => {
                return YamlIndex::new(&chunk, start - 1).nearest(pointer)
            }
            _ => {}
        }
    }
    None
}
