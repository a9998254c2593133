//! Adversarial-robustness evidence: modelgate's own `robustness.json` ([`RobustnessFile`]) and
//! NVIDIA garak's JSONL report (`garak.<uuid>.report.jsonl`), detected by content and
//! normalized into [`Robustness`].
//!
//! garak normalization: `tool` is `garak`, `tool_version` the `garak_version` of the `init`
//! entry (else `_config.version` of `start_run setup`), `date` the run's `start_time` (garak
//! writes a local time without offset; it is read as UTC and written as RFC 3339). Each `eval`
//! entry becomes a [`Probe`]: `probe` and `detector` without garak's `probes.` / `detector(s).`
//! prefixes, `total` = `total_evaluated` (garak ≥ 0.10) or `total` (older) or `passed + fails`,
//! `passed` = `passed` or `total - fails`, `failure_rate` = `(total - passed) / total`, 0 when
//! nothing was evaluated. Other entry types (`attempt`, `completion`, ...) are skipped.
//!
//! What a garak run probed ([`ReportTarget`]) is read from every entry that states it, so that a
//! policy can bind the report to the release: `start_run setup` `plugins.target_name` /
//! `plugins.target_type` (garak >= 0.13.1) or `plugins.model_name` / `plugins.model_type`
//! (0.9.0.10 to 0.13.0), the `start_run args config` entry's `model_name` / `model_type` (garak
//! <= 0.9.0.9, command-line arguments only), and the `digest` entry's `meta.target_name` /
//! `meta.model_name` (written by `garak.analyze.report_digest`, 0.12 on). Run ids come from `init`
//! `run`, `transient.run_id` and `meta.run_uuid`. garak records no digest of the model it probed.

use super::Doc;
use crate::error::{Location, Result};
use crate::input::{Attack, Probe, ReportTarget, Robustness};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
// The SBOM loaders locate their JSON values with the one locator through this name.
pub(crate) use super::locate::json_line as pointer_line;

/// `apiVersion` of [`RobustnessFile`].
pub const API_VERSION: &str = "modelgate.dev/v1";
/// `kind` of [`RobustnessFile`].
pub const KIND: &str = "RobustnessReport";

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

/// Loads a garak JSONL report or a modelgate `robustness.json`, detected by content: a
/// `.jsonl` file, or one whose first non-empty line is a JSON object with `entry_type`, is
/// garak.
pub fn load(doc: &Doc) -> Result<Robustness> {
    let text = doc.text()?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let sniff =
        serde_json::from_str::<Obj<GarakHead>>(first).is_ok_and(|h| h.0.entry_type.is_some());
    if sniff || doc.rel.ends_with(".jsonl") {
        garak(doc, text)
    } else {
        modelgate(doc, text)
    }
}

