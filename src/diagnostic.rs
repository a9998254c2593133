//! Coded diagnostics: each problem in evidence or configuration that stops a bundle from being
//! evaluated has a stable code, a location and a message, carried from the loader to every report.

use crate::error::{Error, Location};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kind of an evidence or configuration problem. Codes are stable: they are documented,
/// explained (`modelgate explain CODE`), counted and matched by CI annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    InvalidJson,
    InvalidYaml,
    InvalidText,
    UnknownField,
    MissingField,
    InvalidValue,
    DuplicateKey,
    FileTooLarge,
    TooDeep,
    TooMany,
    UnsupportedFormat,
    InvalidEvidence,
    InvalidBundle,
    InvalidConfig,
    Unreadable,
}

impl Code {
    /// Every code, for `explain`, the catalogue and the uniqueness test.
    pub const ALL: &'static [Code] = &[
        Code::InvalidJson,
        Code::InvalidYaml,
        Code::InvalidText,
        Code::UnknownField,
        Code::MissingField,
        Code::InvalidValue,
        Code::DuplicateKey,
        Code::FileTooLarge,
        Code::TooDeep,
        Code::TooMany,
        Code::UnsupportedFormat,
        Code::InvalidEvidence,
        Code::InvalidBundle,
        Code::InvalidConfig,
        Code::Unreadable,
    ];

    /// The code as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "invalid-json",
            Code::InvalidYaml => "invalid-yaml",
            Code::InvalidText => "invalid-text",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::DuplicateKey => "duplicate-key",
            Code::FileTooLarge => "file-too-large",
            Code::TooDeep => "too-deep",
            Code::TooMany => "too-many",
            Code::UnsupportedFormat => "unsupported-format",
            Code::InvalidEvidence => "invalid-evidence",
            Code::InvalidBundle => "invalid-bundle",
            Code::InvalidConfig => "invalid-config",
            Code::Unreadable => "unreadable",
        }
    }

    /// The code named `s`, as written in reports.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The code of a format error's message: parse errors of [`crate::formats::parse_yaml`]
    /// and JSON documents start `invalid YAML: ` or `invalid JSON: `; what follows is serde's
    /// own wording, the same for every format (`unknown field`, `missing field`, `unknown
    /// variant`, `invalid type`, `invalid value`). Anything else is `invalid-evidence` unless
    /// its maker sets a code ([`Error::with_code`]).
    pub fn of_message(message: &str) -> Code {
        let (rest, syntax) = if let Some(r) = message.strip_prefix("invalid YAML: ") {
            (r, Code::InvalidYaml)
        } else if let Some(r) = message.strip_prefix("invalid JSON: ") {
            (r, Code::InvalidJson)
        } else {
            return Code::InvalidEvidence;
        };
        let m = rest.to_ascii_lowercase();
        if m.starts_with("unknown field") {
            Code::UnknownField
        } else if m.starts_with("missing field") {
            Code::MissingField
        } else if m.contains("duplicate") {
            Code::DuplicateKey
        } else if [
            "unknown variant",
            "invalid type",
            "invalid value",
            "invalid length",
        ]
        .iter()
        .any(|p| m.starts_with(p))
            || (m.starts_with("invalid ") && !m.contains("syntax"))
        {
            Code::InvalidValue
        } else {
            syntax
        }
    }

    /// One line: what went wrong.
    pub fn title(self) -> &'static str {
        match self {
            Code::InvalidJson => "The file is not valid JSON",
            Code::InvalidYaml => "The file is not valid YAML",
            Code::InvalidText => "The file is not text modelgate can read",
            Code::UnknownField => "A key the format does not define",
            Code::MissingField => "A required key is missing",
            Code::InvalidValue => "A value of the wrong type or outside the allowed values",
            Code::DuplicateKey => "A key is written twice",
            Code::FileTooLarge => "A file is larger than the limit",
            Code::TooDeep => "A document is nested deeper than the limit",
            Code::TooMany => "More entries than the limit",
            Code::UnsupportedFormat => "The file is in no format modelgate reads for its role",
            Code::InvalidEvidence => "The evidence says something its format does not allow",
            Code::InvalidBundle => "The bundle's files are not where the manifest says",
            Code::InvalidConfig => "The configuration or a waiver is wrong",
            Code::Unreadable => "A file cannot be read",
        }
    }

    /// What it means and how to fix it (for `explain`).
    pub fn description(self) -> &'static str {
        match self {
            Code::InvalidJson => "The file does not parse as JSON (RFC 8259) at the location given. Fix the syntax; modelgate does not guess what a broken document meant.",
            Code::InvalidYaml => "The file, or a Markdown file's front matter, does not parse as YAML at the location given. Fix the syntax; modelgate does not guess what a broken document meant.",
            Code::InvalidText => "The file is neither UTF-8 nor UTF-16 with a byte order mark, or a text field holds bytes that are not text. Save it as UTF-8.",
            Code::UnknownField => "A key that the format or modelgate's schema (`modelgate schema`) does not define. Evidence is read strictly, so that a misspelt key does not silently drop a fact a policy needs: correct or remove the key.",
            Code::MissingField => "The format requires this key. Add it; `modelgate schema` prints the schemas of modelgate's own files.",
            Code::InvalidValue => "The value has the wrong type, or is not one of the values the format allows (the message lists them). Correct the value.",
            Code::DuplicateKey => "A mapping has the same key twice. YAML readers disagree on which value wins, so a file read two ways could show reviewers one value and the gate another: modelgate refuses it. Keep one.",
            Code::FileTooLarge => "The file is larger than `limits.maxFileBytes` in the configuration. Raise the limit in the gate's configuration if the file is legitimate.",
            Code::TooDeep => "The document is nested deeper than `limits.maxDepth` in the configuration, which bounds the work and memory of reading it.",
            Code::TooMany => "The bundle or document has more entries (files, components) than the limit in the configuration (`limits.maxFiles`, `limits.maxComponents`).",
            Code::UnsupportedFormat => "The file is named in a role (model card, dataset, SBOM, robustness report, signature) but is in no format modelgate reads for that role. README lists the formats.",
            Code::InvalidEvidence => "The file parses, but what it says breaks its format's rules (a date that is not a date, a digest that is not hex, a statement without subjects). The message names the rule.",
            Code::InvalidBundle => "The manifest names a file that is missing, leaves the bundle, or matches nothing; or the bundle's layout is wrong. An error never approves: fix the manifest or add the file.",
            Code::InvalidConfig => "The gate's configuration or a waiver file is wrong: an unknown key, a bad date, a glob that does not compile. The message names the entry.",
            Code::Unreadable => "The file exists but cannot be read (permissions, a device, a broken link).",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem that stopped a bundle's evaluation, located.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    pub code: Code,
    /// The file as the run names it (the path it was opened by), the line, column and JSON
    /// pointer.
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    /// The line of the file the problem is on, cut to a short excerpt around the column (never
    /// the whole file: a report may be a pull-request comment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Column of `source` where the problem is (1-based), when `source` is an excerpt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_column: Option<usize>,
}

