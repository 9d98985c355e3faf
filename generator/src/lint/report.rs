//! Prints lint results in each `--format`: code frames for people (`human`, drawn by
//! [`super::human`]), one JSON object for scripts, GitHub Actions annotations, and SARIF 2.1.0
//! for code scanning. The machine shapes are documented here and in the README; they only grow.

use serde::Serialize;
use serde_json::{json, Value};

use super::{registry, Diagnostic, Options, Severity};
use crate::flow::source::Source;

/// One checked file, ready to print: the path as the user should read it, the text the findings
/// point into (empty when there is none), and the findings in order.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    pub text: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// An input that could not be read: the path as given and why. Never a finding: it makes
/// `validate` exit 2, and the machine formats list it beside the findings.
#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
}

/// Renders one finding as a plain (uncoloured) code frame over `text`, for messages that embed
/// it (e.g. a template whose output fails the linter).
pub fn human(path: &str, text: &str, d: &Diagnostic) -> String {
    super::human::render(path, text, d, false)
}

/// `--format human`: a code frame per finding, a blank line between them, then the summary.
pub fn human_report(files: &[FileReport], styled: bool) -> String {
    let mut out = String::new();
    for f in files {
        let text = f.text.as_str();
        for d in &f.diagnostics {
            out += &super::human::render(&f.path, text, d, styled);
            out.push('\n');
        }
    }
    out += &summary(files);
    out.push('\n');
    out
}

/// Error and warning counts over all files.
pub fn counts(files: &[FileReport]) -> (usize, usize) {
    let count = |s: Severity| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    (count(Severity::Error), count(Severity::Warning))
}

