//! Typed errors of the pipeline stages. An error is a failure to evaluate (exit 2), never a
//! finding: each one names the file and, where it can, the line, column or JSON pointer.

use std::fmt;
use std::path::PathBuf;

/// Where in a file a problem is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// JSON pointer (RFC 6901) or a dotted YAML path.
    pub pointer: Option<String>,
}

impl Location {
    pub fn line_col(line: usize, column: usize) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            pointer: None,
        }
    }
    pub fn pointer(p: impl Into<String>) -> Self {
        Location {
            line: None,
            column: None,
            pointer: Some(p.into()),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.line.is_none() && self.pointer.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some(l) = self.line {
            write!(f, "line {l}")?;
            if let Some(c) = self.column {
                write!(f, ", column {c}")?;
            }
            sep = ", ";
        }
        if let Some(p) = &self.pointer {
            if !p.is_empty() {
                write!(f, "{sep}at {p}")?;
            }
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
        location: Location,
        message: String,
    },

    /// The bundle itself is wrong: a missing file, a path that leaves the bundle, a bad glob.
    #[error("{}: {message}", path.display())]
    Bundle { path: PathBuf, message: String },

    /// A policy does not parse, does not compile, fails or runs out of time.
    #[error("policy error: {0}")]
    Policy(String),

    /// Several problems found in one pass, reported together.
    #[error("{}", fmt_many(.0))]
    Many(Vec<Error>),

    /// A command-line value is wrong.
    #[error("{0}")]
    Usage(String),
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
    pub fn format(
        path: impl Into<PathBuf>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Error::Format {
            path: path.into(),
            location,
            message: message.into(),
        }
    }
    pub fn bundle(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Bundle {
            path: path.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
