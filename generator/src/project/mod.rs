//! Everything that touches the user's disk: the non-empty-directory guard, staging every file in a
//! temporary directory beside the target, then moving it into place (atomic renames), plus
//! `.flowgen/answers.yaml` and the pristine `.flowgen/base/` copy a future `update` merges against.

pub mod answers;
pub mod derived;
pub mod merge;
pub mod stage;
pub mod update;
pub mod write;

/// The pristine copies of generated files live here, relative to the project.
pub const BASE_DIR: &str = ".flowgen/base";
/// The replayable answers, relative to the project.
pub const ANSWERS: &str = ".flowgen/answers.yaml";

/// Adds `.flowgen/answers.yaml` and `.flowgen/base/<file>` for every generated file.
pub fn with_metadata(files: Vec<(String, String)>, answers_yaml: String) -> Vec<(String, String)> {
    let mut out = files.clone();
    out.push((ANSWERS.to_owned(), answers_yaml));
    for (rel, text) in files {
        out.push((format!("{BASE_DIR}/{rel}"), text));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
