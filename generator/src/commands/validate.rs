//! `flowgen validate PATH...`: lint Flow JSON files, every Flow JSON file below a directory (as
//! ruff does), or standard input, and report in the chosen `--format`.
//!
//! Exit status, one meaning each: 0 no failing finding; 1 at least one error finding (a file that
//! is not JSON, or not UTF-8, is an FJ-DOC-JSON-OBJECT finding like any other), or a warning
//! under `--deny-warnings`; 2 a usage error or an input that could not be read (a missing path,
//! a directory without Flow JSON files). Unreadable inputs are plain `error:` lines on stderr
//! naming the path, never findings at 0:0; the other inputs are still checked and reported.

use std::io::{IsTerminal as _, Read, Write as _};
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::cli::{LintFormat, ValidateArgs};
use crate::error::{Error, Result, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::flow::source::{NotUtf8, Source};
use crate::flow::Version;
use crate::lint::report::{self, FileReport, Unreadable};
use crate::lint::{self, registry, Diagnostic, Options, Outcome, Severity};

pub fn run(args: &ValidateArgs) -> Result<u8> {
    let options = Options {
        flow_version: args.flow_version.map(|v| v.0),
        for_publish: args.for_publish,
    };
    let filter = RuleFilter::new(&args.select, &args.ignore)?;
    let mut problems = Vec::new();
    let checks = plan(&args.paths, &mut problems);
    let mut reports = Vec::new();
    for check in checks {
        match check {
            Check::Flow(path) => match read(&path) {
                Ok(Input::Text(text)) => {
                    let diagnostics = match lint::check(&text, &options) {
                        Outcome::Checked(found) => {
                            found.into_iter().filter(|d| filter.keeps(d.rule)).collect()
                        }
                        // A file that is not JSON is never filtered away: nothing else was checked.
                        Outcome::Unreadable(d) => vec![d],
                    };
                    reports.push(FileReport {
                        path: display_path(&path),
                        text,
                        diagnostics,
                    });
                }
                Ok(Input::NotUtf8 { valid_prefix, d }) => reports.push(FileReport {
                    path: display_path(&path),
                    text: valid_prefix.into(),
                    diagnostics: vec![d],
                }),
                Err(problem) => problems.push(problem),
            },
            Check::Project(dir) => {
                for f in crate::project::derived::check(&dir) {
                    if filter.keeps(f.diagnostic.rule) {
                        reports.push(FileReport {
                            path: display_path(&f.path),
                            text: f.text.into(),
                            diagnostics: vec![f.diagnostic],
                        });
                    }
                }
            }
        }
    }
    print(args.format, &reports, &problems);
    for p in &problems {
        crate::error::eprint(&format!("{}: {}", p.path, p.reason));
    }
    let fails = |d: &Diagnostic| d.severity == Severity::Error || args.deny_warnings;
    Ok(if !problems.is_empty() {
        EXIT_USAGE
    } else if reports.iter().flat_map(|r| &r.diagnostics).any(fails) {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

fn print(format: LintFormat, reports: &[FileReport], unreadable: &[Unreadable]) {
    let out = match format {
        LintFormat::Json => report::json(reports, unreadable) + "\n",
        LintFormat::Github => report::github(reports, unreadable),
        LintFormat::Sarif => report::sarif(reports, unreadable) + "\n",
        // Nothing was read (every path was a problem): the error lines say it all.
        LintFormat::Human if reports.is_empty() => String::new(),
        LintFormat::Human => {
            let stdout = std::io::stdout();
            let styled = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
            report::human_report(reports, styled)
        }
    };
    // A closed stdout (`| head`) is not an error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}

/// Parses a `--flow-version` given as text (e.g. from a preset); unknown versions are a usage
/// error listing the known ones. The flag itself is parsed by clap (`cli::FlowVersion`).
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

/// `--select` and `--ignore`: rule ids or id prefixes at a `-` boundary (`FJ-ROUTE` is every
/// FJ-ROUTE-* rule), case-insensitive. `--ignore` wins.
struct RuleFilter {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl RuleFilter {
    fn new(select: &[String], ignore: &[String]) -> Result<RuleFilter> {
        let check = |flag: &str, list: &[String]| -> Result<Vec<String>> {
            let mut out = Vec::new();
            for raw in list {
                let id = raw.trim().to_ascii_uppercase();
                if id.is_empty() {
                    continue;
                }
                if !registry::all().any(|r| covers(&id, r.id)) {
                    let hint = registry::closest(&id)
                        .map(|c| format!(" (did you mean {c}?)"))
                        .unwrap_or_default();
                    return Err(Error::usage(format!(
                        "{flag} {raw}: no rule has this id or id prefix{hint}; `flowgen rules` lists them"
                    )));
                }
                out.push(id);
            }
            Ok(out)
        };
        Ok(RuleFilter {
            select: check("--select", select)?,
            ignore: check("--ignore", ignore)?,
        })
    }

    fn keeps(&self, rule: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| covers(p, rule)))
            && !self.ignore.iter().any(|p| covers(p, rule))
    }
}

/// True when `pattern` (upper case) is `id` or a prefix of it ending at a `-`.
fn covers(pattern: &str, id: &str) -> bool {
    id == pattern
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('-') || pattern.ends_with('-'))
}

/// One thing `validate` checks.
#[derive(Debug, PartialEq, Eq)]
enum Check {
    /// A Flow JSON file, or `-` for standard input.
    Flow(String),
    /// A generated project's directory: its derived files must match its flow.json and answers.
    Project(PathBuf),
}

/// Folders a directory walk never enters: dependencies, build output, flowgen's own pristine
/// copies, version control, Python environments.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    ".flowgen",
    ".git",
    ".venv",
    "venv",
    "__pycache__",
];

/// JSON files that are never Flow JSON, whatever they hold: package manifests, and the data files
/// of the endpoint stubs (contract.json has `screens` too).
const NOT_FLOW_JSON: &[&str] = &[
    "package.json",
    "package-lock.json",
    "composer.json",
    "manifest.json",
    "tsconfig.json",
    "jsconfig.json",
    "contract.json",
    "config.json",
];

/// What to check for the paths given: files (and `-`) as they are, each directory walked in
/// sorted order. A path that does not exist, or a directory without anything to check, is a
/// problem (exit 2) named in `problems`.
fn plan(paths: &[String], problems: &mut Vec<Unreadable>) -> Vec<Check> {
    let mut checks = Vec::new();
    for path in paths {
        let p = Path::new(path);
        if path == "-" || p.is_file() {
            checks.push(Check::Flow(path.clone()));
        } else if p.is_dir() {
            let before = checks.len();
            walk(p, &mut checks, problems);
            if checks.len() == before {
                problems.push(Unreadable {
                    path: path.clone(),
                    reason: "no Flow JSON file in this directory (a Flow JSON file is a *.json whose top-level object has `screens`, or a Flow JSON `version` such as \"7.3\"); name a file to check it anyway".into(),
                });
            }
        } else {
            let reason = if p.exists() {
                "not a file or directory"
            } else {
                "no such file or directory"
            };
            problems.push(Unreadable {
                path: path.clone(),
                reason: reason.into(),
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    checks.retain(|c| match c {
        Check::Flow(p) => seen.insert(p.clone()),
        Check::Project(d) => seen.insert(d.display().to_string()),
    });
    checks
}

/// Walks `root`, grouping files by directory, and asks [`checks_in_directory`] for each.
fn walk(root: &Path, checks: &mut Vec<Check>, problems: &mut Vec<Unreadable>) {
    // Each directory's files first, then its subdirectories, so a directory's files come together.
    let walker = walkdir::WalkDir::new(root)
        .sort_by(|a, b| {
            (a.file_type().is_dir(), a.file_name()).cmp(&(b.file_type().is_dir(), b.file_name()))
        })
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    let mut dir: Option<PathBuf> = None;
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map_or(root.display().to_string(), |p| p.display().to_string());
                let reason = e.io_error().map_or(e.to_string(), io_reason);
                problems.push(Unreadable { path: at, reason });
                continue;
            }
        };
        // Files, and symbolic links to files (links to folders are not followed).
        if !(entry.file_type().is_file() || entry.path_is_symlink() && entry.path().is_file()) {
            continue;
        }
        let parent = entry.path().parent().map(Path::to_path_buf);
        if parent != dir {
            if let Some(d) = dir.take() {
                checks.extend(checks_in_directory(&d, &files));
            }
            files.clear();
            dir = parent;
        }
        files.push(entry.into_path());
    }
    if let Some(d) = dir {
        checks.extend(checks_in_directory(&d, &files));
    }
}

/// What to check in one directory met by the walk (the root included), given its files (sorted
/// by name, all of them together): the Flow JSON files among them, and for a generated project
/// (`.flowgen/answers.yaml`) its derived files (see `project::derived`).
fn checks_in_directory(dir: &Path, files: &[PathBuf]) -> Vec<Check> {
    let mut checks: Vec<Check> = files
        .iter()
        .filter(|f| is_flow_json(f))
        .map(|f| Check::Flow(f.display().to_string()))
        .collect();
    if crate::project::answers::is_project(dir) {
        checks.push(Check::Project(dir.to_path_buf()));
    }
    checks
}

/// A `*.json` file, not one of [`NOT_FLOW_JSON`], whose top-level object has a `screens` key or
/// a `version` that is a known Flow JSON version ("7.3", not a package's "1.0"). A file that is not JSON counts when it mentions `"screens"`,
/// so a broken Flow is reported rather than skipped.
fn is_flow_json(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !name.ends_with(".json") || NOT_FLOW_JSON.contains(&name) {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable or not UTF-8: let the check say so, if it looks like a Flow at all.
        return std::fs::read(path)
            .map(|b| memchr::memmem::find(&b, b"\"screens\"").is_some())
            .unwrap_or(true);
    };
    #[derive(Deserialize)]
    struct Probe {
        screens: Option<IgnoredAny>,
        version: Option<serde_json::Value>,
    }
    match serde_json::from_str::<Probe>(&text) {
        Ok(probe) => {
            probe.screens.is_some()
                || probe
                    .version
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .and_then(Version::parse)
                    .is_some_and(|v| v.is_known())
        }
        Err(_) => text.contains("\"screens\""),
    }
}

/// How a path is shown in reports: `<stdin>` for `-`, without a leading `./`.
fn display_path(path: &str) -> String {
    if path == "-" {
        "<stdin>".into()
    } else {
        path.strip_prefix("./").unwrap_or(path).into()
    }
}

/// What reading an input gave.
enum Input {
    Text(Source),
    /// Not UTF-8: the finding at the first bad byte, over the text before it.
    NotUtf8 {
        valid_prefix: String,
        d: Diagnostic,
    },
}

/// Reads a file or stdin. `Err` names the path and why (exit 2).
fn read(path: &str) -> std::result::Result<Input, Unreadable> {
    let result = if path == "-" {
        if std::io::stdin().is_terminal() {
            eprintln!("note: reading Flow JSON from standard input (end with Ctrl-D)");
        }
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| Source::from_bytes(bytes))
    } else {
        Source::read(Path::new(path))
    };
    let read = result.map_err(|e| Unreadable {
        path: display_path(path),
        reason: io_reason(&e),
    })?;
    match read {
        Ok(text) => Ok(Input::Text(text)),
        Err(NotUtf8 {
            valid_up_to: offset,
            valid_prefix,
        }) => {
            let index = crate::flow::json::LineIndex::new(&valid_prefix);
            let (line, column) = index.line_col(offset as u32);
            let d = Diagnostic {
                rule: "FJ-DOC-JSON-OBJECT",
                severity: Severity::Error,
                pointer: String::new(),
                line,
                column,
                message: format!("not UTF-8: byte {offset} starts an invalid sequence"),
                help: "save the file as UTF-8 (Flow JSON is UTF-8 text)".into(),
                end_column: column,
                span: offset..offset,
                related: Vec::new(),
            };
            Ok(Input::NotUtf8 { valid_prefix, d })
        }
    }
}

/// An I/O error in words, without Rust's "(os error 2)".
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_cover_at_dash_boundaries() {
        assert!(covers("FJ-ROUTE", "FJ-ROUTE-SELF-LOOP"));
        assert!(covers("FJ-ROUTE-SELF-LOOP", "FJ-ROUTE-SELF-LOOP"));
        assert!(!covers("FJ-ROU", "FJ-ROUTE-SELF-LOOP"));
    }

    #[test]
    fn unknown_rule_ids_are_usage_errors_with_a_suggestion() {
        let Err(e) = RuleFilter::new(&[], &["FJ-ROUTE-SELF-LOPO".into()]) else {
            panic!("accepted")
        };
        assert!(
            e.to_string().contains("did you mean FJ-ROUTE-SELF-LOOP?"),
            "{e}"
        );
        assert_eq!(e.exit_code(), EXIT_USAGE);
    }
}
