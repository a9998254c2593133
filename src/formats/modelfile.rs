//! TEMPORARY stand-in for the model file sniffer being written in parallel (replaced before
//! landing): recognises model files by their folded extension only.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelFormat {
    Pickle,
    Safetensors,
}

impl ModelFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelFormat::Pickle => "pickle",
            ModelFormat::Safetensors => "safetensors",
        }
    }
    pub fn pickle_family(self) -> bool {
        matches!(self, ModelFormat::Pickle)
    }
}

pub fn format_by_name(rel_path: &str) -> Option<ModelFormat> {
    let f = crate::text::fold(rel_path);
    if f.ends_with(&crate::text::fold(".safetensors")) {
        Some(ModelFormat::Safetensors)
    } else if f.ends_with(&crate::text::fold(".pkl")) {
        Some(ModelFormat::Pickle)
    } else {
        None
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PickleReport {
    pub imports: Vec<PickleImport>,
    pub streams: u64,
    pub complete: bool,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PickleImport {
    pub module: String,
    pub name: String,
    pub opcode: String,
    pub offset: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    pub called: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub format: Option<ModelFormat>,
    pub by_content: bool,
    pub pickle: Option<PickleReport>,
}

pub fn scan<R: Read + Seek>(_r: &mut R, _size: u64, rel_path: &str) -> std::io::Result<Scan> {
    Ok(Scan {
        format: format_by_name(rel_path),
        by_content: false,
        pickle: None,
    })
}
