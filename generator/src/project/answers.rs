//! `.flowgen/answers.yaml`: the replayable record of a generation (use case, template version,
//! every answer, locale, Flow version, Data API, endpoint language). `new` writes it, `update`
//! reads it and writes the new state; it is also accepted as `--preset` (see `params::preset`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ANSWERS;
use crate::error::{Error, Result};
use crate::params::Values;

/// The first line of every answers file.
const HEADER: &str = "# Written by flowgen: what `flowgen update` replays. Do not edit by hand.\n";

/// Unknown keys are ignored when read (a newer flowgen may record more), and not written back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub use_case: String,
    pub template_version: u64,
    pub flowgen_version: String,
    pub locale: String,
    pub flow_version: String,
    pub data_api_version: String,
    pub endpoint: String,
    pub answers: Values,
}

impl Answers {
    /// The file's text: the header comment, then the fields in declaration order.
    pub fn to_yaml(&self) -> Result<String> {
        let body = serde_yaml::to_string(self).map_err(|e| Error::usage(e.to_string()))?;
        Ok(format!("{HEADER}{body}"))
    }

    /// Reads `DIR/.flowgen/answers.yaml`; returns the record and the file's text (whose values
    /// the caller validates against the manifest, with positions).
    pub fn read(project: &Path) -> Result<(Answers, String)> {
        let path = project.join(ANSWERS);
        let label = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::usage(format!(
                    "{label} not found: {} is not a flowgen project (create one with `flowgen new`)",
                    project.display()
                ))
            } else {
                Error::io(label.clone(), e)
            }
        })?;
        let answers = serde_yaml::from_str(&text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            Error::Preset {
                path: label.clone(),
                line,
                column,
                message: format!("{e}; restore it from version control (it is written by flowgen)"),
            }
        })?;
        Ok((answers, text))
    }
}

/// Whether `dir` holds a flowgen project (its answers file).
pub fn is_project(dir: &Path) -> bool {
    dir.join(ANSWERS).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preset_loader_knows_every_header_key() {
        let a = Answers {
            use_case: "x".into(),
            template_version: 1,
            flowgen_version: "0".into(),
            locale: "en_US".into(),
            flow_version: "7.3".into(),
            data_api_version: "4.0".into(),
            endpoint: "none".into(),
            answers: Values::new(),
        };
        let v: serde_yaml::Mapping = serde_yaml::from_str(&a.to_yaml().unwrap()).unwrap();
        for key in v.keys().filter_map(|k| k.as_str()) {
            let known = crate::params::preset::ANSWERS_HEADER.contains(&key)
                || crate::params::STRUCTURE_KEYS.contains(&key)
                || key == "data_api_version"
                || key == "answers";
            assert!(
                known,
                "`{key}` of answers.yaml is unknown to the preset loader"
            );
        }
    }
}
