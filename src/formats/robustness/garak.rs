//! NVIDIA garak's JSONL report (`garak.<uuid>.report.jsonl`): version, date, probe results,
//! the targets it names and its run ids, read line by line.

use super::objects::Obj;
use crate::error::{Location, Result};
use crate::formats::Doc;
use crate::input::{Probe, ReportTarget, Robustness};
use serde::Deserialize;
use serde_json::Value;

/// Every line is first read for its type only; the rest is skipped unread.
#[derive(Deserialize)]
pub(super) struct GarakHead {
    pub(super) entry_type: Option<String>,
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

pub(super) fn garak(doc: &Doc, text: &str) -> Result<Robustness> {
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
