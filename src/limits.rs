//! Bounds on what one run reads, so that a hostile or broken evidence file gives a located
//! error instead of exhausting memory or time. From the configuration's `limits:` section,
//! carried by each load (the bundle's [`crate::bundle::Located`] and every [`crate::formats::Doc`]),
//! never a process-wide setting.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Limits of one run (configuration `limits:`; every key optional, defaults below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Limits {
    /// Largest evidence document parsed (model card, datasheet, SBOM, report, signature,
    /// manifest), in bytes. Model artifacts are only hashed, streamed, and have no limit.
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and objects in a JSON document.
    pub max_depth: u64,
    /// Most components of one SBOM.
    pub max_components: u64,
    /// Most files a bundle holds (every file is hashed and scanned), and most its manifest
    /// names (artifact globs included).
    pub max_files: u64,
    /// Longest a waiver may run, in days from the decision date: a waiver expiring later does
    /// not apply (`waiver-too-long`).
    pub max_waiver_days: u64,
    /// Longest validity of a decision record (`check --record-ttl`), in days.
    pub max_record_ttl_days: u64,
    /// Most memory (resident, in bytes) a run may use while policies are evaluated; past it
    /// the run ends with exit 2 and a report saying so.
    pub max_memory_bytes: u64,
}

const DEFAULT: Limits = Limits {
    max_file_bytes: 64 << 20,
    max_depth: 128,
    max_components: 200_000,
    max_files: 10_000,
    max_waiver_days: 365,
    max_record_ttl_days: 90,
    max_memory_bytes: 1 << 30,
};

impl Default for Limits {
    fn default() -> Self {
        DEFAULT
    }
}

/// The 1-based line and column where JSON `text` first nests deeper than `max`, if it does.
/// Strings are skipped, so brackets inside them do not count. serde_json stops at 128 levels
/// on its own; this makes the bound configurable and the message say which limit it was.
pub fn json_too_deep(text: &str, max: u64) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut col) = (0u64, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > max {
                    return Some((line, col));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_scan_skips_strings_and_locates_the_excess() {
        assert_eq!(json_too_deep(r#"{"a": "[[[[[[["}"#, 2), None);
        assert_eq!(json_too_deep("[[[]]]", 3), None);
        assert_eq!(json_too_deep("[\n [\n  [[]]]]", 3), Some((3, 4)));
        assert_eq!(json_too_deep(r#"{"a\"[[": [[1]]}"#, 2), Some((1, 12)));
    }
}
