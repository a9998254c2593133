//! JSON Schemas generated from the Rust types: the input contract for policy authors, our own
//! file formats, and the report. `schemas/` holds them; a test keeps the files current.

use schemars::JsonSchema;

/// Names accepted by `modelgate schema NAME`, with the file each is written to.
pub const NAMES: &[(&str, &str)] = &[
    ("input", "input.schema.json"),
    ("manifest", "manifest.schema.json"),
    ("datasheet", "datasheet.schema.json"),
    ("robustness", "robustness.schema.json"),
    ("report", "report.schema.json"),
    ("config", "config.schema.json"),
    ("record", "record.schema.json"),
    ("operations", "operations.schema.json"),
    ("drift", "drift.schema.json"),
];

/// The schema of what is read into `T` (a file modelgate parses).
fn render<T: JsonSchema>() -> String {
    pretty(schemars::schema_for!(T))
}

/// The schema of what modelgate writes from `T` (the policies' input, the report): field names
/// as serialized, where a type reads camelCase and writes snake_case.
fn render_output<T: JsonSchema>() -> String {
    let generator = schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator();
    pretty(generator.into_root_schema_for::<T>())
}

fn pretty(schema: schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The schema called `name`, pretty-printed, or `None` for an unknown name.
pub fn schema(name: &str) -> Option<String> {
    Some(match name {
        "input" => render_output::<crate::input::Input>(),
        "manifest" => render::<crate::bundle::Manifest>(),
        "datasheet" => render::<crate::formats::dataset::Datasheet>(),
        "robustness" => render::<crate::formats::robustness::RobustnessFile>(),
        "report" => render_output::<crate::decision::Report>(),
        "config" => render::<crate::config::Config>(),
        "record" => render::<crate::record::DecisionRecord>(),
        "operations" => render::<crate::formats::operations::plan::PlanFile>(),
        "drift" => render::<crate::formats::operations::drift::DriftReportFile>(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `schemas/` must match the types; regenerate with `modelgate schema --write schemas`.
    #[test]
    fn committed_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        for (name, file) in NAMES {
            let want = schema(name).unwrap();
            let have = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
            assert!(
                have == want,
                "schemas/{file} is out of date: run `cargo run -- schema --write schemas`"
            );
        }
    }
}
