//! Typed errors of the pipeline stages. An error is a failure to evaluate (exit 2), never a
//! finding: each one names the file and, where it can, the line, column or JSON pointer.

pub use crate::diagnostic::Code;
use crate::diagnostic::Excerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// Where something is: a file, and in it a line, column or JSON pointer, each part only when
/// known. The one location type of errors, diagnostics and findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// The file: for a finding, relative to its bundle; an error names its file beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// JSON pointer (RFC 6901) inside the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl Location {
    pub fn line_col(line: usize, column: usize) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            ..Location::default()
        }
    }
    pub fn pointer(p: impl Into<String>) -> Self {
        Location {
            pointer: Some(p.into()),
            ..Location::default()
        }
    }
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.line.is_none() && self.pointer.is_none()
    }
}

impl fmt::Display for Location {
    /// With a file, as editors link it: `file:line:column pointer`. Without one, in words:
    /// `line 3, column 5, at /pointer`. Each part only when known; empty when nothing is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = self.pointer.as_deref().filter(|p| !p.is_empty());
        if let Some(file) = &self.file {
            f.write_str(file)?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
                if let Some(c) = self.column {
                    write!(f, ":{c}")?;
                }
            }
            if let Some(p) = pointer {
                write!(f, " {p}")?;
            }
            return Ok(());
        }
        let mut sep = "";
        if let Some(l) = self.line {
            write!(f, "line {l}")?;
            if let Some(c) = self.column {
                write!(f, ", column {c}")?;
            }
            sep = ", ";
        }
        if let Some(p) = pointer {
            write!(f, "{sep}at {p}")?;
        }
        Ok(())
    }
}

/// Everything that stops modelgate from reaching a decision.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A file was read but is not what its format requires.
    #[error("{}{}: {message}", path.display(), fmt_loc(location))]
    Format {
        path: PathBuf,
        /// Boxed: errors travel in every `Result` of the loaders, and should stay small.
        location: Box<Location>,
        message: String,
        /// What kind of problem, for reports and `explain`.
        code: Code,
        /// The offending line, cut short, where the file's text was at hand.
        source_line: Option<Box<Excerpt>>,
    },

    /// The bundle itself is wrong: a missing file, a path that leaves the bundle, a bad glob.
    #[error("{}: {message}", path.display())]
    Bundle {
        path: PathBuf,
        message: String,
        code: Code,
    },

    /// A policy does not parse, does not compile, fails or runs out of time.
    #[error("policy error: {0}")]
    Policy(#[from] PolicyError),

    /// The admission webhook cannot start: its TLS material, its listener or its runtime.
    #[error("{0}")]
    Serve(#[from] ServeError),

    /// git could not answer a question about the repository (`--base`, changed files).
    #[error("git: {0}")]
    Git(String),

    /// modelgate could not write one of its own documents (a record, a revocation, the policy
    /// input): a bug, never the input's fault.
    #[error("internal error: {0}")]
    Internal(String),

    /// Several problems found in one pass, reported together.
    #[error("{}", fmt_many(.0))]
    Many(Vec<Error>),

    /// A value given on the command line (or the gate's configuration standing in for it) is
    /// wrong: a flag's value, a folder that does not exist, a pattern that does not compile.
    #[error("{0}")]
    Usage(String),

    /// A report could not be rendered (a bug, or a template of the user's that fails).
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
}

/// What went wrong in the policy stage: loading the Rego modules and their METADATA, or
/// evaluating them.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// A METADATA annotation does not parse, or lacks what a rule needs.
    #[error("{location}: METADATA: {message}")]
    Metadata {
        /// The policy file, and the line of the annotation or of its YAML error.
        location: Location,
        message: String,
    },
    /// A module has no `package` line.
    #[error("{file}: no `package` declaration")]
    NoPackage { file: String },
    /// Two rules declare the same id.
    #[error("{file}:{line}: rule id {id} is already used at {first}")]
    DuplicateId {
        id: String,
        file: String,
        line: usize,
        first: String,
    },
    /// The engine refused a module: it does not parse or compile.
    #[error("{0}")]
    Compile(String),
    /// A data document could not be given to the engine.
    #[error("data: {0}")]
    Data(String),
    /// A rule failed while evaluating, or ran out of time.
    #[error("{rule}: {message}")]
    Eval { rule: String, message: String },
    /// A `deny` or `warn` rule gave something that is not a set of findings.
    #[error("{rule} must be a set of findings, got {got}")]
    NotFindings { rule: String, got: String },
    /// The evaluation was stopped from outside: past its time or memory limit inside a call
    /// the engine cannot interrupt.
    #[error("the run was stopped: {0}")]
    Stopped(String),
    /// Coverage could not be read from the engine.
    #[error("coverage: {0}")]
    Coverage(String),
}