impl Diagnostic {
    /// The file, or nothing.
    pub fn file(&self) -> &str {
        self.location.file.as_deref().unwrap_or("")
    }

    /// The diagnostics of an error: one per evidence or configuration problem (an
    /// [`Error::Many`] holds several); none for a failure of the tool itself.
    pub fn of(error: &Error) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        collect(error, &mut out);
        out
    }
}

fn collect(error: &Error, out: &mut Vec<Diagnostic>) {
    let d = |code,
             path: &std::path::Path,
             loc: &Location,
             message: String,
             src: &Option<Box<Excerpt>>| {
        Diagnostic {
            code,
            location: Location {
                file: Some(path.display().to_string()),
                line: loc.line,
                column: loc.column,
                pointer: loc.pointer.clone().filter(|p| !p.is_empty()),
            },
            message,
            source: src.as_ref().map(|s| s.text.clone()),
            source_column: src.as_ref().map(|s| s.column),
        }
    };
    match error {
        Error::Many(errors) => errors.iter().for_each(|e| collect(e, out)),
        Error::Format {
            path,
            location,
            message,
            code,
            source_line,
        } => out.push(d(*code, path, location, message.clone(), source_line)),
        Error::Bundle {
            path,
            message,
            code,
        } => out.push(d(*code, path, &Location::default(), message.clone(), &None)),
        Error::Io { path, source } => out.push(d(
            Code::Unreadable,
            path,
            &Location::default(),
            format!("cannot read: {source}"),
            &None,
        )),
        // Not evidence problems: the tool failed (a policy, git, a renderer). The bundle's
        // `error` text says so; there is no file and line to point at.
        _ => {}
    }
}

/// A short piece of one line of a file, for a caret under the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    /// 1-based column within `text`.
    pub column: usize,
}

/// Characters of a source line shown on either side of the problem's column.
const EXCERPT_RADIUS: usize = 40;

impl Excerpt {
    /// Line `line` (1-based) of `text`, cut to [`EXCERPT_RADIUS`] characters on either side of
    /// `column` with `…` where cut, and control characters shown escaped.
    pub fn of(text: &str, line: usize, column: Option<usize>) -> Option<Excerpt> {
        let l = text.lines().nth(line.checked_sub(1)?)?;
        let chars: Vec<char> = l.chars().collect();
        let col = column.unwrap_or(1).clamp(1, chars.len().max(1));
        let start = col.saturating_sub(1).saturating_sub(EXCERPT_RADIUS);
        let end = (col - 1 + EXCERPT_RADIUS).min(chars.len());
        let mut out = String::new();
        let mut column_in = 1;
        if start > 0 {
            out.push('…');
            column_in += 1;
        }
        for (i, c) in chars[start..end].iter().enumerate() {
            // As the terminal view shows evidence: no escape sequence, bidirectional override
            // or line break from the file reaches the screen.
            let shown: String = if *c == '\t' {
                " ".into()
            } else if crate::render::is_hidden_control(*c) || crate::render::is_line_break(*c) {
                c.escape_unicode().collect()
            } else {
                c.to_string()
            };
            if start + i < col - 1 {
                column_in += shown.chars().count();
            }
            out.push_str(&shown);
        }
        if end < chars.len() {
            out.push('…');
        }
        if out.trim().is_empty() {
            return None;
        }
        Some(Excerpt {
            text: out,
            column: column_in,
        })
    }
}

