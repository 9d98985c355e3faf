//! A finding, located both as an RFC 6901 pointer and as line:column.
//!
//! Line and column are 1-based; columns count characters (Unicode scalar values), not bytes. A
//! finding covers a span that never crosses a line: the offending token (a whole string, number
//! or literal), or the opening bracket of an object or array.

use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The fields that serialize are the rule fixtures' snapshot shape; the span, its end and the
/// related locations are printed by the report formats (`lint::report`), which define the
/// documented output shapes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// The RFC 6901 pointer of the offending node.
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
    /// Column just past the span, on `line` (equal to `column` for an empty span).
    #[serde(skip)]
    pub end_column: usize,
    /// Byte range of the span in the checked text (empty when there is no text, e.g. stdin that
    /// could not be decoded).
    #[serde(skip)]
    pub span: Range<usize>,
    /// Other places that explain the finding (e.g. where a duplicated key was first defined).
    #[serde(skip)]
    pub related: Vec<Related>,
}

/// A secondary location of a finding, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub span: Range<usize>,
    pub label: String,
}
