//! `.flowgen/published.yaml`: which Flow each environment put on Meta — WABA id, Flow id and the
//! ids it replaced, the SHA-256 of the last uploaded flow.json, the status and endpoint URI last
//! seen. Meant to be committed, so every machine (and CI) publishes to the same Flow; written
//! atomically, keys in a stable order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const HEADER: &str = "# Written by `flowgen publish`: the Flow each environment publishes to. Commit this file;\n# edit it only to forget an environment (delete its entry).\n";

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub environments: BTreeMap<String, Environment>,
}

/// What one environment (`--env`) published.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    pub waba_id: String,
    pub flow_id: String,
    pub name: String,
    /// Older Flow ids this one replaced (a clone after Meta refused an edit), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predecessors: Vec<String>,
    /// SHA-256 (hex) of the flow.json bytes last uploaded without validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_uploaded_sha256: Option<String>,
    /// The status last seen or set: DRAFT, PUBLISHED, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
}

impl State {
    /// Reads the file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<State> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => return Err(Error::io(path.display().to_string(), e)),
        };
        serde_yaml::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            Error::usage(format!(
                "{}{at}: not a published-state file ({e}); fix it, or delete the environment's entry to look the Flow up by name again",
                path.display()
            ))
        })
    }

    /// The YAML text, with a header saying what the file is.
    pub fn to_yaml(&self) -> String {
        let body = serde_yaml::to_string(self).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    /// Writes the file atomically, creating `.flowgen/` when needed.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        }
        let text = self.to_yaml();
        if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
            return Ok(());
        }
        crate::project::write::write_file_atomic(path, &text, 0o644)
    }
}

/// Where the state of the Flow in `flow_file` lives: `.flowgen/published.yaml` beside a file named
/// `flow.json` (a generated project), `.flowgen/published-<stem>.yaml` beside any other, so two
/// Flows in one folder never share ids.
pub fn path_for(flow_file: &Path) -> PathBuf {
    let dir = flow_file.parent().unwrap_or(Path::new(""));
    let stem = flow_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if flow_file.file_name().is_some_and(|n| n == "flow.json") {
        "published.yaml".to_owned()
    } else {
        format!("published-{stem}.yaml")
    };
    dir.join(".flowgen").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_stable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".flowgen/published.yaml");
        assert_eq!(State::load(&path).unwrap(), State::default());
        let mut s = State::default();
        s.environments.insert(
            "prod".into(),
            Environment {
                waba_id: "1".into(),
                flow_id: "3".into(),
                name: "Acme loan-offer".into(),
                predecessors: vec!["2".into()],
                last_uploaded_sha256: Some("ab".into()),
                status: Some("PUBLISHED".into()),
                endpoint_uri: None,
            },
        );
        s.environments
            .insert("default".into(), Environment::default());
        s.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Written by `flowgen publish`"));
        assert!(text.find("default:").unwrap() < text.find("prod:").unwrap());
        assert_eq!(State::load(&path).unwrap(), s);
    }

    #[test]
    fn a_broken_file_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.yaml");
        std::fs::write(&path, "environments:\n  default: [1, 2\n").unwrap();
        let e = State::load(&path).unwrap_err().to_string();
        assert!(e.contains("p.yaml:"), "{e}");
    }

    #[test]
    fn state_sits_beside_the_flow() {
        assert_eq!(
            path_for(Path::new("p/flow.json")),
            Path::new("p/.flowgen/published.yaml")
        );
        assert_eq!(
            path_for(Path::new("p/signup.json")),
            Path::new("p/.flowgen/published-signup.yaml")
        );
    }
}
