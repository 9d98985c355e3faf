//! Journey files: a user's way through a Flow as `flowgen check-endpoint --journey` replays it.
//! A journey is a list of steps (the request's action, screen and payload, or a device-side
//! navigation) with optional expectations on each answer. The format is YAML; its JSON Schema is
//! [`schema`] (`flowgen schema journey`). Use cases ship theirs under `templates/<uc>/journeys/`.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::catalog::UseCase;
use crate::error::{Error, Result};

/// One journey file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Shown in the report (default: the file name).
    pub name: Option<String>,
    /// What the journey shows, for readers.
    pub description: Option<String>,
    /// The preset (file stem under `presets/<use-case>/`) whose figures the expectations hold;
    /// absent when the journey holds for any parameters.
    pub preset: Option<String>,
    /// The locale the expected texts are in (with `preset`).
    pub locale: Option<String>,
    /// The flow token every request carries (default: a fresh one per journey).
    pub flow_token: Option<String>,
    pub steps: Vec<Step>,
}

/// One step: a request to the endpoint, or (with `navigate`) a move the device makes alone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Shown in the report.
    pub label: Option<String>,
    /// `INIT`, `BACK`, `data_exchange` (the default) or `ping`.
    pub action: Option<String>,
    /// A `navigate` action on the device: no request, the routing model must allow it.
    pub navigate: Option<String>,
    /// The screen the request names (default: the screen the journey is on).
    pub screen: Option<String>,
    /// This request's flow token instead of the journey's.
    pub flow_token: Option<String>,
    /// The request's `data`.
    pub payload: Option<Map<String, Value>>,
    pub expect: Option<Expect>,
}

/// What the answer must be, beyond the checks every answer gets.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The HTTP status (default 200).
    pub status: Option<u16>,
    /// The screen answered.
    pub screen: Option<String>,
    /// Values in the answer's `data`: a field name, or a JSON pointer into `data` (`/amounts/0/id`).
    pub data: Option<Map<String, Value>>,
    /// `true`: `data.error_message` present; `false`: absent; a string: exactly this text.
    pub error_message: Option<ErrorMessage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ErrorMessage {
    Present(bool),
    Text(String),
}

impl Step {
    /// The request's action (`data_exchange` unless named).
    pub fn action(&self) -> &str {
        self.action.as_deref().unwrap_or("data_exchange")
    }
}

/// The journeys a generated project carries (`journeys/<file>.yaml`): the use case's journeys
/// that hold for any parameters. Those with a `preset` check that preset's figures and stay in
/// the template, where flowgen's own tests replay them.
pub fn project_files(uc: &UseCase) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (rel, text) in &uc.files {
        let Some(name) = rel.strip_prefix("journeys/") else {
            continue;
        };
        if !name.ends_with(".yaml") || name.contains('/') {
            continue;
        }
        let journey = parse(&uc.label(rel), text)?;
        if journey.preset.is_none() {
            out.push((rel.clone(), text.to_string()));
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a journey file; errors name the file, line and column.
pub fn load(path: &str) -> Result<Journey> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, &text)
}

/// Parses journey YAML (`path` is only used in messages).
pub fn parse(path: &str, text: &str) -> Result<Journey> {
    let journey: Journey = serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        Error::Preset {
            path: path.to_owned(),
            line,
            column,
            message: format!(
                "{} (see `flowgen schema journey`)",
                e.to_string().split(" at line ").next().unwrap_or_default()
            ),
        }
    })?;
    for (i, step) in journey.steps.iter().enumerate() {
        let at = |m: String| Error::usage(format!("{path}: step {}: {m}", i + 1));
        if step.navigate.is_some() && (step.action.is_some() || step.payload.is_some()) {
            return Err(at(
                "`navigate` is a move on the device: it takes no `action` or `payload`".into(),
            ));
        }
        if !["INIT", "BACK", "data_exchange", "ping"].contains(&step.action()) {
            return Err(at(format!(
                "action {:?}: use INIT, BACK, data_exchange or ping",
                step.action()
            )));
        }
    }
    Ok(journey)
}

/// The JSON Schema (draft 2020-12) of journey files.
pub fn schema() -> Value {
    let value = json!({});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "flowgen check-endpoint journey",
        "description": "A user's way through a Flow: requests to the endpoint (and device-side navigations) with expectations on each answer.",
        "type": "object",
        "additionalProperties": false,
        "required": ["steps"],
        "properties": {
            "name": {"type": "string", "description": "Shown in the report (default: the file name)."},
            "description": {"type": "string"},
            "preset": {"type": "string", "description": "The preset whose figures the expectations hold (absent: holds for any parameters)."},
            "locale": {"type": "string", "description": "The locale of the expected texts."},
            "flow_token": {"type": "string", "description": "The flow token of every request (default: a fresh one)."},
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "label": {"type": "string"},
                        "action": {"enum": ["INIT", "BACK", "data_exchange", "ping"], "default": "data_exchange"},
                        "navigate": {"type": "string", "description": "A navigate action on the device: no request; the routing model must allow it."},
                        "screen": {"type": "string", "description": "The screen the request names (default: the current screen)."},
                        "flow_token": {"type": "string"},
                        "payload": {"type": "object", "description": "The request's data (form values as the Flow sends them)."},
                        "expect": {
                            "type": "object",
                            "additionalProperties": false,
                            "properties": {
                                "status": {"type": "integer", "default": 200},
                                "screen": {"type": "string"},
                                "data": {
                                    "type": "object",
                                    "description": "Expected values: a field name, or a JSON pointer into data (/amounts/0/id).",
                                    "additionalProperties": value
                                },
                                "error_message": {
                                    "description": "true: present; false: absent; a string: exactly this text.",
                                    "type": ["boolean", "string"]
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_steps_and_expectations() {
        let j = parse(
            "j.yaml",
            "name: t\nsteps:\n  - action: INIT\n    expect: {screen: A, data: {x: 1, /y/0: b}, error_message: false}\n  - navigate: B\n  - payload: {intent: go}\n    expect: {error_message: Oops}\n",
        )
        .unwrap();
        assert_eq!(j.steps.len(), 3);
        assert_eq!(j.steps[0].action(), "INIT");
        assert_eq!(j.steps[2].action(), "data_exchange");
        assert!(matches!(
            j.steps[2].expect.as_ref().unwrap().error_message,
            Some(ErrorMessage::Text(_))
        ));
    }

    #[test]
    fn refuses_unknown_keys_with_a_position() {
        let e = parse("j.yaml", "steps:\n  - acton: INIT\n").unwrap_err();
        assert!(e.to_string().starts_with("j.yaml:2:"), "{e}");
        let e = parse("j.yaml", "steps:\n  - action: NEXT\n").unwrap_err();
        assert!(e.to_string().contains("step 1"), "{e}");
    }
}
