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
];

fn render<T: JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The schema called `name`, pretty-printed, or `None` for an unknown name.
pub fn schema(name: &str) -> Option<String> {
    Some(match name {
        "input" => render::<crate::input::Input>(),
        "manifest" => render::<crate::bundle::Manifest>(),
        "datasheet" => render::<crate::formats::dataset::Datasheet>(),
        "robustness" => render::<crate::formats::robustness::RobustnessFile>(),
        "report" => render::<crate::decision::Report>(),
        "config" => render::<crate::config::Config>(),
        "record" => render::<crate::record::DecisionRecord>(),
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
