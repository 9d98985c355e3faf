//! `flowgen update`: what regenerating a project would do to each file, and doing it.
//!
//! Three inputs per file: the base (`.flowgen/base/`, the pristine files of the last generation),
//! the owner's current file, and the new render (current templates, the recorded answers and any
//! overrides, through [`generate::Pipeline`]). Each file gets one [`Outcome`]; the derived files
//! (`endpoint/*/contract.json`, `endpoint/*/config.json`) are re-derived from the merged flow.json
//! and the new answers, never merged. [`plan`] computes everything and writes nothing; the caller
//! applies [`UpdatePlan::changes`] with [`write::apply_all`] (all or nothing), which also moves
//! `.flowgen/answers.yaml` and `.flowgen/base/` to the new state.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::answers::Answers;
use super::merge::{self, Labels};
use super::write::Change;
use super::{ANSWERS, BASE_DIR};
use crate::catalog::Catalog;
use crate::contract::Contract;
use crate::endpoint::stub;
use crate::error::{Error, Result};
use crate::flow::{Flow, Version};
use crate::generate::Pipeline;
use crate::lint::{self, Diagnostic, Severity};
use crate::params::{preset, resolve};
use crate::render::Inputs;

/// What an update does to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Nothing to do (the templates did not change it, or already match the owner's file).
    Unchanged,
    /// The owner never touched it: replaced by the new render (or re-derived).
    Updated,
    /// Both sides changed it; the changes merged cleanly.
    Merged,
    /// Both sides changed the same part: written with diff3 markers.
    Conflict,
    /// New in the templates.
    Added,
    /// Dropped by the templates and never edited: deleted.
    Removed,
    /// Dropped by the templates but edited by the owner: kept.
    KeptEdited,
    /// The owner deleted it: it stays deleted.
    KeptDeleted,
    /// A derived file whose flow.json has conflicts: re-derived once they are resolved.
    Pending,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Unchanged => "unchanged",
            Outcome::Updated => "updated",
            Outcome::Merged => "merged",
            Outcome::Conflict => "conflict",
            Outcome::Added => "added",
            Outcome::Removed => "removed",
            Outcome::KeptEdited => "kept edited",
            Outcome::KeptDeleted => "kept deleted",
            Outcome::Pending => "pending",
        }
    }
}

/// One file of the project and what the update does to it.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: String,
    pub outcome: Outcome,
    /// Conflict regions left as markers.
    #[serde(skip_serializing_if = "is_zero")]
    pub conflicts: usize,
    /// Re-derived from flow.json and the answers rather than merged.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
    /// The owner's file now (None: absent).
    #[serde(skip)]
    pub before: Option<String>,
    /// The file after the update (None: absent).
    #[serde(skip)]
    pub after: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What `update` asks for besides the project.
#[derive(Debug, Default)]
pub struct Request<'a> {
    pub sets: &'a [String],
    pub preset: Option<&'a Path>,
    pub templates: Option<&'a Path>,
}

/// Everything an update would do, computed without writing.
#[derive(Debug)]
pub struct UpdatePlan {
    pub use_case: String,
    pub from_version: u64,
    pub to_version: u64,
    /// Every file of the project the update looked at, sorted by path.
    pub files: Vec<FileOutcome>,
    /// Findings of the full linter on the merged flow.json (empty while it has conflicts).
    pub diagnostics: Vec<Diagnostic>,
    /// The merged flow.json text the findings point into.
    pub flow_text: String,
    /// The labels on the conflict markers.
    pub labels: Labels,
    /// The writes and removals, including `.flowgen/answers.yaml` and `.flowgen/base/`.
    pub changes: Vec<Change>,
}

