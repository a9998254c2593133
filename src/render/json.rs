//! The report as JSON (`schemas/report.schema.json`).

use crate::decision::Report;

/// The complete report as pretty JSON (`schemas/report.schema.json`).
pub fn json(report: &Report) -> Result<String, String> {
    let mut s = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
    s.push('\n');
    Ok(s)
}
