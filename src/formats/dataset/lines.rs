//! Lines of a datasheet's keys (personal-data block, `fields:` entries), named as the policies
//! read the input, so that findings point into the file.

use super::schema::Datasheet;
use crate::formats::locate;
use std::collections::BTreeMap;

/// Lines of the personal-data block (`block` is `personalData` or `personal_data`), of its keys
/// and of the keys of its nested mappings, named as policies read the input: snake_case, nested
/// ones as `parent.key` (`ccpa.opt_out`). Unknown keys are refused when the block is read, so
/// every key located here is a field.
pub(super) fn personal_data_lines(
    index: &locate::YamlIndex,
    block: &str,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let prefix = format!("/{block}");
    let Some(start) = index.line(&prefix) else {
        return out;
    };
    out.insert("personal_data".to_string(), start);
    for (pointer, at) in index.iter() {
        let Some(rest) = pointer
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let segments: Vec<&str> = rest.split('/').collect();
        // List items are not named in the map: a finding about them points at their key.
        if segments.len() > 2 || segments.iter().any(|s| s.parse::<usize>().is_ok()) {
            continue;
        }
        let name = segments
            .iter()
            .map(|s| snake_case(&s.replace("~1", "/").replace("~0", "~")))
            .collect::<Vec<_>>()
            .join(".");
        out.insert(name, at.line);
    }
    out
}

/// The input's name of a datasheet key: `specialCategoryLawReference` as
/// `special_category_law_reference`, `minorsUnder16` as `minors_under_16` (digits after a
/// capitalised word are a word of their own) but `art89` as `art89`; snake_case stays as is.
/// `personal_data_keys_name_input_fields` holds it to every field of the two schemas.
pub(super) fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut word_capitalised = false;
    let mut prev_digit = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            word_capitalised = true;
        } else if c.is_ascii_digit() && !prev_digit && word_capitalised {
            out.push('_');
            out.push(c);
            word_capitalised = false;
        } else {
            if c == '_' {
                word_capitalised = false;
            }
            out.push(c);
        }
        prev_digit = c.is_ascii_digit();
    }
    out
}

/// Lines of the entries of the top-level `fields:` list, as `fields.<name>`, for findings about
/// one column; the first entry of a name wins.
pub(super) fn field_lines(index: &locate::YamlIndex, sheet: &Datasheet) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, f) in sheet.fields.iter().enumerate() {
        let line = index
            .line(&format!("/fields/{i}/name"))
            .or_else(|| index.line(&format!("/fields/{i}")));
        if let (Some(line), false) = (line, f.name.is_empty()) {
            out.entry(format!("fields.{}", f.name)).or_insert(line);
        }
    }
    out
}