impl UpdatePlan {
    pub fn conflicted(&self) -> Vec<&FileOutcome> {
        self.files
            .iter()
            .filter(|f| f.outcome == Outcome::Conflict)
            .collect()
    }
    pub fn lint_errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// The derived files, re-derived on every update: `endpoint/<lang>/{contract,config}.json` and
/// `preview.html` (drawn from flow.json).
pub fn is_derived(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    matches!(
        parts.as_slice(),
        ["endpoint", _, "contract.json" | "config.json"] | ["preview.html"]
    )
}

/// Computes the update of the project in `dir` (nothing is written).
pub fn plan(dir: &Path, request: &Request<'_>) -> Result<UpdatePlan> {
    let (answers, answers_text) = Answers::read(dir)?;
    let uc = Catalog::open(request.templates, &answers.use_case)?;
    let m = &uc.manifest;
    let answers_path = dir.join(ANSWERS).display().to_string();
    let (kept, dropped) = without_undeclared(&answers, &answers_text, m)?;
    for name in &dropped {
        eprintln!(
            "note: the {} templates no longer declare `{name}`: its recorded answer is dropped",
            m.id
        );
    }
    let recorded = preset::load(&kept, m);
    if !recorded.problems.is_empty() {
        let lines = recorded.problems.iter();
        let lines = lines.map(|e| format!("{answers_path}:{}:{}: {}", e.line, e.column, e.message));
        return Err(resolve::into_error(lines.collect()));
    }
    let user_preset = match request.preset {
        None => None,
        Some(path) => {
            let label = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::io(format!("--preset {label}"), e))?;
            Some(resolve::PresetText { label, text })
        }
    };
    // Precedence: --set > --preset > the recorded answers > the locale's and manifest's defaults.
    let mut given = resolve::read(m, request.sets, user_preset);
    for (name, v) in recorded.values {
        let overridden = given.sets.contains_key(&name)
            || given.preset.values.contains_key(&name)
            || given.refused.contains(&name);
        if !overridden {
            given.preset.values.insert(name, v);
        }
    }
    let locale_values = uc.locale_defaults(&answers.locale)?;
    let values = resolve::complete(m, &given, &locale_values, None)
        .map_err(resolve::into_error)?
        .values;
    let flow_version = Version::parse(&answers.flow_version).ok_or_else(|| {
        Error::usage(format!(
            "{answers_path}: flow_version {:?} is not a Flow JSON version",
            answers.flow_version
        ))
    })?;
    let endpoint = stub::pick_language(&uc, Some(&answers.endpoint))?;
    if !uc.locales().contains(&answers.locale.as_str()) {
        return Err(Error::usage(format!(
            "{answers_path}: the {} templates have no message catalog for locale {:?} any more",
            m.id, answers.locale
        )));
    }
    let inputs = Inputs {
        values: &values,
        locale: &answers.locale,
        flow_version,
        data_api_version: &answers.data_api_version,
        endpoint,
    };
    let generation = Pipeline::new(&uc)?.run(&inputs)?;
    let theirs: BTreeMap<String, String> = generation.plan.into_iter().collect();
    let base = read_tree(&dir.join(BASE_DIR))?;

    let labels = if answers.template_version == m.template_version {
        Labels {
            yours: "yours".into(),
            base: format!("template v{} (base)", answers.template_version),
            theirs: format!("template v{} (new answers)", m.template_version),
        }
    } else {
        Labels::versions(answers.template_version, m.template_version)
    };

    let paths: BTreeSet<&String> = base.keys().chain(theirs.keys()).collect();
    let mut files = Vec::new();
    for rel in paths.iter().filter(|r| !is_derived(r)) {
        let yours = read_optional(&dir.join(rel))?;
        files.push(merge_one(
            rel,
            base.get(*rel).map(String::as_str),
            yours,
            theirs.get(*rel).map(String::as_str),
            &labels,
        ));
    }

    // The merged flow.json: linted in full, and the source of the derived files.
    let flow = files
        .iter()
        .find(|f| f.path == "flow.json" && f.after.is_some());
    let flow_conflicted = flow.is_some_and(|f| f.outcome == Outcome::Conflict);
    let flow_text = flow.and_then(|f| f.after.clone()).unwrap_or_default();
    let (diagnostics, contract) = if flow_conflicted || flow.is_none() {
        (Vec::new(), None)
    } else {
        lint_merged(&flow_text)
    };

