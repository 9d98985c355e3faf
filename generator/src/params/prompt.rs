//! Interactive prompts generated from the declarations (dialoguer, on standard error). Enums and
//! yes/no are choice menus; `?` at a text prompt shows the parameter's help; an invalid answer is
//! re-asked with the validator's reason; Enter keeps the shown default. Lists of records are never
//! one line of JSON: keep them, edit / add / remove item by item, or open them as YAML in
//! `$VISUAL`/`$EDITOR` (a refused edit reopens the same text, nothing typed is lost).

use dialoguer::theme::SimpleTheme;
use dialoguer::{Confirm, Input, Select};
use serde_json::{Map, Value};

use super::resolve::Ask;
use super::validate::{self, Problem, Seg};
use super::{Kind, Param};
use crate::error::{Error, Result};

/// The short hint shown after a text prompt (the full constraints are behind `?`).
pub fn hint(p: &Param) -> String {
    match p.kind {
        Kind::Enum => p.choices.as_deref().unwrap_or_default().join("/"),
        Kind::Bool => "yes/no".into(),
        Kind::List => "comma-separated".into(),
        Kind::String => String::new(),
        _ => {
            let (min, max) = p.bounds();
            match (min, max) {
                (Some(a), Some(b)) => format!(
                    "{} {}–{}",
                    p.kind.name(),
                    validate::number_text(a),
                    validate::number_text(b)
                ),
                _ => p.kind.name().into(),
            }
        }
    }
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::usage(format!("prompt for `{what}` failed: {e}"))
}

/// A menu of `items`; returns the index picked.
pub fn choose(title: &str, items: &[String], default: usize) -> Result<usize> {
    Select::with_theme(&SimpleTheme)
        .with_prompt(title)
        .items(items)
        .default(default.min(items.len().saturating_sub(1)))
        .interact()
        .map_err(|e| failed(title, e))
}

/// A yes/no question.
pub fn confirm(title: &str, default: bool) -> Result<bool> {
    Confirm::with_theme(&SimpleTheme)
        .with_prompt(title)
        .default(default)
        .interact()
        .map_err(|e| failed(title, e))
}

fn help_text(p: &Param) -> String {
    let mut h = p.help.clone().unwrap_or_else(|| p.prompt.clone());
    let c = p.constraints();
    if !c.is_empty() {
        h += &format!(" [{c}]");
    }
    format!("help: {h}")
}

/// The prompts of a terminal session.
pub struct Terminal;

impl Ask for Terminal {
    fn ask(
        &mut self,
        p: &Param,
        default: Option<&Value>,
        check: &dyn Fn(&Value) -> Vec<String>,
    ) -> Result<Value> {
        if let Some(help) = &p.help {
            eprintln!("  {help}");
        }
        let title = format!("{} ({})", p.prompt, p.name);
        loop {
            let v = match p.kind {
                Kind::Enum => enum_menu(p, &title, default)?,
                Kind::Bool => Value::Bool(confirm(
                    &title,
                    default.and_then(Value::as_bool).unwrap_or(false),
                )?),
                Kind::List if p.fields.is_some() => {
                    let start = match default {
                        Some(Value::Array(a)) => a.clone(),
                        _ => Vec::new(),
                    };
                    records(p, &title, start)?
                }
                _ => return text(p, &title, default, check),
            };
            let problems = check(&v);
            if problems.is_empty() {
                return Ok(v);
            }
            for pr in problems {
                eprintln!("  refused: {pr}");
            }
        }
    }
}

fn enum_menu(p: &Param, title: &str, default: Option<&Value>) -> Result<Value> {
    let choices = p.choices.clone().unwrap_or_default();
    let at = default
        .and_then(Value::as_str)
        .and_then(|d| choices.iter().position(|c| c == d))
        .unwrap_or(0);
    let i = choose(title, &choices, at)?;
    Ok(Value::String(choices[i].clone()))
}

/// A text answer: `?` shows the help, an invalid answer (or one a cross-parameter check refuses)
/// is asked again with the reason.
fn text(
    p: &Param,
    title: &str,
    default: Option<&Value>,
    check: &dyn Fn(&Value) -> Vec<String>,
) -> Result<Value> {
    let h = hint(p);
    let shown_hint = if h.is_empty() {
        String::new()
    } else {
        format!(" [{h}]")
    };
    let mut input = Input::<String>::with_theme(&SimpleTheme)
        .with_prompt(format!("{title}{shown_hint} (? for help)"));
    if let Some(d) = default {
        input = input.default(shown(p, d)).show_default(true);
    }
    let help = help_text(p);
    let answer = input
        .validate_with(|text: &String| -> std::result::Result<(), String> {
            if text.trim() == "?" {
                return Err(help.clone());
            }
            let v = parse(p, text)?;
            let problems = check(&v);
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            }
        })
        .interact_text()
        .map_err(|e| failed(&p.name, e))?;
    parse(p, &answer).map_err(|e| Error::usage(format!("`{}`: {e}", p.name)))
}

