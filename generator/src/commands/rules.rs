//! `flowgen rules [ID]`: list every lint rule, or explain one with its valid and invalid examples.
//!
//! `--format json`: the list is `[{"id","severity","default_severity","versions","summary"}]`;
//! one rule is `{"id","severity","default_severity","versions","summary","explain","help",
//! "invalid_example","valid_example"}`. `severity` is the level as `flowgen rules` prints it
//! ("warning (error with --for-publish)"), `default_severity` is `error` or `warning` (without
//! `--for-publish`); the examples are Flow JSON text, or null.

use include_dir::{include_dir, Dir};
use serde::Serialize;

use crate::cli::{Format, RulesArgs};
use crate::error::{Error, Result, EXIT_OK};
use crate::lint::{registry, Options, Rule, Severity};

/// The rule fixtures (`fixtures/rules/<ID>/{valid,invalid}.json`): tests and explanations share them.
pub static FIXTURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/rules");

/// A rule's example of the given kind (`valid` or `invalid`).
pub fn example(rule: &Rule, kind: &str) -> Option<&'static str> {
    FIXTURES
        .get_file(format!("{}/{kind}.json", rule.id))
        .and_then(|f| f.contents_utf8())
}

#[derive(Serialize)]
struct Row {
    id: &'static str,
    severity: String,
    /// `error` or `warning`: the severity of its findings without `--for-publish`.
    default_severity: Severity,
    versions: String,
    summary: &'static str,
}

pub fn run(args: &RulesArgs) -> Result<u8> {
    match &args.id {
        None => {
            let rows: Vec<Row> = registry::all()
                .map(|r| Row {
                    id: r.id,
                    severity: r.level_label(),
                    default_severity: r.severity(None, &Options::default()),
                    versions: r.versions.to_string(),
                    summary: r.summary,
                })
                .collect();
            if args.format == Format::Json {
                crate::say!("{}", serde_json::to_string(&rows).unwrap_or_default());
            } else {
                let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
                for r in &rows {
                    crate::say!(
                        "{:width$}  {:8}  {:7}  {}",
                        r.id,
                        short(&r.severity),
                        r.versions,
                        r.summary
                    );
                }
                crate::say!("\n{} rules. `flowgen rules ID` explains one.", rows.len());
            }
        }
        Some(id) => {
            let rule = registry::find(id).ok_or_else(|| {
                let hint = registry::closest(id)
                    .map(|c| format!(" (did you mean {c}?)"))
                    .unwrap_or_default();
                Error::usage(format!("no rule {id:?}{hint}; `flowgen rules` lists them"))
            })?;
            if args.format == Format::Json {
                let json = serde_json::json!({
                    "id": rule.id,
                    "severity": rule.level_label(),
                    "default_severity": rule.severity(None, &Options::default()),
                    "versions": rule.versions.to_string(),
                    "summary": rule.summary,
                    "explain": rule.explain,
                    "help": rule.help,
                    "invalid_example": example(rule, "invalid"),
                    "valid_example": example(rule, "valid"),
                });
                crate::say!("{json}");
                return Ok(EXIT_OK);
            }
            crate::say!(
                "{}  ({}; versions {})\n",
                rule.id,
                rule.level_label(),
                rule.versions
            );
            crate::say!(
                "{}\n\n{}\n\nHow to fix: {}",
                rule.summary,
                rule.explain,
                rule.help
            );
            for (kind, title) in [("invalid", "Invalid example"), ("valid", "Valid example")] {
                if let Some(text) = example(rule, kind) {
                    crate::say!("\n{title}:\n{}", text.trim_end());
                }
            }
        }
    }
    Ok(EXIT_OK)
}

fn short(label: &str) -> &str {
    label.split(' ').next().unwrap_or(label)
}
