//! Diagnostics shared by every pipeline stage: what went wrong, where in the
//! document (file, JSON pointer, line and column) and what the user can do.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Generation went on with a documented fallback.
    Warning,
    /// Generation stopped; nothing was written.
    Error,
}

/// A problem found in the input, located as precisely as the stage allows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Whether generation stopped.
    pub severity: Severity,
    /// What is wrong, as one sentence.
    pub message: String,
    /// The input file, when the problem comes from one.
    pub file: Option<PathBuf>,
    /// JSON pointer (RFC 6901) of the offending node.
    pub pointer: Option<String>,
    /// 1-based line and column of the node in `file`.
    pub location: Option<(usize, usize)>,
    /// What the user can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Creates an error with only a message.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            pointer: None,
            location: None,
            help: None,
        }
    }

    /// Creates a warning with only a message.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Sets the JSON pointer of the offending node.
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets the input file.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the 1-based line and column.
    pub fn with_location(mut self, line: usize, column: usize) -> Self {
        self.location = Some((line, column));
        self
    }

    /// Sets the hint telling the user what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// Formats as `error: MESSAGE` followed by `  --> file:line:column at POINTER`
    /// and `  = help: ...` lines, in the style of rustc.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}", self.message)?;

        let mut place = String::new();
        if let Some(file) = &self.file {
            place.push_str(&file.display().to_string());
            if let Some((line, column)) = self.location {
                place.push_str(&format!(":{line}:{column}"));
            }
        }
        if let Some(pointer) = &self.pointer {
            if !place.is_empty() {
                place.push(' ');
            }
            let shown = if pointer.is_empty() { "(document root)" } else { pointer };
            place.push_str(&format!("at {shown}"));
        }
        if !place.is_empty() {
            write!(f, "\n  --> {place}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    // Every node of the document gets a pointer in several walks, so this
    // builds it with one allocation.
    let mut joined = String::with_capacity(pointer.len() + 1 + token.len());
    joined.push_str(pointer);
    joined.push('/');
    for c in token.chars() {
        match c {
            '~' => joined.push_str("~0"),
            '/' => joined.push_str("~1"),
            c => joined.push(c),
        }
    }
    joined
}

/// Splits a JSON pointer into its unescaped reference tokens.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_pointer_escapes() {
        assert_eq!(push_pointer("", "paths"), "/paths");
        assert_eq!(push_pointer("/paths", "/pets/{id}"), "/paths/~1pets~1{id}");
        assert_eq!(push_pointer("/a", "x~y/z"), "/a/x~0y~1z");
        assert_eq!(push_pointer("/a", ""), "/a/");
        assert_eq!(push_pointer("/a", "é~"), "/a/é~0");
    }

    #[test]
    fn pointer_round_trip() {
        let pointer = push_pointer(&push_pointer("", "a/b"), "~1");
        assert_eq!(pointer_tokens(&pointer), vec!["a/b".to_string(), "~1".to_string()]);
    }
}
