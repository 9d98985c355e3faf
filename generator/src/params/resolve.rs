//! Resolving a use case's parameter values from every source, by precedence:
//! `--set` > preset > recorded answers (`flowgen update`) > prompt > default.
//! `new` and `update` both call [`resolve`], so a value is checked by the one validator whichever
//! way it comes in (errors carry the preset's file:line:col).

use std::path::Path;

use super::{preset, prompt, validate, Manifest, Values};
use crate::error::{Error, Result};

/// Where values come from, besides the manifest's defaults.
#[derive(Debug, Default)]
pub struct Sources<'a> {
    /// `--set KEY=VALUE` arguments, as given.
    pub sets: &'a [String],
    /// `--preset FILE` (a preset, or a project's `.flowgen/answers.yaml`).
    pub preset: Option<&'a Path>,
    /// Values already validated elsewhere (the answers `update` replays).
    pub recorded: Values,
    /// Ask for values no other source gives.
    pub interactive: bool,
}

/// Reads and validates a preset file (errors carry `path:line:col`).
pub fn load_preset(path: &Path, m: &Manifest) -> Result<Values> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    preset::load(&text, m).map_err(|e| Error::Preset {
        path: path.display().to_string(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

/// Every parameter's value by precedence (see the module docs), in manifest order.
pub fn resolve(m: &Manifest, sources: &Sources<'_>) -> Result<Values> {
    let mut sets = Values::new();
    for s in sources.sets {
        let Some((key, text)) = s.split_once('=') else {
            return Err(Error::usage(format!("--set {s:?}: expected KEY=VALUE")));
        };
        let key = key.trim();
        let Some(p) = m.param(key) else {
            let mut msg = format!("--set {key}: unknown parameter for use case {}", m.id);
            if let Some(c) = m.suggest(key) {
                msg += &format!("; did you mean `{c}`?");
            } else {
                msg += " (see `flowgen params ";
                msg += &m.id;
                msg += "`)";
            }
            return Err(Error::usage(msg));
        };
        let v =
            validate::from_text(p, text).map_err(|e| Error::usage(format!("--set {key}: {e}")))?;
        sets.insert(key.to_owned(), v);
    }
    let from_preset = match sources.preset {
        None => Values::new(),
        Some(path) => load_preset(path, m)?,
    };
    let mut values = Values::new();
    let mut missing = Vec::new();
    for p in &m.parameters {
        let default = match &p.default {
            Some(d) => Some(validate::from_yaml(p, d).map_err(Error::Template)?),
            None => None,
        };
        let given = [&sets, &from_preset, &sources.recorded]
            .into_iter()
            .find_map(|source| source.get(&p.name));
        let v = if let Some(v) = given {
            v.clone()
        } else if sources.interactive {
            prompt::ask(p, default.as_ref())?
        } else if let Some(d) = default {
            d
        } else {
            missing.push(p);
            continue;
        };
        values.insert(p.name.clone(), v);
    }
    if !missing.is_empty() {
        let lines: Vec<String> = missing
            .iter()
            .map(|p| {
                format!(
                    "  `{}` ({}): pass --set {}=VALUE or add `{}:` to the preset",
                    p.name, p.prompt, p.name, p.name
                )
            })
            .collect();
        return Err(Error::usage(format!(
            "{} required parameter(s) have no value in no-input mode:\n{}",
            missing.len(),
            lines.join("\n")
        )));
    }
    Ok(values)
}
