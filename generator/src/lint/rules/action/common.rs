//! Helpers for the action rules: labels, data-model lookups and value/type matching.

use crate::flow::binding::{is_expression, is_single_ref, refs, Target};
use crate::flow::json::{Node, Value};
use crate::flow::{Action, Component, Flow, Screen};

/// The component that holds `action`.
pub fn component<'f, 'a>(flow: &'f Flow<'a>, action: &Action<'a>) -> Option<&'f Component<'a>> {
    flow.screens
        .get(action.screen)?
        .components
        .get(action.component)
}

/// "the on-click-action of Footer" / "an on-select-action of a Dropdown data-source item".
pub fn site_label(flow: &Flow, action: &Action) -> String {
    let kind = component(flow, action)
        .and_then(|c| c.kind)
        .unwrap_or("component");
    let prop = action.site.property();
    match action.item {
        Some(_) if kind == "NavigationList" => format!("the {prop} of a {kind} item"),
        Some(_) => format!("the {prop} of a {kind} data-source item"),
        None => format!("the {prop} of {kind}"),
    }
}

/// The screen's id for messages.
pub fn screen_name(screen: &Screen) -> String {
    screen
        .id
        .map(|id| format!("'{id}'"))
        .unwrap_or_else(|| format!("#{}", screen.index))
}

/// The declared data fields of a screen (every key of `data` except `required`).
pub fn fields<'a>(screen: &Screen<'a>) -> impl Iterator<Item = (&'a str, &'a Node<'a>)> {
    screen
        .data
        .and_then(Node::as_object)
        .unwrap_or(&[])
        .iter()
        .filter(|m| m.key != "required")
        .map(|m| (m.key.as_ref(), &m.value))
}

/// The outcome of looking up a data path in a data model.
pub enum Lookup<'a> {
    /// The schema of the path.
    Found(&'a Node<'a>),
    /// Segment number `.0` is not declared.
    Missing(usize),
    /// Cannot tell (schema without `properties`, arrays, …).
    Unknown,
}

/// Looks `path` up in a screen's data model.
pub fn lookup<'a>(screen: &Screen<'a>, path: &[&str]) -> Lookup<'a> {
    let Some((first, rest)) = path.split_first() else {
        return Lookup::Unknown;
    };
    let Some(mut schema) = screen.data_field(first) else {
        return Lookup::Missing(0);
    };
    for (i, seg) in rest.iter().enumerate() {
        if schema.get("type").and_then(Node::as_str) != Some("object") {
            return Lookup::Unknown;
        }
        let Some(props) = schema.get("properties").filter(|p| p.is_object()) else {
            return Lookup::Unknown;
        };
        match props.get(seg) {
            Some(s) => schema = s,
            None => return Lookup::Missing(i + 1),
        }
    }
    Lookup::Found(schema)
}

/// The declared `type` of a schema.
pub fn schema_type<'a>(schema: &'a Node<'a>) -> Option<&'a str> {
    schema.get("type").and_then(Node::as_str)
}

/// The data-model type a form value of this component has, when it is certain.
fn form_type(c: &Component) -> Option<&'static str> {
    match c.kind? {
        // Picker values are media handles whose shape the docs leave open (and FJ-PICKER-* rules
        // cover where they may go), so they are not type-checked.
        "CheckboxGroup" | "ChipsSelector" => Some("array"),
        "OptIn" => Some("boolean"),
        "TextArea" | "RadioButtonsGroup" | "Dropdown" | "DatePicker" => Some("string"),
        "CalendarPicker" if c.node.get("mode").and_then(Node::as_str) == Some("range") => {
            Some("object")
        }
        "CalendarPicker" => Some("string"),
        _ => None,
    }
}

/// The type of what a single `${…}` reference yields, if known.
fn ref_type<'a>(flow: &Flow<'a>, here: &Screen<'a>, target: &Target) -> Option<String> {
    let named = |screen: &Screen<'a>, name: &str| -> Option<String> {
        screen
            .components
            .iter()
            .find(|c| c.name == Some(name) && c.kind != Some("Form"))
            .and_then(form_type)
            .map(str::to_owned)
    };
    match target {
        Target::Data(path) => match lookup(here, path) {
            Lookup::Found(s) => schema_type(s).map(str::to_owned),
            _ => None,
        },
        Target::ScreenData(id, path) => match lookup(flow.screen(id)?, path) {
            Lookup::Found(s) => schema_type(s).map(str::to_owned),
            _ => None,
        },
        Target::Form(name) => named(here, name),
        Target::ScreenForm(id, name) => named(flow.screen(id)?, name),
        Target::Invalid => None,
    }
}

fn compatible(declared: &str, actual: &str) -> bool {
    declared == actual
        || matches!(
            (declared, actual),
            ("number", "integer") | ("integer", "number")
        )
}

/// Checks `value` against the field schema `schema`. `complete`: static objects must carry every
/// declared property. Returns the offending node and a description of the problem.
pub fn mismatch<'v>(
    flow: &Flow,
    here: &Screen,
    value: &'v Node<'v>,
    schema: &Node,
    complete: bool,
    depth: u8,
) -> Option<(&'v Node<'v>, String)> {
    let declared = schema_type(schema)?;
    if depth > 16 {
        return None;
    }
    let actual: String = match &value.value {
        Value::String(s) if is_expression(s) => return None,
        Value::String(s) if is_single_ref(s) => {
            let r = refs(s);
            ref_type(flow, here, &r.first()?.target)?
        }
        Value::Number(n) if n.integer => "integer".into(),
        _ => value.type_name().into(),
    };
    if !compatible(declared, &actual) {
        return Some((
            value,
            format!(
                "is {} {actual}, but the field is declared as {declared}",
                article(&actual)
            ),
        ));
    }
    match &value.value {
        Value::Object(members) => {
            let props = schema.get("properties").and_then(Node::as_object)?;
            if complete {
                let missing: Vec<&str> = props
                    .iter()
                    .map(|p| p.key.as_ref())
                    .filter(|k| !members.iter().any(|m| m.key == *k))
                    .collect();
                if !missing.is_empty() {
                    let list = missing
                        .iter()
                        .map(|k| format!("'{k}'"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Some((
                        value,
                        format!(
                            "lacks the declared propert{} {list}",
                            if missing.len() == 1 { "y" } else { "ies" }
                        ),
                    ));
                }
            }
            members.iter().find_map(|m| {
                let sub = props.iter().find(|p| p.key == m.key)?;
                mismatch(flow, here, &m.value, &sub.value, complete, depth + 1)
            })
        }
        Value::Array(items) => {
            let item_schema = schema.get("items").filter(|i| i.is_object())?;
            items
                .iter()
                .find_map(|i| mismatch(flow, here, i, item_schema, complete, depth + 1))
        }
        _ => None,
    }
}

/// "a" or "an" before a type name.
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
