//! Prints lint results: a rustc-style code frame for people, one JSON object for machines.

use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::flow::json::LineIndex;

/// One linted file, ready to print.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// The `--format json` document: `{"files":[{"path":…,"diagnostics":[…]}]}`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub files: &'a [FileReport],
}

/// Renders one diagnostic as a code frame over `text`.
pub fn human(path: &str, text: &str, d: &Diagnostic) -> String {
    let mut out = format!("{}[{}]: {}\n", d.severity, d.rule, d.message);
    let gutter = d.line.to_string().len();
    let pad = " ".repeat(gutter);
    out += &format!("{pad}--> {path}:{}:{}\n", d.line, d.column);
    if !text.is_empty() {
        let index = LineIndex::new(text);
        let line = index.line_text(d.line);
        // Very long lines (base64 images) are cut around the column.
        let (shown, caret_col) = window(line, d.column);
        out += &format!(
            "{pad} |\n{} | {}\n{pad} | {}^\n",
            d.line,
            shown,
            " ".repeat(caret_col)
        );
    }
    if !d.pointer.is_empty() {
        out += &format!("{pad} = at: {}\n", d.pointer);
    }
    if !d.help.is_empty() {
        out += &format!("{pad} = help: {}\n", d.help);
    }
    out
}

/// At most ~100 characters of `line` around 1-based `column`; returns the text and the caret offset.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(40);
    let end = (start + 100).min(chars.len());
    let mut shown: String = chars[start..end]
        .iter()
        .map(|&c| if c == '\t' { ' ' } else { c })
        .collect();
    let mut caret = col - start;
    if start > 0 {
        shown = format!("…{shown}");
        caret += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// `N errors, M warnings` summary line.
pub fn summary(files: &[FileReport]) -> String {
    let count = |s: Severity| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} checked: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
