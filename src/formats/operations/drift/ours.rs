//! modelgate's own drift report (`kind: DriftReport`), for tools without a reader here.

use super::*;
// ---------------------------------------------------------------------------------------------
// modelgate's DriftReport

/// A modelgate drift report (`drift.json`): the production data of one model compared with its
/// reference data, by any tool (NannyML, Alibi Detect, whylogs, an in-house job).
///
/// Each column states its method, score and threshold; `drifted` may be left out when the
/// method's direction is known (p-value tests such as `ks`, `chisquare`; distances such as
/// `psi`, `wasserstein`, `jensenshannon`), and a column whose method is not known and that
/// states no verdict counts as drifted. The data set drifted when `datasetDrift` says so or
/// when the share of drifted columns reaches `driftShareThreshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DriftReportFile {
    /// Version of this format; always `modelgate.dev/v1`.
    #[schemars(extend("const" = "modelgate.dev/v1"))]
    pub api_version: String,
    /// Kind of document; always `DriftReport`.
    #[schemars(extend("const" = "DriftReport"))]
    pub kind: String,
    /// The tool that measured the drift, e.g. `nannyml`, `alibi-detect`.
    pub tool: String,
    /// The tool's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// When the drift was measured: an RFC 3339 date-time with offset.
    #[schemars(extend("format" = "date-time"))]
    pub date: String,
    /// The data the model was approved on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<DataWindow>,
    /// The production data compared with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<DataWindow>,
    /// Share of the columns that drifted, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub drift_share: Option<f64>,
    /// The share of drifted columns at which the data set counts as drifted, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub drift_share_threshold: Option<f64>,
    /// The tool's verdict on the data set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_drift: Option<bool>,
    /// One entry per column (feature, prediction) compared.
    pub columns: Vec<DriftColumn>,
}

/// A slice of data a drift report compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataWindow {
    /// What the data is, e.g. `training set v3` or `production traffic, week 2025-W03`.
    pub description: String,
    /// Number of rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// First time covered, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last time covered, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// One column's drift test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DriftColumn {
    /// The column's name.
    pub name: String,
    /// The test's statistic: a p-value or a distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The statistical test or distance: `ks`, `chisquare`, `z`, `psi`, `wasserstein`,
    /// `jensenshannon`, `kl_div`, `hellinger` (or Evidently's display names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The score at which the column counts as drifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The tool's verdict on the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drifted: Option<bool>,
}

impl DriftReportFile {
    /// Checks what the types cannot; on failure the JSON pointer of the first bad value and
    /// what is wrong with it.
    pub fn validate(&self) -> std::result::Result<(), (String, String)> {
        let fail = |p: &str, m: String| Err((p.to_string(), m));
        if self.api_version != "modelgate.dev/v1" {
            return fail(
                "/apiVersion",
                format!(
                    "apiVersion must be `modelgate.dev/v1`, found `{}`",
                    crate::formats::excerpt(&self.api_version)
                ),
            );
        }
        if self.tool.trim().is_empty() {
            return fail(
                "/tool",
                "tool must name the tool that measured the drift".into(),
            );
        }
        if let Err(e) = chrono::DateTime::parse_from_rfc3339(&self.date) {
            return fail(
                "/date",
                format!(
                    "date must be an RFC 3339 date-time such as 2025-03-14T09:30:00Z, found `{}` ({e})",
                    crate::formats::excerpt(&self.date)
                ),
            );
        }
        for (key, v) in [
            ("driftShare", self.drift_share),
            ("driftShareThreshold", self.drift_share_threshold),
        ] {
            if let Some(x) = v.filter(|x| !(0.0..=1.0).contains(x)) {
                return fail(
                    &format!("/{key}"),
                    format!("{key} must be between 0 and 1, found {x}"),
                );
            }
        }
        if self.columns.is_empty() && self.drift_share.is_none() && self.dataset_drift.is_none() {
            return fail(
                "/columns",
                "a DriftReport needs columns, or at least driftShare or datasetDrift".into(),
            );
        }
        for (i, c) in self.columns.iter().enumerate() {
            if self.columns[..i].iter().any(|o| o.name == c.name) {
                return fail(
                    &format!("/columns/{i}/name"),
                    format!(
                        "column `{}` is listed twice",
                        crate::formats::excerpt(&c.name)
                    ),
                );
            }
        }
        Ok(())
    }
}

/// modelgate's own drift report (`kind: DriftReport`), for tools without a reader here.
pub fn modelgate(part: Part) -> Result<DriftReport> {
    let doc = part.doc;
    let file: DriftReportFile = serde_path_to_error::deserialize(part.root).map_err(|e| {
        let pointer = crate::formats::path_to_pointer(e.path());
        part.err(&pointer, format!("invalid DriftReport: {}", e.into_inner()))
    })?;
    if let Err((pointer, message)) = file.validate() {
        return Err(part.err(&pointer, message));
    }
    let mut ev = Evidence {
        read: true,
        ..Evidence::default()
    };
    for c in &file.columns {
        ev.observe(Observation {
            name: &c.name,
            score: c.score,
            method: c.method.as_deref(),
            threshold: c.threshold,
            stated: c.drifted,
            ..Observation::default()
        });
    }
    ev.shares.extend(file.drift_share);
    ev.share_thresholds
        .extend(file.drift_share_threshold.map(|t| (t, true)));
    ev.verdict(file.dataset_drift);
    let base = DriftReport {
        source: doc.source(FORMAT),
        tool: file.tool,
        tool_version: file.tool_version,
        date: Some(file.date),
        ..DriftReport::default()
    };
    Ok(ev.finish(base))
}
