//! The Flow JSON linter: parse a document, build the [`Flow`] view once, run every rule of the
//! [`registry`] that applies to the document's version, and return diagnostics with positions.
//!
//! `validate`, `new`, `update` and `preview` all call [`check`].

pub mod diagnostic;
pub mod registry;
pub mod report;
pub mod rule;
pub mod rules;

#[cfg(test)]
mod tests;

pub use diagnostic::{Diagnostic, Severity};
pub use rule::{Context, Level, Rule, Sink};

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
    /// The text is not a JSON document (exit status 2).
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
pub fn parse(text: &str) -> Result<json::Document, Diagnostic> {
    json::parse(text).map_err(|SyntaxError { offset, message }| {
        let (line, column) = LineIndex::new(text).line_col(offset);
        Diagnostic {
            rule: "FJ-DOC-JSON-OBJECT",
            severity: Severity::Error,
            pointer: String::new(),
            line,
            column,
            message: format!("not a JSON document: {message}"),
            help: "fix the JSON syntax at this position; Flow JSON is strict JSON (no comments, no trailing commas)".into(),
        }
    })
}

/// Runs every rule on a document already parsed from `text` (what callers that keep the parsed
/// document, like `generate`, use instead of [`check`]).
pub fn check_document(text: &str, document: &json::Document, options: &Options) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    let flow = Flow::new(&document.root, options.flow_version);
    let ctx = Context {
        flow: &flow,
        document,
        options,
        text_len: text.len(),
    };
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
    let mut diagnostics: Vec<Diagnostic> = sink
        .found
        .into_iter()
        .map(|f| {
            let (line, column) = index.line_col(f.offset);
            Diagnostic {
                rule: f.rule.id,
                severity: f.severity,
                pointer: document.root.pointer_to(f.offset),
                line,
                column,
                message: f.message,
                help: f.help,
            }
        })
        .collect();
    diagnostics.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    diagnostics.dedup();
    diagnostics
}
