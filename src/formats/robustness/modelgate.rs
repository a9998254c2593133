//! modelgate's own `robustness.json` ([`RobustnessFile`]): its types (which also generate its
//! JSON Schema), the checks the types cannot make, and its normalization.

use super::objects::{object, objects, Obj};
use super::{API_VERSION, KIND};
use crate::error::{Location, Result};
use crate::formats::Doc;
use crate::input::{Attack, Robustness};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A modelgate robustness report: the results of adversarial attacks run against one model.
///
/// Write one per evaluation run, whatever tool ran the attacks (ART, Foolbox, AutoAttack, an
/// in-house harness); modelgate's policies read the accuracies and budgets from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RobustnessFile {
    /// Version of this format; always `modelgate.dev/v1`.
    #[schemars(extend("const" = "modelgate.dev/v1"))]
    pub api_version: String,
    /// Kind of document; always `RobustnessReport`.
    #[schemars(extend("const" = "RobustnessReport"))]
    pub kind: String,
    /// The tool that ran the attacks.
    #[serde(deserialize_with = "object")]
    pub tool: ToolInfo,
    /// The model that was attacked, identified by the digest of its artifact.
    #[serde(deserialize_with = "object")]
    pub model: ModelInfo,
    /// When the evaluation ran: an RFC 3339 date-time with offset, e.g. `2025-03-14T09:30:00Z`.
    #[schemars(extend("format" = "date-time"))]
    pub date: String,
    /// Accuracy of the model on the unperturbed evaluation set, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub clean_accuracy: Option<f64>,
    /// One entry per attack and perturbation budget that was run (an attack run at two
    /// epsilons is two entries).
    #[serde(deserialize_with = "objects")]
    pub attacks: Vec<AttackEntry>,
}

/// The tool that ran the attacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ToolInfo {
    /// Tool name, e.g. `adversarial-robustness-toolbox`, `foolbox`, `autoattack`.
    pub name: String,
    /// Tool version, e.g. `1.17.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The model that was attacked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelInfo {
    /// Human-readable model name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// SHA-256 of the model artifact that was evaluated: 64 lower-case hex characters. Policies
    /// compare it with the digests of the bundle's artifacts.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
}

/// One attack run and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttackEntry {
    /// Attack name, e.g. `PGD`, `FGSM`, `CarliniWagner`, `HopSkipJump`, `AutoAttack`.
    pub name: String,
    /// What the attacker was allowed to see of the model.
    pub threat_model: ThreatModel,
    /// Norm bounding the perturbation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm: Option<Norm>,
    /// Perturbation budget in the units of `norm` (e.g. `0.031` for 8/255 in L∞), at least 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub epsilon: Option<f64>,
    /// Accuracy on the clean inputs this attack started from, from 0 to 1 (when it differs
    /// from the report's `cleanAccuracy`, e.g. on a subset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub clean_accuracy: Option<f64>,
    /// Accuracy on the adversarial inputs, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub robust_accuracy: Option<f64>,
    /// Share of the attacked inputs whose prediction the attack changed, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub attack_success_rate: Option<f64>,
    /// Number of inputs attacked, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub samples: Option<u64>,
}

/// What the attacker was allowed to see of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ThreatModel {
    /// Full access to weights and gradients.
    WhiteBox,
    /// Queries only: inputs in, outputs out.
    BlackBox,
    /// Partial knowledge, e.g. the architecture or a surrogate model.
    GrayBox,
}

impl ThreatModel {
    pub fn as_str(self) -> &'static str {
        match self {
            ThreatModel::WhiteBox => "white-box",
            ThreatModel::BlackBox => "black-box",
            ThreatModel::GrayBox => "gray-box",
        }
    }
}

/// Norm bounding the perturbation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    /// L∞: largest change to any one feature.
    Linf,
    /// L2: Euclidean size of the change.
    L2,
    /// L1: sum of absolute changes.
    L1,
    /// L0: number of features changed.
    L0,
}

