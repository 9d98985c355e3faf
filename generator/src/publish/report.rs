//! What a `publish` run did and found: each call (sent, or held back by `--dry-run`) and why,
//! Meta's findings, the missing items, the Flow's id and status. Printed as the human summary, or
//! whole as the `--format json` object.

use serde::Serialize;

use super::readiness::Missing;
use super::validation::MetaFinding;
use crate::lint::Diagnostic;

/// One call made (or, in a dry run, planned) and why.
#[derive(Debug, Clone, Serialize)]
pub struct StepRecord {
    pub method: &'static str,
    pub path: String,
    pub why: String,
    /// False for a call `--dry-run` held back (or one that needs a token that is not set).
    pub sent: bool,
}

/// Everything a run did and found: printed at the end, or as the `--format json` object.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub ok: bool,
    pub dry_run: bool,
    pub env: String,
    pub waba_id: String,
    pub flow_file: String,
    pub state_file: String,
    pub sha256: String,
    pub flow_id: Option<String>,
    pub name: String,
    pub status: Option<String>,
    pub predecessors: Vec<String>,
    pub uploaded: bool,
    pub published: bool,
    pub preview_url: Option<String>,
    pub preview_expires_at: Option<String>,
    pub steps: Vec<StepRecord>,
    pub lint: Vec<Diagnostic>,
    pub validation_errors: Vec<MetaFinding>,
    pub missing: Vec<Missing>,
    pub notes: Vec<String>,
    pub error: Option<String>,
}

/// Prints the end of a human run: where the Flow is, or why the run stopped.
pub fn human_summary(report: &Report) -> String {
    let mut s = String::new();
    if report.flow_id.is_none() && report.dry_run && !report.name.is_empty() {
        s += &format!(
            "a new Flow {:?} would be created (env {})",
            report.name, report.env
        );
    }
    if let Some(id) = &report.flow_id {
        s += &format!(
            "Flow {id} {:?}: {}{} (env {}, recorded in {})",
            report.name,
            report.status.as_deref().unwrap_or("status unknown"),
            if report.predecessors.is_empty() {
                String::new()
            } else {
                format!(", replaces {}", report.predecessors.join(", "))
            },
            report.env,
            report.state_file
        );
    }
    if report.dry_run {
        let held = report.steps.iter().filter(|s| !s.sent).count();
        if !s.is_empty() {
            s.push('\n');
        }
        s += &format!("dry run: {held} call(s) not sent, nothing changed on Meta or on disk");
    } else if report.ok && !report.uploaded && !report.published {
        let changes = report
            .steps
            .iter()
            .filter(|st| st.sent && st.method != "GET")
            .count();
        if changes == 0 {
            s += "\nnothing changed: no call that changes anything was made";
        }
    }
    s
}
