//! Drift reports: Evidently reports and test suites (the legacy `as_dict`/`json()` shape of
//! 0.4 and the current `Report.run()` shape of 0.7) and modelgate's own `DriftReport`.

use crate::error::Result;
use crate::formats::Doc;
use crate::input::DriftReport;
use serde_json::Value;

/// Whether a JSON document is an Evidently report or test suite.
pub fn is_evidently(v: &Value) -> bool {
    let _ = v;
    false
}

/// An Evidently report or test suite.
pub fn evidently(doc: &Doc, v: &Value) -> Result<DriftReport> {
    let _ = v;
    Err(doc.err(crate::error::Location::default(), "Evidently: not read yet"))
}

/// modelgate's own drift report (`kind: DriftReport`), for tools without a reader here.
pub fn modelgate(doc: &Doc, v: &Value) -> Result<DriftReport> {
    let _ = v;
    Err(doc.err(
        crate::error::Location::default(),
        "DriftReport: not read yet",
    ))
}