impl Norm {
    pub fn as_str(self) -> &'static str {
        match self {
            Norm::Linf => "linf",
            Norm::L2 => "l2",
            Norm::L1 => "l1",
            Norm::L0 => "l0",
        }
    }
}

impl RobustnessFile {
    /// Checks what the types cannot: the constant fields, the date, the digest and the ranges.
    /// On failure returns the JSON pointer of the first bad value and what is wrong with it.
    pub fn validate(&self) -> std::result::Result<(), (String, String)> {
        let fail = |p: &str, m: String| Err((p.to_string(), m));
        if self.api_version != API_VERSION {
            return fail(
                "/apiVersion",
                format!(
                    "apiVersion must be \"{API_VERSION}\", got \"{}\"",
                    self.api_version
                ),
            );
        }
        if self.kind != KIND {
            return fail(
                "/kind",
                format!("kind must be \"{KIND}\", got \"{}\"", self.kind),
            );
        }
        if let Err(e) = chrono::DateTime::parse_from_rfc3339(&self.date) {
            return fail("/date", format!("date must be an RFC 3339 date-time such as 2025-03-14T09:30:00Z, got \"{}\" ({e})", self.date));
        }
        let sha = &self.model.sha256;
        if sha.len() != 64
            || !sha
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return fail(
                "/model/sha256",
                format!("model.sha256 must be 64 lower-case hex characters, got \"{sha}\""),
            );
        }
        unit_range("/cleanAccuracy", "cleanAccuracy", self.clean_accuracy)?;
        for (i, a) in self.attacks.iter().enumerate() {
            let at = |field: &str| format!("/attacks/{i}/{field}");
            if let Some(e) = a.epsilon {
                if !(e >= 0.0 && e.is_finite()) {
                    return fail(
                        &at("epsilon"),
                        format!("epsilon must be 0 or more, got {e}"),
                    );
                }
            }
            unit_range(&at("cleanAccuracy"), "cleanAccuracy", a.clean_accuracy)?;
            unit_range(&at("robustAccuracy"), "robustAccuracy", a.robust_accuracy)?;
            unit_range(
                &at("attackSuccessRate"),
                "attackSuccessRate",
                a.attack_success_rate,
            )?;
            if a.samples == Some(0) {
                return fail(
                    &at("samples"),
                    "samples must be at least 1, got 0".to_string(),
                );
            }
        }
        Ok(())
    }
}

fn unit_range(
    pointer: &str,
    field: &str,
    v: Option<f64>,
) -> std::result::Result<(), (String, String)> {
    match v {
        Some(x) if !(0.0..=1.0).contains(&x) => Err((
            pointer.to_string(),
            format!("{field} must be between 0 and 1, got {x}"),
        )),
        _ => Ok(()),
    }
}

pub(super) fn modelgate(doc: &Doc, text: &str) -> Result<Robustness> {
    let Obj(file) = doc.json::<Obj<RobustnessFile>>()?;
    if let Err((pointer, message)) = file.validate() {
        let mut loc = Location::pointer(pointer.as_str());
        loc.line = crate::formats::locate::json_line(text, &pointer);
        return Err(doc.err(loc, message));
    }
    let attacks = file
        .attacks
        .iter()
        .enumerate()
        .map(|(i, a)| Attack {
            name: a.name.clone(),
            threat_model: Some(a.threat_model.as_str().to_string()),
            norm: a.norm.map(|n| n.as_str().to_string()),
            epsilon: a.epsilon,
            clean_accuracy: a.clean_accuracy,
            robust_accuracy: a.robust_accuracy,
            success_rate: a.attack_success_rate,
            samples: a.samples,
            pointer: format!("/attacks/{i}"),
        })
        .collect();
    Ok(Robustness {
        source: doc.source("modelgate-robustness"),
        format: "modelgate-robustness".to_string(),
        tool: Some(file.tool.name),
        tool_version: file.tool.version,
        model_sha256: Some(file.model.sha256),
        date: Some(file.date),
        clean_accuracy: file.clean_accuracy,
        attacks,
        probes: Vec::new(),
        targets: Vec::new(),
        runs: Vec::new(),
    })
}
