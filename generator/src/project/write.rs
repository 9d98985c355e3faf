//! Moving a staged project into place. A missing target gets the whole staging directory renamed
//! onto it (one atomic step); into an existing directory (empty, only `.git`, or with `--force`),
//! each file is moved by its own rename, so every file is either the old one or the new one.
//! A single file outside a project (a key) is written the same way: temp file, then rename.

use std::io::Write;
use std::path::Path;

use super::stage::Staged;
use crate::error::{Error, Result};

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Created,
    Identical,
    Overwritten,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Created => "created",
            Verdict::Identical => "identical",
            Verdict::Overwritten => "overwritten",
        }
    }
}

/// Whether `dir` exists and holds anything besides a `.git` (a fresh `git init` counts as empty).
pub fn is_non_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).any(|e| e.file_name() != ".git"))
        .unwrap_or(false)
}

/// Refuses a target that is a file, or a non-empty directory without `--force`.
pub fn guard(target: &Path, force: bool) -> Result<()> {
    if target.exists() && !target.is_dir() {
        return Err(Error::usage(format!(
            "{} exists and is not a directory",
            target.display()
        )));
    }
    if is_non_empty_dir(target) && !force {
        return Err(Error::usage(format!(
            "{} is not empty; choose another directory or pass --force to overwrite the generated files in it",
            target.display()
        )));
    }
    Ok(())
}

/// The files of `files` that exist in `target` with other contents (what `--force` replaces).
pub fn overwritten(target: &Path, files: &[(String, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(rel, text)| {
            std::fs::read(target.join(rel)).is_ok_and(|old| old != text.as_bytes())
        })
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// Moves the staged files into `target`; returns each file with its verdict.
pub fn commit(staged: Staged, target: &Path) -> Result<Vec<(String, Verdict)>> {
    let display = target.display().to_string();
    // A missing target gets the staging directory renamed onto it. An existing one (`.`, a fresh
    // `git init`) is never removed and replaced: a shell may sit in it. Its files move one by one.
    if !target.exists() {
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(parent.display().to_string(), e))?;
        }
        let files = staged.files.clone();
        let dir = staged.dir.keep();
        if let Err(e) = std::fs::rename(&dir, target) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(Error::io(display, e));
        }
        return Ok(files.into_iter().map(|f| (f, Verdict::Created)).collect());
    }
    let mut verdicts = Vec::new();
    for rel in &staged.files {
        let from = staged.dir.path().join(rel);
        let to = target.join(rel);
        let new = std::fs::read(&from).map_err(|e| Error::io(from.display().to_string(), e))?;
        let verdict = match std::fs::read(&to) {
            Ok(old) if old == new => Verdict::Identical,
            Ok(_) => Verdict::Overwritten,
            Err(_) => Verdict::Created,
        };
        if verdict != Verdict::Identical {
            if let Some(p) = to.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io(p.display().to_string(), e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| Error::io(to.display().to_string(), e))?;
        }
        verdicts.push((rel.clone(), verdict));
    }
    Ok(verdicts)
}

/// Writes one file through a temporary file in its directory (created with `mode` on Unix, synced),
/// then renames it into place: readers see the old file or the whole new one.
pub fn write_file_atomic(path: &Path, text: &str, mode: u32) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let label = path.display().to_string();
    let io = |e| Error::io(label.clone(), e);
    let mut tmp = tempfile::Builder::new()
        .prefix(".flowgen-")
        .tempfile_in(dir)
        .map_err(io)?;
    set_mode(tmp.as_file(), mode).map_err(io)?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &std::fs::File, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// One change to an existing project, by path relative to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Write(String, String),
    Remove(String),
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Write(p, _) | Change::Remove(p) => p,
        }
    }
}

/// What [`apply_all`] has done so far, undone in reverse on failure.
enum Step {
    /// The old file moved into the backup directory.
    MovedAside(String),
    /// The new file renamed into place.
    Placed(String),
    /// A directory created for a new file.
    CreatedDir(std::path::PathBuf),
}