    let mut derived_base = BTreeMap::new();
    for rel in paths.iter().filter(|r| is_derived(r)) {
        let yours = read_optional(&dir.join(rel))?;
        let fresh = match (theirs.get(*rel), &contract) {
            (None, _) => None,
            (Some(_), None) => {
                // flow.json has conflicts (or does not parse): the derived files wait for it.
                files.push(FileOutcome {
                    path: (*rel).clone(),
                    outcome: Outcome::Pending,
                    conflicts: 0,
                    derived: true,
                    after: yours.clone(),
                    before: yours,
                });
                continue;
            }
            (Some(t), Some(_)) if rel.ends_with("/config.json") => Some(t.clone()),
            (Some(_), Some(d)) if rel.as_str() == "preview.html" => Some(d.preview.clone()),
            (Some(_), Some(d)) => Some(stub::pretty(&d.contract)?),
        };
        if let Some(f) = &fresh {
            derived_base.insert((*rel).clone(), f.clone());
        }
        files.push(derive_one(rel, base.get(*rel), yours, fresh));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));

    // The changes: project files, then the new base and answers.
    let mut changes = Vec::new();
    for f in &files {
        if f.before == f.after {
            continue;
        }
        changes.push(match &f.after {
            Some(text) => Change::Write(f.path.clone(), text.clone()),
            None => Change::Remove(f.path.clone()),
        });
    }
    let mut new_base = theirs;
    new_base.extend(derived_base);
    for rel in base.keys().filter(|r| !new_base.contains_key(*r)) {
        changes.push(Change::Remove(format!("{BASE_DIR}/{rel}")));
    }
    for (rel, text) in &new_base {
        if base.get(rel) != Some(text) {
            changes.push(Change::Write(format!("{BASE_DIR}/{rel}"), text.clone()));
        }
    }
    let record = Answers {
        template_version: m.template_version,
        answers: values.clone(),
        ..answers.clone()
    };
    // A newer flowgen alone (same templates, same answers) is no change: `--check` stays green.
    let only_flowgen_moved = changes.is_empty() && record.to_yaml()? == answers_text;
    if !only_flowgen_moved {
        let now = Answers {
            flowgen_version: env!("CARGO_PKG_VERSION").to_owned(),
            ..record
        }
        .to_yaml()?;
        if now != answers_text {
            changes.push(Change::Write(ANSWERS.to_owned(), now));
        }
    }
    Ok(UpdatePlan {
        use_case: m.id.clone(),
        from_version: answers.template_version,
        to_version: m.template_version,
        files,
        diagnostics,
        flow_text,
        labels,
        changes,
    })
}

/// The answers text without the answers the manifest no longer declares (and their names). The
/// file is written by flowgen, so writing it again keeps every other line, and positions, as they are.
fn without_undeclared(
    answers: &Answers,
    text: &str,
    m: &crate::params::Manifest,
) -> Result<(String, Vec<String>)> {
    let dropped: Vec<String> = answers
        .answers
        .keys()
        .filter(|k| m.param(k).is_none())
        .cloned()
        .collect();
    if dropped.is_empty() {
        return Ok((text.to_owned(), dropped));
    }
    let mut kept = answers.clone();
    kept.answers.retain(|k, _| m.param(k).is_some());
    Ok((kept.to_yaml()?, dropped))
}

/// One ordinary file: base, yours and the new render decide its outcome.
fn merge_one(
    rel: &str,
    base: Option<&str>,
    yours: Option<String>,
    theirs: Option<&str>,
    labels: &Labels,
) -> FileOutcome {
    let mut conflicts = 0;
    let (outcome, after) = match (base, yours.as_deref(), theirs) {
        (_, None, None) => (Outcome::Unchanged, None),
        (Some(_), None, Some(_)) => (Outcome::KeptDeleted, None),
        (None, None, Some(t)) => (Outcome::Added, Some(t.to_owned())),
        (Some(b), Some(y), None) if y == b => (Outcome::Removed, None),
        (_, Some(y), None) => (Outcome::KeptEdited, Some(y.to_owned())),
        (_, Some(y), Some(t)) if y == t => (Outcome::Unchanged, Some(y.to_owned())),
        (b, Some(y), Some(_)) if Some(y) != b && merge::open_conflicts(y) > 0 => {
            // Markers of an earlier update are still there: nothing moves until they are resolved.
            conflicts = merge::open_conflicts(y);
            (Outcome::Conflict, Some(y.to_owned()))
        }
        (Some(b), Some(y), Some(t)) if y == b => (Outcome::Updated, Some(t.to_owned())),
        (Some(b), Some(y), Some(t)) if t == b => (Outcome::Unchanged, Some(y.to_owned())),
        (b, Some(y), Some(t)) => {
            let m = merge::file(rel, b.unwrap_or(""), y, t, labels);
            conflicts = m.conflicts;
            let outcome = if m.conflicts > 0 {
                Outcome::Conflict
            } else if m.text == y {
                Outcome::Unchanged
            } else {
                Outcome::Merged
            };
            (outcome, Some(m.text))
        }
    };
    FileOutcome {
        path: rel.to_owned(),
        outcome,
        conflicts,
        derived: false,
        before: yours,
        after,
    }
}