/// `N files checked: M errors, K warnings`.
pub fn summary(files: &[FileReport]) -> String {
    let (errors, warnings) = counts(files);
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} checked: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// `--format json`, one object:
/// `{"files":[{"path","diagnostics":[{"rule","severity","pointer","line","column","end_column",
/// "message","help","related":[{"line","column","end_column","label"}]}]}],
/// "unreadable":[{"path","reason"}],"summary":{"files","errors","warnings"}}`. Lines and columns
/// are 1-based, columns count characters; `end_column` is just past the span, on the same line.
pub fn json(files: &[FileReport], unreadable: &[Unreadable]) -> String {
    #[derive(Serialize)]
    struct Related<'a> {
        line: usize,
        column: usize,
        end_column: usize,
        label: &'a str,
    }
    #[derive(Serialize)]
    struct Finding<'a> {
        rule: &'a str,
        severity: Severity,
        pointer: &'a str,
        line: usize,
        column: usize,
        end_column: usize,
        message: &'a str,
        help: &'a str,
        related: Vec<Related<'a>>,
    }
    #[derive(Serialize)]
    struct File<'a> {
        path: &'a str,
        diagnostics: Vec<Finding<'a>>,
    }
    let out: Vec<File> = files
        .iter()
        .map(|f| File {
            path: &f.path,
            diagnostics: f
                .diagnostics
                .iter()
                .map(|d| Finding {
                    rule: d.rule,
                    severity: d.severity,
                    pointer: &d.pointer,
                    line: d.line,
                    column: d.column,
                    end_column: d.end_column.max(d.column),
                    message: &d.message,
                    help: &d.help,
                    related: d
                        .related
                        .iter()
                        .map(|r| Related {
                            line: r.line,
                            column: r.column,
                            end_column: r.end_column.max(r.column),
                            label: &r.label,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let (errors, warnings) = counts(files);
    json!({
        "files": out,
        "unreadable": unreadable,
        "summary": { "files": files.len(), "errors": errors, "warnings": warnings },
    })
    .to_string()
}

/// `--format github`: one workflow command per finding, which GitHub Actions shows as an
/// annotation on the file and line (`::error file=…,line=…,col=…,endColumn=…,title=RULE::…`).
pub fn github(files: &[FileReport], unreadable: &[Unreadable]) -> String {
    let mut out = String::new();
    for u in unreadable {
        out += &format!(
            "::error file={},title=unreadable input::{}\n",
            escape_property(&u.path),
            escape_data(&u.reason)
        );
    }
    for f in files {
        for d in &f.diagnostics {
            let mut props = format!("file={}", escape_property(&f.path));
            if d.line > 0 {
                props += &format!(",line={},col={}", d.line, d.column);
                if d.end_column > d.column {
                    props += &format!(",endColumn={}", d.end_column);
                }
            }
            props += &format!(",title={}", escape_property(d.rule));
            let mut message = d.message.clone();
            if !d.pointer.is_empty() {
                message += &format!("\nat: {}", d.pointer);
            }
            if !d.help.is_empty() {
                message += &format!("\nhelp: {}", d.help);
            }
            out += &format!("::{} {props}::{}\n", d.severity, escape_data(&message));
        }
    }
    out
}

/// Workflow command message text: `%`, CR and LF are percent-encoded.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow command property values: as message text, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `--format sarif`: a SARIF 2.1.0 log for code scanning. One run; `tool.driver.rules` lists
/// every rule (id, name, summary, explanation, how to fix, default level) so `ruleIndex` is
/// stable; each result has the file and region (columns in Unicode code points) and the JSON
/// pointer as a logical location; secondary spans are `relatedLocations`. Unreadable inputs are
/// error notifications of the invocation, which then is not `executionSuccessful`.
pub fn sarif(files: &[FileReport], unreadable: &[Unreadable]) -> String {
    let rules: Vec<&super::Rule> = registry::all().collect();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": friendly_name(r.id),
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explain },
                "help": {
                    "text": format!("How to fix: {}\n\n`flowgen rules {}` shows a valid and an invalid example.", r.help, r.id),
                },
                "defaultConfiguration": {
                    "level": r.severity(None, &Options::default()).to_string(),
                },
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        let uri = sarif_uri(&f.path);
        let location = |line: usize, column: usize, end_column: usize| {
            let mut physical = json!({ "artifactLocation": { "uri": uri } });
            if line > 0 {
                physical["region"] = json!({
                    "startLine": line,
                    "startColumn": column,
                    "endLine": line,
                    "endColumn": end_column.max(column),
                });
            }
            if !uri.contains(':') {
                physical["artifactLocation"]["uriBaseId"] = json!("%SRCROOT%");
            }
            physical
        };
        for d in &f.diagnostics {
            let mut message = d.message.clone();
            if !d.help.is_empty() {
                message += &format!("\nhelp: {}", d.help);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": d.severity.to_string(),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": location(d.line, d.column, d.end_column),
                }],
            });
            if let Some(index) = rules.iter().position(|r| r.id == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if !d.pointer.is_empty() {
                result["locations"][0]["logicalLocations"] =
                    json!([{ "fullyQualifiedName": d.pointer, "kind": "element" }]);
            }
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i + 1,
                            "physicalLocation": location(r.line, r.column, r.end_column),
                            "message": { "text": r.label },
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|u| {
            json!({
                "level": "error",
                "message": { "text": format!("{}: {}", u.path, u.reason) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": sarif_uri(&u.path) } } }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "flowgen",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": unreadable.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// The Pascal-case name SARIF viewers show for a rule: `FJ-DOC-DUPLICATE-KEY` → `DocDuplicateKey`.
fn friendly_name(id: &str) -> String {
    id.split('-')
        .skip(1)
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .chain(chars.flat_map(char::to_lowercase))
        })
        .collect()
}

/// A path as a SARIF artifact URI: forward slashes, percent-encoded; absolute paths as `file://`.
fn sarif_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out += "file://";
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out += &format!("%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_what_workflow_commands_reserve() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }

    #[test]
    fn sarif_rule_names_are_pascal_case() {
        assert_eq!(friendly_name("FJ-DOC-DUPLICATE-KEY"), "DocDuplicateKey");
        assert_eq!(friendly_name("FJ-FOOTER-FORM-PRE4"), "FooterFormPre4");
    }

    #[test]
    fn sarif_uris_are_percent_encoded() {
        assert_eq!(sarif_uri("my flows/flow.json"), "my%20flows/flow.json");
        assert_eq!(sarif_uri("/abs/f.json"), "file:///abs/f.json");
    }
}