/// Why the admission webhook cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The TLS certificate or key cannot be read or do not belong together.
    #[error("{file}: {message}")]
    Tls { file: String, message: String },
    /// The listening address cannot be bound.
    #[error("cannot listen on {address}: {message}")]
    Bind { address: String, message: String },
    /// The async runtime cannot start.
    #[error("cannot start the runtime: {0}")]
    Runtime(String),
}

fn fmt_many(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn fmt_loc(l: &Location) -> String {
    if l.is_empty() {
        String::new()
    } else {
        format!(": {l}")
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
    /// A format error; quoted values in `message` are cut to a short excerpt, so that a
    /// parser quoting a whole scalar never puts a file's content into a report.
    pub fn format(
        path: impl Into<PathBuf>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        let message = quote_safe(&message.into());
        Error::Format {
            path: path.into(),
            location: Box::new(location),
            code: Code::of_message(&message),
            message,
            source_line: None,
        }
    }
    pub fn bundle(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Bundle {
            path: path.into(),
            message: message.into(),
            code: Code::InvalidBundle,
        }
    }

    /// The same error with its diagnostic code set (format and bundle errors; others keep
    /// theirs).
    pub fn with_code(mut self, new: Code) -> Self {
        match &mut self {
            Error::Format { code, .. } | Error::Bundle { code, .. } => *code = new,
            Error::Many(errors) => {
                for e in errors.iter_mut() {
                    if let Error::Format { code, .. } | Error::Bundle { code, .. } = e {
                        *code = new;
                    }
                }
            }
            _ => {}
        }
        self
    }

    /// The same error with the offending line of `text` attached, where it has a line.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Error::Format {
            location,
            source_line,
            ..
        } = &mut self
        {
            if let Some(line) = location.line {
                *source_line = Excerpt::of(text, line, location.column).map(Box::new);
            }
        }
        self
    }

    /// The code of a format or bundle error.
    pub fn code(&self) -> Option<Code> {
        match self {
            Error::Format { code, .. } | Error::Bundle { code, .. } => Some(*code),
            Error::Io { .. } => Some(Code::Unreadable),
            _ => None,
        }
    }

    /// The same error with paths under `from` shown under `to` instead: a bundle read from a
    /// scratch copy (written from git objects) is named as in the repository. Paths are
    /// rebased; messages that quote the scratch path are rewritten too. The kind of error, and
    /// so its meaning, stays.
    pub fn rebased(self, from: &std::path::Path, to: &str) -> Error {
        let path = |p: PathBuf| match p.strip_prefix(from) {
            Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from(to),
            Ok(rest) => std::path::Path::new(to).join(rest),
            Err(_) => p,
        };
        let from_text = from.display().to_string();
        let text = |m: String| m.replace(&from_text, to);
        match self {
            Error::Io { path: p, source } => Error::Io {
                path: path(p),
                source,
            },
            Error::Format {
                path: p,
                location,
                message,
                code,
                source_line,
            } => Error::Format {
                path: path(p),
                location,
                message: text(message),
                code,
                source_line,
            },
            Error::Bundle {
                path: p,
                message,
                code,
            } => Error::Bundle {
                path: path(p),
                message: text(message),
                code,
            },
            Error::Policy(e) => Error::Policy(e),
            Error::Serve(e) => Error::Serve(e),
            Error::Git(m) => Error::Git(text(m)),
            Error::Internal(m) => Error::Internal(m),
            Error::Many(errors) => {
                Error::Many(errors.into_iter().map(|e| e.rebased(from, to)).collect())
            }
            Error::Usage(m) => Error::Usage(text(m)),
            Error::Render(e) => Error::Render(e),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Longest quoted value an error message keeps, in characters.
pub const EXCERPT_CHARS: usize = 60;

/// At most [`EXCERPT_CHARS`] characters of `s`, with control characters escaped and `…` where
/// it was cut: what an error may quote of a file.
pub fn excerpt(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `msg` with every `"…"` or `` `…` `` quoted value cut to an [`excerpt`], and at most 1,000
/// characters in all. serde and YAML parsers quote whole scalars (`invalid type: string
/// "-----BEGIN PRIVATE KEY-----…"`): a file that is not what it claims would otherwise be
/// printed into the report, a pull-request comment.
pub fn quote_safe(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(1_100));
    let mut rest = msg;
    while let Some(i) = rest.find(['"', '`']) {
        let q = rest.as_bytes()[i] as char;
        out.push_str(&rest[..=i]);
        let after = &rest[i + 1..];
        // A value ends at the last matching quote before a `, ` or the end of the message,
        // since the value itself may contain the quote character.
        let end = after.match_indices(q).map(|(j, _)| j).find(|&j| {
            let tail = &after[j + 1..];
            tail.is_empty() || tail.starts_with([',', ' ', ')', ';', ':', '.'])
        });
        match end {
            Some(j) => {
                out.push_str(&excerpt(&after[..j]));
                out.push(q);
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&excerpt(after));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    if out.chars().count() > 1_000 {
        out = out.chars().take(1_000).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn rebased_errors_keep_their_kind_and_name_the_repository_path() {
        let scratch = std::path::Path::new("/tmp/x/head/models/a");
        let e = Error::Many(vec![
            Error::format(scratch.join("card.md"), Location::default(), "bad"),
            Error::bundle(scratch, format!("{} is odd", scratch.display())),
            Error::io("/elsewhere/f", std::io::Error::other("gone")),
        ])
        .rebased(scratch, "models/a");
        let Error::Many(list) = &e else {
            panic!("{e:?}")
        };
        assert!(
            matches!(&list[0], Error::Format { path, .. } if path == std::path::Path::new("models/a/card.md"))
        );
        assert!(
            matches!(&list[1], Error::Bundle { path, message, .. } if path == std::path::Path::new("models/a") && message == "models/a is odd")
        );
        assert!(
            matches!(&list[2], Error::Io { path, .. } if path == std::path::Path::new("/elsewhere/f"))
        );
    }

    use super::*;

    #[test]
    fn quoted_file_content_is_cut_to_an_excerpt() {
        let key = format!(
            "-----BEGIN PRIVATE KEY----- {} -----END PRIVATE KEY-----",
            "A".repeat(200)
        );
        let m = quote_safe(&format!(
            "invalid type: string \"{key}\", expected struct Manifest"
        ));
        assert!(!m.contains("END PRIVATE KEY"), "{m}");
        assert!(m.ends_with("\", expected struct Manifest"), "{m}");
        let m =
            quote_safe("unknown variant `because_we_can`, expected one of `consent`, `contract`");
        assert_eq!(
            m,
            "unknown variant `because_we_can`, expected one of `consent`, `contract`"
        );
        let m = quote_safe(&format!("x \"{}", "root:x:0:0\n".repeat(100)));
        assert!(m.len() < 200, "{m}");
        assert!(!m.contains('\n'));
    }
}