fn modelgate(doc: &Doc, text: &str) -> Result<Robustness> {
    let Obj(file) = doc.json::<Obj<RobustnessFile>>()?;
    if let Err((pointer, message)) = file.validate() {
        let mut loc = Location::pointer(pointer.as_str());
        loc.line = super::locate::json_line(text, &pointer);
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

// ---------------------------------------------------------------------------------------------
// garak

/// Every line is first read for its type only; the rest is skipped unread.
#[derive(Deserialize)]
struct GarakHead {
    entry_type: Option<String>,
}

#[derive(Deserialize)]
struct GarakInit {
    garak_version: Option<String>,
    start_time: Option<String>,
    run: Option<Value>,
}

/// The configuration garak dumps at the start of a run (0.9.0.10 on): `<section>.<key>` keys.
#[derive(Deserialize)]
struct GarakSetup {
    #[serde(rename = "_config.version")]
    version: Option<String>,
    #[serde(rename = "transient.starttime_iso")]
    start_time: Option<String>,
    #[serde(rename = "transient.run_id")]
    run_id: Option<Value>,
    #[serde(rename = "plugins.target_name")]
    target_name: Option<Value>,
    #[serde(rename = "plugins.target_type")]
    target_type: Option<Value>,
    #[serde(rename = "plugins.model_name")]
    model_name: Option<Value>,
    #[serde(rename = "plugins.model_type")]
    model_type: Option<Value>,
}

/// The command-line arguments garak <= 0.9.0.9 dumped instead (`start_run args config`).
#[derive(Deserialize)]
struct GarakArgs {
    model_name: Option<Value>,
    model_type: Option<Value>,
}

#[derive(Deserialize)]
struct GarakDigest {
    meta: Option<Obj<GarakDigestMeta>>,
}

#[derive(Deserialize)]
struct GarakDigestMeta {
    run_uuid: Option<Value>,
    target_name: Option<Value>,
    target_type: Option<Value>,
    model_name: Option<Value>,
    model_type: Option<Value>,
}

#[derive(Deserialize)]
struct GarakEval {
    probe: String,
    detector: String,
    passed: Option<u64>,
    fails: Option<u64>,
    total: Option<u64>,
    total_evaluated: Option<u64>,
}

fn garak(doc: &Doc, text: &str) -> Result<Robustness> {
    let mut out = Robustness {
        source: doc.source("garak"),
        format: "garak".to_string(),
        tool: Some("garak".to_string()),
        ..Robustness::default()
    };
    let mut setup_version = None;
    let mut setup_start = None;
    let mut start_time = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let parse_err = |e: serde_json::Error| {
            let msg = e.to_string();
            let msg = msg
                .rfind(" at line ")
                .map_or(msg.as_str(), |p| &msg[..p])
                .to_string();
            doc.err(
                Location::line_col(n, e.column()),
                format!("invalid garak report line: {msg}"),
            )
        };
        let at = |m: String| {
            doc.err(
                Location {
                    line: Some(n),
                    ..Location::default()
                },
                m,
            )
        };
        let name = |v: Option<Value>, key: &str| name_of(v, key).map_err(at);
        let Obj(head) = serde_json::from_str::<Obj<GarakHead>>(line).map_err(parse_err)?;
        match head.entry_type.as_deref() {
            Some("init") => {
                let Obj(init) = serde_json::from_str::<Obj<GarakInit>>(line).map_err(parse_err)?;
                if out.tool_version.is_none() {
                    out.tool_version = init.garak_version;
                }
                if start_time.is_none() {
                    start_time = init.start_time;
                }
                push_run(&mut out.runs, name(init.run, "run")?);
            }
            Some("start_run setup") => {
                let Obj(setup) =
                    serde_json::from_str::<Obj<GarakSetup>>(line).map_err(parse_err)?;
                setup_version = setup_version.or(setup.version);
                setup_start = setup_start.or(setup.start_time);
                push_run(&mut out.runs, name(setup.run_id, "transient.run_id")?);
                let target = name(setup.target_name, "plugins.target_name")?;
                let kind = name(setup.target_type, "plugins.target_type")?;
                push_target(&mut out.targets, target, kind, "plugins.target_name", n);
                let model = name(setup.model_name, "plugins.model_name")?;
                let kind = name(setup.model_type, "plugins.model_type")?;
                push_target(&mut out.targets, model, kind, "plugins.model_name", n);
            }
            Some("start_run args config") => {
                let Obj(args) = serde_json::from_str::<Obj<GarakArgs>>(line).map_err(parse_err)?;
                let model = name(args.model_name, "model_name")?;
                let kind = name(args.model_type, "model_type")?;
                push_target(&mut out.targets, model, kind, "model_name", n);
            }
            Some("digest") => {
                let digest = serde_json::from_str::<Obj<GarakDigest>>(line).map_err(parse_err)?;
                if let Some(Obj(meta)) = digest.0.meta {
                    push_run(&mut out.runs, name(meta.run_uuid, "meta.run_uuid")?);
                    let target = name(meta.target_name, "meta.target_name")?;
                    let kind = name(meta.target_type, "meta.target_type")?;
                    push_target(&mut out.targets, target, kind, "meta.target_name", n);
                    let model = name(meta.model_name, "meta.model_name")?;
                    let kind = name(meta.model_type, "meta.model_type")?;
                    push_target(&mut out.targets, model, kind, "meta.model_name", n);
                }
            }
            Some("eval") => {
                let Obj(ev) = serde_json::from_str::<Obj<GarakEval>>(line).map_err(parse_err)?;
                let total = match (ev.total_evaluated.or(ev.total), ev.passed, ev.fails) {
                    (Some(t), _, _) => t,
                    (None, Some(p), Some(f)) => p + f,
                    _ => {
                        return Err(at(
                            "eval entry without total_evaluated, total or passed and fails".into(),
                        ))
                    }
                };
                let passed = match (ev.passed, ev.fails) {
                    (Some(p), _) => p,
                    (None, Some(f)) if f <= total => total - f,
                    (None, Some(f)) => {
                        return Err(at(format!(
                            "eval entry with fails ({f}) above its total ({total})"
                        )))
                    }
                    (None, None) => return Err(at("eval entry without passed or fails".into())),
                };
                if passed > total {
                    return Err(at(format!(
                        "eval entry with passed ({passed}) above its total ({total})"
                    )));
                }
                let failure_rate = if total == 0 {
                    0.0
                } else {
                    (total - passed) as f64 / total as f64
                };
                out.probes.push(Probe {
                    probe: strip_prefix(&ev.probe, &["probes."]),
                    detector: strip_prefix(&ev.detector, &["detectors.", "detector."]),
                    passed,
                    total,
                    failure_rate,
                    line: n,
                });
            }
            _ => {}
        }
    }
    out.tool_version = out.tool_version.or(setup_version);
    out.date = start_time.or(setup_start).as_deref().and_then(rfc3339);
    Ok(out)
}

/// A value garak wrote to name something: a string (trimmed; blank names nothing), a number or
/// a boolean as written (garak copies YAML configuration values as they were typed); `null`
/// names nothing. An object or a list is not a name.
fn name_of(v: Option<Value>, key: &str) -> std::result::Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        Some(Value::Number(x)) => Ok(Some(x.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(Value::Array(_)) => Err(format!("{key} must be a string, got a list")),
        Some(Value::Object(_)) => Err(format!("{key} must be a string, got an object")),
    }
}

fn push_run(runs: &mut Vec<String>, run: Option<String>) {
    if let Some(r) = run {
        if !runs.contains(&r) {
            runs.push(r);
        }
    }
}

/// Records a target an entry states (a name, a type or both), once per (name, type).
fn push_target(
    targets: &mut Vec<ReportTarget>,
    name: Option<String>,
    target_type: Option<String>,
    field: &str,
    line: usize,
) {
    if name.is_none() && target_type.is_none() {
        return;
    }
    if targets
        .iter()
        .any(|t| t.name == name && t.target_type == target_type)
    {
        return;
    }
    targets.push(ReportTarget {
        name,
        target_type,
        field: field.to_string(),
        line,
    });
}

fn strip_prefix(s: &str, prefixes: &[&str]) -> String {
    prefixes
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
        .to_string()
}

/// An RFC 3339 date-time as is; a date-time without offset (garak's `isoformat()`) as UTC.
fn rfc3339(s: &str) -> Option<String> {
    let s = s.trim();
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return Some(s.to_string());
    }
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()?;
    Some(
        naive
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    )
}

