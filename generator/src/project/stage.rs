//! Staging: every file is written into a fresh temporary directory created beside the target (same
//! filesystem, so the final move is a rename). Dropping a [`Staged`] removes it.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A staging directory holding a complete rendering of the project.
#[derive(Debug)]
pub struct Staged {
    pub dir: tempfile::TempDir,
    pub files: Vec<String>,
}

/// The closest ancestor of `target` that exists (where the staging directory is created).
pub fn existing_ancestor(target: &Path) -> PathBuf {
    let abs = if target.is_absolute() {
        target.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(target))
            .unwrap_or_else(|_| target.to_path_buf())
    };
    let mut cur = abs.parent().map(Path::to_path_buf);
    while let Some(p) = cur {
        if p.is_dir() {
            return p;
        }
        cur = p.parent().map(Path::to_path_buf);
    }
    PathBuf::from(".")
}

/// Writes every file into a new staging directory next to `target`.
pub fn stage(target: &Path, files: &[(String, String)]) -> Result<Staged> {
    let parent = existing_ancestor(target);
    let dir = tempfile::Builder::new()
        .prefix(".flowgen-staging-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(parent.display().to_string(), e))?;
    let mut names = Vec::new();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p.display().to_string(), e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(path.display().to_string(), e))?;
        names.push(rel.clone());
    }
    Ok(Staged { dir, files: names })
}
