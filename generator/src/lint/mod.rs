//! The Flow JSON linter: parse a document, build the [`Flow`] view once, run every rule of the
//! [`registry`] that applies to the document's version, and return diagnostics with positions.
//!
//! `validate`, `new`, `update` and `preview` all call [`check`].

pub mod diagnostic;
pub mod human;
pub mod registry;
pub mod report;
pub mod rule;
pub mod rules;
pub mod sites;

#[cfg(test)]
mod tests;

pub use diagnostic::{Diagnostic, Related, Severity};
pub use rule::{Context, Level, Rule, Sink};

use std::ops::Range;

use crate::flow::json::{self, LineIndex, SyntaxError};
use crate::flow::{Flow, Version};

/// What the caller can change about a lint run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Check against this version instead of the document's `version`.
    pub flow_version: Option<Version>,
    /// Right before an upload: rules that only matter for publishing become errors.
    pub for_publish: bool,
}

/// The outcome of linting one document.
#[derive(Debug)]
pub enum Outcome {
    /// The text is JSON; here is what the rules found (possibly nothing).
    Checked(Vec<Diagnostic>),
    /// The text is not a JSON document: one FJ-DOC-JSON-OBJECT finding at the syntax error (a
    /// finding like any other for the exit status; `--ignore` does not hide it).
    Unreadable(Diagnostic),
}

impl Outcome {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Outcome::Checked(d) => d,
            Outcome::Unreadable(d) => std::slice::from_ref(d),
        }
    }
    pub fn has_errors(&self) -> bool {
        self.diagnostics()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Lints one document given as text.
pub fn check(text: &str, options: &Options) -> Outcome {
    match parse(text) {
        Ok(document) => Outcome::Checked(check_document(text, &document, options)),
        Err(unreadable) => Outcome::Unreadable(unreadable),
    }
}

/// Parses `text` as a document with positions, or says why it is not JSON (as a diagnostic).
// The error is the one finding about a document that is not JSON, made once per document: its
// size does not matter, and boxing it would only burden every caller.
#[allow(clippy::result_large_err)]
pub fn parse(text: &str) -> Result<json::Document<'_>, Diagnostic> {
    json::parse(text).map_err(|SyntaxError { offset, message }| {
        let span = char_span(text, offset as usize);
        let (line, column) = LineIndex::covering(text, offset as usize).line_col(offset);
        Diagnostic {
            rule: "FJ-DOC-JSON-OBJECT",
            severity: Severity::Error,
            pointer: String::new(),
            line,
            column,
            message: format!("not a JSON document: {message}"),
            help: "fix the JSON syntax at this position; Flow JSON is strict JSON (no comments, no trailing commas)".into(),
            end_column: column + text[span.clone()].chars().count(),
            span,
            related: Vec::new(),
        }
    })
}

/// Runs every rule on a document already parsed from `text` (what callers that keep the parsed
/// document, like `generate`, use instead of [`check`]).
pub fn check_document(text: &str, document: &json::Document, options: &Options) -> Vec<Diagnostic> {
    let flow = Flow::new(&document.root, options.flow_version);
    let ctx = Context::new(&flow, document, options, text.len());
    let mut sink = Sink::new(flow.version, options);
    // A missing or unknown version is reported by the FJ-VERSION-* rules; the others then check
    // the document as the latest version, so rules about old versions do not fire on it.
    let selected = flow.version.unwrap_or(crate::flow::version::LATEST);
    for rule in registry::all() {
        if rule.versions.contains(selected) || rule.always {
            sink.rule = Some(rule);
            (rule.check)(&ctx, &mut sink);
        }
    }
    // Lines are counted only as far as the last finding.
    let last = sink
        .found
        .iter()
        .flat_map(|f| std::iter::once(f.offset).chain(f.related.iter().map(|(o, _)| *o)))
        .max()
        .unwrap_or(0) as usize;
    let index = LineIndex::covering(text, last);
    let mut diagnostics: Vec<Diagnostic> = sink
        .found
        .into_iter()
        .map(|f| {
            let (line, column, end_column, span) = locate(text, &index, f.offset);
            let related = f
                .related
                .into_iter()
                .map(|(offset, label)| {
                    let (line, column, end_column, span) = locate(text, &index, offset);
                    Related {
                        line,
                        column,
                        end_column,
                        span,
                        label,
                    }
                })
                .collect();
            Diagnostic {
                rule: f.rule.id,
                severity: f.severity,
                pointer: document.root.pointer_to(f.offset),
                line,
                column,
                message: f.message,
                help: f.help,
                end_column,
                span,
                related,
            }
        })
        .collect();
    diagnostics.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    diagnostics.dedup();
    diagnostics
}

/// Line, column, end column and byte span of the token that starts at `offset`.
fn locate(text: &str, index: &LineIndex, offset: u32) -> (usize, usize, usize, Range<usize>) {
    let span = token_span(text, offset as usize);
    let (line, column) = index.line_col(offset);
    let end_column = column + text.get(span.clone()).map_or(0, |s| s.chars().count());
    (line, column, end_column, span)
}

/// Where a finding that comes with a 1-based `line`:`column` but no offset (Meta's, say) points in
/// `text`: the column just past its token and the token's byte range; an empty span when the
/// position is not in the text.
pub fn span_at(text: &str, line: usize, column: usize) -> (usize, Range<usize>) {
    let mut line_start = 0;
    for (i, this) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let offset = line_start
                + this
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(this.len(), |(at, _)| at);
            let span = token_span(text, offset);
            let end_column = column + text.get(span.clone()).map_or(0, |s| s.chars().count());
            return (end_column, span);
        }
        line_start += this.len();
    }
    (column, text.len()..text.len())
}

/// The JSON token starting at `start`, never past its line: a whole string (with its quotes), a
/// number or literal, or the one bracket that opens an object or array.
fn token_span(text: &str, start: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.get(start) else {
        return text.len()..text.len();
    };
    let end = match first {
        b'"' => {
            let mut i = start + 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            (i + 1).min(bytes.len())
        }
        b'-' | b'0'..=b'9' | b'a'..=b'z' => {
            let len = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                .count();
            start + len
        }
        _ => return char_span(text, start),
    };
    // A string cut short by a line break ends before it; never split a character.
    let end = end.min(text.len());
    if text.is_char_boundary(end) {
        start..end
    } else {
        char_span(text, start)
    }
}

/// The one character at `start` (empty at the end of the text or on a line break).
fn char_span(text: &str, start: usize) -> Range<usize> {
    let start = start.min(text.len());
    match text.get(start..).and_then(|s| s.chars().next()) {
        Some('\n') | Some('\r') | None => start..start,
        Some(c) => start..start + c.len_utf8(),
    }
}
