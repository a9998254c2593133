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
///
/// One pass over the bytes that counts nothing but depth (every byte it looks for is ASCII, so
/// no byte of a multi-byte character is taken for one); the line and column are counted only
/// for a document that is refused.
pub fn json_too_deep(text: &str, max: u64) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0u64;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => i = string_end(bytes, i + 1),
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(line_col(text, i));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the quote that closes the string whose text starts at `i` (the length of
/// `bytes` when it is not closed). A backslash escapes the next character; a line break
/// between them does not take the escape (as the character-wise scan before this one read
/// it). Most of a document is string text, so it is crossed eight bytes at a time.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            // A byte of `q` or `s` is zero where `x` holds a quote or a backslash; the lowest
            // byte the zero-byte test flags is always a true one.
            let q = x ^ (LO * u64::from(b'"'));
            let s = x ^ (LO * u64::from(b'\\'));
            let found = ((q.wrapping_sub(LO) & !q) | (s.wrapping_sub(LO) & !s)) & HI;
            if found != 0 {
                i += (found.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match bytes.get(i) {
            None => return bytes.len(),
            Some(b'"') => return i,
            Some(b'\\') => {
                i += 1;
                while bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
            }
            Some(_) => i += 1,
        }
    }
}

/// The 1-based line and column (in characters) of the byte at `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
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

    /// The character-wise scan this one replaced, kept to compare against.
    fn reference(text: &str, max: u64) -> Option<(usize, usize)> {
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

    /// Same answer, line and column as the character-wise scan, on tricky texts (escapes,
    /// line breaks after a backslash, multi-byte characters before the excess, unclosed
    /// strings), on pseudo-random texts over the bytes that matter, and on every JSON file of
    /// the examples, at every depth limit from 0 to 11.
    #[test]
    fn the_byte_scan_agrees_with_the_character_scan() {
        let mut texts: Vec<String> = [
            "",
            "[",
            "]]]][[[",
            "\"[[[",
            "[\"\\\"[\", [[[]]]]",
            "[\"\\\n\"[[\"]",
            "[\"\\\n\n\\\"\", [[]]]",
            "{\"é\u{1F600}\": {\"ü\": [\n  \"ß\", {\"\u{2028}\": [[[1]]]}]}}",
            "  \u{FEFF}[ \u{00e9} [\n\u{1F600}[ [ ]]]]",
            "[\"unclosed [[[[",
            "[\"\\",
            "\\[[[\"[\"[[[",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // An escape or a closing quote at every offset of the eight-byte steps.
        for k in 0..20 {
            let (x, y) = ("x".repeat(k), "y".repeat(k % 9));
            texts.push(format!("[\"{x}\\\"{y}\", [[[\"{y}\\\\\"]]]]"));
            texts.push(format!("[\"{x}\\\n\"{y}[[\", [[{y}]]]"));
            texts.push(format!(
                "{{\"{x}\": [\"{y}é\u{1F600}{x}\", {{\"{y}\": [[1]]}}]}}"
            ));
        }
        let alphabet = [
            '[',
            ']',
            '{',
            '}',
            '"',
            '\\',
            '\n',
            'a',
            'é',
            '\u{1F600}',
            ' ',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            let mut t = String::new();
            for _ in 0..(seed % 90) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            texts.push(t);
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut files = 0;
        for entry in walkdir(&root) {
            if entry.extension().is_some_and(|e| e == "json") {
                texts.push(std::fs::read_to_string(&entry).unwrap());
                files += 1;
            }
        }
        assert!(files > 10, "{files} JSON files");
        for t in &texts {
            for max in 0..12 {
                assert_eq!(json_too_deep(t, max), reference(t, max), "{t:?} at {max}");
            }
        }
    }

    fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walkdir(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