fn parse(p: &Param, text: &str) -> std::result::Result<Value, String> {
    super::resolve::from_text(p, text).map_err(|problems| {
        problems
            .iter()
            .map(|pr| {
                let rest = validate::path_text(&pr.path[1.min(pr.path.len())..]);
                if rest.is_empty() {
                    pr.message.clone()
                } else {
                    format!("{}: {}", rest.trim_start_matches('.'), pr.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// How a value is shown as a default the user can keep or retype.
fn shown(p: &Param, v: &Value) -> String {
    match (p.kind, v) {
        (Kind::List, Value::Array(items)) if p.item.is_some() => items
            .iter()
            .map(validate::display)
            .collect::<Vec<_>>()
            .join(", "),
        _ => validate::display(v),
    }
}

/// One line per record: its fields, short.
fn summary(item: &Value) -> String {
    let Value::Object(m) = item else {
        return validate::display(item);
    };
    let parts: Vec<String> = m
        .iter()
        .map(|(k, v)| {
            let mut t = validate::display(v).replace('\n', " ");
            if t.chars().count() > 40 {
                t = t.chars().take(39).collect::<String>() + "…";
            }
            format!("{k}: {t}")
        })
        .collect();
    parts.join(", ")
}

/// The problems of a whole list (items, uniqueness, length), one line each.
fn list_problems(p: &Param, items: &[Value]) -> Vec<String> {
    let yaml = match serde_yaml::to_value(Value::Array(items.to_vec())) {
        Ok(y) => y,
        Err(e) => return vec![e.to_string()],
    };
    let mut problems: Vec<Problem> = Vec::new();
    validate::check(p, &yaml, &mut vec![Seg::Key(p.name.clone())], &mut problems);
    problems.iter().map(Problem::to_string).collect()
}

/// The list-of-records editor.
fn records(p: &Param, title: &str, mut items: Vec<Value>) -> Result<Value> {
    let mut yaml_draft: Option<String> = None;
    loop {
        eprintln!("{title}:");
        for (i, item) in items.iter().enumerate() {
            eprintln!("  {}. {}", i + 1, summary(item));
        }
        let problems = list_problems(p, &items);
        for pr in &problems {
            eprintln!("  problem: {pr}");
        }
        let keep = if problems.is_empty() {
            format!("Keep these {} items", items.len())
        } else {
            "Keep (fix the problems first)".to_owned()
        };
        let actions = [
            keep,
            "Edit an item".to_owned(),
            "Add an item".to_owned(),
            "Remove an item".to_owned(),
            "Edit the list as YAML in $EDITOR".to_owned(),
            "Help".to_owned(),
        ];
        match choose(&format!("{} ({})", p.prompt, p.name), &actions, 0)? {
            0 if problems.is_empty() => return Ok(Value::Array(items)),
            0 => {}
            1 if !items.is_empty() => {
                let names: Vec<String> = items.iter().map(summary).collect();
                let i = choose("Which item?", &names, 0)?;
                items[i] = record(p, Some(&items[i]))?;
            }
            2 => {
                let item = record(p, None)?;
                items.push(item);
            }
            3 if !items.is_empty() => {
                let names: Vec<String> = items.iter().map(summary).collect();
                let i = choose("Remove which item?", &names, 0)?;
                items.remove(i);
            }
            4 => {
                let start = match yaml_draft.take() {
                    Some(d) => d,
                    None => serde_yaml::to_string(&Value::Array(items.clone()))
                        .map_err(|e| failed(&p.name, e))?,
                };
                let edited = match edit_in_editor(&start) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("  the editor did not run ({e}); set $VISUAL or $EDITOR, or edit item by item");
                        yaml_draft = Some(start);
                        continue;
                    }
                };
                match validate::list_text(p, &edited).map(|y| {
                    let mut problems = Vec::new();
                    let v =
                        validate::check(p, &y, &mut vec![Seg::Key(p.name.clone())], &mut problems);
                    (v, problems)
                }) {
                    Ok((Some(Value::Array(new)), problems)) if problems.is_empty() => items = new,
                    Ok((_, problems)) => {
                        for pr in problems {
                            eprintln!("  refused: {pr}");
                        }
                        eprintln!("  (your text is kept: choose the editor again to fix it)");
                        yaml_draft = Some(edited);
                    }
                    Err(e) => {
                        eprintln!("  refused: {e}");
                        eprintln!("  (your text is kept: choose the editor again to fix it)");
                        yaml_draft = Some(edited);
                    }
                }
            }
            5 => eprintln!("  {}", help_text(p)),
            _ => {}
        }
    }
}

/// One record, field by field (`current` gives the defaults when editing).
fn record(p: &Param, current: Option<&Value>) -> Result<Value> {
    let mut out = Map::new();
    for f in p.fields.as_deref().unwrap_or_default() {
        let now = current.and_then(|c| c.get(&f.name)).cloned().or_else(|| {
            f.default
                .as_ref()
                .and_then(|d| validate::from_yaml(f, d).ok())
        });
        let title = format!("  {}", f.name);
        let v = match f.kind {
            Kind::Enum => enum_menu(f, &title, now.as_ref())?,
            Kind::Bool => Value::Bool(confirm(
                &title,
                now.as_ref().and_then(Value::as_bool).unwrap_or(false),
            )?),
            _ => {
                let field = Param {
                    name: f.name.clone(),
                    ..f.clone()
                };
                text(&field, &title, now.as_ref(), &|_| Vec::new())?
            }
        };
        out.insert(f.name.clone(), v);
    }
    Ok(Value::Object(out))
}

/// Opens `text` in `$VISUAL` / `$EDITOR` (vi when neither is set) and returns the saved text.
fn edit_in_editor(text: &str) -> std::io::Result<String> {
    use std::io::Write;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let mut file = tempfile::Builder::new()
        .prefix("flowgen-list-")
        .suffix(".yaml")
        .tempfile()?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(file.path())
        .status()?;
    if !status.success() {
        return Err(std::io::Error::other(format!(
            "{editor} exited with {status}"
        )));
    }
    std::fs::read_to_string(file.path())
}
