//! Loading a modelgate datasheet (`dataset.yaml`) into the dataset input, with the checks serde
//! cannot make.

use super::lines::{field_lines, personal_data_lines};
use super::personal::statement_overrides_denial;
use super::personal_data::PersonalDataSheet;
use super::schema::{Datasheet, RaiStatements};
use super::{bounded, FORMAT_DATASHEET};
use crate::error::{Location, Result};
use crate::formats::{locate, Doc};
use crate::input::{Dataset, Field};

/// Checks what serde cannot: the DPIA date is a calendar date.
pub(super) fn validate_personal_data(
    doc: &Doc,
    index: &locate::YamlIndex,
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
            pointer: Some(format!("/{block}/dpia/date")),
            ..Location::default()
        },
        format!("dpia.date `{date}` is not a date (expected YYYY-MM-DD)"),
    ))
}

/// Loads a modelgate datasheet.
pub fn load_datasheet(doc: &Doc) -> Result<Dataset> {
    let sheet: Datasheet = doc.yaml()?;
    let index = locate::YamlIndex::new(doc.text()?, 0);
    validate_personal_data(doc, &index, "personalData", &sheet.personal_data)?;
    Ok(datasheet_to_dataset(doc, &index, &sheet))
}

fn datasheet_to_dataset(doc: &Doc, index: &locate::YamlIndex, sheet: &Datasheet) -> Dataset {
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
