//! The HTML audit report: one self-contained, printable page rendered with minijinja from the
//! built-in templates in `templates/`, any of which a user's template folder may replace by name.

use crate::decision::Report;
use crate::error::{Error, Location};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
// What charts.rs takes from here with `use super::*`, besides the number formatting below.
use crate::decision::{BundleReport, FindingStatus, Verdict};
use crate::input::Robustness;
use serde::Serialize;

mod charts;
mod citations;
mod context;
mod operations;
use context::context;

/// The template rendered first; the others are its partials.
pub const ENTRY: &str = "report.html.j2";

/// The built-in templates by name. A file of the same name in `--template DIR` replaces one.
pub const TEMPLATES: &[(&str, &str)] = &[
    (ENTRY, include_str!("../../../templates/report.html.j2")),
    (
        "bundle.html.j2",
        include_str!("../../../templates/bundle.html.j2"),
    ),
    (
        "findings.html.j2",
        include_str!("../../../templates/findings.html.j2"),
    ),
    (
        "operations.html.j2",
        include_str!("../../../templates/operations.html.j2"),
    ),
    (
        "charts.html.j2",
        include_str!("../../../templates/charts.html.j2"),
    ),
    (
        "style.css.j2",
        include_str!("../../../templates/style.css.j2"),
    ),
];

/// Renders `report` as a standalone HTML document. With `template_dir`, templates found there
/// (by file name) replace the built-in ones, and may include further templates of that folder.
pub fn render(report: &Report, template_dir: Option<&Path>) -> crate::Result<String> {
    let origin = Origin::new(template_dir)?;
    let mut env = Environment::new();
    // SemiStrict: a misspelt variable in a user template is an error, while `{% if x %}` on an
    // absent optional value still works.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // minijinja's HTML escaping also escapes `/`, which is safe but turns every path and URL
    // in the report into `&#x2f;` soup; the five characters of `escape_html` are all HTML needs.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Html && !value.is_safe() {
            if let Some(s) = value.as_str() {
                return out
                    .write_str(&escape_html(s))
                    .map_err(minijinja::Error::from);
            }
        }
        minijinja::escape_formatter(out, state, value)
    });
    for (name, builtin) in TEMPLATES {
        let source = match origin.user.get(*name) {
            Some((_, text)) => text.clone(),
            None => (*builtin).to_string(),
        };
        env.add_template_owned(*name, source)
            .map_err(|e| origin.error(&e))?;
    }
    if let Some(dir) = template_dir {
        let dir = dir.to_path_buf();
        // Further partials a user template includes come from the same folder, never from
        // outside it.
        env.set_loader(move |name| {
            if !is_plain_name(name) {
                return Ok(None);
            }
            match std::fs::read_to_string(dir.join(name)) {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("cannot read template {name}: {e}"),
                )),
            }
        });
    }
    let ctx = context(report);
    let template = env.get_template(ENTRY).map_err(|e| origin.error(&e))?;
    template.render(&ctx).map_err(|e| origin.error(&e))
}

/// Where each template came from, so that an error names the file a user can open.
struct Origin {
    dir: Option<PathBuf>,
    /// Built-in template name → (user file, its text), for the ones the user replaced.
    user: BTreeMap<String, (PathBuf, String)>,
}

impl Origin {
    fn new(dir: Option<&Path>) -> crate::Result<Self> {
        let mut user = BTreeMap::new();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "--template {}: not a folder of templates",
                    dir.display()
                )));
            }
            for (name, _) in TEMPLATES {
                let path = dir.join(name);
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        user.insert((*name).to_string(), (path, text));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(path, e)),
                }
            }
        }
        Ok(Origin {
            dir: dir.map(Path::to_path_buf),
            user,
        })
    }

    fn path_of(&self, name: &str) -> PathBuf {
        if let Some((path, _)) = self.user.get(name) {
            return path.clone();
        }
        if TEMPLATES.iter().any(|(n, _)| *n == name) {
            return PathBuf::from(format!("templates/{name} (built-in)"));
        }
        match &self.dir {
            Some(dir) if is_plain_name(name) => dir.join(name),
            _ => PathBuf::from(name),
        }
    }

    /// The innermost error of an include chain is the one in the file the user has to fix.
    fn error(&self, e: &minijinja::Error) -> Error {
        let mut inner = e;
        let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
        while let Some(s) = cur {
            if let Some(m) = s.downcast_ref::<minijinja::Error>() {
                if m.name().is_some() {
                    inner = m;
                }
            }
            cur = s.source();
        }
        let mut message = format!("template error: {}", inner.kind());
        if let Some(d) = inner.detail() {
            message.push_str(": ");
            message.push_str(d);
        }
        let path = match inner.name() {
            Some(name) => self.path_of(name),
            None => PathBuf::from(ENTRY),
        };
        Error::format(
            path,
            Location {
                line: inner.line(),
                ..Location::default()
            },
            message,
        )
    }
}

/// Text safe in HTML content and quoted attribute values. Control characters and the
/// bidirectional overrides that would reorder what an auditor reads ("Trojan Source") are shown
/// as U+FFFD.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// A template name that stays inside its folder.
fn is_plain_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

// ---------------------------------------------------------------------------------------------
// Numbers as the page shows them (the context and the charts).

fn fmt1(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A number as short as it can be written without losing digits that matter (ε values).
fn short_num(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