/// A derived file: the fresh derivation replaces the owner's file (deleted stays deleted).
fn derive_one(
    rel: &str,
    base: Option<&String>,
    yours: Option<String>,
    fresh: Option<String>,
) -> FileOutcome {
    let (outcome, after) = match (&yours, fresh) {
        (None, Some(_)) if base.is_some() => (Outcome::KeptDeleted, None),
        (None, Some(f)) => (Outcome::Added, Some(f)),
        (Some(y), Some(f)) if *y == f => (Outcome::Unchanged, Some(f)),
        (Some(_), Some(f)) => (Outcome::Updated, Some(f)),
        (Some(y), None) if Some(y) == base => (Outcome::Removed, None),
        (Some(y), None) => (Outcome::KeptEdited, Some(y.clone())),
        (None, None) => (Outcome::Unchanged, None),
    };
    FileOutcome {
        path: rel.to_owned(),
        outcome,
        conflicts: 0,
        derived: true,
        before: yours,
        after,
    }
}

/// What the merged flow.json derives: the endpoint's contract and the preview page.
struct FromFlow {
    contract: Contract,
    preview: String,
}

/// The full linter on the merged flow.json, and what it derives when the text parses.
fn lint_merged(text: &str) -> (Vec<Diagnostic>, Option<FromFlow>) {
    let options = lint::Options::default();
    match lint::parse(text) {
        Ok(document) => {
            let diagnostics = lint::check_document(text, &document, &options);
            // The page shows the findings at publish level, as `new` draws it.
            let publish = lint::Options {
                for_publish: true,
                ..options
            };
            let shown = lint::check_document(text, &document, &publish);
            let derived = FromFlow {
                contract: Contract::from_flow(&Flow::new(&document.root, None)),
                preview: crate::generate::preview_page(&document, &shown),
            };
            (diagnostics, Some(derived))
        }
        Err(d) => (vec![d], None),
    }
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            Error::usage(format!(
                "{} is not UTF-8 text; flowgen update merges text files only",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path.display().to_string(), e)),
    }
}

/// Every file under `root` by its `/`-separated path relative to it (empty when `root` is absent).
fn read_tree(root: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(dir.display().to_string(), e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir.display().to_string(), e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Some(text) = read_optional(&path)? {
                let rel = path.strip_prefix(root).expect("under root");
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(rel.join("/"), text);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_files_are_the_endpoint_data_files() {
        assert!(is_derived("endpoint/node/contract.json"));
        assert!(is_derived("endpoint/rust/config.json"));
        assert!(!is_derived("flow.json"));
        assert!(is_derived("preview.html"));
        assert!(!is_derived("endpoint/node/src/config.json"));
    }

    fn one(base: Option<&str>, yours: Option<&str>, theirs: Option<&str>) -> Outcome {
        merge_one(
            "README.md",
            base,
            yours.map(str::to_owned),
            theirs,
            &Labels::versions(1, 2),
        )
        .outcome
    }

    #[test]
    fn each_outcome_from_its_three_inputs() {
        let (a, b, c) = (Some("a\n"), Some("b\n"), Some("c\n"));
        assert_eq!(one(a, a, a), Outcome::Unchanged);
        assert_eq!(one(a, a, b), Outcome::Updated);
        assert_eq!(one(a, b, a), Outcome::Unchanged);
        assert_eq!(one(a, b, c), Outcome::Conflict);
        assert_eq!(one(None, None, a), Outcome::Added);
        assert_eq!(one(a, a, None), Outcome::Removed);
        assert_eq!(one(a, b, None), Outcome::KeptEdited);
        assert_eq!(one(a, None, b), Outcome::KeptDeleted);
        let merged = one(
            Some("1\n2\n3\n4\n"),
            Some("one\n2\n3\n4\n"),
            Some("1\n2\n3\nfour\n"),
        );
        assert_eq!(merged, Outcome::Merged);
    }
}