// ---------------------------------------------------------------------------------------------
// Objects only

/// A `T` read from a JSON object only. serde's derived structs also accept a JSON array, read
/// positionally (`["PGD", "white-box"]` would become an attack); evidence with an array where
/// an object belongs is malformed and must be reported, not guessed at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        object(d).map(Obj)
    }
}

impl<T> std::ops::Deref for Obj<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Obj<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// `deserialize_with` form of [`Obj`].
pub(crate) fn object<'de, D, T>(d: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> std::result::Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

/// `deserialize_with` for a list of objects.
fn objects<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Vec::<Obj<T>>::deserialize(d)?
        .into_iter()
        .map(|o| o.0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

    fn load_str(name: &str, text: &str) -> Result<Robustness> {
        load(&Doc::new(name, name, text.as_bytes().to_vec()))
    }

    fn load_fixture(rel: &str) -> Result<Robustness> {
        let path = Path::new(FIXTURES).join(rel);
        let doc = match Doc::read(&path, rel) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        load(&doc)
    }

    fn fixture_error(rel: &str) -> String {
        match load_fixture(rel) {
            Ok(_) => panic!("{rel} should not load"),
            Err(e) => e.to_string(),
        }
    }

    fn fails(name: &str, text: &str) -> String {
        match load_str(name, text) {
            Ok(_) => panic!("{name} should not load"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn modelgate_valid_fixture() {
        let r = match load_fixture("robustness/valid.json") {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.format, "modelgate-robustness");
        assert_eq!(r.source.format, "modelgate-robustness");
        assert_eq!(r.source.path, "robustness/valid.json");
        assert_eq!(r.tool.as_deref(), Some("adversarial-robustness-toolbox"));
        assert_eq!(r.tool_version.as_deref(), Some("1.17.1"));
        assert_eq!(
            r.model_sha256.as_deref(),
            Some("9f2c4e1a7b3d5f60812a9c4e6b7d8f0a1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f60")
        );
        assert_eq!(r.date.as_deref(), Some("2025-03-14T09:30:00Z"));
        assert_eq!(r.clean_accuracy, Some(0.912));
        assert!(r.probes.is_empty());
        assert_eq!(r.attacks.len(), 3);
        assert_eq!(
            r.attacks[0],
            Attack {
                name: "PGD".into(),
                threat_model: Some("white-box".into()),
                norm: Some("linf".into()),
                epsilon: Some(0.031),
                clean_accuracy: None,
                robust_accuracy: Some(0.474),
                success_rate: Some(0.48),
                samples: Some(1000),
                pointer: "/attacks/0".into(),
            }
        );
        let cw = &r.attacks[1];
        assert_eq!(cw.norm.as_deref(), Some("l2"));
        assert_eq!(cw.clean_accuracy, Some(0.905));
        assert_eq!(cw.success_rate, None);
        let hsj = &r.attacks[2];
        assert_eq!(hsj.threat_model.as_deref(), Some("black-box"));
        assert_eq!(hsj.norm, None);
        assert_eq!(hsj.epsilon, None);
        assert_eq!(hsj.samples, Some(200));
        assert_eq!(hsj.pointer, "/attacks/2");
    }

    #[test]
    fn modelgate_bad_fixtures_name_pointer_and_line() {
        let e = fixture_error("robustness/bad-range.json");
        assert!(e.ends_with("bad-range.json: line 30, at /attacks/1/robustAccuracy: robustAccuracy must be between 0 and 1, got 1.2"), "{e}");

        let e = fixture_error("robustness/bad-sha256.json");
        assert!(
            e.contains("line 10, at /model/sha256: model.sha256 must be 64 lower-case hex"),
            "{e}"
        );

        let e = fixture_error("robustness/bad-date.json");
        assert!(
            e.contains("line 12, at /date: date must be an RFC 3339"),
            "{e}"
        );

        let e = fixture_error("robustness/bad-threat-model.json");
        assert!(
            e.contains("at /attacks/2/threatModel")
                && e.contains("unknown variant `grey-box`")
                && e.contains("line "),
            "{e}"
        );

        let e = fixture_error("robustness/bad-unknown-field.json");
        assert!(
            e.contains("unknown field `epsilonn`") && e.contains("/attacks/0/epsilonn"),
            "{e}"
        );

        let e = fixture_error("robustness/bad-missing-model.json");
        assert!(e.contains("missing field `model`"), "{e}");

        let e = fixture_error("robustness/bad-type.json");
        assert!(
            e.contains("at /attacks/0/samples") && e.contains("invalid type: string \"1000\""),
            "{e}"
        );

        let e = fixture_error("robustness/bad-truncated.json");
        assert!(
            e.contains("line 23, column 3") && e.contains("invalid JSON: EOF while parsing"),
            "{e}"
        );
    }

    fn minimal(extra: &str) -> String {
        format!(
            r#"{{"apiVersion":"modelgate.dev/v1","kind":"RobustnessReport","tool":{{"name":"foolbox"}},
"model":{{"sha256":"{}"}},"date":"2025-01-02T03:04:05+01:00","attacks":[{{"name":"FGSM","threatModel":"white-box"{extra}}}]}}"#,
            "a".repeat(64)
        )
    }

    #[test]
    fn modelgate_minimal_and_ranges() {
        let r = match load_str("r.json", &minimal("")) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.tool.as_deref(), Some("foolbox"));
        assert_eq!(r.tool_version, None);
        assert_eq!(r.clean_accuracy, None);
        assert_eq!(r.date.as_deref(), Some("2025-01-02T03:04:05+01:00"));
        assert_eq!(r.attacks[0].norm, None);

        for (extra, pointer) in [
            (r#","epsilon":-0.1"#, "/attacks/0/epsilon"),
            (r#","samples":0"#, "/attacks/0/samples"),
            (
                r#","attackSuccessRate":1.5"#,
                "/attacks/0/attackSuccessRate",
            ),
            (r#","cleanAccuracy":-0.01"#, "/attacks/0/cleanAccuracy"),
        ] {
            let e = fails("r.json", &minimal(extra));
            assert!(
                e.contains(&format!("line 2, at {pointer}: ")),
                "{extra}: {e}"
            );
        }
        let e = fails(
            "r.json",
            &minimal("").replace("modelgate.dev/v1", "modelgate.dev/v2"),
        );
        assert!(
            e.contains("line 1, at /apiVersion: apiVersion must be \"modelgate.dev/v1\""),
            "{e}"
        );
        let e = fails("r.json", &minimal("").replace("RobustnessReport", "Report"));
        assert!(e.contains("at /kind"), "{e}");
        let e = fails(
            "r.json",
            &minimal("").replace(r#"{"name":"foolbox"}"#, r#"["foolbox"]"#),
        );
        assert!(
            e.contains("at /tool") && e.contains("invalid type: sequence, expected a JSON object"),
            "{e}"
        );
        let e = fails(
            "r.json",
            &minimal("").replace(
                r#"[{"name":"FGSM","threatModel":"white-box"}]"#,
                r#"[["FGSM","white-box"]]"#,
            ),
        );
        assert!(
            e.contains("at /attacks/0") && e.contains("expected a JSON object"),
            "{e}"
        );
        let e = fails("r.json", r#"["modelgate.dev/v1", "RobustnessReport"]"#);
        assert!(
            e.contains("line 1") && e.contains("expected a JSON object"),
            "{e}"
        );
        let e = fails("r.json", &minimal(r#","norm":"linfinity""#));
        assert!(
            e.contains("at /attacks/0/norm") && e.contains("unknown variant"),
            "{e}"
        );
        let e = fails(
            "r.json",
            &minimal("").replace(
                r#""attacks":[{"name":"FGSM","threatModel":"white-box"}]"#,
                r#""attacks":{}"#,
            ),
        );
        assert!(
            e.contains("at /attacks") && e.contains("invalid type: map"),
            "{e}"
        );
    }

    #[test]
    fn schema_has_descriptions_and_bounds() {
        let schema =
            serde_json::to_value(schemars::schema_for!(RobustnessFile)).unwrap_or_default();
        let text = schema.to_string();
        assert!(
            schema.pointer("/properties/apiVersion/const").is_some(),
            "{text}"
        );
        assert!(
            schema.pointer("/properties/model/description").is_some()
                || text.contains("identified by the digest"),
            "{text}"
        );
        assert!(
            text.contains("\"maximum\":1.0") && text.contains("^[0-9a-f]{64}$"),
            "{text}"
        );
        assert!(
            text.contains("\"white-box\"") && text.contains("\"linf\""),
            "{text}"
        );
        assert_eq!(
            schema.pointer("/additionalProperties"),
            Some(&serde_json::Value::Bool(false))
        );

        // The fixtures agree with the schema the loader's types generate.
        let validator = match jsonschema::validator_for(&schema) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        let fixture = |name: &str| -> serde_json::Value {
            let text = std::fs::read_to_string(Path::new(FIXTURES).join("robustness").join(name))
                .unwrap_or_default();
            serde_json::from_str(&text).unwrap_or_default()
        };
        assert!(validator.is_valid(&fixture("valid.json")));
        for bad in [
            "bad-range.json",
            "bad-sha256.json",
            "bad-threat-model.json",
            "bad-unknown-field.json",
            "bad-missing-model.json",
            "bad-type.json",
        ] {
            assert!(
                !validator.is_valid(&fixture(bad)),
                "{bad} should fail the schema"
            );
        }
    }

    #[test]
    fn garak_fixture() {
        let r = match load_fixture("garak/garak.report.jsonl") {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.format, "garak");
        assert_eq!(r.source.format, "garak");
        assert_eq!(r.tool.as_deref(), Some("garak"));
        assert_eq!(r.tool_version.as_deref(), Some("0.14.1"));
        assert_eq!(r.date.as_deref(), Some("2025-09-14T10:02:11.482913Z"));
        assert_eq!(r.model_sha256, None);
        // garak >= 0.13.1: plugins.target_*; the digest repeats the same target (kept once).
        assert_eq!(
            r.targets,
            [ReportTarget {
                name: Some("acme/support-assistant-7b".into()),
                target_type: Some("huggingface".into()),
                field: "plugins.target_name".into(),
                line: 1,
            }]
        );
        assert_eq!(r.runs, ["5b1f3c2e-8a7d-4e0b-9c61-2f4d8e9a0b17"]);
        assert!(r.attacks.is_empty());
        assert_eq!(r.probes.len(), 4);
        assert_eq!(
            r.probes[0],
            Probe {
                probe: "dan.Dan_11_0".into(),
                detector: "dan.DAN".into(),
                passed: 1,
                total: 2,
                failure_rate: 0.5,
                line: 5
            }
        );
        assert_eq!(r.probes[1].detector, "mitigation.MitigationBypass");
        assert_eq!(r.probes[1].line, 6);
        let pi = &r.probes[2];
        assert_eq!(
            (pi.probe.as_str(), pi.detector.as_str()),
            (
                "promptinject.HijackHateHumans",
                "promptinject.AttackRogueString"
            )
        );
        assert_eq!((pi.passed, pi.total, pi.line), (3, 4, 9));
        assert!((pi.failure_rate - 0.25).abs() < 1e-12);
        let b64 = &r.probes[3];
        assert_eq!(
            (b64.passed, b64.total, b64.line),
            (1, 2, 12),
            "nones are not counted"
        );
        assert!((b64.failure_rate - 0.5).abs() < 1e-12);
    }

    #[test]
    fn garak_old_format_and_fallbacks() {
        // garak 0.9: `total`, prefixed plugin names, no init entry (setup gives version and time).
        let text = concat!(
            r#"{"entry_type": "start_run setup", "_config.version": "0.9.0.9", "transient.starttime_iso": "2023-11-02T17:45:01.554120", "plugins.model_type": "openai", "plugins.model_name": "gpt-3.5-turbo"}"#,
            "\n\n",
            r#"{"entry_type": "eval", "probe": "probes.dan.AntiDAN", "detector": "detector.dan.AntiDAN", "passed": 0, "total": 5}"#,
            "\n",
            r#"{"entry_type": "eval", "probe": "probes.lmrc.Anthropomorphisation", "detector": "detectors.lmrc.Anthro", "passed": 0, "total": 0}"#,
            "\n",
            r#"{"entry_type": "eval", "probe": "test.Blank", "detector": "always.Pass", "fails": 1, "total_evaluated": 4}"#,
            "\n",
            r#"{"entry_type": "some_future_entry", "passed": ["not", "a", "count"]}"#,
        );
        let r = match load_str("garak.old.report.jsonl", text) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.tool_version.as_deref(), Some("0.9.0.9"));
        assert_eq!(r.date.as_deref(), Some("2023-11-02T17:45:01.554120Z"));
        assert_eq!(
            r.targets,
            [ReportTarget {
                name: Some("gpt-3.5-turbo".into()),
                target_type: Some("openai".into()),
                field: "plugins.model_name".into(),
                line: 1,
            }]
        );
        assert!(r.runs.is_empty());
        assert_eq!(r.probes.len(), 3);
        assert_eq!(
            r.probes[0],
            Probe {
                probe: "dan.AntiDAN".into(),
                detector: "dan.AntiDAN".into(),
                passed: 0,
                total: 5,
                failure_rate: 1.0,
                line: 3
            }
        );
        assert_eq!(
            (r.probes[1].total, r.probes[1].failure_rate),
            (0, 0.0),
            "total 0 is no failure"
        );
        assert_eq!(r.probes[1].detector, "lmrc.Anthro");
        assert_eq!(
            (
                r.probes[2].passed,
                r.probes[2].total,
                r.probes[2].failure_rate
            ),
            (3, 4, 0.25)
        );
    }

    #[test]
    fn garak_targets_of_every_report_generation() {
        // garak <= 0.9.0.9: the command-line arguments, no setup entry.
        let r = match load_fixture("garak/garak-0.9.0.9.report.jsonl") {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            r.targets,
            [ReportTarget {
                name: Some("example-org/credit-chat-7b".into()),
                target_type: Some("huggingface".into()),
                field: "model_name".into(),
                line: 1,
            }]
        );
        assert_eq!(r.runs, ["8e1f0c3a-52d4-4b7e-9f10-6a2c9d3e4b51"]);
        assert_eq!(r.tool_version.as_deref(), Some("0.9.0.9"));
        assert_eq!(r.probes.len(), 2);
        assert_eq!(r.probes[1].detector, "mitigation.MitigationBypass");
        assert_eq!((r.probes[1].passed, r.probes[1].total), (4, 5));

        // 0.9.0.10 to 0.13.0: plugins.model_*; the digest (0.12 on) says the same.
        let r = match load_fixture("garak/garak-0.12.0.report.jsonl") {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            r.targets,
            [ReportTarget {
                name: Some("example-bank/support-assistant".into()),
                target_type: Some("huggingface".into()),
                field: "plugins.model_name".into(),
                line: 1,
            }]
        );
        assert_eq!(r.runs, ["2d7c4e19-9b3a-4f85-a6e0-5c1b8d2f7a43"]);
        assert_eq!(r.tool_version.as_deref(), Some("0.12.0"));
        assert_eq!(r.date.as_deref(), Some("2025-06-03T14:20:07.913402Z"));
        assert_eq!(r.probes.len(), 1);
        assert_eq!(
            (r.probes[0].passed, r.probes[0].total, r.probes[0].line),
            (9, 10, 4)
        );

        // garak.analyze.aggregate_reports: the lead run's setup with plugins.target_* added
        // beside its legacy plugins.model_* (one target), and an init of the aggregate's own
        // run id (two runs).
        let text = [
            r#"{"entry_type": "start_run setup", "_config.version": "0.12.0", "transient.run_id": "lead", "plugins.model_type": "huggingface", "plugins.model_name": "acme/scorer", "plugins.target_type": "huggingface", "plugins.target_name": "acme/scorer", "aggregation": ["a.report.jsonl", "b.report.jsonl"]}"#,
            r#"{"entry_type": "init", "garak_version": "0.12.0", "start_time": "2025-06-04T09:00:00", "run": "aggregate", "orig_uuid": "lead", "orig_start_time": "2025-06-03T14:20:07"}"#,
        ]
        .join("\n");
        let r = match load_str("agg.report.jsonl", &text) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.targets.len(), 1, "{:?}", r.targets);
        assert_eq!(r.targets[0].field, "plugins.target_name");
        assert_eq!(r.runs, ["lead", "aggregate"]);
    }

    #[test]
    fn garak_targets_are_all_kept_and_blank_names_name_nothing() {
        let init = r#"{"entry_type": "init", "garak_version": "0.14.1", "start_time": "2025-09-14T10:02:11", "run": "r1"}"#;
        // Two runs concatenated, and a digest naming a third target: every one is kept, so
        // that a policy sees each model the file claims results for.
        let text = [
            r#"{"entry_type": "start_run setup", "transient.run_id": "r1", "plugins.target_type": "huggingface", "plugins.target_name": "acme/credit-risk-scorer"}"#,
            init,
            r#"{"entry_type": "start_run setup", "transient.run_id": "r2", "plugins.target_type": "openai", "plugins.target_name": "gpt-4o"}"#,
            r#"{"entry_type": "init", "garak_version": "0.14.1", "run": "r2"}"#,
            r#"{"entry_type": "digest", "meta": {"run_uuid": "r1", "target_type": "huggingface", "target_name": "acme/credit-risk-scorer"}}"#,
            r#"{"entry_type": "digest", "meta": {"run_uuid": "r3", "model_type": "test.Blank", "model_name": 7}}"#,
        ]
        .join("\n");
        let r = match load_str("g.report.jsonl", &text) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let names: Vec<(Option<&str>, Option<&str>, &str, usize)> = r
            .targets
            .iter()
            .map(|t| {
                (
                    t.name.as_deref(),
                    t.target_type.as_deref(),
                    t.field.as_str(),
                    t.line,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    Some("acme/credit-risk-scorer"),
                    Some("huggingface"),
                    "plugins.target_name",
                    1
                ),
                (Some("gpt-4o"), Some("openai"), "plugins.target_name", 3),
                (Some("7"), Some("test.Blank"), "meta.model_name", 6),
            ]
        );
        assert_eq!(r.runs, ["r1", "r2", "r3"]);

        // null, blank and absent names name nothing; a type alone is still recorded.
        let text = [
            r#"{"entry_type": "start_run setup", "plugins.target_type": "rest", "plugins.target_name": "   "}"#,
            r#"{"entry_type": "digest", "meta": {"target_type": null, "target_name": null}}"#,
            init,
        ]
        .join("\n");
        let r = match load_str("g.report.jsonl", &text) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            r.targets,
            [ReportTarget {
                name: None,
                target_type: Some("rest".into()),
                field: "plugins.target_name".into(),
                line: 1,
            }]
        );
        // A report without any setup names no target at all.
        let r = match load_str("g.report.jsonl", init) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert!(r.targets.is_empty());
        assert_eq!(r.runs, ["r1"]);

        // A list or an object is not a name: the line is reported.
        let e = fails(
            "g.report.jsonl",
            &format!(
                "{init}\n{{\"entry_type\": \"start_run setup\", \"plugins.target_name\": [\"a\", \"b\"]}}"
            ),
        );
        assert!(
            e.ends_with("line 2: plugins.target_name must be a string, got a list"),
            "{e}"
        );
        let e = fails(
            "g.report.jsonl",
            r#"{"entry_type": "digest", "meta": {"target_name": {"name": "x"}}}"#,
        );
        assert!(
            e.ends_with("line 1: meta.target_name must be a string, got an object"),
            "{e}"
        );
        // A duplicated key is an error, not a choice between two targets.
        let e = fails(
            "g.report.jsonl",
            r#"{"entry_type": "start_run setup", "plugins.target_name": "a", "plugins.target_name": "b"}"#,
        );
        assert!(e.contains("line 1") && e.contains("duplicate field"), "{e}");
    }

    #[test]
    fn garak_errors_name_the_line() {
        let good = r#"{"entry_type": "init", "garak_version": "0.12.0", "start_time": "2025-09-14T10:02:11"}"#;
        let e = fails(
            "g.report.jsonl",
            &format!("{good}\n{{\"entry_type\": \"attempt\", \"uuid\": \n"),
        );
        assert!(
            e.starts_with("g.report.jsonl: line 2, column ")
                && e.contains("invalid garak report line"),
            "{e}"
        );

        let e = fails("g.report.jsonl", &format!("{good}\nnot json at all\n"));
        assert!(
            e.contains("line 2, column ") && e.contains("invalid garak report line"),
            "{e}"
        );

        let e = fails("g.report.jsonl", &format!("{good}\n[1, 2]\n"));
        assert!(
            e.contains("line 2") && e.contains("invalid type: sequence, expected a JSON object"),
            "{e}"
        );

        let e = fails("g.report.jsonl", &format!("{good}\n\n{{\"entry_type\": \"eval\", \"detector\": \"d.D\", \"passed\": 1, \"total\": 2}}\n"));
        assert!(
            e.contains("line 3") && e.contains("missing field `probe`"),
            "{e}"
        );

        let e = fails("g.report.jsonl", &format!("{good}\n{{\"entry_type\": \"eval\", \"probe\": \"p.P\", \"detector\": \"d.D\", \"passed\": 3, \"total\": 2}}"));
        assert!(
            e.ends_with("line 2: eval entry with passed (3) above its total (2)"),
            "{e}"
        );

        let e = fails("g.report.jsonl", &format!("{good}\n{{\"entry_type\": \"eval\", \"probe\": \"p.P\", \"detector\": \"d.D\", \"passed\": -1, \"total\": 2}}"));
        assert!(e.contains("line 2") && e.contains("invalid value"), "{e}");

        let e = fails(
            "g.report.jsonl",
            &format!(
                "{good}\n{{\"entry_type\": \"eval\", \"probe\": \"p.P\", \"detector\": \"d.D\"}}"
            ),
        );
        assert!(e.contains("line 2: eval entry without"), "{e}");
    }

    #[test]
    fn detection_by_content() {
        // A single-line robustness.json is not garak: it has no entry_type.
        let r = match load_str("robustness.json", &minimal("").replace('\n', "")) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.format, "modelgate-robustness");
        // garak detected without the .jsonl name.
        let r = match load_str(
            "report.txt",
            "\n{\"entry_type\": \"init\", \"garak_version\": \"0.13.0\"}\n",
        ) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            (r.format.as_str(), r.tool_version.as_deref()),
            ("garak", Some("0.13.0"))
        );
        assert_eq!(r.date, None);
    }
}