/// The diagnostic as a terminal shows it: the code and message, the file and line, the source
/// line with a caret under the column (annotate-snippets, as rustc and cargo-deny show theirs).
pub fn render_text(d: &Diagnostic, color: bool) -> String {
    use annotate_snippets::{renderer::DecorStyle, AnnotationKind, Level, Renderer, Snippet};
    let origin = Location {
        pointer: None,
        ..d.location.clone()
    }
    .to_string();
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let title = Level::ERROR
        .primary_title(d.message.as_str())
        .id(d.code.as_str());
    let pointer_note = d.location.pointer.as_deref().map(|p| format!("at {p}"));
    let group = match (&d.source, d.location.line) {
        (Some(src), Some(line)) => {
            let at = byte_of_column(src, d.source_column.unwrap_or(1));
            let end = src[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let snippet = Snippet::source(src.as_str())
                .line_start(line)
                .path(d.file())
                .annotation(
                    AnnotationKind::Primary
                        .span(at..end)
                        .label(pointer_note.as_deref().unwrap_or("")),
                );
            title.element(snippet)
        }
        _ => {
            let mut g = title.element(annotate_snippets::Origin::path(origin.as_str()));
            if let Some(n) = &pointer_note {
                g = g.element(Level::NOTE.message(n.as_str()));
            }
            g
        }
    };
    renderer.render(&[group]).to_string()
}

fn byte_of_column(s: &str, column: usize) -> usize {
    s.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes are unique, round-trip through their names, and never a rule's or modelgate's own
    /// finding's id, so that `explain CODE` names one thing.
    #[test]
    fn codes_are_unique_and_distinct_from_rules() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert!(!c.title().is_empty() && c.description().len() > 40, "{c}");
        }
        for d in crate::decision::DIAGNOSTICS {
            assert!(!seen.contains(d.0), "{} is a code and a finding id", d.0);
        }
        let builtin = crate::policy::PolicySet::builtin(false).unwrap();
        for r in &builtin.rules {
            assert!(
                !seen.contains(r.id.as_str()),
                "{} is a rule and a code",
                r.id
            );
        }
    }

    #[test]
    fn excerpts_cut_long_lines_and_keep_the_caret_column() {
        let line = format!("{}X{}", "a".repeat(100), "b".repeat(100));
        let e = Excerpt::of(&format!("first\n{line}\n"), 2, Some(101)).unwrap();
        assert!(
            e.text.starts_with('…') && e.text.ends_with('…'),
            "{}",
            e.text
        );
        assert_eq!(e.text.chars().nth(e.column - 1), Some('X'));
        assert!(e.text.chars().count() <= 2 * EXCERPT_RADIUS + 2);
        let e = Excerpt::of("k: \u{1b}[31mv \u{202e}x\n", 1, Some(4)).unwrap();
        assert!(
            !e.text.contains('\u{1b}') && !e.text.contains('\u{202e}'),
            "{}",
            e.text
        );
        assert_eq!(Excerpt::of("a\n", 5, None), None);
    }

    #[test]
    fn text_shows_the_line_and_a_caret() {
        let d = Diagnostic {
            code: Code::InvalidJson,
            location: Location {
                file: Some("bundle/card.json".into()),
                line: Some(12),
                column: Some(17),
                pointer: None,
            },
            message: "expected `,` or `}`".into(),
            source: Some(r#"    "name": "x" "y""#.into()),
            source_column: Some(17),
        };
        let t = render_text(&d, false);
        assert!(
            t.contains("error[invalid-json]: expected `,` or `}`"),
            "{t}"
        );
        assert!(t.contains("bundle/card.json:12:17"), "{t}");
        assert!(t.contains(r#"12 |     "name": "x" "y""#), "{t}");
        let caret = t.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret.find('^'),
            t.lines()
                .find(|l| l.starts_with("12 |"))
                .unwrap()
                .find(r#""y""#),
            "{t}"
        );
        // Without a source line: the file and the pointer.
        let d = Diagnostic {
            source: None,
            source_column: None,
            location: Location {
                file: Some("bundle/card.json".into()),
                pointer: Some("/spec/datasets/1".into()),
                ..Location::default()
            },
            ..d
        };
        let t = render_text(&d, false);
        assert!(
            t.contains("bundle/card.json") && t.contains("at /spec/datasets/1"),
            "{t}"
        );
    }
}
