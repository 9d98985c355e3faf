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
