//! `flowgen validate`: lint files (or stdin) and print a code frame per finding, or one JSON object.

use std::io::Read;

use crate::cli::{Format, ValidateArgs};
use crate::error::{Error, Result, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::flow::Version;
use crate::lint::report::{self, FileReport, JsonReport};
use crate::lint::{self, Diagnostic, Options, Outcome, Severity};

pub fn run(args: &ValidateArgs) -> Result<u8> {
    let options = Options {
        flow_version: parse_version_flag(args.flow_version.as_deref())?,
        for_publish: args.for_publish,
    };
    let mut reports = Vec::new();
    let mut texts = Vec::new();
    let mut unreadable = false;
    for arg in &args.files {
        // A generated project's directory: its flow.json, then its derived files (see below).
        let project = std::path::Path::new(arg);
        let flow_in_project = project
            .is_dir()
            .then(|| project.join("flow.json").display().to_string());
        let path = flow_in_project.as_ref().unwrap_or(arg);
        let (text, outcome) = match read(path) {
            Ok(text) => {
                let outcome = lint::check(&text, &options);
                (text, outcome)
            }
            Err(message) => (String::new(), Outcome::Unreadable(input_problem(message))),
        };
        unreadable |= matches!(outcome, Outcome::Unreadable(_));
        let diagnostics = match outcome {
            Outcome::Checked(d) => d,
            Outcome::Unreadable(d) => vec![d],
        };
        reports.push(FileReport {
            path: display_path(path),
            diagnostics,
        });
        texts.push(text);
        if project.is_dir() {
            derived_files(project, &mut reports, &mut texts);
        }
    }
    match args.format {
        Format::Json => {
            let json = serde_json::to_string(&JsonReport { files: &reports })
                .map_err(|e| Error::usage(e.to_string()))?;
            crate::say!("{json}");
        }
        Format::Human => {
            let mut out = String::new();
            for (report, text) in reports.iter().zip(&texts) {
                for d in &report.diagnostics {
                    out += &report::human(&report.path, text, d);
                    out.push('\n');
                }
            }
            out += &report::summary(&reports);
            crate::say!("{out}");
        }
    }
    let any_error = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(if unreadable {
        EXIT_USAGE
    } else if any_error {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// The derived files of a generated project (`endpoint/*/contract.json`, `config.json`) must be
/// what its flow.json and answers produce; each stale one is reported as an error.
fn derived_files(
    project: &std::path::Path,
    reports: &mut Vec<FileReport>,
    texts: &mut Vec<String>,
) {
    for f in crate::project::derived::check(project) {
        reports.push(FileReport {
            path: f.path,
            diagnostics: vec![f.diagnostic],
        });
        texts.push(f.text);
    }
}

/// Parses `--flow-version`; unknown versions are a usage error.
pub fn parse_version_flag(flag: Option<&str>) -> Result<Option<Version>> {
    let Some(text) = flag else { return Ok(None) };
    match Version::parse(text).filter(|v| v.is_known()) {
        Some(v) => Ok(Some(v)),
        None => {
            let known: Vec<String> = crate::flow::version::KNOWN
                .iter()
                .map(|v| v.to_string())
                .collect();
            Err(Error::usage(format!(
                "--flow-version {text:?} is not a Flow JSON version; use one of {}",
                known.join(", ")
            )))
        }
    }
}

fn display_path(path: &str) -> String {
    if path == "-" {
        "<stdin>".into()
    } else {
        path.into()
    }
}

fn input_problem(message: String) -> Diagnostic {
    Diagnostic {
        rule: "FJ-DOC-JSON-OBJECT",
        severity: Severity::Error,
        pointer: String::new(),
        line: 0,
        column: 0,
        message,
        help: "pass a readable UTF-8 Flow JSON file, or - for standard input".into(),
    }
}

/// Reads a file or stdin as UTF-8; the error says what went wrong and where.
fn read(path: &str) -> std::result::Result<String, String> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    result.map_err(|e| format!("cannot read {}: {e}", display_path(path)))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!(
            "{} is not valid UTF-8 (byte {offset}, line {line}, column {column}); save it as UTF-8",
            display_path(path)
        )
    })
}
