//! `flowgen update [DIR]`: regenerate a project after a template or parameter change, keeping the
//! owner's edits (see `project::update` for the per-file plan and `project::merge` for the merges).
//! Prints each file's outcome (`--format json`: one object, documented in the README), then writes
//! every change or none. Exit 0 done or up to date, 1 conflicts / validation errors / `--check`
//! found work, 2 usage or unreadable input.

use serde::Serialize;

use crate::cli::{Format, UpdateArgs};
use crate::error::{Error, Result, EXIT_FAILED, EXIT_OK};
use crate::lint::{self, Diagnostic};
use crate::project::update::{self, FileOutcome, Outcome, Request, UpdatePlan};
use crate::project::write;

/// The `--format json` document.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    project: String,
    use_case: &'a str,
    template_version: Versions,
    /// `update`, `dry-run` or `check`.
    mode: &'a str,
    /// Whether the project was changed on disk.
    written: bool,
    /// How many writes and removals the update makes (including `.flowgen/`).
    changes: usize,
    files: &'a [FileOutcome],
    conflicts: Vec<&'a str>,
    diagnostics: &'a [Diagnostic],
    exit: u8,
}

#[derive(Debug, Serialize)]
struct Versions {
    from: u64,
    to: u64,
}

pub fn run(args: &UpdateArgs) -> Result<u8> {
    let request = Request {
        sets: &args.set,
        preset: args.preset.as_deref(),
        templates: args.templates.as_deref(),
    };
    let plan = update::plan(&args.dir, &request)?;
    let conflicts = plan.conflicted().len();
    let lint_errors = plan.lint_errors();
    let blocked = lint_errors > 0 && !args.force;
    let mode = if args.check {
        "check"
    } else if args.dry_run {
        "dry-run"
    } else {
        "update"
    };
    let write = mode == "update" && !blocked && !plan.changes.is_empty();
    if write {
        write::apply_all(&args.dir, &plan.changes)?;
    }
    let code = if mode == "check" {
        if plan.changes.is_empty() && conflicts == 0 {
            EXIT_OK
        } else {
            EXIT_FAILED
        }
    } else if conflicts > 0 || lint_errors > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    };
    match args.format {
        Format::Json => {
            let report = JsonReport {
                project: args.dir.display().to_string(),
                use_case: &plan.use_case,
                template_version: Versions {
                    from: plan.from_version,
                    to: plan.to_version,
                },
                mode,
                written: write,
                changes: plan.changes.len(),
                files: &plan.files,
                conflicts: plan.conflicted().iter().map(|f| f.path.as_str()).collect(),
                diagnostics: &plan.diagnostics,
                exit: code,
            };
            let json = serde_json::to_string(&report).map_err(|e| Error::usage(e.to_string()))?;
            crate::say!("{json}");
        }
        Format::Human => crate::say_raw!("{}", human(args, &plan, mode, write)),
    }
    Ok(code)
}

fn human(args: &UpdateArgs, plan: &UpdatePlan, mode: &str, written: bool) -> String {
    let dir = args.dir.display().to_string();
    let mut out = format!(
        "{}: {} templates v{} -> v{}{}\n",
        dir,
        plan.use_case,
        plan.from_version,
        plan.to_version,
        match mode {
            "check" => " (check: nothing written)",
            "dry-run" => " (dry run: nothing written)",
            _ => "",
        }
    );
    let mut unchanged = 0;
    for f in &plan.files {
        if f.outcome == Outcome::Unchanged {
            unchanged += 1;
            continue;
        }
        let mut note = String::new();
        if f.conflicts > 0 {
            note = format!("  ({} conflict(s))", f.conflicts);
        } else if f.outcome == Outcome::KeptEdited {
            note = "  (dropped by the templates; kept because you edited it)".into();
        } else if f.outcome == Outcome::KeptDeleted {
            note = "  (you deleted it; it stays deleted)".into();
        } else if f.outcome == Outcome::Pending {
            note = "  (re-derived once flow.json's conflicts are resolved)".into();
        } else if f.derived {
            note = "  (re-derived from flow.json and the answers)".into();
        }
        out += &format!("  {:<13} {}{note}\n", f.outcome.word(), f.path);
    }
    if unchanged > 0 {
        out += &format!("  ({unchanged} file(s) unchanged)\n");
    }
    if mode == "dry-run" {
        for f in plan.files.iter().filter(|f| f.before != f.after) {
            let before = f.before.as_deref().unwrap_or("");
            let after = f.after.as_deref().unwrap_or("");
            let diff = similar::TextDiff::from_lines(before, after);
            out += &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{}", f.path), &format!("b/{}", f.path))
                .to_string();
        }
    }
    let flow_label = format!("{}/flow.json", dir.trim_end_matches('/'));
    for d in &plan.diagnostics {
        out += &lint::report::human(&flow_label, &plan.flow_text, d);
        out.push('\n');
    }
    let conflicted = plan.conflicted();
    let errors = plan.lint_errors();
    out += &if mode == "check" {
        if plan.changes.is_empty() && conflicted.is_empty() {
            format!("{dir} is what `flowgen update` produces: up to date\n")
        } else {
            format!(
                "{dir} is not what `flowgen update` would produce ({} change(s)): run `flowgen update {dir}`\n",
                plan.changes.len()
            )
        }
    } else if !conflicted.is_empty() {
        let list: Vec<&str> = conflicted.iter().map(|f| f.path.as_str()).collect();
        let (base, theirs) = (&plan.labels.base, &plan.labels.theirs);
        format!(
            "{} file(s) {} conflicts: {}\n\
             Each is marked `<<<<<<< yours` (your version), `||||||| {base}` (what the templates \
             generated last time), `=======`, then `>>>>>>> {theirs}` (the new render). Keep what you \
             want, delete the markers, then run `flowgen update {dir}` again (it re-derives \
             contract.json and config.json) and `flowgen validate {dir}`. Validation waits \
             until the conflicts are resolved.\n",
            list.len(),
            if written { "written with" } else { "would have" },
            list.join(", ")
        )
    } else if errors > 0 && !args.force {
        format!(
            "the merged {flow_label} has {errors} error(s): nothing written. Fix them in flow.json and \
             run `flowgen update {dir}` again, or pass --force to write the update anyway\n"
        )
    } else if plan.changes.is_empty() {
        format!("{dir} is up to date: nothing to do\n")
    } else if written {
        format!(
            "updated {dir} ({} change(s)); validate with `flowgen validate {dir}`{}\n",
            plan.changes.len(),
            if errors > 0 {
                " (written despite errors: --force)"
            } else {
                ""
            }
        )
    } else {
        format!("{} change(s) would be written\n", plan.changes.len())
    };
    out
}
