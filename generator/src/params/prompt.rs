//! Interactive prompts generated from the declarations (dialoguer). An invalid answer is re-asked
//! with the validator's reason; pressing Enter keeps the shown default.

use dialoguer::theme::SimpleTheme;
use dialoguer::Input;
use serde_json::Value;

use super::validate;
use super::{Kind, Param};
use crate::error::{Error, Result};

/// The hint shown after the prompt text: type and constraints.
pub fn hint(p: &Param) -> String {
    match p.kind {
        Kind::Enum => p.choices.as_deref().unwrap_or_default().join("/"),
        Kind::Bool => "yes/no".into(),
        Kind::List => format!("YAML/JSON list; {}", p.constraints()),
        _ => {
            let c = p.constraints();
            if c.is_empty() {
                p.kind.name().into()
            } else {
                format!("{}, {c}", p.kind.name())
            }
        }
    }
}

/// Asks for one parameter until the answer is valid.
pub fn ask(p: &Param, default: Option<&Value>) -> Result<Value> {
    if let Some(help) = &p.help {
        eprintln!("  {help}");
    }
    let mut input = Input::<String>::with_theme(&SimpleTheme).with_prompt(format!(
        "{} ({}) [{}]",
        p.prompt,
        p.name,
        hint(p)
    ));
    if let Some(d) = default {
        input = input.default(validate::display(d)).show_default(true);
    }
    let answer = input
        .validate_with(|text: &String| -> std::result::Result<(), String> {
            validate::from_text(p, text).map(|_| ())
        })
        .interact_text()
        .map_err(|e| Error::usage(format!("prompt for `{}` failed: {e}", p.name)))?;
    validate::from_text(p, &answer).map_err(|e| Error::usage(format!("`{}`: {e}", p.name)))
}