/// Applies every change or none: each new file is staged first (under `.flowgen/`, so on the same
/// filesystem as the project); then every old file is moved aside into a backup directory and the
/// new one renamed in. On any error, every step taken is undone in reverse (new files removed, old
/// files moved back, created directories removed), so the project is byte for byte as it was.
pub fn apply_all(project: &Path, changes: &[Change]) -> Result<()> {
    let scratch_parent = project.join(".flowgen");
    std::fs::create_dir_all(&scratch_parent)
        .map_err(|e| Error::io(scratch_parent.display().to_string(), e))?;
    let scratch = |prefix: &str| {
        tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(&scratch_parent)
            .map_err(|e| Error::io(scratch_parent.display().to_string(), e))
    };
    refuse_interrupted(&scratch_parent)?;
    let staging = scratch(".staging-")?;
    let backup = scratch(".backup-")?;
    for change in changes {
        if let Change::Write(rel, text) = change {
            let path = staging.path().join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io(p.display().to_string(), e))?;
            }
            std::fs::write(&path, text).map_err(|e| Error::io(path.display().to_string(), e))?;
        }
    }
    let mut steps = Vec::new();
    let result = move_into_place(project, changes, staging.path(), backup.path(), &mut steps);
    if let Err(e) = result {
        return Err(match roll_back(project, backup.path(), steps) {
            Ok(()) => e,
            Err(why) => Error::usage(format!(
                "{e}; and undoing the partial update failed ({why}): the old files are in {}",
                backup.keep().display()
            )),
        });
    }
    for change in changes {
        if let Change::Remove(rel) = change {
            remove_empty_parents(project, rel);
        }
    }
    Ok(())
}

/// A backup folder left by an update that was killed midway holds the old files it had replaced:
/// nothing more is written until the owner has looked at it (empty ones are just removed).
fn refuse_interrupted(scratch_parent: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(scratch_parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(".backup-") {
            continue;
        }
        if std::fs::remove_dir(entry.path()).is_err() {
            return Err(Error::usage(format!(
                "an earlier update of this project was interrupted: {} holds the old versions of \
                 the files it had replaced (same paths). Move them back to undo it, or delete the \
                 folder to keep what was written, then run the update again",
                entry.path().display()
            )));
        }
    }
    Ok(())
}

fn move_into_place(
    project: &Path,
    changes: &[Change],
    staging: &Path,
    backup: &Path,
    steps: &mut Vec<Step>,
) -> Result<()> {
    let mut renames = 0usize;
    let fail_after = injected_failure();
    let mut rename = |from: &Path, to: &Path| -> Result<()> {
        if fail_after == Some(renames) {
            return Err(Error::io(
                to.display().to_string(),
                std::io::Error::other("injected failure (FLOWGEN_FAIL_AFTER_RENAMES)"),
            ));
        }
        std::fs::rename(from, to).map_err(|e| Error::io(to.display().to_string(), e))?;
        renames += 1;
        Ok(())
    };
    for change in changes {
        let rel = change.path();
        let target = project.join(rel);
        if target.exists() {
            let aside = backup.join(rel);
            if let Some(p) = aside.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io(p.display().to_string(), e))?;
            }
            rename(&target, &aside)?;
            steps.push(Step::MovedAside(rel.to_owned()));
        }
        if let Change::Write(..) = change {
            if let Some(parent) = target.parent() {
                let mut missing = Vec::new();
                let mut cur = Some(parent);
                while let Some(d) = cur.filter(|d| !d.exists()) {
                    missing.push(d.to_path_buf());
                    cur = d.parent();
                }
                for d in missing.into_iter().rev() {
                    std::fs::create_dir(&d).map_err(|e| Error::io(d.display().to_string(), e))?;
                    steps.push(Step::CreatedDir(d));
                }
            }
            rename(&staging.join(rel), &target)?;
            steps.push(Step::Placed(rel.to_owned()));
        }
    }
    Ok(())
}

/// `FLOWGEN_FAIL_AFTER_RENAMES=N` makes the (N+1)th rename fail: debug builds only, for the tests.
fn injected_failure() -> Option<usize> {
    if cfg!(debug_assertions) {
        std::env::var("FLOWGEN_FAIL_AFTER_RENAMES")
            .ok()
            .and_then(|v| v.parse().ok())
    } else {
        None
    }
}

fn roll_back(project: &Path, backup: &Path, steps: Vec<Step>) -> std::result::Result<(), String> {
    let mut problems = Vec::new();
    for step in steps.into_iter().rev() {
        let done = match &step {
            Step::Placed(rel) => std::fs::remove_file(project.join(rel)),
            Step::MovedAside(rel) => std::fs::rename(backup.join(rel), project.join(rel)),
            Step::CreatedDir(d) => std::fs::remove_dir(d),
        };
        if let Err(e) = done {
            problems.push(e.to_string());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// After a file was removed, its directories that are now empty go too (up to the project).
fn remove_empty_parents(project: &Path, rel: &str) {
    let mut cur = Path::new(rel).parent();
    while let Some(d) = cur.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(project.join(d)).is_err() {
            break;
        }
        cur = d.parent();
    }
}
