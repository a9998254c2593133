//! Parsing one case file and checking what needs neither the rule catalogue nor the repository.

use super::{pointer_escape, Case, FileEdit};
use crate::decision::Verdict;
use crate::error::{Error, Location, Result};

/// Parses a case file and checks everything that needs no catalogue or repository: the id
/// against the file stem, non-empty law and quote, the time, the paths, the edits, and
/// expectations that contradict each other. Every problem is reported, not just the first.
pub fn parse(path: &str, text: &str) -> Result<Case> {
    let case: Case =
        crate::formats::parse_yaml(text, 0).map_err(|(loc, msg)| Error::format(path, loc, msg))?;
    let mut problems = Vec::new();
    let mut bad = |pointer: &str, msg: String| {
        problems.push(Error::format(path, Location::pointer(pointer), msg));
    };
    let edits = case.file_edits();
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if case.id != stem {
        bad(
            "/id",
            format!("id `{}` differs from the file name `{stem}`", case.id),
        );
    }
    if case.id.is_empty()
        || !case
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        bad(
            "/id",
            "an id is lower-case letters, digits and `-`".to_string(),
        );
    }
    for (key, value) in [
        ("title", &case.title),
        ("law", &case.law),
        ("quote", &case.quote),
    ] {
        if value.trim().is_empty() {
            bad(&format!("/{key}"), format!("`{key}` is empty"));
        }
    }
    if let Err(e) = crate::time::parse_now(&case.now) {
        bad("/now", e.to_string());
    }
    if case.base.is_empty() || case.base.starts_with('.') || case.base.contains(['/', '\\']) {
        bad(
            "/base",
            format!("`{}` is not a folder name under examples/", case.base),
        );
    }
    for (key, v) in [("config", &case.config), ("params", &case.params)] {
        if v.as_ref().is_some_and(|v| !v.is_object()) {
            bad(&format!("/{key}"), format!("`{key}` must be a mapping"));
        }
    }
    for p in case.edit.keys() {
        if let Some(why) = unsafe_path(p) {
            bad(
                &format!("/edit/{}", pointer_escape(p)),
                format!("`{p}`: {why}"),
            );
        }
    }
    for (i, p) in case.remove.iter().enumerate() {
        if let Some(why) = unsafe_path(p) {
            bad(&format!("/remove/{i}"), format!("`{p}`: {why}"));
        }
        if case.edit.contains_key(p) {
            bad(
                &format!("/remove/{i}"),
                format!("`{p}` is both edited and removed"),
            );
        }
    }
    match edits {
        Ok(edits) => {
            for (p, e) in edits {
                if let FileEdit::Text(t) = e {
                    if t.replace.is_empty() && t.append.is_none() {
                        bad(
                            &format!("/edit/{}", pointer_escape(&p)),
                            "a text edit needs `replace` or `append`".into(),
                        );
                    }
                    if t.replace.iter().any(|(old, _)| old.is_empty()) {
                        bad(
                            &format!("/edit/{}/replace", pointer_escape(&p)),
                            "a replaced text is empty".into(),
                        );
                    }
                }
            }
        }
        Err(e) => bad("/edit", e.to_string()),
    }
    let e = &case.expect;
    for (key, ids) in [("deny", &e.deny), ("warn", &e.warn), ("not", &e.not)] {
        for (i, id) in ids.iter().enumerate() {
            if id.trim().is_empty() {
                bad(&format!("/expect/{key}/{i}"), "empty rule id".into());
            }
        }
    }
    for id in e
        .not
        .iter()
        .filter(|id| e.deny.contains(id) || e.warn.contains(id))
    {
        bad(
            "/expect/not",
            format!("`{id}` is both expected and excluded"),
        );
    }
    if e.verdict == Verdict::Approve && !e.deny.is_empty() {
        bad(
            "/expect",
            "an approval cannot expect blocking (deny) findings".into(),
        );
    }
    if e.verdict == Verdict::Block && e.deny.is_empty() {
        // A block without the rule that causes it would pass for any wrong reason.
        bad(
            "/expect/deny",
            "a block must name at least one rule that causes it".into(),
        );
    }
    match problems.len() {
        0 => Ok(case),
        1 => Err(problems.remove(0)),
        _ => Err(Error::Many(problems)),
    }
}

/// Why a path in a case may not be used inside a scratch copy of a bundle, if it may not.
fn unsafe_path(p: &str) -> Option<&'static str> {
    if p.is_empty() {
        return Some("empty path");
    }
    if p.starts_with('/') || p.contains('\\') || p.contains(':') {
        return Some("must be a relative path with `/` separators");
    }
    if p.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Some("must not contain empty, `.` or `..` segments");
    }
    None
}
