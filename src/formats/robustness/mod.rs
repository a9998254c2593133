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
//!
//! [`Probe`]: crate::input::Probe
//! [`ReportTarget`]: crate::input::ReportTarget

mod garak;
mod modelgate;
mod objects;
#[cfg(test)]
mod tests;

pub use modelgate::{AttackEntry, ModelInfo, Norm, RobustnessFile, ThreatModel, ToolInfo};
pub(crate) use objects::Obj;

use super::Doc;
use crate::error::Result;
use crate::input::Robustness;
use garak::GarakHead;
// The SBOM loaders locate their JSON values with the one locator through this name.
pub(crate) use super::locate::json_line as pointer_line;

/// `apiVersion` of [`RobustnessFile`].
pub const API_VERSION: &str = "modelgate.dev/v1";
/// `kind` of [`RobustnessFile`].
pub const KIND: &str = "RobustnessReport";

/// Loads a garak JSONL report or a modelgate `robustness.json`, detected by content: a
/// `.jsonl` file, or one whose first non-empty line is a JSON object with `entry_type`, is
/// garak.
pub fn load(doc: &Doc) -> Result<Robustness> {
    let text = doc.text()?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let sniff =
        serde_json::from_str::<Obj<GarakHead>>(first).is_ok_and(|h| h.0.entry_type.is_some());
    if sniff || doc.rel.ends_with(".jsonl") {
        garak::garak(doc, text)
    } else {
        modelgate::modelgate(doc, text)
    }
}
